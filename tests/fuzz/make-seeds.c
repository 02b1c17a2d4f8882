/* make-seeds.c: writes the seed corpus of fuzz-open-pdz
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: make-seeds OUTDIR [PLAN-V1-FIXTURE]
 *
 * A tiny valid plan made with the API, then rewritten with 512-byte pages so
 * that the fuzzer's mutations hit structure rather than padding; variants of
 * it made with SQLite (planted view, newer version, odd text and types, a
 * chapter loop, a missing column) and by byte surgery; the schema v1 fixture
 * (so that the migration runs); and a few files that are not databases.
 * Every file stays well under 100 KB. Not run by the tests: the output is
 * committed in corpus/open-pdz/.
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "model/zona-store.h"

static const char *outdir;

static void
sql (const char *path,
     const char *script)
{
  sqlite3 *db = NULL;
  char *msg = NULL;

  if (sqlite3_open (path, &db) != SQLITE_OK
      || sqlite3_exec (db, script, NULL, NULL, &msg) != SQLITE_OK)
    g_error ("%s: %s: %s", path, script, msg ? msg : sqlite3_errmsg (db));
  sqlite3_close (db);
}

static char *
out (const char *name)
{
  return g_build_filename (outdir, name, NULL);
}

static void
copy (const char *from,
      const char *to)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len;

  if (!g_file_get_contents (from, &contents, &len, &error)
      || !g_file_set_contents (to, contents, len, &error))
    g_error ("%s", error->message);
}

static void
variant (const char *base,
         const char *name,
         const char *script)
{
  g_autofree char *path = out (name);

  g_unlink (path);
  copy (base, path);
  sql (path, script);
}

/* base's bytes, edited, written as name. */
static void
surgery (const char  *base,
         const char  *name,
         void       (*edit) (guint8 *data, gsize *len))
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = out (name);
  g_autofree char *contents = NULL;
  gsize len;

  if (!g_file_get_contents (base, &contents, &len, &error))
    g_error ("%s", error->message);
  edit ((guint8 *) contents, &len);
  if (!g_file_set_contents (path, contents, len, &error))
    g_error ("%s", error->message);
}

static void
truncate_1000 (guint8 *data,
               gsize  *len)
{
  *len = MIN (*len, 1000);
}

static void
flip_bytes (guint8 *data,
            gsize  *len)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);

  for (int i = 0; i < 24; i++)
    data[g_rand_int_range (rand, 100, (gint32) *len)] ^= 1u << g_rand_int_range (rand, 0, 8);
}

static void
garbage_page (guint8 *data,
              gsize  *len)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (8);
  gsize page = (*len / 512) / 2;

  for (gsize i = 0; i < 512; i++)
    data[page * 512 + i] = (guint8) g_rand_int_range (rand, 0, 256);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ZonaStore) store = NULL;
  g_autofree char *tiny = NULL;
  gint64 chapter, section, card;

  if (argc < 2)
    {
      g_printerr ("usage: %s OUTDIR [PLAN-V1-FIXTURE]\n", argv[0]);
      return 2;
    }
  outdir = argv[1];
  g_mkdir_with_parents (outdir, 0755);

  tiny = out ("tiny-plan.pdz");
  g_unlink (tiny);
  store = zona_store_create (tiny, "2025-2027", &error);
  if (store == NULL)
    g_error ("%s", error->message);
  chapter = zona_store_add_chapter (store, 0, "esiti", "Esiti", &error);
  section = zona_store_add_chapter (store, chapter, NULL, "Sezione", &error);
  card = zona_store_add_card (store, chapter, "valutazione-output", "Obiettivo", &error);
  if (chapter == 0 || section == 0 || card == 0
      || !zona_store_set_field (store, card, "grado", "75", &error)
      || !zona_store_set_field (store, card, "criticita", "Poche risorse", &error)
      || !zona_store_add_paragraph (store, section, "Un paragrafo.", &error)
      || !zona_store_set_meta (store, "title", "Piano minimo", &error))
    g_error ("%s", error->message);
  g_clear_object (&store);
  sql (tiny, "PRAGMA page_size = 512; VACUUM;");

  variant (tiny, "planted-view.pdz", "CREATE VIEW v AS SELECT title FROM chapter;");
  variant (tiny, "newer-version.pdz", "PRAGMA user_version = 99;");
  variant (tiny, "other-app.pdz", "PRAGMA application_id = 0;");
  variant (tiny, "invalid-utf8.pdz",
           "UPDATE chapter SET title = CAST (x'43617069c3' AS TEXT);"
           "UPDATE field_value SET value = CAST (x'eda080ff' AS TEXT);"
           "UPDATE plan SET value = CAST (x'c0af' AS TEXT) WHERE key = 'title';");
  variant (tiny, "wrong-types.pdz",
           "UPDATE chapter SET title = x'00414243', role = 42, position = 'x';"
           "UPDATE block SET title = 1.5, text = x'ff00' WHERE 1;"
           "UPDATE field_value SET value = x'';");
  variant (tiny, "chapter-loop.pdz",
           "INSERT INTO chapter (id, parent_id, position, title) VALUES (0, 0, 5, 'Loop');"
           "UPDATE chapter SET parent_id = id WHERE title = 'Sezione';");
  variant (tiny, "no-value-column.pdz",
           "CREATE TABLE fv (block_id INTEGER NOT NULL, key TEXT NOT NULL,"
           "  PRIMARY KEY (block_id, key)) WITHOUT ROWID;"
           "INSERT INTO fv SELECT block_id, key FROM field_value;"
           "DROP TABLE field_value; ALTER TABLE fv RENAME TO field_value;");
  surgery (tiny, "truncated.pdz", truncate_1000);
  surgery (tiny, "flipped-bits.pdz", flip_bytes);
  surgery (tiny, "garbage-page.pdz", garbage_page);

  if (argc > 2)
    {
      g_autofree char *v1 = out ("plan-v1.pdz");

      g_unlink (v1);
      copy (argv[2], v1);
      sql (v1, "PRAGMA page_size = 512; VACUUM;");
    }

  {
    g_autofree char *empty = out ("empty.pdz");
    g_autofree char *text = out ("text.pdz");

    g_file_set_contents (empty, "", 0, NULL);
    g_file_set_contents (text, "SQLite format 3\nnot really\n", -1, NULL);
  }
  return 0;
}
