/* SPDX-License-Identifier: GPL-2.0-or-later */
/* IEEE 802.1Q VLAN tags (ethertype 0x8100, protocol "vlan") and IEEE 802.1ad service tags
 * (0x88a8, "ieee8021ad"): the tag, then the inner ethertype through the ethertype table. */
#include "l23.h"

static int proto_vlan = -1, proto_ieee8021ad = -1;
static int hf_vlan_priority = -1, hf_vlan_dei = -1, hf_vlan_id = -1, hf_vlan_etype = -1;
static int hf_vlan_len = -1, hf_vlan_trailer = -1;
static int hf_ad_priority = -1, hf_ad_dei = -1, hf_ad_id = -1, hf_ah_etype = -1;

static const WlValueString vlan_priority_vals[] = {
  { 0, "Best Effort (default)" },
  { 1, "Background" },
  { 2, "Excellent Effort" },
  { 3, "Critical Applications" },
  { 4, "Video, < 100ms latency and jitter" },
  { 5, "Voice, < 10ms latency and jitter" },
  { 6, "Internetwork Control" },
  { 7, "Network Control" },
  { 0, NULL }
};

static const WlTrueFalse tfs_dei = { "Eligible", "Ineligible" };

/* The payload after a tag: an ethertype, or an 802.3 length followed by LLC. */
static void
dissect_payload (WlPacket *p, const WlView *v, WlNode *top, int hf_type)
{
  guint16 type = wl_view_ntohs (v, 2);
  WlView payload = wl_view_sub (v, 4, G_MAXUINT32);
  WlTrailerInfo ti = { top, hf_vlan_trailer, TRUE };
  if (type <= 1500)
    {
      wl_add_item (p, top, hf_vlan_len, v, 2, 2, WL_ENC_BIG);
      WlView llc = wl_view_sub (&payload, 0, type);
      wl_call_data (p, &llc, NULL);
      wl_eth_add_trailer (p, &payload, llc.len, &ti);
      return;
    }
  wl_add_item (p, top, hf_type, v, 2, 2, WL_ENC_BIG);
  wl_ethertype_dispatch (p, type, &payload, &ti);
}

static guint32
dissect_vlan (WlPacket *p, const WlView *v, WlNode *parent, gpointer data)
{
  wl_col_set_protocol (p, "VLAN");
  WlNode *top = wl_add_proto (p, parent, proto_vlan, v, 0, MIN (4, v->len));
  if (!wl_view_has (v, 0, 4))
    {
      wl_add_item (p, top, hf_vlan_priority, v, 0, 2, WL_ENC_BIG);
      p->is_truncated = TRUE;
      return v->len;
    }
  guint16 tci = wl_view_ntohs (v, 0);
  if (wl_cols (p))
    wl_col_set_info (p, "PRI: %u  DEI: %u  ID: %u", tci >> 13, (tci >> 12) & 1, tci & 0xfff);
  wl_node_set_label (p, top, "802.1Q Virtual LAN, PRI: %u, DEI: %u, ID: %u", tci >> 13, (tci >> 12) & 1, tci & 0xfff);
  wl_add_item (p, top, hf_vlan_priority, v, 0, 2, WL_ENC_BIG);
  wl_add_item (p, top, hf_vlan_dei, v, 0, 2, WL_ENC_BIG);
  wl_add_item (p, top, hf_vlan_id, v, 0, 2, WL_ENC_BIG);
  dissect_payload (p, v, top, hf_vlan_etype);
  return v->len;
}

static guint32
dissect_ieee8021ad (WlPacket *p, const WlView *v, WlNode *parent, gpointer data)
{
  wl_col_set_protocol (p, "IEEE 802.1ad");
  WlNode *top = wl_add_proto (p, parent, proto_ieee8021ad, v, 0, MIN (4, v->len));
  if (!wl_view_has (v, 0, 4))
    {
      wl_add_item (p, top, hf_ad_priority, v, 0, 2, WL_ENC_BIG);
      p->is_truncated = TRUE;
      return v->len;
    }
  guint16 tci = wl_view_ntohs (v, 0);
  wl_node_set_label (p, top, "IEEE 802.1ad, ID: %u", tci & 0xfff);
  wl_add_item (p, top, hf_ad_priority, v, 0, 2, WL_ENC_BIG);
  wl_add_item (p, top, hf_ad_dei, v, 0, 2, WL_ENC_BIG);
  wl_add_item (p, top, hf_ad_id, v, 0, 2, WL_ENC_BIG);
  dissect_payload (p, v, top, hf_ah_etype);
  return v->len;
}

static WlFieldReg vlan_fields[] = {
  { &hf_vlan_priority, { "Priority", "vlan.priority", WL_FT_UINT16, WL_BASE_DEC, vlan_priority_vals, 0xe000, "Descriptions are recommendations from IEEE standard 802.1D-2004" } },
  { &hf_vlan_dei, { "DEI", "vlan.dei", WL_FT_BOOLEAN, 16, &tfs_dei, 0x1000, "Drop Eligible Indicator" } },
  { &hf_vlan_id, { "ID", "vlan.id", WL_FT_UINT16, WL_BASE_DEC, NULL, 0xfff, "VLAN ID" } },
  { &hf_vlan_etype, { "Type", "vlan.etype", WL_FT_UINT16, WL_BASE_HEX, wl_etype_vals, 0x0, "Ethertype" } },
  { &hf_vlan_len, { "Length", "vlan.len", WL_FT_UINT16, WL_BASE_DEC, NULL, 0x0 } },
  { &hf_vlan_trailer, { "Trailer", "vlan.trailer", WL_FT_BYTES, WL_BASE_NONE, NULL, 0x0, "VLAN Trailer" } },
};

static WlFieldReg ad_fields[] = {
  { &hf_ad_priority, { "Priority", "ieee8021ad.priority", WL_FT_UINT16, WL_BASE_DEC, NULL, 0xe000 } },
  { &hf_ad_dei, { "DEI", "ieee8021ad.dei", WL_FT_UINT16, WL_BASE_DEC, NULL, 0x1000, "Drop Eligibility" } },
  { &hf_ad_id, { "ID", "ieee8021ad.id", WL_FT_UINT16, WL_BASE_DEC, NULL, 0xfff, "Vlan ID" } },
};

/* tshark 4.0 names the inner type of an 802.1ad tag after 802.1ah, a field of that protocol */
static WlFieldReg ah_fields[] = {
  { &hf_ah_etype, { "Type", "ieee8021ah.etype", WL_FT_UINT16, WL_BASE_HEX, wl_etype_vals, 0x0 } },
};

void
wl_register_vlan (void)
{
  proto_vlan = wl_proto_register ("802.1Q Virtual LAN", "VLAN", "vlan");
  wl_fields_register (proto_vlan, vlan_fields, G_N_ELEMENTS (vlan_fields));
  proto_ieee8021ad = wl_proto_register ("IEEE 802.1ad", "IEEE 802.1AD", "ieee8021ad");
  wl_fields_register (proto_ieee8021ad, ad_fields, G_N_ELEMENTS (ad_fields));
  int proto_ieee8021ah = wl_proto_register ("IEEE 802.1ah", "IEEE 802.1AH", "ieee8021ah");
  wl_fields_register (proto_ieee8021ah, ah_fields, G_N_ELEMENTS (ah_fields));
}

void
wl_handoff_vlan (void)
{
  WlTable *t = wl_table_find ("ethertype");
  WlDissector *d = wl_dissector_register ("vlan", dissect_vlan, proto_vlan);
  wl_table_add (t, 0x8100, d);
  /* 0x9100 is an old, unofficial QinQ outer tag that tshark also reads as 802.1Q */
  wl_table_add (t, 0x9100, d);
  wl_table_add (t, 0x88a8, wl_dissector_register ("ieee8021ad", dissect_ieee8021ad, proto_ieee8021ad));
}
