/* zona-form-editor.c: one generic editor for every card type
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The editor knows nothing of any particular card: it walks the card type's
 * rows in the template and gives each field the widget its kind asks for.
 * Every change goes to the store at once (one transaction each); changes
 * coming back from the store (undo, redo) update the widgets.
 */
#define G_LOG_DOMAIN "zona-form-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "zona-form-editor.h"
#include "model/zona-value.h"

struct _ZonaFormEditor
{
  AdwBin              parent_instance;

  ZonaStore          *store;
  ZonaTemplate       *template;
  gint64              card_id;
  const ZonaCardType *type;

  GtkWidget          *title_row;
  GHashTable         *widgets;       /* key → widget */
  GHashTable         *fields;        /* key → const ZonaField* */
  GHashTable         *error_labels;  /* key → GtkLabel */
  gulong              field_handler;
  gulong              card_handler;
  guint               updating : 1;
};

G_DEFINE_FINAL_TYPE (ZonaFormEditor, zona_form_editor, ADW_TYPE_BIN)

#define KEY_DATA "zona-field-key"

/* ---- writing ---------------------------------------------------------- */

static void
report_error (ZonaFormEditor *self,
              const GError   *error)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (error->message));
  else
    g_message ("%s", error->message);
}

static void
store_value (ZonaFormEditor *self,
             const char     *key,
             const char     *text)
{
  g_autoptr(GError) error = NULL;

  if (self->updating)
    return;
  self->updating = TRUE;
  if (!zona_store_set_field (self->store, self->card_id, key, text, &error))
    report_error (self, error);
  self->updating = FALSE;
}

static void
set_field_error (ZonaFormEditor *self,
                 const char     *key,
                 const char     *message)
{
  GtkWidget *widget = g_hash_table_lookup (self->widgets, key);
  GtkWidget *label = g_hash_table_lookup (self->error_labels, key);

  if (widget == NULL)
    return;
  if (message)
    gtk_widget_add_css_class (widget, "error");
  else
    gtk_widget_remove_css_class (widget, "error");
  if (label)
    {
      gtk_label_set_text (GTK_LABEL (label), message ? message : "");
      gtk_widget_set_visible (label, message != NULL);
    }
}

static void
entry_changed_cb (GtkEditable    *editable,
                  ZonaFormEditor *self)
{
  const char *key = g_object_get_data (G_OBJECT (editable), KEY_DATA);
  const ZonaField *field = g_hash_table_lookup (self->fields, key);
  const char *text = gtk_editable_get_text (editable);
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;

  if (self->updating)
    return;
  value = zona_value_normalize (field, text, &error);
  if (error != NULL)
    {
      /* What is on screen is what is in the file: the text is kept as typed,
       * marked here and flagged by the plan's checks until it is mended. */
      set_field_error (self, key, error->message);
      value = g_strstrip (g_strdup (text));
    }
  else
    set_field_error (self, key, NULL);
  store_value (self, key, value);
}

static void
buffer_changed_cb (GtkTextBuffer  *buffer,
                   ZonaFormEditor *self)
{
  const char *key = g_object_get_data (G_OBJECT (buffer), KEY_DATA);
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  if (self->updating)
    return;
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  store_value (self, key, text);
}

static void
combo_selected_cb (AdwComboRow    *row,
                   GParamSpec     *pspec,
                   ZonaFormEditor *self)
{
  const char *key = g_object_get_data (G_OBJECT (row), KEY_DATA);
  guint pos = adw_combo_row_get_selected (row);
  GListModel *model = adw_combo_row_get_model (row);
  g_autoptr(GtkStringObject) item = NULL;

  if (self->updating)
    return;
  if (pos == 0 || pos == GTK_INVALID_LIST_POSITION)
    {
      store_value (self, key, NULL);
      return;
    }
  item = g_list_model_get_item (model, pos);
  store_value (self, key, gtk_string_object_get_string (item));
}

static void
title_changed_cb (GtkEditable    *editable,
                  ZonaFormEditor *self)
{
  g_autoptr(GError) error = NULL;

  if (self->updating)
    return;
  self->updating = TRUE;
  if (!zona_store_set_card_title (self->store, self->card_id, gtk_editable_get_text (editable),
                                  &error))
    report_error (self, error);
  self->updating = FALSE;
}

/* ---- reading ---------------------------------------------------------- */

static void
combo_show_value (AdwComboRow *row,
                  const char  *value)
{
  GtkStringList *list = GTK_STRING_LIST (adw_combo_row_get_model (row));
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));

  if (value == NULL)
    {
      adw_combo_row_set_selected (row, 0);
      return;
    }
  for (guint i = 1; i < n; i++)
    if (g_str_equal (gtk_string_list_get_string (list, i), value))
      {
        adw_combo_row_set_selected (row, i);
        return;
      }
  /* An answer outside the regional options (“n.p.”, “Non richiesto”) is kept as written. */
  gtk_string_list_append (list, value);
  adw_combo_row_set_selected (row, n);
}

static void
show_value (ZonaFormEditor *self,
            const char     *key,
            const char     *value)
{
  GtkWidget *widget = g_hash_table_lookup (self->widgets, key);
  const ZonaField *field = g_hash_table_lookup (self->fields, key);

  if (widget == NULL)
    return;

  self->updating = TRUE;
  if (ADW_IS_COMBO_ROW (widget))
    combo_show_value (ADW_COMBO_ROW (widget), value);
  else if (GTK_IS_TEXT_VIEW (widget))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget));
      GtkTextIter start, end;
      g_autofree char *current = NULL;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      current = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
      if (g_strcmp0 (current, value ? value : "") != 0)
        gtk_text_buffer_set_text (buffer, value ? value : "", -1);
    }
  else if (GTK_IS_EDITABLE (widget))
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *current = zona_value_normalize (field, gtk_editable_get_text (GTK_EDITABLE (widget)), &error);

      if (g_strcmp0 (current, value) != 0 || error != NULL)
        gtk_editable_set_text (GTK_EDITABLE (widget), value ? value : "");
      set_field_error (self, key, NULL);
    }
  self->updating = FALSE;
}

static void
store_field_changed_cb (ZonaStore      *store,
                        gint64          card_id,
                        const char     *key,
                        ZonaFormEditor *self)
{
  g_autofree char *value = NULL;

  if (card_id != self->card_id || self->updating)
    return;
  value = zona_store_get_field (store, card_id, key);
  show_value (self, key, value);
}

static void
store_card_changed_cb (ZonaStore      *store,
                       gint64          card_id,
                       ZonaFormEditor *self)
{
  g_autoptr(ZonaBlock) block = NULL;

  if (card_id != self->card_id || self->updating)
    return;
  block = zona_store_get_block (store, card_id);
  if (block != NULL && g_strcmp0 (block->title, gtk_editable_get_text (GTK_EDITABLE (self->title_row))) != 0)
    {
      self->updating = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->title_row), block->title);
      self->updating = FALSE;
    }
}

/* ---- building --------------------------------------------------------- */

static void
set_accessible_label (GtkWidget  *widget,
                      const char *row_label,
                      const char *field_label)
{
  g_autofree char *label = field_label ? g_strdup_printf ("%s: %s", row_label, field_label)
                                       : g_strdup (row_label);

  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static const char *
default_field_title (const ZonaField *field)
{
  if (field->label)
    return field->label;
  switch (field->kind)
    {
    case ZONA_FIELD_PERCENTAGE: return _("Percentage (0–100)");
    case ZONA_FIELD_CHOICE:     return _("Answer");
    case ZONA_FIELD_MONEY:      return _("Amount (€)");
    default:                    return _("Answer");
    }
}

static GtkWidget *
build_long_text (ZonaFormEditor  *self,
                 const ZonaRow   *row,
                 const ZonaField *field,
                 GtkWidget      **focus_widget)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *frame = gtk_frame_new (NULL);

  gtk_widget_set_margin_top (box, 4);
  GtkWidget *view = gtk_text_view_new ();
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));

  if (field->label || row->fields->len > 1)
    {
      GtkWidget *label = gtk_label_new (default_field_title (field));
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "caption-heading");
      gtk_box_append (GTK_BOX (box), label);
    }
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (view), FALSE);
  gtk_widget_set_size_request (view, -1, 96);
  /* Undo belongs to the plan, not to one text view. */
  gtk_text_buffer_set_enable_undo (buffer, FALSE);
  gtk_frame_set_child (GTK_FRAME (frame), view);
  gtk_widget_add_css_class (frame, "long-text-frame");
  gtk_box_append (GTK_BOX (box), frame);
  set_accessible_label (view, row->label, field->label);

  g_object_set_data_full (G_OBJECT (buffer), KEY_DATA, g_strdup (field->key), g_free);
  g_signal_connect (buffer, "changed", G_CALLBACK (buffer_changed_cb), self);
  *focus_widget = view;
  return box;
}

static GtkWidget *
build_choice (ZonaFormEditor  *self,
              const ZonaRow   *row,
              const ZonaField *field)
{
  GtkStringList *list = gtk_string_list_new (NULL);
  GtkWidget *combo = adw_combo_row_new ();

  /* TRANSLATORS: the empty choice of a drop-down */
  gtk_string_list_append (list, _("— not answered —"));
  for (guint i = 0; i < field->options->len; i++)
    gtk_string_list_append (list, g_ptr_array_index (field->options, i));
  adw_combo_row_set_model (ADW_COMBO_ROW (combo), G_LIST_MODEL (list));
  g_object_unref (list);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (combo), default_field_title (field));
  set_accessible_label (combo, row->label, field->label);
  g_object_set_data_full (G_OBJECT (combo), KEY_DATA, g_strdup (field->key), g_free);
  g_signal_connect (combo, "notify::selected", G_CALLBACK (combo_selected_cb), self);
  return combo;
}

static GtkWidget *
build_entry (ZonaFormEditor  *self,
             const ZonaRow   *row,
             const ZonaField *field)
{
  GtkWidget *entry = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (entry), default_field_title (field));
  if (field->kind == ZONA_FIELD_PERCENTAGE)
    {
      GtkWidget *suffix = gtk_label_new ("%");
      gtk_widget_add_css_class (suffix, "dim-label");
      adw_entry_row_add_suffix (ADW_ENTRY_ROW (entry), suffix);
    }
  gtk_editable_set_enable_undo (GTK_EDITABLE (entry), FALSE);
  set_accessible_label (entry, row->label, field->label);
  g_object_set_data_full (G_OBJECT (entry), KEY_DATA, g_strdup (field->key), g_free);
  g_signal_connect (entry, "changed", G_CALLBACK (entry_changed_cb), self);
  return entry;
}

/* Rows that are list rows (entries, drop-downs) share one boxed list;
 * a long text breaks the list and stands on its own. */
static void
append_to_section (GtkWidget *section,
                   GtkWidget *widget)
{
  GtkWidget *last = gtk_widget_get_last_child (section);

  if (GTK_IS_LIST_BOX_ROW (widget))
    {
      if (!GTK_IS_LIST_BOX (last))
        {
          last = gtk_list_box_new ();
          gtk_list_box_set_selection_mode (GTK_LIST_BOX (last), GTK_SELECTION_NONE);
          gtk_widget_add_css_class (last, "boxed-list");
          gtk_box_append (GTK_BOX (section), last);
        }
      gtk_list_box_append (GTK_LIST_BOX (last), widget);
    }
  else
    gtk_box_append (GTK_BOX (section), widget);
}

static void
add_field (ZonaFormEditor  *self,
           GtkWidget       *section,
           const ZonaRow   *row,
           const ZonaField *field,
           GHashTable      *values)
{
  GtkWidget *widget = NULL, *value_widget = NULL;

  switch (field->kind)
    {
    case ZONA_FIELD_LONG_TEXT:
      widget = build_long_text (self, row, field, &value_widget);
      break;
    case ZONA_FIELD_CHOICE:
      widget = value_widget = build_choice (self, row, field);
      break;
    case ZONA_FIELD_PERCENTAGE:
    case ZONA_FIELD_TEXT:
    case ZONA_FIELD_MONEY:
    case ZONA_FIELD_MULTICHOICE:
      widget = value_widget = build_entry (self, row, field);
      break;
    case ZONA_FIELD_GROUP:
    default:
      {
        /* Repeated groups get their own editor later; say so instead of hiding the field. */
        widget = adw_action_row_new ();
        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (widget), default_field_title (field));
        adw_action_row_set_subtitle (ADW_ACTION_ROW (widget),
                                     _("This kind of field cannot be edited in this version"));
      }
      break;
    }

  append_to_section (section, widget);
  if (value_widget != NULL)
    {
      g_hash_table_insert (self->widgets, g_strdup (field->key), value_widget);
      g_hash_table_insert (self->fields, g_strdup (field->key), (gpointer) field);
      if (field->kind == ZONA_FIELD_PERCENTAGE)
        {
          GtkWidget *error_label = gtk_label_new (NULL);
          gtk_label_set_xalign (GTK_LABEL (error_label), 0);
          gtk_label_set_wrap (GTK_LABEL (error_label), TRUE);
          gtk_widget_add_css_class (error_label, "error");
          gtk_widget_set_visible (error_label, FALSE);
          gtk_accessible_update_relation (GTK_ACCESSIBLE (value_widget),
                                          GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, error_label, NULL,
                                          -1);
          gtk_box_append (GTK_BOX (section), error_label);
          g_hash_table_insert (self->error_labels, g_strdup (field->key), error_label);
        }
      show_value (self, field->key, g_hash_table_lookup (values, field->key));
    }
}

static GtkWidget *
section_new (const char *title,
             const char *guidance)
{
  GtkWidget *section = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *label = gtk_label_new (title);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LEVEL, 2, -1);
  gtk_box_append (GTK_BOX (section), label);
  if (guidance)
    {
      GtkWidget *hint = gtk_label_new (guidance);
      gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
      gtk_label_set_xalign (GTK_LABEL (hint), 0);
      gtk_widget_add_css_class (hint, "dim-label");
      gtk_widget_add_css_class (hint, "field-guidance");
      gtk_box_append (GTK_BOX (section), hint);
    }
  return section;
}

static void
build (ZonaFormEditor *self)
{
  g_autoptr(GHashTable) values = zona_store_get_fields (self->store, self->card_id);
  g_autoptr(ZonaBlock) block = zona_store_get_block (self->store, self->card_id);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
  GtkWidget *group;

  adw_bin_set_child (ADW_BIN (self), box);

  group = adw_preferences_group_new ();
  if (self->type)
    adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), self->type->title);
  self->title_row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->title_row), _("Objective title"));
  gtk_editable_set_enable_undo (GTK_EDITABLE (self->title_row), FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->title_row), block ? block->title : "");
  g_signal_connect (self->title_row, "changed", G_CALLBACK (title_changed_cb), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->title_row);
  gtk_box_append (GTK_BOX (box), group);

  if (self->type == NULL)
    {
      GtkWidget *status = adw_status_page_new ();
      adw_status_page_set_icon_name (ADW_STATUS_PAGE (status), "dialog-warning-symbolic");
      adw_status_page_set_title (ADW_STATUS_PAGE (status), _("Unknown Card Type"));
      adw_status_page_set_description (ADW_STATUS_PAGE (status),
                                       _("The plan's template does not describe this card, so it "
                                         "cannot be edited. Its contents are kept and exported."));
      gtk_box_append (GTK_BOX (box), status);
      return;
    }

  for (guint i = 0; i < self->type->rows->len; i++)
    {
      const ZonaRow *row = g_ptr_array_index (self->type->rows, i);

      GtkWidget *section = section_new (row->label, row->guidance);

      for (guint j = 0; j < row->fields->len; j++)
        add_field (self, section, row, g_ptr_array_index (row->fields, j), values);
      gtk_box_append (GTK_BOX (box), section);
    }
}

/* ---- GObject ---------------------------------------------------------- */

static void
zona_form_editor_dispose (GObject *object)
{
  ZonaFormEditor *self = ZONA_FORM_EDITOR (object);

  if (self->store)
    {
      g_clear_signal_handler (&self->field_handler, self->store);
      g_clear_signal_handler (&self->card_handler, self->store);
    }
  g_clear_object (&self->store);
  g_clear_object (&self->template);
  g_clear_pointer (&self->widgets, g_hash_table_unref);
  g_clear_pointer (&self->fields, g_hash_table_unref);
  g_clear_pointer (&self->error_labels, g_hash_table_unref);

  G_OBJECT_CLASS (zona_form_editor_parent_class)->dispose (object);
}

static void
zona_form_editor_class_init (ZonaFormEditorClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = zona_form_editor_dispose;
}

static void
zona_form_editor_init (ZonaFormEditor *self)
{
  self->widgets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->error_labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

GtkWidget *
zona_form_editor_new (ZonaStore    *store,
                      ZonaTemplate *template,
                      gint64        card_id)
{
  ZonaFormEditor *self;
  g_autoptr(ZonaBlock) block = NULL;

  g_return_val_if_fail (ZONA_IS_STORE (store), NULL);

  self = g_object_new (ZONA_TYPE_FORM_EDITOR, NULL);
  self->store = g_object_ref (store);
  self->template = template ? g_object_ref (template) : NULL;
  self->card_id = card_id;
  block = zona_store_get_block (store, card_id);
  if (block && template)
    self->type = zona_template_get_card_type (template, block->card_type);

  build (self);
  self->field_handler = g_signal_connect (store, "field-changed",
                                          G_CALLBACK (store_field_changed_cb), self);
  self->card_handler = g_signal_connect (store, "card-changed",
                                         G_CALLBACK (store_card_changed_cb), self);
  return GTK_WIDGET (self);
}

gint64
zona_form_editor_get_card_id (ZonaFormEditor *self)
{
  g_return_val_if_fail (ZONA_IS_FORM_EDITOR (self), 0);
  return self->card_id;
}

GtkWidget *
zona_form_editor_get_field_widget (ZonaFormEditor *self,
                                   const char     *key)
{
  g_return_val_if_fail (ZONA_IS_FORM_EDITOR (self), NULL);
  return g_hash_table_lookup (self->widgets, key);
}

GtkWidget *
zona_form_editor_get_title_widget (ZonaFormEditor *self)
{
  g_return_val_if_fail (ZONA_IS_FORM_EDITOR (self), NULL);
  return self->title_row;
}
