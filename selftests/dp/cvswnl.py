#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""A small, independent client of the cvsw generic-netlink family.

It speaks raw netlink with nothing but the socket module and never goes
through libcvsw, so the bad-input tests (badinput.py) can send malformed
messages on purpose and fuzz the family. Flows, counters and events of the
other dp tests go through cvsw-shell (the real syntax); this client is for
what the library refuses to build.

The ABI's numbers (commands, attributes, actions, ports, reasons...) are
read from kmod/uapi/cvsw.h at import time, so the header stays the one
place they are written down: every enumerator and #define of the header is
a name of this module without its CVSW_ prefix (CVSW_CMD_FLOW_NEW ->
CMD_FLOW_NEW, CVSW_MATCH_A_DL_TYPE -> MATCH_A_DL_TYPE). Importing fails at
once, naming them, if a name this client needs is missing. CVSW_UAPI
overrides the header's path.
"""
import os
import random
import re
import socket
import struct

NETLINK_GENERIC = 16
NLM_F_REQUEST, NLM_F_MULTI, NLM_F_ACK, NLM_F_DUMP = 1, 2, 4, 0x300
NLMSG_ERROR, NLMSG_DONE = 2, 3
GENL_ID_CTRL, CTRL_CMD_GETFAMILY = 0x10, 3
CTRL_ATTR_FAMILY_ID, CTRL_ATTR_FAMILY_NAME, CTRL_ATTR_MCAST_GROUPS = 1, 2, 7
NLM_F_ECHO, NLM_F_CAPPED, NLM_F_ACK_TLVS = 8, 0x100, 0x200
NLMSG_MIN_TYPE = 0x10
SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, NETLINK_EXT_ACK = 270, 1, 11
NETLINK_CAP_ACK = 10
NLMSGERR_ATTR_MSG = 1
NLA_F_NESTED = 0x8000

UAPI_H = os.environ.get("CVSW_UAPI") or os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..", "kmod", "uapi",
    "cvsw.h")

# What this client and badinput.py use; the header must define each.
NEEDED = """GENL_NAME GENL_VERSION
CMD_DEV_GET CMD_DEV_SET CMD_FLOW_NEW CMD_FLOW_SET CMD_FLOW_DEL CMD_FLOW_GET
CMD_FLOW_FLUSH CMD_STATS_GET CMD_PACKET_OUT CMD_MAX
A_IFINDEX A_IFNAME A_MTU A_OFFLOADS A_MISS A_PACKET_IN_RATE A_FLOW A_PACKET
A_IN_PORT A_ACTIONS A_N_FLOWS A_MAX
FLOW_A_MATCH FLOW_A_ACTIONS FLOW_A_PRIORITY FLOW_A_COOKIE
FLOW_A_IDLE_TIMEOUT FLOW_A_HARD_TIMEOUT FLOW_A_FLAGS FLOW_A_STRICT
FLOW_A_PACKETS FLOW_F_SEND_FLOW_REM FLOW_F_ALL
MATCH_A_DL_SRC MATCH_A_DL_VLAN MATCH_A_DL_TYPE MATCH_A_NW_TOS MATCH_A_NW_SRC
MATCH_A_NW_SRC_PREFIX MATCH_A_NW_DST MATCH_A_NW_DST_PREFIX MATCH_A_NW_PROTO
MATCH_A_TP_DST MATCH_A_MAX
ACTION_A_OUTPUT ACTION_A_SET_VLAN_VID ACTION_A_MAX
OFFLOAD_A_RX_CSUM MISS_NORMAL MISS_DROP
PORT_HOST PORT_NET PORT_NORMAL PORT_TABLE PORT_NONE""".split()


def _c_value(expr, known):
    """Value of a C constant expression of the header (integer literals,
    earlier names, | << + - ( ), string literals), or None."""
    expr = re.sub(r"\b(0[xX][0-9a-fA-F]+|\d+)[uUlL]+\b", r"\1", expr.strip())
    if not expr:
        return None
    try:
        return eval(expr, {"__builtins__": {}}, dict(known))  # noqa: S307
    except Exception:
        return None


def load_uapi(path):
    """{name without CVSW_: value} of every enumerator and object-like
    #define of the header."""
    text = open(path).read()
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    text = re.sub(r"//[^\n]*", "", text).replace("\\\n", " ")
    known = {}
    pos = 0
    token = re.compile(r"^[ \t]*#[ \t]*define[ \t]+(\w+)\b(?!\()[ \t]*([^\n]*)|"
                       r"\benum\s+\w*\s*\{([^}]*)\}", re.M)
    for m in token.finditer(text, pos):
        if m.group(1):
            v = _c_value(m.group(2), known)
            if v is not None:
                known[m.group(1)] = v
            continue
        nxt = 0
        for item in m.group(3).split(","):
            name, _, expr = item.partition("=")
            name = name.strip()
            if not name:
                continue
            if expr.strip():
                nxt = _c_value(expr, known)
                if not isinstance(nxt, int):
                    raise SystemExit("cvswnl: %s: cannot evaluate %s = %s" %
                                     (path, name, expr.strip()))
            known[name] = nxt
            nxt += 1
    return {k[5:]: v for k, v in known.items() if k.startswith("CVSW_")}


def load_uapi_types(path):
    """{name without CVSW_: (wire type, reply)} of every enumerator whose
    comment starts with its type, as the header documents attributes:
    u8 u16 u32 u64 be16 be32 flag string nested binary binary[N] or
    "struct NAME"; reply is True when the comment says "(reply)"."""
    out = {}
    pat = re.compile(r"^\s*CVSW_(\w+)\s*(?:=[^,/]*)?,\s*/\*\s*(.*?)\s*(?:\*/|$)",
                     re.M)
    typ = re.compile(r"(u8|u16|u32|u64|be16|be32|flag|string|nested|"
                     r"binary(?:\[\d+\])?|struct\s+\w+)(?!\w)")
    for m in pat.finditer(open(path).read()):
        t = typ.match(m.group(2))
        if t:
            out[m.group(1)] = (re.sub(r"\s+", " ", t.group(1)),
                               "(reply)" in m.group(2))
    return out


def load_uapi_structs(path):
    """{struct name: size in bytes} of the header's structs made of __uN
    members (the payloads of some actions)."""
    text = re.sub(r"/\*.*?\*/", " ", open(path).read(), flags=re.S)
    out = {}
    for m in re.finditer(r"\bstruct\s+(\w+)\s*\{([^}]*)\}\s*;", text):
        members = re.findall(r"__u(8|16|32|64)\s+\w+\s*;", m.group(2))
        if members and len(members) == m.group(2).count(";"):
            out[m.group(1)] = sum(int(b) // 8 for b in members)
    return out


try:
    UAPI = load_uapi(UAPI_H)
    UAPI_TYPES = load_uapi_types(UAPI_H)
    UAPI_STRUCTS = load_uapi_structs(UAPI_H)
except OSError as e:
    raise SystemExit("cvswnl: cannot read the uapi header: %s" % e)
_missing = [n for n in NEEDED if n not in UAPI]
if _missing:
    raise SystemExit("cvswnl: %s does not define %s" %
                     (UAPI_H, ", ".join("CVSW_" + n for n in _missing)))
globals().update(UAPI)


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
    # struct cvsw_action_output { __u16 port; __u16 max_len; }
    return nla(ACTION_A_OUTPUT, struct.pack("=HH", port, max_len))


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
                            string(CTRL_ATTR_FAMILY_NAME, GENL_NAME), version=1)
        a = parse_attrs(msgs[0])
        fam = struct.unpack("=H", a[CTRL_ATTR_FAMILY_ID][0])[0]
        groups = {}
        for g in parse_attrs(a.get(CTRL_ATTR_MCAST_GROUPS, [b""])[0]).values():
            ga = parse_attrs(g[0])
            groups[ga[1][0].rstrip(b"\0").decode()] = struct.unpack("=I", ga[2][0])[0]
        return fam, groups

    def build(self, fam, cmd, attrs, flags, version=GENL_VERSION):
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

    def request(self, fam, cmd, attrs=b"", dump=False, version=GENL_VERSION):
        flags = NLM_F_REQUEST | NLM_F_ACK | (NLM_F_DUMP if dump else 0)
        seq, msg = self.build(fam, cmd, attrs, flags, version)
        self.s.send(msg)
        return self.recv_reply(seq)

    def cmd(self, cmd, *attrs, dump=False):
        return [parse_attrs(m) for m in
                self.request(self.family, cmd, b"".join(attrs), dump)]

    def devices(self):
        return {a[A_IFNAME][0].rstrip(b"\0").decode():
                struct.unpack("=I", a[A_IFINDEX][0])[0]
                for a in self.cmd(CMD_DEV_GET, dump=True)}


def flow_attr(match=(), actions=None, priority=None, flags=None, extra=()):
    parts = [nest(FLOW_A_MATCH, *match)]
    if actions is not None:
        parts.append(nest(FLOW_A_ACTIONS, *actions))
    if priority is not None:
        parts.append(u16(FLOW_A_PRIORITY, priority))
    if flags is not None:
        parts.append(u32(FLOW_A_FLAGS, flags))
    parts.extend(extra)
    return nest(A_FLOW, *parts)


def fuzz_messages(ifindex, count, seed):
    """Yield (cmd, attrs, mutating) of @count malformed or random requests:
    random attribute bytes, bit flips, truncations, random nests, unknown
    commands. Some may happen to be valid requests; the caller checks that
    every refused one changed nothing."""
    rnd = random.Random(seed)
    good = flow_attr([be16(MATCH_A_DL_TYPE, 0x800),
                      ip4(MATCH_A_NW_DST, "10.9.9.9")], [output(2)], 10)
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
        elif kind == 3:    # wrong types/lengths inside nests, some unknown
            attrs = u32(A_IFINDEX, ifindex) + nest(A_FLOW, nest(FLOW_A_MATCH, nla(rnd.randrange(0, MATCH_A_MAX + 4), rbytes(rnd.randrange(0, 12)))), nest(FLOW_A_ACTIONS, nla(rnd.randrange(0, ACTION_A_MAX + 4), rbytes(rnd.randrange(0, 12)))))
        else:              # unknown command numbers
            attrs = base
        if kind == 4:
            cmd = rnd.randrange(CMD_MAX + 1, 256)
        else:
            cmd = rnd.choice([CMD_FLOW_NEW, CMD_FLOW_SET, CMD_FLOW_DEL,
                              CMD_DEV_SET, CMD_PACKET_OUT, CMD_FLOW_GET,
                              CMD_STATS_GET])
        yield cmd, attrs, cmd in (CMD_FLOW_NEW, CMD_FLOW_SET, CMD_FLOW_DEL,
                                  CMD_DEV_SET)


# ---- decoding and conveniences of badinput.py ----

def get_u(b):
    return {1: lambda: b[0], 2: lambda: struct.unpack("=H", b)[0],
            4: lambda: struct.unpack("=I", b)[0],
            8: lambda: struct.unpack("=Q", b)[0]}[len(b)]()


def decode_flow(fattr):
    """CVSW_A_FLOW payload -> dict with match (attr dict), actions (list of
    (type, payload)), priority, cookie, packets, bytes, flags..."""
    f = parse_attrs(fattr)
    acts = []
    if FLOW_A_ACTIONS in f:
        i, data = 0, f[FLOW_A_ACTIONS][0]
        while i + 4 <= len(data):
            ln, t = struct.unpack_from("=HH", data, i)
            acts.append((t, data[i + 4:i + ln]))
            i += (ln + 3) & ~3
    d = {"match": {k: v[0] for k, v in parse_attrs(f.get(FLOW_A_MATCH, [b""])[0]).items()},
         "actions": acts}
    for name, key in (("priority", FLOW_A_PRIORITY), ("cookie", FLOW_A_COOKIE),
                      ("idle", FLOW_A_IDLE_TIMEOUT),
                      ("hard", FLOW_A_HARD_TIMEOUT), ("flags", FLOW_A_FLAGS),
                      ("packets", FLOW_A_PACKETS)):
        if key in f:
            d[name] = get_u(f[key][0])
    return d


def udp_match(dport=None, extra=()):
    m = [be16(MATCH_A_DL_TYPE, 0x800), u8(MATCH_A_NW_PROTO, 17)]
    if dport is not None:
        m.append(be16(MATCH_A_TP_DST, dport))
    return m + list(extra)


def expect_nl_error(fn, errno_, text_part, what, check):
    """@fn must raise NlError with @errno_ and, if given, @text_part in the
    extack message; the verdict goes to check(cond, msg)."""
    try:
        fn()
    except NlError as e:
        good = e.errno == errno_ and (text_part is None or
                                      (e.msg and text_part in e.msg))
        return check(good, "%s: refused with %r (%d)" % (what, e.msg, e.errno))
    return check(False, "%s: was accepted" % what)


class Dp:
    """One device's datapath through a Cvsw socket."""

    def __init__(self, c, ifname):
        self.c = c
        self.idx = c.devices()[ifname]
        self.dev = u32(A_IFINDEX, self.idx)

    def add(self, match, actions, priority=None, flags=None, extra=()):
        return self.c.cmd(CMD_FLOW_NEW, self.dev,
                          flow_attr(match, actions, priority, flags, extra))

    def delete(self, match=None, priority=None, strict=False):
        if match is None:
            return self.c.cmd(CMD_FLOW_DEL, self.dev)
        extra = [flag(FLOW_A_STRICT)] if strict else []
        return self.c.cmd(CMD_FLOW_DEL, self.dev,
                          flow_attr(match, None, priority, None, extra))

    def flows(self):
        return [decode_flow(m[A_FLOW][0])
                for m in self.c.cmd(CMD_FLOW_GET, self.dev, dump=True)]

    def flush(self):
        return self.c.cmd(CMD_FLOW_FLUSH, self.dev)

    def info(self):
        return self.c.cmd(CMD_DEV_GET, self.dev)[0]

    def set(self, *attrs):
        return self.c.cmd(CMD_DEV_SET, self.dev, *attrs)


if __name__ == "__main__":
    print(Cvsw().devices())
