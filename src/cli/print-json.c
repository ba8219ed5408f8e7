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

/* Ends the JSON string whose opening quote is at out->str[at] and whose raw text follows it:
 * as json_string () would have written that text (most need no escape: they stay in place). */
static void
json_close (GString *out, gsize at)
{
  const guchar *r = (const guchar *) out->str + at + 1;
  gsize n = out->len - at - 1, i = 0;
  while (i < n && r[i] >= 0x20 && r[i] < 0x80 && r[i] != '"' && r[i] != '\\')
    i++;
  if (i == n)
    {
      g_string_append_c (out, '"');
      return;
    }
  char *raw = g_strndup ((const char *) r, n);
  g_string_truncate (out, at);
  json_string (out, raw, (gssize) n);
  g_free (raw);
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

/* Per field id, built once: the member name as JSON ("ip_ip_src", quoted) and the id of the
 * first field of the same name (nodes group by name, and two fields may share one). */
typedef struct {
  char **keys;
  guint16 *key_lens;
  int *canon;
  int n;
} EkTables;

static const EkTables *
ek_tables (void)
{
  static EkTables t;
  static gsize done;
  if (g_once_init_enter (&done))
    {
      t.n = wl_field_count ();
      t.keys = g_new0 (char *, t.n);
      t.key_lens = g_new0 (guint16, t.n);
      t.canon = g_new0 (int, t.n);
      GHashTable *first = g_hash_table_new (g_str_hash, g_str_equal);
      GString *k = g_string_new (NULL), *q = g_string_new (NULL);
      for (int id = 0; id < t.n; id++)
        {
          const WlField *f = wl_field_get (id);
          t.canon[id] = id;
          if (!f)
            continue;
          gpointer was = NULL;
          if (g_hash_table_lookup_extended (first, f->abbrev, NULL, &was))
            t.canon[id] = GPOINTER_TO_INT (was);
          else
            g_hash_table_insert (first, (gpointer) f->abbrev, GINT_TO_POINTER (id));
          g_string_truncate (k, 0);
          if (f->type != WL_FT_PROTOCOL && !f->in_name_only)
            {
              const WlField *proto = wl_field_get (f->proto_id);
              if (proto)
                g_string_append_printf (k, "%s_", proto->abbrev);
            }
          g_string_append (k, f->abbrev);
          for (gsize i = 0; i < k->len; i++)
            if (k->str[i] == '.')
              k->str[i] = '_';
          g_string_truncate (q, 0);
          json_string (q, k->str, (gssize) k->len);
          t.keys[id] = g_strndup (q->str, q->len);
          t.key_lens[id] = (guint16) MIN (q->len, G_MAXUINT16);
        }
      g_string_free (k, TRUE);
      g_string_free (q, TRUE);
      g_hash_table_destroy (first);
      g_once_init_leave (&done, 1);
    }
  return &t;
}

/* A node's name for grouping: 1 for a text item, 2 + the first id of its field's name. */
static guint32
ek_name (const EkTables *t, const WlNode *n)
{
  if (!n->field)
    return 1;
  int id = n->field->id;
  return 2 + (guint32) (id >= 0 && id < t->n ? t->canon[id] : id);
}

static void
ek_key (GString *out, const EkTables *t, const WlNode *n)
{
  int id = n->field ? n->field->id : -1;
  if (!n->field)
    wl_string_put (out, "\"text\"", 6);
  else if (id >= 0 && id < t->n && t->keys[id])
    wl_string_put (out, t->keys[id], t->key_lens[id]);
}

typedef struct {
  const EkTables *t;
  GArray *entries;  /* EkEntry: the nodes of the objects being printed, outer ones first */
  GArray *groups;   /* EkGroup, likewise */
  GArray *slots;    /* guint32: open addressing from name pair to group index + 1 */
  guint entries_cap; /* what entries has room for */
} Ek;

typedef struct {
  guint64 key;      /* parent's name << 32 | the node's name */
  const WlNode *node;
  guint32 next;     /* index of the group's next entry, 0 for none */
} EkEntry;

typedef struct {
  guint64 key;
  guint32 first, last, count;
} EkGroup;

static void ek_object (GString *out, Ek *ek, const WlNode *parent);

/* Whether json_value () of the field's values is always ASCII without quotes or backslashes
 * (numbers, addresses, hex), so that it needs no escaping. */
static gboolean
plain_value (const WlField *f)
{
  switch (f->type)
    {
    case WL_FT_UINT8: case WL_FT_UINT16: case WL_FT_UINT24: case WL_FT_UINT32: case WL_FT_UINT64:
    case WL_FT_INT8: case WL_FT_INT16: case WL_FT_INT24: case WL_FT_INT32: case WL_FT_INT64:
    case WL_FT_FRAMENUM: case WL_FT_CHAR: case WL_FT_ETHER: case WL_FT_IPv4: case WL_FT_IPv6:
    case WL_FT_BYTES: case WL_FT_BOOLEAN: case WL_FT_RELATIVE_TIME: case WL_FT_NONE:
      return TRUE;
    default:
      return FALSE;
    }
}

static void
ek_value (GString *out, Ek *ek, const WlNode *n)
{
  const WlField *f = n->field;
  gsize at = out->len;
  if (!f)
    {
      g_string_append_c (out, '"');
      text_label (n, out);
      json_close (out, at);
    }
  else if (ek_is_object (n))
    ek_object (out, ek, n);
  else if (f->type == WL_FT_PROTOCOL)
    {
      /* A protocol registered in name only (a TCP option) is a byte field to tshark. */
      g_string_append_c (out, '"');
      wl_append_hex (out, n->v.b.p, n->v.b.len, ':');
      g_string_append_c (out, '"');
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
        g_string_append_c (out, '"');
        json_value (n, out);
        if (plain_value (f))
          g_string_append_c (out, '"');
        else
          json_close (out, at);
        break;
      }
}

/* Appends the nodes from first on (and below them, but for nested objects) to ek->entries,
 * keyed by their name and their parent's. */
static void
ek_collect (Ek *ek, const WlNode *parent, const WlNode *first)
{
  guint64 pname = parent ? (guint64) ek_name (ek->t, parent) << 32 : 0;
  for (const WlNode *n = first; n; n = n->next)
    {
      guint len = ek->entries->len;
      if (len == ek->entries_cap)
        {
          ek->entries_cap *= 2;
          g_array_set_size (ek->entries, ek->entries_cap);
        }
      ek->entries->len = len + 1;
      EkEntry *e = &g_array_index (ek->entries, EkEntry, len);
      e->key = pname | ek_name (ek->t, n);
      e->node = n;
      e->next = 0;
      if (n->first_child && !ek_is_object (n))
        ek_collect (ek, n, n->first_child);
    }
}

static void
ek_members (GString *out, Ek *ek, const WlNode *parent, const WlNode *first)
{
  guint e0 = ek->entries->len, g0 = ek->groups->len, s0 = ek->slots->len;
  ek_collect (ek, parent, first);
  guint n = ek->entries->len - e0;
  guint size = 16;
  while (size < 2 * n)
    size *= 2;
  g_array_set_size (ek->slots, s0 + size);
  memset (&g_array_index (ek->slots, guint32, s0), 0, size * sizeof (guint32));
  for (guint i = e0; i < ek->entries->len; i++)
    {
      EkEntry *e = &g_array_index (ek->entries, EkEntry, i);
      guint h = (guint) ((e->key * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15)) >> 40) & (size - 1);
      guint32 *slot;
      for (;; h = (h + 1) & (size - 1))
        {
          slot = &g_array_index (ek->slots, guint32, s0 + h);
          if (!*slot || g_array_index (ek->groups, EkGroup, *slot - 1).key == e->key)
            break;
        }
      if (!*slot)
        {
          EkGroup g = { e->key, i, i, 1 };
          g_array_append_val (ek->groups, g);
          *slot = ek->groups->len;
        }
      else
        {
          EkGroup *g = &g_array_index (ek->groups, EkGroup, *slot - 1);
          g_array_index (ek->entries, EkEntry, g->last).next = i;
          g->last = i;
          g->count++;
        }
    }
  /* the member of each group, in order of first occurrence (nested objects push their own
   * entries and groups past these, and take them back) */
  guint g_end = ek->groups->len;
  for (guint gi = g0; gi < g_end; gi++)
    {
      EkGroup g = g_array_index (ek->groups, EkGroup, gi);
      wl_string_reserve (out, 1024);
      if (gi > g0)
        g_string_append_c (out, ',');
      ek_key (out, ek->t, g_array_index (ek->entries, EkEntry, g.first).node);
      g_string_append_c (out, ':');
      if (g.count > 1)
        g_string_append_c (out, '[');
      for (guint32 i = g.first, j = 0; j < g.count; j++)
        {
          if (j)
            g_string_append_c (out, ',');
          const WlNode *node = g_array_index (ek->entries, EkEntry, i).node;
          i = g_array_index (ek->entries, EkEntry, i).next;
          ek_value (out, ek, node);
        }
      if (g.count > 1)
        g_string_append_c (out, ']');
    }
  g_array_set_size (ek->entries, e0);
  g_array_set_size (ek->groups, g0);
  g_array_set_size (ek->slots, s0);
}

static void
ek_object (GString *out, Ek *ek, const WlNode *parent)
{
  g_string_append_c (out, '{');
  ek_members (out, ek, parent, parent->first_child);
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
  Ek ek = { ek_tables (), g_array_sized_new (FALSE, FALSE, sizeof (EkEntry), 256),
            g_array_sized_new (FALSE, FALSE, sizeof (EkGroup), 128), g_array_sized_new (FALSE, FALSE, sizeof (guint32), 512),
            256 };
  g_array_set_size (ek.entries, 256);
  ek.entries->len = 0;
  ek_members (s, &ek, NULL, p->root_first);
  g_array_unref (ek.entries);
  g_array_unref (ek.groups);
  g_array_unref (ek.slots);
  g_string_append (s, "}}\n");
}
