/* SPDX-License-Identifier: GPL-2.0-or-later */
/* -z services: the servers seen answering, one table per host, in nmap's port-line layout. */
#include <string.h>
#include <glib/gi18n.h>
#include "cli.h"
#include "services.h"

gboolean
cli_services_take (CliOptions *o, guint8 *wanted)
{
  gboolean found = FALSE;
  for (guint i = 0; i < o->stats->len;)
    if (strcmp (g_ptr_array_index (o->stats, i), "services") == 0)
      {
        g_ptr_array_remove_index (o->stats, i);
        found = TRUE;
      }
    else
      i++;
  if (found)
    wl_services_add_wanted (wanted);
  return found;
}

void
cli_services_print (WlServices *s, FILE *out)
{
  g_autoptr (GPtrArray) list = wl_services_list (s);
  fputs ("===================================================================\n", out);
  fprintf (out, "%s\n", _("Services seen answering (passive; protocol from content)"));
  const char *host = NULL;
  for (guint i = 0; i < list->len; i++)
    {
      const WlService *sv = g_ptr_array_index (list, i);
      if (!host || strcmp (host, sv->address) != 0)
        {
          host = sv->address;
          fprintf (out, "\n%s %s\n", _("Host"), host);
          fprintf (out, "%-10s %-6s %-12s %s\n", _("PORT"), _("STATE"), _("SERVICE"), _("VERSION"));
        }
      char port[16];
      snprintf (port, sizeof port, "%u/%s", sv->port, sv->ipproto == 6 ? "tcp" : "udp");
      GString *ver = g_string_new (sv->version ? sv->version : "");
      if (sv->extra)
        g_string_append_printf (ver, "%s%s", ver->len ? "; " : "", sv->extra);
      fprintf (out, "%-10s %-6s %-12s %s\n", port, "open", sv->service, ver->str);
      g_string_free (ver, TRUE);
    }
  if (list->len == 0)
    fprintf (out, "%s\n", _("No server was seen answering."));
  fputs ("===================================================================\n", out);
}
