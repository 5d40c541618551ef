#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# iperf3 TCP with each of checksum offload, TSO and GRO switched off on both
# NICs (ethtool -K), one at a time: the feature really goes off, the transfer
# completes with nonzero throughput, and with TSO off no >MTU packet reaches
# the driver. Features are restored afterwards and must come back on.
. "$(dirname "$0")/lib.sh"
test_init
IPERF_T=3
setup_pair
port=5210
for case in "csum:tx:tx-checksumming" "tso:tso:tcp-segmentation-offload" "gro:gro:generic-receive-offload"; do
	name=${case%%:*}; rest=${case#*:}; kopt=${rest%%:*}; feat=${rest#*:}
	for p in "$NS1 $IF_A" "$NS2 $IF_B"; do
		set -- $p
		ip netns exec $1 ethtool -K $2 $kopt off >/dev/null || ko "ethtool -K $2 $kopt off"
		cur=$(ip netns exec $1 ethtool -k $2 | grep "^$feat:")
		case "$cur" in *": off"*) ok "$2 $cur" ;; *) ko "$2 $feat not off: $cur" ;; esac
	done
	if [ "$name" = csum ]; then
		# TSO depends on tx csum, so it must have gone off too.
		ip netns exec $NS1 ethtool -k "$IF_A" | grep -q '^tcp-segmentation-offload: off' &&
			ok "TSO follows tx-checksumming off" || ko "TSO still on with tx-checksumming off"
	fi
	txb0=$(nic_stat $NS1 "$IF_A" tx_bytes); txp0=$(nic_stat $NS1 "$IF_A" tx_packets)
	port=$((port + 1))
	if iperf_pair $NS1 $NS2 $IP4_B $port; then ok "$name off: TCP A->B $(mbps $BPS) Mbit/s"; else ko "$name off: TCP A->B did not complete"; fi
	[ "$BPS" -gt 1000000 ] || ko "$name off: throughput $BPS bit/s"
	port=$((port + 1))
	if iperf_pair $NS1 $NS2 $IP4_B $port -R; then ok "$name off: TCP B->A $(mbps $BPS) Mbit/s"; else ko "$name off: TCP B->A did not complete"; fi
	[ "$BPS" -gt 1000000 ] || ko "$name off: B->A throughput $BPS bit/s"
	if [ "$name" != gro ]; then
		txb=$(( $(nic_stat $NS1 "$IF_A" tx_bytes) - txb0 )); txp=$(( $(nic_stat $NS1 "$IF_A" tx_packets) - txp0 ))
		avg=$(( txb / (txp > 0 ? txp : 1) ))
		[ "$avg" -le 1514 ] && ok "$name off: A average tx packet $avg bytes (no TSO)" || ko "$name off: A average tx packet $avg bytes > 1514 with TSO off"
	fi
	for p in "$NS1 $IF_A" "$NS2 $IF_B"; do
		set -- $p
		ip netns exec $1 ethtool -K $2 $kopt on >/dev/null || ko "ethtool -K $2 $kopt on"
		[ "$name" = csum ] && ip netns exec $1 ethtool -K $2 tso on >/dev/null
		cur=$(ip netns exec $1 ethtool -k $2 | grep "^$feat:")
		case "$cur" in *": on"*) ;; *) ko "$2 $feat did not come back on: $cur" ;; esac
	done
done
# rx checksum offload off, where the driver lets it be changed.
if ip netns exec $NS2 ethtool -k "$IF_B" | grep -q '^rx-checksumming: on$'; then
	ip netns exec $NS2 ethtool -K "$IF_B" rx off || ko "ethtool -K $IF_B rx off"
	ip netns exec $NS2 ethtool -k "$IF_B" | grep -q '^rx-checksumming: off' && ok "$IF_B rx-checksumming off" || ko "$IF_B rx-checksumming did not go off"
	if iperf_pair $NS1 $NS2 $IP4_B 5230; then ok "rx csum off: TCP A->B $(mbps $BPS) Mbit/s"; else ko "rx csum off: TCP A->B did not complete"; fi
	[ "$BPS" -gt 1000000 ] || ko "rx csum off: throughput $BPS bit/s"
	ip netns exec $NS2 ethtool -K "$IF_B" rx on
else
	log "rx-checksumming is fixed on $IF_B: $(ip netns exec $NS2 ethtool -k "$IF_B" | grep '^rx-checksumming')"
fi
exit $TEST_RC
