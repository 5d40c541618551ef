// SPDX-License-Identifier: GPL-2.0
/*
 * tunnel_hdr.c - the per-kind constants of the tunnel formats.
 */
#include "tunnel_hdr.h"
#include "dp_bytes.h"

#define UDP_HLEN	8
#define IPPROTO_UDP_	17
#define IPPROTO_GRE_	47
#define IPPROTO_TCP_	6

const struct cvsw_tun_kind_desc cvsw_tun_kinds[CVSW_PORT_KIND_MAX + 1] = {
	[CVSW_PORT_KIND_VXLAN] = {
		.ip_proto = IPPROTO_UDP_, .dst_port = 4789,
		.hlen = UDP_HLEN + CVSW_VXLAN_HLEN, .key_bits = 24,
	},
	[CVSW_PORT_KIND_NVGRE] = {
		.ip_proto = IPPROTO_GRE_, .dst_port = 0,
		.hlen = CVSW_NVGRE_HLEN, .key_bits = 24,
	},
	[CVSW_PORT_KIND_GENEVE] = {
		.ip_proto = IPPROTO_UDP_, .dst_port = 6081,
		.hlen = UDP_HLEN + CVSW_GENEVE_HLEN, .key_bits = 24,
	},
	[CVSW_PORT_KIND_STT] = {
		.ip_proto = IPPROTO_TCP_, .dst_port = 7471,
		.hlen = CVSW_STT_TCP_HLEN + CVSW_STT_HLEN, .key_bits = 64,
	},
	[CVSW_PORT_KIND_SCLP] = {
		.ip_proto = CVSW_IPPROTO_SCLP, .dst_port = 4789,
		.hlen = CVSW_SCLP_HLEN + CVSW_VXLAN_HLEN, .key_bits = 24,
	},
};

/* See tunnel_hdr.h: one definition for the builder and the parser. */
u16 cvsw_sclp_hdr_csum(const u8 *hdr, __be32 saddr, __be32 daddr,
		       u16 payload_len)
{
	u8 a[4], b[4];
	u32 sum;
	int i;

	memcpy(a, &saddr, 4);
	memcpy(b, &daddr, 4);
	sum = cvsw_rd16(a) + cvsw_rd16(a + 2) + cvsw_rd16(b) +
	      cvsw_rd16(b + 2) + CVSW_IPPROTO_SCLP +
	      (u32)(CVSW_SCLP_HLEN + payload_len);
	for (i = 0; i < CVSW_SCLP_HLEN; i += 2)
		if (i != 10)	/* the checksum field */
			sum += cvsw_rd16(hdr + i);
	return (u16)~cvsw_csum_fold(sum);
}
