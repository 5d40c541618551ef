#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# cvsw-ofagent with controllers we did not write, and their faults:
# ovs-testcontroller as a learning switch in both directions (it listens
# and the agent connects; the agent listens and it connects), killed and
# restarted (reconnect within --max-backoff, flows kept in fail secure),
# fail standalone (normal forwarding without a controller, restored when
# one returns), a silent controller (probe, then reconnect), two
# controllers at once, TLS with certificates from `openssl req` (and a
# wrong CA refused), and os-ken (osken-manager) running a learning switch
# kept in the tests: ping and iperf3 through its flows, flow statistics
# and flow-removed reaching it.
. "${CVSW_REPO:=$(cd "$(dirname "$0")/../.." && pwd)}/selftests/driver/lib.sh"
. "$CVSW_REPO/selftests/dp/lib-dp.sh"
. "$CVSW_REPO/selftests/agent/lib-agent.sh"

CTL_PIDS=""
ctl_cleanup() {
	local p
	for p in $CTL_PIDS; do kill -TERM "$p" 2>/dev/null; done
	for p in $CTL_PIDS; do wait "$p" 2>/dev/null; done
	CTL_PIDS=""
}
test_init
trap 'rc=$?; ctl_cleanup; agent_cleanup; (exit $rc); test_exit' EXIT
dp_need_tools
agent_need_tools
command -v ovs-testcontroller >/dev/null 2>&1 || skip "ovs-testcontroller not installed"
setup_pair
dp_reset

T=$AG_TMP
in1 ip neigh flush dev "$IF_A"
in2 ip neigh flush dev "$IF_B"

tc_start() { # NAME METHOD [OPTS]: ovs-testcontroller in NS1
	local name=$1
	shift
	ip netns exec $NS1 ovs-testcontroller --no-chdir --unixctl="$T/$name.ctl" "$@" \
		>"$T/$name.out" 2>&1 &
	TC_PID=$!
	CTL_PIDS="$CTL_PIDS $TC_PID"
}
tc_stop() { kill -TERM "$1" 2>/dev/null; wait "$1" 2>/dev/null; }
negotiated() { grep -c "negotiated OpenFlow 1.0" "$AG_TMP/$1.log"; }
flows() { ofctl_flows $NS1 $SW | grep -c "actions="; }

# ---- the agent connects to ovs-testcontroller (it listens)
tc_start tc1 ptcp:6633:127.0.0.1
agent_start $NS1 "$IF_A" a --listen ptcp:$OF_PORT:127.0.0.1 --max-backoff=2 \
	tcp:127.0.0.1:6633 || fail "agent did not start"
wait_for 30 sh -c "grep -q 'negotiated OpenFlow 1.0' $AG_TMP/a.log" &&
	ok "connected to ovs-testcontroller (active), OpenFlow 1.0 negotiated" ||
	ko "no connection to ovs-testcontroller: $(tail -3 "$AG_TMP/a.log")"
ping_ok $NS1 $IP4_B && ok "ovs-testcontroller learning switch: ping A -> B" ||
	ko "no ping through ovs-testcontroller"
n=$(flows)
[ "$n" -ge 2 ] && ok "ovs-testcontroller installed $n flows" || ko "testcontroller flows: $n"

# ---- killed and restarted: flows kept (fail secure), reconnect
tc_stop $TC_PID
wait_for 15 sh -c "grep -q '6633: disconnected' $AG_TMP/a.log" &&
	ok "controller loss noticed: $(grep -m1 '6633: disconnected' "$AG_TMP/a.log" | cut -d' ' -f3-)" ||
	ko "controller loss not noticed"
m=$(flows)
[ "$m" = "$n" ] && ok "fail secure: the $n flows are kept without the controller" ||
	ko "flows changed without the controller ($n -> $m)"
t0=$(date +%s)
tc_start tc1b ptcp:6633:127.0.0.1
wait_for 20 sh -c "[ \$(grep -c 'negotiated OpenFlow 1.0' $AG_TMP/a.log) -ge 2 ]" &&
	ok "reconnected $(( $(date +%s) - t0 )) s after the controller came back (max-backoff 2)" ||
	ko "no reconnection"
ping_ok $NS1 $IP4_B >/dev/null && ok "ping through the restarted controller" || ko "ping after restart"
tc_stop $TC_PID
agent_stop || ko "agent exit status"
dp_flush $NS1 "$IF_A" >/dev/null

# ---- ovs-testcontroller connects to the agent (the agent listens)
agent_start $NS1 "$IF_A" b --listen ptcp:$OF_PORT:127.0.0.1 || fail "agent did not start"
tc_start tc2 tcp:127.0.0.1:$OF_PORT
wait_for 30 sh -c "grep -q 'negotiated OpenFlow 1.0' $AG_TMP/b.log" &&
	ok "ovs-testcontroller connected to --listen ptcp: (passive)" || ko "passive connection"
ping_ok $NS1 $IP4_B && ok "passive ovs-testcontroller: ping A -> B" || ko "passive: no ping"
tc_stop $TC_PID
agent_stop || ko "agent exit status"
dp_flush $NS1 "$IF_A" >/dev/null

# ---- fail standalone: normal forwarding alone, the controller's way back
agent_start $NS1 "$IF_A" c --listen ptcp:$OF_PORT:127.0.0.1 --fail=standalone \
	--probe=1 --max-backoff=1 tcp:127.0.0.1:6633 || fail "agent did not start"
wait_for 20 sh -c "grep -q 'fail standalone' $AG_TMP/c.log" &&
	ok "standalone: misses forwarded normally after 3 probe intervals alone" ||
	ko "standalone did not switch to normal"
ping_ok $NS1 $IP4_B >/dev/null && ok "standalone: ping with an empty table, no controller" ||
	ko "standalone: no ping"
tc_start tc3 ptcp:6633:127.0.0.1
# (the first "misses go to controller" line is the agent's start)
wait_for 30 sh -c "grep -q 'negotiated OpenFlow 1.0' $AG_TMP/c.log && [ \$(grep -c 'table misses go to controller' $AG_TMP/c.log) -ge 2 ]" &&
	ok "standalone: misses go to the controller again once it is back" ||
	ko "standalone: controller not restored"
ping_ok $NS1 $IP4_B >/dev/null && ok "standalone: ping through the controller" ||
	ko "standalone: no ping through the controller"
tc_stop $TC_PID
wait_for 20 sh -c "[ \$(grep -c 'fail standalone' $AG_TMP/c.log) -ge 2 ]" &&
	ok "standalone: back to normal when the controller is gone again" ||
	{ ko "standalone: not back to normal"; tail -n 15 "$AG_TMP/c.log" | sed 's/^/#   /'; }
agent_stop || ko "agent exit status"
dp_flush $NS1 "$IF_A" >/dev/null

# ---- a silent controller: probe, close, reconnect
nsx $NS1 "$DP_PY" "$AG_DIR/silent.py" 6634 16 >"$T/silent.out" 2>&1 &
SIL=$!
CTL_PIDS="$CTL_PIDS $SIL"
sleep 1
agent_start $NS1 "$IF_A" d --listen ptcp:$OF_PORT:127.0.0.1 --probe=2 --max-backoff=1 \
	tcp:127.0.0.1:6634 || fail "agent did not start"
wait $SIL
sed 's/^/#   /' "$T/silent.out"
grep -q "no reply to the inactivity probe" "$AG_TMP/d.log" &&
	ok "silent controller: dropped for not answering the probe" || ko "no probe timeout"
n=$(grep -c "open" "$T/silent.out")
[ "$n" -ge 2 ] && ok "silent controller: the agent reconnected ($n connections in 16 s)" ||
	ko "silent controller: $n connections"
agent_stop || ko "agent exit status"

# ---- two controllers at once
tc_start tc4 ptcp:6633:127.0.0.1
T4=$TC_PID
tc_start tc5 ptcp:6635:127.0.0.1
T5=$TC_PID
agent_start $NS1 "$IF_A" e --listen ptcp:$OF_PORT:127.0.0.1 tcp:127.0.0.1:6633 \
	tcp:127.0.0.1:6635 || fail "agent did not start"
wait_for 30 sh -c "[ \$(grep -c 'negotiated OpenFlow 1.0' $AG_TMP/e.log) -ge 2 ]" &&
	ok "two controllers connected at once" || ko "two controllers: $(negotiated e)"
ping_ok $NS1 $IP4_B >/dev/null && ok "ping with two controllers" || ko "two controllers: no ping"
tc_stop $T4
tc_stop $T5
agent_stop || ko "agent exit status"
dp_flush $NS1 "$IF_A" >/dev/null

# ---- TLS: certificates made by openssl req; a wrong CA is refused
if command -v openssl >/dev/null 2>&1; then
	P=$T/pki
	rm -rf "$P"; mkdir -p "$P"
	mkcert() { # CA NAME
		openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
			-keyout "$P/$2.key" -out "$P/$2.csr" -subj "/CN=$2" 2>/dev/null &&
		openssl x509 -req -in "$P/$2.csr" -CA "$P/$1.pem" -CAkey "$P/$1.key" \
			-CAcreateserial -out "$P/$2.pem" -days 2 2>/dev/null
	}
	for ca in ca ca2; do
		openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
			-keyout "$P/$ca.key" -out "$P/$ca.pem" -days 2 -subj "/CN=cvsw-test-$ca" \
			2>/dev/null || ko "openssl req $ca"
	done
	mkcert ca ctl && mkcert ca agent && mkcert ca2 other || ko "certificates"
	tc_start tls pssl:6636:127.0.0.1 -p "$P/ctl.key" -c "$P/ctl.pem" -C "$P/ca.pem"
	TT=$TC_PID
	sleep 1
	agent_start $NS1 "$IF_A" f --private-key="$P/agent.key" --certificate="$P/agent.pem" \
		--ca-cert="$P/ca.pem" ssl:127.0.0.1:6636 || fail "agent did not start"
	wait_for 30 sh -c "grep -q 'negotiated OpenFlow 1.0' $AG_TMP/f.log" &&
		ok "TLS: connected to ovs-testcontroller over ssl:" || ko "TLS: no connection"
	ping_ok $NS1 $IP4_B >/dev/null && ok "TLS: ping through the controller" || ko "TLS: no ping"
	agent_stop || ko "agent exit status"
	agent_start $NS1 "$IF_A" g --private-key="$P/other.key" --certificate="$P/other.pem" \
		--ca-cert="$P/ca2.pem" --max-backoff=1 ssl:127.0.0.1:6636 || fail "agent did not start"
	sleep 6
	if grep -q "negotiated OpenFlow 1.0" "$AG_TMP/g.log"; then
		ko "TLS: a certificate of another CA was accepted"
	else
		grep -qE "TLS (error|handshake failed)" "$AG_TMP/g.log" &&
			ok "TLS: a certificate of another CA is refused ($(grep -m1 -E 'TLS (error|handshake failed)' "$AG_TMP/g.log" | cut -d' ' -f3-))" ||
			ko "TLS: wrong CA, no TLS error logged"
	fi
	agent_stop || ko "agent exit status"
	tc_stop $TT
	dp_flush $NS1 "$IF_A" >/dev/null
else
	ok "# SKIP TLS: openssl not installed"
fi

# ---- os-ken (osken-manager) running selftests/agent/osken_l2.py
if command -v osken-manager >/dev/null 2>&1; then
	ip netns exec $NS1 /usr/bin/python3 /usr/bin/osken-manager --ofp-listen-host 127.0.0.1 \
		--ofp-tcp-listen-port 6637 "$AG_DIR/osken_l2.py" >"$T/osken.out" 2>&1 &
	OK_PID=$!
	CTL_PIDS="$CTL_PIDS $OK_PID"
	# (os-ken's imports take minutes under TCG)
	wait_for 300 sh -c "ip netns exec $NS1 ss -ltn | grep -q ':6637 '" ||
		{ ko "osken-manager did not listen"; sed 's/^/#   /' "$T/osken.out"; }
	agent_start $NS1 "$IF_A" h --listen ptcp:$OF_PORT:127.0.0.1 tcp:127.0.0.1:6637 ||
		fail "agent did not start"
	wait_for 120 grep -q "CONNECTED" "$T/osken.out" && ok "os-ken: the datapath connected" ||
		ko "os-ken: no connection"
	ping_ok $NS1 $IP4_B && ok "os-ken learning switch: ping A -> B" || ko "os-ken: no ping"
	IPERF_T=3
	iperf_server $NS2 5211
	ISP=$!
	out=$(iperf_client $NS1 $IP4_B 5211)
	wait $ISP 2>/dev/null
	bps=${out% *}
	[ "${bps:-0}" -gt 0 ] && ok "os-ken: iperf3 through its flows: $(mbps $bps) Mbit/s" ||
		ko "os-ken: iperf3 failed"
	wait_for 60 sh -c "grep 'FLOW_STATS' $T/osken.out | grep -qv 'packets=0'" &&
		ok "os-ken: flow statistics with counters: $(grep FLOW_STATS "$T/osken.out" | grep -v 'packets=0' | tail -1)" ||
		ko "os-ken: no flow statistics"
	wait_for 90 sh -c "grep 'FLOW_REMOVED' $T/osken.out | grep -qv 'packets=0'" &&
		ok "os-ken: flow-removed after the idle timeout: $(grep FLOW_REMOVED "$T/osken.out" | grep -v 'packets=0' | head -1)" ||
		ko "os-ken: no flow-removed"
	grep -q "PACKET_IN in_port=1 buffer=" "$T/osken.out" && ok "os-ken: packet-ins with buffer ids" ||
		ko "os-ken: packet-ins"
	agent_stop || ko "agent exit status"
	kill $OK_PID 2>/dev/null
	tail -5 "$T/osken.out" | sed 's/^/#   /'
else
	ok "# SKIP os-ken not installed"
fi
exit $TEST_RC
