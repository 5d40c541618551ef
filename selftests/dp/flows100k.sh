#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Many flows: 100k installed through libcvsw's batch call (cvsw-shell
# add-batch), counted, their kernel memory measured; a dump of a million
# flows continues across netlink messages and returns every flow once;
# rmmod with them installed frees everything without a splat; the table
# capacity (max_flows) gives a clear "table full" error. Reloads the driver.
. "${CVSW_REPO:=$(cd "$(dirname "$0")/../.." && pwd)}/selftests/driver/lib.sh"
D="$CVSW_REPO/selftests/dp"
. "$D/lib-dp.sh"
test_init
N=${CVSW_FLOWS:-100000}
BIG=${CVSW_BIG_FLOWS:-1000000}
SH="$CVSW_REPO/cvsw-shell/cvsw-shell"
GEN="/usr/bin/python3 $CVSW_REPO/bench/datapath/genflows.py"
W=$(mktemp -d)

mem() { # kB the kernel holds outside page cache and per-CPU page lists
	sync; echo 3 >/proc/sys/vm/drop_caches
	echo 1 >/proc/sys/vm/compact_memory 2>/dev/null	# drains per-CPU lists
	awk '/^MemTotal/{t=$2} /^MemFree/{f=$2} /^Buffers/{b=$2} /^Cached/{c=$2}
	     END{print t - f - b - c}' /proc/meminfo
}
kmem() { # kB in slab (unreclaimable), per-CPU areas and vmalloc
	awk '/^SUnreclaim/{s=$2} /^Percpu/{p=$2} /^VmallocUsed/{v=$2}
	     END{print s + p + v}' /proc/meminfo
}
setup_pair
dp_reset
export IF_A IP4_A IP4_B
# The flow files first: their pages must not count as the flows' memory.
$GEN cvsw "$BIG" x >$W/big
head -n "$N" $W/big >$W/flows
m0=$(mem)
k0=$(kmem)
in1 "$SH" -c "flow add-batch $IF_A $W/flows" | sed 's/^/# /' || ko "installing $N flows"
m1=$(mem)
nflows=$(in1 "$SH" --json show device "$IF_A" |
	/usr/bin/python3 -c 'import json, sys; print(json.load(sys.stdin)["n_flows"])')
[ "$nflows" = "$N" ] && ok "device reports $nflows flows" || ko "device reports $nflows flows, want $N"
per=$(( (m1 - m0) * 1024 / N ))
log "kernel memory per flow: $per bytes ($((m1 - m0)) kB for $N flows)"
echo "$per" >"${CVSW_RESULTS:-/tmp}/bytes-per-flow.txt"
ping_ok $NS1 $IP4_B >/dev/null && ok "traffic still flows with $N flows" || ko "ping with $N flows"

teardown
driver_unload || fail "rmmod $(driver_module) with $N flows installed"
ok "rmmod with $N flows installed"
m2=$(mem)
k2=$(kmem)
# Everything the flows took must be back. Free memory is a noisy gauge
# (page allocator caches; unloading also frees the rx buffers): allow 8 MiB,
# half of what the flows take. The slab/per-CPU/vmalloc check below is the
# precise one.
[ $((m2 - m0)) -lt 8192 ] && ok "memory back after rmmod (delta $((m2 - m0)) kB vs before the flows)" ||
	ko "memory not back after rmmod: $((m2 - m0)) kB more than before the flows"
# (per-CPU chunks and lazily purged vmalloc areas may stay a while: 4 MiB,
# where a leak of the flows would be over 20 MiB)
[ $((k2 - k0)) -lt 4096 ] && ok "slab+percpu+vmalloc back after rmmod (delta $((k2 - k0)) kB)" ||
	ko "slab+percpu+vmalloc not back after rmmod: $((k2 - k0)) kB"
dmesg_check || ko "splat after rmmod"

# A million flows: the dump must continue across messages to the end, and
# rmmod must free them all without a splat.
driver_load || fail "reloading the driver"
setup_pair
in1 "$SH" -c "flow add-batch $IF_A $W/big" | sed 's/^/# /' || ko "installing $BIG flows"
dumped=$(in1 "$SH" -c "flow dump $IF_A" | sort -u | wc -l)
[ "$dumped" = "$BIG" ] && ok "dump of $BIG flows returned each once" || ko "dump returned $dumped distinct flows, want $BIG"
sel=$(in1 "$SH" -c "flow dump $IF_A udp,tp_dst=7" | wc -l)
want=$(grep -c 'tp_dst=7,' $W/big)
[ "$sel" = "$want" ] && ok "filtered dump: $sel flows with tp_dst=7" || ko "filtered dump: $sel, want $want"
teardown
driver_unload || fail "rmmod $(driver_module) with $BIG flows installed"
ok "rmmod with $BIG flows installed"
dmesg_check || ko "splat after rmmod"
rm -rf $W

# The capacity: a small table is full at its size.
# The runner's snapshot of the module under test (driver_load's), not the
# checkout's file: a rebuild during the run, or a module built for another
# kernel (--kernel debug), must not be what loads here.
insmod "${CVSW_KO:-$CVSW_REPO/kmod/cvsw_net.ko}" max_flows=5 || fail "insmod max_flows=5"
wait_for 30 both_nics || fail "NICs did not come back"
setup_pair
in1 /usr/bin/python3 - "$D" <<'PYEOF' || TEST_RC=$KSFT_FAIL
import os, sys
sys.path.insert(0, sys.argv[1])
from dptest import *
from dpshell import Shell
dp = Shell(os.environ["IF_A"])
dp.add_all(udp_match(100 + i, "actions=drop", 10) for i in range(5))
expect_error(lambda: dp.add(udp_match(200, "actions=drop", 10)), "table full", "6th flow in a 5-flow table")
dp.mod(udp_match(100, "actions=output:2", 10), strict=True)
ok("modify of an existing flow works in a full table")
check(len(dp.flows()) == 5, "still 5 flows")
done()
PYEOF
teardown
driver_unload || ko "rmmod"
driver_load || fail "reloading the driver"
wait_for 30 both_nics || fail "NICs did not come back after reload"
