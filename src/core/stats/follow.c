/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Follow stream (see follow.h). */
#include <string.h>
#include "follow.h"
#include "field-format.h"
#include "session.h"
#include "dissectors/tcp.h"
#include "dissectors/udp.h"

typedef struct {
  int tcp, tcp_sport, tcp_dport, tcp_stream, tcp_seq, tcp_ack, tcp_len, tcp_hdr_len, tcp_flags;
  int udp, udp_sport, udp_dport, udp_stream, udp_length;
  int ip_src, ip_dst, ip6_src, ip6_dst;
  int icmp, icmpv6;
  int rt0_addr;
} Ids;

static Ids ids;
/* The ids lookup() found, for the add_wanted function: one per member of Ids at most. */
static int found_ids[sizeof (Ids) / sizeof (int)];
static gsize n_found_ids;

static int
lookup (const char *name)
{
  const WlField *f = wl_field_lookup (name);
  if (!f)
    return -1;
  if (n_found_ids < G_N_ELEMENTS (found_ids))
    found_ids[n_found_ids++] = f->id;
  return f->id;
}

static void
ids_init (void)
{
  static gsize done;
  if (g_once_init_enter (&done))
    {
      ids.tcp = lookup ("tcp");
      ids.tcp_sport = lookup ("tcp.srcport");
      ids.tcp_dport = lookup ("tcp.dstport");
      ids.tcp_stream = lookup ("tcp.stream");
      ids.tcp_seq = lookup ("tcp.seq");
      ids.tcp_ack = lookup ("tcp.ack");
      ids.tcp_len = lookup ("tcp.len");
      ids.tcp_hdr_len = lookup ("tcp.hdr_len");
      ids.tcp_flags = lookup ("tcp.flags");
      ids.udp = lookup ("udp");
      ids.udp_sport = lookup ("udp.srcport");
      ids.udp_dport = lookup ("udp.dstport");
      ids.udp_stream = lookup ("udp.stream");
      ids.udp_length = lookup ("udp.length");
      ids.ip_src = lookup ("ip.src");
      ids.ip_dst = lookup ("ip.dst");
      ids.ip6_src = lookup ("ipv6.src");
      ids.ip6_dst = lookup ("ipv6.dst");
      ids.icmp = lookup ("icmp");
      ids.icmpv6 = lookup ("icmpv6");
      ids.rt0_addr = lookup ("ipv6.routing.src.addr");
      g_once_init_leave (&done, 1);
    }
}

void
wl_follow_add_wanted (WlFollowProto proto, guint8 *wanted)
{
  ids_init ();
  for (gsize i = 0; i < n_found_ids; i++)
    wl_field_set_add (wanted, found_ids[i]);
}

#define TH_SYN 0x002

/* Sequence comparisons with wrap-around, as TCP does them. */
#define LT_SEQ(a, b) ((gint32) ((a) - (b)) < 0)
#define GT_SEQ(a, b) ((gint32) ((b) - (a)) < 0)

struct WlFollow {
  WlFollowProto proto;
  guint32 stream;             /* G_MAXUINT32: by endpoints */
  guint32 match_stream;       /* the stream number taken (stream, or wl_follow_match_stream) */
  WlAddress ep_addr[2];
  guint32 ep_port[2];
  char *filter;

  gboolean have_client;
  WlAddress client, server;
  guint32 client_port, server_port;

  GPtrArray *chunks;          /* WlFollowChunk*, in output order */
  GList *pending[2];          /* out-of-order TCP chunks of each direction, in arrival order */
  guint32 next_seq[2];        /* next expected sequence number of each direction */
  guint64 bytes_written[2];
};

static void
chunk_free (gpointer data)
{
  WlFollowChunk *c = data;
  if (c)
    g_free (c->data);
  g_free (c);
}

static WlFollow *
follow_alloc (WlFollowProto proto)
{
  ids_init ();
  WlFollow *f = g_new0 (WlFollow, 1);
  f->proto = proto;
  f->chunks = g_ptr_array_new_with_free_func (chunk_free);
  return f;
}

WlFollow *
wl_follow_new (WlFollowProto proto, guint32 stream)
{
  WlFollow *f = follow_alloc (proto);
  f->stream = f->match_stream = stream;
  f->filter = g_strdup_printf ("%s.stream eq %u", proto == WL_FOLLOW_TCP ? "tcp" : "udp", stream);
  return f;
}

WlFollow *
wl_follow_new_for_endpoints (WlFollowProto proto, const WlAddress *a, guint32 port_a,
                             const WlAddress *b, guint32 port_b)
{
  WlFollow *f = follow_alloc (proto);
  f->stream = f->match_stream = G_MAXUINT32;
  f->ep_addr[0] = *a;
  f->ep_addr[1] = *b;
  f->ep_port[0] = port_a;
  f->ep_port[1] = port_b;
  /* tshark's filter text for an address pair */
  const char *v = a->type == WL_ADDR_IPv6 ? "v6" : "";
  const char *t = proto == WL_FOLLOW_TCP ? "tcp" : "udp";
  GString *sa = g_string_new (NULL), *sb = g_string_new (NULL);
  wl_col_format_address (a, sa);
  wl_col_format_address (b, sb);
  f->filter = g_strdup_printf ("((ip%s.src eq %s and %s.srcport eq %u) and (ip%s.dst eq %s and %s.dstport eq %u))"
                               " or "
                               "((ip%s.src eq %s and %s.srcport eq %u) and (ip%s.dst eq %s and %s.dstport eq %u))",
                               v, sa->str, t, port_a, v, sb->str, t, port_b,
                               v, sb->str, t, port_b, v, sa->str, t, port_a);
  g_string_free (sa, TRUE);
  g_string_free (sb, TRUE);
  return f;
}

void
wl_follow_free (WlFollow *f)
{
  if (!f)
    return;
  for (int i = 0; i < 2; i++)
    g_list_free_full (f->pending[i], chunk_free);
  g_ptr_array_unref (f->chunks);
  g_free (f->filter);
  g_free (f);
}

WlFollowProto
wl_follow_proto (const WlFollow *f)
{
  return f->proto;
}

guint32
wl_follow_stream (const WlFollow *f)
{
  return f->stream;
}

void
wl_follow_match_stream (WlFollow *f, guint32 local)
{
  if (f->stream != G_MAXUINT32)
    f->match_stream = local;
}

const char *
wl_follow_filter (const WlFollow *f)
{
  return f->filter;
}

gboolean
wl_follow_peers (const WlFollow *f, WlAddress *client, guint32 *client_port, WlAddress *server, guint32 *server_port)
{
  if (client)
    *client = f->client;
  if (client_port)
    *client_port = f->client_port;
  if (server)
    *server = f->server;
  if (server_port)
    *server_port = f->server_port;
  return f->have_client;
}

guint
wl_follow_n_chunks (const WlFollow *f)
{
  return f->chunks->len;
}

const WlFollowChunk *
wl_follow_chunk (const WlFollow *f, guint i)
{
  return i < f->chunks->len ? g_ptr_array_index (f->chunks, i) : NULL;
}

guint64
wl_follow_bytes (const WlFollow *f, gboolean from_server)
{
  guint64 n = 0;
  for (guint i = 0; i < f->chunks->len; i++)
    {
      const WlFollowChunk *c = g_ptr_array_index (f->chunks, i);
      if (c->is_server == from_server)
        n += c->len;
    }
  return n;
}

static gboolean
address_equal (const WlAddress *a, const WlAddress *b)
{
  return a->type == b->type && memcmp (a->data, b->data, sizeof a->data) == 0;
}

static WlFollowChunk *
chunk_new (gboolean is_server, const WlPacket *p, guint32 seq, const guint8 *data, guint32 len)
{
  WlFollowChunk *c = g_new0 (WlFollowChunk, 1);
  c->is_server = is_server;
  c->frame = p->number;
  c->ts_ns = p->ts_ns;
  c->seq = seq;
  c->len = len;
  c->data = g_memdup2 (data, len);
  return c;
}

/* Moves one pending chunk of direction dir into the stream when it now fits (or when acked
 * says the bytes before it were received, with a "missing" chunk in the gap). Returns FALSE
 * when nothing could be moved. */
static gboolean
check_pending (WlFollow *f, int dir, guint32 acked, const WlPacket *p, gboolean use_ack)
{
  GList *l = f->pending[dir];
  if (!l)
    return FALSE;
  guint32 lowest = ((WlFollowChunk *) l->data)->seq;
  for (; l; l = l->next)
    {
      WlFollowChunk *c = l->data;
      if (GT_SEQ (lowest, c->seq))
        lowest = c->seq;
      if (LT_SEQ (c->seq, f->next_seq[dir]))
        {
          /* Starts before what we have: keep only the bytes not seen yet */
          guint32 end = c->seq + c->len;
          if (GT_SEQ (end, f->next_seq[dir]))
            {
              guint32 skip = f->next_seq[dir] - c->seq;
              if (c->len > skip)
                {
                  guint32 n = c->len - skip;
                  WlFollowChunk *part = g_new0 (WlFollowChunk, 1);
                  *part = *c;
                  part->seq = f->next_seq[dir] + n;
                  part->len = n;
                  part->data = g_memdup2 (c->data + skip, n);
                  g_ptr_array_add (f->chunks, part);
                }
              f->next_seq[dir] += c->len - skip;
            }
          chunk_free (c);
          f->pending[dir] = g_list_delete_link (f->pending[dir], l);
          return TRUE;
        }
      if (c->seq == f->next_seq[dir])
        {
          f->next_seq[dir] += c->len; /* before c may be freed below */
          if (c->len > 0)
            g_ptr_array_add (f->chunks, c);
          else
            chunk_free (c);
          f->pending[dir] = g_list_delete_link (f->pending[dir], l);
          return TRUE;
        }
    }
  if (use_ack && GT_SEQ (acked, lowest))
    {
      /* The receiver acknowledged bytes the capture does not have. tshark's chunk text
       * includes its terminating NUL. */
      char *msg = g_strdup_printf ("[%d bytes missing in capture file]", (int) (lowest - f->next_seq[dir]));
      WlFollowChunk *c = chunk_new (dir == 1, p, lowest, (const guint8 *) msg, (guint32) strlen (msg) + 1);
      g_free (msg);
      f->next_seq[dir] = lowest;
      g_ptr_array_add (f->chunks, c);
      return TRUE;
    }
  return FALSE;
}

/* The source bytes a node's offset refers to. */
static const guint8 *
node_source (const WlPacket *p, const WlNode *n, guint32 *len)
{
  if (n->source == 0 || n->source > p->n_sources)
    {
      *len = p->caplen;
      return p->data;
    }
  *len = p->sources[n->source - 1].len;
  return p->sources[n->source - 1].data;
}

typedef struct {
  const WlNode *proto;
  WlAddress src, dst;
  guint32 sport, dport, stream;
  guint32 seq, ack, seglen, hdr_len, flags, udp_length;
  gboolean have_stream, have_seq, have_len, have_hdr_len;
} Segment;

static gboolean
in_stream (WlFollow *f, const Segment *s)
{
  if (f->stream != G_MAXUINT32)
    return s->have_stream && s->stream == f->match_stream;
  return (address_equal (&s->src, &f->ep_addr[0]) && s->sport == f->ep_port[0] &&
          address_equal (&s->dst, &f->ep_addr[1]) && s->dport == f->ep_port[1]) ||
         (address_equal (&s->src, &f->ep_addr[1]) && s->sport == f->ep_port[1] &&
          address_equal (&s->dst, &f->ep_addr[0]) && s->dport == f->ep_port[0]);
}

/* Decides the direction of a packet; the first packet makes its source the client. */
static int
direction (WlFollow *f, const Segment *s)
{
  if (!f->have_client || f->client_port == 0)
    {
      f->have_client = TRUE;
      f->client = s->src;
      f->client_port = s->sport;
      f->server = s->dst;
      f->server_port = s->dport;
    }
  return (address_equal (&f->client, &s->src) && f->client_port == s->sport) ? 0 : 1;
}

static void
add_tcp (WlFollow *f, const WlPacket *p, const Segment *s)
{
  if (!s->have_seq || !s->have_len || !s->have_hdr_len)
    return;
  guint32 src_len;
  const guint8 *src = node_source (p, s->proto, &src_len);
  guint32 off = s->proto->offset + s->hdr_len;
  guint32 data_len = off < src_len ? MIN (s->seglen, src_len - off) : 0;
  const guint8 *data = src + MIN (off, src_len);
  guint32 seq = s->seq;
  guint32 length = s->seglen;
  if (s->flags & TH_SYN)
    seq++;

  int dir = direction (f, s);
  /* This packet may acknowledge bytes of the other direction that the capture missed */
  while (f->pending[!dir] && check_pending (f, !dir, s->ack, p, TRUE))
    ;
  if (f->bytes_written[dir] == 0 && f->next_seq[dir] == 0)
    f->next_seq[dir] = seq;

  if (LT_SEQ (seq, f->next_seq[dir]))
    {
      /* A retransmission that may carry some new bytes at its end */
      guint32 next = seq + length;
      if (GT_SEQ (next, f->next_seq[dir]))
        {
          guint32 skip = f->next_seq[dir] - seq;
          if (data_len <= skip)
            data_len = 0;
          else
            {
              data_len -= skip;
              data += skip;
            }
          seq = f->next_seq[dir];
          length = next - f->next_seq[dir];
        }
    }
  if (data_len == 0 || LT_SEQ (seq, f->next_seq[dir]))
    return;

  WlFollowChunk *c = chunk_new (dir == 1, p, seq, data, data_len);
  if (seq == f->next_seq[dir])
    {
      f->next_seq[dir] += length;
      f->bytes_written[dir] += data_len;
      g_ptr_array_add (f->chunks, c);
      while (f->pending[dir] && check_pending (f, dir, 0, p, FALSE))
        ;
    }
  else
    f->pending[dir] = g_list_append (f->pending[dir], c);
}

static void
add_udp (WlFollow *f, const WlPacket *p, const Segment *s)
{
  guint32 src_len;
  const guint8 *src = node_source (p, s->proto, &src_len);
  guint32 off = s->proto->offset + 8;
  guint32 reported = s->udp_length >= 8 ? s->udp_length - 8 : 0;
  guint32 len = off < src_len ? MIN (reported, src_len - off) : 0;
  /* tshark's UDP hands nothing to follow for an empty datagram */
  if (reported == 0)
    return;
  int dir = direction (f, s);
  WlFollowChunk *c = chunk_new (dir == 1, p, 0, src + MIN (off, src_len), len);
  f->bytes_written[dir] += len;
  g_ptr_array_add (f->chunks, c);
}

/* Reads the packet's transport headers (not those an ICMP error quotes) in node order. */
void
wl_follow_add_packet (WlFollow *f, const WlPacket *p)
{
  gboolean tcp = f->proto == WL_FOLLOW_TCP;
  int proto_id = tcp ? ids.tcp : ids.udp;
  Segment s = { 0 };
  WlAddress net_src = { 0 }, net_dst = { 0 };
  gboolean in_header = FALSE;
  for (const WlNode *n = p->all_first;; n = n->next_in_frame)
    {
      int id = n && n->field ? n->field->id : -1;
      if (n && !n->field)
        continue;
      /* A header ends where the next one (network or transport) starts, or at the end */
      gboolean next_header = !n || id == proto_id || id == ids.ip_src || id == ids.ip6_src ||
                             id == ids.icmp || id == ids.icmpv6;
      if (in_header && next_header)
        {
          in_header = FALSE;
          if (in_stream (f, &s))
            {
              if (tcp)
                add_tcp (f, p, &s);
              else
                add_udp (f, p, &s);
            }
        }
      if (!n || id == ids.icmp || id == ids.icmpv6)
        break;
      if (id < 0)
        continue;
      if (id == ids.ip_src || id == ids.ip_dst)
        {
          WlAddress *a = id == ids.ip_src ? &net_src : &net_dst;
          guint8 b[4] = { (guint8) (n->v.u >> 24), (guint8) (n->v.u >> 16), (guint8) (n->v.u >> 8), (guint8) n->v.u };
          wl_address_set (a, WL_ADDR_IPv4, b);
        }
      else if (id == ids.ip6_src || id == ids.ip6_dst)
        {
          WlAddress *a = id == ids.ip6_src ? &net_src : &net_dst;
          wl_address_set (a, WL_ADDR_IPv6, n->v.b.len >= 16 ? n->v.b.p : NULL);
        }
      else if (id == ids.rt0_addr)
        {
          /* an IPv6 source route: the transport's destination is its last address */
          wl_address_set (&net_dst, WL_ADDR_IPv6, n->v.b.len >= 16 ? n->v.b.p : NULL);
        }
      else if (id == proto_id)
        {
          memset (&s, 0, sizeof s);
          s.proto = n;
          s.src = net_src;
          s.dst = net_dst;
          in_header = TRUE;
        }
      else if (!in_header)
        continue;
      else if (id == ids.tcp_sport || id == ids.udp_sport)
        s.sport = (guint32) n->v.u;
      else if (id == ids.tcp_dport || id == ids.udp_dport)
        s.dport = (guint32) n->v.u;
      else if (id == ids.tcp_stream || id == ids.udp_stream)
        {
          s.stream = (guint32) n->v.u;
          s.have_stream = TRUE;
        }
      else if (id == ids.tcp_seq)
        {
          s.seq = (guint32) n->v.u;
          s.have_seq = TRUE;
        }
      else if (id == ids.tcp_ack)
        s.ack = (guint32) n->v.u;
      else if (id == ids.tcp_len)
        {
          s.seglen = (guint32) n->v.u;
          s.have_len = TRUE;
        }
      else if (id == ids.tcp_hdr_len)
        {
          s.hdr_len = (guint32) n->v.u;
          s.have_hdr_len = TRUE;
        }
      else if (id == ids.tcp_flags)
        s.flags = (guint32) n->v.u;
      else if (id == ids.udp_length)
        s.udp_length = (guint32) n->v.u;
    }
}

/* ---- Output ---- */

void
wl_follow_format_hex (const guint8 *data, guint32 len, guint32 offset, const char *prefix, GString *out)
{
  static const char hex[] = "0123456789abcdef";
  /* offset (8), 2 spaces, 16 bytes as "xx " with one more space after the 8th, 2 spaces,
   * 16 characters with a space after the 8th */
  char line[10 + 48 + 2 + 17 + 1];
  guint32 i = 0;
  int jj = 0, kk = 0;
  while (i < len)
    {
      if (i % 16 == 0)
        {
          g_snprintf (line, sizeof line, "%08X", offset);
          memset (line + 8, ' ', 52);
          jj = 10;
          kk = 60;
        }
      guint8 b = data[i];
      line[jj++] = hex[b >> 4];
      line[jj++] = hex[b & 0xf];
      jj++;
      line[kk++] = b >= ' ' && b < 0x7f ? (char) b : '.';
      if (++i % 16 == 8)
        {
          line[jj++] = ' ';
          line[kk++] = ' ';
        }
      if (i % 16 == 0 || i == len)
        {
          if (line[kk - 1] == ' ')
            kk--;
          line[kk] = 0;
          g_string_append_printf (out, "%s%s\n", prefix, line);
          offset += 16;
        }
    }
}

void
wl_follow_print (const WlFollow *f, WlFollowMode mode, guint32 first, guint32 last, GString *out)
{
  static const char *const modes[] = { "ascii", "hex", "raw" };
  /* tshark's exact text (scripts parse it): not translated */
  const char *sep = "===================================================================\n";
  g_string_append_printf (out, "\n%s", sep);
  g_string_append_printf (out, "Follow: %s,%s\n", f->proto == WL_FOLLOW_TCP ? "tcp" : "udp", modes[mode]);
  g_string_append_printf (out, "Filter: %s\n", f->filter);
  for (int node = 0; node < 2; node++)
    {
      const WlAddress *a = node == 0 ? &f->client : &f->server;
      guint32 port = node == 0 ? f->client_port : f->server_port;
      GString *s = g_string_new (NULL);
      if (f->have_client)
        wl_col_format_address (a, s);
      /* tshark tests the client's address type for both lines */
      if (f->have_client && f->client.type == WL_ADDR_IPv6)
        g_string_append_printf (out, "Node %d: [%s]:%u\n", node, s->str, port);
      else
        g_string_append_printf (out, "Node %d: %s:%u\n", node, s->str, port);
      g_string_free (s, TRUE);
    }
  guint32 pos[2] = { 0, 0 };
  if (first == 0)
    first = 1;
  for (guint i = 0; i < f->chunks->len; i++)
    {
      const WlFollowChunk *c = g_ptr_array_index (f->chunks, i);
      guint32 chunk = i + 1;
      if (chunk < first || chunk > last)
        {
          pos[c->is_server] += c->len;
          continue;
        }
      switch (mode)
        {
        case WL_FOLLOW_ASCII:
          g_string_append_printf (out, "%s%u\n", c->is_server ? "\t" : "", c->len);
          for (guint32 j = 0; j < c->len; j++)
            {
              guint8 b = c->data[j];
              g_string_append_c (out, b == '\r' || b == '\n' || g_ascii_isprint (b) ? (char) b : '.');
            }
          g_string_append_c (out, '\n');
          break;
        case WL_FOLLOW_HEX:
          wl_follow_format_hex (c->data, c->len, pos[c->is_server], c->is_server ? "\t" : "", out);
          break;
        case WL_FOLLOW_RAW:
          if (c->is_server)
            g_string_append_c (out, '\t');
          for (guint32 j = 0; j < c->len; j++)
            g_string_append_printf (out, "%02x", c->data[j]);
          g_string_append_c (out, '\n');
          break;
        }
      pos[c->is_server] += c->len;
    }
  g_string_append (out, sep);
}

/* ---- Which frames to read ---- */

guint32
wl_follow_n_streams (WlSession *s, WlFollowProto proto)
{
  return proto == WL_FOLLOW_UDP ? wl_udp_n_streams (s) : wl_tcp_n_streams (s);
}

gboolean
wl_follow_frames (WlSession *s, WlFollowProto proto, guint32 stream, WlFollowFrames *ff)
{
  WlStreamSpan span;
  gboolean known = proto == WL_FOLLOW_UDP ? wl_udp_stream_span (s, stream, &span) : wl_tcp_stream_span (s, stream, &span);
  guint32 n = s && s->store ? wl_frame_store_count (s->store) : 0;
  if (!known || span.first_frame < 1 || span.first_frame > span.last_frame || span.last_frame > n)
    return FALSE;
  ff->first = span.first_frame;
  ff->last = span.last_frame;
  ff->part_first = wl_flow_part_of_frame (s->store, span.first_frame, G_MAXUINT);
  ff->part_pair = wl_flow_part_of_pair (&span.a, &span.b, G_MAXUINT);
  return TRUE;
}

gboolean
wl_follow_frames_wants (const WlFollowFrames *ff, WlFrameStore *store, guint32 number)
{
  if (number < ff->first || number > ff->last)
    return FALSE;
  guint part = wl_flow_part_of_frame (store, number, G_MAXUINT);
  return part == ff->part_first || part == ff->part_pair;
}
