/* zona-template.c: load a planning cycle's template with libxml2
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Templates are read without network access and without entity expansion;
 * a template that declares a DOCTYPE or uses entities is refused outright.
 * Every error names the file and the line.
 */
#define G_LOG_DOMAIN "zona-template"

#include "config.h"

#include <glib/gi18n.h>
#include <gio/gio.h>
#include <string.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/SAX2.h>

#include "zona-template.h"
#include "zona-resources.h"

G_DEFINE_QUARK (zona-template-error-quark, zona_template_error)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)

struct _ZonaTemplate
{
  GObject     parent_instance;

  char       *filename;
  char       *id;
  char       *title;
  char       *cycle;
  GHashTable *periods;       /* key → "2018-2020" */
  GPtrArray  *chapters;      /* ZonaChapterSpec */
  GPtrArray  *card_types;    /* ZonaCardType */
  GPtrArray  *macro_areas;   /* ZonaMacroArea */
};

G_DEFINE_FINAL_TYPE (ZonaTemplate, zona_template, G_TYPE_OBJECT)

static const char *kind_names[] = {
  [ZONA_FIELD_TEXT] = "text",
  [ZONA_FIELD_LONG_TEXT] = "long-text",
  [ZONA_FIELD_PERCENTAGE] = "percentage",
  [ZONA_FIELD_CHOICE] = "choice",
  [ZONA_FIELD_MULTICHOICE] = "multichoice",
  [ZONA_FIELD_MONEY] = "money",
  [ZONA_FIELD_GROUP] = "group",
  [ZONA_FIELD_TABLE] = "table",
  [ZONA_FIELD_MACRO_AREA] = "macro-area",
  [ZONA_FIELD_NUMBER] = "number",
};

void
zona_condition_free (ZonaCondition *cond)
{
  if (cond == NULL)
    return;
  g_free (cond->key);
  g_clear_pointer (&cond->values, g_strfreev);
  g_free (cond);
}

/* Whether @value (as stored; NULL when unanswered) satisfies @cond. */
gboolean
zona_condition_holds (const ZonaCondition *cond,
                      const char          *value)
{
  if (cond == NULL)
    return TRUE;
  if (value == NULL || *value == '\0')
    return FALSE;
  if (cond->values == NULL)
    return TRUE;
  return g_strv_contains ((const char * const *) cond->values, value);
}

const char *
zona_field_kind_to_string (ZonaFieldKind kind)
{
  g_return_val_if_fail (kind < G_N_ELEMENTS (kind_names), NULL);
  return kind_names[kind];
}

gboolean
zona_field_kind_from_string (const char    *str,
                             ZonaFieldKind *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (g_strcmp0 (str, kind_names[i]) == 0)
      {
        *kind = i;
        return TRUE;
      }
  return FALSE;
}

/* ---- freeing ---------------------------------------------------------- */

static void
field_free (gpointer data)
{
  ZonaField *f = data;
  g_free (f->key);
  g_free (f->label);
  g_free (f->guidance);
  g_free (f->example);
  g_free (f->scheme);
  g_clear_pointer (&f->options, g_ptr_array_unref);
  g_clear_pointer (&f->children, g_ptr_array_unref);
  g_clear_pointer (&f->row_labels, g_ptr_array_unref);
  zona_condition_free (f->required_when);
  zona_condition_free (f->visible_when);
  g_free (f);
}

static void
row_free (gpointer data)
{
  ZonaRow *r = data;
  g_free (r->key);
  g_free (r->label);
  g_free (r->guidance);
  g_free (r->example);
  g_clear_pointer (&r->fields, g_ptr_array_unref);
  zona_condition_free (r->required_when);
  zona_condition_free (r->visible_when);
  g_free (r);
}

static void
card_type_free (gpointer data)
{
  ZonaCardType *t = data;
  g_free (t->id);
  g_free (t->title);
  g_free (t->header_label);
  g_free (t->header_value);
  g_clear_pointer (&t->rows, g_ptr_array_unref);
  g_free (t);
}

static void
chapter_spec_free (gpointer data)
{
  ZonaChapterSpec *c = data;
  g_free (c->role);
  g_free (c->title);
  g_clear_pointer (&c->card_types, g_ptr_array_unref);
  g_clear_pointer (&c->children, g_ptr_array_unref);
  g_free (c);
}

static void
macro_area_free (gpointer data)
{
  ZonaMacroArea *a = data;
  g_free (a->scheme);
  g_free (a->code);
  g_free (a->title);
  g_free (a);
}

static void
zona_template_finalize (GObject *object)
{
  ZonaTemplate *self = (ZonaTemplate *) object;

  g_free (self->filename);
  g_free (self->id);
  g_free (self->title);
  g_free (self->cycle);
  g_clear_pointer (&self->periods, g_hash_table_unref);
  g_clear_pointer (&self->chapters, g_ptr_array_unref);
  g_clear_pointer (&self->card_types, g_ptr_array_unref);
  g_clear_pointer (&self->macro_areas, g_ptr_array_unref);

  G_OBJECT_CLASS (zona_template_parent_class)->finalize (object);
}

static void
zona_template_class_init (ZonaTemplateClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = zona_template_finalize;
}

static void
zona_template_init (ZonaTemplate *self)
{
  self->periods = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->chapters = g_ptr_array_new_with_free_func (chapter_spec_free);
  self->card_types = g_ptr_array_new_with_free_func (card_type_free);
  self->macro_areas = g_ptr_array_new_with_free_func (macro_area_free);
}

/* ---- parsing helpers -------------------------------------------------- */

typedef struct {
  ZonaTemplate *self;
  GError      **error;
  const char   *dir;        /* folder of the file being read, for "extends" */
  GPtrArray    *docs;       /* parents read for "extends", kept while parsing */
} Ctx;

G_GNUC_PRINTF (4, 5)
static gboolean
fail (Ctx        *ctx,
      xmlNode    *node,
      int         code,
      const char *format,
      ...)
{
  g_autofree char *msg = NULL;
  va_list args;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (ctx->error, ZONA_TEMPLATE_ERROR, code, "%s:%ld: %s",
               node && node->doc && node->doc->URL ? (const char *) node->doc->URL
                                                    : ctx->self->filename,
               node ? MAX (1L, xmlGetLineNo (node)) : 1L, msg);
  return FALSE;
}

static gboolean
is_element (xmlNode    *node,
            const char *name)
{
  return node->type == XML_ELEMENT_NODE && xmlStrcmp (node->name, BAD_CAST name) == 0;
}

static char *
get_attr (xmlNode    *node,
          const char *name)
{
  xmlChar *v = xmlGetProp (node, BAD_CAST name);
  char *ret = v ? g_strdup ((const char *) v) : NULL;
  xmlFree (v);
  return ret;
}

/* Text content with whitespace runs folded, as XML authors indent freely. */
static char *
get_text (xmlNode *node)
{
  xmlChar *raw = xmlNodeGetContent (node);
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = (const char *) raw; p && *p; p++)
    {
      if (g_ascii_isspace (*p))
        space = TRUE;
      else
        {
          if (space && out->len > 0)
            g_string_append_c (out, ' ');
          space = FALSE;
          g_string_append_c (out, *p);
        }
    }
  xmlFree (raw);
  return g_string_free (out, FALSE);
}

static gboolean
get_bool_attr (Ctx        *ctx,
               xmlNode    *node,
               const char *name,
               gboolean   *value)
{
  g_autofree char *v = get_attr (node, name);

  *value = FALSE;
  if (v == NULL || g_str_equal (v, "false"))
    return TRUE;
  if (g_str_equal (v, "true"))
    {
      *value = TRUE;
      return TRUE;
    }
  return fail (ctx, node, ZONA_TEMPLATE_ERROR_INVALID,
               "attribute “%s” of <%s> must be “true” or “false”, not “%s”",
               name, (const char *) node->name, v);
}

static char *
require_attr (Ctx        *ctx,
              xmlNode    *node,
              const char *name)
{
  char *v = get_attr (node, name);

  if (v == NULL || *v == '\0')
    {
      g_free (v);
      fail (ctx, node, ZONA_TEMPLATE_ERROR_INVALID,
            "<%s> needs a “%s” attribute", (const char *) node->name, name);
      return NULL;
    }
  return v;
}

static gboolean
check_unknown (Ctx        *ctx,
               xmlNode    *child,
               const char *parent)
{
  if (child->type == XML_ELEMENT_NODE)
    return fail (ctx, child, ZONA_TEMPLATE_ERROR_INVALID,
                 "unexpected element <%s> inside <%s>", (const char *) child->name, parent);
  if (child->type == XML_ENTITY_REF_NODE)
    return fail (ctx, child, ZONA_TEMPLATE_ERROR_FORBIDDEN, "entity references are not allowed");
  return TRUE;
}

/* Expands {ciclo}, {precedente}, {antecedente} and their “/” forms ({precedente/}). */
char *
zona_template_expand_periods (ZonaTemplate  *self,
                              const char    *text,
                              GError       **error)
{
  GString *out;
  const char *p;

  g_return_val_if_fail (ZONA_IS_TEMPLATE (self), NULL);

  if (text == NULL)
    return NULL;

  out = g_string_new (NULL);
  for (p = text; *p; )
    {
      const char *close;

      if (*p == '{' && (close = strchr (p, '}')) != NULL)
        {
          g_autofree char *key = g_strndup (p + 1, close - p - 1);
          gboolean slash = g_str_has_suffix (key, "/");
          const char *value;

          if (slash)
            key[strlen (key) - 1] = '\0';
          value = g_hash_table_lookup (self->periods, key);
          if (value == NULL)
            {
              g_set_error (error, ZONA_TEMPLATE_ERROR, ZONA_TEMPLATE_ERROR_INVALID,
                           "unknown period “{%s}”", key);
              g_string_free (out, TRUE);
              return NULL;
            }
          if (slash)
            {
              g_autofree char *s = g_strdup (value);
              g_strdelimit (s, "-", '/');
              g_string_append (out, s);
            }
          else
            g_string_append (out, value);
          p = close + 1;
        }
      else
        g_string_append_c (out, *p++);
    }
  return g_string_free (out, FALSE);
}

static char *
expanded_text (Ctx     *ctx,
               xmlNode *node)
{
  g_autofree char *raw = get_text (node);
  g_autoptr(GError) local = NULL;
  char *ret = zona_template_expand_periods (ctx->self, raw, &local);

  if (ret == NULL)
    fail (ctx, node, ZONA_TEMPLATE_ERROR_INVALID, "%s", local->message);
  return ret;
}

/* ---- the elements ----------------------------------------------------- */

static gboolean
parse_cycle (Ctx     *ctx,
             xmlNode *node)
{
  ZonaTemplate *self = ctx->self;
  g_autofree char *start = require_attr (ctx, node, "start");
  g_autofree char *end = start ? require_attr (ctx, node, "end") : NULL;

  if (end == NULL)
    return FALSE;
  self->cycle = g_strdup_printf ("%s-%s", start, end);
  g_hash_table_insert (self->periods, g_strdup ("ciclo"), g_strdup (self->cycle));

  for (xmlNode *c = node->children; c; c = c->next)
    {
      if (is_element (c, "period"))
        {
          g_autofree char *key = require_attr (ctx, c, "key");
          g_autofree char *ps = key ? require_attr (ctx, c, "start") : NULL;
          g_autofree char *pe = ps ? require_attr (ctx, c, "end") : NULL;

          if (pe == NULL)
            return FALSE;
          if (g_hash_table_contains (self->periods, key))
            return fail (ctx, c, ZONA_TEMPLATE_ERROR_INVALID, "period “%s” declared twice", key);
          g_hash_table_insert (self->periods, g_steal_pointer (&key),
                               g_strdup_printf ("%s-%s", ps, pe));
        }
      else if (!check_unknown (ctx, c, "cycle"))
        return FALSE;
    }
  return TRUE;
}

static gboolean
parse_macro_areas (Ctx     *ctx,
                   xmlNode *node)
{
  g_autofree char *scheme = require_attr (ctx, node, "scheme");

  if (scheme == NULL)
    return FALSE;
  if (!g_str_equal (scheme, "regional") && !g_str_equal (scheme, "local"))
    return fail (ctx, node, ZONA_TEMPLATE_ERROR_INVALID,
                 "scheme must be “regional” or “local”, not “%s”", scheme);

  for (xmlNode *c = node->children; c; c = c->next)
    {
      if (is_element (c, "area"))
        {
          ZonaMacroArea *area;
          g_autofree char *code = require_attr (ctx, c, "code");
          g_autofree char *title = NULL;

          if (code == NULL)
            return FALSE;
          title = get_text (c);
          if (*title == '\0')
            return fail (ctx, c, ZONA_TEMPLATE_ERROR_INVALID, "area “%s” has no title", code);
          area = g_new0 (ZonaMacroArea, 1);
          area->scheme = g_strdup (scheme);
          area->code = g_steal_pointer (&code);
          area->title = g_steal_pointer (&title);
          g_ptr_array_add (ctx->self->macro_areas, area);
        }
      else if (!check_unknown (ctx, c, "macro-areas"))
        return FALSE;
    }
  return TRUE;
}

static gboolean
parse_chapter (Ctx       *ctx,
               xmlNode   *node,
               GPtrArray *into)
{
  g_autofree char *role = require_attr (ctx, node, "role");
  g_autofree char *raw_title = role ? require_attr (ctx, node, "title") : NULL;
  g_autoptr(GError) local = NULL;
  ZonaChapterSpec *spec;

  if (raw_title == NULL)
    return FALSE;

  spec = g_new0 (ZonaChapterSpec, 1);
  g_ptr_array_add (into, spec);
  spec->role = g_steal_pointer (&role);
  spec->title = zona_template_expand_periods (ctx->self, raw_title, &local);
  if (spec->title == NULL)
    return fail (ctx, node, ZONA_TEMPLATE_ERROR_INVALID, "%s", local->message);
  spec->card_types = g_ptr_array_new_with_free_func (g_free);
  spec->children = g_ptr_array_new_with_free_func (chapter_spec_free);

  for (xmlNode *c = node->children; c; c = c->next)
    {
      if (is_element (c, "chapter"))
        {
          if (!parse_chapter (ctx, c, spec->children))
            return FALSE;
        }
      else if (is_element (c, "holds"))
        {
          char *type = require_attr (ctx, c, "card-type");
          if (type == NULL)
            return FALSE;
          g_ptr_array_add (spec->card_types, type);
        }
      else if (!check_unknown (ctx, c, "chapter"))
        return FALSE;
    }
  return TRUE;
}

static gboolean
parse_options (Ctx       *ctx,
               xmlNode   *c,
               ZonaField *field)
{
  char *opt = get_text (c);

  if (*opt == '\0')
    {
      g_free (opt);
      return fail (ctx, c, ZONA_TEMPLATE_ERROR_INVALID, "empty <option> in field “%s”", field->key);
    }
  for (guint i = 0; i < field->options->len; i++)
    if (g_str_equal (opt, g_ptr_array_index (field->options, i)))
      {
        g_free (opt);
        return fail (ctx, c, ZONA_TEMPLATE_ERROR_INVALID,
                     "option “%s” repeated in field “%s”",
                     (const char *) g_ptr_array_index (field->options, i), field->key);
      }
  g_ptr_array_add (field->options, opt);
  return TRUE;
}

static gboolean
parse_condition (Ctx            *ctx,
                 xmlNode        *node,
                 const char     *attr,
                 ZonaCondition **out)
{
  g_autofree char *spec = get_attr (node, attr);
  g_auto(GStrv) parts = NULL;
  ZonaCondition *cond;

  *out = NULL;
  if (spec == NULL)
    return TRUE;
  parts = g_strsplit (spec, "=", 2);
  g_strstrip (parts[0]);
  if (*parts[0] == '\0' || (parts[1] != NULL && *g_strstrip (parts[1]) == '\0'))
    return fail (ctx, node, ZONA_TEMPLATE_ERROR_INVALID,
                 "“%s” must read “field” or “field=value|value”, not “%s”", attr, spec);
  cond = g_new0 (ZonaCondition, 1);
  cond->key = g_strdup (parts[0]);
  if (parts[1] != NULL)
    {
      cond->values = g_strsplit (parts[1], "|", -1);
      for (guint i = 0; cond->values[i]; i++)
        g_strstrip (cond->values[i]);
    }
  *out = cond;
  return TRUE;
}

static ZonaField *parse_field (Ctx *ctx, xmlNode *node, GHashTable *keys);

static ZonaField *
parse_field (Ctx        *ctx,
             xmlNode    *node,
             GHashTable *keys)
{
  g_autofree char *key = require_attr (ctx, node, "key");
  g_autofree char *kind_str = NULL;
  g_autofree char *label = NULL;
  ZonaField *field;

  if (key == NULL)
    return NULL;
  if (g_hash_table_contains (keys, key))
    {
      fail (ctx, node, ZONA_TEMPLATE_ERROR_INVALID, "field key “%s” used twice in one card type", key);
      return NULL;
    }
  kind_str = require_attr (ctx, node, "kind");
  if (kind_str == NULL)
    return NULL;

  field = g_new0 (ZonaField, 1);
  field->key = g_strdup (key);
  field->options = g_ptr_array_new_with_free_func (g_free);
  field->children = g_ptr_array_new_with_free_func (field_free);
  g_hash_table_add (keys, g_steal_pointer (&key));

  if (!zona_field_kind_from_string (kind_str, &field->kind))
    {
      fail (ctx, node, ZONA_TEMPLATE_ERROR_INVALID,
            "unknown field kind “%s” for field “%s” (known: text, long-text, percentage, "
            "choice, multichoice, money, number, group, table, macro-area)", kind_str, field->key);
      field_free (field);
      return NULL;
    }

  label = get_attr (node, "label");
  if (label != NULL)
    {
      g_autoptr(GError) local = NULL;
      field->label = zona_template_expand_periods (ctx->self, label, &local);
      if (field->label == NULL)
        {
          fail (ctx, node, ZONA_TEMPLATE_ERROR_INVALID, "%s", local->message);
          field_free (field);
          return NULL;
        }
    }
  field->row_labels = g_ptr_array_new_with_free_func (g_free);
  if (!get_bool_attr (ctx, node, "required", &field->required)
      || !parse_condition (ctx, node, "required-when", &field->required_when)
      || !parse_condition (ctx, node, "visible-when", &field->visible_when))
    {
      field_free (field);
      return NULL;
    }
  field->scheme = get_attr (node, "scheme");
  if (field->kind == ZONA_FIELD_MACRO_AREA
      && g_strcmp0 (field->scheme, "regional") != 0 && g_strcmp0 (field->scheme, "local") != 0)
    {
      fail (ctx, node, ZONA_TEMPLATE_ERROR_INVALID,
            "macro-area field “%s” needs scheme=\"regional\" or scheme=\"local\"", field->key);
      field_free (field);
      return NULL;
    }

  for (xmlNode *c = node->children; c; c = c->next)
    {
      gboolean ok = TRUE;

      if (is_element (c, "option"))
        ok = parse_options (ctx, c, field);
      else if (is_element (c, "guidance"))
        ok = field->guidance == NULL ? (field->guidance = expanded_text (ctx, c)) != NULL
           : fail (ctx, c, ZONA_TEMPLATE_ERROR_INVALID, "field “%s” has two <guidance>", field->key);
      else if (is_element (c, "example"))
        ok = field->example == NULL ? (field->example = expanded_text (ctx, c)) != NULL
           : fail (ctx, c, ZONA_TEMPLATE_ERROR_INVALID, "field “%s” has two <example>", field->key);
      else if (is_element (c, "row-label") && field->kind == ZONA_FIELD_TABLE)
        {
          char *label = expanded_text (ctx, c);
          ok = label != NULL;
          if (ok)
            g_ptr_array_add (field->row_labels, label);
        }
      else if (is_element (c, "field")
               && (field->kind == ZONA_FIELD_GROUP || field->kind == ZONA_FIELD_TABLE))
        {
          ZonaField *child = parse_field (ctx, c, keys);
          ok = child != NULL;
          if (ok)
            g_ptr_array_add (field->children, child);
        }
      else
        ok = check_unknown (ctx, c, "field");

      if (!ok)
        {
          field_free (field);
          return NULL;
        }
    }

  if ((field->kind == ZONA_FIELD_CHOICE || field->kind == ZONA_FIELD_MULTICHOICE)
      && field->options->len == 0)
    {
      fail (ctx, node, ZONA_TEMPLATE_ERROR_INVALID, "choice field “%s” has no <option>", field->key);
      field_free (field);
      return NULL;
    }
  if ((field->kind == ZONA_FIELD_GROUP || field->kind == ZONA_FIELD_TABLE)
      && field->children->len == 0)
    {
      fail (ctx, node, ZONA_TEMPLATE_ERROR_INVALID, "%s field “%s” has no <field>",
            kind_names[field->kind], field->key);
      field_free (field);
      return NULL;
    }
  for (guint i = 0; i < field->children->len; i++)
    {
      const ZonaField *child = g_ptr_array_index (field->children, i);
      if (child->kind == ZONA_FIELD_GROUP || child->kind == ZONA_FIELD_TABLE)
        {
          fail (ctx, node, ZONA_TEMPLATE_ERROR_INVALID,
                "field “%s”: groups and tables cannot hold other groups or tables", field->key);
          field_free (field);
          return NULL;
        }
    }
  return field;
}

static gboolean
parse_row (Ctx          *ctx,
           xmlNode      *node,
           ZonaCardType *type,
           GHashTable   *keys)
{
  ZonaRow *row = g_new0 (ZonaRow, 1);

  g_ptr_array_add (type->rows, row);
  row->fields = g_ptr_array_new_with_free_func (field_free);
  row->key = require_attr (ctx, node, "key");
  if (row->key == NULL
      || !get_bool_attr (ctx, node, "required", &row->required)
      || !get_bool_attr (ctx, node, "context", &row->context)
      || !parse_condition (ctx, node, "required-when", &row->required_when)
      || !parse_condition (ctx, node, "visible-when", &row->visible_when))
    return FALSE;

  for (xmlNode *c = node->children; c; c = c->next)
    {
      if (is_element (c, "label"))
        {
          if (row->label != NULL)
            return fail (ctx, c, ZONA_TEMPLATE_ERROR_INVALID, "row “%s” has two labels", row->key);
          if ((row->label = expanded_text (ctx, c)) == NULL)
            return FALSE;
        }
      else if (is_element (c, "guidance"))
        {
          if (row->guidance != NULL)
            return fail (ctx, c, ZONA_TEMPLATE_ERROR_INVALID, "row “%s” has two <guidance>", row->key);
          if ((row->guidance = expanded_text (ctx, c)) == NULL)
            return FALSE;
        }
      else if (is_element (c, "example"))
        {
          if (row->example != NULL)
            return fail (ctx, c, ZONA_TEMPLATE_ERROR_INVALID, "row “%s” has two <example>", row->key);
          if ((row->example = expanded_text (ctx, c)) == NULL)
            return FALSE;
        }
      else if (is_element (c, "field"))
        {
          ZonaField *field = parse_field (ctx, c, keys);
          if (field == NULL)
            return FALSE;
          if (row->required && row->fields->len == 0)
            field->required = TRUE;
          g_ptr_array_add (row->fields, field);
        }
      else if (!check_unknown (ctx, c, "row"))
        return FALSE;
    }

  if (row->label == NULL || *row->label == '\0')
    return fail (ctx, node, ZONA_TEMPLATE_ERROR_INVALID, "row “%s” has no <label>", row->key);
  if (row->fields->len == 0)
    return fail (ctx, node, ZONA_TEMPLATE_ERROR_INVALID, "row “%s” has no <field>", row->key);
  return TRUE;
}

static gboolean
parse_card_type (Ctx     *ctx,
                 xmlNode *node)
{
  g_autoptr(GHashTable) keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  ZonaCardType *type = g_new0 (ZonaCardType, 1);

  g_ptr_array_add (ctx->self->card_types, type);
  type->rows = g_ptr_array_new_with_free_func (row_free);
  type->id = require_attr (ctx, node, "id");
  if (type->id == NULL || (type->title = require_attr (ctx, node, "title")) == NULL)
    return FALSE;
  for (guint i = 0; i + 1 < ctx->self->card_types->len; i++)
    if (g_str_equal (((ZonaCardType *) g_ptr_array_index (ctx->self->card_types, i))->id, type->id))
      return fail (ctx, node, ZONA_TEMPLATE_ERROR_INVALID, "card type “%s” declared twice", type->id);
  type->header_label = get_attr (node, "header-label");
  type->header_value = get_attr (node, "header-value");

  for (xmlNode *c = node->children; c; c = c->next)
    {
      if (is_element (c, "row"))
        {
          if (!parse_row (ctx, c, type, keys))
            return FALSE;
        }
      else if (!check_unknown (ctx, c, "card-type"))
        return FALSE;
    }
  if (type->rows->len == 0)
    return fail (ctx, node, ZONA_TEMPLATE_ERROR_INVALID, "card type “%s” has no <row>", type->id);

  /* Conditions name fields of the same card. */
  for (guint i = 0; i < type->rows->len; i++)
    {
      const ZonaRow *row = g_ptr_array_index (type->rows, i);
      const ZonaCondition *conds[2] = { row->required_when, row->visible_when };

      for (guint k = 0; k < 2; k++)
        if (conds[k] && !g_hash_table_contains (keys, conds[k]->key))
          return fail (ctx, node, ZONA_TEMPLATE_ERROR_INVALID,
                       "row “%s” depends on “%s”, which is not a field of card type “%s”",
                       row->key, conds[k]->key, type->id);
      for (guint j = 0; j < row->fields->len; j++)
        {
          const ZonaField *f = g_ptr_array_index (row->fields, j);
          const ZonaCondition *fconds[2] = { f->required_when, f->visible_when };

          for (guint k = 0; k < 2; k++)
            if (fconds[k] && !g_hash_table_contains (keys, fconds[k]->key))
              return fail (ctx, node, ZONA_TEMPLATE_ERROR_INVALID,
                           "field “%s” depends on “%s”, which is not a field of card type “%s”",
                           f->key, fconds[k]->key, type->id);
        }
    }
  return TRUE;
}

static gboolean
check_chapter_refs (Ctx       *ctx,
                    xmlNode   *root,
                    GPtrArray *chapters)
{
  for (guint i = 0; i < chapters->len; i++)
    {
      ZonaChapterSpec *spec = g_ptr_array_index (chapters, i);

      for (guint j = 0; j < spec->card_types->len; j++)
        if (zona_template_get_card_type (ctx->self, g_ptr_array_index (spec->card_types, j)) == NULL)
          return fail (ctx, root, ZONA_TEMPLATE_ERROR_INVALID,
                       "chapter “%s” holds unknown card type “%s”", spec->role,
                       (const char *) g_ptr_array_index (spec->card_types, j));
      if (!check_chapter_refs (ctx, root, spec->children))
        return FALSE;
    }
  return TRUE;
}

static xmlDoc *read_doc (const char *data, gsize len, const char *filename, GError **error);
static GBytes *template_bytes (const char *id, const char *dir, char **filename, GError **error);

/* What a template says, after its parents: later declarations replace earlier
 * ones (a card type by id, the chapters whole, macro-areas by scheme). */
typedef struct {
  xmlNode    *cycle;
  xmlNode    *chapters;
  GPtrArray  *cards;     /* xmlNode* <card-type> */
  GPtrArray  *areas;     /* xmlNode* <macro-areas> */
} Merged;

#define MAX_EXTENDS_DEPTH 4

static gboolean
collect (Ctx     *ctx,
         xmlNode *root,
         Merged  *m,
         int      depth)
{
  g_autofree char *parent_id = NULL;

  if (!is_element (root, "zona-template"))
    return fail (ctx, root, ZONA_TEMPLATE_ERROR_INVALID,
                 "the root element is <%s>, not <zona-template>", (const char *) root->name);
  if (root->ns != NULL)
    return fail (ctx, root, ZONA_TEMPLATE_ERROR_INVALID, "<zona-template> takes no namespace");

  parent_id = get_attr (root, "extends");
  if (parent_id != NULL)
    {
      g_autoptr(GError) local = NULL;
      g_autofree char *filename = NULL;
      g_autoptr(GBytes) bytes = NULL;
      xmlDoc *doc;

      if (depth >= MAX_EXTENDS_DEPTH)
        return fail (ctx, root, ZONA_TEMPLATE_ERROR_INVALID,
                     "templates extend each other more than %d deep (a loop?)", MAX_EXTENDS_DEPTH);
      bytes = template_bytes (parent_id, ctx->dir, &filename, &local);
      if (bytes == NULL)
        return fail (ctx, root, ZONA_TEMPLATE_ERROR_INVALID,
                     "it extends “%s”, which cannot be read: %s", parent_id, local->message);
      doc = read_doc (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), filename, ctx->error);
      if (doc == NULL)
        return FALSE;
      g_ptr_array_add (ctx->docs, doc);
      if (!collect (ctx, xmlDocGetRootElement (doc), m, depth + 1))
        return FALSE;
    }

  for (xmlNode *c = root->children; c; c = c->next)
    {
      if (is_element (c, "cycle"))
        {
          if (m->cycle != NULL && m->cycle->doc == c->doc)
            return fail (ctx, c, ZONA_TEMPLATE_ERROR_INVALID, "<cycle> declared twice");
          m->cycle = c;
        }
      else if (is_element (c, "chapters"))
        m->chapters = c;
      else if (is_element (c, "macro-areas"))
        {
          g_autofree char *scheme = get_attr (c, "scheme");
          guint i;

          for (i = 0; i < m->areas->len; i++)
            {
              g_autofree char *other = get_attr (g_ptr_array_index (m->areas, i), "scheme");
              if (g_strcmp0 (scheme, other) == 0)
                break;
            }
          if (i < m->areas->len)
            m->areas->pdata[i] = c;
          else
            g_ptr_array_add (m->areas, c);
        }
      else if (is_element (c, "card-type"))
        {
          g_autofree char *id = get_attr (c, "id");
          guint i;

          for (i = 0; i < m->cards->len; i++)
            {
              xmlNode *other = g_ptr_array_index (m->cards, i);
              g_autofree char *other_id = get_attr (other, "id");
              if (id != NULL && g_strcmp0 (id, other_id) == 0 && other->doc != c->doc)
                break;
            }
          if (i < m->cards->len)
            m->cards->pdata[i] = c;
          else
            g_ptr_array_add (m->cards, c);
        }
      else if (!check_unknown (ctx, c, "zona-template"))
        return FALSE;
    }
  return TRUE;
}

static gboolean
parse_root (Ctx     *ctx,
            xmlNode *root)
{
  ZonaTemplate *self = ctx->self;
  g_autoptr(GPtrArray) cards = g_ptr_array_new ();
  g_autoptr(GPtrArray) areas = g_ptr_array_new ();
  Merged m = { NULL, NULL, cards, areas };

  if (!collect (ctx, root, &m, 0))
    return FALSE;
  if ((self->id = require_attr (ctx, root, "id")) == NULL
      || (self->title = require_attr (ctx, root, "title")) == NULL)
    return FALSE;

  /* The cycle comes first in meaning: labels elsewhere name its periods. */
  if (m.cycle == NULL)
    return fail (ctx, root, ZONA_TEMPLATE_ERROR_INVALID, "the template declares no <cycle>");
  if (!parse_cycle (ctx, m.cycle))
    return FALSE;

  for (guint i = 0; i < areas->len; i++)
    if (!parse_macro_areas (ctx, g_ptr_array_index (areas, i)))
      return FALSE;
  if (m.chapters != NULL)
    for (xmlNode *cc = m.chapters->children; cc; cc = cc->next)
      {
        gboolean ok;

        if (is_element (cc, "chapter"))
          ok = parse_chapter (ctx, cc, self->chapters);
        else
          ok = check_unknown (ctx, cc, "chapters");
        if (!ok)
          return FALSE;
      }
  for (guint i = 0; i < cards->len; i++)
    if (!parse_card_type (ctx, g_ptr_array_index (cards, i)))
      return FALSE;

  if (self->card_types->len == 0)
    return fail (ctx, root, ZONA_TEMPLATE_ERROR_INVALID, "the template declares no <card-type>");
  return check_chapter_refs (ctx, root, self->chapters);
}

typedef struct {
  char *message;
  int   line;
  int   doctype_line;
} FirstError;

/* A template has no use for a DTD: stop at the DOCTYPE, before any entity is declared. */
static void
internal_subset_cb (void          *user_data,
                    const xmlChar *name,
                    const xmlChar *external_id,
                    const xmlChar *system_id)
{
  xmlParserCtxtPtr pctx = user_data;
  FirstError *first = pctx->_private;

  first->doctype_line = MAX (1, xmlSAX2GetLineNumber (pctx));
  xmlStopParser (pctx);
}

/* libxml2 reports every error it meets; the first one is the one to mend. */
static void
first_error_cb (void        *user_data,
                xmlErrorPtr  err)
{
  xmlParserCtxtPtr pctx = user_data;
  FirstError *first = pctx ? pctx->_private : NULL;

  if (first != NULL && first->message == NULL && err != NULL && err->level >= XML_ERR_ERROR)
    {
      first->message = g_strdup (err->message ? err->message : "parse error");
      first->line = err->line;
    }
}

/* Reads a template file into a document: no network, no DTD, no entity
 * substitution, nothing printed; the first error with its line. */
static xmlDoc *
read_doc (const char  *data,
          gsize        len,
          const char  *filename,
          GError     **error)
{
  xmlDoc *doc;
  xmlParserCtxtPtr pctx;
  FirstError first = { NULL, 0, 0 };

  if (len > G_MAXINT)
    {
      g_set_error (error, ZONA_TEMPLATE_ERROR, ZONA_TEMPLATE_ERROR_MALFORMED,
                   "%s:1: the file is too large to be a template", filename);
      return NULL;
    }
  pctx = xmlNewParserCtxt ();
  if (pctx == NULL)
    {
      g_set_error (error, ZONA_TEMPLATE_ERROR, ZONA_TEMPLATE_ERROR_MALFORMED,
                   "%s:1: out of memory", filename);
      return NULL;
    }
  pctx->_private = &first;
  pctx->sax->serror = first_error_cb;
  pctx->sax->internalSubset = internal_subset_cb;
  pctx->sax->externalSubset = NULL;
  doc = xmlCtxtReadMemory (pctx, data, (int) len, filename, NULL,
                           XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (first.doctype_line > 0)
    {
      g_set_error (error, ZONA_TEMPLATE_ERROR, ZONA_TEMPLATE_ERROR_FORBIDDEN,
                   "%s:%d: a DOCTYPE declaration is not allowed in a template "
                   "(entities and external references are refused)",
                   filename, first.doctype_line);
    }
  else if (doc == NULL || !pctx->wellFormed)
    {
      const xmlError *err = first.message ? NULL : xmlCtxtGetLastError (pctx);
      g_autofree char *msg = g_strchomp (g_strdup (first.message ? first.message
                                                   : err && err->message ? err->message
                                                   : "not well-formed"));
      int line = first.message ? first.line : err ? err->line : 1;

      g_set_error (error, ZONA_TEMPLATE_ERROR, ZONA_TEMPLATE_ERROR_MALFORMED,
                   "%s:%d: malformed XML: %s", filename, MAX (1, line), msg);
    }
  else
    {
      g_free (first.message);
      xmlFreeParserCtxt (pctx);
      for (xmlNode *n = doc->children; n; n = n->next)
        if (n->type == XML_DTD_NODE)
          {
            g_set_error (error, ZONA_TEMPLATE_ERROR, ZONA_TEMPLATE_ERROR_FORBIDDEN,
                         "%s:%ld: a DOCTYPE declaration is not allowed in a template "
                         "(entities and external references are refused)",
                         filename, MAX (1L, xmlGetLineNo (n)));
            xmlFreeDoc (doc);
            return NULL;
          }
      return doc;
    }
  g_free (first.message);
  if (doc)
    xmlFreeDoc (doc);
  xmlFreeParserCtxt (pctx);
  return NULL;
}

static gboolean
valid_id (const char  *id,
          GError     **error)
{
  if (id == NULL || *id == '\0' || strchr (id, '/') != NULL || strchr (id, '\\') != NULL
      || g_str_has_prefix (id, "."))
    {
      g_set_error (error, ZONA_TEMPLATE_ERROR, ZONA_TEMPLATE_ERROR_NOT_FOUND,
                   _("“%s” is not a valid template name"), id ? id : "");
      return FALSE;
    }
  return TRUE;
}

/* A template's bytes by id: from @dir (the folder of the file that names
 * it), then ZONA_TEMPLATES_DIR, then the app's resources. */
static GBytes *
template_bytes (const char  *id,
                const char  *dir,
                char       **filename,
                GError     **error)
{
  g_autofree char *name = NULL;
  const char *dirs[] = { dir, g_getenv ("ZONA_TEMPLATES_DIR") };
  g_autofree char *res = NULL;
  GBytes *bytes;

  if (!valid_id (id, error))
    return NULL;
  name = g_strconcat (id, ".xml", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *path = NULL;
      char *contents;
      gsize len;

      if (dirs[i] == NULL)
        continue;
      path = g_build_filename (dirs[i], name, NULL);
      if (g_file_get_contents (path, &contents, &len, NULL))
        {
          *filename = g_strdup (name);
          return g_bytes_new_take (contents, len);
        }
    }
  zona_core_resources_ensure ();
  res = g_strconcat (RESOURCE_BASE "/templates/", name, NULL);
  bytes = g_resources_lookup_data (res, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (bytes == NULL)
    {
      g_set_error (error, ZONA_TEMPLATE_ERROR, ZONA_TEMPLATE_ERROR_NOT_FOUND,
                   _("No template for the planning cycle “%s”"), id);
      return NULL;
    }
  *filename = g_strdup (name);
  return bytes;
}

static ZonaTemplate *
load_data_in (const char  *data,
              gsize        len,
              const char  *filename,
              const char  *dir,
              GError     **error)
{
  g_autoptr(ZonaTemplate) self = NULL;
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) xmlFreeDoc);
  Ctx ctx;

  doc = read_doc (data, len, filename, error);
  if (doc == NULL)
    return NULL;

  self = g_object_new (ZONA_TYPE_TEMPLATE, NULL);
  self->filename = g_strdup (filename);
  ctx.self = self;
  ctx.error = error;
  ctx.dir = dir;
  ctx.docs = docs;
  if (!parse_root (&ctx, xmlDocGetRootElement (doc)))
    return NULL;
  return g_steal_pointer (&self);
}

ZonaTemplate *
zona_template_load_data (const char  *data,
                         gsize        len,
                         const char  *filename,
                         GError     **error)
{
  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (filename != NULL, NULL);

  return load_data_in (data, len, filename, NULL, error);
}

ZonaTemplate *
zona_template_load_file (const char  *path,
                         GError     **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *dir = NULL;
  gsize len;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &contents, &len, error))
    return NULL;
  basename = g_path_get_basename (path);
  dir = g_path_get_dirname (path);
  return load_data_in (contents, len, basename, dir, error);
}

/* Templates ship inside the app's resources; ZONA_TEMPLATES_DIR may point elsewhere. */
ZonaTemplate *
zona_template_lookup (const char  *id,
                      GError     **error)
{
  static GMutex lock;
  static GHashTable *cache;
  g_autofree char *filename = NULL;
  g_autoptr(GBytes) bytes = NULL;
  ZonaTemplate *ret;

  g_return_val_if_fail (id != NULL, NULL);

  if (!valid_id (id, error))
    return NULL;

  g_mutex_lock (&lock);
  if (cache == NULL)
    cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  ret = g_hash_table_lookup (cache, id);
  if (ret != NULL)
    {
      g_object_ref (ret);
      g_mutex_unlock (&lock);
      return ret;
    }

  bytes = template_bytes (id, NULL, &filename, error);
  if (bytes != NULL)
    ret = load_data_in (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), filename,
                        g_getenv ("ZONA_TEMPLATES_DIR"), error);
  if (ret != NULL)
    g_hash_table_insert (cache, g_strdup (id), g_object_ref (ret));
  g_mutex_unlock (&lock);
  return ret;
}

/* ---- getters ---------------------------------------------------------- */

const char *
zona_template_get_id (ZonaTemplate *self)
{
  g_return_val_if_fail (ZONA_IS_TEMPLATE (self), NULL);
  return self->id;
}

const char *
zona_template_get_title (ZonaTemplate *self)
{
  g_return_val_if_fail (ZONA_IS_TEMPLATE (self), NULL);
  return self->title;
}

const char *
zona_template_get_cycle (ZonaTemplate *self)
{
  g_return_val_if_fail (ZONA_IS_TEMPLATE (self), NULL);
  return self->cycle;
}

const char *
zona_template_get_period (ZonaTemplate *self,
                          const char   *key)
{
  g_return_val_if_fail (ZONA_IS_TEMPLATE (self), NULL);
  return g_hash_table_lookup (self->periods, key);
}

GPtrArray *
zona_template_get_chapters (ZonaTemplate *self)
{
  g_return_val_if_fail (ZONA_IS_TEMPLATE (self), NULL);
  return self->chapters;
}

GPtrArray *
zona_template_get_card_types (ZonaTemplate *self)
{
  g_return_val_if_fail (ZONA_IS_TEMPLATE (self), NULL);
  return self->card_types;
}

GPtrArray *
zona_template_get_macro_areas (ZonaTemplate *self)
{
  g_return_val_if_fail (ZONA_IS_TEMPLATE (self), NULL);
  return self->macro_areas;
}

const ZonaCardType *
zona_template_get_card_type (ZonaTemplate *self,
                             const char   *id)
{
  g_return_val_if_fail (ZONA_IS_TEMPLATE (self), NULL);

  for (guint i = 0; i < self->card_types->len; i++)
    {
      ZonaCardType *t = g_ptr_array_index (self->card_types, i);
      if (g_strcmp0 (t->id, id) == 0)
        return t;
    }
  return NULL;
}

static const ZonaField *
find_in_fields (GPtrArray  *fields,
                const char *key)
{
  for (guint i = 0; i < fields->len; i++)
    {
      const ZonaField *f = g_ptr_array_index (fields, i);

      if (g_str_equal (f->key, key))
        return f;
    }
  return NULL;
}

/* Values inside a repeated group or a table are stored under a path,
 * "<group>/<row>/<child>", row counted from 0. Splits @key into its parts;
 * FALSE for a plain key. */
gboolean
zona_field_path_parse (const char  *key,
                       char       **parent,
                       guint       *row,
                       char       **child)
{
  g_auto(GStrv) parts = NULL;
  guint64 n;

  if (key == NULL || strchr (key, '/') == NULL)
    return FALSE;
  parts = g_strsplit (key, "/", 3);
  if (g_strv_length (parts) != 3 || *parts[0] == '\0' || *parts[2] == '\0'
      || !g_ascii_string_to_unsigned (parts[1], 10, 0, 9999, &n, NULL))
    return FALSE;
  if (parent)
    *parent = g_strdup (parts[0]);
  if (row)
    *row = (guint) n;
  if (child)
    *child = g_strdup (parts[2]);
  return TRUE;
}

char *
zona_field_path (const char *parent,
                 guint       row,
                 const char *child)
{
  return g_strdup_printf ("%s/%u/%s", parent, row, child);
}

const ZonaField *
zona_card_type_find_field (const ZonaCardType *type,
                           const char         *key)
{
  g_autofree char *parent = NULL;
  g_autofree char *child = NULL;

  g_return_val_if_fail (type != NULL, NULL);

  /* "grado_sub/2/percentuale": the child field, if the parent holds it. */
  if (zona_field_path_parse (key, &parent, NULL, &child))
    {
      const ZonaField *p = zona_card_type_find_field (type, parent);

      if (p == NULL || (p->kind != ZONA_FIELD_GROUP && p->kind != ZONA_FIELD_TABLE))
        return NULL;
      for (guint i = 0; i < p->children->len; i++)
        {
          const ZonaField *c = g_ptr_array_index (p->children, i);
          if (g_str_equal (c->key, child))
            return c;
        }
      return NULL;
    }

  for (guint i = 0; i < type->rows->len; i++)
    {
      const ZonaRow *row = g_ptr_array_index (type->rows, i);
      const ZonaField *f = find_in_fields (row->fields, key);
      if (f)
        return f;
    }
  return NULL;
}
