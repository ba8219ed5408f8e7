/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The frame pseudo-protocol: what the capture file says about each packet (number, lengths,
 * times, interface, comments), then the hand-off to the link layer by link type. Also
 * registers the _ws.* fields of the engine itself (malformed packets, columns). */
#include <string.h>
#include "dissect.h"
#include "session.h"

static int proto_frame = -1;
static int hf_frame_section_number = -1, hf_frame_interface_id = -1, hf_frame_interface_name = -1;
static int hf_frame_encap_type = -1, hf_frame_time = -1, hf_frame_offset_shift = -1;
static int hf_frame_time_epoch = -1, hf_frame_time_delta = -1, hf_frame_time_delta_displayed = -1;
static int hf_frame_time_relative = -1, hf_frame_number = -1, hf_frame_len = -1, hf_frame_cap_len = -1;
static int hf_frame_marked = -1, hf_frame_ignored = -1, hf_frame_protocols = -1, hf_frame_comment = -1, hf_frame_comment_expert = -1;
static int proto_pkt_comment = -1;
int wl_hf_malformed = -1, wl_hf_malformed_expert = -1, wl_hf_malformed_reassembly = -1;
int wl_proto_short = -1, wl_proto_unreassembled = -1, wl_hf_unreassembled_expert = -1;
static int proto_ws_col = -1, hf_ws_col_protocol = -1, hf_ws_col_info = -1;
static int proto_ws_expert = -1, hf_ws_expert_message = -1;

static WlTable *encap_table;
void wl_proc_dissect_comments (WlPacket *p, WlNode *parent); /* proc.c */

/* Wireshark's WTAP_ENCAP numbers and names for the link types we read. */
static const struct {
  int link_type;
  int wtap_encap;
  const char *name;
} encaps[] = {
  { WL_LINKTYPE_NULL, 15, "NULL/Loopback" },
  { WL_LINKTYPE_ETHERNET, 1, "Ethernet" },
  { WL_LINKTYPE_RAW, 7, "Raw IP" },
  { WL_LINKTYPE_LOOP, 160, "OpenBSD loopback" },
  { WL_LINKTYPE_LINUX_SLL, 25, "Linux cooked-mode capture v1" },
  { WL_LINKTYPE_IPV4, 129, "Raw IPv4" },
  { WL_LINKTYPE_IPV6, 130, "Raw IPv6" },
  { WL_LINKTYPE_LINUX_SLL2, 210, "Linux cooked-mode capture v2" },
};

static WlValueString encap_names[G_N_ELEMENTS (encaps) + 1];

/* The name tshark gives an interface: its if_name, else its if_description, else "unknown" (a
 * pcapng interface that names itself neither way). */
static const char *
interface_name (const WlInterface *ifc)
{
  if (ifc && ifc->name)
    return ifc->name;
  if (ifc && ifc->description)
    return ifc->description;
  return "unknown";
}

/* The frame's time, number, lengths, flags and frame.protocols (filled at the end). */
/* Wireshark's encapsulation number of a link type, -1 when it has none here. */
static int
wtap_encap (int link_type)
{
  for (gsize i = 0; i < G_N_ELEMENTS (encaps); i++)
    if (encaps[i].link_type == link_type)
      return encaps[i].wtap_encap;
  return -1;
}

static void
add_frame_fields (WlPacket *p, WlNode *top, const WlView *v, int encap)
{
  WlSession *s = p->session;
  wl_add_int (p, top, hf_frame_encap_type, v, 0, 0, encap);
  wl_add_time (p, top, hf_frame_time, v, 0, 0, p->ts_ns);
  wl_node_set_generated (wl_add_time (p, top, hf_frame_offset_shift, v, 0, 0, 0));
  wl_add_time (p, top, hf_frame_time_epoch, v, 0, 0, p->ts_ns);
  gint64 prev = p->number > 1 ? wl_frame_store_ts_ns (s->store, p->number - 1) : p->ts_ns;
  /* Timestamps are whatever the file says: differences wrap instead of overflowing. */
  gint64 delta = (gint64) ((guint64) p->ts_ns - (guint64) prev);
  gint64 rel = (gint64) ((guint64) p->ts_ns - (guint64) s->first_ts_ns);
  wl_node_set_generated (wl_add_time (p, top, hf_frame_time_delta, v, 0, 0, delta));
  wl_node_set_generated (wl_add_time (p, top, hf_frame_time_delta_displayed, v, 0, 0, delta));
  wl_node_set_generated (wl_add_time (p, top, hf_frame_time_relative, v, 0, 0, rel));
  wl_add_uint (p, top, hf_frame_number, v, 0, 0, p->number);
  WlNode *n = wl_add_uint (p, top, hf_frame_len, v, 0, 0, p->len);
  wl_node_set_label (p, n, "Frame Length: %u bytes (%u bits)", p->len, p->len * 8);
  n = wl_add_uint (p, top, hf_frame_cap_len, v, 0, 0, p->caplen);
  wl_node_set_label (p, n, "Capture Length: %u bytes (%u bits)", p->caplen, p->caplen * 8);
  wl_node_set_generated (wl_add_uint (p, top, hf_frame_marked, v, 0, 0, 0));
  wl_node_set_generated (wl_add_uint (p, top, hf_frame_ignored, v, 0, 0, 0));
  p->protocols_node = wl_add_string_value (p, top, hf_frame_protocols, v, 0, 0, "", 0);
  wl_node_set_generated (p->protocols_node);
}

static guint32
dissect_frame (WlPacket *p, const WlView *v, WlNode *parent, gpointer data)
{
  WlSession *s = p->session;
  const WlFrame *f = p->frame;
  /* The packet's comments come first, in a "Packet comments" item of their own, each with a
   * comment-level expert item, as in tshark */
  const GPtrArray *comments = wl_frame_store_comments (s->store, p->number);
  if (comments)
    {
      WlNode *pc = wl_add_bytes_value (p, NULL, proto_pkt_comment, v, 0, 0, NULL, 0);
      wl_node_set_label (p, pc, "Packet comments");
      for (guint i = 0; i < comments->len; i++)
        {
          const char *c = g_ptr_array_index (comments, i);
          WlNode *cn = wl_add_string_value (p, pc, hf_frame_comment, v, 0, 0, c, -1);
          wl_node_set_label (p, cn, "%s", c);
          wl_add_expert (p, cn ? cn : pc, hf_frame_comment_expert, v, 0, 0, "Comment", "Comment", "%s", c);
        }
    }

  WlNode *top = wl_add_proto (p, NULL, proto_frame, v, 0, G_MAXUINT32);
  /* frame.protocols names the layers, not the frame itself */
  p->n_layers = 0;
  if (top && p->labels)
    {
      const WlInterface *ifc = wl_frame_store_interface (s->store, f->iface);
      GString *lab = g_string_new (NULL);
      g_string_append_printf (lab, "Frame %u: %u bytes on wire (%u bits), %u bytes captured (%u bits)",
                              p->number, p->len, p->len * 8, p->caplen, p->caplen * 8);
      if (s->store->format == WL_FILE_PCAPNG)
        {
          g_string_append_printf (lab, " on interface %s, id %u", interface_name (ifc), f->iface);
        }
      wl_node_set_label (p, top, "%s", lab->str);
      g_string_free (lab, TRUE);
    }
  /* The frame's fields come from the file, not the bytes: nothing to add when none is wanted */
  gboolean fields = wl_wants_fields_of (p, proto_frame);
  if (fields && s->store->format == WL_FILE_PCAPNG)
    {
      const WlInterface *ifc = wl_frame_store_interface (s->store, f->iface);
      wl_add_uint (p, top, hf_frame_section_number, v, 0, 0, 1);
      WlNode *idn = wl_add_uint (p, top, hf_frame_interface_id, v, 0, 0, f->iface);
      const char *name = interface_name (ifc);
      wl_node_set_label (p, idn, "Interface id: %u (%s)", f->iface, name);
      wl_add_string_value (p, idn, hf_frame_interface_name, v, 0, 0, name, -1);
    }
  if (comments)
    wl_proc_dissect_comments (p, top);
  if (fields)
    add_frame_fields (p, top, v, wtap_encap (p->link_type));

  gboolean found = FALSE;
  wl_table_try (encap_table, (guint32) p->link_type, p, v, NULL, NULL, &found);
  if (!found)
    {
      wl_col_set_protocol (p, "UNKNOWN");
      wl_col_set_info (p, "WTAP_ENCAP = %d", wtap_encap (p->link_type));
      wl_call_data (p, v, NULL);
    }
  return v->len;
}

static WlFieldReg fields[] = {
  { &hf_frame_section_number, { "Section number", "frame.section_number", WL_FT_UINT32, WL_BASE_DEC } },
  { &hf_frame_interface_id, { "Interface id", "frame.interface_id", WL_FT_UINT32, WL_BASE_DEC } },
  { &hf_frame_interface_name, { "Interface name", "frame.interface_name", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_frame_comment, { "Comment", "frame.comment", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_frame_comment_expert, { "Formatted comment", "frame.comment.expert", WL_FT_NONE } },
  { &hf_frame_encap_type, { "Encapsulation type", "frame.encap_type", WL_FT_INT16, WL_BASE_DEC, encap_names } },
  { &hf_frame_time, { "Arrival Time", "frame.time", WL_FT_ABSOLUTE_TIME, WL_BASE_ABS_LOCAL } },
  { &hf_frame_offset_shift, { "Time shift for this packet", "frame.offset_shift", WL_FT_RELATIVE_TIME } },
  { &hf_frame_time_epoch, { "Epoch Time", "frame.time_epoch", WL_FT_RELATIVE_TIME } },
  { &hf_frame_time_delta, { "Time delta from previous captured frame", "frame.time_delta", WL_FT_RELATIVE_TIME } },
  { &hf_frame_time_delta_displayed, { "Time delta from previous displayed frame", "frame.time_delta_displayed", WL_FT_RELATIVE_TIME } },
  { &hf_frame_time_relative, { "Time since reference or first frame", "frame.time_relative", WL_FT_RELATIVE_TIME } },
  { &hf_frame_number, { "Frame Number", "frame.number", WL_FT_UINT32, WL_BASE_DEC } },
  { &hf_frame_len, { "Frame length on the wire", "frame.len", WL_FT_UINT32, WL_BASE_DEC } },
  { &hf_frame_cap_len, { "Frame length stored into the capture file", "frame.cap_len", WL_FT_UINT32, WL_BASE_DEC } },
  { &hf_frame_marked, { "Frame is marked", "frame.marked", WL_FT_BOOLEAN, 0 } },
  { &hf_frame_ignored, { "Frame is ignored", "frame.ignored", WL_FT_BOOLEAN, 0 } },
  { &hf_frame_protocols, { "Protocols in frame", "frame.protocols", WL_FT_STRING, WL_BASE_NONE } },
};

static WlFieldReg col_fields[] = {
  { &hf_ws_col_protocol, { "Protocol", "_ws.col.Protocol", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_ws_col_info, { "Info", "_ws.col.Info", WL_FT_STRING, WL_BASE_NONE } },
};

/* Wireshark's expert severities and groups (epan/proto.h PI_*) */
static const WlValueString expert_severity_vals[] = {
  { 0x00100000, "Comment" }, { 0x00200000, "Chat" }, { 0x00400000, "Note" },
  { 0x00600000, "Warning" }, { 0x00800000, "Error" }, { 0, NULL },
};
static const WlValueString expert_group_vals[] = {
  { 0x01000000, "Checksum" }, { 0x02000000, "Sequence" }, { 0x03000000, "Response" },
  { 0x04000000, "Request" }, { 0x05000000, "Undecoded" }, { 0x06000000, "Reassemble" },
  { 0x07000000, "Malformed" }, { 0x08000000, "Debug" }, { 0x09000000, "Protocol" },
  { 0x0a000000, "Security" }, { 0x0b000000, "Comment" }, { 0x0c000000, "Decryption" },
  { 0x0d000000, "Assumption" }, { 0x0e000000, "Deprecated" }, { 0, NULL },
};

static int hf_ws_expert_severity = -1, hf_ws_expert_group = -1;

static WlFieldReg expert_fields[] = {
  { &hf_ws_expert_message, { "Message", "_ws.expert.message", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_ws_expert_group, { "Group", "_ws.expert.group", WL_FT_UINT32, WL_BASE_NONE, expert_group_vals } },
  { &hf_ws_expert_severity, { "Severity level", "_ws.expert.severity", WL_FT_UINT32, WL_BASE_NONE, expert_severity_vals } },
};

static WlFieldReg malformed_fields[] = {
  { &wl_hf_malformed_reassembly, { "Reassembly error", "_ws.malformed.reassembly", WL_FT_NONE } },
  { &wl_hf_malformed_expert, { "Malformed Packet (Exception occurred)", "_ws.malformed.expert", WL_FT_NONE } },
};

static WlFieldReg unreassembled_fields[] = {
  { &wl_hf_unreassembled_expert, { "Unreassembled fragment (change preferences to enable reassembly)",
                                   "_ws.unreassembled.expert", WL_FT_NONE } },
};

/* An item of the Malformed group also adds a hidden _ws.malformed beside it, as Wireshark's
 * expert code does, so that the filter "_ws.malformed" finds the packet. */
static void
add_hidden_malformed (WlPacket *p, WlNode *parent, const WlView *v, const char *group)
{
  if (strcmp (group, "Malformed") == 0)
    wl_node_set_hidden (wl_add_bytes_value (p, parent, wl_hf_malformed, v, 0, 0, NULL, 0));
}

WlNode *
wl_add_expertv (WlPacket *p, WlNode *parent, int hf, const WlView *v, guint32 off, guint32 len,
                const char *severity, const char *group, const char *fmt, va_list ap)
{
  if (!p->full && !p->expert_items)
    {
      WlNode *n = hf >= 0 ? wl_add_none (p, parent, hf, v, off, len) : NULL;
      if (n && n != p->stub)
        {
          n->flags |= WL_NODE_EXPERT | WL_NODE_GENERATED | (p->in_error_pkt ? WL_NODE_IN_ERROR : 0);
          n->raised_by = (guint16) (p->cur_proto + 1);
        }
      add_hidden_malformed (p, parent, v, group);
      return n;
    }
  /* a lean tree with expert_items: the item and its own field built as in the full tree,
   * labels included (what wl_expert_add_packet reads), without the fields below them */
  gboolean whole = p->full, had_labels = p->labels;
  p->full = p->labels = TRUE;
  char *msg = wl_arena_vprintf (p->arena, fmt, ap);
  WlNode *e = wl_add_none (p, parent, proto_ws_expert, v, off, 0);
  WlNode *n = e && hf >= 0 ? wl_add_none (p, e, hf, v, off, len) : NULL;
  /* the protocol of the expert report: whose dissector raised the item (tshark's) */
  guint16 raised_by = (guint16) (p->cur_proto + 1);
  guint8 flags = WL_NODE_EXPERT | WL_NODE_GENERATED | (p->in_error_pkt ? WL_NODE_IN_ERROR : 0);
  if (e)
    {
      e->flags |= flags;
      e->raised_by = raised_by;
      wl_node_set_label (p, e, "Expert Info (%s/%s): %s", severity, group, msg);
    }
  if (n)
    {
      n->flags |= flags;
      n->raised_by = raised_by;
      wl_node_set_label (p, n, "%s", msg);
    }
  p->full = whole;
  p->labels = had_labels;
  if (!e || !whole)
    {
      if (e)
        add_hidden_malformed (p, parent, v, group);
      return e;
    }
  wl_node_set_hidden (wl_add_string_value (p, e, hf_ws_expert_message, v, off, 0, msg, -1));
  guint32 value = 0;
  wl_value_string_lookup (expert_severity_vals, severity, &value);
  WlNode *sv = wl_add_uint (p, e, hf_ws_expert_severity, v, off, 0, value);
  wl_node_set_generated (sv);
  wl_node_set_label (p, sv, "Severity level: %s", severity);
  value = 0;
  wl_value_string_lookup (expert_group_vals, group, &value);
  WlNode *gr = wl_add_uint (p, e, hf_ws_expert_group, v, off, 0, value);
  wl_node_set_generated (gr);
  wl_node_set_label (p, gr, "Group: %s", group);
  add_hidden_malformed (p, parent, v, group);
  return e;
}

WlNode *
wl_add_expert (WlPacket *p, WlNode *parent, int hf, const WlView *v, guint32 off, guint32 len,
               const char *severity, const char *group, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  WlNode *e = wl_add_expertv (p, parent, hf, v, off, len, severity, group, fmt, ap);
  va_end (ap);
  return e;
}

void
wl_register_frame (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (encaps); i++)
    encap_names[i] = (WlValueString) { (guint32) encaps[i].wtap_encap, encaps[i].name };
  proto_frame = wl_proto_register ("Frame", "Frame", "frame");
  wl_fields_register (proto_frame, fields, G_N_ELEMENTS (fields));
  proto_pkt_comment = wl_proto_register ("Packet comments", "Pkt_Comment", "pkt_comment");
  wl_hf_malformed = wl_proto_register ("Malformed Packet", "Malformed", "_ws.malformed");
  wl_fields_register (wl_hf_malformed, malformed_fields, G_N_ELEMENTS (malformed_fields));
  wl_proto_short = wl_proto_register ("Short Frame", "Short frame", "_ws.short");
  wl_proto_unreassembled = wl_proto_register ("Unreassembled Fragmented Packet", "Unreassembled fragmented packet", "_ws.unreassembled");
  wl_fields_register (wl_proto_unreassembled, unreassembled_fields, G_N_ELEMENTS (unreassembled_fields));
  proto_ws_col = wl_proto_register ("Column", "Column", "_ws.col");
  wl_fields_register (proto_ws_col, col_fields, G_N_ELEMENTS (col_fields));
  proto_ws_expert = wl_proto_register ("Expert Info", "Expert", "_ws.expert");
  wl_fields_register (proto_ws_expert, expert_fields, G_N_ELEMENTS (expert_fields));
}

void
wl_handoff_frame (void)
{
  wl_dissector_register ("frame", dissect_frame, proto_frame);
  encap_table = wl_table_new ("wtap_encap");
}
