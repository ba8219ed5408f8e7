# SPDX-License-Identifier: GPL-2.0-or-later
"""What the live-capture tests on lo share: the check list, a free port, waiting for a server
to listen and for a program to say something on stderr."""
import os
import socket
import time

failures = []


def check(ok, what):
    print(("ok: " if ok else "FAIL: ") + what, flush=True)
    if not ok:
        failures.append(what)


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, timeout=10):
    end = time.time() + timeout
    while time.time() < end:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.05)
    return False


def wait_stderr(proc, needle, timeout=10):
    """Reads proc's stderr until it contains needle (or proc ends); returns what was read."""
    buf = b""
    end = time.time() + timeout
    os.set_blocking(proc.stderr.fileno(), False)
    while time.time() < end and needle.encode() not in buf:
        try:
            chunk = proc.stderr.read()
        except (BlockingIOError, TypeError):
            chunk = None
        if chunk:
            buf += chunk
        elif proc.poll() is not None:
            break
        else:
            time.sleep(0.02)
    os.set_blocking(proc.stderr.fileno(), True)
    return buf.decode(errors="replace")
