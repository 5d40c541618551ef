#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Flow install without ovs-ofctl's round trip per flow: connects to a
switch at 127.0.0.1:PORT (or unix:PATH, as OVS's br0.mgmt), sends every FLOW_MOD of FILE (as ovs-ofctl
encoded them, recorded by nullsw.py) back to back, then one BARRIER, and
prints "pipeflows N errors E secs S rate R" once the barrier's reply is
in: what the switch itself can take, beside what ovs-ofctl shows. The
switch's answers (errors) are read while sending, so neither side blocks.

  pipeflows.py PORT|unix:PATH FILE
"""
import os
import selectors
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from ofraw import msg, split  # noqa: E402

OFPT_HELLO, OFPT_ERROR, OFPT_ECHO_REQUEST, OFPT_ECHO_REPLY = 0, 1, 2, 3
OFPT_BARRIER_REQUEST, OFPT_BARRIER_REPLY = 18, 19
BARRIER_XID = 0xBA55


def count_messages(data):
    """How many whole messages data holds, or -1 if it does not frame."""
    n = off = 0
    while off < len(data):
        ln = struct.unpack_from("!H", data, off + 2)[0] if off + 4 <= len(data) else 0
        if ln < 8 or off + ln > len(data):
            return -1
        off += ln
        n += 1
    return n


target, path = sys.argv[1], sys.argv[2]
data = open(path, "rb").read()
n_mods = count_messages(data)
if n_mods <= 0:
    sys.exit("pipeflows: %s holds no whole OpenFlow messages" % path)
out = data + msg(OFPT_BARRIER_REQUEST, xid=BARRIER_XID)

if target.startswith("unix:"):
    c = socket.socket(socket.AF_UNIX)
    c.connect(target[5:])
else:
    c = socket.create_connection(("127.0.0.1", int(target)))
c.sendall(msg(OFPT_HELLO, xid=1))
c.setblocking(False)
sel = selectors.DefaultSelector()
sel.register(c, selectors.EVENT_READ | selectors.EVENT_WRITE)
buf, errors, done, off = b"", 0, False, 0
t0 = time.time()
while not done:
    if time.time() - t0 > 1200:
        sys.exit("pipeflows: no barrier reply in 1200 s")
    for _, ev in sel.select(1.0):
        if ev & selectors.EVENT_WRITE and off < len(out):
            try:
                off += c.send(out[off:off + (1 << 20)])
            except BlockingIOError:
                pass
            if off == len(out):
                sel.modify(c, selectors.EVENT_READ)
        if ev & selectors.EVENT_READ:
            try:
                d = c.recv(1 << 20)
            except BlockingIOError:
                continue
            if not d:
                sys.exit("pipeflows: the switch closed the connection")
            msgs, buf = split(buf + d)
            for t, xid, m in msgs:
                errors += t == OFPT_ERROR
                # an echo is answered once the flows are out (not in the
                # middle of a message); while they go out the switch hears
                # from us all the time and has no reason to probe
                if t == OFPT_ECHO_REQUEST and off == len(out):
                    c.setblocking(True)
                    c.sendall(msg(OFPT_ECHO_REPLY, m[8:], xid))
                    c.setblocking(False)
                if t == OFPT_BARRIER_REPLY and xid == BARRIER_XID:
                    done = True
secs = time.time() - t0
print("pipeflows %d errors %d secs %.2f rate %d" % (n_mods, errors, secs, n_mods / secs),
      flush=True)
