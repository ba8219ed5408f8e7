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

/* A name: where it starts in the files, which stay mapped (one offset space, the files one
 * after another), and how it ends: SHORT_FORM, a short name, ends at a space or a tab; a long
 * name only at a tab (both at the end of the line, at '#' and at NAME_MAX_BYTES). Nothing is
 * copied or written: the files' pages are the page cache's, shared by every process that reads
 * them (dpkg replaces a file by renaming, so a mapping never sees it change), and a process
 * that shows a name indexes them in 14 ms instead of the 30 it took to copy and cut them
 * (AddressSanitizer's build: 36 instead of 68). */
#define SHORT_FORM 0x80000000u
#define MAX_FILES 4

/* A line while the files are read. */
typedef struct {
  guint64 key;
  guint32 order; /* line order: a later line replaces an earlier one with the same key */
  guint32 name, long_name; /* name references (SHORT_FORM and the offset) */
} Line;

/* What stays: 16 bytes an entry. */
typedef struct {
  guint64 key;
  guint32 name, long_name;
} Entry;

static gint names_enabled = 1;
static char *data_dir;
static GMappedFile *files[MAX_FILES];
static gsize file_base[MAX_FILES + 1]; /* where each file starts in the offset space */
static gboolean file_is_ethers[MAX_FILES];
static guint n_files;
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

/* "00:16:3E", "01-00-5E/25", "00:55:DA:10:00:00/28" (the token s[0..n)): the address bytes
 * and the prefix length (OUI_TAG for three bytes without one, 48 for six). FALSE for anything
 * else, as Wireshark 4.0's parse_ether_address: one separator throughout, a prefix length of
 * digits alone from 1 to 47, and no prefix length (masks) in an ethers file, nor OUIs. */
static gboolean
parse_address (const char *s, gsize n_chars, gboolean ethers, guint8 out[6], guint *bits)
{
  const char *end = s + n_chars;
#define AT(q) ((q) < end ? *(q) : '\0')
  int n = 0;
  char sep = '\0';
  memset (out, 0, 6);
  for (;;)
    {
      int hi = hex_value (AT (s));
      if (hi < 0 || n == 6)
        return FALSE;
      int lo = hex_value (AT (s + 1));
      out[n++] = (guint8) (lo < 0 ? hi : hi * 16 + lo);
      s += lo < 0 ? 1 : 2;
      char c = AT (s);
      if ((c == ':' || c == '-' || c == '.') && (!sep || c == sep))
        {
          sep = c;
          s++;
        }
      else
        break;
    }
  if (AT (s) == '/')
    {
      if (ethers || ++s >= end)
        return FALSE;
      guint m = 0;
      for (; s < end; s++)
        {
          if (*s < '0' || *s > '9')
            return FALSE;
          m = MIN (m * 10 + (guint) (*s - '0'), 1000u);
        }
      if (m == 0 || m >= 48)
        return FALSE;
      *bits = m;
      return TRUE;
    }
#undef AT
  if (s < end)
    return FALSE;
  if (n == 3 && !ethers)
    *bits = OUI_TAG;
  else if (n == 6)
    *bits = 48;
  else
    return FALSE;
  return TRUE;
}

/* strtok_r's token over [*p, end), as Wireshark reads the files: leading separators (tabs,
 * and spaces when spaces) skipped, *p past the separator after it; NULL when only separators
 * are left. *len: its length. */
static const char *
next_token (const char **p, const char *end, gboolean spaces, gsize *len)
{
  const char *s = *p;
  while (s < end && (*s == '\t' || (spaces && *s == ' ')))
    s++;
  if (s >= end)
    {
      *p = end;
      return NULL;
    }
  const char *t = s;
  while (t < end && *t != '\t' && !(spaces && *t == ' '))
    t++;
  *p = t < end ? t + 1 : end;
  *len = (gsize) (t - s);
  return s;
}

/* Adds the lines of mapped file k to lines (*n of them, room for as many as it has lines):
 * manuf and wka, or an ethers file (host names of whole addresses, where the first line of an
 * address counts). A line ends at '\n' or '\r', '#' starts a comment, a NUL byte ends the
 * file (map_file). */
static void
read_file (guint k, Line *lines, gsize *n)
{
  gboolean ethers = file_is_ethers[k];
  const char *text = g_mapped_file_get_contents (files[k]);
  const char *p = text, *stop = text + (file_base[k + 1] - file_base[k]);
  while (p < stop)
    {
      const char *line = p;
      const char *end = memchr (p, '\n', (gsize) (stop - p));
      if (!end)
        end = stop;
      const char *cr = memchr (p, '\r', (gsize) (end - p));
      if (cr)
        end = cr;
      p = end < stop ? end + 1 : stop;
      const char *hash = memchr (line, '#', (gsize) (end - line));
      if (hash)
        end = hash;
      gsize addr_len = 0, unused;
      const char *addr = next_token (&line, end, TRUE, &addr_len);
      const char *short_name = addr ? next_token (&line, end, TRUE, &unused) : NULL;
      if (!short_name)
        continue;
      const char *long_name = next_token (&line, end, FALSE, &unused);
      guint8 a[6];
      guint bits = 0;
      if (!parse_address (addr, addr_len, ethers, a, &bits))
        continue;
      Line *e = &lines[(*n)++];
      /* The last line of a key wins, but the first of an ethers file: order them backwards. */
      e->order = ethers ? G_MAXUINT32 - (guint32) *n : (guint32) *n;
      e->name = SHORT_FORM | (guint32) (file_base[k] + (gsize) (short_name - text));
      e->long_name = long_name ? (guint32) (file_base[k] + (gsize) (long_name - text)) : e->name;
      guint64 tag = ethers ? ETHERS_TAG : bits == OUI_TAG ? OUI_TAG : bits == 48 ? EXACT_TAG : RANGE_TAG;
      e->key = tag << 48 | addr48 (a);
    }
}

/* Maps path as the next file, an ethers file or not; nothing when it cannot be read or the
 * files would not fit the offset space. *lines grows by the count of its lines. */
static void
map_file (char *path, gboolean ethers, gsize *lines)
{
  GMappedFile *m = n_files < MAX_FILES ? g_mapped_file_new (path, FALSE, NULL) : NULL;
  g_free (path);
  if (!m)
    return;
  const char *text = g_mapped_file_get_contents (m);
  gsize len = text ? g_mapped_file_get_length (m) : 0;
  const char *nul = len ? memchr (text, '\0', len) : NULL;
  if (nul)
    len = (gsize) (nul - text);
  if (len == 0 || len >= SHORT_FORM - file_base[n_files])
    {
      g_mapped_file_unref (m);
      return;
    }
  /* every line ends at one of these, but the last */
  (*lines)++;
  for (const char *p = text, *stop = text + len; (p = memchr (p, '\n', (gsize) (stop - p))); p++)
    (*lines)++;
  for (const char *p = text, *stop = text + len; (p = memchr (p, '\r', (gsize) (stop - p))); p++)
    (*lines)++;
  files[n_files] = m;
  file_is_ethers[n_files] = ethers;
  file_base[n_files + 1] = file_base[n_files] + len;
  n_files++;
}

/* A name's text and length (see SHORT_FORM). */
static const char *
name_at (guint32 ref, gsize *len)
{
  gsize at = ref & ~SHORT_FORM;
  guint k = 0;
  while (k + 1 < n_files && at >= file_base[k + 1])
    k++;
  const char *s = g_mapped_file_get_contents (files[k]) + (at - file_base[k]);
  gsize max = MIN (file_base[k + 1] - at, NAME_MAX_BYTES), n = 0;
  gboolean spaces = (ref & SHORT_FORM) != 0;
  while (n < max && s[n] != '\t' && s[n] != '\n' && s[n] != '\r' && s[n] != '#' && !(spaces && s[n] == ' '))
    n++;
  *len = n;
  return s;
}

static int
entry_cmp (const void *pa, const void *pb)
{
  const Line *a = pa, *b = pb;
  if (a->key != b->key)
    return a->key < b->key ? -1 : 1;
  return a->order < b->order ? -1 : a->order > b->order;
}

/* Sorts a[0..n) of one kind: the part after its longest sorted prefix is sorted alone and
 * merged in (to, n long). */
static void
sort_kind (const Line *a, gsize n, Line *to)
{
  gsize run = n ? 1 : 0;
  while (run < n && entry_cmp (&a[run - 1], &a[run]) <= 0)
    run++;
  if (run >= n)
    {
      memcpy (to, a, n * sizeof *a);
      return;
    }
  Line *rest = g_memdup2 (a + run, (n - run) * sizeof *a);
  qsort (rest, n - run, sizeof *rest, entry_cmp);
  gsize i = 0, j = 0, o = 0;
  while (i < run && j < n - run)
    to[o++] = entry_cmp (&rest[j], &a[i]) < 0 ? rest[j++] : a[i++];
  while (i < run)
    to[o++] = a[i++];
  while (j < n - run)
    to[o++] = rest[j++];
  g_free (rest);
}

/* Sorts the lines by key and order. manuf is written in address order within each kind of
 * entry: split by kind (the kind heads the key), each kind is mostly one sorted run, then the
 * lines of the short files read after manuf, sorted alone and merged in. qsort of all 52,000
 * lines was a fifth of reading the files. */
static void
sort_lines (Line *a, gsize n)
{
  static const guint64 kinds[] = { RANGE_TAG, EXACT_TAG, ETHERS_TAG, OUI_TAG };
  Line *split = g_new (Line, n + 1);
  gsize k = 0, starts[G_N_ELEMENTS (kinds) + 1];
  for (gsize t = 0; t < G_N_ELEMENTS (kinds); t++)
    {
      starts[t] = k;
      for (gsize i = 0; i < n; i++)
        if (a[i].key >> 48 == kinds[t])
          split[k++] = a[i];
    }
  starts[G_N_ELEMENTS (kinds)] = k;
  g_assert (k == n); /* every line has one of the kinds */
  for (gsize t = 0; t < G_N_ELEMENTS (kinds); t++)
    sort_kind (split + starts[t], starts[t + 1] - starts[t], a + starts[t]);
  g_free (split);
}

static gpointer
load_tables (gpointer unused)
{
  (void) unused;
  /* As tshark 4.0.17: the global manuf and wka (a manuf in ~/.config/wireshark changes
   * nothing there), then host names from the user's ethers (~/.config/wireshark) before
   * /etc/ethers. A directory set for the tests replaces them all. */
  const char *dir = data_dir ? data_dir : g_getenv ("WIRELENS_ETHER_NAMES_DIR");
  char *personal = g_build_filename (g_get_user_config_dir (), "wireshark", NULL);
  const char *global = dir ? dir : "/usr/share/wireshark";
  gsize most = 0;
  map_file (g_build_filename (global, "manuf", NULL), FALSE, &most);
  map_file (g_build_filename (global, "wka", NULL), FALSE, &most);
  map_file (g_build_filename (dir ? dir : personal, "ethers", NULL), TRUE, &most);
  if (!dir)
    map_file (g_strdup ("/etc/ethers"), TRUE, &most);
  g_free (personal);
  Line *e = g_new (Line, most + 1);
  gsize n_lines = 0;
  for (guint k = 0; k < n_files; k++)
    read_file (k, e, &n_lines);
  sort_lines (e, n_lines);
  /* Keep the last line of each key, as Wireshark's hash tables do. */
  gsize n = 0;
  for (gsize i = 0; i < n_lines; i++)
    {
      if (n && e[n - 1].key == e[i].key)
        e[n - 1] = e[i];
      else
        e[n++] = e[i];
    }
  /* Lines to entries in place (entry i ends before line i + 1 starts) */
  n_entries = n;
  char *to = (char *) e;
  for (gsize i = 0; i < n; i++)
    {
      Line l = e[i];
      Entry en = { l.key, l.name, l.long_name };
      memcpy (to + i * sizeof en, &en, sizeof en);
    }
  entries = g_realloc (e, (n + 1) * sizeof (Entry));
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
append_with_rest (GString *out, guint32 name, const guint8 *a, guint bits)
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
  gsize len;
  const char *text = name_at (name, &len);
  g_string_append_len (out, text, (gssize) len);
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
    {
      gsize len;
      const char *name = name_at (e->name, &len);
      g_string_append_len (out, name, (gssize) len);
    }
  else
    append_with_rest (out, e->name, a, memo[slot].bits);
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
wl_ether_oui_long_name (const guint8 a[3], gsize *len)
{
  const Entry *e = find_oui (a);
  return e ? name_at (e->long_name, len) : NULL;
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
