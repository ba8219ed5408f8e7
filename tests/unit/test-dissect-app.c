/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The application layer dissectors (dns/mdns, http and its body layers, ssh, tls) on real
 * captures: every expected value is what tshark 4.0.17 shows for the same frame
 * (tshark -r CAPTURE -T fields -E occurrence=a -E aggregator=, -e ...). */
#include <string.h>
#include "dissect.h"
#include "field-format.h"
#include "session.h"
#include "test-capture.h"


static void
test_dns (void)
{
  Capture *c = capture_open ("lo-dns.pcap");
  WlPacket *p = frame (c, 1);
  assert_protocol (p, "DNS");
  assert_info (p, "Standard query 0xaab9 A www.example.test OPT");
  assert_field (p, "frame.protocols", "eth:ethertype:ip:udp:dns");
  assert_field (p, "dns.id", "0xaab9");
  assert_field (p, "dns.flags.response", "0");
  assert_field (p, "dns.qry.name", "www.example.test");
  assert_field (p, "dns.qry.type", "1");
  assert_field (p, "dns.flags.rcode", "");

  p = frame (c, 2);
  assert_info (p, "Standard query response 0xaab9 A www.example.test A 192.0.2.80 OPT");
  assert_field (p, "dns.flags.response", "1");
  assert_field (p, "dns.a", "192.0.2.80");
  assert_field (p, "dns.resp.ttl", "0");
  assert_field (p, "dns.count.answers", "1");
  assert_field (p, "dns.flags.rcode", "0");
  assert_field (p, "dns.rr.udp_payload_size", "1232");
  assert_field (p, "dns.response_to", "1");

  /* SRV: the owner's name splits into service, protocol and name */
  p = frame (c, 12);
  assert_info (p, "Standard query response 0x55fd SRV _http._tcp.example.test SRV 0 5 80 www.example.test "
               "A 192.0.2.80 AAAA 2001:db8:80::80 OPT");
  assert_field (p, "dns.srv.service", "_http");
  assert_field (p, "dns.srv.proto", "_tcp");
  assert_field (p, "dns.srv.name", "example.test");
  assert_field (p, "dns.srv.target", "www.example.test");
  assert_field (p, "dns.resp.name", "www.example.test,www.example.test,<Root>");
  assert_field (p, "dns.aaaa", "2001:db8:80::80");

  p = frame (c, 16);
  assert_info (p, "Standard query response 0x8876 No such name A nothere.example.test OPT");
  assert_field (p, "dns.flags.rcode", "3");

  /* DNS over TCP: the two-byte length first */
  p = frame (c, 22);
  assert_field (p, "frame.protocols", "eth:ethertype:ip:tcp:dns");
  assert_info (p, "Standard query response 0x2252 ANY ns1.example.test A 192.0.2.53 AAAA 2001:db8:53::53 OPT");
  assert_field (p, "dns.length", "89");
  assert_field (p, "dns.count.answers", "2");
  assert_field (p, "dns.response_to", "20");
  capture_close (c);
}

static void
test_mdns (void)
{
  Capture *c = capture_open ("arkime-v6-http.pcap");
  WlPacket *p = frame (c, 6);
  assert_protocol (p, "MDNS");
  assert_field (p, "frame.protocols", "eth:ethertype:ipv6:udp:mdns");
  assert_info (p, "Standard query 0x0000 ANY 1.e.6.0.8.9.e.c.7.d.9.3.9.9.9.0.0.0.0.0.d.2.0.1.8.f.6.0.1.0.0.2.ip6.arpa, "
               "\"QM\" question ANY linux.local, \"QM\" question AAAA 2001:6f8:102d:0:999:39d7:ce98:6e1 PTR linux.local");
  assert_field (p, "dns.qry.qu", "0,0");
  assert_field (p, "dns.resp.cache_flush", "0,0");

  p = frame (c, 7);
  assert_info (p, "Standard query response 0x0000 HINFO, cache flush I686 LINUX "
               "AAAA, cache flush 2001:6f8:102d:0:a9d2:1782:1995:b63b "
               "AAAA, cache flush 2001:6f8:102d:0:2d0:9ff:fee3:e8de "
               "AAAA, cache flush 2001:6f8:102d:0:1033:c4c:7e57:b19e");
  assert_field (p, "dns.resp.cache_flush", "1,1,1,1");
  assert_field (p, "dns.hinfo.cpu", "I686");
  assert_field (p, "dns.hinfo.os", "LINUX");
  assert_field (p, "dns.response_to", "6");
  capture_close (c);
}

static void
test_http (void)
{
  Capture *c = capture_open ("lo-http-keepalive.pcap");
  WlPacket *p = frame (c, 4);
  assert_protocol (p, "HTTP");
  assert_info (p, "GET / HTTP/1.1 ");
  assert_field (p, "frame.protocols", "eth:ethertype:ip:tcp:http");
  assert_field (p, "http.request", "1");
  assert_field (p, "http.request.method", "GET");
  assert_field (p, "http.request.uri", "/");
  assert_field (p, "http.request.version", "HTTP/1.1");
  assert_field (p, "http.host", "127.0.0.1");
  assert_field (p, "http.user_agent", "curl/7.88.1");
  assert_field (p, "http.request.full_uri", "http://127.0.0.1/");

  /* the response headers alone: TCP keeps them for the body */
  p = frame (c, 6);
  assert_protocol (p, "TCP");
  assert_info (p, "HTTP/1.1 200 OK  [TCP segment of a reassembled PDU]");
  assert_field (p, "frame.protocols", "eth:ethertype:ip:tcp");

  p = frame (c, 8);
  assert_info (p, "HTTP/1.1 200 OK  (text/html)");
  assert_field (p, "frame.protocols", "eth:ethertype:ip:tcp:http:data-text-lines");
  assert_field (p, "http.response.code", "200");
  assert_field (p, "http.response.phrase", "OK");
  assert_field (p, "http.content_length", "146");
  assert_field (p, "http.content_type", "text/html; charset=utf-8");
  assert_field (p, "http.request_in", "4");
  assert_field (p, "http.response_for.uri", "http://127.0.0.1/");

  p = frame (c, 18);
  assert_protocol (p, "HTTP/JSON");
  assert_info (p, "HTTP/1.1 200 OK , JavaScript Object Notation (application/json)");
  assert_field (p, "frame.protocols", "eth:ethertype:ip:tcp:http:json");

  /* the answer to HEAD has no body whatever its Content-Length says */
  p = frame (c, 40);
  assert_info (p, "HTTP/1.1 200 OK ");
  assert_field (p, "frame.protocols", "eth:ethertype:ip:tcp:http");
  assert_field (p, "http.content_length", "146");
  assert_field (p, "http.request_in", "38");
  capture_close (c);

  c = capture_open ("eth-http-chunked-gzip.pcap");
  p = frame (c, 22);
  assert_protocol (p, "TCP");
  assert_info (p, "HTTP/1.1 200 OK  [TCP segment of a reassembled PDU]");
  p = frame (c, 40);
  assert_info (p, "HTTP/1.1 200 OK  (text/plain)");
  assert_field (p, "frame.protocols", "eth:ethertype:ip:tcp:http:data-text-lines");
  assert_field (p, "http.transfer_encoding", "chunked");
  assert_field (p, "http.chunk_size", "210,410,610,810,1010,1210,1410,1610,0");
  p = frame (c, 46);
  assert_info (p, "HTTP/1.1 200 OK  (text/html)");
  assert_field (p, "http.content_encoding", "gzip");
  capture_close (c);
}

static void
test_ssh (void)
{
  Capture *c = capture_open ("lo-ssh.pcap");
  WlPacket *p = frame (c, 4);
  assert_protocol (p, "SSH");
  assert_info (p, "Client: Protocol (SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u10)");
  assert_field (p, "ssh.protocol", "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u10");
  assert_field (p, "frame.protocols", "eth:ethertype:ip:tcp:ssh");

  p = frame (c, 6);
  assert_protocol (p, "SSHv2");
  assert_info (p, "Server: Protocol (SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u10)");

  p = frame (c, 8);
  assert_info (p, "Client: Key Exchange Init");
  assert_field (p, "ssh.message_code", "20");
  assert_field (p, "ssh.packet_length", "1556");
  assert_field (p, "ssh.padding_length", "8");
  assert_field (p, "ssh.kex_algorithms_length", "328");
  assert_field (p, "ssh.encryption_algorithms_client_to_server",
                "chacha20-poly1305@openssh.com,aes128-ctr,aes192-ctr,aes256-ctr,aes128-gcm@openssh.com,aes256-gcm@openssh.com");
  assert_field (p, "ssh.kex.hassh", "472b5de333ad665af5cbf10ff892c4df");
  assert_field (p, "ssh.seq_num", "0");

  /* tshark 4.0 counts a Diffie-Hellman message before numbering it: it and the New Keys after
   * it run one ahead */
  p = frame (c, 10);
  assert_field (p, "ssh.seq_num", "2");
  p = frame (c, 11);
  assert_info (p, "Server: Diffie-Hellman Key Exchange Reply, New Keys");
  assert_field (p, "ssh.message_code", "31,21");
  assert_field (p, "ssh.packet_length", "1228,12");
  assert_field (p, "ssh.seq_num", "2,2");
  p = frame (c, 12);
  assert_field (p, "ssh.seq_num", "2");

  /* after NEWKEYS, chacha20-poly1305 packets show nothing without the keys */
  p = frame (c, 14);
  assert_info (p, "Client: ");
  assert_field (p, "ssh.message_code", "");
  capture_close (c);

  c = capture_open ("arkime-ssh2.pcap");
  p = frame (c, 4);
  assert_protocol (p, "SSH");
  assert_info (p, "Server: Protocol (SSH-1.99-OpenSSH_3.9p1)");
  p = frame (c, 6);
  assert_protocol (p, "SSH");
  p = frame (c, 11);
  assert_info (p, "Client: Diffie-Hellman Group Exchange Request");
  assert_field (p, "ssh.message_code", "34");
  assert_field (p, "ssh.seq_num", "2");
  p = frame (c, 13);
  assert_field (p, "ssh.seq_num", "3");
  /* the host key does not parse: tshark stops before "Server: " */
  p = frame (c, 14);
  g_assert_true (g_str_has_prefix (p->col_info->str, "Diffie-Hellman Group Exchange Reply"));
  g_assert_true (p->is_malformed);
  p = frame (c, 15);
  assert_info (p, "Client: New Keys");
  assert_field (p, "ssh.seq_num", "3");
  p = frame (c, 17);
  assert_info (p, "Client: Encrypted packet (len=48)");
  capture_close (c);
}

static void
test_tls (void)
{
  Capture *c = capture_open ("lo-tls.pcap");
  WlPacket *p = frame (c, 4);
  assert_protocol (p, "TLSv1");
  assert_info (p, "Client Hello");
  assert_field (p, "frame.protocols", "eth:ethertype:ip:tcp:tls");
  assert_field (p, "tls.handshake.type", "1");
  assert_field (p, "tls.record.version", "0x0301");
  assert_field (p, "tls.handshake.extensions_server_name", "www.example.test");
  assert_field (p, "tls.handshake.extensions.supported_version", "0x0304,0x0303,0x0302,0x0301");
  assert_field (p, "tls.handshake.ja3", "0149f47eabf9a20d0893e2a44e5a6323");
  assert_field (p, "tls.handshake.random_time", "Jan 31, 2060 02:00:35.000000000 UTC");
  assert_field (p, "tls.handshake.extensions_key_share_client_length", "36");
  assert_field (p, "tls.handshake.extensions_key_share_group", "29");
  assert_field (p, "tls.extension.psk_ke_mode", "1");
  /* every extension is one tshark dissects: no bytes shown */
  assert_field (p, "tls.handshake.extension.data", "");

  p = frame (c, 6);
  assert_protocol (p, "TLSv1.3");
  assert_info (p, "Server Hello, Change Cipher Spec, Application Data, Application Data, Application Data, Application Data");
  assert_field (p, "tls.record.content_type", "22,20");
  assert_field (p, "tls.record.opaque_type", "23,23,23,23");
  assert_field (p, "tls.handshake.ciphersuite", "0x1302");
  assert_field (p, "tls.handshake.ja3s", "15af977ce25de452b96affa2addb1036");
  /* a TLS 1.3 random holds no time */
  assert_field (p, "tls.handshake.random_time", "");
  assert_field (p, "tls.handshake.extensions_key_share_group", "29");

  p = frame (c, 25);
  assert_protocol (p, "TLSv1.2");
  assert_info (p, "Server Hello, Certificate, Server Key Exchange, Server Hello Done");
  assert_field (p, "frame.protocols", "eth:ethertype:ip:tcp:tls:x509sat:x509sat:x509ce:x509ce:x509ce:x509ce");
  assert_field (p, "tls.handshake.type", "2,11,12,14");
  assert_field (p, "tls.handshake.certificate_length", "824");
  assert_field (p, "tls.handshake.random_time", "Dec 16, 2065 01:52:32.000000000 UTC");
  assert_field (p, "tls.handshake.extensions_reneg_info_len", "0");
  /* the Server Key Exchange's signature algorithm, split */
  assert_field (p, "tls.handshake.sig_hash_hash", "8");
  assert_field (p, "tls.handshake.sig_hash_sig", "4");

  p = frame (c, 31);
  assert_info (p, "Encrypted Alert");
  capture_close (c);

  /* port 4443: found by the heuristic */
  c = capture_open ("arkime-ssl-selfsign.pcap");
  p = frame (c, 5);
  assert_protocol (p, "SSLv3");
  assert_info (p, "Client Hello");
  p = frame (c, 7);
  assert_info (p, "Server Hello, Certificate, Certificate Request, Server Hello Done");
  assert_field (p, "frame.protocols",
                "null:ip:tcp:tls:x509sat:x509sat:x509ce:x509ce:x509sat:x509ce:x509sat:x509sat:x509sat");
  capture_close (c);

  /* a Hello Retry Request (made by make-tls-hrr-synthetic.py): named as such, TLS 1.3 from
   * its supported_versions, and its key_share is the selected group */
  c = capture_open ("tls-hrr-synthetic.pcap");
  p = frame (c, 1);
  assert_protocol (p, "TLSv1.3");
  assert_info (p, "Hello Retry Request");
  assert_field (p, "tls.handshake.type", "2");
  assert_field (p, "tls.handshake.extensions_key_share_selected_group", "29");
  assert_field (p, "tls.handshake.extensions_key_share_group", "");
  assert_field (p, "tls.handshake.random_time", "");
  assert_field (p, "tls.handshake.ja3s", "f4febc55ea12b31ae17cfb7e614afda8");
  capture_close (c);
}

/* LBMSRS: tshark's heuristic tests TCP payloads to or from 127.0.0.1 on ports nothing claims;
 * one that starts like an RSocket frame (here an EXT frame type) asks for the rest of a frame
 * that never comes, and the later segments of that direction join it. */
static void
test_lbmsrs (void)
{
  Capture *c = capture_open ("lo-ssh.pcap");
  WlPacket *p = frame (c, 85);
  assert_field (p, "frame.protocols", "eth:ethertype:ip:tcp:data");
  p = frame (c, 86);
  assert_field (p, "frame.protocols", "eth:ethertype:ip:tcp");
  assert_protocol (p, "TCP");
  assert_info (p, "[TCP segment of a reassembled PDU]");
  p = frame (c, 87);
  assert_field (p, "frame.protocols", "eth:ethertype:ip:tcp:data");
  p = frame (c, 88);
  assert_field (p, "frame.protocols", "eth:ethertype:ip:tcp");
  assert_info (p, "49978 \xe2\x86\x92 2222 [PSH, ACK] Seq=3070 Ack=2906 Win=83968 Len=308 TSval=2510974811 "
               "TSecr=3336432888 [TCP segment of a reassembled PDU]");
  p = frame (c, 96);
  assert_field (p, "frame.protocols", "eth:ethertype:ip:tcp");
  assert_info (p, "[TCP segment of a reassembled PDU]");
  capture_close (c);
}

/* 5co-legacy on its ports: several messages to a segment, a bad checksum, UDP; a payload it
 * refuses keeps the Protocol column it set and the Info it cleared, as in tshark. */
static void
test_fiveco (void)
{
  Capture *c = capture_open ("fiveco-synthetic.pcap");
  WlPacket *p = frame (c, 1);
  assert_field (p, "frame.protocols", "eth:ethertype:ip:tcp:5co_legacy");
  assert_protocol (p, "5co-legacy");
  assert_info (p, "Read register ID=5 Len=3");
  p = frame (c, 3);
  assert_field (p, "frame.protocols", "eth:ethertype:ip:tcp:5co_legacy");
  assert_info (p, "Write register ID=6 Len=2, I2C Scan ID=7 Len=2");
  p = frame (c, 4);
  assert_field (p, "frame.protocols", "eth:ethertype:ip:udp:5co_legacy");
  assert_info (p, "Easy IP address config ID=1 Len=14");
  p = frame (c, 5);
  assert_info (p, "Read register ID=9 Len=1 [BAD CHECKSUM !!]");
  p = frame (c, 6);
  assert_field (p, "frame.protocols", "eth:ethertype:ip:tcp:data");
  assert_protocol (p, "5co-legacy");
  assert_info (p, "");
  capture_close (c);

  c = capture_open ("arkime-tcpseq_synthetic.pcap");
  p = frame (c, 37);
  assert_field (p, "frame.protocols", "eth:ethertype:ip:tcp:data");
  assert_protocol (p, "5co-legacy");
  assert_info (p, "[TCP Previous segment not captured] ");
  capture_close (c);
}

/* The body dissectors where tshark 4.0 has quirks, on a capture made for them
 * (make-http-bodies-synthetic.py): JSON escapes and trailing text, XML read by tshark's
 * grammar, a gzip body, a multipart form with blanks in its headers, form items without '=',
 * a chunked body that de-chunks to nothing, a gzip body that does not decompress, and a JSON
 * member without its opening quote. */
static void
test_bodies (void)
{
  Capture *c = capture_open ("http-bodies-synthetic.pcap");
  WlPacket *p = frame (c, 4);
  assert_field (p, "frame.protocols", "eth:ethertype:ip:tcp:http:json:data-text-lines");
  assert_protocol (p, "HTTP/JSON");
  assert_info (p, "HTTP/1.1 200 OK , JavaScript Object Notation (application/json)");
  assert_field (p, "json.member", "a,b,c,d,e,f,g,h,i,j,k,l,m,k\"ey");
  /* a \u escape that ends the string adds nothing, an unprintable one nothing, a broken
   * surrogate pair U+FFFD, and a byte that starts no UTF-8 sequence ends the string */
  assert_field (p, "json.value.string", "x\xc3\xa9\\n\"q,,a\xf0\x9f\x98\x80" "b,xy,p\xef\xbf\xbd,t,v");
  assert_field (p, "json.value.number", "1,-2.5e3");
  assert_field (p, "json.key", "a,c,d,b,e,f,g,h,i,j,k,l,m,k\"ey");
  assert_field (p, "json.path", "/a,/b/[]/c,/b/[]/d,/b,/e,/f,/g,/h,/i,/j,/k,/l,/m,/k\"ey");
  assert_field (p, "json.path_with_value", "/a:x\xc3\xa9\\n\"q,/b/[]:1,/b/[]:-2.5e3,/b/[]/c:null,/b/[]/d:false,"
                "/g:,/h:a\xf0\x9f\x98\x80" "b,/i:xy,/j:p\xef\xbf\xbd,/k:t,/l:NaN,/m:true,/k\"ey:v");
  assert_field (p, "json.member_with_value", "a:x\xc3\xa9\\n\"q,[]:1,[]:-2.5e3,c:null,d:false,"
                "g:,h:a\xf0\x9f\x98\x80" "b,i:xy,j:p\xef\xbf\xbd,k:t,l:NaN,m:true,k\"ey:v");

  p = frame (c, 8);
  assert_field (p, "frame.protocols", "eth:ethertype:ip:tcp:http:xml");
  assert_protocol (p, "HTTP/XML");
  assert_field (p, "xml.xmlpi.xml", "<?xml version=\"1.0\" standalone='yes'?>");
  assert_field (p, "xml.xmlpi.xml.version", "1.0");
  assert_field (p, "xml.xmlpi.xml.standalone", "yes");
  assert_field (p, "xml.xmlpi", "<?pi x=\"y\"?>");
  assert_field (p, "xml.comment", "<!-- a comment -->");
  assert_field (p, "xml.doctype", "note");
  assert_field (p, "xml.dtdtag", "<!ELEMENT note (to)>");
  assert_field (p, "xml.tag", "<note a = \"1\" b=2 c=x>,<to>,<e/>,<f g=\"h\"/>");
  assert_field (p, "xml.attribute", "a = \"1\",b=2,c=x,g=\"h\",x=\"y\"");
  assert_field (p, "xml.cdata", "Tove,text  \\n");
  assert_field (p, "xml.unknown", "bad ,b>c,html>");
  assert_field (p, "xml.cdatasection", "<![CDATA[<x>]]>");
  g_assert_nonnull (wl_packet_first (p, wl_field_lookup ("xml.unrecognized_text")->id));
  g_assert_nonnull (wl_packet_first (p, wl_field_lookup ("xml.closing_unopened_tag")->id));

  /* no escapes in quoted attribute values; not valid UTF-8 in character data */
  p = frame (c, 12);
  assert_field (p, "xml.tag", "<a>,<b>,<ns:c xmlns:ns=\"u\">,<d x=\"p\\\">");
  assert_field (p, "xml.attribute", "xmlns:ns=\"u\",x=\"p\\\"");

  p = frame (c, 16);
  assert_field (p, "frame.protocols", "eth:ethertype:ip:tcp:http:data-text-lines");
  assert_info (p, "HTTP/1.1 200 OK  (text/html)");
  {
    g_autofree char *fd = field (p, "http.file_data");
    g_assert_true (g_str_has_prefix (fd, "<html><body>compressed text compressed text "));
    g_assert_true (g_str_has_suffix (fd, "</body></html>\\n"));
  }

  p = frame (c, 20);
  assert_field (p, "mime_multipart.header.content-disposition", "form-data;name=\"f\";filename=\"a b.txt\",form-data;name=\"n\"");
  assert_field (p, "mime_multipart.header.content-type", "text/plain");
  assert_field (p, "mime_multipart.first_boundary", "--XyZ\\r\\n");
  assert_field (p, "mime_multipart.boundary", "\\r\\n--XyZ\\r\\n");
  assert_field (p, "mime_multipart.last_boundary", "\\r\\n--XyZ--\\r\\n");

  p = frame (c, 24);
  assert_field (p, "urlencoded-form.key", "a,b&c,");
  assert_field (p, "urlencoded-form.value", "1,A x,z");

  p = frame (c, 28);
  assert_field (p, "frame.protocols", "eth:ethertype:ip:tcp:http");
  assert_field (p, "http.file_data", "");
  g_assert_nonnull (wl_packet_first (p, wl_field_lookup ("http.file_data")->id));

  /* a body that does not decompress is data, without file data or a media layer */
  p = frame (c, 32);
  assert_field (p, "frame.protocols", "eth:ethertype:ip:tcp:http:data");
  assert_info (p, "HTTP/1.1 200 OK ");
  assert_field (p, "data.data", "6e6f7420677a697020617420616c6c");
  g_assert_nonnull (wl_packet_first (p, wl_field_lookup ("http.decompression_failed")->id));
  g_assert_null (wl_packet_first (p, wl_field_lookup ("http.file_data")->id));

  /* a member without its opening quote: the document does not parse, all of it is text */
  p = frame (c, 36);
  assert_field (p, "frame.protocols", "eth:ethertype:ip:tcp:http:json:data-text-lines");
  assert_field (p, "json.member", "");
  capture_close (c);
}

/* A frame dissected again after the first pass (as the GUI does) shows what it showed then. */
static void
test_revisit (void)
{
  Capture *c = capture_open ("lo-ssh.pcap");
  frame (c, 20);
  WlPacket *p = frame (c, 4);
  assert_protocol (p, "SSH");
  assert_info (p, "Client: Protocol (SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u10)");
  p = frame (c, 11);
  assert_info (p, "Server: Diffie-Hellman Key Exchange Reply, New Keys");
  capture_close (c);

  c = capture_open ("lo-http-keepalive.pcap");
  frame (c, 60);
  p = frame (c, 8);
  assert_info (p, "HTTP/1.1 200 OK  (text/html)");
  assert_field (p, "http.request_in", "4");
  p = frame (c, 40);
  assert_field (p, "frame.protocols", "eth:ethertype:ip:tcp:http");
  capture_close (c);

  c = capture_open ("lo-tls.pcap");
  frame (c, 36);
  p = frame (c, 4);
  assert_protocol (p, "TLSv1");
  p = frame (c, 6);
  assert_protocol (p, "TLSv1.3");
  assert_field (p, "tls.record.opaque_type", "23,23,23,23");
  capture_close (c);

  c = capture_open ("lo-dns.pcap");
  frame (c, 50);
  p = frame (c, 2);
  assert_field (p, "dns.response_to", "1");
  capture_close (c);
}

int
main (int argc, char **argv)
{
  /* Registration first: a warning from another protocol's tables is not this test's business,
   * and g_test_init makes every warning fatal. */
  wl_dissectors_init ();
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/app/dns", test_dns);
  g_test_add_func ("/app/mdns", test_mdns);
  g_test_add_func ("/app/http", test_http);
  g_test_add_func ("/app/ssh", test_ssh);
  g_test_add_func ("/app/tls", test_tls);
  g_test_add_func ("/app/lbmsrs", test_lbmsrs);
  g_test_add_func ("/app/fiveco", test_fiveco);
  g_test_add_func ("/app/bodies", test_bodies);
  g_test_add_func ("/app/revisit", test_revisit);
  return g_test_run ();
}
