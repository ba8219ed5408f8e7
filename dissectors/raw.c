/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Raw IP captures: LINKTYPE_RAW (the "raw" layer, then IPv4 or IPv6 by the version nibble), and
 * LINKTYPE_IPV4 / LINKTYPE_IPV6, which tshark hands straight to ip / ipv6 without a raw layer. */
#include "frame-store.h"
#include "l23.h"

static int proto_raw = -1;

static guint32
dissect_raw (WlPacket *p, const WlView *v, WlNode *parent, gpointer data)
{
  wl_col_set_protocol (p, "Raw");
  if (wl_cols (p))
    wl_col_set_info (p, "Raw packet data");
  wl_add_proto (p, parent, proto_raw, v, 0, 0);
  WlDissector *d = NULL;
  if (wl_view_has (v, 0, 1))
    switch (wl_view_u8 (v, 0) >> 4)
      {
      case 4: d = wl_dissector_find ("ip"); break;
      case 6: d = wl_dissector_find ("ipv6"); break;
      default: break;
      }
  if (d)
    wl_dissector_call (d, p, v, NULL, NULL);
  else
    wl_call_data (p, v, NULL);
  return v->len;
}

static guint32
dissect_ipv4_only (WlPacket *p, const WlView *v, WlNode *parent, gpointer data)
{
  return wl_dissector_call (wl_dissector_find ("ip"), p, v, parent, NULL);
}

static guint32
dissect_ipv6_only (WlPacket *p, const WlView *v, WlNode *parent, gpointer data)
{
  return wl_dissector_call (wl_dissector_find ("ipv6"), p, v, parent, NULL);
}

void
wl_register_raw (void)
{
  proto_raw = wl_proto_register ("Raw packet data", "Raw", "raw");
}

void
wl_handoff_raw (void)
{
  WlTable *encap = wl_table_find ("wtap_encap");
  wl_table_add (encap, WL_LINKTYPE_RAW, wl_dissector_register ("raw", dissect_raw, proto_raw));
  wl_table_add (encap, WL_LINKTYPE_IPV4, wl_dissector_register ("raw.ipv4", dissect_ipv4_only, proto_raw));
  wl_table_add (encap, WL_LINKTYPE_IPV6, wl_dissector_register ("raw.ipv6", dissect_ipv6_only, proto_raw));
}
