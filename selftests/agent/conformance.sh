#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# A scripted OpenFlow 1.0 conformance client (selftests/agent/conformance.py)
# against cvsw-ofagent on A: about 110 named cases after the OFTest groups
# (basic, message_types, openflow_protocol_messages,
# detailed_contr_sw_messages, flow_matches, pktact, counters, flow_expire,
# flow_stats, port_stats), each its own check: frames enter A's port 2
# from B's side, what reaches port 1 is read on A, what reaches the
# controller arrives as packet-ins.
. "${CVSW_REPO:=$(cd "$(dirname "$0")/../.." && pwd)}/selftests/driver/lib.sh"
. "$CVSW_REPO/selftests/dp/lib-dp.sh"
. "$CVSW_REPO/selftests/agent/lib-agent.sh"

test_init
trap 'rc=$?; agent_cleanup; (exit $rc); test_exit' EXIT
dp_need_tools
agent_need_tools
setup_pair
dp_reset
dp_rx_csum_off $NS1 "$IF_A" || true

T=$AG_TMP
agent_start $NS1 "$IF_A" c --listen ptcp:$OF_PORT:127.0.0.1 || fail "agent did not start"
nsx $NS1 "$DP_PY" "$AG_DIR/conformance.py" 127.0.0.1 $OF_PORT "$IF_A" $NS2 "$IF_B" \
	"$CVSW_MAC_A" "$CVSW_MAC_B" ${CONFORMANCE_CASES:-} >"$T/conformance.out" 2>&1
rc=$?
while read -r line; do
	case "$line" in
	ok:*) ok "${line#ok: }" ;;
	FAIL:*) ko "${line#FAIL: }" ;;
	*) echo "#   $line" ;;
	esac
done <"$T/conformance.out"
[ $rc = 0 ] || ko "conformance.py exit $rc"
agent_stop || ko "agent exit status"
exit $TEST_RC
