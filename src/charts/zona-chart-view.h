/* zona-chart-view.h: a chart on screen, drawn by the same renderer as the exports
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "charts/zona-chart.h"

G_BEGIN_DECLS

#define ZONA_TYPE_CHART_VIEW (zona_chart_view_get_type ())
G_DECLARE_FINAL_TYPE (ZonaChartView, zona_chart_view, ZONA, CHART_VIEW, GtkWidget)

GtkWidget           *zona_chart_view_new      (void);
/* Copies @data (NULL: nothing to draw). The accessible description becomes the
 * data's alternative text, or the generated one (zona_chart_alt_text ()). */
void                 zona_chart_view_set_data (ZonaChartView       *self,
                                               const ZonaChartData *data);
const ZonaChartData *zona_chart_view_get_data (ZonaChartView       *self);

G_END_DECLS
