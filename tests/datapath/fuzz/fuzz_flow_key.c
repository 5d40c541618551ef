// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_flow_key.c - libFuzzer target: flow key extraction and header
 * rewrites on arbitrary bytes.
 *
 * Input: byte 0-1 in_port, byte 2 flags (bit 0: unused,
 * bits 1-4: rewrite to apply, bit 5: CHECKSUM_PARTIAL), bytes 3-6 rewrite
 * argument, rest: the packet.  The packet lives in an exact-size heap
 * buffer (with 8 bytes of headroom for rewrites) so ASan catches any
 * access outside it.  Invariants of the key are checked, and a rewrite must
 * keep a valid IPv4 header checksum valid and show its new value in the
 * key extracted afterwards.
 */
#include <stdlib.h>
#include <string.h>

#include "flow_key.h"
#include "rewrite.h"
#include "rw_one.h"

#define ROOM 8

static void check_key(const struct cvsw_flow_key *k,
		      const struct cvsw_flow_layout *lay, size_t len, int r)
{
	if (r < 0 || r > 7 || k->pad0 || k->pad1 || k->dl_vlan_pcp > 7 ||
	    (k->dl_vlan > 0xfff && k->dl_vlan != CVSW_VLAN_NONE) ||
	    (k->nw_tos & 3) || lay->l3_ofs > len || lay->l4_ofs > len ||
	    lay->l4_end > len || k->tun_id || k->tun_src || k->tun_dst ||
	    ((k->nw_frag & CVSW_FRAG_LATER) && (r & CVSW_LAYER_L4)))
		abort();
}

static unsigned int ip_sum(const uint8_t *ip, size_t ihl)
{
	unsigned int sum = 0;
	size_t i;

	for (i = 0; i < ihl; i += 2)
		sum += (unsigned int)(ip[i] << 8 | ip[i + 1]);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return sum;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cvsw_flow_key k, k2;
	struct cvsw_flow_layout lay;
	struct cvsw_pkt p;
	uint8_t *buf, flags, *ip = NULL;
	uint16_t port;
	uint32_t arg, be32;
	uint16_t be16, vid;
	uint8_t u8v, mac[6] = { 0 };
	size_t len, ihl = 0;
	bool ip_ok = false;
	int r, act;

	if (size < 7)
		return 0;
	port = (uint16_t)(data[0] | data[1] << 8);
	flags = data[2];
	arg = (uint32_t)data[3] << 24 | (uint32_t)data[4] << 16 |
	      (uint32_t)data[5] << 8 | data[6];
	data += 7;
	len = size - 7;
	buf = malloc(ROOM + len + 1);
	memcpy(buf + ROOM, data, len);
	r = cvsw_flow_key_extract(buf + ROOM, len, port, &k, &lay);
	check_key(&k, &lay, len, r);
	if (k.in_port != port)
		abort();

	if ((r & CVSW_LAYER_L3) && k.dl_type == htons(0x0800)) {
		ip = buf + ROOM + lay.l3_ofs;
		ihl = (size_t)(ip[0] & 15) * 4;
		ip_ok = ip_sum(ip, ihl) == 0xffff;
	}
	p.data = buf + ROOM;
	p.len = (uint32_t)len;
	p.headroom = ROOM;
	p.csum_partial = flags & 0x20;
	act = (flags >> 1) & 15;
	be32 = htonl(arg);
	be16 = htons((uint16_t)arg);
	vid = (uint16_t)(arg & 0xfff);
	u8v = (uint8_t)(act == 2 ? arg & 0xfc : arg & 7);
	memcpy(mac, data, len < 6 ? len : 6);
	switch (act) {
	case 0: r = rw_one(&p, CVSW_ACTION_A_SET_NW_SRC, &be32); break;
	case 1: r = rw_one(&p, CVSW_ACTION_A_SET_NW_DST, &be32); break;
	case 2: r = rw_one(&p, CVSW_ACTION_A_SET_NW_TOS, &u8v); break;
	case 3: r = rw_one(&p, CVSW_ACTION_A_SET_TP_SRC, &be16); break;
	case 4: r = rw_one(&p, CVSW_ACTION_A_SET_TP_DST, &be16); break;
	case 5: r = rw_one(&p, CVSW_ACTION_A_SET_VLAN_VID, &vid); break;
	case 6: r = rw_one(&p, CVSW_ACTION_A_SET_VLAN_PCP, &u8v); break;
	case 7: r = rw_one(&p, CVSW_ACTION_A_STRIP_VLAN, NULL); break;
	case 8: r = rw_one(&p, CVSW_ACTION_A_SET_DL_SRC, mac); break;
	default: r = rw_one(&p, CVSW_ACTION_A_SET_DL_DST, mac); break;
	}
	if (r && r != -ENOSPC)
		abort();
	if (p.data < buf || p.data + p.len != buf + ROOM + len ||
	    p.headroom != (uint32_t)(p.data - buf))
		abort();
	if (ip_ok && act <= 4 && ip_sum(ip, ihl) != 0xffff)
		abort();
	if (ip && act <= 2) {
		r = cvsw_flow_key_extract(p.data, p.len, port, &k2, &lay);
		if (act == 0 && k2.nw_src != htonl(arg))
			abort();
		if (act == 1 && k2.nw_dst != htonl(arg))
			abort();
		if (act == 2 && k2.nw_tos != (arg & 0xfc))
			abort();
	}
	free(buf);
	return 0;
}
