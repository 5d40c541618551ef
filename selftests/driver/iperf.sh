#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# iperf3 TCP in both directions through the two NICs, all offloads on (as
# negotiated): the transfer completes, throughput is nonzero, the driver's
# counters account for the bytes, and TSO really hands >MTU packets to the NIC.
. "$(dirname "$0")/lib.sh"
test_init
setup_pair
for ifc in "$NS1 $IF_A" "$NS2 $IF_B"; do
	set -- $ifc
	k=$(ip netns exec $1 ethtool -k $2)
	for f in tx-checksumming rx-checksumming tcp-segmentation-offload generic-receive-offload scatter-gather; do
		echo "$k" | grep -q "^$f: on" && ok "$2 $f on" || ko "$2 $f is not on: $(echo "$k" | grep "^$f:")"
	done
done

txb0=$(nic_stat $NS1 "$IF_A" tx_bytes); txp0=$(nic_stat $NS1 "$IF_A" tx_packets)
rxb0=$(nic_stat $NS2 "$IF_B" rx_bytes); rxp0=$(nic_stat $NS2 "$IF_B" rx_packets)
if iperf_pair $NS1 $NS2 $IP4_B 5201; then ok "TCP A->B $(mbps $BPS) Mbit/s, $BYTES bytes"; else ko "TCP A->B did not complete"; fi
[ "$BPS" -gt 1000000 ] || ko "TCP A->B throughput $BPS bit/s"
txb=$(( $(nic_stat $NS1 "$IF_A" tx_bytes) - txb0 )); txp=$(( $(nic_stat $NS1 "$IF_A" tx_packets) - txp0 ))
rxb=$(( $(nic_stat $NS2 "$IF_B" rx_bytes) - rxb0 ))
[ "$txb" -ge "$BYTES" ] && ok "A tx_bytes +$txb >= $BYTES" || ko "A tx_bytes +$txb < iperf bytes $BYTES"
[ "$rxb" -ge "$BYTES" ] && ok "B rx_bytes +$rxb >= $BYTES" || ko "B rx_bytes +$rxb < iperf bytes $BYTES"
# With TSO the stack hands the driver super-packets: average tx size > 1514.
avg=$(( txb / (txp > 0 ? txp : 1) ))
[ "$avg" -gt 1514 ] && ok "A average tx packet $avg bytes (TSO in use)" || ko "A average tx packet $avg bytes: TSO not used"
# With GUEST_TSO4 the host hands B whole TSO super-packets: average rx > 1514.
rxp=$(( $(nic_stat $NS2 "$IF_B" rx_packets) - rxp0 ))
avg=$(( rxb / (rxp > 0 ? rxp : 1) ))
if [ "$CVSW_NIC_VARIANT" = legacy ]; then
	[ "$avg" -le 1514 ] && ok "B average rx packet $avg bytes (no GUEST_TSO without mergeable buffers)" || ko "B average rx packet $avg bytes > 1514 without GUEST_TSO"
else
	[ "$avg" -gt 1514 ] && ok "B average rx packet $avg bytes (GUEST_TSO / LRO from the host)" || ko "B average rx packet $avg bytes: receives only MTU-sized frames (no GUEST_TSO)"
fi

if iperf_pair $NS1 $NS2 $IP4_B 5202 -R; then ok "TCP B->A (-R) $(mbps $BPS) Mbit/s"; else ko "TCP B->A did not complete"; fi
[ "$BPS" -gt 1000000 ] || ko "TCP B->A throughput $BPS bit/s"
if iperf_pair $NS2 $NS1 $IP6_A 5203; then ok "TCP/IPv6 B->A $(mbps $BPS) Mbit/s"; else ko "TCP/IPv6 B->A did not complete"; fi
[ "$BPS" -gt 1000000 ] || ko "TCP/IPv6 B->A throughput $BPS bit/s"
exit $TEST_RC
