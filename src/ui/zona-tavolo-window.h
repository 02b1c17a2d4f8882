/* zona-tavolo-window.h: meeting mode, one card at a time in large type
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ui/zona-window.h"

G_BEGIN_DECLS

#define ZONA_TYPE_TAVOLO_WINDOW (zona_tavolo_window_get_type ())
G_DECLARE_FINAL_TYPE (ZonaTavoloWindow, zona_tavolo_window, ZONA, TAVOLO_WINDOW, AdwWindow)

GtkWidget *zona_tavolo_window_new             (ZonaWindow       *parent,
                                               gint64            card_id);
GtkWidget *zona_tavolo_window_get_form_editor (ZonaTavoloWindow *self);
GtkWidget *zona_tavolo_window_get_note_view   (ZonaTavoloWindow *self);
gint64     zona_tavolo_window_get_meeting_id  (ZonaTavoloWindow *self);
gint64     zona_tavolo_window_get_card_id     (ZonaTavoloWindow *self);
void       zona_tavolo_window_show_next       (ZonaTavoloWindow *self,
                                               int               step);

G_END_DECLS
