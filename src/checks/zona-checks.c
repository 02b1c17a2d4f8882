/* zona-checks.c: consistency checks across a plan
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each rule catches a mistake the real plans contain (domain.md §3 and §7):
 * required rows left empty, "Sì/No" without the motivation asked for,
 * "100/100" where a percentage is asked, totals that do not add up, the
 * template's guidance left in an answer. The checks never change the plan:
 * a printed value stays as printed, flagged.
 */
#define G_LOG_DOMAIN "zona-checks"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "zona-checks.h"
#include "zona-card-status.h"
#include "model/zona-value.h"
#include "model/zona-plan-data.h"
#include "charts/zona-chart.h"

static const char *rule_names[] = {
  [ZONA_RULE_REQUIRED] = "required",
  [ZONA_RULE_MOTIVATION] = "motivation",
  [ZONA_RULE_CONDITIONAL] = "conditional",
  [ZONA_RULE_PERCENTAGE_RANGE] = "percentage-range",
  [ZONA_RULE_PERCENTAGE_TEXT] = "percentage-text",
  [ZONA_RULE_NOT_AN_OPTION] = "not-an-option",
  [ZONA_RULE_GUIDANCE_LEFT] = "guidance-left",
  [ZONA_RULE_NO_REGIONAL_AREA] = "no-regional-area",
  [ZONA_RULE_TOTAL_MISMATCH] = "total-mismatch",
  [ZONA_RULE_CYCLE_MISMATCH] = "cycle-mismatch",
  [ZONA_RULE_UNKNOWN_CARD] = "unknown-card",
  [ZONA_RULE_NOT_A_NUMBER] = "not-a-number",
};

const char *
zona_rule_to_string (ZonaRule rule)
{
  g_return_val_if_fail (rule < G_N_ELEMENTS (rule_names), NULL);
  return rule_names[rule];
}

void
zona_problem_free (ZonaProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->field_key);
  g_free (problem->where);
  g_free (problem->message);
  g_free (problem);
}

G_GNUC_PRINTF (7, 8)
static void
add (GPtrArray           *out,
     ZonaProblemSeverity  severity,
     ZonaRule             rule,
     gint64               card_id,
     const char          *field_key,
     const char          *where,
     const char          *format,
     ...)
{
  ZonaProblem *p = g_new0 (ZonaProblem, 1);
  va_list args;

  p->severity = severity;
  p->rule = rule;
  p->card_id = card_id;
  p->field_key = g_strdup (field_key);
  p->where = g_strdup (where);
  va_start (args, format);
  p->message = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (out, p);
}

static char *
fold (const char *s)
{
  g_autofree char *norm = g_utf8_normalize (s, -1, G_NORMALIZE_ALL);
  g_autofree char *lower = g_utf8_casefold (norm ? norm : s, -1);
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = lower; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (g_unichar_isspace (c))
        space = TRUE;
      else
        {
          if (space && out->len)
            g_string_append_c (out, ' ');
          space = FALSE;
          g_string_append_unichar (out, c);
        }
    }
  return g_string_free (out, FALSE);
}

static gboolean
is_motivation (const ZonaRow   *row,
               const ZonaField *field,
               guint            index)
{
  return index > 0 && ((ZonaField *) g_ptr_array_index (row->fields, 0))->kind == ZONA_FIELD_CHOICE
      && field->kind == ZONA_FIELD_LONG_TEXT;
}

static void
check_value (GPtrArray       *out,
             gint64           card_id,
             const char      *where,
             const ZonaField *field,
             const char      *key,
             const char      *value,
             const char      *guidance)
{
  int pct;

  if (value == NULL || *value == '\0')
    return;

  if (field->kind == ZONA_FIELD_PERCENTAGE)
    {
      if (zona_value_parse_percentage (value, &pct))
        {
          if (pct < 0 || pct > 100)
            add (out, ZONA_PROBLEM_ERROR, ZONA_RULE_PERCENTAGE_RANGE, card_id, key, where,
                 _("The percentage %d%% is outside 0–100"), pct);
        }
      else if (!g_ptr_array_find_with_equal_func (field->options, value, g_str_equal, NULL))
        add (out, ZONA_PROBLEM_WARNING, ZONA_RULE_PERCENTAGE_TEXT, card_id, key, where,
             _("“%s” is not a percentage"), value);
    }
  else if ((field->kind == ZONA_FIELD_NUMBER || field->kind == ZONA_FIELD_MONEY)
           && !zona_value_parse_number (value, NULL))
    add (out, ZONA_PROBLEM_WARNING, ZONA_RULE_NOT_A_NUMBER, card_id, key, where,
         _("“%s” is not a number"), value);
  else if (field->kind == ZONA_FIELD_CHOICE && field->options->len > 0
           && !g_ptr_array_find_with_equal_func (field->options, value, g_str_equal, NULL))
    add (out, ZONA_PROBLEM_WARNING, ZONA_RULE_NOT_AN_OPTION, card_id, key, where,
         _("“%s” is not one of the answers the region asks for"), value);

  if (guidance != NULL && strlen (guidance) > 12)
    {
      g_autofree char *a = fold (value);
      g_autofree char *b = fold (guidance);
      if (strstr (a, b) != NULL)
        add (out, ZONA_PROBLEM_WARNING, ZONA_RULE_GUIDANCE_LEFT, card_id, key, where,
             _("The answer still holds the template's guidance text"));
    }
}

static void
check_card (GPtrArray          *out,
            ZonaStore          *store,
            ZonaTemplate       *template,
            const ZonaBlock    *block)
{
  const ZonaCardType *type = template ? zona_template_get_card_type (template, block->card_type) : NULL;
  g_autoptr(GHashTable) values = zona_store_get_fields (store, block->id);
  const char *title = *block->title ? block->title : _("Untitled card");

  if (type == NULL)
    {
      add (out, ZONA_PROBLEM_WARNING, ZONA_RULE_UNKNOWN_CARD, block->id, NULL, title,
           _("The plan's template does not know the card type “%s”"), block->card_type);
      return;
    }

  for (guint i = 0; i < type->rows->len; i++)
    {
      const ZonaRow *row = g_ptr_array_index (type->rows, i);
      g_autofree char *where = g_strdup_printf ("%s › %s", title, row->label);

      if (!zona_row_is_visible (row, values))
        continue;
      for (guint j = 0; j < row->fields->len; j++)
        {
          const ZonaField *field = g_ptr_array_index (row->fields, j);

          if (zona_field_is_required (row, field, j, values) && !zona_field_is_answered (field, values))
            {
              if (is_motivation (row, field, j))
                add (out, ZONA_PROBLEM_ERROR, ZONA_RULE_MOTIVATION, block->id, field->key, where,
                     _("The answer must be motivated (“%s” is empty)"),
                     field->label ? field->label : _("Motivation"));
              else if (row->required_when != NULL || field->required_when != NULL)
                add (out, ZONA_PROBLEM_ERROR, ZONA_RULE_CONDITIONAL, block->id, field->key, where,
                     _("This answer is required by another answer of the card"));
              else
                add (out, ZONA_PROBLEM_ERROR, ZONA_RULE_REQUIRED, block->id, field->key, where,
                     _("A required answer is missing"));
            }

          if (field->kind == ZONA_FIELD_GROUP || field->kind == ZONA_FIELD_TABLE)
            {
              GHashTableIter iter;
              gpointer key, value;
              g_autofree char *prefix = g_strconcat (field->key, "/", NULL);
              g_autoptr(GList) keys = NULL;

              g_hash_table_iter_init (&iter, values);
              while (g_hash_table_iter_next (&iter, &key, &value))
                if (g_str_has_prefix (key, prefix))
                  keys = g_list_prepend (keys, key);
              keys = g_list_sort (keys, (GCompareFunc) g_strcmp0);
              for (GList *k = keys; k; k = k->next)
                {
                  const ZonaField *child = zona_card_type_find_field (type, k->data);
                  if (child)
                    check_value (out, block->id, where, child, k->data,
                                 g_hash_table_lookup (values, k->data), child->guidance);
                }
            }
          else
            check_value (out, block->id, where, field, field->key,
                         g_hash_table_lookup (values, field->key),
                         field->guidance ? field->guidance : (j == 0 ? row->guidance : NULL));
        }
    }
}

static void
walk (GPtrArray    *out,
      ZonaStore    *store,
      ZonaTemplate *template,
      gint64        parent,
      GHashTable   *visited)
{
  g_autoptr(GPtrArray) chapters = zona_store_list_chapters (store, parent);

  for (guint i = 0; i < chapters->len; i++)
    {
      ZonaChapter *c = g_ptr_array_index (chapters, i);
      g_autoptr(GPtrArray) blocks = NULL;

      if (!g_hash_table_add (visited, g_memdup2 (&c->id, sizeof c->id)))
        continue;
      blocks = zona_store_list_blocks (store, c->id);
      for (guint j = 0; j < blocks->len; j++)
        {
          ZonaBlock *b = g_ptr_array_index (blocks, j);
          if (b->kind == ZONA_BLOCK_CARD)
            check_card (out, store, template, b);
        }
      walk (out, store, template, c->id, visited);
    }
}

static void
check_tables (GPtrArray *out,
              ZonaStore *store)
{
  g_autoptr(GPtrArray) tables = zona_plan_data_list_tables (store);

  for (guint t = 0; t < tables->len; t++)
    {
      const ZonaDataTable *table = g_ptr_array_index (tables, t);
      g_autoptr(ZonaTableContents) contents = zona_plan_data_get_table_contents (store, table->id);

      if (contents == NULL)
        continue;
      for (guint c = 0; c < contents->columns->len; c++)
        {
          const ZonaDataColumn *col = g_ptr_array_index (contents->columns, c);

          if (!zona_column_type_adds_up (col->type))
            continue;
          for (guint r = 0; r < contents->rows->len; r++)
            {
              const ZonaDataRow *row = g_ptr_array_index (contents->rows, r);
              const char *cell = c < row->cells->len ? g_ptr_array_index (row->cells, c) : NULL;
              g_autofree char *where = NULL;
              g_autofree char *sum_text = NULL;
              ZonaProblem *p;
              double v, sum;

              /* Only typed totals are checked: an empty one is computed. */
              if (!row->is_total || cell == NULL || !zona_value_parse_number (cell, &v)
                  || !zona_table_contents_sum_above (contents, r, c, &sum)
                  || zona_data_total_matches (v, sum))
                continue;
              where = g_strdup_printf ("%s › %s", table->title, col->name);
              /* in the plan's own way of writing figures: 40.823, 1.234,50 */
              sum_text = zona_chart_format_number (sum, -1);
              add (out, ZONA_PROBLEM_ERROR, ZONA_RULE_TOTAL_MISMATCH, 0, NULL, where,
                   _("The total reads %s, but the rows add up to %s"), cell, sum_text);
              p = g_ptr_array_index (out, out->len - 1);
              p->table_id = table->id;
            }
        }
    }
}

static void
check_objectives (GPtrArray *out,
                  ZonaStore *store)
{
  g_autoptr(GPtrArray) objectives = zona_plan_data_list_objectives (store);

  for (guint i = 0; i < objectives->len; i++)
    {
      const ZonaObjective *o = g_ptr_array_index (objectives, i);

      if (o->regional_area == NULL || *o->regional_area == '\0')
        add (out, ZONA_PROBLEM_ERROR, ZONA_RULE_NO_REGIONAL_AREA, o->card_id, NULL, o->title,
             _("The objective has no regional macro-area"));
    }
}

GPtrArray *
zona_checks_run (ZonaStore    *store,
                 ZonaTemplate *template)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) zona_problem_free);
  g_autoptr(GHashTable) visited = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autofree char *cycle = zona_store_get_meta (store, "cycle");

  g_return_val_if_fail (ZONA_IS_STORE (store), out);

  if (template != NULL && cycle != NULL
      && g_strcmp0 (cycle, zona_template_get_cycle (template)) != 0)
    add (out, ZONA_PROBLEM_WARNING, ZONA_RULE_CYCLE_MISMATCH, 0, NULL, _("Plan"),
         _("The plan is for %s but its cards follow the template of %s: the periods in their "
           "labels will not match"), cycle, zona_template_get_cycle (template));

  walk (out, store, template, 0, visited);
  check_tables (out, store);
  check_objectives (out, store);
  return out;
}

GPtrArray *
zona_checks_run_card (ZonaStore    *store,
                      ZonaTemplate *template,
                      gint64        card_id)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) zona_problem_free);
  g_autoptr(ZonaBlock) block = zona_store_get_block (store, card_id);

  if (block != NULL && block->kind == ZONA_BLOCK_CARD)
    check_card (out, store, template, block);
  return out;
}

guint
zona_checks_count (GPtrArray           *problems,
                   ZonaProblemSeverity  severity)
{
  guint n = 0;

  for (guint i = 0; i < problems->len; i++)
    if (((ZonaProblem *) g_ptr_array_index (problems, i))->severity == severity)
      n++;
  return n;
}
