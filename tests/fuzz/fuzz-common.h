/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the libFuzzer targets share: turning fuzz input into an in-memory pcap, a small
 * deterministic random source drawn from the input, and walks that touch every node the way
 * the printers and the GUI do (labels, values, columns). */
#pragma once

#include <string.h>
#include "session.h"
#include "columns.h"
#include "field-format.h"

/* The link types a dissection input can pick with its first two bytes (value modulo the
 * count): the five the brief names first, then the other ones the frame dissector knows. */
static const int fuzz_link_types[] = {
  WL_LINKTYPE_ETHERNET, WL_LINKTYPE_LINUX_SLL, WL_LINKTYPE_LINUX_SLL2, WL_LINKTYPE_RAW,
  WL_LINKTYPE_NULL, WL_LINKTYPE_IPV4, WL_LINKTYPE_IPV6, WL_LINKTYPE_LOOP,
};

/* Programming errors (g_return_if_fail, g_critical) count as crashes once the dissectors are
 * registered: no input may cause one. (A registration mistake is not the input's doing; the
 * unit tests catch those.) */
static inline void
fuzz_init (void)
{
  static gboolean done;
  if (done)
    return;
  done = TRUE;
  wl_dissectors_init ();
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR);
}

/* xorshift64*: reproducible from the input, so a crash replays exactly. */
typedef struct {
  guint64 s;
} FuzzRng;

static inline void
fuzz_rng_init (FuzzRng *r, const guint8 *data, gsize size)
{
  guint64 h = G_GUINT64_CONSTANT (0xcbf29ce484222325);
  for (gsize i = 0; i < size; i++)
    h = (h ^ data[i]) * G_GUINT64_CONSTANT (0x100000001b3);
  r->s = h ? h : 1;
}

static inline guint32
fuzz_rng_next (FuzzRng *r)
{
  r->s ^= r->s >> 12;
  r->s ^= r->s << 25;
  r->s ^= r->s >> 27;
  return (guint32) ((r->s * G_GUINT64_CONSTANT (0x2545F4914F6CDD1D)) >> 32);
}

static inline void
put_le32 (GByteArray *b, guint32 v)
{
  guint8 x[4] = { (guint8) v, (guint8) (v >> 8), (guint8) (v >> 16), (guint8) (v >> 24) };
  g_byte_array_append (b, x, 4);
}

static inline void
put_le16 (GByteArray *b, guint16 v)
{
  guint8 x[2] = { (guint8) v, (guint8) (v >> 8) };
  g_byte_array_append (b, x, 2);
}

/* Builds a microsecond pcap from a dissection input: bytes 0-1 (big endian) pick the link
 * type, then packets follow, each behind a 2-byte big-endian length whose top bit says the
 * packet was cut by a snaplen (its wire length is then 64 bytes more than what is captured);
 * the last packet takes whatever is left. Returns NULL when the input is shorter than 2. */
static inline GByteArray *
fuzz_pcap_from_input (const guint8 *data, gsize size, guint32 *n_packets)
{
  if (size < 2)
    return NULL;
  guint16 pick = (guint16) ((data[0] << 8) | data[1]);
  int link_type = fuzz_link_types[pick % G_N_ELEMENTS (fuzz_link_types)];
  GByteArray *b = g_byte_array_sized_new ((guint) size + 64);
  put_le32 (b, 0xa1b2c3d4u);
  put_le16 (b, 2);
  put_le16 (b, 4);
  put_le32 (b, 0);
  put_le32 (b, 0);
  put_le32 (b, 65535);
  put_le32 (b, (guint32) link_type);
  gsize off = 2;
  guint32 n = 0;
  while (off < size)
    {
      guint32 caplen, len;
      if (size - off >= 2)
        {
          guint16 word = (guint16) ((data[off] << 8) | data[off + 1]);
          off += 2;
          caplen = MIN ((guint32) (word & 0x7fff), (guint32) (size - off));
          len = caplen + ((word & 0x8000) ? 64 : 0);
        }
      else
        {
          caplen = (guint32) (size - off);
          len = caplen;
        }
      put_le32 (b, 1700000000u + n);        /* seconds */
      put_le32 (b, (n * 1237u) % 1000000u); /* microseconds */
      put_le32 (b, caplen);
      put_le32 (b, len);
      g_byte_array_append (b, data + off, caplen);
      off += caplen;
      n++;
    }
  *n_packets = n;
  return b;
}

/* A random set of wanted fields (about one in eight), as a filter or -e list would ask. */
static inline guint8 *
fuzz_random_wanted (FuzzRng *r)
{
  guint8 *set = wl_field_set_new ();
  int n = wl_field_count ();
  for (int id = 0; id < n; id++)
    if ((fuzz_rng_next (r) & 7) == 0)
      wl_field_set_add (set, id);
  return set;
}

enum {
  FUZZ_TOUCH_LABELS = 1 << 0,  /* tree labels, as -V and the GUI's tree show them */
  FUZZ_TOUCH_VALUES = 1 << 1,  /* values, as -T fields and json print them */
  FUZZ_TOUCH_COLUMNS = 1 << 2, /* every column, in every time format */
  FUZZ_TOUCH_ALL = 7,
};

static inline void
fuzz_touch_node (const WlNode *n, GString *buf, int what)
{
  if (what & FUZZ_TOUCH_LABELS)
    {
      g_string_truncate (buf, 0);
      wl_node_format_label (n, buf);
    }
  /* A protocol's value is all of its bytes: no printer formats it. Long byte strings are
   * formatted by the label only, as formatting goes byte by byte and would eat the budget. */
  if ((what & FUZZ_TOUCH_VALUES) && n->field && n->field->type != WL_FT_PROTOCOL &&
      !(n->field->type == WL_FT_BYTES && n->v.b.len > 64))
    {
      g_string_truncate (buf, 0);
      wl_node_format_value (n, buf);
      if (!(what & FUZZ_TOUCH_LABELS))
        {
          g_string_truncate (buf, 0);
          wl_node_format_display (n, buf);
        }
    }
}

/* Formats the nodes and columns of a dissected packet as the printers and the GUI would. */
static inline void
fuzz_touch_packet (const WlPacket *p, GString *buf, int what)
{
  if (what & (FUZZ_TOUCH_LABELS | FUZZ_TOUCH_VALUES))
    for (const WlNode *n = p->all_first; n; n = n->next_in_frame)
      fuzz_touch_node (n, buf, what);
  if (!p->cols_wanted || !(what & FUZZ_TOUCH_COLUMNS))
    return;
  for (int c = 0; c < WL_N_COLS; c++)
    {
      g_string_truncate (buf, 0);
      wl_packet_format_column (p, (WlColumn) c, WL_TIME_RELATIVE, buf);
    }
  for (int tf = WL_TIME_ABSOLUTE; tf <= WL_TIME_EPOCH; tf++)
    {
      g_string_truncate (buf, 0);
      wl_packet_format_column (p, WL_COL_TIME, (WlTimeFormat) tf, buf);
    }
}

/* Reads every byte of every frame (ASan catches an index that points outside the input) and
 * dissects the first few. */
static inline void
fuzz_check_store (WlFrameStore *store)
{
  guint32 n = wl_frame_store_count (store);
  volatile guint8 sink = 0;
  for (guint32 i = 1; i <= n; i++)
    {
      const WlFrame *f = wl_frame_store_get (store, i);
      const guint8 *b = wl_frame_store_bytes (store, f);
      guint32 caplen = wl_frame_caplen (store, f);
      g_assert (f->offset <= store->size && caplen <= store->size - f->offset);
      for (guint32 k = 0; k < caplen; k++)
        sink ^= b[k];
      g_assert (wl_frame_store_interface (store, f->iface) != NULL);
      const GPtrArray *c = wl_frame_store_comments (store, i);
      for (guint k = 0; c && k < c->len; k++)
        sink ^= (guint8) strlen (g_ptr_array_index (c, k));
    }
  (void) sink;
  WlSession *s = wl_session_new (store);
  WlArena *arena = wl_arena_new ();
  WlPacket pkt = { 0 };
  GString *buf = g_string_new (NULL);
  WlDissectOptions full = { TRUE, NULL, TRUE };
  for (guint32 i = 1; i <= n && i <= 16; i++)
    {
      wl_dissect_frame (s, i, &full, &pkt, arena);
      fuzz_touch_packet (&pkt, buf, FUZZ_TOUCH_ALL);
    }
  g_string_free (buf, TRUE);
  wl_packet_clear (&pkt);
  wl_arena_free (arena);
  wl_session_free (s);
}

/* Reads a whole capture file held in data: a store that indexes frames inside it, or a refusal
 * that names the file. */
static inline void
fuzz_read_capture (const guint8 *data, size_t size)
{
  /* A copy of exactly size bytes, so that ASan sees any read past the end of the file. */
  guint8 *copy = g_memdup2 (data, size);
  GError *error = NULL;
  WlFrameStore *store = wl_frame_store_new_from_data (copy, size, "fuzz", &error);
  if (store)
    {
      g_assert (error == NULL);
      fuzz_check_store (store);
    }
  else
    {
      /* A refusal always says why, naming the file. */
      g_assert (error != NULL && strstr (error->message, "\"fuzz\"") != NULL);
      g_error_free (error);
    }
  g_free (copy);
}
