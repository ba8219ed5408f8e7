/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The pcap and pcapng readers: every variant, built byte by byte here so each header field is
 * known, plus real captures whose facts tshark 4.0.17 printed (noted beside each). */
#include <string.h>
#include <glib/gstdio.h>
#include "frame-store.h"
#include "capture-writer.h"

typedef struct {
  GByteArray *b;
  gboolean be;
} Buf;

static void
put (Buf *b, const void *p, gsize n)
{
  g_byte_array_append (b->b, p, (guint) n);
}

static void
u32 (Buf *b, guint32 v)
{
  v = b->be ? GUINT32_TO_BE (v) : GUINT32_TO_LE (v);
  put (b, &v, 4);
}

static void
u16 (Buf *b, guint16 v)
{
  v = b->be ? GUINT16_TO_BE (v) : GUINT16_TO_LE (v);
  put (b, &v, 2);
}

static const guint8 payload[60] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1, 2, 3, 4, 5, 6, 0x08, 0x06 };

/* A pcap file header: version 2.4, snap length 65535, Ethernet. */
static void
pcap_header (Buf *b, gboolean nsec)
{
  u32 (b, nsec ? 0xa1b23c4d : 0xa1b2c3d4);
  u16 (b, 2);
  u16 (b, 4);
  u32 (b, 0);
  u32 (b, 0);
  u32 (b, 65535);
  u32 (b, 1);
}

static GByteArray *
make_pcap (gboolean be, gboolean nsec, guint n)
{
  Buf b = { g_byte_array_new (), be };
  pcap_header (&b, nsec);
  for (guint i = 0; i < n; i++)
    {
      u32 (&b, 1700000000 + i);
      u32 (&b, nsec ? 123456789 : 123456);
      u32 (&b, 42);
      u32 (&b, 60);
      put (&b, payload, 42);
    }
  return b.b;
}

/* The index keeps no copy of a frame's time and lengths: they are read from the file each time
 * (frame-store.h). Whatever another program writes there after indexing, a length never
 * reaches past the file's end. */
static void
test_lengths_read_from_file (void)
{
  for (int be = 0; be < 2; be++)
    {
      g_autoptr (GByteArray) data = make_pcap (be, FALSE, 3);
      g_autoptr (GError) error = NULL;
      g_autoptr (WlFrameStore) s = wl_frame_store_new_from_data (data->data, data->len, "l.pcap", &error);
      g_assert_no_error (error);
      g_assert_cmpuint (sizeof (WlFrame), ==, 8);
      const WlFrame *f2 = wl_frame_store_get (s, 2), *f3 = wl_frame_store_get (s, 3);
      g_assert_cmpuint (wl_frame_caplen (s, f3), ==, 42);
      g_assert_cmpuint (f3->offset + 42, ==, s->size);
      /* frame 3's captured length rewritten to 2^32 - 16, its wire length to 1 */
      guint32 huge = be ? GUINT32_TO_BE (0xFFFFFFF0u) : GUINT32_TO_LE (0xFFFFFFF0u);
      guint32 one = be ? GUINT32_TO_BE (1u) : GUINT32_TO_LE (1u);
      memcpy (data->data + f3->offset - 8, &huge, 4);
      memcpy (data->data + f3->offset - 4, &one, 4);
      g_assert_cmpuint (wl_frame_caplen (s, f3), ==, s->size - f3->offset);
      g_assert_cmpuint (wl_frame_len (s, f3), ==, s->size - f3->offset);
      /* frame 2's shortened: read as it now is */
      guint32 ten = be ? GUINT32_TO_BE (10u) : GUINT32_TO_LE (10u);
      memcpy (data->data + f2->offset - 8, &ten, 4);
      g_assert_cmpuint (wl_frame_caplen (s, f2), ==, 10);
      g_assert_cmpuint (wl_frame_len (s, f2), ==, 60);
      /* and its time, seconds and microseconds before the lengths */
      g_assert_cmpint (wl_frame_ts_ns (s, f2), ==, (gint64) 1700000001 * 1000000000 + 123456000);
    }
}

static void
test_pcap_variants (void)
{
  for (int be = 0; be < 2; be++)
    for (int nsec = 0; nsec < 2; nsec++)
      {
        g_autoptr (GByteArray) data = make_pcap (be, nsec, 3);
        g_autoptr (GError) error = NULL;
        g_autoptr (WlFrameStore) s = wl_frame_store_new_from_data (data->data, data->len, "v.pcap", &error);
        g_assert_no_error (error);
        g_assert_nonnull (s);
        g_assert_cmpuint (wl_frame_store_count (s), ==, 3);
        g_assert_null (s->damage);
        g_assert_cmpint (s->format, ==, nsec ? WL_FILE_PCAP_NSEC : WL_FILE_PCAP);
        const WlFrame *f = wl_frame_store_get (s, 2);
        g_assert_cmpint (wl_frame_ts_ns (s, f), ==, (gint64) 1700000001 * 1000000000 + (nsec ? 123456789 : 123456000));
        g_assert_cmpuint (wl_frame_caplen (s, f), ==, 42);
        g_assert_cmpuint (wl_frame_len (s, f), ==, 60);
        g_assert_cmpmem (wl_frame_store_bytes (s, f), 42, payload, 42);
        g_assert_cmpint (wl_frame_store_interface (s, 0)->link_type, ==, 1);
      }
}

/* Every truncation point keeps exactly the whole frames before it, with a message naming the
 * file and an offset; cutting inside the file header is an error. */
static void
test_pcap_truncated (void)
{
  g_autoptr (GByteArray) data = make_pcap (FALSE, FALSE, 3);
  for (guint cut = 0; cut < data->len; cut++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (WlFrameStore) s = wl_frame_store_new_from_data (data->data, cut, "cut.pcap", &error);
      if (cut < 24)
        {
          g_assert_null (s);
          g_assert_nonnull (error);
          g_assert_nonnull (strstr (error->message, "cut.pcap"));
          continue;
        }
      g_assert_no_error (error);
      guint whole = (cut - 24) / (16 + 42);
      g_assert_cmpuint (wl_frame_store_count (s), ==, whole);
      if ((cut - 24) % (16 + 42) == 0)
        g_assert_null (s->damage);
      else
        {
          g_assert_nonnull (s->damage);
          g_assert_nonnull (strstr (s->damage, "cut.pcap"));
          g_autofree char *off = g_strdup_printf ("offset %u", 24 + whole * (16 + 42));
          g_assert_nonnull (strstr (s->damage, off));
        }
    }
}

/* A file big enough to be indexed in parallel parts (pcap-reader.c): records of many sizes,
 * half of whose payloads are themselves runs of plausible records (a part's guess at its first
 * record lands in them, and must not be kept); whole, with a bogus length in its second half
 * and in its last quarter, and cut inside a record of its last part. Each time the index must be that
 * of one scan: every record's offset and length, the damage message at the right offset. */
typedef struct {
  guint32 offset, caplen;
} BigRec;

static GByteArray *
make_big_pcap (GArray *recs)
{
  Buf b = { g_byte_array_new (), FALSE };
  pcap_header (&b, FALSE);
  guint32 seed = 12345;
  for (guint i = 0; b.b->len < (12u << 20); i++)
    {
      seed = seed * 1103515245u + 12345u;
      /* even records: payloads of fake records only, so that a guess that lands in them
       * goes on, realigned, into the real ones after */
      guint32 caplen = i % 2 == 0 ? 30 * (2 + (seed >> 8) % 48) : 40 + (seed >> 8) % 1460;
      u32 (&b, 1700000000 + i / 1000);
      u32 (&b, (i * 37) % 1000000);
      u32 (&b, caplen);
      u32 (&b, caplen + (i % 3));
      BigRec r = { b.b->len, caplen };
      g_array_append_val (recs, r);
      guint32 at = 0;
      if (i % 2 == 0)
        for (; at + 30 <= caplen; at += 30) /* fake records of 16 + 14 bytes */
          {
            u32 (&b, 1700000000 + i / 1000);
            u32 (&b, 5);
            u32 (&b, 14);
            u32 (&b, 14);
            put (&b, payload, 14);
          }
      for (; at < caplen; at++)
        {
          guint8 x = (guint8) (i + at);
          put (&b, &x, 1);
        }
    }
  return b.b;
}

static void
assert_big_index (const WlFrameStore *s, const GArray *recs, guint n)
{
  g_assert_cmpuint (wl_frame_store_count (s), ==, n);
  for (guint i = 0; i < n; i++)
    {
      const WlFrame *f = wl_frame_store_get (s, i + 1);
      const BigRec *r = &g_array_index (recs, BigRec, i);
      if (f->offset != r->offset || wl_frame_caplen (s, f) != r->caplen)
        g_error ("frame %u: offset %" G_GUINT64_FORMAT " caplen %u, expected %u and %u", i + 1, (guint64) f->offset,
                 wl_frame_caplen (s, f), r->offset, r->caplen);
      g_assert_cmpint (wl_frame_ts_ns (s, f), ==, (gint64) (1700000000 + i / 1000) * 1000000000 + (gint64) ((i * 37) % 1000000) * 1000);
    }
}

static void
test_pcap_big (void)
{
  g_autoptr (GArray) recs = g_array_new (FALSE, FALSE, sizeof (BigRec));
  g_autoptr (GByteArray) data = make_big_pcap (recs);
  g_assert_cmpuint (data->len, >=, 8u << 20);
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (WlFrameStore) s = wl_frame_store_new_from_data (data->data, data->len, "big.pcap", &error);
    g_assert_no_error (error);
    g_assert_null (s->damage);
    assert_big_index (s, recs, recs->len);
  }
  /* a bogus captured length in the second half, and in the last quarter */
  for (guint q = 2; q <= 3; q++)
    {
      guint k = recs->len * q / 4 + 1;
      guint32 hdr = g_array_index (recs, BigRec, k).offset - 16;
      g_autoptr (GByteArray) bad = g_byte_array_new ();
      g_byte_array_append (bad, data->data, data->len);
      guint32 huge = GUINT32_TO_LE (300000);
      memcpy (bad->data + hdr + 8, &huge, 4);
      g_autoptr (GError) error = NULL;
      g_autoptr (WlFrameStore) s = wl_frame_store_new_from_data (bad->data, bad->len, "bad.pcap", &error);
      g_assert_no_error (error);
      assert_big_index (s, recs, k);
      g_autofree char *off = g_strdup_printf ("offset %u claims 300000", hdr);
      g_assert_nonnull (s->damage);
      g_assert_nonnull (strstr (s->damage, off));
    }
  /* cut inside a record of the last part */
  guint k = recs->len - 100;
  guint32 cut = g_array_index (recs, BigRec, k).offset + 5;
  g_autoptr (GError) error = NULL;
  g_autoptr (WlFrameStore) s = wl_frame_store_new_from_data (data->data, cut, "cut.pcap", &error);
  g_assert_no_error (error);
  assert_big_index (s, recs, k);
  g_autofree char *off = g_strdup_printf ("offset %u", g_array_index (recs, BigRec, k).offset - 16);
  g_assert_nonnull (s->damage);
  g_assert_nonnull (strstr (s->damage, off));
}

static void
test_not_a_capture (void)
{
  const char *text = "This is not a capture file at all, just some words.\n";
  g_autoptr (GError) error = NULL;
  WlFrameStore *s = wl_frame_store_new_from_data ((const guint8 *) text, strlen (text), "words.txt", &error);
  g_assert_null (s);
  g_assert_error (error, WL_ERROR, WL_ERROR_NOT_CAPTURE);
  g_assert_nonnull (strstr (error->message, "words.txt"));
  g_clear_error (&error);
  s = wl_frame_store_new_from_data ((const guint8 *) "", 0, "empty", &error);
  g_assert_null (s);
  g_assert_nonnull (error);
  g_clear_error (&error);
  s = wl_frame_store_open ("/nonexistent/file.pcap", &error);
  g_assert_null (s);
  g_assert_error (error, WL_ERROR, WL_ERROR_IO);
}

/* ---- pcapng ---- */

static void
block_end (Buf *b, gsize start)
{
  guint32 len = (guint32) (b->b->len - start + 4);
  guint32 v = b->be ? GUINT32_TO_BE (len) : GUINT32_TO_LE (len);
  memcpy (b->b->data + start + 4, &v, 4);
  u32 (b, len);
}

static gsize
block_start (Buf *b, guint32 type)
{
  gsize start = b->b->len;
  u32 (b, type);
  u32 (b, 0); /* patched by block_end */
  return start;
}

static void
option (Buf *b, guint16 code, const void *val, guint16 len)
{
  static const guint8 zeros[4];
  u16 (b, code);
  u16 (b, len);
  put (b, val, len);
  put (b, zeros, (4 - len % 4) % 4);
}

static void
shb (Buf *b)
{
  gsize s = block_start (b, 0x0A0D0D0A);
  u32 (b, 0x1A2B3C4D);
  u16 (b, 1);
  u16 (b, 0);
  u32 (b, 0xffffffff);
  u32 (b, 0xffffffff);
  option (b, 1, "section comment", 15);
  u32 (b, 0);
  block_end (b, s);
}

static void
idb (Buf *b, guint16 linktype, gint tsresol, const char *name)
{
  gsize s = block_start (b, 1);
  u16 (b, linktype);
  u16 (b, 0);
  u32 (b, 0);
  if (name)
    option (b, 2, name, (guint16) strlen (name));
  if (tsresol >= 0)
    {
      guint8 r = (guint8) tsresol;
      option (b, 9, &r, 1);
    }
  u32 (b, 0);
  block_end (b, s);
}

static void
epb (Buf *b, guint32 iface, guint64 ts, guint32 caplen, const char *comment)
{
  gsize s = block_start (b, 6);
  u32 (b, iface);
  u32 (b, (guint32) (ts >> 32));
  u32 (b, (guint32) ts);
  u32 (b, caplen);
  u32 (b, 60);
  static const guint8 zeros[4];
  put (b, payload, caplen);
  put (b, zeros, (4 - caplen % 4) % 4);
  if (comment)
    {
      option (b, 1, comment, (guint16) strlen (comment));
      u32 (b, 0);
    }
  block_end (b, s);
}

static GByteArray *
make_pcapng (void)
{
  Buf b = { g_byte_array_new (), FALSE };
  /* Section 1, little-endian: Ethernet in microseconds, raw IP in nanoseconds. */
  shb (&b);
  idb (&b, 1, -1, "eth0");
  idb (&b, 101, 9, "tun0");
  epb (&b, 0, G_GUINT64_CONSTANT (1700000000123456), 42, "first packet");
  epb (&b, 1, G_GUINT64_CONSTANT (1700000000123456789), 41, NULL);
  gsize s = block_start (&b, 0x0BADBEEF); /* unknown: skipped */
  u32 (&b, 12345);
  block_end (&b, s);
  s = block_start (&b, 3); /* simple packet block: interface 0 */
  u32 (&b, 60);
  put (&b, payload, 60);
  block_end (&b, s);
  s = block_start (&b, 5); /* interface statistics: skipped */
  u32 (&b, 0);
  u32 (&b, 0);
  u32 (&b, 0);
  u32 (&b, 0);
  block_end (&b, s);
  /* Section 2, big-endian, binary resolution 2^-10, obsolete packet block. */
  b.be = TRUE;
  shb (&b);
  idb (&b, 113, 0x80 | 10, NULL);
  s = block_start (&b, 2);
  u16 (&b, 0);
  u16 (&b, 0);
  u32 (&b, 0);
  u32 (&b, 1024 * 5 + 512); /* 5.5 s */
  u32 (&b, 44);
  u32 (&b, 44);
  put (&b, payload, 44);
  block_end (&b, s);
  return b.b;
}

static void
test_pcapng_sections (void)
{
  g_autoptr (GByteArray) data = make_pcapng ();
  g_autoptr (GError) error = NULL;
  g_autoptr (WlFrameStore) s = wl_frame_store_new_from_data (data->data, data->len, "t.pcapng", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (s->damage, ==, NULL);
  g_assert_cmpint (s->format, ==, WL_FILE_PCAPNG);
  g_assert_cmpuint (wl_frame_store_count (s), ==, 4);
  g_assert_cmpuint (s->interfaces->len, ==, 3);
  const WlFrame *f1 = wl_frame_store_get (s, 1), *f2 = wl_frame_store_get (s, 2);
  const WlFrame *f3 = wl_frame_store_get (s, 3), *f4 = wl_frame_store_get (s, 4);
  g_assert_cmpint (wl_frame_ts_ns (s, f1), ==, G_GINT64_CONSTANT (1700000000123456000));
  g_assert_cmpint (wl_frame_ts_ns (s, f2), ==, G_GINT64_CONSTANT (1700000000123456789));
  g_assert_cmpint (wl_frame_store_interface (s, f1->iface)->link_type, ==, 1);
  g_assert_cmpint (wl_frame_store_interface (s, f2->iface)->link_type, ==, 101);
  g_assert_cmpstr (wl_frame_store_interface (s, 1)->name, ==, "tun0");
  g_assert_cmpstr (wl_frame_store_comment (s, 1), ==, "first packet");
  g_assert_null (wl_frame_store_comment (s, 2));
  g_assert_cmpuint (wl_frame_caplen (s, f3), ==, 60); /* simple packet block: its lengths kept apart */
  g_assert_cmpuint (wl_frame_len (s, f3), ==, 60);
  g_assert_true (f3->flags & WL_FRAME_APART);
  g_assert_false (f1->flags & WL_FRAME_APART);
  g_assert_cmpuint (f3->iface, ==, 0);
  g_assert_cmpuint (f4->iface, ==, 2); /* the second section's first interface */
  g_assert_cmpint (wl_frame_store_interface (s, 2)->link_type, ==, 113);
  g_assert_cmpint (wl_frame_ts_ns (s, f4), ==, G_GINT64_CONSTANT (5500000000));
  g_assert_cmpmem (wl_frame_store_bytes (s, f4), 44, payload, 44);
  g_assert_cmpuint (s->section_comments->len, ==, 2);
}

static void
test_pcapng_truncated (void)
{
  g_autoptr (GByteArray) data = make_pcapng ();
  g_autoptr (GError) e0 = NULL;
  g_autoptr (WlFrameStore) whole = wl_frame_store_new_from_data (data->data, data->len, "w", &e0);
  /* The block boundaries: a cut there is a shorter but undamaged file. */
  g_autoptr (GHashTable) bounds = g_hash_table_new (g_direct_hash, g_direct_equal);
  gboolean be = FALSE;
  for (gsize off = 0; off + 12 <= data->len;)
    {
      guint32 type, blen, bom;
      memcpy (&type, data->data + off, 4);
      if (type == 0x0A0D0D0A)
        {
          memcpy (&bom, data->data + off + 8, 4);
          be = bom != 0x1A2B3C4D;
        }
      memcpy (&blen, data->data + off + 4, 4);
      blen = be ? GUINT32_FROM_BE (blen) : GUINT32_FROM_LE (blen);
      off += blen;
      g_hash_table_add (bounds, GSIZE_TO_POINTER (off));
    }
  guint prev = 0;
  for (guint cut = 1; cut < data->len; cut++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (WlFrameStore) s = wl_frame_store_new_from_data (data->data, cut, "cut.pcapng", &error);
      if (!s)
        {
          g_assert_nonnull (error);
          continue;
        }
      /* The frames kept are a prefix of the whole file's, never fewer than before. */
      guint n = wl_frame_store_count (s);
      g_assert_cmpuint (n, >=, prev);
      prev = n;
      for (guint i = 1; i <= n; i++)
        g_assert_cmpint (wl_frame_store_get (s, i)->offset, ==, wl_frame_store_get (whole, i)->offset);
      if (!g_hash_table_contains (bounds, GSIZE_TO_POINTER (cut)))
        {
          g_assert_nonnull (s->damage);
          g_assert_nonnull (strstr (s->damage, "cut.pcapng"));
          g_assert_nonnull (strstr (s->damage, "offset"));
        }
    }
}

/* A block that claims a bogus length ends the scan with a message; a zero-length option loop
 * in a packet block ends that block's options. */
static void
test_pcapng_bogus_lengths (void)
{
  g_autoptr (GByteArray) data = make_pcapng ();
  guint32 bogus = 7; /* not a multiple of 4 */
  /* The first IDB starts right after the SHB: SHB length is at offset 4. */
  guint32 shb_len;
  memcpy (&shb_len, data->data + 4, 4);
  memcpy (data->data + shb_len + 4, &bogus, 4);
  g_autoptr (GError) error = NULL;
  g_autoptr (WlFrameStore) s = wl_frame_store_new_from_data (data->data, data->len, "bogus.pcapng", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (wl_frame_store_count (s), ==, 0);
  g_assert_nonnull (strstr (s->damage, "invalid length"));
}

/* Real captures: facts printed by tshark 4.0.17 (-T fields -e frame.time_epoch -e frame.comment
 * -e frame.interface_id; capinfos -c). */
static void
test_real_captures (void)
{
  const char *dir = g_getenv ("WL_TEST_CAPTURES");
  g_assert_nonnull (dir);
  g_autofree char *nano = g_build_filename (dir, "tcpdump-tcp-handshake-nano.pcap", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (WlFrameStore) s = wl_frame_store_open (nano, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (wl_frame_store_count (s), ==, 3);
  g_assert_cmpint (wl_frame_store_ts_ns (s, 3), ==, G_GINT64_CONSTANT (1418145370052115157));
  g_assert_cmpint (wl_frame_store_interface (s, 0)->link_type, ==, 113);

  g_autofree char *multi = g_build_filename (dir, "multi-if.pcapng", NULL);
  g_autoptr (WlFrameStore) m = wl_frame_store_open (multi, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (wl_frame_store_count (m), ==, 40);
  g_assert_cmpint (wl_frame_store_ts_ns (m, 1), ==, G_GINT64_CONSTANT (1795555467241592478));

  g_autofree char *curl = g_build_filename (dir, "ptcpdump-curl-thread.pcapng", NULL);
  g_autoptr (WlFrameStore) c = wl_frame_store_open (curl, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (wl_frame_store_count (c), ==, 10);
  const GPtrArray *comments = wl_frame_store_comments (c, 1);
  g_assert_cmpuint (comments->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (comments, 2), ==,
                   "ParentPID: 53229\nParentCmd: /usr/bin/bash\nParentArgs: -bash");
  g_assert_cmpuint (wl_frame_store_get (c, 1)->iface, ==, 2);
}

/* Writing and reading back gives the same frames, in every format. */
static void
test_write_roundtrip (void)
{
  g_autoptr (GByteArray) data = make_pcapng ();
  g_autoptr (GError) error = NULL;
  g_autoptr (WlFrameStore) src = wl_frame_store_new_from_data (data->data, data->len, "src", &error);
  g_autofree char *dir = g_dir_make_tmp ("wl-test-XXXXXX", &error);
  g_assert_no_error (error);
  g_autofree char *path = g_build_filename (dir, "out.pcapng", NULL);
  WlCaptureWriter *w = wl_capture_writer_new (path, WL_FILE_PCAPNG, src, &error);
  g_assert_no_error (error);
  for (guint i = 1; i <= wl_frame_store_count (src); i++)
    {
      const WlFrame *f = wl_frame_store_get (src, i);
      WlFrameMeta meta = wl_frame_store_meta (src, f);
      g_assert_true (wl_capture_writer_add_full (w, &meta, wl_frame_store_bytes (src, f), wl_frame_store_comments (src, i), &error));
    }
  g_assert_true (wl_capture_writer_finish (w, &error));
  g_autoptr (WlFrameStore) back = wl_frame_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_null (back->damage);
  g_assert_cmpuint (wl_frame_store_count (back), ==, wl_frame_store_count (src));
  for (guint i = 1; i <= wl_frame_store_count (src); i++)
    {
      const WlFrame *a = wl_frame_store_get (src, i), *b = wl_frame_store_get (back, i);
      g_assert_cmpint (wl_frame_ts_ns (src, a), ==, wl_frame_ts_ns (back, b));
      g_assert_cmpuint (wl_frame_caplen (src, a), ==, wl_frame_caplen (back, b));
      g_assert_cmpuint (wl_frame_len (src, a), ==, wl_frame_len (back, b));
      g_assert_cmpint (wl_frame_store_interface (src, a->iface)->link_type, ==,
                       wl_frame_store_interface (back, b->iface)->link_type);
      g_assert_cmpmem (wl_frame_store_bytes (src, a), wl_frame_caplen (src, a), wl_frame_store_bytes (back, b),
                       wl_frame_caplen (back, b));
    }
  g_assert_cmpstr (wl_frame_store_comment (back, 1), ==, "first packet");
  /* pcap cannot hold several link types */
  g_autofree char *pcap = g_build_filename (dir, "out.pcap", NULL);
  g_assert_null (wl_capture_writer_new (pcap, WL_FILE_PCAP, src, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (g_file_test (pcap, G_FILE_TEST_EXISTS));
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/readers/pcap/variants", test_pcap_variants);
  g_test_add_func ("/readers/pcap/truncated", test_pcap_truncated);
  g_test_add_func ("/readers/pcap/lengths-from-file", test_lengths_read_from_file);
  g_test_add_func ("/readers/pcap/big", test_pcap_big);
  g_test_add_func ("/readers/not-a-capture", test_not_a_capture);
  g_test_add_func ("/readers/pcapng/sections", test_pcapng_sections);
  g_test_add_func ("/readers/pcapng/truncated", test_pcapng_truncated);
  g_test_add_func ("/readers/pcapng/bogus-lengths", test_pcapng_bogus_lengths);
  g_test_add_func ("/readers/real-captures", test_real_captures);
  g_test_add_func ("/writers/roundtrip", test_write_roundtrip);
  return g_test_run ();
}
