/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Sessions (see session.h): the frame store plus every protocol's first-pass state, and the
 * entry point that dissects one frame. */
#include <string.h>
#include <time.h>
#include "session.h"

/* Per-frame data is a log of entries appended frame by frame (a frame's first visit makes all
 * of its entries before the next frame's): frame numbers, keys and values in three arrays,
 * found by a binary search of the frame numbers. 16 bytes an entry and nothing for a frame
 * without one (the big users keep their own per-frame stores: TCP's records). */

typedef struct {
  gpointer state;
  GDestroyNotify free_fn;
  GDestroyNotify finish_fn;   /* the end of the first pass, or NULL */
} ProtoState;

static void
proto_state_free (gpointer data)
{
  ProtoState *ps = data;
  if (ps->free_fn && ps->state)
    ps->free_fn (ps->state);
  g_free (ps);
}

WlSession *
wl_session_new (WlFrameStore *store)
{
  wl_dissectors_init ();
  WlSession *s = g_new0 (WlSession, 1);
  s->store = store;
  s->proto_state = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, proto_state_free);
  s->fd_frames = g_array_new (FALSE, FALSE, sizeof (guint32));
  s->fd_keys = g_array_new (FALSE, FALSE, sizeof (guint32));
  s->fd_values = g_array_new (FALSE, FALSE, sizeof (gpointer));
  if (store && wl_frame_store_count (store) > 0)
    s->first_ts_ns = wl_frame_store_ts_ns (store, 1);
  return s;
}

WlSession *
wl_session_new_shared (WlFrameStore *store)
{
  WlSession *s = wl_session_new (store);
  s->shared_store = TRUE;
  return s;
}

void
wl_session_free (WlSession *s)
{
  if (!s)
    return;
  g_hash_table_destroy (s->proto_state);
  g_array_unref (s->fd_frames);
  g_array_unref (s->fd_keys);
  g_array_unref (s->fd_values);
  g_clear_pointer (&s->key_arena, wl_arena_free);
  if (!s->shared_store)
    wl_frame_store_free (s->store);
  g_free (s);
}

gpointer
wl_session_get_state (WlSession *s, int proto_id)
{
  ProtoState *ps = g_hash_table_lookup (s->proto_state, GINT_TO_POINTER (proto_id));
  return ps ? ps->state : NULL;
}

void
wl_session_set_state (WlSession *s, int proto_id, gpointer state, GDestroyNotify free_fn)
{
  ProtoState *ps = g_new0 (ProtoState, 1);
  ps->state = state;
  ps->free_fn = free_fn;
  g_hash_table_replace (s->proto_state, GINT_TO_POINTER (proto_id), ps);
}

void
wl_session_set_state_finish (WlSession *s, int proto_id, GDestroyNotify finish_fn)
{
  ProtoState *ps = g_hash_table_lookup (s->proto_state, GINT_TO_POINTER (proto_id));
  g_return_if_fail (ps != NULL);
  ps->finish_fn = finish_fn;
}

void
wl_session_first_pass_done (WlSession *s)
{
  g_return_if_fail (s->store && s->n_visited == wl_frame_store_count (s->store));
  s->first_pass_done = TRUE;
  GHashTableIter it;
  gpointer value;
  g_hash_table_iter_init (&it, s->proto_state);
  while (g_hash_table_iter_next (&it, NULL, &value))
    {
      ProtoState *ps = value;
      if (ps->finish_fn && ps->state)
        ps->finish_fn (ps->state);
    }
}


/* The index of the frame's entry for proto_key, or -1. */
static gint64
fd_find (const WlSession *s, guint32 frame, guint32 proto_key)
{
  const guint32 *frames = (const guint32 *) s->fd_frames->data;
  guint32 n = s->fd_frames->len;
  if (n == 0 || frames[n - 1] < frame)
    return -1; /* the usual question of a first visit: nothing yet */
  guint32 lo = 0, hi = n;
  while (lo < hi)
    {
      guint32 mid = lo + (hi - lo) / 2;
      if (frames[mid] < frame)
        lo = mid + 1;
      else
        hi = mid;
    }
  const guint32 *keys = (const guint32 *) s->fd_keys->data;
  for (guint32 j = lo; j < n && frames[j] == frame; j++)
    if (keys[j] == proto_key)
      return j;
  return -1;
}

void
wl_frame_data_set (WlPacket *p, int proto_id, guint32 key, gpointer data)
{
  g_return_if_fail (!p->visited);
  g_return_if_fail (proto_id >= 0 && proto_id < 0x8000);
  WlSession *s = p->session;
  guint32 pk = ((guint32) proto_id << 16) | (key & 0xffff);
  gint64 at = fd_find (s, p->number, pk);
  if (at >= 0)
    {
      g_array_index (s->fd_values, gpointer, at) = data;
      return;
    }
  /* first visits do not interleave: this frame's entries are the newest */
  guint32 n = s->fd_frames->len;
  g_return_if_fail (n == 0 || g_array_index (s->fd_frames, guint32, n - 1) <= p->number);
  g_array_append_val (s->fd_frames, p->number);
  g_array_append_val (s->fd_keys, pk);
  g_array_append_val (s->fd_values, data);
}

gpointer
wl_frame_data_get (WlPacket *p, int proto_id, guint32 key)
{
  if (proto_id < 0 || proto_id >= 0x8000)
    return NULL;
  guint32 pk = ((guint32) proto_id << 16) | (key & 0xffff);
  gint64 at = fd_find (p->session, p->number, pk);
  return at >= 0 ? g_array_index (p->session->fd_values, gpointer, at) : NULL;
}

/* Session-lifetime memory for first-pass state: zeroed, freed with the session. First pass
 * only (one thread). */
gpointer
wl_session_alloc (WlSession *s, gsize size)
{
  if (!s->key_arena)
    s->key_arena = wl_arena_new ();
  return wl_arena_alloc (s->key_arena, size);
}

const guint8 *
wl_session_frame_data (WlSession *s, guint32 number, guint32 *caplen)
{
  if (!s->store || number == 0 || number > wl_frame_store_count (s->store))
    {
      *caplen = 0;
      return NULL;
    }
  const WlFrame *f = wl_frame_store_get (s->store, number);
  *caplen = wl_frame_caplen (s->store, f);
  return wl_frame_store_bytes (s->store, f);
}

guint8 *
wl_field_set_new (void)
{
  return g_malloc0 (((gsize) wl_field_count () + 8) / 8 + 1);
}

void
wl_field_set_add (guint8 *set, int id)
{
  /* a field brings the fields registered under the same name (IPv6's ip.version) */
  for (; id >= 0 && id < wl_field_count (); id = wl_field_get (id)->same_name_next)
    set[id >> 3] |= (guint8) (1u << (id & 7));
}

void
wl_packet_clear (WlPacket *p)
{
  if (p->col_info)
    g_string_free (p->col_info, TRUE);
  p->col_info = NULL;
}

/* TCP fields that come from reassembling what a protocol above asked for. */
static const char *const tcp_from_payload[] = { "tcp.reassembled", "tcp.segment", "tcp.pdu",
                                                "tcp.fin_retransmission" };

static gboolean
in_list (const char *s, const char *const *list, gsize n, gboolean prefix)
{
  for (gsize i = 0; i < n; i++)
    if (prefix ? g_str_has_prefix (s, list[i]) : strcmp (s, list[i]) == 0)
      return TRUE;
  return FALSE;
}

/* Whether field f lies below the TCP and UDP headers. The protocols below are the ones no
 * dissector reaches through a TCP or UDP payload (no tunnel over TCP or UDP is dissected);
 * their fields that come from the whole packet or from reassembling the payload do not. */
static gboolean
field_below_transport (const WlField *f)
{
  static const char *const below[] = { "frame", "eth", "vlan", "sll", "null", "raw", "arp", "ip",
                                       "ipv6", "ipv6.hopopts", "ipv6.routing", "ipv6.fraghdr",
                                       "ipv6.dstopts", "icmp", "icmpv6", "igmp", "tcp", "udp", "proc" };
  const WlField *proto = f ? wl_field_get (f->proto_id) : NULL;
  return proto && in_list (proto->abbrev, below, G_N_ELEMENTS (below), FALSE)
         && !g_str_has_prefix (f->abbrev, "frame.protocols")
         && !in_list (f->abbrev, tcp_from_payload, G_N_ELEMENTS (tcp_from_payload), TRUE);
}

static inline gboolean
set_has (const guint8 *set, int id)
{
  return (set[id >> 3] & (1u << (id & 7))) != 0;
}

/* The next field of set after *id (start from -1), NULL after the last one or when set is
 * NULL; *proto gets its protocol's field. */
static const WlField *
next_wanted (const guint8 *set, int *id, const WlField **proto)
{
  int n = wl_field_count ();
  while (set && ++*id < n)
    {
      const WlField *f = set_has (set, *id) ? wl_field_get (*id) : NULL;
      if (f)
        {
          *proto = wl_field_get (f->proto_id);
          return f;
        }
    }
  return NULL;
}

/* Whether any field of wanted can lie above the TCP and UDP headers. */
static gboolean
wanted_above_transport (const guint8 *wanted)
{
  const WlField *f, *proto;
  for (int id = -1; (f = next_wanted (wanted, &id, &proto));)
    if (!field_below_transport (f))
      return TRUE;
  return FALSE;
}

/* Whether every wanted TCP field is in list (or is a tcp.flags field, when flags_ok). */
static gboolean
wanted_tcp_within (const guint8 *wanted, const char *const *list, gsize n, gboolean flags_ok)
{
  const WlField *tcp = wl_field_lookup ("tcp");
  const WlField *f, *proto;
  for (int id = -1; tcp && (f = next_wanted (wanted, &id, &proto));)
    if (proto == tcp && !(flags_ok && g_str_has_prefix (f->abbrev, "tcp.flags")) && !in_list (f->abbrev, list, n, FALSE))
      return FALSE;
  return TRUE;
}

/* Whether every wanted TCP field can be read from the segment alone, without the stream's
 * first-pass state (relative numbers, stream index, analysis, window scaling). */
static gboolean
wanted_tcp_stateless (const guint8 *wanted)
{
  static const char *const stateless[] = { "tcp", "tcp.srcport", "tcp.dstport", "tcp.port",
                                           "tcp.seq_raw", "tcp.ack_raw", "tcp.hdr_len",
                                           "tcp.window_size_value", "tcp.checksum",
                                           "tcp.checksum.status", "tcp.urgent_pointer", "tcp.len",
                                           "tcp.payload" };
  return wanted_tcp_within (wanted, stateless, G_N_ELEMENTS (stateless), TRUE);
}

/* The protocols of which wanted has a field besides the protocol item (WlPacket.
 * protos_with_fields). Expert items and malformed marks need no entry: a dissector skipping
 * its fields still raises them (wl_wants_fields_of ()). */
static guint8 *
protos_with_fields (const guint8 *wanted)
{
  guint8 *set = wl_field_set_new ();
  const WlField *f, *proto;
  for (int id = -1; (f = next_wanted (wanted, &id, &proto));)
    {
      if (proto && f != proto)
        set[proto->id >> 3] |= (guint8) (1u << (proto->id & 7));
    }
  return set;
}

/* The application protocols a TCP or UDP port hands payloads to, by family: a protocol and
 * the ones only it hands bytes to. */
static const char *const app_families[][9] = {
  { "ssh" }, { "dns", "mdns" }, { "dhcp" }, /* mDNS fills dns.* fields */
  { "tls", "x509sat", "x509ce", "pkix1explicit", "pkix1implicit", "ocsp", "pkcs-1", "ns_cert_exts" },
  { "http", "data-text-lines", "json", "xml", "urlencoded-form", "mime_multipart", "media" },
};

static int
app_family_of (const char *proto)
{
  for (guint i = 0; i < G_N_ELEMENTS (app_families); i++)
    for (guint j = 0; j < G_N_ELEMENTS (app_families[i]) && app_families[i][j]; j++)
      if (strcmp (proto, app_families[i][j]) == 0)
        return (int) i;
  return -1;
}

/* Adds to set the transports (TCP, UDP) none of whose fields is wanted when nothing above
 * them is either: their dissectors need not run at all (the IP conversation tables). */
static void
add_unwanted_transports (guint8 *set, const guint8 *wanted)
{
  static const char *const transports[] = { "tcp", "udp" };
  gboolean hit[G_N_ELEMENTS (transports)] = { FALSE };
  const WlField *f, *proto;
  for (int id = -1; (f = next_wanted (wanted, &id, &proto));)
    {
      /* tcp.options.* are protocols of their own */
      if (proto && (strcmp (proto->abbrev, "tcp") == 0 || g_str_has_prefix (proto->abbrev, "tcp.")))
        hit[0] = TRUE;
      else if (proto && strcmp (proto->abbrev, "udp") == 0)
        hit[1] = TRUE;
      /* process information (proc.*) may come from the ports */
      else if (!proto || !field_below_transport (f) || strcmp (proto->abbrev, "proc") == 0)
        return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (transports); i++)
    {
      const WlField *t = hit[i] ? NULL : wl_field_lookup (transports[i]);
      if (t)
        wl_field_set_add (set, t->id);
    }
}

/* The protocols (a bitmap by field id) whose dissectors need not run for wanted: the families
 * none of whose fields is wanted, when every wanted field lies in a family or below the
 * transport (anything else, such as data or malformed packets, may come from any payload).
 * NULL when nothing can be skipped. */
static guint8 *
prunable_protos (const guint8 *wanted)
{
  gboolean hit[G_N_ELEMENTS (app_families)] = { FALSE };
  const WlField *f, *proto;
  for (int id = -1; (f = next_wanted (wanted, &id, &proto));)
    {
      int fam = proto ? app_family_of (proto->abbrev) : -1;
      if (fam >= 0)
        hit[fam] = TRUE;
      else if (!field_below_transport (f))
        return NULL;
    }
  guint8 *set = wl_field_set_new ();
  for (guint i = 0; i < G_N_ELEMENTS (app_families); i++)
    for (guint j = 0; !hit[i] && j < G_N_ELEMENTS (app_families[i]) && app_families[i][j]; j++)
      {
        const WlField *member = wl_field_lookup (app_families[i][j]);
        if (member)
          wl_field_set_add (set, member->id);
      }
  add_unwanted_transports (set, wanted);
  return set;
}

/* What shape mode builds: wanted, every protocol, and the one other node tshark puts at the
 * top of the tree (a reassembled PDU's list of segments). */
static guint8 *
shape_set (const guint8 *wanted)
{
  guint8 *set = wl_field_set_new ();
  int n = wl_field_count ();
  for (int id = 0; id < n; id++)
    if ((wanted && set_has (wanted, id)) || (wl_field_get (id) && wl_field_get (id)->type == WL_FT_PROTOCOL))
      set[id >> 3] |= (guint8) (1u << (id & 7));
  const WlField *segments = wl_field_lookup ("tcp.segments");
  if (segments)
    wl_field_set_add (set, segments->id);
  return set;
}

void
wl_dissect_options_prune (WlDissectOptions *o)
{
  g_clear_pointer (&o->pruned_protos, g_free);
  g_clear_pointer (&o->shape_wanted, g_free);
  g_clear_pointer (&o->protos_with_fields, g_free);
  if (o->full && o->shape_only)
    o->shape_wanted = shape_set (o->wanted);
  if (o->shape_wanted || (!o->full && o->wanted))
    o->protos_with_fields = protos_with_fields (o->shape_wanted ? o->shape_wanted : o->wanted);
  o->prune = !o->full && !o->columns;
  o->prune_payload = o->prune && !wanted_above_transport (o->wanted);
  o->prune_tcp_state = o->prune_payload && wanted_tcp_stateless (o->wanted);
  /* what TCP adds up to its ports, and up to its header length (see dissect_tcp ()) */
  static const char *const to_ports[] = { "tcp", "tcp.srcport", "tcp.dstport", "tcp.port" };
  static const char *const to_header[] = { "tcp", "tcp.srcport", "tcp.dstport", "tcp.port", "tcp.len",
                                           "tcp.seq_raw", "tcp.ack_raw", "tcp.hdr_len" };
  o->prune_tcp_to_ports = o->prune_tcp_state && wanted_tcp_within (o->wanted, to_ports, G_N_ELEMENTS (to_ports), FALSE);
  o->prune_tcp_to_header = o->prune_tcp_state && wanted_tcp_within (o->wanted, to_header, G_N_ELEMENTS (to_header), FALSE);
  o->pruned_protos = o->prune ? prunable_protos (o->wanted) : NULL;
  o->prune_tcp_state_by_port = !o->prune_tcp_state && o->pruned_protos && wanted_tcp_stateless (o->wanted);
}

void
wl_dissect_options_clear (WlDissectOptions *o)
{
  g_clear_pointer (&o->pruned_protos, g_free);
  g_clear_pointer (&o->shape_wanted, g_free);
  g_clear_pointer (&o->protos_with_fields, g_free);
  o->prune = o->prune_payload = o->prune_tcp_state = o->prune_tcp_to_ports = o->prune_tcp_to_header = FALSE;
  o->prune_tcp_state_by_port = FALSE;
}

static void
dissect_one (WlSession *s, guint32 number, const WlDissectOptions *opts, WlPacket *p, WlArena *arena)
{
  static WlDissector *frame_dissector; /* sessions dissect on several threads at once */
  if (g_once_init_enter (&frame_dissector))
    g_once_init_leave (&frame_dissector, wl_dissector_find ("frame"));

  GString *info = p->col_info;
  wl_arena_reset (arena);
  memset (p, 0, G_STRUCT_OFFSET (WlPacket, layers)); /* the arrays after: see WlPacket */
  p->col_info = info ? info : g_string_sized_new (128);
  p->col_info->len = 0; /* g_string_truncate (p->col_info, 0) without the call */
  p->col_info->str[0] = '\0';

  const WlFrame *f = wl_frame_store_get (s->store, number);
  const WlInterface *iface = wl_frame_store_interface (s->store, f->iface);
  p->session = s;
  p->number = number;
  p->cur_proto = -1;
  p->frame = f;
  p->data = wl_frame_store_bytes (s->store, f);
  p->caplen = wl_frame_caplen (s->store, f);
  p->len = wl_frame_len (s->store, f);
  p->ts_ns = wl_frame_ts_ns (s->store, f);
  p->link_type = iface ? iface->link_type : WL_LINKTYPE_ETHERNET;
  p->visited = number <= s->n_visited;
  p->arena = arena;
  gboolean shape = opts && opts->full && opts->shape_only && opts->shape_wanted;
  p->full = opts && opts->full && !shape;
  p->labels = p->full;
  p->expert_items = opts && opts->expert_items && !p->full;
  p->wanted = shape ? opts->shape_wanted : opts ? opts->wanted : NULL;
  if (shape)
    p->stub = wl_arena_alloc (arena, sizeof (WlNode));
  p->cols_wanted = opts ? opts->columns : FALSE;
  if (opts && !p->full)
    p->protos_with_fields = opts->protos_with_fields;
  if (opts && opts->prune && !p->full && !p->cols_wanted)
    {
      p->prune_payload = opts->prune_payload;
      p->prune_tcp_state = opts->prune_tcp_state;
      p->prune_tcp_to_ports = opts->prune_tcp_to_ports;
      p->prune_tcp_to_header = opts->prune_tcp_to_header;
      p->prune_tcp_state_by_port = opts->prune_tcp_state_by_port;
      p->pruned_protos = opts->pruned_protos;
    }

  WlView v = { p->data, p->caplen, MAX (p->len, p->caplen), 0, 0 };
  wl_dissector_call (frame_dissector, p, &v, NULL, NULL);

  /* A read past the captured bytes ends the packet as tshark's exception handler does. */
  if (p->is_truncated && p->caplen < p->len)
    {
      extern int wl_proto_short; /* frame.c */
      const char *last = p->n_layers ? p->layer_names[p->n_layers - 1] : "frame";
      WlNode *sh = wl_add_bytes_value (p, NULL, wl_proto_short, &v, p->caplen, 0, NULL, 0);
      wl_node_set_label (p, sh, "[Packet size limited during capture: %s truncated]",
                         wl_proto_short_name (p->n_layers ? p->layers[p->n_layers - 1] : -1)[0]
                             ? wl_proto_short_name (p->layers[p->n_layers - 1]) : last);
      wl_col_append_info (p, "[Packet size limited during capture]");
    }
  else if (p->is_malformed)
    {
      extern int wl_hf_malformed, wl_hf_malformed_expert;
      const char *who = wl_proto_short_name (p->malformed_proto);
      WlNode *m = wl_add_bytes_value (p, NULL, wl_hf_malformed, &v, p->caplen, 0, NULL, 0);
      wl_node_set_label (p, m, "[Malformed Packet: %s]", who);
      wl_add_expert (p, m, wl_hf_malformed_expert, &v, p->caplen, 0, "Error", "Malformed",
                     "Malformed Packet (Exception occurred)");
      wl_col_append_info (p, "[Malformed Packet]");
    }

  /* (not when frame.protocols is not wanted in a shape run: the node is then the stub) */
  if (p->protocols_node && p->protocols_node != p->stub)
    {
      /* "eth:ethertype:ip:tcp", written once into the arena */
      gsize len = 0, lens[G_N_ELEMENTS (p->layer_names)];
      for (guint i = 0; i < p->n_layers; i++)
        len += (lens[i] = strlen (p->layer_names[i])) + (i ? 1 : 0);
      char *str = wl_arena_alloc (arena, len + 1), *at = str;
      for (guint i = 0; i < p->n_layers; i++)
        {
          if (i)
            *at++ = ':';
          memcpy (at, p->layer_names[i], lens[i]);
          at += lens[i];
        }
      *at = '\0';
      p->protocols_node->v.b.p = (const guint8 *) str;
      p->protocols_node->v.b.len = (guint32) len;
    }
  if (!p->visited && number == s->n_visited + 1)
    s->n_visited = number;
}

void
wl_dissect_frame (WlSession *s, guint32 number, const WlDissectOptions *opts, WlPacket *p, WlArena *arena)
{
  g_return_if_fail (number >= 1 && number <= wl_frame_store_count (s->store));
  g_return_if_fail (!s->first_pass_done || number <= s->n_visited);
  /* Frames get their first visit in file order, so state is what a single pass builds. */
  while (s->n_visited + 1 < number)
    dissect_one (s, s->n_visited + 1, NULL, p, arena);
  dissect_one (s, number, opts, p, arena);
}

void
wl_dissect_frame_sparse (WlSession *s, guint32 number, const WlDissectOptions *opts, WlPacket *p,
                         WlArena *arena)
{
  g_return_if_fail (number >= 1 && number <= wl_frame_store_count (s->store));
  dissect_one (s, number, opts, p, arena);
}

gboolean
wl_flow_split_ok (const guint8 *wanted)
{
  /* Protocols whose state is kept per address pair (TCP and UDP conversations, IP
   * reassembly, HTTP, SSH, TLS and DNS by stream or by transaction between two hosts) ... */
  static const char *const per_pair[] = { "frame", "eth", "vlan", "ieee8021ad", "sll", "null", "raw",
                                          "ip", "ipv6", "ipv6.hopopts", "ipv6.routing", "ipv6.fraghdr",
                                          "ipv6.dstopts", "tcp", "udp", "igmp", "proc", "data", "ssh",
                                          "tls", "x509sat", "x509ce", "pkix1explicit", "pkix1implicit",
                                          "ocsp", "pkcs-1", "ns_cert_exts", "http", "data-text-lines",
                                          "json", "xml", "urlencoded-form", "mime_multipart", "media",
                                          "dns", "mdns", "dhcp", "icmp", "icmpv6" };
  /* ... but these fields number flows or match frames of different address pairs (a multicast
   * query and its unicast answers). */
  static const char *const across[] = { "tcp.stream", "udp.stream", "dns.response_in", "dns.response_to",
                                        "dns.time", "dns.retransmi", "dns.unsolicited", "icmp.resp",
                                        "icmp.no_resp", "icmpv6.resp", "icmpv6.no_resp", "frame.protocols" };
  const WlField *f, *proto;
  for (int id = -1; (f = next_wanted (wanted, &id, &proto));)
    {
      if (!proto || in_list (f->abbrev, across, G_N_ELEMENTS (across), TRUE)
          || !(g_str_has_prefix (proto->abbrev, "tcp.options.")
               || in_list (proto->abbrev, per_pair, G_N_ELEMENTS (per_pair), FALSE)))
        return FALSE;
    }
  return TRUE;
}

static guint64
mix64 (guint64 x)
{
  x ^= x >> 33;
  x *= G_GUINT64_CONSTANT (0xff51afd7ed558ccd);
  x ^= x >> 33;
  return x;
}

/* An IPv4 (4 bytes) or IPv6 (16 bytes) address at off of v as a number to hash. */
static guint64
address_key (const WlView *v, guint32 off, gboolean v6)
{
  if (!v6)
    return wl_view_ntohl (v, off);
  return mix64 (mix64 (wl_view_ntoh64 (v, off)) ^ wl_view_ntoh64 (v, off + 8));
}

/* symmetric: A->B and B->A land in the same part */
static guint
pair_part (guint64 a, guint64 b, guint n_parts)
{
  /* the hash's top 32 bits scaled to [0, n_parts): a multiplication, not a division */
  return (guint) (((mix64 (MIN (a, b) * 31 + MAX (a, b)) >> 32) * n_parts) >> 32);
}

guint
wl_flow_part (const guint8 *data, guint32 caplen, int link_type, guint n_parts)
{
  if (n_parts <= 1)
    return 0;
  WlView v = { data, caplen, caplen, 0, 0 };
  guint32 off = 0, ethertype = 0;
  switch (link_type)
    {
    case WL_LINKTYPE_ETHERNET:
      off = 12;
      while (wl_view_has (&v, off, 2))
        {
          ethertype = wl_view_ntohs (&v, off);
          if (ethertype != 0x8100 && ethertype != 0x88a8 && ethertype != 0x9100)
            break;
          off += 4;
        }
      off += 2;
      break;
    case 113: /* Linux cooked v1 */
      if (!wl_view_has (&v, 14, 2))
        return 0;
      ethertype = wl_view_ntohs (&v, 14);
      off = 16;
      break;
    case 276: /* Linux cooked v2 */
      if (!wl_view_has (&v, 0, 2))
        return 0;
      ethertype = wl_view_ntohs (&v, 0);
      off = 20;
      break;
    default: /* raw IP, null/loopback and the rest: look at the version nibble */
      off = link_type == 0 ? 4 : 0;
      if (!wl_view_has (&v, off, 1))
        return 0;
      ethertype = (wl_view_u8 (&v, off) >> 4) == 6 ? 0x86dd : 0x0800;
      break;
    }
  if (ethertype == 0x0800 && wl_view_has (&v, off + 12, 8))
    return pair_part (address_key (&v, off + 12, FALSE), address_key (&v, off + 16, FALSE), n_parts);
  if (ethertype == 0x86dd && wl_view_has (&v, off + 8, 32))
    return pair_part (address_key (&v, off + 8, TRUE), address_key (&v, off + 24, TRUE), n_parts);
  return 0;
}

guint
wl_flow_part_of_pair (const WlAddress *x, const WlAddress *y, guint n_parts)
{
  if (n_parts <= 1 || x->type != y->type || (x->type != WL_ADDR_IPv4 && x->type != WL_ADDR_IPv6))
    return 0;
  gboolean v6 = x->type == WL_ADDR_IPv6;
  WlView vx = { x->data, 16, 16, 0, 0 }, vy = { y->data, 16, 16, 0, 0 };
  return pair_part (address_key (&vx, 0, v6), address_key (&vy, 0, v6), n_parts);
}

guint
wl_flow_part_of_frame (WlFrameStore *store, guint32 number, guint n_parts)
{
  const WlFrame *fr = wl_frame_store_get (store, number);
  const WlInterface *ifc = wl_frame_store_interface (store, fr->iface);
  int link_type = ifc ? ifc->link_type : WL_LINKTYPE_ETHERNET;
  return wl_flow_part (wl_frame_store_bytes (store, fr), wl_frame_caplen (store, fr), link_type, n_parts);
}

struct WlFlowParts {
  guint8 *part_of;          /* by frame number - 1 */
  guint32 n_frames;
  guint n_parts;
  GMutex lock;
  GCond filled;
  guint n_filled;           /* workers done with their slice */
};

WlFlowParts *
wl_flow_parts_new (guint32 n_frames, guint n_parts)
{
  WlFlowParts *fp = g_new0 (WlFlowParts, 1);
  fp->part_of = g_malloc (MAX (n_frames, 1));
  fp->n_frames = n_frames;
  fp->n_parts = CLAMP (n_parts, 1, 64);
  g_mutex_init (&fp->lock);
  g_cond_init (&fp->filled);
  return fp;
}

void
wl_flow_parts_free (WlFlowParts *fp)
{
  if (!fp)
    return;
  g_mutex_clear (&fp->lock);
  g_cond_clear (&fp->filled);
  g_free (fp->part_of);
  g_free (fp);
}

const guint8 *
wl_flow_parts_fill (WlFlowParts *fp, WlFrameStore *store, guint part)
{
  guint32 from = (guint32) ((guint64) fp->n_frames * part / fp->n_parts);
  guint32 to = (guint32) ((guint64) fp->n_frames * (part + 1) / fp->n_parts);
  enum { AHEAD = 16 }; /* frames whose bytes are asked for before they are read */
  for (guint32 i = from; i < to; i++)
    {
      if (i + AHEAD < to)
        wl_frame_store_prefetch (store, i + 1 + AHEAD, FALSE);
      fp->part_of[i] = (guint8) wl_flow_part_of_frame (store, i + 1, fp->n_parts);
    }
  g_mutex_lock (&fp->lock);
  if (++fp->n_filled == fp->n_parts)
    g_cond_broadcast (&fp->filled);
  while (fp->n_filled < fp->n_parts)
    g_cond_wait (&fp->filled, &fp->lock);
  g_mutex_unlock (&fp->lock);
  return fp->part_of;
}

/* What the workers of a followed split run (wl_session_run_split_followed ()) share with the
 * thread that follows them. */
typedef struct {
  GMutex lock;
  GCond moved;              /* a worker published its progress */
  guint32 *done;            /* by worker: every frame up to this one is behind it */
  gboolean waiting;         /* the follower waits for moved (signalled only then: a syscall) */
  gint stop;                /* the follower asked the workers to stop (atomic) */
} SplitFollow;

/* How many frame numbers a followed worker passes between two reports of its progress */
#define FOLLOW_STEP 16384

typedef struct {
  WlFrameStore *store;
  const WlDissectOptions *opts;
  guint part, n_parts;
  WlSplitFunc fn;
  gpointer user_data;
  WlFlowParts *parts;
  SplitFollow *follow;      /* NULL when nobody follows the run */
  guint32 n_frames;         /* the frames of its part */
  double cpu_s;             /* the CPU time its thread used */
} SplitWorker;

static double
thread_cpu_seconds (void)
{
  struct timespec ts;
  if (clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
    return 0;
  return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

/* The sessions of finished split passes whose freeing is left to the program's exit
 * (wl_session_defer_split_frees ()): kept here, so they are reachable, not leaked. */
static GMutex deferred_lock;
static GPtrArray *deferred_sessions;
static gboolean defer_split_frees;

void
wl_session_defer_split_frees (gboolean defer)
{
  g_mutex_lock (&deferred_lock);
  defer_split_frees = defer;
  g_mutex_unlock (&deferred_lock);
}

static void
split_session_done (WlSession *s)
{
  g_mutex_lock (&deferred_lock);
  gboolean defer = defer_split_frees;
  if (defer)
    {
      if (!deferred_sessions)
        deferred_sessions = g_ptr_array_new ();
      g_ptr_array_add (deferred_sessions, s);
    }
  g_mutex_unlock (&deferred_lock);
  if (!defer)
    wl_session_free (s);
}

/* Prefetches the first frame of part from number from on; returns the number after it. */
static guint32
prefetch_next_of_part (const WlFrameStore *store, const guint8 *part_of, guint32 n, guint part, guint32 from)
{
  while (from <= n && part_of[from - 1] != part)
    from++;
  if (from > n)
    return from;
  wl_frame_store_prefetch (store, from, FALSE);
  return from + 1;
}

static gpointer
split_worker (gpointer data)
{
  SplitWorker *w = data;
  double cpu0 = thread_cpu_seconds ();
  WlSession *s = wl_session_new_shared (w->store);
  WlArena *arena = wl_arena_new ();
  WlPacket p = { 0 };
  const guint8 *part_of = wl_flow_parts_fill (w->parts, w->store, w->part);
  guint32 n = wl_frame_store_count (w->store);
  /* the bytes of its next frames are asked for a few frames ahead */
  enum { AHEAD = 8 };
  guint32 ahead = 1;
  for (guint i = 0; i < AHEAD; i++)
    ahead = prefetch_next_of_part (w->store, part_of, n, w->part, ahead);
  for (guint32 start = 1; start <= n; start += FOLLOW_STEP)
    {
      guint32 end = MIN (n, start + (FOLLOW_STEP - 1));
      for (guint32 f = start; f <= end; f++)
        {
          if (part_of[f - 1] != w->part)
            continue;
          ahead = prefetch_next_of_part (w->store, part_of, n, w->part, ahead);
          dissect_one (s, f, w->opts, &p, arena);
          w->fn (&p, w->user_data);
          w->n_frames++;
        }
      if (w->follow)
        {
          g_mutex_lock (&w->follow->lock);
          w->follow->done[w->part] = end;
          if (w->follow->waiting)
            g_cond_signal (&w->follow->moved);
          g_mutex_unlock (&w->follow->lock);
          if (g_atomic_int_get (&w->follow->stop))
            break;
        }
    }
  wl_packet_clear (&p);
  wl_arena_free (arena);
  split_session_done (s);
  w->cpu_s = thread_cpu_seconds () - cpu0;
  return NULL;
}

/* The calling thread's part of a followed run: hands the follower every range of frames all
 * workers are past, in order, until the last frame or until it says stop. */
static gboolean
follow_workers (SplitFollow *sf, guint n_parts, guint32 n, WlSplitFollowFunc follow, gpointer follow_data)
{
  guint32 given = 0;
  while (given < n)
    {
      g_mutex_lock (&sf->lock);
      guint32 upto;
      for (;;)
        {
          upto = n;
          for (guint i = 0; i < n_parts; i++)
            upto = MIN (upto, sf->done[i]);
          if (upto > given)
            break;
          sf->waiting = TRUE;
          g_cond_wait (&sf->moved, &sf->lock);
          sf->waiting = FALSE;
        }
      g_mutex_unlock (&sf->lock);
      if (!follow (given + 1, upto, follow_data))
        {
          g_atomic_int_set (&sf->stop, 1);
          return FALSE;
        }
      given = upto;
    }
  return TRUE;
}

static gboolean
run_split (WlFrameStore *store, const WlDissectOptions *opts, guint n_parts, WlSplitFunc fn,
           gpointer *user_data, WlSplitFollowFunc follow, gpointer follow_data)
{
  n_parts = CLAMP (n_parts, 1, 64);
  guint32 n = wl_frame_store_count (store);
  WlFlowParts *parts = wl_flow_parts_new (n, n_parts);
  SplitWorker *w = g_new0 (SplitWorker, n_parts);
  GThread **threads = g_new0 (GThread *, n_parts);
  SplitFollow sf = { 0 };
  if (follow)
    {
      g_mutex_init (&sf.lock);
      g_cond_init (&sf.moved);
      sf.done = g_new0 (guint32, n_parts);
    }
  /* followed, every worker has a thread and the calling thread follows them; otherwise the
   * calling thread is worker 0 */
  guint first_thread = follow ? 0 : 1;
  for (guint i = 0; i < n_parts; i++)
    {
      w[i] = (SplitWorker) { store, opts, i, n_parts, fn, user_data[i], parts, follow ? &sf : NULL };
      if (i >= first_thread)
        threads[i] = g_thread_new ("wl-split", split_worker, &w[i]);
    }
  gboolean completed = TRUE;
  if (follow)
    completed = follow_workers (&sf, n_parts, n, follow, follow_data);
  else
    split_worker (&w[0]);
  for (guint i = first_thread; i < n_parts; i++)
    g_thread_join (threads[i]);
  if (follow)
    {
      g_mutex_clear (&sf.lock);
      g_cond_clear (&sf.moved);
      g_free (sf.done);
    }
  /* How the work spread over the cores, for benchmarks (bench/run.py) */
  if (g_getenv ("WIRELENS_WORKER_TIMES"))
    for (guint i = 0; i < n_parts; i++)
      g_printerr ("wirelens: worker %u of %u: %u frames, %.3f s CPU\n", i + 1, n_parts, w[i].n_frames, w[i].cpu_s);
  g_free (threads);
  g_free (w);
  wl_flow_parts_free (parts);
  return completed;
}

void
wl_session_run_split (WlFrameStore *store, const WlDissectOptions *opts, guint n_parts, WlSplitFunc fn,
                      gpointer *user_data)
{
  run_split (store, opts, n_parts, fn, user_data, NULL, NULL);
}

gboolean
wl_session_run_split_followed (WlFrameStore *store, const WlDissectOptions *opts, guint n_parts, WlSplitFunc fn,
                               gpointer *user_data, WlSplitFollowFunc follow, gpointer follow_data)
{
  return run_split (store, opts, n_parts, fn, user_data, follow, follow_data);
}
