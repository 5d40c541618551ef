# SPDX-License-Identifier: GPL-2.0
# Shared helpers of the CVSW driver selftests (POSIX sh, sourced).
#
# The guest has two virtio-net NICs whose QEMU taps are bridged on the host:
# NIC A (MAC $CVSW_MAC_A, QEMU device id $CVSW_QEMU_ID_A) and NIC B. Tests
# move A into netns $NS1 and B into $NS2, so traffic from NS1 to NS2 leaves
# NIC A, crosses the host bridge and enters NIC B. NICs are found by MAC
# because their names may change when they move between namespaces.

KSFT_PASS=0
KSFT_FAIL=1
KSFT_SKIP=4

: "${CVSW_DRIVER:=cvsw_net}"
: "${CVSW_MAC_A:=52:54:00:c5:00:0a}"
: "${CVSW_MAC_B:=52:54:00:c5:00:0b}"
: "${CVSW_QEMU_ID_A:=net0}"
: "${CVSW_QEMU_ID_B:=net1}"
: "${CVSW_QUEUES:=2}"
: "${CVSW_RING_SIZE:=256}"
: "${CVSW_REPO:=$(cd "$(dirname "$0")/../.." 2>/dev/null && pwd)}"
NS1=cvsw1
NS2=cvsw2
IP4_A=10.77.0.1
IP4_B=10.77.0.2
IP6_A=fd77::1
IP6_B=fd77::2
TEST_NAME=$(basename "$0" .sh)
# modern: virtio 1.0 NICs with mergeable buffers; legacy: virtio 0.9.5, no
# ANY_LAYOUT, no mergeable buffers (selftests/run.sh --nic-variant).
: "${CVSW_NIC_VARIANT:=modern}"
IPERF_T=${IPERF_T:-4}

log() { echo "# $TEST_NAME: $*"; }
# ok/ko print one check result; ko marks the test failed but lets it go on.
TEST_RC=0
ok() { echo "# ok: $*"; }
ko() { echo "# FAIL: $*"; TEST_RC=$KSFT_FAIL; }
fail() { echo "# FAIL: $*"; exit $KSFT_FAIL; }
skip() { echo "# SKIP: $*"; exit $KSFT_SKIP; }

# Is the guest root (some tests need it)?
[ "$(id -u)" = 0 ] || { echo "# must run as root"; exit $KSFT_SKIP; }

# ------------------------------------------------------------------ dmesg
# Patterns that fail a test when they show up in the kernel log.
SPLAT_RE='Oops|WARNING:|BUG:|Call Trace|general protection|kmemleak:.*suspected|Kernel panic|soft lockup|blocked for more than|NETDEV WATCHDOG|UBSAN|KASAN|refcount_t:|list_(add|del) corruption|Unable to handle kernel'
# The debug kernel's (--kernel debug) reports by name as well (see run.sh).
SPLAT_RE="$SPLAT_RE|possible circular locking|possible recursive locking|inconsistent lock state|suspicious RCU usage|sleeping function called from invalid context|ODEBUG:|unreferenced object|turning off the locking correctness validator"
DMESG_START=$(dmesg 2>/dev/null | wc -l)
dmesg_new() { dmesg | tail -n +$((DMESG_START + 1)); }
dmesg_check() {
	local bad
	bad=$(dmesg_new | grep -E "$SPLAT_RE")
	if [ -n "$bad" ]; then
		echo "# FAIL: kernel log shows a splat during $TEST_NAME:"
		dmesg_new | grep -E -B3 -A25 "$SPLAT_RE" | head -80 | sed 's/^/#   /'
		return 1
	fi
	return 0
}

# --------------------------------------------------------------- NICs
# nic_by_mac MAC [NS] -> interface name (empty if absent)
nic_by_mac() {
	local mac=$1 ns=${2:-} line
	if [ -n "$ns" ]; then
		ip -n "$ns" -o link show 2>/dev/null
	else
		ip -o link show
	fi | awk -v m="$mac" '{ for (i = 1; i <= NF; i++) if ($i == "link/ether" && $(i+1) == m) { sub(":$", "", $2); sub("@.*", "", $2); print $2; exit } }'
}

# wait_for SECONDS CMD... : poll CMD every 0.2 s until it succeeds or
# SECONDS of wall-clock time passed (under TCG each poll itself is slow);
# times CVSW_SLOW, the runner's factor for a slower kernel (--kernel debug).
wait_for() {
	local end=$(( $(date +%s) + $1 * ${CVSW_SLOW:-1} ))
	shift
	while ! "$@" >/dev/null 2>&1; do
		[ "$(date +%s)" -ge "$end" ] && return 1
		sleep 0.2
	done
	return 0
}

nic_present() { [ -n "$(nic_by_mac "$1" ${2:-})" ]; }
both_nics() { nic_present "$CVSW_MAC_A" && nic_present "$CVSW_MAC_B"; }

# Driver bound to an interface (ethtool -i), optionally inside a netns.
nic_driver() {
	if [ -n "${2:-}" ]; then
		ip netns exec "$2" ethtool -i "$1"
	else
		ethtool -i "$1"
	fi 2>/dev/null | awk '/^driver:/ { print $2 }'
}

driver_module() {
	case "$CVSW_DRIVER" in
	virtio_net) echo virtio_net ;;
	*) echo cvsw_net ;;
	esac
}

driver_loaded() { [ -d "/sys/module/$(driver_module)" ]; }

# Load the driver under test and wait for both NICs.
driver_load() {
	local ko dep
	if [ "$CVSW_DRIVER" = virtio_net ]; then
		modprobe virtio_net || return 1
	else
		ko=${CVSW_KO:-$CVSW_REPO/kmod/cvsw_net.ko}
		[ -f "$ko" ] || { echo "# $ko missing"; return 1; }
		for dep in $(modinfo -F depends "$ko" | tr ',' ' '); do
			modprobe "$dep" || return 1
		done
		insmod "$ko" || return 1
	fi
	wait_for 30 both_nics || { echo "# NICs did not appear after loading $CVSW_DRIVER"; return 1; }
	return 0
}

driver_unload() {
	rmmod "$(driver_module)"
}

# ------------------------------------------------------------- namespaces
ns_del() {
	local ns=$1 p
	ip netns list 2>/dev/null | grep -qw "^$ns" || return 0
	for p in $(ip netns pids "$ns" 2>/dev/null); do kill "$p" 2>/dev/null; done
	sleep 0.2
	for p in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$p" 2>/dev/null; done
	ip netns del "$ns"
}

# Tear down the namespaces; the NICs fall back into the init namespace.
# A test that removed a NIC sets GONE_A/GONE_B=1 so teardown does not wait for it.
GONE_A=0
GONE_B=0
nics_back() {
	{ [ "$GONE_A" = 1 ] || nic_present "$CVSW_MAC_A"; } &&
	{ [ "$GONE_B" = 1 ] || nic_present "$CVSW_MAC_B"; }
}
# Move our NICs out of NS explicitly: deleting a netns only returns its
# devices once the netns is destroyed, which an orphaned TCP socket (e.g. of a
# killed iperf3 whose peer vanished) can delay for minutes.
ns_return_nics() {
	local ns=$1 mac ifc tmp
	ip netns list 2>/dev/null | grep -qw "^$ns" || return 0
	for mac in "$CVSW_MAC_A" "$CVSW_MAC_B"; do
		ifc=$(nic_by_mac "$mac" "$ns")
		[ -n "$ifc" ] || continue
		ip -n "$ns" link set dev "$ifc" down
		ip -n "$ns" link set dev "$ifc" mtu 1500 2>/dev/null
		ip -n "$ns" addr flush dev "$ifc" 2>/dev/null
		if ! ip -n "$ns" link set dev "$ifc" netns 1 2>/dev/null; then
			# name taken in the init netns (e.g. by a re-plugged NIC): rename first
			tmp=cv$(echo "$mac" | tr -d : | cut -c7-)
			ip -n "$ns" link set dev "$ifc" name "$tmp" &&
			ip -n "$ns" link set dev "$tmp" netns 1 ||
				log "cannot move $ifc out of $ns"
		fi
	done
}
teardown() {
	ns_return_nics $NS1
	ns_return_nics $NS2
	ns_del $NS1
	ns_del $NS2
	if driver_loaded; then
		wait_for 30 nics_back ||
			log "NICs did not come back to the init netns (A: '$(nic_by_mac "$CVSW_MAC_A")' B: '$(nic_by_mac "$CVSW_MAC_B")', netns: $(ip netns list | tr '\n' ' '))"
	fi
}

oper_state() { ip -n "$1" -o link show dev "$2" 2>/dev/null | sed -n 's/.* state \([A-Z]*\) .*/\1/p'; }
is_up() { [ "$(oper_state "$1" "$2")" = UP ]; }

# setup_pair: NIC A -> $NS1 ($IP4_A, $IP6_A), NIC B -> $NS2; sets IF_A, IF_B.
setup_pair() {
	local mtu=${1:-}
	teardown
	wait_for 20 both_nics || fail "NICs not present in the init netns"
	IF_A=$(nic_by_mac "$CVSW_MAC_A")
	IF_B=$(nic_by_mac "$CVSW_MAC_B")
	ip netns add $NS1 || fail "ip netns add $NS1"
	ip netns add $NS2 || fail "ip netns add $NS2"
	ip link set "$IF_A" netns $NS1 || fail "moving $IF_A into $NS1"
	ip link set "$IF_B" netns $NS2 || fail "moving $IF_B into $NS2"
	for ns in $NS1 $NS2; do
		ip -n $ns link set lo up
		ip netns exec $ns sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
	done
	IF_A=$(nic_by_mac "$CVSW_MAC_A" $NS1)
	IF_B=$(nic_by_mac "$CVSW_MAC_B" $NS2)
	[ -n "$IF_A" ] && [ -n "$IF_B" ] || fail "NICs not visible in their namespaces"
	if [ -n "$mtu" ]; then
		ip -n $NS1 link set "$IF_A" mtu "$mtu" || fail "setting mtu $mtu on $IF_A"
		ip -n $NS2 link set "$IF_B" mtu "$mtu" || fail "setting mtu $mtu on $IF_B"
	fi
	ip -n $NS1 addr add $IP4_A/24 dev "$IF_A"
	ip -n $NS2 addr add $IP4_B/24 dev "$IF_B"
	ip -n $NS1 addr add $IP6_A/64 dev "$IF_A" nodad
	ip -n $NS2 addr add $IP6_B/64 dev "$IF_B" nodad
	ip -n $NS1 link set "$IF_A" up || fail "link up $IF_A"
	ip -n $NS2 link set "$IF_B" up || fail "link up $IF_B"
	wait_for 20 is_up $NS1 "$IF_A" || fail "$IF_A did not reach operstate UP ($(oper_state $NS1 "$IF_A"))"
	wait_for 20 is_up $NS2 "$IF_B" || fail "$IF_B did not reach operstate UP ($(oper_state $NS2 "$IF_B"))"
}

in1() { ip netns exec $NS1 "$@"; }
in2() { ip netns exec $NS2 "$@"; }

# ping_ok NS DST [extra ping args]: 3 of 3 replies within 15 s.
ping_ok() {
	local ns=$1 dst=$2 out rc
	shift 2
	out=$(ip netns exec "$ns" ping -q -c 3 -i 0.3 -w 15 "$@" "$dst" 2>&1)
	rc=$?
	[ $rc -eq 0 ] || echo "$out" | sed 's/^/#   /'
	return $rc
}

# --------------------------------------------------------------- monitor
# mon_cmd "HMP command": run a QEMU monitor command through the virtio-serial
# port org.cvsw.ctl (relayed by the host runner). Prints the HMP output and
# returns 0 on success.
ctl_port() {
	local d
	for d in /sys/class/virtio-ports/*; do
		[ "$(cat "$d/name" 2>/dev/null)" = org.cvsw.ctl ] && { echo "/dev/$(basename "$d")"; return 0; }
	done
	return 1
}
mon_cmd() {
	local port
	port=$(ctl_port) || { echo "# no org.cvsw.ctl virtio port"; return 2; }
	timeout 90 sh -c '
		exec 9<>"$1"
		printf "%s\n" "$2" >&9
		while IFS= read -r line <&9; do
			case "$line" in
			"@@END ok"*) exit 0 ;;
			"@@END"*) echo "# monitor: $line"; exit 1 ;;
			esac
			echo "# monitor: $line"
		done
		exit 3' mon_cmd "$port" "$*"
}

# ----------------------------------------------------------------- iperf3
# iperf_run NS_CLIENT DST PORT ARGS... : runs iperf3 -J against a one-off
# server in the other namespace; prints "<bits_per_second> <bytes>" of the
# receiver and returns iperf3's status. The JSON goes to /tmp/iperf-$PORT.json.
iperf_server() { # NS PORT (extra server options in $IPERF_SRV_ARGS)
	ip netns exec "$1" iperf3 -s -1 -p "$2" ${IPERF_SRV_ARGS:-} >/tmp/iperf-srv-$2.log 2>&1 &
	wait_for 10 sh -c "ip netns exec $1 ss -ltn | grep -q ':$2 '"
}
iperf_client() { # NS DST PORT ARGS...
	local ns=$1 dst=$2 port=$3 rc
	shift 3
	ip netns exec "$ns" timeout $((IPERF_T + 30)) iperf3 -c "$dst" -p "$port" -t "$IPERF_T" -J "$@" \
		>/tmp/iperf-$port.json 2>/tmp/iperf-$port.err
	rc=$?
	iperf_summary /tmp/iperf-$port.json
	return $rc
}
# iperf_summary FILE -> "bps bytes" (receiver side; 0 0 if unusable)
iperf_summary() {
	python3 - "$1" <<'PYEOF'
import json, sys
try:
    d = json.load(open(sys.argv[1]))
    e = d["end"]
    if "sum_received" in e:
        s = e["sum_received"]
        print(int(s["bits_per_second"]), int(s["bytes"]))
    else:  # UDP
        s = e["sum"]
        print(int(s["bits_per_second"]), int(s["bytes"]))
except Exception as ex:
    print(0, 0)
PYEOF
}
# iperf_pair CLIENT_NS SERVER_NS DST PORT ARGS... -> sets BPS, BYTES; 0 on success
iperf_pair() {
	local cns=$1 sns=$2 dst=$3 port=$4 out rc
	shift 4
	iperf_server "$sns" "$port" || { echo "# iperf3 server did not start"; BPS=0; BYTES=0; return 1; }
	out=$(iperf_client "$cns" "$dst" "$port" "$@")
	rc=$?
	BPS=${out% *}
	BYTES=${out#* }
	wait 2>/dev/null
	if [ $rc -ne 0 ]; then
		echo "# iperf3 client rc=$rc: $(head -c 300 /tmp/iperf-$port.err)"
		grep -m1 '"error"' /tmp/iperf-$port.json | sed 's/^/# /'
	fi
	return $rc
}
mbps() { echo $(( $1 / 1000000 )); }

# Interface counters (driver's ndo_get_stats64) in a netns.
nic_stat() { ip netns exec "$1" cat "/sys/class/net/$2/statistics/$3"; }

# Per-queue packet counters from ethtool -S: lines "<dir> <queue> <packets>".
# Accepts virtio_net's tx_queue_0_packets and a few common spellings.
queue_stats() { # NS IF
	if [ -n "$1" ]; then ip netns exec "$1" ethtool -S "$2"; else ethtool -S "$2"; fi 2>/dev/null | awk '
	{ gsub(/^[ \t]+/, ""); n = $1; sub(/:$/, "", n); v = $2 }
	match(n, /^(rx|tx)[_-]?(queue[_-]?)?[0-9]+[_.-]packets$/) {
		d = substr(n, 1, 2); q = n; gsub(/[^0-9]/, "", q); print d, q, v }
	match(n, /^(queue|q)[_-]?[0-9]+[_.-](rx|tx)[_-]packets$/) {
		q = n; sub(/[_.-](rx|tx)[_-]packets$/, "", q); gsub(/[^0-9]/, "", q)
		d = (n ~ /rx[_-]packets$/) ? "rx" : "tx"; print d, q, v }'
}

# reap_client PID NAME SECONDS: let a traffic generator whose path vanished
# end on its own; if it is still running after SECONDS (userspace iperf3 may
# wait forever for results on a dead control connection), SIGKILL it and fail
# only if it cannot die (stuck in the kernel, e.g. D state in the driver).
reap_client() {
	local pid=$1 name=$2 t=$3 i=0 st
	while kill -0 "$pid" 2>/dev/null && [ $i -lt "$t" ]; do sleep 1; i=$((i + 1)); done
	if ! kill -0 "$pid" 2>/dev/null; then
		ok "$name ended by itself"
		return 0
	fi
	st=$(awk '/^State:/ { print $2 }' /proc/$pid/status 2>/dev/null)
	log "$name still running after ${t}s (state $st), killing it"
	kill -9 "$pid" 2>/dev/null
	i=0
	while kill -0 "$pid" 2>/dev/null && [ $i -lt 10 ]; do sleep 1; i=$((i + 1)); done
	if kill -0 "$pid" 2>/dev/null; then
		ko "$name cannot be killed (state $(awk '/^State:/ { print $2 }' /proc/$pid/status 2>/dev/null)): stuck in the kernel"
		cat /proc/$pid/stack 2>/dev/null | sed 's/^/#   /'
		return 1
	fi
	ok "$name killed cleanly"
	return 0
}

# ------------------------------------------------------------ lifecycle
# Every test: on exit, tear down namespaces and fail on kernel splats.
test_exit() {
	local rc=$?
	trap - EXIT
	[ $rc -eq 0 ] && rc=$TEST_RC
	teardown
	if ! dmesg_check; then
		rc=$KSFT_FAIL
	fi
	log "took $(( $(date +%s) - T_START ))s, rc $rc"
	exit $rc
}
T_START=$(date +%s)
test_init() {
	trap test_exit EXIT
	trap 'exit 1' INT TERM
	log "driver $CVSW_DRIVER, kernel $(uname -r)"
	driver_loaded || fail "driver module $(driver_module) is not loaded"
}
