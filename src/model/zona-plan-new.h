/* zona-plan-new.h: a new, empty plan laid out by its cycle's template
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "zona-store.h"

G_BEGIN_DECLS

ZonaStore *zona_plan_new (const char  *path,
                          const char  *template_id,
                          const char  *title,
                          GError     **error);

G_END_DECLS
