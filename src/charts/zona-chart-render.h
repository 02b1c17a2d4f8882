/* zona-chart-render.h: one cairo renderer for the screen, the exports and the tests
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * zona_chart_layout () works out everything to draw (axes, bars, points,
 * wedges, legend and every label, with their places) from the data, a size
 * and a style; zona_chart_paint () draws that layout on any cairo context.
 * Neither asks a widget for anything: colours and fonts come in the style.
 *
 * Coordinates are cairo user units with (0, 0) at the top left: pixels on
 * screen, points in SVG and PDF. The exports draw the print style; PNG draws
 * the same picture as the SVG, scaled by dpi / 72.
 */
#pragma once

#include <cairo.h>
#include <gio/gio.h>
#include <pango/pango.h>

#include "charts/zona-chart.h"

G_BEGIN_DECLS

typedef struct {
  double red, green, blue, alpha;   /* 0..1 */
} ZonaChartColor;

typedef struct {
  ZonaChartColor  foreground;       /* text and axes */
  ZonaChartColor  background;       /* behind the chart, and between touching shapes */
  ZonaChartColor  grid;             /* tick lines */
  const char     *font_family;      /* NULL: “Sans”; copied by zona_chart_layout () */
  double          font_size;        /* body text in user units; everything else scales with it */
  gboolean        dark;             /* dark background: the palette is lightened */
  gboolean        fill_background;  /* paint the background (exports); FALSE on screen */
} ZonaChartStyle;

/* Black on white, “Liberation Sans” 9 pt (as the ODF export), background filled. */
ZonaChartStyle  zona_chart_style_print        (void);
/* Okabe–Ito: orange, sky blue, bluish green, yellow, blue, vermillion, reddish
 * purple, black (light grey on dark styles); past 8 series, the same colours
 * lightened, then darkened. */
ZonaChartColor  zona_chart_style_series_color (const ZonaChartStyle *style,
                                               guint                 index);

typedef struct {
  double x, y, width, height;
} ZonaChartRect;

typedef enum {
  ZONA_CHART_LABEL_TITLE,
  ZONA_CHART_LABEL_CAPTION,
  ZONA_CHART_LABEL_NOTE,            /* “Nessun dato”, values left out */
  ZONA_CHART_LABEL_UNIT,
  ZONA_CHART_LABEL_TICK,
  ZONA_CHART_LABEL_CATEGORY,
  ZONA_CHART_LABEL_LEGEND,
  ZONA_CHART_LABEL_VALUE,
} ZonaChartLabelRole;

typedef struct {
  ZonaChartLabelRole  role;
  char               *text;         /* as given; what is drawn may end in “…” */
  ZonaChartRect       rect;         /* the box it is drawn in, in chart coordinates */
  gboolean            rotated;      /* reads from bottom to top */
  gboolean            ellipsized;
  int                 series;       /* -1 when about no single series */
  int                 category;     /* -1 when about no single category */
  ZonaChartColor      color;
  /*< private >*/
  PangoLayout        *pango;
  double              offset_x, offset_y;
  gboolean            halo;
} ZonaChartLabel;

/* A bar, a stacked segment or a pyramid bar. */
typedef struct {
  int            series;
  int            category;
  double         value;             /* its own value (a segment's, not the stack's) */
  ZonaChartRect  rect;
  ZonaChartColor color;
} ZonaChartBar;

typedef struct {
  int     series;
  int     category;
  double  value;
  double  x, y;
} ZonaChartPoint;

typedef struct {
  int            category;          /* -1: “Altri”, the smallest categories together */
  double         value;
  double         start_angle;       /* radians as in cairo_arc (): 0 at 3 o'clock, clockwise */
  double         end_angle;
  ZonaChartColor color;
} ZonaChartWedge;

typedef struct {
  double value;
  double position;                  /* x on a horizontal value axis, y on a vertical one */
} ZonaChartTick;

typedef struct {
  ZonaChartRect  swatch;
  ZonaChartColor color;
  int            series;            /* pies: the wedge index */
  gboolean       line;              /* a line sample rather than a box */
} ZonaChartLegendEntry;

/* Read-only for callers. */
typedef struct {
  ZonaChartKind   kind;
  double          width;
  double          height;
  gboolean        empty;            /* nothing to plot: a note says so */
  gboolean        horizontal;       /* the value axis runs left to right (HBAR, PYRAMID) */
  ZonaChartRect   plot;             /* the data area of charts with axes */
  double          axis_min;         /* value axis; a pyramid's runs 0..max on both sides */
  double          axis_max;
  double          zero;             /* where value 0 is on the value axis (pyramid: left half) */
  double          zero_right;       /* pyramid: where 0 is on the right half */
  GArray         *ticks;            /* (element-type ZonaChartTick), pyramid: both halves */
  GArray         *bars;             /* (element-type ZonaChartBar) */
  GArray         *points;           /* (element-type ZonaChartPoint) by series, then category;
                                       NAN left out */
  GArray         *wedges;           /* (element-type ZonaChartWedge) */
  double          cx, cy;           /* pie centre */
  double          radius;
  double          inner_radius;     /* donut hole; 0 for pies */
  GArray         *legend;           /* (element-type ZonaChartLegendEntry) */
  GPtrArray      *labels;           /* (element-type ZonaChartLabel) */
  guint           n_excluded;       /* pies: negative values left out */
  guint           category_step;    /* every category labelled (1) or every n-th */
  /*< private >*/
  ZonaChartStyle  style;
  char           *font_family;
  PangoContext   *context;
  PangoFontDescription *font_body;
  PangoFontDescription *font_small;
  PangoFontDescription *font_title;
  PangoFontDescription *font_tiny;
  PangoFontDescription *font_value;   /* font_small or font_tiny, not owned */
  PangoLayout    *scratch;
  GArray         *obstacles;
  double          em;
  double          line_h;
  double          line_h_tiny;
  int             decimals;
  double          line_width;
} ZonaChartLayout;

ZonaChartLayout *zona_chart_layout      (const ZonaChartData   *data,
                                         double                 width,
                                         double                 height,
                                         const ZonaChartStyle  *style);
void             zona_chart_layout_free (ZonaChartLayout       *layout);
void             zona_chart_paint       (cairo_t               *cr,
                                         const ZonaChartLayout *layout);
/* zona_chart_layout () and zona_chart_paint () in one go. */
void             zona_chart_render      (cairo_t               *cr,
                                         double                 width,
                                         double                 height,
                                         const ZonaChartData   *data,
                                         const ZonaChartStyle  *style);

/* Exports, in the print style. PNG: exactly @width_px × @height_px; text and
 * lines grow with @dpi (9 pt text is 12 px at 96 dpi, 18,75 px at 150 dpi): the
 * picture is the SVG's of width_px × 72 / dpi points. SVG and PDF: sizes in
 * points. The stream is written, not closed. */
gboolean  zona_chart_write_png       (const ZonaChartData  *data,
                                      GOutputStream        *stream,
                                      int                   width_px,
                                      int                   height_px,
                                      double                dpi,
                                      GError              **error);
gboolean  zona_chart_write_svg       (const ZonaChartData  *data,
                                      GOutputStream        *stream,
                                      double                width_pt,
                                      double                height_pt,
                                      GError              **error);
gboolean  zona_chart_write_pdf       (const ZonaChartData  *data,
                                      GOutputStream        *stream,
                                      double                width_pt,
                                      double                height_pt,
                                      GError              **error);

typedef enum {
  ZONA_CHART_FORMAT_PNG,
  ZONA_CHART_FORMAT_SVG,
  ZONA_CHART_FORMAT_PDF,
} ZonaChartFormat;

/* Writes a file (replacing it only when complete). @width and @height are
 * pixels for PNG (then @dpi counts), points otherwise. */
gboolean  zona_chart_write_file      (const ZonaChartData  *data,
                                      const char           *path,
                                      ZonaChartFormat       format,
                                      double                width,
                                      double                height,
                                      double                dpi,
                                      GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ZonaChartLayout, zona_chart_layout_free)

G_END_DECLS
