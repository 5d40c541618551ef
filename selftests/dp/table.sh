#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# OpenFlow 1.0 table semantics on live traffic: counters, priorities,
# exact-over-wildcard, overlap, strict/non-strict modify and delete,
# out_port, timeouts with flow-removed events, miss policies, packet-in,
# packet-out.
. "${CVSW_REPO:=$(cd "$(dirname "$0")/../.." && pwd)}/selftests/driver/lib.sh"
D="$CVSW_REPO/selftests/dp"
. "$D/lib-dp.sh"
test_init
setup_pair
dp_reset
export IF_A IF_B IP4_A IP4_B
in1 /usr/bin/python3 "$D/table.py" || TEST_RC=$KSFT_FAIL
dp_reset
