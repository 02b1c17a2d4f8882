/* zona-overview.c: a plan's start page
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything here is read from the store; every change to the plan queues one
 * refresh in an idle, so a burst of edits (an import, an undo group) reads the
 * plan once. Widgets are updated in place: the focus stays where it is.
 */
#define G_LOG_DOMAIN "zona-overview"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>
#include <math.h>

#include "zona-overview.h"
#include "charts/zona-chart-view.h"
#include "checks/zona-card-status.h"
#include "model/zona-plan-data.h"

struct _ZonaOverview
{
  AdwBin         parent_instance;

  ZonaStore     *store;
  ZonaTemplate  *template;
  guint          refresh_source;

  GtkWidget     *title_label;
  GtkWidget     *ambito_row;
  GtkWidget     *ente_row;
  GtkWidget     *cycle_row;
  GtkWidget     *completion_view;
  GtkWidget     *completion_list;
  GtkWidget     *completion_empty;
  GtkWidget     *errors_row;
  GtkWidget     *warnings_row;
  GtkWidget     *errors_label;
  GtkWidget     *warnings_label;
  GtkWidget     *areas_group;
  GtkWidget     *areas_view;
  GtkWidget     *areas_list;
  GtkWidget     *areas_empty;

  GtkWidget     *state_labels[ZONA_REVIEW_APPROVED + 1];
  guint          n_by_state[ZONA_REVIEW_APPROVED + 1];

  ZonaChartData *completion;
  ZonaChartData *areas;
  guint          n_errors;
  guint          n_warnings;
};

G_DEFINE_FINAL_TYPE (ZonaOverview, zona_overview, ADW_TYPE_BIN)

/* ---- figures ------------------------------------------------------------ */

static void
chapter_status (ZonaOverview *self,
                gint64        chapter_id,
                guint        *answered,
                guint        *required)
{
  g_autoptr(GPtrArray) blocks = zona_store_list_blocks (self->store, chapter_id);
  g_autoptr(GPtrArray) children = zona_store_list_chapters (self->store, chapter_id);

  for (guint i = 0; i < blocks->len; i++)
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
      *required += status.required;
      *answered += status.answered;
    }
  for (guint i = 0; i < children->len; i++)
    chapter_status (self, ((ZonaChapter *) g_ptr_array_index (children, i))->id, answered, required);
}

static void
clear_list (GtkWidget *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (list)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (list), child);
}

static GtkWidget *
figure_row (const char *title,
            const char *subtitle,
            const char *figure)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (figure);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_add_css_class (label, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  return row;
}

/* Taller charts for more categories, so that bars keep their thickness. */
static void
size_chart (GtkWidget           *view,
            const ZonaChartData *data)
{
  guint n = zona_chart_data_get_n_categories (data);
  guint n_series = data->series->len;

  gtk_widget_set_size_request (view, -1, 90 + n * (n_series > 1 ? 48 : 34));
}

static void
refresh_identity (ZonaOverview *self)
{
  g_autofree char *title = zona_store_get_meta (self->store, "title");
  struct { GtkWidget *row; const char *key; } rows[] = {
    { self->ambito_row, "ambito" },
    { self->ente_row, "ente_capofila" },
    { self->cycle_row, "cycle" },
  };

  gtk_label_set_text (GTK_LABEL (self->title_label),
                      title && *title ? title : _("Untitled Plan"));
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *value = zona_store_get_meta (self->store, rows[i].key);

      /* TRANSLATORS: a plan detail that was never filled in */
      adw_action_row_set_subtitle (ADW_ACTION_ROW (rows[i].row),
                                   value && *value ? value : _("Not given"));
    }
}

static void
refresh_completion (ZonaOverview *self)
{
  g_autoptr(GPtrArray) chapters = zona_store_list_chapters (self->store, 0);
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (double));
  ZonaChartData *data = zona_chart_data_new (ZONA_CHART_HBAR, "Completamento per capitolo", "%",
                                             "Risposte obbligatorie date sul totale richiesto");

  clear_list (self->completion_list);
  for (guint i = 0; self->template != NULL && i < chapters->len; i++)
    {
      ZonaChapter *c = g_ptr_array_index (chapters, i);
      guint answered = 0, required = 0;
      g_autofree char *figure = NULL, *desc = NULL;
      double pct;

      chapter_status (self, c->id, &answered, &required);
      if (required == 0)
        continue;
      pct = answered * 100 / required;
      zona_chart_data_add_category (data, c->title);
      g_array_append_val (values, pct);
      figure = g_strdup_printf ("%u%%", answered * 100 / required);
      desc = g_strdup_printf (_("%u of %u required answers given"), answered, required);
      gtk_list_box_append (GTK_LIST_BOX (self->completion_list), figure_row (c->title, desc, figure));
    }
  zona_chart_data_add_series (data, "Completamento", (const double *) (gpointer) values->data,
                              values->len);
  g_clear_pointer (&self->completion, zona_chart_data_free);
  self->completion = data;

  gtk_widget_set_visible (self->completion_view, values->len > 0);
  gtk_widget_set_visible (self->completion_list, values->len > 0);
  gtk_widget_set_visible (self->completion_empty, values->len == 0);
  size_chart (self->completion_view, data);
  zona_chart_view_set_data (ZONA_CHART_VIEW (self->completion_view), values->len ? data : NULL);
}

static void
refresh_problems (ZonaOverview *self)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *errors = NULL, *warnings = NULL;

  problems = self->template ? zona_checks_run (self->store, self->template) : NULL;
  self->n_errors = problems ? zona_checks_count (problems, ZONA_PROBLEM_ERROR) : 0;
  self->n_warnings = problems ? zona_checks_count (problems, ZONA_PROBLEM_WARNING) : 0;
  errors = g_strdup_printf ("%u", self->n_errors);
  warnings = g_strdup_printf ("%u", self->n_warnings);
  gtk_label_set_text (GTK_LABEL (self->errors_label), errors);
  gtk_label_set_text (GTK_LABEL (self->warnings_label), warnings);
  if (self->n_errors > 0)
    gtk_widget_add_css_class (self->errors_label, "error");
  else
    gtk_widget_remove_css_class (self->errors_label, "error");
  if (self->n_warnings > 0)
    gtk_widget_add_css_class (self->warnings_label, "warning");
  else
    gtk_widget_remove_css_class (self->warnings_label, "warning");
}

/* The regional macro-area fields of a card type, wherever they sit. */
static void
collect_area_fields (GPtrArray *fields,
                     GPtrArray *out)
{
  for (guint i = 0; fields != NULL && i < fields->len; i++)
    {
      const ZonaField *f = g_ptr_array_index (fields, i);

      if (f->kind == ZONA_FIELD_MACRO_AREA && g_strcmp0 (f->scheme, "regional") == 0)
        g_ptr_array_add (out, (gpointer) f);
    }
}

static void
count_cards (ZonaOverview *self,
             gint64        parent_id,
             GHashTable   *counts)
{
  g_autoptr(GPtrArray) chapters = zona_store_list_chapters (self->store, parent_id);

  for (guint i = 0; i < chapters->len; i++)
    {
      ZonaChapter *c = g_ptr_array_index (chapters, i);
      g_autoptr(GPtrArray) blocks = zona_store_list_blocks (self->store, c->id);

      for (guint j = 0; j < blocks->len; j++)
        {
          ZonaBlock *b = g_ptr_array_index (blocks, j);
          const ZonaCardType *type;
          g_autoptr(GPtrArray) fields = g_ptr_array_new ();
          g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
          g_autoptr(GHashTable) values = NULL;

          if (b->kind != ZONA_BLOCK_CARD
              || (type = zona_template_get_card_type (self->template, b->card_type)) == NULL)
            continue;
          for (guint r = 0; r < type->rows->len; r++)
            collect_area_fields (((ZonaRow *) g_ptr_array_index (type->rows, r))->fields, fields);
          if (fields->len == 0)
            continue;
          values = zona_store_get_fields (self->store, b->id);
          /* A card counts once per area, however many of its fields name it. */
          for (guint k = 0; k < fields->len; k++)
            {
              const char *code = g_hash_table_lookup (values, ((ZonaField *) g_ptr_array_index (fields, k))->key);

              if (code != NULL && *code && g_hash_table_add (seen, (gpointer) code))
                g_hash_table_insert (counts, g_strdup (code),
                                     GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, code)) + 1));
            }
        }
      count_cards (self, c->id, counts);
    }
}

static void
refresh_areas (ZonaOverview *self)
{
  GPtrArray *areas = self->template ? zona_template_get_macro_areas (self->template) : NULL;
  g_autoptr(GHashTable) cards = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) objectives = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) registry = zona_plan_data_list_objectives (self->store);
  g_autoptr(GArray) n_cards = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) n_objectives = g_array_new (FALSE, FALSE, sizeof (double));
  ZonaChartData *data = zona_chart_data_new (ZONA_CHART_HBAR,
                                             "Schede e obiettivi per area di policy regionale",
                                             NULL, NULL);

  if (self->template != NULL)
    count_cards (self, 0, cards);
  for (guint i = 0; i < registry->len; i++)
    {
      ZonaObjective *o = g_ptr_array_index (registry, i);

      if (o->regional_area != NULL && *o->regional_area)
        g_hash_table_insert (objectives, g_strdup (o->regional_area),
                             GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (objectives, o->regional_area)) + 1));
    }

  clear_list (self->areas_list);
  for (guint i = 0; areas != NULL && i < areas->len; i++)
    {
      ZonaMacroArea *a = g_ptr_array_index (areas, i);
      guint nc = GPOINTER_TO_UINT (g_hash_table_lookup (cards, a->code));
      guint no = GPOINTER_TO_UINT (g_hash_table_lookup (objectives, a->code));
      g_autofree char *label = NULL, *figure = NULL, *desc = NULL;
      double v;

      /* Only the areas the plan uses: a cycle lists ten or more. */
      if (g_strcmp0 (a->scheme, "regional") != 0 || nc + no == 0)
        continue;
      label = g_strdup_printf ("%s — %s", a->code, a->title);
      zona_chart_data_add_category (data, label);
      v = nc;
      g_array_append_val (n_cards, v);
      v = no;
      g_array_append_val (n_objectives, v);
      figure = g_strdup_printf ("%u · %u", nc, no);
      /* TRANSLATORS: cards and registered objectives of one macro-area */
      desc = g_strdup_printf (_("Cards: %u · objectives: %u"), nc, no);
      gtk_list_box_append (GTK_LIST_BOX (self->areas_list), figure_row (label, desc, figure));
    }
  zona_chart_data_add_series (data, "Schede", (const double *) (gpointer) n_cards->data, n_cards->len);
  zona_chart_data_add_series (data, "Obiettivi", (const double *) (gpointer) n_objectives->data,
                              n_objectives->len);
  g_clear_pointer (&self->areas, zona_chart_data_free);
  self->areas = data;

  gtk_widget_set_visible (self->areas_group, areas != NULL && areas->len > 0);
  gtk_widget_set_visible (self->areas_view, n_cards->len > 0);
  gtk_widget_set_visible (self->areas_list, n_cards->len > 0);
  gtk_widget_set_visible (self->areas_empty, n_cards->len == 0);
  size_chart (self->areas_view, data);
  zona_chart_view_set_data (ZONA_CHART_VIEW (self->areas_view), n_cards->len ? data : NULL);
}

/* ---- callbacks ---------------------------------------------------------- */

/* Cards per review state, over the whole plan. */
static void
count_states (ZonaOverview *self,
              gint64        parent_id)
{
  g_autoptr(GPtrArray) chapters = zona_store_list_chapters (self->store, parent_id);

  for (guint i = 0; i < chapters->len; i++)
    {
      ZonaChapter *c = g_ptr_array_index (chapters, i);
      g_autoptr(GPtrArray) blocks = zona_store_list_blocks (self->store, c->id);

      for (guint j = 0; j < blocks->len; j++)
        {
          ZonaBlock *b = g_ptr_array_index (blocks, j);
          ZonaReviewState state;

          if (b->kind != ZONA_BLOCK_CARD)
            continue;
          state = zona_store_get_card_review (self->store, b->id);
          if (state <= ZONA_REVIEW_APPROVED)
            self->n_by_state[state]++;
        }
      count_states (self, c->id);
    }
}

static void
refresh_states (ZonaOverview *self)
{
  memset (self->n_by_state, 0, sizeof self->n_by_state);
  count_states (self, 0);
  for (guint s = 0; s <= ZONA_REVIEW_APPROVED; s++)
    {
      g_autofree char *text = g_strdup_printf ("%u", self->n_by_state[s]);

      gtk_label_set_text (GTK_LABEL (self->state_labels[s]), text);
    }
}

static gboolean
refresh_cb (gpointer user_data)
{
  ZonaOverview *self = user_data;

  self->refresh_source = 0;
  zona_overview_refresh (self);
  return G_SOURCE_REMOVE;
}

static void
queue_refresh (ZonaOverview *self)
{
  if (self->refresh_source == 0)
    self->refresh_source = g_idle_add_full (G_PRIORITY_LOW, refresh_cb, self, NULL);
}

/* ---- building ----------------------------------------------------------- */

static GtkWidget *
group_new (GtkWidget  *box,
           const char *title,
           const char *description)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (description != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  gtk_box_append (GTK_BOX (box), group);
  return group;
}

static GtkWidget *
list_new (const char *accessible_label)
{
  GtkWidget *list = gtk_list_box_new ();

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible_label, -1);
  return list;
}

static GtkWidget *
info_row (GtkWidget  *group,
          const char *title)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_widget_add_css_class (row, "property");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  return row;
}

static GtkWidget *
count_row (GtkWidget   *group,
           const char  *title,
           const char  *icon,
           GtkWidget  **label)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name (icon));
  *label = gtk_label_new ("0");
  gtk_widget_add_css_class (*label, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), *label);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  return row;
}

static void
build (ZonaOverview *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
  GtkWidget *group, *button;

  self->title_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->title_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->title_label), 0);
  gtk_widget_add_css_class (self->title_label, "title-1");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->title_label),
                                  GTK_ACCESSIBLE_PROPERTY_LEVEL, 1, -1);
  gtk_box_append (GTK_BOX (box), self->title_label);

  group = group_new (box, _("Plan"), NULL);
  self->ambito_row = info_row (group, _("Ambito"));
  self->ente_row = info_row (group, _("Lead Body"));
  self->cycle_row = info_row (group, _("Planning Cycle"));

  group = group_new (box, _("Completion by Chapter"),
                     _("Required answers given, over the cards of each chapter and its sections"));
  self->completion_view = zona_chart_view_new ();
  gtk_box_append (GTK_BOX (box), self->completion_view);
  self->completion_list = list_new (_("Completion by chapter"));
  gtk_box_append (GTK_BOX (box), self->completion_list);
  self->completion_empty = gtk_label_new (_("No chapter has required answers yet"));
  gtk_widget_add_css_class (self->completion_empty, "dim-label");
  gtk_box_append (GTK_BOX (box), self->completion_empty);

  group = group_new (box, _("Problems"), _("Found by the consistency checks"));
  self->errors_row = count_row (group, _("Errors"), "dialog-error-symbolic", &self->errors_label);
  self->warnings_row = count_row (group, _("Warnings"), "dialog-warning-symbolic",
                                  &self->warnings_label);
  button = gtk_button_new_with_mnemonic (_("_Show Problems"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.show-problems");
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_widget_add_css_class (button, "pill");
  gtk_box_append (GTK_BOX (box), button);

  self->areas_group = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  group = group_new (self->areas_group, _("Cards by Macro-Area"),
                     _("Cards that name each regional policy area, and objectives registered under it"));
  self->areas_view = zona_chart_view_new ();
  gtk_box_append (GTK_BOX (self->areas_group), self->areas_view);
  self->areas_list = list_new (_("Cards and objectives by macro-area"));
  gtk_box_append (GTK_BOX (self->areas_group), self->areas_list);
  self->areas_empty = gtk_label_new (_("No card or objective names a regional area yet"));
  gtk_widget_add_css_class (self->areas_empty, "dim-label");
  gtk_box_append (GTK_BOX (self->areas_group), self->areas_empty);
  gtk_box_append (GTK_BOX (box), self->areas_group);

  {
    static const char *icons[] = { "document-edit-symbolic", "system-users-symbolic",
                                   "emblem-ok-symbolic", "emblem-default-symbolic" };

    group = group_new (box, _("Cards by Review State"),
                       _("From draft to approved by the Assemblea dei Sindaci"));
    for (guint st = 0; st <= ZONA_REVIEW_APPROVED; st++)
      count_row (group, zona_review_state_label (st), icons[st], &self->state_labels[st]);
  }

  adw_bin_set_child (ADW_BIN (self), box);
}

/* ---- object ------------------------------------------------------------- */

static void
zona_overview_dispose (GObject *object)
{
  ZonaOverview *self = ZONA_OVERVIEW (object);

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);
  g_clear_object (&self->template);
  g_clear_pointer (&self->completion, zona_chart_data_free);
  g_clear_pointer (&self->areas, zona_chart_data_free);
  G_OBJECT_CLASS (zona_overview_parent_class)->dispose (object);
}

static void
zona_overview_class_init (ZonaOverviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = zona_overview_dispose;
}

static void
zona_overview_init (ZonaOverview *self)
{
  build (self);
}

/* ---- public API --------------------------------------------------------- */

GtkWidget *
zona_overview_new (ZonaStore    *store,
                   ZonaTemplate *template)
{
  ZonaOverview *self;

  g_return_val_if_fail (ZONA_IS_STORE (store), NULL);
  g_return_val_if_fail (template == NULL || ZONA_IS_TEMPLATE (template), NULL);

  self = g_object_new (ZONA_TYPE_OVERVIEW, NULL);
  self->store = g_object_ref (store);
  self->template = template ? g_object_ref (template) : NULL;
  g_signal_connect_swapped (store, "changed", G_CALLBACK (queue_refresh), self);
  g_signal_connect_swapped (store, "structure-changed", G_CALLBACK (queue_refresh), self);
  g_signal_connect_swapped (store, "card-changed", G_CALLBACK (queue_refresh), self);
  g_signal_connect_swapped (store, "field-changed", G_CALLBACK (queue_refresh), self);
  g_signal_connect_swapped (store, "reloaded", G_CALLBACK (queue_refresh), self);
  zona_overview_refresh (self);
  return GTK_WIDGET (self);
}

void
zona_overview_refresh (ZonaOverview *self)
{
  g_return_if_fail (ZONA_IS_OVERVIEW (self));

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  refresh_identity (self);
  refresh_completion (self);
  refresh_problems (self);
  refresh_areas (self);
  refresh_states (self);
}

guint
zona_overview_get_n_cards_in_state (ZonaOverview    *self,
                                    ZonaReviewState  state)
{
  g_return_val_if_fail (ZONA_IS_OVERVIEW (self), 0);
  g_return_val_if_fail (state <= ZONA_REVIEW_APPROVED, 0);

  return self->n_by_state[state];
}

const ZonaChartData *
zona_overview_get_completion (ZonaOverview *self)
{
  g_return_val_if_fail (ZONA_IS_OVERVIEW (self), NULL);

  return self->completion;
}

const ZonaChartData *
zona_overview_get_areas (ZonaOverview *self)
{
  g_return_val_if_fail (ZONA_IS_OVERVIEW (self), NULL);

  return self->areas;
}

guint
zona_overview_get_n_problems (ZonaOverview        *self,
                              ZonaProblemSeverity  severity)
{
  g_return_val_if_fail (ZONA_IS_OVERVIEW (self), 0);

  return severity == ZONA_PROBLEM_ERROR ? self->n_errors : self->n_warnings;
}
