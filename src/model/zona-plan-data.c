/* zona-plan-data.c: actors, data tables, charts, areas, objectives and budgets of a plan
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each public function that changes the plan is one transaction and one undo
 * step (zona_store_tx_begin … zona_store_tx_end). Foreign-key actions do the
 * cascades (a table's columns, rows, cells and charts; an objective's budget
 * lines); the session that records the step records them too, so undo brings
 * everything back with no extra code here.
 *
 * Columns and rows keep dense positions (0..n-1): the JSON form and charts
 * name columns by position. Other lists are ordered by position and may have
 * gaps after a deletion; moving an item renumbers its list.
 */
#define G_LOG_DOMAIN "zona-plan-data"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "zona-plan-data.h"
#include "charts/zona-chart.h"
#include "zona-value.h"
#include "zona-store-private.h"
#include "zona-store-rows.h"

/* A uid is short, printable text without spaces. */

/* ---- names -------------------------------------------------------------- */

static const char *actor_kinds[] = {
  [ZONA_ACTOR_COMUNE] = "comune",
  [ZONA_ACTOR_SUB_AMBITO] = "sub-ambito",
  [ZONA_ACTOR_ATS] = "ats",
  [ZONA_ACTOR_ASST] = "asst",
  [ZONA_ACTOR_ENTE_CAPOFILA] = "ente-capofila",
  [ZONA_ACTOR_ENTE_GESTORE] = "ente-gestore",
  [ZONA_ACTOR_TERZO_SETTORE] = "terzo-settore",
  [ZONA_ACTOR_ENTE_PUBBLICO] = "ente-pubblico",
  [ZONA_ACTOR_ORGANO] = "organo",
  [ZONA_ACTOR_TAVOLO] = "tavolo",
  [ZONA_ACTOR_PERSONA] = "persona",
  [ZONA_ACTOR_ALTRO] = "altro",
};

static const char *column_types[] = {
  [ZONA_COLUMN_TEXT] = "text",
  [ZONA_COLUMN_INTEGER] = "integer",
  [ZONA_COLUMN_DECIMAL] = "decimal",
  [ZONA_COLUMN_PERCENTAGE] = "percentage",
  [ZONA_COLUMN_MONEY] = "money",
};

static const char *chart_kinds[] = {
  [ZONA_CHART_BAR] = "bar",
  [ZONA_CHART_HBAR] = "hbar",
  [ZONA_CHART_GROUPED_BAR] = "grouped-bar",
  [ZONA_CHART_STACKED_BAR] = "stacked-bar",
  [ZONA_CHART_LINE] = "line",
  [ZONA_CHART_PIE] = "pie",
  [ZONA_CHART_DONUT] = "donut",
  [ZONA_CHART_PYRAMID] = "pyramid",
};

static gboolean
name_lookup (const char  **names,
             guint         n_names,
             const char   *str,
             int          *out)
{
  for (guint i = 0; i < n_names; i++)
    if (g_strcmp0 (str, names[i]) == 0)
      {
        *out = (int) i;
        return TRUE;
      }
  return FALSE;
}

const char *
zona_actor_kind_to_string (ZonaActorKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (actor_kinds), NULL);
  return actor_kinds[kind];
}

gboolean
zona_actor_kind_from_string (const char    *str,
                             ZonaActorKind *kind)
{
  int v;

  if (!name_lookup (actor_kinds, G_N_ELEMENTS (actor_kinds), str, &v))
    return FALSE;
  *kind = v;
  return TRUE;
}

const char *
zona_column_type_to_string (ZonaColumnType type)
{
  g_return_val_if_fail ((guint) type < G_N_ELEMENTS (column_types), NULL);
  return column_types[type];
}

gboolean
zona_column_type_from_string (const char     *str,
                              ZonaColumnType *type)
{
  int v;

  if (!name_lookup (column_types, G_N_ELEMENTS (column_types), str, &v))
    return FALSE;
  *type = v;
  return TRUE;
}

const char *
zona_chart_kind_to_string (ZonaChartKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (chart_kinds), NULL);
  return chart_kinds[kind];
}

gboolean
zona_chart_kind_from_string (const char    *str,
                             ZonaChartKind *kind)
{
  int v;

  if (!name_lookup (chart_kinds, G_N_ELEMENTS (chart_kinds), str, &v))
    return FALSE;
  *kind = v;
  return TRUE;
}

/* ---- amounts ------------------------------------------------------------ */

/* “15000.00”, “-3.50”: euro with two decimals, the JSON form. NULL for ZONA_AMOUNT_NONE. */
char *
zona_amount_to_string (gint64 cents)
{
  guint64 abs;

  if (cents == ZONA_AMOUNT_NONE)
    return NULL;
  abs = cents < 0 ? (guint64) (-(cents + 1)) + 1 : (guint64) cents;
  return g_strdup_printf ("%s%" G_GUINT64_FORMAT ".%02u", cents < 0 ? "-" : "",
                          abs / 100, (guint) (abs % 100));
}

/* Reads “15000”, “15000.5”, “15000.50”, “-3.50” (a dot, at most two decimals,
 * no thousands separators) into cents, up to ZONA_AMOUNT_MAX. */
gboolean
zona_amount_from_string (const char *text,
                         gint64     *cents)
{
  const char *p = text;
  gboolean negative = FALSE;
  guint64 units = 0;
  guint digits = 0, decimals = 0, frac = 0;

  if (text == NULL)
    return FALSE;
  if (*p == '-')
    {
      negative = TRUE;
      p++;
    }
  for (; g_ascii_isdigit (*p); p++)
    {
      if (++digits > 13)
        return FALSE;
      units = units * 10 + (guint64) (*p - '0');
    }
  if (digits == 0)
    return FALSE;
  if (*p == '.')
    {
      for (p++; g_ascii_isdigit (*p); p++)
        {
          if (++decimals > 2)
            return FALSE;
          frac = frac * 10 + (guint) (*p - '0');
        }
      if (decimals == 0)
        return FALSE;
      if (decimals == 1)
        frac *= 10;
    }
  if (*p != '\0')
    return FALSE;
  units = units * 100 + frac;
  if (units > (guint64) ZONA_AMOUNT_MAX)
    return FALSE;
  if (cents)
    *cents = negative ? -(gint64) units : (gint64) units;
  return TRUE;
}

/* ---- freeing ------------------------------------------------------------ */

void
zona_actor_free (ZonaActor *actor)
{
  if (actor == NULL)
    return;
  g_free (actor->uid);
  g_free (actor->name);
  g_free (actor->code);
  g_free (actor->note);
  g_free (actor);
}

void
zona_actor_member_free (ZonaActorMember *member)
{
  if (member == NULL)
    return;
  g_free (member->role);
  g_free (member);
}

void
zona_data_table_free (ZonaDataTable *table)
{
  if (table == NULL)
    return;
  g_free (table->uid);
  g_free (table->title);
  g_free (table->source);
  g_free (table->ref_date);
  g_free (table->note);
  g_free (table);
}

void
zona_data_column_free (ZonaDataColumn *column)
{
  if (column == NULL)
    return;
  g_free (column->name);
  g_free (column->unit);
  g_free (column);
}

void
zona_data_row_free (ZonaDataRow *row)
{
  if (row == NULL)
    return;
  g_clear_pointer (&row->cells, g_ptr_array_unref);
  g_free (row);
}

void
zona_table_contents_free (ZonaTableContents *contents)
{
  if (contents == NULL)
    return;
  zona_data_table_free (contents->table);
  g_clear_pointer (&contents->columns, g_ptr_array_unref);
  g_clear_pointer (&contents->rows, g_ptr_array_unref);
  g_free (contents);
}

void
zona_chart_free (ZonaChart *chart)
{
  if (chart == NULL)
    return;
  g_free (chart->uid);
  g_free (chart->title);
  g_free (chart->unit);
  g_free (chart->caption);
  g_free (chart->alt_text);
  g_clear_pointer (&chart->series, g_array_unref);
  g_free (chart);
}

void
zona_local_area_free (ZonaLocalArea *area)
{
  if (area == NULL)
    return;
  g_free (area->uid);
  g_free (area->code);
  g_free (area->title);
  g_free (area);
}

void
zona_area_mapping_free (ZonaAreaMapping *mapping)
{
  if (mapping == NULL)
    return;
  g_free (mapping->regional_code);
  g_free (mapping);
}

void
zona_objective_free (ZonaObjective *objective)
{
  if (objective == NULL)
    return;
  g_free (objective->uid);
  g_free (objective->title);
  g_free (objective->regional_area);
  g_free (objective->predecessor_uid);
  g_free (objective);
}

void
zona_funding_source_free (ZonaFundingSource *source)
{
  if (source == NULL)
    return;
  g_free (source->uid);
  g_free (source->code);
  g_free (source->name);
  g_free (source->level);
  g_free (source);
}

void
zona_budget_line_free (ZonaBudgetLine *line)
{
  if (line == NULL)
    return;
  g_free (line->note);
  g_free (line);
}

void
zona_budget_total_free (ZonaBudgetTotal *total)
{
  g_free (total);
}

/* ---- helpers ------------------------------------------------------------ */

typedef enum {
  THING_ACTOR,
  THING_TABLE,
  THING_COLUMN,
  THING_ROW,
  THING_CHART,
  THING_AREA,
  THING_OBJECTIVE,
  THING_SOURCE,
  THING_BUDGET_LINE,
  THING_CARD,
} Thing;

static gboolean
no_such (Thing    thing,
         gint64   id,
         GError **error)
{
  long long v = (long long) id;

  switch (thing)
    {
    case THING_ACTOR:
      g_set_error (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_INVALID,
                   _("There is no actor with id %lld in this plan"), v);
      break;
    case THING_TABLE:
      g_set_error (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_INVALID,
                   _("There is no data table with id %lld in this plan"), v);
      break;
    case THING_COLUMN:
      g_set_error (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_INVALID,
                   _("There is no table column with id %lld in this plan"), v);
      break;
    case THING_ROW:
      g_set_error (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_INVALID,
                   _("There is no table row with id %lld in this plan"), v);
      break;
    case THING_CHART:
      g_set_error (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_INVALID,
                   _("There is no chart with id %lld in this plan"), v);
      break;
    case THING_AREA:
      g_set_error (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_INVALID,
                   _("There is no local area with id %lld in this plan"), v);
      break;
    case THING_OBJECTIVE:
      g_set_error (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_INVALID,
                   _("There is no objective with id %lld in this plan"), v);
      break;
    case THING_SOURCE:
      g_set_error (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_INVALID,
                   _("There is no funding source with id %lld in this plan"), v);
      break;
    case THING_BUDGET_LINE:
      g_set_error (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_INVALID,
                   _("There is no budget line with id %lld in this plan"), v);
      break;
    case THING_CARD:
      g_set_error (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_INVALID,
                   _("There is no card with id %lld in this plan"), v);
      break;
    default:
      g_assert_not_reached ();
    }
  return FALSE;
}

static gboolean
invalid_kind (GError **error)
{
  g_set_error_literal (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_INVALID,
                       _("Unknown kind or type"));
  return FALSE;
}



static void
bind_id (sqlite3_stmt *stmt,
         int           col,
         gint64        id)
{
  if (id > 0)
    sqlite3_bind_int64 (stmt, col, id);
  else
    sqlite3_bind_null (stmt, col);
}

static void
bind_amount (sqlite3_stmt *stmt,
             int           col,
             gint64        cents)
{
  if (cents != ZONA_AMOUNT_NONE)
    sqlite3_bind_int64 (stmt, col, cents);
  else
    sqlite3_bind_null (stmt, col);
}


static gint64
column_amount (sqlite3_stmt *stmt,
               int           col)
{
  if (sqlite3_column_type (stmt, col) == SQLITE_NULL)
    return ZONA_AMOUNT_NONE;
  return sqlite3_column_int64 (stmt, col);
}

static gboolean
check_texts (const char * const  *texts,
             guint                n_texts,
             GError             **error)
{
  for (guint i = 0; i < n_texts; i++)
    if (!zona_store_check_text (texts[i], error))
      return FALSE;
  return TRUE;
}
#define CHECK_TEXTS(error, ...) \
  check_texts ((const char * const []) { __VA_ARGS__ }, \
               G_N_ELEMENTS (((const char * const []) { __VA_ARGS__ })), error)



#define EXISTS_ACTOR "SELECT 1 FROM actor WHERE id = ?1"
#define EXISTS_TABLE "SELECT 1 FROM data_table WHERE id = ?1"
#define EXISTS_COLUMN "SELECT 1 FROM data_column WHERE id = ?1"
#define EXISTS_ROW "SELECT 1 FROM data_row WHERE id = ?1"
#define EXISTS_CHART "SELECT 1 FROM chart WHERE id = ?1"
#define EXISTS_AREA "SELECT 1 FROM local_area WHERE id = ?1"
#define EXISTS_OBJECTIVE "SELECT 1 FROM objective WHERE id = ?1"
#define EXISTS_SOURCE "SELECT 1 FROM funding_source WHERE id = ?1"
#define EXISTS_BUDGET_LINE "SELECT 1 FROM budget_line WHERE id = ?1"
#define EXISTS_CARD "SELECT 1 FROM block WHERE id = ?1 AND kind = 'card'"

/* One integer from a query with one bound id; @fallback when there is no row. */
static gint64
query_id (ZonaStore  *store,
          const char *sql,
          gint64      id,
          gint64      fallback)
{
  g_autoptr(ZonaStmt) stmt = zona_store_stmt (store, sql, NULL);

  if (stmt == NULL)
    return fallback;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);
  return fallback;
}

static gint64
find_uid (ZonaStore  *store,
          const char *sql,
          const char *uid)
{
  g_autoptr(ZonaStmt) stmt = NULL;

  g_return_val_if_fail (ZONA_IS_STORE (store), 0);

  if (uid == NULL)
    return 0;
  stmt = zona_store_stmt (store, sql, NULL);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, uid, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);
  return 0;
}



/* Runs @sql with ?1 bound to @id (and ?2 to @id2 when the statement has it). */
static gboolean
run_ids (ZonaStore   *store,
         const char  *sql,
         gint64       id,
         gint64       id2,
         GError     **error)
{
  g_autoptr(ZonaStmt) stmt = zona_store_stmt (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_bind_parameter_count (stmt) >= 2)
    sqlite3_bind_int64 (stmt, 2, id2);
  return zona_store_step_done (store, stmt, error);
}

/* Sets one text column of one record: “UPDATE t SET c = ?1 WHERE id = ?2 AND c IS NOT ?1”.
 * @required columns are NOT NULL (NULL becomes ""); others store "" as NULL. */
static gboolean
update_text (ZonaStore   *store,
             const char  *update_sql,
             const char  *exists_sql,
             Thing        thing,
             gint64       id,
             const char  *value,
             gboolean     required,
             const char  *merge_prefix,
             GError     **error)
{
  g_autofree char *merge = NULL;
  gboolean ok;

  g_return_val_if_fail (ZONA_IS_STORE (store), FALSE);

  value = required ? (value != NULL ? value : "") : zona_rows_optional (value);
  if (!zona_store_check_text (value, error) || !zona_store_tx_begin (store, error))
    return FALSE;
  {
    g_autoptr(ZonaStmt) stmt = zona_store_stmt (store, update_sql, error);

    ok = stmt != NULL;
    if (ok)
      {
        zona_rows_bind_text (stmt, 1, value);
        sqlite3_bind_int64 (stmt, 2, id);
        ok = zona_store_step_done (store, stmt, error);
      }
  }
  if (ok && zona_rows_changes (store) == 0 && !zona_rows_exists (store, exists_sql, id))
    ok = no_such (thing, id, error);
  if (merge_prefix != NULL)
    merge = g_strdup_printf ("%s:%" G_GINT64_FORMAT, merge_prefix, id);
  return zona_store_tx_end (store, ok, merge, error);
}

/* Same for an integer column: “UPDATE t SET c = ?1 WHERE id = ?2 AND c IS NOT ?1”;
 * @null_below: values below it are stored as NULL. */
static gboolean
update_int (ZonaStore   *store,
            const char  *update_sql,
            const char  *exists_sql,
            Thing        thing,
            gint64       id,
            gint64       value,
            gint64       null_below,
            GError     **error)
{
  gboolean ok;

  g_return_val_if_fail (ZONA_IS_STORE (store), FALSE);

  if (!zona_store_tx_begin (store, error))
    return FALSE;
  {
    g_autoptr(ZonaStmt) stmt = zona_store_stmt (store, update_sql, error);

    ok = stmt != NULL;
    if (ok)
      {
        if (value < null_below)
          sqlite3_bind_null (stmt, 1);
        else
          sqlite3_bind_int64 (stmt, 1, value);
        sqlite3_bind_int64 (stmt, 2, id);
        ok = zona_store_step_done (store, stmt, error);
      }
  }
  if (ok && zona_rows_changes (store) == 0 && !zona_rows_exists (store, exists_sql, id))
    ok = no_such (thing, id, error);
  return zona_store_tx_end (store, ok, NULL, error);
}

#define SET_SQL(table, column) \
  "UPDATE " table " SET " column " = ?1 WHERE id = ?2 AND " column " IS NOT ?1"

/* Deletes one record by id: one edit. */
static gboolean
delete_record (ZonaStore   *store,
               const char  *sql,
               Thing        thing,
               gint64       id,
               GError     **error)
{
  gboolean ok;

  g_return_val_if_fail (ZONA_IS_STORE (store), FALSE);

  if (!zona_store_tx_begin (store, error))
    return FALSE;
  ok = run_ids (store, sql, id, 0, error);
  if (ok && zona_rows_changes (store) == 0)
    ok = no_such (thing, id, error);
  return zona_store_tx_end (store, ok, NULL, error);
}

/* Gives the items listed by @list_sql (“SELECT id, position … ORDER BY position, id”,
 * ?1 = @parent_id if it has a parameter) the positions 0..n-1 in their order, with
 * @moved_id (when not 0) taken out and put at @target. Inside a transaction. */
static gboolean
renumber (ZonaStore   *store,
          const char  *list_sql,
          const char  *update_sql,
          gint64       parent_id,
          gint64       moved_id,
          int          target,
          GError     **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) positions = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 moved_position = -1;

  {
    g_autoptr(ZonaStmt) list = zona_store_stmt (store, list_sql, error);
    int rc;

    if (list == NULL)
      return FALSE;
    if (sqlite3_bind_parameter_count (list) > 0)
      sqlite3_bind_int64 (list, 1, parent_id);
    while ((rc = sqlite3_step (list)) == SQLITE_ROW)
      {
        gint64 id = sqlite3_column_int64 (list, 0);
        gint64 pos = sqlite3_column_int64 (list, 1);

        if (id == moved_id)
          {
            moved_position = pos;
            continue;
          }
        g_array_append_val (ids, id);
        g_array_append_val (positions, pos);
      }
    if (rc != SQLITE_DONE)
      return zona_store_sqlite_error (store, error);
  }
  if (moved_id != 0)
    {
      guint at = (guint) CLAMP (target, 0, (int) ids->len);
      g_array_insert_val (ids, at, moved_id);
      g_array_insert_val (positions, at, moved_position);
    }
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(ZonaStmt) stmt = NULL;

      if (g_array_index (positions, gint64, i) == (gint64) i)
        continue;
      stmt = zona_store_stmt (store, update_sql, error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int (stmt, 1, (int) i);
      sqlite3_bind_int64 (stmt, 2, g_array_index (ids, gint64, i));
      if (!zona_store_step_done (store, stmt, error))
        return FALSE;
    }
  return TRUE;
}

/* Moves one item of a positioned list: one edit. */
static gboolean
move_item (ZonaStore   *store,
           const char  *parent_sql,
           const char  *list_sql,
           const char  *update_sql,
           Thing        thing,
           gint64       id,
           int          new_position,
           GError     **error)
{
  gint64 parent_id;
  gboolean ok;

  g_return_val_if_fail (ZONA_IS_STORE (store), FALSE);

  /* parent_sql gives the list's parent id, or 0 for lists without one. */
  parent_id = query_id (store, parent_sql, id, -1);
  if (parent_id < 0)
    return no_such (thing, id, error);
  if (!zona_store_tx_begin (store, error))
    return FALSE;
  ok = renumber (store, list_sql, update_sql, parent_id, id, MAX (new_position, 0), error);
  return zona_store_tx_end (store, ok, NULL, error);
}

/* ---- actors ------------------------------------------------------------- */

#define ACTOR_COLUMNS "id, uid, position, kind, name, code, note"

static ZonaActor *
read_actor (sqlite3_stmt *stmt)
{
  ZonaActor *a = g_new0 (ZonaActor, 1);
  g_autofree char *kind = zona_store_column_text (stmt, 3);

  a->id = sqlite3_column_int64 (stmt, 0);
  a->uid = zona_rows_column_text_not_null (stmt, 1);
  a->position = sqlite3_column_int (stmt, 2);
  /* The column has no CHECK: a kind we do not know reads as “altro”. */
  if (!zona_actor_kind_from_string (kind, &a->kind))
    a->kind = ZONA_ACTOR_ALTRO;
  a->name = zona_rows_column_text_not_null (stmt, 4);
  a->code = zona_store_column_text (stmt, 5);
  a->note = zona_store_column_text (stmt, 6);
  return a;
}

gint64
zona_plan_data_add_actor (ZonaStore      *store,
                          ZonaActorKind   kind,
                          const char     *name,
                          const char     *code,
                          const char     *note,
                          const char     *uid,
                          GError        **error)
{
  g_autofree char *new_uid = NULL;
  gint64 id = 0;

  g_return_val_if_fail (ZONA_IS_STORE (store), 0);

  if ((guint) kind >= G_N_ELEMENTS (actor_kinds))
    return invalid_kind (error);
  name = name != NULL ? name : "";
  code = zona_rows_optional (code);
  note = zona_rows_optional (note);
  if (!CHECK_TEXTS (error, name, code, note) || !zona_rows_take_uid (uid, &new_uid, error)
      || !zona_store_tx_begin (store, error))
    return 0;
  {
    g_autoptr(ZonaStmt) stmt =
      zona_store_stmt (store, "INSERT INTO actor (uid, position, kind, name, code, note) "
                              "VALUES (?1, (SELECT coalesce (max (position), -1) + 1 FROM actor), "
                              "?2, ?3, ?4, ?5)", error);
    if (stmt != NULL)
      {
        sqlite3_bind_text (stmt, 1, new_uid, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 2, actor_kinds[kind], -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 3, name, -1, SQLITE_STATIC);
        zona_rows_bind_text (stmt, 4, code);
        zona_rows_bind_text (stmt, 5, note);
        id = zona_rows_step_insert (store, stmt, new_uid, error);
      }
  }
  return zona_store_tx_end (store, id > 0, NULL, error) ? id : 0;
}

gboolean
zona_plan_data_set_actor_kind (ZonaStore      *store,
                               gint64          actor_id,
                               ZonaActorKind   kind,
                               GError        **error)
{
  if ((guint) kind >= G_N_ELEMENTS (actor_kinds))
    return invalid_kind (error);
  return update_text (store, SET_SQL ("actor", "kind"), EXISTS_ACTOR, THING_ACTOR, actor_id,
                      actor_kinds[kind], TRUE, NULL, error);
}

gboolean
zona_plan_data_set_actor_name (ZonaStore   *store,
                               gint64       actor_id,
                               const char  *name,
                               GError     **error)
{
  return update_text (store, SET_SQL ("actor", "name"), EXISTS_ACTOR, THING_ACTOR, actor_id,
                      name, TRUE, "actor-name", error);
}

gboolean
zona_plan_data_set_actor_code (ZonaStore   *store,
                               gint64       actor_id,
                               const char  *code,
                               GError     **error)
{
  return update_text (store, SET_SQL ("actor", "code"), EXISTS_ACTOR, THING_ACTOR, actor_id,
                      code, FALSE, "actor-code", error);
}

gboolean
zona_plan_data_set_actor_note (ZonaStore   *store,
                               gint64       actor_id,
                               const char  *note,
                               GError     **error)
{
  return update_text (store, SET_SQL ("actor", "note"), EXISTS_ACTOR, THING_ACTOR, actor_id,
                      note, FALSE, "actor-note", error);
}

gboolean
zona_plan_data_move_actor (ZonaStore   *store,
                           gint64       actor_id,
                           int          new_position,
                           GError     **error)
{
  return move_item (store, "SELECT 0 FROM actor WHERE id = ?1",
                    "SELECT id, position FROM actor ORDER BY position, id",
                    "UPDATE actor SET position = ?1 WHERE id = ?2",
                    THING_ACTOR, actor_id, new_position, error);
}

/* Its memberships go too (undo brings them back). */
gboolean
zona_plan_data_delete_actor (ZonaStore   *store,
                             gint64       actor_id,
                             GError     **error)
{
  return delete_record (store, "DELETE FROM actor WHERE id = ?1", THING_ACTOR, actor_id, error);
}

GPtrArray *
zona_plan_data_list_actors (ZonaStore *store)
{
  g_autoptr(ZonaStmt) stmt = NULL;
  GPtrArray *ret = g_ptr_array_new_with_free_func ((GDestroyNotify) zona_actor_free);

  g_return_val_if_fail (ZONA_IS_STORE (store), ret);

  stmt = zona_store_stmt (store, "SELECT " ACTOR_COLUMNS " FROM actor ORDER BY position, id",
                          NULL);
  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (ret, read_actor (stmt));
  return ret;
}

ZonaActor *
zona_plan_data_get_actor (ZonaStore *store,
                          gint64     actor_id)
{
  g_autoptr(ZonaStmt) stmt = NULL;

  g_return_val_if_fail (ZONA_IS_STORE (store), NULL);

  stmt = zona_store_stmt (store, "SELECT " ACTOR_COLUMNS " FROM actor WHERE id = ?1", NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, actor_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    return read_actor (stmt);
  return NULL;
}

gint64
zona_plan_data_find_actor (ZonaStore  *store,
                           const char *uid)
{
  return find_uid (store, "SELECT id FROM actor WHERE uid = ?1", uid);
}

gboolean
zona_plan_data_add_member (ZonaStore   *store,
                           gint64       group_id,
                           gint64       member_id,
                           const char  *role,
                           GError     **error)
{
  gboolean ok = FALSE;

  g_return_val_if_fail (ZONA_IS_STORE (store), FALSE);

  role = zona_rows_optional (role);
  if (!zona_rows_exists (store, EXISTS_ACTOR, group_id))
    return no_such (THING_ACTOR, group_id, error);
  if (!zona_rows_exists (store, EXISTS_ACTOR, member_id))
    return no_such (THING_ACTOR, member_id, error);
  if (group_id == member_id)
    {
      g_set_error_literal (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_INVALID,
                           _("An actor cannot be a member of itself"));
      return FALSE;
    }
  if (!zona_store_check_text (role, error) || !zona_store_tx_begin (store, error))
    return FALSE;
  {
    g_autoptr(ZonaStmt) stmt =
      zona_store_stmt (store, "INSERT INTO actor_member (group_id, member_id, role) "
                              "VALUES (?1, ?2, ?3)", error);
    if (stmt != NULL)
      {
        sqlite3_bind_int64 (stmt, 1, group_id);
        sqlite3_bind_int64 (stmt, 2, member_id);
        zona_rows_bind_text (stmt, 3, role);
        if (sqlite3_step (stmt) == SQLITE_DONE)
          ok = TRUE;
        else if ((sqlite3_extended_errcode (zona_store_get_db (store)) & 0xff)
                 == SQLITE_CONSTRAINT)
          g_set_error_literal (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_INVALID,
                               _("The actor is already a member of this group"));
        else
          zona_store_sqlite_error (store, error);
      }
  }
  return zona_store_tx_end (store, ok, NULL, error);
}

static gboolean
not_a_member (GError **error)
{
  g_set_error_literal (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_INVALID,
                       _("The actor is not a member of this group"));
  return FALSE;
}

#define EXISTS_MEMBER "SELECT 1 FROM actor_member WHERE group_id = ?1 AND member_id = ?2"

static gboolean
is_member (ZonaStore *store,
           gint64     group_id,
           gint64     member_id)
{
  g_autoptr(ZonaStmt) stmt = zona_store_stmt (store, EXISTS_MEMBER, NULL);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, group_id);
  sqlite3_bind_int64 (stmt, 2, member_id);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

gboolean
zona_plan_data_set_member_role (ZonaStore   *store,
                                gint64       group_id,
                                gint64       member_id,
                                const char  *role,
                                GError     **error)
{
  g_autofree char *merge = NULL;
  gboolean ok;

  g_return_val_if_fail (ZONA_IS_STORE (store), FALSE);

  role = zona_rows_optional (role);
  if (!zona_store_check_text (role, error) || !zona_store_tx_begin (store, error))
    return FALSE;
  {
    g_autoptr(ZonaStmt) stmt =
      zona_store_stmt (store, "UPDATE actor_member SET role = ?3 WHERE group_id = ?1 "
                              "AND member_id = ?2 AND role IS NOT ?3", error);
    ok = stmt != NULL;
    if (ok)
      {
        sqlite3_bind_int64 (stmt, 1, group_id);
        sqlite3_bind_int64 (stmt, 2, member_id);
        zona_rows_bind_text (stmt, 3, role);
        ok = zona_store_step_done (store, stmt, error);
      }
  }
  if (ok && zona_rows_changes (store) == 0 && !is_member (store, group_id, member_id))
    ok = not_a_member (error);
  merge = g_strdup_printf ("member-role:%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT,
                           group_id, member_id);
  return zona_store_tx_end (store, ok, merge, error);
}

gboolean
zona_plan_data_remove_member (ZonaStore   *store,
                              gint64       group_id,
                              gint64       member_id,
                              GError     **error)
{
  gboolean ok;

  g_return_val_if_fail (ZONA_IS_STORE (store), FALSE);

  if (!zona_store_tx_begin (store, error))
    return FALSE;
  ok = run_ids (store, "DELETE FROM actor_member WHERE group_id = ?1 AND member_id = ?2",
                group_id, member_id, error);
  if (ok && zona_rows_changes (store) == 0)
    ok = not_a_member (error);
  return zona_store_tx_end (store, ok, NULL, error);
}

static GPtrArray *
list_memberships (ZonaStore  *store,
                  const char *sql,
                  gint64      id)
{
  g_autoptr(ZonaStmt) stmt = NULL;
  GPtrArray *ret = g_ptr_array_new_with_free_func ((GDestroyNotify) zona_actor_member_free);

  g_return_val_if_fail (ZONA_IS_STORE (store), ret);

  stmt = zona_store_stmt (store, sql, NULL);
  if (stmt == NULL)
    return ret;
  sqlite3_bind_int64 (stmt, 1, id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      ZonaActorMember *m = g_new0 (ZonaActorMember, 1);
      m->group_id = sqlite3_column_int64 (stmt, 0);
      m->member_id = sqlite3_column_int64 (stmt, 1);
      m->role = zona_store_column_text (stmt, 2);
      g_ptr_array_add (ret, m);
    }
  return ret;
}

GPtrArray *
zona_plan_data_list_members (ZonaStore *store,
                             gint64     group_id)
{
  return list_memberships (store, "SELECT m.group_id, m.member_id, m.role FROM actor_member m "
                                  "JOIN actor a ON a.id = m.member_id WHERE m.group_id = ?1 "
                                  "ORDER BY a.position, a.id", group_id);
}

GPtrArray *
zona_plan_data_list_groups (ZonaStore *store,
                            gint64     member_id)
{
  return list_memberships (store, "SELECT m.group_id, m.member_id, m.role FROM actor_member m "
                                  "JOIN actor a ON a.id = m.group_id WHERE m.member_id = ?1 "
                                  "ORDER BY a.position, a.id", member_id);
}

/* ---- data tables -------------------------------------------------------- */

#define TABLE_COLUMNS "id, uid, title, source, ref_date, note"
#define COLUMN_COLUMNS "id, table_id, position, name, type, unit"
#define ROW_COLUMNS "id, table_id, position, is_total"

#define LIST_COLUMN_POSITIONS \
  "SELECT id, position FROM data_column WHERE table_id = ?1 ORDER BY position, id"
#define SET_COLUMN_POSITION "UPDATE data_column SET position = ?1 WHERE id = ?2"
#define LIST_ROW_POSITIONS \
  "SELECT id, position FROM data_row WHERE table_id = ?1 ORDER BY position, id"
#define SET_ROW_POSITION "UPDATE data_row SET position = ?1 WHERE id = ?2"

static ZonaDataTable *
read_table (sqlite3_stmt *stmt)
{
  ZonaDataTable *t = g_new0 (ZonaDataTable, 1);

  t->id = sqlite3_column_int64 (stmt, 0);
  t->uid = zona_rows_column_text_not_null (stmt, 1);
  t->title = zona_rows_column_text_not_null (stmt, 2);
  t->source = zona_store_column_text (stmt, 3);
  t->ref_date = zona_store_column_text (stmt, 4);
  t->note = zona_store_column_text (stmt, 5);
  return t;
}

static ZonaDataColumn *
read_column (sqlite3_stmt *stmt)
{
  ZonaDataColumn *c = g_new0 (ZonaDataColumn, 1);
  g_autofree char *type = zona_store_column_text (stmt, 4);

  c->id = sqlite3_column_int64 (stmt, 0);
  c->table_id = sqlite3_column_int64 (stmt, 1);
  c->position = sqlite3_column_int (stmt, 2);
  c->name = zona_rows_column_text_not_null (stmt, 3);
  if (!zona_column_type_from_string (type, &c->type))
    c->type = ZONA_COLUMN_TEXT;
  c->unit = zona_store_column_text (stmt, 5);
  return c;
}

static ZonaDataRow *
read_row (sqlite3_stmt *stmt)
{
  ZonaDataRow *r = g_new0 (ZonaDataRow, 1);

  r->id = sqlite3_column_int64 (stmt, 0);
  r->table_id = sqlite3_column_int64 (stmt, 1);
  r->position = sqlite3_column_int (stmt, 2);
  r->is_total = sqlite3_column_int (stmt, 3) != 0;
  return r;
}

gint64
zona_plan_data_add_table (ZonaStore   *store,
                          const char  *uid,
                          const char  *title,
                          const char  *source,
                          const char  *ref_date,
                          const char  *note,
                          GError     **error)
{
  g_autofree char *new_uid = NULL;
  gint64 id = 0;

  g_return_val_if_fail (ZONA_IS_STORE (store), 0);

  title = title != NULL ? title : "";
  source = zona_rows_optional (source);
  ref_date = zona_rows_optional (ref_date);
  note = zona_rows_optional (note);
  if (!CHECK_TEXTS (error, title, source, ref_date, note) || !zona_rows_take_uid (uid, &new_uid, error)
      || !zona_store_tx_begin (store, error))
    return 0;
  {
    g_autoptr(ZonaStmt) stmt =
      zona_store_stmt (store, "INSERT INTO data_table (uid, title, source, ref_date, note) "
                              "VALUES (?1, ?2, ?3, ?4, ?5)", error);
    if (stmt != NULL)
      {
        sqlite3_bind_text (stmt, 1, new_uid, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 2, title, -1, SQLITE_STATIC);
        zona_rows_bind_text (stmt, 3, source);
        zona_rows_bind_text (stmt, 4, ref_date);
        zona_rows_bind_text (stmt, 5, note);
        id = zona_rows_step_insert (store, stmt, new_uid, error);
      }
  }
  return zona_store_tx_end (store, id > 0, NULL, error) ? id : 0;
}

gboolean
zona_plan_data_set_table_title (ZonaStore   *store,
                                gint64       table_id,
                                const char  *title,
                                GError     **error)
{
  return update_text (store, SET_SQL ("data_table", "title"), EXISTS_TABLE, THING_TABLE,
                      table_id, title, TRUE, "table-title", error);
}

gboolean
zona_plan_data_set_table_source (ZonaStore   *store,
                                 gint64       table_id,
                                 const char  *source,
                                 GError     **error)
{
  return update_text (store, SET_SQL ("data_table", "source"), EXISTS_TABLE, THING_TABLE,
                      table_id, source, FALSE, "table-source", error);
}

gboolean
zona_plan_data_set_table_ref_date (ZonaStore   *store,
                                   gint64       table_id,
                                   const char  *ref_date,
                                   GError     **error)
{
  return update_text (store, SET_SQL ("data_table", "ref_date"), EXISTS_TABLE, THING_TABLE,
                      table_id, ref_date, FALSE, "table-ref-date", error);
}

gboolean
zona_plan_data_set_table_note (ZonaStore   *store,
                               gint64       table_id,
                               const char  *note,
                               GError     **error)
{
  return update_text (store, SET_SQL ("data_table", "note"), EXISTS_TABLE, THING_TABLE,
                      table_id, note, FALSE, "table-note", error);
}

gboolean
zona_plan_data_delete_table (ZonaStore   *store,
                             gint64       table_id,
                             GError     **error)
{
  gboolean ok;

  g_return_val_if_fail (ZONA_IS_STORE (store), FALSE);

  if (!zona_rows_exists (store, EXISTS_TABLE, table_id))
    return no_such (THING_TABLE, table_id, error);
  if (!zona_store_tx_begin (store, error))
    return FALSE;
  /* The blocks that show it first: they name it by uid, which no foreign key follows. */
  ok = run_ids (store, "DELETE FROM block WHERE kind = 'chart' AND ref_uid IN "
                       "(SELECT uid FROM chart WHERE table_id = ?1)", table_id, 0, error)
    && run_ids (store, "DELETE FROM block WHERE kind = 'table' AND ref_uid = "
                       "(SELECT uid FROM data_table WHERE id = ?1)", table_id, 0, error)
    && run_ids (store, "DELETE FROM data_table WHERE id = ?1", table_id, 0, error);
  return zona_store_tx_end (store, ok, NULL, error);
}

GPtrArray *
zona_plan_data_list_tables (ZonaStore *store)
{
  g_autoptr(ZonaStmt) stmt = NULL;
  GPtrArray *ret = g_ptr_array_new_with_free_func ((GDestroyNotify) zona_data_table_free);

  g_return_val_if_fail (ZONA_IS_STORE (store), ret);

  stmt = zona_store_stmt (store, "SELECT " TABLE_COLUMNS " FROM data_table ORDER BY id", NULL);
  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (ret, read_table (stmt));
  return ret;
}

ZonaDataTable *
zona_plan_data_get_table (ZonaStore *store,
                          gint64     table_id)
{
  g_autoptr(ZonaStmt) stmt = NULL;

  g_return_val_if_fail (ZONA_IS_STORE (store), NULL);

  stmt = zona_store_stmt (store, "SELECT " TABLE_COLUMNS " FROM data_table WHERE id = ?1", NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, table_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    return read_table (stmt);
  return NULL;
}

gint64
zona_plan_data_find_table (ZonaStore  *store,
                           const char *uid)
{
  return find_uid (store, "SELECT id FROM data_table WHERE uid = ?1", uid);
}

/* The table's column ids in column order. */
static GArray *
table_column_ids (ZonaStore *store,
            gint64     table_id)
{
  g_autoptr(ZonaStmt) stmt = zona_store_stmt (store, LIST_COLUMN_POSITIONS, NULL);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (stmt == NULL)
    return ids;
  sqlite3_bind_int64 (stmt, 1, table_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  return ids;
}

static int
index_of (GArray *ids,
          gint64  id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      return (int) i;
  return -1;
}

/* Charts name their label column by position: after columns were added, moved or
 * deleted, make each label follow its column (or drop it with its column). */
static gboolean
relabel_charts (ZonaStore   *store,
                gint64       table_id,
                GArray      *before,
                GError     **error)
{
  g_autoptr(GArray) after = table_column_ids (store, table_id);
  g_autoptr(GArray) charts = g_array_new (FALSE, FALSE, sizeof (gint64));

  {
    g_autoptr(ZonaStmt) stmt =
      zona_store_stmt (store, "SELECT id, label_column FROM chart WHERE table_id = ?1 "
                              "AND label_column IS NOT NULL ORDER BY id", error);
    if (stmt == NULL)
      return FALSE;
    sqlite3_bind_int64 (stmt, 1, table_id);
    while (sqlite3_step (stmt) == SQLITE_ROW)
      {
        gint64 pair[2] = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1) };
        g_array_append_vals (charts, pair, 2);
      }
  }
  for (guint i = 0; i < charts->len; i += 2)
    {
      gint64 chart_id = g_array_index (charts, gint64, i);
      gint64 label = g_array_index (charts, gint64, i + 1);
      g_autoptr(ZonaStmt) stmt = NULL;
      int now;

      if (label < 0 || label >= (gint64) before->len)
        continue;
      now = index_of (after, g_array_index (before, gint64, label));
      if (now == label)
        continue;
      stmt = zona_store_stmt (store, "UPDATE chart SET label_column = ?1 WHERE id = ?2", error);
      if (stmt == NULL)
        return FALSE;
      if (now >= 0)
        sqlite3_bind_int (stmt, 1, now);
      else
        sqlite3_bind_null (stmt, 1);
      sqlite3_bind_int64 (stmt, 2, chart_id);
      if (!zona_store_step_done (store, stmt, error))
        return FALSE;
    }
  return TRUE;
}

gint64
zona_plan_data_add_column (ZonaStore       *store,
                           gint64           table_id,
                           int              position,
                           const char      *name,
                           ZonaColumnType   type,
                           const char      *unit,
                           GError         **error)
{
  g_autoptr(GArray) before = NULL;
  gint64 id = 0;

  g_return_val_if_fail (ZONA_IS_STORE (store), 0);

  if ((guint) type >= G_N_ELEMENTS (column_types))
    return invalid_kind (error);
  name = name != NULL ? name : "";
  unit = zona_rows_optional (unit);
  if (!CHECK_TEXTS (error, name, unit))
    return 0;
  if (!zona_rows_exists (store, EXISTS_TABLE, table_id))
    return no_such (THING_TABLE, table_id, error);
  if (!zona_store_tx_begin (store, error))
    return 0;
  before = table_column_ids (store, table_id);
  {
    g_autoptr(ZonaStmt) stmt =
      zona_store_stmt (store, "INSERT INTO data_column (table_id, position, name, type, unit) "
                              "VALUES (?1, (SELECT coalesce (max (position), -1) + 1 "
                              "FROM data_column WHERE table_id = ?1), ?2, ?3, ?4)", error);
    if (stmt != NULL)
      {
        sqlite3_bind_int64 (stmt, 1, table_id);
        sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 3, column_types[type], -1, SQLITE_STATIC);
        zona_rows_bind_text (stmt, 4, unit);
        id = zona_rows_step_insert (store, stmt, NULL, error);
      }
  }
  if (id > 0 && (!renumber (store, LIST_COLUMN_POSITIONS, SET_COLUMN_POSITION, table_id, id,
                            position < 0 ? G_MAXINT : position, error)
                 || !relabel_charts (store, table_id, before, error)))
    id = 0;
  return zona_store_tx_end (store, id > 0, NULL, error) ? id : 0;
}

gboolean
zona_plan_data_rename_column (ZonaStore   *store,
                              gint64       column_id,
                              const char  *name,
                              GError     **error)
{
  return update_text (store, SET_SQL ("data_column", "name"), EXISTS_COLUMN, THING_COLUMN,
                      column_id, name, TRUE, "column-name", error);
}

gboolean
zona_plan_data_set_column_type (ZonaStore       *store,
                                gint64           column_id,
                                ZonaColumnType   type,
                                GError         **error)
{
  if ((guint) type >= G_N_ELEMENTS (column_types))
    return invalid_kind (error);
  return update_text (store, SET_SQL ("data_column", "type"), EXISTS_COLUMN, THING_COLUMN,
                      column_id, column_types[type], TRUE, NULL, error);
}

gboolean
zona_plan_data_set_column_unit (ZonaStore   *store,
                                gint64       column_id,
                                const char  *unit,
                                GError     **error)
{
  return update_text (store, SET_SQL ("data_column", "unit"), EXISTS_COLUMN, THING_COLUMN,
                      column_id, unit, FALSE, "column-unit", error);
}

#define COLUMN_TABLE "SELECT table_id FROM data_column WHERE id = ?1"
#define ROW_TABLE "SELECT table_id FROM data_row WHERE id = ?1"

gboolean
zona_plan_data_delete_column (ZonaStore   *store,
                              gint64       column_id,
                              GError     **error)
{
  g_autoptr(GArray) before = NULL;
  gint64 table_id;
  gboolean ok;

  g_return_val_if_fail (ZONA_IS_STORE (store), FALSE);

  table_id = query_id (store, COLUMN_TABLE, column_id, 0);
  if (table_id <= 0)
    return no_such (THING_COLUMN, column_id, error);
  if (!zona_store_tx_begin (store, error))
    return FALSE;
  before = table_column_ids (store, table_id);
  ok = run_ids (store, "DELETE FROM data_column WHERE id = ?1", column_id, 0, error)
    && renumber (store, LIST_COLUMN_POSITIONS, SET_COLUMN_POSITION, table_id, 0, 0, error)
    && relabel_charts (store, table_id, before, error);
  return zona_store_tx_end (store, ok, NULL, error);
}

gboolean
zona_plan_data_move_column (ZonaStore   *store,
                            gint64       column_id,
                            int          new_position,
                            GError     **error)
{
  g_autoptr(GArray) before = NULL;
  gint64 table_id;
  gboolean ok;

  g_return_val_if_fail (ZONA_IS_STORE (store), FALSE);

  table_id = query_id (store, COLUMN_TABLE, column_id, 0);
  if (table_id <= 0)
    return no_such (THING_COLUMN, column_id, error);
  if (!zona_store_tx_begin (store, error))
    return FALSE;
  before = table_column_ids (store, table_id);
  ok = renumber (store, LIST_COLUMN_POSITIONS, SET_COLUMN_POSITION, table_id, column_id,
                 MAX (new_position, 0), error)
    && relabel_charts (store, table_id, before, error);
  return zona_store_tx_end (store, ok, NULL, error);
}

GPtrArray *
zona_plan_data_list_columns (ZonaStore *store,
                             gint64     table_id)
{
  g_autoptr(ZonaStmt) stmt = NULL;
  GPtrArray *ret = g_ptr_array_new_with_free_func ((GDestroyNotify) zona_data_column_free);

  g_return_val_if_fail (ZONA_IS_STORE (store), ret);

  stmt = zona_store_stmt (store, "SELECT " COLUMN_COLUMNS " FROM data_column WHERE table_id = ?1 "
                                 "ORDER BY position, id", NULL);
  if (stmt == NULL)
    return ret;
  sqlite3_bind_int64 (stmt, 1, table_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (ret, read_column (stmt));
  return ret;
}

gint64
zona_plan_data_add_row (ZonaStore   *store,
                        gint64       table_id,
                        int          position,
                        gboolean     is_total,
                        GError     **error)
{
  gint64 id = 0;

  g_return_val_if_fail (ZONA_IS_STORE (store), 0);

  if (!zona_rows_exists (store, EXISTS_TABLE, table_id))
    return no_such (THING_TABLE, table_id, error);
  if (!zona_store_tx_begin (store, error))
    return 0;
  {
    g_autoptr(ZonaStmt) stmt =
      zona_store_stmt (store, "INSERT INTO data_row (table_id, position, is_total) "
                              "VALUES (?1, (SELECT coalesce (max (position), -1) + 1 "
                              "FROM data_row WHERE table_id = ?1), ?2)", error);
    if (stmt != NULL)
      {
        sqlite3_bind_int64 (stmt, 1, table_id);
        sqlite3_bind_int (stmt, 2, is_total ? 1 : 0);
        id = zona_rows_step_insert (store, stmt, NULL, error);
      }
  }
  if (id > 0 && !renumber (store, LIST_ROW_POSITIONS, SET_ROW_POSITION, table_id, id,
                           position < 0 ? G_MAXINT : position, error))
    id = 0;
  return zona_store_tx_end (store, id > 0, NULL, error) ? id : 0;
}

gboolean
zona_plan_data_set_row_total (ZonaStore   *store,
                              gint64       row_id,
                              gboolean     is_total,
                              GError     **error)
{
  return update_int (store, SET_SQL ("data_row", "is_total"), EXISTS_ROW, THING_ROW, row_id,
                     is_total ? 1 : 0, G_MININT64, error);
}

gboolean
zona_plan_data_delete_row (ZonaStore   *store,
                           gint64       row_id,
                           GError     **error)
{
  gint64 table_id;
  gboolean ok;

  g_return_val_if_fail (ZONA_IS_STORE (store), FALSE);

  table_id = query_id (store, ROW_TABLE, row_id, 0);
  if (table_id <= 0)
    return no_such (THING_ROW, row_id, error);
  if (!zona_store_tx_begin (store, error))
    return FALSE;
  ok = run_ids (store, "DELETE FROM data_row WHERE id = ?1", row_id, 0, error)
    && renumber (store, LIST_ROW_POSITIONS, SET_ROW_POSITION, table_id, 0, 0, error);
  return zona_store_tx_end (store, ok, NULL, error);
}

gboolean
zona_plan_data_move_row (ZonaStore   *store,
                         gint64       row_id,
                         int          new_position,
                         GError     **error)
{
  return move_item (store, ROW_TABLE, LIST_ROW_POSITIONS, SET_ROW_POSITION, THING_ROW,
                    row_id, new_position, error);
}

GPtrArray *
zona_plan_data_list_rows (ZonaStore *store,
                          gint64     table_id)
{
  g_autoptr(ZonaStmt) stmt = NULL;
  GPtrArray *ret = g_ptr_array_new_with_free_func ((GDestroyNotify) zona_data_row_free);

  g_return_val_if_fail (ZONA_IS_STORE (store), ret);

  stmt = zona_store_stmt (store, "SELECT " ROW_COLUMNS " FROM data_row WHERE table_id = ?1 "
                                 "ORDER BY position, id", NULL);
  if (stmt == NULL)
    return ret;
  sqlite3_bind_int64 (stmt, 1, table_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (ret, read_row (stmt));
  return ret;
}

gboolean
zona_plan_data_set_cell (ZonaStore   *store,
                         gint64       row_id,
                         gint64       column_id,
                         const char  *text,
                         GError     **error)
{
  g_autofree char *merge = NULL;
  gint64 row_table, column_table;
  gboolean ok;

  g_return_val_if_fail (ZONA_IS_STORE (store), FALSE);

  text = zona_rows_optional (text);
  if (!zona_store_check_text (text, error))
    return FALSE;
  row_table = query_id (store, ROW_TABLE, row_id, 0);
  if (row_table <= 0)
    return no_such (THING_ROW, row_id, error);
  column_table = query_id (store, COLUMN_TABLE, column_id, 0);
  if (column_table <= 0)
    return no_such (THING_COLUMN, column_id, error);
  if (row_table != column_table)
    {
      g_set_error_literal (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_INVALID,
                           _("The row and the column belong to different tables"));
      return FALSE;
    }
  if (!zona_store_tx_begin (store, error))
    return FALSE;
  {
    g_autoptr(ZonaStmt) stmt = NULL;

    if (text == NULL)
      stmt = zona_store_stmt (store, "DELETE FROM data_cell WHERE row_id = ?1 AND column_id = ?2",
                              error);
    else
      stmt = zona_store_stmt (store, "INSERT INTO data_cell (row_id, column_id, value) "
                                     "VALUES (?1, ?2, ?3) ON CONFLICT (row_id, column_id) "
                                     "DO UPDATE SET value = excluded.value "
                                     "WHERE value IS NOT excluded.value", error);
    ok = stmt != NULL;
    if (ok)
      {
        sqlite3_bind_int64 (stmt, 1, row_id);
        sqlite3_bind_int64 (stmt, 2, column_id);
        if (text != NULL)
          sqlite3_bind_text (stmt, 3, text, -1, SQLITE_STATIC);
        ok = zona_store_step_done (store, stmt, error);
      }
  }
  merge = g_strdup_printf ("cell:%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT, row_id, column_id);
  return zona_store_tx_end (store, ok, merge, error);
}

char *
zona_plan_data_get_cell (ZonaStore *store,
                         gint64     row_id,
                         gint64     column_id)
{
  g_autoptr(ZonaStmt) stmt = NULL;

  g_return_val_if_fail (ZONA_IS_STORE (store), NULL);

  stmt = zona_store_stmt (store, "SELECT value FROM data_cell WHERE row_id = ?1 AND column_id = ?2",
                          NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, row_id);
  sqlite3_bind_int64 (stmt, 2, column_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    return zona_store_column_text (stmt, 0);
  return NULL;
}

ZonaTableContents *
zona_plan_data_get_table_contents (ZonaStore *store,
                                   gint64     table_id)
{
  g_autoptr(ZonaTableContents) ret = NULL;
  g_autoptr(GHashTable) column_index = NULL;
  g_autoptr(GHashTable) row_by_id = NULL;
  g_autoptr(ZonaStmt) stmt = NULL;
  ZonaDataTable *table;

  g_return_val_if_fail (ZONA_IS_STORE (store), NULL);

  table = zona_plan_data_get_table (store, table_id);
  if (table == NULL)
    return NULL;
  ret = g_new0 (ZonaTableContents, 1);
  ret->table = table;
  ret->columns = zona_plan_data_list_columns (store, table_id);
  ret->rows = zona_plan_data_list_rows (store, table_id);

  column_index = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, NULL);
  row_by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, NULL);
  for (guint i = 0; i < ret->columns->len; i++)
    {
      ZonaDataColumn *c = g_ptr_array_index (ret->columns, i);
      g_hash_table_insert (column_index, &c->id, GUINT_TO_POINTER (i + 1));
    }
  for (guint i = 0; i < ret->rows->len; i++)
    {
      ZonaDataRow *r = g_ptr_array_index (ret->rows, i);
      r->cells = g_ptr_array_new_full (ret->columns->len, g_free);
      g_ptr_array_set_size (r->cells, ret->columns->len);
      g_hash_table_insert (row_by_id, &r->id, r);
    }

  stmt = zona_store_stmt (store, "SELECT c.row_id, c.column_id, c.value FROM data_cell c "
                                 "JOIN data_row r ON r.id = c.row_id WHERE r.table_id = ?1", NULL);
  if (stmt == NULL)
    return g_steal_pointer (&ret);
  sqlite3_bind_int64 (stmt, 1, table_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 row_id = sqlite3_column_int64 (stmt, 0);
      gint64 col_id = sqlite3_column_int64 (stmt, 1);
      ZonaDataRow *r = g_hash_table_lookup (row_by_id, &row_id);
      guint index = GPOINTER_TO_UINT (g_hash_table_lookup (column_index, &col_id));

      /* A cell whose column is in another table (a damaged file) is not shown. */
      if (r == NULL || index == 0)
        continue;
      g_free (g_ptr_array_index (r->cells, index - 1));
      g_ptr_array_index (r->cells, index - 1) = zona_store_column_text (stmt, 2);
    }
  return g_steal_pointer (&ret);
}

/* ---- charts ------------------------------------------------------------- */

#define CHART_COLUMNS "id, uid, table_id, kind, title, label_column, unit, caption, alt_text"

static ZonaChart *
read_chart (ZonaStore    *store,
            sqlite3_stmt *stmt)
{
  ZonaChart *c = g_new0 (ZonaChart, 1);
  g_autofree char *kind = zona_store_column_text (stmt, 3);
  g_autoptr(ZonaStmt) series = NULL;

  c->id = sqlite3_column_int64 (stmt, 0);
  c->uid = zona_rows_column_text_not_null (stmt, 1);
  c->table_id = sqlite3_column_int64 (stmt, 2);
  /* The column has no CHECK: a kind we do not know reads as a bar chart. */
  if (!zona_chart_kind_from_string (kind, &c->kind))
    c->kind = ZONA_CHART_BAR;
  c->title = zona_store_column_text (stmt, 4);
  if (sqlite3_column_type (stmt, 5) == SQLITE_NULL)
    c->label_column = -1;
  else
    c->label_column = (int) CLAMP (sqlite3_column_int64 (stmt, 5), -1, G_MAXINT);
  c->unit = zona_store_column_text (stmt, 6);
  c->caption = zona_store_column_text (stmt, 7);
  c->alt_text = zona_store_column_text (stmt, 8);
  c->series = g_array_new (FALSE, FALSE, sizeof (gint64));

  series = zona_store_stmt (store, "SELECT column_id FROM chart_series WHERE chart_id = ?1 "
                                   "ORDER BY position", NULL);
  if (series == NULL)
    return c;
  sqlite3_bind_int64 (series, 1, c->id);
  while (sqlite3_step (series) == SQLITE_ROW)
    {
      gint64 col = sqlite3_column_int64 (series, 0);
      g_array_append_val (c->series, col);
    }
  return c;
}

static gboolean
check_label_column (ZonaStore   *store,
                    gint64       table_id,
                    int          label_column,
                    GError     **error)
{
  g_autoptr(GArray) ids = NULL;

  if (label_column < 0)
    return TRUE;
  ids = table_column_ids (store, table_id);
  if ((guint) label_column < ids->len)
    return TRUE;
  g_set_error (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_INVALID,
               _("The table has no column %d"), label_column + 1);
  return FALSE;
}

gint64
zona_plan_data_add_chart (ZonaStore      *store,
                          const char     *uid,
                          gint64          table_id,
                          ZonaChartKind   kind,
                          const char     *title,
                          int             label_column,
                          const char     *unit,
                          const char     *caption,
                          const char     *alt_text,
                          GError        **error)
{
  g_autofree char *new_uid = NULL;
  gint64 id = 0;

  g_return_val_if_fail (ZONA_IS_STORE (store), 0);

  if ((guint) kind >= G_N_ELEMENTS (chart_kinds))
    return invalid_kind (error);
  title = zona_rows_optional (title);
  unit = zona_rows_optional (unit);
  caption = zona_rows_optional (caption);
  alt_text = zona_rows_optional (alt_text);
  if (!CHECK_TEXTS (error, title, unit, caption, alt_text) || !zona_rows_take_uid (uid, &new_uid, error))
    return 0;
  if (!zona_rows_exists (store, EXISTS_TABLE, table_id))
    return no_such (THING_TABLE, table_id, error);
  if (!check_label_column (store, table_id, label_column, error)
      || !zona_store_tx_begin (store, error))
    return 0;
  {
    g_autoptr(ZonaStmt) stmt =
      zona_store_stmt (store, "INSERT INTO chart (uid, table_id, kind, title, label_column, unit, "
                              "caption, alt_text) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", error);
    if (stmt != NULL)
      {
        sqlite3_bind_text (stmt, 1, new_uid, -1, SQLITE_STATIC);
        sqlite3_bind_int64 (stmt, 2, table_id);
        sqlite3_bind_text (stmt, 3, chart_kinds[kind], -1, SQLITE_STATIC);
        zona_rows_bind_text (stmt, 4, title);
        if (label_column >= 0)
          sqlite3_bind_int (stmt, 5, label_column);
        zona_rows_bind_text (stmt, 6, unit);
        zona_rows_bind_text (stmt, 7, caption);
        zona_rows_bind_text (stmt, 8, alt_text);
        id = zona_rows_step_insert (store, stmt, new_uid, error);
      }
  }
  return zona_store_tx_end (store, id > 0, NULL, error) ? id : 0;
}

#define CHART_TABLE "SELECT table_id FROM chart WHERE id = ?1"

gboolean
zona_plan_data_set_chart_series (ZonaStore     *store,
                                 gint64         chart_id,
                                 const gint64  *column_ids,
                                 guint          n_columns,
                                 GError       **error)
{
  gint64 table_id;
  gboolean ok;

  g_return_val_if_fail (ZONA_IS_STORE (store), FALSE);
  g_return_val_if_fail (column_ids != NULL || n_columns == 0, FALSE);

  table_id = query_id (store, CHART_TABLE, chart_id, 0);
  if (table_id <= 0)
    return no_such (THING_CHART, chart_id, error);
  for (guint i = 0; i < n_columns; i++)
    {
      if (query_id (store, COLUMN_TABLE, column_ids[i], 0) != table_id)
        {
          g_set_error (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_INVALID,
                       _("Column %lld is not in the chart’s table"), (long long) column_ids[i]);
          return FALSE;
        }
      for (guint j = 0; j < i; j++)
        if (column_ids[j] == column_ids[i])
          {
            g_set_error_literal (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_INVALID,
                                 _("A column can be only one series of a chart"));
            return FALSE;
          }
    }
  if (!zona_store_tx_begin (store, error))
    return FALSE;
  ok = run_ids (store, "DELETE FROM chart_series WHERE chart_id = ?1", chart_id, 0, error);
  for (guint i = 0; ok && i < n_columns; i++)
    {
      g_autoptr(ZonaStmt) stmt =
        zona_store_stmt (store, "INSERT INTO chart_series (chart_id, position, column_id) "
                                "VALUES (?1, ?2, ?3)", error);
      ok = stmt != NULL;
      if (ok)
        {
          sqlite3_bind_int64 (stmt, 1, chart_id);
          sqlite3_bind_int (stmt, 2, (int) i);
          sqlite3_bind_int64 (stmt, 3, column_ids[i]);
          ok = zona_store_step_done (store, stmt, error);
        }
    }
  return zona_store_tx_end (store, ok, NULL, error);
}

gboolean
zona_plan_data_set_chart_kind (ZonaStore      *store,
                               gint64          chart_id,
                               ZonaChartKind   kind,
                               GError        **error)
{
  if ((guint) kind >= G_N_ELEMENTS (chart_kinds))
    return invalid_kind (error);
  return update_text (store, SET_SQL ("chart", "kind"), EXISTS_CHART, THING_CHART, chart_id,
                      chart_kinds[kind], TRUE, NULL, error);
}

gboolean
zona_plan_data_set_chart_label_column (ZonaStore   *store,
                                       gint64       chart_id,
                                       int          label_column,
                                       GError     **error)
{
  gint64 table_id;

  g_return_val_if_fail (ZONA_IS_STORE (store), FALSE);

  table_id = query_id (store, CHART_TABLE, chart_id, 0);
  if (table_id <= 0)
    return no_such (THING_CHART, chart_id, error);
  if (!check_label_column (store, table_id, label_column, error))
    return FALSE;
  return update_int (store, SET_SQL ("chart", "label_column"), EXISTS_CHART, THING_CHART,
                     chart_id, label_column, 0, error);
}

gboolean
zona_plan_data_set_chart_title (ZonaStore   *store,
                                gint64       chart_id,
                                const char  *title,
                                GError     **error)
{
  return update_text (store, SET_SQL ("chart", "title"), EXISTS_CHART, THING_CHART, chart_id,
                      title, FALSE, "chart-title", error);
}

gboolean
zona_plan_data_set_chart_unit (ZonaStore   *store,
                               gint64       chart_id,
                               const char  *unit,
                               GError     **error)
{
  return update_text (store, SET_SQL ("chart", "unit"), EXISTS_CHART, THING_CHART, chart_id,
                      unit, FALSE, "chart-unit", error);
}

gboolean
zona_plan_data_set_chart_caption (ZonaStore   *store,
                                  gint64       chart_id,
                                  const char  *caption,
                                  GError     **error)
{
  return update_text (store, SET_SQL ("chart", "caption"), EXISTS_CHART, THING_CHART, chart_id,
                      caption, FALSE, "chart-caption", error);
}

gboolean
zona_plan_data_set_chart_alt_text (ZonaStore   *store,
                                   gint64       chart_id,
                                   const char  *alt_text,
                                   GError     **error)
{
  return update_text (store, SET_SQL ("chart", "alt_text"), EXISTS_CHART, THING_CHART, chart_id,
                      alt_text, FALSE, "chart-alt-text", error);
}

gboolean
zona_plan_data_delete_chart (ZonaStore   *store,
                             gint64       chart_id,
                             GError     **error)
{
  gboolean ok;

  g_return_val_if_fail (ZONA_IS_STORE (store), FALSE);

  if (!zona_rows_exists (store, EXISTS_CHART, chart_id))
    return no_such (THING_CHART, chart_id, error);
  if (!zona_store_tx_begin (store, error))
    return FALSE;
  ok = run_ids (store, "DELETE FROM block WHERE kind = 'chart' AND ref_uid = "
                       "(SELECT uid FROM chart WHERE id = ?1)", chart_id, 0, error)
    && run_ids (store, "DELETE FROM chart WHERE id = ?1", chart_id, 0, error);
  return zona_store_tx_end (store, ok, NULL, error);
}

GPtrArray *
zona_plan_data_list_charts (ZonaStore *store,
                            gint64     table_id)
{
  g_autoptr(ZonaStmt) stmt = NULL;
  GPtrArray *ret = g_ptr_array_new_with_free_func ((GDestroyNotify) zona_chart_free);

  g_return_val_if_fail (ZONA_IS_STORE (store), ret);

  stmt = zona_store_stmt (store, "SELECT " CHART_COLUMNS " FROM chart "
                                 "WHERE ?1 = 0 OR table_id = ?1 ORDER BY id", NULL);
  if (stmt == NULL)
    return ret;
  sqlite3_bind_int64 (stmt, 1, table_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (ret, read_chart (store, stmt));
  return ret;
}

ZonaChart *
zona_plan_data_get_chart (ZonaStore *store,
                          gint64     chart_id)
{
  g_autoptr(ZonaStmt) stmt = NULL;

  g_return_val_if_fail (ZONA_IS_STORE (store), NULL);

  stmt = zona_store_stmt (store, "SELECT " CHART_COLUMNS " FROM chart WHERE id = ?1", NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, chart_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    return read_chart (store, stmt);
  return NULL;
}

gint64
zona_plan_data_find_chart (ZonaStore  *store,
                           const char *uid)
{
  return find_uid (store, "SELECT id FROM chart WHERE uid = ?1", uid);
}

/* ---- local areas -------------------------------------------------------- */

#define AREA_COLUMNS "id, uid, position, code, title"

static ZonaLocalArea *
read_area (sqlite3_stmt *stmt)
{
  ZonaLocalArea *a = g_new0 (ZonaLocalArea, 1);

  a->id = sqlite3_column_int64 (stmt, 0);
  a->uid = zona_rows_column_text_not_null (stmt, 1);
  a->position = sqlite3_column_int (stmt, 2);
  a->code = zona_store_column_text (stmt, 3);
  a->title = zona_rows_column_text_not_null (stmt, 4);
  return a;
}

gint64
zona_plan_data_add_local_area (ZonaStore   *store,
                               const char  *uid,
                               const char  *code,
                               const char  *title,
                               GError     **error)
{
  g_autofree char *new_uid = NULL;
  gint64 id = 0;

  g_return_val_if_fail (ZONA_IS_STORE (store), 0);

  code = zona_rows_optional (code);
  title = title != NULL ? title : "";
  if (!CHECK_TEXTS (error, code, title) || !zona_rows_take_uid (uid, &new_uid, error)
      || !zona_store_tx_begin (store, error))
    return 0;
  {
    g_autoptr(ZonaStmt) stmt =
      zona_store_stmt (store, "INSERT INTO local_area (uid, position, code, title) VALUES "
                              "(?1, (SELECT coalesce (max (position), -1) + 1 FROM local_area), "
                              "?2, ?3)", error);
    if (stmt != NULL)
      {
        sqlite3_bind_text (stmt, 1, new_uid, -1, SQLITE_STATIC);
        zona_rows_bind_text (stmt, 2, code);
        sqlite3_bind_text (stmt, 3, title, -1, SQLITE_STATIC);
        id = zona_rows_step_insert (store, stmt, new_uid, error);
      }
  }
  return zona_store_tx_end (store, id > 0, NULL, error) ? id : 0;
}

gboolean
zona_plan_data_set_local_area_code (ZonaStore   *store,
                                    gint64       area_id,
                                    const char  *code,
                                    GError     **error)
{
  return update_text (store, SET_SQL ("local_area", "code"), EXISTS_AREA, THING_AREA, area_id,
                      code, FALSE, "area-code", error);
}

gboolean
zona_plan_data_set_local_area_title (ZonaStore   *store,
                                     gint64       area_id,
                                     const char  *title,
                                     GError     **error)
{
  return update_text (store, SET_SQL ("local_area", "title"), EXISTS_AREA, THING_AREA, area_id,
                      title, TRUE, "area-title", error);
}

gboolean
zona_plan_data_move_local_area (ZonaStore   *store,
                                gint64       area_id,
                                int          new_position,
                                GError     **error)
{
  return move_item (store, "SELECT 0 FROM local_area WHERE id = ?1",
                    "SELECT id, position FROM local_area ORDER BY position, id",
                    "UPDATE local_area SET position = ?1 WHERE id = ?2",
                    THING_AREA, area_id, new_position, error);
}

gboolean
zona_plan_data_delete_local_area (ZonaStore   *store,
                                  gint64       area_id,
                                  GError     **error)
{
  return delete_record (store, "DELETE FROM local_area WHERE id = ?1", THING_AREA, area_id, error);
}

GPtrArray *
zona_plan_data_list_local_areas (ZonaStore *store)
{
  g_autoptr(ZonaStmt) stmt = NULL;
  GPtrArray *ret = g_ptr_array_new_with_free_func ((GDestroyNotify) zona_local_area_free);

  g_return_val_if_fail (ZONA_IS_STORE (store), ret);

  stmt = zona_store_stmt (store, "SELECT " AREA_COLUMNS " FROM local_area ORDER BY position, id",
                          NULL);
  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (ret, read_area (stmt));
  return ret;
}

ZonaLocalArea *
zona_plan_data_get_local_area (ZonaStore *store,
                               gint64     area_id)
{
  g_autoptr(ZonaStmt) stmt = NULL;

  g_return_val_if_fail (ZONA_IS_STORE (store), NULL);

  stmt = zona_store_stmt (store, "SELECT " AREA_COLUMNS " FROM local_area WHERE id = ?1", NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, area_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    return read_area (stmt);
  return NULL;
}

gint64
zona_plan_data_find_local_area (ZonaStore  *store,
                                const char *uid)
{
  return find_uid (store, "SELECT id FROM local_area WHERE uid = ?1", uid);
}

gboolean
zona_plan_data_set_mapping (ZonaStore   *store,
                            const char  *regional_code,
                            gint64       local_area_id,
                            gboolean     on,
                            GError     **error)
{
  gboolean ok;

  g_return_val_if_fail (ZONA_IS_STORE (store), FALSE);

  if (regional_code == NULL || *regional_code == '\0')
    {
      g_set_error_literal (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_INVALID,
                           _("A regional area needs a code"));
      return FALSE;
    }
  if (!zona_store_check_text (regional_code, error))
    return FALSE;
  if (!zona_rows_exists (store, EXISTS_AREA, local_area_id))
    return no_such (THING_AREA, local_area_id, error);
  if (!zona_store_tx_begin (store, error))
    return FALSE;
  {
    g_autoptr(ZonaStmt) stmt = NULL;

    if (on)
      stmt = zona_store_stmt (store, "INSERT OR IGNORE INTO area_mapping (regional_code, "
                                     "local_area_id) VALUES (?1, ?2)", error);
    else
      stmt = zona_store_stmt (store, "DELETE FROM area_mapping WHERE regional_code = ?1 "
                                     "AND local_area_id = ?2", error);
    ok = stmt != NULL;
    if (ok)
      {
        sqlite3_bind_text (stmt, 1, regional_code, -1, SQLITE_STATIC);
        sqlite3_bind_int64 (stmt, 2, local_area_id);
        ok = zona_store_step_done (store, stmt, error);
      }
  }
  return zona_store_tx_end (store, ok, NULL, error);
}

GPtrArray *
zona_plan_data_list_mappings (ZonaStore *store)
{
  g_autoptr(ZonaStmt) stmt = NULL;
  GPtrArray *ret = g_ptr_array_new_with_free_func ((GDestroyNotify) zona_area_mapping_free);

  g_return_val_if_fail (ZONA_IS_STORE (store), ret);

  stmt = zona_store_stmt (store, "SELECT m.regional_code, m.local_area_id FROM area_mapping m "
                                 "JOIN local_area a ON a.id = m.local_area_id "
                                 "ORDER BY a.position, a.id, m.regional_code", NULL);
  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    {
      ZonaAreaMapping *m = g_new0 (ZonaAreaMapping, 1);
      m->regional_code = zona_rows_column_text_not_null (stmt, 0);
      m->local_area_id = sqlite3_column_int64 (stmt, 1);
      g_ptr_array_add (ret, m);
    }
  return ret;
}

/* ---- objectives --------------------------------------------------------- */

#define OBJECTIVE_COLUMNS \
  "id, uid, position, card_id, title, regional_area, local_area_id, predecessor_uid"

static ZonaObjective *
read_objective (sqlite3_stmt *stmt)
{
  ZonaObjective *o = g_new0 (ZonaObjective, 1);

  o->id = sqlite3_column_int64 (stmt, 0);
  o->uid = zona_rows_column_text_not_null (stmt, 1);
  o->position = sqlite3_column_int (stmt, 2);
  o->card_id = sqlite3_column_int64 (stmt, 3);
  o->title = zona_rows_column_text_not_null (stmt, 4);
  o->regional_area = zona_store_column_text (stmt, 5);
  o->local_area_id = sqlite3_column_int64 (stmt, 6);
  o->predecessor_uid = zona_store_column_text (stmt, 7);
  return o;
}

static gboolean
check_refs (ZonaStore  *store,
            gint64      card_id,
            gint64      local_area_id,
            GError    **error)
{
  if (card_id != 0 && !zona_rows_exists (store, EXISTS_CARD, card_id))
    return no_such (THING_CARD, card_id, error);
  if (local_area_id != 0 && !zona_rows_exists (store, EXISTS_AREA, local_area_id))
    return no_such (THING_AREA, local_area_id, error);
  return TRUE;
}

gint64
zona_plan_data_add_objective (ZonaStore   *store,
                              const char  *uid,
                              const char  *title,
                              gint64       card_id,
                              const char  *regional_area,
                              gint64       local_area_id,
                              const char  *predecessor_uid,
                              GError     **error)
{
  g_autofree char *new_uid = NULL;
  gint64 id = 0;

  g_return_val_if_fail (ZONA_IS_STORE (store), 0);

  title = title != NULL ? title : "";
  regional_area = zona_rows_optional (regional_area);
  predecessor_uid = zona_rows_optional (predecessor_uid);
  if (!CHECK_TEXTS (error, title, regional_area, predecessor_uid)
      || !zona_rows_take_uid (uid, &new_uid, error) || !check_refs (store, card_id, local_area_id, error)
      || !zona_store_tx_begin (store, error))
    return 0;
  {
    g_autoptr(ZonaStmt) stmt =
      zona_store_stmt (store, "INSERT INTO objective (uid, position, card_id, title, "
                              "regional_area, local_area_id, predecessor_uid) VALUES (?1, "
                              "(SELECT coalesce (max (position), -1) + 1 FROM objective), "
                              "?2, ?3, ?4, ?5, ?6)", error);
    if (stmt != NULL)
      {
        sqlite3_bind_text (stmt, 1, new_uid, -1, SQLITE_STATIC);
        bind_id (stmt, 2, card_id);
        sqlite3_bind_text (stmt, 3, title, -1, SQLITE_STATIC);
        zona_rows_bind_text (stmt, 4, regional_area);
        bind_id (stmt, 5, local_area_id);
        zona_rows_bind_text (stmt, 6, predecessor_uid);
        id = zona_rows_step_insert (store, stmt, new_uid, error);
      }
  }
  return zona_store_tx_end (store, id > 0, NULL, error) ? id : 0;
}

gboolean
zona_plan_data_set_objective_title (ZonaStore   *store,
                                    gint64       objective_id,
                                    const char  *title,
                                    GError     **error)
{
  return update_text (store, SET_SQL ("objective", "title"), EXISTS_OBJECTIVE, THING_OBJECTIVE,
                      objective_id, title, TRUE, "objective-title", error);
}

gboolean
zona_plan_data_set_objective_card (ZonaStore   *store,
                                   gint64       objective_id,
                                   gint64       card_id,
                                   GError     **error)
{
  g_return_val_if_fail (ZONA_IS_STORE (store), FALSE);

  if (!check_refs (store, card_id, 0, error))
    return FALSE;
  return update_int (store, SET_SQL ("objective", "card_id"), EXISTS_OBJECTIVE, THING_OBJECTIVE,
                     objective_id, card_id, 1, error);
}

gboolean
zona_plan_data_set_objective_regional_area (ZonaStore   *store,
                                            gint64       objective_id,
                                            const char  *regional_area,
                                            GError     **error)
{
  return update_text (store, SET_SQL ("objective", "regional_area"), EXISTS_OBJECTIVE,
                      THING_OBJECTIVE, objective_id, regional_area, FALSE, NULL, error);
}

gboolean
zona_plan_data_set_objective_local_area (ZonaStore   *store,
                                         gint64       objective_id,
                                         gint64       local_area_id,
                                         GError     **error)
{
  g_return_val_if_fail (ZONA_IS_STORE (store), FALSE);

  if (!check_refs (store, 0, local_area_id, error))
    return FALSE;
  return update_int (store, SET_SQL ("objective", "local_area_id"), EXISTS_OBJECTIVE,
                     THING_OBJECTIVE, objective_id, local_area_id, 1, error);
}

gboolean
zona_plan_data_set_objective_predecessor (ZonaStore   *store,
                                          gint64       objective_id,
                                          const char  *predecessor_uid,
                                          GError     **error)
{
  return update_text (store, SET_SQL ("objective", "predecessor_uid"), EXISTS_OBJECTIVE,
                      THING_OBJECTIVE, objective_id, predecessor_uid, FALSE,
                      "objective-predecessor", error);
}

gboolean
zona_plan_data_move_objective (ZonaStore   *store,
                               gint64       objective_id,
                               int          new_position,
                               GError     **error)
{
  return move_item (store, "SELECT 0 FROM objective WHERE id = ?1",
                    "SELECT id, position FROM objective ORDER BY position, id",
                    "UPDATE objective SET position = ?1 WHERE id = ?2",
                    THING_OBJECTIVE, objective_id, new_position, error);
}

gboolean
zona_plan_data_delete_objective (ZonaStore   *store,
                                 gint64       objective_id,
                                 GError     **error)
{
  return delete_record (store, "DELETE FROM objective WHERE id = ?1", THING_OBJECTIVE,
                        objective_id, error);
}

GPtrArray *
zona_plan_data_list_objectives (ZonaStore *store)
{
  g_autoptr(ZonaStmt) stmt = NULL;
  GPtrArray *ret = g_ptr_array_new_with_free_func ((GDestroyNotify) zona_objective_free);

  g_return_val_if_fail (ZONA_IS_STORE (store), ret);

  stmt = zona_store_stmt (store, "SELECT " OBJECTIVE_COLUMNS " FROM objective "
                                 "ORDER BY position, id", NULL);
  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (ret, read_objective (stmt));
  return ret;
}

ZonaObjective *
zona_plan_data_get_objective (ZonaStore *store,
                              gint64     objective_id)
{
  g_autoptr(ZonaStmt) stmt = NULL;

  g_return_val_if_fail (ZONA_IS_STORE (store), NULL);

  stmt = zona_store_stmt (store, "SELECT " OBJECTIVE_COLUMNS " FROM objective WHERE id = ?1",
                          NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, objective_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    return read_objective (stmt);
  return NULL;
}

gint64
zona_plan_data_find_objective (ZonaStore  *store,
                               const char *uid)
{
  return find_uid (store, "SELECT id FROM objective WHERE uid = ?1", uid);
}

gint64
zona_plan_data_find_objective_for_card (ZonaStore *store,
                                        gint64     card_id)
{
  g_return_val_if_fail (ZONA_IS_STORE (store), 0);

  if (card_id <= 0)
    return 0;
  return query_id (store, "SELECT id FROM objective WHERE card_id = ?1 "
                          "ORDER BY position, id LIMIT 1", card_id, 0);
}

/* ---- funding sources ---------------------------------------------------- */

#define SOURCE_COLUMNS "id, uid, position, code, name, level"

static ZonaFundingSource *
read_source (sqlite3_stmt *stmt)
{
  ZonaFundingSource *s = g_new0 (ZonaFundingSource, 1);

  s->id = sqlite3_column_int64 (stmt, 0);
  s->uid = zona_rows_column_text_not_null (stmt, 1);
  s->position = sqlite3_column_int (stmt, 2);
  s->code = zona_store_column_text (stmt, 3);
  s->name = zona_rows_column_text_not_null (stmt, 4);
  s->level = zona_store_column_text (stmt, 5);
  return s;
}

gint64
zona_plan_data_add_funding_source (ZonaStore   *store,
                                   const char  *uid,
                                   const char  *code,
                                   const char  *name,
                                   const char  *level,
                                   GError     **error)
{
  g_autofree char *new_uid = NULL;
  gint64 id = 0;

  g_return_val_if_fail (ZONA_IS_STORE (store), 0);

  code = zona_rows_optional (code);
  name = name != NULL ? name : "";
  level = zona_rows_optional (level);
  if (!CHECK_TEXTS (error, code, name, level) || !zona_rows_take_uid (uid, &new_uid, error)
      || !zona_store_tx_begin (store, error))
    return 0;
  {
    g_autoptr(ZonaStmt) stmt =
      zona_store_stmt (store, "INSERT INTO funding_source (uid, position, code, name, level) "
                              "VALUES (?1, (SELECT coalesce (max (position), -1) + 1 "
                              "FROM funding_source), ?2, ?3, ?4)", error);
    if (stmt != NULL)
      {
        sqlite3_bind_text (stmt, 1, new_uid, -1, SQLITE_STATIC);
        zona_rows_bind_text (stmt, 2, code);
        sqlite3_bind_text (stmt, 3, name, -1, SQLITE_STATIC);
        zona_rows_bind_text (stmt, 4, level);
        id = zona_rows_step_insert (store, stmt, new_uid, error);
      }
  }
  return zona_store_tx_end (store, id > 0, NULL, error) ? id : 0;
}

gboolean
zona_plan_data_set_funding_source_code (ZonaStore   *store,
                                        gint64       source_id,
                                        const char  *code,
                                        GError     **error)
{
  return update_text (store, SET_SQL ("funding_source", "code"), EXISTS_SOURCE, THING_SOURCE,
                      source_id, code, FALSE, "source-code", error);
}

gboolean
zona_plan_data_set_funding_source_name (ZonaStore   *store,
                                        gint64       source_id,
                                        const char  *name,
                                        GError     **error)
{
  return update_text (store, SET_SQL ("funding_source", "name"), EXISTS_SOURCE, THING_SOURCE,
                      source_id, name, TRUE, "source-name", error);
}

gboolean
zona_plan_data_set_funding_source_level (ZonaStore   *store,
                                         gint64       source_id,
                                         const char  *level,
                                         GError     **error)
{
  return update_text (store, SET_SQL ("funding_source", "level"), EXISTS_SOURCE, THING_SOURCE,
                      source_id, level, FALSE, "source-level", error);
}

gboolean
zona_plan_data_move_funding_source (ZonaStore   *store,
                                    gint64       source_id,
                                    int          new_position,
                                    GError     **error)
{
  return move_item (store, "SELECT 0 FROM funding_source WHERE id = ?1",
                    "SELECT id, position FROM funding_source ORDER BY position, id",
                    "UPDATE funding_source SET position = ?1 WHERE id = ?2",
                    THING_SOURCE, source_id, new_position, error);
}

gboolean
zona_plan_data_delete_funding_source (ZonaStore   *store,
                                      gint64       source_id,
                                      GError     **error)
{
  return delete_record (store, "DELETE FROM funding_source WHERE id = ?1", THING_SOURCE,
                        source_id, error);
}

GPtrArray *
zona_plan_data_list_funding_sources (ZonaStore *store)
{
  g_autoptr(ZonaStmt) stmt = NULL;
  GPtrArray *ret = g_ptr_array_new_with_free_func ((GDestroyNotify) zona_funding_source_free);

  g_return_val_if_fail (ZONA_IS_STORE (store), ret);

  stmt = zona_store_stmt (store, "SELECT " SOURCE_COLUMNS " FROM funding_source "
                                 "ORDER BY position, id", NULL);
  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (ret, read_source (stmt));
  return ret;
}

ZonaFundingSource *
zona_plan_data_get_funding_source (ZonaStore *store,
                                   gint64     source_id)
{
  g_autoptr(ZonaStmt) stmt = NULL;

  g_return_val_if_fail (ZONA_IS_STORE (store), NULL);

  stmt = zona_store_stmt (store, "SELECT " SOURCE_COLUMNS " FROM funding_source WHERE id = ?1",
                          NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, source_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    return read_source (stmt);
  return NULL;
}

gint64
zona_plan_data_find_funding_source (ZonaStore  *store,
                                    const char *uid)
{
  return find_uid (store, "SELECT id FROM funding_source WHERE uid = ?1", uid);
}

/* ---- budget lines ------------------------------------------------------- */

#define BUDGET_COLUMNS \
  "id, objective_id, source_id, position, year, stanziato, impegnato, liquidato, note"

static ZonaBudgetLine *
read_budget_line (sqlite3_stmt *stmt)
{
  ZonaBudgetLine *b = g_new0 (ZonaBudgetLine, 1);

  b->id = sqlite3_column_int64 (stmt, 0);
  b->objective_id = sqlite3_column_int64 (stmt, 1);
  b->source_id = sqlite3_column_int64 (stmt, 2);
  b->position = sqlite3_column_int (stmt, 3);
  b->year = (int) CLAMP (sqlite3_column_int64 (stmt, 4), 0, G_MAXINT);
  b->stanziato = column_amount (stmt, 5);
  b->impegnato = column_amount (stmt, 6);
  b->liquidato = column_amount (stmt, 7);
  b->note = zona_store_column_text (stmt, 8);
  return b;
}

static gboolean
check_budget (ZonaStore   *store,
              gint64       source_id,
              int          year,
              gint64       stanziato,
              gint64       impegnato,
              gint64       liquidato,
              const char  *note,
              GError     **error)
{
  gint64 amounts[] = { stanziato, impegnato, liquidato };

  if (source_id != 0 && !zona_rows_exists (store, EXISTS_SOURCE, source_id))
    return no_such (THING_SOURCE, source_id, error);
  if (year < 0 || year > 9999)
    {
      g_set_error (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_INVALID,
                   _("%d is not a year"), year);
      return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (amounts); i++)
    if (amounts[i] != ZONA_AMOUNT_NONE
        && (amounts[i] > ZONA_AMOUNT_MAX || amounts[i] < -ZONA_AMOUNT_MAX))
      {
        g_set_error_literal (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_INVALID,
                             _("The amount is too large"));
        return FALSE;
      }
  return zona_store_check_text (note, error);
}

static void
bind_budget (sqlite3_stmt *stmt,
             gint64        source_id,
             int           year,
             gint64        stanziato,
             gint64        impegnato,
             gint64        liquidato,
             const char   *note)
{
  bind_id (stmt, 2, source_id);
  if (year > 0)
    sqlite3_bind_int (stmt, 3, year);
  else
    sqlite3_bind_null (stmt, 3);
  bind_amount (stmt, 4, stanziato);
  bind_amount (stmt, 5, impegnato);
  bind_amount (stmt, 6, liquidato);
  zona_rows_bind_text (stmt, 7, note);
}

gint64
zona_plan_data_add_budget_line (ZonaStore   *store,
                                gint64       objective_id,
                                gint64       source_id,
                                int          year,
                                gint64       stanziato,
                                gint64       impegnato,
                                gint64       liquidato,
                                const char  *note,
                                GError     **error)
{
  gint64 id = 0;

  g_return_val_if_fail (ZONA_IS_STORE (store), 0);

  note = zona_rows_optional (note);
  if (!zona_rows_exists (store, EXISTS_OBJECTIVE, objective_id))
    return no_such (THING_OBJECTIVE, objective_id, error);
  if (!check_budget (store, source_id, year, stanziato, impegnato, liquidato, note, error)
      || !zona_store_tx_begin (store, error))
    return 0;
  {
    g_autoptr(ZonaStmt) stmt =
      zona_store_stmt (store, "INSERT INTO budget_line (objective_id, position, source_id, year, "
                              "stanziato, impegnato, liquidato, note) VALUES (?1, "
                              "(SELECT coalesce (max (position), -1) + 1 FROM budget_line "
                              "WHERE objective_id = ?1), ?2, ?3, ?4, ?5, ?6, ?7)", error);
    if (stmt != NULL)
      {
        sqlite3_bind_int64 (stmt, 1, objective_id);
        bind_budget (stmt, source_id, year, stanziato, impegnato, liquidato, note);
        id = zona_rows_step_insert (store, stmt, NULL, error);
      }
  }
  return zona_store_tx_end (store, id > 0, NULL, error) ? id : 0;
}

gboolean
zona_plan_data_update_budget_line (ZonaStore   *store,
                                   gint64       line_id,
                                   gint64       source_id,
                                   int          year,
                                   gint64       stanziato,
                                   gint64       impegnato,
                                   gint64       liquidato,
                                   const char  *note,
                                   GError     **error)
{
  g_autofree char *merge = NULL;
  gboolean ok;

  g_return_val_if_fail (ZONA_IS_STORE (store), FALSE);

  note = zona_rows_optional (note);
  if (!zona_rows_exists (store, EXISTS_BUDGET_LINE, line_id))
    return no_such (THING_BUDGET_LINE, line_id, error);
  if (!check_budget (store, source_id, year, stanziato, impegnato, liquidato, note, error)
      || !zona_store_tx_begin (store, error))
    return FALSE;
  {
    g_autoptr(ZonaStmt) stmt =
      zona_store_stmt (store, "UPDATE budget_line SET source_id = ?2, year = ?3, stanziato = ?4, "
                              "impegnato = ?5, liquidato = ?6, note = ?7 WHERE id = ?1 AND "
                              "(source_id IS NOT ?2 OR year IS NOT ?3 OR stanziato IS NOT ?4 "
                              "OR impegnato IS NOT ?5 OR liquidato IS NOT ?6 OR note IS NOT ?7)",
                       error);
    ok = stmt != NULL;
    if (ok)
      {
        sqlite3_bind_int64 (stmt, 1, line_id);
        bind_budget (stmt, source_id, year, stanziato, impegnato, liquidato, note);
        ok = zona_store_step_done (store, stmt, error);
      }
  }
  merge = g_strdup_printf ("budget:%" G_GINT64_FORMAT, line_id);
  return zona_store_tx_end (store, ok, merge, error);
}

gboolean
zona_plan_data_delete_budget_line (ZonaStore   *store,
                                   gint64       line_id,
                                   GError     **error)
{
  return delete_record (store, "DELETE FROM budget_line WHERE id = ?1", THING_BUDGET_LINE,
                        line_id, error);
}

GPtrArray *
zona_plan_data_list_budget_lines (ZonaStore *store,
                                  gint64     objective_id)
{
  g_autoptr(ZonaStmt) stmt = NULL;
  GPtrArray *ret = g_ptr_array_new_with_free_func ((GDestroyNotify) zona_budget_line_free);

  g_return_val_if_fail (ZONA_IS_STORE (store), ret);

  stmt = zona_store_stmt (store, "SELECT " BUDGET_COLUMNS " FROM budget_line "
                                 "WHERE objective_id = ?1 ORDER BY position, id", NULL);
  if (stmt == NULL)
    return ret;
  sqlite3_bind_int64 (stmt, 1, objective_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (ret, read_budget_line (stmt));
  return ret;
}

/* Adds a given amount to a sum; a sum too large for the type stays at its limit. */
static void
add_amount (gint64 *sum,
            gint64  cents)
{
  gint64 result;

  if (cents == ZONA_AMOUNT_NONE)
    return;
  if (*sum == ZONA_AMOUNT_NONE)
    {
      *sum = cents;
      return;
    }
  if (__builtin_add_overflow (*sum, cents, &result))
    result = cents > 0 ? G_MAXINT64 : G_MININT64 + 1;
  *sum = result;
}

/* Sums lines grouped by column 0 of @sql (a group id, NULL read as 0), in query order. */
static GPtrArray *
budget_totals (ZonaStore  *store,
               const char *sql,
               gboolean    by_objective)
{
  g_autoptr(ZonaStmt) stmt = NULL;
  GPtrArray *ret = g_ptr_array_new_with_free_func ((GDestroyNotify) zona_budget_total_free);
  ZonaBudgetTotal *cur = NULL;

  g_return_val_if_fail (ZONA_IS_STORE (store), ret);

  stmt = zona_store_stmt (store, sql, NULL);
  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 group = sqlite3_column_int64 (stmt, 0);

      if (cur == NULL || (by_objective ? cur->objective_id : cur->source_id) != group)
        {
          cur = g_new0 (ZonaBudgetTotal, 1);
          if (by_objective)
            cur->objective_id = group;
          else
            cur->source_id = group;
          cur->stanziato = cur->impegnato = cur->liquidato = ZONA_AMOUNT_NONE;
          g_ptr_array_add (ret, cur);
        }
      cur->n_lines++;
      add_amount (&cur->stanziato, column_amount (stmt, 1));
      add_amount (&cur->impegnato, column_amount (stmt, 2));
      add_amount (&cur->liquidato, column_amount (stmt, 3));
    }
  return ret;
}

GPtrArray *
zona_plan_data_budget_by_objective (ZonaStore *store)
{
  return budget_totals (store, "SELECT b.objective_id, b.stanziato, b.impegnato, b.liquidato "
                               "FROM budget_line b JOIN objective o ON o.id = b.objective_id "
                               "ORDER BY o.position, o.id", TRUE);
}

GPtrArray *
zona_plan_data_budget_by_source (ZonaStore *store)
{
  return budget_totals (store, "SELECT coalesce (s.id, 0), b.stanziato, b.impegnato, b.liquidato "
                               "FROM budget_line b LEFT JOIN funding_source s ON s.id = b.source_id "
                               "ORDER BY s.id IS NULL, s.position, s.id", FALSE);
}

/* ---- totals ------------------------------------------------------------- */

gboolean
zona_column_type_adds_up (ZonaColumnType type)
{
  return type == ZONA_COLUMN_INTEGER || type == ZONA_COLUMN_DECIMAL || type == ZONA_COLUMN_MONEY;
}

gboolean
zona_table_contents_sum_above (const ZonaTableContents *contents,
                               guint                    row,
                               guint                    column,
                               double                  *sum)
{
  gboolean any = FALSE;

  g_return_val_if_fail (contents != NULL && sum != NULL, FALSE);

  *sum = 0;
  for (guint r = 0; r < row && r < contents->rows->len; r++)
    {
      const ZonaDataRow *above = g_ptr_array_index (contents->rows, r);
      const char *cell = above->cells && column < above->cells->len
                         ? g_ptr_array_index (above->cells, column) : NULL;
      double v;

      if (!above->is_total && cell != NULL && zona_value_parse_number (cell, &v))
        {
          *sum += v;
          any = TRUE;
        }
    }
  return any;
}

gboolean
zona_data_total_matches (double total,
                         double sum)
{
  return fabs (total - sum) <= 0.005 + fabs (sum) * 1e-9;
}

char *
zona_data_total_text (ZonaColumnType type,
                      double         sum)
{
  g_autofree char *number = zona_chart_format_number (sum, type == ZONA_COLUMN_INTEGER ? 0
                                                           : type == ZONA_COLUMN_MONEY ? 2 : -1);

  return type == ZONA_COLUMN_MONEY ? g_strconcat (number, " €", NULL) : g_steal_pointer (&number);
}
