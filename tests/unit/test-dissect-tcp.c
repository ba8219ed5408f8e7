/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The TCP dissector on real captures: stream indexes, relative numbers, window scaling, the
 * sequence analysis and reassembly, each value as tshark 4.0.17 shows it in its single pass
 * (tshark -r CAPTURE -T fields -e ...). Also checks that frames revisited in any order, full or
 * lean, dissect exactly as on their first, sequential visit. */
#include <string.h>
#include "dissect.h"
#include "field-format.h"
#include "session.h"
#include "test-capture.h"


static void
test_handshake_and_reassembly (void)
{
  Capture *c = capture_open ("lo-http-keepalive.pcap");
  WlPacket *p = frame (c, 1);
  assert_info (p, "37840 \xe2\x86\x92 80 [SYN] Seq=0 Win=65495 Len=0 MSS=65495 SACK_PERM TSval=2355852917 TSecr=0 WS=1024");
  assert_protocol (p, "TCP");
  assert_field (p, "tcp.stream", "0");
  assert_field (p, "tcp.seq", "0");
  assert_field (p, "tcp.seq_raw", "3838621348");
  assert_field (p, "tcp.nxtseq", "1");
  assert_field (p, "tcp.flags", "0x0002");
  assert_field (p, "tcp.flags.syn", "1");
  assert_field (p, "tcp.hdr_len", "40");
  assert_field (p, "tcp.options.mss_val", "65495");
  assert_field (p, "tcp.options.wscale.shift", "10");
  assert_field (p, "tcp.options.wscale.multiplier", "1024");
  assert_field (p, "tcp.options.timestamp.tsval", "2355852917");
  assert_field (p, "tcp.window_size", "65495");
  assert_field (p, "tcp.window_size_scalefactor", "");
  assert_field (p, "tcp.port", "37840,80");

  p = frame (c, 2);
  assert_field (p, "tcp.ack", "1");
  assert_field (p, "tcp.ack_raw", "3838621349");
  assert_field (p, "tcp.analysis.acks_frame", "1");
  assert_field (p, "tcp.analysis.ack_rtt", "0.000013000");

  p = frame (c, 3);
  assert_field (p, "tcp.window_size_value", "64");
  assert_field (p, "tcp.window_size", "65536");
  assert_field (p, "tcp.window_size_scalefactor", "1024");
  assert_field (p, "tcp.analysis.initial_rtt", "0.000024000");
  assert_field (p, "tcp.time_delta", "0.000011000");
  assert_field (p, "tcp.completeness", "3");

  p = frame (c, 4);
  assert_field (p, "tcp.analysis.bytes_in_flight", "73");
  assert_field (p, "tcp.analysis.push_bytes_sent", "73");
  assert_field (p, "frame.protocols", "eth:ethertype:ip:tcp:http");

  /* An HTTP response in two segments: held in frame 6, dissected in frame 8 */
  p = frame (c, 6);
  assert_protocol (p, "TCP");
  g_assert_true (g_str_has_suffix (p->col_info->str, " [TCP segment of a reassembled PDU]"));
  p = frame (c, 8);
  assert_field (p, "tcp.segment", "6,8");
  assert_field (p, "tcp.segment.count", "2");
  assert_field (p, "tcp.reassembled.length", "330");
  g_assert_cmpuint (p->n_sources, ==, 1);
  g_assert_cmpuint (p->sources[0].len, ==, 330);
  g_assert_true (memcmp (p->sources[0].data, "HTTP/1.1 200 OK", 15) == 0);
  capture_close (c);
}

static void
test_sequence_analysis (void)
{
  Capture *c = capture_open ("arkime-tcpseq_synthetic.pcap");
  WlPacket *p = frame (c, 1);
  assert_info (p, "0 \xe2\x86\x92 0 [SYN, Reserved] Seq=0 Win=1 Len=8");
  assert_field (p, "tcp.flags", "0x0c02");
  assert_field (p, "tcp.analysis.bytes_in_flight", "8");
  p = frame (c, 2);
  assert_info (p, "[TCP ZeroWindow] [TCP Previous segment not captured] 0 \xe2\x86\x92 0 [ACK, URG, Reserved] "
                  "Seq=251658112 Ack=1 Win=0 Urg=39426 Len=8");
  assert_field (p, "tcp.analysis.zero_window", "1");
  assert_field (p, "tcp.analysis.lost_segment", "1");
  assert_field (p, "tcp.analysis.bytes_in_flight", "");
  assert_field (p, "tcp.window_size_scalefactor", "-2");
  p = frame (c, 13);
  assert_field (p, "tcp.stream", "2");
  assert_info (p, "[TCP Previous segment not captured] 40002 \xe2\x86\x92 8001 [PSH, ACK] Seq=5 Ack=1 Win=8192 Len=4");
  p = frame (c, 14);
  assert_info (p, "[TCP Out-Of-Order] 40002 \xe2\x86\x92 8001 [PSH, ACK] Seq=1 Ack=1 Win=8192 Len=4");
  assert_field (p, "frame.protocols", "eth:ethertype:ip:tcp"); /* no subdissector for out-of-order data */
  p = frame (c, 20);
  assert_field (p, "tcp.analysis.retransmission", "1");
  assert_field (p, "tcp.analysis.rto", "0.001000000");
  assert_field (p, "tcp.analysis.rto_frame", "19");
  assert_field (p, "tcp.segment_data", "5a5a5a5a");
  p = frame (c, 38);
  assert_field (p, "tcp.analysis.out_of_order", "1");
  assert_field (p, "tcp.stream", "5");
  capture_close (c);
}

static void
test_retransmissions (void)
{
  Capture *c = capture_open ("arkime-wireshark-retrans.pcap");
  WlPacket *p = frame (c, 10);
  assert_info (p, "[TCP Out-Of-Order] 59221 \xe2\x86\x92 4000 [SYN] Seq=0 Win=16384 Len=0 MSS=1460 WS=1 TSval=685169 TSecr=0");
  p = frame (c, 20);
  assert_info (p, "[TCP Dup ACK 17#3] 4000 \xe2\x86\x92 59221 [ACK] Seq=1 Ack=199 Win=32768 Len=0 TSval=1445414294 TSecr=685169");
  assert_field (p, "tcp.analysis.duplicate_ack", "1,1");
  assert_field (p, "tcp.analysis.duplicate_ack_num", "3");
  assert_field (p, "tcp.analysis.duplicate_ack_frame", "17");
  p = frame (c, 21);
  assert_field (p, "tcp.segment", "8,21");
  assert_field (p, "tcp.reassembled.length", "1288");
  assert_field (p, "frame.protocols", "eth:ethertype:ip:tcp:http:xml");
  /* a fast retransmission into a finished reassembly: tshark's reassembly error */
  p = frame (c, 22);
  assert_info (p, "[TCP Fast Retransmission] 59221 \xe2\x86\x92 4000 [PSH, ACK] Seq=199 Ack=1 Win=17520 Len=1090 "
                  "TSval=685169 TSecr=1445414287[Reassembly error, protocol TCP: New fragment overlaps old data (retransmission?)]");
  assert_field (p, "tcp.analysis.fast_retransmission", "1");
  assert_field (p, "tcp.analysis.retransmission", "1");
  capture_close (c);
}

static void
test_mptcp (void)
{
  Capture *c = capture_open ("tcpdump-mptcp-tcprst.pcap");
  WlPacket *p = frame (c, 1);
  assert_field (p, "frame.protocols", "raw:ip:tcp:mptcp");
  assert_protocol (p, "MPTCP");
  assert_info (p, "55739 \xe2\x86\x92 8080 [RST, ACK] Seq=1 Ack=1 Win=256 Len=0");
  assert_field (p, "tcp.options.mptcp.subtype", "8");
  assert_field (p, "tcp.window_size_scalefactor", "-1");
  capture_close (c);
}

/* What a frame shows: its columns and a set of fields, as one string. */
static char *
snapshot (WlPacket *p)
{
  static const char *const names[] = {
    "frame.protocols", "tcp.stream", "tcp.seq", "tcp.ack", "tcp.nxtseq", "tcp.window_size",
    "tcp.analysis.flags", "tcp.analysis.retransmission", "tcp.analysis.duplicate_ack_num",
    "tcp.analysis.acks_frame", "tcp.analysis.bytes_in_flight", "tcp.analysis.initial_rtt",
    "tcp.time_delta", "tcp.time_relative", "tcp.segment", "tcp.segment_data", "tcp.payload",
    "tcp.completeness", "tcp.options.sack_le", "http.request.method", "http.response.code",
  };
  GString *s = g_string_new (p->col_protocol ? p->col_protocol : "");
  g_string_append_printf (s, "|%s", p->col_info ? p->col_info->str : "");
  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      if (!wl_field_lookup (names[i]))
        continue;
      g_autofree char *v = field (p, names[i]);
      g_string_append_printf (s, "|%s=%s", names[i], v);
    }
  return g_string_free (s, FALSE);
}

/* Revisits: backwards, every other frame, then in lean mode: always what the first pass showed. */
static void
check_revisits (const char *name)
{
  Capture *c = capture_open (name);
  guint32 n = capture_count (c);
  char **first = g_new0 (char *, n + 1);
  for (guint32 i = 1; i <= n; i++)
    first[i - 1] = snapshot (frame (c, i));
  for (guint32 i = n; i >= 1; i--)
    {
      g_autofree char *again = snapshot (frame (c, i));
      g_assert_cmpstr (again, ==, first[i - 1]);
    }
  for (guint32 i = 2; i <= n; i += 2)
    {
      g_autofree char *again = snapshot (frame (c, i));
      g_assert_cmpstr (again, ==, first[i - 1]);
    }
  /* lean: only tcp.stream and tcp.analysis.flags wanted */
  guint8 *wanted = wl_field_set_new ();
  wl_field_set_add (wanted, wl_field_lookup ("tcp.stream")->id);
  wl_field_set_add (wanted, wl_field_lookup ("tcp.analysis.flags")->id);
  WlDissectOptions lean = { FALSE, wanted, FALSE };
  for (guint32 i = n; i >= 1; i--)
    {
      wl_dissect_frame (c->session, i, &lean, &c->packet, c->arena);
      g_autofree char *stream = field (&c->packet, "tcp.stream");
      g_autofree char *flags = field (&c->packet, "tcp.analysis.flags");
      g_autofree char *want_stream = g_strdup_printf ("|tcp.stream=%s|", stream);
      g_autofree char *want_flags = g_strdup_printf ("|tcp.analysis.flags=%s|", flags);
      g_assert_nonnull (strstr (first[i - 1], want_stream));
      g_assert_nonnull (strstr (first[i - 1], want_flags));
    }
  g_free (wanted);
  g_strfreev (first);
  capture_close (c);
}

static void
test_revisits (void)
{
  check_revisits ("lo-http-keepalive.pcap");
  check_revisits ("arkime-wireshark-retrans.pcap");
  check_revisits ("arkime-tcpseq_synthetic.pcap");
}

/* Frames visited out of order from the start: the engine visits the ones before first. */
static void
test_random_first_access (void)
{
  Capture *a = capture_open ("arkime-wireshark-retrans.pcap");
  Capture *b = capture_open ("arkime-wireshark-retrans.pcap");
  guint32 n = capture_count (a);
  g_autofree char *late = snapshot (frame (b, n));
  for (guint32 i = 1; i <= n; i++)
    {
      g_autofree char *s = snapshot (frame (a, i));
      if (i == n)
        g_assert_cmpstr (s, ==, late);
    }
  capture_close (a);
  capture_close (b);
}

/* Workers revisit frames at the same time, each with its own packet and arena, as filtering on
 * all cores does: every frame shows what its first visit showed. */
typedef struct {
  WlSession *session;
  char **first;
  guint32 n, start;
  gboolean ok;
} Worker;

static gpointer
worker_run (gpointer data)
{
  Worker *w = data;
  WlArena *arena = wl_arena_new ();
  WlPacket packet = { 0 };
  WlDissectOptions opts = { TRUE, NULL, TRUE };
  w->ok = TRUE;
  for (guint32 k = 0; k < 3 * w->n; k++)
    {
      guint32 i = 1 + (w->start + k * 7) % w->n;
      wl_dissect_frame (w->session, i, &opts, &packet, arena);
      g_autofree char *s = snapshot (&packet);
      if (g_strcmp0 (s, w->first[i - 1]) != 0)
        w->ok = FALSE;
    }
  wl_packet_clear (&packet);
  wl_arena_free (arena);
  return NULL;
}

static void
test_threads (void)
{
  Capture *c = capture_open ("arkime-wireshark-retrans.pcap");
  guint32 n = capture_count (c);
  char **first = g_new0 (char *, n + 1);
  for (guint32 i = 1; i <= n; i++)
    first[i - 1] = snapshot (frame (c, i));
  Worker w[4];
  GThread *t[4];
  for (int k = 0; k < 4; k++)
    {
      w[k] = (Worker) { c->session, first, n, (guint32) k * 13, FALSE };
      t[k] = g_thread_new ("revisit", worker_run, &w[k]);
    }
  for (int k = 0; k < 4; k++)
    {
      g_thread_join (t[k]);
      g_assert_true (w[k].ok);
    }
  g_strfreev (first);
  capture_close (c);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  wl_dissectors_init ();
  g_test_add_func ("/tcp/handshake-reassembly", test_handshake_and_reassembly);
  g_test_add_func ("/tcp/sequence-analysis", test_sequence_analysis);
  g_test_add_func ("/tcp/retransmissions", test_retransmissions);
  g_test_add_func ("/tcp/mptcp", test_mptcp);
  g_test_add_func ("/tcp/revisits", test_revisits);
  g_test_add_func ("/tcp/random-first-access", test_random_first_access);
  g_test_add_func ("/tcp/threads", test_threads);
  return g_test_run ();
}
