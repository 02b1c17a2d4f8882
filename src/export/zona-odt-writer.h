/* zona-odt-writer.h: export a plan as an ODF text document (.odt)
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "model/zona-store.h"

G_BEGIN_DECLS

#define ZONA_EXPORT_ERROR (zona_export_error_quark ())

typedef enum {
  ZONA_EXPORT_ERROR_FAILED,
  ZONA_EXPORT_ERROR_TEMPLATE,     /* the plan's template could not be loaded */
  ZONA_EXPORT_ERROR_WRITE,        /* the target could not be written */
} ZonaExportError;

GQuark   zona_export_error_quark (void);

/* Writes @dest_path through a temporary file in the same folder, renamed into
 * place only when complete: an earlier file at @dest_path survives any failure. */
gboolean zona_odt_export         (ZonaStore     *store,
                                  const char    *dest_path,
                                  GCancellable  *cancellable,
                                  GError       **error);

/* With @house_template (an .ott), its page layout, master pages and styles
 * are used; styles it lacks come from Zona's. */
gboolean zona_odt_export_full    (ZonaStore     *store,
                                  const char    *dest_path,
                                  const char    *house_template,
                                  GCancellable  *cancellable,
                                  GError       **error);

/* Called from the exporting thread with the fraction done, 0 to 1. */
typedef void (*ZonaExportProgress) (double   fraction,
                                    gpointer user_data);

gboolean zona_odt_export_with_progress (ZonaStore          *store,
                                        const char         *dest_path,
                                        const char         *house_template,
                                        ZonaExportProgress  progress,
                                        gpointer            progress_data,
                                        GCancellable       *cancellable,
                                        GError            **error);

G_END_DECLS
