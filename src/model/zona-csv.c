/* zona-csv.c: CSV files and spreadsheet pastes into data tables
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The text is decoded to UTF-8 first, then fed to libcsv one line at a time,
 * so that each record knows the line it started on (for error messages). The
 * separator is the candidate that splits a sample of the file into the most
 * rows of one same width.
 */
#define G_LOG_DOMAIN "zona-csv"

#include "config.h"

#include <csv.h>
#include <glib/gi18n.h>
#include <string.h>

#include "zona-csv.h"
#include "zona-value.h"

G_DEFINE_QUARK (zona-csv-error-quark, zona_csv_error)

/* libcsv's parser states (libcsv.c); only FIELD_BEGUN is looked at, to tell
 * a quoted field that never closes. */
#define LIBCSV_FIELD_BEGUN 2

/* How much of the file the separator is guessed from. */
#define SAMPLE_BYTES (64 * 1024)
/* A record this wide is garbage, not a table: stop collecting. */
#define MAX_FIELDS 10000

/* ---- decoding --------------------------------------------------------- */

static gboolean
has_prefix (const guint8 *data,
            gsize         len,
            const char   *prefix,
            gsize         prefix_len)
{
  return len >= prefix_len && memcmp (data, prefix, prefix_len) == 0;
}

/* Refuses what is plainly not a text file, naming what it looks like. */
static gboolean
check_not_binary (const guint8  *data,
                  gsize          len,
                  GError       **error)
{
  gsize n = MIN (len, SAMPLE_BYTES), control = 0, high = 0;
  gboolean nul = FALSE;

  if (has_prefix (data, len, "PK\003\004", 4) || has_prefix (data, len, "\320\317\021\340", 4))
    {
      g_set_error_literal (error, ZONA_CSV_ERROR, ZONA_CSV_ERROR_BINARY,
                           _("This is a spreadsheet or an office document, not a CSV file: "
                             "open it in its program and save it as CSV"));
      return FALSE;
    }
  if (has_prefix (data, len, "%PDF", 4))
    {
      g_set_error_literal (error, ZONA_CSV_ERROR, ZONA_CSV_ERROR_BINARY,
                           _("This is a PDF document, not a CSV file"));
      return FALSE;
    }
  if (has_prefix (data, len, "\211PNG", 4) || has_prefix (data, len, "\377\330\377", 3)
      || has_prefix (data, len, "GIF8", 4))
    {
      g_set_error_literal (error, ZONA_CSV_ERROR, ZONA_CSV_ERROR_BINARY,
                           _("This is an image, not a CSV file"));
      return FALSE;
    }

  for (gsize i = 0; i < n; i++)
    {
      guint8 c = data[i];

      if (c == 0)
        nul = TRUE;
      else if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == 0x7f)
        control++;
      else if (c >= 0x80)
        high++;
    }
  /* Italian text in Latin-1 has a few accented letters in a hundred; a
   * program or a compressed file has bytes of every kind. */
  if (nul || control * 50 > n || (high * 3 > n && !g_utf8_validate ((const char *) data, n, NULL)))
    {
      g_set_error_literal (error, ZONA_CSV_ERROR, ZONA_CSV_ERROR_BINARY,
                           _("This file is not text (it holds binary data): choose a CSV file"));
      return FALSE;
    }
  return TRUE;
}

/* UTF-8 text of @bytes, or NULL with @error set. */
static char *
decode (GBytes           *bytes,
        ZonaCsvEncoding  *encoding,
        gsize            *len_out,
        GError          **error)
{
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  g_autoptr(GError) local = NULL;
  char *text = NULL;
  gsize written = 0;

  if (len == 0)
    {
      g_set_error_literal (error, ZONA_CSV_ERROR, ZONA_CSV_ERROR_EMPTY, _("The file is empty"));
      return NULL;
    }
  if (len > ZONA_CSV_MAX_BYTES)
    {
      g_autofree char *mb = g_strdup_printf ("%" G_GSIZE_FORMAT,
                                             (len + 1024 * 1024 - 1) / (1024 * 1024));

      g_set_error (error, ZONA_CSV_ERROR, ZONA_CSV_ERROR_TOO_LARGE,
                   _("The file is too large (%s MB): tables of a plan come from files of at "
                     "most %d MB"), mb, ZONA_CSV_MAX_BYTES / (1024 * 1024));
      return NULL;
    }

  /* UTF-16 with its BOM: what Excel writes as "Unicode text". */
  if (has_prefix (data, len, "\377\376", 2) || has_prefix (data, len, "\376\377", 2))
    {
      const char *from = data[0] == 0xff ? "UTF-16LE" : "UTF-16BE";

      text = g_convert ((const char *) data + 2, len - 2, "UTF-8", from, NULL, &written, &local);
      if (text == NULL)
        {
          g_set_error (error, ZONA_CSV_ERROR, ZONA_CSV_ERROR_ENCODING,
                       _("The file says it is UTF-16 text but cannot be read as such: %s"),
                       local->message);
          return NULL;
        }
      *encoding = ZONA_CSV_ENCODING_UTF16;
    }
  else
    {
      gboolean bom = has_prefix (data, len, "\357\273\277", 3);

      if (bom)
        {
          data += 3;
          len -= 3;
        }
      if (!check_not_binary (data, len, error))
        return NULL;
      if (g_utf8_validate_len ((const char *) data, len, NULL))
        {
          text = g_strndup ((const char *) data, len);
          written = len;
          *encoding = bom ? ZONA_CSV_ENCODING_UTF8_BOM : ZONA_CSV_ENCODING_UTF8;
        }
      else
        {
          /* Windows-1252 leaves five bytes undefined; Latin-1 reads them all. */
          text = g_convert ((const char *) data, len, "UTF-8", "WINDOWS-1252", NULL, &written,
                            NULL);
          if (text == NULL)
            text = g_convert ((const char *) data, len, "UTF-8", "ISO-8859-1", NULL, &written,
                              &local);
          if (text == NULL)
            {
              g_set_error (error, ZONA_CSV_ERROR, ZONA_CSV_ERROR_ENCODING,
                           _("The text of the file cannot be read: %s"), local->message);
              return NULL;
            }
          *encoding = ZONA_CSV_ENCODING_WINDOWS_1252;
        }
    }

  if (memchr (text, '\0', written) != NULL)
    {
      g_free (text);
      g_set_error_literal (error, ZONA_CSV_ERROR, ZONA_CSV_ERROR_BINARY,
                           _("This file is not text (it holds binary data): choose a CSV file"));
      return NULL;
    }
  *len_out = written;
  return text;
}

/* ---- parsing ---------------------------------------------------------- */

typedef struct {
  GPtrArray  *fields;        /* the record being read: (element-type utf8) */
  GPtrArray  *records;       /* (element-type GPtrArray) */
  GArray     *rows;          /* guint: the spreadsheet row of each record */
  guint       line;          /* the line being fed, from 1 */
  guint       nl_in_record;  /* line breaks inside the current record's fields */
  guint       extra_nl;      /* line breaks inside fields of earlier records */
  guint       max_records;   /* 0: no limit */
  gboolean    keep_empty;    /* keep records with no text (a paste clears cells) */
  gboolean    overflow;
} Parse;

static void
parse_clear (Parse *p)
{
  g_clear_pointer (&p->fields, g_ptr_array_unref);
  g_clear_pointer (&p->records, g_ptr_array_unref);
  g_clear_pointer (&p->rows, g_array_unref);
}

static void
field_cb (void   *s,
          size_t  len,
          void   *data)
{
  Parse *p = data;
  GString *text;

  if (p->overflow)
    return;
  if (p->fields->len >= MAX_FIELDS)
    {
      p->overflow = TRUE;
      return;
    }
  /* Line breaks inside a quoted field are kept, as "\n". */
  text = g_string_sized_new (len);
  for (size_t i = 0; i < len; i++)
    {
      char c = ((const char *) s)[i];

      if (c == '\r')
        {
          if (i + 1 < len && ((const char *) s)[i + 1] == '\n')
            continue;
          c = '\n';
        }
      if (c == '\n')
        p->nl_in_record++;
      g_string_append_c (text, c);
    }
  g_ptr_array_add (p->fields, g_string_free (text, FALSE));
}

static gboolean
record_is_empty (GPtrArray *fields)
{
  for (guint i = 0; i < fields->len; i++)
    if (*(const char *) g_ptr_array_index (fields, i) != '\0')
      return FALSE;
  return TRUE;
}

static void
row_cb (int   c,
        void *data)
{
  Parse *p = data;
  guint start_line = p->line - MIN (p->nl_in_record, p->line - 1);
  guint row = start_line - MIN (p->extra_nl, start_line - 1);

  p->extra_nl += p->nl_in_record;
  p->nl_in_record = 0;
  if (p->overflow || (!p->keep_empty && record_is_empty (p->fields)))
    {
      g_ptr_array_set_size (p->fields, 0);
      return;
    }
  g_ptr_array_add (p->records, g_steal_pointer (&p->fields));
  g_array_append_val (p->rows, row);
  p->fields = g_ptr_array_new_with_free_func (g_free);
  if (p->max_records > 0 && p->records->len > p->max_records)
    p->overflow = TRUE;
}

static guint
count_breaks (const char *s,
              gsize       len)
{
  guint n = 0;

  for (gsize i = 0; s != NULL && i < len; i++)
    if (s[i] == '\n' || (s[i] == '\r' && (i + 1 == len || s[i + 1] != '\n')))
      n++;
  return n;
}

/* Parses @text into @p. Stops quietly after @max_records records (p->overflow). */
static gboolean
parse_text (const char  *text,
            gsize        len,
            char         delimiter,
            guint        first_line,
            guint        max_records,
            int          extra_options,
            gboolean     keep_empty,
            Parse       *p,
            GError     **error)
{
  struct csv_parser parser;
  gsize pos = 0;
  gboolean ok = TRUE;

  memset (p, 0, sizeof *p);
  p->fields = g_ptr_array_new_with_free_func (g_free);
  p->records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  p->rows = g_array_new (FALSE, FALSE, sizeof (guint));
  p->max_records = max_records;
  p->keep_empty = keep_empty;
  p->line = first_line - 1;

  if (csv_init (&parser, CSV_APPEND_NULL | extra_options) != 0)
    {
      g_set_error_literal (error, ZONA_CSV_ERROR, ZONA_CSV_ERROR_PARSE, _("Out of memory"));
      return FALSE;
    }
  csv_set_delim (&parser, (unsigned char) delimiter);

  /* One line at a time: a line ends with LF, CRLF or a lone CR. */
  while (pos < len && !p->overflow)
    {
      gsize end = pos;

      while (end < len && text[end] != '\n' && text[end] != '\r')
        end++;
      if (end < len && text[end] == '\r' && end + 1 < len && text[end + 1] == '\n')
        end++;
      if (end < len)
        end++;
      p->line++;
      if (csv_parse (&parser, text + pos, end - pos, field_cb, row_cb, p) != end - pos)
        {
          g_set_error (error, ZONA_CSV_ERROR, ZONA_CSV_ERROR_PARSE, _("Row %u cannot be read: %s"),
                       p->line, csv_strerror (csv_error (&parser)));
          ok = FALSE;
          break;
        }
      pos = end;
    }

  if (ok && !p->overflow && parser.pstate == LIBCSV_FIELD_BEGUN && parser.quoted)
    {
      /* The open field holds the rest of the file, the last line break too. */
      guint breaks = p->nl_in_record + count_breaks ((const char *) parser.entry_buf,
                                                     parser.entry_pos);
      guint start_line;

      if (len > 0 && (text[len - 1] == '\n' || text[len - 1] == '\r') && breaks > 0)
        breaks--;
      start_line = p->line - MIN (breaks, p->line - 1);

      g_set_error (error, ZONA_CSV_ERROR, ZONA_CSV_ERROR_UNCLOSED_QUOTE,
                   _("Row %u, column %u: a quoted field starts here and is never closed"),
                   start_line - MIN (p->extra_nl, start_line - 1), p->fields->len + 1);
      ok = FALSE;
    }
  if (ok && !p->overflow)
    csv_fini (&parser, field_cb, row_cb, p);
  csv_free (&parser);
  if (!ok)
    parse_clear (p);
  return ok;
}

/* The most frequent number of fields per record (the first one met on a tie),
 * and how many records have it. */
static guint
modal_width (GPtrArray *records,
             guint     *frequency)
{
  g_autoptr(GHashTable) counts = g_hash_table_new (NULL, NULL);
  guint best = 0, best_count = 0;

  for (guint i = 0; i < records->len; i++)
    {
      guint width = ((GPtrArray *) g_ptr_array_index (records, i))->len;
      guint count = GPOINTER_TO_UINT (g_hash_table_lookup (counts, GUINT_TO_POINTER (width))) + 1;

      g_hash_table_insert (counts, GUINT_TO_POINTER (width), GUINT_TO_POINTER (count));
      if (count > best_count)
        {
          best = width;
          best_count = count;
        }
    }
  if (frequency)
    *frequency = best_count;
  return best;
}

static char
detect_delimiter (const char *text,
                  gsize       len,
                  guint       first_line)
{
  /* On a tie, the Italian habit first. */
  static const char candidates[] = { ';', '\t', ',' };
  gsize sample = len;
  char best = ';';
  guint best_freq = 0, best_width = 0;

  if (sample > SAMPLE_BYTES)
    {
      const char *nl = memchr (text + SAMPLE_BYTES, '\n', len - SAMPLE_BYTES);
      sample = nl ? (gsize) (nl - text) + 1 : len;
    }
  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      Parse p;
      guint freq = 0, width;

      if (!parse_text (text, sample, candidates[i], first_line, 200, 0, FALSE, &p, NULL))
        continue;
      width = modal_width (p.records, &freq);
      parse_clear (&p);
      if (width < 2)
        continue;
      if (freq > best_freq || (freq == best_freq && width > best_width))
        {
          best = candidates[i];
          best_freq = freq;
          best_width = width;
        }
    }
  return best;
}

/* ---- cells ------------------------------------------------------------ */

typedef enum {
  CELL_MISSING,
  CELL_INTEGER,
  CELL_DECIMAL,
  CELL_PERCENTAGE,
  CELL_MONEY,
  CELL_TEXT,
} CellClass;

static gboolean
is_missing_marker (const char *folded)
{
  static const char *markers[] = {
    "-", "–", "—", "/", "n.p.", "n.p", "np", "n.d.", "n.d", "nd", "n.a.", "n/a", "n.r.",
    "non rilevato", "non disponibile", "non previsto", "non prevista", "non previsti",
    "non previste",
  };

  for (guint i = 0; i < G_N_ELEMENTS (markers); i++)
    if (g_str_equal (folded, markers[i]))
      return TRUE;
  return FALSE;
}

/* "3594", "236.674", "-1.234" (whole); "2,44", "1.234,5", "5.9" (decimal). */
static CellClass
number_shape (const char *s)
{
  const char *p = s;
  guint digits = 0;
  gboolean grouped = FALSE;

  if (*p == '-' || *p == '+')
    p++;
  if (!g_ascii_isdigit (*p))
    return CELL_TEXT;
  while (g_ascii_isdigit (*p))
    {
      p++;
      digits++;
    }
  /* thousands: 1-3 digits, then groups of ".ddd" */
  while (digits <= 3 && p[0] == '.' && g_ascii_isdigit (p[1]) && g_ascii_isdigit (p[2])
         && g_ascii_isdigit (p[3]) && !g_ascii_isdigit (p[4]))
    {
      p += 4;
      grouped = TRUE;
    }
  if (*p == '\0')
    return CELL_INTEGER;
  if (*p == ',' && g_ascii_isdigit (p[1]))
    {
      p++;
      while (g_ascii_isdigit (*p))
        p++;
      return *p == '\0' ? CELL_DECIMAL : CELL_TEXT;
    }
  if (*p == '.' && !grouped && g_ascii_isdigit (p[1]))
    {
      p++;
      while (g_ascii_isdigit (*p))
        p++;
      return *p == '\0' ? CELL_DECIMAL : CELL_TEXT;
    }
  return CELL_TEXT;
}

static CellClass
classify (const char *cell)
{
  g_autoptr(GString) core = g_string_new (NULL);
  g_autofree char *folded = NULL;
  gboolean euro = FALSE, percent = FALSE;
  CellClass shape;

  if (cell == NULL)
    return CELL_MISSING;
  for (const char *p = cell; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == 0x20AC)
        euro = TRUE;
      else if (c == '%')
        percent = TRUE;
      else if (!g_unichar_isspace (c) && c != 0x00A0 && c != 0x202F)
        g_string_append_unichar (core, c);
    }
  if (core->len == 0)
    return CELL_MISSING;       /* empty, or a lone "€" */
  folded = g_utf8_casefold (core->str, -1);
  if (is_missing_marker (folded))
    return CELL_MISSING;
  {
    /* "non rilevato" and the like have spaces */
    g_autofree char *stripped = g_strstrip (g_utf8_casefold (cell, -1));
    if (is_missing_marker (stripped))
      return CELL_MISSING;
  }

  shape = number_shape (core->str);
  if (shape == CELL_TEXT || !zona_value_parse_number (cell, NULL))
    return CELL_TEXT;
  if (euro && percent)
    return CELL_TEXT;
  if (euro)
    return CELL_MONEY;
  if (percent)
    return CELL_PERCENTAGE;
  return shape;
}

ZonaColumnType
zona_csv_infer_column_type (const char * const *cells,
                            guint               n_cells)
{
  guint counts[CELL_TEXT + 1] = { 0 };

  for (guint i = 0; i < n_cells; i++)
    counts[classify (cells[i])]++;

  if (counts[CELL_TEXT] > 0)
    return ZONA_COLUMN_TEXT;
  if (counts[CELL_MONEY] > 0 && counts[CELL_MONEY] >= counts[CELL_PERCENTAGE])
    return ZONA_COLUMN_MONEY;
  if (counts[CELL_PERCENTAGE] > 0)
    return ZONA_COLUMN_PERCENTAGE;
  if (counts[CELL_DECIMAL] > 0)
    return ZONA_COLUMN_DECIMAL;
  if (counts[CELL_INTEGER] > 0)
    return ZONA_COLUMN_INTEGER;
  return ZONA_COLUMN_TEXT;
}

gboolean
zona_csv_is_total_label (const char *cell)
{
  g_autofree char *folded = NULL;
  const char *rest;

  if (cell == NULL)
    return FALSE;
  folded = g_strstrip (g_utf8_casefold (cell, -1));
  if (!g_str_has_prefix (folded, "total"))
    return FALSE;
  rest = folded + strlen ("total");
  /* "totale", "totali", "total", then the end or another word: not "totalità" */
  if (*rest == 'e' || *rest == 'i')
    rest++;
  return *rest == '\0' || !g_unichar_isalpha (g_utf8_get_char (rest));
}

static gboolean
is_year (const char *cell)
{
  g_autofree char *s = g_strstrip (g_strdup (cell ? cell : ""));
  gint64 year;

  if (strlen (s) != 4 || !g_ascii_isdigit (s[0]) || !g_ascii_isdigit (s[1])
      || !g_ascii_isdigit (s[2]) || !g_ascii_isdigit (s[3]))
    return FALSE;
  year = g_ascii_strtoll (s, NULL, 10);
  return year >= 1900 && year <= 2100;
}

/* Does the first record look like column names over the rest? */
static gboolean
detect_header (GPtrArray *records,
               guint      n_columns)
{
  GPtrArray *first;
  gboolean all_text_header = TRUE, all_text_body = TRUE;

  if (records->len < 2)
    return FALSE;
  first = g_ptr_array_index (records, 0);
  for (guint c = 0; c < n_columns; c++)
    {
      const char *head = c < first->len ? g_ptr_array_index (first, c) : "";
      CellClass head_class = classify (head);
      g_autoptr(GPtrArray) body = g_ptr_array_new ();
      ZonaColumnType type;
      gboolean body_years = TRUE, body_any = FALSE;

      for (guint r = 1; r < records->len; r++)
        {
          GPtrArray *rec = g_ptr_array_index (records, r);
          const char *cell = c < rec->len ? g_ptr_array_index (rec, c) : "";

          g_ptr_array_add (body, (gpointer) cell);
          if (classify (cell) != CELL_MISSING)
            {
              body_any = TRUE;
              if (!is_year (cell))
                body_years = FALSE;
            }
        }
      type = zona_csv_infer_column_type ((const char * const *) body->pdata, body->len);
      if (head_class != CELL_TEXT)
        all_text_header = FALSE;
      if (type != ZONA_COLUMN_TEXT)
        all_text_body = FALSE;

      /* "COMUNE" over numbers; "2015" over amounts; "2018" over counts */
      if (type != ZONA_COLUMN_TEXT && body_any && head_class == CELL_TEXT)
        return TRUE;
      if (type != ZONA_COLUMN_TEXT && head_class == CELL_INTEGER && is_year (head)
          && body_any && !body_years)
        return TRUE;
    }
  /* A table of words: names on top unless the first row has holes. */
  return all_text_body && all_text_header;
}

/* A column name from a header cell: one line, trimmed. */
static char *
column_name (const char *cell,
             guint       index)
{
  g_auto(GStrv) words = g_strsplit_set (cell ? cell : "", " \t\n\r", -1);
  GString *s = g_string_new (NULL);

  for (char **w = words; *w; w++)
    if (**w)
      {
        if (s->len)
          g_string_append_c (s, ' ');
        g_string_append (s, *w);
      }
  if (s->len == 0)
    {
      g_string_free (s, TRUE);
      return g_strdup_printf (_("Column %u"), index + 1);
    }
  return g_string_free (s, FALSE);
}

/* ---- public API: reading ---------------------------------------------- */

void
zona_csv_preview_free (ZonaCsvPreview *preview)
{
  if (preview == NULL)
    return;
  g_strfreev (preview->column_names);
  g_free (preview->column_types);
  g_clear_pointer (&preview->rows, g_ptr_array_unref);
  g_free (preview->row_is_total);
  g_free (preview);
}

const char *
zona_csv_delimiter_name (char delimiter)
{
  switch (delimiter)
    {
    case ';':
      return _("Semicolon (;)");
    case ',':
      return _("Comma (,)");
    case '\t':
      return _("Tab");
    default:
      return "?";
    }
}

const char *
zona_csv_encoding_name (ZonaCsvEncoding encoding)
{
  switch (encoding)
    {
    case ZONA_CSV_ENCODING_UTF8:
      return "UTF-8";
    case ZONA_CSV_ENCODING_UTF8_BOM:
      return _("UTF-8 with BOM");
    case ZONA_CSV_ENCODING_UTF16:
      return "UTF-16";
    case ZONA_CSV_ENCODING_WINDOWS_1252:
      return _("Windows-1252 (Latin-1)");
    default:
      return "?";
    }
}

const char *
zona_csv_column_type_label (ZonaColumnType type)
{
  switch (type)
    {
    case ZONA_COLUMN_TEXT:
      return _("Text");
    case ZONA_COLUMN_INTEGER:
      return _("Whole number");
    case ZONA_COLUMN_DECIMAL:
      return _("Decimal number");
    case ZONA_COLUMN_PERCENTAGE:
      return _("Percentage");
    case ZONA_COLUMN_MONEY:
      return _("Amount (€)");
    default:
      return "?";
    }
}

static gboolean
is_blank (const char *text,
          gsize       len)
{
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isspace (text[i]))
      return FALSE;
  return TRUE;
}

ZonaCsvPreview *
zona_csv_read (GBytes                *bytes,
               const ZonaCsvOptions  *options,
               GError               **error)
{
  g_autoptr(ZonaCsvPreview) preview = NULL;
  g_autofree char *text = NULL;
  g_autofree gboolean *column_used = NULL;
  ZonaCsvEncoding encoding = ZONA_CSV_ENCODING_UTF8;
  const char *body;
  gsize len = 0, body_len;
  guint first_line = 1, width, max_width = 0, first;
  char delimiter = options ? options->delimiter : 0;
  ZonaCsvHeader header = options ? options->header : ZONA_CSV_HEADER_AUTO;
  Parse p;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (delimiter == 0 || delimiter == ';' || delimiter == ','
                        || delimiter == '\t', NULL);

  text = decode (bytes, &encoding, &len, error);
  if (text == NULL)
    return NULL;
  if (is_blank (text, len))
    {
      g_set_error_literal (error, ZONA_CSV_ERROR, ZONA_CSV_ERROR_EMPTY, _("The file is empty"));
      return NULL;
    }

  body = text;
  body_len = len;
  /* Excel's hint: a first line "sep=;" names the separator. */
  if (len >= 5 && g_ascii_strncasecmp (text, "sep=", 4) == 0
      && (len == 5 || text[5] == '\n' || text[5] == '\r'))
    {
      if (delimiter == 0 && (text[4] == ';' || text[4] == ',' || text[4] == '\t'))
        delimiter = text[4];
      body = text + 5;
      if (body < text + len && *body == '\r')
        body++;
      if (body < text + len && *body == '\n')
        body++;
      body_len = len - (gsize) (body - text);
      first_line = 2;
    }
  if (delimiter == 0)
    delimiter = detect_delimiter (body, body_len, first_line);

  if (!parse_text (body, body_len, delimiter, first_line, ZONA_CSV_MAX_ROWS + 1, 0, FALSE, &p,
                   error))
    return NULL;
  if (p.overflow)
    {
      parse_clear (&p);
      g_set_error (error, ZONA_CSV_ERROR, ZONA_CSV_ERROR_TOO_LARGE,
                   _("The file has more than %u rows: a table of a plan holds at most %u"),
                   ZONA_CSV_MAX_ROWS, ZONA_CSV_MAX_ROWS);
      return NULL;
    }
  if (p.records->len == 0)
    {
      parse_clear (&p);
      g_set_error_literal (error, ZONA_CSV_ERROR, ZONA_CSV_ERROR_EMPTY, _("The file is empty"));
      return NULL;
    }

  /* Ragged rows. Extra fields that are empty are dropped; missing fields are
   * only missing when no other row has anything in those columns. */
  width = modal_width (p.records, NULL);
  for (guint r = 0; r < p.records->len; r++)
    max_width = MAX (max_width, ((GPtrArray *) g_ptr_array_index (p.records, r))->len);
  column_used = g_new0 (gboolean, max_width);
  for (guint r = 0; r < p.records->len; r++)
    {
      GPtrArray *rec = g_ptr_array_index (p.records, r);
      for (guint c = 0; c < rec->len; c++)
        if (*(const char *) g_ptr_array_index (rec, c) != '\0')
          column_used[c] = TRUE;
    }
  for (guint r = 0; r < p.records->len; r++)
    {
      GPtrArray *rec = g_ptr_array_index (p.records, r);
      guint n = rec->len, filled = n;

      while (filled > 0 && *(const char *) g_ptr_array_index (rec, filled - 1) == '\0')
        filled--;
      if (n > width && filled > width)
        {
          g_set_error (error, ZONA_CSV_ERROR, ZONA_CSV_ERROR_RAGGED,
                       _("Row %u has %u fields instead of %u"),
                       g_array_index (p.rows, guint, r), filled, width);
          parse_clear (&p);
          return NULL;
        }
      for (guint c = n; c < width; c++)
        if (column_used[c])
          {
            g_set_error (error, ZONA_CSV_ERROR, ZONA_CSV_ERROR_RAGGED,
                         _("Row %u has %u fields instead of %u"),
                         g_array_index (p.rows, guint, r), n, width);
            parse_clear (&p);
            return NULL;
          }
    }
  /* Columns empty from top to bottom at the right are spreadsheet leftovers. */
  while (width > 1 && !column_used[width - 1])
    width--;
  if (width > ZONA_CSV_MAX_COLUMNS)
    {
      parse_clear (&p);
      g_set_error (error, ZONA_CSV_ERROR, ZONA_CSV_ERROR_TOO_LARGE,
                   _("The file has %u columns: a table of a plan holds at most %u"),
                   width, ZONA_CSV_MAX_COLUMNS);
      return NULL;
    }

  preview = g_new0 (ZonaCsvPreview, 1);
  preview->delimiter = delimiter;
  preview->encoding = encoding;
  preview->n_columns = width;
  if (header == ZONA_CSV_HEADER_AUTO)
    preview->has_header = detect_header (p.records, width);
  else
    preview->has_header = header == ZONA_CSV_HEADER_YES;

  preview->column_names = g_new0 (char *, width + 1);
  for (guint c = 0; c < width; c++)
    {
      GPtrArray *head = g_ptr_array_index (p.records, 0);
      preview->column_names[c] = column_name (preview->has_header && c < head->len
                                              ? g_ptr_array_index (head, c) : NULL, c);
    }

  first = preview->has_header ? 1 : 0;
  preview->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  preview->row_is_total = g_new0 (gboolean, MAX (p.records->len, 1));
  for (guint r = first; r < p.records->len; r++)
    {
      GPtrArray *rec = g_ptr_array_index (p.records, r);
      char **cells = g_new0 (char *, width + 1);
      guint i = preview->rows->len;

      for (guint c = 0; c < width; c++)
        cells[c] = g_strdup (c < rec->len ? g_ptr_array_index (rec, c) : "");
      preview->row_is_total[i] = zona_csv_is_total_label (*cells[0] != '\0' ? cells[0]
                                                          : width > 1 ? cells[1] : NULL);
      g_ptr_array_add (preview->rows, cells);
    }
  parse_clear (&p);

  preview->column_types = g_new0 (ZonaColumnType, width);
  {
    g_autofree const char **column = g_new0 (const char *, MAX (preview->rows->len, 1));

    for (guint c = 0; c < width; c++)
      {
        for (guint r = 0; r < preview->rows->len; r++)
          column[r] = ((char **) g_ptr_array_index (preview->rows, r))[c];
        preview->column_types[c] = zona_csv_infer_column_type (column, preview->rows->len);
      }
  }
  return g_steal_pointer (&preview);
}

/* ---- public API: writing into the plan -------------------------------- */

gboolean
zona_csv_import (ZonaStore             *store,
                 const ZonaCsvPreview  *preview,
                 const char            *title,
                 gint64                *table_id_out,
                 GError               **error)
{
  g_autofree gint64 *columns = NULL;
  gint64 table_id = 0;
  gboolean ok;

  g_return_val_if_fail (ZONA_IS_STORE (store), FALSE);
  g_return_val_if_fail (preview != NULL, FALSE);

  if (table_id_out)
    *table_id_out = 0;
  if (!zona_store_begin_group (store, error))
    return FALSE;

  if (title == NULL || *title == '\0')
    title = _("Imported table");
  table_id = zona_plan_data_add_table (store, NULL, title, NULL, NULL, NULL, error);
  ok = table_id > 0;

  columns = g_new0 (gint64, MAX (preview->n_columns, 1));
  for (guint c = 0; ok && c < preview->n_columns; c++)
    {
      columns[c] = zona_plan_data_add_column (store, table_id, -1, preview->column_names[c],
                                              preview->column_types[c], NULL, error);
      ok = columns[c] > 0;
    }
  for (guint r = 0; ok && r < preview->rows->len; r++)
    {
      char **cells = g_ptr_array_index (preview->rows, r);
      gint64 row_id = zona_plan_data_add_row (store, table_id, -1, preview->row_is_total[r], error);

      ok = row_id > 0;
      for (guint c = 0; ok && c < preview->n_columns; c++)
        if (*cells[c] != '\0')
          ok = zona_plan_data_set_cell (store, row_id, columns[c], cells[c], error);
    }

  /* An error above is already set: end the group without adding another. */
  if (!zona_store_end_group (store, ok, ok ? error : NULL) || !ok)
    return FALSE;
  if (table_id_out)
    *table_id_out = table_id;
  return TRUE;
}

gboolean
zona_csv_paste (ZonaStore   *store,
                gint64       table_id,
                int          first_row,
                int          first_col,
                const char  *tsv_text,
                GError     **error)
{
  g_autoptr(GPtrArray) columns = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GArray) column_ids = NULL;
  g_autoptr(GArray) row_ids = NULL;
  g_autoptr(GString) text = NULL;
  g_autoptr(ZonaDataTable) table = NULL;
  guint block_width = 0;
  gboolean ok = TRUE;
  Parse p;

  g_return_val_if_fail (ZONA_IS_STORE (store), FALSE);
  g_return_val_if_fail (first_row >= 0 && first_col >= 0, FALSE);
  g_return_val_if_fail (tsv_text != NULL, FALSE);

  if (!g_utf8_validate (tsv_text, -1, NULL))
    {
      g_set_error_literal (error, ZONA_CSV_ERROR, ZONA_CSV_ERROR_ENCODING,
                           _("The pasted text is not valid UTF-8"));
      return FALSE;
    }
  if (strlen (tsv_text) > ZONA_CSV_MAX_BYTES)
    {
      g_set_error (error, ZONA_CSV_ERROR, ZONA_CSV_ERROR_TOO_LARGE,
                   _("The pasted text is too large: at most %d MB"),
                   ZONA_CSV_MAX_BYTES / (1024 * 1024));
      return FALSE;
    }
  table = zona_plan_data_get_table (store, table_id);
  if (table == NULL)
    {
      g_set_error_literal (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_INVALID,
                           _("The table to paste into does not exist"));
      return FALSE;
    }

  /* Every line is a row, blank ones too (an empty cell of a one-column
   * block), so line breaks are made one character before libcsv reports them. */
  text = g_string_new (tsv_text);
  g_string_replace (text, "\r\n", "\n", 0);
  while (text->len > 0 && text->str[text->len - 1] == '\n')
    g_string_truncate (text, text->len - 1);
  if (text->len == 0)
    return TRUE;
  g_string_append_c (text, '\n');
  if (!parse_text (text->str, text->len, '\t', 1, ZONA_CSV_MAX_ROWS, CSV_REPALL_NL, TRUE, &p,
                   error))
    return FALSE;
  if (p.overflow)
    {
      parse_clear (&p);
      g_set_error (error, ZONA_CSV_ERROR, ZONA_CSV_ERROR_TOO_LARGE,
                   _("The pasted block has more than %u rows: a table of a plan holds at most %u"),
                   ZONA_CSV_MAX_ROWS, ZONA_CSV_MAX_ROWS);
      return FALSE;
    }
  for (guint r = 0; r < p.records->len; r++)
    block_width = MAX (block_width, ((GPtrArray *) g_ptr_array_index (p.records, r))->len);
  block_width = MAX (block_width, 1);
  if (first_col + block_width > ZONA_CSV_MAX_COLUMNS)
    {
      parse_clear (&p);
      g_set_error (error, ZONA_CSV_ERROR, ZONA_CSV_ERROR_TOO_LARGE,
                   _("The pasted block is too wide: a table of a plan holds at most %u columns"),
                   ZONA_CSV_MAX_COLUMNS);
      return FALSE;
    }

  columns = zona_plan_data_list_columns (store, table_id);
  rows = zona_plan_data_list_rows (store, table_id);
  column_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  row_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint c = 0; c < columns->len; c++)
    g_array_append_val (column_ids, ((ZonaDataColumn *) g_ptr_array_index (columns, c))->id);
  for (guint r = 0; r < rows->len; r++)
    g_array_append_val (row_ids, ((ZonaDataRow *) g_ptr_array_index (rows, r))->id);
  first_row = MIN (first_row, (int) row_ids->len);
  first_col = MIN (first_col, (int) column_ids->len);

  if (!zona_store_begin_group (store, error))
    {
      parse_clear (&p);
      return FALSE;
    }
  while (ok && column_ids->len < first_col + block_width)
    {
      g_autofree char *name = g_strdup_printf (_("Column %u"), column_ids->len + 1);
      gint64 id = zona_plan_data_add_column (store, table_id, -1, name, ZONA_COLUMN_TEXT, NULL,
                                             error);
      ok = id > 0;
      g_array_append_val (column_ids, id);
    }
  while (ok && row_ids->len < first_row + p.records->len)
    {
      gint64 id = zona_plan_data_add_row (store, table_id, -1, FALSE, error);
      ok = id > 0;
      g_array_append_val (row_ids, id);
    }
  for (guint r = 0; ok && r < p.records->len; r++)
    {
      GPtrArray *rec = g_ptr_array_index (p.records, r);
      guint n = MAX (rec->len, 1);

      for (guint c = 0; ok && c < n; c++)
        ok = zona_plan_data_set_cell (store, g_array_index (row_ids, gint64, first_row + r),
                                      g_array_index (column_ids, gint64, first_col + c),
                                      c < rec->len ? g_ptr_array_index (rec, c) : NULL, error);
    }
  parse_clear (&p);
  return zona_store_end_group (store, ok, ok ? error : NULL) && ok;
}
