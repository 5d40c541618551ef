#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""The flow-install benchmark's ceiling: an OpenFlow 1.0 "switch" on
127.0.0.1:PORT that does nothing but answer what ovs-ofctl add-flows waits
for (HELLO, table stats, features, echo and a BARRIER after every flow).
ovs-ofctl's rate against it is the most any switch could show through
ovs-ofctl. Prints "nullsw flow_mods N" when the connection that sent them
closes; serves connections one after another until killed. With RECORD,
it also writes every FLOW_MOD it receives to that file, as sent: the
messages ovs-ofctl encoded, for pipeflows.py to replay.

  nullsw.py PORT [RECORD]
"""
import os
import socket
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from ofraw import msg, split  # noqa: E402

OFPT_HELLO, OFPT_ECHO_REQUEST, OFPT_FEATURES_REQUEST = 0, 2, 5
OFPT_FLOW_MOD, OFPT_STATS_REQUEST, OFPT_BARRIER_REQUEST = 14, 16, 18
OFPST_TABLE = 3


def answer(t, xid, m):
    if t == OFPT_ECHO_REQUEST:
        return msg(3, m[8:], xid)
    if t == OFPT_FEATURES_REQUEST:
        return msg(6, struct.pack("!QIB3xII", 1, 0, 1, 0, 0), xid)
    if t == OFPT_BARRIER_REQUEST:
        return msg(19, xid=xid)
    if t == OFPT_STATS_REQUEST and struct.unpack("!H", m[8:10])[0] == OFPST_TABLE:
        table = struct.pack("!B3x32sIIIQQ", 0, b"null", 0x3FFFFF, 1 << 20, 0, 0, 0)
        return msg(17, struct.pack("!HH", OFPST_TABLE, 0) + table, xid)
    return b""


def serve(c, rec):
    c.sendall(msg(OFPT_HELLO, xid=0))
    buf, mods = b"", 0
    while True:
        d = c.recv(1 << 20)
        if not d:
            break
        msgs, buf = split(buf + d)
        out = []
        for t, xid, m in msgs:
            if t == OFPT_FLOW_MOD:
                mods += 1
                if rec:
                    rec.write(m)
            out.append(answer(t, xid, m))
        if out:
            c.sendall(b"".join(out))
    if mods:
        print("nullsw flow_mods %d" % mods, flush=True)


ls = socket.socket()
ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ls.bind(("127.0.0.1", int(sys.argv[1])))
ls.listen(4)
record = open(sys.argv[2], "wb") if len(sys.argv) > 2 else None
while True:
    conn, _ = ls.accept()
    with conn:
        serve(conn, record)
    if record:
        record.flush()
