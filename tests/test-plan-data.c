/* test-plan-data.c: actors, data tables, charts, areas, objectives and budgets
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

typedef struct {
  char      *dir;
  char      *path;
  ZonaStore *store;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("zona-data-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "plan.pdz", NULL);
  f->store = zona_store_create (f->path, "2021-2023", &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->store);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) d = NULL;
  const char *name;

  g_clear_object (&f->store);
  d = g_dir_open (f->dir, 0, NULL);
  while (d && (name = g_dir_read_name (d)))
    {
      g_autofree char *p = g_build_filename (f->dir, name, NULL);
      g_unlink (p);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

/* Counts rows with a second, read-only connection: what is really in the file. */
static gint64
count_rows (Fixture    *f,
            const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_open_v2 (f->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

#define assert_invalid(error) \
  G_STMT_START { \
    g_assert_error (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_INVALID); \
    g_clear_error (&error); \
  } G_STMT_END

/* ---- amounts ------------------------------------------------------------ */

static void
test_amounts (void)
{
  static const struct { const char *text; gint64 cents; const char *back; } good[] = {
    { "15000.00", 1500000, "15000.00" },
    { "15000", 1500000, "15000.00" },
    { "15000.5", 1500050, "15000.50" },
    { "0.07", 7, "0.07" },
    { "-3.50", -350, "-3.50" },
    { "0", 0, "0.00" },
    { "9999999999999.99", ZONA_AMOUNT_MAX, "9999999999999.99" },
  };
  static const char *bad[] = {
    "", "-", ".5", "15.000,00", "15,00", "1.234.5", "15000.123", "1e5", " 15", "15 ",
    "€ 15", "10000000000000.00", "abc", "12.",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      gint64 cents = 0;
      g_autofree char *text = NULL;

      g_assert_true (zona_amount_from_string (good[i].text, &cents));
      g_assert_cmpint (cents, ==, good[i].cents);
      text = zona_amount_to_string (cents);
      g_assert_cmpstr (text, ==, good[i].back);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    if (zona_amount_from_string (bad[i], NULL))
      g_test_fail_printf ("“%s” was read as an amount", bad[i]);
  g_assert_null (zona_amount_to_string (ZONA_AMOUNT_NONE));
  {
    g_autofree char *min = zona_amount_to_string (G_MININT64 + 1);
    g_assert_cmpstr (min, ==, "-92233720368547758.07");
  }
}

/* ---- actors ------------------------------------------------------------- */

static void
test_actors (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) actors = NULL;
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GPtrArray) groups = NULL;
  g_autoptr(ZonaActor) actor = NULL;
  ZonaActorKind kind;
  gint64 casalasco, bozzolo, calvatone, tavolo;

  casalasco = zona_plan_data_add_actor (f->store, ZONA_ACTOR_SUB_AMBITO, "Casalasco", NULL, NULL,
                                        "sub-casalasco", &error);
  g_assert_no_error (error);
  bozzolo = zona_plan_data_add_actor (f->store, ZONA_ACTOR_COMUNE, "Bozzolo", "020006", "",
                                      NULL, &error);
  g_assert_no_error (error);
  calvatone = zona_plan_data_add_actor (f->store, ZONA_ACTOR_COMUNE, "Calvatone", "019010",
                                        "Provincia di Cremona", NULL, &error);
  tavolo = zona_plan_data_add_actor (f->store, ZONA_ACTOR_TAVOLO, "Tavolo Povertà", NULL, NULL,
                                     NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (casalasco, >, 0);
  g_assert_cmpint (tavolo, >, calvatone);

  /* A uid is generated when none is given; a given one is kept. */
  actor = zona_plan_data_get_actor (f->store, bozzolo);
  g_assert_nonnull (actor);
  g_assert_true (g_uuid_string_is_valid (actor->uid));
  g_assert_cmpint (actor->kind, ==, ZONA_ACTOR_COMUNE);
  g_assert_cmpstr (actor->code, ==, "020006");
  g_assert_null (actor->note);     /* empty is none */
  g_assert_cmpint (zona_plan_data_find_actor (f->store, "sub-casalasco"), ==, casalasco);
  g_assert_cmpint (zona_plan_data_find_actor (f->store, actor->uid), ==, bozzolo);
  g_assert_cmpint (zona_plan_data_find_actor (f->store, "nope"), ==, 0);

  /* Uids are unique and well-formed; kinds are checked. */
  g_assert_cmpint (zona_plan_data_add_actor (f->store, ZONA_ACTOR_COMUNE, "Altro", NULL, NULL,
                                             "sub-casalasco", &error), ==, 0);
  assert_invalid (error);
  g_assert_cmpint (zona_plan_data_add_actor (f->store, ZONA_ACTOR_COMUNE, "Altro", NULL, NULL,
                                             "con spazio", &error), ==, 0);
  assert_invalid (error);
  g_assert_cmpint (zona_plan_data_add_actor (f->store, ZONA_ACTOR_COMUNE, "Altro", NULL, NULL,
                                             "", &error), ==, 0);
  assert_invalid (error);
  g_assert_cmpint (zona_plan_data_add_actor (f->store, (ZonaActorKind) 99, "Altro", NULL, NULL,
                                             NULL, &error), ==, 0);
  assert_invalid (error);
  g_assert_false (zona_plan_data_set_actor_kind (f->store, bozzolo, (ZonaActorKind) -1, &error));
  assert_invalid (error);
  g_assert_false (zona_actor_kind_from_string ("comunità", &kind));
  g_assert_false (zona_actor_kind_from_string (NULL, &kind));
  g_assert_true (zona_actor_kind_from_string ("terzo-settore", &kind));
  g_assert_cmpint (kind, ==, ZONA_ACTOR_TERZO_SETTORE);
  for (int k = ZONA_ACTOR_COMUNE; k <= ZONA_ACTOR_ALTRO; k++)
    {
      g_assert_true (zona_actor_kind_from_string (zona_actor_kind_to_string (k), &kind));
      g_assert_cmpint (kind, ==, k);
    }

  /* Updates. */
  g_assert_true (zona_plan_data_set_actor_name (f->store, bozzolo, "Comune di Bozzolo", &error));
  g_assert_true (zona_plan_data_set_actor_code (f->store, bozzolo, "", &error));
  g_assert_true (zona_plan_data_set_actor_note (f->store, bozzolo, "Provincia di Mantova", &error));
  g_assert_true (zona_plan_data_set_actor_kind (f->store, tavolo, ZONA_ACTOR_ORGANO, &error));
  g_assert_no_error (error);
  g_clear_pointer (&actor, zona_actor_free);
  actor = zona_plan_data_get_actor (f->store, bozzolo);
  g_assert_cmpstr (actor->name, ==, "Comune di Bozzolo");
  g_assert_null (actor->code);
  g_assert_cmpstr (actor->note, ==, "Provincia di Mantova");
  g_assert_false (zona_plan_data_set_actor_name (f->store, 9999, "x", &error));
  assert_invalid (error);

  /* Members: comuni of a sub-ambito. */
  g_assert_true (zona_plan_data_add_member (f->store, casalasco, calvatone, NULL, &error));
  g_assert_true (zona_plan_data_add_member (f->store, casalasco, bozzolo, "fondatore", &error));
  g_assert_true (zona_plan_data_add_member (f->store, tavolo, bozzolo, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (zona_plan_data_add_member (f->store, casalasco, bozzolo, NULL, &error));
  assert_invalid (error);
  g_assert_false (zona_plan_data_add_member (f->store, casalasco, casalasco, NULL, &error));
  assert_invalid (error);
  g_assert_false (zona_plan_data_add_member (f->store, casalasco, 9999, NULL, &error));
  assert_invalid (error);
  members = zona_plan_data_list_members (f->store, casalasco);
  g_assert_cmpuint (members->len, ==, 2);
  /* In actor order, not insertion order. */
  g_assert_cmpint (((ZonaActorMember *) g_ptr_array_index (members, 0))->member_id, ==, bozzolo);
  g_assert_cmpstr (((ZonaActorMember *) g_ptr_array_index (members, 0))->role, ==, "fondatore");
  g_assert_cmpint (((ZonaActorMember *) g_ptr_array_index (members, 1))->member_id, ==, calvatone);
  groups = zona_plan_data_list_groups (f->store, bozzolo);
  g_assert_cmpuint (groups->len, ==, 2);
  g_assert_true (zona_plan_data_set_member_role (f->store, casalasco, bozzolo, "aderente", &error));
  g_assert_no_error (error);
  g_assert_false (zona_plan_data_set_member_role (f->store, tavolo, calvatone, "x", &error));
  assert_invalid (error);
  g_assert_true (zona_plan_data_remove_member (f->store, casalasco, calvatone, &error));
  g_assert_false (zona_plan_data_remove_member (f->store, casalasco, calvatone, &error));
  assert_invalid (error);
  g_clear_pointer (&members, g_ptr_array_unref);
  members = zona_plan_data_list_members (f->store, casalasco);
  g_assert_cmpuint (members->len, ==, 1);
  g_assert_cmpstr (((ZonaActorMember *) g_ptr_array_index (members, 0))->role, ==, "aderente");

  /* List in position order; moving renumbers. */
  g_assert_true (zona_plan_data_move_actor (f->store, tavolo, 0, &error));
  g_assert_no_error (error);
  actors = zona_plan_data_list_actors (f->store);
  g_assert_cmpuint (actors->len, ==, 4);
  g_assert_cmpint (((ZonaActor *) g_ptr_array_index (actors, 0))->id, ==, tavolo);
  g_assert_cmpint (((ZonaActor *) g_ptr_array_index (actors, 1))->id, ==, casalasco);
  g_assert_cmpint (((ZonaActor *) g_ptr_array_index (actors, 3))->id, ==, calvatone);

  /* Deleting an actor takes its memberships with it. */
  g_assert_true (zona_plan_data_delete_actor (f->store, bozzolo, &error));
  g_assert_no_error (error);
  g_assert_false (zona_plan_data_delete_actor (f->store, bozzolo, &error));
  assert_invalid (error);
  g_clear_pointer (&members, g_ptr_array_unref);
  members = zona_plan_data_list_members (f->store, casalasco);
  g_assert_cmpuint (members->len, ==, 0);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM actor_member"), ==, 0);

  /* Undo brings the actor and both memberships back. */
  g_assert_true (zona_store_undo (f->store, &error));
  g_assert_no_error (error);
  g_clear_pointer (&members, g_ptr_array_unref);
  members = zona_plan_data_list_members (f->store, casalasco);
  g_assert_cmpuint (members->len, ==, 1);
  g_clear_pointer (&groups, g_ptr_array_unref);
  groups = zona_plan_data_list_groups (f->store, bozzolo);
  g_assert_cmpuint (groups->len, ==, 2);
}

/* ---- data tables -------------------------------------------------------- */

static void
test_tables (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ZonaDataTable) table = NULL;
  g_autoptr(ZonaTableContents) tc = NULL;
  g_autoptr(GPtrArray) columns = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) tables = NULL;
  g_autofree char *cell = NULL;
  ZonaColumnType type;
  gint64 t, other, comune, maschi, femmine, totale, r1, r2, rtot, o1;

  t = zona_plan_data_add_table (f->store, "residenti-2021", "Residenti al 01/01/2021",
                                "ISTAT", "01/01/2021", NULL, &error);
  g_assert_no_error (error);
  other = zona_plan_data_add_table (f->store, NULL, "Famiglie", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (zona_plan_data_add_table (f->store, "residenti-2021", "Doppia", NULL, NULL,
                                             NULL, &error), ==, 0);
  assert_invalid (error);
  g_assert_cmpint (zona_plan_data_find_table (f->store, "residenti-2021"), ==, t);

  /* Columns: appended, or inserted at a position; positions stay 0..n-1. */
  maschi = zona_plan_data_add_column (f->store, t, -1, "Maschi", ZONA_COLUMN_INTEGER, NULL, &error);
  totale = zona_plan_data_add_column (f->store, t, -1, "Totale", ZONA_COLUMN_INTEGER, "ab.", &error);
  comune = zona_plan_data_add_column (f->store, t, 0, "Comune", ZONA_COLUMN_TEXT, NULL, &error);
  femmine = zona_plan_data_add_column (f->store, t, 2, "Femmine", ZONA_COLUMN_DECIMAL, NULL, &error);
  g_assert_no_error (error);
  o1 = zona_plan_data_add_column (f->store, other, -1, "Anno", ZONA_COLUMN_TEXT, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (zona_plan_data_add_column (f->store, t, -1, "X", (ZonaColumnType) 5, NULL,
                                              &error), ==, 0);
  assert_invalid (error);
  g_assert_cmpint (zona_plan_data_add_column (f->store, 9999, -1, "X", ZONA_COLUMN_TEXT, NULL,
                                              &error), ==, 0);
  assert_invalid (error);
  columns = zona_plan_data_list_columns (f->store, t);
  g_assert_cmpuint (columns->len, ==, 4);
  {
    gint64 expect[] = { comune, maschi, femmine, totale };
    for (guint i = 0; i < 4; i++)
      {
        ZonaDataColumn *c = g_ptr_array_index (columns, i);
        g_assert_cmpint (c->id, ==, expect[i]);
        g_assert_cmpint (c->position, ==, (int) i);
      }
    g_assert_cmpstr (((ZonaDataColumn *) g_ptr_array_index (columns, 3))->unit, ==, "ab.");
  }

  g_assert_true (zona_plan_data_rename_column (f->store, femmine, "Femmine (n.)", &error));
  g_assert_true (zona_plan_data_set_column_type (f->store, femmine, ZONA_COLUMN_INTEGER, &error));
  g_assert_true (zona_plan_data_set_column_unit (f->store, femmine, "ab.", &error));
  g_assert_no_error (error);
  g_assert_false (zona_plan_data_set_column_type (f->store, femmine, (ZonaColumnType) 42, &error));
  assert_invalid (error);
  g_assert_false (zona_column_type_from_string ("currency", &type));
  g_assert_true (zona_column_type_from_string ("percentage", &type));
  g_assert_cmpint (type, ==, ZONA_COLUMN_PERCENTAGE);

  /* Rows, with a totals row. */
  r2 = zona_plan_data_add_row (f->store, t, -1, FALSE, &error);
  rtot = zona_plan_data_add_row (f->store, t, -1, TRUE, &error);
  r1 = zona_plan_data_add_row (f->store, t, 0, FALSE, &error);
  g_assert_no_error (error);
  rows = zona_plan_data_list_rows (f->store, t);
  g_assert_cmpuint (rows->len, ==, 3);
  g_assert_cmpint (((ZonaDataRow *) g_ptr_array_index (rows, 0))->id, ==, r1);
  g_assert_cmpint (((ZonaDataRow *) g_ptr_array_index (rows, 1))->id, ==, r2);
  g_assert_cmpint (((ZonaDataRow *) g_ptr_array_index (rows, 2))->id, ==, rtot);
  g_assert_true (((ZonaDataRow *) g_ptr_array_index (rows, 2))->is_total);
  g_assert_null (((ZonaDataRow *) g_ptr_array_index (rows, 2))->cells);

  /* Cells keep the text as typed. */
  g_assert_true (zona_plan_data_set_cell (f->store, r1, comune, "Bozzolo", &error));
  g_assert_true (zona_plan_data_set_cell (f->store, r1, maschi, "1.939", &error));
  g_assert_true (zona_plan_data_set_cell (f->store, r1, femmine, "2043", &error));
  g_assert_true (zona_plan_data_set_cell (f->store, r2, comune, "Calvatone", &error));
  g_assert_true (zona_plan_data_set_cell (f->store, r2, maschi, "n.p.", &error));
  g_assert_true (zona_plan_data_set_cell (f->store, r2, totale, " 1.234,5 ", &error));
  g_assert_true (zona_plan_data_set_cell (f->store, rtot, comune, "TOTALE", &error));
  g_assert_true (zona_plan_data_set_cell (f->store, rtot, totale, "- €", &error));
  g_assert_no_error (error);
  cell = zona_plan_data_get_cell (f->store, r2, totale);
  g_assert_cmpstr (cell, ==, " 1.234,5 ");
  g_clear_pointer (&cell, g_free);
  cell = zona_plan_data_get_cell (f->store, r2, maschi);
  g_assert_cmpstr (cell, ==, "n.p.");
  g_clear_pointer (&cell, g_free);
  /* Empty empties. */
  g_assert_true (zona_plan_data_set_cell (f->store, r1, femmine, "", &error));
  g_assert_null (zona_plan_data_get_cell (f->store, r1, femmine));
  g_assert_true (zona_plan_data_set_cell (f->store, r1, femmine, "2043", &error));
  g_assert_true (zona_plan_data_set_cell (f->store, r1, femmine, NULL, &error));
  g_assert_null (zona_plan_data_get_cell (f->store, r1, femmine));
  g_assert_no_error (error);
  /* A row and a column of different tables do not make a cell. */
  g_assert_false (zona_plan_data_set_cell (f->store, r1, o1, "x", &error));
  assert_invalid (error);
  g_assert_false (zona_plan_data_set_cell (f->store, 9999, comune, "x", &error));
  assert_invalid (error);
  g_assert_false (zona_plan_data_set_cell (f->store, r1, comune, "\xff", &error));
  assert_invalid (error);

  /* The whole table, cells in column order. */
  tc = zona_plan_data_get_table_contents (f->store, t);
  g_assert_nonnull (tc);
  g_assert_cmpstr (tc->table->title, ==, "Residenti al 01/01/2021");
  g_assert_cmpstr (tc->table->source, ==, "ISTAT");
  g_assert_cmpuint (tc->columns->len, ==, 4);
  g_assert_cmpuint (tc->rows->len, ==, 3);
  {
    ZonaDataRow *row = g_ptr_array_index (tc->rows, 1);
    g_assert_cmpuint (row->cells->len, ==, 4);
    g_assert_cmpstr (g_ptr_array_index (row->cells, 0), ==, "Calvatone");
    g_assert_cmpstr (g_ptr_array_index (row->cells, 1), ==, "n.p.");
    g_assert_null (g_ptr_array_index (row->cells, 2));
    g_assert_cmpstr (g_ptr_array_index (row->cells, 3), ==, " 1.234,5 ");
  }
  g_assert_null (zona_plan_data_get_table_contents (f->store, 9999));

  /* Moving a column: its cells go with it. */
  g_assert_true (zona_plan_data_move_column (f->store, totale, 1, &error));
  g_assert_no_error (error);
  g_clear_pointer (&tc, zona_table_contents_free);
  tc = zona_plan_data_get_table_contents (f->store, t);
  g_assert_cmpint (((ZonaDataColumn *) g_ptr_array_index (tc->columns, 1))->id, ==, totale);
  g_assert_cmpint (((ZonaDataColumn *) g_ptr_array_index (tc->columns, 3))->position, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (((ZonaDataRow *) g_ptr_array_index (tc->rows, 1))->cells, 1),
                   ==, " 1.234,5 ");

  /* Moving and deleting rows keeps positions dense. */
  g_assert_true (zona_plan_data_move_row (f->store, rtot, 0, &error));
  g_assert_true (zona_plan_data_delete_row (f->store, r1, &error));
  g_assert_true (zona_plan_data_set_row_total (f->store, r2, TRUE, &error));
  g_assert_no_error (error);
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = zona_plan_data_list_rows (f->store, t);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpint (((ZonaDataRow *) g_ptr_array_index (rows, 0))->id, ==, rtot);
  g_assert_cmpint (((ZonaDataRow *) g_ptr_array_index (rows, 1))->id, ==, r2);
  g_assert_cmpint (((ZonaDataRow *) g_ptr_array_index (rows, 1))->position, ==, 1);
  g_assert_true (((ZonaDataRow *) g_ptr_array_index (rows, 1))->is_total);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM data_cell WHERE row_id NOT IN "
                                  "(SELECT id FROM data_row)"), ==, 0);

  /* Table fields. */
  g_assert_true (zona_plan_data_set_table_title (f->store, t, "Residenti", &error));
  g_assert_true (zona_plan_data_set_table_source (f->store, t, "", &error));
  g_assert_true (zona_plan_data_set_table_ref_date (f->store, t, "2021", &error));
  g_assert_true (zona_plan_data_set_table_note (f->store, t, "Dati provvisori", &error));
  g_assert_no_error (error);
  table = zona_plan_data_get_table (f->store, t);
  g_assert_cmpstr (table->title, ==, "Residenti");
  g_assert_null (table->source);
  g_assert_cmpstr (table->ref_date, ==, "2021");
  g_assert_cmpstr (table->note, ==, "Dati provvisori");

  tables = zona_plan_data_list_tables (f->store);
  g_assert_cmpuint (tables->len, ==, 2);
  g_assert_cmpint (((ZonaDataTable *) g_ptr_array_index (tables, 0))->id, ==, t);

  /* Deleting a column deletes its cells, and the positions close up. */
  g_assert_true (zona_plan_data_delete_column (f->store, totale, &error));
  g_assert_no_error (error);
  g_clear_pointer (&columns, g_ptr_array_unref);
  columns = zona_plan_data_list_columns (f->store, t);
  g_assert_cmpuint (columns->len, ==, 3);
  for (guint i = 0; i < columns->len; i++)
    g_assert_cmpint (((ZonaDataColumn *) g_ptr_array_index (columns, i))->position, ==, (int) i);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM data_cell WHERE column_id NOT IN "
                                  "(SELECT id FROM data_column)"), ==, 0);
}

/* ---- charts ------------------------------------------------------------- */

static gint64
make_table (Fixture *f,
            gint64  *cols,
            guint    n_cols)
{
  g_autoptr(GError) error = NULL;
  gint64 t = zona_plan_data_add_table (f->store, NULL, "Popolazione", NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < n_cols; i++)
    {
      g_autofree char *name = g_strdup_printf ("C%u", i);
      cols[i] = zona_plan_data_add_column (f->store, t, -1, name,
                                           i == 0 ? ZONA_COLUMN_TEXT : ZONA_COLUMN_INTEGER,
                                           NULL, &error);
      g_assert_no_error (error);
    }
  for (guint r = 0; r < 3; r++)
    {
      gint64 row = zona_plan_data_add_row (f->store, t, -1, r == 2, &error);
      for (guint i = 0; i < n_cols; i++)
        {
          g_autofree char *v = g_strdup_printf ("%u", r * 10 + i);
          g_assert_true (zona_plan_data_set_cell (f->store, row, cols[i], v, &error));
        }
    }
  g_assert_no_error (error);
  return t;
}

static void
test_charts (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ZonaChart) chart = NULL;
  g_autoptr(GPtrArray) charts = NULL;
  gint64 cols[4], other_cols[2], t, other, c, c2;
  ZonaChartKind kind;

  t = make_table (f, cols, 4);
  other = make_table (f, other_cols, 2);
  (void) other;

  c = zona_plan_data_add_chart (f->store, "grafico-residenti", t, ZONA_CHART_STACKED_BAR,
                                "Residenti", 0, "ab.", "Fonte: ISTAT", "Barre impilate", &error);
  g_assert_no_error (error);
  g_assert_cmpint (c, >, 0);
  g_assert_cmpint (zona_plan_data_find_chart (f->store, "grafico-residenti"), ==, c);
  /* Uid unique, kind known, table real, label column in the table. */
  g_assert_cmpint (zona_plan_data_add_chart (f->store, "grafico-residenti", t, ZONA_CHART_BAR,
                                             NULL, -1, NULL, NULL, NULL, &error), ==, 0);
  assert_invalid (error);
  g_assert_cmpint (zona_plan_data_add_chart (f->store, NULL, t, (ZonaChartKind) 8, NULL, -1,
                                             NULL, NULL, NULL, &error), ==, 0);
  assert_invalid (error);
  g_assert_cmpint (zona_plan_data_add_chart (f->store, NULL, 9999, ZONA_CHART_BAR, NULL, -1,
                                             NULL, NULL, NULL, &error), ==, 0);
  assert_invalid (error);
  g_assert_cmpint (zona_plan_data_add_chart (f->store, NULL, t, ZONA_CHART_BAR, NULL, 4,
                                             NULL, NULL, NULL, &error), ==, 0);
  assert_invalid (error);
  g_assert_false (zona_chart_kind_from_string ("scatter", &kind));
  for (int k = ZONA_CHART_BAR; k <= ZONA_CHART_PYRAMID; k++)
    {
      g_assert_true (zona_chart_kind_from_string (zona_chart_kind_to_string (k), &kind));
      g_assert_cmpint (kind, ==, k);
    }

  /* Series: columns of the chart's table, each once, replaced as one edit. */
  {
    gint64 series[] = { cols[2], cols[1] };
    gint64 foreign[] = { cols[1], other_cols[1] };
    gint64 twice[] = { cols[1], cols[1] };

    g_assert_true (zona_plan_data_set_chart_series (f->store, c, series, 2, &error));
    g_assert_no_error (error);
    g_assert_false (zona_plan_data_set_chart_series (f->store, c, foreign, 2, &error));
    assert_invalid (error);
    g_assert_false (zona_plan_data_set_chart_series (f->store, c, twice, 2, &error));
    assert_invalid (error);
  }
  chart = zona_plan_data_get_chart (f->store, c);
  g_assert_cmpint (chart->kind, ==, ZONA_CHART_STACKED_BAR);
  g_assert_cmpint (chart->label_column, ==, 0);
  g_assert_cmpstr (chart->unit, ==, "ab.");
  g_assert_cmpstr (chart->caption, ==, "Fonte: ISTAT");
  g_assert_cmpstr (chart->alt_text, ==, "Barre impilate");
  g_assert_cmpuint (chart->series->len, ==, 2);
  g_assert_cmpint (g_array_index (chart->series, gint64, 0), ==, cols[2]);
  g_assert_cmpint (g_array_index (chart->series, gint64, 1), ==, cols[1]);

  /* Updates. */
  g_assert_true (zona_plan_data_set_chart_kind (f->store, c, ZONA_CHART_PYRAMID, &error));
  g_assert_true (zona_plan_data_set_chart_title (f->store, c, "Piramide", &error));
  g_assert_true (zona_plan_data_set_chart_unit (f->store, c, "", &error));
  g_assert_true (zona_plan_data_set_chart_caption (f->store, c, "Fonte: ISTAT 2021", &error));
  g_assert_true (zona_plan_data_set_chart_alt_text (f->store, c, "Piramide per età", &error));
  g_assert_true (zona_plan_data_set_chart_label_column (f->store, c, 3, &error));
  g_assert_no_error (error);
  g_assert_false (zona_plan_data_set_chart_label_column (f->store, c, 4, &error));
  assert_invalid (error);
  g_assert_false (zona_plan_data_set_chart_kind (f->store, c, (ZonaChartKind) -2, &error));
  assert_invalid (error);
  g_clear_pointer (&chart, zona_chart_free);
  chart = zona_plan_data_get_chart (f->store, c);
  g_assert_cmpint (chart->kind, ==, ZONA_CHART_PYRAMID);
  g_assert_cmpstr (chart->title, ==, "Piramide");
  g_assert_null (chart->unit);
  g_assert_cmpint (chart->label_column, ==, 3);

  /* The label column follows its column when columns move; it goes when its column goes. */
  g_assert_true (zona_plan_data_move_column (f->store, cols[3], 0, &error));
  g_assert_no_error (error);
  g_clear_pointer (&chart, zona_chart_free);
  chart = zona_plan_data_get_chart (f->store, c);
  g_assert_cmpint (chart->label_column, ==, 0);
  g_assert_true (zona_plan_data_add_column (f->store, t, 0, "Nuova", ZONA_COLUMN_TEXT, NULL,
                                            &error) > 0);
  g_clear_pointer (&chart, zona_chart_free);
  chart = zona_plan_data_get_chart (f->store, c);
  g_assert_cmpint (chart->label_column, ==, 1);
  g_assert_true (zona_plan_data_delete_column (f->store, cols[3], &error));
  g_assert_no_error (error);
  g_clear_pointer (&chart, zona_chart_free);
  chart = zona_plan_data_get_chart (f->store, c);
  g_assert_cmpint (chart->label_column, ==, -1);

  /* A column that is a series leaves the series when deleted. */
  g_assert_true (zona_plan_data_delete_column (f->store, cols[2], &error));
  g_clear_pointer (&chart, zona_chart_free);
  chart = zona_plan_data_get_chart (f->store, c);
  g_assert_cmpuint (chart->series->len, ==, 1);
  g_assert_cmpint (g_array_index (chart->series, gint64, 0), ==, cols[1]);

  /* Lists, all or per table; deletion takes the chart's blocks. */
  c2 = zona_plan_data_add_chart (f->store, NULL, other, ZONA_CHART_PIE, NULL, -1, NULL, NULL,
                                 NULL, &error);
  g_assert_no_error (error);
  charts = zona_plan_data_list_charts (f->store, 0);
  g_assert_cmpuint (charts->len, ==, 2);
  g_clear_pointer (&charts, g_ptr_array_unref);
  charts = zona_plan_data_list_charts (f->store, other);
  g_assert_cmpuint (charts->len, ==, 1);
  g_assert_cmpint (((ZonaChart *) g_ptr_array_index (charts, 0))->id, ==, c2);
  {
    gint64 chapter = zona_store_add_chapter (f->store, 0, NULL, "Contesto", &error);
    zona_store_add_block (f->store, chapter, ZONA_BLOCK_CHART, 0, NULL, chart->uid, &error);
    g_assert_no_error (error);
    g_assert_cmpint (count_rows (f, "SELECT count(*) FROM block WHERE kind = 'chart'"), ==, 1);
    g_assert_true (zona_plan_data_delete_chart (f->store, c, &error));
    g_assert_no_error (error);
    g_assert_cmpint (count_rows (f, "SELECT count(*) FROM block WHERE kind = 'chart'"), ==, 0);
    g_assert_null (zona_plan_data_get_chart (f->store, c));
    g_assert_false (zona_plan_data_delete_chart (f->store, c, &error));
    assert_invalid (error);
  }
}

/* Deleting a table deletes its charts, their series and the blocks showing them; undo
 * brings every piece back. */
static void
test_table_cascade (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ZonaDataTable) table = NULL;
  g_autoptr(ZonaChart) chart = NULL;
  gint64 cols[3], t, c, chapter;

  t = make_table (f, cols, 3);
  table = zona_plan_data_get_table (f->store, t);
  c = zona_plan_data_add_chart (f->store, "g1", t, ZONA_CHART_LINE, "Andamento", 0, NULL, NULL,
                                NULL, &error);
  g_assert_true (zona_plan_data_set_chart_series (f->store, c, &cols[1], 2, &error));
  chapter = zona_store_add_chapter (f->store, 0, NULL, "Contesto", &error);
  zona_store_add_paragraph (f->store, chapter, "Prima", &error);
  zona_store_add_block (f->store, chapter, ZONA_BLOCK_TABLE, 0, NULL, table->uid, &error);
  zona_store_add_block (f->store, chapter, ZONA_BLOCK_CHART, 0, NULL, "g1", &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM chart_series"), ==, 2);

  g_assert_true (zona_plan_data_delete_table (f->store, t, &error));
  g_assert_no_error (error);
  g_assert_null (zona_plan_data_get_table (f->store, t));
  g_assert_null (zona_plan_data_get_chart (f->store, c));
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM chart"), ==, 0);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM chart_series"), ==, 0);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM data_column"), ==, 0);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM data_row"), ==, 0);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM data_cell"), ==, 0);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM block"), ==, 1);
  g_assert_false (zona_plan_data_delete_table (f->store, t, &error));
  assert_invalid (error);

  g_assert_true (zona_store_undo (f->store, &error));
  g_assert_no_error (error);
  chart = zona_plan_data_get_chart (f->store, c);
  g_assert_nonnull (chart);
  g_assert_cmpuint (chart->series->len, ==, 2);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM data_cell"), ==, 9);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM block"), ==, 3);

  g_assert_true (zona_store_redo (f->store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM chart_series"), ==, 0);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM block"), ==, 1);
}

/* ---- local areas -------------------------------------------------------- */

static void
test_local_areas (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) areas = NULL;
  g_autoptr(GPtrArray) maps = NULL;
  g_autoptr(ZonaLocalArea) area = NULL;
  g_autoptr(ZonaObjective) objective = NULL;
  gint64 a, c, d, obj;

  a = zona_plan_data_add_local_area (f->store, "lodi-a", "A", "Contrasto alla povertà", &error);
  c = zona_plan_data_add_local_area (f->store, "lodi-c", "C", "Politiche per il lavoro", &error);
  d = zona_plan_data_add_local_area (f->store, NULL, "D", "Persone fragili", &error);
  g_assert_no_error (error);
  g_assert_cmpint (zona_plan_data_add_local_area (f->store, "lodi-a", "X", "X", &error), ==, 0);
  assert_invalid (error);
  g_assert_cmpint (zona_plan_data_find_local_area (f->store, "lodi-c"), ==, c);

  g_assert_true (zona_plan_data_set_local_area_code (f->store, c, "", &error));
  g_assert_true (zona_plan_data_set_local_area_title (f->store, c, "Lavoro", &error));
  g_assert_no_error (error);
  area = zona_plan_data_get_local_area (f->store, c);
  g_assert_null (area->code);
  g_assert_cmpstr (area->title, ==, "Lavoro");

  /* Regional D, E, J map to local D; H to C; A to A. */
  g_assert_true (zona_plan_data_set_mapping (f->store, "J", d, TRUE, &error));
  g_assert_true (zona_plan_data_set_mapping (f->store, "D", d, TRUE, &error));
  g_assert_true (zona_plan_data_set_mapping (f->store, "E", d, TRUE, &error));
  g_assert_true (zona_plan_data_set_mapping (f->store, "E", d, TRUE, &error));   /* already */
  g_assert_true (zona_plan_data_set_mapping (f->store, "H", c, TRUE, &error));
  g_assert_true (zona_plan_data_set_mapping (f->store, "A", a, TRUE, &error));
  g_assert_true (zona_plan_data_set_mapping (f->store, "B", a, TRUE, &error));
  g_assert_true (zona_plan_data_set_mapping (f->store, "B", a, FALSE, &error));
  g_assert_no_error (error);
  g_assert_false (zona_plan_data_set_mapping (f->store, "", a, TRUE, &error));
  assert_invalid (error);
  g_assert_false (zona_plan_data_set_mapping (f->store, "A", 9999, TRUE, &error));
  assert_invalid (error);

  maps = zona_plan_data_list_mappings (f->store);
  g_assert_cmpuint (maps->len, ==, 5);
  {
    const char *codes[] = { "A", "H", "D", "E", "J" };
    gint64 areas_of[] = { a, c, d, d, d };
    for (guint i = 0; i < 5; i++)
      {
        ZonaAreaMapping *m = g_ptr_array_index (maps, i);
        g_assert_cmpstr (m->regional_code, ==, codes[i]);
        g_assert_cmpint (m->local_area_id, ==, areas_of[i]);
      }
  }

  g_assert_true (zona_plan_data_move_local_area (f->store, d, 0, &error));
  g_assert_no_error (error);
  areas = zona_plan_data_list_local_areas (f->store);
  g_assert_cmpuint (areas->len, ==, 3);
  g_assert_cmpint (((ZonaLocalArea *) g_ptr_array_index (areas, 0))->id, ==, d);

  /* Deleting an area drops its mappings; its objectives keep going without it. */
  obj = zona_plan_data_add_objective (f->store, NULL, "Obiettivo", 0, "D", d, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (zona_plan_data_delete_local_area (f->store, d, &error));
  g_assert_no_error (error);
  g_clear_pointer (&maps, g_ptr_array_unref);
  maps = zona_plan_data_list_mappings (f->store);
  g_assert_cmpuint (maps->len, ==, 2);
  objective = zona_plan_data_get_objective (f->store, obj);
  g_assert_cmpint (objective->local_area_id, ==, 0);
  g_assert_cmpstr (objective->regional_area, ==, "D");
  g_assert_false (zona_plan_data_delete_local_area (f->store, d, &error));
  assert_invalid (error);
}

/* ---- objectives, funding sources, budgets ------------------------------- */

static void
test_objectives (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ZonaObjective) o = NULL;
  g_autoptr(GPtrArray) list = NULL;
  gint64 chapter, card, para, area, o1, o2;

  chapter = zona_store_add_chapter (f->store, 0, "obiettivi", "Obiettivi", &error);
  card = zona_store_add_card (f->store, chapter, "valutazione-output", "Domiciliarità", &error);
  para = zona_store_add_paragraph (f->store, chapter, "Testo", &error);
  area = zona_plan_data_add_local_area (f->store, NULL, "D", "Fragilità", &error);
  g_assert_no_error (error);

  o1 = zona_plan_data_add_objective (f->store, "ob-2021-1", "Sostenere la domiciliarità", card,
                                     "D", area, "ob-2018-4", &error);
  g_assert_no_error (error);
  o2 = zona_plan_data_add_objective (f->store, NULL, "Casa", 0, NULL, 0, NULL, &error);
  g_assert_no_error (error);
  /* Duplicate uid; a paragraph is not a card; unknown area. */
  g_assert_cmpint (zona_plan_data_add_objective (f->store, "ob-2021-1", "X", 0, NULL, 0, NULL,
                                                 &error), ==, 0);
  assert_invalid (error);
  g_assert_cmpint (zona_plan_data_add_objective (f->store, NULL, "X", para, NULL, 0, NULL,
                                                 &error), ==, 0);
  assert_invalid (error);
  g_assert_cmpint (zona_plan_data_add_objective (f->store, NULL, "X", 0, NULL, 9999, NULL,
                                                 &error), ==, 0);
  assert_invalid (error);

  g_assert_cmpint (zona_plan_data_find_objective (f->store, "ob-2021-1"), ==, o1);
  g_assert_cmpint (zona_plan_data_find_objective_for_card (f->store, card), ==, o1);
  g_assert_cmpint (zona_plan_data_find_objective_for_card (f->store, para), ==, 0);
  o = zona_plan_data_get_objective (f->store, o1);
  g_assert_cmpint (o->card_id, ==, card);
  g_assert_cmpstr (o->regional_area, ==, "D");
  g_assert_cmpint (o->local_area_id, ==, area);
  g_assert_cmpstr (o->predecessor_uid, ==, "ob-2018-4");

  g_assert_true (zona_plan_data_set_objective_title (f->store, o2, "Politiche abitative", &error));
  g_assert_true (zona_plan_data_set_objective_card (f->store, o2, card, &error));
  g_assert_true (zona_plan_data_set_objective_regional_area (f->store, o2, "B", &error));
  g_assert_true (zona_plan_data_set_objective_local_area (f->store, o2, area, &error));
  g_assert_true (zona_plan_data_set_objective_predecessor (f->store, o2, "ob-2018-2", &error));
  g_assert_no_error (error);
  g_assert_false (zona_plan_data_set_objective_card (f->store, o2, para, &error));
  assert_invalid (error);
  g_clear_pointer (&o, zona_objective_free);
  o = zona_plan_data_get_objective (f->store, o2);
  g_assert_cmpstr (o->title, ==, "Politiche abitative");
  g_assert_cmpint (o->card_id, ==, card);
  g_assert_cmpstr (o->regional_area, ==, "B");
  g_assert_cmpstr (o->predecessor_uid, ==, "ob-2018-2");
  g_assert_true (zona_plan_data_set_objective_card (f->store, o2, 0, &error));
  g_assert_true (zona_plan_data_set_objective_local_area (f->store, o2, 0, &error));
  g_assert_true (zona_plan_data_set_objective_regional_area (f->store, o2, "", &error));
  g_clear_pointer (&o, zona_objective_free);
  o = zona_plan_data_get_objective (f->store, o2);
  g_assert_cmpint (o->card_id, ==, 0);
  g_assert_cmpint (o->local_area_id, ==, 0);
  g_assert_null (o->regional_area);

  g_assert_true (zona_plan_data_move_objective (f->store, o2, 0, &error));
  list = zona_plan_data_list_objectives (f->store);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpint (((ZonaObjective *) g_ptr_array_index (list, 0))->id, ==, o2);

  /* Deleting the card unlinks it; the objective stays. */
  g_assert_true (zona_store_delete_block (f->store, card, &error));
  g_clear_pointer (&o, zona_objective_free);
  o = zona_plan_data_get_objective (f->store, o1);
  g_assert_cmpint (o->card_id, ==, 0);
  g_assert_true (zona_store_undo (f->store, &error));
  g_assert_no_error (error);
  g_clear_pointer (&o, zona_objective_free);
  o = zona_plan_data_get_objective (f->store, o1);
  g_assert_cmpint (o->card_id, ==, card);
}

static void
test_funding_and_budget (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sources = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GPtrArray) totals = NULL;
  g_autoptr(ZonaFundingSource) s = NULL;
  gint64 fnps, frs, o1, o2, l1, l2, l3, l4;

  fnps = zona_plan_data_add_funding_source (f->store, "fnps", "FNPS",
                                            "Fondo Nazionale Politiche Sociali", "Stato", &error);
  frs = zona_plan_data_add_funding_source (f->store, NULL, NULL, "Fondo Regionale", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (zona_plan_data_add_funding_source (f->store, "fnps", NULL, "X", NULL,
                                                      &error), ==, 0);
  assert_invalid (error);
  g_assert_cmpint (zona_plan_data_find_funding_source (f->store, "fnps"), ==, fnps);
  g_assert_true (zona_plan_data_set_funding_source_code (f->store, frs, "FRS", &error));
  g_assert_true (zona_plan_data_set_funding_source_name (f->store, frs, "Fondo Sociale Regionale",
                                                         &error));
  g_assert_true (zona_plan_data_set_funding_source_level (f->store, frs, "Regione", &error));
  g_assert_true (zona_plan_data_move_funding_source (f->store, frs, 0, &error));
  g_assert_no_error (error);
  s = zona_plan_data_get_funding_source (f->store, frs);
  g_assert_cmpstr (s->code, ==, "FRS");
  g_assert_cmpstr (s->name, ==, "Fondo Sociale Regionale");
  g_assert_cmpstr (s->level, ==, "Regione");
  sources = zona_plan_data_list_funding_sources (f->store);
  g_assert_cmpuint (sources->len, ==, 2);
  g_assert_cmpint (((ZonaFundingSource *) g_ptr_array_index (sources, 0))->id, ==, frs);

  o1 = zona_plan_data_add_objective (f->store, NULL, "Uno", 0, NULL, 0, NULL, &error);
  o2 = zona_plan_data_add_objective (f->store, NULL, "Due", 0, NULL, 0, NULL, &error);
  g_assert_no_error (error);

  /* Amounts in cents; ZONA_AMOUNT_NONE is “not given”, not zero. */
  l1 = zona_plan_data_add_budget_line (f->store, o1, fnps, 2022, 1500000, 1000000,
                                       ZONA_AMOUNT_NONE, NULL, &error);
  l2 = zona_plan_data_add_budget_line (f->store, o1, frs, 2023, 250050, ZONA_AMOUNT_NONE,
                                       ZONA_AMOUNT_NONE, "stima", &error);
  l3 = zona_plan_data_add_budget_line (f->store, o2, fnps, 0, 0, ZONA_AMOUNT_NONE,
                                       ZONA_AMOUNT_NONE, NULL, &error);
  l4 = zona_plan_data_add_budget_line (f->store, o2, 0, 0, ZONA_AMOUNT_NONE, ZONA_AMOUNT_NONE,
                                       ZONA_AMOUNT_NONE, "da definire", &error);
  g_assert_no_error (error);
  g_assert_cmpint (l4, >, l3);
  g_assert_cmpint (zona_plan_data_add_budget_line (f->store, 9999, 0, 0, 1, 1, 1, NULL, &error),
                   ==, 0);
  assert_invalid (error);
  g_assert_cmpint (zona_plan_data_add_budget_line (f->store, o1, 9999, 0, 1, 1, 1, NULL, &error),
                   ==, 0);
  assert_invalid (error);
  g_assert_cmpint (zona_plan_data_add_budget_line (f->store, o1, 0, 0, ZONA_AMOUNT_MAX + 1, 1, 1,
                                                   NULL, &error), ==, 0);
  assert_invalid (error);
  g_assert_cmpint (zona_plan_data_add_budget_line (f->store, o1, 0, 20222, 1, 1, 1, NULL, &error),
                   ==, 0);
  assert_invalid (error);

  lines = zona_plan_data_list_budget_lines (f->store, o1);
  g_assert_cmpuint (lines->len, ==, 2);
  {
    ZonaBudgetLine *a = g_ptr_array_index (lines, 0), *b = g_ptr_array_index (lines, 1);
    g_assert_cmpint (a->id, ==, l1);
    g_assert_cmpint (a->source_id, ==, fnps);
    g_assert_cmpint (a->year, ==, 2022);
    g_assert_cmpint (a->stanziato, ==, 1500000);
    g_assert_cmpint (a->impegnato, ==, 1000000);
    g_assert_cmpint (a->liquidato, ==, ZONA_AMOUNT_NONE);
    g_assert_cmpint (b->id, ==, l2);
    g_assert_cmpint (b->impegnato, ==, ZONA_AMOUNT_NONE);
    g_assert_cmpstr (b->note, ==, "stima");
  }

  /* Totals per objective and per source. */
  totals = zona_plan_data_budget_by_objective (f->store);
  g_assert_cmpuint (totals->len, ==, 2);
  {
    ZonaBudgetTotal *t1 = g_ptr_array_index (totals, 0), *t2 = g_ptr_array_index (totals, 1);
    g_assert_cmpint (t1->objective_id, ==, o1);
    g_assert_cmpuint (t1->n_lines, ==, 2);
    g_assert_cmpint (t1->stanziato, ==, 1750050);
    g_assert_cmpint (t1->impegnato, ==, 1000000);
    g_assert_cmpint (t1->liquidato, ==, ZONA_AMOUNT_NONE);
    g_assert_cmpint (t2->objective_id, ==, o2);
    g_assert_cmpuint (t2->n_lines, ==, 2);
    g_assert_cmpint (t2->stanziato, ==, 0);
    g_assert_cmpint (t2->impegnato, ==, ZONA_AMOUNT_NONE);
  }
  g_clear_pointer (&totals, g_ptr_array_unref);
  totals = zona_plan_data_budget_by_source (f->store);
  g_assert_cmpuint (totals->len, ==, 3);
  {
    ZonaBudgetTotal *t0 = g_ptr_array_index (totals, 0);
    ZonaBudgetTotal *t1 = g_ptr_array_index (totals, 1);
    ZonaBudgetTotal *t2 = g_ptr_array_index (totals, 2);
    g_assert_cmpint (t0->source_id, ==, frs);        /* source order */
    g_assert_cmpint (t0->stanziato, ==, 250050);
    g_assert_cmpint (t1->source_id, ==, fnps);
    g_assert_cmpuint (t1->n_lines, ==, 2);
    g_assert_cmpint (t1->stanziato, ==, 1500000);
    g_assert_cmpint (t1->impegnato, ==, 1000000);
    g_assert_cmpint (t2->source_id, ==, 0);          /* lines without a source, last */
    g_assert_cmpuint (t2->n_lines, ==, 1);
    g_assert_cmpint (t2->stanziato, ==, ZONA_AMOUNT_NONE);
  }

  /* Editing a line, repeatedly, is one undo step. */
  g_assert_true (zona_plan_data_update_budget_line (f->store, l2, fnps, 2024, 300000, 1,
                                                    ZONA_AMOUNT_NONE, "", &error));
  g_assert_true (zona_plan_data_update_budget_line (f->store, l2, fnps, 2024, 300000, 100,
                                                    ZONA_AMOUNT_NONE, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (zona_plan_data_update_budget_line (f->store, 9999, 0, 0, 1, 1, 1, NULL,
                                                     &error));
  assert_invalid (error);
  g_clear_pointer (&lines, g_ptr_array_unref);
  lines = zona_plan_data_list_budget_lines (f->store, o1);
  {
    ZonaBudgetLine *b = g_ptr_array_index (lines, 1);
    g_assert_cmpint (b->source_id, ==, fnps);
    g_assert_cmpint (b->year, ==, 2024);
    g_assert_cmpint (b->impegnato, ==, 100);
    g_assert_null (b->note);
  }
  g_assert_true (zona_store_undo (f->store, &error));
  g_clear_pointer (&lines, g_ptr_array_unref);
  lines = zona_plan_data_list_budget_lines (f->store, o1);
  {
    ZonaBudgetLine *b = g_ptr_array_index (lines, 1);
    g_assert_cmpint (b->source_id, ==, frs);
    g_assert_cmpint (b->impegnato, ==, ZONA_AMOUNT_NONE);
    g_assert_cmpstr (b->note, ==, "stima");
  }

  /* Deleting a source keeps its lines, without a source. */
  g_assert_true (zona_plan_data_delete_funding_source (f->store, fnps, &error));
  g_assert_no_error (error);
  g_clear_pointer (&lines, g_ptr_array_unref);
  lines = zona_plan_data_list_budget_lines (f->store, o1);
  g_assert_cmpuint (lines->len, ==, 2);
  g_assert_cmpint (((ZonaBudgetLine *) g_ptr_array_index (lines, 0))->source_id, ==, 0);
  g_assert_cmpint (((ZonaBudgetLine *) g_ptr_array_index (lines, 0))->stanziato, ==, 1500000);

  g_assert_true (zona_plan_data_delete_budget_line (f->store, l3, &error));
  g_assert_false (zona_plan_data_delete_budget_line (f->store, l3, &error));
  assert_invalid (error);
}

/* Deleting an objective deletes its budget lines; undo brings both back. */
static void
test_undo_objective_delete (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(ZonaObjective) o = NULL;
  gint64 src, obj;

  src = zona_plan_data_add_funding_source (f->store, NULL, "FNA", "Fondo Non Autosufficienza",
                                           NULL, &error);
  obj = zona_plan_data_add_objective (f->store, "ob-1", "Dimissioni protette", 0, "D", 0,
                                      "ob-0", &error);
  zona_plan_data_add_budget_line (f->store, obj, src, 2025, 1000, ZONA_AMOUNT_NONE, 0, NULL, &error);
  zona_plan_data_add_budget_line (f->store, obj, 0, 2026, 2000, 3000, ZONA_AMOUNT_NONE, "x", &error);
  g_assert_no_error (error);

  g_assert_true (zona_plan_data_delete_objective (f->store, obj, &error));
  g_assert_no_error (error);
  g_assert_null (zona_plan_data_get_objective (f->store, obj));
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM budget_line"), ==, 0);

  g_assert_true (zona_store_undo (f->store, &error));
  g_assert_no_error (error);
  o = zona_plan_data_get_objective (f->store, obj);
  g_assert_nonnull (o);
  g_assert_cmpstr (o->uid, ==, "ob-1");
  g_assert_cmpstr (o->predecessor_uid, ==, "ob-0");
  lines = zona_plan_data_list_budget_lines (f->store, obj);
  g_assert_cmpuint (lines->len, ==, 2);
  g_assert_cmpint (((ZonaBudgetLine *) g_ptr_array_index (lines, 0))->source_id, ==, src);
  g_assert_cmpint (((ZonaBudgetLine *) g_ptr_array_index (lines, 0))->impegnato, ==,
                   ZONA_AMOUNT_NONE);
  g_assert_cmpint (((ZonaBudgetLine *) g_ptr_array_index (lines, 1))->impegnato, ==, 3000);

  g_assert_true (zona_store_redo (f->store, &error));
  g_assert_no_error (error);
  g_assert_null (zona_plan_data_get_objective (f->store, obj));
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM budget_line"), ==, 0);
}

/* Typing in a cell is one undo step; undo and redo restore it. */
static void
test_undo_cell (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *v = NULL;
  gint64 t, col, row;
  const char *typed[] = { "1", "12", "12.", "12.3", "12.34", "12.345" };

  t = zona_plan_data_add_table (f->store, NULL, "T", NULL, NULL, NULL, &error);
  col = zona_plan_data_add_column (f->store, t, -1, "N", ZONA_COLUMN_INTEGER, NULL, &error);
  row = zona_plan_data_add_row (f->store, t, -1, FALSE, &error);
  g_assert_true (zona_plan_data_set_cell (f->store, row, col, "7", &error));
  g_assert_no_error (error);
  /* Another cell in between would be another step: type in this one only. */
  zona_store_clear_history (f->store);
  for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
    g_assert_true (zona_plan_data_set_cell (f->store, row, col, typed[i], &error));
  g_assert_no_error (error);

  g_assert_true (zona_store_can_undo (f->store));
  g_assert_true (zona_store_undo (f->store, &error));
  g_assert_no_error (error);
  v = zona_plan_data_get_cell (f->store, row, col);
  g_assert_cmpstr (v, ==, "7");
  g_assert_false (zona_store_can_undo (f->store));

  g_assert_true (zona_store_redo (f->store, &error));
  g_assert_no_error (error);
  g_clear_pointer (&v, g_free);
  v = zona_plan_data_get_cell (f->store, row, col);
  g_assert_cmpstr (v, ==, "12.345");

  /* Emptying a cell is a step too, and undo gives the text back. */
  g_assert_true (zona_plan_data_set_cell (f->store, row, col, "", &error));
  g_assert_null (zona_plan_data_get_cell (f->store, row, col));
  g_assert_true (zona_store_undo (f->store, &error));
  g_clear_pointer (&v, g_free);
  v = zona_plan_data_get_cell (f->store, row, col);
  g_assert_cmpstr (v, ==, "12.345");
}

/* Deleting a column and undoing it brings back its cells, positions and chart series. */
static void
test_undo_column_delete (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ZonaTableContents) before = NULL;
  g_autoptr(ZonaTableContents) after = NULL;
  g_autoptr(ZonaChart) chart = NULL;
  gint64 cols[4], t, c;

  t = make_table (f, cols, 4);
  c = zona_plan_data_add_chart (f->store, NULL, t, ZONA_CHART_GROUPED_BAR, NULL, 2, NULL, NULL,
                                NULL, &error);
  g_assert_true (zona_plan_data_set_chart_series (f->store, c, &cols[1], 3, &error));
  g_assert_no_error (error);
  before = zona_plan_data_get_table_contents (f->store, t);

  g_assert_true (zona_plan_data_delete_column (f->store, cols[1], &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM data_cell"), ==, 9);
  chart = zona_plan_data_get_chart (f->store, c);
  g_assert_cmpint (chart->label_column, ==, 1);
  g_assert_cmpuint (chart->series->len, ==, 2);
  g_clear_pointer (&chart, zona_chart_free);

  g_assert_true (zona_store_undo (f->store, &error));
  g_assert_no_error (error);
  after = zona_plan_data_get_table_contents (f->store, t);
  g_assert_cmpuint (after->columns->len, ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      ZonaDataColumn *x = g_ptr_array_index (before->columns, i);
      ZonaDataColumn *y = g_ptr_array_index (after->columns, i);
      g_assert_cmpint (x->id, ==, y->id);
      g_assert_cmpint (x->position, ==, y->position);
      g_assert_cmpstr (x->name, ==, y->name);
    }
  for (guint r = 0; r < 3; r++)
    for (guint i = 0; i < 4; i++)
      g_assert_cmpstr (g_ptr_array_index (((ZonaDataRow *) g_ptr_array_index (before->rows, r))->cells, i),
                       ==,
                       g_ptr_array_index (((ZonaDataRow *) g_ptr_array_index (after->rows, r))->cells, i));
  chart = zona_plan_data_get_chart (f->store, c);
  g_assert_cmpint (chart->label_column, ==, 2);
  g_assert_cmpuint (chart->series->len, ==, 3);
  g_assert_cmpint (g_array_index (chart->series, gint64, 0), ==, cols[1]);
}

/* A second Zona on the same file may read, and every edit is refused. */
static void
test_read_only (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ZonaStore) ro = NULL;
  g_autoptr(GPtrArray) actors = NULL;
  g_autofree char *v = NULL;
  gint64 actor, t, col, row, obj, area, src, c, line;

  actor = zona_plan_data_add_actor (f->store, ZONA_ACTOR_ATS, "ATS Val Padana", NULL, NULL, NULL,
                                    &error);
  t = zona_plan_data_add_table (f->store, NULL, "T", NULL, NULL, NULL, &error);
  col = zona_plan_data_add_column (f->store, t, -1, "N", ZONA_COLUMN_TEXT, NULL, &error);
  row = zona_plan_data_add_row (f->store, t, -1, FALSE, &error);
  zona_plan_data_set_cell (f->store, row, col, "x", &error);
  c = zona_plan_data_add_chart (f->store, NULL, t, ZONA_CHART_BAR, NULL, -1, NULL, NULL, NULL,
                                &error);
  area = zona_plan_data_add_local_area (f->store, NULL, "A", "Area", &error);
  src = zona_plan_data_add_funding_source (f->store, NULL, NULL, "Fondo", NULL, &error);
  obj = zona_plan_data_add_objective (f->store, NULL, "Ob", 0, NULL, 0, NULL, &error);
  line = zona_plan_data_add_budget_line (f->store, obj, 0, 0, 1, 2, 3, NULL, &error);
  g_assert_no_error (error);

  ro = zona_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_true (zona_store_is_read_only (ro));

  /* Reading works. */
  actors = zona_plan_data_list_actors (ro);
  g_assert_cmpuint (actors->len, ==, 1);
  v = zona_plan_data_get_cell (ro, row, col);
  g_assert_cmpstr (v, ==, "x");

#define REFUSED(call) \
  G_STMT_START { \
    g_assert_false ((call) != 0); \
    g_assert_error (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_READ_ONLY); \
    g_clear_error (&error); \
  } G_STMT_END

  REFUSED (zona_plan_data_add_actor (ro, ZONA_ACTOR_COMUNE, "X", NULL, NULL, NULL, &error));
  REFUSED (zona_plan_data_set_actor_name (ro, actor, "X", &error));
  REFUSED (zona_plan_data_delete_actor (ro, actor, &error));
  REFUSED (zona_plan_data_add_table (ro, NULL, "X", NULL, NULL, NULL, &error));
  REFUSED (zona_plan_data_add_column (ro, t, -1, "X", ZONA_COLUMN_TEXT, NULL, &error));
  REFUSED (zona_plan_data_add_row (ro, t, -1, FALSE, &error));
  REFUSED (zona_plan_data_set_cell (ro, row, col, "y", &error));
  REFUSED (zona_plan_data_delete_column (ro, col, &error));
  REFUSED (zona_plan_data_move_row (ro, row, 0, &error));
  REFUSED (zona_plan_data_delete_table (ro, t, &error));
  REFUSED (zona_plan_data_set_chart_title (ro, c, "X", &error));
  REFUSED (zona_plan_data_set_chart_series (ro, c, &col, 1, &error));
  REFUSED (zona_plan_data_set_mapping (ro, "A", area, TRUE, &error));
  REFUSED (zona_plan_data_delete_local_area (ro, area, &error));
  REFUSED (zona_plan_data_add_objective (ro, NULL, "X", 0, NULL, 0, NULL, &error));
  REFUSED (zona_plan_data_delete_objective (ro, obj, &error));
  REFUSED (zona_plan_data_set_funding_source_name (ro, src, "X", &error));
  REFUSED (zona_plan_data_add_budget_line (ro, obj, 0, 0, 1, 1, 1, NULL, &error));
  REFUSED (zona_plan_data_update_budget_line (ro, line, 0, 0, 9, 9, 9, NULL, &error));
#undef REFUSED

  g_clear_pointer (&v, g_free);
  v = zona_plan_data_get_cell (f->store, row, col);
  g_assert_cmpstr (v, ==, "x");
  {
    g_autoptr(ZonaObjective) still = zona_plan_data_get_objective (f->store, obj);
    g_assert_nonnull (still);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/plan-data/amounts", test_amounts);
#define ADD(path, fn) \
  g_test_add ("/plan-data/" path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("actors", test_actors);
  ADD ("tables", test_tables);
  ADD ("charts", test_charts);
  ADD ("table-cascade", test_table_cascade);
  ADD ("local-areas", test_local_areas);
  ADD ("objectives", test_objectives);
  ADD ("funding-and-budget", test_funding_and_budget);
  ADD ("undo/objective-delete", test_undo_objective_delete);
  ADD ("undo/cell", test_undo_cell);
  ADD ("undo/column-delete", test_undo_column_delete);
  ADD ("read-only", test_read_only);
#undef ADD
  return g_test_run ();
}
