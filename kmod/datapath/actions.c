// SPDX-License-Identifier: GPL-2.0
/*
 * CVSW datapath: validation and inspection of action blobs (see actions.h).
 */
#include "actions.h"

/* Exact TLV length of each OF1.0 action type. */
static const u8 act_len[] = {
	[CVSW_ACT_OUTPUT] = 8,
	[CVSW_ACT_SET_VLAN_VID] = 8,
	[CVSW_ACT_SET_VLAN_PCP] = 8,
	[CVSW_ACT_STRIP_VLAN] = 4,
	[CVSW_ACT_SET_DL_SRC] = 12,
	[CVSW_ACT_SET_DL_DST] = 12,
	[CVSW_ACT_SET_NW_SRC] = 8,
	[CVSW_ACT_SET_NW_DST] = 8,
	[CVSW_ACT_SET_NW_TOS] = 8,
	[CVSW_ACT_SET_TP_SRC] = 8,
	[CVSW_ACT_SET_TP_DST] = 8,
	[CVSW_ACT_ENQUEUE] = 12,
};

/**
 * cvsw_action_get_u16() - the first payload field of an action, as u16.
 * @a: an OUTPUT, ENQUEUE or SET_VLAN_VID action.
 *
 * Return: the port or VLAN id.
 */
u16 cvsw_action_get_u16(const struct cvsw_action *a)
{
	u16 v;

	memcpy(&v, a->data, sizeof(v));
	return v;
}

static bool payload_ok(const u8 *tlv, u16 type)
{
	u16 v;

	memcpy(&v, tlv + 4, sizeof(v));
	switch (type) {
	case CVSW_ACT_SET_VLAN_VID:
		return v <= 0x0fff;
	case CVSW_ACT_SET_VLAN_PCP:
		return tlv[4] <= 7;
	case CVSW_ACT_SET_NW_TOS:
		return !(tlv[4] & 0x03);
	default:
		return true;
	}
}

/**
 * cvsw_actions_validate() - check an action blob before a flow takes it.
 * @data: the TLVs (the data member of a future struct cvsw_actions).
 * @len: their total length.
 *
 * Every TLV must be 4-byte aligned in length, lie within @len, have a known
 * type with its exact length (tunnel TLVs: 4..CVSW_ACT_TUNNEL_MAX_LEN) and
 * a payload in range.
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
		u16 type, alen;

		if (len - ofs < 4)
			return -EINVAL;
		memcpy(&type, p + ofs, sizeof(type));
		memcpy(&alen, p + ofs + 2, sizeof(alen));
		if (alen < 4 || (alen & 3) || alen > len - ofs)
			return -EINVAL;
		if (type >= CVSW_ACT_TUNNEL_FIRST && type <= CVSW_ACT_TUNNEL_LAST) {
			if (alen > CVSW_ACT_TUNNEL_MAX_LEN)
				return -EINVAL;
		} else if (type >= ARRAY_SIZE(act_len) || alen != act_len[type] ||
			   !payload_ok(p + ofs, type)) {
			return -EINVAL;
		}
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
 * Return: true if some OUTPUT/ENQUEUE action names @port.
 */
bool cvsw_actions_has_output(const struct cvsw_actions *acts, u16 port)
{
	const struct cvsw_action *a;

	cvsw_actions_for_each(a, acts)
		if ((a->type == CVSW_ACT_OUTPUT || a->type == CVSW_ACT_ENQUEUE) &&
		    cvsw_action_get_u16(a) == port)
			return true;
	return false;
}

/**
 * cvsw_actions_headroom() - headroom the rewrites of a list may need.
 * @acts: a validated action list.
 *
 * Each SET_VLAN_VID/SET_VLAN_PCP may push a 4-byte tag (after a strip).
 *
 * Return: bytes of headroom that make every rewrite of @acts succeed.
 */
u32 cvsw_actions_headroom(const struct cvsw_actions *acts)
{
	const struct cvsw_action *a;
	u32 room = 0;

	cvsw_actions_for_each(a, acts)
		if (a->type == CVSW_ACT_SET_VLAN_VID ||
		    a->type == CVSW_ACT_SET_VLAN_PCP)
			room += 4;
	return room;
}
