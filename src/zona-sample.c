/* zona-sample.c: the embedded sample plan
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sample is a complete plan file bundled as a resource. It is never
 * opened in place: users always get a copy of their own.
 */
#define G_LOG_DOMAIN "zona-sample"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#include "zona-sample.h"
#include "zona-sample-resources.h"

static GBytes *
sample_bytes (GError **error)
{
  static gsize registered;

  if (g_once_init_enter (&registered))
    {
      zona_sample_register_resource ();
      g_once_init_leave (&registered, 1);
    }
  return g_resources_lookup_data (RESOURCE_BASE "/sample/sample.pdz",
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, error);
}

/* Refuses to overwrite: the target may be somebody's plan. */
gboolean
zona_sample_write (const char  *dest_path,
                   GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileOutputStream) out = NULL;
  gsize written;

  g_return_val_if_fail (dest_path != NULL, FALSE);

  bytes = sample_bytes (error);
  if (bytes == NULL)
    return FALSE;

  file = g_file_new_for_path (dest_path);
  out = g_file_create (file, G_FILE_CREATE_NONE, NULL, error);
  if (out == NULL)
    return FALSE;
  if (!g_output_stream_write_all (G_OUTPUT_STREAM (out), g_bytes_get_data (bytes, NULL),
                                  g_bytes_get_size (bytes), &written, NULL, error)
      || !g_output_stream_close (G_OUTPUT_STREAM (out), NULL, error))
    {
      g_file_delete (file, NULL, NULL);
      return FALSE;
    }
  return TRUE;
}

/* The copy that `zona` without arguments opens: made once, then kept, so
 * that what users type into the sample is still there the next time. */
char *
zona_sample_working_copy (GError **error)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "zona", NULL);
  /* TRANSLATORS: file name of the sample plan's working copy */
  g_autofree char *name = g_strconcat (_("Sample plan"), ".pdz", NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return g_steal_pointer (&path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot create the folder “%s”: %s"), dir, g_strerror (saved));
      return NULL;
    }
  if (!zona_sample_write (path, error))
    return NULL;
  return g_steal_pointer (&path);
}
