/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The first rows of a list model reach their GtkListView in steps. GTK 4.8's list makes row
 * widgets for the first ~200 items it gets, on screen or not: a model hands 16 rows over,
 * then 24 at a time up to 256, then the rest at once, each step scheduled with
 * wl_row_step_schedule () below the redraw's priority, so that the window draws the rows
 * handed over before the next step, however long a step takes. The packet list and the
 * statistics tables follow this rule. */
#pragma once

#include <glib.h>

/* How many of total rows a model shows after its next step from old (total when done). */
static inline guint
wl_rows_after_step (guint old, guint total)
{
  guint step = old == 0 ? 16 : 24;
  return old < 256 ? MIN (total, old + step) : total;
}

/* Schedules fn (data) for the next step into *id, unless one is pending. */
static inline void
wl_row_step_schedule (guint *id, GSourceFunc fn, gpointer data)
{
  if (!*id)
    *id = g_timeout_add_full (G_PRIORITY_DEFAULT_IDLE, 20, fn, data, NULL);
}
