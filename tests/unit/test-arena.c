/* SPDX-License-Identifier: GPL-2.0-or-later */
/* wl_arena_printf formats labels itself (quick_format in arena.c): it must print what printf
 * prints, for the formats it takes and for those it hands to vsnprintf. */
#include <stdio.h>
#include <string.h>
#include "arena.h"

static int fails;
static WlArena *a;

#define CHECK(...)                                                                        \
  do                                                                                      \
    {                                                                                     \
      char *want = g_strdup_printf (__VA_ARGS__);                                         \
      char *got = wl_arena_printf (a, __VA_ARGS__);                                       \
      if (strcmp (want, got) != 0)                                                        \
        {                                                                                 \
          fails++;                                                                        \
          printf ("not ok: %s: printf [%s], wl_arena_printf [%s]\n", #__VA_ARGS__, want, got); \
        }                                                                                 \
      g_free (want);                                                                      \
    }                                                                                     \
  while (0)

int
main (void)
{
  a = wl_arena_new ();
  static const unsigned uvals[] = { 0, 1, 9, 10, 255, 256, 65535, 65536, 4294967295u, 123456 };
  static const int ivals[] = { 0, -1, 1, -128, 127, -32768, 2147483647, -2147483647 - 1 };
  for (gsize i = 0; i < G_N_ELEMENTS (uvals); i++)
    {
      unsigned v = uvals[i];
      CHECK ("%u", v);
      CHECK ("%x|%X|%04x|%02x|%08x", v, v, v, v, v);
      CHECK ("%.2X", v);
      CHECK ("%5u|%-5u|%*u|%*u|", v, v, 7, v, -7, v);
      CHECK ("%hu %hhu %hx %hhx", (unsigned short) v, (unsigned char) v, (unsigned short) v, (unsigned char) v);
      CHECK ("%lu %llu %zu", (unsigned long) v * 1000003ul, (unsigned long long) v << 20, (size_t) v);
      CHECK ("%lx %llX", (unsigned long) v * 1000003ul, (unsigned long long) v << 33);
      CHECK ("Src Port: %u, Dst Port: %u, Seq: %u", v, v + 1, v * 3);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (ivals); i++)
    {
      int v = ivals[i];
      CHECK ("%d %i", v, v);
      CHECK ("%5d|%05d|%-6d|%03d", v, v, v, v);
      CHECK ("%hd %hhd", (short) v, (signed char) v);
      CHECK ("%ld %lld", (long) v * 100000l, (long long) v * 1000000000ll);
    }
  CHECK ("%s", "abc");
  CHECK ("%-8s|%-20s|%8s|", "ab", "abcdef", "ab");
  CHECK ("%.*s|%.*s|%.2s|%.*s|", 3, "abcdef", 10, "ab", "abc", -1, "abc");
  CHECK ("%c%c|%3c|%-3c|", 'x', 'y', 'x', 'z');
  CHECK ("%%|100%% %s", "x");
  CHECK ("%.3f %03o %+d % d %#x %.3d %e", 1.23456, 8u, 5, 5, 5u, 5, 2.5);
  CHECK ("%" G_GUINT64_FORMAT " %" G_GINT64_FORMAT, G_MAXUINT64, G_MININT64);
  CHECK ("%s (%s)", "a", "");
  for (int len = 250; len < 262; len++)
    {
      char *s = g_strnfill ((gsize) len, 'r');
      CHECK ("%s", s);
      CHECK ("x%sy", s);
      CHECK ("%.*s", len - 1, s);
      CHECK ("%-*s|", len + 3, "q");
      g_free (s);
    }
  char *big = g_strnfill (5000, 'q');
  CHECK ("[%s] %u", big, 7u);
  g_free (big);
  wl_arena_free (a);
  printf ("%s\n", fails ? "FAILED" : "ok");
  return fails != 0;
}
