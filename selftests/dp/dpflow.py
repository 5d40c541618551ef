#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Flow-level command line over cvswnl.py for the dp selftests.

Parses the project's ovs-ofctl-like flow text into cvsw netlink attributes
with nothing but cvswnl.py (no libcvsw), so a test can say

    dpflow.py add eth0 'priority=100,in_port=1,udp,tp_dst=7001,actions=mod_tp_dst:8001,output:2'
    dpflow.py dump eth0          # one line per flow: packets=N bytes=N <flow>
    dpflow.py flow-packets eth0 'in_port=1,udp,tp_dst=7001'   # strict get -> N
    dpflow.py stats eth0         # port=P rx_packets=.. tx_packets=.. dropped=..
    dpflow.py miss eth0 normal|drop|controller
    dpflow.py flush eth0
    dpflow.py packet-in eth0 COUNT TIMEOUT   # JSON line per event
    dpflow.py packet-out eth0 IN_PORT HEXFRAME ACTIONS

Run it inside the namespace of the device (ip netns exec ...).
"""
import json
import os
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cvswnl import *  # noqa: E402,F401,F403
import cvswnl  # noqa: E402

PORTS = {
    "in_port": PORT_IN_PORT, "table": PORT_TABLE, "normal": PORT_NORMAL,
    "flood": PORT_FLOOD, "all": PORT_ALL, "controller": PORT_CONTROLLER,
    "local": 0xfffe, "none": PORT_NONE, "host": 1, "net": 2,
}
SHORTHAND = {
    "ip": [("dl_type", "0x0800")],
    "arp": [("dl_type", "0x0806")],
    "icmp": [("dl_type", "0x0800"), ("nw_proto", "1")],
    "tcp": [("dl_type", "0x0800"), ("nw_proto", "6")],
    "udp": [("dl_type", "0x0800"), ("nw_proto", "17")],
}


def num(s):
    return int(s, 0)


def port(s):
    s = s.strip().lower()
    return PORTS[s] if s in PORTS else num(s)


def split_flow(text):
    """-> (list of (key, value) of the match part, actions text or None)."""
    text = text.strip()
    acts = None
    i = text.find("actions=")
    if i >= 0:
        acts = text[i + len("actions="):]
        text = text[:i]
    fields = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        if "=" in part:
            k, v = part.split("=", 1)
            fields.append((k.strip(), v.strip()))
        elif part in SHORTHAND:
            fields.extend(SHORTHAND[part])
        else:
            raise ValueError("unknown match field '%s'" % part)
    return fields, acts


def parse_match(fields):
    """-> (match attrs, other flow attrs)"""
    m, extra = [], {}
    for k, v in fields:
        if k == "in_port":
            m.append(u16(M_IN_PORT, port(v)))
        elif k == "dl_src":
            m.append(mac(M_DL_SRC, v))
        elif k == "dl_dst":
            m.append(mac(M_DL_DST, v))
        elif k == "dl_vlan":
            m.append(u16(M_DL_VLAN, num(v)))
        elif k == "dl_vlan_pcp":
            m.append(u8(M_DL_VLAN_PCP, num(v)))
        elif k == "dl_type":
            m.append(be16(M_DL_TYPE, num(v)))
        elif k == "nw_tos":
            m.append(u8(M_NW_TOS, num(v)))
        elif k == "nw_proto":
            m.append(u8(M_NW_PROTO, num(v)))
        elif k in ("nw_src", "nw_dst"):
            a, _, plen = v.partition("/")
            if k == "nw_src":
                m.append(ip4(M_NW_SRC, a))
                if plen:
                    m.append(u8(M_NW_SRC_PREFIX, int(plen)))
            else:
                m.append(ip4(M_NW_DST, a))
                if plen:
                    m.append(u8(M_NW_DST_PREFIX, int(plen)))
        elif k == "tp_src":
            m.append(be16(M_TP_SRC, num(v)))
        elif k == "tp_dst":
            m.append(be16(M_TP_DST, num(v)))
        elif k == "tun_id":
            m.append(u64(M_TUN_ID, num(v)))
        elif k in ("priority", "idle_timeout", "hard_timeout", "cookie",
                   "flags"):
            extra[k] = num(v)
        else:
            raise ValueError("unknown match field '%s'" % k)
    return m, extra


def parse_actions(text):
    out = []
    if text is None:
        return None
    for a in text.split(","):
        a = a.strip()
        if not a or a == "drop":
            continue
        k, _, v = a.partition(":")
        k = k.lower()
        if k == "output":
            p, _, ml = v.partition(":")
            out.append(output(port(p), num(ml) if ml else 0))
        elif k == "controller":
            out.append(output(PORT_CONTROLLER, num(v) if v else 0))
        elif k in PORTS and not v:
            out.append(output(PORTS[k]))
        elif k.isdigit() and not v:
            out.append(output(int(k)))
        elif k == "enqueue":
            p, _, q = v.partition(":")
            out.append(nla(ACT_ENQUEUE, struct.pack("=HHI", port(p), 0,
                                                    num(q) if q else 0)))
        elif k == "mod_vlan_vid":
            out.append(u16(ACT_SET_VLAN_VID, num(v)))
        elif k == "mod_vlan_pcp":
            out.append(u8(ACT_SET_VLAN_PCP, num(v)))
        elif k == "strip_vlan":
            out.append(flag(ACT_STRIP_VLAN))
        elif k == "mod_dl_src":
            out.append(mac(ACT_SET_DL_SRC, v))
        elif k == "mod_dl_dst":
            out.append(mac(ACT_SET_DL_DST, v))
        elif k == "mod_nw_src":
            out.append(ip4(ACT_SET_NW_SRC, v))
        elif k == "mod_nw_dst":
            out.append(ip4(ACT_SET_NW_DST, v))
        elif k == "mod_nw_tos":
            out.append(u8(ACT_SET_NW_TOS, num(v)))
        elif k == "mod_tp_src":
            out.append(be16(ACT_SET_TP_SRC, num(v)))
        elif k == "mod_tp_dst":
            out.append(be16(ACT_SET_TP_DST, num(v)))
        else:
            raise ValueError("unknown action '%s'" % a)
    return out


def flow_from_text(text, strict=False):
    fields, acts = split_flow(text)
    m, extra = parse_match(fields)
    parts = [nest(F_MATCH, *m)]
    a = parse_actions(acts)
    if a is not None:
        parts.append(nest(F_ACTIONS, *a))
    if "priority" in extra:
        parts.append(u16(F_PRIORITY, extra["priority"]))
    if "cookie" in extra:
        parts.append(u64(F_COOKIE, extra["cookie"]))
    if "idle_timeout" in extra:
        parts.append(u16(F_IDLE, extra["idle_timeout"]))
    if "hard_timeout" in extra:
        parts.append(u16(F_HARD, extra["hard_timeout"]))
    if "flags" in extra:
        parts.append(u32(F_FLAGS, extra["flags"]))
    if strict:
        parts.append(flag(F_STRICT))
    return nest(A_FLOW, *parts)


def q(b):
    return struct.unpack("=Q", b)[0]


def ifindex(c, name):
    devs = c.devices()
    if name not in devs:
        raise SystemExit("dpflow: %s is not a cvsw device here (%s)" %
                         (name, ", ".join(devs)))
    return devs[name]


def flow_counts(f):
    return (q(f[F_PACKETS][0]) if F_PACKETS in f else -1,
            q(f[F_BYTES][0]) if F_BYTES in f else -1)


def main(argv):
    if len(argv) < 3:
        print(__doc__)
        return 2
    cmd, dev = argv[1], argv[2]
    c = Cvsw()
    idx = u32(A_IFINDEX, ifindex(c, dev))
    try:
        if cmd == "add":
            for t in argv[3:]:
                c.cmd(CMD_FLOW_NEW, idx, flow_from_text(t))
        elif cmd == "mod":
            for t in argv[3:]:
                c.cmd(CMD_FLOW_SET, idx, flow_from_text(t))
        elif cmd == "del":
            for t in argv[3:]:
                c.cmd(CMD_FLOW_DEL, idx, flow_from_text(t))
        elif cmd == "flush":
            c.cmd(CMD_FLOW_FLUSH, idx)
        elif cmd == "dump":
            for r in c.cmd(CMD_FLOW_GET, idx, dump=True):
                f = parse_attrs(r[A_FLOW][0])
                p, b = flow_counts(f)
                pr = struct.unpack("=H", f[F_PRIORITY][0])[0] \
                    if F_PRIORITY in f else -1
                print("packets=%d bytes=%d priority=%d" % (p, b, pr))
        elif cmd == "flow-packets":
            # strict get of the flow with this match -> "packets bytes"
            r = c.cmd(CMD_FLOW_GET, idx, flow_from_text(argv[3]))
            f = parse_attrs(r[0][A_FLOW][0])
            print("%d %d" % flow_counts(f))
        elif cmd == "stats":
            r = c.cmd(CMD_STATS_GET, idx)[0]
            names = {2: "rx_packets", 3: "rx_bytes", 4: "tx_packets",
                     5: "tx_bytes", 6: "dropped"}
            for ps in r.get(A_PORT_STATS, []):
                a = parse_attrs(ps)
                line = ["port=%d" % struct.unpack("=H", a[1][0])[0]]
                for k in sorted(names):
                    if k in a:
                        line.append("%s=%d" % (names[k], q(a[k][0])))
                print(" ".join(line))
        elif cmd == "miss":
            v = {"normal": 0, "drop": 1, "controller": 2}[argv[3]]
            c.cmd(CMD_DEV_SET, idx, u8(A_MISS, v))
        elif cmd == "packet-in":
            # COUNT TIMEOUT [READY_FILE]: subscribe, then print events
            count, timeout = int(argv[3]), float(argv[4])
            c.subscribe("packet_in")
            if len(argv) > 5:
                open(argv[5], "w").close()
            end = time.time() + timeout
            got = 0
            while got < count and time.time() < end:
                c.s.settimeout(max(0.05, end - time.time()))
                try:
                    data = c.s.recv(1 << 20)
                except socket.timeout:
                    break
                i = 0
                while i + 16 <= len(data):
                    ln, typ, _, _, _ = struct.unpack_from("=IHHII", data, i)
                    msg = data[i + 16:i + ln]
                    i += (ln + 3) & ~3
                    if typ != c.family or msg[0] != CMD_PACKET_IN:
                        continue
                    a = parse_attrs(msg[4:])
                    ev = {
                        "ifindex": struct.unpack("=I", a[A_IFINDEX][0])[0]
                        if A_IFINDEX in a else None,
                        "in_port": struct.unpack("=H", a[A_IN_PORT][0])[0]
                        if A_IN_PORT in a else None,
                        "reason": a[A_REASON][0][0] if A_REASON in a else None,
                        "total_len": struct.unpack("=I", a[A_TOTAL_LEN][0])[0]
                        if A_TOTAL_LEN in a else None,
                        "data_len": len(a[A_PACKET][0]) if A_PACKET in a
                        else None,
                        "data": a[A_PACKET][0].hex() if A_PACKET in a
                        else None,
                    }
                    print(json.dumps(ev), flush=True)
                    got += 1
        elif cmd == "packet-out":
            in_port, frame = port(argv[3]), bytes.fromhex(argv[4])
            acts = parse_actions(argv[5] if len(argv) > 5 else "")
            c.cmd(CMD_PACKET_OUT, idx, nla(A_PACKET, frame),
                  u16(A_IN_PORT, in_port), nest(A_ACTIONS, *acts))
        else:
            print("dpflow: unknown command %s" % cmd, file=sys.stderr)
            return 2
    except NlError as e:
        print("dpflow %s: %s" % (cmd, e), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
