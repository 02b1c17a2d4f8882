/* zona-table-editor.c: the editor of one data table
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The table's title, source, reference date and note as entry rows; its cells
 * in a GtkColumnView (GTK 4.8) with one column per data column and one
 * GtkEditableLabel per cell; a toolbar for rows and columns; the selected
 * column's name, type and unit below. Every change goes to the store at once,
 * one undo step each (a paste or an import is one step too); the view follows
 * the store's "changed" and "reloaded" signals, so undo and redo show up here.
 *
 * The "cursor" is the cell last focused: the toolbar, Delete and Ctrl+V act on
 * it. Cells keep their text as typed. A total row whose figure is not the sum
 * of the rows above it is marked, as the plan's checks report it.
 */
#define G_LOG_DOMAIN "zona-table-editor"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "zona-table-editor.h"
#include "zona-csv-import-dialog.h"
#include "model/zona-plan-data.h"
#include "model/zona-csv.h"
#include "model/zona-value.h"
#include "checks/zona-checks.h"

/* ---- row items -------------------------------------------------------- */

#define ZONA_TYPE_TABLE_ROW (zona_table_row_get_type ())
G_DECLARE_FINAL_TYPE (ZonaTableRow, zona_table_row, ZONA, TABLE_ROW, GObject)

struct _ZonaTableRow
{
  GObject     parent_instance;

  gint64      id;
  guint       position;
  gboolean    is_total;
  GPtrArray  *values;        /* (element-type utf8): one per column, NULL when empty */
  GPtrArray  *widgets;       /* the bound cell editables, not owned; NULL when none */
  gboolean   *mismatch;      /* one per column: a total that is not the sum */
  GPtrArray  *computed;      /* (element-type utf8): one per column, the sum a total
                                cell left empty shows; NULL elsewhere */
  GtkWidget  *number_label;  /* not owned */
};

G_DEFINE_FINAL_TYPE (ZonaTableRow, zona_table_row, G_TYPE_OBJECT)

static void
zona_table_row_finalize (GObject *object)
{
  ZonaTableRow *self = ZONA_TABLE_ROW (object);

  g_clear_pointer (&self->values, g_ptr_array_unref);
  g_clear_pointer (&self->widgets, g_ptr_array_unref);
  g_clear_pointer (&self->mismatch, g_free);
  g_clear_pointer (&self->computed, g_ptr_array_unref);
  G_OBJECT_CLASS (zona_table_row_parent_class)->finalize (object);
}

static void
zona_table_row_class_init (ZonaTableRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = zona_table_row_finalize;
}

static void
zona_table_row_init (ZonaTableRow *self)
{
}

static ZonaTableRow *
zona_table_row_new (const ZonaDataRow *data,
                    guint              position,
                    guint              n_columns)
{
  ZonaTableRow *self = g_object_new (ZONA_TYPE_TABLE_ROW, NULL);

  self->id = data->id;
  self->position = position;
  self->is_total = data->is_total;
  self->values = g_ptr_array_new_full (n_columns, g_free);
  for (guint c = 0; c < n_columns; c++)
    g_ptr_array_add (self->values, g_strdup (data->cells && c < data->cells->len
                                             ? g_ptr_array_index (data->cells, c) : NULL));
  self->widgets = g_ptr_array_new ();
  g_ptr_array_set_size (self->widgets, n_columns);
  self->mismatch = g_new0 (gboolean, MAX (n_columns, 1));
  self->computed = g_ptr_array_new_full (n_columns, g_free);
  g_ptr_array_set_size (self->computed, n_columns);
  return self;
}

/* ---- the editor ------------------------------------------------------- */

struct _ZonaTableEditor
{
  AdwBin               parent_instance;

  ZonaStore           *store;
  gint64               table_id;

  GtkWidget           *toast_overlay;
  GtkWidget           *stack;
  GtkWidget           *title_row;
  GtkWidget           *source_row;
  GtkWidget           *ref_date_row;
  GtkWidget           *note_row;
  GtkWidget           *total_button;
  GtkWidget           *empty_label;
  GtkWidget           *scroller;
  GtkWidget           *column_view;
  GtkWidget           *problems_label;
  GtkWidget           *column_group;
  GtkWidget           *column_name_row;
  GtkWidget           *column_type_row;
  GtkWidget           *column_unit_row;

  GListStore          *rows;          /* (element-type ZonaTableRow) */
  GtkNoSelection      *selection;     /* a selection rebinds the row's cells in GTK 4.8 */
  GPtrArray           *columns;       /* (element-type ZonaDataColumn), as shown */
  GPtrArray           *view_columns;  /* (element-type GtkColumnViewColumn), parallel */
  GHashTable          *problems;      /* column name → the checks' message */

  gint64               cursor_row_id;     /* 0 when none */
  gint64               cursor_column_id;  /* 0 when none */
  GtkWidget           *cursor_widget;     /* (weak) the cell marked as the cursor */
  gboolean             focus_pending;     /* give the cursor cell the focus when it shows */
  guint                refresh_id;
  guint                focus_id;
  guint                focus_tries;
  gulong               changed_handler;
  gulong               reloaded_handler;
  guint                updating : 1;
};

G_DEFINE_FINAL_TYPE (ZonaTableEditor, zona_table_editor, ADW_TYPE_BIN)

enum { TABLE_IMPORTED, N_SIGNALS };
static guint signals[N_SIGNALS];

#define ROW_DATA "zona-table-row"
#define COLUMN_DATA "zona-table-column"

static void refresh (ZonaTableEditor *self);
static void update_cursor_controls (ZonaTableEditor *self);

static const char *css =
  ".zona-table-view editablelabel { padding: 2px 4px; min-width: 4em; }\n"
  ".zona-table-view .zona-total { font-weight: bold; }\n"
  ".zona-table-view .zona-computed { font-style: italic; opacity: 0.75; }\n"
  ".zona-table-view .zona-mismatch { color: @error_color; text-decoration-line: underline;"
  "  text-decoration-color: @error_color; }\n"
  ".zona-table-view .zona-row-number { padding: 2px 6px; }\n"
  ".zona-table-view editablelabel.zona-cursor {"
  "  box-shadow: inset 0 0 0 2px alpha(@accent_color, 0.5); border-radius: 3px; }\n";

/* ---- small helpers ---------------------------------------------------- */

/* In the window's toast overlay when there is one (our own may be scrolled
 * out of sight), with the window's Undo; in ours, with our own. */
static void
toast (ZonaTableEditor *self,
       const char      *message,
       gboolean         offer_undo)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  AdwToast *t = adw_toast_new (message);

  if (offer_undo)
    {
      adw_toast_set_button_label (t, _("_Undo"));
      adw_toast_set_action_name (t, overlay != NULL ? "win.undo" : "table.undo");
    }
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay ? overlay : self->toast_overlay), t);
}

static void
report_error (ZonaTableEditor *self,
              const GError    *error)
{
  if (error != NULL)
    toast (self, error->message, FALSE);
}

static gboolean
is_numeric (ZonaColumnType type)
{
  return type == ZONA_COLUMN_INTEGER || type == ZONA_COLUMN_DECIMAL
      || type == ZONA_COLUMN_PERCENTAGE || type == ZONA_COLUMN_MONEY;
}

static const ZonaDataColumn *
column_at (ZonaTableEditor *self,
           guint            index)
{
  return self->columns != NULL && index < self->columns->len
    ? g_ptr_array_index (self->columns, index) : NULL;
}

static guint
n_rows (ZonaTableEditor *self)
{
  return g_list_model_get_n_items (G_LIST_MODEL (self->rows));
}

static ZonaTableRow *
row_at (ZonaTableEditor *self,
        guint            position)
{
  /* the list store keeps its own reference */
  ZonaTableRow *row = g_list_model_get_item (G_LIST_MODEL (self->rows), position);

  if (row != NULL)
    g_object_unref (row);
  return row;
}

static char *
column_title (const ZonaDataColumn *column)
{
  g_autofree char *name = column->name && *column->name
    ? g_strdup (column->name) : g_strdup_printf (_("Column %u"), (guint) column->position + 1);

  if (column->unit != NULL && *column->unit)
    return g_strdup_printf ("%s (%s)", name, column->unit);
  return g_steal_pointer (&name);
}

/* The cursor as positions; FALSE when it names no cell on the table. */
static gboolean
cursor_positions (ZonaTableEditor *self,
                  guint           *row_out,
                  guint           *column_out)
{
  guint r = G_MAXUINT, c = G_MAXUINT;

  for (guint i = 0; self->cursor_row_id != 0 && i < n_rows (self); i++)
    if (row_at (self, i)->id == self->cursor_row_id)
      r = i;
  for (guint i = 0; self->cursor_column_id != 0 && self->columns && i < self->columns->len; i++)
    if (column_at (self, i)->id == self->cursor_column_id)
      c = i;
  if (row_out)
    *row_out = r;
  if (column_out)
    *column_out = c;
  return r != G_MAXUINT && c != G_MAXUINT;
}

static GtkWidget *
find_list_view (GtkWidget *widget)
{
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found;

      if (GTK_IS_LIST_VIEW (c))
        return c;
      if ((found = find_list_view (c)) != NULL)
        return found;
    }
  return NULL;
}

static gboolean
focus_is_inside (ZonaTableEditor *self,
                 GtkWidget       *container)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && (focus == container || gtk_widget_is_ancestor (focus, container));
}

/* ---- cells on screen -------------------------------------------------- */

static void
update_cell_widget (ZonaTableEditor *self,
                    ZonaTableRow    *row,
                    guint            c)
{
  GtkWidget *w = c < row->widgets->len ? g_ptr_array_index (row->widgets, c) : NULL;
  const ZonaDataColumn *column = column_at (self, c);
  const char *value;
  const char *computed;
  g_autofree char *title = NULL;
  g_autofree char *label = NULL;
  const char *problem = NULL;

  if (w == NULL || column == NULL)
    return;

  value = g_ptr_array_index (row->values, c);
  computed = value == NULL && c < row->computed->len ? g_ptr_array_index (row->computed, c) : NULL;
  if (computed != NULL)
    {
      /* An empty total shows the sum, set apart from typed figures. */
      value = computed;
      gtk_widget_add_css_class (w, "zona-computed");
    }
  else
    gtk_widget_remove_css_class (w, "zona-computed");
  if (!gtk_editable_label_get_editing (GTK_EDITABLE_LABEL (w))
      && g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (w)), value ? value : "") != 0)
    gtk_editable_set_text (GTK_EDITABLE (w), value ? value : "");
  gtk_editable_set_alignment (GTK_EDITABLE (w), is_numeric (column->type) ? 1.0 : 0.0);

  if (row->is_total)
    gtk_widget_add_css_class (w, "zona-total");
  else
    gtk_widget_remove_css_class (w, "zona-total");
  if (row->id == self->cursor_row_id && column->id == self->cursor_column_id)
    {
      gtk_widget_add_css_class (w, "zona-cursor");
      g_set_weak_pointer (&self->cursor_widget, w);
    }
  else
    gtk_widget_remove_css_class (w, "zona-cursor");
  if (row->mismatch[c])
    {
      problem = g_hash_table_lookup (self->problems, column->name);
      if (problem == NULL)
        problem = _("This total is not the sum of the rows above it");
      gtk_widget_add_css_class (w, "zona-mismatch");
    }
  else
    gtk_widget_remove_css_class (w, "zona-mismatch");
  if (problem == NULL && computed != NULL)
    problem = _("The sum of the rows above, computed: type a figure to replace it");
  gtk_widget_set_tooltip_text (w, problem);

  title = column_title (column);
  if (row->is_total)
    /* Translators: a cell for screen readers: "Maschi, total row" */
    label = g_strdup_printf (_("%s, total row"), title);
  else
    /* Translators: a cell for screen readers: "Maschi, row 3" */
    label = g_strdup_printf (_("%s, row %u"), title, row->position + 1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (w),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, problem ? problem : "",
                                  -1);
}

static void
update_number_label (ZonaTableRow *row)
{
  g_autofree char *text = NULL;

  if (row->number_label == NULL)
    return;
  text = row->is_total ? g_strdup (_("Total")) : g_strdup_printf ("%u", row->position + 1);
  gtk_label_set_text (GTK_LABEL (row->number_label), text);
  if (row->is_total)
    gtk_widget_add_css_class (row->number_label, "zona-total");
  else
    gtk_widget_remove_css_class (row->number_label, "zona-total");
}

/* Writes what was typed in a cell when its editing ends. */
static void
commit_cell (ZonaTableEditor *self,
             GtkWidget       *w)
{
  ZonaTableRow *row = g_object_get_data (G_OBJECT (w), ROW_DATA);
  guint c = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (w), COLUMN_DATA));
  const ZonaDataColumn *column = column_at (self, c);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (w));
  g_autoptr(GError) error = NULL;

  if (row == NULL || column == NULL || self->store == NULL)
    return;
  if (g_strcmp0 (*text ? text : NULL, g_ptr_array_index (row->values, c)) == 0)
    return;
  /* The computed sum, left as it was: the total stays computed. */
  if (g_ptr_array_index (row->values, c) == NULL && c < row->computed->len
      && g_strcmp0 (text, g_ptr_array_index (row->computed, c)) == 0)
    return;
  if (!zona_plan_data_set_cell (self->store, row->id, column->id, text, &error))
    {
      report_error (self, error);
      update_cell_widget (self, row, c);   /* show what the file holds */
      return;
    }
  g_free (g_ptr_array_index (row->values, c));
  g_ptr_array_index (row->values, c) = g_strdup (*text ? text : NULL);
}

static void
cell_editing_cb (GtkWidget       *w,
                 GParamSpec      *pspec,
                 ZonaTableEditor *self)
{
  if (!gtk_editable_label_get_editing (GTK_EDITABLE_LABEL (w)))
    commit_cell (self, w);
}

static void
cell_focus_enter_cb (GtkEventControllerFocus *controller,
                     ZonaTableEditor         *self)
{
  GtkWidget *w = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  ZonaTableRow *row = g_object_get_data (G_OBJECT (w), ROW_DATA);
  const ZonaDataColumn *column =
    column_at (self, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (w), COLUMN_DATA)));

  if (row == NULL || column == NULL)
    return;
  if (self->cursor_row_id != row->id || self->cursor_column_id != column->id)
    {
      self->cursor_row_id = row->id;
      self->cursor_column_id = column->id;
      update_cursor_controls (self);
    }
}

static gboolean
release_cb (gpointer data)
{
  return G_SOURCE_REMOVE;
}

/* GTK 4.8's GtkEditableLabel leaves a 100 ms timeout behind each time the
 * focus leaves it and does not remove it when it is destroyed (fixed in later
 * GTK). A cell whose row is replaced right after the focus left it would be
 * used after it is freed: keep it alive until that timeout has run. Ours is
 * later and of lower priority, so it never runs first, however slow the loop. */
static void
cell_focus_leave_cb (GtkEventControllerFocus *controller,
                     gpointer                 data)
{
  GtkWidget *w = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));

  g_timeout_add_full (G_PRIORITY_LOW, 250, release_cb, g_object_ref (w), g_object_unref);
}

static void
cell_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               ZonaTableEditor          *self)
{
  GtkWidget *w = gtk_editable_label_new ("");
  GtkEventController *focus = gtk_event_controller_focus_new ();

  gtk_widget_add_css_class (w, "numeric");
  g_signal_connect_object (w, "notify::editing", G_CALLBACK (cell_editing_cb), self, 0);
  g_signal_connect_object (focus, "enter", G_CALLBACK (cell_focus_enter_cb), self, 0);
  g_signal_connect (focus, "leave", G_CALLBACK (cell_focus_leave_cb), NULL);
  gtk_widget_add_controller (w, focus);
  gtk_list_item_set_child (item, w);
}

static void
cell_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              ZonaTableEditor          *self)
{
  GtkWidget *w = gtk_list_item_get_child (item);
  ZonaTableRow *row = gtk_list_item_get_item (item);
  guint c = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), COLUMN_DATA));

  if (row == NULL || c >= row->widgets->len)
    return;
  g_object_set_data (G_OBJECT (w), ROW_DATA, row);
  g_object_set_data (G_OBJECT (w), COLUMN_DATA, GUINT_TO_POINTER (c));
  g_ptr_array_index (row->widgets, c) = w;
  update_cell_widget (self, row, c);
}

static void
cell_unbind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                ZonaTableEditor          *self)
{
  GtkWidget *w = gtk_list_item_get_child (item);
  ZonaTableRow *row = g_object_get_data (G_OBJECT (w), ROW_DATA);
  guint c = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (w), COLUMN_DATA));

  /* A cell scrolled away or replaced while it is edited keeps what was typed. */
  if (gtk_editable_label_get_editing (GTK_EDITABLE_LABEL (w)))
    gtk_editable_label_stop_editing (GTK_EDITABLE_LABEL (w), TRUE);
  if (row != NULL && c < row->widgets->len && g_ptr_array_index (row->widgets, c) == w)
    g_ptr_array_index (row->widgets, c) = NULL;
  g_object_set_data (G_OBJECT (w), ROW_DATA, NULL);
  gtk_widget_remove_css_class (w, "zona-cursor");
  if (self->cursor_widget == w)
    g_clear_weak_pointer (&self->cursor_widget);
}

static void
number_setup_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 ZonaTableEditor          *self)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 1.0);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "numeric");
  gtk_widget_add_css_class (label, "zona-row-number");
  gtk_list_item_set_child (item, label);
}

static void
number_bind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                ZonaTableEditor          *self)
{
  ZonaTableRow *row = gtk_list_item_get_item (item);

  if (row == NULL)
    return;
  row->number_label = gtk_list_item_get_child (item);
  update_number_label (row);
}

static void
number_unbind_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  ZonaTableEditor          *self)
{
  ZonaTableRow *row = gtk_list_item_get_item (item);

  if (row != NULL && row->number_label == gtk_list_item_get_child (item))
    row->number_label = NULL;
}

/* ---- focus ------------------------------------------------------------ */

static gboolean
focus_cursor_cb (gpointer data)
{
  ZonaTableEditor *self = data;
  guint r, c;
  GtkWidget *w = NULL;

  if (!self->focus_pending || !cursor_positions (self, &r, &c))
    {
      self->focus_pending = FALSE;
      self->focus_id = 0;
      return G_SOURCE_REMOVE;
    }
  w = g_ptr_array_index (row_at (self, r)->widgets, c);
  if (w != NULL && gtk_widget_get_mapped (w))
    {
      gtk_widget_grab_focus (w);
      self->focus_pending = FALSE;
      self->focus_id = 0;
      return G_SOURCE_REMOVE;
    }
  /* Not on screen yet: bring the row into view and look again next frame. */
  if (self->focus_tries++ == 0)
    {
      GtkWidget *list = find_list_view (self->column_view);
      if (list != NULL)
        gtk_widget_activate_action (list, "list.scroll-to-item", "u", r);
    }
  if (self->focus_tries > 30)
    {
      self->focus_pending = FALSE;
      self->focus_id = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

/* Gives the cursor cell the focus, now or once it is on screen. */
static void
focus_cursor (ZonaTableEditor *self)
{
  self->focus_pending = TRUE;
  self->focus_tries = 0;
  if (self->focus_id == 0)
    self->focus_id = g_timeout_add (16, focus_cursor_cb, self);
}

static void
move_cursor_to (ZonaTableEditor *self,
                guint            r,
                guint            c)
{
  ZonaTableRow *row = row_at (self, r);
  const ZonaDataColumn *column = column_at (self, c);
  GtkWidget *w;

  if (row == NULL || column == NULL)
    return;
  self->cursor_row_id = row->id;
  self->cursor_column_id = column->id;
  update_cursor_controls (self);
  w = g_ptr_array_index (row->widgets, c);
  if (w != NULL && gtk_widget_get_mapped (w))
    {
      GtkWidget *list = find_list_view (self->column_view);

      gtk_widget_grab_focus (w);
      /* keep a half-visible cell in view */
      if (list != NULL)
        gtk_widget_activate_action (list, "list.scroll-to-item", "u", r);
    }
  else
    focus_cursor (self);
}

/* ---- reading the store ------------------------------------------------ */

static void
sync_entry (ZonaTableEditor *self,
            GtkWidget       *row,
            const char      *value)
{
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (row)), value ? value : "") != 0)
    gtk_editable_set_text (GTK_EDITABLE (row), value ? value : "");
}

static gboolean
same_layout (GPtrArray *a,
             GPtrArray *b)
{
  if (a == NULL || a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    {
      const ZonaDataColumn *x = g_ptr_array_index (a, i), *y = g_ptr_array_index (b, i);
      if (x->id != y->id || x->type != y->type)
        return FALSE;
    }
  return TRUE;
}

static GPtrArray *
copy_columns (GPtrArray *columns)
{
  GPtrArray *copy = g_ptr_array_new_with_free_func ((GDestroyNotify) zona_data_column_free);

  for (guint i = 0; i < columns->len; i++)
    {
      const ZonaDataColumn *c = g_ptr_array_index (columns, i);
      ZonaDataColumn *d = g_new0 (ZonaDataColumn, 1);

      d->id = c->id;
      d->table_id = c->table_id;
      d->position = c->position;
      d->name = g_strdup (c->name);
      d->type = c->type;
      d->unit = g_strdup (c->unit);
      g_ptr_array_add (copy, d);
    }
  return copy;
}

static void
rebuild_columns (ZonaTableEditor *self,
                 GPtrArray       *columns)
{
  GtkColumnView *view = GTK_COLUMN_VIEW (self->column_view);

  /* Rows first: their cell arrays are sized for the old columns. */
  g_list_store_remove_all (self->rows);
  for (guint i = 0; i < self->view_columns->len; i++)
    gtk_column_view_remove_column (view, g_ptr_array_index (self->view_columns, i));
  g_ptr_array_set_size (self->view_columns, 0);
  g_clear_pointer (&self->columns, g_ptr_array_unref);
  self->columns = copy_columns (columns);

  for (guint i = 0; i < columns->len; i++)
    {
      const ZonaDataColumn *column = g_ptr_array_index (columns, i);
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autofree char *title = column_title (column);
      GtkColumnViewColumn *view_column;

      g_object_set_data (G_OBJECT (factory), COLUMN_DATA, GUINT_TO_POINTER (i));
      g_signal_connect (factory, "setup", G_CALLBACK (cell_setup_cb), self);
      g_signal_connect (factory, "bind", G_CALLBACK (cell_bind_cb), self);
      g_signal_connect (factory, "unbind", G_CALLBACK (cell_unbind_cb), self);
      view_column = gtk_column_view_column_new (title, factory);
      gtk_column_view_column_set_resizable (view_column, TRUE);
      gtk_column_view_column_set_expand (view_column, column->type == ZONA_COLUMN_TEXT);
      gtk_column_view_append_column (view, view_column);
      g_ptr_array_add (self->view_columns, view_column);
    }
}

static gboolean
same_rows (ZonaTableEditor *self,
           GPtrArray       *rows)
{
  if (n_rows (self) != rows->len)
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    if (row_at (self, i)->id != ((ZonaDataRow *) g_ptr_array_index (rows, i))->id)
      return FALSE;
  return TRUE;
}

static void
replace_rows (ZonaTableEditor *self,
              GPtrArray       *rows)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  if (focus_is_inside (self, self->column_view))
    self->focus_pending = TRUE;
  for (guint i = 0; i < rows->len; i++)
    g_ptr_array_add (items, zona_table_row_new (g_ptr_array_index (rows, i), i,
                                                self->columns->len));
  g_list_store_splice (self->rows, 0, n_rows (self), items->pdata, items->len);
  if (self->focus_pending)
    focus_cursor (self);
}

static void
update_rows (ZonaTableEditor *self,
             GPtrArray       *rows)
{
  for (guint i = 0; i < rows->len; i++)
    {
      const ZonaDataRow *data = g_ptr_array_index (rows, i);
      ZonaTableRow *row = row_at (self, i);
      gboolean all = row->is_total != data->is_total || row->position != i;

      row->is_total = data->is_total;
      row->position = i;
      for (guint c = 0; c < row->values->len; c++)
        {
          const char *value = c < data->cells->len ? g_ptr_array_index (data->cells, c) : NULL;

          if (g_strcmp0 (value, g_ptr_array_index (row->values, c)) != 0)
            {
              g_free (g_ptr_array_index (row->values, c));
              g_ptr_array_index (row->values, c) = g_strdup (value);
              update_cell_widget (self, row, c);
            }
          else if (all)
            update_cell_widget (self, row, c);
        }
      if (all)
        update_number_label (row);
    }
}

/* The rule of the plan's checks (check_tables in zona-checks.c), per cell: a
 * figure in a total row against the sum of the ordinary rows above it. */
static void
update_mismatches (ZonaTableEditor *self)
{
  for (guint c = 0; c < self->columns->len; c++)
    {
      const ZonaDataColumn *column = column_at (self, c);
      gboolean checked = zona_column_type_adds_up (column->type);
      double sum = 0;
      gboolean any = FALSE;

      for (guint r = 0; r < n_rows (self); r++)
        {
          ZonaTableRow *row = row_at (self, r);
          const char *value = g_ptr_array_index (row->values, c);
          gboolean mismatch = FALSE;
          double v;

          g_autofree char *computed = NULL;

          if (row->computed->len <= c)
            g_ptr_array_set_size (row->computed, c + 1);
          if (checked && value != NULL && zona_value_parse_number (value, &v))
            {
              if (!row->is_total)
                {
                  sum += v;
                  any = TRUE;
                }
              else
                mismatch = any && !zona_data_total_matches (v, sum);
            }
          else if (checked && value == NULL && row->is_total && any)
            computed = zona_data_total_text (column->type, sum);
          if (row->mismatch[c] != mismatch
              || g_strcmp0 (computed, g_ptr_array_index (row->computed, c)) != 0)
            {
              row->mismatch[c] = mismatch;
              g_free (g_ptr_array_index (row->computed, c));
              g_ptr_array_index (row->computed, c) = g_steal_pointer (&computed);
              update_cell_widget (self, row, c);
            }
        }
    }
}

/* The checks' own words for this table's totals, by column name. */
static void
update_problems (ZonaTableEditor *self)
{
  g_autoptr(GPtrArray) problems = zona_checks_run (self->store, NULL);
  g_autoptr(GString) text = g_string_new (NULL);

  g_hash_table_remove_all (self->problems);
  for (guint i = 0; i < problems->len; i++)
    {
      const ZonaProblem *p = g_ptr_array_index (problems, i);

      if (p->rule != ZONA_RULE_TOTAL_MISMATCH || p->table_id != self->table_id)
        continue;
      if (text->len)
        g_string_append_c (text, '\n');
      g_string_append_printf (text, "%s: %s", p->where, p->message);
      for (guint c = 0; c < self->columns->len; c++)
        {
          const ZonaDataColumn *column = column_at (self, c);
          g_autofree char *suffix = g_strdup_printf (" › %s", column->name);

          if (p->where != NULL && g_str_has_suffix (p->where, suffix)
              && !g_hash_table_contains (self->problems, column->name))
            g_hash_table_insert (self->problems, g_strdup (column->name), g_strdup (p->message));
        }
    }
  gtk_label_set_text (GTK_LABEL (self->problems_label), text->str);
  gtk_widget_set_visible (self->problems_label, text->len > 0);
}

static void
update_cursor_controls (ZonaTableEditor *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  guint r = G_MAXUINT, c = G_MAXUINT, rows = n_rows (self);
  guint columns = self->columns ? self->columns->len : 0;
  gboolean has_row, has_column;
  const ZonaDataColumn *column;
  ZonaTableRow *row;

  cursor_positions (self, &r, &c);
  has_row = r < rows;
  has_column = c < columns;
  row = has_row ? row_at (self, r) : NULL;
  column = has_column ? column_at (self, c) : NULL;

  if (self->cursor_widget != NULL
      && (row == NULL || !has_column || g_ptr_array_index (row->widgets, c) != self->cursor_widget))
    {
      gtk_widget_remove_css_class (self->cursor_widget, "zona-cursor");
      g_clear_weak_pointer (&self->cursor_widget);
    }
  if (row != NULL && has_column && g_ptr_array_index (row->widgets, c) != NULL)
    {
      gtk_widget_add_css_class (g_ptr_array_index (row->widgets, c), "zona-cursor");
      g_set_weak_pointer (&self->cursor_widget, g_ptr_array_index (row->widgets, c));
    }

  gtk_widget_action_set_enabled (widget, "table.remove-row", has_row);
  gtk_widget_action_set_enabled (widget, "table.move-row-up", has_row && r > 0);
  gtk_widget_action_set_enabled (widget, "table.move-row-down", has_row && r + 1 < rows);
  gtk_widget_action_set_enabled (widget, "table.set-total", has_row);
  gtk_widget_action_set_enabled (widget, "table.add-row", columns > 0);
  gtk_widget_action_set_enabled (widget, "table.remove-column", has_column);
  gtk_widget_action_set_enabled (widget, "table.move-column-left", has_column && c > 0);
  gtk_widget_action_set_enabled (widget, "table.move-column-right", has_column && c + 1 < columns);

  self->updating = TRUE;
  gtk_widget_set_sensitive (self->total_button, has_row);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->total_button), row && row->is_total);
  gtk_widget_set_sensitive (self->column_group, column != NULL);
  if (column != NULL)
    {
      g_autofree char *description = g_strdup_printf (_("Column %u of %u"), c + 1, columns);

      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->column_group),
                                             description);
      sync_entry (self, self->column_name_row, column->name);
      sync_entry (self, self->column_unit_row, column->unit);
      adw_combo_row_set_selected (ADW_COMBO_ROW (self->column_type_row), column->type);
    }
  else
    {
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->column_group),
                                             _("Choose a cell to set its column"));
      sync_entry (self, self->column_name_row, NULL);
      sync_entry (self, self->column_unit_row, NULL);
    }
  self->updating = FALSE;
}

/* The table, or the page saying it is gone. A box rather than a GtkStack: GTK
 * 4.8's stack measures its child's width for the height it was given, which
 * with wrapping labels inside made the table wider than the window. */
static void
show_part (ZonaTableEditor *self,
           const char      *name)
{
  GtkWidget *table = g_object_get_data (G_OBJECT (self->stack), "table");
  GtkWidget *gone = g_object_get_data (G_OBJECT (self->stack), "gone");

  gtk_widget_set_visible (table, g_str_equal (name, "table"));
  gtk_widget_set_visible (gone, g_str_equal (name, "gone"));
}

static void
refresh (ZonaTableEditor *self)
{
  g_autoptr(ZonaTableContents) contents = NULL;

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  contents = zona_plan_data_get_table_contents (self->store, self->table_id);
  if (contents == NULL)
    {
      /* Deleted, or its import undone: say so; the window decides what to show. */
      show_part (self, "gone");
      g_list_store_remove_all (self->rows);
      return;
    }
  show_part (self, "table");

  self->updating = TRUE;
  sync_entry (self, self->title_row, contents->table->title);
  sync_entry (self, self->source_row, contents->table->source);
  sync_entry (self, self->ref_date_row, contents->table->ref_date);
  sync_entry (self, self->note_row, contents->table->note);
  self->updating = FALSE;

  if (!same_layout (self->columns, contents->columns))
    {
      gboolean had_focus = focus_is_inside (self, self->column_view);

      rebuild_columns (self, contents->columns);
      replace_rows (self, contents->rows);
      if (had_focus)
        focus_cursor (self);
    }
  else
    {
      /* names and units: the headers only */
      g_clear_pointer (&self->columns, g_ptr_array_unref);
      self->columns = copy_columns (contents->columns);
      for (guint i = 0; i < self->columns->len; i++)
        {
          g_autofree char *title = column_title (column_at (self, i));
          gtk_column_view_column_set_title (g_ptr_array_index (self->view_columns, i), title);
        }
      if (same_rows (self, contents->rows))
        update_rows (self, contents->rows);
      else
        replace_rows (self, contents->rows);
    }

  gtk_widget_set_visible (self->empty_label, self->columns->len == 0);
  gtk_widget_set_visible (self->scroller, self->columns->len > 0);
  update_problems (self);
  update_mismatches (self);
  /* names may have changed: tooltips and accessible labels follow */
  for (guint r = 0; r < n_rows (self); r++)
    for (guint c = 0; c < self->columns->len; c++)
      update_cell_widget (self, row_at (self, r), c);
  update_cursor_controls (self);
}

static gboolean
refresh_idle_cb (gpointer data)
{
  ZonaTableEditor *self = data;

  self->refresh_id = 0;
  refresh (self);
  return G_SOURCE_REMOVE;
}

static void
queue_refresh (ZonaTableEditor *self)
{
  if (self->refresh_id == 0)
    self->refresh_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, refresh_idle_cb, self, NULL);
}

static void
store_changed_cb (ZonaStore       *store,
                  const char      *table,
                  ZonaTableEditor *self)
{
  /* "" comes when the history is cleared: cheap enough to look again */
  if (table == NULL || *table == '\0' || g_str_has_prefix (table, "data_"))
    queue_refresh (self);
}

static void
store_reloaded_cb (ZonaStore       *store,
                   ZonaTableEditor *self)
{
  queue_refresh (self);
}

/* ---- metadata and column rows ----------------------------------------- */

static void
meta_changed_cb (GtkEditable     *editable,
                 ZonaTableEditor *self)
{
  const char *text = gtk_editable_get_text (editable);
  GtkWidget *w = GTK_WIDGET (editable);
  g_autoptr(GError) error = NULL;
  gboolean ok = TRUE;

  if (self->updating)
    return;
  if (w == self->title_row)
    ok = zona_plan_data_set_table_title (self->store, self->table_id, text, &error);
  else if (w == self->source_row)
    ok = zona_plan_data_set_table_source (self->store, self->table_id, text, &error);
  else if (w == self->ref_date_row)
    ok = zona_plan_data_set_table_ref_date (self->store, self->table_id, text, &error);
  else if (w == self->note_row)
    ok = zona_plan_data_set_table_note (self->store, self->table_id, text, &error);
  if (!ok)
    report_error (self, error);
}

static void
column_entry_changed_cb (GtkEditable     *editable,
                         ZonaTableEditor *self)
{
  const char *text = gtk_editable_get_text (editable);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (self->updating || self->cursor_column_id == 0)
    return;
  if (GTK_WIDGET (editable) == self->column_name_row)
    ok = zona_plan_data_rename_column (self->store, self->cursor_column_id, text, &error);
  else
    ok = zona_plan_data_set_column_unit (self->store, self->cursor_column_id, text, &error);
  if (!ok)
    report_error (self, error);
}

static void
column_type_cb (AdwComboRow     *row,
                GParamSpec      *pspec,
                ZonaTableEditor *self)
{
  guint selected = adw_combo_row_get_selected (row);
  g_autoptr(GError) error = NULL;

  if (self->updating || self->cursor_column_id == 0 || selected > ZONA_COLUMN_MONEY)
    return;
  if (!zona_plan_data_set_column_type (self->store, self->cursor_column_id,
                                       (ZonaColumnType) selected, &error))
    report_error (self, error);
}

static void
total_toggled_cb (GtkToggleButton *button,
                  ZonaTableEditor *self)
{
  if (self->updating)
    return;
  gtk_widget_activate_action (GTK_WIDGET (self), "table.set-total", "b",
                              gtk_toggle_button_get_active (button));
}

/* ---- keyboard --------------------------------------------------------- */

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                ZonaTableEditor       *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;
  GtkWidget *cell = NULL;
  ZonaTableRow *row;
  guint r, c, rows = n_rows (self), columns = self->columns->len;
  gboolean editing, shift;

  if (focus != NULL)
    cell = GTK_IS_EDITABLE_LABEL (focus) ? focus
                                         : gtk_widget_get_ancestor (focus, GTK_TYPE_EDITABLE_LABEL);
  if (cell == NULL || (row = g_object_get_data (G_OBJECT (cell), ROW_DATA)) == NULL)
    return FALSE;
  r = row->position;
  c = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (cell), COLUMN_DATA));
  editing = gtk_editable_label_get_editing (GTK_EDITABLE_LABEL (cell));
  shift = (state & GDK_SHIFT_MASK) != 0;
  state &= gtk_accelerator_get_default_mod_mask () & ~GDK_SHIFT_MASK;

  switch (keyval)
    {
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      {
        gboolean up = keyval == GDK_KEY_Up || keyval == GDK_KEY_KP_Up;

        if (state != 0 || shift)
          return FALSE;
        if (editing)
          gtk_editable_label_stop_editing (GTK_EDITABLE_LABEL (cell), TRUE);
        if (up && r > 0)
          move_cursor_to (self, r - 1, c);
        else if (!up && r + 1 < rows)
          move_cursor_to (self, r + 1, c);
        return TRUE;
      }

    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      {
        gboolean left = keyval == GDK_KEY_Left || keyval == GDK_KEY_KP_Left;

        if (editing || state != 0 || shift)
          return FALSE;
        if (left && c > 0)
          move_cursor_to (self, r, c - 1);
        else if (!left && c + 1 < columns)
          move_cursor_to (self, r, c + 1);
        return TRUE;
      }

    case GDK_KEY_Tab:
    case GDK_KEY_KP_Tab:
    case GDK_KEY_ISO_Left_Tab:
      if (state != 0)
        return FALSE;
      shift = shift || keyval == GDK_KEY_ISO_Left_Tab;
      /* At either end of the table Tab leaves it, as everywhere else. */
      if (!shift && c + 1 >= columns && r + 1 >= rows)
        return FALSE;
      if (shift && c == 0 && r == 0)
        return FALSE;
      if (editing)
        gtk_editable_label_stop_editing (GTK_EDITABLE_LABEL (cell), TRUE);
      if (!shift)
        move_cursor_to (self, c + 1 < columns ? r : r + 1, c + 1 < columns ? c + 1 : 0);
      else
        move_cursor_to (self, c > 0 ? r : r - 1, c > 0 ? c - 1 : columns - 1);
      return TRUE;

    case GDK_KEY_Home:
    case GDK_KEY_End:
      if (editing || state != 0 || shift)
        return FALSE;
      move_cursor_to (self, r, keyval == GDK_KEY_Home ? 0 : columns - 1);
      return TRUE;

    case GDK_KEY_Delete:
    case GDK_KEY_KP_Delete:
    case GDK_KEY_BackSpace:
      if (editing || state != 0)
        return FALSE;
      gtk_widget_activate_action (GTK_WIDGET (self), "table.clear-cell", NULL);
      return TRUE;

    default:
      /* Typing on a cell replaces what it holds, as in a spreadsheet. */
      if (!editing && state == 0)
        {
          gunichar ch = gdk_keyval_to_unicode (keyval);
          char buf[8] = { 0 };

          if (ch != 0 && g_unichar_isprint (ch))
            {
              g_unichar_to_utf8 (ch, buf);
              gtk_editable_label_start_editing (GTK_EDITABLE_LABEL (cell));
              gtk_editable_set_text (GTK_EDITABLE (cell), buf);
              gtk_editable_set_position (GTK_EDITABLE (cell), -1);
              return TRUE;
            }
        }
      return FALSE;
    }
}

/* ---- actions ---------------------------------------------------------- */

static gint64
neighbour_row (ZonaTableEditor *self,
               guint            r)
{
  ZonaTableRow *row = r + 1 < n_rows (self) ? row_at (self, r + 1)
                    : r > 0 ? row_at (self, r - 1) : NULL;
  return row ? row->id : 0;
}

static void
row_action (GtkWidget  *widget,
            const char *name,
            GVariant   *param)
{
  ZonaTableEditor *self = ZONA_TABLE_EDITOR (widget);
  g_autoptr(GError) error = NULL;
  guint r = G_MAXUINT, c = G_MAXUINT;
  ZonaTableRow *row;
  gboolean ok = TRUE;

  cursor_positions (self, &r, &c);
  row = r < n_rows (self) ? row_at (self, r) : NULL;

  if (g_str_equal (name, "table.add-row"))
    {
      gint64 id = zona_plan_data_add_row (self->store, self->table_id,
                                          row ? (int) r + 1 : -1, FALSE, &error);
      ok = id > 0;
      if (ok)
        {
          self->cursor_row_id = id;
          if (c == G_MAXUINT && self->columns->len > 0)
            self->cursor_column_id = column_at (self, 0)->id;
        }
    }
  else if (row == NULL)
    return;
  else if (g_str_equal (name, "table.remove-row"))
    {
      gint64 next = neighbour_row (self, r);
      ok = zona_plan_data_delete_row (self->store, row->id, &error);
      if (ok)
        {
          self->cursor_row_id = next;
          toast (self, _("Row deleted"), TRUE);
        }
    }
  else if (g_str_equal (name, "table.move-row-up") && r > 0)
    ok = zona_plan_data_move_row (self->store, row->id, r - 1, &error);
  else if (g_str_equal (name, "table.move-row-down") && r + 1 < n_rows (self))
    ok = zona_plan_data_move_row (self->store, row->id, r + 1, &error);
  else if (g_str_equal (name, "table.set-total"))
    ok = zona_plan_data_set_row_total (self->store, row->id, g_variant_get_boolean (param), &error);
  else if (g_str_equal (name, "table.clear-cell") && c < self->columns->len)
    ok = zona_plan_data_set_cell (self->store, row->id, column_at (self, c)->id, NULL, &error);

  if (!ok)
    report_error (self, error);
  refresh (self);
  focus_cursor (self);
}

static void
column_action (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  ZonaTableEditor *self = ZONA_TABLE_EDITOR (widget);
  g_autoptr(GError) error = NULL;
  guint r = G_MAXUINT, c = G_MAXUINT, columns = self->columns->len;
  const ZonaDataColumn *column;
  gboolean ok = TRUE;

  cursor_positions (self, &r, &c);
  column = column_at (self, c);

  if (g_str_equal (name, "table.add-column"))
    {
      g_autofree char *title = g_strdup_printf (_("Column %u"), columns + 1);
      gint64 id = zona_plan_data_add_column (self->store, self->table_id,
                                             column ? (int) c + 1 : -1, title,
                                             ZONA_COLUMN_TEXT, NULL, &error);
      ok = id > 0;
      if (ok)
        {
          self->cursor_column_id = id;
          if (r == G_MAXUINT && n_rows (self) > 0)
            self->cursor_row_id = row_at (self, 0)->id;
        }
    }
  else if (column == NULL)
    return;
  else if (g_str_equal (name, "table.remove-column"))
    {
      const ZonaDataColumn *next = column_at (self, c + 1 < columns ? c + 1 : c - 1);
      gint64 next_id = next && next != column ? next->id : 0;

      ok = zona_plan_data_delete_column (self->store, column->id, &error);
      if (ok)
        {
          self->cursor_column_id = next_id;
          toast (self, _("Column deleted"), TRUE);
        }
    }
  else if (g_str_equal (name, "table.move-column-left") && c > 0)
    ok = zona_plan_data_move_column (self->store, column->id, c - 1, &error);
  else if (g_str_equal (name, "table.move-column-right") && c + 1 < columns)
    ok = zona_plan_data_move_column (self->store, column->id, c + 1, &error);

  if (!ok)
    report_error (self, error);
  refresh (self);
  focus_cursor (self);
}

static void
undo_action (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  ZonaTableEditor *self = ZONA_TABLE_EDITOR (widget);
  g_autoptr(GError) error = NULL;

  if (!zona_store_undo (self->store, &error))
    report_error (self, error);
}

static void
paste_ready_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(ZonaTableEditor) self = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, &error);

  if (self->store == NULL)
    return;
  if (text == NULL)
    {
      if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, _("The clipboard holds no text to paste"), FALSE);
      return;
    }
  if (!zona_table_editor_paste_text (self, text, &error))
    report_error (self, error);
}

static void
paste_action (GtkWidget  *widget,
              const char *name,
              GVariant   *param)
{
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), NULL, paste_ready_cb,
                                 g_object_ref (widget));
}

static void
import_done_cb (ZonaCsvImportDialog *dialog,
                gint64               table_id,
                ZonaTableEditor     *self)
{
  g_autoptr(ZonaDataTable) table = zona_plan_data_get_table (self->store, table_id);
  g_autofree char *message = g_strdup_printf (_("“%s” was imported as a new table"),
                                              table ? table->title : "");

  toast (self, message, TRUE);
  g_signal_emit (self, signals[TABLE_IMPORTED], 0, table_id);
}

static void
import_failed_cb (ZonaCsvImportDialog *dialog,
                  const char          *message,
                  ZonaTableEditor     *self)
{
  toast (self, message, FALSE);
}

static void
file_chosen_cb (GtkNativeDialog *native,
                int              response,
                ZonaTableEditor *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      if (file != NULL)
        zona_table_editor_open_import (self, file);
    }
  g_object_unref (native);
}

static void
import_action (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  ZonaTableEditor *self = ZONA_TABLE_EDITOR (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *native;
  g_autoptr(GtkFileFilter) csv = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  native = gtk_file_chooser_native_new (_("Import a CSV File"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  gtk_file_filter_set_name (csv, _("CSV and text files"));
  gtk_file_filter_add_mime_type (csv, "text/csv");
  gtk_file_filter_add_mime_type (csv, "text/tab-separated-values");
  gtk_file_filter_add_pattern (csv, "*.csv");
  gtk_file_filter_add_pattern (csv, "*.CSV");
  gtk_file_filter_add_pattern (csv, "*.tsv");
  gtk_file_filter_add_pattern (csv, "*.txt");
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), csv);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), all);
  g_signal_connect_object (native, "response", G_CALLBACK (file_chosen_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

/* ---- building --------------------------------------------------------- */

static GtkWidget *
tool_button (const char *icon,
             const char *label,
             const char *action)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  return button;
}

static GtkWidget *
tool_group (const char *title)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (title);
  GtkWidget *linked = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (linked, "linked");
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), linked);
  g_object_set_data (G_OBJECT (box), "zona-linked", linked);
  return box;
}

static GtkWidget *
entry_row (ZonaTableEditor *self,
           GtkWidget       *group,
           const char      *title,
           GCallback        callback)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  /* Ctrl+Z goes to the plan's undo, which knows every edit. */
  gtk_editable_set_enable_undo (GTK_EDITABLE (row), FALSE);
  g_signal_connect (row, "changed", callback, self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  return row;
}

static void
install_css (void)
{
  static gboolean done;
  GdkDisplay *display = gdk_display_get_default ();
  g_autoptr(GtkCssProvider) provider = NULL;

  if (done || display == NULL)
    return;
  done = TRUE;
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_data (provider, css, -1);
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static void
build (ZonaTableEditor *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  GtkWidget *meta = adw_preferences_group_new ();
  GtkWidget *cells_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *toolbar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *rows_group = tool_group (_("Rows"));
  GtkWidget *columns_group = tool_group (_("Columns"));
  GtkWidget *rows_linked = g_object_get_data (G_OBJECT (rows_group), "zona-linked");
  GtkWidget *columns_linked = g_object_get_data (G_OBJECT (columns_group), "zona-linked");
  GtkWidget *import_button = gtk_button_new_with_mnemonic (_("_Import CSV…"));
  GtkWidget *spacer = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *heading = gtk_label_new (_("Cells"));
  GtkWidget *hint = gtk_label_new (_("Enter edits a cell, arrows and Tab move, typing replaces "
                                     "the cell. Ctrl+V pastes cells copied from a spreadsheet."));
  GtkWidget *gone = adw_status_page_new ();
  GtkListItemFactory *number_factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *number_column;
  GtkEventController *keys;
  g_autoptr(GtkStringList) types = gtk_string_list_new (NULL);

  self->toast_overlay = adw_toast_overlay_new ();
  self->stack = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (self->toast_overlay), self->stack);
  adw_bin_set_child (ADW_BIN (self), self->toast_overlay);

  /* what the table is */
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (meta), _("Table"));
  self->title_row = entry_row (self, meta, _("Title"), G_CALLBACK (meta_changed_cb));
  self->source_row = entry_row (self, meta, _("Source"), G_CALLBACK (meta_changed_cb));
  self->ref_date_row = entry_row (self, meta, _("Reference date"), G_CALLBACK (meta_changed_cb));
  self->note_row = entry_row (self, meta, _("Note"), G_CALLBACK (meta_changed_cb));
  gtk_box_append (GTK_BOX (box), meta);

  /* the toolbar */
  gtk_box_append (GTK_BOX (rows_linked), tool_button ("list-add-symbolic", _("Add Row"),
                                                      "table.add-row"));
  gtk_box_append (GTK_BOX (rows_linked), tool_button ("list-remove-symbolic", _("Remove Row"),
                                                      "table.remove-row"));
  gtk_box_append (GTK_BOX (rows_linked), tool_button ("go-up-symbolic", _("Move Row Up"),
                                                      "table.move-row-up"));
  gtk_box_append (GTK_BOX (rows_linked), tool_button ("go-down-symbolic", _("Move Row Down"),
                                                      "table.move-row-down"));
  self->total_button = gtk_toggle_button_new_with_mnemonic (_("_Total Row"));
  gtk_widget_set_tooltip_text (self->total_button,
                               _("Mark the row as a total: its figures are checked against the "
                                 "sum of the rows above"));
  g_signal_connect (self->total_button, "toggled", G_CALLBACK (total_toggled_cb), self);
  gtk_box_append (GTK_BOX (rows_linked), self->total_button);
  gtk_box_append (GTK_BOX (columns_linked), tool_button ("list-add-symbolic", _("Add Column"),
                                                         "table.add-column"));
  gtk_box_append (GTK_BOX (columns_linked), tool_button ("list-remove-symbolic", _("Remove Column"),
                                                         "table.remove-column"));
  gtk_box_append (GTK_BOX (columns_linked), tool_button ("go-previous-symbolic",
                                                         _("Move Column Left"),
                                                         "table.move-column-left"));
  gtk_box_append (GTK_BOX (columns_linked), tool_button ("go-next-symbolic", _("Move Column Right"),
                                                         "table.move-column-right"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (import_button), "table.import-csv");
  gtk_widget_set_tooltip_text (import_button, _("Make a new table from a CSV file"));
  gtk_widget_set_hexpand (spacer, TRUE);
  gtk_box_append (GTK_BOX (toolbar), rows_group);
  gtk_box_append (GTK_BOX (toolbar), columns_group);

  /* The import button sits on the heading's line, so that the toolbar fits a
   * narrow window. */
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "heading");
  {
    GtkWidget *heading_line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

    gtk_widget_set_valign (heading, GTK_ALIGN_CENTER);
    gtk_box_append (GTK_BOX (heading_line), heading);
    gtk_box_append (GTK_BOX (heading_line), spacer);
    gtk_box_append (GTK_BOX (heading_line), import_button);
    gtk_box_append (GTK_BOX (cells_box), heading_line);
  }
  gtk_box_append (GTK_BOX (cells_box), toolbar);
  gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
  gtk_label_set_xalign (GTK_LABEL (hint), 0);
  gtk_widget_add_css_class (hint, "dim-label");
  gtk_widget_add_css_class (hint, "caption");
  gtk_box_append (GTK_BOX (cells_box), hint);

  self->empty_label = gtk_label_new (_("The table has no columns yet: add one, paste cells "
                                       "copied from a spreadsheet, or import a CSV file."));
  gtk_label_set_wrap (GTK_LABEL (self->empty_label), TRUE);
  gtk_widget_add_css_class (self->empty_label, "dim-label");
  gtk_widget_set_margin_top (self->empty_label, 12);
  gtk_widget_set_margin_bottom (self->empty_label, 12);
  gtk_box_append (GTK_BOX (cells_box), self->empty_label);

  /* the cells */
  self->rows = g_list_store_new (ZONA_TYPE_TABLE_ROW);
  /* No selection: in GTK 4.8 selecting a row rebinds its cells, which ends the
   * editing of the cell that was just clicked. The cursor cell is marked instead. */
  self->selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->rows)));
  self->column_view = gtk_column_view_new (GTK_SELECTION_MODEL (g_object_ref (self->selection)));
  gtk_column_view_set_show_row_separators (GTK_COLUMN_VIEW (self->column_view), TRUE);
  gtk_column_view_set_show_column_separators (GTK_COLUMN_VIEW (self->column_view), TRUE);
  gtk_column_view_set_reorderable (GTK_COLUMN_VIEW (self->column_view), FALSE);
  gtk_widget_add_css_class (self->column_view, "zona-table-view");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->column_view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Cells of the table"), -1);
  g_signal_connect (number_factory, "setup", G_CALLBACK (number_setup_cb), self);
  g_signal_connect (number_factory, "bind", G_CALLBACK (number_bind_cb), self);
  g_signal_connect (number_factory, "unbind", G_CALLBACK (number_unbind_cb), self);
  number_column = gtk_column_view_column_new (_("Row"), number_factory);
  gtk_column_view_append_column (GTK_COLUMN_VIEW (self->column_view), number_column);
  g_object_unref (number_column);
  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (self->column_view, keys);

  self->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), self->column_view);
  gtk_scrolled_window_set_has_frame (GTK_SCROLLED_WINDOW (self->scroller), TRUE);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scroller), GTK_POLICY_AUTOMATIC,
                                  GTK_POLICY_AUTOMATIC);
  /* The page around may scroll too: keep a sensible height of our own. */
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (self->scroller), 240);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (self->scroller), 560);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (self->scroller), TRUE);
  gtk_widget_set_vexpand (self->scroller, TRUE);
  gtk_box_append (GTK_BOX (cells_box), self->scroller);

  self->problems_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->problems_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->problems_label), 0);
  gtk_label_set_selectable (GTK_LABEL (self->problems_label), TRUE);
  gtk_widget_add_css_class (self->problems_label, "error");
  gtk_widget_set_visible (self->problems_label, FALSE);
  gtk_box_append (GTK_BOX (cells_box), self->problems_label);
  gtk_box_append (GTK_BOX (box), cells_box);

  /* the column the cursor is in */
  self->column_group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->column_group),
                                   _("Selected Column"));
  self->column_name_row = entry_row (self, self->column_group, _("Column name"),
                                     G_CALLBACK (column_entry_changed_cb));
  self->column_type_row = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->column_type_row), _("Type"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->column_type_row),
                               _("Cells keep their text; the type says how to read and check it"));
  for (ZonaColumnType t = ZONA_COLUMN_TEXT; t <= ZONA_COLUMN_MONEY; t++)
    gtk_string_list_append (types, zona_csv_column_type_label (t));
  adw_combo_row_set_model (ADW_COMBO_ROW (self->column_type_row), G_LIST_MODEL (types));
  g_signal_connect (self->column_type_row, "notify::selected", G_CALLBACK (column_type_cb), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->column_group), self->column_type_row);
  self->column_unit_row = entry_row (self, self->column_group, _("Unit (€, ab./kmq…)"),
                                     G_CALLBACK (column_entry_changed_cb));
  gtk_box_append (GTK_BOX (box), self->column_group);

  gtk_box_append (GTK_BOX (self->stack), box);
  g_object_set_data (G_OBJECT (self->stack), "table", box);
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (gone), "x-office-spreadsheet-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (gone), _("This Table Is Gone"));
  adw_status_page_set_description (ADW_STATUS_PAGE (gone),
                                   _("It was deleted, or its import was undone. "
                                     "Redo brings it back."));
  gtk_widget_set_visible (gone, FALSE);
  gtk_box_append (GTK_BOX (self->stack), gone);
  g_object_set_data (G_OBJECT (self->stack), "gone", gone);
}

/* ---- GObject ---------------------------------------------------------- */

static void
zona_table_editor_dispose (GObject *object)
{
  ZonaTableEditor *self = ZONA_TABLE_EDITOR (object);

  if (self->store != NULL)
    {
      g_clear_signal_handler (&self->changed_handler, self->store);
      g_clear_signal_handler (&self->reloaded_handler, self->store);
    }
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_clear_handle_id (&self->focus_id, g_source_remove);
  g_clear_weak_pointer (&self->cursor_widget);
  /* The cells go first: a cell being edited commits while the store is here. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->rows);
  g_clear_pointer (&self->columns, g_ptr_array_unref);
  g_clear_pointer (&self->view_columns, g_ptr_array_unref);
  g_clear_pointer (&self->problems, g_hash_table_unref);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (zona_table_editor_parent_class)->dispose (object);
}

static void
zona_table_editor_class_init (ZonaTableEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = zona_table_editor_dispose;

  /**
   * ZonaTableEditor::table-imported:
   * @table_id: the table "Import CSV…" created
   */
  signals[TABLE_IMPORTED] =
    g_signal_new ("table-imported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_install_action (widget_class, "table.add-row", NULL, row_action);
  gtk_widget_class_install_action (widget_class, "table.remove-row", NULL, row_action);
  gtk_widget_class_install_action (widget_class, "table.move-row-up", NULL, row_action);
  gtk_widget_class_install_action (widget_class, "table.move-row-down", NULL, row_action);
  gtk_widget_class_install_action (widget_class, "table.set-total", "b", row_action);
  gtk_widget_class_install_action (widget_class, "table.clear-cell", NULL, row_action);
  gtk_widget_class_install_action (widget_class, "table.add-column", NULL, column_action);
  gtk_widget_class_install_action (widget_class, "table.remove-column", NULL, column_action);
  gtk_widget_class_install_action (widget_class, "table.move-column-left", NULL, column_action);
  gtk_widget_class_install_action (widget_class, "table.move-column-right", NULL, column_action);
  gtk_widget_class_install_action (widget_class, "table.paste", NULL, paste_action);
  gtk_widget_class_install_action (widget_class, "table.import-csv", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "table.undo", NULL, undo_action);

  /* Text fields handle their own Ctrl+V first; a cell not being edited does not. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_v, GDK_CONTROL_MASK,
                                       "table.paste", NULL);
}

static void
zona_table_editor_init (ZonaTableEditor *self)
{
  install_css ();
  self->view_columns = g_ptr_array_new_with_free_func (g_object_unref);
  self->columns = g_ptr_array_new_with_free_func ((GDestroyNotify) zona_data_column_free);
  self->problems = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  build (self);
}

/* ---- public API ------------------------------------------------------- */

GtkWidget *
zona_table_editor_new (ZonaStore *store,
                       gint64     table_id)
{
  ZonaTableEditor *self;

  g_return_val_if_fail (ZONA_IS_STORE (store), NULL);

  self = g_object_new (ZONA_TYPE_TABLE_EDITOR, NULL);
  self->store = g_object_ref (store);
  self->table_id = table_id;
  self->changed_handler = g_signal_connect (store, "changed", G_CALLBACK (store_changed_cb), self);
  self->reloaded_handler = g_signal_connect (store, "reloaded", G_CALLBACK (store_reloaded_cb),
                                             self);
  refresh (self);
  return GTK_WIDGET (self);
}

gint64
zona_table_editor_get_table_id (ZonaTableEditor *self)
{
  g_return_val_if_fail (ZONA_IS_TABLE_EDITOR (self), 0);
  return self->table_id;
}

gboolean
zona_table_editor_get_cursor (ZonaTableEditor *self,
                              guint           *row,
                              guint           *column)
{
  g_return_val_if_fail (ZONA_IS_TABLE_EDITOR (self), FALSE);
  return cursor_positions (self, row, column);
}

gboolean
zona_table_editor_set_cursor (ZonaTableEditor *self,
                              guint            row,
                              guint            column)
{
  g_return_val_if_fail (ZONA_IS_TABLE_EDITOR (self), FALSE);

  if (row >= n_rows (self) || column >= self->columns->len)
    return FALSE;
  move_cursor_to (self, row, column);
  return TRUE;
}

gboolean
zona_table_editor_paste_text (ZonaTableEditor  *self,
                              const char       *text,
                              GError          **error)
{
  guint r = G_MAXUINT, c = G_MAXUINT;

  g_return_val_if_fail (ZONA_IS_TABLE_EDITOR (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  if (!cursor_positions (self, &r, &c))
    {
      /* no cell chosen: below the last row, from the first column */
      r = n_rows (self);
      c = 0;
    }
  if (!zona_csv_paste (self->store, self->table_id, r, c, text, error))
    return FALSE;
  refresh (self);
  return TRUE;
}

GtkWidget *
zona_table_editor_get_cell_widget (ZonaTableEditor *self,
                                   guint            row,
                                   guint            column)
{
  ZonaTableRow *item;

  g_return_val_if_fail (ZONA_IS_TABLE_EDITOR (self), NULL);

  item = row < n_rows (self) ? row_at (self, row) : NULL;
  if (item == NULL || column >= item->widgets->len)
    return NULL;
  return g_ptr_array_index (item->widgets, column);
}

GtkWidget *
zona_table_editor_open_import (ZonaTableEditor *self,
                               GFile           *file)
{
  GtkRoot *root;
  GtkWidget *dialog;

  g_return_val_if_fail (ZONA_IS_TABLE_EDITOR (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  root = gtk_widget_get_root (GTK_WIDGET (self));
  dialog = zona_csv_import_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                       self->store, file);
  g_signal_connect_object (dialog, "imported", G_CALLBACK (import_done_cb), self, 0);
  g_signal_connect_object (dialog, "import-failed", G_CALLBACK (import_failed_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}
