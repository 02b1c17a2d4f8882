/* zona-checks.h: consistency checks across a plan
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "model/zona-store.h"
#include "templates/zona-template.h"

G_BEGIN_DECLS

typedef enum {
  ZONA_PROBLEM_WARNING,
  ZONA_PROBLEM_ERROR,
} ZonaProblemSeverity;

typedef enum {
  ZONA_RULE_REQUIRED,           /* a required answer is missing */
  ZONA_RULE_MOTIVATION,         /* "motivare": an answer without its motivation */
  ZONA_RULE_CONDITIONAL,        /* required by another answer */
  ZONA_RULE_PERCENTAGE_RANGE,   /* a percentage outside 0–100 */
  ZONA_RULE_PERCENTAGE_TEXT,    /* text where a percentage is asked ("100/100") */
  ZONA_RULE_NOT_AN_OPTION,      /* an answer that is not one of the region's options */
  ZONA_RULE_GUIDANCE_LEFT,      /* the template's guidance left in the answer */
  ZONA_RULE_NO_REGIONAL_AREA,   /* an objective without a regional macro-area */
  ZONA_RULE_TOTAL_MISMATCH,     /* a total row that is not the sum of the rows */
  ZONA_RULE_CYCLE_MISMATCH,     /* the plan's cycle is not its template's */
  ZONA_RULE_UNKNOWN_CARD,       /* a card type the template does not know */
  ZONA_RULE_NOT_A_NUMBER,       /* text where a number or an amount is asked */
} ZonaRule;

typedef struct {
  ZonaProblemSeverity  severity;
  ZonaRule             rule;
  gint64               card_id;      /* 0 when not about a card */
  char                *field_key;    /* NULL when not about one field */
  gint64               table_id;     /* 0 when not about a data table */
  char                *where;        /* "Card title › Row label", for people */
  char                *message;
} ZonaProblem;

void        zona_problem_free      (ZonaProblem *problem);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ZonaProblem, zona_problem_free)

const char *zona_rule_to_string    (ZonaRule     rule);

/* (element-type ZonaProblem): in document order, then tables, objectives */
GPtrArray  *zona_checks_run        (ZonaStore    *store,
                                    ZonaTemplate *template);
GPtrArray  *zona_checks_run_card   (ZonaStore    *store,
                                    ZonaTemplate *template,
                                    gint64        card_id);
guint       zona_checks_count      (GPtrArray    *problems,
                                    ZonaProblemSeverity severity);

G_END_DECLS
