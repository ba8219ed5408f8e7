/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The field registry: every protocol and field a dissector can put in a tree, under
 * Wireshark's filter names. The display filters, the CLI's -e and the GUI's columns all look
 * fields up here; it is filled once at start-up and read-only afterwards. */
#pragma once

#include <glib.h>

typedef enum {
  WL_FT_NONE,       /* a label without a value: tcp.analysis.retransmission */
  WL_FT_PROTOCOL,   /* a protocol: its value is the bytes it covers */
  WL_FT_BOOLEAN,
  WL_FT_UINT8,
  WL_FT_UINT16,
  WL_FT_UINT24,
  WL_FT_UINT32,
  WL_FT_UINT64,
  WL_FT_INT8,
  WL_FT_INT16,
  WL_FT_INT24,
  WL_FT_INT32,
  WL_FT_INT64,
  WL_FT_CHAR,
  WL_FT_FRAMENUM,
  WL_FT_DOUBLE,
  WL_FT_ABSOLUTE_TIME, /* value: nanoseconds since the epoch (v.i) */
  WL_FT_RELATIVE_TIME, /* value: nanoseconds (v.i) */
  WL_FT_ETHER,
  WL_FT_IPv4,
  WL_FT_IPv6,
  WL_FT_BYTES,
  WL_FT_STRING,
  WL_FT_N_TYPES
} WlFieldType;

/* Display bases, as Wireshark's field_display_e. For booleans the display is the bit width
 * of the word the bitmask applies to (8, 16, 24, 32), 0 for a plain boolean. */
enum {
  WL_BASE_NONE = 0,
  WL_BASE_DEC = 1,
  WL_BASE_HEX = 2,
  WL_BASE_OCT = 3,
  WL_BASE_DEC_HEX = 4,
  WL_BASE_HEX_DEC = 5,
  WL_BASE_ABS_LOCAL = 6, /* absolute time in local time */
  WL_BASE_ABS_UTC = 7,
  WL_BASE_ABS_DOY_UTC = 8,
  WL_BASE_PT_TCP = 9,  /* a TCP port (name resolution aside, decimal) */
  WL_BASE_PT_UDP = 10,
};

typedef struct {
  guint32 value;
  const char *name;
} WlValueString;

typedef struct {
  const char *true_string;
  const char *false_string;
} WlTrueFalse;

typedef struct WlField WlField;
struct WlField {
  const char *name;   /* display name: "Source Port" */
  const char *abbrev; /* filter name: "tcp.srcport" */
  WlFieldType type;
  int display;             /* WL_BASE_*, or a boolean's bit width */
  const void *strings;     /* const WlValueString[] ({0, NULL}-terminated) or, for booleans,
                              const WlTrueFalse * */
  guint64 bitmask;
  const char *blurb;
  /* Filled by the registry: */
  int id;
  int proto_id;            /* the protocol this field belongs to (itself for a protocol) */
  guint8 shift;            /* trailing zero bits of bitmask */
  int same_name_next;      /* the next field registered under the same name (Wireshark lets
                              two protocols share one: IPv6's own ip.version), or -1 */
  guint8 in_name_only;     /* a protocol registered in name only (a TCP or IP option): listed
                              as a protocol, named alone in ek, but valued as bytes (JSON
                              prints it as a field); type WL_FT_PROTOCOL or WL_FT_BYTES */
};

/* The entry a dissector declares for each field, like Wireshark's hf_register_info. */
typedef struct {
  int *p_id;
  WlField field;
} WlFieldReg;

/* Registers a protocol ("Transmission Control Protocol", "TCP", "tcp") and returns its id. */
int wl_proto_register (const char *name, const char *short_name, const char *filter_name);
/* The same for a protocol Wireshark registers "in name only" (proto_register_protocol_in_name_only):
 * filterable and listed as a protocol, but a field of bytes in its parent's tree. */
int wl_proto_register_in_name_only (const char *name, const char *short_name, const char *filter_name);
/* Registers an array of fields of proto_id; each *p_id receives the field's id. */
void wl_fields_register (int proto_id, WlFieldReg *regs, gsize n_regs);

/* The registry's table, for the inline lookup below (read-only after start-up). */
extern WlField **wl_field_table;
extern int wl_field_table_len;
static inline const WlField *
wl_field_get (int id)
{
  return id >= 0 && id < wl_field_table_len ? wl_field_table[id] : NULL;
}
const WlField *wl_field_lookup (const char *abbrev); /* NULL when unknown */
int wl_field_count (void);
const char *wl_proto_short_name (int proto_id);
/* Deprecated names that map to another field, as Wireshark keeps them. */
void wl_field_alias (const char *alias, const char *abbrev);

/* Field types for messages: "Unsigned integer (2 bytes)", "IPv4 address"... (tshark's names) */
const char *wl_field_type_describe (WlFieldType type);
gboolean wl_field_type_is_unsigned (WlFieldType type);
gboolean wl_field_type_is_signed (WlFieldType type);
gboolean wl_field_type_is_integer (WlFieldType type); /* includes booleans, chars, frame numbers */
/* Largest value an unsigned type holds (for range errors). */
guint64 wl_field_type_max (WlFieldType type);

const char *wl_value_string (const WlValueString *vs, guint32 value); /* NULL when absent */
gboolean wl_value_string_lookup (const WlValueString *vs, const char *name, guint32 *value);

extern const WlTrueFalse wl_tfs_set_notset;
extern const WlTrueFalse wl_tfs_yes_no;
extern const WlTrueFalse wl_tfs_true_false;

/* Calls fn for every registered field, in registration order. */
void wl_fields_foreach (void (*fn) (const WlField *f, gpointer user_data), gpointer user_data);
