/* zona-csv-import-dialog.c: look at a CSV file before it becomes a table
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An AdwMessageDialog (libadwaita 1.2) whose extra child shows what was found:
 * separator, encoding, column names, the first rows in a small grid with the
 * type of each column, or the reason the file cannot be imported. Changing the
 * separator or the header choice reads the bytes again.
 */
#define G_LOG_DOMAIN "zona-csv-import-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "zona-csv-import-dialog.h"

#define PREVIEW_ROWS 8

struct _ZonaCsvImportDialog
{
  AdwMessageDialog  parent_instance;

  ZonaStore        *store;
  GBytes           *bytes;
  char             *read_error;      /* why the file could not be read at all */
  ZonaCsvPreview   *preview;

  GtkWidget        *title_row;
  GtkWidget        *separator_row;
  GtkWidget        *header_row;
  GtkWidget        *summary_label;
  GtkWidget        *error_label;
  GtkWidget        *grid_window;
  GtkWidget        *grid;
};

G_DEFINE_FINAL_TYPE (ZonaCsvImportDialog, zona_csv_import_dialog, ADW_TYPE_MESSAGE_DIALOG)

enum { IMPORTED, IMPORT_FAILED, N_SIGNALS };
static guint signals[N_SIGNALS];

static const char separators[] = { 0, ';', ',', '\t' };
static const ZonaCsvHeader headers[] = {
  ZONA_CSV_HEADER_AUTO, ZONA_CSV_HEADER_YES, ZONA_CSV_HEADER_NO,
};

/* ---- showing the preview ---------------------------------------------- */

static GtkWidget *
grid_label (const char *text,
            gboolean    bold,
            gboolean    dim)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 18);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  if (bold)
    {
      PangoAttrList *attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
      gtk_label_set_attributes (GTK_LABEL (label), attrs);
      pango_attr_list_unref (attrs);
    }
  if (dim)
    {
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_add_css_class (label, "caption");
    }
  gtk_widget_set_tooltip_text (label, text);
  return label;
}

static void
show_preview (ZonaCsvImportDialog *self)
{
  const ZonaCsvPreview *p = self->preview;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->grid)) != NULL)
    gtk_grid_remove (GTK_GRID (self->grid), child);

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "import", p != NULL);
  gtk_widget_set_visible (self->grid_window, p != NULL);
  gtk_widget_set_visible (self->summary_label, p != NULL);
  if (p == NULL)
    return;

  {
    g_autofree char *summary = NULL;
    const char *header = p->has_header ? _("column names from the first row")
                                       : _("no row of column names");

    /* Translators: separator · encoding · header · "27 rows, 4 columns" */
    summary = g_strdup_printf (_("Separator: %s · Encoding: %s · %s · %u rows, %u columns"),
                               zona_csv_delimiter_name (p->delimiter),
                               zona_csv_encoding_name (p->encoding), header,
                               p->rows->len, p->n_columns);
    gtk_label_set_text (GTK_LABEL (self->summary_label), summary);
  }

  for (guint c = 0; c < p->n_columns; c++)
    {
      gtk_grid_attach (GTK_GRID (self->grid), grid_label (p->column_names[c], TRUE, FALSE),
                       c, 0, 1, 1);
      gtk_grid_attach (GTK_GRID (self->grid),
                       grid_label (zona_csv_column_type_label (p->column_types[c]), FALSE, TRUE),
                       c, 1, 1, 1);
    }
  for (guint r = 0; r < MIN (p->rows->len, PREVIEW_ROWS); r++)
    {
      char **cells = g_ptr_array_index (p->rows, r);
      for (guint c = 0; c < p->n_columns; c++)
        gtk_grid_attach (GTK_GRID (self->grid), grid_label (cells[c], p->row_is_total[r], FALSE),
                         c, r + 2, 1, 1);
    }
  if (p->rows->len > PREVIEW_ROWS)
    {
      g_autofree char *more = g_strdup_printf (_("… and %u more rows"),
                                               p->rows->len - PREVIEW_ROWS);
      gtk_grid_attach (GTK_GRID (self->grid), grid_label (more, FALSE, TRUE), 0,
                       PREVIEW_ROWS + 2, MAX (p->n_columns, 1), 1);
    }
}

static void
reread (ZonaCsvImportDialog *self)
{
  g_autoptr(GError) error = NULL;
  guint sep = adw_combo_row_get_selected (ADW_COMBO_ROW (self->separator_row));
  guint head = adw_combo_row_get_selected (ADW_COMBO_ROW (self->header_row));
  ZonaCsvOptions options = {
    sep < G_N_ELEMENTS (separators) ? separators[sep] : 0,
    head < G_N_ELEMENTS (headers) ? headers[head] : ZONA_CSV_HEADER_AUTO,
  };

  g_clear_pointer (&self->preview, zona_csv_preview_free);
  if (self->bytes != NULL)
    self->preview = zona_csv_read (self->bytes, &options, &error);
  if (self->preview == NULL)
    {
      const char *message = error ? error->message : self->read_error;
      gtk_label_set_text (GTK_LABEL (self->error_label), message ? message : "");
      gtk_widget_set_visible (self->error_label, TRUE);
    }
  else
    gtk_widget_set_visible (self->error_label, FALSE);
  show_preview (self);
}

/* ---- callbacks -------------------------------------------------------- */

static void
option_changed_cb (ZonaCsvImportDialog *self)
{
  reread (self);
}

static void
response_cb (ZonaCsvImportDialog *self,
             const char          *response)
{
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "import") != 0)
    return;
  if (zona_csv_import_dialog_import (self, &error) == 0)
    g_signal_emit (self, signals[IMPORT_FAILED], 0, error ? error->message : "");
}

/* ---- GObject ---------------------------------------------------------- */

static void
zona_csv_import_dialog_dispose (GObject *object)
{
  ZonaCsvImportDialog *self = ZONA_CSV_IMPORT_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_clear_pointer (&self->preview, zona_csv_preview_free);
  g_clear_pointer (&self->read_error, g_free);
  G_OBJECT_CLASS (zona_csv_import_dialog_parent_class)->dispose (object);
}

static void
zona_csv_import_dialog_class_init (ZonaCsvImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = zona_csv_import_dialog_dispose;

  /**
   * ZonaCsvImportDialog::imported:
   * @table_id: the new table
   */
  signals[IMPORTED] =
    g_signal_new ("imported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  /**
   * ZonaCsvImportDialog::import-failed:
   * @message: why, for people
   */
  signals[IMPORT_FAILED] =
    g_signal_new ("import-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static GtkWidget *
combo_row (const char  *title,
           const char **items)
{
  GtkWidget *row = adw_combo_row_new ();
  g_autoptr(GtkStringList) model = gtk_string_list_new (items);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (model));
  return row;
}

static void
zona_csv_import_dialog_init (ZonaCsvImportDialog *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *group = adw_preferences_group_new ();
  const char *separator_items[] = {
    _("Automatic"), _("Semicolon (;)"), _("Comma (,)"), _("Tab"), NULL,
  };
  const char *header_items[] = {
    _("Automatic"), _("From the first row"), _("None: the first row is data"), NULL,
  };

  self->title_row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->title_row), _("Table title"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->title_row);

  self->separator_row = combo_row (_("Separator"), separator_items);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->separator_row);
  self->header_row = combo_row (_("Column names"), header_items);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->header_row);
  gtk_box_append (GTK_BOX (box), group);

  self->summary_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->summary_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->summary_label), 0);
  gtk_widget_add_css_class (self->summary_label, "dim-label");
  gtk_box_append (GTK_BOX (box), self->summary_label);

  self->error_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->error_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->error_label), 0);
  gtk_label_set_selectable (GTK_LABEL (self->error_label), TRUE);
  gtk_widget_add_css_class (self->error_label, "error");
  gtk_widget_set_visible (self->error_label, FALSE);
  gtk_box_append (GTK_BOX (box), self->error_label);

  self->grid = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (self->grid), 18);
  gtk_grid_set_row_spacing (GTK_GRID (self->grid), 4);
  gtk_widget_set_margin_start (self->grid, 8);
  gtk_widget_set_margin_end (self->grid, 8);
  gtk_widget_set_margin_top (self->grid, 8);
  gtk_widget_set_margin_bottom (self->grid, 8);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->grid), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("First rows of the file"), -1);
  self->grid_window = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->grid_window), self->grid);
  gtk_scrolled_window_set_has_frame (GTK_SCROLLED_WINDOW (self->grid_window), TRUE);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (self->grid_window), TRUE);
  gtk_scrolled_window_set_propagate_natural_width (GTK_SCROLLED_WINDOW (self->grid_window), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (self->grid_window), 260);
  gtk_scrolled_window_set_max_content_width (GTK_SCROLLED_WINDOW (self->grid_window), 560);
  gtk_box_append (GTK_BOX (box), self->grid_window);

  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (self), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (self),
                                    "cancel", _("_Cancel"),
                                    "import", _("_Import"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (self), "import",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (self), "import");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (self), "cancel");

  g_signal_connect_swapped (self->separator_row, "notify::selected",
                            G_CALLBACK (option_changed_cb), self);
  g_signal_connect_swapped (self->header_row, "notify::selected",
                            G_CALLBACK (option_changed_cb), self);
  g_signal_connect (self, "response", G_CALLBACK (response_cb), NULL);
}

/* ---- public API ------------------------------------------------------- */

static GtkWidget *
dialog_new (GtkWindow  *parent,
            ZonaStore  *store,
            const char *name)
{
  ZonaCsvImportDialog *self = g_object_new (ZONA_TYPE_CSV_IMPORT_DIALOG,
                                            "modal", TRUE,
                                            "transient-for", parent,
                                            NULL);
  g_autofree char *heading = g_strdup_printf (_("Import “%s”"), name);
  g_autofree char *title = g_strdup (name);
  char *dot = strrchr (title, '.');

  self->store = g_object_ref (store);
  adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (self), heading);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self),
                               _("The file becomes a new table of the plan. Cells keep their "
                                 "text as written; check the types of the columns."));
  if (dot != NULL && dot != title)
    *dot = '\0';
  gtk_editable_set_text (GTK_EDITABLE (self->title_row), title);
  return GTK_WIDGET (self);
}

GtkWidget *
zona_csv_import_dialog_new_for_bytes (GtkWindow  *parent,
                                      ZonaStore  *store,
                                      const char *name,
                                      GBytes     *bytes)
{
  ZonaCsvImportDialog *self;

  g_return_val_if_fail (ZONA_IS_STORE (store), NULL);
  g_return_val_if_fail (bytes != NULL, NULL);

  self = ZONA_CSV_IMPORT_DIALOG (dialog_new (parent, store, name ? name : ""));
  self->bytes = g_bytes_ref (bytes);
  reread (self);
  return GTK_WIDGET (self);
}

GtkWidget *
zona_csv_import_dialog_new (GtkWindow *parent,
                            ZonaStore *store,
                            GFile     *file)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  ZonaCsvImportDialog *self;

  g_return_val_if_fail (ZONA_IS_STORE (store), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                                  G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME,
                            G_FILE_QUERY_INFO_NONE, NULL, &error);
  name = info ? g_strdup (g_file_info_get_display_name (info)) : g_file_get_basename (file);
  self = ZONA_CSV_IMPORT_DIALOG (dialog_new (parent, store, name ? name : ""));

  /* A huge file is refused on its size, before it is read into memory. */
  if (info != NULL && g_file_info_get_size (info) > ZONA_CSV_MAX_BYTES)
    {
      g_autofree char *mb = g_strdup_printf ("%" G_GINT64_FORMAT,
                                             (g_file_info_get_size (info) + 1024 * 1024 - 1)
                                             / (1024 * 1024));

      self->read_error = g_strdup_printf (_("The file is too large (%s MB): tables of a plan "
                                            "come from files of at most %d MB"),
                                          mb, ZONA_CSV_MAX_BYTES / (1024 * 1024));
    }
  else if (info == NULL)
    self->read_error = g_strdup (error->message);
  else
    {
      self->bytes = g_file_load_bytes (file, NULL, NULL, &error);
      if (self->bytes == NULL)
        self->read_error = g_strdup (error->message);
    }
  reread (self);
  return GTK_WIDGET (self);
}

const ZonaCsvPreview *
zona_csv_import_dialog_get_preview (ZonaCsvImportDialog *self)
{
  g_return_val_if_fail (ZONA_IS_CSV_IMPORT_DIALOG (self), NULL);
  return self->preview;
}

gint64
zona_csv_import_dialog_import (ZonaCsvImportDialog  *self,
                               GError              **error)
{
  gint64 table_id = 0;

  g_return_val_if_fail (ZONA_IS_CSV_IMPORT_DIALOG (self), 0);

  if (self->preview == NULL)
    {
      g_set_error_literal (error, ZONA_CSV_ERROR, ZONA_CSV_ERROR_EMPTY,
                           _("There is nothing to import"));
      return 0;
    }
  if (!zona_csv_import (self->store, self->preview,
                        gtk_editable_get_text (GTK_EDITABLE (self->title_row)), &table_id, error))
    return 0;
  g_signal_emit (self, signals[IMPORTED], 0, table_id);
  return table_id;
}
