/* zona-plan-data.h: actors, data tables, charts, areas, objectives and budgets of a plan
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A typed API over the plan file's registries (schema v2). Every function
 * that changes something is one user edit: one transaction and one undo step.
 * Text edits carry a merge key, so typing in one place is one step. Errors are
 * ZONA_STORE_ERROR: INVALID for a bad argument (unknown id, duplicate uid,
 * unknown kind), READ_ONLY when the plan is open elsewhere.
 *
 * Identifiers: records have a database id (gint64, valid in this file only)
 * and, where other records or the JSON form refer to them, a uid (stable text,
 * a random UUID unless the caller gives one). Lists come back as GPtrArray
 * that own their elements.
 */
#pragma once

#include "zona-store.h"

G_BEGIN_DECLS

/* ---- amounts ------------------------------------------------------------ */

/* Money is kept in euro cents. ZONA_AMOUNT_NONE means “not given” (stored as NULL),
 * which is not the same as zero. */
#define ZONA_AMOUNT_NONE G_MININT64
/* Largest amount accepted, in cents: 9 999 999 999 999,99 €. */
#define ZONA_AMOUNT_MAX G_GINT64_CONSTANT (999999999999999)

char     *zona_amount_to_string   (gint64       cents);
gboolean  zona_amount_from_string (const char  *text,
                                   gint64      *cents);

/* ---- actors ------------------------------------------------------------- */

typedef enum {
  ZONA_ACTOR_COMUNE,
  ZONA_ACTOR_SUB_AMBITO,
  ZONA_ACTOR_ATS,
  ZONA_ACTOR_ASST,
  ZONA_ACTOR_ENTE_CAPOFILA,
  ZONA_ACTOR_ENTE_GESTORE,
  ZONA_ACTOR_TERZO_SETTORE,
  ZONA_ACTOR_ENTE_PUBBLICO,
  ZONA_ACTOR_ORGANO,
  ZONA_ACTOR_TAVOLO,
  ZONA_ACTOR_PERSONA,
  ZONA_ACTOR_ALTRO,
} ZonaActorKind;

typedef struct {
  gint64         id;
  char          *uid;
  int            position;
  ZonaActorKind  kind;
  char          *name;
  char          *code;        /* ISTAT code, tax code…; NULL when none */
  char          *note;
} ZonaActor;

/* A member of a group actor: comuni of a sub-ambito, participants of a tavolo. */
typedef struct {
  gint64  group_id;
  gint64  member_id;
  char   *role;               /* “fondatore”, “coordinatore”…; NULL when none */
} ZonaActorMember;

const char *zona_actor_kind_to_string   (ZonaActorKind  kind);
gboolean    zona_actor_kind_from_string (const char    *str,
                                         ZonaActorKind *kind);
void        zona_actor_free             (ZonaActor       *actor);
void        zona_actor_member_free      (ZonaActorMember *member);

gint64      zona_plan_data_add_actor        (ZonaStore      *store,
                                             ZonaActorKind   kind,
                                             const char     *name,
                                             const char     *code,
                                             const char     *note,
                                             const char     *uid,
                                             GError        **error);
gboolean    zona_plan_data_set_actor_kind   (ZonaStore      *store,
                                             gint64          actor_id,
                                             ZonaActorKind   kind,
                                             GError        **error);
gboolean    zona_plan_data_set_actor_name   (ZonaStore      *store,
                                             gint64          actor_id,
                                             const char     *name,
                                             GError        **error);
gboolean    zona_plan_data_set_actor_code   (ZonaStore      *store,
                                             gint64          actor_id,
                                             const char     *code,
                                             GError        **error);
gboolean    zona_plan_data_set_actor_note   (ZonaStore      *store,
                                             gint64          actor_id,
                                             const char     *note,
                                             GError        **error);
gboolean    zona_plan_data_move_actor       (ZonaStore      *store,
                                             gint64          actor_id,
                                             int             new_position,
                                             GError        **error);
gboolean    zona_plan_data_delete_actor     (ZonaStore      *store,
                                             gint64          actor_id,
                                             GError        **error);
GPtrArray  *zona_plan_data_list_actors      (ZonaStore      *store);
ZonaActor  *zona_plan_data_get_actor        (ZonaStore      *store,
                                             gint64          actor_id);
gint64      zona_plan_data_find_actor       (ZonaStore      *store,
                                             const char     *uid);

gboolean    zona_plan_data_add_member       (ZonaStore      *store,
                                             gint64          group_id,
                                             gint64          member_id,
                                             const char     *role,
                                             GError        **error);
gboolean    zona_plan_data_set_member_role  (ZonaStore      *store,
                                             gint64          group_id,
                                             gint64          member_id,
                                             const char     *role,
                                             GError        **error);
gboolean    zona_plan_data_remove_member    (ZonaStore      *store,
                                             gint64          group_id,
                                             gint64          member_id,
                                             GError        **error);
/* (element-type ZonaActorMember), in the members' actor order */
GPtrArray  *zona_plan_data_list_members     (ZonaStore      *store,
                                             gint64          group_id);
/* (element-type ZonaActorMember): the groups @member_id belongs to, in actor order */
GPtrArray  *zona_plan_data_list_groups      (ZonaStore      *store,
                                             gint64          member_id);

/* ---- data tables -------------------------------------------------------- */

typedef enum {
  ZONA_COLUMN_TEXT,
  ZONA_COLUMN_INTEGER,
  ZONA_COLUMN_DECIMAL,
  ZONA_COLUMN_PERCENTAGE,
  ZONA_COLUMN_MONEY,
} ZonaColumnType;

typedef struct {
  gint64  id;
  char   *uid;
  char   *title;
  char   *source;             /* “Dati ISTAT 2020”; NULL when none */
  char   *ref_date;           /* as written: “01/01/2021”, “2018-2020” */
  char   *note;
} ZonaDataTable;

typedef struct {
  gint64          id;
  gint64          table_id;
  int             position;   /* 0.. without gaps */
  char           *name;
  ZonaColumnType  type;
  char           *unit;       /* “€”, “ab./kmq”; NULL when none */
} ZonaDataColumn;

typedef struct {
  gint64      id;
  gint64      table_id;
  int         position;       /* 0.. without gaps */
  gboolean    is_total;
  GPtrArray  *cells;          /* only from get_table_contents(): (element-type utf8),
                                 one per column in column order, NULL for an empty cell;
                                 NULL otherwise */
} ZonaDataRow;

/* A whole table for readers (export, charts). */
typedef struct {
  ZonaDataTable *table;
  GPtrArray     *columns;     /* (element-type ZonaDataColumn) */
  GPtrArray     *rows;        /* (element-type ZonaDataRow), with cells */
} ZonaTableContents;

const char *zona_column_type_to_string   (ZonaColumnType  type);
gboolean    zona_column_type_from_string (const char     *str,
                                          ZonaColumnType *type);
void        zona_data_table_free         (ZonaDataTable     *table);
void        zona_data_column_free        (ZonaDataColumn    *column);
void        zona_data_row_free           (ZonaDataRow       *row);
void        zona_table_contents_free     (ZonaTableContents *contents);

gint64      zona_plan_data_add_table         (ZonaStore      *store,
                                              const char     *uid,
                                              const char     *title,
                                              const char     *source,
                                              const char     *ref_date,
                                              const char     *note,
                                              GError        **error);
gboolean    zona_plan_data_set_table_title   (ZonaStore      *store,
                                              gint64          table_id,
                                              const char     *title,
                                              GError        **error);
gboolean    zona_plan_data_set_table_source  (ZonaStore      *store,
                                              gint64          table_id,
                                              const char     *source,
                                              GError        **error);
gboolean    zona_plan_data_set_table_ref_date (ZonaStore     *store,
                                              gint64          table_id,
                                              const char     *ref_date,
                                              GError        **error);
gboolean    zona_plan_data_set_table_note    (ZonaStore      *store,
                                              gint64          table_id,
                                              const char     *note,
                                              GError        **error);
/* Also deletes the table's charts and the blocks that show the table or its charts. */
gboolean    zona_plan_data_delete_table      (ZonaStore      *store,
                                              gint64          table_id,
                                              GError        **error);
GPtrArray  *zona_plan_data_list_tables       (ZonaStore      *store);
ZonaDataTable *zona_plan_data_get_table      (ZonaStore      *store,
                                              gint64          table_id);
gint64      zona_plan_data_find_table        (ZonaStore      *store,
                                              const char     *uid);

/* @position: where the new column goes, 0..n; -1 appends. */
gint64      zona_plan_data_add_column        (ZonaStore      *store,
                                              gint64          table_id,
                                              int             position,
                                              const char     *name,
                                              ZonaColumnType  type,
                                              const char     *unit,
                                              GError        **error);
gboolean    zona_plan_data_rename_column     (ZonaStore      *store,
                                              gint64          column_id,
                                              const char     *name,
                                              GError        **error);
/* Cells keep their text: a retyped column never rewrites values. */
gboolean    zona_plan_data_set_column_type   (ZonaStore      *store,
                                              gint64          column_id,
                                              ZonaColumnType  type,
                                              GError        **error);
gboolean    zona_plan_data_set_column_unit   (ZonaStore      *store,
                                              gint64          column_id,
                                              const char     *unit,
                                              GError        **error);
/* Deletes the column's cells and drops it from chart series (undo brings all back). */
gboolean    zona_plan_data_delete_column     (ZonaStore      *store,
                                              gint64          column_id,
                                              GError        **error);
gboolean    zona_plan_data_move_column       (ZonaStore      *store,
                                              gint64          column_id,
                                              int             new_position,
                                              GError        **error);
GPtrArray  *zona_plan_data_list_columns      (ZonaStore      *store,
                                              gint64          table_id);

/* @position: where the new row goes, 0..n; -1 appends. */
gint64      zona_plan_data_add_row           (ZonaStore      *store,
                                              gint64          table_id,
                                              int             position,
                                              gboolean        is_total,
                                              GError        **error);
gboolean    zona_plan_data_set_row_total     (ZonaStore      *store,
                                              gint64          row_id,
                                              gboolean        is_total,
                                              GError        **error);
gboolean    zona_plan_data_delete_row        (ZonaStore      *store,
                                              gint64          row_id,
                                              GError        **error);
gboolean    zona_plan_data_move_row          (ZonaStore      *store,
                                              gint64          row_id,
                                              int             new_position,
                                              GError        **error);
GPtrArray  *zona_plan_data_list_rows         (ZonaStore      *store,
                                              gint64          table_id);

/* The text is kept exactly as typed (“1.234,5”, “n.p.”, “- €”); empty or NULL
 * empties the cell. Typing in one cell is one undo step. */
gboolean    zona_plan_data_set_cell          (ZonaStore      *store,
                                              gint64          row_id,
                                              gint64          column_id,
                                              const char     *text,
                                              GError        **error);
char       *zona_plan_data_get_cell          (ZonaStore      *store,
                                              gint64          row_id,
                                              gint64          column_id);
ZonaTableContents *zona_plan_data_get_table_contents (ZonaStore *store,
                                              gint64          table_id);

/* Totals. A column of integers, decimals or money adds up; text and
 * percentages do not. A total row's cell left empty in such a column shows the
 * sum of the ordinary rows above it, computed anew on every change; a figure
 * typed there is kept as typed and checked against that sum. */
gboolean    zona_column_type_adds_up         (ZonaColumnType  type);
/* The sum of the ordinary rows above row @row of @contents in column @column;
 * FALSE when none of them holds a figure there. */
gboolean    zona_table_contents_sum_above    (const ZonaTableContents *contents,
                                              guint           row,
                                              guint           column,
                                              double         *sum);
/* Whether a typed total agrees with the sum (to the cent, whatever its size). */
gboolean    zona_data_total_matches          (double          total,
                                              double          sum);
/* The sum as a computed total shows it: “40.823”, “1.264.467,18 €”. */
char       *zona_data_total_text             (ZonaColumnType  type,
                                              double          sum);

/* ---- charts ------------------------------------------------------------- */

typedef enum {
  ZONA_CHART_BAR,
  ZONA_CHART_HBAR,
  ZONA_CHART_GROUPED_BAR,
  ZONA_CHART_STACKED_BAR,
  ZONA_CHART_LINE,
  ZONA_CHART_PIE,
  ZONA_CHART_DONUT,
  ZONA_CHART_PYRAMID,
} ZonaChartKind;

typedef struct {
  gint64          id;
  char           *uid;
  gint64          table_id;
  ZonaChartKind   kind;
  char           *title;
  int             label_column;  /* position of the column that labels the data; -1: none.
                                    Follows the column when columns move. */
  char           *unit;
  char           *caption;
  char           *alt_text;
  GArray         *series;        /* (element-type gint64): column ids, in series order */
} ZonaChart;

const char *zona_chart_kind_to_string   (ZonaChartKind  kind);
gboolean    zona_chart_kind_from_string (const char    *str,
                                         ZonaChartKind *kind);
void        zona_chart_free             (ZonaChart     *chart);

gint64      zona_plan_data_add_chart          (ZonaStore      *store,
                                               const char     *uid,
                                               gint64          table_id,
                                               ZonaChartKind   kind,
                                               const char     *title,
                                               int             label_column,
                                               const char     *unit,
                                               const char     *caption,
                                               const char     *alt_text,
                                               GError        **error);
/* Replaces the series with @column_ids (columns of the chart's table): one edit. */
gboolean    zona_plan_data_set_chart_series   (ZonaStore      *store,
                                               gint64          chart_id,
                                               const gint64   *column_ids,
                                               guint           n_columns,
                                               GError        **error);
gboolean    zona_plan_data_set_chart_kind     (ZonaStore      *store,
                                               gint64          chart_id,
                                               ZonaChartKind   kind,
                                               GError        **error);
gboolean    zona_plan_data_set_chart_label_column (ZonaStore  *store,
                                               gint64          chart_id,
                                               int             label_column,
                                               GError        **error);
gboolean    zona_plan_data_set_chart_title    (ZonaStore      *store,
                                               gint64          chart_id,
                                               const char     *title,
                                               GError        **error);
gboolean    zona_plan_data_set_chart_unit     (ZonaStore      *store,
                                               gint64          chart_id,
                                               const char     *unit,
                                               GError        **error);
gboolean    zona_plan_data_set_chart_caption  (ZonaStore      *store,
                                               gint64          chart_id,
                                               const char     *caption,
                                               GError        **error);
gboolean    zona_plan_data_set_chart_alt_text (ZonaStore      *store,
                                               gint64          chart_id,
                                               const char     *alt_text,
                                               GError        **error);
/* Also deletes the blocks that show the chart. */
gboolean    zona_plan_data_delete_chart       (ZonaStore      *store,
                                               gint64          chart_id,
                                               GError        **error);
/* All charts (table_id 0) or one table's, in the order they were made. */
GPtrArray  *zona_plan_data_list_charts        (ZonaStore      *store,
                                               gint64          table_id);
ZonaChart  *zona_plan_data_get_chart          (ZonaStore      *store,
                                               gint64          chart_id);
gint64      zona_plan_data_find_chart         (ZonaStore      *store,
                                               const char     *uid);

/* ---- local areas and their mapping to the regional areas ---------------- */

typedef struct {
  gint64  id;
  char   *uid;
  int     position;
  char   *code;               /* “F”; NULL when unlettered */
  char   *title;
} ZonaLocalArea;

typedef struct {
  char   *regional_code;      /* a code of the template's regional list, e.g. “D-E” */
  gint64  local_area_id;
} ZonaAreaMapping;

void        zona_local_area_free    (ZonaLocalArea   *area);
void        zona_area_mapping_free  (ZonaAreaMapping *mapping);

gint64      zona_plan_data_add_local_area       (ZonaStore   *store,
                                                 const char  *uid,
                                                 const char  *code,
                                                 const char  *title,
                                                 GError     **error);
gboolean    zona_plan_data_set_local_area_code  (ZonaStore   *store,
                                                 gint64       area_id,
                                                 const char  *code,
                                                 GError     **error);
gboolean    zona_plan_data_set_local_area_title (ZonaStore   *store,
                                                 gint64       area_id,
                                                 const char  *title,
                                                 GError     **error);
gboolean    zona_plan_data_move_local_area      (ZonaStore   *store,
                                                 gint64       area_id,
                                                 int          new_position,
                                                 GError     **error);
/* Objectives of the area lose their local area (undo brings it back). */
gboolean    zona_plan_data_delete_local_area    (ZonaStore   *store,
                                                 gint64       area_id,
                                                 GError     **error);
GPtrArray  *zona_plan_data_list_local_areas     (ZonaStore   *store);
ZonaLocalArea *zona_plan_data_get_local_area    (ZonaStore   *store,
                                                 gint64       area_id);
gint64      zona_plan_data_find_local_area      (ZonaStore   *store,
                                                 const char  *uid);

/* Maps (@on) or unmaps a regional area code to a local area. */
gboolean    zona_plan_data_set_mapping          (ZonaStore   *store,
                                                 const char  *regional_code,
                                                 gint64       local_area_id,
                                                 gboolean     on,
                                                 GError     **error);
/* (element-type ZonaAreaMapping), in local area order, then by regional code */
GPtrArray  *zona_plan_data_list_mappings        (ZonaStore   *store);

/* ---- objectives --------------------------------------------------------- */

typedef struct {
  gint64  id;
  char   *uid;
  int     position;
  gint64  card_id;            /* the card block that describes it; 0 when none */
  char   *title;
  char   *regional_area;      /* regional area code; NULL when not set */
  gint64  local_area_id;      /* 0 when none */
  char   *predecessor_uid;    /* uid of the objective it continues (maybe of an older plan) */
} ZonaObjective;

void        zona_objective_free (ZonaObjective *objective);

gint64      zona_plan_data_add_objective          (ZonaStore   *store,
                                                   const char  *uid,
                                                   const char  *title,
                                                   gint64       card_id,
                                                   const char  *regional_area,
                                                   gint64       local_area_id,
                                                   const char  *predecessor_uid,
                                                   GError     **error);
gboolean    zona_plan_data_set_objective_title    (ZonaStore   *store,
                                                   gint64       objective_id,
                                                   const char  *title,
                                                   GError     **error);
gboolean    zona_plan_data_set_objective_card     (ZonaStore   *store,
                                                   gint64       objective_id,
                                                   gint64       card_id,
                                                   GError     **error);
gboolean    zona_plan_data_set_objective_regional_area (ZonaStore *store,
                                                   gint64       objective_id,
                                                   const char  *regional_area,
                                                   GError     **error);
gboolean    zona_plan_data_set_objective_local_area (ZonaStore *store,
                                                   gint64       objective_id,
                                                   gint64       local_area_id,
                                                   GError     **error);
gboolean    zona_plan_data_set_objective_predecessor (ZonaStore *store,
                                                   gint64       objective_id,
                                                   const char  *predecessor_uid,
                                                   GError     **error);
gboolean    zona_plan_data_move_objective         (ZonaStore   *store,
                                                   gint64       objective_id,
                                                   int          new_position,
                                                   GError     **error);
/* Also deletes its budget lines (undo brings them back). */
gboolean    zona_plan_data_delete_objective       (ZonaStore   *store,
                                                   gint64       objective_id,
                                                   GError     **error);
GPtrArray  *zona_plan_data_list_objectives        (ZonaStore   *store);
ZonaObjective *zona_plan_data_get_objective       (ZonaStore   *store,
                                                   gint64       objective_id);
gint64      zona_plan_data_find_objective         (ZonaStore   *store,
                                                   const char  *uid);
/* The first objective (in objective order) linked to @card_id, or 0. */
gint64      zona_plan_data_find_objective_for_card (ZonaStore  *store,
                                                   gint64       card_id);

/* ---- funding sources ---------------------------------------------------- */

typedef struct {
  gint64  id;
  char   *uid;
  int     position;
  char   *code;               /* “FNPS”; NULL when none */
  char   *name;
  char   *level;              /* “Stato”, “Regione”, “Comuni”, “UE”, “PNRR”…; free text */
} ZonaFundingSource;

void        zona_funding_source_free (ZonaFundingSource *source);

gint64      zona_plan_data_add_funding_source       (ZonaStore   *store,
                                                     const char  *uid,
                                                     const char  *code,
                                                     const char  *name,
                                                     const char  *level,
                                                     GError     **error);
gboolean    zona_plan_data_set_funding_source_code  (ZonaStore   *store,
                                                     gint64       source_id,
                                                     const char  *code,
                                                     GError     **error);
gboolean    zona_plan_data_set_funding_source_name  (ZonaStore   *store,
                                                     gint64       source_id,
                                                     const char  *name,
                                                     GError     **error);
gboolean    zona_plan_data_set_funding_source_level (ZonaStore   *store,
                                                     gint64       source_id,
                                                     const char  *level,
                                                     GError     **error);
gboolean    zona_plan_data_move_funding_source      (ZonaStore   *store,
                                                     gint64       source_id,
                                                     int          new_position,
                                                     GError     **error);
/* Budget lines of the source keep their amounts and lose their source. */
gboolean    zona_plan_data_delete_funding_source    (ZonaStore   *store,
                                                     gint64       source_id,
                                                     GError     **error);
GPtrArray  *zona_plan_data_list_funding_sources     (ZonaStore   *store);
ZonaFundingSource *zona_plan_data_get_funding_source (ZonaStore  *store,
                                                     gint64       source_id);
gint64      zona_plan_data_find_funding_source      (ZonaStore   *store,
                                                     const char  *uid);

/* ---- budget lines ------------------------------------------------------- */

/* One line of an objective's “Risorse economiche preventivate”. Amounts are in
 * cents; ZONA_AMOUNT_NONE means not given. */
typedef struct {
  gint64  id;
  gint64  objective_id;
  gint64  source_id;          /* 0 when none */
  int     position;
  int     year;               /* 0 when not given */
  gint64  stanziato;
  gint64  impegnato;
  gint64  liquidato;
  char   *note;
} ZonaBudgetLine;

/* Sums of the given amounts; an amount is ZONA_AMOUNT_NONE when no line gives it. */
typedef struct {
  gint64  objective_id;       /* 0 in totals per source */
  gint64  source_id;          /* 0 in totals per objective, or lines without a source */
  guint   n_lines;
  gint64  stanziato;
  gint64  impegnato;
  gint64  liquidato;
} ZonaBudgetTotal;

void        zona_budget_line_free  (ZonaBudgetLine  *line);
void        zona_budget_total_free (ZonaBudgetTotal *total);

gint64      zona_plan_data_add_budget_line     (ZonaStore   *store,
                                                gint64       objective_id,
                                                gint64       source_id,
                                                int          year,
                                                gint64       stanziato,
                                                gint64       impegnato,
                                                gint64       liquidato,
                                                const char  *note,
                                                GError     **error);
/* Sets every field of the line; editing one line repeatedly is one undo step. */
gboolean    zona_plan_data_update_budget_line  (ZonaStore   *store,
                                                gint64       line_id,
                                                gint64       source_id,
                                                int          year,
                                                gint64       stanziato,
                                                gint64       impegnato,
                                                gint64       liquidato,
                                                const char  *note,
                                                GError     **error);
gboolean    zona_plan_data_delete_budget_line  (ZonaStore   *store,
                                                gint64       line_id,
                                                GError     **error);
GPtrArray  *zona_plan_data_list_budget_lines   (ZonaStore   *store,
                                                gint64       objective_id);
/* (element-type ZonaBudgetTotal): one per objective with lines, in objective order */
GPtrArray  *zona_plan_data_budget_by_objective (ZonaStore   *store);
/* (element-type ZonaBudgetTotal): one per source with lines, in source order, then
 * one with source_id 0 for lines without a source, if any */
GPtrArray  *zona_plan_data_budget_by_source    (ZonaStore   *store);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ZonaActor, zona_actor_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ZonaActorMember, zona_actor_member_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ZonaDataTable, zona_data_table_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ZonaDataColumn, zona_data_column_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ZonaDataRow, zona_data_row_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ZonaTableContents, zona_table_contents_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ZonaChart, zona_chart_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ZonaLocalArea, zona_local_area_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ZonaAreaMapping, zona_area_mapping_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ZonaObjective, zona_objective_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ZonaFundingSource, zona_funding_source_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ZonaBudgetLine, zona_budget_line_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ZonaBudgetTotal, zona_budget_total_free)

G_END_DECLS
