#!/bin/sh
. "$CVSW_REPO/selftests/driver/lib.sh"
setup_pair
PY=/usr/bin/python3
D=$CVSW_REPO/selftests/dp
in1 $PY - <<PYEOF
import sys; sys.path.insert(0, "$D")
from cvswnl import *
c = Cvsw()
print("devices", c.devices())
idx = c.devices()["$IF_A"]
c.cmd(CMD_FLOW_NEW, u32(A_IFINDEX, idx), flow_attr([be16(M_DL_TYPE, 0x800), u8(M_NW_PROTO, 1)], [], 100))
c.cmd(CMD_FLOW_NEW, u32(A_IFINDEX, idx), flow_attr([be16(M_DL_TYPE, 0x806)], [output(PORT_NORMAL)], 100))
for m in c.cmd(CMD_FLOW_GET, u32(A_IFINDEX, idx), dump=True):
    print("flow", m)
try:
    c.cmd(CMD_FLOW_NEW, u32(A_IFINDEX, idx), flow_attr([u8(M_NW_PROTO, 1)], [], 100))
except NlError as e:
    print("expected error:", e)
PYEOF
ping -c 2 -W 1 $IP4_B >/dev/null 2>&1
in1 ping -c 3 -W 1 $IP4_B && echo "UNEXPECTED: ping passed" || echo "ok: ping dropped by flow"
in1 $PY - <<PYEOF
import sys; sys.path.insert(0, "$D")
from cvswnl import *
c = Cvsw()
idx = c.devices()["$IF_A"]
for m in c.cmd(CMD_FLOW_GET, u32(A_IFINDEX, idx), dump=True):
    f = parse_attrs(m[A_FLOW][0])
    print("packets", struct.unpack("=Q", f[F_PACKETS][0])[0])
print(c.cmd(CMD_STATS_GET, u32(A_IFINDEX, idx)))
c.cmd(CMD_FLOW_FLUSH, u32(A_IFINDEX, idx))
print("refused", fuzz(c, idx, 300, 1), "of 300")
PYEOF
in1 ping -c 3 -W 2 $IP4_B >/dev/null && echo "ok: ping after flush"
teardown
