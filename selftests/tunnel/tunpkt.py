#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Tunnel packets crafted with scapy and sent from an AF_PACKET socket, for
the tunnel selftests (run in the sender's namespace):

    tunpkt.py reasm KIND IFACE SMAC DMAC SRC DST KEY INNER_DST DPORT
              [--frames N] [--size B] [--seg B] [--order inorder|reverse|
              shuffle|interleave] [--drop I] [--overlap] [--first-only]
              [--id-base N] [--seed S]
        KIND stt or sclp. N frames (outer SRC -> DST, context id / VNI
        KEY), each an inner UDP datagram of B bytes from 10.90.0.1 to
        INNER_DST:DPORT (payload "cvsw-reasm <frame> ..."), cut into
        segments of at most --seg payload bytes, sent in the given order;
        --drop I leaves out segment I of every frame (it never
        completes), --overlap sends every segment but the first shifted
        into the previous one's bytes, --first-only sends the first
        segment of each frame only. Prints "sent FRAMES SEGMENTS".
    tunpkt.py geneve-opt IFACE SMAC DMAC SRC DST VNI INNER_DST DPORT
              --count N (--critical | --noncritical)
        Geneve frames carrying one option of an unknown class: with the
        critical bit the receiver must drop them (counted), without it
        skip the option and deliver.
    tunpkt.py seeds SMAC DMAC SRC DST --pcap FILE [--keys ...]
              [--per-case N] [--seed S]
        The frame soak's seeds (selftests/dp/framefuzz.c mutates them):
        well-formed frames of the five kinds with six inner frames each
        (UDP, TCP, ICMP, ARP, VLAN, IPv6; STT and SCLP in segments),
        plain IPv4 (options, fragments), IPv6 (extension headers), ARP,
        VLAN, QinQ and 802.3 SNAP frames, and N of each fuzz case below.
    tunpkt.py fuzz IFACE SMAC DMAC SRC DST --count N [--seed S]
              [--keys vxlan=K,geneve=K,nvgre=K,stt=K,sclp=K]
        N malformed packets of the five kinds aimed at the receiver's
        tunnel ports: truncated headers, bad flags, wrong versions, bad
        Geneve option lengths, unknown critical options, GRE C/R/S bits
        and versions, wrong protocols, STT and SCLP segments with lengths
        and offsets that do not fit, bad SCLP checksums, random tails.
        Prints one line per mutation with its count.

Wire formats: docs/tunnels.md. The outer IPv4, UDP and TCP headers and their
checksums are scapy's; the STT frame header and SCLP header are built here
from the docs' layout.
"""
import argparse
import random
import socket
import struct
import sys
import time

import scapy.all as sc  # noqa: E402 (python3-scapy)

INNER_SRC = "10.90.0.1"
INNER_SMAC = "02:00:00:90:00:01"
SPORT_LO, SPORT_HI = 32768, 60999


def csum16(b):
    if len(b) & 1:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def inner_udp(dmac, dst, dport, size, tag):
    """An inner Ethernet frame: UDP datagram of @size payload bytes."""
    body = (tag.encode() + bytes((i * 7) & 0xff for i in range(size)))[:size]
    return bytes(sc.Ether(src=INNER_SMAC, dst=dmac) /
                 sc.IP(src=INNER_SRC, dst=dst, ttl=64, flags="DF") /
                 sc.UDP(sport=40000, dport=dport) / sc.Raw(body))


def outer(smac, dmac, src, dst):
    return sc.Ether(src=smac, dst=dmac) / sc.IP(src=src, dst=dst, ttl=64,
                                               flags="DF")


# ------------------------------------------------------------------ STT
def stt_frame(inner, key, flags=0, l4off=0, mss=0, version=0):
    """STT frame header (18 bytes with padding) + inner frame."""
    return struct.pack("!BBBBHHQH", version, flags, l4off, 0, mss, 0,
                       key, 0) + inner


def stt_segment(o, sport, dport, frame_len, off, pkt_id, data, doff=5,
                chksum=None):
    t = sc.TCP(sport=sport, dport=dport, seq=(frame_len << 16) | off,
               ack=pkt_id, flags="PA", window=65535, dataofs=doff)
    if chksum is not None:
        t.chksum = chksum
    return o / t / sc.Raw(data)


def stt_segments(o, frame, pkt_id, seg, sport=45000, dport=7471):
    return [stt_segment(o, sport, dport, len(frame), off, pkt_id,
                        frame[off:off + seg])
            for off in range(0, len(frame), seg)]


# ----------------------------------------------------------------- SCLP
def sclp_header(src, dst, sport, dport, ident, first, remaining, payload_len,
                chksum=None):
    word = (ident << 1 | (1 if first else 0)) & 0xffffffff
    hdr = struct.pack("!HHIHH", sport, dport, word, remaining, 0)
    if chksum is None:
        pseudo = socket.inet_aton(src) + socket.inet_aton(dst) + \
            struct.pack("!BBH", 0, 234, 12 + payload_len)
        chksum = csum16(pseudo + hdr)
    return hdr[:10] + struct.pack("!H", chksum)


def vxlan_hdr(vni, flags=0x08):
    return struct.pack("!B3xI", flags, (vni & 0xffffff) << 8)


def sclp_segments(o, src, dst, vx_frame, ident, seg, sport=45000, dport=4789):
    out = []
    for off in range(0, len(vx_frame), seg):
        data = vx_frame[off:off + seg]
        h = sclp_header(src, dst, sport, dport, ident, off == 0,
                        len(vx_frame) - off, len(data))
        out.append(o / sc.Raw(h + data))
    for p in out:
        p[sc.IP].proto = 234
    return out


# ------------------------------------------------------------ the others
def geneve_hdr(vni, opts=b"", ver=0, oam=False, crit=False, proto=0x6558,
               optlen=None):
    olen = len(opts) // 4 if optlen is None else optlen
    b0 = (ver << 6) | (olen & 0x3f)
    b1 = (0x80 if oam else 0) | (0x40 if crit else 0)
    return struct.pack("!BBHI", b0, b1, proto, (vni & 0xffffff) << 8) + opts


def geneve_opt(cls, typ, data):
    assert len(data) % 4 == 0
    return struct.pack("!HBB", cls, typ, len(data) // 4) + data


def nvgre_hdr(vsid, flowid=0, flags=0x2000, proto=0x6558):
    return struct.pack("!HHI", flags, proto, (vsid & 0xffffff) << 8 | flowid)


def send(o, pkts):
    """Send @pkts out of o.iface (or write them to o.pcap)."""
    if o.pcap:
        sc.wrpcap(o.pcap, pkts)
        return
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((o.iface, 0))
    for p in pkts:
        s.send(bytes(p))
        if o.interval:
            time.sleep(o.interval)
    s.close()


def order(segs_per_frame, how, rnd):
    """The segments of every frame, flattened in the order asked for."""
    if how == "interleave":
        out = []
        for i in range(max(len(s) for s in segs_per_frame)):
            out += [s[i] for s in segs_per_frame if i < len(s)]
        rnd.shuffle(out)
        return out
    out = []
    for s in segs_per_frame:
        s = list(s)
        if how == "reverse":
            s.reverse()
        elif how == "shuffle":
            while len(s) > 1 and s == sorted(s, key=lambda x: x[0]):
                rnd.shuffle(s)
        out += s
    return out


def cmd_reasm(o):
    rnd = random.Random(o.seed)
    ou = outer(o.smac, o.dmac, o.src, o.dst)
    frames = []
    for f in range(o.frames):
        inner = inner_udp(o.inner_dmac, o.inner_dst, o.dport, o.size,
                          "cvsw-reasm %d " % f)
        ident = o.id_base + f
        if o.kind == "stt":
            segs = stt_segments(ou, stt_frame(inner, o.key), ident, o.seg)
        else:
            segs = sclp_segments(ou, o.src, o.dst, vxlan_hdr(o.key) + inner,
                                 ident, o.seg)
        if o.overlap:
            segs = overlap(o, ou, segs, inner, ident)
        segs = list(enumerate(segs))
        if o.drop is not None:
            segs = [s for s in segs if s[0] != o.drop]
        if o.first_only:
            segs = segs[:1]
        frames.append(segs)
    pkts = [p for _, p in order(frames, o.order, rnd)]
    send(o, pkts)
    print("sent %d %d" % (len(frames), len(pkts)))


def overlap(o, ou, segs, inner, ident):
    """The first segment as it is, then the rest moved 8 bytes back into
    the previous segment's bytes (the same bytes: a pure overlap)."""
    out = [segs[0]]
    if o.kind == "stt":
        frame = stt_frame(inner, o.key)
        for off in range(o.seg, len(frame), o.seg):
            out.append(stt_segment(ou, 45000, 7471, len(frame), off - 8,
                                   ident, frame[off - 8:off + o.seg]))
    else:
        vx = vxlan_hdr(o.key) + inner
        for off in range(o.seg, len(vx), o.seg):
            data = vx[off - 8:off + o.seg]
            h = sclp_header(o.src, o.dst, 45000, 4789, ident, False,
                            len(vx) - (off - 8), len(data))
            p = ou / sc.Raw(h + data)
            p[sc.IP].proto = 234
            out.append(p)
    return out


def cmd_geneve_opt(o):
    ou = outer(o.smac, o.dmac, o.src, o.dst)
    pkts = []
    typ = 0x7e | (0x80 if o.critical else 0)
    for i in range(o.count):
        inner = inner_udp(o.inner_dmac, o.inner_dst, o.dport, 100,
                          "cvsw-geneve-opt %d " % i)
        opt = geneve_opt(0xfff0, typ, b"\x11\x22\x33\x44\x55\x66\x77\x88")
        g = geneve_hdr(o.vni, opt, crit=o.critical)
        pkts.append(ou / sc.UDP(sport=SPORT_LO + i, dport=6081) / sc.Raw(g + inner))
    send(o, pkts)
    print("sent %d" % len(pkts))


def fuzz_cases(o, rnd, keys):
    """(name, packet builder) of every mutation."""
    ou = lambda: outer(o.smac, o.dmac, o.src, o.dst)  # noqa: E731
    inner = inner_udp("02:00:00:90:00:02", "10.90.0.2", 9, 64, "fuzz")
    rb = lambda n: bytes(rnd.getrandbits(8) for _ in range(n))  # noqa: E731
    k = keys

    def udp(dport, payload):
        return ou() / sc.UDP(sport=rnd.randint(SPORT_LO, SPORT_HI),
                             dport=dport) / sc.Raw(payload)

    def gre(payload):
        return ou() / sc.Raw(payload), 47

    def ipproto(pkt_proto):
        p, proto = pkt_proto
        p[sc.IP].proto = proto
        return p

    def stt(frame_len, off, data, **kw):
        return stt_segment(ou(), rnd.randint(SPORT_LO, SPORT_HI), 7471,
                           frame_len, off, rnd.getrandbits(32), data, **kw)

    def sclp(first, remaining, data, chksum=None, ident=None):
        ident = rnd.getrandbits(31) if ident is None else ident
        h = sclp_header(o.src, o.dst, rnd.randint(SPORT_LO, SPORT_HI), 4789,
                        ident, first, remaining, len(data), chksum)
        p = ou() / sc.Raw(h + data)
        p[sc.IP].proto = 234
        return p

    vx = vxlan_hdr(k["vxlan"])
    stt_ok = stt_frame(inner, k["stt"])
    scl = vxlan_hdr(k["sclp"]) + inner
    return [
        ("vxlan-truncated", lambda: udp(4789, (vx + inner)[:rnd.randint(0, 21)])),
        ("vxlan-no-i-flag", lambda: udp(4789, vxlan_hdr(k["vxlan"], 0x00) + inner)),
        ("vxlan-random-flags", lambda: udp(4789, vxlan_hdr(k["vxlan"], rnd.getrandbits(8) & ~0x08) + inner)),
        ("vxlan-random-tail", lambda: udp(4789, vx + rb(rnd.randint(0, 60)))),
        ("geneve-truncated", lambda: udp(6081, geneve_hdr(k["geneve"])[:rnd.randint(0, 7)])),
        ("geneve-version", lambda: udp(6081, geneve_hdr(k["geneve"], ver=rnd.randint(1, 3)) + inner)),
        ("geneve-optlen-past-end", lambda: udp(6081, geneve_hdr(k["geneve"], optlen=rnd.randint(1, 63)) + rb(rnd.randint(0, 12)))),
        ("geneve-opt-longer-than-options", lambda: udp(6081, geneve_hdr(k["geneve"], struct.pack("!HBB", 0x0102, 0x03, 31) + rb(4)) + inner)),
        ("geneve-unknown-critical", lambda: udp(6081, geneve_hdr(k["geneve"], geneve_opt(rnd.randint(0x8000, 0xfffe), 0x80 | rnd.getrandbits(7), rb(4)), crit=True) + inner)),
        ("geneve-wrong-proto", lambda: udp(6081, geneve_hdr(k["geneve"], proto=rnd.choice([0x0800, 0x86dd, 0x1234])) + inner[14:])),
        ("geneve-random", lambda: udp(6081, rb(rnd.randint(0, 80)))),
        ("nvgre-truncated", lambda: ipproto(gre(nvgre_hdr(k["nvgre"])[:rnd.randint(0, 7)]))),
        ("nvgre-c-r-s-bits", lambda: ipproto(gre(nvgre_hdr(k["nvgre"], flags=0x2000 | rnd.choice([0x8000, 0x4000, 0x1000, 0xd000])) + inner))),
        ("nvgre-version", lambda: ipproto(gre(nvgre_hdr(k["nvgre"], flags=0x2000 | rnd.randint(1, 7)) + inner))),
        ("nvgre-no-key", lambda: ipproto(gre(struct.pack("!HH", 0, 0x6558) + inner))),
        ("nvgre-wrong-proto", lambda: ipproto(gre(nvgre_hdr(k["nvgre"], proto=rnd.choice([0x0800, 0x88be, 0x6559])) + inner))),
        ("nvgre-random", lambda: ipproto(gre(rb(rnd.randint(0, 40))))),
        ("stt-version", lambda: stt(len(stt_ok), 0, stt_frame(inner, k["stt"], version=rnd.randint(1, 255)))),
        ("stt-frame-shorter-than-header", lambda: stt(rnd.randint(0, 17), 0, stt_ok[:17])),
        ("stt-offset-past-length", lambda: stt(200, rnd.randint(200, 65535), rb(100))),
        ("stt-segment-past-length", lambda: stt(120, 60, rb(100))),
        ("stt-bad-l4-offset", lambda: stt(len(stt_ok), 0, stt_frame(inner, k["stt"], flags=0x02 | 0x04 | 0x08, l4off=rnd.choice([0, 1, 13, 255]), mss=1400))),
        ("stt-data-offset", lambda: stt(len(stt_ok), 0, stt_ok, doff=rnd.choice([0, 4, 6, 15]))),
        ("stt-bad-tcp-checksum", lambda: stt(len(stt_ok), 0, stt_ok, chksum=rnd.getrandbits(16))),
        ("stt-huge-incomplete", lambda: stt(65535, 0, stt_ok)),
        ("stt-truncated-tcp", lambda: ipproto((ou() / sc.Raw(rb(rnd.randint(0, 19))), 6))),
        ("sclp-truncated", lambda: ipproto((ou() / sc.Raw(rb(rnd.randint(0, 11))), 234))),
        ("sclp-bad-checksum", lambda: sclp(True, len(scl), scl, chksum=rnd.getrandbits(16) | 1)),
        ("sclp-remaining-below-payload", lambda: sclp(True, rnd.randint(0, len(scl) - 1), scl)),
        ("sclp-first-remaining-huge", lambda: sclp(True, 65535, scl[:200])),
        ("sclp-not-first-past-end", lambda: sclp(False, 10, rb(100))),
        ("sclp-zero-length", lambda: sclp(True, 0, b"")),
        ("sclp-no-vxlan-flag", lambda: sclp(True, 8 + len(inner), vxlan_hdr(k["sclp"], 0) + inner)),
        ("sclp-random", lambda: sclp(rnd.random() < 0.5, rnd.getrandbits(16), rb(rnd.randint(0, 64)))),
    ]


def cmd_fuzz(o):
    rnd = random.Random(o.seed)
    keys = parse_keys(o.keys)
    cases = fuzz_cases(o, rnd, keys)
    counts = {}
    pkts = []
    for i in range(o.count):
        name, build = cases[i % len(cases)] if i < len(cases) else rnd.choice(cases)
        pkts.append(build())
        counts[name] = counts.get(name, 0) + 1
    rnd.shuffle(pkts)
    send(o, pkts)
    for name, _ in cases:
        print("%s %d" % (name, counts.get(name, 0)))
    print("sent %d" % len(pkts))


def seed_frames(o, rnd, keys):
    """Well-formed frames of every kind B handles (its tunnel ports, plain
    IPv4, IPv6, ARP, VLAN, 802.3), as the frame soak's seeds."""
    ou = lambda: outer(o.smac, o.dmac, o.src, o.dst)  # noqa: E731
    bmac, ism = o.dmac, INNER_SMAC
    e = lambda: sc.Ether(src=o.smac, dst=bmac)  # noqa: E731
    ip = lambda **kw: sc.IP(src=o.src, dst=o.dst, **kw)  # noqa: E731
    ip6 = lambda: sc.IPv6(src="fd00::1", dst="fd00::2")  # noqa: E731
    inners = [
        inner_udp(bmac, "10.90.0.2", 9, 64, "seed"),
        bytes(sc.Ether(src=ism, dst=bmac) / sc.IP(src=INNER_SRC, dst="10.90.0.2") /
              sc.TCP(sport=40001, dport=80, flags="S", options=[("MSS", 1400), ("SAckOK", b""), ("WScale", 7)])),
        bytes(sc.Ether(src=ism, dst=bmac) / sc.IP(src=INNER_SRC, dst="10.90.0.2") / sc.ICMP() / b"seed"),
        bytes(sc.Ether(src=ism, dst="ff:ff:ff:ff:ff:ff") / sc.ARP(psrc=INNER_SRC, pdst="10.90.0.2", hwsrc=ism)),
        bytes(sc.Ether(src=ism, dst=bmac) / sc.Dot1Q(vlan=10, prio=3) / sc.IP(src=INNER_SRC, dst="10.90.0.2") / sc.UDP(dport=9) / b"vlan"),
        bytes(sc.Ether(src=ism, dst=bmac) / sc.IPv6(src="fd90::1", dst="fd90::2") / sc.UDP(dport=9) / b"six"),
    ]
    out = []
    for inner in inners:
        out.append(ou() / sc.UDP(sport=rnd.randint(SPORT_LO, SPORT_HI), dport=4789) / sc.Raw(vxlan_hdr(keys["vxlan"]) + inner))
        opts = geneve_opt(0x0102, 0x01, rb4(rnd)) + geneve_opt(0xffff, 0x7f, rb4(rnd) * 2)
        out.append(ou() / sc.UDP(sport=rnd.randint(SPORT_LO, SPORT_HI), dport=6081) / sc.Raw(geneve_hdr(keys["geneve"], opts) + inner))
        p = ou() / sc.Raw(nvgre_hdr(keys["nvgre"], flowid=rnd.getrandbits(8)) + inner)
        p[sc.IP].proto = 47
        out.append(p)
        fr = stt_frame(inner, keys["stt"], flags=rnd.choice([0, 0x01, 0x02 | 0x04 | 0x08]), l4off=34, mss=1400)
        out += stt_segments(ou(), fr, rnd.getrandbits(32), max(18, len(fr) // 3))
        vx = vxlan_hdr(keys["sclp"]) + inner
        out += sclp_segments(ou(), o.src, o.dst, vx, rnd.getrandbits(31), max(20, len(vx) // 3))
    out += [
        e() / ip(flags="DF") / sc.UDP(sport=5000, dport=5001) / b"plain-udp",
        e() / ip() / sc.TCP(sport=5000, dport=22, flags="PA", seq=7) / b"plain-tcp",
        e() / ip() / sc.ICMP(type=8) / b"plain-icmp",
        e() / ip(options=[sc.IPOption_RR()]) / sc.UDP(dport=5001) / b"options",
        e() / ip(flags="MF", frag=0, id=77) / sc.UDP(dport=5001) / (b"f" * 64),
        e() / ip(frag=10, id=77) / (b"g" * 40),
        e() / ip6() / sc.UDP(dport=5001) / b"v6-udp",
        e() / ip6() / sc.IPv6ExtHdrHopByHop() / sc.TCP(dport=22) / b"v6-hbh",
        e() / ip6() / sc.IPv6ExtHdrFragment(id=5, m=1) / sc.UDP(dport=5001) / (b"h" * 32),
        e() / ip6() / sc.ICMPv6EchoRequest() / b"v6-icmp",
        sc.Ether(src=o.smac, dst="ff:ff:ff:ff:ff:ff") / sc.ARP(op=1, psrc=o.src, pdst=o.dst, hwsrc=o.smac),
        e() / sc.ARP(op=2, psrc=o.src, pdst=o.dst, hwsrc=o.smac, hwdst=bmac),
        e() / sc.Dot1Q(vlan=10) / ip() / sc.UDP(dport=5001) / b"tagged",
        e() / sc.Dot1Q(vlan=0, prio=5) / ip() / sc.TCP(dport=80) / b"prio-tag",
        sc.Ether(src=o.smac, dst=bmac, type=0x88a8) / sc.Dot1Q(vlan=100) / sc.Dot1Q(vlan=10) / ip() / sc.UDP() / b"qinq",
        sc.Dot3(src=o.smac, dst=bmac) / sc.LLC(dsap=0xaa, ssap=0xaa, ctrl=3) / sc.SNAP(code=0x0800) / ip() / sc.UDP() / b"snap",
    ]
    return out


def rb4(rnd):
    return bytes(rnd.getrandbits(8) for _ in range(4))


def cmd_seeds(o):
    """The frame soak's seeds: the well-formed frames and every fuzz case."""
    rnd = random.Random(o.seed)
    keys = parse_keys(o.keys)
    pkts = seed_frames(o, rnd, keys)
    good = len(pkts)
    for _ in range(o.per_case):
        pkts += [build() for _, build in fuzz_cases(o, rnd, keys)]
    sc.wrpcap(o.pcap, pkts)
    print("seeds %d: %d well-formed, %d malformed" % (len(pkts), good,
                                                    len(pkts) - good))


def parse_keys(text):
    keys = {"vxlan": 0, "geneve": 0, "nvgre": 0, "stt": 0, "sclp": 0}
    for kv in text.split(","):
        if kv:
            n, _, v = kv.partition("=")
            keys[n] = int(v, 0)
    return keys


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("reasm")
    for a in ("kind", "iface", "smac", "dmac", "src", "dst"):
        r.add_argument(a)
    r.add_argument("key", type=lambda s: int(s, 0))
    r.add_argument("inner_dst")
    r.add_argument("dport", type=int)
    r.add_argument("--inner-dmac", default="ff:ff:ff:ff:ff:ff")
    r.add_argument("--frames", type=int, default=1)
    r.add_argument("--size", type=int, default=1200)
    r.add_argument("--seg", type=int, default=500)
    r.add_argument("--order", default="inorder",
                   choices=["inorder", "reverse", "shuffle", "interleave"])
    r.add_argument("--drop", type=int)
    r.add_argument("--overlap", action="store_true")
    r.add_argument("--first-only", action="store_true")
    r.add_argument("--id-base", type=int, default=1000)
    r.add_argument("--seed", type=int, default=1)
    r.add_argument("--interval", type=float, default=0.005)
    g = sub.add_parser("geneve-opt")
    for a in ("iface", "smac", "dmac", "src", "dst"):
        g.add_argument(a)
    g.add_argument("vni", type=lambda s: int(s, 0))
    g.add_argument("inner_dst")
    g.add_argument("dport", type=int)
    g.add_argument("--inner-dmac", default="ff:ff:ff:ff:ff:ff")
    g.add_argument("--count", type=int, default=10)
    crit = g.add_mutually_exclusive_group(required=True)
    crit.add_argument("--critical", action="store_true")
    crit.add_argument("--noncritical", action="store_true")
    g.add_argument("--interval", type=float, default=0.01)
    f = sub.add_parser("fuzz")
    for a in ("iface", "smac", "dmac", "src", "dst"):
        f.add_argument(a)
    f.add_argument("--count", type=int, default=3000)
    f.add_argument("--seed", type=int, default=9)
    f.add_argument("--keys", default="")
    f.add_argument("--interval", type=float, default=0.002)
    sd = sub.add_parser("seeds")
    for a in ("smac", "dmac", "src", "dst"):
        sd.add_argument(a)
    sd.add_argument("--keys", default="")
    sd.add_argument("--seed", type=int, default=9)
    sd.add_argument("--per-case", type=int, default=3)
    sd.add_argument("--pcap", required=True)
    for p in (r, g, f):
        p.add_argument("--pcap", help="write the packets to this file "
                       "instead of sending them")
    o = ap.parse_args()
    {"reasm": cmd_reasm, "geneve-opt": cmd_geneve_opt,
     "fuzz": cmd_fuzz, "seeds": cmd_seeds}[o.cmd](o)
    return 0


if __name__ == "__main__":
    sys.exit(main())
