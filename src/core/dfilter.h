/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Display filters: Wireshark 4.0's filter language ("tcp.port == 80 && !arp"), compiled once
 * into a program that knows the fields it reads, then applied to dissected packets. Errors
 * carry tshark 4.0's message and the position of the offending token, so that the CLI and the
 * GUI's filter bar say the same thing tshark says. */
#pragma once

#include <gio/gio.h>
#include "dissect.h"
#include "session.h"

typedef struct WlDfilter WlDfilter;

/* A compile error. start and length are byte offsets in the filter text; start is -1 when the
 * error has no position (e.g. "Unexpected end of filter expression."). */
typedef struct {
  char *message;
  int start;
  int length;
} WlDfilterError;

/* Compiles text; returns NULL and sets *error (when error is not NULL) on failure. An empty
 * filter (only blanks) compiles to a filter that matches every packet. */
WlDfilter *wl_dfilter_compile (const char *text, WlDfilterError **error);
void wl_dfilter_error_free (WlDfilterError *e);
/* What tshark prints after "tshark: ": the message and, when the error has a position,
 * "\n    <filter>\n    <spaces>^~~~" with the caret under the offending token. */
char *wl_dfilter_error_format (const char *text, const WlDfilterError *e);
void wl_dfilter_free (WlDfilter *df);
/* The filter text as compiled. */
const char *wl_dfilter_text (const WlDfilter *df);

/* Adds the ids of the fields the filter reads to a field set (wl_field_set_new) so that lean
 * dissection records them. */
void wl_dfilter_add_wanted (const WlDfilter *df, guint8 *field_set);

/* TRUE when the dissected packet (lean or full) matches. Thread-safe: df is not modified;
 * scratch values live in the packet's arena. */
gboolean wl_dfilter_apply (const WlDfilter *df, const WlPacket *p);

/* Why it matched: every test of the filter evaluated on its own for the packet, and every
 * occurrence of a field the filter read. When out is not NULL, appends one line per test
 * ("✔ tcp.port == 80  [true]") with the values it read. Returns WlDfilterFieldUse items
 * (transfer full); when tests is not NULL, sets it to the WlDfilterTest items (transfer
 * full), in the order the lines are printed, which the uses point into. */
typedef struct {
  int start, len;           /* the test's text in wl_dfilter_text (with the parentheses it needs) */
  int parent;               /* the enclosing test's index, -1 for the whole filter */
  gboolean is_true;         /* the test alone, on this packet */
  gboolean made_match;      /* true, and every test above it is true (none is a "not") */
  gboolean is_logical;      /* an "and" or an "or": its parts are the tests below it */
} WlDfilterTest;
typedef struct {
  int field_id;
  const WlNode *node;
  guint test;               /* the test that read it */
  gboolean made_match;      /* the test made the packet match */
  /* The test made the packet match and this occurrence alone makes it true: the 80 of
   * tcp.port == 80 and not the other port. Where the test does not compare one field with
   * constants (two fields, slices, functions, layers), every occurrence of a test that made
   * the match. */
  gboolean decided;
} WlDfilterFieldUse;
GArray *wl_dfilter_explain (const WlDfilter *df, const WlPacket *p, GString *out);
GArray *wl_dfilter_explain_full (const WlDfilter *df, const WlPacket *p, GString *out, GArray **tests);

typedef void (*WlProgressFunc) (guint32 done, guint32 total, gpointer user_data);

/* Evaluates df over frames 1..n of session s (whose first pass has covered them:
 * s->n_visited >= n), splitting the frames over n_threads workers (0: one per core), each with
 * its own arena and packet, in lean mode. Sets bit (frame - 1) of bitmap, which the caller
 * allocates with (n + 7) / 8 bytes (bits of unmatched frames are cleared). Checks cancellable
 * between chunks and returns FALSE when cancelled; progress, when not NULL, is called from the
 * calling thread. */
gboolean wl_dfilter_run (const WlDfilter *df, WlSession *s, guint32 n, guint8 *bitmap,
                         guint n_threads, GCancellable *cancellable,
                         WlProgressFunc progress, gpointer user_data);

/* The first pass and the filter in one, on n_threads workers (0: one per core) for a program
 * that dissects each frame once (the CLI's -Y with -w): frames are split by IP address pair
 * (wl_flow_part ()), each worker has its own session over store and visits its frames in
 * order with opts (lean, pruned). Only valid when wl_flow_split_ok (opts->wanted). Meanwhile
 * the calling thread calls kept (number, user_data) for each frame df keeps, in order, as
 * soon as the workers are past it; when kept returns FALSE the run stops and returns FALSE. */
typedef gboolean (*WlKeptFunc) (guint32 number, gpointer user_data);
gboolean wl_dfilter_run_split (const WlDfilter *df, WlFrameStore *store, const WlDissectOptions *opts,
                               guint n_threads, WlKeptFunc kept, gpointer user_data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WlDfilter, wl_dfilter_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WlDfilterError, wl_dfilter_error_free)
