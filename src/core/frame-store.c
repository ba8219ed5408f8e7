/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The frame store (see frame-store.h): maps the file and picks the reader by magic number. */
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include "frame-store.h"
#include "mapped-file.h"

G_DEFINE_QUARK (wl-error-quark, wl_error)

static void
interface_clear (gpointer data)
{
  WlInterface *i = data;
  g_free (i->name);
  g_free (i->description);
}

static WlFrameStore *
store_new (const char *path)
{
  WlFrameStore *s = g_new0 (WlFrameStore, 1);
  s->path = g_strdup (path);
  s->frames = g_array_new (FALSE, FALSE, sizeof (WlFrame));
  s->interfaces = g_array_new (FALSE, TRUE, sizeof (WlInterface));
  g_array_set_clear_func (s->interfaces, interface_clear);
  s->comments = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, (GDestroyNotify) g_ptr_array_unref);
  s->section_comments = g_ptr_array_new_with_free_func (g_free);
  return s;
}

static WlFrameStore *
index_store (WlFrameStore *s, GError **error)
{
  gboolean ok;
  if (s->size < 4)
    {
      g_set_error (error, WL_ERROR, WL_ERROR_NOT_CAPTURE,
                   _("The file \"%s\" isn't a capture file in a format Wirelens understands "
                     "(it is %zu bytes long)."), s->path, s->size);
      wl_frame_store_free (s);
      return NULL;
    }
  if (s->size >= WL_FRAME_MAX_OFFSET)
    {
      g_set_error (error, WL_ERROR, WL_ERROR_NOT_CAPTURE,
                   _("The file \"%s\" is too big to be indexed (%zu bytes)."), s->path, s->size);
      wl_frame_store_free (s);
      return NULL;
    }
  guint32 magic;
  memcpy (&magic, s->data, 4);
  if (magic == 0x0A0D0D0A)
    ok = wl_pcapng_read (s, error);
  else
    ok = wl_pcap_read (s, error);
  if (!ok)
    {
      wl_frame_store_free (s);
      return NULL;
    }
  return s;
}

/* Whether the frame's lengths and bytes all lie before valid (the file's end). */
static gboolean
frame_within (const WlFrameStore *s, const WlFrame *f, guint64 valid)
{
  if (f->offset > valid)
    return FALSE; /* the lengths before the bytes are gone too */
  return f->offset + wl_frame_caplen (s, f) <= valid;
}

WlFrameStore *
wl_frame_store_open (const char *path, GError **error)
{
  WlMappedFile *mf = wl_mapped_file_open (path, error);
  if (!mf)
    return NULL;
  WlFrameStore *s = store_new (path);
  s->file = mf;
  s->data = wl_mapped_file_data (mf);
  s->size = wl_mapped_file_size (mf);
  s = index_store (s, error);
  /* Cut short while being indexed: keep the frames before the lost bytes. */
  if (s && !wl_frame_store_check (s, 0, NULL))
    {
      guint64 valid = wl_mapped_file_valid_until (mf);
      guint n = s->frames->len;
      while (n > 0 && !frame_within (s, &g_array_index (s->frames, WlFrame, n - 1), valid))
        n--;
      g_array_set_size (s->frames, n);
      GError *local = NULL;
      wl_frame_store_check (s, 0, &local);
      g_free (s->damage);
      s->damage = g_strdup (local->message);
      g_error_free (local);
    }
  return s;
}

gboolean
wl_frame_store_check (WlFrameStore *s, guint32 number, GError **error)
{
  if (!s->file)
    return TRUE;
  if (number == 0)
    return wl_mapped_file_check (s->file, error);
  const WlFrame *f = wl_frame_store_get (s, number);
  /* Reading the frame's last byte faults (and so records the loss) when its page is past the
   * file's new end, even if dissection never looked that far. */
  guint32 caplen = wl_frame_caplen (s, f); /* reading it faults as well when it is gone */
  if (caplen > 0)
    (void) *(const volatile guint8 *) (s->data + f->offset + caplen - 1);
  if (wl_mapped_file_valid_until (s->file) == G_MAXUINT64)
    return TRUE;
  /* Something was lost: learn the file's exact new end, then judge this frame. */
  GError *local = NULL;
  if (wl_mapped_file_check (s->file, &local))
    return TRUE;
  if (frame_within (s, f, wl_mapped_file_valid_until (s->file)))
    {
      g_error_free (local);
      return TRUE;
    }
  g_propagate_error (error, local);
  return FALSE;
}

WlFrameStore *
wl_frame_store_new_from_data (const guint8 *data, gsize size, const char *name, GError **error)
{
  WlFrameStore *s = store_new (name);
  s->data = data;
  s->size = size;
  return index_store (s, error);
}

void
wl_frame_store_free (WlFrameStore *s)
{
  if (!s)
    return;
  g_array_unref (s->frames);
  g_array_unref (s->interfaces);
  g_hash_table_destroy (s->comments);
  if (s->apart)
    g_hash_table_destroy (s->apart);
  g_ptr_array_unref (s->section_comments);
  if (s->mapped)
    g_mapped_file_unref (s->mapped);
  wl_mapped_file_free (s->file);
  g_free (s->damage);
  g_free (s->path);
  g_free (s);
}

void
wl_frame_store_append (WlFrameStore *s, WlFrame *f, gint64 ts_ns, guint32 caplen, guint32 len, gboolean swapped)
{
  len = MAX (len, caplen);
  f->flags &= ~(WL_FRAME_SWAPPED | WL_FRAME_APART);
  if (swapped)
    f->flags |= WL_FRAME_SWAPPED;
  if (f->offset >= 16 && f->offset <= s->size && caplen <= s->size - f->offset
      && wl_frame_word_before (s, f, 8) == caplen && MAX (wl_frame_word_before (s, f, 4), caplen) == len
      && (s->format != WL_FILE_PCAPNG || f->iface < s->interfaces->len) && wl_frame_ts_ns (s, f) == ts_ns)
    {
      g_array_append_val (s->frames, *f);
      return;
    }
  if (!s->apart)
    s->apart = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  WlFrameApart *a = g_new (WlFrameApart, 1);
  *a = (WlFrameApart) { ts_ns, caplen, len };
  f->flags |= WL_FRAME_APART;
  g_array_append_val (s->frames, *f);
  g_hash_table_replace (s->apart, GUINT_TO_POINTER (s->frames->len), a);
}

GArray *
wl_frame_array_sized_new (guint reserve)
{
  GArray *a = g_array_sized_new (FALSE, FALSE, sizeof (WlFrame), reserve);
#ifdef MADV_HUGEPAGE
  long page = sysconf (_SC_PAGESIZE);
  if (page > 0)
    {
      guintptr mask = (guintptr) page - 1;
      guintptr from = ((guintptr) a->data + mask) & ~mask;
      guintptr to = ((guintptr) a->data + (gsize) reserve * sizeof (WlFrame)) & ~mask;
      if (to > from)
        (void) madvise ((void *) from, to - from, MADV_HUGEPAGE); /* a hint: THP may be off */
    }
#endif
  return a;
}

const WlFrameApart *
wl_frame_apart (const WlFrameStore *s, const WlFrame *f)
{
  static const WlFrameApart none = { 0, 0, 0 };
  guint number = (guint) (f - &g_array_index (s->frames, WlFrame, 0)) + 1;
  const WlFrameApart *a = s->apart ? g_hash_table_lookup (s->apart, GUINT_TO_POINTER (number)) : NULL;
  return a ? a : &none;
}

gint64
wl_frame_ts_pcapng (const WlFrameStore *s, const WlFrame *f)
{
  guint64 ts = (guint64) wl_frame_word_before (s, f, 16) << 32 | wl_frame_word_before (s, f, 12);
  const WlInterface *ifc = wl_frame_store_interface (s, f->iface);
  return ifc ? wl_interface_ts_to_ns (ifc, ts) : 0;
}

const GPtrArray *
wl_frame_store_comments (const WlFrameStore *s, guint32 number)
{
  /* most frames have none: their flag says so without a lookup */
  if (number >= 1 && number <= s->frames->len
      && !(g_array_index (s->frames, WlFrame, number - 1).flags & WL_FRAME_HAS_COMMENT))
    return NULL;
  return g_hash_table_lookup (s->comments, GUINT_TO_POINTER (number));
}

const char *
wl_frame_store_comment (const WlFrameStore *s, guint32 number)
{
  const GPtrArray *a = wl_frame_store_comments (s, number);
  return a && a->len ? g_ptr_array_index (a, 0) : NULL;
}

gint64
wl_interface_ts_to_ns (const WlInterface *iface, guint64 ts)
{
  guint64 ups = iface->ts_units_per_sec ? iface->ts_units_per_sec : 1000000;
  guint64 secs = ts / ups, rem = ts % ups;
  guint64 frac_ns;
  if (ups <= 1000000000 && 1000000000 % ups == 0)
    frac_ns = rem * (1000000000 / ups);
  else if (ups > 1000000000)
    frac_ns = rem / (ups / 1000000000);
  else
    frac_ns = (guint64) ((double) rem * 1e9 / (double) ups);
  const gint64 limit = G_GINT64_CONSTANT (1) << 62;
  /* Whole seconds first, in signed arithmetic that cannot overflow. */
  gint64 s = (gint64) MIN (secs, (guint64) (limit / 1000000000));
  gint64 off = CLAMP (iface->ts_offset_s, -(limit / 1000000000), limit / 1000000000);
  gint64 total = CLAMP (s + off, -(limit / 1000000000), limit / 1000000000);
  return CLAMP (total * 1000000000 + (gint64) frac_ns, -limit, limit);
}
