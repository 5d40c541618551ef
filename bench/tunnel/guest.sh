#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest side of bench/tunnel/run.sh (run by selftests/lib/guest-init.sh
# through selftests/run.sh --guest-cmd). TCP throughput NIC A (ns cvsw1) ->
# NIC B (ns cvsw2) over an overlay 10.90.0.0/24, per contender:
#   none                no tunnel: the underlay itself, cvsw_net, empty tables
#   cvsw-KIND           a CVSW tunnel port of KIND (vxlan geneve nvgre stt
#                       sclp) on both NICs, flows in_port=1 -> PORT and
#                       in_port=PORT -> 1
#   linux-vxlan-cvsw    a Linux vxlan device on both NICs, cvsw_net with
#                       empty tables underneath
#   none-virtio         no tunnel, the stock virtio_net
#   linux-vxlan-virtio  a Linux vxlan device over virtio_net: what a user
#                       picks today
#   ovs-vxlan           Open vSwitch's kernel datapath with a VXLAN port in
#                       each namespace (ovsdb-server + ovs-vswitchd per
#                       namespace, bridge with the NORMAL action), over
#                       virtio_net
# Each round runs the cvsw_net contenders and the virtio_net ones, the
# driver swapped by rmmod/modprobe, the order of phases and of contenders
# within a phase flipped every round. The overlay's MTU is 1500 less the
# encapsulation's overhead (docs/tunnels.md) for every contender.
# iperf3 client pinned on CPU 0, server on CPU 1, fixed ports (as
# bench/driver). Lines "contender round metric value" go to
# $CVSW_RESULTS/bench.txt: tcp_bps (received), via_packets (what the
# tunnel itself sent during the run, from the port or device counters: the
# proof the traffic took the tunnel).
. "$CVSW_REPO/selftests/driver/lib.sh"
TEST_NAME=bench-tunnel
. "$CVSW_REPO/selftests/dp/lib-dp.sh"
. "$CVSW_REPO/selftests/tunnel/lib-tun.sh"
set -u
ROUNDS=${CVSW_BENCH_ROUNDS:-3}
T=${CVSW_BENCH_T:-5}
ONLY=${CVSW_BENCH_ONLY:-}
CVSW_SET="none cvsw-vxlan cvsw-geneve cvsw-nvgre cvsw-stt cvsw-sclp linux-vxlan-cvsw"
VIRTIO_SET="none-virtio linux-vxlan-virtio ovs-vxlan"
OUTF=$CVSW_RESULTS/bench.txt
W=/tmp/bench-tunnel
KEY=5001
PORT=5301
IPERF_SRV_ARGS="-A 1"
PIN="-A 0 --cport 40001"
IPERF_T=$T
mkdir -p $W
: >"$OUTF"
rc=0
echo "# guest: $(nproc) vCPU, $(uname -r)" >>"$OUTF"
res() { echo "$*" | tee -a "$OUTF"; }
wants() { [ -z "$ONLY" ] && return 0; case " $ONLY " in *" $1 "*) return 0 ;; esac; return 1; }

for m in vxlan openvswitch; do modprobe $m 2>/dev/null || echo "# modprobe $m failed"; done

# ------------------------------------------------------------ drivers
use_driver() { # cvsw_net|virtio_net
	[ -d /sys/module/$1 ] && return 0
	for m in cvsw_net virtio_net; do
		[ -d /sys/module/$m ] && { rmmod $m || { echo "# rmmod $m failed"; return 1; }; }
	done
	CVSW_DRIVER=$1
	driver_load
}

# ---------------------------------------------------------- contenders
# Each set-up leaves IF_A, IF_B in the namespaces and sets VIA: a command
# printing the tunnel's transmitted packets on A.
linux_vxlan() {
	peer_linux $NS1 vxlan tl0 $KEY $IP4_A $IP4_B $IN4_A "$IF_A" &&
		peer_linux $NS2 vxlan tl0 $KEY $IP4_B $IP4_A $IN4_B "$IF_B" || return 1
	VIA="nic_stat $NS1 tl0 tx_packets"
}

cvsw_tunnel() { # KIND
	local kind=$1 mtu
	tun_add $NS1 "$IF_A" t0 type=$kind remote_ip=$IP4_B local_ip=$IP4_A key=$KEY &&
		tun_add $NS2 "$IF_B" t0 type=$kind remote_ip=$IP4_A local_ip=$IP4_B key=$KEY || return 1
	mtu=$((WIRE_MTU - $(tun_doc_overhead $kind)))
	tun_inner $NS1 "$IF_A" $IN4_A $INNET $mtu && tun_inner $NS2 "$IF_B" $IN4_B $INNET $mtu &&
		tun_flows $NS1 "$IF_A" t0 $INNET && tun_flows $NS2 "$IF_B" t0 $INNET || return 1
	VIA_PORT=$(tun_port $NS1 "$IF_A" t0)
	VIA="dp_port_stat $NS1 $IF_A $VIA_PORT tx_packets"
}

# Open vSwitch in one namespace: its own database, daemon and run
# directory, a bridge br0 (NORMAL) with a VXLAN port, the overlay address
# on br0.
ovs_up() { # NS LOCAL REMOTE INNER
	local ns=$1 d=$W/ovs-$1 vsctl
	rm -rf "$d"; mkdir -p "$d"
	export OVS_RUNDIR=$d OVS_DBDIR=$d OVS_LOGDIR=$d OVS_SYSCONFDIR=$d
	vsctl="ovs-vsctl --db=unix:$d/db.sock --timeout=60"
	ovsdb-tool create "$d/conf.db" /usr/share/openvswitch/vswitch.ovsschema || return 1
	ip netns exec $ns ovsdb-server "$d/conf.db" --remote=punix:$d/db.sock \
		--unixctl=$d/db.ctl --pidfile=$d/db.pid --log-file=$d/db.log --detach --no-chdir || return 1
	$vsctl --no-wait init || return 1
	ip netns exec $ns ovs-vswitchd unix:$d/db.sock --unixctl=$d/vs.ctl --pidfile=$d/vs.pid \
		--log-file=$d/vs.log --detach --no-chdir || return 1
	$vsctl add-br br0 -- set bridge br0 datapath_type=system &&
		$vsctl add-port br0 vx0 -- set interface vx0 type=vxlan \
			options:remote_ip=$3 options:local_ip=$2 options:key=$KEY || return 1
	ip -n $ns link set br0 mtu $((WIRE_MTU - $(tun_doc_overhead vxlan))) up &&
		ip -n $ns addr add $4/24 dev br0
}
ovs_down() {
	local ns d
	for ns in $NS1 $NS2; do
		d=$W/ovs-$ns
		[ -d $d ] || continue
		ovs-appctl -t $d/vs.ctl exit --cleanup 2>/dev/null
		ovs-appctl -t $d/db.ctl exit 2>/dev/null
		for p in $d/vs.pid $d/db.pid; do [ -s $p ] && kill "$(cat $p)" 2>/dev/null; done
		rm -rf $d
	done
	unset OVS_RUNDIR OVS_DBDIR OVS_LOGDIR OVS_SYSCONFDIR
}
ovs_vxlan() {
	ovs_up $NS1 $IP4_A $IP4_B $IN4_A && ovs_up $NS2 $IP4_B $IP4_A $IN4_B || return 1
	# the datapath's VXLAN vport is a kernel vxlan device in A's namespace
	VIA="ovs_via"
}
ovs_via() {
	ip -n $NS1 -o link show type vxlan | awk -F': ' '{ print $2 }' | sed 's/@.*//' | head -1 |
		{ read dev && nic_stat $NS1 "$dev" tx_packets || echo 0; }
}

setup() { # CONTENDER
	VIA="echo 0"
	DST=$IN4_B
	setup_pair
	for ns in $NS1 $NS2; do
		nsx $ns sysctl -qw net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0
	done
	ping_ok $NS1 $IP4_B >/dev/null || { echo "# $1: no underlay"; return 1; }
	ping_ok $NS2 $IP4_A >/dev/null
	case $1 in
	none|none-virtio) DST=$IP4_B; VIA="nic_stat $NS1 $IF_A tx_packets" ;;
	cvsw-*) cvsw_tunnel ${1#cvsw-} ;;
	linux-vxlan-*) linux_vxlan ;;
	ovs-vxlan) ovs_vxlan ;;
	esac || { echo "# $1: set-up failed"; return 1; }
	# the overlay answers before the measurement (ARP through the tunnel)
	ip netns exec $NS1 ping -c 3 -i 0.3 -W 2 $DST >/dev/null 2>&1
	ping_ok $NS1 $DST >/dev/null || { echo "# $1: no ping to $DST"; return 1; }
}

measure() { # CONTENDER ROUND
	local c=$1 r=$2 v0 v1
	if ! setup $c; then
		rc=1
		res "$c $r tcp_bps 0"
		cleanup
		return
	fi
	v0=$($VIA)
	tun_iperf $NS1 $NS2 $DST $PORT $PIN || rc=1
	v1=$($VIA)
	res "$c $r tcp_bps ${BPS:-0}"
	res "$c $r via_packets $((v1 - v0))"
	case $c in cvsw-*) log "$c: A t0 $(tun_counters $NS1 "$IF_A" t0)"
		log "$c: B t0 $(tun_counters $NS2 "$IF_B" t0)" ;; esac
	cleanup
}
# tunnel ports live in the device's datapath, not in the namespace
cleanup() {
	ovs_down
	if [ -d /sys/module/cvsw_net ] && [ -n "${IF_A:-}" ]; then
		tun_reset $NS1 "$IF_A" >/dev/null 2>&1
		tun_reset $NS2 "$IF_B" >/dev/null 2>&1
	fi
	teardown
}

phase() { # DRIVER ROUND ORDER CONTENDERS...
	local drv=$1 r=$2 ord=$3 list="" c
	shift 3
	for c in "$@"; do wants $c && list="$list $c"; done
	[ -n "$list" ] || return 0
	use_driver $drv || { echo "# loading $drv failed"; rc=1; return; }
	[ $ord = rev ] && list=$(echo $list | tr ' ' '\n' | tac | tr '\n' ' ')
	for c in $list; do measure $c $r; done
}

for r in $(seq 1 "$ROUNDS"); do
	if [ $((r % 2)) = 1 ]; then
		phase cvsw_net $r fwd $CVSW_SET
		phase virtio_net $r fwd $VIRTIO_SET
	else
		phase virtio_net $r rev $VIRTIO_SET
		phase cvsw_net $r rev $CVSW_SET
	fi
done
exit $rc
