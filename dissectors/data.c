/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The data dissector: bytes no other dissector understood, shown as they are. */
#include "dissect.h"

static int proto_data = -1, hf_data_data = -1, hf_data_len = -1;

guint32
wl_call_data (WlPacket *p, const WlView *v, WlNode *parent)
{
  if (v->len == 0 && v->reported == 0)
    return 0;
  WlNode *top = wl_add_proto (p, parent, proto_data, v, 0, G_MAXUINT32);
  /* Wireshark counts the captured bytes (tvb_captured_length), not the reported ones */
  wl_node_set_label (p, top, "Data (%u byte%s)", v->len, v->len == 1 ? "" : "s");
  wl_add_item (p, top, hf_data_data, v, 0, v->len, WL_ENC_BIG);
  WlNode *n = wl_add_uint (p, top, hf_data_len, v, 0, 0, v->len);
  wl_node_set_generated (n);
  return v->len;
}

static guint32
dissect_data (WlPacket *p, const WlView *v, WlNode *parent, gpointer data)
{
  return wl_call_data (p, v, parent);
}

static WlFieldReg fields[] = {
  { &hf_data_data, { "Data", "data.data", WL_FT_BYTES, WL_BASE_NONE } },
  { &hf_data_len, { "Length", "data.len", WL_FT_INT32, WL_BASE_DEC } },
};

void
wl_register_data (void)
{
  proto_data = wl_proto_register ("Data", "Data", "data");
  wl_fields_register (proto_data, fields, G_N_ELEMENTS (fields));
}

void
wl_handoff_data (void)
{
  wl_dissector_register ("data", dissect_data, proto_data);
}
