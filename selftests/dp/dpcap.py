#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Check packets of a capture, as dissected by tshark, against expectations.

Input: a TSV file written by lib-dp.sh's cap_tsv (tshark -T fields -E header=y
with checksum validation on). Checks come on stdin, one a line:

    NAME|COUNT|WHERE|EXPECT

COUNT: N (at least N packets selected), =N (exactly N), <=N.
WHERE: space separated field=value conditions selecting packets (empty: all).
EXPECT: field=value conditions every selected packet must meet; an empty
value means the field is absent (e.g. vlan.id= : untagged). Special:
    csum=ok     every checksum tshark knows (ip, udp, tcp) is good
                (tshark status 1); a UDP checksum 0 counts as bad here
    csum=zero   ip good, UDP checksum field 0 (tshark status 3, not present)
Numbers compare as integers (0x.. or decimal), MACs case-insensitively.
Prints "# ok: NAME ..." or "# FAIL: NAME ..." per check; exit 1 if any failed.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from csumcheck import GOOD, NOT_PRESENT, tcp_ok  # noqa: E402


def norm(v):
    v = v.strip()
    try:
        return int(v, 0)
    except ValueError:
        pass
    if v[:2].lower() == "0x":
        try:
            return int(v, 16)
        except ValueError:
            pass
    return v.lower()


def conds(s):
    out = []
    for c in s.split():
        k, _, v = c.partition("=")
        out.append((k, v))
    return out


def meets(row, k, v):
    if k == "csum":
        ipst = row.get("ip.checksum.status", "")
        udst = row.get("udp.checksum.status", "")
        tcst = row.get("tcp.checksum.status", "")
        if v == "ok":
            return (ipst == GOOD and udst in ("", GOOD) and
                    (tcst == "" or tcp_ok(tcst, row.get("tcp.checksum", ""),
                                          row.get("tcp.checksum_calculated", ""))))
        if v == "zero":
            return (ipst == GOOD and udst == NOT_PRESENT and
                    norm(row.get("udp.checksum", "")) == 0)
        raise SystemExit("dpcap: unknown csum=%s" % v)
    got = row.get(k)
    if got is None:
        raise SystemExit("dpcap: field %s not captured" % k)
    if v == "":
        return got.strip() == ""
    return norm(got) == norm(v)


def show(row, keys):
    return " ".join("%s=%s" % (k, row.get(k, "?")) for k in keys)


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    with open(sys.argv[1]) as f:
        lines = f.read().splitlines()
    if not lines:
        print("# FAIL: empty tshark output %s" % sys.argv[1])
        return 1
    hdr = lines[0].split("\t")
    rows = [dict(zip(hdr, ln.split("\t"))) for ln in lines[1:] if ln]
    rc = 0
    for spec in sys.stdin:
        spec = spec.strip()
        if not spec or spec.startswith("#"):
            continue
        name, count, where, expect = (spec.split("|") + ["", "", ""])[:4]
        sel = [r for r in rows if all(meets(r, k, v) for k, v in conds(where))]
        n = len(sel)
        if count.startswith("="):
            cnt_ok, want = n == int(count[1:]), "exactly %s" % count[1:]
        elif count.startswith("<="):
            cnt_ok, want = n <= int(count[2:]), "at most %s" % count[2:]
        else:
            cnt_ok, want = n >= int(count), "at least %s" % count
        bad = []
        for r in sel:
            miss = [(k, v) for k, v in conds(expect) if not meets(r, k, v)]
            if miss:
                bad.append((r, miss))
        if not cnt_ok:
            rc = 1
            print("# FAIL: %s: %d packets where [%s], want %s" %
                  (name, n, where, want))
            continue
        if bad:
            rc = 1
            r, miss = bad[0]
            keys = sorted(set(k for k, _ in miss if k != "csum") |
                          ({"ip.checksum.status", "udp.checksum.status",
                            "tcp.checksum.status", "udp.checksum"}
                           if any(k == "csum" for k, _ in miss) else set()))
            print("# FAIL: %s: %d of %d packets break [%s]; frame %s: %s "
                  "(want %s)" % (name, len(bad), n, expect,
                                 r.get("frame.number"), show(r, keys),
                                 " ".join("%s=%s" % kv for kv in miss)))
            continue
        print("# ok: %s (%d packets%s)" %
              (name, n, ", " + expect if expect else ""))
    return rc


if __name__ == "__main__":
    sys.exit(main())
