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
      /* a run of characters that need no escape goes in at once */
      gssize run = i;
      while (run < n && (guchar) s[run] >= 0x20 && (guchar) s[run] < 0x80 && s[run] != '"' && s[run] != '\\')
        run++;
      if (run > i)
        {
          g_string_append_len (out, s + i, run - i);
          i = run - 1;
          continue;
        }
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

/* The value as tshark's JSON shows it: like -T fields, but bytes colon-separated and strings
 * as they are. */
static void
json_value (const WlNode *n, GString *out)
{
  const WlField *f = n->field;
  if (f && (f->type == WL_FT_BYTES || (f->type == WL_FT_PROTOCOL && f->in_name_only)))
    {
      wl_append_hex (out, n->v.b.p, n->v.b.len, ':');
      return;
    }
  if (f && f->type == WL_FT_NONE)
    return;
  if (f && f->type == WL_FT_STRING)
    {
      /* tshark's JSON has the string itself, not -T fields' escaped form (json_string escapes) */
      g_string_append_len (out, (const char *) n->v.b.p, n->v.b.len);
      return;
    }
  wl_node_format_value (n, out);
}

/* A text item's label as tshark's JSON has it: its representation, without the brackets a
 * generated item gets when printed. */
static void
text_label (const WlNode *n, GString *out)
{
  gsize start = out->len;
  wl_node_format_label (n, out);
  if ((n->flags & WL_NODE_GENERATED) && out->len >= start + 2 && out->str[start] == '[' &&
      out->str[out->len - 1] == ']')
    {
      g_string_truncate (out, out->len - 1);
      g_string_erase (out, (gssize) start, 1);
    }
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
  /* tshark's JSON prints hidden items too (eth.addr, ip.src_host...) */
  GString *v = g_string_new (NULL);
  if (!*first)
    g_string_append (out, ",\n");
  *first = FALSE;
  indent (out, depth);
  if (!n->field)
    {
      /* A text-only node: its label is the key. */
      g_string_truncate (v, 0);
      text_label (n, v);
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
          /* tshark: the text is the key, and the value empty */
          json_string (out, v->str, (gssize) v->len);
          g_string_append (out, ": \"\"");
        }
    }
  else if ((n->field->type == WL_FT_PROTOCOL && !n->field->in_name_only) || n->field->type == WL_FT_NONE)
    {
      /* no value: the children are the member's object; without children, a protocol shows
       * its label and a label-only field "" */
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
        {
          g_string_append (out, ": ");
          if (n->field->type == WL_FT_PROTOCOL)
            text_label (n, v);
          json_string (out, v->str, (gssize) v->len);
        }
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

/* The index a packet goes to: its day in local time, as tshark names it. */
static void
index_name (const WlPacket *p, char *buf, gsize size)
{
  time_t t = (time_t) (p->ts_ns / 1000000000);
  struct tm tm;
  if (!localtime_r (&t, &tm) || !strftime (buf, size, "packets-%Y-%m-%d", &tm))
    g_strlcpy (buf, "packets-XXXX-XX-XX", size);
}

void
cli_print_json_begin (FILE *out)
{
  fputs ("[\n", out);
}

void
cli_append_json (GString *s, const CliOptions *o, const WlPacket *p, gboolean first)
{
  char idx[64];
  index_name (p, idx, sizeof idx);
  if (!first)
    g_string_append (s, ",\n");
  g_string_append_printf (s, "  {\n    \"_index\": \"%s\",\n    \"_type\": \"doc\",\n    \"_score\": null,\n"
                             "    \"_source\": {\n      \"layers\": {\n", idx);
  json_children (s, p->root_first, 4);
  g_string_append (s, "\n      }\n    }\n  }");
}

void
cli_print_json_end (FILE *out, gboolean any)
{
  fputs (any ? "\n]\n" : "]\n", out);
}

/* ---- ek ---- */

/* tshark's -T ek: each layer is an object whose members are the fields of its whole subtree,
 * flattened; a nested protocol (an ICMP error's IP header, an expert item) is an object of its
 * own in the place of its first occurrence. Nodes are grouped by their own name and the name of
 * the tree node above them, so eth.addr under eth.dst and eth.addr under eth.src are two members
 * of the same name, while the two ip.addr beside each other in ip are one array. A member is
 * named by the protocol the field belongs to and the field's name ("ip_ip_src"), a protocol by
 * its own name, a text-only item "text"; dots become underscores. Hidden items are printed. */

static gboolean
ek_is_object (const WlNode *n)
{
  return n->field && n->field->type == WL_FT_PROTOCOL && !n->field->in_name_only;
}

static const char *
ek_abbrev (const WlNode *n)
{
  return n->field ? n->field->abbrev : "text";
}

static void
ek_key (GString *out, const WlNode *n)
{
  GString *k = g_string_new (NULL);
  const WlField *f = n->field;
  if (f && f->type != WL_FT_PROTOCOL && !f->in_name_only)
    {
      const WlField *proto = wl_field_get (f->proto_id);
      if (proto)
        g_string_append_printf (k, "%s_", proto->abbrev);
    }
  g_string_append (k, ek_abbrev (n));
  for (gsize i = 0; i < k->len; i++)
    if (k->str[i] == '.')
      k->str[i] = '_';
  json_string (out, k->str, (gssize) k->len);
  g_string_free (k, TRUE);
}

static void ek_object (GString *out, const WlNode *parent);

static void
ek_value (const WlNode *n, GString *out)
{
  const WlField *f = n->field;
  GString *v = g_string_new (NULL);
  if (!f)
    {
      text_label (n, v);
      json_string (out, v->str, (gssize) v->len);
    }
  else if (ek_is_object (n))
    ek_object (out, n);
  else if (f->type == WL_FT_PROTOCOL)
    {
      /* A protocol registered in name only (a TCP option) is a byte field to tshark. */
      wl_append_hex (v, n->v.b.p, n->v.b.len, ':');
      json_string (out, v->str, (gssize) v->len);
    }
  else
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
          gint64 secs = n->v.i / 1000000000, ns = n->v.i % 1000000000;
          if (ns < 0)
            {
              ns += 1000000000;
              secs--;
            }
          time_t t = (time_t) secs;
          struct tm tm;
          char date[32];
          if (!gmtime_r (&t, &tm) || !strftime (date, sizeof date, "%Y-%m-%dT%H:%M:%S", &tm))
            date[0] = '\0';
          g_string_append_printf (out, "\"%s.%09" G_GINT64_FORMAT "Z\"", date, ns);
          break;
        }
      default:
        json_value (n, v);
        json_string (out, v->str, (gssize) v->len);
        break;
      }
  g_string_free (v, TRUE);
}

typedef struct {
  GPtrArray *order;    /* GPtrArray of nodes per member, in order of first occurrence */
  GHashTable *groups;  /* "parent-name_name" -> GPtrArray of nodes */
} EkMembers;

static void
ek_collect (const WlNode *parent, const WlNode *first, EkMembers *m)
{
  const char *pname = parent ? ek_abbrev (parent) : NULL;
  for (const WlNode *n = first; n; n = n->next)
    {
      char *key = pname ? g_strconcat (pname, "_", ek_abbrev (n), NULL) : g_strdup (ek_abbrev (n));
      GPtrArray *g = g_hash_table_lookup (m->groups, key);
      if (!g)
        {
          g = g_ptr_array_new ();
          g_hash_table_insert (m->groups, key, g);
          g_ptr_array_add (m->order, g);
        }
      else
        g_free (key);
      g_ptr_array_add (g, (gpointer) n);
      if (n->first_child && !ek_is_object (n))
        ek_collect (n, n->first_child, m);
    }
}

static void
ek_members (GString *out, const WlNode *parent, const WlNode *first)
{
  EkMembers m = { g_ptr_array_new (), g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                             (GDestroyNotify) g_ptr_array_unref) };
  ek_collect (parent, first, &m);
  for (guint i = 0; i < m.order->len; i++)
    {
      GPtrArray *g = g_ptr_array_index (m.order, i);
      if (i)
        g_string_append_c (out, ',');
      ek_key (out, g_ptr_array_index (g, 0));
      g_string_append_c (out, ':');
      if (g->len > 1)
        g_string_append_c (out, '[');
      for (guint j = 0; j < g->len; j++)
        {
          if (j)
            g_string_append_c (out, ',');
          ek_value (g_ptr_array_index (g, j), out);
        }
      if (g->len > 1)
        g_string_append_c (out, ']');
    }
  g_hash_table_destroy (m.groups);
  g_ptr_array_unref (m.order);
}

static void
ek_object (GString *out, const WlNode *parent)
{
  g_string_append_c (out, '{');
  ek_members (out, parent, parent->first_child);
  g_string_append_c (out, '}');
}

void
cli_append_ek (GString *s, const CliOptions *o, const WlPacket *p)
{
  char idx[64];
  index_name (p, idx, sizeof idx);
  g_string_append_printf (s, "{\"index\":{\"_index\":\"%s\",\"_type\":\"doc\"}}\n", idx);
  /* tshark: the seconds, then the milliseconds in three digits */
  gint64 secs = p->ts_ns / 1000000000, ns = p->ts_ns % 1000000000;
  if (ns < 0)
    {
      ns += 1000000000;
      secs--;
    }
  g_string_append_printf (s, "{\"timestamp\":\"%" G_GINT64_FORMAT "%03d\",\"layers\":{", secs,
                          (int) (ns / 1000000));
  ek_members (s, NULL, p->root_first);
  g_string_append (s, "}}\n");
}
