/* fuzz-driver.c: runs a fuzz target once over each input, without libFuzzer
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: fuzz-TARGET-driver PATH...
 * Each PATH is an input file or a folder of them (read in name order). Every
 * input is copied into a buffer of exactly its size, so that a sanitizer build
 * (-Db_sanitize=address,undefined) catches reads past its end, as libFuzzer
 * would. Fails when no input was found at all: an empty corpus proves nothing.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <glib.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static guint n_run;

static void
run_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree uint8_t *exact = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &contents, &len, &error))
    g_error ("%s", error->message);
  exact = g_malloc (MAX (len, 1));
  memcpy (exact, contents, len);
  g_print ("%s (%" G_GSIZE_FORMAT " bytes)\n", path, len);
  LLVMFuzzerTestOneInput (exact, len);
  n_run++;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

static void
run_path (const char *path)
{
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      run_file (path);
      return;
    }
  dir = g_dir_open (path, 0, NULL);
  names = g_ptr_array_new_with_free_func (g_free);
  while (dir && (name = g_dir_read_name (dir)))
    g_ptr_array_add (names, g_build_filename (path, name, NULL));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    if (g_file_test (g_ptr_array_index (names, i), G_FILE_TEST_IS_REGULAR))
      run_file (g_ptr_array_index (names, i));
}

int
main (int   argc,
      char *argv[])
{
  for (int i = 1; i < argc; i++)
    run_path (argv[i]);
  g_print ("%u inputs run\n", n_run);
  return n_run > 0 ? 0 : 1;
}
