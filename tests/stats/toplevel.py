#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Prints the top-level tree items of each packet (one line per packet, filter names separated by
spaces) from `-T json` output on standard input: the keys of each packet's _source.layers.

Those items are what -z io,phs counts, so compare-stats.py compares them between tshark and
wirelens-cli to tell a hierarchy mismatch that comes from the dissectors' trees from one that
comes from the statistic. The order of the keys is the printed tree's (where tshark moves
"[Reassembled TCP Segments]" behind TCP), so only the multiset of names is meaningful."""
import json
import sys


def main():
    data = json.load(sys.stdin, object_pairs_hook=lambda pairs: pairs)
    for pkt in data:
        layers = dict(dict(pkt)["_source"])["layers"]
        # a "<field>_tree" key repeats its field's subtree in some printers
        print(" ".join(sorted(k for k, _ in layers if not k.endswith("_tree"))))


if __name__ == "__main__":
    main()
