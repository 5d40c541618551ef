// SPDX-License-Identifier: GPL-2.0
/*
 * CVSW datapath: OF1.0 set-field actions with incremental checksum updates.
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

/* Where the IPv4 and transport headers of a packet are. */
struct ip_loc {
	u8 *ip;		/* IPv4 header, NULL if not IPv4 */
	u8 *l4;		/* TCP/UDP header (complete), NULL if none */
	u8 proto;	/* TCP or UDP when l4 is set */
};

static bool is_tpid(u16 type)
{
	return type == ETH_TYPE_VLAN || type == ETH_TYPE_QINQ;
}

static void locate_ip(const struct cvsw_pkt *p, struct ip_loc *loc)
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
	/* Same tag rules as the flow key: 802.1ad only as the outer tag. */
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
static void l4_csum_replace(const struct cvsw_pkt *p, const struct ip_loc *loc,
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

static int set_nw_addr(struct cvsw_pkt *p, u32 ofs, const void *payload)
{
	struct ip_loc loc;
	u32 from, to = cvsw_rd32(payload);

	locate_ip(p, &loc);
	if (!loc.ip)
		return 0;
	from = cvsw_rd32(loc.ip + ofs);
	if (from == to)
		return 0;
	l4_csum_replace(p, &loc, from, to, true, true);
	cvsw_wr16(loc.ip + 10, cvsw_csum_replace32(cvsw_rd16(loc.ip + 10),
						   from, to, false));
	cvsw_wr32(loc.ip + ofs, to);
	return 0;
}

/**
 * cvsw_rw_set_nw_src() - set the IPv4 source address.
 * @p: the packet.
 * @payload: the new address (__be32).
 *
 * Return: 0.
 */
int cvsw_rw_set_nw_src(struct cvsw_pkt *p, const void *payload)
{
	return set_nw_addr(p, 12, payload);
}

/**
 * cvsw_rw_set_nw_dst() - set the IPv4 destination address.
 * @p: the packet.
 * @payload: the new address (__be32).
 *
 * Return: 0.
 */
int cvsw_rw_set_nw_dst(struct cvsw_pkt *p, const void *payload)
{
	return set_nw_addr(p, 16, payload);
}

/**
 * cvsw_rw_set_nw_tos() - set the DSCP bits of the IPv4 TOS, keeping ECN.
 * @p: the packet.
 * @payload: the new TOS (u8; its two ECN bits are ignored).
 *
 * Return: 0.
 */
int cvsw_rw_set_nw_tos(struct cvsw_pkt *p, const void *payload)
{
	u8 tos = *(const u8 *)payload;
	struct ip_loc loc;
	u16 from, to;

	locate_ip(p, &loc);
	if (!loc.ip)
		return 0;
	from = cvsw_rd16(loc.ip);
	to = (from & 0xff03) | (tos & 0xfc);
	cvsw_wr16(loc.ip + 10, cvsw_csum_replace16(cvsw_rd16(loc.ip + 10),
						   from, to, false));
	cvsw_wr16(loc.ip, to);
	return 0;
}

static int set_tp_port(struct cvsw_pkt *p, u32 ofs, const void *payload)
{
	struct ip_loc loc;
	u16 from, to = cvsw_rd16(payload);

	locate_ip(p, &loc);
	if (!loc.l4)
		return 0;
	from = cvsw_rd16(loc.l4 + ofs);
	l4_csum_replace(p, &loc, from, to, false, false);
	cvsw_wr16(loc.l4 + ofs, to);
	return 0;
}

/**
 * cvsw_rw_set_tp_src() - set the TCP/UDP source port.
 * @p: the packet.
 * @payload: the new port (__be16).
 *
 * Return: 0.
 */
int cvsw_rw_set_tp_src(struct cvsw_pkt *p, const void *payload)
{
	return set_tp_port(p, 0, payload);
}

/**
 * cvsw_rw_set_tp_dst() - set the TCP/UDP destination port.
 * @p: the packet.
 * @payload: the new port (__be16).
 *
 * Return: 0.
 */
int cvsw_rw_set_tp_dst(struct cvsw_pkt *p, const void *payload)
{
	return set_tp_port(p, 2, payload);
}

/**
 * cvsw_rw_set_dl_src() - set the Ethernet source address.
 * @p: the packet.
 * @payload: the new address (6 bytes).
 *
 * Return: 0.
 */
int cvsw_rw_set_dl_src(struct cvsw_pkt *p, const void *payload)
{
	if (p->len >= 14)
		memcpy(p->data + ETH_ALEN, payload, ETH_ALEN);
	return 0;
}

/**
 * cvsw_rw_set_dl_dst() - set the Ethernet destination address.
 * @p: the packet.
 * @payload: the new address (6 bytes).
 *
 * Return: 0.
 */
int cvsw_rw_set_dl_dst(struct cvsw_pkt *p, const void *payload)
{
	if (p->len >= 14)
		memcpy(p->data, payload, ETH_ALEN);
	return 0;
}

static bool has_tag(const struct cvsw_pkt *p)
{
	return p->len >= 18 && is_tpid(cvsw_rd16(p->data + 12));
}

static int push_tag(struct cvsw_pkt *p, u16 tci)
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
 * cvsw_rw_set_vlan_vid() - set the VLAN id of the outer tag.
 * @p: the packet.
 * @payload: the VLAN id (u16, host order, 0..4095).
 *
 * An untagged packet gets an 802.1Q tag with this id and priority 0, as
 * Open vSwitch does for OF1.0.
 *
 * Return: 0, or -ENOSPC if a tag must be pushed and headroom is short.
 */
int cvsw_rw_set_vlan_vid(struct cvsw_pkt *p, const void *payload)
{
	u16 tci, vid;

	memcpy(&vid, payload, sizeof(vid));
	if (!has_tag(p))
		return push_tag(p, vid & 0x0fff);
	tci = cvsw_rd16(p->data + 14);
	cvsw_wr16(p->data + 14, (tci & 0xf000) | (vid & 0x0fff));
	return 0;
}

/**
 * cvsw_rw_set_vlan_pcp() - set the priority of the outer tag.
 * @p: the packet.
 * @payload: the priority (u8, 0..7).
 *
 * An untagged packet gets an 802.1Q tag with VLAN id 0 and this priority.
 *
 * Return: 0, or -ENOSPC if a tag must be pushed and headroom is short.
 */
int cvsw_rw_set_vlan_pcp(struct cvsw_pkt *p, const void *payload)
{
	u8 pcp = *(const u8 *)payload;
	u16 tci;

	if (!has_tag(p))
		return push_tag(p, (u16)(pcp & 7) << 13);
	tci = cvsw_rd16(p->data + 14);
	cvsw_wr16(p->data + 14, (tci & 0x1fff) | ((u16)(pcp & 7) << 13));
	return 0;
}

/**
 * cvsw_rw_strip_vlan() - remove the outer VLAN tag, if any.
 * @p: the packet.
 * @payload: none (the action has no payload).
 *
 * Return: 0.
 */
int cvsw_rw_strip_vlan(struct cvsw_pkt *p, const void *payload)
{
	(void)payload;
	if (!has_tag(p))
		return 0;
	memmove(p->data + CVSW_VLAN_HLEN, p->data, 2 * ETH_ALEN);
	p->data += CVSW_VLAN_HLEN;
	p->len -= CVSW_VLAN_HLEN;
	p->headroom += CVSW_VLAN_HLEN;
	return 0;
}

/**
 * cvsw_rw_apply() - apply one rewrite action TLV.
 * @p: the packet.
 * @a: a validated action.
 *
 * After an action that pushes or pops headers, p->layout is recomputed
 * from the packet.
 *
 * Return: 0 on success, -ENOSPC for a VLAN push without headroom,
 * -EOPNOTSUPP if @a is not a rewrite (an output: the caller's business).
 */
int cvsw_rw_apply(struct cvsw_pkt *p, const struct cvsw_action *a)
{
	const struct cvsw_action_desc *d = cvsw_action_desc(a->type);
	struct cvsw_flow_key key;
	int err;

	if (!d || !d->apply)
		return -EOPNOTSUPP;
	err = d->apply(p, a->data);
	if (!err && (d->flags & CVSW_ACTF_MOVES_L2))
		cvsw_flow_key_extract(p->data, p->len, 0, &key, &p->layout);
	return err;
}
