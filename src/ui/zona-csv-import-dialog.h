/* zona-csv-import-dialog.h: look at a CSV file before it becomes a table
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "model/zona-store.h"
#include "model/zona-csv.h"

G_BEGIN_DECLS

#define ZONA_TYPE_CSV_IMPORT_DIALOG (zona_csv_import_dialog_get_type ())
G_DECLARE_FINAL_TYPE (ZonaCsvImportDialog, zona_csv_import_dialog, ZONA, CSV_IMPORT_DIALOG,
                      AdwMessageDialog)

/* Reads @file at once (files over ZONA_CSV_MAX_BYTES are refused on their size)
 * and shows its first rows, the separator, encoding and header found, or why it
 * cannot be imported. "Import" creates the table and emits ::imported. */
GtkWidget            *zona_csv_import_dialog_new            (GtkWindow            *parent,
                                                             ZonaStore            *store,
                                                             GFile                *file);
/* The same for bytes already in memory; @name gives the default title. */
GtkWidget            *zona_csv_import_dialog_new_for_bytes  (GtkWindow            *parent,
                                                             ZonaStore            *store,
                                                             const char           *name,
                                                             GBytes               *bytes);
/* NULL when the file cannot be imported. */
const ZonaCsvPreview *zona_csv_import_dialog_get_preview    (ZonaCsvImportDialog  *self);
/* What the "Import" response does: creates the table (one undo step), emits
 * ::imported and returns its id; 0 with @error set on failure. */
gint64                zona_csv_import_dialog_import         (ZonaCsvImportDialog  *self,
                                                             GError              **error);

G_END_DECLS
