/* test-overview.c: the plan overview on a sample copy — its figures are the
 * plan's, and it follows edits
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under Xvfb and a private session bus (see the README's test command).
 */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "zona-application.h"
#include "zona-sample.h"
#include "ui/zona-window.h"
#include "ui/zona-overview.h"
#include "checks/zona-card-status.h"
#include "checks/zona-checks.h"
#include "model/zona-plan-data.h"

static void
iterate (void)
{
  for (int i = 0; i < 200 && g_main_context_iteration (NULL, FALSE); i++)
    ;
}

static ZonaApplication *
test_app (void)
{
  static int n;
  ZonaApplication *app = zona_application_new ();
  g_autofree char *id = g_strdup_printf ("%s.Overview%d", APP_ID, ++n);

  g_application_set_application_id (G_APPLICATION (app), id);
  return app;
}

static char *
sample_copy (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("zona-overview-XXXXXX", &error);
  char *path = g_build_filename (dir, "esempio.pdz", NULL);

  g_assert_no_error (error);
  g_assert_true (zona_sample_write (path, &error));
  g_assert_no_error (error);
  return path;
}

static GtkWidget *
find_overview (GtkWidget *widget)
{
  if (ZONA_IS_OVERVIEW (widget))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_overview (c);
      if (found)
        return found;
    }
  return NULL;
}

/* ---- the same figures, counted here ------------------------------------- */

static void
status_of (ZonaStore    *store,
           ZonaTemplate *template,
           gint64        chapter,
           guint        *answered,
           guint        *required)
{
  g_autoptr(GPtrArray) blocks = zona_store_list_blocks (store, chapter);
  g_autoptr(GPtrArray) children = zona_store_list_chapters (store, chapter);

  for (guint i = 0; i < blocks->len; i++)
    {
      ZonaBlock *b = g_ptr_array_index (blocks, i);
      const ZonaCardType *type = b->kind == ZONA_BLOCK_CARD
        ? zona_template_get_card_type (template, b->card_type) : NULL;
      g_autoptr(GHashTable) values = NULL;
      ZonaCardStatus st;

      if (type == NULL)
        continue;
      values = zona_store_get_fields (store, b->id);
      zona_card_status_compute (type, values, &st);
      *answered += st.answered;
      *required += st.required;
    }
  for (guint i = 0; i < children->len; i++)
    status_of (store, template, ((ZonaChapter *) g_ptr_array_index (children, i))->id,
               answered, required);
}

static void
check_completion (ZonaOverview *overview,
                  ZonaStore    *store,
                  ZonaTemplate *template)
{
  const ZonaChartData *data = zona_overview_get_completion (overview);
  g_autoptr(GPtrArray) chapters = zona_store_list_chapters (store, 0);
  guint n = 0;

  g_assert_nonnull (data);
  g_assert_true (data->kind == ZONA_CHART_HBAR);
  g_assert_cmpstr (data->unit, ==, "%");
  for (guint i = 0; i < chapters->len; i++)
    {
      ZonaChapter *c = g_ptr_array_index (chapters, i);
      guint answered = 0, required = 0;

      status_of (store, template, c->id, &answered, &required);
      if (required == 0)
        continue;
      g_assert_cmpstr (g_ptr_array_index (data->categories, n), ==, c->title);
      g_assert_cmpfloat (zona_chart_data_get_value (data, 0, n), ==, answered * 100 / required);
      n++;
    }
  g_assert_cmpuint (n, >, 0);
  g_assert_cmpuint (data->categories->len, ==, n);
}

static void
count_cards (ZonaStore    *store,
             ZonaTemplate *template,
             gint64        parent,
             GHashTable   *counts)
{
  g_autoptr(GPtrArray) chapters = zona_store_list_chapters (store, parent);

  for (guint i = 0; i < chapters->len; i++)
    {
      ZonaChapter *c = g_ptr_array_index (chapters, i);
      g_autoptr(GPtrArray) blocks = zona_store_list_blocks (store, c->id);

      for (guint j = 0; j < blocks->len; j++)
        {
          ZonaBlock *b = g_ptr_array_index (blocks, j);
          const ZonaCardType *type = b->kind == ZONA_BLOCK_CARD
            ? zona_template_get_card_type (template, b->card_type) : NULL;
          g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

          for (guint r = 0; type && r < type->rows->len; r++)
            {
              ZonaRow *row = g_ptr_array_index (type->rows, r);

              for (guint f = 0; f < row->fields->len; f++)
                {
                  ZonaField *field = g_ptr_array_index (row->fields, f);
                  g_autofree char *code = NULL;

                  if (field->kind != ZONA_FIELD_MACRO_AREA || g_strcmp0 (field->scheme, "regional"))
                    continue;
                  code = zona_store_get_field (store, b->id, field->key);
                  if (code && *code && !g_hash_table_contains (seen, code))
                    {
                      g_hash_table_add (seen, g_strdup (code));
                      g_hash_table_insert (counts, g_strdup (code),
                                           GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, code)) + 1));
                    }
                }
            }
        }
      count_cards (store, template, c->id, counts);
    }
}

/* Returns the number of cards with a regional area. */
static guint
check_areas (ZonaOverview *overview,
             ZonaStore    *store,
             ZonaTemplate *template)
{
  const ZonaChartData *data = zona_overview_get_areas (overview);
  GPtrArray *areas = zona_template_get_macro_areas (template);
  g_autoptr(GHashTable) cards = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) objectives = zona_plan_data_list_objectives (store);
  guint n = 0, total = 0, total_objectives = 0;

  count_cards (store, template, 0, cards);
  g_assert_nonnull (data);
  for (guint i = 0; i < areas->len; i++)
    {
      ZonaMacroArea *a = g_ptr_array_index (areas, i);
      guint nc = GPOINTER_TO_UINT (g_hash_table_lookup (cards, a->code)), no = 0;

      if (g_strcmp0 (a->scheme, "regional"))
        continue;
      for (guint j = 0; j < objectives->len; j++)
        no += g_strcmp0 (((ZonaObjective *) g_ptr_array_index (objectives, j))->regional_area,
                         a->code) == 0;
      if (nc + no == 0)
        continue;
      g_assert_true (strstr (g_ptr_array_index (data->categories, n), a->title) != NULL);
      g_assert_cmpfloat (zona_chart_data_get_value (data, 0, n), ==, nc);
      g_assert_cmpfloat (zona_chart_data_get_value (data, 1, n), ==, no);
      total += nc;
      total_objectives += no;
      n++;
    }
  g_assert_cmpuint (data->categories->len, ==, n);
  g_assert_cmpuint (total_objectives, >, 0);   /* the sample registers objectives */
  return total;
}

static void
check_problems (ZonaOverview *overview,
                ZonaStore    *store,
                ZonaTemplate *template)
{
  g_autoptr(GPtrArray) problems = zona_checks_run (store, template);

  g_assert_cmpuint (zona_overview_get_n_problems (overview, ZONA_PROBLEM_ERROR), ==,
                    zona_checks_count (problems, ZONA_PROBLEM_ERROR));
  g_assert_cmpuint (zona_overview_get_n_problems (overview, ZONA_PROBLEM_WARNING), ==,
                    zona_checks_count (problems, ZONA_PROBLEM_WARNING));
}

/* A required field of a card that is answered, and the card. */
static gboolean
find_answered_required (ZonaStore    *store,
                        ZonaTemplate *template,
                        gint64        parent,
                        gint64       *card,
                        char        **key)
{
  g_autoptr(GPtrArray) chapters = zona_store_list_chapters (store, parent);

  for (guint i = 0; i < chapters->len; i++)
    {
      ZonaChapter *c = g_ptr_array_index (chapters, i);
      g_autoptr(GPtrArray) blocks = zona_store_list_blocks (store, c->id);

      for (guint j = 0; j < blocks->len; j++)
        {
          ZonaBlock *b = g_ptr_array_index (blocks, j);
          const ZonaCardType *type = b->kind == ZONA_BLOCK_CARD
            ? zona_template_get_card_type (template, b->card_type) : NULL;
          g_autoptr(GHashTable) values = NULL;

          if (type == NULL)
            continue;
          values = zona_store_get_fields (store, b->id);
          for (guint r = 0; r < type->rows->len; r++)
            {
              ZonaRow *row = g_ptr_array_index (type->rows, r);

              for (guint f = 0; f < row->fields->len; f++)
                {
                  ZonaField *field = g_ptr_array_index (row->fields, f);

                  if ((field->kind == ZONA_FIELD_TEXT || field->kind == ZONA_FIELD_LONG_TEXT)
                      && zona_field_is_required (row, field, f, values)
                      && zona_field_is_answered (field, values))
                    {
                      *card = b->id;
                      *key = g_strdup (field->key);
                      return TRUE;
                    }
                }
            }
        }
      if (find_answered_required (store, template, c->id, card, key))
        return TRUE;
    }
  return FALSE;
}

static void
test_overview_figures (void)
{
  g_autofree char *path = sample_copy ();
  g_autoptr(ZonaApplication) app = test_app ();
  g_autoptr(GError) error = NULL;
  g_autoptr(ZonaTemplate) template = NULL;
  g_autofree char *template_id = NULL, *key = NULL;
  g_autofree double *before = NULL;
  const ZonaChartData *data;
  guint problems_before;
  GtkWindow *window;
  GtkWidget *overview;
  ZonaStore *store;
  gint64 card = 0;
  guint n_cards, changed = 0;

  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  window = zona_application_open_path (app, path);
  g_assert_true (ZONA_IS_WINDOW (window));
  iterate ();
  store = zona_window_get_store (ZONA_WINDOW (window));
  template_id = zona_store_get_meta (store, "template");
  template = zona_template_lookup (template_id, &error);
  g_assert_no_error (error);

  /* The plan still opens on its first card; the overview is one action away. */
  g_assert_nonnull (zona_window_get_form_editor (ZONA_WINDOW (window)));
  g_assert_null (find_overview (GTK_WIDGET (window)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-overview", NULL));
  iterate ();
  overview = find_overview (GTK_WIDGET (window));
  g_assert_true (ZONA_IS_OVERVIEW (overview));
  g_assert_true (gtk_widget_get_mapped (overview));
  g_assert_null (gtk_list_box_get_selected_row (zona_window_get_outline (ZONA_WINDOW (window))));

  check_completion (ZONA_OVERVIEW (overview), store, template);
  check_problems (ZONA_OVERVIEW (overview), store, template);
  n_cards = check_areas (ZONA_OVERVIEW (overview), store, template);

  /* Empty a required answer through the store: the overview follows. */
  data = zona_overview_get_completion (ZONA_OVERVIEW (overview));
  before = g_new (double, data->categories->len);
  for (guint i = 0; i < data->categories->len; i++)
    before[i] = zona_chart_data_get_value (data, 0, i);
  problems_before = zona_overview_get_n_problems (ZONA_OVERVIEW (overview), ZONA_PROBLEM_ERROR)
                    + zona_overview_get_n_problems (ZONA_OVERVIEW (overview), ZONA_PROBLEM_WARNING);
  g_assert_true (find_answered_required (store, template, 0, &card, &key));
  g_assert_true (zona_store_set_field (store, card, key, "", &error));
  g_assert_no_error (error);
  iterate ();
  g_assert_true (find_overview (GTK_WIDGET (window)) == overview);
  check_completion (ZONA_OVERVIEW (overview), store, template);
  check_problems (ZONA_OVERVIEW (overview), store, template);
  data = zona_overview_get_completion (ZONA_OVERVIEW (overview));
  for (guint i = 0; i < data->categories->len; i++)
    changed += zona_chart_data_get_value (data, 0, i) != before[i];
  g_assert_cmpuint (changed, <=, 1);     /* one chapter, when the whole percent moves */
  g_assert_cmpuint (zona_overview_get_n_problems (ZONA_OVERVIEW (overview), ZONA_PROBLEM_ERROR)
                    + zona_overview_get_n_problems (ZONA_OVERVIEW (overview), ZONA_PROBLEM_WARNING),
                    >, problems_before);

  /* Undo brings it back. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  iterate ();
  data = zona_overview_get_completion (ZONA_OVERVIEW (overview));
  for (guint i = 0; i < data->categories->len; i++)
    g_assert_cmpfloat (zona_chart_data_get_value (data, 0, i), ==, before[i]);

  /* A card's regional area moves it from one bar to another. */
  {
    GPtrArray *areas = zona_template_get_macro_areas (template);
    const char *last = ((ZonaMacroArea *) g_ptr_array_index (areas, areas->len - 1))->code;
    gint64 area_card = 0;
    g_autofree char *area_key = NULL;
    g_autoptr(GPtrArray) chapters = NULL;

    /* the first card with a regional area field */
    for (GList *stack = g_list_prepend (NULL, GINT_TO_POINTER (0)); stack && !area_card; )
      {
        gint64 parent = GPOINTER_TO_INT (stack->data);
        g_autoptr(GPtrArray) chs = zona_store_list_chapters (store, parent);

        stack = g_list_delete_link (stack, stack);
        for (guint i = 0; i < chs->len && !area_card; i++)
          {
            ZonaChapter *c = g_ptr_array_index (chs, i);
            g_autoptr(GPtrArray) blocks = zona_store_list_blocks (store, c->id);

            for (guint j = 0; j < blocks->len && !area_card; j++)
              {
                ZonaBlock *b = g_ptr_array_index (blocks, j);
                const ZonaCardType *type = b->kind == ZONA_BLOCK_CARD
                  ? zona_template_get_card_type (template, b->card_type) : NULL;

                for (guint r = 0; type && r < type->rows->len && !area_card; r++)
                  {
                    ZonaRow *row = g_ptr_array_index (type->rows, r);

                    for (guint f = 0; f < row->fields->len; f++)
                      {
                        ZonaField *field = g_ptr_array_index (row->fields, f);

                        if (field->kind == ZONA_FIELD_MACRO_AREA
                            && g_strcmp0 (field->scheme, "regional") == 0)
                          {
                            area_card = b->id;
                            area_key = g_strdup (field->key);
                            break;
                          }
                      }
                  }
              }
            stack = g_list_append (stack, GINT_TO_POINTER (c->id));
          }
        if (area_card)
          g_list_free (stack), stack = NULL;
      }
    g_assert_cmpint (area_card, >, 0);
    g_assert_true (zona_store_set_field (store, area_card, area_key, last, &error));
    g_assert_no_error (error);
    iterate ();
    g_assert_cmpuint (check_areas (ZONA_OVERVIEW (overview), store, template), >=, n_cards);
    data = zona_overview_get_areas (ZONA_OVERVIEW (overview));
    g_assert_cmpfloat (zona_chart_data_get_value (data, 0, data->categories->len - 1), >=, 1);
    (void) chapters;
  }

  /* Review states: a card discussed at the tavolo moves from one count to the other. */
  {
    guint total = 0, drafts;

    for (guint st = ZONA_REVIEW_DRAFT; st <= ZONA_REVIEW_APPROVED; st++)
      total += zona_overview_get_n_cards_in_state (ZONA_OVERVIEW (overview), st);
    g_assert_cmpuint (total, >, 0);
    drafts = zona_overview_get_n_cards_in_state (ZONA_OVERVIEW (overview), ZONA_REVIEW_DRAFT);
    g_assert_cmpuint (drafts, ==, total);   /* the sample is all draft */
    g_assert_true (zona_store_set_card_review (store, card, ZONA_REVIEW_DISCUSSED, &error));
    g_assert_no_error (error);
    iterate ();
    g_assert_cmpuint (zona_overview_get_n_cards_in_state (ZONA_OVERVIEW (overview), ZONA_REVIEW_DRAFT),
                      ==, drafts - 1);
    g_assert_cmpuint (zona_overview_get_n_cards_in_state (ZONA_OVERVIEW (overview), ZONA_REVIEW_DISCUSSED),
                      ==, 1);
  }

  /* The problems button reaches the window's panel. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-problems", NULL));
  iterate ();

  gtk_window_destroy (window);
  iterate ();
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_test_add_func ("/overview/figures", test_overview_figures);
  return g_test_run ();
}
