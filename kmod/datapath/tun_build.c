// SPDX-License-Identifier: GPL-2.0
/*
 * tun_build.c - the outer headers of the tunnel kinds, byte by byte (see
 * tun_build.h and docs/tunnels.md).
 */
#include "tun_build.h"

static void put16(u8 *p, u16 v)
{
	p[0] = (u8)(v >> 8);
	p[1] = (u8)v;
}

static void put32(u8 *p, u32 v)
{
	put16(p, (u16)(v >> 16));
	put16(p + 2, (u16)v);
}

/**
 * cvsw_tb_sum - add bytes to a ones' complement sum
 * @sum: running sum (unfolded)
 * @p: bytes, read as big-endian 16-bit words
 * @len: how many; an odd last byte is padded with zero
 *
 * Return: the new unfolded sum; fold it with cvsw_tb_fold().
 */
u32 cvsw_tb_sum(u32 sum, const u8 *p, unsigned int len)
{
	u64 s = sum;

	while (len > 1) {
		s += (u32)p[0] << 8 | p[1];
		p += 2;
		len -= 2;
	}
	if (len)
		s += (u32)p[0] << 8;
	while (s >> 32)
		s = (s & 0xffffffff) + (s >> 32);
	return (u32)s;
}

/**
 * cvsw_tb_fold - fold a sum to 16 bits and complement it
 * @sum: unfolded sum
 *
 * Return: the checksum field's value, host order.
 */
u16 cvsw_tb_fold(u32 sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (u16)~sum;
}

/**
 * cvsw_tb_pseudo_sum - the IPv4 pseudo-header of a transport checksum
 * @saddr: source address
 * @daddr: destination address
 * @proto: IP protocol
 * @len: transport length (header and payload)
 *
 * Return: its unfolded sum.
 */
u32 cvsw_tb_pseudo_sum(__be32 saddr, __be32 daddr, u8 proto, u32 len)
{
	u8 ph[12];

	memcpy(ph, &saddr, 4);
	memcpy(ph + 4, &daddr, 4);
	ph[8] = 0;
	ph[9] = proto;
	put16(ph + 10, (u16)len);
	return cvsw_tb_sum(0, ph, sizeof(ph));
}

/**
 * cvsw_tb_ipv4 - write an IPv4 header without options, checksum included
 * @h: CVSW_TUN_IP_HLEN bytes
 * @ip: its fields
 */
void cvsw_tb_ipv4(u8 *h, const struct cvsw_tb_ip *ip)
{
	h[0] = 0x45;
	h[1] = ip->tos;
	put16(h + 2, ip->tot_len);
	put16(h + 4, ip->id);
	put16(h + 6, ip->df ? CVSW_TB_IP_DF : 0);
	h[8] = ip->ttl;
	h[9] = ip->proto;
	put16(h + 10, 0);
	memcpy(h + 12, &ip->saddr, 4);
	memcpy(h + 16, &ip->daddr, 4);
	put16(h + 10, cvsw_tb_fold(cvsw_tb_sum(0, h, CVSW_TUN_IP_HLEN)));
}

/**
 * cvsw_tb_udp - write a UDP header with a zero (absent) checksum, which
 *	IPv4 tunnel receivers accept (RFC 7348 5, RFC 8926 3.3)
 * @h: CVSW_TB_UDP_HLEN bytes
 * @sport: source port
 * @dport: destination port
 * @len: UDP length, header included
 */
void cvsw_tb_udp(u8 *h, u16 sport, u16 dport, u16 len)
{
	put16(h, sport);
	put16(h + 2, dport);
	put16(h + 4, len);
	put16(h + 6, 0);
}

/**
 * cvsw_tb_vxlan - write a VXLAN header (RFC 7348): I flag, VNI
 * @h: CVSW_VXLAN_HLEN bytes
 * @vni: 24-bit network identifier
 */
void cvsw_tb_vxlan(u8 *h, u32 vni)
{
	put32(h, (u32)CVSW_VXLAN_FLAG_I << 24);
	put32(h + 4, (vni & 0xffffff) << 8);
}

/**
 * cvsw_tb_geneve - write a Geneve header without options (RFC 8926):
 *	version 0, no O/C bits, protocol 0x6558, VNI
 * @h: CVSW_GENEVE_HLEN bytes
 * @vni: 24-bit network identifier
 */
void cvsw_tb_geneve(u8 *h, u32 vni)
{
	put16(h, 0);
	put16(h + 2, CVSW_ETH_P_TEB);
	put32(h + 4, (vni & 0xffffff) << 8);
}

/**
 * cvsw_tb_nvgre - write an NVGRE header (RFC 7637): K bit only, protocol
 *	0x6558, key = VSID << 8 | FlowID
 * @h: CVSW_NVGRE_HLEN bytes
 * @vsid: 24-bit virtual subnet id
 * @flowid: 8-bit flow id
 */
void cvsw_tb_nvgre(u8 *h, u32 vsid, u8 flowid)
{
	put16(h, 0x2000);
	put16(h + 2, CVSW_ETH_P_TEB);
	put32(h + 4, (vsid & 0xffffff) << 8 | flowid);
}

/**
 * cvsw_tb_stt_tcp - write STT's TCP-like header (draft-davie-stt-08 3.2):
 *	data offset 5, ACK|PSH, window 65535, checksum and urgent 0
 * @h: CVSW_STT_TCP_HLEN bytes
 * @sport: source port (flow entropy)
 * @dport: destination port
 * @seq: frame length << 16 | fragment offset
 * @ack: packet id
 *
 * The caller fills the checksum: the pseudo-header sum for the device to
 * complete (TSO, CHECKSUM_PARTIAL) or the whole segment's.
 */
void cvsw_tb_stt_tcp(u8 *h, u16 sport, u16 dport, u32 seq, u32 ack)
{
	put16(h, sport);
	put16(h + 2, dport);
	put32(h + 4, seq);
	put32(h + 8, ack);
	h[12] = 5 << 4;
	h[13] = 0x18;	/* ACK | PSH */
	put16(h + 14, 0xffff);
	put16(h + 16, 0);
	put16(h + 18, 0);
}

/**
 * cvsw_tb_stt - write the STT frame header and its 2 padding bytes
 * @h: CVSW_STT_HLEN bytes
 * @flags: CVSW_STT_F_* bits
 * @l4_ofs: with CVSW_STT_F_CSUM_PARTIAL: inner L4 header offset from the
 *	inner Ethernet header, else 0
 * @mss: inner TCP segment size for the receiver to resegment, or 0
 * @vlan_tci: PCP, V (tag present) and VLAN ID as one word, 0 for none
 * @context: 64-bit context id
 */
void cvsw_tb_stt(u8 *h, u8 flags, u8 l4_ofs, u16 mss, u16 vlan_tci,
		 u64 context)
{
	h[0] = 0;
	h[1] = flags;
	h[2] = l4_ofs;
	h[3] = 0;
	put16(h + 4, mss);
	put16(h + 6, vlan_tci);
	put32(h + 8, (u32)(context >> 32));
	put32(h + 12, (u32)context);
	put16(h + 16, 0);
}

/**
 * cvsw_tb_sclp - write one SCLP segment header with its checksum
 * @h: CVSW_SCLP_HLEN bytes
 * @s: its fields
 *
 * The checksum covers the pseudo-header (addresses, protocol 234, SCLP
 * length = header + payload) and the header with the field zero; not the
 * payload (docs/tunnels.md).
 */
void cvsw_tb_sclp(u8 *h, const struct cvsw_tb_sclp *s)
{
	u32 sum;

	put16(h, s->sport);
	put16(h + 2, s->dport);
	put32(h + 4, (s->id & 0x7fffffff) << 1 |
		     (s->first ? CVSW_SCLP_F_FIRST : 0));
	put16(h + 8, s->remaining);
	put16(h + 10, 0);
	sum = cvsw_tb_pseudo_sum(s->saddr, s->daddr, CVSW_IPPROTO_SCLP,
				 CVSW_SCLP_HLEN + s->payload_len);
	put16(h + 10, cvsw_tb_fold(cvsw_tb_sum(sum, h, CVSW_SCLP_HLEN)));
}
