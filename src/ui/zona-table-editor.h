/* zona-table-editor.h: the editor of one data table
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "model/zona-store.h"

G_BEGIN_DECLS

#define ZONA_TYPE_TABLE_EDITOR (zona_table_editor_get_type ())
G_DECLARE_FINAL_TYPE (ZonaTableEditor, zona_table_editor, ZONA, TABLE_EDITOR, AdwBin)

/* Signals:
 *   ::table-imported (gint64 table_id): "Import CSV…" created a new table; the
 *     window may show it. The editor itself stays on its own table. */

GtkWidget *zona_table_editor_new            (ZonaStore        *store,
                                             gint64            table_id);
gint64     zona_table_editor_get_table_id   (ZonaTableEditor  *self);

/* The cell the toolbar and Ctrl+V act on, as 0-based row and column positions;
 * FALSE when there is none. */
gboolean   zona_table_editor_get_cursor     (ZonaTableEditor  *self,
                                             guint            *row,
                                             guint            *column);
/* Moves the cursor there and gives the cell the keyboard focus. */
gboolean   zona_table_editor_set_cursor     (ZonaTableEditor  *self,
                                             guint             row,
                                             guint             column);

/* What Ctrl+V does once the clipboard is read: pastes TAB-separated text with
 * its top left cell at the cursor (at the end of the table when there is no
 * cursor), in one undo step. */
gboolean   zona_table_editor_paste_text     (ZonaTableEditor  *self,
                                             const char       *text,
                                             GError          **error);

/* Test hook: the editable (a GtkEditableLabel) showing a cell, or NULL when
 * that row is not on screen. Editing it commits with zona_plan_data_set_cell. */
GtkWidget *zona_table_editor_get_cell_widget (ZonaTableEditor *self,
                                              guint            row,
                                              guint            column);
/* Test hook: the preview dialog "Import CSV…" opens after the file chooser. */
GtkWidget *zona_table_editor_open_import    (ZonaTableEditor  *self,
                                             GFile            *file);

G_END_DECLS
