/* test-window.c: the window on a sample copy — select a card, type, close, reopen
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under Xvfb and a private session bus (see the README's test command).
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "zona-application.h"
#include "zona-sample.h"
#include "ui/zona-window.h"
#include "ui/zona-form-editor.h"

static void
iterate (void)
{
  for (int i = 0; i < 50 && g_main_context_iteration (NULL, FALSE); i++)
    ;
}

/* Each test registers its own application: one id each, as a finished one may
 * still be exported on the bus. */
static ZonaApplication *
test_app (void)
{
  static int n;
  ZonaApplication *app = zona_application_new ();
  g_autofree char *id = g_strdup_printf ("%s.Test%d", APP_ID, ++n);

  g_application_set_application_id (G_APPLICATION (app), id);
  return app;
}

static gboolean
wake (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Runs the main loop until @done or 20 s. */
static gboolean
zona_test_wait (gboolean (*done) (gpointer),
                gpointer   data)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  guint tick = g_timeout_add (10, wake, NULL);

  while (!done (data) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (tick);
  return done (data);
}

static gint64
first_card (ZonaStore *store,
            gint64     parent)
{
  g_autoptr(GPtrArray) chapters = zona_store_list_chapters (store, parent);

  for (guint i = 0; i < chapters->len; i++)
    {
      ZonaChapter *c = g_ptr_array_index (chapters, i);
      g_autoptr(GPtrArray) blocks = zona_store_list_blocks (store, c->id);
      gint64 id;

      for (guint j = 0; j < blocks->len; j++)
        if (((ZonaBlock *) g_ptr_array_index (blocks, j))->kind == ZONA_BLOCK_CARD)
          return ((ZonaBlock *) g_ptr_array_index (blocks, j))->id;
      if ((id = first_card (store, c->id)) != 0)
        return id;
    }
  return 0;
}

static char *
sample_copy (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("zona-window-XXXXXX", &error);
  char *path = g_build_filename (dir, "esempio.pdz", NULL);

  g_assert_no_error (error);
  g_assert_true (zona_sample_write (path, &error));
  g_assert_no_error (error);
  return path;
}

static void
test_type_close_reopen (void)
{
  g_autofree char *path = sample_copy ();
  g_autoptr(ZonaApplication) app = test_app ();
  g_autoptr(GError) error = NULL;
  g_autoptr(ZonaStore) reopened = NULL;
  g_autofree char *grado = NULL, *criticita = NULL, *cambiamento = NULL;
  GtkWindow *window;
  GtkWidget *editor, *entry, *view, *combo;
  GtkTextBuffer *buffer;
  GtkTextIter end;
  gint64 card;

  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  window = zona_application_open_path (app, path);
  g_assert_true (ZONA_IS_WINDOW (window));
  iterate ();

  card = first_card (zona_window_get_store (ZONA_WINDOW (window)), 0);
  g_assert_cmpint (card, >, 0);
  g_assert_true (zona_window_select_block (ZONA_WINDOW (window), card));
  iterate ();

  editor = zona_window_get_form_editor (ZONA_WINDOW (window));
  g_assert_true (ZONA_IS_FORM_EDITOR (editor));
  g_assert_cmpint (zona_form_editor_get_card_id (ZONA_FORM_EDITOR (editor)), ==, card);

  /* A percentage, a long text and a choice, as a user would change them. */
  entry = zona_form_editor_get_field_widget (ZONA_FORM_EDITOR (editor), "grado");
  g_assert_true (ADW_IS_ENTRY_ROW (entry));
  gtk_widget_grab_focus (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  gtk_editable_insert_text (GTK_EDITABLE (entry), "8", -1, &(int) { 0 });
  gtk_editable_set_position (GTK_EDITABLE (entry), -1);
  gtk_editable_insert_text (GTK_EDITABLE (entry), "5", -1, &(int) { 1 });

  view = zona_form_editor_get_field_widget (ZONA_FORM_EDITOR (editor), "criticita");
  g_assert_true (GTK_IS_TEXT_VIEW (view));
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_insert (buffer, &end, "\nRilevato al tavolo del 25 novembre.", -1);

  combo = zona_form_editor_get_field_widget (ZONA_FORM_EDITOR (editor), "cambiamento");
  g_assert_true (ADW_IS_COMBO_ROW (combo));
  adw_combo_row_set_selected (ADW_COMBO_ROW (combo), 3);   /* — , Sì, No, In parte */
  iterate ();

  /* Close the window and the application: nothing to save. */
  gtk_window_destroy (window);
  iterate ();
  g_clear_object (&app);

  reopened = zona_store_open (path, &error);
  g_assert_no_error (error);
  grado = zona_store_get_field (reopened, card, "grado");
  criticita = zona_store_get_field (reopened, card, "criticita");
  cambiamento = zona_store_get_field (reopened, card, "cambiamento");
  g_assert_cmpstr (grado, ==, "85");
  g_assert_true (g_str_has_suffix (criticita, "\nRilevato al tavolo del 25 novembre."));
  g_assert_cmpstr (cambiamento, ==, "In parte");
}

static void
test_out_of_range_marked (void)
{
  g_autofree char *path = sample_copy ();
  g_autoptr(ZonaApplication) app = test_app ();
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL, *after = NULL;
  GtkWindow *window;
  GtkWidget *editor, *entry;
  ZonaStore *store;
  gint64 card;

  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  window = zona_application_open_path (app, path);
  store = zona_window_get_store (ZONA_WINDOW (window));
  card = first_card (store, 0);
  zona_window_select_block (ZONA_WINDOW (window), card);
  iterate ();
  editor = zona_window_get_form_editor (ZONA_WINDOW (window));
  entry = zona_form_editor_get_field_widget (ZONA_FORM_EDITOR (editor), "grado");
  before = zona_store_get_field (store, card, "grado");

  g_assert_nonnull (before);
  gtk_editable_set_text (GTK_EDITABLE (entry), "140");
  iterate ();
  /* Marked as an error, and kept as typed: the screen and the file agree. */
  g_assert_true (gtk_widget_has_css_class (entry, "error"));
  after = zona_store_get_field (store, card, "grado");
  g_assert_cmpstr (after, ==, "140");

  gtk_editable_set_text (GTK_EDITABLE (entry), "40");
  g_assert_false (gtk_widget_has_css_class (entry, "error"));
  g_free (after);
  after = zona_store_get_field (store, card, "grado");
  g_assert_cmpstr (after, ==, "40");

  gtk_window_destroy (window);
  iterate ();
}

static void
test_undo_updates_widget (void)
{
  g_autofree char *path = sample_copy ();
  g_autoptr(ZonaApplication) app = test_app ();
  g_autoptr(GError) error = NULL;
  g_autofree char *original = NULL, *value = NULL;
  GtkWindow *window;
  GtkWidget *editor, *entry;
  ZonaStore *store;
  gint64 card;

  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  window = zona_application_open_path (app, path);
  store = zona_window_get_store (ZONA_WINDOW (window));
  card = first_card (store, 0);
  zona_window_select_block (ZONA_WINDOW (window), card);
  iterate ();
  editor = zona_window_get_form_editor (ZONA_WINDOW (window));
  entry = zona_form_editor_get_field_widget (ZONA_FORM_EDITOR (editor), "grado");
  original = g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry)));

  gtk_editable_set_text (GTK_EDITABLE (entry), "12");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  iterate ();
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, original);
  value = zona_store_get_field (store, card, "grado");
  g_assert_cmpstr (value, ==, original);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.redo", NULL));
  iterate ();
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "12");

  gtk_window_destroy (window);
  iterate ();
}

static void
test_outline_lists_plan (void)
{
  g_autofree char *path = sample_copy ();
  g_autoptr(ZonaApplication) app = test_app ();
  g_autoptr(GError) error = NULL;
  GtkWindow *window;
  GtkListBox *outline;
  guint rows = 0;
  gint64 new_card;

  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  window = zona_application_open_path (app, path);
  outline = zona_window_get_outline (ZONA_WINDOW (window));
  while (gtk_list_box_get_row_at_index (outline, rows) != NULL)
    rows++;
  /* 2 chapters, 3 sections and 6 cards in the sample */
  g_assert_cmpuint (rows, >=, 10);
  g_assert_nonnull (strstr (gtk_window_get_title (window), "Piano di Zona 2021/2023"));

  /* Add a card through the action the chapter page uses. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.add-card", "(xs)",
                                             (gint64) 1, "valutazione-output"));
  iterate ();
  new_card = zona_form_editor_get_card_id (ZONA_FORM_EDITOR (zona_window_get_form_editor (ZONA_WINDOW (window))));
  g_assert_cmpint (new_card, >, 0);
  g_assert_nonnull (gtk_list_box_get_row_at_index (outline, rows));

  gtk_window_destroy (window);
  iterate ();
}

static void
test_refuses_foreign_file (void)
{
  g_autoptr(ZonaApplication) app = test_app ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("zona-window-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "note.pdz", NULL);

  g_assert_true (g_file_set_contents (path, "not a plan", -1, NULL));
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  /* No window; a message dialog explains. */
  g_assert_null (zona_application_open_path (app, path));
  iterate ();
}

static guint
count_outline_rows (GtkListBox *outline)
{
  guint n = 0;
  while (gtk_list_box_get_row_at_index (outline, n) != NULL)
    n++;
  return n;
}

static void
test_delete_card_undo (void)
{
  g_autofree char *path = sample_copy ();
  g_autoptr(ZonaApplication) app = test_app ();
  g_autoptr(GError) error = NULL;
  GtkWindow *window;
  ZonaStore *store;
  guint rows;
  gint64 card;

  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  window = zona_application_open_path (app, path);
  store = zona_window_get_store (ZONA_WINDOW (window));
  card = first_card (store, 0);
  rows = count_outline_rows (zona_window_get_outline (ZONA_WINDOW (window)));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.delete-block", "x", card));
  iterate ();
  g_assert_null (zona_store_get_block (store, card));
  g_assert_cmpuint (count_outline_rows (zona_window_get_outline (ZONA_WINDOW (window))), ==, rows - 1);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  iterate ();
  g_assert_nonnull (zona_store_get_block (store, card));
  g_assert_cmpuint (count_outline_rows (zona_window_get_outline (ZONA_WINDOW (window))), ==, rows);
  g_assert_true (zona_window_select_block (ZONA_WINDOW (window), card));

  gtk_window_destroy (window);
  iterate ();
}

static void
test_second_window_read_only (void)
{
  g_autofree char *path = sample_copy ();
  g_autoptr(ZonaApplication) app = test_app ();
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL, *after = NULL;
  g_autoptr(ZonaStore) other = NULL;
  GtkWindow *second;
  GtkWidget *editor, *entry;
  ZonaStore *store;
  gint64 card;

  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  /* Another Zona has the plan open. */
  other = zona_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_false (zona_store_is_read_only (other));
  second = zona_application_open_path (app, path);
  g_assert_nonnull (second);
  store = zona_window_get_store (ZONA_WINDOW (second));
  g_assert_true (zona_store_is_read_only (store));
  /* In this Zona, asking again brings the same window forward. */
  g_assert_true (zona_application_open_path (app, path) == second);

  card = first_card (store, 0);
  zona_window_select_block (ZONA_WINDOW (second), card);
  iterate ();
  editor = zona_window_get_form_editor (ZONA_WINDOW (second));
  entry = zona_form_editor_get_field_widget (ZONA_FORM_EDITOR (editor), "grado");
  before = zona_store_get_field (store, card, "grado");
  g_assert_false (gtk_widget_is_sensitive (entry));
  gtk_editable_set_text (GTK_EDITABLE (entry), "33");
  iterate ();
  after = zona_store_get_field (store, card, "grado");
  g_assert_cmpstr (after, ==, before);

  gtk_window_destroy (second);
  iterate ();
}

static gboolean
file_exists (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_IS_REGULAR);
}

static gboolean
export_ended (gpointer data)
{
  return !zona_window_is_exporting (data);
}

/* The export runs in a thread on a copy of the plan: edits go on meanwhile. */
static void
test_export_in_background (void)
{
  g_autofree char *path = sample_copy ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *odt = g_build_filename (dir, "piano.odt", NULL);
  g_autoptr(ZonaApplication) app = test_app ();
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  GtkWindow *window;
  gsize len;

  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  window = zona_application_open_path (app, path);
  zona_window_export_to (ZONA_WINDOW (window), odt);
  /* the plan can be edited while the export runs */
  g_assert_true (zona_store_set_field (zona_window_get_store (ZONA_WINDOW (window)),
                                       first_card (zona_window_get_store (ZONA_WINDOW (window)), 0),
                                       "grado", "33", &error));
  g_assert_no_error (error);
  g_assert_true (zona_test_wait (file_exists, odt));
  g_assert_true (zona_test_wait (export_ended, window));
  g_assert_true (g_file_get_contents (odt, &contents, &len, NULL));
  g_assert_cmpmem (contents, 2, "PK", 2);

  /* A cancelled export leaves the earlier file as it was. */
  zona_window_export_to (ZONA_WINDOW (window), odt);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel-export", NULL));
  g_assert_true (zona_test_wait (export_ended, window));
  {
    g_autofree char *after = NULL;
    gsize after_len;
    g_assert_true (g_file_get_contents (odt, &after, &after_len, NULL));
    g_assert_cmpmem (contents, len, after, after_len);
  }
  gtk_window_destroy (window);
  iterate ();
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/window/type-close-reopen", test_type_close_reopen);
  g_test_add_func ("/window/out-of-range-marked", test_out_of_range_marked);
  g_test_add_func ("/window/undo-updates-widget", test_undo_updates_widget);
  g_test_add_func ("/window/outline-lists-plan", test_outline_lists_plan);
  g_test_add_func ("/window/refuses-foreign-file", test_refuses_foreign_file);
  g_test_add_func ("/window/delete-card-undo", test_delete_card_undo);
  g_test_add_func ("/window/second-window-read-only", test_second_window_read_only);
  g_test_add_func ("/window/export-in-background", test_export_in_background);
  return g_test_run ();
}
