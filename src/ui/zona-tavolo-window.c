/* zona-tavolo-window.c: meeting mode, one card at a time in large type
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A full-screen window for a tavolo's meeting, projected on a wall: one card
 * of the plan in large type with the generic form editor, Page Down / Page Up
 * through the cards in document order, s / n / p on a Sì/No/In parte choice,
 * and the time since the meeting began. Escape goes back to the main window
 * on the card shown last.
 */
#define G_LOG_DOMAIN "zona-tavolo"

#include "config.h"

#include <glib/gi18n.h>

#include "ui/zona-tavolo-window.h"
#include "ui/zona-form-editor.h"
#include "model/zona-meetings.h"
#include "model/zona-plan-data.h"

struct _ZonaTavoloWindow
{
  AdwWindow       parent_instance;

  ZonaWindow     *main_window;   /* weak */
  ZonaStore      *store;
  ZonaTemplate   *template;
  GArray         *cards;         /* gint64, document order */
  guint           index;

  GtkWidget      *window_title;
  GtkWidget      *timer_label;
  GtkWidget      *prev_button;
  GtkWidget      *next_button;
  GtkWidget      *page;          /* AdwBin holding the card */
  GtkWidget      *form_editor;

  gint64          meeting_id;    /* 0 until the tavolo is named */
  GtkWidget      *flap;          /* attendance panel */
  GtkWidget      *attendees;     /* GtkListBox */
  GtkWidget      *add_row;       /* AdwEntryRow: a new participant */
  GtkWidget      *tavolo_entry;  /* AdwEntryRow on the start page */
  GtkWidget      *note_view;
  guint           note_id;       /* debounce */
  GtkWidget      *decisions_view;
  guint           decisions_id;  /* debounce */
  gint64          note_card;

  gint64          started;       /* monotonic µs */
  guint           timer_id;
};

G_DEFINE_FINAL_TYPE (ZonaTavoloWindow, zona_tavolo_window, ADW_TYPE_WINDOW)

/* ---- helpers ---------------------------------------------------------- */

static void
collect_cards (ZonaStore *store,
               gint64     parent_id,
               GArray    *cards)
{
  g_autoptr(GPtrArray) chapters = zona_store_list_chapters (store, parent_id);

  for (guint i = 0; i < chapters->len; i++)
    {
      ZonaChapter *c = g_ptr_array_index (chapters, i);
      g_autoptr(GPtrArray) blocks = zona_store_list_blocks (store, c->id);

      for (guint j = 0; j < blocks->len; j++)
        {
          ZonaBlock *b = g_ptr_array_index (blocks, j);
          if (b->kind == ZONA_BLOCK_CARD)
            g_array_append_val (cards, b->id);
        }
      collect_cards (store, c->id, cards);
    }
}

static gboolean
update_timer (gpointer data)
{
  ZonaTavoloWindow *self = data;
  gint64 secs = (g_get_monotonic_time () - self->started) / G_USEC_PER_SEC;
  g_autofree char *text = NULL;

  if (secs >= 3600)
    text = g_strdup_printf ("%d:%02d:%02d", (int) (secs / 3600), (int) (secs / 60 % 60), (int) (secs % 60));
  else
    text = g_strdup_printf ("%02d:%02d", (int) (secs / 60), (int) (secs % 60));
  gtk_label_set_text (GTK_LABEL (self->timer_label), text);
  return G_SOURCE_CONTINUE;
}

static void
report (ZonaTavoloWindow *self,
        GError           *error)
{
  g_message ("Meeting mode: %s", error->message);
}

static gboolean
save_note (gpointer data)
{
  ZonaTavoloWindow *self = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  self->note_id = 0;
  if (self->meeting_id == 0 || self->note_card == 0 || self->note_view == NULL)
    return G_SOURCE_REMOVE;
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->note_view));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  if (!zona_meeting_set_card_note (self->store, self->meeting_id, self->note_card, text, &error))
    report (self, error);
  return G_SOURCE_REMOVE;
}

/* The meeting's decisions, saved as typed like the notes. */
static gboolean
save_decisions (gpointer data)
{
  ZonaTavoloWindow *self = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  self->decisions_id = 0;
  if (self->meeting_id == 0 || self->decisions_view == NULL)
    return G_SOURCE_REMOVE;
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->decisions_view));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  if (!zona_meeting_set_decisions (self->store, self->meeting_id, text, &error))
    report (self, error);
  return G_SOURCE_REMOVE;
}

static void
decisions_changed_cb (GtkTextBuffer    *buffer,
                      ZonaTavoloWindow *self)
{
  g_clear_handle_id (&self->decisions_id, g_source_remove);
  self->decisions_id = g_timeout_add (400, save_decisions, self);
}

static void
flush_note (ZonaTavoloWindow *self)
{
  if (self->decisions_id != 0)
    {
      g_clear_handle_id (&self->decisions_id, g_source_remove);
      save_decisions (self);
    }
  if (self->note_id != 0)
    {
      g_clear_handle_id (&self->note_id, g_source_remove);
      save_note (self);
    }
}

static void
note_changed_cb (GtkTextBuffer    *buffer,
                 ZonaTavoloWindow *self)
{
  g_clear_handle_id (&self->note_id, g_source_remove);
  self->note_id = g_timeout_add (400, save_note, self);
}

static void
attendee_toggled_cb (GtkCheckButton   *check,
                     ZonaTavoloWindow *self)
{
  g_autoptr(GError) error = NULL;
  gint64 actor = *(gint64 *) g_object_get_data (G_OBJECT (check), "zona-actor");
  gboolean ok;

  if (self->meeting_id == 0)
    return;
  if (gtk_check_button_get_active (check))
    ok = zona_meeting_add_attendee (self->store, self->meeting_id, actor, &error);
  else
    ok = zona_meeting_remove_attendee (self->store, self->meeting_id, actor, &error);
  if (!ok)
    report (self, error);
}

static GtkWidget *
attendee_row (ZonaTavoloWindow *self,
              gint64            actor_id,
              const char        *name,
              gboolean          present)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), present);
  g_object_set_data_full (G_OBJECT (check), "zona-actor", g_memdup2 (&actor_id, sizeof actor_id), g_free);
  g_signal_connect (check, "toggled", G_CALLBACK (attendee_toggled_cb), self);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  g_object_set_data (G_OBJECT (row), "zona-check", check);
  return row;
}

static void
add_participant_cb (AdwEntryRow      *entry,
                    ZonaTavoloWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
  gint64 actor;
  GtkWidget *row;

  if (*name == '\0' || self->meeting_id == 0)
    return;
  actor = zona_plan_data_add_actor (self->store, ZONA_ACTOR_PERSONA, name, NULL, NULL, NULL, &error);
  if (actor == 0 || !zona_meeting_add_attendee (self->store, self->meeting_id, actor, &error))
    {
      report (self, error);
      return;
    }
  row = attendee_row (self, actor, name, TRUE);
  gtk_list_box_append (GTK_LIST_BOX (self->attendees), row);
  gtk_widget_set_visible (self->attendees, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

static void
fill_attendance (ZonaTavoloWindow *self)
{
  g_autoptr(GPtrArray) actors = zona_plan_data_list_actors (self->store);
  g_autoptr(GArray) present = zona_meeting_list_attendees (self->store, self->meeting_id);

  for (guint i = 0; i < actors->len; i++)
    {
      ZonaActor *a = g_ptr_array_index (actors, i);
      gboolean here = FALSE;

      for (guint j = 0; present && j < present->len; j++)
        here |= g_array_index (present, gint64, j) == a->id;
      gtk_list_box_append (GTK_LIST_BOX (self->attendees), attendee_row (self, a->id, a->name, here));
    }
  gtk_widget_set_visible (self->attendees, actors->len > 0);
}

static void
show_card (ZonaTavoloWindow *self)
{
  g_autofree char *where = NULL;

  if (self->cards->len == 0)
    {
      GtkWidget *status = adw_status_page_new ();

      adw_status_page_set_icon_name (ADW_STATUS_PAGE (status), "x-office-document-symbolic");
      adw_status_page_set_title (ADW_STATUS_PAGE (status), _("No Cards"));
      adw_status_page_set_description (ADW_STATUS_PAGE (status),
                                       _("This plan has no cards to go through yet."));
      adw_bin_set_child (ADW_BIN (self->page), status);
      self->form_editor = NULL;
      gtk_widget_set_sensitive (self->prev_button, FALSE);
      gtk_widget_set_sensitive (self->next_button, FALSE);
      return;
    }

  flush_note (self);
  self->note_card = g_array_index (self->cards, gint64, self->index);
  self->form_editor = zona_form_editor_new (self->store, self->template, self->note_card);
  gtk_widget_add_css_class (self->form_editor, "zona-tavolo-card");
  {
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
    GtkWidget *label = gtk_label_new (_("Note of the meeting on this card"));
    GtkWidget *frame = gtk_frame_new (NULL);
    GtkTextBuffer *buffer;
    g_autoptr(GPtrArray) notes = zona_meeting_list_cards (self->store, self->meeting_id);

    gtk_box_append (GTK_BOX (box), self->form_editor);
    gtk_label_set_xalign (GTK_LABEL (label), 0);
    gtk_widget_add_css_class (label, "heading");
    gtk_widget_set_margin_top (label, 12);
    gtk_box_append (GTK_BOX (box), label);
    self->note_view = gtk_text_view_new ();
    gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (self->note_view), GTK_WRAP_WORD_CHAR);
    gtk_widget_set_size_request (self->note_view, -1, 120);
    gtk_text_view_set_left_margin (GTK_TEXT_VIEW (self->note_view), 8);
    gtk_text_view_set_top_margin (GTK_TEXT_VIEW (self->note_view), 8);
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->note_view),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, _("Note of the meeting on this card"), -1);
    gtk_frame_set_child (GTK_FRAME (frame), self->note_view);
    gtk_widget_set_margin_bottom (frame, 24);
    gtk_box_append (GTK_BOX (box), frame);
    buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->note_view));
    for (guint i = 0; notes && i < notes->len; i++)
      {
        ZonaMeetingCard *c = g_ptr_array_index (notes, i);
        if (c->card_id == self->note_card && c->note)
          gtk_text_buffer_set_text (buffer, c->note, -1);
      }
    g_signal_connect (buffer, "changed", G_CALLBACK (note_changed_cb), self);
    adw_bin_set_child (ADW_BIN (self->page), box);
  }

  /* Translators: the position of the card shown in meeting mode, "Card 2 of 14" */
  where = g_strdup_printf (_("Card %u of %u"), self->index + 1, self->cards->len);
  adw_window_title_set_subtitle (ADW_WINDOW_TITLE (self->window_title), where);
  gtk_widget_set_sensitive (self->prev_button, self->index > 0);
  gtk_widget_set_sensitive (self->next_button, self->index + 1 < self->cards->len);

  /* Start typing at once: the title is the card's first field. */
  {
    GtkWidget *title = zona_form_editor_get_title_widget (ZONA_FORM_EDITOR (self->form_editor));
    if (title != NULL)
      gtk_widget_grab_focus (title);
  }
}

/* The option of a choice that the key @keyval stands for: s Sì, n No, p In parte. */
static gboolean
option_for_key (const char *value,
                guint       keyval)
{
  g_autofree char *folded = value ? g_utf8_casefold (value, -1) : NULL;

  if (folded == NULL)
    return FALSE;
  switch (keyval)
    {
    case GDK_KEY_s:
      return g_str_equal (folded, "sì") || g_str_equal (folded, "si");
    case GDK_KEY_n:
      return g_str_equal (folded, "no");
    case GDK_KEY_p:
      return g_str_has_prefix (folded, "in parte") || g_str_has_prefix (folded, "parzial");
    default:
      return FALSE;
    }
}

/* The meeting begins: it is recorded under the tavolo's name, with today's date. */
static void
begin_meeting (ZonaTavoloWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *title = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->tavolo_entry))));

  if (self->meeting_id != 0)
    return;
  self->meeting_id = zona_meeting_add (self->store, date, *title ? title : date, &error);
  if (self->meeting_id == 0)
    report (self, error);
  else
    fill_attendance (self);
  adw_window_title_set_title (ADW_WINDOW_TITLE (self->window_title), *title ? title : _("Meeting Mode"));
  gtk_widget_set_sensitive (self->add_row, self->meeting_id != 0);
  gtk_widget_set_sensitive (self->decisions_view, self->meeting_id != 0);
  self->tavolo_entry = NULL;
  show_card (self);
}

static void
show_start (ZonaTavoloWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
  GtkWidget *title = gtk_label_new (_("Which tavolo is meeting?"));
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *start = gtk_button_new_with_mnemonic (_("_Start the Meeting"));
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%d/%m/%Y");
  /* Translators: the default name of a meeting, with today's date */
  g_autofree char *name = g_strdup_printf (_("Meeting of %s"), date);

  gtk_widget_set_margin_top (box, 48);
  gtk_widget_add_css_class (title, "title-1");
  gtk_box_append (GTK_BOX (box), title);
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  self->tavolo_entry = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->tavolo_entry), _("Tavolo"));
  gtk_editable_set_text (GTK_EDITABLE (self->tavolo_entry), name);
  g_signal_connect_swapped (self->tavolo_entry, "entry-activated", G_CALLBACK (begin_meeting), self);
  gtk_list_box_append (GTK_LIST_BOX (list), self->tavolo_entry);
  gtk_box_append (GTK_BOX (box), list);
  gtk_widget_set_halign (start, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (start, "suggested-action");
  gtk_widget_add_css_class (start, "pill");
  g_signal_connect_swapped (start, "clicked", G_CALLBACK (begin_meeting), self);
  gtk_box_append (GTK_BOX (box), start);
  adw_bin_set_child (ADW_BIN (self->page), box);
  gtk_widget_set_sensitive (self->prev_button, FALSE);
  gtk_widget_set_sensitive (self->next_button, FALSE);
  gtk_widget_grab_focus (self->tavolo_entry);
}

/* ---- callbacks -------------------------------------------------------- */

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                ZonaTavoloWindow      *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  GtkWidget *row;
  GPtrArray *values;

  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK)) != 0)
    return GDK_EVENT_PROPAGATE;
  if (keyval == GDK_KEY_Page_Down || keyval == GDK_KEY_KP_Page_Down
      || keyval == GDK_KEY_Page_Up || keyval == GDK_KEY_KP_Page_Up)
    {
      zona_tavolo_window_show_next (self, keyval == GDK_KEY_Page_Up || keyval == GDK_KEY_KP_Page_Up ? -1 : 1);
      return GDK_EVENT_STOP;
    }
  if (keyval != GDK_KEY_s && keyval != GDK_KEY_n && keyval != GDK_KEY_p)
    return GDK_EVENT_PROPAGATE;
  if (focus == NULL)
    return GDK_EVENT_PROPAGATE;
  row = ADW_IS_COMBO_ROW (focus) ? focus : gtk_widget_get_ancestor (focus, ADW_TYPE_COMBO_ROW);
  if (row == NULL || (values = g_object_get_data (G_OBJECT (row), "zona-values")) == NULL)
    return GDK_EVENT_PROPAGATE;

  for (guint i = 0; i < values->len; i++)
    if (option_for_key (g_ptr_array_index (values, i), keyval))
      {
        adw_combo_row_set_selected (ADW_COMBO_ROW (row), i);
        return GDK_EVENT_STOP;
      }
  return GDK_EVENT_PROPAGATE;
}

static void
prev_clicked_cb (ZonaTavoloWindow *self)
{
  zona_tavolo_window_show_next (self, -1);
}

static void
next_clicked_cb (ZonaTavoloWindow *self)
{
  zona_tavolo_window_show_next (self, 1);
}

static void
fullscreen_action (GtkWidget  *widget,
                   const char *name,
                   GVariant   *param)
{
  GtkWindow *window = GTK_WINDOW (widget);

  if (gtk_window_is_fullscreen (window))
    gtk_window_unfullscreen (window);
  else
    gtk_window_fullscreen (window);
}

static void
leave_action (GtkWidget  *widget,
              const char *name,
              GVariant   *param)
{
  gtk_window_close (GTK_WINDOW (widget));
}

static void
attendance_action (GtkWidget  *widget,
                   const char *name,
                   GVariant   *param)
{
  ZonaTavoloWindow *self = ZONA_TAVOLO_WINDOW (widget);
  gboolean reveal = !adw_flap_get_reveal_flap (ADW_FLAP (self->flap));

  adw_flap_set_reveal_flap (ADW_FLAP (self->flap), reveal);
  if (reveal)
    {
      GtkListBoxRow *first = gtk_list_box_get_row_at_index (GTK_LIST_BOX (self->attendees), 0);
      gtk_widget_grab_focus (first != NULL ? GTK_WIDGET (first) : self->add_row);
    }
}

static gboolean
close_request_cb (ZonaTavoloWindow *self)
{
  flush_note (self);
  if (self->main_window != NULL)
    {
      if (self->cards->len > 0)
        zona_window_select_block (self->main_window,
                                  g_array_index (self->cards, gint64, self->index));
      gtk_window_present (GTK_WINDOW (self->main_window));
    }
  return FALSE;
}

/* ---- GObject ---------------------------------------------------------- */

static void
zona_tavolo_window_dispose (GObject *object)
{
  ZonaTavoloWindow *self = ZONA_TAVOLO_WINDOW (object);

  g_clear_handle_id (&self->timer_id, g_source_remove);
  flush_note (self);
  g_clear_weak_pointer (&self->main_window);

  G_OBJECT_CLASS (zona_tavolo_window_parent_class)->dispose (object);
}

static void
zona_tavolo_window_finalize (GObject *object)
{
  ZonaTavoloWindow *self = ZONA_TAVOLO_WINDOW (object);

  g_clear_object (&self->store);
  g_clear_object (&self->template);
  g_clear_pointer (&self->cards, g_array_unref);

  G_OBJECT_CLASS (zona_tavolo_window_parent_class)->finalize (object);
}

static void
zona_tavolo_window_class_init (ZonaTavoloWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = zona_tavolo_window_dispose;
  object_class->finalize = zona_tavolo_window_finalize;

  gtk_widget_class_install_action (widget_class, "tavolo.fullscreen", NULL, fullscreen_action);
  gtk_widget_class_install_action (widget_class, "tavolo.leave", NULL, leave_action);
  gtk_widget_class_install_action (widget_class, "tavolo.attendance", NULL, attendance_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F11, 0, "tavolo.fullscreen", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "tavolo.attendance", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "tavolo.leave", NULL);
}

static void
zona_tavolo_window_init (ZonaTavoloWindow *self)
{
  GtkWidget *box, *header, *scroller, *clamp, *leave, *people, *panel, *panel_box, *panel_title;
  GtkEventController *key;

  self->cards = g_array_new (FALSE, FALSE, sizeof (gint64));

  gtk_window_set_default_size (GTK_WINDOW (self), 1280, 720);
  gtk_widget_add_css_class (GTK_WIDGET (self), "zona-tavolo");

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  self->window_title = adw_window_title_new (_("Meeting Mode"), NULL);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), self->window_title);

  self->prev_button = gtk_button_new_from_icon_name ("go-previous-symbolic");
  gtk_widget_set_tooltip_text (self->prev_button, _("Previous Card (Page Up)"));
  g_signal_connect_swapped (self->prev_button, "clicked", G_CALLBACK (prev_clicked_cb), self);
  self->next_button = gtk_button_new_from_icon_name ("go-next-symbolic");
  gtk_widget_set_tooltip_text (self->next_button, _("Next Card (Page Down)"));
  g_signal_connect_swapped (self->next_button, "clicked", G_CALLBACK (next_clicked_cb), self);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), self->prev_button);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), self->next_button);

  leave = gtk_button_new_with_mnemonic (_("_Leave"));
  gtk_widget_set_tooltip_text (leave, _("Back to the Plan (Escape)"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (leave), "tavolo.leave");
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), leave);
  people = gtk_button_new_from_icon_name ("system-users-symbolic");
  gtk_widget_set_tooltip_text (people, _("Attendance (F9)"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (people), "tavolo.attendance");
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), people);
  self->timer_label = gtk_label_new ("00:00");
  gtk_widget_add_css_class (self->timer_label, "numeric");
  gtk_widget_add_css_class (self->timer_label, "zona-tavolo-timer");
  gtk_widget_set_tooltip_text (self->timer_label, _("Time since the meeting began"));
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->timer_label);
  gtk_box_append (GTK_BOX (box), header);

  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scroller, TRUE);
  clamp = adw_clamp_new ();
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 1400);
  adw_clamp_set_tightening_threshold (ADW_CLAMP (clamp), 1000);
  self->page = adw_bin_new ();
  gtk_widget_add_css_class (self->page, "zona-tavolo-page");
  adw_clamp_set_child (ADW_CLAMP (clamp), self->page);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), clamp);

  /* Attendance: the plan's actors, ticked when present, and new participants. */
  panel_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_start (panel_box, 12);
  gtk_widget_set_margin_end (panel_box, 12);
  gtk_widget_set_margin_top (panel_box, 12);
  gtk_widget_set_margin_bottom (panel_box, 12);
  panel_title = gtk_label_new (_("Attendance"));
  gtk_widget_add_css_class (panel_title, "title-4");
  gtk_label_set_xalign (GTK_LABEL (panel_title), 0);
  gtk_box_append (GTK_BOX (panel_box), panel_title);
  self->attendees = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->attendees), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (self->attendees, "boxed-list");
  self->add_row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->add_row), _("Add a participant"));
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (self->add_row), TRUE);
  gtk_widget_set_sensitive (self->add_row, FALSE);
  g_signal_connect (self->add_row, "apply", G_CALLBACK (add_participant_cb), self);
  g_signal_connect (self->add_row, "entry-activated", G_CALLBACK (add_participant_cb), self);
  gtk_widget_set_visible (self->attendees, FALSE);
  gtk_box_append (GTK_BOX (panel_box), self->attendees);
  {
    GtkWidget *add_list = gtk_list_box_new ();

    gtk_list_box_set_selection_mode (GTK_LIST_BOX (add_list), GTK_SELECTION_NONE);
    gtk_widget_add_css_class (add_list, "boxed-list");
    gtk_list_box_append (GTK_LIST_BOX (add_list), self->add_row);
    gtk_box_append (GTK_BOX (panel_box), add_list);
  }
  /* What the tavolo decided, for the verbale. */
  {
    GtkWidget *title = gtk_label_new (_("Decisions"));
    GtkWidget *frame = gtk_frame_new (NULL);

    gtk_widget_add_css_class (title, "title-4");
    gtk_label_set_xalign (GTK_LABEL (title), 0);
    gtk_widget_set_margin_top (title, 12);
    gtk_box_append (GTK_BOX (panel_box), title);
    self->decisions_view = gtk_text_view_new ();
    gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (self->decisions_view), GTK_WRAP_WORD_CHAR);
    gtk_text_view_set_left_margin (GTK_TEXT_VIEW (self->decisions_view), 8);
    gtk_text_view_set_top_margin (GTK_TEXT_VIEW (self->decisions_view), 8);
    gtk_widget_set_size_request (self->decisions_view, -1, 160);
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->decisions_view),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, _("Decisions of the meeting"), -1);
    gtk_widget_set_sensitive (self->decisions_view, FALSE);
    g_signal_connect (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->decisions_view)), "changed",
                      G_CALLBACK (decisions_changed_cb), self);
    gtk_frame_set_child (GTK_FRAME (frame), self->decisions_view);
    gtk_box_append (GTK_BOX (panel_box), frame);
  }
  panel = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (panel), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (panel), panel_box);
  gtk_widget_set_size_request (panel, 340, -1);
  gtk_widget_add_css_class (panel, "background");

  self->flap = adw_flap_new ();
  adw_flap_set_flap_position (ADW_FLAP (self->flap), GTK_PACK_END);
  adw_flap_set_fold_policy (ADW_FLAP (self->flap), ADW_FLAP_FOLD_POLICY_NEVER);
  adw_flap_set_reveal_flap (ADW_FLAP (self->flap), FALSE);
  adw_flap_set_content (ADW_FLAP (self->flap), scroller);
  adw_flap_set_flap (ADW_FLAP (self->flap), panel);
  adw_flap_set_separator (ADW_FLAP (self->flap), gtk_separator_new (GTK_ORIENTATION_VERTICAL));
  gtk_widget_set_vexpand (self->flap, TRUE);
  gtk_box_append (GTK_BOX (box), self->flap);
  adw_window_set_content (ADW_WINDOW (self), box);

  /* Page Up / Page Down change the card even from inside a text area;
   * s / n / p answer a choice: both are seen before the focused widget. */
  key = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (key, GTK_PHASE_CAPTURE);
  g_signal_connect (key, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), key);

  g_signal_connect (self, "close-request", G_CALLBACK (close_request_cb), NULL);
}

/* ---- public API ------------------------------------------------------- */

GtkWidget *
zona_tavolo_window_new (ZonaWindow *parent,
                        gint64      card_id)
{
  ZonaTavoloWindow *self;

  g_return_val_if_fail (ZONA_IS_WINDOW (parent), NULL);

  self = g_object_new (ZONA_TYPE_TAVOLO_WINDOW,
                       "application", gtk_window_get_application (GTK_WINDOW (parent)),
                       NULL);
  g_set_weak_pointer (&self->main_window, parent);
  self->store = g_object_ref (zona_window_get_store (parent));
  self->template = g_object_ref (zona_window_get_template (parent));
  collect_cards (self->store, 0, self->cards);
  for (guint i = 0; i < self->cards->len; i++)
    if (g_array_index (self->cards, gint64, i) == card_id)
      self->index = i;

  self->started = g_get_monotonic_time ();
  self->timer_id = g_timeout_add_seconds (1, update_timer, self);
  show_start (self);
  gtk_window_fullscreen (GTK_WINDOW (self));
  return GTK_WIDGET (self);
}

GtkWidget *
zona_tavolo_window_get_note_view (ZonaTavoloWindow *self)
{
  g_return_val_if_fail (ZONA_IS_TAVOLO_WINDOW (self), NULL);
  return self->note_view;
}

gint64
zona_tavolo_window_get_meeting_id (ZonaTavoloWindow *self)
{
  g_return_val_if_fail (ZONA_IS_TAVOLO_WINDOW (self), 0);
  return self->meeting_id;
}

GtkWidget *
zona_tavolo_window_get_form_editor (ZonaTavoloWindow *self)
{
  g_return_val_if_fail (ZONA_IS_TAVOLO_WINDOW (self), NULL);
  return self->form_editor;
}

gint64
zona_tavolo_window_get_card_id (ZonaTavoloWindow *self)
{
  g_return_val_if_fail (ZONA_IS_TAVOLO_WINDOW (self), 0);
  return self->cards->len ? g_array_index (self->cards, gint64, self->index) : 0;
}

/* Moves @step cards on (negative: back), within the plan. */
void
zona_tavolo_window_show_next (ZonaTavoloWindow *self,
                              int               step)
{
  gint64 target;

  g_return_if_fail (ZONA_IS_TAVOLO_WINDOW (self));

  if (self->cards->len == 0 || self->tavolo_entry != NULL)   /* still naming the tavolo */
    return;
  target = (gint64) self->index + step;
  target = CLAMP (target, 0, (gint64) self->cards->len - 1);
  if ((guint) target == self->index)
    return;
  self->index = target;
  show_card (self);
}
