#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Administrative link up/down on both NICs: operstate follows, carrier is
# reported (ethtool "Link detected"), MAC/MTU defaults and MTU limits are sane.
. "$(dirname "$0")/lib.sh"
test_init
for mac in "$CVSW_MAC_A" "$CVSW_MAC_B"; do
	ifc=$(nic_by_mac "$mac")
	[ -n "$ifc" ] || { ko "no netdev with MAC $mac"; continue; }
	ip link set "$ifc" down
	if wait_for 10 sh -c "[ \"\$(cat /sys/class/net/$ifc/operstate)\" = down ]"; then ok "$ifc down"; else ko "$ifc operstate $(cat /sys/class/net/$ifc/operstate) after link down"; fi
	ip link set "$ifc" up || ko "ip link set $ifc up"
	if wait_for 15 sh -c "[ \"\$(cat /sys/class/net/$ifc/operstate)\" = up ]"; then ok "$ifc operstate up"; else ko "$ifc operstate '$(cat /sys/class/net/$ifc/operstate)' after link up"; fi
	[ "$(cat /sys/class/net/$ifc/carrier 2>/dev/null)" = 1 ] && ok "$ifc carrier 1" || ko "$ifc carrier not 1"
	ethtool "$ifc" | grep -q 'Link detected: yes' && ok "$ifc ethtool: link detected" || ko "$ifc ethtool does not report a link"
	[ "$(cat /sys/class/net/$ifc/mtu)" = 1500 ] && ok "$ifc default mtu 1500" || ko "$ifc mtu $(cat /sys/class/net/$ifc/mtu), want 1500"
	maxmtu=$(ip -d link show dev "$ifc" | sed -n 's/.* maxmtu \([0-9]*\).*/\1/p')
	minmtu=$(ip -d link show dev "$ifc" | sed -n 's/.* minmtu \([0-9]*\).*/\1/p')
	if [ "$CVSW_NIC_VARIANT" = legacy ]; then
		# No mergeable buffers and no device MTU: a frame must fit one buffer.
		[ "${maxmtu:-0}" = 1500 ] && ok "$ifc maxmtu $maxmtu (no mergeable buffers)" || ko "$ifc maxmtu '$maxmtu', want 1500 without mergeable buffers"
		ip link set "$ifc" mtu 1501 2>/dev/null && ko "$ifc accepted mtu 1501 without mergeable buffers"
	else
		[ "${maxmtu:-0}" -ge 9000 ] && ok "$ifc maxmtu $maxmtu" || ko "$ifc maxmtu '$maxmtu' < 9000"
	fi
	[ "${minmtu:-0}" -ge 68 ] && [ "${minmtu:-0}" -le 1280 ] && ok "$ifc minmtu $minmtu" || ko "$ifc minmtu '$minmtu' not in 68..1280"
	ip link set "$ifc" mtu 40 2>/dev/null && ko "$ifc accepted mtu 40"
	ip link set "$ifc" mtu 1500
	ip link set "$ifc" down
done
exit $TEST_RC
