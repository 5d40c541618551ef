#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""A raw OpenFlow 1.0 client for what no controller sends on purpose.

  ofraw.py errors HOST PORT
      one check per malformed or refused message: the agent answers with
      the specification's ERROR (type, code, the request's first 64 bytes)
      and the connection keeps working; prints "ok: ..." / "FAIL: ..."
  ofraw.py hello HOST PORT
      version negotiation: a newer HELLO without a bitmap, with a bitmap
      holding 1.0, and one without 1.0 (HELLO_FAILED, then closed)
  ofraw.py fuzz HOST PORT COUNT SEED
      COUNT random and mutated messages; afterwards an echo must still be
      answered on a new connection; prints what came back
  ofraw.py churn HOST PORT COUNT SEED
      COUNT controllers connecting and dropping in five ways (at once,
      after HELLO, mid-message, after FEATURES, reset); then an echo
"""
import random
import socket
import struct
import sys
import time

NX = 0x2320
OFPT = dict(HELLO=0, ERROR=1, ECHO_REQUEST=2, ECHO_REPLY=3, VENDOR=4,
            FEATURES_REQUEST=5, FEATURES_REPLY=6, GET_CONFIG_REQUEST=7,
            SET_CONFIG=9, PACKET_OUT=13, FLOW_MOD=14, PORT_MOD=15,
            STATS_REQUEST=16, STATS_REPLY=17, BARRIER_REQUEST=18,
            BARRIER_REPLY=19, QUEUE_GET_CONFIG_REQUEST=20)
RESULTS = []


def msg(t, body=b"", xid=1, version=1):
    return struct.pack("!BBHI", version, t, 8 + len(body), xid) + body


def split(buf):
    """The whole messages at the head of buf as (type, xid, message), and
    the rest; a length below the header's stops the split (unframeable)."""
    out = []
    while len(buf) >= 8:
        ln = struct.unpack("!H", buf[2:4])[0]
        if ln < 8 or len(buf) < ln:
            break
        m, buf = buf[:ln], buf[ln:]
        out.append((m[1], struct.unpack("!I", m[4:8])[0], m))
    return out, buf


def match_all():
    return struct.pack("!I", 0x3FFFFF) + bytes(36)


def flow_mod(command=0, flags=0, idle=0, hard=0, prio=0x8000, actions=b"",
             buffer_id=0xFFFFFFFF, match=None, out_port=0xFFFF):
    return (match or match_all()) + struct.pack(
        "!QHHHHIHH", 0, command, idle, hard, prio, buffer_id, out_port,
        flags) + actions


def output(port, max_len=0):
    return struct.pack("!HHHH", 0, 8, port, max_len)


class Conn:
    def __init__(self, host, port, hello=None):
        self.s = socket.create_connection((host, port), timeout=10)
        self.buf = b""
        self.s.sendall(hello if hello is not None else msg(OFPT["HELLO"]))
        self.peer_hello = self.recv_type(OFPT["HELLO"])

    def recv(self, timeout=5.0):
        """The next message (version, type, xid, body) or None."""
        end = time.time() + timeout
        while True:
            if len(self.buf) >= 8:
                ln = struct.unpack("!H", self.buf[2:4])[0]
                if len(self.buf) >= ln:
                    m, self.buf = self.buf[:ln], self.buf[ln:]
                    v, t, _, xid = struct.unpack("!BBHI", m[:8])
                    return v, t, xid, m[8:]
            left = end - time.time()
            if left <= 0:
                return None
            self.s.settimeout(left)
            try:
                d = self.s.recv(65536)
            except socket.timeout:
                return None
            except OSError:
                return None
            if not d:
                return None
            self.buf += d

    def recv_type(self, t, xid=None, timeout=5.0):
        end = time.time() + timeout
        while time.time() < end:
            m = self.recv(end - time.time())
            if m is None:
                return None
            if m[1] == t and (xid is None or m[2] == xid):
                return m
            if m[1] == OFPT["ECHO_REQUEST"]:
                self.s.sendall(msg(OFPT["ECHO_REPLY"], m[3], m[2]))
        return None

    def expect_reply(self, request, xid, t, timeout=5.0):
        self.s.sendall(request)
        return self.recv_type(t, xid, timeout)

    def echo_ok(self, xid=0xEC40):
        r = self.expect_reply(msg(OFPT["ECHO_REQUEST"], b"ping", xid), xid,
                              OFPT["ECHO_REPLY"])
        return r is not None and r[3] == b"ping"


def check(cond, what):
    RESULTS.append(bool(cond))
    print(("ok: " if cond else "FAIL: ") + what, flush=True)


def expect_error(c, name, request, etype, ecode):
    xid = struct.unpack("!I", request[4:8])[0]
    c.s.sendall(request)
    r = c.recv_type(OFPT["ERROR"], xid)
    if r is None:
        check(False, "%s: no ERROR came back" % name)
        return
    t, code = struct.unpack("!HH", r[3][:4])
    quote = r[3][4:]
    check(t == etype and code == ecode and quote == request[:64],
          "%s -> ERROR (%d, 0x%x)%s" % (name, t, code,
                                        "" if quote == request[:64] else
                                        " without the request's first bytes"))


def errors(host, port):
    c = Conn(host, port)
    check(c.peer_hello is not None and c.peer_hello[0] == 1,
          "the agent says HELLO with version 1.0")
    check(c.echo_ok(), "ECHO_REQUEST answered with the same data")
    x = 100
    cases = [
        ("unknown message type 30", msg(30, b"", x + 1), 1, 1),
        ("OpenFlow 1.3 message after 1.0 was agreed",
         msg(OFPT["ECHO_REQUEST"], b"", x + 2, version=4), 1, 0),
        ("FEATURES_REQUEST with a body",
         msg(OFPT["FEATURES_REQUEST"], b"\0" * 4, x + 3), 1, 6),
        ("SET_CONFIG of 10 bytes", msg(OFPT["SET_CONFIG"], b"\0\0", x + 4), 1, 6),
        ("FLOW_MOD command 9", msg(OFPT["FLOW_MOD"], flow_mod(command=9), x + 5),
         3, 4),
        ("FLOW_MOD shorter than 72 bytes",
         msg(OFPT["FLOW_MOD"], flow_mod()[:60], x + 6), 1, 6),
        ("VENDOR of an unknown vendor",
         msg(OFPT["VENDOR"], struct.pack("!I", 0x99), x + 7), 1, 3),
        ("Nicira subtype 99", msg(OFPT["VENDOR"], struct.pack("!II", NX, 99), x + 8),
         1, 4),
        ("STATS_REQUEST type 9", msg(OFPT["STATS_REQUEST"], struct.pack("!HH", 9, 0),
                                     x + 9), 1, 2),
        ("output to a port the switch lacks (77)",
         msg(OFPT["FLOW_MOD"], flow_mod(actions=output(77)), x + 10), 2, 4),
        ("action type 13", msg(OFPT["FLOW_MOD"], flow_mod(
            actions=struct.pack("!HHI", 13, 8, 0)), x + 11), 2, 0),
        ("action of length 12", msg(OFPT["FLOW_MOD"], flow_mod(
            actions=struct.pack("!HHHH", 0, 12, 2, 0) + b"\0" * 4), x + 12), 2, 1),
        ("set_vlan_vid 4096", msg(OFPT["FLOW_MOD"], flow_mod(
            actions=struct.pack("!HHHH", 1, 8, 4096, 0)), x + 13), 2, 5),
        ("enqueue to a queue (none configured)", msg(OFPT["FLOW_MOD"], flow_mod(
            actions=struct.pack("!HHH6sI", 11, 16, 2, b"", 1)), x + 14), 2, 8),
        ("emergency flow with a timeout", msg(OFPT["FLOW_MOD"], flow_mod(
            flags=4, idle=10), x + 15), 3, 3),
        ("emergency flow", msg(OFPT["FLOW_MOD"], flow_mod(flags=4), x + 16), 3, 0),
        ("PACKET_OUT of an unknown buffer", msg(OFPT["PACKET_OUT"], struct.pack(
            "!IHH", 12345, 0xFFFF, 8) + output(2), x + 17), 1, 8),
        ("PACKET_OUT without buffer or packet", msg(OFPT["PACKET_OUT"], struct.pack(
            "!IHH", 0xFFFFFFFF, 0xFFFF, 8) + output(2), x + 18), 1, 6),
        ("PORT_MOD of port 9", msg(OFPT["PORT_MOD"], struct.pack(
            "!H6sIII4x", 9, b"\0" * 6, 0, 0, 0), x + 19), 4, 0),
        ("QUEUE_GET_CONFIG of port 99", msg(OFPT["QUEUE_GET_CONFIG_REQUEST"],
                                            struct.pack("!HH", 99, 0), x + 20), 5, 0),
        ("queue stats of queue 7", msg(OFPT["STATS_REQUEST"], struct.pack(
            "!HHHHI", 5, 0, 1, 0, 7), x + 21), 5, 1),
        ("NXM with an unknown field", msg(OFPT["VENDOR"], struct.pack(
            "!IIQHHHHIHHH6x", NX, 13, 0, 0, 0, 0, 0x8000, 0xFFFFFFFF, 0xFFFF,
            0, 6) + bytes([0, 0, 0x7E, 2, 0, 1, 0, 0]), x + 22), 1, 0x101),
        ("NXM ip_src without eth_type", msg(OFPT["VENDOR"], struct.pack(
            "!IIQHHHHIHHH6x", NX, 13, 0, 0, 0, 0, 0x8000, 0xFFFFFFFF, 0xFFFF,
            0, 8) + bytes([0, 0, 0x0E, 4, 10, 0, 0, 1]), x + 23), 1, 0x104),
        ("flow in table 3 (one table here)", msg(OFPT["VENDOR"], struct.pack(
            "!IIB7x", NX, 15, 1), x + 24) + msg(OFPT["VENDOR"], struct.pack(
                "!IIQHHHHIHHH6x", NX, 13, 0, 0x0300, 0, 0, 0x8000, 0xFFFFFFFF,
                0xFFFF, 0, 0), x + 25), 1, 0x200),
    ]
    for name, req, t, code in cases:
        if name.startswith("flow in table 3"):
            # two messages: the table-id switch, then the flow-mod
            c.s.sendall(req[:24])
            req = req[24:]
        expect_error(c, name, req, t, code)
    # CHECK_OVERLAP: the same wildcard flow twice, same priority
    add = msg(OFPT["FLOW_MOD"], flow_mod(prio=7, flags=2, actions=output(2)), x + 40)
    c.s.sendall(add)
    r = c.expect_reply(msg(OFPT["BARRIER_REQUEST"], b"", x + 41), x + 41,
                       OFPT["BARRIER_REPLY"])
    check(r is not None, "a CHECK_OVERLAP flow is added, BARRIER answered")
    expect_error(c, "an overlapping flow with CHECK_OVERLAP",
                 msg(OFPT["FLOW_MOD"], flow_mod(prio=7, flags=2, actions=output(1)),
                     x + 42), 3, 1)
    c.s.sendall(msg(OFPT["FLOW_MOD"], flow_mod(command=4, prio=7), x + 43))
    check(c.echo_ok(), "the connection still works after every refusal")
    # a length below 8 cannot be framed: ERROR, then the agent closes
    bad = struct.pack("!BBHI", 1, 2, 4, x + 50)
    c.s.sendall(bad)
    r = c.recv_type(OFPT["ERROR"], x + 50)
    check(r is not None and struct.unpack("!HH", r[3][:4]) == (1, 6),
          "a header length of 4 -> ERROR (1, 0x6)")
    check(c.recv(2.0) is None, "... and the connection is closed")
    c2 = Conn(host, port)
    check(c2.echo_ok(), "a new connection works afterwards")
    return all(RESULTS)


def hello(host, port):
    c = Conn(host, port, msg(OFPT["HELLO"], b"", 1, version=4))
    check(c.peer_hello is not None and c.echo_ok(),
          "HELLO version 4 without a bitmap negotiates down to 1.0")
    bitmap = struct.pack("!HHI", 1, 8, (1 << 1) | (1 << 4))
    c = Conn(host, port, msg(OFPT["HELLO"], bitmap, 2, version=4))
    check(c.peer_hello is not None and c.echo_ok(),
          "HELLO with a bitmap of 1.0 and 1.3 negotiates 1.0")
    bitmap = struct.pack("!HHI", 1, 8, 1 << 4)
    c = Conn(host, port, msg(OFPT["HELLO"], bitmap, 3, version=4))
    r = c.recv_type(OFPT["ERROR"])
    ok = r is not None and struct.unpack("!HH", r[3][:4]) == (0, 0)
    check(ok, "HELLO offering only 1.3 -> HELLO_FAILED/INCOMPATIBLE (%s)" %
          (r[3][4:].decode(errors="replace") if r else "nothing"))
    check(c.recv(2.0) is None, "... and the connection is closed")
    return all(RESULTS)


def fuzz(host, port, count, seed):
    rnd = random.Random(seed)
    seeds = [msg(OFPT["FLOW_MOD"], flow_mod(actions=output(2))),
             msg(OFPT["PACKET_OUT"], struct.pack("!IHH", 0xFFFFFFFF, 1, 8) +
                 output(2) + bytes(60)),
             msg(OFPT["STATS_REQUEST"], struct.pack("!HH", 1, 0) + match_all() +
                 struct.pack("!BxH", 0xFF, 0xFFFF)),
             msg(OFPT["VENDOR"], struct.pack("!II", NX, 12) + struct.pack("!I", 2)),
             msg(OFPT["SET_CONFIG"], struct.pack("!HH", 0, 128)),
             msg(OFPT["PORT_MOD"], struct.pack("!H6sIII4x", 1, b"", 0, 0, 0))]
    c = Conn(host, port)
    replies = errs = reconnects = 0
    for i in range(count):
        if rnd.random() < 0.3:
            body = bytes(rnd.getrandbits(8) for _ in range(rnd.randrange(0, 120)))
            m = msg(rnd.randrange(0, 24), body, i)
        else:
            m = bytearray(rnd.choice(seeds))
            for _ in range(rnd.randrange(1, 6)):
                p = rnd.randrange(8, len(m)) if len(m) > 8 else 1
                m[p] = rnd.getrandbits(8)
            m[4:8] = struct.pack("!I", i)
            m = bytes(m)
        # keep the frame sane so the stream stays in sync; lengths are
        # fuzzed by the ones the header claims inside the bodies
        if rnd.random() < 0.02:
            # a header below 8: the agent must close and survive
            m = struct.pack("!BBHI", 1, 0, 4, i)
        try:
            c.s.sendall(m)
        except OSError:
            c = Conn(host, port)
            reconnects += 1
            continue
        if m[2:4] == b"\0\x04":
            c.recv(1.0)
            c = Conn(host, port)
            reconnects += 1
        while True:
            r = c.recv(0.0 if i % 50 else 0.5)
            if r is None:
                break
            replies += 1
            errs += r[1] == OFPT["ERROR"]
    c2 = Conn(host, port)
    alive = c2.echo_ok()
    # take the fuzz flows away again
    c2.s.sendall(msg(OFPT["FLOW_MOD"], flow_mod(command=3)))
    c2.expect_reply(msg(OFPT["BARRIER_REQUEST"], b"", 77), 77, OFPT["BARRIER_REPLY"])
    print("fuzz: %d messages, %d replies (%d errors), %d reconnects, agent %s" %
          (count, replies, errs, reconnects, "alive" if alive else "DEAD"))
    check(alive, "the agent answers an echo after %d fuzzed messages" % count)
    return all(RESULTS)


def churn(host, port, count, seed):
    """COUNT controllers that connect and go: at once, after a HELLO, in
    the middle of a message, after a FEATURES exchange, or with a reset
    (SO_LINGER 0). The agent must answer an echo afterwards."""
    rnd = random.Random(seed)
    kinds = [0] * 5
    for i in range(count):
        k = rnd.randrange(5)
        kinds[k] += 1
        try:
            s = socket.create_connection((host, port), timeout=10)
            if k == 1:
                s.sendall(msg(OFPT["HELLO"], xid=i))
            elif k == 2:
                m = msg(OFPT["FLOW_MOD"], flow_mod(actions=output(2)), i)
                s.sendall(msg(OFPT["HELLO"]) + m[:rnd.randrange(1, len(m))])
            elif k == 3:
                c = Conn.__new__(Conn)
                c.s, c.buf = s, b""
                s.sendall(msg(OFPT["HELLO"]) + msg(OFPT["FEATURES_REQUEST"], xid=i))
                c.recv_type(OFPT["FEATURES_REPLY"])
            elif k == 4:
                s.sendall(msg(OFPT["HELLO"]))
                s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                             struct.pack("ii", 1, 0))
            s.close()
        except OSError as e:
            check(False, "connection %d (kind %d): %s" % (i, k, e))
            return False
    alive = Conn(host, port).echo_ok()
    print("churn: %d connections (at once %d, after hello %d, mid-message "
          "%d, after features %d, reset %d), agent %s" %
          (count, *kinds, "alive" if alive else "DEAD"))
    check(alive, "the agent answers an echo after %d connections" % count)
    return all(RESULTS)


def main():
    cmd, host, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
    if cmd == "errors":
        ok = errors(host, port)
    elif cmd == "hello":
        ok = hello(host, port)
    elif cmd == "fuzz":
        ok = fuzz(host, port, int(sys.argv[4]), int(sys.argv[5]))
    elif cmd == "churn":
        ok = churn(host, port, int(sys.argv[4]), int(sys.argv[5]))
    else:
        sys.exit("unknown command " + cmd)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
