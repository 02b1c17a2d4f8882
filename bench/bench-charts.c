/* bench-charts.c: time to draw charts into PNG (150 dpi) and SVG
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-charts [ROUNDS]
 *
 * What it measures: 60 charts, every kind, from data like the plans' (the 27
 * comuni of Oglio Po by sex, Lodi's 20 funds × 3 years, age bands, households
 * over ten years, spending by area and by funding type), each drawn with the
 * print style into
 *   - PNG: zona_chart_write_png (), 945 × 591 px at 150 dpi (16 × 10 cm),
 *     PNG encoding included;
 *   - SVG: zona_chart_write_svg (), 453,5 × 283,5 pt (the same 16 × 10 cm);
 *   - layout only: zona_chart_layout () at the SVG size, no drawing;
 * into memory streams, so the disk is not measured. One warm-up pass (fonts
 * and caches: printed apart), then ROUNDS passes (default 3); for each
 * format, the time per chart over all charts and passes: mean, median, p90
 * and max, and the slowest chart. No target: figures only.
 */
#define G_LOG_DOMAIN "zona-bench"

#include "config.h"

#include <gio/gio.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "charts/zona-chart.h"
#include "charts/zona-chart-render.h"

#include "zona-bench.h"

#define N_CHARTS       60
#define DEFAULT_ROUNDS 3
#define PNG_W          945
#define PNG_H          591
#define PNG_DPI        150.0
#define SVG_W          (PNG_W * 72.0 / PNG_DPI)
#define SVG_H          (PNG_H * 72.0 / PNG_DPI)

/* ---- data like the plans' (domain.md §5) -------------------------------- */

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

static const char *years[] = { "2018", "2019", "2020" };

typedef enum {
  SET_COMUNI,           /* 27 rows, total */
  SET_COMUNI_SEX,       /* 27 rows, males and females */
  SET_FUNDS_PER_YEAR,   /* 3 years × 20 funds */
  SET_FUNDS_PER_FUND,   /* 20 funds × 3 years */
  SET_FUNDS_2020,       /* 20 funds, one year */
  SET_AGE_BANDS,        /* 20 five-year bands by sex */
  SET_AGE_CLASSES,      /* 8 overlapping classes × 3 years */
  SET_HOUSEHOLDS,       /* 10 years */
  SET_AREAS,            /* spending by area, 8 */
  SET_FUNDING_TYPES,    /* spending by funding type, 7 */
  N_SETS
} DataSet;

static const char *set_names[N_SETS] = {
  "27 comuni", "27 comuni M/F", "3 anni × 20 fondi", "20 fondi × 3 anni", "20 fondi 2020",
  "20 fasce d'età M/F", "8 classi × 3 anni", "10 anni", "8 aree", "7 fonti",
};

static ZonaChartData *
make_data (DataSet       set,
           ZonaChartKind kind)
{
  ZonaChartData *d = NULL;

  switch (set)
    {
    case SET_COMUNI:
    case SET_COMUNI_SEX:
      {
        double m[G_N_ELEMENTS (comuni)], f[G_N_ELEMENTS (comuni)], t[G_N_ELEMENTS (comuni)];
        d = zona_chart_data_new (kind, "Residenti nell'Ambito al 1° gennaio 2021", "ab.",
                                 "Fonte: ISTAT");
        for (guint i = 0; i < G_N_ELEMENTS (comuni); i++)
          {
            zona_chart_data_add_category (d, comuni[i].name);
            m[i] = comuni[i].m;
            f[i] = comuni[i].f;
            t[i] = m[i] + f[i];
          }
        if (set == SET_COMUNI_SEX || kind == ZONA_CHART_PYRAMID)
          {
            zona_chart_data_add_series (d, "Maschi", m, G_N_ELEMENTS (m));
            zona_chart_data_add_series (d, "Femmine", f, G_N_ELEMENTS (f));
          }
        else
          zona_chart_data_add_series (d, "Totale", t, G_N_ELEMENTS (t));
      }
      break;
    case SET_FUNDS_PER_YEAR:
      d = zona_chart_data_new (kind, "Fondi per fonte e anno", "€", "Fonte: Ufficio di Piano");
      for (guint y = 0; y < 3; y++)
        zona_chart_data_add_category (d, years[y]);
      for (guint i = 0; i < G_N_ELEMENTS (funds); i++)
        zona_chart_data_add_series (d, funds[i].name, funds[i].y, 3);
      break;
    case SET_FUNDS_PER_FUND:
    case SET_FUNDS_2020:
      d = zona_chart_data_new (kind, "Fondi per fonte", "€", "Fonte: Ufficio di Piano");
      for (guint i = 0; i < G_N_ELEMENTS (funds); i++)
        zona_chart_data_add_category (d, funds[i].name);
      for (guint y = set == SET_FUNDS_2020 ? 2 : 0; y < 3; y++)
        {
          double v[G_N_ELEMENTS (funds)];
          for (guint i = 0; i < G_N_ELEMENTS (funds); i++)
            v[i] = funds[i].y[y];
          zona_chart_data_add_series (d, years[y], v, G_N_ELEMENTS (funds));
        }
      break;
    case SET_AGE_BANDS:
      {
        double m[20], f[20];
        d = zona_chart_data_new (kind, "Popolazione per fascia d'età", NULL, "Dati illustrativi");
        for (guint b = 0; b < 20; b++)
          {
            g_autofree char *label = b == 19 ? g_strdup ("95+")
                                             : g_strdup_printf ("%u-%u", b * 5, b * 5 + 4);
            double base = 2600 * exp (-pow ((b - 10.5) / 7.5, 2) * 0.9) + 700;
            zona_chart_data_add_category (d, label);
            m[b] = round (base * (b < 13 ? 1.03 : 1.0 - (b - 13) * 0.05));
            f[b] = round (base * (b < 13 ? 0.98 : 1.0 + (b - 13) * 0.04));
          }
        zona_chart_data_add_series (d, "Maschi", m, 20);
        zona_chart_data_add_series (d, "Femmine", f, 20);
      }
      break;
    case SET_AGE_CLASSES:
      {
        const char *bands[] = { "<3", "0-14", "0-17", "18-34", "35-49", "50-64", ">65", ">75" };
        const double y[3][8] = {
          { 8211, 33214, 39778, 40927, 55920, 49715, 50334, 25104 },
          { 7796, 32451, 38927, 40486, 52529, 51650, 50768, 25285 },
          { 7567, 32074, 38679, 40447, 51348, 52767, 51615, 25591 },
        };
        d = zona_chart_data_new (kind, "Popolazione per macro classi d'età", NULL, "Fonte: Istat");
        for (guint i = 0; i < 8; i++)
          zona_chart_data_add_category (d, bands[i]);
        for (guint i = 0; i < 3; i++)
          zona_chart_data_add_series (d, years[i], y[i], 8);
      }
      break;
    case SET_HOUSEHOLDS:
      {
        const double v[] = { 96462, 97618, 98093, 98937, 99243, 99361, 99882, 100463, 100958,
                             101631 };
        const double m[] = { 2.44, 2.37, 2.38, 2.39, 2.39, 2.39, 2.37, 2.31, 2.29, 2.28 };
        d = zona_chart_data_new (kind, "Famiglie residenti", NULL, NULL);
        for (guint i = 0; i < G_N_ELEMENTS (v); i++)
          {
            g_autofree char *year = g_strdup_printf ("%u", 2010 + i);
            zona_chart_data_add_category (d, year);
          }
        zona_chart_data_add_series (d, "Famiglie", v, G_N_ELEMENTS (v));
        if (kind == ZONA_CHART_PYRAMID)
          zona_chart_data_add_series (d, "Componenti medi", m, G_N_ELEMENTS (m));
      }
      break;
    case SET_AREAS:
    case SET_FUNDING_TYPES:
      {
        const char *areas[] = { "Minori", "Disabili", "Anziani", "Servizio sociale",
                                "Emarginazione povertà", "Immigrazione", "Salute mentale",
                                "Dipendenze" };
        const double av[] = { 9193709.65, 8664345.38, 2897647.65, 2217267.20, 372906.51,
                              255253.75, 148826.21, 15000.00 };
        const char *types[] = { "da Comune", "da utenza", "da altri enti (Min. Ue...)",
                                "da FRS", "altre tipologie di entrata", "da FNPS",
                                "da F. 0-6 anni" };
        const double tv[] = { 19295135.12, 2713621.91, 832675.11, 517652.26, 341197.67,
                              42829.00, 21845.28 };
        gboolean by_area = set == SET_AREAS;
        guint n = by_area ? G_N_ELEMENTS (av) : G_N_ELEMENTS (tv);

        d = zona_chart_data_new (kind, by_area ? "Spesa sociale per area"
                                               : "Spesa sociale per tipo di finanziamento",
                                 "€", "Fonte: Ufficio di Piano");
        for (guint i = 0; i < n; i++)
          zona_chart_data_add_category (d, by_area ? areas[i] : types[i]);
        zona_chart_data_add_series (d, "Importi", by_area ? av : tv, n);
        if (kind == ZONA_CHART_PYRAMID)
          zona_chart_data_add_series (d, "Importi", by_area ? av : tv, n);
      }
      break;
    default:
      g_assert_not_reached ();
    }
  return d;
}

/* ---- timing ------------------------------------------------------------- */

typedef enum { FMT_PNG, FMT_SVG, FMT_LAYOUT, N_FORMATS } Format;

static const char *format_names[N_FORMATS] = {
  "PNG 945×591 px, 150 dpi", "SVG 453,5×283,5 pt", "layout only",
};

/* Draws @data once in @format; returns the time in ms, or < 0 on error. */
static double
draw_once (const ZonaChartData  *data,
           Format                format,
           gsize                *bytes,
           GError              **error)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  gint64 start = zona_bench_now_ns ();
  gboolean ok = TRUE;
  double ms;

  switch (format)
    {
    case FMT_PNG:
      ok = zona_chart_write_png (data, out, PNG_W, PNG_H, PNG_DPI, error);
      break;
    case FMT_SVG:
      ok = zona_chart_write_svg (data, out, SVG_W, SVG_H, error);
      break;
    case FMT_LAYOUT:
      {
        ZonaChartStyle style = zona_chart_style_print ();
        zona_chart_layout_free (zona_chart_layout (data, SVG_W, SVG_H, &style));
      }
      break;
    default:
      g_assert_not_reached ();
    }
  ms = (zona_bench_now_ns () - start) / 1e6;
  if (!ok)
    return -1;
  if (bytes)
    *bytes = g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out));
  return ms;
}

static int
run (guint    rounds,
     GError **error)
{
  static const ZonaChartKind kinds[] = {
    ZONA_CHART_BAR, ZONA_CHART_HBAR, ZONA_CHART_GROUPED_BAR, ZONA_CHART_STACKED_BAR,
    ZONA_CHART_LINE, ZONA_CHART_PIE, ZONA_CHART_DONUT, ZONA_CHART_PYRAMID,
  };
  ZonaChartData *charts[N_CHARTS];
  char *names[N_CHARTS];
  guint per_kind[G_N_ELEMENTS (kinds)] = { 0 };
  int ret = 0;

  /* 6 rounds over the 10 data sets, each time with another kind: 60 charts,
   * every kind 7 or 8 times, every data set in 6 kinds */
  for (guint i = 0; i < N_CHARTS; i++)
    {
      DataSet set = i % N_SETS;
      guint k = (i / N_SETS * 3 + set) % G_N_ELEMENTS (kinds);
      charts[i] = make_data (set, kinds[k]);
      names[i] = g_strdup_printf ("%s, %s", zona_chart_kind_to_string (kinds[k]), set_names[set]);
      per_kind[k]++;
    }
  printf ("charts: %d (", N_CHARTS);
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    printf ("%s%s %u", k ? ", " : "", zona_chart_kind_to_string (kinds[k]), per_kind[k]);
  printf ("), %u rounds after one warm-up\n\n", rounds);

  for (Format f = 0; f < N_FORMATS && ret == 0; f++)
    {
      g_autofree double *ms = g_new (double, N_CHARTS * rounds);
      double warm_total = 0, total = 0, worst = 0;
      guint worst_chart = 0, n = 0;
      gsize bytes = 0, all_bytes = 0;

      for (guint i = 0; i < N_CHARTS; i++)
        {
          double t = draw_once (charts[i], f, NULL, error);
          if (t < 0)
            {
              ret = 1;
              break;
            }
          warm_total += t;
        }
      for (guint r = 0; r < rounds && ret == 0; r++)
        for (guint i = 0; i < N_CHARTS; i++)
          {
            double t = draw_once (charts[i], f, &bytes, error);
            if (t < 0)
              {
                ret = 1;
                break;
              }
            ms[n++] = t;
            total += t;
            if (r == 0)
              all_bytes += bytes;
            if (t > worst)
              worst = t, worst_chart = i;
          }
      if (ret != 0)
        break;
      printf ("%s\n", format_names[f]);
      printf ("  warm-up pass:      %8.2f ms per chart (%.0f ms for %d)\n",
              warm_total / N_CHARTS, warm_total, N_CHARTS);
      printf ("  mean:              %8.2f ms per chart\n", total / n);
      printf ("  median:            %8.2f ms\n", zona_bench_quantile (ms, n, 0.5));
      printf ("  p90:               %8.2f ms\n", zona_bench_quantile (ms, n, 0.9));
      printf ("  max:               %8.2f ms (%s)\n", worst, names[worst_chart]);
      if (f != FMT_LAYOUT)
        printf ("  output:            %8.1f KB per chart\n", all_bytes / 1024.0 / N_CHARTS);
      printf ("\n");
      fflush (stdout);
    }

  for (guint i = 0; i < N_CHARTS; i++)
    {
      zona_chart_data_free (charts[i]);
      g_free (names[i]);
    }
  return ret;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  guint rounds = DEFAULT_ROUNDS;
  int ret;

  if (argc > 2 || (argc == 2 && (argv[1][0] == '-' || atoi (argv[1]) <= 0)))
    {
      fprintf (stderr, "usage: %s [ROUNDS]\n", argv[0]);
      return 2;
    }
  if (argc == 2)
    rounds = (guint) atoi (argv[1]);
  printf ("bench-charts: the chart renderer into PNG (150 dpi) and SVG, in memory\n");
  ret = run (rounds, &error);
  if (ret != 0)
    fprintf (stderr, "%s: %s\n", argv[0], error ? error->message : "failed");
  return ret;
}
