#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# MTU 9000 on both NICs (the runner sets the host taps and bridge to 9216):
# DF-set jumbo pings of exactly 9000-byte IP packets pass both ways (IPv4 and
# IPv6), one byte more is refused, TCP works with jumbo frames, and going back
# to 1500 makes the jumbo ping fail again.
. "$(dirname "$0")/lib.sh"
test_init
IPERF_T=3
[ "$CVSW_NIC_VARIANT" = legacy ] && skip "jumbo frames need mergeable rx buffers (link.sh checks maxmtu 1500 on legacy NICs)"
setup_pair 9000
for p in "$NS1 $IF_A" "$NS2 $IF_B"; do
	set -- $p
	m=$(ip netns exec $1 cat /sys/class/net/$2/mtu)
	[ "$m" = 9000 ] && ok "$2 mtu 9000" || ko "$2 mtu $m"
done
rx0=$(nic_stat $NS2 "$IF_B" rx_bytes)
if ping_ok $NS1 $IP4_B -M do -s 8972; then ok "IPv4 DF ping 9000 bytes A->B"; else ko "IPv4 DF ping 9000 bytes A->B"; fi
if ping_ok $NS2 $IP4_A -M do -s 8972; then ok "IPv4 DF ping 9000 bytes B->A"; else ko "IPv4 DF ping 9000 bytes B->A"; fi
if ping_ok $NS1 $IP6_B -6 -M do -s 8952; then ok "IPv6 ping 9000 bytes A->B"; else ko "IPv6 ping 9000 bytes A->B"; fi
rx=$(( $(nic_stat $NS2 "$IF_B" rx_bytes) - rx0 ))
# 9 jumbo frames at least were received by B (3 requests + 3 replies... B rx = 3+3+3)
[ "$rx" -ge $((9 * 9000)) ] && ok "B rx_bytes +$rx" || ko "B rx_bytes only +$rx after 9 jumbo frames"
if in1 ping -q -c 1 -W 2 -M do -s 8973 $IP4_B >/tmp/ping-big.log 2>&1; then
	ko "9001-byte DF ping succeeded with mtu 9000"
else
	ok "9001-byte DF ping refused: $(grep -m1 -iE 'too long|mtu' /tmp/ping-big.log)"
fi
if iperf_pair $NS1 $NS2 $IP4_B 5240 -M 8900; then ok "TCP with jumbo MSS A->B $(mbps $BPS) Mbit/s"; else ko "TCP jumbo A->B did not complete"; fi
[ "$BPS" -gt 1000000 ] || ko "jumbo TCP throughput $BPS bit/s"
if iperf_pair $NS1 $NS2 $IP4_B 5241 -R; then ok "TCP jumbo B->A $(mbps $BPS) Mbit/s"; else ko "TCP jumbo B->A did not complete"; fi
# Back to 1500 on the receiver's sender side: the jumbo DF ping must fail.
ip -n $NS1 link set "$IF_A" mtu 1500 || ko "mtu back to 1500"
if in1 ping -q -c 1 -W 2 -M do -s 8972 $IP4_B >/dev/null 2>&1; then ko "jumbo DF ping passed with mtu 1500"; else ok "jumbo DF ping refused at mtu 1500"; fi
if ping_ok $NS1 $IP4_B -M do -s 1472; then ok "1500-byte DF ping after mtu change"; else ko "1500-byte DF ping after mtu change"; fi
exit $TEST_RC
