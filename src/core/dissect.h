/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The dissection engine: the per-packet context (WlPacket), the field nodes dissectors add,
 * the dissector tables they hand off through, and the columns (Protocol, Info) they set.
 *
 * One call of wl_dissect_frame() runs the dissectors of one frame. In full mode every field
 * becomes a node of the layer tree; in lean mode only the wanted fields do, and nothing is
 * formatted. State that depends on earlier frames is built when p->visited is FALSE (the first,
 * sequential visit of each frame, in file order) and only read afterwards. */
#pragma once

#include <stdarg.h>
#include "arena.h"
#include "byte-view.h"
#include "field-registry.h"

typedef struct WlNode WlNode;
typedef struct WlPacket WlPacket;
typedef struct WlSession WlSession;
typedef struct WlFrameStore WlFrameStore;
typedef struct WlTable WlTable;
typedef struct WlDissector WlDissector;

enum {
  WL_NODE_GENERATED = 1 << 0, /* shown in [brackets]: computed, not read from the packet */
  WL_NODE_HIDDEN = 1 << 1,    /* filterable but not shown in the tree */
  WL_NODE_EXPERT = 1 << 2,    /* an expert-info item (warning) */
  WL_NODE_IN_ERROR = 1 << 3,  /* raised within the packet an ICMP error quotes (tshark's
                               * taps, -z expert among them, leave those items out) */
};

struct WlNode {
  const WlField *field;      /* NULL for a text-only node */
  WlNode *parent, *next, *first_child, *last_child;
  WlNode *next_in_frame;     /* every node of the packet, in the order they were added */
  guint32 offset, length;    /* where in its source (see WlView.source) */
  guint8 source;
  guint8 flags;
  guint16 raised_by;         /* expert items: 1 + the protocol whose dissector raised it, 0: unknown */
  union {
    guint64 u;
    gint64 i;   /* signed integers; times in nanoseconds */
    double d;
    struct {
      const guint8 *p; /* bytes, strings (not NUL-terminated), Ethernet, IPv6, protocols */
      guint32 len;
    } b;
  } v;
  const char *label;         /* full mode: the whole label when the generic one does not fit */
};

typedef enum {
  WL_ADDR_NONE,
  WL_ADDR_ETHER,
  WL_ADDR_IPv4,
  WL_ADDR_IPv6,
} WlAddressType;

typedef struct {
  WlAddressType type;
  guint8 data[16];
} WlAddress;

/* Returned by a dissector that needs more bytes of a TCP stream (see desegment_len). */
#define WL_DESEGMENT_ONE_MORE_SEGMENT 0x0fffffff
#define WL_DESEGMENT_UNTIL_FIN 0x0ffffffe

/* A dissector: consumes bytes of v, adds nodes under parent and returns how many bytes it
 * used; a heuristic dissector returns 0 when the bytes are not its protocol. data carries
 * what a lower layer hands to an upper one (NULL when nothing). */
typedef guint32 (*WlDissectFunc) (WlPacket *p, const WlView *v, WlNode *parent, gpointer data);

/* A reassembled buffer (TCP stream data spread over several frames). */
typedef struct {
  const guint8 *data;
  guint32 len;
  const char *name; /* "Reassembled TCP" */
} WlSource;

#define WL_MAX_SOURCES 8
#define WL_MAX_LAYERS 64

struct WlPacket {
  /* The frame */
  WlSession *session;
  guint32 number;            /* 1-based frame number */
  const struct WlFrame *frame;
  const guint8 *data;        /* the frame's captured bytes */
  guint32 caplen, len;
  gint64 ts_ns;
  int link_type;             /* LINKTYPE_* of the frame's interface */
  gboolean visited;          /* FALSE on the first, sequential visit: state may be written */
  int cur_proto;             /* the protocol whose dissector is running (tshark's
                              * pinfo->current_proto), -1 before the first */
  gboolean in_error_pkt;     /* dissecting the packet an ICMP error quotes */

  /* The tree */
  WlArena *arena;
  gboolean full;             /* full tree (labels, every field) or lean (wanted fields only) */
  const guint8 *wanted;      /* lean mode: bitmap by field id; NULL: nothing wanted */
  gboolean labels;           /* full mode: nodes get their labels (see wl_node_set_label) */
  gboolean expert_items;     /* lean mode: wl_add_expert builds the whole item, labelled */
  /* Shape mode (WlDissectOptions.shape_only): lean, with every protocol wanted and built in
   * its place in the tree. A node nobody wants is not built: its adder returns this
   * placeholder instead of NULL, so that a protocol a dissector adds under it is known not
   * to be top-level. NULL in the other modes. */
  WlNode *stub;
  WlNode *root_first, *root_last;
  WlNode *all_first, *all_last;
  guint n_nodes;

  /* Layers, for frame.protocols and the Protocol column (layers, layer_names: below) */
  guint n_layers;
  WlNode *protocols_node;    /* frame.protocols, filled at the end */

  /* Columns: only when cols_wanted */
  gboolean cols_wanted;
  const char *col_protocol;
  GString *col_info;
  gboolean col_info_fenced;  /* info text before the fence stays */
  guint col_info_fence;
  WlAddress dl_src, dl_dst, net_src, net_dst;
  guint32 src_port, dst_port;
  int port_type;             /* 0 none, 6 TCP, 17 UDP */

  /* Reassembled sources (sources: below) */
  guint n_sources;

  /* TCP reassembly contract: a dissector that needs more bytes sets these */
  guint32 desegment_offset;
  guint32 desegment_len;
  gboolean can_desegment;

  /* Set when a read went past the captured bytes or a length field lied */
  gboolean is_truncated;
  gboolean is_malformed;
  int malformed_proto;

  /* Free for the current layer chain: e.g. TCP tells HTTP its stream index */
  guint32 stream;
  gboolean is_tcp_payload;

  /* Nothing wanted lies above the TCP and UDP headers (WlDissectOptions.prune): their
   * payloads go to no protocol above. */
  gboolean prune_payload;
  /* ... and the wanted TCP fields need no stream state: TCP keeps none for this frame. */
  gboolean prune_tcp_state;
  /* ... and of TCP only the ports are wanted: the rest of the header is not read. */
  gboolean prune_tcp_to_ports;
  /* ... or only what TCP adds up to the header length (lengths, raw numbers): not the rest. */
  gboolean prune_tcp_to_header;
  /* The wanted TCP fields need no stream state, but payloads may go up: TCP keeps none for
   * the streams whose ports lead only to pruned protocols (below). */
  gboolean prune_tcp_state_by_port;
  /* ... and the application protocols (bitmap by field id) whose dissectors need not run:
   * wl_dissector_call () claims their bytes without calling them. */
  const guint8 *pruned_protos;
  /* Lean and shape modes: the protocols (bitmap by field id) of which a field other than
   * the protocol item itself is wanted (wl_wants_fields_of ()); NULL: not worked out. */
  const guint8 *protos_with_fields;

  /* The arrays last: only their first n_layers and n_sources entries are meaningful, so a
   * new packet clears the members above and not these (3/4 of the struct). */
  int layers[WL_MAX_LAYERS];
  const char *layer_names[WL_MAX_LAYERS];
  WlSource sources[WL_MAX_SOURCES];
};

/* ---- Nodes ---- */

/* Whether a node for field id would be kept (full mode, or wanted in lean mode). */
static inline gboolean
wl_wants (const WlPacket *p, int id)
{
  return p->full || (p->wanted && id >= 0 && (p->wanted[id >> 3] & (1u << (id & 7))));
}

/* Whether a field of protocol proto_id other than its protocol item may be kept: a dissector
 * may then skip adding the fields of its header that have no other effect. It still raises
 * the expert items and malformed marks their values call for (with the protocol item as
 * parent): filters and the Expert window read those whatever else is wanted. */
static inline gboolean
wl_wants_fields_of (const WlPacket *p, int proto_id)
{
  if (p->full)
    return TRUE;
  if (!p->wanted)
    return FALSE;
  return !p->protos_with_fields || proto_id < 0
         || (p->protos_with_fields[proto_id >> 3] & (1u << (proto_id & 7))) != 0;
}

enum { WL_ENC_BIG = 0, WL_ENC_LITTLE = 1 };

/* Adds a protocol layer (and records it in frame.protocols); returns its node, or NULL in lean
 * mode when not wanted (the placeholder p->stub in shape mode, as every adder below). len G_MAXUINT32: to the end of v. */
WlNode *wl_add_proto_node (WlPacket *p, WlNode *parent, const WlField *f, const WlView *v, guint32 off,
                           guint32 len);
static inline WlNode *
wl_add_proto (WlPacket *p, WlNode *parent, int proto_id, const WlView *v, guint32 off, guint32 len)
{
  /* inline up to the node: most layers of a filter run are not wanted, and as a call the
   * bookkeeping cost less than the call */
  const WlField *f = wl_field_get (proto_id);
  if (p->n_layers < WL_MAX_LAYERS)
    {
      p->layers[p->n_layers] = proto_id;
      p->layer_names[p->n_layers++] = f ? f->abbrev : "?";
    }
  if (!f)
    return NULL;
  if (!wl_wants (p, proto_id))
    return p->stub;
  return wl_add_proto_node (p, parent, f, v, off, len);
}
/* Records a layer name in frame.protocols without a node (tshark's "ethertype"). */
static inline void
wl_packet_add_layer (WlPacket *p, const char *name)
{
  if (p->n_layers < WL_MAX_LAYERS)
    {
      p->layers[p->n_layers] = -1;
      p->layer_names[p->n_layers++] = name;
    }
}

/* Reads the field's value from the view by its type (integers in enc byte order, bitmask
 * applied), and adds it. Returns NULL when not wanted or when the bytes are not all captured
 * (then the packet is marked truncated). */
WlNode *wl_add_item (WlPacket *p, WlNode *parent, int id, const WlView *v, guint32 off, guint32 len, int enc);
/* Adds a field with a value the dissector computed (covering off/len of v). */
WlNode *wl_add_uint (WlPacket *p, WlNode *parent, int id, const WlView *v, guint32 off, guint32 len, guint64 value);
WlNode *wl_add_int (WlPacket *p, WlNode *parent, int id, const WlView *v, guint32 off, guint32 len, gint64 value);
WlNode *wl_add_double (WlPacket *p, WlNode *parent, int id, const WlView *v, guint32 off, guint32 len, double value);
WlNode *wl_add_time (WlPacket *p, WlNode *parent, int id, const WlView *v, guint32 off, guint32 len, gint64 ns);
WlNode *wl_add_ipv4 (WlPacket *p, WlNode *parent, int id, const WlView *v, guint32 off, guint32 len, guint32 addr_host_order);
/* bytes must live as long as the packet: in the frame, or copied with wl_arena_memdup. */
WlNode *wl_add_bytes_value (WlPacket *p, WlNode *parent, int id, const WlView *v, guint32 off, guint32 len, const guint8 *bytes, guint32 n_bytes);
WlNode *wl_add_string_value (WlPacket *p, WlNode *parent, int id, const WlView *v, guint32 off, guint32 len, const char *s, gssize n);

/* The lean fast path: a field nobody wants costs a test, not a call (p and id are evaluated
 * twice: pass plain expressions). wl_add_item still notes a read past the captured bytes. */
static inline WlNode *
wl_add_item_unwanted (WlPacket *p, int id, const WlView *v, guint32 off, guint32 len)
{
  if (id >= 0 && len != G_MAXUINT32 && v && !wl_view_has (v, off, len))
    {
      p->is_truncated = TRUE;
      return NULL;
    }
  return p->stub;
}
#ifndef WL_DISSECT_IMPLEMENTATION
#define wl_add_item(p, parent, id, v, off, len, enc) \
  (wl_wants ((p), (id)) ? wl_add_item ((p), (parent), (id), (v), (off), (len), (enc)) \
                        : wl_add_item_unwanted ((p), (id), (v), (off), (len)))
#define wl_add_uint(p, parent, id, ...) \
  (wl_wants ((p), (id)) ? wl_add_uint ((p), (parent), (id), __VA_ARGS__) : (p)->stub)
#define wl_add_int(p, parent, id, ...) \
  (wl_wants ((p), (id)) ? wl_add_int ((p), (parent), (id), __VA_ARGS__) : (p)->stub)
#define wl_add_time(p, parent, id, ...) \
  (wl_wants ((p), (id)) ? wl_add_time ((p), (parent), (id), __VA_ARGS__) : (p)->stub)
#define wl_add_ipv4(p, parent, id, ...) \
  (wl_wants ((p), (id)) ? wl_add_ipv4 ((p), (parent), (id), __VA_ARGS__) : (p)->stub)
#define wl_add_bytes_value(p, parent, id, ...) \
  (wl_wants ((p), (id)) ? wl_add_bytes_value ((p), (parent), (id), __VA_ARGS__) : (p)->stub)
#define wl_add_string_value(p, parent, id, ...) \
  (wl_wants ((p), (id)) ? wl_add_string_value ((p), (parent), (id), __VA_ARGS__) : (p)->stub)
#endif
WlNode *wl_add_none (WlPacket *p, WlNode *parent, int id, const WlView *v, guint32 off, guint32 len);
/* A text-only node (no field); full mode only, NULL (shape mode: p->stub) otherwise. */
WlNode *wl_add_text_impl (WlPacket *p, WlNode *parent, const WlView *v, guint32 off, guint32 len, const char *fmt, ...) G_GNUC_PRINTF (6, 7);

/* Labels are formatted only in full mode; these do nothing when node is NULL or lean. */
void wl_node_set_label_impl (WlPacket *p, WlNode *node, const char *fmt, ...) G_GNUC_PRINTF (3, 4);
void wl_node_append_label_impl (WlPacket *p, WlNode *node, const char *fmt, ...) G_GNUC_PRINTF (3, 4);

/* Text work is skipped before its arguments are even computed (a value-name lookup, an
 * address formatted for a label) when nobody will see it: the macros test first. */
#define wl_add_text(p, ...) ((p)->full ? wl_add_text_impl ((p), __VA_ARGS__) : (p)->stub)
#define wl_node_set_label(p, node, ...) \
  do { WlNode *wl_n_ = (node); if (wl_n_ && (p)->labels) wl_node_set_label_impl ((p), wl_n_, __VA_ARGS__); } while (0)
#define wl_node_append_label(p, node, ...) \
  do { WlNode *wl_n_ = (node); if (wl_n_ && (p)->labels) wl_node_append_label_impl ((p), wl_n_, __VA_ARGS__); } while (0)
void wl_node_set_len (WlNode *node, guint32 len);
static inline void wl_node_set_generated (WlNode *n) { if (n) n->flags |= WL_NODE_GENERATED; }
static inline void wl_node_set_hidden (WlNode *n) { if (n) n->flags |= WL_NODE_HIDDEN; }

/* Marks the packet malformed ("[Malformed Packet: PROTO]", _ws.malformed) */
void wl_packet_set_malformed (WlPacket *p, int proto_id, const WlView *v, guint32 off);

/* Iterates the nodes of field id in the order they were added. */
WlNode *wl_packet_first (const WlPacket *p, int id);
WlNode *wl_packet_next (const WlNode *n, int id);

/* ---- Columns ---- */
void wl_col_set_protocol (WlPacket *p, const char *proto); /* a static string */
void wl_col_set_info_impl (WlPacket *p, const char *fmt, ...) G_GNUC_PRINTF (2, 3);
void wl_col_append_info_impl (WlPacket *p, const char *fmt, ...) G_GNUC_PRINTF (2, 3);
/* Appends, with sep before the text unless the Info column is empty (col_append_sep_str). */
void wl_col_append_sep_info_impl (WlPacket *p, const char *sep, const char *fmt, ...) G_GNUC_PRINTF (3, 4);
void wl_col_prepend_info_impl (WlPacket *p, const char *fmt, ...) G_GNUC_PRINTF (2, 3);
#define wl_col_set_info(p, ...) do { if ((p)->cols_wanted) wl_col_set_info_impl ((p), __VA_ARGS__); } while (0)
#define wl_col_append_info(p, ...) do { if ((p)->cols_wanted) wl_col_append_info_impl ((p), __VA_ARGS__); } while (0)
#define wl_col_append_sep_info(p, ...) do { if ((p)->cols_wanted) wl_col_append_sep_info_impl ((p), __VA_ARGS__); } while (0)
#define wl_col_prepend_info(p, ...) do { if ((p)->cols_wanted) wl_col_prepend_info_impl ((p), __VA_ARGS__); } while (0)
void wl_col_clear_info (WlPacket *p);
/* Text set so far stays when a higher layer calls wl_col_set_info / clear (col_set_fence). */
void wl_col_set_fence (WlPacket *p);
static inline gboolean wl_cols (const WlPacket *p) { return p->cols_wanted; }
/* Source and Destination columns, as tshark shows them. */
void wl_col_format_address (const WlAddress *a, GString *out);
static inline void
wl_address_set (WlAddress *a, WlAddressType type, const guint8 *data)
{
  /* inline: set four times a packet, its type is mostly a constant */
  a->type = type;
  memset (a->data, 0, sizeof a->data);
  if (!data)
    return;
  switch (type)
    {
    case WL_ADDR_ETHER: memcpy (a->data, data, 6); break;
    case WL_ADDR_IPv4: memcpy (a->data, data, 4); break;
    case WL_ADDR_IPv6: memcpy (a->data, data, 16); break;
    default: break;
    }
}

/* ---- Dissector tables and heuristics ---- */
WlDissector *wl_dissector_register (const char *name, WlDissectFunc fn, int proto_id);
WlDissector *wl_dissector_find (const char *name);
int wl_dissector_proto (const WlDissector *d);
/* Whether calling d would skip it: its protocol is pruned (WlPacket.pruned_protos). */
gboolean wl_dissector_pruned (const WlPacket *p, const WlDissector *d);
/* Calls d on v; returns the bytes it consumed. */
guint32 wl_dissector_call (WlDissector *d, WlPacket *p, const WlView *v, WlNode *parent, gpointer data);

WlTable *wl_table_new (const char *name);  /* "ethertype", "ip.proto", "tcp.port", ... */
WlTable *wl_table_find (const char *name);
void wl_table_add (WlTable *t, guint32 key, WlDissector *d);
WlDissector *wl_table_lookup (WlTable *t, guint32 key);
/* Dispatches on key; returns the bytes consumed, or 0 when no dissector took it (*found
 * FALSE). */
guint32 wl_table_try (WlTable *t, guint32 key, WlPacket *p, const WlView *v, WlNode *parent, gpointer data, gboolean *found);

/* Heuristic lists ("tcp", "udp"): each function returns 0 when the bytes are not its own. */
void wl_heur_add (const char *list, WlDissectFunc fn, int proto_id);
guint32 wl_heur_try (const char *list, WlPacket *p, const WlView *v, WlNode *parent, gpointer data, gboolean *found);

/* The "data" dissector: bytes nobody understood. */
guint32 wl_call_data (WlPacket *p, const WlView *v, WlNode *parent);

/* An expert item as tshark shows it (frame.c): a _ws.expert subtree "Expert Info
 * (Severity/Group): message" holding the item's own field hf (labelled with the message, so a
 * filter on its name matches; none when hf < 0), the hidden _ws.expert.message, and
 * _ws.expert.severity and _ws.expert.group with Wireshark's values. severity: "Comment",
 * "Chat", "Note", "Warning" or "Error"; group: Wireshark's group name ("Sequence",
 * "Malformed", "Protocol"...). Without the tree (!p->full) only the item's field is added.
 * Returns the _ws.expert node (the item's node without the tree). */
WlNode *wl_add_expert (WlPacket *p, WlNode *parent, int hf, const WlView *v, guint32 off, guint32 len,
                       const char *severity, const char *group, const char *fmt, ...) G_GNUC_PRINTF (9, 10);
WlNode *wl_add_expertv (WlPacket *p, WlNode *parent, int hf, const WlView *v, guint32 off, guint32 len,
                        const char *severity, const char *group, const char *fmt, va_list ap) G_GNUC_PRINTF (9, 0);

/* ---- Per-session state (first pass) ---- */

/* A protocol's state for a whole capture (streams, conversations...): created on first use by
 * the dissector, freed with the session by free_fn. */
gpointer wl_session_get_state (WlSession *s, int proto_id);
void wl_session_set_state (WlSession *s, int proto_id, gpointer state, GDestroyNotify free_fn);
/* What the protocol's state does at the end of the first pass (wl_session_first_pass_done ()):
 * finish_fn (state) drops what only first visits need. */
void wl_session_set_state_finish (WlSession *s, int proto_id, GDestroyNotify finish_fn);
/* Where a stream a dissector numbered in the first pass (tcp.stream, udp.stream) lies: its
 * first and last frame and its two endpoints' addresses (a conversation first seen quoted in
 * an ICMP error starts at that frame, whose outer addresses are other ones). */
typedef struct {
  guint32 first_frame, last_frame;
  WlAddress a, b;
} WlStreamSpan;

/* Per-frame data of a protocol (sparse): set on the first visit, read later. */
void wl_frame_data_set (WlPacket *p, int proto_id, guint32 key, gpointer data);
gpointer wl_frame_data_get (WlPacket *p, int proto_id, guint32 key);
/* The captured bytes of another frame (for rebuilding reassembled data on a revisit). */
const guint8 *wl_session_frame_data (WlSession *s, guint32 number, guint32 *caplen);

/* Adds a reassembled buffer to the packet; its bytes must live as long as the session or the
 * packet's arena. Returns the view over it (source index set). */
WlView wl_packet_add_source (WlPacket *p, const guint8 *data, guint32 len, const char *name);

/* ---- Registration ---- */
/* Registers every dissector once (dissectors/registry.c); safe to call more than once. */
void wl_dissectors_init (void);
