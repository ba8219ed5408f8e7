/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the parts of live capture share: the capture source's state (capture-source.c, the
 * consumer; capture-thread.c, the producer) and the helper's conventions
 * (capture-interfaces.c). Not for use outside src/core. */
#pragma once

#include "capture-ring.h"
#include "capture-source.h"
#include "capture-writer.h"
#include "frame-store-live.h"

#define WL_CAPTURE_HELPER_NAME "wirelens-capture"

/* Exit codes of wirelens-capture (src/capture-helper/main.c). */
enum {
  WL_HELPER_EXIT_USAGE = 2,      /* bad option or invalid capture filter */
  WL_HELPER_EXIT_PERMISSION = 3,
};

/* The helper's message (its standard error) without its "wirelens-capture: " prefix and
 * final newline. (transfer full) */
char *wl_capture_helper_message (const char *text);
/* The WlCaptureError code for the helper's exit status. */
int wl_capture_helper_error_code (int wait_status);

enum {
  REC_HEADER = 1,  /* a StreamHeader*, the helper's section header and interfaces */
  REC_PACKET = 2,
};

/* What goes into the ring before each packet's bytes. */
typedef struct {
  gint64 ts_ns;
  guint32 caplen;
  guint32 len;
  guint16 iface;
  guint16 kind;
  guint32 reserved;
} Record;

typedef struct {
  GByteArray *bytes;    /* the helper's SHB and IDBs */
  WlFrameStore *store;  /* indexes bytes: the interfaces */
} StreamHeader;

typedef struct {
  guint64 recv, ifdrop, osdrop, usrdeliv;
} HelperStats;

struct WlCaptureSource {
  /* Options */
  char **interfaces;
  char *filter;
  int snaplen, buffer_mib;
  gboolean no_promisc;
  gint64 max_packets, duration_s;
  gsize ring_size;
  guint interval_ms;

  WlCapturePacketFunc packet_fn;
  WlCaptureBatchFunc batch_fn;
  WlCaptureDoneFunc done_fn;
  gpointer user_data;
  const WlDissectOptions *dopts;

  /* Shared with the capture thread */
  WlCaptureRing *ring;
  GSource *source;
  GPid pid;
  int out_fd, err_fd;
  GThread *thread;
  gint done;                 /* atomic: the thread pushed its last record */
  GMutex lock;               /* protects what follows */
  gboolean reaped;
  gint64 stop_requested_us;
  int wait_status;
  GString *helper_stderr;
  char *stream_error;
  HelperStats *helper_stats; /* per interface */
  guint n_helper_stats;

  /* The consumer's */
  gboolean running, finished, keep_file;
  GMainContext *context;
  char *tmp_dir;
  char *final_path;
  WlCaptureWriter *writer;
  WlFrameStoreLive *live;
  WlSession *session;
  WlArena *arena;
  WlPacket pkt;
  guint32 n_visited;
  GArray *if_stored;         /* guint64 per interface */
  GError *consumer_error;

  /* Process tracking (issue 9): each packet's owning process, as a pcapng comment */
  struct WlProcMap *procmap;
  guint32 n_written;         /* packets written to the temporary file */
  GHashTable *pending_comments; /* packet number -> GPtrArray of one comment, until indexed */
};

/* The capture thread (capture-thread.c): reads the helper's stream until it ends, then reaps
 * the helper, sets src->done and wakes the consumer. */
gpointer wl_capture_thread_run (gpointer src);
/* Sends sig to the helper unless it has been reaped (its pid may be someone else's then). */
void wl_capture_signal_helper (WlCaptureSource *src, int sig);
