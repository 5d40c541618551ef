#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build, once, the debug guest kernel of `selftests/run.sh --kernel debug`:
# Debian's linux-source of the host kernel's series, x86_64 defconfig merged
# with selftests/kernel/debug.config (KASAN, lockdep, kmemleak,
# debugobjects, fault injection; everything the guest needs built in).
#
# Usage: tools/debug-kernel.sh [--config-only] [--force]
#   --config-only   unpack, configure and check the .config; no compile
#   --force         build again even if the cache has this kernel (or a
#                   half-done build: without it, one cut off carries on)
# Prints the kernel's cache directory on stdout (progress on stderr):
#   DIR/bzImage     the kernel to boot
#   DIR/build       its O= build tree, for `make -C DIR/build M=...`
#                   (with DIR/src, the sources it needs)
#   DIR/modroot     INSTALL_MOD_PATH: lib/modules/RELEASE with its few =m
#                   modules, modules.builtin and depmod's files
#   DIR/release     the kernel release string
#   DIR/info        versions, build time, sizes; DIR/build.log the build
# DIR is $CVSW_DEBUG_KERNEL_CACHE/KEY (default /var/cache/cvsw/debug-kernel),
# KEY a hash of the fragment, this script's build recipe (the functions
# below), the linux-source package version and the gcc version: a second
# run with the same inputs prints DIR at once.
# CVSW_DEBUG_KERNEL_JOBS sets make -j (default 2); the compile runs under
# nice -n 19.
set -eu
SELF=$(readlink -f "$0")
REPO=$(cd "$(dirname "$SELF")/.." && pwd)
FRAG=${CVSW_DEBUG_KERNEL_CONFIG:-$REPO/selftests/kernel/debug.config}
CACHE=${CVSW_DEBUG_KERNEL_CACHE:-/var/cache/cvsw/debug-kernel}
JOBS=${CVSW_DEBUG_KERNEL_JOBS:-2}
CONFIG_ONLY=0
FORCE=0

log() { echo "debug-kernel: $*" >&2; }
die() { log "$*"; exit 1; }

while [ $# -gt 0 ]; do
	case "$1" in
	--config-only) CONFIG_ONLY=1 ;;
	--force) FORCE=1 ;;
	-h|--help) sed -n '3,26p' "$SELF" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) die "unknown argument $1" ;;
	esac
	shift
done
[ "$(uname -m)" = x86_64 ] || die "builds an x86_64 guest kernel; this is $(uname -m)"
[ -f "$FRAG" ] || die "no config fragment $FRAG"

# ---------------------------------------------------------------- packages
# The host's kernel series: the guest runs the same userspace, and the
# module is developed against it.
series=$(dpkg-query -W -f='${Version}' linux-headers-amd64 2>/dev/null || true)
[ -n "$series" ] || series=$("$REPO/kmod/find-kdir.sh" --boot-kver 2>/dev/null || true)
series=$(echo "$series" | sed -n 's/^\([0-9][0-9]*\.[0-9][0-9]*\).*/\1/p')
[ -n "$series" ] || die "cannot tell the host kernel's series (install linux-headers-amd64)"
SRCPKG=linux-source-$series
pkg_ok() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
need=""
for p in $SRCPKG bc flex bison libelf-dev libssl-dev dwarves make gcc libc6-dev \
	 cpio kmod xz-utils; do
	pkg_ok "$p" || need="$need $p"
done
if [ -n "$need" ]; then
	[ "$(id -u)" = 0 ] || die "missing packages:$need (run as root to install them)"
	log "installing:$need"
	export DEBIAN_FRONTEND=noninteractive
	# shellcheck disable=SC2086
	apt-get install -y -o DPkg::Lock::Timeout=900 $need >&2 ||
		{ apt-get update -o DPkg::Lock::Timeout=900 >&2 &&
		  apt-get install -y -o DPkg::Lock::Timeout=900 $need >&2; } ||
		die "apt-get install$need failed"
fi
TARBALL=/usr/src/$SRCPKG.tar.xz
[ -f "$TARBALL" ] || die "$SRCPKG is installed but $TARBALL is missing"
SRCVER=$(dpkg-query -W -f='${Version}' "$SRCPKG")

# ------------------------------------------------------------ the recipe
# Everything that decides what is built lives in these functions: their
# text is part of the cache key (declare -f drops the comments). They are
# called as `f || die`, where set -e does not apply: each step is chained.

# unpack DIR: the tarball into DIR/src
unpack() {
	mkdir -p "$1/src" &&
	tar -C "$1/src" -xJf "$TARBALL" --strip-components=1
}

# configure DIR: defconfig, then the fragment merged with kconfig's own tool
configure_tree() {
	cp "$FRAG" "$1/debug.config" &&
	make -s -C "$1/src" O="$1/build" defconfig &&
	(cd "$1/src" && scripts/kconfig/merge_config.sh -O "$1/build" \
		"$1/build/.config" "$1/debug.config")
}

# check_config CONFIG FRAGMENT: every line of the fragment made it (kconfig
# silently drops what a dependency forbids)
check_config() {
	local l s bad=0
	while IFS= read -r l; do
		grep -qxF -- "$l" "$1" && continue
		log "not in .config: $l (it has: $(grep -E "^(# )?${l%%=*}[= ]" "$1" || echo nothing))"
		bad=1
	done < <(grep -E '^CONFIG_[A-Za-z0-9_]+=' "$2")
	while IFS= read -r s; do
		grep -q "^$s=" "$1" || continue
		log "still set in .config: $(grep "^$s=" "$1")"
		bad=1
	done < <(sed -n 's/^# \(CONFIG_[A-Za-z0-9_]*\) is not set$/\1/p' "$2")
	return $bad
}

# build DIR: kernel and modules; the modules tree the guest links in
build_tree() {
	nice -n 19 make -C "$1/src" O="$1/build" -j"$JOBS" all &&
	make -C "$1/src" O="$1/build" INSTALL_MOD_PATH="$1/modroot" \
		INSTALL_MOD_STRIP=1 modules_install &&
	cp "$1/build/arch/x86/boot/bzImage" "$1/bzImage" &&
	make -s -C "$1/src" O="$1/build" kernelrelease >"$1/release" &&
	grep -qx '[0-9][0-9.]*[-+._a-z0-9]*' "$1/release"
}

# prune DIR: keep what `make -C DIR/build M=...` needs (as Debian's headers
# packages do: no objects outside the host tools, no kernel .c sources)
prune_tree() {
	find "$1/build" \( -path "$1/build/scripts" -o -path "$1/build/tools" \) -prune -o \
		\( -name '*.o' -o -name '*.a' -o -name '.*.cmd' -o -name '*.mod.c' \) \
		-type f -print0 | xargs -0 rm -f &&
	find "$1/src" \( -path "$1/src/scripts" -o -path "$1/src/tools" \) -prune -o \
		-name '*.c' -type f -print0 | xargs -0 rm -f &&
	rm -rf "$1/src/Documentation"
}

# selftest DIR: an out-of-tree module builds against the pruned tree
selftest_tree() {
	local m="$1/.selftest"
	mkdir -p "$m" &&
	printf '#include <linux/module.h>\nMODULE_LICENSE("GPL");\n' >"$m/t.c" &&
	echo 'obj-m := t.o' >"$m/Kbuild" &&
	make -C "$1/build" M="$m" modules &&
	modinfo -F vermagic "$m/t.ko" | grep -q "^$(cat "$1/release") " &&
	rm -rf "$m"
}

# ---------------------------------------------------------------- the key
key=$({
	echo "fragment:"
	grep -E '^(CONFIG_|# CONFIG_[A-Za-z0-9_]* is not set$)' "$FRAG"
	echo "recipe:"
	declare -f unpack configure_tree check_config build_tree prune_tree selftest_tree
	echo "source: $SRCPKG $SRCVER"
	echo "gcc: $(gcc --version | head -n 1)"
} | sha256sum | cut -c1-16)
DIR=$CACHE/$key
# --config-only works beside the cached kernel, never on it.
[ "$CONFIG_ONLY" = 0 ] || DIR=$DIR-config

mkdir -p "$CACHE" || die "cannot create $CACHE"
# One build per key at a time: a second caller waits for the first's result.
exec 7>>"$DIR.lock" || die "cannot create $DIR.lock"
if ! flock -n 7; then
	log "another build of $key is running; waiting for it"
	flock -w 14400 7 || die "gave up waiting for $DIR.lock"
fi

if [ -f "$DIR/.done" ] && [ "$FORCE" = 0 ] && [ "$CONFIG_ONLY" = 0 ]; then
	log "cached: $(cat "$DIR/release") in $DIR"
	echo "$DIR"
	exit 0
fi

# A directory without .done is a build that stopped half way (an hour's
# compile cut off): the same key means the same sources and config, so make
# carries on from the objects it has. The newest few go first, in case a
# killed compiler left one half written. --force starts over.
if [ "$FORCE" = 0 ] && [ "$CONFIG_ONLY" = 0 ] && [ -f "$DIR/build/.config" ] &&
	[ -f "$DIR/src/Makefile" ] && check_config "$DIR/build/.config" "$FRAG" 2>/dev/null; then
	resumed=$(find "$DIR/build" -name '*.o' | wc -l)
	find "$DIR/build" -name '*.o' -printf '%T@ %p\n' | sort -n | tail -n $((JOBS * 2)) |
		cut -d' ' -f2- | xargs -r rm -f
	log "resuming the build stopped half way in $DIR ($resumed objects built)"
	mv -f "$DIR/build.log" "$DIR/build.log.1" 2>/dev/null || :
else
	rm -rf "$DIR"
	mkdir -p "$DIR"
	log "$SRCPKG $SRCVER, $(gcc --version | head -n 1), fragment $FRAG -> $DIR"
	log "unpacking $TARBALL"
	unpack "$DIR" || die "unpacking $TARBALL failed"
	log "configuring (x86_64 defconfig + $(basename "$FRAG"))"
	configure_tree "$DIR" >"$DIR/config.log" 2>&1 ||
		{ tail -n 20 "$DIR/config.log" >&2; die "configuring failed (log: $DIR/config.log)"; }
fi
check_config "$DIR/build/.config" "$FRAG" ||
	die "options of $FRAG are missing from $DIR/build/.config (see above; log: $DIR/config.log)"
log "config: $(grep -c '=y$' "$DIR/build/.config") built in, $(grep -c '=m$' "$DIR/build/.config") modules; every option of the fragment is set"
if [ "$CONFIG_ONLY" = 1 ]; then
	log "--config-only: $DIR/build/.config (not built)"
	echo "$DIR"
	exit 0
fi

log "building with make -j$JOBS under nice (log: $DIR/build.log); $(date -u +%H:%M:%S) UTC"
t0=$(date +%s)
build_tree "$DIR" >"$DIR/build.log" 2>&1 ||
	{ tail -n 30 "$DIR/build.log" >&2; die "build failed (log: $DIR/build.log)"; }
t1=$(date +%s)
built_bytes=$(du -sb "$DIR" | cut -f1)
prune_tree "$DIR" >>"$DIR/build.log" 2>&1 || die "pruning the tree failed"
selftest_tree "$DIR" >>"$DIR/build.log" 2>&1 ||
	{ tail -n 20 "$DIR/build.log" >&2; die "an out-of-tree module does not build against $DIR/build"; }

REL=$(cat "$DIR/release")
size() { du -sb "$1" | cut -f1; }
cat >"$DIR/info" <<EOF
release=$REL
source=$SRCPKG $SRCVER
gcc=$(gcc --version | head -n 1)
fragment=$FRAG
built=$(date -u +%Y-%m-%dT%H:%M:%SZ)
build_seconds=$((t1 - t0))
resumed_with_objects=${resumed:-0}
jobs=$JOBS
host_cpus=$(nproc)
config_y=$(grep -c '=y$' "$DIR/build/.config")
config_m=$(grep -c '=m$' "$DIR/build/.config")
bzimage_bytes=$(size "$DIR/bzImage")
vmlinux_bytes=$(size "$DIR/build/vmlinux")
tree_bytes_before_prune=$built_bytes
build_bytes=$(size "$DIR/build")
src_bytes=$(size "$DIR/src")
modroot_bytes=$(size "$DIR/modroot")
cache_bytes=$(size "$DIR")
EOF
touch "$DIR/.done"
log "built $REL in $((t1 - t0))s: bzImage $(du -h "$DIR/bzImage" | cut -f1), cache $(du -sh "$DIR" | cut -f1)"
log "release $REL"
echo "$DIR"
