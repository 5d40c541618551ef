# SPDX-License-Identifier: GPL-2.0
"""tshark's checksum verdicts for the capture checkers (dpcap.py, tuncap.py),
with one's-complement zero taken as what it is.

tshark's proto_checksum_status (epan/proto.h): BAD 0, GOOD 1, UNVERIFIED 2,
NOT_PRESENT 3, ILLEGAL 4.

A TCP checksum field of 0xffff where the computed one is 0x0000 is the same
value, negative zero in one's complement (RFC 1624 section 3), and every
receiver accepts it. Linux writes it whenever a checksum it completes for a
device (skb_checksum_help, CSUM_MANGLED_0) folds to zero, which is one
packet in 65536: tshark calls it bad ("0xffff instead of 0x0000"). UDP has
no such case: 0 means "no checksum" there, so 0xffff is the only way to say
zero, and tshark knows.
"""
GOOD, NOT_PRESENT = "1", "3"
# the fields tcp_ok() reads, for the tshark command line
TCP_FIELDS = ["tcp.checksum", "tcp.checksum_calculated", "tcp.checksum.status"]


def _num(v):
    try:
        return int(v, 0)
    except (TypeError, ValueError):
        return None


def tcp_ok(status, value, calculated):
    """One TCP header: tshark's status, the field and tshark's sum (text)."""
    if status == GOOD:
        return True
    return _num(value) == 0xFFFF and _num(calculated) == 0


def tcp_all_ok(statuses, values, calculated):
    """Every TCP header of a packet (lists, one entry each; tshark's
    "occurrence=a" output)."""
    return all(tcp_ok(s, v, c) for s, v, c in
               zip(statuses, values + [""] * len(statuses),
                   calculated + [""] * len(statuses)))
