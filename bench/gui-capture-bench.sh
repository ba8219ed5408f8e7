#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The window capturing on lo under load (issue 5), under Xvfb, as root: lo-flood sends RATE UDP
# packets/s (default 100,000) to 127.0.0.1 for SECONDS (default 10) while the window captures
# them; prints the counts and the main loop's longest stall.
# Usage, from the top of the repository: bench/gui-capture-bench.sh [BUILD-DIR [RATE [SECONDS [DISPLAY-FILTER]]]]
set -e
build=${1:-build}
shift || true
xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- \
  env GSK_RENDERER=cairo NO_AT_BRIDGE=1 "$build/bench/gui-capture-bench" "$@" 2>&1 |
  grep -v -e dbus-daemon -e SpiRegistry -e add_field -e 'coloring rule'
