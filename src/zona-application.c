/* zona-application.c
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "zona-application"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "zona-application.h"
#include "zona-sample.h"
#include "zona-ui-resources.h"
#include "model/zona-plan-new.h"
#include "ui/zona-window.h"

#define MAX_RECENT 10

struct _ZonaApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;     /* NULL when the schema is not installed */
  GStrv           recent;       /* used when there are no settings */
};

G_DEFINE_FINAL_TYPE (ZonaApplication, zona_application, ADW_TYPE_APPLICATION)

ZonaApplication *
zona_application_new (void)
{
  return g_object_new (ZONA_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", RESOURCE_BASE,
                       NULL);
}

static void
show_open_error (ZonaApplication *self,
                 const char      *path,
                 const GError    *error)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autofree char *name = g_filename_display_basename (path);
  g_autofree char *heading = g_strdup_printf (_("Cannot Open “%s”"), name);
  GtkWidget *dialog = adw_message_dialog_new (parent, heading, error->message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  if (parent == NULL)
    gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

GtkWindow *
zona_application_open_path (ZonaApplication *self,
                            const char      *path)
{
  g_autoptr(GError) error = NULL;
  ZonaWindow *window;

  g_return_val_if_fail (ZONA_IS_APPLICATION (self), NULL);

  /* A plan has one window here; asking again brings it forward. */
  {
    g_autofree char *abs = g_canonicalize_filename (path, NULL);
    for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
      if (ZONA_IS_WINDOW (l->data)
          && g_strcmp0 (zona_store_get_path (zona_window_get_store (l->data)), abs) == 0)
        {
          gtk_window_present (l->data);
          return l->data;
        }
  }

  window = zona_window_new (self, path, &error);
  if (window == NULL)
    {
      show_open_error (self, path, error);
      return NULL;
    }
  zona_application_note_recent (self, path);
  gtk_window_present (GTK_WINDOW (window));
  return GTK_WINDOW (window);
}

void
zona_application_note_recent (ZonaApplication *self,
                              const char      *path)
{
  g_auto(GStrv) old = zona_application_get_recent (self);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *abs = g_canonicalize_filename (path, NULL);
  guint n = 1;

  g_strv_builder_add (builder, abs);
  for (guint i = 0; old[i] && n < MAX_RECENT; i++)
    if (!g_str_equal (old[i], abs))
      {
        g_strv_builder_add (builder, old[i]);
        n++;
      }

  g_strfreev (self->recent);
  self->recent = g_strv_builder_end (builder);
  if (self->settings)
    g_settings_set_strv (self->settings, "recent-plans", (const char * const *) self->recent);
}

char **
zona_application_get_recent (ZonaApplication *self)
{
  if (self->settings)
    return g_settings_get_strv (self->settings, "recent-plans");
  return g_strdupv (self->recent);
}

/* NULL when the schema is not installed: the app then runs with defaults. */
GSettings *
zona_application_get_settings (ZonaApplication *self)
{
  g_return_val_if_fail (ZONA_IS_APPLICATION (self), NULL);
  return self->settings;
}

/* ---- actions ---------------------------------------------------------- */

static void
open_response_cb (GtkNativeDialog *native,
                  int              response,
                  gpointer         user_data)
{
  ZonaApplication *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autofree char *path = g_file_get_path (file);
      if (path)
        zona_application_open_path (self, path);
    }
  g_object_unref (native);
}

static void
add_plan_filter (GtkFileChooser *chooser)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Plans (*.pdz)"));
  gtk_file_filter_add_pattern (filter, "*.pdz");
  gtk_file_chooser_add_filter (chooser, filter);
}

static void
app_open (GSimpleAction *action,
          GVariant      *param,
          gpointer       user_data)
{
  ZonaApplication *self = user_data;
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (_("Open Plan"),
                                        gtk_application_get_active_window (GTK_APPLICATION (self)),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  add_plan_filter (GTK_FILE_CHOOSER (native));
  g_signal_connect (native, "response", G_CALLBACK (open_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
new_response_cb (GtkNativeDialog *native,
                 int              response,
                 gpointer         user_data)
{
  ZonaApplication *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(GError) error = NULL;
      g_autoptr(GObject) store = NULL;

      if (path && !g_str_has_suffix (path, ".pdz"))
        {
          char *with_ext = g_strconcat (path, ".pdz", NULL);
          g_free (path);
          path = with_ext;
        }
      /* The chooser already asked about replacing; a plan is a whole new file. */
      if (path && g_file_test (path, G_FILE_TEST_EXISTS))
        g_remove (path);
      if (path)
        {
          store = (GObject *) zona_plan_new (path, "2025-2027", "Piano di Zona 2025-2027", &error);
          if (store == NULL)
            show_open_error (self, path, error);
          else
            {
              g_clear_object (&store);
              zona_application_open_path (self, path);
            }
        }
    }
  g_object_unref (native);
}

static void
app_new (GSimpleAction *action,
         GVariant      *param,
         gpointer       user_data)
{
  ZonaApplication *self = user_data;
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (_("New Plan"),
                                        gtk_application_get_active_window (GTK_APPLICATION (self)),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Create"), _("_Cancel"));
  /* TRANSLATORS: default file name of a new plan */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), _("Piano di Zona.pdz"));
  add_plan_filter (GTK_FILE_CHOOSER (native));
  g_signal_connect (native, "response", G_CALLBACK (new_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
app_open_sample (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       user_data)
{
  ZonaApplication *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = zona_sample_working_copy (&error);

  if (path == NULL)
    show_open_error (self, _("Sample plan"), error);
  else
    zona_application_open_path (self, path);
}

static void
app_open_recent (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       user_data)
{
  zona_application_open_path (user_data, g_variant_get_string (param, NULL));
}

static void
app_about (GSimpleAction *action,
           GVariant      *param,
           gpointer       user_data)
{
  ZonaApplication *self = user_data;
  static const char *developers[] = { "Zona developers", NULL };

  adw_show_about_window (gtk_application_get_active_window (GTK_APPLICATION (self)),
                         "application-name", _("Zona"),
                         "application-icon", APP_ID,
                         "developer-name", _("Zona developers"),
                         "version", PACKAGE_VERSION,
                         "comments", _("Write the Piano di Zona of an Ambito territoriale sociale: "
                                       "chapters, regional evaluation cards and the final ODF "
                                       "document."),
                         "website", "https://github.com/pianodizona/zona",
                         "developers", developers,
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
app_quit (GSimpleAction *action,
          GVariant      *param,
          gpointer       user_data)
{
  /* Nothing to save: every edit is already in the file. */
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "open", app_open },
  { "new", app_new },
  { "open-sample", app_open_sample },
  { "open-recent", app_open_recent, "s" },
  { "about", app_about },
  { "quit", app_quit },
};

/* ---- GApplication ----------------------------------------------------- */

static void
zona_application_startup (GApplication *app)
{
  ZonaApplication *self = ZONA_APPLICATION (app);
  GSettingsSchemaSource *source;
  g_autoptr(GSettingsSchema) schema = NULL;

  zona_ui_register_resource ();
  G_APPLICATION_CLASS (zona_application_parent_class)->startup (app);

  source = g_settings_schema_source_get_default ();
  if (source)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema)
    self->settings = g_settings_new (APP_ID);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit",
                                         (const char *[]) { "<Control>q", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.open",
                                         (const char *[]) { "<Control>o", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.new",
                                         (const char *[]) { "<Control>n", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.export",
                                         (const char *[]) { "<Control>e", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.undo",
                                         (const char *[]) { "<Control>z", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.redo",
                                         (const char *[]) { "<Control><Shift>z", "<Control>y", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.close",
                                         (const char *[]) { "<Control>w", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.show-sidebar",
                                         (const char *[]) { "F9", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.show-overview",
                                         (const char *[]) { "<Alt>Home", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.tavolo-mode",
                                         (const char *[]) { "F5", NULL });
}

static void
zona_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window != NULL)
    gtk_window_present (window);
  else
    app_open_sample (NULL, NULL, app);
}

static void
zona_application_open (GApplication  *app,
                       GFile        **files,
                       int            n_files,
                       const char    *hint)
{
  for (int i = 0; i < n_files; i++)
    {
      g_autofree char *path = g_file_get_path (files[i]);
      if (path)
        zona_application_open_path (ZONA_APPLICATION (app), path);
    }
}

static void
zona_application_finalize (GObject *object)
{
  ZonaApplication *self = ZONA_APPLICATION (object);

  g_clear_object (&self->settings);
  g_clear_pointer (&self->recent, g_strfreev);

  G_OBJECT_CLASS (zona_application_parent_class)->finalize (object);
}

static void
zona_application_class_init (ZonaApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = zona_application_finalize;
  app_class->startup = zona_application_startup;
  app_class->activate = zona_application_activate;
  app_class->open = zona_application_open;
}

static void
zona_application_init (ZonaApplication *self)
{
  self->recent = g_new0 (char *, 1);
}
