/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Ethernet address names (see ether-names.h). One sorted table holds every entry of both
 * files under a 64-bit key: a kind in the top 16 bits (EXACT_TAG for a well-known address,
 * RANGE_TAG for a well-known range or a /28 or /36 manufacturer block, which Wireshark keeps
 * with them, OUI_TAG for a 24-bit manufacturer, ETHERS_TAG for a host name from an ethers
 * file) above the 48-bit address.
 * Wireshark 4.0 keys its range table by the address alone, without the prefix length: an
 * address matches a range at the longest prefix whose masked address is the range's address,
 * even longer than the range's own mask (33:33:00:00:00:16 is "IPv6mcast_16", not
 * "IPv6mcast_00:00:00:16"), which is what tshark 4.0.17 shows and what this does. */
#include <stdlib.h>
#include <string.h>
#include "ether-names.h"

#define OUI_TAG 63
#define EXACT_TAG 48
#define RANGE_TAG 1
#define ETHERS_TAG 49
#define NAME_MAX_BYTES 63 /* Wireshark copies names into MAXNAMELEN (64) buffers */

/* A line while the files are read. */
typedef struct {
  guint64 key;
  guint32 order; /* line order: a later line replaces an earlier one with the same key */
  guint32 name, long_name; /* offsets in the block of names */
} Line;

/* What stays: 16 bytes an entry, the names moved together at the start of the files' text,
 * which then becomes one block (the files' 52,000 lines held 4 MB as read, 2.5 MB like
 * this). Without looking for repeats: a table of distinct names saved 0.4 MB more but cost
 * every process that shows a name 20 ms more to start. */
typedef struct {
  guint64 key;
  guint32 name, long_name; /* offsets in name_block */
} Entry;

static gint names_enabled = 1;
static char *data_dir;
static char *name_block;
static Entry *entries;
static gsize n_entries;
static guint32 *range_ouis; /* the OUIs (top 24 bits) of the ranges, sorted, once each */
static gsize n_range_ouis;
static Entry *wide; /* the ranges whose address ends in three zero bytes, sorted */
static gsize n_wide;

void
wl_ether_names_set_enabled (gboolean on)
{
  g_atomic_int_set (&names_enabled, on ? 1 : 0);
}

gboolean
wl_ether_names_enabled (void)
{
  return g_atomic_int_get (&names_enabled) != 0;
}

void
wl_ether_names_set_dir (const char *dir)
{
  g_free (data_dir);
  data_dir = g_strdup (dir);
}

static guint64
addr48 (const guint8 *a)
{
  guint64 v = 0;
  for (int i = 0; i < 6; i++)
    v = v << 8 | a[i];
  return v;
}

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* "00:16:3E", "01-00-5E/25", "00:55:DA:10:00:00/28": the address bytes and the prefix length
 * (OUI_TAG for three bytes without one, 48 for six). FALSE for anything else. */
static gboolean
parse_address (const char *s, guint8 out[6], guint *bits)
{
  int n = 0;
  memset (out, 0, 6);
  for (;;)
    {
      int hi = hex_value (s[0]);
      if (hi < 0 || n == 6)
        return FALSE;
      int lo = hex_value (s[1]);
      out[n++] = (guint8) (lo < 0 ? hi : hi * 16 + lo);
      s += lo < 0 ? 1 : 2;
      if (*s == ':' || *s == '-' || *s == '.')
        s++;
      else
        break;
    }
  if (*s == '/')
    {
      char *end = NULL;
      guint64 m = g_ascii_strtoull (s + 1, &end, 10);
      if (end == s + 1 || *end || m == 0 || m > 48)
        return FALSE;
      *bits = (guint) m;
      return TRUE;
    }
  if (*s)
    return FALSE;
  if (n == 3)
    *bits = OUI_TAG;
  else if (n == 6)
    *bits = 48;
  else
    return FALSE;
  return TRUE;
}

/* Reads one file into out: manuf and wka (ethers FALSE), or an ethers file (host names of
 * whole addresses, where the first line of an address counts). */
/* Moves a name down to *w (never past where it is: the text before it is read), returning its
 * offset in the block. */
static guint32
keep_name (const char *name, char **w, const char *text, gsize base)
{
  gsize n = strlen (name) + 1;
  memmove (*w, name, n);
  guint32 at = (guint32) (base + (gsize) (*w - text));
  *w += n;
  return at;
}

static void
read_file (char *path, GArray *out, gboolean ethers, char **block, gsize *block_len)
{
  char *text = NULL;
  gsize len = 0;
  gboolean ok = g_file_get_contents (path, &text, &len, NULL);
  g_free (path);
  if (!ok)
    return;
  char *save = NULL, *w = text;
  for (char *line = strtok_r (text, "\r\n", &save); line; line = strtok_r (NULL, "\r\n", &save))
    {
      char *hash = strchr (line, '#');
      if (hash)
        *hash = '\0';
      char *tok = NULL;
      char *addr = strtok_r (line, " \t", &tok);
      char *short_name = addr ? strtok_r (NULL, " \t", &tok) : NULL;
      if (!short_name)
        continue;
      char *long_name = strtok_r (NULL, "\t", &tok);
      guint8 a[6];
      guint bits = 0;
      if (!parse_address (addr, a, &bits))
        continue;
      if (strlen (short_name) > NAME_MAX_BYTES)
        short_name[NAME_MAX_BYTES] = '\0';
      if (long_name && strlen (long_name) > NAME_MAX_BYTES)
        long_name[NAME_MAX_BYTES] = '\0';
      if (ethers && bits != 48)
        continue;
      Line e;
      /* The last line of a key wins, but the first of an ethers file: order them backwards. */
      e.order = ethers ? G_MAXUINT32 - out->len : out->len;
      e.name = keep_name (short_name, &w, text, *block_len);
      e.long_name = long_name ? keep_name (long_name, &w, text, *block_len) : e.name;
      guint64 tag = ethers ? ETHERS_TAG : bits == OUI_TAG ? OUI_TAG : bits == 48 ? EXACT_TAG : RANGE_TAG;
      e.key = tag << 48 | addr48 (a);
      g_array_append_val (out, e);
    }
  /* the names kept: the block's first part (manuf's text itself), or added to it */
  gsize used = (gsize) (w - text);
  if (!*block)
    *block = g_realloc (text, MAX (used, 1));
  else
    {
      *block = g_realloc (*block, *block_len + used);
      memcpy (*block + *block_len, text, used);
      g_free (text);
    }
  *block_len += used;
}

static int
entry_cmp (const void *pa, const void *pb)
{
  const Line *a = pa, *b = pb;
  if (a->key != b->key)
    return a->key < b->key ? -1 : 1;
  return a->order < b->order ? -1 : a->order > b->order;
}

static gpointer
load_tables (gpointer unused)
{
  (void) unused;
  GArray *all = g_array_new (FALSE, FALSE, sizeof (Line));
  char *block = NULL;
  gsize block_len = 0;
  /* As tshark 4.0.17: the global manuf and wka (a manuf in ~/.config/wireshark changes
   * nothing there), then host names from the user's ethers (~/.config/wireshark) before
   * /etc/ethers. A directory set for the tests replaces them all. */
  const char *dir = data_dir ? data_dir : g_getenv ("WIRELENS_ETHER_NAMES_DIR");
  char *personal = g_build_filename (g_get_user_config_dir (), "wireshark", NULL);
  const char *global = dir ? dir : "/usr/share/wireshark";
  read_file (g_build_filename (global, "manuf", NULL), all, FALSE, &block, &block_len);
  read_file (g_build_filename (global, "wka", NULL), all, FALSE, &block, &block_len);
  read_file (g_build_filename (dir ? dir : personal, "ethers", NULL), all, TRUE, &block, &block_len);
  if (!dir)
    read_file (g_strdup ("/etc/ethers"), all, TRUE, &block, &block_len);
  g_free (personal);
  qsort (all->data, all->len, sizeof (Line), entry_cmp);
  /* Keep the last line of each key, as Wireshark's hash tables do. */
  gsize n = 0;
  Line *e = (Line *) (void *) all->data;
  for (gsize i = 0; i < all->len; i++)
    {
      if (n && e[n - 1].key == e[i].key)
        e[n - 1] = e[i];
      else
        e[n++] = e[i];
    }
  /* Lines to entries in place (entry i ends before line i + 1 starts) */
  n_entries = n;
  char *to = all->data;
  for (gsize i = 0; i < n; i++)
    {
      Line l = e[i];
      Entry en = { l.key, l.name, l.long_name };
      memcpy (to + i * sizeof en, &en, sizeof en);
    }
  entries = g_realloc (g_array_free (all, FALSE), (n + 1) * sizeof (Entry));
  name_block = block ? block : g_strdup ("");
  gsize n_ranges = 0;
  for (gsize i = 0; i < n_entries; i++)
    n_ranges += entries[i].key >> 48 == RANGE_TAG;
  range_ouis = g_new (guint32, n_ranges + 1);
  wide = g_new (Entry, n_ranges + 1);
  for (gsize i = 0; i < n_entries; i++)
    {
      if (entries[i].key >> 48 != RANGE_TAG)
        continue;
      guint32 oui = (guint32) (entries[i].key >> 24 & 0xFFFFFF);
      if (!n_range_ouis || range_ouis[n_range_ouis - 1] != oui)
        range_ouis[n_range_ouis++] = oui;
      if (!(entries[i].key & 0xFFFFFF))
        wide[n_wide++] = entries[i];
    }
  return NULL;
}

/* The entry of a (sorted by key, n long) with key, NULL when none has it. */
static const Entry *
search (const Entry *a, gsize n, guint64 key)
{
  gsize lo = 0, hi = n;
  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;
      if (a[mid].key < key)
        lo = mid + 1;
      else if (a[mid].key > key)
        hi = mid;
      else
        return &a[mid];
    }
  return NULL;
}

static const Entry *
find (guint64 key)
{
  /* Loaded once: the flag is read with acquire order and set with release order after the
   * tables are complete (g_once's fast path is a plain read, which ThreadSanitizer reports). */
  static gint loaded;
  static GMutex load_lock;
  if (!g_atomic_int_get (&loaded))
    {
      g_mutex_lock (&load_lock);
      if (!g_atomic_int_get (&loaded))
        {
          load_tables (NULL);
          g_atomic_int_set (&loaded, 1);
        }
      g_mutex_unlock (&load_lock);
    }
  return search (entries, n_entries, key);
}

static gboolean
has_range_oui (guint32 oui)
{
  gsize lo = 0, hi = n_range_ouis;
  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;
      if (range_ouis[mid] < oui)
        lo = mid + 1;
      else if (range_ouis[mid] > oui)
        hi = mid;
      else
        return TRUE;
    }
  return FALSE;
}

/* find_range for a prefix of 24 bits or less: only the wide ranges can have that address. */
static const Entry *
find_wide (guint64 addr, guint bits, guint64 *last)
{
  guint64 masked = addr & ~((G_GUINT64_CONSTANT (1) << (48 - bits)) - 1);
  if (masked == *last)
    return NULL;
  *last = masked;
  return search (wide, n_wide, (guint64) RANGE_TAG << 48 | masked);
}

/* The range whose address is a's first bits bits, the rest cleared; *last is the address
 * looked up before, which need not be looked up again (no bits cleared since). */
static const Entry *
find_range (guint64 addr, guint bits, guint64 *last)
{
  guint64 masked = addr & ~((G_GUINT64_CONSTANT (1) << (48 - bits)) - 1);
  if (masked == *last)
    return NULL;
  *last = masked;
  return find ((guint64) RANGE_TAG << 48 | masked);
}

static const Entry *
find_oui (const guint8 *a)
{
  return find ((guint64) OUI_TAG << 48 | (guint64) a[0] << 40 | (guint64) a[1] << 32 | (guint64) a[2] << 24);
}

static const char hex_digits[] = "0123456789abcdef";

/* name, '_', then the bytes from the one the prefix ends in, its prefix bits cleared. */
static void
append_with_rest (GString *out, const char *name, const guint8 *a, guint bits)
{
  char buf[20], *d = buf;
  guint first = bits / 8;
  *d++ = '_';
  for (guint i = first; i < 6; i++)
    {
      guint8 b = i == first ? (guint8) (a[i] & (0xFF >> (bits % 8))) : a[i];
      if (i != first)
        *d++ = ':';
      *d++ = hex_digits[b >> 4];
      *d++ = hex_digits[b & 15];
    }
  g_string_append (out, name);
  g_string_append_len (out, buf, d - buf);
}

/* The entry that names a (bits: 48 for a well-known address, else the prefix its name keeps),
 * NULL for none. */
static const Entry *
resolve (const guint8 a[6], guint64 addr, guint *bits)
{
  const Entry *e = find ((guint64) EXACT_TAG << 48 | addr);
  *bits = 48;
  if (e || (e = find ((guint64) ETHERS_TAG << 48 | addr)))
    return e;
  guint64 last = G_MAXUINT64;
  /* Ranges inside one OUI first, the longest prefix first (Wireshark's eth_addr_resolve). */
  if (has_range_oui ((guint32) (addr >> 24)))
    for (*bits = 47; *bits >= 24; (*bits)--)
      if ((e = find_range (addr, *bits, &last)))
        return e;
  e = find_oui (a);
  if (!e && (a[0] & 1))
    {
      /* A group address takes its OUI's name without the multicast bit. */
      guint8 unicast[3] = { (guint8) (a[0] & 0xFE), a[1], a[2] };
      e = find_oui (unicast);
    }
  *bits = 24;
  if (e)
    return e;
  last = G_MAXUINT64;
  for (*bits = 23; *bits >= 1; (*bits)--)
    if ((e = find_wide (addr, *bits, &last)))
      return e;
  return NULL;
}

gboolean
wl_ether_name_append (const guint8 a[6], GString *out)
{
  if (!wl_ether_names_enabled ())
    return FALSE;
  guint64 addr = addr48 (a);
  /* A capture has few addresses, each seen in most of its frames: each thread remembers the
   * last ones resolved (up to 48 lookups each, several addresses per frame). */
  static __thread struct {
    guint64 key; /* addr + 1; 0: empty */
    const Entry *e;
    guint bits;
  } memo[64];
  guint slot = (guint) ((addr ^ addr >> 21 ^ addr >> 42) & 63);
  if (memo[slot].key != addr + 1)
    {
      memo[slot].e = resolve (a, addr, &memo[slot].bits);
      memo[slot].key = addr + 1;
    }
  const Entry *e = memo[slot].e;
  if (!e)
    return FALSE;
  if (memo[slot].bits == 48)
    g_string_append (out, name_block + e->name);
  else
    append_with_rest (out, name_block + e->name, a, memo[slot].bits);
  return TRUE;
}

static void
append_bare (const guint8 *a, GString *out)
{
  char buf[18], *d = buf;
  for (int i = 0; i < 6; i++)
    {
      *d++ = hex_digits[a[i] >> 4];
      *d++ = hex_digits[a[i] & 15];
      *d++ = ':';
    }
  g_string_append_len (out, buf, sizeof buf - 1);
}

char *
wl_ether_resolved_dup (const guint8 a[6])
{
  GString *s = g_string_sized_new (40);
  if (!wl_ether_name_append (a, s))
    append_bare (a, s);
  return g_string_free (s, FALSE);
}

const char *
wl_ether_oui_long_name (const guint8 a[3])
{
  const Entry *e = find_oui (a);
  return e ? name_block + e->long_name : NULL;
}

void
wl_ether_format_resolved (const guint8 a[6], gboolean with_address, GString *out)
{
  if (!wl_ether_names_enabled ())
    {
      append_bare (a, out);
      return;
    }
  gboolean named = wl_ether_name_append (a, out);
  if (!with_address || (!named && n_entries == 0))
    {
      /* A column shows the name alone; without the files a label is tshark -n's bare form. */
      if (!named)
        append_bare (a, out);
      return;
    }
  /* With the files, an address without a name stands as its own name, as in tshark. */
  if (!named)
    append_bare (a, out);
  g_string_append (out, " (");
  append_bare (a, out);
  g_string_append_c (out, ')');
}
