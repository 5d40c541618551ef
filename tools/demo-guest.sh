#!/bin/sh
# Runs inside the demo guest (see tools/demo.sh): shows the two vNICs driven
# by cvsw_net and traffic crossing them between two network namespaces.
. "$CVSW_REPO/selftests/driver/lib.sh"
set -u
show() { printf '\n$ %s\n' "$*"; "$@"; }

setup_pair
show ip netns exec $NS1 ethtool -i "$IF_A"
printf '\n$ ethtool -k %s (offloads)\n' "$IF_A"
ip netns exec $NS1 ethtool -k "$IF_A" | grep -E '^(rx-checksumming|tx-checksumming|scatter-gather|tcp-segmentation-offload|generic-(segmentation|receive)-offload|rx-gro-hw):'
show ip netns exec $NS1 ethtool -l "$IF_A"
show ip -n $NS1 addr show dev "$IF_A"
show ip -n $NS2 addr show dev "$IF_B"
show ip netns exec $NS1 ping -c 3 $IP4_B
show ip netns exec $NS1 ping -c 3 $IP6_B
echo
echo "\$ iperf3 -c $IP4_B -t 3 (from $NS1 over $IF_A -> host bridge -> $IF_B)"
ip netns exec $NS2 iperf3 -s -1 -D -p 5299
sleep 1
ip netns exec $NS1 iperf3 -c $IP4_B -p 5299 -t 3 | tail -4
show ip netns exec $NS1 ethtool -S "$IF_A"
show ip -n $NS2 -s link show dev "$IF_B"
rc=0
ping_ok $NS1 $IP4_B >/dev/null || rc=1
teardown
echo
[ $rc = 0 ] && echo "demo: cvsw_net drives both vNICs; traffic flows." || echo "demo: FAILED"
exit $rc
