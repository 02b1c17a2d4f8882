/* test-text-editor.c: the chapter text editor — type, format, lists, paste, undo, reopen
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under Xvfb and a private session bus (see the README's test command).
 * Most tests drive the editor through its actions, as the shortcuts do; the
 * /text-editor/keys test presses real keys through the X server's XTEST
 * extension, so that they travel through GTK's own event delivery: the
 * window's shortcuts, the text view's bindings and its input method.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "model/zona-plan-new.h"
#include "ui/zona-text-editor.h"

#include "zona-test-input.h"

#ifdef ZONA_TEST_X11
#include <X11/keysym.h>
#endif

typedef struct
{
  char           *dir;
  char           *path;
  ZonaStore      *store;
  gint64          chapter;
  gint64          para;
  GtkWindow      *window;
  ZonaTextEditor *editor;
} Fixture;

static void
iterate (void)
{
  for (int i = 0; i < 100 && g_main_context_iteration (NULL, FALSE); i++)
    ;
}

static gboolean
wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Runs the main loop until @done says so, for at most five seconds. */
static gboolean
iterate_until (gboolean (*done) (gpointer),
               gpointer   data)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  guint tick = g_timeout_add (10, wake_cb, NULL);

  while (!done (data) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (tick);
  return done (data);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) chapters = NULL;
  const char *text = data;

  f->dir = g_dir_make_tmp ("zona-text-editor-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "piano.pdz", NULL);
  f->store = zona_plan_new (f->path, "2025-2027", "Piano di prova", &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->store);

  chapters = zona_store_list_chapters (f->store, 0);
  g_assert_cmpuint (chapters->len, >, 0);
  f->chapter = ((ZonaChapter *) g_ptr_array_index (chapters, 0))->id;
  f->para = zona_store_add_paragraph (f->store, f->chapter, text ? text : "", &error);
  g_assert_no_error (error);
  g_assert_cmpint (f->para, >, 0);
}

static void
fixture_show (Fixture *f)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  f->editor = g_object_ref (zona_text_editor_new (f->store, f->chapter));
  g_assert_true (ZONA_IS_TEXT_EDITOR (f->editor));
  if (f->window == NULL)
    {
      f->window = GTK_WINDOW (gtk_window_new ());
      gtk_window_set_default_size (f->window, 700, 500);
    }
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (f->editor));
  if (ADW_IS_APPLICATION_WINDOW (f->window))
    adw_application_window_set_content (ADW_APPLICATION_WINDOW (f->window), scrolled);
  else
    gtk_window_set_child (f->window, scrolled);
  gtk_window_present (f->window);
  iterate ();
}

static void
fixture_close (Fixture *f)
{
  if (f->window != NULL)
    {
      gtk_window_destroy (f->window);
      f->window = NULL;
      iterate ();
    }
  /* Nothing else holds the editor, nor, through it, the plan. */
  if (f->editor != NULL)
    g_assert_finalize_object (g_steal_pointer (&f->editor));
  if (f->store != NULL)
    g_assert_finalize_object (g_steal_pointer (&f->store));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  fixture_close (f);
  g_unlink (f->path);
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

/* ---- helpers ---------------------------------------------------------- */

static GtkWidget *
view_of (Fixture *f,
         gint64   id)
{
  GtkWidget *view = zona_text_editor_get_view (f->editor, id);

  g_assert_true (GTK_IS_TEXT_VIEW (view));
  return view;
}

static GtkTextBuffer *
buffer_of (Fixture *f,
           gint64   id)
{
  return gtk_text_view_get_buffer (GTK_TEXT_VIEW (view_of (f, id)));
}

static char *
shown_text (Fixture *f,
            gint64   id)
{
  GtkTextBuffer *buffer = buffer_of (f, id);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
}

static char *
stored_text (ZonaStore *store,
             gint64     id)
{
  g_autoptr(ZonaBlock) block = zona_store_get_block (store, id);

  g_assert_nonnull (block);
  return g_strdup (block->text);
}

/* Types at the cursor, as the text view does with what the keyboard commits. */
static void
type_text (Fixture    *f,
           gint64      id,
           const char *text)
{
  GtkTextBuffer *buffer = buffer_of (f, id);

  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_insert_interactive_at_cursor (buffer, text, -1, TRUE);
  gtk_text_buffer_end_user_action (buffer);
  iterate ();
}

static void
focus_at (Fixture *f,
          gint64   id,
          int      offset)
{
  g_assert_true (zona_text_editor_focus_block (f->editor, id, offset));
  iterate ();
}

static void
select_range (Fixture *f,
              gint64   id,
              int      from,
              int      to)
{
  GtkTextBuffer *buffer = buffer_of (f, id);
  GtkTextIter a, b;

  gtk_widget_grab_focus (view_of (f, id));
  gtk_text_buffer_get_iter_at_offset (buffer, &a, from);
  gtk_text_buffer_get_iter_at_offset (buffer, &b, to);
  gtk_text_buffer_select_range (buffer, &a, &b);
}

static void
activate (Fixture    *f,
          gint64      id,
          const char *action,
          GVariant   *param)
{
  /* From the focused text view up, as a key binding would. */
  g_assert_true (gtk_widget_activate_action_variant (view_of (f, id), action, param));
  iterate ();
}

static guint
count_spans (GPtrArray     *spans,
             ZonaSpanStyle  style)
{
  guint n = 0;

  for (guint i = 0; i < spans->len; i++)
    if (((ZonaSpan *) g_ptr_array_index (spans, i))->style == style)
      n++;
  return n;
}

static gboolean
has_span (GPtrArray     *spans,
          ZonaSpanStyle  style,
          int            start,
          int            end,
          const char    *data)
{
  for (guint i = 0; i < spans->len; i++)
    {
      ZonaSpan *sp = g_ptr_array_index (spans, i);

      if (sp->style == style && sp->start == start && sp->end == end
          && (data == NULL || g_strcmp0 (sp->data, data) == 0))
        return TRUE;
    }
  return FALSE;
}

static ZonaBlock *
block_at (ZonaStore *store,
          gint64     chapter,
          guint      index)
{
  g_autoptr(GPtrArray) blocks = zona_store_list_blocks (store, chapter);
  ZonaBlock *block;

  g_assert_cmpuint (index, <, blocks->len);
  block = g_ptr_array_steal_index (blocks, index);
  return block;
}

static guint
n_blocks (ZonaStore *store,
          gint64     chapter)
{
  g_autoptr(GPtrArray) blocks = zona_store_list_blocks (store, chapter);
  return blocks->len;
}

static GtkWidget *
focus_widget (Fixture *f)
{
  return gtk_root_get_focus (GTK_ROOT (f->window));
}

/* The "•" or "2." in front of a list item. */
static const char *
prefix_of (Fixture *f,
           gint64   id)
{
  GtkWidget *row = gtk_widget_get_parent (gtk_widget_get_parent (view_of (f, id)));
  GtkWidget *prefix = gtk_widget_get_first_child (row);

  g_assert_true (GTK_IS_LABEL (prefix));
  if (!gtk_widget_get_visible (prefix))
    return "";
  return gtk_label_get_text (GTK_LABEL (prefix));
}

/* Runs the view's own key handler, as a key press reaching it would. */
static gboolean
send_key_to_handler (GtkWidget *view,
                     guint      keyval,
                     GdkModifierType state)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (view);
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) c = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (c)
          && gtk_event_controller_get_propagation_phase (c) == GTK_PHASE_CAPTURE)
        {
          g_signal_emit_by_name (c, "key-pressed", keyval, 0, state, &handled);
          break;
        }
    }
  iterate ();
  return handled;
}

static gboolean
view_has_height (gpointer data)
{
  return gtk_widget_get_height (data) > 0;
}

/* ---- tests ------------------------------------------------------------ */

/* GTK 4.8 leaves a text view at the height of its empty layout after the
 * first layout of its text; the editor asks again. */
static void
test_views_get_their_height (Fixture       *f,
                             gconstpointer  data)
{
  fixture_show (f);
  g_assert_true (iterate_until (view_has_height, view_of (f, f->para)));
}

static void
test_type_and_format (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) spans = NULL;
  GtkTextBuffer *buffer;

  fixture_show (f);
  buffer = buffer_of (f, f->para);
  /* The plan keeps the history, not the view. */
  g_assert_false (gtk_text_buffer_get_enable_undo (buffer));

  focus_at (f, f->para, 0);
  type_text (f, f->para, "Il tavolo si riunisce");
  type_text (f, f->para, " ogni mese.");
  text = stored_text (f->store, f->para);
  g_assert_cmpstr (text, ==, "Il tavolo si riunisce ogni mese.");

  /* Ctrl+B on "tavolo" */
  select_range (f, f->para, 3, 9);
  activate (f, f->para, "editor.bold", NULL);
  spans = zona_store_get_spans (f->store, f->para);
  g_assert_cmpuint (spans->len, ==, 1);
  g_assert_true (has_span (spans, ZONA_SPAN_BOLD, 3, 9, NULL));
  g_clear_pointer (&spans, g_ptr_array_unref);

  /* Typing inside bold text stays bold. */
  focus_at (f, f->para, 6);
  type_text (f, f->para, "XX");
  spans = zona_store_get_spans (f->store, f->para);
  g_assert_true (has_span (spans, ZONA_SPAN_BOLD, 3, 11, NULL));
  g_clear_pointer (&spans, g_ptr_array_unref);
  {
    GtkTextIter a, b;
    gtk_text_buffer_get_iter_at_offset (buffer, &a, 6);
    gtk_text_buffer_get_iter_at_offset (buffer, &b, 8);
    gtk_text_buffer_delete_interactive (buffer, &a, &b, TRUE);
    iterate ();
  }
  g_free (text);
  text = stored_text (f->store, f->para);
  g_assert_cmpstr (text, ==, "Il tavolo si riunisce ogni mese.");
  spans = zona_store_get_spans (f->store, f->para);
  g_assert_true (has_span (spans, ZONA_SPAN_BOLD, 3, 9, NULL));
  g_clear_pointer (&spans, g_ptr_array_unref);

  /* Ctrl+I over a range that overlaps the bold one. */
  select_range (f, f->para, 6, 12);
  activate (f, f->para, "editor.italic", NULL);
  spans = zona_store_get_spans (f->store, f->para);
  g_assert_cmpuint (spans->len, ==, 2);
  g_assert_true (has_span (spans, ZONA_SPAN_BOLD, 3, 9, NULL));
  g_assert_true (has_span (spans, ZONA_SPAN_ITALIC, 6, 12, NULL));
  g_clear_pointer (&spans, g_ptr_array_unref);

  /* Ctrl+B again on bold text takes it away. */
  select_range (f, f->para, 3, 9);
  activate (f, f->para, "editor.bold", NULL);
  spans = zona_store_get_spans (f->store, f->para);
  g_assert_cmpuint (count_spans (spans, ZONA_SPAN_BOLD), ==, 0);
  g_assert_cmpuint (count_spans (spans, ZONA_SPAN_ITALIC), ==, 1);
  g_clear_pointer (&spans, g_ptr_array_unref);

  /* Ctrl+B with nothing selected: the next words typed are bold. */
  focus_at (f, f->para, -1);
  activate (f, f->para, "editor.bold", NULL);
  type_text (f, f->para, " Fine");
  spans = zona_store_get_spans (f->store, f->para);
  g_assert_true (has_span (spans, ZONA_SPAN_BOLD, 32, 37, NULL));
  g_clear_pointer (&spans, g_ptr_array_unref);

  /* The buffer is the stored text, character for character. */
  g_free (text);
  text = stored_text (f->store, f->para);
  {
    g_autofree char *shown = shown_text (f, f->para);
    g_assert_cmpstr (shown, ==, text);
  }
}

static void
test_lists_and_enter (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(ZonaBlock) first = NULL, second = NULL, third = NULL;
  g_autofree char *text = NULL;
  gint64 item2, item3;

  fixture_show (f);
  focus_at (f, f->para, 0);
  type_text (f, f->para, "Primo punto");

  /* Ctrl+Shift+8 */
  activate (f, f->para, "editor.bullet", NULL);
  first = zona_store_get_block (f->store, f->para);
  g_assert_cmpint (first->kind, ==, ZONA_BLOCK_BULLET);
  g_assert_cmpint (first->level, ==, 0);
  g_assert_cmpstr (prefix_of (f, f->para), ==, "•");

  /* Enter at the end: a new bullet right after it, with the focus. */
  focus_at (f, f->para, -1);
  activate (f, f->para, "editor.split", NULL);
  g_assert_cmpuint (n_blocks (f->store, f->chapter), ==, 2);
  second = block_at (f->store, f->chapter, 1);
  g_assert_cmpint (second->kind, ==, ZONA_BLOCK_BULLET);
  g_assert_cmpint (second->position, ==, first->position + 1);
  g_assert_cmpstr (second->text, ==, "");
  item2 = second->id;
  g_assert_true (focus_widget (f) == view_of (f, item2));
  text = stored_text (f->store, f->para);
  g_assert_cmpstr (text, ==, "Primo punto");

  type_text (f, item2, "Secondo");
  g_free (text);
  text = stored_text (f->store, item2);
  g_assert_cmpstr (text, ==, "Secondo");

  /* Tab, Shift+Tab */
  g_assert_true (send_key_to_handler (view_of (f, item2), GDK_KEY_Tab, 0));
  g_clear_pointer (&second, zona_block_free);
  second = zona_store_get_block (f->store, item2);
  g_assert_cmpint (second->level, ==, 1);
  g_assert_cmpstr (prefix_of (f, item2), ==, "◦");
  activate (f, item2, "editor.outdent", NULL);
  g_clear_pointer (&second, zona_block_free);
  second = zona_store_get_block (f->store, item2);
  g_assert_cmpint (second->level, ==, 0);
  activate (f, item2, "editor.indent", NULL);
  activate (f, item2, "editor.indent", NULL);
  activate (f, item2, "editor.outdent", NULL);
  activate (f, item2, "editor.outdent", NULL);
  activate (f, item2, "editor.outdent", NULL);   /* not below 0 */
  g_clear_pointer (&second, zona_block_free);
  second = zona_store_get_block (f->store, item2);
  g_assert_cmpint (second->level, ==, 0);

  /* Ctrl+Shift+7 on both: numbered 1. and 2. */
  activate (f, item2, "editor.numbered", NULL);
  g_assert_cmpstr (prefix_of (f, item2), ==, "1.");
  focus_at (f, f->para, 0);
  activate (f, f->para, "editor.numbered", NULL);
  g_assert_cmpstr (prefix_of (f, f->para), ==, "1.");
  g_assert_cmpstr (prefix_of (f, item2), ==, "2.");

  /* Enter in the middle splits the item; the new one is numbered 3. */
  focus_at (f, item2, 3);
  activate (f, item2, "editor.split", NULL);
  g_assert_cmpuint (n_blocks (f->store, f->chapter), ==, 3);
  third = block_at (f->store, f->chapter, 2);
  item3 = third->id;
  g_assert_cmpint (third->kind, ==, ZONA_BLOCK_NUMBERED);
  g_assert_cmpstr (third->text, ==, "ondo");
  g_free (text);
  text = stored_text (f->store, item2);
  g_assert_cmpstr (text, ==, "Sec");
  g_free (text);
  text = shown_text (f, item2);
  g_assert_cmpstr (text, ==, "Sec");
  g_assert_cmpstr (prefix_of (f, item3), ==, "3.");
  g_assert_true (focus_widget (f) == view_of (f, item3));
  {
    GtkTextBuffer *buffer = buffer_of (f, item3);
    GtkTextIter cursor;
    gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
    g_assert_cmpint (gtk_text_iter_get_offset (&cursor), ==, 0);
  }

  /* Enter at the end of "ondo" gives an empty item; Enter there ends the list. */
  focus_at (f, item3, -1);
  activate (f, item3, "editor.split", NULL);
  g_assert_cmpuint (n_blocks (f->store, f->chapter), ==, 4);
  {
    g_autoptr(ZonaBlock) empty = block_at (f->store, f->chapter, 3);
    g_autoptr(ZonaBlock) after = NULL;

    g_assert_cmpint (empty->kind, ==, ZONA_BLOCK_NUMBERED);
    g_assert_true (send_key_to_handler (view_of (f, empty->id), GDK_KEY_Return, 0));
    g_assert_cmpuint (n_blocks (f->store, f->chapter), ==, 4);
    after = zona_store_get_block (f->store, empty->id);
    g_assert_cmpint (after->kind, ==, ZONA_BLOCK_PARAGRAPH);
    g_assert_cmpstr (prefix_of (f, empty->id), ==, "");

    /* Backspace in the empty paragraph deletes it; the cursor goes to the end of "ondo". */
    g_assert_true (send_key_to_handler (view_of (f, empty->id), GDK_KEY_BackSpace, 0));
    g_assert_cmpuint (n_blocks (f->store, f->chapter), ==, 3);
    g_assert_null (zona_text_editor_get_view (f->editor, empty->id));
    g_assert_true (focus_widget (f) == view_of (f, item3));
    {
      GtkTextBuffer *buffer = buffer_of (f, item3);
      GtkTextIter cursor;
      gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
      g_assert_true (gtk_text_iter_is_end (&cursor));
    }
  }
  /* Backspace in a block with text is the text view's business. */
  g_assert_false (send_key_to_handler (view_of (f, item3), GDK_KEY_BackSpace, 0));

  /* Ctrl+2 makes a heading; Enter at its end gives a paragraph. */
  focus_at (f, f->para, 0);
  activate (f, f->para, "editor.heading", g_variant_new_int32 (2));
  g_clear_pointer (&first, zona_block_free);
  first = zona_store_get_block (f->store, f->para);
  g_assert_cmpint (first->kind, ==, ZONA_BLOCK_HEADING);
  g_assert_cmpint (first->level, ==, 2);
  g_assert_true (gtk_widget_has_css_class (view_of (f, f->para), "title-3"));
  g_assert_cmpstr (prefix_of (f, item2), ==, "1.");
  focus_at (f, f->para, -1);
  activate (f, f->para, "editor.split", NULL);
  {
    g_autoptr(ZonaBlock) body = block_at (f->store, f->chapter, 1);
    g_assert_cmpint (body->kind, ==, ZONA_BLOCK_PARAGRAPH);
    g_assert_true (focus_widget (f) == view_of (f, body->id));
  }
  /* Ctrl+0 */
  focus_at (f, f->para, 0);
  activate (f, f->para, "editor.paragraph", NULL);
  g_clear_pointer (&first, zona_block_free);
  first = zona_store_get_block (f->store, f->para);
  g_assert_cmpint (first->kind, ==, ZONA_BLOCK_PARAGRAPH);
  g_assert_false (gtk_widget_has_css_class (view_of (f, f->para), "title-3"));
}

static gboolean
two_blocks (gpointer data)
{
  Fixture *f = data;
  return n_blocks (f->store, f->chapter) >= 2;
}

static void
test_paste (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(ZonaBlock) second = NULL;
  g_autoptr(GPtrArray) spans = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GtkWidget *view;
  ZonaSpan *sp;

  /* "Prima dopo" with "dopo" in bold */
  spans = g_ptr_array_new_with_free_func ((GDestroyNotify) zona_span_free);
  sp = g_new0 (ZonaSpan, 1);
  sp->start = 6;
  sp->end = 10;
  sp->style = ZONA_SPAN_BOLD;
  g_ptr_array_add (spans, sp);
  g_assert_true (zona_store_set_block_text (f->store, f->para, "Prima dopo", spans, &error));
  g_assert_no_error (error);
  g_clear_pointer (&spans, g_ptr_array_unref);

  fixture_show (f);
  view = view_of (f, f->para);

  /* Ctrl+V of "A\n\nB" between "Prima " and "dopo", through the view's own
   * paste signal and a real clipboard read. */
  focus_at (f, f->para, 6);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (view), "A\n\nB");
  g_signal_emit_by_name (view, "paste-clipboard");
  g_assert_true (iterate_until (two_blocks, f));
  iterate ();

  g_assert_cmpuint (n_blocks (f->store, f->chapter), ==, 2);
  text = stored_text (f->store, f->para);
  g_assert_cmpstr (text, ==, "Prima A");
  g_free (text);
  text = shown_text (f, f->para);
  g_assert_cmpstr (text, ==, "Prima A");
  spans = zona_store_get_spans (f->store, f->para);
  g_assert_cmpuint (spans->len, ==, 0);
  g_clear_pointer (&spans, g_ptr_array_unref);

  second = block_at (f->store, f->chapter, 1);
  g_assert_cmpint (second->kind, ==, ZONA_BLOCK_PARAGRAPH);
  g_assert_cmpstr (second->text, ==, "Bdopo");
  spans = zona_store_get_spans (f->store, second->id);
  g_assert_cmpuint (spans->len, ==, 1);
  g_assert_true (has_span (spans, ZONA_SPAN_BOLD, 1, 5, NULL));
  g_clear_pointer (&spans, g_ptr_array_unref);
  g_free (text);
  text = shown_text (f, second->id);
  g_assert_cmpstr (text, ==, "Bdopo");
  /* The cursor ends after the pasted text. */
  g_assert_true (focus_widget (f) == view_of (f, second->id));
  {
    GtkTextBuffer *buffer = buffer_of (f, second->id);
    GtkTextIter cursor;
    gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
    g_assert_cmpint (gtk_text_iter_get_offset (&cursor), ==, 1);
  }

  /* A single line break stays in the block. */
  focus_at (f, f->para, -1);
  zona_text_editor_paste_text (f->editor, "riga uno\nriga due");
  iterate ();
  g_assert_cmpuint (n_blocks (f->store, f->chapter), ==, 2);
  g_free (text);
  text = stored_text (f->store, f->para);
  g_assert_cmpstr (text, ==, "Prima Ariga uno\nriga due");

  /* Three paragraphs, blank lines with spaces, Windows line ends. */
  focus_at (f, second->id, -1);
  zona_text_editor_paste_text (f->editor, "\r\n\r\n uno\r\n  \r\ndue\n\n\ntre\n\n");
  iterate ();
  g_assert_cmpuint (n_blocks (f->store, f->chapter), ==, 4);
  {
    g_autoptr(ZonaBlock) b1 = block_at (f->store, f->chapter, 1);
    g_autoptr(ZonaBlock) b2 = block_at (f->store, f->chapter, 2);
    g_autoptr(ZonaBlock) b3 = block_at (f->store, f->chapter, 3);
    g_assert_cmpstr (b1->text, ==, "Bdopo uno");
    g_assert_cmpstr (b2->text, ==, "due");
    g_assert_cmpstr (b3->text, ==, "tre");
  }
}

static void
test_undo_reloads (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) spans = NULL;
  g_autoptr(ZonaBlock) added = NULL;

  fixture_show (f);
  focus_at (f, f->para, -1);
  type_text (f, f->para, " e altro");
  select_range (f, f->para, 0, 5);
  activate (f, f->para, "editor.bold", NULL);
  text = stored_text (f->store, f->para);
  g_assert_cmpstr (text, ==, "Testo iniziale e altro");

  /* Typing and formatting in quick succession are one step. */
  g_assert_true (zona_store_undo (f->store, &error));
  g_assert_no_error (error);
  iterate ();
  g_free (text);
  text = shown_text (f, f->para);
  g_assert_cmpstr (text, ==, "Testo iniziale");
  {
    GtkTextBuffer *buffer = buffer_of (f, f->para);
    GtkTextIter start;
    gtk_text_buffer_get_start_iter (buffer, &start);
    g_assert_false (gtk_text_iter_has_tag (&start, gtk_text_tag_table_lookup (
                      gtk_text_buffer_get_tag_table (buffer), "bold")));
  }

  g_assert_true (zona_store_redo (f->store, &error));
  iterate ();
  g_free (text);
  text = shown_text (f, f->para);
  g_assert_cmpstr (text, ==, "Testo iniziale e altro");
  {
    GtkTextBuffer *buffer = buffer_of (f, f->para);
    GtkTextIter start;
    gtk_text_buffer_get_start_iter (buffer, &start);
    g_assert_true (gtk_text_iter_has_tag (&start, gtk_text_tag_table_lookup (
                     gtk_text_buffer_get_tag_table (buffer), "bold")));
  }

  /* Undoing Enter (add, then move) takes the new block away again. */
  focus_at (f, f->para, -1);
  activate (f, f->para, "editor.split", NULL);
  g_assert_cmpuint (n_blocks (f->store, f->chapter), ==, 2);
  added = block_at (f->store, f->chapter, 1);
  g_assert_nonnull (zona_text_editor_get_view (f->editor, added->id));
  while (n_blocks (f->store, f->chapter) > 1)
    {
      g_assert_true (zona_store_undo (f->store, &error));
      g_assert_no_error (error);
    }
  iterate ();
  g_assert_null (zona_text_editor_get_view (f->editor, added->id));
  g_free (text);
  text = shown_text (f, f->para);
  g_assert_cmpstr (text, ==, "Testo iniziale e altro");

  /* A kind change undone shows the old kind again. */
  focus_at (f, f->para, 0);
  activate (f, f->para, "editor.bullet", NULL);
  g_assert_cmpstr (prefix_of (f, f->para), ==, "•");
  g_assert_true (zona_store_undo (f->store, &error));
  iterate ();
  g_assert_cmpstr (prefix_of (f, f->para), ==, "");

  spans = zona_store_get_spans (f->store, f->para);
  g_assert_true (has_span (spans, ZONA_SPAN_BOLD, 0, 5, NULL));
}

static void
test_links_and_footnotes (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) spans = g_ptr_array_new_with_free_func ((GDestroyNotify) zona_span_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  ZonaSpan *sp;
  GtkWidget *notes;

  /* "Vedi il sito della Regione." with a link and a footnote after "Regione" */
  sp = g_new0 (ZonaSpan, 1);
  sp->start = 8;
  sp->end = 12;
  sp->style = ZONA_SPAN_LINK;
  sp->data = g_strdup ("https://www.regione.lombardia.it");
  g_ptr_array_add (spans, sp);
  sp = g_new0 (ZonaSpan, 1);
  sp->start = sp->end = 26;
  sp->style = ZONA_SPAN_FOOTNOTE;
  sp->data = g_strdup ("DGR XI/7631 del 2022");
  g_ptr_array_add (spans, sp);
  g_assert_true (zona_store_set_block_text (f->store, f->para, "Vedi il sito della Regione.", spans,
                                            &error));
  g_assert_no_error (error);
  g_clear_pointer (&spans, g_ptr_array_unref);

  fixture_show (f);
  text = shown_text (f, f->para);
  g_assert_cmpstr (text, ==, "Vedi il sito della Regione.");
  notes = gtk_widget_get_next_sibling (view_of (f, f->para));
  g_assert_true (GTK_IS_LABEL (notes));
  g_assert_true (gtk_widget_get_visible (notes));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (notes)), "DGR XI/7631 del 2022"));

  /* Typing before them moves both. */
  focus_at (f, f->para, 0);
  type_text (f, f->para, "Nota: ");
  spans = zona_store_get_spans (f->store, f->para);
  g_assert_cmpuint (spans->len, ==, 2);
  g_assert_true (has_span (spans, ZONA_SPAN_LINK, 14, 18, "https://www.regione.lombardia.it"));
  g_assert_true (has_span (spans, ZONA_SPAN_FOOTNOTE, 32, 32, "DGR XI/7631 del 2022"));
  g_clear_pointer (&spans, g_ptr_array_unref);

  /* Typing right after "Regione" keeps the note after the word, not the new text... */
  focus_at (f, f->para, 32);
  type_text (f, f->para, "!");
  spans = zona_store_get_spans (f->store, f->para);
  g_assert_true (has_span (spans, ZONA_SPAN_FOOTNOTE, 32, 32, NULL));
  g_clear_pointer (&spans, g_ptr_array_unref);

  /* ... inside a link extends it; at its end does not. */
  focus_at (f, f->para, 16);
  type_text (f, f->para, "o");
  focus_at (f, f->para, 19);
  type_text (f, f->para, "x");
  spans = zona_store_get_spans (f->store, f->para);
  g_assert_true (has_span (spans, ZONA_SPAN_LINK, 14, 19, "https://www.regione.lombardia.it"));
  g_clear_pointer (&spans, g_ptr_array_unref);
  g_free (text);
  text = stored_text (f->store, f->para);
  g_assert_cmpstr (text, ==, "Nota: Vedi il siotox della Regione!.");
  spans = zona_store_get_spans (f->store, f->para);
  g_assert_true (has_span (spans, ZONA_SPAN_FOOTNOTE, 34, 34, "DGR XI/7631 del 2022"));
  g_clear_pointer (&spans, g_ptr_array_unref);

  /* A link set through the action, on "Regione" */
  select_range (f, f->para, 27, 34);
  activate (f, f->para, "editor.set-link", g_variant_new_string ("https://www.ats-milano.it"));
  spans = zona_store_get_spans (f->store, f->para);
  g_assert_true (has_span (spans, ZONA_SPAN_LINK, 27, 34, "https://www.ats-milano.it"));
  g_assert_cmpuint (count_spans (spans, ZONA_SPAN_LINK), ==, 2);
  g_clear_pointer (&spans, g_ptr_array_unref);

  /* ... and taken away with the cursor inside it. */
  focus_at (f, f->para, 29);
  activate (f, f->para, "editor.set-link", g_variant_new_string (""));
  spans = zona_store_get_spans (f->store, f->para);
  g_assert_cmpuint (count_spans (spans, ZONA_SPAN_LINK), ==, 1);
  g_assert_cmpuint (count_spans (spans, ZONA_SPAN_FOOTNOTE), ==, 1);
  g_clear_pointer (&spans, g_ptr_array_unref);

  /* With nothing selected, the address goes in as linked text. */
  focus_at (f, f->para, -1);
  activate (f, f->para, "editor.set-link", g_variant_new_string ("https://example.org"));
  g_free (text);
  text = stored_text (f->store, f->para);
  g_assert_true (g_str_has_suffix (text, "https://example.org"));
  spans = zona_store_get_spans (f->store, f->para);
  g_assert_true (has_span (spans, ZONA_SPAN_LINK, 36, 55, "https://example.org"));
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* not ours */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);
      if (ADW_IS_MESSAGE_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return ADW_MESSAGE_DIALOG (w);
    }
  return NULL;
}

static gboolean
no_message_dialog (gpointer data)
{
  return find_message_dialog () == NULL;
}

/* Ctrl+K asks for the address; the answer links the selection. */
static void
test_link_dialog (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) spans = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *entry;

  fixture_show (f);
  select_range (f, f->para, 8, 12);
  activate (f, f->para, "editor.link", NULL);
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == f->window);
  entry = adw_message_dialog_get_extra_child (dialog);
  g_assert_true (GTK_IS_ENTRY (entry));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  gtk_editable_set_text (GTK_EDITABLE (entry), "  https://www.regione.lombardia.it ");
  /* Enter in the entry: the default response, and the dialog closes. */
  g_signal_emit_by_name (gtk_editable_get_delegate (GTK_EDITABLE (entry)), "activate");
  /* The button answers once its press has shown, a moment later. */
  g_assert_true (iterate_until (no_message_dialog, NULL));
  g_assert_null (find_message_dialog ());
  spans = zona_store_get_spans (f->store, f->para);
  g_assert_true (has_span (spans, ZONA_SPAN_LINK, 8, 12, "https://www.regione.lombardia.it"));
  g_clear_pointer (&spans, g_ptr_array_unref);

  /* Again with the cursor in the link: the address is shown, and can go. */
  focus_at (f, f->para, 10);
  activate (f, f->para, "editor.link", NULL);
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  entry = adw_message_dialog_get_extra_child (dialog);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==,
                   "https://www.regione.lombardia.it");
  g_assert_true (adw_message_dialog_has_response (dialog, "remove"));
  adw_message_dialog_response (dialog, "remove");
  gtk_window_destroy (GTK_WINDOW (dialog));
  iterate ();
  spans = zona_store_get_spans (f->store, f->para);
  g_assert_cmpuint (count_spans (spans, ZONA_SPAN_LINK), ==, 0);
  g_clear_pointer (&spans, g_ptr_array_unref);

  /* Closing it (Escape) changes nothing. */
  select_range (f, f->para, 0, 4);
  activate (f, f->para, "editor.link", NULL);
  dialog = find_message_dialog ();
  entry = adw_message_dialog_get_extra_child (dialog);
  gtk_editable_set_text (GTK_EDITABLE (entry), "https://x.it");
  gtk_window_close (GTK_WINDOW (dialog));
  iterate ();
  g_assert_null (find_message_dialog ());
  spans = zona_store_get_spans (f->store, f->para);
  g_assert_cmpuint (spans->len, ==, 0);

  /* Left open when the window goes: it goes too, and lets go of the editor
   * (the tear-down checks that the editor is finalized). */
  activate (f, f->para, "editor.link", NULL);
  g_assert_nonnull (find_message_dialog ());
}

/* A plan open elsewhere: shown, not editable. */
static void
test_read_only (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  ZonaStore *first = f->store;
  GtkWidget *view;
  g_autofree char *text = NULL;

  f->store = zona_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_true (zona_store_is_read_only (f->store));
  fixture_show (f);
  view = view_of (f, f->para);
  g_assert_false (gtk_text_view_get_editable (GTK_TEXT_VIEW (view)));
  text = shown_text (f, f->para);
  g_assert_cmpstr (text, ==, "Testo del piano");
  focus_at (f, f->para, 0);
  gtk_widget_activate_action (view, "editor.bullet", NULL);
  g_assert_false (send_key_to_handler (view, GDK_KEY_Return, 0));
  iterate ();
  g_assert_cmpuint (n_blocks (f->store, f->chapter), ==, 1);
  {
    g_autoptr(ZonaBlock) block = zona_store_get_block (f->store, f->para);
    g_assert_cmpint (block->kind, ==, ZONA_BLOCK_PARAGRAPH);
  }

  fixture_close (f);
  g_object_unref (first);
}

static void
test_cards_and_empty_chapter (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) chapters = zona_store_list_chapters (f->store, 0);
  GtkWidget *view, *row, *card_row;
  gint64 card, table, other_chapter, new_para;

  /* A card before the paragraph, a table after it */
  card = zona_store_add_card (f->store, f->chapter, "obiettivo", "Contrastare la povertà", &error);
  g_assert_no_error (error);
  g_assert_true (zona_store_move_block (f->store, card, 0, &error));
  table = zona_store_add_block (f->store, f->chapter, ZONA_BLOCK_TABLE, 0, NULL, "tab-spesa",
                                &error);
  g_assert_no_error (error);

  fixture_show (f);
  view = view_of (f, f->para);
  row = gtk_widget_get_parent (gtk_widget_get_parent (view));
  card_row = gtk_widget_get_prev_sibling (row);
  g_assert_true (GTK_IS_BUTTON (card_row));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (card_row), ==, "Contrastare la povertà");
  g_assert_true (GTK_IS_BUTTON (gtk_widget_get_next_sibling (row)));
  g_assert_null (zona_text_editor_get_view (f->editor, card));
  g_assert_null (zona_text_editor_get_view (f->editor, table));

  /* The order follows the store. */
  g_assert_true (zona_store_move_block (f->store, card, 2, &error));
  iterate ();
  g_assert_true (gtk_widget_get_next_sibling (gtk_widget_get_next_sibling (row)) == card_row);

  /* A chapter with no text: a button adds the first paragraph. */
  g_assert_cmpuint (chapters->len, >, 1);
  other_chapter = ((ZonaChapter *) g_ptr_array_index (chapters, 1))->id;
  gtk_window_destroy (f->window);
  f->window = NULL;
  iterate ();
  g_assert_finalize_object (g_steal_pointer (&f->editor));
  f->chapter = other_chapter;
  fixture_show (f);
  g_assert_cmpuint (n_blocks (f->store, f->chapter), ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->editor), "editor.add-paragraph", NULL));
  iterate ();
  g_assert_cmpuint (n_blocks (f->store, f->chapter), ==, 1);
  {
    g_autoptr(ZonaBlock) b = block_at (f->store, f->chapter, 0);
    new_para = b->id;
    g_assert_cmpint (b->kind, ==, ZONA_BLOCK_PARAGRAPH);
  }
  g_assert_true (focus_widget (f) == view_of (f, new_para));
}

static void
test_reopen (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ZonaStore) reopened = NULL;
  g_autoptr(GPtrArray) blocks = NULL;
  g_autoptr(GPtrArray) spans = NULL;
  gint64 item;

  fixture_show (f);
  focus_at (f, f->para, 0);
  type_text (f, f->para, "Obiettivi del piano");
  select_range (f, f->para, 0, 9);
  activate (f, f->para, "editor.bold", NULL);
  activate (f, f->para, "editor.heading", g_variant_new_int32 (1));
  focus_at (f, f->para, -1);
  activate (f, f->para, "editor.split", NULL);
  {
    g_autoptr(ZonaBlock) b = block_at (f->store, f->chapter, 1);
    item = b->id;
  }
  type_text (f, item, "Casa");
  activate (f, item, "editor.bullet", NULL);
  activate (f, item, "editor.indent", NULL);
  focus_at (f, item, -1);
  zona_text_editor_paste_text (f->editor, " e lavoro\n\nServizi");
  iterate ();

  fixture_close (f);

  reopened = zona_store_open (f->path, &error);
  g_assert_no_error (error);
  blocks = zona_store_list_blocks (reopened, f->chapter);
  g_assert_cmpuint (blocks->len, ==, 3);
  {
    ZonaBlock *h = g_ptr_array_index (blocks, 0);
    ZonaBlock *b = g_ptr_array_index (blocks, 1);
    ZonaBlock *p = g_ptr_array_index (blocks, 2);

    g_assert_cmpint (h->id, ==, f->para);
    g_assert_cmpint (h->kind, ==, ZONA_BLOCK_HEADING);
    g_assert_cmpint (h->level, ==, 1);
    g_assert_cmpstr (h->text, ==, "Obiettivi del piano");
    spans = zona_store_get_spans (reopened, h->id);
    g_assert_cmpuint (spans->len, ==, 1);
    g_assert_true (has_span (spans, ZONA_SPAN_BOLD, 0, 9, NULL));

    g_assert_cmpint (b->id, ==, item);
    g_assert_cmpint (b->kind, ==, ZONA_BLOCK_BULLET);
    g_assert_cmpint (b->level, ==, 1);
    g_assert_cmpstr (b->text, ==, "Casa e lavoro");

    g_assert_cmpint (p->kind, ==, ZONA_BLOCK_PARAGRAPH);
    g_assert_cmpstr (p->text, ==, "Servizi");
  }
}

/* ---- real keys -------------------------------------------------------- */

#ifdef ZONA_TEST_X11

/* A stand-in for ZonaWindow: undo and redo are window actions, reached
 * through the application's accelerators. */
#define TEST_TYPE_WINDOW (test_window_get_type ())
G_DECLARE_FINAL_TYPE (TestWindow, test_window, TEST, WINDOW, AdwApplicationWindow)

struct _TestWindow
{
  AdwApplicationWindow parent_instance;
  ZonaStore           *store;
  int                  undos;
  int                  redos;
};

G_DEFINE_FINAL_TYPE (TestWindow, test_window, ADW_TYPE_APPLICATION_WINDOW)

static void
test_window_undo (GtkWidget  *widget,
                  const char *name,
                  GVariant   *param)
{
  TestWindow *self = TEST_WINDOW (widget);

  if (g_str_equal (name, "win.undo"))
    {
      self->undos++;
      zona_store_undo (self->store, NULL);
    }
  else
    {
      self->redos++;
      zona_store_redo (self->store, NULL);
    }
}

static void
test_window_class_init (TestWindowClass *klass)
{
  gtk_widget_class_install_action (GTK_WIDGET_CLASS (klass), "win.undo", NULL, test_window_undo);
  gtk_widget_class_install_action (GTK_WIDGET_CLASS (klass), "win.redo", NULL, test_window_undo);
}

static void
test_window_init (TestWindow *self)
{
}

/* Real key presses (tests/zona-test-input.c) */
#define press zona_test_press
#define press_text zona_test_type

static void
test_keys (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(AdwApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) spans = NULL;
  g_autoptr(ZonaBlock) block = NULL;
  g_autofree char *text = NULL;
  TestWindow *window;
  const char *why;
  gint64 item;

  if ((why = zona_test_input_unavailable ()) != NULL)
    {
      g_test_skip (why);
      return;
    }

  app = adw_application_new ("io.github.pianodizona.Zona.TextEditorTest", G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  /* As ZonaApplication sets them */
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.undo",
                                         (const char *[]) { "<Control>z", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.redo",
                                         (const char *[]) { "<Control><Shift>z", NULL });

  window = g_object_new (TEST_TYPE_WINDOW, "application", app, NULL);
  window->store = f->store;
  f->window = GTK_WINDOW (window);
  gtk_window_set_default_size (f->window, 700, 500);
  fixture_show (f);

  /* No window manager here: give the window the keyboard. */
  g_assert_true (zona_test_input_focus (GTK_WINDOW (window)));

  /* Typing */
  focus_at (f, f->para, 0);
  press_text ("abc def");
  text = stored_text (f->store, f->para);
  g_assert_cmpstr (text, ==, "abc def");

  /* Ctrl+B, Ctrl+I on a selection */
  select_range (f, f->para, 0, 3);
  press (XK_b, GDK_CONTROL_MASK);
  press (XK_i, GDK_CONTROL_MASK);
  spans = zona_store_get_spans (f->store, f->para);
  g_assert_true (has_span (spans, ZONA_SPAN_BOLD, 0, 3, NULL));
  g_assert_true (has_span (spans, ZONA_SPAN_ITALIC, 0, 3, NULL));
  g_clear_pointer (&spans, g_ptr_array_unref);

  /* Ctrl+B with no selection, then typing */
  focus_at (f, f->para, -1);
  press (XK_b, GDK_CONTROL_MASK);
  press_text ("gh");
  spans = zona_store_get_spans (f->store, f->para);
  g_assert_true (has_span (spans, ZONA_SPAN_BOLD, 7, 9, NULL));
  g_clear_pointer (&spans, g_ptr_array_unref);

  /* Ctrl+1, Ctrl+0, Ctrl+Shift+7, Ctrl+Shift+8 */
  press (XK_1, GDK_CONTROL_MASK);
  block = zona_store_get_block (f->store, f->para);
  g_assert_cmpint (block->kind, ==, ZONA_BLOCK_HEADING);
  g_assert_cmpint (block->level, ==, 1);
  g_clear_pointer (&block, zona_block_free);
  press (XK_0, GDK_CONTROL_MASK);
  block = zona_store_get_block (f->store, f->para);
  g_assert_cmpint (block->kind, ==, ZONA_BLOCK_PARAGRAPH);
  g_clear_pointer (&block, zona_block_free);
  press (XK_7, GDK_CONTROL_MASK | GDK_SHIFT_MASK);
  block = zona_store_get_block (f->store, f->para);
  g_assert_cmpint (block->kind, ==, ZONA_BLOCK_NUMBERED);
  g_clear_pointer (&block, zona_block_free);
  press (XK_8, GDK_CONTROL_MASK | GDK_SHIFT_MASK);
  block = zona_store_get_block (f->store, f->para);
  g_assert_cmpint (block->kind, ==, ZONA_BLOCK_BULLET);
  g_clear_pointer (&block, zona_block_free);

  /* Tab, Shift+Tab */
  press (XK_Tab, 0);
  block = zona_store_get_block (f->store, f->para);
  g_assert_cmpint (block->level, ==, 1);
  g_clear_pointer (&block, zona_block_free);
  press (XK_Tab, GDK_SHIFT_MASK);
  block = zona_store_get_block (f->store, f->para);
  g_assert_cmpint (block->level, ==, 0);
  g_clear_pointer (&block, zona_block_free);
  g_assert_true (focus_widget (f) == view_of (f, f->para));

  /* Enter at the end: a new bullet after it, focused */
  focus_at (f, f->para, -1);
  press (XK_Return, 0);
  g_assert_cmpuint (n_blocks (f->store, f->chapter), ==, 2);
  block = block_at (f->store, f->chapter, 1);
  item = block->id;
  g_assert_cmpint (block->kind, ==, ZONA_BLOCK_BULLET);
  g_clear_pointer (&block, zona_block_free);
  g_assert_true (focus_widget (f) == view_of (f, item));
  press_text ("x");
  g_free (text);
  text = stored_text (f->store, item);
  g_assert_cmpstr (text, ==, "x");

  /* Shift+Enter is a line break inside the block. */
  press (XK_Return, GDK_SHIFT_MASK);
  press_text ("y");
  g_free (text);
  text = stored_text (f->store, item);
  g_assert_cmpstr (text, ==, "x\ny");
  g_assert_cmpuint (n_blocks (f->store, f->chapter), ==, 2);

  /* Up from the first line goes to the block above; Down comes back. */
  press (XK_Up, 0);
  g_assert_true (focus_widget (f) == view_of (f, item));   /* from "y": still inside */
  press (XK_Up, 0);
  g_assert_true (focus_widget (f) == view_of (f, f->para));
  press (XK_Down, 0);
  g_assert_true (focus_widget (f) == view_of (f, item));

  /* Emptied, then Backspace: the block goes, the cursor ends the one above. */
  focus_at (f, item, -1);
  press (XK_BackSpace, 0);
  press (XK_BackSpace, 0);
  press (XK_BackSpace, 0);
  g_free (text);
  text = stored_text (f->store, item);
  g_assert_cmpstr (text, ==, "");
  press (XK_BackSpace, 0);
  g_assert_cmpuint (n_blocks (f->store, f->chapter), ==, 1);
  g_assert_true (focus_widget (f) == view_of (f, f->para));

  /* Ctrl+Z in a text view reaches the window's undo: the block comes back. */
  g_assert_cmpint (window->undos, ==, 0);
  press (XK_z, GDK_CONTROL_MASK);
  g_assert_cmpint (window->undos, ==, 1);
  g_assert_cmpuint (n_blocks (f->store, f->chapter), ==, 2);
  g_assert_nonnull (zona_text_editor_get_view (f->editor, item));
  press (XK_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK);
  g_assert_cmpint (window->redos, ==, 1);
  g_assert_cmpuint (n_blocks (f->store, f->chapter), ==, 1);

  /* Ctrl+Z undoes typing as one step, and the view shows it. */
  focus_at (f, f->para, -1);
  press_text ("zz");
  g_free (text);
  text = stored_text (f->store, f->para);
  g_assert_true (g_str_has_suffix (text, "ghzz"));
  press (XK_z, GDK_CONTROL_MASK);
  g_free (text);
  text = shown_text (f, f->para);
  g_assert_cmpstr (text, ==, "abc defgh");

  fixture_close (f);
}

#endif

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func, text) \
  g_test_add ("/text-editor/" path, Fixture, text, fixture_set_up, func, fixture_tear_down)

  ADD ("views-get-their-height", test_views_get_their_height, "Un paragrafo");
  ADD ("type-and-format", test_type_and_format, NULL);
  ADD ("lists-and-enter", test_lists_and_enter, NULL);
  ADD ("paste", test_paste, NULL);
  ADD ("undo-reloads", test_undo_reloads, "Testo iniziale");
  ADD ("links-and-footnotes", test_links_and_footnotes, NULL);
  ADD ("link-dialog", test_link_dialog, "Vedi il sito della Regione.");
  ADD ("read-only", test_read_only, "Testo del piano");
  ADD ("cards-and-empty-chapter", test_cards_and_empty_chapter, NULL);
  ADD ("reopen", test_reopen, NULL);
#ifdef ZONA_TEST_X11
  ADD ("keys", test_keys, NULL);
#endif
  return g_test_run ();
}
