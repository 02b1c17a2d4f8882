/* test-form-editor.c: a card type the C code has never heard of, edited through
 * the generic form editor; every field kind stored, shown again and checked
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The card type comes from tests/fixtures/templates/prova-nuova-scheda.xml:
 * adding a card type to Zona is a template edit only.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "zona-application.h"
#include "ui/zona-window.h"
#include "ui/zona-form-editor.h"
#include "model/zona-plan-new.h"
#include "checks/zona-checks.h"

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
  g_autofree char *id = g_strdup_printf ("%s.FormTest%d", APP_ID, ++n);

  g_application_set_application_id (G_APPLICATION (app), id);
  return app;
}

/* The first button under @root whose "zona-op" is @op (and row @row, when >= 0). */
static GtkWidget *
find_group_button (GtkWidget  *root,
                   const char *op,
                   int         row)
{
  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (c) && g_strcmp0 (g_object_get_data (G_OBJECT (c), "zona-op"), op) == 0
          && (row < 0 || GPOINTER_TO_INT (g_object_get_data (G_OBJECT (c), "zona-row")) == row))
        return c;
      if ((found = find_group_button (c, op, row)) != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
widget (GtkWidget  *editor,
        const char *key)
{
  GtkWidget *w = zona_form_editor_get_field_widget (ZONA_FORM_EDITOR (editor), key);

  if (w == NULL)
    g_error ("no widget for field %s", key);
  return w;
}

static void
set_text (GtkWidget  *editor,
          const char *key,
          const char *text)
{
  GtkWidget *w = widget (editor, key);

  if (GTK_IS_TEXT_VIEW (w))
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (w)), text, -1);
  else
    gtk_editable_set_text (GTK_EDITABLE (w), text);
  iterate ();
}

static char *
stored (ZonaStore  *store,
        gint64      card,
        const char *key)
{
  return zona_store_get_field (store, card, key);
}

static gboolean
has_rule (GPtrArray  *problems,
          ZonaRule    rule,
          const char *key)
{
  for (guint i = 0; i < problems->len; i++)
    {
      const ZonaProblem *p = g_ptr_array_index (problems, i);
      if (p->rule == rule && g_strcmp0 (p->field_key, key) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
test_unknown_card_type_every_kind (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("zona-form-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "prova.pdz", NULL);
  g_autoptr(ZonaApplication) app = test_app ();
  g_autoptr(ZonaStore) store = NULL;
  g_autoptr(ZonaStore) reopened = NULL;
  g_autoptr(ZonaTemplate) template = NULL;
  g_autoptr(GPtrArray) chapters = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  GtkWindow *window;
  GtkWidget *editor, *check, *flow_check = NULL;
  ZonaStore *ws;
  gint64 chapter = 0, card;
  char *v;

  store = zona_plan_new (path, "prova-nuova-scheda", "Prova", &error);
  g_assert_no_error (error);
  chapters = zona_store_list_chapters (store, 0);
  for (guint i = 0; i < chapters->len; i++)
    if (g_strcmp0 (((ZonaChapter *) g_ptr_array_index (chapters, i))->role, "verbali") == 0)
      chapter = ((ZonaChapter *) g_ptr_array_index (chapters, i))->id;
  g_assert_cmpint (chapter, >, 0);
  g_clear_object (&store);

  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  window = zona_application_open_path (app, path);
  g_assert_nonnull (window);
  ws = zona_window_get_store (ZONA_WINDOW (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.add-card", "(xs)",
                                             chapter, "verbale-tavolo"));
  iterate ();
  editor = zona_window_get_form_editor (ZONA_WINDOW (window));
  g_assert_nonnull (editor);
  card = zona_form_editor_get_card_id (ZONA_FORM_EDITOR (editor));

  /* text, long text */
  set_text (editor, "tavolo", "Tavolo povertà");
  set_text (editor, "sintesi", "Prima riga\n\n- un punto");
  /* percentage: out of range is marked and kept as typed, then mended */
  set_text (editor, "presenza", "150");
  g_assert_true (gtk_widget_has_css_class (widget (editor, "presenza"), "error"));
  v = stored (ws, card, "presenza"); g_assert_cmpstr (v, ==, "150"); g_free (v);
  set_text (editor, "presenza", "75 %");
  g_assert_false (gtk_widget_has_css_class (widget (editor, "presenza"), "error"));
  v = stored (ws, card, "presenza"); g_assert_cmpstr (v, ==, "75"); g_free (v);
  /* choice: "Rinviato" makes the motivation required */
  adw_combo_row_set_selected (ADW_COMBO_ROW (widget (editor, "esito")), 2);
  iterate ();
  v = stored (ws, card, "esito"); g_assert_cmpstr (v, ==, "Rinviato"); g_free (v);
  template = zona_template_lookup ("prova-nuova-scheda", &error);
  g_assert_no_error (error);
  problems = zona_checks_run (ws, template);
  g_assert_true (has_rule (problems, ZONA_RULE_MOTIVATION, "esito_motivazione")
                 || has_rule (problems, ZONA_RULE_CONDITIONAL, "esito_motivazione"));
  set_text (editor, "esito_motivazione", "Mancano i dati ASST");
  g_clear_pointer (&problems, g_ptr_array_unref);
  problems = zona_checks_run (ws, template);
  g_assert_false (has_rule (problems, ZONA_RULE_CONDITIONAL, "esito_motivazione"));
  g_assert_false (has_rule (problems, ZONA_RULE_MOTIVATION, "esito_motivazione"));
  /* multichoice: tick two options and add a free item */
  {
    GtkWidget *box = widget (editor, "temi");
    GtkWidget *flow = g_object_get_data (G_OBJECT (box), "zona-checks");
    guint n = 0;

    for (GtkWidget *c = gtk_widget_get_first_child (flow); c; c = gtk_widget_get_next_sibling (c))
      {
        flow_check = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (c));
        if (n++ != 1)
          gtk_check_button_set_active (GTK_CHECK_BUTTON (flow_check), TRUE);
      }
    gtk_editable_set_text (GTK_EDITABLE (g_object_get_data (G_OBJECT (box), "zona-other")),
                           "Giovani; Salute mentale");
    iterate ();
    v = stored (ws, card, "temi");
    g_assert_cmpstr (v, ==, "Povertà\nLavoro\nGiovani\nSalute mentale");
    g_free (v);
  }
  /* money and number: kept as typed, a non-number marked */
  set_text (editor, "costo", "1.250,50 €");
  g_assert_false (gtk_widget_has_css_class (widget (editor, "costo"), "error"));
  set_text (editor, "partecipanti", "circa venti");
  g_assert_true (gtk_widget_has_css_class (widget (editor, "partecipanti"), "error"));
  set_text (editor, "partecipanti", "23");
  g_assert_false (gtk_widget_has_css_class (widget (editor, "partecipanti"), "error"));
  /* macro-area from the regional list of the cycle */
  adw_combo_row_set_selected (ADW_COMBO_ROW (widget (editor, "area")), 1);
  iterate ();
  v = stored (ws, card, "area"); g_assert_cmpstr (v, ==, "A"); g_free (v);

  /* repeated group: add two rows, fill them, move the second up, undo the move */
  g_signal_emit_by_name (find_group_button (editor, "add", -1), "clicked");
  iterate ();
  set_text (editor, "impegni/0/impegno_testo", "Mappare i servizi");
  set_text (editor, "impegni/0/impegno_ente", "Ufficio di Piano");
  g_signal_emit_by_name (find_group_button (editor, "add", -1), "clicked");
  iterate ();
  set_text (editor, "impegni/1/impegno_testo", "Convocare ASST");
  g_signal_emit_by_name (find_group_button (editor, "up", 1), "clicked");
  iterate ();
  v = stored (ws, card, "impegni/0/impegno_testo"); g_assert_cmpstr (v, ==, "Convocare ASST"); g_free (v);
  v = stored (ws, card, "impegni/1/impegno_ente"); g_assert_cmpstr (v, ==, "Ufficio di Piano"); g_free (v);
  v = stored (ws, card, "impegni/0/impegno_ente"); g_assert_null (v);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  iterate ();
  v = stored (ws, card, "impegni/0/impegno_testo"); g_assert_cmpstr (v, ==, "Mappare i servizi"); g_free (v);
  /* the widgets follow the undo */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (widget (editor, "impegni/0/impegno_testo"))),
                   ==, "Mappare i servizi");
  /* remove the first row: the second moves up */
  g_signal_emit_by_name (find_group_button (editor, "remove", 0), "clicked");
  iterate ();
  v = stored (ws, card, "impegni/0/impegno_testo"); g_assert_cmpstr (v, ==, "Convocare ASST"); g_free (v);
  v = stored (ws, card, "impegni/1/impegno_testo"); g_assert_null (v);

  /* table with fixed rows: a tick and a text cell */
  check = widget (editor, "matrice/1/col_a");
  g_assert_true (GTK_IS_CHECK_BUTTON (check));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  set_text (editor, "matrice/0/col_b", "nota");
  v = stored (ws, card, "matrice/1/col_a"); g_assert_cmpstr (v, ==, "X"); g_free (v);

  gtk_window_destroy (window);
  iterate ();
  g_clear_object (&app);

  /* Reopen: every value is there, and the editor shows it again. */
  reopened = zona_store_open (path, &error);
  g_assert_no_error (error);
  v = stored (reopened, card, "tavolo"); g_assert_cmpstr (v, ==, "Tavolo povertà"); g_free (v);
  v = stored (reopened, card, "sintesi"); g_assert_cmpstr (v, ==, "Prima riga\n\n- un punto"); g_free (v);
  v = stored (reopened, card, "costo"); g_assert_cmpstr (v, ==, "1.250,50 €"); g_free (v);
  v = stored (reopened, card, "partecipanti"); g_assert_cmpstr (v, ==, "23"); g_free (v);
  v = stored (reopened, card, "matrice/0/col_b"); g_assert_cmpstr (v, ==, "nota"); g_free (v);
  {
    GtkWidget *again = zona_form_editor_new (reopened, template, card);
    g_object_ref_sink (again);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (widget (again, "tavolo"))), ==, "Tavolo povertà");
    g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (widget (again, "esito"))), ==, 2);
    g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (widget (again, "matrice/1/col_a"))));
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (widget (again, "impegni/0/impegno_testo"))),
                     ==, "Convocare ASST");
    g_assert_null (zona_form_editor_get_field_widget (ZONA_FORM_EDITOR (again), "impegni/1/impegno_testo"));
    g_object_unref (again);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *templates = NULL;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  templates = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "fixtures", "templates", NULL);
  g_setenv ("ZONA_TEMPLATES_DIR", templates, TRUE);

  g_test_add_func ("/form-editor/unknown-card-type-every-kind", test_unknown_card_type_every_kind);
  return g_test_run ();
}
