# SPDX-License-Identifier: GPL-2.0
# Shared helpers of the cvsw-ofagent selftests (POSIX sh, sourced after
# selftests/driver/lib.sh and selftests/dp/lib-dp.sh).
#
#   agent_start NS IF NAME ARGS...  cvsw-ofagent ARGS IF in NS, log in
#                                  $AG_TMP/NAME.log; waits until it listens
#                                  or connects (adds to AG_PIDS)
#   agent_stop [PID]               SIGTERM (every agent without PID); the
#                                  exit status must be 0
#   ofctl NS ARGS...               ovs-ofctl -O OpenFlow10 ARGS, bounded
#   ofctl_flows NS SW [ARGS]       dump-flows without the reply header
#   agent_log_has NAME TEXT        the agent's log has a line with TEXT

AGENT=${AGENT:-$CVSW_REPO/ofagent/cvsw-ofagent}
AG_DIR=${AG_DIR:-$CVSW_REPO/selftests/agent}
AG_TMP=${AG_TMP:-/tmp/cvsw-agent-$TEST_NAME}
mkdir -p "$AG_TMP"
AG_PIDS=""
OF_PORT=6653
SW=tcp:127.0.0.1:$OF_PORT

agent_need_tools() {
	command -v ovs-ofctl >/dev/null 2>&1 || skip "ovs-ofctl not installed"
	[ -x "$AGENT" ] || fail "cvsw-ofagent not built ($AGENT)"
}

agent_start() { # NS IF NAME ARGS...
	local ns=$1 dev=$2 name=$3 pid
	shift 3
	rm -f "$AG_TMP/$name.log"
	# (getopt permutes: DEV first, then options and controllers in any order)
	ip netns exec "$ns" "$AGENT" --log-file="$AG_TMP/$name.log" "$dev" "$@" &
	pid=$!
	AG_PIDS="$AG_PIDS $pid"
	AG_PID=$pid
	wait_for 30 grep -qE "listening on|datapath id" "$AG_TMP/$name.log" ||
		{ echo "# agent $name did not start:"; sed 's/^/#   /' "$AG_TMP/$name.log"; return 1; }
	# listeners are open before "datapath id" is logged
	return 0
}

agent_stop() {
	local p rc=0 pids=${1:-$AG_PIDS}
	for p in $pids; do kill -TERM "$p" 2>/dev/null; done
	for p in $pids; do wait "$p" || rc=$?; done
	[ -z "${1:-}" ] && AG_PIDS=""
	return $rc
}

ofctl() {
	local ns=$1
	shift
	ip netns exec "$ns" timeout 60 ovs-ofctl -O OpenFlow10 "$@"
}

ofctl_flows() { # NS SW [ARGS]
	local ns=$1 sw=$2
	shift 2
	ofctl "$ns" dump-flows "$sw" "$@" | grep -v 'reply (xid'
}

agent_log_has() { grep -q -- "$2" "$AG_TMP/$1.log"; }

agent_cleanup() {
	local p
	for p in $AG_PIDS; do kill -TERM "$p" 2>/dev/null; done
	for p in $AG_PIDS; do wait "$p" 2>/dev/null; done
	AG_PIDS=""
}
