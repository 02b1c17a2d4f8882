/* test-review-ui.c: review states in the window, approving the plan, the next plan
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

static ZonaApplication *
test_app (void)
{
  static int n;
  ZonaApplication *app = zona_application_new ();
  g_autofree char *id = g_strdup_printf ("%s.ReviewTest%d", APP_ID, ++n);

  g_application_set_application_id (G_APPLICATION (app), id);
  return app;
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
sample_copy (char **dir_out)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("zona-review-ui-XXXXXX", &error);
  char *path = g_build_filename (dir, "esempio.pdz", NULL);

  g_assert_no_error (error);
  g_assert_true (zona_sample_write (path, &error));
  g_assert_no_error (error);
  *dir_out = dir;
  return path;
}

static char *
file_sha256 (const char *path)
{
  g_autofree char *contents = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);
}

/* Whether a window action is on, as a button bound to it shows. */
static gboolean
action_enabled (GtkWindow  *window,
                const char *action)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *overlay = gtk_window_get_child (window);
  gboolean enabled;

  /* Any widget inside the window sees its actions. */
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  g_assert_true (ADW_IS_TOAST_OVERLAY (overlay) || GTK_IS_WIDGET (overlay));
  gtk_widget_set_parent (button, overlay);
  iterate ();
  enabled = gtk_widget_get_sensitive (button);
  gtk_widget_unparent (button);
  return enabled;
}

static GtkWindow *
open_window (ZonaApplication *app,
             const char      *path)
{
  g_autoptr(GError) error = NULL;
  GtkWindow *window;

  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  window = zona_application_open_path (app, path);
  g_assert_true (ZONA_IS_WINDOW (window));
  iterate ();
  return window;
}

static void
test_card_state_combo (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = sample_copy (&dir);
  g_autoptr(ZonaApplication) app = test_app ();
  GtkWindow *window = open_window (app, path);
  ZonaStore *store = zona_window_get_store (ZONA_WINDOW (window));
  gint64 card = first_card (store, 0);
  g_autoptr(GPtrArray) chapters = zona_store_list_chapters (store, 0);
  ZonaChapter *chapter = g_ptr_array_index (chapters, 0);
  GtkWidget *row;

  g_assert_true (zona_window_select_block (ZONA_WINDOW (window), card));
  iterate ();
  row = zona_window_get_review_row (ZONA_WINDOW (window));
  g_assert_true (ADW_IS_COMBO_ROW (row));
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (row)), ==,
                    zona_store_get_card_review (store, card));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), ZONA_REVIEW_DISCUSSED);
  iterate ();
  g_assert_cmpint (zona_store_get_card_review (store, card), ==, ZONA_REVIEW_DISCUSSED);
  /* One undoable edit. */
  g_assert_true (action_enabled (window, "win.undo"));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
  iterate ();
  g_assert_cmpint (zona_store_get_card_review (store, card), ==, ZONA_REVIEW_DRAFT);

  /* The chapter's state, on its page. */
  g_assert_true (zona_window_select_chapter (ZONA_WINDOW (window), chapter->id));
  iterate ();
  row = zona_window_get_review_row (ZONA_WINDOW (window));
  g_assert_true (ADW_IS_COMBO_ROW (row));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), ZONA_REVIEW_VALIDATED);
  iterate ();
  g_assert_cmpint (zona_store_get_chapter_review (store, chapter->id), ==, ZONA_REVIEW_VALIDATED);

  gtk_window_destroy (window);
  iterate ();
}

static void
test_approve_freezes (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = sample_copy (&dir);
  g_autoptr(ZonaApplication) app = test_app ();
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL, *after = NULL, *field_before = NULL, *field_after = NULL;
  g_autofree char *revision = g_build_filename (dir, "revisione.pdz", NULL);
  GtkWindow *window = open_window (app, path);
  GtkWindow *second;
  ZonaStore *store = zona_window_get_store (ZONA_WINDOW (window));
  gint64 card = first_card (store, 0);
  GtkWidget *editor, *entry, *title;

  g_assert_true (zona_window_select_block (ZONA_WINDOW (window), card));
  iterate ();
  /* An edit to undo, so undo is on before approving. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (zona_window_get_review_row (ZONA_WINDOW (window))),
                              ZONA_REVIEW_VALIDATED);
  iterate ();
  g_assert_true (gtk_widget_is_sensitive (zona_window_get_review_row (ZONA_WINDOW (window))));
  g_assert_true (action_enabled (window, "win.undo"));
  g_assert_true (action_enabled (window, "win.approve"));
  g_assert_false (action_enabled (window, "win.new-revision"));

  /* Not approvable without a reference; new revisions only of approved plans. */
  g_assert_false (zona_window_new_revision (ZONA_WINDOW (window), revision, &error));
  g_clear_error (&error);
  g_assert_false (zona_store_is_approved (store));

  g_assert_true (zona_window_approve (ZONA_WINDOW (window), "2021-03-30", "Delibera n. 5", &error));
  g_assert_no_error (error);
  iterate ();
  g_assert_true (zona_store_is_approved (store));
  g_assert_true (zona_store_is_read_only (store));

  /* Every edit refused: the page insensitive, undo off, the file untouched. */
  before = file_sha256 (path);
  editor = zona_window_get_form_editor (ZONA_WINDOW (window));
  entry = zona_form_editor_get_field_widget (ZONA_FORM_EDITOR (editor), "grado");
  title = zona_form_editor_get_title_widget (ZONA_FORM_EDITOR (editor));
  g_assert_false (gtk_widget_is_sensitive (entry));
  g_assert_false (gtk_widget_is_sensitive (title));
  g_assert_false (gtk_widget_is_sensitive (zona_window_get_review_row (ZONA_WINDOW (window))));
  g_assert_false (action_enabled (window, "win.undo"));
  g_assert_false (action_enabled (window, "win.approve"));
  g_assert_true (action_enabled (window, "win.new-revision"));
  g_assert_true (action_enabled (window, "win.next-plan"));
  field_before = zona_store_get_field (store, card, "grado");
  gtk_editable_set_text (GTK_EDITABLE (entry), "33");
  iterate ();
  field_after = zona_store_get_field (store, card, "grado");
  g_assert_cmpstr (field_after, ==, field_before);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
  iterate ();
  g_assert_cmpint (zona_store_get_card_review (store, card), ==, ZONA_REVIEW_VALIDATED);
  after = file_sha256 (path);
  g_assert_cmpstr (after, ==, before);

  /* A new revision opens, editable, in a window of its own. */
  second = zona_window_new_revision (ZONA_WINDOW (window), revision, &error);
  g_assert_no_error (error);
  g_assert_true (ZONA_IS_WINDOW (second));
  g_assert_true (second != window);
  g_assert_false (zona_store_is_read_only (zona_window_get_store (ZONA_WINDOW (second))));

  gtk_window_destroy (second);
  gtk_window_destroy (window);
  iterate ();
}

static void
test_next_plan (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = sample_copy (&dir);
  g_autoptr(ZonaApplication) app = test_app ();
  g_autoptr(GError) error = NULL;
  g_autofree char *next = g_build_filename (dir, "prossimo.pdz", NULL);
  g_autofree char *template_id = NULL;
  GtkWindow *window = open_window (app, path);
  GtkWindow *second;

  second = zona_window_next_plan (ZONA_WINDOW (window), next, &error);
  g_assert_no_error (error);
  g_assert_true (ZONA_IS_WINDOW (second));
  g_assert_true (g_file_test (next, G_FILE_TEST_IS_REGULAR));
  template_id = zona_store_get_meta (zona_window_get_store (ZONA_WINDOW (second)), "template");
  g_assert_cmpstr (template_id, ==, "2025-2027");

  gtk_window_destroy (second);
  gtk_window_destroy (window);
  iterate ();
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/review-ui/card-state-combo", test_card_state_combo);
  g_test_add_func ("/review-ui/approve-freezes", test_approve_freezes);
  g_test_add_func ("/review-ui/next-plan", test_next_plan);
  return g_test_run ();
}
