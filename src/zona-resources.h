/* zona-resources.h: make sure the bundled resources are registered
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void zona_core_resources_ensure (void);

G_END_DECLS
