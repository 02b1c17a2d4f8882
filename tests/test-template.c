/* test-template.c: the cycle templates load; malformed ones give file:line errors
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "templates/zona-template.h"

static const char *
row_label (const ZonaCardType *type,
           const char         *key)
{
  for (guint i = 0; i < type->rows->len; i++)
    {
      const ZonaRow *row = g_ptr_array_index (type->rows, i);
      if (g_str_equal (row->key, key))
        return row->label;
    }
  return NULL;
}

static void
test_real_2025 (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ZonaTemplate) t = zona_template_lookup ("2025-2027", &error);
  const ZonaCardType *type;
  const ZonaField *field;

  g_assert_no_error (error);
  g_assert_nonnull (t);
  g_assert_cmpstr (zona_template_get_cycle (t), ==, "2025-2027");
  g_assert_cmpstr (zona_template_get_period (t, "precedente"), ==, "2021-2023");

  type = zona_template_get_card_type (t, "valutazione-output");
  g_assert_nonnull (type);
  g_assert_cmpstr (type->header_label, ==, "DIMENSIONE");
  g_assert_cmpstr (type->header_value, ==, "OUTPUT");
  /* Labels verbatim (domain.md §3.1), period labels derived from the cycle. */
  g_assert_cmpstr (row_label (type, "grado"), ==,
                   "GRADO DI RAGGIUNGIMENTO DELL'OBIETTIVO RISPETTO A CIÒ CHE È STATO DEFINITO "
                   "NELLA PROGRAMMAZIONE");
  g_assert_cmpstr (row_label (type, "valutazione_utenti"), ==, "VALUTAZIONE DA PARTE DEGLI UTENTI");
  g_assert_cmpstr (row_label (type, "coincidenza_risorse"), ==,
                   "LIVELLO DI COINCIDENZA TRA RISORSE STANZIATE E RISORSE IMPEGNATE/LIQUIDATE");
  g_assert_cmpstr (row_label (type, "criticita"), ==, "CRITICITÀ RILEVATE");
  g_assert_cmpstr (row_label (type, "cambiamento"), ==,
                   "QUESTO OBIETTIVO HA ADEGUATAMENTE RISPOSTO AD UN BISOGNO PRODUCENDO UN "
                   "CAMBIAMENTO POSITIVO NELL'AREA INDIVIDUATA COME PROBLEMATICA?");
  g_assert_cmpstr (row_label (type, "continuita"), ==,
                   "L'OBIETTIVO ERA IN CONTINUITÀ CON LA PROGRAMMAZIONE PRECEDENTE (2018/2020)?");
  g_assert_cmpstr (row_label (type, "riproposta"), ==,
                   "L'OBIETTIVO VERRÀ RIPROPOSTO NELLA PROSSIMA PROGRAMMAZIONE 2025-2027?");

  field = zona_card_type_find_field (type, "grado");
  g_assert_nonnull (field);
  g_assert_cmpint (field->kind, ==, ZONA_FIELD_PERCENTAGE);
  g_assert_true (field->required);

  field = zona_card_type_find_field (type, "valutazione_utenti");
  g_assert_cmpint (field->kind, ==, ZONA_FIELD_CHOICE);
  g_assert_cmpuint (field->options->len, ==, 5);
  g_assert_cmpstr (g_ptr_array_index (field->options, 0), ==, "Non prevista");
  g_assert_cmpstr (g_ptr_array_index (field->options, 4), ==, "Effettuata");

  field = zona_card_type_find_field (type, "riproposta");
  g_assert_cmpuint (field->options->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (field->options, 2), ==, "Obiettivo di mantenimento");

  field = zona_card_type_find_field (type, "cambiamento_motivazione");
  g_assert_cmpint (field->kind, ==, ZONA_FIELD_LONG_TEXT);
  g_assert_true (field->required);

  g_assert_cmpuint (zona_template_get_macro_areas (t)->len, ==, 9);
  g_assert_cmpuint (zona_template_get_chapters (t)->len, >, 3);
}

static void
test_real_2021 (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ZonaTemplate) t = zona_template_lookup ("2021-2023", &error);
  const ZonaCardType *type;

  g_assert_no_error (error);
  type = zona_template_get_card_type (t, "valutazione-output");
  g_assert_cmpstr (row_label (type, "valutazione_utenti"), ==,
                   "VALUTAZIONE DA PARTE DEGLI UTENTI (OVE PERTINENTE)");
  g_assert_cmpstr (row_label (type, "continuita"), ==,
                   "L'OBIETTIVO ERA IN CONTINUITÀ CON LA PROGRAMMAZIONE PRECEDENTE (2015-2017)");
  g_assert_cmpstr (row_label (type, "riproposta"), ==,
                   "L'OBIETTIVO VERRÀ RIPROPOSTO NELLA PROSSIMA PROGRAMMAZIONE 2021-2023?");
  g_assert_cmpuint (zona_template_get_macro_areas (t)->len, ==, 10);
}

static void
test_source_files_match (void)
{
  /* The files in data/templates load from disk too (what ZONA_TEMPLATES_DIR points at). */
  const char *dir = g_getenv ("ZONA_TEMPLATES_SRC");
  const char *ids[] = { "2021-2023", "2025-2027" };

  g_assert_nonnull (dir);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autofree char *name = g_strconcat (ids[i], ".xml", NULL);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(ZonaTemplate) t = zona_template_load_file (path, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (zona_template_get_id (t), ==, ids[i]);
    }
}

static void
test_unknown_id (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ZonaTemplate) t = zona_template_lookup ("1999-2001", &error);

  g_assert_null (t);
  g_assert_error (error, ZONA_TEMPLATE_ERROR, ZONA_TEMPLATE_ERROR_NOT_FOUND);

  g_clear_error (&error);
  g_assert_null (zona_template_lookup ("../etc/passwd", &error));
  g_assert_error (error, ZONA_TEMPLATE_ERROR, ZONA_TEMPLATE_ERROR_NOT_FOUND);
}

#define HEAD "<?xml version=\"1.0\"?>\n<zona-template id=\"t\" title=\"T\">\n" \
             "<cycle start=\"2025\" end=\"2027\"/>\n"
#define CARD_OPEN "<card-type id=\"c\" title=\"C\">\n"
#define GOOD_ROW "<row key=\"a\"><label>A</label><field key=\"a\" kind=\"text\"/></row>\n"

typedef struct {
  const char *name;
  const char *xml;
  int         code;
  const char *expect;   /* substring of the message, after "bad.xml:LINE: " */
  int         line;
} Malformed;

static const Malformed malformed[] = {
  { "unclosed-tag", HEAD CARD_OPEN "<row key=\"a\"><label>A</label>\n</card-type>\n</zona-template>\n",
    ZONA_TEMPLATE_ERROR_MALFORMED, "Opening and ending tag mismatch: row line 5", 6 },
  { "unknown-kind", HEAD CARD_OPEN "<row key=\"a\"><label>A</label>\n<field key=\"a\" kind=\"slider\"/></row>\n"
    "</card-type></zona-template>",
    ZONA_TEMPLATE_ERROR_INVALID, "unknown field kind “slider”", 6 },
  { "missing-label", HEAD CARD_OPEN "<row key=\"a\">\n<field key=\"a\" kind=\"text\"/></row>\n"
    "</card-type></zona-template>",
    ZONA_TEMPLATE_ERROR_INVALID, "row “a” has no <label>", 5 },
  { "external-entity", "<?xml version=\"1.0\"?>\n<!DOCTYPE zona-template [\n"
    "<!ENTITY x SYSTEM \"file:///etc/passwd\">\n]>\n<zona-template id=\"t\" title=\"&x;\">"
    "<cycle start=\"2025\" end=\"2027\"/>" CARD_OPEN GOOD_ROW "</card-type></zona-template>",
    ZONA_TEMPLATE_ERROR_FORBIDDEN, "DOCTYPE declaration is not allowed", 2 },
  { "network-entity", "<?xml version=\"1.0\"?>\n<!DOCTYPE zona-template SYSTEM \"http://example.invalid/x.dtd\">\n"
    "<zona-template id=\"t\" title=\"T\"><cycle start=\"2025\" end=\"2027\"/>" CARD_OPEN GOOD_ROW
    "</card-type></zona-template>",
    ZONA_TEMPLATE_ERROR_FORBIDDEN, "DOCTYPE declaration is not allowed", 2 },
  { "unknown-element", HEAD CARD_OPEN GOOD_ROW "<colour>red</colour>\n</card-type></zona-template>",
    ZONA_TEMPLATE_ERROR_INVALID, "unexpected element <colour> inside <card-type>", 6 },
  { "duplicate-key", HEAD CARD_OPEN GOOD_ROW "<row key=\"b\"><label>B</label>\n<field key=\"a\" kind=\"text\"/></row>\n"
    "</card-type></zona-template>",
    ZONA_TEMPLATE_ERROR_INVALID, "field key “a” used twice", 7 },
  { "choice-without-options", HEAD CARD_OPEN "<row key=\"a\"><label>A</label>\n<field key=\"a\" kind=\"choice\"/></row>\n"
    "</card-type></zona-template>",
    ZONA_TEMPLATE_ERROR_INVALID, "choice field “a” has no <option>", 6 },
  { "unknown-period", HEAD CARD_OPEN "<row key=\"a\">\n<label>Nel ciclo {futuro}</label><field key=\"a\" kind=\"text\"/></row>\n"
    "</card-type></zona-template>",
    ZONA_TEMPLATE_ERROR_INVALID, "unknown period “{futuro}”", 6 },
  { "wrong-root", "<?xml version=\"1.0\"?>\n<html><body/></html>",
    ZONA_TEMPLATE_ERROR_INVALID, "the root element is <html>", 2 },
  { "no-cycle", "<?xml version=\"1.0\"?>\n<zona-template id=\"t\" title=\"T\">\n" CARD_OPEN GOOD_ROW
    "</card-type></zona-template>",
    ZONA_TEMPLATE_ERROR_INVALID, "declares no <cycle>", 2 },
  { "bad-boolean", HEAD CARD_OPEN "<row key=\"a\" required=\"yes\"><label>A</label><field key=\"a\" kind=\"text\"/></row>\n"
    "</card-type></zona-template>",
    ZONA_TEMPLATE_ERROR_INVALID, "must be “true” or “false”, not “yes”", 5 },
  { "chapter-unknown-card", HEAD "<chapters><chapter role=\"r\" title=\"R\"><holds card-type=\"zz\"/></chapter></chapters>\n"
    CARD_OPEN GOOD_ROW "</card-type></zona-template>",
    ZONA_TEMPLATE_ERROR_INVALID, "holds unknown card type “zz”", 2 },
  { "empty-file", "", ZONA_TEMPLATE_ERROR_MALFORMED, "malformed XML", 1 },
  { "condition-unknown-field", HEAD CARD_OPEN GOOD_ROW "<row key=\"b\" required-when=\"zz=No\">\n<label>B</label>"
    "<field key=\"b\" kind=\"text\"/></row></card-type></zona-template>",
    ZONA_TEMPLATE_ERROR_INVALID, "row “b” depends on “zz”", 4 },
  { "condition-syntax", HEAD CARD_OPEN "<row key=\"b\" visible-when=\"=No\"><label>B</label>"
    "<field key=\"b\" kind=\"text\"/></row></card-type></zona-template>",
    ZONA_TEMPLATE_ERROR_INVALID, "“visible-when” must read", 5 },
  { "macro-area-without-scheme", HEAD CARD_OPEN "<row key=\"b\"><label>B</label>\n"
    "<field key=\"b\" kind=\"macro-area\"/></row></card-type></zona-template>",
    ZONA_TEMPLATE_ERROR_INVALID, "needs scheme=", 6 },
  { "nested-group", HEAD CARD_OPEN "<row key=\"b\"><label>B</label>\n<field key=\"g\" kind=\"group\">"
    "<field key=\"h\" kind=\"group\"><field key=\"i\" kind=\"text\"/></field></field></row>"
    "</card-type></zona-template>",
    ZONA_TEMPLATE_ERROR_INVALID, "cannot hold other groups", 6 },
  { "not-xml", "\x89PNG\r\n\x1a\n binary", ZONA_TEMPLATE_ERROR_MALFORMED, "malformed XML", 1 },
};

static void
test_malformed (gconstpointer data)
{
  const Malformed *m = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(ZonaTemplate) t = zona_template_load_data (m->xml, strlen (m->xml), "bad.xml", &error);
  g_autofree char *prefix = g_strdup_printf ("bad.xml:%d: ", m->line);

  g_assert_null (t);
  g_assert_error (error, ZONA_TEMPLATE_ERROR, m->code);
  if (!g_str_has_prefix (error->message, prefix) || strstr (error->message, m->expect) == NULL)
    g_test_fail_printf ("expected “%s…%s”, got “%s”", prefix, m->expect, error->message);
}

static void
test_minimal_valid (void)
{
  const char *xml = HEAD CARD_OPEN GOOD_ROW "</card-type></zona-template>";
  g_autoptr(GError) error = NULL;
  g_autoptr(ZonaTemplate) t = zona_template_load_data (xml, strlen (xml), "ok.xml", &error);

  g_assert_no_error (error);
  g_assert_nonnull (zona_template_get_card_type (t, "c"));
}

static char *
write_tmp (const char *dir,
           const char *name,
           const char *xml)
{
  char *path = g_build_filename (dir, name, NULL);
  g_assert_true (g_file_set_contents (path, xml, -1, NULL));
  return path;
}

/* A child template replaces a parent's card type by id, keeps the others,
 * and expands the parent's period labels with its own cycle. */
static void
test_extends (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("zona-tpl-XXXXXX", &error);
  g_autofree char *parent = write_tmp (dir, "base.xml",
    "<zona-template id=\"base\" title=\"Base\"><cycle start=\"2021\" end=\"2023\">"
    "<period key=\"precedente\" start=\"2018\" end=\"2020\"/></cycle>"
    "<card-type id=\"shared\" title=\"Condivisa\"><row key=\"a\"><label>Nel {precedente}</label>"
    "<field key=\"a\" kind=\"text\"/></row></card-type>"
    "<card-type id=\"old\" title=\"Vecchia\"><row key=\"b\"><label>B</label>"
    "<field key=\"b\" kind=\"text\"/></row></card-type></zona-template>");
  g_autofree char *child = write_tmp (dir, "child.xml",
    "<zona-template id=\"child\" title=\"Figlio\" extends=\"base\">"
    "<cycle start=\"2025\" end=\"2027\"><period key=\"precedente\" start=\"2021\" end=\"2023\"/></cycle>"
    "<card-type id=\"old\" title=\"Nuova\"><row key=\"c\"><label>C</label>"
    "<field key=\"c\" kind=\"text\"/></row></card-type></zona-template>");
  g_autoptr(ZonaTemplate) t = zona_template_load_file (child, &error);
  const ZonaCardType *shared, *old;

  g_assert_no_error (error);
  shared = zona_template_get_card_type (t, "shared");
  old = zona_template_get_card_type (t, "old");
  g_assert_nonnull (shared);
  g_assert_cmpstr (row_label (shared, "a"), ==, "Nel 2021-2023");
  g_assert_cmpstr (old->title, ==, "Nuova");
  g_assert_null (zona_card_type_find_field (old, "b"));
  g_assert_cmpuint (zona_template_get_card_types (t)->len, ==, 2);
}

static void
test_extends_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("zona-tpl-XXXXXX", &error);
  g_autofree char *loop_a = write_tmp (dir, "a.xml",
    "<zona-template id=\"a\" title=\"A\" extends=\"b\"><cycle start=\"1\" end=\"2\"/></zona-template>");
  g_autofree char *loop_b = write_tmp (dir, "b.xml",
    "<zona-template id=\"b\" title=\"B\" extends=\"a\"/>");
  g_autofree char *broken_parent = write_tmp (dir, "p.xml",
    "<zona-template id=\"p\" title=\"P\">\n<card-type id=\"x\" title=\"X\">\n<row key=\"r\">"
    "<field key=\"r\" kind=\"dial\"/></row></card-type></zona-template>");
  g_autofree char *child = write_tmp (dir, "c.xml",
    "<zona-template id=\"c\" title=\"C\" extends=\"p\"><cycle start=\"1\" end=\"2\"/></zona-template>");
  g_autofree char *orphan = write_tmp (dir, "o.xml",
    "<zona-template id=\"o\" title=\"O\" extends=\"missing\"/>");
  ZonaTemplate *t;

  t = zona_template_load_file (loop_a, &error);
  g_assert_null (t);
  g_assert_error (error, ZONA_TEMPLATE_ERROR, ZONA_TEMPLATE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "more than 4 deep"));
  g_clear_error (&error);

  /* An error in a parent names the parent's file and line. */
  t = zona_template_load_file (child, &error);
  g_assert_null (t);
  g_assert_nonnull (strstr (error->message, "p.xml:3: unknown field kind “dial”"));
  g_clear_error (&error);

  t = zona_template_load_file (orphan, &error);
  g_assert_null (t);
  g_assert_nonnull (strstr (error->message, "o.xml:1: it extends “missing”"));
}

static void
test_conditions_and_kinds (void)
{
  const char *xml = HEAD CARD_OPEN
    "<row key=\"cop\"><label>Co-programmato?</label><field key=\"cop\" kind=\"choice\">"
    "<option>Sì</option><option>No</option></field></row>\n"
    "<row key=\"modo\" required-when=\"cop=No\" visible-when=\"cop\"><label>Modalità</label>"
    "<field key=\"modo\" kind=\"long-text\"/></row>\n"
    "<row key=\"area\"><label>Area</label><field key=\"area\" kind=\"macro-area\" scheme=\"regional\"/></row>\n"
    "<row key=\"mat\"><label>Matrice</label><field key=\"mat\" kind=\"table\">"
    "<row-label>AT1</row-label><row-label>AT2</row-label>"
    "<field key=\"li1\" kind=\"choice\" label=\"LI1\"><option>X</option></field></field></row>\n"
    "<row key=\"az\"><label>Azioni</label><field key=\"az\" kind=\"group\">"
    "<field key=\"az_testo\" kind=\"long-text\" label=\"Azione\"/></field>"
    "<example>1. Mappatura dei servizi</example></row>\n"
    "</card-type></zona-template>";
  g_autoptr(GError) error = NULL;
  g_autoptr(ZonaTemplate) t = zona_template_load_data (xml, strlen (xml), "k.xml", &error);
  const ZonaCardType *type;
  const ZonaRow *modo;
  const ZonaField *mat, *area;

  g_assert_no_error (error);
  type = zona_template_get_card_type (t, "c");
  modo = g_ptr_array_index (type->rows, 1);
  g_assert_cmpstr (modo->required_when->key, ==, "cop");
  g_assert_true (zona_condition_holds (modo->required_when, "No"));
  g_assert_false (zona_condition_holds (modo->required_when, "Sì"));
  g_assert_false (zona_condition_holds (modo->required_when, NULL));
  g_assert_true (zona_condition_holds (modo->visible_when, "Sì"));
  g_assert_false (zona_condition_holds (modo->visible_when, NULL));
  mat = zona_card_type_find_field (type, "mat");
  g_assert_cmpint (mat->kind, ==, ZONA_FIELD_TABLE);
  g_assert_cmpuint (mat->row_labels->len, ==, 2);
  g_assert_cmpuint (mat->children->len, ==, 1);
  area = zona_card_type_find_field (type, "area");
  g_assert_cmpstr (area->scheme, ==, "regional");
  g_assert_cmpstr (((ZonaRow *) g_ptr_array_index (type->rows, 4))->example, ==, "1. Mappatura dei servizi");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/template/real/2025-2027", test_real_2025);
  g_test_add_func ("/template/real/2021-2023", test_real_2021);
  g_test_add_func ("/template/real/source-files", test_source_files_match);
  g_test_add_func ("/template/unknown-id", test_unknown_id);
  g_test_add_func ("/template/minimal-valid", test_minimal_valid);
  g_test_add_func ("/template/extends", test_extends);
  g_test_add_func ("/template/extends-errors", test_extends_errors);
  g_test_add_func ("/template/conditions-and-kinds", test_conditions_and_kinds);
  for (guint i = 0; i < G_N_ELEMENTS (malformed); i++)
    {
      g_autofree char *path = g_strconcat ("/template/malformed/", malformed[i].name, NULL);
      g_test_add_data_func (path, &malformed[i], test_malformed);
    }
  return g_test_run ();
}
