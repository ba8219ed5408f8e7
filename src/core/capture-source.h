/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Live capture for the window and the CLI. A capture source runs wirelens-capture (the
 * privileged helper), and a capture thread reads the pcapng stream it writes and puts each
 * packet into a fixed-size ring. On the thread that started the capture (its thread-default
 * main context), batches are taken from the ring, appended to a temporary pcapng file (so
 * nothing captured is lost if the program dies) and to the session's frame store, and given
 * their first pass; then the caller hears of them through callbacks.
 *
 * Drops are counted where they happen and all reported: by the kernel or the interface
 * (from the helper's statistics blocks) and by the ring when the consumer falls behind. */
#pragma once

#include <gio/gio.h>
#include "session.h"

G_BEGIN_DECLS

#define WL_CAPTURE_ERROR (wl_capture_error_quark ())
GQuark wl_capture_error_quark (void);

typedef enum {
  WL_CAPTURE_ERROR_NO_HELPER,      /* wirelens-capture was not found or could not be run */
  WL_CAPTURE_ERROR_PERMISSION,     /* the helper may not capture: the message says what to do */
  WL_CAPTURE_ERROR_INVALID_FILTER, /* the capture filter does not compile */
  WL_CAPTURE_ERROR_FAILED,         /* the helper stopped with an error (its message) */
  WL_CAPTURE_ERROR_HELPER_DIED,    /* the helper was killed, or sent a damaged stream */
  WL_CAPTURE_ERROR_IO,             /* the temporary file could not be written */
} WlCaptureError;

/* ---- Interfaces ---- */

typedef struct {
  char *name;
  char *description;     /* libpcap's, or NULL */
  char **addresses;      /* "127.0.0.1/8", "::1/128", "00:00:00:00:00:00"; never NULL */
  gboolean is_up;
  gboolean is_running;
  gboolean is_loopback;
  gboolean is_wireless;
  gboolean is_connected;     /* FALSE when disconnected or unknown */
  gboolean is_disconnected;
} WlCaptureInterface;

void wl_capture_interface_free (WlCaptureInterface *iface);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WlCaptureInterface, wl_capture_interface_free)

/* The path of wirelens-capture: $WIRELENS_CAPTURE when set, else beside the running program
 * (installed), else in the build tree next to it (src/capture-helper), else in PATH.
 * (transfer full) */
char *wl_capture_find_helper (GError **error);

/* The interfaces libpcap can capture on, in its order (that of "wirelens-cli -D"): a
 * GPtrArray of WlCaptureInterface, transfer full. Runs the helper, which needs no privilege
 * for this; a few milliseconds. */
GPtrArray *wl_capture_list_interfaces (GError **error);

/* Whether filter compiles as a capture filter for link_type (LINKTYPE_*, 1 for Ethernet),
 * without opening any device; the error is libpcap's. A few milliseconds. */
gboolean wl_capture_check_filter (const char *filter, int link_type, GError **error);

/* Packet counts per interface before a capture starts, for the interface list's rate graphs:
 * the helper counts (and throws away) packets on interfaces (NULL: every interface that is
 * up), needing the same privileges as capturing. */
typedef struct WlCaptureMonitor WlCaptureMonitor;
typedef struct {
  const char *name;
  guint64 n_packets;     /* since the monitor started */
  guint64 n_dropped;     /* by the kernel and the interface */
} WlCaptureCount;
/* Called about every second with one count per interface (valid during the call), on the
 * main context that created the monitor; when the helper stops (no permission, an error),
 * once more with counts NULL and error set, and then never again. */
typedef void (*WlCaptureMonitorFunc) (WlCaptureMonitor *m, const WlCaptureCount *counts, guint n_counts,
                                      const GError *error, gpointer user_data);
WlCaptureMonitor *wl_capture_monitor_new (const char *const *interfaces, WlCaptureMonitorFunc fn,
                                          gpointer user_data, GError **error);
/* Stops the helper; no callback after this. */
void wl_capture_monitor_free (WlCaptureMonitor *m);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WlCaptureMonitor, wl_capture_monitor_free)

/* ---- Capturing ---- */

typedef struct {
  const char *const *interfaces; /* NULL-terminated, at least one */
  const char *filter;            /* capture filter (BPF), or NULL */
  int snaplen;                   /* 0: the default (262144) */
  gboolean no_promisc;
  int buffer_mib;                /* kernel buffer; 0: the helper's default */
  gint64 max_packets;            /* the helper stops after this many; 0: no limit */
  gint64 duration_s;             /* the helper stops after this long; 0: no limit */
} WlCaptureOptions;

typedef struct {
  guint64 n_stored;         /* packets in the store */
  guint64 n_ring_dropped;   /* dropped because the consumer fell behind */
  guint64 n_kernel_dropped; /* dropped by the kernel (buffer full) and the interfaces */
  guint64 n_helper_received; /* libpcap's received count, summed over the interfaces */
  guint64 n_helper_delivered; /* what the helper wrote out */
} WlCaptureStats;

typedef struct {
  const char *name;
  int link_type;
  guint64 n_stored;          /* packets in the store from this interface: for a rate graph */
  guint64 n_received;        /* libpcap's count, from the last statistics block */
  guint64 n_kernel_dropped;  /* dropped by the kernel, its buffer full (isb_osdrop) */
  guint64 n_if_dropped;      /* dropped by the interface (isb_ifdrop less isb_osdrop) */
} WlCaptureInterfaceStats;

typedef struct WlCaptureSource WlCaptureSource;

/* Called for each new packet right after its first pass, with the packet as dissected with
 * the options given to wl_capture_source_set_dissect_options(). */
typedef void (*WlCapturePacketFunc) (WlCaptureSource *src, const WlPacket *p, gpointer user_data);
/* Called after each batch: frames first..last (1-based) are in the store and visited. Once,
 * before any packet, an empty batch (first 1, last 0) says that the helper has opened its
 * devices and the session exists: the capture has really begun. */
typedef void (*WlCaptureBatchFunc) (WlCaptureSource *src, guint32 first, guint32 last, gpointer user_data);
/* Called once when the capture is over, after the last batch: error is NULL when it ended as
 * asked (stop, count, duration); otherwise it says why, and what was received is kept. */
typedef void (*WlCaptureDoneFunc) (WlCaptureSource *src, const GError *error, gpointer user_data);

/* Copies what it needs of opts. */
WlCaptureSource *wl_capture_source_new (const WlCaptureOptions *opts);
/* Stops the capture if it runs (and waits for the helper to end), then frees everything; the
 * temporary file is removed unless wl_capture_source_keep_file() said otherwise. */
void wl_capture_source_free (WlCaptureSource *src);

void wl_capture_source_set_callbacks (WlCaptureSource *src, WlCapturePacketFunc packet_fn,
                                      WlCaptureBatchFunc batch_fn, WlCaptureDoneFunc done_fn,
                                      gpointer user_data);
/* How the first pass dissects each frame (borrowed; default: a bare visit). */
void wl_capture_source_set_dissect_options (WlCaptureSource *src, const WlDissectOptions *opts);
/* Size of the ring in bytes (default 32 MiB); before start. */
void wl_capture_source_set_ring_size (WlCaptureSource *src, gsize size);
/* How often batches are delivered, in ms (default 100). A batch also gets no more than
 * about a third of that in work before the main loop runs again. */
void wl_capture_source_set_batch_interval (WlCaptureSource *src, guint ms);
/* Records, for each TCP or UDP packet, the local process that owns its socket (sock_diag and
 * /proc, see procmap.h) as a pcapng comment, so proc.* fields work live and in the saved file.
 * Call before starting. */
void wl_capture_source_set_track_processes (WlCaptureSource *src, gboolean track);

/* Runs the helper and the capture thread. Callbacks come on the calling thread's default
 * main context, which must run. FALSE when the helper can't be started. */
gboolean wl_capture_source_start (WlCaptureSource *src, GError **error);
/* Asks the helper to stop; what it has flushes through, then the done callback. */
void wl_capture_source_stop (WlCaptureSource *src);
gboolean wl_capture_source_is_running (WlCaptureSource *src);

/* The session being filled, or NULL before the helper described its interfaces. It belongs
 * to the source until the capture is over; then wl_capture_source_steal_session() hands it
 * over (its store then maps the finished temporary file like any capture file; pointers into
 * its bytes taken before stay valid until wl_capture_source_free()).
 *
 * While the capture runs, the first pass writes the session's state on the consumer thread:
 * only that thread may dissect with it then. To filter arriving packets, put the filter's
 * fields in the dissect options and test each packet in the packet callback (as wirelens-cli
 * does with -Y); wl_dfilter_run() and other worker threads wait for the done callback. */
WlSession *wl_capture_source_get_session (WlCaptureSource *src);
WlSession *wl_capture_source_steal_session (WlCaptureSource *src);
/* The temporary pcapng file (in a private directory), or NULL before it exists. */
const char *wl_capture_source_get_file (WlCaptureSource *src);
/* Keep the temporary file when the source is freed (the caller then owns it). */
void wl_capture_source_keep_file (WlCaptureSource *src, gboolean keep);

void wl_capture_source_get_stats (WlCaptureSource *src, WlCaptureStats *stats);
guint wl_capture_source_get_n_interfaces (WlCaptureSource *src);
/* FALSE when i is out of range. name is valid while src lives. */
gboolean wl_capture_source_get_interface_stats (WlCaptureSource *src, guint i, WlCaptureInterfaceStats *stats);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WlCaptureSource, wl_capture_source_free)

G_END_DECLS
