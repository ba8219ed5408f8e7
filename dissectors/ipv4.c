/* SPDX-License-Identifier: GPL-2.0-or-later */
/* IPv4 (protocol "ip", ethertype 0x0800): the header and its options, the hand-off through
 * "ip.proto", and fragment reassembly (tshark's ip.defragment, on by default), which also
 * serves IPv6 (see l23.h). */
#include <string.h>
#include "field-format.h"
#include "l23.h"

static int proto_ip = -1;
static int hf_ip_version = -1, hf_ip_hdr_len = -1, hf_ip_dsfield = -1, hf_ip_dsfield_dscp = -1;
static int hf_ip_dsfield_ecn = -1, hf_ip_len = -1, hf_ip_id = -1, hf_ip_flags = -1;
static int hf_ip_flags_rb = -1, hf_ip_flags_df = -1, hf_ip_flags_mf = -1, hf_ip_frag_offset = -1;
static int hf_ip_ttl = -1, hf_ip_proto = -1, hf_ip_checksum = -1, hf_ip_checksum_status = -1;
static int hf_ip_src = -1, hf_ip_addr = -1, hf_ip_src_host = -1, hf_ip_host = -1, hf_ip_dst = -1;
static int hf_ip_dst_host = -1, hf_ip_opt_type = -1, hf_ip_opt_type_copy = -1;
static int hf_ip_opt_type_class = -1, hf_ip_opt_type_number = -1, hf_ip_opt_len = -1;
static int hf_ip_opt_ptr = -1, hf_ip_opt_sid = -1, hf_ip_opt_padding = -1, hf_ip_rec_rt = -1;
static int hf_ip_rec_rt_host = -1, hf_ip_empty_rt = -1, hf_ip_empty_rt_host = -1, hf_ip_src_rt = -1;
static int hf_ip_opt_overflow = -1, hf_ip_opt_flag = -1, hf_ip_opt_time_stamp = -1;
static int hf_ip_opt_time_stamp_addr = -1, hf_ip_opt_ra = -1, hf_ip_fragment_count = -1;
static int hf_ip_fragment = -1, hf_ip_fragments = -1, hf_ip_reassembled_length = -1;
static int hf_ip_reassembled_data = -1, hf_ip_bogus_header_length = -1, hf_ip_bogus_ip_length = -1;
static int hf_ip_opt_len_invalid = -1, hf_ip_src_rt_host = -1, hf_ip_ttl_lncb = -1, hf_ip_ttl_too_small = -1;

const int wl_ip_in_error_packet = 1;

static WlTable *ipproto_table;

const WlValueString wl_ipproto_vals[] = {
  { 0, "IPv6 Hop-by-Hop Option" },
  { 1, "ICMP" },
  { 2, "IGMP" },
  { 3, "GGP" },
  { 4, "IPIP" },
  { 5, "Stream" },
  { 6, "TCP" },
  { 7, "CBT" },
  { 8, "EGP" },
  { 9, "IGRP" },
  { 10, "BBN RCC" },
  { 11, "Network Voice" },
  { 12, "PUP" },
  { 13, "ARGUS" },
  { 14, "EMCON" },
  { 15, "XNET" },
  { 16, "CHAOS" },
  { 17, "UDP" },
  { 18, "Multiplex" },
  { 19, "DCN Measurement" },
  { 20, "Host Monitoring" },
  { 21, "Packet radio" },
  { 22, "IDP" },
  { 23, "Trunk-1" },
  { 24, "Trunk-2" },
  { 25, "Leaf-1" },
  { 26, "Leaf-2" },
  { 27, "Reliable Data" },
  { 28, "IRT" },
  { 29, "ISO TP4" },
  { 30, "Bulk Data" },
  { 31, "MFE NSP" },
  { 32, "Merit Internodal" },
  { 33, "Datagram Congestion Control Protocol" },
  { 34, "3rd Party Connect" },
  { 35, "Inter-Domain Policy Routing Protocol" },
  { 36, "XTP" },
  { 37, "Datagram delivery" },
  { 38, "Control Message" },
  { 39, "TP++" },
  { 40, "IL" },
  { 41, "IPv6" },
  { 42, "Source demand routing" },
  { 43, "Routing Header for IPv6" },
  { 44, "Fragment Header for IPv6" },
  { 45, "Inter-Domain Routing Protocol" },
  { 46, "Reservation Protocol" },
  { 47, "Generic Routing Encapsulation" },
  { 48, "Dynamic source routing" },
  { 49, "BNA" },
  { 50, "Encap Security Payload" },
  { 51, "Authentication Header" },
  { 52, "INSLP" },
  { 53, "SWIPE" },
  { 54, "NBMA ARP" },
  { 55, "IP Mobility" },
  { 56, "TLSP Kryptonet" },
  { 57, "SKIP" },
  { 58, "ICMPv6" },
  { 59, "No Next Header for IPv6" },
  { 60, "Destination Options for IPv6" },
  { 61, "any host internal protocol" },
  { 62, "Mobile IPv6 (old)" },
  { 63, "any local network" },
  { 64, "SATNET EXPAK" },
  { 65, "Kryptolan" },
  { 66, "Remote Virtual Disk" },
  { 67, "IPPC" },
  { 68, "any distributed file system" },
  { 69, "SATNET Monitoring" },
  { 70, "VISA" },
  { 71, "IPCV" },
  { 72, "CPNX" },
  { 73, "CPHB" },
  { 74, "Wang Span" },
  { 75, "Packet Video" },
  { 76, "Backroom SATNET Mon" },
  { 77, "Sun ND Protocol" },
  { 78, "Wideband Mon" },
  { 79, "Wideband Expak" },
  { 80, "ISO Internet Protocol" },
  { 81, "VMTP" },
  { 82, "Secure VMTP" },
  { 83, "VINES" },
  { 84, "TTP" },
  { 85, "NSFNET IGP" },
  { 86, "Dissimilar Gateway" },
  { 87, "TCF" },
  { 88, "EIGRP" },
  { 89, "OSPF IGP" },
  { 90, "Sprite RPC" },
  { 91, "Locus ARP" },
  { 92, "Multicast Transport" },
  { 93, "AX.25 Frames" },
  { 94, "IP in IP" },
  { 95, "MICP" },
  { 96, "Semaphore" },
  { 97, "Ether in IP" },
  { 98, "ENCAP" },
  { 99, "any private encryption scheme" },
  { 100, "GMTP" },
  { 101, "Ipsilon Flow" },
  { 102, "PNNI over IP" },
  { 103, "PIM" },
  { 104, "ARIS" },
  { 105, "SCPS" },
  { 106, "QNX" },
  { 107, "Active Networks" },
  { 108, "IPComp" },
  { 109, "Sitara Networks" },
  { 110, "Compaq Peer" },
  { 111, "IPX IN IP" },
  { 112, "VRRP" },
  { 113, "PGM" },
  { 114, "any 0-hop protocol" },
  { 115, "Layer 2 Tunneling" },
  { 116, "DDX" },
  { 117, "IATP" },
  { 118, "STP" },
  { 119, "SpectraLink" },
  { 120, "UTI" },
  { 121, "SMP" },
  { 122, "SM" },
  { 123, "PTP" },
  { 124, "ISIS over IP" },
  { 125, "FIRE" },
  { 126, "CRTP" },
  { 127, "CRUDP" },
  { 128, "SSCOPMCE" },
  { 129, "IPLT" },
  { 130, "Secure Packet" },
  { 131, "PIPE" },
  { 132, "SCTP" },
  { 133, "Fibre Channel" },
  { 134, "RSVP E2EI" },
  { 135, "Mobile IPv6" },
  { 136, "UDPLite" },
  { 137, "MPLS in IP" },
  { 138, "MANET" },
  { 139, "HIP" },
  { 140, "Shim6 header" },
  { 141, "WESP" },
  { 142, "ROHC" },
  { 143, "Ethernet" },
  { 144, "Unassigned" },
  { 145, "Unassigned" },
  { 146, "Unassigned" },
  { 147, "Unassigned" },
  { 148, "Unassigned" },
  { 149, "Unassigned" },
  { 150, "Unassigned" },
  { 151, "Unassigned" },
  { 152, "Unassigned" },
  { 153, "Unassigned" },
  { 154, "Unassigned" },
  { 155, "Unassigned" },
  { 156, "Unassigned" },
  { 157, "Unassigned" },
  { 158, "Unassigned" },
  { 159, "Unassigned" },
  { 160, "Unassigned" },
  { 161, "Unassigned" },
  { 162, "Unassigned" },
  { 163, "Unassigned" },
  { 164, "Unassigned" },
  { 165, "Unassigned" },
  { 166, "Unassigned" },
  { 167, "Unassigned" },
  { 168, "Unassigned" },
  { 169, "Unassigned" },
  { 170, "Unassigned" },
  { 171, "Unassigned" },
  { 172, "Unassigned" },
  { 173, "AX/4000 Testframe" },
  { 174, "Unassigned" },
  { 175, "Unassigned" },
  { 176, "Unassigned" },
  { 177, "Unassigned" },
  { 178, "Unassigned" },
  { 179, "Unassigned" },
  { 180, "Unassigned" },
  { 181, "Unassigned" },
  { 182, "Unassigned" },
  { 183, "Unassigned" },
  { 184, "Unassigned" },
  { 185, "Unassigned" },
  { 186, "Unassigned" },
  { 187, "Unassigned" },
  { 188, "Unassigned" },
  { 189, "Unassigned" },
  { 190, "Unassigned" },
  { 191, "Unassigned" },
  { 192, "Unassigned" },
  { 193, "Unassigned" },
  { 194, "Unassigned" },
  { 195, "Unassigned" },
  { 196, "Unassigned" },
  { 197, "Unassigned" },
  { 198, "Unassigned" },
  { 199, "Unassigned" },
  { 200, "Unassigned" },
  { 201, "Unassigned" },
  { 202, "Unassigned" },
  { 203, "Unassigned" },
  { 204, "Unassigned" },
  { 205, "Unassigned" },
  { 206, "Unassigned" },
  { 207, "Unassigned" },
  { 208, "Unassigned" },
  { 209, "Unassigned" },
  { 210, "Unassigned" },
  { 211, "Unassigned" },
  { 212, "Unassigned" },
  { 213, "Unassigned" },
  { 214, "Unassigned" },
  { 215, "Unassigned" },
  { 216, "Unassigned" },
  { 217, "Unassigned" },
  { 218, "Unassigned" },
  { 219, "Unassigned" },
  { 220, "Unassigned" },
  { 221, "Unassigned" },
  { 222, "Unassigned" },
  { 223, "Unassigned" },
  { 224, "Novell NCS Heartbeat" },
  { 0, NULL }
};

const WlValueString wl_dscp_vals[] = {
  { 0, "Default" },
  { 1, "Lower Effort" },
  { 8, "Class Selector 1" },
  { 10, "Assured Forwarding 11" },
  { 12, "Assured Forwarding 12" },
  { 14, "Assured Forwarding 13" },
  { 16, "Class Selector 2" },
  { 18, "Assured Forwarding 21" },
  { 20, "Assured Forwarding 22" },
  { 22, "Assured Forwarding 23" },
  { 24, "Class Selector 3" },
  { 26, "Assured Forwarding 31" },
  { 28, "Assured Forwarding 32" },
  { 30, "Assured Forwarding 33" },
  { 32, "Class Selector 4" },
  { 34, "Assured Forwarding 41" },
  { 36, "Assured Forwarding 42" },
  { 38, "Assured Forwarding 43" },
  { 40, "Class Selector 5" },
  { 44, "Voice Admit" },
  { 46, "Expedited Forwarding" },
  { 48, "Class Selector 6" },
  { 56, "Class Selector 7" },
  { 0, NULL }
};

const WlValueString wl_dscp_short_vals[] = {
  { 0, "CS0" },
  { 1, "LE" },
  { 8, "CS1" },
  { 10, "AF11" },
  { 12, "AF12" },
  { 14, "AF13" },
  { 16, "CS2" },
  { 18, "AF21" },
  { 20, "AF22" },
  { 22, "AF23" },
  { 24, "CS3" },
  { 26, "AF31" },
  { 28, "AF32" },
  { 30, "AF33" },
  { 32, "CS4" },
  { 34, "AF41" },
  { 36, "AF42" },
  { 38, "AF43" },
  { 40, "CS5" },
  { 44, "VOICE-ADMIT" },
  { 46, "EF PHB" },
  { 48, "CS6" },
  { 56, "CS7" },
  { 0, NULL }
};

const WlValueString wl_ecn_vals[] = {
  { 0, "Not ECN-Capable Transport" },
  { 1, "ECN-Capable Transport codepoint '01'" },
  { 2, "ECN-Capable Transport codepoint '10'" },
  { 3, "Congestion Experienced" },
  { 0, NULL }
};

const WlValueString wl_ecn_short_vals[] = {
  { 0, "Not-ECT" },
  { 1, "ECT(1)" },
  { 2, "ECT(0)" },
  { 3, "CE" },
  { 0, NULL }
};

static const WlValueString checksum_status_vals[] = {
  { 0, "Bad" },
  { 1, "Good" },
  { 2, "Unverified" },
  { 3, "Not present" },
  { 4, "Illegal" },
  { 0, NULL }
};

static const WlValueString opt_class_vals[] = {
  { 0, "Control" },
  { 1, "Reserved for future use" },
  { 2, "Debugging and measurement" },
  { 3, "Reserved for future use" },
  { 0, NULL }
};

static const WlValueString opt_number_vals[] = {
  { 0, "End of Option List (EOL)" },
  { 1, "No-Operation (NOP)" },
  { 2, "Security" },
  { 3, "Loose source route" },
  { 4, "Time stamp" },
  { 5, "Extended security" },
  { 6, "Commercial IP security option" },
  { 7, "Record route" },
  { 8, "Stream identifier" },
  { 9, "Strict source route" },
  { 10, "Experimental Measurement" },
  { 11, "MTU probe" },
  { 12, "MTU Reply" },
  { 13, "Experimental Flow Control" },
  { 14, "Experimental Access Control" },
  { 15, "Ask Estrin" },
  { 16, "IMI Traffic Descriptor" },
  { 17, "Extended Internet Protocol" },
  { 18, "Traceroute" },
  { 19, "Address Extension" },
  { 20, "Router Alert" },
  { 21, "Selective Directed Broadcast" },
  { 22, "Unassigned" },
  { 23, "Dynamic Packet State" },
  { 24, "Upstream Multicast Packet" },
  { 25, "Quick-Start" },
  { 30, "RFC 3692-style experiment" },
  { 0, NULL }
};

static const WlValueString opt_flag_vals[] = {
  { 0x0, "Time stamps only" },
  { 0x1, "Time stamp and address" },
  { 0x3, "Time stamps for prespecified addresses" },
  { 0, NULL }
};

static const WlValueString ra_vals[] = {
  { 0, "Router shall examine packet" },
  { 0, NULL }
};

/* ---- Fragment reassembly (shared with IPv6) ---- */

typedef struct {
  GArray *frags;     /* Frag, in arrival order */
  guint32 total;     /* known once the last fragment (more == FALSE) arrived, else 0 */
  gboolean has_last;
} Pending;

typedef struct {
  guint32 frame, offset, len;
  guint8 *data;
} Frag;

struct WlReasm {
  GHashTable *pending;  /* key bytes (GBytes) -> Pending */
  GPtrArray *done;      /* WlReasmDone, kept for the session */
};

static void
pending_free (gpointer data)
{
  Pending *pd = data;
  for (guint i = 0; i < pd->frags->len; i++)
    g_free (g_array_index (pd->frags, Frag, i).data);
  g_array_free (pd->frags, TRUE);
  g_free (pd);
}

static void
done_free (gpointer data)
{
  WlReasmDone *d = data;
  g_free (d->data);
  g_free (d->frags);
  g_free (d);
}

WlReasm *
wl_reasm_new (void)
{
  WlReasm *r = g_new0 (WlReasm, 1);
  r->pending = g_hash_table_new_full (g_bytes_hash, g_bytes_equal, (GDestroyNotify) g_bytes_unref, pending_free);
  r->done = g_ptr_array_new_with_free_func (done_free);
  return r;
}

void
wl_reasm_free (gpointer data)
{
  WlReasm *r = data;
  if (!r)
    return;
  g_hash_table_destroy (r->pending);
  g_ptr_array_free (r->done, TRUE);
  g_free (r);
}

static int
frag_cmp (gconstpointer a, gconstpointer b)
{
  const Frag *x = a, *y = b;
  return x->offset < y->offset ? -1 : x->offset > y->offset ? 1 : (x->frame < y->frame ? -1 : x->frame > y->frame);
}

const WlReasmDone *
wl_reasm_add (WlReasm *r, const guint8 *key, gsize key_len, guint32 frame, guint32 offset,
              const guint8 *data, guint32 len, gboolean more)
{
  GBytes *k = g_bytes_new (key, key_len);
  Pending *pd = g_hash_table_lookup (r->pending, k);
  if (!pd)
    {
      pd = g_new0 (Pending, 1);
      pd->frags = g_array_new (FALSE, FALSE, sizeof (Frag));
      g_hash_table_insert (r->pending, g_bytes_ref (k), pd);
    }
  Frag f = { frame, offset, len, g_memdup2 (data, len) };
  g_array_append_val (pd->frags, f);
  if (!more)
    {
      pd->has_last = TRUE;
      pd->total = offset + len;
    }
  if (!pd->has_last)
    {
      g_bytes_unref (k);
      return NULL;
    }
  /* Complete when the fragments, in offset order, leave no hole before the end. */
  g_array_sort (pd->frags, frag_cmp);
  guint32 covered = 0;
  for (guint i = 0; i < pd->frags->len; i++)
    {
      Frag *x = &g_array_index (pd->frags, Frag, i);
      if (x->offset > covered)
        break;
      covered = MAX (covered, x->offset + x->len);
    }
  if (covered < pd->total)
    {
      g_bytes_unref (k);
      return NULL;
    }
  WlReasmDone *d = g_new0 (WlReasmDone, 1);
  d->len = pd->total;
  d->data = g_malloc0 (MAX (d->len, 1));
  d->frags = g_new0 (WlReasmFragment, pd->frags->len);
  for (guint i = 0; i < pd->frags->len; i++)
    {
      Frag *x = &g_array_index (pd->frags, Frag, i);
      if (x->offset < d->len)
        memcpy (d->data + x->offset, x->data, MIN (x->len, d->len - x->offset));
      d->frags[d->n_frags++] = (WlReasmFragment) { x->frame, x->offset, x->len };
    }
  g_ptr_array_add (r->done, d);
  g_hash_table_remove (r->pending, k);
  g_bytes_unref (k);
  return d;
}

void
wl_reasm_add_tree (WlPacket *p, WlNode *parent, const WlView *v, const WlReasmDone *d,
                   int hf_fragments, int hf_fragment, int hf_count, int hf_length, const char *what)
{
  WlNode *fn = wl_add_bytes_value (p, parent, hf_fragments, v, 0, v->len, d->data, d->len);
  wl_node_set_generated (fn);
  if (fn && p->full)
    {
      GString *s = g_string_new (NULL);
      g_string_append_printf (s, "%u %s Fragments (%u bytes): ", d->n_frags, what, d->len);
      for (guint i = 0; i < d->n_frags; i++)
        g_string_append_printf (s, "%s#%u(%u)", i ? ", " : "", d->frags[i].frame, d->frags[i].len);
      wl_node_set_label (p, fn, "%s", s->str);
      g_string_free (s, TRUE);
    }
  WlNode *sub = fn ? fn : parent;
  for (guint i = 0; i < d->n_frags; i++)
    {
      const WlReasmFragment *f = &d->frags[i];
      WlNode *n = wl_add_uint (p, sub, hf_fragment, v, MIN (f->offset, v->len), 0, f->frame);
      wl_node_set_generated (n);
      wl_node_set_label (p, n, "Frame: %u, payload: %u-%u (%u bytes)", f->frame, f->offset,
                         f->offset + f->len - 1, f->len);
    }
  wl_node_set_generated (wl_add_uint (p, sub, hf_count, v, 0, 0, d->n_frags));
  wl_node_set_generated (wl_add_uint (p, sub, hf_length, v, 0, 0, d->len));
}

static WlReasm *
ip_reasm (WlPacket *p)
{
  WlReasm *r = wl_session_get_state (p->session, proto_ip);
  if (!r)
    {
      r = wl_reasm_new ();
      wl_session_set_state (p->session, proto_ip, r, wl_reasm_free);
    }
  return r;
}

/* ---- Options ---- */

enum {
  OPT_EOL = 0, OPT_NOP = 1, OPT_RR = 7, OPT_TS = 68, OPT_SEC = 130, OPT_LSRR = 131,
  OPT_EXTSEC = 133, OPT_CIPSO = 134, OPT_SID = 136, OPT_SSRR = 137, OPT_MTUP = 11,
  OPT_MTUR = 12, OPT_TR = 82, OPT_RA = 148, OPT_SDB = 149, OPT_QS = 25,
};

typedef struct {
  guint8 type;
  const char *name;   /* "Record Route" */
  const char *label;  /* "IP Option - Record Route" */
  const char *abbrev; /* "ip.options.record_route" (tshark registers these as protocols) */
  int hf;
} OptDesc;

static OptDesc opt_descs[] = {
  { OPT_EOL, "End of Options List (EOL)", "IP Option - End of Options List (EOL)", "ip.options.eol", -1 },
  { OPT_NOP, "No-Operation (NOP)", "IP Option - No-Operation (NOP)", "ip.options.nop", -1 },
  { OPT_SEC, "Security", "IP Option - Security", "ip.options.security", -1 },
  { OPT_LSRR, "Loose Source Route", "IP Option - Loose Source Route", "ip.options.route", -1 },
  { OPT_TS, "Time Stamp", "IP Option - Time Stamp", "ip.options.timestamp", -1 },
  { OPT_EXTSEC, "Extended Security", "IP Option - Extended Security", "ip.options.ext_security", -1 },
  { OPT_CIPSO, "Commercial Security", "IP Option - Commercial Security", "ip.options.cipso", -1 },
  { OPT_RR, "Record Route", "IP Option - Record Route", "ip.options.record_route", -1 },
  { OPT_SID, "Stream ID", "IP Option - Stream ID", "ip.options.sid", -1 },
  { OPT_SSRR, "Strict Source Route", "IP Option - Strict Source Route", "ip.options.source_route", -1 },
  { OPT_MTUP, "MTU Probe", "IP Option - MTU Probe", "ip.options.mtu_probe", -1 },
  { OPT_MTUR, "MTU Reply", "IP Option - MTU Reply", "ip.options.mtu_reply", -1 },
  { OPT_TR, "Traceroute", "IP Option - Traceroute", "ip.options.traceroute", -1 },
  { OPT_RA, "Router Alert", "IP Option - Router Alert", "ip.options.routeralert", -1 },
  { OPT_SDB, "Selective Directed Broadcast", "IP Option - Selective Directed Broadcast", "ip.options.sdb", -1 },
  { OPT_QS, "Quick-Start", "IP Option - Quick-Start", "ip.options.qs", -1 },
};

/* The node of one option: its field when tshark has one, a text line otherwise. */
static WlNode *
add_opt_node (WlPacket *p, WlNode *parent, const OptDesc *d, guint8 type, const WlView *v, guint32 off, guint32 len)
{
  if (d)
    return wl_add_item (p, parent, d->hf, v, off, len, WL_ENC_BIG);
  return wl_add_text (p, parent, v, off, len, "IP Option - Unknown (0x%02x) (%u bytes)", type, len);
}

static const OptDesc *
opt_desc (guint8 type)
{
  for (gsize i = 0; i < G_N_ELEMENTS (opt_descs); i++)
    if (opt_descs[i].type == type)
      return &opt_descs[i];
  return NULL;
}

/* The address list of a route option (record, loose or strict source route). */
static void
add_route (WlPacket *p, WlNode *on, const WlView *v, guint32 off, guint8 len, guint8 ptr, gboolean record)
{
  for (guint32 a = 3; a + 4 <= len; a += 4)
    {
      guint32 addr = wl_view_ntohl (v, off + a);
      gboolean empty = record && a + 1 >= ptr;
      int hf = record ? (empty ? hf_ip_empty_rt : hf_ip_rec_rt) : hf_ip_src_rt;
      WlNode *n = wl_add_item (p, on, hf, v, off + a, 4, WL_ENC_BIG);
      if (n && a + 1 == ptr)
        wl_node_append_label (p, n, " <- (next)");
      if (record && wl_wants (p, empty ? hf_ip_empty_rt_host : hf_ip_rec_rt_host))
        wl_node_set_hidden (wl_add_string_value (p, on, empty ? hf_ip_empty_rt_host : hf_ip_rec_rt_host, v,
                                                 off + a, 4, wl_arena_printf (p->arena, "%u.%u.%u.%u", addr >> 24, (addr >> 16) & 0xff, (addr >> 8) & 0xff, addr & 0xff), -1));
    }
}

static void
add_timestamp (WlPacket *p, WlNode *on, const WlView *v, guint32 off, guint8 len)
{
  wl_add_item (p, on, hf_ip_opt_ptr, v, off + 2, 1, WL_ENC_BIG);
  wl_add_item (p, on, hf_ip_opt_overflow, v, off + 3, 1, WL_ENC_BIG);
  wl_add_item (p, on, hf_ip_opt_flag, v, off + 3, 1, WL_ENC_BIG);
  guint8 flag = wl_view_u8 (v, off + 3) & 0x0f;
  guint32 a = 4;
  while (a + 4 <= len)
    {
      if (flag == 1 || flag == 3)
        {
          if (a + 8 > len)
            break;
          WlNode *n = wl_add_item (p, on, hf_ip_opt_time_stamp_addr, v, off + a, 4, WL_ENC_BIG);
          if (n && wl_view_ntohl (v, off + a) == 0)
            wl_node_set_label (p, n, "Address: -");
          a += 4;
        }
      wl_add_item (p, on, hf_ip_opt_time_stamp, v, off + a, 4, WL_ENC_BIG);
      a += 4;
    }
}

/* The options between byte 20 and the end of the header; adds the "Options: (N bytes), ..."
 * subtree and its option nodes. */
static void
dissect_options (WlPacket *p, WlNode *top, const WlView *v, guint32 hlen)
{
  guint32 olen = hlen - 20;
  WlNode *ot = wl_add_text (p, top, v, 20, olen, "Options: (%u bytes)", olen);
  WlNode *parent = ot ? ot : top;
  GString *names = p->full ? g_string_new (NULL) : NULL;
  guint32 off = 20;
  while (off < hlen)
    {
      guint8 type = wl_view_u8 (v, off);
      const OptDesc *d = opt_desc (type);
      guint32 len = 1;
      if (type != OPT_EOL && type != OPT_NOP)
        {
          if (off + 1 >= hlen)
            {
              wl_add_none (p, parent, hf_ip_opt_len_invalid, v, off, 1);
              break;
            }
          len = wl_view_u8 (v, off + 1);
          if (len < 2 || off + len > hlen)
            {
              WlNode *n = add_opt_node (p, parent, d, type, v, off, hlen - off);
              if (d)
                wl_node_set_label (p, n, "IP Option - %s", d->name);
              wl_add_none (p, n ? n : parent, hf_ip_opt_len_invalid, v, off + 1, 1);
              break;
            }
        }
      WlNode *on = add_opt_node (p, parent, d, type, v, off, len);
      if (on && d)
        {
          if (len == 1)
            wl_node_set_label (p, on, "IP Option - %s", d ? d->name : "Unknown");
          else if (type == OPT_RA && len == 4)
            {
              guint16 ra = wl_view_ntohs (v, off + 2);
              const char *s = wl_value_string (ra_vals, ra);
              wl_node_set_label (p, on, "IP Option - Router Alert (4 bytes): %s (%u)", s ? s : "Unknown", ra);
            }
          else
            wl_node_set_label (p, on, "IP Option - %s (%u bytes)", d->name, len);
        }
      if (names && type != OPT_EOL && type != OPT_NOP)
        g_string_append_printf (names, ", %s", d ? d->name : "Unknown");
      WlNode *sub = on ? on : parent;
      WlNode *tn = wl_add_item (p, sub, hf_ip_opt_type, v, off, 1, WL_ENC_BIG);
      WlNode *tsub = tn ? tn : sub;
      wl_add_item (p, tsub, hf_ip_opt_type_copy, v, off, 1, WL_ENC_BIG);
      wl_add_item (p, tsub, hf_ip_opt_type_class, v, off, 1, WL_ENC_BIG);
      wl_add_item (p, tsub, hf_ip_opt_type_number, v, off, 1, WL_ENC_BIG);
      if (len > 1)
        {
          wl_add_item (p, sub, hf_ip_opt_len, v, off + 1, 1, WL_ENC_BIG);
          switch (type)
            {
            case OPT_RR:
            case OPT_LSRR:
            case OPT_SSRR:
              if (len >= 3)
                {
                  wl_add_item (p, sub, hf_ip_opt_ptr, v, off + 2, 1, WL_ENC_BIG);
                  add_route (p, sub, v, off, (guint8) len, wl_view_u8 (v, off + 2), type == OPT_RR);
                }
              break;
            case OPT_TS:
              if (len >= 4)
                add_timestamp (p, sub, v, off, (guint8) len);
              break;
            case OPT_RA:
              if (len == 4)
                wl_add_item (p, sub, hf_ip_opt_ra, v, off + 2, 2, WL_ENC_BIG);
              break;
            case OPT_SID:
              if (len == 4)
                wl_add_item (p, sub, hf_ip_opt_sid, v, off + 2, 2, WL_ENC_BIG);
              break;
            default:
              break;
            }
        }
      off += len;
      if (type == OPT_EOL)
        break;
    }
  if (names)
    {
      if (ot)
        wl_node_append_label (p, ot, "%s", names->str);
      g_string_free (names, TRUE);
    }
}

/* ---- The header ---- */

static void
add_address (WlPacket *p, WlNode *top, const WlView *v, guint32 off, int hf, int hf_host)
{
  wl_add_item (p, top, hf, v, off, 4, WL_ENC_BIG);
  wl_node_set_hidden (wl_add_item (p, top, hf_ip_addr, v, off, 4, WL_ENC_BIG));
  gboolean want_host = wl_wants (p, hf_host), want_any = wl_wants (p, hf_ip_host);
  if (want_host || want_any)
    {
      const guint8 *a = v->data + off;
      char *s = wl_arena_printf (p->arena, "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
      wl_node_set_hidden (wl_add_string_value (p, top, hf_host, v, off, 4, s, -1));
      wl_node_set_hidden (wl_add_string_value (p, top, hf_ip_host, v, off, 4, s, -1));
    }
}

static const char *
ipproto_name (guint8 proto)
{
  const char *s = wl_value_string (wl_ipproto_vals, proto);
  return s ? s : "Unknown";
}

/* tshark's notes on suspicious TTLs, under parent. */
static void
check_ttl (WlPacket *p, WlNode *parent, const WlView *v, guint8 ttl, guint8 proto)
{
  guint32 dst = wl_view_ntohl (v, 16);
  if ((dst & 0xffffff00u) == 0xe0000000u)
    {
      if (ttl != 1 && proto != 103)
        wl_l23_expert (p, parent, hf_ip_ttl_lncb, v, 8, 1, "Note", "Sequence",
                       "\"Time To Live\" != 1 for a packet sent to the Local Network Control Block (see RFC 3171)");
    }
  else if ((dst >> 28) != 0xe && ttl < 5 && proto != 103 && proto != 89) /* PIM, OSPF */
    wl_l23_expert (p, parent, hf_ip_ttl_too_small, v, 8, 1, "Note", "Sequence", "\"Time To Live\" only %u", ttl);
}

/* The fixed header's fields from the identification on (the captured header has 20 bytes). */
static void
add_header_fields (WlPacket *p, WlNode *top, const WlView *v, guint8 flags, guint8 ttl, guint8 proto)
{
  wl_add_item (p, top, hf_ip_id, v, 4, 2, WL_ENC_BIG);
  WlNode *fl = wl_add_item (p, top, hf_ip_flags, v, 6, 1, WL_ENC_BIG);
  if (fl && p->full)
    {
      if (flags & 4)
        wl_node_append_label (p, fl, ", Reserved bit");
      if (flags & 2)
        wl_node_append_label (p, fl, ", Don't fragment");
      if (flags & 1)
        wl_node_append_label (p, fl, ", More fragments");
    }
  wl_add_item (p, fl ? fl : top, hf_ip_flags_rb, v, 6, 1, WL_ENC_BIG);
  wl_add_item (p, fl ? fl : top, hf_ip_flags_df, v, 6, 1, WL_ENC_BIG);
  wl_add_item (p, fl ? fl : top, hf_ip_flags_mf, v, 6, 1, WL_ENC_BIG);
  wl_add_item (p, top, hf_ip_frag_offset, v, 6, 2, WL_ENC_BIG);
  WlNode *tn = wl_add_item (p, top, hf_ip_ttl, v, 8, 1, WL_ENC_BIG);
  check_ttl (p, tn ? tn : top, v, ttl, proto);
  wl_add_item (p, top, hf_ip_proto, v, 9, 1, WL_ENC_BIG);
  WlNode *cs = wl_add_item (p, top, hf_ip_checksum, v, 10, 2, WL_ENC_BIG);
  wl_node_append_label (p, cs, " [validation disabled]");
  WlNode *cst = wl_add_uint (p, top, hf_ip_checksum_status, v, 10, 2, 2);
  wl_node_set_generated (cst);
  wl_node_set_label (p, cst, "Header checksum status: Unverified");
  add_address (p, top, v, 12, hf_ip_src, hf_ip_src_host);
  add_address (p, top, v, 16, hf_ip_dst, hf_ip_dst_host);
}

static guint32
dissect_ip (WlPacket *p, const WlView *v, WlNode *parent, gpointer data)
{
  gboolean in_error = data == &wl_ip_in_error_packet;
  if (!wl_view_has (v, 0, 1))
    {
      p->is_truncated = TRUE;
      return v->len;
    }
  guint8 version = wl_view_u8 (v, 0) >> 4;
  if (version == 6)
    {
      /* tshark hands an IPv6 packet behind ethertype 0x0800 to IPv6 */
      WlDissector *d6 = wl_dissector_find ("ipv6");
      if (d6)
        return wl_dissector_call (d6, p, v, parent, data);
    }
  wl_col_set_protocol (p, "IPv4");
  wl_col_clear_info (p);
  guint32 hlen = (wl_view_u8 (v, 0) & 0x0f) * 4u;
  WlNode *top = wl_add_proto (p, parent, proto_ip, v, 0, MIN (MAX (hlen, 1), v->len));
  wl_add_item (p, top, hf_ip_version, v, 0, 1, WL_ENC_BIG);
  if (version != 4)
    {
      if (wl_cols (p))
        wl_col_set_info (p, "Bogus IPv4 version (%u, must be 4)", version);
      return v->len;
    }
  WlNode *hl = wl_add_uint (p, top, hf_ip_hdr_len, v, 0, 1, hlen);
  wl_node_set_label (p, hl, ".... %c%c%c%c = Header Length: %u bytes (%u)", (hlen & 32) ? '1' : '0',
                     (hlen & 16) ? '1' : '0', (hlen & 8) ? '1' : '0', (hlen & 4) ? '1' : '0', hlen, hlen / 4);
  if (hlen < 20)
    {
      wl_add_none (p, hl, hf_ip_bogus_header_length, v, 0, 1);
      if (wl_cols (p))
        wl_col_set_info (p, "Bogus IP header length (%u, must be at least 20)", hlen);
      wl_packet_set_malformed (p, proto_ip, v, 0);
      return v->len;
    }
  if (!wl_view_has (v, 0, 20))
    {
      /* Only part of the fixed header was captured */
      wl_add_item (p, top, hf_ip_dsfield, v, 1, 1, WL_ENC_BIG);
      wl_add_item (p, top, hf_ip_len, v, 2, 2, WL_ENC_BIG);
      wl_add_item (p, top, hf_ip_id, v, 4, 2, WL_ENC_BIG);
      p->is_truncated = TRUE;
      return v->len;
    }

  /* The fixed header is captured: its fields have no effect but their nodes, which a lean
   * dissection wanting none of IP's skips */
  gboolean fields = wl_wants_fields_of (p, proto_ip);
  guint8 tos = wl_view_u8 (v, 1);
  if (fields)
    {
      WlNode *ds = wl_add_item (p, top, hf_ip_dsfield, v, 1, 1, WL_ENC_BIG);
      if (ds && p->full)
        {
          const char *dscp = wl_value_string (wl_dscp_short_vals, tos >> 2);
          wl_node_set_label (p, ds, "Differentiated Services Field: 0x%02x (DSCP: %s, ECN: %s)", tos,
                             dscp ? dscp : "Unknown", wl_value_string (wl_ecn_short_vals, tos & 3));
        }
      wl_add_item (p, ds ? ds : top, hf_ip_dsfield_dscp, v, 1, 1, WL_ENC_BIG);
      wl_add_item (p, ds ? ds : top, hf_ip_dsfield_ecn, v, 1, 1, WL_ENC_BIG);
    }

  guint32 ip_len = wl_view_ntohs (v, 2);
  WlNode *ln = fields ? wl_add_item (p, top, hf_ip_len, v, 2, 2, WL_ENC_BIG) : NULL;
  if (ip_len == 0)
    {
      /* TCP segmentation offload: the length was left for the NIC to fill in */
      ip_len = wl_view_reported_remaining (v, 0);
      wl_node_set_label (p, ln, "Total Length: 0 (may be caused by \"IP checksum offload\"?)");
    }
  else if (ip_len < hlen)
    {
      wl_add_none (p, ln, hf_ip_bogus_ip_length, v, 2, 2);
      if (wl_cols (p))
        wl_col_set_info (p, "Bogus IP length (%u, less than header length %u)", ip_len, hlen);
      wl_packet_set_malformed (p, proto_ip, v, 2);
      return v->len;
    }
  guint16 id = wl_view_ntohs (v, 4);
  guint8 flags = wl_view_u8 (v, 6) >> 5;
  guint16 frag = wl_view_ntohs (v, 6) & 0x1fff;
  gboolean mf = (flags & 1) != 0;
  guint8 ttl = wl_view_u8 (v, 8);
  guint8 proto = wl_view_u8 (v, 9);
  if (fields)
    add_header_fields (p, top, v, flags, ttl, proto);
  else
    check_ttl (p, top, v, ttl, proto); /* expert items whether or not the fields are added */
  if (top && p->full)
    {
      const guint8 *a = v->data;
      wl_node_set_label (p, top, "Internet Protocol Version 4, Src: %u.%u.%u.%u, Dst: %u.%u.%u.%u",
                         a[12], a[13], a[14], a[15], a[16], a[17], a[18], a[19]);
    }

  WlIpInfo info = { 0 };
  info.version = 4;
  info.proto = proto;
  info.ttl = ttl;
  info.in_error = in_error;
  wl_address_set (&info.src, WL_ADDR_IPv4, v->data + 12);
  wl_address_set (&info.dst, WL_ADDR_IPv4, v->data + 16);
  info.final_dst = info.dst;
  info.payload_len = ip_len - hlen;
  p->net_src = info.src;
  p->net_dst = info.dst;

  if (hlen > 20)
    {
      if (!wl_view_has (v, 0, hlen))
        {
          p->is_truncated = TRUE;
          return v->len;
        }
      dissect_options (p, top, v, hlen);
    }

  WlView payload = wl_view_sub (v, hlen, ip_len - hlen);
  guint32 consumed = MIN (ip_len, v->len);

  /* Fragments: put together in the first pass, shown whole in the frame that completes them. */
  gboolean is_frag = mf || frag != 0;
  if (is_frag && !in_error && payload.len == ip_len - hlen && ip_len > hlen)
    {
      const WlReasmDone *done = NULL;
      if (!p->visited)
        {
          guint8 key[11];
          memcpy (key, v->data + 12, 8);
          key[8] = (guint8) (id >> 8);
          key[9] = (guint8) id;
          key[10] = proto;
          done = wl_reasm_add (ip_reasm (p), key, sizeof key, p->number, frag * 8u, payload.data,
                               payload.len, mf);
          if (done)
            wl_frame_data_set (p, proto_ip, 0, (gpointer) done);
        }
      else
        done = wl_frame_data_get (p, proto_ip, 0);
      if (!done)
        {
          if (wl_cols (p))
            wl_col_set_info (p, "Fragmented IP protocol (proto=%s %u, off=%u, ID=%04x)", ipproto_name (proto),
                             proto, frag * 8u, id);
          wl_call_data (p, &payload, parent);
          return consumed;
        }
      payload = wl_packet_add_source (p, done->data, done->len, "Reassembled IPv4");
      wl_reasm_add_tree (p, top, &payload, done, hf_ip_fragments, hf_ip_fragment, hf_ip_fragment_count,
                         hf_ip_reassembled_length, "IPv4");
      if (p->full)
        {
          WlNode *rd = wl_add_bytes_value (p, top, hf_ip_reassembled_data, &payload, 0, payload.len, done->data, done->len);
          wl_node_set_generated (rd);
          if (rd && done->len > 36)
            {
              GString *s = g_string_new ("Reassembled IPv4 data: ");
              for (guint i = 0; i < 36; i++)
                g_string_append_printf (s, "%02x", done->data[i]);
              g_string_append (s, "\xe2\x80\xa6");
              wl_node_set_label (p, rd, "%s", s->str);
              g_string_free (s, TRUE);
            }
        }
      info.reassembled = TRUE;
      info.payload_len = done->len;
    }
  else if (frag != 0)
    {
      /* A later fragment that was not put together: only its bytes */
      if (wl_cols (p))
        wl_col_set_info (p, "Fragmented IP protocol (proto=%s %u, off=%u, ID=%04x)", ipproto_name (proto), proto,
                         frag * 8u, id);
      wl_call_data (p, &payload, parent);
      return consumed;
    }

  gboolean found = FALSE;
  wl_table_try (ipproto_table, proto, p, &payload, parent, &info, &found);
  if (!found)
    {
      if (wl_cols (p))
        wl_col_set_info (p, "%s (%u)", ipproto_name (proto), proto);
      wl_call_data (p, &payload, parent);
    }
  return consumed;
}

static WlFieldReg fields[] = {
  { &hf_ip_version, { "Version", "ip.version", WL_FT_UINT8, WL_BASE_DEC, NULL, 0xf0 } },
  { &hf_ip_hdr_len, { "Header Length", "ip.hdr_len", WL_FT_UINT8, WL_BASE_DEC, NULL, 0x0, "Header length in 32-bit words" } },
  { &hf_ip_dsfield, { "Differentiated Services Field", "ip.dsfield", WL_FT_UINT8, WL_BASE_HEX, NULL, 0x0 } },
  { &hf_ip_dsfield_dscp, { "Differentiated Services Codepoint", "ip.dsfield.dscp", WL_FT_UINT8, WL_BASE_DEC, wl_dscp_vals, 0xfc } },
  { &hf_ip_dsfield_ecn, { "Explicit Congestion Notification", "ip.dsfield.ecn", WL_FT_UINT8, WL_BASE_DEC, wl_ecn_vals, 0x3 } },
  { &hf_ip_len, { "Total Length", "ip.len", WL_FT_UINT16, WL_BASE_DEC, NULL, 0x0 } },
  { &hf_ip_id, { "Identification", "ip.id", WL_FT_UINT16, WL_BASE_HEX_DEC, NULL, 0x0 } },
  { &hf_ip_flags, { "Flags", "ip.flags", WL_FT_UINT8, WL_BASE_HEX, NULL, 0xe0, "Flags (3 bits)" } },
  { &hf_ip_flags_rb, { "Reserved bit", "ip.flags.rb", WL_FT_BOOLEAN, 8, &wl_tfs_set_notset, 0x80 } },
  { &hf_ip_flags_df, { "Don't fragment", "ip.flags.df", WL_FT_BOOLEAN, 8, &wl_tfs_set_notset, 0x40 } },
  { &hf_ip_flags_mf, { "More fragments", "ip.flags.mf", WL_FT_BOOLEAN, 8, &wl_tfs_set_notset, 0x20 } },
  { &hf_ip_frag_offset, { "Fragment Offset", "ip.frag_offset", WL_FT_UINT16, WL_BASE_DEC, NULL, 0x1fff, "Fragment offset (13 bits)" } },
  { &hf_ip_ttl, { "Time to Live", "ip.ttl", WL_FT_UINT8, WL_BASE_DEC, NULL, 0x0 } },
  { &hf_ip_proto, { "Protocol", "ip.proto", WL_FT_UINT8, WL_BASE_DEC, wl_ipproto_vals, 0x0 } },
  { &hf_ip_checksum, { "Header Checksum", "ip.checksum", WL_FT_UINT16, WL_BASE_HEX, NULL, 0x0 } },
  { &hf_ip_checksum_status, { "Header checksum status", "ip.checksum.status", WL_FT_UINT8, WL_BASE_NONE, checksum_status_vals, 0x0 } },
  { &hf_ip_src, { "Source Address", "ip.src", WL_FT_IPv4, WL_BASE_NONE, NULL, 0x0 } },
  { &hf_ip_addr, { "Source or Destination Address", "ip.addr", WL_FT_IPv4, WL_BASE_NONE, NULL, 0x0 } },
  { &hf_ip_src_host, { "Source Host", "ip.src_host", WL_FT_STRING, WL_BASE_NONE, NULL, 0x0 } },
  { &hf_ip_host, { "Source or Destination Host", "ip.host", WL_FT_STRING, WL_BASE_NONE, NULL, 0x0 } },
  { &hf_ip_dst, { "Destination Address", "ip.dst", WL_FT_IPv4, WL_BASE_NONE, NULL, 0x0 } },
  { &hf_ip_dst_host, { "Destination Host", "ip.dst_host", WL_FT_STRING, WL_BASE_NONE, NULL, 0x0 } },
  { &hf_ip_opt_type, { "Type", "ip.opt.type", WL_FT_UINT8, WL_BASE_DEC, NULL, 0x0 } },
  { &hf_ip_opt_type_copy, { "Copy on fragmentation", "ip.opt.type.copy", WL_FT_BOOLEAN, 8, &wl_tfs_yes_no, 0x80 } },
  { &hf_ip_opt_type_class, { "Class", "ip.opt.type.class", WL_FT_UINT8, WL_BASE_DEC, opt_class_vals, 0x60 } },
  { &hf_ip_opt_type_number, { "Number", "ip.opt.type.number", WL_FT_UINT8, WL_BASE_DEC, opt_number_vals, 0x1f } },
  { &hf_ip_opt_len, { "Length", "ip.opt.len", WL_FT_UINT8, WL_BASE_DEC, NULL, 0x0 } },
  { &hf_ip_opt_ptr, { "Pointer", "ip.opt.ptr", WL_FT_UINT8, WL_BASE_DEC, NULL, 0x0 } },
  { &hf_ip_opt_sid, { "Stream Identifier", "ip.opt.sid", WL_FT_UINT16, WL_BASE_DEC, NULL, 0x0, "SATNET stream identifier" } },
  { &hf_ip_opt_padding, { "Padding", "ip.opt.padding", WL_FT_BYTES, WL_BASE_NONE, NULL, 0x0 } },
  { &hf_ip_rec_rt, { "Recorded Route", "ip.rec_rt", WL_FT_IPv4, WL_BASE_NONE, NULL, 0x0 } },
  { &hf_ip_rec_rt_host, { "Recorded Route Host", "ip.rec_rt_host", WL_FT_STRING, WL_BASE_NONE, NULL, 0x0 } },
  { &hf_ip_empty_rt, { "Empty Route", "ip.empty_rt", WL_FT_IPv4, WL_BASE_NONE, NULL, 0x0 } },
  { &hf_ip_empty_rt_host, { "Empty Route Host", "ip.empty_rt_host", WL_FT_STRING, WL_BASE_NONE, NULL, 0x0 } },
  { &hf_ip_src_rt, { "Source Route", "ip.src_rt", WL_FT_IPv4, WL_BASE_NONE, NULL, 0x0 } },
  { &hf_ip_src_rt_host, { "Source Route Host", "ip.src_rt_host", WL_FT_STRING, WL_BASE_NONE, NULL, 0x0 } },
  { &hf_ip_opt_overflow, { "Overflow", "ip.opt.overflow", WL_FT_UINT8, WL_BASE_DEC, NULL, 0xf0 } },
  { &hf_ip_opt_flag, { "Flag", "ip.opt.flag", WL_FT_UINT8, WL_BASE_HEX, opt_flag_vals, 0xf } },
  { &hf_ip_opt_time_stamp, { "Time stamp", "ip.opt.time_stamp", WL_FT_UINT32, WL_BASE_DEC, NULL, 0x0 } },
  { &hf_ip_opt_time_stamp_addr, { "Address", "ip.opt.time_stamp_addr", WL_FT_IPv4, WL_BASE_NONE, NULL, 0x0 } },
  { &hf_ip_opt_ra, { "Router Alert", "ip.opt.ra", WL_FT_UINT16, WL_BASE_DEC, ra_vals, 0x0 } },
  { &hf_ip_fragment_count, { "Fragment count", "ip.fragment.count", WL_FT_UINT32, WL_BASE_DEC, NULL, 0x0 } },
  { &hf_ip_fragment, { "IPv4 Fragment", "ip.fragment", WL_FT_FRAMENUM, WL_BASE_NONE, NULL, 0x0 } },
  { &hf_ip_fragments, { "IPv4 Fragments", "ip.fragments", WL_FT_BYTES, WL_BASE_NONE, NULL, 0x0 } },
  { &hf_ip_reassembled_length, { "Reassembled IPv4 length", "ip.reassembled.length", WL_FT_UINT32, WL_BASE_DEC, NULL, 0x0, "The total length of the reassembled payload" } },
  { &hf_ip_reassembled_data, { "Reassembled IPv4 data", "ip.reassembled.data", WL_FT_BYTES, WL_BASE_NONE, NULL, 0x0, "The reassembled payload" } },
  { &hf_ip_bogus_header_length, { "Bogus IP header length", "ip.bogus_header_length", WL_FT_NONE, WL_BASE_NONE, NULL, 0x0 } },
  { &hf_ip_bogus_ip_length, { "Bogus IP length", "ip.bogus_ip_length", WL_FT_NONE, WL_BASE_NONE, NULL, 0x0 } },
  { &hf_ip_opt_len_invalid, { "Invalid length for option", "ip.opt.len.invalid", WL_FT_NONE, WL_BASE_NONE, NULL, 0x0 } },
  { &hf_ip_ttl_lncb, { "Time To Live", "ip.ttl.lncb", WL_FT_NONE, WL_BASE_NONE, NULL, 0x0 } },
  { &hf_ip_ttl_too_small, { "Time To Live", "ip.ttl.too_small", WL_FT_NONE, WL_BASE_NONE, NULL, 0x0 } },
};

static WlFieldReg opt_fields[G_N_ELEMENTS (opt_descs)];

void
wl_register_ipv4 (void)
{
  proto_ip = wl_proto_register ("Internet Protocol Version 4", "IPv4", "ip");
  wl_fields_register (proto_ip, fields, G_N_ELEMENTS (fields));
  for (gsize i = 0; i < G_N_ELEMENTS (opt_descs); i++)
    {
      /* tshark registers the options as protocols in name only: byte fields named alone */
      opt_fields[i] = (WlFieldReg) { &opt_descs[i].hf, { opt_descs[i].label, opt_descs[i].abbrev, WL_FT_BYTES, WL_BASE_NONE } };
      opt_fields[i].field.in_name_only = TRUE;
    }
  wl_fields_register (proto_ip, opt_fields, G_N_ELEMENTS (opt_fields));
}

void
wl_handoff_ipv4 (void)
{
  WlDissector *d = wl_dissector_register ("ip", dissect_ip, proto_ip);
  ipproto_table = wl_table_new ("ip.proto");
  wl_table_add (wl_table_find ("ethertype"), 0x0800, d);
  /* IPv4 inside IPv4 or IPv6 (IP-in-IP tunnels) */
  wl_table_add (ipproto_table, 4, d);
}
