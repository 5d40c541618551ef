#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# ethtool -i/-l/-g/-k/-S/link settings work and report what QEMU configured:
# $CVSW_QUEUES combined channels, $CVSW_RING_SIZE-entry rings.
. "$(dirname "$0")/lib.sh"
test_init
for mac in "$CVSW_MAC_A" "$CVSW_MAC_B"; do
	ifc=$(nic_by_mac "$mac")
	[ -n "$ifc" ] || { ko "no netdev $mac"; continue; }
	ip link set "$ifc" up
	i=$(ethtool -i "$ifc") || ko "ethtool -i $ifc"
	echo "$i" | grep -q "^driver: $(driver_module)$" && ok "$ifc ethtool -i driver $(driver_module)" || ko "$ifc ethtool -i: $(echo "$i" | head -1)"
	l=$(ethtool -l "$ifc") || ko "ethtool -l $ifc failed"
	maxc=$(echo "$l" | awk '/^Pre-set maximums/ { s = 1 } /^Current/ { s = 2 } /^Combined:/ && s == 1 { print $2 }')
	curc=$(echo "$l" | awk '/^Pre-set maximums/ { s = 1 } /^Current/ { s = 2 } /^Combined:/ && s == 2 { print $2 }')
	[ "$maxc" = "$CVSW_QUEUES" ] && ok "$ifc -l max combined $maxc" || ko "$ifc -l max combined '$maxc', want $CVSW_QUEUES"
	[ -n "$curc" ] && [ "$curc" -ge 1 ] && [ "$curc" -le "${maxc:-0}" ] && ok "$ifc -l current combined $curc" || ko "$ifc -l current combined '$curc'"
	g=$(ethtool -g "$ifc") || ko "ethtool -g $ifc failed"
	rxm=$(echo "$g" | awk '/^Pre-set maximums/ { s = 1 } /^Current/ { s = 2 } /^RX:/ && s == 1 { print $2 }')
	txm=$(echo "$g" | awk '/^Pre-set maximums/ { s = 1 } /^Current/ { s = 2 } /^TX:/ && s == 1 { print $2 }')
	rxc=$(echo "$g" | awk '/^Pre-set maximums/ { s = 1 } /^Current/ { s = 2 } /^RX:/ && s == 2 { print $2 }')
	txc=$(echo "$g" | awk '/^Pre-set maximums/ { s = 1 } /^Current/ { s = 2 } /^TX:/ && s == 2 { print $2 }')
	[ "$rxm" = "$CVSW_RING_SIZE" ] && [ "$txm" = "$CVSW_RING_SIZE" ] && ok "$ifc -g max RX $rxm TX $txm" ||
		ko "$ifc -g max RX '$rxm' TX '$txm', want $CVSW_RING_SIZE"
	[ "$rxc" = "$CVSW_RING_SIZE" ] && [ "$txc" = "$CVSW_RING_SIZE" ] && ok "$ifc -g current RX $rxc TX $txc" ||
		ko "$ifc -g current RX '$rxc' TX '$txc', want $CVSW_RING_SIZE"
	k=$(ethtool -k "$ifc") && [ -n "$k" ] && ok "$ifc ethtool -k" || ko "ethtool -k $ifc"
	s=$(ethtool -S "$ifc") || ko "ethtool -S $ifc failed"
	n=$(queue_stats "" "$ifc" 2>/dev/null | wc -l)
	log "$ifc ethtool -S: $(echo "$s" | wc -l) lines, $n per-queue packet counters"
	[ "$n" -ge $((2 * CVSW_QUEUES)) ] && ok "$ifc has per-queue rx/tx packet counters" || ko "$ifc: $n per-queue packet counters in ethtool -S, want >= $((2 * CVSW_QUEUES))"
	ethtool "$ifc" >/dev/null && ok "$ifc ethtool link settings" || ko "ethtool $ifc failed"
	ethtool -G "$ifc" rx $((CVSW_RING_SIZE * 4)) 2>/dev/null && ko "$ifc accepted a ring larger than its maximum"
	ip link set "$ifc" down
done
exit $TEST_RC
