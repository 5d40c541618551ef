#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Checks of tunnel captures for the tunnel selftests. Prints "# ok: ..." and
"# FAIL: ..." lines; exit status 1 when a check failed.

    tuncap.py encap PCAP KIND SRC DST KEY [options]
        Outer packets SRC -> DST of KIND (vxlan, geneve, nvgre), as
        tshark's vxlan, geneve and gre dissectors see them, every checksum
        tshark can check validated: outer Ethernet (--smac, --dmac), IPv4
        DF set, TTL (--ttl, 64), TOS (--tos, 0), the UDP destination port
        (--dst-port, the kind's default) and a source port in
        32768..60999, the tunnel header (flags, version, protocol 0x6558,
        VNI / GRE key = KEY << 8 | FlowID with --flowid 0 unless "any"),
        the inner IPv4 addresses (--inner-src, --inner-dst), at most
        --max-len bytes a frame (1514), at least --min packets.
    tuncap.py inner PCAP SRC DST [--min N] [--no-encap KIND:REMOTE]
              [--no-csum]
        Frames a stack received after decapsulation: at least N IPv4
        packets SRC -> DST, every checksum valid (GRO-merged frames longer
        than --max-len are counted, not checked; --no-csum: none checked,
        for a stack with rx checksum offload on, whose frames may carry
        partial checksums), and no KIND packet from REMOTE left
        encapsulated.
    tuncap.py stt PCAP SRC DST KEY [--expect HEXFILE] [--min-frames N]
        STT segments (tshark's stt_ip heuristic dissector, and tshark's TCP
        dissector for the segment checksum), then reassembled here by
        (addresses, source port, packet id) from the sequence numbers
        (frame length << 16 | offset): the STT frame header (version 0,
        context id KEY, flags, L4 offset, MSS), and every frame of HEXFILE
        (one inner Ethernet frame in hex a line) found whole, byte for byte.
    tuncap.py sclp PCAP SRC DST KEY [--expect HEXFILE] [--mtu 1500]
        Every IP protocol 234 packet SRC -> DST field by field against
        docs/tunnels.md (ports, identification and F bit, remaining length,
        checksum, payload size), then the frames reassembled here: a VXLAN
        header with the I flag and VNI KEY, and the frames of HEXFILE
        found whole.
"""
import argparse
import os
import socket
import struct
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "dp"))
from csumcheck import GOOD, NOT_PRESENT, TCP_FIELDS, tcp_all_ok  # noqa: E402

SPORT_LO, SPORT_HI = 32768, 60999
DEFAULT_PORT = {"vxlan": 4789, "geneve": 6081, "nvgre": 0, "stt": 7471,
                "sclp": 4789}
PREFS = ["-o", "ip.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE",
         "-o", "tcp.check_checksum:TRUE"]
failures = 0


def ok(msg):
    print("# ok: " + msg)


def ko(msg):
    global failures
    failures += 1
    print("# FAIL: " + msg)


def check(cond, msg):
    (ok if cond else ko)(msg)
    return cond


def tshark(pcap, fields, extra=()):
    """One dict per packet: field -> list of values (every occurrence)."""
    cmd = ["tshark", "-r", pcap, "-n"] + PREFS + list(extra) + \
        ["-T", "fields", "-E", "occurrence=a", "-E", "aggregator=|",
         "-E", "separator=\t"]
    for f in fields:
        cmd += ["-e", f]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        raise SystemExit("tshark failed on %s: %s" % (pcap, p.stderr[:300]))
    rows = []
    for ln in p.stdout.splitlines():
        vals = ln.split("\t")
        rows.append({f: (v.split("|") if v else [])
                     for f, v in zip(fields, vals + [""] * len(fields))})
    return rows


def num(v):
    try:
        return int(v, 0)
    except (TypeError, ValueError):
        return None


def first(r, f):
    v = r.get(f) or []
    return v[0] if v else ""


def summarize(bad, n, what):
    if bad:
        ko("%s: %d of %d packets wrong, e.g. %s" % (what, len(bad), n,
                                                    "; ".join(bad[:3])))
    else:
        ok("%s (%d packets)" % (what, n))


# ---------------------------------------------------------------- encap
ENCAP_FIELDS = ["frame.number", "frame.len", "eth.src", "eth.dst", "ip.src",
                "ip.dst", "ip.flags.df", "ip.ttl", "ip.dsfield", "ip.proto",
                "ip.checksum.status", "udp.srcport", "udp.dstport",
                "udp.checksum", "udp.checksum.status",
                "icmp.checksum.status", "arp.opcode", "vxlan.flags",
                "vxlan.flag_i", "vxlan.vni", "geneve.version", "geneve.vni",
                "geneve.proto_type", "geneve.flags.critical",
                "gre.flags_and_version", "gre.proto", "gre.key"] + TCP_FIELDS


def tcp_ok(r):
    return tcp_all_ok(r["tcp.checksum.status"], r["tcp.checksum"],
                      r["tcp.checksum_calculated"])


def cmd_encap(o):
    rows = tshark(o.pcap, ENCAP_FIELDS)
    proto = {"vxlan": "17", "geneve": "17", "nvgre": "47"}[o.kind]
    dport = o.dst_port if o.dst_port is not None else DEFAULT_PORT[o.kind]
    sel = [r for r in rows if r["ip.src"][:1] == [o.src] and
           r["ip.dst"][:1] == [o.dst] and r["ip.proto"][:1] == [proto] and
           (o.kind == "nvgre" or first(r, "udp.dstport") == str(dport))]
    n = len(sel)
    check(n >= o.min, "%s: %d outer packets %s -> %s (want >= %d)" %
          (o.kind, n, o.src, o.dst, o.min))
    bad = {k: [] for k in ("outer", "csum", "hdr", "inner", "len", "sport")}
    sports = set()
    for r in sel:
        fn = first(r, "frame.number")
        if o.smac and first(r, "eth.src").lower() != o.smac.lower() or \
           o.dmac and first(r, "eth.dst").lower() != o.dmac.lower() or \
           first(r, "ip.flags.df") not in ("1", "True") or \
           num(first(r, "ip.ttl")) != o.ttl or \
           num(first(r, "ip.dsfield")) != o.tos:
            bad["outer"].append("frame %s eth %s>%s df %s ttl %s tos %s" % (
                fn, first(r, "eth.src"), first(r, "eth.dst"),
                first(r, "ip.flags.df"), first(r, "ip.ttl"),
                first(r, "ip.dsfield")))
        ucs = r["udp.checksum.status"]
        if any(s != GOOD for s in r["ip.checksum.status"]) or \
           not tcp_ok(r) or \
           any(s != GOOD for s in r["icmp.checksum.status"]) or \
           any(s not in (GOOD, NOT_PRESENT) for s in ucs) or \
           (ucs[:1] == [NOT_PRESENT] and num(first(r, "udp.checksum")) != 0):
            bad["csum"].append("frame %s ip %s udp %s tcp %s icmp %s" % (
                fn, r["ip.checksum.status"], ucs, r["tcp.checksum.status"],
                r["icmp.checksum.status"]))
        if num(first(r, "frame.len")) > o.max_len:
            bad["len"].append("frame %s is %s bytes" % (fn, first(r, "frame.len")))
        if o.kind != "nvgre":
            sp = num(first(r, "udp.srcport"))
            sports.add(sp)
            if not SPORT_LO <= sp <= SPORT_HI:
                bad["sport"].append("frame %s source port %s" % (fn, sp))
        h = header_error(o, r)
        if h:
            bad["hdr"].append("frame %s %s" % (fn, h))
        # the inner frame: Ethernet, then IPv4 between the overlay
        # addresses or ARP
        inner_ip = r["ip.src"][1:2], r["ip.dst"][1:2]
        if len(r["eth.src"]) < 2 or not (
                inner_ip == ([o.inner_src], [o.inner_dst]) or
                (not inner_ip[0] and r["arp.opcode"])):
            bad["inner"].append("frame %s inner eth %s ip %s>%s" % (
                fn, r["eth.src"][1:], inner_ip[0], inner_ip[1]))
    summarize(bad["outer"], n, "%s: outer Ethernet/IPv4 (DF, TTL %d, TOS %d)"
              % (o.kind, o.ttl, o.tos))
    summarize(bad["csum"], n, "%s: every outer and inner checksum tshark "
              "checks is valid (outer UDP: valid or 0)" % o.kind)
    summarize(bad["hdr"], n, "%s: tunnel header (%s)" % (o.kind, hdr_want(o)))
    summarize(bad["inner"], n, "%s: inner Ethernet + IPv4 %s -> %s (or ARP)"
              % (o.kind, o.inner_src, o.inner_dst))
    summarize(bad["len"], n, "%s: no frame longer than %d bytes on the wire"
              % (o.kind, o.max_len))
    if o.kind != "nvgre":
        summarize(bad["sport"], n, "%s: UDP source ports in %d..%d (%d "
                  "distinct)" % (o.kind, SPORT_LO, SPORT_HI, len(sports)))


def hdr_want(o):
    if o.kind == "vxlan":
        return "flags 0x0800 (I), VNI %d" % o.key
    if o.kind == "geneve":
        return "version 0, protocol 0x6558, VNI %d" % o.key
    return "flags/version 0x2000 (K), protocol 0x6558, key VSID %d << 8 | " \
        "FlowID %s" % (o.key, o.flowid)


def header_error(o, r):
    if o.kind == "vxlan":
        if num(first(r, "vxlan.flags")) != 0x0800 or \
           num(first(r, "vxlan.vni")) != o.key:
            return "vxlan flags %s vni %s" % (first(r, "vxlan.flags"),
                                             first(r, "vxlan.vni"))
    elif o.kind == "geneve":
        if num(first(r, "geneve.version")) != 0 or \
           num(first(r, "geneve.proto_type")) != 0x6558 or \
           num(first(r, "geneve.vni")) != o.key:
            return "geneve version %s proto %s vni %s" % (
                first(r, "geneve.version"), first(r, "geneve.proto_type"),
                first(r, "geneve.vni"))
    else:
        key = num(first(r, "gre.key"))
        if num(first(r, "gre.flags_and_version")) != 0x2000 or \
           num(first(r, "gre.proto")) != 0x6558 or key is None or \
           key >> 8 != o.key or (o.flowid != "any" and
                                 key & 0xff != int(o.flowid)):
            return "gre flags %s proto %s key %s" % (
                first(r, "gre.flags_and_version"), first(r, "gre.proto"),
                first(r, "gre.key"))
    return ""


# ---------------------------------------------------------------- inner
def cmd_inner(o):
    rows = tshark(o.pcap, ENCAP_FIELDS)
    sel = [r for r in rows if r["ip.src"][:1] == [o.src] and
           r["ip.dst"][:1] == [o.dst]]
    big = [r for r in sel if num(first(r, "frame.len")) > o.max_len]
    small = [r for r in sel if r not in big]
    check(len(sel) >= o.min, "%d IPv4 packets %s -> %s reached the stack "
          "(want >= %d; %d longer than %d bytes: merged by GRO)" % (
              len(sel), o.src, o.dst, o.min, len(big), o.max_len))
    bad = ["frame %s ip %s udp %s tcp %s icmp %s" % (
        first(r, "frame.number"), r["ip.checksum.status"],
        r["udp.checksum.status"], r["tcp.checksum.status"],
        r["icmp.checksum.status"])
        for r in small
        if any(s != GOOD for s in r["ip.checksum.status"] +
               r["icmp.checksum.status"]) or not tcp_ok(r) or
        any(s not in (GOOD, NOT_PRESENT) for s in r["udp.checksum.status"])]
    if o.no_csum:
        print("# (checksums not checked: this stack accepts partial ones)")
    else:
        summarize(bad, len(small), "every checksum of the decapsulated "
                  "frames is valid")
    for spec in o.no_encap:
        kind, _, remote = spec.partition(":")
        left = [r for r in rows if r["ip.src"][:1] == [remote] and
                is_kind(r, kind)]
        check(not left, "no %s packet from %s reached the stack encapsulated "
              "(%d did)" % (kind, remote, len(left)))


def is_kind(r, kind):
    proto = first(r, "ip.proto")
    if kind == "nvgre":
        return proto == "47"
    if kind == "sclp":
        return proto == "234"
    if kind == "stt":
        return proto == "6" and "7471" in r.get("tcp.dstport", [])
    return proto == "17" and first(r, "udp.dstport") == str(DEFAULT_PORT[kind])


# ----------------------------------------------------- STT and SCLP (raw)
def ipv4_packets(pcap):
    """(frame number, frame length, IPv4 header fields, L4 bytes) of every
    IPv4 frame of the capture, read with scapy."""
    import scapy.all as sc
    out = []
    for i, p in enumerate(sc.rdpcap(pcap), 1):
        raw = bytes(p)
        if len(raw) < 34 or raw[12:14] != b"\x08\x00":
            continue
        ihl = (raw[14] & 0x0f) * 4
        tot = struct.unpack("!H", raw[16:18])[0]
        ip = {"src": socket.inet_ntoa(raw[26:30]),
              "dst": socket.inet_ntoa(raw[30:34]), "proto": raw[23],
              "ttl": raw[22], "tos": raw[15],
              "df": bool(struct.unpack("!H", raw[20:22])[0] & 0x4000),
              "csum_ok": csum16(raw[14:14 + ihl]) == 0,
              "smac": raw[6:12].hex(":"), "dmac": raw[0:6].hex(":")}
        out.append((i, len(raw), ip, raw[14 + ihl:14 + tot]))
    return out


def csum16(b):
    if len(b) & 1:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def load_expect(path):
    if not path:
        return []
    return [bytes.fromhex(ln.strip()) for ln in open(path) if ln.strip()]


def reassemble(pieces, what):
    """pieces: {key: [(offset, bytes)]}, total length per key in
    pieces[key] order; returns ({key: frame}, [errors])."""
    frames, errs = {}, []
    for key, (total, segs) in pieces.items():
        segs.sort()
        pos, buf = 0, b""
        for off, data in segs:
            if off != pos:
                errs.append("%s %s: segment at %d, expected %d (gap or "
                            "overlap)" % (what, key, off, pos))
                break
            buf += data
            pos += len(data)
        else:
            if pos != total:
                errs.append("%s %s: %d of %d bytes" % (what, key, pos, total))
            else:
                frames[key] = buf
    return frames, errs


def match_expected(frames, expect, what):
    got = list(frames)
    missing = [e for e in expect if e not in got]
    check(not missing, "%s: all %d frames sent through the tunnel found whole"
          ", byte for byte, after reassembly (%d missing, e.g. %d bytes)" % (
              what, len(expect), len(missing),
              len(missing[0]) if missing else 0))


def outer_checks(pkts, o, what):
    bad = ["frame %d df %s ttl %d tos %d ipcsum %s len %d" % (
        n, ip["df"], ip["ttl"], ip["tos"], ip["csum_ok"], flen)
        for n, flen, ip, _ in pkts
        if not ip["df"] or ip["ttl"] != o.ttl or ip["tos"] != 0 or
        not ip["csum_ok"] or flen > o.max_len]
    summarize(bad, len(pkts), "%s: outer IPv4 DF, TTL %d, TOS 0, valid "
              "checksum, frames <= %d bytes" % (what, o.ttl, o.max_len))


def cmd_stt(o):
    # tshark's STT heuristic dissector on the segments
    f = ["frame.number", "ip.src", "ip.dst", "stt.dport", "stt.pkt_len",
         "stt.seg_off", "stt.pkt_id", "stt.version", "stt.flags",
         "stt.l4offset", "stt.mss", "stt.context_id", "stt.reassembled_in",
         "_ws.expert.message"]
    rows = tshark(o.pcap, f, ["-o", "ip.try_heuristic_first:TRUE",
                              "--enable-heuristic", "stt_ip",
                              "-o", "stt.reassemble:TRUE"])
    segs = [r for r in rows if r["ip.src"][:1] == [o.src] and
            r["ip.dst"][:1] == [o.dst] and r["stt.dport"]]
    check(len(segs) >= o.min_frames, "stt: tshark's stt_ip heuristic "
          "dissector sees %d STT segments %s -> %s" % (len(segs), o.src, o.dst))
    heads = [r for r in segs if r["stt.context_id"]]
    bad = ["frame %s version %s context %s" % (
        first(r, "frame.number"), first(r, "stt.version"),
        first(r, "stt.context_id"))
        for r in heads if num(first(r, "stt.version")) != 0 or
        num(first(r, "stt.context_id")) != o.key]
    check(len(heads) >= o.min_frames, "stt: tshark dissected %d STT frame "
          "headers (reassembled where segmented), want >= %d" % (
              len(heads), o.min_frames))
    summarize(bad, len(heads), "stt: frame header version 0, context id %#x"
              % o.key)
    expert = [first(r, "frame.number") + ": " + ",".join(
        m for m in r["_ws.expert.message"] if "checksum" not in m.lower())
        for r in segs if any("checksum" not in m.lower() and
                             "STT" in m or "offset" in m.lower() or
                             "segment size" in m.lower()
                             for m in r["_ws.expert.message"])]
    summarize(expert, len(segs), "stt: no expert warning from tshark's STT "
              "dissector (version, data offset, L4 offset, MSS)")
    # tshark 4.0's STT checksum check swaps the bytes of the sum (a good
    # checksum 0xd3ac is reported as "should be 0xacd3"), so the segment
    # checksum is validated by its TCP dissector, a real TCP checksum.
    tcp = tshark(o.pcap, ["frame.number", "ip.src", "ip.dst", "tcp.dstport"] +
                 TCP_FIELDS)
    tcp = [r for r in tcp if r["ip.src"][:1] == [o.src] and
           r["ip.dst"][:1] == [o.dst] and first(r, "tcp.dstport") == str(o.dst_port)]
    bad = ["frame %s status %s checksum %s" % (
        first(r, "frame.number"), first(r, "tcp.checksum.status"),
        first(r, "tcp.checksum")) for r in tcp if not tcp_ok(r)]
    summarize(bad, len(tcp), "stt: the TCP-like checksum of every segment "
              "is valid (tshark's TCP dissector)")

    pkts = [p for p in ipv4_packets(o.pcap) if p[2]["src"] == o.src and
            p[2]["dst"] == o.dst and p[2]["proto"] == 6 and len(p[3]) >= 20
            and struct.unpack("!H", p[3][2:4])[0] == o.dst_port]
    outer_checks(pkts, o, "stt")
    pieces, bad, last = {}, [], {}
    for n, _, ip, l4 in pkts:
        sport, dport, seq, ack, doff_flags, win, _, urg = \
            struct.unpack("!HHIIHHHH", l4[:20])
        doff, flags = doff_flags >> 12, doff_flags & 0x1ff
        # The sender writes ACK|PSH; a TSO segmenter (the vNIC's, as
        # Linux's GSO) keeps PSH on the last segment of a frame only.
        if not SPORT_LO <= sport <= SPORT_HI or doff != 5 or \
           flags not in (0x18, 0x10) or win != 65535 or urg != 0:
            bad.append("frame %d sport %d doff %d flags %#x win %d urg %d" %
                       (n, sport, doff, flags, win, urg))
        key = (sport, ack)
        total, off = seq >> 16, seq & 0xffff
        ent = pieces.setdefault(key, (total, []))
        if ent[0] != total:
            bad.append("frame %d: frame length %d, earlier segments said %d"
                       % (n, total, ent[0]))
        ent[1].append((off, l4[20:]))
        if off + len(l4) - 20 >= total:
            last[key] = (n, flags)
    for n, flags in last.values():
        if flags != 0x18:
            bad.append("frame %d: last segment of its frame without PSH "
                       "(flags %#x)" % (n, flags))
    summarize(bad, len(pkts), "stt: TCP-like header (source port in range, "
              "data offset 5, ACK, PSH on each frame's last segment, window "
              "65535, urgent 0)")
    frames, errs = reassemble(pieces, "stt frame")
    summarize(errs, len(pieces), "stt: segments of every frame fit together "
              "(sequence = frame length << 16 | offset)")
    inner, bad = [], []
    for key, fr in frames.items():
        ver, flags, l4off, _, mss, vlan, ctx, pad = \
            struct.unpack("!BBBBHHQH", fr[:18])
        partial = bool(flags & 0x02)
        if ver != 0 or ctx != o.key or flags & 0xf0 or pad != 0 or \
           (partial and (l4off < 34 or mss == 0)) or \
           (not partial and l4off != 0 and mss != 0):
            bad.append("frame %s: version %d flags %#x l4off %d mss %d ctx "
                       "%#x" % (key, ver, flags, l4off, mss, ctx))
        inner.append(fr[18:])
    summarize(bad, len(frames), "stt: STT frame headers (version 0, context "
              "%#x, flags, L4 offset and MSS with 'checksum partial')" % o.key)
    check(len(frames) >= o.min_frames, "stt: %d frames reassembled here (want "
          ">= %d)" % (len(frames), o.min_frames))
    match_expected(inner, load_expect(o.expect), "stt")


def cmd_sclp(o):
    pkts = [p for p in ipv4_packets(o.pcap) if p[2]["src"] == o.src and
            p[2]["dst"] == o.dst and p[2]["proto"] == 234]
    check(len(pkts) >= o.min_frames, "sclp: %d IP protocol 234 packets %s -> "
          "%s" % (len(pkts), o.src, o.dst))
    outer_checks(pkts, o, "sclp")
    pieces, bad = {}, {"hdr": [], "csum": [], "rl": []}
    firsts = {}
    for n, _, ip, l4 in pkts:
        if len(l4) < 12:
            bad["hdr"].append("frame %d: %d bytes" % (n, len(l4)))
            continue
        sport, dport, word, rl, ck = struct.unpack("!HHIHH", l4[:12])
        data = l4[12:]
        pseudo = socket.inet_aton(ip["src"]) + socket.inet_aton(ip["dst"]) + \
            struct.pack("!BBH", 0, 234, len(l4))
        if csum16(pseudo + l4[:10] + b"\0\0") != ck:
            bad["csum"].append("frame %d checksum %#06x, want %#06x" % (
                n, ck, csum16(pseudo + l4[:10] + b"\0\0")))
        if not SPORT_LO <= sport <= SPORT_HI or dport != o.dst_port:
            bad["hdr"].append("frame %d ports %d > %d" % (n, sport, dport))
        ident, f = word >> 1, word & 1
        key = (sport, ident)
        if rl < len(data):
            bad["rl"].append("frame %d: remaining length %d < payload %d" %
                             (n, rl, len(data)))
        if f:
            if key in firsts:
                bad["rl"].append("frame %d: second first-segment of id %d" %
                                 (n, ident))
            firsts[key] = rl
        ent = pieces.setdefault(key, [])
        ent.append((rl, data, n))
    # offsets from the first segment's remaining length
    full = {}
    for key, segs in pieces.items():
        if key not in firsts:
            bad["rl"].append("id %d: no segment with the F bit" % key[1])
            continue
        total = firsts[key]
        lst = []
        for rl, data, n in segs:
            lst.append((total - rl, data))
            last = rl == len(data)
            if not last and len(data) != o.mtu - 20 - 12:
                bad["rl"].append("frame %d: not last, payload %d != MTU - 32 "
                                 "(%d)" % (n, len(data), o.mtu - 32))
        full[key] = (total, lst)
    summarize(bad["hdr"], len(pkts), "sclp: ports (source %d..%d, destination "
              "%d)" % (SPORT_LO, SPORT_HI, o.dst_port))
    summarize(bad["csum"], len(pkts), "sclp: header checksum (pseudo-header "
              "+ 12-byte header)")
    summarize(bad["rl"], len(pkts), "sclp: identification, F bit in the "
              "first segment only, remaining length, full segments but the "
              "last")
    frames, errs = reassemble(full, "sclp frame")
    summarize(errs, len(full), "sclp: segments of every frame fit together")
    inner, bad = [], []
    for key, fr in frames.items():
        flags, vni_word = struct.unpack("!B3xI", fr[:8])
        if flags != 0x08 or vni_word >> 8 != o.key or vni_word & 0xff:
            bad.append("id %d: vxlan flags %#x vni %d" % (key[1], flags,
                                                         vni_word >> 8))
        inner.append(fr[8:])
    summarize(bad, len(frames), "sclp: VXLAN header (I flag, VNI %d) in "
              "every frame" % o.key)
    check(len(frames) >= o.min_frames, "sclp: %d frames reassembled here "
          "(want >= %d)" % (len(frames), o.min_frames))
    match_expected(inner, load_expect(o.expect), "sclp")


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    e = sub.add_parser("encap")
    e.add_argument("pcap")
    e.add_argument("kind", choices=["vxlan", "geneve", "nvgre"])
    e.add_argument("src")
    e.add_argument("dst")
    e.add_argument("key", type=lambda s: int(s, 0))
    e.add_argument("--smac", default="")
    e.add_argument("--dmac", default="")
    e.add_argument("--ttl", type=int, default=64)
    e.add_argument("--tos", type=int, default=0)
    e.add_argument("--dst-port", type=int)
    e.add_argument("--flowid", default="0")
    e.add_argument("--inner-src", default="10.90.0.1")
    e.add_argument("--inner-dst", default="10.90.0.2")
    e.add_argument("--max-len", type=int, default=1514)
    e.add_argument("--min", type=int, default=1)
    i = sub.add_parser("inner")
    i.add_argument("pcap")
    i.add_argument("src")
    i.add_argument("dst")
    i.add_argument("--min", type=int, default=1)
    i.add_argument("--max-len", type=int, default=1514)
    i.add_argument("--no-encap", action="append", default=[])
    i.add_argument("--no-csum", action="store_true")
    for name in ("stt", "sclp"):
        s = sub.add_parser(name)
        s.add_argument("pcap")
        s.add_argument("src")
        s.add_argument("dst")
        s.add_argument("key", type=lambda v: int(v, 0))
        s.add_argument("--expect")
        s.add_argument("--min-frames", type=int, default=1)
        s.add_argument("--mtu", type=int, default=1500)
        s.add_argument("--ttl", type=int, default=64)
        s.add_argument("--max-len", type=int, default=1514)
        s.add_argument("--dst-port", type=int, default=DEFAULT_PORT[name])
    o = ap.parse_args()
    {"encap": cmd_encap, "inner": cmd_inner, "stt": cmd_stt,
     "sclp": cmd_sclp}[o.cmd](o)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
