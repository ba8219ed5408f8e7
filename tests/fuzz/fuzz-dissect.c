/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer target: dissection from raw bytes. The input is a link type and a sequence of
 * packets (see fuzz_pcap_from_input); every frame is dissected in file order in full mode (the
 * first pass builds per-frame state), then a second session dissects them in lean mode with a
 * random wanted set and columns on (its first pass runs lean), and finally revisits them in
 * reverse order in full mode, as the GUI does when the user scrolls back. Each pass formats
 * what its mode is for (labels, values, columns), so that the budget goes to new inputs. */
#include "fuzz-common.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  fuzz_init ();
  guint32 n = 0;
  GByteArray *pcap = fuzz_pcap_from_input (data, size, &n);
  if (!pcap)
    return 0;
  FuzzRng rng;
  fuzz_rng_init (&rng, data, size);
  GString *buf = g_string_new (NULL);
  WlArena *arena = wl_arena_new ();
  WlPacket pkt = { 0 };

  /* Full tree, first pass in full mode. */
  WlFrameStore *store = wl_frame_store_new_from_data (pcap->data, pcap->len, "fuzz.pcap", NULL);
  g_assert (store && wl_frame_store_count (store) == n);
  WlSession *s = wl_session_new (store);
  WlDissectOptions full = { TRUE, NULL, TRUE };
  for (guint32 i = 1; i <= n; i++)
    {
      wl_dissect_frame (s, i, &full, &pkt, arena);
      fuzz_touch_packet (&pkt, buf, FUZZ_TOUCH_LABELS | FUZZ_TOUCH_COLUMNS);
    }
  wl_session_free (s);

  /* Lean mode with random wanted fields and columns, first pass in lean mode. */
  guint8 *wanted = fuzz_random_wanted (&rng);
  store = wl_frame_store_new_from_data (pcap->data, pcap->len, "fuzz.pcap", NULL);
  s = wl_session_new (store);
  WlDissectOptions lean = { FALSE, wanted, TRUE };
  for (guint32 i = 1; i <= n; i++)
    {
      wl_dissect_frame (s, i, &lean, &pkt, arena);
      fuzz_touch_packet (&pkt, buf, FUZZ_TOUCH_VALUES | FUZZ_TOUCH_COLUMNS);
    }
  /* Revisits, in any order, must read the first-pass state without writing it. */
  for (guint32 i = n; i >= 1; i--)
    {
      wl_dissect_frame (s, i, &full, &pkt, arena);
      fuzz_touch_packet (&pkt, buf, FUZZ_TOUCH_LABELS);
    }
  wl_session_free (s);

  g_free (wanted);
  wl_packet_clear (&pkt);
  wl_arena_free (arena);
  g_string_free (buf, TRUE);
  g_byte_array_unref (pcap);
  return 0;
}
