/* zona-plan-json.h: a plan's JSON interchange form, both ways
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The format is described member by member in docs/json-format.md.
 */
#pragma once

#include "zona-store.h"

G_BEGIN_DECLS

#define ZONA_PLAN_JSON_ERROR (zona_plan_json_error_quark ())

/* The version zona_plan_json_dump() writes; the loader also reads version 1. */
#define ZONA_PLAN_JSON_VERSION 2

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

/* The whole plan as JSON (format version 2), pretty-printed with a 2-space
 * indent and a final newline. The same plan always gives the same text. */
char      *zona_plan_json_dump        (ZonaStore   *store,
                                       GError     **error);

G_END_DECLS
