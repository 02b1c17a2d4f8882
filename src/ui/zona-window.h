/* zona-window.h
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "zona-application.h"
#include "model/zona-store.h"
#include "templates/zona-template.h"

G_BEGIN_DECLS

#define ZONA_TYPE_WINDOW (zona_window_get_type ())
G_DECLARE_FINAL_TYPE (ZonaWindow, zona_window, ZONA, WINDOW, AdwApplicationWindow)

ZonaWindow *zona_window_new             (ZonaApplication *application,
                                         const char      *path,
                                         GError         **error);
ZonaStore  *zona_window_get_store       (ZonaWindow      *self);
ZonaTemplate *zona_window_get_template  (ZonaWindow      *self);
gboolean    zona_window_select_block    (ZonaWindow      *self,
                                         gint64           block_id);
gboolean    zona_window_select_chapter  (ZonaWindow      *self,
                                         gint64           chapter_id);
GtkWidget  *zona_window_get_form_editor (ZonaWindow      *self);
GtkListBox *zona_window_get_outline     (ZonaWindow      *self);
gboolean    zona_window_is_exporting    (ZonaWindow      *self);
void        zona_window_export_to       (ZonaWindow      *self,
                                         const char      *path);
gboolean    zona_window_approve         (ZonaWindow      *self,
                                         const char      *date,
                                         const char      *ref,
                                         GError         **error);
GtkWindow  *zona_window_new_revision    (ZonaWindow      *self,
                                         const char      *path,
                                         GError         **error);
GtkWindow  *zona_window_next_plan       (ZonaWindow      *self,
                                         const char      *path,
                                         GError         **error);
GtkWidget  *zona_window_get_review_row  (ZonaWindow      *self);

G_END_DECLS
