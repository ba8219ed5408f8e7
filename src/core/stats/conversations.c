/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Conversations and endpoints (see conversations.h): the headers of one layer in each packet,
 * found by walking the packet's nodes in the order the dissectors added them. */
#include <string.h>
#include "conversations.h"
#include "field-format.h"
#include "session.h"

/* The fields read, looked up once. */
typedef struct {
  int eth_src, eth_dst;
  int ip_src, ip_dst;
  int ip6_src, ip6_dst;
  int tcp_sport, tcp_dport, tcp_stream;
  int udp_sport, udp_dport, udp_stream;
  int icmp, icmpv6;
  int frag_more, rt0_addr;
  int tcp, tcp_hdr_len, tcp_len;
} Ids;

static Ids ids;
static int
lookup (const char *name)
{
  const WlField *f = wl_field_lookup (name);
  return f ? f->id : -1;
}

static void roles_init (void);

static void
ids_init (void)
{
  static gsize done;
  if (g_once_init_enter (&done))
    {
      ids.eth_src = lookup ("eth.src");
      ids.eth_dst = lookup ("eth.dst");
      ids.ip_src = lookup ("ip.src");
      ids.ip_dst = lookup ("ip.dst");
      ids.ip6_src = lookup ("ipv6.src");
      ids.ip6_dst = lookup ("ipv6.dst");
      ids.tcp_sport = lookup ("tcp.srcport");
      ids.tcp_dport = lookup ("tcp.dstport");
      ids.tcp_stream = lookup ("tcp.stream");
      ids.udp_sport = lookup ("udp.srcport");
      ids.udp_dport = lookup ("udp.dstport");
      ids.udp_stream = lookup ("udp.stream");
      ids.icmp = lookup ("icmp");
      ids.icmpv6 = lookup ("icmpv6");
      ids.frag_more = lookup ("ipv6.fraghdr.more");
      ids.rt0_addr = lookup ("ipv6.routing.src.addr");
      ids.tcp = lookup ("tcp");
      ids.tcp_hdr_len = lookup ("tcp.hdr_len");
      ids.tcp_len = lookup ("tcp.len");
      roles_init ();
      g_once_init_leave (&done, 1);
    }
}

/* What a field is to the walk (walk_packet): one table lookup per node instead of a chain
 * of comparisons with the ids above. */
typedef enum {
  R_NONE, R_ETH_SRC, R_ETH_DST, R_IP_SRC, R_IP_DST, R_IP6_SRC, R_IP6_DST,
  R_TCP_SPORT, R_TCP_DPORT, R_TCP_STREAM, R_UDP_SPORT, R_UDP_DPORT, R_UDP_STREAM,
  R_ICMP, R_ICMPV6, R_FRAG_MORE, R_RT0_ADDR, R_TCP, R_TCP_HDR_LEN, R_TCP_LEN,
} Role;

#define ROLE_BIT(r) (1u << (r))
/* the nodes that end a TCP header being read, and those that end a pending IPv6 header */
#define ENDS_SEGMENT (ROLE_BIT (R_TCP) | ROLE_BIT (R_IP_SRC) | ROLE_BIT (R_IP6_SRC) | ROLE_BIT (R_UDP_SPORT) | \
                      ROLE_BIT (R_ICMP) | ROLE_BIT (R_ICMPV6))
#define ENDS_IPV6 (ROLE_BIT (R_ICMP) | ROLE_BIT (R_ICMPV6) | ROLE_BIT (R_IP_SRC) | ROLE_BIT (R_IP6_SRC) | \
                   ROLE_BIT (R_TCP_SPORT) | ROLE_BIT (R_UDP_SPORT))

static guint8 *roles; /* by field id */
static int n_roles;

static void
roles_init (void)
{
  n_roles = wl_field_count ();
  roles = g_new0 (guint8, MAX (n_roles, 1));
  const struct { int id; Role role; } map[] = {
    { ids.eth_src, R_ETH_SRC }, { ids.eth_dst, R_ETH_DST }, { ids.ip_src, R_IP_SRC }, { ids.ip_dst, R_IP_DST },
    { ids.ip6_src, R_IP6_SRC }, { ids.ip6_dst, R_IP6_DST }, { ids.tcp_sport, R_TCP_SPORT },
    { ids.tcp_dport, R_TCP_DPORT }, { ids.tcp_stream, R_TCP_STREAM }, { ids.udp_sport, R_UDP_SPORT },
    { ids.udp_dport, R_UDP_DPORT }, { ids.udp_stream, R_UDP_STREAM }, { ids.icmp, R_ICMP },
    { ids.icmpv6, R_ICMPV6 }, { ids.frag_more, R_FRAG_MORE }, { ids.rt0_addr, R_RT0_ADDR }, { ids.tcp, R_TCP },
    { ids.tcp_hdr_len, R_TCP_HDR_LEN }, { ids.tcp_len, R_TCP_LEN },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (map); i++)
    if (map[i].id >= 0 && map[i].id < n_roles)
      roles[map[i].id] = (guint8) map[i].role;
}

static inline Role
role_of (const WlNode *n)
{
  int id = n->field->id;
  return id >= 0 && id < n_roles ? (Role) roles[id] : R_NONE;
}

static const struct {
  const char *name, *title;
} type_names[WL_CONV_N_TYPES] = {
  [WL_CONV_ETH] = { "eth", "Ethernet" },
  [WL_CONV_IPV4] = { "ip", "IPv4" },
  [WL_CONV_IPV6] = { "ipv6", "IPv6" },
  [WL_CONV_TCP] = { "tcp", "TCP" },
  [WL_CONV_UDP] = { "udp", "UDP" },
};

gboolean
wl_conv_type_from_name (const char *name, WlConvType *type)
{
  for (int i = 0; i < WL_CONV_N_TYPES; i++)
    if (strcmp (name, type_names[i].name) == 0)
      {
        *type = (WlConvType) i;
        return TRUE;
      }
  return FALSE;
}

const char *
wl_conv_type_name (WlConvType type)
{
  return type < WL_CONV_N_TYPES ? type_names[type].name : "";
}

const char *
wl_conv_type_title (WlConvType type)
{
  return type < WL_CONV_N_TYPES ? type_names[type].title : "";
}

gboolean
wl_conv_type_has_ports (WlConvType type)
{
  return type == WL_CONV_TCP || type == WL_CONV_UDP;
}

void
wl_conv_table_add_wanted_for (WlConvType type, guint8 *wanted, gboolean with_stream)
{
  ids_init ();
  /* the walk stops at ICMP; IP tables read both IP versions so that it sees the headers in
   * the same places as with every field */
  int list[12] = { ids.icmp, ids.icmpv6, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1 };
  gsize n = 2;
  switch (type)
    {
    case WL_CONV_ETH:
      list[n++] = ids.eth_src;
      list[n++] = ids.eth_dst;
      break;
    case WL_CONV_IPV4:
    case WL_CONV_IPV6:
      list[n++] = ids.frag_more;
      /* fall through */
    case WL_CONV_TCP:
    case WL_CONV_UDP:
    default:
      list[n++] = ids.ip_src;
      list[n++] = ids.ip_dst;
      list[n++] = ids.ip6_src;
      list[n++] = ids.ip6_dst;
      list[n++] = ids.rt0_addr;
      break;
    }
  if (type == WL_CONV_TCP)
    {
      list[n++] = ids.tcp_sport;
      list[n++] = ids.tcp_dport;
      list[n++] = with_stream ? ids.tcp_stream : -1;
    }
  if (type == WL_CONV_TCP && !with_stream)
    {
      /* what wl_conv_table_track_tcp_streams reads instead */
      wl_field_set_add (wanted, ids.tcp);
      wl_field_set_add (wanted, ids.tcp_hdr_len);
      wl_field_set_add (wanted, ids.tcp_len);
    }
  else if (type == WL_CONV_UDP)
    {
      list[n++] = ids.udp_sport;
      list[n++] = ids.udp_dport;
      list[n++] = with_stream ? ids.udp_stream : -1;
    }
  for (gsize i = 0; i < n; i++)
    if (list[i] >= 0)
      wl_field_set_add (wanted, list[i]);
}

/* ---- Tables ---- */

/* An index of records by a hash of their key: open addressing, the hashes kept beside the
 * pointers (probes compare hashes first; growing needs no rehashing). Each kind of record has
 * its own find loop below. A conversation's hash does not depend on its orientation, so one
 * probe finds A -> B and B -> A. */
typedef struct {
  gpointer *items;
  guint32 *hashes;
  guint32 mask;             /* capacity - 1 (a power of two), or 0 before the first add */
  guint32 n;
} Index;

static void
index_clear (Index *ix)
{
  g_free (ix->items);
  g_free (ix->hashes);
  memset (ix, 0, sizeof *ix);
}

static void
index_put (gpointer *items, guint32 *hashes, guint32 mask, guint32 h, gpointer item)
{
  guint32 i = h & mask;
  while (items[i])
    i = (i + 1) & mask;
  items[i] = item;
  hashes[i] = h;
}

static void
index_add (Index *ix, guint32 h, gpointer item)
{
  if (!ix->items || (ix->n + 1) * 2 > ix->mask + 1)
    {
      guint32 cap = ix->items ? (ix->mask + 1) * 2 : 64;
      gpointer *items = g_new0 (gpointer, cap);
      guint32 *hashes = g_new (guint32, cap);
      for (guint32 i = 0; ix->items && i <= ix->mask; i++)
        if (ix->items[i])
          index_put (items, hashes, cap - 1, ix->hashes[i], ix->items[i]);
      g_free (ix->items);
      g_free (ix->hashes);
      ix->items = items;
      ix->hashes = hashes;
      ix->mask = cap - 1;
    }
  index_put (ix->items, ix->hashes, ix->mask, h, item);
  ix->n++;
}

struct WlConvTable {
  WlConvType type;
  GPtrArray *convs;      /* WlConversation*, in order of appearance */
  Index conv_index;
  GPtrArray *endpoints;  /* WlEndpoint* */
  Index ep_index;
  gboolean count_convs, count_eps;
  gboolean track_streams; /* tells TCP streams apart itself */
  Index tcp_streams;     /* TcpStream* (the index owns them), when it does */
  guint32 n_tcp_streams;
  guint32 cur_frame;     /* the frame being counted, and its records so far */
  guint32 cur_seq;
};

static void tcp_streams_clear (WlConvTable *t);

static guint64
endpoint_hash (const WlAddress *a, guint32 port)
{
  guint64 w[2];
  G_STATIC_ASSERT (sizeof w == sizeof a->data);
  memcpy (w, a->data, sizeof w);
  guint64 h = (w[0] ^ ((guint64) a->type << 56) ^ ((guint64) port << 24)) * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
  h = (h ^ (h >> 29) ^ w[1]) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  return h ^ (h >> 31);
}

static guint32
hash32 (guint64 h)
{
  h = (h ^ (h >> 33)) * G_GUINT64_CONSTANT (0xff51afd7ed558ccd);
  return (guint32) (h ^ (h >> 32));
}

static gboolean
address_equal (const WlAddress *a, const WlAddress *b)
{
  return a->type == b->type && memcmp (a->data, b->data, sizeof a->data) == 0;
}

/* The same for either orientation of the conversation. */
static guint32
conv_hash (const WlAddress *a, guint32 port_a, const WlAddress *b, guint32 port_b, guint32 conv_id)
{
  return hash32 (endpoint_hash (a, port_a) + endpoint_hash (b, port_b) + conv_id * G_GUINT64_CONSTANT (0xc2b2ae3d27d4eb4f));
}

/* The conversation src:sport - dst:dport of stream conv_id, in either orientation (*forward:
 * src is its A); NULL when none. */
static WlConversation *
conv_find (const Index *ix, guint32 h, const WlAddress *src, guint32 sport, const WlAddress *dst, guint32 dport,
           guint32 conv_id, gboolean *forward)
{
  if (!ix->items)
    return NULL;
  for (guint32 i = h & ix->mask; ix->items[i]; i = (i + 1) & ix->mask)
    {
      if (ix->hashes[i] != h)
        continue;
      WlConversation *c = ix->items[i];
      if (c->conv_id != conv_id)
        continue;
      if (c->port_a == sport && c->port_b == dport && address_equal (&c->a, src) && address_equal (&c->b, dst))
        {
          *forward = TRUE;
          return c;
        }
      if (c->port_a == dport && c->port_b == sport && address_equal (&c->a, dst) && address_equal (&c->b, src))
        {
          *forward = FALSE;
          return c;
        }
    }
  return NULL;
}

static guint32
ep_hash (const WlAddress *addr, guint32 port)
{
  return hash32 (endpoint_hash (addr, port));
}

static WlEndpoint *
ep_find (const Index *ix, guint32 h, const WlAddress *addr, guint32 port)
{
  if (!ix->items)
    return NULL;
  for (guint32 i = h & ix->mask; ix->items[i]; i = (i + 1) & ix->mask)
    {
      WlEndpoint *e = ix->items[i];
      if (ix->hashes[i] == h && e->port == port && address_equal (&e->addr, addr))
        return e;
    }
  return NULL;
}

WlConvTable *
wl_conv_table_new (WlConvType type)
{
  ids_init ();
  WlConvTable *t = g_new0 (WlConvTable, 1);
  t->type = type;
  t->convs = g_ptr_array_new_with_free_func (g_free);
  t->endpoints = g_ptr_array_new_with_free_func (g_free);
  t->count_convs = t->count_eps = TRUE;
  return t;
}

void
wl_conv_table_free (WlConvTable *t)
{
  if (!t)
    return;
  tcp_streams_clear (t);
  index_clear (&t->conv_index);
  g_ptr_array_unref (t->convs);
  index_clear (&t->ep_index);
  g_ptr_array_unref (t->endpoints);
  g_free (t);
}

WlConvType
wl_conv_table_type (const WlConvTable *t)
{
  return t->type;
}

void
wl_conv_table_set_counts (WlConvTable *t, gboolean conversations, gboolean endpoints)
{
  t->count_convs = conversations;
  t->count_eps = endpoints;
}

/* ---- TCP streams without TCP's state ----
 * tcp.stream is what tells two TCP conversations on the same ports apart, and the TCP
 * dissector's stream state costs more than the table. What decides the stream of a segment
 * (tcp-analysis.c's wl_tcp_first_pass) is little: a 4-tuple gets a stream when first seen; a
 * SYN whose sequence number is not the initial one of its direction starts a new stream; a
 * SYN/ACK's moves it; the first segment of a direction (its TCP length known) and the first
 * ACK of the other direction set them. Segments an ICMP error quotes count too. */

typedef struct {
  WlAddress a, b;            /* the lower endpoint first */
  guint32 port_a, port_b;
} TcpStreamKey;

typedef struct {
  TcpStreamKey key;
  guint32 id;
  guint32 base[2];           /* initial sequence number of each direction (0: from a) */
  gboolean base_set[2];
  WlConversation *conv;      /* its record, once counted */
} TcpStream;

static guint32
tcp_stream_hash (const TcpStreamKey *k)
{
  return hash32 (endpoint_hash (&k->a, k->port_a) * 31 + endpoint_hash (&k->b, k->port_b));
}

/* The slot of the stream of key k in the index, or -1. */
static gint64
tcp_stream_slot (const Index *ix, guint32 h, const TcpStreamKey *k)
{
  if (!ix->items)
    return -1;
  for (guint32 i = h & ix->mask; ix->items[i]; i = (i + 1) & ix->mask)
    {
      const TcpStream *st = ix->items[i];
      if (ix->hashes[i] == h && st->key.port_a == k->port_a && st->key.port_b == k->port_b &&
          address_equal (&st->key.a, &k->a) && address_equal (&st->key.b, &k->b))
        return i;
    }
  return -1;
}

static void
tcp_streams_clear (WlConvTable *t)
{
  for (guint32 i = 0; t->tcp_streams.items && i <= t->tcp_streams.mask; i++)
    g_free (t->tcp_streams.items[i]);
  index_clear (&t->tcp_streams);
}

void
wl_conv_table_track_tcp_streams (WlConvTable *t)
{
  t->track_streams = TRUE;
}

gboolean
wl_conv_table_tracks_tcp_streams (const WlConvTable *t)
{
  return t->track_streams;
}

typedef struct {
  WlAddress src, dst;
  guint32 sport, dport;
  gboolean have_sport, have_dport, have_hdr_len, have_len, in_error;
  const WlNode *proto;
} TcpSeg;

/* The stream a segment belongs to, as TCP's first pass decides it; NULL when TCP's first
 * pass does not see the segment (under 16 bytes). */
static TcpStream *
tcp_stream_of (WlConvTable *t, const WlPacket *p, const TcpSeg *g)
{
  if (!g->proto || !g->have_sport || !g->have_dport || !g->have_hdr_len)
    return NULL;
  const guint8 *data = p->data;
  guint32 len = p->caplen;
  if (g->proto->source > 0 && g->proto->source <= p->n_sources)
    {
      data = p->sources[g->proto->source - 1].data;
      len = p->sources[g->proto->source - 1].len;
    }
  WlView v = { data, len, len, 0, 0 };
  guint32 off = g->proto->offset;
  if (!wl_view_has (&v, off, 16))
    return NULL;
  guint32 seq = wl_view_ntohl (&v, off + 4), ack = wl_view_ntohl (&v, off + 8);
  guint32 flags = wl_view_ntohs (&v, off + 12);
  gboolean syn = (flags & 0x002) != 0, ackf = (flags & 0x010) != 0;

  TcpStreamKey key = { 0 };
  int c = memcmp (g->src.data, g->dst.data, sizeof g->src.data);
  gboolean swap = g->src.type > g->dst.type || (g->src.type == g->dst.type && (c > 0 || (c == 0 && g->sport > g->dport)));
  key.a = swap ? g->dst : g->src;
  key.b = swap ? g->src : g->dst;
  key.port_a = swap ? g->dport : g->sport;
  key.port_b = swap ? g->sport : g->dport;
  int dir = swap ? 1 : 0;
  guint32 h = tcp_stream_hash (&key);
  gint64 slot = tcp_stream_slot (&t->tcp_streams, h, &key);
  TcpStream *st = slot >= 0 ? t->tcp_streams.items[slot] : NULL;
  if (!st || (syn && !ackf && st->base_set[dir] && seq != st->base[dir]))
    {
      /* a new stream on the same ports takes the old one's place */
      TcpStream *ns = g_new0 (TcpStream, 1);
      ns->key = key;
      ns->id = t->n_tcp_streams++;
      if (st)
        {
          g_free (st);
          t->tcp_streams.items[slot] = ns;
        }
      else
        index_add (&t->tcp_streams, h, ns);
      st = ns;
    }
  if (syn && ackf && st->base_set[dir] && seq != st->base[dir])
    st->base[dir] = seq;
  if (!g->in_error && g->have_len)
    {
      if (!st->base_set[dir])
        {
          st->base[dir] = syn ? seq : seq - 1;
          st->base_set[dir] = TRUE;
        }
      if (!st->base_set[!dir] && ackf)
        {
          st->base[!dir] = ack - 1;
          st->base_set[!dir] = TRUE;
        }
    }
  return st;
}

/* The place of a new record in the capture: frame, then order within the frame. */
static guint64
next_seen (WlConvTable *t, const WlPacket *p)
{
  if (t->cur_frame != p->number)
    {
      t->cur_frame = p->number;
      t->cur_seq = 0;
    }
  guint32 seq = t->cur_seq++;
  return ((guint64) p->number << 16) | MIN (seq, 0xffffu);
}

/* tshark's rule: the stop time moves forward, or else the start time moves back. */
static void
conv_update_times (WlConversation *c, gint64 rel, gint64 abs_ns)
{
  if (rel > c->stop_ns)
    c->stop_ns = rel;
  else if (rel < c->start_ns)
    {
      c->start_ns = rel;
      c->start_abs_ns = abs_ns;
    }
}

static void
add_conversation (WlConvTable *t, const WlPacket *p, const WlAddress *src, const WlAddress *dst,
                  guint32 sport, guint32 dport, guint32 conv_id, TcpStream *stream)
{
  if (stream && stream->conv)
    {
      /* the first orientation that matches, as below */
      WlConversation *sc = stream->conv;
      gint64 rel = p->ts_ns - p->session->first_ts_ns;
      conv_update_times (sc, rel, p->ts_ns);
      if (sc->port_a == sport && sc->port_b == dport && address_equal (&sc->a, src) && address_equal (&sc->b, dst))
        {
          sc->frames_ab++;
          sc->bytes_ab += p->len;
        }
      else
        {
          sc->frames_ba++;
          sc->bytes_ba += p->len;
        }
      return;
    }
  gboolean forward = TRUE;
  guint32 h = conv_hash (src, sport, dst, dport, conv_id);
  WlConversation *c = conv_find (&t->conv_index, h, src, sport, dst, dport, conv_id, &forward);
  gint64 rel = p->ts_ns - p->session->first_ts_ns;
  if (!c)
    {
      /* A new conversation: A is this packet's source */
      c = g_new0 (WlConversation, 1);
      c->a = *src;
      c->b = *dst;
      c->port_a = sport;
      c->port_b = dport;
      c->conv_id = conv_id;
      c->start_ns = c->stop_ns = rel;
      c->start_abs_ns = p->ts_ns;
      c->first_frame = p->number;
      c->first_seen = next_seen (t, p);
      c->index = t->convs->len;
      g_ptr_array_add (t->convs, c);
      index_add (&t->conv_index, h, c);
      forward = TRUE;
    }
  else
    conv_update_times (c, rel, p->ts_ns);
  if (stream)
    stream->conv = c;
  /* A conversation of an address with itself (loopback) counts every packet as A -> B, as
   * tshark does, since the first orientation tried matches. */
  if (forward)
    {
      c->frames_ab++;
      c->bytes_ab += p->len;
    }
  else
    {
      c->frames_ba++;
      c->bytes_ba += p->len;
    }
}

static void
add_endpoint (WlConvTable *t, const WlPacket *p, const WlAddress *addr, guint32 port, gboolean sender)
{
  guint32 h = ep_hash (addr, port);
  WlEndpoint *e = ep_find (&t->ep_index, h, addr, port);
  if (!e)
    {
      e = g_new0 (WlEndpoint, 1);
      e->addr = *addr;
      e->port = port;
      e->first_seen = next_seen (t, p);
      e->index = t->endpoints->len;
      g_ptr_array_add (t->endpoints, e);
      index_add (&t->ep_index, h, e);
    }
  if (sender)
    {
      e->tx_frames++;
      e->tx_bytes += p->len;
    }
  else
    {
      e->rx_frames++;
      e->rx_bytes += p->len;
    }
}

static void
add_tuple (WlConvTable *t, const WlPacket *p, const WlAddress *src, const WlAddress *dst,
           guint32 sport, guint32 dport, guint32 conv_id, TcpStream *stream)
{
  if (t->count_convs)
    add_conversation (t, p, src, dst, sport, dport, conv_id, stream);
  if (t->count_eps)
    {
      add_endpoint (t, p, src, sport, TRUE);
      add_endpoint (t, p, dst, dport, FALSE);
    }
}

static void
address_from_node (WlAddress *a, const WlNode *n, WlAddressType type)
{
  if (type == WL_ADDR_IPv4)
    {
      guint8 b[4] = { (guint8) (n->v.u >> 24), (guint8) (n->v.u >> 16), (guint8) (n->v.u >> 8), (guint8) n->v.u };
      wl_address_set (a, type, b);
    }
  else
    {
      guint32 need = type == WL_ADDR_ETHER ? 6 : 16;
      wl_address_set (a, type, n->v.b.p && n->v.b.len >= need ? n->v.b.p : NULL);
      if (!n->v.b.p || n->v.b.len < need)
        a->type = type;
    }
}

/* Walks the nodes in the order they were added: each header's address pair (and ports) make
 * one record; transport headers take the addresses of the network header before them (the
 * final destination of an IPv6 source route, as tshark's pinfo->dst). An IPv6 header counts
 * when its packet is over: tshark does not count the first fragments of an IPv6 packet, which
 * it cannot reassemble yet. The walk stops at an ICMP or ICMPv6 layer, whose quoted packet
 * tshark's taps do not count (a TCP table that tells streams apart reads on). One walk serves
 * the tables of every type: tables[type] or NULL. */
static void
walk_packet (WlConvTable *const tables[WL_CONV_N_TYPES], const WlPacket *p)
{
  WlConvTable *by_type[WL_CONV_N_TYPES]; /* the tables still counting */
  memcpy (by_type, tables, sizeof by_type);
  /* the TCP table, when it tells streams apart itself */
  WlConvTable *tt = by_type[WL_CONV_TCP] && by_type[WL_CONV_TCP]->track_streams ? by_type[WL_CONV_TCP] : NULL;
  WlAddress src = { 0 }, dst = { 0 };        /* the Ethernet header being read */
  gboolean have_src = FALSE, have_dst = FALSE;
  WlAddress net_src = { 0 }, net_dst = { 0 }; /* the last network header */
  gboolean have_net_src = FALSE;
  WlAddress ip6_src = { 0 }, ip6_dst = { 0 }; /* an IPv6 header not counted yet */
  gboolean ip6_pending = FALSE;
  guint32 sport = 0, dport = 0;
  gboolean have_sport = FALSE, have_dport = FALSE;
  TcpSeg seg = { 0 };          /* the TCP header being read, when the table tracks streams */
  gboolean seg_open = FALSE, in_error = FALSE;

  for (const WlNode *n = p->all_first;; n = n->next_in_frame)
    {
      if (n && !n->field)
        continue;
      Role role = n ? role_of (n) : R_NONE;
      if (seg_open && (!n || (ENDS_SEGMENT & ROLE_BIT (role))))
        {
          seg_open = FALSE;
          TcpStream *stream = tcp_stream_of (tt, p, &seg);
          if (stream && !seg.in_error)
            add_tuple (tt, p, &seg.src, &seg.dst, seg.sport, seg.dport, stream->id, stream);
        }
      /* The pending IPv6 header counts once the next header starts */
      if (ip6_pending && (!n || (ENDS_IPV6 & ROLE_BIT (role))))
        {
          ip6_pending = FALSE;
          if (by_type[WL_CONV_IPV6])
            add_tuple (by_type[WL_CONV_IPV6], p, &ip6_src, &ip6_dst, 0, 0, WL_CONV_ID_UNSET, NULL);
        }
      if (!n)
        break;
      if (role == R_NONE)
        continue;
      if (role == R_ICMP || role == R_ICMPV6)
        {
          /* the quoted headers count for TCP's streams only */
          if (!tt)
            break;
          in_error = TRUE;
          memset (by_type, 0, sizeof by_type);
          continue;
        }
      if (tt && (role == R_TCP || (seg_open && (role == R_TCP_SPORT || role == R_TCP_DPORT ||
                                                role == R_TCP_HDR_LEN || role == R_TCP_LEN))))
        {
          if (role == R_TCP)
            {
              memset (&seg, 0, sizeof seg);
              seg.proto = n;
              seg.src = net_src;
              seg.dst = net_dst;
              seg.in_error = in_error;
              seg_open = TRUE;
            }
          else if (role == R_TCP_SPORT)
            {
              seg.sport = (guint32) n->v.u;
              seg.have_sport = TRUE;
            }
          else if (role == R_TCP_DPORT)
            {
              seg.dport = (guint32) n->v.u;
              seg.have_dport = seg.have_sport;
            }
          else
            *(role == R_TCP_LEN ? &seg.have_len : &seg.have_hdr_len) = TRUE;
          continue;
        }
      switch (role)
        {
        case R_ETH_SRC:
        case R_ETH_DST:
          if (!by_type[WL_CONV_ETH])
            break;
          address_from_node (role == R_ETH_SRC ? &src : &dst, n, WL_ADDR_ETHER);
          *(role == R_ETH_SRC ? &have_src : &have_dst) = TRUE;
          if (have_src && have_dst)
            {
              add_tuple (by_type[WL_CONV_ETH], p, &src, &dst, 0, 0, WL_CONV_ID_UNSET, NULL);
              have_src = have_dst = FALSE;
            }
          break;
        case R_IP_SRC:
        case R_IP_DST:
        case R_IP6_SRC:
        case R_IP6_DST:
          {
            gboolean v6 = role == R_IP6_SRC || role == R_IP6_DST;
            gboolean is_src = role == R_IP_SRC || role == R_IP6_SRC;
            address_from_node (is_src ? &net_src : &net_dst, n, v6 ? WL_ADDR_IPv6 : WL_ADDR_IPv4);
            if (is_src)
              have_net_src = TRUE;
            else if (have_net_src)
              {
                have_net_src = FALSE;
                if (v6)
                  {
                    ip6_src = net_src;
                    ip6_dst = net_dst;
                    ip6_pending = TRUE;
                  }
                else if (by_type[WL_CONV_IPV4])
                  add_tuple (by_type[WL_CONV_IPV4], p, &net_src, &net_dst, 0, 0, WL_CONV_ID_UNSET, NULL);
              }
            break;
          }
        case R_FRAG_MORE:
          if (n->v.u)
            ip6_pending = FALSE;
          break;
        case R_RT0_ADDR:
          address_from_node (&net_dst, n, WL_ADDR_IPv6);
          break;
        case R_TCP_SPORT:
        case R_UDP_SPORT:
          sport = (guint32) n->v.u;
          have_sport = TRUE;
          have_dport = FALSE;
          break;
        case R_TCP_DPORT:
        case R_UDP_DPORT:
          dport = (guint32) n->v.u;
          have_dport = have_sport;
          break;
        case R_TCP_STREAM:
        case R_UDP_STREAM:
          {
            /* The stream index comes after the ports: the header is complete. */
            WlConvTable *t = by_type[role == R_TCP_STREAM ? WL_CONV_TCP : WL_CONV_UDP];
            if (have_sport && have_dport && t && t != tt)
              add_tuple (t, p, &net_src, &net_dst, sport, dport, (guint32) n->v.u, NULL);
            have_sport = have_dport = FALSE;
            break;
          }
        default:
          break;
        }
    }
}

void
wl_conv_table_add_packet (WlConvTable *t, const WlPacket *p)
{
  WlConvTable *by_type[WL_CONV_N_TYPES] = { 0 };
  by_type[t->type] = t;
  walk_packet (by_type, p);
}

void
wl_conv_tables_add_packet (WlConvTable *const *tables, guint n_tables, const WlPacket *p)
{
  WlConvTable *by_type[WL_CONV_N_TYPES] = { 0 };
  for (guint i = 0; i < n_tables; i++)
    {
      g_return_if_fail (!by_type[tables[i]->type]);
      by_type[tables[i]->type] = tables[i];
    }
  walk_packet (by_type, p);
}

static int
cmp_conv_seen (gconstpointer x, gconstpointer y)
{
  const WlConversation *a = *(WlConversation *const *) x, *b = *(WlConversation *const *) y;
  return a->first_seen < b->first_seen ? -1 : a->first_seen > b->first_seen;
}

static int
cmp_ep_seen (gconstpointer x, gconstpointer y)
{
  const WlEndpoint *a = *(WlEndpoint *const *) x, *b = *(WlEndpoint *const *) y;
  return a->first_seen < b->first_seen ? -1 : a->first_seen > b->first_seen;
}

/* Takes from (a record of a part) into t: as it is when new, else summed and freed. */
static void
merge_conversation (WlConvTable *t, WlConversation *from)
{
  WlConversation *c = NULL;
  gboolean forward = TRUE;
  /* a stream is one record: its frames are all in one part */
  guint32 h = conv_hash (&from->a, from->port_a, &from->b, from->port_b, from->conv_id);
  if (from->conv_id == WL_CONV_ID_UNSET)
    c = conv_find (&t->conv_index, h, &from->a, from->port_a, &from->b, from->port_b, from->conv_id, &forward);
  if (!c)
    {
      c = from;
      c->index = t->convs->len;
      if (c->conv_id != WL_CONV_ID_UNSET)
        {
          c->conv_id = c->index;
          h = conv_hash (&c->a, c->port_a, &c->b, c->port_b, c->conv_id);
        }
      g_ptr_array_add (t->convs, c);
      index_add (&t->conv_index, h, c);
      return;
    }
  c->frames_ab += forward ? from->frames_ab : from->frames_ba;
  c->bytes_ab += forward ? from->bytes_ab : from->bytes_ba;
  c->frames_ba += forward ? from->frames_ba : from->frames_ab;
  c->bytes_ba += forward ? from->bytes_ba : from->bytes_ab;
  /* what tshark's rule gives over all the packets: the earliest start, the latest stop */
  if (from->start_ns < c->start_ns)
    {
      c->start_ns = from->start_ns;
      c->start_abs_ns = from->start_abs_ns;
    }
  c->stop_ns = MAX (c->stop_ns, from->stop_ns);
  g_free (from);
}

/* The records of the parts' arrays, which now belong to the caller, in one array. */
static GPtrArray *
steal_records (WlConvTable *const *parts, guint n_parts, gboolean endpoints)
{
  guint n = 0;
  for (guint i = 0; i < n_parts; i++)
    n += (endpoints ? parts[i]->endpoints : parts[i]->convs)->len;
  GPtrArray *all = g_ptr_array_sized_new (n);
  for (guint i = 0; i < n_parts; i++)
    {
      index_clear (endpoints ? &parts[i]->ep_index : &parts[i]->conv_index);
      if (!endpoints)
        tcp_streams_clear (parts[i]); /* they point at the conversations */
      GPtrArray *from = endpoints ? parts[i]->endpoints : parts[i]->convs;
      gsize len = 0;
      gpointer *records = g_ptr_array_steal (from, &len);
      for (gsize j = 0; j < len; j++)
        g_ptr_array_add (all, records[j]);
      g_free (records);
    }
  return all;
}

void
wl_conv_table_merge (WlConvTable *into, WlConvTable **parts, guint n_parts)
{
  g_return_if_fail (into->convs->len == 0 && into->endpoints->len == 0);
  GPtrArray *all = steal_records (parts, n_parts, FALSE);
  g_ptr_array_sort (all, cmp_conv_seen);
  for (guint i = 0; i < all->len; i++)
    merge_conversation (into, g_ptr_array_index (all, i));
  g_ptr_array_unref (all);

  all = steal_records (parts, n_parts, TRUE);
  g_ptr_array_sort (all, cmp_ep_seen);
  for (guint i = 0; i < all->len; i++)
    {
      WlEndpoint *from = g_ptr_array_index (all, i);
      guint32 h = ep_hash (&from->addr, from->port);
      WlEndpoint *e = ep_find (&into->ep_index, h, &from->addr, from->port);
      if (!e)
        {
          from->index = into->endpoints->len;
          g_ptr_array_add (into->endpoints, from);
          index_add (&into->ep_index, h, from);
          continue;
        }
      e->tx_frames += from->tx_frames;
      e->tx_bytes += from->tx_bytes;
      e->rx_frames += from->rx_frames;
      e->rx_bytes += from->rx_bytes;
      g_free (from);
    }
  g_ptr_array_unref (all);
}

guint
wl_conv_table_n_conversations (const WlConvTable *t)
{
  return t->convs->len;
}

const WlConversation *
wl_conv_table_conversation (const WlConvTable *t, guint i)
{
  return i < t->convs->len ? g_ptr_array_index (t->convs, i) : NULL;
}

guint
wl_conv_table_n_endpoints (const WlConvTable *t)
{
  return t->endpoints->len;
}

const WlEndpoint *
wl_conv_table_endpoint (const WlConvTable *t, guint i)
{
  return i < t->endpoints->len ? g_ptr_array_index (t->endpoints, i) : NULL;
}

static int
cmp_conv (gconstpointer x, gconstpointer y)
{
  const WlConversation *a = *(WlConversation *const *) x, *b = *(WlConversation *const *) y;
  guint64 ta = a->frames_ab + a->frames_ba, tb = b->frames_ab + b->frames_ba;
  if (ta != tb)
    return ta > tb ? -1 : 1;
  return a->index < b->index ? -1 : a->index > b->index;
}

static int
cmp_ep (gconstpointer x, gconstpointer y)
{
  const WlEndpoint *a = *(WlEndpoint *const *) x, *b = *(WlEndpoint *const *) y;
  guint64 ta = a->tx_frames + a->rx_frames, tb = b->tx_frames + b->rx_frames;
  if (ta != tb)
    return ta > tb ? -1 : 1;
  return a->index < b->index ? -1 : a->index > b->index;
}

GPtrArray *
wl_conv_table_sorted_conversations (const WlConvTable *t)
{
  GPtrArray *a = g_ptr_array_sized_new (t->convs->len);
  for (guint i = 0; i < t->convs->len; i++)
    g_ptr_array_add (a, g_ptr_array_index (t->convs, i));
  g_ptr_array_sort (a, cmp_conv);
  return a;
}

GPtrArray *
wl_conv_table_sorted_endpoints (const WlConvTable *t)
{
  GPtrArray *a = g_ptr_array_sized_new (t->endpoints->len);
  for (guint i = 0; i < t->endpoints->len; i++)
    g_ptr_array_add (a, g_ptr_array_index (t->endpoints, i));
  g_ptr_array_sort (a, cmp_ep);
  return a;
}

void
wl_conv_format_address (const WlAddress *a, GString *out)
{
  wl_col_format_address (a, out);
}

double
wl_conv_ns_to_sec (gint64 ns)
{
  gint64 secs = ns / 1000000000;
  gint64 nsecs = ns % 1000000000;
  return (double) secs + (double) nsecs / 1000000000.0;
}

/* ---- Filters ---- */

static const char *
addr_field (WlConvType type, const WlAddress *a, const char *which)
{
  gboolean v6 = a->type == WL_ADDR_IPv6;
  switch (type)
    {
    case WL_CONV_ETH:
      return strcmp (which, "any") == 0 ? "eth.addr" : strcmp (which, "src") == 0 ? "eth.src" : "eth.dst";
    default:
      if (strcmp (which, "any") == 0)
        return v6 ? "ipv6.addr" : "ip.addr";
      if (strcmp (which, "src") == 0)
        return v6 ? "ipv6.src" : "ip.src";
      return v6 ? "ipv6.dst" : "ip.dst";
    }
}

static const char *
port_field (WlConvType type, const char *which)
{
  gboolean tcp = type == WL_CONV_TCP;
  if (strcmp (which, "any") == 0)
    return tcp ? "tcp.port" : "udp.port";
  if (strcmp (which, "src") == 0)
    return tcp ? "tcp.srcport" : "udp.srcport";
  return tcp ? "tcp.dstport" : "udp.dstport";
}

/* "field==addr" and, for TCP and UDP, " && port==n" */
static void
append_side (GString *s, WlConvType type, const WlAddress *a, guint32 port, const char *which)
{
  g_string_append_printf (s, "%s==", addr_field (type, a, which));
  wl_conv_format_address (a, s);
  if (wl_conv_type_has_ports (type))
    g_string_append_printf (s, " && %s==%u", port_field (type, which), port);
}

char *
wl_conversation_filter (WlConvType type, const WlConversation *c, WlConvDirection dir)
{
  GString *s = g_string_new (NULL);
  switch (dir)
    {
    case WL_CONV_DIR_A_TO_FROM_B:
      append_side (s, type, &c->a, c->port_a, "any");
      g_string_append (s, " && ");
      append_side (s, type, &c->b, c->port_b, "any");
      break;
    case WL_CONV_DIR_A_TO_B:
      append_side (s, type, &c->a, c->port_a, "src");
      g_string_append (s, " && ");
      append_side (s, type, &c->b, c->port_b, "dst");
      break;
    case WL_CONV_DIR_A_FROM_B:
      append_side (s, type, &c->a, c->port_a, "dst");
      g_string_append (s, " && ");
      append_side (s, type, &c->b, c->port_b, "src");
      break;
    case WL_CONV_DIR_A_TO_FROM_ANY:
      append_side (s, type, &c->a, c->port_a, "any");
      break;
    case WL_CONV_DIR_A_TO_ANY:
      append_side (s, type, &c->a, c->port_a, "src");
      break;
    case WL_CONV_DIR_A_FROM_ANY:
      append_side (s, type, &c->a, c->port_a, "dst");
      break;
    case WL_CONV_DIR_ANY_TO_FROM_B:
      append_side (s, type, &c->b, c->port_b, "any");
      break;
    case WL_CONV_DIR_ANY_TO_B:
      append_side (s, type, &c->b, c->port_b, "dst");
      break;
    case WL_CONV_DIR_ANY_FROM_B:
      append_side (s, type, &c->b, c->port_b, "src");
      break;
    }
  return g_string_free (s, FALSE);
}

char *
wl_endpoint_filter (WlConvType type, const WlEndpoint *e)
{
  GString *s = g_string_new (NULL);
  append_side (s, type, &e->addr, e->port, "any");
  return g_string_free (s, FALSE);
}
