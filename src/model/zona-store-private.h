/* zona-store-private.h: what the model's own files share about the plan file
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#define SQLITE_ENABLE_SESSION 1
#define SQLITE_ENABLE_PREUPDATE_HOOK 1
#include <sqlite3.h>

#include "zona-store.h"

G_BEGIN_DECLS

/* A cached statement: released (reset, bindings cleared), never finalized, by its user. */
typedef sqlite3_stmt ZonaStmt;
void zona_stmt_release (ZonaStmt *stmt);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ZonaStmt, zona_stmt_release)

ZonaStmt *zona_store_stmt        (ZonaStore    *self,
                                  const char   *sql,
                                  GError      **error);
sqlite3  *zona_store_get_db      (ZonaStore    *self);
char     *zona_store_column_text (sqlite3_stmt *stmt,
                                  int           col);
/* A real date written YYYY-MM-DD; otherwise FALSE with @error set. */
gboolean  zona_store_check_date  (const char   *date,
                                  GError      **error);
gboolean  zona_store_check_text  (const char   *value,
                                  GError      **error);
gboolean  zona_store_sqlite_error (ZonaStore   *self,
                                   GError     **error);
gboolean  zona_store_step_done   (ZonaStore    *self,
                                  ZonaStmt     *stmt,
                                  GError      **error);

/* One user edit is one transaction and one undo step. @merge_key, when not
 * NULL, joins this step to the previous one with the same key made moments
 * before (typing in one field). Inside a batch these do nothing. */
gboolean  zona_store_tx_begin    (ZonaStore    *self,
                                  GError      **error);
gboolean  zona_store_tx_end      (ZonaStore    *self,
                                  gboolean      ok,
                                  const char   *merge_key,
                                  GError      **error);

/* Next free position among siblings: “SELECT coalesce (max (position), -1) + 1 FROM …”. */
int       zona_store_next_position (ZonaStore  *self,
                                    const char *sql,
                                    gint64      parent_id);

G_END_DECLS
