/* zona-chart.h: the numbers a chart shows, taken from a plan's chart and table
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * ZonaChartData is what the renderer (zona-chart-render.h), the widget
 * (zona-chart-view.h) and the exports draw: plain numbers, already parsed from
 * the table's typed text, with one label per category and one name per series.
 */
#pragma once

#include <glib-object.h>

#include "model/zona-store.h"
#include "model/zona-plan-data.h"

G_BEGIN_DECLS

#define ZONA_CHART_ERROR (zona_chart_error_quark ())

typedef enum {
  ZONA_CHART_ERROR_NOT_FOUND,   /* no such chart, or its table is gone */
  ZONA_CHART_ERROR_WRITE,       /* an image could not be written */
} ZonaChartError;

GQuark zona_chart_error_quark (void);

typedef struct {
  char   *name;
  GArray *values;               /* (element-type double): one per category, NAN when missing */
} ZonaChartSeries;

typedef struct {
  ZonaChartKind  kind;
  char          *title;         /* NULL when none */
  char          *unit;          /* “%”, “€”, “ab.”; NULL when none */
  char          *caption;       /* drawn under the chart; NULL when none */
  char          *alt_text;      /* written by the user; NULL: zona_chart_alt_text () describes it */
  GPtrArray     *categories;    /* (element-type utf8) */
  GPtrArray     *series;        /* (element-type ZonaChartSeries) */
} ZonaChartData;

#define ZONA_TYPE_CHART_DATA (zona_chart_data_get_type ())

GType            zona_chart_data_get_type     (void) G_GNUC_CONST;

ZonaChartData   *zona_chart_data_new          (ZonaChartKind        kind,
                                               const char          *title,
                                               const char          *unit,
                                               const char          *caption);
ZonaChartData   *zona_chart_data_copy         (const ZonaChartData *data);
void             zona_chart_data_free         (ZonaChartData       *data);
/* Same kind, texts, categories and values (NAN equals NAN). */
gboolean         zona_chart_data_equal        (const ZonaChartData *a,
                                               const ZonaChartData *b);

void             zona_chart_data_add_category (ZonaChartData       *data,
                                               const char          *label);
/* Copies @n_values doubles (NAN: missing). The series may be shorter or longer
 * than the categories: readers see NAN past either end. */
ZonaChartSeries *zona_chart_data_add_series   (ZonaChartData       *data,
                                               const char          *name,
                                               const double        *values,
                                               guint                n_values);
/* NAN when @series or @category is out of range. */
double           zona_chart_data_get_value    (const ZonaChartData *data,
                                               guint                series,
                                               guint                category);
/* The longer of the categories and the longest series. */
guint            zona_chart_data_get_n_categories (const ZonaChartData *data);

/* Builds the data of chart @chart_id from its table: one category per row that
 * is not a total row, labelled by the chart's label column (the row number when
 * it has none); one series per series column (every numeric column but the
 * label column when the chart names none). Cells are parsed with
 * zona_value_parse_number (): “1.234,5”, “853.655,04 €”, “12,1%”, “- €” (zero);
 * empty cells and text such as “n.p.” become NAN. The unit is the chart's, else
 * the one its series columns share (“%” for percentages, “€” for money); the
 * caption is the chart's, else “Fonte: …” from the table's source. */
ZonaChartData   *zona_chart_data_from_table   (ZonaStore           *store,
                                               gint64               chart_id,
                                               GError             **error);

/* An Italian description of the data, for screen readers and the document's
 * alternative text: “Popolazione per fascia d'età, 2023: 0-14 anni 12,1 %, …”.
 * Long data is cut after a few dozen values: “… e altri 975 valori.” */
char            *zona_chart_alt_text          (const ZonaChartData *data);

/* Italian figures: decimal comma, thousands dots (“1.234.567,5”). @decimals < 0
 * picks up to 2 (more for tiny values); NAN gives “n.d.”. */
char            *zona_chart_format_number     (double               value,
                                               int                  decimals);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ZonaChartData, zona_chart_data_free)

G_END_DECLS
