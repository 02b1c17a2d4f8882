/* zona-chart.c: the numbers a chart shows, taken from a plan's chart and table
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The alternative text is Italian on purpose, like the words the ODF export
 * writes: it describes a figure of an Italian administrative document whatever
 * the language of the user interface. Only messages for the user (errors) are
 * translated.
 */
#define G_LOG_DOMAIN "zona-charts"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "charts/zona-chart.h"
#include "model/zona-value.h"

/* The alternative text lists at most this many values, or this many bytes. */
#define ALT_MAX_VALUES 30
#define ALT_MAX_BYTES  1200

G_DEFINE_QUARK (zona-chart-error-quark, zona_chart_error)

G_DEFINE_BOXED_TYPE (ZonaChartData, zona_chart_data, zona_chart_data_copy, zona_chart_data_free)

static void
series_free (gpointer data)
{
  ZonaChartSeries *series = data;

  g_free (series->name);
  g_array_unref (series->values);
  g_free (series);
}

static gboolean
is_blank (const char *s)
{
  if (s == NULL)
    return TRUE;
  for (; *s; s = g_utf8_next_char (s))
    if (!g_unichar_isspace (g_utf8_get_char (s)))
      return FALSE;
  return TRUE;
}

static char *
dup_or_null (const char *s)
{
  return is_blank (s) ? NULL : g_strdup (s);
}

/* Decimals needed to show @value faithfully, up to 2 (more for tiny values). */
static int
auto_decimals (double value)
{
  double a = fabs (value);

  if (a == 0 || !isfinite (a))
    return 0;
  for (int d = 0; d <= 2; d++)
    {
      double p = pow (10, d);
      if (fabs (round (value * p) / p - value) <= 1e-9 * MAX (1.0, a))
        return d;
    }
  if (a < 0.01)
    return MIN (6, (int) -floor (log10 (a)) + 2);
  return 2;
}

char *
zona_chart_format_number (double value,
                          int    decimals)
{
  char fmt[16];
  char buf[G_ASCII_DTOSTR_BUF_SIZE + 400];
  g_autoptr(GString) out = g_string_new (NULL);
  const char *digits, *point;
  gsize int_len;

  if (isnan (value))
    return g_strdup ("n.d.");
  if (isinf (value))
    return g_strdup (value > 0 ? "∞" : "-∞");
  if (decimals < 0)
    decimals = auto_decimals (value);
  decimals = MIN (decimals, 10);

  /* C locale first, then the Italian separators. */
  g_snprintf (fmt, sizeof fmt, "%%.%df", decimals);
  g_ascii_formatd (buf, sizeof buf, fmt, value);
  digits = buf;
  if (*digits == '-')
    {
      digits++;
      /* “-0,0” is zero */
      if (strspn (digits, "0.") != strlen (digits))
        g_string_append_c (out, '-');
    }
  point = strchr (digits, '.');
  int_len = point ? (gsize) (point - digits) : strlen (digits);
  for (gsize i = 0; i < int_len; i++)
    {
      if (i > 0 && (int_len - i) % 3 == 0)
        g_string_append_c (out, '.');
      g_string_append_c (out, digits[i]);
    }
  if (point != NULL)
    {
      g_string_append_c (out, ',');
      g_string_append (out, point + 1);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

ZonaChartData *
zona_chart_data_new (ZonaChartKind  kind,
                     const char    *title,
                     const char    *unit,
                     const char    *caption)
{
  ZonaChartData *data = g_new0 (ZonaChartData, 1);

  data->kind = kind;
  data->title = dup_or_null (title);
  data->unit = dup_or_null (unit);
  data->caption = dup_or_null (caption);
  data->categories = g_ptr_array_new_with_free_func (g_free);
  data->series = g_ptr_array_new_with_free_func (series_free);
  return data;
}

ZonaChartData *
zona_chart_data_copy (const ZonaChartData *data)
{
  ZonaChartData *copy;

  g_return_val_if_fail (data != NULL, NULL);

  copy = zona_chart_data_new (data->kind, data->title, data->unit, data->caption);
  copy->alt_text = g_strdup (data->alt_text);
  for (guint i = 0; i < data->categories->len; i++)
    zona_chart_data_add_category (copy, g_ptr_array_index (data->categories, i));
  for (guint i = 0; i < data->series->len; i++)
    {
      const ZonaChartSeries *s = g_ptr_array_index (data->series, i);
      zona_chart_data_add_series (copy, s->name, (const double *) (gpointer) s->values->data,
                                  s->values->len);
    }
  return copy;
}

void
zona_chart_data_free (ZonaChartData *data)
{
  if (data == NULL)
    return;
  g_free (data->title);
  g_free (data->unit);
  g_free (data->caption);
  g_free (data->alt_text);
  g_ptr_array_unref (data->categories);
  g_ptr_array_unref (data->series);
  g_free (data);
}

gboolean
zona_chart_data_equal (const ZonaChartData *a,
                       const ZonaChartData *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;
  if (a->kind != b->kind || g_strcmp0 (a->title, b->title) != 0
      || g_strcmp0 (a->unit, b->unit) != 0 || g_strcmp0 (a->caption, b->caption) != 0
      || g_strcmp0 (a->alt_text, b->alt_text) != 0
      || a->categories->len != b->categories->len || a->series->len != b->series->len)
    return FALSE;
  for (guint i = 0; i < a->categories->len; i++)
    if (!g_str_equal (g_ptr_array_index (a->categories, i), g_ptr_array_index (b->categories, i)))
      return FALSE;
  for (guint i = 0; i < a->series->len; i++)
    {
      const ZonaChartSeries *sa = g_ptr_array_index (a->series, i);
      const ZonaChartSeries *sb = g_ptr_array_index (b->series, i);

      if (!g_str_equal (sa->name, sb->name) || sa->values->len != sb->values->len)
        return FALSE;
      for (guint j = 0; j < sa->values->len; j++)
        {
          double va = g_array_index (sa->values, double, j);
          double vb = g_array_index (sb->values, double, j);
          if (!(va == vb || (isnan (va) && isnan (vb))))
            return FALSE;
        }
    }
  return TRUE;
}

void
zona_chart_data_add_category (ZonaChartData *data,
                              const char    *label)
{
  g_return_if_fail (data != NULL);

  g_ptr_array_add (data->categories, g_strdup (label ? label : ""));
}

ZonaChartSeries *
zona_chart_data_add_series (ZonaChartData *data,
                            const char    *name,
                            const double  *values,
                            guint          n_values)
{
  ZonaChartSeries *series;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (values != NULL || n_values == 0, NULL);

  series = g_new0 (ZonaChartSeries, 1);
  series->name = g_strdup (name ? name : "");
  series->values = g_array_sized_new (FALSE, FALSE, sizeof (double), n_values);
  if (n_values > 0)
    g_array_append_vals (series->values, values, n_values);
  g_ptr_array_add (data->series, series);
  return series;
}

double
zona_chart_data_get_value (const ZonaChartData *data,
                           guint                series,
                           guint                category)
{
  const ZonaChartSeries *s;

  g_return_val_if_fail (data != NULL, NAN);

  if (series >= data->series->len)
    return NAN;
  s = g_ptr_array_index (data->series, series);
  if (category >= s->values->len)
    return NAN;
  return g_array_index (s->values, double, category);
}

guint
zona_chart_data_get_n_categories (const ZonaChartData *data)
{
  guint n;

  g_return_val_if_fail (data != NULL, 0);

  n = data->categories->len;
  for (guint i = 0; i < data->series->len; i++)
    n = MAX (n, ((const ZonaChartSeries *) g_ptr_array_index (data->series, i))->values->len);
  return n;
}

/* ---- from the plan ------------------------------------------------------ */

static const ZonaDataColumn *
find_column (const ZonaTableContents *contents,
             gint64                   column_id,
             guint                   *index)
{
  for (guint i = 0; i < contents->columns->len; i++)
    {
      const ZonaDataColumn *c = g_ptr_array_index (contents->columns, i);
      if (c->id == column_id)
        {
          *index = i;
          return c;
        }
    }
  return NULL;
}

/* The unit the series columns share, or NULL. */
static const char *
shared_unit (GPtrArray *columns)
{
  const char *unit = NULL;
  gboolean same = TRUE, all_pct = columns->len > 0, all_money = columns->len > 0;

  for (guint i = 0; i < columns->len; i++)
    {
      const ZonaDataColumn *c = g_ptr_array_index (columns, i);

      all_pct = all_pct && c->type == ZONA_COLUMN_PERCENTAGE;
      all_money = all_money && c->type == ZONA_COLUMN_MONEY;
      if (i == 0)
        unit = c->unit;
      else if (g_strcmp0 (unit, c->unit) != 0)
        same = FALSE;
    }
  if (same && !is_blank (unit))
    return unit;
  if (all_pct)
    return "%";
  if (all_money)
    return "€";
  return NULL;
}

ZonaChartData *
zona_chart_data_from_table (ZonaStore  *store,
                            gint64      chart_id,
                            GError    **error)
{
  g_autoptr(ZonaChart) chart = NULL;
  g_autoptr(ZonaTableContents) contents = NULL;
  g_autoptr(GPtrArray) columns = g_ptr_array_new ();   /* (element-type ZonaDataColumn) */
  g_autoptr(GArray) indexes = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(ZonaChartData) data = NULL;
  g_autofree char *caption = NULL;
  int label_index = -1;
  guint n_rows = 0;

  g_return_val_if_fail (ZONA_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  chart = zona_plan_data_get_chart (store, chart_id);
  if (chart != NULL)
    contents = zona_plan_data_get_table_contents (store, chart->table_id);
  if (chart == NULL || contents == NULL)
    {
      g_set_error_literal (error, ZONA_CHART_ERROR, ZONA_CHART_ERROR_NOT_FOUND,
                           _("The chart or its table no longer exists"));
      return NULL;
    }

  for (guint i = 0; i < contents->columns->len; i++)
    {
      const ZonaDataColumn *c = g_ptr_array_index (contents->columns, i);
      if (c->position == chart->label_column)
        label_index = (int) i;
    }

  if (chart->series != NULL && chart->series->len > 0)
    {
      for (guint i = 0; i < chart->series->len; i++)
        {
          guint index;
          const ZonaDataColumn *c = find_column (contents, g_array_index (chart->series, gint64, i),
                                                 &index);
          if (c == NULL)
            continue;
          g_ptr_array_add (columns, (gpointer) c);
          g_array_append_val (indexes, index);
        }
    }
  else
    {
      /* No series chosen yet: every numeric column but the labels. */
      for (guint i = 0; i < contents->columns->len; i++)
        {
          const ZonaDataColumn *c = g_ptr_array_index (contents->columns, i);
          if ((int) i == label_index || c->type == ZONA_COLUMN_TEXT)
            continue;
          g_ptr_array_add (columns, (gpointer) c);
          g_array_append_val (indexes, i);
        }
    }

  if (!is_blank (chart->caption))
    caption = g_strdup (chart->caption);
  else if (!is_blank (contents->table->source))
    caption = g_strdup_printf ("Fonte: %s", contents->table->source);   /* document text */

  data = zona_chart_data_new (chart->kind,
                              !is_blank (chart->title) ? chart->title : contents->table->title,
                              !is_blank (chart->unit) ? chart->unit : shared_unit (columns),
                              caption);
  data->alt_text = dup_or_null (chart->alt_text);

  for (guint i = 0; i < contents->rows->len; i++)
    {
      const ZonaDataRow *row = g_ptr_array_index (contents->rows, i);
      const char *label;
      g_autofree char *number = NULL;

      if (row->is_total)
        continue;
      label = label_index >= 0 && row->cells != NULL && (guint) label_index < row->cells->len
              ? g_ptr_array_index (row->cells, label_index) : NULL;
      if (label_index < 0)
        number = g_strdup_printf ("%u", n_rows + 1);
      {
        g_autofree char *stripped = g_strstrip (g_strdup (number ? number : label ? label : ""));
        zona_chart_data_add_category (data, stripped);
      }
      n_rows++;
    }

  for (guint s = 0; s < columns->len; s++)
    {
      const ZonaDataColumn *c = g_ptr_array_index (columns, s);
      guint index = g_array_index (indexes, guint, s);
      ZonaChartSeries *series = zona_chart_data_add_series (data, c->name, NULL, 0);

      for (guint i = 0; i < contents->rows->len; i++)
        {
          const ZonaDataRow *row = g_ptr_array_index (contents->rows, i);
          const char *cell;
          double v;

          if (row->is_total)
            continue;
          cell = row->cells != NULL && index < row->cells->len
                 ? g_ptr_array_index (row->cells, index) : NULL;
          if (cell == NULL || !zona_value_parse_number (cell, &v))
            v = NAN;
          g_array_append_val (series->values, v);
        }
    }

  return g_steal_pointer (&data);
}

/* ---- alternative text --------------------------------------------------- */

static const char *
kind_words (ZonaChartKind kind)
{
  /* Document text: not translated (see the top of the file). */
  switch (kind)
    {
    case ZONA_CHART_BAR: return "Grafico a barre";
    case ZONA_CHART_HBAR: return "Grafico a barre orizzontali";
    case ZONA_CHART_GROUPED_BAR: return "Grafico a barre affiancate";
    case ZONA_CHART_STACKED_BAR: return "Grafico a barre sovrapposte";
    case ZONA_CHART_LINE: return "Grafico a linee";
    case ZONA_CHART_PIE: return "Grafico a torta";
    case ZONA_CHART_DONUT: return "Grafico ad anello";
    case ZONA_CHART_PYRAMID: return "Piramide";
    default: return "Grafico";
    }
}

static void
append_value (GString    *out,
              double      value,
              const char *unit)
{
  g_autofree char *number = zona_chart_format_number (value, -1);

  g_string_append (out, number);
  if (unit != NULL && !isnan (value))
    {
      g_string_append_c (out, ' ');
      g_string_append (out, unit);
    }
}

char *
zona_chart_alt_text (const ZonaChartData *data)
{
  g_autoptr(GString) out = g_string_new (NULL);
  guint n_cat, n_ser, listed = 0, total;
  guint c;

  g_return_val_if_fail (data != NULL, NULL);

  n_cat = zona_chart_data_get_n_categories (data);
  n_ser = data->series->len;
  /* Pies and donuts show the first series only. */
  if (data->kind == ZONA_CHART_PIE || data->kind == ZONA_CHART_DONUT)
    n_ser = MIN (n_ser, 1);
  total = n_cat * n_ser;

  g_string_append (out, data->title ? data->title : kind_words (data->kind));
  if (total == 0)
    {
      g_string_append (out, ": nessun dato.");
      return g_string_free (g_steal_pointer (&out), FALSE);
    }
  g_string_append (out, ": ");

  for (c = 0; c < n_cat; c++)
    {
      const char *label = c < data->categories->len ? g_ptr_array_index (data->categories, c) : "";
      gsize before = out->len;

      if ((listed > 0 && listed + n_ser > ALT_MAX_VALUES) || out->len > ALT_MAX_BYTES)
        break;
      if (c > 0)
        g_string_append (out, n_ser > 1 ? "; " : ", ");
      if (*label != '\0')
        g_string_append (out, label);
      if (n_ser == 1)
        {
          if (*label != '\0')
            g_string_append_c (out, ' ');
          append_value (out, zona_chart_data_get_value (data, 0, c), data->unit);
        }
      else
        {
          if (*label != '\0')
            g_string_append (out, ": ");
          for (guint s = 0; s < n_ser; s++)
            {
              const ZonaChartSeries *series = g_ptr_array_index (data->series, s);
              if (s > 0)
                g_string_append (out, ", ");
              if (*series->name != '\0')
                {
                  g_string_append (out, series->name);
                  g_string_append_c (out, ' ');
                }
              append_value (out, zona_chart_data_get_value (data, s, c), data->unit);
            }
        }
      listed += n_ser;
      if (out->len > ALT_MAX_BYTES + 400 && c > 0)
        {
          /* one category with very long labels: leave it out */
          g_string_truncate (out, before);
          listed -= n_ser;
          break;
        }
    }

  if (listed < total)
    {
      guint rest = total - listed;
      if (rest == 1)
        g_string_append (out, " … e un altro valore");
      else
        g_string_append_printf (out, " … e altri %u valori", rest);
    }
  g_string_append_c (out, '.');
  return g_string_free (g_steal_pointer (&out), FALSE);
}
