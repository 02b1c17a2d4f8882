/* zona-csv.h: CSV files and spreadsheet pastes into data tables
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reading copes with what Italian offices produce: ";" as separator (or ","
 * or TAB, detected), UTF-8 with or without BOM, Windows-1252/Latin-1,
 * UTF-16 with BOM (Excel's "Unicode text"), quoted fields holding
 * separators, quotes and line breaks, CRLF, an Excel "sep=;" first line, a
 * header row, "n.p." and "- €" cells, total rows. Parsing is libcsv's.
 *
 * Cells keep their text exactly as in the file ("853.655,04 €", "n.p."),
 * except that libcsv trims spaces and tabs around unquoted fields and line
 * breaks inside quoted fields become "\n". Rows are counted as a spreadsheet
 * shows them: the first line of the file is row 1.
 */
#pragma once

#include "zona-plan-data.h"

G_BEGIN_DECLS

#define ZONA_CSV_ERROR (zona_csv_error_quark ())

typedef enum {
  ZONA_CSV_ERROR_EMPTY,           /* nothing but blank lines */
  ZONA_CSV_ERROR_TOO_LARGE,       /* over ZONA_CSV_MAX_BYTES, or too many rows or columns */
  ZONA_CSV_ERROR_BINARY,          /* an image, a spreadsheet, a program: not text */
  ZONA_CSV_ERROR_ENCODING,        /* text in an encoding that could not be read */
  ZONA_CSV_ERROR_RAGGED,          /* a row with more or fewer fields than the others */
  ZONA_CSV_ERROR_UNCLOSED_QUOTE,  /* a quoted field that never ends */
  ZONA_CSV_ERROR_PARSE,           /* libcsv failed (out of memory) */
} ZonaCsvError;

GQuark zona_csv_error_quark (void);

/* Larger files are refused before anything is read. */
#define ZONA_CSV_MAX_BYTES   (10 * 1024 * 1024)
/* A plan's table holds at most this many rows and columns. */
#define ZONA_CSV_MAX_ROWS    2000
#define ZONA_CSV_MAX_COLUMNS 200

typedef enum {
  ZONA_CSV_HEADER_AUTO,
  ZONA_CSV_HEADER_YES,
  ZONA_CSV_HEADER_NO,
} ZonaCsvHeader;

typedef struct {
  char           delimiter;     /* ';', ',' or '\t'; 0 detects it */
  ZonaCsvHeader  header;
} ZonaCsvOptions;

typedef enum {
  ZONA_CSV_ENCODING_UTF8,
  ZONA_CSV_ENCODING_UTF8_BOM,
  ZONA_CSV_ENCODING_UTF16,
  ZONA_CSV_ENCODING_WINDOWS_1252,
} ZonaCsvEncoding;

typedef struct {
  char             delimiter;       /* the one used */
  ZonaCsvEncoding  encoding;        /* the one found */
  gboolean         has_header;      /* the first row gave the column names */
  guint            n_columns;
  GStrv            column_names;    /* n_columns names: the header's, or "Column 1"… */
  ZonaColumnType  *column_types;    /* n_columns inferred types */
  GPtrArray       *rows;            /* (element-type GStrv): n_columns cells each, "" when empty */
  gboolean        *row_is_total;    /* rows->len flags: first cell "TOTALE", "Totali"… */
} ZonaCsvPreview;

void            zona_csv_preview_free      (ZonaCsvPreview        *preview);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ZonaCsvPreview, zona_csv_preview_free)

/* Human names for the preview dialog: "Semicolon (;)", "Windows-1252 (Latin-1)". */
const char     *zona_csv_delimiter_name    (char                   delimiter);
const char     *zona_csv_encoding_name     (ZonaCsvEncoding        encoding);
/* "Whole number", "Amount (€)"…, for people. */
const char     *zona_csv_column_type_label (ZonaColumnType         type);

/* The type a column of these cells has: integer when every non-empty cell is a
 * whole number ("3594", "236.674"), decimal with decimal commas ("2,44"),
 * percentage with "%", money with "€", text otherwise. "n.p.", "-", "- €"
 * and empty cells are left out. */
ZonaColumnType  zona_csv_infer_column_type (const char * const    *cells,
                                            guint                  n_cells);
/* A row whose first non-empty cell (of the first two) says "Totale", "TOTALI"… */
gboolean        zona_csv_is_total_label    (const char            *cell);

ZonaCsvPreview *zona_csv_read              (GBytes                *bytes,
                                            const ZonaCsvOptions  *options,
                                            GError               **error);

/* Creates a table titled @title with the preview's columns and rows, in one
 * transaction and one undo step. */
gboolean        zona_csv_import            (ZonaStore             *store,
                                            const ZonaCsvPreview  *preview,
                                            const char            *title,
                                            gint64                *table_id_out,
                                            GError               **error);

/* Pastes TAB-separated text (a block copied from a spreadsheet) with its top
 * left cell at row @first_row, column @first_col (0-based positions), adding
 * rows and text columns as needed; empty cells of the block empty the cells
 * under them. One undo step. */
gboolean        zona_csv_paste             (ZonaStore             *store,
                                            gint64                 table_id,
                                            int                    first_row,
                                            int                    first_col,
                                            const char            *tsv_text,
                                            GError               **error);

G_END_DECLS
