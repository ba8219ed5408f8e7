/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer target: the CLI's printers (src/cli/print-*.c, compiled into this target): the
 * one-line summary, the -V tree, the -x hex dump, -T fields with its -E options, -T json and
 * -T ek. Byte 0 of the input picks the output (bits 0-1: text, fields, json, ek; bit 2: -V;
 * bit 3: -x; bits 4-5: occurrence f, l, a; bits 6-7: quote d, s, none), byte 1 the time
 * format and the -e fields' random seed; the rest is a dissection input as fuzz-dissect
 * takes it. The output goes to /dev/null: what is checked is that printing never reads
 * outside a node's bytes nor trips a sanitizer. */
#include "fuzz-common.h"
#include "cli.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static const char *const column_names[] = {
  "_ws.col.No.", "_ws.col.Time", "_ws.col.Source", "_ws.col.Destination",
  "_ws.col.Protocol", "_ws.col.Length", "_ws.col.Info",
};

/* Up to 8 -e fields: registered fields drawn at random, and now and then a column. */
static void
pick_fields (CliOptions *o, FuzzRng *r)
{
  guint n = 1 + fuzz_rng_next (r) % 8;
  for (guint i = 0; i < n; i++)
    {
      guint32 x = fuzz_rng_next (r);
      if (x % 5 == 0)
        g_ptr_array_add (o->fields, (gpointer) column_names[(x / 5) % G_N_ELEMENTS (column_names)]);
      else
        g_ptr_array_add (o->fields, (gpointer) wl_field_get ((int) (x % (guint32) wl_field_count ()))->abbrev);
    }
}

/* What wirelens-cli's cli_output_packet () does: the tree formats append to a buffer */
static void
print_packet (FILE *out, const CliOptions *o, const WlPacket *p, guint64 n_shown)
{
  GString *buf = g_string_new (NULL);
  switch (o->format)
    {
    case OUT_FIELDS:
      cli_print_fields (out, o, p);
      break;
    case OUT_JSON:
      cli_append_json (buf, o, p, n_shown == 0);
      break;
    case OUT_EK:
      cli_append_ek (buf, o, p);
      break;
    case OUT_TEXT:
      if (o->verbose)
        cli_append_tree (buf, p);
      else
        cli_print_summary (out, o, p);
      if (o->hex)
        cli_append_hex (buf, p);
      break;
    }
  fwrite (buf->str, 1, buf->len, out);
  g_string_free (buf, TRUE);
}

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  static FILE *out;
  fuzz_init ();
  if (!out)
    out = fopen ("/dev/null", "w");
  if (size < 4)
    return 0;
  guint8 opt = data[0], opt2 = data[1];
  guint32 n = 0;
  GByteArray *pcap = fuzz_pcap_from_input (data + 2, size - 2, &n);
  if (!pcap)
    return 0;
  FuzzRng rng;
  fuzz_rng_init (&rng, &opt2, 1);

  CliOptions o = { 0 };
  o.format = (OutputFormat) (opt & 3);
  o.verbose = (opt & 4) != 0;
  o.hex = (opt & 8) != 0;
  o.occurrence = "flaa"[(opt >> 4) & 3];
  o.quote = "ds\0\0"[(opt >> 6) & 3];
  o.separator = '\t';
  o.aggregator = ',';
  o.header = TRUE;
  o.time_format = (WlTimeFormat) (opt2 % 5);
  o.fields = g_ptr_array_new ();
  o.stats = g_ptr_array_new ();
  o.interfaces = g_ptr_array_new ();
  guint8 *wanted = wl_field_set_new ();
  if (o.format == OUT_FIELDS)
    {
      pick_fields (&o, &rng);
      g_assert (cli_fields_resolve (&o));
      for (guint i = 0; i < o.fields->len; i++)
        if (o.field_ids[i] >= 0)
          wl_field_set_add (wanted, o.field_ids[i]);
      cli_print_fields_header (out, &o);
    }
  else if (o.format == OUT_JSON)
    cli_print_json_begin (out);

  WlDissectOptions dopts = { 0 };
  dopts.full = o.verbose || o.format == OUT_JSON || o.format == OUT_EK;
  dopts.wanted = wanted;
  dopts.columns = o.format == OUT_TEXT || o.format == OUT_FIELDS;

  WlFrameStore *store = wl_frame_store_new_from_data (pcap->data, pcap->len, "fuzz.pcap", NULL);
  g_assert (store);
  WlSession *s = wl_session_new (store);
  WlArena *arena = wl_arena_new ();
  WlPacket pkt = { 0 };
  for (guint32 i = 1; i <= n; i++)
    {
      wl_dissect_frame (s, i, &dopts, &pkt, arena);
      print_packet (out, &o, &pkt, i - 1);
    }
  if (o.format == OUT_JSON)
    cli_print_json_end (out, n > 0);
  fflush (out);

  wl_packet_clear (&pkt);
  wl_arena_free (arena);
  wl_session_free (s);
  g_byte_array_unref (pcap);
  g_free (wanted);
  g_free (o.field_ids);
  g_ptr_array_unref (o.fields);
  g_ptr_array_unref (o.stats);
  g_ptr_array_unref (o.interfaces);
  return 0;
}
