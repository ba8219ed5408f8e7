/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the link and network layer dissectors (eth.c ... udp.c) share with each other and with
 * the layers above them: the ethertype hand-off, the value names of ethertypes and IP
 * protocol numbers, and the IP information an upper layer receives as its data. */
#pragma once

#include "dissect.h"

/* Ethertype value names ("IPv4" for 0x0800), {0, NULL}-terminated (eth.c). */
extern const WlValueString wl_etype_vals[];
/* IP protocol numbers ("UDP" for 17), {0, NULL}-terminated (ipv4.c). */
extern const WlValueString wl_ipproto_vals[];

/* Where a link layer wants the bytes that follow its payload (Ethernet padding and trailer). */
typedef struct {
  WlNode *tree;      /* the link layer's node: padding and trailer go under it */
  int hf_trailer;    /* eth.trailer, vlan.trailer, ... (-1: none) */
  gboolean padding;  /* the frame is Ethernet: bytes up to 60 that are all zeros are eth.padding */
} WlTrailerInfo;

/* Hands v, the payload of a link layer, to the "ethertype" table as Wireshark's ethertype
 * pseudo-protocol does: records the "ethertype" layer, dispatches on etype, and when nobody takes
 * it sets the Protocol column to "0x%04x" and calls data. With trailer, the bytes left after
 * what the payload's dissector consumed become padding and trailer. Returns v's length. */
guint32 wl_ethertype_dispatch (WlPacket *p, guint16 etype, const WlView *v, const WlTrailerInfo *trailer);

/* Adds Ethernet padding / trailer nodes for the bytes of v after consumed (eth.c). */
void wl_eth_add_trailer (WlPacket *p, const WlView *v, guint32 consumed, const WlTrailerInfo *trailer);

/* What IPv4 and IPv6 hand to the dissectors of "ip.proto" as their data. */
typedef struct {
  guint8 version;       /* 4 or 6 */
  guint8 proto;         /* protocol / next header of this payload */
  guint8 ttl;           /* TTL or hop limit */
  gboolean in_error;    /* this datagram is quoted inside an ICMP/ICMPv6 error */
  gboolean reassembled; /* the payload was put together from fragments */
  WlAddress src, dst;
  WlAddress final_dst;  /* the destination the transport checksum covers: dst, or the last
                           address of an IPv6 routing header with segments left */
  guint32 payload_len;  /* payload bytes the IP header announces */
} WlIpInfo;

/* ICMP and ICMPv6 pass this as data when they hand a quoted datagram to "ip" or "ipv6": the
 * datagram is then shown without reassembly, columns or conversation state. */
extern const int wl_ip_in_error_packet;

/* The one's complement sum of the bytes (for checksums), not yet folded or inverted. */
static inline guint32
wl_l23_sum (const guint8 *d, guint32 n, guint32 sum)
{
  guint32 i = 0;
  for (; i + 1 < n; i += 2)
    sum += (guint32) ((d[i] << 8) | d[i + 1]);
  if (i < n)
    sum += (guint32) (d[i] << 8);
  return sum;
}

static inline guint16
wl_l23_fold (guint32 sum)
{
  while (sum >> 16)
    sum = (sum & 0xffff) + (sum >> 16);
  return (guint16) ~sum;
}

/* DSCP and ECN names: long ones for the subfields, short ones for the summary line
 * "Differentiated Services Field: 0x00 (DSCP: CS0, ECN: Not-ECT)" (ipv4.c). */
extern const WlValueString wl_dscp_vals[], wl_dscp_short_vals[], wl_ecn_vals[], wl_ecn_short_vals[];

/* Fragment reassembly for IPv4 and IPv6 (ipv4.c), done in the first pass. */
typedef struct {
  guint32 frame, offset, len;
} WlReasmFragment;

typedef struct {
  guint8 *data;             /* the whole payload, owned by the WlReasm */
  guint32 len;
  guint n_frags;
  WlReasmFragment *frags;   /* in offset order */
} WlReasmDone;

typedef struct WlReasm WlReasm;
WlReasm *wl_reasm_new (void);
void wl_reasm_free (gpointer r);
/* Adds one fragment (key identifies the datagram). Returns the datagram when this fragment
 * completes it, NULL otherwise. The result lives as long as r. */
const WlReasmDone *wl_reasm_add (WlReasm *r, const guint8 *key, gsize key_len, guint32 frame,
                                 guint32 offset, const guint8 *data, guint32 len, gboolean more);
/* Adds the "[N IPv4 Fragments (X bytes): #13(1480), ...]" subtree under parent. */
void wl_reasm_add_tree (WlPacket *p, WlNode *parent, const WlView *v, const WlReasmDone *d,
                        int hf_fragments, int hf_fragment, int hf_count, int hf_length, const char *what);

/* An expert item as tshark shows it: "[Expert Info (Note/Sequence): msg]" with the item's own
 * field (so a filter on its name matches), the message, severity and group (eth.c). */
void wl_l23_expert (WlPacket *p, WlNode *parent, int hf, const WlView *v, guint32 off, guint32 len,
                    const char *severity, const char *group, const char *fmt, ...) G_GNUC_PRINTF (9, 10);

/* ARP hardware types (arp.c), shared with Linux cooked capture's address types. */
extern const WlValueString wl_arp_hw_type_vals[];
