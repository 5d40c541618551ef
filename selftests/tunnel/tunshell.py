#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Tunnel ports as `cvsw-shell --json tunnel show DEV` reports them, for the
tunnel selftests (run inside the device's namespace).

    tunshell.py get DEV NAME KEY    one value of port NAME: a field of the
                                    port object (port, kind, remote_ip,
                                    overhead, ...) or one of its counters
                                    (decap_errors, reasm_done, ...), wherever
                                    the object nests them; exit 1 if absent
    tunshell.py counters DEV NAME   every number of the port, key=value
    tunshell.py names DEV           the names of DEV's tunnel ports
    tunshell.py show DEV            the JSON as the shell printed it

The reply may be a list of port objects or an object holding one (under
"tunnels" or "ports"), and ports 1 and 2 may be listed too: only objects
with a tunnel kind count as tunnel ports.
"""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "dp"))
from dpshell import run, ShellError  # noqa: E402

KINDS = ("vxlan", "geneve", "nvgre", "stt", "sclp")


def ports(dev):
    js = run("tunnel", "show", dev, as_json=True)
    if isinstance(js, dict):
        for k in ("tunnels", "ports"):
            if isinstance(js.get(k), list):
                js = js[k]
                break
        else:
            js = [js] if "name" in js else []
    return [p for p in js if isinstance(p, dict) and p.get("kind") in KINDS]


def port(dev, name):
    for p in ports(dev):
        if p.get("name") == name:
            return p
    raise KeyError("no tunnel port %r on %s" % (name, dev))


def find(obj, key):
    """@key in @obj, or in the objects it nests (breadth first)."""
    todo = [obj]
    while todo:
        o = todo.pop(0)
        if key in o:
            return o[key]
        todo += [v for v in o.values() if isinstance(v, dict)]
    raise KeyError(key)


def numbers(obj, pre=""):
    for k, v in obj.items():
        if isinstance(v, dict):
            yield from numbers(v, pre)
        elif isinstance(v, (int, float)) and not isinstance(v, bool):
            yield k, v


def main(argv):
    try:
        if argv[:1] == ["get"] and len(argv) == 4:
            v = find(port(argv[1], argv[2]), argv[3])
            print(str(v).lower() if isinstance(v, bool) else v)
        elif argv[:1] == ["counters"] and len(argv) == 3:
            print(" ".join("%s=%s" % kv for kv in numbers(port(argv[1], argv[2]))))
        elif argv[:1] == ["names"] and len(argv) == 2:
            for p in ports(argv[1]):
                print(p["name"])
        elif argv[:1] == ["show"] and len(argv) == 2:
            print(json.dumps(ports(argv[1])))
        else:
            print(__doc__, file=sys.stderr)
            return 2
    except (KeyError, ShellError, subprocess.SubprocessError, ValueError) as e:
        print("tunshell: %s" % e, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
