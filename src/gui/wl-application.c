/* SPDX-License-Identifier: GPL-2.0-or-later */
/* WlApplication (see wl-application.h): start-up (resources, styles, coloring rules), the
 * app actions (about, quit) and opening files in windows. */
#include <glib/gi18n.h>
#include "wl-application.h"
#include "wl-resources.h"
#include "wl-window.h"

struct _WlApplication
{
  GtkApplication parent_instance;
  WlColoringRules *coloring;

  /* Command-line options for the first file opened */
  char *start_filter;
  gint64 start_frame;
  char *screenshot;
};

G_DEFINE_FINAL_TYPE (WlApplication, wl_application, GTK_TYPE_APPLICATION)

GSettings *
wl_settings_new (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr (GSettingsSchema) schema = source ? g_settings_schema_source_lookup (source, WL_APPLICATION_ID, TRUE) : NULL;

#ifdef WL_BUILD_SCHEMA_DIR
  if (!schema)
    {
      /* Running from the build tree: use the schema compiled there. */
      g_autoptr (GSettingsSchemaSource) local =
        g_settings_schema_source_new_from_directory (WL_BUILD_SCHEMA_DIR, source, FALSE, NULL);
      if (local)
        schema = g_settings_schema_source_lookup (local, WL_APPLICATION_ID, FALSE);
    }
#endif
  if (!schema)
    g_error ("The GSettings schema %s is not installed.", WL_APPLICATION_ID);
  return g_settings_new_full (schema, NULL, NULL);
}

void
wl_application_load_resources (void)
{
  static gboolean done;
  if (done)
    return;
  done = TRUE;

  g_resources_register (wl_get_resource ());
  GdkDisplay *display = gdk_display_get_default ();
  if (!display)
    return;
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (display), "/org/wirelens/Wirelens/icons");

  GtkCssProvider *style = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (style, "/org/wirelens/Wirelens/ui/style.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (style),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  g_object_unref (style);
}

const WlColoringRules *
wl_application_get_coloring_rules (WlApplication *self)
{
  return self->coloring;
}

static void
action_quit (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  GtkApplication *app = user_data;
  GList *windows = g_list_copy (gtk_application_get_windows (app));
  /* Closed, not destroyed: a window with an unsaved capture asks first. */
  for (GList *l = windows; l; l = l->next)
    gtk_window_close (l->data);
  g_list_free (windows);
}

static void
action_about (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  GtkApplication *app = user_data;
  const char *authors[] = { _("The Wirelens developers"), NULL };

  gtk_show_about_dialog (gtk_application_get_active_window (app),
                         "program-name", _("Wirelens"),
                         "logo-icon-name", WL_APPLICATION_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _("Look into network traffic: open captures, filter them with Wireshark's "
                                       "display-filter language and inspect every packet's layers."),
                         "license-type", GTK_LICENSE_GPL_2_0,
                         "authors", authors,
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static const GActionEntry app_actions[] = {
  { "quit", action_quit, NULL, NULL, NULL, { 0 } },
  { "about", action_about, NULL, NULL, NULL, { 0 } },
};

static void
wl_application_startup (GApplication *app)
{
  WlApplication *self = WL_APPLICATION (app);
  const char *quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (wl_application_parent_class)->startup (app);

  wl_application_load_resources ();
  self->coloring = wl_coloring_rules_new_default ();
  g_autofree char *css = wl_coloring_rules_to_css (self->coloring);
  GtkCssProvider *colors = gtk_css_provider_new ();
  gtk_css_provider_load_from_data (colors, css, -1);
  /* Below style.css, whose selected-row colours must win over the rules'. */
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (colors),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION - 1);
  g_object_unref (colors);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_window_set_default_icon_name (WL_APPLICATION_ID);
}

static void
wl_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (!window)
    window = GTK_WINDOW (wl_window_new (WL_APPLICATION (app)));
  gtk_window_present (window);
}

static int
wl_application_handle_local_options (GApplication *app, GVariantDict *options)
{
  WlApplication *self = WL_APPLICATION (app);

  g_variant_dict_lookup (options, "display-filter", "s", &self->start_filter);
  g_variant_dict_lookup (options, "goto", "x", &self->start_frame);
  g_variant_dict_lookup (options, "screenshot", "^ay", &self->screenshot);
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("wirelens %s\n", PACKAGE_VERSION);
      return 0;
    }
  return -1;
}

static void
wl_application_open (GApplication *app, GFile **files, int n_files, const char *hint)
{
  for (int i = 0; i < n_files; i++)
    wl_application_open_file (WL_APPLICATION (app), files[i], NULL);
}

WlWindow *
wl_application_open_file (WlApplication *self, GFile *file, WlWindow *window)
{
  if (!window || !wl_window_is_empty (window))
    {
      /* An empty window (just started) takes the file; otherwise one window per capture. */
      GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (self));
      if (active && WL_IS_WINDOW (active) && wl_window_is_empty (WL_WINDOW (active)))
        window = WL_WINDOW (active);
      else
        window = wl_window_new (self);
    }
  wl_window_open (window, file);
  if (self->start_filter || self->start_frame > 0 || self->screenshot)
    {
      wl_window_set_startup (window, self->start_filter, (guint32) CLAMP (self->start_frame, 0, G_MAXUINT32),
                             self->screenshot);
      g_clear_pointer (&self->start_filter, g_free);
      g_clear_pointer (&self->screenshot, g_free);
      self->start_frame = 0;
    }
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
wl_application_finalize (GObject *object)
{
  WlApplication *self = WL_APPLICATION (object);
  g_clear_pointer (&self->coloring, wl_coloring_rules_free);
  g_free (self->start_filter);
  g_free (self->screenshot);
  G_OBJECT_CLASS (wl_application_parent_class)->finalize (object);
}

static void
wl_application_class_init (WlApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = wl_application_finalize;
  app_class->startup = wl_application_startup;
  app_class->activate = wl_application_activate;
  app_class->open = wl_application_open;
  app_class->handle_local_options = wl_application_handle_local_options;
}

static const GOptionEntry options[] = {
  { "display-filter", 'Y', 0, G_OPTION_ARG_STRING, NULL,
    N_("Apply this display filter once the file is loaded"), N_("FILTER") },
  { "goto", 'g', 0, G_OPTION_ARG_INT64, NULL, N_("Select this packet once the file is loaded"), N_("NUMBER") },
  { "screenshot", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME, NULL,
    N_("Save a picture of the window as PNG once it is ready, then quit"), N_("FILE") },
  { "version", 'v', 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and quit"), NULL },
  { NULL }
};

static void
wl_application_init (WlApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), options);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[CAPTURE FILE…]"));
}

WlApplication *
wl_application_new (void)
{
  return g_object_new (WL_TYPE_APPLICATION,
                       "application-id", WL_APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/org/wirelens/Wirelens",
                       NULL);
}
