#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The live-capture path without root or a network: wirelens-cli runs a stand-in for
wirelens-capture (this script, through WIRELENS_CAPTURE) that writes a pcapng stream of its
choosing, well-formed or not. Checks that packets flow to the output and to -w, that kernel
drops are reported, that the interface list is read, and that a damaged stream, a helper that
dies and a helper without permission all end with a message, a non-zero exit and no crash,
keeping what was received.

Environment: WL_CLI (wirelens-cli), WL_TEST_CAPTURES (unused)."""
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile

failures = []


def check(ok, what):
    print(("ok: " if ok else "FAIL: ") + what, flush=True)
    if not ok:
        failures.append(what)


# ---- the stand-in helper: writes pcapng blocks to stdout ----

def block(btype, body):
    body += b"\0" * (-len(body) % 4)
    n = 12 + len(body)
    return struct.pack("<II", btype, n) + body + struct.pack("<I", n)


def option(code, value):
    return struct.pack("<HH", code, len(value)) + value + b"\0" * (-len(value) % 4)


def shb():
    return block(0x0A0D0D0A, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1) + option(4, b"fake") + option(0, b""))


def idb(name):
    return block(1, struct.pack("<HHI", 1, 0, 262144) + option(2, name) + option(9, b"\x09") + option(0, b""))


def isb(recv, osdrop, delivered):
    # as wirelens-capture writes them: isb_ifdrop counts every drop, isb_osdrop the kernel's
    opts = option(4, struct.pack("<Q", recv)) + option(7, struct.pack("<Q", osdrop)) + \
        option(5, struct.pack("<Q", osdrop)) + option(8, struct.pack("<Q", delivered)) + option(0, b"")
    return block(5, struct.pack("<III", 0, 0, 0) + opts)


def udp_frame(i):
    payload = b"wirelens %04d" % i
    udp = struct.pack(">HHHH", 40000, 9999, 8 + len(payload), 0) + payload
    total = 20 + len(udp)
    ip = struct.pack(">BBHHHBBH4s4s", 0x45, 0, total, i, 0, 64, 17, 0, bytes([127, 0, 0, 1]), bytes([127, 0, 0, 1]))
    return b"\0" * 12 + b"\x08\x00" + ip + udp


def epb(i, data=None, caplen=None):
    data = udp_frame(i) if data is None else data
    ts = 1700000000 * 10**9 + i * 1000
    caplen = len(data) if caplen is None else caplen
    return block(6, struct.pack("<IIIII", 0, ts >> 32, ts & 0xffffffff, caplen, len(data)) + data)


def fake_helper(args):
    mode = os.environ.get("FAKE_MODE", "ok")
    out = sys.stdout.buffer
    if "-D" in args:
        out.write(b"wirelens-capture-interfaces 1\n")
        out.write(b"eth9\tup,running\tA card\\twith a tab\tinet:192.0.2.9/24\n")
        out.write(b"lo\tup,running,loopback\t\tinet:127.0.0.1/8,inet6:::1/128\n")
        return 0
    if mode == "perm":
        sys.stderr.write("wirelens-capture: You don't have permission to capture on \"lo\" (fake).\n"
                         "    sudo setcap cap_net_raw,cap_net_admin=eip /fake\n")
        return 3
    if mode == "garbage":
        out.write(os.urandom(4096))
        return 0
    out.write(shb() + idb(b"lo") + isb(0, 0, 0))
    if mode == "burst":
        # 100,000 packets as fast as a pipe takes them, then the statistics
        n = 100000
        chunk = []
        for i in range(n):
            chunk.append(epb(i, udp_frame(i % 50000)))
            if len(chunk) == 1000:
                out.write(b"".join(chunk))
                chunk = []
        out.write(isb(n, 0, n))
        out.flush()
        return 0
    n = 50
    for i in range(n if mode == "ok" else 5):
        out.write(epb(i))
    out.flush()
    if mode == "ok":
        out.write(isb(n + 3, 3, n))
        return 0
    if mode == "bad-length":
        out.write(struct.pack("<II", 6, 7) + b"\0" * 64)
    elif mode == "huge-length":
        out.write(struct.pack("<II", 6, 0x7ffffff0) + b"\0" * 64)
    elif mode == "caplen-past-block":
        out.write(epb(99, caplen=5000))
    elif mode == "bad-interface":
        b = bytearray(epb(99))
        b[8:12] = struct.pack("<I", 7)
        out.write(bytes(b))
    elif mode == "new-section":
        out.write(shb())
    elif mode == "killed":
        out.flush()
        os.kill(os.getpid(), 9)
    elif mode == "cut":
        out.write(epb(99)[:30])
        out.flush()
        return 1
    out.flush()
    # A broken helper might go on; a well-behaved reader stops it (SIGTERM).
    try:
        import time
        time.sleep(30)
    except KeyboardInterrupt:
        pass
    return 0


# ---- the checks ----

def run_cli(cli, mode, args, env_extra=None):
    env = dict(os.environ)
    env["WIRELENS_CAPTURE"] = os.path.abspath(__file__)
    env["FAKE_MODE"] = mode
    env.update(env_extra or {})
    return subprocess.run([cli] + args, capture_output=True, text=True, env=env, timeout=60)


def tshark_count(path):
    if not shutil.which("tshark"):
        return None
    r = subprocess.run(["tshark", "-r", path, "-T", "fields", "-e", "frame.number"], capture_output=True, text=True)
    return len(r.stdout.split()) if r.returncode == 0 else -1


def main():
    cli = os.environ.get("WL_CLI")
    if not cli:
        print("SKIP: WL_CLI is not set")
        return 77
    work = tempfile.mkdtemp(prefix="wl-capture-stream-")
    try:
        r = run_cli(cli, "ok", ["-D"])
        check(r.returncode == 0 and r.stdout == "1. eth9\n2. lo (Loopback)\n", "-D reads the helper's list: %r" % r.stdout)

        out = os.path.join(work, "ok.pcapng")
        r = run_cli(cli, "ok", ["-i", "lo"])
        lines = [l for l in r.stdout.splitlines() if "UDP" in l]
        check(r.returncode == 0, "a whole stream ends with exit 0 (%d: %s)" % (r.returncode, r.stderr.strip()))
        check(len(lines) == 50, "every packet is printed (%d)" % len(lines))
        check("Capturing on 'Loopback: lo'" in r.stderr, "'Capturing on' names the interface as tshark does")
        check("50 packets captured" in r.stderr, "the count on stderr")
        check("3 packets dropped from lo" in r.stderr, "kernel drops from the statistics blocks are reported")
        r = run_cli(cli, "ok", ["-i", "lo", "-w", out])
        n = tshark_count(out)
        check(r.returncode == 0 and r.stdout == "" and n in (None, 50), "-w has every packet (tshark reads %s)" % n)
        r = run_cli(cli, "ok", ["-i", "2", "-T", "fields", "-e", "frame.number", "-e", "udp.dstport"])
        check(r.stdout.splitlines()[:2] == ["1\t9999", "2\t9999"], "-i takes -D's numbers; -T fields works live")

        for mode, words in [("bad-length", "invalid length"), ("huge-length", "invalid length"),
                            ("caplen-past-block", "inconsistent"), ("bad-interface", "inconsistent"),
                            ("new-section", "new section"), ("garbage", "section header"),
                            ("killed", "killed"), ("cut", "status 1")]:
            out = os.path.join(work, mode + ".pcapng")
            r = run_cli(cli, mode, ["-i", "lo", "-w", out])
            crashed = r.returncode < 0
            check(not crashed and r.returncode != 0 and words in r.stderr,
                  "%s: exit %d, says %r" % (mode, r.returncode, r.stderr.strip().splitlines()[-2:]))
            if mode != "garbage":
                n = tshark_count(out)
                check(n in (None, 5), "%s: the 5 packets before are kept in -w (%s)" % (mode, n))

        # A burst of 100,000 packets: every one the helper wrote is in -w or counted as a drop.
        out = os.path.join(work, "burst.pcapng")
        r = run_cli(cli, "burst", ["-i", "lo", "-w", out])
        captured = re.search(r"(\d+) packets? captured", r.stderr)
        ring = re.search(r"(\d+) packets? dropped because", r.stderr)
        captured = int(captured.group(1)) if captured else -1
        ring = int(ring.group(1)) if ring else 0
        n = tshark_count(out)
        check(r.returncode == 0 and captured + ring == 100000,
              "burst: 100000 packets sent, %d captured + %d dropped by the ring" % (captured, ring))
        check(n in (None, captured), "burst: -w holds every captured packet (tshark reads %s)" % n)

        r = run_cli(cli, "perm", ["-i", "lo"])
        check(r.returncode != 0 and "permission" in r.stderr and "setcap" in r.stderr,
              "no permission: the helper's message is shown, exit %d" % r.returncode)
        leftovers = [d for d in os.listdir(tempfile.gettempdir()) if d.startswith("wirelens-") and
                     os.path.getmtime(os.path.join(tempfile.gettempdir(), d)) > os.path.getmtime(work)]
        check(not leftovers, "no temporary capture directory is left behind (%s)" % leftovers)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if failures:
        print("%d check(s) failed" % len(failures))
        return 1
    return 0


if __name__ == "__main__":
    if os.environ.get("FAKE_MODE"):
        sys.exit(fake_helper(sys.argv[1:]))
    sys.exit(main())
