#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The GUI benchmark on a generated capture of N packets (default 1,000,000), under Xvfb.
# Usage, from the top of the repository: bench/gui-bench.sh [BUILD-DIR] [N]
set -e
build=${1:-build}
n=${2:-1000000}
capture=bench/out/gen-$n.pcap
if [ ! -s "$capture" ]; then
  mkdir -p bench/out
  python3 "${WL_SHARED:-../shared}/tools/gen-pcap.py" --packets "$n" --seed 1 -o "$capture"
fi
xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- \
  env GSK_RENDERER=cairo NO_AT_BRIDGE=1 "$build/tests/gui-bench" "$capture" 2>&1 |
  grep -v -e dbus-daemon -e SpiRegistry -e add_field
