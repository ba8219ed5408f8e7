/* SPDX-License-Identifier: GPL-2.0-or-later */
/* -T json (tshark's nested layers) and -T ek (newline-delimited JSON for Elasticsearch and
 * OpenSearch bulk loading). */
#include <string.h>
#include <time.h>
#include "cli.h"

static void
json_string (GString *out, const char *s, gssize n)
{
  if (n < 0)
    n = (gssize) strlen (s);
  g_string_append_c (out, '"');
  for (gssize i = 0; i < n; i++)
    {
      guchar c = (guchar) s[i];
      if (c >= 0x80)
        {
          /* JSON is UTF-8: keep valid sequences, replace the rest with U+FFFD. */
          gssize len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
          if (i + len <= n && g_utf8_validate (s + i, len, NULL))
            {
              g_string_append_len (out, s + i, len);
              i += len - 1;
            }
          else
            g_string_append (out, "\xef\xbf\xbd");
          continue;
        }
      switch (c)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char) c);
        }
    }
  g_string_append_c (out, '"');
}

/* The value as tshark's JSON shows it: like -T fields, but bytes colon-separated. */
static void
json_value (const WlNode *n, GString *out)
{
  const WlField *f = n->field;
  if (f && (f->type == WL_FT_BYTES))
    {
      for (guint32 i = 0; i < n->v.b.len; i++)
        g_string_append_printf (out, "%s%02x", i ? ":" : "", n->v.b.p[i]);
      return;
    }
  if (f && f->type == WL_FT_NONE)
    return;
  wl_node_format_value (n, out);
}

static void
indent (GString *out, int depth)
{
  for (int i = 0; i < depth; i++)
    g_string_append (out, "  ");
}

static void json_children (GString *out, const WlNode *first, int depth);

static void
json_node (GString *out, const WlNode *n, int depth, gboolean *first)
{
  if (n->flags & WL_NODE_HIDDEN)
    return;
  GString *v = g_string_new (NULL);
  if (!*first)
    g_string_append (out, ",\n");
  *first = FALSE;
  indent (out, depth);
  if (!n->field)
    {
      /* A text-only node: its label is the key when it has children. */
      g_string_truncate (v, 0);
      wl_node_format_label (n, v);
      if (n->first_child)
        {
          json_string (out, v->str, (gssize) v->len);
          g_string_append (out, ": {\n");
          json_children (out, n->first_child, depth + 1);
          g_string_append_c (out, '\n');
          indent (out, depth);
          g_string_append_c (out, '}');
        }
      else
        {
          g_string_append (out, "\"text\": ");
          json_string (out, v->str, (gssize) v->len);
        }
    }
  else if (n->field->type == WL_FT_PROTOCOL)
    {
      json_string (out, n->field->abbrev, -1);
      if (n->first_child)
        {
          g_string_append (out, ": {\n");
          json_children (out, n->first_child, depth + 1);
          g_string_append_c (out, '\n');
          indent (out, depth);
          g_string_append_c (out, '}');
        }
      else
        g_string_append (out, ": \"\"");
    }
  else
    {
      json_string (out, n->field->abbrev, -1);
      g_string_append (out, ": ");
      json_value (n, v);
      json_string (out, v->str, (gssize) v->len);
      if (n->first_child)
        {
          g_string_append (out, ",\n");
          indent (out, depth);
          g_autofree char *key = g_strconcat (n->field->abbrev, "_tree", NULL);
          json_string (out, key, -1);
          g_string_append (out, ": {\n");
          json_children (out, n->first_child, depth + 1);
          g_string_append_c (out, '\n');
          indent (out, depth);
          g_string_append_c (out, '}');
        }
    }
  g_string_free (v, TRUE);
}

static void
json_children (GString *out, const WlNode *first, int depth)
{
  gboolean is_first = TRUE;
  for (const WlNode *n = first; n; n = n->next)
    json_node (out, n, depth, &is_first);
}

static void
index_name (const WlPacket *p, char *buf, gsize size)
{
  time_t t = (time_t) (p->ts_ns / 1000000000);
  struct tm tm;
  gmtime_r (&t, &tm);
  strftime (buf, size, "packets-%Y-%m-%d", &tm);
}

void
cli_print_json_begin (FILE *out)
{
  fputs ("[\n", out);
}

void
cli_print_json (FILE *out, const CliOptions *o, const WlPacket *p, gboolean first)
{
  GString *s = g_string_sized_new (4096);
  char idx[64];
  index_name (p, idx, sizeof idx);
  if (!first)
    g_string_append (s, ",\n");
  g_string_append_printf (s, "  {\n    \"_index\": \"%s\",\n    \"_type\": \"doc\",\n    \"_score\": null,\n"
                             "    \"_source\": {\n      \"layers\": {\n", idx);
  json_children (s, p->root_first, 4);
  g_string_append (s, "\n      }\n    }\n  }");
  fwrite (s->str, 1, s->len, out);
  g_string_free (s, TRUE);
}

void
cli_print_json_end (FILE *out, gboolean any)
{
  fputs (any ? "\n]\n" : "]\n", out);
}

/* ---- ek ---- */

static void
ek_key (GString *out, const char *proto, const char *abbrev)
{
  GString *k = g_string_new (NULL);
  g_string_append_printf (k, "%s_%s", proto, abbrev);
  for (gsize i = 0; i < k->len; i++)
    if (k->str[i] == '.')
      k->str[i] = '_';
  json_string (out, k->str, (gssize) k->len);
  g_string_free (k, TRUE);
}

static void
ek_value (const WlNode *n, GString *out)
{
  const WlField *f = n->field;
  GString *v = g_string_new (NULL);
  switch (f->type)
    {
    case WL_FT_BOOLEAN:
      g_string_append (out, n->v.u ? "true" : "false");
      break;
    case WL_FT_NONE:
      g_string_append (out, "null");
      break;
    case WL_FT_ABSOLUTE_TIME:
      {
        time_t t = (time_t) (n->v.i / 1000000000);
        struct tm tm;
        gmtime_r (&t, &tm);
        g_string_append_printf (out, "\"%04d-%02d-%02dT%02d:%02d:%02d.%09" G_GINT64_FORMAT "Z\"",
                                tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                                tm.tm_sec, n->v.i % 1000000000);
        break;
      }
    default:
      json_value (n, v);
      json_string (out, v->str, (gssize) v->len);
      break;
    }
  g_string_free (v, TRUE);
}

/* Collects the fields under a protocol, flattened, grouping repeated names into arrays. */
static void
ek_collect (const WlNode *first, GPtrArray *order, GHashTable *groups)
{
  for (const WlNode *n = first; n; n = n->next)
    {
      if (n->field && n->field->type != WL_FT_PROTOCOL)
        {
          GPtrArray *g = g_hash_table_lookup (groups, n->field->abbrev);
          if (!g)
            {
              g = g_ptr_array_new ();
              g_hash_table_insert (groups, (gpointer) n->field->abbrev, g);
              g_ptr_array_add (order, (gpointer) n->field->abbrev);
            }
          g_ptr_array_add (g, (gpointer) n);
        }
      if (n->first_child && !(n->field && n->field->type == WL_FT_PROTOCOL))
        ek_collect (n->first_child, order, groups);
    }
}

static void
ek_protocol (GString *out, const WlNode *proto)
{
  GPtrArray *order = g_ptr_array_new ();
  GHashTable *groups = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_ptr_array_unref);
  ek_collect (proto->first_child, order, groups);
  const char *pname = proto->field->abbrev;
  g_string_append_c (out, '{');
  for (guint i = 0; i < order->len; i++)
    {
      const char *name = g_ptr_array_index (order, i);
      GPtrArray *g = g_hash_table_lookup (groups, name);
      if (i)
        g_string_append_c (out, ',');
      ek_key (out, pname, name);
      g_string_append_c (out, ':');
      if (g->len == 1)
        ek_value (g_ptr_array_index (g, 0), out);
      else
        {
          g_string_append_c (out, '[');
          for (guint j = 0; j < g->len; j++)
            {
              if (j)
                g_string_append_c (out, ',');
              ek_value (g_ptr_array_index (g, j), out);
            }
          g_string_append_c (out, ']');
        }
    }
  g_string_append_c (out, '}');
  g_hash_table_destroy (groups);
  g_ptr_array_unref (order);
}

static void ek_protocols (GString *out, const WlNode *first, gboolean *any);

static void
ek_protocol_node (GString *out, const WlNode *n, gboolean *any)
{
  if (*any)
    g_string_append_c (out, ',');
  *any = TRUE;
  json_string (out, n->field->abbrev, -1);
  g_string_append_c (out, ':');
  ek_protocol (out, n);
  /* Protocols nested in another (an ICMP error's IP header) follow at the top level. */
  ek_protocols (out, n->first_child, any);
}

static void
ek_protocols (GString *out, const WlNode *first, gboolean *any)
{
  for (const WlNode *n = first; n; n = n->next)
    if (n->field && n->field->type == WL_FT_PROTOCOL)
      ek_protocol_node (out, n, any);
}

void
cli_print_ek (FILE *out, const CliOptions *o, const WlPacket *p)
{
  GString *s = g_string_sized_new (4096);
  char idx[64];
  index_name (p, idx, sizeof idx);
  g_string_append_printf (s, "{\"index\":{\"_index\":\"%s\",\"_type\":\"doc\"}}\n", idx);
  g_string_append_printf (s, "{\"timestamp\":\"%" G_GINT64_FORMAT "\",\"layers\":{", p->ts_ns / 1000000);
  gboolean any = FALSE;
  ek_protocols (s, p->root_first, &any);
  g_string_append (s, "}}\n");
  fwrite (s->str, 1, s->len, out);
  g_string_free (s, TRUE);
}
