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
#include <sqlite3.h>
#include <string.h>

#include "zona-store.h"

G_DEFINE_QUARK (zona-store-error-quark, zona_store_error)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

/* Largest text value we accept, in bytes: far beyond any real card field. */
#define MAX_VALUE_LENGTH (8 * 1024 * 1024)
/* Typing in one field within this many microseconds is one undo step. */
#define UNDO_MERGE_USEC (1500 * 1000)

typedef enum {
  EDIT_FIELD,
  EDIT_CARD_TITLE,
} EditKind;

typedef struct {
  EditKind  kind;
  gint64    id;
  char     *key;
  char     *old_value;
  char     *new_value;
  gint64    time;
} Edit;

struct _ZonaStore
{
  GObject    parent_instance;

  sqlite3   *db;
  char      *path;
  guint      batch : 1;
  GQueue     undo;
  GQueue     redo;
};

G_DEFINE_FINAL_TYPE (ZonaStore, zona_store, G_TYPE_OBJECT)

enum {
  FIELD_CHANGED,
  CARD_CHANGED,
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
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == ZONA_STORE_SCHEMA_VERSION + 1);

/* ---- helpers ---------------------------------------------------------- */

static void
edit_free (gpointer data)
{
  Edit *e = data;
  g_free (e->key);
  g_free (e->old_value);
  g_free (e->new_value);
  g_free (e);
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
  g_free (block);
}

static gboolean
set_sqlite_error (sqlite3  *db,
                  GError  **error)
{
  g_set_error (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_SQLITE,
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
      g_set_error (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_SQLITE,
                   _("The plan file could not be written: %s"), msg ? msg : "?");
      sqlite3_free (msg);
      return FALSE;
    }
  return TRUE;
}

static sqlite3_stmt *
prepare (sqlite3     *db,
         const char  *sql,
         GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      set_sqlite_error (db, error);
      return NULL;
    }
  return stmt;
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
  sqlite3_limit (db, SQLITE_LIMIT_LENGTH, MAX_VALUE_LENGTH * 2);
  sqlite3_busy_timeout (db, 2000);
}

/* ---- opening ---------------------------------------------------------- */

static gboolean
check_header (const char  *path,
              GError     **error)
{
  static const char magic[16] = "SQLite format 3";
  g_autofree char *display = g_filename_display_basename (path);
  char header[100];
  gsize got = 0;
  FILE *fp;

  fp = g_fopen (path, "rb");
  if (fp == NULL)
    {
      int saved = errno;
      g_set_error (error, ZONA_STORE_ERROR,
                   saved == ENOENT ? ZONA_STORE_ERROR_NOT_FOUND : ZONA_STORE_ERROR_NOT_A_PLAN,
                   _("“%s” could not be opened: %s"), display, g_strerror (saved));
      return FALSE;
    }
  got = fread (header, 1, sizeof header, fp);
  fclose (fp);

  if (got == 0)
    {
      g_set_error (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_NOT_A_PLAN,
                   _("“%s” is empty: it is not a Zona plan"), display);
      return FALSE;
    }
  if (got < sizeof header || memcmp (header, magic, sizeof magic) != 0)
    {
      g_set_error (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_NOT_A_PLAN,
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
        g_set_error (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_CORRUPT,
                     _("“%s” is damaged and cannot be opened (%s)"), display, sqlite3_errstr (rc));
      else
        g_set_error (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_SQLITE,
                     _("“%s” cannot be read: %s"), display, sqlite3_errmsg (db));
      return FALSE;
    }
  if (app_id != ZONA_STORE_APPLICATION_ID)
    {
      g_set_error (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_NOT_A_PLAN,
                   _("“%s” is a database of another application, not a Zona plan"), display);
      return FALSE;
    }

  *user_version = query_int (db, "PRAGMA user_version", &rc);
  if (rc != SQLITE_OK)
    return set_sqlite_error (db, error);
  if (*user_version > ZONA_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_TOO_NEW,
                   _("“%s” was saved by a newer version of Zona (file format %d; this version "
                     "reads up to %d). Update Zona to open it."),
                   display, (int) *user_version, ZONA_STORE_SCHEMA_VERSION);
      return FALSE;
    }
  if (*user_version < 1)
    {
      g_set_error (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_NOT_A_PLAN,
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
        g_set_error (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_CORRUPT,
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
      g_set_error (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_UNSAFE,
                   _("“%s” contains triggers or views that Zona never writes; it was refused "
                     "for safety"), display);
      return FALSE;
    }
  return TRUE;
}

static gboolean
migrate (sqlite3     *db,
         gint64       from,
         GError     **error)
{
  for (int v = (int) from + 1; v <= ZONA_STORE_SCHEMA_VERSION; v++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d", v);

      if (!exec (db, "BEGIN IMMEDIATE", error))
        return FALSE;
      if (!exec (db, migrations[v], error) || !exec (db, bump, error))
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
           const char *path)
{
  ZonaStore *self = g_object_new (ZONA_TYPE_STORE, NULL);
  self->db = db;
  self->path = g_canonicalize_filename (path, NULL);
  return self;
}

ZonaStore *
zona_store_open (const char  *path,
                 GError     **error)
{
  g_autofree char *display = NULL;
  sqlite3 *db = NULL;
  gint64 version = 0;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  if (!check_header (path, error))
    return NULL;
  display = g_filename_display_basename (path);

  /* First look, read-only: a file we refuse is never written to. */
  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL);
  if (rc == SQLITE_OK)
    {
      configure_connection (db);
      if (!probe (db, display, &version, error))
        {
          sqlite3_close (db);
          return NULL;
        }
    }
  sqlite3_close (db);
  db = NULL;

  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_SQLITE,
                   _("“%s” cannot be opened for writing: %s"), display,
                   db ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
      sqlite3_close (db);
      return NULL;
    }
  configure_connection (db);
  /* A read-only look cannot roll back a hot journal left by a crash: look again now. */
  if (!probe (db, display, &version, error)
      || !exec (db, "PRAGMA foreign_keys = ON; PRAGMA journal_mode = DELETE; "
                    "PRAGMA synchronous = FULL;", error)
      || !migrate (db, version, error))
    {
      sqlite3_close (db);
      return NULL;
    }

  return store_new (db, path);
}

ZonaStore *
zona_store_create (const char  *path,
                   const char  *template_id,
                   GError     **error)
{
  g_autofree char *display = NULL;
  g_autofree char *init = NULL;
  ZonaStore *self;
  sqlite3 *db = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (template_id != NULL, NULL);

  display = g_filename_display_basename (path);
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_EXISTS,
                   _("“%s” already exists"), display);
      return NULL;
    }
  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
    {
      g_set_error (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_SQLITE,
                   _("“%s” cannot be created: %s"), display,
                   db ? sqlite3_errmsg (db) : "out of memory");
      sqlite3_close (db);
      return NULL;
    }
  configure_connection (db);
  init = g_strdup_printf ("PRAGMA application_id = %d; PRAGMA foreign_keys = ON; "
                          "PRAGMA journal_mode = DELETE; PRAGMA synchronous = FULL;",
                          ZONA_STORE_APPLICATION_ID);
  if (!exec (db, init, error) || !migrate (db, 0, error))
    {
      sqlite3_close (db);
      g_unlink (path);
      return NULL;
    }

  self = store_new (db, path);
  if (!zona_store_set_meta (self, "template", template_id, error))
    {
      g_object_unref (self);
      g_unlink (path);
      return NULL;
    }
  return self;
}

gboolean
zona_store_save_copy (ZonaStore   *self,
                      const char  *dest_path,
                      GError     **error)
{
  g_autofree char *tmp = NULL;
  sqlite3 *dest = NULL;
  sqlite3_backup *backup;
  int rc;

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
  backup = sqlite3_backup_init (dest, "main", self->db, "main");
  if (backup == NULL)
    {
      set_sqlite_error (dest, error);
      sqlite3_close (dest);
      g_unlink (tmp);
      return FALSE;
    }
  rc = sqlite3_backup_step (backup, -1);
  sqlite3_backup_finish (backup);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_SQLITE,
                   _("The copy could not be written: %s"), sqlite3_errstr (rc));
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

/* ---- GObject ---------------------------------------------------------- */

static void
zona_store_finalize (GObject *object)
{
  ZonaStore *self = (ZonaStore *) object;

  g_queue_clear_full (&self->undo, edit_free);
  g_queue_clear_full (&self->redo, edit_free);
  g_clear_pointer (&self->db, sqlite3_close);
  g_free (self->path);

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
  signals[CARD_CHANGED] =
    g_signal_new ("card-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
}

static void
zona_store_init (ZonaStore *self)
{
  g_queue_init (&self->undo);
  g_queue_init (&self->redo);
}

const char *
zona_store_get_path (ZonaStore *self)
{
  g_return_val_if_fail (ZONA_IS_STORE (self), NULL);
  return self->path;
}

/* ---- transactions ----------------------------------------------------- */

static gboolean
tx_begin (ZonaStore  *self,
          GError    **error)
{
  return self->batch || exec (self->db, "BEGIN IMMEDIATE", error);
}

static gboolean
tx_end (ZonaStore  *self,
        gboolean    ok,
        GError    **error)
{
  if (self->batch)
    return ok;
  if (ok && exec (self->db, "COMMIT", error))
    return TRUE;
  exec (self->db, "ROLLBACK", NULL);
  return FALSE;
}

gboolean
zona_store_begin_batch (ZonaStore  *self,
                        GError    **error)
{
  g_return_val_if_fail (ZONA_IS_STORE (self), FALSE);
  g_return_val_if_fail (!self->batch, FALSE);

  if (!exec (self->db, "BEGIN IMMEDIATE", error))
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
  return tx_end (self, commit, error);
}

static gboolean
check_length (const char  *value,
              GError     **error)
{
  if (value != NULL && strlen (value) > MAX_VALUE_LENGTH)
    {
      g_set_error (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_INVALID,
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

/* ---- metadata --------------------------------------------------------- */

char *
zona_store_get_meta (ZonaStore  *self,
                     const char *key)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (ZONA_IS_STORE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  stmt = prepare (self->db, "SELECT value FROM plan WHERE key = ?", NULL);
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
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean ok;

  g_return_val_if_fail (ZONA_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  if (!check_length (value, error) || !tx_begin (self, error))
    return FALSE;
  if (value == NULL)
    stmt = prepare (self->db, "DELETE FROM plan WHERE key = ?1", error);
  else
    stmt = prepare (self->db, "INSERT INTO plan (key, value) VALUES (?1, ?2) "
                              "ON CONFLICT (key) DO UPDATE SET value = excluded.value", error);
  ok = stmt != NULL;
  if (ok)
    {
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
      if (value)
        sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
      ok = sqlite3_step (stmt) == SQLITE_DONE || set_sqlite_error (self->db, error);
    }
  return tx_end (self, ok, error);
}

/* ---- structure -------------------------------------------------------- */

GPtrArray *
zona_store_list_chapters (ZonaStore *self,
                          gint64     parent_id)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GPtrArray *ret = g_ptr_array_new_with_free_func ((GDestroyNotify) zona_chapter_free);

  g_return_val_if_fail (ZONA_IS_STORE (self), ret);

  stmt = prepare (self->db,
                  "SELECT id, parent_id, position, role, title FROM chapter "
                  "WHERE coalesce (parent_id, 0) = ? ORDER BY position, id", NULL);
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

static ZonaBlock *
read_block (sqlite3_stmt *stmt)
{
  ZonaBlock *b = g_new0 (ZonaBlock, 1);
  const char *kind = (const char *) sqlite3_column_text (stmt, 3);

  b->id = sqlite3_column_int64 (stmt, 0);
  b->chapter_id = sqlite3_column_int64 (stmt, 1);
  b->position = sqlite3_column_int (stmt, 2);
  b->kind = g_strcmp0 (kind, "card") == 0 ? ZONA_BLOCK_CARD : ZONA_BLOCK_PARAGRAPH;
  b->text = column_text (stmt, 4);
  b->card_type = column_text (stmt, 5);
  b->title = column_text (stmt, 6);
  if (b->kind == ZONA_BLOCK_PARAGRAPH && b->text == NULL)
    b->text = g_strdup ("");
  if (b->kind == ZONA_BLOCK_CARD && b->title == NULL)
    b->title = g_strdup ("");
  return b;
}

#define BLOCK_COLUMNS "id, chapter_id, position, kind, text, card_type, title"

GPtrArray *
zona_store_list_blocks (ZonaStore *self,
                        gint64     chapter_id)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GPtrArray *ret = g_ptr_array_new_with_free_func ((GDestroyNotify) zona_block_free);

  g_return_val_if_fail (ZONA_IS_STORE (self), ret);

  stmt = prepare (self->db, "SELECT " BLOCK_COLUMNS " FROM block WHERE chapter_id = ? "
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
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (ZONA_IS_STORE (self), NULL);

  stmt = prepare (self->db, "SELECT " BLOCK_COLUMNS " FROM block WHERE id = ?", NULL);
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
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 id = 0;

  g_return_val_if_fail (ZONA_IS_STORE (self), 0);
  g_return_val_if_fail (title != NULL, 0);

  if (!check_length (title, error) || !check_length (role, error) || !tx_begin (self, error))
    return 0;
  stmt = prepare (self->db,
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
        g_set_error (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_INVALID,
                     _("There is no chapter with id %lld"), (long long) parent_id);
      else
        set_sqlite_error (self->db, error);
    }
  return tx_end (self, id > 0, error) ? id : 0;
}

static gint64
add_block (ZonaStore   *self,
           gint64       chapter_id,
           const char  *kind,
           const char  *text,
           const char  *card_type,
           const char  *title,
           GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 id = 0;

  if (!check_length (text, error) || !check_length (title, error) || !tx_begin (self, error))
    return 0;
  stmt = prepare (self->db,
                  "INSERT INTO block (chapter_id, position, kind, text, card_type, title) "
                  "VALUES (?1, (SELECT coalesce (max (position), -1) + 1 FROM block "
                  "WHERE chapter_id = ?1), ?2, ?3, ?4, ?5)", error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, chapter_id);
      sqlite3_bind_text (stmt, 2, kind, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, text, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, card_type, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, title, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_DONE)
        id = sqlite3_last_insert_rowid (self->db);
      else if (sqlite3_extended_errcode (self->db) == SQLITE_CONSTRAINT_FOREIGNKEY)
        g_set_error (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_INVALID,
                     _("There is no chapter with id %lld"), (long long) chapter_id);
      else
        set_sqlite_error (self->db, error);
    }
  return tx_end (self, id > 0, error) ? id : 0;
}

gint64
zona_store_add_paragraph (ZonaStore   *self,
                          gint64       chapter_id,
                          const char  *text,
                          GError     **error)
{
  g_return_val_if_fail (ZONA_IS_STORE (self), 0);
  g_return_val_if_fail (text != NULL, 0);

  return add_block (self, chapter_id, "paragraph", text, NULL, NULL, error);
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

  return add_block (self, chapter_id, "card", NULL, card_type, title ? title : "", error);
}

/* ---- fields ----------------------------------------------------------- */

char *
zona_store_get_field (ZonaStore  *self,
                      gint64      card_id,
                      const char *key)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (ZONA_IS_STORE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  stmt = prepare (self->db, "SELECT value FROM field_value WHERE block_id = ? AND key = ?", NULL);
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
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GHashTable *ret = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_return_val_if_fail (ZONA_IS_STORE (self), ret);

  stmt = prepare (self->db, "SELECT key, value FROM field_value WHERE block_id = ?", NULL);
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
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = prepare (self->db, "SELECT 1 FROM block WHERE id = ? AND kind = 'card'", NULL);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, card_id);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

/* Writes without touching the undo history. Empty means absent. */
static gboolean
write_field (ZonaStore   *self,
             gint64       card_id,
             const char  *key,
             const char  *value,
             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean ok;

  if (!check_length (value, error) || !tx_begin (self, error))
    return FALSE;
  if (!is_card (self, card_id))
    {
      g_set_error (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_INVALID,
                   _("There is no card with id %lld in this plan"), (long long) card_id);
      return tx_end (self, FALSE, NULL);
    }
  if (value == NULL || *value == '\0')
    stmt = prepare (self->db, "DELETE FROM field_value WHERE block_id = ?1 AND key = ?2", error);
  else
    stmt = prepare (self->db, "INSERT INTO field_value (block_id, key, value) VALUES (?1, ?2, ?3) "
                              "ON CONFLICT (block_id, key) DO UPDATE SET value = excluded.value",
                    error);
  ok = stmt != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, card_id);
      sqlite3_bind_text (stmt, 2, key, -1, SQLITE_STATIC);
      if (value && *value)
        sqlite3_bind_text (stmt, 3, value, -1, SQLITE_STATIC);
      ok = sqlite3_step (stmt) == SQLITE_DONE || set_sqlite_error (self->db, error);
    }
  if (!tx_end (self, ok, error))
    return FALSE;
  g_signal_emit (self, signals[FIELD_CHANGED], 0, card_id, key);
  return TRUE;
}

static gboolean
write_card_title (ZonaStore   *self,
                  gint64       card_id,
                  const char  *title,
                  GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean ok;

  if (!check_length (title, error) || !tx_begin (self, error))
    return FALSE;
  stmt = prepare (self->db, "UPDATE block SET title = ? WHERE id = ? AND kind = 'card'", error);
  ok = stmt != NULL;
  if (ok)
    {
      sqlite3_bind_text (stmt, 1, title ? title : "", -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, card_id);
      ok = sqlite3_step (stmt) == SQLITE_DONE || set_sqlite_error (self->db, error);
      if (ok && sqlite3_changes (self->db) == 0)
        {
          g_set_error (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_INVALID,
                       _("There is no card with id %lld in this plan"), (long long) card_id);
          ok = FALSE;
        }
    }
  if (!tx_end (self, ok, error))
    return FALSE;
  g_signal_emit (self, signals[CARD_CHANGED], 0, card_id);
  return TRUE;
}

static void
record_edit (ZonaStore  *self,
             EditKind    kind,
             gint64      id,
             const char *key,
             char       *old_value,   /* (transfer full) */
             const char *new_value)
{
  Edit *last = g_queue_peek_head (&self->undo);
  gint64 now = g_get_monotonic_time ();

  g_queue_clear_full (&self->redo, edit_free);

  /* Successive keystrokes in the same field are one step. */
  if (last != NULL && last->kind == kind && last->id == id && g_strcmp0 (last->key, key) == 0
      && now - last->time < UNDO_MERGE_USEC)
    {
      g_free (last->new_value);
      last->new_value = g_strdup (new_value);
      last->time = now;
      g_free (old_value);
      return;
    }

  last = g_new0 (Edit, 1);
  last->kind = kind;
  last->id = id;
  last->key = g_strdup (key);
  last->old_value = old_value;
  last->new_value = g_strdup (new_value);
  last->time = now;
  g_queue_push_head (&self->undo, last);
}

gboolean
zona_store_set_field (ZonaStore   *self,
                      gint64       card_id,
                      const char  *key,
                      const char  *value,
                      GError     **error)
{
  g_autofree char *old = NULL;

  g_return_val_if_fail (ZONA_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL && *key != '\0', FALSE);

  if (value != NULL && *value == '\0')
    value = NULL;
  old = zona_store_get_field (self, card_id, key);
  if (g_strcmp0 (old, value) == 0 && is_card (self, card_id))
    return TRUE;
  if (!write_field (self, card_id, key, value, error))
    return FALSE;
  if (!self->batch)
    record_edit (self, EDIT_FIELD, card_id, key, g_steal_pointer (&old), value);
  return TRUE;
}

gboolean
zona_store_set_card_title (ZonaStore   *self,
                           gint64       card_id,
                           const char  *title,
                           GError     **error)
{
  g_autoptr(ZonaBlock) block = NULL;

  g_return_val_if_fail (ZONA_IS_STORE (self), FALSE);

  block = zona_store_get_block (self, card_id);
  if (block != NULL && block->kind == ZONA_BLOCK_CARD && g_strcmp0 (block->title, title) == 0)
    return TRUE;
  if (!write_card_title (self, card_id, title, error))
    return FALSE;
  if (!self->batch)
    record_edit (self, EDIT_CARD_TITLE, card_id, NULL,
                 block ? g_steal_pointer (&block->title) : NULL, title);
  return TRUE;
}

/* ---- undo ------------------------------------------------------------- */

gboolean
zona_store_can_undo (ZonaStore *self)
{
  g_return_val_if_fail (ZONA_IS_STORE (self), FALSE);
  return !g_queue_is_empty (&self->undo);
}

gboolean
zona_store_can_redo (ZonaStore *self)
{
  g_return_val_if_fail (ZONA_IS_STORE (self), FALSE);
  return !g_queue_is_empty (&self->redo);
}

static gboolean
apply_edit (ZonaStore   *self,
            Edit        *edit,
            const char  *value,
            GError     **error)
{
  switch (edit->kind)
    {
    case EDIT_FIELD:
      return write_field (self, edit->id, edit->key, value, error);
    case EDIT_CARD_TITLE:
      return write_card_title (self, edit->id, value, error);
    default:
      g_assert_not_reached ();
    }
}

gboolean
zona_store_undo (ZonaStore  *self,
                 GError    **error)
{
  Edit *edit;

  g_return_val_if_fail (ZONA_IS_STORE (self), FALSE);

  edit = g_queue_peek_head (&self->undo);
  if (edit == NULL)
    return TRUE;
  if (!apply_edit (self, edit, edit->old_value, error))
    return FALSE;
  g_queue_pop_head (&self->undo);
  edit->time = 0;
  g_queue_push_head (&self->redo, edit);
  return TRUE;
}

gboolean
zona_store_redo (ZonaStore  *self,
                 GError    **error)
{
  Edit *edit;

  g_return_val_if_fail (ZONA_IS_STORE (self), FALSE);

  edit = g_queue_peek_head (&self->redo);
  if (edit == NULL)
    return TRUE;
  if (!apply_edit (self, edit, edit->new_value, error))
    return FALSE;
  g_queue_pop_head (&self->redo);
  edit->time = 0;   /* never merge later typing into a redone step */
  g_queue_push_head (&self->undo, edit);
  return TRUE;
}
