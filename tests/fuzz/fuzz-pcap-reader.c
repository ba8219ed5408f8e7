/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer target: the classic pcap reader (both byte orders, micro- and
 * nanoseconds).
 * The input is a whole file (seeds: the pcap captures of tests/captures and ../shared/corpus).
 * Every indexed frame must lie inside it, and the first frames are dissected, since a
 * reader's bogus lengths and timestamps are what the dissectors then see. */
#include "fuzz-common.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  fuzz_init ();
  fuzz_read_capture (data, size);
  return 0;
}
