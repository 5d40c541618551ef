#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Bad CVSW_CMD_PORT_NEW / PORT_DEL requests on raw netlink (cvswnl.py, the
ABI read from kmod/uapi/cvsw.h), for what cvsw-shell refuses before the
kernel sees it: the kernel must refuse each with an extack message, and the
device's ports (a PORT_GET dump) must be the same afterwards. Run in the
device's namespace: badports.py DEV. Prints "# ok:"/"# FAIL:" lines; exit 1
when a check failed."""
import errno
import os
import socket
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "dp"))
from cvswnl import *  # noqa: E402,F401,F403
import cvswnl  # noqa: E402

U = cvswnl.UAPI
failures = 0


def check(cond, msg):
    global failures
    print("# %s: %s" % ("ok" if cond else "FAIL", msg))
    failures += 0 if cond else 1


def port(*parts):
    return cvswnl.nest(U["A_PORT"], *parts)


def ports(c, ifindex):
    out = []
    for a in c.cmd(U["CMD_PORT_GET"], cvswnl.u32(U["A_IFINDEX"], ifindex), dump=True):
        p = cvswnl.parse_attrs(a[U["A_PORT"]][0])
        out.append((struct.unpack("=H", p[U["PORT_A_PORT_NO"]][0])[0],
                    p[U["PORT_A_NAME"]][0].rstrip(b"\0").decode()))
    return sorted(out)


def main():
    dev = sys.argv[1]
    c = cvswnl.Cvsw()
    ifindex = c.devices()[dev]
    dev_attr = cvswnl.u32(U["A_IFINDEX"], ifindex)
    K = lambda n: cvswnl.u8(U["PORT_A_KIND"], U["PORT_KIND_" + n])  # noqa: E731
    name = lambda s: cvswnl.string(U["PORT_A_NAME"], s)  # noqa: E731
    remote = cvswnl.ip4(U["PORT_A_REMOTE_IP"], "10.77.0.2")
    local = cvswnl.ip4(U["PORT_A_LOCAL_IP"], "10.77.0.1")
    key = lambda v: cvswnl.u64(U["PORT_A_KEY"], v)  # noqa: E731

    def new(*parts):
        return c.cmd(U["CMD_PORT_NEW"], dev_attr, port(*parts))

    def delete(*parts):
        return c.cmd(U["CMD_PORT_DEL"], dev_attr, port(*parts))

    new(K("VXLAN"), name("r0"), remote, local, key(77))
    r0 = [p for p in ports(c, ifindex) if p[1] == "r0"]
    check(len(r0) == 1 and r0[0][0] >= U["PORT_TUNNEL_MIN"],
          "PORT_NEW of a valid VXLAN port: %s" % r0)
    r0_no = r0[0][0] if r0 else 3

    cases = [
        ("unknown kind", None, lambda: new(cvswnl.u8(U["PORT_A_KIND"], U["PORT_KIND_MAX"] + 1), name("x1"), remote, key(1))),
        ("kind host", None, lambda: new(K("HOST"), name("x1"), remote)),
        ("kind net", None, lambda: new(K("NET"), name("x1"), remote)),
        ("no kind", None, lambda: new(name("x1"), remote, key(1))),
        ("no remote_ip", None, lambda: new(K("VXLAN"), name("x1"), key(1))),
        ("multicast remote_ip", None, lambda: new(K("VXLAN"), name("x1"), cvswnl.ip4(U["PORT_A_REMOTE_IP"], "239.1.1.1"), key(1))),
        ("remote_ip 0.0.0.0", None, lambda: new(K("VXLAN"), name("x1"), cvswnl.ip4(U["PORT_A_REMOTE_IP"], "0.0.0.0"), key(1))),
        ("vxlan key 2^24", None, lambda: new(K("VXLAN"), name("x1"), remote, key(1 << 24))),
        ("geneve key 2^24", None, lambda: new(K("GENEVE"), name("x1"), remote, key(1 << 24))),
        ("nvgre key 2^24", None, lambda: new(K("NVGRE"), name("x1"), remote, key(1 << 24))),
        ("sclp key 2^24", None, lambda: new(K("SCLP"), name("x1"), remote, key(1 << 24))),
        ("key and key_flow", None, lambda: new(K("VXLAN"), name("x1"), remote, key(1), cvswnl.flag(U["PORT_A_KEY_FLOW"]))),
        ("tos and tos_inherit", None, lambda: new(K("VXLAN"), name("x1"), remote, key(1), cvswnl.u8(U["PORT_A_TOS"], 4), cvswnl.flag(U["PORT_A_TOS_INHERIT"]))),
        ("ttl 0", None, lambda: new(K("VXLAN"), name("x1"), remote, key(1), cvswnl.u8(U["PORT_A_TTL"], 0))),
        ("port number 1", None, lambda: new(K("VXLAN"), name("x1"), remote, key(1), cvswnl.u16(U["PORT_A_PORT_NO"], 1))),
        ("port number 2", None, lambda: new(K("VXLAN"), name("x1"), remote, key(1), cvswnl.u16(U["PORT_A_PORT_NO"], 2))),
        ("port number taken", errno.EEXIST, lambda: new(K("GENEVE"), name("x1"), remote, key(1), cvswnl.u16(U["PORT_A_PORT_NO"], r0_no))),
        ("name taken", errno.EEXIST, lambda: new(K("GENEVE"), name("r0"), remote, key(1))),
        ("name of port 2", None, lambda: new(K("GENEVE"), name("net"), remote, key(1))),
        ("same receive identity", errno.EEXIST, lambda: new(K("VXLAN"), name("x1"), remote, local, key(77))),
        ("name of 16 bytes", None, lambda: new(K("VXLAN"), cvswnl.nla(U["PORT_A_NAME"], b"abcdefghijklmnop"), remote, key(1))),
        ("remote_mac of 5 bytes", None, lambda: new(K("VXLAN"), name("x1"), remote, key(1), cvswnl.nla(U["PORT_A_REMOTE_MAC"], b"\x02\0\0\0\0"))),
        ("kind as u32", None, lambda: new(cvswnl.u32(U["PORT_A_KIND"], U["PORT_KIND_VXLAN"]), name("x1"), remote, key(1))),
        ("remote_ip of 2 bytes", None, lambda: new(K("VXLAN"), name("x1"), cvswnl.nla(U["PORT_A_REMOTE_IP"], b"\x0a\x4d"), key(1))),
        ("unknown port attribute", None, lambda: new(K("VXLAN"), name("x1"), remote, key(1), cvswnl.u8(U["PORT_A_MAX"] + 1, 1))),
        ("delete port 1", errno.EPERM, lambda: delete(cvswnl.u16(U["PORT_A_PORT_NO"], 1))),
        ("delete port 2", errno.EPERM, lambda: delete(cvswnl.u16(U["PORT_A_PORT_NO"], 2))),
        ("delete a missing port", errno.ENOENT, lambda: delete(name("nosuch"))),
    ]
    for what, want_errno, fn in cases:
        before = ports(c, ifindex)
        try:
            fn()
        except cvswnl.NlError as e:
            after = ports(c, ifindex)
            good = bool(e.msg) and (want_errno is None or e.errno == want_errno)
            check(good and before == after,
                  "%s: refused, errno %d%s, extack %r%s" % (
                      what, e.errno, "" if want_errno is None or e.errno == want_errno
                      else " (want %d)" % want_errno, e.msg,
                      "" if before == after else ", but the ports changed: %s -> %s" % (before, after)))
            continue
        check(False, "%s: accepted" % what)
        for no, n in ports(c, ifindex):
            if n not in ("host", "net", "r0") and no >= U["PORT_TUNNEL_MIN"]:
                delete(cvswnl.u16(U["PORT_A_PORT_NO"], no))
    new(K("STT"), name("x2"), remote, key((1 << 64) - 1))
    check(any(n == "x2" for _, n in ports(c, ifindex)), "stt key 2^64-1 accepted")
    for n in ("x2", "r0"):
        delete(name(n))
    left = [p for p in ports(c, ifindex) if p[0] >= U["PORT_TUNNEL_MIN"]]
    check(not left, "no tunnel port left: %s" % left)
    return 1 if failures else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (cvswnl.NlError, socket.error, KeyError) as e:
        print("# FAIL: badports: %r" % e)
        sys.exit(1)
