/* zona-make-big-plan.c: write a large, realistic plan for the benchmarks
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: zona-make-big-plan OUT.pdz [FACTOR]
 *
 * Writes a new plan holding FACTOR (default 10) times the text of the
 * largest seed plan in tests/seeds/ (its size in bytes), built through the
 * public ZonaStore API inside one begin_batch/end_batch: the seven chapters
 * of the 2025-2027 template (zona_plan_new), sections, paragraphs taken line
 * by line from the seed files, and "valutazione-output" cards filled from the
 * cards of data/sample/sample-plan.json. See zona-bench.c for the layout.
 *
 * Prints the number of chapters, sections, paragraphs, cards and field
 * values, the text bytes stored and the file size. The output is the same
 * for the same arguments (the time taken goes to stderr).
 *
 * ZONA_BENCH_SEEDS and ZONA_SAMPLE_JSON override where the inputs are read.
 */
#define G_LOG_DOMAIN "zona-bench"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "zona-bench.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  ZonaBenchPlanStats stats;
  double factor = 10;
  gint64 start;

  if (argc < 2 || argc > 3)
    {
      fprintf (stderr, "usage: %s OUT.pdz [FACTOR]\n", argv[0]);
      return 2;
    }
  if (argc == 3)
    {
      char *end = NULL;
      factor = g_ascii_strtod (argv[2], &end);
      if (end == argv[2] || *end != '\0' || !(factor > 0) || factor > 1000)
        {
          fprintf (stderr, "%s: FACTOR must be a number above 0 (at most 1000)\n", argv[0]);
          return 2;
        }
    }

  start = zona_bench_now_ns ();
  if (!zona_bench_make_plan (argv[1], factor, &stats, &error))
    {
      fprintf (stderr, "%s: %s\n", argv[1], error->message);
      return 1;
    }
  printf ("plan:          %s\n", argv[1]);
  zona_bench_print_plan_stats (&stats);
  fprintf (stderr, "generated in %.0f ms\n", (zona_bench_now_ns () - start) / 1e6);
  return 0;
}
