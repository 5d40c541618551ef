// SPDX-License-Identifier: GPL-2.0
/*
 * CVSW datapath: the table of actions, and validation and inspection of
 * action blobs (see actions.h).
 */
#include "actions.h"
#include "rewrite.h"

static const char *check_vlan_vid(const void *payload)
{
	u16 vid;

	memcpy(&vid, payload, sizeof(vid));
	return vid > 0x0fff ? "vlan id must be 0..4095" : NULL;
}

static const char *check_vlan_pcp(const void *payload)
{
	return *(const u8 *)payload > 7 ? "vlan priority must be 0..7" : NULL;
}

static const char *check_nw_tos(const void *payload)
{
	return *(const u8 *)payload & 0x03 ?
	       "nw_tos has ECN bits set (give DSCP << 2)" : NULL;
}

/* Name and wrong-length message of an action (both static strings). */
#define ACT(nm)	.name = nm, .bad_len = nm " has a wrong payload length"

/*
 * Every action the datapath executes, indexed by its uapi number. Payload
 * lengths are those of the netlink attributes (uapi/cvsw.h).
 */
static const struct cvsw_action_desc cvsw_action_descs[] = {
	[CVSW_ACTION_A_OUTPUT] = {
		ACT("output"), .len = sizeof(struct cvsw_action_output),
		.flags = CVSW_ACTF_OUTPUT,
	},
	[CVSW_ACTION_A_SET_VLAN_VID] = {
		ACT("set_vlan_vid"), .len = sizeof(u16),
		.flags = CVSW_ACTF_MOVES_L2, .grows = CVSW_VLAN_HLEN,
		.check = check_vlan_vid, .apply = cvsw_rw_set_vlan_vid,
	},
	[CVSW_ACTION_A_SET_VLAN_PCP] = {
		ACT("set_vlan_pcp"), .len = sizeof(u8),
		.flags = CVSW_ACTF_MOVES_L2, .grows = CVSW_VLAN_HLEN,
		.check = check_vlan_pcp, .apply = cvsw_rw_set_vlan_pcp,
	},
	[CVSW_ACTION_A_STRIP_VLAN] = {
		ACT("strip_vlan"), .len = 0,
		.flags = CVSW_ACTF_MOVES_L2, .apply = cvsw_rw_strip_vlan,
	},
	[CVSW_ACTION_A_SET_DL_SRC] = {
		ACT("set_dl_src"), .len = ETH_ALEN,
		.apply = cvsw_rw_set_dl_src,
	},
	[CVSW_ACTION_A_SET_DL_DST] = {
		ACT("set_dl_dst"), .len = ETH_ALEN,
		.apply = cvsw_rw_set_dl_dst,
	},
	[CVSW_ACTION_A_SET_NW_SRC] = {
		ACT("set_nw_src"), .len = sizeof(__be32),
		.flags = CVSW_ACTF_REHASH, .apply = cvsw_rw_set_nw_src,
	},
	[CVSW_ACTION_A_SET_NW_DST] = {
		ACT("set_nw_dst"), .len = sizeof(__be32),
		.flags = CVSW_ACTF_REHASH, .apply = cvsw_rw_set_nw_dst,
	},
	[CVSW_ACTION_A_SET_NW_TOS] = {
		ACT("set_nw_tos"), .len = sizeof(u8),
		.check = check_nw_tos, .apply = cvsw_rw_set_nw_tos,
	},
	[CVSW_ACTION_A_SET_TP_SRC] = {
		ACT("set_tp_src"), .len = sizeof(__be16),
		.flags = CVSW_ACTF_REHASH, .apply = cvsw_rw_set_tp_src,
	},
	[CVSW_ACTION_A_SET_TP_DST] = {
		ACT("set_tp_dst"), .len = sizeof(__be16),
		.flags = CVSW_ACTF_REHASH, .apply = cvsw_rw_set_tp_dst,
	},
	[CVSW_ACTION_A_ENQUEUE] = {
		ACT("enqueue"), .len = sizeof(struct cvsw_action_enqueue),
		.flags = CVSW_ACTF_OUTPUT,
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
 * cvsw_action_port() - the port of an output action.
 * @a: an action whose descriptor has CVSW_ACTF_OUTPUT.
 *
 * Return: the port (the first u16 of every output payload).
 */
u16 cvsw_action_port(const struct cvsw_action *a)
{
	u16 v;

	memcpy(&v, a->data, sizeof(v));
	return v;
}

/**
 * cvsw_actions_validate() - check an action blob before a flow takes it.
 * @data: the TLVs (the data member of a future struct cvsw_actions).
 * @len: their total length.
 *
 * Every TLV must lie within @len, be a known action with exactly its TLV
 * length (cvsw_action_tlv_len()), zero padding and a payload in range.
 *
 * Return: 0 if valid, -EINVAL otherwise.
 */
int cvsw_actions_validate(const void *data, u32 len)
{
	const u8 *p = data;
	u32 ofs = 0;

	if (len > CVSW_ACTIONS_MAX_LEN || (len && !data))
		return -EINVAL;
	while (ofs < len) {
		const struct cvsw_action_desc *d;
		u16 type, alen, i;

		if (len - ofs < CVSW_ACTION_HDR_LEN)
			return -EINVAL;
		memcpy(&type, p + ofs, sizeof(type));
		memcpy(&alen, p + ofs + 2, sizeof(alen));
		d = cvsw_action_desc(type);
		if (!d || alen != cvsw_action_tlv_len(d) || alen > len - ofs)
			return -EINVAL;
		for (i = CVSW_ACTION_HDR_LEN + d->len; i < alen; i++)
			if (p[ofs + i])
				return -EINVAL;
		if (cvsw_action_check(type, p + ofs + CVSW_ACTION_HDR_LEN,
				      d->len))
			return -EINVAL;
		ofs += alen;
	}
	return 0;
}

/**
 * cvsw_actions_has_output() - does an action list send to @port?
 * @acts: a validated action list.
 * @port: the port (an OUTPUT or ENQUEUE to it counts).
 *
 * This is the out_port filter of OF1.0 delete requests.
 *
 * Return: true if some output action names @port.
 */
bool cvsw_actions_has_output(const struct cvsw_actions *acts, u16 port)
{
	const struct cvsw_action *a;

	cvsw_actions_for_each(a, acts)
		if ((cvsw_action_desc(a->type)->flags & CVSW_ACTF_OUTPUT) &&
		    cvsw_action_port(a) == port)
			return true;
	return false;
}

/**
 * cvsw_actions_headroom() - headroom the rewrites of a list may need.
 * @acts: a validated action list.
 *
 * Each action may add its descriptor's @grows bytes (a VLAN tag pushed
 * after a strip, for instance).
 *
 * Return: bytes of headroom that make every rewrite of @acts succeed.
 */
u32 cvsw_actions_headroom(const struct cvsw_actions *acts)
{
	const struct cvsw_action *a;
	u32 room = 0;

	cvsw_actions_for_each(a, acts)
		room += cvsw_action_desc(a->type)->grows;
	return room;
}
