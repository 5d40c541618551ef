# SPDX-License-Identifier: GPL-2.0
#
# reasm_kind KIND: STT or SCLP reassembly on receive (the tests reasm_stt
# and reasm_sclp; sourced after lib-tun.sh, the test's T set), with segments crafted by scapy and sent
# from a raw socket on NIC A to NIC B, whose tunnel port (remote 10.77.0.1)
# must put them together. Each frame is an inner UDP datagram to a listener
# in B's stack (10.90.0.2), its checksum complete, so only a frame
# reassembled in the right order reaches the listener.
#  - in order, reversed, shuffled, and the segments of 6 frames interleaved
#    and shuffled: every datagram arrives; reasm_done counts each frame;
#  - a middle segment left out: no datagram; the frame times out
#    (reasm_timeouts counts it; waited for, not timed);
#  - segments overlapping the previous one: counted in reasm_drops;
#  - 2000 frames of which only the first segment comes: each either is
#    dropped at the memory cap (reasm_drops) or times out
#    (reasm_timeouts), every one accounted for, and the kernel's
#    unreclaimable slab comes back to within 4 MB of where it was (the
#    reassembly buffers are freed);
#  - after all that, a frame in order still arrives.

MANY=2000

slab_kb() { awk '/^SUnreclaim:/ { print $2 }' /proc/meminfo; }

# send KIND DPORT ARGS...: crafted segments from A to B's tunnel port
send() {
	local kind=$1 dport=$2
	shift 2
	tun_traffic $NS1 reasm $kind "$IF_A" $CVSW_MAC_A $CVSW_MAC_B $IP4_A $IP4_B \
		$KEY $IN4_B $dport --inner-dmac $CVSW_MAC_B "$@"
}

got() { listen_count $1 "$IN4_A "; }

# wait_counter KIND KEY AT_LEAST SECONDS -> value
wait_counter() {
	local end=$(( $(date +%s) + $4 )) v
	while :; do
		v=$(tun_get $NS2 "$IF_B" t0 $2)
		[ "${v:-0}" -ge "$3" ] && break
		[ "$(date +%s)" -ge "$end" ] && break
		sleep 1
	done
	echo "${v:-0}"
}

reasm_kind() { # KIND
	local kind=$1 c0 d0 t0 r0 v n s0 s1 case_port
	if [ $kind = stt ]; then KEY=0x1122334455667788; else KEY=5003; fi
	setup_pair
	dp_reset
	tun_underlay
	tun_add $NS2 "$IF_B" t0 type=$kind remote_ip=$IP4_A local_ip=$IP4_B key=$KEY ||
		{ ko "$kind: tunnel add refused"; return; }
	in2 ip addr add $IN4_B/24 dev "$IF_B" ||
		ko "$kind: inner address on B"
	dp_flow $NS2 "$IF_B" "priority=100,in_port=t0,actions=output:1" ||
		{ ko "$kind: flow in_port=t0 refused"; return; }
	d0=$(tun_get $NS2 "$IF_B" t0 reasm_done)
	[ -n "$d0" ] || { ko "$kind: no reasm_done counter in tunnel show --json"; return; }

	case_port=9100
	for order in inorder reverse shuffle interleave; do
		case_port=$((case_port + 1))
		n=4; [ $order = interleave ] && n=6
		listen_start $NS2 $IN4_B $case_port
		c0=$(tun_get $NS2 "$IF_B" t0 reasm_done)
		send $kind $case_port --frames $n --size 1300 --seg 400 --order $order \
			--id-base $((case_port * 10)) >/dev/null
		listen_stop
		v=$(got $case_port)
		[ "$v" -eq $n ] && ok "$kind: $order: $n of $n datagrams reassembled and delivered" ||
			ko "$kind: $order: $v of $n datagrams delivered ($(head -c 200 $T/listen-$case_port))"
		v=$(( $(tun_get $NS2 "$IF_B" t0 reasm_done) - c0 ))
		[ "$v" -eq $n ] && ok "$kind: $order: reasm_done +$v" ||
			ko "$kind: $order: reasm_done +$v, want +$n"
	done

	# a segment missing: never delivered, times out
	case_port=9110
	t0=$(tun_get $NS2 "$IF_B" t0 reasm_timeouts)
	listen_start $NS2 $IN4_B $case_port
	send $kind $case_port --frames 3 --size 1300 --seg 400 --drop 1 --id-base 91100 >/dev/null
	listen_stop
	v=$(got $case_port)
	[ "$v" -eq 0 ] && ok "$kind: frames with a segment missing were not delivered" ||
		ko "$kind: $v frames with a segment missing were delivered"
	v=$(wait_counter $kind reasm_timeouts $((t0 + 3)) 120)
	[ $((v - t0)) -eq 3 ] && ok "$kind: the 3 incomplete frames timed out (reasm_timeouts +3)" ||
		ko "$kind: reasm_timeouts +$((v - t0)) after 120 s, want +3"

	# overlapping segments: dropped and counted
	case_port=9111
	r0=$(tun_get $NS2 "$IF_B" t0 reasm_drops)
	t0=$(tun_get $NS2 "$IF_B" t0 reasm_timeouts)
	listen_start $NS2 $IN4_B $case_port
	send $kind $case_port --frames 2 --size 1300 --seg 400 --overlap --id-base 91110 >/dev/null
	listen_stop
	v=$(( $(tun_get $NS2 "$IF_B" t0 reasm_drops) - r0 ))
	[ "$v" -gt 0 ] && ok "$kind: overlapping segments counted in reasm_drops (+$v)" ||
		ko "$kind: overlapping segments: reasm_drops +$v"
	wait_counter $kind reasm_timeouts $((t0 + 2)) 120 >/dev/null

	# many incomplete frames: the table stays bounded and empties
	r0=$(tun_get $NS2 "$IF_B" t0 reasm_drops)
	t0=$(tun_get $NS2 "$IF_B" t0 reasm_timeouts)
	s0=$(slab_kb)
	send $kind 9112 --frames $MANY --size 1300 --seg 1200 --first-only --id-base 200000 \
		--interval 0.002 >/dev/null
	end=$(( $(date +%s) + 180 ))
	while :; do
		v=$(( $(tun_get $NS2 "$IF_B" t0 reasm_drops) - r0 + $(tun_get $NS2 "$IF_B" t0 reasm_timeouts) - t0 ))
		[ $v -ge $MANY ] || [ "$(date +%s)" -ge $end ] && break
		sleep 2
	done
	[ $v -eq $MANY ] && ok "$kind: $MANY incomplete frames all accounted for (drops + timeouts = $v)" ||
		ko "$kind: $MANY incomplete frames: drops + timeouts = $v after 180 s"
	sleep 2
	s1=$(slab_kb)
	[ $((s1 - s0)) -lt 4096 ] && ok "$kind: unreclaimable slab $s0 -> $s1 kB after the frames timed out" ||
		ko "$kind: unreclaimable slab grew from $s0 to $s1 kB: reassembly buffers not freed"

	# still works
	case_port=9113
	listen_start $NS2 $IN4_B $case_port
	send $kind $case_port --frames 1 --size 1300 --seg 400 --order reverse --id-base 91130 >/dev/null
	listen_stop
	[ "$(got $case_port)" -eq 1 ] && ok "$kind: reassembly works after the storm" ||
		ko "$kind: a frame sent after the storm was not delivered"
	log "$kind: B t0: $(tun_counters $NS2 "$IF_B" t0)"
	tun_reset $NS2 "$IF_B"
}

