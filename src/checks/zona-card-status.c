/* zona-card-status.c: which rows of a card apply, and how complete it is
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One place decides what "required" means, for the editor's completion
 * bar and for the plan's consistency checks alike.
 */
#define G_LOG_DOMAIN "zona-checks"

#include "config.h"

#include <string.h>

#include "zona-card-status.h"

static const char *
value_of (GHashTable *values,
          const char *key)
{
  const char *v = g_hash_table_lookup (values, key);
  return v != NULL && *v != '\0' ? v : NULL;
}

gboolean
zona_row_is_visible (const ZonaRow *row,
                     GHashTable    *values)
{
  g_return_val_if_fail (row != NULL, FALSE);

  if (row->visible_when == NULL)
    return TRUE;
  return zona_condition_holds (row->visible_when, value_of (values, row->visible_when->key));
}

gboolean
zona_row_is_required (const ZonaRow *row,
                      GHashTable    *values)
{
  g_return_val_if_fail (row != NULL, FALSE);

  if (!zona_row_is_visible (row, values))
    return FALSE;
  if (row->required)
    return TRUE;
  return row->required_when != NULL
      && zona_condition_holds (row->required_when, value_of (values, row->required_when->key));
}

/* The first field of a required row is required; other fields by their own
 * "required" (a motivation), possibly only when a condition holds. */
gboolean
zona_field_is_required (const ZonaRow   *row,
                        const ZonaField *field,
                        guint            index,
                        GHashTable      *values)
{
  if (!zona_row_is_visible (row, values))
    return FALSE;
  if (field->visible_when != NULL
      && !zona_condition_holds (field->visible_when, value_of (values, field->visible_when->key)))
    return FALSE;
  if (index == 0 && zona_row_is_required (row, values))
    return TRUE;
  if (field->required_when != NULL)
    return zona_condition_holds (field->required_when, value_of (values, field->required_when->key));
  /* A plain "required" on a companion field applies when its row is required. */
  return field->required && (index == 0 || zona_row_is_required (row, values));
}

/* A group or table counts as answered when any of its cells holds a value. */
gboolean
zona_field_is_answered (const ZonaField *field,
                        GHashTable      *values)
{
  if (field->kind == ZONA_FIELD_GROUP || field->kind == ZONA_FIELD_TABLE)
    {
      g_autofree char *prefix = g_strconcat (field->key, "/", NULL);
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, values);
      while (g_hash_table_iter_next (&iter, &key, &value))
        if (g_str_has_prefix (key, prefix) && value != NULL && *(const char *) value != '\0')
          return TRUE;
      return FALSE;
    }
  return value_of (values, field->key) != NULL;
}

void
zona_card_status_compute (const ZonaCardType *type,
                          GHashTable         *values,
                          ZonaCardStatus     *status)
{
  g_return_if_fail (type != NULL);
  g_return_if_fail (status != NULL);

  status->required = status->answered = 0;
  for (guint i = 0; i < type->rows->len; i++)
    {
      const ZonaRow *row = g_ptr_array_index (type->rows, i);

      for (guint j = 0; j < row->fields->len; j++)
        {
          const ZonaField *field = g_ptr_array_index (row->fields, j);

          if (!zona_field_is_required (row, field, j, values))
            continue;
          status->required++;
          if (zona_field_is_answered (field, values))
            status->answered++;
        }
    }
}
