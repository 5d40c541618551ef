#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest side of bench/driver/profile.sh: for each driver in
# $CVSW_BENCH_DRIVERS, runs one iperf3 workload from NIC A (ns1) to NIC B
# (ns2) while `perf record -a` samples the whole guest (cpu-clock: TCG has
# no PMU), then writes a flat kernel symbol profile per driver to
# $CVSW_RESULTS/profile-<driver>.txt.
. "$CVSW_REPO/selftests/driver/lib.sh"
T=${CVSW_BENCH_T:-8}
MODE=${CVSW_BENCH_MODE:-tcp1}
DRIVERS=${CVSW_BENCH_DRIVERS:-virtio_net cvsw_net}
rc=0
port=5400

unload_all() {
	for m in cvsw_net virtio_net; do
		[ -d /sys/module/$m ] && { rmmod $m || return 1; }
	done
	return 0
}

# "name value" lines: interrupts per virtqueue of the NICs (all CPUs)
irq_snapshot() {
	awk '$NF ~ /^virtio[0-9]+-(input|output)/ {
		s = 0; for (i = 2; i <= NF && $i ~ /^[0-9]+$/; i++) s += $i; print $NF, s }' /proc/interrupts
}
# "name value" lines: ethtool -S of NIC A and NIC B
nic_stats() {
	ip netns exec $NS1 ethtool -S "$(nic_by_mac "$CVSW_MAC_A" $NS1)" | awk -F: 'NF == 2 { gsub(/ /, "", $1); print "A." $1, $2 + 0 }'
	ip netns exec $NS2 ethtool -S "$(nic_by_mac "$CVSW_MAC_B" $NS2)" | awk -F: 'NF == 2 { gsub(/ /, "", $1); print "B." $1, $2 + 0 }'
}
delta() { awk 'NR == FNR { b[$1] = $2; next } $2 - b[$1] != 0 { print "  ", $1, $2 - b[$1] }' "$1" "$2"; }

for drv in $DRIVERS; do
	unload_all || exit 1
	CVSW_DRIVER=$drv
	driver_load || { echo "loading $drv failed"; rc=1; continue; }
	setup_pair
	port=$((port + 1))
	iperf_server $NS2 $port
	perf record -a -g -e cpu-clock -F 999 -o /tmp/perf-$drv.data -- sleep $((T + 2)) \
		>/tmp/perf-$drv.log 2>&1 &
	perf_pid=$!
	sleep 1
	case "$MODE" in
	tcp1) args="" ;;
	tcp4) args="-P 4" ;;
	udp64) args="-u -l 64 -b 0" ;;
	esac
	irq_snapshot >/tmp/irq0
	nic_stats >/tmp/st0
	in1 timeout $((T + 30)) iperf3 -c $IP4_B -p $port -t $T $args -J >/tmp/prof-$port.json 2>&1
	irq_snapshot >/tmp/irq1
	nic_stats >/tmp/st1
	wait $perf_pid
	wait 2>/dev/null
	{
		echo "# $drv $MODE: $(iperf_summary /tmp/prof-$port.json) (bits/s bytes)"
		echo "# interrupts during the run, per virtqueue"
		delta /tmp/irq0 /tmp/irq1
		echo "# NIC counters that moved (A in ns1, B in ns2)"
		delta /tmp/st0 /tmp/st1
		perf report -i /tmp/perf-$drv.data --stdio --no-children --sort sym \
			-g none --percent-limit 0.4 2>/dev/null | grep -v '^$'
		echo "# by caller chain, cvsw/virtnet/skb symbols"
		perf report -i /tmp/perf-$drv.data --stdio --no-children --sort sym \
			-G --percent-limit 2 2>/dev/null | grep -v '^$' | head -400
	} >"$CVSW_RESULTS/profile-$drv.txt"
	teardown
done
exit $rc
