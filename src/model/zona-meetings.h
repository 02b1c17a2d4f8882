/* zona-meetings.h: meeting records ("verbali") of the tavoli of a plan
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each function that changes the plan is one transaction and one undo step;
 * an approved plan refuses them all (ZONA_STORE_ERROR_FROZEN).
 */
#pragma once

#include "zona-store.h"

G_BEGIN_DECLS

typedef struct {
  gint64  id;
  char   *uid;
  char   *date;        /* YYYY-MM-DD */
  char   *tavolo;      /* title of the tavolo, free text */
  char   *decisions;   /* NULL when none */
} ZonaMeeting;

typedef struct {
  gint64  card_id;
  char   *note;        /* NULL when none */
} ZonaMeetingCard;

void         zona_meeting_free            (ZonaMeeting     *m);
void         zona_meeting_card_free       (ZonaMeetingCard *c);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ZonaMeeting, zona_meeting_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ZonaMeetingCard, zona_meeting_card_free)

/* @date must be a real date written YYYY-MM-DD. */
gint64       zona_meeting_add             (ZonaStore   *store,
                                           const char  *date,
                                           const char  *tavolo,
                                           GError     **error);
/* Same, with a given @uid (NULL: a new one); used by “zona load”. */
gint64       zona_meeting_add_with_uid    (ZonaStore   *store,
                                           const char  *date,
                                           const char  *tavolo,
                                           const char  *uid,
                                           GError     **error);
gboolean     zona_meeting_set_decisions   (ZonaStore   *store,
                                           gint64       meeting_id,
                                           const char  *text,
                                           GError     **error);
gboolean     zona_meeting_delete          (ZonaStore   *store,
                                           gint64       meeting_id,
                                           GError     **error);
/* (element-type ZonaMeeting), by date then id */
GPtrArray   *zona_meeting_list            (ZonaStore   *store);
ZonaMeeting *zona_meeting_get             (ZonaStore   *store,
                                           gint64       meeting_id);
/* The meeting with @uid, or 0. */
gint64       zona_meeting_find            (ZonaStore   *store,
                                           const char  *uid);

gboolean     zona_meeting_add_attendee    (ZonaStore   *store,
                                           gint64       meeting_id,
                                           gint64       actor_id,
                                           GError     **error);
gboolean     zona_meeting_remove_attendee (ZonaStore   *store,
                                           gint64       meeting_id,
                                           gint64       actor_id,
                                           GError     **error);
/* (element-type gint64) actor ids, in actor order */
GArray      *zona_meeting_list_attendees  (ZonaStore   *store,
                                           gint64       meeting_id);

/* Records that the card was discussed, with a note (NULL/"" = no note);
 * calling again replaces the note. */
gboolean     zona_meeting_set_card_note   (ZonaStore   *store,
                                           gint64       meeting_id,
                                           gint64       card_id,
                                           const char  *note,
                                           GError     **error);
/* (element-type ZonaMeetingCard), in discussion order */
GPtrArray   *zona_meeting_list_cards      (ZonaStore   *store,
                                           gint64       meeting_id);

G_END_DECLS
