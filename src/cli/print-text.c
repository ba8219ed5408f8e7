/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Text output: tshark's one-line summaries, the -V tree and the -x hex dump. */
#include <string.h>
#include "cli.h"

void
cli_print_summary (FILE *out, const CliOptions *o, const WlPacket *p)
{
  GString *c[WL_N_COLS];
  for (int i = 0; i < WL_N_COLS; i++)
    {
      c[i] = g_string_new (NULL);
      wl_packet_format_column (p, (WlColumn) i, o->time_format, c[i]);
    }
  fprintf (out, "%5s %10s %12s \xe2\x86\x92 %-12s %s %s %s\n", c[WL_COL_NUMBER]->str, c[WL_COL_TIME]->str,
           c[WL_COL_SOURCE]->str, c[WL_COL_DESTINATION]->str, c[WL_COL_PROTOCOL]->str,
           c[WL_COL_LENGTH]->str, c[WL_COL_INFO]->str);
  for (int i = 0; i < WL_N_COLS; i++)
    g_string_free (c[i], TRUE);
}

static const char spaces[] = "                                                                ";

/* Builds the whole tree of a packet in one buffer (one write per packet, no printf per line). */
static void
tree_text (const WlNode *n, int depth, GString *buf)
{
  for (; n; n = n->next)
    {
      if (n->flags & WL_NODE_HIDDEN)
        continue;
      int ind = MIN (depth * 4, (int) sizeof spaces - 1);
      /* room for the indentation and a label of most sizes, so that the appends stay in place */
      wl_string_reserve (buf, 512);
      memcpy (buf->str + buf->len, spaces, (gsize) ind); /* in the room just made */
      buf->len += (gsize) ind;
      buf->str[buf->len] = '\0';
      wl_node_format_label (n, buf);
      g_string_append_c (buf, '\n');
      if (n->first_child)
        tree_text (n->first_child, depth + 1, buf);
    }
}

void
cli_append_tree (GString *out, const WlPacket *p)
{
  tree_text (p->root_first, 0, out);
}

static void
hex_dump (GString *out, const guint8 *d, guint32 n)
{
  static const char digits[] = "0123456789abcdef";
  for (guint32 off = 0; off < n; off += 16)
    {
      /* "%04x  ", 16 times "%02x " or three spaces, two spaces, the printable bytes, '\n' */
      char line[100];
      int pos = 0;
      if (off > 0xffff)
        pos = g_snprintf (line, sizeof line, "%04x", off);
      else
        for (int sh = 12; sh >= 0; sh -= 4)
          line[pos++] = digits[(off >> sh) & 15];
      line[pos++] = ' ';
      line[pos++] = ' ';
      for (guint32 i = 0; i < 16; i++)
        {
          if (off + i < n)
            {
              line[pos++] = digits[d[off + i] >> 4];
              line[pos++] = digits[d[off + i] & 15];
            }
          else
            {
              line[pos++] = ' ';
              line[pos++] = ' ';
            }
          line[pos++] = ' ';
        }
      line[pos++] = ' ';
      line[pos++] = ' ';
      for (guint32 i = 0; i < 16 && off + i < n; i++)
        {
          guint8 ch = d[off + i];
          line[pos++] = (ch >= 0x20 && ch < 0x7f) ? (char) ch : '.';
        }
      line[pos++] = '\n';
      g_string_append_len (out, line, pos);
    }
}

void
cli_append_hex (GString *out, const WlPacket *p)
{
  /* With reassembled buffers, tshark names each dump, the frame's first. */
  if (p->n_sources)
    g_string_append_printf (out, "Frame (%u bytes):\n", p->caplen);
  hex_dump (out, p->data, p->caplen);
  for (guint i = 0; i < p->n_sources; i++)
    {
      g_string_append_printf (out, "%s (%u bytes):\n", p->sources[i].name ? p->sources[i].name : "Reassembled data",
                              p->sources[i].len);
      hex_dump (out, p->sources[i].data, p->sources[i].len);
    }
}
