/* zona-form-editor.c: one generic editor for every card type
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The editor knows nothing of any particular card: it walks the card type's
 * rows in the template and gives each field the widget its kind asks for.
 * Every change goes to the store at once (one transaction each); changes
 * coming back from the store (undo, redo) update the widgets.
 *
 * Values inside repeated groups and tables are stored under path keys
 * ("azioni/2/testo"); removing or moving a group row rewrites the keys of the
 * rows after it in one edit, so one undo puts everything back.
 */
#define G_LOG_DOMAIN "zona-form-editor"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "zona-form-editor.h"
#include "model/zona-value.h"
#include "model/zona-plan-data.h"
#include "checks/zona-card-status.h"

struct _ZonaFormEditor
{
  AdwBin              parent_instance;

  ZonaStore          *store;
  ZonaTemplate       *template;
  gint64              card_id;
  const ZonaCardType *type;

  GtkWidget          *title_row;
  GtkWidget          *completion_label;
  GtkWidget          *completion_bar;
  GHashTable         *widgets;       /* key → value widget */
  GHashTable         *fields;        /* key → const ZonaField* */
  GHashTable         *error_labels;  /* key → GtkLabel */
  GHashTable         *sections;      /* row key → section box */
  GHashTable         *required_marks;/* row key → GtkLabel “required” */
  GHashTable         *groups;        /* group key → group box */
  gulong              field_handler;
  gulong              card_handler;
  guint               updating : 1;
};

G_DEFINE_FINAL_TYPE (ZonaFormEditor, zona_form_editor, ADW_TYPE_BIN)

#define KEY_DATA "zona-field-key"
#define MAX_GROUP_ROWS 200

static void build_group_rows (ZonaFormEditor *self, const ZonaRow *row, const ZonaField *field,
                              GtkWidget *box, GHashTable *values);
static void update_state (ZonaFormEditor *self);

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
  update_state (self);
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

/* What is wrong with a value as typed, or NULL. The value is stored anyway. */
static char *
value_problem (const ZonaField *field,
               const char      *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *value = zona_value_normalize (field, text, &error);

  if (error != NULL)
    return g_strdup (error->message);
  if ((field->kind == ZONA_FIELD_NUMBER || field->kind == ZONA_FIELD_MONEY) && value != NULL
      && !zona_value_parse_number (value, NULL))
    return g_strdup (_("This is not a number: it is kept as typed and flagged by the checks"));
  return NULL;
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
    /* What is on screen is what is in the file: the text is kept as typed,
     * marked here and flagged by the plan's checks until it is mended. */
    value = g_strstrip (g_strdup (text));
  {
    g_autofree char *problem = value_problem (field, text);
    set_field_error (self, key, problem);
  }
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

/* Drop-downs hold "—" first, then the options, then a value kept as typed
 * in the source ("n.p.") if there is one; "value-data" gives the stored value. */
static void
combo_selected_cb (AdwComboRow    *row,
                   GParamSpec     *pspec,
                   ZonaFormEditor *self)
{
  const char *key = g_object_get_data (G_OBJECT (row), KEY_DATA);
  GPtrArray *stored = g_object_get_data (G_OBJECT (row), "zona-values");
  guint pos = adw_combo_row_get_selected (row);

  if (self->updating)
    return;
  if (pos == GTK_INVALID_LIST_POSITION || pos >= stored->len)
    return;
  store_value (self, key, g_ptr_array_index (stored, pos));
}

static void
check_toggled_cb (GtkCheckButton *check,
                  ZonaFormEditor *self)
{
  const char *key = g_object_get_data (G_OBJECT (check), KEY_DATA);
  const char *on = g_object_get_data (G_OBJECT (check), "zona-on-value");

  if (self->updating)
    return;
  store_value (self, key, gtk_check_button_get_active (check) ? on : NULL);
}

/* A multichoice is stored one item per line: the options ticked, in the
 * template's order, then the items the user added. */
static void
multichoice_changed_cb (GtkWidget      *widget,
                        ZonaFormEditor *self)
{
  GtkWidget *box = g_object_get_data (G_OBJECT (widget), "zona-multichoice");
  const char *key = g_object_get_data (G_OBJECT (box), KEY_DATA);
  GtkWidget *other = g_object_get_data (G_OBJECT (box), "zona-other");
  g_autoptr(GString) value = g_string_new (NULL);
  g_auto(GStrv) extras = NULL;

  if (self->updating)
    return;
  for (GtkWidget *c = gtk_widget_get_first_child (g_object_get_data (G_OBJECT (box), "zona-checks"));
       c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *check = GTK_IS_FLOW_BOX_CHILD (c) ? gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (c)) : c;
      if (GTK_IS_CHECK_BUTTON (check) && gtk_check_button_get_active (GTK_CHECK_BUTTON (check)))
        g_string_append_printf (value, "%s%s", value->len ? "\n" : "",
                                gtk_check_button_get_label (GTK_CHECK_BUTTON (check)));
    }
  extras = g_strsplit (gtk_editable_get_text (GTK_EDITABLE (other)), ";", -1);
  for (guint i = 0; extras[i]; i++)
    {
      g_strstrip (extras[i]);
      if (*extras[i])
        g_string_append_printf (value, "%s%s", value->len ? "\n" : "", extras[i]);
    }
  store_value (self, key, value->str);
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
  GPtrArray *stored = g_object_get_data (G_OBJECT (row), "zona-values");
  guint keep = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "zona-n-fixed"));

  /* Forget a free answer shown before. */
  while (stored->len > keep)
    {
      g_ptr_array_remove_index (stored, stored->len - 1);
      gtk_string_list_remove (list, stored->len);
    }
  if (value == NULL)
    {
      adw_combo_row_set_selected (row, 0);
      return;
    }
  for (guint i = 1; i < stored->len; i++)
    if (g_strcmp0 (g_ptr_array_index (stored, i), value) == 0)
      {
        adw_combo_row_set_selected (row, i);
        return;
      }
  /* An answer outside the regional options ("n.p.", "Non richiesto") is kept as written. */
  g_ptr_array_add (stored, g_strdup (value));
  gtk_string_list_append (list, value);
  adw_combo_row_set_selected (row, stored->len - 1);
}

static void
multichoice_show_value (GtkWidget  *box,
                        const char *value)
{
  g_auto(GStrv) items = g_strsplit (value ? value : "", "\n", -1);
  g_autoptr(GString) extras = g_string_new (NULL);
  GtkWidget *checks = g_object_get_data (G_OBJECT (box), "zona-checks");
  GtkWidget *other = g_object_get_data (G_OBJECT (box), "zona-other");
  g_autoptr(GHashTable) known = g_hash_table_new (g_str_hash, g_str_equal);

  for (GtkWidget *c = gtk_widget_get_first_child (checks); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *check = GTK_IS_FLOW_BOX_CHILD (c) ? gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (c)) : c;
      const char *label = gtk_check_button_get_label (GTK_CHECK_BUTTON (check));
      g_hash_table_add (known, (gpointer) label);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                                   g_strv_contains ((const char * const *) items, label));
    }
  for (guint i = 0; items[i]; i++)
    if (*items[i] && !g_hash_table_contains (known, items[i]))
      g_string_append_printf (extras, "%s%s", extras->len ? "; " : "", items[i]);
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (other)), extras->str) != 0)
    gtk_editable_set_text (GTK_EDITABLE (other), extras->str);
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
  else if (GTK_IS_CHECK_BUTTON (widget))
    gtk_check_button_set_active (GTK_CHECK_BUTTON (widget), value != NULL && *value != '\0');
  else if (g_object_get_data (G_OBJECT (widget), "zona-checks") != NULL)
    multichoice_show_value (widget, value);
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
      g_autofree char *current = zona_value_normalize (field, gtk_editable_get_text (GTK_EDITABLE (widget)),
                                                       &error);

      if (g_strcmp0 (current, value) != 0 || error != NULL)
        gtk_editable_set_text (GTK_EDITABLE (widget), value ? value : "");
      g_clear_pointer (&current, g_free);
      current = value_problem (field, value);
      set_field_error (self, key, current);
    }
  self->updating = FALSE;
}

static const ZonaRow *
row_of_field (ZonaFormEditor *self,
              const char     *key)
{
  for (guint i = 0; self->type && i < self->type->rows->len; i++)
    {
      const ZonaRow *row = g_ptr_array_index (self->type->rows, i);
      for (guint j = 0; j < row->fields->len; j++)
        if (g_str_equal (((ZonaField *) g_ptr_array_index (row->fields, j))->key, key))
          return row;
    }
  return NULL;
}

static void
rebuild_group (ZonaFormEditor *self,
               const char     *group_key)
{
  GtkWidget *box = g_hash_table_lookup (self->groups, group_key);
  const ZonaRow *row = row_of_field (self, group_key);
  g_autoptr(GHashTable) values = NULL;

  if (box == NULL || row == NULL)
    return;
  values = zona_store_get_fields (self->store, self->card_id);
  build_group_rows (self, row, zona_card_type_find_field (self->type, group_key), box, values);
}

static void
store_field_changed_cb (ZonaStore      *store,
                        gint64          card_id,
                        const char     *key,
                        ZonaFormEditor *self)
{
  g_autofree char *value = NULL;
  g_autofree char *group = NULL;

  if (card_id != self->card_id || self->updating)
    return;
  /* A group row that is not shown (an undone removal): draw the group again. */
  if (!g_hash_table_contains (self->widgets, key)
      && zona_field_path_parse (key, &group, NULL, NULL))
    {
      rebuild_group (self, group);
      update_state (self);
      return;
    }
  value = zona_store_get_field (store, card_id, key);
  show_value (self, key, value);
  update_state (self);
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

/* Conditional rows shown or hidden, required marks, completion. */
static void
update_state (ZonaFormEditor *self)
{
  g_autoptr(GHashTable) values = NULL;
  ZonaCardStatus status;

  if (self->type == NULL)
    return;
  values = zona_store_get_fields (self->store, self->card_id);
  for (guint i = 0; i < self->type->rows->len; i++)
    {
      const ZonaRow *row = g_ptr_array_index (self->type->rows, i);
      GtkWidget *section = g_hash_table_lookup (self->sections, row->key);
      GtkWidget *mark = g_hash_table_lookup (self->required_marks, row->key);

      if (section)
        gtk_widget_set_visible (section, zona_row_is_visible (row, values));
      if (mark)
        gtk_widget_set_visible (mark, zona_row_is_required (row, values));
    }

  zona_card_status_compute (self->type, values, &status);
  if (self->completion_label)
    {
      g_autofree char *text = NULL;

      if (status.required == 0)
        text = g_strdup (_("No answer is required in this card"));
      else
        /* TRANSLATORS: completion of a card, e.g. "5 of 7 required answers given" */
        text = g_strdup_printf (_("%u of %u required answers given"), status.answered, status.required);
      gtk_label_set_text (GTK_LABEL (self->completion_label), text);
      gtk_level_bar_set_value (GTK_LEVEL_BAR (self->completion_bar),
                               status.required ? (double) status.answered / status.required : 1.0);
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
    case ZONA_FIELD_MONEY:      return _("Amount (€)");
    case ZONA_FIELD_NUMBER:     return _("Number");
    case ZONA_FIELD_MACRO_AREA:
      return g_strcmp0 (field->scheme, "local") == 0 ? _("Local area") : _("Regional area");
    default:                    return _("Answer");
    }
}

static void
remember (ZonaFormEditor  *self,
          const char      *key,
          const ZonaField *field,
          GtkWidget       *widget)
{
  g_object_set_data_full (G_OBJECT (widget), KEY_DATA, g_strdup (key), g_free);
  g_hash_table_insert (self->widgets, g_strdup (key), widget);
  g_hash_table_insert (self->fields, g_strdup (key), (gpointer) field);
}

static GtkWidget *
build_long_text (ZonaFormEditor  *self,
                 const char      *row_label,
                 const ZonaField *field,
                 const char      *key,
                 gboolean         show_label)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *frame = gtk_frame_new (NULL);
  GtkWidget *view = gtk_text_view_new ();
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));

  gtk_widget_set_margin_top (box, 4);
  if (show_label)
    {
      GtkWidget *label = gtk_label_new (default_field_title (field));
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "caption-heading");
      gtk_box_append (GTK_BOX (box), label);
    }
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (view), FALSE);
  gtk_widget_set_size_request (view, -1, 80);
  /* Undo belongs to the plan, not to one text view. */
  gtk_text_buffer_set_enable_undo (buffer, FALSE);
  gtk_frame_set_child (GTK_FRAME (frame), view);
  gtk_widget_add_css_class (frame, "long-text-frame");
  gtk_box_append (GTK_BOX (box), frame);
  set_accessible_label (view, row_label, field->label);

  remember (self, key, field, view);
  g_object_set_data_full (G_OBJECT (buffer), KEY_DATA, g_strdup (key), g_free);
  g_signal_connect (buffer, "changed", G_CALLBACK (buffer_changed_cb), self);
  return box;
}

static GtkWidget *
find_popover (GtkWidget *widget)
{
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found;

      if (GTK_IS_POPOVER (c))
        return c;
      if ((found = find_popover (c)) != NULL)
        return found;
    }
  return NULL;
}

static void
combo_popover_closed_cb (GtkPopover *popover,
                         GtkWidget  *combo)
{
  /* Keyboard users continue from the row they chose in (GTK 4.8 leaves the
   * focus in the closed list otherwise, and Tab goes nowhere). */
  gtk_widget_grab_focus (combo);
}

static GtkWidget *
build_combo (ZonaFormEditor  *self,
             const char      *row_label,
             const ZonaField *field,
             const char      *key,
             GPtrArray       *values,   /* (transfer full): stored value per item, [0] = NULL */
             GPtrArray       *labels)   /* (transfer full): what each item shows */
{
  GtkStringList *list = gtk_string_list_new (NULL);
  GtkWidget *combo = adw_combo_row_new ();

  for (guint i = 0; i < labels->len; i++)
    gtk_string_list_append (list, g_ptr_array_index (labels, i));
  adw_combo_row_set_model (ADW_COMBO_ROW (combo), G_LIST_MODEL (list));
  g_object_unref (list);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (combo), default_field_title (field));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (combo), FALSE);
  set_accessible_label (combo, row_label, field->label);
  g_object_set_data_full (G_OBJECT (combo), "zona-values", values, (GDestroyNotify) g_ptr_array_unref);
  g_object_set_data (G_OBJECT (combo), "zona-n-fixed", GUINT_TO_POINTER (values->len));
  g_ptr_array_unref (labels);
  remember (self, key, field, combo);
  g_signal_connect (combo, "notify::selected", G_CALLBACK (combo_selected_cb), self);
  {
    GtkWidget *popover = find_popover (combo);
    if (popover != NULL)
      g_signal_connect_object (popover, "closed", G_CALLBACK (combo_popover_closed_cb), combo, 0);
  }
  return combo;
}

static GtkWidget *
build_choice (ZonaFormEditor  *self,
              const char      *row_label,
              const ZonaField *field,
              const char      *key)
{
  GPtrArray *values = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *labels = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (values, NULL);
  /* TRANSLATORS: the empty choice of a drop-down */
  g_ptr_array_add (labels, g_strdup (_("— not answered —")));
  for (guint i = 0; i < field->options->len; i++)
    {
      g_ptr_array_add (values, g_strdup (g_ptr_array_index (field->options, i)));
      g_ptr_array_add (labels, g_strdup (g_ptr_array_index (field->options, i)));
    }
  return build_combo (self, row_label, field, key, values, labels);
}

static GtkWidget *
build_macro_area (ZonaFormEditor  *self,
                  const char      *row_label,
                  const ZonaField *field,
                  const char      *key)
{
  GPtrArray *values = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *labels = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (values, NULL);
  g_ptr_array_add (labels, g_strdup (_("— not answered —")));
  if (g_strcmp0 (field->scheme, "local") == 0)
    {
      /* The Ambito's own areas, kept in the plan; stored by their stable uid. */
      g_autoptr(GPtrArray) areas = zona_plan_data_list_local_areas (self->store);
      for (guint i = 0; i < areas->len; i++)
        {
          const ZonaLocalArea *a = g_ptr_array_index (areas, i);
          g_ptr_array_add (values, g_strdup (a->uid));
          g_ptr_array_add (labels, a->code ? g_strdup_printf ("%s — %s", a->code, a->title)
                                           : g_strdup (a->title));
        }
    }
  else if (self->template != NULL)
    {
      /* The region's list of the plan's cycle; stored by code. */
      GPtrArray *areas = zona_template_get_macro_areas (self->template);
      for (guint i = 0; i < areas->len; i++)
        {
          const ZonaMacroArea *a = g_ptr_array_index (areas, i);
          if (g_strcmp0 (a->scheme, "regional") != 0)
            continue;
          g_ptr_array_add (values, g_strdup (a->code));
          g_ptr_array_add (labels, g_strdup_printf ("%s — %s", a->code, a->title));
        }
    }
  return build_combo (self, row_label, field, key, values, labels);
}

static GtkWidget *
build_multichoice (ZonaFormEditor  *self,
                   const char      *row_label,
                   const ZonaField *field,
                   const char      *key)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *flow = gtk_flow_box_new ();
  GtkWidget *other = adw_entry_row_new ();
  GtkWidget *list = gtk_list_box_new ();

  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (flow), GTK_SELECTION_NONE);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (flow), 2);
  gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (flow), TRUE);
  for (guint i = 0; i < field->options->len; i++)
    {
      GtkWidget *check = gtk_check_button_new_with_label (g_ptr_array_index (field->options, i));
      g_object_set_data (G_OBJECT (check), "zona-multichoice", box);
      g_signal_connect (check, "toggled", G_CALLBACK (multichoice_changed_cb), self);
      gtk_flow_box_append (GTK_FLOW_BOX (flow), check);
    }
  gtk_box_append (GTK_BOX (box), flow);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (other), _("Other items (separated by “;”)"));
  gtk_editable_set_enable_undo (GTK_EDITABLE (other), FALSE);
  g_object_set_data (G_OBJECT (other), "zona-multichoice", box);
  g_signal_connect (other, "changed", G_CALLBACK (multichoice_changed_cb), self);
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_append (GTK_LIST_BOX (list), other);
  gtk_box_append (GTK_BOX (box), list);

  g_object_set_data (G_OBJECT (box), "zona-checks", flow);
  g_object_set_data (G_OBJECT (box), "zona-other", other);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, row_label, -1);
  remember (self, key, field, box);
  return box;
}

static GtkWidget *
build_entry (ZonaFormEditor  *self,
             const char      *row_label,
             const ZonaField *field,
             const char      *key)
{
  GtkWidget *entry = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (entry), default_field_title (field));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (entry), FALSE);
  if (field->kind == ZONA_FIELD_PERCENTAGE || field->kind == ZONA_FIELD_MONEY)
    {
      GtkWidget *suffix = gtk_label_new (field->kind == ZONA_FIELD_MONEY ? "€" : "%");
      gtk_widget_add_css_class (suffix, "dim-label");
      adw_entry_row_add_suffix (ADW_ENTRY_ROW (entry), suffix);
    }
  gtk_editable_set_enable_undo (GTK_EDITABLE (entry), FALSE);
  set_accessible_label (entry, row_label, field->label);
  remember (self, key, field, entry);
  g_signal_connect (entry, "changed", G_CALLBACK (entry_changed_cb), self);
  return entry;
}

/* A choice with one option ("X" in a matrix) is a tick box. */
static GtkWidget *
build_check (ZonaFormEditor  *self,
             const char      *accessible,
             const ZonaField *field,
             const char      *key)
{
  GtkWidget *check = gtk_check_button_new ();

  g_object_set_data_full (G_OBJECT (check), "zona-on-value",
                          g_strdup (g_ptr_array_index (field->options, 0)), g_free);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
  gtk_widget_set_halign (check, GTK_ALIGN_CENTER);
  remember (self, key, field, check);
  g_signal_connect (check, "toggled", G_CALLBACK (check_toggled_cb), self);
  return check;
}

/* Rows that are list rows (entries, drop-downs) share one boxed list;
 * anything else breaks the list and stands on its own. */
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

static void add_simple_field (ZonaFormEditor *self, GtkWidget *section, const char *row_label,
                              const ZonaField *field, const char *key, gboolean show_label,
                              GHashTable *values);

/* ---- repeated groups and free-row tables ------------------------------- */

static guint
count_group_rows (const ZonaField *field,
                  GHashTable      *values)
{
  GHashTableIter iter;
  gpointer key;
  guint n = 0;

  g_hash_table_iter_init (&iter, values);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_autofree char *parent = NULL;
      guint row;

      if (zona_field_path_parse (key, &parent, &row, NULL) && g_str_equal (parent, field->key))
        n = MAX (n, row + 1);
    }
  return MIN (n, MAX_GROUP_ROWS);
}

/* Moves the values of row @from to row @to (and so on) as one edit. */
static void
rewrite_group (ZonaFormEditor  *self,
               const ZonaField *field,
               int              remove,     /* row to delete, or -1 */
               int              swap_a,     /* rows to swap, or -1 */
               int              swap_b)
{
  g_autoptr(GHashTable) values = zona_store_get_fields (self->store, self->card_id);
  g_autoptr(GHashTable) changes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GError) error = NULL;
  guint n = count_group_rows (field, values);

  for (guint c = 0; c < field->children->len; c++)
    {
      const ZonaField *child = g_ptr_array_index (field->children, c);

      for (guint r = 0; r < n; r++)
        {
          g_autofree char *key = zona_field_path (field->key, r, child->key);
          const char *target_value = NULL;
          guint source = r;

          if (remove >= 0 && (int) r >= remove)
            source = r + 1;
          else if (swap_a >= 0 && (int) r == swap_a)
            source = swap_b;
          else if (swap_a >= 0 && (int) r == swap_b)
            source = swap_a;
          if (source < n)
            {
              g_autofree char *src = zona_field_path (field->key, source, child->key);
              target_value = g_hash_table_lookup (values, src);
            }
          if (g_strcmp0 (target_value, g_hash_table_lookup (values, key)) != 0)
            g_hash_table_insert (changes, g_strdup (key), g_strdup (target_value));
        }
    }
  if (g_hash_table_size (changes) == 0)
    return;
  self->updating = TRUE;
  if (!zona_store_set_fields (self->store, self->card_id, changes, &error))
    report_error (self, error);
  self->updating = FALSE;
  rebuild_group (self, field->key);
  update_state (self);
}

static void
group_button_cb (GtkButton      *button,
                 ZonaFormEditor *self)
{
  const char *group_key = g_object_get_data (G_OBJECT (button), "zona-group");
  const char *op = g_object_get_data (G_OBJECT (button), "zona-op");
  int row = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "zona-row"));
  const ZonaField *field = zona_card_type_find_field (self->type, group_key);
  GtkWidget *box = g_hash_table_lookup (self->groups, group_key);

  if (field == NULL || box == NULL)
    return;
  if (g_str_equal (op, "remove"))
    rewrite_group (self, field, row, -1, -1);
  else if (g_str_equal (op, "up"))
    rewrite_group (self, field, -1, row - 1, row);
  else if (g_str_equal (op, "down"))
    rewrite_group (self, field, -1, row, row + 1);
  else if (g_str_equal (op, "add"))
    {
      /* A new, empty row: it is stored when something is typed into it. */
      guint shown = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (box), "zona-rows"));
      g_autoptr(GHashTable) values = zona_store_get_fields (self->store, self->card_id);
      const ZonaRow *r = row_of_field (self, group_key);

      g_object_set_data (G_OBJECT (box), "zona-extra", GUINT_TO_POINTER (shown + 1 - count_group_rows (field, values)));
      build_group_rows (self, r, field, box, values);
      /* Focus the first field of the new row. */
      {
        g_autofree char *key = zona_field_path (field->key, shown,
                                                ((ZonaField *) g_ptr_array_index (field->children, 0))->key);
        GtkWidget *w = g_hash_table_lookup (self->widgets, key);
        if (w)
          gtk_widget_grab_focus (w);
      }
    }
}

static GtkWidget *
group_button (ZonaFormEditor *self,
              const char     *icon,
              const char     *tooltip,
              const char     *group_key,
              const char     *op,
              int             row)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  gtk_widget_add_css_class (button, "flat");
  g_object_set_data_full (G_OBJECT (button), "zona-group", g_strdup (group_key), g_free);
  g_object_set_data (G_OBJECT (button), "zona-op", (gpointer) op);
  g_object_set_data (G_OBJECT (button), "zona-row", GINT_TO_POINTER (row));
  g_signal_connect (button, "clicked", G_CALLBACK (group_button_cb), self);
  return button;
}

static void
forget_keys_under (ZonaFormEditor *self,
                   const char     *group_key)
{
  GHashTableIter iter;
  gpointer key;
  g_autofree char *prefix = g_strconcat (group_key, "/", NULL);

  g_hash_table_iter_init (&iter, self->widgets);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (g_str_has_prefix (key, prefix))
      {
        g_hash_table_remove (self->error_labels, key);
        g_hash_table_remove (self->fields, key);
        g_hash_table_iter_remove (&iter);
      }
}

static void
build_group_rows (ZonaFormEditor  *self,
                  const ZonaRow   *row,
                  const ZonaField *field,
                  GtkWidget       *box,
                  GHashTable      *values)
{
  guint stored = count_group_rows (field, values);
  guint extra = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (box), "zona-extra"));
  guint n = MIN (stored + extra, MAX_GROUP_ROWS);
  GtkWidget *child, *add;
  g_autofree char *add_label = NULL;

  forget_keys_under (self, field->key);
  while ((child = gtk_widget_get_first_child (box)) != NULL)
    gtk_box_remove (GTK_BOX (box), child);

  for (guint r = 0; r < n; r++)
    {
      GtkWidget *item = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      g_autofree char *title = g_strdup_printf (_("Item %u"), r + 1);
      GtkWidget *label = gtk_label_new (title);

      gtk_widget_add_css_class (item, "card");
      gtk_widget_add_css_class (item, "zona-group-item");
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_widget_add_css_class (label, "caption-heading");
      gtk_box_append (GTK_BOX (header), label);
      if (r > 0)
        gtk_box_append (GTK_BOX (header), group_button (self, "go-up-symbolic", _("Move Up"),
                                                        field->key, "up", r));
      if (r + 1 < stored)
        gtk_box_append (GTK_BOX (header), group_button (self, "go-down-symbolic", _("Move Down"),
                                                        field->key, "down", r));
      gtk_box_append (GTK_BOX (header), group_button (self, "user-trash-symbolic", _("Remove"),
                                                      field->key, "remove", r));
      gtk_box_append (GTK_BOX (item), header);

      for (guint c = 0; c < field->children->len; c++)
        {
          const ZonaField *cf = g_ptr_array_index (field->children, c);
          g_autofree char *key = zona_field_path (field->key, r, cf->key);
          add_simple_field (self, item, row->label, cf, key, TRUE, values);
        }
      gtk_box_append (GTK_BOX (box), item);
    }

  add_label = field->label ? g_strdup_printf (_("_Add “%s”"), field->label)
                           : g_strdup (_("_Add a Row"));
  add = gtk_button_new_with_mnemonic (add_label);
  gtk_widget_set_halign (add, GTK_ALIGN_START);
  g_object_set_data_full (G_OBJECT (add), "zona-group", g_strdup (field->key), g_free);
  g_object_set_data (G_OBJECT (add), "zona-op", (gpointer) "add");
  g_signal_connect (add, "clicked", G_CALLBACK (group_button_cb), self);
  gtk_box_append (GTK_BOX (box), add);
  g_object_set_data (G_OBJECT (box), "zona-rows", GUINT_TO_POINTER (n));
  g_object_set_data (G_OBJECT (box), "zona-extra", GUINT_TO_POINTER (0));
}

/* A table with fixed rows is a grid: row labels down, columns across. */
static GtkWidget *
build_fixed_table (ZonaFormEditor  *self,
                   const ZonaRow   *row,
                   const ZonaField *field,
                   GHashTable      *values)
{
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *grid = gtk_grid_new ();

  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  for (guint c = 0; c < field->children->len; c++)
    {
      const ZonaField *cf = g_ptr_array_index (field->children, c);
      GtkWidget *head = gtk_label_new (default_field_title (cf));
      gtk_widget_add_css_class (head, "caption-heading");
      gtk_grid_attach (GTK_GRID (grid), head, c + 1, 0, 1, 1);
    }
  for (guint r = 0; r < field->row_labels->len; r++)
    {
      const char *row_label = g_ptr_array_index (field->row_labels, r);
      GtkWidget *label = gtk_label_new (row_label);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_grid_attach (GTK_GRID (grid), label, 0, r + 1, 1, 1);
      for (guint c = 0; c < field->children->len; c++)
        {
          const ZonaField *cf = g_ptr_array_index (field->children, c);
          g_autofree char *key = zona_field_path (field->key, r, cf->key);
          g_autofree char *acc = g_strdup_printf ("%s, %s", row_label, default_field_title (cf));
          GtkWidget *w;

          if (cf->kind == ZONA_FIELD_CHOICE && cf->options->len == 1)
            w = build_check (self, acc, cf, key);
          else
            {
              w = gtk_entry_new ();
              gtk_editable_set_enable_undo (GTK_EDITABLE (w), FALSE);
              gtk_accessible_update_property (GTK_ACCESSIBLE (w), GTK_ACCESSIBLE_PROPERTY_LABEL, acc, -1);
              remember (self, key, cf, w);
              g_signal_connect (w, "changed", G_CALLBACK (entry_changed_cb), self);
            }
          gtk_grid_attach (GTK_GRID (grid), w, c + 1, r + 1, 1, 1);
          show_value (self, key, g_hash_table_lookup (values, key));
        }
    }
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), grid);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_AUTOMATIC, GTK_POLICY_NEVER);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  return scroller;
}

static void
add_simple_field (ZonaFormEditor  *self,
                  GtkWidget       *section,
                  const char      *row_label,
                  const ZonaField *field,
                  const char      *key,
                  gboolean         show_label,
                  GHashTable      *values)
{
  GtkWidget *widget = NULL;

  switch (field->kind)
    {
    case ZONA_FIELD_LONG_TEXT:
      widget = build_long_text (self, row_label, field, key, show_label);
      break;
    case ZONA_FIELD_CHOICE:
      widget = build_choice (self, row_label, field, key);
      break;
    case ZONA_FIELD_MACRO_AREA:
      widget = build_macro_area (self, row_label, field, key);
      break;
    case ZONA_FIELD_MULTICHOICE:
      widget = build_multichoice (self, row_label, field, key);
      break;
    case ZONA_FIELD_PERCENTAGE:
    case ZONA_FIELD_TEXT:
    case ZONA_FIELD_MONEY:
    case ZONA_FIELD_NUMBER:
    default:
      widget = build_entry (self, row_label, field, key);
      break;
    }
  append_to_section (section, widget);

  if (field->kind == ZONA_FIELD_PERCENTAGE || field->kind == ZONA_FIELD_MONEY
      || field->kind == ZONA_FIELD_NUMBER)
    {
      GtkWidget *value_widget = g_hash_table_lookup (self->widgets, key);
      GtkWidget *error_label = gtk_label_new (NULL);

      gtk_label_set_xalign (GTK_LABEL (error_label), 0);
      gtk_label_set_wrap (GTK_LABEL (error_label), TRUE);
      gtk_widget_add_css_class (error_label, "error");
      gtk_widget_set_visible (error_label, FALSE);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (value_widget),
                                      GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, error_label, NULL, -1);
      gtk_box_append (GTK_BOX (section), error_label);
      g_hash_table_insert (self->error_labels, g_strdup (key), error_label);
    }
  show_value (self, key, g_hash_table_lookup (values, key));
}

static void
add_field (ZonaFormEditor  *self,
           GtkWidget       *section,
           const ZonaRow   *row,
           const ZonaField *field,
           GHashTable      *values)
{
  gboolean show_label = field->label != NULL || row->fields->len > 1;

  if (field->kind == ZONA_FIELD_GROUP
      || (field->kind == ZONA_FIELD_TABLE && field->row_labels->len == 0))
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);

      if (field->label)
        {
          GtkWidget *label = gtk_label_new (field->label);
          gtk_label_set_xalign (GTK_LABEL (label), 0);
          gtk_widget_add_css_class (label, "caption-heading");
          gtk_box_append (GTK_BOX (section), label);
        }
      g_hash_table_insert (self->groups, g_strdup (field->key), box);
      build_group_rows (self, row, field, box, values);
      gtk_box_append (GTK_BOX (section), box);
    }
  else if (field->kind == ZONA_FIELD_TABLE)
    gtk_box_append (GTK_BOX (section), build_fixed_table (self, row, field, values));
  else
    add_simple_field (self, section, row->label, field, field->key, show_label, values);
}

static GtkWidget *
section_new (ZonaFormEditor *self,
             const ZonaRow  *row)
{
  GtkWidget *section = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *head = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *label = gtk_label_new (row->label);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "heading");
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LEVEL, 2, -1);
  gtk_box_append (GTK_BOX (head), label);
  if (row->required || row->required_when)
    {
      /* TRANSLATORS: marks a row of a card that must be answered */
      GtkWidget *mark = gtk_label_new (_("Required"));
      gtk_widget_add_css_class (mark, "zona-required");
      gtk_widget_set_valign (mark, GTK_ALIGN_START);
      gtk_box_append (GTK_BOX (head), mark);
      g_hash_table_insert (self->required_marks, g_strdup (row->key), mark);
    }
  gtk_box_append (GTK_BOX (section), head);
  if (row->guidance || row->example)
    {
      g_autofree char *text = row->example == NULL ? g_strdup (row->guidance)
                            : row->guidance == NULL ? g_strdup_printf (_("Example: %s"), row->example)
                            : g_strdup_printf (_("%s\nExample: %s"), row->guidance, row->example);
      GtkWidget *hint = gtk_label_new (text);

      gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
      gtk_label_set_xalign (GTK_LABEL (hint), 0);
      gtk_label_set_selectable (GTK_LABEL (hint), FALSE);
      gtk_widget_add_css_class (hint, "dim-label");
      gtk_widget_add_css_class (hint, "field-guidance");
      gtk_box_append (GTK_BOX (section), hint);
    }
  g_hash_table_insert (self->sections, g_strdup (row->key), section);
  return section;
}

static void
build (ZonaFormEditor *self)
{
  g_autoptr(GHashTable) values = zona_store_get_fields (self->store, self->card_id);
  g_autoptr(ZonaBlock) block = zona_store_get_block (self->store, self->card_id);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
  GtkWidget *group, *status_box;

  adw_bin_set_child (ADW_BIN (self), box);

  group = adw_preferences_group_new ();
  if (self->type)
    adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), self->type->title);
  self->title_row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->title_row), _("Card title"));
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

  status_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  self->completion_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->completion_label), 0);
  gtk_widget_add_css_class (self->completion_label, "dim-label");
  self->completion_bar = gtk_level_bar_new ();
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->completion_bar), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Completion of the card"), -1);
  gtk_box_append (GTK_BOX (status_box), self->completion_label);
  gtk_box_append (GTK_BOX (status_box), self->completion_bar);
  gtk_box_append (GTK_BOX (box), status_box);

  for (guint i = 0; i < self->type->rows->len; i++)
    {
      const ZonaRow *row = g_ptr_array_index (self->type->rows, i);
      GtkWidget *section = section_new (self, row);

      for (guint j = 0; j < row->fields->len; j++)
        add_field (self, section, row, g_ptr_array_index (row->fields, j), values);
      gtk_box_append (GTK_BOX (box), section);
    }
  update_state (self);
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
  g_clear_pointer (&self->sections, g_hash_table_unref);
  g_clear_pointer (&self->required_marks, g_hash_table_unref);
  g_clear_pointer (&self->groups, g_hash_table_unref);

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
  self->sections = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->required_marks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
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
