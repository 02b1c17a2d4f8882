/* zona-plan-json.c: build a plan from its JSON interchange form
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The whole load is one transaction into a new file; any error names the
 * path of the offending element (“chapters[1].content[3].card.fields.grado: …”)
 * and removes the half-built file.
 */
#define G_LOG_DOMAIN "zona-plan-json"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "zona-plan-json.h"
#include "templates/zona-template.h"
#include "zona-value.h"

G_DEFINE_QUARK (zona-plan-json-error-quark, zona_plan_json_error)

typedef struct {
  ZonaStore    *store;
  ZonaTemplate *template;
  GError      **error;
} Loader;

G_GNUC_PRINTF (3, 4)
static gboolean
invalid (Loader     *l,
         const char *path,
         const char *format,
         ...)
{
  g_autofree char *msg = NULL;
  va_list args;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (l->error, ZONA_PLAN_JSON_ERROR, ZONA_PLAN_JSON_ERROR_INVALID, "%s: %s", path, msg);
  return FALSE;
}

static const char *
node_type_name (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return "null";
  if (JSON_NODE_HOLDS_OBJECT (node))
    return "object";
  if (JSON_NODE_HOLDS_ARRAY (node))
    return "array";
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING: return "string";
    case G_TYPE_BOOLEAN: return "boolean";
    default: return "number";
    }
}

/* A member that must be a string (or absent when !required). */
static gboolean
get_string (Loader      *l,
            JsonObject  *obj,
            const char  *path,
            const char  *name,
            gboolean     required,
            const char **out)
{
  JsonNode *node = json_object_get_member (obj, name);

  *out = NULL;
  if (node == NULL)
    return !required || invalid (l, path, "missing member “%s”", name);
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return invalid (l, path, "“%s”: expected a string, found %s", name, node_type_name (node));
  *out = json_node_get_string (node);
  return TRUE;
}

static gboolean
check_members (Loader      *l,
               JsonObject  *obj,
               const char  *path,
               const char **allowed)
{
  g_autoptr(GList) members = json_object_get_members (obj);

  for (GList *m = members; m; m = m->next)
    if (!g_strv_contains (allowed, m->data))
      return invalid (l, path, "unknown member “%s”", (const char *) m->data);
  return TRUE;
}

static gboolean
load_card (Loader     *l,
           gint64      chapter_id,
           JsonObject *card,
           const char *path)
{
  static const char *allowed[] = { "type", "title", "fields", NULL };
  const ZonaCardType *type;
  const char *type_id, *title;
  JsonNode *fields_node;
  gint64 card_id;

  if (!check_members (l, card, path, allowed)
      || !get_string (l, card, path, "type", TRUE, &type_id)
      || !get_string (l, card, path, "title", FALSE, &title))
    return FALSE;

  type = zona_template_get_card_type (l->template, type_id);
  if (type == NULL)
    return invalid (l, path, "card type “%s” is not in template “%s”", type_id,
                    zona_template_get_id (l->template));

  card_id = zona_store_add_card (l->store, chapter_id, type_id, title ? title : "", l->error);
  if (card_id == 0)
    return FALSE;

  fields_node = json_object_get_member (card, "fields");
  if (fields_node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (fields_node))
    return invalid (l, path, "“fields”: expected an object, found %s", node_type_name (fields_node));

  {
    JsonObject *fields = json_node_get_object (fields_node);
    g_autoptr(GList) keys = json_object_get_members (fields);

    for (GList *k = keys; k; k = k->next)
      {
        const char *key = k->data;
        g_autofree char *fpath = g_strdup_printf ("%s.fields.%s", path, key);
        JsonNode *v = json_object_get_member (fields, key);
        const ZonaField *field = zona_card_type_find_field (type, key);
        g_autoptr(GError) verr = NULL;
        g_autofree char *value = NULL;

        if (field == NULL)
          return invalid (l, fpath, "no such field in card type “%s”", type_id);
        if (!JSON_NODE_HOLDS_VALUE (v) || json_node_get_value_type (v) != G_TYPE_STRING)
          return invalid (l, fpath, "expected a string, found %s", node_type_name (v));
        value = zona_value_normalize (field, json_node_get_string (v), &verr);
        if (value == NULL && verr != NULL)
          return invalid (l, fpath, "%s", verr->message);
        if (!zona_store_set_field (l->store, card_id, key, value, l->error))
          return FALSE;
      }
  }
  return TRUE;
}

static gboolean load_chapter (Loader *l, gint64 parent_id, JsonNode *node, const char *path);

static gboolean
load_chapter_list (Loader     *l,
                   gint64      parent_id,
                   JsonNode   *node,
                   const char *path)
{
  JsonArray *array;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return invalid (l, path, "expected an array, found %s", node_type_name (node));
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *cpath = g_strdup_printf ("%s[%u]", path, i);
      if (!load_chapter (l, parent_id, json_array_get_element (array, i), cpath))
        return FALSE;
    }
  return TRUE;
}

static gboolean
load_chapter (Loader     *l,
              gint64      parent_id,
              JsonNode   *node,
              const char *path)
{
  static const char *allowed[] = { "role", "title", "content", "sections", NULL };
  JsonObject *obj;
  const char *role, *title;
  JsonNode *content;
  g_autofree char *spath = NULL;
  gint64 id;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (l, path, "expected an object, found %s", node_type_name (node));
  obj = json_node_get_object (node);
  if (!check_members (l, obj, path, allowed)
      || !get_string (l, obj, path, "role", FALSE, &role)
      || !get_string (l, obj, path, "title", TRUE, &title))
    return FALSE;

  id = zona_store_add_chapter (l->store, parent_id, role, title, l->error);
  if (id == 0)
    return FALSE;

  content = json_object_get_member (obj, "content");
  if (content != NULL)
    {
      JsonArray *items;

      if (!JSON_NODE_HOLDS_ARRAY (content))
        return invalid (l, path, "“content”: expected an array, found %s", node_type_name (content));
      items = json_node_get_array (content);
      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          g_autofree char *ipath = g_strdup_printf ("%s.content[%u]", path, i);
          JsonNode *item = json_array_get_element (items, i);
          JsonObject *io;
          JsonNode *v;

          if (!JSON_NODE_HOLDS_OBJECT (item) || json_object_get_size (json_node_get_object (item)) != 1)
            return invalid (l, ipath, "expected an object with one member, “paragraph” or “card”");
          io = json_node_get_object (item);
          if ((v = json_object_get_member (io, "paragraph")) != NULL)
            {
              if (!JSON_NODE_HOLDS_VALUE (v) || json_node_get_value_type (v) != G_TYPE_STRING)
                return invalid (l, ipath, "“paragraph”: expected a string, found %s",
                                node_type_name (v));
              if (zona_store_add_paragraph (l->store, id, json_node_get_string (v), l->error) == 0)
                return FALSE;
            }
          else if ((v = json_object_get_member (io, "card")) != NULL)
            {
              g_autofree char *cpath = g_strconcat (ipath, ".card", NULL);
              if (!JSON_NODE_HOLDS_OBJECT (v))
                return invalid (l, cpath, "expected an object, found %s", node_type_name (v));
              if (!load_card (l, id, json_node_get_object (v), cpath))
                return FALSE;
            }
          else
            return invalid (l, ipath, "expected “paragraph” or “card”");
        }
    }

  spath = g_strconcat (path, ".sections", NULL);
  return load_chapter_list (l, id, json_object_get_member (obj, "sections"), spath);
}

static gboolean
load_root (Loader   *l,
           JsonNode *root)
{
  static const char *allowed[] = { "zona", "plan", "chapters", NULL };
  static const char *plan_keys[] = { "title", "ambito", "ente_capofila", "cycle", "template", NULL };
  JsonObject *obj, *plan;
  JsonNode *version, *plan_node;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return invalid (l, "(root)", "expected an object");
  obj = json_node_get_object (root);
  if (!check_members (l, obj, "(root)", allowed))
    return FALSE;

  version = json_object_get_member (obj, "zona");
  if (version == NULL || !JSON_NODE_HOLDS_VALUE (version)
      || json_node_get_value_type (version) != G_TYPE_INT64)
    return invalid (l, "zona", "expected the format version number 1");
  if (json_node_get_int (version) != 1)
    return invalid (l, "zona", "format version %" G_GINT64_FORMAT " is not supported (only 1)",
                    json_node_get_int (version));

  plan_node = json_object_get_member (obj, "plan");
  if (plan_node == NULL || !JSON_NODE_HOLDS_OBJECT (plan_node))
    return invalid (l, "plan", "expected an object");
  plan = json_node_get_object (plan_node);
  if (!check_members (l, plan, "plan", plan_keys))
    return FALSE;

  for (guint i = 0; plan_keys[i]; i++)
    {
      const char *value;
      g_autofree char *mpath = g_strconcat ("plan.", plan_keys[i], NULL);

      if (!get_string (l, plan, "plan", plan_keys[i], g_str_equal (plan_keys[i], "template"), &value))
        return FALSE;
      if (g_str_equal (plan_keys[i], "template"))
        {
          g_autoptr(GError) terr = NULL;
          l->template = zona_template_lookup (value, &terr);
          if (l->template == NULL)
            return invalid (l, mpath, "%s", terr->message);
        }
      if (value != NULL && !zona_store_set_meta (l->store, plan_keys[i], value, l->error))
        return FALSE;
    }

  return load_chapter_list (l, 0, json_object_get_member (obj, "chapters"), "chapters");
}

ZonaStore *
zona_plan_json_load_data (const char  *data,
                          gssize       len,
                          const char  *dest_path,
                          GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local = NULL;
  g_autoptr(ZonaStore) store = NULL;
  Loader l = { 0 };
  gboolean ok;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (dest_path != NULL, NULL);

  if (!json_parser_load_from_data (parser, data, len, &local))
    {
      g_set_error (error, ZONA_PLAN_JSON_ERROR, ZONA_PLAN_JSON_ERROR_SYNTAX,
                   _("The JSON text is not valid: %s"), local->message);
      return NULL;
    }

  /* The template is known only once “plan” is read; create with a placeholder id. */
  store = zona_store_create (dest_path, "-", error);
  if (store == NULL)
    return NULL;

  l.store = store;
  l.error = error;
  ok = zona_store_begin_batch (store, error);
  if (ok)
    {
      ok = load_root (&l, json_parser_get_root (parser));
      ok = zona_store_end_batch (store, ok, ok ? error : NULL) && ok;
    }
  g_clear_object (&l.template);
  if (!ok)
    {
      g_clear_object (&store);
      g_unlink (dest_path);
      return NULL;
    }
  return g_steal_pointer (&store);
}

ZonaStore *
zona_plan_json_load_file (const char  *json_path,
                          const char  *dest_path,
                          GError     **error)
{
  g_autofree char *contents = NULL;
  gsize len;

  if (!g_file_get_contents (json_path, &contents, &len, error))
    return NULL;
  return zona_plan_json_load_data (contents, len, dest_path, error);
}
