/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CVSW datapath: the action list of a flow (an opaque, length-prefixed blob
 * of TLVs owned by the flow) and the one table that describes every action.
 *
 * Blob format (host byte order, built by the netlink layer, validated by
 * cvsw_actions_validate() before a flow takes it):
 *
 *   struct cvsw_actions { u32 len; u8 data[len]; }
 *   data = a sequence of TLVs, each
 *     u16 type     CVSW_ACTION_A_* of uapi/cvsw.h
 *     u16 len      total TLV length including this 4-byte header: 4 plus
 *                  the action's payload length rounded up to 4
 *     payload      byte for byte the payload of the netlink attribute
 *                  CVSW_ACTION_A_<type> (uapi/cvsw.h documents each one),
 *                  zero padded to len
 *
 * An empty blob (len 0) means drop.
 *
 * actions.c holds every action: its payload check, its execution on a
 * packet and its entry in cvsw_action_descs[], the only list of actions in
 * the kernel (the validation, the headroom estimate, the netlink parser
 * and the netlink replies all read it).  A new action touches that one
 * kernel file and uapi/cvsw.h.  action_list.c validates and inspects
 * blobs; rewrite.c has the packet primitives the actions are written with.
 */
#ifndef CVSW_ACTIONS_H
#define CVSW_ACTIONS_H

#include "dp_compat.h"
#include "uapi/cvsw.h"

#define CVSW_ACTIONS_MAX_LEN	4096
#define CVSW_ACTION_HDR_LEN	4

/* Bits of cvsw_action_desc.flags. */
#define CVSW_ACTF_OUTPUT	0x01	/* sends the packet: u16 port first */
#define CVSW_ACTF_MOVES_L2	0x02	/* pushes/pops headers: the layout
					 * of the packet must be recomputed
					 */
#define CVSW_ACTF_REHASH	0x04	/* changes addresses or ports: the
					 * packet's flow hash is stale
					 */
#define CVSW_ACTF_META		0x08	/* sets metadata of the packet (not
					 * its bytes): the caller executes it
					 */

struct cvsw_pkt;

/**
 * struct cvsw_action_desc - what the datapath knows about one action type.
 * @name: the action's name (messages, docs).
 * @bad_len: the refusal of a payload that is not @len bytes long.
 * @len: payload bytes, exactly (the netlink attribute's nla_len()).
 * @flags: CVSW_ACTF_* bits.
 * @grows: bytes the action may add in front of the packet (headroom).
 * @check: refuses a payload out of range: NULL if fine, else the reason
 *	(an extack text).  NULL member: every payload of @len bytes is fine.
 * @apply: executes a rewrite on a packet (as cvsw_rw_apply() describes);
 *	NULL for outputs and metadata actions.
 */
struct cvsw_action_desc {
	const char *name;
	const char *bad_len;
	u16 len;
	u8 flags;
	u8 grows;
	const char *(*check)(const void *payload);
	int (*apply)(struct cvsw_pkt *p, const void *payload);
};

/**
 * struct cvsw_action - header of one action TLV.
 * @type: CVSW_ACTION_A_*.
 * @len: total length of the TLV in bytes, including this header.
 * @data: payload.
 */
struct cvsw_action {
	u16 type;
	u16 len;
	u8 data[];
};

/**
 * struct cvsw_actions - an action list.
 * @len: bytes in @data.
 * @data: the TLVs.
 */
struct cvsw_actions {
	u32 len;
	u8 data[];
};

#define cvsw_action_next(a) \
	((const struct cvsw_action *)((const u8 *)(a) + (a)->len))

/* Iterate over the TLVs of a validated blob. */
#define cvsw_actions_for_each(a, acts) \
	for (a = (const struct cvsw_action *)(acts)->data; \
	     (const u8 *)(a) < (acts)->data + (acts)->len; \
	     a = cvsw_action_next(a))

/* actions.c: the table and the execution */
const struct cvsw_action_desc *cvsw_action_desc(unsigned int type);
const char *cvsw_action_check(unsigned int type, const void *payload,
			      unsigned int len);
u16 cvsw_action_tlv_len(const struct cvsw_action_desc *d);
int cvsw_rw_apply(struct cvsw_pkt *p, const struct cvsw_action *a);

/* action_list.c: blobs */
int cvsw_actions_validate(const void *data, u32 len);
bool cvsw_actions_has_output(const struct cvsw_actions *acts, u16 port);
u32 cvsw_actions_headroom(const struct cvsw_actions *acts);
u16 cvsw_action_port(const struct cvsw_action *a);

#endif /* CVSW_ACTIONS_H */
