/* zona-sample.h: the embedded sample plan
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean  zona_sample_write         (const char  *dest_path,
                                     GError     **error);
char     *zona_sample_working_copy  (GError     **error);

G_END_DECLS
