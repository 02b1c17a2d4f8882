/* zona-value.h: field values as stored, checked and shown
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "templates/zona-template.h"

G_BEGIN_DECLS

#define ZONA_VALUE_ERROR (zona_value_error_quark ())

typedef enum {
  ZONA_VALUE_ERROR_OUT_OF_RANGE,
} ZonaValueError;

GQuark    zona_value_error_quark   (void);

gboolean  zona_value_parse_percentage (const char  *text,
                                       int         *out);
gboolean  zona_value_parse_number  (const char       *text,
                                    double           *out);
char     *zona_value_normalize     (const ZonaField  *field,
                                    const char       *text,
                                    GError          **error);
char     *zona_value_format        (const ZonaField  *field,
                                    const char       *value);

G_END_DECLS
