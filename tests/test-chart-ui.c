/* test-chart-ui.c: a chart made from a data table with the keyboard, and kept
 * up to date when a cell changes
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window shows the sample plan's table of foreign residents; Alt+C (the
 * “Make a _Chart of This Table” button) makes the chart. A cell is then typed
 * over (Return, digits, Return) and the chart draws the new figure; Ctrl+Z
 * with the chart on screen takes it back and the preview follows. Every key
 * is a real key press through XTEST; pages are chosen through the window's
 * API. Runs only under xvfb-run.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "zona-application.h"
#include "zona-sample.h"
#include "zona-test-input.h"
#include "ui/zona-window.h"
#include "ui/zona-table-editor.h"
#include "charts/zona-chart.h"
#include "charts/zona-chart-view.h"
#include "model/zona-plan-data.h"

#ifdef ZONA_TEST_X11
#include <X11/keysym.h>
#endif

static GtkWidget *
find_chart_view (GtkWidget *widget)
{
  if (ZONA_IS_CHART_VIEW (widget) && gtk_widget_get_mapped (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_chart_view (child);

      if (found)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_widget (GtkWidget *widget,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) && gtk_widget_get_mapped (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

      if (found)
        return found;
    }
  return NULL;
}

static gboolean
cell_shown (gpointer editor)
{
  return zona_table_editor_get_cell_widget (editor, 0, 1) != NULL;
}

typedef struct {
  GtkWindow *window;
  ZonaStore *store;
  gint64     table_id;
} Ctx;

static gboolean
two_charts (gpointer data)
{
  Ctx *ctx = data;
  g_autoptr(GPtrArray) charts = zona_plan_data_list_charts (ctx->store, ctx->table_id);

  return charts->len == 2 && find_chart_view (GTK_WIDGET (ctx->window)) != NULL;
}

/* The value the chart view draws for @category in its first series. */
static double
drawn_value (GtkWindow  *window,
             const char *category)
{
  GtkWidget *view = find_chart_view (GTK_WIDGET (window));
  const ZonaChartData *data;

  g_assert_nonnull (view);
  data = zona_chart_view_get_data (ZONA_CHART_VIEW (view));
  g_assert_nonnull (data);
  g_assert_cmpuint (data->series->len, >=, 1);
  for (guint i = 0; i < data->categories->len; i++)
    if (g_str_equal (g_ptr_array_index (data->categories, i), category))
      {
        ZonaChartSeries *series = g_ptr_array_index (data->series, 0);

        return g_array_index (series->values, double, i);
      }
  g_error ("The chart has no category “%s”", category);
  return NAN;
}

static void
test_chart_from_table (void)
{
#ifdef ZONA_TEST_X11
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("zona-chart-ui-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "grafici.pdz", NULL);
  g_autoptr(ZonaApplication) app = NULL;
  g_autoptr(GPtrArray) columns = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) blocks = NULL;
  g_autoptr(ZonaBlock) table_block = NULL;
  g_autoptr(ZonaBlock) chart_block = NULL;
  g_autoptr(ZonaChart) chart = NULL;
  g_autoptr(GPtrArray) charts = NULL;
  GtkListBoxRow *selected;
  GtkWidget *editor;
  Ctx ctx = { 0 };
  const char *why;
  gint64 first_row = 0;

  if ((why = zona_test_input_unavailable ()) != NULL)
    {
      g_test_skip (why);
      return;
    }

  g_assert_true (zona_sample_write (path, &error));
  g_assert_no_error (error);

  app = zona_application_new ();
  g_application_set_application_id (G_APPLICATION (app), APP_ID ".ChartUiTest");
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.undo",
                                         (const char *[]) { "<Control>z", NULL });
  ctx.window = zona_application_open_path (app, path);
  g_assert_nonnull (ctx.window);
  ctx.store = zona_window_get_store (ZONA_WINDOW (ctx.window));
  g_assert_true (zona_test_input_focus (ctx.window));

  /* The sample's table of foreign residents has one chart to begin with. */
  ctx.table_id = zona_plan_data_find_table (ctx.store, "stranieri-comuni-2020");
  g_assert_cmpint (ctx.table_id, >, 0);
  charts = zona_plan_data_list_charts (ctx.store, ctx.table_id);
  g_assert_cmpuint (charts->len, ==, 1);
  g_clear_pointer (&charts, g_ptr_array_unref);

  /* Select the table's block in the outline; its page shows the editor. */
  {
    g_autoptr(GPtrArray) chapters = zona_store_list_chapters (ctx.store, 0);

    for (guint c = 0; c < chapters->len && table_block == NULL; c++)
      {
        g_autoptr(GPtrArray) list = zona_store_list_blocks (ctx.store,
                                                           ((ZonaChapter *) chapters->pdata[c])->id);

        for (guint i = 0; i < list->len; i++)
          {
            ZonaBlock *b = list->pdata[i];

            if (b->kind == ZONA_BLOCK_TABLE && g_strcmp0 (b->ref_uid, "stranieri-comuni-2020") == 0)
              {
                table_block = zona_store_get_block (ctx.store, b->id);
                break;
              }
          }
      }
  }
  g_assert_nonnull (table_block);
  g_assert_true (zona_window_select_block (ZONA_WINDOW (ctx.window), table_block->id));
  zona_test_iterate ();
  g_assert_null (find_chart_view (GTK_WIDGET (ctx.window)));

  /* Alt+C: the page's “Make a _Chart of This Table”. */
  zona_test_press (XK_c, GDK_ALT_MASK);
  g_assert_true (zona_test_iterate_until (two_charts, &ctx));

  /* A bar chart of the numeric columns, labelled by the comuni, placed
   * right after the table and selected in the outline. */
  selected = gtk_list_box_get_selected_row (zona_window_get_outline (ZONA_WINDOW (ctx.window)));
  g_assert_nonnull (selected);
  blocks = zona_store_list_blocks (ctx.store, table_block->chapter_id);
  g_assert_cmpuint (blocks->len, >, (guint) table_block->position + 1);
  chart_block = zona_store_get_block (ctx.store,
                                      ((ZonaBlock *) blocks->pdata[table_block->position + 1])->id);
  g_assert_cmpint (chart_block->kind, ==, ZONA_BLOCK_CHART);
  chart = zona_plan_data_get_chart (ctx.store, zona_plan_data_find_chart (ctx.store, chart_block->ref_uid));
  g_assert_nonnull (chart);
  g_assert_cmpint (chart->table_id, ==, ctx.table_id);
  g_assert_cmpint (chart->kind, ==, ZONA_CHART_BAR);
  g_assert_cmpint (chart->label_column, ==, 0);
  g_assert_cmpuint (chart->series->len, ==, 3);
  g_assert_cmpstr (chart->title, ==, "Popolazione di origine straniera");

  /* The preview draws the table: Calvatone, 1.071 of Italian origin. */
  g_assert_cmpfloat_with_epsilon (drawn_value (ctx.window, "CALVATONE"), 1071.0, 1e-9);

  /* Back to the table: the first count, 1.071, becomes 1234, typed. */
  g_assert_true (zona_window_select_block (ZONA_WINDOW (ctx.window), table_block->id));
  zona_test_iterate ();
  editor = find_widget (GTK_WIDGET (ctx.window), ZONA_TYPE_TABLE_EDITOR);
  g_assert_nonnull (editor);
  g_assert_true (zona_test_iterate_until (cell_shown, editor));
  g_assert_true (zona_table_editor_set_cursor (ZONA_TABLE_EDITOR (editor), 0, 1));
  zona_test_iterate ();
  zona_test_press (XK_Return, 0);
  zona_test_type ("1234");
  zona_test_press (XK_Return, 0);
  columns = zona_plan_data_list_columns (ctx.store, ctx.table_id);
  rows = zona_plan_data_list_rows (ctx.store, ctx.table_id);
  first_row = ((ZonaDataRow *) rows->pdata[0])->id;
  {
    g_autofree char *cell = zona_plan_data_get_cell (ctx.store, first_row,
                                                     ((ZonaDataColumn *) columns->pdata[1])->id);
    g_assert_cmpstr (cell, ==, "1234");
  }

  /* The new chart draws the new figure … */
  g_assert_true (zona_window_select_block (ZONA_WINDOW (ctx.window), chart_block->id));
  zona_test_iterate ();
  g_assert_cmpfloat_with_epsilon (drawn_value (ctx.window, "CALVATONE"), 1234.0, 1e-9);

  /* … and follows a change made while it is on screen: Ctrl+Z takes the
   * typed figure back, and the preview with it. */
  gtk_widget_grab_focus (find_chart_view (GTK_WIDGET (ctx.window)));
  zona_test_press (XK_z, GDK_CONTROL_MASK);
  {
    g_autofree char *cell = zona_plan_data_get_cell (ctx.store, first_row,
                                                     ((ZonaDataColumn *) columns->pdata[1])->id);
    g_assert_cmpstr (cell, ==, "1.071");
  }
  g_assert_cmpfloat_with_epsilon (drawn_value (ctx.window, "CALVATONE"), 1071.0, 1e-9);

  /* Undo once more: the whole new chart goes, in one step. */
  g_assert_true (zona_store_undo (ctx.store, &error));
  g_assert_no_error (error);
  zona_test_iterate ();
  charts = zona_plan_data_list_charts (ctx.store, ctx.table_id);
  g_assert_cmpuint (charts->len, ==, 1);

  gtk_window_destroy (ctx.window);
  zona_test_iterate ();
  g_clear_object (&app);
  g_unlink (path);
  g_rmdir (dir);
#else
  g_test_skip ("Built without X11 and XTEST support");
#endif
}

/* The chapter page's “New Data Table”: a table ready to type in, shown at the
 * end of the chapter and selected; one undo step takes it all back. */
static void
test_new_table (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("zona-new-table-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "tabelle.pdz", NULL);
  g_autoptr(ZonaApplication) app = NULL;
  g_autoptr(GPtrArray) chapters = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GPtrArray) tables = NULL;
  g_autoptr(GPtrArray) columns = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  ZonaBlock *last;
  ZonaStore *store;
  GtkWindow *window;
  gint64 chapter = 0, table_id;
  guint n_tables;

  g_assert_true (zona_sample_write (path, &error));
  app = zona_application_new ();
  g_application_set_application_id (G_APPLICATION (app), APP_ID ".NewTableTest");
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  window = zona_application_open_path (app, path);
  g_assert_nonnull (window);
  store = zona_window_get_store (ZONA_WINDOW (window));

  chapters = zona_store_list_chapters (store, 0);
  for (guint i = 0; i < chapters->len; i++)
    if (g_strcmp0 (((ZonaChapter *) chapters->pdata[i])->role, "contesto") == 0)
      chapter = ((ZonaChapter *) chapters->pdata[i])->id;
  g_assert_cmpint (chapter, >, 0);
  g_assert_true (zona_window_select_chapter (ZONA_WINDOW (window), chapter));
  zona_test_iterate ();
  before = zona_store_list_blocks (store, chapter);
  tables = zona_plan_data_list_tables (store);
  n_tables = tables->len;
  g_clear_pointer (&tables, g_ptr_array_unref);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.add-table", "x", chapter));
  zona_test_iterate ();

  after = zona_store_list_blocks (store, chapter);
  g_assert_cmpuint (after->len, ==, before->len + 1);
  last = after->pdata[after->len - 1];
  g_assert_cmpint (last->kind, ==, ZONA_BLOCK_TABLE);
  table_id = zona_plan_data_find_table (store, last->ref_uid);
  g_assert_cmpint (table_id, >, 0);
  columns = zona_plan_data_list_columns (store, table_id);
  rows = zona_plan_data_list_rows (store, table_id);
  g_assert_cmpuint (columns->len, ==, 2);
  g_assert_cmpint (((ZonaDataColumn *) columns->pdata[0])->type, ==, ZONA_COLUMN_TEXT);
  g_assert_cmpint (((ZonaDataColumn *) columns->pdata[1])->type, ==, ZONA_COLUMN_INTEGER);
  g_assert_cmpuint (rows->len, ==, 1);
  /* Its page is shown, with the table's editor. */
  g_assert_nonnull (find_widget (GTK_WIDGET (window), ZONA_TYPE_TABLE_EDITOR));

  g_assert_true (zona_store_undo (store, &error));
  g_assert_no_error (error);
  zona_test_iterate ();
  g_clear_pointer (&after, g_ptr_array_unref);
  after = zona_store_list_blocks (store, chapter);
  g_assert_cmpuint (after->len, ==, before->len);
  tables = zona_plan_data_list_tables (store);
  g_assert_cmpuint (tables->len, ==, n_tables);

  gtk_window_destroy (window);
  zona_test_iterate ();
  g_clear_object (&app);
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_test_add_func ("/ui/chart/from-table-by-keyboard", test_chart_from_table);
  g_test_add_func ("/ui/table/new-in-chapter", test_new_table);
  return g_test_run ();
}
