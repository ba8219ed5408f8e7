/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Protocol hierarchy, as tshark 4.0's -z io,phs builds it: each packet's top-level tree items
 * (eth, ip, tcp, http, data-text-lines, tcp.segments...) form a path from the root; every node
 * of the path counts the packet and its length (frame.len). The "frame" item is a top-level
 * item only when tshark would have built it (a filter reads a frame field, or the tree is
 * printed); pkt_comment leads for packets with comments. Needs the full tree
 * (WlDissectOptions.full), whose top-level nodes are tshark's top-level items. */
#pragma once

#include "dissect.h"

typedef struct WlHierNode WlHierNode;
struct WlHierNode {
  const char *name;          /* filter name: "eth", "tcp.segments", "pkt_comment" */
  guint32 frames;
  guint64 bytes;
  WlHierNode *parent;
  WlHierNode *first_child;   /* children in order of first appearance */
  WlHierNode *next;          /* next sibling */
  guint32 first_frame;       /* the frame that made it (siblings are in this order) */
  const char *key;           /* the name as first passed (a field's abbrev): compared first */
};

typedef struct WlHierarchy WlHierarchy;

/* with_frame: count "frame" as the first top-level item (see above). */
WlHierarchy *wl_hierarchy_new (gboolean with_frame);
void wl_hierarchy_free (WlHierarchy *h);
/* An empty hierarchy counted the way h is (with_frame, tree order). */
WlHierarchy *wl_hierarchy_new_like (const WlHierarchy *h);
/* Counts the top-level items in the order of the printed tree (where tshark moves the
 * "[Reassembled TCP Segments]" item behind TCP's) rather than in the order they were added,
 * as tshark does when it prints the tree (-V, -T fields/json/ek). FALSE by default. */
void wl_hierarchy_set_tree_order (WlHierarchy *h, gboolean tree_order);
/* Adds the packet's path; p must have been dissected with the full tree. */
void wl_hierarchy_add_packet (WlHierarchy *h, const WlPacket *p);
/* Adds from's counts to into (two halves of a capture counted apart, e.g. split by address
 * pair), keeping siblings in order of first appearance in the whole capture; from is left
 * empty. */
void wl_hierarchy_merge (WlHierarchy *into, WlHierarchy *from);
/* The first top-level node (NULL when no packet was added). */
const WlHierNode *wl_hierarchy_first (const WlHierarchy *h);
/* Packets and bytes added (for percentages). */
guint32 wl_hierarchy_n_frames (const WlHierarchy *h);
guint64 wl_hierarchy_n_bytes (const WlHierarchy *h);

/* Prints tshark's -z io,phs table for filter (NULL: none) to out. */
void wl_hierarchy_print (const WlHierarchy *h, const char *filter, GString *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WlHierarchy, wl_hierarchy_free)
