/* SPDX-License-Identifier: GPL-2.0-or-later */
/* -T fields: one line per packet with the -e fields, as tshark prints them. */
#include <string.h>
#include <glib/gi18n.h>
#include "cli.h"

static const struct {
  const char *name;
  WlColumn col;
} column_fields[] = {
  { "_ws.col.No.", WL_COL_NUMBER },       { "_ws.col.Time", WL_COL_TIME },
  { "_ws.col.Source", WL_COL_SOURCE },    { "_ws.col.Destination", WL_COL_DESTINATION },
  { "_ws.col.Protocol", WL_COL_PROTOCOL }, { "_ws.col.Length", WL_COL_LENGTH },
  { "_ws.col.Info", WL_COL_INFO },
};

/* Column fields are encoded as ids below -1: -2 - column. */
#define COLUMN_ID(c) (-2 - (int) (c))

gboolean
cli_fields_resolve (CliOptions *o)
{
  gboolean ok = TRUE;
  g_autoptr (GString) bad = g_string_new (NULL);
  o->field_ids = g_new0 (int, o->fields->len + 1);
  for (guint i = 0; i < o->fields->len; i++)
    {
      const char *name = g_ptr_array_index (o->fields, i);
      o->field_ids[i] = -1;
      for (gsize c = 0; c < G_N_ELEMENTS (column_fields); c++)
        if (strcmp (name, column_fields[c].name) == 0)
          o->field_ids[i] = COLUMN_ID (column_fields[c].col);
      if (o->field_ids[i] != -1)
        continue;
      const WlField *f = wl_field_lookup (name);
      if (!f)
        {
          ok = FALSE;
          g_string_append_printf (bad, "\t%s\n", name);
          continue;
        }
      o->field_ids[i] = f->id;
    }
  if (!ok)
    fprintf (stderr, _("wirelens-cli: Some fields aren't valid:\n%s"), bad->str);
  return ok;
}

void
cli_print_fields_header (FILE *out, const CliOptions *o)
{
  for (guint i = 0; i < o->fields->len; i++)
    {
      if (i)
        fputc (o->separator, out);
      fputs (g_ptr_array_index (o->fields, i), out);
    }
  fputc ('\n', out);
}

static void
append_quoted (GString *line, const CliOptions *o, const char *s, gsize n)
{
  if (o->quote == 'd')
    g_string_append_c (line, '"');
  else if (o->quote == 's')
    g_string_append_c (line, '\'');
  g_string_append_len (line, s, (gssize) n);
  if (o->quote == 'd')
    g_string_append_c (line, '"');
  else if (o->quote == 's')
    g_string_append_c (line, '\'');
}

void
cli_print_fields (FILE *out, const CliOptions *o, const WlPacket *p)
{
  GString *line = g_string_sized_new (256);
  GString *val = g_string_sized_new (64);
  for (guint i = 0; i < o->fields->len; i++)
    {
      if (i)
        g_string_append_c (line, o->separator);
      int id = o->field_ids[i];
      if (id < -1)
        {
          g_string_truncate (val, 0);
          wl_packet_format_column (p, (WlColumn) (-2 - id), o->time_format, val);
          append_quoted (line, o, val->str, val->len);
          continue;
        }
      WlNode *last = NULL;
      gboolean any = FALSE;
      /* a name several fields share (IPv6's ip.version and IPv4's) takes the values of each */
      gboolean shared = wl_field_get (id) && wl_field_get (id)->same_name_next >= 0;
      for (WlNode *n = shared ? p->all_first : wl_packet_first (p, id); n;
           n = shared ? n->next_in_frame : wl_packet_next (n, id))
        {
          if (shared && !(n->field && strcmp (n->field->abbrev, wl_field_get (id)->abbrev) == 0))
            continue;
          if (o->occurrence == 'l')
            {
              last = n;
              continue;
            }
          g_string_truncate (val, 0);
          wl_node_format_value (n, val);
          if (any)
            g_string_append_c (line, o->aggregator);
          append_quoted (line, o, val->str, val->len);
          any = TRUE;
          if (o->occurrence == 'f')
            break;
        }
      if (last)
        {
          g_string_truncate (val, 0);
          wl_node_format_value (last, val);
          append_quoted (line, o, val->str, val->len);
        }
    }
  g_string_append_c (line, '\n');
  fwrite (line->str, 1, line->len, out);
  g_string_free (line, TRUE);
  g_string_free (val, TRUE);
}
