#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Regenerates the golden outputs of the -z statistics (issue 8) from tshark 4.0.17, for every
# capture of ../shared/corpus/captures:
#   tshark -r CAP -q -z conv,tcp | conv,ip | endpoints,ip | io,phs | follow,tcp,ascii,0 | expert
# Writes tests/stats/golden/<stat>/<capture>.txt and golden/TSHARK_VERSION (the first line of
# `tshark --version`), and golden/toplevel/<capture>.txt (each packet's top-level tree items,
# from -T json through toplevel.py) with which compare-stats.py tells dissector differences. An output larger than 200 kB is not kept: its size and SHA-256 go to
# <capture>.sha256 instead, and compare-stats.py checks those.
# Needs tshark 4.0.17 exactly: other versions print other numbers and formats.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
shared=${WL_SHARED:-$here/../../../shared}
captures=$shared/corpus/captures
golden=$here/golden
tshark=${TSHARK:-tshark}

version=$("$tshark" --version | head -1)
case "$version" in
  "TShark (Wireshark) 4.0.17 "*|"TShark (Wireshark) 4.0.17") ;;
  *) echo "make-golden.sh: needs tshark 4.0.17, found: $version" >&2; exit 1 ;;
esac

# Name and -z argument of each statistic
stats="conv-tcp:conv,tcp conv-ip:conv,ip endpoints-ip:endpoints,ip io-phs:io,phs follow-tcp-ascii-0:follow,tcp,ascii,0
expert:expert"

mkdir -p "$golden"
echo "$version" > "$golden/TSHARK_VERSION"
for st in $stats; do
  name=${st%%:*}
  arg=${st#*:}
  mkdir -p "$golden/$name"
  rm -f "$golden/$name"/*.txt "$golden/$name"/*.sha256
  for cap in "$captures"/*; do
    base=$(basename "$cap")
    out=$golden/$name/$base.txt
    # tshark's stderr (the "Running as root" notice) is not part of the output
    "$tshark" -r "$cap" -q -z "$arg" > "$out" 2>/dev/null || true
    size=$(wc -c < "$out")
    if [ "$size" -gt 204800 ]; then
      sum=$(sha256sum "$out" | cut -d' ' -f1)
      echo "$size $sum" > "$golden/$name/$base.sha256"
      rm -f "$out"
    fi
  done
done
# For diagnosis only: each packet's top-level tree items (what io,phs counts), from -T json
mkdir -p "$golden/toplevel"
rm -f "$golden/toplevel"/*.txt
for cap in "$captures"/*; do
  base=$(basename "$cap")
  "$tshark" -r "$cap" -T json 2>/dev/null | python3 "$here/toplevel.py" > "$golden/toplevel/$base.txt" || true
done
echo "golden files written to $golden by: $version"
