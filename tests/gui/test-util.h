/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Shared set-up for the GUI tests: warnings and criticals fail the test run, except two that
 * do not come from the window's code: a dissector's bad field registration (the dissector
 * tests catch it) and GTK 4.8's "failed to scroll to given position" when a focused row's
 * position went away as the rows were replaced. */
#pragma once

#include <gtk/gtk.h>
#include <string.h>

static int gui_test_bad_messages;

static GLogWriterOutput
gui_test_log_writer (GLogLevelFlags level, const GLogField *fields, gsize n_fields, gpointer data)
{
  if (level & (G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL))
    {
      const char *message = "";
      for (gsize i = 0; i < n_fields; i++)
        if (g_str_equal (fields[i].key, "MESSAGE"))
          message = fields[i].value;
      if (!strstr (message, "add_field") && !strstr (message, "failed to scroll to given position"))
        gui_test_bad_messages++;
    }
  return g_log_writer_default (level, fields, n_fields, data);
}

/* Call first in main(). */
static void
gui_test_init (int *argc, char ***argv)
{
  g_log_set_writer_func (gui_test_log_writer, NULL, NULL);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  gtk_test_init (argc, argv, NULL);
  /* Counted by the writer instead, so that the two known messages do not abort. */
  g_log_set_always_fatal (G_LOG_FATAL_MASK);
}

/* The exit status: failing when an unexpected warning or critical was logged. */
static int
gui_test_finish (int status)
{
  if (gui_test_bad_messages)
    g_printerr ("%d unexpected warnings or criticals\n", gui_test_bad_messages);
  return status ? status : (gui_test_bad_messages ? 1 : 0);
}
