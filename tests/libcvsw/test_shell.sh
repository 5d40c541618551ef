#!/bin/sh
# cvsw-shell without a kernel family: argument handling, script line
# numbers, exit status, exact error messages, JSON validity. The shell runs
# under valgrind (through libtool, it is linked to the uninstalled libcvsw).
set -u
SHELL_BIN=${CVSW_SHELL:-../../cvsw-shell/cvsw-shell}
LT=${LIBTOOL:-libtool}
VG=${VALGRIND_RUN:-$(dirname "$0")/valgrind-run.sh}
FAM="--family cvsw_test_no_such_family"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
n=0
failed=0

sh_run() {
	$LT --mode=execute "$VG" "$SHELL_BIN" "$@"
}

# has TEXT FILE: FILE contains TEXT (an empty TEXT always matches)
has() {
	[ -z "$1" ] || grep -qF -- "$1" "$2"
}

# check NAME EXPECTED_STATUS EXPECTED_STDERR_SUBSTRING [STDOUT_SUBSTRING] -- ARGS
check() {
	name=$1 want=$2 err=$3 out=$4
	shift 5
	n=$((n + 1))
	sh_run "$@" >"$T/out" 2>"$T/err" </dev/null
	st=$?
	if [ "$st" -ne "$want" ] || ! has "$err" "$T/err" || ! has "$out" "$T/out"; then
		echo "not ok $n - $name (status $st)"
		sed 's/^/# stdout: /' "$T/out"; sed 's/^/# stderr: /' "$T/err"
		failed=$((failed + 1))
	else
		echo "ok $n - $name"
	fi
}

NOFAM="cvsw_test_no_such_family generic netlink family not found: is cvsw_net loaded?"

check "-c needing the kernel fails with the module message" 1 "error: $NOFAM" "" -- $FAM -c "show devices"
check "command words after the options" 1 "error: $NOFAM" "" -- $FAM flow dump eth0
check "--strict reaches the command" 1 "error: $NOFAM" "" -- $FAM flow del eth0 --strict priority=1,ip
# the real family name: exact message where cvsw_net is not loaded
n=$((n + 1))
sh_run -c "show devices" >"$T/out" 2>"$T/err" </dev/null
st=$?
if [ $st -eq 0 ] || [ "$(cat "$T/err")" = "error: cvsw generic netlink family not found: is cvsw_net loaded?" ]; then
	echo "ok $n - default family: exact message when the module is missing"
else
	echo "not ok $n - default family message"; cat "$T/err"; failed=$((failed + 1))
fi
check "flow parse needs no kernel" 0 "" "priority=100,tcp,nw_dst=10.0.0.0/8,actions=output:2" -- $FAM -c "flow parse priority=100 tcp nw_dst=10.1.2.3/8 actions=2"
check "syntax error names the column" 1 'error: at column 17 ("nw_src=10.0.0.300"): invalid IPv4 address' "" -- $FAM -c "flow add eth0 priority=100,ip,nw_src=10.0.0.300,actions=drop"
check "syntax checked before connecting" 1 'unknown field' "" -- $FAM -c "flow add eth0 bogus=1,actions=drop"
check "unknown command" 1 'error: unknown command "frobnicate"' "" -- $FAM -c "frobnicate"
check "usage of set" 1 "usage: set device DEV" "" -- $FAM -c "set device eth0 mtu"
check "bad offload name" 1 'unknown offload "tcp"' "" -- $FAM -c "set device eth0 offload tcp on"
check "bad on/off" 1 'expected on or off' "" -- $FAM -c "set device eth0 offload tso maybe"
check "bad miss policy" 1 'invalid miss policy "flood"' "" -- $FAM -c "set device eth0 miss flood"
check "bad mtu" 1 'invalid MTU "abc"' "" -- $FAM -c "set device eth0 mtu abc"
check "packet-out bad hex" 1 "invalid hex in data=" "" -- $FAM -c "packet-out eth0 in_port=1 actions=output:2 data=0g"
check "packet-out needs actions" 1 "needs actions=" "" -- $FAM -c "packet-out eth0 data=00"
check "packet-out bad action" 1 'actions: at column 1 ("output:x")' "" -- $FAM -c "packet-out eth0 actions=output:x data=00"
check "help" 0 "" "flow add DEV FLOW" -- $FAM -c "help flow"
check "help of an unknown command" 1 'no such command "nope"' "" -- $FAM -c "help nope"
check "--strict only for mod/del" 1 "--strict is for flow mod and flow del" "" -- $FAM -c "flow add eth0 --strict actions=drop"
check "unterminated quote" 1 "unterminated quote" "" -- $FAM -c "flow parse 'actions=drop"
# messages and help written from the command tables
check "flow without DEV" 1 "error: usage: flow add|mod|del|get|dump|flush|add-batch DEV ... (help flow)" "" -- $FAM -c "flow add"
check "unknown flow command" 1 'error: unknown flow command "frob" (add, mod, del, get, dump, flush, add-batch, parse)' "" -- $FAM -c "flow frob eth0"
check "usage of flow flush" 1 "error: usage: flow flush DEV" "" -- $FAM -c "flow flush eth0 x"
check "usage of flow add" 1 "error: usage: flow add DEV FLOW" "" -- $FAM -c "flow add eth0"
check "usage of flow mod" 1 "error: usage: flow mod DEV [--strict] FLOW" "" -- $FAM -c "flow mod eth0 --strict"
check "add-batch takes only --sparse-ack" 1 "error: usage: flow add-batch DEV FILE [--sparse-ack]" "" -- $FAM -c "flow add-batch eth0 f --bogus"
check "usage of show" 1 "error: usage: show devices | show device DEV" "" -- $FAM -c "show device"
check "usage of set lists the items" 1 "error: usage: set device DEV mtu N | offload NAME on|off | miss normal|drop|controller | miss-send-len N|all | packet-in-rate N" "" -- $FAM -c "set device eth0 bogus 1"
check "offload names from the library" 1 'error: unknown offload "x" (rx_csum, tx_csum, sg, tso, gso, gro, gro_hw)' "" -- $FAM -c "set device eth0 offload x on"
check "miss-send-len above 65535" 1 "error: length 65536 above 65535 (all)" "" -- $FAM -c "set device eth0 miss-send-len 65536"
check "miss-send-len not a number" 1 'error: invalid length "x"' "" -- $FAM -c "set device eth0 miss-send-len x"
check "miss policies from the library" 1 'error: invalid miss policy "x" (normal, drop or controller)' "" -- $FAM -c "set device eth0 miss x"
check "usage of stats" 1 "error: usage: stats DEV [table|ports]" "" -- $FAM -c "stats eth0 bogus"
check "packet-out arguments" 1 'error: unknown packet-out argument "x=1" (in_port=, actions=, data=)' "" -- $FAM -c "packet-out eth0 x=1"
check "help set" 0 "" "set device DEV offload rx_csum|tx_csum|sg|tso|gso|gro|gro_hw on|off" -- $FAM -c "help set"
check "help exit" 0 "" "quit, exit                leave the shell" -- $FAM -c "help exit"
check "help overview" 0 "" "flow add-batch DEV FILE [--sparse-ack]" -- $FAM -c "help"
# tunnels: name and parameters are checked before the kernel is asked
check "tunnel add needs the kernel after its checks" 1 "error: $NOFAM" "" -- $FAM -c "tunnel add eth0 vx0 type=vxlan remote_ip=10.0.0.2 key=5"
check "tunnel add: missing remote_ip" 1 "error: parameters: at column 11: missing remote_ip=A.B.C.D (the other end of the tunnel)" "" -- $FAM -c "tunnel add eth0 vx0 type=vxlan"
check "tunnel add: key too big for the kind" 1 'error: parameters: at column 30 ("key=0x1000000"): key 0x1000000 too big for vxlan (24 bits: at most 0xffffff)' "" -- $FAM -c "tunnel add eth0 vx0 type=vxlan remote_ip=1.2.3.4 key=0x1000000"
check "tunnel add: STT takes 64 bits" 1 "error: $NOFAM" "" -- $FAM -c "tunnel add eth0 st0 type=stt remote_ip=1.2.3.4 key=0x1000000000"
check "tunnel add: unknown kind" 1 'error: parameters: at column 1 ("type=gre"): unknown tunnel type "gre" (vxlan, nvgre, geneve, stt or sclp)' "" -- $FAM -c "tunnel add eth0 g0 type=gre remote_ip=1.2.3.4"
check "tunnel add: unknown parameter" 1 'unknown parameter (type, remote_ip, local_ip, key, dst_port, remote_mac, ofport, tos, ttl, flowid)' "" -- $FAM -c "tunnel add eth0 vx0 type=vxlan remote_ip=1.2.3.4 vni=5"
check "tunnel add: a reserved name" 1 'error: invalid tunnel name "normal": a port name cannot be a number or a reserved port' "" -- $FAM -c "tunnel add eth0 normal type=vxlan remote_ip=1.2.3.4"
check "tunnel add: an action's name" 1 'error: invalid tunnel name "drop": a port name cannot be the name of an action' "" -- $FAM -c "tunnel add eth0 drop type=vxlan remote_ip=1.2.3.4"
check "tunnel add: a number as name" 1 'invalid tunnel name "7"' "" -- $FAM -c "tunnel add eth0 7 type=vxlan remote_ip=1.2.3.4"
check "tunnel add: flowid is NVGRE's" 1 "flowid is NVGRE's, not geneve's" "" -- $FAM -c "tunnel add eth0 gn0 type=geneve remote_ip=1.2.3.4 flowid=hash"
check "usage of tunnel add" 1 "error: usage: tunnel add DEV NAME type=KIND remote_ip=A.B.C.D [PARAM=VALUE...]" "" -- $FAM -c "tunnel add eth0 vx0"
check "usage of tunnel del" 1 "error: usage: tunnel del DEV NAME|PORT" "" -- $FAM -c "tunnel del eth0"
check "usage of tunnel" 1 "error: usage: tunnel add|del|show ... (help tunnel)" "" -- $FAM -c "tunnel frob"
check "tunnel del needs the kernel" 1 "error: $NOFAM" "" -- $FAM -c "tunnel del eth0 vx0"
check "tunnel show needs the kernel" 1 "error: $NOFAM" "" -- $FAM --json -c "tunnel show"
check "help tunnel" 0 "" "tunnel del DEV NAME|PORT" -- $FAM -c "help tunnel"
# a tunnel's name in a flow asks the kernel for the device's ports
check "flow add with a port name needs the kernel" 1 "error: at column 1 (\"in_port=vx0\"): unknown port \"vx0\" (a number, host, net, a reserved port or a port of the device); the ports of eth0 could not be read: $NOFAM" "" -- $FAM -c "flow add eth0 in_port=vx0,actions=output:2"
check "flow add output:NAME needs the kernel" 1 "the ports of eth0 could not be read: $NOFAM" "" -- $FAM -c "flow add eth0 actions=output:vx0"
printf 'priority=1,in_port=vx0,actions=drop\n' >"$T/flows3"
check "add-batch: a port name needs the kernel" 1 "$T/flows3:1: at column 12 (\"in_port=vx0\"): unknown port \"vx0\"" "" -- $FAM -c "flow add-batch eth0 $T/flows3"
check "flow parse has no device: no names" 1 'error: at column 1 ("in_port=vx0"): invalid port' "" -- $FAM -c "flow parse in_port=vx0,actions=drop"
check "a syntax error before the name is reported without the kernel" 1 'error: at column 1 ("tun_src=1.2.3"): invalid IPv4 address' "" -- $FAM -c "flow add eth0 tun_src=1.2.3,in_port=vx0,actions=drop"
check "flow parse: tunnel fields and actions" 0 "" "priority=32768,tun_id=0x5,tun_src=10.0.0.2,tun_dst=10.0.0.0/8,actions=set_tunnel64:0x100000000,set_tunnel:0x7" -- $FAM -c "flow parse tun_src=10.0.0.2 tun_dst=10.1.1.1/8 tun_id=5 actions=set_tunnel:0x100000000,set_field:7->tun_id"
check "packet-out with a port name needs the kernel" 1 "error: invalid port \"vx0\"; the ports of eth0 could not be read: $NOFAM" "" -- $FAM -c "packet-out eth0 in_port=vx0 actions=output:2 data=00"
check "bad option" 2 "usage: cvsw-shell" "" -- --bogus
check "-c and -f together" 2 "give one of -c, -f" "" -- -c help -f x
check "missing script file" 1 "nofile.txt: No such file" "" -- $FAM -f "$T/nofile.txt"

# scripts: comments, blank lines, line numbers of the first error, stop there
cat >"$T/s1" <<'EOS'
# a comment
help quit

flow parse priority=5,actions=drop
flow parse priority=5,dl_vlan=5000,actions=drop
flow parse priority=6,actions=drop
EOS
check "script stops at the first error with FILE:LINE" 1 "$T/s1:5: error: at column 12 (\"dl_vlan=5000\"): VLAN id out of range" "priority=5,actions=drop" -- $FAM -f "$T/s1"
n=$((n + 1))
if grep -q "priority=6" "$T/out"; then
	echo "not ok $n - nothing runs after the failing line"; failed=$((failed + 1))
else
	echo "ok $n - nothing runs after the failing line"
fi
printf 'flow parse actions=drop\nshow devices\nflow parse actions=drop\n' >"$T/s2"
check "script error from the library" 1 "$T/s2:2: error: $NOFAM" "" -- $FAM -f "$T/s2"
printf 'flow parse actions=drop\nquit\nshow devices\n' >"$T/s3"
check "quit ends a script with success" 0 "" "priority=32768,actions=drop" -- $FAM -f "$T/s3"

# stdin when it is not a terminal
n=$((n + 1))
printf 'flow parse actions=1\nflow parse actions=bogus\n' |
	$LT --mode=execute "$VG" "$SHELL_BIN" $FAM >"$T/out" 2>"$T/err"
st=$?
if [ $st -eq 1 ] && grep -qF 'stdin:2: error: at column 9 ("bogus"): unknown action' "$T/err" &&
   grep -qF "actions=output:1" "$T/out"; then
	echo "ok $n - script from stdin, line numbers"
else
	echo "not ok $n - script from stdin, line numbers (status $st)"; cat "$T/err"; failed=$((failed + 1))
fi

# add-batch checks every line before it needs the kernel
printf '# flows\npriority=1,actions=drop\n\npriority=2,ip,nw_dst=1.2.3.4/40,actions=drop\n' >"$T/flows"
check "add-batch reports FILE:LINE of a bad flow" 1 "$T/flows:4: at column 15 (\"nw_dst=1.2.3.4/40\")" "" -- $FAM -c "flow add-batch eth0 $T/flows"
printf 'priority=1,actions=drop\n' >"$T/flows2"
check "add-batch needs the kernel after the syntax pass" 1 "$NOFAM" "" -- $FAM -c "flow add-batch eth0 $T/flows2"

# a saved flow dump replays through add-batch (counters are accepted)
printf 'duration=3.104s, n_packets=3, n_bytes=294, idle_age=0.250s, priority=100,ip,nw_dst=10.0.0.0/8,actions=output:2\n' >"$T/dump"
check "add-batch accepts dump lines" 1 "$NOFAM" "" -- $FAM -c "flow add-batch eth0 $T/dump"
check "flow add accepts a dump line" 1 "$NOFAM" "" -- $FAM -c "flow add eth0 duration=1.000s, n_packets=1, n_bytes=1, idle_age=0.000s, priority=1,actions=drop"
check "flow del refuses counters" 1 "n_packets is a counter" "" -- $FAM -c "flow del eth0 n_packets=1"

# --json output is valid JSON
n=$((n + 1))
sh_run $FAM --json -c "flow parse priority=9,tcp,dl_src=00:01:02:03:04:05,nw_src=10.0.0.0/8,actions=mod_nw_tos:4,controller:12,enqueue:1:2" >"$T/json" 2>"$T/err"
if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["priority"]==9 and d["match"]["nw_src"]=="10.0.0.0/8" and d["actions"][1]=="controller:12"' "$T/json"; then
	echo "ok $n - --json output parses"
else
	echo "not ok $n - --json output parses"; cat "$T/json" "$T/err"; failed=$((failed + 1))
fi

echo "1..$n"
[ $failed -eq 0 ]
