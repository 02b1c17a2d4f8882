/* zona-template.h: a planning cycle's rules, read from data/templates/ID.xml
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define ZONA_TEMPLATE_ERROR (zona_template_error_quark ())

typedef enum {
  ZONA_TEMPLATE_ERROR_NOT_FOUND,
  ZONA_TEMPLATE_ERROR_MALFORMED,     /* not well-formed XML */
  ZONA_TEMPLATE_ERROR_FORBIDDEN,     /* DOCTYPE, entities, external references */
  ZONA_TEMPLATE_ERROR_INVALID,       /* well-formed, but not a valid template */
} ZonaTemplateError;

GQuark zona_template_error_quark (void);

typedef enum {
  ZONA_FIELD_TEXT,
  ZONA_FIELD_LONG_TEXT,
  ZONA_FIELD_PERCENTAGE,
  ZONA_FIELD_CHOICE,
  ZONA_FIELD_MULTICHOICE,
  ZONA_FIELD_MONEY,
  ZONA_FIELD_GROUP,        /* repeated group: rows of child fields, added and removed freely */
  ZONA_FIELD_TABLE,        /* small table: child fields are the columns; fixed rows if row_labels */
  ZONA_FIELD_MACRO_AREA,   /* one macro-area code of a scheme (regional or local) */
  ZONA_FIELD_NUMBER,       /* a count or amount without a unit */
} ZonaFieldKind;

/* "key=value|value": holds when field @key has one of @values (any answer when NULL). */
typedef struct {
  char  *key;
  char **values;
} ZonaCondition;

void     zona_condition_free  (ZonaCondition       *cond);
gboolean zona_condition_holds (const ZonaCondition *cond,
                               const char          *value);

/* One answer slot of a card row. Keys are unique within a card type. */
typedef struct {
  char          *key;
  ZonaFieldKind  kind;
  char          *label;        /* may be NULL for the main field of a row */
  char          *guidance;
  gboolean       required;
  char          *example;      /* an example answer, shown with the guidance */
  GPtrArray     *options;      /* (element-type utf8): choice options, or accepted words */
  GPtrArray     *children;     /* (element-type ZonaField): group fields, or table columns */
  GPtrArray     *row_labels;   /* (element-type utf8): a table's fixed rows; empty = free rows */
  char          *scheme;       /* macro-area: "regional" or "local" */
  ZonaCondition *required_when;
  ZonaCondition *visible_when;
} ZonaField;

/* One line of the regional grid: a label and the fields that answer it. */
typedef struct {
  char      *key;
  char      *label;            /* period tokens already expanded */
  char      *guidance;
  char      *example;
  gboolean   required;
  gboolean   context;          /* printed before the grid, not as a grid row */
  GPtrArray *fields;           /* (element-type ZonaField) */
  ZonaCondition *required_when;  /* the row's first field becomes required */
  ZonaCondition *visible_when;   /* hidden (and not required) otherwise */
} ZonaRow;

typedef struct {
  char      *id;
  char      *title;
  char      *header_label;     /* "DIMENSIONE" */
  char      *header_value;     /* "OUTPUT" */
  GPtrArray *rows;             /* (element-type ZonaRow) */
} ZonaCardType;

typedef struct _ZonaChapterSpec ZonaChapterSpec;
struct _ZonaChapterSpec {
  char      *role;
  char      *title;
  GPtrArray *card_types;       /* (element-type utf8): card type ids this chapter holds */
  GPtrArray *children;         /* (element-type ZonaChapterSpec) */
};

typedef struct {
  char *scheme;                /* "regional" or "local" */
  char *code;
  char *title;
} ZonaMacroArea;

#define ZONA_TYPE_TEMPLATE (zona_template_get_type ())
G_DECLARE_FINAL_TYPE (ZonaTemplate, zona_template, ZONA, TEMPLATE, GObject)

ZonaTemplate       *zona_template_load_file        (const char    *path,
                                                    GError       **error);
ZonaTemplate       *zona_template_load_data        (const char    *data,
                                                    gsize          len,
                                                    const char    *filename,
                                                    GError       **error);
ZonaTemplate       *zona_template_lookup           (const char    *id,
                                                    GError       **error);
const char         *zona_template_get_id           (ZonaTemplate  *self);
const char         *zona_template_get_title        (ZonaTemplate  *self);
const char         *zona_template_get_cycle        (ZonaTemplate  *self);
const char         *zona_template_get_period       (ZonaTemplate  *self,
                                                    const char    *key);
GPtrArray          *zona_template_get_chapters     (ZonaTemplate  *self);
GPtrArray          *zona_template_get_card_types   (ZonaTemplate  *self);
GPtrArray          *zona_template_get_macro_areas  (ZonaTemplate  *self);
const ZonaCardType *zona_template_get_card_type    (ZonaTemplate  *self,
                                                    const char    *id);
const ZonaField    *zona_card_type_find_field      (const ZonaCardType *type,
                                                    const char         *key);
gboolean            zona_field_path_parse          (const char    *key,
                                                    char         **parent,
                                                    guint         *row,
                                                    char         **child);
char               *zona_field_path                (const char    *parent,
                                                    guint          row,
                                                    const char    *child);
const char         *zona_field_kind_to_string      (ZonaFieldKind  kind);
gboolean            zona_field_kind_from_string    (const char    *str,
                                                    ZonaFieldKind *kind);
char               *zona_template_expand_periods   (ZonaTemplate  *self,
                                                    const char    *text,
                                                    GError       **error);

G_END_DECLS
