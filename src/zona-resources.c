/* zona-resources.c: register the core resources (templates) once
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The resources live in a static library; an automatic constructor there could
 * be dropped by the linker, so the code that needs them registers them.
 */
#include "config.h"

#include <gio/gio.h>

#include "zona-resources.h"
#include "zona-core-resources.h"

void
zona_core_resources_ensure (void)
{
  static gsize done;

  if (g_once_init_enter (&done))
    {
      zona_core_register_resource ();
      g_once_init_leave (&done, 1);
    }
}
