#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Regenerates the golden -T ek outputs (issue 9) from tshark 4.0.17, for every capture of
# ../shared/corpus/captures:
#   TZ=UTC tshark -r CAP -T ek
# Writes tests/ek/golden/<capture>.ek.xz (the whole output, xz-compressed: about 0.5 MB for the
# corpus instead of 20 MB) and golden/TSHARK_VERSION (the first line of `tshark --version`).
# compare-ek.py reads them. TZ=UTC because tshark names each packet's index (packets-YYYY-MM-DD)
# in local time; the test runs wirelens-cli with TZ=UTC too.
# Needs tshark 4.0.17 exactly: other versions print other fields.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
shared=${WL_SHARED:-$here/../../../shared}
captures=$shared/corpus/captures
golden=$here/golden
tshark=${TSHARK:-tshark}

version=$("$tshark" --version 2>/dev/null | head -1)
case "$version" in
  "TShark (Wireshark) 4.0.17 "*|"TShark (Wireshark) 4.0.17") ;;
  *) echo "make-golden.sh: needs tshark 4.0.17, found: $version" >&2; exit 1 ;;
esac

mkdir -p "$golden"
rm -f "$golden"/*.ek.xz
echo "$version" > "$golden/TSHARK_VERSION"
for cap in "$captures"/*; do
  base=$(basename "$cap")
  # tshark's stderr (the "Running as root" notice) is not part of the output; a capture cut
  # short makes tshark exit non-zero after printing every whole packet, which is kept.
  TZ=UTC "$tshark" -r "$cap" -T ek 2>/dev/null | xz -9e -T1 > "$golden/$base.ek.xz" || true
done
echo "golden files written to $golden by: $version"
