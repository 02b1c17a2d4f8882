/* zona-application.h
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define ZONA_TYPE_APPLICATION (zona_application_get_type ())
G_DECLARE_FINAL_TYPE (ZonaApplication, zona_application, ZONA, APPLICATION, AdwApplication)

ZonaApplication *zona_application_new          (void);
GtkWindow       *zona_application_open_path    (ZonaApplication *self,
                                                const char      *path);
void             zona_application_note_recent  (ZonaApplication *self,
                                                const char      *path);
char           **zona_application_get_recent   (ZonaApplication *self);
GSettings       *zona_application_get_settings (ZonaApplication *self);

G_END_DECLS
