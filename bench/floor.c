/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The floor for the benchmarks: the least a program can do to answer `-Y '!tcp.port == 22'`
 * on a little-endian microsecond pcap of Ethernet frames: map the file, walk the records, look
 * at the TCP ports of IPv4/IPv6 packets (one VLAN tag skipped), count the matches. No
 * dissection engine, no checks beyond bounds. */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static uint16_t
be16 (const uint8_t *p)
{
  return (uint16_t) ((p[0] << 8) | p[1]);
}

int
main (int argc, char **argv)
{
  if (argc < 2)
    {
      fprintf (stderr, "usage: floor FILE.pcap\n");
      return 2;
    }
  int fd = open (argv[1], O_RDONLY);
  struct stat st;
  if (fd < 0 || fstat (fd, &st) != 0 || st.st_size < 24)
    return 2;
  const uint8_t *d = mmap (NULL, (size_t) st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
  if (d == MAP_FAILED)
    return 2;
  size_t off = 24, size = (size_t) st.st_size;
  unsigned long n = 0, match = 0;
  while (off + 16 <= size)
    {
      uint32_t caplen;
      memcpy (&caplen, d + off + 8, 4);
      const uint8_t *p = d + off + 16;
      if (off + 16 + caplen > size)
        break;
      n++;
      int is_ssh = 0;
      if (caplen >= 14)
        {
          uint16_t et = be16 (p + 12);
          size_t l3 = 14;
          if (et == 0x8100 && caplen >= 18)
            {
              et = be16 (p + 16);
              l3 = 18;
            }
          size_t l4 = 0;
          int proto = -1;
          if (et == 0x0800 && caplen >= l3 + 20)
            {
              proto = p[l3 + 9];
              l4 = l3 + (size_t) (p[l3] & 0x0f) * 4;
            }
          else if (et == 0x86dd && caplen >= l3 + 40)
            {
              proto = p[l3 + 6];
              l4 = l3 + 40;
            }
          if (proto == 6 && caplen >= l4 + 4)
            is_ssh = be16 (p + l4) == 22 || be16 (p + l4 + 2) == 22;
        }
      match += !is_ssh;
      off += 16 + caplen;
    }
  printf ("%lu packets, %lu match\n", n, match);
  return 0;
}
