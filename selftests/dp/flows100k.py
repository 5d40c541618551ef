#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Install many flows on NIC A (spread over 16 masks); print the elapsed
time. Usage: flows100k.py COUNT."""
import os
import sys
import time
from dptest import *  # noqa: F403

n = int(sys.argv[1])
dp = Dp(Cvsw(), os.environ["IF_A"])


def flows():
    # 16 masks: nw_dst prefixes /17../32; none matches the 10.77.0.0/24 test
    # traffic.
    for i in range(n):
        plen = 17 + i % 16
        addr = (11 << 24) | ((i * 2654435761) & 0xffffff)
        mask = (0xffffffff << (32 - plen)) & 0xffffffff
        ip = socket.inet_ntoa(struct.pack(">I", addr & mask))
        yield ([be16(M_DL_TYPE, 0x800), ip4(M_NW_DST, ip), u8(M_NW_DST_PREFIX, plen),
                u8(M_NW_PROTO, 17), be16(M_TP_DST, i & 0xffff)],
               [output(2)], 100 + i % 7)


t0 = time.time()
errors = dp.add_many(flows())
print("installed %d flows in %.1fs, %d errors" % (n, time.time() - t0, errors))
sys.exit(1 if errors else 0)
