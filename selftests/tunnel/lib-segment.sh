# SPDX-License-Identifier: GPL-2.0
#
# STT and VXLAN over SCLP between two cvsw_net NICs (no Linux peer exists
# for either), checked on the wire against docs/tunnels.md: wire_format
# KIND and traffic_both KIND, for the tests stt and sclp (sourced after
# lib-tun.sh, the test's T set).
#
#  1. The wire format. Only A has a tunnel port; B is a NIC without one,
#     so what A sends reaches B's capture as it crossed the wire (B's rx
#     offloads and GRO off: the host segments every TSO job). A sends
#     frames of 242 to 3942 bytes through the port
#     (packet-out ... actions=output:t0) and pings over the overlay.
#     STT: tshark's STT heuristic dissector (stt_ip) dissects and
#     reassembles the segments (version, context id, its expert checks),
#     tshark's TCP dissector validates each segment's checksum, and
#     tuncap.py reassembles them from the sequence numbers and finds each
#     frame sent whole, byte for byte. SCLP: tuncap.py checks every
#     segment's header field by field (ports, identification and F bit,
#     remaining length, checksum, full segments but the last), reassembles,
#     checks the VXLAN header and finds each frame sent.
#  2. Traffic. Both NICs have a tunnel port: ping both ways, iperf3 TCP
#     both ways with default offloads (the stack's TSO frames must reach
#     the tunnel whole); then again with the receiver's GRO/TSO off (its
#     vNIC gets wire-size segments and must reassemble: reasm_done moves).

key_of() { [ "$1" = stt ] && echo 0x1122334455667788 || echo 5002; }

wire_format() { # KIND
	local kind=$1 key port size hex n=0
	key=$(key_of $kind)
	setup_pair
	dp_reset
	tun_underlay
	tun_add $NS1 "$IF_A" t0 type=$kind remote_ip=$IP4_B local_ip=$IP4_A key=$key ||
		{ ko "$kind: tunnel add refused"; return; }
	port=$(tun_port $NS1 "$IF_A" t0)
	oh=$(tun_get $NS1 "$IF_A" t0 overhead)
	[ "$oh" = "$(tun_doc_overhead $kind)" ] && ok "$kind: overhead $oh bytes" ||
		ko "$kind: overhead '$oh', want $(tun_doc_overhead $kind) (docs/tunnels.md)"
	tun_inner $NS1 "$IF_A" $IN4_A $INNET $((WIRE_MTU - $(tun_doc_overhead $kind)))
	tun_flows $NS1 "$IF_A" t0 $INNET || { ko "$kind: flows naming t0 refused"; return; }
	in1 ip neigh replace $IN4_B lladdr $CVSW_MAC_B dev "$IF_A"
	# packet-out takes frames up to the device's MTU and a shell line is
	# at most 8 KB: A's device MTU 4000 lets 4 KB frames in, its route to
	# B keeps the wire at 1500.
	in1 ip link set "$IF_A" mtu 4000 &&
		in1 ip route replace $IP4_B/32 dev "$IF_A" mtu $WIRE_MTU ||
		ko "$kind: device MTU 4000 with a 1500-byte route to B"
	dp_rx_csum_off $NS2 "$IF_B"
	: >$T/$kind-frames.hex
	cap_start $NS2 "$IF_B" $T/$kind-wire.pcap -Q in "src host $IP4_A and not icmp" || { ko "$kind: capture on B"; return; }
	for size in 200 1400 2500 3900; do
		hex=$(udp_frame $CVSW_MAC_A $CVSW_MAC_B $IN4_A $IN4_B 40000 $((9000 + size / 100)) $size)
		echo "$hex" >>$T/$kind-frames.hex
		dp_sh $NS1 packet-out "$IF_A" in_port=1 actions=output:t0 data=$hex ||
			ko "$kind: packet-out of a $size-byte frame through t0 refused"
		n=$((n + 1))
	done
	# the stack's own frames too (B answers none of them)
	in1 ping -c 3 -i 0.3 -W 1 $IN4_B >/dev/null 2>&1
	cap_stop
	tx=$(dp_port_stat $NS1 "$IF_A" "$port" tx_packets)
	[ "${tx:-0}" -ge $((n + 3)) ] && ok "$kind: port t0 sent $tx frames" ||
		ko "$kind: port t0 sent '$tx' frames, want >= $((n + 3))"
	tun_cap_check "$kind: wire" $kind $T/$kind-wire.pcap $IP4_A $IP4_B $key \
		--expect $T/$kind-frames.hex --min-frames $((n + 3)) --mtu $WIRE_MTU
	tun_reset $NS1 "$IF_A"
}

traffic_both() { # KIND
	local kind=$1 key pa pb mode d0 d1
	key=$(key_of $kind)
	setup_pair
	dp_reset
	tun_underlay
	tun_add $NS1 "$IF_A" t0 type=$kind remote_ip=$IP4_B local_ip=$IP4_A key=$key &&
		tun_add $NS2 "$IF_B" t0 type=$kind remote_ip=$IP4_A local_ip=$IP4_B key=$key ||
		{ ko "$kind: tunnel add refused"; return; }
	pa=$(tun_port $NS1 "$IF_A" t0)
	pb=$(tun_port $NS2 "$IF_B" t0)
	mtu=$((WIRE_MTU - $(tun_doc_overhead $kind)))
	tun_inner $NS1 "$IF_A" $IN4_A $INNET $mtu && tun_inner $NS2 "$IF_B" $IN4_B $INNET $mtu ||
		ko "$kind: inner addresses"
	tun_flows $NS1 "$IF_A" t0 $INNET && tun_flows $NS2 "$IF_B" t0 $INNET ||
		{ ko "$kind: flows naming t0 refused"; return; }
	for mode in default rx-gro-tso-off; do
		if [ $mode = rx-gro-tso-off ]; then
			in2 ethtool -K "$IF_B" gro off rx-gro-hw off tso off >/dev/null 2>&1
			in1 ethtool -K "$IF_A" gro off rx-gro-hw off >/dev/null 2>&1
			log "$kind: B $(in2 ethtool -k "$IF_B" | grep -E '^(generic-receive-offload|rx-gro-hw|tcp-segmentation-offload):' | tr -s ' \n' ' ')"
		fi
		d0=$(tun_get $NS2 "$IF_B" t0 reasm_done)
		txb0=$(dp_port_stat $NS1 "$IF_A" "$pa" tx_bytes); tx0=$(dp_port_stat $NS1 "$IF_A" "$pa" tx_packets)
		if ping_ok $NS1 $IN4_B; then ok "$kind/$mode: ping A -> B"; else ko "$kind/$mode: ping A -> B"; fi
		if ping_ok $NS2 $IN4_A; then ok "$kind/$mode: ping B -> A"; else ko "$kind/$mode: ping B -> A"; fi
		tun_iperf $NS1 $NS2 $IN4_B 5211 && [ "${BYTES:-0}" -gt 1000000 ] &&
			ok "$kind/$mode: TCP A -> B $(mbps $BPS) Mbit/s, $BYTES bytes" ||
			ko "$kind/$mode: TCP A -> B failed ($BYTES bytes)"
		d1=$(tun_get $NS2 "$IF_B" t0 reasm_done)
		txb=$(( $(dp_port_stat $NS1 "$IF_A" "$pa" tx_bytes) - txb0 ))
		tx=$(( $(dp_port_stat $NS1 "$IF_A" "$pa" tx_packets) - tx0 ))
		avg=$((txb / (tx > 0 ? tx : 1)))
		[ $avg -gt 1514 ] && ok "$kind/$mode: A's TSO frames reached the tunnel whole (average $avg bytes)" ||
			ko "$kind/$mode: average frame sent to t0 is $avg bytes: no TSO frames reached the tunnel"
		if [ $mode = rx-gro-tso-off ]; then
			[ $((d1 - d0)) -gt 0 ] && ok "$kind/$mode: B reassembled $((d1 - d0)) frames from segments" ||
				ko "$kind/$mode: B's reasm_done moved by $((d1 - d0)) while its vNIC received wire-size segments"
		else
			log "$kind/$mode: B reassembled $((d1 - d0)) frames"
		fi
		tun_iperf $NS2 $NS1 $IN4_A 5212 && [ "${BYTES:-0}" -gt 1000000 ] &&
			ok "$kind/$mode: TCP B -> A $(mbps $BPS) Mbit/s, $BYTES bytes" ||
			ko "$kind/$mode: TCP B -> A failed ($BYTES bytes)"
	done
	rx=$(dp_port_stat $NS2 "$IF_B" "$pb" rx_packets)
	[ "${rx:-0}" -gt 100 ] && ok "$kind: B's port t0 received $rx frames" ||
		ko "$kind: B's port t0 received '$rx' frames"
	log "$kind: A t0: $(tun_counters $NS1 "$IF_A" t0)"
	log "$kind: B t0: $(tun_counters $NS2 "$IF_B" t0)"
	tun_reset $NS1 "$IF_A"
	tun_reset $NS2 "$IF_B"
}

