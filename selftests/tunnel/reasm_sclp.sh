#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# SCLP reassembly on receive: segments crafted by scapy in order, reversed,
# shuffled, interleaved, with gaps and overlaps, a flood of incomplete
# frames (selftests/tunnel/lib-reasm.sh says what exactly).
. "${CVSW_REPO:=$(cd "$(dirname "$0")/../.." && pwd)}/selftests/driver/lib.sh"
. "$CVSW_REPO/selftests/dp/lib-dp.sh"
. "$CVSW_REPO/selftests/tunnel/lib-tun.sh"
. "$CVSW_REPO/selftests/tunnel/lib-reasm.sh"

test_init
tun_need_tools
T=$DP_TMP
reasm_kind sclp
exit 0
