#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest side of bench/driver/run.sh (run by selftests/lib/guest-init.sh via
# selftests/run.sh --guest-cmd). Alternates virtio_net and cvsw_net on the
# same two NICs; per round and driver measures, from NIC A (ns1) to NIC B
# (ns2): iperf3 TCP 1 stream, TCP 4 streams (bits/s received) and UDP 64-byte
# datagrams at -b 0 (datagrams/s received). Lines "driver round metric value"
# go to $CVSW_RESULTS/bench.txt.
. "$CVSW_REPO/selftests/driver/lib.sh"
ROUNDS=${CVSW_BENCH_ROUNDS:-3}
T=${CVSW_BENCH_T:-5}
FIGURES=${CVSW_BENCH_FIGURES:-tcp1 tcp4 udp64}
OUTF=$CVSW_RESULTS/bench.txt
: >"$OUTF"
rc=0
nproc_info="$(nproc) vCPU, $(uname -r)"
echo "# guest: $nproc_info" >>"$OUTF"

unload_all() {
	for m in cvsw_net virtio_net; do
		[ -d /sys/module/$m ] && { rmmod $m || { echo "rmmod $m failed"; return 1; }; }
	done
	return 0
}

udp_pps() { # JSON -> received datagrams per second
	python3 - "$1" <<'PYEOF'
import json, sys
try:
    s = json.load(open(sys.argv[1]))["end"]["sum_received"]
    print(int((s["packets"] - s["lost_packets"]) / s["seconds"]))
except Exception:
    print(0)
PYEOF
}

# Interrupts of the NICs' virtqueues: /proc/interrupts lines named
# "virtioN-<vq>" for the virtio devices bound to the driver (config excluded).
nic_irqs() {
	local devs
	devs=$(ls -d /sys/bus/virtio/drivers/$(driver_module)/virtio* 2>/dev/null | xargs -n1 basename | tr '\n' ' ')
	awk -v devs=" $devs" '
		{ name = $NF; sub(/-.*/, "", name) }
		index(devs, " " name " ") && $NF !~ /config/ {
			for (i = 2; i <= NF && $i ~ /^[0-9]+$/; i++) s += $i }
		END { print s + 0 }' /proc/interrupts
}

# Same flows in every round and for both drivers: fixed ports (so the host
# tap steers each flow to the same guest rx queue every time) and fixed
# CPUs (client on CPU 0, server on CPU 1). Otherwise the random client
# port alone moves the receive queue between the sender's CPU and the
# receiver's, which changes the figures by up to 40%.
IPERF_SRV_ARGS="-A 1"
PIN="-A 0 --cport 40001"
for r in $(seq 1 "$ROUNDS"); do
	for drv in virtio_net cvsw_net; do
		unload_all || exit 1
		CVSW_DRIVER=$drv
		if ! driver_load; then echo "loading $drv failed"; rc=1; continue; fi
		setup_pair
		drvname=$(nic_driver "$IF_A" $NS1)
		[ "$drvname" = "$drv" ] || { echo "NIC A bound by '$drvname', want $drv"; rc=1; }
		IPERF_T=$T
		for fig in $FIGURES; do
			case $fig in
			tcp1)
				port=5301
				i0=$(nic_irqs)
				iperf_pair $NS1 $NS2 $IP4_B $port $PIN || rc=1
				i1=$(nic_irqs)
				echo "$drv $r tcp1_bps $BPS" | tee -a "$OUTF"
				echo "$drv $r tcp1_irq_per_gb $(( (i1 - i0) * 1000000000 / (BYTES > 0 ? BYTES : 1) ))" | tee -a "$OUTF"
				;;
			tcp4)
				port=5302
				iperf_pair $NS1 $NS2 $IP4_B $port $PIN -P 4 || rc=1
				echo "$drv $r tcp4_bps $BPS" | tee -a "$OUTF"
				;;
			udp64)
				port=5303
				iperf_server $NS2 $port
				in1 timeout $((T + 30)) iperf3 -c $IP4_B -p $port $PIN -u -l 64 -b 0 -t $T -J >/tmp/udp-$port.json 2>&1 || rc=1
				wait 2>/dev/null
				pps=$(udp_pps /tmp/udp-$port.json)
				[ "$pps" -gt 0 ] || rc=1
				echo "$drv $r udp64_pps $pps" | tee -a "$OUTF"
				;;
			*) echo "unknown figure $fig"; rc=1 ;;
			esac
		done
		teardown
	done
done
exit $rc
