/* SPDX-License-Identifier: GPL-2.0-or-later */
/* WlProtoTree: the protocol tree of the selected packet, one expandable line per layer and
 * field, with a context menu to copy a value, filter on it or make it a column. */
#pragma once

#include <gtk/gtk.h>
#include "wl-proto-node.h"

G_BEGIN_DECLS

#define WL_TYPE_PROTO_TREE (wl_proto_tree_get_type ())
G_DECLARE_FINAL_TYPE (WlProtoTree, wl_proto_tree, WL, PROTO_TREE, GtkWidget)

GtkWidget *wl_proto_tree_new (void);
/* Shows p's tree (NULL: nothing), keeping the subtrees the user had open expanded. With a
 * filter set, marks the fields it read in p and those that made p match, opens the subtrees
 * that hold them, and says above the tree which tests made p match. */
void wl_proto_tree_set_packet (WlProtoTree *self, const WlPacket *p);
/* The display filter to explain from the next wl_proto_tree_set_packet on (NULL or "": none). */
void wl_proto_tree_set_filter (WlProtoTree *self, const char *filter);
/* The line above the tree ("Matched by: tcp.port == 80 (80)"), NULL when hidden. */
const char *wl_proto_tree_get_summary (WlProtoTree *self);
/* The rows as shown: a GListModel of GtkTreeListRow. */
GListModel *wl_proto_tree_get_rows (WlProtoTree *self);
WlProtoNode *wl_proto_tree_get_selected (WlProtoTree *self);
/* Expands the node's ancestors, selects it and scrolls to it. */
gboolean wl_proto_tree_select_node (WlProtoTree *self, WlProtoNode *node);
/* The innermost node covering byte offset of source, or NULL. */
WlProtoNode *wl_proto_tree_find_at (WlProtoTree *self, guint source, guint32 offset);
/* The first node of field abbrev, depth first, or NULL. */
WlProtoNode *wl_proto_tree_find_field (WlProtoTree *self, const char *abbrev);
void wl_proto_tree_expand_all (WlProtoTree *self);

G_END_DECLS
