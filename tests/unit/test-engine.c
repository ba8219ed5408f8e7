/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The engine's building blocks: the bounds-checked byte view, the arena, the field registry,
 * nodes in full and lean mode, and heuristic dissectors that decline without a trace. */
#include <string.h>
#include "dissect.h"
#include "field-format.h"
#include "session.h"

static void
test_view_bounds (void)
{
  const guint8 bytes[] = { 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0 };
  WlView v = { bytes, 6, 8, 0, 0 }; /* 8 on the wire, 6 captured */
  g_assert_true (wl_view_has (&v, 0, 6));
  g_assert_false (wl_view_has (&v, 0, 7));
  g_assert_false (wl_view_has (&v, 7, 0));
  g_assert_false (wl_view_has (&v, 2, G_MAXUINT32)); /* no overflow */
  g_assert_cmphex (wl_view_ntohs (&v, 0), ==, 0x1234);
  g_assert_cmphex (wl_view_ntohl (&v, 2), ==, 0x56789abc);
  g_assert_cmphex (wl_view_ntohl (&v, 3), ==, 0); /* would read byte 6: refused */
  g_assert_cmphex (wl_view_letohs (&v, 0), ==, 0x3412);
  g_assert_cmphex (wl_view_ntoh24 (&v, 3), ==, 0x789abc);
  g_assert_cmphex (wl_view_u8 (&v, 6), ==, 0);
  g_assert_null (wl_view_ptr (&v, 5, 2));
  g_assert_cmpuint (wl_view_remaining (&v, 4), ==, 2);
  g_assert_cmpuint (wl_view_remaining (&v, 9), ==, 0);
  g_assert_cmpuint (wl_view_reported_remaining (&v, 4), ==, 4);

  WlView s = wl_view_sub (&v, 4, G_MAXUINT32);
  g_assert_cmpuint (s.len, ==, 2);
  g_assert_cmpuint (s.reported, ==, 4);
  g_assert_cmpuint (s.base, ==, 4);
  s = wl_view_sub (&v, 2, 100); /* clamped */
  g_assert_cmpuint (s.len, ==, 4);
  s = wl_view_sub (&v, 50, 3); /* past the end: empty, never out of bounds */
  g_assert_cmpuint (s.len, ==, 0);
  g_assert_cmphex (wl_view_u8 (&s, 0), ==, 0);
}

static void
test_view_lines (void)
{
  const char *text = "GET / HTTP/1.1\r\nHost: x\n\r\nrest";
  WlView v = { (const guint8 *) text, (guint32) strlen (text), (guint32) strlen (text), 0, 0 };
  guint32 next = 0;
  g_assert_cmpint (wl_view_find_line_end (&v, 0, &next), ==, 14);
  g_assert_cmpuint (next, ==, 16);
  g_assert_cmpint (wl_view_find_line_end (&v, next, &next), ==, 7);
  g_assert_cmpint (wl_view_find_line_end (&v, next, &next), ==, 0);
  g_assert_cmpint (wl_view_find_line_end (&v, next, &next), ==, -1); /* "rest" has no end */
}

static void
test_arena (void)
{
  g_autoptr (WlArena) a = wl_arena_new ();
  for (int round = 0; round < 3; round++)
    {
      for (int i = 0; i < 10000; i++)
        {
          guint8 *p = wl_arena_alloc (a, 37);
          g_assert_cmpuint (GPOINTER_TO_SIZE (p) % 8, ==, 0);
          g_assert_cmpuint (p[36], ==, 0);
          memset (p, 0xab, 37);
        }
      g_assert_cmpstr (wl_arena_printf (a, "%s-%d", "x", 42), ==, "x-42");
      void *big = wl_arena_alloc (a, 1 << 20); /* larger than a block */
      g_assert_nonnull (big);
      wl_arena_reset (a);
    }
}

static void
test_registry (void)
{
  wl_dissectors_init ();
  const WlField *f = wl_field_lookup ("frame.len");
  g_assert_nonnull (f);
  g_assert_cmpint (f->type, ==, WL_FT_UINT32);
  g_assert_true (wl_field_get (f->id) == f);
  g_assert_cmpstr (wl_field_get (f->proto_id)->abbrev, ==, "frame");
  g_assert_null (wl_field_lookup ("no.such.field"));
  g_assert_cmpstr (wl_field_type_describe (WL_FT_UINT16), ==, "Unsigned integer (2 bytes)");
  g_assert_cmpuint (wl_field_type_max (WL_FT_UINT16), ==, 65535);
  static const WlValueString vs[] = { { 6, "TCP" }, { 17, "UDP" }, { 0, NULL } };
  g_assert_cmpstr (wl_value_string (vs, 17), ==, "UDP");
  g_assert_null (wl_value_string (vs, 1));
  guint32 v;
  g_assert_true (wl_value_string_lookup (vs, "tcp", &v));
  g_assert_cmpuint (v, ==, 6);
}

/* A tiny test protocol registered by this test. */
static int proto_t = -1, hf_t_word = -1, hf_t_flag = -1, hf_t_hi = -1, hf_t_neg = -1;
static WlFieldReg t_fields[] = {
  { &hf_t_word, { "Word", "t.word", WL_FT_UINT16, WL_BASE_HEX } },
  { &hf_t_flag, { "Flag", "t.flag", WL_FT_BOOLEAN, 16, &wl_tfs_set_notset, 0x0002 } },
  { &hf_t_hi, { "High nibble", "t.hi", WL_FT_UINT16, WL_BASE_DEC, NULL, 0xf000 } },
  { &hf_t_neg, { "Signed", "t.neg", WL_FT_INT8, WL_BASE_DEC } },
};

static guint32
heur_declines (WlPacket *p, const WlView *v, WlNode *parent, gpointer data)
{
  WlNode *top = wl_add_proto (p, parent, proto_t, v, 0, 2);
  wl_add_item (p, top, hf_t_word, v, 0, 2, WL_ENC_BIG);
  return 0; /* not mine after all */
}

static void
test_nodes (void)
{
  if (proto_t < 0)
    {
      proto_t = wl_proto_register ("Test Protocol", "T", "t");
      wl_fields_register (proto_t, t_fields, G_N_ELEMENTS (t_fields));
      wl_heur_add ("test-list", heur_declines, proto_t);
    }
  const guint8 bytes[] = { 0xa0, 0x12, 0xff };
  WlView v = { bytes, 3, 3, 0, 0 };
  g_autoptr (WlArena) a = wl_arena_new ();
  for (int full = 0; full < 2; full++)
    {
      WlPacket p = { 0 };
      p.arena = a;
      p.full = full;
      p.labels = full;
      g_autofree guint8 *wanted = g_malloc0 ((gsize) wl_field_count () / 8 + 1);
      wanted[hf_t_flag >> 3] |= (guint8) (1u << (hf_t_flag & 7));
      p.wanted = wanted;
      WlNode *top = wl_add_proto (&p, NULL, proto_t, &v, 0, G_MAXUINT32);
      WlNode *w = wl_add_item (&p, top, hf_t_word, &v, 0, 2, WL_ENC_BIG);
      WlNode *fl = wl_add_item (&p, w, hf_t_flag, &v, 0, 2, WL_ENC_BIG);
      WlNode *hi = wl_add_item (&p, w, hf_t_hi, &v, 0, 2, WL_ENC_BIG);
      WlNode *neg = wl_add_item (&p, top, hf_t_neg, &v, 2, 1, WL_ENC_BIG);
      g_assert_nonnull (fl);
      g_assert_cmpuint (fl->v.u, ==, 1);
      g_assert_false (p.is_truncated);
      WlNode *past = wl_add_item (&p, top, hf_t_flag, &v, 2, 2, WL_ENC_BIG);
      g_assert_null (past);
      g_assert_true (p.is_truncated);
      g_assert_cmpuint (p.n_layers, ==, 1);
      if (!full)
        {
          /* lean: only the wanted field exists */
          g_assert_null (top);
          g_assert_null (w);
          g_assert_null (hi);
          g_assert_null (neg);
          g_assert_true (wl_packet_first (&p, hf_t_flag) == fl);
          g_assert_null (wl_packet_next (fl, hf_t_flag));
        }
      else
        {
          g_assert_cmphex (w->v.u, ==, 0xa012);
          g_assert_cmpuint (hi->v.u, ==, 10);
          g_assert_cmpint (neg->v.i, ==, -1);
          g_assert_true (fl->parent == w);
          g_assert_true (top->first_child == w);
          GString *s = g_string_new (NULL);
          wl_node_format_label (fl, s);
          g_assert_cmpstr (s->str, ==, ".... .... .... ..1. = Flag: Set");
          g_string_truncate (s, 0);
          wl_node_format_label (hi, s);
          g_assert_cmpstr (s->str, ==, "1010 .... .... .... = High nibble: 10");
          g_string_truncate (s, 0);
          wl_node_format_value (w, s);
          g_assert_cmpstr (s->str, ==, "0xa012");
          g_string_free (s, TRUE);
          /* A heuristic that declines leaves no node and no layer behind. */
          guint n_layers = p.n_layers;
          WlNode *last = top->last_child;
          gboolean found = TRUE;
          g_assert_cmpuint (wl_heur_try ("test-list", &p, &v, top, NULL, &found), ==, 0);
          g_assert_false (found);
          g_assert_cmpuint (p.n_layers, ==, n_layers);
          g_assert_true (top->last_child == last);
          g_assert_null (last->next);
        }
      wl_arena_reset (a);
    }
}

static void
test_format (void)
{
  const guint8 v6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 };
  const guint8 v6b[16] = { 0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0x52, 0x54, 0, 0xff, 0xfe, 0x3a, 0x10, 0x01 };
  const guint8 mapped[16] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 1 };
  const guint8 zero[16] = { 0 };
  GString *s = g_string_new (NULL);
  wl_format_ipv6 (v6, s);
  g_assert_cmpstr (s->str, ==, "2001:db8::1");
  g_string_truncate (s, 0);
  wl_format_ipv6 (v6b, s);
  g_assert_cmpstr (s->str, ==, "fe80::5254:ff:fe3a:1001");
  g_string_truncate (s, 0);
  wl_format_ipv6 (mapped, s);
  g_assert_cmpstr (s->str, ==, "::ffff:192.0.2.1");
  g_string_truncate (s, 0);
  wl_format_ipv6 (zero, s);
  g_assert_cmpstr (s->str, ==, "::");
  g_string_truncate (s, 0);
  /* tshark 4.0.17 printed frame.time "Nov 24, 2026 21:23:15.580591000 UTC" for this epoch */
  wl_format_abs_time (G_GINT64_CONSTANT (1795555395580591000), TRUE, s);
  g_assert_cmpstr (s->str, ==, "Nov 24, 2026 21:23:15.580591000 UTC");
  g_string_truncate (s, 0);
  wl_format_escaped ((const guint8 *) "a\nb\\\x01", 5, s);
  /* tshark 4.0 leaves backslashes as they are */
  g_assert_cmpstr (s->str, ==, "a\\nb\\\\x01");
  g_string_free (s, TRUE);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/view/bounds", test_view_bounds);
  g_test_add_func ("/view/lines", test_view_lines);
  g_test_add_func ("/arena", test_arena);
  g_test_add_func ("/registry", test_registry);
  g_test_add_func ("/nodes", test_nodes);
  g_test_add_func ("/format", test_format);
  return g_test_run ();
}
