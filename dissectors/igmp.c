/* SPDX-License-Identifier: GPL-2.0-or-later */
/* IGMP (ip.proto 2), versions 1, 2 and 3, with tshark's Protocol column ("IGMPv2") and Info
 * texts. tshark lists "igmp" twice in frame.protocols (the protocol, then its version
 * dissector), and so do we. */
#include "l23.h"

static int proto_igmp = -1;
static int hf_igmp_version = -1, hf_igmp_type = -1, hf_igmp_max_resp = -1, hf_igmp_checksum = -1;
static int hf_igmp_checksum_status = -1, hf_igmp_maddr = -1, hf_igmp_reserved = -1, hf_igmp_s = -1;
static int hf_igmp_qrv = -1, hf_igmp_qqic = -1, hf_igmp_num_src = -1, hf_igmp_saddr = -1;
static int hf_igmp_num_grp_recs = -1, hf_igmp_record_type = -1, hf_igmp_aux_data_len = -1;
static int hf_igmp_aux_data = -1, hf_igmp_data = -1;

static const WlValueString type_vals[] = {
  { 0x1, "Create Group Request" },
  { 0x2, "Create Group Reply" },
  { 0x3, "Join Group Request" },
  { 0x4, "Join Group Reply" },
  { 0x5, "Leave Group Request" },
  { 0x6, "Leave Group Reply" },
  { 0x7, "Confirm Group Request" },
  { 0x8, "Confirm Group Reply" },
  { 0x11, "Membership Query" },
  { 0x12, "Membership Report" },
  { 0x13, "DVMRP Protocol" },
  { 0x14, "PIM Routing Message" },
  { 0x16, "Membership Report" },
  { 0x17, "Leave Group" },
  { 0x1e, "Traceroute Response" },
  { 0x1f, "Traceroute Query or Request" },
  { 0x22, "Membership Report" },
  { 0, NULL }
};

static const WlValueString record_type_vals[] = {
  { 1, "Mode Is Include" },
  { 2, "Mode Is Exclude" },
  { 3, "Change To Include Mode" },
  { 4, "Change To Exclude Mode" },
  { 5, "Allow New Sources" },
  { 6, "Block Old Sources" },
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

enum { QUERY = 0x11, V1_REPORT = 0x12, V2_REPORT = 0x16, V2_LEAVE = 0x17, V3_REPORT = 0x22 };

static const char *protocol_names[] = { "IGMP", "IGMPv1", "IGMPv2", "IGMPv3" };

static char *
ipv4_str (WlPacket *p, const WlView *v, guint32 off)
{
  guint32 a = wl_view_ntohl (v, off);
  return wl_arena_printf (p->arena, "%u.%u.%u.%u", a >> 24, (a >> 16) & 0xff, (a >> 8) & 0xff, a & 0xff);
}

static void
add_checksum (WlPacket *p, WlNode *top, const WlView *v, guint32 len)
{
  WlNode *ck = wl_add_item (p, top, hf_igmp_checksum, v, 2, 2, WL_ENC_BIG);
  guint status = 2;
  /* (a message shorter than its checksum field cannot be checked: len - 4 would wrap) */
  if (len >= 4 && wl_view_has (v, 0, len) && len == v->reported)
    {
      if (wl_l23_fold (wl_l23_sum (v->data, len, 0)) == 0)
        {
          status = 1;
          wl_node_append_label (p, ck, " [correct]");
        }
      else
        {
          status = 0;
          guint32 s = wl_l23_sum (v->data, 2, 0);
          s = wl_l23_sum (v->data + 4, len - 4, s);
          wl_node_append_label (p, ck, " incorrect, should be 0x%04x", wl_l23_fold (s));
        }
    }
  else
    wl_node_append_label (p, ck, " [unverified]");
  WlNode *st = wl_add_uint (p, top, hf_igmp_checksum_status, v, 2, 2, status);
  wl_node_set_generated (st);
  wl_node_set_label (p, st, "Checksum Status: %s", wl_value_string (checksum_status_vals, status));
}

/* IGMPv3's Max Resp Code and QQIC: values of 128 and more are a floating point encoding. */
static guint32
v3_code_value (guint8 code)
{
  if (code < 128)
    return code;
  return (guint32) ((code & 0x0f) | 0x10) << (((code >> 4) & 0x07) + 3);
}

static void
dissect_v3_report (WlPacket *p, WlNode *top, const WlView *v)
{
  wl_add_item (p, top, hf_igmp_reserved, v, 4, 2, WL_ENC_BIG);
  guint16 n = wl_view_ntohs (v, 6);
  wl_add_item (p, top, hf_igmp_num_grp_recs, v, 6, 2, WL_ENC_BIG);
  guint32 off = 8;
  for (guint16 i = 0; i < n && off < v->reported; i++)
    {
      guint8 rtype = wl_view_u8 (v, off), aux = wl_view_u8 (v, off + 1);
      guint16 ns = wl_view_ntohs (v, off + 2);
      guint32 rlen = 8 + 4u * ns + 4u * aux;
      const char *group = ipv4_str (p, v, off + 4);
      WlNode *rn = wl_add_text (p, top, v, off, MIN (rlen, wl_view_remaining (v, off)), "Group Record : %s  %s", group,
                                wl_value_string (record_type_vals, rtype) ? wl_value_string (record_type_vals, rtype) : "Unknown");
      WlNode *sub = rn ? rn : top;
      wl_add_item (p, sub, hf_igmp_record_type, v, off, 1, WL_ENC_BIG);
      wl_add_item (p, sub, hf_igmp_aux_data_len, v, off + 1, 1, WL_ENC_BIG);
      wl_add_item (p, sub, hf_igmp_num_src, v, off + 2, 2, WL_ENC_BIG);
      wl_add_item (p, sub, hf_igmp_maddr, v, off + 4, 4, WL_ENC_BIG);
      for (guint16 s = 0; s < ns; s++)
        wl_add_item (p, sub, hf_igmp_saddr, v, off + 8 + 4u * s, 4, WL_ENC_BIG);
      if (aux)
        wl_add_item (p, sub, hf_igmp_aux_data, v, off + 8 + 4u * ns, 4u * aux, WL_ENC_BIG);
      if (wl_cols (p))
        {
          /* As tshark words joins and leaves of all sources */
          if (ns == 0 && (rtype == 4 || rtype == 2))
            wl_col_append_info (p, " / Join group %s for any sources", group);
          else if (ns == 0 && (rtype == 3 || rtype == 1))
            wl_col_append_info (p, " / Leave group %s", group);
          else
            wl_col_append_info (p, " / Group %s", group);
        }
      if (!wl_view_has (v, off, rlen))
        {
          p->is_truncated = TRUE;
          break;
        }
      off += rlen;
    }
}

static guint32
dissect_igmp (WlPacket *p, const WlView *v, WlNode *parent, gpointer data)
{
  guint8 type = wl_view_u8 (v, 0);
  guint32 len = wl_view_reported_remaining (v, 0);
  int version = 0;
  switch (type)
    {
    case QUERY:
      version = len >= 12 ? 3 : (len == 8 && wl_view_u8 (v, 1) == 0) ? 1 : 2;
      break;
    case V1_REPORT: version = 1; break;
    case V2_REPORT: case V2_LEAVE: version = 2; break;
    case V3_REPORT: version = 3; break;
    default: version = 0; break;
    }
  wl_col_set_protocol (p, protocol_names[version]);
  wl_col_clear_info (p);
  WlNode *top = wl_add_proto (p, parent, proto_igmp, v, 0, G_MAXUINT32);
  if (version == 0)
    {
      wl_add_item (p, top, hf_igmp_type, v, 0, 1, WL_ENC_BIG);
      if (wl_cols (p))
        {
          const char *s = wl_value_string (type_vals, type);
          wl_col_set_info (p, "%s", s ? s : "Unknown Type");
        }
      WlView rest = wl_view_sub (v, 1, G_MAXUINT32);
      wl_add_item (p, top, hf_igmp_data, &rest, 0, rest.len, WL_ENC_BIG);
      return v->len;
    }
  /* the version dissector tshark calls next is a layer of its own */
  wl_packet_add_layer (p, "igmp");
  wl_node_set_generated (wl_add_uint (p, top, hf_igmp_version, v, 0, 0, (guint) version));
  wl_add_item (p, top, hf_igmp_type, v, 0, 1, WL_ENC_BIG);
  guint8 mrt = wl_view_u8 (v, 1);
  if (version == 1)
    wl_add_item (p, top, hf_igmp_reserved, v, 1, 1, WL_ENC_BIG);
  else
    {
      WlNode *mn = wl_add_item (p, top, hf_igmp_max_resp, v, 1, 1, WL_ENC_BIG);
      guint32 tenths = version == 3 ? v3_code_value (mrt) : mrt;
      wl_node_set_label (p, mn, "Max Resp Time: %u.%u sec (0x%02x)", tenths / 10, tenths % 10, mrt);
    }
  add_checksum (p, top, v, MIN (len, version == 3 ? len : 8));

  if (version == 3 && type == V3_REPORT)
    {
      if (wl_cols (p))
        wl_col_set_info (p, "Membership Report");
      dissect_v3_report (p, top, v);
      return v->len;
    }
  wl_add_item (p, top, hf_igmp_maddr, v, 4, 4, WL_ENC_BIG);
  if (!wl_view_has (v, 4, 4))
    return v->len;
  guint32 group = wl_view_ntohl (v, 4);
  const char *gs = ipv4_str (p, v, 4);
  if (wl_cols (p))
    {
      switch (type)
        {
        case QUERY:
          if (group == 0)
            wl_col_set_info (p, "Membership Query, general");
          else
            wl_col_set_info (p, "Membership Query, specific for group %s", gs);
          break;
        case V1_REPORT:
        case V2_REPORT:
          wl_col_set_info (p, "Membership Report group %s", gs);
          break;
        case V2_LEAVE:
          wl_col_set_info (p, "Leave Group %s", gs);
          break;
        default:
          break;
        }
    }
  if (version == 3)
    {
      /* IGMPv3 query: flags, QQIC, sources */
      guint16 ns = wl_view_ntohs (v, 10);
      wl_add_item (p, top, hf_igmp_s, v, 8, 1, WL_ENC_BIG);
      wl_add_item (p, top, hf_igmp_qrv, v, 8, 1, WL_ENC_BIG);
      wl_add_item (p, top, hf_igmp_qqic, v, 9, 1, WL_ENC_BIG);
      wl_add_item (p, top, hf_igmp_num_src, v, 10, 2, WL_ENC_BIG);
      for (guint16 s = 0; s < ns; s++)
        if (!wl_add_item (p, top, hf_igmp_saddr, v, 12 + 4u * s, 4, WL_ENC_BIG) && !wl_view_has (v, 12 + 4u * s, 4))
          break;
      if (ns && wl_cols (p) && group)
        wl_col_set_info (p, "Membership Query, specific for source/group %s", gs);
    }
  return version == 3 ? v->len : MIN (8u, v->len);
}

static WlFieldReg fields[] = {
  { &hf_igmp_version, { "IGMP Version", "igmp.version", WL_FT_UINT8, WL_BASE_DEC, NULL, 0x0 } },
  { &hf_igmp_type, { "Type", "igmp.type", WL_FT_UINT8, WL_BASE_HEX, type_vals, 0x0 } },
  { &hf_igmp_reserved, { "Reserved", "igmp.reserved", WL_FT_BYTES, WL_BASE_NONE, NULL, 0x0 } },
  { &hf_igmp_max_resp, { "Max Resp Time", "igmp.max_resp", WL_FT_UINT8, WL_BASE_DEC, NULL, 0x0 } },
  { &hf_igmp_checksum, { "Checksum", "igmp.checksum", WL_FT_UINT16, WL_BASE_HEX, NULL, 0x0 } },
  { &hf_igmp_checksum_status, { "Checksum Status", "igmp.checksum.status", WL_FT_UINT8, WL_BASE_NONE, checksum_status_vals, 0x0 } },
  { &hf_igmp_maddr, { "Multicast Address", "igmp.maddr", WL_FT_IPv4, WL_BASE_NONE, NULL, 0x0 } },
  { &hf_igmp_s, { "S", "igmp.s", WL_FT_BOOLEAN, 8, NULL, 0x8 } },
  { &hf_igmp_qrv, { "QRV", "igmp.qrv", WL_FT_UINT8, WL_BASE_DEC, NULL, 0x7 } },
  { &hf_igmp_qqic, { "QQIC", "igmp.qqic", WL_FT_UINT8, WL_BASE_DEC, NULL, 0x0 } },
  { &hf_igmp_num_src, { "Num Src", "igmp.num_src", WL_FT_UINT16, WL_BASE_DEC, NULL, 0x0 } },
  { &hf_igmp_saddr, { "Source Address", "igmp.saddr", WL_FT_IPv4, WL_BASE_NONE, NULL, 0x0 } },
  { &hf_igmp_num_grp_recs, { "Num Group Records", "igmp.num_grp_recs", WL_FT_UINT16, WL_BASE_DEC, NULL, 0x0 } },
  { &hf_igmp_record_type, { "Record Type", "igmp.record_type", WL_FT_UINT8, WL_BASE_DEC, record_type_vals, 0x0 } },
  { &hf_igmp_aux_data_len, { "Aux Data Len", "igmp.aux_data_len", WL_FT_UINT8, WL_BASE_DEC, NULL, 0x0 } },
  { &hf_igmp_aux_data, { "Aux Data", "igmp.aux_data", WL_FT_BYTES, WL_BASE_NONE, NULL, 0x0 } },
  { &hf_igmp_data, { "Data", "igmp.data", WL_FT_BYTES, WL_BASE_NONE, NULL, 0x0 } },
};

void
wl_register_igmp (void)
{
  proto_igmp = wl_proto_register ("Internet Group Management Protocol", "IGMP", "igmp");
  wl_fields_register (proto_igmp, fields, G_N_ELEMENTS (fields));
}

void
wl_handoff_igmp (void)
{
  wl_table_add (wl_table_find ("ip.proto"), 2, wl_dissector_register ("igmp", dissect_igmp, proto_igmp));
}
