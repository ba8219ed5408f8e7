/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The field registry (see field-registry.h): an array of fields indexed by id and a hash
 * table by filter name. Filled at start-up by the dissectors' registration functions. */
#include <string.h>
#include "field-registry.h"

static GPtrArray *fields;      /* WlField*, index = id */
WlField **wl_field_table;
int wl_field_table_len;
static GHashTable *by_abbrev;  /* abbrev -> WlField* */

const WlTrueFalse wl_tfs_set_notset = { "Set", "Not set" };
const WlTrueFalse wl_tfs_yes_no = { "Yes", "No" };
const WlTrueFalse wl_tfs_true_false = { "True", "False" };

static void
ensure_tables (void)
{
  if (fields)
    return;
  fields = g_ptr_array_new ();
  by_abbrev = g_hash_table_new (g_str_hash, g_str_equal);
}

static int
add_field (WlField *f)
{
  ensure_tables ();
  g_return_val_if_fail (f->abbrev != NULL && f->name != NULL, -1);
  f->id = (int) fields->len;
  f->shift = f->bitmask ? (guint8) __builtin_ctzll (f->bitmask) : 0;
  f->same_name_next = -1;
  g_ptr_array_add (fields, f);
  wl_field_table = (WlField **) fields->pdata;
  wl_field_table_len = (int) fields->len;
  WlField *first = g_hash_table_lookup (by_abbrev, f->abbrev);
  if (!first)
    g_hash_table_insert (by_abbrev, (gpointer) f->abbrev, f);
  else if (strcmp (first->abbrev, f->abbrev) == 0)
    {
      /* a second field of the same name (lookups give the first): chain it */
      while (first->same_name_next >= 0)
        first = wl_field_table[first->same_name_next];
      first->same_name_next = f->id;
    }
  return f->id;
}

int
wl_proto_register (const char *name, const char *short_name, const char *filter_name)
{
  WlField *f = g_new0 (WlField, 1);
  f->name = name;
  f->blurb = short_name;
  f->abbrev = filter_name;
  f->type = WL_FT_PROTOCOL;
  int id = add_field (f);
  f->proto_id = id;
  return id;
}

int
wl_proto_register_in_name_only (const char *name, const char *short_name, const char *filter_name)
{
  int id = wl_proto_register (name, short_name, filter_name);
  wl_field_table[id]->in_name_only = TRUE;
  return id;
}

void
wl_fields_register (int proto_id, WlFieldReg *regs, gsize n_regs)
{
  for (gsize i = 0; i < n_regs; i++)
    {
      /* The table is static and registered once: the registry keeps pointers into it. */
      WlField *f = &regs[i].field;
      f->proto_id = proto_id;
      *regs[i].p_id = add_field (f);
    }
}

void
wl_field_alias (const char *alias, const char *abbrev)
{
  WlField *f = g_hash_table_lookup (by_abbrev, abbrev);
  if (f && !g_hash_table_contains (by_abbrev, alias))
    g_hash_table_insert (by_abbrev, (gpointer) alias, f);
}

const WlField *
wl_field_lookup (const char *abbrev)
{
  if (!by_abbrev)
    return NULL;
  return g_hash_table_lookup (by_abbrev, abbrev);
}

int
wl_field_count (void)
{
  return fields ? (int) fields->len : 0;
}

const char *
wl_proto_short_name (int proto_id)
{
  const WlField *f = wl_field_get (proto_id);
  return f && f->blurb ? f->blurb : "";
}

void
wl_fields_foreach (void (*fn) (const WlField *f, gpointer user_data), gpointer user_data)
{
  for (guint i = 0; fields && i < fields->len; i++)
    fn (g_ptr_array_index (fields, i), user_data);
}

const char *
wl_field_type_describe (WlFieldType type)
{
  switch (type)
    {
    case WL_FT_NONE: return "Label";
    case WL_FT_PROTOCOL: return "Protocol";
    case WL_FT_BOOLEAN: return "Boolean";
    case WL_FT_UINT8: return "Unsigned integer (1 byte)";
    case WL_FT_UINT16: return "Unsigned integer (2 bytes)";
    case WL_FT_UINT24: return "Unsigned integer (3 bytes)";
    case WL_FT_UINT32: return "Unsigned integer (4 bytes)";
    case WL_FT_UINT64: return "Unsigned integer (8 bytes)";
    case WL_FT_INT8: return "Signed integer (1 byte)";
    case WL_FT_INT16: return "Signed integer (2 bytes)";
    case WL_FT_INT24: return "Signed integer (3 bytes)";
    case WL_FT_INT32: return "Signed integer (4 bytes)";
    case WL_FT_INT64: return "Signed integer (8 bytes)";
    case WL_FT_CHAR: return "Character (1 byte)";
    case WL_FT_FRAMENUM: return "Frame number";
    case WL_FT_DOUBLE: return "Floating point (double-precision)";
    case WL_FT_ABSOLUTE_TIME: return "Date and time";
    case WL_FT_RELATIVE_TIME: return "Time offset";
    case WL_FT_ETHER: return "Ethernet or other MAC address";
    case WL_FT_IPv4: return "IPv4 address";
    case WL_FT_IPv6: return "IPv6 address";
    case WL_FT_BYTES: return "Byte sequence";
    case WL_FT_STRING: return "Character string";
    default: return "Unknown";
    }
}

gboolean
wl_field_type_is_unsigned (WlFieldType t)
{
  return t == WL_FT_UINT8 || t == WL_FT_UINT16 || t == WL_FT_UINT24 || t == WL_FT_UINT32 ||
         t == WL_FT_UINT64 || t == WL_FT_FRAMENUM || t == WL_FT_CHAR;
}

gboolean
wl_field_type_is_signed (WlFieldType t)
{
  return t == WL_FT_INT8 || t == WL_FT_INT16 || t == WL_FT_INT24 || t == WL_FT_INT32 || t == WL_FT_INT64;
}

gboolean
wl_field_type_is_integer (WlFieldType t)
{
  return wl_field_type_is_unsigned (t) || wl_field_type_is_signed (t) || t == WL_FT_BOOLEAN;
}

guint64
wl_field_type_max (WlFieldType t)
{
  switch (t)
    {
    case WL_FT_UINT8: case WL_FT_CHAR: return 0xff;
    case WL_FT_UINT16: return 0xffff;
    case WL_FT_UINT24: return 0xffffff;
    case WL_FT_UINT32: case WL_FT_FRAMENUM: return 0xffffffffu;
    case WL_FT_INT8: return 0x7f;
    case WL_FT_INT16: return 0x7fff;
    case WL_FT_INT24: return 0x7fffff;
    case WL_FT_INT32: return 0x7fffffff;
    case WL_FT_INT64: return G_MAXINT64;
    default: return G_MAXUINT64;
    }
}

const char *
wl_value_string (const WlValueString *vs, guint32 value)
{
  for (; vs && vs->name; vs++)
    if (vs->value == value)
      return vs->name;
  return NULL;
}

gboolean
wl_value_string_lookup (const WlValueString *vs, const char *name, guint32 *value)
{
  for (; vs && vs->name; vs++)
    if (g_ascii_strcasecmp (vs->name, name) == 0)
      {
        *value = vs->value;
        return TRUE;
      }
  return FALSE;
}
