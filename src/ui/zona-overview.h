/* zona-overview.h: a plan's start page — who writes it, how far each chapter
 * is, what the checks found and how the cards spread over the macro-areas
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "model/zona-store.h"
#include "templates/zona-template.h"
#include "checks/zona-checks.h"
#include "charts/zona-chart.h"

G_BEGIN_DECLS

#define ZONA_TYPE_OVERVIEW (zona_overview_get_type ())
G_DECLARE_FINAL_TYPE (ZonaOverview, zona_overview, ZONA, OVERVIEW, AdwBin)

/* @template may be NULL (an unknown cycle): completion and areas stay empty. */
GtkWidget           *zona_overview_new            (ZonaStore           *store,
                                                   ZonaTemplate        *template);
/* Reads the plan again now (changes are otherwise gathered in an idle). */
void                 zona_overview_refresh        (ZonaOverview        *self);
/* HBAR, unit “%”: one category per top-level chapter with required answers,
 * answered * 100 / required (whole percent, as in the outline). */
const ZonaChartData *zona_overview_get_completion (ZonaOverview        *self);
/* HBAR: one category per regional macro-area of the template that a card or an
 * objective names, in the template's order; series 0 counts the cards that
 * name it, series 1 the registered objectives. */
const ZonaChartData *zona_overview_get_areas      (ZonaOverview        *self);
/* How many cards of the plan are in @state. */
guint                zona_overview_get_n_cards_in_state (ZonaOverview    *self,
                                                         ZonaReviewState  state);
guint                zona_overview_get_n_problems (ZonaOverview        *self,
                                                   ZonaProblemSeverity  severity);

G_END_DECLS
