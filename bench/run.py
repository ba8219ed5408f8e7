#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Wirelens against tshark (and a hand-written C floor) on the same generated capture, in one run.

  bench/run.py [--packets 1e6] [--build build] [--only NAME,...] [--repeat N] [--no-tshark]

Generates bench/out/gen-<N>.pcap with ../shared/tools/gen-pcap.py (deterministic, cached), then
runs each workload with each tool and prints a table: wall time, CPU time (user+system, all
threads), packets/s, peak resident memory and resident bytes per packet, and the ratio of
tshark's wall time to Wirelens' (higher is better for Wirelens) and of Wirelens to the floor.
Numbers are from this machine and this run only. With --repeat N every tool runs N times, the
tools taking turns, and each keeps its fastest run (on a machine whose speed comes and goes,
as this VM's does, a single run says more about the moment than about the program).
"""
import argparse
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SHARED = os.environ.get("WL_SHARED", os.path.join(ROOT, "..", "shared"))

FILTERS = ['!tcp.port == 22', 'http.request.method == "GET"',
           'ip.addr == 10.0.0.0/8 && tcp.flags.syn == 1', 'dns.qry.name contains "example"',
           'frame.len > 1000']


def workloads():
    # The first pass both ways: the same statistic, which needs every layer of every frame
    # (wirelens-cli -q alone dissects only what it prints, i.e. nothing beyond the index).
    w = [("open+first pass (-q -z io,phs)", ["-q", "-z", "io,phs"], ["-q", "-z", "io,phs"], False),
         ("open+index (-q; tshark: -q -z io,phs)", ["-q"], ["-q", "-z", "io,phs"], False),
         ("-q -z conv,tcp", ["-q", "-z", "conv,tcp"], ["-q", "-z", "conv,tcp"], False),
         ("-q -z conv,ip", ["-q", "-z", "conv,ip"], ["-q", "-z", "conv,ip"], False),
         ("-q -z endpoints,ip", ["-q", "-z", "endpoints,ip"], ["-q", "-z", "endpoints,ip"], False),
         ("-q -z follow,tcp,ascii,0", ["-q", "-z", "follow,tcp,ascii,0"], ["-q", "-z", "follow,tcp,ascii,0"], False),
         ("-T fields -e frame.number", ["-T", "fields", "-e", "frame.number"],
          ["-T", "fields", "-e", "frame.number"], False)]
    for f in FILTERS:
        w.append(("-Y '%s' -w /dev/null" % f, ["-Y", f, "-w", "/dev/null"], ["-Y", f, "-w", "/dev/null"],
                  f == FILTERS[0]))
    w += [("-T fields frame.number ip.src tcp.port", ["-T", "fields", "-e", "frame.number", "-e", "ip.src", "-e", "tcp.port"],
           ["-T", "fields", "-e", "frame.number", "-e", "ip.src", "-e", "tcp.port"], False),
          ("-V > /dev/null", ["-V"], ["-V"], False),
          ("-T ek > /dev/null", ["-T", "ek"], ["-T", "ek"], False)]
    return w


def measure(argv, out_path=None, workers=None):
    """Runs argv with stdout to out_path or /dev/null; returns (wall s, cpu s, peak RSS bytes, rc).
    With workers (a list), wirelens-cli is asked for the CPU time of each of its split workers
    (WIRELENS_WORKER_TIMES) and the list gets them."""
    env = dict(os.environ, WIRELENS_WORKER_TIMES="1") if workers is not None else None
    t0 = time.monotonic()
    with open(out_path or os.devnull, "wb") as out:
        p = subprocess.Popen(argv, stdout=out, stderr=subprocess.PIPE if env else subprocess.DEVNULL, env=env)
        err = p.stderr.read().decode(errors="replace") if env else ""
        _, status, ru = os.wait4(p.pid, 0)
    wall = time.monotonic() - t0
    for line in err.splitlines():
        m = re.match(r"wirelens: worker (\d+) of (\d+): (\d+) frames, ([0-9.]+) s CPU", line)
        if m and workers is not None:
            workers.append((int(m.group(3)), float(m.group(4))))
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss * 1024, os.waitstatus_to_exitcode(status)


def count_packets(path):
    n, off = 0, 24
    size = os.path.getsize(path)
    with open(path, "rb") as f:
        data = f.read()
    while off + 16 <= size:
        caplen = int.from_bytes(data[off + 8:off + 12], "little")
        off += 16 + caplen
        n += 1
    return n


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--packets", default="1e6")
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--only", default="", help="comma-separated substrings of workload names")
    ap.add_argument("--no-tshark", action="store_true")
    ap.add_argument("--repeat", type=int, default=1, help="runs of each tool, in turns; the fastest counts")
    args = ap.parse_args()

    n_req = int(float(args.packets))
    os.makedirs(os.path.join(HERE, "out"), exist_ok=True)
    cap = os.path.join(HERE, "out", "gen-%d.pcap" % n_req)
    if not os.path.exists(cap):
        print("generating %s ..." % cap, flush=True)
        subprocess.check_call([sys.executable, os.path.join(SHARED, "tools", "gen-pcap.py"),
                               "--packets", str(n_req), "-o", cap])
    n = count_packets(cap)
    size = os.path.getsize(cap)
    cli = os.path.join(args.build, "src", "cli", "wirelens-cli")
    floor = os.path.join(args.build, "bench", "bench-floor")
    print("capture: %s, %d packets, %.1f MB; %d cores; load average %.2f %.2f %.2f%s"
          % ((cap, n, size / 1e6, os.cpu_count()) + os.getloadavg()
             + ("; fastest of %d runs each" % args.repeat if args.repeat > 1 else "",)))
    hdr = "%-44s %-9s %8s %8s %11s %9s %8s %9s %8s" % ("workload", "tool", "wall s", "cpu s", "packets/s",
                                                     "peak MB", "B/pkt", "vs tshark", "vs floor")
    print(hdr)
    print("-" * len(hdr))
    only = [s for s in args.only.split(",") if s]
    for name, wl_args, ts_args, with_floor in workloads():
        if only and not any(s in name for s in only):
            continue
        rows = []
        # a statistic's output is small: both are kept and compared
        keep = "-q" in wl_args and "-z" in wl_args and wl_args == ts_args
        outs = [os.path.join(HERE, "out", "last-%s.txt" % tool) if keep else None for tool in ("wirelens", "tshark")]
        fastest = {}  # tool -> (measurement, worker times) of its fastest run
        for _ in range(max(1, args.repeat)):
            runs = [("wirelens", [cli, "-r", cap] + wl_args, outs[0])]
            if not args.no_tshark:
                runs.append(("tshark", ["tshark", "-r", cap] + ts_args, outs[1]))
            if with_floor and os.path.exists(floor):
                runs.append(("C floor", [floor, cap], None))
            for tool, argv, out in runs:
                workers = [] if tool == "wirelens" else None
                m = measure(argv, out, workers)
                if tool not in fastest or m[0] < fastest[tool][0][0]:
                    fastest[tool] = (m, workers or [])
        wl, workers = fastest["wirelens"]
        rows.append(("wirelens", wl))
        ts = fastest["tshark"][0] if "tshark" in fastest else None
        if ts:
            rows.append(("tshark", ts))
        same = ""
        if keep and ts:
            with open(outs[0], "rb") as a, open(outs[1], "rb") as b:
                same = "  (output as tshark's)" if a.read() == b.read() else "  (OUTPUT DIFFERS from tshark's)"
        fl = fastest["C floor"][0] if "C floor" in fastest else None
        if fl:
            rows.append(("C floor", fl))
        for tool, (wall, cpu, rss, rc) in rows:
            ratio = ""
            vs_floor = ""
            if tool == "wirelens":
                if ts:
                    ratio = "%.1fx" % (ts[0] / wall)
                if fl:
                    vs_floor = "%.2fx" % (wall / fl[0])
            print("%-44s %-9s %8.2f %8.2f %11.0f %9.1f %8.0f %9s %8s%s%s" % (
                name[:44], tool, wall, cpu, n / wall if wall else 0, rss / 1e6, rss / n, ratio, vs_floor,
                "" if rc == 0 else "  (exit %d)" % rc, same if tool == "wirelens" else ""), flush=True)
            if tool == "wirelens" and workers:
                # the split first pass, one worker per core (the rest of the CPU time is the
                # reading, index and writing around it)
                print("%-44s %-9s %s" % ("", "per core", ", ".join(
                    "%.2f s (%d frames)" % (c, f) for f, c in workers)), flush=True)
    # Other work on the machine slows both tools, but not alike (Wirelens uses every core)
    print("load average at the end: %.2f %.2f %.2f" % os.getloadavg())
    return 0


if __name__ == "__main__":
    sys.exit(main())
