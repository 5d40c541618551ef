#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Carrier off/on from the host: QEMU monitor "set_link <nic> off|on" (sent
# through the org.cvsw.ctl virtio-serial port). The guest NIC must report
# NO-CARRIER / operstate DOWN, traffic must stop, and resume after "on".
. "$(dirname "$0")/lib.sh"
test_init
ctl_port >/dev/null || fail "no org.cvsw.ctl virtio-serial port (is virtio_console loaded?)"
setup_pair
ping_ok $NS1 $IP4_B >/dev/null && ok "ping before set_link" || ko "ping before set_link"
carrier() { ip netns exec $1 cat /sys/class/net/$2/carrier 2>/dev/null; }
no_carrier() { ip -n $1 link show dev $2 | grep -q NO-CARRIER && [ "$(oper_state $1 $2)" = DOWN ]; }

for round in 1 2; do
	mon_cmd "set_link $CVSW_QEMU_ID_A off" || ko "monitor set_link $CVSW_QEMU_ID_A off"
	if wait_for 15 no_carrier $NS1 "$IF_A"; then ok "round $round: $IF_A NO-CARRIER, operstate DOWN"; else ko "round $round: $IF_A still $(oper_state $NS1 "$IF_A") carrier=$(carrier $NS1 "$IF_A") after set_link off"; fi
	if in1 ping -q -c 2 -W 1 $IP4_B >/dev/null 2>&1; then ko "round $round: ping succeeded with carrier off"; else ok "round $round: no traffic with carrier off"; fi
	mon_cmd "set_link $CVSW_QEMU_ID_A on" || ko "monitor set_link $CVSW_QEMU_ID_A on"
	if wait_for 15 is_up $NS1 "$IF_A"; then ok "round $round: $IF_A operstate UP again"; else ko "round $round: $IF_A $(oper_state $NS1 "$IF_A") after set_link on"; fi
	[ "$(carrier $NS1 "$IF_A")" = 1 ] || ko "round $round: carrier $(carrier $NS1 "$IF_A")"
	# Traffic must resume within 20 s (the neighbour entry may have to be
	# re-resolved after the failed pings), then 3/3 pings must pass.
	if wait_for 20 in1 ping -q -c 1 -W 1 $IP4_B && ping_ok $NS1 $IP4_B; then ok "round $round: traffic resumed"; else ko "round $round: no traffic after set_link on"; in1 ip neigh; fi
done
# The other side too, with TCP running across the flap.
mon_cmd "set_link $CVSW_QEMU_ID_B off" || ko "monitor set_link $CVSW_QEMU_ID_B off"
wait_for 15 no_carrier $NS2 "$IF_B" && ok "$IF_B NO-CARRIER" || ko "$IF_B still $(oper_state $NS2 "$IF_B") after set_link off"
mon_cmd "set_link $CVSW_QEMU_ID_B on" || ko "monitor set_link $CVSW_QEMU_ID_B on"
wait_for 15 is_up $NS2 "$IF_B" && ok "$IF_B UP again" || ko "$IF_B $(oper_state $NS2 "$IF_B") after set_link on"
IPERF_T=3
if iperf_pair $NS1 $NS2 $IP4_B 5260; then ok "TCP after carrier flap $(mbps $BPS) Mbit/s"; else ko "TCP after carrier flap"; fi
[ "$BPS" -gt 1000000 ] || ko "throughput after flap $BPS bit/s"
exit $TEST_RC
