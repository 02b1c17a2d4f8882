/* zona-rollover.c: the plan of the next cycle, started from the plan of this one
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The plan of cycle N+1 opens with the ex-post evaluation of the objectives of
 * cycle N (domain.md §3.1): one "valutazione-output" card per objective of the
 * old plan's registry, in the new plan's "esiti" chapter. An objective whose
 * own card in the old plan is an evaluation card is an objective of cycle N-1,
 * already evaluated there, and is not carried over.
 *
 * Each card names its objective with zona_store_set_card_predecessor() (the
 * old objective's uid; the objective itself stays in the old file). Only what
 * the old plan records is written; everything else is left for the office:
 *
 * - title: the objective's title;
 * - "descrizione": the "descrizione" answer of the objective's card, else its title;
 * - "grado": never — the plan keeps no actual values of the indicators to set
 *   against their targets;
 * - "coincidenza_risorse": from the objective's budget lines, summed,
 *   round (100 × liquidato / stanziato), or impegnato in place of liquidato when
 *   no line gives liquidato; only when both sums are given, stanziato > 0 and the
 *   result is within 0–100;
 * - "continuita" (was the objective in continuity with cycle N-1?): the answer
 *   the objective's card gave to the same question ("In parte" becomes
 *   "Parzialmente"), or "Sì" when its predecessor is an objective of the old file
 *   evaluated there; left empty when the two disagree.
 *
 * Where the old file already holds an evaluation card about an objective of
 * cycle N (a card whose predecessor is that objective), its answers are copied
 * first, and the computed values only fill what it leaves empty. When that card
 * answers "riproposta" with "Sì" or "Obiettivo di mantenimento", the objective
 * is carried on: a "nuovo-obiettivo" card with its title (and "continuita" "Sì")
 * is added to the new plan's "obiettivi" chapter, with an objective in the new
 * registry whose predecessor is the old objective.
 */
#define G_LOG_DOMAIN "zona-rollover"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "zona-rollover.h"
#include "zona-plan-data.h"
#include "zona-plan-new.h"
#include "templates/zona-template.h"

#define EVALUATION_CARD "valutazione-output"
#define OBJECTIVE_CARD  "nuovo-obiettivo"

static const struct {
  const char *from;
  const char *to;
} successors[] = {
  { "2021-2023", "2025-2027" },
};

const char *
zona_rollover_successor (const char *template_id)
{
  for (guint i = 0; template_id != NULL && i < G_N_ELEMENTS (successors); i++)
    if (g_str_equal (successors[i].from, template_id))
      return successors[i].to;
  return NULL;
}

/* The first chapter with @role, depth first, or 0. */
static gint64
find_chapter (ZonaStore  *store,
              gint64      parent_id,
              const char *role)
{
  g_autoptr(GPtrArray) chapters = zona_store_list_chapters (store, parent_id);

  for (guint i = 0; i < chapters->len; i++)
    {
      const ZonaChapter *c = g_ptr_array_index (chapters, i);
      gint64 found;

      if (g_strcmp0 (c->role, role) == 0)
        return c->id;
      found = find_chapter (store, c->id, role);
      if (found != 0)
        return found;
    }
  return 0;
}

/* Every card of the plan, depth first. */
static void
collect_cards (ZonaStore *store,
               gint64     parent_id,
               GPtrArray *out)
{
  g_autoptr(GPtrArray) chapters = zona_store_list_chapters (store, parent_id);

  for (guint i = 0; i < chapters->len; i++)
    {
      const ZonaChapter *c = g_ptr_array_index (chapters, i);
      g_autoptr(GPtrArray) blocks = zona_store_list_blocks (store, c->id);

      for (guint j = 0; j < blocks->len; j++)
        {
          ZonaBlock *b = g_ptr_array_index (blocks, j);

          if (b->kind == ZONA_BLOCK_CARD)
            g_ptr_array_add (out, g_ptr_array_steal_index (blocks, j--));
        }
      collect_cards (store, c->id, out);
    }
}

static const ZonaBlock *
find_card (GPtrArray *cards,
           gint64     card_id)
{
  for (guint i = 0; card_id != 0 && i < cards->len; i++)
    {
      const ZonaBlock *b = g_ptr_array_index (cards, i);

      if (b->id == card_id)
        return b;
    }
  return NULL;
}

static gboolean
is_evaluation (const ZonaBlock *card)
{
  return card != NULL && g_strcmp0 (card->card_type, EVALUATION_CARD) == 0;
}

/* An evaluation card of the old plan about the objective @uid, or NULL. */
static const ZonaBlock *
find_evaluation_of (GPtrArray  *cards,
                    const char *uid)
{
  for (guint i = 0; i < cards->len; i++)
    {
      const ZonaBlock *b = g_ptr_array_index (cards, i);

      if (is_evaluation (b) && g_strcmp0 (b->ref_uid, uid) == 0)
        return b;
    }
  return NULL;
}

static char *
trimmed_field (ZonaStore  *store,
               gint64      card_id,
               const char *key)
{
  g_autofree char *value = card_id != 0 ? zona_store_get_field (store, card_id, key) : NULL;

  if (value == NULL || *g_strstrip (value) == '\0')
    return NULL;
  return g_steal_pointer (&value);
}

/* The "coincidenza" percentage, or NULL (see the top of the file). */
static char *
coincidence (const ZonaBudgetTotal *total)
{
  gint64 spent;

  if (total == NULL || total->stanziato == ZONA_AMOUNT_NONE || total->stanziato <= 0)
    return NULL;
  spent = total->liquidato != ZONA_AMOUNT_NONE ? total->liquidato : total->impegnato;
  if (spent == ZONA_AMOUNT_NONE || spent < 0 || spent > total->stanziato)
    return NULL;
  /* round (100 × spent / stanziato), halves up; amounts are below 10^15 cents */
  return g_strdup_printf ("%" G_GINT64_FORMAT,
                          (200 * spent + total->stanziato) / (2 * total->stanziato));
}

/* The "continuita" answer, or NULL (see the top of the file). */
static const char *
continuity (ZonaStore           *old,
            const ZonaObjective *objective,
            const ZonaBlock     *card,
            GPtrArray           *cards)
{
  g_autofree char *answer = NULL;
  const char *from_card = NULL, *from_lineage = NULL;

  if (card != NULL && g_strcmp0 (card->card_type, OBJECTIVE_CARD) == 0)
    answer = trimmed_field (old, card->id, "continuita");
  if (g_strcmp0 (answer, "Sì") == 0)
    from_card = "Sì";
  else if (g_strcmp0 (answer, "No") == 0)
    from_card = "No";
  else if (g_strcmp0 (answer, "In parte") == 0)
    from_card = "Parzialmente";

  if (objective->predecessor_uid != NULL)
    {
      gint64 id = zona_plan_data_find_objective (old, objective->predecessor_uid);
      g_autoptr(ZonaObjective) before = id != 0 ? zona_plan_data_get_objective (old, id) : NULL;

      if (before != NULL && is_evaluation (find_card (cards, before->card_id)))
        from_lineage = "Sì";
    }

  if (from_card != NULL && from_lineage != NULL)
    return g_str_equal (from_card, "No") ? NULL : from_card;
  return from_card != NULL ? from_card : from_lineage;
}

static gboolean
set_if_empty (ZonaStore   *store,
              gint64       card_id,
              GHashTable  *have,
              const char  *key,
              const char  *value,
              GError     **error)
{
  const char *current = g_hash_table_lookup (have, key);

  if (value == NULL || (current != NULL && *current != '\0'))
    return TRUE;
  return zona_store_set_field (store, card_id, key, value, error);
}

static gboolean
carry_on (ZonaStore           *store,
          gint64               objectives_chapter,
          const ZonaObjective *objective,
          GError             **error)
{
  gint64 card_id = zona_store_add_card (store, objectives_chapter, OBJECTIVE_CARD,
                                        objective->title, error);

  return card_id != 0
    && zona_store_set_field (store, card_id, "titolo", objective->title, error)
    && zona_store_set_field (store, card_id, "continuita", "Sì", error)
    && zona_plan_data_add_objective (store, NULL, objective->title, card_id, NULL, 0,
                                     objective->uid, error) != 0;
}

static gboolean
fill (ZonaStore  *old,
      ZonaStore  *store,
      GError    **error)
{
  g_autoptr(GPtrArray) objectives = zona_plan_data_list_objectives (old);
  g_autoptr(GPtrArray) totals = zona_plan_data_budget_by_objective (old);
  g_autoptr(GPtrArray) cards = g_ptr_array_new_with_free_func ((GDestroyNotify) zona_block_free);
  gint64 esiti = find_chapter (store, 0, "esiti");
  gint64 obiettivi = find_chapter (store, 0, "obiettivi");
  const char *keys[] = { "ambito", "ente_capofila" };

  collect_cards (old, 0, cards);

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autofree char *value = zona_store_get_meta (old, keys[i]);

      if (value != NULL && *value != '\0' && !zona_store_set_meta (store, keys[i], value, error))
        return FALSE;
    }

  for (guint i = 0; i < objectives->len; i++)
    {
      const ZonaObjective *o = g_ptr_array_index (objectives, i);
      const ZonaBlock *card = find_card (cards, o->card_id);
      const ZonaBlock *evaluated = NULL;
      const ZonaBudgetTotal *total = NULL;
      g_autoptr(GHashTable) have = NULL;
      g_autofree char *description = NULL;
      g_autofree char *percent = NULL;
      g_autofree char *again = NULL;
      gint64 card_id;

      if (is_evaluation (card))
        continue;   /* an objective of the cycle before, evaluated in the old plan */
      if (esiti == 0)
        {
          g_set_error (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_INVALID,
                       _("The template of the new plan has no chapter for the outcomes of the previous plan"));
          return FALSE;
        }

      for (guint j = 0; total == NULL && j < totals->len; j++)
        {
          const ZonaBudgetTotal *t = g_ptr_array_index (totals, j);

          if (t->objective_id == o->id)
            total = t;
        }

      card_id = zona_store_add_card (store, esiti, EVALUATION_CARD, o->title, error);
      if (card_id == 0 || !zona_store_set_card_predecessor (store, card_id, o->uid, error))
        return FALSE;

      evaluated = find_evaluation_of (cards, o->uid);
      if (evaluated != NULL)
        {
          g_autoptr(GHashTable) answers = zona_store_get_fields (old, evaluated->id);

          if (g_hash_table_size (answers) > 0
              && !zona_store_set_fields (store, card_id, answers, error))
            return FALSE;
          again = trimmed_field (old, evaluated->id, "riproposta");
        }
      have = zona_store_get_fields (store, card_id);

      description = card != NULL ? trimmed_field (old, card->id, "descrizione") : NULL;
      percent = coincidence (total);
      if (!set_if_empty (store, card_id, have, "descrizione",
                         description != NULL ? description : o->title, error)
          || !set_if_empty (store, card_id, have, "coincidenza_risorse", percent, error)
          || !set_if_empty (store, card_id, have, "continuita",
                            continuity (old, o, card, cards), error))
        return FALSE;

      if (g_strcmp0 (again, "Sì") == 0 || g_strcmp0 (again, "Obiettivo di mantenimento") == 0)
        {
          if (obiettivi == 0)
            {
              g_set_error (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_INVALID,
                           _("The template of the new plan has no chapter for its objectives"));
              return FALSE;
            }
          if (!carry_on (store, obiettivi, o, error))
            return FALSE;
        }
    }
  return TRUE;
}

ZonaStore *
zona_rollover_new_plan (ZonaStore   *old,
                        const char  *new_path,
                        GError     **error)
{
  g_autoptr(ZonaTemplate) template = NULL;
  g_autoptr(ZonaStore) store = NULL;
  g_autofree char *old_template = NULL;
  g_autofree char *title = NULL;
  const char *next;
  gboolean ok;

  g_return_val_if_fail (ZONA_IS_STORE (old), NULL);
  g_return_val_if_fail (new_path != NULL, NULL);

  old_template = zona_store_get_meta (old, "template");
  next = zona_rollover_successor (old_template);
  if (next == NULL)
    {
      g_set_error (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_INVALID,
                   _("Zona does not know the planning cycle after the one of template “%s”"),
                   old_template != NULL ? old_template : "");
      return NULL;
    }
  if (g_file_test (new_path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_EXISTS,
                   _("“%s” already exists: the new plan is written to a new file"), new_path);
      return NULL;
    }
  template = zona_template_lookup (next, error);
  if (template == NULL)
    return NULL;

  title = g_strdup_printf ("Piano di Zona %s", zona_template_get_cycle (template));
  store = zona_plan_new (new_path, next, title, error);
  if (store == NULL)
    return NULL;

  ok = zona_store_begin_batch (store, error);
  if (ok)
    {
      ok = fill (old, store, error);
      ok = zona_store_end_batch (store, ok, ok ? error : NULL) && ok;
    }
  if (!ok)
    {
      g_clear_object (&store);
      g_unlink (new_path);
      return NULL;
    }
  zona_store_clear_history (store);
  return g_steal_pointer (&store);
}
