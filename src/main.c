/* main.c
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "zona-application.h"
#include "zona-i18n.h"
#include "cli/zona-cli.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(ZonaApplication) app = NULL;

  setlocale (LC_ALL, "");
  zona_setup_i18n ();

  if (argc > 1 && zona_cli_is_command (argv[1]))
    return zona_cli_run (argc, argv);

  app = zona_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
