/* test-csv.c: CSV files as Italian offices write them, bad files, import and paste
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The samples are the tables of domain.md §5 (Oglio Po, Lodi, Crema), written
 * the way Excel and LibreOffice save them from an Italian desktop.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "model/zona-csv.h"
#include "model/zona-store.h"
#include "model/zona-plan-data.h"

/* ---- helpers ---------------------------------------------------------- */

static ZonaCsvPreview *
read_text (const char            *text,
           gssize                 len,
           const ZonaCsvOptions  *options,
           GError               **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, len < 0 ? strlen (text) : (gsize) len);
  return zona_csv_read (bytes, options, error);
}

static ZonaCsvPreview *
read_ok (const char *text)
{
  g_autoptr(GError) error = NULL;
  ZonaCsvPreview *preview = read_text (text, -1, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (preview);
  return preview;
}

static const char *
cell (const ZonaCsvPreview *preview,
      guint                 row,
      guint                 column)
{
  g_assert_cmpuint (row, <, preview->rows->len);
  g_assert_cmpuint (column, <, preview->n_columns);
  return ((char **) g_ptr_array_index (preview->rows, row))[column];
}

typedef struct {
  char      *dir;
  char      *path;
  ZonaStore *store;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("zona-csv-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "plan.pdz", NULL);
  f->store = zona_store_create (f->path, "2021-2023", &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) d = NULL;
  const char *name;

  g_clear_object (&f->store);
  d = g_dir_open (f->dir, 0, NULL);
  while (d && (name = g_dir_read_name (d)))
    {
      g_autofree char *p = g_build_filename (f->dir, name, NULL);
      g_unlink (p);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

/* ---- reading ---------------------------------------------------------- */

/* Lodi's households (§5.4) as Excel saves them: ";" and CRLF, decimal commas,
 * thousands dots. */
static void
test_semicolon_crlf_numbers (void)
{
  g_autoptr(ZonaCsvPreview) p =
    read_ok ("Anno;Famiglie (n.);Componenti medi\r\n"
             "2010;96.462;2,44\r\n"
             "2011;97.618;2,37\r\n"
             "2019;101.631;2,28\r\n");

  g_assert_cmpint (p->delimiter, ==, ';');
  g_assert_cmpint (p->encoding, ==, ZONA_CSV_ENCODING_UTF8);
  g_assert_true (p->has_header);
  g_assert_cmpuint (p->n_columns, ==, 3);
  g_assert_cmpstr (p->column_names[0], ==, "Anno");
  g_assert_cmpstr (p->column_names[1], ==, "Famiglie (n.)");
  g_assert_cmpstr (p->column_names[2], ==, "Componenti medi");
  g_assert_cmpint (p->column_types[0], ==, ZONA_COLUMN_INTEGER);
  g_assert_cmpint (p->column_types[1], ==, ZONA_COLUMN_INTEGER);   /* thousands dots */
  g_assert_cmpint (p->column_types[2], ==, ZONA_COLUMN_DECIMAL);   /* decimal commas */
  g_assert_cmpuint (p->rows->len, ==, 3);
  /* kept as written: no "\r", no reformatting */
  g_assert_cmpstr (cell (p, 0, 1), ==, "96.462");
  g_assert_cmpstr (cell (p, 2, 2), ==, "2,28");
}

/* Quoted fields with ";", doubled quotes and line breaks; a ragged row after
 * them is named by the row a spreadsheet shows, not by the line of the file. */
static void
test_quoted_fields (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ZonaCsvPreview) p =
    read_ok ("Servizio;Ente;Note\n"
             "\"Asilo nido; sezione primavera\";Comune di Lodi;\"Aperto \"\"tutto\"\" l'anno\"\n"
             "SAD;\"Azienda Speciale\r\nConsortile\";\"prima riga\nseconda riga\"\n"
             "CDD;ASST;\n");
  g_autoptr(ZonaCsvPreview) bad = NULL;

  g_assert_cmpint (p->delimiter, ==, ';');
  g_assert_cmpuint (p->n_columns, ==, 3);
  g_assert_cmpuint (p->rows->len, ==, 3);
  g_assert_cmpstr (cell (p, 0, 0), ==, "Asilo nido; sezione primavera");
  g_assert_cmpstr (cell (p, 0, 2), ==, "Aperto \"tutto\" l'anno");
  g_assert_cmpstr (cell (p, 1, 1), ==, "Azienda Speciale\nConsortile");
  g_assert_cmpstr (cell (p, 1, 2), ==, "prima riga\nseconda riga");
  g_assert_cmpstr (cell (p, 2, 2), ==, "");

  /* Rows 1-3 take five lines; row 4 is the bad one. */
  bad = read_text ("a;b;c\n1;\"x\ny\";3\n4;5;\"p\nq\"\n6;7;8;9\n10;11;12\n", -1, NULL, &error);
  g_assert_null (bad);
  g_assert_error (error, ZONA_CSV_ERROR, ZONA_CSV_ERROR_RAGGED);
  g_assert_nonnull (strstr (error->message, "Row 4 "));
}

/* "Città" written by an old Excel: ISO-8859-1 / Windows-1252 bytes. */
static void
test_latin1 (void)
{
  g_autoptr(ZonaCsvPreview) p =
    read_ok ("Citt\340;Popolazione;Densit\340 (ab./kmq)\n"
             "Lodi;45.000;1.080,5\n"
             "Sant'Angelo Lodigiano;13.000;652,3\n"
             "Totale;58.000;\200 0\n");

  g_assert_cmpint (p->encoding, ==, ZONA_CSV_ENCODING_WINDOWS_1252);
  g_assert_cmpstr (p->column_names[0], ==, "Città");
  g_assert_cmpstr (p->column_names[2], ==, "Densità (ab./kmq)");
  g_assert_cmpstr (cell (p, 2, 2), ==, "€ 0");    /* 0x80 is "€" in Windows-1252 */
  g_assert_true (p->row_is_total[2]);
}

static void
test_utf8_bom (void)
{
  g_autoptr(ZonaCsvPreview) p =
    read_ok ("\357\273\277Comune;Residenti\nBozzolo;3982\nCittà;15127\n");

  g_assert_cmpint (p->encoding, ==, ZONA_CSV_ENCODING_UTF8_BOM);
  g_assert_cmpstr (p->column_names[0], ==, "Comune");    /* no BOM glued to it */
  g_assert_cmpstr (cell (p, 1, 0), ==, "Città");
  g_assert_cmpint (p->column_types[1], ==, ZONA_COLUMN_INTEGER);
}

/* Excel's "Unicode text": UTF-16LE with a BOM, TAB-separated. */
static void
test_utf16 (void)
{
  const char *utf8 = "Comune\tResidenti\nCittà\t1.234\n";
  g_autofree char *utf16 = NULL;
  g_autoptr(GString) bytes = g_string_new_len ("\377\376", 2);
  g_autoptr(ZonaCsvPreview) p = NULL;
  gsize written = 0;

  utf16 = g_convert (utf8, -1, "UTF-16LE", "UTF-8", NULL, &written, NULL);
  g_assert_nonnull (utf16);
  g_string_append_len (bytes, utf16, written);
  {
    g_autoptr(GError) error = NULL;
    p = read_text (bytes->str, bytes->len, NULL, &error);
    g_assert_no_error (error);
  }
  g_assert_cmpint (p->encoding, ==, ZONA_CSV_ENCODING_UTF16);
  g_assert_cmpint (p->delimiter, ==, '\t');
  g_assert_cmpstr (cell (p, 0, 0), ==, "Città");
}

static void
test_header_detection (void)
{
  /* Crema's budget: years over amounts */
  g_autoptr(ZonaCsvPreview) budget =
    read_ok ("Budget;2015;2016;2017\n"
             "1) Osservatorio;€ 15.000,00;€ 15.000,00;€ 15.000,00\n"
             "7) Gestione associata;€ 3.743.666,23;€ 5.543.666,23;€ 6.543.666,23\n"
             "Totale;€ 5.265.488,22;€ 7.065.488,22;€ 8.065.488,22\n");
  /* no header: every row is data */
  g_autoptr(ZonaCsvPreview) data = read_ok ("2010;96.462;2,44\n2011;97.618;2,37\n");
  /* Lodi's age bands: the first header cell is empty */
  g_autoptr(ZonaCsvPreview) bands =
    read_ok (";<3;0-14;totale\nanno 2018;8.211;33.214;236.674\nanno 2019;7.796;32.451;234.360\n");
  ZonaCsvOptions forced = { 0, ZONA_CSV_HEADER_NO };
  g_autoptr(ZonaCsvPreview) forced_no = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (budget->has_header);
  g_assert_cmpstr (budget->column_names[1], ==, "2015");
  g_assert_cmpint (budget->column_types[1], ==, ZONA_COLUMN_MONEY);
  g_assert_true (budget->row_is_total[2]);

  g_assert_false (data->has_header);
  g_assert_cmpuint (data->rows->len, ==, 2);
  g_assert_cmpstr (data->column_names[0], ==, "Column 1");
  g_assert_cmpint (data->column_types[2], ==, ZONA_COLUMN_DECIMAL);

  g_assert_true (bands->has_header);
  g_assert_cmpstr (bands->column_names[0], ==, "Column 1");
  g_assert_cmpstr (bands->column_names[1], ==, "<3");

  forced_no = read_text ("Anno;Famiglie\n2010;96.462\n", -1, &forced, &error);
  g_assert_no_error (error);
  g_assert_false (forced_no->has_header);
  g_assert_cmpuint (forced_no->rows->len, ==, 2);
  g_assert_cmpint (forced_no->column_types[1], ==, ZONA_COLUMN_TEXT);
}

static void
test_other_separators (void)
{
  g_autoptr(ZonaCsvPreview) comma =
    read_ok ("Comune,Residenti,Quota\nBozzolo,3982,\"11,76%\"\nVoltido,337,\"0,4%\"\n");
  g_autoptr(ZonaCsvPreview) tab =
    read_ok ("Comune\tResidenti\tDensità\nBozzolo\t3.982\t215,3\nVoltido\t337\t28,1\n");
  g_autoptr(ZonaCsvPreview) hint = read_ok ("sep=,\r\nA,B\r\n1,2\r\n");
  ZonaCsvOptions forced = { ',', ZONA_CSV_HEADER_AUTO };
  g_autoptr(ZonaCsvPreview) forced_comma = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (comma->delimiter, ==, ',');
  g_assert_cmpstr (cell (comma, 0, 2), ==, "11,76%");
  g_assert_cmpint (comma->column_types[2], ==, ZONA_COLUMN_PERCENTAGE);
  g_assert_cmpint (tab->delimiter, ==, '\t');
  g_assert_cmpint (tab->column_types[2], ==, ZONA_COLUMN_DECIMAL);
  g_assert_cmpint (hint->delimiter, ==, ',');
  g_assert_cmpuint (hint->n_columns, ==, 2);
  g_assert_cmpstr (hint->column_names[0], ==, "A");

  forced_comma = read_text ("a;b,c\n1;2,3\n", -1, &forced, &error);
  g_assert_no_error (error);
  g_assert_cmpint (forced_comma->delimiter, ==, ',');
  g_assert_cmpstr (forced_comma->column_names[0], ==, "a;b");
}

/* Lodi's funds (§5.4): "- €" for zero, empty cells, "n.p."; TOTALI. */
static void
test_missing_values_and_totals (void)
{
  g_autoptr(ZonaCsvPreview) p =
    read_ok ("FONDI;ANNO 2018;ANNO 2019;ANNO 2020;Quota\n"
             "Fondo Nazionale Politiche Sociali;853.655,04 €;892.785,46 €;892.502,05 €;17%\n"
             "Fondo Nazionale Politiche Sociali - Covid;- €;- €;371.681,72 €;n.p.\n"
             "L. 112 - Dopo di Noi*;;227.143,80 €;;-\n"
             "TOTALI;5.076.757,00 €;5.195.481,89 €;7.766.906,01 €;-7,84%\n");
  /* Oglio Po (§5.1): numbered rows, the total's label in the second column */
  g_autoptr(ZonaCsvPreview) oglio =
    read_ok (";COMUNE;TOTALE MASCHI n. 40832;TOTALE\n"
             "1;Bozzolo;1939;3982\n"
             "2;Calvatone;598;1159\n"
             ";TOTALE;40823;81981\n"
             ";Totalità dei comuni;0;0\n");

  g_assert_true (p->has_header);
  g_assert_cmpint (p->column_types[0], ==, ZONA_COLUMN_TEXT);
  for (guint c = 1; c <= 3; c++)
    g_assert_cmpint (p->column_types[c], ==, ZONA_COLUMN_MONEY);
  g_assert_cmpint (p->column_types[4], ==, ZONA_COLUMN_PERCENTAGE);
  g_assert_cmpstr (cell (p, 1, 1), ==, "- €");
  g_assert_cmpstr (cell (p, 1, 4), ==, "n.p.");
  g_assert_cmpstr (cell (p, 2, 1), ==, "");
  g_assert_false (p->row_is_total[0]);
  g_assert_true (p->row_is_total[3]);

  g_assert_true (oglio->has_header);
  g_assert_cmpstr (oglio->column_names[2], ==, "TOTALE MASCHI n. 40832");
  g_assert_false (oglio->row_is_total[0]);
  g_assert_true (oglio->row_is_total[2]);
  g_assert_false (oglio->row_is_total[3]);
}

static void
test_infer_types (void)
{
  const char *ints[] = { "3594", "1.071", "", "n.p.", "-12.906" };
  const char *decs[] = { "2,44", "1.234,5", "5.9", "3" };
  const char *pcts[] = { "7,99%", "13,33 %", "-0,77%", "-" };
  const char *money[] = { "€ 23.761,00", "2.500.000€", "- €", "853.655,04 €" };
  const char *text[] = { "2.500.00,00 euro", "12" };
  const char *dates[] = { "01/01/2021", "2018-2020" };
  const char *nothing[] = { "", "n.p.", "-" };

  g_assert_cmpint (zona_csv_infer_column_type (ints, G_N_ELEMENTS (ints)), ==, ZONA_COLUMN_INTEGER);
  g_assert_cmpint (zona_csv_infer_column_type (decs, G_N_ELEMENTS (decs)), ==, ZONA_COLUMN_DECIMAL);
  g_assert_cmpint (zona_csv_infer_column_type (pcts, G_N_ELEMENTS (pcts)), ==,
                   ZONA_COLUMN_PERCENTAGE);
  g_assert_cmpint (zona_csv_infer_column_type (money, G_N_ELEMENTS (money)), ==, ZONA_COLUMN_MONEY);
  g_assert_cmpint (zona_csv_infer_column_type (text, G_N_ELEMENTS (text)), ==, ZONA_COLUMN_TEXT);
  g_assert_cmpint (zona_csv_infer_column_type (dates, G_N_ELEMENTS (dates)), ==, ZONA_COLUMN_TEXT);
  g_assert_cmpint (zona_csv_infer_column_type (nothing, G_N_ELEMENTS (nothing)), ==,
                   ZONA_COLUMN_TEXT);

  g_assert_true (zona_csv_is_total_label ("TOTALE"));
  g_assert_true (zona_csv_is_total_label (" Totali "));
  g_assert_true (zona_csv_is_total_label ("Totale Ambito"));
  g_assert_false (zona_csv_is_total_label ("Totalità"));
  g_assert_false (zona_csv_is_total_label ("Subtotale"));
}

/* Spreadsheets leave empty columns at the right and empty rows between. */
static void
test_spreadsheet_leftovers (void)
{
  g_autoptr(ZonaCsvPreview) p =
    read_ok ("Comune;Residenti;;\n"
             "Bozzolo;3982;;\n"
             ";;;\n"
             "\n"
             "Voltido;337;;\n");

  g_assert_cmpuint (p->n_columns, ==, 2);
  g_assert_cmpuint (p->rows->len, ==, 2);
  g_assert_cmpstr (cell (p, 1, 0), ==, "Voltido");
}

/* ---- bad files ------------------------------------------------------- */

static void
test_binary (void)
{
  static const guint8 png[] = {
    0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
    0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89,
  };
  static const guint8 xlsx[] = { 'P', 'K', 3, 4, 20, 0, 6, 0, 8, 0, 0, 0, '!', 0 };
  g_autoptr(GByteArray) noise = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(ZonaCsvPreview) p = NULL;

  p = read_text ((const char *) png, sizeof png, NULL, &error);
  g_assert_null (p);
  g_assert_error (error, ZONA_CSV_ERROR, ZONA_CSV_ERROR_BINARY);
  g_assert_nonnull (strstr (error->message, "image"));
  g_clear_error (&error);

  p = read_text ((const char *) xlsx, sizeof xlsx, NULL, &error);
  g_assert_null (p);
  g_assert_error (error, ZONA_CSV_ERROR, ZONA_CSV_ERROR_BINARY);
  g_assert_nonnull (strstr (error->message, "spreadsheet"));
  g_clear_error (&error);

  /* no signature, no NUL, but mostly not text */
  for (guint i = 0; i < 4096; i++)
    {
      guint8 b = (guint8) (g_test_rand_int_range (1, 256));
      g_byte_array_append (noise, &b, 1);
    }
  p = read_text ((const char *) noise->data, noise->len, NULL, &error);
  g_assert_null (p);
  g_assert_error (error, ZONA_CSV_ERROR, ZONA_CSV_ERROR_BINARY);
}

static void
test_ragged (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ZonaCsvPreview) p = NULL;
  g_autoptr(ZonaCsvPreview) fine = NULL;

  p = read_text ("Comune;Maschi;Femmine\n"
                 "Bozzolo;1939;2043\n"
                 "Calvatone;598;561\n"
                 "Casalmaggiore;7554;7573\n"
                 "Voltido;172;165;337\n"
                 "Gussola;1384;1398\n", -1, NULL, &error);
  g_assert_null (p);
  g_assert_error (error, ZONA_CSV_ERROR, ZONA_CSV_ERROR_RAGGED);
  g_assert_cmpstr (error->message, ==, "Row 5 has 4 fields instead of 3");
  g_clear_error (&error);

  p = read_text ("a;b;c\n1;2;3\n4;5\n6;7;8\n", -1, NULL, &error);
  g_assert_null (p);
  g_assert_cmpstr (error->message, ==, "Row 3 has 2 fields instead of 3");
  g_clear_error (&error);

  /* a quote that never closes swallows the rest of the file */
  p = read_text ("a;b;c\n1;\"due;3\n4;5;6\n", -1, NULL, &error);
  g_assert_null (p);
  g_assert_error (error, ZONA_CSV_ERROR, ZONA_CSV_ERROR_UNCLOSED_QUOTE);
  g_assert_cmpstr (error->message, ==,
                   "Row 2, column 2: a quoted field starts here and is never closed");
  g_clear_error (&error);

  /* empty extra fields, and rows cut short where no row has anything, are fine */
  fine = read_text ("a;b;c\n1;2;3;\n4;5;6;;\n7;8;9\n", -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fine->n_columns, ==, 3);
  g_assert_cmpuint (fine->rows->len, ==, 3);
}

static void
test_too_large (void)
{
  gsize size = ZONA_CSV_MAX_BYTES + 1;
  char *data = g_malloc (size);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ZonaCsvPreview) p = NULL;
  gint64 start;

  for (gsize i = 0; i < size; i++)
    data[i] = (i % 16 == 15) ? '\n' : (i % 4 == 3 ? ';' : '1');
  bytes = g_bytes_new_take (data, size);
  start = g_get_monotonic_time ();
  p = zona_csv_read (bytes, NULL, &error);
  g_assert_null (p);
  g_assert_error (error, ZONA_CSV_ERROR, ZONA_CSV_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "too large"));
  /* refused on its size, without reading it */
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC / 10);
}

static void
test_too_many_rows (void)
{
  g_autoptr(GString) s = g_string_new ("Riga;Valore\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(ZonaCsvPreview) p = NULL;

  for (guint i = 0; i < ZONA_CSV_MAX_ROWS + 10; i++)
    g_string_append_printf (s, "%u;%u\n", i, i * 3);
  p = read_text (s->str, s->len, NULL, &error);
  g_assert_null (p);
  g_assert_error (error, ZONA_CSV_ERROR, ZONA_CSV_ERROR_TOO_LARGE);
}

static void
test_empty (void)
{
  const char *inputs[] = { "", "\n\n  \r\n", "\357\273\277", ";;;\n;;\n" };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(ZonaCsvPreview) p = read_text (inputs[i], -1, NULL, &error);

      g_assert_null (p);
      g_assert_error (error, ZONA_CSV_ERROR, ZONA_CSV_ERROR_EMPTY);
    }
}

/* ---- import and paste ------------------------------------------------- */

static guint
count_tables (ZonaStore *store)
{
  g_autoptr(GPtrArray) tables = zona_plan_data_list_tables (store);
  return tables->len;
}

static void
test_import_one_undo_step (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(ZonaCsvPreview) p =
    read_ok ("FONDI;ANNO 2019;ANNO 2020;Quota\r\n"
             "\"Fondo Nazionale Politiche Sociali\";892.785,46 €;892.502,05 €;17%\r\n"
             "\"Povertà; Reddito di Cittadinanza\";810.513,00 €;- €;n.p.\r\n"
             "TOTALI;1.703.298,46 €;892.502,05 €;\r\n");
  g_autoptr(ZonaTableContents) contents = NULL;
  g_autoptr(GError) error = NULL;
  guint before = count_tables (f->store);
  gint64 table_id = 0;

  /* an edit before, which the undo must leave alone */
  g_assert_cmpint (zona_plan_data_add_table (f->store, NULL, "Prima", NULL, NULL, NULL, &error),
                   >, 0);
  g_assert_no_error (error);

  g_assert_true (zona_csv_import (f->store, p, "Fondi per anno", &table_id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (table_id, >, 0);
  g_assert_cmpuint (count_tables (f->store), ==, before + 2);

  contents = zona_plan_data_get_table_contents (f->store, table_id);
  g_assert_cmpstr (contents->table->title, ==, "Fondi per anno");
  g_assert_cmpuint (contents->columns->len, ==, 4);
  {
    const ZonaDataColumn *c0 = g_ptr_array_index (contents->columns, 0);
    const ZonaDataColumn *c1 = g_ptr_array_index (contents->columns, 1);
    const ZonaDataColumn *c3 = g_ptr_array_index (contents->columns, 3);

    g_assert_cmpstr (c0->name, ==, "FONDI");
    g_assert_cmpint (c0->type, ==, ZONA_COLUMN_TEXT);
    g_assert_cmpstr (c1->name, ==, "ANNO 2019");
    g_assert_cmpint (c1->type, ==, ZONA_COLUMN_MONEY);
    g_assert_cmpint (c3->type, ==, ZONA_COLUMN_PERCENTAGE);
  }
  g_assert_cmpuint (contents->rows->len, ==, 3);
  {
    const ZonaDataRow *r1 = g_ptr_array_index (contents->rows, 1);
    const ZonaDataRow *r2 = g_ptr_array_index (contents->rows, 2);

    g_assert_false (r1->is_total);
    g_assert_cmpstr (g_ptr_array_index (r1->cells, 0), ==, "Povertà; Reddito di Cittadinanza");
    g_assert_cmpstr (g_ptr_array_index (r1->cells, 1), ==, "810.513,00 €");
    g_assert_cmpstr (g_ptr_array_index (r1->cells, 2), ==, "- €");
    g_assert_cmpstr (g_ptr_array_index (r1->cells, 3), ==, "n.p.");
    g_assert_true (r2->is_total);
    g_assert_null (g_ptr_array_index (r2->cells, 3));
  }

  /* one undo takes the whole import away, and only it */
  g_assert_true (zona_store_undo (f->store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_tables (f->store), ==, before + 1);
  g_assert_null (zona_plan_data_get_table (f->store, table_id));

  /* redo brings it back whole */
  g_assert_true (zona_store_redo (f->store, &error));
  g_assert_no_error (error);
  g_clear_pointer (&contents, zona_table_contents_free);
  contents = zona_plan_data_get_table_contents (f->store, table_id);
  g_assert_nonnull (contents);
  g_assert_cmpuint (contents->rows->len, ==, 3);
}

static char *
get_cell (ZonaStore *store,
          gint64     table_id,
          guint      row,
          guint      column)
{
  g_autoptr(ZonaTableContents) c = zona_plan_data_get_table_contents (store, table_id);
  const ZonaDataRow *r;

  g_assert_cmpuint (row, <, c->rows->len);
  r = g_ptr_array_index (c->rows, row);
  g_assert_cmpuint (column, <, r->cells->len);
  return g_strdup (g_ptr_array_index (r->cells, column));
}

static void
test_paste_block (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) columns = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  gint64 table, col_a, col_b, row_0, row_1;
  char *v;

  table = zona_plan_data_add_table (f->store, NULL, "Residenti", NULL, NULL, NULL, &error);
  col_a = zona_plan_data_add_column (f->store, table, -1, "Comune", ZONA_COLUMN_TEXT, NULL, &error);
  col_b = zona_plan_data_add_column (f->store, table, -1, "Maschi", ZONA_COLUMN_INTEGER, NULL,
                                     &error);
  row_0 = zona_plan_data_add_row (f->store, table, -1, FALSE, &error);
  row_1 = zona_plan_data_add_row (f->store, table, -1, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (zona_plan_data_set_cell (f->store, row_0, col_a, "Bozzolo", &error));
  g_assert_true (zona_plan_data_set_cell (f->store, row_1, col_a, "Calvatone", &error));
  g_assert_true (zona_plan_data_set_cell (f->store, row_1, col_b, "598", &error));

  /* 3 rows × 2 columns at row 1, column 1: one row and one column more */
  g_assert_true (zona_csv_paste (f->store, table, 1, 1,
                                 "561\t1.159\r\n7.573\t15.127\r\n\"165\"\t337\r\n", &error));
  g_assert_no_error (error);
  columns = zona_plan_data_list_columns (f->store, table);
  rows = zona_plan_data_list_rows (f->store, table);
  g_assert_cmpuint (columns->len, ==, 3);
  g_assert_cmpuint (rows->len, ==, 4);
  g_assert_cmpint (((ZonaDataColumn *) g_ptr_array_index (columns, 2))->type, ==, ZONA_COLUMN_TEXT);
  v = get_cell (f->store, table, 0, 0); g_assert_cmpstr (v, ==, "Bozzolo"); g_free (v);
  v = get_cell (f->store, table, 1, 0); g_assert_cmpstr (v, ==, "Calvatone"); g_free (v);
  v = get_cell (f->store, table, 1, 1); g_assert_cmpstr (v, ==, "561"); g_free (v);
  v = get_cell (f->store, table, 1, 2); g_assert_cmpstr (v, ==, "1.159"); g_free (v);
  v = get_cell (f->store, table, 2, 1); g_assert_cmpstr (v, ==, "7.573"); g_free (v);
  v = get_cell (f->store, table, 3, 1); g_assert_cmpstr (v, ==, "165"); g_free (v);
  v = get_cell (f->store, table, 3, 2); g_assert_cmpstr (v, ==, "337"); g_free (v);
  v = get_cell (f->store, table, 3, 0); g_assert_null (v);

  /* one undo: the old cell is back, the added row and column are gone */
  g_assert_true (zona_store_undo (f->store, &error));
  g_assert_no_error (error);
  g_clear_pointer (&columns, g_ptr_array_unref);
  g_clear_pointer (&rows, g_ptr_array_unref);
  columns = zona_plan_data_list_columns (f->store, table);
  rows = zona_plan_data_list_rows (f->store, table);
  g_assert_cmpuint (columns->len, ==, 2);
  g_assert_cmpuint (rows->len, ==, 2);
  v = get_cell (f->store, table, 1, 1); g_assert_cmpstr (v, ==, "598"); g_free (v);

  /* a one-column block with an empty cell empties the cell under it */
  g_assert_true (zona_csv_paste (f->store, table, 0, 0, "Bozzolo\n\nVoltido\n", &error));
  g_assert_no_error (error);
  v = get_cell (f->store, table, 1, 0); g_assert_null (v);
  v = get_cell (f->store, table, 2, 0); g_assert_cmpstr (v, ==, "Voltido"); g_free (v);

  /* a cell with a line break comes quoted from the spreadsheet */
  g_assert_true (zona_csv_paste (f->store, table, 0, 1, "\"Riga uno\nRiga due\"\tx", &error));
  v = get_cell (f->store, table, 0, 1); g_assert_cmpstr (v, ==, "Riga uno\nRiga due"); g_free (v);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/csv/semicolon-crlf-numbers", test_semicolon_crlf_numbers);
  g_test_add_func ("/csv/quoted-fields", test_quoted_fields);
  g_test_add_func ("/csv/latin1", test_latin1);
  g_test_add_func ("/csv/utf8-bom", test_utf8_bom);
  g_test_add_func ("/csv/utf16", test_utf16);
  g_test_add_func ("/csv/header-detection", test_header_detection);
  g_test_add_func ("/csv/other-separators", test_other_separators);
  g_test_add_func ("/csv/missing-values-and-totals", test_missing_values_and_totals);
  g_test_add_func ("/csv/infer-types", test_infer_types);
  g_test_add_func ("/csv/spreadsheet-leftovers", test_spreadsheet_leftovers);
  g_test_add_func ("/csv/bad/binary", test_binary);
  g_test_add_func ("/csv/bad/ragged", test_ragged);
  g_test_add_func ("/csv/bad/too-large", test_too_large);
  g_test_add_func ("/csv/bad/too-many-rows", test_too_many_rows);
  g_test_add_func ("/csv/bad/empty", test_empty);
  g_test_add ("/csv/import/one-undo-step", Fixture, NULL, fixture_setup,
              test_import_one_undo_step, fixture_teardown);
  g_test_add ("/csv/paste/block", Fixture, NULL, fixture_setup, test_paste_block,
              fixture_teardown);
  return g_test_run ();
}
