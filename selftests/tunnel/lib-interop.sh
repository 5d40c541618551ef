# SPDX-License-Identifier: GPL-2.0
#
# interop_kind KIND: interoperability of a CVSW VXLAN, Geneve or NVGRE
# tunnel port with Linux's own tunnel device, both directions, byte for
# byte (the tests interop_vxlan, interop_geneve, interop_nvgre; sourced
# after lib-tun.sh, the test's T and KEY set).
#
# NIC A (netns cvsw1) carries a tunnel port t0 of its datapath (remote
# 10.77.0.2); NIC B (netns cvsw2) is a plain NIC under a Linux device: a
# `vxlan` (id N dstport 4789), a `geneve` (id N) or a `gretap` with key
# VSID << 8 (NVGRE, RFC 7637). The overlay is 10.90.0.0/24: A's stack
# reaches 10.90.0.2 (the Linux device) through flows that output to t0,
# and what t0 receives goes to A's stack.
#
# With TSO/GSO on (the stack hands the tunnel 64 KB frames, the
# tunnel segments them) and again with TSO/GSO off on both sides:
#  - ping A -> B and B -> A over the overlay, iperf3 TCP A -> B and B -> A;
#  - B's capture of what A sent (rx offloads and GRO off on B, so the
#    frames are as they crossed the wire): tshark's vxlan / geneve / gre
#    dissectors check outer Ethernet, IPv4 (DF, TTL 64, TOS 0), UDP ports,
#    the tunnel header and key, the inner frame, and every checksum they
#    can check (outer IPv4, outer UDP or zero, inner IPv4/TCP/ICMP);
#  - A's capture of what its stack got from B: the decapsulated frames,
#    none left encapsulated, checksums valid (with TSO/GSO off, where A's
#    rx offloads are off too and the host completes every checksum);
#  - the tunnel port's counters: packets both ways; with TSO on the
#    datapath sent super-frames to the port (average > 1514 bytes), with
#    TSO off none; the port's reported overhead is the kind's.
#
# Captures keep their first $CAP_MAX packets: the pings, the handshakes and
# thousands of data segments, which tshark checks in minutes under TCG.
CAP_MAX=${CAP_MAX:-3000}

interop_kind() { # KIND
	local kind=$1 oh mtu port peer_mac avg
	setup_pair
	dp_reset
	tun_underlay
	tun_add $NS1 "$IF_A" t0 type=$kind remote_ip=$IP4_B local_ip=$IP4_A key=$KEY ||
		{ ko "$kind: tunnel add refused"; return; }
	port=$(tun_port $NS1 "$IF_A" t0)
	[ "${port:-0}" -ge 3 ] && ok "$kind: tunnel port t0 is OpenFlow port $port" ||
		ko "$kind: tunnel port t0 has port number '$port' (want >= 3)"
	oh=$(tun_get $NS1 "$IF_A" t0 overhead)
	[ "$oh" = "$(tun_doc_overhead $kind)" ] && ok "$kind: overhead $oh bytes" ||
		ko "$kind: overhead '$oh', want $(tun_doc_overhead $kind) (docs/tunnels.md)"
	mtu=$((WIRE_MTU - $(tun_doc_overhead $kind)))
	tun_inner $NS1 "$IF_A" $IN4_A $INNET $mtu || { ko "$kind: inner address on A"; return; }
	tun_flows $NS1 "$IF_A" t0 $INNET || { ko "$kind: flows naming t0 refused"; return; }
	peer_linux $NS2 $kind tl0 $KEY $IP4_B $IP4_A $IN4_B "$IF_B" ||
		{ ko "$kind: creating the Linux $kind device"; return; }
	peer_mac=$(in2 cat /sys/class/net/tl0/address)
	log "$kind: A $IF_A port $port (inner mtu $mtu), B Linux tl0 $peer_mac mtu $(in2 cat /sys/class/net/tl0/mtu)"

	for mode in tso notso; do
		if [ $mode = tso ]; then
			in1 ethtool -K "$IF_A" tx on sg on tso on gso on >/dev/null 2>&1
			in2 ethtool -K "$IF_B" tx on sg on tso on gso on >/dev/null 2>&1
			in2 ethtool -K tl0 tso on gso on >/dev/null 2>&1
		else
			in1 ethtool -K "$IF_A" tso off gso off >/dev/null 2>&1
			in2 ethtool -K "$IF_B" tso off gso off >/dev/null 2>&1
			in2 ethtool -K tl0 tso off gso off >/dev/null 2>&1
		fi
		# B: the wire as it came (no GRO, the host completes checksums);
		# A: whatever its NIC gives it (offloads as the mode says).
		dp_rx_csum_off $NS2 "$IF_B"
		if [ $mode = tso ]; then
			in1 ethtool -K "$IF_A" rx on gro on >/dev/null 2>&1
		else
			dp_rx_csum_off $NS1 "$IF_A"
		fi
		dp_sh $NS1 flow flush "$IF_A" >/dev/null
		tun_flows $NS1 "$IF_A" t0 $INNET
		tx0=$(dp_port_stat $NS1 "$IF_A" "$port" tx_packets)
		rx0=$(dp_port_stat $NS1 "$IF_A" "$port" rx_packets)
		txb0=$(dp_port_stat $NS1 "$IF_A" "$port" tx_bytes)
		cap_start $NS2 "$IF_B" $T/$kind-$mode-b.pcap -c $CAP_MAX -Q in "src host $IP4_A" ||
			{ ko "$kind/$mode: capture on B"; continue; }
		cap_start $NS1 "$IF_A" $T/$kind-$mode-a.pcap -c $CAP_MAX -Q in ||
			{ ko "$kind/$mode: capture on A"; continue; }
		if ping_ok $NS1 $IN4_B; then ok "$kind/$mode: ping A -> Linux $kind"; else ko "$kind/$mode: ping A -> Linux $kind"; fi
		if ping_ok $NS2 $IN4_A; then ok "$kind/$mode: ping Linux $kind -> A"; else ko "$kind/$mode: ping Linux $kind -> A"; fi
		for dir in AB BA; do
			if [ $dir = AB ]; then
				tun_iperf $NS1 $NS2 $IN4_B 5201
			else
				tun_iperf $NS2 $NS1 $IN4_A 5202
			fi
			rc=$?
			if [ $rc -eq 0 ] && [ "${BYTES:-0}" -gt 1000000 ]; then
				ok "$kind/$mode: TCP $dir $(mbps $BPS) Mbit/s, $BYTES bytes"
			else
				ko "$kind/$mode: TCP $dir failed (rc $rc, $BYTES bytes)"
			fi
		done
		cap_stop
		tx=$(( $(dp_port_stat $NS1 "$IF_A" "$port" tx_packets) - tx0 ))
		rx=$(( $(dp_port_stat $NS1 "$IF_A" "$port" rx_packets) - rx0 ))
		txb=$(( $(dp_port_stat $NS1 "$IF_A" "$port" tx_bytes) - txb0 ))
		[ $tx -gt 100 ] && [ $rx -gt 100 ] &&
			ok "$kind/$mode: port t0 sent $tx, received $rx packets" ||
			ko "$kind/$mode: port t0 sent $tx, received $rx packets (want > 100 each)"
		avg=$((txb / (tx > 0 ? tx : 1)))
		if [ $mode = tso ]; then
			[ $avg -gt 1514 ] && ok "$kind/$mode: the stack's TSO frames reached the tunnel whole (average $avg bytes)" ||
				ko "$kind/$mode: average frame sent to t0 is $avg bytes: no TSO frames reached the tunnel"
		else
			[ $avg -le 1514 ] && ok "$kind/$mode: no frame over 1514 bytes reached the tunnel (average $avg)" ||
				ko "$kind/$mode: average frame sent to t0 is $avg bytes with TSO/GSO off"
		fi
		tun_cap_check "$kind/$mode: B's capture" encap $T/$kind-$mode-b.pcap $kind $IP4_A $IP4_B $KEY \
			--smac $CVSW_MAC_A --dmac $CVSW_MAC_B --inner-src $IN4_A --inner-dst $IN4_B --min 100
		if [ $mode = tso ]; then
			tun_cap_check "$kind/$mode: A's capture" inner $T/$kind-$mode-a.pcap $IN4_B $IN4_A \
				--min 50 --no-encap $kind:$IP4_B --no-csum
		else
			tun_cap_check "$kind/$mode: A's capture" inner $T/$kind-$mode-a.pcap $IN4_B $IN4_A \
				--min 50 --max-len 1514 --no-encap $kind:$IP4_B
		fi
	done
	log "$kind: t0 counters: $(tun_counters $NS1 "$IF_A" t0)"
	tun_reset $NS1 "$IF_A"
	tun_reset $NS2 "$IF_B"
}

