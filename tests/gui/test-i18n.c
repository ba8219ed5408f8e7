/* SPDX-License-Identifier: GPL-2.0-or-later */
/* GUI test: with LANGUAGE=fr the window's menus and labels are French (po/fr.po, built by
 * meson into the build tree's po/ folder, found through WIRELENS_LOCALEDIR). */
#include <glib/gi18n.h>
#include <locale.h>
#include <gtk/gtk.h>
#include <string.h>
#include "test-util.h"
#include "wl-window-private.h"

static WlApplication *app;

static gboolean
menu_has_label (GMenuModel *menu, const char *label)
{
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autofree char *text = NULL;
      if (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_LABEL, "s", &text) &&
          g_str_equal (text, label))
        return TRUE;
      g_autoptr (GMenuLinkIter) links = g_menu_model_iterate_item_links (menu, i);
      GMenuModel *sub;
      while (g_menu_link_iter_get_next (links, NULL, &sub))
        {
          gboolean found = menu_has_label (sub, label);
          g_object_unref (sub);
          if (found)
            return TRUE;
        }
    }
  return FALSE;
}

static void
test_french (void)
{
  WlWindow *window = wl_window_new (app);

  /* The welcome page and the status bar */
  g_assert_cmpstr (gtk_label_get_text (window->status_file), ==, "Aucun fichier de capture");
  /* The packet list's columns */
  GListModel *columns = gtk_column_view_get_columns (window->packet_view);
  g_autoptr (GtkColumnViewColumn) source = g_list_model_get_item (columns, 2);
  g_assert_cmpstr (gtk_column_view_column_get_title (source), ==, "Source");
  g_autoptr (GtkColumnViewColumn) length = g_list_model_get_item (columns, 5);
  g_assert_cmpstr (gtk_column_view_column_get_title (length), ==, "Longueur");
  /* The primary menu */
  GtkMenuButton *button = NULL;
  GtkWidget *titlebar = gtk_window_get_titlebar (GTK_WINDOW (window));
  for (GtkWidget *w = titlebar; w && !button;)
    {
      if (GTK_IS_MENU_BUTTON (w))
        button = GTK_MENU_BUTTON (w);
      GtkWidget *next = gtk_widget_get_first_child (w);
      while (!next && w && w != titlebar)
        {
          next = gtk_widget_get_next_sibling (w);
          if (!next)
            w = gtk_widget_get_parent (w);
        }
      w = next;
    }
  g_assert_nonnull (button);
  GMenuModel *menu = gtk_menu_button_get_menu_model (button);
  g_assert_true (menu_has_label (menu, "_Ouvrir…"));
  g_assert_true (menu_has_label (menu, "À _propos de Wirelens"));
  g_assert_true (menu_has_label (menu, "_Quitter"));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char *argv[])
{
  g_setenv ("LANGUAGE", "fr", TRUE);
  /* gettext ignores LANGUAGE in the C locale: C.UTF-8 is on every Debian machine. */
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  setlocale (LC_ALL, "");
  const char *localedir = g_getenv ("WIRELENS_LOCALEDIR");
  bindtextdomain (GETTEXT_PACKAGE, localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  gui_test_init (&argc, &argv);
  wl_dissectors_init ();

  app = g_object_new (WL_TYPE_APPLICATION, "application-id", "org.wirelens.Wirelens.I18nTests",
                      "flags", G_APPLICATION_NON_UNIQUE, NULL);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  g_test_add_func ("/gui/i18n/french", test_french);
  int status = g_test_run ();
  g_object_unref (app);
  return gui_test_finish (status);
}
