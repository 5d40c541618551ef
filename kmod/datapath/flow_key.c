// SPDX-License-Identifier: GPL-2.0
/*
 * CVSW datapath: flow key extraction from the bytes of a packet.
 *
 * The parser walks Ethernet, up to two VLAN tags, ARP/IPv4/IPv6 (with IPv6
 * extension headers) and the transport header.  Tunnel headers are not
 * parsed here: decapsulation belongs to the receive path (tun_parse.c).
 * Every read is bounds-checked against the buffer (and, for the IP
 * payload, against the IP length field): when a header is truncated or
 * malformed the key simply stops at the last layer that was valid.
 */
#include "flow_key.h"
#include "dp_bytes.h"
#include "tunnel_hdr.h"	/* SCLP: IP protocol and header length */

#define ETH_TYPE_IPV4	0x0800
#define ETH_TYPE_ARP	0x0806
#define ETH_TYPE_RARP	0x8035
#define ETH_TYPE_IPV6	0x86dd
#define ETH_TYPE_VLAN	0x8100
#define ETH_TYPE_QINQ	0x88a8
#define ETH_TYPE_MIN	0x0600

#define PROTO_ICMP	1
#define PROTO_TCP	6
#define PROTO_UDP	17
#define PROTO_GRE	47
#define PROTO_AH	51
#define PROTO_ICMPV6	58
#define PROTO_HOPOPTS	0
#define PROTO_ROUTING	43
#define PROTO_FRAGMENT	44
#define PROTO_DSTOPTS	60

struct parse_ctx {
	const u8 *p;
	struct cvsw_flow_key *key;
	struct cvsw_flow_layout *lay;
};

/* Transport header with two 16-bit ports first (TCP, UDP, SCLP). */
static int parse_ports(struct parse_ctx *c, size_t ofs, size_t end,
		       size_t min_len)
{
	const u8 *h = c->p + ofs;

	if (end - ofs < min_len)
		return 0;
	c->key->tp_src = cpu_to_be16(cvsw_rd16(h));
	c->key->tp_dst = cpu_to_be16(cvsw_rd16(h + 2));
	c->lay->l4_ofs = ofs;
	return CVSW_LAYER_L4;
}

static int parse_tcp(struct parse_ctx *c, size_t ofs, size_t end)
{
	size_t doff;

	if (end - ofs < 20)
		return 0;
	doff = (size_t)(c->p[ofs + 12] >> 4) * 4;
	if (doff < 20 || end - ofs < doff)
		return 0;
	return parse_ports(c, ofs, end, 20);
}

/* GRE: no ports in the key (and none to rewrite); the header is there. */
static int parse_gre(size_t ofs, size_t end)
{
	return end - ofs < 4 ? 0 : CVSW_LAYER_L4;
}

static int parse_icmp(struct parse_ctx *c, size_t ofs, size_t end)
{
	const u8 *h = c->p + ofs;

	if (end - ofs < 8)
		return 0;
	c->key->tp_src = cpu_to_be16(h[0]);
	c->key->tp_dst = cpu_to_be16(h[1]);
	c->lay->l4_ofs = ofs;
	return CVSW_LAYER_L4;
}

static int parse_l4(struct parse_ctx *c, size_t ofs, size_t end, u8 proto,
		    bool ipv6)
{
	switch (proto) {
	case PROTO_TCP:
		return parse_tcp(c, ofs, end);
	case PROTO_UDP:
		return parse_ports(c, ofs, end, 8);
	case PROTO_GRE:
		return parse_gre(ofs, end);
	case CVSW_IPPROTO_SCLP:
		return parse_ports(c, ofs, end, CVSW_SCLP_HLEN);
	case PROTO_ICMP:
		return ipv6 ? 0 : parse_icmp(c, ofs, end);
	case PROTO_ICMPV6:
		return ipv6 ? parse_icmp(c, ofs, end) : 0;
	default:
		return 0;
	}
}

static int parse_ipv4(struct parse_ctx *c, size_t ofs, size_t len)
{
	const u8 *h = c->p + ofs;
	size_t ihl, tot, end;
	u16 frag;

	if (len - ofs < 20 || (h[0] >> 4) != 4)
		return 0;
	ihl = (size_t)(h[0] & 0x0f) * 4;
	tot = cvsw_rd16(h + 2);
	if (ihl < 20 || len - ofs < ihl || tot < ihl)
		return 0;
	end = min_t(size_t, len, ofs + tot);
	c->key->nw_tos = h[1] & 0xfc;
	c->key->nw_proto = h[9];
	memcpy(&c->key->nw_src, h + 12, 4);
	memcpy(&c->key->nw_dst, h + 16, 4);
	c->lay->l4_end = end;
	frag = cvsw_rd16(h + 6);
	if (frag & 0x3fff) {		/* MF set or offset != 0 */
		c->key->nw_frag = CVSW_FRAG_ANY;
		if (frag & 0x1fff) {
			c->key->nw_frag |= CVSW_FRAG_LATER;
			return CVSW_LAYER_L3;
		}
	}
	return CVSW_LAYER_L3 | parse_l4(c, ofs + ihl, end, h[9], false);
}

static int parse_ipv6(struct parse_ctx *c, size_t ofs, size_t len)
{
	const u8 *h = c->p + ofs;
	size_t end, cur, hlen;
	u16 plen;
	u8 nh;

	if (len - ofs < 40 || (h[0] >> 4) != 6)
		return 0;
	c->key->nw_tos = (cvsw_rd16(h) >> 4) & 0xfc;
	memcpy(c->key->ipv6_src, h + 8, 16);
	memcpy(c->key->ipv6_dst, h + 24, 16);
	plen = cvsw_rd16(h + 4);
	end = plen ? min_t(size_t, len, ofs + 40 + plen) : len;
	c->lay->l4_end = end;
	nh = h[6];
	cur = ofs + 40;
	for (;;) {
		const u8 *e = c->p + cur;

		if (nh != PROTO_HOPOPTS && nh != PROTO_ROUTING &&
		    nh != PROTO_DSTOPTS && nh != PROTO_AH &&
		    nh != PROTO_FRAGMENT)
			break;
		if (end < cur || end - cur < 8)
			goto stop;
		if (nh == PROTO_FRAGMENT) {
			c->key->nw_frag = CVSW_FRAG_ANY;
			if (cvsw_rd16(e + 2) & 0xfff8) {
				c->key->nw_frag |= CVSW_FRAG_LATER;
				nh = e[0];
				goto stop;
			}
			hlen = 8;
		} else if (nh == PROTO_AH) {
			hlen = ((size_t)e[1] + 2) * 4;
		} else {
			hlen = ((size_t)e[1] + 1) * 8;
		}
		if (end - cur < hlen)
			goto stop;
		nh = e[0];
		cur += hlen;
	}
	c->key->nw_proto = nh;
	return CVSW_LAYER_L3 | parse_l4(c, cur, end, nh, true);
stop:
	c->key->nw_proto = nh;
	return CVSW_LAYER_L3;
}

static int parse_arp(struct parse_ctx *c, size_t ofs, size_t len)
{
	const u8 *h = c->p + ofs;

	if (len - ofs < 28)
		return 0;
	if (cvsw_rd16(h) != 1 || cvsw_rd16(h + 2) != ETH_TYPE_IPV4 ||
	    h[4] != ETH_ALEN || h[5] != 4)
		return 0;
	c->key->nw_proto = h[7];	/* low byte of the opcode */
	memcpy(&c->key->nw_src, h + 14, 4);
	memcpy(&c->key->nw_dst, h + 24, 4);
	return CVSW_LAYER_L3;
}

static int extract(const u8 *p, size_t len, u16 in_port,
		   struct cvsw_flow_key *key, struct cvsw_flow_layout *layout)
{
	struct cvsw_flow_layout dummy;
	struct parse_ctx c = { .p = p, .key = key, .lay = layout };
	unsigned int ntags = 0;
	size_t ofs;
	u16 type;

	if (!c.lay)
		c.lay = &dummy;
	memset(key, 0, sizeof(*key));
	memset(c.lay, 0, sizeof(*c.lay));
	key->in_port = in_port;
	key->dl_vlan = CVSW_VLAN_NONE;
	if (len < ETH_HLEN)
		return 0;
	memcpy(key->dl_dst, p, ETH_ALEN);
	memcpy(key->dl_src, p + ETH_ALEN, ETH_ALEN);
	type = cvsw_rd16(p + 12);
	ofs = ETH_HLEN;
	/* The outer tag may be 802.1ad; an inner one must be 802.1Q. */
	while (ntags < 2 && (type == ETH_TYPE_VLAN ||
			     (type == ETH_TYPE_QINQ && ntags == 0))) {
		u16 t;

		if (len - ofs < 4)
			break;
		t = cvsw_rd16(p + ofs);
		if (ntags == 0) {
			key->dl_vlan = t & 0x0fff;
			key->dl_vlan_pcp = t >> 13;
		}
		type = cvsw_rd16(p + ofs + 2);
		ofs += 4;
		ntags++;
	}
	if (type < ETH_TYPE_MIN) {
		key->dl_type = cpu_to_be16(CVSW_DL_TYPE_NOT_ETH);
		return CVSW_LAYER_L2;
	}
	key->dl_type = cpu_to_be16(type);
	c.lay->l3_ofs = ofs;
	switch (type) {
	case ETH_TYPE_IPV4:
		return CVSW_LAYER_L2 | parse_ipv4(&c, ofs, len);
	case ETH_TYPE_IPV6:
		return CVSW_LAYER_L2 | parse_ipv6(&c, ofs, len);
	case ETH_TYPE_ARP:
	case ETH_TYPE_RARP:
		return CVSW_LAYER_L2 | parse_arp(&c, ofs, len);
	default:
		return CVSW_LAYER_L2;
	}
}

/**
 * cvsw_flow_key_extract() - extract the flow key of a packet.
 * @data: the Ethernet header.
 * @len: bytes readable at @data; nothing beyond is ever read.
 * @in_port: datapath port the packet arrived on.
 * @key: the key to fill; fully overwritten (unused fields are zero).
 * @layout: if not NULL, filled with the offsets of the parsed layers.
 *
 * Return: the CVSW_LAYER_* bits of the layers that were parsed; 0 if the
 * buffer does not even hold an Ethernet header (the key then holds only
 * @in_port and dl_vlan = CVSW_VLAN_NONE).
 */
int cvsw_flow_key_extract(const void *data, size_t len, u16 in_port,
			  struct cvsw_flow_key *key,
			  struct cvsw_flow_layout *layout)
{
	return extract(data, len, in_port, key, layout);
}

/**
 * cvsw_mask_from_wildcards() - build a key mask from OF1.0 wildcards.
 * @mask: the mask to fill.
 * @wildcards: CVSW_FW_* bits (ofp_match.wildcards plus CVSW_FW_TUN_ID).
 */
void cvsw_mask_from_wildcards(struct cvsw_flow_key *mask, u32 wildcards)
{
	u32 n;

	memset(mask, 0, sizeof(*mask));
	if (!(wildcards & CVSW_FW_TUN_ID))
		mask->tun_id = U64_MAX;
	if (!(wildcards & CVSW_FW_IN_PORT))
		mask->in_port = 0xffff;
	if (!(wildcards & CVSW_FW_DL_SRC))
		memset(mask->dl_src, 0xff, ETH_ALEN);
	if (!(wildcards & CVSW_FW_DL_DST))
		memset(mask->dl_dst, 0xff, ETH_ALEN);
	if (!(wildcards & CVSW_FW_DL_TYPE))
		mask->dl_type = cpu_to_be16(0xffff);
	if (!(wildcards & CVSW_FW_DL_VLAN))
		mask->dl_vlan = 0xffff;
	if (!(wildcards & CVSW_FW_DL_VLAN_PCP))
		mask->dl_vlan_pcp = 0xff;
	if (!(wildcards & CVSW_FW_NW_TOS))
		mask->nw_tos = 0xfc;
	if (!(wildcards & CVSW_FW_NW_PROTO))
		mask->nw_proto = 0xff;
	n = (wildcards & CVSW_FW_NW_SRC_MASK) >> CVSW_FW_NW_SRC_SHIFT;
	if (n < 32)
		mask->nw_src = cpu_to_be32(~0u << n);
	n = (wildcards & CVSW_FW_NW_DST_MASK) >> CVSW_FW_NW_DST_SHIFT;
	if (n < 32)
		mask->nw_dst = cpu_to_be32(~0u << n);
	if (!(wildcards & CVSW_FW_TP_SRC))
		mask->tp_src = cpu_to_be16(0xffff);
	if (!(wildcards & CVSW_FW_TP_DST))
		mask->tp_dst = cpu_to_be16(0xffff);
}

static u32 prefix_wildcard_bits(__be32 mask)
{
	u32 m = be32_to_cpu(mask), n = 0;

	while (n < 32 && !(m & (1u << n)))
		n++;
	return n;
}

/**
 * cvsw_mask_to_wildcards() - OF1.0 wildcards of a key mask (for dumps).
 * @mask: a mask built by cvsw_mask_from_wildcards() or an equivalent one.
 *
 * A field counts as matched when any bit of it is set in @mask; the
 * nw_src/nw_dst prefix lengths come from the lowest set bit.
 *
 * Return: the CVSW_FW_* bits.
 */
u32 cvsw_mask_to_wildcards(const struct cvsw_flow_key *mask)
{
	static const u8 zero_mac[ETH_ALEN];
	u32 wc = 0;

	if (!mask->tun_id)
		wc |= CVSW_FW_TUN_ID;
	if (!mask->in_port)
		wc |= CVSW_FW_IN_PORT;
	if (!memcmp(mask->dl_src, zero_mac, ETH_ALEN))
		wc |= CVSW_FW_DL_SRC;
	if (!memcmp(mask->dl_dst, zero_mac, ETH_ALEN))
		wc |= CVSW_FW_DL_DST;
	if (!mask->dl_type)
		wc |= CVSW_FW_DL_TYPE;
	if (!mask->dl_vlan)
		wc |= CVSW_FW_DL_VLAN;
	if (!mask->dl_vlan_pcp)
		wc |= CVSW_FW_DL_VLAN_PCP;
	if (!mask->nw_tos)
		wc |= CVSW_FW_NW_TOS;
	if (!mask->nw_proto)
		wc |= CVSW_FW_NW_PROTO;
	if (!mask->tp_src)
		wc |= CVSW_FW_TP_SRC;
	if (!mask->tp_dst)
		wc |= CVSW_FW_TP_DST;
	wc |= prefix_wildcard_bits(mask->nw_src) << CVSW_FW_NW_SRC_SHIFT;
	wc |= prefix_wildcard_bits(mask->nw_dst) << CVSW_FW_NW_DST_SHIFT;
	return wc;
}

/**
 * cvsw_mask_exact() - the mask of an OF1.0 exact-match entry.
 * @mask: filled with all twelve OF1.0 fields and tun_id fully matched.
 */
void cvsw_mask_exact(struct cvsw_flow_key *mask)
{
	cvsw_mask_from_wildcards(mask, 0);
}

/**
 * cvsw_mask_is_exact() - does @mask make an OF1.0 exact-match entry?
 * @mask: a key mask.
 *
 * An entry is exact when all twelve OF1.0 fields are fully matched (tun_id,
 * a CVSW extension, does not matter).  Exact entries outrank every wildcard
 * entry whatever their priority.
 *
 * Return: true if exact.
 */
bool cvsw_mask_is_exact(const struct cvsw_flow_key *mask)
{
	struct cvsw_flow_key ex;
	unsigned int i;

	cvsw_mask_from_wildcards(&ex, CVSW_FW_TUN_ID);
	for (i = 0; i < CVSW_KEY_WORDS; i++)
		if ((mask->w[i] & ex.w[i]) != ex.w[i])
			return false;
	return true;
}
