#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Queue placement: with as many queue pairs as CPUs, pair i's rx and tx
# interrupts are hinted to CPU i and XPS sends CPU i's traffic out of tx
# queue i. ethtool -L combined 1 puts every CPU on pair 0. Taking CPU 1
# offline while TCP traffic runs moves its pair to the CPU left; bringing it
# back restores the placement. Traffic flows throughout.
. "$(dirname "$0")/lib.sh"
test_init
IPERF_T=10
[ "$(nproc)" -ge 2 ] && [ "$CVSW_QUEUES" -ge 2 ] || skip "needs 2 CPUs and 2 queue pairs"
[ -w /sys/devices/system/cpu/cpu1/online ] || skip "CPU 1 cannot be taken offline"
setup_pair
VDEV=$(basename "$(ip netns exec $NS1 readlink -f /sys/class/net/$IF_A/device)")

tomask() { local v; v=$(tr -d ',\n'); [ -n "$v" ] && printf '%d' "0x$v" || echo '?'; }
xps() { ip netns exec $NS1 cat /sys/class/net/$IF_A/queues/tx-$1/xps_cpus 2>/dev/null | tomask; }
hint() { # input.N|output.N -> affinity hint of NIC A's virtqueue interrupt
	local irq
	irq=$(awk -v n="$VDEV-$1" '$NF == n { sub(":", "", $1); print $1 }' /proc/interrupts)
	[ -n "$irq" ] && tomask </proc/irq/$irq/affinity_hint || echo '?'
}
# placement -> "xps0 xps1 in0/out0 in1/out1" as decimal CPU masks
placement() { echo "$(xps 0) $(xps 1) $(hint input.0)/$(hint output.0) $(hint input.1)/$(hint output.1)"; }
expect() { # LABEL WANT
	local got
	got=$(placement)
	[ "$got" = "$2" ] && ok "$1: $got" || ko "$1: placement '$got', want '$2' (xps0 xps1 in0/out0 in1/out1)"
}

expect "2 pairs on 2 CPUs" "1 2 1/1 2/2"
ip netns exec $NS1 ethtool -L $IF_A combined 1 || ko "ethtool -L combined 1"
# tx-1 is out of use: its XPS map is gone and its interrupts have no hint.
got=$(xps 0)" "$(hint input.0)/$(hint output.0)" "$(hint input.1)
[ "$got" = "3 3/3 0" ] && ok "combined 1: every CPU on pair 0 ($got)" || ko "combined 1: '$got', want '3 3/3 0' (xps0 in0/out0 in1)"
ip netns exec $NS1 ethtool -L $IF_A combined 2 || ko "ethtool -L combined 2"
expect "combined 2 again" "1 2 1/1 2/2"

# CPU hotplug under traffic.
iperf_server $NS2 5260 || fail "iperf3 server did not start"
in1 timeout $((IPERF_T + 30)) iperf3 -c $IP4_B -p 5260 -t $IPERF_T -P 2 -J >/tmp/aff.json 2>&1 &
cli=$!
sleep 3
echo 0 >/sys/devices/system/cpu/cpu1/online || ko "taking CPU 1 offline"
sleep 2
expect "CPU 1 offline" "1 1 1/1 1/1"
echo 1 >/sys/devices/system/cpu/cpu1/online || ko "bringing CPU 1 back"
wait $cli || ko "iperf3 across the CPU hotplug failed"
wait 2>/dev/null
b=$(iperf_summary /tmp/aff.json)
[ "${b%% *}" -gt 0 ] 2>/dev/null && ok "TCP across the hotplug: $(mbps ${b%% *}) Mbit/s" || ko "no TCP traffic across the hotplug ($b)"
expect "CPU 1 back" "1 2 1/1 2/2"
ping_ok $NS1 $IP4_B && ok "ping after the hotplug" || ko "ping after the hotplug"
exit $TEST_RC
