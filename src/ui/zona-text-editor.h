/* zona-text-editor.h: the rich text of one chapter, one text view per block
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "model/zona-store.h"

G_BEGIN_DECLS

#define ZONA_TYPE_TEXT_EDITOR (zona_text_editor_get_type ())
G_DECLARE_FINAL_TYPE (ZonaTextEditor, zona_text_editor, ZONA, TEXT_EDITOR, AdwBin)

ZonaTextEditor *zona_text_editor_new            (ZonaStore      *store,
                                                 gint64          chapter_id);
gint64          zona_text_editor_get_chapter_id (ZonaTextEditor *self);
GtkWidget      *zona_text_editor_get_view       (ZonaTextEditor *self,
                                                 gint64          block_id);
gboolean        zona_text_editor_focus_block    (ZonaTextEditor *self,
                                                 gint64          block_id,
                                                 int             offset);
void            zona_text_editor_paste_text     (ZonaTextEditor *self,
                                                 const char     *text);

G_END_DECLS
