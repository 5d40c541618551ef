#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the tiny initramfs the selftest guest boots with:
#   mkinitramfs.sh KVER BUSYBOX INIT OUTPUT [MODROOT]
# Contents: a static busybox, the init script, and the modules needed to mount
# the host root over virtio-9p with a tmpfs overlay (virtio_pci, 9p, overlay
# and their dependencies as modprobe resolves them for KVER; built-in ones are
# skipped; .ko.xz/.ko.zst/.ko.gz are decompressed so busybox insmod loads them).
# MODROOT (default /) is where lib/modules/KVER is: a kernel built by
# tools/debug-kernel.sh has its modules tree beside it, and all four built in.
set -eu
KVER=$1 BUSYBOX=$2 INIT=$3 OUTPUT=$4 MODROOT=${5:-/}
MODS="virtio_pci 9pnet_virtio 9p overlay"
[ -d "$MODROOT/lib/modules/$KVER" ] || { echo "no $MODROOT/lib/modules/$KVER" >&2; exit 1; }
MODPROBE=(modprobe -S "$KVER")
[ "$MODROOT" = / ] || MODPROBE+=(-d "$MODROOT")
file -L "$BUSYBOX" | grep -q 'statically linked' ||
	{ echo "$BUSYBOX is not statically linked (install busybox-static)" >&2; exit 1; }

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
mkdir -p "$T"/{bin,dev,proc,sys,run,lower,upper,newroot,lib/modules}
cp "$BUSYBOX" "$T/bin/busybox"
ln -s busybox "$T/bin/sh"
cp "$INIT" "$T/init"
chmod 755 "$T/init"
mknod -m 600 "$T/dev/console" c 5 1
mknod -m 666 "$T/dev/null" c 1 3

: >"$T/lib/modules/load-order"
for m in $MODS; do
	deps=$("${MODPROBE[@]}" --show-depends "$m" 2>/dev/null) || {
		echo "mkinitramfs: module $m not found for $KVER (ignored)" >&2; continue; }
	echo "$deps" | while read -r kind path _; do
		[ "$kind" = insmod ] || continue          # "builtin <name>": nothing to load
		base=$(basename "$path")
		name=${base%%.ko*}.ko
		grep -qx "$name" "$T/lib/modules/load-order" && continue
		case "$path" in
		*.ko) cp "$path" "$T/lib/modules/$name" ;;
		*.ko.xz) xz -dc "$path" >"$T/lib/modules/$name" ;;
		*.ko.zst) zstd -qdc "$path" >"$T/lib/modules/$name" ;;
		*.ko.gz) gzip -dc "$path" >"$T/lib/modules/$name" ;;
		*) echo "mkinitramfs: unknown module format $path" >&2; exit 1 ;;
		esac
		echo "$name" >>"$T/lib/modules/load-order"
	done
done
echo "$KVER" >"$T/lib/modules/kver"
(cd "$T" && find . -print0 | cpio --null -o -H newc --quiet) | gzip -1 >"$OUTPUT.tmp"
mv "$OUTPUT.tmp" "$OUTPUT"
echo "mkinitramfs: $OUTPUT ($(wc -l <"$T/lib/modules/load-order") modules: $(tr '\n' ' ' <"$T/lib/modules/load-order"))" >&2
