/* zona-card-status.h: which rows of a card apply, and how complete it is
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "templates/zona-template.h"

G_BEGIN_DECLS

typedef struct {
  guint required;      /* required answers that apply now */
  guint answered;      /* of those, how many are given */
} ZonaCardStatus;

gboolean zona_row_is_visible      (const ZonaRow      *row,
                                   GHashTable         *values);
gboolean zona_row_is_required     (const ZonaRow      *row,
                                   GHashTable         *values);
gboolean zona_field_is_required   (const ZonaRow      *row,
                                   const ZonaField    *field,
                                   guint               index,
                                   GHashTable         *values);
gboolean zona_field_is_answered   (const ZonaField    *field,
                                   GHashTable         *values);
void     zona_card_status_compute (const ZonaCardType *type,
                                   GHashTable         *values,
                                   ZonaCardStatus     *status);

G_END_DECLS
