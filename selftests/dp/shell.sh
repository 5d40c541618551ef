#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# cvsw-shell against the real module: the interactive shell driven through
# tmux (prompt, completion, history, an error message), script mode with
# its line numbers, and `monitor` showing flow-removed, packet-in and
# port-status events as they happen. Also the README's example: add a flow
# and watch its counters.
. "${CVSW_REPO:=$(cd "$(dirname "$0")/../.." && pwd)}/selftests/driver/lib.sh"
D="$CVSW_REPO/selftests/dp"
. "$D/lib-dp.sh"
test_init
SH="$CVSW_REPO/cvsw-shell/cvsw-shell"
[ -x "$SH" ] || fail "cvsw-shell not built ($SH)"
command -v tmux >/dev/null || skip "tmux not installed"
setup_pair
dp_reset
W=$(mktemp -d)

# ---- README example: add a flow, send traffic, watch its counters
in1 "$SH" -c "flow add $IF_A priority=100,icmp,actions=normal" || ko "flow add"
in1 "$SH" -c "flow add $IF_A priority=100,arp,actions=normal" || ko "flow add arp"
ping_ok $NS1 $IP4_B >/dev/null || ko "ping through the icmp flow"
line=$(in1 "$SH" -c "flow dump $IF_A icmp")
log "dump: $line"
case "$line" in
*"n_packets=6,"*"priority=100,icmp,actions=normal"*)
	ok "flow dump counts 3 echo requests out and 3 replies in" ;;
*) ko "flow dump: '$line'" ;;
esac
json=$(in1 "$SH" --json -c "flow dump $IF_A")
echo "$json" | python3 -c 'import json,sys; d=json.load(sys.stdin); assert len(d) == 2' &&
	ok "--json flow dump is valid JSON with 2 flows" || ko "--json output: $json"

# ---- interactive, through tmux
tmux kill-server 2>/dev/null
tmux new-session -d -s cvsw -x 200 -y 50 "ip netns exec $NS1 env HOME=$W $SH" || fail "tmux"
screen() { tmux capture-pane -p -t cvsw | grep -v '^ *$'; }
wait_screen() { # PATTERN
	local i
	for i in $(seq 50); do screen | grep -q -- "$1" && return 0; sleep 0.2; done
	return 1
}
wait_screen "cvsw>" && ok "prompt 'cvsw> '" || ko "no prompt: $(screen | tail -3)"
tmux send-keys -t cvsw "sho" Tab
wait_screen "cvsw> show" && ok "tab completes 'sho' to 'show'" || ko "completion: $(screen | tail -2)"
tmux send-keys -t cvsw C-u "show device " Tab
wait_screen "show device $IF_A" && ok "tab completes the device name $IF_A" || ko "device completion: $(screen | tail -2)"
tmux send-keys -t cvsw Enter
wait_screen "datapath_id" && ok "show device output" || ko "show device: $(screen | tail -5)"
tmux send-keys -t cvsw "flow add $IF_A priority=5,nw_src=10.0.0.300,actions=drop" Enter
wait_screen "error" && ok "error message: $(screen | grep -m1 error)" || ko "no error shown: $(screen | tail -3)"
screen | grep -q "column" && ok "the error names the column" || ko "error without position"
tmux send-keys -t cvsw "flow dump $IF_A" Enter
wait_screen "n_packets" || ko "flow dump in the interactive shell"
tmux send-keys -t cvsw Up
sleep 0.5
[ "$(screen | grep 'cvsw> ' | tail -1 | sed 's/.*cvsw> //')" = "flow dump $IF_A" ] &&
	ok "Up recalls the last command" || ko "history recall: $(screen | tail -2)"
tmux send-keys -t cvsw C-u "quit" Enter
sleep 1
tmux kill-server 2>/dev/null
grep -q "flow dump $IF_A" "$W/.cvsw_history" && ok "history file written" || ko "no history file in $W"

# ---- script mode stops at the first error with its line number
printf 'show devices\nflow add %s priority=1,udp,actions=drop\nflow add %s priority=1,bogus=1,actions=drop\nflow flush %s\n' \
	"$IF_A" "$IF_A" "$IF_A" >$W/script
in1 "$SH" -f $W/script >$W/out 2>&1 && ko "script with an error exited 0"
grep -q "script:3:" $W/out && ok "script error names line 3: $(grep -m1 script:3: $W/out)" || ko "script output: $(cat $W/out)"
[ "$(in1 "$SH" -c "flow dump $IF_A udp" | grep -c priority=1,udp)" = 1 ] &&
	ok "lines before the error ran, the flush after it did not" || ko "script stop point"

# ---- monitor: flow-removed, packet-in, port-status
in1 "$SH" -c "flow flush $IF_A"
in1 "$SH" -c "monitor" >$W/mon 2>&1 &
MON=$!
sleep 2
in1 "$SH" -c "flow add $IF_A priority=7,udp,tp_dst=9999,hard_timeout=1,send_flow_rem,actions=drop"
in1 "$SH" -c "set device $IF_A miss controller"
in1 ping -c 1 -W 1 $IP4_B >/dev/null 2>&1
in1 "$SH" -c "set device $IF_A miss normal"
mon_cmd "set_link $CVSW_QEMU_ID_A off" >/dev/null
sleep 1
mon_cmd "set_link $CVSW_QEMU_ID_A on" >/dev/null
sleep 3
kill $MON 2>/dev/null
wait $MON 2>/dev/null
log "monitor saw: $(tr '\n' '|' <$W/mon)"
grep -i "flow.removed" $W/mon | grep -q "hard" && ok "monitor: flow-removed (hard timeout)" || ko "monitor: no flow-removed"
grep -i "packet.in" $W/mon | grep -q -i "no.match" && ok "monitor: packet-in (no match)" || ko "monitor: no packet-in"
grep -i "port.status" $W/mon | grep -q -i "down" && ok "monitor: port-status link down" || ko "monitor: no port-status down"
wait_for 20 is_up $NS1 "$IF_A" || ko "link back up"
rm -rf "$W"
dp_reset
