#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Faults with nothing lost, as wirelens-cli meets them.

  test-faults.py disk-full   saving (-w) onto a small tmpfs that fills up: the command fails with
                             a message saying the file was not changed, an earlier file at that
                             path is untouched, no temporary file is left. Needs root (it mounts
                             the tmpfs); skipped (77) otherwise. Also printing to /dev/full:
                             the error is said and the exit status is not 0.
  test-faults.py truncate    the capture is cut short by another program while wirelens-cli
                             reads it: no SIGBUS, a message naming the file, and every frame
                             before the cut printed (or, with -w -, written) whole and right.

Suite 'sanitize' (runs in the ASan + UBSan build too). WL_CLI: the wirelens-cli to run.
"""
import os
import shutil
import struct
import subprocess
import sys
import tempfile

CLI = os.environ.get("WL_CLI", "build/src/cli/wirelens-cli")
ENV = dict(os.environ, ASAN_OPTIONS="detect_leaks=0:exitcode=99",
           UBSAN_OPTIONS="halt_on_error=1:exitcode=98:print_stacktrace=1")
SKIP = 77


def frame(i, size):
    """An Ethernet/IPv4/UDP frame whose UDP source port and payload say which frame it is."""
    payload = struct.pack(">I", i) * ((size - 42) // 4)
    udp = struct.pack(">HHHH", 1024 + i % 60000, 9, 8 + len(payload), 0) + payload
    ip = struct.pack(">BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), i & 0xffff, 0, 64, 17, 0,
                     b"\x0a\0\0\x01", b"\x0a\0\0\x02") + udp
    return b"\x00\x11\x22\x33\x44\x55\x66\x77\x88\x99\xaa\xbb\x08\x00" + ip


def write_pcap(path, n, size):
    """Writes n frames; returns the byte offset at which each frame's record ends."""
    ends = []
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
        off = 24
        for i in range(1, n + 1):
            fr = frame(i, size)
            f.write(struct.pack("<IIII", 1700000000 + i // 1000, (i % 1000) * 1000, len(fr), len(fr)) + fr)
            off += 16 + len(fr)
            ends.append(off)
    return ends


def pcapng_packets(data):
    """The packet bytes of each Enhanced Packet Block of a little-endian pcapng file, in order,
    as far as whole blocks go."""
    packets, off = [], 0
    while off + 12 <= len(data):
        btype, blen = struct.unpack_from("<II", data, off)
        if blen < 12 or off + blen > len(data) or struct.unpack_from("<I", data, off + blen - 4)[0] != blen:
            break
        if btype == 6:
            caplen = struct.unpack_from("<I", data, off + 20)[0]
            packets.append(data[off + 28:off + 28 + caplen])
        off += blen
    return packets


def failed(r):
    err = r.stderr if isinstance(r.stderr, str) else r.stderr.decode("utf-8", "replace")
    return r.returncode < 0 or r.returncode in (98, 99) or "Sanitizer" in err or "runtime error:" in err


# ---- the disk fills while saving ----

def output_full():
    """The printed output goes to a full disk (/dev/full): said, and a failing exit status."""
    problems = []
    work = tempfile.mkdtemp(prefix="wl-outfull-")
    try:
        path = os.path.join(work, "small.pcap")
        write_pcap(path, 200, 300)
        if not os.path.exists("/dev/full"):
            return problems
        with open("/dev/full", "wb") as full:
            r = subprocess.run([CLI, "-r", path, "-V"], stdout=full, stderr=subprocess.PIPE, env=ENV, timeout=120)
        err = r.stderr.decode("utf-8", "replace")
        if failed(r) or r.returncode == 0 or "No space left on device" not in err:
            problems.append("output to a full disk: exit %d, message %r" % (r.returncode, err[-1000:]))
    finally:
        shutil.rmtree(work)
    return problems


def disk_full():
    problems = output_full()
    if os.geteuid() != 0:
        report(problems, "output to a full disk")
        print("SKIP: mounting a small tmpfs needs root")
        return 1 if problems else SKIP
    work = tempfile.mkdtemp(prefix="wl-diskfull-")
    mnt = os.path.join(work, "small")
    os.mkdir(mnt)
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mnt],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if r.returncode != 0:
        shutil.rmtree(work)
        report(problems, "output to a full disk")
        print("SKIP: cannot mount a tmpfs here: %s" % r.stdout.decode().strip())
        return 1 if problems else SKIP
    try:
        big = os.path.join(work, "big.pcap")
        write_pcap(big, 8000, 600)  # about 5 MB: five times the tmpfs
        original = b"an earlier capture, which a failed save must leave alone\n" * 1000
        for fmt in ("pcapng", "pcap"):
            for has_original in (False, True):
                out = os.path.join(mnt, "out." + fmt)
                if has_original:
                    with open(out, "wb") as f:
                        f.write(original)
                r = subprocess.run([CLI, "-r", big, "-w", out, "-F", fmt], stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, env=ENV, timeout=120)
                err = r.stderr.decode("utf-8", "replace")
                what = "-F %s, %s" % (fmt, "over an earlier file" if has_original else "new file")
                if failed(r):
                    problems.append("%s: crashed (exit %d)\n%s" % (what, r.returncode, err[-3000:]))
                    continue
                if r.returncode == 0:
                    problems.append("%s: exit 0 although the disk was full" % what)
                for needle in (out, "No space left on device", "was not changed"):
                    if needle not in err:
                        problems.append("%s: the message lacks %r:\n%s" % (what, needle, err))
                left = sorted(os.listdir(mnt))
                expected = ["out." + fmt] if has_original else []
                if left != expected:
                    problems.append("%s: the directory holds %s, expected %s (a temporary file left?)"
                                    % (what, left, expected))
                if has_original:
                    with open(out, "rb") as f:
                        if f.read() != original:
                            problems.append("%s: the earlier file was changed" % what)
                    os.unlink(out)
        # And the same command with room to write succeeds: the failure was the disk's.
        ok_out = os.path.join(work, "ok.pcapng")
        r = subprocess.run([CLI, "-r", big, "-w", ok_out], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           env=ENV, timeout=120)
        if r.returncode != 0 or not os.path.exists(ok_out):
            problems.append("saving with room to spare failed: %s" % r.stderr.decode()[-2000:])
        else:
            r = subprocess.run([CLI, "-r", ok_out, "-T", "fields", "-e", "frame.number"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV, timeout=120)
            if r.stdout.decode().split()[-1:] != ["8000"]:
                problems.append("the file saved with room to spare does not hold 8000 frames")
    finally:
        subprocess.run(["umount", mnt])
        shutil.rmtree(work)
    return report(problems, "disk full while saving")


# ---- the file is cut short under a reading CLI ----

def truncate():
    work = tempfile.mkdtemp(prefix="wl-truncate-")
    problems = []
    try:
        path = os.path.join(work, "shrinking.pcap")
        n, size = 60000, 200
        ends = write_pcap(path, n, size)
        page = os.sysconf("SC_PAGE_SIZE")
        # Cut at a page boundary in the middle: frames ending before it must all be shown.
        cut = (ends[n // 2] // page) * page
        whole = sum(1 for e in ends if e <= cut)
        for args in (["-T", "fields", "-e", "frame.number", "-e", "udp.srcport"],
                     ["-V", "-x"], ["-w", "-"], ["-Y", "udp", "-w", "-"]):
            write_pcap(path, n, size)
            p = subprocess.Popen([CLI, "-r", path] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV,
                                 bufsize=0)
            # The pipe fills and the CLI waits: it is in the middle of the file when it is cut.
            # (Read from the pipe itself: a buffered read may take more than it returns, and
            # communicate () below would not see the rest of what it took.)
            head = b""
            while len(head) < 256 * 1024:
                chunk = os.read(p.stdout.fileno(), 256 * 1024 - len(head))
                if not chunk:
                    break
                head += chunk
            os.truncate(path, cut)
            rest, err = p.communicate(timeout=300)
            err = err.decode("utf-8", "replace")
            what = " ".join(args[:2] if args[0] != "-Y" else args[:4])
            if p.returncode < 0 or p.returncode in (98, 99) or "Sanitizer" in err:
                problems.append("%s: exit %d (SIGBUS is %d)\n%s" % (what, p.returncode, -7, err[-3000:]))
                continue
            if path not in err or "cut short" not in err:
                problems.append("%s: no message naming the file and saying it was cut short:\n%s" % (what, err[-2000:]))
            if p.returncode == 0:
                problems.append("%s: exit 0 although frames were lost" % what)
            if "-w" in args:
                packets = pcapng_packets(head + rest)
                shown = len(packets)
                bad = [i for i, b in enumerate(packets, 1) if b != frame(i, size)]
                if bad:
                    problems.append("%s: packet %d written wrong" % (what, bad[0]))
            elif args[0] == "-T":
                out = (head + rest).decode("utf-8", "replace")
                rows = [l.split("\t") for l in out.splitlines()]
                shown = len(rows)
                # Each frame says which it is: its number and its UDP source port agree.
                bad = [r for i, r in enumerate(rows, 1) if r[:2] != [str(i), str(1024 + i % 60000)]]
                if bad:
                    problems.append("%s: frames printed wrong, first %s" % (what, bad[0]))
            else:
                out = (head + rest).decode("utf-8", "replace")
                shown = out.count("\nFrame ") + out.startswith("Frame ")
            if shown != whole:
                problems.append("%s: %d frames shown, %d lie whole before the cut at byte %d"
                                % (what, shown, whole, cut))
    finally:
        shutil.rmtree(work)
    return report(problems, "capture cut short while reading")


def report(problems, what):
    for p in problems:
        print("FAIL", p)
    print("%s: %d problems" % (what, len(problems)))
    return 1 if problems else 0


def main():
    if not os.path.exists(CLI):
        print("SKIP: %s not built" % CLI)
        return SKIP
    which = sys.argv[1] if len(sys.argv) > 1 else ""
    if which == "disk-full":
        return disk_full()
    if which == "truncate":
        return truncate()
    sys.exit("usage: test-faults.py disk-full|truncate")


if __name__ == "__main__":
    sys.exit(main())
