#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# CVSW guest test runner.
#
# Boots the newest installed Debian kernel under qemu-system-x86_64 -accel tcg
# with the host's root file system shared read-only over 9p (plus a tmpfs
# overlay in the guest), two modern multiqueue virtio-net-pci NICs on taps
# bridged in a private network namespace, a virtio-serial port relayed to the
# QEMU monitor, and runs the driver selftests (selftests/driver/*.sh) with the
# kernel's own kselftest runner, extracted from Debian's linux-source package.
#
# Usage: selftests/run.sh [options] [TEST...]
#   --driver cvsw_net|virtio_net   driver under test (default cvsw_net)
#   --kernel debian|debug          guest kernel (default debian: the newest
#                                  installed Debian kernel; debug: KASAN,
#                                  lockdep, kmemleak... built once and cached
#                                  by tools/debug-kernel.sh, the module built
#                                  for it in selftests/build/kmod-<release>/,
#                                  pkg/ tests left out unless named)
#   --timeout S                    bound for the whole guest run (default 1500,
#                                  plus 300 per tunnel/ test and the
#                                  --test-timeout per pkg/ test selected;
#                                  all times 4 with --kernel debug)
#   --test-timeout S               per-test kselftest timeout (default 240;
#                                  960 with --kernel debug)
#   --no-build / --build           skip / force `make -C kmod` (default: build
#                                  in cvsw_net mode only)
#   --out DIR                      results dir (default
#                                  selftests/build/out-<driver>[-debug])
#   --list                         list the tests and exit
#   --keep                         keep the network namespace + run dir (debug)
#   --guest-cmd PATH               run PATH in the guest instead of the tests
#                                  (used by bench/driver/run.sh)
#   --nic-variant modern|legacy    NICs QEMU gives the guest (default modern:
#                                  virtio 1.0, mergeable buffers, every
#                                  offload); legacy: virtio 0.9.5 only, no
#                                  ANY_LAYOUT, no mergeable rx buffers
# TEST is a test name (ping, iperf, ...) or a file name (ping.sh).
# Exit status: 0 when every test passed (skips allowed), 1 otherwise.
# The last line printed is exactly "N passed, N failed, N skipped".

# The whole script is one { } block so bash parses it before running: editing
# this file while a run is in progress cannot break that run.
{
set -u
SELF_DIR=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$SELF_DIR/.." && pwd)
BUILD="${CVSW_SELFTEST_BUILD:-$SELF_DIR/build}"
DRIVER=cvsw_net
KERNEL=debian
TIMEOUT=
TEST_TIMEOUT=
BUILD_MODE=auto
OUT=
KEEP=0
GUEST_CMD=
TESTS=()

# MACs and QEMU ids of the two NICs; the guest tests find them by MAC.
MAC_A=52:54:00:c5:00:0a
MAC_B=52:54:00:c5:00:0b
NIC_VARIANT=modern
NIC_COMMON="mq=on,vectors=6,ctrl_vq=on,csum=on,guest_csum=on,gso=on,host_tso4=on,host_tso6=on,host_ecn=on,guest_tso4=on,guest_tso6=on,guest_ecn=on,status=on,ctrl_rx=on,ctrl_vlan=on,rx_queue_size=256,tx_queue_size=256"
HOST_MTU=9216

die() { echo "run.sh: $*" >&2; exit 1; }
log() { echo "run.sh: $*" >&2; }

# Tests: selftests/driver/<name>.sh (shell) and <name>.c (C, kselftest_harness.h),
# the "driver" collection; selftests/dp/<name>.sh, the "dp" collection (the
# datapath and its control plane), named dp/<name>; selftests/tunnel/<name>.sh,
# the "tunnel" collection (tunnel ports against Linux's tunnel devices),
# named tunnel/<name>; selftests/agent/<name>.sh, the "agent" collection
# (cvsw-ofagent against OpenFlow controllers), named agent/<name>;
# selftests/pkg/<name>.sh, the "pkg" collection (the built Debian packages
# installed, upgraded and purged), named pkg/<name>. Collections run in this
# order; pkg last, as it unloads and restores the module under test.
COLLECTIONS="dp tunnel agent pkg"
# Is $1 a name in a collection (COLLECTION/NAME)?
in_collection() {
	case "$1" in */*) ;; *) return 1 ;; esac
	case " $COLLECTIONS " in *" ${1%%/*} "*) return 0 ;; esac
	return 1
}
list_tests() {
	local f c
	for f in "$SELF_DIR"/driver/*.sh "$SELF_DIR"/driver/*.c; do
		[ -e "$f" ] || continue
		f=$(basename "$f"); f=${f%.sh}; f=${f%.c}
		case "$f" in lib|postcheck) continue ;; esac
		echo "$f"
	done | sort -u
	for c in $COLLECTIONS; do
		for f in "$SELF_DIR"/$c/*.sh; do
			[ -e "$f" ] || continue
			f=$(basename "$f" .sh)
			case "$f" in lib*) continue ;; esac
			echo "$c/$f"
		done
	done
}
# test name -> collection:file in the kselftest install
test_file() {
	if in_collection "$1"; then
		echo "${1%%/*}:${1#*/}.sh"
	elif [ -f "$SELF_DIR/driver/$1.c" ]; then
		echo "driver:$1"
	else
		echo "driver:$1.sh"
	fi
}
test_exists() {
	if in_collection "$1"; then
		case "${1#*/}" in lib*) return 1 ;; esac
		[ -f "$SELF_DIR/$1.sh" ]
		return
	fi
	case "$1" in
	*/*|lib) return 1 ;;
	*) [ -f "$SELF_DIR/driver/$1.sh" ] || [ -f "$SELF_DIR/driver/$1.c" ] ;;
	esac
}

# Tests run in this order (hotunplug last: it removes a NIC); anything else
# found in selftests/driver/ runs before rmmod/hotunplug in name order.
ordered_tests() {
	local fixed="bind link ethtool_ioctl ping iperf offloads mtu multiqueue ethtool_params carrier"
	local tail="rmmod hotunplug"
	local all t out=""
	all=$(list_tests)
	for t in $fixed; do echo "$all" | grep -qx "$t" && out="$out $t"; done
	for t in $all; do
		case " $fixed $tail " in *" $t "*) continue ;; esac
		# The collections test cvsw_net's datapath and packages: not
		# run by default against virtio_net (name them to force it).
		in_collection "$t" && [ "$DRIVER" = virtio_net ] && continue
		# pkg/ installs DKMS builds made for the Debian kernel.
		case "$t" in pkg/*) [ "$KERNEL" = debug ] && continue ;; esac
		out="$out $t"
	done
	for t in $tail; do echo "$all" | grep -qx "$t" && out="$out $t"; done
	echo $out
}

while [ $# -gt 0 ]; do
	case "$1" in
	--driver) DRIVER=$2; shift 2 ;;
	--driver=*) DRIVER=${1#*=}; shift ;;
	--kernel) KERNEL=$2; shift 2 ;;
	--kernel=*) KERNEL=${1#*=}; shift ;;
	--timeout) TIMEOUT=$2; shift 2 ;;
	--timeout=*) TIMEOUT=${1#*=}; shift ;;
	--test-timeout) TEST_TIMEOUT=$2; shift 2 ;;
	--no-build) BUILD_MODE=no; shift ;;
	--build) BUILD_MODE=yes; shift ;;
	--out) OUT=$2; shift 2 ;;
	--keep) KEEP=1; shift ;;
	--guest-cmd) GUEST_CMD=$(realpath "$2"); shift 2 ;;
	--nic-variant) NIC_VARIANT=$2; shift 2 ;;
	--list) list_tests; exit 0 ;;
	-h|--help) sed -n '3,41p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	-*) die "unknown option $1" ;;
	*) TESTS+=("${1%.sh}"); shift ;;
	esac
done

case "$DRIVER" in cvsw_net|virtio_net) ;; *) die "--driver must be cvsw_net or virtio_net" ;; esac
# The debug kernel runs everything several times slower under TCG (KASAN's
# checks on every access, lockdep on every lock): every bound times SLOW.
# A bound too long only delays the verdict on a hung guest, one too short
# fails a good driver, so 4, above the 2-3 such kernels usually cost
# (not yet measured here: docs/reliability.md).
case "$KERNEL" in
debian) SLOW=1 ;;
debug) SLOW=4 ;;
*) die "--kernel must be debian or debug" ;;
esac
[ -n "$TEST_TIMEOUT" ] || TEST_TIMEOUT=$((240 * SLOW))
case "$NIC_VARIANT" in
modern) NIC_OPTS="disable-legacy=on,mrg_rxbuf=on,$NIC_COMMON" ;;
# A transitional device driven through its legacy interface: the header gets
# a descriptor of its own on transmit, every rx buffer holds a whole frame.
legacy) NIC_OPTS="disable-legacy=off,disable-modern=on,any_layout=off,mrg_rxbuf=off,$NIC_COMMON" ;;
*) die "--nic-variant must be modern or legacy" ;;
esac
[ "$(id -u)" = 0 ] || die "must run as root (network namespaces, taps)"
[ -n "$OUT" ] || OUT="$BUILD/out-$DRIVER$([ $NIC_VARIANT = modern ] || echo -$NIC_VARIANT)$([ $KERNEL = debian ] || echo -$KERNEL)"
# The guest reads the results dir (and the module copy) by this path.
OUT=$(realpath -m "$OUT")

# Test selection.
if [ ${#TESTS[@]} -eq 0 ]; then
	SEL=$(ordered_tests)
else
	SEL=""
	for t in "${TESTS[@]}"; do
		test_exists "$t" || die "no such test '$t' (see --list)"
		SEL="$SEL $t"
	done
fi
# The tunnel tests boot no faster but carry traffic through five kinds of
# tunnel, some with timeouts to wait for: each gets its own share. A pkg
# test runs dpkg three times and DKMS's depmod four, minutes each under TCG: a
# whole test's share.
if [ -z "$TIMEOUT" ]; then
	TIMEOUT=1500
	for t in $SEL; do
		case "$t" in
		tunnel/*) TIMEOUT=$((TIMEOUT + 300)) ;;
		pkg/*) TIMEOUT=$((TIMEOUT + TEST_TIMEOUT / SLOW)) ;;
		esac
	done
	TIMEOUT=$((TIMEOUT * SLOW))
fi
# ---------------------------------------------------------------- 1. packages
# command -> Debian package
REQ="qemu-system-x86_64:qemu-system-x86 gcc:gcc iperf3:iperf3 ethtool:ethtool
ping:iputils-ping cpio:cpio xz:xz-utils zstd:zstd ip:iproute2 tc:iproute2
python3:python3 perl:perl-base timeout:coreutils taskset:util-linux
modprobe:kmod modinfo:kmod gzip:gzip make:make"
need_pkgs=""
for r in $REQ; do
	cmd=${r%%:*}; pkg=${r#*:}
	command -v "$cmd" >/dev/null 2>&1 || need_pkgs="$need_pkgs $pkg"
done
pkg_ok() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
for pkg in busybox-static linux-image-amd64 linux-headers-amd64 linux-source; do
	pkg_ok "$pkg" || need_pkgs="$need_pkgs $pkg"
done
if [ -n "$need_pkgs" ]; then
	need_pkgs=$(echo $need_pkgs | tr ' ' '\n' | sort -u | tr '\n' ' ')
	log "installing:$need_pkgs"
	export DEBIAN_FRONTEND=noninteractive
	if ! apt-get install -y -o DPkg::Lock::Timeout=900 $need_pkgs; then
		apt-get update -o DPkg::Lock::Timeout=900 &&
		apt-get install -y -o DPkg::Lock::Timeout=900 $need_pkgs ||
		die "apt-get install$need_pkgs failed"
	fi
fi
BUSYBOX=/bin/busybox
file -L "$BUSYBOX" 2>/dev/null | grep -q 'statically linked' ||
	{ [ -x /usr/bin/busybox ] && BUSYBOX=/usr/bin/busybox; }

# ------------------------------------------------------------ 2. kernel pick
# The module under test: kmod/'s own build for the Debian kernel; for the
# debug kernel a build in a copy of kmod/ (KO_DIR), so that kmod/cvsw_net.ko
# stays the Debian kernel's and a later normal run finds it as it was.
KO=$REPO/kmod/cvsw_net.ko
KO_DIR=
KMODS=
MODROOT=/
if [ "$KERNEL" = debug ]; then
	# Built once (long: docs/reliability.md), then cached: prints the cache dir.
	DK=$("$REPO/tools/debug-kernel.sh") || die "tools/debug-kernel.sh failed"
	KVER=$(cat "$DK/release") && [ -n "$KVER" ] || die "no release in $DK"
	KIMG=$DK/bzImage
	KDIR=$DK/build
	# Its modules tree: for the initramfs, and linked into the guest's
	# /lib/modules (guest-init.sh) so modprobe finds virtio_net and the
	# built-in modules.
	MODROOT=$DK/modroot
	KMODS=$MODROOT/lib/modules/$KVER
	KO_DIR=$BUILD/kmod-$KVER
	KO=$KO_DIR/cvsw_net.ko
else
	# kmod/find-kdir.sh's rule: newest /boot/vmlinuz-* with a build dir.
	KVER=$("$REPO/kmod/find-kdir.sh" --boot-kver) ||
		die "no /boot/vmlinuz-* with /lib/modules/<ver>/build (install linux-image-amd64 linux-headers-amd64)"
	KIMG=/boot/vmlinuz-$KVER
	if [ -x "$REPO/kmod/find-kdir.sh" ]; then
		kd=$("$REPO/kmod/find-kdir.sh" 2>/dev/null || true)
		[ "$kd" = "/lib/modules/$KVER/build" ] || log "warning: kmod/find-kdir.sh picks '$kd', booting $KVER"
	fi
fi

# ------------------------------------------------------------ 3. module build
if [ "$BUILD_MODE" = auto ]; then
	[ "$DRIVER" = cvsw_net ] && BUILD_MODE=yes || BUILD_MODE=no
fi
if [ "$BUILD_MODE" = yes ] && [ -z "$GUEST_CMD" ] && [ -n "$KO_DIR" ]; then
	log "building kmod for $KVER in $KO_DIR (make -C $KO_DIR KDIR=$KDIR)"
	mkdir -p "$KO_DIR"
	# One build of the copy at a time (concurrent debug runs).
	exec 6>>"$KO_DIR.lock" && flock -w 900 6 || die "cannot lock $KO_DIR.lock"
	# kmod/'s sources without kbuild's outputs, mtimes kept: make then
	# rebuilds what changed, and kbuild's .cmd files what changed flags.
	tar -C "$REPO/kmod" --exclude='*.o' --exclude='*.ko' --exclude='.*.cmd' \
		--exclude='*.mod' --exclude='*.mod.c' --exclude=Module.symvers \
		--exclude=modules.order -cf - . | tar -C "$KO_DIR" -xf - ||
		die "copying kmod/ to $KO_DIR failed"
	make -C "$KO_DIR" KDIR="$KDIR" >"$BUILD/kmod-build-$KVER.log" 2>&1 ||
		{ tail -30 "$BUILD/kmod-build-$KVER.log"; die "building kmod for $KVER failed (log: $BUILD/kmod-build-$KVER.log)"; }
	flock -u 6
elif [ "$BUILD_MODE" = yes ] && [ -z "$GUEST_CMD" ]; then
	log "building kmod (make -C kmod)"
	mkdir -p "$BUILD"
	make -C "$REPO/kmod" >"$BUILD/kmod-build.log" 2>&1 ||
		{ tail -30 "$BUILD/kmod-build.log"; die "make -C kmod failed (log: $BUILD/kmod-build.log)"; }
fi
if [ "$DRIVER" = cvsw_net ] && [ -z "$GUEST_CMD" ]; then
	[ -f "$KO" ] || die "$KO missing (build it$([ -z "$KO_DIR" ] || echo ": run without --no-build"), or use --driver virtio_net)"
	modinfo -F vermagic "$KO" | grep -q "^$KVER " ||
		die "$KO was not built for $KVER: $(modinfo -F vermagic "$KO")"
fi

mkdir -p "$BUILD" || die "cannot create $BUILD"

# Several runs may share this checkout (other engineers, bench): the results
# dir is locked for the whole run (another run using the same one gets
# <out>-<pid>), and the shared build steps below run under $BUILD/.lock.
mkdir -p "$(dirname "$OUT")"
exec 8>>"$OUT.lock" || die "cannot create $OUT.lock"
if ! flock -n 8; then
	OUT="$OUT-$$"
	log "results dir busy (another run), using $OUT"
	exec 8>>"$OUT.lock" && flock -n 8 || die "cannot lock $OUT.lock"
fi
rm -rf "$OUT"; mkdir -p "$OUT" || die "cannot create $OUT"
exec 9>>"$BUILD/.lock" && flock -w 600 9 || die "cannot lock $BUILD/.lock"

# --------------------------------------------- 4. kselftest framework (build)
KSFT_SRC=$(ls /usr/src/linux-source-*.tar.xz 2>/dev/null | sort -V | tail -1)
[ -n "$KSFT_SRC" ] || die "no /usr/src/linux-source-*.tar.xz"
KSFT_FW="$BUILD/kselftest-fw"
stamp="$KSFT_SRC $(stat -c %Y "$KSFT_SRC")"
if [ "$(cat "$KSFT_FW/.stamp" 2>/dev/null)" != "$stamp" ]; then
	log "extracting kselftest framework from $KSFT_SRC"
	rm -rf "$KSFT_FW"; mkdir -p "$KSFT_FW"
	top=$(basename "$KSFT_SRC" .tar.xz)
	p="$top/tools/testing/selftests"
	tar -C "$KSFT_FW" -xJf "$KSFT_SRC" --strip-components=4 \
		"$p/kselftest.h" "$p/kselftest_harness.h" "$p/run_kselftest.sh" \
		"$p/kselftest/runner.sh" "$p/kselftest/prefix.pl" "$p/kselftest/module.sh" ||
		die "extracting kselftest files failed"
	echo "$stamp" >"$KSFT_FW/.stamp"
fi

# Install: <install>/run_kselftest.sh, kselftest/, driver/ (our collection).
INST="$OUT/kselftest_install"
rm -rf "$INST"; mkdir -p "$INST/driver"
cp -a "$KSFT_FW/run_kselftest.sh" "$KSFT_FW/kselftest" "$INST/"
cp -a "$KSFT_FW/kselftest.h" "$KSFT_FW/kselftest_harness.h" "$INST/"
cp -a "$SELF_DIR"/driver/*.sh "$INST/driver/"
chmod +x "$INST"/driver/*.sh "$INST/run_kselftest.sh"
echo "timeout=$TEST_TIMEOUT" >"$INST/driver/settings"
for c in "$SELF_DIR"/driver/*.c; do
	[ -e "$c" ] || continue
	command -v gcc >/dev/null || { apt-get install -y -o DPkg::Lock::Timeout=900 gcc libc6-dev || die "no gcc"; }
	gcc -O2 -Wall -I"$INST" -o "$INST/driver/$(basename "$c" .c)" "$c" -lpthread ||
		die "compiling $c failed"
done
for c in $COLLECTIONS; do
	mkdir -p "$INST/$c"
	cp -a "$SELF_DIR"/$c/*.sh "$INST/$c/"
	chmod +x "$INST"/$c/*.sh
	echo "timeout=$TEST_TIMEOUT" >"$INST/$c/settings"
done
for t in $(list_tests) postcheck; do test_file $t; done >"$INST/kselftest-list.txt"

# postcheck (driver unload, refcounts, dmesg scan of the whole boot) always runs last.
SEL="$(echo $SEL) postcheck"
SEL_FILES=$(for t in $SEL; do test_file $t; done | tr '\n' ' ')

# ----------------------------------------------------------- 5. initramfs
INITRD="$BUILD/initramfs-$KVER.cpio.gz"
# A rebuilt debug kernel (new cache key, same release) may build in
# different modules: its initramfs is named after its cache dir.
[ "$KERNEL" = debian ] || INITRD="$BUILD/initramfs-$KVER-$(basename "$DK").cpio.gz"
if [ ! -s "$INITRD" ] || [ "$SELF_DIR/lib/mkinitramfs.sh" -nt "$INITRD" ] ||
   [ "$SELF_DIR/lib/init" -nt "$INITRD" ]; then
	log "building initramfs for $KVER"
	"$SELF_DIR/lib/mkinitramfs.sh" "$KVER" "$BUSYBOX" "$SELF_DIR/lib/init" "$INITRD" "$MODROOT" ||
		die "initramfs build failed"
fi

flock -u 9   # shared build steps done

# ------------------------------------------------------- 6. results dir/env
RUN=$(mktemp -d /tmp/cvsw-st.XXXXXX)
NS="cvsw-st-$$"
QEMU_PID=; RELAY_PID=; TAIL_PID=
cleanup() {
	[ -n "$TAIL_PID" ] && kill "$TAIL_PID" 2>/dev/null
	[ -n "$QEMU_PID" ] && kill "$QEMU_PID" 2>/dev/null && sleep 1 && kill -9 "$QEMU_PID" 2>/dev/null
	[ -n "$RELAY_PID" ] && kill "$RELAY_PID" 2>/dev/null
	if [ "$KEEP" = 0 ]; then
		ip netns del "$NS" 2>/dev/null
		rm -rf "$RUN"
	else
		log "kept netns $NS and $RUN"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

devadd() { # $1 = id, $2 = netdev, $3 = mac, $4 = pci addr
	echo "virtio-net-pci,id=$1,netdev=$2,mac=$3,bus=pci.0,addr=$4,$NIC_OPTS"
}
DEV_A=$(devadd net0 hn0 $MAC_A 0x4)
DEV_B=$(devadd net1 hn1 $MAC_B 0x5)

# Snapshot the module: the guest loads (and re-loads) this copy, so a rebuild
# of kmod/ during the run cannot change what is being tested.
KO_COPY=
if [ -f "$KO" ]; then
	cp "$KO" "$OUT/cvsw_net.ko" && KO_COPY="$OUT/cvsw_net.ko"
	log "cvsw_net.ko: $(modinfo -F srcversion "$OUT/cvsw_net.ko") built $(stat -c %y "$KO" | cut -d. -f1)"
fi
# The guest runs copies of its scripts (dash reads scripts while running them,
# so editing the checkout during a run must not affect the run).
cp "$SELF_DIR/lib/guest-init.sh" "$OUT/guest-init.sh" || die "copy guest-init.sh"
if [ -n "$GUEST_CMD" ]; then
	cp "$GUEST_CMD" "$OUT/guest-cmd.sh" || die "copy $GUEST_CMD"
	GUEST_CMD="$OUT/guest-cmd.sh"
fi
cat >"$OUT/guest.env" <<EOF
CVSW_REPO='$REPO'
CVSW_DRIVER='$DRIVER'
CVSW_TESTS='$SEL_FILES'
CVSW_KSFT_DIR='$INST'
CVSW_GUEST_CMD='$GUEST_CMD'
CVSW_KO='$KO_COPY'
CVSW_KERNEL='$KERNEL'
CVSW_SLOW='$SLOW'
CVSW_KMODS='$KMODS'
CVSW_MAC_A='$MAC_A'
CVSW_MAC_B='$MAC_B'
CVSW_QEMU_ID_A='net0'
CVSW_QEMU_ID_B='net1'
CVSW_DEVICE_ADD_A='$DEV_A'
CVSW_DEVICE_ADD_B='$DEV_B'
CVSW_HOST_MTU='$HOST_MTU'
CVSW_QUEUES='2'
CVSW_NIC_VARIANT='$NIC_VARIANT'
CVSW_RING_SIZE='256'
EOF
# Pass CVSW_BENCH_* settings (bench/driver/run.sh), NLSOAK_*, FRAMESOAK_*, OFSOAK_* and CHURN_* (the seed
# and count of the soaks, churn's length, to replay a run) through to the guest.
env | grep -E '^(CVSW_BENCH|NLSOAK|FRAMESOAK|OFSOAK|CHURN)_[A-Z_]+=[A-Za-z0-9._ -]*$' | sed "s/=\(.*\)/='\1'/" >>"$OUT/guest.env"

# ------------------------------------------- 7. network namespace with taps
ip netns add "$NS" || die "ip netns add failed"
nsx() { ip netns exec "$NS" "$@"; }
nsx ip link set lo up
nsx sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1 2>/dev/null
nsx ip link add br0 type bridge stp_state 0 forward_delay 0 || die "bridge create failed"
for t in tap0 tap1; do
	nsx ip tuntap add dev $t mode tap multi_queue || die "tap $t create failed"
	nsx ip link set $t mtu $HOST_MTU master br0 || die "tap $t setup failed"
	nsx ip link set $t up
done
nsx ip link set br0 mtu $HOST_MTU
nsx ip link set br0 up

# ------------------------------------------------------------- 8. boot QEMU
APPEND="console=ttyS0,115200 panic=-1 loglevel=7 no_hash_pointers"
APPEND="$APPEND cvsw.init=$OUT/guest-init.sh cvsw.results=results"
[ "$DRIVER" = cvsw_net ] && APPEND="$APPEND modprobe.blacklist=virtio_net"

QEMU=(qemu-system-x86_64 -M pc -accel tcg -cpu max -smp 2 -m 2048
	-nodefaults -no-user-config -display none -no-reboot
	-kernel "$KIMG" -initrd "$INITRD" -append "$APPEND"
	-chardev "file,id=con,path=$OUT/console.log" -serial chardev:con
	-virtfs "local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap,id=fsroot"
	-virtfs "local,path=$OUT,mount_tag=results,security_model=none,multidevs=remap,id=fsres"
	-netdev "tap,id=hn0,ifname=tap0,vhost=off,script=no,downscript=no,queues=2"
	-device "$DEV_A"
	-netdev "tap,id=hn1,ifname=tap1,vhost=off,script=no,downscript=no,queues=2"
	-device "$DEV_B"
	-device virtio-serial-pci,id=vser0,bus=pci.0,addr=0x6
	-chardev "socket,id=ctl,path=$RUN/ctl.sock,server=on,wait=off"
	-device virtserialport,bus=vser0.0,chardev=ctl,name=org.cvsw.ctl
	-qmp "unix:$RUN/qmp.sock,server=on,wait=off"
	-device virtio-rng-pci,bus=pci.0,addr=0x7
)
printf '%q ' ip netns exec "$NS" "${QEMU[@]}" >"$OUT/qemu-cmdline.txt"; echo >>"$OUT/qemu-cmdline.txt"
log "booting $KVER under TCG (driver $DRIVER, timeout ${TIMEOUT}s, tests:$(echo " $SEL"))"
START=$(date +%s)
( exec ip netns exec "$NS" "${QEMU[@]}" ) >"$OUT/qemu.log" 2>&1 &
QEMU_PID=$!

for i in $(seq 100); do
	[ -S "$RUN/ctl.sock" ] && [ -S "$RUN/qmp.sock" ] && break
	kill -0 $QEMU_PID 2>/dev/null || break
	sleep 0.1
done
if [ -S "$RUN/ctl.sock" ] && [ -S "$RUN/qmp.sock" ]; then
	/usr/bin/python3 "$SELF_DIR/lib/monrelay.py" "$RUN/ctl.sock" "$RUN/qmp.sock" "$OUT/monitor.log" &
	RELAY_PID=$!
else
	log "QEMU did not create its sockets"
fi

touch "$OUT/tap.txt"
tail -n +1 -F "$OUT/tap.txt" 2>/dev/null &
TAIL_PID=$!

timed_out=0
while kill -0 $QEMU_PID 2>/dev/null; do
	if [ $(( $(date +%s) - START )) -ge "$TIMEOUT" ]; then
		timed_out=1
		log "TIMEOUT: guest still running after ${TIMEOUT}s, killing QEMU"
		kill $QEMU_PID; sleep 2; kill -9 $QEMU_PID 2>/dev/null
		break
	fi
	sleep 1
done
wait $QEMU_PID 2>/dev/null; qemu_rc=$?
QEMU_PID=
sleep 0.5
kill $TAIL_PID 2>/dev/null; TAIL_PID=
ELAPSED=$(( $(date +%s) - START ))

# ------------------------------------------------------------- 9. verdict
pass=0; fail=0; skip=0
while IFS= read -r line; do
	case "$line" in
	"ok "*"# SKIP"*) skip=$((skip + 1)) ;;
	"ok "*) pass=$((pass + 1)) ;;
	"not ok "*) fail=$((fail + 1)) ;;
	esac
done < <(grep -E '^(not )?ok [0-9]+ ' "$OUT/tap.txt")
ran=$((pass + fail + skip))
want=$(echo $SEL | wc -w)
problems=""
if [ -n "$GUEST_CMD" ]; then
	want=0
	grep -q '^guest-cmd-rc=0$' "$OUT/guest-done" 2>/dev/null || problems="$problems guest-cmd"
fi
if [ "$ran" -lt "$want" ]; then
	fail=$((fail + want - ran))
	problems="$problems missing-results($((want - ran)))"
fi
[ "$timed_out" = 1 ] && problems="$problems timeout(${TIMEOUT}s)"
[ -f "$OUT/guest-done" ] || problems="$problems guest-did-not-finish"
# Kernel splats that reached the console (also catches a guest that died).
# The debug kernel's reports all carry WARNING: or BUG: too (KASAN,
# lockdep's circular locking and suspicious RCU usage, might_sleep), but are
# named so that a change of wording cannot hide them; ODEBUG: is
# debugobjects', "unreferenced object" the kmemleak report guest-init.sh
# prints at the end.
SPLAT='Oops|WARNING:|BUG:|Call Trace|general protection|kmemleak:.*suspected|Kernel panic|soft lockup|hung_task|blocked for more than|NETDEV WATCHDOG|UBSAN|KASAN|refcount_t:|list_(add|del) corruption'
SPLAT="$SPLAT|possible circular locking|possible recursive locking|inconsistent lock state|suspicious RCU usage|sleeping function called from invalid context|ODEBUG:|unreferenced object|turning off the locking correctness validator"
if grep -Eq "$SPLAT" "$OUT/console.log" 2>/dev/null; then
	problems="$problems kernel-splat-on-console"
	log "kernel splat on the guest console:"
	grep -En -B2 -A20 "$SPLAT" "$OUT/console.log" | head -60 >&2
fi
if [ -n "$problems" ]; then
	# Count a run-level problem as one failure unless already counted.
	case "$problems" in *missing-results*) ;; *) fail=$((fail + 1)) ;; esac
	log "run problems:$problems"
	[ -s "$OUT/qemu.log" ] && log "qemu: $(tail -n 5 "$OUT/qemu.log")"
	log "---- tail of guest console ($OUT/console.log) ----"
	tail -n 60 "$OUT/console.log" >&2
	log "---- end of console ----"
elif [ "$fail" -gt 0 ]; then
	log "---- tail of guest console ($OUT/console.log) ----"
	tail -n 30 "$OUT/console.log" >&2
fi
# Last, so that a log cut to its tail still says what failed: each failed
# test with its FAIL lines.
if [ "$fail" -gt 0 ]; then
	log "---- failed tests (details in $OUT/tap.txt) ----"
	awk '/^# selftests: / { n = 0 }
	     /^# # FAIL: / && n < 20 { f[++n] = $0 }
	     /^not ok [0-9]+ / { print; for (i = 1; i <= n; i++) print "  " f[i]; n = 0 }' \
		"$OUT/tap.txt" >&2
fi
log "guest run took ${ELAPSED}s (qemu rc $qemu_rc); results in $OUT"
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
exit
}
