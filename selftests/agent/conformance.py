#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""A scripted OpenFlow 1.0 conformance client after the OFTest groups
(basic, message_types, openflow_protocol_messages, detailed_contr_sw_messages,
flow_matches, actions/pktact, counters, flow_stats, flow_expire,
port_stats): one named case per check, each printing "ok: GROUP.NAME" or
"FAIL: GROUP.NAME: why".

  conformance.py HOST PORT IF_A NS2 IF_B MAC_A MAC_B [CASE-PREFIX]

Runs in A's namespace: it is the controller of A's agent on HOST:PORT.
Frames enter A's port 2 from the wire: a helper in NS2 writes them on
IF_B (a packet socket). What A's datapath outputs to port 1 is read on
IF_A with a packet socket; what it sends to the controller arrives as
PACKET_IN. Every case starts from an empty table.
"""
import os
import select
import socket
import struct
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ofraw import Conn, msg, NX  # noqa: E402

T = dict(HELLO=0, ERROR=1, ECHO_REQUEST=2, ECHO_REPLY=3, VENDOR=4,
         FEATURES_REQUEST=5, FEATURES_REPLY=6, GET_CONFIG_REQUEST=7,
         GET_CONFIG_REPLY=8, SET_CONFIG=9, PACKET_IN=10, FLOW_REMOVED=11,
         PORT_STATUS=12, PACKET_OUT=13, FLOW_MOD=14, PORT_MOD=15,
         STATS_REQUEST=16, STATS_REPLY=17, BARRIER_REQUEST=18,
         BARRIER_REPLY=19, QUEUE_GET_CONFIG_REQUEST=20,
         QUEUE_GET_CONFIG_REPLY=21)
NONE, CONTROLLER, FLOOD, ALL, IN_PORT, TABLE, LOCAL = (
    0xFFFF, 0xFFFD, 0xFFFB, 0xFFFC, 0xFFF8, 0xFFF9, 0xFFFE)
NO_BUFFER = 0xFFFFFFFF
ADD, MODIFY, MODIFY_STRICT, DELETE, DELETE_STRICT = range(5)
SEND_FLOW_REM, CHECK_OVERLAP, EMERG = 1, 2, 4
IP_A, IP_B = "10.77.0.1", "10.77.0.2"

# ---------------------------------------------------------------- wire


def mac(s):
    return bytes(int(x, 16) for x in s.split(":"))


def ip4(s):
    return socket.inet_aton(s)


def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def frame(dst, src, tag, sport=40000, dport=40001, proto=17, tos=0,
          nsrc=IP_B, ndst=IP_A, vlan=None, size=80):
    """An Ethernet/IPv4/UDP (or TCP) frame carrying `tag`."""
    payload = tag.encode().ljust(max(size - 42, len(tag)), b".")
    if proto == 6:
        l4 = struct.pack("!HHIIBBHHH", sport, dport, 1, 0, 5 << 4, 0x02,
                         8192, 0, 0) + payload
    else:
        l4 = struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload
    iph = struct.pack("!BBHHHBBH4s4s", 0x45, tos, 20 + len(l4), 1, 0, 64,
                      proto, 0, ip4(nsrc), ip4(ndst))
    iph = iph[:10] + struct.pack("!H", csum(iph)) + iph[12:]
    eth = mac(dst) + mac(src)
    if vlan is not None:
        vid, pcp = vlan
        eth += struct.pack("!HH", 0x8100, pcp << 13 | vid)
    return eth + struct.pack("!H", 0x0800) + iph + l4


def parse(f):
    """The fields of a frame, or None."""
    if len(f) < 14:
        return None
    d = dict(dl_dst=f[0:6], dl_src=f[6:12])
    et, off = struct.unpack("!H", f[12:14])[0], 14
    if et == 0x8100 and len(f) >= 18:
        tci = struct.unpack("!H", f[14:16])[0]
        d["vid"], d["pcp"] = tci & 0xFFF, tci >> 13
        et, off = struct.unpack("!H", f[16:18])[0], 18
    d["dl_type"] = et
    if et == 0x0800 and len(f) >= off + 28:
        d["tos"], d["proto"] = f[off + 1], f[off + 9]
        d["nw_src"] = socket.inet_ntoa(f[off + 12:off + 16])
        d["nw_dst"] = socket.inet_ntoa(f[off + 16:off + 20])
        ihl = (f[off] & 15) * 4
        d["tp_src"], d["tp_dst"] = struct.unpack("!HH", f[off + ihl:off + ihl + 4])
    d["raw"] = f
    return d


class Wire:
    """Frames into A's port 2 (written on IF_B in NS2) and what A's
    datapath delivers to its port 1 (read on IF_A)."""

    INJ = ("import socket,sys\n"
           "s=socket.socket(socket.AF_PACKET,socket.SOCK_RAW)\n"
           "s.bind((sys.argv[1],0))\n"
           "for l in sys.stdin:\n"
           "    s.send(bytes.fromhex(l.strip()))\n")

    def __init__(self, if_a, ns2, if_b):
        self.inj = subprocess.Popen(
            ["ip", "netns", "exec", ns2, sys.executable, "-u", "-c", self.INJ, if_b],
            stdin=subprocess.PIPE, text=True)
        self.sn = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(3))
        self.sn.bind((if_a, 0))
        self.sn.setblocking(False)

    def send(self, f, count=1):
        for _ in range(count):
            self.inj.stdin.write(f.hex() + "\n")
        self.inj.stdin.flush()

    def drain(self):
        while True:
            try:
                self.sn.recv(65536)
            except BlockingIOError:
                return

    def received(self, tag, timeout=2.0):
        """Frames carrying `tag` delivered to A's port 1 within timeout."""
        got, end = [], time.time() + timeout
        while time.time() < end:
            r, _, _ = select.select([self.sn], [], [], 0.05)
            if not r:
                if got:
                    break
                continue
            while True:
                try:
                    data, addr = self.sn.recvfrom(65536)
                except BlockingIOError:
                    break
                if addr[2] == socket.PACKET_OUTGOING:
                    continue
                if tag.encode() in data:
                    got.append(parse(data))
        return got

    def close(self):
        self.inj.stdin.close()
        self.inj.wait()


# ---------------------------------------------------------------- OpenFlow

WC_ALL = 0x3FFFFF
FIELDS = [  # name, wildcard bit, pack
    ("in_port", 1 << 0), ("dl_vlan", 1 << 1), ("dl_src", 1 << 2),
    ("dl_dst", 1 << 3), ("dl_type", 1 << 4), ("nw_proto", 1 << 5),
    ("tp_src", 1 << 6), ("tp_dst", 1 << 7), ("dl_vlan_pcp", 1 << 20),
    ("nw_tos", 1 << 21)]


def match(**f):
    wc = WC_ALL
    for name, bit in FIELDS:
        if name in f:
            wc &= ~bit
    nw = {}
    for k in ("nw_src", "nw_dst"):
        if k in f:
            a, _, p = f[k].partition("/")
            nw[k] = (a, int(p or 32))
    if "nw_src" in nw:
        wc = (wc & ~(0x3F << 8)) | ((32 - nw["nw_src"][1]) << 8)
    if "nw_dst" in nw:
        wc = (wc & ~(0x3F << 14)) | ((32 - nw["nw_dst"][1]) << 14)
    return struct.pack(
        "!IH6s6sHBxHBBxx4s4sHH", wc, f.get("in_port", 0),
        mac(f["dl_src"]) if "dl_src" in f else bytes(6),
        mac(f["dl_dst"]) if "dl_dst" in f else bytes(6),
        f.get("dl_vlan", 0), f.get("dl_vlan_pcp", 0), f.get("dl_type", 0),
        f.get("nw_tos", 0), f.get("nw_proto", 0),
        ip4(nw["nw_src"][0]) if "nw_src" in nw else bytes(4),
        ip4(nw["nw_dst"][0]) if "nw_dst" in nw else bytes(4),
        f.get("tp_src", 0), f.get("tp_dst", 0))


def udp(**f):
    return match(dl_type=0x0800, nw_proto=17, **f)


def out(port, max_len=None):
    """OFPAT_OUTPUT; to CONTROLLER the whole packet unless max_len says."""
    if max_len is None:
        max_len = 0xFFFF if port == CONTROLLER else 0
    return struct.pack("!HHHH", 0, 8, port, max_len)


def act(t, arg=b""):
    """An action: type, length (padded to 8), argument, padding."""
    ln = (4 + len(arg) + 7) // 8 * 8
    return (struct.pack("!HH", t, ln) + arg).ljust(ln, b"\0")


A = dict(
    vid=lambda v: act(1, struct.pack("!H", v)),
    pcp=lambda p: act(2, bytes([p])),
    strip=lambda: act(3, bytes(4)),
    dl_src=lambda m: act(4, mac(m)),
    dl_dst=lambda m: act(5, mac(m)),
    nw_src=lambda a: act(6, ip4(a)),
    nw_dst=lambda a: act(7, ip4(a)),
    tos=lambda t: act(8, bytes([t])),
    tp_src=lambda p: act(9, struct.pack("!H", p)),
    tp_dst=lambda p: act(10, struct.pack("!H", p)),
)


class Switch:
    def __init__(self, host, port):
        self.c = Conn(host, port)
        self.xid = 1000
        self.q = []     # asynchronous messages (packet-in, flow-removed, errors)

    def send(self, t, body=b""):
        self.xid += 1
        self.c.s.sendall(msg(t, body, self.xid))
        return self.xid

    def pump(self, timeout):
        m = self.c.recv(timeout)
        if m is not None:
            if m[1] == T["ECHO_REQUEST"]:
                self.c.s.sendall(msg(T["ECHO_REPLY"], m[3], m[2]))
            else:
                self.q.append(m)
        return m

    def reply(self, xid, t, timeout=5.0):
        """The message of type t answering xid (errors for xid raise)."""
        end = time.time() + timeout
        while time.time() < end:
            for m in self.q:
                if m[2] == xid and m[1] in (t, T["ERROR"]):
                    self.q.remove(m)
                    if m[1] == T["ERROR"] and t != T["ERROR"]:
                        raise Fail("ERROR %d/0x%x" % struct.unpack("!HH", m[3][:4]))
                    return m
            self.pump(max(0.0, end - time.time()))
        raise Fail("no reply of type %d to xid %d" % (t, xid))

    def request(self, t, body, rt):
        return self.reply(self.send(t, body), rt)

    def barrier(self):
        self.request(T["BARRIER_REQUEST"], b"", T["BARRIER_REPLY"])

    def error_of(self, xid, timeout=3.0):
        xb = self.send(T["BARRIER_REQUEST"])
        end = time.time() + timeout
        err = None
        while time.time() < end:
            for m in list(self.q):
                if m[2] == xid and m[1] == T["ERROR"]:
                    err = struct.unpack("!HH", m[3][:4])
                    self.q.remove(m)
                if m[2] == xb and m[1] == T["BARRIER_REPLY"]:
                    self.q.remove(m)
                    return err
            self.pump(0.2)
        return err

    def flow_mod(self, m=None, actions=b"", command=ADD, prio=0x8000, flags=0,
                 idle=0, hard=0, cookie=0, out_port=NONE, buffer_id=NO_BUFFER):
        body = (m or match()) + struct.pack(
            "!QHHHHIHH", cookie, command, idle, hard, prio, buffer_id,
            out_port, flags) + actions
        return self.send(T["FLOW_MOD"], body)

    def add(self, *a, **kw):
        xid = self.flow_mod(*a, **kw)
        err = self.error_of(xid)
        if err:
            raise Fail("flow-mod refused: %d/0x%x" % err)

    def clear(self):
        self.flow_mod(command=DELETE)
        self.barrier()
        self.q = [m for m in self.q if m[1] not in (T["PACKET_IN"], T["FLOW_REMOVED"])]

    def stats(self, stype, body=b""):
        r = self.request(T["STATS_REQUEST"], struct.pack("!HH", stype, 0) + body,
                         T["STATS_REPLY"])
        return r[3][4:]

    def flows(self, m=None, out_port=NONE, table=0xFF):
        body = self.stats(1, (m or match()) + struct.pack("!BxH", table, out_port))
        res = []
        while body:
            ln = struct.unpack("!H", body[:2])[0]
            e = body[:ln]
            dsec, dnsec, prio, idle, hard = struct.unpack("!IIHHH", e[44:58])
            cookie, pk, by = struct.unpack("!QQQ", e[64:88])
            res.append(dict(prio=prio, idle=idle, hard=hard, cookie=cookie,
                            packets=pk, bytes=by, duration=dsec + dnsec / 1e9,
                            actions=e[88:], match=e[4:44]))
            body = body[ln:]
        return res

    def async_msgs(self, t, pred=lambda m: True, want=1, timeout=3.0):
        end = time.time() + timeout
        while time.time() < end:
            got = [m for m in self.q if m[1] == t and pred(m)]
            if len(got) >= want:
                return got
            self.pump(0.1)
        return [m for m in self.q if m[1] == t and pred(m)]

    def packet_ins(self, tag, want=1, timeout=3.0):
        ms = self.async_msgs(T["PACKET_IN"], lambda m: tag.encode() in m[3], want,
                             timeout)
        res = []
        for m in ms:
            buf, total, inp, reason = struct.unpack("!IHHB", m[3][:9])
            res.append(dict(buffer=buf, total=total, in_port=inp, reason=reason,
                            data=m[3][10:], pkt=parse(m[3][10:])))
        return res


class Fail(Exception):
    pass


def need(cond, why):
    if not cond:
        raise Fail(why)


# ---------------------------------------------------------------- cases

CASES = []


def case(name):
    def reg(fn):
        CASES.append((name, fn))
        return fn
    return reg


class Ctx:
    pass


X = Ctx()
N = [0]


def tag():
    N[0] += 1
    return "CVSWCONF%04d" % N[0]


def fr(t, dst=None, src=None, **kw):
    return frame(dst or X.mac_a, src or X.mac_b, t, **kw)


def delivered(t, f, count=1, timeout=2.0):
    X.wire.drain()
    X.wire.send(f, count)
    return X.wire.received(t, timeout)


# basic
@case("basic.Echo")
def _():
    r = X.sw.request(T["ECHO_REQUEST"], b"", T["ECHO_REPLY"])
    need(r[3] == b"", "echo reply carries data")


@case("basic.EchoWithData")
def _():
    r = X.sw.request(T["ECHO_REQUEST"], b"x" * 1000, T["ECHO_REPLY"])
    need(r[3] == b"x" * 1000, "echo data differs")


@case("basic.FeaturesRequest")
def _():
    r = X.sw.request(T["FEATURES_REQUEST"], b"", T["FEATURES_REPLY"])
    dpid, nbuf, ntab = struct.unpack("!QIB", r[3][:13])
    ports = [struct.unpack("!H", r[3][24 + 48 * i:26 + 48 * i])[0]
             for i in range((len(r[3]) - 24) // 48)]
    need(dpid == int(X.mac_a.replace(":", ""), 16), "dpid %x" % dpid)
    need(ntab == 1 and nbuf == 256, "tables %d buffers %d" % (ntab, nbuf))
    need(1 in ports and 2 in ports, "ports %s" % ports)


@case("basic.GetConfigRequest")
def _():
    r = X.sw.request(T["GET_CONFIG_REQUEST"], b"", T["GET_CONFIG_REPLY"])
    need(struct.unpack("!HH", r[3]) == (0, 128), "config %s" % (struct.unpack("!HH", r[3]),))


@case("basic.SetConfig")
def _():
    X.sw.send(T["SET_CONFIG"], struct.pack("!HH", 0, 200))
    r = X.sw.request(T["GET_CONFIG_REQUEST"], b"", T["GET_CONFIG_REPLY"])
    X.sw.send(T["SET_CONFIG"], struct.pack("!HH", 0, 128))
    need(struct.unpack("!HH", r[3])[1] == 200, "miss_send_len not kept")


@case("basic.PacketInNoMatch")
def _():
    t = tag()
    X.wire.send(fr(t, size=300))
    p = X.sw.packet_ins(t)
    need(p, "no packet-in")
    need(p[0]["reason"] == 0 and p[0]["in_port"] == 2, "reason/in_port %s" % p[0])
    need(p[0]["total"] == 300 and len(p[0]["data"]) == 128,
         "total_len %d, data %d (miss_send_len 128)" % (p[0]["total"], len(p[0]["data"])))


@case("basic.PacketInMissSendLen")
def _():
    X.sw.send(T["SET_CONFIG"], struct.pack("!HH", 0, 64))
    X.sw.barrier()      # the new length is in place before the frame comes
    t = tag()
    X.wire.send(fr(t, size=300))
    p = X.sw.packet_ins(t)
    X.sw.send(T["SET_CONFIG"], struct.pack("!HH", 0, 128))
    need(p and p[0]["total"] == 300 and len(p[0]["data"]) == 64,
         "packet-in %s" % ((p[0]["total"], len(p[0]["data"])) if p else None,))


@case("basic.PacketOutToPort1")
def _():
    t = tag()
    X.wire.drain()
    X.sw.send(T["PACKET_OUT"], struct.pack("!IHH", NO_BUFFER, NONE, 8) + out(1) + fr(t))
    need(X.wire.received(t), "the frame did not reach port 1")


@case("basic.PacketOutBuffered")
def _():
    t = tag()
    X.wire.send(fr(t))
    p = X.sw.packet_ins(t)
    need(p and p[0]["buffer"] != NO_BUFFER, "no buffered packet-in")
    X.wire.drain()
    X.sw.send(T["PACKET_OUT"], struct.pack("!IHH", p[0]["buffer"], 2, 8) + out(1))
    need(X.wire.received(t), "the buffered frame did not reach port 1")
    xid = X.sw.send(T["PACKET_OUT"], struct.pack("!IHH", p[0]["buffer"], 2, 8) + out(1))
    need(X.sw.error_of(xid) == (1, 7), "a used buffer is not BUFFER_EMPTY")


@case("basic.FlowModAddAndStats")
def _():
    X.sw.add(udp(tp_dst=5001), out(1), prio=10)
    f = X.sw.flows()
    need(len(f) == 1 and f[0]["prio"] == 10, "flows %s" % f)


@case("basic.DescStats")
def _():
    b = X.sw.stats(0)
    need(len(b) == 1056 and b"cvsw-ofagent" in b[512:768], "sw_desc")


@case("basic.TableStats")
def _():
    X.sw.add(udp(tp_dst=5002), out(1))
    b = X.sw.stats(3)
    active = struct.unpack("!I", b[44:48])[0]
    need(len(b) == 64 and active == 1, "active %d" % active)


@case("basic.PortStats")
def _():
    b = X.sw.stats(4, struct.pack("!H6x", NONE))
    ports = sorted(struct.unpack("!H", b[i:i + 2])[0] for i in range(0, len(b), 104))
    need(ports[:2] == [1, 2], "ports %s" % ports)


@case("basic.BarrierRequest")
def _():
    X.sw.barrier()


@case("basic.QueueGetConfig")
def _():
    r = X.sw.request(T["QUEUE_GET_CONFIG_REQUEST"], struct.pack("!HH", 1, 0),
                     T["QUEUE_GET_CONFIG_REPLY"])
    need(len(r[3]) == 8, "queues reported")


@case("basic.QueueStatsEmpty")
def _():
    need(X.sw.stats(5, struct.pack("!HxxI", ALL, 0xFFFFFFFF)) == b"", "queue stats")


# message_types / openflow_protocol_messages / detailed_contr_sw_messages
@case("message_types.ModifyNonStrict")
def _():
    X.sw.add(udp(tp_dst=5010), out(CONTROLLER), prio=10)
    X.sw.add(udp(tp_dst=5011), out(CONTROLLER), prio=20)
    X.sw.add(udp(), out(1), command=MODIFY)
    f = X.sw.flows()
    need(len(f) == 2 and all(x["actions"] == out(1) for x in f), "not both modified")


@case("message_types.ModifyStrict")
def _():
    X.sw.add(udp(tp_dst=5012), out(CONTROLLER), prio=10)
    X.sw.add(udp(tp_dst=5012), out(CONTROLLER), prio=20)
    X.sw.add(udp(tp_dst=5012), out(1), command=MODIFY_STRICT, prio=20)
    f = {x["prio"]: x["actions"] for x in X.sw.flows()}
    need(f.get(20) == out(1) and f.get(10) not in (None, out(1)),
         "strict modify: %s" % f)


@case("message_types.ModifyOfNothingAdds")
def _():
    X.sw.add(udp(tp_dst=5013), out(1), command=MODIFY)
    need(len(X.sw.flows()) == 1, "modify of nothing did not add")


@case("message_types.DeleteNonStrict")
def _():
    X.sw.add(udp(tp_dst=5014), out(1), prio=10)
    X.sw.add(udp(tp_dst=5015), out(1), prio=20)
    X.sw.add(match(dl_type=0x0806), out(1), prio=30)
    X.sw.add(udp(), command=DELETE)
    f = X.sw.flows()
    need(len(f) == 1 and f[0]["prio"] == 30, "left %s" % [x["prio"] for x in f])


@case("message_types.DeleteStrict")
def _():
    X.sw.add(udp(tp_dst=5016), out(1), prio=10)
    X.sw.add(udp(tp_dst=5016), out(1), prio=20)
    X.sw.add(udp(tp_dst=5016), command=DELETE_STRICT, prio=10)
    f = X.sw.flows()
    need(len(f) == 1 and f[0]["prio"] == 20, "left %s" % [x["prio"] for x in f])


@case("message_types.DeleteWithOutPort")
def _():
    X.sw.add(udp(tp_dst=5017), out(1), prio=10)
    X.sw.add(udp(tp_dst=5018), out(CONTROLLER), prio=10)
    X.sw.add(udp(), command=DELETE, out_port=1)
    f = X.sw.flows()
    need(len(f) == 1 and f[0]["actions"][4:6] == struct.pack("!H", CONTROLLER),
         "out_port filter")


@case("message_types.OverlapChecking")
def _():
    X.sw.add(udp(tp_dst=5019), out(1), prio=10, flags=CHECK_OVERLAP)
    xid = X.sw.flow_mod(udp(), out(1), prio=10, flags=CHECK_OVERLAP)
    need(X.sw.error_of(xid) == (3, 1), "no OVERLAP error")


@case("message_types.NoOverlapOtherPriority")
def _():
    X.sw.add(udp(tp_dst=5020), out(1), prio=10, flags=CHECK_OVERLAP)
    X.sw.add(udp(), out(1), prio=11, flags=CHECK_OVERLAP)


@case("message_types.IdenticalFlowReplaces")
def _():
    X.sw.add(udp(tp_dst=5021), out(CONTROLLER), prio=10, cookie=1)
    X.sw.add(udp(tp_dst=5021), out(1), prio=10, cookie=2)
    f = X.sw.flows()
    need(len(f) == 1 and f[0]["cookie"] == 2 and f[0]["actions"] == out(1), "%s" % f)


@case("message_types.FlowRemovedOnDelete")
def _():
    X.sw.add(udp(tp_dst=5022), out(1), flags=SEND_FLOW_REM, cookie=0x77)
    X.sw.add(udp(tp_dst=5022), command=DELETE_STRICT)
    m = X.sw.async_msgs(T["FLOW_REMOVED"], lambda m: m[3][40:48] == struct.pack("!Q", 0x77))
    need(m and m[0][3][50] == 2, "no FLOW_REMOVED reason DELETE")


@case("message_types.NoFlowRemovedWithoutFlag")
def _():
    X.sw.add(udp(tp_dst=5023), out(1), cookie=0x78)
    X.sw.add(udp(tp_dst=5023), command=DELETE_STRICT)
    m = X.sw.async_msgs(T["FLOW_REMOVED"], lambda m: m[3][40:48] == struct.pack("!Q", 0x78),
                        timeout=1.5)
    need(not m, "FLOW_REMOVED without SEND_FLOW_REM")


@case("message_types.CookieInStats")
def _():
    X.sw.add(udp(tp_dst=5024), out(1), cookie=0x1234567890)
    need(X.sw.flows()[0]["cookie"] == 0x1234567890, "cookie")


@case("message_types.EmergencyRefused")
def _():
    need(X.sw.error_of(X.sw.flow_mod(udp(), out(1), flags=EMERG, idle=5)) == (3, 3),
         "EMERG with timeout")


@case("message_types.BadCommand")
def _():
    need(X.sw.error_of(X.sw.flow_mod(udp(), command=7)) == (3, 4), "bad command")


@case("message_types.BadOutPort")
def _():
    need(X.sw.error_of(X.sw.flow_mod(udp(), out(99))) == (2, 4), "bad out port")


# openflow_protocol_messages: each message of the protocol and its exact
# answer, with the wire effect of the state it changes
def punted(t, f, timeout=0.7):
    """`f` reaches the controller, not port 1."""
    X.wire.drain()
    X.wire.send(f)
    pi = X.sw.packet_ins(t)
    return bool(pi) and not X.wire.received(t, timeout)


@case("openflow_protocol_messages.FeaturesRequest")
def _():
    r = X.sw.request(T["FEATURES_REQUEST"], b"", T["FEATURES_REPLY"])
    need(r[0] == 1 and (len(r[3]) - 24) % 48 == 0, "version %d, length %d" % (r[0], len(r[3])))
    caps, acts = struct.unpack("!II", r[3][16:24])
    need(caps & 0xC7 == 0xC7, "capabilities 0x%x (flow, table, port, queue stats, ARP)" % caps)
    need(acts & 0xFFF == 0x7FF, "actions 0x%x (all but ENQUEUE)" % acts)
    descs = [r[3][24 + 48 * i:72 + 48 * i] for i in range((len(r[3]) - 24) // 48)]
    ports = {struct.unpack("!H", d[:2])[0] for d in descs}
    names = [d[8:24].rstrip(b"\0") for d in descs]
    need(all(names) and len(set(names)) == len(names), "port names %s" % names)
    b = X.sw.stats(4, struct.pack("!H6x", NONE))
    stats = {struct.unpack("!H", b[i:i + 2])[0] for i in range(0, len(b), 104)}
    need(ports == stats, "features ports %s, port stats %s" % (sorted(ports), sorted(stats)))


@case("openflow_protocol_messages.ConfigurationRequest")
def _():
    X.sw.send(T["SET_CONFIG"], struct.pack("!HH", 0, 0xFFFF))
    r = X.sw.request(T["GET_CONFIG_REQUEST"], b"", T["GET_CONFIG_REPLY"])
    X.sw.send(T["SET_CONFIG"], struct.pack("!HH", 0, 128))
    need(len(r[3]) == 4, "GET_CONFIG_REPLY body %d bytes" % len(r[3]))
    need(struct.unpack("!HH", r[3]) == (0, 0xFFFF), "config %s" % (struct.unpack("!HH", r[3]),))


@case("openflow_protocol_messages.ModifyStateAdd")
def _():
    X.sw.add(udp(tp_dst=40001), out(1))
    f = X.sw.flows()
    need(len(f) == 1, "%d flows" % len(f))
    m = f[0]["match"]
    wc = struct.unpack("!I", m[:4])[0]
    need(not wc & (1 << 4 | 1 << 5 | 1 << 7), "wildcards 0x%x" % wc)
    need(struct.unpack("!H", m[22:24])[0] == 0x0800 and m[25] == 17 and
         struct.unpack("!H", m[38:40])[0] == 40001, "match read back %s" % m.hex())
    t = tag()
    need(delivered(t, fr(t)), "the added flow did not forward")


@case("openflow_protocol_messages.ModifyStateDelete")
def _():
    X.sw.add(udp(tp_dst=40001), out(1))
    t = tag()
    need(delivered(t, fr(t)), "the added flow did not forward")
    X.sw.add(udp(tp_dst=40001), command=DELETE)
    need(not X.sw.flows(), "the flow is still listed")
    t = tag()
    need(punted(t, fr(t)), "after the delete the frame did not go to the controller only")


@case("openflow_protocol_messages.ModifyStateModify")
def _():
    X.sw.add(udp(tp_dst=40001), out(CONTROLLER))
    t = tag()
    need(punted(t, fr(t)), "before the modify the frame did not go to the controller only")
    X.sw.add(udp(tp_dst=40001), out(1), command=MODIFY)
    t = tag()
    need(delivered(t, fr(t)), "after the modify the frame did not reach port 1")
    need(not X.sw.packet_ins(t, timeout=0.5), "after the modify it still reached the controller")


@case("openflow_protocol_messages.ReadState")
def _():
    # every controller max_len reads back as sent: 65535 (all), 0, 64
    want = {(10, 0x11, 100, 0, out(1)), (20, 0x22, 0, 200, out(CONTROLLER, 0xFFFF)),
            (30, 0x33, 300, 400, out(1) + out(CONTROLLER, 0)),
            (40, 0x44, 0, 0, out(CONTROLLER, 64))}
    for i, (prio, cookie, idle, hard, acts) in enumerate(sorted(want)):
        X.sw.add(udp(tp_dst=5060 + i), acts, prio=prio, cookie=cookie, idle=idle, hard=hard)
    got = {(x["prio"], x["cookie"], x["idle"], x["hard"], x["actions"]) for x in X.sw.flows()}
    need(got == want, "flow stats %s" % sorted(got))


@case("openflow_protocol_messages.PacketOut")
def _():
    t = tag()
    f = fr(t, size=100)
    X.wire.drain()
    X.sw.send(T["PACKET_OUT"], struct.pack("!IHH", NO_BUFFER, NONE, 8) + out(1) + f)
    got = X.wire.received(t)
    need(len(got) == 1, "%d copies reached port 1" % len(got))
    need(got[0]["raw"] == f, "the frame changed on its way: %s" % got[0]["raw"].hex())


@case("openflow_protocol_messages.PacketIn")
def _():
    t = tag()
    f = fr(t, size=80)
    X.wire.send(f)
    p = X.sw.packet_ins(t)
    need(len(p) == 1, "%d packet-ins" % len(p))
    need((p[0]["reason"], p[0]["in_port"], p[0]["total"]) == (0, 2, 80),
         "reason %d in_port %d total_len %d" % (p[0]["reason"], p[0]["in_port"], p[0]["total"]))
    need(p[0]["data"] == f, "packet-in data differs from the frame sent")


@case("openflow_protocol_messages.Hello")
def _():
    c = Conn(X.host, X.port)
    try:
        h = c.peer_hello
        need(h is not None and h[0] == 1 and h[1] == T["HELLO"], "switch HELLO %s" % (h,))
        c.s.sendall(msg(T["ECHO_REQUEST"], b"hi", 4242))
        r = c.recv_type(T["ECHO_REPLY"], 4242)
        need(r is not None and r[3] == b"hi", "no echo reply after HELLO")
    finally:
        c.s.close()


@case("openflow_protocol_messages.EchoWithoutBody")
def _():
    xid = X.sw.send(T["ECHO_REQUEST"])
    r = X.sw.reply(xid, T["ECHO_REPLY"])
    need(r[0] == 1 and r[2] == xid and r[3] == b"", "echo reply %s" % (r,))


@case("openflow_protocol_messages.BarrierRequestReply")
def _():
    X.sw.flow_mod(udp(tp_dst=40001), out(1))
    xid = X.sw.send(T["BARRIER_REQUEST"])
    r = X.sw.reply(xid, T["BARRIER_REPLY"])
    need(r[3] == b"", "barrier reply body %r" % r[3])
    t = tag()
    need(delivered(t, fr(t)), "the flow sent before the barrier did not forward after it")


# detailed_contr_sw_messages: the fine points of flow-mod and flow-removed
@case("detailed_contr_sw_messages.OverlapChecking")
def _():
    X.sw.add(udp(tp_dst=40001), out(1), prio=10, flags=CHECK_OVERLAP)
    xid = X.sw.flow_mod(udp(), out(CONTROLLER), prio=10, flags=CHECK_OVERLAP)
    need(X.sw.error_of(xid) == (3, 1), "no FLOW_MOD_FAILED/OVERLAP")
    need(len(X.sw.flows()) == 1, "the overlapping flow was added")
    t = tag()
    need(delivered(t, fr(t)), "the first flow no longer forwards")


@case("detailed_contr_sw_messages.NoOverlapChecking")
def _():
    X.sw.add(udp(tp_dst=40001), out(1), prio=10)
    X.sw.add(udp(), out(1), prio=10)
    need(len(X.sw.flows()) == 2, "overlapping flows without CHECK_OVERLAP: not both added")


@case("detailed_contr_sw_messages.IdenticalFlows")
def _():
    X.sw.add(udp(tp_dst=40001), out(1), prio=10, cookie=1)
    t = tag()
    delivered(t, fr(t), count=2)
    need(X.sw.flows()[0]["packets"] == 2, "the first flow did not count")
    X.sw.add(udp(tp_dst=40001), out(1), prio=10, cookie=2)
    f = X.sw.flows()
    need(len(f) == 1 and f[0]["cookie"] == 2, "flows %s" % [(x["prio"], x["cookie"]) for x in f])
    need(f[0]["packets"] == 0, "the replacing flow kept %d packets" % f[0]["packets"])


@case("detailed_contr_sw_messages.EmerFlowTimeout")
def _():
    xid = X.sw.flow_mod(udp(), out(1), flags=EMERG, hard=10)
    need(X.sw.error_of(xid) == (3, 3), "EMERG with a hard timeout: no BAD_EMERG_TIMEOUT")
    need(not X.sw.flows(), "a flow was added")


@case("detailed_contr_sw_messages.MissingModifyAdd")
def _():
    X.sw.add(udp(tp_dst=40001), out(1), command=MODIFY_STRICT, prio=10, cookie=0x55)
    f = X.sw.flows()
    need(len(f) == 1 and f[0]["prio"] == 10 and f[0]["cookie"] == 0x55, "flows %s" % f)
    t = tag()
    need(delivered(t, fr(t)), "the flow added by modify-strict does not forward")


@case("detailed_contr_sw_messages.ModifyAction")
def _():
    X.sw.add(udp(tp_dst=40001), out(CONTROLLER), cookie=0x66)
    t = tag()
    delivered(t, fr(t), timeout=0.5)
    X.sw.add(udp(), out(1), command=MODIFY)
    f = X.sw.flows()
    need(len(f) == 1 and f[0]["actions"] == out(1), "actions not changed")
    need(f[0]["packets"] == 1 and f[0]["cookie"] == 0x66,
         "modify lost counters or cookie: %d packets, cookie 0x%x" % (f[0]["packets"], f[0]["cookie"]))
    t = tag()
    need(delivered(t, fr(t)), "the modified flow does not forward")


@case("detailed_contr_sw_messages.StrictModifyAction")
def _():
    X.sw.add(udp(), out(CONTROLLER), prio=10)
    X.sw.add(udp(tp_dst=40001), out(CONTROLLER), prio=20)
    X.sw.add(udp(), out(1), command=MODIFY_STRICT, prio=10)
    t = tag()
    need(punted(t, fr(t)), "the higher flow (not selected) changed")
    t = tag()
    need(delivered(t, fr(t, dport=40007)), "the selected flow was not modified")


@case("detailed_contr_sw_messages.DeleteNonexistingFlow")
def _():
    X.sw.add(udp(tp_dst=40001), out(1), flags=SEND_FLOW_REM, cookie=0x44)
    xid = X.sw.flow_mod(udp(tp_dst=5070), command=DELETE)
    need(X.sw.error_of(xid) is None, "deleting nothing is an error")
    xid = X.sw.flow_mod(udp(tp_dst=40001), command=DELETE_STRICT, prio=7)
    need(X.sw.error_of(xid) is None, "strict-deleting nothing is an error")
    need(len(X.sw.flows()) == 1, "the flow was deleted")
    need(not X.sw.async_msgs(T["FLOW_REMOVED"],
                             lambda m: m[3][40:48] == struct.pack("!Q", 0x44), timeout=1.0),
         "a FLOW_REMOVED was sent")
    t = tag()
    need(delivered(t, fr(t)), "the flow no longer forwards")


@case("detailed_contr_sw_messages.SendFlowRem")
def _():
    X.sw.add(udp(tp_dst=5071), out(1), prio=0x1234, idle=60, flags=SEND_FLOW_REM,
             cookie=0xABCD)
    X.sw.add(udp(), command=DELETE)
    m = X.sw.async_msgs(T["FLOW_REMOVED"],
                        lambda m: m[3][40:48] == struct.pack("!Q", 0xABCD))
    need(len(m) == 1, "%d FLOW_REMOVED" % len(m))
    b = m[0][3]
    need(len(b) == 80, "FLOW_REMOVED body %d bytes" % len(b))
    prio, reason = struct.unpack("!HB", b[48:51])
    idle = struct.unpack("!H", b[60:62])[0]
    need((prio, reason, idle) == (0x1234, 2, 60),
         "priority 0x%x reason %d idle %d" % (prio, reason, idle))
    need(struct.unpack("!H", b[38:40])[0] == 5071 and b[25] == 17, "match %s" % b[:40].hex())


@case("detailed_contr_sw_messages.StrictVsNonstrict")
def _():
    X.sw.add(udp(tp_dst=40001), out(1), prio=10)
    X.sw.add(udp(tp_dst=40002), out(1), prio=10)
    X.sw.add(udp(), command=DELETE_STRICT, prio=10)
    need(len(X.sw.flows()) == 2, "strict delete of a wildcard removed specific flows")
    t = tag()
    need(delivered(t, fr(t)), "a flow stopped forwarding")
    X.sw.add(udp(), command=DELETE)
    need(not X.sw.flows(), "non-strict delete left flows")
    t = tag()
    need(punted(t, fr(t)), "a deleted flow still forwards")


@case("detailed_contr_sw_messages.Outport1")
def _():
    X.sw.add(udp(tp_dst=40001), out(1))
    X.sw.add(udp(), command=DELETE, out_port=2)
    t = tag()
    need(len(X.sw.flows()) == 1 and delivered(t, fr(t)),
         "a delete with out_port 2 removed a flow to port 1")
    X.sw.add(udp(), command=DELETE, out_port=1)
    t = tag()
    need(not X.sw.flows() and punted(t, fr(t)),
         "a delete with out_port 1 left the flow to port 1")


@case("detailed_contr_sw_messages.Outport2")
def _():
    X.sw.add(udp(tp_dst=40001), out(1), out_port=2)
    t = tag()
    need(delivered(t, fr(t)), "an add with out_port 2 was not taken as is")
    X.sw.add(udp(tp_dst=40001), out(CONTROLLER), command=MODIFY, out_port=2)
    t = tag()
    need(punted(t, fr(t)), "a modify with out_port 2 did not change the flow to port 1")


# flow_matches: a matching frame reaches port 1, a non-matching one the
# controller (a non-matching destination MAC is broadcast: the virtio NIC
# filters other unicast addresses before the datapath sees them)
def match_case(m, hit, miss_frame, prio=0x8000):
    X.sw.add(m, out(1), prio=prio)
    t1, t2 = tag(), tag()
    need(delivered(t1, hit(t1)), "a matching frame was not forwarded")
    need(not delivered(t2, miss_frame(t2), timeout=0.7), "a non-matching frame was forwarded")
    need(X.sw.packet_ins(t2), "the non-matching frame did not reach the controller")


for _name, _m, _hit, _miss in [
    ("AllWildcard", lambda: match(), {}, None),
    ("InPort", lambda: match(in_port=2), {}, None),
    ("EthSrc", lambda: match(dl_src=X.mac_b), {}, dict(src="02:00:00:00:00:99")),
    ("EthDst", lambda: match(dl_dst=X.mac_a), {}, dict(dst="ff:ff:ff:ff:ff:ff")),
    ("EthType", lambda: match(dl_type=0x0800), {}, None),
    ("IpSrcExact", lambda: match(dl_type=0x0800, nw_src=IP_B), {}, dict(nsrc="10.77.0.3")),
    ("IpSrcPrefix", lambda: match(dl_type=0x0800, nw_src="10.77.0.0/24"), {},
     dict(nsrc="10.78.0.2")),
    ("IpDstPrefix", lambda: match(dl_type=0x0800, nw_dst="10.77.0.0/16"), {},
     dict(ndst="10.79.0.1")),
    ("IpProto", lambda: match(dl_type=0x0800, nw_proto=17), {}, dict(proto=6)),
    ("IpTos", lambda: match(dl_type=0x0800, nw_tos=0x20), dict(tos=0x20), dict(tos=0x40)),
    ("UdpSrc", lambda: udp(tp_src=40000), {}, dict(sport=40002)),
    ("UdpDst", lambda: udp(tp_dst=40001), {}, dict(dport=40003)),
    ("TcpDst", lambda: match(dl_type=0x0800, nw_proto=6, tp_dst=40001), dict(proto=6),
     dict(proto=6, dport=40004)),
    ("ExactAllFields", lambda: match(in_port=2, dl_src=X.mac_b, dl_dst=X.mac_a,
                                     dl_vlan=0xFFFF, dl_vlan_pcp=0, dl_type=0x0800,
                                     nw_tos=0, nw_proto=17, nw_src=IP_B, nw_dst=IP_A,
                                     tp_src=40000, tp_dst=40001), {}, dict(dport=40005)),
    ("Untagged", lambda: match(dl_vlan=0xFFFF), {}, dict(vlan=(5, 0))),
    ("VlanId", lambda: match(dl_vlan=5), dict(vlan=(5, 0)), dict(vlan=(6, 0))),
    ("VlanPcp", lambda: match(dl_vlan=5, dl_vlan_pcp=3), dict(vlan=(5, 3)), dict(vlan=(5, 2))),
]:
    def _mk(m=_m, hit=_hit, miss=_miss):
        def run():
            if miss is None:
                # every frame matches: only the hit is checked
                X.sw.add(m(), out(1))
                t = tag()
                need(delivered(t, fr(t, **hit)), "a matching frame was not forwarded")
                return
            match_case(m(), lambda t: fr(t, **hit), lambda t: fr(t, **miss))
        return run
    case("flow_matches." + _name)(_mk())


@case("flow_matches.PriorityOrder")
def _():
    X.sw.add(udp(), out(CONTROLLER), prio=10)
    X.sw.add(udp(tp_dst=40001), out(1), prio=20)
    t = tag()
    need(delivered(t, fr(t)), "the higher priority flow did not win")


@case("flow_matches.ExactOverWildcard")
def _():
    X.sw.add(udp(), out(CONTROLLER), prio=0xFFFF)
    X.sw.add(match(in_port=2, dl_src=X.mac_b, dl_dst=X.mac_a, dl_vlan=0xFFFF,
                   dl_vlan_pcp=0, dl_type=0x0800, nw_tos=0, nw_proto=17, nw_src=IP_B,
                   nw_dst=IP_A, tp_src=40000, tp_dst=40001), out(1), prio=1)
    t = tag()
    need(delivered(t, fr(t)), "the exact-match flow did not outrank the wildcard")


@case("flow_matches.MissGoesToController")
def _():
    X.sw.add(udp(tp_dst=1), out(1))
    t = tag()
    X.wire.send(fr(t))
    need(X.sw.packet_ins(t), "a miss did not reach the controller")


def icmp_frame(t, itype, code):
    """An ICMP message of type/code carrying `t`, from B to A."""
    l4 = struct.pack("!BBHHH", itype, code, 0, 0x1234, 1) + t.encode().ljust(38, b".")
    l4 = l4[:2] + struct.pack("!H", csum(l4)) + l4[4:]
    iph = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(l4), 1, 0, 64, 1, 0,
                      ip4(IP_B), ip4(IP_A))
    iph = iph[:10] + struct.pack("!H", csum(iph)) + iph[12:]
    return mac(X.mac_a) + mac(X.mac_b) + struct.pack("!H", 0x0800) + iph + l4


def arp_frame(t, op=1, spa=IP_B, tpa=IP_A):
    """An ARP request (or reply) from B to A, `t` in its trailer."""
    tha = mac(X.mac_a) if op == 2 else bytes(6)
    return (mac(X.mac_a) + mac(X.mac_b) + struct.pack(
        "!HHHBBH6s4s6s4s", 0x0806, 1, 0x0800, 6, 4, op, mac(X.mac_b), ip4(spa), tha,
        ip4(tpa)) + t.encode())


for _name, _m, _hit, _miss in [
    ("TcpSrcPort", lambda: match(dl_type=0x0800, nw_proto=6, tp_src=40000),
     lambda t: fr(t, proto=6), lambda t: fr(t, proto=6, sport=40006)),
    ("IcmpType", lambda: match(dl_type=0x0800, nw_proto=1, tp_src=0),
     lambda t: icmp_frame(t, 0, 0), lambda t: icmp_frame(t, 8, 0)),
    ("IcmpCode", lambda: match(dl_type=0x0800, nw_proto=1, tp_dst=3),
     lambda t: icmp_frame(t, 3, 3), lambda t: icmp_frame(t, 3, 1)),
    ("ArpSenderIP", lambda: match(dl_type=0x0806, nw_src=IP_B),
     lambda t: arp_frame(t), lambda t: arp_frame(t, spa="10.77.0.5")),
    ("ArpTargetIP", lambda: match(dl_type=0x0806, nw_dst=IP_A),
     lambda t: arp_frame(t), lambda t: arp_frame(t, tpa="10.77.0.6")),
    ("ArpOpcode", lambda: match(dl_type=0x0806, nw_proto=2),
     lambda t: arp_frame(t, op=2), lambda t: arp_frame(t, op=1)),
    ("MultipleHeaderFieldL2", lambda: match(dl_src=X.mac_b, dl_dst=X.mac_a, dl_type=0x0800),
     lambda t: fr(t), lambda t: fr(t, src="02:00:00:00:00:98")),
    ("MultipleHeaderFieldL3", lambda: match(dl_type=0x0800, nw_src=IP_B, nw_dst=IP_A,
                                            nw_proto=17, nw_tos=0x20),
     lambda t: fr(t, tos=0x20), lambda t: fr(t, tos=0x20, ndst="10.77.0.9")),
    ("MultipleHeaderFieldL4", lambda: udp(tp_src=40000, tp_dst=40001),
     lambda t: fr(t), lambda t: fr(t, dport=40008)),
]:
    def _mk3(m=_m, hit=_hit, miss=_miss):
        return lambda: match_case(m(), hit, miss)
    case("flow_matches." + _name)(_mk3())


# actions/pktact: what the controller or port 1 receives after the action
def action_case(actions, check, f=None):
    X.sw.add(udp(), actions + out(CONTROLLER))
    t = tag()
    X.wire.send((f or fr)(t))
    p = X.sw.packet_ins(t)
    need(p and p[0]["reason"] == 1, "no packet-in from the action")
    need(check(p[0]["pkt"]), "rewritten frame: %s" %
         {k: v for k, v in p[0]["pkt"].items() if k != "raw"})


for _name, _acts, _check, _frame in [
    ("SetDlSrc", lambda: A["dl_src"]("02:00:00:00:00:11"),
     lambda p: p["dl_src"] == mac("02:00:00:00:00:11"), None),
    ("SetDlDst", lambda: A["dl_dst"]("02:00:00:00:00:12"),
     lambda p: p["dl_dst"] == mac("02:00:00:00:00:12"), None),
    ("SetNwSrc", lambda: A["nw_src"]("10.1.2.3"), lambda p: p["nw_src"] == "10.1.2.3", None),
    ("SetNwDst", lambda: A["nw_dst"]("10.1.2.4"), lambda p: p["nw_dst"] == "10.1.2.4", None),
    ("SetNwTos", lambda: A["tos"](0x28), lambda p: p["tos"] == 0x28, None),
    ("SetTpSrc", lambda: A["tp_src"](1111), lambda p: p["tp_src"] == 1111, None),
    ("SetTpDst", lambda: A["tp_dst"](2222), lambda p: p["tp_dst"] == 2222, None),
    ("SetVlanVid", lambda: A["vid"](7), lambda p: p.get("vid") == 7, None),
    ("SetVlanPcp", lambda: A["pcp"](5), lambda p: p.get("pcp") == 5,
     lambda t: fr(t, vlan=(9, 0))),
    ("StripVlan", lambda: A["strip"](), lambda p: "vid" not in p,
     lambda t: fr(t, vlan=(9, 1))),
    ("ModifyL2L3L4", lambda: A["dl_dst"]("02:00:00:00:00:13") + A["nw_dst"]("10.9.9.9") +
     A["tp_dst"](3333), lambda p: p["dl_dst"] == mac("02:00:00:00:00:13") and
     p["nw_dst"] == "10.9.9.9" and p["tp_dst"] == 3333, None),
]:
    def _mk2(acts=_acts, check=_check, f=_frame):
        return lambda: action_case(acts(), check, f)
    case("pktact." + _name)(_mk2())


@case("pktact.Output")
def _():
    X.sw.add(udp(), out(1))
    t = tag()
    need(delivered(t, fr(t)), "not forwarded")


@case("pktact.Flood")
def _():
    X.sw.add(udp(), out(FLOOD))
    t = tag()
    need(delivered(t, fr(t)), "flood from port 2 did not reach port 1")


@case("pktact.All")
def _():
    X.sw.add(udp(), out(ALL))
    t = tag()
    need(delivered(t, fr(t)), "all from port 2 did not reach port 1")


@case("pktact.Local")
def _():
    X.sw.add(udp(), out(LOCAL))
    t = tag()
    need(delivered(t, fr(t)), "LOCAL (the host port) did not receive")


@case("pktact.Drop")
def _():
    X.sw.add(udp())
    t = tag()
    need(not delivered(t, fr(t), timeout=0.7), "an empty action list forwarded")
    need(not X.sw.packet_ins(t, timeout=0.5), "an empty action list sent a packet-in")


@case("pktact.ControllerMaxLen")
def _():
    X.sw.add(udp(), out(CONTROLLER, 60))
    t = tag()
    X.wire.send(fr(t, size=200))
    p = X.sw.packet_ins(t)
    need(p and p[0]["total"] == 200 and p[0]["reason"] == 1, "no packet-in")
    need(len(p[0]["data"]) == 60, "data %d bytes, not cut to 60" % len(p[0]["data"]))


@case("pktact.ControllerMaxLenZero")
def _():
    # OF1.0: max_len 0 sends a packet-in with no bytes of the packet
    X.sw.add(udp(), out(CONTROLLER, 0))
    t = tag()
    X.wire.send(fr(t, size=333))
    ms = X.sw.async_msgs(T["PACKET_IN"], lambda m: struct.unpack("!H", m[3][4:6])[0] == 333)
    need(ms, "no packet-in with total_len 333")
    buf, total, inp, reason = struct.unpack("!IHHB", ms[0][3][:9])
    need(reason == 1 and len(ms[0][3]) == 10,
         "reason %d, %d bytes of data, want 1 and none" % (reason, len(ms[0][3]) - 10))


@case("pktact.MultipleOutputs")
def _():
    X.sw.add(udp(), out(1) + out(CONTROLLER))
    t = tag()
    need(delivered(t, fr(t)), "first output missing")
    need(X.sw.packet_ins(t), "second output (controller) missing")


# counters
@case("counters.FlowCounters")
def _():
    X.sw.add(udp(), out(1))
    t = tag()
    delivered(t, fr(t, size=100), count=3)
    f = X.sw.flows()
    need(f[0]["packets"] == 3 and f[0]["bytes"] == 300,
         "packets %d bytes %d" % (f[0]["packets"], f[0]["bytes"]))


@case("counters.PortCounters")
def _():
    def rx2():
        b = X.sw.stats(4, struct.pack("!H6x", 2))
        return struct.unpack("!Q", b[8:16])[0]
    before = rx2()
    X.sw.add(udp(), out(1))
    t = tag()
    delivered(t, fr(t), count=4)
    need(rx2() - before >= 4, "port 2 rx_packets did not grow by 4")


@case("counters.TableCounters")
def _():
    def tab():
        b = X.sw.stats(3)
        return struct.unpack("!QQ", b[48:64])
    l0, m0 = tab()
    X.sw.add(udp(), out(1))
    t = tag()
    delivered(t, fr(t), count=2)
    l1, m1 = tab()
    need(l1 - l0 >= 2 and m1 - m0 >= 2, "lookups %d matched %d" % (l1 - l0, m1 - m0))


@case("counters.AggregateStats")
def _():
    X.sw.add(udp(tp_dst=40001), out(1), prio=2)
    X.sw.add(udp(tp_dst=40009), out(1), prio=2)
    t = tag()
    delivered(t, fr(t, size=100), count=2)
    b = X.sw.stats(2, match() + struct.pack("!BxH", 0xFF, NONE))
    pk, by, n = struct.unpack("!QQI", b[:20])
    need((pk, by, n) == (2, 200, 2), "aggregate %s" % ((pk, by, n),))


# flow_expire
@case("flow_expire.IdleTimeout")
def _():
    X.sw.add(udp(tp_dst=5030), out(1), idle=1, flags=SEND_FLOW_REM, cookie=0x91)
    m = X.sw.async_msgs(T["FLOW_REMOVED"], lambda m: m[3][40:48] == struct.pack("!Q", 0x91),
                        timeout=6)
    need(m and m[0][3][50] == 0, "no FLOW_REMOVED reason IDLE")


@case("flow_expire.HardTimeout")
def _():
    X.sw.add(udp(tp_dst=5031), out(1), hard=1, flags=SEND_FLOW_REM, cookie=0x92)
    m = X.sw.async_msgs(T["FLOW_REMOVED"], lambda m: m[3][40:48] == struct.pack("!Q", 0x92),
                        timeout=6)
    need(m and m[0][3][50] == 1, "no FLOW_REMOVED reason HARD")
    need(not X.sw.flows(), "the flow is still there")


@case("flow_expire.RemovedCounters")
def _():
    X.sw.add(udp(), out(1), hard=2, flags=SEND_FLOW_REM, cookie=0x93)
    t = tag()
    delivered(t, fr(t, size=100), count=3)
    m = X.sw.async_msgs(T["FLOW_REMOVED"], lambda m: m[3][40:48] == struct.pack("!Q", 0x93),
                        timeout=8)
    need(m, "no FLOW_REMOVED")
    pk, by = struct.unpack("!QQ", m[0][3][64:80])
    need((pk, by) == (3, 300), "counters %d/%d" % (pk, by))


# flow_stats
@case("flow_stats.OutPortFilter")
def _():
    X.sw.add(udp(tp_dst=5040), out(1))
    X.sw.add(udp(tp_dst=5041), out(CONTROLLER))
    need(len(X.sw.flows(out_port=1)) == 1 and len(X.sw.flows(out_port=2)) == 0, "filter")


@case("flow_stats.TableId")
def _():
    X.sw.add(udp(tp_dst=5042), out(1))
    need(len(X.sw.flows(table=0)) == 1 and len(X.sw.flows(table=1)) == 0, "table filter")


@case("flow_stats.MatchFilter")
def _():
    X.sw.add(udp(tp_dst=5043), out(1))
    X.sw.add(match(dl_type=0x0806), out(1))
    need(len(X.sw.flows(udp())) == 1, "match filter")


@case("flow_stats.Duration")
def _():
    X.sw.add(udp(tp_dst=5044), out(1))
    time.sleep(1.2)
    d = X.sw.flows()[0]["duration"]
    need(1.0 <= d < 10, "duration %.3f" % d)


# port_stats
@case("port_stats.SinglePort")
def _():
    b = X.sw.stats(4, struct.pack("!H6x", 2))
    need(len(b) == 104 and struct.unpack("!H", b[:2])[0] == 2, "one entry for port 2")


@case("port_stats.UnknownPortEmpty")
def _():
    need(X.sw.stats(4, struct.pack("!H6x", 77)) == b"", "entries for port 77")


def main():
    host, port, if_a, ns2, if_b, X.mac_a, X.mac_b = sys.argv[1:8]
    X.host, X.port = host, int(port)
    prefix = sys.argv[8] if len(sys.argv) > 8 else ""
    X.sw = Switch(host, int(port))
    X.wire = Wire(if_a, ns2, if_b)
    time.sleep(0.5)
    n_ok = n_fail = 0
    for name, fn in CASES:
        if not name.startswith(prefix):
            continue
        try:
            X.sw.clear()
            fn()
            print("ok: " + name, flush=True)
            n_ok += 1
        except Fail as e:
            print("FAIL: %s: %s" % (name, e), flush=True)
            n_fail += 1
        except (OSError, struct.error, IndexError, KeyError, TypeError) as e:
            print("FAIL: %s: %r" % (name, e), flush=True)
            n_fail += 1
            try:
                X.sw = Switch(host, int(port))
            except OSError:
                pass
    X.sw.clear()
    X.wire.close()
    print("conformance: %d cases, %d passed, %d failed" % (n_ok + n_fail, n_ok, n_fail))
    sys.exit(1 if n_fail else 0)


if __name__ == "__main__":
    main()
