/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The display-filter engine: scanner, parser, every literal type, any/all semantics on fields
 * that occur several times, slices, sets and ranges, functions, and the error messages and
 * positions. The test registers its own fields under Wireshark's names (no dissector runs) and
 * builds packets node by node, so each expectation is about the filter engine alone.
 *
 * Every expected error message (and caret position) below was printed by tshark 4.0.17
 * (Debian 4.0.17-0+deb12u3) for the same filter text. */
#include <stdio.h>
#include <string.h>
#include "dfilter.h"
#include "dfilter/dfilter-int.h"
#include "field-format.h"
#include "session.h"

/* ---- Fields, under Wireshark's names and types ---- */

static int hf_frame, hf_frame_len, hf_frame_number, hf_frame_time, hf_frame_time_relative,
  hf_frame_time_delta, hf_frame_p2p_dir, hf_frame_file_off;
static int hf_eth, hf_eth_src, hf_eth_dst, hf_eth_addr;
static int hf_ip, hf_ip_src, hf_ip_dst, hf_ip_addr, hf_ip_proto, hf_ip_ttl, hf_ip_id;
static int hf_ipv6, hf_ipv6_addr, hf_ipv6_src;
static int hf_tcp, hf_tcp_port, hf_tcp_srcport, hf_tcp_dstport, hf_tcp_len, hf_tcp_flags,
  hf_tcp_flags_syn, hf_tcp_flags_ack, hf_tcp_payload, hf_tcp_retrans;
static int hf_udp, hf_udp_port;
static int hf_http, hf_http_host, hf_http_method, hf_http_content_length;
static int hf_icmp, hf_icmp_resptime;
static int hf_ftypes, hf_ftypes_int8, hf_ftypes_int64;

static const WlValueString ip_proto_vals[] = { { 1, "ICMP" }, { 6, "TCP" }, { 17, "UDP" }, { 0, NULL } };

static WlFieldReg frame_regs[] = {
  { &hf_frame_len, { "Frame length", "frame.len", WL_FT_UINT32, WL_BASE_DEC, NULL, 0, NULL } },
  { &hf_frame_number, { "Frame number", "frame.number", WL_FT_UINT32, WL_BASE_DEC, NULL, 0, NULL } },
  { &hf_frame_time, { "Arrival time", "frame.time", WL_FT_ABSOLUTE_TIME, WL_BASE_ABS_LOCAL, NULL, 0, NULL } },
  { &hf_frame_time_relative, { "Time since first frame", "frame.time_relative", WL_FT_RELATIVE_TIME, 0, NULL, 0, NULL } },
  { &hf_frame_time_delta, { "Time delta", "frame.time_delta", WL_FT_RELATIVE_TIME, 0, NULL, 0, NULL } },
  { &hf_frame_p2p_dir, { "Direction", "frame.p2p_dir", WL_FT_INT8, WL_BASE_DEC, NULL, 0, NULL } },
  { &hf_frame_file_off, { "File offset", "frame.file_off", WL_FT_INT64, WL_BASE_DEC, NULL, 0, NULL } },
};
static WlFieldReg eth_regs[] = {
  { &hf_eth_src, { "Source", "eth.src", WL_FT_ETHER, 0, NULL, 0, NULL } },
  { &hf_eth_dst, { "Destination", "eth.dst", WL_FT_ETHER, 0, NULL, 0, NULL } },
  { &hf_eth_addr, { "Address", "eth.addr", WL_FT_ETHER, 0, NULL, 0, NULL } },
};
static WlFieldReg ip_regs[] = {
  { &hf_ip_src, { "Source", "ip.src", WL_FT_IPv4, 0, NULL, 0, NULL } },
  { &hf_ip_dst, { "Destination", "ip.dst", WL_FT_IPv4, 0, NULL, 0, NULL } },
  { &hf_ip_addr, { "Address", "ip.addr", WL_FT_IPv4, 0, NULL, 0, NULL } },
  { &hf_ip_proto, { "Protocol", "ip.proto", WL_FT_UINT8, WL_BASE_DEC, ip_proto_vals, 0, NULL } },
  { &hf_ip_ttl, { "Time to live", "ip.ttl", WL_FT_UINT8, WL_BASE_DEC, NULL, 0, NULL } },
  { &hf_ip_id, { "Identification", "ip.id", WL_FT_UINT16, WL_BASE_HEX, NULL, 0, NULL } },
};
static WlFieldReg ipv6_regs[] = {
  { &hf_ipv6_addr, { "Address", "ipv6.addr", WL_FT_IPv6, 0, NULL, 0, NULL } },
  { &hf_ipv6_src, { "Source", "ipv6.src", WL_FT_IPv6, 0, NULL, 0, NULL } },
};
static WlFieldReg tcp_regs[] = {
  { &hf_tcp_port, { "Port", "tcp.port", WL_FT_UINT16, WL_BASE_DEC, NULL, 0, NULL } },
  { &hf_tcp_srcport, { "Source Port", "tcp.srcport", WL_FT_UINT16, WL_BASE_DEC, NULL, 0, NULL } },
  { &hf_tcp_dstport, { "Destination Port", "tcp.dstport", WL_FT_UINT16, WL_BASE_DEC, NULL, 0, NULL } },
  { &hf_tcp_len, { "TCP Segment Len", "tcp.len", WL_FT_UINT32, WL_BASE_DEC, NULL, 0, NULL } },
  { &hf_tcp_flags, { "Flags", "tcp.flags", WL_FT_UINT16, WL_BASE_HEX, NULL, 0, NULL } },
  { &hf_tcp_flags_syn, { "Syn", "tcp.flags.syn", WL_FT_BOOLEAN, 12, &wl_tfs_set_notset, 0x002, NULL } },
  { &hf_tcp_flags_ack, { "Acknowledgment", "tcp.flags.ack", WL_FT_BOOLEAN, 12, &wl_tfs_set_notset, 0x010, NULL } },
  { &hf_tcp_payload, { "TCP payload", "tcp.payload", WL_FT_BYTES, 0, NULL, 0, NULL } },
  { &hf_tcp_retrans, { "Retransmission", "tcp.analysis.retransmission", WL_FT_NONE, 0, NULL, 0, NULL } },
};
static WlFieldReg udp_regs[] = {
  { &hf_udp_port, { "Port", "udp.port", WL_FT_UINT16, WL_BASE_DEC, NULL, 0, NULL } },
};
static WlFieldReg http_regs[] = {
  { &hf_http_host, { "Host", "http.host", WL_FT_STRING, 0, NULL, 0, NULL } },
  { &hf_http_method, { "Request Method", "http.request.method", WL_FT_STRING, 0, NULL, 0, NULL } },
  { &hf_http_content_length, { "Content length", "http.content_length", WL_FT_UINT64, WL_BASE_DEC, NULL, 0, NULL } },
};
static WlFieldReg icmp_regs[] = {
  { &hf_icmp_resptime, { "Response time", "icmp.resptime", WL_FT_DOUBLE, 0, NULL, 0, NULL } },
};

static WlFieldReg ftypes_regs[] = {
  { &hf_ftypes_int8, { "FT_INT8", "_ws.ftypes.int8", WL_FT_INT8, WL_BASE_DEC, NULL, 0, NULL } },
  { &hf_ftypes_int64, { "FT_INT64", "_ws.ftypes.int64", WL_FT_INT64, WL_BASE_DEC, NULL, 0, NULL } },
};

static void
register_fields (void)
{
  hf_frame = wl_proto_register ("Frame", "Frame", "frame");
  wl_fields_register (hf_frame, frame_regs, G_N_ELEMENTS (frame_regs));
  hf_eth = wl_proto_register ("Ethernet II", "Ethernet", "eth");
  wl_fields_register (hf_eth, eth_regs, G_N_ELEMENTS (eth_regs));
  hf_ip = wl_proto_register ("Internet Protocol Version 4", "IPv4", "ip");
  wl_fields_register (hf_ip, ip_regs, G_N_ELEMENTS (ip_regs));
  hf_ipv6 = wl_proto_register ("Internet Protocol Version 6", "IPv6", "ipv6");
  wl_fields_register (hf_ipv6, ipv6_regs, G_N_ELEMENTS (ipv6_regs));
  hf_tcp = wl_proto_register ("Transmission Control Protocol", "TCP", "tcp");
  wl_fields_register (hf_tcp, tcp_regs, G_N_ELEMENTS (tcp_regs));
  hf_udp = wl_proto_register ("User Datagram Protocol", "UDP", "udp");
  wl_fields_register (hf_udp, udp_regs, G_N_ELEMENTS (udp_regs));
  hf_http = wl_proto_register ("Hypertext Transfer Protocol", "HTTP", "http");
  wl_fields_register (hf_http, http_regs, G_N_ELEMENTS (http_regs));
  hf_icmp = wl_proto_register ("Internet Control Message Protocol", "ICMP", "icmp");
  wl_fields_register (hf_icmp, icmp_regs, G_N_ELEMENTS (icmp_regs));
  hf_ftypes = wl_proto_register ("Wireshark Field/Fvalue Types", "_ws.ftypes", "_ws.ftypes");
  wl_fields_register (hf_ftypes, ftypes_regs, G_N_ELEMENTS (ftypes_regs));
}

/* ---- Packets built node by node ---- */

typedef struct {
  WlPacket p;
  WlArena *arena;
} Pkt;

static Pkt *
pkt_new (void)
{
  Pkt *k = g_new0 (Pkt, 1);
  k->arena = wl_arena_new ();
  k->p.arena = k->arena;
  k->p.full = TRUE;
  k->p.labels = TRUE;
  return k;
}

static void
pkt_free (Pkt *k)
{
  wl_arena_free (k->arena);
  g_free (k);
}

static void
add_u (Pkt *k, int id, guint64 v)
{
  wl_add_uint (&k->p, NULL, id, NULL, 0, 0, v);
}

static void
add_i (Pkt *k, int id, gint64 v)
{
  wl_add_int (&k->p, NULL, id, NULL, 0, 0, v);
}

static void
add_ipv4 (Pkt *k, int id, const char *dotted)
{
  guint a, b, c, d;
  g_assert_cmpint (sscanf (dotted, "%u.%u.%u.%u", &a, &b, &c, &d), ==, 4);
  wl_add_ipv4 (&k->p, NULL, id, NULL, 0, 0, (a << 24) | (b << 16) | (c << 8) | d);
}

static void
add_bytes (Pkt *k, int id, const void *bytes, guint32 n)
{
  guint8 *copy = wl_arena_memdup (k->arena, bytes, n);
  wl_add_bytes_value (&k->p, NULL, id, NULL, 0, 0, copy, n);
}

static void
add_string (Pkt *k, int id, const char *s)
{
  wl_add_string_value (&k->p, NULL, id, NULL, 0, 0, wl_arena_strndup (k->arena, s, strlen (s)), -1);
}

static void
add_proto (Pkt *k, int id, const void *bytes, guint32 n)
{
  guint8 *copy = wl_arena_memdup (k->arena, bytes, n ? n : 1);
  WlView v = { copy, n, n, 0, 0 };
  wl_add_proto (&k->p, NULL, id, &v, 0, n);
}

/* A TCP segment over IPv4 over Ethernet, 127.0.0.1:sport -> 10.1.2.3:dport. */
static Pkt *
tcp_packet (guint sport, guint dport, guint flags, const char *payload)
{
  static const guint8 frame_bytes[] = { 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x52, 0x54, 0x00, 0xab,
                                        0xcd, 0xef, 0x08, 0x00, 0x45, 0x00 };
  static const guint8 src[6] = { 0x52, 0x54, 0x00, 0xab, 0xcd, 0xef };
  static const guint8 dst[6] = { 0x00, 0x11, 0x22, 0x33, 0x44, 0x55 };
  Pkt *k = pkt_new ();
  add_proto (k, hf_frame, frame_bytes, sizeof frame_bytes);
  add_u (k, hf_frame_len, 74 + (payload ? strlen (payload) : 0));
  add_u (k, hf_frame_number, 7);
  add_i (k, hf_frame_time_relative, 1500000000);
  add_i (k, hf_frame_time_delta, 250000);
  add_i (k, hf_frame_time, (gint64) 1606252995 * 1000000000 + 580591000); /* Nov 24, 2020 21:23:15.580591 UTC */
  add_proto (k, hf_eth, frame_bytes, 14);
  add_bytes (k, hf_eth_dst, dst, 6);
  add_bytes (k, hf_eth_src, src, 6);
  add_bytes (k, hf_eth_addr, dst, 6);
  add_bytes (k, hf_eth_addr, src, 6);
  add_proto (k, hf_ip, frame_bytes + 14, 2);
  add_u (k, hf_ip_proto, 6);
  add_u (k, hf_ip_ttl, 64);
  add_u (k, hf_ip_id, 0x1234);
  add_ipv4 (k, hf_ip_src, "127.0.0.1");
  add_ipv4 (k, hf_ip_addr, "127.0.0.1");
  add_ipv4 (k, hf_ip_dst, "10.1.2.3");
  add_ipv4 (k, hf_ip_addr, "10.1.2.3");
  add_proto (k, hf_tcp, payload ? payload : "", payload ? (guint32) strlen (payload) : 0);
  add_u (k, hf_tcp_srcport, sport);
  add_u (k, hf_tcp_dstport, dport);
  add_u (k, hf_tcp_port, sport);
  add_u (k, hf_tcp_port, dport);
  add_u (k, hf_tcp_flags, flags);
  add_u (k, hf_tcp_flags_syn, (flags & 0x02) != 0);
  add_u (k, hf_tcp_flags_ack, (flags & 0x10) != 0);
  add_u (k, hf_tcp_len, payload ? strlen (payload) : 0);
  if (payload && *payload)
    add_bytes (k, hf_tcp_payload, payload, (guint32) strlen (payload));
  return k;
}

static Pkt *
udp_packet (guint port)
{
  Pkt *k = pkt_new ();
  add_proto (k, hf_frame, "abcd", 4);
  add_u (k, hf_frame_len, 60);
  add_proto (k, hf_ip, "ab", 2);
  add_ipv4 (k, hf_ip_src, "192.0.2.1");
  add_ipv4 (k, hf_ip_addr, "192.0.2.1");
  add_ipv4 (k, hf_ip_dst, "192.0.2.2");
  add_ipv4 (k, hf_ip_addr, "192.0.2.2");
  add_u (k, hf_ip_proto, 17);
  add_proto (k, hf_udp, "", 0);
  add_u (k, hf_udp_port, port);
  add_u (k, hf_udp_port, port);
  return k;
}

/* ---- Helpers ---- */

static gboolean
matches (const char *filter, Pkt *k)
{
  WlDfilterError *err = NULL;
  WlDfilter *df = wl_dfilter_compile (filter, &err);
  if (!df)
    g_error ("%s: %s", filter, err->message);
  gboolean r = wl_dfilter_apply (df, &k->p);
  wl_dfilter_free (df);
  return r;
}

#define assert_match(f, k) g_assert_true (matches ((f), (k)))
#define assert_no_match(f, k) g_assert_false (matches ((f), (k)))

/* The message and position (start, length; -1 when none) of the error for filter. */
static void
assert_error (const char *filter, const char *message, int start, int length)
{
  WlDfilterError *err = NULL;
  WlDfilter *df = wl_dfilter_compile (filter, &err);
  if (df)
    g_error ("%s: compiled, expected \"%s\"", filter, message);
  g_assert_cmpstr (err->message, ==, message);
  g_assert_cmpint (err->start, ==, start);
  if (start >= 0)
    g_assert_cmpint (err->length, ==, length);
  wl_dfilter_error_free (err);
}

static void
assert_compiles (const char *filter)
{
  WlDfilterError *err = NULL;
  WlDfilter *df = wl_dfilter_compile (filter, &err);
  if (!df)
    g_error ("%s: %s", filter, err->message);
  wl_dfilter_free (df);
}

/* ---- Scanner ---- */

static void
lex_all (const char *text, GString *out)
{
  DfCompiler c = { .text = text, .arena = wl_arena_new () };
  DfLexer lx = { .c = &c, .text = text, .len = (int) strlen (text) };
  DfToken t;
  while (df_lex_next (&lx, &t) && t.type != DF_TOK_EOF)
    g_string_append_printf (out, "%d:%s@%d ", t.type, t.text, t.start);
  if (c.error)
    g_string_append_printf (out, "ERROR %s", c.error);
  g_free (c.error);
  wl_arena_free (c.arena);
}

/* expected: "type:text@start " per token (freed here) */
static void
assert_tokens (const char *text, char *expected)
{
  GString *s = g_string_new (NULL);
  lex_all (text, s);
  g_assert_cmpstr (s->str, ==, expected);
  g_string_free (s, TRUE);
  g_free (expected);
}

static void
test_lexer (void)
{
  /* the longest match wins, as in flex: an address with its prefix, a name with a fourth
   * octet too big to be an address, a byte string, a name then ":b" (addresses and byte
   * strings are scanned as names, as tshark 4.0 does; only ":..." is always a value) */
  assert_tokens ("ip.addr==10.0.0.0/8",
                 g_strdup_printf ("%d:ip.addr@0 %d:==@7 %d:10.0.0.0/8@9 ", DF_TOK_UNPARSED, DF_TOK_ANY_EQ, DF_TOK_UNPARSED));
  assert_tokens ("1.2.3.256/24", g_strdup_printf ("%d:1.2.3.256@0 %d:/@9 %d:24@10 ", DF_TOK_UNPARSED, DF_TOK_RSLASH, DF_TOK_UNPARSED));
  assert_tokens ("ab:cd a:b", g_strdup_printf ("%d:ab:cd@0 %d:a@6 %d::b@7 ", DF_TOK_UNPARSED, DF_TOK_UNPARSED, DF_TOK_LITERAL));
  assert_tokens ("::1/128 1:::2", g_strdup_printf ("%d:::1/128@0 %d:1::@8 %d::2@11 ", DF_TOK_UNPARSED, DF_TOK_UNPARSED, DF_TOK_LITERAL));
  assert_tokens ("aa-bb-cc-dd-ee-ff a.-b a.", g_strdup_printf ("%d:aa-bb-cc-dd-ee-ff@0 %d:a.-b@18 %d:a@23 "
                                                                "ERROR \".\" was unexpected in this context.",
                                                                DF_TOK_UNPARSED, DF_TOK_UNPARSED, DF_TOK_UNPARSED));
  /* operators and keywords: a keyword only when no longer name matches */
  assert_tokens ("eq eq80 !== ~= === ! contains",
                 g_strdup_printf ("%d:eq@0 %d:eq80@3 %d:!==@8 %d:~=@12 %d:===@15 %d:!@19 %d:contains@21 ",
                                  DF_TOK_ANY_EQ, DF_TOK_UNPARSED, DF_TOK_ANY_NE, DF_TOK_ANY_NE, DF_TOK_ALL_EQ,
                                  DF_TOK_NOT, DF_TOK_CONTAINS));
  assert_tokens ("tcp.port in {1..2}",
                 g_strdup_printf ("%d:tcp.port@0 %d:in@9 %d:{@12 %d:1@13 %d:..@14 %d:2@16 %d:}@17 ", DF_TOK_UNPARSED,
                                  DF_TOK_IN, DF_TOK_LBRACE, DF_TOK_UNPARSED, DF_TOK_DOTDOT, DF_TOK_UNPARSED, DF_TOK_RBRACE));
  /* inside a slice everything up to ']' or ',' is one range */
  assert_tokens ("frame[ 1 : 2 ,3]",
                 g_strdup_printf ("%d:frame@0 %d:[@5 %d: 1 : 2 @6 %d:,@13 %d:3@14 %d:]@15 ", DF_TOK_UNPARSED,
                                  DF_TOK_LBRACKET, DF_TOK_RANGE_NODE, DF_TOK_COMMA, DF_TOK_RANGE_NODE, DF_TOK_RBRACKET));
  /* a leading dot names a field */
  assert_tokens (".tcp.port", g_strdup_printf ("%d:.tcp.port@0 ", DF_TOK_FIELD));

  /* strings and character constants */
  DfCompiler c = { .text = "\"a\\x41\\101\\n\\\"\" r\"\\d\\\"\" '\\t' '\\u00e9'", .arena = wl_arena_new () };
  DfLexer lx = { .c = &c, .text = c.text, .len = (int) strlen (c.text) };
  DfToken t;
  g_assert_true (df_lex_next (&lx, &t));
  g_assert_cmpint (t.type, ==, DF_TOK_STRING);
  g_assert_cmpstr ((const char *) t.str, ==, "aAA\n\"");
  g_assert_true (df_lex_next (&lx, &t));
  g_assert_cmpstr ((const char *) t.str, ==, "\\d\\\""); /* raw: backslashes stay */
  g_assert_true (df_lex_next (&lx, &t));
  g_assert_cmpint (t.type, ==, DF_TOK_CHARCONST);
  g_assert_cmpuint (t.charval, ==, '\t');
  g_assert_true (df_lex_next (&lx, &t));
  g_assert_cmpuint (t.charval, ==, 0xe9);
  wl_arena_free (c.arena);

  /* scanner errors, as tshark 4.0.17 prints them */
  assert_error ("http.host == \"GET", "The final quote was missing from a quoted string.", 17, 0);
  assert_error ("tcp.port == 'a", "The final quote was missing from a character constant.", 14, 0);
  assert_error ("http.host == \"\\q\"", "\\q is not a valid character escape sequence", 14, 2);
  assert_error ("http.host == \"\\777\"", "\\777 is larger than 255.", 14, 4);
  assert_error ("http.host == \"\\u0041\"", "\\u0041 is not a valid universal character name", 14, 6);
  assert_error ("http.host == \"\\ud800\"", "\\ud800 is not a valid universal character name", 14, 6);
  assert_error ("tcp.port == '\\n'", "'\\n' is too long to be a valid character constant.", 12, 4);
  assert_error ("tcp.port == 'ab'", "'ab' is too long to be a valid character constant.", 12, 4);
  assert_error ("tcp.port == ''", "Empty character constant.", 12, 2);
  assert_error ("tcp.port == '\\777'", "'\\777' is too large to be a valid character constant.", 12, 6);
  assert_error ("tcp.port == '\\08'", "'\\08' isn't a valid character constant.", 12, 5);
  assert_error ("tcp.port == '\\x'", "'\\x' isn't a valid character constant.", 12, 4);
  assert_error ("tcp.port == 'é'", "Non-printable value '0xffffffffffffffc3' in character constant.", 12, 4);
  assert_error ("tcp.port == é", "Non-printable ASCII characters may only appear inside double-quotes.", 12, 1);
  assert_error ("tcp.payload[0:4 == 48:54", "The right bracket was missing from a slice.", 24, 0);
  assert_error ("tcp.port#a == 1", "Expected digit or \"[\", not \"a\"", 9, 1);
  assert_error ("tcp.port == .2.3", "\"2.3\" is not a valid protocol or protocol field.", 12, 4);
}

/* ---- Parser ---- */

static void
test_parser (void)
{
  /* syntax errors name the first token that cannot continue the filter (tshark 4.0.17) */
  assert_error ("tcp.port ==", "Unexpected end of filter expression.", -1, 0);
  assert_error ("== 80", "\"==\" was unexpected in this context.", 0, 2);
  assert_error ("tcp.port = 80", "\"=\" was unexpected in this context.", 9, 1);
  assert_error ("tcp.port == 80)", "\")\" was unexpected in this context.", 14, 1);
  assert_error ("(tcp.port == 80", "Unexpected end of filter expression.", -1, 0);
  assert_error ("tcp.port in {80 443}", "\"443\" was unexpected in this context.", 16, 3);
  assert_error ("tcp.port in {80, 443", "Unexpected end of filter expression.", -1, 0);
  assert_error ("&& tcp", "\"&&\" was unexpected in this context.", 0, 2);
  assert_error ("tcp and and udp", "\"and\" was unexpected in this context.", 8, 3);
  assert_error ("(tcp.port) == 80", "\"==\" was unexpected in this context.", 11, 2);
  assert_error ("tcp.port == (80)", "\"(\" was unexpected in this context.", 12, 1);
  assert_error ("tcp.port in {80} == 1", "\"==\" was unexpected in this context.", 17, 2);
  assert_error ("http.host == \"a\" \"b\"", "\"\"b\"\" was unexpected in this context.", 17, 3);
  assert_error ("tcp.port == - - 1", "\"-\" was unexpected in this context.", 14, 1);
  assert_error ("tcp.port contains 1 + 1", "\"+\" was unexpected in this context.", 20, 1);
  assert_error ("tcp.port + 1 contains 3", "\"contains\" was unexpected in this context.", 13, 8);
  assert_error ("any (tcp.port == 1)", "\"(\" was unexpected in this context.", 4, 1);
  assert_error ("any tcp", "Unexpected end of filter expression.", -1, 0);
  assert_error ("tcp.port xor udp", "\"xor\" was unexpected in this context.", 9, 3);
  assert_error ("tcp ^^ udp", "\"^\" was unexpected in this context.", 4, 1);
  assert_error ("tcp.port in {80..90..100}", "\"..\" was unexpected in this context.", 19, 2);
  assert_error ("len(tcp.port,)", "\")\" was unexpected in this context.", 13, 1);
  assert_error ("tcp.payload[0]#1 == 1", "\"#\" was unexpected in this context.", 14, 1);
  assert_error ("nosuchfunc(tcp.port) == 1", "Function 'nosuchfunc' does not exist", 0, 10);
  assert_error ("foo#1 == 1", "foo is not a valid field", 0, 3);
  /* a character no rule takes stops the scanner before the parser acts on what came before */
  assert_error ("lcontainsen(fe.len) ;== 4", "\";\" was unexpected in this context.", 20, 1);
  assert_error ("lcontainsen(fe.len) == 4", "Function 'lcontainsen' does not exist", 0, 11);
  assert_error ("1.2.3.4/8(1) == 1", "Function '1.2.3.4/8' does not exist", 0, 9);
  assert_error (":ab(1)", "\"(\" was unexpected in this context.", 3, 1);
  assert_error ("\"$${{foo}\"", "\"$${{foo}\" is neither a field nor a protocol name.", 0, 10);

  /* what parses: precedence of not/and/or, word operators, chained comparisons */
  Pkt *k = tcp_packet (22, 40000, 0x18, "SSH-2.0-OpenSSH");
  assert_match ("not udp and tcp or udp", k);
  assert_match ("!tcp && tcp || tcp", k);
  assert_no_match ("!(tcp || udp)", k);
  assert_match ("tcp.port eq 22 and tcp.len gt 3 && tcp.len ge 15 and tcp.len le 15 and tcp.len lt 16", k);
  assert_match ("tcp.srcport < tcp.dstport <= 40000", k);
  assert_no_match ("tcp.srcport < tcp.dstport < 40000", k);
  pkt_free (k);
  assert_compiles ("");
  assert_compiles ("   ");
}

/* ---- Literals of every type ---- */

static void
test_literals (void)
{
  Pkt *k = tcp_packet (22, 40000, 0x12, "HTTP/1.1 200 OK");
  /* integers: decimal, hex, octal, binary, characters */
  assert_match ("tcp.srcport == 22", k);
  assert_match ("tcp.srcport == 0x16", k);
  assert_match ("tcp.srcport == 026", k);
  assert_match ("tcp.srcport == 0b10110", k);
  assert_match ("ip.ttl == '@'", k);
  assert_match ("ip.id == 0x1234 && ip.id == 4660", k);
  assert_match ("tcp.flags == 0x012", k);
  /* value names of integer fields, and of booleans */
  assert_match ("ip.proto == TCP", k);
  assert_match ("ip.proto == \"tcp\"", k);
  assert_match ("tcp.flags.syn == Set", k);
  assert_match ("tcp.flags.syn == \"set\"", k);
  assert_no_match ("tcp.flags.ack == \"Not set\"", k);
  /* booleans: 1, True, TRUE, and any non-zero number (tshark 4.0.17 compares truth values) */
  assert_match ("tcp.flags.syn == 1", k);
  assert_match ("tcp.flags.syn == True", k);
  assert_match ("tcp.flags.syn == TRUE", k);
  assert_match ("tcp.flags.syn == 2", k);
  assert_match ("tcp.flags.ack == 1", k);
  assert_no_match ("tcp.flags.ack == False", k);
  assert_no_match ("tcp.flags.ack < tcp.flags.syn", k);
  /* IPv4 with and without prefix, IPv6 */
  assert_match ("ip.src == 127.0.0.1", k);
  assert_match ("ip.dst == 10.0.0.0/8", k);
  assert_match ("ip.dst == 10.1.2.3/32", k);
  assert_no_match ("ip.dst == 10.1.2.4", k);
  assert_match ("ip.dst > 10.1.2.2", k);
  assert_match ("ip.addr == 0.0.0.0/0", k);
  assert_match ("ip.dst & 255.255.0.0 == 10.1.0.0", k);
  /* MAC addresses in the three spellings, and byte strings */
  assert_match ("eth.src == 52:54:00:ab:cd:ef", k);
  assert_match ("eth.src == 52-54-00-ab-cd-ef", k);
  assert_match ("eth.src == 5254.00ab.cdef", k);
  assert_match ("eth.src == 525400abcdef", k);
  assert_match ("eth.src[0:3] == 52:54:00", k);
  assert_match ("tcp.payload[0:4] == 48:54:54:50", k);
  assert_match ("tcp.payload[0:4] == 48.54.54.50", k);
  assert_match ("tcp.payload[0:4] == 48545450", k);
  assert_match ("tcp.payload[0] == 0x48", k);
  assert_match ("tcp.payload[0:4] == \"HTTP\"", k);
  /* strings: escapes, raw strings, comparisons, unquoted values */
  add_string (k, hf_http_host, "www.example.test");
  add_string (k, hf_http_method, "GET");
  assert_match ("http.host == \"www.example.test\"", k);
  assert_match ("http.host == www.example.test", k);
  assert_match ("http.request.method == \"\\x47\\105T\"", k);
  assert_match ("http.request.method == r\"GET\"", k);
  assert_match ("http.host > \"www\"", k);
  assert_match ("http.host contains \"example\"", k);
  /* relative and absolute times (the machine's time zone for local times) */
  assert_match ("frame.time_relative == 1.5", k);
  assert_match ("frame.time_relative > 1", k);
  assert_match ("frame.time_delta == 0.00025", k);
  assert_match ("frame.time_delta < 0.001", k);
  assert_match ("frame.time == \"Nov 24, 2020 21:23:15.580591 UTC\"", k);
  assert_match ("frame.time == \"2020-11-24T21:23:15.580591Z\"", k);
  assert_match ("frame.time > \"2020-11-24 21:23:15 UTC\"", k);
  assert_match ("frame.time < \"2020-11-25 UTC\"", k);
  /* signed, 64-bit and floating point */
  add_i (k, hf_frame_p2p_dir, -1);
  add_i (k, hf_frame_file_off, -5000000000);
  add_u (k, hf_http_content_length, 5000000000);
  wl_add_double (&k->p, NULL, hf_icmp_resptime, NULL, 0, 0, 0.25);
  assert_match ("frame.p2p_dir == -1", k);
  assert_match ("frame.p2p_dir < 0", k);
  assert_match ("frame.file_off < -4999999999", k);
  assert_match ("http.content_length > 4294967296", k);
  assert_match ("icmp.resptime == 0.25", k);
  assert_match ("icmp.resptime < 2.5e-1 + 0.01", k);
  pkt_free (k);

  /* conversion errors, as tshark 4.0.17 words them */
  assert_error ("ip.src == \"abc\"", "IPv4 address cannot be converted from a string (\"abc\").", 10, 5);
  assert_error ("tcp.port == 99999999999", "\"99999999999\" too big for this field, maximum 65535.", 12, 11);
  assert_error ("tcp.port == 18446744073709551616", "\"18446744073709551616\" causes an integer overflow.", 12, 20);
  assert_error ("tcp.port == 1.5", "\"1.5\" is not a valid number.", 12, 3);
  assert_error ("ip.addr == 300.1.1.1", "\"300.1.1.1\" is not a valid hostname or IPv4 address.", 11, 9);
  assert_error ("ip.addr == 10.0.0.0/33", "Netmask bits in a CIDR IPv4 address should be <= 32, not 33", 11, 11);
  assert_error ("ipv6.addr == 2001:db8::/129", "Prefix in a IPv6 address should be <= 128, not 129", 13, 14);
  assert_error ("ipv6.addr == 1.2.3.4", "\"1.2.3.4\" is not a valid hostname or IPv6 address.", 13, 7);
  assert_error ("eth.src == 00:11:22:33:44", "\"00:11:22:33:44\" contains too few bytes to be a valid Ethernet address.", 11, 14);
  assert_error ("eth.src == 00:11:22:33:44:55:66", "\"00:11:22:33:44:55:66\" contains too many bytes to be a valid Ethernet address.", 11, 20);
  assert_error ("eth.src == foo", "\"foo\" is not a valid Ethernet address.", 11, 3);
  assert_error ("tcp.payload == 0x101", "\"0x101\" is not a valid byte string.", 15, 5);
  assert_error ("tcp.len > \"abc\"", "Unsigned integer (4 bytes) cannot be converted from a string (\"abc\").", 10, 5);
  assert_error ("ip.proto == 0x", "\"0x\" cannot be found among the possible values for ip.proto.", 12, 2);
  assert_error ("tcp.flags.syn == true", "\"true\" cannot be found among the possible values for tcp.flags.syn.", 17, 4);
  assert_error ("frame.time_delta == 1e3", "\"1e3\" is not a valid time.", 20, 3);
  assert_error ("frame.time == \"Nov 24 2026\"",
                "\"Nov 24 2026\" is not a valid absolute time. Example: \"Nov 12, 1999 08:55:44.123\" or \"2011-07-04 12:34:56\"",
                14, 13);
  assert_error ("frame.time == \"2020-07-04 12:34.5\"", "Subsecond precision requires a seconds field.", 14, 20);
  assert_error ("icmp.resptime == abc", "\"abc\" is not a valid floating-point number.", 17, 3);
  assert_error ("icmp.resptime == 'a'", "Character constant 'a' (0x61) cannot be converted to Floating point (double-precision).", 17, 3);
  assert_error ("_ws.ftypes.int8 == 200", "\"200\" too big for this field, maximum 127.", 19, 3);
  assert_error ("_ws.ftypes.int8 == -200", "\"200\" too big for this field, maximum 127.", 20, 3);
  assert_error ("_ws.ftypes.int64 == 9223372036854775808", "\"9223372036854775808\" causes an integer overflow.", 20, 19);
}

/* ---- Fields that occur several times ---- */

static void
test_any_all (void)
{
  Pkt *k = tcp_packet (22, 40000, 0x10, NULL);
  Pkt *u = udp_packet (53);
  /* == any occurrence; != no occurrence (tshark 4.0); ~= and !== some occurrence differs;
   * === every occurrence */
  assert_match ("tcp.port == 22", k);
  assert_no_match ("tcp.port != 22", k);
  assert_match ("tcp.port ~= 22", k);
  assert_match ("tcp.port !== 22", k);
  assert_no_match ("tcp.port === 22", k);
  assert_match ("tcp.port != 80", k);
  assert_no_match ("!tcp.port == 22", k);
  /* a frame without the field: comparisons are false, their negation true */
  assert_no_match ("tcp.port != 22", u);
  assert_no_match ("tcp.port == 22", u);
  assert_match ("!tcp.port == 22", u);
  assert_match ("udp.port === 53", u);
  assert_no_match ("udp.port !== 53", u);
  /* any/all modifiers */
  assert_match ("any tcp.port > 1024", k);
  assert_no_match ("all tcp.port > 1024", k);
  assert_match ("all tcp.port > 10", k);
  assert_match ("any tcp.port != 22", k);
  assert_match ("all ip.addr != 1.2.3.4", k);
  /* comparisons between values that cannot be converted (an unsigned port and -1): neither
   * true nor false, so "any" tests fail and "all" tests pass (tshark 4.0.17) */
  assert_no_match ("tcp.port == -1", k);
  assert_no_match ("tcp.port < -1", k);
  assert_no_match ("tcp.port > -1", k);
  assert_match ("tcp.port === -1", k);
  assert_match ("all tcp.port > -1", k);
  assert_match ("tcp.port != -1", k);
  /* field to field: every pair */
  assert_match ("tcp.port == tcp.dstport", k);
  assert_no_match ("tcp.port != tcp.dstport", k);
  assert_match ("ip.src != ip.dst", k);
  assert_match ("tcp.srcport < tcp.dstport", k);
  pkt_free (k);
  pkt_free (u);
}

/* ---- Slices ---- */

static void
test_slices (void)
{
  Pkt *k = tcp_packet (22, 80, 0x18, "GET /index.html HTTP/1.1");
  assert_match ("tcp.payload[0:3] == \"GET\"", k);
  assert_match ("tcp.payload[0-2] == \"GET\"", k);
  assert_match ("tcp.payload[1] == 45", k);
  assert_match ("tcp.payload[:3] == 47:45:54", k);
  assert_match ("tcp.payload[-8:] == \"HTTP/1.1\"", k);
  assert_match ("tcp.payload[-3:3] == \"1.1\"", k);
  assert_match ("tcp.payload[16:] == \"HTTP/1.1\"", k);
  assert_match ("tcp.payload[0,4:5] == \"G/inde\"", k);
  assert_match ("tcp.payload[0:3][1] == 45", k);
  assert_match ("eth.src[3:3] == ab:cd:ef", k);
  assert_match ("ip.src[0] == 7f", k);
  assert_no_match ("ip.src[0] == 127", k); /* a byte string: 12:07 */
  assert_match ("ip.dst == frame[0:4] || ip.dst[1:2] == 01:02", k);
  assert_match ("tcp[0:3] == \"GET\"", k);
  assert_match ("frame[12:2] == 08:00", k);
  /* a slice past the end is shorter, never an error */
  assert_no_match ("tcp.payload[20:10] == \"HTTP/1.1\"", k);
  assert_no_match ("tcp.payload[100]", k);
  assert_match ("tcp.payload[0]", k);
  pkt_free (k);

  assert_error ("tcp.port[0] == 1", "\"tcp.port\" is a Unsigned integer (2 bytes) and cannot be sliced into a sequence of bytes.", 0, 8);
  assert_error ("frame[1:-2] == 01", "Range 1:-2 isn't valid because length -2 isn't positive", 6, 4);
  assert_error ("frame[2-1] == 01", "Range 2-1 isn't valid because 2 is greater or equal than 1", 6, 3);
  assert_error ("frame[1--2] == 01", "Range 1--2 isn't valid because 1 and -2 have different signs", 6, 4);
  assert_error ("frame[1:2:3] == 01", "\"1:2:3\" is not a valid range.", 6, 5);
  assert_error ("frame[ a ] == 01", "\" a \" is not a valid number.", 6, 3);
  assert_error ("frame[99999999999] == 01", "\"99999999999\" causes an integer overflow.", 6, 11);
  assert_error ("frame[] == 01", "\"]\" was unexpected in this context.", 6, 1);
  assert_error ("foo[0]", "Range is not supported for entity foo", 0, 3);
  assert_error ("tcp.port == frame[0:2]", "\"tcp.port\" is a Unsigned integer (2 bytes) and cannot be converted into a sequence of bytes.", 0, 8);
  /* a slice has no position of its own: no caret */
  assert_error ("frame[0:2] + 1 == 3", "FT_BYTES cannot +.", -1, 0);
}

/* ---- Sets and ranges ---- */

static void
test_sets (void)
{
  Pkt *k = tcp_packet (22, 8080, 0x18, NULL);
  add_string (k, hf_http_method, "HEAD");
  assert_match ("tcp.port in {80, 443, 8080}", k);
  assert_match ("tcp.port in {1..1024}", k);
  assert_match ("tcp.port in {8000 .. 8100}", k);
  assert_no_match ("tcp.port in {23..79, 81}", k);
  assert_match ("tcp.port not in {80}", k);
  assert_no_match ("tcp.port not in {22}", k);
  assert_match ("tcp.srcport in {tcp.dstport, 22}", k);
  assert_match ("http.request.method in {\"PUT\", \"HEAD\"}", k);
  assert_match ("ip.addr in {10.0.0.0/8}", k);
  assert_match ("ip.addr in {10.1.2.0 .. 10.1.2.5}", k);
  assert_no_match ("all tcp.port in {22, 80}", k);
  assert_match ("all tcp.port in {1..9000}", k);
  assert_match ("frame.len in {70..80}", k);
  pkt_free (k);
  assert_error ("foo.bar in {1}", "Only a field may be tested for membership in a set.", 0, 7);
  assert_error ("tcp.port in {}", "\"}\" was unexpected in this context.", 13, 1);
}

/* ---- Bitwise and arithmetic ---- */

static void
test_arithmetic (void)
{
  Pkt *k = tcp_packet (22, 40000, 0x12, "ab");
  assert_match ("tcp.flags & 0x12 == 0x12", k);
  assert_match ("tcp.flags & 0x02", k);
  assert_no_match ("tcp.flags & 0x04", k);
  assert_match ("tcp.flags bitwise_and 0x10", k);
  assert_match ("tcp.srcport + 1 == 23", k);
  assert_match ("tcp.dstport - tcp.srcport == 39978", k);
  assert_match ("tcp.srcport - tcp.dstport < 0", k); /* unsigned minus turns signed */
  assert_match ("tcp.srcport * 2 == 44", k);
  assert_match ("tcp.srcport / 4 == 5", k);
  assert_match ("tcp.srcport % 4 == 2", k);
  assert_no_match ("tcp.srcport / 0 == 0", k);
  assert_match ("-tcp.srcport == -22", k);
  assert_match ("{tcp.srcport + 3} * 2 == 50", k);
  assert_match ("tcp.srcport == -1 + 23", k);
  assert_no_match ("tcp.srcport == 23 + -1", k); /* tshark's unsigned add of -1 overflows */
  assert_match ("frame.time_relative - frame.time_delta > 1.4", k);
  assert_match ("tcp.payload & 0f:0f == 01:02", k);
  pkt_free (k);
  assert_error ("tcp.flags.syn & 1", "FT_BOOLEAN cannot &.", 0, 13);
  assert_error ("ip.src + 1 == 1.2.3.4", "FT_IPv4 cannot +.", 0, 6);
  assert_error ("tcp.port & ip.src", "tcp.port and ip.src are not type compatible.", 11, 6);
  assert_error ("1 + tcp.port == 2", "Constant arithmetic expression on the LHS is invalid.", 0, 1);
  assert_error ("tcp.port + \"a\" == 1", "\"a\" is not a valid arithmetic operand.", 11, 3);
}

/* ---- Functions ---- */

static void
test_functions (void)
{
  Pkt *k = tcp_packet (22, 40000, 0x18, "SSH-2.0-OpenSSH_9.2");
  add_string (k, hf_http_host, "WWW.Example.test");
  assert_match ("len(tcp.payload) == 19", k);
  assert_match ("len(http.host) > 10", k);
  assert_match ("len(tcp.port) == 2", k); /* the width of the type, as tshark */
  assert_match ("len(ip.src) == 4", k);
  assert_match ("count(tcp.port) == 2", k);
  assert_match ("count(ip.addr) == 2", k);
  assert_no_match ("count(udp.port) == 0", k); /* no value: no count */
  assert_match ("lower(http.host) == \"www.example.test\"", k);
  assert_match ("upper(http.host) contains \"EXAMPLE\"", k);
  assert_match ("string(tcp.srcport) == \"22\"", k);
  assert_match ("string(ip.dst) == \"10.1.2.3\"", k);
  assert_match ("string(frame.number) matches \"7$\"", k);
  assert_match ("max(tcp.srcport, tcp.dstport) == 40000", k);
  assert_match ("min(tcp.srcport, tcp.dstport) == 22", k);
  assert_match ("abs(frame.p2p_dir) == 3 || !frame.p2p_dir", k);
  pkt_free (k);

  assert_error ("upper(tcp.port) == \"X\"", "Only string type fields can be used as parameter for upper()", 6, 8);
  assert_error ("len(tcp.port + 1) == 1", "Only fields can be used as parameter for len()", 13, 1);
  assert_error ("len(tcp.port)", "You cannot test whether a function is present.", 0, 3);
  assert_error ("string(http.host) == \"a\"", "String conversion for field \"http.host\" is not supported", 7, 9);
  assert_error ("max(1, tcp.port) > 1", "Argument '1' is not valid for max()", 4, 1);
  assert_error ("max(tcp.port, tcp.len) > 1", "Arguments to 'max' must have the same type (expected FT_UINT16, got FT_UINT32)", 14, 7);
  assert_error ("abs(1) == 1", "Need a field or field-like value on the LHS.", 4, 1);
}

/* ---- contains, matches, existence, references, layers ---- */

static void
test_misc (void)
{
  Pkt *k = tcp_packet (22, 40000, 0x18, "SSH-2.0-OpenSSH_9.2");
  assert_match ("tcp", k);
  assert_match ("tcp.payload", k);
  assert_no_match ("udp", k);
  assert_match ("!udp", k);
  assert_match ("frame contains 52:54:00", k);
  assert_match ("tcp contains \"OpenSSH\"", k);
  assert_match ("tcp.payload contains \"SSH\"", k);
  assert_match ("tcp.payload contains 53:53:48", k);
  assert_match ("tcp.payload matches \"openssh_[0-9.]+$\"", k); /* case-insensitive */
  assert_no_match ("tcp.payload matches \"(?-i)openssh\"", k);
  assert_match ("tcp ~ \"^ssh-2\"", k);
  assert_match ("eth.src contains ab:cd", k);
  assert_no_match ("tcp.port == ${tcp.port}", k); /* no selected frame: a reference has no value */
  assert_match ("ip.src#1 == 127.0.0.1", k);
  assert_no_match ("ip#2", k);
  assert_match ("tcp.port#[1-2] == 40000", k);
  assert_match (".tcp.port == 22", k);
  /* tshark 4.0.17 reads a field once per packet into one register; when the first read is
   * the layered one, later plain reads see only that layer (here: nothing) */
  assert_no_match ("tcp.port#2 == 1 || tcp.port == 22", k);
  assert_no_match ("tcp.port#2 == 1 || count(tcp.port) == 2", k);
  assert_match ("tcp.port == 22 || tcp.port#2 == 1", k);
  assert_match ("tcp.port#2 || tcp.port == 22", k); /* an existence test reads no register */
  pkt_free (k);

  assert_error ("tcp.port matches \"80\"", "tcp.port (type=Unsigned integer (2 bytes)) cannot participate in matches comparison.", 0, 8);
  assert_error ("http.host matches \"(\"", "Regex compilation error: missing closing parenthesis.", -1, 0);
  assert_error ("http.host matches abc", "Matches requires a double quoted string on the right side.", 18, 3);
  assert_error ("tcp.analysis.retransmission == \"yes\"", "tcp.analysis.retransmission (type=Label) cannot participate in == comparison.", 0, 27);
  assert_error ("foo.bar == 1", "Left side of \"==\" expression must be a field or function, not foo.bar.", 0, 7);
  assert_error ("foo contains foo", "Left side of contains expression must be a field or function, not foo.", 0, 3);
  assert_error ("foo.bar", "foo.bar is neither a field nor a protocol name.", 0, 7);
  assert_error ("\"abc\"", "\"abc\" is neither a field nor a protocol name.", 0, 5);
  assert_error ("http.host == tcp.port", "http.host and tcp.port are not of compatible types.", 13, 8);
  assert_error ("ip.proto == tcp", "ip.proto and tcp are not of compatible types.", 12, 3);
  assert_error ("${foo} == 1", "macro 'foo' does not exist", -1, 0);
  assert_error ("${ tcp.port}", "invalid character in macro name", -1, 0);
}

/* A protocol's value is its own bytes for len(), comparisons and slices, but "contains" and
 * "matches" search everything its dissector was given, to the end of the frame (tshark 4.0:
 * "tcp contains \"SSH\"" finds the banner after a 32-byte TCP header). */
static void
test_protocol_extent (void)
{
  static const guint8 frame[] = "HDR1HDR2payload-SSH-2.0";
  Pkt *k = pkt_new ();
  k->p.data = frame;
  k->p.caplen = sizeof frame - 1;
  WlView v = { frame, sizeof frame - 1, sizeof frame - 1, 0, 0 };
  wl_add_proto (&k->p, NULL, hf_frame, &v, 0, G_MAXUINT32);
  WlView tv = { frame + 4, sizeof frame - 5, sizeof frame - 5, 4, 0 };
  wl_add_proto (&k->p, NULL, hf_tcp, &tv, 0, 4); /* the header only */
  assert_match ("len(tcp) == 4", k);
  assert_match ("tcp == \"HDR2\"", k);
  assert_no_match ("tcp[4:3] == \"pay\"", k);
  assert_match ("tcp contains \"SSH\"", k);
  assert_match ("tcp matches \"ssh-2\\\\.0$\"", k);
  assert_no_match ("tcp contains \"HDR1\"", k);
  assert_match ("frame contains \"HDR1\"", k);
  pkt_free (k);
}

/* ---- Error text as the CLI prints it ---- */

static void
test_error_format (void)
{
  const char *f = "tcp.port == 65536";
  WlDfilterError *err = NULL;
  g_assert_null (wl_dfilter_compile (f, &err));
  char *s = wl_dfilter_error_format (f, err);
  /* tshark 4.0.17 prints, after "tshark: ": */
  g_assert_cmpstr (s, ==, "\"65536\" too big for this field, maximum 65535.\n"
                          "    tcp.port == 65536\n"
                          "                ^~~~~");
  g_free (s);
  wl_dfilter_error_free (err);

  f = "tcp.port ==";
  g_assert_null (wl_dfilter_compile (f, &err));
  s = wl_dfilter_error_format (f, err);
  g_assert_cmpstr (s, ==, "Unexpected end of filter expression.");
  g_free (s);
  wl_dfilter_error_free (err);

  f = "tcp.payload[0:4 == 48:54";
  g_assert_null (wl_dfilter_compile (f, &err));
  s = wl_dfilter_error_format (f, err);
  g_assert_cmpstr (s, ==, "The right bracket was missing from a slice.\n"
                          "    tcp.payload[0:4 == 48:54\n"
                          "                            ^");
  g_free (s);
  wl_dfilter_error_free (err);
}

/* ---- The fields a filter reads ---- */

static void
test_wanted (void)
{
  WlDfilter *df = wl_dfilter_compile ("tcp.port == 80 && !udp || len(http.host) > 3", NULL);
  g_assert_nonnull (df);
  guint8 *set = wl_field_set_new ();
  wl_dfilter_add_wanted (df, set);
#define IN_SET(id) ((set[(id) >> 3] >> ((id) & 7)) & 1)
  g_assert_true (IN_SET (hf_tcp_port));
  g_assert_true (IN_SET (hf_udp));
  g_assert_true (IN_SET (hf_http_host));
  g_assert_false (IN_SET (hf_tcp_srcport));
  g_assert_false (IN_SET (hf_ip));
#undef IN_SET
  g_free (set);
  wl_dfilter_free (df);
}

/* Concurrent evaluation: the compiled filter is shared, never written. */
static gpointer
apply_many (gpointer data)
{
  WlDfilter *df = data;
  gboolean ok = TRUE;
  for (int i = 0; i < 200 && ok; i++)
    {
      Pkt *k = tcp_packet (22 + (i % 2), 80, 0x18, "GET / HTTP/1.1");
      ok = wl_dfilter_apply (df, &k->p) == (i % 2 == 0);
      pkt_free (k);
    }
  return GINT_TO_POINTER (ok);
}

static void
test_threads (void)
{
  WlDfilter *df = wl_dfilter_compile ("tcp.port == 22 && tcp.payload matches \"^get\" && string(ip.src) == \"127.0.0.1\" && lower(http.host) == \"a\" || tcp.port == 22 && tcp.payload matches \"^get\"", NULL);
  g_assert_nonnull (df);
  GThread *t[4];
  for (int i = 0; i < 4; i++)
    t[i] = g_thread_new ("apply", apply_many, df);
  for (int i = 0; i < 4; i++)
    g_assert_true (GPOINTER_TO_INT (g_thread_join (t[i])));
  wl_dfilter_free (df);
}

/* ---- Why it matched ---- */

/* The tests of the explanation ("+" made the match, "-" did not; "&" an "and" or an "or",
 * then the parent's index) and the occurrences each read ("+" decided, "-" only read):
 * "+& tcp.port == 8080 && ip.ttl > 10; +0 tcp.port == 8080: 22- 8080+; ...". */
static char *
explain (const char *filter, Pkt *k)
{
  WlDfilterError *err = NULL;
  WlDfilter *df = wl_dfilter_compile (filter, &err);
  if (!df)
    g_error ("%s: %s", filter, err->message);
  GArray *tests = NULL;
  GArray *uses = wl_dfilter_explain_full (df, &k->p, NULL, &tests);
  GString *out = g_string_new (NULL);
  GString *value = g_string_new (NULL);
  for (guint i = 0; i < tests->len; i++)
    {
      const WlDfilterTest *t = &g_array_index (tests, WlDfilterTest, i);
      if (i)
        g_string_append (out, "; ");
      g_string_append_c (out, t->made_match ? '+' : '-');
      if (t->is_logical)
        g_string_append_c (out, '&');
      if (t->parent >= 0)
        g_string_append_printf (out, "%d", t->parent);
      g_string_append_printf (out, " %.*s:", t->len, filter + t->start);
      for (guint u = 0; u < uses->len; u++)
        {
          const WlDfilterFieldUse *use = &g_array_index (uses, WlDfilterFieldUse, u);
          if (use->test != i)
            continue;
          g_assert_true (use->made_match == t->made_match);
          g_assert_true (!use->decided || use->made_match);
          g_string_truncate (value, 0);
          if (use->node->field->type == WL_FT_PROTOCOL)
            g_string_append (value, use->node->field->abbrev);
          else
            wl_node_format_value (use->node, value);
          g_string_append_printf (out, " %s%c", value->str, use->decided ? '+' : '-');
        }
    }
  g_string_free (value, TRUE);
  g_array_unref (tests);
  g_array_unref (uses);
  wl_dfilter_free (df);
  return g_string_free (out, FALSE);
}

static void
assert_explained (const char *filter, Pkt *k, const char *expected)
{
  g_autofree char *got = explain (filter, k);
  g_assert_cmpstr (got, ==, expected);
}

static void
test_explain (void)
{
  Pkt *k = tcp_packet (22, 8080, 0x12, NULL);
  /* Of the two ports, the one equal to 8080 decided. */
  assert_explained ("tcp.port == 8080 && ip.ttl > 10", k,
                    "+& tcp.port == 8080 && ip.ttl > 10:; +0 tcp.port == 8080: 22- 8080+; +0 ip.ttl > 10: 64+");
  assert_explained ("tcp.port in {80, 8080}", k, "+ tcp.port in {80, 8080}: 22- 8080+");
  assert_explained ("ip.addr == 10.0.0.0/8", k, "+ ip.addr == 10.0.0.0/8: 127.0.0.1- 10.1.2.3+");
  /* != needs every port to differ: each one decided. */
  assert_explained ("tcp.port != 80", k, "+ tcp.port != 80: 22+ 8080+");
  /* A false branch of an "or" only read its fields, and so did a true one under a false
   * "and". */
  assert_explained ("tcp.port == 22 || tcp.port == 443", k,
                    "+& tcp.port == 22 || tcp.port == 443:; +0 tcp.port == 22: 22+ 8080-; -0 tcp.port == 443: 22- 8080-");
  assert_explained ("(ip.ttl == 64 && udp) || tcp", k,
                    "+& (ip.ttl == 64 && udp) || tcp:; -&0 ip.ttl == 64 && udp:; -1 ip.ttl == 64: 64-; -1 udp:; +0 tcp: tcp+");
  /* A "not" made the match; what it read did not. */
  assert_explained ("!tcp.port == 80", k, "+ !tcp.port == 80:; -0 tcp.port == 80: 22- 8080-");
  /* Two fields compared, a function, a layer: every value read decided. */
  assert_explained ("tcp.srcport < tcp.dstport", k, "+ tcp.srcport < tcp.dstport: 22+ 8080+");
  assert_explained ("max(tcp.srcport, tcp.dstport) == 8080", k, "+ max(tcp.srcport, tcp.dstport) == 8080: 22+ 8080+");
  assert_explained ("tcp.port#1 == 8080", k, "+ tcp.port#1 == 8080: 22+ 8080+");
  pkt_free (k);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  register_fields ();
  g_test_add_func ("/dfilter/lexer", test_lexer);
  g_test_add_func ("/dfilter/parser", test_parser);
  g_test_add_func ("/dfilter/literals", test_literals);
  g_test_add_func ("/dfilter/any-all", test_any_all);
  g_test_add_func ("/dfilter/slices", test_slices);
  g_test_add_func ("/dfilter/sets", test_sets);
  g_test_add_func ("/dfilter/arithmetic", test_arithmetic);
  g_test_add_func ("/dfilter/functions", test_functions);
  g_test_add_func ("/dfilter/misc", test_misc);
  g_test_add_func ("/dfilter/protocol-extent", test_protocol_extent);
  g_test_add_func ("/dfilter/error-format", test_error_format);
  g_test_add_func ("/dfilter/wanted", test_wanted);
  g_test_add_func ("/dfilter/threads", test_threads);
  g_test_add_func ("/dfilter/explain", test_explain);
  return g_test_run ();
}
