#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Makes doc/screenshot.png: the Wirelens window on a capture (the bundled sample by default)
# with a packet selected, drawn by the application itself under a virtual X server.
# Usage, from the top of the repository: doc/make-screenshot.sh [BUILD-DIR] [CAPTURE] [PACKET]
set -e
build=${1:-build}
capture=${2:-$(ls data/samples/*.pcap* | head -n 1)}
packet=${3:-4}
out=${OUT:-doc/screenshot.png}
xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- \
  env GSETTINGS_BACKEND=memory GSK_RENDERER=cairo NO_AT_BRIDGE=1 \
  "$build/src/gui/wirelens" --goto="$packet" --screenshot="$out" "$capture" 2>&1 |
  grep -v -e dbus-daemon -e 'SpiRegistry' || true
test -s "$out" && echo "wrote $out"
