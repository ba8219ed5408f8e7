/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Conversations and endpoints (Ethernet, IPv4, IPv6, TCP, UDP), counted the way tshark 4.0's
 * conversation and endpoint taps count them: one record per address pair (plus ports and the
 * stream index for TCP and UDP), A being the source of the first packet seen, packets and
 * bytes (frame.len) each way, start and stop times relative to the first frame of the capture.
 * Every header of the layer counts (a VLAN-in-VLAN frame, a tunnel), except the inner headers
 * an ICMP or ICMPv6 error quotes. Computed from lean dissection: add the fields with
 * wl_conv_table_add_wanted_for. No GTK here: the CLI's -z conv/endpoints and the GUI's windows
 * share it. */
#pragma once

#include "dissect.h"

typedef enum {
  WL_CONV_ETH,
  WL_CONV_IPV4,
  WL_CONV_IPV6,
  WL_CONV_TCP,
  WL_CONV_UDP,
  WL_CONV_N_TYPES
} WlConvType;

#define WL_CONV_ID_UNSET G_MAXUINT32

typedef struct {
  WlAddress a, b;
  guint32 port_a, port_b;     /* 0 for Ethernet and IP */
  guint32 conv_id;            /* tcp.stream / udp.stream, WL_CONV_ID_UNSET otherwise */
  guint64 frames_ab, bytes_ab; /* A -> B (tshark's "->" column) */
  guint64 frames_ba, bytes_ba; /* B -> A ("<-") */
  gint64 start_ns, stop_ns;   /* relative to the capture's first frame */
  gint64 start_abs_ns;        /* absolute time of the start */
  guint32 first_frame;
  guint32 index;              /* order of appearance */
  guint64 first_seen;         /* first_frame << 16 | the record's number in that frame */
} WlConversation;

typedef struct {
  WlAddress addr;
  guint32 port;               /* 0 for Ethernet and IP */
  guint64 tx_frames, tx_bytes, rx_frames, rx_bytes;
  guint32 index;              /* order of appearance */
  guint64 first_seen;         /* frame << 16 | the record's number in that frame */
} WlEndpoint;

typedef struct WlConvTable WlConvTable;

/* "eth", "ip", "ipv6", "tcp", "udp" (the names -z takes) -> type; FALSE when unknown. */
gboolean wl_conv_type_from_name (const char *name, WlConvType *type);
const char *wl_conv_type_name (WlConvType type);  /* "tcp" */
const char *wl_conv_type_title (WlConvType type); /* "TCP", "IPv4", "Ethernet" (tshark's) */
gboolean wl_conv_type_has_ports (WlConvType type);

/* Adds to a field set (wl_field_set_new) the fields one type reads (IP tables want no TCP
 * stream state). With_stream FALSE leaves out tcp.stream and udp.stream, which TCP and UDP
 * tables read as the identity of a stream within its address pair (port reuse), never as a
 * number: for wl_flow_split_ok (), and for a TCP table that tracks streams itself. */
void wl_conv_table_add_wanted_for (WlConvType type, guint8 *wanted, gboolean with_stream);

WlConvTable *wl_conv_table_new (WlConvType type);
void wl_conv_table_free (WlConvTable *t);
WlConvType wl_conv_table_type (const WlConvTable *t);
/* TCP tables: tell TCP streams apart (port reuse) by following the segments' initial
 * sequence numbers as TCP's first pass does, instead of reading tcp.stream, so that the
 * dissection needs no TCP stream state (wl_conv_table_add_wanted_for (type, wanted, FALSE)).
 * Every packet of the capture must then be added (no filter in between). */
void wl_conv_table_track_tcp_streams (WlConvTable *t);
gboolean wl_conv_table_tracks_tcp_streams (const WlConvTable *t);
/* What the table counts: conversations, endpoints or both (the default). */
void wl_conv_table_set_counts (WlConvTable *t, gboolean conversations, gboolean endpoints);
/* Counts the headers of the table's layer in p (dissected lean with the wanted fields, or
 * full). */
void wl_conv_table_add_packet (WlConvTable *t, const WlPacket *p);
/* The same for several tables of different types, reading p's nodes once. */
void wl_conv_tables_add_packet (WlConvTable *const *tables, guint n_tables, const WlPacket *p);

/* Adds up tables of the same type counted over disjoint parts of one capture by sessions of a
 * flow-split first pass (wl_session_run_split: each session sees every frame of its address
 * pairs), into the empty table into: records of the same key are summed, A is the source of
 * the record's first packet in the capture and the order of appearance is the capture's. TCP
 * and UDP conversations are told apart by stream within their part (conv_id is renumbered).
 * The records move: the parts are left empty. */
void wl_conv_table_merge (WlConvTable *into, WlConvTable **parts, guint n_parts);

guint wl_conv_table_n_conversations (const WlConvTable *t);
const WlConversation *wl_conv_table_conversation (const WlConvTable *t, guint i);
guint wl_conv_table_n_endpoints (const WlConvTable *t);
const WlEndpoint *wl_conv_table_endpoint (const WlConvTable *t, guint i);

/* tshark's order: most packets (both ways) first, ties in order of appearance. Transfer
 * container: the pointers belong to the table. */
GPtrArray *wl_conv_table_sorted_conversations (const WlConvTable *t);
GPtrArray *wl_conv_table_sorted_endpoints (const WlConvTable *t);

/* Appends an address as the tables show it (MACs as 00:11:22:33:44:55, no name resolution). */
void wl_conv_format_address (const WlAddress *a, GString *out);

/* Seconds as tshark's nstime_to_sec computes them (whole seconds plus nanoseconds / 1e9). */
double wl_conv_ns_to_sec (gint64 ns);

/* Directions for the display filter of a conversation, as Wireshark's "Apply as Filter". */
typedef enum {
  WL_CONV_DIR_A_TO_FROM_B, /* A <-> B */
  WL_CONV_DIR_A_TO_B,      /* A --> B */
  WL_CONV_DIR_A_FROM_B,    /* A <-- B */
  WL_CONV_DIR_A_TO_FROM_ANY,
  WL_CONV_DIR_A_TO_ANY,
  WL_CONV_DIR_A_FROM_ANY,
  WL_CONV_DIR_ANY_TO_FROM_B,
  WL_CONV_DIR_ANY_TO_B,
  WL_CONV_DIR_ANY_FROM_B,
} WlConvDirection;

/* The display filter that selects the conversation (transfer full):
 * "ip.src==10.0.0.1 && tcp.srcport==5000 && ip.dst==10.0.0.2 && tcp.dstport==80". */
char *wl_conversation_filter (WlConvType type, const WlConversation *c, WlConvDirection dir);
/* The display filter of an endpoint: "ip.addr==10.0.0.1 && tcp.port==80" (transfer full). */
char *wl_endpoint_filter (WlConvType type, const WlEndpoint *e);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WlConvTable, wl_conv_table_free)
