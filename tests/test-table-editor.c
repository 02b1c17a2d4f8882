/* test-table-editor.c: a data table edited through its editor, pasted into,
 * undone, and a CSV file imported next to it
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Needs a display (suite "ui"). Cells are edited the way the widget does it:
 * the GtkEditableLabel of the cell starts editing, gets the text, and stops
 * editing with commit; the widget then writes with zona_plan_data_set_cell.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ui/zona-table-editor.h"
#include "ui/zona-csv-import-dialog.h"
#include "model/zona-plan-new.h"
#include "model/zona-plan-data.h"
#include "model/zona-csv.h"

typedef struct {
  char      *dir;
  char      *path;
  ZonaStore *store;
  gint64     table;
  gint64     columns[3];
  gint64     rows[3];
  GtkWindow *window;
  GtkWidget *editor;
} Fixture;

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop for @ms milliseconds: idles, layout and frames happen. */
static void
spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* Runs the main loop until nothing is pending (the editor refreshes in an idle). */
static void
settle (void)
{
  for (int i = 0; i < 5; i++)
    {
      spin (10);
      while (g_main_context_pending (NULL))
        g_main_context_iteration (NULL, FALSE);
    }
}

/* Spins until @widget's cell shows up (rows are laid out on a frame). */
static GtkWidget *
cell (Fixture *f,
      guint    row,
      guint    column)
{
  GtkWidget *w = NULL;

  for (int i = 0; i < 500 && w == NULL; i++)
    {
      w = zona_table_editor_get_cell_widget (ZONA_TABLE_EDITOR (f->editor), row, column);
      if (w == NULL)
        spin (10);
    }
  g_assert_nonnull (w);
  g_assert_true (GTK_IS_EDITABLE_LABEL (w));
  return w;
}

static const char *
cell_text (Fixture *f,
           guint    row,
           guint    column)
{
  return gtk_editable_get_text (GTK_EDITABLE (cell (f, row, column)));
}

static char *
stored (Fixture *f,
        guint    row,
        guint    column)
{
  return zona_plan_data_get_cell (f->store, f->rows[row], f->columns[column]);
}

/* Types @text into a cell as a user does: Enter (start editing), text, Enter. */
static void
edit_cell (Fixture    *f,
           guint       row,
           guint       column,
           const char *text)
{
  GtkWidget *w = cell (f, row, column);

  g_assert_true (gtk_widget_activate_action (w, "editing.start", NULL));
  g_assert_true (gtk_editable_label_get_editing (GTK_EDITABLE_LABEL (w)));
  gtk_editable_set_text (GTK_EDITABLE (w), text);
  g_assert_true (gtk_widget_activate_action (w, "editing.stop", "b", TRUE));
  settle ();
}

/* The first AdwEntryRow titled @title under @root. */
static GtkWidget *
find_entry_row (GtkWidget  *root,
                const char *title)
{
  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found;

      if (ADW_IS_ENTRY_ROW (c)
          && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (c)), title) == 0)
        return c;
      if ((found = find_entry_row (c, title)) != NULL)
        return found;
    }
  return NULL;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *names[] = { "Comune", "Maschi", "Femmine" };
  const char *cells[3][3] = {
    { "Bozzolo", "1939", "2043" },
    { "Calvatone", "598", "561" },
    { "TOTALE", "2537", "2600" },       /* the women's total is wrong: 2604 */
  };

  f->dir = g_dir_make_tmp ("zona-table-editor-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "plan.pdz", NULL);
  f->store = zona_plan_new (f->path, "2025-2027", "Piano di prova", &error);
  g_assert_no_error (error);

  f->table = zona_plan_data_add_table (f->store, NULL, "Residenti al 01/01/2021", "ISTAT",
                                       NULL, NULL, &error);
  g_assert_no_error (error);
  for (guint c = 0; c < 3; c++)
    {
      f->columns[c] = zona_plan_data_add_column (f->store, f->table, -1, names[c],
                                                 c == 0 ? ZONA_COLUMN_TEXT : ZONA_COLUMN_INTEGER,
                                                 NULL, &error);
      g_assert_no_error (error);
    }
  for (guint r = 0; r < 3; r++)
    {
      f->rows[r] = zona_plan_data_add_row (f->store, f->table, -1, r == 2, &error);
      g_assert_no_error (error);
      for (guint c = 0; c < 3; c++)
        g_assert_true (zona_plan_data_set_cell (f->store, f->rows[r], f->columns[c], cells[r][c],
                                                &error));
    }
  zona_store_clear_history (f->store);

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 900, 760);
  f->editor = zona_table_editor_new (f->store, f->table);
  gtk_window_set_child (f->window, f->editor);
  gtk_window_present (f->window);
  settle ();
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) d = NULL;
  const char *name;

  g_object_add_weak_pointer (G_OBJECT (f->editor), (gpointer *) &f->editor);
  gtk_window_destroy (f->window);
  settle ();
  g_assert_null (f->editor);            /* nothing kept the editor alive */
  g_assert_finalize_object (f->store);
  d = g_dir_open (f->dir, 0, NULL);
  while (d && (name = g_dir_read_name (d)))
    {
      g_autofree char *p = g_build_filename (f->dir, name, NULL);
      g_unlink (p);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

/* ---- tests ------------------------------------------------------------ */

static void
test_shows_and_marks (Fixture       *f,
                      gconstpointer  data)
{
  g_assert_cmpstr (cell_text (f, 0, 0), ==, "Bozzolo");
  g_assert_cmpstr (cell_text (f, 1, 2), ==, "561");
  g_assert_cmpstr (cell_text (f, 2, 0), ==, "TOTALE");
  /* the total row is marked; its wrong figure is too, the right one is not */
  g_assert_true (gtk_widget_has_css_class (cell (f, 2, 1), "zona-total"));
  g_assert_false (gtk_widget_has_css_class (cell (f, 1, 1), "zona-total"));
  g_assert_true (gtk_widget_has_css_class (cell (f, 2, 2), "zona-mismatch"));
  g_assert_false (gtk_widget_has_css_class (cell (f, 2, 1), "zona-mismatch"));
  /* the checks' own words explain it */
  g_assert_nonnull (gtk_widget_get_tooltip_text (cell (f, 2, 2)));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (cell (f, 2, 2)), "2600"));
  /* the table's metadata */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_entry_row (f->editor, "Title"))), ==,
                   "Residenti al 01/01/2021");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_entry_row (f->editor, "Source"))), ==,
                   "ISTAT");
}

static void
test_edit_cell_and_undo (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  char *v;

  /* typed in the widget, stored as typed */
  edit_cell (f, 0, 1, "1.940");
  v = stored (f, 0, 1); g_assert_cmpstr (v, ==, "1.940"); g_free (v);
  /* the men's total is now off by one and marked */
  g_assert_true (gtk_widget_has_css_class (cell (f, 2, 1), "zona-mismatch"));

  /* the edit was one undo step, and undoing it shows in the view */
  g_assert_true (zona_store_can_undo (f->store));
  g_assert_true (zona_store_undo (f->store, &error));
  g_assert_no_error (error);
  g_assert_false (zona_store_can_undo (f->store));
  settle ();
  /* the view follows the undo */
  g_assert_cmpstr (cell_text (f, 0, 1), ==, "1939");
  g_assert_false (gtk_widget_has_css_class (cell (f, 2, 1), "zona-mismatch"));

  /* emptying a cell */
  edit_cell (f, 1, 0, "");
  v = stored (f, 1, 0); g_assert_null (v);
  g_assert_true (zona_store_undo (f->store, &error));
  settle ();
  g_assert_cmpstr (cell_text (f, 1, 0), ==, "Calvatone");

  /* metadata rows write too */
  gtk_editable_set_text (GTK_EDITABLE (find_entry_row (f->editor, "Reference date")), "01/01/2021");
  {
    g_autoptr(ZonaDataTable) t = zona_plan_data_get_table (f->store, f->table);
    g_assert_cmpstr (t->ref_date, ==, "01/01/2021");
  }
}

static void
test_cursor_actions (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  guint r = 99, c = 99;
  char *v;

  g_assert_true (zona_table_editor_set_cursor (ZONA_TABLE_EDITOR (f->editor), 1, 2));
  settle ();
  g_assert_true (zona_table_editor_get_cursor (ZONA_TABLE_EDITOR (f->editor), &r, &c));
  g_assert_cmpuint (r, ==, 1);
  g_assert_cmpuint (c, ==, 2);
  g_assert_true (gtk_widget_has_focus (cell (f, 1, 2)));

  /* Delete empties the cell */
  g_assert_true (gtk_widget_activate_action (f->editor, "table.clear-cell", NULL));
  settle ();
  v = stored (f, 1, 2); g_assert_null (v);
  g_assert_cmpstr (cell_text (f, 1, 2), ==, "");

  /* a row below the cursor, then undo */
  g_assert_true (gtk_widget_activate_action (f->editor, "table.add-row", NULL));
  settle ();
  rows = zona_plan_data_list_rows (f->store, f->table);
  g_assert_cmpuint (rows->len, ==, 4);
  g_assert_cmpstr (cell_text (f, 3, 0), ==, "TOTALE");
  g_assert_cmpstr (cell_text (f, 2, 0), ==, "");
  g_assert_true (zona_store_undo (f->store, &error));
  settle ();
  g_assert_cmpstr (cell_text (f, 2, 0), ==, "TOTALE");
  g_assert_null (zona_table_editor_get_cell_widget (ZONA_TABLE_EDITOR (f->editor), 3, 0));

  /* the total flag from the toolbar's action */
  g_assert_true (zona_table_editor_set_cursor (ZONA_TABLE_EDITOR (f->editor), 0, 0));
  g_assert_true (gtk_widget_activate_action (f->editor, "table.set-total", "b", TRUE));
  settle ();
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = zona_plan_data_list_rows (f->store, f->table);
  g_assert_true (((ZonaDataRow *) g_ptr_array_index (rows, 0))->is_total);
  g_assert_true (gtk_widget_has_css_class (cell (f, 0, 0), "zona-total"));

  /* a column after the cursor's */
  g_assert_true (gtk_widget_activate_action (f->editor, "table.add-column", NULL));
  settle ();
  {
    g_autoptr(GPtrArray) columns = zona_plan_data_list_columns (f->store, f->table);
    g_assert_cmpuint (columns->len, ==, 4);
    g_assert_cmpstr (((ZonaDataColumn *) g_ptr_array_index (columns, 1))->name, ==, "Column 4");
  }
  g_assert_cmpstr (cell_text (f, 0, 2), ==, "1939");
  g_assert_true (zona_store_undo (f->store, &error));
  settle ();
  g_assert_cmpstr (cell_text (f, 0, 1), ==, "1939");
}

static void
test_paste_and_undo (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  char *v;

  /* 3 × 2 copied from a spreadsheet, at row 1, column 1: one row more */
  g_assert_true (zona_table_editor_set_cursor (ZONA_TABLE_EDITOR (f->editor), 1, 1));
  g_assert_true (zona_table_editor_paste_text (ZONA_TABLE_EDITOR (f->editor),
                                               "600\t570\r\n2.539\t2.613\r\n7\t8\r\n", &error));
  g_assert_no_error (error);
  settle ();
  v = stored (f, 1, 1); g_assert_cmpstr (v, ==, "600"); g_free (v);
  v = stored (f, 2, 2); g_assert_cmpstr (v, ==, "2.613"); g_free (v);
  rows = zona_plan_data_list_rows (f->store, f->table);
  g_assert_cmpuint (rows->len, ==, 4);
  g_assert_cmpstr (cell_text (f, 1, 2), ==, "570");
  g_assert_cmpstr (cell_text (f, 3, 1), ==, "7");

  /* one undo takes the whole paste back, and the view shows it */
  g_assert_true (zona_store_undo (f->store, &error));
  g_assert_no_error (error);
  g_assert_false (zona_store_can_undo (f->store));
  settle ();
  g_assert_cmpstr (cell_text (f, 1, 1), ==, "598");
  g_assert_cmpstr (cell_text (f, 2, 2), ==, "2600");
  g_assert_null (zona_table_editor_get_cell_widget (ZONA_TABLE_EDITOR (f->editor), 3, 0));
}

static void
imported_cb (ZonaTableEditor *editor,
             gint64           table_id,
             gint64          *out)
{
  *out = table_id;
}

static void
test_import_csv (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *csv_path = g_build_filename (f->dir, "fondi.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (csv_path);
  /* Latin-1, ";" and CRLF, as an old Excel saves it */
  const char *csv = "FONDI;ANNO 2019;ANNO 2020\r\n"
                    "Fondo Nazionale Politiche Sociali;892.785,46 \200;892.502,05 \200\r\n"
                    "Povert\340;810.513,00 \200;- \200\r\n"
                    "TOTALI;1.703.298,46 \200;892.502,05 \200\r\n";
  GtkWidget *dialog, *second;
  const ZonaCsvPreview *preview;
  gint64 imported = 0, id;
  guint n_tables;

  g_assert_true (g_file_set_contents (csv_path, csv, -1, &error));
  g_signal_connect (f->editor, "table-imported", G_CALLBACK (imported_cb), &imported);
  {
    g_autoptr(GPtrArray) tables = zona_plan_data_list_tables (f->store);
    n_tables = tables->len;
  }

  /* what "Import CSV…" opens once a file is chosen */
  dialog = zona_table_editor_open_import (ZONA_TABLE_EDITOR (f->editor), file);
  settle ();
  preview = zona_csv_import_dialog_get_preview (ZONA_CSV_IMPORT_DIALOG (dialog));
  g_assert_nonnull (preview);
  g_assert_cmpint (preview->delimiter, ==, ';');
  g_assert_cmpint (preview->encoding, ==, ZONA_CSV_ENCODING_WINDOWS_1252);
  g_assert_true (preview->has_header);
  id = zona_csv_import_dialog_import (ZONA_CSV_IMPORT_DIALOG (dialog), &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (imported, ==, id);
  gtk_window_destroy (GTK_WINDOW (dialog));
  {
    g_autoptr(GPtrArray) tables = zona_plan_data_list_tables (f->store);
    g_autoptr(ZonaDataTable) table = zona_plan_data_get_table (f->store, id);
    g_assert_cmpuint (tables->len, ==, n_tables + 1);
    g_assert_cmpstr (table->title, ==, "fondi");
  }

  /* a second editor on the new table; the first one still shows its own */
  second = zona_table_editor_new (f->store, id);
  {
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
    g_object_ref (f->editor);
    gtk_window_set_child (f->window, NULL);
    gtk_box_append (GTK_BOX (box), f->editor);
    gtk_box_append (GTK_BOX (box), second);
    g_object_unref (f->editor);
    gtk_window_set_child (f->window, box);
  }
  settle ();
  {
    GtkWidget *w = NULL;
    for (int i = 0; i < 500 && w == NULL; i++)
      {
        w = zona_table_editor_get_cell_widget (ZONA_TABLE_EDITOR (second), 1, 0);
        if (w == NULL)
          spin (10);
      }
    g_assert_nonnull (w);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (w)), ==, "Povertà");
    w = zona_table_editor_get_cell_widget (ZONA_TABLE_EDITOR (second), 2, 1);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (w)), ==, "1.703.298,46 €");
    g_assert_true (gtk_widget_has_css_class (w, "zona-total"));
    g_assert_false (gtk_widget_has_css_class (w, "zona-mismatch"));
  }
  g_assert_cmpstr (cell_text (f, 0, 0), ==, "Bozzolo");

  /* one undo removes the import: the second editor has nothing left to show */
  g_assert_true (zona_store_undo (f->store, &error));
  g_assert_no_error (error);
  settle ();
  g_assert_null (zona_table_editor_get_cell_widget (ZONA_TABLE_EDITOR (second), 0, 0));
  g_assert_cmpstr (cell_text (f, 0, 0), ==, "Bozzolo");
  /* and redo brings it back */
  g_assert_true (zona_store_redo (f->store, &error));
  settle ();
  g_assert_nonnull (zona_table_editor_get_cell_widget (ZONA_TABLE_EDITOR (second), 0, 0));
}

/* A file the import refuses: the dialog says why and offers no Import. */
static void
test_import_refused (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new_static ("a;b;c\n1;2;3\n4;5\n", 16);
  GtkWidget *dialog = zona_csv_import_dialog_new_for_bytes (f->window, f->store, "rotto.csv",
                                                            bytes);

  g_assert_null (zona_csv_import_dialog_get_preview (ZONA_CSV_IMPORT_DIALOG (dialog)));
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "import"));
  g_assert_cmpint (zona_csv_import_dialog_import (ZONA_CSV_IMPORT_DIALOG (dialog), &error), ==, 0);
  g_assert_error (error, ZONA_CSV_ERROR, ZONA_CSV_ERROR_EMPTY);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* A total row's cell left empty shows the sum of the rows above, recomputed
 * on every change and never written into the file. */
static void
test_computed_total (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  char *v;

  g_assert_true (zona_plan_data_set_cell (f->store, f->rows[2], f->columns[1], NULL, &error));
  settle ();
  g_assert_cmpstr (cell_text (f, 2, 1), ==, "2.537");
  g_assert_true (gtk_widget_has_css_class (cell (f, 2, 1), "zona-computed"));
  g_assert_false (gtk_widget_has_css_class (cell (f, 2, 1), "zona-mismatch"));
  g_assert_false (gtk_widget_has_css_class (cell (f, 1, 1), "zona-computed"));

  /* A row changes: the total follows. */
  g_assert_true (zona_plan_data_set_cell (f->store, f->rows[0], f->columns[1], "2.000", &error));
  settle ();
  g_assert_cmpstr (cell_text (f, 2, 1), ==, "2.598");

  /* Opening the cell and leaving it as it is keeps it computed. */
  gtk_editable_label_start_editing (GTK_EDITABLE_LABEL (cell (f, 2, 1)));
  settle ();
  gtk_editable_label_stop_editing (GTK_EDITABLE_LABEL (cell (f, 2, 1)), TRUE);
  settle ();
  v = zona_plan_data_get_cell (f->store, f->rows[2], f->columns[1]);
  g_assert_null (v);

  /* A typed figure replaces it, and is checked again. */
  g_assert_true (zona_plan_data_set_cell (f->store, f->rows[2], f->columns[1], "2600", &error));
  settle ();
  g_assert_cmpstr (cell_text (f, 2, 1), ==, "2600");
  g_assert_false (gtk_widget_has_css_class (cell (f, 2, 1), "zona-computed"));
  g_assert_true (gtk_widget_has_css_class (cell (f, 2, 1), "zona-mismatch"));
}


int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/table-editor/shows-and-marks", test_shows_and_marks);
  ADD ("/table-editor/computed-total", test_computed_total);
  ADD ("/table-editor/edit-cell-and-undo", test_edit_cell_and_undo);
  ADD ("/table-editor/cursor-actions", test_cursor_actions);
  ADD ("/table-editor/paste-and-undo", test_paste_and_undo);
  ADD ("/table-editor/import-csv", test_import_csv);
  ADD ("/table-editor/import-refused", test_import_refused);
#undef ADD
  return g_test_run ();
}
