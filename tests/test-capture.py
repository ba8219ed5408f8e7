#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Live capture on lo, as root (skipped otherwise, exit 77).

1. A local HTTP server on a free port P answers 200 curl requests while
   `wirelens-cli -i lo -f "tcp port P" -w out.pcapng` and
   `tcpdump -i lo -w ref.pcap "tcp port P"` capture side by side: the same packet count,
   and tshark reads out.pcapng with that count.
2. Without capabilities (setpriv as nobody), capturing exits non-zero with the message that
   says how to grant them, and nothing crashes.
3. The helper killed mid-capture: the CLI says so, exits non-zero, and keeps (writes) what
   was received.

Only loopback traffic this test makes itself; nothing is sent anywhere else.
Environment: WL_CLI (wirelens-cli); wirelens-capture is found beside it, as in a build tree.
"""
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

from loopback_util import check, failures, free_port, wait_port, wait_stderr

N_REQUESTS = 200


def tshark_count(path):
    r = subprocess.run(["tshark", "-r", path, "-T", "fields", "-e", "frame.number"],
                       capture_output=True, text=True)
    if r.returncode != 0:
        return -1
    return len([l for l in r.stdout.splitlines() if l.strip()])


def captured_count(stderr_text):
    for line in stderr_text.splitlines():
        words = line.split()
        if len(words) >= 3 and words[1] in ("packet", "packets") and words[2] == "captured":
            return int(words[0])
    return -1


def test_http_against_tcpdump(cli, work):
    port = free_port()
    site = os.path.join(work, "site")
    os.mkdir(site)
    with open(os.path.join(site, "index.html"), "w") as f:
        f.write("<html><body>" + "wirelens " * 200 + "</body></html>\n")
    server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                               "--directory", site],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    out = os.path.join(work, "out.pcapng")
    ref = os.path.join(work, "ref.pcap")
    tcpdump = cap = None
    try:
        check(wait_port(port), "the HTTP server listens on 127.0.0.1:%d" % port)
        bpf = "tcp port %d" % port
        tcpdump = subprocess.Popen(["tcpdump", "-i", "lo", "-n", "-U", "-w", ref, bpf],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        wait_stderr(tcpdump, "listening on")
        cap = subprocess.Popen([cli, "-i", "lo", "-f", bpf, "-w", out],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        started = wait_stderr(cap, "Capturing on")
        check("Capturing on 'Loopback: lo'" in started, "wirelens-cli says it captures on lo")
        # The port test above made a connection: both capture from here on only.
        url = "http://127.0.0.1:%d/index.html" % port
        ok = 0
        for _ in range(N_REQUESTS):
            r = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", url],
                               capture_output=True, text=True)
            ok += r.stdout == "200"
        check(ok == N_REQUESTS, "%d of %d requests answered 200" % (ok, N_REQUESTS))
        # Let libpcap hand over its last blocks (tcpdump's timeout is 1 s), then stop both.
        time.sleep(2.5)
        cap.send_signal(signal.SIGINT)
        tcpdump.send_signal(signal.SIGINT)
        cap_err = cap.communicate(timeout=30)[1].decode(errors="replace")
        tcpdump.communicate(timeout=30)
        n_cli = captured_count(started + cap_err)
        n_ref = tshark_count(ref)
        n_out = tshark_count(out)
        print("tcpdump: %d packets, wirelens-cli: %d captured, tshark reads %d in out.pcapng"
              % (n_ref, n_cli, n_out), flush=True)
        check(cap.returncode == 0, "wirelens-cli exits 0 after SIGINT (got %s)" % cap.returncode)
        check(n_ref >= N_REQUESTS * 6, "tcpdump saw the traffic (%d packets)" % n_ref)
        check(n_cli == n_ref, "wirelens-cli captured as many packets as tcpdump (%d, %d)" % (n_cli, n_ref))
        check(n_out == n_ref, "tshark reads the same count in out.pcapng (%d, %d)" % (n_out, n_ref))
        # Same packets, not just as many: compare the TCP flags and lengths in order.
        fields = ["-T", "fields", "-e", "tcp.srcport", "-e", "tcp.flags", "-e", "frame.len"]
        a = subprocess.run(["tshark", "-r", ref] + fields, capture_output=True, text=True).stdout
        b = subprocess.run(["tshark", "-r", out] + fields, capture_output=True, text=True).stdout
        # Two packet sockets may see packets sent at the same instant from two CPUs in a
        # different order, so compare the packets as a multiset, not as a sequence.
        check(sorted(a.splitlines()) == sorted(b.splitlines()),
              "out.pcapng holds the packets tcpdump saw (%d lines each)" % len(a.splitlines()))
    finally:
        for p in (cap, tcpdump, server):
            if p and p.poll() is None:
                p.kill()
                p.wait()


def test_without_privileges(cli, work):
    if not shutil.which("setpriv"):
        print("skip: setpriv is missing (util-linux)")
        return
    # nobody must reach the programs: copy them into a directory it can enter.
    bindir = tempfile.mkdtemp(prefix="wl-nopriv-")
    os.chmod(bindir, 0o755)
    helper = os.path.join(os.path.dirname(cli), "..", "capture-helper", "wirelens-capture")
    for p in (cli, helper):
        shutil.copy(p, bindir)
    env = dict(os.environ)
    env.pop("WIRELENS_CAPTURE", None)
    r = subprocess.run(["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                        "--inh-caps=-all", os.path.join(bindir, "wirelens-cli"), "-i", "lo", "-c", "1"],
                       capture_output=True, text=True, timeout=30, cwd="/", env=env)
    shutil.rmtree(bindir)
    print(r.stderr.strip())
    check(r.returncode not in (0,) and r.returncode > 0, "without capabilities it exits non-zero (%d), no crash" % r.returncode)
    check("permission" in r.stderr and "setcap cap_net_raw,cap_net_admin=eip" in r.stderr,
          "the message says how to grant the capabilities")


def test_helper_killed(cli, work):
    port = free_port()
    out = os.path.join(work, "killed.pcapng")
    cap = subprocess.Popen([cli, "-i", "lo", "-f", "udp port %d" % port, "-w", out],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    started = wait_stderr(cap, "Capturing on")
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        for i in range(10):
            s.sendto(b"wirelens %d" % i, ("127.0.0.1", port))
    time.sleep(1.0)
    # The helper is the CLI's child: find it by its parent, not by name.
    children = subprocess.run(["ps", "-o", "pid=", "--ppid", str(cap.pid)], capture_output=True,
                              text=True).stdout.split()
    for pid in children:
        os.kill(int(pid), signal.SIGKILL)
    err = started + cap.communicate(timeout=30)[1].decode(errors="replace")
    print(err.strip())
    check(len(children) == 1, "the helper runs as the CLI's child")
    check(cap.returncode != 0 and "killed" in err, "the CLI reports the helper's death (exit %d)" % cap.returncode)
    check(tshark_count(out) >= 10, "what was received is kept in -w (%d packets)" % tshark_count(out))


def main():
    if os.geteuid() != 0:
        print("SKIP: live capture on lo needs root (run the capture suite as root, as CI does)")
        return 77
    missing = [p for p in ("tcpdump", "tshark", "curl") if not shutil.which(p)]
    if missing:
        print("SKIP: needs " + ", ".join(missing))
        return 77
    cli = os.environ.get("WL_CLI")
    if not cli or not os.access(cli, os.X_OK):
        print("SKIP: WL_CLI does not name wirelens-cli")
        return 77
    work = tempfile.mkdtemp(prefix="wl-capture-test-")
    try:
        test_http_against_tcpdump(cli, work)
        test_without_privileges(cli, work)
        test_helper_killed(cli, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if failures:
        print("%d check(s) failed" % len(failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
