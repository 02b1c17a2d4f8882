/* test-tavolo.c: meeting mode, a whole evaluation card filled by keyboard
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Real key presses through XTEST (tests/zona-test-input.c): F5 opens the
 * meeting mode on the card shown, Tab moves from field to field, s / n keys
 * answer the Sì/No choices, a drop-down for the others, Escape goes back to
 * the main window on the same card. Runs only under xvfb-run.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "zona-application.h"
#include "zona-test-input.h"
#include "ui/zona-window.h"
#include "ui/zona-form-editor.h"
#include "ui/zona-tavolo-window.h"
#include "model/zona-plan-new.h"
#include "model/zona-plan-data.h"
#include "model/zona-meetings.h"
#include "checks/zona-card-status.h"

#ifdef ZONA_TEST_X11
#include <X11/keysym.h>
#endif

static GtkWidget *editor;

/* Whether the keyboard focus is in the widget of @key. */
static gboolean
focus_in (GtkWindow  *window,
          const char *key)
{
  GtkWidget *target = zona_form_editor_get_field_widget (ZONA_FORM_EDITOR (editor), key);
  GtkWidget *focus = gtk_window_get_focus (window);

  return target != NULL && focus != NULL
         && (focus == target || gtk_widget_is_ancestor (focus, target));
}

/* Tab until the focus reaches the field: the keyboard's way through the form. */
static void
tab_to (GtkWindow  *window,
        const char *key)
{
  for (int i = 0; i < 8 && !focus_in (window, key); i++)
    zona_test_press (XK_Tab, 0);
  if (!focus_in (window, key))
    g_error ("Tab never reached the field “%s” (focus on %s)", key,
             gtk_window_get_focus (window) ? G_OBJECT_TYPE_NAME (gtk_window_get_focus (window)) : "nothing");
}

/* A drop-down: Space opens it, Down moves @steps options, Return chooses. */
static gboolean
allocated_in_view (gpointer data)
{
  GtkWidget *w = data;
  graphene_rect_t bounds;
  GtkRoot *root = gtk_widget_get_root (w);

  return gtk_widget_compute_bounds (w, GTK_WIDGET (root), &bounds)
         && bounds.origin.y >= 0
         && bounds.origin.y + bounds.size.height <= gtk_widget_get_height (GTK_WIDGET (root));
}

static void
choose (GtkWindow  *window,
        const char *key,
        int         steps)
{
  tab_to (window, key);
  /* The view scrolls to the focused row; open the list once it is there. */
  g_assert_true (zona_test_iterate_until (allocated_in_view,
                                          zona_form_editor_get_field_widget (ZONA_FORM_EDITOR (editor), key)));
  zona_test_press (XK_space, 0);
  for (int i = 0; i < steps; i++)
    zona_test_press (XK_Down, 0);
  zona_test_press (XK_Return, 0);
  /* Moving in the list already chose; if the list is still open, Escape closes it. */
  {
    GtkWidget *focus = gtk_window_get_focus (window);
    GtkWidget *popover = focus ? gtk_widget_get_ancestor (focus, GTK_TYPE_POPOVER) : NULL;

    if (popover != NULL && gtk_widget_get_mapped (popover))
      zona_test_press (XK_Escape, 0);
    g_assert_true (popover == NULL || !gtk_widget_get_mapped (popover));
  }
  /* Back on the row: Tab goes on from here. */
  g_assert_true (gtk_window_get_focus (window)
                 == zona_form_editor_get_field_widget (ZONA_FORM_EDITOR (editor), key));
}

/* A Sì/No/In parte choice answered by one key while its row has the focus. */
static void
answer (GtkWindow  *window,
        const char *key,
        guint       keysym)
{
  tab_to (window, key);
  zona_test_press (keysym, 0);
  g_assert_true (gtk_window_get_focus (window)
                 == zona_form_editor_get_field_widget (ZONA_FORM_EDITOR (editor), key));
}

static gboolean
time_passed (gpointer data)
{
  return g_get_monotonic_time () >= *(gint64 *) data;
}

/* Lets an animation (the attendance panel sliding in) run to its end. */
static void
wait_ms (int ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  g_assert_true (zona_test_iterate_until (time_passed, &until));
}

static ZonaTavoloWindow *
find_tavolo (ZonaApplication *app)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l; l = l->next)
    if (ZONA_IS_TAVOLO_WINDOW (l->data))
      return l->data;
  return NULL;
}

static gboolean
tavolo_gone (gpointer data)
{
  return find_tavolo (data) == NULL;
}

static void
test_fill_evaluation_card (void)
{
#ifdef ZONA_TEST_X11
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("zona-tavolo-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "tavolo.pdz", NULL);
  g_autoptr(ZonaApplication) app = NULL;
  g_autoptr(ZonaStore) store = NULL;
  g_autoptr(ZonaStore) reopened = NULL;
  g_autoptr(ZonaTemplate) template = NULL;
  g_autoptr(GHashTable) values = NULL;
  g_autoptr(GPtrArray) chapters = NULL;
  ZonaCardStatus status;
  GtkWindow *window;
  GtkWindow *main_window;
  ZonaTavoloWindow *tavolo;
  const char *why;
  gint64 card, actor, meeting;
  char *v;

  if ((why = zona_test_input_unavailable ()) != NULL)
    {
      g_test_skip (why);
      return;
    }

  /* A new 2025-2027 plan with one empty evaluation card. */
  store = zona_plan_new (path, "2025-2027", "Piano di prova", &error);
  g_assert_no_error (error);
  chapters = zona_store_list_chapters (store, 0);
  card = zona_store_add_card (store, ((ZonaChapter *) g_ptr_array_index (chapters, 0))->id,
                              "valutazione-output", "", &error);
  g_assert_no_error (error);
  actor = zona_plan_data_add_actor (store, ZONA_ACTOR_COMUNE, "Comune di Prova", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&store);

  app = zona_application_new ();
  g_application_set_application_id (G_APPLICATION (app), APP_ID ".TavoloTest");
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.tavolo-mode",
                                         (const char *[]) { "F5", NULL });
  window = zona_application_open_path (app, path);
  g_assert_nonnull (window);
  g_assert_true (zona_test_input_focus (window));
  zona_test_iterate ();
  main_window = window;
  g_assert_nonnull (zona_window_get_form_editor (ZONA_WINDOW (main_window)));

  /* F5: the meeting mode opens on the card of the main window. */
  zona_test_press (XK_F5, 0);
  zona_test_iterate ();
  tavolo = find_tavolo (app);
  g_assert_nonnull (tavolo);
  window = GTK_WINDOW (tavolo);
  g_assert_true (zona_test_input_focus (window));
  zona_test_iterate ();
  g_assert_cmpint (zona_tavolo_window_get_card_id (tavolo), ==, card);

  /* It asks for the tavolo first; Return takes the name offered. */
  g_assert_cmpint (zona_tavolo_window_get_meeting_id (tavolo), ==, 0);
  zona_test_press (XK_Return, 0);
  zona_test_iterate ();
  meeting = zona_tavolo_window_get_meeting_id (tavolo);
  g_assert_cmpint (meeting, >, 0);
  editor = zona_tavolo_window_get_form_editor (tavolo);
  g_assert_nonnull (editor);
  g_assert_cmpint (zona_form_editor_get_card_id (ZONA_FORM_EDITOR (editor)), ==, card);

  /* The title has the focus at once: it is the card's first field. */
  g_assert_true (gtk_window_get_focus (window)
                 == zona_form_editor_get_title_widget (ZONA_FORM_EDITOR (editor))
                 || gtk_widget_is_ancestor (gtk_window_get_focus (window),
                                            zona_form_editor_get_title_widget (ZONA_FORM_EDITOR (editor))));
  zona_test_type ("Politiche abitative");

  tab_to (window, "descrizione");
  zona_test_type ("Avvisi pubblici per ambito");
  tab_to (window, "grado");
  zona_test_type ("80");
  choose (window, "valutazione_utenti", 1);          /* Non prevista */
  tab_to (window, "coincidenza_risorse");
  zona_test_type ("100");
  tab_to (window, "criticita");
  zona_test_type ("Poche risorse per la rete");
  answer (window, "cambiamento", 's');               /* Sì */
  tab_to (window, "cambiamento_motivazione");
  zona_test_type ("Nuovi alloggi assegnati");
  answer (window, "continuita", 'n');                /* No */
  answer (window, "riproposta", 's');                /* Sì */
  tab_to (window, "riproposta_motivazione");
  zona_test_type ("Bisogno consolidato");

  zona_test_type (" X");
  zona_test_iterate ();

  /* The meeting's note on this card, under the form. */
  for (int i = 0; i < 8 && gtk_window_get_focus (window) != zona_tavolo_window_get_note_view (tavolo); i++)
    zona_test_press (XK_Tab, 0);
  g_assert_true (gtk_window_get_focus (window) == zona_tavolo_window_get_note_view (tavolo));
  zona_test_type ("Da rivedere a marzo");

  /* F9: attendance. The plan's first actor is ticked with Space, Tab goes to
   * the entry under the list, where a new participant is typed in. */
  zona_test_press (XK_F9, 0);
  wait_ms (700);
  g_assert_true (ADW_IS_ACTION_ROW (gtk_window_get_focus (window)));
  zona_test_press (XK_space, 0);
  for (int i = 0; i < 6 && !(gtk_window_get_focus (window)
                             && gtk_widget_get_ancestor (gtk_window_get_focus (window), ADW_TYPE_ENTRY_ROW)); i++)
    zona_test_press (XK_Tab, 0);
  g_assert_nonnull (gtk_widget_get_ancestor (gtk_window_get_focus (window), ADW_TYPE_ENTRY_ROW));
  zona_test_type ("Maria Rossi");
  zona_test_press (XK_Return, 0);
  zona_test_iterate ();

  /* Below the participants, the meeting's decisions. */
  for (int i = 0; i < 8 && !GTK_IS_TEXT_VIEW (gtk_window_get_focus (window)); i++)
    zona_test_press (XK_Tab, 0);
  g_assert_true (GTK_IS_TEXT_VIEW (gtk_window_get_focus (window)));
  g_assert_true (gtk_window_get_focus (window) != zona_tavolo_window_get_note_view (tavolo));
  zona_test_type ("Approvata la scheda");

  /* Page Down past the plan's only card stays on it. */
  zona_test_press (XK_Page_Down, 0);
  zona_test_iterate ();
  g_assert_cmpint (zona_tavolo_window_get_card_id (tavolo), ==, card);

  /* Escape leaves the mode; the main window shows the same card. */
  zona_test_press (XK_Escape, 0);
  g_assert_true (zona_test_iterate_until (tavolo_gone, app));
  window = main_window;
  editor = zona_window_get_form_editor (ZONA_WINDOW (window));
  g_assert_nonnull (editor);
  g_assert_cmpint (zona_form_editor_get_card_id (ZONA_FORM_EDITOR (editor)), ==, card);

  gtk_window_destroy (window);
  zona_test_iterate ();
  g_clear_object (&app);

  reopened = zona_store_open (path, &error);
  g_assert_no_error (error);
  v = zona_store_get_field (reopened, card, "grado"); g_assert_cmpstr (v, ==, "80"); g_free (v);
  v = zona_store_get_field (reopened, card, "valutazione_utenti"); g_assert_cmpstr (v, ==, "Non prevista"); g_free (v);
  v = zona_store_get_field (reopened, card, "coincidenza_risorse"); g_assert_cmpstr (v, ==, "100"); g_free (v);
  v = zona_store_get_field (reopened, card, "criticita"); g_assert_cmpstr (v, ==, "Poche risorse per la rete"); g_free (v);
  v = zona_store_get_field (reopened, card, "cambiamento"); g_assert_cmpstr (v, ==, "Sì"); g_free (v);
  v = zona_store_get_field (reopened, card, "cambiamento_motivazione"); g_assert_cmpstr (v, ==, "Nuovi alloggi assegnati"); g_free (v);
  v = zona_store_get_field (reopened, card, "continuita"); g_assert_cmpstr (v, ==, "No"); g_free (v);
  v = zona_store_get_field (reopened, card, "riproposta"); g_assert_cmpstr (v, ==, "Sì"); g_free (v);
  v = zona_store_get_field (reopened, card, "riproposta_motivazione"); g_assert_cmpstr (v, ==, "Bisogno consolidato X"); g_free (v);
  v = zona_store_get_field (reopened, card, "descrizione"); g_assert_cmpstr (v, ==, "Avvisi pubblici per ambito"); g_free (v);
  {
    g_autoptr(GArray) present = zona_meeting_list_attendees (reopened, meeting);
    g_autoptr(GPtrArray) notes = zona_meeting_list_cards (reopened, meeting);
    g_autoptr(ZonaActor) added = NULL;

    g_assert_cmpuint (present->len, ==, 2);
    g_autoptr(GPtrArray) actors = zona_plan_data_list_actors (reopened);

    g_assert_cmpint (g_array_index (present, gint64, 0), ==, ((ZonaActor *) g_ptr_array_index (actors, 0))->id);
    g_assert_cmpint (actor, >, 0);
    added = zona_plan_data_get_actor (reopened, g_array_index (present, gint64, 1));
    g_assert_cmpstr (added->name, ==, "Maria Rossi");
    g_assert_cmpuint (notes->len, ==, 1);
    g_assert_cmpint (((ZonaMeetingCard *) g_ptr_array_index (notes, 0))->card_id, ==, card);
    g_assert_cmpstr (((ZonaMeetingCard *) g_ptr_array_index (notes, 0))->note, ==, "Da rivedere a marzo");
  }
  {
    g_autoptr(ZonaMeeting) m = zona_meeting_get (reopened, meeting);

    g_assert_nonnull (m);
    g_assert_cmpstr (m->decisions, ==, "Approvata la scheda");
  }
  {
    g_autoptr(ZonaBlock) b = zona_store_get_block (reopened, card);
    g_assert_cmpstr (b->title, ==, "Politiche abitative");
  }

  /* Every required answer of the card is given. */
  template = zona_template_lookup ("2025-2027", &error);
  values = zona_store_get_fields (reopened, card);
  zona_card_status_compute (zona_template_get_card_type (template, "valutazione-output"), values, &status);
  g_assert_cmpuint (status.answered, ==, status.required);
  g_assert_cmpuint (status.required, >, 5);
#else
  g_test_skip ("Built without X11 and XTEST support");
#endif
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_test_add_func ("/tavolo/fill-evaluation-card", test_fill_evaluation_card);
  return g_test_run ();
}
