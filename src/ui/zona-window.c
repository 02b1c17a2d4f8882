/* zona-window.c: a plan's window — outline on the left, the selected page on the right
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "zona-window"

#include "config.h"

#include <glib/gi18n.h>

#include "zona-window.h"
#include "zona-form-editor.h"
#include "zona-text-editor.h"
#include "zona-table-editor.h"
#include "zona-csv-import-dialog.h"
#include "zona-overview.h"
#include "zona-tavolo-window.h"
#include "charts/zona-chart.h"
#include "charts/zona-chart-view.h"
#include "model/zona-plan-data.h"
#include "model/zona-rollover.h"
#include "export/zona-odt-writer.h"
#include "templates/zona-template.h"
#include "checks/zona-checks.h"
#include "checks/zona-card-status.h"

struct _ZonaWindow
{
  AdwApplicationWindow  parent_instance;

  ZonaStore            *store;
  ZonaTemplate         *template;
  char                 *plan_title;

  /* template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwLeaflet           *leaflet;
  GtkListBox           *outline;
  AdwWindowTitle       *sidebar_title;
  AdwWindowTitle       *content_title;
  GtkStack             *content_stack;
  AdwBin               *page_bin;
  GMenu                *recent_submenu;

  GtkRevealer          *banner;
  GtkLabel             *banner_label;
  GtkMenuButton        *problems_button;
  GtkPopover           *problems_popover;
  GtkLabel             *problems_summary;
  GtkListBox           *problems_list;
  GtkLabel             *problems_count;
  guint                 checks_source;
  GtkRevealer          *export_bar;
  GtkProgressBar       *export_progress;
  GCancellable         *export_cancellable;

  GtkWidget            *form_editor;
  GtkWidget            *review_row;      /* the shown card's or chapter's state */
  guint                 rebuilding : 1;
};

G_DEFINE_FINAL_TYPE (ZonaWindow, zona_window, ADW_TYPE_APPLICATION_WINDOW)

#define CHAPTER_ID "zona-chapter-id"
#define BLOCK_ID "zona-block-id"

static void
toast (ZonaWindow *self,
       const char *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

static void
update_undo_actions (ZonaWindow *self)
{
  gboolean ro = zona_store_is_read_only (self->store);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo", !ro && zona_store_can_undo (self->store));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.redo", !ro && zona_store_can_redo (self->store));
}

/* ---- outline ---------------------------------------------------------- */

static GtkWidget *
outline_row_new_with_icon (const char *text,
                           int         depth,
                           const char *icon);

static GtkWidget *
outline_row_new (const char *text,
                 int         depth,
                 gboolean    is_card)
{
  return outline_row_new_with_icon (text, depth, is_card ? "x-office-document-symbolic" : NULL);
}

static GtkWidget *
outline_row_new_with_icon (const char *text,
                           int         depth,
                           const char *icon)
{
  gboolean is_card = icon != NULL;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *label = gtk_label_new (text && *text ? text : _("Untitled"));

  gtk_widget_set_margin_start (box, 12 * depth);
  if (icon != NULL)
    gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name (icon));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
  gtk_widget_set_tooltip_text (label, text);
  gtk_box_append (GTK_BOX (box), label);
  if (!is_card && depth == 0)
    gtk_widget_add_css_class (label, "outline-chapter");
  if (!is_card)
    {
      GtkWidget *badge = gtk_label_new (NULL);
      gtk_widget_add_css_class (badge, "dim-label");
      gtk_widget_add_css_class (badge, "caption");
      gtk_widget_set_hexpand (badge, TRUE);
      gtk_widget_set_halign (badge, GTK_ALIGN_END);
      gtk_widget_set_visible (badge, FALSE);
      gtk_box_append (GTK_BOX (box), badge);
      g_object_set_data (G_OBJECT (row), "zona-badge", badge);
    }
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  text ? text : "", -1);
  g_object_set_data (G_OBJECT (row), "zona-label", label);
  return row;
}

/* The title of a data table or a chart, for the outline and its page. */
static char *
block_display_name (ZonaWindow      *self,
                    const ZonaBlock *b)
{
  if (b->kind == ZONA_BLOCK_TABLE)
    {
      gint64 id = b->ref_uid ? zona_plan_data_find_table (self->store, b->ref_uid) : 0;
      g_autoptr(ZonaDataTable) t = id ? zona_plan_data_get_table (self->store, id) : NULL;
      return g_strdup (t && *t->title ? t->title : _("Data table"));
    }
  if (b->kind == ZONA_BLOCK_CHART)
    {
      gint64 id = b->ref_uid ? zona_plan_data_find_chart (self->store, b->ref_uid) : 0;
      g_autoptr(ZonaChart) c = id ? zona_plan_data_get_chart (self->store, id) : NULL;
      return g_strdup (c && c->title && *c->title ? c->title : _("Chart"));
    }
  return g_strdup (b->title ? b->title : "");
}

/* Chapters are numbered by their place, as the export numbers them. */
static void
fill_outline (ZonaWindow *self,
              gint64      parent_id,
              int         depth,
              const char *prefix)
{
  g_autoptr(GPtrArray) chapters = zona_store_list_chapters (self->store, parent_id);

  for (guint i = 0; i < chapters->len; i++)
    {
      ZonaChapter *c = g_ptr_array_index (chapters, i);
      g_autoptr(GPtrArray) blocks = zona_store_list_blocks (self->store, c->id);
      g_autofree char *number = prefix ? g_strdup_printf ("%s.%u", prefix, i + 1)
                                       : g_strdup_printf ("%u", i + 1);
      g_autofree char *text = g_strdup_printf ("%s %s", number, c->title);
      GtkWidget *row = outline_row_new (text, depth, FALSE);

      g_object_set_data (G_OBJECT (row), CHAPTER_ID, GINT_TO_POINTER (1));
      g_object_set_data_full (G_OBJECT (row), "zona-id", g_memdup2 (&c->id, sizeof c->id), g_free);
      gtk_list_box_append (self->outline, row);

      for (guint j = 0; j < blocks->len; j++)
        {
          ZonaBlock *b = g_ptr_array_index (blocks, j);
          g_autofree char *name = NULL;
          GtkWidget *card_row;

          /* Cards, data tables and charts have pages of their own. */
          if (b->kind == ZONA_BLOCK_CARD)
            card_row = outline_row_new (b->title, depth + 1, TRUE);
          else if (b->kind == ZONA_BLOCK_TABLE || b->kind == ZONA_BLOCK_CHART)
            {
              name = block_display_name (self, b);
              card_row = outline_row_new_with_icon (name, depth + 1,
                                                    b->kind == ZONA_BLOCK_TABLE
                                                    ? "x-office-spreadsheet-symbolic"
                                                    : "image-x-generic-symbolic");
            }
          else
            continue;
          g_object_set_data (G_OBJECT (card_row), BLOCK_ID, GINT_TO_POINTER (1));
          g_object_set_data_full (G_OBJECT (card_row), "zona-id",
                                  g_memdup2 (&b->id, sizeof b->id), g_free);
          gtk_list_box_append (self->outline, card_row);
        }
      fill_outline (self, c->id, depth + 1, number);
    }
}

static gint64
row_id (GtkListBoxRow *row)
{
  gint64 *id = g_object_get_data (G_OBJECT (row), "zona-id");
  return id ? *id : 0;
}

static GtkListBoxRow *
find_row (ZonaWindow *self,
          const char *what,
          gint64      id)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->outline));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child) && g_object_get_data (G_OBJECT (child), what)
        && row_id (GTK_LIST_BOX_ROW (child)) == id)
      return GTK_LIST_BOX_ROW (child);
  return NULL;
}

static void show_chapter (ZonaWindow *self, gint64 chapter_id, const char *title);
static GtkWidget *review_group_new (ZonaWindow *self, gint64 id, gboolean chapter);
static void show_card (ZonaWindow *self, gint64 card_id);

/* Chapters or blocks came or went (an edit, an undo): read the outline again,
 * keep the selection, and leave the page alone unless its subject is gone. */
static void
rebuild_outline (ZonaWindow *self,
                 gboolean    reload_page)
{
  GtkListBoxRow *selected = gtk_list_box_get_selected_row (self->outline);
  gboolean was_card = selected && g_object_get_data (G_OBJECT (selected), BLOCK_ID);
  gint64 selected_id = selected ? row_id (selected) : 0;
  GtkWidget *child;
  GtkListBoxRow *again;

  self->rebuilding = TRUE;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->outline))) != NULL)
    gtk_list_box_remove (self->outline, child);
  fill_outline (self, 0, 0, NULL);

  again = selected_id ? find_row (self, was_card ? BLOCK_ID : CHAPTER_ID, selected_id) : NULL;
  if (again != NULL)
    gtk_list_box_select_row (self->outline, again);
  self->rebuilding = FALSE;

  if (again == NULL && selected_id != 0)
    {
      self->form_editor = NULL;
      gtk_stack_set_visible_child_name (self->content_stack, "empty");
      adw_window_title_set_title (self->content_title, "");
    }
  else if (again != NULL && reload_page)
    {
      GtkWidget *label = g_object_get_data (G_OBJECT (again), "zona-label");
      if (was_card)
        show_card (self, selected_id);
      else
        show_chapter (self, selected_id, gtk_label_get_text (GTK_LABEL (label)));
    }
}

/* ---- pages ------------------------------------------------------------ */

static void
show_page (ZonaWindow *self,
           GtkWidget  *page,
           const char *title)
{
  adw_bin_set_child (self->page_bin, page);
  adw_window_title_set_title (self->content_title, title && *title ? title : _("Untitled"));
  gtk_stack_set_visible_child_name (self->content_stack, "page");
}

static void show_block (ZonaWindow *self, gint64 block_id);
static void place_table (ZonaWindow *self, gint64 chapter_id, int position, gint64 table_id);

/* ---- data tables and charts --------------------------------------------- */

static void
add_chart_clicked_cb (GtkButton  *button,
                      ZonaWindow *self)
{
  gint64 *block_id = g_object_get_data (G_OBJECT (button), "zona-id");

  gtk_widget_activate_action (GTK_WIDGET (self), "win.add-chart", "x", *block_id);
}

/* A CSV imported from a table's page is shown right after that table. */
static void
table_imported_cb (ZonaTableEditor *editor,
                   gint64           table_id,
                   ZonaWindow      *self)
{
  const gint64 *place = g_object_get_data (G_OBJECT (editor), "zona-place");

  place_table (self, place[0], (int) place[1] + 1, table_id);
}

static void
show_table (ZonaWindow      *self,
            const ZonaBlock *block)
{
  gint64 table_id = block->ref_uid ? zona_plan_data_find_table (self->store, block->ref_uid) : 0;
  g_autofree char *name = block_display_name (self, block);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  GtkWidget *button, *editor;

  self->form_editor = NULL;
  if (table_id == 0)
    {
      show_page (self, adw_status_page_new (), name);
      return;
    }
  editor = zona_table_editor_new (self->store, table_id);
  {
    gint64 place[2] = { block->chapter_id, block->position };

    g_object_set_data_full (G_OBJECT (editor), "zona-place", g_memdup2 (place, sizeof place), g_free);
  }
  g_signal_connect (editor, "table-imported", G_CALLBACK (table_imported_cb), self);
  gtk_box_append (GTK_BOX (box), editor);
  button = gtk_button_new_with_mnemonic (_("Make a _Chart of This Table"));
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  g_object_set_data_full (G_OBJECT (button), "zona-id", g_memdup2 (&block->id, sizeof block->id),
                          g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (add_chart_clicked_cb), self);
  gtk_box_append (GTK_BOX (box), button);
  show_page (self, box, name);
}

typedef struct {
  ZonaWindow *self;
  ZonaStore  *store;     /* owned: the window lets go of its own first */
  gint64      chart_id;
  GtkWidget  *view;
  GtkWidget  *alt;
} ChartPage;

static void
chart_page_refresh (ChartPage *page)
{
  g_autoptr(ZonaChartData) data = zona_chart_data_from_table (page->store, page->chart_id, NULL);
  g_autofree char *alt = data ? zona_chart_alt_text (data) : NULL;

  zona_chart_view_set_data (ZONA_CHART_VIEW (page->view), data);
  if (alt != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (page->alt), alt);
}

static void
chart_store_changed_cb (ZonaStore  *store,
                        const char *table,
                        gpointer    data)
{
  /* A cell, a column, the chart itself: the preview follows. */
  if (g_str_has_prefix (table, "data_") || g_str_has_prefix (table, "chart"))
    chart_page_refresh (data);
}

static void
chart_kind_selected_cb (AdwComboRow *row,
                        GParamSpec  *pspec,
                        ChartPage   *page)
{
  g_autoptr(GError) error = NULL;

  if (!zona_plan_data_set_chart_kind (page->store, page->chart_id,
                                      adw_combo_row_get_selected (row), &error))
    toast (page->self, error->message);
}

static void
chart_text_changed_cb (GtkEditable *editable,
                       ChartPage   *page)
{
  const char *what = g_object_get_data (G_OBJECT (editable), "zona-what");
  const char *text = gtk_editable_get_text (editable);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (g_str_equal (what, "title"))
    ok = zona_plan_data_set_chart_title (page->store, page->chart_id, text, &error);
  else if (g_str_equal (what, "caption"))
    ok = zona_plan_data_set_chart_caption (page->store, page->chart_id, text, &error);
  else
    ok = zona_plan_data_set_chart_alt_text (page->store, page->chart_id, text, &error);
  if (!ok)
    toast (page->self, error->message);
}

static void
chart_page_free (gpointer data)
{
  ChartPage *page = data;

  g_signal_handlers_disconnect_by_data (page->store, page);
  g_object_unref (page->store);
  g_free (page);
}

static GtkWidget *
chart_entry (ChartPage  *page,
             const char *title,
             const char *what,
             const char *value)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_editable_set_text (GTK_EDITABLE (row), value ? value : "");
  gtk_editable_set_enable_undo (GTK_EDITABLE (row), FALSE);
  g_object_set_data (G_OBJECT (row), "zona-what", (gpointer) what);
  g_signal_connect (row, "changed", G_CALLBACK (chart_text_changed_cb), page);
  return row;
}

/* A chart: its preview (drawn by the same renderer as the export) beside a
 * small panel with its kind, title, caption and alternative text. */
static void
show_chart (ZonaWindow      *self,
            const ZonaBlock *block)
{
  gint64 chart_id = block->ref_uid ? zona_plan_data_find_chart (self->store, block->ref_uid) : 0;
  g_autoptr(ZonaChart) chart = chart_id ? zona_plan_data_get_chart (self->store, chart_id) : NULL;
  g_autofree char *name = block_display_name (self, block);
  static const char *kinds[] = { N_("Bars"), N_("Horizontal bars"), N_("Grouped bars"),
                                 N_("Stacked bars"), N_("Line"), N_("Pie"), N_("Donut"),
                                 N_("Population pyramid"), NULL };
  GtkWidget *box, *group, *kind;
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
  ChartPage *page;

  self->form_editor = NULL;
  if (chart == NULL)
    {
      show_page (self, adw_status_page_new (), name);
      return;
    }
  page = g_new0 (ChartPage, 1);
  page->self = self;
  page->store = g_object_ref (self->store);
  page->chart_id = chart_id;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  g_object_set_data_full (G_OBJECT (box), "zona-chart-page", page, chart_page_free);
  page->view = zona_chart_view_new ();
  gtk_widget_set_size_request (page->view, -1, 340);
  gtk_box_append (GTK_BOX (box), page->view);

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Chart"));
  kind = adw_combo_row_new ();
  for (guint i = 0; kinds[i]; i++)
    gtk_string_list_append (list, _(kinds[i]));
  adw_combo_row_set_model (ADW_COMBO_ROW (kind), G_LIST_MODEL (list));
  adw_combo_row_set_selected (ADW_COMBO_ROW (kind), chart->kind);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (kind), _("Kind"));
  g_signal_connect (kind, "notify::selected", G_CALLBACK (chart_kind_selected_cb), page);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), kind);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), chart_entry (page, _("Title"), "title", chart->title));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), chart_entry (page, _("Caption"), "caption", chart->caption));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             chart_entry (page, _("Alternative text (empty: the description below)"),
                                          "alt", chart->alt_text));
  page->alt = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (page->alt), _("Description generated from the data"));
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (page->alt), 0);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), page->alt);
  gtk_box_append (GTK_BOX (box), group);

  g_signal_connect (page->store, "changed", G_CALLBACK (chart_store_changed_cb), page);
  chart_page_refresh (page);
  show_page (self, box, name);
}

static void
show_block (ZonaWindow *self,
            gint64      block_id)
{
  g_autoptr(ZonaBlock) block = zona_store_get_block (self->store, block_id);

  if (block == NULL)
    return;
  if (block->kind == ZONA_BLOCK_TABLE)
    show_table (self, block);
  else if (block->kind == ZONA_BLOCK_CHART)
    show_chart (self, block);
  else
    show_card (self, block_id);
}

static void
show_card (ZonaWindow *self,
           gint64      card_id)
{
  g_autoptr(ZonaBlock) block = zona_store_get_block (self->store, card_id);
  GtkWidget *box, *delete;

  if (block == NULL)
    return;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
  self->form_editor = zona_form_editor_new (self->store, self->template, card_id);
  gtk_box_append (GTK_BOX (box), self->form_editor);
  gtk_box_append (GTK_BOX (box), review_group_new (self, card_id, FALSE));
  delete = gtk_button_new_with_mnemonic (_("_Delete Card"));
  gtk_widget_add_css_class (delete, "destructive-action");
  gtk_widget_set_halign (delete, GTK_ALIGN_END);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (delete), "win.delete-block");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (delete), "x", card_id);
  gtk_box_append (GTK_BOX (box), delete);
  show_page (self, box, block->title);
}

static void
add_card_clicked_cb (GtkButton  *button,
                     ZonaWindow *self)
{
  gint64 *chapter_id = g_object_get_data (G_OBJECT (button), "zona-id");
  const char *type = g_object_get_data (G_OBJECT (button), "zona-card-type");

  gtk_widget_activate_action (GTK_WIDGET (self), "win.add-card", "(xs)", *chapter_id, type);
}

static const ZonaChapterSpec *
find_spec (GPtrArray  *specs,
           const char *role)
{
  for (guint i = 0; role && i < specs->len; i++)
    {
      const ZonaChapterSpec *spec = g_ptr_array_index (specs, i);
      const ZonaChapterSpec *found;

      if (g_strcmp0 (spec->role, role) == 0)
        return spec;
      if ((found = find_spec (spec->children, role)) != NULL)
        return found;
    }
  return NULL;
}

/* The card types the template puts in this chapter (by its role, or its
 * parent's); every type when the chapter has no role the template knows. */
static GPtrArray *
card_types_for_chapter (ZonaWindow *self,
                        gint64      chapter_id)
{
  GPtrArray *ret = g_ptr_array_new ();
  const ZonaChapterSpec *spec = NULL;
  gint64 id = chapter_id;

  for (int depth = 0; spec == NULL && id != 0 && depth < 16; depth++)
    {
      g_autoptr(ZonaChapter) c = zona_store_get_chapter (self->store, id);
      if (c == NULL)
        break;
      spec = find_spec (zona_template_get_chapters (self->template), c->role);
      id = c->parent_id;
    }
  if (spec != NULL && spec->card_types->len > 0)
    {
      for (guint i = 0; i < spec->card_types->len; i++)
        {
          const ZonaCardType *t = zona_template_get_card_type (self->template,
                                                               g_ptr_array_index (spec->card_types, i));
          if (t)
            g_ptr_array_add (ret, (gpointer) t);
        }
    }
  else if (spec == NULL)
    {
      GPtrArray *all = zona_template_get_card_types (self->template);
      for (guint i = 0; i < all->len; i++)
        g_ptr_array_add (ret, g_ptr_array_index (all, i));
    }
  return ret;
}

static void
chapter_title_changed_cb (GtkEditable *editable,
                          ZonaWindow  *self)
{
  gint64 *id = g_object_get_data (G_OBJECT (editable), "zona-id");
  g_autoptr(GError) error = NULL;
  const char *text = gtk_editable_get_text (editable);

  /* An empty title would leave the chapter without a heading: keep the last one. */
  if (*text == '\0')
    return;
  if (!zona_store_set_chapter_title (self->store, *id, text, &error))
    toast (self, error->message);
}

static void
text_block_activated_cb (ZonaWindow *self,
                         gint64      block_id)
{
  zona_window_select_block (self, block_id);
}

static void
show_chapter (ZonaWindow *self,
              gint64      chapter_id,
              const char *title)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  GtkWidget *heading = gtk_label_new (title);
  GtkWidget *title_group = adw_preferences_group_new ();
  GtkWidget *title_row = adw_entry_row_new ();
  g_autoptr(ZonaChapter) chapter = zona_store_get_chapter (self->store, chapter_id);
  ZonaTextEditor *text;

  gtk_label_set_wrap (GTK_LABEL (heading), TRUE);
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "title-1");
  gtk_accessible_update_property (GTK_ACCESSIBLE (heading), GTK_ACCESSIBLE_PROPERTY_LEVEL, 1, -1);
  gtk_box_append (GTK_BOX (box), heading);

  /* The title is saved as it is typed, like every other edit. */
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (title_row), _("Chapter title"));
  gtk_editable_set_text (GTK_EDITABLE (title_row), chapter ? chapter->title : title);
  gtk_editable_set_enable_undo (GTK_EDITABLE (title_row), FALSE);
  g_object_set_data_full (G_OBJECT (title_row), "zona-id", g_memdup2 (&chapter_id, sizeof chapter_id),
                          g_free);
  g_signal_connect (title_row, "changed", G_CALLBACK (chapter_title_changed_cb), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (title_group), title_row);
  gtk_box_append (GTK_BOX (box), title_group);

  /* The chapter's text, with its cards, tables and charts in place. */
  text = zona_text_editor_new (self->store, chapter_id);
  g_signal_connect_swapped (text, "block-activated", G_CALLBACK (text_block_activated_cb), self);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (text));

  /* One row per card type the template puts here; activating it adds one. */
  if (self->template != NULL)
    {
      g_autoptr(GPtrArray) types = card_types_for_chapter (self, chapter_id);
      GtkWidget *add_group = adw_preferences_group_new ();

      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (add_group), _("Add a Card"));
      for (guint i = 0; i < types->len; i++)
        {
          const ZonaCardType *type = g_ptr_array_index (types, i);
          g_autofree char *label = g_strdup_printf (_("Add “%s”"), type->title);
          GtkWidget *row = adw_action_row_new ();
          GtkWidget *button = gtk_button_new_from_icon_name ("list-add-symbolic");

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), type->title);
          adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
          gtk_widget_set_tooltip_text (button, label);
          gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          label, -1);
          gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
          gtk_widget_add_css_class (button, "flat");
          g_object_set_data_full (G_OBJECT (button), "zona-id",
                                  g_memdup2 (&chapter_id, sizeof chapter_id), g_free);
          g_object_set_data_full (G_OBJECT (button), "zona-card-type", g_strdup (type->id), g_free);
          g_signal_connect (button, "clicked", G_CALLBACK (add_card_clicked_cb), self);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
          adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), button);
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (add_group), row);
        }
      if (types->len > 0)
        gtk_box_append (GTK_BOX (box), add_group);
      else
        {
          g_object_ref_sink (add_group);
          g_object_unref (add_group);
        }
    }

  /* Tables of figures, typed or imported, and from them charts. */
  {
    GtkWidget *data_group = adw_preferences_group_new ();
    const struct { const char *title, *subtitle, *icon, *action; } rows[] = {
      { N_("New Data Table"), N_("Type the figures in; make a chart of them from the table"),
        "list-add-symbolic", "win.add-table" },
      { N_("Import a CSV File…"), N_("From a spreadsheet or a statistics office"),
        "document-open-symbolic", "win.import-csv" },
    };

    adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (data_group), _("Data and Charts"));
    for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
      {
        GtkWidget *row = adw_action_row_new ();
        GtkWidget *button = gtk_button_new_from_icon_name (rows[i].icon);

        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(rows[i].title));
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _(rows[i].subtitle));
        gtk_widget_set_tooltip_text (button, _(rows[i].title));
        gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                        _(rows[i].title), -1);
        gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
        gtk_widget_add_css_class (button, "flat");
        gtk_actionable_set_action_name (GTK_ACTIONABLE (button), rows[i].action);
        gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "x", chapter_id);
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
        adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), button);
        adw_preferences_group_add (ADW_PREFERENCES_GROUP (data_group), row);
      }
    gtk_box_append (GTK_BOX (box), data_group);
  }

  gtk_box_append (GTK_BOX (box), review_group_new (self, chapter_id, TRUE));
  self->form_editor = NULL;
  show_page (self, box, title);
}

/* ---- checks and completion -------------------------------------------- */

/* Completion of each chapter's own cards, shown beside it in the outline. */
static void
update_chapter_completion (ZonaWindow *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->outline));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *badge = g_object_get_data (G_OBJECT (child), "zona-badge");
      g_autoptr(GPtrArray) blocks = NULL;
      guint required = 0, answered = 0;

      if (badge == NULL || !g_object_get_data (G_OBJECT (child), CHAPTER_ID))
        continue;
      blocks = zona_store_list_blocks (self->store, row_id (GTK_LIST_BOX_ROW (child)));
      for (guint i = 0; self->template && i < blocks->len; i++)
        {
          ZonaBlock *b = g_ptr_array_index (blocks, i);
          const ZonaCardType *type;
          g_autoptr(GHashTable) values = NULL;
          ZonaCardStatus status;

          if (b->kind != ZONA_BLOCK_CARD
              || (type = zona_template_get_card_type (self->template, b->card_type)) == NULL)
            continue;
          values = zona_store_get_fields (self->store, b->id);
          zona_card_status_compute (type, values, &status);
          required += status.required;
          answered += status.answered;
        }
      if (required == 0)
        gtk_widget_set_visible (badge, FALSE);
      else
        {
          g_autofree char *text = g_strdup_printf ("%u%%", answered * 100 / required);
          /* TRANSLATORS: accessible description of a chapter's completion */
          g_autofree char *desc = g_strdup_printf (_("%u of %u required answers given"), answered, required);
          gtk_label_set_text (GTK_LABEL (badge), text);
          gtk_widget_set_tooltip_text (badge, desc);
          gtk_widget_set_visible (badge, TRUE);
        }
    }
}

static void
problem_activated_cb (ZonaWindow    *self,
                      GtkListBoxRow *row)
{
  gint64 *card = g_object_get_data (G_OBJECT (row), "zona-card");
  const char *key = g_object_get_data (G_OBJECT (row), "zona-key");

  gtk_popover_popdown (self->problems_popover);
  if (card == NULL || *card == 0 || !zona_window_select_block (self, *card))
    return;
  if (key != NULL && self->form_editor != NULL)
    {
      GtkWidget *w = zona_form_editor_get_field_widget (ZONA_FORM_EDITOR (self->form_editor), key);
      if (w != NULL)
        gtk_widget_grab_focus (w);
    }
}

static void
run_checks (ZonaWindow *self)
{
  g_autoptr(GPtrArray) problems = zona_checks_run (self->store, self->template);
  guint errors = zona_checks_count (problems, ZONA_PROBLEM_ERROR);
  g_autofree char *count = NULL;
  g_autofree char *summary = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->problems_list))) != NULL)
    gtk_list_box_remove (self->problems_list, child);
  for (guint i = 0; i < problems->len && i < 500; i++)
    {
      const ZonaProblem *p = g_ptr_array_index (problems, i);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), p->message);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), p->where);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name (p->severity == ZONA_PROBLEM_ERROR
                                                               ? "dialog-error-symbolic"
                                                               : "dialog-warning-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), p->card_id != 0);
      g_object_set_data_full (G_OBJECT (row), "zona-card", g_memdup2 (&p->card_id, sizeof p->card_id), g_free);
      g_object_set_data_full (G_OBJECT (row), "zona-key", g_strdup (p->field_key), g_free);
      gtk_list_box_append (self->problems_list, row);
    }

  count = g_strdup_printf ("%u", problems->len);
  gtk_label_set_text (self->problems_count, count);
  if (problems->len == 0)
    summary = g_strdup (_("No problems found"));
  else
    /* TRANSLATORS: "3 errors, 5 warnings" in the problems panel */
    summary = g_strdup_printf (_("%u errors, %u warnings"), errors, problems->len - errors);
  gtk_label_set_text (self->problems_summary, summary);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->problems_button), summary);
  if (errors > 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->problems_button), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->problems_button), "error");
  update_chapter_completion (self);
}

static gboolean
run_checks_cb (gpointer data)
{
  ZonaWindow *self = data;

  self->checks_source = 0;
  run_checks (self);
  return G_SOURCE_REMOVE;
}

/* Checks run again shortly after the typing stops. */
static void
queue_checks (ZonaWindow *self)
{
  g_clear_handle_id (&self->checks_source, g_source_remove);
  self->checks_source = g_timeout_add (400, run_checks_cb, self);
}

/* ---- callbacks -------------------------------------------------------- */

static void
outline_row_selected_cb (ZonaWindow    *self,
                         GtkListBoxRow *row)
{
  GtkWidget *label;

  if (row == NULL || self->rebuilding)
    return;
  label = g_object_get_data (G_OBJECT (row), "zona-label");
  if (g_object_get_data (G_OBJECT (row), BLOCK_ID))
    show_block (self, row_id (row));
  else
    show_chapter (self, row_id (row), gtk_label_get_text (GTK_LABEL (label)));
}

static void
outline_row_activated_cb (ZonaWindow    *self,
                          GtkListBoxRow *row)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
back_clicked_cb (ZonaWindow *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
leaflet_folded_cb (ZonaWindow *self)
{
  if (!adw_leaflet_get_folded (self->leaflet))
    return;
  if (gtk_list_box_get_selected_row (self->outline) != NULL)
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
store_changed_cb (ZonaWindow *self)
{
  update_undo_actions (self);
  queue_checks (self);
}

static void
store_structure_changed_cb (ZonaWindow *self)
{
  rebuild_outline (self, FALSE);
  queue_checks (self);
}

static void
store_reloaded_cb (ZonaWindow *self)
{
  rebuild_outline (self, TRUE);
  update_undo_actions (self);
  queue_checks (self);
}

static void
store_card_changed_cb (ZonaWindow *self,
                       gint64      card_id)
{
  GtkListBoxRow *row = find_row (self, BLOCK_ID, card_id);
  g_autoptr(ZonaBlock) block = zona_store_get_block (self->store, card_id);

  update_undo_actions (self);
  /* Only cards carry their title in the block; tables and charts name theirs
   * elsewhere, and moving a block touches its row too. */
  if (row && block && block->kind == ZONA_BLOCK_CARD && block->title != NULL)
    {
      GtkWidget *label = g_object_get_data (G_OBJECT (row), "zona-label");
      gtk_label_set_text (GTK_LABEL (label), *block->title ? block->title : _("Untitled"));
      gtk_widget_set_tooltip_text (label, block->title);
      if (gtk_list_box_get_selected_row (self->outline) == row)
        adw_window_title_set_title (self->content_title,
                                    *block->title ? block->title : _("Untitled"));
    }
}

/* ---- actions ---------------------------------------------------------- */

static void
undo_action (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  ZonaWindow *self = ZONA_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (g_str_equal (name, "win.undo"))
    ok = zona_store_undo (self->store, &error);
  else
    ok = zona_store_redo (self->store, &error);
  if (!ok)
    toast (self, error->message);
  update_undo_actions (self);
}

static void
open_export_cb (AdwToast   *t,
                ZonaWindow *self)
{
  const char *uri = g_object_get_data (G_OBJECT (t), "zona-uri");
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri (uri, NULL, &error))
    toast (self, error->message);
}

/* ---- export in a worker thread ---------------------------------------- */

typedef struct {
  ZonaStore *snapshot;   /* a copy: the plan stays free for edits meanwhile */
  char      *dest;
  GWeakRef   window;
} ExportJob;

typedef struct {
  GWeakRef window;
  double   fraction;
} ExportTick;

static void
export_job_free (gpointer data)
{
  ExportJob *job = data;

  g_clear_object (&job->snapshot);
  g_free (job->dest);
  g_weak_ref_clear (&job->window);
  g_free (job);
}

static gboolean
export_tick_cb (gpointer data)
{
  ExportTick *tick = data;
  g_autoptr(ZonaWindow) self = g_weak_ref_get (&tick->window);

  if (self != NULL)
    gtk_progress_bar_set_fraction (self->export_progress, tick->fraction);
  g_weak_ref_clear (&tick->window);
  g_free (tick);
  return G_SOURCE_REMOVE;
}

static void
export_progress_cb (double   fraction,
                    gpointer user_data)
{
  ExportJob *job = user_data;
  ExportTick *tick = g_new0 (ExportTick, 1);
  g_autoptr(GObject) window = g_weak_ref_get (&job->window);

  g_weak_ref_init (&tick->window, window);
  g_idle_add (export_tick_cb, tick);
}

static void
export_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportJob *job = task_data;
  GError *error = NULL;

  if (zona_odt_export_with_progress (job->snapshot, job->dest, NULL, export_progress_cb, job,
                                     cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
export_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  ZonaWindow *self = ZONA_WINDOW (source);
  ExportJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  gtk_revealer_set_reveal_child (self->export_bar, FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export", TRUE);
  g_clear_object (&self->export_cancellable);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, _("Export cancelled; any earlier file was left as it was"));
      else
        toast (self, error->message);
      return;
    }
  {
    g_autoptr(GFile) file = g_file_new_for_path (job->dest);
    g_autofree char *name = g_filename_display_basename (job->dest);
    g_autofree char *msg = g_strdup_printf (_("Exported “%s”"), name);
    AdwToast *t = adw_toast_new (msg);

    adw_toast_set_button_label (t, _("_Open"));
    g_object_set_data_full (G_OBJECT (t), "zona-uri", g_file_get_uri (file), g_free);
    g_signal_connect (t, "button-clicked", G_CALLBACK (open_export_cb), self);
    adw_toast_overlay_add_toast (self->toast_overlay, t);
  }
}

/* Exports through a copy of the plan in a worker thread, with a progress bar
 * and Cancel; the window stays responsive, and an interrupted export never
 * damages an earlier file (the writer renames into place only at the end). */
static void
start_export (ZonaWindow *self,
              const char *dest)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  ExportJob *job;
  ZonaStore *snapshot = zona_store_snapshot (self->store, &error);

  if (snapshot == NULL)
    {
      toast (self, error->message);
      return;
    }
  job = g_new0 (ExportJob, 1);
  job->snapshot = snapshot;
  job->dest = g_strdup (dest);
  g_weak_ref_init (&job->window, self);

  g_clear_object (&self->export_cancellable);
  self->export_cancellable = g_cancellable_new ();
  gtk_progress_bar_set_fraction (self->export_progress, 0);
  gtk_revealer_set_reveal_child (self->export_bar, TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export", FALSE);

  task = g_task_new (self, self->export_cancellable, export_done_cb, NULL);
  g_task_set_task_data (task, job, export_job_free);
  g_task_run_in_thread (task, export_thread);
}

static void
cancel_export_action (GtkWidget  *widget,
                      const char *name,
                      GVariant   *param)
{
  ZonaWindow *self = ZONA_WINDOW (widget);

  if (self->export_cancellable != NULL)
    g_cancellable_cancel (self->export_cancellable);
}

static void
export_response_cb (GtkNativeDialog *native,
                    int              response,
                    ZonaWindow      *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autofree char *path = g_file_get_path (file);

      if (path == NULL)
        toast (self, _("The document can only be exported to a local folder"));
      else
        start_export (self, path);
    }
  g_object_unref (native);
}

static char *
suggested_name (ZonaWindow *self,
                const char *ext)
{
  g_autofree char *base = g_strdup (self->plan_title && *self->plan_title ? self->plan_title
                                                                          : _("Piano di Zona"));
  g_strdelimit (base, "/\\:", '-');
  return g_strconcat (base, ext, NULL);
}

static void
export_action (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  ZonaWindow *self = ZONA_WINDOW (widget);
  g_autofree char *suggested = suggested_name (self, ".odt");
  GtkFileChooserNative *native;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  native = gtk_file_chooser_native_new (_("Export as ODF Text"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), suggested);
  gtk_file_filter_set_name (filter, _("ODF Text Documents (*.odt)"));
  gtk_file_filter_add_pattern (filter, "*.odt");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  g_signal_connect (native, "response", G_CALLBACK (export_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
save_copy_response_cb (GtkNativeDialog *native,
                       int              response,
                       ZonaWindow      *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(GError) error = NULL;

      if (path == NULL || !zona_store_save_copy (self->store, path, &error))
        toast (self, error ? error->message : _("The copy can only be saved to a local folder"));
      else
        toast (self, _("Copy saved"));
    }
  g_object_unref (native);
}

static void
save_copy_action (GtkWidget  *widget,
                  const char *name,
                  GVariant   *param)
{
  ZonaWindow *self = ZONA_WINDOW (widget);
  g_autofree char *suggested = suggested_name (self, _(" (copy).pdz"));
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (_("Save a Copy"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), suggested);
  g_signal_connect (native, "response", G_CALLBACK (save_copy_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
add_card_action (GtkWidget  *widget,
                 const char *name,
                 GVariant   *param)
{
  ZonaWindow *self = ZONA_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  const char *type;
  gint64 chapter_id, card_id;

  g_variant_get (param, "(x&s)", &chapter_id, &type);
  card_id = zona_store_add_card (self->store, chapter_id, type, "", &error);
  if (card_id == 0)
    {
      toast (self, error->message);
      return;
    }

  zona_window_select_block (self, card_id);
  if (self->form_editor)
    gtk_widget_grab_focus (zona_form_editor_get_title_widget (ZONA_FORM_EDITOR (self->form_editor)));
}

/* Makes a bar chart of the table that @block_id shows, placed right after it:
 * the first text column labels the bars, every numeric column is a series.
 * One undo step. */
static void
add_chart_action (GtkWidget  *widget,
                  const char *name,
                  GVariant   *param)
{
  ZonaWindow *self = ZONA_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) columns = NULL;
  g_autoptr(GArray) series = g_array_new (FALSE, FALSE, sizeof (gint64));
  ZonaBlock *block;
  ZonaDataTable *table = NULL;
  ZonaChart *chart = NULL;
  gint64 table_id, chart_id = 0, new_block = 0;
  int label_column = -1;
  gboolean ok = FALSE;

  block = zona_store_get_block (self->store, g_variant_get_int64 (param));
  if (block == NULL || block->kind != ZONA_BLOCK_TABLE || block->ref_uid == NULL)
    goto out;
  table_id = zona_plan_data_find_table (self->store, block->ref_uid);
  table = table_id ? zona_plan_data_get_table (self->store, table_id) : NULL;
  if (table == NULL)
    goto out;

  columns = zona_plan_data_list_columns (self->store, table_id);
  for (guint i = 0; columns && i < columns->len; i++)
    {
      ZonaDataColumn *column = g_ptr_array_index (columns, i);

      if (column->type == ZONA_COLUMN_TEXT)
        {
          if (label_column < 0)
            label_column = column->position;
        }
      else
        g_array_append_val (series, column->id);
    }
  if (series->len == 0)
    {
      toast (self, _("This table has no column of numbers to draw"));
      goto out;
    }

  if (!zona_store_begin_group (self->store, &error))
    goto out;
  chart_id = zona_plan_data_add_chart (self->store, NULL, table_id, ZONA_CHART_BAR,
                                       table->title, label_column, NULL, NULL, NULL, &error);
  if (chart_id != 0)
    chart = zona_plan_data_get_chart (self->store, chart_id);
  ok = chart != NULL
       && zona_plan_data_set_chart_series (self->store, chart_id,
                                           (const gint64 *) (gpointer) series->data,
                                           series->len, &error)
       && (new_block = zona_store_add_block (self->store, block->chapter_id, ZONA_BLOCK_CHART,
                                             0, NULL, chart->uid, &error)) != 0
       && zona_store_move_block (self->store, new_block, block->position + 1, &error);
  if (!zona_store_end_group (self->store, ok, ok ? &error : NULL) && ok)
    ok = FALSE;
  if (ok)
    zona_window_select_block (self, new_block);

out:
  if (error != NULL)
    toast (self, error->message);
  g_clear_pointer (&chart, zona_chart_free);
  g_clear_pointer (&table, zona_data_table_free);
  g_clear_pointer (&block, zona_block_free);
}

/* Shows table @table_id in chapter @chapter_id: a new block at @position
 * (-1: at the end), then selects it. */
static void
place_table (ZonaWindow *self,
             gint64      chapter_id,
             int         position,
             gint64      table_id)
{
  g_autoptr(GError) error = NULL;
  ZonaDataTable *table = zona_plan_data_get_table (self->store, table_id);
  gint64 block_id = 0;

  if (table != NULL)
    {
      block_id = zona_store_add_block (self->store, chapter_id, ZONA_BLOCK_TABLE, 0, NULL,
                                       table->uid, &error);
      if (block_id != 0 && position >= 0)
        zona_store_move_block (self->store, block_id, position, &error);
      zona_data_table_free (table);
    }
  if (error != NULL)
    toast (self, error->message);
  if (block_id != 0)
    zona_window_select_block (self, block_id);
}

/* A new table, ready to type in: a column of labels, a column of figures and
 * one empty row, shown at the end of the chapter. One undo step. */
static void
add_table_action (GtkWidget  *widget,
                  const char *name,
                  GVariant   *param)
{
  ZonaWindow *self = ZONA_WINDOW (widget);
  gint64 chapter_id = g_variant_get_int64 (param);
  g_autoptr(GError) error = NULL;
  ZonaDataTable *table = NULL;
  gint64 table_id, block_id = 0;
  gboolean ok;

  if (!zona_store_begin_group (self->store, &error))
    {
      toast (self, error->message);
      return;
    }
  table_id = zona_plan_data_add_table (self->store, NULL, _("New table"), NULL, NULL, NULL, &error);
  ok = table_id != 0
       && zona_plan_data_add_column (self->store, table_id, -1, _("Item"), ZONA_COLUMN_TEXT,
                                     NULL, &error) != 0
       && zona_plan_data_add_column (self->store, table_id, -1, _("Value"), ZONA_COLUMN_INTEGER,
                                     NULL, &error) != 0
       && zona_plan_data_add_row (self->store, table_id, -1, FALSE, &error) != 0
       && (table = zona_plan_data_get_table (self->store, table_id)) != NULL
       && (block_id = zona_store_add_block (self->store, chapter_id, ZONA_BLOCK_TABLE, 0, NULL,
                                            table->uid, &error)) != 0;
  g_clear_pointer (&table, zona_data_table_free);
  if (!zona_store_end_group (self->store, ok, ok ? &error : NULL) && ok)
    ok = FALSE;
  if (error != NULL)
    toast (self, error->message);
  if (ok)
    zona_window_select_block (self, block_id);
}

typedef struct {
  ZonaWindow *self;
  gint64      chapter_id;
} ImportTarget;

static void
chapter_import_done_cb (ZonaCsvImportDialog *dialog,
                        gint64               table_id,
                        gpointer             data)
{
  ImportTarget *target = data;

  place_table (target->self, target->chapter_id, -1, table_id);
}

static void
chapter_import_failed_cb (ZonaCsvImportDialog *dialog,
                          const char          *message,
                          gpointer             data)
{
  ImportTarget *target = data;

  toast (target->self, message);
}

static void
import_csv_response_cb (GtkNativeDialog *native,
                        int              response,
                        gpointer         data)
{
  ImportTarget *target = data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      GtkWidget *dialog = zona_csv_import_dialog_new (GTK_WINDOW (target->self),
                                                      target->self->store, file);
      ImportTarget *copy = g_memdup2 (target, sizeof *target);

      g_signal_connect_data (dialog, "imported", G_CALLBACK (chapter_import_done_cb), copy,
                             (GClosureNotify) (void (*) (void)) g_free, 0);
      g_signal_connect (dialog, "import-failed", G_CALLBACK (chapter_import_failed_cb), copy);
      gtk_window_present (GTK_WINDOW (dialog));
    }
  g_free (target);
  g_object_unref (native);
}

/* A CSV file becomes a new table at the end of the chapter. */
static void
import_csv_action (GtkWidget  *widget,
                   const char *name,
                   GVariant   *param)
{
  ZonaWindow *self = ZONA_WINDOW (widget);
  ImportTarget *target = g_new0 (ImportTarget, 1);
  GtkFileChooserNative *native;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  target->self = self;
  target->chapter_id = g_variant_get_int64 (param);
  native = gtk_file_chooser_native_new (_("Import a CSV File"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("CSV files"));
  gtk_file_filter_add_suffix (filter, "csv");
  gtk_file_filter_add_suffix (filter, "txt");
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect (native, "response", G_CALLBACK (import_csv_response_cb), target);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

/* Meeting mode: the card shown here, or the plan's first, full screen. */
static void
tavolo_mode_action (GtkWidget  *widget,
                    const char *name,
                    GVariant   *param)
{
  ZonaWindow *self = ZONA_WINDOW (widget);
  gint64 card_id = self->form_editor ? zona_form_editor_get_card_id (ZONA_FORM_EDITOR (self->form_editor)) : 0;
  GtkWidget *tavolo = zona_tavolo_window_new (self, card_id);

  gtk_window_present (GTK_WINDOW (tavolo));
}

/* The plan's start page: nothing is selected in the outline, so any row can be
 * picked from it. */
static void
show_overview_action (GtkWidget  *widget,
                      const char *name,
                      GVariant   *param)
{
  ZonaWindow *self = ZONA_WINDOW (widget);

  /* A browse list keeps its selection; let go of it for once. */
  self->rebuilding = TRUE;
  gtk_list_box_set_selection_mode (self->outline, GTK_SELECTION_SINGLE);
  gtk_list_box_unselect_all (self->outline);
  gtk_list_box_set_selection_mode (self->outline, GTK_SELECTION_BROWSE);
  self->rebuilding = FALSE;
  self->form_editor = NULL;
  show_page (self, zona_overview_new (self->store, self->template), _("Plan Overview"));
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
show_problems_action (GtkWidget  *widget,
                      const char *name,
                      GVariant   *param)
{
  ZonaWindow *self = ZONA_WINDOW (widget);

  run_checks (self);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
  gtk_menu_button_popup (self->problems_button);
}

static void
show_sidebar_action (GtkWidget  *widget,
                     const char *name,
                     GVariant   *param)
{
  ZonaWindow *self = ZONA_WINDOW (widget);
  GtkListBoxRow *row;

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  row = gtk_list_box_get_selected_row (self->outline);
  if (row)
    gtk_widget_grab_focus (GTK_WIDGET (row));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->outline));
}

static gboolean
zona_window_close_request (GtkWindow *window)
{
  GtkApplication *app = gtk_window_get_application (window);
  GSettings *settings = app ? zona_application_get_settings (ZONA_APPLICATION (app)) : NULL;

  if (settings != NULL)
    {
      int width, height;

      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_boolean (settings, "window-maximized", gtk_window_is_maximized (window));
      if (!gtk_window_is_maximized (window))
        {
          g_settings_set_int (settings, "window-width", width);
          g_settings_set_int (settings, "window-height", height);
        }
    }
  return GTK_WINDOW_CLASS (zona_window_parent_class)->close_request (window);
}

static void
delete_block_action (GtkWidget  *widget,
                     const char *name,
                     GVariant   *param)
{
  ZonaWindow *self = ZONA_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(ZonaBlock) block = zona_store_get_block (self->store, g_variant_get_int64 (param));
  g_autofree char *msg = NULL;
  AdwToast *t;

  if (block == NULL)
    return;
  if (!zona_store_delete_block (self->store, block->id, &error))
    {
      toast (self, error->message);
      return;
    }
  /* Deleting is immediate and undoable: say so, and offer the undo right there. */
  msg = g_strdup_printf (_("“%s” deleted"), block->kind == ZONA_BLOCK_CARD && *block->title
                                             ? block->title : _("Block"));
  t = adw_toast_new (msg);
  adw_toast_set_button_label (t, _("_Undo"));
  adw_toast_set_action_name (t, "win.undo");
  adw_toast_overlay_add_toast (self->toast_overlay, t);
  zona_window_select_chapter (self, block->chapter_id);
}

static void
restore_confirm_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    ZonaWindow       *self)
{
  GtkListBox *list = g_object_get_data (G_OBJECT (dialog), "zona-list");
  GtkListBoxRow *row = gtk_list_box_get_selected_row (list);
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "restore") || row == NULL)
    return;
  if (!zona_store_restore_backup (self->store, g_object_get_data (G_OBJECT (row), "zona-path"),
                                  &error))
    toast (self, error->message);
  else
    toast (self, _("Backup restored. The previous state was kept as a backup too."));
}

static void
restore_backup_action (GtkWidget  *widget,
                       const char *name,
                       GVariant   *param)
{
  ZonaWindow *self = ZONA_WINDOW (widget);
  g_autoptr(GPtrArray) backups = zona_store_list_backups (zona_store_get_path (self->store));
  GtkWidget *dialog, *list, *scroller;

  if (backups->len == 0)
    {
      toast (self, _("There are no backups of this plan yet"));
      return;
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Restore a Backup?"),
                                   _("The plan's content is replaced by the copy you choose. "
                                     "The current content is kept as a backup first."));
  list = gtk_list_box_new ();
  gtk_widget_add_css_class (list, "boxed-list");
  for (guint i = 0; i < backups->len; i++)
    {
      const char *path = g_ptr_array_index (backups, i);
      g_autofree char *base = g_path_get_basename (path);
      GtkWidget *row = adw_action_row_new ();

      base[strlen (base) - 4] = '\0';   /* ".pdz" */
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), base);
      g_object_set_data_full (G_OBJECT (row), "zona-path", g_strdup (path), g_free);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
  gtk_list_box_select_row (GTK_LIST_BOX (list), gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 0));
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), list);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 300);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scroller);
  g_object_set_data (G_OBJECT (dialog), "zona-list", list);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "restore", _("_Restore"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "restore",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (restore_confirm_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
close_action (GtkWidget  *widget,
              const char *name,
              GVariant   *param)
{
  gtk_window_close (GTK_WINDOW (widget));
}

/* ---- review states, approval and the next plan ------------------------ */

static void
review_selected_cb (AdwComboRow *row,
                    GParamSpec  *pspec,
                    ZonaWindow  *self)
{
  gint64 *id = g_object_get_data (G_OBJECT (row), "zona-id");
  gboolean chapter = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "zona-chapter"));
  ZonaReviewState state = adw_combo_row_get_selected (row);
  ZonaReviewState now;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  now = chapter ? zona_store_get_chapter_review (self->store, *id)
                : zona_store_get_card_review (self->store, *id);
  if (state == now)
    return;
  if (chapter)
    ok = zona_store_set_chapter_review (self->store, *id, state, &error);
  else
    ok = zona_store_set_card_review (self->store, *id, state, &error);
  if (!ok)
    {
      toast (self, error->message);
      adw_combo_row_set_selected (row, now);
    }
  update_undo_actions (self);
}

/* A group with one row: the review state of a card or of a chapter. */
static GtkWidget *
review_group_new (ZonaWindow *self,
                  gint64      id,
                  gboolean    chapter)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *row = adw_combo_row_new ();
  g_autoptr(GtkStringList) states = gtk_string_list_new (NULL);
  ZonaReviewState state;

  for (ZonaReviewState s = ZONA_REVIEW_DRAFT; s <= ZONA_REVIEW_APPROVED; s++)
    gtk_string_list_append (states, zona_review_state_label (s));
  state = chapter ? zona_store_get_chapter_review (self->store, id)
                  : zona_store_get_card_review (self->store, id);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Review State"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               chapter ? _("Of the chapter as a whole")
                                       : _("Draft, discussed at the tavolo, validated or approved"));
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (states));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), state);
  g_object_set_data_full (G_OBJECT (row), "zona-id", g_memdup2 (&id, sizeof id), g_free);
  g_object_set_data (G_OBJECT (row), "zona-chapter", GINT_TO_POINTER (chapter));
  g_signal_connect (row, "notify::selected", G_CALLBACK (review_selected_cb), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  g_set_weak_pointer (&self->review_row, row);
  return group;
}

static void
update_review_actions (ZonaWindow *self)
{
  gboolean approved = zona_store_is_approved (self->store);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.approve",
                                 !approved && !zona_store_is_read_only (self->store));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-revision", approved);
}

/* What the window does for a plan it cannot change: said in the banner, the
 * page insensitive, the editing actions off. */
static void
apply_read_only (ZonaWindow *self)
{
  gtk_label_set_text (self->banner_label, zona_store_get_read_only_reason (self->store));
  gtk_revealer_set_reveal_child (self->banner, TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->page_bin), FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.add-card", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.delete-block", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.restore-backup", FALSE);
  update_undo_actions (self);
  update_review_actions (self);
}

gboolean
zona_window_approve (ZonaWindow  *self,
                     const char  *date,
                     const char  *ref,
                     GError     **error)
{
  g_return_val_if_fail (ZONA_IS_WINDOW (self), FALSE);

  if (!zona_store_approve (self->store, date, ref, error))
    return FALSE;
  apply_read_only (self);
  return TRUE;
}

static void
approve_entry_changed_cb (GtkEditable     *editable,
                          AdwMessageDialog *dialog)
{
  GtkEditable *date = g_object_get_data (G_OBJECT (dialog), "zona-date");
  GtkEditable *ref = g_object_get_data (G_OBJECT (dialog), "zona-ref");
  g_autofree char *r = g_strstrip (g_strdup (gtk_editable_get_text (ref)));

  adw_message_dialog_set_response_enabled (dialog, "approve",
                                           strlen (gtk_editable_get_text (date)) == 10 && *r != '\0');
}

static void
approve_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     ZonaWindow       *self)
{
  GtkEditable *date = g_object_get_data (G_OBJECT (dialog), "zona-date");
  GtkEditable *ref = g_object_get_data (G_OBJECT (dialog), "zona-ref");
  g_autofree char *r = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "approve"))
    return;
  r = g_strstrip (g_strdup (gtk_editable_get_text (ref)));
  if (!zona_window_approve (self, gtk_editable_get_text (date), r, &error))
    toast (self, error->message);
  else
    toast (self, _("The plan is approved; it can no longer be changed"));
}

static void
approve_action (GtkWidget  *widget,
                const char *name,
                GVariant   *param)
{
  ZonaWindow *self = ZONA_WINDOW (widget);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  GtkWidget *dialog, *list, *date, *ref;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Approve the Plan?"),
                                   _("Once approved by the Assemblea dei Sindaci the plan is frozen: "
                                     "to change it, start a new revision."));
  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  date = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (date), _("Date of approval (YYYY-MM-DD)"));
  gtk_editable_set_text (GTK_EDITABLE (date), today);
  ref = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (ref), _("Deliberation reference"));
  gtk_list_box_append (GTK_LIST_BOX (list), date);
  gtk_list_box_append (GTK_LIST_BOX (list), ref);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);
  g_object_set_data (G_OBJECT (dialog), "zona-date", date);
  g_object_set_data (G_OBJECT (dialog), "zona-ref", ref);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "approve", _("_Approve"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "approve",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "approve", FALSE);
  g_signal_connect (date, "changed", G_CALLBACK (approve_entry_changed_cb), dialog);
  g_signal_connect (ref, "changed", G_CALLBACK (approve_entry_changed_cb), dialog);
  g_signal_connect (dialog, "response", G_CALLBACK (approve_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Both write a new plan file and open it in a window of its own. */
GtkWindow *
zona_window_new_revision (ZonaWindow  *self,
                          const char  *path,
                          GError     **error)
{
  g_autoptr(ZonaStore) store = zona_store_start_revision (self->store, path, error);

  if (store == NULL)
    return NULL;
  g_clear_object (&store);   /* the new window opens the file itself */
  return zona_application_open_path (ZONA_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))),
                                     path);
}

GtkWindow *
zona_window_next_plan (ZonaWindow  *self,
                       const char  *path,
                       GError     **error)
{
  g_autoptr(ZonaStore) store = zona_rollover_new_plan (self->store, path, error);

  if (store == NULL)
    return NULL;
  g_clear_object (&store);
  return zona_application_open_path (ZONA_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))),
                                     path);
}

static void
new_plan_response_cb (GtkNativeDialog *native,
                      int              response,
                      ZonaWindow      *self)
{
  gboolean revision = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (native), "zona-revision"));

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(GError) error = NULL;
      GtkWindow *window = NULL;

      if (path == NULL)
        toast (self, _("The plan can only be saved to a local folder"));
      else if (revision)
        window = zona_window_new_revision (self, path, &error);
      else
        window = zona_window_next_plan (self, path, &error);
      if (path != NULL && window == NULL && error != NULL)
        toast (self, error->message);
    }
  g_object_unref (native);
}

static void
new_plan_chooser (ZonaWindow *self,
                  gboolean    revision)
{
  g_autofree char *suggested = NULL;
  GtkFileChooserNative *native;

  if (revision)
    suggested = suggested_name (self, _(" (revision).pdz"));
  else
    {
      g_autofree char *template_id = zona_store_get_meta (self->store, "template");
      const char *next = template_id ? zona_rollover_successor (template_id) : NULL;
      g_autofree char *ext = g_strdup_printf (" %s.pdz", next ? next : _("(next cycle)"));
      suggested = g_strconcat (_("Piano di Zona"), ext, NULL);
    }
  native = gtk_file_chooser_native_new (revision ? _("Start a New Revision")
                                                 : _("New Plan for the Next Cycle"),
                                        GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Create"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), suggested);
  g_object_set_data (G_OBJECT (native), "zona-revision", GINT_TO_POINTER (revision));
  g_signal_connect (native, "response", G_CALLBACK (new_plan_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
new_revision_action (GtkWidget  *widget,
                     const char *name,
                     GVariant   *param)
{
  new_plan_chooser (ZONA_WINDOW (widget), TRUE);
}

static void
next_plan_action (GtkWidget  *widget,
                  const char *name,
                  GVariant   *param)
{
  new_plan_chooser (ZONA_WINDOW (widget), FALSE);
}

GtkWidget *
zona_window_get_review_row (ZonaWindow *self)
{
  g_return_val_if_fail (ZONA_IS_WINDOW (self), NULL);
  return self->review_row;
}

/* ---- GObject ---------------------------------------------------------- */

static void
zona_window_dispose (GObject *object)
{
  ZonaWindow *self = ZONA_WINDOW (object);

  g_clear_handle_id (&self->checks_source, g_source_remove);
  if (self->export_cancellable)
    g_cancellable_cancel (self->export_cancellable);
  g_clear_object (&self->export_cancellable);
  g_clear_weak_pointer (&self->review_row);
  if (self->store)
    g_signal_handlers_disconnect_by_data (self->store, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), ZONA_TYPE_WINDOW);
  g_clear_object (&self->store);
  g_clear_object (&self->template);
  g_clear_pointer (&self->plan_title, g_free);

  G_OBJECT_CLASS (zona_window_parent_class)->dispose (object);
}

static void
zona_window_class_init (ZonaWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = zona_window_dispose;
  GTK_WINDOW_CLASS (klass)->close_request = zona_window_close_request;

  g_type_ensure (ZONA_TYPE_OVERVIEW);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/zona-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ZonaWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, ZonaWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, ZonaWindow, outline);
  gtk_widget_class_bind_template_child (widget_class, ZonaWindow, sidebar_title);
  gtk_widget_class_bind_template_child (widget_class, ZonaWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, ZonaWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, ZonaWindow, page_bin);
  gtk_widget_class_bind_template_child (widget_class, ZonaWindow, recent_submenu);
  gtk_widget_class_bind_template_child (widget_class, ZonaWindow, banner);
  gtk_widget_class_bind_template_child (widget_class, ZonaWindow, banner_label);
  gtk_widget_class_bind_template_child (widget_class, ZonaWindow, problems_button);
  gtk_widget_class_bind_template_child (widget_class, ZonaWindow, problems_popover);
  gtk_widget_class_bind_template_child (widget_class, ZonaWindow, problems_summary);
  gtk_widget_class_bind_template_child (widget_class, ZonaWindow, problems_list);
  gtk_widget_class_bind_template_child (widget_class, ZonaWindow, problems_count);
  gtk_widget_class_bind_template_child (widget_class, ZonaWindow, export_bar);
  gtk_widget_class_bind_template_child (widget_class, ZonaWindow, export_progress);
  gtk_widget_class_bind_template_callback (widget_class, problem_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, outline_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, outline_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, leaflet_folded_cb);

  gtk_widget_class_install_action (widget_class, "win.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.save-copy", NULL, save_copy_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-export", NULL, cancel_export_action);
  gtk_widget_class_install_action (widget_class, "win.add-card", "(xs)", add_card_action);
  gtk_widget_class_install_action (widget_class, "win.show-sidebar", NULL, show_sidebar_action);
  gtk_widget_class_install_action (widget_class, "win.show-overview", NULL, show_overview_action);
  gtk_widget_class_install_action (widget_class, "win.tavolo-mode", NULL, tavolo_mode_action);
  gtk_widget_class_install_action (widget_class, "win.show-problems", NULL, show_problems_action);
  gtk_widget_class_install_action (widget_class, "win.close", NULL, close_action);
  gtk_widget_class_install_action (widget_class, "win.delete-block", "x", delete_block_action);
  gtk_widget_class_install_action (widget_class, "win.add-chart", "x", add_chart_action);
  gtk_widget_class_install_action (widget_class, "win.add-table", "x", add_table_action);
  gtk_widget_class_install_action (widget_class, "win.import-csv", "x", import_csv_action);
  gtk_widget_class_install_action (widget_class, "win.restore-backup", NULL, restore_backup_action);
  gtk_widget_class_install_action (widget_class, "win.approve", NULL, approve_action);
  gtk_widget_class_install_action (widget_class, "win.new-revision", NULL, new_revision_action);
  gtk_widget_class_install_action (widget_class, "win.next-plan", NULL, next_plan_action);
}

static void
zona_window_init (ZonaWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

static void
fill_recent_menu (ZonaWindow      *self,
                  ZonaApplication *app)
{
  g_auto(GStrv) recent = zona_application_get_recent (app);

  g_menu_remove_all (self->recent_submenu);
  for (guint i = 0; recent[i]; i++)
    {
      g_autofree char *name = g_filename_display_basename (recent[i]);
      g_autoptr(GMenuItem) item = g_menu_item_new (name, NULL);

      g_menu_item_set_action_and_target (item, "app.open-recent", "s", recent[i]);
      g_menu_append_item (self->recent_submenu, item);
    }
}

ZonaWindow *
zona_window_new (ZonaApplication  *application,
                 const char       *path,
                 GError          **error)
{
  g_autoptr(ZonaStore) store = NULL;
  g_autoptr(GError) template_error = NULL;
  g_autofree char *template_id = NULL;
  g_autofree char *window_title = NULL;
  g_autofree char *cycle = NULL;
  ZonaWindow *self;

  g_return_val_if_fail (ZONA_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  store = zona_store_open (path, error);
  if (store == NULL)
    return NULL;

  self = g_object_new (ZONA_TYPE_WINDOW, "application", application, NULL);
  if (zona_application_get_settings (application) != NULL)
    {
      GSettings *settings = zona_application_get_settings (application);

      gtk_window_set_default_size (GTK_WINDOW (self),
                                   MAX (360, g_settings_get_int (settings, "window-width")),
                                   MAX (360, g_settings_get_int (settings, "window-height")));
      if (g_settings_get_boolean (settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
    }
  self->store = g_steal_pointer (&store);
  template_id = zona_store_get_meta (self->store, "template");
  self->template = template_id ? zona_template_lookup (template_id, &template_error) : NULL;
  self->plan_title = zona_store_get_meta (self->store, "title");
  cycle = zona_store_get_meta (self->store, "cycle");

  window_title = g_strdup_printf ("%s — %s", self->plan_title ? self->plan_title : _("Untitled Plan"),
                                  _("Zona"));
  gtk_window_set_title (GTK_WINDOW (self), window_title);
  adw_window_title_set_title (self->sidebar_title,
                              self->plan_title ? self->plan_title : _("Untitled Plan"));
  adw_window_title_set_subtitle (self->sidebar_title, cycle);
  adw_window_title_set_subtitle (self->content_title, self->plan_title);

  fill_recent_menu (self, application);
  fill_outline (self, 0, 0, NULL);
  g_signal_connect_swapped (self->store, "changed", G_CALLBACK (store_changed_cb), self);
  g_signal_connect_swapped (self->store, "structure-changed",
                            G_CALLBACK (store_structure_changed_cb), self);
  g_signal_connect_swapped (self->store, "reloaded", G_CALLBACK (store_reloaded_cb), self);
  g_signal_connect_swapped (self->store, "card-changed", G_CALLBACK (store_card_changed_cb), self);
  update_undo_actions (self);
  run_checks (self);

  /* Start on the first card, where the work usually is; else on the first chapter. */
  {
    GtkListBoxRow *first = NULL;
    for (int i = 0; (first = gtk_list_box_get_row_at_index (self->outline, i)) != NULL; i++)
      if (g_object_get_data (G_OBJECT (first), BLOCK_ID))
        break;
    if (first == NULL)
      first = gtk_list_box_get_row_at_index (self->outline, 0);
    if (first != NULL)
      gtk_list_box_select_row (self->outline, first);
  }

  update_review_actions (self);
  if (zona_store_is_read_only (self->store))
    apply_read_only (self);
  else
    {
      g_autoptr(GError) backup_error = NULL;

      if (!zona_store_auto_backup (self->store, 7, &backup_error))
        {
          g_autofree char *msg = g_strdup_printf (_("No backup could be made: %s"),
                                                  backup_error->message);
          toast (self, msg);
        }
    }

  if (self->template == NULL)
    {
      g_autofree char *msg = g_strdup_printf (_("The plan's rules cannot be loaded: %s"),
                                              template_error ? template_error->message
                                                             : _("the plan names no template"));
      toast (self, msg);
    }
  return self;
}

ZonaStore *
zona_window_get_store (ZonaWindow *self)
{
  g_return_val_if_fail (ZONA_IS_WINDOW (self), NULL);
  return self->store;
}

gboolean
zona_window_select_block (ZonaWindow *self,
                          gint64      block_id)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (ZONA_IS_WINDOW (self), FALSE);

  row = find_row (self, BLOCK_ID, block_id);
  if (row == NULL)
    return FALSE;
  gtk_list_box_select_row (self->outline, row);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
  return TRUE;
}

gboolean
zona_window_select_chapter (ZonaWindow *self,
                            gint64      chapter_id)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (ZONA_IS_WINDOW (self), FALSE);

  row = find_row (self, CHAPTER_ID, chapter_id);
  if (row == NULL)
    return FALSE;
  gtk_list_box_select_row (self->outline, row);
  return TRUE;
}

ZonaTemplate *
zona_window_get_template (ZonaWindow *self)
{
  g_return_val_if_fail (ZONA_IS_WINDOW (self), NULL);
  return self->template;
}

GtkWidget *
zona_window_get_form_editor (ZonaWindow *self)
{
  g_return_val_if_fail (ZONA_IS_WINDOW (self), NULL);
  return self->form_editor;
}

gboolean
zona_window_is_exporting (ZonaWindow *self)
{
  g_return_val_if_fail (ZONA_IS_WINDOW (self), FALSE);
  return self->export_cancellable != NULL;
}

/* What the export dialog does once a file is chosen (for tests and scripts). */
void
zona_window_export_to (ZonaWindow *self,
                       const char *path)
{
  g_return_if_fail (ZONA_IS_WINDOW (self));
  start_export (self, path);
}

GtkListBox *
zona_window_get_outline (ZonaWindow *self)
{
  g_return_val_if_fail (ZONA_IS_WINDOW (self), NULL);
  return self->outline;
}
