/* zona-text-editor.c: the rich text of one chapter, one text view per block
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each text block of the chapter (paragraph, heading, list item) is a
 * GtkTextView of its own, in document order; cards, tables and charts show
 * as compact rows between them, so that the order is visible.
 *
 * A buffer's text is its block's text, character for character. Bold, italic
 * and links are tags (one tag per address); footnotes, which have no width in
 * the store, are marks: the character before one is tinted, and the notes are
 * listed under the block. Every change is written at once with
 * zona_store_set_block_text() (one undo step, merged by the store with the
 * next keystrokes in the same block); changes coming back from the store
 * (undo, redo, another view) reload only the blocks whose text or formatting
 * differ from what is shown.
 *
 * Undo belongs to the plan: the buffers keep no history of their own, so
 * Ctrl+Z and Ctrl+Shift+Z reach the window's win.undo and win.redo.
 */
#define G_LOG_DOMAIN "zona-text-editor"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "zona-text-editor.h"
#include "model/zona-plan-data.h"

#define MAX_LIST_LEVEL 4
#define LIST_INDENT    28

enum {
  STYLE_BOLD   = 1 << 0,
  STYLE_ITALIC = 1 << 1,
};

typedef struct
{
  GtkTextMark *mark;        /* left gravity: the note stays after the text it follows */
  char        *note;
} Footnote;

typedef struct _Row Row;

struct _Row
{
  ZonaTextEditor *editor;   /* NULL once the row has left the editor */
  gint64          id;
  ZonaBlockKind   kind;
  int             level;
  int             position;

  GtkWidget      *widget;   /* owns the Row (object data) */
  GtkWidget      *prefix;   /* "•", "3." */
  GtkWidget      *view;     /* NULL for cards, tables and charts */
  GtkTextBuffer  *buffer;
  GtkWidget      *notes;
  GtkWidget      *icon;
  GtkWidget      *title;

  GArray         *footnotes;
  GSList         *insert_tags;    /* styles the text being inserted takes on */
  int             insert_offset;
  guint           inserting : 1;
  guint           hold;           /* > 0: tag changes are written once, at the end */
  guint           pending_on;     /* Ctrl+B with no selection: styles for the next text typed */
  guint           pending_off;
};

struct _ZonaTextEditor
{
  AdwBin           parent_instance;

  ZonaStore       *store;
  gint64           chapter_id;

  GtkWidget       *rows_box;
  GtkWidget       *add_button;

  GtkTextTagTable *tags;          /* shared by every block */
  GtkTextTag      *bold;
  GtkTextTag      *italic;
  GtkTextTag      *footnote;
  GHashTable      *link_tags;     /* address → GtkTextTag (owned by the table) */
  GHashTable      *rows;          /* &Row.id → Row */
  gint64           focus_id;      /* the text block last focused */

  gulong           card_handler;
  gulong           structure_handler;
  gulong           reloaded_handler;
  guint            reconcile_id;
  guint            updating : 1;
  guint            read_only : 1;
};

G_DEFINE_FINAL_TYPE (ZonaTextEditor, zona_text_editor, ADW_TYPE_BIN)

enum {
  BLOCK_ACTIVATED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

#define ROW_KEY    "zona-row"
#define URL_KEY    "zona-url"
#define SETTLE_KEY "zona-settle-frames"
#define SETTLE_FRAMES 4

static const char *style_css =
  ".zona-text-editor textview.zona-text-block,\n"
  ".zona-text-editor textview.zona-text-block > text {\n"
  "  background-color: transparent;\n"
  "}\n"
  ".zona-text-editor .zona-block-prefix {\n"
  "  font-feature-settings: \"tnum\";\n"
  "}\n"
  ".zona-text-editor .zona-block-notes {\n"
  "  font-size: 0.85em;\n"
  "}\n"
  ".zona-text-editor button.zona-embedded-block {\n"
  "  padding: 6px 10px;\n"
  "  background-color: alpha(currentColor, 0.06);\n"
  "}\n";

static void reconcile       (ZonaTextEditor *self);
static void update_looks    (ZonaTextEditor *self);
static void row_write       (Row            *row);

/* ---- helpers ---------------------------------------------------------- */

static gboolean
kind_is_text (ZonaBlockKind kind)
{
  return kind == ZONA_BLOCK_PARAGRAPH || kind == ZONA_BLOCK_HEADING
      || kind == ZONA_BLOCK_BULLET || kind == ZONA_BLOCK_NUMBERED;
}

static gboolean
kind_is_list (ZonaBlockKind kind)
{
  return kind == ZONA_BLOCK_BULLET || kind == ZONA_BLOCK_NUMBERED;
}

static void
report_error (ZonaTextEditor *self,
              const GError   *error)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (error == NULL)
    return;
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (error->message));
  else
    g_message ("%s", error->message);
}

static void
ensure_style (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      GdkDisplay *display = gdk_display_get_default ();

      if (display != NULL)
        {
          g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

          gtk_css_provider_load_from_data (provider, style_css, -1);
          gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                                      GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
        }
      g_once_init_leave (&done, 1);
    }
}

static ZonaSpan *
span_new (int            start,
          int            end,
          ZonaSpanStyle  style,
          const char    *data)
{
  ZonaSpan *sp = g_new0 (ZonaSpan, 1);

  sp->start = start;
  sp->end = end;
  sp->style = style;
  sp->data = g_strdup (data);
  return sp;
}

static GPtrArray *
span_array_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) zona_span_free);
}

static const char *
span_data (const ZonaSpan *sp)
{
  /* Only links and footnotes carry data; a missing address is an empty one. */
  if (sp->style != ZONA_SPAN_LINK && sp->style != ZONA_SPAN_FOOTNOTE)
    return "";
  return sp->data ? sp->data : "";
}

static int
span_compare (gconstpointer a,
              gconstpointer b)
{
  const ZonaSpan *x = *(ZonaSpan * const *) a;
  const ZonaSpan *y = *(ZonaSpan * const *) b;

  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  if (x->end != y->end)
    return x->end < y->end ? -1 : 1;
  if (x->style != y->style)
    return x->style < y->style ? -1 : 1;
  return strcmp (span_data (x), span_data (y));
}

static gboolean
spans_equal (GPtrArray *a,
             GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;
  g_ptr_array_sort (a, span_compare);
  g_ptr_array_sort (b, span_compare);
  for (guint i = 0; i < a->len; i++)
    {
      gconstpointer x = &g_ptr_array_index (a, i), y = &g_ptr_array_index (b, i);
      if (span_compare (x, y) != 0)
        return FALSE;
    }
  return TRUE;
}

/* Splits formatting at a character offset: what lies before stays, what lies
 * after moves to the start of a new block. A footnote at the cut stays with
 * the text it follows. */
static void
split_spans (GPtrArray *spans,
             int        at,
             GPtrArray *before,
             GPtrArray *after)
{
  for (guint i = 0; i < spans->len; i++)
    {
      const ZonaSpan *sp = g_ptr_array_index (spans, i);

      if (sp->style == ZONA_SPAN_FOOTNOTE)
        {
          if (sp->start <= at)
            g_ptr_array_add (before, span_new (sp->start, sp->end, sp->style, sp->data));
          else if (after != NULL)
            g_ptr_array_add (after, span_new (sp->start - at, sp->end - at, sp->style, sp->data));
          continue;
        }
      if (sp->start < at)
        g_ptr_array_add (before, span_new (sp->start, MIN (sp->end, at), sp->style, sp->data));
      if (sp->end > at && after != NULL)
        g_ptr_array_add (after, span_new (MAX (sp->start, at) - at, sp->end - at, sp->style,
                                          sp->data));
    }
}

static GtkTextTag *
link_tag (ZonaTextEditor *self,
          const char     *address)
{
  GtkTextTag *tag = g_hash_table_lookup (self->link_tags, address);

  if (tag == NULL)
    {
      tag = gtk_text_tag_new (NULL);
      g_object_set (tag,
                    "underline", PANGO_UNDERLINE_SINGLE,
                    "foreground", "#3584e4",
                    NULL);
      g_object_set_data_full (G_OBJECT (tag), URL_KEY, g_strdup (address), g_free);
      gtk_text_tag_table_add (self->tags, tag);
      g_hash_table_insert (self->link_tags, g_strdup (address), tag);
      g_object_unref (tag);
    }
  return tag;
}

static const char *
tag_address (GtkTextTag *tag)
{
  return g_object_get_data (G_OBJECT (tag), URL_KEY);
}

static GtkTextTag *
link_of_char (const GtkTextIter *iter)
{
  GtkTextTag *found = NULL;
  GSList *tags = gtk_text_iter_get_tags (iter);

  for (GSList *l = tags; l && found == NULL; l = l->next)
    if (tag_address (l->data) != NULL)
      found = l->data;
  g_slist_free (tags);
  return found;
}

/* The link under the cursor, or else the one just before it. */
static GtkTextTag *
link_at (const GtkTextIter *iter)
{
  GtkTextIter before = *iter;
  GtkTextTag *found = link_of_char (iter);

  if (found == NULL && gtk_text_iter_backward_char (&before))
    found = link_of_char (&before);
  return found;
}

static gboolean
range_has_tag (const GtkTextIter *start,
               const GtkTextIter *end,
               GtkTextTag        *tag)
{
  GtkTextIter iter = *start;

  if (!gtk_text_iter_has_tag (&iter, tag))
    return FALSE;
  gtk_text_iter_forward_to_tag_toggle (&iter, tag);
  return gtk_text_iter_compare (&iter, end) >= 0;
}

/* ---- rows: reading the buffer ----------------------------------------- */

static char *
row_get_text (Row *row)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (row->buffer, &start, &end);
  return gtk_text_buffer_get_text (row->buffer, &start, &end, TRUE);
}

static int
row_cursor (Row *row)
{
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_mark (row->buffer, &iter, gtk_text_buffer_get_insert (row->buffer));
  return gtk_text_iter_get_offset (&iter);
}

static void
collect_tag (GtkTextBuffer *buffer,
             GtkTextTag    *tag,
             ZonaSpanStyle  style,
             const char    *data,
             GPtrArray     *spans)
{
  GtkTextIter iter;

  gtk_text_buffer_get_start_iter (buffer, &iter);
  if (!gtk_text_iter_has_tag (&iter, tag) && !gtk_text_iter_forward_to_tag_toggle (&iter, tag))
    return;
  while (!gtk_text_iter_is_end (&iter))
    {
      int start = gtk_text_iter_get_offset (&iter);

      gtk_text_iter_forward_to_tag_toggle (&iter, tag);
      if (gtk_text_iter_get_offset (&iter) > start)
        g_ptr_array_add (spans, span_new (start, gtk_text_iter_get_offset (&iter), style, data));
      if (!gtk_text_iter_forward_to_tag_toggle (&iter, tag))
        break;
    }
}

static GPtrArray *
row_collect_spans (Row *row)
{
  ZonaTextEditor *self = row->editor;
  GPtrArray *spans = span_array_new ();
  GHashTableIter hi;
  gpointer address, tag;

  collect_tag (row->buffer, self->bold, ZONA_SPAN_BOLD, NULL, spans);
  collect_tag (row->buffer, self->italic, ZONA_SPAN_ITALIC, NULL, spans);
  g_hash_table_iter_init (&hi, self->link_tags);
  while (g_hash_table_iter_next (&hi, &address, &tag))
    collect_tag (row->buffer, tag, ZONA_SPAN_LINK, address, spans);
  for (guint i = 0; i < row->footnotes->len; i++)
    {
      Footnote *fn = &g_array_index (row->footnotes, Footnote, i);
      GtkTextIter iter;
      int at;

      gtk_text_buffer_get_iter_at_mark (row->buffer, &iter, fn->mark);
      at = gtk_text_iter_get_offset (&iter);
      g_ptr_array_add (spans, span_new (at, at, ZONA_SPAN_FOOTNOTE, fn->note));
    }
  g_ptr_array_sort (spans, span_compare);
  return spans;
}

/* The styles text typed at @location takes on: those of the character
 * before it (or after it, at the start), changed by a pending Ctrl+B/I. */
static guint
row_styles_at (Row               *row,
               const GtkTextIter *location)
{
  ZonaTextEditor *self = row->editor;
  GtkTextIter ref = *location;
  guint styles = 0;

  if (gtk_text_iter_backward_char (&ref) || !gtk_text_iter_is_end (&ref))
    {
      if (gtk_text_iter_has_tag (&ref, self->bold))
        styles |= STYLE_BOLD;
      if (gtk_text_iter_has_tag (&ref, self->italic))
        styles |= STYLE_ITALIC;
    }
  return (styles | row->pending_on) & ~row->pending_off;
}

/* ---- rows: showing ---------------------------------------------------- */

static int
footnote_compare (gconstpointer a,
                  gconstpointer b)
{
  const Footnote *x = a, *y = b;
  GtkTextBuffer *buffer = gtk_text_mark_get_buffer (x->mark);
  GtkTextIter i, j;

  gtk_text_buffer_get_iter_at_mark (buffer, &i, x->mark);
  gtk_text_buffer_get_iter_at_mark (buffer, &j, y->mark);
  return gtk_text_iter_compare (&i, &j);
}

static void
footnote_clear (Footnote *fn)
{
  g_clear_pointer (&fn->note, g_free);
}

static void
row_refresh_footnotes (Row *row)
{
  ZonaTextEditor *self = row->editor;
  g_autoptr(GString) notes = g_string_new (NULL);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (row->buffer, &start, &end);
  gtk_text_buffer_remove_tag (row->buffer, self->footnote, &start, &end);
  for (guint i = 0; i < row->footnotes->len; i++)
    {
      Footnote *fn = &g_array_index (row->footnotes, Footnote, i);
      GtkTextIter at, before;

      gtk_text_buffer_get_iter_at_mark (row->buffer, &at, fn->mark);
      before = at;
      if (gtk_text_iter_backward_char (&before))
        gtk_text_buffer_apply_tag (row->buffer, self->footnote, &before, &at);
      if (notes->len > 0)
        g_string_append_c (notes, '\n');
      /* TRANSLATORS: a footnote of a paragraph, listed under it */
      g_string_append_printf (notes, _("Note: %s"), fn->note);
    }
  gtk_label_set_text (GTK_LABEL (row->notes), notes->str);
  gtk_widget_set_visible (row->notes, row->footnotes->len > 0);
}

/* Shows @text and @spans, keeping the cursor where it was if it still fits. */
static void
row_load (Row        *row,
          const char *text,
          GPtrArray  *spans)
{
  ZonaTextEditor *self = row->editor;
  gboolean was_updating = self->updating;
  GtkTextIter iter, bound;
  int cursor, selection, len;

  gtk_text_buffer_get_iter_at_mark (row->buffer, &iter, gtk_text_buffer_get_insert (row->buffer));
  gtk_text_buffer_get_iter_at_mark (row->buffer, &bound,
                                    gtk_text_buffer_get_selection_bound (row->buffer));
  cursor = gtk_text_iter_get_offset (&iter);
  selection = gtk_text_iter_get_offset (&bound);

  self->updating = TRUE;
  for (guint i = 0; i < row->footnotes->len; i++)
    gtk_text_buffer_delete_mark (row->buffer, g_array_index (row->footnotes, Footnote, i).mark);
  g_array_set_size (row->footnotes, 0);

  gtk_text_buffer_set_text (row->buffer, text ? text : "", -1);
  len = gtk_text_buffer_get_char_count (row->buffer);
  for (guint i = 0; spans && i < spans->len; i++)
    {
      const ZonaSpan *sp = g_ptr_array_index (spans, i);
      int a = CLAMP (sp->start, 0, len), b = CLAMP (sp->end, 0, len);
      GtkTextIter start, end;
      GtkTextTag *tag = NULL;

      gtk_text_buffer_get_iter_at_offset (row->buffer, &start, a);
      gtk_text_buffer_get_iter_at_offset (row->buffer, &end, b);
      switch (sp->style)
        {
        case ZONA_SPAN_FOOTNOTE:
          {
            Footnote fn = { gtk_text_buffer_create_mark (row->buffer, NULL, &start, TRUE),
                            g_strdup (sp->data ? sp->data : "") };
            g_array_append_val (row->footnotes, fn);
          }
          break;
        case ZONA_SPAN_BOLD:
          tag = self->bold;
          break;
        case ZONA_SPAN_ITALIC:
          tag = self->italic;
          break;
        case ZONA_SPAN_LINK:
          tag = link_tag (self, sp->data ? sp->data : "");
          break;
        default:
          break;
        }
      if (tag != NULL && b > a)
        gtk_text_buffer_apply_tag (row->buffer, tag, &start, &end);
    }
  g_array_sort (row->footnotes, footnote_compare);

  gtk_text_buffer_get_iter_at_offset (row->buffer, &iter, MIN (cursor, len));
  gtk_text_buffer_get_iter_at_offset (row->buffer, &bound, MIN (selection, len));
  gtk_text_buffer_select_range (row->buffer, &iter, &bound);
  row_refresh_footnotes (row);
  row->pending_on = row->pending_off = 0;
  self->updating = was_updating;
}

/* Reloads a text block only if the store holds something else. */
static void
row_sync (Row             *row,
          const ZonaBlock *block)
{
  g_autoptr(GPtrArray) stored = zona_store_get_spans (row->editor->store, row->id);
  g_autoptr(GPtrArray) shown = row_collect_spans (row);
  g_autofree char *text = row_get_text (row);

  if (g_strcmp0 (text, block->text ? block->text : "") != 0 || !spans_equal (shown, stored))
    row_load (row, block->text, stored);
}

static void
row_set_accessible_label (Row *row,
                          int  number)
{
  g_autofree char *label = NULL;

  switch (row->kind)
    {
    case ZONA_BLOCK_HEADING:
      label = g_strdup_printf (_("Heading level %d"), MAX (row->level, 1));
      break;
    case ZONA_BLOCK_BULLET:
      label = row->level > 0 ? g_strdup_printf (_("Bulleted list item, level %d"), row->level + 1)
                             : g_strdup (_("Bulleted list item"));
      break;
    case ZONA_BLOCK_NUMBERED:
      label = row->level > 0 ? g_strdup_printf (_("Numbered list item %d, level %d"), number,
                                                row->level + 1)
                             : g_strdup_printf (_("Numbered list item %d"), number);
      break;
    case ZONA_BLOCK_PARAGRAPH:
    default:
      label = g_strdup (_("Paragraph"));
      break;
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (row->view), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

static void
row_update_look (Row *row,
                 int  number)
{
  static const char *heading_classes[] = { "title-2", "title-3", "title-4" };
  static const char *bullets[] = { "•", "◦", "▪" };
  int level = CLAMP (row->level, 0, MAX_LIST_LEVEL);

  for (guint i = 0; i < G_N_ELEMENTS (heading_classes); i++)
    gtk_widget_remove_css_class (row->view, heading_classes[i]);

  switch (row->kind)
    {
    case ZONA_BLOCK_HEADING:
      gtk_widget_add_css_class (row->view, heading_classes[CLAMP (row->level, 1, 3) - 1]);
      gtk_widget_set_visible (row->prefix, FALSE);
      gtk_widget_set_margin_start (row->widget, 0);
      gtk_widget_set_margin_top (row->widget, 12);
      break;
    case ZONA_BLOCK_BULLET:
      gtk_label_set_text (GTK_LABEL (row->prefix), bullets[level % G_N_ELEMENTS (bullets)]);
      gtk_widget_set_visible (row->prefix, TRUE);
      gtk_widget_set_margin_start (row->widget, LIST_INDENT * level);
      gtk_widget_set_margin_top (row->widget, 0);
      break;
    case ZONA_BLOCK_NUMBERED:
      {
        g_autofree char *text = g_strdup_printf ("%d.", number);
        gtk_label_set_text (GTK_LABEL (row->prefix), text);
        gtk_widget_set_visible (row->prefix, TRUE);
        gtk_widget_set_margin_start (row->widget, LIST_INDENT * level);
        gtk_widget_set_margin_top (row->widget, 0);
      }
      break;
    case ZONA_BLOCK_PARAGRAPH:
    default:
      gtk_widget_set_visible (row->prefix, FALSE);
      gtk_widget_set_margin_start (row->widget, 0);
      gtk_widget_set_margin_top (row->widget, 0);
      break;
    }
  row_set_accessible_label (row, number);
}

static void
row_update_embedded (Row             *row,
                     const ZonaBlock *block)
{
  g_autofree char *title = NULL;
  const char *icon;

  switch (block->kind)
    {
    case ZONA_BLOCK_TABLE:
      icon = "x-office-spreadsheet-symbolic";
      {
        /* The table's own title; its uid only when it has none. */
        g_autoptr(ZonaDataTable) table = NULL;

        if (row->editor != NULL && block->ref_uid != NULL)
          {
            gint64 id = zona_plan_data_find_table (row->editor->store, block->ref_uid);
            table = id ? zona_plan_data_get_table (row->editor->store, id) : NULL;
          }
        title = table && table->title && *table->title ? g_strdup_printf (_("Table: %s"), table->title)
              : block->ref_uid && *block->ref_uid ? g_strdup_printf (_("Table: %s"), block->ref_uid)
              : g_strdup (_("Table"));
      }
      break;
    case ZONA_BLOCK_CHART:
      icon = "x-office-presentation-symbolic";
      {
        g_autoptr(ZonaChart) chart = NULL;

        if (row->editor != NULL && block->ref_uid != NULL)
          {
            gint64 id = zona_plan_data_find_chart (row->editor->store, block->ref_uid);
            chart = id ? zona_plan_data_get_chart (row->editor->store, id) : NULL;
          }
        title = chart && chart->title && *chart->title ? g_strdup_printf (_("Chart: %s"), chart->title)
              : block->ref_uid && *block->ref_uid ? g_strdup_printf (_("Chart: %s"), block->ref_uid)
              : g_strdup (_("Chart"));
      }
      break;
    case ZONA_BLOCK_CARD:
    default:
      icon = "document-edit-symbolic";
      title = g_strdup (block->title && *block->title ? block->title : _("Untitled card"));
      break;
    }
  gtk_image_set_from_icon_name (GTK_IMAGE (row->icon), icon);
  gtk_label_set_text (GTK_LABEL (row->title), title);
  gtk_widget_set_tooltip_text (row->widget, title);
}

/* ---- rows: writing ---------------------------------------------------- */

static gboolean
reconcile_idle_cb (gpointer data)
{
  ZonaTextEditor *self = data;

  self->reconcile_id = 0;
  reconcile (self);
  return G_SOURCE_REMOVE;
}

static void
queue_reconcile (ZonaTextEditor *self)
{
  if (self->reconcile_id == 0)
    self->reconcile_id = g_idle_add (reconcile_idle_cb, self);
}

static void
row_write (Row *row)
{
  ZonaTextEditor *self = row->editor;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) spans = NULL;
  g_autofree char *text = NULL;
  gboolean ok;

  if (self == NULL || self->updating || row->hold > 0 || row->inserting)
    return;

  text = row_get_text (row);
  spans = row_collect_spans (row);
  self->updating = TRUE;
  ok = zona_store_set_block_text (self->store, row->id, text, spans, &error);
  self->updating = FALSE;
  row_refresh_footnotes (row);
  if (!ok)
    {
      report_error (self, error);
      /* Show what the file holds, once the buffer is done with this change. */
      queue_reconcile (self);
    }
}

/* ---- rows: buffer and view callbacks ---------------------------------- */

static void
buffer_insert_text_cb (GtkTextBuffer *buffer,
                       GtkTextIter   *location,
                       const char    *text,
                       int            len,
                       Row           *row)
{
  ZonaTextEditor *self = row->editor;
  GtkTextIter before = *location;
  guint styles;

  if (self == NULL || self->updating || row->inserting)
    return;

  row->inserting = TRUE;
  row->insert_offset = gtk_text_iter_get_offset (location);
  g_clear_pointer (&row->insert_tags, g_slist_free);

  styles = row_styles_at (row, location);
  if (styles & STYLE_BOLD)
    row->insert_tags = g_slist_prepend (row->insert_tags, self->bold);
  if (styles & STYLE_ITALIC)
    row->insert_tags = g_slist_prepend (row->insert_tags, self->italic);

  /* A link grows only from inside, not at its ends. */
  if (gtk_text_iter_backward_char (&before) && !gtk_text_iter_is_end (location))
    {
      GSList *tags = gtk_text_iter_get_tags (&before);

      for (GSList *l = tags; l; l = l->next)
        if (tag_address (l->data) != NULL && gtk_text_iter_has_tag (location, l->data))
          row->insert_tags = g_slist_prepend (row->insert_tags, l->data);
      g_slist_free (tags);
    }
}

static void
buffer_insert_text_after_cb (GtkTextBuffer *buffer,
                             GtkTextIter   *location,
                             const char    *text,
                             int            len,
                             Row           *row)
{
  GtkTextIter start;

  if (row->editor == NULL || !row->inserting)
    return;

  gtk_text_buffer_get_iter_at_offset (buffer, &start, row->insert_offset);
  row->hold++;
  for (GSList *l = row->insert_tags; l; l = l->next)
    gtk_text_buffer_apply_tag (buffer, l->data, &start, location);
  row->hold--;
  g_clear_pointer (&row->insert_tags, g_slist_free);
  row->pending_on = row->pending_off = 0;
  row->inserting = FALSE;
  row_write (row);
}

static void
buffer_changed_cb (GtkTextBuffer *buffer,
                   Row           *row)
{
  /* While text goes in, the after-handler above writes it with its styles. */
  if (!row->inserting)
    row_write (row);
}

static void
buffer_tag_changed_cb (GtkTextBuffer     *buffer,
                       GtkTextTag        *tag,
                       const GtkTextIter *start,
                       const GtkTextIter *end,
                       Row               *row)
{
  if (row->editor == NULL || tag == row->editor->footnote || row->inserting)
    return;
  row_write (row);
}

static void
buffer_mark_set_cb (GtkTextBuffer     *buffer,
                    const GtkTextIter *location,
                    GtkTextMark       *mark,
                    Row               *row)
{
  if (mark == gtk_text_buffer_get_insert (buffer) && !row->inserting)
    row->pending_on = row->pending_off = 0;
}

static gboolean
view_query_tooltip_cb (GtkWidget  *widget,
                       int         x,
                       int         y,
                       gboolean    keyboard,
                       GtkTooltip *tooltip,
                       Row        *row)
{
  GtkTextView *view = GTK_TEXT_VIEW (widget);
  GtkTextTag *link = NULL;
  GtkTextIter iter;
  GSList *tags;
  int bx, by;

  if (row->editor == NULL)
    return FALSE;
  if (keyboard)
    gtk_text_buffer_get_iter_at_mark (row->buffer, &iter, gtk_text_buffer_get_insert (row->buffer));
  else
    {
      gtk_text_view_window_to_buffer_coords (view, GTK_TEXT_WINDOW_WIDGET, x, y, &bx, &by);
      if (!gtk_text_view_get_iter_at_location (view, &iter, bx, by))
        return FALSE;
    }

  for (guint i = 0; i < row->footnotes->len; i++)
    {
      Footnote *fn = &g_array_index (row->footnotes, Footnote, i);
      GtkTextIter at;

      gtk_text_buffer_get_iter_at_mark (row->buffer, &at, fn->mark);
      if (gtk_text_iter_get_offset (&at) == gtk_text_iter_get_offset (&iter) + 1)
        {
          gtk_tooltip_set_text (tooltip, fn->note);
          return TRUE;
        }
    }
  tags = gtk_text_iter_get_tags (&iter);
  for (GSList *l = tags; l && link == NULL; l = l->next)
    if (tag_address (l->data) != NULL)
      link = l->data;
  g_slist_free (tags);
  if (link == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, tag_address (link));
  return TRUE;
}

/* GTK 4.8 lays out a text view's text in an idle after its first
 * allocation, and does not ask for a new size when that is done: the view
 * keeps the height of its empty layout (0) until something else resizes it.
 * Ask again for a few frames after the view is shown. */
static gboolean
view_settle_tick_cb (GtkWidget     *view,
                     GdkFrameClock *clock,
                     gpointer       data)
{
  int frames = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (view), SETTLE_KEY));

  gtk_widget_queue_resize (view);
  if (frames >= SETTLE_FRAMES)
    {
      g_object_set_data (G_OBJECT (view), SETTLE_KEY, NULL);
      return G_SOURCE_REMOVE;
    }
  g_object_set_data (G_OBJECT (view), SETTLE_KEY, GINT_TO_POINTER (frames + 1));
  return G_SOURCE_CONTINUE;
}

static void
view_map_cb (GtkWidget *view,
             gpointer   data)
{
  if (g_object_get_data (G_OBJECT (view), SETTLE_KEY) != NULL)
    return;
  g_object_set_data (G_OBJECT (view), SETTLE_KEY, GINT_TO_POINTER (1));
  gtk_widget_add_tick_callback (view, view_settle_tick_cb, NULL, NULL);
}

static void
view_focus_enter_cb (GtkEventControllerFocus *controller,
                     Row                     *row)
{
  if (row->editor != NULL)
    row->editor->focus_id = row->id;
}

/* ---- structure -------------------------------------------------------- */

static Row *
neighbour_text_row (Row *row,
                    int  direction)
{
  GtkWidget *w = row->widget;

  while ((w = direction < 0 ? gtk_widget_get_prev_sibling (w) : gtk_widget_get_next_sibling (w)))
    {
      Row *other = g_object_get_data (G_OBJECT (w), ROW_KEY);

      if (other != NULL && other->view != NULL)
        return other;
    }
  return NULL;
}

static void
set_kind (ZonaTextEditor *self,
          Row            *row,
          ZonaBlockKind   kind,
          int             level)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (row->kind == kind && row->level == level)
    return;
  self->updating = TRUE;
  ok = zona_store_set_block_kind (self->store, row->id, kind, level, &error);
  self->updating = FALSE;
  if (!ok)
    {
      report_error (self, error);
      return;
    }
  row->kind = kind;
  row->level = level;
  update_looks (self);
}

static int
text_length (const char *text)
{
  return (int) g_utf8_strlen (text, -1);
}

/* Enter: the text after the cursor becomes a new block of the same kind
 * (at the end of a heading, a paragraph); an empty list item becomes a
 * paragraph. */
static void
row_split (ZonaTextEditor *self,
           Row            *row)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ZonaBlock) block = NULL;
  g_autoptr(GPtrArray) spans = NULL;
  g_autoptr(GPtrArray) before = span_array_new ();
  g_autoptr(GPtrArray) after = span_array_new ();
  g_autofree char *text = NULL, *head = NULL;
  const char *tail;
  ZonaBlockKind kind = row->kind;
  int level = row->level, at, len;
  gint64 id = row->id, new_id;
  gboolean ok;

  gtk_text_buffer_delete_selection (row->buffer, TRUE, TRUE);
  text = row_get_text (row);
  len = text_length (text);
  if (len == 0 && kind_is_list (kind))
    {
      set_kind (self, row, ZONA_BLOCK_PARAGRAPH, 0);
      return;
    }
  block = zona_store_get_block (self->store, id);
  if (block == NULL)
    return;

  at = row_cursor (row);
  spans = row_collect_spans (row);
  split_spans (spans, at, before, after);
  tail = g_utf8_offset_to_pointer (text, at);
  head = g_strndup (text, tail - text);
  if (kind == ZONA_BLOCK_HEADING && at == len)
    {
      kind = ZONA_BLOCK_PARAGRAPH;
      level = 0;
    }

  /* The new block first: if that fails, nothing is lost. */
  self->updating = TRUE;
  new_id = zona_store_add_block (self->store, self->chapter_id, kind, level, tail, NULL, &error);
  ok = new_id > 0
    && (after->len == 0 || zona_store_set_block_text (self->store, new_id, tail, after, &error))
    && zona_store_move_block (self->store, new_id, block->position + 1, &error)
    && (at == len || zona_store_set_block_text (self->store, id, head, before, &error));
  self->updating = FALSE;
  if (!ok)
    report_error (self, error);

  reconcile (self);
  if (new_id > 0)
    zona_text_editor_focus_block (self, new_id, 0);
}

/* Backspace at the start of an empty block. */
static gboolean
row_delete_empty (ZonaTextEditor *self,
                  Row            *row)
{
  g_autoptr(GError) error = NULL;
  Row *prev = neighbour_text_row (row, -1);
  gint64 prev_id;
  gboolean ok;

  if (prev == NULL)
    return FALSE;
  prev_id = prev->id;
  self->updating = TRUE;
  ok = zona_store_delete_block (self->store, row->id, &error);
  self->updating = FALSE;
  if (!ok)
    {
      report_error (self, error);
      return TRUE;
    }
  reconcile (self);
  zona_text_editor_focus_block (self, prev_id, -1);
  return TRUE;
}

static void
row_change_level (ZonaTextEditor *self,
                  Row            *row,
                  int             delta)
{
  if (!kind_is_list (row->kind))
    return;
  set_kind (self, row, row->kind, CLAMP (row->level + delta, 0, MAX_LIST_LEVEL));
}

static gboolean
cursor_on_edge_line (Row      *row,
                     gboolean  first)
{
  GtkTextView *view = GTK_TEXT_VIEW (row->view);
  GtkTextIter cursor, edge;
  GdkRectangle a, b;

  gtk_text_buffer_get_iter_at_mark (row->buffer, &cursor, gtk_text_buffer_get_insert (row->buffer));
  if (first)
    gtk_text_buffer_get_start_iter (row->buffer, &edge);
  else
    gtk_text_buffer_get_end_iter (row->buffer, &edge);
  gtk_text_view_get_iter_location (view, &cursor, &a);
  gtk_text_view_get_iter_location (view, &edge, &b);
  return a.y == b.y;
}

/* Up and Down leave the block from its first or last line, to the line of
 * the next block that sits under the cursor. */
static gboolean
row_move_focus (ZonaTextEditor *self,
                Row            *row,
                int             direction)
{
  Row *target = neighbour_text_row (row, direction);
  GtkTextIter cursor, edge, iter;
  GdkRectangle rect, edge_rect;
  double x = 0, y = 0;
  int wx, wy, bx, by;

  if (target == NULL)
    return FALSE;

  gtk_text_buffer_get_iter_at_mark (row->buffer, &cursor, gtk_text_buffer_get_insert (row->buffer));
  gtk_text_view_get_iter_location (GTK_TEXT_VIEW (row->view), &cursor, &rect);
  gtk_text_view_buffer_to_window_coords (GTK_TEXT_VIEW (row->view), GTK_TEXT_WINDOW_WIDGET,
                                         rect.x, rect.y, &wx, &wy);
  if (direction < 0)
    gtk_text_buffer_get_end_iter (target->buffer, &edge);
  else
    gtk_text_buffer_get_start_iter (target->buffer, &edge);
  gtk_text_view_get_iter_location (GTK_TEXT_VIEW (target->view), &edge, &edge_rect);

  iter = edge;
  if (gtk_widget_translate_coordinates (row->view, target->view, wx, wy, &x, &y))
    {
      gtk_text_view_window_to_buffer_coords (GTK_TEXT_VIEW (target->view), GTK_TEXT_WINDOW_WIDGET,
                                             (int) x, 0, &bx, &by);
      gtk_text_view_get_iter_at_location (GTK_TEXT_VIEW (target->view), &iter, MAX (bx, 0),
                                          edge_rect.y);
    }
  gtk_widget_grab_focus (target->view);
  gtk_text_buffer_place_cursor (target->buffer, &iter);
  self->focus_id = target->id;
  return TRUE;
}

static gboolean
view_key_pressed_cb (GtkEventControllerKey *controller,
                     guint                  keyval,
                     guint                  keycode,
                     GdkModifierType        state,
                     Row                   *row)
{
  ZonaTextEditor *self = row->editor;
  GdkModifierType mods = state & (GDK_SHIFT_MASK | GDK_CONTROL_MASK | GDK_ALT_MASK
                                  | GDK_SUPER_MASK | GDK_META_MASK);
  GtkTextIter start, end;
  gboolean selected;

  if (self == NULL || self->read_only)
    return FALSE;
  selected = gtk_text_buffer_get_selection_bounds (row->buffer, &start, &end);

  /* Ctrl+Shift+7 and Ctrl+Shift+8 arrive as Ctrl+& and Ctrl+* (or Ctrl+/ and
   * Ctrl+( on an Italian keyboard), which the bindings do not match: look at
   * the key itself. */
  if (mods == (GDK_CONTROL_MASK | GDK_SHIFT_MASK))
    {
      guint base = 0;

      if (gdk_display_translate_key (gtk_widget_get_display (row->view), keycode, 0,
                                     gtk_event_controller_key_get_group (controller),
                                     &base, NULL, NULL, NULL))
        {
          if (base == GDK_KEY_7)
            return gtk_widget_activate_action (GTK_WIDGET (self), "editor.numbered", NULL);
          if (base == GDK_KEY_8)
            return gtk_widget_activate_action (GTK_WIDGET (self), "editor.bullet", NULL);
        }
    }

  switch (keyval)
    {
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
      /* Shift+Enter stays a line break inside the block. */
      if (mods != 0)
        return FALSE;
      row_split (self, row);
      return TRUE;

    case GDK_KEY_Tab:
    case GDK_KEY_KP_Tab:
    case GDK_KEY_ISO_Left_Tab:
      if (!kind_is_list (row->kind) || (mods & ~GDK_SHIFT_MASK) != 0)
        return FALSE;
      row_change_level (self, row,
                        (mods & GDK_SHIFT_MASK) || keyval == GDK_KEY_ISO_Left_Tab ? -1 : 1);
      return TRUE;

    case GDK_KEY_BackSpace:
      if (mods != 0 || selected || gtk_text_buffer_get_char_count (row->buffer) > 0)
        return FALSE;
      return row_delete_empty (self, row);

    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      if (mods != 0 || selected || !cursor_on_edge_line (row, TRUE))
        return FALSE;
      return row_move_focus (self, row, -1);

    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      if (mods != 0 || selected || !cursor_on_edge_line (row, FALSE))
        return FALSE;
      return row_move_focus (self, row, 1);

    default:
      return FALSE;
    }
}

/* ---- paste ------------------------------------------------------------ */

static gboolean
is_blank (const char *text)
{
  for (; *text; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

/* Blank lines separate paragraphs; single line breaks stay in them. */
static GPtrArray *
split_paragraphs (const char *text)
{
  g_autoptr(GRegex) blank = g_regex_new ("\n[ \t]*\n(?:[ \t]*\n)*", 0, 0, NULL);
  g_autoptr(GString) clean = g_string_new (NULL);
  g_auto(GStrv) parts = NULL;
  GPtrArray *chunks = g_ptr_array_new_with_free_func (g_free);
  int first, last;

  for (const char *p = text; *p; p++)
    {
      if (*p == '\r')
        {
          g_string_append_c (clean, '\n');
          if (p[1] == '\n')
            p++;
        }
      else
        g_string_append_c (clean, *p);
    }
  parts = g_regex_split (blank, clean->str, 0);
  first = 0;
  last = (int) g_strv_length (parts) - 1;
  while (first <= last && is_blank (parts[first]))
    first++;
  while (last >= first && is_blank (parts[last]))
    last--;
  for (int i = first; i <= last; i++)
    g_ptr_array_add (chunks, g_strdup (parts[i]));
  return chunks;
}

static void
paste_into_row (ZonaTextEditor *self,
                Row            *row,
                const char     *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) chunks = NULL;
  g_autoptr(ZonaBlock) block = NULL;
  g_autoptr(GPtrArray) spans = NULL;
  g_autoptr(GPtrArray) before = span_array_new ();
  g_autoptr(GPtrArray) after = span_array_new ();
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  g_autofree char *current = NULL, *head = NULL;
  const char *tail;
  gint64 id = row->id, last_id = 0;
  int at, len, last_len = 0;
  gboolean ok = TRUE;

  if (self->read_only)
    return;
  chunks = split_paragraphs (valid);
  if (chunks->len == 0)
    return;

  gtk_text_buffer_begin_user_action (row->buffer);
  gtk_text_buffer_delete_selection (row->buffer, TRUE, TRUE);
  gtk_text_buffer_insert_interactive_at_cursor (row->buffer, g_ptr_array_index (chunks, 0), -1,
                                                TRUE);
  gtk_text_buffer_end_user_action (row->buffer);
  if (chunks->len == 1)
    return;

  /* Each further paragraph is a block of its own; what followed the cursor
   * follows the last one. */
  block = zona_store_get_block (self->store, id);
  if (block == NULL)
    return;
  current = row_get_text (row);
  len = text_length (current);
  at = row_cursor (row);
  spans = row_collect_spans (row);
  split_spans (spans, at, before, after);
  tail = g_utf8_offset_to_pointer (current, at);
  head = g_strndup (current, tail - current);

  self->updating = TRUE;
  for (guint i = 1; ok && i < chunks->len; i++)
    {
      const char *chunk = g_ptr_array_index (chunks, i);
      gboolean last = i + 1 == chunks->len;
      g_autofree char *body = last ? g_strconcat (chunk, tail, NULL) : g_strdup (chunk);

      last_id = zona_store_add_block (self->store, self->chapter_id, ZONA_BLOCK_PARAGRAPH, 0, body,
                                      NULL, &error);
      ok = last_id > 0
        && zona_store_move_block (self->store, last_id, block->position + (int) i, &error);
      if (ok && last)
        {
          last_len = text_length (chunk);
          for (guint j = 0; j < after->len; j++)
            {
              ZonaSpan *sp = g_ptr_array_index (after, j);
              sp->start += last_len;
              sp->end += last_len;
            }
          if (after->len > 0)
            ok = zona_store_set_block_text (self->store, last_id, body, after, &error);
        }
    }
  if (ok && at < len)
    ok = zona_store_set_block_text (self->store, id, head, before, &error);
  self->updating = FALSE;
  if (!ok)
    report_error (self, error);

  reconcile (self);
  if (ok && last_id > 0)
    zona_text_editor_focus_block (self, last_id, last_len);
}

typedef struct
{
  ZonaTextEditor *self;
  gint64          id;
} PasteRequest;

static void
paste_text_ready_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      data)
{
  PasteRequest *req = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, &error);
  Row *row = req->self->rows ? g_hash_table_lookup (req->self->rows, &req->id) : NULL;

  if (text != NULL && row != NULL && row->editor != NULL)
    paste_into_row (req->self, row, text);
  else if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Nothing to paste: %s", error->message);
  g_object_unref (req->self);
  g_free (req);
}

/* Ctrl+V, the context menu: plain text only, whatever else the clipboard offers. */
static void
view_paste_clipboard_cb (GtkTextView *view,
                         Row         *row)
{
  PasteRequest *req;

  g_signal_stop_emission_by_name (view, "paste-clipboard");
  if (row->editor == NULL || row->editor->read_only)
    return;
  req = g_new0 (PasteRequest, 1);
  req->self = g_object_ref (row->editor);
  req->id = row->id;
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (view)), NULL,
                                 paste_text_ready_cb, req);
}

/* ---- rows: building --------------------------------------------------- */

static void
row_free (Row *row)
{
  g_clear_pointer (&row->footnotes, g_array_unref);
  g_clear_pointer (&row->insert_tags, g_slist_free);
  g_free (row);
}

static void
embedded_clicked_cb (GtkButton *button,
                     Row       *row)
{
  if (row->editor != NULL)
    g_signal_emit (row->editor, signals[BLOCK_ACTIVATED], 0, row->id);
}

static void
row_build_text (ZonaTextEditor *self,
                Row            *row)
{
  GtkWidget *column = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkEventController *controller;

  row->widget = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_add_css_class (row->widget, "zona-text-row");

  row->prefix = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (row->prefix), 1);
  gtk_label_set_width_chars (GTK_LABEL (row->prefix), 3);
  gtk_widget_set_valign (row->prefix, GTK_ALIGN_START);
  gtk_widget_add_css_class (row->prefix, "zona-block-prefix");
  gtk_accessible_update_state (GTK_ACCESSIBLE (row->prefix), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  gtk_widget_set_visible (row->prefix, FALSE);
  gtk_box_append (GTK_BOX (row->widget), row->prefix);

  row->buffer = gtk_text_buffer_new (self->tags);
  /* Undo belongs to the plan, not to one text view. */
  gtk_text_buffer_set_enable_undo (row->buffer, FALSE);
  row->view = gtk_text_view_new_with_buffer (row->buffer);
  g_object_unref (row->buffer);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (row->view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (row->view), FALSE);
  gtk_text_view_set_editable (GTK_TEXT_VIEW (row->view), !self->read_only);
  gtk_widget_set_hexpand (row->view, TRUE);
  gtk_widget_set_has_tooltip (row->view, TRUE);
  gtk_widget_add_css_class (row->view, "zona-text-block");
  g_object_set_data (G_OBJECT (row->view), ROW_KEY, row);
  gtk_box_append (GTK_BOX (column), row->view);

  row->notes = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (row->notes), 0);
  gtk_label_set_wrap (GTK_LABEL (row->notes), TRUE);
  gtk_label_set_selectable (GTK_LABEL (row->notes), TRUE);
  gtk_widget_add_css_class (row->notes, "dim-label");
  gtk_widget_add_css_class (row->notes, "zona-block-notes");
  gtk_widget_set_visible (row->notes, FALSE);
  gtk_box_append (GTK_BOX (column), row->notes);
  gtk_widget_set_hexpand (column, TRUE);
  gtk_box_append (GTK_BOX (row->widget), column);

  g_signal_connect (row->buffer, "insert-text", G_CALLBACK (buffer_insert_text_cb), row);
  g_signal_connect_after (row->buffer, "insert-text",
                          G_CALLBACK (buffer_insert_text_after_cb), row);
  g_signal_connect (row->buffer, "changed", G_CALLBACK (buffer_changed_cb), row);
  g_signal_connect_after (row->buffer, "apply-tag", G_CALLBACK (buffer_tag_changed_cb), row);
  g_signal_connect_after (row->buffer, "remove-tag", G_CALLBACK (buffer_tag_changed_cb), row);
  g_signal_connect (row->buffer, "mark-set", G_CALLBACK (buffer_mark_set_cb), row);
  g_signal_connect (row->view, "paste-clipboard", G_CALLBACK (view_paste_clipboard_cb), row);
  g_signal_connect (row->view, "query-tooltip", G_CALLBACK (view_query_tooltip_cb), row);
  g_signal_connect (row->view, "map", G_CALLBACK (view_map_cb), NULL);

  /* Before the view's own handling: Enter, Tab, Backspace, Up and Down
   * mean something else at the edges of a block. */
  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "key-pressed", G_CALLBACK (view_key_pressed_cb), row);
  gtk_widget_add_controller (row->view, controller);

  controller = gtk_event_controller_focus_new ();
  g_signal_connect (controller, "enter", G_CALLBACK (view_focus_enter_cb), row);
  gtk_widget_add_controller (row->view, controller);
}

static void
row_build_embedded (ZonaTextEditor *self,
                    Row            *row)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);

  row->widget = gtk_button_new ();
  gtk_widget_add_css_class (row->widget, "flat");
  gtk_widget_add_css_class (row->widget, "zona-embedded-block");
  row->icon = gtk_image_new ();
  row->title = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (row->title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (row->title), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (row->title, TRUE);
  gtk_box_append (GTK_BOX (box), row->icon);
  gtk_box_append (GTK_BOX (box), row->title);
  gtk_button_set_child (GTK_BUTTON (row->widget), box);
  g_signal_connect (row->widget, "clicked", G_CALLBACK (embedded_clicked_cb), row);
}

static Row *
row_new (ZonaTextEditor  *self,
         const ZonaBlock *block)
{
  Row *row = g_new0 (Row, 1);

  row->editor = self;
  row->id = block->id;
  row->kind = block->kind;
  row->level = block->level;
  row->position = block->position;
  row->footnotes = g_array_new (FALSE, TRUE, sizeof (Footnote));
  g_array_set_clear_func (row->footnotes, (GDestroyNotify) footnote_clear);

  if (kind_is_text (block->kind))
    {
      g_autoptr(GPtrArray) spans = zona_store_get_spans (self->store, block->id);

      row_build_text (self, row);
      row_load (row, block->text, spans);
    }
  else
    {
      row_build_embedded (self, row);
      row_update_embedded (row, block);
    }
  g_object_set_data_full (G_OBJECT (row->widget), ROW_KEY, row, (GDestroyNotify) row_free);
  g_hash_table_insert (self->rows, &row->id, row);
  return row;
}

static void
row_update (ZonaTextEditor  *self,
            Row             *row,
            const ZonaBlock *block)
{
  row->kind = block->kind;
  row->level = block->level;
  row->position = block->position;
  if (row->view != NULL)
    row_sync (row, block);
  else
    row_update_embedded (row, block);
}

static gboolean
unref_idle_cb (gpointer data)
{
  g_object_unref (data);
  return G_SOURCE_REMOVE;
}

/* Cuts a row off from the editor. The widget may be the one a key press is
 * being delivered to: it lives until the main loop is back. */
static void
row_detach (ZonaTextEditor *self,
            Row            *row,
            gboolean        remove_widget)
{
  GtkWidget *widget = row->widget;

  if (row->buffer != NULL)
    g_signal_handlers_disconnect_by_data (row->buffer, row);
  row->editor = NULL;
  if (remove_widget)
    {
      g_hash_table_remove (self->rows, &row->id);
      g_idle_add_full (G_PRIORITY_DEFAULT, unref_idle_cb, g_object_ref (widget), NULL);
      gtk_box_remove (GTK_BOX (self->rows_box), widget);
    }
}

/* Brings the rows in line with the store: new blocks get a row, gone ones
 * lose theirs, the order follows the positions, and every text block whose
 * text or formatting changed is reloaded. */
static void
reconcile (ZonaTextEditor *self)
{
  g_autoptr(GPtrArray) blocks = zona_store_list_blocks (self->store, self->chapter_id);
  g_autoptr(GHashTable) keep = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GPtrArray) gone = g_ptr_array_new ();
  GtkWidget *prev = NULL;
  GHashTableIter hi;
  gpointer value;
  guint n_text = 0;

  g_clear_handle_id (&self->reconcile_id, g_source_remove);

  for (guint i = 0; i < blocks->len; i++)
    {
      ZonaBlock *block = g_ptr_array_index (blocks, i);
      Row *row = g_hash_table_lookup (self->rows, &block->id);

      if (row != NULL && kind_is_text (row->kind) != kind_is_text (block->kind))
        {
          row_detach (self, row, TRUE);
          row = NULL;
        }
      if (row == NULL)
        row = row_new (self, block);
      else
        row_update (self, row, block);

      if (gtk_widget_get_parent (row->widget) == NULL)
        gtk_box_insert_child_after (GTK_BOX (self->rows_box), row->widget, prev);
      else if (gtk_widget_get_prev_sibling (row->widget) != prev)
        gtk_box_reorder_child_after (GTK_BOX (self->rows_box), row->widget, prev);
      prev = row->widget;
      g_hash_table_add (keep, &row->id);
      if (kind_is_text (block->kind))
        n_text++;
    }

  g_hash_table_iter_init (&hi, self->rows);
  while (g_hash_table_iter_next (&hi, NULL, &value))
    if (!g_hash_table_contains (keep, &((Row *) value)->id))
      g_ptr_array_add (gone, value);
  for (guint i = 0; i < gone->len; i++)
    row_detach (self, g_ptr_array_index (gone, i), TRUE);

  update_looks (self);
  gtk_widget_set_visible (self->add_button, n_text == 0);
}

/* Numbers follow the export: a numbered item counts its run of numbered
 * siblings at its level; deeper items nest without breaking the run, and
 * anything that is not a numbered item ends it. */
static void
update_looks (ZonaTextEditor *self)
{
  int counters[10] = { 0 };

  for (GtkWidget *w = gtk_widget_get_first_child (self->rows_box); w;
       w = gtk_widget_get_next_sibling (w))
    {
      Row *row = g_object_get_data (G_OBJECT (w), ROW_KEY);
      int number = 0;

      if (row == NULL)
        continue;
      if (row->kind == ZONA_BLOCK_NUMBERED)
        {
          int level = CLAMP (row->level, 0, (int) G_N_ELEMENTS (counters) - 1);

          number = ++counters[level];
          for (int k = level + 1; k < (int) G_N_ELEMENTS (counters); k++)
            counters[k] = 0;
        }
      else
        memset (counters, 0, sizeof counters);
      if (row->view != NULL)
        row_update_look (row, number);
    }
}

/* ---- actions ---------------------------------------------------------- */

static Row *
current_row (ZonaTextEditor *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;
  Row *row = NULL;

  if (focus != NULL && GTK_IS_TEXT_VIEW (focus)
      && gtk_widget_is_ancestor (focus, GTK_WIDGET (self)))
    row = g_object_get_data (G_OBJECT (focus), ROW_KEY);
  if (row == NULL)
    row = g_hash_table_lookup (self->rows, &self->focus_id);
  if (row == NULL || row->editor == NULL || row->view == NULL || self->read_only)
    return NULL;
  return row;
}

static void
toggle_style_action (GtkWidget  *widget,
                     const char *name,
                     GVariant   *param)
{
  ZonaTextEditor *self = ZONA_TEXT_EDITOR (widget);
  Row *row = current_row (self);
  guint style = g_str_equal (name, "editor.bold") ? STYLE_BOLD : STYLE_ITALIC;
  GtkTextTag *tag = style == STYLE_BOLD ? self->bold : self->italic;
  GtkTextIter start, end;

  if (row == NULL)
    return;
  if (!gtk_text_buffer_get_selection_bounds (row->buffer, &start, &end))
    {
      /* No selection: the next text typed here gets, or loses, the style. */
      if (row_styles_at (row, &start) & style)
        {
          row->pending_off |= style;
          row->pending_on &= ~style;
        }
      else
        {
          row->pending_on |= style;
          row->pending_off &= ~style;
        }
      return;
    }
  row->hold++;
  if (range_has_tag (&start, &end, tag))
    gtk_text_buffer_remove_tag (row->buffer, tag, &start, &end);
  else
    gtk_text_buffer_apply_tag (row->buffer, tag, &start, &end);
  row->hold--;
  row_write (row);
}

/* The range a link command works on: the selection, or the link under the
 * cursor. */
static void
link_range (Row         *row,
            GtkTextIter *start,
            GtkTextIter *end)
{
  GtkTextTag *tag;

  if (gtk_text_buffer_get_selection_bounds (row->buffer, start, end))
    return;
  tag = link_at (start);
  if (tag == NULL)
    return;
  if (!gtk_text_iter_has_tag (start, tag) || !gtk_text_iter_starts_tag (start, tag))
    {
      if (!gtk_text_iter_has_tag (start, tag))
        gtk_text_iter_backward_char (start);
      if (!gtk_text_iter_starts_tag (start, tag))
        gtk_text_iter_backward_to_tag_toggle (start, tag);
    }
  *end = *start;
  gtk_text_iter_forward_to_tag_toggle (end, tag);
}

/* Links the text between two offsets to @address, or unlinks it when the
 * address is empty. With nothing selected the address itself goes in. */
static void
apply_link (ZonaTextEditor *self,
            Row            *row,
            int             from,
            int             to,
            const char     *address)
{
  g_autofree char *clean = g_strstrip (g_strdup (address ? address : ""));
  GtkTextIter start, end;
  GHashTableIter hi;
  gpointer tag;

  row->hold++;
  if (to <= from && *clean != '\0')
    {
      gtk_text_buffer_get_iter_at_offset (row->buffer, &start, from);
      gtk_text_buffer_insert (row->buffer, &start, clean, -1);
      to = from + text_length (clean);
    }
  gtk_text_buffer_get_iter_at_offset (row->buffer, &start, from);
  gtk_text_buffer_get_iter_at_offset (row->buffer, &end, to);
  g_hash_table_iter_init (&hi, self->link_tags);
  while (g_hash_table_iter_next (&hi, NULL, &tag))
    gtk_text_buffer_remove_tag (row->buffer, tag, &start, &end);
  if (*clean != '\0' && to > from)
    gtk_text_buffer_apply_tag (row->buffer, link_tag (self, clean), &start, &end);
  row->hold--;
  row_write (row);
}

static void
set_link_action (GtkWidget  *widget,
                 const char *name,
                 GVariant   *param)
{
  ZonaTextEditor *self = ZONA_TEXT_EDITOR (widget);
  Row *row = current_row (self);
  GtkTextIter start, end;

  if (row == NULL)
    return;
  link_range (row, &start, &end);
  apply_link (self, row, gtk_text_iter_get_offset (&start), gtk_text_iter_get_offset (&end),
              g_variant_get_string (param, NULL));
}

typedef struct
{
  ZonaTextEditor *self;
  GtkTextBuffer  *buffer;
  gint64          id;
  GtkTextMark    *start;
  GtkTextMark    *end;
  GtkWidget      *entry;
} LinkRequest;

static void
link_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  LinkRequest      *req)
{
  Row *row = req->self->rows ? g_hash_table_lookup (req->self->rows, &req->id) : NULL;

  if (row != NULL && row->editor != NULL && row->buffer == req->buffer
      && (g_str_equal (response, "apply") || g_str_equal (response, "remove")))
    {
      GtkTextIter start, end;

      gtk_text_buffer_get_iter_at_mark (req->buffer, &start, req->start);
      gtk_text_buffer_get_iter_at_mark (req->buffer, &end, req->end);
      const char *address = g_str_equal (response, "apply")
                            ? gtk_editable_get_text (GTK_EDITABLE (req->entry)) : "";

      apply_link (req->self, row, gtk_text_iter_get_offset (&start),
                  gtk_text_iter_get_offset (&end), address);
      gtk_widget_grab_focus (row->view);
    }
}

/* When the dialog goes, answered or not. */
static void
link_request_free (gpointer  data,
                   GClosure *closure)
{
  LinkRequest *req = data;

  gtk_text_buffer_delete_mark (req->buffer, req->start);
  gtk_text_buffer_delete_mark (req->buffer, req->end);
  g_object_unref (req->buffer);
  g_object_unref (req->self);
  g_free (req);
}

static void
link_action (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  ZonaTextEditor *self = ZONA_TEXT_EDITOR (widget);
  Row *row = current_row (self);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;
  GtkTextTag *existing;
  LinkRequest *req;
  GtkTextIter start, end;

  if (row == NULL || !GTK_IS_WINDOW (root))
    return;
  link_range (row, &start, &end);
  existing = link_at (&start);
  if (existing != NULL && !gtk_text_iter_has_tag (&start, existing))
    existing = NULL;

  req = g_new0 (LinkRequest, 1);
  req->self = g_object_ref (self);
  req->buffer = g_object_ref (row->buffer);
  req->id = row->id;
  req->start = gtk_text_buffer_create_mark (row->buffer, NULL, &start, TRUE);
  req->end = gtk_text_buffer_create_mark (row->buffer, NULL, &end, FALSE);

  dialog = adw_message_dialog_new (GTK_WINDOW (root), _("Link"),
                                   gtk_text_iter_equal (&start, &end)
                                   ? _("The address is added at the cursor, as a link.")
                                   : _("The selected text will point to this address."));
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  req->entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (req->entry), "https://");
  gtk_entry_set_input_purpose (GTK_ENTRY (req->entry), GTK_INPUT_PURPOSE_URL);
  gtk_entry_set_activates_default (GTK_ENTRY (req->entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (req->entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Address"), -1);
  if (existing != NULL)
    gtk_editable_set_text (GTK_EDITABLE (req->entry), tag_address (existing));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), req->entry);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"));
  if (existing != NULL)
    {
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "remove", _("_Remove Link"));
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                                  ADW_RESPONSE_DESTRUCTIVE);
    }
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "apply", _("_Apply"));
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "apply",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "apply");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_data (dialog, "response", G_CALLBACK (link_response_cb), req,
                         link_request_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (req->entry);
}

static void
kind_action (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  ZonaTextEditor *self = ZONA_TEXT_EDITOR (widget);
  Row *row = current_row (self);
  ZonaBlockKind kind;
  int level = 0;

  if (row == NULL)
    return;
  if (g_str_equal (name, "editor.bullet") || g_str_equal (name, "editor.numbered"))
    {
      kind = g_str_equal (name, "editor.bullet") ? ZONA_BLOCK_BULLET : ZONA_BLOCK_NUMBERED;
      /* The same command again turns the item back into a paragraph. */
      if (row->kind == kind)
        kind = ZONA_BLOCK_PARAGRAPH;
      else if (kind_is_list (row->kind))
        level = row->level;
    }
  else if (g_str_equal (name, "editor.heading"))
    {
      kind = ZONA_BLOCK_HEADING;
      level = CLAMP (g_variant_get_int32 (param), 1, 3);
    }
  else
    kind = ZONA_BLOCK_PARAGRAPH;
  set_kind (self, row, kind, level);
}

static void
level_action (GtkWidget  *widget,
              const char *name,
              GVariant   *param)
{
  ZonaTextEditor *self = ZONA_TEXT_EDITOR (widget);
  Row *row = current_row (self);

  if (row != NULL)
    row_change_level (self, row, g_str_equal (name, "editor.indent") ? 1 : -1);
}

static void
split_action (GtkWidget  *widget,
              const char *name,
              GVariant   *param)
{
  ZonaTextEditor *self = ZONA_TEXT_EDITOR (widget);
  Row *row = current_row (self);

  if (row != NULL)
    row_split (self, row);
}

static void
add_paragraph_action (GtkWidget  *widget,
                      const char *name,
                      GVariant   *param)
{
  ZonaTextEditor *self = ZONA_TEXT_EDITOR (widget);
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (self->read_only)
    return;
  self->updating = TRUE;
  id = zona_store_add_block (self->store, self->chapter_id, ZONA_BLOCK_PARAGRAPH, 0, "", NULL,
                             &error);
  self->updating = FALSE;
  if (id == 0)
    {
      report_error (self, error);
      return;
    }
  reconcile (self);
  zona_text_editor_focus_block (self, id, 0);
}

/* ---- store callbacks -------------------------------------------------- */

static void
store_card_changed_cb (ZonaStore      *store,
                       gint64          block_id,
                       ZonaTextEditor *self)
{
  g_autoptr(ZonaBlock) block = NULL;
  Row *row;

  if (self->updating)
    return;
  row = g_hash_table_lookup (self->rows, &block_id);
  block = zona_store_get_block (store, block_id);
  if (row == NULL)
    {
      /* Undoing a move can bring a block back into this chapter. */
      if (block != NULL && block->chapter_id == self->chapter_id)
        reconcile (self);
      return;
    }
  if (block == NULL || block->chapter_id != self->chapter_id || block->position != row->position
      || kind_is_text (block->kind) != (row->view != NULL))
    {
      reconcile (self);
      return;
    }
  row_update (self, row, block);
  update_looks (self);
}

static void
store_structure_changed_cb (ZonaStore      *store,
                            ZonaTextEditor *self)
{
  if (!self->updating)
    reconcile (self);
}

/* ---- GObject ---------------------------------------------------------- */

static void
zona_text_editor_dispose (GObject *object)
{
  ZonaTextEditor *self = ZONA_TEXT_EDITOR (object);

  if (self->store != NULL)
    {
      g_clear_signal_handler (&self->card_handler, self->store);
      g_clear_signal_handler (&self->structure_handler, self->store);
      g_clear_signal_handler (&self->reloaded_handler, self->store);
    }
  g_clear_handle_id (&self->reconcile_id, g_source_remove);
  if (self->rows != NULL)
    {
      GHashTableIter hi;
      gpointer row;

      g_hash_table_iter_init (&hi, self->rows);
      while (g_hash_table_iter_next (&hi, NULL, &row))
        row_detach (self, row, FALSE);
      g_clear_pointer (&self->rows, g_hash_table_unref);
    }

  G_OBJECT_CLASS (zona_text_editor_parent_class)->dispose (object);

  g_clear_pointer (&self->link_tags, g_hash_table_unref);
  g_clear_object (&self->tags);
  g_clear_object (&self->store);
}

static void
zona_text_editor_class_init (ZonaTextEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = zona_text_editor_dispose;

  /**
   * ZonaTextEditor::block-activated:
   * @block_id: the card, table or chart clicked in the text
   */
  signals[BLOCK_ACTIVATED] =
    g_signal_new ("block-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);

  gtk_widget_class_install_action (widget_class, "editor.bold", NULL, toggle_style_action);
  gtk_widget_class_install_action (widget_class, "editor.italic", NULL, toggle_style_action);
  gtk_widget_class_install_action (widget_class, "editor.link", NULL, link_action);
  gtk_widget_class_install_action (widget_class, "editor.set-link", "s", set_link_action);
  gtk_widget_class_install_action (widget_class, "editor.paragraph", NULL, kind_action);
  gtk_widget_class_install_action (widget_class, "editor.heading", "i", kind_action);
  gtk_widget_class_install_action (widget_class, "editor.bullet", NULL, kind_action);
  gtk_widget_class_install_action (widget_class, "editor.numbered", NULL, kind_action);
  gtk_widget_class_install_action (widget_class, "editor.indent", NULL, level_action);
  gtk_widget_class_install_action (widget_class, "editor.outdent", NULL, level_action);
  gtk_widget_class_install_action (widget_class, "editor.split", NULL, split_action);
  gtk_widget_class_install_action (widget_class, "editor.add-paragraph", NULL,
                                   add_paragraph_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_b, GDK_CONTROL_MASK,
                                       "editor.bold", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_CONTROL_MASK,
                                       "editor.italic", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k, GDK_CONTROL_MASK,
                                       "editor.link", NULL);
  /* The key handler also catches these by key, whatever Shift makes of 7 and 8. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_8, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "editor.bullet", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_7, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "editor.numbered", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK,
                                       "editor.paragraph", NULL);
  for (int level = 1; level <= 3; level++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0 + level, GDK_CONTROL_MASK,
                                         "editor.heading", "i", level);
}

static void
zona_text_editor_init (ZonaTextEditor *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

  ensure_style ();
  gtk_widget_add_css_class (GTK_WIDGET (self), "zona-text-editor");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Section text"), -1);

  self->tags = gtk_text_tag_table_new ();
  self->bold = gtk_text_tag_new ("bold");
  g_object_set (self->bold, "weight", PANGO_WEIGHT_BOLD, NULL);
  self->italic = gtk_text_tag_new ("italic");
  g_object_set (self->italic, "style", PANGO_STYLE_ITALIC, NULL);
  self->footnote = gtk_text_tag_new ("footnote");
  g_object_set (self->footnote, "underline", PANGO_UNDERLINE_DOUBLE, NULL);
  gtk_text_tag_table_add (self->tags, self->bold);
  gtk_text_tag_table_add (self->tags, self->italic);
  gtk_text_tag_table_add (self->tags, self->footnote);
  g_object_unref (self->bold);
  g_object_unref (self->italic);
  g_object_unref (self->footnote);
  self->link_tags = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->rows = g_hash_table_new (g_int64_hash, g_int64_equal);

  self->rows_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  gtk_box_append (GTK_BOX (box), self->rows_box);

  self->add_button = gtk_button_new_with_mnemonic (_("_Add Paragraph"));
  gtk_widget_set_halign (self->add_button, GTK_ALIGN_START);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->add_button), "editor.add-paragraph");
  gtk_widget_set_visible (self->add_button, FALSE);
  gtk_box_append (GTK_BOX (box), self->add_button);

  adw_bin_set_child (ADW_BIN (self), box);
}

/* ---- public API ------------------------------------------------------- */

ZonaTextEditor *
zona_text_editor_new (ZonaStore *store,
                      gint64     chapter_id)
{
  static const char *edit_actions[] = {
    "editor.bold", "editor.italic", "editor.link", "editor.set-link", "editor.paragraph",
    "editor.heading", "editor.bullet", "editor.numbered", "editor.indent", "editor.outdent",
    "editor.split", "editor.add-paragraph",
  };
  ZonaTextEditor *self;

  g_return_val_if_fail (ZONA_IS_STORE (store), NULL);

  self = g_object_new (ZONA_TYPE_TEXT_EDITOR, NULL);
  self->store = g_object_ref (store);
  self->chapter_id = chapter_id;
  self->read_only = zona_store_is_read_only (store);
  for (guint i = 0; i < G_N_ELEMENTS (edit_actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), edit_actions[i], !self->read_only);

  reconcile (self);
  self->card_handler = g_signal_connect (store, "card-changed",
                                         G_CALLBACK (store_card_changed_cb), self);
  self->structure_handler = g_signal_connect (store, "structure-changed",
                                              G_CALLBACK (store_structure_changed_cb), self);
  self->reloaded_handler = g_signal_connect_swapped (store, "reloaded",
                                                     G_CALLBACK (reconcile), self);
  return self;
}

gint64
zona_text_editor_get_chapter_id (ZonaTextEditor *self)
{
  g_return_val_if_fail (ZONA_IS_TEXT_EDITOR (self), 0);
  return self->chapter_id;
}

/* The text view of a text block, or NULL. */
GtkWidget *
zona_text_editor_get_view (ZonaTextEditor *self,
                           gint64          block_id)
{
  Row *row;

  g_return_val_if_fail (ZONA_IS_TEXT_EDITOR (self), NULL);
  row = g_hash_table_lookup (self->rows, &block_id);
  return row ? row->view : NULL;
}

/* Focuses a text block with the cursor at @offset characters (-1: the end). */
gboolean
zona_text_editor_focus_block (ZonaTextEditor *self,
                              gint64          block_id,
                              int             offset)
{
  GtkTextIter iter;
  Row *row;

  g_return_val_if_fail (ZONA_IS_TEXT_EDITOR (self), FALSE);
  row = g_hash_table_lookup (self->rows, &block_id);
  if (row == NULL || row->view == NULL)
    return FALSE;
  if (offset < 0)
    gtk_text_buffer_get_end_iter (row->buffer, &iter);
  else
    gtk_text_buffer_get_iter_at_offset (row->buffer, &iter, offset);
  self->focus_id = block_id;
  gtk_widget_grab_focus (row->view);
  gtk_text_buffer_place_cursor (row->buffer, &iter);
  return TRUE;
}

/* Pastes plain text at the cursor of the focused block, as Ctrl+V does:
 * blank lines split it into paragraphs. */
void
zona_text_editor_paste_text (ZonaTextEditor *self,
                             const char     *text)
{
  Row *row;

  g_return_if_fail (ZONA_IS_TEXT_EDITOR (self));
  g_return_if_fail (text != NULL);
  row = current_row (self);
  if (row != NULL)
    paste_into_row (self, row, text);
}
