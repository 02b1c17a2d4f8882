/* test-value.c: percentages and free answers as stored and shown
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "model/zona-value.h"

static ZonaField pct = { .key = (char *) "grado", .kind = ZONA_FIELD_PERCENTAGE };
static ZonaField text = { .key = (char *) "note", .kind = ZONA_FIELD_TEXT };
static ZonaField longtext = { .key = (char *) "criticita", .kind = ZONA_FIELD_LONG_TEXT };

static void
check_norm (ZonaField  *field,
            const char *in,
            const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = zona_value_normalize (field, in, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (out, ==, expected);
}

static void
test_percentage (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  check_norm (&pct, "60", "60");
  check_norm (&pct, "60%", "60");
  check_norm (&pct, " 100 % ", "100");
  check_norm (&pct, "0", "0");
  /* What real plans hold is kept as written, for the checks to flag. */
  check_norm (&pct, "100/100", "100/100");
  check_norm (&pct, "Non previste", "Non previste");
  check_norm (&pct, "", NULL);
  check_norm (&pct, "   ", NULL);

  out = zona_value_normalize (&pct, "150", &error);
  g_assert_null (out);
  g_assert_error (error, ZONA_VALUE_ERROR, ZONA_VALUE_ERROR_OUT_OF_RANGE);
  g_clear_error (&error);
  out = zona_value_normalize (&pct, "-5%", &error);
  g_assert_null (out);
  g_assert_error (error, ZONA_VALUE_ERROR, ZONA_VALUE_ERROR_OUT_OF_RANGE);
}

static void
test_text (void)
{
  check_norm (&text, "  Sì  ", "Sì");
  check_norm (&longtext, "Riga uno\n\n- punto\n", "Riga uno\n\n- punto\n");
}

static void
test_format (void)
{
  g_autofree char *a = zona_value_format (&pct, "60");
  g_autofree char *b = zona_value_format (&pct, "100/100");
  g_autofree char *c = zona_value_format (&text, "60");

  g_assert_cmpstr (a, ==, "60%");
  g_assert_cmpstr (b, ==, "100/100");
  g_assert_cmpstr (c, ==, "60");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/value/percentage", test_percentage);
  g_test_add_func ("/value/text", test_text);
  g_test_add_func ("/value/format", test_format);
  return g_test_run ();
}
