/* zona-meetings.c: meeting records ("verbali") of the tavoli of a plan
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Like zona-plan-data.c: each public function that changes the plan is one
 * transaction and one undo step (zona_store_tx_begin … zona_store_tx_end),
 * which also refuses writes to a read-only or approved plan. Foreign keys
 * cascade: deleting a meeting, an actor or a card removes its rows here, and
 * the session recording the step records those too, so undo restores them.
 */
#define G_LOG_DOMAIN "zona-meetings"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "zona-meetings.h"
#include "zona-store-private.h"
#include "zona-store-rows.h"


void
zona_meeting_free (ZonaMeeting *m)
{
  if (m == NULL)
    return;
  g_free (m->uid);
  g_free (m->date);
  g_free (m->tavolo);
  g_free (m->decisions);
  g_free (m);
}

void
zona_meeting_card_free (ZonaMeetingCard *c)
{
  if (c == NULL)
    return;
  g_free (c->note);
  g_free (c);
}

/* ---- helpers ------------------------------------------------------------ */





#define EXISTS_MEETING "SELECT 1 FROM meeting WHERE id = ?1"
#define EXISTS_ACTOR "SELECT 1 FROM actor WHERE id = ?1"
#define EXISTS_CARD "SELECT 1 FROM block WHERE id = ?1 AND kind = 'card'"

static gboolean
no_meeting (gint64   id,
            GError **error)
{
  g_set_error (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_INVALID,
               _("There is no meeting with id %lld in this plan"), (long long) id);
  return FALSE;
}

static gboolean
no_actor (gint64   id,
          GError **error)
{
  g_set_error (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_INVALID,
               _("There is no actor with id %lld in this plan"), (long long) id);
  return FALSE;
}

static gboolean
no_card (gint64   id,
         GError **error)
{
  g_set_error (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_INVALID,
               _("There is no card with id %lld in this plan"), (long long) id);
  return FALSE;
}




/* Runs @sql with ?1 = @id and ?2 = @id2 (when it has ?2); the rows changed, or -1. */
static int
run_ids (ZonaStore   *store,
         const char  *sql,
         gint64       id,
         gint64       id2,
         GError     **error)
{
  g_autoptr(ZonaStmt) stmt = zona_store_stmt (store, sql, error);

  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_bind_parameter_count (stmt) >= 2)
    sqlite3_bind_int64 (stmt, 2, id2);
  if (!zona_store_step_done (store, stmt, error))
    return -1;
  return zona_rows_changes (store);
}

/* ---- meetings ----------------------------------------------------------- */

#define MEETING_COLUMNS "id, uid, date, tavolo, decisions"

static ZonaMeeting *
read_meeting (sqlite3_stmt *stmt)
{
  ZonaMeeting *m = g_new0 (ZonaMeeting, 1);

  m->id = sqlite3_column_int64 (stmt, 0);
  m->uid = zona_rows_column_text_not_null (stmt, 1);
  m->date = zona_rows_column_text_not_null (stmt, 2);
  m->tavolo = zona_rows_column_text_not_null (stmt, 3);
  m->decisions = zona_store_column_text (stmt, 4);
  return m;
}

gint64
zona_meeting_add_with_uid (ZonaStore   *store,
                           const char  *date,
                           const char  *tavolo,
                           const char  *uid,
                           GError     **error)
{
  g_autofree char *new_uid = NULL;
  gint64 id = 0;

  g_return_val_if_fail (ZONA_IS_STORE (store), 0);

  tavolo = tavolo != NULL ? tavolo : "";
  if (!zona_store_check_date (date, error) || !zona_store_check_text (tavolo, error)
      || !zona_rows_take_uid (uid, &new_uid, error) || !zona_store_tx_begin (store, error))
    return 0;
  {
    g_autoptr(ZonaStmt) stmt =
      zona_store_stmt (store, "INSERT INTO meeting (uid, date, tavolo) VALUES (?1, ?2, ?3)",
                       error);
    if (stmt != NULL)
      {
        sqlite3_bind_text (stmt, 1, new_uid, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 2, date, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 3, tavolo, -1, SQLITE_STATIC);
        id = zona_rows_step_insert (store, stmt, new_uid, error);
      }
  }
  return zona_store_tx_end (store, id > 0, NULL, error) ? id : 0;
}

gint64
zona_meeting_add (ZonaStore   *store,
                  const char  *date,
                  const char  *tavolo,
                  GError     **error)
{
  return zona_meeting_add_with_uid (store, date, tavolo, NULL, error);
}

gboolean
zona_meeting_set_decisions (ZonaStore   *store,
                            gint64       meeting_id,
                            const char  *text,
                            GError     **error)
{
  g_autofree char *merge = NULL;
  gboolean ok;

  g_return_val_if_fail (ZONA_IS_STORE (store), FALSE);

  text = zona_rows_optional (text);
  if (!zona_store_check_text (text, error) || !zona_store_tx_begin (store, error))
    return FALSE;
  {
    g_autoptr(ZonaStmt) stmt =
      zona_store_stmt (store, "UPDATE meeting SET decisions = ?1 "
                              "WHERE id = ?2 AND decisions IS NOT ?1", error);
    ok = stmt != NULL;
    if (ok)
      {
        zona_rows_bind_text (stmt, 1, text);
        sqlite3_bind_int64 (stmt, 2, meeting_id);
        ok = zona_store_step_done (store, stmt, error);
      }
  }
  if (ok && zona_rows_changes (store) == 0 && !zona_rows_exists (store, EXISTS_MEETING, meeting_id))
    ok = no_meeting (meeting_id, error);
  /* Typing in the decisions is one undo step. */
  merge = g_strdup_printf ("meeting-decisions:%" G_GINT64_FORMAT, meeting_id);
  return zona_store_tx_end (store, ok, merge, error);
}

/* Its attendees and discussed cards go too (undo brings them back). */
gboolean
zona_meeting_delete (ZonaStore   *store,
                     gint64       meeting_id,
                     GError     **error)
{
  int n;

  g_return_val_if_fail (ZONA_IS_STORE (store), FALSE);

  if (!zona_store_tx_begin (store, error))
    return FALSE;
  n = run_ids (store, "DELETE FROM meeting WHERE id = ?1", meeting_id, 0, error);
  if (n == 0)
    no_meeting (meeting_id, error);
  return zona_store_tx_end (store, n > 0, NULL, error);
}

GPtrArray *
zona_meeting_list (ZonaStore *store)
{
  g_autoptr(ZonaStmt) stmt = NULL;
  GPtrArray *ret = g_ptr_array_new_with_free_func ((GDestroyNotify) zona_meeting_free);

  g_return_val_if_fail (ZONA_IS_STORE (store), ret);

  stmt = zona_store_stmt (store, "SELECT " MEETING_COLUMNS " FROM meeting ORDER BY date, id",
                          NULL);
  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (ret, read_meeting (stmt));
  return ret;
}

ZonaMeeting *
zona_meeting_get (ZonaStore *store,
                  gint64     meeting_id)
{
  g_autoptr(ZonaStmt) stmt = NULL;

  g_return_val_if_fail (ZONA_IS_STORE (store), NULL);

  stmt = zona_store_stmt (store, "SELECT " MEETING_COLUMNS " FROM meeting WHERE id = ?1", NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, meeting_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    return read_meeting (stmt);
  return NULL;
}

gint64
zona_meeting_find (ZonaStore  *store,
                   const char *uid)
{
  g_autoptr(ZonaStmt) stmt = NULL;

  g_return_val_if_fail (ZONA_IS_STORE (store), 0);

  if (uid == NULL)
    return 0;
  stmt = zona_store_stmt (store, "SELECT id FROM meeting WHERE uid = ?1", NULL);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, uid, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);
  return 0;
}

/* ---- attendees ---------------------------------------------------------- */

gboolean
zona_meeting_add_attendee (ZonaStore   *store,
                           gint64       meeting_id,
                           gint64       actor_id,
                           GError     **error)
{
  gboolean ok;

  g_return_val_if_fail (ZONA_IS_STORE (store), FALSE);

  if (!zona_rows_exists (store, EXISTS_MEETING, meeting_id))
    return no_meeting (meeting_id, error);
  if (!zona_rows_exists (store, EXISTS_ACTOR, actor_id))
    return no_actor (actor_id, error);
  if (!zona_store_tx_begin (store, error))
    return FALSE;
  /* Already there: nothing changes, no error. */
  ok = run_ids (store, "INSERT OR IGNORE INTO meeting_attendee (meeting_id, actor_id) "
                       "VALUES (?1, ?2)", meeting_id, actor_id, error) >= 0;
  return zona_store_tx_end (store, ok, NULL, error);
}

gboolean
zona_meeting_remove_attendee (ZonaStore   *store,
                              gint64       meeting_id,
                              gint64       actor_id,
                              GError     **error)
{
  gboolean ok;

  g_return_val_if_fail (ZONA_IS_STORE (store), FALSE);

  if (!zona_rows_exists (store, EXISTS_MEETING, meeting_id))
    return no_meeting (meeting_id, error);
  if (!zona_rows_exists (store, EXISTS_ACTOR, actor_id))
    return no_actor (actor_id, error);
  if (!zona_store_tx_begin (store, error))
    return FALSE;
  ok = run_ids (store, "DELETE FROM meeting_attendee WHERE meeting_id = ?1 AND actor_id = ?2",
                meeting_id, actor_id, error) >= 0;
  return zona_store_tx_end (store, ok, NULL, error);
}

GArray *
zona_meeting_list_attendees (ZonaStore *store,
                             gint64     meeting_id)
{
  g_autoptr(ZonaStmt) stmt = NULL;
  GArray *ret = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_return_val_if_fail (ZONA_IS_STORE (store), ret);

  stmt = zona_store_stmt (store, "SELECT a.id FROM meeting_attendee m "
                                 "JOIN actor a ON a.id = m.actor_id "
                                 "WHERE m.meeting_id = ?1 ORDER BY a.position, a.id", NULL);
  if (stmt == NULL)
    return ret;
  sqlite3_bind_int64 (stmt, 1, meeting_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ret, id);
    }
  return ret;
}

/* ---- cards discussed ---------------------------------------------------- */

gboolean
zona_meeting_set_card_note (ZonaStore   *store,
                            gint64       meeting_id,
                            gint64       card_id,
                            const char  *note,
                            GError     **error)
{
  g_autofree char *merge = NULL;
  gboolean ok;

  g_return_val_if_fail (ZONA_IS_STORE (store), FALSE);

  note = zona_rows_optional (note);
  if (!zona_store_check_text (note, error))
    return FALSE;
  if (!zona_rows_exists (store, EXISTS_MEETING, meeting_id))
    return no_meeting (meeting_id, error);
  if (!zona_rows_exists (store, EXISTS_CARD, card_id))
    return no_card (card_id, error);
  if (!zona_store_tx_begin (store, error))
    return FALSE;
  {
    /* A card already discussed keeps its place; a new one goes last. */
    g_autoptr(ZonaStmt) stmt =
      zona_store_stmt (store,
                       "INSERT INTO meeting_card (meeting_id, card_id, position, note) "
                       "VALUES (?1, ?2, (SELECT coalesce (max (position), -1) + 1 "
                       "FROM meeting_card WHERE meeting_id = ?1), ?3) "
                       "ON CONFLICT (meeting_id, card_id) DO UPDATE SET note = excluded.note "
                       "WHERE note IS NOT excluded.note", error);
    ok = stmt != NULL;
    if (ok)
      {
        sqlite3_bind_int64 (stmt, 1, meeting_id);
        sqlite3_bind_int64 (stmt, 2, card_id);
        zona_rows_bind_text (stmt, 3, note);
        ok = zona_store_step_done (store, stmt, error);
      }
  }
  merge = g_strdup_printf ("meeting-card:%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT,
                           meeting_id, card_id);
  return zona_store_tx_end (store, ok, merge, error);
}

GPtrArray *
zona_meeting_list_cards (ZonaStore *store,
                         gint64     meeting_id)
{
  g_autoptr(ZonaStmt) stmt = NULL;
  GPtrArray *ret = g_ptr_array_new_with_free_func ((GDestroyNotify) zona_meeting_card_free);

  g_return_val_if_fail (ZONA_IS_STORE (store), ret);

  stmt = zona_store_stmt (store, "SELECT card_id, note FROM meeting_card "
                                 "WHERE meeting_id = ?1 ORDER BY position, card_id", NULL);
  if (stmt == NULL)
    return ret;
  sqlite3_bind_int64 (stmt, 1, meeting_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      ZonaMeetingCard *c = g_new0 (ZonaMeetingCard, 1);
      c->card_id = sqlite3_column_int64 (stmt, 0);
      c->note = zona_store_column_text (stmt, 1);
      g_ptr_array_add (ret, c);
    }
  return ret;
}
