/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tun_build.h - builders of the outer headers of the five tunnel kinds,
 * portable (kernel and userspace, see dp_compat.h).
 *
 * Each builder writes one header, in network byte order, into a byte
 * buffer the caller sized (the *_HLEN constants of tunnel_hdr.h), from
 * plain parameters: no skb, no alignment assumed. encap.c writes the outer
 * headers of every packet with them; tests/datapath/test_tun_build.c checks
 * them byte by byte against the layouts in docs/tunnels.md. Addresses are
 * __be32 as the kernel keeps them; everything else is host order.
 */
#ifndef CVSW_TUN_BUILD_H
#define CVSW_TUN_BUILD_H

#include "dp_compat.h"
#include "tunnel_hdr.h"

#define CVSW_TB_UDP_HLEN	8
#define CVSW_TB_IP_DF		0x4000

/**
 * struct cvsw_tb_ip - the fields of an outer IPv4 header (no options)
 * @saddr: source address
 * @daddr: destination address
 * @tot_len: total length, header included
 * @id: identification
 * @proto: protocol of the payload
 * @tos: type of service (DSCP and ECN)
 * @ttl: time to live
 * @df: set "don't fragment"
 */
struct cvsw_tb_ip {
	__be32 saddr;
	__be32 daddr;
	u16 tot_len;
	u16 id;
	u8 proto;
	u8 tos;
	u8 ttl;
	bool df;
};

u32 cvsw_tb_sum(u32 sum, const u8 *p, unsigned int len);
u16 cvsw_tb_fold(u32 sum);
u32 cvsw_tb_pseudo_sum(__be32 saddr, __be32 daddr, u8 proto, u32 len);

void cvsw_tb_ipv4(u8 *h, const struct cvsw_tb_ip *ip);
void cvsw_tb_udp(u8 *h, u16 sport, u16 dport, u16 len);
void cvsw_tb_vxlan(u8 *h, u32 vni);
void cvsw_tb_geneve(u8 *h, u32 vni);
void cvsw_tb_nvgre(u8 *h, u32 vsid, u8 flowid);
void cvsw_tb_stt_tcp(u8 *h, u16 sport, u16 dport, u32 seq, u32 ack);
void cvsw_tb_stt(u8 *h, u8 flags, u8 l4_ofs, u16 mss, u16 vlan_tci,
		 u64 context);

/**
 * struct cvsw_tb_sclp - the fields of one SCLP segment header
 * @saddr: outer IPv4 source (for the header checksum)
 * @daddr: outer IPv4 destination
 * @sport: source port (flow entropy)
 * @dport: destination port
 * @id: 31-bit frame identification, the same in every segment
 * @first: this is the frame's first segment
 * @remaining: frame bytes from this segment's payload to the frame's end
 * @payload_len: this segment's payload bytes (for the pseudo-header)
 */
struct cvsw_tb_sclp {
	__be32 saddr;
	__be32 daddr;
	u16 sport;
	u16 dport;
	u32 id;
	bool first;
	u16 remaining;
	u16 payload_len;
};

void cvsw_tb_sclp(u8 *h, const struct cvsw_tb_sclp *s);

/* Entropy source port for a flow hash, in 32768..60999 (as Linux does). */
static inline u16 cvsw_tb_src_port(u32 hash)
{
	return (u16)(32768 + (u32)(((u64)hash * (60999 - 32768 + 1)) >> 32));
}

#endif /* CVSW_TUN_BUILD_H */
