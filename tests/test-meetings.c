/* test-meetings.c: meeting records ("verbali") of the tavoli
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "model/zona-store.h"
#include "model/zona-plan-data.h"
#include "model/zona-plan-json.h"
#include "model/zona-meetings.h"

typedef struct {
  char  *dir;
  char  *path;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("zona-meetings-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "piano.pdz", NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *p = g_build_filename (f->dir, name, NULL);
      g_unlink (p);
    }
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

/* The first card of the plan, or 0. */
static gint64
first_card (ZonaStore *store,
            gint64     parent)
{
  g_autoptr(GPtrArray) chapters = zona_store_list_chapters (store, parent);

  for (guint i = 0; i < chapters->len; i++)
    {
      ZonaChapter *c = g_ptr_array_index (chapters, i);
      g_autoptr(GPtrArray) blocks = zona_store_list_blocks (store, c->id);
      gint64 found;

      for (guint j = 0; j < blocks->len; j++)
        {
          ZonaBlock *b = g_ptr_array_index (blocks, j);
          if (b->kind == ZONA_BLOCK_CARD)
            return b->id;
        }
      if ((found = first_card (store, c->id)) != 0)
        return found;
    }
  return 0;
}

typedef struct {
  ZonaStore *store;
  gint64     chapter, card, card2, actor, actor2, meeting;
} Plan;

static void
build_plan (Plan       *p,
            const char *path)
{
  g_autoptr(GError) error = NULL;

  p->store = zona_store_create (path, "2025-2027", &error);
  g_assert_no_error (error);
  p->chapter = zona_store_add_chapter (p->store, 0, "esiti", "Esiti", &error);
  g_assert_no_error (error);
  p->card = zona_store_add_card (p->store, p->chapter, "valutazione-output",
                                 "Contrasto alla povertà", &error);
  g_assert_no_error (error);
  p->card2 = zona_store_add_card (p->store, p->chapter, "valutazione-output", "Domiciliarità",
                                  &error);
  g_assert_no_error (error);
  p->actor = zona_plan_data_add_actor (p->store, ZONA_ACTOR_COMUNE, "Comune di Lodi", NULL,
                                       NULL, NULL, &error);
  g_assert_no_error (error);
  p->actor2 = zona_plan_data_add_actor (p->store, ZONA_ACTOR_TERZO_SETTORE, "Caritas Lodigiana",
                                        NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  p->meeting = zona_meeting_add (p->store, "2024-03-12", "Tavolo povertà", &error);
  g_assert_no_error (error);
  g_assert_cmpint (p->meeting, >, 0);
  /* Added in reverse: listed in actor order. */
  g_assert_true (zona_meeting_add_attendee (p->store, p->meeting, p->actor2, &error));
  g_assert_true (zona_meeting_add_attendee (p->store, p->meeting, p->actor, &error));
  g_assert_true (zona_meeting_set_card_note (p->store, p->meeting, p->card2, "Rinviata", &error));
  g_assert_true (zona_meeting_set_card_note (p->store, p->meeting, p->card, NULL, &error));
  g_assert_true (zona_meeting_set_decisions (p->store, p->meeting,
                                             "Si approva la scheda sulla povertà.", &error));
  g_assert_no_error (error);
}

static void
check_plan (Plan *p)
{
  g_autoptr(ZonaMeeting) m = zona_meeting_get (p->store, p->meeting);
  g_autoptr(GArray) attendees = zona_meeting_list_attendees (p->store, p->meeting);
  g_autoptr(GPtrArray) cards = zona_meeting_list_cards (p->store, p->meeting);
  ZonaMeetingCard *c;

  g_assert_nonnull (m);
  g_assert_cmpstr (m->date, ==, "2024-03-12");
  g_assert_cmpstr (m->tavolo, ==, "Tavolo povertà");
  g_assert_cmpstr (m->decisions, ==, "Si approva la scheda sulla povertà.");
  g_assert_nonnull (m->uid);
  g_assert_cmpuint (attendees->len, ==, 2);
  g_assert_cmpint (g_array_index (attendees, gint64, 0), ==, p->actor);
  g_assert_cmpint (g_array_index (attendees, gint64, 1), ==, p->actor2);
  g_assert_cmpuint (cards->len, ==, 2);
  c = g_ptr_array_index (cards, 0);
  g_assert_cmpint (c->card_id, ==, p->card2);
  g_assert_cmpstr (c->note, ==, "Rinviata");
  c = g_ptr_array_index (cards, 1);
  g_assert_cmpint (c->card_id, ==, p->card);
  g_assert_null (c->note);
}

static void
test_basic (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) cards = NULL;
  g_autoptr(GArray) attendees = NULL;
  gint64 earlier, later;
  Plan p = { 0 };

  build_plan (&p, f->path);
  check_plan (&p);

  /* By date then id. */
  later = zona_meeting_add (p.store, "2024-05-02", "Tavolo anziani", &error);
  earlier = zona_meeting_add (p.store, "2024-01-20", "Tavolo minori", &error);
  g_assert_no_error (error);
  list = zona_meeting_list (p.store);
  g_assert_cmpuint (list->len, ==, 3);
  g_assert_cmpint (((ZonaMeeting *) g_ptr_array_index (list, 0))->id, ==, earlier);
  g_assert_cmpint (((ZonaMeeting *) g_ptr_array_index (list, 1))->id, ==, p.meeting);
  g_assert_cmpint (((ZonaMeeting *) g_ptr_array_index (list, 2))->id, ==, later);
  g_assert_null (((ZonaMeeting *) g_ptr_array_index (list, 0))->decisions);

  /* A note replaced keeps the card's place; "" clears it. */
  g_assert_true (zona_meeting_set_card_note (p.store, p.meeting, p.card2, "", &error));
  g_assert_no_error (error);
  cards = zona_meeting_list_cards (p.store, p.meeting);
  g_assert_cmpuint (cards->len, ==, 2);
  g_assert_cmpint (((ZonaMeetingCard *) g_ptr_array_index (cards, 0))->card_id, ==, p.card2);
  g_assert_null (((ZonaMeetingCard *) g_ptr_array_index (cards, 0))->note);
  g_assert_true (zona_store_undo (p.store, &error));
  g_assert_no_error (error);

  /* Each edit is one undo step. */
  g_assert_true (zona_meeting_remove_attendee (p.store, p.meeting, p.actor, &error));
  attendees = zona_meeting_list_attendees (p.store, p.meeting);
  g_assert_cmpuint (attendees->len, ==, 1);
  g_assert_true (zona_store_undo (p.store, &error));
  g_assert_true (zona_meeting_delete (p.store, later, &error));
  g_assert_true (zona_meeting_delete (p.store, earlier, &error));
  g_assert_true (zona_meeting_delete (p.store, p.meeting, &error));
  g_assert_no_error (error);
  g_assert_null (zona_meeting_get (p.store, p.meeting));
  {
    g_autoptr(GPtrArray) gone = zona_meeting_list_cards (p.store, p.meeting);
    g_assert_cmpuint (gone->len, ==, 0);
  }
  g_assert_true (zona_store_undo (p.store, &error));
  g_assert_true (zona_store_undo (p.store, &error));
  g_assert_true (zona_store_undo (p.store, &error));
  g_assert_no_error (error);
  check_plan (&p);

  /* Unknown things are refused. */
  g_assert_false (zona_meeting_delete (p.store, 9999, &error));
  g_assert_error (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (zona_meeting_add_attendee (p.store, p.meeting, 9999, &error));
  g_assert_error (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (zona_meeting_set_card_note (p.store, p.meeting, 9999, "x", &error));
  g_assert_error (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (zona_meeting_set_decisions (p.store, 9999, "x", &error));
  g_assert_error (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* Persisted. */
  g_clear_object (&p.store);
  p.store = zona_store_open (f->path, &error);
  g_assert_no_error (error);
  check_plan (&p);
  g_clear_object (&p.store);
}

static void
test_bad_date (Fixture       *f,
               gconstpointer  data)
{
  const char *bad[] = { "12/03/2024", "2024-02-30", "2023-02-29", "2024-13-01", "2024-3-12",
                        "2024-03-12x", "", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  Plan p = { 0 };

  build_plan (&p, f->path);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_cmpint (zona_meeting_add (p.store, bad[i], "Tavolo", &error), ==, 0);
      g_assert_error (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_INVALID);
      g_clear_error (&error);
    }
  g_assert_cmpint (zona_meeting_add (p.store, "2024-02-29", "Tavolo", &error), >, 0);
  g_assert_no_error (error);
  list = zona_meeting_list (p.store);
  g_assert_cmpuint (list->len, ==, 2);
  g_clear_object (&p.store);
}

/* Deleting a card or an actor removes its rows; undo brings them back. */
static void
test_cascade (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  Plan p = { 0 };

  build_plan (&p, f->path);
  g_assert_true (zona_store_delete_block (p.store, p.card2, &error));
  g_assert_true (zona_plan_data_delete_actor (p.store, p.actor, &error));
  g_assert_no_error (error);
  {
    g_autoptr(GArray) attendees = zona_meeting_list_attendees (p.store, p.meeting);
    g_autoptr(GPtrArray) cards = zona_meeting_list_cards (p.store, p.meeting);
    g_assert_cmpuint (attendees->len, ==, 1);
    g_assert_cmpint (g_array_index (attendees, gint64, 0), ==, p.actor2);
    g_assert_cmpuint (cards->len, ==, 1);
    g_assert_cmpint (((ZonaMeetingCard *) g_ptr_array_index (cards, 0))->card_id, ==, p.card);
  }
  g_assert_true (zona_store_undo (p.store, &error));
  g_assert_true (zona_store_undo (p.store, &error));
  g_assert_no_error (error);
  check_plan (&p);
  g_clear_object (&p.store);
}

/* An approved plan refuses every meeting edit. */
static void
test_frozen (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  Plan p = { 0 };

  build_plan (&p, f->path);
  g_assert_true (zona_store_approve (p.store, "2026-11-20", "Delibera n. 12/2026", &error));
  g_assert_no_error (error);

#define REFUSED(call) \
  G_STMT_START { \
    g_assert_false (call); \
    g_assert_error (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_FROZEN); \
    g_clear_error (&error); \
  } G_STMT_END
  REFUSED (zona_meeting_add (p.store, "2026-12-01", "Tavolo", &error) != 0);
  REFUSED (zona_meeting_set_decisions (p.store, p.meeting, "Altro", &error));
  REFUSED (zona_meeting_add_attendee (p.store, p.meeting, p.actor, &error));
  REFUSED (zona_meeting_remove_attendee (p.store, p.meeting, p.actor, &error));
  REFUSED (zona_meeting_set_card_note (p.store, p.meeting, p.card, "nota", &error));
  REFUSED (zona_meeting_delete (p.store, p.meeting, &error));
#undef REFUSED
  check_plan (&p);
  g_clear_object (&p.store);
}

/* A version 1 file is upgraded and can hold meetings. */
static void
test_migrates_v1 (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *fixture = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "fixtures",
                                               "plan-v1.pdz", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(ZonaStore) store = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) cards = NULL;
  gint64 card, meeting;
  gsize len;

  g_assert_true (g_file_get_contents (fixture, &contents, &len, &error));
  g_assert_true (g_file_set_contents (f->path, contents, len, &error));
  store = zona_store_open (f->path, &error);
  g_assert_no_error (error);
  list = zona_meeting_list (store);
  g_assert_cmpuint (list->len, ==, 0);
  card = first_card (store, 0);
  g_assert_cmpint (card, !=, 0);
  meeting = zona_meeting_add (store, "2025-10-07", "Tavolo disabilità", &error);
  g_assert_no_error (error);
  g_assert_true (zona_meeting_set_card_note (store, meeting, card, "Discussa", &error));
  g_assert_no_error (error);
  g_clear_object (&store);
  store = zona_store_open (f->path, &error);
  g_assert_no_error (error);
  cards = zona_meeting_list_cards (store, meeting);
  g_assert_cmpuint (cards->len, ==, 1);
  g_assert_cmpstr (((ZonaMeetingCard *) g_ptr_array_index (cards, 0))->note, ==, "Discussa");
}

/* “zona dump” and “zona load” carry the meetings; the round trip is identical. */
static void
test_json (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json_path = g_build_filename (f->dir, "piano.json", NULL);
  g_autofree char *copy_path = g_build_filename (f->dir, "copia.pdz", NULL);
  g_autofree char *bad_path = g_build_filename (f->dir, "cattivo.pdz", NULL);
  g_autofree char *json = NULL, *again = NULL, *bad = NULL;
  g_autoptr(ZonaStore) copy = NULL;
  g_autoptr(ZonaStore) wrong = NULL;
  g_autoptr(GPtrArray) meetings = NULL;
  g_autoptr(GPtrArray) cards = NULL;
  g_autoptr(GArray) attendees = NULL;
  g_autoptr(ZonaActor) actor = NULL;
  g_autoptr(ZonaBlock) card = NULL;
  ZonaMeeting *m;
  Plan p = { 0 };

  build_plan (&p, f->path);
  /* A meeting with nothing but a date and a tavolo. */
  g_assert_cmpint (zona_meeting_add (p.store, "2024-01-09", "Tavolo minori", &error), >, 0);
  g_assert_no_error (error);
  json = zona_plan_json_dump (p.store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (json, "\"meetings\""));
  g_assert_nonnull (strstr (json, "\"tavolo\" : \"Tavolo povertà\""));
  g_assert_nonnull (strstr (json, "\"note\" : \"Rinviata\""));
  g_assert_true (g_file_set_contents (json_path, json, -1, &error));

  copy = zona_plan_json_load_file (json_path, copy_path, &error);
  g_assert_no_error (error);
  again = zona_plan_json_dump (copy, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json, ==, again);

  meetings = zona_meeting_list (copy);
  g_assert_cmpuint (meetings->len, ==, 2);
  m = g_ptr_array_index (meetings, 1);
  g_assert_cmpstr (m->tavolo, ==, "Tavolo povertà");
  g_assert_cmpstr (m->decisions, ==, "Si approva la scheda sulla povertà.");
  attendees = zona_meeting_list_attendees (copy, m->id);
  g_assert_cmpuint (attendees->len, ==, 2);
  actor = zona_plan_data_get_actor (copy, g_array_index (attendees, gint64, 0));
  g_assert_cmpstr (actor->name, ==, "Comune di Lodi");
  cards = zona_meeting_list_cards (copy, m->id);
  g_assert_cmpuint (cards->len, ==, 2);
  card = zona_store_get_block (copy, ((ZonaMeetingCard *) g_ptr_array_index (cards, 0))->card_id);
  g_assert_cmpstr (card->title, ==, "Domiciliarità");

  /* A bad date is refused, and names where it is. */
  bad = g_strdup (json);
  memcpy (strstr (bad, "\"2024-03-12\""), "\"2024-02-30\"", strlen ("\"2024-02-30\""));
  g_assert_true (g_file_set_contents (json_path, bad, -1, &error));
  wrong = zona_plan_json_load_file (json_path, bad_path, &error);
  g_assert_null (wrong);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "meetings[1]"));
  g_assert_false (g_file_test (bad_path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  /* An attendee listed twice is refused. */
  g_free (bad);
  bad = g_strdup (json);
  {
    char *at = strstr (bad, "\"attendees\" : [");
    g_autoptr(GString) str = NULL;
    g_autofree char *first = NULL;
    char *q1, *q2;

    g_assert_nonnull (at);
    q1 = strchr (at + strlen ("\"attendees\" : ["), '"');
    q2 = strchr (q1 + 1, '"');
    first = g_strndup (q1, q2 - q1 + 1);
    str = g_string_new_len (bad, q1 - bad);
    g_string_append_printf (str, "%s, %s", first, q1);
    g_assert_true (g_file_set_contents (json_path, str->str, -1, &error));
  }
  wrong = zona_plan_json_load_file (json_path, bad_path, &error);
  g_assert_null (wrong);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "attendees[1]"));
  g_clear_object (&p.store);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/meetings/basic", Fixture, NULL, fixture_setup, test_basic, fixture_teardown);
  g_test_add ("/meetings/bad-date", Fixture, NULL, fixture_setup, test_bad_date, fixture_teardown);
  g_test_add ("/meetings/cascade", Fixture, NULL, fixture_setup, test_cascade, fixture_teardown);
  g_test_add ("/meetings/frozen", Fixture, NULL, fixture_setup, test_frozen, fixture_teardown);
  g_test_add ("/meetings/migrates-v1", Fixture, NULL, fixture_setup, test_migrates_v1, fixture_teardown);
  g_test_add ("/meetings/json", Fixture, NULL, fixture_setup, test_json, fixture_teardown);
  return g_test_run ();
}
