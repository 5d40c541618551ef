#!/bin/sh
# DKMS builds cvsw_net from the files of a cvsw-dkms package for kernel KVER,
# in a private DKMS tree (nothing is installed), and saves the result as a
# DKMS tarball (sources and module) in OUTDIR/NAME-VERSION.dkms.tar.gz. The
# guest's install test gives it to the package's postinst, which loads it
# instead of compiling: under TCG a compile in the guest takes many minutes.
#   tools/pkgtest-dkms.sh DEB KVER OUTDIR
set -eu
[ $# = 3 ] || { echo "usage: $0 DEB KVER OUTDIR" >&2; exit 2; }
deb=$1 kver=$2 out=$3
mkdir -p "$out"
out=$(cd "$out" && pwd)
ver=$(dpkg-deb -f "$deb" Version)
work=$out/work-$ver
rm -rf "$work"
mkdir -p "$work/tree"
dpkg-deb -x "$deb" "$work/root"
src=$(ls -d "$work/root/usr/src/"*-"$ver")
name=$(basename "$src" "-$ver")
set -- -m "$name" -v "$ver" --sourcetree "$work/root/usr/src" --dkmstree "$work/tree"
dkms add "$@"
dkms build "$@" -k "$kver"
ls "$work/tree/$name/$ver/$kver/"*/module/
dkms mktarball "$@" -k "$kver" --archive "$out/$name-$ver.dkms.tar.gz"
rm -rf "$work"
