#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# IPv4 and IPv6 ping between two namespaces: NIC A (ns1) -> host bridge ->
# NIC B (ns2), checking replies and that both NICs' counters moved.
. "$(dirname "$0")/lib.sh"
test_init
setup_pair

tx0=$(nic_stat $NS1 "$IF_A" tx_packets)
rx0=$(nic_stat $NS2 "$IF_B" rx_packets)

if ping_ok $NS1 $IP4_B; then ok "IPv4 ping $IP4_A -> $IP4_B"; else ko "IPv4 ping $IP4_A -> $IP4_B"; fi
if ping_ok $NS2 $IP4_A; then ok "IPv4 ping $IP4_B -> $IP4_A"; else ko "IPv4 ping $IP4_B -> $IP4_A"; fi
if ping_ok $NS1 $IP6_B -6; then ok "IPv6 ping $IP6_A -> $IP6_B"; else ko "IPv6 ping $IP6_A -> $IP6_B"; fi
if ping_ok $NS2 $IP6_A -6; then ok "IPv6 ping $IP6_B -> $IP6_A"; else ko "IPv6 ping $IP6_B -> $IP6_A"; fi
# link-local too (exercises multicast neighbour discovery through the NICs)
ll_b=$(ip -n $NS2 -6 -o addr show dev "$IF_B" scope link | awk '{ sub("/.*", "", $4); print $4; exit }')
if [ -n "$ll_b" ] && ping_ok $NS1 "$ll_b%$IF_A" -6; then ok "IPv6 link-local ping"; else ko "IPv6 link-local ping to '$ll_b'"; fi

tx1=$(nic_stat $NS1 "$IF_A" tx_packets)
rx1=$(nic_stat $NS2 "$IF_B" rx_packets)
# 15 echo requests + replies at least went out of A / into B.
if [ $((tx1 - tx0)) -ge 15 ]; then ok "A tx_packets +$((tx1 - tx0))"; else ko "A tx_packets only +$((tx1 - tx0))"; fi
if [ $((rx1 - rx0)) -ge 15 ]; then ok "B rx_packets +$((rx1 - rx0))"; else ko "B rx_packets only +$((rx1 - rx0))"; fi
exit $TEST_RC
