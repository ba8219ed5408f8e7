/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A session: one capture being analysed. It owns the frame store and the first-pass state of
 * every protocol, and dissects frames on demand. */
#pragma once

#include "dissect.h"
#include "frame-store.h"

struct WlSession {
  WlFrameStore *store;       /* owned unless shared */
  gboolean shared_store;
  GHashTable *proto_state;   /* proto id -> WlSessionState */
  GArray *fd_frames;         /* frame-data entries' frame numbers, in order */
  GArray *fd_keys;           /* their keys */
  GArray *fd_values;         /* and their values */
  WlArena *key_arena;        /* first-pass state of the session's lifetime (never reset) */
  guint32 n_visited;         /* frames 1..n_visited have had their first visit */
  gboolean first_pass_done;  /* wl_session_first_pass_done (): no more first visits */
  gint64 first_ts_ns;
  gint64 prev_ts_ns;         /* of the frame visited before, for frame.time_delta */
};

WlSession *wl_session_new (WlFrameStore *store /* transfer full */);
/* A session over a store it does not own (one of the sessions of a flow-split first pass). */
WlSession *wl_session_new_shared (WlFrameStore *store /* transfer none */);
/* Zeroed memory that lives as long as the session, for first-pass state (one thread). */
gpointer wl_session_alloc (WlSession *s, gsize size);
/* Every frame of s has had its first visit and no other will come (an opened file, not a
 * live capture): the protocols drop the state only first visits need (TCP's flows: 400 bytes
 * a conversation). No other thread may dissect frames of s meanwhile. */
void wl_session_first_pass_done (WlSession *s);
void wl_session_free (WlSession *s);

typedef struct {
  gboolean full;             /* the whole tree with labels */
  const guint8 *wanted;      /* lean mode: the fields wanted (bitmap by field id) */
  gboolean columns;          /* fill Protocol, Info, Source, Destination */
  /* Dissectors may skip work no wanted field can see, such as handing TCP and UDP payloads
   * to the protocols above when only header fields are wanted (wl_dissect_options_prune ()). */
  gboolean prune;             /* set by wl_dissect_options_prune () only, with: */
  gboolean prune_payload, prune_tcp_state, prune_tcp_to_ports, prune_tcp_to_header, prune_tcp_state_by_port;
  guint8 *pruned_protos;      /* owned: wl_dissect_options_clear () */
  guint8 *protos_with_fields; /* owned: see WlPacket.protos_with_fields */
  /* With full: the tree's shape, not its text, for statistics that read which protocols
   * nest where (protocol hierarchy): no labels, and of the fields only the protocols and the
   * wanted ones, each in its place (WlPacket.stub). Takes effect once
   * wl_dissect_options_prune () has worked out shape_wanted; full mode before. */
  gboolean shape_only;
  guint8 *shape_wanted;       /* owned: wanted and every protocol */
  /* Lean and shape modes: expert items are built whole, labels included, whatever wanted
   * says (the Expert Information window reads them without the rest of the tree). */
  gboolean expert_items;
} WlDissectOptions;

/* Dissects frame number (1-based) into p, whose arena is reset first. Frames must get their
 * first visit in order: dissecting frame n+1 before frame n has been visited once visits the
 * frames between first. */
void wl_dissect_frame (WlSession *s, guint32 number, const WlDissectOptions *opts, WlPacket *p, WlArena *arena);
/* The first visit of one frame of a subset the session sees alone, frames in increasing
 * order: no catch-up of the frames before (WlSession then holds the state of that subset only;
 * see wl_flow_split_ok ()). */
void wl_dissect_frame_sparse (WlSession *s, guint32 number, const WlDissectOptions *opts, WlPacket *p,
                              WlArena *arena);
/* Whether a first pass split by IP address pair (wl_flow_part ()) over several sessions gives
 * every field of wanted the values one sequential pass gives: no numbering across flows
 * (tcp.stream), no state shared by several address pairs (ARP, request/response matching of
 * broadcast and multicast). */
gboolean wl_flow_split_ok (const guint8 *wanted);
/* Which of n_parts a frame belongs to: by a symmetric hash of its IP address pair (the
 * outermost IPv4 or IPv6 header), part 0 for frames without one. */
guint wl_flow_part (const guint8 *data, guint32 caplen, int link_type, guint n_parts);
/* The part of frames whose outermost IP header is between x and y (IPv4 or IPv6). */
guint wl_flow_part_of_pair (const WlAddress *x, const WlAddress *y, guint n_parts);
/* wl_flow_part () of frame number of store. */
guint wl_flow_part_of_frame (WlFrameStore *store, guint32 number, guint n_parts);
/* Each frame's part, computed once by the n_parts workers of a split run: each calls
 * wl_flow_parts_fill with its own part number, which fills a slice of the frames and waits
 * until every worker has filled its own, then returns the parts by frame number - 1. */
typedef struct WlFlowParts WlFlowParts;
WlFlowParts *wl_flow_parts_new (guint32 n_frames, guint n_parts);
const guint8 *wl_flow_parts_fill (WlFlowParts *fp, WlFrameStore *store, guint part);
void wl_flow_parts_free (WlFlowParts *fp);
/* A first pass split by address pair: n_parts workers (the calling thread is worker 0), each
 * with its own session over store, visit the frames of their part in order with opts and call
 * fn (p, user_data[i]) for each. Only valid when the result read from the packets is
 * split-safe (wl_flow_split_ok ()). */
typedef void (*WlSplitFunc) (const WlPacket *p, gpointer user_data);
void wl_session_run_split (WlFrameStore *store, const WlDissectOptions *opts, guint n_parts,
                           WlSplitFunc fn, gpointer *user_data);
/* wl_session_run_split () with every worker on a thread of its own while the calling thread
 * follows them: follow (from, to, follow_data) is called in order for each range of frames
 * that every worker is past (fn has run for all of their frames up to to), the last range
 * ending at the store's count, so that the caller can use the results while the workers go
 * on. What a worker wrote for a frame before passing it is visible to follow. When follow
 * returns FALSE the workers stop soon after, and so does this call, returning FALSE. */
typedef gboolean (*WlSplitFollowFunc) (guint32 from, guint32 to, gpointer follow_data);
gboolean wl_session_run_split_followed (WlFrameStore *store, const WlDissectOptions *opts, guint n_parts,
                                        WlSplitFunc fn, gpointer *user_data, WlSplitFollowFunc follow,
                                        gpointer follow_data);
/* For a program that exits once its split passes are done (the CLI): the workers' sessions
 * are then not freed one allocation at a time (several percent of a pass's CPU) but left to
 * the exit, still reachable. Off by default. */
void wl_session_defer_split_frees (gboolean defer);
/* Frees what a WlPacket holds between uses (its Info buffer). */
void wl_packet_clear (WlPacket *p);

/* Works out what o's wanted fields let dissectors skip (o->full and o->columns prune
 * nothing; o->shape_only skips the fields that are not wanted) and turns pruning on. Safe
 * for a program that visits each frame once with these
 * options (the CLI's single pass), and for revisits of frames whose first visit is done
 * (filtering a loaded session), since a revisit writes no state; never for the first visits
 * of a session whose frames will be revisited with other options. Call again after changing
 * o->wanted. */
void wl_dissect_options_prune (WlDissectOptions *o);
void wl_dissect_options_clear (WlDissectOptions *o);

/* A bitmap of field ids, for WlDissectOptions.wanted */
guint8 *wl_field_set_new (void);
void wl_field_set_add (guint8 *set, int id);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WlSession, wl_session_free)
