/* SPDX-License-Identifier: GPL-2.0-or-later */
/* wirelens: the desktop application's entry point. */
#include <locale.h>
#include <glib/gi18n.h>
#include "wl-application.h"

int
main (int argc, char *argv[])
{
  const char *locale = setlocale (LC_ALL, "");
  /* gettext ignores LANGUAGE in the C locale; its UTF-8 twin honours it. */
  if (g_getenv ("LANGUAGE") && (!locale || g_str_equal (locale, "C") || g_str_equal (locale, "POSIX")))
    setlocale (LC_ALL, "C.UTF-8");
  const char *localedir = g_getenv ("WIRELENS_LOCALEDIR");
#ifdef WL_BUILD_ROOT
  /* Run from the build tree: its own translations, as it uses its own schema. */
  g_autofree char *self_path = g_file_read_link ("/proc/self/exe", NULL);
  if (!localedir && self_path && g_str_has_prefix (self_path, WL_BUILD_ROOT "/"))
    localedir = WL_BUILD_ROOT "/po";
#endif
  bindtextdomain (GETTEXT_PACKAGE, localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_application_name (_("Wirelens"));

  g_autoptr (WlApplication) app = wl_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
