/* zona-i18n.c: bind the message catalogue
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An installed Zona reads LOCALEDIR. Run from the build tree (the README's
 * commands do this) it finds the catalogues meson compiled into build/po.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "zona-i18n.h"

void
zona_setup_i18n (void)
{
  const char *dir = g_getenv ("ZONA_LOCALEDIR");
  g_autofree char *installed = g_build_filename (LOCALEDIR, "it", "LC_MESSAGES",
                                                 GETTEXT_PACKAGE ".mo", NULL);

  if (dir == NULL)
    dir = g_file_test (installed, G_FILE_TEST_EXISTS) ? LOCALEDIR : BUILD_LOCALEDIR;
  bindtextdomain (GETTEXT_PACKAGE, dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}
