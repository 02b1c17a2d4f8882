/* zona-value.c: field values as stored, checked and shown
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Real plans hold answers like “100/100”, “n.p.” or a paragraph where a
 * percentage was asked. Such text is kept as written (the checks flag it);
 * only a number outside 0–100 is refused, because it can only be a typing slip.
 */
#define G_LOG_DOMAIN "zona-value"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "zona-value.h"

G_DEFINE_QUARK (zona-value-error-quark, zona_value_error)

/* “60”, “60%”, “ 60 % ” → 60. Any other text → FALSE. */
gboolean
zona_value_parse_percentage (const char *text,
                             int        *out)
{
  g_autofree char *s = NULL;
  char *end = NULL;
  gint64 v;

  if (text == NULL)
    return FALSE;
  s = g_strstrip (g_strdup (text));
  if (g_str_has_suffix (s, "%"))
    {
      s[strlen (s) - 1] = '\0';
      g_strchomp (s);
    }
  if (*s == '\0' || !(g_ascii_isdigit (*s) || *s == '-'))
    return FALSE;
  v = g_ascii_strtoll (s, &end, 10);
  if (end == NULL || *end != '\0')
    return FALSE;
  if (out)
    *out = (int) CLAMP (v, G_MININT, G_MAXINT);
  return TRUE;
}

char *
zona_value_normalize (const ZonaField  *field,
                      const char       *text,
                      GError          **error)
{
  g_autofree char *stripped = NULL;
  int pct;

  g_return_val_if_fail (field != NULL, NULL);

  if (text == NULL)
    return NULL;
  if (field->kind == ZONA_FIELD_LONG_TEXT)
    stripped = g_strdup (text);          /* paragraphs keep their layout */
  else
    stripped = g_strstrip (g_strdup (text));
  if (*stripped == '\0')
    return NULL;

  if (field->kind == ZONA_FIELD_PERCENTAGE && zona_value_parse_percentage (stripped, &pct))
    {
      if (pct < 0 || pct > 100)
        {
          g_set_error (error, ZONA_VALUE_ERROR, ZONA_VALUE_ERROR_OUT_OF_RANGE,
                       _("expected a percentage from 0 to 100, not %d"), pct);
          return NULL;
        }
      return g_strdup_printf ("%d", pct);
    }
  return g_steal_pointer (&stripped);
}

/* What a reader sees: “60%” for a stored “60”, the text itself otherwise. */
char *
zona_value_format (const ZonaField *field,
                   const char      *value)
{
  int pct;

  g_return_val_if_fail (field != NULL, NULL);

  if (value == NULL)
    return NULL;
  if (field->kind == ZONA_FIELD_PERCENTAGE && zona_value_parse_percentage (value, &pct)
      && !strchr (value, '%'))
    return g_strdup_printf ("%d%%", pct);
  return g_strdup (value);
}

/* Italian figures as plans print them: "1.234,5", "853.655,04 €", "- €" (zero). */
gboolean
zona_value_parse_number (const char *text,
                         double     *out)
{
  g_autoptr(GString) s = g_string_new (NULL);
  g_autofree char *t = g_strstrip (g_strdup (text ? text : ""));
  const char *comma, *dot;
  char *end;

  for (const char *p = t; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (c == 0x20AC || c == '%' || g_unichar_isspace (c) || c == 0x00A0)
        continue;
      g_string_append_unichar (s, c);
    }
  if (g_str_equal (s->str, "-"))
    {
      if (out)
        *out = 0;
      return TRUE;
    }
  comma = strchr (s->str, ',');
  dot = strchr (s->str, '.');
  if (comma != NULL)
    {
      /* "1.234,5": dots group thousands, the comma is the decimal point. */
      GString *plain = g_string_new (NULL);
      for (const char *p = s->str; *p; p++)
        if (*p == ',')
          g_string_append_c (plain, '.');
        else if (*p != '.')
          g_string_append_c (plain, *p);
      g_string_assign (s, plain->str);
      g_string_free (plain, TRUE);
    }
  else if (dot != NULL && (strchr (dot + 1, '.') != NULL || strlen (dot + 1) == 3))
    {
      /* "236.674" or "5.076.757": thousands. */
      GString *plain = g_string_new (NULL);
      for (const char *p = s->str; *p; p++)
        if (*p != '.')
          g_string_append_c (plain, *p);
      g_string_assign (s, plain->str);
      g_string_free (plain, TRUE);
    }
  if (s->len == 0)
    return FALSE;
  {
    double v = g_ascii_strtod (s->str, &end);
    if (out)
      *out = v;
    return end != NULL && *end == '\0' && isfinite (v);
  }
}
