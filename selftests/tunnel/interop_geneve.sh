#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# CVSW Geneve tunnel port on NIC A against a Linux geneve device (id 5001)
# on NIC B: ping and TCP both ways with TSO/GSO on and off, the wire checked
# by tshark (selftests/tunnel/lib-interop.sh says what exactly).
. "${CVSW_REPO:=$(cd "$(dirname "$0")/../.." && pwd)}/selftests/driver/lib.sh"
. "$CVSW_REPO/selftests/dp/lib-dp.sh"
. "$CVSW_REPO/selftests/tunnel/lib-tun.sh"
. "$CVSW_REPO/selftests/tunnel/lib-interop.sh"

test_init
tun_need_tools
T=$DP_TMP
KEY=5001
interop_kind geneve
exit 0
