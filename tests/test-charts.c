/* test-charts.c: chart data, layout geometry, labels, exports and the chart widget
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Built twice: as test-charts (suite unit, no display: data, layouts, pixels,
 * PNG/SVG/PDF) and, with ZONA_TEST_CHART_VIEW, as test-chart-view (suite ui:
 * the widget). With ZONA_CHARTS_OUT=/some/dir, /charts/gallery writes a PNG of
 * every chart kind there (seed-like data, edge cases, dark style) for a person
 * to look at.
 */
#include "config.h"

#include <cairo.h>
#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <math.h>
#include <string.h>

#include "charts/zona-chart.h"
#include "charts/zona-chart-render.h"
#include "model/zona-store.h"
#include "model/zona-plan-data.h"

#ifdef ZONA_TEST_CHART_VIEW
#include <adwaita.h>
#include "charts/zona-chart-view.h"
/* This build runs the widget test only: the unit tests below go unused. */
#pragma GCC diagnostic ignored "-Wunused-function"
#endif

#define N_KINDS 8
static const ZonaChartKind all_kinds[N_KINDS] = {
  ZONA_CHART_BAR, ZONA_CHART_HBAR, ZONA_CHART_GROUPED_BAR, ZONA_CHART_STACKED_BAR,
  ZONA_CHART_LINE, ZONA_CHART_PIE, ZONA_CHART_DONUT, ZONA_CHART_PYRAMID,
};

/* ---- data like the plans' (see domain.md §5) ---------------------------- */

static const struct { const char *name; double m, f; } comuni[] = {
  { "Bozzolo", 1939, 2043 }, { "Calvatone", 598, 561 }, { "Casalmaggiore", 7554, 7573 },
  { "Casteldidone", 301, 270 }, { "Cingia de' Botti", 590, 555 },
  { "Commessaggio", 533, 558 }, { "Dosolo", 1637, 1673 }, { "Gazzuolo", 1047, 1081 },
  { "Gussola", 1304, 1322 }, { "Marcaria", 3142, 3201 }, { "Martignana di Po", 1044, 1022 },
  { "Motta Baluffi", 415, 406 }, { "Piadena Drizzona", 1949, 1976 },
  { "Pomponesco", 799, 845 }, { "Rivarolo del Re ed Uniti", 928, 903 },
  { "Rivarolo Mantovano", 1214, 1231 }, { "Sabbioneta", 2046, 2087 },
  { "San Giovanni in Croce", 931, 973 }, { "San Martino dall'Argine", 808, 835 },
  { "San Martino del Lago", 196, 197 }, { "Scandolara Ravara", 650, 660 },
  { "Solarolo Rainerio", 452, 448 }, { "Spineda", 299, 299 }, { "Tornata", 244, 191 },
  { "Torricella del Pizzo", 286, 281 }, { "Viadana", 9745, 9802 }, { "Voltido", 172, 165 },
};

/* Lodi, funds by source and year (NAN: empty cell) */
static const struct { const char *name; double y[3]; } funds[] = {
  { "Fondo Nazionale Politiche Sociali", { 853655.04, 892785.46, 892502.05 } },
  { "Fondo Nazionale Politiche Sociali - Covid", { 0, 0, 371681.72 } },
  { "Fondo Straordinario Covid", { 0, 0, 198261.14 } },
  { "Fondo Regionale Sociale", { 1206273.44, 1237867.66, 1245530.24 } },
  { "Fondo Non Autosufficienza", { 550006.00, 560165.00, 612053.09 } },
  { "Risorse aggiuntive Fondo Non autosufficienza", { 0, 0, 53169.00 } },
  { "Fondo Vigilanza e controllo Udo Sociali", { 11957.00, 11998.00, 12137.00 } },
  { "L. 112 - Dopo di Noi", { NAN, 227143.80, NAN } },
  { "Misura Reddito Autonomia", { NAN, 139200.00, NAN } },
  { "Misura Assistenti Familiari", { NAN, 67889.00, 23761.00 } },
  { "Politiche Abitative", { 94494.00, 229825.00, 576319.00 } },
  { "Povertà - Reddito di Cittadinanza", { 750142.50, 810513.00, 1456545.97 } },
  { "Povertà - Grave Emarginazione/Senza Dimora", { NAN, 97217.99, 97217.99 } },
  { "Dote Infanzia", { NAN, 0, 200068.00 } },
  { "Pacchetto Famiglia", { NAN, 0, 395046.00 } },
  { "Premialità Cartella Sociale Informatizzata", { NAN, 78582.23, NAN } },
  { "Premialità Piano di Zona 18/20", { NAN, 30000.00, NAN } },
  { "Premialità legata a Obiettivi Specifici PdZ", { NAN, NAN, 30000.00 } },
  { "Home Care Premium", { 67566.30, 47271.90, 46506.50 } },
  { "Progetti Innovazione e Sviluppo", { 1542662.72, 765022.85, 1556107.31 } },
};

static const struct { const char *name; double v; } areas[] = {
  { "Minori", 9193709.65 }, { "Disabili", 8664345.38 }, { "Anziani", 2897647.65 },
  { "Servizio sociale", 2217267.20 }, { "Emarginazione povertà", 372906.51 },
  { "Immigrazione", 255253.75 }, { "Salute mentale", 148826.21 }, { "Dipendenze", 15000.00 },
};

static ZonaChartData *
data_comuni (ZonaChartKind kind,
             gboolean      by_sex)
{
  ZonaChartData *d = zona_chart_data_new (kind, "Residenti nell'Ambito al 1° gennaio 2021",
                                          "ab.", "Fonte: ISTAT, dati al 01/01/2021");
  double m[G_N_ELEMENTS (comuni)], f[G_N_ELEMENTS (comuni)], t[G_N_ELEMENTS (comuni)];

  for (guint i = 0; i < G_N_ELEMENTS (comuni); i++)
    {
      zona_chart_data_add_category (d, comuni[i].name);
      m[i] = comuni[i].m;
      f[i] = comuni[i].f;
      t[i] = comuni[i].m + comuni[i].f;
    }
  if (by_sex)
    {
      zona_chart_data_add_series (d, "Maschi", m, G_N_ELEMENTS (m));
      zona_chart_data_add_series (d, "Femmine", f, G_N_ELEMENTS (f));
    }
  else
    zona_chart_data_add_series (d, "Totale", t, G_N_ELEMENTS (t));
  return d;
}

/* Funds: one category per year, one series per fund (stacked), or the reverse. */
static ZonaChartData *
data_funds (ZonaChartKind kind,
            gboolean      per_year,
            guint         n_funds)
{
  ZonaChartData *d = zona_chart_data_new (kind, "Fondi per fonte e anno", "€",
                                          "Fonte: Ufficio di Piano di Lodi");
  const char *years[] = { "2018", "2019", "2020" };

  n_funds = MIN (n_funds, G_N_ELEMENTS (funds));
  if (per_year)
    {
      for (guint y = 0; y < 3; y++)
        zona_chart_data_add_category (d, years[y]);
      for (guint i = 0; i < n_funds; i++)
        zona_chart_data_add_series (d, funds[i].name, funds[i].y, 3);
    }
  else
    {
      for (guint i = 0; i < n_funds; i++)
        zona_chart_data_add_category (d, funds[i].name);
      for (guint y = 0; y < 3; y++)
        {
          double v[G_N_ELEMENTS (funds)];
          for (guint i = 0; i < n_funds; i++)
            v[i] = funds[i].y[y];
          zona_chart_data_add_series (d, years[y], v, n_funds);
        }
    }
  return d;
}

/* Funds of one year, one bar per fund. */
static ZonaChartData *
data_funds_year (ZonaChartKind kind,
                 guint         year)
{
  ZonaChartData *d = zona_chart_data_new (kind, "Fondi 2020 per fonte", "€", NULL);
  double v[G_N_ELEMENTS (funds)];

  for (guint i = 0; i < G_N_ELEMENTS (funds); i++)
    {
      zona_chart_data_add_category (d, funds[i].name);
      v[i] = funds[i].y[year];
    }
  zona_chart_data_add_series (d, "2020", v, G_N_ELEMENTS (funds));
  return d;
}

/* Five-year bands, youngest first: illustrative figures for an Ambito of 82 000. */
static ZonaChartData *
data_pyramid (void)
{
  ZonaChartData *d = zona_chart_data_new (ZONA_CHART_PYRAMID,
                                          "Piramide demografica dell'Ambito, 2021", NULL,
                                          "Dati illustrativi");
  double m[20], f[20];

  for (guint b = 0; b < 20; b++)
    {
      g_autofree char *label = b == 19 ? g_strdup ("95+")
                                       : g_strdup_printf ("%u-%u", b * 5, b * 5 + 4);
      double base = 2600 * exp (-pow ((b - 10.5) / 7.5, 2) * 0.9) + 700;
      zona_chart_data_add_category (d, label);
      m[b] = round (base * (b < 13 ? 1.03 : 1.0 - (b - 13) * 0.05));
      f[b] = round (base * (b < 13 ? 0.98 : 1.0 + (b - 13) * 0.04));
      if (b >= 17)
        m[b] = round (m[b] * (20 - b) / 4.0), f[b] = round (f[b] * (21 - b) / 4.0);
    }
  zona_chart_data_add_series (d, "Maschi", m, 20);
  zona_chart_data_add_series (d, "Femmine", f, 20);
  return d;
}

/* Lodi, “tab. 1”: macro age classes over three years. */
static ZonaChartData *
data_age_classes (ZonaChartKind kind)
{
  ZonaChartData *d = zona_chart_data_new (kind,
                                          "Popolazione per macro classi d'età, 2018-2020",
                                          NULL, "Fonte: Istat");
  const char *bands[] = { "<3", "0-14", "0-17", "18-34", "35-49", "50-64", ">65", ">75" };
  const double y[3][8] = {
    { 8211, 33214, 39778, 40927, 55920, 49715, 50334, 25104 },
    { 7796, 32451, 38927, 40486, 52529, 51650, 50768, 25285 },
    { 7567, 32074, 38679, 40447, 51348, 52767, 51615, 25591 },
  };

  for (guint i = 0; i < 8; i++)
    zona_chart_data_add_category (d, bands[i]);
  zona_chart_data_add_series (d, "2018", y[0], 8);
  zona_chart_data_add_series (d, "2019", y[1], 8);
  zona_chart_data_add_series (d, "2020", y[2], 8);
  return d;
}

static ZonaChartData *
data_households (void)
{
  ZonaChartData *d = zona_chart_data_new (ZONA_CHART_LINE,
                                          "Famiglie residenti nell'Ambito di Lodi", "famiglie",
                                          NULL);
  const double v[] = { 96462, 97618, 98093, 98937, 99243, 99361, 99882, 100463, 100958,
                       101631 };

  for (guint i = 0; i < G_N_ELEMENTS (v); i++)
    {
      g_autofree char *year = g_strdup_printf ("%u", 2010 + i);
      zona_chart_data_add_category (d, year);
    }
  zona_chart_data_add_series (d, "Famiglie", v, G_N_ELEMENTS (v));
  return d;
}

static ZonaChartData *
data_areas (ZonaChartKind kind)
{
  ZonaChartData *d = zona_chart_data_new (kind, "Spesa sociale dei Comuni per area", "€",
                                          "Fonte: Ufficio di Piano di Lodi");
  double v[G_N_ELEMENTS (areas)];

  for (guint i = 0; i < G_N_ELEMENTS (areas); i++)
    {
      zona_chart_data_add_category (d, areas[i].name);
      v[i] = areas[i].v;
    }
  zona_chart_data_add_series (d, "Importi", v, G_N_ELEMENTS (v));
  return d;
}

static ZonaChartData *
data_simple (ZonaChartKind  kind,
             const double  *values,
             guint          n)
{
  ZonaChartData *d = zona_chart_data_new (kind, "Prova", NULL, NULL);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *label = g_strdup_printf ("C%u", i + 1);
      zona_chart_data_add_category (d, label);
    }
  zona_chart_data_add_series (d, "Serie", values, n);
  return d;
}

/* ---- helpers ------------------------------------------------------------ */

static ZonaChartStyle
test_style (void)
{
  ZonaChartStyle style = zona_chart_style_print ();

  style.font_size = 12;
  return style;
}

static gboolean
rects_overlap (const ZonaChartRect *a,
               const ZonaChartRect *b)
{
  const double e = 0.02;
  return a->x < b->x + b->width - e && b->x < a->x + a->width - e
         && a->y < b->y + b->height - e && b->y < a->y + a->height - e;
}

/* Every label inside the chart and clear of every other; every shape inside. */
static void
assert_layout_sane (const ZonaChartLayout *L)
{
  const double e = 0.02;

  for (guint i = 0; i < L->labels->len; i++)
    {
      const ZonaChartLabel *a = g_ptr_array_index (L->labels, i);

      if (a->rect.x < -e || a->rect.y < -e || a->rect.x + a->rect.width > L->width + e
          || a->rect.y + a->rect.height > L->height + e)
        g_error ("label “%.40s” (%g, %g, %g × %g) leaves the chart (%g × %g)", a->text,
                 a->rect.x, a->rect.y, a->rect.width, a->rect.height, L->width, L->height);
      g_assert_true (isfinite (a->rect.x) && isfinite (a->rect.y));
      for (guint j = i + 1; j < L->labels->len; j++)
        {
          const ZonaChartLabel *b = g_ptr_array_index (L->labels, j);
          if (rects_overlap (&a->rect, &b->rect))
            g_error ("labels “%.40s” and “%.40s” overlap", a->text, b->text);
        }
      for (guint j = 0; j < L->legend->len; j++)
        g_assert_false (rects_overlap (&a->rect,
                                       &g_array_index (L->legend, ZonaChartLegendEntry, j).swatch));
    }
  for (guint i = 0; i < L->bars->len; i++)
    {
      const ZonaChartBar *b = &g_array_index (L->bars, ZonaChartBar, i);
      g_assert_true (isfinite (b->rect.x) && isfinite (b->rect.y)
                     && isfinite (b->rect.width) && isfinite (b->rect.height));
      g_assert_cmpfloat (b->rect.width, >=, 0);
      g_assert_cmpfloat (b->rect.height, >=, 0);
      g_assert_cmpfloat (b->rect.x, >=, -e);
      g_assert_cmpfloat (b->rect.y, >=, -e);
      g_assert_cmpfloat (b->rect.x + b->rect.width, <=, L->width + e);
      g_assert_cmpfloat (b->rect.y + b->rect.height, <=, L->height + e);
    }
  for (guint i = 0; i < L->points->len; i++)
    {
      const ZonaChartPoint *p = &g_array_index (L->points, ZonaChartPoint, i);
      g_assert_true (p->x >= -e && p->x <= L->width + e && p->y >= -e && p->y <= L->height + e);
    }
}

static guint
count_labels (const ZonaChartLayout *L,
              ZonaChartLabelRole     role)
{
  guint n = 0;

  for (guint i = 0; i < L->labels->len; i++)
    n += ((ZonaChartLabel *) g_ptr_array_index (L->labels, i))->role == role;
  return n;
}

static const ZonaChartBar *
find_bar (const ZonaChartLayout *L,
          int                    series,
          int                    category)
{
  for (guint i = 0; i < L->bars->len; i++)
    {
      const ZonaChartBar *b = &g_array_index (L->bars, ZonaChartBar, i);
      if (b->series == series && b->category == category)
        return b;
    }
  return NULL;
}

/* Renders into an image; returns how many pixels differ from white. */
static guint
render_count_ink (const ZonaChartData  *data,
                  int                   width,
                  int                   height,
                  const ZonaChartStyle *style)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (surface);
  guint ink = 0;
  unsigned char *px;
  int stride;

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  zona_chart_render (cr, width, height, data, style);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  px = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      if ((*(guint32 *) (gpointer) (px + y * stride + x * 4) & 0xffffff) != 0xffffff)
        ink++;
  cairo_surface_destroy (surface);
  return ink;
}

static guint32
pixel_at (cairo_surface_t *surface,
          int              x,
          int              y)
{
  unsigned char *px = cairo_image_surface_get_data (surface);

  return *(guint32 *) (gpointer) (px + y * cairo_image_surface_get_stride (surface) + x * 4)
         & 0xffffff;
}

/* ---- numbers and alternative text --------------------------------------- */

static void
test_format_number (void)
{
  struct { double v; int d; const char *s; } cases[] = {
    { 1234.5, -1, "1.234,5" }, { 853655.04, -1, "853.655,04" }, { 12.1, -1, "12,1" },
    { 0, -1, "0" }, { -0.0, 2, "0,00" }, { -1234567, -1, "-1.234.567" }, { 100, 0, "100" },
    { 999.999, 2, "1.000,00" }, { 0.5, 1, "0,5" }, { 81981, -1, "81.981" },
    { NAN, -1, "n.d." }, { 1.0 / 3, -1, "0,33" }, { 0.001234, -1, "0,00123" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *s = zona_chart_format_number (cases[i].v, cases[i].d);
      g_assert_cmpstr (s, ==, cases[i].s);
    }
}

static void
test_alt_text (void)
{
  const double shares[] = { 12.1, 63.4, 24.5 };
  const double m[] = { 1939, 598 }, f[] = { 2043, NAN };
  g_autoptr(ZonaChartData) d = zona_chart_data_new (ZONA_CHART_BAR,
                                                    "Popolazione per fascia d'età, 2023", "%",
                                                    NULL);
  g_autoptr(ZonaChartData) two = zona_chart_data_new (ZONA_CHART_GROUPED_BAR, NULL, NULL, NULL);
  g_autoptr(ZonaChartData) big = zona_chart_data_new (ZONA_CHART_LINE, "Serie lunga", NULL, NULL);
  g_autoptr(ZonaChartData) empty = zona_chart_data_new (ZONA_CHART_PIE, "Vuoto", NULL, NULL);
  g_autofree char *alt = NULL, *alt2 = NULL, *alt3 = NULL, *alt4 = NULL;
  g_autofree double *values = g_new (double, 1000);

  zona_chart_data_add_category (d, "0-14 anni");
  zona_chart_data_add_category (d, "15-64 anni");
  zona_chart_data_add_category (d, "65 anni e più");
  zona_chart_data_add_series (d, "Quota", shares, 3);
  alt = zona_chart_alt_text (d);
  g_assert_cmpstr (alt, ==, "Popolazione per fascia d'età, 2023: 0-14 anni 12,1 %, "
                            "15-64 anni 63,4 %, 65 anni e più 24,5 %.");

  zona_chart_data_add_category (two, "Bozzolo");
  zona_chart_data_add_category (two, "Calvatone");
  zona_chart_data_add_series (two, "Maschi", m, 2);
  zona_chart_data_add_series (two, "Femmine", f, 2);
  alt2 = zona_chart_alt_text (two);
  g_assert_cmpstr (alt2, ==, "Grafico a barre affiancate: Bozzolo: Maschi 1.939, Femmine 2.043; "
                             "Calvatone: Maschi 598, Femmine n.d..");

  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *label = g_strdup_printf ("%u", 1000 + i);
      zona_chart_data_add_category (big, label);
      values[i] = i * 1.5;
    }
  zona_chart_data_add_series (big, "Valore", values, 1000);
  alt3 = zona_chart_alt_text (big);
  g_assert_true (g_str_has_prefix (alt3, "Serie lunga: 1000 0, 1001 1,5, 1002 3, "));
  g_assert_true (g_str_has_suffix (alt3, "1029 43,5 … e altri 970 valori."));
  g_assert_cmpuint (strlen (alt3), <, 1500);

  alt4 = zona_chart_alt_text (empty);
  g_assert_cmpstr (alt4, ==, "Vuoto: nessun dato.");
}

/* ---- geometry ----------------------------------------------------------- */

static void
test_bar_geometry (void)
{
  const double v[] = { 10, 20, 35, 5 };
  g_autoptr(ZonaChartData) d = data_simple (ZONA_CHART_BAR, v, 4);
  ZonaChartStyle style = test_style ();
  g_autoptr(ZonaChartLayout) L = zona_chart_layout (d, 600, 400, &style);
  double per_unit;

  assert_layout_sane (L);
  g_assert_false (L->empty);
  g_assert_false (L->horizontal);
  g_assert_cmpuint (L->bars->len, ==, 4);
  g_assert_cmpfloat (L->axis_min, ==, 0);
  g_assert_cmpfloat (L->axis_max, >=, 35);
  g_assert_cmpfloat (L->axis_max, <=, 50);   /* a nice step above the data, not far */
  g_assert_cmpfloat_with_epsilon (L->zero, L->plot.y + L->plot.height, 1e-6);

  per_unit = g_array_index (L->bars, ZonaChartBar, 0).rect.height / 10;
  g_assert_cmpfloat (per_unit, >, 0);
  for (guint i = 0; i < 4; i++)
    {
      const ZonaChartBar *b = &g_array_index (L->bars, ZonaChartBar, i);
      g_assert_cmpint (b->category, ==, (int) i);
      g_assert_cmpfloat_with_epsilon (b->rect.height, v[i] * per_unit, 1e-6);
      g_assert_cmpfloat_with_epsilon (b->rect.y + b->rect.height, L->zero, 1e-6);
      if (i > 0)
        g_assert_cmpfloat (b->rect.x, >, g_array_index (L->bars, ZonaChartBar, i - 1).rect.x);
    }
  /* ticks: 1-2-5 steps from 0 to the top, all labelled */
  g_assert_cmpuint (L->ticks->len, >=, 3);
  g_assert_cmpfloat (g_array_index (L->ticks, ZonaChartTick, 0).value, ==, 0);
  {
    double step = g_array_index (L->ticks, ZonaChartTick, 1).value;
    double mant = step / pow (10, floor (log10 (step)));
    g_assert_true (fabs (mant - 1) < 1e-9 || fabs (mant - 2) < 1e-9 || fabs (mant - 5) < 1e-9);
  }
  g_assert_cmpuint (count_labels (L, ZONA_CHART_LABEL_TICK), ==, L->ticks->len);
  g_assert_cmpuint (count_labels (L, ZONA_CHART_LABEL_CATEGORY), ==, 4);
  g_assert_cmpuint (count_labels (L, ZONA_CHART_LABEL_VALUE), ==, 4);
  g_assert_cmpuint (count_labels (L, ZONA_CHART_LABEL_TITLE), ==, 1);
}

static void
test_bar_negative (void)
{
  const double v[] = { -5, 10, -12.5, 3 };
  ZonaChartStyle style = test_style ();

  for (guint k = 0; k < 2; k++)
    {
      g_autoptr(ZonaChartData) d = data_simple (k ? ZONA_CHART_HBAR : ZONA_CHART_BAR, v, 4);
      g_autoptr(ZonaChartLayout) L = zona_chart_layout (d, 600, 400, &style);
      double per_unit = 0;

      assert_layout_sane (L);
      g_assert_cmpfloat (L->axis_min, <=, -12.5);
      g_assert_cmpfloat (L->axis_max, >=, 10);
      for (guint i = 0; i < 4; i++)
        {
          const ZonaChartBar *b = &g_array_index (L->bars, ZonaChartBar, i);
          double len = k ? b->rect.width : b->rect.height;
          if (i == 0)
            per_unit = len / 5;
          g_assert_cmpfloat_with_epsilon (len, fabs (v[i]) * per_unit, 1e-6);
          if (!k)
            {
              /* negative bars hang below zero, positive ones stand on it */
              if (v[i] < 0)
                g_assert_cmpfloat_with_epsilon (b->rect.y, L->zero, 1e-6);
              else
                g_assert_cmpfloat_with_epsilon (b->rect.y + b->rect.height, L->zero, 1e-6);
            }
          else if (v[i] < 0)
            g_assert_cmpfloat_with_epsilon (b->rect.x + b->rect.width, L->zero, 1e-6);
          else
            g_assert_cmpfloat_with_epsilon (b->rect.x, L->zero, 1e-6);
        }
    }
}

static void
test_hbar_geometry (void)
{
  g_autoptr(ZonaChartData) d = data_comuni (ZONA_CHART_HBAR, FALSE);
  ZonaChartStyle style = test_style ();
  g_autoptr(ZonaChartLayout) L = zona_chart_layout (d, 700, 800, &style);
  const ZonaChartBar *first, *viadana;

  assert_layout_sane (L);
  g_assert_true (L->horizontal);
  g_assert_cmpfloat (L->axis_min, ==, 0);
  g_assert_cmpfloat (L->axis_max, >=, 19547);
  g_assert_cmpuint (L->bars->len, ==, G_N_ELEMENTS (comuni));
  first = find_bar (L, 0, 0);
  viadana = find_bar (L, 0, 25);
  /* first row on top, lengths proportional */
  g_assert_cmpfloat (first->rect.y, <, viadana->rect.y);
  g_assert_cmpfloat_with_epsilon (first->rect.width / 3982, viadana->rect.width / 19547, 1e-9);
  g_assert_cmpfloat_with_epsilon (first->rect.x, L->zero, 1e-6);
  /* 27 rows in 800 units: every comune named */
  g_assert_cmpuint (count_labels (L, ZONA_CHART_LABEL_CATEGORY), ==, G_N_ELEMENTS (comuni));
  g_assert_cmpuint (L->category_step, ==, 1);
}

static void
test_stacked_adds_up (void)
{
  g_autoptr(ZonaChartData) d = data_funds (ZONA_CHART_STACKED_BAR, TRUE, 20);
  ZonaChartStyle style = test_style ();
  g_autoptr(ZonaChartLayout) L = zona_chart_layout (d, 700, 500, &style);
  const double totals[3] = { 5076757.00, 5195481.89, 7766906.01 };   /* the plan's TOTALI */
  double scale = L->plot.height / (L->axis_max - L->axis_min);

  assert_layout_sane (L);
  g_assert_cmpfloat (L->axis_min, ==, 0);
  g_assert_cmpfloat (L->axis_max, >=, totals[2]);
  for (int c = 0; c < 3; c++)
    {
      double sum = 0, top = G_MAXDOUBLE, bottom = -G_MAXDOUBLE;

      for (guint i = 0; i < L->bars->len; i++)
        {
          const ZonaChartBar *b = &g_array_index (L->bars, ZonaChartBar, i);
          if (b->category != c)
            continue;
          sum += b->rect.height;
          top = MIN (top, b->rect.y);
          bottom = MAX (bottom, b->rect.y + b->rect.height);
        }
      /* the segments add up to the total, touching one another, from zero */
      g_assert_cmpfloat_with_epsilon (sum, totals[c] * scale, 1e-6 * totals[c] * scale);
      g_assert_cmpfloat_with_epsilon (bottom - top, sum, 1e-6 * sum);
      g_assert_cmpfloat_with_epsilon (bottom, L->zero, 1e-6);
    }
  /* 20 funds: every one in the legend, or the legend says how many are left */
  g_assert_cmpuint (L->legend->len, >=, 10);
}

static void
test_stacked_negative (void)
{
  const double a[] = { 10, -4, 6 }, b[] = { 5, -6, -2 };
  g_autoptr(ZonaChartData) d = zona_chart_data_new (ZONA_CHART_STACKED_BAR, NULL, NULL, NULL);
  ZonaChartStyle style = test_style ();
  g_autoptr(ZonaChartLayout) L = NULL;

  for (guint i = 0; i < 3; i++)
    zona_chart_data_add_category (d, "X");
  zona_chart_data_add_series (d, "A", a, 3);
  zona_chart_data_add_series (d, "B", b, 3);
  L = zona_chart_layout (d, 500, 300, &style);
  assert_layout_sane (L);
  g_assert_cmpfloat (L->axis_min, <=, -10);
  g_assert_cmpfloat (L->axis_max, >=, 15);
  /* category 1: both below zero, B under A */
  g_assert_cmpfloat_with_epsilon (find_bar (L, 0, 1)->rect.y, L->zero, 1e-6);
  g_assert_cmpfloat_with_epsilon (find_bar (L, 1, 1)->rect.y,
                                  find_bar (L, 0, 1)->rect.y + find_bar (L, 0, 1)->rect.height,
                                  1e-6);
}

static void
test_grouped_side_by_side (void)
{
  g_autoptr(ZonaChartData) d = data_age_classes (ZONA_CHART_GROUPED_BAR);
  ZonaChartStyle style = test_style ();
  g_autoptr(ZonaChartLayout) L = zona_chart_layout (d, 800, 450, &style);

  assert_layout_sane (L);
  g_assert_cmpuint (L->bars->len, ==, 24);
  g_assert_cmpuint (L->legend->len, ==, 3);
  for (int c = 0; c < 8; c++)
    for (int s = 1; s < 3; s++)
      {
        const ZonaChartBar *prev = find_bar (L, s - 1, c), *b = find_bar (L, s, c);
        g_assert_cmpfloat (b->rect.x, >=, prev->rect.x + prev->rect.width - 1e-6);
        g_assert_cmpfloat_with_epsilon (b->rect.width, prev->rect.width, 1e-6);
        /* bars of a category stay within its slot */
        g_assert_cmpfloat (b->rect.x + b->rect.width, <=, L->plot.x + (c + 1) * L->plot.width / 8);
      }
}

static void
test_line_points (void)
{
  const double v[] = { 96462, NAN, 98093, 98937, 99243 };
  g_autoptr(ZonaChartData) d = data_simple (ZONA_CHART_LINE, v, 5);
  ZonaChartStyle style = test_style ();
  g_autoptr(ZonaChartLayout) L = zona_chart_layout (d, 600, 300, &style);
  double scale = L->plot.height / (L->axis_max - L->axis_min);

  assert_layout_sane (L);
  g_assert_cmpuint (L->points->len, ==, 4);   /* the missing year is left out */
  g_assert_cmpfloat (L->axis_min, <=, 96462);
  g_assert_cmpfloat (L->axis_max, >=, 99243);
  for (guint i = 0; i < L->points->len; i++)
    {
      const ZonaChartPoint *p = &g_array_index (L->points, ZonaChartPoint, i);
      g_assert_cmpfloat_with_epsilon (p->y, L->plot.y + (L->axis_max - p->value) * scale, 1e-6);
      if (i > 0)
        g_assert_cmpfloat (p->x, >, g_array_index (L->points, ZonaChartPoint, i - 1).x);
    }
  g_assert_cmpint (g_array_index (L->points, ZonaChartPoint, 1).category, ==, 2);
}

static void
test_pie_wedges (void)
{
  const double v[] = { 30, -5, 10, 0, NAN, 60 };
  g_autoptr(ZonaChartData) d = data_simple (ZONA_CHART_PIE, v, 6);
  g_autoptr(ZonaChartData) many = data_comuni (ZONA_CHART_DONUT, FALSE);
  ZonaChartStyle style = test_style ();
  g_autoptr(ZonaChartLayout) L = zona_chart_layout (d, 500, 400, &style);
  g_autoptr(ZonaChartLayout) M = zona_chart_layout (many, 700, 450, &style);
  double sum = 0, total = 0;
  gboolean note = FALSE;

  assert_layout_sane (L);
  g_assert_cmpuint (L->wedges->len, ==, 3);
  g_assert_cmpuint (L->n_excluded, ==, 1);
  for (guint i = 0; i < L->labels->len; i++)
    {
      const ZonaChartLabel *label = g_ptr_array_index (L->labels, i);
      if (label->role == ZONA_CHART_LABEL_NOTE)
        note = g_str_equal (label->text, "Escluso 1 valore negativo");
    }
  g_assert_true (note);
  for (guint i = 0; i < L->wedges->len; i++)
    {
      const ZonaChartWedge *w = &g_array_index (L->wedges, ZonaChartWedge, i);
      g_assert_cmpfloat_with_epsilon (w->end_angle - w->start_angle, 2 * G_PI * w->value / 100,
                                      1e-9);
      if (i > 0)
        g_assert_cmpfloat_with_epsilon (w->start_angle,
                                        g_array_index (L->wedges, ZonaChartWedge, i - 1).end_angle,
                                        1e-9);
      sum += w->end_angle - w->start_angle;
    }
  g_assert_cmpfloat_with_epsilon (sum, 2 * G_PI, 1e-9);
  g_assert_cmpfloat_with_epsilon (g_array_index (L->wedges, ZonaChartWedge, 0).start_angle,
                                  -G_PI / 2, 1e-9);
  g_assert_cmpfloat (L->radius, >, 0);
  g_assert_cmpfloat (L->inner_radius, ==, 0);
  g_assert_cmpuint (L->legend->len, ==, 3);

  /* 27 comuni: the 7 largest and “Altri”, a hole in the middle */
  assert_layout_sane (M);
  g_assert_cmpuint (M->wedges->len, ==, 8);
  g_assert_cmpint (g_array_index (M->wedges, ZonaChartWedge, 7).category, ==, -1);
  for (guint i = 0; i < M->wedges->len; i++)
    total += g_array_index (M->wedges, ZonaChartWedge, i).value;
  g_assert_cmpfloat_with_epsilon (total, 81981, 1e-6);
  g_assert_cmpfloat (M->inner_radius, >, 0);
  g_assert_cmpfloat (M->inner_radius, <, M->radius);
}

static void
test_pyramid_mirror (void)
{
  const double m[] = { 100, 200, 300 }, f[] = { 100, 250, 150 };
  g_autoptr(ZonaChartData) d = zona_chart_data_new (ZONA_CHART_PYRAMID, "Piramide", NULL, NULL);
  g_autoptr(ZonaChartData) real = data_pyramid ();
  ZonaChartStyle style = test_style ();
  g_autoptr(ZonaChartLayout) L = NULL;
  g_autoptr(ZonaChartLayout) R = NULL;
  double centre;

  zona_chart_data_add_category (d, "0-4");
  zona_chart_data_add_category (d, "5-9");
  zona_chart_data_add_category (d, "10-14");
  zona_chart_data_add_series (d, "Maschi", m, 3);
  zona_chart_data_add_series (d, "Femmine", f, 3);
  L = zona_chart_layout (d, 600, 400, &style);
  assert_layout_sane (L);
  g_assert_true (L->horizontal);
  g_assert_cmpfloat (L->axis_max, >=, 300);
  centre = (L->zero + L->zero_right) / 2;
  for (int c = 0; c < 3; c++)
    {
      const ZonaChartBar *left = find_bar (L, 0, c), *right = find_bar (L, 1, c);

      /* males grow to the left of the middle, females to the right, same scale */
      g_assert_cmpfloat_with_epsilon (left->rect.x + left->rect.width, L->zero, 1e-6);
      g_assert_cmpfloat_with_epsilon (right->rect.x, L->zero_right, 1e-6);
      g_assert_cmpfloat_with_epsilon (left->rect.width / m[c], right->rect.width / f[c], 1e-9);
      g_assert_cmpfloat_with_epsilon (left->rect.y, right->rect.y, 1e-9);
      if (m[c] == f[c])
        g_assert_cmpfloat_with_epsilon (centre - left->rect.x,
                                        right->rect.x + right->rect.width - centre, 1e-6);
    }
  /* youngest band at the bottom */
  g_assert_cmpfloat (find_bar (L, 0, 0)->rect.y, >, find_bar (L, 0, 2)->rect.y);
  /* ticks mirror too */
  g_assert_cmpuint (L->ticks->len % 2, ==, 0);
  for (guint i = 0; i < L->ticks->len / 2; i++)
    {
      const ZonaChartTick *a = &g_array_index (L->ticks, ZonaChartTick, i);
      const ZonaChartTick *b = &g_array_index (L->ticks, ZonaChartTick, i + L->ticks->len / 2);
      g_assert_cmpfloat (a->value, ==, b->value);
      g_assert_cmpfloat_with_epsilon (centre - a->position, b->position - centre, 1e-6);
    }

  R = zona_chart_layout (real, 600, 500, &style);
  assert_layout_sane (R);
  g_assert_cmpuint (R->bars->len, ==, 40);
  g_assert_cmpuint (R->legend->len, ==, 2);
}

/* Labels of real charts: inside, apart, and ellipsized when long. */
static void
test_labels_fit (void)
{
  ZonaChartStyle style = test_style ();
  const double sizes[][2] = { { 320, 200 }, { 480, 300 }, { 640, 400 }, { 945, 591 },
                              { 1600, 900 }, { 300, 700 } };

  for (guint k = 0; k < N_KINDS; k++)
    for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
      {
        ZonaChartData *sets[] = {
          data_comuni (all_kinds[k], all_kinds[k] != ZONA_CHART_BAR
                                     && all_kinds[k] != ZONA_CHART_HBAR),
          data_funds (all_kinds[k], all_kinds[k] == ZONA_CHART_STACKED_BAR, 20),
          data_age_classes (all_kinds[k]),
          data_areas (all_kinds[k]),
          data_pyramid (),
          data_households (),
        };
        sets[4]->kind = all_kinds[k];
        sets[5]->kind = all_kinds[k];
        for (guint i = 0; i < G_N_ELEMENTS (sets); i++)
          {
            g_autoptr(ZonaChartLayout) L = zona_chart_layout (sets[i], sizes[s][0], sizes[s][1],
                                                              &style);
            assert_layout_sane (L);
            g_assert_false (L->empty);
            /* ellipsized labels fit their box */
            for (guint j = 0; j < L->labels->len; j++)
              {
                const ZonaChartLabel *label = g_ptr_array_index (L->labels, j);
                if (label->role == ZONA_CHART_LABEL_CATEGORY && !label->rotated
                    && L->kind == ZONA_CHART_HBAR)
                  g_assert_cmpfloat (label->rect.width, <=, sizes[s][0] * 0.35 + 0.01);
              }
            zona_chart_data_free (sets[i]);
          }
      }
}

/* ---- edge cases --------------------------------------------------------- */

typedef enum {
  EDGE_EMPTY,
  EDGE_NO_SERIES,
  EDGE_ONE_VALUE,
  EDGE_ALL_ZEROS,
  EDGE_NEGATIVE,
  EDGE_NAN_CELLS,
  EDGE_ALL_NAN,
  EDGE_1000_ROWS,
  EDGE_LONG_LABELS,
  EDGE_HUGE_VALUES,
  EDGE_EXTREME_VALUES,
  N_EDGES
} Edge;

static const char *edge_names[N_EDGES] = {
  "empty", "no-series", "one-value", "all-zeros", "negative", "nan-cells", "all-nan",
  "1000-rows", "long-labels", "huge-values", "extreme-values",
};

static ZonaChartData *
data_edge (ZonaChartKind kind,
           Edge          edge)
{
  g_autofree char *long_text = NULL;
  ZonaChartData *d;
  GString *s = g_string_new (NULL);

  while (s->len < 200)
    g_string_append (s, "Comune con un nome lunghissimo ");
  g_string_truncate (s, 200);
  long_text = g_string_free (s, FALSE);

  d = zona_chart_data_new (kind, edge == EDGE_LONG_LABELS ? long_text : "Caso limite",
                           edge == EDGE_LONG_LABELS ? long_text : NULL,
                           edge == EDGE_LONG_LABELS ? long_text : NULL);
  switch (edge)
    {
    case EDGE_EMPTY:
      zona_chart_data_add_series (d, "Vuota", NULL, 0);
      zona_chart_data_add_series (d, "Vuota 2", NULL, 0);
      break;
    case EDGE_NO_SERIES:
      zona_chart_data_add_category (d, "Solo etichetta");
      break;
    case EDGE_ONE_VALUE:
      {
        const double v = 42;
        zona_chart_data_add_category (d, "Unico");
        zona_chart_data_add_series (d, "Serie", &v, 1);
      }
      break;
    case EDGE_ALL_ZEROS:
    case EDGE_NEGATIVE:
    case EDGE_NAN_CELLS:
    case EDGE_ALL_NAN:
    case EDGE_HUGE_VALUES:
    case EDGE_EXTREME_VALUES:
      {
        double a[6], b[6];
        for (guint i = 0; i < 6; i++)
          {
            g_autofree char *label = g_strdup_printf ("%u-%u", i * 5, i * 5 + 4);
            zona_chart_data_add_category (d, label);
            switch (edge)
              {
              case EDGE_ALL_ZEROS: a[i] = b[i] = 0; break;
              case EDGE_NEGATIVE:
                a[i] = (i % 2 ? -1.0 : 1.0) * (i + 1) * 100;
                b[i] = -50.0 * i;
                break;
              case EDGE_NAN_CELLS: a[i] = i % 2 ? NAN : i * 10.0; b[i] = i == 3 ? NAN : 20; break;
              case EDGE_ALL_NAN: a[i] = b[i] = NAN; break;
              case EDGE_EXTREME_VALUES:
                a[i] = i % 2 ? G_MAXDOUBLE : -G_MAXDOUBLE;
                b[i] = i == 0 ? INFINITY : i == 1 ? G_MINDOUBLE : 1e-300;
                break;
              default: a[i] = 1e15 * (i + 1); b[i] = 9.99e14; break;
              }
          }
        zona_chart_data_add_series (d, "Maschi", a, 6);
        zona_chart_data_add_series (d, "Femmine", b, 6);
      }
      break;
    case EDGE_1000_ROWS:
      {
        double a[1000], b[1000];
        for (guint i = 0; i < 1000; i++)
          {
            g_autofree char *label = g_strdup_printf ("Riga %u", i + 1);
            zona_chart_data_add_category (d, label);
            a[i] = 1000 + 900 * sin (i / 50.0);
            b[i] = 800 + (i % 7) * 30;
          }
        zona_chart_data_add_series (d, "Maschi", a, 1000);
        zona_chart_data_add_series (d, "Femmine", b, 1000);
      }
      break;
    case EDGE_LONG_LABELS:
      {
        const double a[] = { 12, 30, 7 }, b[] = { 4, 16, 22 };
        for (guint i = 0; i < 3; i++)
          {
            g_autofree char *label = g_strdup_printf ("%u %s", i + 1, long_text);
            zona_chart_data_add_category (d, label);
          }
        zona_chart_data_add_series (d, long_text, a, 3);
        zona_chart_data_add_series (d, long_text, b, 3);
      }
      break;
    default:
      g_assert_not_reached ();
    }
  return d;
}

static void
check_edge (ZonaChartKind          kind,
            Edge                   edge,
            const ZonaChartLayout *L,
            gboolean               roomy)
{
  gboolean pie = kind == ZONA_CHART_PIE || kind == ZONA_CHART_DONUT;

  switch (edge)
    {
    case EDGE_EMPTY:
    case EDGE_NO_SERIES:
    case EDGE_ALL_NAN:
      g_assert_true (L->empty);
      g_assert_cmpuint (L->bars->len + L->points->len + L->wedges->len, ==, 0);
      if (roomy)
        g_assert_cmpuint (count_labels (L, ZONA_CHART_LABEL_NOTE), ==, 1);
      break;
    case EDGE_ONE_VALUE:
      g_assert_false (L->empty);
      g_assert_cmpuint (L->bars->len + L->points->len + L->wedges->len, ==, 1);
      if (pie)
        g_assert_cmpfloat_with_epsilon (g_array_index (L->wedges, ZonaChartWedge, 0).end_angle
                                        - g_array_index (L->wedges, ZonaChartWedge, 0).start_angle,
                                        2 * G_PI, 1e-9);
      else if (kind != ZONA_CHART_LINE)
        {
          g_assert_cmpfloat (L->axis_min, ==, 0);
          g_assert_cmpfloat (L->axis_max, >=, 42);
        }
      break;
    case EDGE_ALL_ZEROS:
      if (pie)
        {
          g_assert_true (L->empty);
          if (roomy)
            g_assert_cmpuint (count_labels (L, ZONA_CHART_LABEL_NOTE), ==, 1);
        }
      else
        {
          g_assert_false (L->empty);
          g_assert_cmpfloat (L->axis_max, >, L->axis_min);
          for (guint i = 0; i < L->bars->len; i++)
            g_assert_cmpfloat (MIN (g_array_index (L->bars, ZonaChartBar, i).rect.width,
                                    g_array_index (L->bars, ZonaChartBar, i).rect.height),
                               <=, 1e-9);
        }
      break;
    case EDGE_NEGATIVE:
      if (pie)
        {
          g_assert_cmpuint (L->n_excluded, ==, 3);
          g_assert_cmpuint (L->wedges->len, ==, 3);
        }
      else if (kind != ZONA_CHART_PYRAMID)
        g_assert_cmpfloat (L->axis_min, <, 0);
      break;
    case EDGE_NAN_CELLS:
      g_assert_false (L->empty);
      if (pie)
        g_assert_cmpuint (L->wedges->len, ==, 2);   /* 20 and 40: 0 and NAN have no wedge */
      else if (kind == ZONA_CHART_LINE)
        g_assert_cmpuint (L->points->len, ==, 8);
      else
        g_assert_cmpuint (L->bars->len, ==, 8);
      break;
    case EDGE_1000_ROWS:
      g_assert_false (L->empty);
      if (pie)
        g_assert_cmpuint (L->wedges->len, ==, 8);
      else if (roomy)
        {
          g_assert_cmpuint (L->category_step, >, 1);
          g_assert_cmpuint (count_labels (L, ZONA_CHART_LABEL_CATEGORY), >, 3);
          g_assert_cmpuint (count_labels (L, ZONA_CHART_LABEL_CATEGORY), <, 200);
        }
      break;
    case EDGE_LONG_LABELS:
      g_assert_false (L->empty);
      for (guint i = 0; i < L->labels->len; i++)
        {
          const ZonaChartLabel *label = g_ptr_array_index (L->labels, i);
          /* titles and captions may wrap to two lines; other labels are cut */
          if (strlen (label->text) >= 200 && label->role != ZONA_CHART_LABEL_TITLE
              && label->role != ZONA_CHART_LABEL_CAPTION)
            g_assert_true (label->ellipsized);
        }
      if (roomy)
        g_assert_cmpuint (count_labels (L, ZONA_CHART_LABEL_TITLE), ==, 1);
      break;
    case EDGE_HUGE_VALUES:
      g_assert_false (L->empty);
      if (!pie)
        g_assert_cmpfloat (L->axis_max, >=, 6e15);
      break;
    default:
      break;
    }
}

static void
test_edge_cases (void)
{
  ZonaChartStyle style = test_style ();
  const double sizes[][2] = { { 0, 0 }, { 1, 1 }, { 10, 10 }, { 60, 40 }, { 150, 600 },
                              { 400, 300 }, { 1200, 800 }, { NAN, 100 } };

  for (guint k = 0; k < N_KINDS; k++)
    for (guint e = 0; e < N_EDGES; e++)
      {
        g_autoptr(ZonaChartData) d = data_edge (all_kinds[k], e);

        for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
          {
            g_autoptr(ZonaChartLayout) L = zona_chart_layout (d, sizes[s][0], sizes[s][1],
                                                              &style);
            cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 64, 64);
            cairo_t *cr = cairo_create (surface);

            if (g_test_verbose ())
              g_test_message ("%s %s %g×%g", zona_chart_kind_to_string (all_kinds[k]),
                              edge_names[e], sizes[s][0], sizes[s][1]);
            assert_layout_sane (L);
            if (sizes[s][0] >= 60)   /* smaller: nothing but no crash */
              check_edge (all_kinds[k], e, L, sizes[s][0] >= 400);
            zona_chart_paint (cr, L);
            g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
            cairo_destroy (cr);
            cairo_surface_destroy (surface);
          }
        /* something is drawn: the title at least, marks when there are values */
        g_assert_cmpuint (render_count_ink (d, 400, 300, &style), >, 100);
      }
}

/* ---- pixels ------------------------------------------------------------- */

static void
test_pixels (void)
{
  const double v[] = { 50, 100 };
  g_autoptr(ZonaChartData) d = data_simple (ZONA_CHART_BAR, v, 2);
  ZonaChartStyle style = test_style ();
  g_autoptr(ZonaChartLayout) L = zona_chart_layout (d, 400, 300, &style);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 400, 300);
  cairo_t *cr = cairo_create (surface);
  const ZonaChartBar *b = find_bar (L, 0, 1);
  ZonaChartStyle dark = style;

  zona_chart_paint (cr, L);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  /* the bar is Okabe–Ito orange, the background white */
  g_assert_cmphex (pixel_at (surface, (int) (b->rect.x + b->rect.width / 2),
                             (int) (b->rect.y + b->rect.height * 0.75)), ==, 0xE69F00);
  g_assert_cmphex (pixel_at (surface, 399, 299), ==, 0xffffff);
  cairo_surface_destroy (surface);

  /* the palette: Okabe–Ito on light, black lightened on dark */
  g_assert_cmpfloat (zona_chart_style_series_color (&style, 7).red, ==, 0);
  dark.dark = TRUE;
  g_assert_cmpfloat (zona_chart_style_series_color (&dark, 7).red, >, 0.5);
  /* past 8 series: the same hues, darker on light backgrounds, lighter on dark ones */
  g_assert_cmpfloat (zona_chart_style_series_color (&style, 8).green, <,
                     zona_chart_style_series_color (&style, 0).green);
  g_assert_cmpfloat (zona_chart_style_series_color (&dark, 8).green, >,
                     zona_chart_style_series_color (&dark, 0).green);
}

/* The same layout at twice the scale: the marks land on the same places. */
static void
test_scale_invariant (void)
{
  g_autoptr(ZonaChartData) d = data_comuni (ZONA_CHART_BAR, FALSE);
  ZonaChartStyle a = test_style (), b = test_style ();
  g_autoptr(ZonaChartLayout) La = NULL;
  g_autoptr(ZonaChartLayout) Lb = NULL;

  b.font_size *= 2;
  La = zona_chart_layout (d, 600, 400, &a);
  Lb = zona_chart_layout (d, 1200, 800, &b);
  g_assert_cmpuint (La->labels->len, ==, Lb->labels->len);
  g_assert_cmpuint (La->bars->len, ==, Lb->bars->len);
  for (guint i = 0; i < La->bars->len; i++)
    g_assert_cmpfloat_with_epsilon (g_array_index (La->bars, ZonaChartBar, i).rect.height * 2,
                                    g_array_index (Lb->bars, ZonaChartBar, i).rect.height, 0.05);
}

/* ---- exports ------------------------------------------------------------ */

static void
test_svg_well_formed (void)
{
  for (guint k = 0; k < N_KINDS; k++)
    {
      g_autoptr(ZonaChartData) d = data_comuni (all_kinds[k], all_kinds[k] != ZONA_CHART_BAR);
      g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
      g_autoptr(GError) error = NULL;
      GMemoryOutputStream *mem;
      xmlDocPtr doc;
      xmlNodePtr root;
      xmlChar *width;

      g_free (d->title);
      d->title = g_strdup ("Titolo con <caratteri> & “virgolette”");
      g_assert_true (zona_chart_write_svg (d, out, 425.2, 283.5, &error));
      g_assert_no_error (error);
      g_assert_true (g_output_stream_close (out, NULL, NULL));
      mem = G_MEMORY_OUTPUT_STREAM (out);
      doc = xmlReadMemory (g_memory_output_stream_get_data (mem),
                           (int) g_memory_output_stream_get_data_size (mem),
                           "chart.svg", NULL, XML_PARSE_NONET);
      g_assert_nonnull (doc);
      root = xmlDocGetRootElement (doc);
      g_assert_cmpstr ((const char *) root->name, ==, "svg");
      width = xmlGetProp (root, BAD_CAST "width");
      g_assert_cmpstr ((const char *) width, ==, "425.2pt");
      xmlFree (width);
      xmlFreeDoc (doc);
    }
}

static void
test_png_size (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("zona-charts-XXXXXX", &error);
  const int sizes[][2] = { { 945, 591 }, { 1, 1 }, { 333, 777 } };

  g_assert_no_error (error);
  for (guint k = 0; k < N_KINDS; k++)
    for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
      {
        g_autoptr(ZonaChartData) d = data_funds (all_kinds[k],
                                                 all_kinds[k] == ZONA_CHART_STACKED_BAR, 20);
        g_autofree char *path = g_build_filename (dir, "chart.png", NULL);
        cairo_surface_t *png;

        g_assert_true (zona_chart_write_file (d, path, ZONA_CHART_FORMAT_PNG, sizes[s][0],
                                              sizes[s][1], 150, &error));
        g_assert_no_error (error);
        png = cairo_image_surface_create_from_png (path);
        g_assert_cmpint (cairo_surface_status (png), ==, CAIRO_STATUS_SUCCESS);
        g_assert_cmpint (cairo_image_surface_get_width (png), ==, sizes[s][0]);
        g_assert_cmpint (cairo_image_surface_get_height (png), ==, sizes[s][1]);
        cairo_surface_destroy (png);
        g_unlink (path);
      }

  /* PDF: a PDF; a folder that does not exist: an error for the user */
  {
    g_autoptr(ZonaChartData) d = data_areas (ZONA_CHART_PIE);
    g_autofree char *path = g_build_filename (dir, "chart.pdf", NULL);
    g_autofree char *bad = g_build_filename (dir, "no", "such", "chart.svg", NULL);
    g_autofree char *contents = NULL;
    gsize len;

    g_assert_true (zona_chart_write_file (d, path, ZONA_CHART_FORMAT_PDF, 425, 283, 0, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
    g_assert_true (len > 5 && memcmp (contents, "%PDF-", 5) == 0);
    g_unlink (path);
    g_assert_false (zona_chart_write_file (d, bad, ZONA_CHART_FORMAT_SVG, 425, 283, 0, &error));
    g_assert_error (error, ZONA_CHART_ERROR, ZONA_CHART_ERROR_WRITE);
    g_clear_error (&error);
  }
  g_rmdir (dir);
}

/* ---- from the plan ------------------------------------------------------ */

static void
test_from_table (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("zona-charts-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "plan.pdz", NULL);
  g_autoptr(ZonaStore) store = NULL;
  g_autoptr(ZonaChartData) d = NULL;
  g_autoptr(ZonaChartData) pct = NULL;
  g_autoptr(ZonaChartData) all = NULL;
  g_autoptr(ZonaChartData) money = NULL;
  const char *rows[][5] = {
    { "0-14 anni", "1.234", "1.100", "12,1%", "853.655,04 €" },
    { "15-64 anni", "n.p.", "5.210", "63,4%", "- €" },
    { "65 anni e più", "2.000", NULL, "24,5 %", "1.206.273,44 €" },
    { "Totale", "9.999", "9.999", "100%", "9.999.999,00 €" },
  };
  gint64 table, cols[5], chart, chart_pct, chart_all, chart_money;

  g_assert_no_error (error);
  store = zona_store_create (path, "2021-2023", &error);
  g_assert_no_error (error);

  table = zona_plan_data_add_table (store, NULL, "Popolazione per fascia d'età", "ISTAT 2023",
                                    "01/01/2023", NULL, &error);
  g_assert_no_error (error);
  cols[0] = zona_plan_data_add_column (store, table, -1, "Fascia", ZONA_COLUMN_TEXT, NULL, &error);
  cols[1] = zona_plan_data_add_column (store, table, -1, "Maschi", ZONA_COLUMN_INTEGER, "ab.",
                                       &error);
  cols[2] = zona_plan_data_add_column (store, table, -1, "Femmine", ZONA_COLUMN_INTEGER, "ab.",
                                       &error);
  cols[3] = zona_plan_data_add_column (store, table, -1, "Quota", ZONA_COLUMN_PERCENTAGE, NULL,
                                       &error);
  cols[4] = zona_plan_data_add_column (store, table, -1, "Fondi", ZONA_COLUMN_MONEY, NULL,
                                       &error);
  g_assert_no_error (error);
  for (guint r = 0; r < G_N_ELEMENTS (rows); r++)
    {
      gint64 row = zona_plan_data_add_row (store, table, -1, r == 3, &error);
      g_assert_no_error (error);
      for (guint c = 0; c < 5; c++)
        if (rows[r][c] != NULL)
          {
            g_assert_true (zona_plan_data_set_cell (store, row, cols[c], rows[r][c], &error));
            g_assert_no_error (error);
          }
    }

  chart = zona_plan_data_add_chart (store, NULL, table, ZONA_CHART_PYRAMID, "Piramide", 0, NULL,
                                    NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (zona_plan_data_set_chart_series (store, chart, &cols[1], 2, &error));
  chart_pct = zona_plan_data_add_chart (store, NULL, table, ZONA_CHART_PIE, NULL, 0, NULL,
                                        "Quote sul totale", "Torta delle quote", &error);
  g_assert_true (zona_plan_data_set_chart_series (store, chart_pct, &cols[3], 1, &error));
  chart_all = zona_plan_data_add_chart (store, NULL, table, ZONA_CHART_BAR, NULL, -1, "persone",
                                        NULL, NULL, &error);
  chart_money = zona_plan_data_add_chart (store, NULL, table, ZONA_CHART_BAR, NULL, 0, NULL,
                                          NULL, NULL, &error);
  g_assert_true (zona_plan_data_set_chart_series (store, chart_money, &cols[4], 1, &error));
  g_assert_no_error (error);

  d = zona_chart_data_from_table (store, chart, &error);
  g_assert_no_error (error);
  g_assert_cmpint (d->kind, ==, ZONA_CHART_PYRAMID);
  g_assert_cmpstr (d->title, ==, "Piramide");
  g_assert_cmpstr (d->unit, ==, "ab.");
  g_assert_cmpstr (d->caption, ==, "Fonte: ISTAT 2023");
  g_assert_null (d->alt_text);
  g_assert_cmpuint (d->categories->len, ==, 3);   /* the total row is left out */
  g_assert_cmpstr (g_ptr_array_index (d->categories, 2), ==, "65 anni e più");
  g_assert_cmpuint (d->series->len, ==, 2);
  g_assert_cmpstr (((ZonaChartSeries *) g_ptr_array_index (d->series, 0))->name, ==, "Maschi");
  g_assert_cmpfloat (zona_chart_data_get_value (d, 0, 0), ==, 1234);
  g_assert_true (isnan (zona_chart_data_get_value (d, 0, 1)));   /* “n.p.” */
  g_assert_cmpfloat (zona_chart_data_get_value (d, 1, 1), ==, 5210);
  g_assert_true (isnan (zona_chart_data_get_value (d, 1, 2)));   /* empty cell */

  pct = zona_chart_data_from_table (store, chart_pct, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pct->title, ==, "Popolazione per fascia d'età");   /* the table's */
  g_assert_cmpstr (pct->unit, ==, "%");
  g_assert_cmpstr (pct->caption, ==, "Quote sul totale");
  g_assert_cmpstr (pct->alt_text, ==, "Torta delle quote");
  g_assert_cmpfloat_with_epsilon (zona_chart_data_get_value (pct, 0, 0), 12.1, 1e-9);
  g_assert_cmpfloat_with_epsilon (zona_chart_data_get_value (pct, 0, 2), 24.5, 1e-9);
  {
    g_autofree char *alt = zona_chart_alt_text (pct);
    g_assert_cmpstr (alt, ==, "Popolazione per fascia d'età: 0-14 anni 12,1 %, "
                              "15-64 anni 63,4 %, 65 anni e più 24,5 %.");
  }

  /* no label column, no series: row numbers, every numeric column */
  all = zona_chart_data_from_table (store, chart_all, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (all->unit, ==, "persone");
  g_assert_cmpuint (all->series->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index (all->categories, 0), ==, "1");
  g_assert_cmpstr (g_ptr_array_index (all->categories, 2), ==, "3");

  money = zona_chart_data_from_table (store, chart_money, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (money->unit, ==, "€");
  g_assert_cmpfloat_with_epsilon (zona_chart_data_get_value (money, 0, 0), 853655.04, 1e-6);
  g_assert_cmpfloat (zona_chart_data_get_value (money, 0, 1), ==, 0);   /* “- €” */

  g_assert_null (zona_chart_data_from_table (store, 9999, &error));
  g_assert_error (error, ZONA_CHART_ERROR, ZONA_CHART_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_clear_object (&store);
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_data_copy_equal (void)
{
  g_autoptr(ZonaChartData) a = data_funds (ZONA_CHART_STACKED_BAR, TRUE, 20);
  g_autoptr(ZonaChartData) b = zona_chart_data_copy (a);

  g_assert_true (zona_chart_data_equal (a, b));   /* NAN cells too */
  g_array_index (((ZonaChartSeries *) g_ptr_array_index (b->series, 3))->values, double, 1) = 1;
  g_assert_false (zona_chart_data_equal (a, b));
  g_assert_false (zona_chart_data_equal (a, NULL));
  g_assert_true (isnan (zona_chart_data_get_value (a, 99, 0)));
  g_assert_true (isnan (zona_chart_data_get_value (a, 0, 99)));
}

/* ---- a gallery for people ----------------------------------------------- */

static void
write_png (const char          *dir,
           const char          *name,
           const ZonaChartData *d,
           int                  w,
           int                  h)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  g_autofree char *path = g_build_filename (dir, file, NULL);

  g_autofree char *svg_file = g_strconcat (name, ".svg", NULL);
  g_autofree char *svg_path = g_build_filename (dir, svg_file, NULL);

  g_assert_true (zona_chart_write_file (d, path, ZONA_CHART_FORMAT_PNG, w, h, 150, &error));
  g_assert_no_error (error);
  /* the same picture in points, for comparison */
  g_assert_true (zona_chart_write_file (d, svg_path, ZONA_CHART_FORMAT_SVG, w * 72.0 / 150,
                                        h * 72.0 / 150, 0, &error));
  g_assert_no_error (error);
}

static void
write_dark_png (const char          *dir,
                const char          *name,
                const ZonaChartData *d,
                int                  w,
                int                  h)
{
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  g_autofree char *path = g_build_filename (dir, file, NULL);
  ZonaChartStyle style = { { 1, 1, 1, 1 }, { 0x24 / 255.0, 0x24 / 255.0, 0x24 / 255.0, 1 },
                           { 1, 1, 1, 0.15 }, "Cantarell", 13, TRUE, TRUE };
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w * 2, h * 2);
  cairo_t *cr = cairo_create (surface);

  /* a HiDPI screen: scale 2 */
  cairo_scale (cr, 2, 2);
  zona_chart_render (cr, w, h, d, &style);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
}

static void
test_gallery (void)
{
  const char *dir = g_getenv ("ZONA_CHARTS_OUT");
  struct { const char *name; ZonaChartData *data; } charts[] = {
    { "bar-comuni", data_comuni (ZONA_CHART_BAR, FALSE) },
    { "hbar-comuni", data_comuni (ZONA_CHART_HBAR, FALSE) },
    { "grouped-age-classes", data_age_classes (ZONA_CHART_GROUPED_BAR) },
    { "grouped-comuni", data_comuni (ZONA_CHART_GROUPED_BAR, TRUE) },
    { "stacked-funds", data_funds (ZONA_CHART_STACKED_BAR, TRUE, 20) },
    { "stacked-comuni", data_comuni (ZONA_CHART_STACKED_BAR, TRUE) },
    { "line-households", data_households () },
    { "line-funds", data_funds (ZONA_CHART_LINE, TRUE, 5) },
    { "pie-areas", data_areas (ZONA_CHART_PIE) },
    { "donut-comuni", data_comuni (ZONA_CHART_DONUT, FALSE) },
    { "pyramid", data_pyramid () },
    { "hbar-funds-2020", data_funds_year (ZONA_CHART_HBAR, 2) },
  };

  if (dir == NULL)
    {
      g_test_skip ("set ZONA_CHARTS_OUT to a folder to get the pictures");
      for (guint i = 0; i < G_N_ELEMENTS (charts); i++)
        zona_chart_data_free (charts[i].data);
      return;
    }
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (charts); i++)
    {
      g_autofree char *dark = g_strconcat ("dark-", charts[i].name, NULL);
      write_png (dir, charts[i].name, charts[i].data, 945, 591);
      write_dark_png (dir, dark, charts[i].data, 600, 380);
      zona_chart_data_free (charts[i].data);
    }
  for (guint k = 0; k < N_KINDS; k++)
    for (guint e = 0; e < N_EDGES; e++)
      {
        g_autoptr(ZonaChartData) d = data_edge (all_kinds[k], e);
        g_autofree char *name = g_strdup_printf ("edge-%s-%s",
                                                 zona_chart_kind_to_string (all_kinds[k]),
                                                 edge_names[e]);
        write_png (dir, name, d, 600, 400);
      }
}

/* ---- the widget --------------------------------------------------------- */

#ifdef ZONA_TEST_CHART_VIEW
static void
iterate (void)
{
  for (int i = 0; i < 100 && g_main_context_iteration (NULL, FALSE); i++)
    ;
}

/* Draws the widget's snapshot; returns the pixels that are not transparent. */
static guint
snapshot_ink (GtkWidget  *widget,
              guint32    *sample,
              const char *name)
{
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  GskRenderNode *node;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  cairo_t *cr = cairo_create (surface);
  unsigned char *px;
  guint ink = 0;
  guint32 acc = 0;

  /* the widget's own snapshot, as GTK calls it when it draws a frame */
  GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  if (node != NULL)
    {
      gsk_render_node_draw (node, cr);
      gsk_render_node_unref (node);
    }
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  if (name != NULL && g_getenv ("ZONA_CHARTS_OUT") != NULL)
    {
      g_autofree char *file = g_strconcat ("view-", name, ".png", NULL);
      g_autofree char *path = g_build_filename (g_getenv ("ZONA_CHARTS_OUT"), file, NULL);
      g_mkdir_with_parents (g_getenv ("ZONA_CHARTS_OUT"), 0755);
      cairo_surface_write_to_png (surface, path);
    }
  px = cairo_image_surface_get_data (surface);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        guint32 p = *(guint32 *) (gpointer) (px + y * cairo_image_surface_get_stride (surface)
                                             + x * 4);
        if ((p >> 24) != 0)
          {
            ink++;
            acc = acc * 31 + p;
          }
      }
  cairo_surface_destroy (surface);
  if (sample)
    *sample = acc;
  return ink;
}

static void
count_cb (guint *n)
{
  (*n)++;
}

static void
test_view (void)
{
  g_autoptr(ZonaChartData) d = data_comuni (ZONA_CHART_HBAR, FALSE);
  g_autoptr(ZonaChartData) pie = data_areas (ZONA_CHART_PIE);
  g_autofree char *alt = zona_chart_alt_text (d);
  AdwStyleManager *manager = adw_style_manager_get_default ();
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = zona_chart_view_new ();
  guint32 light_sum, dark_sum;
  guint notified = 0;

  g_object_ref_sink (view);
  g_signal_connect_swapped (view, "notify::data", G_CALLBACK (count_cb), &notified);
  gtk_window_set_default_size (GTK_WINDOW (window), 640, 480);
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));
  iterate ();

  g_assert_null (zona_chart_view_get_data (ZONA_CHART_VIEW (view)));
  g_assert_cmpuint (snapshot_ink (view, NULL, NULL), ==, 0);

  zona_chart_view_set_data (ZONA_CHART_VIEW (view), d);
  zona_chart_view_set_data (ZONA_CHART_VIEW (view), d);   /* the same: no change */
  g_assert_cmpuint (notified, ==, 1);
  g_assert_true (zona_chart_data_equal (zona_chart_view_get_data (ZONA_CHART_VIEW (view)), d));
  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_ROLE_IMG);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       alt);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       d->title);
  iterate ();
  g_assert_cmpint (gtk_widget_get_width (view), >, 100);
  g_assert_cmpuint (snapshot_ink (view, &light_sum, "light"), >, 1000);

  /* dark: other colours */
  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_DARK);
  iterate ();
  g_assert_cmpuint (snapshot_ink (view, &dark_sum, "dark"), >, 1000);
  g_assert_cmphex (light_sum, !=, dark_sum);
  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_LIGHT);
  iterate ();

  /* user-written alternative text wins */
  pie->alt_text = g_strdup ("Torta della spesa per area");
  g_object_set (view, "data", pie, NULL);
  g_assert_cmpuint (notified, ==, 2);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       "Torta della spesa per area");
  iterate ();
  g_assert_cmpuint (snapshot_ink (view, NULL, "pie"), >, 1000);

  zona_chart_view_set_data (ZONA_CHART_VIEW (view), NULL);
  g_assert_cmpuint (notified, ==, 3);
  g_assert_cmpuint (snapshot_ink (view, NULL, NULL), ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
  g_assert_finalize_object (view);
}
#endif

int
main (int   argc,
      char *argv[])
{
#ifdef ZONA_TEST_CHART_VIEW
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_test_add_func ("/chart-view/data-style-accessible", test_view);
#else
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/charts/format-number", test_format_number);
  g_test_add_func ("/charts/alt-text", test_alt_text);
  g_test_add_func ("/charts/data-copy-equal", test_data_copy_equal);
  g_test_add_func ("/charts/from-table", test_from_table);
  g_test_add_func ("/charts/bar-geometry", test_bar_geometry);
  g_test_add_func ("/charts/bar-negative", test_bar_negative);
  g_test_add_func ("/charts/hbar-geometry", test_hbar_geometry);
  g_test_add_func ("/charts/stacked-adds-up", test_stacked_adds_up);
  g_test_add_func ("/charts/stacked-negative", test_stacked_negative);
  g_test_add_func ("/charts/grouped-side-by-side", test_grouped_side_by_side);
  g_test_add_func ("/charts/line-points", test_line_points);
  g_test_add_func ("/charts/pie-wedges", test_pie_wedges);
  g_test_add_func ("/charts/pyramid-mirror", test_pyramid_mirror);
  g_test_add_func ("/charts/labels-fit", test_labels_fit);
  g_test_add_func ("/charts/edge-cases", test_edge_cases);
  g_test_add_func ("/charts/pixels", test_pixels);
  g_test_add_func ("/charts/scale-invariant", test_scale_invariant);
  g_test_add_func ("/charts/svg-well-formed", test_svg_well_formed);
  g_test_add_func ("/charts/png-size", test_png_size);
  g_test_add_func ("/charts/gallery", test_gallery);
#endif
  return g_test_run ();
}
