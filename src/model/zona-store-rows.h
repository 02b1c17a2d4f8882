/* zona-store-rows.h: small helpers for the model's row-level SQL
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by the registries of a plan (zona-plan-data.c, zona-meetings.c): not
 * public API.
 */
#pragma once

#include "zona-store-private.h"

G_BEGIN_DECLS

#define ZONA_ROWS_MAX_UID_LENGTH 200

/* Optional text: empty means none. */
const char *zona_rows_optional             (const char    *text);
/* Binds @text, or NULL for none. */
void        zona_rows_bind_text            (sqlite3_stmt  *stmt,
                                            int            col,
                                            const char    *text);
char       *zona_rows_column_text_not_null (sqlite3_stmt  *stmt,
                                            int            col);
/* @uid from the caller (checked) or a new random one. */
gboolean    zona_rows_take_uid             (const char    *uid,
                                            char         **out,
                                            GError       **error);
/* Whether @sql, with ?1 = @id, returns a row. */
gboolean    zona_rows_exists               (ZonaStore     *store,
                                            const char    *sql,
                                            gint64         id);
/* Steps an INSERT; the new row's id, or 0 with @error set. */
gint64      zona_rows_step_insert          (ZonaStore     *store,
                                            ZonaStmt      *stmt,
                                            const char    *uid,
                                            GError       **error);
/* Rows changed by the last statement. */
int         zona_rows_changes              (ZonaStore     *store);

G_END_DECLS
