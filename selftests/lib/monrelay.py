#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Relay between the guest's virtio-serial port org.cvsw.ctl and QEMU's QMP.

usage: monrelay.py CTL_SOCKET QMP_SOCKET LOGFILE

The guest writes one HMP command per line (e.g. "set_link net0 off",
"device_del net1"); each is run with QMP human-monitor-command and the answer
is written back as the HMP output lines followed by "@@END ok" or
"@@END error <message>". device_del additionally waits (up to 60 s) for QEMU's
DEVICE_DELETED event for that id, so "@@END ok" means the device is gone.
Python is used instead of a bare socat pipe only to get this framing right.
"""
import json
import socket
import sys
import time


def main():
    ctl_path, qmp_path, log_path = sys.argv[1:4]
    log = open(log_path, "a", buffering=1)
    qmp = socket.socket(socket.AF_UNIX)
    qmp.connect(qmp_path)
    qf = qmp.makefile("rw", buffering=1, encoding="utf-8", newline="\n")
    events = []

    def qread():
        while True:
            line = qf.readline()
            if not line:
                raise EOFError("qmp closed")
            msg = json.loads(line)
            if "event" in msg:
                log.write("event %s\n" % line.strip())
                events.append(msg)
                continue
            return msg

    def qcmd(cmd, args=None):
        req = {"execute": cmd}
        if args is not None:
            req["arguments"] = args
        qf.write(json.dumps(req) + "\n")
        qf.flush()
        return qread()

    json.loads(qf.readline())  # greeting
    qcmd("qmp_capabilities")

    ctl = socket.socket(socket.AF_UNIX)
    ctl.connect(ctl_path)
    cf = ctl.makefile("rw", buffering=1, encoding="utf-8", newline="\n")
    log.write("relay up\n")
    while True:
        line = cf.readline()
        if not line:
            break
        cmd = line.strip()
        if not cmd:
            continue
        log.write("%.3f guest> %s\n" % (time.time(), cmd))
        try:
            resp = qcmd("human-monitor-command", {"command-line": cmd})
        except EOFError:
            break
        if "error" in resp:
            out, end = "", "@@END error %s" % resp["error"].get("desc", "")
        else:
            out = resp.get("return", "")
            # HMP reports most failures as text with an "Error" prefix.
            end = "@@END error" if out.lower().startswith("error") else "@@END ok"
        words = cmd.split()
        if end == "@@END ok" and len(words) >= 2 and words[0] == "device_del":
            dev = words[1]
            deadline = time.time() + 60
            done = False
            while time.time() < deadline and not done:
                done = any(e.get("event") == "DEVICE_DELETED" and
                           e.get("data", {}).get("device") == dev for e in events)
                if done:
                    break
                qmp.settimeout(1.0)
                try:
                    qcmd("query-status")  # pumps pending events
                except (socket.timeout, OSError):
                    pass
                finally:
                    qmp.settimeout(None)
                time.sleep(0.5)
            if done:
                events[:] = [e for e in events if not (
                    e.get("event") == "DEVICE_DELETED" and
                    e.get("data", {}).get("device") == dev)]
            else:
                end = "@@END error no DEVICE_DELETED for %s within 60s" % dev
        log.write("%.3f qemu< %r %s\n" % (time.time(), out, end))
        reply = out.replace("\r\n", "\n")
        if reply and not reply.endswith("\n"):
            reply += "\n"
        cf.write(reply + end + "\n")
        cf.flush()


if __name__ == "__main__":
    main()
