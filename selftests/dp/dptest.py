# SPDX-License-Identifier: GPL-2.0
"""Helpers of the dp selftests written in Python (run with /usr/bin/python3
inside netns cvsw1, where NIC A and its datapath live): TAP-style checks,
UDP traffic and what netns cvsw2 received. The datapath itself is driven
through cvsw-shell (dpshell.py)."""
import os
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from dpshell import ShellError  # noqa: E402

NS2 = "cvsw2"
IP4_A = os.environ.get("IP4_A", "10.77.0.1")
IP4_B = os.environ.get("IP4_B", "10.77.0.2")
failures = 0


def ok(msg):
    print("# ok: " + msg, flush=True)


def ko(msg):
    global failures
    failures += 1
    print("# FAIL: " + msg, flush=True)


def check(cond, msg):
    (ok if cond else ko)(msg)
    return cond


def expect_error(fn, text_part, what):
    """@fn must fail with @text_part in the shell's message (for a kernel
    refusal: its extack text, which names the error)."""
    try:
        fn()
    except ShellError as e:
        return check(text_part in e.msg, "%s: refused with %r" % (what, e.msg))
    ko("%s: was accepted" % what)
    return False


def ns2_udp_rx():
    """UDP datagrams received by netns cvsw2 (delivered or no port)."""
    out = subprocess.run(["ip", "netns", "exec", NS2, "cat", "/proc/net/snmp"],
                         capture_output=True, text=True).stdout.splitlines()
    hdr, val = [l.split()[1:] for l in out if l.startswith("Udp:")][:2]
    d = dict(zip(hdr, map(int, val)))
    return d["InDatagrams"] + d["NoPorts"]


def send_udp(dport, n, sport=0, payload=b"x" * 18, dst=None):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    if sport:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind((IP4_A, sport))
    for _ in range(n):
        s.sendto(payload, (dst or IP4_B, dport))
        time.sleep(0.01)
    s.close()
    time.sleep(0.5)


def udp_match(dport=None, extra="", priority=None):
    """Flow text of a UDP match: [priority=P,]udp[,tp_dst=D][,EXTRA]."""
    return ",".join(x for x in ("priority=%d" % priority if priority is not None
                                else "", "udp",
                                "tp_dst=%d" % dport if dport is not None
                                else "", extra) if x)


def mac_of(ifname, ns=None):
    cmd = (["ip", "netns", "exec", ns] if ns else []) + \
        ["cat", "/sys/class/net/%s/address" % ifname]
    return subprocess.run(cmd, capture_output=True, text=True).stdout.strip()


def done():
    print("# %d failure(s)" % failures)
    sys.exit(1 if failures else 0)
