/* zona-chart-render.c: one cairo renderer for the screen, the exports and the tests
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The layout is computed once, without a cairo context: text is measured with
 * a private Pango context whose metrics are not hinted, so the same layout
 * paints identically at any scale (screen, HiDPI, PNG, SVG, PDF).
 *
 * Every label goes through label_fits (): inside the chart, clear of every
 * label already placed and of the legend's swatches. A label that does not fit
 * is abbreviated (“1,2 mln”), ellipsized (“Casalmag…”) or left out.
 *
 * The words drawn in charts (“Nessun dato”, “Altri”, “Totale”) are Italian on
 * purpose, like those of the ODF export: charts are figures of an Italian
 * document whatever the language of the user interface. Only messages for the
 * user (errors) are translated.
 */
#define G_LOG_DOMAIN "zona-charts"

#include "config.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib/gi18n.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "charts/zona-chart-render.h"

#define EPS 0.01
#define PIE_MAX_WEDGES 8

/* ---- style -------------------------------------------------------------- */

static const guint32 palette_light[8] = {
  0xE69F00, 0x56B4E9, 0x009E73, 0xF0E442, 0x0072B2, 0xD55E00, 0xCC79A7, 0x000000,
};

/* On dark backgrounds: blue and vermillion lightened, black turned light grey. */
static const guint32 palette_dark[8] = {
  0xE69F00, 0x56B4E9, 0x009E73, 0xF0E442, 0x2C84C8, 0xEC6A1C, 0xCC79A7, 0xD8D8D8,
};

static ZonaChartColor
color_rgb (guint32 rgb)
{
  return (ZonaChartColor) { ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0,
                            (rgb & 0xff) / 255.0, 1.0 };
}

static ZonaChartColor
color_mix (ZonaChartColor a,
           ZonaChartColor b,
           double         t)
{
  return (ZonaChartColor) { a.red + (b.red - a.red) * t, a.green + (b.green - a.green) * t,
                            a.blue + (b.blue - a.blue) * t, a.alpha + (b.alpha - a.alpha) * t };
}

static ZonaChartColor
color_alpha (ZonaChartColor c,
             double         alpha)
{
  c.alpha *= alpha;
  return c;
}

/* WCAG relative luminance */
static double
color_luminance (ZonaChartColor c)
{
  double v[3] = { c.red, c.green, c.blue };

  for (int i = 0; i < 3; i++)
    v[i] = v[i] <= 0.03928 ? v[i] / 12.92 : pow ((v[i] + 0.055) / 1.055, 2.4);
  return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
}

/* Text drawn on a filled shape: near-black or white, whichever contrasts more. */
static ZonaChartColor
color_on (ZonaChartColor fill)
{
  double l = color_luminance (fill);
  ZonaChartColor dark = color_rgb (0x1a1a1a);
  double dark_l = color_luminance (dark);

  return (l + 0.05) / (dark_l + 0.05) >= 1.05 / (l + 0.05) ? dark : color_rgb (0xffffff);
}

static void
set_source (cairo_t        *cr,
            ZonaChartColor  c)
{
  cairo_set_source_rgba (cr, c.red, c.green, c.blue, c.alpha);
}

ZonaChartStyle
zona_chart_style_print (void)
{
  ZonaChartStyle style = {
    .foreground = { 0.0, 0.0, 0.0, 1.0 },
    .background = { 1.0, 1.0, 1.0, 1.0 },
    .grid = { 0.82, 0.82, 0.82, 1.0 },
    .font_family = "Liberation Sans",
    .font_size = 9.0,
    .dark = FALSE,
    .fill_background = TRUE,
  };
  return style;
}

ZonaChartColor
zona_chart_style_series_color (const ZonaChartStyle *style,
                               guint                 index)
{
  gboolean dark = style != NULL && style->dark;
  ZonaChartColor base = color_rgb ((dark ? palette_dark : palette_light)[index % 8]);
  ZonaChartColor white = { 1, 1, 1, 1 }, black = { 0, 0, 0, 1 };

  /* the second round contrasts more with the background, the third less */
  switch ((index / 8) % 3)
    {
    case 1:
      /* black (light grey on dark) has no darker (lighter) shade: the other way */
      if (dark)
        return color_luminance (base) > 0.6 ? color_mix (base, black, 0.45)
                                            : color_mix (base, white, 0.45);
      return color_luminance (base) < 0.05 ? color_mix (base, white, 0.55)
                                           : color_mix (base, black, 0.4);
    case 2:
      return dark ? color_mix (base, black, 0.35) : color_mix (base, white, 0.5);
    default:
      return base;
    }
}

/* ---- numbers in labels -------------------------------------------------- */

/* Italian figures with a real minus sign. */
static char *
label_number (double value,
              int    decimals)
{
  g_autofree char *s = zona_chart_format_number (value, decimals);

  if (s[0] == '-')
    return g_strconcat ("−", s + 1, NULL);
  return g_steal_pointer (&s);
}

static int
value_decimals (double value)
{
  /* What zona_chart_format_number () would pick, at most 2. */
  double a = fabs (value);

  for (int d = 0; d < 2; d++)
    {
      double p = pow (10, d);
      if (fabs (round (value * p) / p - value) <= 1e-9 * MAX (1.0, a))
        return d;
    }
  return 2;
}

static gboolean
unit_is_percent (const char *unit)
{
  return unit != NULL && g_str_equal (unit, "%");
}

/* “15.127”, “12,1 %”: with the decimals of the chart's most precise value,
 * so that “53.169,00” and “371.681,72” line up. */
static char *
value_text (const ZonaChartLayout *L,
            double                 value,
            const char            *unit)
{
  g_autofree char *n = label_number (value, L->decimals);

  return unit_is_percent (unit) ? g_strconcat (n, " %", NULL) : g_steal_pointer (&n);
}

/* “15,1 mila”, “1,2 mln”: for labels that do not fit in full. */
static char *
value_text_short (double      value,
                  const char *unit)
{
  double a = fabs (value);
  const char *word = NULL;
  double div = 1;
  g_autofree char *n = NULL;

  if (a >= 1e9)
    div = 1e9, word = " mld";
  else if (a >= 1e6)
    div = 1e6, word = " mln";
  else if (a >= 1e4)
    div = 1e3, word = " mila";
  n = label_number (value / div, MIN (value_decimals (value / div), a >= 100 * div ? 0 : 1));
  return g_strconcat (n, word ? word : "", unit_is_percent (unit) ? " %" : "", NULL);
}

/* ---- text --------------------------------------------------------------- */

static PangoContext *
make_context (void)
{
  PangoFontMap *map = pango_cairo_font_map_get_default ();
  PangoContext *context = pango_font_map_create_context (map);
  cairo_font_options_t *options = cairo_font_options_create ();

  /* Unhinted metrics: text measures the same at every scale. */
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (context, options);
  cairo_font_options_destroy (options);
  pango_context_set_round_glyph_positions (context, FALSE);
  pango_context_set_language (context, pango_language_from_string ("it"));
  return context;
}

static PangoFontDescription *
make_font (const char  *family,
           double       size,
           PangoWeight  weight,
           PangoStyle   slant)
{
  PangoFontDescription *font = pango_font_description_new ();

  pango_font_description_set_family (font, family);
  pango_font_description_set_absolute_size (font, MAX (size, 0.5) * PANGO_SCALE);
  pango_font_description_set_weight (font, weight);
  pango_font_description_set_style (font, slant);
  return font;
}

/* Valid UTF-8; one line unless @multi_line. */
static char *
clean_text (const char *text,
            gboolean    multi_line)
{
  char *s = g_utf8_make_valid (text ? text : "", -1);

  for (char *p = s; *p; p++)
    if ((guchar) *p < 0x20 && !(multi_line && *p == '\n'))
      *p = ' ';
  return s;
}

static void
label_free (gpointer data)
{
  ZonaChartLabel *label = data;

  if (label == NULL)
    return;
  g_free (label->text);
  g_clear_object (&label->pango);
  g_free (label);
}

/* A label not placed yet: its size is known, its position is (0, 0).
 * @max_width > 0 ellipsizes it to that width (of the text, rotated or not);
 * @max_lines > 1 wraps it first, lines centred when @centred. */
static ZonaChartLabel *
label_new_full (ZonaChartLayout      *L,
                ZonaChartLabelRole    role,
                const char           *text,
                PangoFontDescription *font,
                double                max_width,
                int                   max_lines,
                gboolean              rotated,
                PangoEllipsizeMode    ellipsize,
                gboolean              centred)
{
  ZonaChartLabel *label = g_new0 (ZonaChartLabel, 1);
  g_autofree char *clean = clean_text (text, max_lines > 1);
  PangoRectangle logical;
  double w, h;

  label->role = role;
  label->text = g_strdup (text ? text : "");
  label->rotated = rotated;
  label->series = -1;
  label->category = -1;
  label->color = L->style.foreground;
  label->pango = pango_layout_new (L->context);
  pango_layout_set_font_description (label->pango, font);
  if (max_lines > 1)
    {
      pango_layout_set_wrap (label->pango, PANGO_WRAP_WORD_CHAR);
      pango_layout_set_height (label->pango, -max_lines);
    }
  else
    pango_layout_set_single_paragraph_mode (label->pango, TRUE);
  if (max_width > 0)
    {
      pango_layout_set_width (label->pango, (int) MAX (1, floor (max_width * PANGO_SCALE)));
      pango_layout_set_ellipsize (label->pango, ellipsize);
    }
  if (centred)
    pango_layout_set_alignment (label->pango, PANGO_ALIGN_CENTER);
  pango_layout_set_text (label->pango, clean, -1);
  pango_layout_get_extents (label->pango, NULL, &logical);
  label->ellipsized = pango_layout_is_ellipsized (label->pango);
  w = (double) logical.width / PANGO_SCALE;
  h = (double) logical.height / PANGO_SCALE;
  label->offset_x = (double) logical.x / PANGO_SCALE;
  label->offset_y = (double) logical.y / PANGO_SCALE;
  label->rect.width = rotated ? h : w;
  label->rect.height = rotated ? w : h;
  return label;
}

static ZonaChartLabel *
label_new (ZonaChartLayout      *L,
           ZonaChartLabelRole    role,
           const char           *text,
           PangoFontDescription *font,
           double                max_width,
           int                   max_lines,
           gboolean              rotated)
{
  return label_new_full (L, role, text, font, max_width, max_lines, rotated,
                         PANGO_ELLIPSIZE_END, FALSE);
}

/* The natural width of @text in @font, measured with one reused layout. */
static double
text_width (ZonaChartLayout      *L,
            const char           *text,
            PangoFontDescription *font)
{
  g_autofree char *clean = clean_text (text, FALSE);
  PangoRectangle logical;

  pango_layout_set_font_description (L->scratch, font);
  pango_layout_set_text (L->scratch, clean, -1);
  pango_layout_get_extents (L->scratch, NULL, &logical);
  return (double) logical.width / PANGO_SCALE;
}

static gboolean
rect_overlaps (const ZonaChartRect *a,
               const ZonaChartRect *b)
{
  return a->x < b->x + b->width - EPS && b->x < a->x + a->width - EPS
         && a->y < b->y + b->height - EPS && b->y < a->y + a->height - EPS;
}

static gboolean
rect_inside (const ZonaChartLayout *L,
             const ZonaChartRect   *r)
{
  return r->x >= -EPS && r->y >= -EPS
         && r->x + r->width <= L->width + EPS && r->y + r->height <= L->height + EPS;
}

static gboolean
label_fits (const ZonaChartLayout *L,
            const ZonaChartLabel  *label)
{
  if (!rect_inside (L, &label->rect))
    return FALSE;
  for (guint i = 0; i < L->labels->len; i++)
    if (rect_overlaps (&label->rect, &((ZonaChartLabel *) g_ptr_array_index (L->labels, i))->rect))
      return FALSE;
  for (guint i = 0; i < L->obstacles->len; i++)
    if (rect_overlaps (&label->rect, &g_array_index (L->obstacles, ZonaChartRect, i)))
      return FALSE;
  return TRUE;
}

/* Places @label at (@x, @y) if it fits there; it is then owned by the layout.
 * Returns FALSE, keeping @label, when it does not fit. */
static gboolean
label_try (ZonaChartLayout *L,
           ZonaChartLabel  *label,
           double           x,
           double           y)
{
  label->rect.x = x;
  label->rect.y = y;
  if (!label_fits (L, label))
    return FALSE;
  g_ptr_array_add (L->labels, label);
  return TRUE;
}

/* label_try (), and the label is freed when it does not fit. */
static gboolean
label_place (ZonaChartLayout *L,
             ZonaChartLabel  *label,
             double           x,
             double           y)
{
  if (label_try (L, label, x, y))
    return TRUE;
  label_free (label);
  return FALSE;
}

static void
add_note (ZonaChartLayout     *L,
          const char          *text,
          const ZonaChartRect *area)
{
  ZonaChartLabel *label = label_new (L, ZONA_CHART_LABEL_NOTE, text, L->font_body,
                                     MAX (area->width, 1), 2, FALSE);

  label->color = color_alpha (L->style.foreground, 0.7);
  label_place (L, label, area->x + MAX (0, (area->width - label->rect.width) / 2),
               area->y + MAX (0, (area->height - label->rect.height) / 2));
}

/* ---- scales ------------------------------------------------------------- */

typedef struct {
  double amin, amax, step;
  double divisor;                 /* 1, 1e6 (“mln”) or 1e9 (“mld”) */
  guint  n;                       /* ticks: amin + i × step for i < n */
} Scale;

/* A 1-2-5 step giving about @intervals intervals over [lo, hi]. */
static gboolean
nice_scale (double  lo,
            double  hi,
            int     intervals,
            Scale  *scale)
{
  double raw, mag, norm, s;

  if (!isfinite (lo) || !isfinite (hi))
    return FALSE;
  if (hi < lo)
    {
      double t = lo;
      lo = hi;
      hi = t;
    }
  if (hi - lo <= 1e-12 * MAX (1.0, MAX (fabs (lo), fabs (hi))))
    {
      double pad = lo == 0 ? 1 : fabs (lo) * 0.1;
      if (lo == 0)
        hi = 1;
      else if (lo > 0 && lo - pad < 0)
        hi += pad;
      else
        lo -= pad, hi += pad;
    }
  intervals = CLAMP (intervals, 1, 10);
  raw = (hi - lo) / intervals;
  if (!(raw > 0) || !isfinite (raw))
    return FALSE;
  mag = pow (10, floor (log10 (raw)));
  norm = raw / mag;
  s = norm <= 1 + 1e-9 ? 1 : norm <= 2 + 1e-9 ? 2 : norm <= 5 + 1e-9 ? 5 : 10;
  scale->step = s * mag;
  scale->amin = floor (lo / scale->step + 1e-9) * scale->step;
  scale->amax = ceil (hi / scale->step - 1e-9) * scale->step;
  if (scale->amax <= scale->amin)
    scale->amax = scale->amin + scale->step;
  if (!isfinite (scale->amin) || !isfinite (scale->amax) || scale->amax - scale->amin <= 0)
    return FALSE;
  scale->n = (guint) MIN (50, round ((scale->amax - scale->amin) / scale->step)) + 1;
  {
    double top = MAX (fabs (scale->amin), fabs (scale->amax));
    scale->divisor = top >= 1e9 ? 1e9 : top >= 1e6 ? 1e6 : 1;
  }
  return TRUE;
}

static double
scale_tick (const Scale *scale,
            guint        i)
{
  double v = scale->amin + i * scale->step;

  /* no “-0”, no 0.30000000000000004 */
  v = round (v / scale->step) * scale->step;
  return v == 0 ? 0 : v;
}

static char *
tick_text (const Scale *scale,
           double       value,
           const char  *unit)
{
  double step = scale->step / scale->divisor;
  int decimals = step >= 1 ? 0 : (int) ceil (-log10 (step) - 1e-9);
  g_autofree char *n = NULL;

  if (value == 0)
    return g_strdup (unit_is_percent (unit) ? "0 %" : "0");
  n = label_number (value / scale->divisor, CLAMP (decimals, 0, 10));
  return g_strconcat (n,
                      scale->divisor == 1e9 ? " mld" : scale->divisor == 1e6 ? " mln" : "",
                      unit_is_percent (unit) ? " %" : "", NULL);
}

static double
scale_max_tick_width (ZonaChartLayout *L,
                      const Scale     *scale,
                      const char      *unit)
{
  double w = 0;

  for (guint i = 0; i < scale->n; i++)
    {
      g_autofree char *t = tick_text (scale, scale_tick (scale, i), unit);
      w = MAX (w, text_width (L, t, L->font_small));
    }
  return w;
}

/* ---- legend ------------------------------------------------------------- */

/* Whether cutting name @i at the end, to @width, would leave it looking like
 * another of the first @n names: then it is cut in the middle, so that
 * “Fondo Nazionale Politiche Sociali - Covid” stays apart from “Fondo
 * Nazionale Politiche Sociali”. */
static gboolean
cut_alike (ZonaChartLayout *L,
           GPtrArray       *names,
           guint            n,
           guint            i,
           double           width)
{
  const char *a = g_ptr_array_index (names, i);

  if (text_width (L, a, L->font_body) <= width)
    return FALSE;
  for (guint j = 0; j < n; j++)
    {
      const char *b = g_ptr_array_index (names, j), *p = a, *q = b;
      g_autofree char *prefix = NULL;

      if (j == i)
        continue;
      while (*p && *p == *q)
        p++, q++;
      if (p == a)
        continue;
      prefix = g_utf8_make_valid (a, p - a);
      /* the shared start fills what an end cut keeps */
      if (text_width (L, prefix, L->font_body) >= width * 0.85)
        return TRUE;
    }
  return FALSE;
}

/* Entries in a grid at the top of @area (one column when @column), each a
 * swatch and an ellipsized name; what does not fit ends in “+N altre”.
 * Returns the height used. */
static double
layout_legend (ZonaChartLayout      *L,
               GPtrArray            *names,
               const ZonaChartColor *colors,
               const int            *ids,
               gboolean              line,
               const ZonaChartRect  *area,
               double                max_height,
               gboolean              column)
{
  double em = L->em, sw = em * 0.9, gap = em * 0.4, spacing = em * 1.2;
  double row_h = MAX (L->line_h, sw) * 1.2;
  double max_text = 0, cell_w, text_w;
  guint n = names->len, n_cols, n_rows, max_rows, shown;
  double x0 = area->x, y0 = area->y;

  if (n == 0 || area->width < sw + gap + em || max_height < row_h)
    return 0;
  for (guint i = 0; i < n; i++)
    max_text = MAX (max_text, text_width (L, g_ptr_array_index (names, i), L->font_body));
  cell_w = MIN (sw + gap + max_text, area->width);
  max_rows = MAX (1, (guint) floor (max_height / row_h));
  if (column)
    n_cols = 1;
  else
    {
      n_cols = MAX (1, (guint) floor ((area->width + spacing) / (cell_w + spacing)));
      if ((n + n_cols - 1) / n_cols > max_rows)
        {
          /* narrower cells, names ellipsized, down to about 7 em each */
          guint want = (n + max_rows - 1) / max_rows;
          double w = (area->width + spacing) / want - spacing;
          cell_w = MAX (w, MIN (cell_w, sw + gap + em * 7));
          n_cols = MAX (1, (guint) floor ((area->width + spacing) / (cell_w + spacing)));
        }
    }
  n_cols = MIN (n_cols, n);
  n_rows = MIN ((n + n_cols - 1) / n_cols, max_rows);
  shown = MIN (n, n_rows * n_cols);
  text_w = cell_w - sw - gap;
  if (column)
    y0 = area->y + MAX (0, (area->height - n_rows * row_h) / 2);

  for (guint i = 0; i < shown; i++)
    {
      guint row = column ? i : i / n_cols, col = column ? 0 : i % n_cols;
      double x = x0 + col * (cell_w + spacing), y = y0 + row * row_h;
      g_autofree char *more = NULL;
      ZonaChartLabel *label;
      ZonaChartLegendEntry entry = { { x, y + (row_h - sw) / 2, sw, sw }, colors[i], ids[i], line };

      if (i == shown - 1 && shown < n)
        {
          /* document text (see the top of the file) */
          more = g_strdup_printf ("+%u altre", n - shown + 1);
          label = label_new (L, ZONA_CHART_LABEL_LEGEND, more, L->font_body, cell_w, 1, FALSE);
          label->color = color_alpha (L->style.foreground, 0.75);
          label_place (L, label, x, y + (row_h - label->rect.height) / 2);
          break;
        }
      label = label_new_full (L, ZONA_CHART_LABEL_LEGEND, g_ptr_array_index (names, i),
                              L->font_body, text_w, 1, FALSE,
                              cut_alike (L, names, shown, i, text_w) ? PANGO_ELLIPSIZE_MIDDLE
                                                                     : PANGO_ELLIPSIZE_END,
                              FALSE);
      label->series = ids[i];
      if (!rect_inside (L, &entry.swatch)
          || !label_try (L, label, x + sw + gap, y + (row_h - label->rect.height) / 2))
        {
          label_free (label);
          continue;
        }
      g_array_append_val (L->legend, entry);
      g_array_append_val (L->obstacles, entry.swatch);
    }
  return n_rows * row_h;
}

static double
series_legend (ZonaChartLayout     *L,
               const ZonaChartData *d,
               guint                n_ser,
               gboolean             line,
               const ZonaChartRect *area)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autofree ZonaChartColor *colors = g_new (ZonaChartColor, MAX (n_ser, 1));
  g_autofree int *ids = g_new (int, MAX (n_ser, 1));

  for (guint s = 0; s < n_ser; s++)
    {
      g_ptr_array_add (names, ((ZonaChartSeries *) g_ptr_array_index (d->series, s))->name);
      colors[s] = zona_chart_style_series_color (&L->style, s);
      ids[s] = (int) s;
    }
  return layout_legend (L, names, colors, ids, line, area, area->height * 0.3, FALSE);
}

/* ---- value labels ------------------------------------------------------- */

/* A value label beside a bar's end (outside), else inside it, else nothing. */
static void
bar_value_label (ZonaChartLayout    *L,
                 const ZonaChartBar *bar,
                 const char         *text,
                 gboolean            horizontal,
                 gboolean            negative)
{
  double gap = L->em * 0.3;
  ZonaChartLabel *label = label_new (L, ZONA_CHART_LABEL_VALUE, text, L->font_value, 0, 1, FALSE);
  const ZonaChartRect *r = &bar->rect;
  double w = label->rect.width, h = label->rect.height;
  double x, y;

  label->series = bar->series;
  label->category = bar->category;
  if (horizontal)
    {
      y = r->y + (r->height - h) / 2;
      x = negative ? r->x - gap - w : r->x + r->width + gap;
      if (label_try (L, label, x, y))
        return;
      if (r->width >= w + 2 * gap && r->height >= h * 0.8)
        {
          x = negative ? r->x + gap : r->x + r->width - gap - w;
          label->color = color_on (bar->color);
          if (label_try (L, label, x, y))
            return;
        }
    }
  else
    {
      x = r->x + (r->width - w) / 2;
      y = negative ? r->y + r->height + gap * 0.5 : r->y - gap * 0.5 - h;
      if (label_try (L, label, x, y))
        return;
      if (r->height >= h + gap && r->width >= w * 0.9)
        {
          y = negative ? r->y + r->height - gap * 0.5 - h : r->y + gap * 0.5;
          label->color = color_on (bar->color);
          if (label_try (L, label, x, y))
            return;
        }
    }
  label_free (label);
}

/* Whether every value of series @s fits in @room (full text, else short text):
 * 2 = full, 1 = short, 0 = neither. */
static int
series_label_form (ZonaChartLayout     *L,
                   const ZonaChartData *d,
                   int                  s,
                   guint                n_cat,
                   double               room)
{
  double full = 0, brief = 0;

  for (guint c = 0; c < n_cat; c++)
    {
      double v = zona_chart_data_get_value (d, s, c);
      g_autofree char *t1 = NULL, *t2 = NULL;

      if (isnan (v))
        continue;
      t1 = value_text (L, v, d->unit);
      t2 = value_text_short (v, d->unit);
      full = MAX (full, text_width (L, t1, L->font_value));
      brief = MAX (brief, text_width (L, t2, L->font_value));
    }
  return full <= room ? 2 : brief <= room ? 1 : 0;
}

static char *
form_text (const ZonaChartLayout *L,
           int                    form,
           double                 value,
           const char            *unit)
{
  return form == 2 ? value_text (L, value, unit) : value_text_short (value, unit);
}

/* ---- charts with axes --------------------------------------------------- */

static gboolean
data_range (const ZonaChartData *d,
            ZonaChartKind        kind,
            guint                n_ser,
            guint                n_cat,
            double              *lo,
            double              *hi)
{
  gboolean any = FALSE;

  *lo = INFINITY;
  *hi = -INFINITY;
  for (guint c = 0; c < n_cat; c++)
    {
      double pos = 0, neg = 0;
      for (guint s = 0; s < n_ser; s++)
        {
          double v = zona_chart_data_get_value (d, s, c);
          if (!isfinite (v))
            continue;
          any = TRUE;
          if (kind == ZONA_CHART_PYRAMID)
            v = fabs (v);
          if (kind == ZONA_CHART_STACKED_BAR)
            {
              if (v > 0)
                pos += v;
              else
                neg += v;
            }
          else
            {
              *lo = MIN (*lo, v);
              *hi = MAX (*hi, v);
            }
        }
      if (kind == ZONA_CHART_STACKED_BAR)
        {
          *lo = MIN (*lo, neg);
          *hi = MAX (*hi, pos);
        }
    }
  if (!any)
    return FALSE;
  if (kind != ZONA_CHART_LINE)
    {
      /* bars start at zero */
      *lo = MIN (*lo, 0);
      *hi = MAX (*hi, 0);
    }
  return TRUE;
}

static const char *
category_name (const ZonaChartData *d,
               guint                c)
{
  return c < d->categories->len ? g_ptr_array_index (d->categories, c) : "";
}

static double
max_category_width (ZonaChartLayout      *L,
                    const ZonaChartData  *d,
                    guint                 n_cat,
                    PangoFontDescription *font)
{
  double w = 0;

  for (guint c = 0; c < n_cat; c++)
    w = MAX (w, text_width (L, category_name (d, c), font));
  return w;
}

/* Rows of @slot height: the body font, or the smaller one when only that
 * names every row. Returns the line height of the font chosen. */
static double
row_font (ZonaChartLayout       *L,
          double                 slot,
          PangoFontDescription **font)
{
  if (slot < L->line_h * 1.02 && slot >= L->line_h_tiny * 1.02)
    {
      *font = L->font_tiny;
      return L->line_h_tiny;
    }
  *font = L->font_body;
  return L->line_h;
}

static void
add_tick (ZonaChartLayout *L,
          double           value,
          double           position)
{
  ZonaChartTick tick = { value, position };

  g_array_append_val (L->ticks, tick);
}

static int
point_order (gconstpointer a,
             gconstpointer b)
{
  const ZonaChartPoint *p = a, *q = b;

  if (p->series != q->series)
    return p->series < q->series ? -1 : 1;
  return p->category < q->category ? -1 : p->category > q->category;
}

/* BAR, GROUPED_BAR, STACKED_BAR and LINE: categories left to right. */
static void
layout_vertical (ZonaChartLayout     *L,
                 const ZonaChartData *d,
                 ZonaChartRect        area,
                 guint                n_cat,
                 guint                n_ser,
                 double               lo,
                 double               hi)
{
  ZonaChartKind kind = L->kind;
  gboolean stacked = kind == ZONA_CHART_STACKED_BAR, line = kind == ZONA_CHART_LINE;
  double em = L->em, gap = em * 0.35, line_h = L->line_h;
  double small_h = line_h * 0.9;
  gboolean pct = unit_is_percent (d->unit);
  gboolean has_unit = d->unit != NULL && !pct;
  double unit_h = 0, cat_h = line_h + gap, value_h = 0, rot_len = 0;
  double max_cat = max_category_width (L, d, n_cat, L->font_body);
  double slot = 0, tick_w = 0, group, bw;
  gboolean rotated = FALSE, bare = FALSE;
  PangoFontDescription *cat_font = L->font_body;
  int cat_lines = 1;
  guint step = 1;
  g_autofree int *forms = g_new0 (int, n_ser + 1);   /* the last one: stack totals */
  Scale scale = { 0 };
  ZonaChartRect plot = area;

  if (has_unit)
    unit_h = small_h + gap * 0.5;

  for (int pass = 0; pass < 3; pass++)
    {
      int intervals;
      double total_room;

      plot.y = area.y + unit_h + small_h * 0.5 + value_h;
      plot.height = area.y + area.height - cat_h - plot.y;
      bare = plot.height < line_h * 2 || area.width < em * 6;
      if (bare)
        {
          /* too small for text: the marks alone */
          plot = area;
          if (!nice_scale (lo, hi, 2, &scale))
            return;
          tick_w = 0;
          slot = plot.width / n_cat;
          break;
        }
      intervals = CLAMP ((int) floor (plot.height / (line_h * 2.4)), 1, 8);
      if (!nice_scale (lo, hi, intervals, &scale))
        return;
      tick_w = scale_max_tick_width (L, &scale, d->unit);
      plot.x = area.x + tick_w + gap;
      plot.width = area.x + area.width - plot.x;
      if (plot.width < em * 2)
        {
          bare = TRUE;
          plot = area;
          slot = plot.width / n_cat;
          break;
        }
      slot = plot.width / n_cat;

      /* category labels: across; every n-th across (short ones); on two
       * lines across (wide slots); or rotated, in a smaller font when only
       * that names every category */
      rotated = FALSE;
      step = 1;
      cat_font = L->font_body;
      cat_lines = 1;
      if (max_cat <= slot * 0.92)
        cat_h = line_h + gap;
      else if (max_cat <= em * 4.5 && ceil (max_cat * 1.15 / slot) <= 4)
        {
          step = (guint) ceil (max_cat * 1.15 / slot);
          cat_h = line_h + gap;
        }
      else if (slot * 0.95 >= em * 4)
        {
          cat_lines = 2;
          cat_h = 2 * line_h + gap;
        }
      else
        {
          double lh = line_h, longest = max_cat;

          rotated = TRUE;
          if (slot < line_h * 1.1 && slot >= L->line_h_tiny * 1.1)
            {
              cat_font = L->font_tiny;
              lh = L->line_h_tiny;
              longest = max_cat * 0.8;
            }
          step = slot >= lh * 1.1 ? 1 : (guint) ceil (lh * 1.1 / slot);
          rot_len = MIN (longest, MAX (area.height * 0.3, em * 3));
          cat_h = rot_len + gap;
        }

      /* value labels: every value of a series, or none of it */
      if (stacked)
        total_room = slot * 0.95;
      else if (line)
        total_room = n_ser <= 2 ? slot * 0.95 : 0;
      else
        total_room = n_ser == 1 ? slot * 0.95 : slot * 0.82 / n_ser;
      value_h = 0;
      if (stacked)
        {
          /* the totals above the stacks (the segments are labelled when they fit) */
          double full = 0, brief = 0;
          for (guint c = 0; c < n_cat; c++)
            {
              double t = 0;
              gboolean any = FALSE;
              g_autofree char *t1 = NULL, *t2 = NULL;
              for (guint s = 0; s < n_ser; s++)
                {
                  double v = zona_chart_data_get_value (d, s, c);
                  if (isfinite (v))
                    t += v, any = TRUE;
                }
              if (!any)
                continue;
              t1 = value_text (L, t, d->unit);
              t2 = value_text_short (t, d->unit);
              full = MAX (full, text_width (L, t1, L->font_small));
              brief = MAX (brief, text_width (L, t2, L->font_small));
            }
          forms[n_ser] = full <= total_room ? 2 : brief <= total_room ? 1 : 0;
          if (n_ser > 1 && forms[n_ser] != 0)
            value_h = small_h + gap;
        }
      else
        for (guint s = 0; s < n_ser; s++)
          {
            forms[s] = total_room > 0 ? series_label_form (L, d, s, n_cat, total_room) : 0;
            if (forms[s] != 0)
              value_h = small_h + gap;
          }
    }

  L->plot = plot;
  L->axis_min = scale.amin;
  L->axis_max = scale.amax;
#define TO_Y(v) (plot.y + plot.height * (scale.amax - (v)) / (scale.amax - scale.amin))
  L->zero = TO_Y (CLAMP (0, scale.amin, scale.amax));
  L->category_step = step;

  /* ticks and grid */
  if (has_unit && !bare)
    {
      ZonaChartLabel *unit = label_new (L, ZONA_CHART_LABEL_UNIT, d->unit, L->font_small,
                                        area.width * 0.5, 1, FALSE);
      unit->color = color_alpha (L->style.foreground, 0.75);
      label_place (L, unit, area.x, area.y);
    }
  for (guint i = 0; i < scale.n; i++)
    {
      double v = scale_tick (&scale, i), y = TO_Y (v);
      g_autofree char *text = NULL;
      ZonaChartLabel *label;

      add_tick (L, v, y);
      if (bare)
        continue;
      text = tick_text (&scale, v, d->unit);
      label = label_new (L, ZONA_CHART_LABEL_TICK, text, L->font_small, 0, 1, FALSE);
      label->color = color_alpha (L->style.foreground, 0.8);
      label_place (L, label, plot.x - gap - label->rect.width, y - label->rect.height / 2);
    }

  /* bars and points */
  group = slot * (stacked ? 0.7 : n_ser == 1 ? 0.7 : 0.82);
  bw = stacked ? group : group / MAX (n_ser, 1);
  for (guint c = 0; c < n_cat; c++)
    {
      double x0 = plot.x + c * slot + (slot - group) / 2;
      double pos = 0, neg = 0;

      for (guint s = 0; s < n_ser; s++)
        {
          double v = zona_chart_data_get_value (d, s, c);
          ZonaChartColor color = zona_chart_style_series_color (&L->style, s);

          if (!isfinite (v))
            continue;
          if (line)
            {
              ZonaChartPoint p = { s, c, v, plot.x + (c + 0.5) * slot, TO_Y (v) };
              g_array_append_val (L->points, p);
            }
          else if (stacked)
            {
              double from = v >= 0 ? pos : neg, to = from + v;
              ZonaChartBar bar = { s, c, v, { x0, MIN (TO_Y (from), TO_Y (to)), bw,
                                              fabs (TO_Y (to) - TO_Y (from)) }, color };
              if (v >= 0)
                pos = to;
              else
                neg = to;
              g_array_append_val (L->bars, bar);
            }
          else
            {
              double inner = n_ser > 1 && bw > em * 0.5 ? MIN (bw * 0.12, em * 0.15) : 0;
              double y = TO_Y (v);
              ZonaChartBar bar = { s, c, v, { x0 + s * bw + inner / 2, MIN (y, L->zero),
                                              bw - inner, fabs (y - L->zero) }, color };
              g_array_append_val (L->bars, bar);
            }
        }
    }

  /* points by series, then category: each line in order */
  g_array_sort (L->points, point_order);

  if (bare)
    return;

  /* category labels */
  for (guint c = 0; c < n_cat; c += step)
    {
      double cx = plot.x + (c + 0.5) * slot;
      ZonaChartLabel *label;

      if (rotated)
        {
          double x;
          label = label_new (L, ZONA_CHART_LABEL_CATEGORY, category_name (d, c), cat_font,
                             rot_len, 1, TRUE);
          label->category = (int) c;
          /* thinned labels are wider than their slot: keep them under the plot */
          x = cx - label->rect.width / 2;
          if (plot.width >= label->rect.width)
            x = CLAMP (x, plot.x, plot.x + plot.width - label->rect.width);
          label_place (L, label, x, plot.y + plot.height + gap);
        }
      else
        {
          double x;
          label = label_new_full (L, ZONA_CHART_LABEL_CATEGORY, category_name (d, c),
                                  L->font_body, MIN (slot * step * 0.95, area.width), cat_lines,
                                  FALSE, PANGO_ELLIPSIZE_END, TRUE);
          label->category = (int) c;
          x = CLAMP (cx - label->rect.width / 2, 0, MAX (0, L->width - label->rect.width));
          label_place (L, label, x, plot.y + plot.height + gap);
        }
    }

  /* value labels */
  if (line)
    {
      for (guint i = 0; i < L->points->len; i++)
        {
          const ZonaChartPoint *p = &g_array_index (L->points, ZonaChartPoint, i);
          g_autofree char *text = NULL;
          ZonaChartLabel *label;

          if (forms[p->series] == 0)
            continue;
          text = form_text (L, forms[p->series], p->value, d->unit);
          label = label_new (L, ZONA_CHART_LABEL_VALUE, text, L->font_small, 0, 1, FALSE);
          label->series = p->series;
          label->category = p->category;
          label->halo = TRUE;   /* readable where it crosses a line */
          if (!label_try (L, label, p->x - label->rect.width / 2,
                          p->y - em * 0.45 - label->rect.height))
            label_place (L, label, p->x - label->rect.width / 2, p->y + em * 0.45);
        }
    }
  else if (stacked)
    {
      for (guint i = 0; i < L->bars->len; i++)
        {
          const ZonaChartBar *bar = &g_array_index (L->bars, ZonaChartBar, i);
          g_autofree char *full = value_text (L, bar->value, d->unit);
          g_autofree char *brief = value_text_short (bar->value, d->unit);
          const char *texts[2] = { full, brief };

          for (guint t = 0; t < 2; t++)
            {
              ZonaChartLabel *label = label_new (L, ZONA_CHART_LABEL_VALUE, texts[t],
                                                 L->font_small, 0, 1, FALSE);
              if (label->rect.width <= bar->rect.width - gap
                  && label->rect.height <= bar->rect.height - gap * 0.5)
                {
                  label->series = bar->series;
                  label->category = bar->category;
                  label->color = color_on (bar->color);
                  if (label_try (L, label,
                                 bar->rect.x + (bar->rect.width - label->rect.width) / 2,
                                 bar->rect.y + (bar->rect.height - label->rect.height) / 2))
                    break;
                }
              label_free (label);
            }
        }
      /* totals, when the stack has more than one series */
      if (n_ser > 1 && forms[n_ser] != 0)
        for (guint c = 0; c < n_cat; c++)
          {
            double t = 0, top = INFINITY, bottom = -INFINITY;
            gboolean any = FALSE;
            for (guint i = 0; i < L->bars->len; i++)
              {
                const ZonaChartBar *bar = &g_array_index (L->bars, ZonaChartBar, i);
                if (bar->category != (int) c)
                  continue;
                t += bar->value;
                any = TRUE;
                top = MIN (top, bar->rect.y);
                bottom = MAX (bottom, bar->rect.y + bar->rect.height);
              }
            if (any)
              {
                g_autofree char *text = form_text (L, forms[n_ser], t, d->unit);
                ZonaChartBar whole = { -1, c, t, { plot.x + c * slot + (slot - group) / 2, top,
                                                   group, bottom - top },
                                       L->style.foreground };
                bar_value_label (L, &whole, text, FALSE, t < 0);
              }
          }
    }
  else
    {
      for (guint i = 0; i < L->bars->len; i++)
        {
          const ZonaChartBar *bar = &g_array_index (L->bars, ZonaChartBar, i);
          g_autofree char *text = NULL;

          if (forms[bar->series] == 0)
            continue;
          text = form_text (L, forms[bar->series], bar->value, d->unit);
          bar_value_label (L, bar, text, FALSE, bar->value < 0);
        }
    }
#undef TO_Y
}

/* HBAR: categories top to bottom, values left to right. */
static void
layout_horizontal (ZonaChartLayout     *L,
                   const ZonaChartData *d,
                   ZonaChartRect        area,
                   guint                n_cat,
                   guint                n_ser,
                   double               lo,
                   double               hi)
{
  double em = L->em, gap = em * 0.35, line_h = L->line_h, small_h = line_h * 0.9;
  gboolean pct = unit_is_percent (d->unit);
  gboolean has_unit = d->unit != NULL && !pct;
  double max_cat, label_w, unit_w = 0;
  double tick_h = small_h + gap;
  double slot, group, bh, right_pad = 0, value_w = 0, tick_w = 0;
  PangoFontDescription *cat_font = L->font_body;
  ZonaChartLabel *unit = NULL;
  g_autofree int *forms = g_new0 (int, n_ser + 1);
  gboolean bare = FALSE;
  guint step = 1;
  Scale scale = { 0 };
  ZonaChartRect plot = area;

  plot.height = area.height - tick_h;
  if (plot.height < line_h || area.width < em * 8)
    bare = TRUE;
  slot = (bare ? area.height : plot.height) / n_cat;
  group = slot * (n_ser == 1 ? 0.7 : 0.82);
  bh = group / MAX (n_ser, 1);
  line_h = row_font (L, slot, &cat_font);
  max_cat = max_category_width (L, d, n_cat, cat_font);
  label_w = MIN (max_cat, area.width * 0.35);
  /* the unit goes at the end of the tick labels */
  if (has_unit && !bare)
    {
      unit = label_new (L, ZONA_CHART_LABEL_UNIT, d->unit, L->font_small, area.width * 0.25, 1,
                        FALSE);
      unit->color = color_alpha (L->style.foreground, 0.75);
      unit_w = unit->rect.width + gap;
    }

  if (!bare)
    {
      int intervals;
      double thickness = n_ser == 1 ? slot : bh;

      step = slot >= line_h * 1.02 ? 1 : (guint) ceil (line_h * 1.02 / slot);
      /* value labels when the bars are as thick as a line of text */
      if (thickness < small_h * 1.05 && thickness >= L->line_h_tiny * 1.02)
        L->font_value = L->font_tiny;
      for (guint s = 0; s < n_ser; s++)
        {
          double room = thickness >= (L->font_value == L->font_tiny ? L->line_h_tiny
                                                                     : small_h * 1.05)
                        ? G_MAXDOUBLE : 0;
          forms[s] = room > 0 ? series_label_form (L, d, s, n_cat, area.width * 0.2) : 0;
          if (forms[s] != 0)
            for (guint c = 0; c < n_cat; c++)
              {
                double v = zona_chart_data_get_value (d, s, c);
                g_autofree char *t = NULL;
                if (isnan (v))
                  continue;
                t = form_text (L, forms[s], v, d->unit);
                value_w = MAX (value_w, text_width (L, t, L->font_value));
              }
        }
      plot.x = area.x + label_w + gap;
      intervals = 8;
      for (int pass = 0; pass < 12; pass++)
        {
          right_pad = MAX (tick_w / 2 + unit_w, value_w > 0 ? value_w + gap : 0);
          plot.width = area.x + area.width - right_pad - plot.x;
          if (plot.width < em * 3)
            {
              bare = TRUE;
              break;
            }
          if (!nice_scale (lo, hi, MIN (intervals, (int) floor (plot.width / (em * 4)) + 1),
                           &scale))
            return;
          tick_w = scale_max_tick_width (L, &scale, d->unit);
          if (plot.width / MAX (scale.n - 1, 1) >= tick_w * 1.3 + gap || scale.n <= 2)
            {
              if (tick_w / 2 + unit_w <= right_pad + EPS)
                break;
              continue;
            }
          intervals = MAX (1, (int) scale.n - 2);
        }
    }
  if (bare)
    {
      g_clear_pointer (&unit, label_free);
      plot = area;
      if (!nice_scale (lo, hi, 2, &scale))
        return;
      slot = plot.height / n_cat;
      group = slot * (n_ser == 1 ? 0.7 : 0.82);
      bh = group / MAX (n_ser, 1);
    }

  L->plot = plot;
  L->axis_min = scale.amin;
  L->axis_max = scale.amax;
#define TO_X(v) (plot.x + plot.width * ((v) - scale.amin) / (scale.amax - scale.amin))
  L->zero = TO_X (CLAMP (0, scale.amin, scale.amax));
  L->category_step = step;

  for (guint i = 0; i < scale.n; i++)
    {
      double v = scale_tick (&scale, i), x = TO_X (v);
      g_autofree char *text = NULL;
      ZonaChartLabel *label;

      add_tick (L, v, x);
      if (bare)
        continue;
      text = tick_text (&scale, v, d->unit);
      label = label_new (L, ZONA_CHART_LABEL_TICK, text, L->font_small, 0, 1, FALSE);
      label->color = color_alpha (L->style.foreground, 0.8);
      label_place (L, label, CLAMP (x - label->rect.width / 2, 0, L->width - label->rect.width),
                   plot.y + plot.height + gap);
    }
  if (unit != NULL)
    label_place (L, g_steal_pointer (&unit), area.x + area.width - unit_w + gap,
                 plot.y + plot.height + gap);

  for (guint c = 0; c < n_cat; c++)
    {
      double y0 = plot.y + c * slot + (slot - group) / 2;

      for (guint s = 0; s < n_ser; s++)
        {
          double v = zona_chart_data_get_value (d, s, c), x;
          double inner = n_ser > 1 && bh > em * 0.5 ? MIN (bh * 0.12, em * 0.15) : 0;
          ZonaChartBar bar;

          if (!isfinite (v))
            continue;
          x = TO_X (v);
          bar = (ZonaChartBar) { s, c, v, { MIN (x, L->zero), y0 + s * bh + inner / 2,
                                            fabs (x - L->zero), bh - inner },
                                 zona_chart_style_series_color (&L->style, s) };
          g_array_append_val (L->bars, bar);
        }
      if (!bare && c % step == 0)
        {
          ZonaChartLabel *label = label_new (L, ZONA_CHART_LABEL_CATEGORY, category_name (d, c),
                                             cat_font, label_w, 1, FALSE);
          label->category = (int) c;
          label_place (L, label, plot.x - gap - label->rect.width,
                       plot.y + (c + 0.5) * slot - label->rect.height / 2);
        }
    }
#undef TO_X

  if (bare)
    return;
  for (guint i = 0; i < L->bars->len; i++)
    {
      const ZonaChartBar *bar = &g_array_index (L->bars, ZonaChartBar, i);
      g_autofree char *text = NULL;

      if (forms[bar->series] == 0)
        continue;
      text = form_text (L, forms[bar->series], bar->value, d->unit);
      bar_value_label (L, bar, text, TRUE, bar->value < 0);
    }
}

/* The first number in a label: “0-4” 0, “<3” 3, “100+” 100; -1 when none. */
static double
leading_number (const char *s)
{
  for (; s && *s; s++)
    if (g_ascii_isdigit (*s))
      return g_ascii_strtod (s, NULL);
  return -1;
}

/* PYRAMID: the first series to the left, the second to the right, categories
 * in a middle column, the youngest band at the bottom. */
static void
layout_pyramid (ZonaChartLayout     *L,
                const ZonaChartData *d,
                ZonaChartRect        area,
                guint                n_cat,
                guint                n_ser,
                double               hi)
{
  double em = L->em, gap = em * 0.35, line_h = L->line_h, small_h = line_h * 0.9;
  double max_cat, gutter;
  PangoFontDescription *cat_font = L->font_body;
  double tick_h = small_h + gap, slot, bh, half, margin = 0, value_w = 0, tick_w = 0;
  gboolean bottom_up, bare = FALSE, pct = unit_is_percent (d->unit);
  int forms[2] = { 0, 0 };
  guint step = 1;
  Scale scale = { 0 };
  ZonaChartRect plot = area;
  double first = leading_number (category_name (d, 0));
  double last = leading_number (category_name (d, n_cat - 1));

  /* rows listed from the youngest band go bottom up, others top down */
  bottom_up = !(first >= 0 && last >= 0 && first > last);
  n_ser = MIN (n_ser, 2);

  plot.height = area.height - tick_h - (d->unit && !pct ? small_h + gap * 0.5 : 0);
  if (plot.height < line_h || area.width < em * 10)
    bare = TRUE;
  slot = (bare ? area.height : plot.height) / n_cat;
  bh = slot * 0.82;
  line_h = row_font (L, slot, &cat_font);
  max_cat = max_category_width (L, d, n_cat, cat_font);
  gutter = MIN (max_cat + 2 * gap, area.width * 0.22);

  if (!bare)
    {
      int intervals = 4;

      step = slot >= line_h * 1.02 ? 1 : (guint) ceil (line_h * 1.02 / slot);
      if (slot < small_h * 1.05 && slot >= L->line_h_tiny * 1.05)
        L->font_value = L->font_tiny;
      if (slot >= (L->font_value == L->font_tiny ? L->line_h_tiny : small_h) * 1.05)
        for (guint s = 0; s < n_ser; s++)
          {
            forms[s] = series_label_form (L, d, s, n_cat, area.width * 0.12);
            if (forms[s] != 0)
              for (guint c = 0; c < n_cat; c++)
                {
                  double v = fabs (zona_chart_data_get_value (d, s, c));
                  g_autofree char *t = NULL;
                  if (isnan (v))
                    continue;
                  t = form_text (L, forms[s], v, d->unit);
                  value_w = MAX (value_w, text_width (L, t, L->font_value));
                }
          }
      for (int pass = 0; pass < 10; pass++)
        {
          margin = MAX (tick_w / 2, value_w > 0 ? value_w + gap : 0);
          half = (area.width - gutter - 2 * margin) / 2;
          if (half < em * 2)
            {
              bare = TRUE;
              break;
            }
          if (!nice_scale (0, hi, MIN (intervals, (int) floor (half / (em * 4)) + 1), &scale))
            return;
          tick_w = scale_max_tick_width (L, &scale, d->unit);
          if (half / MAX (scale.n - 1, 1) >= tick_w * 1.3 + gap || scale.n <= 2)
            {
              if (tick_w / 2 <= margin + EPS)
                break;
              continue;
            }
          intervals = MAX (1, (int) scale.n - 2);
        }
    }
  if (bare)
    {
      plot = area;
      margin = 0;
      gutter = MIN (gutter, area.width * 0.1);
      if (!nice_scale (0, hi, 2, &scale))
        return;
      slot = plot.height / n_cat;
      bh = slot * 0.82;
    }
  half = (area.width - gutter - 2 * margin) / 2;
  plot.x = area.x + margin;
  plot.width = area.width - 2 * margin;

  L->plot = plot;
  L->axis_min = 0;
  L->axis_max = scale.amax;
  L->zero = plot.x + half;
  L->zero_right = plot.x + half + gutter;
  L->category_step = step;

  for (int side = 0; side < 2; side++)
    for (guint i = 0; i < scale.n; i++)
      {
        double v = scale_tick (&scale, i);
        double x = side == 0 ? L->zero - half * v / scale.amax
                             : L->zero_right + half * v / scale.amax;
        g_autofree char *text = NULL;
        ZonaChartLabel *label;

        add_tick (L, v, x);
        if (bare)
          continue;
        text = tick_text (&scale, v, d->unit);
        label = label_new (L, ZONA_CHART_LABEL_TICK, text, L->font_small, 0, 1, FALSE);
        label->color = color_alpha (L->style.foreground, 0.8);
        label_place (L, label, CLAMP (x - label->rect.width / 2, 0, L->width - label->rect.width),
                     plot.y + plot.height + gap);
      }
  if (d->unit && !pct && !bare)
    {
      ZonaChartLabel *unit = label_new (L, ZONA_CHART_LABEL_UNIT, d->unit, L->font_small,
                                        area.width * 0.5, 1, FALSE);
      unit->color = color_alpha (L->style.foreground, 0.75);
      label_place (L, unit, area.x + area.width - unit->rect.width,
                   area.y + area.height - unit->rect.height);
    }

  for (guint c = 0; c < n_cat; c++)
    {
      guint row = bottom_up ? n_cat - 1 - c : c;
      double y = plot.y + row * slot + (slot - bh) / 2;

      for (guint s = 0; s < n_ser; s++)
        {
          double v = fabs (zona_chart_data_get_value (d, s, c));
          double len;
          ZonaChartBar bar;

          if (!isfinite (v))
            continue;
          len = half * v / scale.amax;
          bar = (ZonaChartBar) { s, c, v,
                                 { s == 0 ? L->zero - len : L->zero_right, y, len, bh },
                                 zona_chart_style_series_color (&L->style, s == 0 ? 4 : 0) };
          g_array_append_val (L->bars, bar);
        }
      if (!bare && c % step == 0)
        {
          ZonaChartLabel *label = label_new (L, ZONA_CHART_LABEL_CATEGORY, category_name (d, c),
                                             cat_font, MAX (gutter - 2 * gap, 1), 1, FALSE);
          label->category = (int) c;
          label_place (L, label, L->zero + (gutter - label->rect.width) / 2,
                       plot.y + (row + 0.5) * slot - label->rect.height / 2);
        }
    }

  if (bare)
    return;
  for (guint i = 0; i < L->bars->len; i++)
    {
      const ZonaChartBar *bar = &g_array_index (L->bars, ZonaChartBar, i);
      g_autofree char *text = NULL;

      if (forms[bar->series] == 0)
        continue;
      text = form_text (L, forms[bar->series], bar->value, d->unit);
      /* outward: to the left on the left half */
      bar_value_label (L, bar, text, TRUE, bar->series == 0);
    }
}

static void
layout_axes (ZonaChartLayout     *L,
             const ZonaChartData *d,
             ZonaChartRect        area)
{
  guint n_cat = zona_chart_data_get_n_categories (d);
  guint n_ser = d->series->len;
  double lo, hi, used;

  if (L->kind == ZONA_CHART_PYRAMID)
    n_ser = MIN (n_ser, 2);
  if (n_cat == 0 || n_ser == 0 || !data_range (d, L->kind, n_ser, n_cat, &lo, &hi))
    {
      L->empty = TRUE;
      add_note (L, "Nessun dato", &area);   /* document text */
      return;
    }

  if (n_ser > 1 || L->kind == ZONA_CHART_PYRAMID)
    {
      if (L->kind == ZONA_CHART_PYRAMID)
        {
          g_autoptr(GPtrArray) names = g_ptr_array_new ();
          ZonaChartColor colors[2];
          int ids[2] = { 0, 1 };

          for (guint s = 0; s < n_ser; s++)
            {
              g_ptr_array_add (names, ((ZonaChartSeries *) g_ptr_array_index (d->series, s))->name);
              colors[s] = zona_chart_style_series_color (&L->style, s == 0 ? 4 : 0);
            }
          used = layout_legend (L, names, colors, ids, FALSE, &area, area.height * 0.3, FALSE);
        }
      else
        used = series_legend (L, d, n_ser, L->kind == ZONA_CHART_LINE, &area);
      if (used > 0)
        {
          area.y += used + L->em * 0.5;
          area.height -= used + L->em * 0.5;
        }
    }
  if (area.height <= 0 || area.width <= 0)
    return;

  switch (L->kind)
    {
    case ZONA_CHART_HBAR:
      L->horizontal = TRUE;
      layout_horizontal (L, d, area, n_cat, n_ser, lo, hi);
      break;
    case ZONA_CHART_PYRAMID:
      L->horizontal = TRUE;
      layout_pyramid (L, d, area, n_cat, n_ser, hi);
      break;
    default:
      layout_vertical (L, d, area, n_cat, n_ser, lo, hi);
      break;
    }
  if (L->ticks->len == 0)
    {
      /* no scale covers values such as ±1,8e308 */
      g_array_set_size (L->bars, 0);
      g_array_set_size (L->points, 0);
      L->empty = TRUE;
      add_note (L, "Valori fuori scala", &area);   /* document text */
    }
}

/* ---- pies --------------------------------------------------------------- */

static gboolean
point_in_wedge (const ZonaChartLayout *L,
                const ZonaChartWedge  *w,
                double                 x,
                double                 y)
{
  double dx = x - L->cx, dy = y - L->cy, r = hypot (dx, dy), a;

  if (r > L->radius || r < L->inner_radius)
    return FALSE;
  if (w->end_angle - w->start_angle >= 2 * G_PI - 1e-9)
    return TRUE;
  a = atan2 (dy, dx);
  while (a < w->start_angle)
    a += 2 * G_PI;
  while (a > w->start_angle + 2 * G_PI)
    a -= 2 * G_PI;
  return a <= w->end_angle;
}

/* Category indexes by value, largest first, then in table order. */
static int
larger_first (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  const ZonaChartData *d = user_data;
  guint ca = *(const guint *) a, cb = *(const guint *) b;
  double va = zona_chart_data_get_value (d, 0, ca), vb = zona_chart_data_get_value (d, 0, cb);

  if (va != vb)
    return va > vb ? -1 : 1;
  return ca < cb ? -1 : ca > cb;
}

static void
layout_pie (ZonaChartLayout     *L,
            const ZonaChartData *d,
            ZonaChartRect        area)
{
  guint n_cat = zona_chart_data_get_n_categories (d);
  g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree ZonaChartColor *colors = NULL;
  g_autofree int *ids = NULL;
  double total = 0, other = 0, angle = -G_PI / 2, em = L->em, gap = em * 0.35, used;
  guint n_negative = 0, n_wedges, n_other = 0, n_finite = 0;
  gboolean side;
  ZonaChartRect pie = area;

  for (guint c = 0; c < n_cat; c++)
    {
      double v = zona_chart_data_get_value (d, 0, c);
      if (!isfinite (v))
        continue;
      n_finite++;
      if (v < 0)
        n_negative++;
      else if (v > 0)
        {
          g_array_append_val (order, c);
          total += v;
        }
    }
  L->n_excluded = n_negative;
  if (n_negative > 0)
    {
      /* document text (see the top of the file) */
      g_autofree char *text = n_negative == 1 ? g_strdup ("Escluso 1 valore negativo")
                              : g_strdup_printf ("Esclusi %u valori negativi", n_negative);
      ZonaChartLabel *note = label_new (L, ZONA_CHART_LABEL_NOTE, text, L->font_small,
                                        area.width, 1, FALSE);
      note->color = color_alpha (L->style.foreground, 0.75);
      if (label_place (L, note, area.x, area.y + area.height - note->rect.height))
        area.height -= note->rect.height + gap;
    }
  if (order->len == 0 || !(total > 0) || !isfinite (total))
    {
      L->empty = TRUE;
      add_note (L, order->len > 0 ? "Valori fuori scala"
                   : n_finite > 0 ? "Nessun valore positivo da rappresentare"
                   : "Nessun dato", &area);
      return;
    }

  /* More wedges than colours: the largest ones, then “Altri” for the rest. */
  if (order->len > PIE_MAX_WEDGES)
    {
      g_autoptr(GArray) by_size = g_array_copy (order);
      g_autofree gboolean *keep = g_new0 (gboolean, n_cat);

      g_array_sort_with_data (by_size, larger_first, (gpointer) d);
      for (guint i = 0; i < PIE_MAX_WEDGES - 1; i++)
        keep[g_array_index (by_size, guint, i)] = TRUE;
      for (guint i = 0; i < order->len;)
        {
          guint c = g_array_index (order, guint, i);
          if (keep[c])
            i++;
          else
            {
              other += zona_chart_data_get_value (d, 0, c);
              n_other++;
              g_array_remove_index (order, i);
            }
        }
    }
  n_wedges = order->len + (n_other > 0 ? 1 : 0);
  colors = g_new (ZonaChartColor, n_wedges);
  ids = g_new (int, n_wedges);
  for (guint i = 0; i < n_wedges; i++)
    {
      gboolean rest = i == order->len;
      guint c = rest ? 0 : g_array_index (order, guint, i);
      double v = rest ? other : zona_chart_data_get_value (d, 0, c);
      double sweep = 2 * G_PI * v / total;
      /* “Altri” in a neutral grey, apart from the palette */
      ZonaChartWedge w = { rest ? -1 : (int) c, v, angle, angle + sweep,
                           rest ? color_mix (L->style.foreground, L->style.background, 0.55)
                                : zona_chart_style_series_color (&L->style, i) };

      angle += sweep;
      if (i == n_wedges - 1)
        w.end_angle = 3 * G_PI / 2;   /* closes the circle exactly */
      g_array_append_val (L->wedges, w);
      colors[i] = w.color;
      ids[i] = (int) i;
      g_ptr_array_add (names, rest ? g_strdup_printf ("Altri (%u)", n_other)   /* document text */
                                   : g_strdup (category_name (d, c)));
    }

  /* legend beside a wide pie, under a tall one */
  side = area.width >= area.height * 1.25;
  if (side)
    {
      ZonaChartRect room = { area.x + area.width * 0.58, area.y, area.width * 0.42, area.height };
      used = layout_legend (L, names, colors, ids, FALSE, &room, area.height, TRUE);
      if (used > 0)
        pie.width = area.width * 0.58 - em;
    }
  else
    {
      ZonaChartRect room = { area.x, area.y, area.width, area.height };
      used = layout_legend (L, names, colors, ids, FALSE, &room, area.height * 0.35, FALSE);
      if (used > 0)
        {
          pie.y += used + em * 0.5;
          pie.height -= used + em * 0.5;
        }
    }
  if (pie.width <= 0 || pie.height <= 0)
    return;

  {
    double room = MIN (pie.width, pie.height) / 2;
    double label_room = L->line_h * 1.3;

    L->radius = room > label_room * 4 ? room - label_room : room * 0.95;
    L->cx = pie.x + pie.width / 2;
    L->cy = pie.y + pie.height / 2;
    L->inner_radius = L->kind == ZONA_CHART_DONUT ? L->radius * 0.55 : 0;
    L->plot = (ZonaChartRect) { L->cx - L->radius, L->cy - L->radius, 2 * L->radius,
                                2 * L->radius };
  }

  /* the donut's hole holds the total */
  if (L->kind == ZONA_CHART_DONUT && L->inner_radius > em * 2)
    {
      g_autofree char *n = value_text (L, total, d->unit);
      g_autofree char *text = g_strconcat ("Totale\n", n, NULL);   /* document text */
      ZonaChartLabel *label = label_new (L, ZONA_CHART_LABEL_VALUE, text, L->font_small,
                                         L->inner_radius * 1.4, 2, FALSE);
      pango_layout_set_alignment (label->pango, PANGO_ALIGN_CENTER);
      if (label->rect.height <= L->inner_radius * 1.4)
        label_place (L, label, L->cx - label->rect.width / 2, L->cy - label->rect.height / 2);
      else
        label_free (label);
    }

  /* percentages: inside the wedge, else just outside it, else none */
  for (guint i = 0; i < L->wedges->len; i++)
    {
      const ZonaChartWedge *w = &g_array_index (L->wedges, ZonaChartWedge, i);
      double mid = (w->start_angle + w->end_angle) / 2;
      double share = 100 * w->value / total;
      g_autofree char *n = label_number (share, share < 10 ? 1 : 0);
      g_autofree char *text = g_strconcat (n, " %", NULL);
      ZonaChartLabel *label = label_new (L, ZONA_CHART_LABEL_VALUE, text, L->font_small, 0, 1,
                                         FALSE);
      double r_in = L->inner_radius > 0 ? (L->radius + L->inner_radius) / 2 : L->radius * 0.64;
      double lw = label->rect.width, lh = label->rect.height;
      double x = L->cx + cos (mid) * r_in - lw / 2, y = L->cy + sin (mid) * r_in - lh / 2;
      double ox, oy;

      label->category = w->category;
      label->series = 0;
      if (point_in_wedge (L, w, x, y) && point_in_wedge (L, w, x + lw, y)
          && point_in_wedge (L, w, x, y + lh) && point_in_wedge (L, w, x + lw, y + lh))
        {
          label->color = color_on (w->color);
          if (label_try (L, label, x, y))
            continue;
        }
      label->color = L->style.foreground;
      ox = L->cx + cos (mid) * (L->radius + gap);
      oy = L->cy + sin (mid) * (L->radius + gap);
      x = cos (mid) >= 0 ? ox : ox - lw;
      y = oy - lh / 2 + sin (mid) * lh / 2;
      label_place (L, label, x, y);
    }
}

/* ---- the layout --------------------------------------------------------- */

void
zona_chart_layout_free (ZonaChartLayout *layout)
{
  if (layout == NULL)
    return;
  g_clear_pointer (&layout->ticks, g_array_unref);
  g_clear_pointer (&layout->bars, g_array_unref);
  g_clear_pointer (&layout->points, g_array_unref);
  g_clear_pointer (&layout->wedges, g_array_unref);
  g_clear_pointer (&layout->legend, g_array_unref);
  g_clear_pointer (&layout->obstacles, g_array_unref);
  g_clear_pointer (&layout->labels, g_ptr_array_unref);
  g_clear_pointer (&layout->font_body, pango_font_description_free);
  g_clear_pointer (&layout->font_small, pango_font_description_free);
  g_clear_pointer (&layout->font_title, pango_font_description_free);
  g_clear_pointer (&layout->font_tiny, pango_font_description_free);
  g_clear_object (&layout->scratch);
  g_clear_object (&layout->context);
  g_free (layout->font_family);
  g_free (layout);
}

ZonaChartLayout *
zona_chart_layout (const ZonaChartData  *data,
                   double                width,
                   double                height,
                   const ZonaChartStyle *style)
{
  ZonaChartLayout *L;
  ZonaChartStyle print;
  ZonaChartRect area;
  double pad;

  g_return_val_if_fail (data != NULL, NULL);

  if (style == NULL)
    {
      print = zona_chart_style_print ();
      style = &print;
    }

  L = g_new0 (ZonaChartLayout, 1);
  L->kind = data->kind;
  L->width = isfinite (width) && width > 0 ? width : 0;
  L->height = isfinite (height) && height > 0 ? height : 0;
  L->style = *style;
  L->font_family = g_strdup (style->font_family ? style->font_family : "Sans");
  L->style.font_family = L->font_family;
  L->em = isfinite (style->font_size) && style->font_size > 0 ? style->font_size : 12;
  L->line_width = MAX (L->em * 0.07, 0.25);
  L->ticks = g_array_new (FALSE, FALSE, sizeof (ZonaChartTick));
  L->bars = g_array_new (FALSE, FALSE, sizeof (ZonaChartBar));
  L->points = g_array_new (FALSE, FALSE, sizeof (ZonaChartPoint));
  L->wedges = g_array_new (FALSE, FALSE, sizeof (ZonaChartWedge));
  L->legend = g_array_new (FALSE, FALSE, sizeof (ZonaChartLegendEntry));
  L->obstacles = g_array_new (FALSE, FALSE, sizeof (ZonaChartRect));
  L->labels = g_ptr_array_new_with_free_func (label_free);
  L->category_step = 1;
  L->context = make_context ();
  L->font_body = make_font (L->font_family, L->em, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL);
  L->font_small = make_font (L->font_family, L->em * 0.9, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL);
  L->font_title = make_font (L->font_family, L->em * 1.2, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL);
  L->font_tiny = make_font (L->font_family, L->em * 0.8, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL);
  L->font_value = L->font_small;
  L->scratch = pango_layout_new (L->context);
  pango_layout_set_single_paragraph_mode (L->scratch, TRUE);
  {
    PangoRectangle logical;
    pango_layout_set_font_description (L->scratch, L->font_body);
    pango_layout_set_text (L->scratch, "Hg", -1);
    pango_layout_get_extents (L->scratch, NULL, &logical);
    L->line_h = (double) logical.height / PANGO_SCALE;
    pango_layout_set_font_description (L->scratch, L->font_tiny);
    pango_layout_get_extents (L->scratch, NULL, &logical);
    L->line_h_tiny = (double) logical.height / PANGO_SCALE;
  }
  for (guint s = 0; s < data->series->len && L->decimals < 2; s++)
    {
      const ZonaChartSeries *series = g_ptr_array_index (data->series, s);
      for (guint i = 0; i < series->values->len && L->decimals < 2; i++)
        {
          double v = g_array_index (series->values, double, i);
          if (isfinite (v))
            L->decimals = MAX (L->decimals, value_decimals (v));
        }
    }

  pad = L->em * 0.6;
  area = (ZonaChartRect) { pad, pad, L->width - 2 * pad, L->height - 2 * pad };
  if (area.width < L->em || area.height < L->em)
    {
      /* too small for anything */
      L->empty = TRUE;
      return L;
    }

  if (data->title != NULL)
    {
      ZonaChartLabel *title = label_new (L, ZONA_CHART_LABEL_TITLE, data->title, L->font_title,
                                         area.width, 2, FALSE);
      if (title->rect.height <= area.height * 0.4 && label_place (L, title, area.x, area.y))
        {
          area.y += title->rect.height + pad;
          area.height -= title->rect.height + pad;
        }
      else if (title->rect.height > area.height * 0.4)
        label_free (title);
    }
  if (data->caption != NULL)
    {
      PangoFontDescription *italic = make_font (L->font_family, L->em * 0.9,
                                                PANGO_WEIGHT_NORMAL, PANGO_STYLE_ITALIC);
      ZonaChartLabel *caption = label_new (L, ZONA_CHART_LABEL_CAPTION, data->caption, italic,
                                           area.width, 2, FALSE);
      pango_font_description_free (italic);
      caption->color = color_alpha (L->style.foreground, 0.75);
      if (caption->rect.height <= area.height * 0.3
          && label_place (L, caption, area.x, area.y + area.height - caption->rect.height))
        area.height -= caption->rect.height + pad;
      else if (caption->rect.height > area.height * 0.3)
        label_free (caption);
    }

  switch (data->kind)
    {
    case ZONA_CHART_PIE:
    case ZONA_CHART_DONUT:
      layout_pie (L, data, area);
      break;
    case ZONA_CHART_BAR:
    case ZONA_CHART_HBAR:
    case ZONA_CHART_GROUPED_BAR:
    case ZONA_CHART_STACKED_BAR:
    case ZONA_CHART_LINE:
    case ZONA_CHART_PYRAMID:
      layout_axes (L, data, area);
      break;
    default:
      L->empty = TRUE;
      add_note (L, "Tipo di grafico sconosciuto", &area);   /* document text */
      break;
    }
  return L;
}

/* ---- painting ----------------------------------------------------------- */

static void
paint_label (cairo_t              *cr,
             const ZonaChartLabel *label,
             ZonaChartColor        background,
             double                line_width)
{
  cairo_save (cr);
  set_source (cr, label->color);
  if (label->rotated)
    {
      cairo_translate (cr, label->rect.x, label->rect.y + label->rect.height);
      cairo_rotate (cr, -G_PI / 2);
    }
  else
    cairo_translate (cr, label->rect.x, label->rect.y);
  cairo_move_to (cr, -label->offset_x, -label->offset_y);
  if (label->halo)
    {
      pango_cairo_layout_path (cr, label->pango);
      set_source (cr, background);
      cairo_set_line_width (cr, line_width * 4);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      cairo_stroke (cr);
      set_source (cr, label->color);
      cairo_move_to (cr, -label->offset_x, -label->offset_y);
    }
  pango_cairo_show_layout (cr, label->pango);
  cairo_restore (cr);
}

static void
paint_axes (cairo_t               *cr,
            const ZonaChartLayout *L)
{
  double lw = L->line_width;
  const ZonaChartRect *p = &L->plot;

  cairo_set_line_width (cr, lw);
  set_source (cr, L->style.grid);
  for (guint i = 0; i < L->ticks->len; i++)
    {
      const ZonaChartTick *t = &g_array_index (L->ticks, ZonaChartTick, i);
      if (L->horizontal)
        {
          cairo_move_to (cr, t->position, p->y);
          cairo_line_to (cr, t->position, p->y + p->height);
        }
      else
        {
          cairo_move_to (cr, p->x, t->position);
          cairo_line_to (cr, p->x + p->width, t->position);
        }
    }
  cairo_stroke (cr);
}

static void
paint_baseline (cairo_t               *cr,
                const ZonaChartLayout *L)
{
  const ZonaChartRect *p = &L->plot;

  cairo_set_line_width (cr, L->line_width * 1.5);
  set_source (cr, color_alpha (L->style.foreground, 0.7));
  if (L->kind == ZONA_CHART_PYRAMID)
    {
      cairo_move_to (cr, L->zero, p->y);
      cairo_line_to (cr, L->zero, p->y + p->height);
      cairo_move_to (cr, L->zero_right, p->y);
      cairo_line_to (cr, L->zero_right, p->y + p->height);
    }
  else if (L->horizontal)
    {
      cairo_move_to (cr, L->zero, p->y);
      cairo_line_to (cr, L->zero, p->y + p->height);
    }
  else
    {
      double y = L->kind == ZONA_CHART_LINE && L->axis_min > 0 ? p->y + p->height : L->zero;
      cairo_move_to (cr, p->x, y);
      cairo_line_to (cr, p->x + p->width, y);
    }
  cairo_stroke (cr);
}

static void
paint_bars (cairo_t               *cr,
            const ZonaChartLayout *L)
{
  gboolean stacked = L->kind == ZONA_CHART_STACKED_BAR;

  for (guint i = 0; i < L->bars->len; i++)
    {
      const ZonaChartBar *b = &g_array_index (L->bars, ZonaChartBar, i);
      cairo_rectangle (cr, b->rect.x, b->rect.y, b->rect.width, b->rect.height);
      set_source (cr, b->color);
      cairo_fill (cr);
    }
  if (stacked && L->bars->len > 0)
    {
      /* thin gaps between segments */
      cairo_set_line_width (cr, L->line_width);
      set_source (cr, L->style.background);
      for (guint i = 0; i < L->bars->len; i++)
        {
          const ZonaChartBar *b = &g_array_index (L->bars, ZonaChartBar, i);
          if (b->rect.width > L->line_width * 4 && b->rect.height > L->line_width * 2)
            cairo_rectangle (cr, b->rect.x, b->rect.y, b->rect.width, b->rect.height);
        }
      cairo_stroke (cr);
    }
}

static void
paint_lines (cairo_t               *cr,
             const ZonaChartLayout *L)
{
  double width = L->em * 0.2, radius = L->em * 0.28;
  double spacing = L->plot.width;
  int max_series = -1;

  for (guint i = 0; i < L->points->len; i++)
    max_series = MAX (max_series, g_array_index (L->points, ZonaChartPoint, i).series);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  for (int s = 0; s <= max_series; s++)
    {
      const ZonaChartPoint *prev = NULL;
      guint n = 0;

      set_source (cr, zona_chart_style_series_color (&L->style, s));
      cairo_set_line_width (cr, width);
      for (guint i = 0; i < L->points->len; i++)
        {
          const ZonaChartPoint *p = &g_array_index (L->points, ZonaChartPoint, i);
          if (p->series != s)
            continue;
          /* a missing value breaks the line */
          if (prev != NULL && p->category == prev->category + 1)
            cairo_line_to (cr, p->x, p->y);
          else
            cairo_move_to (cr, p->x, p->y);
          if (prev != NULL)
            spacing = MIN (spacing, p->x - prev->x);
          prev = p;
          n++;
        }
      cairo_stroke (cr);
      if (n == 0)
        continue;
      /* markers when the points are far enough apart; a point without
       * neighbours (missing values around it) always has one */
      for (guint i = 0; i < L->points->len; i++)
        {
          const ZonaChartPoint *p = &g_array_index (L->points, ZonaChartPoint, i);
          const ZonaChartPoint *before = i > 0 ? p - 1 : NULL;
          const ZonaChartPoint *after = i + 1 < L->points->len ? p + 1 : NULL;
          gboolean alone;

          if (p->series != s)
            continue;
          alone = !(before && before->series == s && before->category == p->category - 1)
                  && !(after && after->series == s && after->category == p->category + 1);
          if (spacing >= radius * 5 || alone)
            {
              cairo_new_sub_path (cr);
              cairo_arc (cr, p->x, p->y, radius, 0, 2 * G_PI);
            }
        }
      set_source (cr, zona_chart_style_series_color (&L->style, s));
      cairo_fill_preserve (cr);
      set_source (cr, L->style.background);
      cairo_set_line_width (cr, L->line_width);
      cairo_stroke (cr);
    }
}

static void
paint_wedges (cairo_t               *cr,
              const ZonaChartLayout *L)
{
  if (L->wedges->len == 0 || L->radius <= 0)
    return;
  for (guint i = 0; i < L->wedges->len; i++)
    {
      const ZonaChartWedge *w = &g_array_index (L->wedges, ZonaChartWedge, i);

      cairo_new_path (cr);
      if (L->inner_radius > 0)
        {
          cairo_arc (cr, L->cx, L->cy, L->radius, w->start_angle, w->end_angle);
          cairo_arc_negative (cr, L->cx, L->cy, L->inner_radius, w->end_angle, w->start_angle);
        }
      else
        {
          if (w->end_angle - w->start_angle < 2 * G_PI - 1e-9)
            cairo_move_to (cr, L->cx, L->cy);
          cairo_arc (cr, L->cx, L->cy, L->radius, w->start_angle, w->end_angle);
        }
      cairo_close_path (cr);
      set_source (cr, w->color);
      cairo_fill_preserve (cr);
      if (L->wedges->len > 1)
        {
          set_source (cr, L->style.background);
          cairo_set_line_width (cr, L->line_width * 1.5);
          cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
          cairo_stroke (cr);
        }
      cairo_new_path (cr);
    }
}

static void
paint_legend (cairo_t               *cr,
              const ZonaChartLayout *L)
{
  for (guint i = 0; i < L->legend->len; i++)
    {
      const ZonaChartLegendEntry *e = &g_array_index (L->legend, ZonaChartLegendEntry, i);
      const ZonaChartRect *r = &e->swatch;

      set_source (cr, e->color);
      if (e->line)
        {
          cairo_set_line_width (cr, L->em * 0.2);
          cairo_move_to (cr, r->x, r->y + r->height / 2);
          cairo_line_to (cr, r->x + r->width, r->y + r->height / 2);
          cairo_stroke (cr);
          cairo_arc (cr, r->x + r->width / 2, r->y + r->height / 2, L->em * 0.22, 0, 2 * G_PI);
          cairo_fill (cr);
        }
      else
        {
          cairo_rectangle (cr, r->x, r->y, r->width, r->height);
          cairo_fill (cr);
        }
    }
}

void
zona_chart_paint (cairo_t               *cr,
                  const ZonaChartLayout *layout)
{
  const ZonaChartLayout *L = layout;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (layout != NULL);

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, L->width, L->height);
  cairo_clip (cr);
  if (L->style.fill_background)
    {
      set_source (cr, L->style.background);
      cairo_paint (cr);
    }
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);

  if (!L->empty)
    {
      if (L->ticks->len > 0)
        paint_axes (cr, L);
      paint_bars (cr, L);
      paint_wedges (cr, L);
      if (L->ticks->len > 0)
        paint_baseline (cr, L);
      paint_lines (cr, L);
    }
  paint_legend (cr, L);
  for (guint i = 0; i < L->labels->len; i++)
    paint_label (cr, g_ptr_array_index (L->labels, i), L->style.background, L->line_width);
  cairo_restore (cr);
}

void
zona_chart_render (cairo_t              *cr,
                   double                width,
                   double                height,
                   const ZonaChartData  *data,
                   const ZonaChartStyle *style)
{
  g_autoptr(ZonaChartLayout) layout = NULL;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (data != NULL);

  layout = zona_chart_layout (data, width, height, style);
  zona_chart_paint (cr, layout);
}

/* ---- exports ------------------------------------------------------------ */

typedef struct {
  GOutputStream *stream;
  GError        *error;
} WriteClosure;

static cairo_status_t
write_cb (void                *closure,
          const unsigned char *data,
          unsigned int         length)
{
  WriteClosure *w = closure;

  if (w->error != NULL)
    return CAIRO_STATUS_WRITE_ERROR;
  if (!g_output_stream_write_all (w->stream, data, length, NULL, NULL, &w->error))
    return CAIRO_STATUS_WRITE_ERROR;
  return CAIRO_STATUS_SUCCESS;
}

static gboolean
check_status (cairo_status_t   status,
              WriteClosure    *w,
              GError         **error)
{
  if (w->error != NULL)
    {
      g_set_error (error, ZONA_CHART_ERROR, ZONA_CHART_ERROR_WRITE,
                   _("Could not write the chart image: %s"), w->error->message);
      g_clear_error (&w->error);
      return FALSE;
    }
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, ZONA_CHART_ERROR, ZONA_CHART_ERROR_WRITE,
                   _("Could not write the chart image: %s"), cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

gboolean
zona_chart_write_png (const ZonaChartData  *data,
                      GOutputStream        *stream,
                      int                   width_px,
                      int                   height_px,
                      double                dpi,
                      GError              **error)
{
  ZonaChartStyle style = zona_chart_style_print ();
  WriteClosure w = { stream, NULL };
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  double scale;

  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (width_px > 0 && height_px > 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!(dpi > 0) || !isfinite (dpi))
    dpi = 96;
  scale = dpi / 72.0;
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width_px, height_px);
  cr = cairo_create (surface);
  cairo_scale (cr, scale, scale);
  zona_chart_render (cr, width_px / scale, height_px / scale, data, &style);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  status = cairo_surface_status (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_write_to_png_stream (surface, write_cb, &w);
  cairo_surface_destroy (surface);
  return check_status (status, &w, error);
}

static gboolean
write_vector (const ZonaChartData  *data,
              GOutputStream        *stream,
              double                width_pt,
              double                height_pt,
              gboolean              pdf,
              GError              **error)
{
  ZonaChartStyle style = zona_chart_style_print ();
  WriteClosure w = { stream, NULL };
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (width_pt > 0 && height_pt > 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (pdf)
    {
      surface = cairo_pdf_surface_create_for_stream (write_cb, &w, width_pt, height_pt);
      if (data->title != NULL)
        cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, data->title);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Zona");
    }
  else
    {
      surface = cairo_svg_surface_create_for_stream (write_cb, &w, width_pt, height_pt);
      cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PT);
    }
  cr = cairo_create (surface);
  zona_chart_render (cr, width_pt, height_pt, data, &style);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  return check_status (status, &w, error);
}

gboolean
zona_chart_write_svg (const ZonaChartData  *data,
                      GOutputStream        *stream,
                      double                width_pt,
                      double                height_pt,
                      GError              **error)
{
  return write_vector (data, stream, width_pt, height_pt, FALSE, error);
}

gboolean
zona_chart_write_pdf (const ZonaChartData  *data,
                      GOutputStream        *stream,
                      double                width_pt,
                      double                height_pt,
                      GError              **error)
{
  return write_vector (data, stream, width_pt, height_pt, TRUE, error);
}

gboolean
zona_chart_write_file (const ZonaChartData  *data,
                       const char           *path,
                       ZonaChartFormat       format,
                       double                width,
                       double                height,
                       double                dpi,
                       GError              **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileOutputStream) out = NULL;
  g_autoptr(GError) local = NULL;
  gboolean ok;

  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  file = g_file_new_for_path (path);
  out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL, &local);
  if (out == NULL)
    {
      g_set_error (error, ZONA_CHART_ERROR, ZONA_CHART_ERROR_WRITE,
                   _("Could not write the chart image: %s"), local->message);
      return FALSE;
    }
  switch (format)
    {
    case ZONA_CHART_FORMAT_PNG:
      ok = zona_chart_write_png (data, G_OUTPUT_STREAM (out), (int) MAX (1, round (width)),
                                 (int) MAX (1, round (height)), dpi, error);
      break;
    case ZONA_CHART_FORMAT_SVG:
      ok = zona_chart_write_svg (data, G_OUTPUT_STREAM (out), width, height, error);
      break;
    case ZONA_CHART_FORMAT_PDF:
      ok = zona_chart_write_pdf (data, G_OUTPUT_STREAM (out), width, height, error);
      break;
    default:
      g_return_val_if_reached (FALSE);
    }
  if (!ok)
    {
      /* cancelling leaves the earlier file, if any, in place */
      g_autoptr(GCancellable) cancel = g_cancellable_new ();
      g_cancellable_cancel (cancel);
      g_output_stream_close (G_OUTPUT_STREAM (out), cancel, NULL);
      return FALSE;
    }
  if (!g_output_stream_close (G_OUTPUT_STREAM (out), NULL, &local))
    {
      g_set_error (error, ZONA_CHART_ERROR, ZONA_CHART_ERROR_WRITE,
                   _("Could not write the chart image: %s"), local->message);
      return FALSE;
    }
  return TRUE;
}
