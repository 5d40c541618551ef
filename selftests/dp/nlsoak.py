#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""nlsoak: a policy-aware fuzzer of the cvsw generic-netlink family with a
model of the datapath it drives.

Usage (root, in the namespace of the device):
    nlsoak.py --dev IF_A --count N --seed S [--batch B] [--check-every K]

Every message goes through three steps:

1. Generation. A valid skeleton of one command of the family (every
   command of the CMD_ enum with a handler, the event commands and unknown
   numbers too) with values from small pools and their edges: 0, max,
   max + 1, the documented ranges (vlan 4095/4096, pcp 7/8, prefix 32/33,
   miss policy, flag masks, MTU bounds, the 4096-byte action list). Then
   zero to three mutations of the attribute tree (drop, duplicate, reorder,
   payload too short or too long, another type's payload, unknown or
   reply-only attribute ids, extra nesting to random depth, NLA_F_NESTED and
   NLA_F_NET_BYTEORDER toggled, an attribute length that lies, a missing
   pad) and of the bytes (truncation, bit flips, random bytes, a genl
   header with another version, a reserved byte, bad nlmsg flags, no
   NLM_F_REQUEST or NLM_F_ACK, a wrong family, an nlmsg_len that lies).

2. Prediction. The fuzzer parses the exact bytes it sends with the rules
   the kernel applies: netlink's strict validation (the first bad attribute
   decides: unknown or UNSPEC ids and wrong fixed lengths EINVAL, flags with
   a payload, string, binary and range violations ERANGE, masks EINVAL,
   NLA_F_NESTED missing or unexpected EINVAL, trailing bytes EINVAL; last
   duplicate wins), generic netlink's checks (header length, reserved byte,
   flags, command, dump support), then the family's checks in the order the
   handlers run them (device, flow and match prerequisites, actions, ports,
   MTU, packet-out). The policy is ONE table, POLICY below: the wire type
   of each attribute comes from the comment of its enumerator in
   kmod/uapi/cvsw.h (cvswnl.UAPI_TYPES), the table adds which attributes a
   request may carry and their ranges; every number comes from the header.
   The prediction is the errno (or success) and, for success, the effect on
   the model and the reply the kernel must send.

   Only three outcomes are not predicted exactly: whether an offload of
   DEV_SET can be switched on this device (EOPNOTSUPP or success), the
   tunnel layer's checks of PORT_NEW (any errno or success; a success must
   then name a port the model had free, under a name it did not know), and
   for a refusal of a request carrying both errors, which of the two.

3. Check. Every message gets its reply: an ACK, an error with the predicted
   errno, or (nlmsg_len longer than the bytes, or shorter than a header)
   nothing; a missing reply (10 s), an extra one, a socket error, another
   errno or a success where an error was due fails. A refusal must carry an
   extack message, except where the kernel cannot give one: generic
   netlink's own refusals (unknown command, no dump handler, short genl
   header, unknown family) and refusals by a dump's start callback (Linux
   6.1 gives the callback no extack; counted as "dump refusals without
   extack"). Replies are compared with the model: FLOW_GET (strict) returns
   the model's flow, dumps return exactly the model's selection, DEV_GET
   and STATS_GET the model's device and flow count, PORT_GET its ports.
   Every --check-every messages and at the end the whole table is dumped and
   must equal the model, flow for flow (match, priority, cookie, timeouts,
   flags, actions byte for byte); a difference is printed as a diff.

The model (class Model) holds what the accepted requests made, by the
kernel's documented OpenFlow 1.0 rules:
 - a flow is keyed by its match (each field a value and a mask, values
   masked, nw/tun addresses by prefix) and its effective priority: exact
   matches (all twelve OF1.0 fields, prefixes /32) share one priority above
   all others, so for them add, strict modify and strict delete ignore the
   priority (the stored priority is the last add's); strict get still wants
   the stored priority;
 - add replaces a flow with the same key; with CHECK_OVERLAP it is refused
   (EEXIST) if a flow of the same effective priority could match a packet
   the new one matches; a cookie of 2^64-1 (the kernel's "none") is stored
   as 0;
 - modify (strict: the flow with the key; otherwise every flow whose match
   is at least as specific, any priority) replaces the actions and, unless
   the cookie is absent or 2^64-1, the cookie; timeouts, flags and priority
   stay; if nothing is selected it adds (CHECK_OVERLAP dropped, no overlap
   check);
 - delete selects the same way, then keeps flows without an output or
   enqueue to OUT_PORT (unless it is NONE); no CVSW_A_FLOW deletes all;
   flush deletes all;
 - deleting a tunnel port deletes the flows with in_port = it and those
   with an output or enqueue to it;
 - the model never ages flows: skeletons have timeouts of 0 or at least
   LONG_TIMEOUT (16384 s, longer than any run), and a flow with a shorter
   one (a mutant's: an edge value, a bit flip) is deleted strictly by the
   last messages of the same send(), long before a second passes (expiry
   is the table test's business).
Likewise flows whose match can see the traffic (in_port wildcarded, 1 or
2), a miss policy other than normal and an MTU other than the device's are
undone by the last messages of the same send() (ordinary, checked
requests), so the ping and the iperf3 that run meanwhile keep flowing.

Messages are sent in batches (several netlink messages in one send(), one
receive loop); a dump, a lying nlmsg_len, or an outcome that is not
predicted exactly ends a batch. After a failed check the model is reloaded
from the kernel (dumps), so one fault is reported once; 25 failures stop
the run. The seed is printed; the same seed and count replay the run.
Exit status 0 only if every check passed.
"""
import argparse
import errno as E
import os
import random
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cvswnl as nl  # noqa: E402

U = nl.UAPI
T = nl.UAPI_TYPES
pk = struct.pack
upk = struct.unpack_from
IFNAMSIZ = 16
NONE = U["PORT_NONE"]
EXACT_PRIO = 0x10000
LONG_TIMEOUT = 0x4000   # s: 4.5 h, longer than any run
U64 = (1 << 64) - 1

# ---------------------------------------------------------------- policy
# ONE table: per nest, the attributes a request may carry and their rules.
# The wire type comes from the header (T). Rules: None (the type's own
# checks), ("range", lo, hi), ("mask", m), ("nest", child nest or None),
# ("exact", n) for binary[n] (taken from the type). Attributes of the enum
# that are not listed are reply-only: policy NLA_UNSPEC, refused.
MISS_MAX = max(v for k, v in U.items() if k.startswith("MISS_"))
REQUEST = {
    "top": ("A_", {
        "IFINDEX": None, "IFNAME": None, "MTU": None,
        "OFFLOADS": ("nest", "offloads"), "MISS": ("range", 0, MISS_MAX),
        "PACKET_IN_RATE": None, "MISS_SEND_LEN": None,
        "FLOW": ("nest", "flow"), "PACKET": ("range", 0, 65535),
        "IN_PORT": None, "ACTIONS": ("nest", None),
        "PORT": ("nest", "port")}),
    "flow": ("FLOW_A_", {
        "MATCH": ("nest", "match"), "ACTIONS": ("nest", None),
        "PRIORITY": None, "COOKIE": None, "IDLE_TIMEOUT": None,
        "HARD_TIMEOUT": None, "FLAGS": ("mask", U["FLOW_F_ALL"]),
        "STRICT": None, "OUT_PORT": None}),
    "match": ("MATCH_A_", {
        "IN_PORT": None, "DL_SRC": None, "DL_DST": None, "DL_VLAN": None,
        "DL_VLAN_PCP": ("range", 0, 7), "DL_TYPE": None, "NW_TOS": None,
        "NW_PROTO": None, "NW_SRC": None, "NW_SRC_PREFIX": ("range", 1, 32),
        "NW_DST": None, "NW_DST_PREFIX": ("range", 1, 32), "TP_SRC": None,
        "TP_DST": None, "TUN_ID": None, "TUN_SRC": None,
        "TUN_SRC_PREFIX": ("range", 1, 32), "TUN_DST": None,
        "TUN_DST_PREFIX": ("range", 1, 32)}),
    "offloads": ("OFFLOAD_A_", {
        n[len("OFFLOAD_A_"):]: ("range", 0, 1) for n in U
        if n.startswith("OFFLOAD_A_") and n not in ("OFFLOAD_A_UNSPEC",
                                                    "OFFLOAD_A_MAX")}),
    "port": ("PORT_A_", {
        "PORT_NO": None, "NAME": None, "KIND": None, "REMOTE_IP": None,
        "LOCAL_IP": None, "KEY": None, "KEY_FLOW": None,
        "DST_PORT": ("range", 1, 65535), "REMOTE_MAC": None, "TOS": None,
        "TOS_INHERIT": None, "TTL": ("range", 1, 255), "FLOWID_HASH": None,
        # in the policy (so accepted by netlink) but refused by PORT_NEW:
        "OVERHEAD": None, "TUN_STATS": ("nest", None)}),
}
# Enums whose type the header gives once, in the comment above them
# ("Offloads a device can switch (as with ethtool -K); u8 0 or 1 each.").
BLOCK_TYPES = {"OFFLOAD_A_": "u8"}
FIXED = {"u8": 1, "u16": 2, "u32": 4, "u64": 8, "be16": 2, "be32": 4}
VFMT = {"u8": "=B", "u16": "=H", "u32": "=I", "u64": "=Q", "be16": ">H",
        "be32": ">I"}


def build_policy():
    pol = {}
    for nest, (prefix, attrs) in REQUEST.items():
        maxt = U[prefix + "MAX"]
        rules = {}
        for short, rule in attrs.items():
            name = prefix + short
            typ = T.get(name, (BLOCK_TYPES.get(prefix),))[0]
            if name not in U or not typ:
                raise SystemExit("nlsoak: %s: CVSW_%s has no documented type"
                                 % (nl.UAPI_H, name))
            if typ.startswith("binary["):
                r = ("exact", int(typ[7:-1]))
            elif typ == "string":
                r = ("nulstr", IFNAMSIZ - 1)
            elif typ == "binary":
                r = ("bin", rule[2] if rule else 0)
            elif typ == "nested":
                r = ("nest", rule[1] if rule else None)
            elif typ == "flag":
                r = ("flag",)
            elif typ in FIXED:
                r = (typ,) + (tuple(rule) if rule else ())
                if rule and rule[0] not in ("range", "mask"):
                    raise SystemExit("nlsoak: CVSW_%s: rule %s" % (name, rule))
            else:
                raise SystemExit("nlsoak: CVSW_%s: type %s" % (name, typ))
            rules[U[name]] = r
        pol[nest] = (maxt, rules)
    return pol


POLICY = build_policy()
UNSPEC = ("unspec",)

# Actions: payload length from the header's type of each enumerator.
ACT_LEN = {}
for _n, _v in U.items():
    if _n.startswith("ACTION_A_") and _n not in ("ACTION_A_UNSPEC",
                                                 "ACTION_A_MAX"):
        _t = T[_n][0]
        ACT_LEN[_v] = (FIXED.get(_t) if _t in FIXED else 0 if _t == "flag"
                       else int(_t[7:-1]) if _t.startswith("binary[")
                       else nl.UAPI_STRUCTS[_t.split()[1]])
A_OUT, A_ENQ = U["ACTION_A_OUTPUT"], U["ACTION_A_ENQUEUE"]
RESERVED_OUT = {U[p] for p in ("PORT_IN_PORT", "PORT_NORMAL", "PORT_FLOOD",
                               "PORT_ALL", "PORT_CONTROLLER", "PORT_LOCAL")}
ACTIONS_MAX_LEN = 4096   # CVSW_ACTIONS_MAX_LEN (kmod/datapath/actions.h)
TP_PROTOS = (6, 17, 1, 132, 234)   # tcp udp icmp sctp sclp

# Match fields: (attribute, name, kind, prefix attribute)
MF = [(U["MATCH_A_IN_PORT"], "in_port", "u16", None),
      (U["MATCH_A_DL_SRC"], "dl_src", "mac", None),
      (U["MATCH_A_DL_DST"], "dl_dst", "mac", None),
      (U["MATCH_A_DL_VLAN"], "dl_vlan", "u16", None),
      (U["MATCH_A_DL_VLAN_PCP"], "dl_vlan_pcp", "u8", None),
      (U["MATCH_A_DL_TYPE"], "dl_type", "be16", None),
      (U["MATCH_A_NW_TOS"], "nw_tos", "u8", None),
      (U["MATCH_A_NW_PROTO"], "nw_proto", "u8", None),
      (U["MATCH_A_NW_SRC"], "nw_src", "be32", U["MATCH_A_NW_SRC_PREFIX"]),
      (U["MATCH_A_NW_DST"], "nw_dst", "be32", U["MATCH_A_NW_DST_PREFIX"]),
      (U["MATCH_A_TP_SRC"], "tp_src", "be16", None),
      (U["MATCH_A_TP_DST"], "tp_dst", "be16", None),
      (U["MATCH_A_TUN_ID"], "tun_id", "u64", None),
      (U["MATCH_A_TUN_SRC"], "tun_src", "be32", U["MATCH_A_TUN_SRC_PREFIX"]),
      (U["MATCH_A_TUN_DST"], "tun_dst", "be32", U["MATCH_A_TUN_DST_PREFIX"])]
FULL = {"u8": 0xff, "u16": 0xffff, "be16": 0xffff, "be32": 0xffffffff,
        "u64": U64, "mac": (1 << 48) - 1}
EXACT_FIELDS = range(12)   # in_port .. tp_dst: the twelve OF1.0 fields
NOMATCH = tuple((0, 0) for _ in MF)


def getv(kind, p):
    if kind == "mac":
        return int.from_bytes(p, "big")
    return upk(VFMT[kind], p)[0]


def pfx_mask(n):
    return ((1 << n) - 1) << (32 - n)


def is_exact(m):
    for i in EXACT_FIELDS:
        if m[i][1] != FULL[MF[i][2]]:
            return False
    return True


def covers(r, f):
    """Does filter match r select flow match f (f at least as specific)?"""
    for (vr, mr), (vf, mf) in zip(r, f):
        if mr & ~mf or (vr ^ vf) & mr:
            return False
    return True


def overlaps(a, b):
    for (va, ma), (vb, mb) in zip(a, b):
        if (va ^ vb) & ma & mb:
            return False
    return True


def match_text(m):
    out = []
    for (attr, name, kind, pa), (v, msk) in zip(MF, m):
        if not msk:
            continue
        if kind == "mac":
            s = ":".join("%02x" % b for b in v.to_bytes(6, "big"))
        elif kind == "be32":
            s = socket.inet_ntoa(pk(">I", v))
            if msk != 0xffffffff:
                s += "/%d" % bin(msk).count("1")
        else:
            s = "%#x" % v
        out.append("%s=%s" % (name, s))
    return ",".join(out) or "any"


def act_text(acts):
    return ",".join("%d:%s" % (t, p.hex()) for t, p in acts) or "drop"


class Flow:
    __slots__ = ("match", "priority", "cookie", "idle", "hard", "flags",
                 "actions")

    def __init__(self, match, priority, cookie, idle, hard, flags, actions):
        self.match, self.priority, self.cookie = match, priority, cookie
        self.idle, self.hard, self.flags = idle, hard, flags
        self.actions = actions

    def key(self):
        return (self.match, EXACT_PRIO if is_exact(self.match)
                else self.priority)

    def text(self):
        return ("priority=%d,cookie=%#x,idle=%d,hard=%d,flags=%d,%s "
                "actions=%s" % (self.priority, self.cookie, self.idle,
                                self.hard, self.flags, match_text(self.match),
                                act_text(self.actions)))

    def has_output(self, port):
        for t, p in self.actions:
            if (t == A_OUT or t == A_ENQ) and upk("=H", p)[0] == port:
                return True
        return False

    def live(self):
        v, m = self.match[0]
        return not m or v in (U["PORT_HOST"], U["PORT_NET"])

    def ephemeral(self):
        """A timeout a run could see expire (a mutant's: the skeletons
        use 0 or at least LONG_TIMEOUT)."""
        return 0 < self.idle < LONG_TIMEOUT or 0 < self.hard < LONG_TIMEOUT


class Model:
    def __init__(self):
        self.flows = {}
        self.ports = {}     # number -> (name bytes, kind)
        self.dev = {}

    def copy_dev(self):
        return dict(self.dev)


# ---------------------------------------------------------------- messages
class A:
    """An attribute of a message under construction: type (raw, flags
    included), payload bytes or a list of children; dlen: added to the
    nla_len written; nopad: no padding after it."""
    __slots__ = ("t", "v", "dlen", "nopad")

    def __init__(self, t, v):
        self.t, self.v, self.dlen, self.nopad = t, v, 0, False


def ser(attrs):
    out = []
    for a in attrs:
        if type(a) is RawBytes:
            out.append(a.v)
            continue
        body = ser(a.v) if isinstance(a.v, list) else a.v
        out.append(pk("=HH", (4 + len(body) + a.dlen) & 0xffff, a.t & 0xffff))
        out.append(body)
        if not a.nopad:
            out.append(b"\0" * (-len(body) % 4))
    return b"".join(out)


def ai(t, kind, v):
    return A(t, pk(VFMT[kind], v & ((1 << (8 * FIXED[kind])) - 1)))


def nest(t, children):
    return A(t | nl.NLA_F_NESTED, children)


# ---------------------------------------------------------------- parsing
def nla_list(buf, i, end):
    """(type, payload) of the attributes in buf[i:end], and what remains
    (negative when the last one's padding runs past end), as
    nla_for_each_attr()."""
    out = []
    rem = end - i
    while rem >= 4:
        ln, t = upk("=HH", buf, i)
        if ln < 4 or ln > rem:
            break
        out.append((t, buf[i + 4:i + ln]))
        step = (ln + 3) & ~3
        i += step
        rem -= step
    return out, rem


def validate(buf, nestname):
    """Strict netlink validation of buf with the policy of nestname:
    (tb, 0) with tb {type: payload, or the child tb of a policy nest}, or
    (None, errno)."""
    maxt, rules = POLICY[nestname]
    attrs, rem = nla_list(buf, 0, len(buf))
    tb = {}
    for t, p in attrs:
        typ = t & 0x3fff
        if typ == 0 or typ > maxt:
            return None, E.EINVAL
        r = rules.get(typ, UNSPEC)
        k = r[0]
        n = len(p)
        fx = FIXED.get(k)
        if fx and n != fx:
            return None, E.EINVAL
        if k == "nest":
            if not t & nl.NLA_F_NESTED:
                return None, E.EINVAL
        elif k != "unspec" and t & nl.NLA_F_NESTED:
            return None, E.EINVAL
        if k == "unspec":
            return None, E.EINVAL
        if k == "flag":
            if n:
                return None, E.ERANGE
        elif k == "nulstr":
            mn = min(n, r[1] + 1)
            if not mn or b"\0" not in p[:mn]:
                return None, E.EINVAL
            if (n - 1 if p[-1] == 0 else n) > r[1]:
                return None, E.ERANGE
        elif k == "exact":
            if n != r[1]:
                return None, E.ERANGE
        elif k == "bin":
            if r[1] and n > r[1]:
                return None, E.ERANGE
        elif k == "nest":
            if n and n < 4:
                return None, E.ERANGE
            if r[1] and n:
                sub, err = validate(p, r[1])
                if err:
                    return None, err
                tb[typ] = sub
                continue
            if r[1]:
                tb[typ] = {}
                continue
        elif fx and len(r) > 1:
            v = upk(VFMT[k], p)[0]
            if r[1] == "range" and not r[2] <= v <= r[3]:
                return None, E.ERANGE
            if r[1] == "mask" and v & ~r[2]:
                return None, E.EINVAL
        tb[typ] = p
    if rem > 0:
        return None, E.EINVAL
    return tb, 0


class Refuse(Exception):
    def __init__(self, errno_, extack=True):
        self.errno, self.extack = errno_, extack


class Pred:
    """What the kernel must answer. ok: success allowed; errs: errnos
    allowed (None: any); extack: an error must carry a message; effect(model,
    replies) on success; check(replies) -> None or the difference; noreply:
    no answer at all; dump: the reply is a dump; final: the batch ends."""
    __slots__ = ("ok", "errs", "extack", "effect", "check", "noreply", "dump",
                 "final", "what", "optional")

    def __init__(self, what):
        self.ok, self.errs, self.extack = True, (), True
        self.effect = self.check = None
        self.noreply = self.dump = self.final = self.optional = False
        self.what = what


class Env:
    """The device under test and the namespace's other interfaces."""

    def __init__(self, c, dev):
        self.c = c
        self.dev = dev
        self.cvsw = c.devices()
        if dev not in self.cvsw:
            raise SystemExit("nlsoak: %s is not a cvsw_net device here (%s)"
                             % (dev, self.cvsw))
        self.idx = self.cvsw[dev]
        self.ifaces = {}
        for n in os.listdir("/sys/class/net"):
            try:
                self.ifaces[n] = int(open("/sys/class/net/%s/ifindex" % n).read())
            except OSError:
                pass
        mm = lambda f: int(open("/sys/class/net/%s/%s" % (dev, f)).read())
        self.mtu0 = mm("mtu")
        out = os.popen("ip -d link show dev %s" % dev).read().split()
        self.min_mtu = int(out[out.index("minmtu") + 1]) if "minmtu" in out else 68
        self.max_mtu = int(out[out.index("maxmtu") + 1]) if "maxmtu" in out else 65535
        self.mac = bytes.fromhex(open("/sys/class/net/%s/address" % dev).read().strip().replace(":", ""))


# ------------------------------------------------------------ prediction
def lookup_dev(env, tb):
    if U["A_IFINDEX"] in tb:
        idx = upk("=I", tb[U["A_IFINDEX"]])[0]
        if idx not in env.ifaces.values():
            raise Refuse(E.ENODEV)
        if idx != env.idx:
            raise Refuse(E.EOPNOTSUPP)
        return
    if U["A_IFNAME"] in tb:
        name = tb[U["A_IFNAME"]].split(b"\0")[0].decode("latin-1")
        if name not in env.ifaces:
            raise Refuse(E.ENODEV)
        if name != env.dev:
            raise Refuse(E.EOPNOTSUPP)
        return
    raise Refuse(E.EINVAL)


def parse_match(tbm):
    """The match of a (validated) MATCH nest, as the kernel builds it."""
    if tbm is None:
        return NOMATCH
    m = []
    for attr, name, kind, pa in MF:
        if attr in tbm:
            v = getv("u64" if kind == "u64" else kind, tbm[attr])
            msk = FULL[kind]
            if pa is not None:
                msk = pfx_mask(tbm[pa][0] if pa in tbm else 32)
            m.append((v & msk, msk))
        else:
            if pa is not None and pa in tbm:
                raise Refuse(E.EINVAL)      # prefix without address
            m.append((0, 0))
    vlan = m[3]
    if vlan[1] and vlan[0] > 4095 and vlan[0] != U["VLAN_NONE"]:
        raise Refuse(E.EINVAL)
    dlt = m[5]
    ip = dlt[1] and dlt[0] == 0x0800
    arp = dlt[1] and dlt[0] == 0x0806
    for i in (8, 9, 7):                      # nw_src, nw_dst, nw_proto
        if m[i][1] and not ip and not arp:
            raise Refuse(E.EINVAL)
    if m[6][1] and (not ip or m[6][0] & 3):
        raise Refuse(E.EINVAL)
    for i in (10, 11):
        if m[i][1] and (not ip or not m[7][1] or m[7][0] not in TP_PROTOS):
            raise Refuse(E.EINVAL)
    return tuple(m)


def parse_actions(buf, packet_out, ports):
    if buf is None:
        return ()
    attrs, rem = nla_list(buf, 0, len(buf))
    out = []
    total = 0
    for t, p in attrs:
        typ = t & 0x3fff
        ln = ACT_LEN.get(typ)
        if ln is None or len(p) != ln:
            raise Refuse(E.EINVAL)
        if typ == U["ACTION_A_SET_VLAN_VID"] and upk("=H", p)[0] > 0xfff:
            raise Refuse(E.ERANGE)
        if typ == U["ACTION_A_SET_VLAN_PCP"] and p[0] > 7:
            raise Refuse(E.ERANGE)
        if typ == U["ACTION_A_SET_NW_TOS"] and p[0] & 3:
            raise Refuse(E.ERANGE)
        if typ == A_ENQ:
            port = upk("=H", p)[0]
            if port != U["PORT_IN_PORT"] and port not in ports:
                raise Refuse(E.EINVAL)
        elif typ == A_OUT:
            port = upk("=H", p)[0]
            if not (port in RESERVED_OUT or port in ports or
                    (packet_out and port == U["PORT_TABLE"])):
                raise Refuse(E.EINVAL)
        total += 4 + ((ln + 3) & ~3)
        if total > ACTIONS_MAX_LEN:
            raise Refuse(E.E2BIG)
        out.append((typ, bytes(p)))
    if rem:
        raise Refuse(E.EINVAL)
    return tuple(out)


def parse_flow(tb, model, want_actions=True):
    """fm of a FLOW nest: dict match, priority, idle, hard, flags, out_port,
    cookie (None if absent), strict, actions."""
    if U["A_FLOW"] not in tb:
        raise Refuse(E.EINVAL)
    tf = tb[U["A_FLOW"]]
    g = lambda a, fmt, d: upk(fmt, tf[a])[0] if a in tf else d
    fm = {"match": parse_match(tf.get(U["FLOW_A_MATCH"])),
          "priority": g(U["FLOW_A_PRIORITY"], "=H", U["FLOW_DEFAULT_PRIORITY"]),
          "idle": g(U["FLOW_A_IDLE_TIMEOUT"], "=H", 0),
          "hard": g(U["FLOW_A_HARD_TIMEOUT"], "=H", 0),
          "flags": g(U["FLOW_A_FLAGS"], "=I", 0) & 0xffff,
          "out_port": g(U["FLOW_A_OUT_PORT"], "=H", NONE),
          "cookie": g(U["FLOW_A_COOKIE"], "=Q", U64),
          "strict": U["FLOW_A_STRICT"] in tf}
    if want_actions:
        fm["actions"] = parse_actions(tf.get(U["FLOW_A_ACTIONS"]), False,
                                      model.ports)
    return fm


def eprio(match, priority):
    return EXACT_PRIO if is_exact(match) else priority


def predict(env, model, msg, sent_len):
    """The Pred of the exact bytes msg (nlmsg header included) when
    sent_len bytes of it go out in one send() of its own or as one of a
    batch (sent_len == len(msg) then)."""
    ln, typ, flags = upk("=IHH", msg, 0)
    p = Pred("")
    if ln < 16 or ln > sent_len:
        p.noreply = True
        p.what = "nlmsg_len %d of %d bytes: dropped" % (ln, sent_len)
        return p
    ack = flags & nl.NLM_F_ACK
    if not flags & nl.NLM_F_REQUEST or typ < nl.NLMSG_MIN_TYPE:
        p.what = "not a request: ack only"
        p.noreply = not ack
        return p
    if typ != env.c.family:
        return refused(p, E.ENOENT, False, "unknown family")
    if ln < 20:
        return refused(p, E.EINVAL, False, "short genl header")
    cmd, ver, resv = upk("=BBH", msg, 16)
    p.what = "cmd %d" % cmd
    if resv:
        return refused(p, E.EINVAL, True, "reserved")
    f = flags
    dump = (f & nl.NLM_F_DUMP) == nl.NLM_F_DUMP
    if dump:
        f &= ~nl.NLM_F_DUMP
    if f & ~(nl.NLM_F_REQUEST | nl.NLM_F_ACK | nl.NLM_F_ECHO):
        return refused(p, E.EINVAL, True, "nlmsg flags")
    handler = HANDLERS.get(cmd)
    if not handler:
        return refused(p, E.EOPNOTSUPP, False, "no such command")
    doit, dumpit = handler
    if dump and not dumpit:
        return refused(p, E.EOPNOTSUPP, False, "no dump")
    tb, err = validate(msg[20:ln], "top")
    if err:
        return refused(p, err, True, "policy")
    try:
        if dump:
            p.dump = p.final = True
            dumpit(env, model, tb, p)
        else:
            doit(env, model, tb, p)
    except Refuse as r:
        return refused(p, r.errno, r.extack and not dump, "refused")
    if not ack and not p.check and not p.dump and p.ok:
        if not p.errs:
            p.noreply = True        # a success without NLM_F_ACK: silence
        else:
            p.optional = True       # an error would answer, success not
    return p


def refused(p, errno_, extack, what):
    p.ok, p.errs, p.extack = False, (errno_,), extack
    p.what += " " + what
    return p


# ----- handlers: (env, model, tb, pred) -> fill pred, or raise Refuse
def h_dev_get(env, model, tb, p):
    lookup_dev(env, tb)
    dev = model.copy_dev()
    n = len(model.flows)
    p.check = lambda replies: check_dev(env, replies, dev, n, 1)


def h_dev_dump(env, model, tb, p):
    dev = model.copy_dev()
    n = len(model.flows)
    p.check = lambda replies: check_dev(env, replies, dev, n, len(env.cvsw))


def check_dev(env, replies, dev, n, count):
    if len(replies) != count:
        return "%d device replies, want %d" % (len(replies), count)
    for r in replies:
        a = nl.parse_attrs(r)
        if upk("=I", a[U["A_IFINDEX"]][0])[0] != env.idx:
            continue
        got = {"mtu": upk("=I", a[U["A_MTU"]][0])[0],
               "miss": a[U["A_MISS"]][0][0],
               "msl": upk("=H", a[U["A_MISS_SEND_LEN"]][0])[0],
               "pin": upk("=I", a[U["A_PACKET_IN_RATE"]][0])[0],
               "n_flows": upk("=I", a[U["A_N_FLOWS"]][0])[0]}
        want = dict(dev, n_flows=n)
        if got != want:
            return "device %s, model %s" % (got, want)
        return None
    return "no reply for the device"


def h_dev_set(env, model, tb, p):
    lookup_dev(env, tb)
    uncertain = bool(tb.get(U["A_OFFLOADS"]))
    try:
        new = {}
        if U["A_MTU"] in tb:
            mtu = upk("=I", tb[U["A_MTU"]])[0]
            if not env.min_mtu <= mtu <= env.max_mtu:
                raise Refuse(E.EINVAL)
            new["mtu"] = mtu
    except Refuse as r:
        if not uncertain:
            raise
        p.ok, p.errs = False, (E.EOPNOTSUPP, r.errno)
        return
    if U["A_MISS"] in tb:
        new["miss"] = tb[U["A_MISS"]][0]
    if U["A_MISS_SEND_LEN"] in tb:
        new["msl"] = upk("=H", tb[U["A_MISS_SEND_LEN"]])[0]
    if U["A_PACKET_IN_RATE"] in tb:
        new["pin"] = upk("=I", tb[U["A_PACKET_IN_RATE"]])[0]

    def eff(model, replies):
        model.dev.update(new)
    p.effect = eff
    if uncertain:
        p.errs = (E.EOPNOTSUPP,)
        p.final = True


def h_flow_new(env, model, tb, p, add=True):
    lookup_dev(env, tb)
    fm = parse_flow(tb, model)
    if add and fm["strict"]:
        raise Refuse(E.EINVAL)
    m, prio = fm["match"], fm["priority"]
    key = (m, eprio(m, prio))
    if add:
        if fm["flags"] & U["FLOW_F_CHECK_OVERLAP"]:
            for k, fl in model.flows.items():
                if k[1] == key[1] and overlaps(fl.match, m):
                    raise Refuse(E.EEXIST)
        cookie = 0 if fm["cookie"] == U64 else fm["cookie"]
        nf = Flow(m, prio, cookie, fm["idle"], fm["hard"], fm["flags"],
                  fm["actions"])
        p.effect = lambda model, r: model.flows.__setitem__(key, nf)
        return
    if fm["strict"]:
        sel = [key] if key in model.flows else []
    else:
        sel = [k for k, fl in model.flows.items() if covers(m, fl.match)]
    acts, cookie = fm["actions"], fm["cookie"]
    if sel:
        def eff(model, r):
            for k in sel:
                fl = model.flows[k]
                fl.actions = acts
                if cookie != U64:
                    fl.cookie = cookie
        p.effect = eff
        return
    nf = Flow(m, prio, 0 if cookie == U64 else cookie, fm["idle"], fm["hard"],
              fm["flags"] & ~U["FLOW_F_CHECK_OVERLAP"], acts)
    p.effect = lambda model, r: model.flows.__setitem__(key, nf)


def h_flow_set(env, model, tb, p):
    h_flow_new(env, model, tb, p, add=False)


def h_flow_del(env, model, tb, p):
    lookup_dev(env, tb)
    if U["A_FLOW"] not in tb:
        p.effect = lambda model, r: model.flows.clear()
        return
    fm = parse_flow(tb, model)
    m = fm["match"]
    if fm["strict"]:
        key = (m, eprio(m, fm["priority"]))
        sel = [key] if key in model.flows else []
    else:
        sel = [k for k, fl in model.flows.items() if covers(m, fl.match)]
    op = fm["out_port"]
    if op != NONE:
        sel = [k for k in sel if model.flows[k].has_output(op)]

    def eff(model, r):
        for k in sel:
            del model.flows[k]
    p.effect = eff


def dump_filter(tb):
    m, prio, op = NOMATCH, U["FLOW_DEFAULT_PRIORITY"], NONE
    if U["A_FLOW"] in tb:
        tf = tb[U["A_FLOW"]]
        m = parse_match(tf.get(U["FLOW_A_MATCH"]))
        if U["FLOW_A_PRIORITY"] in tf:
            prio = upk("=H", tf[U["FLOW_A_PRIORITY"]])[0]
        if U["FLOW_A_OUT_PORT"] in tf:
            op = upk("=H", tf[U["FLOW_A_OUT_PORT"]])[0]
    return m, prio, op


def h_flow_get(env, model, tb, p):
    lookup_dev(env, tb)
    m, prio, op = dump_filter(tb)
    fl = model.flows.get((m, eprio(m, prio)))
    if fl is None or fl.priority != prio:
        raise Refuse(E.ENOENT)
    want = [fl.text()]
    p.check = lambda replies: check_flows(replies, want)


def h_flow_dump(env, model, tb, p):
    try:
        lookup_dev(env, tb)
        m, prio, op = dump_filter(tb)
    except Refuse as r:
        r.extack = False        # a dump's start callback has no extack
        raise
    want = sorted(fl.text() for fl in model.flows.values()
                  if (op == NONE or fl.has_output(op)) and
                  covers(m, fl.match))
    p.check = lambda replies: check_flows(replies, want)


def decode_flow(payload):
    a = nl.parse_attrs(payload)
    ma = nl.parse_attrs(a.get(U["FLOW_A_MATCH"], [b""])[0])
    m = []
    for attr, name, kind, pa in MF:
        if attr in ma:
            msk = FULL[kind]
            if pa is not None:
                msk = pfx_mask(ma[pa][0][0] if pa in ma else 32)
            m.append((getv(kind, ma[attr][0]), msk))
        else:
            m.append((0, 0))
    acts = []
    data = a.get(U["FLOW_A_ACTIONS"], [b""])[0]
    for t, pl in nla_list(data, 0, len(data))[0]:
        acts.append((t, bytes(pl)))
    g = lambda k, fmt: upk(fmt, a[k][0])[0]
    return Flow(tuple(m), g(U["FLOW_A_PRIORITY"], "=H"),
                g(U["FLOW_A_COOKIE"], "=Q"), g(U["FLOW_A_IDLE_TIMEOUT"], "=H"),
                g(U["FLOW_A_HARD_TIMEOUT"], "=H"), g(U["FLOW_A_FLAGS"], "=I"),
                tuple(acts))


def check_flows(replies, want):
    got = sorted(decode_flow(nl.parse_attrs(r)[U["A_FLOW"]][0]).text()
                 for r in replies)
    if got == want:
        return None
    return flow_diff(got, want)


def flow_diff(got, want):
    g, w = set(got), set(want)
    lines = ["kernel %d flows, model %d" % (len(got), len(want))]
    lines += ["  - model only:  " + x for x in sorted(w - g)[:10]]
    lines += ["  + kernel only: " + x for x in sorted(g - w)[:10]]
    if len(got) != len(g):
        lines.append("  kernel returned a flow twice")
    return "\n#   ".join(lines)


def h_flush(env, model, tb, p):
    lookup_dev(env, tb)
    p.effect = lambda model, r: model.flows.clear()


def h_stats(env, model, tb, p):
    lookup_dev(env, tb)
    n = len(model.flows)
    ports = sorted(model.ports)

    def chk(replies):
        if len(replies) != 1:
            return "%d stats replies" % len(replies)
        a = nl.parse_attrs(replies[0])
        ts = nl.parse_attrs(a[U["A_TABLE_STATS"]][0])
        active = upk("=I", ts[U["TABLE_STATS_A_ACTIVE"]][0])[0]
        got = sorted(upk("=H", nl.parse_attrs(x)[U["PORT_STATS_A_PORT"]][0])[0]
                     for x in a.get(U["A_PORT_STATS"], []))
        if active != n or got != ports:
            return "stats: %d flows, ports %s; model %d, %s" % (active, got,
                                                                n, ports)
        return None
    p.check = chk


def h_packet_out(env, model, tb, p):
    lookup_dev(env, tb)
    data = tb.get(U["A_PACKET"])
    if data is None or len(data) < 14:
        raise Refuse(E.EINVAL)
    if len(data) > model.dev["mtu"] + 18 + 4:
        raise Refuse(E.EINVAL)
    if U["A_IN_PORT"] in tb:
        ip = upk("=H", tb[U["A_IN_PORT"]])[0]
        if ip not in (NONE, U["PORT_CONTROLLER"], U["PORT_LOCAL"]) and \
                ip not in model.ports:
            raise Refuse(E.EINVAL)
    parse_actions(tb.get(U["A_ACTIONS"]), True, model.ports)


def port_tb(tb):
    if U["A_PORT"] not in tb:
        raise Refuse(E.EINVAL)
    return tb[U["A_PORT"]]


def nla_strcmp(p, name):
    """nla_strcmp() == 0: every trailing NUL is ignored."""
    return bytes(p).rstrip(b"\0") == name


def port_named(model, tp):
    pn, nm = U["PORT_A_PORT_NO"], U["PORT_A_NAME"]
    if nm not in tp:
        if pn not in tp:
            raise Refuse(E.EINVAL)
        no = upk("=H", tp[pn])[0]
        if no not in model.ports:
            raise Refuse(E.ENOENT)
        return no
    for no in sorted(model.ports):
        if nla_strcmp(tp[nm], model.ports[no][0]):
            break
    else:
        raise Refuse(E.ENOENT)
    if pn in tp and upk("=H", tp[pn])[0] != no:
        raise Refuse(E.EINVAL)
    return no


def decode_port(r):
    a = nl.parse_attrs(r)
    pa = nl.parse_attrs(a[U["A_PORT"]][0])
    return (upk("=H", pa[U["PORT_A_PORT_NO"]][0])[0],
            pa[U["PORT_A_NAME"]][0].rstrip(b"\0"), pa[U["PORT_A_KIND"]][0][0])


def port_texts(ports):
    return ["%d %s kind %d" % (no, n.decode(), k)
            for no, (n, k) in sorted(ports.items())]


def h_port_new(env, model, tb, p):
    tp = port_tb(tb)
    for a in (U["PORT_A_OVERHEAD"], U["PORT_A_TUN_STATS"]):
        if a in tp:
            raise Refuse(E.EINVAL)
    if U["PORT_A_NAME"] not in tp or U["PORT_A_KIND"] not in tp:
        raise Refuse(E.EINVAL)
    kind = tp[U["PORT_A_KIND"]][0]
    if kind in (U["PORT_KIND_HOST"], U["PORT_KIND_NET"]) or \
            kind > U["PORT_KIND_MAX"]:
        raise Refuse(E.EINVAL)
    if U["PORT_A_KEY_FLOW"] in tp and U["PORT_A_KEY"] in tp:
        raise Refuse(E.EINVAL)
    if U["PORT_A_TOS_INHERIT"] in tp and U["PORT_A_TOS"] in tp:
        raise Refuse(E.EINVAL)
    # From here the tunnel layer decides (configuration, device, number,
    # name, receive identity): any refusal or a new port.
    p.errs = None
    p.final = True
    want_no = upk("=H", tp[U["PORT_A_PORT_NO"]])[0] if U["PORT_A_PORT_NO"] in tp else 0
    name = bytes(tp[U["PORT_A_NAME"]]).split(b"\0")[0]
    free = [n for n in range(U["PORT_TUNNEL_MIN"], 64) if n not in model.ports]

    def chk(replies):
        if len(replies) != 1:
            return "PORT_NEW: %d replies" % len(replies)
        no, nm, k = decode_port(replies[0])
        if no in model.ports or (want_no and no != want_no) or \
                (not want_no and (not free or no != free[0])) or \
                nm != name or k != kind or \
                any(n == name for n, _ in model.ports.values()):
            return ("PORT_NEW gave port %d %r kind %d; asked %d %r kind %d; "
                    "model ports %s" % (no, nm, k, want_no, name, kind,
                                        port_texts(model.ports)))
        return None

    def eff(model, replies):
        no, nm, k = decode_port(replies[0])
        model.ports[no] = (nm, k)
    p.check, p.effect = chk, eff


def h_port_del(env, model, tb, p):
    tp = port_tb(tb)
    lookup_dev(env, tb)
    no = port_named(model, tp)
    if no in (U["PORT_HOST"], U["PORT_NET"]):
        raise Refuse(E.EPERM)

    def eff(model, r):
        for k in [k for k, fl in model.flows.items()
                  if fl.match[0] == (no, 0xffff) or fl.has_output(no)]:
            del model.flows[k]
        del model.ports[no]
    p.effect = eff


def h_port_get(env, model, tb, p):
    tp = port_tb(tb)
    lookup_dev(env, tb)
    no = port_named(model, tp)
    want = port_texts({no: model.ports[no]})
    p.check = lambda replies: check_ports(replies, want)


def h_port_dump(env, model, tb, p):
    try:
        lookup_dev(env, tb)
    except Refuse as r:
        r.extack = False
        raise
    want = port_texts(model.ports)
    p.check = lambda replies: check_ports(replies, want)


def check_ports(replies, want):
    got = []
    for r in replies:
        no, nm, k = decode_port(r)
        got.append("%d %s kind %d" % (no, nm.decode("latin-1"), k))
    return None if got == want else "ports %s, model %s" % (got, want)


HANDLERS = {
    U["CMD_DEV_GET"]: (h_dev_get, h_dev_dump),
    U["CMD_DEV_SET"]: (h_dev_set, None),
    U["CMD_FLOW_NEW"]: (h_flow_new, None),
    U["CMD_FLOW_SET"]: (h_flow_set, None),
    U["CMD_FLOW_DEL"]: (h_flow_del, None),
    U["CMD_FLOW_GET"]: (h_flow_get, h_flow_dump),
    U["CMD_FLOW_FLUSH"]: (h_flush, None),
    U["CMD_STATS_GET"]: (h_stats, None),
    U["CMD_PACKET_OUT"]: (h_packet_out, None),
    U["CMD_PORT_NEW"]: (h_port_new, None),
    U["CMD_PORT_DEL"]: (h_port_del, None),
    U["CMD_PORT_GET"]: (h_port_get, h_port_dump),
}
# Every command of the enum is either handled above or an event (replies
# and notifications only): a new command must be added here.
_EVENTS = {U["CMD_UNSPEC"], U["CMD_PACKET_IN"], U["CMD_FLOW_REMOVED"],
           U["CMD_PORT_STATUS"]}
_missing = [n for n, v in U.items() if n.startswith("CMD_") and n != "CMD_MAX"
            and v not in HANDLERS and v not in _EVENTS]
if _missing:
    raise SystemExit("nlsoak: commands of the header without a model: %s"
                     % ", ".join(_missing))


# ------------------------------------------------------------ generation
class Gen:
    """Valid skeletons of every command, with values from small pools
    (so that adds collide, overlap and get modified and deleted) and the
    edges of each field, then mutations of the tree and of the bytes."""

    MACS = [b"\x02\0\0\0\0\x01", b"\xff" * 6, b"\0" * 6, b"\x52\x54\0\xc5\0\x0a"]
    ADDRS = [0x0a000000, 0x0a010203, 0x0a010200, 0xffffffff, 0, 0xc0a80001]
    PFX = [None, None, None, 8, 24, 32, 1, 31, 0, 33]
    TP = [0, 80, 443, 65535]

    def __init__(self, env, model, rnd):
        self.env, self.model, self.r = env, model, rnd

    def pick(self, seq):
        return seq[self.r.randrange(len(seq))]

    def chance(self, p):
        return self.r.random() < p

    def dev(self):
        r = self.r.random()
        if r < 0.96:
            return [ai(U["A_IFINDEX"], "u32", self.env.idx)]
        if r < 0.98:
            return [ai(U["A_IFINDEX"], "u32",
                       self.pick([0, 1, 0xffffffff, 99999] +
                                 list(self.env.ifaces.values())))]
        name = self.pick([self.env.dev.encode() + b"\0", b"lo\0", b"nosuch0\0",
                          b"\0", b"x" * 15 + b"\0", b"x" * 16 + b"\0",
                          self.env.dev.encode()])
        return [A(U["A_IFNAME"], name)]

    def port_value(self, packet_out=False):
        tun = sorted(n for n in self.model.ports if n > 2)
        r = self.r.random()
        if r < 0.35:
            return 2
        if r < 0.55:
            return self.pick(sorted(RESERVED_OUT))
        if r < 0.65:
            return 1
        if r < 0.8 and tun:
            return self.pick(tun)
        return self.pick([U["PORT_TABLE"], NONE, 0, 7, 63, 64, 0xff00])

    def action(self, packet_out=False):
        t = self.pick(sorted(ACT_LEN))
        bad = self.chance(0.08)
        if t == A_OUT:
            p = pk("=HH", self.port_value(packet_out),
                   self.pick([0, 128, 0xffff, 14]))
        elif t == A_ENQ:
            p = pk("=HHI", self.pick([1, 2, U["PORT_IN_PORT"],
                                      U["PORT_NORMAL"], 5]), 0,
                   self.r.getrandbits(32))
        elif t == U["ACTION_A_SET_VLAN_VID"]:
            p = pk("=H", self.pick([0, 1, 4095, 4096, 0xffff] if bad else [0, 10, 4095]))
        elif t == U["ACTION_A_SET_VLAN_PCP"]:
            p = pk("=B", self.pick([8, 255] if bad else [0, 3, 7]))
        elif t == U["ACTION_A_SET_NW_TOS"]:
            p = pk("=B", self.pick([1, 3, 0xff] if bad else [0, 0x28, 0xfc]))
        else:
            p = self.r.getrandbits(8 * ACT_LEN[t]).to_bytes(ACT_LEN[t], "big")
        return A(t, p)

    def actions(self, packet_out=False):
        r = self.r.random()
        if r < 0.01:   # around the 4096-byte limit: 512 outputs fit
            n = self.pick([511, 512, 513, 700])
            return [A(A_OUT, pk("=HH", 2, 0)) for _ in range(n)]
        n = self.pick([0, 1, 1, 1, 2, 2, 3, 4, 6])
        return [self.action(packet_out) for _ in range(n)]

    def match(self):
        r, M = self.r, []
        ch = self.chance
        exact = ch(0.05)
        if exact or ch(0.95):
            M.append(ai(U["MATCH_A_IN_PORT"], "u16",
                        self.pick([3, 4, 5, 6]) if ch(0.9) else
                        self.pick([0, 1, 2, 63, 0xfff8, 0xffff])))
        dlt = None
        if exact or ch(0.75):
            dlt = 0x0800 if exact else self.pick(
                [0x0800] * 6 + [0x0806, 0x0806, 0x86dd, 0x88b5, 0, 0xffff])
            M.append(ai(U["MATCH_A_DL_TYPE"], "be16", dlt))
        ip = dlt == 0x0800
        proto = None
        if exact or ((ip or dlt == 0x0806 or ch(0.03)) and ch(0.6)):
            proto = 17 if exact else self.pick([6, 17, 17, 1, 132, 234, 0,
                                                255, 47])
            M.append(ai(U["MATCH_A_NW_PROTO"], "u8", proto))
        for a, pa in ((U["MATCH_A_NW_SRC"], U["MATCH_A_NW_SRC_PREFIX"]),
                      (U["MATCH_A_NW_DST"], U["MATCH_A_NW_DST_PREFIX"]),
                      (U["MATCH_A_TUN_SRC"], U["MATCH_A_TUN_SRC_PREFIX"]),
                      (U["MATCH_A_TUN_DST"], U["MATCH_A_TUN_DST_PREFIX"])):
            tun = a in (U["MATCH_A_TUN_SRC"], U["MATCH_A_TUN_DST"])
            if (exact and not tun) or ch(0.05 if tun else 0.3):
                M.append(ai(a, "be32", self.pick(self.ADDRS)))
                pf = None if exact else self.pick(self.PFX)
                if pf is not None:
                    M.append(ai(pa, "u8", pf))
            elif ch(0.01):
                M.append(ai(pa, "u8", 24))          # prefix alone
        for a in (U["MATCH_A_TP_SRC"], U["MATCH_A_TP_DST"]):
            if exact or ((proto in TP_PROTOS or ch(0.05)) and ch(0.4)):
                M.append(ai(a, "be16", self.pick(self.TP)))
        if exact or ch(0.15):
            M.append(ai(U["MATCH_A_NW_TOS"], "u8",
                        self.pick([0, 0x04, 0xfc, 0x28, 1])))
        for a in (U["MATCH_A_DL_SRC"], U["MATCH_A_DL_DST"]):
            if exact or ch(0.15):
                M.append(A(a, self.pick(self.MACS)))
        if exact or ch(0.1):
            M.append(ai(U["MATCH_A_DL_VLAN"], "u16",
                        self.pick([0, 1, 4095, 0xffff, 4096, 0xfffe])))
        if exact or ch(0.1):
            M.append(ai(U["MATCH_A_DL_VLAN_PCP"], "u8",
                        self.pick([0, 7, 7, 8, 255])))
        if ch(0.08):
            M.append(ai(U["MATCH_A_TUN_ID"], "u64",
                        self.pick([0, 1, 42, U64])))
        r.shuffle(M)
        return M

    def existing(self):
        """(match attrs, priority) of a flow of the model, to hit it."""
        if not self.model.flows:
            return None
        fl = self.pick(list(self.model.flows.values()))
        M = []
        for (attr, name, kind, pa), (v, msk) in zip(MF, fl.match):
            if not msk:
                continue
            if kind == "mac":
                M.append(A(attr, v.to_bytes(6, "big")))
            else:
                M.append(ai(attr, kind, v))
            if pa is not None and msk != 0xffffffff:
                M.append(ai(pa, "u8", bin(msk).count("1")))
        return M, fl.priority

    def flow(self, cmd):
        ch = self.chance
        ex = self.existing() if ch(0.45) else None
        if ex:
            M, prio = ex
            if ch(0.2):
                prio = self.pick([0, 1, 100, 0x8000, 0xffff])
        else:
            M, prio = self.match(), self.pick([None, 0, 1, 100, 100, 0x8000,
                                               0xffff])
        F = []
        if ch(0.97):
            F.append(nest(U["FLOW_A_MATCH"], M))
        if prio is not None:
            F.append(ai(U["FLOW_A_PRIORITY"], "u16", prio))
        mut = cmd in (U["CMD_FLOW_NEW"], U["CMD_FLOW_SET"])
        if ch(0.9 if mut else 0.15):
            F.append(nest(U["FLOW_A_ACTIONS"], self.actions()))
        if ch(0.4 if mut else 0.05):
            F.append(ai(U["FLOW_A_COOKIE"], "u64",
                        self.pick([0, 1, 0x1234, self.r.getrandbits(64), U64])))
        for a in (U["FLOW_A_IDLE_TIMEOUT"], U["FLOW_A_HARD_TIMEOUT"]):
            if ch(0.2 if mut else 0.03):
                F.append(ai(a, "u16", self.pick(
                    [0, LONG_TIMEOUT, 0x7fff, 0xffff, self.r.randrange(LONG_TIMEOUT, 0x10000)])))
        if ch(0.3 if mut else 0.03):
            F.append(ai(U["FLOW_A_FLAGS"], "u32",
                        self.pick([0, 1, 2, 3, 3, 4, 0xffffffff])))
        if ch({U["CMD_FLOW_NEW"]: 0.02}.get(cmd, 0.5)):
            F.append(A(U["FLOW_A_STRICT"], b""))
        if ch(0.3 if cmd == U["CMD_FLOW_DEL"] else 0.03):
            F.append(ai(U["FLOW_A_OUT_PORT"], "u16", self.port_value()))
        self.r.shuffle(F)
        return nest(U["A_FLOW"], F)

    def frame(self):
        n = self.pick([14, 60, 60, 100, 13, 0, self.model.dev["mtu"] + 22,
                       self.model.dev["mtu"] + 23])
        hdr = b"\x02\0\0\0\0\x99" + self.env.mac + b"\x88\xb5"
        return (hdr + bytes(max(0, n - 14)))[:n]

    def skeleton(self):
        """(cmd, attrs, flags) of one valid-looking request."""
        r = self.r.random()
        ch = self.chance
        D = self.dev()
        dump = False
        if r < 0.30:
            cmd = U["CMD_FLOW_NEW"]
            attrs = D + [self.flow(cmd)]
        elif r < 0.42:
            cmd = U["CMD_FLOW_SET"]
            attrs = D + [self.flow(cmd)]
        elif r < 0.50:
            cmd = U["CMD_FLOW_DEL"]
            attrs = D + ([self.flow(cmd)] if ch(0.999) else [])
        elif r < 0.64:
            cmd = U["CMD_FLOW_GET"]
            attrs = D + [self.flow(cmd)]
        elif r < 0.655:
            cmd, dump = U["CMD_FLOW_GET"], True
            attrs = D + ([self.flow(cmd)] if ch(0.5) else [])
        elif r < 0.6555:
            cmd, attrs = U["CMD_FLOW_FLUSH"], D
        elif r < 0.69:
            cmd, attrs = U["CMD_DEV_GET"], D
            if ch(0.1):
                dump, attrs = True, []
        elif r < 0.73:
            cmd, attrs = U["CMD_DEV_SET"], D + self.dev_set()
        elif r < 0.76:
            cmd, attrs = U["CMD_STATS_GET"], D
        elif r < 0.82:
            cmd = U["CMD_PACKET_OUT"]
            attrs = D
            if ch(0.97):
                attrs.append(A(U["A_PACKET"], self.frame()))
            if ch(0.7):
                attrs.append(ai(U["A_IN_PORT"], "u16", self.pick(
                    [1, 2, NONE, U["PORT_CONTROLLER"], U["PORT_LOCAL"], 3, 9,
                     0, U["PORT_TABLE"]])))
            if ch(0.9):
                attrs.append(nest(U["A_ACTIONS"], self.actions(True)))
        elif r < 0.83:
            cmd, attrs = U["CMD_PORT_NEW"], D + [self.port_new()]
        elif r < 0.84:
            cmd, attrs = U["CMD_PORT_DEL"], D + [self.port_ref()]
        elif r < 0.86:
            cmd = U["CMD_PORT_GET"]
            if ch(0.25):
                dump, attrs = True, D
            else:
                attrs = D + [self.port_ref()]
        elif r < 0.88:
            cmd = self.pick([U["CMD_UNSPEC"], U["CMD_PACKET_IN"],
                             U["CMD_FLOW_REMOVED"], U["CMD_PORT_STATUS"],
                             U["CMD_MAX"] + 1, self.r.randrange(U["CMD_MAX"] + 1, 256)])
            attrs = D
        else:   # random bytes as the attributes of any command
            cmd = self.r.randrange(U["CMD_MAX"] + 2)
            attrs = [A(0, b"")]
            attrs[0] = RawBytes(self.r.getrandbits(8 * 48).to_bytes(48, "big")
                                [:self.r.randrange(1, 48)])
            if ch(0.5):
                attrs = D + attrs
        flags = nl.NLM_F_REQUEST | nl.NLM_F_ACK | (nl.NLM_F_DUMP if dump else 0)
        return cmd, attrs, flags

    def dev_set(self):
        ch, out = self.chance, []
        e = self.env
        if ch(0.25):
            out.append(ai(U["A_MTU"], "u32", self.pick(
                [1500, 1500, 1400, e.min_mtu, e.min_mtu - 1, 0, e.max_mtu,
                 e.max_mtu + 1, 0xffffffff])))
        if ch(0.4):
            out.append(ai(U["A_MISS"], "u8", self.pick([0, 0, 1, 2, 3, 255])))
        if ch(0.3):
            out.append(ai(U["A_MISS_SEND_LEN"], "u16",
                          self.pick([0, 128, 128, 0xffff])))
        if ch(0.3):
            out.append(ai(U["A_PACKET_IN_RATE"], "u32",
                          self.pick([0, 1, 1000, 1000, 0xffffffff])))
        if ch(0.08):
            offs = [ai(a, "u8", self.pick([1, 1, 1, 0, 2]))
                    for a in POLICY["offloads"][1] if ch(0.3)]
            out.append(nest(U["A_OFFLOADS"], offs))
        return out

    NAMES = [b"nls0", b"nls1", b"nls2", b"nls3"]

    def port_new(self):
        ch, P = self.chance, []
        P.append(A(U["PORT_A_NAME"], self.pick(self.NAMES + [b"", b"n" * 15,
                                                             b"n" * 16]) + b"\0"))
        kinds = [U["PORT_KIND_%s" % k] for k in
                 ("VXLAN", "GENEVE", "NVGRE", "STT", "SCLP")]
        P.append(ai(U["PORT_A_KIND"], "u8", self.pick(
            kinds * 3 + [U["PORT_KIND_HOST"], U["PORT_KIND_NET"],
                         U["PORT_KIND_MAX"] + 1, 255])))
        if ch(0.95):
            P.append(ai(U["PORT_A_REMOTE_IP"], "be32", self.pick(
                [0x0a4d0002] * 4 + [0, 0xffffffff, 0xe0000001, 0x01020304])))
        if ch(0.6):
            P.append(ai(U["PORT_A_KEY"], "u64", self.pick(
                [0, 1, 2, 3, 42, (1 << 24) - 1, 1 << 24, U64])))
        if ch(0.15):
            P.append(A(U["PORT_A_KEY_FLOW"], b""))
        if ch(0.3):
            P.append(ai(U["PORT_A_PORT_NO"], "u16",
                        self.pick([3, 4, 5, 6, 63, 64, 0, 1, 2])))
        if ch(0.1):
            P.append(ai(U["PORT_A_DST_PORT"], "u16", self.pick([0, 1, 4789, 65535])))
        if ch(0.1):
            P.append(ai(U["PORT_A_TTL"], "u8", self.pick([0, 1, 64, 255])))
        if ch(0.1):
            P.append(ai(U["PORT_A_TOS"], "u8", self.pick([0, 0x28, 0xff])))
        if ch(0.05):
            P.append(A(U["PORT_A_TOS_INHERIT"], b""))
        if ch(0.05):
            P.append(A(U["PORT_A_REMOTE_MAC"], self.pick(self.MACS)))
        if ch(0.05):
            P.append(A(U["PORT_A_FLOWID_HASH"], b""))
        if ch(0.1):
            P.append(ai(U["PORT_A_LOCAL_IP"], "be32",
                        self.pick([0x0a4d0001, 0x01020304])))
        if ch(0.02):
            P.append(ai(U["PORT_A_OVERHEAD"], "u16", 50))
        self.r.shuffle(P)
        return nest(U["A_PORT"], P)

    def port_ref(self):
        ch, P = self.chance, []
        known = sorted(self.model.ports)
        if ch(0.6):
            P.append(ai(U["PORT_A_PORT_NO"], "u16", self.pick(
                known + [0, 9, 63, 64, 0xffff] if ch(0.2) else known)))
        if not P or ch(0.4):
            names = [n for n, _ in self.model.ports.values()]
            P.append(A(U["PORT_A_NAME"], self.pick(names + self.NAMES) + b"\0"))
        return nest(U["A_PORT"], P)

    # ----- mutations of the tree
    def nodes(self, attrs, out, parent):
        for i, a in enumerate(attrs):
            if type(a) is RawBytes:
                continue
            out.append((parent, i, a))
            if isinstance(a.v, list):
                self.nodes(a.v, out, a.v)
        return out

    def mutate_tree(self, attrs):
        r = self.r
        nodes = self.nodes(attrs, [], attrs)
        lists = [attrs] + [a.v for _, _, a in nodes if isinstance(a.v, list)]
        k = r.randrange(12)
        if nodes and k == 0:                     # drop
            parent, i, a = self.pick(nodes)
            if a in parent:
                parent.remove(a)
        elif nodes and k == 1:                   # duplicate (maybe changed)
            parent, i, a = self.pick(nodes)
            b = A(a.t, a.v if isinstance(a.v, list) else
                  (self.edge(a.v) if self.chance(0.5) else a.v))
            parent.insert(r.randrange(len(parent) + 1), b)
        elif k == 2:                             # reorder
            r.shuffle(self.pick(lists))
        elif nodes and k == 3:                   # payload too short / long
            parent, i, a = self.pick(nodes)
            if isinstance(a.v, list):
                a.v = ser(a.v)
            if a.v and self.chance(0.5):
                a.v = a.v[:r.randrange(len(a.v))]
            else:
                a.v = a.v + bytes(r.randrange(1, 9))
        elif nodes and k == 4:                   # another type's payload
            parent, i, a = self.pick(nodes)
            a.v = self.pick([b"", b"\1", pk("=H", 1), pk("=I", 1), pk("=Q", 1),
                             b"abc\0", [A(1, pk("=I", 7))], bytes(6)])
        elif k == 5:                             # unknown / reply-only ids
            lst = self.pick(lists)
            t = self.pick([0, 0x3fff, 0xff, 21, 17, 16, 12, 11, 10, 4, 3, 23,
                           24, 15, 14, 13])
            lst.insert(r.randrange(len(lst) + 1),
                       A(t | (nl.NLA_F_NESTED if self.chance(0.3) else 0),
                         pk("=I", r.getrandbits(32)) if self.chance(0.7) else b""))
        elif nodes and k == 6:                   # extra nesting, deep
            parent, i, a = self.pick(nodes)
            if a in parent:
                j = parent.index(a)
                inner = a
                for _ in range(r.randrange(1, 24)):
                    inner = A(self.pick([a.t, 1, 2, 10, 0x3fff]) |
                              (nl.NLA_F_NESTED if self.chance(0.8) else 0),
                              [inner])
                parent[j] = inner
        elif nodes and k == 7:                   # NLA_F_NESTED toggled
            parent, i, a = self.pick(nodes)
            a.t ^= nl.NLA_F_NESTED
        elif nodes and k == 8:                   # byte-order flag
            parent, i, a = self.pick(nodes)
            a.t ^= 0x4000
        elif nodes and k == 9:                   # edge values
            parent, i, a = self.pick(nodes)
            if not isinstance(a.v, list):
                a.v = self.edge(a.v)
        elif nodes and k == 10:                  # nla_len lies
            parent, i, a = self.pick(nodes)
            a.dlen = self.pick([-4, -3, -1, 1, 2, 4, 8, 100, -100])
        elif nodes:                              # no padding
            parent, i, a = self.pick(nodes)
            a.nopad = True

    def edge(self, v):
        n = len(v)
        if n in (1, 2, 4, 8):
            c = self.pick(["zero", "max", "max+1", "min-1", "one"])
            if c == "zero":
                return bytes(n)
            if c == "max":
                return b"\xff" * n
            if c == "max+1":
                return b"\0" * n + b"\1"      # does not fit: a longer field
            if c == "min-1":
                return b"\xff" * n
            return (1).to_bytes(n, "little")
        return bytes(n) if self.chance(0.5) else b"\xff" * n

    # ----- the message
    def message(self, seq):
        """(bytes to send, alone): a skeleton, maybe mutated."""
        cmd, attrs, flags = self.skeleton()
        r = self.r
        if self.chance(0.6):
            for _ in range(r.randrange(1, 4)):
                self.mutate_tree(attrs)
        body = ser(attrs)
        ver, resv, fam = U["GENL_VERSION"], 0, self.env.c.family
        alone = False
        k = r.random()
        if k < 0.03:
            ver = r.randrange(256)
        elif k < 0.04:
            resv = r.randrange(1, 65536)
        elif k < 0.05:
            flags = self.pick([flags & ~nl.NLM_F_ACK, flags & ~nl.NLM_F_REQUEST,
                               flags | nl.NLM_F_ECHO, flags | 0x10, flags | 0x100,
                               flags | 0x200, flags | 0x400, flags | 0x800,
                               flags | nl.NLM_F_DUMP])
        elif k < 0.055:
            fam = self.pick([0xfff0, 1, 2, 3, 0xf])
        elif k < 0.08 and body:                  # truncated (length agrees)
            body = body[:r.randrange(len(body))]
        elif k < 0.10 and body:                  # bit flips
            b = bytearray(body)
            for _ in range(r.randrange(1, 5)):
                b[r.randrange(len(b))] ^= 1 << r.randrange(8)
            body = bytes(b)
        hdr = pk("=BBH", cmd, ver, resv)
        ln = 20 + len(body)
        msg = pk("=IHHII", ln, fam, flags, seq, 0) + hdr + body
        k = r.random()
        if k < 0.01:                             # nlmsg_len lies
            alone = True
            c = self.pick(["long", "short", "tiny", "genl"])
            if c == "long":
                ln = len(msg) + r.randrange(1, 64)
            elif c == "tiny":
                ln = r.randrange(0, 16)
            elif c == "genl":
                ln = r.randrange(16, 20)
            elif len(msg) > 24:
                ln = r.randrange(20, len(msg))
            if 16 <= ln < len(msg):
                # what follows must be shorter than a header: ignored
                msg = msg[:((ln + 3) & ~3) + r.randrange(0, 16)]
            msg = pk("=I", ln) + msg[4:]
        return msg, alone


class RawBytes(A):
    """Bytes serialized as they are (random attributes)."""
    __slots__ = ()

    def __init__(self, v):
        A.__init__(self, 0, v)


# ------------------------------------------------------------ the run
ERRNAMES = {v: k for k, v in vars(E).items() if k.startswith("E") and
            isinstance(v, int)}


def ename(e):
    return ERRNAMES.get(e, str(e))


class St:
    __slots__ = ("seq", "msg", "pred", "replies", "done", "err", "extack",
                 "stray", "needack", "n")

    def __init__(self, seq, msg, pred, n):
        self.seq, self.msg, self.pred, self.n = seq, msg, pred, n
        self.replies, self.done, self.err, self.extack = [], False, None, None
        self.stray = False
        flags = upk("=H", msg, 6)[0]
        self.needack = bool(flags & nl.NLM_F_ACK)


class Runner:
    def __init__(self, a):
        self.a = a
        self.c = nl.Cvsw()
        s = self.c.s
        s.setsockopt(nl.SOL_NETLINK, nl.NETLINK_CAP_ACK, 1)
        for opt, force in ((socket.SO_RCVBUF, 33), (socket.SO_SNDBUF, 32)):
            try:
                s.setsockopt(socket.SOL_SOCKET, force, 8 << 20)
            except OSError:
                s.setsockopt(socket.SOL_SOCKET, opt, 8 << 20)
        self.env = Env(self.c, a.dev)
        self.model = Model()
        self.rnd = random.Random(a.seed)
        self.gen = Gen(self.env, self.model, self.rnd)
        self.sent = 0
        self.fail = 0
        self.stats = {"ok": 0, "noreply": 0, "dump_noextack": 0,
                      "batches": 0, "checks": 0, "max_flows": 0,
                      "max_ports": 0, "uncertain": 0, "undo_flows": 0,
                      "undo_dev": 0, "undo_timed": 0}
        self.errnos = {}
        self.cmds = {}
        self.resync_needed = False
        self.batch_failed = False
        self.consequential = 0
        self.load_model()
        if self.model.flows:
            raise SystemExit("nlsoak: the table of %s is not empty" % a.dev)
        self.ports0 = dict(self.model.ports)
        self.dev0 = dict(self.model.dev)
        self.off0 = self.offloads()

    # ----- synchronous requests (model loading and the full checks)
    def req(self, cmd, attrs=b"", dump=False):
        return self.c.request(self.c.family, cmd, attrs, dump)

    def devattr(self):
        return pk("=HHI", 8, U["A_IFINDEX"], self.env.idx)

    def kernel_flows(self):
        return [decode_flow(nl.parse_attrs(r)[U["A_FLOW"]][0])
                for r in self.req(U["CMD_FLOW_GET"], self.devattr(), True)]

    def kernel_ports(self):
        out = {}
        for r in self.req(U["CMD_PORT_GET"], self.devattr(), True):
            no, nm, k = decode_port(r)
            out[no] = (nm, k)
        return out

    def kernel_dev(self):
        a = nl.parse_attrs(self.req(U["CMD_DEV_GET"], self.devattr())[0])
        return {"mtu": upk("=I", a[U["A_MTU"]][0])[0],
                "miss": a[U["A_MISS"]][0][0],
                "msl": upk("=H", a[U["A_MISS_SEND_LEN"]][0])[0],
                "pin": upk("=I", a[U["A_PACKET_IN_RATE"]][0])[0]}

    def offloads(self):
        a = nl.parse_attrs(self.req(U["CMD_DEV_GET"], self.devattr())[0])
        return {t: v[0][0] for t, v in
                nl.parse_attrs(a[U["A_OFFLOADS"]][0]).items()}

    def load_model(self):
        m = self.model
        m.flows.clear()
        for fl in self.kernel_flows():
            m.flows[fl.key()] = fl
        m.ports.clear()
        m.ports.update(self.kernel_ports())
        m.dev.clear()
        m.dev.update(self.kernel_dev())

    def resync(self):
        """After a failed check: the model from the kernel's dumps, so one
        fault is reported once."""
        if self.resync_needed:
            self.load_model()
            self.resync_needed = False

    def full_check(self, what):
        self.stats["checks"] += 1
        self.batch_failed = False
        got = sorted(fl.text() for fl in self.kernel_flows())
        want = sorted(fl.text() for fl in self.model.flows.values())
        ok = True
        if got != want:
            self.failure("%s: the table differs from the model: %s" %
                         (what, flow_diff(got, want)))
            ok = False
        kp, kd = port_texts(self.kernel_ports()), self.kernel_dev()
        if kp != port_texts(self.model.ports) or kd != self.model.dev:
            self.failure("%s: ports %s device %s; model %s %s" %
                         (what, kp, kd, port_texts(self.model.ports),
                          self.model.dev))
            ok = False
        if not ok:
            self.load_model()
        return ok

    def failure(self, text):
        if self.batch_failed:
            # what follows a failure in the same batch was predicted from
            # a model that was already wrong: noted, not counted
            self.consequential += 1
            if self.consequential <= 20:
                print("# note (after a failure in this batch): " + text,
                      flush=True)
            return
        self.batch_failed = True
        self.fail += 1
        if self.fail <= 25:
            print("# FAIL: " + text, flush=True)
        if self.fail == 25:
            print("# nlsoak: 25 failures, stopping", flush=True)

    # ----- batches
    def cleanup(self):
        """Requests that undo what could disturb the traffic: live flows,
        a miss policy other than normal, another MTU."""
        out = []
        dev = self.devattr()
        for fl in list(self.model.flows.values()):
            if fl.live() or fl.ephemeral():
                self.stats["undo_flows" if fl.live() else "undo_timed"] += 1
                M = []
                for (attr, name, kind, pa), (v, msk) in zip(MF, fl.match):
                    if not msk:
                        continue
                    M.append(A(attr, v.to_bytes(6, "big")) if kind == "mac"
                             else ai(attr, kind, v))
                    if pa is not None and msk != 0xffffffff:
                        M.append(ai(pa, "u8", bin(msk).count("1")))
                F = [nest(U["FLOW_A_MATCH"], M),
                     ai(U["FLOW_A_PRIORITY"], "u16", fl.priority),
                     A(U["FLOW_A_STRICT"], b"")]
                out.append((U["CMD_FLOW_DEL"], dev + ser([nest(U["A_FLOW"], F)])))
        d = self.model.dev
        if d["miss"] != U["MISS_NORMAL"] or d["mtu"] != self.dev0["mtu"]:
            self.stats["undo_dev"] += 1
            out.append((U["CMD_DEV_SET"], dev + ser(
                [ai(U["A_MISS"], "u8", U["MISS_NORMAL"]),
                 ai(U["A_MTU"], "u32", self.dev0["mtu"])])))
        return out

    def newseq(self):
        self.c.seq += 1
        return self.c.seq - 1

    def plain(self, cmd, attrs):
        seq = self.newseq()
        return pk("=IHHII", 20 + len(attrs), self.c.family,
                  nl.NLM_F_REQUEST | nl.NLM_F_ACK, seq, 0) + \
            pk("=BBH", cmd, U["GENL_VERSION"], 0) + attrs

    def add(self, batch, msg, alone):
        seq = upk("=I", msg, 8)[0]
        try:
            pred = predict(self.env, self.model, msg, len(msg))
        except Exception as e:  # a bug of the predictor: say where
            raise SystemExit("nlsoak: predictor failed on %s: %r" %
                             (msg.hex(), e))
        cmd = msg[16] if len(msg) > 16 else -1
        self.cmds[cmd] = self.cmds.get(cmd, 0) + 1
        certain = pred.errs is not None and not (pred.ok and pred.errs)
        if certain and pred.ok and pred.effect:
            pred.effect(self.model, None)
            pred.effect = None
        if not certain:
            self.stats["uncertain"] += 1
        self.sent += 1
        batch.append(St(seq, msg, pred, self.sent))
        return pred.final or not certain or alone

    def run_batch(self, batch, alone=False):
        if not batch:
            return
        self.stats["batches"] += 1
        if alone:
            self.c.s.send(batch[0].msg)
        else:
            self.c.s.send(b"".join(st.msg + b"\0" * (-len(st.msg) % 4)
                                   for st in batch))
        bys = {st.seq: st for st in batch}
        wait = [st for st in batch
                if not st.pred.noreply and not st.pred.optional]
        s = self.c.s
        s.settimeout(10)
        try:
            while any(not st.done for st in wait):
                try:
                    data = s.recv(1 << 22)
                except socket.timeout:
                    for st in wait:
                        if not st.done:
                            self.failure("msg %d seq %d (%s): no reply in 10 s; "
                                         "request %s" % (st.n, st.seq,
                                                         st.pred.what,
                                                         st.msg[:160].hex()))
                            st.done = True
                            self.resync_needed = True
                    break
                self.take(data, bys)
            s.setblocking(False)
            while True:
                try:
                    data = s.recv(1 << 22)
                except BlockingIOError:
                    break
                self.take(data, bys)
        except OSError as e:
            self.failure("socket error %r" % e)
            self.resync_needed = True
        finally:
            s.setblocking(True)
        for st in batch:
            self.judge(st)
        self.batch_failed = False

    def take(self, data, bys):
        i = 0
        while i + 16 <= len(data):
            ln, typ, flags, seq, _ = upk("=IHHII", data, i)
            body = data[i + 16:i + ln]
            i += (ln + 3) & ~3
            st = bys.get(seq)
            if st is None or st.done:
                self.failure("a reply (type %d) to seq %d, which %s" %
                             (typ, seq, "is complete" if st else
                              "is no request of this batch"))
                self.resync_needed = True
                continue
            if st.pred.noreply:
                st.stray = True
            if typ == nl.NLMSG_ERROR or typ == nl.NLMSG_DONE:
                st.err = -upk("=i", body, 0)[0] if len(body) >= 4 else 0
                st.extack = None
                if flags & nl.NLM_F_ACK_TLVS:
                    off = 4 if typ == nl.NLMSG_DONE else \
                        4 + (16 if flags & nl.NLM_F_CAPPED else upk("=I", body, 4)[0])
                    a = nl.parse_attrs(body[off:])
                    if nl.NLMSGERR_ATTR_MSG in a:
                        st.extack = a[nl.NLMSGERR_ATTR_MSG][0].rstrip(b"\0").decode()
                st.done = True
            else:
                st.replies.append(body[4:])
                if not st.needack and not st.pred.dump and st.err is None:
                    st.err = 0
                    st.done = True

    def judge(self, st):
        p = st.pred
        req = st.msg[:200].hex()
        if p.noreply:
            if st.stray:
                self.failure("msg %d seq %d (%s): an answer (errno %s) where "
                             "none was due; request %s" %
                             (st.n, st.seq, p.what, st.err, req))
                self.resync_needed = True
            else:
                self.stats["noreply"] += 1
            return
        if not st.done:
            if not p.optional:
                return
            st.err = 0
        if st.err == 0:
            self.stats["ok"] += 1
            if not p.ok:
                self.failure("msg %d seq %d (%s): accepted; predicted %s; "
                             "request %s" % (st.n, st.seq, p.what,
                                             "/".join(map(ename, p.errs)), req))
                self.resync_needed = True
                return
            if p.check:
                diff = p.check(st.replies)
                if diff:
                    self.failure("msg %d seq %d (%s): reply differs from the "
                                 "model: %s; request %s" %
                                 (st.n, st.seq, p.what, diff, req))
                    self.resync_needed = True
                    return
            if p.effect:
                p.effect(self.model, st.replies)
            return
        self.errnos[st.err] = self.errnos.get(st.err, 0) + 1
        if p.errs is not None and st.err not in p.errs:
            self.failure("msg %d seq %d (%s): refused with %s (%r); predicted "
                         "%s; request %s" %
                         (st.n, st.seq, p.what, ename(st.err), st.extack,
                          "/".join(map(ename, p.errs)) or "success", req))
            if p.ok and not p.errs or p.errs:
                self.resync_needed = True
            return
        if not st.extack:
            if p.extack:
                self.failure("msg %d seq %d (%s): refused with %s but no extack "
                             "message; request %s" %
                             (st.n, st.seq, p.what, ename(st.err), req))
            elif p.dump and st.err not in (E.EOPNOTSUPP,):
                self.stats["dump_noextack"] += 1

    def run(self):
        a = self.a
        t0 = time.time()
        last = t0
        nextcheck = a.check_every
        print("# nlsoak: seed %d, %d messages, device %s (ifindex %d), "
              "batches of up to %d" % (a.seed, a.count, a.dev, self.env.idx,
                                       a.batch), flush=True)
        while self.sent < a.count and self.fail < 25:
            batch = []
            nbytes = 0
            for cmd, attrs in self.cleanup():
                self.add(batch, self.plain(cmd, attrs), False)
            end = False
            while not end and len(batch) < a.batch and nbytes < 65536 and \
                    self.sent < a.count:
                seq = self.newseq()
                msg, alone = self.gen.message(seq)
                if alone:
                    self.run_batch(batch)
                    batch = []
                    self.add(batch, msg, True)
                    self.run_batch(batch, alone=True)
                    batch = []
                    break
                end = self.add(batch, msg, False)
                nbytes += len(msg)
            # What the (predicted) batch leaves that disturbs the traffic
            # is undone by its own last messages, within the same send().
            for cmd, attrs in self.cleanup():
                self.add(batch, self.plain(cmd, attrs), False)
            self.run_batch(batch)
            self.resync()
            # undo at once what disturbs the traffic
            batch = []
            for cmd, attrs in self.cleanup():
                self.add(batch, self.plain(cmd, attrs), False)
            self.run_batch(batch)
            self.resync()
            self.stats["max_flows"] = max(self.stats["max_flows"],
                                          len(self.model.flows))
            self.stats["max_ports"] = max(self.stats["max_ports"],
                                          len(self.model.ports) - 2)
            if self.sent >= nextcheck:
                nextcheck += a.check_every
                self.full_check("after %d messages" % self.sent)
            now = time.time()
            if now - last >= a.report:
                last = now
                print("# nlsoak: %d messages, %.0f/s, %d flows, %d tunnel "
                      "ports, %d failures" %
                      (self.sent, self.sent / (now - t0), len(self.model.flows),
                       len(self.model.ports) - 2, self.fail), flush=True)
        # the last cleanup and the end state
        batch = []
        for cmd, attrs in self.cleanup():
            self.add(batch, self.plain(cmd, attrs), False)
        self.run_batch(batch)
        dt = time.time() - t0
        self.full_check("at the end")
        s = self.stats
        refused = sum(self.errnos.values())
        print("# nlsoak: %d messages in %.1f s: %.0f messages/s" %
              (self.sent, dt, self.sent / dt), flush=True)
        print("# nlsoak: %d accepted, %d refused (%s), %d dropped without "
              "reply as predicted, %d outcomes not predicted exactly, %d dump "
              "refusals without extack" %
              (s["ok"], refused, ", ".join("%s %d" % (ename(k), v) for k, v in
                                           sorted(self.errnos.items())),
               s["noreply"], s["uncertain"], s["dump_noextack"]))
        names = {v: k[4:].lower() for k, v in U.items()
                 if k.startswith("CMD_") and k != "CMD_MAX"}
        print("# nlsoak: commands: %s, unknown %d, no genl header %d" % (
            ", ".join("%s %d" % (names[k], v) for k, v in
                      sorted(self.cmds.items()) if 0 <= k <= U["CMD_MAX"]),
            sum(v for k, v in self.cmds.items() if k > U["CMD_MAX"]),
            self.cmds.get(-1, 0)))
        print("# nlsoak: %d batches, %d full checks, at most %d flows and %d "
              "tunnel ports, %d flows at the end; undone in the same send: %d "
              "flows the traffic could hit, %d miss policies or MTUs, %d flows "
              "with a timeout under %d s" %
              (s["batches"], s["checks"], s["max_flows"], s["max_ports"],
               len(self.model.flows), s["undo_flows"], s["undo_dev"],
               s["undo_timed"], LONG_TIMEOUT),
              flush=True)
        self.restore()
        return self.fail

    def restore(self):
        """Tunnel ports deleted, table flushed, device as it was."""
        for no in sorted(self.kernel_ports()):
            if no not in self.ports0:
                try:
                    self.req(U["CMD_PORT_DEL"], self.devattr() + ser(
                        [nest(U["A_PORT"], [ai(U["PORT_A_PORT_NO"], "u16", no)])]))
                except nl.NlError as e:
                    self.failure("deleting tunnel port %d: %s" % (no, e))
        d = self.dev0
        try:
            self.req(U["CMD_FLOW_FLUSH"], self.devattr())
            self.req(U["CMD_DEV_SET"], self.devattr() + ser(
                [ai(U["A_MTU"], "u32", d["mtu"]),
                 ai(U["A_MISS"], "u8", d["miss"]),
                 ai(U["A_MISS_SEND_LEN"], "u16", d["msl"]),
                 ai(U["A_PACKET_IN_RATE"], "u32", d["pin"]),
                 nest(U["A_OFFLOADS"], [ai(t, "u8", v) for t, v in
                                        sorted(self.off0.items())])]))
        except nl.NlError as e:
            self.failure("restoring the device: %s" % e)
        ok = (not self.kernel_flows() and self.kernel_dev() == d and
              self.offloads() == self.off0 and self.kernel_ports() == self.ports0)
        if not ok:
            self.failure("restoring the device: flows %d, device %s (was %s), "
                         "offloads %s (was %s), ports %s (was %s)" %
                         (len(self.kernel_flows()), self.kernel_dev(), d,
                          self.offloads(), self.off0,
                          port_texts(self.kernel_ports()),
                          port_texts(self.ports0)))
        else:
            print("# ok: device restored: empty table, %d ports, mtu %d, "
                  "offloads as before" % (len(self.ports0), d["mtu"]))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dev", default=os.environ.get("IF_A"))
    ap.add_argument("--count", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--check-every", type=int, default=5000)
    ap.add_argument("--report", type=float, default=30,
                    help="seconds between progress lines")
    a = ap.parse_args()
    if a.seed is None:
        a.seed = int.from_bytes(os.urandom(4), "big")
    if not a.dev:
        raise SystemExit("nlsoak: --dev or IF_A")
    fails = Runner(a).run()
    print("# nlsoak: %s (seed %d)" % ("PASS" if not fails else
                                      "%d failure(s)" % fails, a.seed))
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
