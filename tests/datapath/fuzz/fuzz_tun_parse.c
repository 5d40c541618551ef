// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_tun_parse.c - libFuzzer target: the tunnel header parsers on
 * arbitrary bytes.
 *
 * Input: byte 0 the kind (modulo the kinds), byte 1 how many of the rest
 * are readable (the remainder is "in the packet but not linear", which the
 * parser must never touch), rest: the transport header onwards, in an
 * exact-size heap buffer so ASan catches any read outside it. A whole
 * frame's inner Ethernet header must lie inside the packet.
 */
#include <stdlib.h>
#include <string.h>

#include "tun_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cvsw_tun_parsed t;
	size_t len, avail;
	uint8_t *copy;
	u8 kind;
	int r;

	if (size < 2)
		return 0;
	kind = data[0] % (CVSW_PORT_KIND_MAX + 1);
	len = size - 2;
	avail = data[1] == 0xff ? len : (len * data[1]) / 255;
	copy = malloc(avail ? avail : 1);
	memcpy(copy, data + 2, avail);
	r = cvsw_tun_parse(kind, copy, avail, len, htonl(0x0a000001),
			   htonl(0x0a000002), &t);
	if (r == CVSW_TUN_FRAME && (size_t)t.inner_ofs + 14 > len)
		abort();
	if (r == CVSW_TUN_SEGMENT && (t.seg_len > t.seg_rem ||
				      t.seg_ofs + (size_t)t.seg_len != len))
		abort();
	if (r != CVSW_TUN_FRAME && r != CVSW_TUN_SEGMENT && r != -EINVAL &&
	    r != -EPROTO)
		abort();
	free(copy);
	return 0;
}
