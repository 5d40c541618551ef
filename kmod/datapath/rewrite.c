// SPDX-License-Identifier: GPL-2.0
/*
 * CVSW datapath: editing a packet buffer (see rewrite.h): finding the IPv4
 * and transport headers, incremental L4 checksum updates, VLAN tag push
 * and pop.
 */
#include "rewrite.h"
#include "dp_bytes.h"

#define ETH_TYPE_IPV4	0x0800
#define ETH_TYPE_VLAN	0x8100
#define ETH_TYPE_QINQ	0x88a8
#define PROTO_TCP	6
#define PROTO_UDP	17
#define TCP_CSUM_OFS	16
#define UDP_CSUM_OFS	6

/**
 * cvsw_pkt_find_ip() - locate the IPv4 and TCP/UDP headers of a packet.
 * @p: the packet.
 * @loc: filled in; NULL members for what is absent or truncated.
 *
 * Tags follow the flow key's rules (802.1ad only as the outer tag, at most
 * two), so a rewrite changes exactly the header the key was taken from.
 */
void cvsw_pkt_find_ip(const struct cvsw_pkt *p, struct cvsw_pkt_ip *loc)
{
	u32 ofs = 12, ntags = 0, ihl, end;
	u16 type;
	u8 *ip;

	loc->ip = NULL;
	loc->l4 = NULL;
	loc->proto = 0;
	if (p->len < 14)
		return;
	type = cvsw_rd16(p->data + ofs);
	while (ntags < 2 && (type == ETH_TYPE_VLAN ||
			     (type == ETH_TYPE_QINQ && !ntags)) &&
	       p->len - ofs >= 8) {
		ofs += 4;
		ntags++;
		type = cvsw_rd16(p->data + ofs);
	}
	ofs += 2;
	if (type != ETH_TYPE_IPV4 || p->len - ofs < 20)
		return;
	ip = p->data + ofs;
	ihl = (ip[0] & 0x0f) * 4;
	if ((ip[0] >> 4) != 4 || ihl < 20 || p->len - ofs < ihl ||
	    cvsw_rd16(ip + 2) < ihl)
		return;
	loc->ip = ip;
	if (cvsw_rd16(ip + 6) & 0x1fff)		/* later fragment */
		return;
	end = min_t(u32, p->len - ofs, cvsw_rd16(ip + 2));
	if (ip[9] == PROTO_TCP && end - ihl >= 20)
		loc->l4 = ip + ihl;
	else if (ip[9] == PROTO_UDP && end - ihl >= 8)
		loc->l4 = ip + ihl;
	if (loc->l4)
		loc->proto = ip[9];
}

/* Update the L4 checksum for a change of covered data from @from to @to
 * (32 bits wide if @wide, else 16); @pseudo: the change is in the
 * pseudo-header, the only part a CHECKSUM_PARTIAL field covers.
 */
static void l4_csum_replace(const struct cvsw_pkt *p,
			    const struct cvsw_pkt_ip *loc,
			    u32 from, u32 to, bool pseudo, bool wide)
{
	u8 *sum;
	u16 check;

	if (!loc->l4 || (p->csum_partial && !pseudo))
		return;
	sum = loc->l4 + (loc->proto == PROTO_TCP ? TCP_CSUM_OFS : UDP_CSUM_OFS);
	check = cvsw_rd16(sum);
	if (loc->proto == PROTO_UDP && !check && !p->csum_partial)
		return;		/* no UDP checksum: keep it that way */
	if (wide)
		check = cvsw_csum_replace32(check, from, to, p->csum_partial);
	else
		check = cvsw_csum_replace16(check, from, to, p->csum_partial);
	if (loc->proto == PROTO_UDP && !check)
		check = 0xffff;
	cvsw_wr16(sum, check);
}

/**
 * cvsw_pkt_l4_csum_addr() - fold an IPv4 address change into the L4 sum.
 * @p: the packet.
 * @loc: its headers (cvsw_pkt_find_ip()).
 * @from: the old address (host order of the wire bytes, as cvsw_rd32()).
 * @to: the new one.
 *
 * The address is part of the pseudo-header, so a CHECKSUM_PARTIAL field
 * is updated too.  Nothing happens without a TCP/UDP header.
 */
void cvsw_pkt_l4_csum_addr(const struct cvsw_pkt *p,
			   const struct cvsw_pkt_ip *loc, u32 from, u32 to)
{
	l4_csum_replace(p, loc, from, to, true, true);
}

/**
 * cvsw_pkt_l4_csum_field() - fold a change of a 16-bit L4 field into its sum.
 * @p: the packet.
 * @loc: its headers (cvsw_pkt_find_ip()).
 * @from: the old value (as cvsw_rd16()).
 * @to: the new one.
 *
 * For fields outside the pseudo-header (ports): a CHECKSUM_PARTIAL field
 * is left alone, since the NIC will sum the new value itself.
 */
void cvsw_pkt_l4_csum_field(const struct cvsw_pkt *p,
			    const struct cvsw_pkt_ip *loc, u16 from, u16 to)
{
	l4_csum_replace(p, loc, from, to, false, false);
}

/**
 * cvsw_pkt_has_vlan() - does the packet carry an outer VLAN tag?
 * @p: the packet.
 *
 * Return: true for an 802.1Q or 802.1ad tag with a complete TCI.
 */
bool cvsw_pkt_has_vlan(const struct cvsw_pkt *p)
{
	u16 tpid;

	if (p->len < 18)
		return false;
	tpid = cvsw_rd16(p->data + 12);
	return tpid == ETH_TYPE_VLAN || tpid == ETH_TYPE_QINQ;
}

/**
 * cvsw_pkt_push_vlan() - push an 802.1Q tag in front of the EtherType.
 * @p: the packet; data, len and headroom are updated.
 * @tci: the tag control information.
 *
 * A runt (no complete Ethernet header) is left alone.
 *
 * Return: 0, or -ENOSPC (packet untouched) if headroom < CVSW_VLAN_HLEN.
 */
int cvsw_pkt_push_vlan(struct cvsw_pkt *p, u16 tci)
{
	if (p->len < 14)
		return 0;
	if (p->headroom < CVSW_VLAN_HLEN)
		return -ENOSPC;
	memmove(p->data - CVSW_VLAN_HLEN, p->data, 2 * ETH_ALEN);
	p->data -= CVSW_VLAN_HLEN;
	p->len += CVSW_VLAN_HLEN;
	p->headroom -= CVSW_VLAN_HLEN;
	cvsw_wr16(p->data + 12, ETH_TYPE_VLAN);
	cvsw_wr16(p->data + 14, tci);
	return 0;
}

/**
 * cvsw_pkt_pop_vlan() - remove the outer VLAN tag, if there is one.
 * @p: the packet; data, len and headroom are updated.
 */
void cvsw_pkt_pop_vlan(struct cvsw_pkt *p)
{
	if (!cvsw_pkt_has_vlan(p))
		return;
	memmove(p->data + CVSW_VLAN_HLEN, p->data, 2 * ETH_ALEN);
	p->data += CVSW_VLAN_HLEN;
	p->len -= CVSW_VLAN_HLEN;
	p->headroom += CVSW_VLAN_HLEN;
}
