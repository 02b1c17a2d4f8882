/* test-plan-json.c: building a plan from JSON; bad JSON names the bad element
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "model/zona-plan-json.h"

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
  guint n_cards = 0, n_fields = 0, n_paragraphs = 0;
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
    guint j_cards = 0, j_fields = 0, j_paragraphs = 0;
    GPtrArray *stack = g_ptr_array_new ();
    JsonArray *top = json_object_get_array_member (root, "chapters");

    for (guint i = 0; i < json_array_get_length (top); i++)
      g_ptr_array_add (stack, json_array_get_object_element (top, i));
    while (stack->len > 0)
      {
        JsonObject *ch = g_ptr_array_steal_index (stack, stack->len - 1);
        JsonArray *content = json_object_get_array_member (ch, "content");
        g_autofree char *needle = g_strdup_printf ("\x1f%s", json_object_get_string_member (ch, "title"));

        g_assert_nonnull (strstr (all_values->str, needle));
        for (guint i = 0; content && i < json_array_get_length (content); i++)
          {
            JsonObject *item = json_array_get_object_element (content, i);
            if (json_object_has_member (item, "paragraph"))
              j_paragraphs++;
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
  }
}

typedef struct {
  const char *name;
  const char *json;
  int         code;
  const char *expect;
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
  g_autoptr(GError) error = NULL;
  g_autoptr(ZonaStore) store = zona_plan_json_load_data (b->json, -1, dest, &error);

  g_assert_null (store);
  g_assert_error (error, ZONA_PLAN_JSON_ERROR, b->code);
  if (strstr (error->message, b->expect) == NULL)
    g_test_fail_printf ("expected “%s” in “%s”", b->expect, error->message);
  /* No half-built file is left behind. */
  g_assert_false (g_file_test (dest, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/plan-json/sample-complete", test_sample_complete);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *path = g_strconcat ("/plan-json/bad/", bad[i].name, NULL);
      g_test_add_data_func (path, &bad[i], test_bad);
    }
  return g_test_run ();
}
