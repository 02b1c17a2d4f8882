/* zona-plan-new.c: a new, empty plan laid out by its cycle's template
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "zona-plan-new"

#include "config.h"

#include <glib/gstdio.h>

#include "zona-plan-new.h"
#include "templates/zona-template.h"

static gboolean
add_chapters (ZonaStore  *store,
              gint64      parent_id,
              GPtrArray  *specs,
              GError    **error)
{
  for (guint i = 0; i < specs->len; i++)
    {
      const ZonaChapterSpec *spec = g_ptr_array_index (specs, i);
      gint64 id = zona_store_add_chapter (store, parent_id, spec->role, spec->title, error);

      if (id == 0 || !add_chapters (store, id, spec->children, error))
        return FALSE;
    }
  return TRUE;
}

ZonaStore *
zona_plan_new (const char  *path,
               const char  *template_id,
               const char  *title,
               GError     **error)
{
  g_autoptr(ZonaTemplate) template = NULL;
  g_autoptr(ZonaStore) store = NULL;
  gboolean ok;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (template_id != NULL, NULL);

  template = zona_template_lookup (template_id, error);
  if (template == NULL)
    return NULL;
  store = zona_store_create (path, template_id, error);
  if (store == NULL)
    return NULL;

  ok = zona_store_begin_batch (store, error);
  if (ok)
    {
      ok = zona_store_set_meta (store, "cycle", zona_template_get_cycle (template), error)
        && zona_store_set_meta (store, "title", title, error)
        && add_chapters (store, 0, zona_template_get_chapters (template), error);
      ok = zona_store_end_batch (store, ok, ok ? error : NULL) && ok;
    }
  if (!ok)
    {
      g_clear_object (&store);
      g_unlink (path);
      return NULL;
    }
  return g_steal_pointer (&store);
}
