/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Live capture from the CLI: not written yet (the capture helper lands with issue 5). */
#include <glib/gi18n.h>
#include "cli.h"

int
cli_list_interfaces (const CliOptions *o)
{
  fprintf (stderr, "%s", _("wirelens-cli: live capture is not available in this build yet.\n"));
  return 1;
}

int
cli_capture (CliOptions *o)
{
  return cli_list_interfaces (o);
}
