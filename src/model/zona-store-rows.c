/* zona-store-rows.c: small helpers for the model's row-level SQL
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "zona-store-rows.h"

/* Optional text: empty means none. */
const char *
zona_rows_optional (const char *text)
{
  return text != NULL && *text != '\0' ? text : NULL;
}

void
zona_rows_bind_text (sqlite3_stmt *stmt,
                     int           col,
                     const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, col, text, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, col);
}

char *
zona_rows_column_text_not_null (sqlite3_stmt *stmt,
                                int           col)
{
  char *text = zona_store_column_text (stmt, col);
  return text != NULL ? text : g_strdup ("");
}

/* @uid from the caller (checked) or a new random one. */
gboolean
zona_rows_take_uid (const char  *uid,
                    char       **out,
                    GError     **error)
{
  if (uid == NULL)
    {
      *out = g_uuid_string_random ();
      return TRUE;
    }
  if (!zona_store_check_text (uid, error))
    return FALSE;
  if (*uid == '\0' || strlen (uid) > ZONA_ROWS_MAX_UID_LENGTH)
    {
      g_set_error (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_INVALID,
                   _("An identifier must be 1 to %d bytes long"), ZONA_ROWS_MAX_UID_LENGTH);
      return FALSE;
    }
  for (const char *p = uid; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (g_unichar_isspace (c) || g_unichar_iscntrl (c))
        {
          g_set_error (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_INVALID,
                       _("The identifier “%s” contains spaces or control characters"), uid);
          return FALSE;
        }
    }
  *out = g_strdup (uid);
  return TRUE;
}

gboolean
zona_rows_exists (ZonaStore  *store,
                  const char *sql,
                  gint64      id)
{
  g_autoptr(ZonaStmt) stmt = NULL;

  if (id <= 0)
    return FALSE;
  stmt = zona_store_stmt (store, sql, NULL);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

/* Steps an INSERT; the new row's id, or 0 with @error set. */
gint64
zona_rows_step_insert (ZonaStore   *store,
                       ZonaStmt    *stmt,
                       const char  *uid,
                       GError     **error)
{
  sqlite3 *db = zona_store_get_db (store);

  if (sqlite3_step (stmt) == SQLITE_DONE)
    return sqlite3_last_insert_rowid (db);
  switch (sqlite3_extended_errcode (db))
    {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      if (uid != NULL)
        g_set_error (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_INVALID,
                     _("The identifier “%s” is already used in this plan"), uid);
      else
        g_set_error_literal (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_INVALID,
                             _("This is already in the plan"));
      break;
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      g_set_error_literal (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_INVALID,
                           _("The edit refers to something that is not in this plan"));
      break;
    default:
      zona_store_sqlite_error (store, error);
    }
  return 0;
}

int
zona_rows_changes (ZonaStore *store)
{
  return sqlite3_changes (zona_store_get_db (store));
}
