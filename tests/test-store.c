/* test-store.c: the plan file — creation, edits, refusal of foreign files, undo
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "model/zona-store.h"
#include "model/zona-plan-new.h"

typedef struct {
  char *dir;
  char *path;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("zona-store-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "plan.pdz", NULL);
}

static void
rm_rf (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d && (name = g_dir_read_name (d)))
    {
      g_autofree char *p = g_build_filename (dir, name, NULL);
      g_unlink (p);
    }
  g_rmdir (dir);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static gint64
make_card (ZonaStore *store)
{
  g_autoptr(GError) error = NULL;
  gint64 chapter = zona_store_add_chapter (store, 0, "esiti", "Esiti", &error);
  gint64 card;

  g_assert_no_error (error);
  card = zona_store_add_card (store, chapter, "valutazione-output", "Obiettivo", &error);
  g_assert_no_error (error);
  g_assert_cmpint (card, >, 0);
  return card;
}

static void
test_create_reopen (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ZonaStore) store = zona_store_create (f->path, "2025-2027", &error);
  g_autofree char *value = NULL;
  g_autoptr(GPtrArray) chapters = NULL;
  g_autoptr(GPtrArray) blocks = NULL;
  gint64 card;

  g_assert_no_error (error);
  card = make_card (store);
  g_assert_true (zona_store_set_field (store, card, "grado", "75", &error));
  g_assert_no_error (error);
  g_assert_true (zona_store_set_meta (store, "title", "Piano di prova", &error));
  g_clear_object (&store);

  /* No "save" step: reopening shows what was written. */
  store = zona_store_open (f->path, &error);
  g_assert_no_error (error);
  value = zona_store_get_field (store, card, "grado");
  g_assert_cmpstr (value, ==, "75");
  g_free (value);
  value = zona_store_get_meta (store, "template");
  g_assert_cmpstr (value, ==, "2025-2027");
  chapters = zona_store_list_chapters (store, 0);
  g_assert_cmpuint (chapters->len, ==, 1);
  blocks = zona_store_list_blocks (store, ((ZonaChapter *) g_ptr_array_index (chapters, 0))->id);
  g_assert_cmpuint (blocks->len, ==, 1);
  g_assert_cmpint (((ZonaBlock *) g_ptr_array_index (blocks, 0))->kind, ==, ZONA_BLOCK_CARD);
}

static void
test_file_identity (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ZonaStore) store = zona_store_create (f->path, "2025-2027", &error);
  sqlite3 *db;
  sqlite3_stmt *stmt;

  g_assert_no_error (error);
  g_clear_object (&store);

  g_assert_cmpint (sqlite3_open_v2 (f->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA application_id", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, ZONA_STORE_APPLICATION_ID);
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, ZONA_STORE_SCHEMA_VERSION);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static void
test_every_edit_committed (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ZonaStore) store = zona_store_create (f->path, "2025-2027", &error);
  g_autoptr(GHashTable) fields = NULL;
  gint64 card = make_card (store);
  sqlite3 *other;
  sqlite3_stmt *stmt;

  g_assert_true (zona_store_set_field (store, card, "criticita", "Poche risorse", &error));
  g_assert_no_error (error);

  /* Another connection sees the edit while the first is still open: it was committed. */
  g_assert_cmpint (sqlite3_open_v2 (f->path, &other, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (other, "SELECT value FROM field_value WHERE key = 'criticita'",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "Poche risorse");
  sqlite3_finalize (stmt);
  sqlite3_close (other);

  /* Empty means absent. */
  g_assert_true (zona_store_set_field (store, card, "criticita", "", &error));
  fields = zona_store_get_fields (store, card);
  g_assert_false (g_hash_table_contains (fields, "criticita"));
}

static void
write_file (const char *path,
            const char *data,
            gssize      len)
{
  g_autoptr(GError) error = NULL;
  g_file_set_contents (path, data, len, &error);
  g_assert_no_error (error);
}

static void
assert_refused (const char *path,
                int         code,
                const char *fragment)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL, *after = NULL;
  gsize before_len = 0, after_len = 0;
  g_autoptr(ZonaStore) store = NULL;
  g_autofree char *journal = g_strconcat (path, "-journal", NULL);

  g_file_get_contents (path, &before, &before_len, NULL);
  store = zona_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, ZONA_STORE_ERROR, code);
  if (strstr (error->message, fragment) == NULL)
    g_test_fail_printf ("message “%s” does not say “%s”", error->message, fragment);
  g_assert_true (g_file_get_contents (path, &after, &after_len, NULL) || before == NULL);
  g_assert_cmpmem (before, before_len, after, after_len);
  g_assert_false (g_file_test (journal, G_FILE_TEST_EXISTS));
}

static void
test_refuses_text_file (Fixture       *f,
                        gconstpointer  data)
{
  const char *text = "Questo è un verbale, non un piano.\nRiga due.\n";

  write_file (f->path, text, -1);
  assert_refused (f->path, ZONA_STORE_ERROR_NOT_A_PLAN, "is not a Zona plan");
}

static void
test_refuses_empty_file (Fixture       *f,
                         gconstpointer  data)
{
  write_file (f->path, "", 0);
  assert_refused (f->path, ZONA_STORE_ERROR_NOT_A_PLAN, "is empty");
}

static void
test_refuses_missing_file (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ZonaStore) store = zona_store_open (f->path, &error);

  g_assert_null (store);
  g_assert_error (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_NOT_FOUND);
  g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));
}

static void
make_foreign_db (const char *path,
                 const char *sql)
{
  sqlite3 *db;
  char *msg = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &msg) != SQLITE_OK)
    g_error ("%s", msg);
  sqlite3_close (db);
}

static void
test_refuses_other_app_db (Fixture       *f,
                           gconstpointer  data)
{
  make_foreign_db (f->path, "CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT);"
                            "INSERT INTO moz_places (url) VALUES ('https://example.org');");
  assert_refused (f->path, ZONA_STORE_ERROR_NOT_A_PLAN, "another application");
}

static void
test_refuses_newer (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ZonaStore) store = zona_store_create (f->path, "2025-2027", &error);
  g_autofree char *sql = NULL;

  g_assert_no_error (error);
  g_clear_object (&store);
  sql = g_strdup_printf ("PRAGMA user_version = %d", ZONA_STORE_SCHEMA_VERSION + 1);
  make_foreign_db (f->path, sql);
  assert_refused (f->path, ZONA_STORE_ERROR_TOO_NEW, "newer version of Zona");
}

static void
test_refuses_planted_trigger (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ZonaStore) store = zona_store_create (f->path, "2025-2027", &error);

  g_assert_no_error (error);
  g_clear_object (&store);
  make_foreign_db (f->path, "CREATE TRIGGER evil AFTER INSERT ON field_value "
                            "BEGIN DELETE FROM chapter; END;");
  assert_refused (f->path, ZONA_STORE_ERROR_UNSAFE, "triggers or views");
}

static void
test_refuses_truncated (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ZonaStore) store = zona_plan_new (f->path, "2025-2027", "Piano", &error);
  g_autofree char *contents = NULL;
  gsize len;

  g_assert_no_error (error);
  g_clear_object (&store);
  g_assert_true (g_file_get_contents (f->path, &contents, &len, NULL));
  g_assert_cmpuint (len, >, 4096);
  write_file (f->path, contents, 1500);   /* half the first page */
  assert_refused (f->path, ZONA_STORE_ERROR_CORRUPT, "damaged");
}

static void
test_refuses_zeroed_header (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ZonaStore) store = zona_plan_new (f->path, "2025-2027", "Piano", &error);
  g_autofree char *contents = NULL;
  gsize len;

  g_assert_no_error (error);
  g_clear_object (&store);
  g_assert_true (g_file_get_contents (f->path, &contents, &len, NULL));
  memset (contents, 0, 100);
  write_file (f->path, contents, len);
  assert_refused (f->path, ZONA_STORE_ERROR_NOT_A_PLAN, "is not a Zona plan");
}

static void
test_undo_redo (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ZonaStore) store = zona_store_create (f->path, "2025-2027", &error);
  gint64 card = make_card (store);
  g_autofree char *v = NULL;
  g_autoptr(ZonaBlock) block = NULL;

  zona_store_clear_history (store);
  g_assert_false (zona_store_can_undo (store));
  g_assert_true (zona_store_set_field (store, card, "grado", "40", &error));
  g_assert_true (zona_store_set_card_title (store, card, "Nuovo titolo", &error));
  g_assert_true (zona_store_can_undo (store));

  g_assert_true (zona_store_undo (store, &error));
  block = zona_store_get_block (store, card);
  g_assert_cmpstr (block->title, ==, "Obiettivo");
  g_assert_true (zona_store_undo (store, &error));
  v = zona_store_get_field (store, card, "grado");
  g_assert_null (v);
  g_assert_false (zona_store_can_undo (store));

  g_assert_true (zona_store_redo (store, &error));
  v = zona_store_get_field (store, card, "grado");
  g_assert_cmpstr (v, ==, "40");
  g_assert_true (zona_store_can_redo (store));

  /* A new edit clears the redo branch. */
  g_assert_true (zona_store_set_field (store, card, "criticita", "x", &error));
  g_assert_false (zona_store_can_redo (store));
  g_assert_no_error (error);
}

static void
test_typing_is_one_undo_step (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ZonaStore) store = zona_store_create (f->path, "2025-2027", &error);
  gint64 card = make_card (store);
  const char *steps[] = { "P", "Po", "Poc", "Poche" };
  g_autofree char *v = NULL;

  zona_store_clear_history (store);
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    g_assert_true (zona_store_set_field (store, card, "criticita", steps[i], &error));
  g_assert_true (zona_store_undo (store, &error));
  v = zona_store_get_field (store, card, "criticita");
  g_assert_null (v);
  g_assert_false (zona_store_can_undo (store));
}

static void
test_rejects_bad_values (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ZonaStore) store = zona_store_create (f->path, "2025-2027", &error);
  gint64 card = make_card (store);
  g_autofree char *huge = g_malloc (9 * 1024 * 1024 + 1);
  g_autofree char *v = NULL;

  memset (huge, 'a', 9 * 1024 * 1024);
  huge[9 * 1024 * 1024] = '\0';
  g_assert_true (zona_store_set_field (store, card, "criticita", "prima", &error));

  g_assert_false (zona_store_set_field (store, card, "criticita", huge, &error));
  g_assert_error (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (zona_store_set_field (store, card, "criticita", "bad \xff utf8", &error));
  g_assert_error (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (zona_store_set_field (store, 9999, "criticita", "x", &error));
  g_assert_error (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* Nothing lost. */
  v = zona_store_get_field (store, card, "criticita");
  g_assert_cmpstr (v, ==, "prima");
}

static void
test_save_copy (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ZonaStore) store = zona_store_create (f->path, "2025-2027", &error);
  g_autoptr(ZonaStore) copy = NULL;
  g_autofree char *dest = g_build_filename (f->dir, "copy.pdz", NULL);
  g_autofree char *v = NULL;
  gint64 card = make_card (store);

  g_assert_true (zona_store_set_field (store, card, "grado", "90", &error));
  g_assert_true (zona_store_save_copy (store, dest, &error));
  g_assert_no_error (error);
  copy = zona_store_open (dest, &error);
  g_assert_no_error (error);
  v = zona_store_get_field (copy, card, "grado");
  g_assert_cmpstr (v, ==, "90");
}

static void
test_plan_new_skeleton (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ZonaStore) store = zona_plan_new (f->path, "2025-2027", "Piano di Zona 2025-2027", &error);
  g_autoptr(GPtrArray) chapters = NULL;
  g_autofree char *cycle = NULL;

  g_assert_no_error (error);
  chapters = zona_store_list_chapters (store, 0);
  g_assert_cmpuint (chapters->len, ==, 7);
  g_assert_cmpstr (((ZonaChapter *) g_ptr_array_index (chapters, 0))->title, ==,
                   "Esiti della programmazione zonale 2021-2023");
  cycle = zona_store_get_meta (store, "cycle");
  g_assert_cmpstr (cycle, ==, "2025-2027");

  g_clear_object (&store);
  g_assert_null (zona_plan_new (f->path, "2025-2027", "again", &error));
  g_assert_error (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_EXISTS);
}


static gint64
count_rows (ZonaStore  *store,
            gint64      chapter)
{
  g_autoptr(GPtrArray) blocks = zona_store_list_blocks (store, chapter);
  return blocks->len;
}

/* Deleting a chapter takes its cards and their answers along; undo brings all back. */
static void
test_undo_structure (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ZonaStore) store = zona_store_create (f->path, "2025-2027", &error);
  g_autoptr(GPtrArray) chapters = NULL;
  g_autofree char *v = NULL;
  gint64 card = make_card (store);
  g_autoptr(ZonaBlock) block = zona_store_get_block (store, card);
  gint64 chapter = block->chapter_id;
  gint64 para;

  g_assert_true (zona_store_set_field (store, card, "grado", "70", &error));
  para = zona_store_add_paragraph (store, chapter, "Testo", &error);
  g_assert_cmpint (para, >, 0);
  g_assert_true (zona_store_move_block (store, para, 0, &error));
  g_assert_no_error (error);
  {
    g_autoptr(GPtrArray) blocks = zona_store_list_blocks (store, chapter);
    g_assert_cmpint (((ZonaBlock *) g_ptr_array_index (blocks, 0))->id, ==, para);
  }

  g_assert_true (zona_store_delete_chapter (store, chapter, &error));
  chapters = zona_store_list_chapters (store, 0);
  g_assert_cmpuint (chapters->len, ==, 0);
  g_assert_null (zona_store_get_block (store, card));

  g_assert_true (zona_store_undo (store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (store, chapter), ==, 2);
  v = zona_store_get_field (store, card, "grado");
  g_assert_cmpstr (v, ==, "70");

  /* Undo the move: the card is first again. */
  g_assert_true (zona_store_undo (store, &error));
  {
    g_autoptr(GPtrArray) blocks = zona_store_list_blocks (store, chapter);
    g_assert_cmpint (((ZonaBlock *) g_ptr_array_index (blocks, 0))->id, ==, card);
  }
  /* Undo the paragraph. */
  g_assert_true (zona_store_undo (store, &error));
  g_assert_cmpint (count_rows (store, chapter), ==, 1);
  /* Redo all three. */
  for (int i = 0; i < 3; i++)
    {
      zona_store_redo (store, &error);
      g_assert_no_error (error);
    }
  g_assert_cmpuint (zona_store_list_chapters (store, 0)->len, ==, 0);
  g_assert_no_error (error);
}

static void
test_text_and_spans (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ZonaStore) store = zona_store_create (f->path, "2025-2027", &error);
  gint64 chapter = zona_store_add_chapter (store, 0, NULL, "Premessa", &error);
  gint64 block = zona_store_add_block (store, chapter, ZONA_BLOCK_BULLET, 1, "Prima voce", NULL, &error);
  g_autoptr(GPtrArray) spans = g_ptr_array_new_with_free_func ((GDestroyNotify) zona_span_free);
  g_autoptr(GPtrArray) back = NULL;
  g_autoptr(ZonaBlock) b = NULL;
  ZonaSpan *sp;

  g_assert_no_error (error);
  sp = g_new0 (ZonaSpan, 1); sp->start = 0; sp->end = 5; sp->style = ZONA_SPAN_BOLD;
  g_ptr_array_add (spans, sp);
  sp = g_new0 (ZonaSpan, 1); sp->start = 11; sp->end = 11; sp->style = ZONA_SPAN_FOOTNOTE;
  sp->data = g_strdup ("Fonte: ISTAT 2020");
  g_ptr_array_add (spans, sp);
  sp = g_new0 (ZonaSpan, 1); sp->start = 6; sp->end = 11; sp->style = ZONA_SPAN_LINK;
  sp->data = g_strdup ("https://www.regione.lombardia.it");
  g_ptr_array_add (spans, sp);

  g_assert_true (zona_store_set_block_text (store, block, "Prima voce!", spans, &error));
  g_assert_no_error (error);
  back = zona_store_get_spans (store, block);
  g_assert_cmpuint (back->len, ==, 3);
  g_assert_cmpint (((ZonaSpan *) g_ptr_array_index (back, 0))->style, ==, ZONA_SPAN_BOLD);
  b = zona_store_get_block (store, block);
  g_assert_cmpint (b->kind, ==, ZONA_BLOCK_BULLET);
  g_assert_cmpint (b->level, ==, 1);
  g_assert_cmpstr (b->text, ==, "Prima voce!");

  /* A span outside the text is refused, and nothing changes. */
  sp = g_new0 (ZonaSpan, 1); sp->start = 3; sp->end = 40; sp->style = ZONA_SPAN_ITALIC;
  g_ptr_array_add (spans, sp);
  g_assert_false (zona_store_set_block_text (store, block, "Corto", spans, &error));
  g_assert_error (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_clear_pointer (&b, zona_block_free);
  b = zona_store_get_block (store, block);
  g_assert_cmpstr (b->text, ==, "Prima voce!");

  /* Undo takes text and formatting back together. */
  g_assert_true (zona_store_undo (store, &error));
  g_clear_pointer (&back, g_ptr_array_unref);
  back = zona_store_get_spans (store, block);
  g_assert_cmpuint (back->len, ==, 0);
  g_clear_pointer (&b, zona_block_free);
  b = zona_store_get_block (store, block);
  g_assert_cmpstr (b->text, ==, "Prima voce");

  g_assert_true (zona_store_set_block_kind (store, block, ZONA_BLOCK_HEADING, 2, &error));
  g_clear_pointer (&b, zona_block_free);
  b = zona_store_get_block (store, block);
  g_assert_cmpint (b->kind, ==, ZONA_BLOCK_HEADING);
}

/* The v1 file kept in tests/fixtures opens, is upgraded, and keeps every value. */
static void
test_migrates_v1 (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *fixture = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "fixtures",
                                               "plan-v1.pdz", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(ZonaStore) store = NULL;
  g_autofree char *title = NULL;
  gsize len;
  sqlite3 *db;
  sqlite3_stmt *stmt;
  int values_before;

  g_assert_true (g_file_get_contents (fixture, &contents, &len, &error));
  g_assert_true (g_file_set_contents (f->path, contents, len, &error));

  g_assert_cmpint (sqlite3_open_v2 (f->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_prepare_v2 (db, "SELECT (SELECT user_version FROM pragma_user_version), count(*) FROM field_value",
                      -1, &stmt, NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
  values_before = sqlite3_column_int (stmt, 1);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  store = zona_store_open (f->path, &error);
  g_assert_no_error (error);
  title = zona_store_get_meta (store, "title");
  g_assert_cmpstr (title, ==, "Piano di Zona 2021/2023");
  g_clear_object (&store);

  g_assert_cmpint (sqlite3_open_v2 (f->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_prepare_v2 (db, "SELECT (SELECT user_version FROM pragma_user_version), count(*), "
                          "(SELECT count(*) FROM block WHERE kind = 'card'), "
                          "(SELECT count(*) FROM pragma_foreign_key_check) FROM field_value",
                      -1, &stmt, NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, ZONA_STORE_SCHEMA_VERSION);
  g_assert_cmpint (sqlite3_column_int (stmt, 1), ==, values_before);
  g_assert_cmpint (sqlite3_column_int (stmt, 2), ==, 6);
  g_assert_cmpint (sqlite3_column_int (stmt, 3), ==, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

/* A second Zona on the same file gets a read-only view that refuses edits. */
static void
test_second_open_read_only (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ZonaStore) first = zona_store_create (f->path, "2025-2027", &error);
  g_autoptr(ZonaStore) second = NULL;
  g_autoptr(ZonaStore) third = NULL;
  g_autofree char *v = NULL;
  gint64 card = make_card (first);

  g_assert_true (zona_store_set_field (first, card, "grado", "10", &error));
  g_assert_false (zona_store_is_read_only (first));

  second = zona_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_true (zona_store_is_read_only (second));
  g_assert_nonnull (strstr (zona_store_get_read_only_reason (second), "already open"));
  v = zona_store_get_field (second, card, "grado");
  g_assert_cmpstr (v, ==, "10");
  g_assert_false (zona_store_set_field (second, card, "grado", "20", &error));
  g_assert_error (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_READ_ONLY);
  g_clear_error (&error);

  /* Once the first lets go, the file can be edited again. */
  g_clear_object (&first);
  g_clear_object (&second);
  third = zona_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_false (zona_store_is_read_only (third));
  g_assert_true (zona_store_set_field (third, card, "grado", "20", &error));
}

static void
test_backups (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_home = g_build_filename (f->dir, "data", NULL);
  g_autoptr(ZonaStore) store = NULL;
  g_autoptr(GPtrArray) backups = NULL;
  g_autofree char *v = NULL;
  gint64 card;

  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  store = zona_store_create (f->path, "2025-2027", &error);
  card = make_card (store);
  g_assert_true (zona_store_set_field (store, card, "grado", "30", &error));

  g_assert_true (zona_store_auto_backup (store, 5, &error));
  g_assert_no_error (error);
  g_assert_true (zona_store_auto_backup (store, 5, &error));   /* once a day */
  backups = zona_store_list_backups (f->path);
  g_assert_cmpuint (backups->len, ==, 1);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (backups, 0), data_home));

  g_assert_true (zona_store_set_field (store, card, "grado", "99", &error));
  g_assert_true (zona_store_restore_backup (store, g_ptr_array_index (backups, 0), &error));
  g_assert_no_error (error);
  v = zona_store_get_field (store, card, "grado");
  g_assert_cmpstr (v, ==, "30");
  g_assert_false (zona_store_can_undo (store));

  /* The state before the restore was kept as a backup too. */
  g_clear_pointer (&backups, g_ptr_array_unref);
  backups = zona_store_list_backups (f->path);
  g_assert_cmpuint (backups->len, ==, 2);
  g_unsetenv ("XDG_DATA_HOME");
}

/* A group of edits is one step: undone at once; a failure inside undoes it all. */
static void
test_group (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ZonaStore) store = zona_store_create (f->path, "2025-2027", &error);
  gint64 card = make_card (store);
  g_autofree char *a = NULL, *b = NULL;

  zona_store_clear_history (store);
  g_assert_true (zona_store_begin_group (store, &error));
  g_assert_true (zona_store_set_field (store, card, "grado", "10", &error));
  g_assert_true (zona_store_begin_group (store, &error));
  g_assert_true (zona_store_set_field (store, card, "criticita", "x", &error));
  g_assert_true (zona_store_end_group (store, TRUE, &error));
  g_assert_true (zona_store_end_group (store, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (zona_store_undo (store, &error));
  a = zona_store_get_field (store, card, "grado");
  b = zona_store_get_field (store, card, "criticita");
  g_assert_null (a);
  g_assert_null (b);
  g_assert_false (zona_store_can_undo (store));

  /* One failing edit: nothing of the group stays. */
  g_assert_true (zona_store_begin_group (store, &error));
  g_assert_true (zona_store_set_field (store, card, "grado", "20", &error));
  g_assert_false (zona_store_set_field (store, 9999, "grado", "30", &error));
  g_clear_error (&error);
  g_assert_false (zona_store_end_group (store, TRUE, &error));
  g_assert_error (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_INVALID);
  g_clear_pointer (&a, g_free);
  a = zona_store_get_field (store, card, "grado");
  g_assert_null (a);
  g_assert_false (zona_store_can_undo (store));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add ("/store/" path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("create-reopen", test_create_reopen);
  ADD ("file-identity", test_file_identity);
  ADD ("every-edit-committed", test_every_edit_committed);
  ADD ("refuses/text-file", test_refuses_text_file);
  ADD ("refuses/empty-file", test_refuses_empty_file);
  ADD ("refuses/missing-file", test_refuses_missing_file);
  ADD ("refuses/other-app-db", test_refuses_other_app_db);
  ADD ("refuses/newer", test_refuses_newer);
  ADD ("refuses/planted-trigger", test_refuses_planted_trigger);
  ADD ("refuses/truncated", test_refuses_truncated);
  ADD ("refuses/zeroed-header", test_refuses_zeroed_header);
  ADD ("undo-redo", test_undo_redo);
  ADD ("typing-is-one-undo-step", test_typing_is_one_undo_step);
  ADD ("rejects-bad-values", test_rejects_bad_values);
  ADD ("save-copy", test_save_copy);
  ADD ("plan-new-skeleton", test_plan_new_skeleton);
  ADD ("undo-structure", test_undo_structure);
  ADD ("text-and-spans", test_text_and_spans);
  ADD ("migrates-v1", test_migrates_v1);
  ADD ("second-open-read-only", test_second_open_read_only);
  ADD ("backups", test_backups);
  ADD ("group", test_group);
#undef ADD
  return g_test_run ();
}
