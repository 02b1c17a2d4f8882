/* test-checks.c: each consistency rule, with fixtures that break it and fixtures that pass
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "checks/zona-checks.h"
#include "model/zona-plan-data.h"
#include "model/zona-plan-json.h"

/* A card type with one of each situation the rules look at. */
static const char *TEMPLATE =
  "<zona-template id=\"t\" title=\"T\"><cycle start=\"2025\" end=\"2027\"/>"
  "<card-type id=\"c\" title=\"Scheda\">"
  "<row key=\"grado\" required=\"true\"><label>GRADO</label>"
  "  <field key=\"grado\" kind=\"percentage\"><option>Non previste</option></field></row>"
  "<row key=\"cambiamento\" required=\"true\"><label>CAMBIAMENTO?</label>"
  "  <field key=\"cambiamento\" kind=\"choice\"><option>Sì</option><option>No</option></field>"
  "  <field key=\"cambiamento_motivazione\" kind=\"long-text\" label=\"Motivazione\" required=\"true\"/></row>"
  "<row key=\"cop\"><label>CO-PROGRAMMATO?</label>"
  "  <field key=\"cop\" kind=\"choice\"><option>Sì</option><option>No</option></field></row>"
  "<row key=\"modo\" required-when=\"cop=No\"><label>MODALITÀ</label>"
  "  <field key=\"modo\" kind=\"long-text\"/></row>"
  "<row key=\"asst\" visible-when=\"cop=Sì\" required=\"true\"><label>ASST</label>"
  "  <field key=\"asst\" kind=\"text\"/></row>"
  "<row key=\"target\"><label>TARGET</label><guidance>Indicare i destinatari dell'intervento</guidance>"
  "  <field key=\"target\" kind=\"long-text\"/></row>"
  "<row key=\"sub\"><label>OBIETTIVI SPECIFICI</label><field key=\"sub\" kind=\"group\">"
  "  <field key=\"pct\" kind=\"percentage\" label=\"Grado\"/></field></row>"
  "</card-type></zona-template>";

typedef struct {
  const char *name;
  const char *fields[16];     /* key, value pairs, NULL-terminated */
  ZonaRule    rule;
  const char *key;            /* the field the problem must name (or NULL: any) */
  gboolean    expected;       /* whether the problem must be there */
} CardCase;

#define PASSING "grado", "60", "cambiamento", "Sì", "cambiamento_motivazione", "Perché sì", "cop", "Sì", "asst", "ASST Cremona"

static const CardCase card_cases[] = {
  { "required/missing", { "cambiamento", "No", "cambiamento_motivazione", "x", NULL }, ZONA_RULE_REQUIRED, "grado", TRUE },
  { "required/given", { PASSING, NULL }, ZONA_RULE_REQUIRED, NULL, FALSE },
  { "motivation/missing", { "grado", "60", "cambiamento", "Sì", NULL }, ZONA_RULE_MOTIVATION, "cambiamento_motivazione", TRUE },
  { "motivation/given", { PASSING, NULL }, ZONA_RULE_MOTIVATION, NULL, FALSE },
  { "conditional/applies", { PASSING, "cop", "No", NULL }, ZONA_RULE_CONDITIONAL, "modo", TRUE },
  { "conditional/answered", { PASSING, "cop", "No", "modo", "Tavoli informali", NULL }, ZONA_RULE_CONDITIONAL, NULL, FALSE },
  { "conditional/not-applying", { PASSING, NULL }, ZONA_RULE_CONDITIONAL, NULL, FALSE },
  { "hidden-row/not-required", { "grado", "60", "cambiamento", "No", "cambiamento_motivazione", "x", "cop", "No", "modo", "x", NULL },
    ZONA_RULE_REQUIRED, "asst", FALSE },
  { "hidden-row/shown-and-empty", { "grado", "60", "cambiamento", "No", "cambiamento_motivazione", "x", "cop", "Sì", NULL },
    ZONA_RULE_REQUIRED, "asst", TRUE },
  { "percentage-range/out", { PASSING, "grado", "140", NULL }, ZONA_RULE_PERCENTAGE_RANGE, "grado", TRUE },
  { "percentage-range/in", { PASSING, NULL }, ZONA_RULE_PERCENTAGE_RANGE, NULL, FALSE },
  { "percentage-range/in-group", { PASSING, "sub/1/pct", "250", NULL }, ZONA_RULE_PERCENTAGE_RANGE, "sub/1/pct", TRUE },
  { "percentage-text/raw", { PASSING, "grado", "100/100", NULL }, ZONA_RULE_PERCENTAGE_TEXT, "grado", TRUE },
  { "percentage-text/accepted-word", { PASSING, "grado", "Non previste", NULL }, ZONA_RULE_PERCENTAGE_TEXT, NULL, FALSE },
  { "not-an-option/narrative", { PASSING, "cambiamento", "Si tratta di un servizio", NULL }, ZONA_RULE_NOT_AN_OPTION, "cambiamento", TRUE },
  { "not-an-option/option", { PASSING, NULL }, ZONA_RULE_NOT_AN_OPTION, NULL, FALSE },
  { "guidance-left/left", { PASSING, "target", "Indicare i destinatari dell'intervento: anziani", NULL }, ZONA_RULE_GUIDANCE_LEFT, "target", TRUE },
  { "guidance-left/answered", { PASSING, "target", "Anziani soli", NULL }, ZONA_RULE_GUIDANCE_LEFT, NULL, FALSE },
};

static ZonaTemplate *
test_template (void)
{
  g_autoptr(GError) error = NULL;
  ZonaTemplate *t = zona_template_load_data (TEMPLATE, strlen (TEMPLATE), "t.xml", &error);

  g_assert_no_error (error);
  return t;
}

static ZonaStore *
new_plan (char **dir_out)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("zona-checks-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "p.pdz", NULL);
  ZonaStore *store = zona_store_create (path, "t", &error);

  g_assert_no_error (error);
  g_assert_true (zona_store_set_meta (store, "cycle", "2025-2027", &error));
  if (dir_out)
    *dir_out = g_steal_pointer (&dir);
  return store;
}

static gboolean
has_problem (GPtrArray  *problems,
             ZonaRule    rule,
             const char *key)
{
  for (guint i = 0; i < problems->len; i++)
    {
      const ZonaProblem *p = g_ptr_array_index (problems, i);
      if (p->rule == rule && (key == NULL || g_strcmp0 (p->field_key, key) == 0))
        return TRUE;
    }
  return FALSE;
}

static void
test_card_case (gconstpointer data)
{
  const CardCase *c = data;
  g_autoptr(ZonaTemplate) t = test_template ();
  g_autoptr(ZonaStore) store = new_plan (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  gint64 chapter = zona_store_add_chapter (store, 0, NULL, "Esiti", &error);
  gint64 card = zona_store_add_card (store, chapter, "c", "Obiettivo", &error);

  for (guint i = 0; c->fields[i]; i += 2)
    g_assert_true (zona_store_set_field (store, card, c->fields[i], c->fields[i + 1], &error));
  g_assert_no_error (error);

  problems = zona_checks_run (store, t);
  if (has_problem (problems, c->rule, c->key) != c->expected)
    {
      g_autoptr(GString) all = g_string_new (NULL);
      for (guint i = 0; i < problems->len; i++)
        {
          const ZonaProblem *p = g_ptr_array_index (problems, i);
          g_string_append_printf (all, "\n  %s %s: %s", zona_rule_to_string (p->rule),
                                  p->field_key ? p->field_key : "-", p->message);
        }
      g_test_fail_printf ("rule %s on %s expected %s; problems:%s", zona_rule_to_string (c->rule),
                          c->key ? c->key : "(any)", c->expected ? "present" : "absent", all->str);
    }
  /* Every problem of a card says where it is, for people. */
  for (guint i = 0; i < problems->len; i++)
    g_assert_true (g_str_has_prefix (((ZonaProblem *) g_ptr_array_index (problems, i))->where, "Obiettivo › "));
}

typedef struct {
  const char *name;
  const char *cells[4][3];     /* three rows: two data rows, then the total row */
  gboolean    mismatch;
  const char *sum;             /* the sum the message gives, written the Italian way */
} TotalCase;

static const TotalCase total_cases[] = {
  { "plain-correct", { { "Bozzolo", "1939", "2043" }, { "Calvatone", "598", "561" }, { "TOTALE", "2537", "2604" } }, FALSE },
  { "plain-wrong", { { "Bozzolo", "1939", "2043" }, { "Calvatone", "598", "561" }, { "TOTALE", "2546", "2604" } }, TRUE, "2.537" },
  { "italian-money-correct", { { "FNPS", "853.655,04 €", "892.785,46 €" }, { "Covid", "- €", "371.681,72 €" }, { "TOTALI", "853.655,04 €", "1.264.467,18 €" } }, FALSE },
  { "italian-money-wrong", { { "FNPS", "853.655,04 €", "892.785,46 €" }, { "Covid", "- €", "371.681,72 €" }, { "TOTALI", "853.655,04 €", "1.264.467,19 €" } }, TRUE, "1.264.467,18" },
  { "thousands-dots", { { "2018", "8.211", "33.214" }, { "2019", "7.796", "32.451" }, { "totale", "16.007", "65.665" } }, FALSE },
  { "non-numeric-kept", { { "A", "n.p.", "10" }, { "B", "5", "10" }, { "TOT", "5", "20" } }, FALSE },
};

static void
test_total_case (gconstpointer data)
{
  const TotalCase *c = data;
  g_autoptr(ZonaTemplate) t = test_template ();
  g_autoptr(ZonaStore) store = new_plan (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  gint64 table = zona_plan_data_add_table (store, NULL, "Residenti", "ISTAT", "01/01/2021", NULL, &error);
  gint64 cols[3];

  g_assert_no_error (error);
  cols[0] = zona_plan_data_add_column (store, table, -1, "Comune", ZONA_COLUMN_TEXT, NULL, &error);
  cols[1] = zona_plan_data_add_column (store, table, -1, "Anno 1", ZONA_COLUMN_MONEY, NULL, &error);
  cols[2] = zona_plan_data_add_column (store, table, -1, "Anno 2", ZONA_COLUMN_INTEGER, NULL, &error);
  for (guint r = 0; r < 3; r++)
    {
      gint64 row = zona_plan_data_add_row (store, table, -1, r == 2, &error);
      for (guint k = 0; k < 3; k++)
        g_assert_true (zona_plan_data_set_cell (store, row, cols[k], c->cells[r][k], &error));
    }
  g_assert_no_error (error);

  problems = zona_checks_run (store, t);
  g_assert_cmpint (has_problem (problems, ZONA_RULE_TOTAL_MISMATCH, NULL), ==, c->mismatch);
  for (guint i = 0; c->sum != NULL && i < problems->len; i++)
    {
      const ZonaProblem *p = g_ptr_array_index (problems, i);
      g_autofree char *expected = g_strdup_printf ("add up to %s", c->sum);

      if (p->rule == ZONA_RULE_TOTAL_MISMATCH)
        g_assert_nonnull (strstr (p->message, expected));
    }
}

static void
test_no_regional_area (void)
{
  g_autoptr(ZonaTemplate) t = test_template ();
  g_autoptr(ZonaStore) store = new_plan (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  gint64 objective = zona_plan_data_add_objective (store, NULL, "Contrasto alla povertà", 0, NULL, 0, NULL, &error);

  g_assert_no_error (error);
  before = zona_checks_run (store, t);
  g_assert_true (has_problem (before, ZONA_RULE_NO_REGIONAL_AREA, NULL));
  g_assert_true (zona_plan_data_set_objective_regional_area (store, objective, "A", &error));
  after = zona_checks_run (store, t);
  g_assert_false (has_problem (after, ZONA_RULE_NO_REGIONAL_AREA, NULL));
}

static void
test_cycle_mismatch (void)
{
  g_autoptr(ZonaTemplate) t = test_template ();
  g_autoptr(ZonaStore) store = new_plan (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) same = zona_checks_run (store, t);
  g_autoptr(GPtrArray) other = NULL;

  g_assert_false (has_problem (same, ZONA_RULE_CYCLE_MISMATCH, NULL));
  g_assert_true (zona_store_set_meta (store, "cycle", "2021-2023", &error));
  other = zona_checks_run (store, t);
  g_assert_true (has_problem (other, ZONA_RULE_CYCLE_MISMATCH, NULL));
}

static void
test_unknown_card (void)
{
  g_autoptr(ZonaTemplate) t = test_template ();
  g_autoptr(ZonaStore) store = new_plan (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  gint64 chapter = zona_store_add_chapter (store, 0, NULL, "Esiti", &error);

  zona_store_add_card (store, chapter, "scheda-sconosciuta", "Vecchia", &error);
  problems = zona_checks_run (store, t);
  g_assert_true (has_problem (problems, ZONA_RULE_UNKNOWN_CARD, NULL));
  g_assert_cmpuint (zona_checks_count (problems, ZONA_PROBLEM_ERROR), ==, 0);
}

/* The real sample plan: its documented irregularities are found, nothing crashes. */
static void
test_sample_plan (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(ZonaStore) store = NULL;
  g_autoptr(ZonaTemplate) t = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *path = NULL;

  dir = g_dir_make_tmp ("zona-checks-XXXXXX", &error);
  path = g_build_filename (dir, "sample.pdz", NULL);
  store = zona_plan_json_load_file (g_getenv ("ZONA_SAMPLE_JSON"), path, &error);
  g_assert_no_error (error);
  t = zona_template_lookup ("2021-2023", &error);
  g_assert_no_error (error);
  problems = zona_checks_run (store, t);
  /* "100/100" for row 3 of the conciliazione card (seed 000, line 173). */
  g_assert_true (has_problem (problems, ZONA_RULE_PERCENTAGE_TEXT, "coincidenza_risorse"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (card_cases); i++)
    {
      g_autofree char *path = g_strconcat ("/checks/card/", card_cases[i].name, NULL);
      g_test_add_data_func (path, &card_cases[i], test_card_case);
    }
  for (guint i = 0; i < G_N_ELEMENTS (total_cases); i++)
    {
      g_autofree char *path = g_strconcat ("/checks/total/", total_cases[i].name, NULL);
      g_test_add_data_func (path, &total_cases[i], test_total_case);
    }
  g_test_add_func ("/checks/no-regional-area", test_no_regional_area);
  g_test_add_func ("/checks/cycle-mismatch", test_cycle_mismatch);
  g_test_add_func ("/checks/unknown-card", test_unknown_card);
  g_test_add_func ("/checks/sample-plan", test_sample_plan);
  return g_test_run ();
}
