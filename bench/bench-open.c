/* bench-open.c: time and memory to open a plan as the window does
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-open [PLAN.pdz]
 *
 * What it measures: the start-up reads of the window (zona-window.c,
 * zona_window_new): zona_store_open (which probes and quick_checks the file),
 * the "template", "title" and "cycle" metadata and the template lookup, the
 * outline (every chapter, recursively, and the blocks of every chapter, freed
 * chapter by chapter as fill_outline does), then zona_store_get_fields of the
 * first card in outline order. Widgets are not built.
 *
 * How: each run is a fresh child process (this program re-executed with
 * --once PLAN), so nothing is cached in the process; the file itself is in
 * the OS page cache after the first run, which this does not (and without
 * root cannot) drop. The child times the code path with CLOCK_MONOTONIC and
 * reports its peak RSS (VmHWM, which includes the process's own baseline);
 * the parent also times the whole child process (fork, exec, exit).
 * 20 runs on PLAN (default: a 10× plan generated into a temporary folder);
 * median and max are printed, and the targets "open ≤ 300 ms" (median of the
 * code path) and "peak RSS ≤ 150 MB" (max over runs).
 *
 * Then the same 20 runs on generated plans of FACTOR 1, 2, 5 and 10, with
 * the median time per MB of plan text for each, the ratio largest/smallest
 * of those, and a least-squares fit time = fixed + slope × MB: linear cost
 * shows as a ratio near 1 once the fixed part is small against the total.
 */
#define G_LOG_DOMAIN "zona-bench"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/zona-store.h"
#include "templates/zona-template.h"

#include "zona-bench.h"

#define RUNS            20
#define DEFAULT_FACTOR  10
#define TARGET_MS       300.0
#define TARGET_RSS_MB   150.0

static const double factors[] = { 1, 2, 5, 10 };

typedef struct {
  double code_ms[RUNS];
  double process_ms[RUNS];
  double rss_mb[RUNS];
  double code_median, code_max;
  double process_median, process_max;
  double rss_median, rss_max;
} Runs;

/* ---- the child: what the window reads -------------------------------- */

static gboolean
read_outline (ZonaStore *store,
              gint64     parent_id,
              gint64    *first_card,
              guint     *n_chapters,
              guint     *n_blocks)
{
  g_autoptr(GPtrArray) chapters = zona_store_list_chapters (store, parent_id);

  for (guint i = 0; i < chapters->len; i++)
    {
      ZonaChapter *c = chapters->pdata[i];
      g_autoptr(GPtrArray) blocks = zona_store_list_blocks (store, c->id);

      (*n_chapters)++;
      *n_blocks += blocks->len;
      for (guint j = 0; j < blocks->len && *first_card == 0; j++)
        {
          ZonaBlock *b = blocks->pdata[j];
          if (b->kind == ZONA_BLOCK_CARD)
            *first_card = b->id;
        }
      g_clear_pointer (&blocks, g_ptr_array_unref);
      read_outline (store, c->id, first_card, n_chapters, n_blocks);
    }
  return TRUE;
}

static int
run_once (const char *plan)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ZonaStore) store = NULL;
  g_autoptr(ZonaTemplate) template = NULL;
  g_autoptr(GHashTable) fields = NULL;
  g_autofree char *template_id = NULL;
  g_autofree char *title = NULL;
  g_autofree char *cycle = NULL;
  gint64 first_card = 0;
  guint n_chapters = 0, n_blocks = 0;
  gint64 start, end;

  start = zona_bench_now_ns ();
  store = zona_store_open (plan, &error);
  if (store == NULL)
    {
      fprintf (stderr, "%s: %s\n", plan, error->message);
      return 1;
    }
  template_id = zona_store_get_meta (store, "template");
  title = zona_store_get_meta (store, "title");
  cycle = zona_store_get_meta (store, "cycle");
  if (template_id != NULL)
    template = zona_template_lookup (template_id, NULL);
  read_outline (store, 0, &first_card, &n_chapters, &n_blocks);
  if (first_card != 0)
    fields = zona_store_get_fields (store, first_card);
  end = zona_bench_now_ns ();

  /* ms, peak RSS in bytes, and what was read (a sanity check for the parent) */
  printf ("%.3f %" G_GUINT64_FORMAT " %u %u %u\n", (end - start) / 1e6, zona_bench_peak_rss (),
          n_chapters, n_blocks, fields ? g_hash_table_size (fields) : 0);
  return 0;
}

/* ---- the parent ------------------------------------------------------ */

static gboolean
run_children (const char  *self_exe,
              const char  *plan,
              Runs        *runs,
              guint       *n_chapters,
              guint       *n_blocks,
              guint       *n_fields,
              GError     **error)
{
  for (guint i = 0; i < RUNS; i++)
    {
      const char *argv[] = { self_exe, "--once", plan, NULL };
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      guint64 rss = 0;
      gint64 start;
      int status;

      start = zona_bench_now_ns ();
      if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                         &out, &err, &status, error))
        return FALSE;
      runs->process_ms[i] = (zona_bench_now_ns () - start) / 1e6;
      if (!g_spawn_check_wait_status (status, error))
        {
          g_prefix_error (error, "%s", err ? err : "");
          return FALSE;
        }
      if (sscanf (out, "%lf %" G_GUINT64_FORMAT " %u %u %u", &runs->code_ms[i], &rss,
                  n_chapters, n_blocks, n_fields) != 5)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "unexpected output: %s", out);
          return FALSE;
        }
      runs->rss_mb[i] = rss / 1e6;
    }
  runs->code_median = zona_bench_quantile (runs->code_ms, RUNS, 0.5);
  runs->code_max = runs->code_ms[RUNS - 1];
  runs->process_median = zona_bench_quantile (runs->process_ms, RUNS, 0.5);
  runs->process_max = runs->process_ms[RUNS - 1];
  runs->rss_median = zona_bench_quantile (runs->rss_mb, RUNS, 0.5);
  runs->rss_max = runs->rss_mb[RUNS - 1];
  return TRUE;
}

static gboolean
generate (const char          *tmp_dir,
          double               factor,
          char               **path,
          ZonaBenchPlanStats  *stats,
          GError             **error)
{
  g_autofree char *name = g_strdup_printf ("plan-%gx.pdz", factor);

  *path = g_build_filename (tmp_dir, name, NULL);
  printf ("generating a %g× plan …\n", factor);
  fflush (stdout);
  return zona_bench_make_plan (*path, factor, stats, error);
}

static int
run (const char  *self_exe,
     const char  *plan_arg,
     const char  *tmp_dir,
     GError     **error)
{
  g_autofree char *default_plan = NULL;
  ZonaBenchPlanStats default_stats = { 0 };
  const char *plan = plan_arg;
  Runs runs;
  guint n_chapters = 0, n_blocks = 0, n_fields = 0;
  GStatBuf st;
  double per_mb[G_N_ELEMENTS (factors)];
  double mb[G_N_ELEMENTS (factors)];
  double file_mb[G_N_ELEMENTS (factors)];
  double ms[G_N_ELEMENTS (factors)];
  double lo = G_MAXDOUBLE, hi = 0;

  if (plan == NULL)
    {
      if (!generate (tmp_dir, DEFAULT_FACTOR, &default_plan, &default_stats, error))
        return 1;
      zona_bench_print_plan_stats (&default_stats);
      plan = default_plan;
    }

  if (!run_children (self_exe, plan, &runs, &n_chapters, &n_blocks, &n_fields, error))
    return 1;
  printf ("\nplan:        %s (%.2f MB file)\n", plan,
          g_stat (plan, &st) == 0 ? st.st_size / 1e6 : 0.0);
  printf ("read:        %u chapters, %u blocks, %u fields of the first card\n",
          n_chapters, n_blocks, n_fields);
  printf ("runs:        %d, each a fresh process (page cache warm)\n\n", RUNS);
  printf ("%-36s %9s %9s\n", "", "median", "max");
  printf ("%-36s %9.1f %9.1f\n", "open + startup reads (ms)", runs.code_median, runs.code_max);
  printf ("%-36s %9.1f %9.1f\n", "whole child process (ms)", runs.process_median,
          runs.process_max);
  printf ("%-36s %9.1f %9.1f\n", "peak RSS (MB)", runs.rss_median, runs.rss_max);
  printf ("\ntarget open of the plan <= %g ms (median): %s\n", TARGET_MS,
          zona_bench_met (runs.code_median <= TARGET_MS));
  printf ("target peak RSS <= %g MB (max): %s\n", TARGET_RSS_MB,
          zona_bench_met (runs.rss_max <= TARGET_RSS_MB));
  if (plan_arg != NULL)
    printf ("(targets are set for the 10× plan; PLAN was given on the command line)\n");

  printf ("\ncost grows linearly with size:\n");
  fflush (stdout);
  for (guint f = 0; f < G_N_ELEMENTS (factors); f++)
    {
      g_autofree char *path = NULL;
      ZonaBenchPlanStats stats;

      Runs scale;

      if (default_plan != NULL && factors[f] == DEFAULT_FACTOR)
        {
          stats = default_stats;   /* generated and measured above */
          scale = runs;
        }
      else if (!generate (tmp_dir, factors[f], &path, &stats, error)
               || !run_children (self_exe, path, &scale, &n_chapters, &n_blocks, &n_fields,
                                 error))
        return 1;
      mb[f] = stats.text_bytes / 1e6;
      file_mb[f] = stats.file_bytes / 1e6;
      ms[f] = scale.code_median;
      per_mb[f] = ms[f] / mb[f];
      lo = MIN (lo, per_mb[f]);
      hi = MAX (hi, per_mb[f]);
    }

  printf ("\n%-8s %11s %11s %11s %12s\n", "factor", "text MB", "file MB", "median ms",
          "ms per MB");
  for (guint f = 0; f < G_N_ELEMENTS (factors); f++)
    printf ("%-8g %11.2f %11.2f %11.1f %12.2f\n", factors[f], mb[f], file_mb[f], ms[f],
            per_mb[f]);
  printf ("ratio largest/smallest ms per MB: %.2f\n", lo > 0 ? hi / lo : 0.0);

  /* Least squares: ms = fixed + slope × MB. */
  {
    double n = G_N_ELEMENTS (factors), sx = 0, sy = 0, sxx = 0, sxy = 0, syy = 0;
    double slope, fixed, r2;

    for (guint f = 0; f < G_N_ELEMENTS (factors); f++)
      {
        sx += mb[f];
        sy += ms[f];
        sxx += mb[f] * mb[f];
        sxy += mb[f] * ms[f];
        syy += ms[f] * ms[f];
      }
    slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
    fixed = (sy - slope * sx) / n;
    r2 = (n * sxy - sx * sy) * (n * sxy - sx * sy) / ((n * sxx - sx * sx) * (n * syy - sy * sy));
    printf ("fit: ms = %.1f + %.2f × MB (r² = %.4f)\n", fixed, slope, r2);
  }
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp_dir = NULL;
  g_autofree char *self_exe = NULL;
  int ret;

  if (argc == 3 && strcmp (argv[1], "--once") == 0)
    return run_once (argv[2]);
  if (argc > 2 || (argc == 2 && argv[1][0] == '-'))
    {
      fprintf (stderr, "usage: %s [PLAN.pdz]\n", argv[0]);
      return 2;
    }

  self_exe = g_file_read_link ("/proc/self/exe", NULL);
  if (self_exe == NULL)
    self_exe = g_strdup (argv[0]);
  tmp_dir = zona_bench_make_tmp_dir (&error);
  if (tmp_dir == NULL)
    {
      fprintf (stderr, "%s: %s\n", argv[0], error->message);
      return 1;
    }
  printf ("bench-open: zona_store_open + the window's startup reads, %d fresh processes each\n",
          RUNS);
  ret = run (self_exe, argc == 2 ? argv[1] : NULL, tmp_dir, &error);
  if (ret != 0)
    fprintf (stderr, "%s: %s\n", argv[0], error ? error->message : "failed");
  zona_bench_remove_tmp_dir (tmp_dir);
  return ret;
}
