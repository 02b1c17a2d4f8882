/* test-plan-json.c: a plan to JSON and back; bad JSON names the bad element
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "model/zona-plan-json.h"
#include "model/zona-plan-data.h"
#include "model/zona-value.h"
#include "templates/zona-template.h"

static char *
tmp_path (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("zona-json-XXXXXX", &error);

  g_assert_no_error (error);
  return g_build_filename (dir, name, NULL);
}

/* Every card, field and paragraph of the sample JSON is in the built plan. */
static void
test_sample_complete (void)
{
  const char *json_path = g_getenv ("ZONA_SAMPLE_JSON");
  g_autofree char *dest = tmp_path ("sample.pdz");
  g_autoptr(GError) error = NULL;
  g_autoptr(ZonaStore) store = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) queue = g_ptr_array_new ();
  JsonObject *root;
  guint n_cards = 0, n_fields = 0, n_paragraphs = 0, n_refs = 0;
  g_autoptr(GPtrArray) store_chapters = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GString) all_values = g_string_new (NULL);
  g_autofree char *title = NULL;

  g_assert_nonnull (json_path);
  store = zona_plan_json_load_file (json_path, dest, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);

  title = zona_store_get_meta (store, "title");
  g_assert_cmpstr (title, ==, "Piano di Zona 2021/2023");

  /* Collect everything the store holds. */
  {
    g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
    gint64 zero = 0;
    g_array_append_val (ids, zero);
    for (guint i = 0; i < ids->len; i++)
      {
        g_autoptr(GPtrArray) chapters = zona_store_list_chapters (store, g_array_index (ids, gint64, i));
        for (guint j = 0; j < chapters->len; j++)
          {
            ZonaChapter *c = g_ptr_array_index (chapters, j);
            g_autoptr(GPtrArray) blocks = zona_store_list_blocks (store, c->id);
            g_array_append_val (ids, c->id);
            g_string_append_printf (all_values, "\x1f%s", c->title);
            for (guint k = 0; k < blocks->len; k++)
              {
                ZonaBlock *b = g_ptr_array_index (blocks, k);
                if (b->kind == ZONA_BLOCK_PARAGRAPH)
                  {
                    n_paragraphs++;
                    g_string_append_printf (all_values, "\x1f%s", b->text);
                  }
                else if (b->kind == ZONA_BLOCK_TABLE || b->kind == ZONA_BLOCK_CHART)
                  n_refs++;
                else
                  {
                    g_autoptr(GHashTable) fields = zona_store_get_fields (store, b->id);
                    GHashTableIter iter;
                    gpointer key, value;
                    n_cards++;
                    g_string_append_printf (all_values, "\x1f%s", b->title);
                    g_hash_table_iter_init (&iter, fields);
                    while (g_hash_table_iter_next (&iter, &key, &value))
                      {
                        n_fields++;
                        g_string_append_printf (all_values, "\x1f%s=%s", (char *) key, (char *) value);
                      }
                  }
              }
          }
      }
  }

  /* Walk the JSON and find each item in the store. */
  g_assert_true (json_parser_load_from_file (parser, json_path, &error));
  root = json_node_get_object (json_parser_get_root (parser));
  {
    guint j_cards = 0, j_fields = 0, j_paragraphs = 0, j_tables = 0, j_charts = 0;
    GPtrArray *stack = g_ptr_array_new ();
    JsonArray *top = json_object_get_array_member (root, "chapters");

    for (guint i = 0; i < json_array_get_length (top); i++)
      g_ptr_array_add (stack, json_array_get_object_element (top, i));
    while (stack->len > 0)
      {
        JsonObject *ch = g_ptr_array_steal_index (stack, stack->len - 1);
        JsonArray *content = json_object_has_member (ch, "content")
                             ? json_object_get_array_member (ch, "content") : NULL;
        g_autofree char *needle = g_strdup_printf ("\x1f%s", json_object_get_string_member (ch, "title"));

        g_assert_nonnull (strstr (all_values->str, needle));
        for (guint i = 0; content && i < json_array_get_length (content); i++)
          {
            JsonObject *item = json_array_get_object_element (content, i);
            if (json_object_has_member (item, "paragraph"))
              j_paragraphs++;
            else if (json_object_has_member (item, "table"))
              {
                j_tables++;
                g_assert_cmpint (zona_plan_data_find_table (store, json_object_get_string_member (item, "table")), >, 0);
              }
            else if (json_object_has_member (item, "chart"))
              {
                j_charts++;
                g_assert_cmpint (zona_plan_data_find_chart (store, json_object_get_string_member (item, "chart")), >, 0);
              }
            else
              {
                JsonObject *card = json_object_get_object_member (item, "card");
                JsonObject *fields = json_object_get_object_member (card, "fields");
                g_autoptr(GList) keys = json_object_get_members (fields);
                j_cards++;
                for (GList *k = keys; k; k = k->next)
                  {
                    g_autofree char *kv = g_strdup_printf ("\x1f%s=", (char *) k->data);
                    j_fields++;
                    if (strstr (all_values->str, kv) == NULL)
                      g_test_fail_printf ("field %s of “%s” missing", (char *) k->data,
                                          json_object_get_string_member (card, "title"));
                  }
              }
          }
        if (json_object_has_member (ch, "sections"))
          {
            JsonArray *sections = json_object_get_array_member (ch, "sections");
            for (guint i = 0; i < json_array_get_length (sections); i++)
              g_ptr_array_add (stack, json_array_get_object_element (sections, i));
          }
      }
    g_ptr_array_unref (stack);
    g_assert_cmpuint (n_cards, ==, j_cards);
    g_assert_cmpuint (n_fields, ==, j_fields);
    g_assert_cmpuint (n_paragraphs, ==, j_paragraphs);
    g_assert_cmpuint (n_cards, >=, 5);
    /* The seed's tables of residents, each with its chart. */
    g_assert_cmpuint (n_refs, ==, j_tables + j_charts);
    g_assert_cmpuint (j_tables, >=, 2);
    g_assert_cmpuint (j_charts, >=, 2);
  }
}

typedef struct {
  const char *name;
  const char *json;
  int         code;
  const char *expect;
  gboolean    prefix;     /* the message must start with @expect (the path) */
  gboolean    quotes;     /* @json is written with ' for " */
} Bad;

#define PLAN "\"zona\": 1, \"plan\": {\"title\": \"T\", \"template\": \"2025-2027\"}"

static const Bad bad[] = {
  { "syntax", "{\"zona\": 1, ", ZONA_PLAN_JSON_ERROR_SYNTAX, "not valid" },
  { "not-object", "[1, 2]", ZONA_PLAN_JSON_ERROR_INVALID, "(root): expected an object" },
  { "version", "{\"zona\": 7, \"plan\": {}}", ZONA_PLAN_JSON_ERROR_INVALID, "zona: format version 7" },
  { "unknown-template", "{\"zona\": 1, \"plan\": {\"template\": \"1990-1992\"}}", ZONA_PLAN_JSON_ERROR_INVALID,
    "plan.template: No template" },
  { "unknown-card-type", "{" PLAN ", \"chapters\": [{\"title\": \"A\", \"content\": [{\"card\": "
    "{\"type\": \"nope\"}}]}]}", ZONA_PLAN_JSON_ERROR_INVALID,
    "chapters[0].content[0].card: card type “nope”" },
  { "unknown-field", "{" PLAN ", \"chapters\": [{\"title\": \"A\"}, {\"title\": \"B\", \"content\": "
    "[{\"paragraph\": \"p\"}, {\"card\": {\"type\": \"valutazione-output\", \"fields\": {\"colore\": \"x\"}}}]}]}",
    ZONA_PLAN_JSON_ERROR_INVALID, "chapters[1].content[1].card.fields.colore: no such field" },
  { "percentage-range", "{" PLAN ", \"chapters\": [{\"title\": \"A\", \"sections\": [{\"title\": \"S\", "
    "\"content\": [{\"card\": {\"type\": \"valutazione-output\", \"fields\": {\"grado\": \"140%\"}}}]}]}]}",
    ZONA_PLAN_JSON_ERROR_INVALID, "chapters[0].sections[0].content[0].card.fields.grado: expected a percentage from 0 to 100" },
  { "field-not-string", "{" PLAN ", \"chapters\": [{\"title\": \"A\", \"content\": [{\"card\": "
    "{\"type\": \"valutazione-output\", \"fields\": {\"grado\": 60}}}]}]}",
    ZONA_PLAN_JSON_ERROR_INVALID, "fields.grado: expected a string, found number" },
  { "missing-title", "{" PLAN ", \"chapters\": [{\"role\": \"x\"}]}", ZONA_PLAN_JSON_ERROR_INVALID,
    "chapters[0]: missing member “title”" },
  { "unknown-member", "{" PLAN ", \"extra\": true}", ZONA_PLAN_JSON_ERROR_INVALID, "(root): unknown member “extra”" },
};

static void
test_bad (gconstpointer data)
{
  const Bad *b = data;
  g_autofree char *dest = tmp_path ("bad.pdz");
  g_autofree char *json = g_strdup (b->json);
  g_autoptr(GError) error = NULL;
  g_autoptr(ZonaStore) store = NULL;

  if (b->quotes)
    g_strdelimit (json, "'", '"');
  store = zona_plan_json_load_data (json, -1, dest, &error);
  g_assert_null (store);
  g_assert_error (error, ZONA_PLAN_JSON_ERROR, b->code);
  if (b->prefix ? !g_str_has_prefix (error->message, b->expect)
                : strstr (error->message, b->expect) == NULL)
    g_test_fail_printf ("expected “%s” in “%s”", b->expect, error->message);
  /* No half-built file is left behind. */
  g_assert_false (g_file_test (dest, G_FILE_TEST_EXISTS));
}

/* Version 2: each case names the exact path of the bad element. Written with ' for ". */
#define V2 "'zona': 2, 'plan': {'title': 'T', 'template': '2025-2027'}"
#define TABLE2 "{'uid': 't1', 'title': 'T', 'columns': [{'name': 'A', 'type': 'text'}, " \
               "{'name': 'B', 'type': 'integer'}], 'rows': [{'cells': ['a', '1']}]}"
#define CHART(extra) "'charts': [{'uid': 'g1', 'table': 't1', 'kind': 'bar'" extra "}]"
#define CARD "{'card': {'type': 'valutazione-output', 'title': 'C', 'ref': 'c1'}}"
#define OBJ(extra) "'objectives': [{'uid': 'o1', 'title': 'O'" extra "}]"
#define BAD2(name, json, expect) \
  { name, "{" V2 ", " json "}", ZONA_PLAN_JSON_ERROR_INVALID, expect, TRUE, TRUE }

static const Bad bad_v2[] = {
  BAD2 ("actor-kind", "'actors': [{'uid': 'a', 'kind': 'sindaco', 'name': 'X'}]",
        "actors[0].kind: unknown actor kind “sindaco”"),
  BAD2 ("actor-uid-twice", "'actors': [{'uid': 'a', 'kind': 'comune', 'name': 'X'}, "
        "{'uid': 'a', 'kind': 'comune', 'name': 'Y'}]",
        "actors[1].uid: the uid “a” is used twice"),
  BAD2 ("actor-no-uid", "'actors': [{'kind': 'comune', 'name': 'X'}]",
        "actors[0]: missing member “uid”"),
  BAD2 ("member-unknown", "'actors': [{'uid': 'a', 'kind': 'sub-ambito', 'name': 'X', "
        "'members': [{'actor': 'a2'}, {'actor': 'zz'}]}, {'uid': 'a2', 'kind': 'comune', 'name': 'Y'}]",
        "actors[0].members[1].actor: no actor with uid “zz”"),
  BAD2 ("member-self", "'actors': [{'uid': 'a', 'kind': 'tavolo', 'name': 'X', "
        "'members': [{'actor': 'a'}]}]",
        "actors[0].members[0].actor: an actor cannot be a member of itself"),
  BAD2 ("member-twice", "'actors': [{'uid': 'a', 'kind': 'tavolo', 'name': 'X', "
        "'members': [{'actor': 'b'}, {'actor': 'b', 'role': 'r'}]}, "
        "{'uid': 'b', 'kind': 'persona', 'name': 'Y'}]",
        "actors[0].members[1].actor: the actor is listed twice"),
  BAD2 ("regional-twice", "'local_areas': [{'uid': 'l', 'title': 'L', 'regional': ['A', 'A']}]",
        "local_areas[0].regional[1]: “A” is listed twice"),
  BAD2 ("cell-number", "'data_tables': [" TABLE2 ", {'uid': 't2', 'title': 'U', 'columns': "
        "[{'name': 'A', 'type': 'text'}, {'name': 'B', 'type': 'text'}, {'name': 'C', 'type': "
        "'money'}], 'rows': [{}, {}, {}, {'is_total': false}, {'cells': ['x', null, 12]}]}]",
        "data_tables[1].rows[4].cells[2]: expected a string or null, found number"),
  BAD2 ("too-many-cells", "'data_tables': [{'uid': 't1', 'title': 'T', 'columns': [{'name': "
        "'A', 'type': 'text'}], 'rows': [{'cells': ['a', 'b']}]}]",
        "data_tables[0].rows[0].cells: expected at most 1 cells, one per column, found 2"),
  BAD2 ("column-type", "'data_tables': [{'uid': 't1', 'title': 'T', 'columns': [{'name': "
        "'A', 'type': 'text'}, {'name': 'B', 'type': 'currency'}]}]",
        "data_tables[0].columns[1].type: unknown column type “currency”"),
  BAD2 ("row-total-not-bool", "'data_tables': [{'uid': 't1', 'title': 'T', 'rows': "
        "[{'is_total': 1}]}]",
        "data_tables[0].rows[0].is_total: expected true or false, found number"),
  BAD2 ("chart-table", "'data_tables': [" TABLE2 "], 'charts': [{'uid': 'g1', 'table': 'x', "
        "'kind': 'bar'}]",
        "charts[0].table: no data table with uid “x”"),
  BAD2 ("chart-kind-unknown", "'data_tables': [" TABLE2 "], 'charts': [{'uid': 'g1', "
        "'table': 't1', 'kind': 'scatter'}]",
        "charts[0].kind: unknown chart kind “scatter”"),
  BAD2 ("chart-series", "'data_tables': [" TABLE2 "], " CHART (", 'series': [1, 5]"),
        "charts[0].series[1]: the table has no column 5"),
  BAD2 ("chart-label", "'data_tables': [" TABLE2 "], " CHART (", 'label_column': 2"),
        "charts[0].label_column: the table has no column 2"),
  BAD2 ("block-table-ref", "'chapters': [{'title': 'A', 'content': [{'paragraph': 'p'}, "
        "{'table': 't9'}]}]",
        "chapters[0].content[1].table: no data table with uid “t9”"),
  BAD2 ("block-chart-ref", "'data_tables': [" TABLE2 "], 'chapters': [{'title': 'A', "
        "'content': [{'chart': 't1'}]}]",
        "chapters[0].content[0].chart: no chart with uid “t1”"),
  BAD2 ("two-kinds", "'chapters': [{'title': 'A', 'content': [{'paragraph': 'p', "
        "'heading': 'h'}]}]",
        "chapters[0].content[0]: “paragraph” and “heading” in one item"),
  BAD2 ("no-kind", "'chapters': [{'title': 'A', 'content': [{'level': 1}]}]",
        "chapters[0].content[0]: expected one of"),
  BAD2 ("level-range", "'chapters': [{'title': 'A', 'content': [{'heading': 'h', 'level': 12}]}]",
        "chapters[0].content[0].level: expected a number from 0 to 9, not 12"),
  BAD2 ("span-style", "'chapters': [{'title': 'A', 'sections': [{'title': 'S', 'content': "
        "[{'paragraph': 'Testo'}, {'bullet': 'uno due', 'spans': [{'start': 0, 'end': 3, "
        "'style': 'underline'}]}]}]}]",
        "chapters[0].sections[0].content[1].spans[0].style: unknown style “underline”"),
  BAD2 ("span-range", "'chapters': [{'title': 'A', 'content': [{'paragraph': 'città', 'spans': "
        "[{'start': 0, 'end': 2, 'style': 'bold'}, {'start': 1, 'end': 9, 'style': 'italic'}]}]}]",
        "chapters[0].content[0].spans[1].end: expected a number from 0 to 5, not 9"),
  BAD2 ("span-footnote", "'chapters': [{'title': 'A', 'content': [{'paragraph': 'nota', 'spans': "
        "[{'start': 0, 'end': 2, 'style': 'footnote', 'data': 'n'}]}]}]",
        "chapters[0].content[0].spans[0]: a footnote marks one place"),
  BAD2 ("card-spans", "'chapters': [{'title': 'A', 'content': [{'card': {'type': "
        "'valutazione-output'}, 'spans': []}]}]",
        "chapters[0].content[0]: a card has no text of its own"),
  BAD2 ("card-ref-twice", "'chapters': [{'title': 'A', 'content': [" CARD ", " CARD "]}]",
        "chapters[0].content[1].card.ref: “c1” is already the ref of another card"),
  BAD2 ("percentage-path", "'chapters': [{'title': 'A'}, {'title': 'B'}, {'title': 'C'}, "
        "{'title': 'D', 'content': [{'paragraph': 'p'}, {'heading': 'h', 'level': 1}, {'card': "
        "{'type': 'valutazione-output', 'fields': {'grado': '140'}}}]}]",
        "chapters[3].content[2].card.fields.grado: expected a percentage from 0 to 100, not 140"),
  BAD2 ("objective-card", "'chapters': [{'title': 'A', 'content': [" CARD "]}], "
        OBJ (", 'card': 'card-9'"),
        "objectives[0].card: no card with ref “card-9”"),
  BAD2 ("objective-area", OBJ (", 'local_area': 'zz'"),
        "objectives[0].local_area: no local area with uid “zz”"),
  BAD2 ("amount-format", OBJ (", 'budget': [{'stanziato': '15.000,00'}]"),
        "objectives[0].budget[0].stanziato: expected an amount in euro such as “15000.00”"),
  BAD2 ("amount-number", OBJ (", 'budget': [{}, {'impegnato': 15000}]"),
        "objectives[0].budget[1].impegnato: expected an amount as a string"),
  BAD2 ("budget-source", "'funding_sources': [{'uid': 'f1', 'name': 'F'}], "
        OBJ (", 'budget': [{'source': 'f1'}, {'source': 'fx'}]"),
        "objectives[0].budget[1].source: no funding source with uid “fx”"),
  BAD2 ("budget-year", OBJ (", 'budget': [{'year': '2022'}]"),
        "objectives[0].budget[0].year: expected a whole number, found string"),
  BAD2 ("root-unknown", "'chapters': [], 'x': 1",
        "(root): unknown member “x”"),
  BAD2 ("top-not-array", "'actors': {}",
        "actors: expected an array, found object"),
  { "v2-member-in-v1", "{'zona': 1, 'plan': {'template': '2025-2027'}, 'actors': []}",
    ZONA_PLAN_JSON_ERROR_INVALID, "(root): unknown member “actors”", TRUE, TRUE },
  { "v2-item-in-v1", "{'zona': 1, 'plan': {'template': '2025-2027'}, 'chapters': [{'title': 'A', "
    "'content': [{'heading': 'h'}]}]}",
    ZONA_PLAN_JSON_ERROR_INVALID, "chapters[0].content[0]: expected “paragraph” or “card”", TRUE,
    TRUE },
  { "v2-plan-number", "{'zona': 2, 'plan': {'template': '2025-2027', 'title': 3}}",
    ZONA_PLAN_JSON_ERROR_INVALID, "plan.title: expected a string, found number", TRUE, TRUE },
  { "v2-no-template", "{'zona': 2, 'plan': {'title': 'T'}}",
    ZONA_PLAN_JSON_ERROR_INVALID, "plan: missing member “template”", TRUE, TRUE },
};

/* ---- round trips -------------------------------------------------------- */

static char *
dump (ZonaStore *store)
{
  g_autoptr(GError) error = NULL;
  char *json = zona_plan_json_dump (store, &error);

  g_assert_no_error (error);
  g_assert_nonnull (json);
  g_assert_true (g_utf8_validate (json, -1, NULL));
  return json;
}

/* Loads @json into a new file and dumps it again: the text must come back unchanged. */
static void
assert_round_trip (const char *json)
{
  g_autofree char *dest = tmp_path ("again.pdz");
  g_autoptr(GError) error = NULL;
  g_autoptr(ZonaStore) store = zona_plan_json_load_data (json, -1, dest, &error);
  g_autofree char *again = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (store);
  again = dump (store);
  if (!g_str_equal (json, again))
    {
      g_autofree char *a = g_build_filename (g_get_tmp_dir (), "zona-dump-1.json", NULL);
      g_autofree char *b = g_build_filename (g_get_tmp_dir (), "zona-dump-2.json", NULL);
      g_file_set_contents (a, json, -1, NULL);
      g_file_set_contents (b, again, -1, NULL);
      g_test_fail_printf ("dump → load → dump differs: compare %s and %s", a, b);
    }
}

/* The sample, and an earlier version 1 form of it, → dump → load → dump
 * gives identical JSON. */
static void
test_sample_round_trip (gconstpointer data)
{
  const char *which = data;
  g_autofree char *v1 = g_test_build_filename (G_TEST_DIST, "fixtures", "plan-v1.json", NULL);
  g_autofree char *dest = tmp_path ("sample.pdz");
  g_autoptr(GError) error = NULL;
  g_autoptr(ZonaStore) store = zona_plan_json_load_file (g_str_equal (which, "v1") ? v1 : g_getenv ("ZONA_SAMPLE_JSON"),
                                                         dest, &error);
  g_autofree char *json = NULL;
  g_autofree char *second = NULL;
  g_autoptr(ZonaStore) ro = NULL;

  g_assert_no_error (error);
  json = dump (store);
  g_assert_true (g_str_has_prefix (json, "{\n  \"zona\" : 2,\n  \"plan\" : {\n"));
  g_assert_true (g_str_has_suffix (json, "}\n"));
  /* No database ids, and every registry is there, if empty. */
  g_assert_null (strstr (json, "\"id\""));
  g_assert_nonnull (strstr (json, "\"objectives\" : ["));
  assert_round_trip (json);

  /* The same text every time, read-only view included. */
  second = dump (store);
  g_assert_cmpstr (json, ==, second);
  ro = zona_store_open (dest, &error);
  g_assert_no_error (error);
  g_assert_true (zona_store_is_read_only (ro));
  g_clear_pointer (&second, g_free);
  second = dump (ro);
  g_assert_cmpstr (json, ==, second);
}

/* A value for a field of @kind, as the form editor would store it. */
static char *
sample_value (const ZonaField *field,
              guint            n)
{
  g_autofree char *raw = NULL;
  g_autoptr(GError) error = NULL;
  char *value;

  switch (field->kind)
    {
    case ZONA_FIELD_LONG_TEXT:
      raw = g_strdup_printf ("Primo paragrafo %u, con “virgolette” e l'apostrofo.\n\n"
                             "- punto uno\n- punto due\n", n);
      break;
    case ZONA_FIELD_PERCENTAGE:
      raw = g_strdup_printf ("%u%%", (n * 7) % 101);
      break;
    case ZONA_FIELD_CHOICE:
    case ZONA_FIELD_MULTICHOICE:
      if (field->options != NULL && field->options->len > 0)
        raw = g_strdup (g_ptr_array_index (field->options, n % field->options->len));
      else
        raw = g_strdup ("In parte");
      break;
    case ZONA_FIELD_MONEY:
      raw = g_strdup_printf ("%u.500,00 €", n);
      break;
    default:
      raw = g_strdup_printf ("Valore %u (%s) — città", n, zona_field_kind_to_string (field->kind));
      break;
    }
  value = zona_value_normalize (field, raw, &error);
  g_assert_no_error (error);
  return value;
}

/* Fills every field of a card, two rows of every group and table. Returns the kinds used. */
static guint
fill_card (ZonaStore          *store,
           gint64              card,
           const ZonaCardType *type)
{
  g_autoptr(GError) error = NULL;
  guint kinds = 0, n = 0;

  for (guint r = 0; r < type->rows->len; r++)
    {
      const ZonaRow *row = g_ptr_array_index (type->rows, r);

      for (guint i = 0; i < row->fields->len; i++)
        {
          const ZonaField *field = g_ptr_array_index (row->fields, i);

          kinds |= 1u << field->kind;
          if (field->children != NULL && field->children->len > 0)
            {
              for (guint line = 0; line < 2; line++)
                for (guint c = 0; c < field->children->len; c++)
                  {
                    const ZonaField *child = g_ptr_array_index (field->children, c);
                    g_autofree char *key = zona_field_path (field->key, line, child->key);
                    g_autofree char *value = sample_value (child, ++n);

                    kinds |= 1u << child->kind;
                    g_assert_true (zona_store_set_field (store, card, key, value, &error));
                  }
            }
          else
            {
              g_autofree char *value = sample_value (field, ++n);
              g_assert_true (zona_store_set_field (store, card, field->key, value, &error));
            }
          g_assert_no_error (error);
        }
    }
  return kinds;
}

static ZonaSpan *
span (int           start,
      int           end,
      ZonaSpanStyle style,
      const char   *data)
{
  ZonaSpan *sp = g_new0 (ZonaSpan, 1);

  sp->start = start;
  sp->end = end;
  sp->style = style;
  sp->data = g_strdup (data);
  return sp;
}

/* A plan with something of everything, built through the API. */
static ZonaStore *
build_rich_plan (const char *path,
                 const char *template_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ZonaStore) store = zona_store_create (path, template_id, &error);
  g_autoptr(ZonaTemplate) template = zona_template_lookup (template_id, &error);
  g_autoptr(GPtrArray) spans = g_ptr_array_new_with_free_func ((GDestroyNotify) zona_span_free);
  g_autoptr(GArray) cards = g_array_new (FALSE, FALSE, sizeof (gint64));
  GPtrArray *types;
  guint kinds_used = 0, kinds_in_template = 0;
  gint64 premessa, esiti, section, contesto, b, t_all, t_pop, t_empty, t_bare;
  gint64 cols[5], pop_cols[4], rows[4];
  gint64 sub, comune1, comune2, tavolo, ets, area_a, area_d, fnps, frs, o1, o2, o3;
  const char *texts[] = { "Comune", "12.345", "1.234,5", "45,2%", "853.655,04 €" };

  g_assert_no_error (error);
  g_assert_nonnull (template);

  zona_store_set_meta (store, "title", "Piano di Zona di prova", &error);
  zona_store_set_meta (store, "ambito", "Ambito di Prova", &error);
  zona_store_set_meta (store, "cycle", zona_template_get_cycle (template), &error);
  zona_store_set_meta (store, "ente_capofila", "Comune di Prova", &error);
  zona_store_set_meta (store, "approvazione", "Assemblea dei Sindaci, 24/02/2022", &error);
  g_assert_no_error (error);

  /* Text of every kind, every style, nested levels. */
  premessa = zona_store_add_chapter (store, 0, "premessa", "Premessa", &error);
  zona_store_add_block (store, premessa, ZONA_BLOCK_HEADING, 1, "Il percorso", NULL, &error);
  b = zona_store_add_paragraph (store, premessa, "Testo in grassetto, corsivo, link e nota.", &error);
  g_ptr_array_add (spans, span (9, 18, ZONA_SPAN_BOLD, NULL));
  g_ptr_array_add (spans, span (20, 27, ZONA_SPAN_ITALIC, NULL));
  g_ptr_array_add (spans, span (20, 31, ZONA_SPAN_BOLD, NULL));
  g_ptr_array_add (spans, span (29, 33, ZONA_SPAN_LINK, "https://www.regione.lombardia.it/"));
  g_ptr_array_add (spans, span (41, 41, ZONA_SPAN_FOOTNOTE, "DGR XI/4563 del 19/04/2021."));
  g_assert_true (zona_store_set_block_text (store, b, "Testo in grassetto, corsivo, link e nota.",
                                            spans, &error));
  zona_store_add_block (store, premessa, ZONA_BLOCK_HEADING, 2, "Le fasi", NULL, &error);
  zona_store_add_block (store, premessa, ZONA_BLOCK_BULLET, 0, "primo punto", NULL, &error);
  b = zona_store_add_block (store, premessa, ZONA_BLOCK_BULLET, 1, "sotto-punto “citato”", NULL,
                            &error);
  g_ptr_array_set_size (spans, 0);
  g_ptr_array_add (spans, span (0, 5, ZONA_SPAN_ITALIC, NULL));
  zona_store_set_block_text (store, b, "sotto-punto “citato”", spans, &error);
  zona_store_add_block (store, premessa, ZONA_BLOCK_NUMBERED, 0, "uno", NULL, &error);
  zona_store_add_block (store, premessa, ZONA_BLOCK_NUMBERED, 2, "due\tcon tab", NULL, &error);
  zona_store_add_paragraph (store, premessa, "", &error);
  zona_store_add_block (store, premessa, ZONA_BLOCK_PARAGRAPH, 3, "rientrato", NULL, &error);
  g_assert_no_error (error);

  /* One card of every type, every field filled. */
  esiti = zona_store_add_chapter (store, 0, "esiti", "Esiti", &error);
  section = zona_store_add_chapter (store, esiti, "esiti-ambito", "Esiti di Ambito", &error);
  zona_store_add_paragraph (store, section, "Prima delle schede.", &error);
  types = zona_template_get_card_types (template);
  for (guint i = 0; i < types->len; i++)
    {
      const ZonaCardType *type = g_ptr_array_index (types, i);
      gint64 card = zona_store_add_card (store, section, type->id, type->title, &error);

      g_assert_no_error (error);
      g_array_append_val (cards, card);
      kinds_used |= fill_card (store, card, type);
      for (guint r = 0; r < type->rows->len; r++)
        {
          const ZonaRow *row = g_ptr_array_index (type->rows, r);
          for (guint j = 0; j < row->fields->len; j++)
            {
              const ZonaField *field = g_ptr_array_index (row->fields, j);
              kinds_in_template |= 1u << field->kind;
              for (guint c = 0; field->children && c < field->children->len; c++)
                kinds_in_template |= 1u << ((ZonaField *) g_ptr_array_index (field->children, c))->kind;
            }
        }
    }
  /* A card with only some fields, one untitled. */
  zona_store_add_card (store, section, "valutazione-output", "", &error);
  b = zona_store_add_card (store, section, "valutazione-output", "Obiettivo sovra-zonale", &error);
  zona_store_set_field (store, b, "grado", "100", &error);
  g_array_append_val (cards, b);
  g_assert_no_error (error);
  g_assert_cmpuint (kinds_used, ==, kinds_in_template);
  g_test_message ("%s: %u card types, %u field kinds", template_id, types->len,
                  (guint) __builtin_popcount (kinds_used));

  /* Data tables: every column type, a totals row, empty cells, text kept as typed. */
  t_all = zona_plan_data_add_table (store, "tab-tipi", "Tutti i tipi", "ISTAT 2020",
                                    "01/01/2021", "Dati di prova", &error);
  for (int c = 0; c < 5; c++)
    cols[c] = zona_plan_data_add_column (store, t_all, -1, texts[c], (ZonaColumnType) c,
                                         c == 4 ? "€" : NULL, &error);
  for (int r = 0; r < 4; r++)
    {
      rows[r] = zona_plan_data_add_row (store, t_all, -1, r == 3, &error);
      for (int c = 0; c < 5; c++)
        if ((r + c) % 3 != 1)
          {
            g_autofree char *v = g_strdup_printf ("%s %d", r == 2 ? "n.p." : texts[c], r);
            zona_plan_data_set_cell (store, rows[r], cols[c], r == 1 && c == 1 ? "- €" : v,
                                     &error);
          }
    }
  g_assert_no_error (error);
  t_pop = zona_plan_data_add_table (store, NULL, "Popolazione per età", NULL, NULL, NULL, &error);
  for (int c = 0; c < 4; c++)
    {
      const char *names[] = { "Età", "Maschi", "Femmine", "Totale" };
      pop_cols[c] = zona_plan_data_add_column (store, t_pop, -1, names[c],
                                               c == 0 ? ZONA_COLUMN_TEXT : ZONA_COLUMN_INTEGER,
                                               NULL, &error);
    }
  for (int r = 0; r < 3; r++)
    {
      gint64 row = zona_plan_data_add_row (store, t_pop, -1, FALSE, &error);
      for (int c = 0; c < 4; c++)
        {
          g_autofree char *v = g_strdup_printf ("%d", 100 * r + c);
          zona_plan_data_set_cell (store, row, pop_cols[c], v, &error);
        }
    }
  t_empty = zona_plan_data_add_table (store, NULL, "Senza righe", NULL, NULL, NULL, &error);
  zona_plan_data_add_column (store, t_empty, -1, "Sola", ZONA_COLUMN_TEXT, NULL, &error);
  t_bare = zona_plan_data_add_table (store, NULL, "", NULL, NULL, NULL, &error);
  zona_plan_data_add_row (store, t_bare, -1, TRUE, &error);
  g_assert_no_error (error);

  /* A chart of every kind. */
  for (int k = ZONA_CHART_BAR; k <= ZONA_CHART_PYRAMID; k++)
    {
      g_autofree char *uid = g_strdup_printf ("grafico-%s", zona_chart_kind_to_string (k));
      gint64 series[] = { pop_cols[2], pop_cols[1], pop_cols[3] };
      gint64 chart = zona_plan_data_add_chart (store, uid, k == ZONA_CHART_LINE ? t_all : t_pop,
                                               k, k % 2 ? "Titolo" : NULL, k == 0 ? -1 : k % 3,
                                               k == 1 ? "ab." : NULL, k == 2 ? "Fonte: ISTAT" : NULL,
                                               k == 3 ? "Descrizione per chi non vede" : NULL,
                                               &error);
      g_assert_no_error (error);
      if (k == ZONA_CHART_LINE)
        zona_plan_data_set_chart_series (store, chart, &cols[1], 4, &error);
      else if (k != ZONA_CHART_PIE)
        zona_plan_data_set_chart_series (store, chart, series, 1 + k % 3, &error);
      g_assert_no_error (error);
    }

  /* Tables and charts in the text, one with text and formatting of its own. */
  contesto = zona_store_add_chapter (store, 0, "contesto", "Contesto", &error);
  zona_store_add_block (store, contesto, ZONA_BLOCK_TABLE, 0, NULL, "tab-tipi", &error);
  b = zona_store_add_block (store, contesto, ZONA_BLOCK_CHART, 0, "Grafico 1 - Piramide",
                            "grafico-pyramid", &error);
  g_ptr_array_set_size (spans, 0);
  g_ptr_array_add (spans, span (0, 10, ZONA_SPAN_BOLD, NULL));
  zona_store_set_block_text (store, b, "Grafico 1 - Piramide", spans, &error);
  zona_store_add_block (store, contesto, ZONA_BLOCK_CHART, 1, NULL, "grafico-bar", &error);
  {
    g_autoptr(ZonaDataTable) t = zona_plan_data_get_table (store, t_pop);
    zona_store_add_block (store, contesto, ZONA_BLOCK_TABLE, 0, NULL, t->uid, &error);
  }
  zona_store_add_chapter (store, contesto, NULL, "Sezione vuota", &error);
  g_assert_no_error (error);

  /* Actors: one of every kind, a sub-ambito with comuni, a tavolo with participants. */
  for (int k = ZONA_ACTOR_COMUNE; k <= ZONA_ACTOR_ALTRO; k++)
    {
      g_autofree char *name = g_strdup_printf ("Soggetto %s", zona_actor_kind_to_string (k));
      zona_plan_data_add_actor (store, k, name, k == 0 ? "019036" : NULL,
                                k == 1 ? "nota" : NULL, NULL, &error);
    }
  sub = zona_plan_data_add_actor (store, ZONA_ACTOR_SUB_AMBITO, "Casalasco", NULL, NULL,
                                  "sub-casalasco", &error);
  comune1 = zona_plan_data_add_actor (store, ZONA_ACTOR_COMUNE, "Piadena Drizzona", "019116",
                                      "alias “Piacenza Drizzona” (sic)", NULL, &error);
  comune2 = zona_plan_data_add_actor (store, ZONA_ACTOR_COMUNE, "Bozzolo", NULL, NULL, NULL, &error);
  tavolo = zona_plan_data_add_actor (store, ZONA_ACTOR_TAVOLO, "Tavolo Povertà", NULL, NULL, NULL,
                                     &error);
  ets = zona_plan_data_add_actor (store, ZONA_ACTOR_TERZO_SETTORE, "Caritas", NULL, NULL, NULL,
                                  &error);
  zona_plan_data_add_member (store, sub, comune2, NULL, &error);
  zona_plan_data_add_member (store, sub, comune1, "capofila", &error);
  zona_plan_data_add_member (store, tavolo, ets, "aderente successivo", &error);
  zona_plan_data_add_member (store, tavolo, comune1, "coordinatore", &error);
  zona_plan_data_add_member (store, tavolo, sub, NULL, &error);
  zona_plan_data_move_actor (store, tavolo, 2, &error);
  g_assert_no_error (error);

  /* Local areas and mappings. */
  area_a = zona_plan_data_add_local_area (store, "locale-a", "A", "Contrasto alla povertà", &error);
  area_d = zona_plan_data_add_local_area (store, NULL, "D", "Persone fragili", &error);
  zona_plan_data_add_local_area (store, NULL, NULL, "Area senza lettera", &error);
  zona_plan_data_set_mapping (store, "A", area_a, TRUE, &error);
  zona_plan_data_set_mapping (store, "J", area_d, TRUE, &error);
  zona_plan_data_set_mapping (store, "D", area_d, TRUE, &error);
  zona_plan_data_set_mapping (store, "E", area_d, TRUE, &error);
  g_assert_no_error (error);

  /* Funding sources, objectives with predecessors, budget lines with amounts not given. */
  fnps = zona_plan_data_add_funding_source (store, "fnps", "FNPS",
                                            "Fondo Nazionale Politiche Sociali", "Stato", &error);
  frs = zona_plan_data_add_funding_source (store, NULL, NULL, "Fondo Regionale", NULL, &error);
  o1 = zona_plan_data_add_objective (store, "ob-2018-1", "Obiettivo valutato",
                                     g_array_index (cards, gint64, 0), "A", area_a, NULL, &error);
  o2 = zona_plan_data_add_objective (store, NULL, "Obiettivo nuovo",
                                     g_array_index (cards, gint64, cards->len - 1), "D", area_d,
                                     "ob-2018-1", &error);
  o3 = zona_plan_data_add_objective (store, NULL, "Stessa scheda", g_array_index (cards, gint64, 0),
                                     NULL, 0, "ob-2015-7", &error);
  g_assert_no_error (error);
  zona_plan_data_add_budget_line (store, o1, fnps, 2022, 1500000, 1499999, ZONA_AMOUNT_NONE,
                                  NULL, &error);
  zona_plan_data_add_budget_line (store, o1, frs, 0, ZONA_AMOUNT_NONE, ZONA_AMOUNT_NONE,
                                  ZONA_AMOUNT_NONE, "importo da definire", &error);
  zona_plan_data_add_budget_line (store, o2, 0, 2025, 5, 0, -350, NULL, &error);
  (void) o3;
  g_assert_no_error (error);

  zona_store_clear_history (store);
  return g_steal_pointer (&store);
}

static void
test_rich_round_trip (gconstpointer data)
{
  const char *template_id = data;
  g_autofree char *path = tmp_path ("rich.pdz");
  g_autofree char *dest = tmp_path ("rich-loaded.pdz");
  g_autoptr(GError) error = NULL;
  g_autoptr(ZonaStore) store = build_rich_plan (path, template_id);
  g_autoptr(ZonaStore) loaded = NULL;
  g_autofree char *json = dump (store);
  g_autofree char *again = NULL;

  assert_round_trip (json);

  /* The loaded plan holds the same things, not just the same text. */
  loaded = zona_plan_json_load_data (json, -1, dest, &error);
  g_assert_no_error (error);
  {
    gint64 t = zona_plan_data_find_table (loaded, "tab-tipi");
    g_autoptr(ZonaTableContents) tc = zona_plan_data_get_table_contents (loaded, t);
    ZonaDataRow *r1 = g_ptr_array_index (tc->rows, 1);
    ZonaDataRow *r3 = g_ptr_array_index (tc->rows, 3);

    g_assert_cmpuint (tc->columns->len, ==, 5);
    g_assert_cmpint (((ZonaDataColumn *) g_ptr_array_index (tc->columns, 4))->type, ==,
                     ZONA_COLUMN_MONEY);
    g_assert_cmpstr (((ZonaDataColumn *) g_ptr_array_index (tc->columns, 4))->unit, ==, "€");
    g_assert_cmpstr (g_ptr_array_index (r1->cells, 1), ==, "- €");
    g_assert_null (g_ptr_array_index (r1->cells, 3));
    g_assert_cmpstr (g_ptr_array_index (r1->cells, 2), ==, "1.234,5 1");
    g_assert_true (r3->is_total);
  }
  {
    g_autoptr(ZonaChart) chart =
      zona_plan_data_get_chart (loaded, zona_plan_data_find_chart (loaded, "grafico-stacked-bar"));
    g_assert_cmpint (chart->kind, ==, ZONA_CHART_STACKED_BAR);
    g_assert_cmpint (chart->label_column, ==, 0);
    g_assert_cmpuint (chart->series->len, ==, 1);
  }
  {
    gint64 o = zona_plan_data_find_objective (loaded, "ob-2018-1");
    g_autoptr(ZonaObjective) obj = zona_plan_data_get_objective (loaded, o);
    g_autoptr(ZonaBlock) card = zona_store_get_block (loaded, obj->card_id);
    g_autoptr(GPtrArray) lines = zona_plan_data_list_budget_lines (loaded, o);
    g_autoptr(GPtrArray) objectives = zona_plan_data_list_objectives (loaded);
    ZonaBudgetLine *l0 = g_ptr_array_index (lines, 0);

    g_assert_nonnull (card);
    g_assert_cmpint (card->kind, ==, ZONA_BLOCK_CARD);
    g_assert_cmpuint (lines->len, ==, 2);
    g_assert_cmpint (l0->stanziato, ==, 1500000);
    g_assert_cmpint (l0->impegnato, ==, 1499999);
    g_assert_cmpint (l0->liquidato, ==, ZONA_AMOUNT_NONE);
    g_assert_cmpint (l0->year, ==, 2022);
    g_assert_cmpuint (objectives->len, ==, 3);
    /* Two objectives on one card: the same card, named once. */
    g_assert_cmpint (((ZonaObjective *) g_ptr_array_index (objectives, 2))->card_id, ==,
                     obj->card_id);
    g_assert_cmpstr (((ZonaObjective *) g_ptr_array_index (objectives, 1))->predecessor_uid, ==,
                     "ob-2018-1");
  }
  {
    gint64 sub = zona_plan_data_find_actor (loaded, "sub-casalasco");
    g_autoptr(GPtrArray) members = zona_plan_data_list_members (loaded, sub);
    g_assert_cmpuint (members->len, ==, 2);
  }
  /* Still identical after another load. */
  again = dump (loaded);
  g_assert_cmpstr (json, ==, again);
}

/* docs/example-plan.json loads, and is written exactly as the dump writes it. */
static void
test_example_plan (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "docs", "example-plan.json",
                                                 NULL);
  g_autofree char *dest = tmp_path ("example.pdz");
  g_autofree char *contents = NULL;
  g_autofree char *json = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ZonaStore) store = NULL;
  g_autoptr(GPtrArray) actors = NULL;
  g_autoptr(GPtrArray) objectives = NULL;
  g_autoptr(GPtrArray) totals = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  store = zona_plan_json_load_data (contents, -1, dest, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);

  actors = zona_plan_data_list_actors (store);
  objectives = zona_plan_data_list_objectives (store);
  totals = zona_plan_data_budget_by_objective (store);
  g_assert_cmpuint (actors->len, >, 0);
  g_assert_cmpuint (objectives->len, >, 0);
  g_assert_cmpuint (totals->len, >, 0);

  json = dump (store);
  if (!g_str_equal (json, contents))
    {
      g_autofree char *out = g_build_filename (g_get_tmp_dir (), "zona-example-dump.json", NULL);
      g_file_set_contents (out, json, -1, NULL);
      g_test_fail_printf ("docs/example-plan.json is not in the dump's own form: compare it "
                          "with %s", out);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/plan-json/sample-complete", test_sample_complete);
  g_test_add_data_func ("/plan-json/round-trip/sample", "sample", test_sample_round_trip);
  g_test_add_data_func ("/plan-json/round-trip/sample-v1", "v1", test_sample_round_trip);
  g_test_add_data_func ("/plan-json/round-trip/rich-2021-2023", "2021-2023", test_rich_round_trip);
  g_test_add_data_func ("/plan-json/round-trip/rich-2025-2027", "2025-2027", test_rich_round_trip);
  g_test_add_func ("/plan-json/example-plan", test_example_plan);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *path = g_strconcat ("/plan-json/bad/", bad[i].name, NULL);
      g_test_add_data_func (path, &bad[i], test_bad);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad_v2); i++)
    {
      g_autofree char *path = g_strconcat ("/plan-json/bad-v2/", bad_v2[i].name, NULL);
      g_test_add_data_func (path, &bad_v2[i], test_bad);
    }
  return g_test_run ();
}
