/* zona-form-editor.h: one generic editor for every card type
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "model/zona-store.h"
#include "templates/zona-template.h"

G_BEGIN_DECLS

#define ZONA_TYPE_FORM_EDITOR (zona_form_editor_get_type ())
G_DECLARE_FINAL_TYPE (ZonaFormEditor, zona_form_editor, ZONA, FORM_EDITOR, AdwBin)

GtkWidget *zona_form_editor_new              (ZonaStore      *store,
                                              ZonaTemplate   *template,
                                              gint64          card_id);
gint64     zona_form_editor_get_card_id      (ZonaFormEditor *self);
GtkWidget *zona_form_editor_get_field_widget (ZonaFormEditor *self,
                                              const char     *key);
GtkWidget *zona_form_editor_get_title_widget (ZonaFormEditor *self);

G_END_DECLS
