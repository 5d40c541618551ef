#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""cvsw-shell from Python, for the dp selftests.

Every flow, miss policy, packet-out, counter and event of the dp tests goes
through the real shell (libcvsw and its flow syntax underneath): commands
in their documented words, replies read with --json. Run inside the
namespace of the device (ip netns exec ...).

    sh = Shell("eth0")
    sh.add("priority=100,udp,tp_dst=5001,actions=normal")
    sh.get("priority=100,udp,tp_dst=5001")["n_packets"]
    with Monitor("eth0") as mon:        # cvsw-shell --json monitor eth0
        ...
        mon.events("flow_removed", count=2, timeout=6)

Command line (for the shell tests):

    dpshell.py wait-monitor DEV FILE [SECONDS]
        send probe packet-ins (packet-out actions=controller) until the
        monitor writing FILE shows one: the monitor is then subscribed
    dpshell.py probe-hex      the probe frame, as the monitor prints it
"""
import json
import os
import queue
import subprocess
import sys
import threading
import time

REPO = os.environ.get("CVSW_REPO") or os.path.normpath(
    os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
SHELL = os.environ.get("CVSW_SHELL") or os.path.join(REPO, "cvsw-shell",
                                                     "cvsw-shell")
# An Ethernet frame nobody else sends (IEEE 802 local experimental
# ethertype 0x88b5) that a test sends to its monitor to know it listens.
PROBE = bytes.fromhex("02c5000000ff02c5000000fe88b5") + b"cvsw-monitor-probe"


class ShellError(Exception):
    """A command failed: the shell's message (the kernel's extack text for
    a refusal) without its "error: " prefix."""

    def __init__(self, words, msg):
        super().__init__("cvsw-shell %s: %s" % (" ".join(words), msg))
        self.msg = msg


def run(*words, as_json=False, stdin=None):
    """Run one shell command (or a script on @stdin with words -f -);
    returns its output, parsed when @as_json. Raises ShellError."""
    argv = [SHELL] + (["--json"] if as_json else []) + list(words)
    p = subprocess.run(argv, input=stdin, capture_output=True, text=True)
    if p.returncode != 0:
        msg = p.stderr.strip()
        if msg.startswith("error: "):
            msg = msg[len("error: "):]
        raise ShellError(words, msg or "exit status %d" % p.returncode)
    return json.loads(p.stdout) if as_json else p.stdout


def is_probe(data_hex):
    return data_hex == PROBE.hex()


class Shell:
    """One device's datapath through cvsw-shell."""

    def __init__(self, dev):
        self.dev = dev

    def add(self, flow):
        run("flow", "add", self.dev, flow)

    def add_all(self, flows):
        """Add several flows with one shell in script mode."""
        run("-f", "-", stdin="".join("flow add %s %s\n" % (self.dev, f)
                                     for f in flows))

    def mod(self, flow, strict=False):
        run("flow", "mod", self.dev, *(["--strict"] if strict else []), flow)

    def delete(self, match="", strict=False):
        run("flow", "del", self.dev, *(["--strict"] if strict else []),
            *([match] if match else []))

    def get(self, match):
        """The flow with exactly this match and priority (flow get)."""
        return run("flow", "get", self.dev, match, as_json=True)

    def flows(self, match=""):
        return run("flow", "dump", self.dev, *([match] if match else []),
                   as_json=True)

    def flush(self):
        run("flow", "flush", self.dev)

    def miss(self, policy):
        run("set", "device", self.dev, "miss", policy)

    def device(self):
        return run("show", "device", self.dev, as_json=True)

    def stats(self):
        return run("stats", self.dev, as_json=True)

    def packet_out(self, frame, actions, in_port=None):
        run("packet-out", self.dev,
            *(["in_port=%s" % in_port] if in_port is not None else []),
            "actions=" + actions, "data=" + frame.hex())

    def probe(self):
        """A packet-in event of the probe frame (reason action)."""
        self.packet_out(PROBE, "controller")


class Monitor:
    """cvsw-shell --json monitor DEV in the background; events are read
    by a thread as they come, with the time they arrived."""

    def __init__(self, dev):
        self.sh = Shell(dev)
        self.q = queue.Queue()
        self.p = subprocess.Popen([SHELL, "--json", "monitor", dev],
                                  stdout=subprocess.PIPE, text=True)
        self.t = threading.Thread(target=self._read, daemon=True)
        self.t.start()
        self._wait_ready()

    def _read(self):
        for line in self.p.stdout:
            self.q.put((time.time(), json.loads(line)))

    def _wait_ready(self, timeout=30):
        end = time.time() + timeout
        while time.time() < end:
            self.sh.probe()
            try:
                while True:
                    _, ev = self.q.get(timeout=1)
                    if ev["event"] == "packet_in" and is_probe(ev["data"]):
                        return
            except queue.Empty:
                pass
        raise RuntimeError("cvsw-shell monitor %s: no probe event within "
                           "%d s" % (self.sh.dev, timeout))

    def events(self, kind, count=None, timeout=5.0):
        """(arrival time, event) of @kind until @count of them or
        @timeout seconds; probes and other kinds are left out."""
        out = []
        end = time.time() + timeout
        while count is None or len(out) < count:
            left = end - time.time()
            if left <= 0:
                break
            try:
                t, ev = self.q.get(timeout=left)
            except queue.Empty:
                break
            if ev["event"] == kind and not (kind == "packet_in" and
                                            is_probe(ev["data"])):
                out.append((t, ev))
        return out

    def close(self):
        self.p.terminate()
        self.p.wait(10)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def wait_monitor(dev, path, timeout):
    """Probe until the monitor that writes @path shows a probe event."""
    sh = Shell(dev)
    end = time.time() + timeout
    while time.time() < end:
        sh.probe()
        for _ in range(10):
            time.sleep(0.1)
            try:
                lines = open(path).read().splitlines()
            except OSError:
                continue
            for ln in lines:
                try:
                    ev = json.loads(ln)
                except ValueError:
                    continue
                if ev.get("event") == "packet_in" and is_probe(ev["data"]):
                    return 0
    print("dpshell: the monitor writing %s showed no probe within %d s" %
          (path, timeout), file=sys.stderr)
    return 1


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "wait-monitor":
        sys.exit(wait_monitor(sys.argv[2], sys.argv[3],
                              float(sys.argv[4]) if len(sys.argv) > 4 else 30))
    if sys.argv[1:] == ["probe-hex"]:
        print(PROBE.hex())
        sys.exit(0)
    print(__doc__, file=sys.stderr)
    sys.exit(2)
