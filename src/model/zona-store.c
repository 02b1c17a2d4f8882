/* zona-store.c: the plan document, a SQLite database (.pdz)
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The file is the document: every edit is committed at once in its own
 * transaction, so there is nothing to save and a crash loses at most the
 * keystroke being typed. A file is checked before it is written to: it must
 * carry our application_id, a user_version we know, pass quick_check and hold
 * no triggers or views. Anything else is refused and left untouched.
 */
#define G_LOG_DOMAIN "zona-store"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "zona-store-private.h"

G_DEFINE_QUARK (zona-store-error-quark, zona_store_error)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

/* Largest text value we accept, in bytes: far beyond any real card field. */
#define MAX_VALUE_LENGTH (8 * 1024 * 1024)
/* Typing in one field within this many microseconds is one undo step. */
#define UNDO_MERGE_USEC (1500 * 1000)

/* One undo step: the SQLite session changeset of one user transaction. */
typedef struct {
  void   *changeset;
  int     size;
  char   *merge_key;
  gint64  time;
} Edit;

struct _ZonaStore
{
  GObject         parent_instance;

  sqlite3        *db;
  char           *path;
  int             lock_fd;        /* flock()ed while we own the file */
  char           *read_only_reason;
  char           *frozen_reason;  /* last message of frozen_message () */
  GHashTable     *stmts;          /* sql → cached sqlite3_stmt */
  sqlite3_session *session;       /* records the transaction under way */
  guint           group_depth;    /* edits grouped into one step */
  guint           group_failed : 1;
  guint           batch : 1;
  GQueue          undo;
  GQueue          redo;
};

G_DEFINE_FINAL_TYPE (ZonaStore, zona_store, G_TYPE_OBJECT)

enum {
  FIELD_CHANGED,
  CARD_CHANGED,
  STRUCTURE_CHANGED,
  CHANGED,
  RELOADED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Schema steps: migrations[v] brings a file from version v-1 to v. */
static const char *migrations[] = {
  NULL,
  /* 1 */
  "CREATE TABLE plan (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL) WITHOUT ROWID;"
  "CREATE TABLE chapter ("
  "  id INTEGER PRIMARY KEY,"
  "  parent_id INTEGER REFERENCES chapter (id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL,"
  "  role TEXT,"
  "  title TEXT NOT NULL);"
  "CREATE INDEX chapter_parent ON chapter (parent_id, position);"
  "CREATE TABLE block ("
  "  id INTEGER PRIMARY KEY,"
  "  chapter_id INTEGER NOT NULL REFERENCES chapter (id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL,"
  "  kind TEXT NOT NULL CHECK (kind IN ('paragraph', 'card')),"
  "  text TEXT,"
  "  card_type TEXT,"
  "  title TEXT);"
  "CREATE INDEX block_chapter ON block (chapter_id, position);"
  "CREATE TABLE field_value ("
  "  block_id INTEGER NOT NULL REFERENCES block (id) ON DELETE CASCADE,"
  "  key TEXT NOT NULL,"
  "  value TEXT NOT NULL,"
  "  PRIMARY KEY (block_id, key)) WITHOUT ROWID;",
  /* 2: structured text, actors, data tables, charts, objectives, budgets */
  "CREATE TABLE block_v2 ("
  "  id INTEGER PRIMARY KEY,"
  "  chapter_id INTEGER NOT NULL REFERENCES chapter (id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL,"
  "  kind TEXT NOT NULL CHECK (kind IN ('paragraph', 'heading', 'bullet', 'numbered',"
  "                                     'card', 'table', 'chart')),"
  "  level INTEGER NOT NULL DEFAULT 0,"
  "  text TEXT,"
  "  card_type TEXT,"
  "  title TEXT,"
  "  ref_uid TEXT);"
  "INSERT INTO block_v2 (id, chapter_id, position, kind, text, card_type, title)"
  "  SELECT id, chapter_id, position, kind, text, card_type, title FROM block;"
  "DROP TABLE block;"
  "ALTER TABLE block_v2 RENAME TO block;"
  "CREATE INDEX block_chapter ON block (chapter_id, position);"
  "CREATE TABLE span ("
  "  block_id INTEGER NOT NULL REFERENCES block (id) ON DELETE CASCADE,"
  "  char_start INTEGER NOT NULL,"
  "  char_end INTEGER NOT NULL,"
  "  style TEXT NOT NULL CHECK (style IN ('bold', 'italic', 'link', 'footnote')),"
  "  data TEXT,"
  "  PRIMARY KEY (block_id, char_start, char_end, style)) WITHOUT ROWID;"
  "CREATE TABLE actor ("
  "  id INTEGER PRIMARY KEY,"
  "  uid TEXT NOT NULL UNIQUE,"
  "  position INTEGER NOT NULL,"
  "  kind TEXT NOT NULL,"
  "  name TEXT NOT NULL,"
  "  code TEXT,"
  "  note TEXT);"
  "CREATE TABLE actor_member ("
  "  group_id INTEGER NOT NULL REFERENCES actor (id) ON DELETE CASCADE,"
  "  member_id INTEGER NOT NULL REFERENCES actor (id) ON DELETE CASCADE,"
  "  role TEXT,"
  "  PRIMARY KEY (group_id, member_id)) WITHOUT ROWID;"
  "CREATE TABLE data_table ("
  "  id INTEGER PRIMARY KEY,"
  "  uid TEXT NOT NULL UNIQUE,"
  "  title TEXT NOT NULL,"
  "  source TEXT,"
  "  ref_date TEXT,"
  "  note TEXT);"
  "CREATE TABLE data_column ("
  "  id INTEGER PRIMARY KEY,"
  "  table_id INTEGER NOT NULL REFERENCES data_table (id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL,"
  "  name TEXT NOT NULL,"
  "  type TEXT NOT NULL CHECK (type IN ('text', 'integer', 'decimal', 'percentage', 'money')),"
  "  unit TEXT);"
  "CREATE INDEX data_column_table ON data_column (table_id, position);"
  "CREATE TABLE data_row ("
  "  id INTEGER PRIMARY KEY,"
  "  table_id INTEGER NOT NULL REFERENCES data_table (id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL,"
  "  is_total INTEGER NOT NULL DEFAULT 0);"
  "CREATE INDEX data_row_table ON data_row (table_id, position);"
  "CREATE TABLE data_cell ("
  "  row_id INTEGER NOT NULL REFERENCES data_row (id) ON DELETE CASCADE,"
  "  column_id INTEGER NOT NULL REFERENCES data_column (id) ON DELETE CASCADE,"
  "  value TEXT NOT NULL,"
  "  PRIMARY KEY (row_id, column_id)) WITHOUT ROWID;"
  "CREATE TABLE chart ("
  "  id INTEGER PRIMARY KEY,"
  "  uid TEXT NOT NULL UNIQUE,"
  "  table_id INTEGER NOT NULL REFERENCES data_table (id) ON DELETE CASCADE,"
  "  kind TEXT NOT NULL,"
  "  title TEXT,"
  "  label_column INTEGER,"
  "  unit TEXT,"
  "  caption TEXT,"
  "  alt_text TEXT);"
  "CREATE TABLE chart_series ("
  "  chart_id INTEGER NOT NULL REFERENCES chart (id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL,"
  "  column_id INTEGER NOT NULL REFERENCES data_column (id) ON DELETE CASCADE,"
  "  PRIMARY KEY (chart_id, position)) WITHOUT ROWID;"
  "CREATE TABLE local_area ("
  "  id INTEGER PRIMARY KEY,"
  "  uid TEXT NOT NULL UNIQUE,"
  "  position INTEGER NOT NULL,"
  "  code TEXT,"
  "  title TEXT NOT NULL);"
  "CREATE TABLE area_mapping ("
  "  regional_code TEXT NOT NULL,"
  "  local_area_id INTEGER NOT NULL REFERENCES local_area (id) ON DELETE CASCADE,"
  "  PRIMARY KEY (regional_code, local_area_id)) WITHOUT ROWID;"
  "CREATE TABLE objective ("
  "  id INTEGER PRIMARY KEY,"
  "  uid TEXT NOT NULL UNIQUE,"
  "  position INTEGER NOT NULL,"
  "  card_id INTEGER REFERENCES block (id) ON DELETE SET NULL,"
  "  title TEXT NOT NULL,"
  "  regional_area TEXT,"
  "  local_area_id INTEGER REFERENCES local_area (id) ON DELETE SET NULL,"
  "  predecessor_uid TEXT);"
  "CREATE TABLE funding_source ("
  "  id INTEGER PRIMARY KEY,"
  "  uid TEXT NOT NULL UNIQUE,"
  "  position INTEGER NOT NULL,"
  "  code TEXT,"
  "  name TEXT NOT NULL,"
  "  level TEXT);"
  "CREATE TABLE budget_line ("
  "  id INTEGER PRIMARY KEY,"
  "  objective_id INTEGER NOT NULL REFERENCES objective (id) ON DELETE CASCADE,"
  "  source_id INTEGER REFERENCES funding_source (id) ON DELETE SET NULL,"
  "  position INTEGER NOT NULL,"
  "  year INTEGER,"
  "  stanziato INTEGER,"
  "  impegnato INTEGER,"
  "  liquidato INTEGER,"
  "  note TEXT);"
  "CREATE INDEX budget_line_objective ON budget_line (objective_id, position);",
  /* 3: review state of cards and chapters (NULL: bozza) */
  "ALTER TABLE block ADD COLUMN review_state TEXT;"
  "ALTER TABLE chapter ADD COLUMN review_state TEXT;",
  /* 4: meeting records (verbali) of the tavoli */
  "CREATE TABLE meeting ("
  "  id INTEGER PRIMARY KEY,"
  "  uid TEXT NOT NULL UNIQUE,"
  "  date TEXT NOT NULL,"
  "  tavolo TEXT NOT NULL,"
  "  decisions TEXT);"
  "CREATE TABLE meeting_attendee ("
  "  meeting_id INTEGER NOT NULL REFERENCES meeting (id) ON DELETE CASCADE,"
  "  actor_id INTEGER NOT NULL REFERENCES actor (id) ON DELETE CASCADE,"
  "  PRIMARY KEY (meeting_id, actor_id)) WITHOUT ROWID;"
  "CREATE INDEX meeting_attendee_actor ON meeting_attendee (actor_id);"
  "CREATE TABLE meeting_card ("
  "  meeting_id INTEGER NOT NULL REFERENCES meeting (id) ON DELETE CASCADE,"
  "  card_id INTEGER NOT NULL REFERENCES block (id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL,"
  "  note TEXT,"
  "  PRIMARY KEY (meeting_id, card_id)) WITHOUT ROWID;"
  "CREATE INDEX meeting_card_card ON meeting_card (card_id);",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == ZONA_STORE_SCHEMA_VERSION + 1);

/* ---- helpers ---------------------------------------------------------- */

static void
edit_free (gpointer data)
{
  Edit *e = data;
  sqlite3_free (e->changeset);
  g_free (e->merge_key);
  g_free (e);
}

void
zona_span_free (ZonaSpan *span)
{
  if (span == NULL)
    return;
  g_free (span->data);
  g_free (span);
}

static const char *block_kinds[] = {
  [ZONA_BLOCK_PARAGRAPH] = "paragraph",
  [ZONA_BLOCK_CARD] = "card",
  [ZONA_BLOCK_HEADING] = "heading",
  [ZONA_BLOCK_BULLET] = "bullet",
  [ZONA_BLOCK_NUMBERED] = "numbered",
  [ZONA_BLOCK_TABLE] = "table",
  [ZONA_BLOCK_CHART] = "chart",
};

static const char *span_styles[] = {
  [ZONA_SPAN_BOLD] = "bold",
  [ZONA_SPAN_ITALIC] = "italic",
  [ZONA_SPAN_LINK] = "link",
  [ZONA_SPAN_FOOTNOTE] = "footnote",
};

const char *
zona_block_kind_to_string (ZonaBlockKind kind)
{
  g_return_val_if_fail (kind < G_N_ELEMENTS (block_kinds), NULL);
  return block_kinds[kind];
}

gboolean
zona_block_kind_from_string (const char    *str,
                             ZonaBlockKind *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (block_kinds); i++)
    if (g_strcmp0 (str, block_kinds[i]) == 0)
      {
        *kind = i;
        return TRUE;
      }
  return FALSE;
}

const char *
zona_span_style_to_string (ZonaSpanStyle style)
{
  g_return_val_if_fail (style < G_N_ELEMENTS (span_styles), NULL);
  return span_styles[style];
}

gboolean
zona_span_style_from_string (const char    *str,
                             ZonaSpanStyle *style)
{
  for (guint i = 0; i < G_N_ELEMENTS (span_styles); i++)
    if (g_strcmp0 (str, span_styles[i]) == 0)
      {
        *style = i;
        return TRUE;
      }
  return FALSE;
}

void
zona_chapter_free (ZonaChapter *chapter)
{
  if (chapter == NULL)
    return;
  g_free (chapter->role);
  g_free (chapter->title);
  g_free (chapter);
}

void
zona_block_free (ZonaBlock *block)
{
  if (block == NULL)
    return;
  g_free (block->text);
  g_free (block->card_type);
  g_free (block->title);
  g_free (block->ref_uid);
  g_free (block);
}

/* Messages may quote a damaged file (SQLite's own message can): keep them valid UTF-8. */
G_GNUC_PRINTF (3, 4)
static void
set_error (GError     **error,
           int          code,
           const char  *format,
           ...)
{
  g_autofree char *msg = NULL;
  va_list args;

  if (error == NULL)
    return;
  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  if (!g_utf8_validate (msg, -1, NULL))
    {
      char *valid = g_utf8_make_valid (msg, -1);
      g_free (msg);
      msg = valid;
    }
  g_set_error_literal (error, ZONA_STORE_ERROR, code, msg);
}

static gboolean
set_sqlite_error (sqlite3  *db,
                  GError  **error)
{
  set_error (error, ZONA_STORE_ERROR_SQLITE,
               _("The plan file could not be written: %s"), sqlite3_errmsg (db));
  return FALSE;
}

static gboolean
exec (sqlite3     *db,
      const char  *sql,
      GError     **error)
{
  char *msg = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &msg) != SQLITE_OK)
    {
      set_error (error, ZONA_STORE_ERROR_SQLITE,
                   _("The plan file could not be written: %s"), msg ? msg : "?");
      sqlite3_free (msg);
      return FALSE;
    }
  return TRUE;
}

/* Text from a file may be anything: hand the rest of the program valid UTF-8. */
static char *
column_text (sqlite3_stmt *stmt,
             int           col)
{
  const char *text = (const char *) sqlite3_column_text (stmt, col);
  int len = sqlite3_column_bytes (stmt, col);

  if (text == NULL)
    return NULL;
  if (g_utf8_validate_len (text, len, NULL))
    return g_strndup (text, len);
  return g_utf8_make_valid (text, len);
}

static gint64
query_int (sqlite3    *db,
           const char *sql,
           int        *rc_out)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 ret = 0;
  int rc;

  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          ret = sqlite3_column_int64 (stmt, 0);
          rc = SQLITE_OK;
        }
      else if (rc == SQLITE_DONE)
        rc = SQLITE_OK;
    }
  if (rc_out)
    *rc_out = rc;
  return ret;
}

static void
configure_connection (sqlite3 *db)
{
  sqlite3_extended_result_codes (db, 1);
  sqlite3_db_config (db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
  sqlite3_db_config (db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
  sqlite3_db_config (db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, NULL);
  sqlite3_db_config (db, SQLITE_DBCONFIG_ENABLE_VIEW, 0, NULL);
  sqlite3_db_config (db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, NULL);
  /* No lower length limit on reading: a huge value written by another program
   * must not hide the rows after it (writes are limited by check_length). */
  sqlite3_busy_timeout (db, 2000);
}

static gboolean
check_length (const char  *value,
              GError     **error)
{
  if (value != NULL && strlen (value) > MAX_VALUE_LENGTH)
    {
      set_error (error, ZONA_STORE_ERROR_INVALID,
                   _("The text is too long (more than %d MB) to be stored in a field"),
                   MAX_VALUE_LENGTH / (1024 * 1024));
      return FALSE;
    }
  if (value != NULL && !g_utf8_validate (value, -1, NULL))
    {
      g_set_error_literal (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_INVALID,
                           _("The text is not valid UTF-8"));
      return FALSE;
    }
  return TRUE;
}

static void
finalize_stmt (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

/* ---- opening ---------------------------------------------------------- */

static gboolean
check_header (const char  *path,
              GError     **error)
{
  static const char magic[16] = "SQLite format 3";
  g_autofree char *display = g_filename_display_basename (path);
  char header[100];
  gssize got = 0;
  struct stat st;
  int fd;

  /* Non-blocking: a named pipe in place of a plan must not hang us. */
  fd = g_open (path, O_RDONLY | O_NONBLOCK | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved = errno;
      set_error (error, saved == ENOENT ? ZONA_STORE_ERROR_NOT_FOUND : ZONA_STORE_ERROR_NOT_A_PLAN,
                 _("“%s” could not be opened: %s"), display, g_strerror (saved));
      return FALSE;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      close (fd);
      set_error (error, ZONA_STORE_ERROR_NOT_A_PLAN,
                 _("“%s” is not a regular file: it is not a Zona plan"), display);
      return FALSE;
    }
  got = read (fd, header, sizeof header);
  close (fd);
  if (got < 0)
    got = 0;

  if (got == 0)
    {
      set_error (error, ZONA_STORE_ERROR_NOT_A_PLAN,
                   _("“%s” is empty: it is not a Zona plan"), display);
      return FALSE;
    }
  if ((gsize) got < sizeof header || memcmp (header, magic, sizeof magic) != 0)
    {
      set_error (error, ZONA_STORE_ERROR_NOT_A_PLAN,
                   _("“%s” is not a Zona plan: it is not a plan database"), display);
      return FALSE;
    }
  return TRUE;
}

/* Look at a file without changing it. */
static gboolean
probe (sqlite3     *db,
       const char  *display,
       gint64      *user_version,
       GError     **error)
{
  gint64 app_id, objects;
  int rc;

  app_id = query_int (db, "PRAGMA application_id", &rc);
  if (rc != SQLITE_OK)
    {
      if ((rc & 0xff) == SQLITE_NOTADB || (rc & 0xff) == SQLITE_CORRUPT)
        set_error (error, ZONA_STORE_ERROR_CORRUPT,
                     _("“%s” is damaged and cannot be opened (%s)"), display, sqlite3_errstr (rc));
      else
        set_error (error, ZONA_STORE_ERROR_SQLITE,
                     _("“%s” cannot be read: %s"), display, sqlite3_errmsg (db));
      return FALSE;
    }
  if (app_id != ZONA_STORE_APPLICATION_ID)
    {
      set_error (error, ZONA_STORE_ERROR_NOT_A_PLAN,
                   _("“%s” is a database of another application, not a Zona plan"), display);
      return FALSE;
    }

  *user_version = query_int (db, "PRAGMA user_version", &rc);
  if (rc != SQLITE_OK)
    return set_sqlite_error (db, error);
  if (*user_version > ZONA_STORE_SCHEMA_VERSION)
    {
      set_error (error, ZONA_STORE_ERROR_TOO_NEW,
                   _("“%s” was saved by a newer version of Zona (file format %d; this version "
                     "reads up to %d). Update Zona to open it."),
                   display, (int) *user_version, ZONA_STORE_SCHEMA_VERSION);
      return FALSE;
    }
  if (*user_version < 1)
    {
      set_error (error, ZONA_STORE_ERROR_NOT_A_PLAN,
                   _("“%s” is not a complete Zona plan (no file format version)"), display);
      return FALSE;
    }

  {
    g_autoptr(sqlite3_stmt) stmt = NULL;
    g_autofree char *result = NULL;

    if (sqlite3_prepare_v2 (db, "PRAGMA quick_check", -1, &stmt, NULL) == SQLITE_OK
        && sqlite3_step (stmt) == SQLITE_ROW)
      result = column_text (stmt, 0);
    if (g_strcmp0 (result, "ok") != 0)
      {
        set_error (error, ZONA_STORE_ERROR_CORRUPT,
                     _("“%s” is damaged (%s). Restore it from a backup copy."),
                     display, result ? result : sqlite3_errmsg (db));
        return FALSE;
      }
  }

  objects = query_int (db, "SELECT count(*) FROM sqlite_schema WHERE type IN ('trigger', 'view')",
                       &rc);
  if (rc != SQLITE_OK)
    return set_sqlite_error (db, error);
  if (objects > 0)
    {
      set_error (error, ZONA_STORE_ERROR_UNSAFE,
                   _("“%s” contains triggers or views that Zona never writes; it was refused "
                     "for safety"), display);
      return FALSE;
    }
  return TRUE;
}

static gboolean
foreign_keys_ok (sqlite3     *db,
                 const char  *display,
                 GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (db, "PRAGMA foreign_key_check", -1, &stmt, NULL) != SQLITE_OK)
    return set_sqlite_error (db, error);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      set_error (error, ZONA_STORE_ERROR_CORRUPT,
                   _("“%s” has broken references (in “%s”) and cannot be upgraded to the "
                     "current file format"), display, (const char *) sqlite3_column_text (stmt, 0));
      return FALSE;
    }
  return TRUE;
}

/* Each step in its own transaction, which also bumps user_version: a crash
 * leaves the file at a known version. Tables are rebuilt with foreign keys
 * off (as SQLite's documentation asks), and checked before each commit. */
static gboolean
migrate (sqlite3     *db,
         gint64       from,
         const char  *display,
         GError     **error)
{
  if (from >= ZONA_STORE_SCHEMA_VERSION)
    return TRUE;
  if (!exec (db, "PRAGMA foreign_keys = OFF", error))
    return FALSE;
  for (int v = (int) from + 1; v <= ZONA_STORE_SCHEMA_VERSION; v++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d", v);

      if (!exec (db, "BEGIN IMMEDIATE", error))
        return FALSE;
      if (!exec (db, migrations[v], error) || !exec (db, bump, error)
          || !foreign_keys_ok (db, display, error))
        {
          exec (db, "ROLLBACK", NULL);
          return FALSE;
        }
      if (!exec (db, "COMMIT", error))
        {
          exec (db, "ROLLBACK", NULL);
          return FALSE;
        }
    }
  return TRUE;
}


static ZonaStore *
store_new (sqlite3    *db,
           const char *path,
           int         lock_fd,
           const char *read_only_reason)
{
  ZonaStore *self = g_object_new (ZONA_TYPE_STORE, NULL);
  self->db = db;
  self->path = g_canonicalize_filename (path, NULL);
  self->lock_fd = lock_fd;
  self->read_only_reason = g_strdup (read_only_reason);
  return self;
}

/* Whoever holds the flock() owns the file; a second Zona gets a read-only view.
 * flock() locks are independent of the fcntl() locks SQLite takes. */
static int
take_lock (const char  *path,
           char       **reason)
{
  int fd = open (path, O_RDONLY | O_CLOEXEC);

  if (fd < 0)
    return -1;
  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      if (errno == EWOULDBLOCK)
        *reason = g_strdup (_("This plan is already open in another Zona window. It is shown "
                              "read-only; close the other window to edit it here."));
      close (fd);
      return -1;
    }
  return fd;
}

ZonaStore *
zona_store_open (const char  *path,
                 GError     **error)
{
  g_autofree char *display = NULL;
  g_autofree char *reason = NULL;
  sqlite3 *db = NULL;
  gint64 version = 0;
  int rc, lock_fd;

  g_return_val_if_fail (path != NULL, NULL);

  if (!check_header (path, error))
    return NULL;
  display = g_filename_display_basename (path);

  /* First look, read-only: a file we refuse is never written to. The one
   * exception is a hot journal left by a crash: a read-only connection cannot
   * roll it back, so the look is taken again by the writer below, which does
   * (that rollback is what makes the file whole again). */
  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL);
  if (rc == SQLITE_OK)
    {
      g_autoptr(GError) local = NULL;

      configure_connection (db);
      if (!probe (db, display, &version, &local))
        {
          g_autofree char *journal = g_strconcat (path, "-journal", NULL);
          gboolean hot = sqlite3_extended_errcode (db) == SQLITE_READONLY_ROLLBACK
                         || (g_error_matches (local, ZONA_STORE_ERROR, ZONA_STORE_ERROR_SQLITE)
                             && g_file_test (journal, G_FILE_TEST_EXISTS));

          sqlite3_close (db);
          if (!hot)
            {
              g_propagate_error (error, g_steal_pointer (&local));
              return NULL;
            }
          version = -1;
          db = NULL;
        }
    }
  sqlite3_close (db);
  db = NULL;

  lock_fd = take_lock (path, &reason);
  if (lock_fd < 0 && reason == NULL && access (path, W_OK) != 0)
    reason = g_strdup (_("You may not change this file: it is shown read-only."));

  if (reason != NULL)
    {
      /* Somebody else's, or not ours to write: look, never touch. */
      if (version == -1)
        {
          set_error (error, ZONA_STORE_ERROR_READ_ONLY,
                       _("“%s” was left unfinished by a crash and must be repaired before it "
                         "can be shown, but it cannot be written now. %s"), display, reason);
          if (lock_fd >= 0)
            close (lock_fd);
          return NULL;
        }
      if (version < ZONA_STORE_SCHEMA_VERSION)
        {
          set_error (error, ZONA_STORE_ERROR_READ_ONLY,
                       _("“%s” must be upgraded to the current file format before it can be "
                         "shown, but it cannot be written now. %s"), display, reason);
          if (lock_fd >= 0)
            close (lock_fd);
          return NULL;
        }
      rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL);
      if (rc != SQLITE_OK)
        {
          set_error (error, ZONA_STORE_ERROR_SQLITE,
                       _("“%s” cannot be read: %s"), display,
                       db ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
          sqlite3_close (db);
          if (lock_fd >= 0)
            close (lock_fd);
          return NULL;
        }
      configure_connection (db);
      return store_new (db, path, lock_fd, reason);
    }

  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL);
  if (rc != SQLITE_OK)
    {
      set_error (error, ZONA_STORE_ERROR_SQLITE,
                   _("“%s” cannot be opened for writing: %s"), display,
                   db ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
      sqlite3_close (db);
      close (lock_fd);
      return NULL;
    }
  configure_connection (db);
  /* A read-only look cannot roll back a hot journal left by a crash: look again now. */
  if (!probe (db, display, &version, error)
      || !exec (db, "PRAGMA journal_mode = DELETE; PRAGMA synchronous = FULL;", error)
      || !migrate (db, version, display, error)
      || !exec (db, "PRAGMA foreign_keys = ON", error))
    {
      /* Messages from SQLite do not say which file they are about. */
      if (error != NULL && *error != NULL && strstr ((*error)->message, display) == NULL)
        g_prefix_error (error, "“%s”: ", display);
      sqlite3_close (db);
      close (lock_fd);
      return NULL;
    }

  return store_new (db, path, lock_fd, NULL);
}

ZonaStore *
zona_store_create (const char  *path,
                   const char  *template_id,
                   GError     **error)
{
  g_autofree char *display = NULL;
  g_autofree char *init = NULL;
  g_autofree char *reason = NULL;
  ZonaStore *self;
  sqlite3 *db = NULL;
  int lock_fd;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (template_id != NULL, NULL);

  display = g_filename_display_basename (path);
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      set_error (error, ZONA_STORE_ERROR_EXISTS,
                   _("“%s” already exists"), display);
      return NULL;
    }
  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
    {
      set_error (error, ZONA_STORE_ERROR_SQLITE,
                   _("“%s” cannot be created: %s"), display,
                   db ? sqlite3_errmsg (db) : "out of memory");
      sqlite3_close (db);
      return NULL;
    }
  configure_connection (db);
  init = g_strdup_printf ("PRAGMA application_id = %d; "
                          "PRAGMA journal_mode = DELETE; PRAGMA synchronous = FULL;",
                          ZONA_STORE_APPLICATION_ID);
  if (!exec (db, init, error) || !migrate (db, 0, display, error)
      || !exec (db, "PRAGMA foreign_keys = ON", error))
    {
      sqlite3_close (db);
      g_unlink (path);
      return NULL;
    }

  lock_fd = take_lock (path, &reason);
  self = store_new (db, path, lock_fd, NULL);
  if (!zona_store_set_meta (self, "template", template_id, error))
    {
      g_object_unref (self);
      g_unlink (path);
      return NULL;
    }
  zona_store_clear_history (self);
  return self;
}

static gboolean
backup_into (sqlite3     *dest,
             sqlite3     *src,
             GError     **error)
{
  sqlite3_backup *backup = sqlite3_backup_init (dest, "main", src, "main");
  int rc;

  if (backup == NULL)
    return set_sqlite_error (dest, error);
  rc = sqlite3_backup_step (backup, -1);
  sqlite3_backup_finish (backup);
  if (rc != SQLITE_DONE)
    {
      set_error (error, ZONA_STORE_ERROR_SQLITE,
                   _("The copy could not be written: %s"), sqlite3_errstr (rc));
      return FALSE;
    }
  return TRUE;
}

gboolean
zona_store_save_copy (ZonaStore   *self,
                      const char  *dest_path,
                      GError     **error)
{
  g_autofree char *tmp = NULL;
  sqlite3 *dest = NULL;

  g_return_val_if_fail (ZONA_IS_STORE (self), FALSE);
  g_return_val_if_fail (dest_path != NULL, FALSE);

  /* Copy next to the target, then rename: the target is whole or untouched. */
  tmp = g_strdup_printf ("%s.part-%d", dest_path, (int) getpid ());
  g_unlink (tmp);
  if (sqlite3_open_v2 (tmp, &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
    {
      set_sqlite_error (dest, error);
      sqlite3_close (dest);
      g_unlink (tmp);
      return FALSE;
    }
  if (!backup_into (dest, self->db, error))
    {
      sqlite3_close (dest);
      g_unlink (tmp);
      return FALSE;
    }
  sqlite3_close (dest);
  if (g_rename (tmp, dest_path) != 0)
    {
      int saved = errno;
      g_unlink (tmp);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("The copy could not be written: %s"), g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

/* A read-only copy of the plan in memory, for work in another thread (an
 * export): the plan itself stays free for edits meanwhile. */
ZonaStore *
zona_store_snapshot (ZonaStore  *self,
                     GError    **error)
{
  sqlite3 *mem = NULL;
  ZonaStore *copy;

  g_return_val_if_fail (ZONA_IS_STORE (self), NULL);

  if (sqlite3_open_v2 (":memory:", &mem, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
    {
      set_sqlite_error (mem, error);
      sqlite3_close (mem);
      return NULL;
    }
  configure_connection (mem);
  if (!backup_into (mem, self->db, error))
    {
      sqlite3_close (mem);
      return NULL;
    }
  copy = store_new (mem, self->path, -1, _("This is a copy taken for the export"));
  return copy;
}

/* ---- GObject ---------------------------------------------------------- */

static void
zona_store_finalize (GObject *object)
{
  ZonaStore *self = (ZonaStore *) object;

  g_queue_clear_full (&self->undo, edit_free);
  g_queue_clear_full (&self->redo, edit_free);
  g_clear_pointer (&self->session, sqlite3session_delete);
  g_clear_pointer (&self->stmts, g_hash_table_unref);
  g_clear_pointer (&self->db, sqlite3_close);
  /* Only after SQLite has let go of the file. */
  if (self->lock_fd >= 0)
    close (self->lock_fd);
  g_free (self->path);
  g_free (self->read_only_reason);
  g_free (self->frozen_reason);

  G_OBJECT_CLASS (zona_store_parent_class)->finalize (object);
}

static void
zona_store_class_init (ZonaStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = zona_store_finalize;

  /**
   * ZonaStore::field-changed:
   * @card_id: the card whose field changed
   * @key: the field key
   */
  signals[FIELD_CHANGED] =
    g_signal_new ("field-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_STRING);
  /* A block's own row (title, text, kind) or its formatting changed. */
  signals[CARD_CHANGED] =
    g_signal_new ("card-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  /* Chapters or blocks were added, removed, moved or renamed. */
  signals[STRUCTURE_CHANGED] =
    g_signal_new ("structure-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* Any committed change; @table names one table it touched. */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /* The whole content was replaced (a backup restored): read everything again. */
  signals[RELOADED] =
    g_signal_new ("reloaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
zona_store_init (ZonaStore *self)
{
  self->lock_fd = -1;
  g_queue_init (&self->undo);
  g_queue_init (&self->redo);
  self->stmts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       finalize_stmt);
}

const char *
zona_store_get_path (ZonaStore *self)
{
  g_return_val_if_fail (ZONA_IS_STORE (self), NULL);
  return self->path;
}

static const char *frozen_message (ZonaStore *self);

gboolean
zona_store_is_read_only (ZonaStore *self)
{
  g_return_val_if_fail (ZONA_IS_STORE (self), TRUE);
  return self->read_only_reason != NULL || frozen_message (self) != NULL;
}

const char *
zona_store_get_read_only_reason (ZonaStore *self)
{
  g_return_val_if_fail (ZONA_IS_STORE (self), NULL);
  return self->read_only_reason ? self->read_only_reason : frozen_message (self);
}

/* ---- shared helpers (zona-store-private.h) ----------------------------- */

void
zona_stmt_release (ZonaStmt *stmt)
{
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
    }
}

ZonaStmt *
zona_store_stmt (ZonaStore   *self,
                 const char  *sql,
                 GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->stmts, sql);

  if (stmt == NULL)
    {
      if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL)
          != SQLITE_OK)
        {
          set_sqlite_error (self->db, error);
          return NULL;
        }
      g_hash_table_insert (self->stmts, g_strdup (sql), stmt);
    }
  return stmt;
}

sqlite3 *
zona_store_get_db (ZonaStore *self)
{
  return self->db;
}

char *
zona_store_column_text (sqlite3_stmt *stmt,
                        int           col)
{
  return column_text (stmt, col);
}

gboolean
zona_store_sqlite_error (ZonaStore  *self,
                         GError    **error)
{
  return set_sqlite_error (self->db, error);
}

gboolean
zona_store_step_done (ZonaStore  *self,
                      ZonaStmt   *stmt,
                      GError    **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_DONE || rc == SQLITE_ROW)
    return TRUE;
  if ((sqlite3_extended_errcode (self->db)) == SQLITE_CONSTRAINT_FOREIGNKEY)
    {
      g_set_error_literal (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_INVALID,
                           _("The edit refers to something that is not in this plan"));
      return FALSE;
    }
  return set_sqlite_error (self->db, error);
}

int
zona_store_next_position (ZonaStore  *self,
                          const char *sql,
                          gint64      parent_id)
{
  g_autoptr(ZonaStmt) stmt = zona_store_stmt (self, sql, NULL);

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, parent_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    return sqlite3_column_int (stmt, 0);
  return 0;
}

gboolean
zona_store_check_text (const char  *value,
                       GError     **error)
{
  return check_length (value, error);
}

/* ---- transactions and undo -------------------------------------------- */

/* An approved plan is frozen: the message saying so, or NULL. Read from the
 * file each time, so a plan approved by another program is frozen here too. */
static const char *
frozen_message (ZonaStore *self)
{
  g_autofree char *date = NULL;
  g_autofree char *ref = NULL;

  if (!zona_store_get_approval (self, &date, &ref))
    {
      g_clear_pointer (&self->frozen_reason, g_free);
      return NULL;
    }
  g_free (self->frozen_reason);
  /* The date as Italian offices write it: 30/03/2021. */
  {
    int y, m, d;

    if (sscanf (date, "%4d-%2d-%2d", &y, &m, &d) == 3)
      {
        g_free (date);
        date = g_strdup_printf ("%02d/%02d/%04d", d, m, y);
      }
  }
  self->frozen_reason = g_strdup_printf (_("This plan was approved on %s (%s): it cannot be "
                                           "changed. Start a new revision to edit it."),
                                         date, ref);
  return self->frozen_reason;
}

/* Every write goes through here (a transaction, a group, a batch, an undo or
 * redo step, a restore): a read-only view and an approved plan are refused.
 * Inside a batch (a plan being built, by “zona load”) the batch itself has
 * already been checked, and the approval it writes must not stop the rest. */
static gboolean
refuse_read_only (ZonaStore  *self,
                  GError    **error)
{
  const char *frozen;

  if (self->read_only_reason != NULL)
    {
      g_set_error_literal (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_READ_ONLY,
                           self->read_only_reason);
      return TRUE;
    }
  if (self->batch || (frozen = frozen_message (self)) == NULL)
    return FALSE;
  g_set_error_literal (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_FROZEN, frozen);
  return TRUE;
}

gboolean
zona_store_tx_begin (ZonaStore  *self,
                     GError    **error)
{
  if (refuse_read_only (self, error))
    return FALSE;
  if (self->batch || self->group_depth > 0)
    return TRUE;
  if (!exec (self->db, "BEGIN IMMEDIATE", error))
    return FALSE;
  g_clear_pointer (&self->session, sqlite3session_delete);
  if (sqlite3session_create (self->db, "main", &self->session) != SQLITE_OK
      || sqlite3session_attach (self->session, NULL) != SQLITE_OK)
    {
      g_clear_pointer (&self->session, sqlite3session_delete);
      exec (self->db, "ROLLBACK", NULL);
      return set_sqlite_error (self->db, error);
    }
  return TRUE;
}

/* Tell the views what a changeset touched. */
static void
emit_for_changeset (ZonaStore *self,
                    int        size,
                    void      *changeset)
{
  sqlite3_changeset_iter *iter = NULL;
  g_autoptr(GHashTable) tables = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gboolean structure = FALSE;

  if (sqlite3changeset_start (&iter, size, changeset) != SQLITE_OK)
    return;
  while (sqlite3changeset_next (iter) == SQLITE_ROW)
    {
      const char *table;
      int ncol, op, indirect;
      sqlite3_value *v0 = NULL, *v1 = NULL;

      sqlite3changeset_op (iter, &table, &ncol, &op, &indirect);
      g_hash_table_add (tables, g_strdup (table));
      if (op == SQLITE_INSERT)
        {
          sqlite3changeset_new (iter, 0, &v0);
          if (ncol > 1)
            sqlite3changeset_new (iter, 1, &v1);
        }
      else
        {
          sqlite3changeset_old (iter, 0, &v0);
          if (ncol > 1)
            sqlite3changeset_old (iter, 1, &v1);
        }

      if (g_str_equal (table, "field_value") && v0 && v1)
        {
          g_autofree char *key = g_strdup ((const char *) sqlite3_value_text (v1));
          if (key)
            g_signal_emit (self, signals[FIELD_CHANGED], 0, sqlite3_value_int64 (v0), key);
        }
      else if (g_str_equal (table, "block") && v0)
        {
          if (op == SQLITE_UPDATE)
            g_signal_emit (self, signals[CARD_CHANGED], 0, sqlite3_value_int64 (v0));
          else
            structure = TRUE;
        }
      else if (g_str_equal (table, "span") && v0)
        g_signal_emit (self, signals[CARD_CHANGED], 0, sqlite3_value_int64 (v0));
      else if (g_str_equal (table, "chapter"))
        structure = TRUE;
    }
  sqlite3changeset_finalize (iter);

  if (structure)
    g_signal_emit (self, signals[STRUCTURE_CHANGED], 0);
  {
    GHashTableIter hi;
    gpointer table;
    g_hash_table_iter_init (&hi, tables);
    while (g_hash_table_iter_next (&hi, &table, NULL))
      g_signal_emit (self, signals[CHANGED], 0, (const char *) table);
  }
}

static void
push_edit (ZonaStore  *self,
           int         size,
           void       *changeset,
           const char *merge_key)
{
  Edit *last = g_queue_peek_head (&self->undo);
  gint64 now = g_get_monotonic_time ();

  g_queue_clear_full (&self->redo, edit_free);

  /* Successive keystrokes in the same field are one step. */
  if (merge_key != NULL && last != NULL && g_strcmp0 (last->merge_key, merge_key) == 0
      && now - last->time < UNDO_MERGE_USEC)
    {
      sqlite3_changegroup *group = NULL;
      void *merged = NULL;
      int merged_size = 0;

      if (sqlite3changegroup_new (&group) == SQLITE_OK
          && sqlite3changegroup_add (group, last->size, last->changeset) == SQLITE_OK
          && sqlite3changegroup_add (group, size, changeset) == SQLITE_OK
          && sqlite3changegroup_output (group, &merged_size, &merged) == SQLITE_OK)
        {
          sqlite3changegroup_delete (group);
          sqlite3_free (last->changeset);
          sqlite3_free (changeset);
          last->changeset = merged;
          last->size = merged_size;
          last->time = now;
          return;
        }
      if (group)
        sqlite3changegroup_delete (group);
      sqlite3_free (merged);
    }

  last = g_new0 (Edit, 1);
  last->changeset = changeset;
  last->size = size;
  last->merge_key = g_strdup (merge_key);
  last->time = now;
  g_queue_push_head (&self->undo, last);
}

gboolean
zona_store_tx_end (ZonaStore   *self,
                   gboolean     ok,
                   const char  *merge_key,
                   GError     **error)
{
  void *changeset = NULL;
  int size = 0;

  if (self->batch)
    return ok;
  if (self->group_depth > 0)
    {
      /* Inside a group: the group commits or rolls back as a whole. */
      if (!ok)
        self->group_failed = TRUE;
      return ok;
    }

  if (ok && self->session != NULL
      && sqlite3session_changeset (self->session, &size, &changeset) != SQLITE_OK)
    ok = set_sqlite_error (self->db, error);
  g_clear_pointer (&self->session, sqlite3session_delete);

  if (!ok || !exec (self->db, "COMMIT", error))
    {
      exec (self->db, "ROLLBACK", NULL);
      sqlite3_free (changeset);
      return FALSE;
    }

  if (size > 0)
    {
      /* Pushing may merge the changeset into the previous step and free it;
       * the views are told after the step is recorded (undo is then enabled). */
      g_autofree void *copy = g_memdup2 (changeset, size);

      push_edit (self, size, changeset, merge_key);
      emit_for_changeset (self, size, copy);
    }
  else
    sqlite3_free (changeset);
  return TRUE;
}

/* Several edits as one transaction and one undo step (an import, a paragraph
 * split in two). Groups nest; the outermost end commits, or rolls everything
 * back if any edit inside failed or @commit is FALSE. */
gboolean
zona_store_begin_group (ZonaStore  *self,
                        GError    **error)
{
  g_return_val_if_fail (ZONA_IS_STORE (self), FALSE);

  if (self->group_depth == 0 && !self->batch)
    {
      if (!zona_store_tx_begin (self, error))
        return FALSE;
      self->group_failed = FALSE;
    }
  else if (refuse_read_only (self, error))
    return FALSE;
  self->group_depth++;
  return TRUE;
}

gboolean
zona_store_end_group (ZonaStore  *self,
                      gboolean    commit,
                      GError    **error)
{
  gboolean ok;

  g_return_val_if_fail (ZONA_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->group_depth > 0, FALSE);

  if (!commit)
    self->group_failed = TRUE;
  if (--self->group_depth > 0)
    return commit;
  if (self->batch)
    return commit;
  ok = !self->group_failed;
  self->group_failed = FALSE;
  if (!ok && error != NULL && *error == NULL)
    g_set_error_literal (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_INVALID,
                         _("The change could not be made as a whole and was undone"));
  return zona_store_tx_end (self, ok, NULL, ok ? error : NULL) && ok;
}

gboolean
zona_store_begin_batch (ZonaStore  *self,
                        GError    **error)
{
  g_return_val_if_fail (ZONA_IS_STORE (self), FALSE);
  g_return_val_if_fail (!self->batch, FALSE);

  if (refuse_read_only (self, error) || !exec (self->db, "BEGIN IMMEDIATE", error))
    return FALSE;
  self->batch = TRUE;
  return TRUE;
}

gboolean
zona_store_end_batch (ZonaStore  *self,
                      gboolean    commit,
                      GError    **error)
{
  g_return_val_if_fail (ZONA_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->batch, FALSE);

  self->batch = FALSE;
  if (commit && exec (self->db, "COMMIT", error))
    {
      g_signal_emit (self, signals[RELOADED], 0);
      return TRUE;
    }
  exec (self->db, "ROLLBACK", NULL);
  return FALSE;
}

static gboolean
values_equal (sqlite3_value *a,
              sqlite3_value *b)
{
  int type = sqlite3_value_type (a);

  if (type != sqlite3_value_type (b))
    return FALSE;
  switch (type)
    {
    case SQLITE_NULL:
      return TRUE;
    case SQLITE_INTEGER:
      return sqlite3_value_int64 (a) == sqlite3_value_int64 (b);
    case SQLITE_FLOAT:
      return sqlite3_value_double (a) == sqlite3_value_double (b);
    default:
      return sqlite3_value_bytes (a) == sqlite3_value_bytes (b)
          && memcmp (sqlite3_value_blob (a), sqlite3_value_blob (b), sqlite3_value_bytes (a)) == 0;
    }
}

/* Foreign-key actions run while a changeset is applied: deleting a chapter
 * already deletes its blocks, and deleting a card already clears what pointed
 * at it. A row found already in the state the step leads to is skipped; any
 * other conflict means the plan changed under the step, which is refused. */
static int
resolve_conflict (void                   *ctx,
                  int                     conflict,
                  sqlite3_changeset_iter *iter)
{
  const char *table;
  int ncol, op, indirect;

  sqlite3changeset_op (iter, &table, &ncol, &op, &indirect);
  if (conflict == SQLITE_CHANGESET_NOTFOUND && op == SQLITE_DELETE)
    return SQLITE_CHANGESET_OMIT;
  if (conflict == SQLITE_CHANGESET_DATA && op == SQLITE_UPDATE)
    {
      for (int i = 0; i < ncol; i++)
        {
          sqlite3_value *want = NULL, *have = NULL;

          if (sqlite3changeset_new (iter, i, &want) != SQLITE_OK || want == NULL)
            continue;   /* column not changed by this step */
          if (sqlite3changeset_conflict (iter, i, &have) != SQLITE_OK || have == NULL
              || !values_equal (want, have))
            return SQLITE_CHANGESET_ABORT;
        }
      return SQLITE_CHANGESET_OMIT;
    }
  return SQLITE_CHANGESET_ABORT;
}

static gboolean
apply_changeset (ZonaStore   *self,
                 int          size,
                 void        *changeset,
                 GError     **error)
{
  int rc;

  if (refuse_read_only (self, error) || !exec (self->db, "BEGIN IMMEDIATE", error))
    return FALSE;
  rc = sqlite3changeset_apply (self->db, size, changeset, NULL, resolve_conflict, NULL);
  if (rc != SQLITE_OK)
    {
      exec (self->db, "ROLLBACK", NULL);
      set_error (error, ZONA_STORE_ERROR_UNDO,
                   _("The step cannot be undone: the plan has changed since (%s)"),
                   sqlite3_errstr (rc));
      return FALSE;
    }
  if (!exec (self->db, "COMMIT", error))
    {
      exec (self->db, "ROLLBACK", NULL);
      return FALSE;
    }
  emit_for_changeset (self, size, changeset);
  return TRUE;
}

gboolean
zona_store_can_undo (ZonaStore *self)
{
  g_return_val_if_fail (ZONA_IS_STORE (self), FALSE);
  return !g_queue_is_empty (&self->undo) && !zona_store_is_read_only (self);
}

gboolean
zona_store_can_redo (ZonaStore *self)
{
  g_return_val_if_fail (ZONA_IS_STORE (self), FALSE);
  return !g_queue_is_empty (&self->redo) && !zona_store_is_read_only (self);
}

gboolean
zona_store_undo (ZonaStore  *self,
                 GError    **error)
{
  Edit *edit;
  void *inverse = NULL;
  int inverse_size = 0;
  gboolean ok;

  g_return_val_if_fail (ZONA_IS_STORE (self), FALSE);
  if (refuse_read_only (self, error))
    return FALSE;

  edit = g_queue_peek_head (&self->undo);
  if (edit == NULL)
    return TRUE;
  if (sqlite3changeset_invert (edit->size, edit->changeset, &inverse_size, &inverse) != SQLITE_OK)
    {
      g_set_error_literal (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_UNDO,
                           _("The step cannot be undone"));
      return FALSE;
    }
  ok = apply_changeset (self, inverse_size, inverse, error);
  sqlite3_free (inverse);
  if (!ok)
    return FALSE;
  g_queue_pop_head (&self->undo);
  edit->time = 0;   /* never merge later typing into an undone step */
  g_queue_push_head (&self->redo, edit);
  return TRUE;
}

gboolean
zona_store_redo (ZonaStore  *self,
                 GError    **error)
{
  Edit *edit;

  g_return_val_if_fail (ZONA_IS_STORE (self), FALSE);
  if (refuse_read_only (self, error))
    return FALSE;

  edit = g_queue_peek_head (&self->redo);
  if (edit == NULL)
    return TRUE;
  if (!apply_changeset (self, edit->size, edit->changeset, error))
    return FALSE;
  g_queue_pop_head (&self->redo);
  edit->time = 0;
  g_queue_push_head (&self->undo, edit);
  return TRUE;
}

void
zona_store_clear_history (ZonaStore *self)
{
  g_return_if_fail (ZONA_IS_STORE (self));

  g_queue_clear_full (&self->undo, edit_free);
  g_queue_clear_full (&self->redo, edit_free);
  g_signal_emit (self, signals[CHANGED], 0, "");
}

/* ---- metadata --------------------------------------------------------- */

char *
zona_store_get_meta (ZonaStore  *self,
                     const char *key)
{
  g_autoptr(ZonaStmt) stmt = NULL;

  g_return_val_if_fail (ZONA_IS_STORE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  stmt = zona_store_stmt (self, "SELECT value FROM plan WHERE key = ?", NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    return column_text (stmt, 0);
  return NULL;
}

gboolean
zona_store_set_meta (ZonaStore   *self,
                     const char  *key,
                     const char  *value,
                     GError     **error)
{
  g_autoptr(ZonaStmt) stmt = NULL;
  g_autofree char *merge = NULL;
  gboolean ok;

  g_return_val_if_fail (ZONA_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  if (value != NULL && *value == '\0')
    value = NULL;
  if (!check_length (value, error) || !zona_store_tx_begin (self, error))
    return FALSE;
  if (value == NULL)
    stmt = zona_store_stmt (self, "DELETE FROM plan WHERE key = ?1", error);
  else
    stmt = zona_store_stmt (self, "INSERT INTO plan (key, value) VALUES (?1, ?2) "
                                  "ON CONFLICT (key) DO UPDATE SET value = excluded.value", error);
  ok = stmt != NULL;
  if (ok)
    {
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
      if (value)
        sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
      ok = zona_store_step_done (self, stmt, error);
    }
  merge = g_strconcat ("meta:", key, NULL);
  return zona_store_tx_end (self, ok, merge, error);
}

/* ---- structure -------------------------------------------------------- */

GPtrArray *
zona_store_list_chapters (ZonaStore *self,
                          gint64     parent_id)
{
  g_autoptr(ZonaStmt) stmt = NULL;
  GPtrArray *ret = g_ptr_array_new_with_free_func ((GDestroyNotify) zona_chapter_free);

  g_return_val_if_fail (ZONA_IS_STORE (self), ret);

  stmt = zona_store_stmt (self,
                          "SELECT id, parent_id, position, role, title FROM chapter "
                          "WHERE coalesce (parent_id, 0) = ?1 AND id <> ?1 ORDER BY position, id", NULL);
  if (stmt == NULL)
    return ret;
  sqlite3_bind_int64 (stmt, 1, parent_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      ZonaChapter *c = g_new0 (ZonaChapter, 1);
      c->id = sqlite3_column_int64 (stmt, 0);
      c->parent_id = sqlite3_column_int64 (stmt, 1);
      c->position = sqlite3_column_int (stmt, 2);
      c->role = column_text (stmt, 3);
      c->title = column_text (stmt, 4);
      if (c->title == NULL)
        c->title = g_strdup ("");
      g_ptr_array_add (ret, c);
    }
  return ret;
}

ZonaChapter *
zona_store_get_chapter (ZonaStore *self,
                        gint64     chapter_id)
{
  g_autoptr(ZonaStmt) stmt = NULL;
  ZonaChapter *c;

  g_return_val_if_fail (ZONA_IS_STORE (self), NULL);

  stmt = zona_store_stmt (self, "SELECT id, parent_id, position, role, title FROM chapter "
                                "WHERE id = ?", NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, chapter_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  c = g_new0 (ZonaChapter, 1);
  c->id = sqlite3_column_int64 (stmt, 0);
  c->parent_id = sqlite3_column_int64 (stmt, 1);
  c->position = sqlite3_column_int (stmt, 2);
  c->role = column_text (stmt, 3);
  c->title = column_text (stmt, 4);
  if (c->title == NULL)
    c->title = g_strdup ("");
  return c;
}

static ZonaBlock *
read_block (sqlite3_stmt *stmt)
{
  ZonaBlock *b = g_new0 (ZonaBlock, 1);
  g_autofree char *kind = column_text (stmt, 3);

  b->id = sqlite3_column_int64 (stmt, 0);
  b->chapter_id = sqlite3_column_int64 (stmt, 1);
  b->position = sqlite3_column_int (stmt, 2);
  if (!zona_block_kind_from_string (kind, &b->kind))
    b->kind = ZONA_BLOCK_PARAGRAPH;
  b->text = column_text (stmt, 4);
  b->card_type = column_text (stmt, 5);
  b->title = column_text (stmt, 6);
  b->level = CLAMP (sqlite3_column_int (stmt, 7), 0, 9);
  b->ref_uid = column_text (stmt, 8);
  if (b->kind != ZONA_BLOCK_CARD && b->text == NULL)
    b->text = g_strdup ("");
  if (b->kind == ZONA_BLOCK_CARD && b->title == NULL)
    b->title = g_strdup ("");
  if (b->kind == ZONA_BLOCK_CARD && b->card_type == NULL)
    b->card_type = g_strdup ("");
  return b;
}

#define BLOCK_COLUMNS "id, chapter_id, position, kind, text, card_type, title, level, ref_uid"

GPtrArray *
zona_store_list_blocks (ZonaStore *self,
                        gint64     chapter_id)
{
  g_autoptr(ZonaStmt) stmt = NULL;
  GPtrArray *ret = g_ptr_array_new_with_free_func ((GDestroyNotify) zona_block_free);

  g_return_val_if_fail (ZONA_IS_STORE (self), ret);

  stmt = zona_store_stmt (self, "SELECT " BLOCK_COLUMNS " FROM block WHERE chapter_id = ? "
                                "ORDER BY position, id", NULL);
  if (stmt == NULL)
    return ret;
  sqlite3_bind_int64 (stmt, 1, chapter_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (ret, read_block (stmt));
  return ret;
}

ZonaBlock *
zona_store_get_block (ZonaStore *self,
                      gint64     block_id)
{
  g_autoptr(ZonaStmt) stmt = NULL;

  g_return_val_if_fail (ZONA_IS_STORE (self), NULL);

  stmt = zona_store_stmt (self, "SELECT " BLOCK_COLUMNS " FROM block WHERE id = ?", NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, block_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    return read_block (stmt);
  return NULL;
}

gint64
zona_store_add_chapter (ZonaStore   *self,
                        gint64       parent_id,
                        const char  *role,
                        const char  *title,
                        GError     **error)
{
  g_autoptr(ZonaStmt) stmt = NULL;
  gint64 id = 0;

  g_return_val_if_fail (ZONA_IS_STORE (self), 0);
  g_return_val_if_fail (title != NULL, 0);

  if (!check_length (title, error) || !check_length (role, error)
      || !zona_store_tx_begin (self, error))
    return 0;
  stmt = zona_store_stmt (self,
                          "INSERT INTO chapter (parent_id, position, role, title) VALUES (?1, "
                          "(SELECT coalesce (max (position), -1) + 1 FROM chapter "
                          " WHERE coalesce (parent_id, 0) = coalesce (?1, 0)), ?2, ?3)", error);
  if (stmt != NULL)
    {
      if (parent_id > 0)
        sqlite3_bind_int64 (stmt, 1, parent_id);
      sqlite3_bind_text (stmt, 2, role, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, title, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_DONE)
        id = sqlite3_last_insert_rowid (self->db);
      else if ((sqlite3_extended_errcode (self->db)) == SQLITE_CONSTRAINT_FOREIGNKEY)
        set_error (error, ZONA_STORE_ERROR_INVALID,
                     _("There is no chapter with id %lld"), (long long) parent_id);
      else
        set_sqlite_error (self->db, error);
    }
  return zona_store_tx_end (self, id > 0, NULL, error) ? id : 0;
}

gboolean
zona_store_set_chapter_title (ZonaStore   *self,
                              gint64       chapter_id,
                              const char  *title,
                              GError     **error)
{
  g_autoptr(ZonaStmt) stmt = NULL;
  g_autofree char *merge = NULL;
  gboolean ok;

  g_return_val_if_fail (ZONA_IS_STORE (self), FALSE);
  g_return_val_if_fail (title != NULL, FALSE);

  if (!check_length (title, error) || !zona_store_tx_begin (self, error))
    return FALSE;
  stmt = zona_store_stmt (self, "UPDATE chapter SET title = ? WHERE id = ?", error);
  ok = stmt != NULL;
  if (ok)
    {
      sqlite3_bind_text (stmt, 1, title, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, chapter_id);
      ok = zona_store_step_done (self, stmt, error);
      if (ok && sqlite3_changes (self->db) == 0)
        {
          set_error (error, ZONA_STORE_ERROR_INVALID,
                       _("There is no chapter with id %lld"), (long long) chapter_id);
          ok = FALSE;
        }
    }
  merge = g_strdup_printf ("chapter-title:%" G_GINT64_FORMAT, chapter_id);
  return zona_store_tx_end (self, ok, merge, error);
}

/* One DELETE as one edit; @missing (with the id) when nothing was there. */
static gboolean
delete_one (ZonaStore   *self,
            const char  *sql,
            gint64       id,
            const char  *missing,
            GError     **error)
{
  g_autoptr(ZonaStmt) stmt = NULL;
  gboolean ok;

  if (!zona_store_tx_begin (self, error))
    return FALSE;
  stmt = zona_store_stmt (self, sql, error);
  ok = stmt != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, id);
      ok = zona_store_step_done (self, stmt, error);
      if (ok && sqlite3_changes (self->db) == 0)
        {
          g_autofree char *id_text = g_strdup_printf ("%lld", (long long) id);
          g_autofree char *msg = g_strconcat (missing, " ", id_text, NULL);
          g_set_error_literal (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_INVALID, msg);
          ok = FALSE;
        }
    }
  return zona_store_tx_end (self, ok, NULL, error);
}

/* Deletes the chapter with its sections, text and cards (undo brings them back). */
gboolean
zona_store_delete_chapter (ZonaStore   *self,
                           gint64       chapter_id,
                           GError     **error)
{
  g_return_val_if_fail (ZONA_IS_STORE (self), FALSE);

  return delete_one (self, "DELETE FROM chapter WHERE id = ?", chapter_id,
                     _("There is no chapter with this id:"), error);
}

gint64
zona_store_add_block (ZonaStore     *self,
                      gint64         chapter_id,
                      ZonaBlockKind  kind,
                      int            level,
                      const char    *text,
                      const char    *ref_uid,
                      GError       **error)
{
  g_autoptr(ZonaStmt) stmt = NULL;
  gint64 id = 0;

  g_return_val_if_fail (ZONA_IS_STORE (self), 0);
  g_return_val_if_fail (kind < G_N_ELEMENTS (block_kinds), 0);

  if (!check_length (text, error) || !check_length (ref_uid, error)
      || !zona_store_tx_begin (self, error))
    return 0;
  stmt = zona_store_stmt (self,
                          "INSERT INTO block (chapter_id, position, kind, level, text, card_type, "
                          "title, ref_uid) VALUES (?1, (SELECT coalesce (max (position), -1) + 1 "
                          "FROM block WHERE chapter_id = ?1), ?2, ?3, ?4, ?5, ?6, ?7)", error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, chapter_id);
      sqlite3_bind_text (stmt, 2, block_kinds[kind], -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 3, CLAMP (level, 0, 9));
      if (kind == ZONA_BLOCK_CARD)
        {
          sqlite3_bind_text (stmt, 5, text, -1, SQLITE_STATIC);     /* card type */
          sqlite3_bind_text (stmt, 6, ref_uid ? ref_uid : "", -1, SQLITE_STATIC);  /* title */
        }
      else
        {
          sqlite3_bind_text (stmt, 4, text ? text : "", -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 7, ref_uid, -1, SQLITE_STATIC);
        }
      if (sqlite3_step (stmt) == SQLITE_DONE)
        id = sqlite3_last_insert_rowid (self->db);
      else if (sqlite3_extended_errcode (self->db) == SQLITE_CONSTRAINT_FOREIGNKEY)
        set_error (error, ZONA_STORE_ERROR_INVALID,
                     _("There is no chapter with id %lld"), (long long) chapter_id);
      else
        set_sqlite_error (self->db, error);
    }
  return zona_store_tx_end (self, id > 0, NULL, error) ? id : 0;
}

gint64
zona_store_add_paragraph (ZonaStore   *self,
                          gint64       chapter_id,
                          const char  *text,
                          GError     **error)
{
  g_return_val_if_fail (ZONA_IS_STORE (self), 0);
  g_return_val_if_fail (text != NULL, 0);

  return zona_store_add_block (self, chapter_id, ZONA_BLOCK_PARAGRAPH, 0, text, NULL, error);
}

gint64
zona_store_add_card (ZonaStore   *self,
                     gint64       chapter_id,
                     const char  *card_type,
                     const char  *title,
                     GError     **error)
{
  g_return_val_if_fail (ZONA_IS_STORE (self), 0);
  g_return_val_if_fail (card_type != NULL, 0);

  return zona_store_add_block (self, chapter_id, ZONA_BLOCK_CARD, 0, card_type,
                               title ? title : "", error);
}

static gboolean
spans_valid (const char  *text,
             GPtrArray   *spans,
             GError     **error)
{
  glong len = text ? g_utf8_strlen (text, -1) : 0;

  for (guint i = 0; spans && i < spans->len; i++)
    {
      const ZonaSpan *sp = g_ptr_array_index (spans, i);

      if (sp->start < 0 || sp->end < sp->start || sp->end > len
          || sp->style >= G_N_ELEMENTS (span_styles)
          || (sp->style == ZONA_SPAN_FOOTNOTE && sp->start != sp->end)
          || (sp->style != ZONA_SPAN_FOOTNOTE && sp->start == sp->end)
          || !check_length (sp->data, error))
        {
          if (error && *error == NULL)
            set_error (error, ZONA_STORE_ERROR_INVALID,
                         _("The formatting from %d to %d does not fit the text"),
                         sp->start, sp->end);
          return FALSE;
        }
    }
  return TRUE;
}

/* Replaces a text block's text and formatting: one edit. */
gboolean
zona_store_set_block_text (ZonaStore   *self,
                           gint64       block_id,
                           const char  *text,
                           GPtrArray   *spans,
                           GError     **error)
{
  g_autoptr(ZonaStmt) update = NULL;
  g_autoptr(ZonaStmt) clear = NULL;
  g_autofree char *merge = NULL;
  gboolean ok;

  g_return_val_if_fail (ZONA_IS_STORE (self), FALSE);

  if (text == NULL)
    text = "";
  if (!check_length (text, error) || !spans_valid (text, spans, error)
      || !zona_store_tx_begin (self, error))
    return FALSE;
  update = zona_store_stmt (self, "UPDATE block SET text = ? WHERE id = ? AND kind <> 'card'", error);
  ok = update != NULL;
  if (ok)
    {
      sqlite3_bind_text (update, 1, text, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (update, 2, block_id);
      ok = zona_store_step_done (self, update, error);
      if (ok && sqlite3_changes (self->db) == 0)
        {
          set_error (error, ZONA_STORE_ERROR_INVALID,
                       _("There is no text block with id %lld"), (long long) block_id);
          ok = FALSE;
        }
    }
  if (ok)
    {
      clear = zona_store_stmt (self, "DELETE FROM span WHERE block_id = ?", error);
      ok = clear != NULL;
      if (ok)
        {
          sqlite3_bind_int64 (clear, 1, block_id);
          ok = zona_store_step_done (self, clear, error);
        }
    }
  for (guint i = 0; ok && spans && i < spans->len; i++)
    {
      const ZonaSpan *sp = g_ptr_array_index (spans, i);
      g_autoptr(ZonaStmt) insert =
        zona_store_stmt (self, "INSERT OR REPLACE INTO span (block_id, char_start, char_end, "
                               "style, data) VALUES (?, ?, ?, ?, ?)", error);

      ok = insert != NULL;
      if (ok)
        {
          sqlite3_bind_int64 (insert, 1, block_id);
          sqlite3_bind_int (insert, 2, sp->start);
          sqlite3_bind_int (insert, 3, sp->end);
          sqlite3_bind_text (insert, 4, span_styles[sp->style], -1, SQLITE_STATIC);
          sqlite3_bind_text (insert, 5, sp->data, -1, SQLITE_STATIC);
          ok = zona_store_step_done (self, insert, error);
        }
    }
  merge = g_strdup_printf ("text:%" G_GINT64_FORMAT, block_id);
  return zona_store_tx_end (self, ok, merge, error);
}

gboolean
zona_store_set_block_kind (ZonaStore     *self,
                           gint64         block_id,
                           ZonaBlockKind  kind,
                           int            level,
                           GError       **error)
{
  g_autoptr(ZonaStmt) stmt = NULL;
  gboolean ok;

  g_return_val_if_fail (ZONA_IS_STORE (self), FALSE);

  if (kind == ZONA_BLOCK_CARD || kind == ZONA_BLOCK_TABLE || kind == ZONA_BLOCK_CHART
      || kind >= G_N_ELEMENTS (block_kinds))
    {
      g_set_error_literal (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_INVALID,
                           _("Only text blocks can change kind"));
      return FALSE;
    }
  if (!zona_store_tx_begin (self, error))
    return FALSE;
  stmt = zona_store_stmt (self, "UPDATE block SET kind = ?, level = ? WHERE id = ? "
                                "AND kind IN ('paragraph', 'heading', 'bullet', 'numbered')", error);
  ok = stmt != NULL;
  if (ok)
    {
      sqlite3_bind_text (stmt, 1, block_kinds[kind], -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 2, CLAMP (level, 0, 9));
      sqlite3_bind_int64 (stmt, 3, block_id);
      ok = zona_store_step_done (self, stmt, error);
      if (ok && sqlite3_changes (self->db) == 0)
        {
          set_error (error, ZONA_STORE_ERROR_INVALID,
                       _("There is no text block with id %lld"), (long long) block_id);
          ok = FALSE;
        }
    }
  return zona_store_tx_end (self, ok, NULL, error);
}

GPtrArray *
zona_store_get_spans (ZonaStore *self,
                      gint64     block_id)
{
  g_autoptr(ZonaStmt) stmt = NULL;
  GPtrArray *ret = g_ptr_array_new_with_free_func ((GDestroyNotify) zona_span_free);

  g_return_val_if_fail (ZONA_IS_STORE (self), ret);

  stmt = zona_store_stmt (self, "SELECT char_start, char_end, style, data FROM span "
                                "WHERE block_id = ? ORDER BY char_start, char_end, style", NULL);
  if (stmt == NULL)
    return ret;
  sqlite3_bind_int64 (stmt, 1, block_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autofree char *style = column_text (stmt, 2);
      ZonaSpan *sp = g_new0 (ZonaSpan, 1);

      sp->start = sqlite3_column_int (stmt, 0);
      sp->end = sqlite3_column_int (stmt, 1);
      if (!zona_span_style_from_string (style, &sp->style))
        {
          zona_span_free (sp);
          continue;
        }
      sp->data = column_text (stmt, 3);
      g_ptr_array_add (ret, sp);
    }
  return ret;
}

gboolean
zona_store_delete_block (ZonaStore   *self,
                         gint64       block_id,
                         GError     **error)
{
  g_return_val_if_fail (ZONA_IS_STORE (self), FALSE);

  return delete_one (self, "DELETE FROM block WHERE id = ?", block_id,
                     _("There is no block with this id:"), error);
}

/* Moves a block among its chapter's blocks; positions stay dense. */
gboolean
zona_store_move_block (ZonaStore   *self,
                       gint64       block_id,
                       int          new_position,
                       GError     **error)
{
  g_autoptr(ZonaBlock) block = NULL;
  g_autoptr(GPtrArray) siblings = NULL;
  gboolean ok = TRUE;
  int n;

  g_return_val_if_fail (ZONA_IS_STORE (self), FALSE);

  block = zona_store_get_block (self, block_id);
  if (block == NULL)
    {
      set_error (error, ZONA_STORE_ERROR_INVALID,
                   _("There is no block with id %lld"), (long long) block_id);
      return FALSE;
    }
  siblings = zona_store_list_blocks (self, block->chapter_id);
  n = (int) siblings->len;
  new_position = CLAMP (new_position, 0, n - 1);

  if (!zona_store_tx_begin (self, error))
    return FALSE;
  {
    int pos = 0;
    for (int i = 0; ok && i < n; i++)
      {
        ZonaBlock *b = g_ptr_array_index (siblings, i);
        g_autoptr(ZonaStmt) stmt = NULL;
        int target;

        if (b->id == block_id)
          target = new_position;
        else
          {
            if (pos == new_position)
              pos++;
            target = pos++;
          }
        if (b->position == target)
          continue;
        stmt = zona_store_stmt (self, "UPDATE block SET position = ? WHERE id = ?", error);
        ok = stmt != NULL;
        if (ok)
          {
            sqlite3_bind_int (stmt, 1, target);
            sqlite3_bind_int64 (stmt, 2, b->id);
            ok = zona_store_step_done (self, stmt, error);
          }
      }
  }
  return zona_store_tx_end (self, ok, NULL, error);
}

/* ---- fields ----------------------------------------------------------- */

char *
zona_store_get_field (ZonaStore  *self,
                      gint64      card_id,
                      const char *key)
{
  g_autoptr(ZonaStmt) stmt = NULL;

  g_return_val_if_fail (ZONA_IS_STORE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  stmt = zona_store_stmt (self, "SELECT value FROM field_value WHERE block_id = ? AND key = ?",
                          NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, card_id);
  sqlite3_bind_text (stmt, 2, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    return column_text (stmt, 0);
  return NULL;
}

GHashTable *
zona_store_get_fields (ZonaStore *self,
                       gint64     card_id)
{
  g_autoptr(ZonaStmt) stmt = NULL;
  GHashTable *ret = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_return_val_if_fail (ZONA_IS_STORE (self), ret);

  stmt = zona_store_stmt (self, "SELECT key, value FROM field_value WHERE block_id = ?", NULL);
  if (stmt == NULL)
    return ret;
  sqlite3_bind_int64 (stmt, 1, card_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      char *key = column_text (stmt, 0);
      if (key != NULL)
        g_hash_table_insert (ret, key, column_text (stmt, 1));
    }
  return ret;
}

static gboolean
is_card (ZonaStore *self,
         gint64     card_id)
{
  g_autoptr(ZonaStmt) stmt = NULL;

  stmt = zona_store_stmt (self, "SELECT 1 FROM block WHERE id = ? AND kind = 'card'", NULL);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, card_id);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

/* Empty means absent. */
gboolean
zona_store_set_field (ZonaStore   *self,
                      gint64       card_id,
                      const char  *key,
                      const char  *value,
                      GError     **error)
{
  g_autoptr(ZonaStmt) stmt = NULL;
  g_autofree char *merge = NULL;
  gboolean ok;

  g_return_val_if_fail (ZONA_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL && *key != '\0', FALSE);

  if (value != NULL && *value == '\0')
    value = NULL;
  if (!check_length (value, error) || !check_length (key, error)
      || !zona_store_tx_begin (self, error))
    return FALSE;
  if (!is_card (self, card_id))
    {
      set_error (error, ZONA_STORE_ERROR_INVALID,
                   _("There is no card with id %lld in this plan"), (long long) card_id);
      return zona_store_tx_end (self, FALSE, NULL, NULL);
    }
  if (value == NULL)
    stmt = zona_store_stmt (self, "DELETE FROM field_value WHERE block_id = ?1 AND key = ?2",
                            error);
  else
    stmt = zona_store_stmt (self, "INSERT INTO field_value (block_id, key, value) "
                                  "VALUES (?1, ?2, ?3) ON CONFLICT (block_id, key) "
                                  "DO UPDATE SET value = excluded.value "
                                  "WHERE value IS NOT excluded.value", error);
  ok = stmt != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, card_id);
      sqlite3_bind_text (stmt, 2, key, -1, SQLITE_STATIC);
      if (value)
        sqlite3_bind_text (stmt, 3, value, -1, SQLITE_STATIC);
      ok = zona_store_step_done (self, stmt, error);
    }
  merge = g_strdup_printf ("field:%" G_GINT64_FORMAT ":%s", card_id, key);
  return zona_store_tx_end (self, ok, merge, error);
}

/* Several fields of one card in one edit (reordering the rows of a group,
 * say): key → value, where NULL or "" removes the field. */
gboolean
zona_store_set_fields (ZonaStore   *self,
                       gint64       card_id,
                       GHashTable  *values,
                       GError     **error)
{
  GHashTableIter iter;
  gpointer key, value;
  gboolean ok = TRUE;

  g_return_val_if_fail (ZONA_IS_STORE (self), FALSE);
  g_return_val_if_fail (values != NULL, FALSE);

  g_hash_table_iter_init (&iter, values);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (key == NULL || *(const char *) key == '\0' || !check_length (key, error)
        || !check_length (value, error))
      {
        if (error && *error == NULL)
          g_set_error_literal (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_INVALID,
                               _("A field has no name"));
        return FALSE;
      }
  if (!zona_store_tx_begin (self, error))
    return FALSE;
  if (!is_card (self, card_id))
    {
      set_error (error, ZONA_STORE_ERROR_INVALID,
                   _("There is no card with id %lld in this plan"), (long long) card_id);
      return zona_store_tx_end (self, FALSE, NULL, NULL);
    }
  g_hash_table_iter_init (&iter, values);
  while (ok && g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autoptr(ZonaStmt) stmt = NULL;
      gboolean empty = value == NULL || *(const char *) value == '\0';

      if (empty)
        stmt = zona_store_stmt (self, "DELETE FROM field_value WHERE block_id = ?1 AND key = ?2",
                                error);
      else
        stmt = zona_store_stmt (self, "INSERT INTO field_value (block_id, key, value) "
                                      "VALUES (?1, ?2, ?3) ON CONFLICT (block_id, key) "
                                      "DO UPDATE SET value = excluded.value "
                                      "WHERE value IS NOT excluded.value", error);
      ok = stmt != NULL;
      if (ok)
        {
          sqlite3_bind_int64 (stmt, 1, card_id);
          sqlite3_bind_text (stmt, 2, key, -1, SQLITE_STATIC);
          if (!empty)
            sqlite3_bind_text (stmt, 3, value, -1, SQLITE_STATIC);
          ok = zona_store_step_done (self, stmt, error);
        }
    }
  return zona_store_tx_end (self, ok, NULL, error);
}

gboolean
zona_store_set_card_title (ZonaStore   *self,
                           gint64       card_id,
                           const char  *title,
                           GError     **error)
{
  g_autoptr(ZonaStmt) stmt = NULL;
  g_autofree char *merge = NULL;
  gboolean ok;

  g_return_val_if_fail (ZONA_IS_STORE (self), FALSE);

  if (!check_length (title, error) || !zona_store_tx_begin (self, error))
    return FALSE;
  stmt = zona_store_stmt (self, "UPDATE block SET title = ?1 WHERE id = ?2 AND kind = 'card' "
                                "AND title IS NOT ?1", error);
  ok = stmt != NULL;
  if (ok)
    {
      sqlite3_bind_text (stmt, 1, title ? title : "", -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, card_id);
      ok = zona_store_step_done (self, stmt, error);
      if (ok && sqlite3_changes (self->db) == 0 && !is_card (self, card_id))
        {
          set_error (error, ZONA_STORE_ERROR_INVALID,
                       _("There is no card with id %lld in this plan"), (long long) card_id);
          ok = FALSE;
        }
    }
  merge = g_strdup_printf ("card-title:%" G_GINT64_FORMAT, card_id);
  return zona_store_tx_end (self, ok, merge, error);
}

/* The uid of the objective a card is about when that objective is not in this
 * plan's registry: the objective of the previous plan that an evaluation card
 * evaluates. Kept in the block's ref_uid column; NULL or "" clears it. */
gboolean
zona_store_set_card_predecessor (ZonaStore   *self,
                                 gint64       card_id,
                                 const char  *uid,
                                 GError     **error)
{
  g_autoptr(ZonaStmt) stmt = NULL;
  gboolean ok;

  g_return_val_if_fail (ZONA_IS_STORE (self), FALSE);

  if (uid != NULL && *uid == '\0')
    uid = NULL;
  if (!check_length (uid, error) || !zona_store_tx_begin (self, error))
    return FALSE;
  stmt = zona_store_stmt (self, "UPDATE block SET ref_uid = ?1 WHERE id = ?2 AND kind = 'card' "
                                "AND ref_uid IS NOT ?1", error);
  ok = stmt != NULL;
  if (ok)
    {
      sqlite3_bind_text (stmt, 1, uid, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, card_id);
      ok = zona_store_step_done (self, stmt, error);
      if (ok && sqlite3_changes (self->db) == 0 && !is_card (self, card_id))
        {
          set_error (error, ZONA_STORE_ERROR_INVALID,
                       _("There is no card with id %lld in this plan"), (long long) card_id);
          ok = FALSE;
        }
    }
  return zona_store_tx_end (self, ok, NULL, error);
}

/* ---- review states and approval --------------------------------------- */

static const char *review_states[] = {
  [ZONA_REVIEW_DRAFT] = "bozza",
  [ZONA_REVIEW_DISCUSSED] = "discusso",
  [ZONA_REVIEW_VALIDATED] = "validato",
  [ZONA_REVIEW_APPROVED] = "approvato",
};

const char *
zona_review_state_to_string (ZonaReviewState state)
{
  g_return_val_if_fail (state < G_N_ELEMENTS (review_states), NULL);
  return review_states[state];
}

gboolean
zona_review_state_from_string (const char      *str,
                               ZonaReviewState *state)
{
  for (guint i = 0; i < G_N_ELEMENTS (review_states); i++)
    if (g_strcmp0 (str, review_states[i]) == 0)
      {
        *state = i;
        return TRUE;
      }
  return FALSE;
}

const char *
zona_review_state_label (ZonaReviewState state)
{
  switch (state)
    {
    case ZONA_REVIEW_DRAFT:
      return _("Draft");
    case ZONA_REVIEW_DISCUSSED:
      return _("Discussed at the tavolo");
    case ZONA_REVIEW_VALIDATED:
      return _("Validated by the Ufficio di Piano");
    case ZONA_REVIEW_APPROVED:
      return _("Approved");
    default:
      g_return_val_if_reached (NULL);
    }
}

static ZonaReviewState
get_review (ZonaStore  *self,
            const char *sql,
            gint64      id)
{
  g_autoptr(ZonaStmt) stmt = zona_store_stmt (self, sql, NULL);
  ZonaReviewState state = ZONA_REVIEW_DRAFT;

  if (stmt == NULL)
    return state;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autofree char *text = column_text (stmt, 0);
      if (!zona_review_state_from_string (text, &state))
        state = ZONA_REVIEW_DRAFT;
    }
  return state;
}

static gboolean
set_review (ZonaStore        *self,
            const char       *sql,
            const char       *exists_sql,
            gint64            id,
            ZonaReviewState   state,
            gboolean          is_chapter,
            GError          **error)
{
  g_autoptr(ZonaStmt) stmt = NULL;
  gboolean ok;

  g_return_val_if_fail (ZONA_IS_STORE (self), FALSE);
  g_return_val_if_fail (state <= ZONA_REVIEW_APPROVED, FALSE);

  if (!zona_store_tx_begin (self, error))
    return FALSE;
  stmt = zona_store_stmt (self, sql, error);
  ok = stmt != NULL;
  if (ok)
    {
      /* Bozza is stored as NULL: files that never saw a review state stay as they were. */
      if (state != ZONA_REVIEW_DRAFT)
        sqlite3_bind_text (stmt, 1, review_states[state], -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, id);
      ok = zona_store_step_done (self, stmt, error);
      if (ok && sqlite3_changes (self->db) == 0)
        {
          g_autoptr(ZonaStmt) exists = zona_store_stmt (self, exists_sql, error);
          ok = exists != NULL;
          if (ok)
            {
              sqlite3_bind_int64 (exists, 1, id);
              if (sqlite3_step (exists) != SQLITE_ROW)
                {
                  if (is_chapter)
                    set_error (error, ZONA_STORE_ERROR_INVALID,
                               _("There is no chapter with id %lld in this plan"), (long long) id);
                  else
                    set_error (error, ZONA_STORE_ERROR_INVALID,
                               _("There is no card with id %lld in this plan"), (long long) id);
                  ok = FALSE;
                }
            }
        }
    }
  return zona_store_tx_end (self, ok, NULL, error);
}

ZonaReviewState
zona_store_get_card_review (ZonaStore *self,
                            gint64     card_id)
{
  g_return_val_if_fail (ZONA_IS_STORE (self), ZONA_REVIEW_DRAFT);
  return get_review (self, "SELECT review_state FROM block WHERE id = ? AND kind = 'card'", card_id);
}

gboolean
zona_store_set_card_review (ZonaStore        *self,
                            gint64            card_id,
                            ZonaReviewState   state,
                            GError          **error)
{
  return set_review (self, "UPDATE block SET review_state = ?1 WHERE id = ?2 AND kind = 'card' "
                           "AND review_state IS NOT ?1",
                     "SELECT 1 FROM block WHERE id = ? AND kind = 'card'",
                     card_id, state, FALSE, error);
}

ZonaReviewState
zona_store_get_chapter_review (ZonaStore *self,
                               gint64     chapter_id)
{
  g_return_val_if_fail (ZONA_IS_STORE (self), ZONA_REVIEW_DRAFT);
  return get_review (self, "SELECT review_state FROM chapter WHERE id = ?", chapter_id);
}

gboolean
zona_store_set_chapter_review (ZonaStore        *self,
                               gint64            chapter_id,
                               ZonaReviewState   state,
                               GError          **error)
{
  return set_review (self, "UPDATE chapter SET review_state = ?1 WHERE id = ?2 "
                           "AND review_state IS NOT ?1",
                     "SELECT 1 FROM chapter WHERE id = ?",
                     chapter_id, state, TRUE, error);
}

/* The approval by the Assemblea dei Sindaci: plan metadata “approval_date”
 * (YYYY-MM-DD) and “approval_ref” (the deliberation). Both set: approved. */
gboolean
zona_store_get_approval (ZonaStore  *self,
                         char      **date,
                         char      **ref)
{
  g_autofree char *d = NULL;
  g_autofree char *r = NULL;

  g_return_val_if_fail (ZONA_IS_STORE (self), FALSE);

  d = zona_store_get_meta (self, "approval_date");
  r = zona_store_get_meta (self, "approval_ref");
  if (d == NULL || r == NULL)
    return FALSE;
  if (date)
    *date = g_steal_pointer (&d);
  if (ref)
    *ref = g_steal_pointer (&r);
  return TRUE;
}

gboolean
zona_store_is_approved (ZonaStore *self)
{
  return zona_store_get_approval (self, NULL, NULL);
}

/* A real date written YYYY-MM-DD (the plan's dates: approval, meetings). */
gboolean
zona_store_check_date (const char  *date,
                       GError     **error)
{
  guint year, month, day;

  if (date != NULL && strlen (date) == 10 && g_ascii_isdigit (date[0])
      && g_ascii_isdigit (date[1]) && g_ascii_isdigit (date[2]) && g_ascii_isdigit (date[3])
      && date[4] == '-' && g_ascii_isdigit (date[5]) && g_ascii_isdigit (date[6])
      && date[7] == '-' && g_ascii_isdigit (date[8]) && g_ascii_isdigit (date[9])
      && sscanf (date, "%4u-%2u-%2u", &year, &month, &day) == 3
      && year >= 1 && g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return TRUE;
  set_error (error, ZONA_STORE_ERROR_INVALID,
             _("“%s” is not a date: write it as YYYY-MM-DD"), date != NULL ? date : "");
  return FALSE;
}

/* Approving freezes the plan: the approval is the last edit it takes. */
gboolean
zona_store_approve (ZonaStore   *self,
                    const char  *date,
                    const char  *ref,
                    GError     **error)
{
  g_return_val_if_fail (ZONA_IS_STORE (self), FALSE);

  if (!zona_store_check_date (date, error))
    return FALSE;
  if (ref == NULL || strspn (ref, " \t\n") == strlen (ref))
    {
      g_set_error_literal (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_INVALID,
                           _("The reference of the deliberation is missing"));
      return FALSE;
    }
  if (!zona_store_begin_group (self, error))
    return FALSE;
  zona_store_set_meta (self, "approval_date", date, error);
  zona_store_set_meta (self, "approval_ref", ref, error && *error ? NULL : error);
  return zona_store_end_group (self, TRUE, error && *error ? NULL : error)
         && zona_store_is_approved (self);
}

/* A copy of an approved plan, to be edited: the approval is cleared and what
 * was “approvato” becomes “validato” again (the new revision has not been
 * approved); the other states are kept. The plan itself is untouched. */
ZonaStore *
zona_store_start_revision (ZonaStore   *self,
                           const char  *dest_path,
                           GError     **error)
{
  g_autofree char *display = NULL;
  g_autofree char *tmp = NULL;
  sqlite3 *db = NULL;
  gboolean ok;

  g_return_val_if_fail (ZONA_IS_STORE (self), NULL);
  g_return_val_if_fail (dest_path != NULL, NULL);

  display = g_filename_display_basename (dest_path);
  if (!zona_store_is_approved (self))
    {
      g_set_error_literal (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_INVALID,
                           _("This plan has not been approved: it can be edited as it is"));
      return NULL;
    }
  if (g_file_test (dest_path, G_FILE_TEST_EXISTS))
    {
      set_error (error, ZONA_STORE_ERROR_EXISTS, _("“%s” already exists"), display);
      return NULL;
    }
  /* Cleared in a copy next to the target, then renamed: whole or nothing. */
  tmp = g_strdup_printf ("%s.rev-%d", dest_path, (int) getpid ());
  if (!zona_store_save_copy (self, tmp, error))
    return NULL;
  ok = sqlite3_open_v2 (tmp, &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK;
  if (ok)
    {
      configure_connection (db);
      ok = exec (db, "BEGIN IMMEDIATE;"
                     "DELETE FROM plan WHERE key IN ('approval_date', 'approval_ref');"
                     "UPDATE block SET review_state = 'validato' WHERE review_state = 'approvato';"
                     "UPDATE chapter SET review_state = 'validato' WHERE review_state = 'approvato';"
                     "COMMIT;", error);
    }
  else
    set_sqlite_error (db, error);
  sqlite3_close (db);
  if (ok && g_rename (tmp, dest_path) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("The copy could not be written: %s"), g_strerror (saved));
      ok = FALSE;
    }
  g_unlink (tmp);
  if (!ok)
    return NULL;
  return zona_store_open (dest_path, error);
}

/* ---- backups ---------------------------------------------------------- */

/* ~/.local/share/zona/backups/<name>-<hash of the path>/ */
char *
zona_store_backup_dir (const char *plan_path)
{
  g_autofree char *abs = g_canonicalize_filename (plan_path, NULL);
  g_autofree char *base = g_path_get_basename (abs);
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, abs, -1);
  g_autofree char *dir = NULL;

  if (g_str_has_suffix (base, ".pdz"))
    base[strlen (base) - 4] = '\0';
  g_strdelimit (base, "/\\:", '-');
  hash[12] = '\0';
  dir = g_strdup_printf ("%s-%s", base, hash);
  return g_build_filename (g_get_user_data_dir (), "zona", "backups", dir, NULL);
}

static int
compare_desc (gconstpointer a,
              gconstpointer b)
{
  return -g_strcmp0 (*(const char **) a, *(const char **) b);
}

/* Newest first; names are ISO dates, so they sort by time. */
GPtrArray *
zona_store_list_backups (const char *plan_path)
{
  g_autofree char *dir = zona_store_backup_dir (plan_path);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  GPtrArray *ret = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (d && (name = g_dir_read_name (d)))
    if (g_str_has_suffix (name, ".pdz"))
      g_ptr_array_add (ret, g_build_filename (dir, name, NULL));
  g_ptr_array_sort (ret, compare_desc);
  return ret;
}

static gboolean
write_backup (ZonaStore   *self,
              const char  *name,
              GError     **error)
{
  g_autofree char *dir = zona_store_backup_dir (self->path);
  g_autofree char *dest = g_build_filename (dir, name, NULL);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot create the folder “%s”: %s"), dir, g_strerror (saved));
      return FALSE;
    }
  return zona_store_save_copy (self, dest, error);
}

/* One copy a day, taken the first time the plan is opened that day. */
gboolean
zona_store_auto_backup (ZonaStore  *self,
                        guint       keep,
                        GError    **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *name = g_date_time_format (now, "%Y-%m-%d.pdz");
  g_autofree char *dir = zona_store_backup_dir (self->path);
  g_autofree char *today = g_build_filename (dir, name, NULL);
  g_autoptr(GPtrArray) all = NULL;

  g_return_val_if_fail (ZONA_IS_STORE (self), FALSE);

  if (g_file_test (today, G_FILE_TEST_EXISTS))
    return TRUE;
  if (!write_backup (self, name, error))
    return FALSE;

  all = zona_store_list_backups (self->path);
  for (guint i = MAX (keep, 1); i < all->len; i++)
    g_unlink (g_ptr_array_index (all, i));
  return TRUE;
}

/* Replaces the plan's whole content with a backup's. The current content is
 * first kept as a backup of its own, so a restore can itself be undone. */
gboolean
zona_store_restore_backup (ZonaStore   *self,
                           const char  *backup_path,
                           GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *name = g_date_time_format (now, "%Y-%m-%d-%H%M%S-before-restore.pdz");
  g_autoptr(ZonaStore) backup = NULL;

  g_return_val_if_fail (ZONA_IS_STORE (self), FALSE);
  g_return_val_if_fail (backup_path != NULL, FALSE);

  if (refuse_read_only (self, error))
    return FALSE;
  /* The same checks as any plan: never restore something we would refuse to open. */
  backup = zona_store_open (backup_path, error);
  if (backup == NULL)
    return FALSE;
  if (!write_backup (self, name, error))
    return FALSE;
  if (!backup_into (self->db, backup->db, error))
    return FALSE;

  g_hash_table_remove_all (self->stmts);
  zona_store_clear_history (self);
  g_signal_emit (self, signals[RELOADED], 0);
  return TRUE;
}
