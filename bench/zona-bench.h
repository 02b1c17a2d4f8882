/* zona-bench.h: helpers shared by the benchmark programs in bench/
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Not part of the application: the benchmarks link this next to zona-core.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The figures of a generated plan. "Text bytes" are the bytes of every string
 * the plan stores as content: chapter and section titles, paragraph texts,
 * card titles and field values (not keys, roles or metadata). */
typedef struct {
  double   factor;
  guint64  reference_bytes;   /* size of the largest seed file */
  guint64  target_bytes;      /* factor × reference_bytes */
  guint    chapters;          /* top-level chapters */
  guint    sections;          /* chapters below a top-level chapter */
  guint    paragraphs;
  guint    cards;
  guint    field_values;
  guint64  text_bytes;
  guint64  file_bytes;        /* size of the .pdz once closed */
} ZonaBenchPlanStats;

/* Writes a new plan at @path (which must not exist) holding about
 * @factor × the text of the largest seed plan; see zona-bench.c. */
gboolean     zona_bench_make_plan        (const char          *path,
                                          double               factor,
                                          ZonaBenchPlanStats  *stats,
                                          GError             **error);
void         zona_bench_print_plan_stats (const ZonaBenchPlanStats *stats);

/* A new private folder under g_get_tmp_dir () ($TMPDIR, else /tmp). */
char        *zona_bench_make_tmp_dir     (GError   **error);
/* Removes what the benchmarks wrote in @dir (one level of sub-folders), then @dir. */
void         zona_bench_remove_tmp_dir   (const char *dir);

/* CLOCK_MONOTONIC in nanoseconds. */
gint64       zona_bench_now_ns           (void);

/* Sorts @values in place and returns the nearest-rank quantile @q (0 < q <= 1). */
double       zona_bench_quantile         (double   *values,
                                          gsize     n,
                                          double    q);

/* Peak resident set size of this process in bytes (VmHWM, else ru_maxrss). */
guint64      zona_bench_peak_rss         (void);

/* The file system type of @path, for the report ("ext4", "tmpfs", …). */
const char  *zona_bench_fs_type          (const char *path);

const char  *zona_bench_met              (gboolean  met);

G_END_DECLS
