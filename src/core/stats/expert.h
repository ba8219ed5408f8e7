/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Expert information: the warnings and notes dissectors attach to packets (tcp.analysis
 * flags, malformed packets, HTTP request and response lines...), grouped by severity and, as
 * tshark 4.0's -z expert does, by protocol and summary text, with the packets each one was
 * seen in. Needs the full tree (WlDissectOptions.full): an expert item is a node flagged
 * WL_NODE_EXPERT whose label reads "Expert Info (Severity/Group): summary"; a malformed packet
 * counts as an error of the protocol that failed. */
#pragma once

#include "dissect.h"

typedef enum {
  WL_EXPERT_COMMENT,
  WL_EXPERT_CHAT,
  WL_EXPERT_NOTE,
  WL_EXPERT_WARN,
  WL_EXPERT_ERROR,
  WL_EXPERT_N_SEVERITIES
} WlExpertSeverity;

typedef struct {
  WlExpertSeverity severity;
  const char *group;         /* "Sequence", "Malformed", "Protocol"... */
  const char *protocol;      /* short name: "TCP" */
  const char *summary;
  guint count;
  GArray *frames;            /* guint32 frame numbers, one per occurrence, in order */
  guint order;               /* made the order-th (for merging parts) */
} WlExpertEntry;

typedef struct WlExpert WlExpert;

WlExpert *wl_expert_new (void);
void wl_expert_free (WlExpert *e);
/* tshark raises a few items (the TCP "4 NOP in a row" warning) only when it builds a protocol
 * tree: with FALSE, they are left out, as from tshark -q -z expert alone. TRUE by default. */
void wl_expert_set_tree_items (WlExpert *e, gboolean with_tree_items);
void wl_expert_add_packet (WlExpert *e, const WlPacket *p);
/* Adds to wanted what wl_expert_add_packet reads in a lean or shape tree built with
 * WlDissectOptions.expert_items. */
void wl_expert_add_wanted (guint8 *wanted);
/* The report of the frames of n_parts reports of disjoint sets of frames (each frame's items
 * in one part, as a revisit split by address pair gives them): entries of the same severity,
 * protocol and summary add up, in order of first appearance. Frees the parts. */
WlExpert *wl_expert_merge (WlExpert **parts, guint n_parts);
/* Entries of one severity in order of first appearance (owned by e). */
const GPtrArray *wl_expert_entries (const WlExpert *e, WlExpertSeverity severity);
guint wl_expert_total (const WlExpert *e, WlExpertSeverity severity);

/* "Errors", "Warns", "Notes", "Chats", "Comments" (tshark's titles) */
const char *wl_expert_severity_title (WlExpertSeverity severity);
/* Parses "Error", "Warning"/"Warn", "Note", "Chat", "Comment" (any case). */
gboolean wl_expert_severity_from_name (const char *name, gsize len, WlExpertSeverity *severity);

/* Prints tshark's -z expert report (severities from lowest up) to out. */
void wl_expert_print (const WlExpert *e, WlExpertSeverity lowest, GString *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WlExpert, wl_expert_free)
