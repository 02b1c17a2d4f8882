/* bench-autosave.c: latency of one autosaved keystroke
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-autosave [N] [PLAN.pdz]
 *
 * What it measures: the time of zona_store_set_field (), which commits each
 * edit to the file at once (journal_mode=DELETE, synchronous=FULL), as when
 * the user types in a card field. N (default 10000) calls are made on a copy
 * of PLAN (default: a 10× plan generated into a temporary folder), so PLAN is
 * never changed.
 *
 * How: the edits come in typing sessions. Each session picks a card and a
 * text field of it (deterministic pseudo-random choice), then types 20–120
 * characters of the plan's own paragraph text one at a time: each keystroke
 * is one set_field call with the field's old value plus the characters typed
 * so far. Each call is timed alone with CLOCK_MONOTONIC (ns).
 *
 * Reference, measured in the same run and interleaved call by call with the
 * store's edits (so both see the same machine load): a bare SQLite
 * BEGIN IMMEDIATE + INSERT OR REPLACE + COMMIT of the same (card, key, value)
 * into a scratch database in the same folder, opened with the same PRAGMAs.
 * The scratch database holds only the rows written here, so it is smaller
 * than the plan. With synchronous=FULL both pay the file system's fsync cost;
 * on tmpfs that cost is nil, so run it where plans really live ($TMPDIR).
 *
 * Prints p50, p90, p99, max and mean in ms for both, the ratio zona/raw at
 * p50 and p99, and whether the target "p99 <= 2 ms" is met. No timing makes
 * the program fail.
 */
#define G_LOG_DOMAIN "zona-bench"

#include "config.h"

#include <gio/gio.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/zona-store.h"
#include "templates/zona-template.h"

#include "zona-bench.h"

#define DEFAULT_N          10000
#define DEFAULT_FACTOR     10
#define CARD_TYPE          "valutazione-output"
#define CORPUS_BYTES       (256 * 1024)
#define SESSION_MIN        20
#define SESSION_MAX        120
#define RAND_SEED          20260101
#define TARGET_P99_MS      2.0

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

typedef struct {
  GArray  *cards;      /* (element-type gint64) */
  GString *corpus;     /* paragraph text to type */
} PlanScan;

static void
scan_chapters (ZonaStore *store,
               gint64     parent_id,
               PlanScan  *scan)
{
  g_autoptr(GPtrArray) chapters = zona_store_list_chapters (store, parent_id);

  for (guint i = 0; i < chapters->len; i++)
    {
      ZonaChapter *c = chapters->pdata[i];
      g_autoptr(GPtrArray) blocks = zona_store_list_blocks (store, c->id);

      for (guint j = 0; j < blocks->len; j++)
        {
          ZonaBlock *b = blocks->pdata[j];

          if (b->kind == ZONA_BLOCK_CARD && g_strcmp0 (b->card_type, CARD_TYPE) == 0)
            g_array_append_val (scan->cards, b->id);
          else if (b->kind == ZONA_BLOCK_PARAGRAPH && scan->corpus->len < CORPUS_BYTES)
            {
              g_string_append (scan->corpus, b->text);
              g_string_append_c (scan->corpus, ' ');
            }
        }
      scan_chapters (store, c->id, scan);
    }
}

/* The free-text fields of the card type: what a user types into. */
static GPtrArray *
text_keys (ZonaStore *store,
           gint64     first_card)
{
  GPtrArray *keys = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *template_id = zona_store_get_meta (store, "template");
  g_autoptr(ZonaTemplate) template = NULL;
  const ZonaCardType *type = NULL;

  if (template_id != NULL)
    template = zona_template_lookup (template_id, NULL);
  if (template != NULL)
    type = zona_template_get_card_type (template, CARD_TYPE);
  for (guint i = 0; type != NULL && i < type->rows->len; i++)
    {
      const ZonaRow *row = type->rows->pdata[i];

      for (guint j = 0; j < row->fields->len; j++)
        {
          const ZonaField *field = row->fields->pdata[j];
          if (field->kind == ZONA_FIELD_TEXT || field->kind == ZONA_FIELD_LONG_TEXT)
            g_ptr_array_add (keys, g_strdup (field->key));
        }
    }
  if (keys->len == 0)
    {
      /* No template: type into the keys the first card already has. */
      g_autoptr(GHashTable) fields = zona_store_get_fields (store, first_card);
      g_autoptr(GList) names = g_list_sort (g_hash_table_get_keys (fields),
                                            (GCompareFunc) g_strcmp0);
      for (GList *l = names; l != NULL; l = l->next)
        g_ptr_array_add (keys, g_strdup (l->data));
    }
  return keys;
}

static gboolean
raw_exec (sqlite3     *db,
          const char  *sql,
          GError     **error)
{
  if (sqlite3_exec (db, sql, NULL, NULL, NULL) != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", sql, sqlite3_errmsg (db));
      return FALSE;
    }
  return TRUE;
}

static sqlite3 *
raw_open (const char  *path,
          GError     **error)
{
  sqlite3 *db = NULL;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", path,
                   db ? sqlite3_errmsg (db) : "out of memory");
      sqlite3_close (db);
      return NULL;
    }
  if (!raw_exec (db, "PRAGMA foreign_keys = ON; PRAGMA journal_mode = DELETE; "
                     "PRAGMA synchronous = FULL;", error)
      || !raw_exec (db, "CREATE TABLE field_value ("
                        "  block_id INTEGER NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,"
                        "  PRIMARY KEY (block_id, key)) WITHOUT ROWID", error))
    {
      sqlite3_close (db);
      return NULL;
    }
  return db;
}

/* One bare durable write: BEGIN IMMEDIATE, INSERT OR REPLACE, COMMIT. */
static gboolean
raw_write (sqlite3       *db,
           sqlite3_stmt  *insert,
           gint64         card_id,
           const char    *key,
           const char    *value,
           GError       **error)
{
  gboolean ok;

  if (!raw_exec (db, "BEGIN IMMEDIATE", error))
    return FALSE;
  sqlite3_bind_int64 (insert, 1, card_id);
  sqlite3_bind_text (insert, 2, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 3, value, -1, SQLITE_STATIC);
  ok = sqlite3_step (insert) == SQLITE_DONE;
  sqlite3_reset (insert);
  sqlite3_clear_bindings (insert);
  if (!ok)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "insert: %s", sqlite3_errmsg (db));
      raw_exec (db, "ROLLBACK", NULL);
      return FALSE;
    }
  return raw_exec (db, "COMMIT", error);
}

static void
print_row (const char *name,
           double     *ms,
           gsize       n,
           double     *p50,
           double     *p99)
{
  double sum = 0;

  for (gsize i = 0; i < n; i++)
    sum += ms[i];
  *p50 = zona_bench_quantile (ms, n, 0.50);
  *p99 = zona_bench_quantile (ms, n, 0.99);
  printf ("%-12s %9.3f %9.3f %9.3f %9.3f %9.3f\n", name, *p50,
          zona_bench_quantile (ms, n, 0.90), *p99, ms[n - 1], sum / n);
}

static int
run (guint        n,
     const char  *source_plan,
     const char  *tmp_dir,
     GError     **error)
{
  g_autofree char *generated = NULL;
  g_autofree char *copy_path = g_build_filename (tmp_dir, "autosave.pdz", NULL);
  g_autofree char *raw_path = g_build_filename (tmp_dir, "raw-reference.db", NULL);
  g_autoptr(GFile) source = NULL;
  g_autoptr(GFile) copy = NULL;
  g_autoptr(ZonaStore) store = NULL;
  g_autoptr(GPtrArray) keys = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (RAND_SEED);
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autofree double *zona_ms = g_new (double, n);
  g_autofree double *raw_ms = g_new (double, n);
  g_autoptr(GString) value = g_string_new (NULL);
  g_autofree char *last_key = NULL;
  g_autofree char *read_back = NULL;
  PlanScan scan;
  sqlite3 *raw = NULL;
  const char *cursor;
  gint64 last_card = 0;
  guint sessions = 0;
  double zona_p50, zona_p99, raw_p50, raw_p99;

  if (source_plan == NULL)
    {
      ZonaBenchPlanStats stats;

      generated = g_build_filename (tmp_dir, "plan-10x.pdz", NULL);
      printf ("generating a %d× plan in %s …\n", DEFAULT_FACTOR, tmp_dir);
      fflush (stdout);
      if (!zona_bench_make_plan (generated, DEFAULT_FACTOR, &stats, error))
        return 1;
      zona_bench_print_plan_stats (&stats);
      source_plan = generated;
    }

  source = g_file_new_for_path (source_plan);
  copy = g_file_new_for_path (copy_path);
  if (!g_file_copy (source, copy, G_FILE_COPY_NONE, NULL, NULL, NULL, error))
    return 1;
  store = zona_store_open (copy_path, error);
  if (store == NULL)
    return 1;

  scan.cards = g_array_new (FALSE, FALSE, sizeof (gint64));
  scan.corpus = g_string_new (NULL);
  scan_chapters (store, 0, &scan);
  if (scan.cards->len == 0 || scan.corpus->len == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "the plan has no “%s” cards or no paragraphs to type", CARD_TYPE);
      g_array_unref (scan.cards);
      g_string_free (scan.corpus, TRUE);
      return 1;
    }
  keys = text_keys (store, g_array_index (scan.cards, gint64, 0));

  raw = raw_open (raw_path, error);
  if (raw == NULL)
    return 1;
  if (sqlite3_prepare_v2 (raw, "INSERT OR REPLACE INTO field_value (block_id, key, value) "
                               "VALUES (?, ?, ?)", -1, &insert, NULL) != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", sqlite3_errmsg (raw));
      sqlite3_close (raw);
      return 1;
    }

  printf ("\nplan:        %s (copy of %s)\n", copy_path, source_plan);
  printf ("folder:      %s (%s)\n", tmp_dir, zona_bench_fs_type (tmp_dir));
  printf ("cards:       %u of type %s, %u text fields each\n", scan.cards->len, CARD_TYPE,
          keys->len);
  fflush (stdout);

  cursor = scan.corpus->str;
  for (guint i = 0; i < n; )
    {
      gint64 card = g_array_index (scan.cards, gint64,
                                   g_rand_int_range (rand, 0, scan.cards->len));
      const char *key = keys->pdata[g_rand_int_range (rand, 0, keys->len)];
      guint length = g_rand_int_range (rand, SESSION_MIN, SESSION_MAX + 1);
      g_autofree char *old = zona_store_get_field (store, card, key);

      g_string_assign (value, old ? old : "");
      if (value->len > 0)
        g_string_append_c (value, ' ');
      sessions++;

      for (guint k = 0; k < length && i < n; k++, i++)
        {
          const char *next;
          gint64 t0, t1, t2;

          if (*cursor == '\0')
            cursor = scan.corpus->str;
          next = g_utf8_next_char (cursor);
          g_string_append_len (value, cursor, next - cursor);
          cursor = next;

          t0 = zona_bench_now_ns ();
          if (!zona_store_set_field (store, card, key, value->str, error))
            goto fail;
          t1 = zona_bench_now_ns ();
          if (!raw_write (raw, insert, card, key, value->str, error))
            goto fail;
          t2 = zona_bench_now_ns ();

          zona_ms[i] = (t1 - t0) / 1e6;
          raw_ms[i] = (t2 - t1) / 1e6;
        }
      last_card = card;
      g_free (last_key);
      last_key = g_strdup (key);
    }

  read_back = zona_store_get_field (store, last_card, last_key);
  printf ("typing:      %u edits in %u sessions of %d–%d keystrokes (one set_field each)\n",
          n, sessions, SESSION_MIN, SESSION_MAX);
  printf ("check:       last value read back %s\n",
          g_strcmp0 (read_back, value->str) == 0 ? "equal" : "DIFFERENT");
  printf ("\n%-12s %9s %9s %9s %9s %9s   (ms per edit)\n", "", "p50", "p90", "p99", "max", "mean");
  print_row ("zona", zona_ms, n, &zona_p50, &zona_p99);
  print_row ("raw sqlite", raw_ms, n, &raw_p50, &raw_p99);
  printf ("%-12s %9.2f %9s %9.2f\n", "zona/raw",
          raw_p50 > 0 ? zona_p50 / raw_p50 : 0, "", raw_p99 > 0 ? zona_p99 / raw_p99 : 0);
  printf ("\ntarget p99 <= %g ms: %s (p99 = %.3f ms)\n", TARGET_P99_MS,
          zona_bench_met (zona_p99 <= TARGET_P99_MS), zona_p99);

  g_array_unref (scan.cards);
  g_string_free (scan.corpus, TRUE);
  g_clear_pointer (&insert, sqlite3_finalize);
  sqlite3_close (raw);
  return 0;

fail:
  g_array_unref (scan.cards);
  g_string_free (scan.corpus, TRUE);
  g_clear_pointer (&insert, sqlite3_finalize);
  sqlite3_close (raw);
  return 1;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp_dir = NULL;
  const char *plan = NULL;
  guint64 n = DEFAULT_N;
  int argi = 1;
  int ret;

  if (argi < argc && g_ascii_isdigit (argv[argi][0]))
    {
      char *end = NULL;
      n = g_ascii_strtoull (argv[argi], &end, 10);
      if (*end != '\0' || n == 0 || n > 10000000)
        {
          fprintf (stderr, "%s: N must be a whole number from 1 to 10000000\n", argv[0]);
          return 2;
        }
      argi++;
    }
  if (argi < argc)
    plan = argv[argi++];
  if (argi < argc)
    {
      fprintf (stderr, "usage: %s [N] [PLAN.pdz]\n", argv[0]);
      return 2;
    }

  tmp_dir = zona_bench_make_tmp_dir (&error);
  if (tmp_dir == NULL)
    {
      fprintf (stderr, "%s: %s\n", argv[0], error->message);
      return 1;
    }
  printf ("bench-autosave: %u field edits through zona_store_set_field\n", (guint) n);
  ret = run ((guint) n, plan, tmp_dir, &error);
  if (ret != 0)
    fprintf (stderr, "%s: %s\n", argv[0], error ? error->message : "failed");
  zona_bench_remove_tmp_dir (tmp_dir);
  return ret;
}
