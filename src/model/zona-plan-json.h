/* zona-plan-json.h: build a plan from its JSON interchange form
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "zona-store.h"

G_BEGIN_DECLS

#define ZONA_PLAN_JSON_ERROR (zona_plan_json_error_quark ())

typedef enum {
  ZONA_PLAN_JSON_ERROR_SYNTAX,
  ZONA_PLAN_JSON_ERROR_INVALID,
} ZonaPlanJsonError;

GQuark     zona_plan_json_error_quark (void);

ZonaStore *zona_plan_json_load_data   (const char  *data,
                                       gssize       len,
                                       const char  *dest_path,
                                       GError     **error);
ZonaStore *zona_plan_json_load_file   (const char  *json_path,
                                       const char  *dest_path,
                                       GError     **error);

G_END_DECLS
