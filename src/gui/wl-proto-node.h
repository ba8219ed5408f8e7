/* SPDX-License-Identifier: GPL-2.0-or-later */
/* WlProtoNode: one line of the protocol tree, copied out of a dissected packet (whose arena
 * is reused for the next one): its label as tshark -V prints it, the bytes it covers, and
 * what "Copy Value" and "Apply as Filter" need. */
#pragma once

#include <gio/gio.h>
#include "dfilter.h"
#include "dissect.h"

G_BEGIN_DECLS

#define WL_TYPE_PROTO_NODE (wl_proto_node_get_type ())
G_DECLARE_FINAL_TYPE (WlProtoNode, wl_proto_node, WL, PROTO_NODE, GObject)

/* The visible top-level nodes of p's tree, with their children (hidden nodes left out). */
GListStore *wl_proto_node_build_tree (const WlPacket *p);

/* What a display filter did with a node's field in the packet shown. */
typedef enum {
  WL_PROTO_NODE_MARK_NONE,
  WL_PROTO_NODE_MARK_READ,     /* a test of the filter read it */
  WL_PROTO_NODE_MARK_MATCHED,  /* its value made a test true that made the packet match */
} WlProtoNodeMark;

/* As wl_proto_node_build_tree, with the nodes whose fields df read in p marked (a hidden
 * field, such as tcp.port, marks the visible node over the same bytes, tcp.dstport, or else
 * the layer holding it). Sets *summary (transfer full) to the line saying which tests made p
 * match ("Matched by: tcp.port == 80 (80) · ip.ttl > 10 (64)"), or that it does not match. */
GListStore *wl_proto_node_build_explained_tree (const WlPacket *p, const WlDfilter *df, char **summary);
WlProtoNodeMark wl_proto_node_get_mark (WlProtoNode *self);
/* One line per test that read the field ("tcp.port == 80 matched (80)"), NULL when none. */
const char *wl_proto_node_get_why (WlProtoNode *self);
/* TRUE when a node below this one is marked. */
gboolean wl_proto_node_has_marked_child (WlProtoNode *self);

const char *wl_proto_node_get_label (WlProtoNode *self);
WlProtoNode *wl_proto_node_get_parent (WlProtoNode *self);
/* Children, or NULL for a leaf. */
GListModel *wl_proto_node_get_children (WlProtoNode *self);
/* The field's filter name ("tcp.srcport"), NULL for a text-only line. */
const char *wl_proto_node_get_abbrev (WlProtoNode *self);
/* The value as tshark -T fields prints it ("" when the field has none). */
const char *wl_proto_node_get_value (WlProtoNode *self);
/* A display filter that matches this field's value ("tcp.srcport == 443"), or NULL. */
char *wl_proto_node_dup_filter (WlProtoNode *self);
guint wl_proto_node_get_source (WlProtoNode *self);
guint32 wl_proto_node_get_offset (WlProtoNode *self);
guint32 wl_proto_node_get_length (WlProtoNode *self);
gboolean wl_proto_node_is_generated (WlProtoNode *self);

G_END_DECLS
