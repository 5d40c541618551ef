#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# STT between the two cvsw_net NICs: the wire format with only A having a
# port (tshark and tuncap.py on B's capture), then traffic both ways with
# default offloads and with the receiver's GRO/TSO off
# (selftests/tunnel/lib-segment.sh says what exactly).
. "${CVSW_REPO:=$(cd "$(dirname "$0")/../.." && pwd)}/selftests/driver/lib.sh"
. "$CVSW_REPO/selftests/dp/lib-dp.sh"
. "$CVSW_REPO/selftests/tunnel/lib-tun.sh"
. "$CVSW_REPO/selftests/tunnel/lib-segment.sh"

test_init
tun_need_tools
T=$DP_TMP
wire_format stt
traffic_both stt
exit 0
