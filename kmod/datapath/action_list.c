// SPDX-License-Identifier: GPL-2.0
/*
 * CVSW datapath: the action list of a flow (the blob of TLVs actions.h
 * describes): its validation before a flow takes it, and what the rest of
 * the datapath asks of it (outputs, headroom).  What each action is and
 * does is in actions.c.
 */
#include "actions.h"

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
