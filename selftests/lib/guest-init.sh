#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# PID 1 of the CVSW selftest guest after switch_root into the host root
# (9p, read-only) + tmpfs overlay. Loads the driver under test, runs the
# selected driver selftests with the kernel's kselftest runner (TAP output to
# /cvsw-results/tap.txt and the console), records dmesg and powers off.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root TERM=dumb LC_ALL=C
R=/cvsw-results
# A private /tmp; but a tree checked out under the host's /tmp (a CI clone)
# must stay visible, so the host's /tmp is kept reachable and that tree is
# bound back in place.
REPO=$(sed -n "s/^CVSW_REPO='\(.*\)'$/\1/p" $R/guest.env)
mkdir -p /mnt/hosttmp
mount --bind /tmp /mnt/hosttmp
mount -t tmpfs -o mode=1777 tmpfs /tmp
case "$REPO" in
/tmp/*)	mkdir -p "$REPO" && mount --bind "/mnt/hosttmp/${REPO#/tmp/}" "$REPO" ;;
esac
mount -t tmpfs -o mode=755 tmpfs /run
mkdir -p /dev/pts /dev/shm /run/netns /var/run
mount -t devpts devpts /dev/pts 2>/dev/null
# devtmpfs has no /dev/std* links (udev makes them); kselftest's runner
# writes test output to /dev/stdout.
ln -sf /proc/self/fd /dev/fd
ln -sf /proc/self/fd/0 /dev/stdin
ln -sf /proc/self/fd/1 /dev/stdout
ln -sf /proc/self/fd/2 /dev/stderr
mount -t tmpfs tmpfs /dev/shm
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
mount -t cgroup2 cgroup2 /sys/fs/cgroup 2>/dev/null
hostname cvsw-guest
ip link set lo up

say() { echo "cvsw-guest: $*" | tee -a $R/guest.log >/dev/console; }
# Under a kernel with kmemleak (--kernel debug): a last scan once everything
# ran, twice 5 s apart (kmemleak skips objects younger than 5 s, and one scan
# may still find a stale pointer); its report goes to the console, where the
# runner fails the run on "unreferenced object" (the first 200 lines: the
# serial console is slow).
kmemleak_final() {
	[ -w /sys/kernel/debug/kmemleak ] || return 0
	say "kmemleak: final scan"
	echo scan >/sys/kernel/debug/kmemleak
	sleep 5
	echo scan >/sys/kernel/debug/kmemleak
	cat /sys/kernel/debug/kmemleak >$R/kmemleak.txt 2>&1
	if [ -s $R/kmemleak.txt ]; then
		say "kmemleak: leaks reported ($R/kmemleak.txt):"
		head -n 200 $R/kmemleak.txt >/dev/console
	else
		say "kmemleak: no leaks"
	fi
}
finish() {
	kmemleak_final
	dmesg >$R/dmesg.txt 2>&1
	echo "$1" >$R/guest-done
	sync
	say "powering off"
	echo o >/proc/sysrq-trigger
	# PID 1 must not exit (that panics), and once power-off has started
	# removing devices the 9p root may be gone, so wait with shell builtins only.
	while :; do :; done
}

set -a   # export everything guest.env defines to the tests
. $R/guest.env
set +a
export CVSW_RESULTS=$R
# A kernel from tools/debug-kernel.sh has its modules tree (its few =m
# modules, modules.builtin) beside it in the host's cache, not in the host's
# /lib/modules: link it in (the overlay is writable) so modprobe works.
kmods=${CVSW_KMODS:-}
case "$kmods" in /tmp/*) kmods=/mnt/hosttmp/${kmods#/tmp/} ;; esac
if [ -n "$kmods" ] && [ ! -e "/lib/modules/$(uname -r)" ]; then
	ln -s "$kmods" "/lib/modules/$(uname -r)"
fi
say "up: kernel $(uname -r), driver $CVSW_DRIVER, $(nproc) cpus"

# The monitor relay port (virtio-serial).
modprobe virtio_console || say "modprobe virtio_console failed"

# Load the driver under test. Record refcounts of the virtio core modules so
# postcheck can verify that unloading the driver gives every reference back.
for m in virtio virtio_ring virtio_pci; do
	[ -r /sys/module/$m/refcnt ] && echo "$m $(cat /sys/module/$m/refcnt)"
done >/run/cvsw-refcnt-before
. "$CVSW_REPO/selftests/driver/lib.sh"
if ! driver_load; then
	say "loading $CVSW_DRIVER failed"
fi

if [ -n "$CVSW_GUEST_CMD" ]; then
	say "running $CVSW_GUEST_CMD"
	{ sh "$CVSW_GUEST_CMD"; echo $? >/tmp/cvsw-guest-cmd-rc; } 2>&1 |
		tee $R/guest-cmd.log >/dev/console
	rc=$(cat /tmp/cvsw-guest-cmd-rc 2>/dev/null || echo 1)
	finish "guest-cmd-rc=$rc"
fi

cd "$CVSW_KSFT_DIR" || finish "no kselftest dir"
# run_kselftest.sh prints TAP; the runner applies the per-test timeout from
# <collection>/settings and maps exit code 4 to SKIP. It groups the selected
# tests by collection with `uniq`, so a selection "driver, dp, driver" would
# run the whole driver selection twice: call it once per run of consecutive
# tests of the same collection instead, which keeps the order exactly.
group=""; list=""
for t in $CVSW_TESTS; do
	c=${t%%:*}
	if [ -n "$list" ] && [ "$c" != "$group" ]; then
		say "running:$list"
		./run_kselftest.sh $list 2>&1 | tee -a $R/tap.txt >/dev/console
		list=""
	fi
	group=$c
	list="$list -t $t"
done
if [ -n "$list" ]; then
	say "running:$list"
	./run_kselftest.sh $list 2>&1 | tee -a $R/tap.txt >/dev/console
fi
finish "done"
