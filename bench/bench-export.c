/* bench-export.c: time of the ODF export against LibreOffice on the same document
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-export [PLAN.pdz]
 *
 * What it measures: zona_odt_export () of PLAN (default: a 10× plan generated
 * into a temporary folder), median of 3 exports, with the store opened once
 * beforehand (opening is bench-open's business).
 *
 * Reference, in the same run: LibreOffice converting the document we
 * exported. Our .odt is copied to a new name and converted with
 *   soffice --headless -env:UserInstallation=file://<tmp profile>
 *           --convert-to odt --outdir <tmp> <copy>.odt
 * i.e. LibreOffice parses and rewrites the very same document. Its time is
 * the wall time of the whole soffice process: nothing is excluded, so it
 * includes LibreOffice's start-up. The first run also creates the private
 * profile; a second run reuses it. Both are printed, and the target
 * "soffice/zona >= 20×" is judged on the faster of the two (the harder case
 * for us). Skipped, with a message, when soffice is not installed.
 */
#define G_LOG_DOMAIN "zona-bench"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "export/zona-odt-writer.h"
#include "model/zona-store.h"

#include "zona-bench.h"

#define EXPORTS         3
#define DEFAULT_FACTOR  10
#define TARGET_RATIO    20.0

static double
file_mb (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? st.st_size / 1e6 : 0.0;
}

/* Runs soffice once; returns its wall time in ms, or < 0 on failure. */
static double
run_soffice (const char  *soffice,
             const char  *profile_uri,
             const char  *out_dir,
             const char  *input,
             const char  *output,
             GError     **error)
{
  g_autofree char *env_arg = g_strconcat ("-env:UserInstallation=", profile_uri, NULL);
  const char *argv[] = { soffice, "--headless", env_arg, "--convert-to", "odt",
                         "--outdir", out_dir, input, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  gint64 start;
  double ms;
  int status;

  g_unlink (output);
  start = zona_bench_now_ns ();
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                     &out, &err, &status, error))
    return -1;
  ms = (zona_bench_now_ns () - start) / 1e6;
  if (!g_spawn_check_wait_status (status, error))
    {
      g_prefix_error (error, "soffice: %s%s", out ? out : "", err ? err : "");
      return -1;
    }
  if (file_mb (output) <= 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "soffice wrote no %s: %s%s", output, out ? out : "", err ? err : "");
      return -1;
    }
  return ms;
}

static int
run (const char  *plan_arg,
     const char  *tmp_dir,
     GError     **error)
{
  g_autofree char *generated = NULL;
  g_autofree char *soffice = NULL;
  g_autofree char *profile = g_build_filename (tmp_dir, "lo-profile", NULL);
  g_autofree char *profile_uri = NULL;
  g_autofree char *lo_in = g_build_filename (tmp_dir, "soffice-input.odt", NULL);
  g_autofree char *lo_out_dir = g_build_filename (tmp_dir, "soffice-out", NULL);
  g_autofree char *lo_out = g_build_filename (lo_out_dir, "soffice-input.odt", NULL);
  g_autofree char *first_export = NULL;
  g_autoptr(ZonaStore) store = NULL;
  g_autoptr(GFile) src = NULL;
  g_autoptr(GFile) dst = NULL;
  const char *plan = plan_arg;
  double zona_ms[EXPORTS];
  double zona_median, lo_first, lo_second, lo_best;

  if (plan == NULL)
    {
      ZonaBenchPlanStats stats;

      generated = g_build_filename (tmp_dir, "plan-10x.pdz", NULL);
      printf ("generating a %d× plan in %s …\n", DEFAULT_FACTOR, tmp_dir);
      fflush (stdout);
      if (!zona_bench_make_plan (generated, DEFAULT_FACTOR, &stats, error))
        return 1;
      zona_bench_print_plan_stats (&stats);
      plan = generated;
    }

  store = zona_store_open (plan, error);
  if (store == NULL)
    return 1;
  printf ("\nplan:        %s (%.2f MB file)\n", plan, file_mb (plan));
  fflush (stdout);

  for (guint i = 0; i < EXPORTS; i++)
    {
      g_autofree char *name = g_strdup_printf ("zona-export-%u.odt", i + 1);
      g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
      gint64 start = zona_bench_now_ns ();

      if (!zona_odt_export (store, path, NULL, error))
        return 1;
      zona_ms[i] = (zona_bench_now_ns () - start) / 1e6;
      printf ("zona export %u:      %9.1f ms (%.2f MB .odt)\n", i + 1, zona_ms[i], file_mb (path));
      if (first_export == NULL)
        first_export = g_steal_pointer (&path);
    }
  zona_median = zona_bench_quantile (zona_ms, EXPORTS, 0.5);
  printf ("zona export median: %9.1f ms (of %d)\n", zona_median, EXPORTS);
  g_clear_object (&store);

  soffice = g_find_program_in_path ("soffice");
  if (soffice == NULL)
    {
      printf ("\nsoffice not found in PATH: LibreOffice reference skipped, target not judged\n");
      return 0;
    }

  src = g_file_new_for_path (first_export);
  dst = g_file_new_for_path (lo_in);
  if (!g_file_copy (src, dst, G_FILE_COPY_NONE, NULL, NULL, NULL, error))
    return 1;
  if (g_mkdir_with_parents (lo_out_dir, 0700) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot create %s", lo_out_dir);
      return 1;
    }
  profile_uri = g_filename_to_uri (profile, NULL, error);
  if (profile_uri == NULL)
    return 1;

  printf ("\nreference: %s --headless -env:UserInstallation=<tmp profile> --convert-to odt "
          "--outdir <tmp> <our .odt, copied>\n", soffice);
  printf ("(whole soffice process: start-up included)\n");
  fflush (stdout);
  lo_first = run_soffice (soffice, profile_uri, lo_out_dir, lo_in, lo_out, error);
  if (lo_first < 0)
    return 1;
  printf ("soffice run 1:       %9.1f ms (new profile: includes creating it; %.2f MB .odt)\n",
          lo_first, file_mb (lo_out));
  fflush (stdout);
  lo_second = run_soffice (soffice, profile_uri, lo_out_dir, lo_in, lo_out, error);
  if (lo_second < 0)
    return 1;
  printf ("soffice run 2:       %9.1f ms (profile reused)\n", lo_second);
  lo_best = MIN (lo_first, lo_second);

  printf ("\nratio soffice/zona: %.1f× (run 1), %.1f× (run 2)\n",
          lo_first / zona_median, lo_second / zona_median);
  printf ("target soffice/zona >= %g×: %s (%.1f×, faster soffice run)\n", TARGET_RATIO,
          zona_bench_met (lo_best / zona_median >= TARGET_RATIO), lo_best / zona_median);
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp_dir = NULL;
  int ret;

  if (argc > 2 || (argc == 2 && argv[1][0] == '-'))
    {
      fprintf (stderr, "usage: %s [PLAN.pdz]\n", argv[0]);
      return 2;
    }
  tmp_dir = zona_bench_make_tmp_dir (&error);
  if (tmp_dir == NULL)
    {
      fprintf (stderr, "%s: %s\n", argv[0], error->message);
      return 1;
    }
  printf ("bench-export: zona_odt_export vs LibreOffice rewriting the same document\n");
  ret = run (argc == 2 ? argv[1] : NULL, tmp_dir, &error);
  if (ret != 0)
    fprintf (stderr, "%s: %s\n", argv[0], error ? error->message : "failed");
  zona_bench_remove_tmp_dir (tmp_dir);
  return ret;
}
