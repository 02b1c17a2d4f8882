/* fuzz-plan-json.c: fuzz target for the JSON import (zona_plan_json_load_data)
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each input is imported into a new plan in a private folder. Besides not
 * crashing (and, under ASan/UBSan, no memory error or undefined behaviour),
 * the import must keep its promises: on failure it sets an error and leaves no
 * file behind; on success the plan reopens with zona_store_open and reads back
 * as valid UTF-8.
 *
 * Built with libFuzzer in a clang build (see meson.build), or linked with
 * fuzz-driver.c, which runs it once over every file of a corpus folder.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "model/zona-plan-json.h"
#include "model/zona-store.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* libFuzzer saves the input on abort(), not on the SIGTRAP of g_error(). */
G_GNUC_PRINTF (1, 2) G_GNUC_NORETURN
static void
fail (const char *format,
      ...)
{
  va_list args;

  va_start (args, format);
  vfprintf (stderr, format, args);
  va_end (args);
  fputc ('\n', stderr);
  abort ();
}

static char *dir;
static char *dest;
static char *journal;

static void
cleanup (void)
{
  g_unlink (dest);
  g_unlink (journal);
  g_rmdir (dir);
}

/* /dev/shm when there is one: every input writes a plan with synchronous = FULL,
 * and fsync() on a disk would make the fuzzer crawl. */
static void
setup_once (void)
{
  g_autofree char *tmpl = NULL;

  if (dest != NULL)
    return;
  tmpl = g_build_filename (access ("/dev/shm", W_OK) == 0 ? "/dev/shm" : g_get_tmp_dir (),
                           "zona-fuzz-json-XXXXXX", NULL);
  dir = g_mkdtemp (g_steal_pointer (&tmpl));
  if (dir == NULL)
    fail ("cannot make a temporary folder");
  dest = g_build_filename (dir, "fuzz.pdz", NULL);
  journal = g_strconcat (dest, "-journal", NULL);
  atexit (cleanup);
}

static void
check_utf8 (const char *text)
{
  if (text != NULL && !g_utf8_validate (text, -1, NULL))
    fail ("the store handed out invalid UTF-8");
}

static void
walk (ZonaStore *store,
      gint64     parent,
      guint      depth)
{
  g_autoptr(GPtrArray) chapters = zona_store_list_chapters (store, parent);

  /* The importer makes a tree: no chapter can be its own ancestor. */
  if (depth > 100000)
    fail ("chapter tree deeper than the input could describe");
  for (guint i = 0; i < chapters->len; i++)
    {
      ZonaChapter *c = g_ptr_array_index (chapters, i);
      g_autoptr(GPtrArray) blocks = zona_store_list_blocks (store, c->id);

      check_utf8 (c->title);
      check_utf8 (c->role);
      for (guint j = 0; j < blocks->len; j++)
        {
          ZonaBlock *b = g_ptr_array_index (blocks, j);
          g_autoptr(GHashTable) fields = zona_store_get_fields (store, b->id);
          GHashTableIter iter;
          gpointer key, value;

          check_utf8 (b->text);
          check_utf8 (b->title);
          check_utf8 (b->card_type);
          g_hash_table_iter_init (&iter, fields);
          while (g_hash_table_iter_next (&iter, &key, &value))
            {
              check_utf8 (key);
              check_utf8 (value);
            }
        }
      walk (store, c->id, depth + 1);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const char empty[1] = "";
  g_autoptr(GError) error = NULL;
  g_autoptr(ZonaStore) store = NULL;

  setup_once ();
  store = zona_plan_json_load_data (size > 0 ? (const char *) data : empty, (gssize) size, dest,
                                    &error);
  if (store == NULL)
    {
      if (error == NULL)
        fail ("the import failed without saying why");
      /* It ends up in a dialog: GTK needs valid UTF-8. */
      if (!g_utf8_validate (error->message, -1, NULL))
        {
          g_autofree char *escaped = g_strescape (error->message, NULL);
          fail ("the error message is not valid UTF-8: %s", escaped);
        }
      if (g_file_test (dest, G_FILE_TEST_EXISTS))
        fail ("the import failed (%s) but left its file behind", error->message);
    }
  else
    {
      g_autoptr(ZonaStore) again = NULL;

      g_clear_object (&store);
      again = zona_store_open (dest, &error);
      if (again == NULL)
        fail ("an imported plan does not reopen: %s", error->message);
      walk (again, 0, 0);
    }
  g_unlink (dest);
  g_unlink (journal);
  return 0;
}
