/* fuzz-open-pdz.c: fuzz target for opening a plan file (zona_store_open)
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each input is written to a file, which Zona opens. Besides not crashing
 * (and, under ASan/UBSan, no memory error or undefined behaviour), opening
 * must keep its promises:
 *   - a refused file gets a ZONA_STORE_ERROR whose message names it, and is
 *     left exactly as it was;
 *   - an accepted file can be walked through every getter, which hand out
 *     valid UTF-8, and takes one edit without crashing.
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
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "model/zona-store.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#define BASENAME "fuzz.pdz"
/* Deeper than any real plan; a file can describe a chain as long as it likes. */
#define MAX_DEPTH 64

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
static char *path;
static char *journal;

static void
cleanup (void)
{
  g_unlink (path);
  g_unlink (journal);
  g_rmdir (dir);
}

static void
setup_once (void)
{
  g_autofree char *tmpl = NULL;

  if (path != NULL)
    return;
  tmpl = g_build_filename (access ("/dev/shm", W_OK) == 0 ? "/dev/shm" : g_get_tmp_dir (),
                           "zona-fuzz-pdz-XXXXXX", NULL);
  dir = g_mkdtemp (g_steal_pointer (&tmpl));
  if (dir == NULL)
    fail ("cannot make a temporary folder");
  path = g_build_filename (dir, BASENAME, NULL);
  journal = g_strconcat (path, "-journal", NULL);
  atexit (cleanup);
}

static void
write_input (const uint8_t *data,
             size_t         size)
{
  FILE *fp = fopen (path, "wb");

  if (fp == NULL || (size > 0 && fwrite (data, 1, size, fp) != size) || fclose (fp) != 0)
    fail ("cannot write %s", path);
}

static gboolean
file_is (const uint8_t *data,
         size_t         size)
{
  g_autofree char *contents = NULL;
  gsize len = 0;

  return g_file_get_contents (path, &contents, &len, NULL)
    && len == size && (size == 0 || memcmp (contents, data, size) == 0);
}

static void
check_utf8 (const char *text,
            const char *what)
{
  if (text != NULL && !g_utf8_validate (text, -1, NULL))
    fail ("the store handed out invalid UTF-8 (%s)", what);
}

static void
walk (ZonaStore  *store,
      gint64      parent,
      guint       depth,
      GHashTable *seen,
      gint64     *a_card)
{
  g_autoptr(GPtrArray) chapters = NULL;

  if (depth > MAX_DEPTH)
    return;
  chapters = zona_store_list_chapters (store, parent);
  for (guint i = 0; i < chapters->len; i++)
    {
      ZonaChapter *c = g_ptr_array_index (chapters, i);
      g_autoptr(GPtrArray) blocks = NULL;

      if (c->title == NULL)
        fail ("a chapter without a title");
      check_utf8 (c->title, "chapter title");
      check_utf8 (c->role, "chapter role");
      /* A file can make a chapter its own child (id 0 under the root). */
      if (!g_hash_table_add (seen, g_memdup2 (&c->id, sizeof c->id)))
        continue;
      blocks = zona_store_list_blocks (store, c->id);
      for (guint j = 0; j < blocks->len; j++)
        {
          ZonaBlock *b = g_ptr_array_index (blocks, j);
          g_autoptr(ZonaBlock) one = zona_store_get_block (store, b->id);
          g_autoptr(GHashTable) fields = zona_store_get_fields (store, b->id);
          GHashTableIter iter;
          gpointer key, value;

          check_utf8 (b->text, "block text");
          check_utf8 (b->title, "card title");
          check_utf8 (b->card_type, "card type");
          if (b->kind == ZONA_BLOCK_CARD && b->title == NULL)
            fail ("a card without a title");
          if (b->kind == ZONA_BLOCK_PARAGRAPH && b->text == NULL)
            fail ("a paragraph without text");
          if (one != NULL)
            {
              check_utf8 (one->text, "block text");
              check_utf8 (one->title, "card title");
            }
          if (b->kind == ZONA_BLOCK_CARD && *a_card == 0)
            *a_card = b->id;
          g_hash_table_iter_init (&iter, fields);
          while (g_hash_table_iter_next (&iter, &key, &value))
            {
              g_autofree char *again = zona_store_get_field (store, b->id, key);

              check_utf8 (key, "field key");
              check_utf8 (value, "field value");
              check_utf8 (again, "field value");
            }
        }
      walk (store, c->id, depth + 1, seen, a_card);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const char *meta[] = { "title", "ambito", "ente_capofila", "cycle", "template" };
  g_autoptr(GError) error = NULL;
  g_autoptr(ZonaStore) store = NULL;

  setup_once ();
  g_unlink (journal);
  write_input (data, size);

  store = zona_store_open (path, &error);
  if (store == NULL)
    {
      if (error == NULL || error->domain != ZONA_STORE_ERROR)
        fail ("a refusal without a ZonaStore error: %s", error ? error->message : "(none)");
      /* Checked first: this is the promise that matters most. */
      if (!file_is (data, size))
        fail ("a refused file was changed (%s)", error->message);
      /* It ends up in a dialog: GTK needs valid UTF-8. */
      if (!g_utf8_validate (error->message, -1, NULL))
        {
          g_autofree char *escaped = g_strescape (error->message, NULL);
          fail ("the error message is not valid UTF-8: %s", escaped);
        }
      if (strstr (error->message, BASENAME) == NULL)
        fail ("the message “%s” does not name the file", error->message);
    }
  else
    {
      g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal,
                                                          g_free, NULL);
      gint64 card = 0;

      for (guint i = 0; i < G_N_ELEMENTS (meta); i++)
        {
          g_autofree char *v = zona_store_get_meta (store, meta[i]);
          check_utf8 (v, meta[i]);
        }
      walk (store, 0, 0, seen, &card);

      /* One edit, as the user's first keystroke: it may fail, but cleanly. */
      if (card != 0)
        zona_store_set_field (store, card, "criticita", "fuzz", NULL);
      else
        zona_store_set_meta (store, "title", "fuzz", NULL);
    }
  g_clear_object (&store);
  g_unlink (path);
  g_unlink (journal);
  return 0;
}
