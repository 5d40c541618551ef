// SPDX-License-Identifier: GPL-2.0
/*
 * CVSW datapath: every action, in one place.
 *
 * For each action: the check of its payload (if a length is not enough),
 * its execution on a packet (rewrites only; outputs are the caller's), and
 * its entry in cvsw_action_descs[], the one table the validation, the
 * headroom estimate, the netlink parser and the netlink replies read.
 * A new action is a new block here plus its uapi number.
 *
 * Execution (the apply functions, through cvsw_rw_apply()) returns 0 on
 * success, including when the action does not apply to the packet
 * (set_nw_src on a non-IPv4 packet, set_tp_src on ICMP or a later
 * fragment, strip_vlan on an untagged packet, a truncated header), and
 * -ENOSPC when a VLAN tag must be pushed but headroom is short.  The
 * packet primitives and the checksum rules are in rewrite.h.
 */
#include "actions.h"
#include "rewrite.h"
#include "dp_bytes.h"

/* Name and wrong-length message of an action (both static strings). */
#define ACT(nm)	.name = nm, .bad_len = nm " has a wrong payload length"

/* set_vlan_vid (u16 vid, host order, 0..4095): the outer tag's VLAN id;
 * an untagged packet gets an 802.1Q tag with this id and priority 0, as
 * Open vSwitch does for OF1.0.
 */
static const char *check_vlan_vid(const void *payload)
{
	u16 vid;

	memcpy(&vid, payload, sizeof(vid));
	return vid > 0x0fff ? "vlan id must be 0..4095" : NULL;
}

static int apply_vlan_vid(struct cvsw_pkt *p, const void *payload)
{
	u16 tci, vid;

	memcpy(&vid, payload, sizeof(vid));
	if (!cvsw_pkt_has_vlan(p))
		return cvsw_pkt_push_vlan(p, vid & 0x0fff);
	tci = cvsw_rd16(p->data + 14);
	cvsw_wr16(p->data + 14, (tci & 0xf000) | (vid & 0x0fff));
	return 0;
}

/* set_vlan_pcp (u8, 0..7): the outer tag's priority; an untagged packet
 * gets an 802.1Q tag with VLAN id 0 and this priority.
 */
static const char *check_vlan_pcp(const void *payload)
{
	return *(const u8 *)payload > 7 ? "vlan priority must be 0..7" : NULL;
}

static int apply_vlan_pcp(struct cvsw_pkt *p, const void *payload)
{
	u16 pcp = (*(const u8 *)payload & 7) << 13, tci;

	if (!cvsw_pkt_has_vlan(p))
		return cvsw_pkt_push_vlan(p, pcp);
	tci = cvsw_rd16(p->data + 14);
	cvsw_wr16(p->data + 14, (tci & 0x1fff) | pcp);
	return 0;
}

/* strip_vlan (no payload): pop the outer tag, if any. */
static int apply_strip_vlan(struct cvsw_pkt *p, const void *payload)
{
	(void)payload;
	cvsw_pkt_pop_vlan(p);
	return 0;
}

/* set_dl_src / set_dl_dst (6 bytes): the Ethernet addresses. */
static int apply_dl_src(struct cvsw_pkt *p, const void *payload)
{
	if (p->len >= 14)
		memcpy(p->data + ETH_ALEN, payload, ETH_ALEN);
	return 0;
}

static int apply_dl_dst(struct cvsw_pkt *p, const void *payload)
{
	if (p->len >= 14)
		memcpy(p->data, payload, ETH_ALEN);
	return 0;
}

/* set_nw_src / set_nw_dst (__be32): the IPv4 addresses, with the IPv4 and
 * TCP/UDP (pseudo-header) checksums.
 */
static int set_nw_addr(struct cvsw_pkt *p, u32 ofs, const void *payload)
{
	u32 from, to = cvsw_rd32(payload);
	struct cvsw_pkt_ip loc;

	cvsw_pkt_find_ip(p, &loc);
	if (!loc.ip)
		return 0;
	from = cvsw_rd32(loc.ip + ofs);
	if (from == to)
		return 0;
	cvsw_pkt_l4_csum_addr(p, &loc, from, to);
	cvsw_wr16(loc.ip + 10, cvsw_csum_replace32(cvsw_rd16(loc.ip + 10),
						   from, to, false));
	cvsw_wr32(loc.ip + ofs, to);
	return 0;
}

static int apply_nw_src(struct cvsw_pkt *p, const void *payload)
{
	return set_nw_addr(p, 12, payload);
}

static int apply_nw_dst(struct cvsw_pkt *p, const void *payload)
{
	return set_nw_addr(p, 16, payload);
}

/* set_nw_tos (u8, DSCP << 2): the DSCP bits of the IPv4 TOS; ECN is kept. */
static const char *check_nw_tos(const void *payload)
{
	return *(const u8 *)payload & 0x03 ?
	       "nw_tos has ECN bits set (give DSCP << 2)" : NULL;
}

static int apply_nw_tos(struct cvsw_pkt *p, const void *payload)
{
	u8 tos = *(const u8 *)payload;
	struct cvsw_pkt_ip loc;
	u16 from, to;

	cvsw_pkt_find_ip(p, &loc);
	if (!loc.ip)
		return 0;
	from = cvsw_rd16(loc.ip);
	to = (from & 0xff03) | (tos & 0xfc);
	cvsw_wr16(loc.ip + 10, cvsw_csum_replace16(cvsw_rd16(loc.ip + 10),
						   from, to, false));
	cvsw_wr16(loc.ip, to);
	return 0;
}

/* set_tp_src / set_tp_dst (__be16): the TCP/UDP ports, with the L4 sum. */
static int set_tp_port(struct cvsw_pkt *p, u32 ofs, const void *payload)
{
	u16 from, to = cvsw_rd16(payload);
	struct cvsw_pkt_ip loc;

	cvsw_pkt_find_ip(p, &loc);
	if (!loc.l4)
		return 0;
	from = cvsw_rd16(loc.l4 + ofs);
	cvsw_pkt_l4_csum_field(p, &loc, from, to);
	cvsw_wr16(loc.l4 + ofs, to);
	return 0;
}

static int apply_tp_src(struct cvsw_pkt *p, const void *payload)
{
	return set_tp_port(p, 0, payload);
}

static int apply_tp_dst(struct cvsw_pkt *p, const void *payload)
{
	return set_tp_port(p, 2, payload);
}

/*
 * Every action the datapath executes, indexed by its uapi number. Payload
 * lengths are those of the netlink attributes (uapi/cvsw.h).  Outputs
 * (output, enqueue) have no apply function: the caller sends the packet;
 * neither have metadata actions (set_tunnel): the caller keeps the value.
 */
static const struct cvsw_action_desc cvsw_action_descs[] = {
	[CVSW_ACTION_A_OUTPUT] = {
		ACT("output"), .len = sizeof(struct cvsw_action_output),
		.flags = CVSW_ACTF_OUTPUT,
	},
	[CVSW_ACTION_A_SET_VLAN_VID] = {
		ACT("set_vlan_vid"), .len = sizeof(u16),
		.flags = CVSW_ACTF_MOVES_L2, .grows = CVSW_VLAN_HLEN,
		.check = check_vlan_vid, .apply = apply_vlan_vid,
	},
	[CVSW_ACTION_A_SET_VLAN_PCP] = {
		ACT("set_vlan_pcp"), .len = sizeof(u8),
		.flags = CVSW_ACTF_MOVES_L2, .grows = CVSW_VLAN_HLEN,
		.check = check_vlan_pcp, .apply = apply_vlan_pcp,
	},
	[CVSW_ACTION_A_STRIP_VLAN] = {
		ACT("strip_vlan"), .len = 0,
		.flags = CVSW_ACTF_MOVES_L2, .apply = apply_strip_vlan,
	},
	[CVSW_ACTION_A_SET_DL_SRC] = {
		ACT("set_dl_src"), .len = ETH_ALEN, .apply = apply_dl_src,
	},
	[CVSW_ACTION_A_SET_DL_DST] = {
		ACT("set_dl_dst"), .len = ETH_ALEN, .apply = apply_dl_dst,
	},
	[CVSW_ACTION_A_SET_NW_SRC] = {
		ACT("set_nw_src"), .len = sizeof(__be32),
		.flags = CVSW_ACTF_REHASH, .apply = apply_nw_src,
	},
	[CVSW_ACTION_A_SET_NW_DST] = {
		ACT("set_nw_dst"), .len = sizeof(__be32),
		.flags = CVSW_ACTF_REHASH, .apply = apply_nw_dst,
	},
	[CVSW_ACTION_A_SET_NW_TOS] = {
		ACT("set_nw_tos"), .len = sizeof(u8),
		.check = check_nw_tos, .apply = apply_nw_tos,
	},
	[CVSW_ACTION_A_SET_TP_SRC] = {
		ACT("set_tp_src"), .len = sizeof(__be16),
		.flags = CVSW_ACTF_REHASH, .apply = apply_tp_src,
	},
	[CVSW_ACTION_A_SET_TP_DST] = {
		ACT("set_tp_dst"), .len = sizeof(__be16),
		.flags = CVSW_ACTF_REHASH, .apply = apply_tp_dst,
	},
	[CVSW_ACTION_A_ENQUEUE] = {
		ACT("enqueue"), .len = sizeof(struct cvsw_action_enqueue),
		.flags = CVSW_ACTF_OUTPUT,
	},
	[CVSW_ACTION_A_SET_TUNNEL] = {
		ACT("set_tunnel"), .len = sizeof(u64),
		.flags = CVSW_ACTF_META,
	},
};

/* Tripwires: the table covers the uapi, and the uapi structs are the wire
 * format the payloads are (an output's port is its first u16).
 */
static_assert(ARRAY_SIZE(cvsw_action_descs) == CVSW_ACTION_A_MAX + 1,
	      "an action of uapi/cvsw.h has no descriptor");
static_assert(sizeof(struct cvsw_action_output) == 4 &&
	      offsetof(struct cvsw_action_output, port) == 0,
	      "struct cvsw_action_output changed");
static_assert(sizeof(struct cvsw_action_enqueue) == 8 &&
	      offsetof(struct cvsw_action_enqueue, port) == 0,
	      "struct cvsw_action_enqueue changed");
static_assert(sizeof(struct cvsw_action) == CVSW_ACTION_HDR_LEN,
	      "TLV header size");

/**
 * cvsw_action_desc() - the descriptor of an action type.
 * @type: CVSW_ACTION_A_*, any value.
 *
 * Return: the descriptor, or NULL if the datapath has no such action.
 */
const struct cvsw_action_desc *cvsw_action_desc(unsigned int type)
{
	if (type >= ARRAY_SIZE(cvsw_action_descs) ||
	    !cvsw_action_descs[type].name)
		return NULL;
	return &cvsw_action_descs[type];
}

/**
 * cvsw_action_tlv_len() - the TLV length of an action in a blob.
 * @d: its descriptor.
 *
 * Return: header plus payload, rounded up to 4 bytes.
 */
u16 cvsw_action_tlv_len(const struct cvsw_action_desc *d)
{
	return CVSW_ACTION_HDR_LEN + ((d->len + 3) & ~3u);
}

/**
 * cvsw_action_check() - is this a known action with a valid payload?
 * @type: CVSW_ACTION_A_*, any value.
 * @payload: its payload.
 * @len: the payload's length in bytes.
 *
 * The single judge of an action, for the netlink parser (which reports
 * the text) and for cvsw_actions_validate().
 *
 * Return: NULL if valid, else why not.
 */
const char *cvsw_action_check(unsigned int type, const void *payload,
			      unsigned int len)
{
	const struct cvsw_action_desc *d = cvsw_action_desc(type);

	if (!d)
		return "unknown action";
	if (len != d->len)
		return d->bad_len;
	return d->check ? d->check(payload) : NULL;
}

/**
 * cvsw_rw_apply() - execute one rewrite action on a packet.
 * @p: the packet.
 * @a: an action of a validated blob.
 *
 * After an action that pushes or pops headers (CVSW_ACTF_MOVES_L2),
 * p->layout is recomputed from the packet.  Runs in any context; it
 * neither sleeps nor allocates.
 *
 * Return: 0 on success (also when the action does not apply to this
 * packet), -ENOSPC for a VLAN push without headroom (the packet is
 * unchanged), -EOPNOTSUPP if @a is not a rewrite (an output: the caller's
 * business).
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
