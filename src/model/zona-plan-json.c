/* zona-plan-json.c: a plan's JSON interchange form, both ways
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Loading: the whole load is one transaction into a new file; any error names
 * the path of the offending element (“chapters[1].content[3].card.fields.grado: …”)
 * and removes the half-built file. Version 1 files (plan metadata, chapters,
 * paragraphs and cards) load as they always did; version 2 adds everything
 * else a plan holds.
 *
 * Dumping: the whole plan, version 2, loss-free and without database ids
 * (records are named by uid). Arrays come in document or position order and
 * object members in a fixed order, so the same plan always gives the same
 * text: dump → load → dump is the identity. docs/json-format.md describes it.
 */
#define G_LOG_DOMAIN "zona-plan-json"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "zona-plan-json.h"
#include "zona-plan-data.h"
#include "zona-meetings.h"
#include "zona-store-private.h"
#include "templates/zona-template.h"
#include "zona-value.h"

G_DEFINE_QUARK (zona-plan-json-error-quark, zona_plan_json_error)

/* json-glib parses recursively and overflows the stack near 75,000 levels on an
 * 8 MB stack (about 110 bytes a level); a real plan nests a few dozen levels.
 * Deeper text is refused before it is parsed. */
#define MAX_JSON_DEPTH 10240

/* ======================================================================== */
/* Loading                                                                  */
/* ======================================================================== */

typedef struct {
  ZonaStore    *store;
  ZonaTemplate *template;
  GError      **error;
  int           version;
  GHashTable   *card_refs;     /* card “ref” label → card id (gint64 *) */
} Loader;

/* Names and values quoted in messages come from the file: a lone surrogate
 * (“\ud800”) reaches us as bytes that are not UTF-8. Messages always are. */
static char *
make_valid (char *text)
{
  char *valid;

  if (g_utf8_validate (text, -1, NULL))
    return text;
  valid = g_utf8_make_valid (text, -1);
  g_free (text);
  return valid;
}

G_GNUC_PRINTF (3, 4)
static gboolean
invalid (Loader     *l,
         const char *path,
         const char *format,
         ...)
{
  g_autofree char *msg = NULL;
  g_autofree char *full = NULL;
  va_list args;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  full = make_valid (g_strdup_printf ("%s: %s", path, msg));
  g_set_error_literal (l->error, ZONA_PLAN_JSON_ERROR, ZONA_PLAN_JSON_ERROR_INVALID, full);
  return FALSE;
}

/* A store function refused: its error keeps its domain and code, and gains the path. */
static gboolean
store_failed (Loader      *l,
              const char  *path,
              GError     **local)
{
  GError *e;
  char *old;

  if (*local == NULL)
    g_set_error_literal (local, ZONA_STORE_ERROR, ZONA_STORE_ERROR_SQLITE, _("Unknown error"));
  e = g_steal_pointer (local);
  old = e->message;
  e->message = make_valid (g_strdup_printf ("%s: %s", path, old));
  g_free (old);
  g_propagate_error (l->error, e);
  return FALSE;
}

/* The deepest nesting of arrays and objects in @data, counted without parsing it
 * (strings skipped); stops counting past @limit. */
static guint
json_depth (const char *data,
            gsize       len,
            guint       limit)
{
  guint depth = 0, deepest = 0;
  gboolean in_string = FALSE;

  for (gsize i = 0; i < len && deepest <= limit; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          /* MAX () evaluates its arguments twice: count once. */
          depth++;
          deepest = MAX (deepest, depth);
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }
  return deepest;
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

static gboolean
is_string (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node)
      && json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
is_int (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node)
      && json_node_get_value_type (node) == G_TYPE_INT64;
}

/* “chapters[0]” + “title” → “chapters[0].title”; members of the root have no prefix. */
static char *
member_path (const char *path,
             const char *name)
{
  if (g_str_equal (path, "(root)"))
    return g_strdup (name);
  return g_strconcat (path, ".", name, NULL);
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
    return !required || invalid (l, path, _("missing member “%s”"), name);
  if (!is_string (node))
    {
      g_autofree char *mpath = member_path (path, name);
      return invalid (l, mpath, _("expected a string, found %s"), node_type_name (node));
    }
  *out = json_node_get_string (node);
  return TRUE;
}

/* An optional integer member from @min to @max; @out is left alone when absent. */
static gboolean
get_int (Loader      *l,
         JsonObject  *obj,
         const char  *path,
         const char  *name,
         gint64       min,
         gint64       max,
         gint64      *out)
{
  JsonNode *node = json_object_get_member (obj, name);
  g_autofree char *mpath = NULL;
  gint64 v;

  if (node == NULL)
    return TRUE;
  mpath = member_path (path, name);
  if (!is_int (node))
    return invalid (l, mpath, _("expected a whole number, found %s"), node_type_name (node));
  v = json_node_get_int (node);
  if (v < min || v > max)
    return invalid (l, mpath, _("expected a number from %lld to %lld, not %lld"),
                    (long long) min, (long long) max, (long long) v);
  *out = v;
  return TRUE;
}

static gboolean
get_bool (Loader      *l,
          JsonObject  *obj,
          const char  *path,
          const char  *name,
          gboolean    *out)
{
  JsonNode *node = json_object_get_member (obj, name);

  *out = FALSE;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      g_autofree char *mpath = member_path (path, name);
      return invalid (l, mpath, _("expected true or false, found %s"), node_type_name (node));
    }
  *out = json_node_get_boolean (node);
  return TRUE;
}

/* An optional array member; *out is NULL when absent. */
static gboolean
get_array (Loader      *l,
           JsonObject  *obj,
           const char  *path,
           const char  *name,
           JsonArray  **out)
{
  JsonNode *node = json_object_get_member (obj, name);

  *out = NULL;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_autofree char *mpath = member_path (path, name);
      return invalid (l, mpath, _("expected an array, found %s"), node_type_name (node));
    }
  *out = json_node_get_array (node);
  return TRUE;
}

/* Element @i of @array, which must be an object; @path is the element's path. */
static JsonObject *
get_element_object (Loader     *l,
                    JsonArray  *array,
                    guint       i,
                    const char *path)
{
  JsonNode *node = json_array_get_element (array, i);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      invalid (l, path, _("expected an object, found %s"), node_type_name (node));
      return NULL;
    }
  return json_node_get_object (node);
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
      return invalid (l, path, _("unknown member “%s”"), (const char *) m->data);
  return TRUE;
}

/* A uid member: required, and not yet used by a record of the same kind. */
static gboolean
get_uid (Loader      *l,
         JsonObject  *obj,
         const char  *path,
         gint64     (*find) (ZonaStore *, const char *),
         const char **out)
{
  g_autofree char *mpath = NULL;

  if (!get_string (l, obj, path, "uid", TRUE, out))
    return FALSE;
  mpath = member_path (path, "uid");
  if (**out == '\0')
    return invalid (l, mpath, _("a uid cannot be empty"));
  if (find (l->store, *out) != 0)
    return invalid (l, mpath, _("the uid “%s” is used twice"), *out);
  return TRUE;
}

typedef enum {
  REF_ACTOR,
  REF_TABLE,
  REF_CHART,
  REF_LOCAL_AREA,
  REF_FUNDING_SOURCE,
} RefKind;

/* “no data table with uid “x””: one whole sentence per kind, for the translators. */
static gboolean
no_such_uid (Loader     *l,
             const char *path,
             RefKind     kind,
             const char *uid)
{
  switch (kind)
    {
    case REF_ACTOR:
      return invalid (l, path, _("no actor with uid “%s”"), uid);
    case REF_TABLE:
      return invalid (l, path, _("no data table with uid “%s”"), uid);
    case REF_CHART:
      return invalid (l, path, _("no chart with uid “%s”"), uid);
    case REF_LOCAL_AREA:
      return invalid (l, path, _("no local area with uid “%s”"), uid);
    case REF_FUNDING_SOURCE:
      return invalid (l, path, _("no funding source with uid “%s”"), uid);
    default:
      g_assert_not_reached ();
    }
}

static gint64
find_ref (ZonaStore  *store,
          RefKind     kind,
          const char *uid)
{
  switch (kind)
    {
    case REF_ACTOR:
      return zona_plan_data_find_actor (store, uid);
    case REF_TABLE:
      return zona_plan_data_find_table (store, uid);
    case REF_CHART:
      return zona_plan_data_find_chart (store, uid);
    case REF_LOCAL_AREA:
      return zona_plan_data_find_local_area (store, uid);
    case REF_FUNDING_SOURCE:
      return zona_plan_data_find_funding_source (store, uid);
    default:
      g_assert_not_reached ();
    }
}

/* A reference by uid to a record loaded before; 0 (and no error) when absent. */
static gboolean
get_ref (Loader      *l,
         JsonObject  *obj,
         const char  *path,
         const char  *name,
         RefKind      kind,
         gint64      *out)
{
  const char *uid;

  *out = 0;
  if (!get_string (l, obj, path, name, FALSE, &uid))
    return FALSE;
  if (uid == NULL)
    return TRUE;
  *out = find_ref (l->store, kind, uid);
  if (*out == 0)
    {
      g_autofree char *mpath = member_path (path, name);
      return no_such_uid (l, mpath, kind, uid);
    }
  return TRUE;
}

/* ---- cards and text ----------------------------------------------------- */

/* “review”: the review state of a card or chapter, absent for “bozza”. */
static gboolean
get_review (Loader           *l,
            JsonObject       *obj,
            const char       *path,
            const char      **review,
            ZonaReviewState  *state)
{
  if (!get_string (l, obj, path, "review", FALSE, review))
    return FALSE;
  if (*review != NULL && !zona_review_state_from_string (*review, state))
    {
      g_autofree char *rpath = member_path (path, "review");
      return invalid (l, rpath, _("unknown review state “%s” (bozza, discusso, validato or "
                                  "approvato)"), *review);
    }
  return TRUE;
}

static gboolean
load_card (Loader     *l,
           gint64      chapter_id,
           int         level,
           JsonObject *card,
           const char *path)
{
  static const char *allowed_v1[] = { "type", "title", "fields", NULL };
  static const char *allowed_v2[] = { "type", "title", "ref", "predecessor", "review", "fields", NULL };
  g_autoptr(GError) local = NULL;
  const ZonaCardType *type;
  const char *type_id, *title, *ref, *predecessor = NULL, *review = NULL;
  ZonaReviewState state = ZONA_REVIEW_DRAFT;
  JsonNode *fields_node;
  gint64 card_id;

  if (!check_members (l, card, path, l->version == 1 ? allowed_v1 : allowed_v2)
      || !get_string (l, card, path, "type", TRUE, &type_id)
      || !get_string (l, card, path, "title", FALSE, &title)
      || !get_string (l, card, path, "ref", FALSE, &ref)
      || !get_string (l, card, path, "predecessor", FALSE, &predecessor)
      || !get_review (l, card, path, &review, &state))
    return FALSE;

  type = zona_template_get_card_type (l->template, type_id);
  if (type == NULL)
    return invalid (l, path, _("card type “%s” is not in template “%s”"), type_id,
                    zona_template_get_id (l->template));
  if (ref != NULL && (*ref == '\0' || g_hash_table_contains (l->card_refs, ref)))
    {
      g_autofree char *rpath = member_path (path, "ref");
      return invalid (l, rpath, _("“%s” is already the ref of another card"), ref);
    }

  card_id = zona_store_add_block (l->store, chapter_id, ZONA_BLOCK_CARD, level, type_id,
                                  title ? title : "", &local);
  if (card_id == 0)
    return store_failed (l, path, &local);
  if (predecessor != NULL && *predecessor != '\0'
      && !zona_store_set_card_predecessor (l->store, card_id, predecessor, &local))
    return store_failed (l, path, &local);
  if (review != NULL && !zona_store_set_card_review (l->store, card_id, state, &local))
    return store_failed (l, path, &local);
  if (ref != NULL)
    g_hash_table_insert (l->card_refs, g_strdup (ref), g_memdup2 (&card_id, sizeof card_id));

  fields_node = json_object_get_member (card, "fields");
  if (fields_node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (fields_node))
    {
      g_autofree char *fpath = member_path (path, "fields");
      return invalid (l, fpath, _("expected an object, found %s"), node_type_name (fields_node));
    }

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
          return invalid (l, fpath, _("no such field in card type “%s”"), type_id);
        if (!is_string (v))
          return invalid (l, fpath, _("expected a string, found %s"), node_type_name (v));
        value = zona_value_normalize (field, json_node_get_string (v), &verr);
        if (value == NULL && verr != NULL)
          return invalid (l, fpath, "%s", verr->message);
        if (!zona_store_set_field (l->store, card_id, key, value, &local))
          return store_failed (l, fpath, &local);
      }
  }
  return TRUE;
}

static int
compare_spans (gconstpointer a,
               gconstpointer b)
{
  const ZonaSpan *x = *(ZonaSpan **) a, *y = *(ZonaSpan **) b;

  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  if (x->end != y->end)
    return x->end < y->end ? -1 : 1;
  return (int) x->style - (int) y->style;
}

/* Reads “spans” of a text block and sets the text with them (one store call). */
static gboolean
load_spans (Loader     *l,
            gint64      block_id,
            const char *text,
            JsonArray  *array,
            const char *path)
{
  static const char *allowed[] = { "start", "end", "style", "data", NULL };
  g_autoptr(GPtrArray) spans = g_ptr_array_new_with_free_func ((GDestroyNotify) zona_span_free);
  g_autoptr(GError) local = NULL;
  glong len = g_utf8_strlen (text, -1);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *spath = g_strdup_printf ("%s[%u]", path, i);
      JsonObject *obj = get_element_object (l, array, i, spath);
      const char *style, *data;
      gint64 start = -1, end = -1;
      ZonaSpan *sp;

      if (obj == NULL || !check_members (l, obj, spath, allowed)
          || !get_string (l, obj, spath, "style", TRUE, &style)
          || !get_string (l, obj, spath, "data", FALSE, &data))
        return FALSE;
      if (!json_object_has_member (obj, "start"))
        return invalid (l, spath, _("missing member “%s”"), "start");
      if (!json_object_has_member (obj, "end"))
        return invalid (l, spath, _("missing member “%s”"), "end");
      if (!get_int (l, obj, spath, "start", 0, len, &start)
          || !get_int (l, obj, spath, "end", 0, len, &end))
        return FALSE;

      sp = g_new0 (ZonaSpan, 1);
      g_ptr_array_add (spans, sp);
      sp->start = (int) start;
      sp->end = (int) end;
      sp->data = g_strdup (data);
      if (!zona_span_style_from_string (style, &sp->style))
        {
          g_autofree char *mpath = member_path (spath, "style");
          return invalid (l, mpath, _("unknown style “%s” (bold, italic, link or footnote)"),
                          style);
        }
      if (sp->style == ZONA_SPAN_FOOTNOTE && start != end)
        return invalid (l, spath, _("a footnote marks one place: start and end must be equal"));
      if (sp->style != ZONA_SPAN_FOOTNOTE && start >= end)
        return invalid (l, spath, _("end must be after start"));
      for (guint j = 0; j + 1 < spans->len; j++)
        if (compare_spans (&g_ptr_array_index (spans, j), &sp) == 0)
          return invalid (l, spath, _("the same formatting is given twice"));
    }
  g_ptr_array_sort (spans, compare_spans);
  if (!zona_store_set_block_text (l->store, block_id, text, spans, &local))
    return store_failed (l, path, &local);
  return TRUE;
}

static const char *content_kinds[] = {
  "paragraph", "heading", "bullet", "numbered", "card", "table", "chart", NULL
};

static gboolean
load_content_item (Loader     *l,
                   gint64      chapter_id,
                   JsonNode   *item,
                   const char *path)
{
  static const char *allowed[] = {
    "paragraph", "heading", "bullet", "numbered", "card", "table", "chart",
    "text", "level", "spans", NULL
  };
  g_autoptr(GError) local = NULL;
  g_autoptr(GList) members = NULL;
  g_autofree char *kpath = NULL;
  const char *kind_name = NULL;
  ZonaBlockKind kind;
  JsonObject *io;
  JsonNode *v;
  JsonArray *spans = NULL;
  const char *text = NULL;
  gint64 level = 0, id;

  if (l->version == 1)
    {
      /* Version 1: exactly { "paragraph": text } or { "card": {…} }. */
      if (!JSON_NODE_HOLDS_OBJECT (item) || json_object_get_size (json_node_get_object (item)) != 1)
        return invalid (l, path, _("expected an object with one member, “paragraph” or “card”"));
      io = json_node_get_object (item);
      if (!json_object_has_member (io, "paragraph") && !json_object_has_member (io, "card"))
        return invalid (l, path, _("expected “paragraph” or “card”"));
    }
  else
    {
      if (!JSON_NODE_HOLDS_OBJECT (item))
        return invalid (l, path, _("expected an object, found %s"), node_type_name (item));
      io = json_node_get_object (item);
      if (!check_members (l, io, path, allowed))
        return FALSE;
    }

  members = json_object_get_members (io);
  for (GList *m = members; m; m = m->next)
    if (g_strv_contains (content_kinds, m->data))
      {
        if (kind_name != NULL)
          return invalid (l, path, _("“%s” and “%s” in one item: give one kind per item"),
                          kind_name, (const char *) m->data);
        kind_name = m->data;
      }
  if (kind_name == NULL)
    return invalid (l, path, _("expected one of “paragraph”, “heading”, “bullet”, “numbered”, "
                               "“card”, “table” or “chart”"));
  zona_block_kind_from_string (kind_name, &kind);
  kpath = member_path (path, kind_name);
  v = json_object_get_member (io, kind_name);

  if (!get_int (l, io, path, "level", 0, 9, &level) || !get_array (l, io, path, "spans", &spans))
    return FALSE;

  switch (kind)
    {
    case ZONA_BLOCK_CARD:
      if (json_object_has_member (io, "text") || spans != NULL)
        return invalid (l, path, _("a card has no text of its own: “text” and “spans” do not "
                                   "apply"));
      if (!JSON_NODE_HOLDS_OBJECT (v))
        return invalid (l, kpath, _("expected an object, found %s"), node_type_name (v));
      return load_card (l, chapter_id, (int) level, json_node_get_object (v), kpath);

    case ZONA_BLOCK_TABLE:
    case ZONA_BLOCK_CHART:
      {
        const char *uid;
        RefKind ref;

        if (!is_string (v))
          return invalid (l, kpath, _("expected a string (a uid), found %s"), node_type_name (v));
        uid = json_node_get_string (v);
        ref = kind == ZONA_BLOCK_TABLE ? REF_TABLE : REF_CHART;
        if (find_ref (l->store, ref, uid) == 0)
          return no_such_uid (l, kpath, ref, uid);
        if (!get_string (l, io, path, "text", FALSE, &text))
          return FALSE;
        id = zona_store_add_block (l->store, chapter_id, kind, (int) level, text, uid, &local);
        break;
      }

    default:
      if (json_object_has_member (io, "text"))
        return invalid (l, path, _("unknown member “%s”"), "text");
      if (!is_string (v))
        return invalid (l, kpath, _("expected a string, found %s"), node_type_name (v));
      text = json_node_get_string (v);
      id = zona_store_add_block (l->store, chapter_id, kind, (int) level, text, NULL, &local);
      break;
    }

  if (id == 0)
    return store_failed (l, path, &local);
  if (spans != NULL && json_array_get_length (spans) > 0)
    {
      g_autofree char *spath = member_path (path, "spans");
      return load_spans (l, id, text ? text : "", spans, spath);
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
    return invalid (l, path, _("expected an array, found %s"), node_type_name (node));
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
  static const char *allowed_v1[] = { "role", "title", "content", "sections", NULL };
  static const char *allowed[] = { "role", "title", "review", "content", "sections", NULL };
  g_autoptr(GError) local = NULL;
  JsonObject *obj;
  const char *role, *title, *review = NULL;
  ZonaReviewState state = ZONA_REVIEW_DRAFT;
  JsonArray *items;
  g_autofree char *spath = NULL;
  gint64 id;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (l, path, _("expected an object, found %s"), node_type_name (node));
  obj = json_node_get_object (node);
  if (!check_members (l, obj, path, l->version == 1 ? allowed_v1 : allowed)
      || !get_string (l, obj, path, "role", FALSE, &role)
      || !get_string (l, obj, path, "title", TRUE, &title)
      || !get_review (l, obj, path, &review, &state)
      || !get_array (l, obj, path, "content", &items))
    return FALSE;

  id = zona_store_add_chapter (l->store, parent_id, role, title, &local);
  if (id == 0)
    return store_failed (l, path, &local);
  if (review != NULL && !zona_store_set_chapter_review (l->store, id, state, &local))
    return store_failed (l, path, &local);

  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      g_autofree char *ipath = g_strdup_printf ("%s.content[%u]", path, i);
      if (!load_content_item (l, id, json_array_get_element (items, i), ipath))
        return FALSE;
    }

  spath = g_strconcat (path, ".sections", NULL);
  return load_chapter_list (l, id, json_object_get_member (obj, "sections"), spath);
}

/* ---- registries (version 2) --------------------------------------------- */

static gboolean
load_actors (Loader    *l,
             JsonArray *array)
{
  static const char *allowed[] = { "uid", "kind", "name", "code", "note", "members", NULL };
  static const char *member_allowed[] = { "actor", "role", NULL };
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint n = array ? json_array_get_length (array) : 0;

  /* Every actor first: members may name actors listed after their group. */
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *path = g_strdup_printf ("actors[%u]", i);
      g_autoptr(GError) local = NULL;
      JsonObject *obj = get_element_object (l, array, i, path);
      const char *uid, *kind_name, *name, *code, *note;
      ZonaActorKind kind;
      JsonArray *members;
      gint64 id;

      if (obj == NULL || !check_members (l, obj, path, allowed)
          || !get_uid (l, obj, path, zona_plan_data_find_actor, &uid)
          || !get_string (l, obj, path, "kind", TRUE, &kind_name)
          || !get_string (l, obj, path, "name", TRUE, &name)
          || !get_string (l, obj, path, "code", FALSE, &code)
          || !get_string (l, obj, path, "note", FALSE, &note)
          || !get_array (l, obj, path, "members", &members))
        return FALSE;
      if (!zona_actor_kind_from_string (kind_name, &kind))
        {
          g_autofree char *kpath = member_path (path, "kind");
          return invalid (l, kpath, _("unknown actor kind “%s”"), kind_name);
        }
      id = zona_plan_data_add_actor (l->store, kind, name, code, note, uid, &local);
      if (id == 0)
        return store_failed (l, path, &local);
      g_array_append_val (ids, id);
    }

  for (guint i = 0; i < n; i++)
    {
      JsonObject *obj = json_node_get_object (json_array_get_element (array, i));
      JsonNode *node = json_object_get_member (obj, "members");
      JsonArray *members = node != NULL ? json_node_get_array (node) : NULL;

      g_autoptr(GArray) seen = g_array_new (FALSE, FALSE, sizeof (gint64));
      gint64 group_id = g_array_index (ids, gint64, i);

      for (guint j = 0; members != NULL && j < json_array_get_length (members); j++)
        {
          g_autofree char *mpath = g_strdup_printf ("actors[%u].members[%u]", i, j);
          g_autofree char *apath = g_strconcat (mpath, ".actor", NULL);
          g_autoptr(GError) local = NULL;
          JsonObject *m = get_element_object (l, members, j, mpath);
          const char *role;
          gint64 member_id;

          if (m == NULL || !check_members (l, m, mpath, member_allowed)
              || !get_string (l, m, mpath, "role", FALSE, &role))
            return FALSE;
          if (!json_object_has_member (m, "actor"))
            return invalid (l, mpath, _("missing member “%s”"), "actor");
          if (!get_ref (l, m, mpath, "actor", REF_ACTOR, &member_id))
            return FALSE;
          if (member_id == group_id)
            return invalid (l, apath, _("an actor cannot be a member of itself"));
          for (guint k = 0; k < seen->len; k++)
            if (g_array_index (seen, gint64, k) == member_id)
              return invalid (l, apath, _("the actor is listed twice among the members"));
          g_array_append_val (seen, member_id);
          if (!zona_plan_data_add_member (l->store, group_id, member_id, role, &local))
            return store_failed (l, mpath, &local);
        }
    }
  return TRUE;
}

static gboolean
load_local_areas (Loader    *l,
                  JsonArray *array)
{
  static const char *allowed[] = { "uid", "code", "title", "regional", NULL };

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      g_autofree char *path = g_strdup_printf ("local_areas[%u]", i);
      g_autoptr(GError) local = NULL;
      g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
      JsonObject *obj = get_element_object (l, array, i, path);
      const char *uid, *code, *title;
      JsonArray *regional;
      gint64 id;

      if (obj == NULL || !check_members (l, obj, path, allowed)
          || !get_uid (l, obj, path, zona_plan_data_find_local_area, &uid)
          || !get_string (l, obj, path, "code", FALSE, &code)
          || !get_string (l, obj, path, "title", TRUE, &title)
          || !get_array (l, obj, path, "regional", &regional))
        return FALSE;
      id = zona_plan_data_add_local_area (l->store, uid, code, title, &local);
      if (id == 0)
        return store_failed (l, path, &local);

      for (guint j = 0; regional != NULL && j < json_array_get_length (regional); j++)
        {
          g_autofree char *rpath = g_strdup_printf ("%s.regional[%u]", path, j);
          JsonNode *node = json_array_get_element (regional, j);
          const char *rc;

          if (!is_string (node))
            return invalid (l, rpath, _("expected a string (a regional area code), found %s"),
                            node_type_name (node));
          rc = json_node_get_string (node);
          if (*rc == '\0')
            return invalid (l, rpath, _("a regional area code cannot be empty"));
          if (!g_hash_table_add (seen, (gpointer) rc))
            return invalid (l, rpath, _("“%s” is listed twice"), rc);
          if (!zona_plan_data_set_mapping (l->store, rc, id, TRUE, &local))
            return store_failed (l, rpath, &local);
        }
    }
  return TRUE;
}

static gboolean
load_funding_sources (Loader    *l,
                      JsonArray *array)
{
  static const char *allowed[] = { "uid", "code", "name", "level", NULL };

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      g_autofree char *path = g_strdup_printf ("funding_sources[%u]", i);
      g_autoptr(GError) local = NULL;
      JsonObject *obj = get_element_object (l, array, i, path);
      const char *uid, *code, *name, *level;

      if (obj == NULL || !check_members (l, obj, path, allowed)
          || !get_uid (l, obj, path, zona_plan_data_find_funding_source, &uid)
          || !get_string (l, obj, path, "code", FALSE, &code)
          || !get_string (l, obj, path, "name", TRUE, &name)
          || !get_string (l, obj, path, "level", FALSE, &level))
        return FALSE;
      if (zona_plan_data_add_funding_source (l->store, uid, code, name, level, &local) == 0)
        return store_failed (l, path, &local);
    }
  return TRUE;
}

static gboolean
load_table_rows (Loader     *l,
                 gint64      table_id,
                 GArray     *columns,
                 JsonArray  *rows,
                 const char *path)
{
  static const char *allowed[] = { "is_total", "cells", NULL };

  for (guint i = 0; rows != NULL && i < json_array_get_length (rows); i++)
    {
      g_autofree char *rpath = g_strdup_printf ("%s.rows[%u]", path, i);
      g_autoptr(GError) local = NULL;
      JsonObject *obj = get_element_object (l, rows, i, rpath);
      JsonArray *cells;
      gboolean is_total;
      gint64 row_id;

      if (obj == NULL || !check_members (l, obj, rpath, allowed)
          || !get_bool (l, obj, rpath, "is_total", &is_total)
          || !get_array (l, obj, rpath, "cells", &cells))
        return FALSE;
      if (cells != NULL && json_array_get_length (cells) > columns->len)
        {
          g_autofree char *cpath = member_path (rpath, "cells");
          return invalid (l, cpath, _("expected at most %u cells, one per column, found %u"),
                          columns->len, json_array_get_length (cells));
        }
      row_id = zona_plan_data_add_row (l->store, table_id, -1, is_total, &local);
      if (row_id == 0)
        return store_failed (l, rpath, &local);

      for (guint j = 0; cells != NULL && j < json_array_get_length (cells); j++)
        {
          g_autofree char *cpath = g_strdup_printf ("%s.cells[%u]", rpath, j);
          JsonNode *node = json_array_get_element (cells, j);

          if (JSON_NODE_HOLDS_NULL (node))
            continue;
          if (!is_string (node))
            return invalid (l, cpath, _("expected a string or null, found %s"),
                            node_type_name (node));
          if (!zona_plan_data_set_cell (l->store, row_id, g_array_index (columns, gint64, j),
                                        json_node_get_string (node), &local))
            return store_failed (l, cpath, &local);
        }
    }
  return TRUE;
}

static gboolean
load_data_tables (Loader    *l,
                  JsonArray *array)
{
  static const char *allowed[] = {
    "uid", "title", "source", "ref_date", "note", "columns", "rows", NULL
  };
  static const char *column_allowed[] = { "name", "type", "unit", NULL };

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      g_autofree char *path = g_strdup_printf ("data_tables[%u]", i);
      g_autoptr(GError) local = NULL;
      g_autoptr(GArray) columns = g_array_new (FALSE, FALSE, sizeof (gint64));
      JsonObject *obj = get_element_object (l, array, i, path);
      const char *uid, *title, *source, *ref_date, *note;
      JsonArray *cols, *rows;
      gint64 table_id;

      if (obj == NULL || !check_members (l, obj, path, allowed)
          || !get_uid (l, obj, path, zona_plan_data_find_table, &uid)
          || !get_string (l, obj, path, "title", TRUE, &title)
          || !get_string (l, obj, path, "source", FALSE, &source)
          || !get_string (l, obj, path, "ref_date", FALSE, &ref_date)
          || !get_string (l, obj, path, "note", FALSE, &note)
          || !get_array (l, obj, path, "columns", &cols)
          || !get_array (l, obj, path, "rows", &rows))
        return FALSE;
      table_id = zona_plan_data_add_table (l->store, uid, title, source, ref_date, note, &local);
      if (table_id == 0)
        return store_failed (l, path, &local);

      for (guint j = 0; cols != NULL && j < json_array_get_length (cols); j++)
        {
          g_autofree char *cpath = g_strdup_printf ("%s.columns[%u]", path, j);
          JsonObject *c = get_element_object (l, cols, j, cpath);
          const char *name, *type_name, *unit;
          ZonaColumnType type;
          gint64 col_id;

          if (c == NULL || !check_members (l, c, cpath, column_allowed)
              || !get_string (l, c, cpath, "name", TRUE, &name)
              || !get_string (l, c, cpath, "type", TRUE, &type_name)
              || !get_string (l, c, cpath, "unit", FALSE, &unit))
            return FALSE;
          if (!zona_column_type_from_string (type_name, &type))
            {
              g_autofree char *tpath = member_path (cpath, "type");
              return invalid (l, tpath, _("unknown column type “%s” (text, integer, decimal, "
                                          "percentage or money)"), type_name);
            }
          col_id = zona_plan_data_add_column (l->store, table_id, -1, name, type, unit, &local);
          if (col_id == 0)
            return store_failed (l, cpath, &local);
          g_array_append_val (columns, col_id);
        }

      if (!load_table_rows (l, table_id, columns, rows, path))
        return FALSE;
    }
  return TRUE;
}

static gboolean
load_charts (Loader    *l,
             JsonArray *array)
{
  static const char *allowed[] = {
    "uid", "table", "kind", "title", "label_column", "series", "unit", "caption", "alt_text", NULL
  };

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      g_autofree char *path = g_strdup_printf ("charts[%u]", i);
      g_autoptr(GError) local = NULL;
      g_autoptr(GPtrArray) columns = NULL;
      g_autoptr(GArray) series_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      JsonObject *obj = get_element_object (l, array, i, path);
      const char *uid, *kind_name, *title, *unit, *caption, *alt_text;
      JsonArray *series;
      ZonaChartKind kind;
      gint64 table_id, label = -1, chart_id;

      if (obj == NULL || !check_members (l, obj, path, allowed)
          || !get_uid (l, obj, path, zona_plan_data_find_chart, &uid))
        return FALSE;
      if (!json_object_has_member (obj, "table"))
        return invalid (l, path, _("missing member “%s”"), "table");
      if (!get_ref (l, obj, path, "table", REF_TABLE, &table_id)
          || !get_string (l, obj, path, "kind", TRUE, &kind_name)
          || !get_string (l, obj, path, "title", FALSE, &title)
          || !get_string (l, obj, path, "unit", FALSE, &unit)
          || !get_string (l, obj, path, "caption", FALSE, &caption)
          || !get_string (l, obj, path, "alt_text", FALSE, &alt_text)
          || !get_array (l, obj, path, "series", &series))
        return FALSE;
      if (!zona_chart_kind_from_string (kind_name, &kind))
        {
          g_autofree char *kpath = member_path (path, "kind");
          return invalid (l, kpath, _("unknown chart kind “%s” (bar, hbar, grouped-bar, "
                                      "stacked-bar, line, pie, donut or pyramid)"), kind_name);
        }
      columns = zona_plan_data_list_columns (l->store, table_id);
      if (!get_int (l, obj, path, "label_column", 0, G_MAXINT, &label))
        return FALSE;
      if (label >= (gint64) columns->len)
        {
          g_autofree char *lpath = member_path (path, "label_column");
          return invalid (l, lpath, _("the table has no column %lld (columns count from 0)"),
                          (long long) label);
        }
      for (guint j = 0; series != NULL && j < json_array_get_length (series); j++)
        {
          g_autofree char *spath = g_strdup_printf ("%s.series[%u]", path, j);
          JsonNode *node = json_array_get_element (series, j);
          gint64 pos;

          if (!is_int (node))
            return invalid (l, spath, _("expected a column position, found %s"),
                            node_type_name (node));
          pos = json_node_get_int (node);
          if (pos < 0 || pos >= (gint64) columns->len)
            return invalid (l, spath, _("the table has no column %lld (columns count from 0)"),
                            (long long) pos);
          g_array_append_val (series_ids,
                              ((ZonaDataColumn *) g_ptr_array_index (columns, pos))->id);
        }

      chart_id = zona_plan_data_add_chart (l->store, uid, table_id, kind, title, (int) label,
                                           unit, caption, alt_text, &local);
      if (chart_id == 0)
        return store_failed (l, path, &local);
      if (series_ids->len > 0
          && !zona_plan_data_set_chart_series (l->store, chart_id, (gint64 *) series_ids->data,
                                               series_ids->len, &local))
        {
          g_autofree char *spath = member_path (path, "series");
          return store_failed (l, spath, &local);
        }
    }
  return TRUE;
}

/* An amount member: a string such as “15000.00”, or null or absent for “not given”. */
static gboolean
get_amount (Loader      *l,
            JsonObject  *obj,
            const char  *path,
            const char  *name,
            gint64      *out)
{
  JsonNode *node = json_object_get_member (obj, name);
  g_autofree char *mpath = NULL;

  *out = ZONA_AMOUNT_NONE;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  mpath = member_path (path, name);
  if (!is_string (node))
    return invalid (l, mpath, _("expected an amount as a string such as “15000.00”, found %s"),
                    node_type_name (node));
  if (!zona_amount_from_string (json_node_get_string (node), out))
    return invalid (l, mpath, _("expected an amount in euro such as “15000.00” (a dot before "
                                "the cents, no thousands separator), not “%s”"),
                    json_node_get_string (node));
  return TRUE;
}

static gboolean
load_budget (Loader     *l,
             gint64      objective_id,
             JsonArray  *array,
             const char *path)
{
  static const char *allowed[] = {
    "source", "year", "stanziato", "impegnato", "liquidato", "note", NULL
  };

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      g_autofree char *bpath = g_strdup_printf ("%s.budget[%u]", path, i);
      g_autoptr(GError) local = NULL;
      JsonObject *obj = get_element_object (l, array, i, bpath);
      gint64 source_id, year = 0, stanziato, impegnato, liquidato;
      const char *note;

      if (obj == NULL || !check_members (l, obj, bpath, allowed)
          || !get_ref (l, obj, bpath, "source", REF_FUNDING_SOURCE, &source_id)
          || !get_int (l, obj, bpath, "year", 1, 9999, &year)
          || !get_amount (l, obj, bpath, "stanziato", &stanziato)
          || !get_amount (l, obj, bpath, "impegnato", &impegnato)
          || !get_amount (l, obj, bpath, "liquidato", &liquidato)
          || !get_string (l, obj, bpath, "note", FALSE, &note))
        return FALSE;
      if (zona_plan_data_add_budget_line (l->store, objective_id, source_id, (int) year,
                                          stanziato, impegnato, liquidato, note, &local) == 0)
        return store_failed (l, bpath, &local);
    }
  return TRUE;
}

static gboolean
load_objectives (Loader    *l,
                 JsonArray *array)
{
  static const char *allowed[] = {
    "uid", "title", "card", "regional_area", "local_area", "predecessor", "budget", NULL
  };

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      g_autofree char *path = g_strdup_printf ("objectives[%u]", i);
      g_autoptr(GError) local = NULL;
      JsonObject *obj = get_element_object (l, array, i, path);
      const char *uid, *title, *card_ref, *regional, *predecessor;
      gint64 area_id, card_id = 0, id;
      JsonArray *budget;

      if (obj == NULL || !check_members (l, obj, path, allowed)
          || !get_uid (l, obj, path, zona_plan_data_find_objective, &uid)
          || !get_string (l, obj, path, "title", TRUE, &title)
          || !get_string (l, obj, path, "card", FALSE, &card_ref)
          || !get_string (l, obj, path, "regional_area", FALSE, &regional)
          || !get_ref (l, obj, path, "local_area", REF_LOCAL_AREA, &area_id)
          || !get_string (l, obj, path, "predecessor", FALSE, &predecessor)
          || !get_array (l, obj, path, "budget", &budget))
        return FALSE;
      if (card_ref != NULL)
        {
          gint64 *found = g_hash_table_lookup (l->card_refs, card_ref);
          if (found == NULL)
            {
              g_autofree char *cpath = member_path (path, "card");
              return invalid (l, cpath, _("no card with ref “%s”"), card_ref);
            }
          card_id = *found;
        }
      id = zona_plan_data_add_objective (l->store, uid, title, card_id, regional, area_id,
                                         predecessor, &local);
      if (id == 0)
        return store_failed (l, path, &local);
      if (!load_budget (l, id, budget, path))
        return FALSE;
    }
  return TRUE;
}

/* ---- root --------------------------------------------------------------- */

static gboolean
load_plan_v1 (Loader     *l,
              JsonObject *plan)
{
  static const char *plan_keys[] = { "title", "ambito", "ente_capofila", "cycle", "template", NULL };
  g_autoptr(GError) local = NULL;

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
      if (value != NULL && !zona_store_set_meta (l->store, plan_keys[i], value, &local))
        return store_failed (l, mpath, &local);
    }
  return TRUE;
}

/* Version 2: every member is a metadata key with a string value; “template” is required. */
static gboolean
load_plan_v2 (Loader     *l,
              JsonObject *plan)
{
  g_autoptr(GList) keys = json_object_get_members (plan);
  g_autoptr(GError) terr = NULL;
  const char *template_id;

  if (!get_string (l, plan, "plan", "template", TRUE, &template_id))
    return FALSE;
  l->template = zona_template_lookup (template_id, &terr);
  if (l->template == NULL)
    return invalid (l, "plan.template", "%s", terr->message);

  for (GList *k = keys; k; k = k->next)
    {
      const char *key = k->data;
      g_autofree char *mpath = g_strconcat ("plan.", key, NULL);
      g_autoptr(GError) local = NULL;
      const char *value;

      if (*key == '\0')
        return invalid (l, "plan", _("a metadata key cannot be empty"));
      if (!zona_store_check_text (key, &local))
        return store_failed (l, mpath, &local);
      if (!get_string (l, plan, "plan", key, TRUE, &value))
        return FALSE;
      if (!zona_store_set_meta (l->store, key, value, &local))
        return store_failed (l, mpath, &local);
    }
  return TRUE;
}

static gboolean
load_meetings (Loader    *l,
               JsonArray *array)
{
  static const char *allowed[] = { "uid", "date", "tavolo", "decisions", "attendees", "cards",
                                   NULL };
  static const char *card_allowed[] = { "card", "note", NULL };

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      g_autofree char *path = g_strdup_printf ("meetings[%u]", i);
      g_autoptr(GError) local = NULL;
      JsonObject *obj = get_element_object (l, array, i, path);
      const char *uid, *date, *tavolo, *decisions;
      JsonArray *attendees, *cards;
      g_autoptr(GHashTable) seen_actors = g_hash_table_new_full (g_int64_hash, g_int64_equal,
                                                                 g_free, NULL);
      g_autoptr(GHashTable) seen_cards = g_hash_table_new_full (g_int64_hash, g_int64_equal,
                                                                g_free, NULL);
      gint64 id;

      if (obj == NULL || !check_members (l, obj, path, allowed)
          || !get_uid (l, obj, path, zona_meeting_find, &uid)
          || !get_string (l, obj, path, "date", TRUE, &date)
          || !get_string (l, obj, path, "tavolo", TRUE, &tavolo)
          || !get_string (l, obj, path, "decisions", FALSE, &decisions)
          || !get_array (l, obj, path, "attendees", &attendees)
          || !get_array (l, obj, path, "cards", &cards))
        return FALSE;
      id = zona_meeting_add_with_uid (l->store, date, tavolo, uid, &local);
      if (id == 0)
        return store_failed (l, path, &local);
      if (decisions != NULL && !zona_meeting_set_decisions (l->store, id, decisions, &local))
        return store_failed (l, path, &local);

      for (guint j = 0; attendees != NULL && j < json_array_get_length (attendees); j++)
        {
          g_autofree char *apath = g_strdup_printf ("%s.attendees[%u]", path, j);
          JsonNode *node = json_array_get_element (attendees, j);
          const char *actor_uid;
          gint64 actor_id;

          if (!is_string (node))
            return invalid (l, apath, _("expected a string (a uid), found %s"),
                            node_type_name (node));
          actor_uid = json_node_get_string (node);
          actor_id = find_ref (l->store, REF_ACTOR, actor_uid);
          if (actor_id == 0)
            return no_such_uid (l, apath, REF_ACTOR, actor_uid);
          if (g_hash_table_contains (seen_actors, &actor_id))
            return invalid (l, apath, _("the actor is listed twice among the attendees"));
          g_hash_table_add (seen_actors, g_memdup2 (&actor_id, sizeof actor_id));
          if (!zona_meeting_add_attendee (l->store, id, actor_id, &local))
            return store_failed (l, apath, &local);
        }

      for (guint j = 0; cards != NULL && j < json_array_get_length (cards); j++)
        {
          g_autofree char *cpath = g_strdup_printf ("%s.cards[%u]", path, j);
          JsonObject *c = get_element_object (l, cards, j, cpath);
          const char *card_ref, *note;
          gint64 *found;

          if (c == NULL || !check_members (l, c, cpath, card_allowed)
              || !get_string (l, c, cpath, "card", TRUE, &card_ref)
              || !get_string (l, c, cpath, "note", FALSE, &note))
            return FALSE;
          found = g_hash_table_lookup (l->card_refs, card_ref);
          if (found == NULL)
            {
              g_autofree char *rpath = member_path (cpath, "card");
              return invalid (l, rpath, _("no card with ref “%s”"), card_ref);
            }
          if (g_hash_table_contains (seen_cards, found))
            {
              g_autofree char *rpath = member_path (cpath, "card");
              return invalid (l, rpath, _("the card is listed twice in the meeting"));
            }
          g_hash_table_add (seen_cards, g_memdup2 (found, sizeof *found));
          if (!zona_meeting_set_card_note (l->store, id, *found, note, &local))
            return store_failed (l, cpath, &local);
        }
    }
  return TRUE;
}

static gboolean
load_root (Loader   *l,
           JsonNode *root)
{
  static const char *allowed_v1[] = { "zona", "plan", "chapters", NULL };
  static const char *allowed_v2[] = {
    "zona", "plan", "chapters", "actors", "local_areas", "data_tables", "charts",
    "funding_sources", "objectives", "meetings", NULL
  };
  JsonArray *actors, *areas, *sources, *tables, *charts, *objectives, *meetings;
  JsonObject *obj;
  JsonNode *version, *plan_node;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return invalid (l, "(root)", _("expected an object"));
  obj = json_node_get_object (root);

  version = json_object_get_member (obj, "zona");
  if (!is_int (version))
    return invalid (l, "zona", _("expected the format version number 1 or 2"));
  if (json_node_get_int (version) != 1 && json_node_get_int (version) != 2)
    return invalid (l, "zona", _("format version %lld is not supported (only 1 and 2)"),
                    (long long) json_node_get_int (version));
  l->version = (int) json_node_get_int (version);
  if (!check_members (l, obj, "(root)", l->version == 1 ? allowed_v1 : allowed_v2))
    return FALSE;

  plan_node = json_object_get_member (obj, "plan");
  if (plan_node == NULL || !JSON_NODE_HOLDS_OBJECT (plan_node))
    return invalid (l, "plan", _("expected an object"));
  if (l->version == 1)
    return load_plan_v1 (l, json_node_get_object (plan_node))
        && load_chapter_list (l, 0, json_object_get_member (obj, "chapters"), "chapters");

  /* What others refer to is loaded before what refers to it. */
  return load_plan_v2 (l, json_node_get_object (plan_node))
      && get_array (l, obj, "(root)", "actors", &actors)
      && get_array (l, obj, "(root)", "local_areas", &areas)
      && get_array (l, obj, "(root)", "funding_sources", &sources)
      && get_array (l, obj, "(root)", "data_tables", &tables)
      && get_array (l, obj, "(root)", "charts", &charts)
      && get_array (l, obj, "(root)", "objectives", &objectives)
      && get_array (l, obj, "(root)", "meetings", &meetings)
      && load_actors (l, actors)
      && load_local_areas (l, areas)
      && load_funding_sources (l, sources)
      && load_data_tables (l, tables)
      && load_charts (l, charts)
      && load_chapter_list (l, 0, json_object_get_member (obj, "chapters"), "chapters")
      && load_objectives (l, objectives)
      && load_meetings (l, meetings);
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

  if (json_depth (data, len < 0 ? strlen (data) : (gsize) len, MAX_JSON_DEPTH) > MAX_JSON_DEPTH)
    {
      g_set_error (error, ZONA_PLAN_JSON_ERROR, ZONA_PLAN_JSON_ERROR_SYNTAX,
                   _("The JSON text is not valid: it nests arrays and objects more than %d "
                     "levels deep"), MAX_JSON_DEPTH);
      return NULL;
    }
  if (!json_parser_load_from_data (parser, data, len, &local))
    {
      g_autofree char *msg = make_valid (g_strdup (local->message));

      g_set_error (error, ZONA_PLAN_JSON_ERROR, ZONA_PLAN_JSON_ERROR_SYNTAX,
                   _("The JSON text is not valid: %s"), msg);
      return NULL;
    }

  /* The template is known only once “plan” is read; create with a placeholder id. */
  store = zona_store_create (dest_path, "-", error);
  if (store == NULL)
    return NULL;

  l.store = store;
  l.error = error;
  l.card_refs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  ok = zona_store_begin_batch (store, error);
  if (ok)
    {
      ok = load_root (&l, json_parser_get_root (parser));
      ok = zona_store_end_batch (store, ok, ok ? error : NULL) && ok;
    }
  g_clear_object (&l.template);
  g_clear_pointer (&l.card_refs, g_hash_table_unref);
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

/* ======================================================================== */
/* Dumping                                                                  */
/* ======================================================================== */

typedef struct {
  ZonaStore   *store;
  JsonBuilder *b;
  GHashTable  *linked_cards;   /* card ids objectives point to (gint64 *) */
  GHashTable  *card_refs;      /* card id (gint64 *) → “card-N”, N counting every card */
  guint        n_cards;
} Dump;

static void
put_string (JsonBuilder *b,
            const char  *name,
            const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (b, name);
  json_builder_add_string_value (b, value);
}

static void
put_int (JsonBuilder *b,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, value);
}

static void
put_amount (JsonBuilder *b,
            const char  *name,
            gint64       cents)
{
  g_autofree char *text = zona_amount_to_string (cents);
  put_string (b, name, text);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

static void
put_review (JsonBuilder     *b,
            ZonaReviewState  state)
{
  if (state != ZONA_REVIEW_DRAFT)
    put_string (b, "review", zona_review_state_to_string (state));
}

static void
dump_card (Dump      *d,
           ZonaBlock *block)
{
  JsonBuilder *b = d->b;
  g_autoptr(GHashTable) fields = zona_store_get_fields (d->store, block->id);
  g_autofree char *ref = g_strdup_printf ("card-%u", ++d->n_cards);

  json_builder_set_member_name (b, "card");
  json_builder_begin_object (b);
  put_string (b, "type", block->card_type);
  put_string (b, "title", block->title);
  if (g_hash_table_contains (d->linked_cards, &block->id))
    {
      put_string (b, "ref", ref);
      g_hash_table_insert (d->card_refs, g_memdup2 (&block->id, sizeof block->id),
                           g_steal_pointer (&ref));
    }
  if (block->ref_uid != NULL && *block->ref_uid != '\0')
    put_string (b, "predecessor", block->ref_uid);
  put_review (b, zona_store_get_card_review (d->store, block->id));
  if (g_hash_table_size (fields) > 0)
    {
      g_autoptr(GPtrArray) keys = g_ptr_array_new ();
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, fields);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        g_ptr_array_add (keys, key);
      g_ptr_array_sort (keys, compare_strings);
      json_builder_set_member_name (b, "fields");
      json_builder_begin_object (b);
      for (guint i = 0; i < keys->len; i++)
        {
          const char *key = g_ptr_array_index (keys, i);
          put_string (b, key, g_hash_table_lookup (fields, key));
        }
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
}

static void
dump_block (Dump      *d,
            ZonaBlock *block)
{
  JsonBuilder *b = d->b;
  const char *kind = zona_block_kind_to_string (block->kind);

  json_builder_begin_object (b);
  switch (block->kind)
    {
    case ZONA_BLOCK_CARD:
      dump_card (d, block);
      break;
    case ZONA_BLOCK_TABLE:
    case ZONA_BLOCK_CHART:
      put_string (b, kind, block->ref_uid ? block->ref_uid : "");
      if (block->text != NULL && *block->text != '\0')
        put_string (b, "text", block->text);
      break;
    default:
      put_string (b, kind, block->text ? block->text : "");
      break;
    }
  if (block->level != 0)
    put_int (b, "level", block->level);
  if (block->kind != ZONA_BLOCK_CARD)
    {
      g_autoptr(GPtrArray) spans = zona_store_get_spans (d->store, block->id);

      if (spans->len > 0)
        {
          json_builder_set_member_name (b, "spans");
          json_builder_begin_array (b);
          for (guint i = 0; i < spans->len; i++)
            {
              ZonaSpan *sp = g_ptr_array_index (spans, i);

              json_builder_begin_object (b);
              put_int (b, "start", sp->start);
              put_int (b, "end", sp->end);
              put_string (b, "style", zona_span_style_to_string (sp->style));
              put_string (b, "data", sp->data);
              json_builder_end_object (b);
            }
          json_builder_end_array (b);
        }
    }
  json_builder_end_object (b);
}

static void
dump_chapters (Dump      *d,
               GPtrArray *chapters)
{
  JsonBuilder *b = d->b;

  json_builder_begin_array (b);
  for (guint i = 0; i < chapters->len; i++)
    {
      ZonaChapter *c = g_ptr_array_index (chapters, i);
      g_autoptr(GPtrArray) blocks = zona_store_list_blocks (d->store, c->id);
      g_autoptr(GPtrArray) sections = zona_store_list_chapters (d->store, c->id);

      json_builder_begin_object (b);
      put_string (b, "role", c->role);
      put_string (b, "title", c->title);
      put_review (b, zona_store_get_chapter_review (d->store, c->id));
      if (blocks->len > 0)
        {
          json_builder_set_member_name (b, "content");
          json_builder_begin_array (b);
          for (guint j = 0; j < blocks->len; j++)
            dump_block (d, g_ptr_array_index (blocks, j));
          json_builder_end_array (b);
        }
      if (sections->len > 0)
        {
          json_builder_set_member_name (b, "sections");
          dump_chapters (d, sections);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
dump_plan (Dump *d)
{
  JsonBuilder *b = d->b;
  g_autoptr(ZonaStmt) stmt = NULL;

  json_builder_set_member_name (b, "plan");
  json_builder_begin_object (b);
  stmt = zona_store_stmt (d->store, "SELECT key, value FROM plan ORDER BY key", NULL);
  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autofree char *key = zona_store_column_text (stmt, 0);
      g_autofree char *value = zona_store_column_text (stmt, 1);

      if (key != NULL && *key != '\0' && value != NULL)
        put_string (b, key, value);
    }
  json_builder_end_object (b);
}

/* id → uid of every record of a list, for references. */
static GHashTable *
uid_map (void)
{
  return g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
}

static void
uid_map_add (GHashTable *map,
             gint64      id,
             const char *uid)
{
  g_hash_table_insert (map, g_memdup2 (&id, sizeof id), g_strdup (uid));
}

static void
dump_actors (Dump *d)
{
  JsonBuilder *b = d->b;
  g_autoptr(GPtrArray) actors = zona_plan_data_list_actors (d->store);
  g_autoptr(GHashTable) uids = uid_map ();

  for (guint i = 0; i < actors->len; i++)
    {
      ZonaActor *a = g_ptr_array_index (actors, i);
      uid_map_add (uids, a->id, a->uid);
    }

  json_builder_set_member_name (b, "actors");
  json_builder_begin_array (b);
  for (guint i = 0; i < actors->len; i++)
    {
      ZonaActor *a = g_ptr_array_index (actors, i);
      g_autoptr(GPtrArray) members = zona_plan_data_list_members (d->store, a->id);

      json_builder_begin_object (b);
      put_string (b, "uid", a->uid);
      put_string (b, "kind", zona_actor_kind_to_string (a->kind));
      put_string (b, "name", a->name);
      put_string (b, "code", a->code);
      put_string (b, "note", a->note);
      if (members->len > 0)
        {
          json_builder_set_member_name (b, "members");
          json_builder_begin_array (b);
          for (guint j = 0; j < members->len; j++)
            {
              ZonaActorMember *m = g_ptr_array_index (members, j);

              json_builder_begin_object (b);
              put_string (b, "actor", g_hash_table_lookup (uids, &m->member_id));
              put_string (b, "role", m->role);
              json_builder_end_object (b);
            }
          json_builder_end_array (b);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
dump_local_areas (Dump       *d,
                  GHashTable *uids)
{
  JsonBuilder *b = d->b;
  g_autoptr(GPtrArray) areas = zona_plan_data_list_local_areas (d->store);
  g_autoptr(GPtrArray) mappings = zona_plan_data_list_mappings (d->store);

  json_builder_set_member_name (b, "local_areas");
  json_builder_begin_array (b);
  for (guint i = 0; i < areas->len; i++)
    {
      ZonaLocalArea *a = g_ptr_array_index (areas, i);
      gboolean open = FALSE;

      uid_map_add (uids, a->id, a->uid);
      json_builder_begin_object (b);
      put_string (b, "uid", a->uid);
      put_string (b, "code", a->code);
      put_string (b, "title", a->title);
      /* Mappings come in area order, then by code. */
      for (guint j = 0; j < mappings->len; j++)
        {
          ZonaAreaMapping *m = g_ptr_array_index (mappings, j);

          if (m->local_area_id != a->id)
            continue;
          if (!open)
            {
              json_builder_set_member_name (b, "regional");
              json_builder_begin_array (b);
              open = TRUE;
            }
          json_builder_add_string_value (b, m->regional_code);
        }
      if (open)
        json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
dump_data_tables (Dump       *d,
                  GHashTable *uids)
{
  JsonBuilder *b = d->b;
  g_autoptr(GPtrArray) tables = zona_plan_data_list_tables (d->store);

  json_builder_set_member_name (b, "data_tables");
  json_builder_begin_array (b);
  for (guint i = 0; i < tables->len; i++)
    {
      ZonaDataTable *t = g_ptr_array_index (tables, i);
      g_autoptr(ZonaTableContents) tc = zona_plan_data_get_table_contents (d->store, t->id);

      uid_map_add (uids, t->id, t->uid);
      json_builder_begin_object (b);
      put_string (b, "uid", t->uid);
      put_string (b, "title", t->title);
      put_string (b, "source", t->source);
      put_string (b, "ref_date", t->ref_date);
      put_string (b, "note", t->note);
      if (tc != NULL && tc->columns->len > 0)
        {
          json_builder_set_member_name (b, "columns");
          json_builder_begin_array (b);
          for (guint j = 0; j < tc->columns->len; j++)
            {
              ZonaDataColumn *c = g_ptr_array_index (tc->columns, j);

              json_builder_begin_object (b);
              put_string (b, "name", c->name);
              put_string (b, "type", zona_column_type_to_string (c->type));
              put_string (b, "unit", c->unit);
              json_builder_end_object (b);
            }
          json_builder_end_array (b);
        }
      if (tc != NULL && tc->rows->len > 0)
        {
          json_builder_set_member_name (b, "rows");
          json_builder_begin_array (b);
          for (guint j = 0; j < tc->rows->len; j++)
            {
              ZonaDataRow *r = g_ptr_array_index (tc->rows, j);

              json_builder_begin_object (b);
              if (r->is_total)
                {
                  json_builder_set_member_name (b, "is_total");
                  json_builder_add_boolean_value (b, TRUE);
                }
              if (r->cells->len > 0)
                {
                  json_builder_set_member_name (b, "cells");
                  json_builder_begin_array (b);
                  for (guint k = 0; k < r->cells->len; k++)
                    {
                      const char *v = g_ptr_array_index (r->cells, k);
                      if (v != NULL)
                        json_builder_add_string_value (b, v);
                      else
                        json_builder_add_null_value (b);
                    }
                  json_builder_end_array (b);
                }
              json_builder_end_object (b);
            }
          json_builder_end_array (b);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
dump_charts (Dump       *d,
             GHashTable *table_uids)
{
  JsonBuilder *b = d->b;
  g_autoptr(GPtrArray) charts = zona_plan_data_list_charts (d->store, 0);

  json_builder_set_member_name (b, "charts");
  json_builder_begin_array (b);
  for (guint i = 0; i < charts->len; i++)
    {
      ZonaChart *c = g_ptr_array_index (charts, i);
      g_autoptr(GPtrArray) columns = zona_plan_data_list_columns (d->store, c->table_id);

      json_builder_begin_object (b);
      put_string (b, "uid", c->uid);
      put_string (b, "table", g_hash_table_lookup (table_uids, &c->table_id));
      put_string (b, "kind", zona_chart_kind_to_string (c->kind));
      put_string (b, "title", c->title);
      if (c->label_column >= 0)
        put_int (b, "label_column", c->label_column);
      if (c->series->len > 0)
        {
          json_builder_set_member_name (b, "series");
          json_builder_begin_array (b);
          for (guint j = 0; j < c->series->len; j++)
            for (guint k = 0; k < columns->len; k++)
              if (((ZonaDataColumn *) g_ptr_array_index (columns, k))->id
                  == g_array_index (c->series, gint64, j))
                json_builder_add_int_value (b, k);
          json_builder_end_array (b);
        }
      put_string (b, "unit", c->unit);
      put_string (b, "caption", c->caption);
      put_string (b, "alt_text", c->alt_text);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
dump_funding_sources (Dump       *d,
                      GHashTable *uids)
{
  JsonBuilder *b = d->b;
  g_autoptr(GPtrArray) sources = zona_plan_data_list_funding_sources (d->store);

  json_builder_set_member_name (b, "funding_sources");
  json_builder_begin_array (b);
  for (guint i = 0; i < sources->len; i++)
    {
      ZonaFundingSource *s = g_ptr_array_index (sources, i);

      uid_map_add (uids, s->id, s->uid);
      json_builder_begin_object (b);
      put_string (b, "uid", s->uid);
      put_string (b, "code", s->code);
      put_string (b, "name", s->name);
      put_string (b, "level", s->level);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
dump_objectives (Dump       *d,
                 GPtrArray  *objectives,
                 GHashTable *area_uids,
                 GHashTable *source_uids)
{
  JsonBuilder *b = d->b;

  json_builder_set_member_name (b, "objectives");
  json_builder_begin_array (b);
  for (guint i = 0; i < objectives->len; i++)
    {
      ZonaObjective *o = g_ptr_array_index (objectives, i);
      g_autoptr(GPtrArray) lines = zona_plan_data_list_budget_lines (d->store, o->id);

      json_builder_begin_object (b);
      put_string (b, "uid", o->uid);
      put_string (b, "title", o->title);
      put_string (b, "card", g_hash_table_lookup (d->card_refs, &o->card_id));
      put_string (b, "regional_area", o->regional_area);
      put_string (b, "local_area", g_hash_table_lookup (area_uids, &o->local_area_id));
      put_string (b, "predecessor", o->predecessor_uid);
      if (lines->len > 0)
        {
          json_builder_set_member_name (b, "budget");
          json_builder_begin_array (b);
          for (guint j = 0; j < lines->len; j++)
            {
              ZonaBudgetLine *line = g_ptr_array_index (lines, j);

              json_builder_begin_object (b);
              put_string (b, "source", g_hash_table_lookup (source_uids, &line->source_id));
              if (line->year > 0)
                put_int (b, "year", line->year);
              put_amount (b, "stanziato", line->stanziato);
              put_amount (b, "impegnato", line->impegnato);
              put_amount (b, "liquidato", line->liquidato);
              put_string (b, "note", line->note);
              json_builder_end_object (b);
            }
          json_builder_end_array (b);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

/* Meeting records: attendees by actor uid, cards by their “ref”. */
static void
dump_meetings (Dump      *d,
               GPtrArray *meetings)
{
  JsonBuilder *b = d->b;

  if (meetings->len == 0)
    return;
  json_builder_set_member_name (b, "meetings");
  json_builder_begin_array (b);
  for (guint i = 0; i < meetings->len; i++)
    {
      ZonaMeeting *m = g_ptr_array_index (meetings, i);
      g_autoptr(GArray) attendees = zona_meeting_list_attendees (d->store, m->id);
      g_autoptr(GPtrArray) cards = zona_meeting_list_cards (d->store, m->id);

      json_builder_begin_object (b);
      put_string (b, "uid", m->uid);
      put_string (b, "date", m->date);
      put_string (b, "tavolo", m->tavolo);
      put_string (b, "decisions", m->decisions);
      if (attendees->len > 0)
        {
          json_builder_set_member_name (b, "attendees");
          json_builder_begin_array (b);
          for (guint j = 0; j < attendees->len; j++)
            {
              g_autoptr(ZonaActor) a =
                zona_plan_data_get_actor (d->store, g_array_index (attendees, gint64, j));
              if (a != NULL)
                json_builder_add_string_value (b, a->uid);
            }
          json_builder_end_array (b);
        }
      if (cards->len > 0)
        {
          json_builder_set_member_name (b, "cards");
          json_builder_begin_array (b);
          for (guint j = 0; j < cards->len; j++)
            {
              ZonaMeetingCard *c = g_ptr_array_index (cards, j);

              json_builder_begin_object (b);
              put_string (b, "card", g_hash_table_lookup (d->card_refs, &c->card_id));
              put_string (b, "note", c->note);
              json_builder_end_object (b);
            }
          json_builder_end_array (b);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

char *
zona_plan_json_dump (ZonaStore  *store,
                     GError    **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) objectives = NULL;
  g_autoptr(GPtrArray) chapters = NULL;
  g_autoptr(GPtrArray) meetings = NULL;
  g_autoptr(GHashTable) area_uids = uid_map ();
  g_autoptr(GHashTable) table_uids = uid_map ();
  g_autoptr(GHashTable) source_uids = uid_map ();
  g_autofree char *text = NULL;
  Dump d = { 0 };

  g_return_val_if_fail (ZONA_IS_STORE (store), NULL);

  d.store = store;
  d.b = builder;
  d.linked_cards = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  d.card_refs = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);

  /* Cards are named (“ref”) only where an objective points at them. */
  objectives = zona_plan_data_list_objectives (store);
  for (guint i = 0; i < objectives->len; i++)
    {
      ZonaObjective *o = g_ptr_array_index (objectives, i);
      if (o->card_id > 0)
        g_hash_table_add (d.linked_cards, g_memdup2 (&o->card_id, sizeof o->card_id));
    }
  /* … or where a meeting discussed them. */
  meetings = zona_meeting_list (store);
  for (guint i = 0; i < meetings->len; i++)
    {
      ZonaMeeting *m = g_ptr_array_index (meetings, i);
      g_autoptr(GPtrArray) cards = zona_meeting_list_cards (store, m->id);

      for (guint j = 0; j < cards->len; j++)
        {
          ZonaMeetingCard *c = g_ptr_array_index (cards, j);
          if (!g_hash_table_contains (d.linked_cards, &c->card_id))
            g_hash_table_add (d.linked_cards, g_memdup2 (&c->card_id, sizeof c->card_id));
        }
    }

  json_builder_begin_object (builder);
  put_int (builder, "zona", ZONA_PLAN_JSON_VERSION);
  dump_plan (&d);
  json_builder_set_member_name (builder, "chapters");
  chapters = zona_store_list_chapters (store, 0);
  dump_chapters (&d, chapters);
  dump_actors (&d);
  dump_local_areas (&d, area_uids);
  dump_data_tables (&d, table_uids);
  dump_charts (&d, table_uids);
  dump_funding_sources (&d, source_uids);
  dump_objectives (&d, objectives, area_uids, source_uids);
  dump_meetings (&d, meetings);
  json_builder_end_object (builder);

  g_hash_table_unref (d.linked_cards);
  g_hash_table_unref (d.card_refs);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  text = json_generator_to_data (generator, NULL);
  if (text == NULL)
    {
      g_set_error_literal (error, ZONA_PLAN_JSON_ERROR, ZONA_PLAN_JSON_ERROR_INVALID,
                           _("The plan could not be written as JSON"));
      return NULL;
    }
  return g_strconcat (text, "\n", NULL);
}
