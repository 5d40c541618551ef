#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""A small, independent client of the cvsw generic-netlink family.

Written from kmod/uapi/cvsw.h with nothing but the socket module, so the
selftests can check the kernel ABI without going through libcvsw, and can
send malformed messages on purpose (the bad-input fuzzer).
"""
import os
import random
import socket
import struct
import sys

NETLINK_GENERIC = 16
NLM_F_REQUEST, NLM_F_MULTI, NLM_F_ACK, NLM_F_DUMP = 1, 2, 4, 0x300
NLMSG_ERROR, NLMSG_DONE = 2, 3
GENL_ID_CTRL, CTRL_CMD_GETFAMILY = 0x10, 3
CTRL_ATTR_FAMILY_ID, CTRL_ATTR_FAMILY_NAME, CTRL_ATTR_MCAST_GROUPS = 1, 2, 7
SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, NETLINK_EXT_ACK = 270, 1, 11
NLMSGERR_ATTR_MSG = 1

# enum cvsw_cmd
(CMD_DEV_GET, CMD_DEV_SET, CMD_FLOW_NEW, CMD_FLOW_SET, CMD_FLOW_DEL,
 CMD_FLOW_GET, CMD_FLOW_FLUSH, CMD_STATS_GET, CMD_PACKET_OUT, CMD_PACKET_IN,
 CMD_FLOW_REMOVED, CMD_PORT_STATUS) = range(1, 13)
# enum cvsw_attr
(A_IFINDEX, A_IFNAME, A_DATAPATH_ID, A_MAC, A_MTU, A_OFFLOADS, A_MISS,
 A_PACKET_IN_RATE, A_LINK_UP, A_FLOW, A_TABLE_STATS, A_PORT_STATS, A_PACKET,
 A_IN_PORT, A_ACTIONS, A_REASON, A_TOTAL_LEN, A_N_FLOWS, A_MAX_FLOWS,
 A_PAD) = range(1, 21)
# enum cvsw_flow_attr
(F_MATCH, F_ACTIONS, F_PRIORITY, F_COOKIE, F_IDLE, F_HARD, F_FLAGS, F_STRICT,
 F_OUT_PORT, F_PACKETS, F_BYTES, F_DURATION, F_IDLE_MS, F_PAD) = range(1, 15)
# enum cvsw_match_attr
(M_IN_PORT, M_DL_SRC, M_DL_DST, M_DL_VLAN, M_DL_VLAN_PCP, M_DL_TYPE, M_NW_TOS,
 M_NW_PROTO, M_NW_SRC, M_NW_SRC_PREFIX, M_NW_DST, M_NW_DST_PREFIX, M_TP_SRC,
 M_TP_DST, M_TUN_ID) = range(1, 16)
# enum cvsw_action_attr
(ACT_OUTPUT, ACT_SET_VLAN_VID, ACT_SET_VLAN_PCP, ACT_STRIP_VLAN,
 ACT_SET_DL_SRC, ACT_SET_DL_DST, ACT_SET_NW_SRC, ACT_SET_NW_DST,
 ACT_SET_NW_TOS, ACT_SET_TP_SRC, ACT_SET_TP_DST, ACT_ENQUEUE) = range(1, 13)
PORT_IN_PORT, PORT_NORMAL, PORT_FLOOD, PORT_ALL = 0xfff8, 0xfffa, 0xfffb, 0xfffc
PORT_CONTROLLER, PORT_TABLE, PORT_NONE = 0xfffd, 0xfff9, 0xffff
NLA_F_NESTED = 0x8000


def nla(t, payload):
    hdr = struct.pack("=HH", 4 + len(payload), t)
    return hdr + payload + b"\0" * ((4 - len(payload) % 4) % 4)


def nest(t, *parts):
    return nla(t | NLA_F_NESTED, b"".join(parts))


def u8(t, v): return nla(t, struct.pack("=B", v))
def u16(t, v): return nla(t, struct.pack("=H", v))
def u32(t, v): return nla(t, struct.pack("=I", v))
def u64(t, v): return nla(t, struct.pack("=Q", v))
def be16(t, v): return nla(t, struct.pack(">H", v))
def be32(t, v): return nla(t, struct.pack(">I", v))
def flag(t): return nla(t, b"")
def string(t, s): return nla(t, s.encode() + b"\0")
def mac(t, s): return nla(t, bytes(int(x, 16) for x in s.split(":")))
def ip4(t, s): return nla(t, socket.inet_aton(s))


def output(port, max_len=0):
    return nla(ACT_OUTPUT, struct.pack("=HH", port, max_len))


def parse_attrs(data):
    out = {}
    i = 0
    while i + 4 <= len(data):
        ln, t = struct.unpack_from("=HH", data, i)
        if ln < 4:
            break
        out.setdefault(t & 0x3fff, []).append(data[i + 4:i + ln])
        i += (ln + 3) & ~3
    return out


class NlError(Exception):
    def __init__(self, errno_, msg):
        super().__init__("%s (%s)" % (msg or os.strerror(errno_), errno_))
        self.errno = errno_
        self.msg = msg


class Cvsw:
    def __init__(self):
        self.s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW,
                               NETLINK_GENERIC)
        self.s.bind((0, 0))
        self.s.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
        self.s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 22)
        self.seq = 1
        self.family, self.groups = self._resolve()

    def _resolve(self):
        msgs = self.request(GENL_ID_CTRL, CTRL_CMD_GETFAMILY,
                            string(CTRL_ATTR_FAMILY_NAME, "cvsw"), version=1)
        a = parse_attrs(msgs[0])
        fam = struct.unpack("=H", a[CTRL_ATTR_FAMILY_ID][0])[0]
        groups = {}
        for g in parse_attrs(a.get(CTRL_ATTR_MCAST_GROUPS, [b""])[0]).values():
            ga = parse_attrs(g[0])
            groups[ga[1][0].rstrip(b"\0").decode()] = struct.unpack("=I", ga[2][0])[0]
        return fam, groups

    def send_raw(self, nlmsg):
        self.s.send(nlmsg)

    def build(self, fam, cmd, attrs, flags, version=1):
        seq = self.seq
        self.seq += 1
        body = struct.pack("=BBH", cmd, version, 0) + attrs
        return seq, struct.pack("=IHHII", 16 + len(body), fam, flags, seq, 0) + body

    def recv_reply(self, seq):
        """Messages of one request up to its ack/done; raises NlError."""
        out = []
        while True:
            data = self.s.recv(1 << 20)
            i = 0
            while i + 16 <= len(data):
                ln, typ, flags, mseq, _ = struct.unpack_from("=IHHII", data, i)
                msg = data[i + 16:i + ln]
                i += (ln + 3) & ~3
                if mseq != seq:
                    continue
                if typ == NLMSG_ERROR:
                    err = -struct.unpack_from("=i", msg, 0)[0]
                    text = None
                    if flags & 0x200:  # NLM_F_ACK_TLVS: error attrs follow
                        olen = struct.unpack_from("=I", msg, 4)[0]
                        skip = 4 + (16 if flags & 0x100 else olen)
                        a = parse_attrs(msg[skip:])
                        if NLMSGERR_ATTR_MSG in a:
                            text = a[NLMSGERR_ATTR_MSG][0].rstrip(b"\0").decode()
                    if err:
                        raise NlError(err, text)
                    return out
                if typ == NLMSG_DONE:
                    return out
                out.append(msg[4:])
                if not flags & NLM_F_MULTI:
                    pass

    def request(self, fam, cmd, attrs=b"", dump=False, version=1):
        flags = NLM_F_REQUEST | NLM_F_ACK | (NLM_F_DUMP if dump else 0)
        seq, msg = self.build(fam, cmd, attrs, flags, version)
        self.s.send(msg)
        return self.recv_reply(seq)

    def cmd(self, cmd, *attrs, dump=False):
        return [parse_attrs(m) for m in
                self.request(self.family, cmd, b"".join(attrs), dump)]

    def subscribe(self, group):
        self.s.setsockopt(SOL_NETLINK, NETLINK_ADD_MEMBERSHIP,
                          self.groups[group])

    def devices(self):
        return {a[A_IFNAME][0].rstrip(b"\0").decode():
                struct.unpack("=I", a[A_IFINDEX][0])[0]
                for a in self.cmd(CMD_DEV_GET, dump=True)}


def flow_attr(match=(), actions=None, priority=None, flags=None, extra=()):
    parts = [nest(F_MATCH, *match)]
    if actions is not None:
        parts.append(nest(F_ACTIONS, *actions))
    if priority is not None:
        parts.append(u16(F_PRIORITY, priority))
    if flags is not None:
        parts.append(u32(F_FLAGS, flags))
    parts.extend(extra)
    return nest(A_FLOW, *parts)


def fuzz_messages(ifindex, count, seed):
    """Yield (cmd, attrs, mutating) of @count malformed or random requests:
    random attribute bytes, bit flips, truncations, random nests, unknown
    commands. Some may happen to be valid requests; the caller checks that
    every refused one changed nothing."""
    rnd = random.Random(seed)
    good = flow_attr([be16(M_DL_TYPE, 0x800), ip4(M_NW_DST, "10.9.9.9")],
                     [output(2)], 10)
    rbytes = lambda n: bytes(rnd.randrange(256) for _ in range(n))
    for _ in range(count):
        kind = rnd.randrange(5)
        base = u32(A_IFINDEX, ifindex) + good
        if kind == 0:      # random bytes as attributes
            attrs = u32(A_IFINDEX, ifindex) + rbytes(rnd.randrange(1, 64))
        elif kind == 1:    # a valid message with random bit flips
            b = bytearray(base)
            for _ in range(rnd.randrange(1, 4)):
                b[rnd.randrange(len(b))] ^= 1 << rnd.randrange(8)
            attrs = bytes(b)
        elif kind == 2:    # truncated
            attrs = base[:rnd.randrange(len(base))]
        elif kind == 3:    # wrong types/lengths inside nests
            attrs = u32(A_IFINDEX, ifindex) + nest(A_FLOW, nest(F_MATCH, nla(rnd.randrange(0, 20), rbytes(rnd.randrange(0, 12)))), nest(F_ACTIONS, nla(rnd.randrange(0, 16), rbytes(rnd.randrange(0, 12)))))
        else:              # unknown command numbers
            attrs = base
        if kind == 4:
            cmd = rnd.randrange(13, 256)
        else:
            cmd = rnd.choice([CMD_FLOW_NEW, CMD_FLOW_SET, CMD_FLOW_DEL,
                              CMD_DEV_SET, CMD_PACKET_OUT, CMD_FLOW_GET,
                              CMD_STATS_GET])
        yield cmd, attrs, cmd in (CMD_FLOW_NEW, CMD_FLOW_SET, CMD_FLOW_DEL,
                                  CMD_DEV_SET)


if __name__ == "__main__":
    c = Cvsw()
    print(c.devices())


# ---- decoding and conveniences used by the dp selftests ----

def get_u(b):
    return {1: lambda: b[0], 2: lambda: struct.unpack("=H", b)[0],
            4: lambda: struct.unpack("=I", b)[0],
            8: lambda: struct.unpack("=Q", b)[0]}[len(b)]()


def decode_flow(fattr):
    """CVSW_A_FLOW payload -> dict with match (attr dict), actions (list of
    (type, payload)), priority, cookie, packets, bytes, flags..."""
    f = parse_attrs(fattr)
    acts = []
    if F_ACTIONS in f:
        i, data = 0, f[F_ACTIONS][0]
        while i + 4 <= len(data):
            ln, t = struct.unpack_from("=HH", data, i)
            acts.append((t, data[i + 4:i + ln]))
            i += (ln + 3) & ~3
    d = {"match": {k: v[0] for k, v in parse_attrs(f.get(F_MATCH, [b""])[0]).items()},
         "actions": acts}
    for name, key in (("priority", F_PRIORITY), ("cookie", F_COOKIE),
                      ("idle", F_IDLE), ("hard", F_HARD), ("flags", F_FLAGS),
                      ("packets", F_PACKETS), ("bytes", F_BYTES),
                      ("duration_ms", F_DURATION)):
        if key in f:
            d[name] = get_u(f[key][0])
    return d


class Dp:
    """One device's datapath through a Cvsw socket."""

    def __init__(self, c, ifname):
        self.c = c
        self.idx = c.devices()[ifname]
        self.dev = u32(A_IFINDEX, self.idx)

    def add(self, match, actions, priority=None, flags=None, extra=()):
        return self.c.cmd(CMD_FLOW_NEW, self.dev,
                          flow_attr(match, actions, priority, flags, extra))

    def modify(self, match, actions, priority=None, strict=False):
        extra = [flag(F_STRICT)] if strict else []
        return self.c.cmd(CMD_FLOW_SET, self.dev,
                          flow_attr(match, actions, priority, None, extra))

    def delete(self, match=None, priority=None, strict=False, out_port=None):
        if match is None:
            return self.c.cmd(CMD_FLOW_DEL, self.dev)
        extra = ([flag(F_STRICT)] if strict else []) + \
                ([u16(F_OUT_PORT, out_port)] if out_port is not None else [])
        return self.c.cmd(CMD_FLOW_DEL, self.dev,
                          flow_attr(match, None, priority, None, extra))

    def flows(self, match=None):
        extra = [flow_attr(match)] if match is not None else []
        return [decode_flow(m[A_FLOW][0])
                for m in self.c.cmd(CMD_FLOW_GET, self.dev, *extra, dump=True)]

    def get(self, match, priority):
        m = self.c.cmd(CMD_FLOW_GET, self.dev, flow_attr(match, None, priority))
        return decode_flow(m[0][A_FLOW][0])

    def flush(self):
        return self.c.cmd(CMD_FLOW_FLUSH, self.dev)

    def info(self):
        return self.c.cmd(CMD_DEV_GET, self.dev)[0]

    def set(self, *attrs):
        return self.c.cmd(CMD_DEV_SET, self.dev, *attrs)

    def stats(self):
        return self.c.cmd(CMD_STATS_GET, self.dev)[0]

    def packet_out(self, frame, in_port, actions):
        return self.c.cmd(CMD_PACKET_OUT, self.dev, nla(A_PACKET, frame),
                          u16(A_IN_PORT, in_port), nest(A_ACTIONS, *actions))

    def add_many(self, flows, chunk=200):
        """Add (match, actions, priority) tuples, many messages per send;
        returns the number of errors."""
        errors = 0
        flows = list(flows)
        for i in range(0, len(flows), chunk):
            buf, seqs = b"", []
            for match, actions, prio in flows[i:i + chunk]:
                seq, msg = self.c.build(self.c.family, CMD_FLOW_NEW,
                                        self.dev + flow_attr(match, actions, prio),
                                        NLM_F_REQUEST | NLM_F_ACK)
                buf += msg
                seqs.append(seq)
            self.c.s.send(buf)
            for seq in seqs:
                try:
                    self.c.recv_reply(seq)
                except NlError:
                    errors += 1
        return errors


def recv_events(c, timeout):
    """Multicast messages received within @timeout seconds: (cmd, attrs)."""
    import select
    import time
    out = []
    end = time.time() + timeout
    while True:
        left = end - time.time()
        if left <= 0 or not select.select([c.s], [], [], left)[0]:
            return out
        data = c.s.recv(1 << 20)
        i = 0
        while i + 16 <= len(data):
            ln, typ, flags, seq, _ = struct.unpack_from("=IHHII", data, i)
            if typ == c.family and seq == 0:
                out.append((data[i + 16], parse_attrs(data[i + 20:i + ln])))
            i += (ln + 3) & ~3
