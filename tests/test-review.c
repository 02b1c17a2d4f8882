/* test-review.c: review states of cards and chapters; an approved plan is frozen
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "model/zona-store.h"
#include "model/zona-plan-data.h"
#include "model/zona-plan-json.h"
#include "model/zona-csv.h"

typedef struct {
  char  *dir;
  char  *path;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("zona-review-XXXXXX", &error);
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

static char *
file_sum (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  g_assert_no_error (error);
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);
}

static void
count_signal (ZonaStore  *store,
              const char *table,
              guint      *count)
{
  (*count)++;
}

static void
test_states (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ZonaStore) store = zona_store_create (f->path, "2025-2027", &error);
  gint64 chapter, card, para;
  guint changed = 0;
  ZonaReviewState s;

  g_assert_no_error (error);
  chapter = zona_store_add_chapter (store, 0, "esiti", "Esiti", &error);
  card = zona_store_add_card (store, chapter, "valutazione-output", "Obiettivo", &error);
  para = zona_store_add_paragraph (store, chapter, "Testo", &error);
  g_assert_no_error (error);

  g_assert_cmpint (zona_store_get_card_review (store, card), ==, ZONA_REVIEW_DRAFT);
  g_assert_cmpint (zona_store_get_chapter_review (store, chapter), ==, ZONA_REVIEW_DRAFT);

  g_signal_connect (store, "changed", G_CALLBACK (count_signal), &changed);

  g_assert_true (zona_store_set_card_review (store, card, ZONA_REVIEW_DISCUSSED, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_true (zona_store_set_card_review (store, card, ZONA_REVIEW_VALIDATED, &error));
  g_assert_true (zona_store_set_chapter_review (store, chapter, ZONA_REVIEW_APPROVED, &error));
  g_assert_no_error (error);
  g_assert_cmpint (zona_store_get_card_review (store, card), ==, ZONA_REVIEW_VALIDATED);
  g_assert_cmpint (zona_store_get_chapter_review (store, chapter), ==, ZONA_REVIEW_APPROVED);

  /* Each set is its own undo step. */
  g_assert_true (zona_store_undo (store, &error));
  g_assert_cmpint (zona_store_get_chapter_review (store, chapter), ==, ZONA_REVIEW_DRAFT);
  g_assert_true (zona_store_undo (store, &error));
  g_assert_cmpint (zona_store_get_card_review (store, card), ==, ZONA_REVIEW_DISCUSSED);
  g_assert_true (zona_store_redo (store, &error));
  g_assert_cmpint (zona_store_get_card_review (store, card), ==, ZONA_REVIEW_VALIDATED);
  g_assert_no_error (error);

  /* Only cards and chapters. */
  g_assert_false (zona_store_set_card_review (store, para, ZONA_REVIEW_DISCUSSED, &error));
  g_assert_error (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (zona_store_set_chapter_review (store, 9999, ZONA_REVIEW_DISCUSSED, &error));
  g_assert_error (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* Kept in the file. */
  g_clear_object (&store);
  store = zona_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (zona_store_get_card_review (store, card), ==, ZONA_REVIEW_VALIDATED);
  g_assert_cmpint (zona_store_get_chapter_review (store, chapter), ==, ZONA_REVIEW_DRAFT);

  for (s = ZONA_REVIEW_DRAFT; s <= ZONA_REVIEW_APPROVED; s++)
    {
      ZonaReviewState back;
      g_assert_true (zona_review_state_from_string (zona_review_state_to_string (s), &back));
      g_assert_cmpint (back, ==, s);
      g_assert_nonnull (zona_review_state_label (s));
    }
  g_assert_false (zona_review_state_from_string ("finito", &s));
}

static gint64
find_card (ZonaStore *store,
           gint64     parent)
{
  g_autoptr(GPtrArray) chapters = zona_store_list_chapters (store, parent);

  for (guint i = 0; i < chapters->len; i++)
    {
      ZonaChapter *c = g_ptr_array_index (chapters, i);
      g_autoptr(GPtrArray) blocks = zona_store_list_blocks (store, c->id);
      gint64 found;

      g_assert_cmpint (zona_store_get_chapter_review (store, c->id), ==, ZONA_REVIEW_DRAFT);
      for (guint j = 0; j < blocks->len; j++)
        {
          ZonaBlock *b = g_ptr_array_index (blocks, j);
          if (b->kind == ZONA_BLOCK_CARD)
            return b->id;
        }
      if ((found = find_card (store, c->id)) != 0)
        return found;
    }
  return 0;
}

/* A version 1 file is upgraded: everything in draft, states can then be set. */
static void
test_migrates_v1 (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *fixture = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "fixtures",
                                               "plan-v1.pdz", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(ZonaStore) store = NULL;
  g_autoptr(GPtrArray) chapters = NULL;
  gint64 card = 0;
  gsize len;

  g_assert_true (g_file_get_contents (fixture, &contents, &len, &error));
  g_assert_true (g_file_set_contents (f->path, contents, len, &error));
  store = zona_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_false (zona_store_is_approved (store));
  g_assert_false (zona_store_is_read_only (store));

  chapters = zona_store_list_chapters (store, 0);
  g_assert_cmpuint (chapters->len, >, 0);
  card = find_card (store, 0);
  g_assert_cmpint (card, !=, 0);
  g_assert_cmpint (zona_store_get_card_review (store, card), ==, ZONA_REVIEW_DRAFT);
  g_assert_true (zona_store_set_card_review (store, card, ZONA_REVIEW_DISCUSSED, &error));
  g_assert_no_error (error);
  g_clear_object (&store);
  store = zona_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (zona_store_get_card_review (store, card), ==, ZONA_REVIEW_DISCUSSED);
}

/* ---- a frozen plan ------------------------------------------------------ */

typedef struct {
  ZonaStore *store;
  char      *path;
  gint64     chapter, card, para, actor, group, table, column, row, chart, area,
             objective, source, line;
} Plan;

static void
build_plan (Plan       *p,
            const char *path)
{
  g_autoptr(GError) error = NULL;

  p->path = g_strdup (path);
  p->store = zona_store_create (path, "2025-2027", &error);
  g_assert_no_error (error);
  p->chapter = zona_store_add_chapter (p->store, 0, "esiti", "Esiti", &error);
  p->card = zona_store_add_card (p->store, p->chapter, "valutazione-output", "Obiettivo", &error);
  p->para = zona_store_add_paragraph (p->store, p->chapter, "Testo", &error);
  p->actor = zona_plan_data_add_actor (p->store, ZONA_ACTOR_COMUNE, "Casalmaggiore", NULL, NULL,
                                       NULL, &error);
  p->group = zona_plan_data_add_actor (p->store, ZONA_ACTOR_SUB_AMBITO, "Sub-ambito", NULL, NULL,
                                       NULL, &error);
  g_assert_no_error (error);
  g_assert_true (zona_plan_data_add_member (p->store, p->group, p->actor, NULL, &error));
  p->table = zona_plan_data_add_table (p->store, NULL, "Residenti", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  p->column = zona_plan_data_add_column (p->store, p->table, -1, "Comune", ZONA_COLUMN_TEXT, NULL,
                                         &error);
  g_assert_no_error (error);
  zona_plan_data_add_column (p->store, p->table, -1, "Residenti", ZONA_COLUMN_INTEGER, NULL, &error);
  g_assert_no_error (error);
  p->row = zona_plan_data_add_row (p->store, p->table, -1, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (zona_plan_data_set_cell (p->store, p->row, p->column, "Casalmaggiore", &error));
  p->chart = zona_plan_data_add_chart (p->store, NULL, p->table, ZONA_CHART_BAR, "Residenti", 0,
                                       NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  p->area = zona_plan_data_add_local_area (p->store, NULL, "A1", "Area uno", &error);
  g_assert_no_error (error);
  p->objective = zona_plan_data_add_objective (p->store, NULL, "Obiettivo", p->card, NULL, 0, NULL,
                                               &error);
  g_assert_no_error (error);
  p->source = zona_plan_data_add_funding_source (p->store, NULL, "FNPS", "Fondo", NULL, &error);
  g_assert_no_error (error);
  p->line = zona_plan_data_add_budget_line (p->store, p->objective, p->source, 2025, 100, 0, 0,
                                            NULL, &error);
  g_assert_no_error (error);
  g_assert_true (zona_store_set_field (p->store, p->card, "grado", "parziale", &error));
  g_assert_no_error (error);
}

static void
plan_clear (Plan *p)
{
  g_clear_object (&p->store);
  g_clear_pointer (&p->path, g_free);
}

typedef gboolean (*EditFunc) (Plan *p, GError **error);

#define EDIT(name, expr) \
  static gboolean edit_##name (Plan *p, GError **error) { return (expr) != 0; }

EDIT (set_meta, zona_store_set_meta (p->store, "title", "Nuovo", error))
EDIT (clear_approval, zona_store_set_meta (p->store, "approval_date", NULL, error))
EDIT (add_chapter, zona_store_add_chapter (p->store, 0, NULL, "Nuovo", error))
EDIT (add_paragraph, zona_store_add_paragraph (p->store, p->chapter, "x", error))
EDIT (add_card, zona_store_add_card (p->store, p->chapter, "valutazione-output", "x", error))
EDIT (add_block, zona_store_add_block (p->store, p->chapter, ZONA_BLOCK_HEADING, 1, "x", NULL, error))
EDIT (set_block_text, zona_store_set_block_text (p->store, p->para, "Altro", NULL, error))
EDIT (set_block_kind, zona_store_set_block_kind (p->store, p->para, ZONA_BLOCK_BULLET, 0, error))
EDIT (delete_block, zona_store_delete_block (p->store, p->para, error))
EDIT (move_block, zona_store_move_block (p->store, p->para, 0, error))
EDIT (set_chapter_title, zona_store_set_chapter_title (p->store, p->chapter, "Altro", error))
EDIT (delete_chapter, zona_store_delete_chapter (p->store, p->chapter, error))
EDIT (set_field, zona_store_set_field (p->store, p->card, "grado", "raggiunto", error))
EDIT (set_card_title, zona_store_set_card_title (p->store, p->card, "Altro", error))
EDIT (set_card_predecessor, zona_store_set_card_predecessor (p->store, p->card, "obj-x", error))
EDIT (set_card_review, zona_store_set_card_review (p->store, p->card, ZONA_REVIEW_APPROVED, error))
EDIT (set_chapter_review, zona_store_set_chapter_review (p->store, p->chapter, ZONA_REVIEW_VALIDATED, error))
EDIT (approve_again, zona_store_approve (p->store, "2027-01-01", "Delibera n. 2", error))
EDIT (begin_group, zona_store_begin_group (p->store, error))
EDIT (begin_batch, zona_store_begin_batch (p->store, error))
EDIT (undo, zona_store_undo (p->store, error))
EDIT (redo, zona_store_redo (p->store, error))
EDIT (add_actor, zona_plan_data_add_actor (p->store, ZONA_ACTOR_COMUNE, "x", NULL, NULL, NULL, error))
EDIT (set_actor_kind, zona_plan_data_set_actor_kind (p->store, p->actor, ZONA_ACTOR_ATS, error))
EDIT (set_actor_name, zona_plan_data_set_actor_name (p->store, p->actor, "y", error))
EDIT (set_actor_code, zona_plan_data_set_actor_code (p->store, p->actor, "C1", error))
EDIT (set_actor_note, zona_plan_data_set_actor_note (p->store, p->actor, "n", error))
EDIT (move_actor, zona_plan_data_move_actor (p->store, p->actor, 1, error))
EDIT (delete_actor, zona_plan_data_delete_actor (p->store, p->actor, error))
EDIT (set_member_role, zona_plan_data_set_member_role (p->store, p->group, p->actor, "r", error))
EDIT (remove_member, zona_plan_data_remove_member (p->store, p->group, p->actor, error))
EDIT (add_table, zona_plan_data_add_table (p->store, NULL, "T", NULL, NULL, NULL, error))
EDIT (set_table_title, zona_plan_data_set_table_title (p->store, p->table, "T", error))
EDIT (set_table_source, zona_plan_data_set_table_source (p->store, p->table, "ISTAT", error))
EDIT (set_table_ref_date, zona_plan_data_set_table_ref_date (p->store, p->table, "2025-01-01", error))
EDIT (set_table_note, zona_plan_data_set_table_note (p->store, p->table, "n", error))
EDIT (delete_table, zona_plan_data_delete_table (p->store, p->table, error))
EDIT (add_column, zona_plan_data_add_column (p->store, p->table, -1, "c", ZONA_COLUMN_TEXT, NULL, error))
EDIT (rename_column, zona_plan_data_rename_column (p->store, p->column, "c", error))
EDIT (set_column_type, zona_plan_data_set_column_type (p->store, p->column, ZONA_COLUMN_INTEGER, error))
EDIT (set_column_unit, zona_plan_data_set_column_unit (p->store, p->column, "u", error))
EDIT (delete_column, zona_plan_data_delete_column (p->store, p->column, error))
EDIT (move_column, zona_plan_data_move_column (p->store, p->column, 1, error))
EDIT (add_row, zona_plan_data_add_row (p->store, p->table, -1, FALSE, error))
EDIT (set_row_total, zona_plan_data_set_row_total (p->store, p->row, TRUE, error))
EDIT (delete_row, zona_plan_data_delete_row (p->store, p->row, error))
EDIT (move_row, zona_plan_data_move_row (p->store, p->row, 0, error))
EDIT (set_cell, zona_plan_data_set_cell (p->store, p->row, p->column, "Viadana", error))
EDIT (csv_paste, zona_csv_paste (p->store, p->table, 0, 0, "a\tb\n", error))
EDIT (add_chart, zona_plan_data_add_chart (p->store, NULL, p->table, ZONA_CHART_BAR, "c", 0, NULL, NULL, NULL, error))
EDIT (set_chart_kind, zona_plan_data_set_chart_kind (p->store, p->chart, ZONA_CHART_PIE, error))
EDIT (set_chart_label_column, zona_plan_data_set_chart_label_column (p->store, p->chart, 1, error))
EDIT (set_chart_title, zona_plan_data_set_chart_title (p->store, p->chart, "t", error))
EDIT (set_chart_unit, zona_plan_data_set_chart_unit (p->store, p->chart, "u", error))
EDIT (set_chart_caption, zona_plan_data_set_chart_caption (p->store, p->chart, "c", error))
EDIT (set_chart_alt_text, zona_plan_data_set_chart_alt_text (p->store, p->chart, "a", error))
EDIT (delete_chart, zona_plan_data_delete_chart (p->store, p->chart, error))
EDIT (add_local_area, zona_plan_data_add_local_area (p->store, NULL, "A2", "Due", error))
EDIT (set_local_area_code, zona_plan_data_set_local_area_code (p->store, p->area, "B", error))
EDIT (set_local_area_title, zona_plan_data_set_local_area_title (p->store, p->area, "B", error))
EDIT (move_local_area, zona_plan_data_move_local_area (p->store, p->area, 0, error))
EDIT (delete_local_area, zona_plan_data_delete_local_area (p->store, p->area, error))
EDIT (set_mapping, zona_plan_data_set_mapping (p->store, "MA01", p->area, TRUE, error))
EDIT (add_objective, zona_plan_data_add_objective (p->store, NULL, "o", 0, NULL, 0, NULL, error))
EDIT (set_objective_title, zona_plan_data_set_objective_title (p->store, p->objective, "o", error))
EDIT (set_objective_card, zona_plan_data_set_objective_card (p->store, p->objective, 0, error))
EDIT (set_objective_regional_area, zona_plan_data_set_objective_regional_area (p->store, p->objective, "MA01", error))
EDIT (set_objective_local_area, zona_plan_data_set_objective_local_area (p->store, p->objective, p->area, error))
EDIT (set_objective_predecessor, zona_plan_data_set_objective_predecessor (p->store, p->objective, "x", error))
EDIT (move_objective, zona_plan_data_move_objective (p->store, p->objective, 0, error))
EDIT (delete_objective, zona_plan_data_delete_objective (p->store, p->objective, error))
EDIT (add_funding_source, zona_plan_data_add_funding_source (p->store, NULL, "F", "F", NULL, error))
EDIT (set_funding_source_code, zona_plan_data_set_funding_source_code (p->store, p->source, "X", error))
EDIT (set_funding_source_name, zona_plan_data_set_funding_source_name (p->store, p->source, "X", error))
EDIT (set_funding_source_level, zona_plan_data_set_funding_source_level (p->store, p->source, "regionale", error))
EDIT (move_funding_source, zona_plan_data_move_funding_source (p->store, p->source, 0, error))
EDIT (delete_funding_source, zona_plan_data_delete_funding_source (p->store, p->source, error))
EDIT (add_budget_line, zona_plan_data_add_budget_line (p->store, p->objective, p->source, 2026, 1, 0, 0, NULL, error))
EDIT (delete_budget_line, zona_plan_data_delete_budget_line (p->store, p->line, error))

static gboolean
edit_restore_backup (Plan    *p,
                     GError **error)
{
  g_autofree char *copy = g_strconcat (p->path, ".copy.pdz", NULL);
  gboolean ok;

  /* Save-a-copy still works on a frozen plan. */
  g_assert_true (zona_store_save_copy (p->store, copy, NULL));
  ok = zona_store_restore_backup (p->store, copy, error);
  g_unlink (copy);
  return ok;
}

static const struct {
  const char *name;
  EditFunc    func;
} edits[] = {
#define E(n) { #n, edit_##n }
  E (set_meta), E (clear_approval), E (add_chapter), E (add_paragraph), E (add_card),
  E (add_block), E (set_block_text), E (set_block_kind), E (delete_block), E (move_block),
  E (set_chapter_title), E (delete_chapter), E (set_field), E (set_card_title),
  E (set_card_predecessor), E (set_card_review), E (set_chapter_review), E (approve_again),
  E (begin_group), E (begin_batch), E (undo), E (redo), E (restore_backup),
  E (add_actor), E (set_actor_kind), E (set_actor_name), E (set_actor_code), E (set_actor_note),
  E (move_actor), E (delete_actor), E (set_member_role), E (remove_member),
  E (add_table), E (set_table_title), E (set_table_source), E (set_table_ref_date),
  E (set_table_note), E (delete_table), E (add_column), E (rename_column), E (set_column_type),
  E (set_column_unit), E (delete_column), E (move_column), E (add_row), E (set_row_total),
  E (delete_row), E (move_row), E (set_cell), E (csv_paste),
  E (add_chart), E (set_chart_kind), E (set_chart_label_column), E (set_chart_title),
  E (set_chart_unit), E (set_chart_caption), E (set_chart_alt_text), E (delete_chart),
  E (add_local_area), E (set_local_area_code), E (set_local_area_title), E (move_local_area),
  E (delete_local_area), E (set_mapping),
  E (add_objective), E (set_objective_title), E (set_objective_card),
  E (set_objective_regional_area), E (set_objective_local_area), E (set_objective_predecessor),
  E (move_objective), E (delete_objective),
  E (add_funding_source), E (set_funding_source_code), E (set_funding_source_name),
  E (set_funding_source_level), E (move_funding_source), E (delete_funding_source),
  E (add_budget_line), E (delete_budget_line),
#undef E
};

/* Every edit path of the store and the plan data is refused on an approved
 * plan, with the message saying why, and the file is left byte for byte. */
static void
test_frozen (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *date = NULL, *ref = NULL;
  g_autofree char *json = NULL;
  Plan p = { 0 };

  build_plan (&p, f->path);
  /* Something to undo and to redo from before the approval. */
  g_assert_true (zona_store_set_card_title (p.store, p.card, "Da rifare", &error));
  g_assert_true (zona_store_undo (p.store, &error));
  g_assert_true (zona_store_set_chapter_title (p.store, p.chapter, "Esiti 2025", &error));
  g_assert_no_error (error);
  g_assert_true (zona_store_can_redo (p.store) || zona_store_can_undo (p.store));

  /* Bad approvals change nothing. */
  g_assert_false (zona_store_approve (p.store, "20/11/2026", "Delibera n. 1", &error));
  g_assert_error (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (zona_store_approve (p.store, "2026-02-30", "Delibera n. 1", &error));
  g_clear_error (&error);
  g_assert_false (zona_store_approve (p.store, "2026-11-20", "  ", &error));
  g_assert_error (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (zona_store_is_approved (p.store));

  g_assert_true (zona_store_approve (p.store, "2026-11-20", "Delibera n. 12/2026", &error));
  g_assert_no_error (error);
  g_assert_true (zona_store_get_approval (p.store, &date, &ref));
  g_assert_cmpstr (date, ==, "2026-11-20");
  g_assert_cmpstr (ref, ==, "Delibera n. 12/2026");
  g_assert_true (zona_store_is_read_only (p.store));
  g_assert_nonnull (strstr (zona_store_get_read_only_reason (p.store), "approved on 20/11/2026"));
  g_assert_false (zona_store_can_undo (p.store));
  g_assert_false (zona_store_can_redo (p.store));

  before = file_sum (f->path);
  for (guint i = 0; i < G_N_ELEMENTS (edits); i++)
    {
      g_test_message ("%s", edits[i].name);
      g_assert_false (edits[i].func (&p, &error));
      if (error == NULL || !g_error_matches (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_FROZEN))
        g_error ("%s: not refused as frozen (%s)", edits[i].name,
                 error ? error->message : "no error");
      g_assert_nonnull (strstr (error->message, "20/11/2026"));
      g_assert_nonnull (strstr (error->message, "Delibera n. 12/2026"));
      g_assert_nonnull (strstr (error->message, "new revision"));
      g_clear_error (&error);
    }

  /* Reading still works. */
  json = zona_plan_json_dump (p.store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (json, "\"approval_ref\""));
  {
    g_autofree char *title = zona_store_get_field (p.store, p.card, "grado");
    g_assert_cmpstr (title, ==, "parziale");
  }
  plan_clear (&p);

  /* Nothing reached the file, and opened again it is still frozen. */
  after = file_sum (f->path);
  g_assert_cmpstr (before, ==, after);
  p.store = zona_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_true (zona_store_is_approved (p.store));
  g_assert_false (zona_store_set_meta (p.store, "title", "x", &error));
  g_assert_error (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_FROZEN);
  g_clear_object (&p.store);
  g_clear_pointer (&after, g_free);
  after = file_sum (f->path);
  g_assert_cmpstr (before, ==, after);
}

/* A new revision: an editable copy, approval cleared, approvato → validato. */
static void
test_revision (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *rev_path = g_build_filename (f->dir, "revisione.pdz", NULL);
  g_autofree char *before = NULL, *after = NULL;
  g_autoptr(ZonaStore) rev = NULL;
  Plan p = { 0 };

  build_plan (&p, f->path);
  g_assert_null (zona_store_start_revision (p.store, rev_path, &error));
  g_assert_error (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (g_file_test (rev_path, G_FILE_TEST_EXISTS));

  g_assert_true (zona_store_set_card_review (p.store, p.card, ZONA_REVIEW_APPROVED, &error));
  g_assert_true (zona_store_set_chapter_review (p.store, p.chapter, ZONA_REVIEW_DISCUSSED, &error));
  g_assert_true (zona_store_approve (p.store, "2026-11-20", "Delibera n. 12/2026", &error));
  g_assert_no_error (error);
  before = file_sum (f->path);

  rev = zona_store_start_revision (p.store, rev_path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (rev);
  g_assert_false (zona_store_is_approved (rev));
  g_assert_false (zona_store_is_read_only (rev));
  g_assert_cmpint (zona_store_get_card_review (rev, p.card), ==, ZONA_REVIEW_VALIDATED);
  g_assert_cmpint (zona_store_get_chapter_review (rev, p.chapter), ==, ZONA_REVIEW_DISCUSSED);
  g_assert_true (zona_store_set_field (rev, p.card, "grado", "raggiunto", &error));
  g_assert_true (zona_store_set_card_review (rev, p.card, ZONA_REVIEW_DRAFT, &error));
  g_assert_no_error (error);
  g_assert_true (zona_store_undo (rev, &error));
  g_assert_no_error (error);

  /* A second revision over an existing file is refused. */
  g_assert_null (zona_store_start_revision (p.store, rev_path, &error));
  g_assert_error (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_EXISTS);
  g_clear_error (&error);

  /* The approved plan is as it was. */
  g_assert_true (zona_store_is_approved (p.store));
  {
    g_autofree char *v = zona_store_get_field (p.store, p.card, "grado");
    g_assert_cmpstr (v, ==, "parziale");
  }
  plan_clear (&p);
  after = file_sum (f->path);
  g_assert_cmpstr (before, ==, after);
}

/* Review states and the approval go through the JSON form and back unchanged. */
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
  Plan p = { 0 };

  build_plan (&p, f->path);
  g_assert_true (zona_store_set_card_review (p.store, p.card, ZONA_REVIEW_VALIDATED, &error));
  g_assert_true (zona_store_set_chapter_review (p.store, p.chapter, ZONA_REVIEW_DISCUSSED, &error));
  g_assert_true (zona_store_approve (p.store, "2026-11-20", "Delibera n. 12/2026", &error));
  g_assert_no_error (error);
  json = zona_plan_json_dump (p.store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (json, "\"review\" : \"validato\""));
  g_assert_nonnull (strstr (json, "\"review\" : \"discusso\""));
  g_assert_true (g_file_set_contents (json_path, json, -1, &error));

  copy = zona_plan_json_load_file (json_path, copy_path, &error);
  g_assert_no_error (error);
  g_assert_true (zona_store_is_approved (copy));
  again = zona_plan_json_dump (copy, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json, ==, again);

  bad = g_strdup (json);
  memcpy (strstr (bad, "\"validato\""), "\"validata\"", strlen ("\"validata\""));
  g_assert_true (g_file_set_contents (json_path, bad, -1, &error));
  wrong = zona_plan_json_load_file (json_path, bad_path, &error);
  g_assert_null (wrong);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "validata"));
  g_assert_false (g_file_test (bad_path, G_FILE_TEST_EXISTS));
  plan_clear (&p);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/review/states", Fixture, NULL, fixture_setup, test_states, fixture_teardown);
  g_test_add ("/review/migrates-v1", Fixture, NULL, fixture_setup, test_migrates_v1, fixture_teardown);
  g_test_add ("/review/frozen", Fixture, NULL, fixture_setup, test_frozen, fixture_teardown);
  g_test_add ("/review/revision", Fixture, NULL, fixture_setup, test_revision, fixture_teardown);
  g_test_add ("/review/json", Fixture, NULL, fixture_setup, test_json, fixture_teardown);
  return g_test_run ();
}
