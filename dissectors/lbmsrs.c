/* SPDX-License-Identifier: GPL-2.0-or-later */
/* LBMSRS, the Stateful Resolution Service of Informatica's Ultra Messaging: RSocket frames over
 * TCP, each a 24-bit length, a stream ID, a 6-bit frame type and two flags. Dissected as far as
 * tshark 4.0 needs it to decide what a TCP payload is: its heuristic is enabled by default and,
 * with the default preferences (source address 127.0.0.1, no port, no tag table), it tests every
 * TCP payload to or from 127.0.0.1 that no port claimed. A payload that looks like the start of
 * an RSocket frame is taken, and the frame's length asks TCP for the rest of it, so the
 * following segments of that direction become segments of a PDU that may never complete. */
#include "dissect.h"

static int proto_lbmsrs = -1, hf_frame_len = -1, hf_stream_id = -1, hf_frame_type = -1,
  hf_flag_ignore = -1, hf_flag_metadata = -1;

enum {
  FRAME_SETUP = 1, FRAME_LEASE, FRAME_KEEPALIVE, FRAME_REQUEST_RESPONSE, FRAME_REQUEST_FNF,
  FRAME_REQUEST_STREAM, FRAME_REQUEST_CHANNEL, FRAME_REQUEST_N, FRAME_CANCEL, FRAME_PAYLOAD,
  FRAME_ERROR, FRAME_METADATA_PUSH, FRAME_RESUME, FRAME_RESUME_OK, FRAME_EXT = 0x3f
};

static const WlValueString frame_type_names[] = {
  { 0, "RESERVED" }, { 1, "SETUP" }, { 2, "LEASE" }, { 3, "KEEPALIVE" }, { 4, "REQUEST_RESPONSE" },
  { 5, "REQUEST_FNF" }, { 6, "REQUEST_STREAM" }, { 7, "REQUEST_CHANNEL" }, { 8, "REQUEST_N" },
  { 9, "CANCEL" }, { 10, "PAYLOAD" }, { 11, "ERROR" }, { 12, "METADATA_PUSH" }, { 13, "RESUME" },
  { 14, "RESUME_OK" }, { 63, "EXT" }, { 0, NULL }
};

#define FRAME_LEN_SIZE 3
#define STREAM_ID_SIZE 4

/* The default source address preference, 127.0.0.1 with no port: either end matches. */
static gboolean
matches_default_source (const WlPacket *p)
{
  static const guint8 loopback[4] = { 127, 0, 0, 1 };
  if (p->net_src.type != WL_ADDR_IPv4 || p->net_dst.type != WL_ADDR_IPv4)
    return FALSE;
  return memcmp (p->net_src.data, loopback, 4) == 0 || memcmp (p->net_dst.data, loopback, 4) == 0;
}

/* Whether the captured bytes start like an LBMSRS RSocket frame (tshark's check_lbmsrs_packet). */
static gboolean
looks_like_lbmsrs (const WlView *v)
{
  guint32 len = v->len, off = FRAME_LEN_SIZE;
  if (len < off + STREAM_ID_SIZE + 1)
    return FALSE;
  guint32 stream_id = wl_view_ntohl (v, off);
  off += STREAM_ID_SIZE;
  guint8 b = wl_view_u8 (v, off);
  guint8 type = b >> 2, metadata = b & 3;
  switch (type)
    {
    case FRAME_SETUP:
    case FRAME_KEEPALIVE:
    case FRAME_METADATA_PUSH:
    case FRAME_RESUME:
    case FRAME_RESUME_OK:
      return stream_id == 0;
    case FRAME_EXT:
      return TRUE;
    case FRAME_REQUEST_RESPONSE:
    case FRAME_REQUEST_FNF:
    case FRAME_CANCEL:
    case FRAME_PAYLOAD:
      off += 2;
      break;
    case FRAME_REQUEST_STREAM:
    case FRAME_REQUEST_CHANNEL:
    case FRAME_REQUEST_N:
    case FRAME_ERROR:
      off += 6;
      break;
    default:
      return FALSE;
    }
  if (metadata)
    {
      if (len < off + 3)
        return FALSE;
      guint64 end = (guint64) off + 3 + wl_view_ntoh24 (v, off);
      if (len < end + 6)
        return FALSE;
      off = (guint32) end;
    }
  /* tshark reads the SRS message ID when more than two bytes follow; with fewer captured bytes
   * than the header it computes an unsigned remainder and its read fails: declined here. */
  if (off > len || len - off <= 2)
    return FALSE;
  guint16 msg_id = wl_view_ntohs (v, off);
  return msg_id >= 1 && msg_id <= 12;  /* registration request ... source leave */
}

/* One RSocket frame: its header, and its type in Info. */
static void
dissect_frame (WlPacket *p, const WlView *v, WlNode *parent)
{
  WlNode *top = wl_add_proto (p, parent, proto_lbmsrs, v, 0, v->len);
  wl_add_item (p, top, hf_frame_len, v, 0, FRAME_LEN_SIZE, WL_ENC_BIG);
  if (!wl_view_has (v, FRAME_LEN_SIZE, STREAM_ID_SIZE + 1))
    return;
  wl_add_item (p, top, hf_stream_id, v, FRAME_LEN_SIZE, STREAM_ID_SIZE, WL_ENC_BIG);
  guint32 off = FRAME_LEN_SIZE + STREAM_ID_SIZE;
  guint8 type = wl_view_u8 (v, off) >> 2;
  wl_add_uint (p, top, hf_frame_type, v, off, 1, type);
  const char *name = wl_value_string (frame_type_names, type);
  wl_col_set_info (p, "%s", name ? name : "UNDEFINED");
  if (wl_view_has (v, off, 2))
    {
      wl_add_item (p, top, hf_flag_ignore, v, off, 2, WL_ENC_BIG);
      wl_add_item (p, top, hf_flag_metadata, v, off, 2, WL_ENC_BIG);
    }
}

/* tcp_dissect_pdus with a fixed part of 3 bytes and the frame length after it. */
static guint32
dissect_pdus (WlPacket *p, const WlView *v, WlNode *parent)
{
  guint32 off = 0;
  while (off < v->reported)
    {
      guint32 captured = wl_view_remaining (v, off);
      if (p->can_desegment && captured < FRAME_LEN_SIZE)
        {
          p->desegment_offset = off;
          p->desegment_len = WL_DESEGMENT_ONE_MORE_SEGMENT;
          return v->len;
        }
      if (!wl_view_has (v, off, FRAME_LEN_SIZE))
        {
          p->is_truncated = TRUE;
          return v->len;
        }
      guint32 pdu_len = wl_view_ntoh24 (v, off) + FRAME_LEN_SIZE;
      guint32 remaining = v->reported - off;
      if (p->can_desegment && pdu_len > remaining)
        {
          p->desegment_offset = off;
          p->desegment_len = pdu_len - remaining;
          return v->len;
        }
      WlView pdu = wl_view_sub (v, off, pdu_len);
      dissect_frame (p, &pdu, parent);
      off += pdu_len;
    }
  return v->len;
}

static guint32
dissect_lbmsrs_heur (WlPacket *p, const WlView *v, WlNode *parent, gpointer data)
{
  (void) data;
  if (p->port_type != 6 || !matches_default_source (p) || !looks_like_lbmsrs (v))
    return 0;
  wl_col_clear_info (p);
  wl_col_set_protocol (p, "LBMSRS");
  wl_col_set_fence (p);
  return MAX (dissect_pdus (p, v, parent), 1u);
}

static WlFieldReg fields[] = {
  { &hf_frame_len, { "Frame Length", "lbmsrs.rsocket.frame_len", WL_FT_UINT24, WL_BASE_DEC } },
  { &hf_stream_id, { "Stream ID", "lbmsrs.rsocket.stream_id", WL_FT_UINT32, WL_BASE_DEC } },
  { &hf_frame_type, { "Frame Type", "lbmsrs.rsocket.frame_type", WL_FT_UINT8, WL_BASE_DEC, frame_type_names } },
  { &hf_flag_ignore, { "Ignore", "lbmsrs.rsocket.flags.ignore", WL_FT_BOOLEAN, 16, NULL, 0x0200 } },
  { &hf_flag_metadata, { "Metadata", "lbmsrs.rsocket.flags.metadata", WL_FT_BOOLEAN, 16, NULL, 0x0100 } },
};

void
wl_register_lbmsrs (void)
{
  proto_lbmsrs = wl_proto_register ("LBM Stateful Resolution Service Protocol", "LBMSRS", "lbmsrs");
  wl_fields_register (proto_lbmsrs, fields, G_N_ELEMENTS (fields));
}

void
wl_handoff_lbmsrs (void)
{
  wl_heur_add ("tcp", dissect_lbmsrs_heur, proto_lbmsrs);
}
