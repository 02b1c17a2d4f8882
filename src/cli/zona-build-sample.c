/* zona-build-sample.c: build the embedded sample plan at build time
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: zona-build-sample sample-plan.json sample.pdz
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>

#include "model/zona-plan-json.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ZonaStore) store = NULL;

  if (argc != 3)
    {
      fprintf (stderr, "usage: %s PLAN.json OUT.pdz\n", argv[0]);
      return 2;
    }
  g_unlink (argv[2]);
  store = zona_plan_json_load_file (argv[1], argv[2], &error);
  if (store == NULL)
    {
      fprintf (stderr, "%s: %s\n", argv[1], error->message);
      return 1;
    }
  return 0;
}
