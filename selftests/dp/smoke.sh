#!/bin/sh
. "$CVSW_REPO/selftests/driver/lib.sh"
setup_pair
S=$CVSW_REPO/cvsw-shell/cvsw-shell
in1 $S -c "monitor" > /tmp/mon 2>&1 &
sleep 2
in1 $S -c "flow add $IF_A priority=7,udp,tp_dst=9999,actions=drop"; echo rc=$?
in1 $S -c "set device $IF_A miss controller"; echo rc=$?
in1 $S -c "show device $IF_A" | grep miss
in1 ping -c 2 -W 1 $IP4_B
in1 $S -c "stats $IF_A"
in1 $S -c "set device $IF_A miss normal"
mon_cmd "set_link $CVSW_QEMU_ID_A off"; echo mon rc=$?
sleep 2
dmesg | tail -3
mon_cmd "set_link $CVSW_QEMU_ID_A on"
sleep 2
kill %1
cat /tmp/mon
in1 /usr/bin/python3 - <<PYEOF
import sys; sys.path.insert(0, "$CVSW_REPO/selftests/dp")
from cvswnl import *
c = Cvsw(); print(c.groups)
c.subscribe("packet_in"); c.subscribe("port_status")
idx = c.devices()["$IF_A"]
c.cmd(CMD_DEV_SET, u32(A_IFINDEX, idx), u8(A_MISS, 2))
import subprocess
subprocess.run(["ping", "-c", "1", "-W", "1", "$IP4_B"])
print(recv_events(c, 2))
PYEOF
teardown
