#!/bin/sh
. "$CVSW_REPO/selftests/driver/lib.sh"
setup_pair
S=$CVSW_REPO/cvsw-shell/cvsw-shell
in1 $S -c "show devices"
in1 $S -c "flow add $IF_A priority=100,icmp,actions=drop"
in1 $S -c "flow add $IF_A priority=10,arp,actions=normal"
in1 ping -c 2 -W 1 $IP4_B
in1 $S -c "flow dump $IF_A"
in1 $S -c "stats $IF_A"
in1 $S -c "flow add $IF_A priority=100,nw_src=1.2.3.4,actions=drop"; echo rc=$?
in1 $S --json -c "flow dump $IF_A"
in1 $S -c "flow flush $IF_A"
/usr/bin/python3 $CVSW_REPO/bench/datapath/genflows.py cvsw 10000 x > /tmp/f10k
time in1 $S -c "flow add-batch $IF_A /tmp/f10k"
in1 $S -c "show device $IF_A"
teardown
