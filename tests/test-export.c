/* test-export.c: the ODF export — validity, content, safe replacement
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Needs the ODF validator (tests/odf/validate-odt, with jing, xmllint and
 * unzip). The LibreOffice round trip needs soffice and pdftotext, and is
 * skipped without them.
 */
#include "config.h"

#include <gsf/gsf-outfile-zip.h>
#include <gsf/gsf-output-stdio.h>

#include <glib/gstdio.h>
#include <locale.h>
#include <gsf/gsf-infile-zip.h>
#include <gsf/gsf-infile.h>
#include <gsf/gsf-input-stdio.h>
#include <gsf/gsf-input.h>
#include <gsf/gsf-utils.h>
#include <string.h>
#include <sys/stat.h>

#include "export/zona-odt-writer.h"
#include "model/zona-plan-new.h"
#include "model/zona-plan-data.h"
#include "model/zona-meetings.h"
#include "model/zona-plan-json.h"
#include "model/zona-store.h"
#include "model/zona-value.h"
#include "templates/zona-template.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsfInput, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsfInfile, g_object_unref)

#define ODT_MIMETYPE "application/vnd.oasis.opendocument.text"

/* ---- helpers ------------------------------------------------------------ */

static void
rm_rf (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          rm_rf (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

static char *
make_tmp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("zona-export-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static char *
sample_json_path (void)
{
  const char *env = g_getenv ("ZONA_SAMPLE_JSON");

  if (env != NULL)
    return g_strdup (env);
  return g_test_build_filename (G_TEST_DIST, "..", "data", "sample", "sample-plan.json", NULL);
}

static ZonaStore *
build_sample (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = sample_json_path ();
  g_autofree char *pdz = g_build_filename (dir, "sample.pdz", NULL);
  ZonaStore *store = zona_plan_json_load_file (json, pdz, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

static char *
export_to (ZonaStore  *store,
           const char *dir,
           const char *name)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (zona_odt_export (store, path, NULL, &error));
  g_assert_no_error (error);
  return path;
}

/* Runs @argv; returns its exit status (-1 if it could not start) and, in
 * @output, what it printed on stdout and stderr. */
static int
run (const char * const  *argv,
     char               **output)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                     &out, &err, &status, &error))
    {
      *output = g_strdup (error->message);
      return -1;
    }
  *output = g_strconcat (out, err, NULL);
  if (WIFEXITED (status))
    return WEXITSTATUS (status);
  return -1;
}

/* Fails the test, with the validator's report, unless @path is strictly
 * valid ODF 1.3. */
static void
assert_valid_odf (const char *path)
{
  const char *env = g_getenv ("VALIDATE_ODT");
  g_autofree char *validator = env != NULL ? g_strdup (env)
                                           : g_test_build_filename (G_TEST_DIST, "odf", "validate-odt", NULL);
  /* Through bash: a copy of the kit may have lost its execute bits. */
  const char *argv[] = { "bash", validator, "--odf", "1.3", path, NULL };
  g_autofree char *output = NULL;
  int status = run (argv, &output);

  if (status != 0)
    g_test_fail_printf ("%s is not valid ODF 1.3 (validator status %d):\n%s", path, status, output);
}

static GsfInfile *
open_zip (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GsfInput) input = gsf_input_stdio_new (path, &error);
  GsfInfile *zip;

  g_assert_no_error (error);
  zip = gsf_infile_zip_new (input, &error);
  g_assert_no_error (error);
  g_assert_nonnull (zip);
  return zip;
}

static char *
read_member (GsfInfile  *zip,
             const char *name)
{
  g_auto(GStrv) names = g_strsplit (name, "/", -1);
  g_autoptr(GsfInput) member = gsf_infile_child_by_aname (zip, (const char **) names);
  gsf_off_t size;
  char *data;

  if (member == NULL)
    g_error ("%s is not in the package", name);
  size = gsf_input_size (member);
  data = g_malloc (size + 1);
  g_assert_nonnull (gsf_input_read (member, size, (guint8 *) data));
  data[size] = '\0';
  return data;
}

static char *
read_part (const char *path,
           const char *name)
{
  g_autoptr(GsfInfile) zip = open_zip (path);

  return read_member (zip, name);
}

/* Names in @dir other than those in @expected (NULL-terminated). */
static char *
unexpected_files (const char         *dir,
                  const char * const *expected)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GString) extra = g_string_new (NULL);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    if (!g_strv_contains (expected, name))
      g_string_append_printf (extra, " %s", name);
  return extra->len > 0 ? g_strdup (extra->str) : NULL;
}

/* The text with every white space and every hyphen taken out, on both
 * sides of the comparison. A PDF breaks lines anywhere, and pdftotext treats
 * a hard hyphen at the end of a line as a soft one: "18-" + "20?" comes back
 * as "1820?", "IMPATTO -" + "OUTCOME" as "IMPATTO OUTCOME". Every letter,
 * digit and punctuation mark must still be there, in order. */
static char *
normalize (const char *text)
{
  GString *s = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == 0x00AD || c == '-' || c == 0x2010 || c == 0x2011
          || g_unichar_isspace (c) || c == 0x00A0)
        continue;
      g_string_append_unichar (s, c);
    }
  return g_string_free (s, FALSE);
}

/* The PDF text without what each page repeats: the running header (the
 * plan title), the page number, and table header rows repeated at the top
 * of a page (@repeated). A paragraph that runs over a page break then reads
 * as one again. */
static char *
strip_page_furniture (const char         *text,
                      const char         *running_header,
                      const char * const *repeated)
{
  g_auto(GStrv) pages = g_strsplit (text, "\f", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; pages[i] != NULL; i++)
    {
      g_auto(GStrv) raw_lines = g_strsplit (pages[i], "\n", -1);
      g_autoptr(GPtrArray) lines = g_ptr_array_new ();
      guint start = 0, end;

      for (guint j = 0; raw_lines[j] != NULL; j++)
        if (*g_strstrip (raw_lines[j]) != '\0')
          g_ptr_array_add (lines, raw_lines[j]);
      end = lines->len;
      if (start < end && g_strcmp0 (g_ptr_array_index (lines, start), running_header) == 0)
        start++;
      while (start < end && g_strv_contains (repeated, g_ptr_array_index (lines, start)))
        start++;
      if (end > start)
        {
          const char *last = g_ptr_array_index (lines, end - 1);

          if (strspn (last, "0123456789") == strlen (last))
            end--;
        }
      for (guint j = start; j < end; j++)
        {
          g_string_append (out, g_ptr_array_index (lines, j));
          g_string_append_c (out, '\n');
        }
    }
  return g_string_free (out, FALSE);
}

/* For a message: how far @needle matches in @haystack. */
static gsize
longest_found_prefix (const char *haystack,
                      const char *needle)
{
  gsize lo = 0, hi = strlen (needle);

  while (lo < hi)
    {
      gsize mid = (lo + hi + 1) / 2;
      g_autofree char *prefix = g_strndup (needle, mid);

      if (strstr (haystack, prefix) != NULL)
        lo = mid;
      else
        hi = mid - 1;
    }
  return lo;
}

static void
expect (GPtrArray  *expected,
        const char *text)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text != NULL ? text : ""));

  if (*stripped != '\0')
    g_ptr_array_add (expected, g_strdup (text));
}

static void
collect_expected (ZonaStore    *store,
                  ZonaTemplate *template,
                  gint64        parent_id,
                  GPtrArray    *expected)
{
  g_autoptr(GPtrArray) chapters = zona_store_list_chapters (store, parent_id);

  for (guint i = 0; i < chapters->len; i++)
    {
      ZonaChapter *chapter = g_ptr_array_index (chapters, i);
      g_autoptr(GPtrArray) blocks = zona_store_list_blocks (store, chapter->id);

      expect (expected, chapter->title);
      for (guint j = 0; j < blocks->len; j++)
        {
          ZonaBlock *block = g_ptr_array_index (blocks, j);
          const ZonaCardType *type;
          g_autoptr(GHashTable) fields = NULL;
          GHashTableIter iter;
          gpointer key, value;

          if (block->kind == ZONA_BLOCK_TABLE)
            {
              gint64 table = zona_plan_data_find_table (store, block->ref_uid);
              g_autoptr(ZonaTableContents) contents = zona_plan_data_get_table_contents (store, table);

              g_assert_nonnull (contents);
              expect (expected, contents->table->title);
              for (guint c = 0; c < contents->columns->len; c++)
                expect (expected, ((ZonaDataColumn *) g_ptr_array_index (contents->columns, c))->name);
              for (guint r = 0; r < contents->rows->len; r++)
                {
                  ZonaDataRow *row = g_ptr_array_index (contents->rows, r);
                  for (guint c = 0; c < row->cells->len; c++)
                    if (g_ptr_array_index (row->cells, c) != NULL)
                      expect (expected, g_ptr_array_index (row->cells, c));
                }
              continue;
            }
          if (block->kind != ZONA_BLOCK_CARD)
            {
              expect (expected, block->text);
              continue;
            }
          expect (expected, block->title);
          type = zona_template_get_card_type (template, block->card_type);
          g_assert_nonnull (type);
          for (guint k = 0; k < type->rows->len; k++)
            expect (expected, ((ZonaRow *) g_ptr_array_index (type->rows, k))->label);
          if (type->header_label != NULL)
            expect (expected, type->header_label);
          if (type->header_value != NULL)
            expect (expected, type->header_value);

          fields = zona_store_get_fields (store, block->id);
          g_hash_table_iter_init (&iter, fields);
          while (g_hash_table_iter_next (&iter, &key, &value))
            {
              const ZonaField *field = zona_card_type_find_field (type, key);
              g_autofree char *shown = field != NULL ? zona_value_format (field, value)
                                                     : g_strdup (value);
              expect (expected, shown);
            }
        }
      collect_expected (store, template, chapter->id, expected);
    }
}

/* ---- tests -------------------------------------------------------------- */

static void
test_sample_valid (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autoptr(ZonaStore) store = build_sample (dir);
  g_autofree char *path = export_to (store, dir, "sample.odt");
  g_autoptr(GsfInfile) zip = NULL;
  g_autofree char *data = NULL;
  g_autofree char *mimetype = NULL;
  gsize len;

  assert_valid_odf (path);

  /* The local header at offset 0: "mimetype", stored, no extra field. */
  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  g_assert_cmpuint (len, >, 30 + 8);
  g_assert_cmpmem (data, 4, "PK\3\4", 4);
  g_assert_cmpuint (GSF_LE_GET_GUINT16 (data + 8), ==, 0);    /* method: stored */
  g_assert_cmpuint (GSF_LE_GET_GUINT16 (data + 26), ==, 8);   /* name length */
  g_assert_cmpuint (GSF_LE_GET_GUINT16 (data + 28), ==, 0);   /* extra field length */
  g_assert_cmpmem (data + 30, 8, "mimetype", 8);

  /* The central directory agrees. */
  zip = open_zip (path);
  g_assert_cmpstr (gsf_infile_name_by_index (zip, 0), ==, "mimetype");
  mimetype = read_member (zip, "mimetype");
  g_assert_cmpstr (mimetype, ==, ODT_MIMETYPE);
  for (const char * const *name = (const char * const[]) { "content.xml", "styles.xml", "meta.xml",
                                                           "META-INF/manifest.xml", NULL };
       *name != NULL; name++)
    {
      g_autofree char *part = read_member (zip, *name);
      g_assert_true (g_str_has_prefix (part, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
    }

  rm_rf (dir);
}

static void
check_pdf_text (ZonaStore  *store,
                char       *dir)
{
  g_autofree char *soffice = g_find_program_in_path ("soffice");
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  g_autofree char *profile = NULL;
  g_autofree char *profile_uri = NULL;
  g_autofree char *profile_arg = NULL;
  g_autofree char *odt = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *txt = NULL;
  g_autofree char *output = NULL;
  g_autofree char *text = NULL;
  g_autofree char *haystack = NULL;
  g_autofree char *flowing_haystack = NULL;
  g_autofree char *template_id = NULL;
  g_autofree char *title = NULL;
  g_autoptr(ZonaTemplate) template = NULL;
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  guint missing = 0;

  if (soffice == NULL || pdftotext == NULL)
    {
      g_test_skip ("needs soffice (libreoffice-writer-nogui) and pdftotext (poppler-utils)");
      return;
    }

  odt = export_to (store, dir, "sample.odt");
  pdf = g_build_filename (dir, "sample.pdf", NULL);
  txt = g_build_filename (dir, "sample.txt", NULL);

  /* A throw-away profile, so that the test neither needs nor touches ~/.config. */
  profile = g_build_filename (dir, "lo", NULL);
  profile_uri = g_filename_to_uri (profile, NULL, &error);
  g_assert_no_error (error);
  profile_arg = g_strconcat ("-env:UserInstallation=", profile_uri, NULL);
  {
    const char *argv[] = { soffice, "--headless", profile_arg, "--convert-to", "pdf",
                           "--outdir", dir, odt, NULL };
    int status = run (argv, &output);

    if (status != 0 || !g_file_test (pdf, G_FILE_TEST_EXISTS))
      {
        g_test_fail_printf ("soffice could not convert %s (status %d):\n%s", odt, status, output);
        rm_rf (dir);
        return;
      }
  }
  {
    const char *argv[] = { pdftotext, pdf, txt, NULL };
    int status;

    g_clear_pointer (&output, g_free);
    status = run (argv, &output);
    if (status != 0)
      {
        g_test_fail_printf ("pdftotext failed on %s (status %d):\n%s", pdf, status, output);
        rm_rf (dir);
        return;
      }
  }
  g_assert_true (g_file_get_contents (txt, &text, NULL, NULL));
  haystack = normalize (text);

  template_id = zona_store_get_meta (store, "template");
  template = zona_template_lookup (template_id, &error);
  g_assert_no_error (error);
  title = zona_store_get_meta (store, "title");
  expect (expected, title);
  collect_expected (store, template, 0, expected);
  g_assert_cmpuint (expected->len, >, 50);

  {
    g_autoptr(GPtrArray) repeated = g_ptr_array_new ();
    GPtrArray *types = zona_template_get_card_types (template);
    g_autofree char *flowing = NULL;

    for (guint i = 0; i < types->len; i++)
      {
        const ZonaCardType *type = g_ptr_array_index (types, i);

        if (type->header_label != NULL)
          g_ptr_array_add (repeated, type->header_label);
        if (type->header_value != NULL)
          g_ptr_array_add (repeated, type->header_value);
      }
    g_ptr_array_add (repeated, NULL);
    flowing = strip_page_furniture (text, title, (const char * const *) repeated->pdata);
    flowing_haystack = normalize (flowing);
  }

  for (guint i = 0; i < expected->len; i++)
    {
      g_autofree char *needle = normalize (g_ptr_array_index (expected, i));

      if (strstr (haystack, needle) == NULL && strstr (flowing_haystack, needle) == NULL)
        {
          gsize found = longest_found_prefix (flowing_haystack, needle);
          gsize from = found > 60 ? found - 60 : 0;
          g_autofree char *matched = g_strndup (needle + from, found - from);

          g_test_message ("missing from the PDF text: “%s”\n"
                          "  the PDF text matches up to “…%s”, then lacks “%.40s…”",
                          needle, matched, needle + found);
          missing++;
        }
    }
  if (missing > 0)
    g_test_fail_printf ("%u of %u strings are missing from the PDF text (see above); text in %s",
                        missing, expected->len, txt);
  else
    rm_rf (dir);
}

/* The sample plan (2021-2023): every heading, label and value, through LibreOffice. */
static void
test_sample_libreoffice_text (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autoptr(ZonaStore) store = build_sample (dir);

  check_pdf_text (store, dir);
}

/* A value for every field of a card type: the first option, a percentage,
 * a text naming the field; groups and tables get their first row. */
static void
fill_card (ZonaStore          *store,
           ZonaTemplate       *template,
           const ZonaCardType *type,
           gint64              card)
{
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < type->rows->len; i++)
    {
      const ZonaRow *row = g_ptr_array_index (type->rows, i);

      for (guint j = 0; j < row->fields->len; j++)
        {
          const ZonaField *field = g_ptr_array_index (row->fields, j);
          g_autoptr(GPtrArray) leaves = g_ptr_array_new ();
          gboolean nested = field->kind == ZONA_FIELD_GROUP || field->kind == ZONA_FIELD_TABLE;

          if (nested)
            for (guint c = 0; c < field->children->len; c++)
              g_ptr_array_add (leaves, g_ptr_array_index (field->children, c));
          else
            g_ptr_array_add (leaves, (gpointer) field);

          for (guint k = 0; k < leaves->len; k++)
            {
              const ZonaField *leaf = g_ptr_array_index (leaves, k);
              g_autofree char *key = nested ? zona_field_path (field->key, 0, leaf->key)
                                            : g_strdup (leaf->key);
              g_autofree char *value = NULL;

              if (leaf->kind == ZONA_FIELD_CHOICE || leaf->kind == ZONA_FIELD_MULTICHOICE)
                value = g_strdup (g_ptr_array_index (leaf->options, 0));
              else if (leaf->kind == ZONA_FIELD_PERCENTAGE)
                value = g_strdup ("55");
              else if (leaf->kind == ZONA_FIELD_MONEY || leaf->kind == ZONA_FIELD_NUMBER)
                value = g_strdup ("1.234,50");
              else if (leaf->kind == ZONA_FIELD_MACRO_AREA)
                value = g_strdup (((ZonaMacroArea *) g_ptr_array_index (zona_template_get_macro_areas (template), 0))->code);
              else
                value = g_strdup_printf ("Risposta %s %s", type->id, key);
              g_assert_true (zona_store_set_field (store, card, key, value, &error));
              g_assert_no_error (error);
            }
        }
    }
}

/* LibreOffice opens the export and saves it again: the chart is still a
 * chart, with its data (acceptance: charts stay editable). */
static void
check_resaved_chart (const char *odt,
                     const char *dir)
{
  g_autofree char *soffice = g_find_program_in_path ("soffice");
  g_autofree char *out_dir = g_build_filename (dir, "resaved", NULL);
  g_autofree char *profile = g_build_filename (dir, "lo-resave", NULL);
  g_autofree char *uri = g_filename_to_uri (profile, NULL, NULL);
  g_autofree char *arg = g_strconcat ("-env:UserInstallation=", uri, NULL);
  g_autofree char *base = g_path_get_basename (odt);
  g_autofree char *resaved = g_build_filename (out_dir, base, NULL);
  g_autofree char *output = NULL;
  g_autofree char *object = NULL;
  g_autoptr(GsfInfile) zip = NULL;
  const char *argv[] = { soffice, "--headless", arg, "--convert-to", "odt", "--outdir", out_dir, odt, NULL };

  if (soffice == NULL)
    {
      g_test_message ("soffice not found: the LibreOffice round trip of the chart is not checked");
      return;
    }
  g_assert_cmpint (g_mkdir_with_parents (out_dir, 0700), ==, 0);
  g_assert_cmpint (run (argv, &output), ==, 0);
  g_assert_true (g_file_test (resaved, G_FILE_TEST_IS_REGULAR));

  /* LibreOffice names the object folder as it likes: find the chart in it. */
  zip = open_zip (resaved);
  for (int i = 0; i < gsf_infile_num_children (zip) && object == NULL; i++)
    {
      const char *name = gsf_infile_name_by_index (zip, i);
      if (name != NULL && g_str_has_prefix (name, "Object "))
        {
          g_autofree char *path = g_strconcat (name, "/content.xml", NULL);
          object = read_member (zip, path);
        }
    }
  g_assert_nonnull (object);
  g_assert_nonnull (strstr (object, "<chart:chart"));
  g_assert_nonnull (strstr (object, "local-table"));
  g_assert_nonnull (strstr (object, "853655.04"));
  g_assert_nonnull (strstr (object, "1245530.24"));
}

/* The Lodi funds table (seed 001, lines 1650-1653 and the totals), placed in @chapter. */
static void
add_funds_table (ZonaStore *store,
                 gint64     chapter)
{
  const char *rows[][4] = {
    { "Fondo Nazionale Politiche Sociali", "853.655,04 €", "892.785,46 €", "892.502,05 €" },
    { "Fondo Nazionale Politiche Sociali - Covid", "- €", "- €", "371.681,72 €" },
    { "Fondo Regionale Sociale", "1.206.273,44 €", "1.237.867,66 €", "1.245.530,24 €" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(ZonaDataTable) table = NULL;
  gint64 id = zona_plan_data_add_table (store, NULL, "Fondi per fonte e anno", "Ambito di Lodi",
                                        "2018-2020", NULL, &error);
  gint64 cols[4];

  g_assert_no_error (error);
  cols[0] = zona_plan_data_add_column (store, id, -1, "FONDI", ZONA_COLUMN_TEXT, NULL, &error);
  cols[1] = zona_plan_data_add_column (store, id, -1, "ANNO 2018", ZONA_COLUMN_MONEY, NULL, &error);
  cols[2] = zona_plan_data_add_column (store, id, -1, "ANNO 2019", ZONA_COLUMN_MONEY, NULL, &error);
  cols[3] = zona_plan_data_add_column (store, id, -1, "ANNO 2020", ZONA_COLUMN_MONEY, NULL, &error);
  for (guint r = 0; r < G_N_ELEMENTS (rows); r++)
    {
      gint64 row = zona_plan_data_add_row (store, id, -1, FALSE, &error);
      for (guint c = 0; c < 4; c++)
        g_assert_true (zona_plan_data_set_cell (store, row, cols[c], rows[r][c], &error));
    }
  g_assert_no_error (error);
  table = zona_plan_data_get_table (store, id);
  g_assert_cmpint (zona_store_add_block (store, chapter, ZONA_BLOCK_TABLE, 0, NULL, table->uid, &error), >, 0);
  g_assert_no_error (error);

  /* … and a stacked bar chart of it, one segment per year */
  {
    gint64 chart = zona_plan_data_add_chart (store, NULL, id, ZONA_CHART_STACKED_BAR,
                                             "Fondi per fonte e anno", 0, "€", NULL, NULL, &error);
    g_autoptr(ZonaChart) c = NULL;

    g_assert_no_error (error);
    g_assert_true (zona_plan_data_set_chart_series (store, chart, cols + 1, 3, &error));
    c = zona_plan_data_get_chart (store, chart);
    g_assert_cmpint (zona_store_add_block (store, chapter, ZONA_BLOCK_CHART, 0, NULL, c->uid, &error), >, 0);
    g_assert_no_error (error);
  }
}

/* A 2025-2027 plan with one filled card of every card type the cycle has
 * (its own and those it inherits): every label verbatim in the PDF text. */
static void
test_every_card_type_2025 (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "tutte.pdz", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(ZonaStore) store = zona_plan_new (path, "2025-2027", "Piano di Zona 2025-2027", &error);
  g_autoptr(ZonaTemplate) template = zona_template_lookup ("2025-2027", &error);
  g_autoptr(GPtrArray) chapters = NULL;
  GPtrArray *types;
  gint64 chapter;

  g_assert_no_error (error);
  chapters = zona_store_list_chapters (store, 0);
  chapter = ((ZonaChapter *) g_ptr_array_index (chapters, 0))->id;
  types = zona_template_get_card_types (template);
  g_assert_cmpuint (types->len, ==, 9);   /* 8 of 2021-2023 (two replaced) + scheda-intervento */
  for (guint i = 0; i < types->len; i++)
    {
      const ZonaCardType *type = g_ptr_array_index (types, i);
      gint64 card = zona_store_add_card (store, chapter, type->id, type->title, &error);

      g_assert_no_error (error);
      fill_card (store, template, type, card);
    }
  add_funds_table (store, chapter);
  {
    g_autofree char *odt = export_to (store, dir, "tutte.odt");
    g_autofree char *content = read_part (odt, "content.xml");

    /* a table of contents already filled, a data table with typed numbers */
    g_assert_nonnull (strstr (content, "<text:table-of-content text:name=\"Indice\""));
    g_assert_nonnull (strstr (content, "<text:p text:style-name=\"Contents_20_1\">1 Esiti della programmazione zonale 2021-2023</text:p>"));
    g_assert_nonnull (strstr (content, "<table:table-header-rows>"));
    g_assert_nonnull (strstr (content, "office:value-type=\"float\" office:value=\"853655.04\""));
    /* the chart as a native chart object, with its picture and its texts */
    g_assert_nonnull (strstr (content, "<draw:object xlink:href=\"./Object 1\""));
    g_assert_nonnull (strstr (content, "<draw:image xlink:href=\"./Pictures/chart1.png\""));
    g_assert_nonnull (strstr (content, "<svg:title>Fondi per fonte e anno</svg:title>"));
    g_assert_nonnull (strstr (content, "<svg:desc>"));
    {
      g_autofree char *object = read_part (odt, "Object 1/content.xml");
      g_assert_nonnull (strstr (object, "chart:class=\"chart:bar\""));
      g_assert_nonnull (strstr (object, "table:name=\"local-table\""));
      g_assert_nonnull (strstr (object, "office:value=\"1206273.44\""));
    }
    assert_valid_odf (odt);
    check_resaved_chart (odt, dir);
  }
  check_pdf_text (store, dir);
}

static void
test_keeps_earlier_file_on_failure (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autoptr(ZonaStore) store = build_sample (dir);
  g_autofree char *dest = g_build_filename (dir, "plan.odt", NULL);
  g_autofree char *blocker = g_build_filename (dir, "folder.odt", NULL);
  g_autofree char *blocker_file = g_build_filename (blocker, "keep", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *extra = NULL;
  const char * const expected[] = { "sample.pdz", "plan.odt", "folder.odt", NULL };

  g_assert_true (g_file_set_contents (dest, "EARLIER", -1, NULL));
  g_assert_cmpint (g_mkdir (blocker, 0755), ==, 0);
  g_assert_true (g_file_set_contents (blocker_file, "kept", -1, NULL));

  /* Cancelled: nothing is written. */
  g_cancellable_cancel (cancellable);
  g_assert_false (zona_odt_export (store, dest, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (dest, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "EARLIER");

  /* Fails only at the very end (a folder is in the way of the rename):
   * the complete temporary file must go too. */
  g_assert_false (zona_odt_export (store, blocker, NULL, &error));
  g_assert_error (error, ZONA_EXPORT_ERROR, ZONA_EXPORT_ERROR_WRITE);
  g_test_message ("error shown to the user: %s", error->message);
  g_assert_true (g_file_test (blocker_file, G_FILE_TEST_IS_REGULAR));

  /* A folder that does not exist. */
  g_clear_error (&error);
  {
    g_autofree char *nowhere = g_build_filename (dir, "missing", "plan.odt", NULL);

    g_assert_false (zona_odt_export (store, nowhere, NULL, &error));
    g_assert_error (error, ZONA_EXPORT_ERROR, ZONA_EXPORT_ERROR_WRITE);
  }

  extra = unexpected_files (dir, expected);
  if (extra != NULL)
    g_test_fail_printf ("files left behind in %s:%s", dir, extra);
  else
    rm_rf (dir);
}

static void
test_replaces_atomically (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autoptr(ZonaStore) store = build_sample (dir);
  g_autofree char *path = export_to (store, dir, "plan.odt");
  g_autofree char *first_content = read_part (path, "content.xml");
  g_autofree char *first_styles = read_part (path, "styles.xml");
  g_autofree char *second_content = NULL;
  g_autofree char *second_styles = NULL;
  g_autofree char *second_path = NULL;
  g_autofree char *extra = NULL;
  const char * const expected[] = { "sample.pdz", "plan.odt", NULL };
  GStatBuf st;

  /* The replaced file keeps its permissions. */
  g_assert_cmpint (g_chmod (path, 0640), ==, 0);
  second_path = export_to (store, dir, "plan.odt");
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0640);

  /* A readable zip again, and the same document for the same plan. */
  second_content = read_part (path, "content.xml");
  second_styles = read_part (path, "styles.xml");
  g_assert_cmpstr (first_content, ==, second_content);
  g_assert_cmpstr (first_styles, ==, second_styles);

  extra = unexpected_files (dir, expected);
  if (extra != NULL)
    g_test_fail_printf ("files left behind in %s:%s", dir, extra);
  else
    rm_rf (dir);
}

static void
test_escapes_text (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *pdz = g_build_filename (dir, "escapes.pdz", NULL);
  g_autofree char *path = NULL;
  g_autofree char *content = NULL;
  g_autofree char *meta = NULL;
  g_autofree char *styles = NULL;
  g_autoptr(ZonaStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) longtext = g_string_new (NULL);
  gint64 chapter, section, card, unknown, parent;

  store = zona_store_create (pdz, "2025-2027", &error);
  g_assert_no_error (error);

  g_assert_true (zona_store_set_meta (store, "title", "Piano <di> Zona & \"amici\" 'tutti'", &error));
  g_assert_true (zona_store_set_meta (store, "ambito", "Ambito  con\tspazi", &error));
  g_assert_true (zona_store_set_meta (store, "ente_capofila", "Ente <capofila> & co.", &error));
  g_assert_true (zona_store_set_meta (store, "cycle", "2025-2027", &error));
  g_assert_no_error (error);

  chapter = zona_store_add_chapter (store, 0, "esiti", "Cap 1. <Esiti> & \"risultati\"", &error);
  g_assert_no_error (error);
  section = zona_store_add_chapter (store, chapter, NULL, "1.1  Due\tspazi", &error);
  g_assert_no_error (error);

  zona_store_add_paragraph (store, chapter,
                            "  Inizia con spazi <&>\"' e\ttab,   tre spazi,\nuna riga nuova,"
                            "\n\nun nuovo paragrafo, finisce con spazi   ", &error);
  g_assert_no_error (error);
  zona_store_add_paragraph (store, chapter, "\n\n\nsolo a capo\r\nWindows\rMac\x01\x1f caratteri di controllo\t", &error);
  g_assert_no_error (error);
  zona_store_add_paragraph (store, chapter, "", &error);
  g_assert_no_error (error);
  while (longtext->len < 3000)
    g_string_append (longtext, "Testo lungo <con> & segni \"speciali\" e  spazi doppi. ");
  g_string_truncate (longtext, 3000);
  zona_store_add_paragraph (store, section, longtext->str, &error);
  g_assert_no_error (error);

  card = zona_store_add_card (store, section, "valutazione-output", "Scheda <A> & \"B\"", &error);
  g_assert_no_error (error);
  g_assert_true (zona_store_set_field (store, card, "descrizione", "Descrizione\tcon <tag>\n\ne paragrafo", &error));
  g_assert_true (zona_store_set_field (store, card, "grado", "60", &error));
  g_assert_true (zona_store_set_field (store, card, "grado_note", "Nota  <1>\nriga 2\n\nparagrafo 2", &error));
  g_assert_true (zona_store_set_field (store, card, "valutazione_utenti_note", "  Solo la nota & niente scelta", &error));
  g_assert_true (zona_store_set_field (store, card, "campo_sconosciuto", "Valore <fuori> dal modello", &error));
  g_assert_no_error (error);

  /* A card type the template does not know, and one with no title. */
  unknown = zona_store_add_card (store, section, "tipo-sconosciuto", "Scheda ignota <?>", &error);
  g_assert_no_error (error);
  g_assert_true (zona_store_set_field (store, unknown, "zeta", "ultimo", &error));
  g_assert_true (zona_store_set_field (store, unknown, "alfa", "primo & <unico>", &error));
  g_assert_no_error (error);
  zona_store_add_card (store, section, "tipo-vuoto", NULL, &error);
  g_assert_no_error (error);

  /* Deeper than ODF's ten outline levels. */
  parent = section;
  for (int depth = 3; depth <= 12; depth++)
    {
      g_autofree char *t = g_strdup_printf ("Livello %d", depth);

      parent = zona_store_add_chapter (store, parent, NULL, t, &error);
      g_assert_no_error (error);
    }

  path = export_to (store, dir, "escapes.odt");
  assert_valid_odf (path);

  content = read_part (path, "content.xml");
  meta = read_part (path, "meta.xml");
  styles = read_part (path, "styles.xml");

  /* Escaped by libxml2, white space in ODF elements. */
  g_assert_nonnull (strstr (content, "Piano &lt;di&gt; Zona &amp; &quot;amici&quot; 'tutti'"));
  g_assert_nonnull (strstr (content, "Cap 1. &lt;Esiti&gt; &amp; &quot;risultati&quot;"));
  g_assert_nonnull (strstr (content, "<text:s text:c=\"2\"/>Inizia con spazi &lt;&amp;&gt;&quot;' e<text:tab/>tab, <text:s text:c=\"2\"/>tre"));
  g_assert_nonnull (strstr (content, "spazi,<text:line-break/>una riga nuova,</text:p>"));
  g_assert_nonnull (strstr (content, ">un nuovo paragrafo, finisce con spazi<text:s text:c=\"3\"/></text:p>"));
  g_assert_nonnull (strstr (content, "solo a capo<text:line-break/>Windows<text:line-break/>Mac caratteri"));
  g_assert_null (strstr (content, "\x01"));
  g_assert_nonnull (strstr (content, "1.1 <text:s/>Due<text:tab/>spazi"));
  g_assert_nonnull (strstr (content, "60%"));
  g_assert_nonnull (strstr (content, ">Note: </text:span>Nota <text:s/>&lt;1&gt;<text:line-break/>riga 2</text:p>"));
  g_assert_nonnull (strstr (content, ">Metodo e risultati: </text:span><text:s text:c=\"2\"/>Solo la nota &amp;"));
  g_assert_nonnull (strstr (content, "Valore &lt;fuori&gt; dal modello"));
  g_assert_nonnull (strstr (content, "text:outline-level=\"10\">Livello 11<"));
  g_assert_nonnull (strstr (content, "text:outline-level=\"10\">Livello 12<"));
  g_assert_null (strstr (content, "text:outline-level=\"11\""));
  /* Unknown card type: its fields sorted by key. */
  g_assert_nonnull (strstr (content, "Scheda ignota &lt;?&gt;"));
  g_assert_true (strstr (content, ">alfa<") < strstr (content, ">zeta<"));
  g_assert_nonnull (strstr (content, "primo &amp; &lt;unico&gt;"));
  g_assert_nonnull (strstr (meta, "<dc:title>Piano &lt;di&gt; Zona &amp; &quot;amici&quot; 'tutti'</dc:title>"));
  g_assert_nonnull (strstr (styles, "Piano &lt;di&gt; Zona &amp; &quot;amici&quot; 'tutti'"));

  rm_rf (dir);
}

static ZonaSpan *
span_new (int           start,
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

/* Headings, nested bulleted and numbered lists, overlapping bold and italic,
 * a link and a footnote: valid ODF with real lists, links and notes. */
static void
test_rich_text (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *pdz = g_build_filename (dir, "rich.pdz", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(ZonaStore) store = zona_store_create (pdz, "2025-2027", &error);
  g_autoptr(GPtrArray) spans = g_ptr_array_new_with_free_func ((GDestroyNotify) zona_span_free);
  g_autofree char *odt = NULL;
  g_autofree char *content = NULL;
  gint64 chapter, para;
  const char *text = "Il Piano di Zona è approvato dall'Assemblea.";

  g_assert_no_error (error);
  chapter = zona_store_add_chapter (store, 0, "premessa", "Premessa", &error);
  g_assert_cmpint (zona_store_add_block (store, chapter, ZONA_BLOCK_HEADING, 1, "Contesto", NULL, &error), >, 0);
  para = zona_store_add_block (store, chapter, ZONA_BLOCK_PARAGRAPH, 0, text, NULL, &error);
  g_ptr_array_add (spans, span_new (3, 17, ZONA_SPAN_BOLD, NULL));          /* "Piano di Zona " */
  g_ptr_array_add (spans, span_new (9, 28, ZONA_SPAN_ITALIC, NULL));        /* overlaps bold */
  g_ptr_array_add (spans, span_new (32, 43, ZONA_SPAN_LINK, "https://www.regione.lombardia.it/"));
  g_ptr_array_add (spans, span_new (44, 44, ZONA_SPAN_FOOTNOTE, "DGR XII/2167 del 15/04/2024."));
  g_assert_true (zona_store_set_block_text (store, para, text, spans, &error));
  g_assert_no_error (error);
  zona_store_add_block (store, chapter, ZONA_BLOCK_BULLET, 0, "Comuni", NULL, &error);
  zona_store_add_block (store, chapter, ZONA_BLOCK_BULLET, 1, "Casalasco", NULL, &error);
  zona_store_add_block (store, chapter, ZONA_BLOCK_BULLET, 1, "Viadanese", NULL, &error);
  zona_store_add_block (store, chapter, ZONA_BLOCK_BULLET, 0, "ATS e ASST", NULL, &error);
  zona_store_add_block (store, chapter, ZONA_BLOCK_NUMBERED, 0, "Prima fase", NULL, &error);
  zona_store_add_block (store, chapter, ZONA_BLOCK_NUMBERED, 0, "Seconda fase", NULL, &error);
  zona_store_add_paragraph (store, chapter, "Fine.", &error);
  g_assert_no_error (error);

  odt = export_to (store, dir, "rich.odt");
  assert_valid_odf (odt);
  content = read_part (odt, "content.xml");
  g_assert_nonnull (strstr (content, "<text:list text:style-name=\"L_Bullet\">"));
  g_assert_nonnull (strstr (content, "<text:list text:style-name=\"L_Numbered\">"));
  /* The second level nests inside the first item. */
  g_assert_nonnull (strstr (content, "<text:p text:style-name=\"List_20_Contents\">Comuni</text:p>"
                                     "<text:list><text:list-item>"));
  g_assert_nonnull (strstr (content, "xlink:href=\"https://www.regione.lombardia.it/\""));
  g_assert_nonnull (strstr (content, "<text:note text:id=\"ftn1\" text:note-class=\"footnote\">"));
  g_assert_nonnull (strstr (content, "DGR XII/2167 del 15/04/2024."));
  g_assert_nonnull (strstr (content, "<text:span text:style-name=\"T_BoldItalic\">di Zona<text:s/></text:span>"));
  g_assert_nonnull (strstr (content, "text:outline-level=\"2\""));
  rm_rf (dir);
}

/* An office's own template, as an office suite writes one: Letter paper, a
 * dark red Heading 1, and LibreOffice's own markup beside the ODF. */
static const char *HOUSE_STYLES =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
  "<office:document-styles xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\""
  " xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\""
  " xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\""
  " xmlns:fo=\"urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0\""
  " xmlns:loext=\"urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0\""
  " office:version=\"1.3\">"
  "<office:styles>"
  "<style:style style:name=\"Standard\" style:family=\"paragraph\" style:class=\"text\"/>"
  "<style:style style:name=\"Heading_20_1\" style:display-name=\"Heading 1\" style:family=\"paragraph\""
  " style:parent-style-name=\"Standard\" style:default-outline-level=\"1\" style:class=\"text\">"
  "<style:text-properties fo:color=\"#8b0000\" fo:font-size=\"20pt\" fo:font-weight=\"bold\""
  " loext:opacity=\"100%\"/></style:style>"
  "</office:styles>"
  "<office:automatic-styles><style:page-layout style:name=\"pm1\">"
  "<style:page-layout-properties fo:page-width=\"21.59cm\" fo:page-height=\"27.94cm\""
  " fo:margin-top=\"2.54cm\" fo:margin-bottom=\"2.54cm\" fo:margin-left=\"3cm\" fo:margin-right=\"3cm\"/>"
  "<loext:graphic-properties/></style:page-layout></office:automatic-styles>"
  "<office:master-styles><style:master-page style:name=\"Standard\" style:page-layout-name=\"pm1\"/>"
  "</office:master-styles></office:document-styles>";

static void
write_house_ott (const char *path)
{
  g_autoptr(GError) error = NULL;
  GsfOutput *sink = gsf_output_stdio_new (path, &error);
  GsfOutfile *zip;
  GsfOutput *child, *dir;
  const char *mime = "application/vnd.oasis.opendocument.text-template";
  const char *content = "<?xml version=\"1.0\"?><office:document-content "
    "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" office:version=\"1.3\">"
    "<office:body><office:text/></office:body></office:document-content>";
  const char *manifest = "<?xml version=\"1.0\"?><manifest:manifest "
    "xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.3\">"
    "<manifest:file-entry manifest:full-path=\"/\" manifest:version=\"1.3\" "
    "manifest:media-type=\"application/vnd.oasis.opendocument.text-template\"/>"
    "<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>"
    "<manifest:file-entry manifest:full-path=\"styles.xml\" manifest:media-type=\"text/xml\"/>"
    "</manifest:manifest>";

  g_assert_no_error (error);
  zip = gsf_outfile_zip_new (sink, &error);
  g_assert_no_error (error);
  child = gsf_outfile_new_child_full (zip, "mimetype", FALSE, "compression-level", GSF_ZIP_STORED, NULL);
  gsf_output_write (child, strlen (mime), (const guint8 *) mime);
  gsf_output_close (child);
  g_object_unref (child);
  child = gsf_outfile_new_child (zip, "content.xml", FALSE);
  gsf_output_write (child, strlen (content), (const guint8 *) content);
  gsf_output_close (child);
  g_object_unref (child);
  child = gsf_outfile_new_child (zip, "styles.xml", FALSE);
  gsf_output_write (child, strlen (HOUSE_STYLES), (const guint8 *) HOUSE_STYLES);
  gsf_output_close (child);
  g_object_unref (child);
  dir = gsf_outfile_new_child (zip, "META-INF", TRUE);
  child = gsf_outfile_new_child (GSF_OUTFILE (dir), "manifest.xml", FALSE);
  gsf_output_write (child, strlen (manifest), (const guint8 *) manifest);
  gsf_output_close (child);
  g_object_unref (child);
  gsf_output_close (dir);
  g_object_unref (dir);
  gsf_output_close (GSF_OUTPUT (zip));
  g_object_unref (zip);
  g_object_unref (sink);
}

static void
test_house_template (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *ott = g_build_filename (dir, "casa.ott", NULL);
  g_autofree char *odt = g_build_filename (dir, "piano.odt", NULL);
  g_autofree char *pdf = g_build_filename (dir, "piano.pdf", NULL);
  g_autoptr(ZonaStore) store = build_sample (dir);
  g_autoptr(GError) error = NULL;
  g_autofree char *styles = NULL;
  g_autofree char *soffice = g_find_program_in_path ("soffice");
  g_autofree char *pdfinfo = g_find_program_in_path ("pdfinfo");

  write_house_ott (ott);
  g_assert_true (zona_odt_export_full (store, odt, ott, NULL, &error));
  g_assert_no_error (error);
  assert_valid_odf (odt);

  styles = read_part (odt, "styles.xml");
  /* the house's paper and heading … */
  g_assert_nonnull (strstr (styles, "fo:page-width=\"21.59cm\""));
  g_assert_null (strstr (styles, "fo:page-width=\"21cm\""));
  g_assert_nonnull (strstr (styles, "fo:color=\"#8b0000\""));
  /* … our styles where the house has none, and no foreign markup */
  g_assert_nonnull (strstr (styles, "style:name=\"Card_20_Title\""));
  g_assert_nonnull (strstr (styles, "style:name=\"Contents_20_1\""));
  g_assert_null (strstr (styles, "loext:opacity"));
  g_assert_null (strstr (styles, "<loext:"));

  /* LibreOffice lays the pages out on Letter paper (612 x 792 pt). */
  if (soffice != NULL && pdfinfo != NULL)
    {
      g_autofree char *profile = g_build_filename (dir, "lo", NULL);
      g_autofree char *uri = g_filename_to_uri (profile, NULL, NULL);
      g_autofree char *arg = g_strconcat ("-env:UserInstallation=", uri, NULL);
      g_autofree char *output = NULL;
      const char *convert[] = { soffice, "--headless", arg, "--convert-to", "pdf", "--outdir", dir, odt, NULL };
      const char *info[] = { pdfinfo, pdf, NULL };

      g_assert_cmpint (run (convert, &output), ==, 0);
      g_clear_pointer (&output, g_free);
      g_assert_cmpint (run (info, &output), ==, 0);
      if (strstr (output, "612 x 792 pts") == NULL)
        g_test_fail_printf ("the PDF is not on Letter paper:\n%s", output);
    }

  /* A file that is not a template is refused, and nothing is written. */
  g_assert_false (zona_odt_export_full (store, odt, pdf, NULL, &error));
  g_assert_error (error, ZONA_EXPORT_ERROR, ZONA_EXPORT_ERROR_TEMPLATE);
  rm_rf (dir);
}

/* A total row's cell left empty is exported as the sum of the rows above. */
static void
test_computed_total (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "totali.pdz", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(ZonaStore) store = zona_plan_new (path, "2021-2023", "Piano di prova", &error);
  g_autoptr(GPtrArray) chapters = NULL;
  g_autoptr(ZonaDataTable) table = NULL;
  g_autofree char *odt = NULL;
  g_autofree char *content = NULL;
  const char *cells[3][2] = { { "FNPS", "853.655,04 €" }, { "FNA", "410.812,14 €" }, { "TOTALI", NULL } };
  gint64 id, cols[2], row;

  g_assert_no_error (error);
  id = zona_plan_data_add_table (store, NULL, "Fondi 2020", NULL, NULL, NULL, &error);
  cols[0] = zona_plan_data_add_column (store, id, -1, "Fondo", ZONA_COLUMN_TEXT, NULL, &error);
  cols[1] = zona_plan_data_add_column (store, id, -1, "2020", ZONA_COLUMN_MONEY, NULL, &error);
  for (guint r = 0; r < 3; r++)
    {
      row = zona_plan_data_add_row (store, id, -1, r == 2, &error);
      for (guint c = 0; c < 2; c++)
        g_assert_true (zona_plan_data_set_cell (store, row, cols[c], cells[r][c], &error));
    }
  g_assert_no_error (error);
  table = zona_plan_data_get_table (store, id);
  chapters = zona_store_list_chapters (store, 0);
  g_assert_cmpint (zona_store_add_block (store, ((ZonaChapter *) chapters->pdata[0])->id,
                                         ZONA_BLOCK_TABLE, 0, NULL, table->uid, &error), >, 0);

  odt = export_to (store, dir, "totali.odt");
  content = read_part (odt, "content.xml");
  /* 853.655,04 + 410.812,14, as a figure and as the text printed */
  g_assert_nonnull (strstr (content, "office:value=\"1264467.18\""));
  g_assert_nonnull (strstr (content, "1.264.467,18 €"));
  g_clear_object (&store);
  rm_rf (dir);
}

/* A plan with one meeting: the annex of the meeting records, valid, and in
 * LibreOffice's PDF text with the date written the Italian way. */
static void
test_meetings_annex (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "verbali.pdz", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(ZonaStore) store = zona_plan_new (path, "2021-2023", "Piano di prova", &error);
  g_autoptr(GPtrArray) chapters = NULL;
  g_autofree char *odt = NULL;
  g_autofree char *content = NULL;
  g_autofree char *soffice = g_find_program_in_path ("soffice");
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  gint64 card, actor, other, meeting;

  g_assert_no_error (error);
  chapters = zona_store_list_chapters (store, 0);
  card = zona_store_add_card (store, ((ZonaChapter *) chapters->pdata[0])->id,
                              "valutazione-output", "Sostegno all'abitare", &error);
  g_assert_no_error (error);
  actor = zona_plan_data_add_actor (store, ZONA_ACTOR_COMUNE, "Comune di Casalpusterlengo",
                                    NULL, NULL, NULL, &error);
  other = zona_plan_data_add_actor (store, ZONA_ACTOR_TERZO_SETTORE, "Cooperativa Il Mosaico",
                                    NULL, NULL, NULL, &error);
  meeting = zona_meeting_add (store, "2024-03-12", "Tavolo fragilità abitativa", &error);
  g_assert_no_error (error);
  g_assert_true (zona_meeting_add_attendee (store, meeting, actor, &error));
  g_assert_true (zona_meeting_add_attendee (store, meeting, other, &error));
  g_assert_true (zona_meeting_set_card_note (store, meeting, card,
                                             "Da integrare con i dati dell'ALER", &error));
  g_assert_true (zona_meeting_set_decisions (store, meeting,
                                             "Il tavolo approva la scheda con le integrazioni.",
                                             &error));
  g_assert_no_error (error);

  odt = export_to (store, dir, "verbali.odt");
  assert_valid_odf (odt);
  content = read_part (odt, "content.xml");
  g_assert_nonnull (strstr (content, "Allegato – Verbali degli incontri dei tavoli"));
  g_assert_nonnull (strstr (content, "12/03/2024"));

  if (soffice == NULL || pdftotext == NULL)
    {
      g_test_skip ("needs soffice (libreoffice-writer-nogui) and pdftotext (poppler-utils)");
      rm_rf (dir);
      return;
    }
  {
    g_autofree char *profile = g_build_filename (dir, "lo", NULL);
    g_autofree char *profile_uri = g_filename_to_uri (profile, NULL, &error);
    g_autofree char *profile_arg = g_strconcat ("-env:UserInstallation=", profile_uri, NULL);
    g_autofree char *pdf = g_build_filename (dir, "verbali.pdf", NULL);
    g_autofree char *txt = g_build_filename (dir, "verbali.txt", NULL);
    g_autofree char *output = NULL;
    g_autofree char *text = NULL;
    g_autofree char *haystack = NULL;
    const char *convert[] = { soffice, "--headless", profile_arg, "--convert-to", "pdf",
                              "--outdir", dir, odt, NULL };
    const char *to_text[] = { pdftotext, pdf, txt, NULL };
    const char *expected[] = {
      "Allegato – Verbali degli incontri dei tavoli", "12/03/2024", "Tavolo fragilità abitativa",
      "Comune di Casalpusterlengo", "Cooperativa Il Mosaico", "Sostegno all'abitare",
      "Da integrare con i dati dell'ALER", "Il tavolo approva la scheda con le integrazioni.",
    };

    g_assert_no_error (error);
    if (run (convert, &output) != 0 || !g_file_test (pdf, G_FILE_TEST_EXISTS))
      {
        g_test_fail_printf ("soffice could not convert %s:\n%s", odt, output);
        return;
      }
    g_clear_pointer (&output, g_free);
    g_assert_cmpint (run (to_text, &output), ==, 0);
    g_assert_true (g_file_get_contents (txt, &text, NULL, NULL));
    haystack = normalize (text);
    for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
      {
        g_autofree char *needle = normalize (expected[i]);
        if (strstr (haystack, needle) == NULL)
          g_test_fail_printf ("missing from the PDF text: “%s”; text in %s", expected[i], txt);
      }
    if (!g_test_failed ())
      rm_rf (dir);
  }
}

int
main (int   argc,
      char *argv[])
{
  /* A real locale, as in the app: the export must not depend on it. */
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/export/sample-valid", test_sample_valid);
  g_test_add_func ("/export/sample-libreoffice-text", test_sample_libreoffice_text);
  g_test_add_func ("/export/every-card-type-2025", test_every_card_type_2025);
  g_test_add_func ("/export/keeps-earlier-file-on-failure", test_keeps_earlier_file_on_failure);
  g_test_add_func ("/export/replaces-atomically", test_replaces_atomically);
  g_test_add_func ("/export/escapes-text", test_escapes_text);
  g_test_add_func ("/export/rich-text", test_rich_text);
  g_test_add_func ("/export/house-template", test_house_template);
  g_test_add_func ("/export/computed-total", test_computed_total);
  g_test_add_func ("/export/meetings-annex", test_meetings_annex);

  return g_test_run ();
}
