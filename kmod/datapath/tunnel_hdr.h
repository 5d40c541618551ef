/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tunnel_hdr.h - the wire formats of the five tunnel kinds, portable.
 *
 * What both directions agree on: per-kind constants and the layout of
 * each tunnel header. Builders (tun_build.c) write the headers an encap
 * puts in front of a frame; parsers (tun_parse.c) read them back from a
 * byte buffer, bounds-checked, for decapsulation. Both build in userspace
 * (dp_compat.h) and are unit-tested there. The exact layouts, with the
 * VXLAN-over-SCLP framing, are in docs/tunnels.md.
 */
#ifndef CVSW_TUNNEL_HDR_H
#define CVSW_TUNNEL_HDR_H

#include "dp_compat.h"
#include "uapi/cvsw.h"	/* enum cvsw_port_kind */

#define CVSW_IPPROTO_SCLP	234	/* experimental (RFC 3692) */

#define CVSW_VXLAN_HLEN		8	/* flags, 24 reserved, VNI, 8 reserved */
#define CVSW_VXLAN_FLAG_I	0x08	/* first byte: the VNI is valid */
#define CVSW_GENEVE_HLEN	8	/* without options */
#define CVSW_GENEVE_OPT_MAX	252	/* options: 6-bit length in 4-byte words */
#define CVSW_GENEVE_OPT_CRIT	0x80	/* type bit: critical option */
#define CVSW_NVGRE_HLEN		8	/* flags (K), 0x6558, VSID << 8 | FlowID */
#define CVSW_STT_TCP_HLEN	20	/* TCP-like header, no options */
#define CVSW_STT_HLEN		18	/* STT frame header incl. 2 padding bytes */
#define CVSW_SCLP_HLEN		12
#define CVSW_ETH_P_TEB		0x6558	/* transparent Ethernet bridging */

/* STT frame header flags (draft-davie-stt-08, 3.1). */
#define CVSW_STT_F_CSUM_VERIFIED	0x01
#define CVSW_STT_F_CSUM_PARTIAL		0x02
#define CVSW_STT_F_IPV4			0x04
#define CVSW_STT_F_TCP			0x08

/* SCLP identification word: id << 1 | first-segment bit. */
#define CVSW_SCLP_F_FIRST	0x1

/* Outer IPv4 header without options, and Ethernet. */
#define CVSW_TUN_IP_HLEN	20
#define CVSW_TUN_ETH_HLEN	14

/**
 * struct cvsw_tun_kind_desc - what a tunnel kind is on the wire
 * @ip_proto: IP protocol of the outer packet (UDP, GRE, TCP, SCLP).
 * @dst_port: default destination port (host order); 0 for NVGRE.
 * @hlen: bytes between the outer IPv4 header and the inner Ethernet
 *	header (transport header plus tunnel header, without Geneve
 *	options).
 * @key_bits: width of the tunnel id (24 or 64).
 */
struct cvsw_tun_kind_desc {
	u8 ip_proto;
	u16 dst_port;
	u16 hlen;
	u8 key_bits;
};

/*
 * Indexed by enum cvsw_port_kind; entries for HOST and NET are zero. The
 * one place these numbers live (tunnel_hdr.c).
 */
extern const struct cvsw_tun_kind_desc cvsw_tun_kinds[CVSW_PORT_KIND_MAX + 1];

/*
 * The SCLP header checksum of docs/tunnels.md: over the pseudo-header
 * (@saddr, @daddr, zero, protocol 234, 12 + @payload_len) and the 12-byte
 * header at @hdr with its checksum field taken as zero. Return: the value
 * for the checksum field, host order (store with a big-endian write).
 */
u16 cvsw_sclp_hdr_csum(const u8 *hdr, __be32 saddr, __be32 daddr,
		       u16 payload_len);

static inline bool cvsw_port_kind_is_tunnel(unsigned int kind)
{
	return kind >= CVSW_PORT_KIND_VXLAN && kind <= CVSW_PORT_KIND_MAX;
}

#endif /* CVSW_TUNNEL_HDR_H */
