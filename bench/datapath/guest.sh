#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest side of bench/datapath/run.sh (run by selftests/lib/guest-init.sh
# through selftests/run.sh --guest-cmd), cvsw_net loaded, NIC A in ns1 sends
# to NIC B in ns2. Parts ($CVSW_BENCH_ONLY, default all three):
#  udp, tcp  Per round, the flow table of the RECEIVING NIC B is in turn
#            empty (miss normal: packets never enter the datapath), 1k + 1
#            and 100k + 1 flows: genflows.py spread rules over 16 masks that
#            the traffic never matches, plus priority=1,ip,actions=normal
#            that it does, so B's NAPI receive classifies every packet. The
#            order of the states flips every round. In each state:
#              udp: iperf3 UDP 64-byte datagrams at -b 0, datagrams/s
#                   received by the server;
#              tcp: iperf3 TCP 1 stream, bits/s received;
#            fixed ports, client on CPU 0 and server on CPU 1 (as
#            bench/driver/guest-bench.sh), and the deltas of B's table
#            lookups/matched counters and NIC rx_packets around each run, so
#            the host can check the traffic really went through the table.
#  install   Flow install rate of 100k flows on NIC A through libcvsw's batch
#            call (cvsw-shell flow add-batch) beside tc -batch adding the
#            same rules as flower filters; kernel memory per flow.
# Lines "state round metric value" (and "install - metric value") go to
# $CVSW_RESULTS/bench.txt; run.sh writes the flow files into
# selftests/build/bench-datapath-flows/ (100k lines of Python under TCG
# would be slow).
. "$CVSW_REPO/selftests/driver/lib.sh"
set -u
SH="$CVSW_REPO/cvsw-shell/cvsw-shell"
ROUNDS=${CVSW_BENCH_ROUNDS:-5}
T=${CVSW_BENCH_T:-5}
ONLY=${CVSW_BENCH_ONLY:-udp tcp install}
FLOWS=$CVSW_REPO/selftests/build/bench-datapath-flows
OUTF=$CVSW_RESULTS/bench.txt
W=/tmp/bench
MATCHING="priority=1,ip,actions=normal"
UDP_PORT=5303
TCP_PORT=5301
IPERF_SRV_ARGS="-A 1"
PIN="-A 0 --cport 40001"
mkdir -p $W
: >"$OUTF"
rc=0
echo "# guest: $(nproc) vCPU, $(uname -r)" >>"$OUTF"

wants() { case " $ONLY " in *" $1 "*) return 0 ;; esac; return 1; }
res() { echo "$*" | tee -a "$OUTF"; }
now() { date +%s.%N; }

mem() {
	sync; echo 3 >/proc/sys/vm/drop_caches
	awk '/^MemTotal/{t=$2} /^MemFree/{f=$2} /^Buffers/{b=$2} /^Cached/{c=$2}
	     END{print t - f - b - c}' /proc/meminfo
}
kmem() { # kB in slab (unreclaimable), per-CPU areas and vmalloc: where flows live
	awk '/^SUnreclaim/{s=$2} /^Percpu/{p=$2} /^VmallocUsed/{v=$2}
	     END{print s + p + v}' /proc/meminfo
}

# "lookups matched active masks" of NIC B's table.
table_counters() {
	in2 "$SH" -c "stats $IF_B table" | awk '
		/^table:/ { for (i = 2; i <= NF; i++) { split($i, kv, "="); t[kv[1]] = kv[2] } }
		END { print t["lookups"] + 0, t["matched"] + 0, t["active"] + 0, t["masks"] + 0 }'
}

# table_set STATE ROUND: NIC B's table empty, or the first 1k/100k spread flows
# plus the one the traffic matches; records what the kernel reports.
table_set() {
	local state=$1 r=$2 want
	in2 "$SH" -c "flow flush $IF_B" || return 1
	case $state in
	empty) want=0 ;;
	1k) want=1001 ;;
	100k) want=100001 ;;
	esac
	if [ $state != empty ]; then
		in2 "$SH" -c "flow add-batch $IF_B $W/spread$state" | sed 's/^/# /'
		in2 "$SH" -c "flow add $IF_B $MATCHING" || return 1
	fi
	# Let the RCU frees of a flushed table finish before the next
	# measurement, so that they do not count against the next state.
	sleep 2
	set -- $(table_counters)
	res "$state $r flows $3"
	res "$state $r masks $4"
	[ "$3" = $want ] || { echo "# table of $IF_B holds $3 flows, want $want"; return 1; }
	return 0
}

# counters: L, M = NIC B's table lookups and matched counters; N = its
# rx_packets (counted by the driver before the datapath runs).
counters() {
	set -- $(table_counters)
	L=$1 M=$2
	N=$(nic_stat $NS2 "$IF_B" rx_packets)
}

# with_counters STATE ROUND FIG CMD...: runs CMD (one iperf3 measurement)
# and records the deltas of those counters as FIG_lookups/_matched/_nic_rx.
with_counters() {
	local state=$1 r=$2 fig=$3 l0 m0 n0 st
	shift 3
	counters
	l0=$L m0=$M n0=$N
	"$@"
	st=$?
	counters
	res "$state $r ${fig}_lookups $((L - l0))"
	res "$state $r ${fig}_matched $((M - m0))"
	res "$state $r ${fig}_nic_rx $((N - n0))"
	return $st
}

udp_json() { # FILE -> "received_per_second received"
	python3 - "$1" <<'PYEOF'
import json, sys
try:
    s = json.load(open(sys.argv[1]))["end"]["sum_received"]
    got = s["packets"] - s["lost_packets"]
    print(int(got / s["seconds"]), got)
except Exception:
    print(0, 0)
PYEOF
}

udp_once() {
	local st
	iperf_server $NS2 $UDP_PORT || { echo "# iperf3 server did not start"; return 1; }
	in1 timeout $((T + 30)) iperf3 -c $IP4_B -p $UDP_PORT $PIN -u -l 64 -b 0 -t $T -J \
		>$W/udp.json 2>&1
	st=$?
	wait 2>/dev/null
	return $st
}

udp_run() { # STATE ROUND
	with_counters "$1" "$2" udp64 udp_once || rc=1
	set -- "$1" "$2" $(udp_json $W/udp.json)
	pps=$3 got=$4
	[ "$pps" -gt 0 ] || { echo "# no UDP result: $(head -c 300 $W/udp.json)"; rc=1; }
	res "$1 $2 udp64_pps $pps"
	res "$1 $2 udp64_received $got"
}

tcp_once() {
	IPERF_T=$T
	iperf_pair $NS1 $NS2 $IP4_B $TCP_PORT $PIN
}

tcp_run() { # STATE ROUND
	with_counters "$1" "$2" tcp tcp_once || rc=1
	[ "${BPS:-0}" -gt 0 ] || rc=1
	res "$1 $2 tcp_bps ${BPS:-0}"
}

setup_pair

if wants udp || wants tcp; then
	[ -s "$FLOWS/spread100k" ] || { echo "missing $FLOWS/spread100k"; exit 1; }
	cp "$FLOWS/spread100k" $W/spread100k
	head -n 1000 $W/spread100k >$W/spread1k
	for r in $(seq 1 "$ROUNDS"); do
		# Flip the order every round, so a drift of the host's load
		# favours no state.
		if [ $((r % 2)) = 1 ]; then states="empty 1k 100k"; else states="100k 1k empty"; fi
		for state in $states; do
			table_set $state $r || { rc=1; continue; }
			wants udp && udp_run $state $r
			wants tcp && tcp_run $state $r
		done
	done
	in2 "$SH" -c "flow flush $IF_B"
fi

if wants install; then
	[ -s "$FLOWS/cvsw100k" ] && [ -s "$FLOWS/tc100k" ] || { echo "missing $FLOWS/cvsw100k or tc100k"; exit 1; }
	cp "$FLOWS/cvsw100k" $W/cvsw100k
	sed "s/@DEV@/$IF_A/" "$FLOWS/tc100k" >$W/tc100k
	echo "== install rate of 100000 flows =="
	in1 "$SH" -c "flow flush $IF_A"
	m0=$(mem)
	k0=$(kmem)
	t0=$(now)
	in1 "$SH" -c "flow add-batch $IF_A $W/cvsw100k" >$W/add-batch.log
	t1=$(now)
	m1=$(mem)
	k1=$(kmem)
	sed 's/^/# /' $W/add-batch.log
	res "install - cvsw_seconds $(echo "$t0 $t1" | awk '{printf "%.2f", $2 - $1}')"
	# the library's own timing of the batch: "added N flows in S.SSSs (...)"
	res "install - cvsw_lib_seconds $(sed -n 's/.*added 100000 flows in \([0-9.]*\)s.*/\1/p' $W/add-batch.log)"
	res "install - cvsw_kmem_bytes_per_flow $(( (k1 - k0) * 1024 / 100000 ))"
	res "install - cvsw_mem_bytes_per_flow $(( (m1 - m0) * 1024 / 100000 ))"
	in1 "$SH" -c "flow flush $IF_A"

	in1 tc qdisc add dev "$IF_A" clsact
	t0=$(now)
	in1 tc -batch $W/tc100k || { echo "tc -batch failed"; rc=1; }
	t1=$(now)
	res "install - tc_seconds $(echo "$t0 $t1" | awk '{printf "%.2f", $2 - $1}')"
	in1 tc qdisc del dev "$IF_A" clsact
fi
teardown
exit $rc
