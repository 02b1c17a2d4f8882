/* zona-rollover.h: the plan of the next cycle, started from the plan of this one
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "zona-store.h"

G_BEGIN_DECLS

/* The template id of the cycle after @template_id ("2021-2023" → "2025-2027"),
 * or NULL when Zona knows none. */
const char *zona_rollover_successor (const char *template_id);

/* Creates at @new_path the plan of the cycle after @old's, laid out by the next
 * template, with one "valutazione-output" card per objective of @old (see the
 * source for what is pre-filled), each linked to its objective by
 * zona_store_set_card_predecessor(). The new file is complete or not there. */
ZonaStore  *zona_rollover_new_plan  (ZonaStore   *old,
                                     const char  *new_path,
                                     GError     **error);

G_END_DECLS
