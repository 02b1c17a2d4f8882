/* test-rollover.c: the plan of the next cycle from the plan of this one
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
#include "model/zona-plan-new.h"
#include "model/zona-rollover.h"

static char *tmpdir;

static char *
tmp_path (const char *name)
{
  char *path = g_build_filename (tmpdir, name, NULL);

  g_unlink (path);
  return path;
}

static gint64
chapter_with_role (ZonaStore  *store,
                   gint64      parent_id,
                   const char *role)
{
  g_autoptr(GPtrArray) chapters = zona_store_list_chapters (store, parent_id);

  for (guint i = 0; i < chapters->len; i++)
    {
      const ZonaChapter *c = g_ptr_array_index (chapters, i);

      if (g_strcmp0 (c->role, role) == 0)
        return c->id;
    }
  g_assert_not_reached ();
}

/* (element-type ZonaBlock): the cards of @type anywhere in the plan, in order. */
static void
collect (ZonaStore  *store,
         gint64      parent_id,
         const char *type,
         GPtrArray  *out)
{
  g_autoptr(GPtrArray) chapters = zona_store_list_chapters (store, parent_id);

  for (guint i = 0; i < chapters->len; i++)
    {
      const ZonaChapter *c = g_ptr_array_index (chapters, i);
      g_autoptr(GPtrArray) blocks = zona_store_list_blocks (store, c->id);

      for (guint j = 0; j < blocks->len; j++)
        {
          const ZonaBlock *b = g_ptr_array_index (blocks, j);

          if (b->kind == ZONA_BLOCK_CARD && g_strcmp0 (b->card_type, type) == 0)
            g_ptr_array_add (out, zona_store_get_block (store, b->id));
        }
      collect (store, c->id, type, out);
    }
}

static GPtrArray *
cards_of_type (ZonaStore  *store,
               const char *type)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) zona_block_free);

  collect (store, 0, type, out);
  return out;
}

static const ZonaBlock *
card_about (GPtrArray  *cards,
            const char *uid)
{
  const ZonaBlock *found = NULL;

  for (guint i = 0; i < cards->len; i++)
    {
      const ZonaBlock *b = g_ptr_array_index (cards, i);

      if (g_strcmp0 (b->ref_uid, uid) == 0)
        {
          g_assert_null (found);   /* one card per objective */
          found = b;
        }
    }
  g_assert_nonnull (found);
  return found;
}

static void
assert_field (ZonaStore  *store,
              gint64      card_id,
              const char *key,
              const char *expected)
{
  g_autofree char *value = zona_store_get_field (store, card_id, key);

  if (value != NULL && *value == '\0')
    g_clear_pointer (&value, g_free);
  g_assert_cmpstr (value, ==, expected);
}

#define EUR(x) ((gint64) ((x) * 100))
#define NONE ZONA_AMOUNT_NONE

/* An old 2021-2023 plan with five objectives of its own and one of 2018-2020. */
static ZonaStore *
make_old_plan (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ZonaStore) store = zona_plan_new (path, "2021-2023", "Piano di Zona 2021-2023", &error);
  gint64 esiti, obiettivi, card, o;

  g_assert_no_error (error);
  g_assert_true (zona_store_set_meta (store, "ambito", "Ambito di Prova", &error));
  esiti = chapter_with_role (store, 0, "esiti");
  obiettivi = chapter_with_role (store, 0, "obiettivi");

  /* o0: an objective of 2018-2020, evaluated in this plan: not carried over. */
  card = zona_store_add_card (store, esiti, "valutazione-output", "Vecchio obiettivo", &error);
  g_assert_true (zona_store_set_field (store, card, "riproposta", "Sì", &error));
  g_assert_cmpint (zona_plan_data_add_objective (store, "ob-2018", "Vecchio obiettivo", card,
                                                 NULL, 0, NULL, &error), >, 0);

  /* o1: card with a description and "In parte"; two budget lines. */
  card = zona_store_add_card (store, obiettivi, "nuovo-obiettivo", "Casa", &error);
  g_assert_true (zona_store_set_field (store, card, "descrizione", "Alloggi per famiglie fragili", &error));
  g_assert_true (zona_store_set_field (store, card, "continuita", "In parte", &error));
  o = zona_plan_data_add_objective (store, "ob-casa", "Casa", card, "B", 0, NULL, &error);
  g_assert_cmpint (zona_plan_data_add_budget_line (store, o, 0, 2021, EUR (10000), EUR (9000),
                                                   EUR (7000), NULL, &error), >, 0);
  g_assert_cmpint (zona_plan_data_add_budget_line (store, o, 0, 2022, EUR (5000), NONE,
                                                   100050, NULL, &error), >, 0);

  /* o2: no card; continues o0; stanziato and impegnato only. */
  o = zona_plan_data_add_objective (store, "ob-lavoro", "Lavoro", 0, "H", 0, "ob-2018", &error);
  g_assert_cmpint (zona_plan_data_add_budget_line (store, o, 0, 2021, EUR (300), EUR (200),
                                                   NONE, NULL, &error), >, 0);

  /* o3: card answering "No", no budget; its evaluation already begun in this file,
   * re-proposed. */
  card = zona_store_add_card (store, obiettivi, "nuovo-obiettivo", "Anziani", &error);
  g_assert_true (zona_store_set_field (store, card, "continuita", "No", &error));
  g_assert_cmpint (zona_plan_data_add_objective (store, "ob-anziani", "Anziani", card, "E", 0,
                                                 NULL, &error), >, 0);
  card = zona_store_add_card (store, esiti, "valutazione-output", "Anziani", &error);
  g_assert_true (zona_store_set_card_predecessor (store, card, "ob-anziani", &error));
  g_assert_true (zona_store_set_field (store, card, "grado", "70", &error));
  g_assert_true (zona_store_set_field (store, card, "riproposta", "Sì", &error));

  /* o4: stanziato 0. */
  o = zona_plan_data_add_objective (store, "ob-minori", "Minori", 0, NULL, 0, NULL, &error);
  g_assert_cmpint (zona_plan_data_add_budget_line (store, o, 0, 2023, 0, EUR (50), EUR (50),
                                                   NULL, &error), >, 0);

  /* o5: liquidato without stanziato; card says "No" but it continues o0. */
  card = zona_store_add_card (store, obiettivi, "nuovo-obiettivo", "Disabilità", &error);
  g_assert_true (zona_store_set_field (store, card, "continuita", "No", &error));
  o = zona_plan_data_add_objective (store, "ob-disabili", "Disabilità", card, "J", 0, "ob-2018",
                                    &error);
  g_assert_cmpint (zona_plan_data_add_budget_line (store, o, 0, 2023, NONE, NONE, EUR (800),
                                                   NULL, &error), >, 0);
  g_assert_no_error (error);
  return g_steal_pointer (&store);
}

static void
test_rollover (void)
{
  g_autofree char *old_path = tmp_path ("old.pdz");
  g_autofree char *new_path = tmp_path ("new.pdz");
  g_autofree char *copy_path = tmp_path ("copy.pdz");
  g_autoptr(GError) error = NULL;
  g_autoptr(ZonaStore) old = make_old_plan (old_path);
  g_autoptr(ZonaStore) store = NULL;
  g_autoptr(ZonaStore) reopened = NULL;
  g_autoptr(ZonaStore) copy = NULL;
  g_autoptr(GPtrArray) cards = NULL;
  g_autoptr(GPtrArray) seeded = NULL;
  g_autoptr(GPtrArray) objectives = NULL;
  g_autoptr(GPtrArray) old_objectives = zona_plan_data_list_objectives (old);
  g_autofree char *template = NULL, *ambito = NULL, *json = NULL, *json2 = NULL;
  const ZonaBlock *c;
  const ZonaObjective *seed;

  store = zona_rollover_new_plan (old, new_path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_clear_object (&store);

  reopened = zona_store_open (new_path, &error);
  g_assert_no_error (error);
  template = zona_store_get_meta (reopened, "template");
  ambito = zona_store_get_meta (reopened, "ambito");
  g_assert_cmpstr (template, ==, "2025-2027");
  g_assert_cmpstr (ambito, ==, "Ambito di Prova");

  /* One evaluation card per objective of 2021-2023: all but ob-2018. */
  cards = cards_of_type (reopened, "valutazione-output");
  g_assert_cmpuint (old_objectives->len, ==, 6);
  g_assert_cmpuint (cards->len, ==, old_objectives->len - 1);
  for (guint i = 0; i < cards->len; i++)
    g_assert_cmpstr (((ZonaBlock *) g_ptr_array_index (cards, i))->ref_uid, !=, "ob-2018");

  /* ob-casa: Σ stanziato 15 000,00 €, Σ liquidato 7 000,00 + 1 000,50 = 8 000,50 €:
   * 100 × 8000.50 / 15000 = 53.34 → 53. Description from its card; "In parte". */
  c = card_about (cards, "ob-casa");
  g_assert_cmpstr (c->title, ==, "Casa");
  assert_field (reopened, c->id, "descrizione", "Alloggi per famiglie fragili");
  assert_field (reopened, c->id, "coincidenza_risorse", "53");
  assert_field (reopened, c->id, "continuita", "Parzialmente");
  assert_field (reopened, c->id, "grado", NULL);

  /* ob-lavoro: no liquidato, so impegnato: 100 × 200 / 300 = 66.67 → 67. No card: the
   * title is the description. Its predecessor was evaluated in the old plan: "Sì". */
  c = card_about (cards, "ob-lavoro");
  assert_field (reopened, c->id, "descrizione", "Lavoro");
  assert_field (reopened, c->id, "coincidenza_risorse", "67");
  assert_field (reopened, c->id, "continuita", "Sì");
  assert_field (reopened, c->id, "grado", NULL);

  /* ob-anziani: no budget, no coincidenza; the evaluation begun in the old file is
   * copied; "No" from its card. */
  c = card_about (cards, "ob-anziani");
  assert_field (reopened, c->id, "coincidenza_risorse", NULL);
  assert_field (reopened, c->id, "grado", "70");
  assert_field (reopened, c->id, "riproposta", "Sì");
  assert_field (reopened, c->id, "continuita", "No");
  assert_field (reopened, c->id, "descrizione", "Anziani");

  /* ob-minori: stanziato 0: no percentage; nothing known about continuity. */
  c = card_about (cards, "ob-minori");
  assert_field (reopened, c->id, "coincidenza_risorse", NULL);
  assert_field (reopened, c->id, "continuita", NULL);

  /* ob-disabili: no stanziato: no percentage; card and lineage disagree: empty. */
  c = card_about (cards, "ob-disabili");
  assert_field (reopened, c->id, "coincidenza_risorse", NULL);
  assert_field (reopened, c->id, "continuita", NULL);

  /* The re-proposed objective seeds one new-objective card, and an objective. */
  seeded = cards_of_type (reopened, "nuovo-obiettivo");
  g_assert_cmpuint (seeded->len, ==, 1);
  c = g_ptr_array_index (seeded, 0);
  g_assert_cmpstr (c->title, ==, "Anziani");
  g_assert_cmpint (c->chapter_id, ==, chapter_with_role (reopened, 0, "obiettivi"));
  assert_field (reopened, c->id, "titolo", "Anziani");
  assert_field (reopened, c->id, "continuita", "Sì");
  objectives = zona_plan_data_list_objectives (reopened);
  g_assert_cmpuint (objectives->len, ==, 1);
  seed = g_ptr_array_index (objectives, 0);
  g_assert_cmpstr (seed->title, ==, "Anziani");
  g_assert_cmpstr (seed->predecessor_uid, ==, "ob-anziani");
  g_assert_cmpint (seed->card_id, ==, c->id);

  /* The link survives the JSON form both ways. */
  json = zona_plan_json_dump (reopened, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (json, "\"predecessor\" : \"ob-casa\""));
  copy = zona_plan_json_load_data (json, -1, copy_path, &error);
  g_assert_no_error (error);
  json2 = zona_plan_json_dump (copy, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json, ==, json2);
}

static void
test_refusals (void)
{
  g_autofree char *old_path = tmp_path ("refuse-old.pdz");
  g_autofree char *new_path = tmp_path ("refuse-new.pdz");
  g_autofree char *later_path = tmp_path ("refuse-2025.pdz");
  g_autofree char *next_path = tmp_path ("refuse-2029.pdz");
  g_autoptr(GError) error = NULL;
  g_autoptr(ZonaStore) old = make_old_plan (old_path);
  g_autoptr(ZonaStore) later = NULL;
  g_autoptr(ZonaStore) store = NULL;
  g_autofree char *before = NULL, *after = NULL;
  gsize before_len, after_len;

  /* The target exists: refused, left as it was. */
  g_assert_true (g_file_set_contents (new_path, "appunti", -1, NULL));
  g_assert_true (g_file_get_contents (new_path, &before, &before_len, NULL));
  store = zona_rollover_new_plan (old, new_path, &error);
  g_assert_null (store);
  g_assert_error (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (new_path, &after, &after_len, NULL));
  g_assert_cmpmem (before, before_len, after, after_len);

  /* The old plan itself as target. */
  store = zona_rollover_new_plan (old, old_path, &error);
  g_assert_null (store);
  g_assert_error (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_EXISTS);
  g_clear_error (&error);

  /* No cycle after 2025-2027 is known: refused, nothing written. */
  g_assert_null (zona_rollover_successor ("2025-2027"));
  g_assert_cmpstr (zona_rollover_successor ("2021-2023"), ==, "2025-2027");
  later = zona_plan_new (later_path, "2025-2027", "Piano di Zona 2025-2027", &error);
  g_assert_no_error (error);
  store = zona_rollover_new_plan (later, next_path, &error);
  g_assert_null (store);
  g_assert_error (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_INVALID);
  g_assert_false (g_file_test (next_path, G_FILE_TEST_EXISTS));
}

/* The sample plan (the JSON the embedded sample is built from): its three
 * 2021-2023 objectives, each described by its new-objective card, become three
 * evaluation cards linked to them, their description carried over as written. */
static void
test_sample (void)
{
  g_autofree char *sample_path = tmp_path ("sample.pdz");
  g_autofree char *new_path = tmp_path ("sample-next.pdz");
  g_autoptr(GError) error = NULL;
  g_autoptr(ZonaStore) sample = NULL;
  g_autoptr(ZonaStore) store = NULL;
  g_autoptr(GPtrArray) objectives = NULL;
  g_autoptr(GPtrArray) cards = NULL;
  g_autoptr(GPtrArray) seeded = NULL;
  g_autoptr(GPtrArray) chapters = NULL;
  guint carried = 0;

  sample = zona_plan_json_load_file (g_getenv ("ZONA_SAMPLE_JSON"), sample_path, &error);
  g_assert_no_error (error);
  objectives = zona_plan_data_list_objectives (sample);
  for (guint i = 0; i < objectives->len; i++)
    {
      const ZonaObjective *o = g_ptr_array_index (objectives, i);
      g_autoptr(ZonaBlock) card = o->card_id ? zona_store_get_block (sample, o->card_id) : NULL;

      if (card == NULL || g_strcmp0 (card->card_type, "valutazione-output") != 0)
        carried++;
    }

  store = zona_rollover_new_plan (sample, new_path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  cards = cards_of_type (store, "valutazione-output");
  g_assert_cmpuint (cards->len, ==, carried);
  seeded = cards_of_type (store, "nuovo-obiettivo");
  g_assert_cmpuint (seeded->len, <=, carried);
  chapters = zona_store_list_chapters (store, 0);
  g_assert_cmpuint (chapters->len, >, 0);
  g_assert_cmpuint (objectives->len, ==, 3);
  g_assert_cmpuint (carried, ==, 3);
  for (guint i = 0; i < objectives->len; i++)
    {
      const ZonaObjective *o = g_ptr_array_index (objectives, i);
      const ZonaBlock *card = card_about (cards, o->uid);
      g_autofree char *old_description = zona_store_get_field (sample, o->card_id, "descrizione");
      g_autofree char *description = zona_store_get_field (store, card->id, "descrizione");
      g_autofree char *grado = zona_store_get_field (store, card->id, "grado");
      g_autofree char *coincidenza = zona_store_get_field (store, card->id, "coincidenza_risorse");

      g_assert_cmpstr (card->title, ==, o->title);
      g_assert_nonnull (old_description);
      g_assert_cmpstr (description, ==, old_description);
      /* the sample has no indicator results and no budget lines: nothing computed */
      g_assert_null (grado);
      g_assert_null (coincidenza);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("zona-rollover-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/rollover/cards", test_rollover);
  g_test_add_func ("/rollover/refusals", test_refusals);
  g_test_add_func ("/rollover/sample", test_sample);
  ret = g_test_run ();

  {
    g_autoptr(GDir) d = g_dir_open (tmpdir, 0, NULL);
    const char *name;

    while (d && (name = g_dir_read_name (d)))
      {
        g_autofree char *p = g_build_filename (tmpdir, name, NULL);
        g_unlink (p);
      }
    g_rmdir (tmpdir);
  }
  g_free (tmpdir);
  return ret;
}
