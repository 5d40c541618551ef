#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Print, one a line and relative to kmod/, the files kbuild needs to build
# cvsw_net.ko: the one list that make dist, the out-of-tree build and the
# DKMS install copy. kbuild's outputs (*.o, *.mod.c, ...) are not in it.
cd "$(dirname "$0")" || exit 1
find . -type f \( -name '*.c' -o -name '*.h' -o -name 'Kbuild*' \
	-o -name Makefile -o -name find-kdir.sh \) ! -name '*.mod.c' |
	sed 's|^\./||' | LC_ALL=C sort
