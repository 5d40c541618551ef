#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# OpenFlow 1.0 table semantics on live traffic: counters, priorities,
# exact-over-wildcard, overlap, strict/non-strict modify and delete,
# out_port, timeouts with flow-removed events, miss policies, packet-in,
# packet-out.
. "$(dirname "$0")/../driver/lib.sh"
test_init
setup_pair
export IF_A IF_B IP4_A IP4_B
in1 /usr/bin/python3 "$(dirname "$0")/table.py" || TEST_RC=$KSFT_FAIL
