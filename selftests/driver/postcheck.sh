#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Runs last in every guest run: unloads the driver under test and checks that
# it let go of everything (netdevs gone, its own refcount was 0, the virtio
# core modules' refcounts are back to their values before it was loaded),
# runs a kmemleak scan when the kernel has kmemleak, and scans the kernel log
# of the whole boot for Oops/WARNING/BUG/Call Trace/... splats.
. "$(dirname "$0")/lib.sh"
DMESG_START=0   # the whole boot's log
test_init
mod=$(driver_module)

ref=$(cat /sys/module/$mod/refcnt 2>/dev/null)
if [ "$ref" = 0 ]; then ok "$mod refcnt 0 before unload"; else ko "$mod refcnt '$ref' before unload"; fi
if timeout 60 rmmod "$mod"; then ok "rmmod $mod"; else ko "rmmod $mod failed"; fi
if wait_for 10 sh -c "! [ -d /sys/module/$mod ]"; then ok "$mod unloaded"; else ko "$mod still in /sys/module"; fi
for mac in "$CVSW_MAC_A" "$CVSW_MAC_B"; do
	if grep -qx "$mac" /sys/class/net/*/address 2>/dev/null; then ko "netdev $mac still exists after rmmod"; fi
done
n=$(ls -d /sys/bus/virtio/devices/virtio*/driver 2>/dev/null | while read -r d; do basename "$(readlink -f "$d")"; done | grep -c "^$mod$")
[ "$n" = 0 ] && ok "no virtio device bound to $mod" || ko "$n virtio devices still bound to $mod"
if [ -r /run/cvsw-refcnt-before ]; then
	while read -r m before; do
		now=$(cat /sys/module/$m/refcnt 2>/dev/null)
		if [ "$now" = "$before" ]; then ok "$m refcnt back to $before"; else ko "$m refcnt $now, was $before before $mod was loaded"; fi
	done </run/cvsw-refcnt-before
fi
if [ -w /sys/kernel/debug/kmemleak ]; then
	echo scan >/sys/kernel/debug/kmemleak; sleep 5; echo scan >/sys/kernel/debug/kmemleak
	leaks=$(cat /sys/kernel/debug/kmemleak)
	if [ -n "$leaks" ]; then ko "kmemleak reports leaks"; echo "$leaks" | head -40 | sed 's/^/#   /'; else ok "kmemleak: no leaks"; fi
else
	log "kernel has no kmemleak; relying on the refcount checks"
fi
dmesg_check && ok "kernel log of the whole boot has no splats"
exit $TEST_RC
