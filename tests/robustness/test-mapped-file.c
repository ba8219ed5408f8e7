/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Mapped capture files cut short under their mapping (src/core/mapped-file.c): reads of lost
 * pages return zeros instead of killing the process, the loss is reported with the file's
 * name, frames before it stay readable, and a SIGBUS that is not ours still ends the process. */
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include "frame-store.h"
#include "mapped-file.h"

static gsize page;

/* A file of n_pages pages, each filled with its page number + 1. */
static char *
make_file (guint n_pages)
{
  g_autoptr (GError) error = NULL;
  char *path = NULL;
  int fd = g_file_open_tmp ("wl-mapped-XXXXXX", &path, &error);
  g_assert_no_error (error);
  g_autofree guint8 *buf = g_malloc (page);
  for (guint i = 0; i < n_pages; i++)
    {
      memset (buf, (int) i + 1, page);
      g_assert_cmpint (write (fd, buf, page), ==, (gssize) page);
    }
  close (fd);
  return path;
}

static void
test_cut_short (void)
{
  g_autofree char *path = make_file (5);
  g_autoptr (GError) error = NULL;
  g_autoptr (WlMappedFile) m = wl_mapped_file_open (path, &error);
  g_assert_no_error (error);
  const guint8 *d = wl_mapped_file_data (m);
  g_assert_cmpuint (wl_mapped_file_size (m), ==, 5 * page);
  g_assert_cmpuint (d[3 * page + 10], ==, 4);
  g_assert_cmpuint (wl_mapped_file_valid_until (m), ==, G_MAXUINT64);
  g_assert_true (wl_mapped_file_check (m, NULL));

  /* Another program keeps a page and a half. */
  g_assert_cmpint (truncate (path, (off_t) (page + page / 2)), ==, 0);
  g_assert_cmpuint (d[10], ==, 1);                        /* a whole page before the end */
  g_assert_cmpuint (((volatile const guint8 *) d)[3 * page + 10], ==, 0); /* lost: zeros, no SIGBUS */
  g_assert_cmpuint (wl_mapped_file_valid_until (m), ==, 3 * page);
  g_assert_false (wl_mapped_file_check (m, &error));
  g_assert_error (error, WL_ERROR, WL_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, "cut short"));
  /* The size check knows the exact end, not only the lost page. */
  g_assert_cmpuint (wl_mapped_file_valid_until (m), ==, page + page / 2);
  g_unlink (path);
}

/* A pcap of 200 frames of page / 4 bytes each; frames[i] ends at ends[i]. */
static char *
make_pcap (guint n, gsize *ends)
{
  g_autoptr (GError) error = NULL;
  char *path = NULL;
  int fd = g_file_open_tmp ("wl-mapped-XXXXXX.pcap", &path, &error);
  g_assert_no_error (error);
  guint32 hdr[6] = { 0xa1b2c3d4u, 2 | (4u << 16), 0, 0, 65535, 1 };
  g_assert_cmpint (write (fd, hdr, sizeof hdr), ==, (gssize) sizeof hdr);
  gsize off = sizeof hdr;
  g_autofree guint8 *pkt = g_malloc0 (page / 4);
  for (guint i = 0; i < n; i++)
    {
      guint32 rec[4] = { i, 0, (guint32) (page / 4), (guint32) (page / 4) };
      memset (pkt, (int) (i & 0xff), page / 4);
      g_assert_cmpint (write (fd, rec, sizeof rec), ==, (gssize) sizeof rec);
      g_assert_cmpint (write (fd, pkt, page / 4), ==, (gssize) (page / 4));
      off += sizeof rec + page / 4;
      ends[i] = off;
    }
  close (fd);
  return path;
}

static void
test_frame_store (void)
{
  gsize ends[200];
  g_autofree char *path = make_pcap (200, ends);
  g_autoptr (GError) error = NULL;
  WlFrameStore *s = wl_frame_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (wl_frame_store_count (s), ==, 200);
  g_assert_true (wl_frame_store_check (s, 200, NULL));

  gsize cut = 20 * page;
  g_assert_cmpint (truncate (path, (off_t) cut), ==, 0);
  guint whole = 0;
  while (ends[whole] <= cut)
    whole++;
  for (guint32 i = 1; i <= whole; i++)
    {
      g_assert_true (wl_frame_store_check (s, i, NULL));
      const guint8 *b = wl_frame_store_bytes (s, wl_frame_store_get (s, i));
      g_assert_cmpuint (b[0], ==, (i - 1) & 0xff);
    }
  g_assert_false (wl_frame_store_check (s, whole + 1, &error));
  g_assert_nonnull (strstr (error->message, path));
  g_clear_error (&error);
  g_assert_false (wl_frame_store_check (s, 0, NULL));
  wl_frame_store_free (s);

  /* Opened after the cut: the frames that fit, and a message about the damage. */
  s = wl_frame_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (wl_frame_store_count (s), ==, whole);
  g_assert_nonnull (s->damage);
  wl_frame_store_free (s);
  g_unlink (path);
}

static void
test_empty_and_missing (void)
{
  g_autofree char *path = make_file (0);
  g_autoptr (GError) error = NULL;
  g_autoptr (WlMappedFile) m = wl_mapped_file_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (wl_mapped_file_size (m), ==, 0);
  g_assert_nonnull (wl_mapped_file_data (m));
  g_assert_true (wl_mapped_file_check (m, NULL));
  g_unlink (path);
  g_assert_null (wl_mapped_file_open (path, &error));
  g_assert_error (error, WL_ERROR, WL_ERROR_IO);
  g_assert_nonnull (strstr (error->message, path));
}

/* A SIGBUS from a mapping that is not ours is not swallowed. */
static void
test_foreign_sigbus (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *ours = make_file (2);
      g_autoptr (WlMappedFile) m = wl_mapped_file_open (ours, NULL); /* installs the handler */
      g_assert_nonnull (m);
      g_autofree char *other = make_file (4);
      int fd = g_open (other, O_RDONLY, 0);
      volatile const guint8 *p = mmap (NULL, 4 * page, PROT_READ, MAP_PRIVATE, fd, 0);
      g_assert_true (p != MAP_FAILED);
      g_assert_cmpint (ftruncate (g_open (other, O_WRONLY, 0), 0), ==, 0);
      g_unlink (other);
      g_unlink (ours);
      guint8 x = p[3 * page];
      g_print ("survived a foreign SIGBUS (%u)\n", x);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stdout_unmatched ("*survived*");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  page = (gsize) sysconf (_SC_PAGESIZE);
  g_test_add_func ("/mapped-file/cut-short", test_cut_short);
  g_test_add_func ("/mapped-file/frame-store", test_frame_store);
  g_test_add_func ("/mapped-file/empty-and-missing", test_empty_and_missing);
  g_test_add_func ("/mapped-file/foreign-sigbus", test_foreign_sigbus);
  return g_test_run ();
}
