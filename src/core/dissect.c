/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The dissection engine's building blocks (see dissect.h): adding nodes, the columns, the
 * dissector tables and heuristic lists. */
#include <string.h>
#define WL_DISSECT_IMPLEMENTATION /* the functions themselves, not the fast-path macros */
#include "dissect.h"

/* ---- Nodes ---- */

static WlNode *
node_new (WlPacket *p, WlNode *parent, const WlField *f, const WlView *v, guint32 off, guint32 len)
{
  /* assigned whole: the compiler's stores instead of a memset call, 100 times a packet in -V */
  WlNode *n = wl_arena_alloc_uninit (p->arena, sizeof (WlNode));
  *n = (WlNode) { .field = f, .offset = (v ? v->base : 0) + off, .length = len, .source = v ? v->source : 0 };
  if ((p->full || p->stub) && parent)
    {
      n->parent = parent;
      if (parent->last_child)
        parent->last_child->next = n;
      else
        parent->first_child = n;
      parent->last_child = n;
    }
  else
    {
      if (p->root_last)
        p->root_last->next = n;
      else
        p->root_first = n;
      p->root_last = n;
    }
  if (p->all_last)
    p->all_last->next_in_frame = n;
  else
    p->all_first = n;
  p->all_last = n;
  p->n_nodes++;
  return n;
}

/* The length to record when len asks for the rest of the view. */
static guint32
clamp_len (const WlView *v, guint32 off, guint32 len)
{
  if (len == G_MAXUINT32)
    return v ? wl_view_remaining (v, off) : 0;
  return len;
}

WlNode *
wl_add_proto_node (WlPacket *p, WlNode *parent, const WlField *f, const WlView *v, guint32 off, guint32 len)
{
  len = clamp_len (v, off, len);
  WlNode *n = node_new (p, parent, f, v, off, len);
  guint32 have = v ? wl_view_remaining (v, off) : 0;
  n->v.b.p = v && off <= v->len ? v->data + off : NULL;
  n->v.b.len = MIN (len, have);
  return n;
}

static gboolean
check_range (WlPacket *p, const WlView *v, guint32 off, guint32 len)
{
  if (v && !wl_view_has (v, off, len))
    {
      p->is_truncated = TRUE;
      return FALSE;
    }
  return TRUE;
}

static inline guint64
read_uint (const WlView *v, guint32 off, guint32 len, int enc)
{
  const guint8 *d = v->data + off;
  if (enc != WL_ENC_LITTLE)
    switch (len) /* the usual big-endian sizes without the loop */
      {
      case 1: return d[0];
      case 2: return (guint64) ((d[0] << 8) | d[1]);
      case 4: return ((guint64) d[0] << 24) | ((guint64) d[1] << 16) | ((guint64) d[2] << 8) | d[3];
      default: break;
      }
  guint64 x = 0;
  for (guint32 i = 0; i < len && i < 8; i++)
    {
      guint8 b = v->data[off + (enc == WL_ENC_LITTLE ? len - 1 - i : i)];
      x = (x << 8) | b;
    }
  return x;
}

WlNode *
wl_add_item (WlPacket *p, WlNode *parent, int id, const WlView *v, guint32 off, guint32 len, int enc)
{
  const WlField *f = wl_field_get (id);
  if (!f)
    return NULL;
  len = clamp_len (v, off, len);
  if (!check_range (p, v, off, len))
    return NULL;
  if (!wl_wants (p, id))
    return p->stub;
  WlNode *n = node_new (p, parent, f, v, off, len);
  switch (f->type)
    {
    case WL_FT_BOOLEAN:
    case WL_FT_UINT8: case WL_FT_UINT16: case WL_FT_UINT24: case WL_FT_UINT32: case WL_FT_UINT64:
    case WL_FT_CHAR: case WL_FT_FRAMENUM:
      {
        guint64 x = read_uint (v, off, len, enc);
        if (f->bitmask)
          x = (x & f->bitmask) >> f->shift;
        n->v.u = x;
        break;
      }
    case WL_FT_INT8: case WL_FT_INT16: case WL_FT_INT24: case WL_FT_INT32: case WL_FT_INT64:
      {
        guint64 x = read_uint (v, off, len, enc);
        if (f->bitmask)
          x = (x & f->bitmask) >> f->shift;
        guint bits = len * 8;
        if (f->bitmask)
          bits = 64 - (guint) __builtin_clzll (f->bitmask) - f->shift;
        if (bits > 0 && bits < 64 && (x & (G_GUINT64_CONSTANT (1) << (bits - 1))))
          x |= ~G_GUINT64_CONSTANT (0) << bits;
        n->v.i = (gint64) x;
        break;
      }
    case WL_FT_IPv4:
      n->v.u = read_uint (v, off, MIN (len, 4), WL_ENC_BIG);
      break;
    case WL_FT_DOUBLE:
      {
        if (len == 8)
          {
            guint64 x = read_uint (v, off, 8, enc);
            memcpy (&n->v.d, &x, 8);
          }
        else if (len == 4)
          {
            guint32 x = (guint32) read_uint (v, off, 4, enc);
            float fl;
            memcpy (&fl, &x, 4);
            n->v.d = fl;
          }
        break;
      }
    case WL_FT_STRING:
      {
        /* A string stops at its first NUL, as Wireshark's ENC_ASCII strings do. */
        const guint8 *s = v->data + off;
        const guint8 *z = memchr (s, 0, len);
        n->v.b.p = s;
        n->v.b.len = z ? (guint32) (z - s) : len;
        break;
      }
    default:
      n->v.b.p = v ? v->data + off : NULL;
      n->v.b.len = len;
      break;
    }
  return n;
}

static WlNode *
add_value (WlPacket *p, WlNode *parent, int id, const WlView *v, guint32 off, guint32 len)
{
  const WlField *f = wl_field_get (id);
  if (!f)
    return NULL;
  if (!wl_wants (p, id))
    return p->stub;
  len = clamp_len (v, off, len);
  return node_new (p, parent, f, v, off, len);
}

WlNode *
wl_add_uint (WlPacket *p, WlNode *parent, int id, const WlView *v, guint32 off, guint32 len, guint64 value)
{
  WlNode *n = add_value (p, parent, id, v, off, len);
  if (n)
    n->v.u = value;
  return n;
}

WlNode *
wl_add_int (WlPacket *p, WlNode *parent, int id, const WlView *v, guint32 off, guint32 len, gint64 value)
{
  WlNode *n = add_value (p, parent, id, v, off, len);
  if (n)
    n->v.i = value;
  return n;
}

WlNode *
wl_add_double (WlPacket *p, WlNode *parent, int id, const WlView *v, guint32 off, guint32 len, double value)
{
  WlNode *n = add_value (p, parent, id, v, off, len);
  if (n)
    n->v.d = value;
  return n;
}

WlNode *
wl_add_time (WlPacket *p, WlNode *parent, int id, const WlView *v, guint32 off, guint32 len, gint64 ns)
{
  return wl_add_int (p, parent, id, v, off, len, ns);
}

WlNode *
wl_add_ipv4 (WlPacket *p, WlNode *parent, int id, const WlView *v, guint32 off, guint32 len, guint32 addr)
{
  return wl_add_uint (p, parent, id, v, off, len, addr);
}

WlNode *
wl_add_bytes_value (WlPacket *p, WlNode *parent, int id, const WlView *v, guint32 off, guint32 len,
                    const guint8 *bytes, guint32 n_bytes)
{
  WlNode *n = add_value (p, parent, id, v, off, len);
  if (n)
    {
      n->v.b.p = bytes;
      n->v.b.len = n_bytes;
    }
  return n;
}

WlNode *
wl_add_string_value (WlPacket *p, WlNode *parent, int id, const WlView *v, guint32 off, guint32 len,
                     const char *s, gssize n_s)
{
  WlNode *n = add_value (p, parent, id, v, off, len);
  if (n)
    {
      n->v.b.p = (const guint8 *) s;
      n->v.b.len = n_s < 0 ? (guint32) strlen (s) : (guint32) n_s;
    }
  return n;
}

WlNode *
wl_add_none (WlPacket *p, WlNode *parent, int id, const WlView *v, guint32 off, guint32 len)
{
  return add_value (p, parent, id, v, off, len);
}

WlNode *
wl_add_text_impl (WlPacket *p, WlNode *parent, const WlView *v, guint32 off, guint32 len, const char *fmt, ...)
{
  if (!p->full)
    return p->stub;
  WlNode *n = node_new (p, parent, NULL, v, off, clamp_len (v, off, len));
  if (!p->labels)
    return n;
  va_list ap;
  va_start (ap, fmt);
  n->label = wl_arena_vprintf (p->arena, fmt, ap);
  va_end (ap);
  return n;
}

void
wl_node_set_label_impl (WlPacket *p, WlNode *node, const char *fmt, ...)
{
  if (!node || !p->full)
    return;
  va_list ap;
  va_start (ap, fmt);
  node->label = wl_arena_vprintf (p->arena, fmt, ap);
  va_end (ap);
}

void
wl_node_append_label_impl (WlPacket *p, WlNode *node, const char *fmt, ...)
{
  if (!node || !p->full)
    return;
  if (!node->label)
    {
      /* Start from the generic label so that appending keeps it. */
      extern char *wl_node_label_dup (WlArena *a, const WlNode *n);
      node->label = wl_node_label_dup (p->arena, node);
    }
  va_list ap;
  va_start (ap, fmt);
  char *tail = wl_arena_vprintf (p->arena, fmt, ap);
  va_end (ap);
  node->label = wl_arena_printf (p->arena, "%s%s", node->label, tail);
}

void
wl_node_set_len (WlNode *node, guint32 len)
{
  if (!node)
    return;
  node->length = len;
  if (node->field && node->field->type == WL_FT_PROTOCOL && node->v.b.len > len)
    node->v.b.len = len;
}

WlNode *
wl_packet_first (const WlPacket *p, int id)
{
  for (WlNode *n = p->all_first; n; n = n->next_in_frame)
    if (n->field && n->field->id == id)
      return n;
  return NULL;
}

WlNode *
wl_packet_next (const WlNode *n, int id)
{
  for (n = n->next_in_frame; n; n = n->next_in_frame)
    if (n->field && n->field->id == id)
      return (WlNode *) n;
  return NULL;
}

/* ---- Columns ---- */

void
wl_col_set_protocol (WlPacket *p, const char *proto)
{
  if (p->cols_wanted)
    p->col_protocol = proto;
}

static void
info_truncate_to_fence (WlPacket *p)
{
  g_string_truncate (p->col_info, p->col_info_fenced ? p->col_info_fence : 0);
}

void
wl_col_set_info_impl (WlPacket *p, const char *fmt, ...)
{
  if (!p->cols_wanted)
    return;
  info_truncate_to_fence (p);
  va_list ap;
  va_start (ap, fmt);
  g_string_append_vprintf (p->col_info, fmt, ap);
  va_end (ap);
}

void
wl_col_append_info_impl (WlPacket *p, const char *fmt, ...)
{
  if (!p->cols_wanted)
    return;
  va_list ap;
  va_start (ap, fmt);
  g_string_append_vprintf (p->col_info, fmt, ap);
  va_end (ap);
}

void
wl_col_append_sep_info_impl (WlPacket *p, const char *sep, const char *fmt, ...)
{
  if (!p->cols_wanted)
    return;
  if (p->col_info->len > 0 && sep)
    g_string_append (p->col_info, sep);
  va_list ap;
  va_start (ap, fmt);
  g_string_append_vprintf (p->col_info, fmt, ap);
  va_end (ap);
}

void
wl_col_prepend_info_impl (WlPacket *p, const char *fmt, ...)
{
  if (!p->cols_wanted)
    return;
  va_list ap;
  va_start (ap, fmt);
  char *s = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  g_string_prepend (p->col_info, s);
  if (p->col_info_fenced)
    p->col_info_fence += (guint) strlen (s);
  g_free (s);
}

void
wl_col_clear_info (WlPacket *p)
{
  if (p->cols_wanted)
    info_truncate_to_fence (p);
}

void
wl_col_set_fence (WlPacket *p)
{
  if (!p->cols_wanted)
    return;
  p->col_info_fenced = TRUE;
  p->col_info_fence = (guint) p->col_info->len;
}

void
wl_col_format_address (const WlAddress *a, GString *out)
{
  extern void wl_format_ipv6 (const guint8 *a, GString *out);
  extern void wl_format_ether (const guint8 *a, GString *out);
  switch (a->type)
    {
    case WL_ADDR_ETHER:
      wl_format_ether (a->data, out);
      break;
    case WL_ADDR_IPv4:
      g_string_append_printf (out, "%u.%u.%u.%u", a->data[0], a->data[1], a->data[2], a->data[3]);
      break;
    case WL_ADDR_IPv6:
      wl_format_ipv6 (a->data, out);
      break;
    default:
      break;
    }
}

/* ---- Dissectors, tables, heuristics ---- */

struct WlDissector {
  const char *name;
  WlDissectFunc fn;
  int proto_id;
};

/* Keys below 65536 (ports, EtherTypes, IP protocol numbers) sit in 256-entry pages made on
 * first use, found with two loads; larger ones in a hash table. Filled while registering,
 * read by any thread afterwards. */
struct WlTable {
  const char *name;
  WlDissector **pages[256];
  GHashTable *entries; /* key >= 65536 -> WlDissector* */
};

typedef struct {
  WlDissectFunc fn;
  int proto_id;
} Heur;

static GHashTable *dissectors; /* name -> WlDissector* */
static GHashTable *tables;     /* name -> WlTable* */
static GHashTable *heur_lists; /* name -> GArray of Heur */

WlDissector *
wl_dissector_register (const char *name, WlDissectFunc fn, int proto_id)
{
  if (!dissectors)
    dissectors = g_hash_table_new (g_str_hash, g_str_equal);
  WlDissector *d = g_new0 (WlDissector, 1);
  d->name = name;
  d->fn = fn;
  d->proto_id = proto_id;
  g_hash_table_replace (dissectors, (gpointer) name, d);
  return d;
}

WlDissector *
wl_dissector_find (const char *name)
{
  return dissectors ? g_hash_table_lookup (dissectors, name) : NULL;
}

int
wl_dissector_proto (const WlDissector *d)
{
  return d ? d->proto_id : -1;
}

gboolean
wl_dissector_pruned (const WlPacket *p, const WlDissector *d)
{
  return p->pruned_protos && d && d->proto_id >= 0
         && (p->pruned_protos[d->proto_id >> 3] & (1u << (d->proto_id & 7)));
}

/* Runs fn as protocol proto_id's dissector (WlPacket.cur_proto). */
static inline guint32
call_as (WlDissectFunc fn, int proto_id, WlPacket *p, const WlView *v, WlNode *parent, gpointer data)
{
  int outer = p->cur_proto;
  if (proto_id >= 0)
    p->cur_proto = proto_id;
  guint32 r = fn (p, v, parent, data);
  p->cur_proto = outer;
  return r;
}

guint32
wl_dissector_call (WlDissector *d, WlPacket *p, const WlView *v, WlNode *parent, gpointer data)
{
  if (!d)
    return 0;
  if (G_UNLIKELY (p->pruned_protos) && wl_dissector_pruned (p, d))
    return v->len; /* nothing wanted there (WlDissectOptions.prune) */
  return call_as (d->fn, d->proto_id, p, v, parent, data);
}

WlTable *
wl_table_new (const char *name)
{
  if (!tables)
    tables = g_hash_table_new (g_str_hash, g_str_equal);
  WlTable *t = g_hash_table_lookup (tables, name);
  if (t)
    return t;
  t = g_new0 (WlTable, 1);
  t->name = name;
  t->entries = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_hash_table_insert (tables, (gpointer) name, t);
  return t;
}

WlTable *
wl_table_find (const char *name)
{
  /* A table is created by whichever side registers first, so lookups never fail. */
  return wl_table_new (name);
}

void
wl_table_add (WlTable *t, guint32 key, WlDissector *d)
{
  if (!t || !d)
    return;
  if (key >= 65536)
    {
      g_hash_table_replace (t->entries, GUINT_TO_POINTER (key), d);
      return;
    }
  if (!t->pages[key >> 8])
    t->pages[key >> 8] = g_new0 (WlDissector *, 256);
  t->pages[key >> 8][key & 0xff] = d;
}

static inline WlDissector *
table_find (WlTable *t, guint32 key)
{
  if (!t)
    return NULL;
  if (key < 65536)
    return t->pages[key >> 8] ? t->pages[key >> 8][key & 0xff] : NULL;
  return g_hash_table_lookup (t->entries, GUINT_TO_POINTER (key));
}

WlDissector *
wl_table_lookup (WlTable *t, guint32 key)
{
  return table_find (t, key);
}

guint32
wl_table_try (WlTable *t, guint32 key, WlPacket *p, const WlView *v, WlNode *parent, gpointer data, gboolean *found)
{
  WlDissector *d = table_find (t, key);
  if (found)
    *found = d != NULL;
  if (!d)
    return 0;
  if (G_UNLIKELY (p->pruned_protos) && d->proto_id >= 0
      && (p->pruned_protos[d->proto_id >> 3] & (1u << (d->proto_id & 7))))
    return v->len; /* nothing wanted there (WlDissectOptions.prune) */
  return call_as (d->fn, d->proto_id, p, v, parent, data);
}

void
wl_heur_add (const char *list, WlDissectFunc fn, int proto_id)
{
  if (!heur_lists)
    heur_lists = g_hash_table_new (g_str_hash, g_str_equal);
  GArray *a = g_hash_table_lookup (heur_lists, list);
  if (!a)
    {
      a = g_array_new (FALSE, FALSE, sizeof (Heur));
      g_hash_table_insert (heur_lists, (gpointer) list, a);
    }
  Heur h = { fn, proto_id };
  g_array_append_val (a, h);
}

guint32
wl_heur_try (const char *list, WlPacket *p, const WlView *v, WlNode *parent, gpointer data, gboolean *found)
{
  GArray *a = heur_lists ? g_hash_table_lookup (heur_lists, list) : NULL;
  if (found)
    *found = FALSE;
  for (guint i = 0; a && i < a->len; i++)
    {
      Heur *h = &g_array_index (a, Heur, i);
      /* A heuristic that declines must leave no trace: remember what to roll back. */
      guint n_layers = p->n_layers;
      WlNode *root_last = p->root_last, *all_last = p->all_last;
      WlNode *parent_last = parent ? parent->last_child : NULL;
      guint32 r = call_as (h->fn, h->proto_id, p, v, parent, data);
      if (r > 0)
        {
          if (found)
            *found = TRUE;
          return r;
        }
      p->n_layers = n_layers;
      p->root_last = root_last;
      if (!root_last)
        p->root_first = NULL;
      if (!all_last)
        p->all_first = NULL;
      if (root_last)
        root_last->next = NULL;
      p->all_last = all_last;
      if (all_last)
        all_last->next_in_frame = NULL;
      if (parent)
        {
          parent->last_child = parent_last;
          if (parent_last)
            parent_last->next = NULL;
          else
            parent->first_child = NULL;
        }
    }
  return 0;
}

/* ---- Sources ---- */

WlView
wl_packet_add_source (WlPacket *p, const guint8 *data, guint32 len, const char *name)
{
  WlView v = { data, len, len, 0, 0 };
  if (p->n_sources < WL_MAX_SOURCES)
    {
      p->sources[p->n_sources] = (WlSource) { data, len, name };
      v.source = (guint8) (++p->n_sources);
    }
  return v;
}

void
wl_packet_set_malformed (WlPacket *p, int proto_id, const WlView *v, guint32 off)
{
  /* The marker itself is added when the packet is finished (session.c), as tshark does after
   * the exception: a tree item and an Info suffix, but no frame.protocols entry. */
  if (!p->is_malformed)
    p->malformed_proto = proto_id;
  p->is_malformed = TRUE;
}
