/* SPDX-License-Identifier: GPL-2.0-or-later */
/* lo-flood: a load generator for the live-capture benchmark. It sends UDP datagrams to
 * 127.0.0.1 only, at a set rate, for a bounded time and count:
 *   lo-flood PORT RATE SECONDS [PAYLOAD]
 * (RATE at most 2,000,000 packets/s, SECONDS at most 60, PAYLOAD 1..1400 bytes, default 64).
 * A socket bound to the port takes the datagrams (and drops them unread) so the kernel
 * sends no ICMP errors back. Prints what it sent. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static int64_t
now_ns (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (int64_t) ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int
main (int argc, char **argv)
{
  if (argc < 4)
    {
      fprintf (stderr, "usage: lo-flood PORT RATE SECONDS [PAYLOAD]\n");
      return 2;
    }
  long port = strtol (argv[1], NULL, 10);
  long rate = strtol (argv[2], NULL, 10);
  double seconds = strtod (argv[3], NULL);
  long payload = argc > 4 ? strtol (argv[4], NULL, 10) : 64;
  if (port < 1 || port > 65535 || rate < 1 || rate > 2000000 || seconds <= 0 || seconds > 60
      || payload < 1 || payload > 1400)
    {
      fprintf (stderr, "lo-flood: out of bounds (port 1..65535, rate 1..2000000, seconds 0..60, payload 1..1400)\n");
      return 2;
    }
  struct sockaddr_in dst = { 0 };
  dst.sin_family = AF_INET;
  dst.sin_port = htons ((uint16_t) port);
  dst.sin_addr.s_addr = htonl (INADDR_LOOPBACK); /* loopback, always */

  int sink = socket (AF_INET, SOCK_DGRAM, 0);
  if (sink < 0 || bind (sink, (struct sockaddr *) &dst, sizeof dst) != 0)
    {
      perror ("lo-flood: bind");
      return 1;
    }
  int s = socket (AF_INET, SOCK_DGRAM, 0);
  if (s < 0 || connect (s, (struct sockaddr *) &dst, sizeof dst) != 0)
    {
      perror ("lo-flood: socket");
      return 1;
    }
  char buf[1400];
  memset (buf, 'w', sizeof buf);

  /* Paced in 1 ms slices: each slice sends what the rate owes so far. */
  uint64_t total = (uint64_t) (rate * seconds), sent = 0, failed = 0;
  int64_t start = now_ns (), end = start + (int64_t) (seconds * 1e9);
  while (sent + failed < total)
    {
      int64_t t = now_ns ();
      if (t >= end)
        break; /* never run past the time asked: a slow machine sends less */
      uint64_t owed = (uint64_t) ((double) (t - start) * (double) rate / 1e9);
      if (owed > total)
        owed = total;
      while (sent + failed < owed && ((sent + failed) % 1024 != 0 || now_ns () < end))
        {
          memcpy (buf, &sent, sizeof sent);
          if (send (s, buf, (size_t) payload, 0) < 0)
            {
              if (errno != ENOBUFS && errno != EAGAIN && errno != ECONNREFUSED)
                {
                  perror ("lo-flood: send");
                  return 1;
                }
              failed++;
            }
          else
            sent++;
        }
      struct timespec pause = { 0, 1000000 };
      nanosleep (&pause, NULL);
    }
  double took = (double) (now_ns () - start) / 1e9;
  printf ("sent %llu packets in %.2f s (%.0f/s), %llu sends failed\n", (unsigned long long) sent,
          took, (double) sent / took, (unsigned long long) failed);
  close (s);
  close (sink);
  return 0;
}
