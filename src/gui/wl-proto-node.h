/* SPDX-License-Identifier: GPL-2.0-or-later */
/* WlProtoNode: one line of the protocol tree, copied out of a dissected packet (whose arena
 * is reused for the next one): its label as tshark -V prints it, the bytes it covers, and
 * what "Copy Value" and "Apply as Filter" need. */
#pragma once

#include <gio/gio.h>
#include "dissect.h"

G_BEGIN_DECLS

#define WL_TYPE_PROTO_NODE (wl_proto_node_get_type ())
G_DECLARE_FINAL_TYPE (WlProtoNode, wl_proto_node, WL, PROTO_NODE, GObject)

/* The visible top-level nodes of p's tree, with their children (hidden nodes left out). */
GListStore *wl_proto_node_build_tree (const WlPacket *p);

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
