/* zona-odt-writer.c: export a plan as an ODF 1.3 text document (.odt)
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each XML part is written with xmlTextWriter into memory (libxml2 does all
 * the escaping), then the package is zipped with libgsf into a temporary file
 * beside the target and renamed onto it only when everything succeeded.
 *
 * The document's own words ("Ciclo di programmazione", …) are Italian on
 * purpose: the plan is an Italian administrative document whatever the
 * language of the user interface. Only messages for the user are translated.
 */
#define G_LOG_DOMAIN "zona-export"

#include "config.h"

#include <errno.h>
#include <math.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gsf/gsf-infile-zip.h>
#include <gsf/gsf-infile.h>
#include <gsf/gsf-input-stdio.h>
#include <gsf/gsf-outfile-zip.h>
#include <gsf/gsf-outfile.h>
#include <gsf/gsf-output-stdio.h>
#include <gsf/gsf-output.h>
#include <libxml/xmlwriter.h>

#include "export/zona-odt-writer.h"
#include "model/zona-value.h"
#include "model/zona-plan-data.h"
#include "model/zona-meetings.h"
#include "charts/zona-chart.h"
#include "charts/zona-chart-render.h"
#include "templates/zona-template.h"

G_DEFINE_QUARK (zona-export-error-quark, zona_export_error)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsfOutput, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsfOutfile, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlTextWriter, xmlFreeTextWriter)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlBuffer, xmlBufferFree)

#define ODT_MIMETYPE "application/vnd.oasis.opendocument.text"
#define ODF_VERSION  "1.3"

/* Horizontal padding of card cells. Label and value then stand more than a
 * line height (10pt) apart, so that text extraction (pdftotext, screen
 * readers working from a PDF) keeps the two columns apart instead of
 * interleaving their lines. */
#define CELL_PADDING_X "0.2cm"

/* Outline levels ODF allows, and how deep the plan's chapters may nest. */
#define MAX_OUTLINE_LEVEL 10

#define NS_OFFICE   "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define NS_STYLE    "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
#define NS_TEXT     "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#define NS_TABLE    "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
#define NS_FO       "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
#define NS_SVG      "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
#define NS_META     "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
#define NS_DC       "http://purl.org/dc/elements/1.1/"
#define NS_MANIFEST "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"
#define NS_XLINK    "http://www.w3.org/1999/xlink"
#define NS_CHART    "urn:oasis:names:tc:opendocument:xmlns:chart:1.0"
#define NS_DRAW     "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"

/* Charts in the document: 16 × 9 cm, the replacement picture at 150 dpi. */
#define CHART_WIDTH_CM  16.0
#define CHART_HEIGHT_CM 9.0
#define CHART_DPI       150.0

/* Deepest list nesting written; the store keeps levels 0..9. */
#define MAX_LIST_LEVEL 10

/* Levels of the table of contents. */
#define TOC_LEVELS 3

typedef struct {
  ZonaStore     *store;
  ZonaTemplate  *template;
  GCancellable  *cancellable;
  xmlTextWriter *w;
  GHashTable    *visited;      /* chapter ids already written: a damaged file may loop */
  guint          n_tables;
  guint          n_data_tables;
  guint          n_notes;
  int            list_depth;   /* text:list elements open, each with one text:list-item */
  ZonaExportProgress progress;
  gpointer       progress_data;
  int            last_heading;  /* outline level of the last heading written */
  guint          n_charts;
  GPtrArray     *extra;         /* (element-type PackagePart): chart objects, pictures */
  ZonaBlockKind  list_kind;
} ExportContext;

/* A member of the package: XML parts, pictures, sub-documents' parts. A part
 * whose name ends in "/" is a folder entry of the manifest only (a chart
 * object), with no bytes. */
typedef struct {
  const char *name;
  xmlBuffer  *buffer;
  const char *media_type;     /* NULL: "text/xml" */
} PackagePart;

/* ---- xmlTextWriter helpers ---------------------------------------------- */

/* Each returns FALSE when libxml2 fails (in practice: out of memory). */

static gboolean
start_element (xmlTextWriter *w,
               const char    *name)
{
  return xmlTextWriterStartElement (w, BAD_CAST name) >= 0;
}

static gboolean
end_element (xmlTextWriter *w)
{
  return xmlTextWriterEndElement (w) >= 0;
}

static gboolean
write_attribute (xmlTextWriter *w,
                 const char    *name,
                 const char    *value)
{
  return xmlTextWriterWriteAttribute (w, BAD_CAST name, BAD_CAST value) >= 0;
}

static gboolean
write_int_attribute (xmlTextWriter *w,
                     const char    *name,
                     int            value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_snprintf (buf, sizeof buf, "%d", value);
  return write_attribute (w, name, buf);
}

static gboolean
write_attributes_va (xmlTextWriter *w,
                     va_list        args)
{
  const char *name;

  while ((name = va_arg (args, const char *)) != NULL)
    {
      const char *value = va_arg (args, const char *);

      if (!write_attribute (w, name, value))
        return FALSE;
    }
  return TRUE;
}

/* <element name="value" …> left open; the pairs end with NULL. */
static gboolean G_GNUC_NULL_TERMINATED
open_element (xmlTextWriter *w,
              const char    *element,
              ...)
{
  va_list args;
  gboolean ok;

  if (!start_element (w, element))
    return FALSE;
  va_start (args, element);
  ok = write_attributes_va (w, args);
  va_end (args);
  return ok;
}

/* <element name="value" …/>; the pairs end with NULL. */
static gboolean G_GNUC_NULL_TERMINATED
empty_element (xmlTextWriter *w,
               const char    *element,
               ...)
{
  va_list args;
  gboolean ok;

  if (!start_element (w, element))
    return FALSE;
  va_start (args, element);
  ok = write_attributes_va (w, args);
  va_end (args);
  return ok && end_element (w);
}

static gboolean
write_string (xmlTextWriter *w,
              const char    *text)
{
  return xmlTextWriterWriteString (w, BAD_CAST text) >= 0;
}

/* <element>text</element>, for metadata (no ODF white-space handling). */
static gboolean
text_element (xmlTextWriter *w,
              const char    *element,
              const char    *text)
{
  return start_element (w, element) && write_string (w, text) && end_element (w);
}

static gboolean
write_namespaces (xmlTextWriter *w,
                  const char    *first_prefix,
                  ...)
{
  static const struct { const char *prefix, *uri; } known[] = {
    { "office", NS_OFFICE }, { "style", NS_STYLE }, { "text", NS_TEXT },
    { "table", NS_TABLE }, { "fo", NS_FO }, { "svg", NS_SVG }, { "meta", NS_META },
    { "dc", NS_DC }, { "manifest", NS_MANIFEST }, { "xlink", NS_XLINK },
    { "chart", NS_CHART }, { "draw", NS_DRAW },
  };
  const char *prefix = first_prefix;
  va_list args;
  gboolean ok = TRUE;

  va_start (args, first_prefix);
  for (; ok && prefix != NULL; prefix = va_arg (args, const char *))
    {
      g_autofree char *attr = g_strconcat ("xmlns:", prefix, NULL);
      const char *uri = NULL;

      for (guint i = 0; i < G_N_ELEMENTS (known); i++)
        if (strcmp (known[i].prefix, prefix) == 0)
          uri = known[i].uri;
      g_assert (uri != NULL);
      ok = write_attribute (w, attr, uri);
    }
  va_end (args);
  return ok;
}

static xmlTextWriter *
new_writer (xmlBuffer *buffer,
            gboolean   indent)
{
  xmlTextWriter *w = xmlNewTextWriterMemory (buffer, 0);

  if (w == NULL)
    return NULL;
  /* Never indent parts with paragraphs: in ODF, white space inside a
   * paragraph is content. */
  if (indent && (xmlTextWriterSetIndent (w, 1) < 0 || xmlTextWriterSetIndentString (w, BAD_CAST " ") < 0))
    {
      xmlFreeTextWriter (w);
      return NULL;
    }
  if (xmlTextWriterStartDocument (w, "1.0", "UTF-8", NULL) < 0)
    {
      xmlFreeTextWriter (w);
      return NULL;
    }
  return w;
}

static gboolean
finish_writer (xmlTextWriter *w)
{
  return xmlTextWriterEndDocument (w) >= 0 && xmlTextWriterFlush (w) >= 0;
}

/* ---- text --------------------------------------------------------------- */

/* Valid UTF-8 holding only characters XML 1.0 allows; "\r\n" and "\r"
 * become "\n". The store may hold anything a hand-edited file put there. */
static char *
sanitize_text (const char *text)
{
  g_autofree char *valid = NULL;
  GString *s;
  gboolean clean;

  if (text == NULL)
    return g_strdup ("");
  /* Most text is clean already: copy it without looking at each character. */
  clean = g_utf8_validate (text, -1, NULL);
  for (const guchar *b = (const guchar *) text; clean && *b; b++)
    if ((*b < 0x20 && *b != '\t' && *b != '\n')
        || (b[0] == 0xEF && b[1] == 0xBF && (b[2] == 0xBE || b[2] == 0xBF)))
      clean = FALSE;
  if (clean)
    return g_strdup (text);

  valid = g_utf8_make_valid (text, -1);
  s = g_string_sized_new (strlen (valid));

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\r')
        {
          if (p[1] != '\n')
            g_string_append_c (s, '\n');
          continue;
        }
      if ((c < 0x20 && c != '\t' && c != '\n') || c == 0xFFFE || c == 0xFFFF)
        continue;
      g_string_append_unichar (s, c);
    }
  return g_string_free (s, FALSE);
}

static gboolean
flush_run (xmlTextWriter *w,
           GString       *run)
{
  gboolean ok = TRUE;

  if (run->len > 0)
    ok = write_string (w, run->str);
  g_string_truncate (run, 0);
  return ok;
}

static gboolean
write_spaces (xmlTextWriter *w,
              gsize          n)
{
  if (!start_element (w, "text:s"))
    return FALSE;
  if (n > 1 && !write_int_attribute (w, "text:c", (int) MIN (n, G_MAXINT)))
    return FALSE;
  return end_element (w);
}

/* The inside of one paragraph (@text holds no paragraph break, but may hold
 * "\n"): runs of spaces become text:s, tabs text:tab, "\n" text:line-break,
 * since ODF readers collapse white space in ordinary text. A single space
 * between two words stays a plain space. @text must be sanitized. */
static gboolean
write_inline (xmlTextWriter *w,
              const char    *text,
              gboolean       at_start)
{
  g_autoptr(GString) run = g_string_new (NULL);
  const char *p = text;

  while (*p != '\0')
    {
      gsize plain = strcspn (p, " \t\n");

      if (plain > 0)
        {
          /* A run of ordinary characters goes out as it is. */
          g_string_append_len (run, p, plain);
          p += plain;
          at_start = FALSE;
          continue;
        }
      if (*p == ' ')
        {
          gsize n = strspn (p, " ");

          p += n;
          if (!at_start && *p != '\0')
            {
              g_string_append_c (run, ' ');
              n--;
            }
          if (n > 0 && !(flush_run (w, run) && write_spaces (w, n)))
            return FALSE;
          at_start = FALSE;
        }
      else if (*p == '\t' || *p == '\n')
        {
          if (!flush_run (w, run)
              || !empty_element (w, *p == '\t' ? "text:tab" : "text:line-break", NULL))
            return FALSE;
          p++;
          at_start = TRUE;
        }
      else
        {
          const char *next = g_utf8_next_char (p);

          g_string_append_len (run, p, next - p);
          p = next;
          at_start = FALSE;
        }
    }
  return flush_run (w, run);
}

/* Writes @text as one or more text:p of @style: "\n\n" starts a new
 * paragraph, "\n" is a line break. @label, when given, opens the first
 * paragraph in bold as "label: ". Always writes at least one paragraph. */
static gboolean
write_text (xmlTextWriter *w,
            const char    *style,
            const char    *label,
            const char    *text)
{
  g_autofree char *clean = sanitize_text (text);
  g_auto(GStrv) paragraphs = g_strsplit (clean, "\n\n", -1);
  guint n = g_strv_length (paragraphs);

  for (guint i = 0; i < MAX (n, 1); i++)
    {
      const char *para = i < n ? paragraphs[i] : "";

      if (!open_element (w, "text:p", "text:style-name", style, NULL))
        return FALSE;
      if (i == 0 && label != NULL && *label != '\0')
        {
          g_autofree char *clean_label = sanitize_text (label);

          /* After the literal space of ": ", the value's own leading
           * spaces must all become text:s, as at the start of a line. */
          if (!open_element (w, "text:span", "text:style-name", "T_Label", NULL)
              || !write_inline (w, clean_label, TRUE)
              || !write_string (w, ": ")
              || !end_element (w))
            return FALSE;
        }
      if (!write_inline (w, para, TRUE) || !end_element (w))
        return FALSE;
    }
  return TRUE;
}

/* A chapter title: text:h at @level, numbered by the outline style. */
static gboolean
write_heading (xmlTextWriter *w,
               int            level,
               const char    *text)
{
  g_autofree char *style = g_strdup_printf ("Heading_20_%d", level);
  g_autofree char *clean = sanitize_text (text);

  return open_element (w, "text:h", "text:style-name", style, NULL)
      && write_int_attribute (w, "text:outline-level", level)
      && write_inline (w, clean, TRUE)
      && end_element (w);
}

static gboolean
is_blank (const char *s)
{
  if (s == NULL)
    return TRUE;
  for (; *s != '\0'; s++)
    if (!g_ascii_isspace (*s))
      return FALSE;
  return TRUE;
}


/* ---- rich text ---------------------------------------------------------- */

/* Spans may overlap (a bold word inside an italic phrase): the text is cut at
 * every span boundary and each piece written with the styles active on it. */
static gboolean
write_piece (ExportContext *ctx,
             const char    *piece,
             gboolean       bold,
             gboolean       italic,
             const char    *href,
             gboolean       at_start)
{
  xmlTextWriter *w = ctx->w;
  const char *style = bold && italic ? "T_BoldItalic" : bold ? "T_Bold" : italic ? "T_Italic" : NULL;

  if (href != NULL
      && !open_element (w, "text:a", "xlink:type", "simple", "xlink:href", href, NULL))
    return FALSE;
  if (style != NULL && !open_element (w, "text:span", "text:style-name", style, NULL))
    return FALSE;
  if (!write_inline (w, piece, at_start))
    return FALSE;
  if (style != NULL && !end_element (w))
    return FALSE;
  return href == NULL || end_element (w);
}

static gboolean
write_footnote (ExportContext *ctx,
                const char    *note)
{
  xmlTextWriter *w = ctx->w;
  g_autofree char *id = g_strdup_printf ("ftn%u", ++ctx->n_notes);
  g_autofree char *citation = g_strdup_printf ("%u", ctx->n_notes);

  return open_element (w, "text:note", "text:id", id, "text:note-class", "footnote", NULL)
      && start_element (w, "text:note-citation")
      && write_string (w, citation)
      && end_element (w)
      && start_element (w, "text:note-body")
      && write_text (w, "Footnote", NULL, note)
      && end_element (w)
      && end_element (w);
}

static int
compare_ints (gconstpointer a,
              gconstpointer b)
{
  return *(const int *) a - *(const int *) b;
}

/* One paragraph-like element's content with its formatting; "\n" is a line break. */
static gboolean
write_rich_inline (ExportContext *ctx,
                   const char    *text,
                   GPtrArray     *spans)
{
  g_autofree char *clean = sanitize_text (text);
  glong len = g_utf8_strlen (clean, -1);
  g_autoptr(GArray) cuts = g_array_new (FALSE, FALSE, sizeof (int));
  int zero = 0, end = (int) len;

  g_array_append_val (cuts, zero);
  g_array_append_val (cuts, end);
  for (guint i = 0; i < spans->len; i++)
    {
      const ZonaSpan *sp = g_ptr_array_index (spans, i);
      int a = CLAMP (sp->start, 0, len), b = CLAMP (sp->end, 0, len);
      g_array_append_val (cuts, a);
      g_array_append_val (cuts, b);
    }
  g_array_sort (cuts, compare_ints);

  for (guint c = 0; c < cuts->len; c++)
    {
      int from = g_array_index (cuts, int, c);
      int to = c + 1 < cuts->len ? g_array_index (cuts, int, c + 1) : from;
      gboolean bold = FALSE, italic = FALSE;
      const char *href = NULL;

      if (c > 0 && from == g_array_index (cuts, int, c - 1))
        continue;
      /* Footnote marks stand at this offset, after the text before it. */
      for (guint i = 0; i < spans->len; i++)
        {
          const ZonaSpan *sp = g_ptr_array_index (spans, i);
          if (sp->style == ZONA_SPAN_FOOTNOTE && CLAMP (sp->start, 0, len) == from && from > 0
              && !write_footnote (ctx, sp->data ? sp->data : ""))
            return FALSE;
        }
      if (to <= from)
        continue;
      for (guint i = 0; i < spans->len; i++)
        {
          const ZonaSpan *sp = g_ptr_array_index (spans, i);
          if (sp->start <= from && sp->end >= to && sp->start < sp->end)
            {
              if (sp->style == ZONA_SPAN_BOLD)
                bold = TRUE;
              else if (sp->style == ZONA_SPAN_ITALIC)
                italic = TRUE;
              else if (sp->style == ZONA_SPAN_LINK && sp->data && *sp->data)
                href = sp->data;
            }
        }
      {
        const char *a = g_utf8_offset_to_pointer (clean, from);
        const char *b = g_utf8_offset_to_pointer (clean, to);
        g_autofree char *piece = g_strndup (a, b - a);

        if (!write_piece (ctx, piece, bold, italic, href, from == 0))
          return FALSE;
      }
    }
  /* A footnote at offset 0 (an empty block, say) still belongs to it. */
  for (guint i = 0; i < spans->len; i++)
    {
      const ZonaSpan *sp = g_ptr_array_index (spans, i);
      if (sp->style == ZONA_SPAN_FOOTNOTE && sp->start <= 0
          && !write_footnote (ctx, sp->data ? sp->data : ""))
        return FALSE;
    }
  return TRUE;
}

static gboolean
close_lists (ExportContext *ctx,
             int            depth)
{
  while (ctx->list_depth > depth)
    {
      /* text:list-item, then text:list */
      if (!end_element (ctx->w) || !end_element (ctx->w))
        return FALSE;
      ctx->list_depth--;
    }
  return TRUE;
}

/* List items nest as ODF asks: a deeper item opens a text:list inside the
 * current text:list-item; the list style numbers or bullets each level. */
static gboolean
write_list_item (ExportContext   *ctx,
                 const ZonaBlock *block,
                 GPtrArray       *spans)
{
  xmlTextWriter *w = ctx->w;
  int want = MIN (block->level, MAX_LIST_LEVEL - 1) + 1;

  if (ctx->list_depth > 0 && ctx->list_kind != block->kind && !close_lists (ctx, 0))
    return FALSE;
  ctx->list_kind = block->kind;
  if (!close_lists (ctx, want))
    return FALSE;
  if (ctx->list_depth == want)
    {
      /* A sibling: close the previous item, open the next. */
      if (!end_element (w) || !start_element (w, "text:list-item"))
        return FALSE;
    }
  while (ctx->list_depth < want)
    {
      if (ctx->list_depth == 0)
        {
          if (!open_element (w, "text:list", "text:style-name",
                             block->kind == ZONA_BLOCK_NUMBERED ? "L_Numbered" : "L_Bullet", NULL))
            return FALSE;
        }
      else if (!start_element (w, "text:list"))
        return FALSE;
      if (!start_element (w, "text:list-item"))
        return FALSE;
      ctx->list_depth++;
    }
  return open_element (w, "text:p", "text:style-name", "List_20_Contents", NULL)
      && write_rich_inline (ctx, block->text, spans)
      && end_element (w);
}

static gboolean
write_text_block (ExportContext   *ctx,
                  const ZonaBlock *block,
                  int              depth)
{
  g_autoptr(GPtrArray) spans = zona_store_get_spans (ctx->store, block->id);
  xmlTextWriter *w = ctx->w;

  if (block->kind == ZONA_BLOCK_BULLET || block->kind == ZONA_BLOCK_NUMBERED)
    return write_list_item (ctx, block, spans);
  if (!close_lists (ctx, 0))
    return FALSE;

  if (block->kind == ZONA_BLOCK_HEADING)
    {
      /* Never skip a level (screen readers navigate by them): at most one
       * below the last heading, which is at least the chapter's own. */
      int level = MIN (MIN (depth + MAX (block->level, 1), ctx->last_heading + 1),
                       MAX_OUTLINE_LEVEL);

      ctx->last_heading = level;
      g_autofree char *style = g_strdup_printf ("Heading_20_%d", level);

      return open_element (w, "text:h", "text:style-name", style, NULL)
          && write_int_attribute (w, "text:outline-level", level)
          && write_rich_inline (ctx, block->text, spans)
          && end_element (w);
    }
  /* Unformatted text keeps its "\n\n" paragraph breaks (imported text has them). */
  if (spans->len == 0)
    return write_text (w, "Text_20_body", NULL, block->text);
  return open_element (w, "text:p", "text:style-name", "Text_20_body", NULL)
      && write_rich_inline (ctx, block->text, spans)
      && end_element (w);
}

/* ---- content.xml -------------------------------------------------------- */

static gboolean
write_list_style (xmlTextWriter *w,
                  const char    *name,
                  gboolean       numbered)
{
  static const char *bullets[] = { "•", "◦", "▪" };

  if (!open_element (w, "text:list-style", "style:name", name, NULL))
    return FALSE;
  for (int level = 1; level <= MAX_LIST_LEVEL; level++)
    {
      g_autofree char *indent = g_strdup_printf ("%.2fcm", 0.635 * level);
      gboolean ok;

      if (numbered)
        ok = open_element (w, "text:list-level-style-number", NULL)
          && write_int_attribute (w, "text:level", level)
          && write_attribute (w, "style:num-suffix", ".")
          && write_attribute (w, "style:num-format", level % 2 ? "1" : "a");
      else
        ok = open_element (w, "text:list-level-style-bullet", NULL)
          && write_int_attribute (w, "text:level", level)
          && write_attribute (w, "text:bullet-char", bullets[(level - 1) % G_N_ELEMENTS (bullets)]);
      ok = ok
        && open_element (w, "style:list-level-properties",
                         "text:list-level-position-and-space-mode", "label-alignment", NULL)
        && empty_element (w, "style:list-level-label-alignment", "text:label-followed-by", "listtab",
                          "text:list-tab-stop-position", indent, "fo:text-indent", "-0.635cm",
                          "fo:margin-left", indent, NULL)
        && end_element (w)
        && end_element (w);
      if (!ok)
        return FALSE;
    }
  return end_element (w);
}

static gboolean
write_content_styles (xmlTextWriter *w)
{
  return start_element (w, "office:automatic-styles")
      /* The cover: the title starts a page without header and footer. */
      && open_element (w, "style:style", "style:name", "P_Cover", "style:family", "paragraph",
                       "style:parent-style-name", "Title",
                       "style:master-page-name", "First_20_Page", NULL)
      && empty_element (w, "style:paragraph-properties", "fo:margin-top", "6cm", NULL)
      && end_element (w)
      && open_element (w, "style:style", "style:name", "P_PageBreak", "style:family", "paragraph",
                       "style:parent-style-name", "Standard", NULL)
      && empty_element (w, "style:paragraph-properties", "fo:break-after", "page", NULL)
      && end_element (w)
      && open_element (w, "style:style", "style:name", "T_Label", "style:family", "text", NULL)
      && empty_element (w, "style:text-properties", "fo:font-weight", "bold", NULL)
      && end_element (w)
      && open_element (w, "style:style", "style:name", "T_Bold", "style:family", "text", NULL)
      && empty_element (w, "style:text-properties", "fo:font-weight", "bold", NULL)
      && end_element (w)
      && open_element (w, "style:style", "style:name", "T_Italic", "style:family", "text", NULL)
      && empty_element (w, "style:text-properties", "fo:font-style", "italic", NULL)
      && end_element (w)
      && open_element (w, "style:style", "style:name", "T_BoldItalic", "style:family", "text", NULL)
      && empty_element (w, "style:text-properties", "fo:font-weight", "bold",
                        "fo:font-style", "italic", NULL)
      && end_element (w)
      && write_list_style (w, "L_Bullet", FALSE)
      && write_list_style (w, "L_Numbered", TRUE)
      /* Cards: a two-column grid as wide as the text, 35% / 65%. */
      && open_element (w, "style:style", "style:name", "Card", "style:family", "table", NULL)
      && empty_element (w, "style:table-properties", "style:width", "17cm", "table:align", "margins",
                        "fo:margin-top", "0.1cm", "fo:margin-bottom", "0.5cm", NULL)
      && end_element (w)
      && open_element (w, "style:style", "style:name", "Card.A", "style:family", "table-column", NULL)
      && empty_element (w, "style:table-column-properties", "style:column-width", "5.95cm",
                        "style:rel-column-width", "35*", NULL)
      && end_element (w)
      && open_element (w, "style:style", "style:name", "Card.B", "style:family", "table-column", NULL)
      && empty_element (w, "style:table-column-properties", "style:column-width", "11.05cm",
                        "style:rel-column-width", "65*", NULL)
      && end_element (w)
      /* Data tables: full width, equal columns. */
      && open_element (w, "style:style", "style:name", "Data", "style:family", "table", NULL)
      && empty_element (w, "style:table-properties", "style:width", "17cm", "table:align", "margins",
                        "fo:margin-top", "0.1cm", "fo:margin-bottom", "0.3cm", NULL)
      && end_element (w)
      && open_element (w, "style:style", "style:name", "Data.Col", "style:family", "table-column", NULL)
      && empty_element (w, "style:table-column-properties", "style:rel-column-width", "1*", NULL)
      && end_element (w)
      /* A grid row stays on one page when it fits: label and answer together. */
      && open_element (w, "style:style", "style:name", "Card.Row", "style:family", "table-row", NULL)
      && empty_element (w, "style:table-row-properties", "fo:keep-together", "always", NULL)
      && end_element (w)
      && open_element (w, "style:style", "style:name", "Card.Head", "style:family", "table-cell", NULL)
      && empty_element (w, "style:table-cell-properties", "fo:background-color", "#d9d9d9",
                        "fo:padding-top", "0.1cm", "fo:padding-bottom", "0.1cm",
                        "fo:padding-left", CELL_PADDING_X, "fo:padding-right", CELL_PADDING_X,
                        "fo:border", "0.5pt solid #000000", NULL)
      && end_element (w)
      && open_element (w, "style:style", "style:name", "Card.Label", "style:family", "table-cell", NULL)
      && empty_element (w, "style:table-cell-properties", "fo:background-color", "#f2f2f2",
                        "fo:padding-top", "0.1cm", "fo:padding-bottom", "0.1cm",
                        "fo:padding-left", CELL_PADDING_X, "fo:padding-right", CELL_PADDING_X,
                        "fo:border", "0.5pt solid #000000", NULL)
      && end_element (w)
      && open_element (w, "style:style", "style:name", "Card.Value", "style:family", "table-cell", NULL)
      && empty_element (w, "style:table-cell-properties",
                        "fo:padding-top", "0.1cm", "fo:padding-bottom", "0.1cm",
                        "fo:padding-left", CELL_PADDING_X, "fo:padding-right", CELL_PADDING_X,
                        "fo:border", "0.5pt solid #000000", NULL)
      && end_element (w)
      && end_element (w);
}

static gboolean
write_cover (ExportContext *ctx)
{
  xmlTextWriter *w = ctx->w;
  g_autofree char *title = zona_store_get_meta (ctx->store, "title");
  g_autofree char *ambito = zona_store_get_meta (ctx->store, "ambito");
  g_autofree char *ente = zona_store_get_meta (ctx->store, "ente_capofila");
  g_autofree char *cycle = zona_store_get_meta (ctx->store, "cycle");

  if (!write_text (w, "P_Cover", NULL, !is_blank (title) ? title : "Piano di Zona"))
    return FALSE;
  if (!is_blank (ambito) && !write_text (w, "Subtitle", NULL, ambito))
    return FALSE;
  if (!is_blank (ente) && !write_text (w, "Subtitle", NULL, ente))
    return FALSE;
  if (!is_blank (cycle))
    {
      g_autofree char *line = g_strconcat ("Ciclo di programmazione ", cycle, NULL);

      if (!write_text (w, "Subtitle", NULL, line))
        return FALSE;
    }
  {
    /* The approval, as the Assemblea dei Sindaci gave it; "Bozza" until then. */
    g_autofree char *state = zona_store_get_meta (ctx->store, "approval_state");
    g_autofree char *date = zona_store_get_meta (ctx->store, "approval_date");
    g_autofree char *ref = zona_store_get_meta (ctx->store, "approval_ref");
    g_autofree char *line = NULL;

    if (g_strcmp0 (state, "approvato") == 0)
      line = g_strdup_printf ("Approvato dall'Assemblea dei Sindaci%s%s%s%s",
                              !is_blank (date) ? " il " : "", !is_blank (date) ? date : "",
                              !is_blank (ref) ? " — " : "", !is_blank (ref) ? ref : "");
    else
      line = g_strdup (!is_blank (state) ? state : "Bozza");
    if (!write_text (w, "Subtitle", NULL, line))
      return FALSE;
  }
  return empty_element (w, "text:p", "text:style-name", "P_PageBreak", NULL);
}

/* The chapters as the outline numbers them, for the table of contents. */
static gboolean
write_toc_entries (ExportContext *ctx,
                   gint64         parent,
                   const char    *prefix,
                   int            depth,
                   GHashTable    *seen)
{
  g_autoptr(GPtrArray) chapters = zona_store_list_chapters (ctx->store, parent);

  for (guint i = 0; i < chapters->len; i++)
    {
      const ZonaChapter *c = g_ptr_array_index (chapters, i);
      g_autofree char *number = prefix ? g_strdup_printf ("%s.%u", prefix, i + 1)
                                       : g_strdup_printf ("%u", i + 1);
      g_autofree char *style = g_strdup_printf ("Contents_20_%d", MIN (depth, TOC_LEVELS));
      g_autofree char *clean = sanitize_text (c->title);
      g_autofree char *line = g_strconcat (number, " ", clean, NULL);

      if (!g_hash_table_add (seen, g_memdup2 (&c->id, sizeof c->id)))
        continue;
      if (depth <= TOC_LEVELS
          && !(open_element (ctx->w, "text:p", "text:style-name", style, NULL)
               && write_inline (ctx->w, line, TRUE)
               && end_element (ctx->w)))
        return FALSE;
      if (!write_toc_entries (ctx, c->id, number, depth + 1, seen))
        return FALSE;
    }
  return TRUE;
}

/* An automatic table of contents whose body is already filled with the
 * chapters, so that it reads right before anyone updates it (page numbers
 * come when LibreOffice or Word updates the index). */
static gboolean
write_toc (ExportContext *ctx)
{
  xmlTextWriter *w = ctx->w;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  if (!open_element (w, "text:table-of-content", "text:name", "Indice", "text:protected", "true", NULL)
      || !open_element (w, "text:table-of-content-source", NULL)
      || !write_int_attribute (w, "text:outline-level", TOC_LEVELS)
      || !open_element (w, "text:index-title-template", "text:style-name", "Contents_20_Heading", NULL)
      || !write_string (w, "Indice")
      || !end_element (w))
    return FALSE;
  for (int level = 1; level <= TOC_LEVELS; level++)
    {
      g_autofree char *style = g_strdup_printf ("Contents_20_%d", level);

      if (!open_element (w, "text:table-of-content-entry-template", NULL)
          || !write_int_attribute (w, "text:outline-level", level)
          || !write_attribute (w, "text:style-name", style)
          || !empty_element (w, "text:index-entry-chapter", NULL)
          || !empty_element (w, "text:index-entry-text", NULL)
          || !empty_element (w, "text:index-entry-tab-stop", "style:type", "right",
                             "style:leader-char", ".", NULL)
          || !empty_element (w, "text:index-entry-page-number", NULL)
          || !end_element (w))
        return FALSE;
    }
  if (!end_element (w)
      || !start_element (w, "text:index-body")
      || !open_element (w, "text:index-title", "text:name", "Indice_titolo", NULL)
      || !open_element (w, "text:p", "text:style-name", "Contents_20_Heading", NULL)
      || !write_string (w, "Indice")
      || !end_element (w)
      || !end_element (w)
      || !write_toc_entries (ctx, 0, NULL, 1, seen)
      || !end_element (w)
      || !end_element (w))
    return FALSE;
  return empty_element (w, "text:p", "text:style-name", "P_PageBreak", NULL);
}

static gboolean
open_card_table (ExportContext *ctx,
                 const char    *header_label,
                 const char    *header_value)
{
  xmlTextWriter *w = ctx->w;
  g_autofree char *name = g_strdup_printf ("Scheda%u", ++ctx->n_tables);

  if (!open_element (w, "table:table", "table:name", name, "table:style-name", "Card", NULL)
      || !empty_element (w, "table:table-column", "table:style-name", "Card.A", NULL)
      || !empty_element (w, "table:table-column", "table:style-name", "Card.B", NULL))
    return FALSE;

  if (is_blank (header_label) && is_blank (header_value))
    return TRUE;
  return start_element (w, "table:table-header-rows")
      && start_element (w, "table:table-row")
      && open_element (w, "table:table-cell", "table:style-name", "Card.Head",
                       "office:value-type", "string", NULL)
      && write_text (w, "Table_20_Heading", NULL, header_label)
      && end_element (w)
      && open_element (w, "table:table-cell", "table:style-name", "Card.Head",
                       "office:value-type", "string", NULL)
      && write_text (w, "Table_20_Heading", NULL, header_value)
      && end_element (w)
      && end_element (w)
      && end_element (w);
}

/* Cell 1 of a grid row: the label. The row stays open for its value cell. */
static gboolean
open_card_row (xmlTextWriter *w,
               const char    *label)
{
  return open_element (w, "table:table-row", "table:style-name", "Card.Row", NULL)
      && open_element (w, "table:table-cell", "table:style-name", "Card.Label",
                       "office:value-type", "string", NULL)
      && write_text (w, "Table_20_Heading", NULL, label)
      && end_element (w)
      && open_element (w, "table:table-cell", "table:style-name", "Card.Value",
                       "office:value-type", "string", NULL);
}

static gboolean
close_card_row (xmlTextWriter *w)
{
  return end_element (w) && end_element (w);
}

/* The answers of one template row, in the template's order: the first field
 * plain, the others after their label; absent ones skipped. Returns the
 * number of values written through @n_written. */
/* A value as the reader sees it: "60%" for a stored "60"; a macro-area as
 * "A — its title" from the cycle's list, or the plan's own local area. */
static char *
format_value (ExportContext   *ctx,
              const ZonaField *field,
              const char      *value)
{
  if (field->kind == ZONA_FIELD_MACRO_AREA && value != NULL)
    {
      if (g_strcmp0 (field->scheme, "local") == 0)
        {
          gint64 id = zona_plan_data_find_local_area (ctx->store, value);
          g_autoptr(ZonaLocalArea) area = id ? zona_plan_data_get_local_area (ctx->store, id) : NULL;

          if (area != NULL)
            return area->code ? g_strdup_printf ("%s — %s", area->code, area->title)
                              : g_strdup (area->title);
        }
      else if (ctx->template != NULL)
        {
          GPtrArray *areas = zona_template_get_macro_areas (ctx->template);

          for (guint i = 0; i < areas->len; i++)
            {
              const ZonaMacroArea *a = g_ptr_array_index (areas, i);
              if (g_strcmp0 (a->scheme, "regional") == 0 && g_strcmp0 (a->code, value) == 0)
                return g_strdup_printf ("%s — %s", a->code, a->title);
            }
        }
    }
  return zona_value_format (field, value);
}

/* The rows of a repeated group or a table, one paragraph each: "Label: value
 * — Label: value". A table's fixed rows start with their label; in a matrix
 * of ticks (a choice with one option) a row lists the columns ticked. */
static gboolean
write_group_values (ExportContext   *ctx,
                    const ZonaField *field,
                    GHashTable      *fields,
                    const char      *style,
                    guint           *n_written)
{
  xmlTextWriter *w = ctx->w;
  guint n_rows = 0;
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, fields);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_autofree char *parent = NULL;
      guint row;

      if (zona_field_path_parse (key, &parent, &row, NULL) && g_str_equal (parent, field->key))
        n_rows = MAX (n_rows, MIN (row + 1, 10000));
    }
  if (field->kind == ZONA_FIELD_TABLE && field->row_labels->len > 0)
    n_rows = MIN (n_rows, field->row_labels->len);

  for (guint r = 0; r < n_rows; r++)
    {
      g_autoptr(GString) line = g_string_new (NULL);
      const char *row_label = field->kind == ZONA_FIELD_TABLE && r < field->row_labels->len
                              ? g_ptr_array_index (field->row_labels, r) : NULL;

      for (guint c = 0; c < field->children->len; c++)
        {
          const ZonaField *child = g_ptr_array_index (field->children, c);
          g_autofree char *path = zona_field_path (field->key, r, child->key);
          const char *value = g_hash_table_lookup (fields, path);
          g_autofree char *shown = NULL;

          if (is_blank (value))
            continue;
          if (line->len > 0)
            g_string_append (line, row_label && child->options->len == 1 ? ", " : " — ");
          if (child->kind == ZONA_FIELD_CHOICE && child->options->len == 1)
            {
              /* a tick: the column's name says it all */
              g_string_append (line, child->label ? child->label : child->key);
              continue;
            }
          shown = format_value (ctx, child, value);
          if (!is_blank (child->label))
            g_string_append_printf (line, "%s: ", child->label);
          g_string_append (line, shown);
        }
      if (line->len == 0)
        continue;
      if (!write_text (w, style, row_label, line->str))
        return FALSE;
      (*n_written)++;
    }
  return TRUE;
}

static gboolean
write_row_values (ExportContext *ctx,
                  const ZonaRow *row,
                  GHashTable    *fields,
                  const char    *style,
                  guint         *n_written)
{
  xmlTextWriter *w = ctx->w;

  *n_written = 0;

  for (guint i = 0; i < row->fields->len; i++)
    {
      const ZonaField *field = g_ptr_array_index (row->fields, i);
      const char *value = g_hash_table_lookup (fields, field->key);
      g_autofree char *shown = NULL;

      if (field->kind == ZONA_FIELD_GROUP || field->kind == ZONA_FIELD_TABLE)
        {
          if (!write_group_values (ctx, field, fields, style, n_written))
            return FALSE;
          continue;
        }
      if (is_blank (value))
        continue;
      shown = format_value (ctx, field, value);
      if (!write_text (w, style, i > 0 ? field->label : NULL, shown))
        return FALSE;
      (*n_written)++;
    }
  return TRUE;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Keys of @fields not in @used (or all of them when @used is NULL), sorted,
 * so that the output does not depend on hash table order. */
static GPtrArray *
sorted_keys (GHashTable *fields,
             GHashTable *used)
{
  GPtrArray *keys = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, fields);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if ((used == NULL || !g_hash_table_contains (used, key)) && !is_blank (value))
      g_ptr_array_add (keys, key);
  g_ptr_array_sort (keys, compare_strings);
  return keys;
}

/* Rows for answers no template row shows (or for every answer of a card
 * whose type is unknown): label = the field's label or key, then the value. */
static gboolean
write_extra_rows (xmlTextWriter      *w,
                  const ZonaCardType *type,
                  GHashTable         *fields,
                  GPtrArray          *keys)
{
  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);
      const char *value = g_hash_table_lookup (fields, key);
      const ZonaField *field = type != NULL ? zona_card_type_find_field (type, key) : NULL;
      g_autofree char *shown = field != NULL ? zona_value_format (field, value) : g_strdup (value);
      const char *label = field != NULL && !is_blank (field->label) ? field->label : key;

      if (!open_card_row (w, label)
          || !write_text (w, "Table_20_Contents", NULL, shown)
          || !close_card_row (w))
        return FALSE;
    }
  return TRUE;
}

static gboolean
row_has_values (const ZonaRow *row,
                GHashTable    *fields)
{
  for (guint i = 0; i < row->fields->len; i++)
    {
      const ZonaField *field = g_ptr_array_index (row->fields, i);
      g_autofree char *prefix = g_strconcat (field->key, "/", NULL);
      GHashTableIter iter;
      gpointer key, value;

      if (!is_blank (g_hash_table_lookup (fields, field->key)))
        return TRUE;
      g_hash_table_iter_init (&iter, fields);
      while (g_hash_table_iter_next (&iter, &key, &value))
        if (g_str_has_prefix (key, prefix) && !is_blank (value))
          return TRUE;
    }
  return FALSE;
}

static gboolean
write_card (ExportContext   *ctx,
            const ZonaBlock *block)
{
  xmlTextWriter *w = ctx->w;
  const ZonaCardType *type = NULL;
  g_autoptr(GHashTable) fields = zona_store_get_fields (ctx->store, block->id);
  g_autoptr(GHashTable) used = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) extra = NULL;
  const char *title = block->title;
  guint n_grid_rows = 0;

  if (block->card_type != NULL)
    type = zona_template_get_card_type (ctx->template, block->card_type);
  if (fields == NULL)
    fields = g_hash_table_new (g_str_hash, g_str_equal);

  if (is_blank (title))
    title = type != NULL ? type->title : block->card_type;
  if (!write_text (w, "Card_20_Title", NULL, title != NULL ? title : ""))
    return FALSE;

  if (type == NULL)
    {
      /* A card type this template does not know: show what is stored. */
      extra = sorted_keys (fields, NULL);
      if (extra->len == 0)
        return TRUE;
      return open_card_table (ctx, NULL, NULL)
          && write_extra_rows (w, NULL, fields, extra)
          && end_element (w);
    }

  /* Context rows come before the grid, as labelled paragraphs. */
  for (guint i = 0; i < type->rows->len; i++)
    {
      const ZonaRow *row = g_ptr_array_index (type->rows, i);
      guint n_written;

      if (!row->context)
        {
          n_grid_rows++;
          continue;
        }
      /* An unanswered context row says nothing: leave it out. */
      if (!row_has_values (row, fields))
        continue;
      if (!write_text (w, "Card_20_Label", NULL, row->label)
          || !write_row_values (ctx, row, fields, "Text_20_body", &n_written))
        return FALSE;
    }

  /* Answers no template row shows get rows of their own after the grid.
   * Know them before the table starts: a table needs at least one row. */
  for (guint i = 0; i < type->rows->len; i++)
    {
      const ZonaRow *row = g_ptr_array_index (type->rows, i);

      for (guint j = 0; j < row->fields->len; j++)
        g_hash_table_add (used, ((ZonaField *) g_ptr_array_index (row->fields, j))->key);
    }
  /* Cells of groups and tables are shown in their row, when the template knows them. */
  {
    GHashTableIter iter;
    gpointer key;

    g_hash_table_iter_init (&iter, fields);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      {
        g_autofree char *parent = NULL;
        guint r;
        const ZonaField *p;

        if (zona_field_path_parse (key, &parent, &r, NULL)
            && zona_card_type_find_field (type, key) != NULL
            && (p = zona_card_type_find_field (type, parent)) != NULL
            && (p->kind != ZONA_FIELD_TABLE || p->row_labels->len == 0 || r < p->row_labels->len))
          g_hash_table_add (used, key);
      }
  }
  extra = sorted_keys (fields, used);
  if (n_grid_rows + extra->len == 0)
    return TRUE;

  if (!open_card_table (ctx, type->header_label, type->header_value))
    return FALSE;
  for (guint i = 0; i < type->rows->len; i++)
    {
      const ZonaRow *row = g_ptr_array_index (type->rows, i);
      guint n_written;

      if (row->context)
        continue;
      /* Rows are written even when empty, so that the grid is complete. */
      if (!open_card_row (w, row->label)
          || !write_row_values (ctx, row, fields, "Table_20_Contents", &n_written))
        return FALSE;
      if (n_written == 0
          && !empty_element (w, "text:p", "text:style-name", "Table_20_Contents", NULL))
        return FALSE;
      if (!close_card_row (w))
        return FALSE;
    }
  return write_extra_rows (w, type, fields, extra) && end_element (w);
}

/* ---- charts: native ODF chart objects --------------------------------- */

static void package_part_free (gpointer data);

static PackagePart *
new_part (const char *name,
          xmlBuffer  *buffer,
          const char *media_type)
{
  PackagePart *part = g_new0 (PackagePart, 1);

  part->name = g_strdup (name);
  part->buffer = buffer;
  part->media_type = g_strdup (media_type);
  return part;
}

/* "A", "B" … "Z", "AA" … for cell addresses. */
static char *
column_letters (guint index)
{
  char buf[8];
  int i = G_N_ELEMENTS (buf) - 1;

  buf[i] = '\0';
  index++;
  while (index > 0 && i > 0)
    {
      buf[--i] = 'A' + (index - 1) % 26;
      index = (index - 1) / 26;
    }
  return g_strdup (buf + i);
}

static const char *
chart_class (ZonaChartKind kind)
{
  switch (kind)
    {
    case ZONA_CHART_LINE:  return "chart:line";
    case ZONA_CHART_PIE:   return "chart:circle";
    case ZONA_CHART_DONUT: return "chart:ring";
    default:               return "chart:bar";
    }
}

static gboolean
write_colour_style (xmlTextWriter *w,
                   const char    *name,
                   guint          index)
{
  ZonaChartStyle print = zona_chart_style_print ();
  ZonaChartColor c = zona_chart_style_series_color (&print, index);
  g_autofree char *hex = g_strdup_printf ("#%02x%02x%02x", (int) (c.red * 255 + 0.5),
                                          (int) (c.green * 255 + 0.5), (int) (c.blue * 255 + 0.5));

  return open_element (w, "style:style", "style:name", name, "style:family", "chart", NULL)
      && empty_element (w, "style:graphic-properties", "draw:fill", "solid",
                        "draw:fill-color", hex, "svg:stroke-color", hex, NULL)
      && end_element (w);
}

/* The colours of the replacement picture, so that the chart looks the same
 * drawn by Zona or by an office suite (Okabe–Ito, readable by colour-blind
 * readers). */
static gboolean
write_series_styles (xmlTextWriter       *w,
                     const ZonaChartData *data,
                     gboolean             pie)
{
  guint n = pie ? zona_chart_data_get_n_categories (data) : data->series->len;

  for (guint i = 0; i < data->series->len; i++)
    {
      g_autofree char *name = g_strdup_printf ("s%u", i);
      if (!write_colour_style (w, name, i))
        return FALSE;
    }
  for (guint i = 0; pie && i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("p%u", i);
      if (!write_colour_style (w, name, i))
        return FALSE;
    }
  return TRUE;
}

/* The chart's own document: the chart with its data in a local table, so that
 * it stays a chart (editable, with its figures) in LibreOffice. */
static gboolean
build_chart_object (const ZonaChartData *data,
                    xmlBuffer           *buffer)
{
  g_autoptr(xmlTextWriter) w = new_writer (buffer, FALSE);
  guint n_cat = zona_chart_data_get_n_categories (data);
  guint n_series = data->series->len;
  gboolean horizontal = data->kind == ZONA_CHART_HBAR || data->kind == ZONA_CHART_PYRAMID;
  gboolean stacked = data->kind == ZONA_CHART_STACKED_BAR;
  gboolean pie = data->kind == ZONA_CHART_PIE || data->kind == ZONA_CHART_DONUT;
  g_autofree char *width = g_strdup_printf ("%.1fcm", CHART_WIDTH_CM);
  g_autofree char *height = g_strdup_printf ("%.1fcm", CHART_HEIGHT_CM);
  g_autofree char *last_row = g_strdup_printf ("%u", n_cat + 1);
  gboolean ok;

  if (w == NULL)
    return FALSE;
  ok = start_element (w, "office:document-content")
    && write_namespaces (w, "office", "style", "text", "table", "chart", "svg", "draw", "fo", NULL)
    && write_attribute (w, "office:version", ODF_VERSION)
    && start_element (w, "office:automatic-styles")
    && open_element (w, "style:style", "style:name", "pa", "style:family", "chart", NULL)
    && empty_element (w, "style:chart-properties",
                      "chart:vertical", horizontal ? "true" : "false",
                      "chart:stacked", stacked ? "true" : "false",
                      "chart:overlap", data->kind == ZONA_CHART_PYRAMID ? "100" : "0", NULL)
    && end_element (w)
    && open_element (w, "style:style", "style:name", "ax", "style:family", "chart", NULL)
    && empty_element (w, "style:chart-properties", "chart:display-label", "true", NULL)
    && empty_element (w, "style:text-properties", "fo:font-size", "8pt", NULL)
    && end_element (w)
    && write_series_styles (w, data, pie)
    && end_element (w)
    && start_element (w, "office:body")
    && start_element (w, "office:chart")
    && open_element (w, "chart:chart", "chart:class", chart_class (data->kind),
                     "svg:width", width, "svg:height", height, NULL);
  if (ok && !is_blank (data->title))
    ok = start_element (w, "chart:title") && text_element (w, "text:p", data->title) && end_element (w);
  if (ok && (n_series > 1 || pie))
    ok = empty_element (w, "chart:legend", "chart:legend-position", "end", NULL);
  ok = ok && open_element (w, "chart:plot-area", "chart:style-name", "pa",
                           "chart:data-source-has-labels", "both", NULL);
  if (ok && !pie)
    {
      g_autofree char *cats = g_strdup_printf ("local-table.$A$2:.$A$%s", last_row);
      ok = open_element (w, "chart:axis", "chart:dimension", "x", "chart:name", "primary-x",
                         "chart:style-name", "ax", NULL)
        && empty_element (w, "chart:categories", "table:cell-range-address", cats, NULL)
        && end_element (w)
        && open_element (w, "chart:axis", "chart:dimension", "y", "chart:name", "primary-y",
                         "chart:style-name", "ax", NULL)
        && empty_element (w, "chart:grid", "chart:class", "major", NULL)
        && end_element (w);
    }
  for (guint i = 0; ok && i < n_series; i++)
    {
      g_autofree char *col = column_letters (i + 1);
      g_autofree char *values = g_strdup_printf ("local-table.$%s$2:.$%s$%s", col, col, last_row);
      g_autofree char *label = g_strdup_printf ("local-table.$%s$1", col);

      g_autofree char *style = g_strdup_printf ("s%u", i);

      ok = open_element (w, "chart:series", "chart:class", chart_class (data->kind),
                         "chart:style-name", style,
                         "chart:values-cell-range-address", values,
                         "chart:label-cell-address", label, NULL);
      /* a pie's wedges are its data points: each its own colour */
      for (guint r = 0; ok && pie && r < n_cat; r++)
        {
          g_autofree char *point = g_strdup_printf ("p%u", r);
          ok = empty_element (w, "chart:data-point", "chart:style-name", point, NULL);
        }
      ok = ok && end_element (w);
    }
  ok = ok && end_element (w);   /* plot-area */

  /* local-table: the first column the categories, one column per series. */
  ok = ok && open_element (w, "table:table", "table:name", "local-table", NULL)
    && start_element (w, "table:table-header-columns")
    && empty_element (w, "table:table-column", NULL)
    && end_element (w)
    && start_element (w, "table:table-columns");
  for (guint i = 0; ok && i < n_series; i++)
    ok = empty_element (w, "table:table-column", NULL);
  ok = ok && end_element (w)
    && start_element (w, "table:table-header-rows")
    && start_element (w, "table:table-row")
    && start_element (w, "table:table-cell") && empty_element (w, "text:p", NULL) && end_element (w);
  for (guint i = 0; ok && i < n_series; i++)
    {
      const ZonaChartSeries *series = g_ptr_array_index (data->series, i);
      ok = open_element (w, "table:table-cell", "office:value-type", "string", NULL)
        && text_element (w, "text:p", series->name ? series->name : "")
        && end_element (w);
    }
  ok = ok && end_element (w) && end_element (w) && start_element (w, "table:table-rows");
  for (guint r = 0; ok && r < n_cat; r++)
    {
      const char *category = r < data->categories->len ? g_ptr_array_index (data->categories, r) : "";

      ok = start_element (w, "table:table-row")
        && open_element (w, "table:table-cell", "office:value-type", "string", NULL)
        && text_element (w, "text:p", category)
        && end_element (w);
      for (guint i = 0; ok && i < n_series; i++)
        {
          double v = zona_chart_data_get_value (data, i, r);
          char buf[G_ASCII_DTOSTR_BUF_SIZE];

          if (isnan (v))
            ok = start_element (w, "table:table-cell") && end_element (w);
          else
            {
              g_ascii_formatd (buf, sizeof buf, "%.15g", v);
              ok = open_element (w, "table:table-cell", "office:value-type", "float",
                                 "office:value", buf, NULL)
                && text_element (w, "text:p", buf)
                && end_element (w);
            }
        }
      ok = ok && end_element (w);
    }
  return ok
    && end_element (w)      /* table-rows */
    && end_element (w)      /* table */
    && end_element (w)      /* chart:chart */
    && end_element (w)      /* office:chart */
    && end_element (w)      /* office:body */
    && end_element (w)
    && finish_writer (w);
}

/* A chart block: a frame holding the chart object and its picture, with the
 * title and alternative text, then a numbered caption. */
static gboolean
write_chart (ExportContext   *ctx,
             const ZonaBlock *block)
{
  xmlTextWriter *w = ctx->w;
  gint64 chart_id = block->ref_uid ? zona_plan_data_find_chart (ctx->store, block->ref_uid) : 0;
  g_autoptr(ZonaChartData) data = chart_id ? zona_chart_data_from_table (ctx->store, chart_id, NULL) : NULL;
  g_autofree char *object = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *content_name = NULL;
  g_autofree char *picture = NULL;
  g_autofree char *object_href = NULL;
  g_autofree char *picture_href = NULL;
  g_autofree char *frame_name = NULL;
  g_autofree char *width = g_strdup_printf ("%.1fcm", CHART_WIDTH_CM);
  g_autofree char *height = g_strdup_printf ("%.1fcm", CHART_HEIGHT_CM);
  g_autofree char *alt = NULL;
  g_autofree char *caption = NULL;
  xmlBuffer *chart_xml;
  gboolean have_picture = FALSE;

  if (data == NULL)
    return TRUE;   /* a dangling chart shows nothing rather than failing the export */

  ctx->n_charts++;
  object = g_strdup_printf ("Object %u", ctx->n_charts);
  folder = g_strconcat (object, "/", NULL);
  content_name = g_strconcat (object, "/content.xml", NULL);
  picture = g_strdup_printf ("Pictures/chart%u.png", ctx->n_charts);
  object_href = g_strconcat ("./", object, NULL);
  picture_href = g_strconcat ("./", picture, NULL);
  frame_name = g_strdup_printf ("Grafico %u", ctx->n_charts);

  chart_xml = xmlBufferCreate ();
  if (chart_xml == NULL || !build_chart_object (data, chart_xml))
    {
      if (chart_xml)
        xmlBufferFree (chart_xml);
      return FALSE;
    }
  g_ptr_array_add (ctx->extra, new_part (folder, NULL, "application/vnd.oasis.opendocument.chart"));
  g_ptr_array_add (ctx->extra, new_part (content_name, chart_xml, NULL));

  /* The picture readers show when they cannot draw the chart themselves. */
  {
    g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
    int px_w = (int) (CHART_WIDTH_CM / 2.54 * CHART_DPI);
    int px_h = (int) (CHART_HEIGHT_CM / 2.54 * CHART_DPI);

    if (zona_chart_write_png (data, out, px_w, px_h, CHART_DPI, NULL)
        && g_output_stream_close (out, NULL, NULL))
      {
        xmlBuffer *png = xmlBufferCreate ();
        GMemoryOutputStream *mem = G_MEMORY_OUTPUT_STREAM (out);

        xmlBufferAdd (png, g_memory_output_stream_get_data (mem),
                      (int) g_memory_output_stream_get_data_size (mem));
        g_ptr_array_add (ctx->extra, new_part (picture, png, "image/png"));
        have_picture = TRUE;
      }
  }

  alt = data->alt_text && *data->alt_text ? g_strdup (data->alt_text) : zona_chart_alt_text (data);
  if (!open_element (w, "text:p", "text:style-name", "Text_20_body", NULL)
      || !open_element (w, "draw:frame", "draw:name", frame_name, "text:anchor-type", "as-char",
                        "svg:width", width, "svg:height", height, NULL)
      || !empty_element (w, "draw:object", "xlink:href", object_href, "xlink:type", "simple",
                         "xlink:show", "embed", "xlink:actuate", "onLoad", NULL)
      || (have_picture
          && !empty_element (w, "draw:image", "xlink:href", picture_href, "xlink:type", "simple",
                             "xlink:show", "embed", "xlink:actuate", "onLoad", NULL))
      || !text_element (w, "svg:title", !is_blank (data->title) ? data->title : frame_name)
      || !text_element (w, "svg:desc", alt)
      || !end_element (w)
      || !end_element (w))
    return FALSE;

  caption = g_strdup_printf ("Grafico %u – %s%s%s", ctx->n_charts,
                             !is_blank (data->title) ? data->title : "",
                             !is_blank (data->caption) ? ". " : "",
                             !is_blank (data->caption) ? data->caption : "");
  return write_text (w, "Caption", NULL, caption);
}

/* A data table: a caption, a header row repeated on every page, one row per
 * data row (no merged cells), figures as numbers with their printed text. */
static gboolean
write_data_table (ExportContext   *ctx,
                  const ZonaBlock *block)
{
  xmlTextWriter *w = ctx->w;
  gint64 table_id = block->ref_uid ? zona_plan_data_find_table (ctx->store, block->ref_uid) : 0;
  g_autoptr(ZonaTableContents) contents = table_id ? zona_plan_data_get_table_contents (ctx->store, table_id) : NULL;
  g_autofree char *name = NULL;
  g_autofree char *caption = NULL;

  if (contents == NULL || contents->columns->len == 0)
    return TRUE;   /* a dangling reference shows nothing rather than failing the export */

  name = g_strdup_printf ("Tabella%u", ++ctx->n_data_tables);
  caption = g_strdup_printf ("Tabella %u – %s", ctx->n_data_tables, contents->table->title);
  if (!write_text (w, "Caption", NULL, caption)
      || !open_element (w, "table:table", "table:name", name, "table:style-name", "Data", NULL))
    return FALSE;
  for (guint c = 0; c < contents->columns->len; c++)
    if (!empty_element (w, "table:table-column", "table:style-name", "Data.Col", NULL))
      return FALSE;

  if (!start_element (w, "table:table-header-rows") || !start_element (w, "table:table-row"))
    return FALSE;
  for (guint c = 0; c < contents->columns->len; c++)
    {
      const ZonaDataColumn *col = g_ptr_array_index (contents->columns, c);
      g_autofree char *head = col->unit ? g_strdup_printf ("%s (%s)", col->name, col->unit)
                                        : g_strdup (col->name);

      if (!open_element (w, "table:table-cell", "table:style-name", "Card.Head",
                         "office:value-type", "string", NULL)
          || !write_text (w, "Table_20_Heading", NULL, head)
          || !end_element (w))
        return FALSE;
    }
  if (!end_element (w) || !end_element (w))
    return FALSE;

  for (guint r = 0; r < contents->rows->len; r++)
    {
      const ZonaDataRow *row = g_ptr_array_index (contents->rows, r);

      if (!start_element (w, "table:table-row"))
        return FALSE;
      for (guint c = 0; c < contents->columns->len; c++)
        {
          const ZonaDataColumn *col = g_ptr_array_index (contents->columns, c);
          const char *cell = c < row->cells->len ? g_ptr_array_index (row->cells, c) : NULL;
          g_autofree char *computed = NULL;
          double v;
          gboolean number;

          /* A total left empty is the sum of the rows above, as on screen. */
          if (cell == NULL && row->is_total && zona_column_type_adds_up (col->type)
              && zona_table_contents_sum_above (contents, r, c, &v))
            cell = computed = zona_data_total_text (col->type, v);
          number = cell != NULL && col->type != ZONA_COLUMN_TEXT
                   && zona_value_parse_number (cell, &v);

          if (number)
            {
              char buf[G_ASCII_DTOSTR_BUF_SIZE];
              /* 15 significant digits: the figure as printed, without binary noise */
              g_ascii_formatd (buf, sizeof buf, "%.15g",
                               col->type == ZONA_COLUMN_PERCENTAGE ? v / 100.0 : v);
              if (!open_element (w, "table:table-cell", "table:style-name", "Card.Value",
                                 "office:value-type", col->type == ZONA_COLUMN_PERCENTAGE ? "percentage" : "float",
                                 "office:value", buf, NULL))
                return FALSE;
            }
          else if (!open_element (w, "table:table-cell", "table:style-name", "Card.Value",
                                  "office:value-type", "string", NULL))
            return FALSE;
          if (!write_text (w, row->is_total ? "Table_20_Heading" : "Table_20_Contents", NULL,
                           cell ? cell : "")
              || !end_element (w))
            return FALSE;
        }
      if (!end_element (w))
        return FALSE;
    }
  if (!end_element (w))
    return FALSE;

  if (!is_blank (contents->table->source) || !is_blank (contents->table->ref_date))
    {
      g_autofree char *note = g_strdup_printf ("Fonte: %s%s%s",
                                               !is_blank (contents->table->source) ? contents->table->source : "—",
                                               !is_blank (contents->table->ref_date) ? "; dati al " : "",
                                               !is_blank (contents->table->ref_date) ? contents->table->ref_date : "");
      if (!write_text (w, "Caption", NULL, note))
        return FALSE;
    }
  return TRUE;
}

static gboolean
write_chapter (ExportContext      *ctx,
               const ZonaChapter  *chapter,
               int                 depth,
               GError            **error)
{
  g_autoptr(GPtrArray) blocks = NULL;
  g_autoptr(GPtrArray) children = NULL;

  if (g_cancellable_set_error_if_cancelled (ctx->cancellable, error))
    return FALSE;
  if (!g_hash_table_add (ctx->visited, g_memdup2 (&chapter->id, sizeof chapter->id)))
    return TRUE;

  if (!write_heading (ctx->w, MIN (depth, MAX_OUTLINE_LEVEL), chapter->title))
    goto xml_failed;
  ctx->last_heading = MIN (depth, MAX_OUTLINE_LEVEL);

  blocks = zona_store_list_blocks (ctx->store, chapter->id);
  for (guint i = 0; i < blocks->len; i++)
    {
      const ZonaBlock *block = g_ptr_array_index (blocks, i);
      gboolean ok;

      if (block->kind == ZONA_BLOCK_CARD)
        ok = close_lists (ctx, 0) && write_card (ctx, block);
      else if (block->kind == ZONA_BLOCK_TABLE)
        ok = close_lists (ctx, 0) && write_data_table (ctx, block);
      else if (block->kind == ZONA_BLOCK_CHART)
        ok = close_lists (ctx, 0) && write_chart (ctx, block);
      else
        ok = write_text_block (ctx, block, depth);
      if (!ok)
        goto xml_failed;
    }
  if (!close_lists (ctx, 0))
    goto xml_failed;

  children = zona_store_list_chapters (ctx->store, chapter->id);
  for (guint i = 0; i < children->len; i++)
    if (!write_chapter (ctx, g_ptr_array_index (children, i), depth + 1, error))
      return FALSE;
  return TRUE;

xml_failed:
  g_set_error_literal (error, ZONA_EXPORT_ERROR, ZONA_EXPORT_ERROR_FAILED,
                       _("Could not compose the document"));
  return FALSE;
}

/* ---- annex: meeting records ---------------------------------------------- */

/* A heading outside the chapters' numbering. */
static gboolean
write_annex_heading (xmlTextWriter *w,
                     int            level,
                     const char    *text)
{
  g_autofree char *style = g_strdup_printf ("Heading_20_%d", level);
  g_autofree char *clean = sanitize_text (text);

  return open_element (w, "text:h", "text:style-name", style, NULL)
      && write_int_attribute (w, "text:outline-level", level)
      && write_attribute (w, "text:is-list-header", "true")
      && write_inline (w, clean, TRUE)
      && end_element (w);
}

/* "2024-03-12" → "12/03/2024"; anything else as it is. */
static char *
italian_date (const char *iso)
{
  if (iso != NULL && strlen (iso) == 10 && iso[4] == '-' && iso[7] == '-')
    return g_strdup_printf ("%.2s/%.2s/%.4s", iso + 8, iso + 5, iso);
  return g_strdup (iso != NULL ? iso : "");
}

/* After the chapters, when the plan has meetings: one section per meeting,
 * with its date, tavolo, attendees, cards discussed and decisions. */
static gboolean
write_meetings_annex (ExportContext *ctx)
{
  xmlTextWriter *w = ctx->w;
  g_autoptr(GPtrArray) meetings = zona_meeting_list (ctx->store);

  if (meetings->len == 0)
    return TRUE;
  if (!empty_element (w, "text:p", "text:style-name", "P_PageBreak", NULL)
      || !write_annex_heading (w, 1, "Allegato – Verbali degli incontri dei tavoli"))
    return FALSE;
  ctx->last_heading = 1;

  for (guint i = 0; i < meetings->len; i++)
    {
      ZonaMeeting *m = g_ptr_array_index (meetings, i);
      g_autoptr(GArray) attendees = zona_meeting_list_attendees (ctx->store, m->id);
      g_autoptr(GPtrArray) cards = zona_meeting_list_cards (ctx->store, m->id);
      g_autofree char *date = italian_date (m->date);
      g_autofree char *title = NULL;
      g_autoptr(GString) names = g_string_new (NULL);

      title = !is_blank (m->tavolo) ? g_strdup_printf ("Incontro del %s – %s", date, m->tavolo)
                                    : g_strdup_printf ("Incontro del %s", date);
      if (!write_annex_heading (w, 2, title)
          || !write_text (w, "Text_20_body", "Data", date)
          || !write_text (w, "Text_20_body", "Tavolo", !is_blank (m->tavolo) ? m->tavolo : "—"))
        return FALSE;

      for (guint j = 0; j < attendees->len; j++)
        {
          g_autoptr(ZonaActor) a = zona_plan_data_get_actor (ctx->store,
                                                             g_array_index (attendees, gint64, j));
          if (a == NULL)
            continue;
          if (names->len > 0)
            g_string_append (names, ", ");
          g_string_append (names, a->name);
        }
      if (!write_text (w, "Text_20_body", "Presenti", names->len > 0 ? names->str : "—"))
        return FALSE;

      if (cards->len == 0)
        {
          if (!write_text (w, "Text_20_body", "Schede discusse", "—"))
            return FALSE;
        }
      else
        {
          if (!write_text (w, "Text_20_body", "Schede discusse", ""))
            return FALSE;
          for (guint j = 0; j < cards->len; j++)
            {
              ZonaMeetingCard *c = g_ptr_array_index (cards, j);
              g_autoptr(ZonaBlock) card = zona_store_get_block (ctx->store, c->card_id);
              const char *card_title = card != NULL && !is_blank (card->title)
                                       ? card->title : "Scheda senza titolo";
              gboolean ok;

              if (!is_blank (c->note))
                ok = write_text (w, "Text_20_body", card_title, c->note);
              else
                ok = write_text (w, "Text_20_body", NULL, card_title);
              if (!ok)
                return FALSE;
            }
        }

      if (!write_text (w, "Text_20_body", "Decisioni",
                       !is_blank (m->decisions) ? m->decisions : "—"))
        return FALSE;
    }
  return TRUE;
}

static gboolean
build_content (ExportContext  *ctx,
               xmlBuffer      *buffer,
               GError        **error)
{
  g_autoptr(xmlTextWriter) w = new_writer (buffer, FALSE);
  g_autoptr(GPtrArray) chapters = NULL;

  ctx->w = w;
  if (w == NULL
      || !start_element (w, "office:document-content")
      || !write_namespaces (w, "office", "style", "text", "table", "fo", "xlink", "draw", "svg", NULL)
      || !write_attribute (w, "office:version", ODF_VERSION)
      || !write_content_styles (w)
      || !start_element (w, "office:body")
      || !start_element (w, "office:text")
      || !write_cover (ctx)
      || !write_toc (ctx))
    goto xml_failed;

  chapters = zona_store_list_chapters (ctx->store, 0);
  for (guint i = 0; i < chapters->len; i++)
    {
      if (ctx->progress != NULL)
        ctx->progress ((double) i / chapters->len * 0.9, ctx->progress_data);
      if (!write_chapter (ctx, g_ptr_array_index (chapters, i), 1, error))
        {
          ctx->w = NULL;
          return FALSE;
        }
    }

  if (!write_meetings_annex (ctx))
    goto xml_failed;

  ctx->w = NULL;
  if (!end_element (w) || !end_element (w) || !end_element (w) || !finish_writer (w))
    goto xml_failed;
  return TRUE;

xml_failed:
  ctx->w = NULL;
  g_set_error_literal (error, ZONA_EXPORT_ERROR, ZONA_EXPORT_ERROR_FAILED,
                       _("Could not compose the document"));
  return FALSE;
}

/* ---- styles.xml --------------------------------------------------------- */

typedef struct {
  const char *name;
  const char *display_name;
  const char *parent;
  const char *next;
  const char *class;
} NamedStyle;

static gboolean open_named_style (xmlTextWriter *w, const NamedStyle *s);

/* "Contents 1" … "Contents 3": a right tab with dot leaders for the page number. */
static gboolean
write_contents_styles (xmlTextWriter *w)
{
  for (int level = 1; level <= TOC_LEVELS; level++)
    {
      g_autofree char *name = g_strdup_printf ("Contents_20_%d", level);
      g_autofree char *display = g_strdup_printf ("Contents %d", level);
      g_autofree char *indent = g_strdup_printf ("%.1fcm", 0.5 * (level - 1));
      NamedStyle st = { name, display, "Standard", NULL, "index" };

      if (!open_named_style (w, &st)
          || !open_element (w, "style:paragraph-properties", "fo:margin-left", indent,
                            "fo:margin-bottom", "0.1cm", NULL)
          || !start_element (w, "style:tab-stops")
          || !empty_element (w, "style:tab-stop", "style:position", "17cm", "style:type", "right",
                             "style:leader-style", "dotted", "style:leader-text", ".", NULL)
          || !end_element (w)
          || !end_element (w)
          || !end_element (w))
        return FALSE;
    }
  return TRUE;
}

static gboolean
open_named_style (xmlTextWriter    *w,
                  const NamedStyle *s)
{
  return open_element (w, "style:style", "style:name", s->name, NULL)
      && (s->display_name == NULL || write_attribute (w, "style:display-name", s->display_name))
      && write_attribute (w, "style:family", "paragraph")
      && (s->parent == NULL || write_attribute (w, "style:parent-style-name", s->parent))
      && (s->next == NULL || write_attribute (w, "style:next-style-name", s->next))
      && write_attribute (w, "style:class", s->class);
}

static gboolean
write_heading_styles (xmlTextWriter *w)
{
  /* Sizes for levels 1–5; deeper levels share the last one. */
  static const char * const sizes[] = { "17pt", "14pt", "12.5pt", "11.5pt", "11pt" };

  for (int level = 1; level <= MAX_OUTLINE_LEVEL; level++)
    {
      g_autofree char *name = g_strdup_printf ("Heading_20_%d", level);
      g_autofree char *display = g_strdup_printf ("Heading %d", level);
      NamedStyle s = { name, display, "Heading", "Text_20_body", "text" };

      if (!open_named_style (w, &s)
          || !write_int_attribute (w, "style:default-outline-level", level)
          || !open_element (w, "style:text-properties",
                            "fo:font-size", sizes[MIN (level, (int) G_N_ELEMENTS (sizes)) - 1],
                            "fo:font-weight", "bold", NULL)
          || (level >= 4 && !write_attribute (w, "fo:font-style", "italic"))
          || !end_element (w)
          || !end_element (w))
        return FALSE;
    }
  return TRUE;
}

static gboolean
write_outline_style (xmlTextWriter *w)
{
  if (!open_element (w, "text:outline-style", "style:name", "Outline", NULL))
    return FALSE;
  for (int level = 1; level <= MAX_OUTLINE_LEVEL; level++)
    {
      if (!start_element (w, "text:outline-level-style")
          || !write_int_attribute (w, "text:level", level)
          || !write_attribute (w, "style:num-format", "1")
          || !write_int_attribute (w, "text:display-levels", level)
          || !open_element (w, "style:list-level-properties",
                            "text:list-level-position-and-space-mode", "label-alignment", NULL)
          || !empty_element (w, "style:list-level-label-alignment",
                             "text:label-followed-by", "space", NULL)
          || !end_element (w)
          || !end_element (w))
        return FALSE;
    }
  return end_element (w);
}

static gboolean
write_page_styles (xmlTextWriter *w,
                   const char    *title)
{
  return start_element (w, "office:automatic-styles")
      && open_element (w, "style:page-layout", "style:name", "pm1", NULL)
      && empty_element (w, "style:page-layout-properties",
                        "fo:page-width", "21cm", "fo:page-height", "29.7cm",
                        "style:print-orientation", "portrait",
                        "fo:margin-top", "2cm", "fo:margin-bottom", "2cm",
                        "fo:margin-left", "2cm", "fo:margin-right", "2cm", NULL)
      && start_element (w, "style:header-style")
      && empty_element (w, "style:header-footer-properties",
                        "fo:min-height", "0cm", "fo:margin-bottom", "0.5cm", NULL)
      && end_element (w)
      && start_element (w, "style:footer-style")
      && empty_element (w, "style:header-footer-properties",
                        "fo:min-height", "0cm", "fo:margin-top", "0.5cm", NULL)
      && end_element (w)
      && end_element (w)
      && end_element (w)

      && start_element (w, "office:master-styles")
      && open_element (w, "style:master-page", "style:name", "Standard",
                       "style:page-layout-name", "pm1", NULL)
      && start_element (w, "style:header")
      && write_text (w, "Header", NULL, title)
      && end_element (w)
      && start_element (w, "style:footer")
      && open_element (w, "text:p", "text:style-name", "Footer", NULL)
      && empty_element (w, "text:page-number", "text:select-page", "current", NULL)
      && end_element (w)
      && end_element (w)
      && end_element (w)
      /* The cover page: no header or footer; the next page is a Standard one. */
      && empty_element (w, "style:master-page", "style:name", "First_20_Page",
                        "style:display-name", "First Page", "style:page-layout-name", "pm1",
                        "style:next-style-name", "Standard", NULL)
      && end_element (w);
}

static gboolean
build_styles (ExportContext  *ctx,
              xmlBuffer      *buffer,
              GError        **error)
{
  static const NamedStyle standard = { "Standard", NULL, NULL, NULL, "text" };
  static const NamedStyle heading = { "Heading", NULL, "Standard", "Text_20_body", "text" };
  static const NamedStyle body = { "Text_20_body", "Text body", "Standard", NULL, "text" };
  static const NamedStyle title = { "Title", NULL, "Heading", "Subtitle", "chapter" };
  static const NamedStyle subtitle = { "Subtitle", NULL, "Heading", "Text_20_body", "chapter" };
  static const NamedStyle contents = { "Table_20_Contents", "Table Contents", "Standard", NULL, "extra" };
  static const NamedStyle table_heading = { "Table_20_Heading", "Table Heading",
                                            "Table_20_Contents", NULL, "extra" };
  static const NamedStyle caption = { "Caption", NULL, "Standard", NULL, "extra" };
  static const NamedStyle header = { "Header", NULL, "Standard", NULL, "extra" };
  static const NamedStyle footer = { "Footer", NULL, "Standard", NULL, "extra" };
  static const NamedStyle card_title = { "Card_20_Title", "Card Title", "Heading",
                                         "Text_20_body", "text" };
  static const NamedStyle card_label = { "Card_20_Label", "Card Label", "Text_20_body",
                                         "Text_20_body", "text" };
  static const NamedStyle footnote = { "Footnote", NULL, "Standard", NULL, "extra" };
  static const NamedStyle toc_heading = { "Contents_20_Heading", "Contents Heading", "Heading",
                                          NULL, "index" };
  static const NamedStyle list_contents = { "List_20_Contents", "List Contents", "Text_20_body",
                                            NULL, "list" };
  g_autoptr(xmlTextWriter) w = new_writer (buffer, FALSE);
  g_autofree char *plan_title = zona_store_get_meta (ctx->store, "title");

  if (w != NULL
      && start_element (w, "office:document-styles")
      && write_namespaces (w, "office", "style", "text", "fo", "svg", NULL)
      && write_attribute (w, "office:version", ODF_VERSION)

      && start_element (w, "office:font-face-decls")
      && empty_element (w, "style:font-face", "style:name", "Liberation Sans",
                        "svg:font-family", "'Liberation Sans'",
                        "style:font-family-generic", "swiss", "style:font-pitch", "variable", NULL)
      && end_element (w)

      && start_element (w, "office:styles")
      && open_element (w, "style:default-style", "style:family", "paragraph", NULL)
      && empty_element (w, "style:paragraph-properties", "style:writing-mode", "lr-tb", NULL)
      && empty_element (w, "style:text-properties", "style:font-name", "Liberation Sans",
                        "fo:font-size", "11pt", "fo:language", "it", "fo:country", "IT",
                        "fo:hyphenate", "false", NULL)
      && end_element (w)

      && open_named_style (w, &standard) && end_element (w)

      && open_named_style (w, &heading)
      && empty_element (w, "style:paragraph-properties", "fo:margin-top", "0.42cm",
                        "fo:margin-bottom", "0.21cm", "fo:keep-with-next", "always", NULL)
      && empty_element (w, "style:text-properties", "fo:font-size", "14pt", NULL)
      && end_element (w)

      && open_named_style (w, &body)
      && empty_element (w, "style:paragraph-properties", "fo:margin-top", "0cm",
                        "fo:margin-bottom", "0.25cm", "fo:line-height", "115%",
                        "fo:text-align", "justify", NULL)
      && end_element (w)

      && open_named_style (w, &list_contents)
      && empty_element (w, "style:paragraph-properties", "fo:margin-bottom", "0.1cm", NULL)
      && end_element (w)

      && open_named_style (w, &toc_heading)
      && empty_element (w, "style:text-properties", "fo:font-size", "16pt", "fo:font-weight", "bold", NULL)
      && end_element (w)
      && write_contents_styles (w)

      && open_named_style (w, &footnote)
      && empty_element (w, "style:paragraph-properties", "fo:margin-left", "0.5cm",
                        "fo:text-indent", "-0.5cm", NULL)
      && empty_element (w, "style:text-properties", "fo:font-size", "9pt", NULL)
      && end_element (w)

      && open_named_style (w, &title)
      && empty_element (w, "style:paragraph-properties", "fo:text-align", "center",
                        "fo:margin-bottom", "1cm", NULL)
      && empty_element (w, "style:text-properties", "fo:font-size", "26pt",
                        "fo:font-weight", "bold", NULL)
      && end_element (w)

      && open_named_style (w, &subtitle)
      && empty_element (w, "style:paragraph-properties", "fo:text-align", "center",
                        "fo:margin-top", "0.3cm", "fo:margin-bottom", "0.3cm", NULL)
      && empty_element (w, "style:text-properties", "fo:font-size", "15pt", NULL)
      && end_element (w)

      && write_heading_styles (w)

      && open_named_style (w, &contents)
      && empty_element (w, "style:paragraph-properties", "fo:margin-top", "0cm",
                        "fo:margin-bottom", "0.1cm", NULL)
      && empty_element (w, "style:text-properties", "fo:font-size", "10pt", NULL)
      && end_element (w)

      && open_named_style (w, &table_heading)
      && empty_element (w, "style:text-properties", "fo:font-weight", "bold", NULL)
      && end_element (w)

      && open_named_style (w, &caption)
      && empty_element (w, "style:paragraph-properties", "fo:margin-top", "0.2cm",
                        "fo:margin-bottom", "0.2cm", NULL)
      && empty_element (w, "style:text-properties", "fo:font-size", "10pt",
                        "fo:font-style", "italic", NULL)
      && end_element (w)

      && open_named_style (w, &header)
      && empty_element (w, "style:paragraph-properties", "fo:text-align", "end", NULL)
      && empty_element (w, "style:text-properties", "fo:font-size", "9pt",
                        "fo:color", "#555555", NULL)
      && end_element (w)

      && open_named_style (w, &footer)
      && empty_element (w, "style:paragraph-properties", "fo:text-align", "center", NULL)
      && empty_element (w, "style:text-properties", "fo:font-size", "9pt", NULL)
      && end_element (w)

      && open_named_style (w, &card_title)
      && empty_element (w, "style:paragraph-properties", "fo:margin-top", "0.5cm",
                        "fo:margin-bottom", "0.15cm", "fo:keep-with-next", "always", NULL)
      && empty_element (w, "style:text-properties", "fo:font-size", "12pt",
                        "fo:font-weight", "bold", NULL)
      && end_element (w)

      && open_named_style (w, &card_label)
      && empty_element (w, "style:paragraph-properties", "fo:margin-bottom", "0.1cm",
                        "fo:keep-with-next", "always", NULL)
      && empty_element (w, "style:text-properties", "fo:font-weight", "bold", NULL)
      && end_element (w)

      && write_outline_style (w)
      && end_element (w)

      && write_page_styles (w, !is_blank (plan_title) ? plan_title : "Piano di Zona")
      && end_element (w)
      && finish_writer (w))
    return TRUE;

  g_set_error_literal (error, ZONA_EXPORT_ERROR, ZONA_EXPORT_ERROR_FAILED,
                       _("Could not compose the document"));
  return FALSE;
}

/* ---- meta.xml and the manifest ------------------------------------------ */

static gboolean
build_meta (ExportContext  *ctx,
            GDateTime      *now,
            xmlBuffer      *buffer,
            GError        **error)
{
  g_autoptr(xmlTextWriter) w = new_writer (buffer, TRUE);
  g_autofree char *title = zona_store_get_meta (ctx->store, "title");
  g_autofree char *clean_title = sanitize_text (title);
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");

  if (w != NULL
      && start_element (w, "office:document-meta")
      && write_namespaces (w, "office", "meta", "dc", NULL)
      && write_attribute (w, "office:version", ODF_VERSION)
      && start_element (w, "office:meta")
      && text_element (w, "meta:generator", "Zona/" PACKAGE_VERSION)
      && (is_blank (clean_title) || text_element (w, "dc:title", clean_title))
      && text_element (w, "dc:language", "it-IT")
      && text_element (w, "meta:creation-date", date)
      && text_element (w, "dc:date", date)
      && end_element (w)
      && end_element (w)
      && finish_writer (w))
    return TRUE;

  g_set_error_literal (error, ZONA_EXPORT_ERROR, ZONA_EXPORT_ERROR_FAILED,
                       _("Could not compose the document"));
  return FALSE;
}

static gboolean
build_manifest (const PackagePart  *parts,
                guint               n_parts,
                xmlBuffer          *buffer,
                GError            **error)
{
  g_autoptr(xmlTextWriter) w = new_writer (buffer, TRUE);
  gboolean ok;

  ok = w != NULL
    && start_element (w, "manifest:manifest")
    && write_namespaces (w, "manifest", NULL)
    && write_attribute (w, "manifest:version", ODF_VERSION)
    && empty_element (w, "manifest:file-entry", "manifest:full-path", "/",
                      "manifest:version", ODF_VERSION, "manifest:media-type", ODT_MIMETYPE, NULL);
  for (guint i = 0; ok && i < n_parts; i++)
    {
      ok = open_element (w, "manifest:file-entry", "manifest:full-path", parts[i].name, NULL);
      /* a sub-document (a chart object) says its ODF version, like the package */
      if (ok && g_str_has_suffix (parts[i].name, "/"))
        ok = write_attribute (w, "manifest:version", ODF_VERSION);
      ok = ok && write_attribute (w, "manifest:media-type",
                                  parts[i].media_type != NULL ? parts[i].media_type : "text/xml")
              && end_element (w);
    }
  if (ok && end_element (w) && finish_writer (w))
    return TRUE;

  g_set_error_literal (error, ZONA_EXPORT_ERROR, ZONA_EXPORT_ERROR_FAILED,
                       _("Could not compose the document"));
  return FALSE;
}


/* ---- a house template (.ott) -------------------------------------------- */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsfInfile, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsfInput, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)

static GBytes *
read_zip_member (GsfInfile  *zip,
                 const char *name)
{
  g_autoptr(GsfInput) in = gsf_infile_child_by_vname (zip, name, NULL);
  gsf_off_t size;
  guint8 *data;

  if (in == NULL)
    return NULL;
  size = gsf_input_size (in);
  if (size < 0 || size > 64 * 1024 * 1024)
    return NULL;
  data = g_malloc (size + 1);
  if (size > 0 && gsf_input_read (in, size, data) == NULL)
    {
      g_free (data);
      return NULL;
    }
  return g_bytes_new_take (data, size);
}

static const char *
style_key (xmlNode *node,
           char    *buf,
           gsize    len)
{
  xmlChar *name = xmlGetNsProp (node, BAD_CAST "name", BAD_CAST NS_STYLE);
  xmlChar *family = xmlGetNsProp (node, BAD_CAST "family", BAD_CAST NS_STYLE);

  g_snprintf (buf, len, "%s|%s|%s", (const char *) node->name,
              name ? (const char *) name : "", family ? (const char *) family : "");
  xmlFree (name);
  xmlFree (family);
  return buf;
}

static xmlNode *
find_child (xmlNode    *parent,
            const char *ns,
            const char *name)
{
  for (xmlNode *c = parent ? parent->children : NULL; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE && c->ns && xmlStrcmp (c->ns->href, BAD_CAST ns) == 0
        && xmlStrcmp (c->name, BAD_CAST name) == 0)
      return c;
  return NULL;
}

static gboolean
is_odf_namespace (const xmlChar *href)
{
  static const char *odf[] = {
    "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
    "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
    "urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0",
    "urn:oasis:names:tc:opendocument:xmlns:chart:1.0",
    "urn:oasis:names:tc:opendocument:xmlns:dr3d:1.0",
    "urn:oasis:names:tc:opendocument:xmlns:form:1.0",
    "urn:oasis:names:tc:opendocument:xmlns:script:1.0",
    "urn:oasis:names:tc:opendocument:xmlns:presentation:1.0",
    "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
    "urn:oasis:names:tc:opendocument:xmlns:of:1.2",
    "http://www.w3.org/1999/xlink",
    "http://purl.org/dc/elements/1.1/",
  };

  for (guint i = 0; href && i < G_N_ELEMENTS (odf); i++)
    if (xmlStrcmp (href, BAD_CAST odf[i]) == 0)
      return TRUE;
  return FALSE;
}

/* Office suites add their own markup to templates (LibreOffice's loext:);
 * Zona writes strict ODF, so anything outside ODF's namespaces goes. */
static void
strip_foreign (xmlNode *node)
{
  xmlNode *c = node->children;

  for (xmlAttr *a = node->properties; a; )
    {
      xmlAttr *next = a->next;
      if (a->ns != NULL && !is_odf_namespace (a->ns->href))
        xmlRemoveProp (a);
      a = next;
    }
  while (c != NULL)
    {
      xmlNode *next = c->next;
      if (c->type == XML_ELEMENT_NODE && c->ns != NULL && !is_odf_namespace (c->ns->href))
        {
          xmlUnlinkNode (c);
          xmlFreeNode (c);
        }
      else if (c->type == XML_ELEMENT_NODE)
        strip_foreign (c);
      c = next;
    }
}

/* The house's styles.xml, with ours added where the house has none of the
 * same name: its page layout, master pages and the styles it defines win,
 * and every style our content uses still exists. */
static gboolean
merge_house_styles (const char  *house_path,
                    xmlBuffer   *styles,
                    GPtrArray   *pictures,     /* (element-type PackagePart), filled */
                    GError     **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(GsfInput) input = gsf_input_stdio_new (house_path, &local);
  g_autoptr(GsfInfile) zip = NULL;
  g_autoptr(GBytes) house_bytes = NULL;
  g_autoptr(xmlDoc) house = NULL;
  g_autoptr(xmlDoc) ours = NULL;
  g_autofree char *display = g_filename_display_basename (house_path);
  xmlNode *house_root, *our_root;
  const char *sections[] = { "font-face-decls", "styles", "automatic-styles", "master-styles" };
  xmlChar *out = NULL;
  int out_len = 0;

  if (input != NULL)
    zip = gsf_infile_zip_new (input, &local);
  if (zip != NULL)
    house_bytes = read_zip_member (zip, "styles.xml");
  if (house_bytes != NULL)
    house = xmlReadMemory (g_bytes_get_data (house_bytes, NULL), g_bytes_get_size (house_bytes),
                           "styles.xml", NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (house == NULL || (house_root = xmlDocGetRootElement (house)) == NULL
      || xmlStrcmp (house_root->name, BAD_CAST "document-styles") != 0)
    {
      g_set_error (error, ZONA_EXPORT_ERROR, ZONA_EXPORT_ERROR_TEMPLATE,
                   _("“%s” is not an ODF text template: it has no readable styles"), display);
      return FALSE;
    }
  ours = xmlReadMemory ((const char *) xmlBufferContent (styles), xmlBufferLength (styles),
                        "styles.xml", NULL, XML_PARSE_NONET);
  our_root = ours ? xmlDocGetRootElement (ours) : NULL;
  if (our_root == NULL)
    {
      g_set_error_literal (error, ZONA_EXPORT_ERROR, ZONA_EXPORT_ERROR_FAILED,
                           _("Could not compose the document"));
      return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      xmlNode *their = find_child (house_root, NS_OFFICE, sections[i]);
      xmlNode *mine = find_child (our_root, NS_OFFICE, sections[i]);
      g_autoptr(GHashTable) known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      char key[512];

      if (mine == NULL)
        continue;
      if (their == NULL)
        {
          /* ODF fixes the order of these sections: put a missing one in its place. */
          xmlNode *later = NULL;

          for (guint j = i + 1; j < G_N_ELEMENTS (sections) && later == NULL; j++)
            later = find_child (house_root, NS_OFFICE, sections[j]);
          their = xmlNewDocNode (house, mine->ns, mine->name, NULL);
          if (their == NULL)
            return FALSE;
          if (later != NULL)
            xmlAddPrevSibling (later, their);
          else
            xmlAddChild (house_root, their);
        }
      for (xmlNode *c = their->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE)
          g_hash_table_add (known, g_strdup (style_key (c, key, sizeof key)));
      for (xmlNode *c = mine->children; c; c = c->next)
        {
          /* One outline style, one default style per family: the house's. */
          if (c->type != XML_ELEMENT_NODE
              || g_hash_table_contains (known, style_key (c, key, sizeof key))
              || (xmlStrcmp (c->name, BAD_CAST "outline-style") == 0
                  && find_child (their, NS_TEXT, "outline-style") != NULL))
            continue;
          xmlAddChild (their, xmlDocCopyNode (c, house, 1));
        }
    }
  /* Namespaces our copied styles use, declared on the root as ODF likes. */
  for (xmlNs *ns = our_root->nsDef; ns; ns = ns->next)
    if (xmlSearchNsByHref (house, house_root, ns->href) == NULL)
      xmlNewNs (house_root, ns->href, ns->prefix);
  xmlReconciliateNs (house, house_root);
  strip_foreign (house_root);
  {
    xmlNs *office = xmlSearchNsByHref (house, house_root, BAD_CAST NS_OFFICE);
    if (office != NULL)
      xmlSetNsProp (house_root, office, BAD_CAST "version", BAD_CAST ODF_VERSION);
  }

  xmlDocDumpMemoryEnc (house, &out, &out_len, "UTF-8");
  if (out == NULL)
    return FALSE;
  xmlBufferEmpty (styles);
  xmlBufferAdd (styles, out, out_len);
  xmlFree (out);

  /* Pictures the house styles show (a logo in the header). */
  {
    g_autoptr(GsfInfile) pics = GSF_INFILE (gsf_infile_child_by_name (zip, "Pictures"));
    int n = pics ? gsf_infile_num_children (pics) : 0;

    for (int i = 0; i < n && i < 64; i++)
      {
        const char *name = gsf_infile_name_by_index (pics, i);
        g_autofree char *path = g_strconcat ("Pictures/", name, NULL);
        g_autoptr(GBytes) data = name ? read_zip_member (zip, path) : NULL;
        g_autofree char *type = NULL;
        PackagePart *part;

        if (data == NULL)
          continue;
        type = g_content_type_guess (name, NULL, 0, NULL);
        part = g_new0 (PackagePart, 1);
        part->name = g_steal_pointer (&path);
        part->buffer = xmlBufferCreate ();
        xmlBufferAdd (part->buffer, g_bytes_get_data (data, NULL), g_bytes_get_size (data));
        part->media_type = g_content_type_get_mime_type (type);
        g_ptr_array_add (pictures, part);
      }
  }
  return TRUE;
}

static void
package_part_free (gpointer data)
{
  PackagePart *part = data;

  g_free ((char *) part->name);
  g_free ((char *) part->media_type);
  if (part->buffer)
    xmlBufferFree (part->buffer);
  g_free (part);
}

/* ---- the package -------------------------------------------------------- */

static gboolean
write_member (GsfOutfile  *zip,
              const char  *name,
              const void  *data,
              gsize        len,
              gboolean     stored)
{
  g_autoptr(GsfOutput) child = NULL;
  gboolean ok;

  if (stored)
    child = gsf_outfile_new_child_full (zip, name, FALSE,
                                        "compression-level", GSF_ZIP_STORED, NULL);
  else
    /* Fastest deflate: XML shrinks nearly as well, in a quarter of the time
     * (level 6 spent most of the export compressing content.xml). */
    child = gsf_outfile_new_child_full (zip, name, FALSE,
                                        "compression-level", GSF_ZIP_DEFLATED,
                                        "deflate-level", 1, NULL);
  if (child == NULL)
    return FALSE;
  ok = gsf_output_write (child, len, data);
  return gsf_output_close (child) && ok;
}

static gboolean
write_members (GsfOutfile        *zip,
               const PackagePart *parts,
               guint              n_parts,
               xmlBuffer         *manifest)
{
  g_autoptr(GsfOutfile) meta_inf = NULL;
  gboolean ok;

  g_autoptr(GHashTable) dirs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                      g_object_unref);

  if (!write_member (zip, "mimetype", ODT_MIMETYPE, strlen (ODT_MIMETYPE), TRUE))
    return FALSE;
  for (guint i = 0; i < n_parts; i++)
    {
      const char *slash = strrchr (parts[i].name, '/');
      GsfOutfile *parent = zip;

      if (parts[i].buffer == NULL)
        continue;   /* a folder entry of the manifest */
      /* "Object 1/content.xml", "Pictures/chart1.png": in their folder. */
      if (slash != NULL)
        {
          g_autofree char *dir = g_strndup (parts[i].name, slash - parts[i].name);

          if (strchr (dir, '/') != NULL)
            return FALSE;   /* one level is all a package needs */
          parent = g_hash_table_lookup (dirs, dir);
          if (parent == NULL)
            {
              parent = GSF_OUTFILE (gsf_outfile_new_child (zip, dir, TRUE));
              if (parent == NULL)
                return FALSE;
              g_hash_table_insert (dirs, g_strdup (dir), parent);
            }
        }
      if (!write_member (parent, slash ? slash + 1 : parts[i].name,
                         xmlBufferContent (parts[i].buffer), xmlBufferLength (parts[i].buffer),
                         FALSE))
        return FALSE;
    }
  {
    GHashTableIter iter;
    gpointer dir;

    g_hash_table_iter_init (&iter, dirs);
    while (g_hash_table_iter_next (&iter, NULL, &dir))
      if (!gsf_output_close (GSF_OUTPUT (dir)))
        return FALSE;
  }

  meta_inf = GSF_OUTFILE (gsf_outfile_new_child (zip, "META-INF", TRUE));
  if (meta_inf == NULL)
    return FALSE;
  ok = write_member (meta_inf, "manifest.xml", xmlBufferContent (manifest),
                     xmlBufferLength (manifest), FALSE);
  return gsf_output_close (GSF_OUTPUT (meta_inf)) && ok;
}

static void
set_write_error (GError     **error,
                 const char  *dest_path,
                 const char  *reason)
{
  g_autofree char *display = g_filename_display_name (dest_path);

  g_set_error (error, ZONA_EXPORT_ERROR, ZONA_EXPORT_ERROR_WRITE,
               _("Could not write “%s”: %s"), display, reason);
}

/* Zips the parts into a new file beside @dest_path, then renames it into
 * place. On failure the new file is removed and @dest_path is untouched. */
static gboolean
write_package (const char         *dest_path,
               GDateTime          *now,
               const PackagePart  *parts,
               guint               n_parts,
               xmlBuffer          *manifest,
               GCancellable       *cancellable,
               GError            **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *real_path = NULL;
  const char *target;
  g_autofree char *tmp_name = NULL;
  g_autofree char *tmp_path = NULL;
  g_autoptr(GDateTime) local_now = g_date_time_to_local (now);
  g_autoptr(GsfOutput) sink = NULL;
  g_autoptr(GsfOutfile) zip = NULL;
  GStatBuf st;
  FILE *fp;
  int fd;
  int saved_errno = 0;
  gboolean ok;

  /* Exporting onto a symbolic link replaces the file it points to, not the
   * link. A target that does not exist yet is used as given. */
  real_path = realpath (dest_path, NULL);
  target = real_path != NULL ? real_path : dest_path;
  dir = g_path_get_dirname (target);
  base = g_path_get_basename (target);

  /* Hidden, and named after the target so that a leftover after a crash
   * explains itself; a very long name would not fit with the suffix. */
  if (strlen (base) <= 200)
    tmp_name = g_strdup_printf (".%s.XXXXXX", base);
  else
    tmp_name = g_strdup (".zona-export.XXXXXX");
  tmp_path = g_build_filename (dir, tmp_name, NULL);

  fd = g_mkstemp_full (tmp_path, O_RDWR | O_CLOEXEC, 0666);
  if (fd < 0)
    {
      saved_errno = errno;
      set_write_error (error, dest_path, g_strerror (saved_errno));
      return FALSE;
    }
  /* A replaced file keeps its permissions; a new one gets the umask's. */
  if (g_stat (target, &st) == 0 && S_ISREG (st.st_mode))
    (void) fchmod (fd, st.st_mode & 07777);

  fp = fdopen (fd, "wb");
  if (fp == NULL)
    {
      saved_errno = errno;
      close (fd);
      g_unlink (tmp_path);
      set_write_error (error, dest_path, g_strerror (saved_errno));
      return FALSE;
    }

  /* GsfOutputStdio over our FILE: gsf_output_stdio_new() would write yet
   * another temporary file, and rename it into place when unreffed even
   * after a failure. keep_open lets us fsync before closing. */
  sink = gsf_output_stdio_new_FILE (tmp_path, fp, TRUE);
  /* No zip64: an ODF package never needs it, and it would add extra fields. */
  zip = g_object_new (GSF_OUTFILE_ZIP_TYPE, "sink", sink, "zip64", FALSE,
                      "modtime", local_now, NULL);

  ok = write_members (zip, parts, n_parts, manifest);
  ok = gsf_output_close (GSF_OUTPUT (zip)) && ok;
  ok = gsf_output_close (sink) && ok;
  if (ok && (fflush (fp) != 0 || g_fsync (fileno (fp)) != 0))
    {
      saved_errno = errno;
      ok = FALSE;
    }
  if (fclose (fp) != 0 && ok)
    {
      saved_errno = errno;
      ok = FALSE;
    }

  if (!ok)
    {
      const GError *gsf_error = gsf_output_error (sink);

      if (gsf_error != NULL)
        set_write_error (error, dest_path, gsf_error->message);
      else
        set_write_error (error, dest_path, saved_errno != 0 ? g_strerror (saved_errno)
                                                            : _("the archive could not be written"));
    }
  else if (g_cancellable_set_error_if_cancelled (cancellable, error))
    ok = FALSE;
  else if (g_rename (tmp_path, target) != 0)
    {
      saved_errno = errno;
      set_write_error (error, dest_path, g_strerror (saved_errno));
      ok = FALSE;
    }

  if (!ok)
    g_unlink (tmp_path);
  return ok;
}

/* ---- public API --------------------------------------------------------- */

static GDateTime *
export_time (void)
{
  /* Reproducible builds: https://reproducible-builds.org/specs/source-date-epoch/ */
  const char *epoch = g_getenv ("SOURCE_DATE_EPOCH");
  guint64 seconds;

  if (epoch != NULL && g_ascii_string_to_unsigned (epoch, 10, 0, G_MAXINT64 / 2, &seconds, NULL))
    {
      GDateTime *dt = g_date_time_new_from_unix_utc ((gint64) seconds);

      if (dt != NULL)
        return dt;
    }
  return g_date_time_new_now_utc ();
}

gboolean
zona_odt_export (ZonaStore     *store,
                 const char    *dest_path,
                 GCancellable  *cancellable,
                 GError       **error)
{
  return zona_odt_export_full (store, dest_path, NULL, cancellable, error);
}

gboolean
zona_odt_export_full (ZonaStore     *store,
                      const char    *dest_path,
                      const char    *house_template,
                      GCancellable  *cancellable,
                      GError       **error)
{
  return zona_odt_export_with_progress (store, dest_path, house_template, NULL, NULL,
                                        cancellable, error);
}

gboolean
zona_odt_export_with_progress (ZonaStore          *store,
                               const char         *dest_path,
                               const char         *house_template,
                               ZonaExportProgress  progress,
                               gpointer            progress_data,
                               GCancellable       *cancellable,
                               GError            **error)
{
  g_autoptr(GPtrArray) extra = g_ptr_array_new_with_free_func (package_part_free);
  g_autoptr(ZonaTemplate) template = NULL;
  g_autoptr(GHashTable) visited = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(xmlBuffer) content = NULL;
  g_autoptr(xmlBuffer) styles = NULL;
  g_autoptr(xmlBuffer) meta = NULL;
  g_autoptr(xmlBuffer) manifest = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *template_id = NULL;
  ExportContext ctx = { 0 };

  g_return_val_if_fail (ZONA_IS_STORE (store), FALSE);
  g_return_val_if_fail (dest_path != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  /* Thread-safe set-up of libxml2, for an export running in a worker thread. */
  xmlInitParser ();

  template_id = zona_store_get_meta (store, "template");
  if (template_id != NULL)
    template = zona_template_lookup (template_id, &local_error);
  if (template == NULL)
    {
      if (template_id == NULL)
        g_set_error_literal (error, ZONA_EXPORT_ERROR, ZONA_EXPORT_ERROR_TEMPLATE,
                             _("The plan does not say which planning cycle template it follows"));
      else
        g_set_error (error, ZONA_EXPORT_ERROR, ZONA_EXPORT_ERROR_TEMPLATE,
                     _("The plan’s template “%s” could not be loaded: %s"),
                     template_id, local_error != NULL ? local_error->message : "");
      return FALSE;
    }

  visited = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  ctx.store = store;
  ctx.template = template;
  ctx.cancellable = cancellable;
  ctx.visited = visited;
  ctx.progress = progress;
  ctx.progress_data = progress_data;
  ctx.extra = extra;

  now = export_time ();
  content = xmlBufferCreate ();
  styles = xmlBufferCreate ();
  meta = xmlBufferCreate ();
  manifest = xmlBufferCreate ();
  if (content == NULL || styles == NULL || meta == NULL || manifest == NULL)
    {
      g_set_error_literal (error, ZONA_EXPORT_ERROR, ZONA_EXPORT_ERROR_FAILED,
                           _("Could not compose the document"));
      return FALSE;
    }

  if (!build_content (&ctx, content, error)
      || !build_styles (&ctx, styles, error)
      || !build_meta (&ctx, now, meta, error))
    return FALSE;
  if (house_template != NULL && !merge_house_styles (house_template, styles, extra, error))
    return FALSE;

  {
    g_autoptr(GArray) parts = g_array_new (FALSE, FALSE, sizeof (PackagePart));
    PackagePart fixed[] = {
      { "content.xml", content, NULL },
      { "styles.xml", styles, NULL },
      { "meta.xml", meta, NULL },
    };

    g_array_append_vals (parts, fixed, G_N_ELEMENTS (fixed));
    for (guint i = 0; i < extra->len; i++)
      g_array_append_val (parts, *(PackagePart *) g_ptr_array_index (extra, i));

    if (!build_manifest ((PackagePart *) parts->data, parts->len, manifest, error))
      return FALSE;
    return write_package (dest_path, now, (PackagePart *) parts->data, parts->len, manifest,
                          cancellable, error);
  }
}
