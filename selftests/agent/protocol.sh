#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# cvsw-ofagent against a raw client (selftests/agent/ofraw.py): version
# negotiation, every refused or malformed message answered with the
# specification's ERROR quoting its first 64 bytes on a connection that
# keeps working, CHECK_OVERLAP, an unframeable length closing only that
# connection, and 10000 random and mutated messages (the agent alive
# after them, under valgrind: no error, no leak), then a tunnel port added
# and deleted (show, a tun_src flow, PORT_STATUS) under valgrind too.
. "${CVSW_REPO:=$(cd "$(dirname "$0")/../.." && pwd)}/selftests/driver/lib.sh"
. "$CVSW_REPO/selftests/dp/lib-dp.sh"
. "$CVSW_REPO/selftests/agent/lib-agent.sh"

test_init
trap 'rc=$?; agent_cleanup; (exit $rc); test_exit' EXIT
dp_need_tools
agent_need_tools
setup_pair
dp_reset

T=$AG_TMP
agent_start $NS1 "$IF_A" p --listen ptcp:$OF_PORT:127.0.0.1 || fail "agent did not start"

raw() { nsx $NS1 "$DP_PY" "$AG_DIR/ofraw.py" "$@" 2>&1 | tee "$T/raw.out" | sed 's/^/#   /'; }
raw hello 127.0.0.1 $OF_PORT
grep -q "^FAIL" "$T/raw.out" && ko "version negotiation" || ok "version negotiation (ofraw.py hello)"
raw errors 127.0.0.1 $OF_PORT
n=$(grep -c "^ok" "$T/raw.out")
grep -q "^FAIL" "$T/raw.out" && ko "error replies ($(grep -c '^FAIL' "$T/raw.out") failed)" ||
	ok "error replies: $n checks (ofraw.py errors)"
agent_stop || ko "agent exit status after the error checks"

# the fuzzing client against the agent under valgrind
VG=$(command -v valgrind)
if [ -z "$VG" ]; then
	ok "# SKIP valgrind not installed: fuzzing without it"
	agent_start $NS1 "$IF_A" f --listen ptcp:$OF_PORT:127.0.0.1 || fail "agent did not start"
else
	rm -f "$T/vg.log"
	AGENT_REAL="$CVSW_REPO/ofagent/.libs/cvsw-ofagent"
	[ -x "$AGENT_REAL" ] || AGENT_REAL=$AGENT
	rm -f "$T/f.log"
	ip netns exec $NS1 env LD_LIBRARY_PATH="$CVSW_REPO/libcvsw/.libs" \
		"$VG" -q --leak-check=full --errors-for-leak-kinds=definite,indirect \
		--error-exitcode=99 --log-file="$T/vg.log" \
		"$AGENT_REAL" --log-file="$T/f.log" --probe=30 \
		--listen ptcp:$OF_PORT:127.0.0.1 "$IF_A" &
	AG_PIDS="$AG_PIDS $!"
	wait_for 120 grep -q "datapath id" "$T/f.log" || fail "agent under valgrind did not start"
fi
t0=$(date +%s)
raw fuzz 127.0.0.1 $OF_PORT 10000 7
secs=$(( $(date +%s) - t0 + 1 ))
grep -q "agent alive" "$T/raw.out" && ok "fuzz: $(grep '^fuzz:' "$T/raw.out")" ||
	ko "fuzz: the agent did not survive"
# a tunnel port added and deleted under valgrind too: the port dump, the
# port-status events with their descriptions
dp_sh $NS1 tunnel add "$IF_A" vxp type=vxlan remote_ip=$IP4_B local_ip=$IP4_A key=5 ||
	ko "cvsw-shell tunnel add vxp"
out=$(ofctl $NS1 show $SW 2>&1)
echo "$out" | grep -q "[0-9](vxp): addr:" && ok "show lists the tunnel port vxp" ||
	ko "show: $out"
ofctl $NS1 add-flow $SW "priority=5,tun_src=$IP4_B/24,actions=output:1" ||
	ko "add-flow tun_src"
out=$(ofctl_flows $NS1 $SW "tun_src=10.77.0.0/24")
echo "$out" | grep -q "priority=5,tun_src=10.77.0.0/24 actions=output:1" &&
	ok "tun_src flow dumped back" || ko "tun_src flow: $out"
dp_sh $NS1 tunnel del "$IF_A" vxp || ko "cvsw-shell tunnel del vxp"
wait_for 60 grep -q "port [0-9]* (vxp) deleted" "$T/f.log" &&
	ok "the agent saw the tunnel port's deletion" || ko "no deletion in the agent's log"
agent_stop; rc=$?
if [ -n "$VG" ]; then
	[ $rc = 0 ] && [ ! -s "$T/vg.log" ] && ok "valgrind: no error, no leak, exit 0" ||
		{ ko "valgrind (exit $rc)"; sed 's/^/#   /' "$T/vg.log" | head -40; }
fi
# refusals are rate limited: a burst of 20, then 5 a second
n=$(grep -c ": refused " "$T/f.log")
[ "$n" -le $((25 + 6 * secs)) ] &&
	ok "the log does not flood: $n refusals logged in ${secs}s of fuzzing ($(grep -c 'more "refused" lines left out' "$T/f.log") summaries of left-out lines)" ||
	ko "the log floods: $n refusals logged in ${secs}s"
exit $TEST_RC
