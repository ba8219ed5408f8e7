/* SPDX-License-Identifier: GPL-2.0-or-later */
/* -z statistics: not written yet (issue 8). */
#include <glib/gi18n.h>
#include "cli.h"

gboolean
cli_stats_init (CliOptions *o, guint8 *wanted, gboolean *needs_full_tree)
{
  fprintf (stderr, _("wirelens-cli: invalid -z argument \"%s\"\n"), (const char *) g_ptr_array_index (o->stats, 0));
  return FALSE;
}

void
cli_stats_packet (CliOptions *o, const WlPacket *p)
{
}

void
cli_stats_finish (CliOptions *o, FILE *out)
{
}
