/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The link and network layer dissectors (eth, vlan, arp, sll, null, raw, ipv4, ipv6, icmp,
 * icmpv6, igmp, udp, dhcp) on real captures: every expected value is what tshark 4.0.17 shows
 * for the same frame (tshark -r CAPTURE -T fields -e ..., golden files in ../shared/corpus). */
#include <string.h>
#include "dissect.h"
#include "field-format.h"
#include "session.h"
#include "test-capture.h"


static void
test_eth_arp (void)
{
  Capture *c = capture_open ("eth-arp-icmp.pcap");
  WlPacket *p = frame (c, 9);
  assert_field (p, "frame.protocols", "eth:ethertype:arp");
  assert_field (p, "eth.src", "52:54:00:3a:10:01");
  assert_field (p, "eth.dst", "ff:ff:ff:ff:ff:ff");
  assert_field (p, "eth.type", "0x0806");
  assert_field (p, "eth.addr", "ff:ff:ff:ff:ff:ff,52:54:00:3a:10:01");
  assert_field (p, "eth.ig", "1,0");
  assert_field (p, "eth.lg", "1,1");
  assert_field (p, "arp.opcode", "1");
  assert_field (p, "arp.src.proto_ipv4", "192.0.2.1");
  assert_field (p, "arp.dst.proto_ipv4", "192.0.2.2");
  assert_protocol (p, "ARP");
  assert_info (p, "Who has 192.0.2.2? Tell 192.0.2.1");
  p = frame (c, 10);
  assert_info (p, "192.0.2.2 is at 00:16:3e:5c:22:02");
  capture_close (c);

  /* a 60-byte frame: the ARP message is followed by 18 bytes of padding */
  c = capture_open ("tcpdump-IGMP_V2.pcap");
  p = frame (c, 1);
  assert_field (p, "eth.padding", "000000000000000000000000000000000000");
  capture_close (c);
}

static void
test_vlan (void)
{
  Capture *c = capture_open ("arkime-dot1ad.pcap");
  WlPacket *p = frame (c, 1);
  assert_field (p, "frame.protocols", "eth:ethertype:ieee8021ad:ethertype:vlan:ethertype:ip:icmp");
  assert_field (p, "eth.type", "0x88a8");
  assert_field (p, "ieee8021ad.id", "1525");
  assert_field (p, "vlan.id", "30");
  assert_field (p, "vlan.etype", "0x0800");
  assert_field (p, "vlan.priority", "0");
  assert_protocol (p, "ICMP");
  assert_info (p, "Echo (ping) request  id=0x0000, seq=0/0, ttl=64");
  p = frame (c, 2);
  assert_field (p, "vlan.id", "40");
  assert_info (p, "Echo (ping) reply    id=0x0000, seq=0/0, ttl=64 (request in 1)");
  capture_close (c);
}

static void
test_link_types (void)
{
  Capture *c = capture_open ("sll2-any.pcap");
  WlPacket *p = frame (c, 1);
  assert_field (p, "frame.protocols", "sll:ethertype:ipv6:ipv6.hopopts:icmpv6");
  assert_field (p, "sll.etype", "0x86dd");
  assert_field (p, "sll.ifindex", "2");
  assert_field (p, "sll.pkttype", "2");
  assert_field (p, "sll.src.eth", "00:16:3e:5c:22:02");
  capture_close (c);

  /* Linux cooked v1 over GRE: the protocol goes straight to IPv6, without "ethertype" */
  c = capture_open ("tcpdump-babel.pcap");
  p = frame (c, 1);
  assert_field (p, "frame.protocols", "sll:ipv6:udp:data");
  assert_field (p, "sll.hatype", "778");
  assert_protocol (p, "UDP");
  assert_info (p, "6697 \xe2\x86\x92 6697 Len=12");
  capture_close (c);

  c = capture_open ("arkime-ssl-selfsign.pcap");
  p = frame (c, 1);
  g_assert_true (g_str_has_prefix (field (p, "frame.protocols"), "null:ip:tcp"));
  assert_field (p, "null.family", "2");
  capture_close (c);

  c = capture_open ("tcpdump-mptcp-tcprst.pcap");
  p = frame (c, 1);
  g_assert_true (g_str_has_prefix (field (p, "frame.protocols"), "raw:ip:tcp"));
  assert_field (p, "ip.src", "192.0.2.1");
  assert_field (p, "ip.ttl", "255");
  capture_close (c);

  c = capture_open ("tcpdump-LINKTYPE_IPV6.pcap");
  p = frame (c, 1);
  g_assert_true (g_str_has_prefix (field (p, "frame.protocols"), "ipv6:udp"));
  assert_field (p, "ipv6.src", "2001:db8::1");
  assert_field (p, "ipv6.dst", "2620:fe::9");
  assert_field (p, "udp.dstport", "53");
  capture_close (c);
}

static void
test_ipv4_fragments (void)
{
  Capture *c = capture_open ("eth-ipv4-frag.pcap");
  /* the fragments before the last one are shown as data */
  WlPacket *p = frame (c, 13);
  assert_field (p, "frame.protocols", "eth:ethertype:ip:data");
  assert_field (p, "ip.flags.mf", "1");
  assert_field (p, "ip.frag_offset", "0");
  assert_protocol (p, "IPv4");
  assert_info (p, "Fragmented IP protocol (proto=ICMP 1, off=0, ID=affd)");
  p = frame (c, 14);
  assert_field (p, "ip.frag_offset", "185");
  assert_info (p, "Fragmented IP protocol (proto=ICMP 1, off=1480, ID=affd)");
  /* the last one carries the reassembled ping */
  p = frame (c, 15);
  assert_field (p, "frame.protocols", "eth:ethertype:ip:icmp:data");
  assert_field (p, "ip.len", "1068");
  assert_field (p, "ip.frag_offset", "370");
  assert_field (p, "ip.fragment", "13,14,15");
  assert_field (p, "ip.reassembled.length", "4008");
  assert_field (p, "icmp.type", "8");
  assert_field (p, "icmp.checksum.status", "1");
  assert_info (p, "Echo (ping) request  id=0x4142, seq=1/256, ttl=64");
  p = frame (c, 18);
  assert_info (p, "Echo (ping) reply    id=0x4142, seq=1/256, ttl=64 (request in 15)");
  /* a UDP datagram in four fragments */
  p = frame (c, 32);
  assert_field (p, "frame.protocols", "eth:ethertype:ip:udp:data");
  assert_field (p, "udp.length", "5008");
  assert_info (p, "40045 \xe2\x86\x92 7000 Len=5000");
  /* revisiting a fragment after the first pass gives the same answer */
  p = frame (c, 13);
  assert_field (p, "frame.protocols", "eth:ethertype:ip:data");
  p = frame (c, 15);
  assert_field (p, "frame.protocols", "eth:ethertype:ip:icmp:data");
  capture_close (c);
}

static void
test_ipv4_options (void)
{
  Capture *c = capture_open ("lo-ip-options.pcap");
  WlPacket *p = frame (c, 1);
  assert_field (p, "ip.hdr_len", "60");
  assert_field (p, "ip.flags.df", "1");
  assert_field (p, "ip.opt.type", "1,7");
  assert_field (p, "ip.opt.ptr", "8");
  assert_field (p, "ip.rec_rt", "127.0.0.1");
  assert_field (p, "ip.checksum", "0xb23a");
  assert_field (p, "ip.checksum.status", "2");
  assert_field (p, "ip.addr", "127.0.0.1,127.0.0.1");
  capture_close (c);
}

static void
test_icmp (void)
{
  Capture *c = capture_open ("lo-icmp.pcap");
  WlPacket *p = frame (c, 2);
  assert_field (p, "icmp.ident", "16529");
  assert_field (p, "icmp.seq_le", "256");
  assert_field (p, "icmp.resp_to", "1");
  assert_field (p, "icmp.checksum.status", "1");
  /* an error quotes the datagram: a nested ip and udp, the columns untouched by them */
  p = frame (c, 16);
  assert_field (p, "frame.protocols", "eth:ethertype:ip:icmp:ip:udp:data");
  assert_field (p, "ip.proto", "1,17");
  assert_field (p, "ip.len", "62,34");
  assert_field (p, "udp.srcport", "34423");
  assert_field (p, "icmp.type", "3");
  assert_field (p, "icmp.code", "3");
  assert_protocol (p, "ICMP");
  assert_info (p, "Destination unreachable (Port unreachable)");
  /* and ICMPv6 */
  p = frame (c, 8);
  assert_field (p, "icmpv6.echo.identifier", "0x4092");
  assert_field (p, "icmpv6.checksum.status", "1");
  assert_info (p, "Echo (ping) reply id=0x4092, seq=1, hop limit=64 (request in 7)");
  p = frame (c, 18);
  assert_field (p, "frame.protocols", "eth:ethertype:ipv6:icmpv6:ipv6:udp:data");
  assert_field (p, "ipv6.nxt", "58,17");
  assert_info (p, "Destination Unreachable (Port unreachable)");
  capture_close (c);
}

static void
test_ipv6 (void)
{
  Capture *c = capture_open ("eth-ipv6.pcap");
  WlPacket *p = frame (c, 1);
  assert_field (p, "frame.protocols", "eth:ethertype:ipv6:ipv6.hopopts:icmpv6");
  assert_field (p, "ipv6.hopopts.nxt", "58");
  assert_field (p, "ipv6.opt.router_alert", "0");
  assert_field (p, "icmpv6.mldr.mar.multicast_address", "ff02::1:ff3a:1001");
  assert_info (p, "Multicast Listener Report Message v2");
  p = frame (c, 3);
  assert_info (p, "Router Solicitation from 52:54:00:3a:10:01");
  assert_field (p, "icmpv6.opt.linkaddr", "52:54:00:3a:10:01");
  p = frame (c, 15);
  assert_field (p, "icmpv6.nd.na.flag.s", "1");
  assert_info (p, "Neighbor Advertisement 2001:db8:1::2 (sol, ovr) is at 00:16:3e:5c:22:02");
  /* a 3000-byte ping6 in three fragments */
  p = frame (c, 20);
  assert_field (p, "frame.protocols", "eth:ethertype:ipv6:ipv6.fraghdr:data");
  assert_field (p, "ipv6.fraghdr.more", "1");
  assert_protocol (p, "IPv6");
  assert_info (p, "IPv6 fragment (off=0 more=y ident=0x2e1b8cf4 nxt=58)");
  p = frame (c, 22);
  assert_field (p, "frame.protocols", "eth:ethertype:ipv6:ipv6.fraghdr:icmpv6:data");
  assert_field (p, "ipv6.fragment", "20,21,22");
  assert_field (p, "icmpv6.checksum.status", "1");
  capture_close (c);

  c = capture_open ("tcpdump-ipv6-routing-header.pcap");
  p = frame (c, 1);
  assert_field (p, "ipv6.routing.type", "0");
  assert_field (p, "ipv6.routing.src.addr", "2200::210:2:0:0:4");
  assert_field (p, "ipv6.src_slaac_mac", "00:12:3f:ae:22:f7");
  capture_close (c);
}

static void
test_igmp_dhcp_udp (void)
{
  Capture *c = capture_open ("tcpdump-IGMP_V2.pcap");
  WlPacket *p = frame (c, 1);
  assert_field (p, "frame.protocols", "eth:ethertype:ip:igmp:igmp");
  assert_field (p, "igmp.version", "2");
  assert_field (p, "igmp.type", "0x11");
  assert_protocol (p, "IGMPv2");
  assert_info (p, "Membership Query, general");
  p = frame (c, 5);
  assert_info (p, "Leave Group 225.1.1.3");
  capture_close (c);

  c = capture_open ("arkime-wireshark-dhcp.pcap");
  p = frame (c, 2);
  assert_field (p, "frame.protocols", "eth:ethertype:ip:udp:dhcp");
  assert_field (p, "dhcp.option.dhcp", "2");
  assert_field (p, "dhcp.ip.your", "192.168.0.10");
  assert_field (p, "udp.srcport", "67");
  assert_field (p, "udp.stream", "1");
  assert_protocol (p, "DHCP");
  assert_info (p, "DHCP Offer    - Transaction ID 0x3d1d");
  capture_close (c);

  /* a UDP length past the end of the IP payload (fuzzed capture) */
  c = capture_open ("tcpdump-nfs-attr-oobr.pcap");
  p = frame (c, 47);
  assert_protocol (p, "UDP");
  assert_info (p, "12336 \xe2\x86\x92 2049 [BAD UDP LENGTH 12336 > IP PAYLOAD LENGTH] Len=12328");
  capture_close (c);
}

int
main (int argc, char **argv)
{
  /* Registration first: a warning from another protocol's tables is not this test's business,
   * and g_test_init makes every warning fatal. */
  wl_dissectors_init ();
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/l23/eth-arp", test_eth_arp);
  g_test_add_func ("/l23/vlan", test_vlan);
  g_test_add_func ("/l23/link-types", test_link_types);
  g_test_add_func ("/l23/ipv4-fragments", test_ipv4_fragments);
  g_test_add_func ("/l23/ipv4-options", test_ipv4_options);
  g_test_add_func ("/l23/icmp", test_icmp);
  g_test_add_func ("/l23/ipv6", test_ipv6);
  g_test_add_func ("/l23/igmp-dhcp-udp", test_igmp_dhcp_udp);
  return g_test_run ();
}
