/* zona-cli.h: command-line verbs (sample, export, load, dump, check)
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean zona_cli_is_command (const char *arg);
int      zona_cli_run        (int         argc,
                              char      **argv);

G_END_DECLS
