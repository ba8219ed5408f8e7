/* SPDX-License-Identifier: GPL-2.0-or-later */
/* BSD loopback: LINKTYPE_NULL (a 4-byte address family in the capturing host's byte order) and
 * LINKTYPE_LOOP (OpenBSD, network byte order). tshark calls both "null". */
#include "frame-store.h"
#include "l23.h"

static int proto_null = -1, hf_null_family = -1;

static const WlValueString family_vals[] = {
  { 2, "IP" },
  { 7, "OSI" },
  { 16, "Appletalk" },
  { 23, "Netware IPX/SPX" },
  { 24, "IPv6" },
  { 28, "IPv6" },
  { 30, "IPv6" },
  { 0, NULL }
};

static guint32
dissect_loopback (WlPacket *p, const WlView *v, WlNode *parent, gboolean host_order)
{
  wl_col_set_protocol (p, "N/A");
  if (wl_cols (p))
    wl_col_set_info (p, "Null/Loopback");
  WlNode *top = wl_add_proto (p, parent, proto_null, v, 0, MIN (4, v->len));
  if (!wl_view_has (v, 0, 4))
    {
      p->is_truncated = TRUE;
      return v->len;
    }
  guint32 family = wl_view_ntohl (v, 0);
  /* Written in the writer's byte order: a value in the high half is a little-endian one. */
  if (host_order && (family & 0xffff0000u) && !(family & 0x0000ffffu))
    family = GUINT32_SWAP_LE_BE (family);
  wl_add_uint (p, top, hf_null_family, v, 0, 4, family);

  WlView payload = wl_view_sub (v, 4, G_MAXUINT32);
  WlDissector *d = NULL;
  switch (family)
    {
    case 2: d = wl_dissector_find ("ip"); break;
    case 10: case 24: case 28: case 30: d = wl_dissector_find ("ipv6"); break;
    default: break;
    }
  if (d)
    wl_dissector_call (d, p, &payload, NULL, NULL);
  else
    wl_call_data (p, &payload, NULL);
  return v->len;
}

static guint32
dissect_null (WlPacket *p, const WlView *v, WlNode *parent, gpointer data)
{
  return dissect_loopback (p, v, parent, TRUE);
}

static guint32
dissect_loop (WlPacket *p, const WlView *v, WlNode *parent, gpointer data)
{
  return dissect_loopback (p, v, parent, FALSE);
}

static WlFieldReg fields[] = {
  { &hf_null_family, { "Family", "null.family", WL_FT_UINT32, WL_BASE_DEC, family_vals, 0x0 } },
};

void
wl_register_null (void)
{
  proto_null = wl_proto_register ("Null/Loopback", "Null", "null");
  wl_fields_register (proto_null, fields, G_N_ELEMENTS (fields));
}

void
wl_handoff_null (void)
{
  WlTable *encap = wl_table_find ("wtap_encap");
  wl_table_add (encap, WL_LINKTYPE_NULL, wl_dissector_register ("null", dissect_null, proto_null));
  wl_table_add (encap, WL_LINKTYPE_LOOP, wl_dissector_register ("loop", dissect_loop, proto_null));
}
