#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Runs inside one guest boot (bench/datapath/run.sh): TCP throughput with
# 0, 1k and 100k flows installed on NIC A; flow install rate of 100k flows
# through libcvsw's batch call (cvsw-shell flow add-batch) beside tc -batch
# adding the same rules as flower filters; kernel memory per flow.
. "$CVSW_REPO/selftests/driver/lib.sh"
set -u
SH="$CVSW_REPO/cvsw-shell/cvsw-shell"
GEN="/usr/bin/python3 $CVSW_REPO/bench/datapath/genflows.py"
ROUNDS=${ROUNDS:-5}
T=${IPERF_T:-5}
W=/tmp/bench
mkdir -p $W

mem() {
	sync; echo 3 >/proc/sys/vm/drop_caches
	awk '/^MemTotal/{t=$2} /^MemFree/{f=$2} /^Buffers/{b=$2} /^Cached/{c=$2}
	     END{print t - f - b - c}' /proc/meminfo
}
kmem() { # kB in slab (unreclaimable), per-CPU areas and vmalloc: where flows live
	awk '/^SUnreclaim/{s=$2} /^Percpu/{p=$2} /^VmallocUsed/{v=$2}
	     END{print s + p + v}' /proc/meminfo
}
now() { date +%s.%N; }
median() { sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }

setup_pair
$GEN cvsw 100000 "$IF_A" >$W/flows100k
head -n 1000 $W/flows100k >$W/flows1k
$GEN tc 100000 "$IF_A" >$W/tc100k
ip netns exec $NS2 iperf3 -s -D -p 5301

tput() { # -> Mbit/s of one run
	ip netns exec $NS1 iperf3 -c $IP4_B -p 5301 -t $T -J 2>/dev/null |
		python3 -c 'import json,sys; print(int(json.load(sys.stdin)["end"]["sum_received"]["bits_per_second"]/1e6))'
}

echo "== TCP throughput (iperf3 -t $T, median of $ROUNDS) =="
for n in 0 1k 100k; do
	in1 $SH -c "flow flush $IF_A" || exit 1
	if [ $n != 0 ]; then
		in1 $SH -c "flow add-batch $IF_A $W/flows$n" >/dev/null || exit 1
		# the one flow the test traffic matches (both directions)
		in1 $SH -c "flow add $IF_A priority=50,ip,actions=normal" || exit 1
	fi
	for r in $(seq $ROUNDS); do tput; done >$W/tput-$n
	echo "flows=$n mbps=$(median <$W/tput-$n) runs=$(tr '\n' ' ' <$W/tput-$n)"
done

echo "== install rate of 100000 flows =="
in1 $SH -c "flow flush $IF_A"
m0=$(mem)
k0=$(kmem)
t0=$(now)
in1 $SH -c "flow add-batch $IF_A $W/flows100k" | sed 's/^/# /'
t1=$(now)
m1=$(mem)
k1=$(kmem)
cv=$(echo "$t0 $t1" | awk '{printf "%d", 100000 / ($2 - $1)}')
echo "cvsw add-batch: $(echo "$t0 $t1" | awk '{printf "%.2f", $2 - $1}') s, $cv flows/s"
echo "cvsw kernel memory per flow: $(( (k1 - k0) * 1024 / 100000 )) bytes (slab+percpu+vmalloc), $(( (m1 - m0) * 1024 / 100000 )) bytes (free memory)"
in1 $SH -c "flow flush $IF_A"

in1 tc qdisc add dev "$IF_A" clsact
t0=$(now)
in1 tc -batch $W/tc100k || echo "tc -batch failed"
t1=$(now)
tcr=$(echo "$t0 $t1" | awk '{printf "%d", 100000 / ($2 - $1)}')
echo "tc -batch flower: $(echo "$t0 $t1" | awk '{printf "%.2f", $2 - $1}') s, $tcr filters/s"
echo "ratio cvsw/tc: $(echo "$cv $tcr" | awk '{printf "%.2f", $1 / $2}')"
in1 tc qdisc del dev "$IF_A" clsact
teardown
