/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Follow stream: the payload of one TCP or UDP stream, each direction's bytes in order, as
 * tshark 4.0's -z follow collects it. For TCP: segments are put in sequence order,
 * retransmitted bytes are dropped, bytes of a retransmission that extends old data are kept,
 * out-of-order segments wait until the gap before them is filled, and a gap the other side
 * acknowledged becomes a "[N bytes missing in capture file]" chunk. The client (node 0) is the
 * source of the first packet of the stream. Computed from lean dissection: add the fields
 * with wl_follow_add_wanted. No GTK here: the CLI and the GUI's Follow window share it. */
#pragma once

#include "dissect.h"

typedef enum {
  WL_FOLLOW_TCP,
  WL_FOLLOW_UDP,
} WlFollowProto;

typedef enum {
  WL_FOLLOW_ASCII,
  WL_FOLLOW_HEX,
  WL_FOLLOW_RAW,
} WlFollowMode;

typedef struct {
  gboolean is_server;        /* from node 1 (the server) */
  guint32 frame;             /* the packet it came from */
  gint64 ts_ns;
  guint32 seq;               /* TCP: relative sequence number of the first byte */
  guint32 len;
  guint8 *data;              /* owned */
} WlFollowChunk;

typedef struct WlFollow WlFollow;

/* Follows stream number stream (tcp.stream / udp.stream). */
WlFollow *wl_follow_new (WlFollowProto proto, guint32 stream);
/* Follows the packets between two endpoints (a:port_a <-> b:port_b). */
WlFollow *wl_follow_new_for_endpoints (WlFollowProto proto, const WlAddress *a, guint32 port_a,
                                       const WlAddress *b, guint32 port_b);
void wl_follow_free (WlFollow *f);
void wl_follow_add_wanted (WlFollowProto proto, guint8 *wanted);
/* Takes the packet's segment or datagram when it belongs to the stream. Packets must come in
 * capture order. */
void wl_follow_add_packet (WlFollow *f, const WlPacket *p);

WlFollowProto wl_follow_proto (const WlFollow *f);
/* The stream number followed (tcp.stream / udp.stream), G_MAXUINT32 when by endpoints. */
guint32 wl_follow_stream (const WlFollow *f);
/* Takes the packets of stream number local instead, keeping the text of the stream followed:
 * for a session that saw only part of the capture and numbers its streams its own way. */
void wl_follow_match_stream (WlFollow *f, guint32 local);
/* "tcp.stream eq 0", or the address filter for wl_follow_new_for_endpoints (tshark's text). */
const char *wl_follow_filter (const WlFollow *f);
/* The client (node 0) and the server (node 1); FALSE when no packet matched. */
gboolean wl_follow_peers (const WlFollow *f, WlAddress *client, guint32 *client_port,
                          WlAddress *server, guint32 *server_port);
guint wl_follow_n_chunks (const WlFollow *f);
const WlFollowChunk *wl_follow_chunk (const WlFollow *f, guint i);
/* Bytes each way (index 0: client to server). */
guint64 wl_follow_bytes (const WlFollow *f, gboolean from_server);

/* How many streams of proto the first pass of s numbered (0..n-1); 0 when it kept none. */
guint32 wl_follow_n_streams (WlSession *s, WlFollowProto proto);

/* The frames that may carry stream number stream of a session whose first pass is over: from
 * its first frame to its last, those whose outermost IP address pair is that of the first
 * frame or the stream's own (wl_flow_part () with G_MAXUINT parts, so a few others may come
 * along: wl_follow_add_packet sorts them out). */
typedef struct {
  guint32 first, last;
  guint part_first, part_pair;
} WlFollowFrames;
/* FALSE when s does not know the stream (no such stream, no state kept). */
gboolean wl_follow_frames (WlSession *s, WlFollowProto proto, guint32 stream, WlFollowFrames *ff);
/* Whether frame number (first <= number <= last) is one to read. */
gboolean wl_follow_frames_wants (const WlFollowFrames *ff, WlFrameStore *store, guint32 number);

/* Prints tshark's -z follow output in mode (chunks from first to last, 1-based; 0 and
 * G_MAXUINT32 for all) to out. */
void wl_follow_print (const WlFollow *f, WlFollowMode mode, guint32 first, guint32 last, GString *out);
/* One chunk as a hex dump (tshark's: offset, 16 bytes, ASCII), offset counting the bytes
 * of that direction before it; prefix starts each line. */
void wl_follow_format_hex (const guint8 *data, guint32 len, guint32 offset, const char *prefix, GString *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WlFollow, wl_follow_free)
