/* test-crash.c: a plan survives being killed at any moment
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The test runs itself again as a child process that makes scripted edits
 * through ZonaStore and, once each call has returned (the edit is committed),
 * writes the edit's number on its stdout. The parent kills the child with
 * SIGKILL after a random delay, again and again. After every kill the file
 * must open with zona_store_open (a hot journal is rolled back), pass
 * PRAGMA integrity_check and foreign_key_check, and hold exactly the edits
 * 1..M for some M that is at least the last edit reported: every reported
 * edit is there, and no edit is there in part. M is at most one more than
 * the last reported edit (killed between the commit and the report).
 *
 * The edit script is a pure function of the edit number, so the parent can
 * compute the whole expected state for any M:
 *   - most edits set the field “criticita” of the first card to “edit-N”;
 *   - every 10th (N % 10 == 5) sets “obiettivi” to a long value (1–96 KB,
 *     overflow pages) whose every byte depends on N;
 *   - N % 10 == 3 adds a paragraph “para-N”;
 *   - N % 20 == 7 adds a card titled “card-N”;
 *   - N % 20 == 17 is a batch: a paragraph “batch-N”, “criticita” = “edit-N”
 *     and the first card's title “title-N”, in one transaction.
 *
 * A second case kills a child while it opens a copy of the schema v1
 * fixture, which migrates it to the current schema.
 *
 * The kill delays (5–60 ms after the spawn) come from a GRand with a fixed
 * seed (printed; set ZONA_CRASH_SEED to try others); ZONA_CRASH_ROUNDS sets the
 * number of rounds (100; at least 50). Anything a child writes on stderr fails
 * the test: an error, or a sanitizer's report cut short by the kill.
 *
 * Child usage: test-crash --child PATH START CHAPTER CARD
 *              test-crash --open-only PATH
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "model/zona-store.h"

#define DEFAULT_SEED     20260125
#define DEFAULT_ROUNDS   100
#define MIN_DELAY_USEC   5000
#define MAX_DELAY_USEC   60000
#define FIRST_CARD_TITLE "Obiettivo"

static char *self_exe;

typedef enum {
  OP_FIELD,
  OP_LONG_FIELD,
  OP_PARAGRAPH,
  OP_CARD,
  OP_BATCH,
} Op;

static Op
op_for (guint64 n)
{
  switch (n % 10)
    {
    case 3:
      return OP_PARAGRAPH;
    case 5:
      return OP_LONG_FIELD;
    case 7:
      return n % 20 == 7 ? OP_CARD : OP_BATCH;
    default:
      return OP_FIELD;
    }
}

/* “long-N:” and then 1 to 96 KB of letters that depend on N. */
static char *
long_value (guint64 n)
{
  gsize len = 1024 + (n * 7919) % (95 * 1024);
  GString *s = g_string_sized_new (len + 32);

  g_string_append_printf (s, "long-%" G_GUINT64_FORMAT ":", n);
  for (gsize i = 0; i < len; i++)
    g_string_append_c (s, 'a' + (char) ((i * 31 + n) % 26));
  return g_string_free (s, FALSE);
}

/* “prefix-N” → N; 0 when it does not match. */
static guint64
number_after (const char *text,
              const char *prefix)
{
  guint64 n = 0;
  const char *end = NULL;

  if (text == NULL || !g_str_has_prefix (text, prefix))
    return 0;
  text += strlen (prefix);
  if (!g_ascii_isdigit (*text))
    return 0;
  n = g_ascii_strtoull (text, (char **) &end, 10);
  if (end == NULL || (*end != '\0' && *end != ':'))
    return 0;
  return n;
}

/* ---- the child -------------------------------------------------------- */

static void
report (const char *line)
{
  gsize len = strlen (line);

  while (len > 0)
    {
      gssize w = write (STDOUT_FILENO, line, len);
      if (w < 0 && errno == EINTR)
        continue;
      if (w <= 0)
        _exit (5);
      line += w;
      len -= w;
    }
}

static gboolean
do_edit (ZonaStore  *store,
         guint64     n,
         gint64      chapter,
         gint64      card,
         GError    **error)
{
  g_autofree char *text = NULL;

  switch (op_for (n))
    {
    case OP_FIELD:
      text = g_strdup_printf ("edit-%" G_GUINT64_FORMAT, n);
      return zona_store_set_field (store, card, "criticita", text, error);
    case OP_LONG_FIELD:
      text = long_value (n);
      return zona_store_set_field (store, card, "obiettivi", text, error);
    case OP_PARAGRAPH:
      text = g_strdup_printf ("para-%" G_GUINT64_FORMAT, n);
      return zona_store_add_paragraph (store, chapter, text, error) > 0;
    case OP_CARD:
      text = g_strdup_printf ("card-%" G_GUINT64_FORMAT, n);
      return zona_store_add_card (store, chapter, "valutazione-output", text, error) > 0;
    case OP_BATCH:
      {
        g_autofree char *para = g_strdup_printf ("batch-%" G_GUINT64_FORMAT, n);
        g_autofree char *title = g_strdup_printf ("title-%" G_GUINT64_FORMAT, n);
        gboolean ok;

        text = g_strdup_printf ("edit-%" G_GUINT64_FORMAT, n);
        if (!zona_store_begin_batch (store, error))
          return FALSE;
        ok = zona_store_add_paragraph (store, chapter, para, error) > 0
          && zona_store_set_field (store, card, "criticita", text, error)
          && zona_store_set_card_title (store, card, title, error);
        return zona_store_end_batch (store, ok, ok ? error : NULL) && ok;
      }
    default:
      g_assert_not_reached ();
    }
}

static int
child_main (int    argc,
            char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ZonaStore) store = NULL;
  guint64 n;
  gint64 chapter, card;

  if (argc != 6)
    {
      g_printerr ("usage: %s --child PATH START CHAPTER CARD\n", argv[0]);
      return 2;
    }
  n = g_ascii_strtoull (argv[3], NULL, 10);
  chapter = g_ascii_strtoll (argv[4], NULL, 10);
  card = g_ascii_strtoll (argv[5], NULL, 10);

  store = zona_store_open (argv[2], &error);
  if (store == NULL)
    {
      g_printerr ("child: cannot open %s: %s\n", argv[2], error->message);
      return 3;
    }
  report ("open\n");
  for (;; n++)
    {
      char line[32];

      if (!do_edit (store, n, chapter, card, &error))
        {
          g_printerr ("child: edit %" G_GUINT64_FORMAT " failed: %s\n", n, error->message);
          return 4;
        }
      g_snprintf (line, sizeof line, "%" G_GUINT64_FORMAT "\n", n);
      report (line);
    }
}

static int
open_only_main (int    argc,
                char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ZonaStore) store = NULL;

  if (argc != 3)
    return 2;
  store = zona_store_open (argv[2], &error);
  if (store == NULL)
    {
      g_printerr ("child: cannot open %s: %s\n", argv[2], error->message);
      return 3;
    }
  report ("open\n");
  /* Stay alive, holding the file, until killed. */
  for (;;)
    pause ();
}

/* ---- the parent ------------------------------------------------------- */

typedef struct {
  gboolean  opened;       /* the child reported “open” */
  guint64   last;         /* last edit reported, 0 if none */
  guint     n_reported;
  gint64    open_usec;    /* when “open” came, from the spawn; 0 if it did not */
} Round;

static guint64
env_number (const char *name,
            guint64     fallback)
{
  const char *v = g_getenv (name);
  return v != NULL && *v != '\0' ? g_ascii_strtoull (v, NULL, 10) : fallback;
}

/* Reads what is there; FALSE at the end of the stream. */
static gboolean
drain (int      fd,
       GString *into)
{
  char buf[4096];
  gssize r;

  do
    r = read (fd, buf, sizeof buf);
  while (r < 0 && errno == EINTR);
  if (r <= 0)
    return FALSE;
  g_string_append_len (into, buf, r);
  return TRUE;
}

/* Runs argv, kills it with SIGKILL after delay_usec (or as soon as it reports “open”,
 * if delay_usec is negative), and parses what it reported. */
static void
run_and_kill (char   **argv,
              gint64   delay_usec,
              guint64  first_expected,
              Round   *round)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) err = g_string_new (NULL);
  g_auto(GStrv) lines = NULL;
  struct pollfd pfd[2];
  GPid pid;
  int status = 0;
  gint64 started, deadline;
  guint64 expect = first_expected;

  g_spawn_async_with_pipes (NULL, argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                            &pid, NULL, &pfd[0].fd, &pfd[1].fd, &error);
  g_assert_no_error (error);
  round->open_usec = 0;
  started = g_get_monotonic_time ();
  deadline = started + (delay_usec >= 0 ? delay_usec : 10 * G_USEC_PER_SEC);

  /* Drain both pipes until the deadline, so that the child never blocks on them. */
  for (;;)
    {
      gint64 left = deadline - g_get_monotonic_time ();

      if (left <= 0 || (pfd[0].fd < 0 && pfd[1].fd < 0))
        break;
      pfd[0].events = pfd[1].events = POLLIN;
      if (poll (pfd, 2, (int) ((left + 999) / 1000)) <= 0)
        continue;
      if (pfd[0].revents != 0 && !drain (pfd[0].fd, out))
        pfd[0].fd = -pfd[0].fd - 1;   /* poll() skips negative descriptors */
      if (pfd[1].revents != 0 && !drain (pfd[1].fd, err))
        pfd[1].fd = -pfd[1].fd - 1;
      if (round->open_usec == 0 && g_str_has_prefix (out->str, "open\n"))
        {
          round->open_usec = g_get_monotonic_time () - started;
          if (delay_usec < 0)
            break;
        }
    }
  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_spawn_close_pid (pid);

  /* The child is gone: whatever it wrote is still in the pipes. */
  for (guint i = 0; i < 2; i++)
    {
      int fd = pfd[i].fd >= 0 ? pfd[i].fd : -pfd[i].fd - 1;

      while (drain (fd, i == 0 ? out : err))
        ;
      close (fd);
    }

  /* The child writes nothing there: anything is an error message or a sanitizer's
   * report, even when the kill came before the child could exit on it. */
  if (err->len > 0)
    g_error ("the child complained:\n%s", err->str);
  if (!WIFSIGNALED (status) || WTERMSIG (status) != SIGKILL)
    g_error ("the child was not killed: it %s %d (see its messages above)",
             WIFEXITED (status) ? "exited with status" : "died of signal",
             WIFEXITED (status) ? WEXITSTATUS (status) : WTERMSIG (status));

  /* Only complete lines count: a number cut short was not reported. */
  if (out->len > 0 && out->str[out->len - 1] != '\n')
    {
      char *nl = strrchr (out->str, '\n');
      g_string_truncate (out, nl ? (gsize) (nl - out->str + 1) : 0);
    }
  lines = g_strsplit (out->str, "\n", -1);
  round->opened = FALSE;
  round->last = 0;
  round->n_reported = 0;
  for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      if (i == 0)
        {
          g_assert_cmpstr (lines[i], ==, "open");
          round->opened = TRUE;
          continue;
        }
      /* Edits are reported in order, one by one, from where the child started. */
      g_assert_cmpuint (g_ascii_strtoull (lines[i], NULL, 10), ==, expect);
      round->last = expect++;
      round->n_reported++;
    }
}

/* The first column of the first row, as text; NULL when there is no row. */
static char *
query_text (sqlite3    *db,
            const char *query)
{
  sqlite3_stmt *stmt = NULL;
  char *ret = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, query, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    ret = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return ret;
}

static void
assert_integrity (const char *path)
{
  g_autofree char *integrity = NULL;
  g_autofree char *foreign_keys = NULL;
  g_autofree char *app_id = NULL;
  g_autofree char *version = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  integrity = query_text (db, "SELECT group_concat (integrity_check, '; ') "
                              "FROM pragma_integrity_check");
  foreign_keys = query_text (db, "SELECT count (*) FROM pragma_foreign_key_check");
  app_id = query_text (db, "PRAGMA application_id");
  version = query_text (db, "PRAGMA user_version");
  sqlite3_close (db);

  g_assert_cmpstr (integrity, ==, "ok");
  g_assert_cmpstr (foreign_keys, ==, "0");
  g_assert_cmpint (g_ascii_strtoll (app_id, NULL, 10), ==, ZONA_STORE_APPLICATION_ID);
  g_assert_cmpint (g_ascii_strtoll (version, NULL, 10), ==, ZONA_STORE_SCHEMA_VERSION);
}

/* What the store holds, as edit numbers. */
typedef struct {
  guint64    criticita;   /* from “edit-N”, 0 if unset */
  guint64    obiettivi;   /* from “long-N:…”, 0 if unset */
  guint64    title;       /* first card's title “title-N”, 0 if still FIRST_CARD_TITLE */
  GPtrArray *paragraphs;  /* texts, in order */
  GPtrArray *cards;       /* titles of the cards after the first, in order */
  guint64    max;
} State;

static void
state_clear (State *s)
{
  g_clear_pointer (&s->paragraphs, g_ptr_array_unref);
  g_clear_pointer (&s->cards, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (State, state_clear)

static void
expected_state (guint64  m,
                State   *s)
{
  memset (s, 0, sizeof *s);
  s->paragraphs = g_ptr_array_new_with_free_func (g_free);
  s->cards = g_ptr_array_new_with_free_func (g_free);
  s->max = m;
  for (guint64 n = 1; n <= m; n++)
    switch (op_for (n))
      {
      case OP_FIELD:
        s->criticita = n;
        break;
      case OP_LONG_FIELD:
        s->obiettivi = n;
        break;
      case OP_PARAGRAPH:
        g_ptr_array_add (s->paragraphs, g_strdup_printf ("para-%" G_GUINT64_FORMAT, n));
        break;
      case OP_CARD:
        g_ptr_array_add (s->cards, g_strdup_printf ("card-%" G_GUINT64_FORMAT, n));
        break;
      case OP_BATCH:
        g_ptr_array_add (s->paragraphs, g_strdup_printf ("batch-%" G_GUINT64_FORMAT, n));
        s->criticita = n;
        s->title = n;
        break;
      default:
        g_assert_not_reached ();
      }
}

static void
read_state (ZonaStore *store,
            gint64     chapter,
            gint64     card,
            State     *s)
{
  g_autoptr(GPtrArray) blocks = zona_store_list_blocks (store, chapter);
  g_autofree char *crit = zona_store_get_field (store, card, "criticita");
  g_autofree char *obj = zona_store_get_field (store, card, "obiettivi");

  memset (s, 0, sizeof *s);
  s->paragraphs = g_ptr_array_new_with_free_func (g_free);
  s->cards = g_ptr_array_new_with_free_func (g_free);

  if (crit != NULL)
    {
      s->criticita = number_after (crit, "edit-");
      g_assert_cmpuint (s->criticita, >, 0);
    }
  if (obj != NULL)
    {
      g_autofree char *want = NULL;

      s->obiettivi = number_after (obj, "long-");
      g_assert_cmpuint (s->obiettivi, >, 0);
      /* The whole value, not only its start: no torn overflow pages. */
      want = long_value (s->obiettivi);
      g_assert_cmpuint (strlen (obj), ==, strlen (want));
      g_assert_true (strcmp (obj, want) == 0);
    }
  s->max = MAX (s->criticita, s->obiettivi);

  g_assert_cmpuint (blocks->len, >=, 1);
  for (guint i = 0; i < blocks->len; i++)
    {
      ZonaBlock *b = g_ptr_array_index (blocks, i);
      guint64 n;

      if (b->id == card)
        {
          g_assert_cmpint (b->kind, ==, ZONA_BLOCK_CARD);
          if (g_strcmp0 (b->title, FIRST_CARD_TITLE) != 0)
            {
              s->title = number_after (b->title, "title-");
              g_assert_cmpuint (s->title, >, 0);
              s->max = MAX (s->max, s->title);
            }
          continue;
        }
      if (b->kind == ZONA_BLOCK_CARD)
        {
          n = number_after (b->title, "card-");
          g_assert_cmpuint (n, >, 0);
          g_ptr_array_add (s->cards, g_strdup (b->title));
        }
      else
        {
          g_assert_cmpint (b->kind, ==, ZONA_BLOCK_PARAGRAPH);
          n = number_after (b->text, "para-");
          if (n == 0)
            n = number_after (b->text, "batch-");
          g_assert_cmpuint (n, >, 0);
          g_ptr_array_add (s->paragraphs, g_strdup (b->text));
        }
      s->max = MAX (s->max, n);
    }
}

static void
assert_same_strings (GPtrArray  *got,
                     GPtrArray  *want,
                     const char *what)
{
  for (guint i = 0; i < MIN (got->len, want->len); i++)
    if (g_strcmp0 (g_ptr_array_index (got, i), g_ptr_array_index (want, i)) != 0)
      g_error ("%s %u: found “%s”, expected “%s”", what, i,
               (char *) g_ptr_array_index (got, i), (char *) g_ptr_array_index (want, i));
  g_assert_cmpuint (got->len, ==, want->len);
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
test_crash_edits (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("zona-crash-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *journal = NULL;
  g_autoptr(GRand) rand = NULL;
  guint64 seed = env_number ("ZONA_CRASH_SEED", DEFAULT_SEED);
  guint rounds = (guint) env_number ("ZONA_CRASH_ROUNDS", DEFAULT_ROUNDS);
  guint64 committed = 0;
  guint n_hot = 0, n_opened = 0, n_with_edits = 0, n_unreported = 0;
  guint64 total_reported = 0;
  gint64 chapter, card, started = g_get_monotonic_time ();

  g_assert_no_error (error);
  path = g_build_filename (dir, "plan.pdz", NULL);
  journal = g_strconcat (path, "-journal", NULL);
  rand = g_rand_new_with_seed ((guint32) seed);
  g_test_message ("seed %" G_GUINT64_FORMAT ", %u rounds, plan %s", seed, rounds, path);

  {
    g_autoptr(ZonaStore) store = zona_store_create (path, "2025-2027", &error);

    g_assert_no_error (error);
    chapter = zona_store_add_chapter (store, 0, "esiti", "Esiti", &error);
    g_assert_no_error (error);
    card = zona_store_add_card (store, chapter, "valutazione-output", FIRST_CARD_TITLE, &error);
    g_assert_no_error (error);
    g_assert_cmpint (card, >, 0);
  }

  for (guint r = 0; r < rounds; r++)
    {
      g_autofree char *start = g_strdup_printf ("%" G_GUINT64_FORMAT, committed + 1);
      g_autofree char *chapter_s = g_strdup_printf ("%" G_GINT64_FORMAT, chapter);
      g_autofree char *card_s = g_strdup_printf ("%" G_GINT64_FORMAT, card);
      char *argv[] = { self_exe, (char *) "--child", path, start, chapter_s, card_s, NULL };
      gint64 delay = g_rand_int_range (rand, MIN_DELAY_USEC, MAX_DELAY_USEC + 1);
      g_autoptr(ZonaStore) store = NULL;
      g_auto(State) got = { 0 };
      g_auto(State) want = { 0 };
      g_autofree char *marker = NULL;
      guint64 last_reported;
      gboolean hot;
      Round round = { 0 };

      run_and_kill (argv, delay, committed + 1, &round);
      hot = g_file_test (journal, G_FILE_TEST_EXISTS);
      n_hot += hot;
      n_opened += round.opened;
      n_with_edits += round.n_reported > 0;
      total_reported += round.n_reported;
      last_reported = round.n_reported > 0 ? round.last : committed;

      /* The file opens: a hot journal is rolled back, and nothing is refused. */
      store = zona_store_open (path, &error);
      if (store == NULL)
        g_error ("round %u (killed after %" G_GINT64_FORMAT " us, journal %s): the plan does "
                 "not open: %s", r, delay, hot ? "left" : "absent", error->message);

      read_state (store, chapter, card, &got);
      if (got.max < last_reported || got.max > last_reported + 1)
        g_error ("round %u: edit %" G_GUINT64_FORMAT " was reported, but the file holds edits "
                 "up to %" G_GUINT64_FORMAT, r, last_reported, got.max);
      n_unreported += got.max == last_reported + 1;

      /* Exactly the edits 1..M: each one whole, none in part. */
      expected_state (got.max, &want);
      g_assert_cmpuint (got.criticita, ==, want.criticita);
      g_assert_cmpuint (got.obiettivi, ==, want.obiettivi);
      g_assert_cmpuint (got.title, ==, want.title);
      assert_same_strings (got.paragraphs, want.paragraphs, "paragraph");
      assert_same_strings (got.cards, want.cards, "card");

      /* The file is writable again: no stale lock, no leftover transaction. */
      marker = g_strdup_printf ("round %u", r);
      g_assert_true (zona_store_set_meta (store, "crash-test", marker, &error));
      g_assert_no_error (error);
      g_clear_object (&store);

      g_assert_false (g_file_test (journal, G_FILE_TEST_EXISTS));
      assert_integrity (path);
      committed = got.max;
    }

  g_test_message ("%u rounds in %.1f s: %u children opened the plan, %u reported edits "
                  "(%" G_GUINT64_FORMAT " in all, %" G_GUINT64_FORMAT " committed), %u kills "
                  "left a hot journal, %u killed between commit and report",
                  rounds, (g_get_monotonic_time () - started) / 1e6, n_opened, n_with_edits,
                  total_reported, committed, n_hot, n_unreported);
  /* The kills must have landed in the edit loop, or the test proves nothing. */
  g_assert_cmpuint (rounds, >=, 50);
  g_assert_cmpuint (n_with_edits, >=, rounds / 2);
  g_assert_cmpuint (n_hot, >, 0);

  rm_rf (dir);
}

/* Everything a plan holds, as one string. */
static void
fingerprint_chapters (ZonaStore *store,
                      gint64     parent,
                      int        depth,
                      GString   *out)
{
  g_autoptr(GPtrArray) chapters = zona_store_list_chapters (store, parent);

  g_assert_cmpint (depth, <, 32);
  for (guint i = 0; i < chapters->len; i++)
    {
      ZonaChapter *c = g_ptr_array_index (chapters, i);
      g_autoptr(GPtrArray) blocks = zona_store_list_blocks (store, c->id);

      g_string_append_printf (out, "C%" G_GINT64_FORMAT "<%s>[%s]\n", c->id, c->role ? c->role : "",
                              c->title);
      for (guint j = 0; j < blocks->len; j++)
        {
          ZonaBlock *b = g_ptr_array_index (blocks, j);
          g_autoptr(GHashTable) fields = zona_store_get_fields (store, b->id);
          g_autoptr(GList) keys = g_list_sort (g_hash_table_get_keys (fields),
                                               (GCompareFunc) strcmp);

          g_string_append_printf (out, " B%" G_GINT64_FORMAT " %d [%s] [%s] [%s]\n", b->id, b->kind,
                                  b->text ? b->text : "", b->card_type ? b->card_type : "",
                                  b->title ? b->title : "");
          for (GList *k = keys; k; k = k->next)
            g_string_append_printf (out, "  %s=%s\n", (char *) k->data,
                                    (char *) g_hash_table_lookup (fields, k->data));
        }
      fingerprint_chapters (store, c->id, depth + 1, out);
    }
}

static char *
fingerprint (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ZonaStore) store = zona_store_open (path, &error);
  GString *out = g_string_new (NULL);
  const char *meta[] = { "title", "ambito", "ente_capofila", "cycle", "template" };

  if (store == NULL)
    g_error ("%s does not open: %s", path, error->message);
  for (guint i = 0; i < G_N_ELEMENTS (meta); i++)
    {
      g_autofree char *v = zona_store_get_meta (store, meta[i]);
      g_string_append_printf (out, "%s=%s\n", meta[i], v ? v : "(null)");
    }
  fingerprint_chapters (store, 0, 0, out);
  return g_string_free (out, FALSE);
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len;

  g_file_get_contents (from, &contents, &len, &error);
  g_assert_no_error (error);
  g_file_set_contents (to, contents, len, &error);
  g_assert_no_error (error);
}

/* Killed while it upgrades an old plan: the next open finishes the job. */
static void
test_crash_migration (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("zona-crash-XXXXXX", &error);
  g_autofree char *fixture = g_test_build_filename (G_TEST_DIST, "fixtures", "plan-v1.pdz", NULL);
  g_autofree char *path = NULL;
  g_autofree char *reference = NULL;
  g_autofree char *want = NULL;
  g_autoptr(GRand) rand = NULL;
  guint64 seed = env_number ("ZONA_CRASH_SEED", DEFAULT_SEED);
  guint rounds = (guint) env_number ("ZONA_CRASH_ROUNDS", DEFAULT_ROUNDS) / 4;
  guint n_opened = 0, n_hot = 0;
  gint64 open_usec;

  g_assert_no_error (error);
  g_assert_true (g_file_test (fixture, G_FILE_TEST_IS_REGULAR));
  path = g_build_filename (dir, "old.pdz", NULL);
  rand = g_rand_new_with_seed ((guint32) seed + 1);

  /* What an undisturbed upgrade gives. */
  reference = g_build_filename (dir, "reference.pdz", NULL);
  copy_file (fixture, reference);
  want = fingerprint (reference);
  g_assert_cmpuint (strlen (want), >, 200);

  /* How long a child takes to open (and upgrade) the plan: kill within that window. */
  {
    char *argv[] = { self_exe, (char *) "--open-only", path, NULL };
    Round round = { 0 };

    copy_file (fixture, path);
    run_and_kill (argv, -1, 1, &round);
    g_assert_true (round.opened);
    open_usec = MAX (round.open_usec, 2000);
    g_test_message ("a child opens the old plan in %" G_GINT64_FORMAT " us", open_usec);
  }

  for (guint r = 0; r < rounds; r++)
    {
      char *argv[] = { self_exe, (char *) "--open-only", path, NULL };
      g_autofree char *journal = g_strconcat (path, "-journal", NULL);
      g_autofree char *got = NULL;
      Round round = { 0 };

      g_unlink (path);
      copy_file (fixture, path);
      run_and_kill (argv, g_rand_int_range (rand, 0, (gint32) (open_usec * 5 / 4) + 1), 1, &round);
      n_opened += round.opened;
      n_hot += g_file_test (journal, G_FILE_TEST_EXISTS);

      got = fingerprint (path);
      g_assert_cmpstr (got, ==, want);
      g_assert_false (g_file_test (journal, G_FILE_TEST_EXISTS));
      assert_integrity (path);
    }
  g_test_message ("%u rounds: %u children finished opening, %u kills left a hot journal",
                  rounds, n_opened, n_hot);
  rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  if (argc >= 2 && g_str_equal (argv[1], "--child"))
    return child_main (argc, argv);
  if (argc >= 2 && g_str_equal (argv[1], "--open-only"))
    return open_only_main (argc, argv);

  self_exe = g_file_read_link ("/proc/self/exe", NULL);
  if (self_exe == NULL)
    self_exe = g_canonicalize_filename (argv[0], NULL);

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/safety/crash/edits", test_crash_edits);
  g_test_add_func ("/safety/crash/migration", test_crash_migration);
  return g_test_run ();
}
