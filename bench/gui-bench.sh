#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The GUI benchmark on a generated capture of N packets (default 1,000,000), under Xvfb, then
# tshark on the same file in the same run: the filter the window applies (-Y ... -w /dev/null)
# and, with WL_BENCH_TSHARK_STATS=1, the statistics its windows show (conv and endpoints of
# every type the window has, io,phs, follow of stream 0, expert). WL_BENCH_TSHARK=0 leaves tshark out.
# Usage, from the top of the repository: bench/gui-bench.sh [BUILD-DIR] [N]
set -e
build=${1:-build}
n=${2:-1000000}
capture=bench/out/gen-$n.pcap
if [ ! -s "$capture" ]; then
  mkdir -p bench/out
  python3 "${WL_SHARED:-../shared}/tools/gen-pcap.py" --packets "$n" --seed 1 -o "$capture"
fi
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- \
  env GSK_RENDERER=cairo NO_AT_BRIDGE=1 "$build/tests/gui-bench" "$capture" 2>&1 |
  grep -v -e dbus-daemon -e SpiRegistry -e add_field -e 'recently used' -e '^$'

# "| what | wall s (CPU s) |" for one tshark command
tshark_time() {
  what=$1
  shift
  /usr/bin/time -f '%e %U %S' -o bench/out/.tshark-time tshark -r "$capture" "$@" >/dev/null 2>&1 || true
  read -r wall user sys < bench/out/.tshark-time
  echo "| tshark $what | $wall s ($(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.1f", u + s }') s of CPU) |"
  rm -f bench/out/.tshark-time
}
if [ "${WL_BENCH_TSHARK:-1}" != 0 ] && command -v tshark >/dev/null && [ -x /usr/bin/time ]; then
  tshark_time "-Y '!tcp.port == 22' -w /dev/null" -Y '!tcp.port == 22' -w /dev/null
  if [ "${WL_BENCH_TSHARK_STATS:-0}" = 1 ]; then
    tshark_time "-q -z conv,eth/ip/ipv6/tcp/udp" -q -z conv,eth -z conv,ip -z conv,ipv6 -z conv,tcp -z conv,udp
    tshark_time "-q -z endpoints,eth/ip/ipv6/tcp/udp" -q -z endpoints,eth -z endpoints,ip -z endpoints,ipv6 \
      -z endpoints,tcp -z endpoints,udp
    tshark_time "-q -z io,phs" -q -z io,phs
    tshark_time "-q -z follow,tcp,ascii,0" -q -z follow,tcp,ascii,0
    tshark_time "-q -z expert" -q -z expert
  fi
fi
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
