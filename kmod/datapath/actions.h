/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CVSW datapath: the action list of a flow: an opaque, length-prefixed blob of
 * TLVs owned by the flow.
 *
 * Blob format (host byte order, built by the netlink layer, validated by
 * cvsw_actions_validate() before a flow takes it):
 *
 *   struct cvsw_actions { u32 len; u8 data[len]; }
 *   data = a sequence of TLVs, each
 *     u16 type     CVSW_ACT_*
 *     u16 len      total TLV length including this 4-byte header,
 *                  a multiple of 4
 *     payload      as listed below, zero padded to len
 *
 *   OUTPUT        u16 port, u16 max_len                          (len 8)
 *   SET_VLAN_VID  u16 vid (0..4095)                              (len 8)
 *   SET_VLAN_PCP  u8 pcp (0..7)                                  (len 8)
 *   STRIP_VLAN    -                                              (len 4)
 *   SET_DL_SRC    u8 mac[6]                                      (len 12)
 *   SET_DL_DST    u8 mac[6]                                      (len 12)
 *   SET_NW_SRC    __be32 addr                                    (len 8)
 *   SET_NW_DST    __be32 addr                                    (len 8)
 *   SET_NW_TOS    u8 tos (DSCP << 2, ECN bits zero)              (len 8)
 *   SET_TP_SRC    __be16 port                                    (len 8)
 *   SET_TP_DST    __be16 port                                    (len 8)
 *   ENQUEUE       u16 port, u16 pad, u32 queue_id                (len 12)
 *   0x100..0x1ff  tunnel push/pop: payload owned by the tunnel code,
 *                 4..CVSW_ACT_TUNNEL_MAX_LEN bytes
 *
 * The numbers of the OF1.0 actions are those of ofp_action_type. An empty
 * blob (len 0) means drop.
 */
#ifndef CVSW_ACTIONS_H
#define CVSW_ACTIONS_H

#include "dp_compat.h"

enum cvsw_action_type {
	CVSW_ACT_OUTPUT = 0,
	CVSW_ACT_SET_VLAN_VID = 1,
	CVSW_ACT_SET_VLAN_PCP = 2,
	CVSW_ACT_STRIP_VLAN = 3,
	CVSW_ACT_SET_DL_SRC = 4,
	CVSW_ACT_SET_DL_DST = 5,
	CVSW_ACT_SET_NW_SRC = 6,
	CVSW_ACT_SET_NW_DST = 7,
	CVSW_ACT_SET_NW_TOS = 8,
	CVSW_ACT_SET_TP_SRC = 9,
	CVSW_ACT_SET_TP_DST = 10,
	CVSW_ACT_ENQUEUE = 11,
	CVSW_ACT_TUNNEL_FIRST = 0x100,
	CVSW_ACT_TUNNEL_LAST = 0x1ff,
};

#define CVSW_ACT_TUNNEL_MAX_LEN	128
#define CVSW_ACTIONS_MAX_LEN	4096

/**
 * struct cvsw_action - header of one action TLV.
 * @type: enum cvsw_action_type.
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

int cvsw_actions_validate(const void *data, u32 len);
bool cvsw_actions_has_output(const struct cvsw_actions *acts, u16 port);
u32 cvsw_actions_headroom(const struct cvsw_actions *acts);
u16 cvsw_action_get_u16(const struct cvsw_action *a);

#endif /* CVSW_ACTIONS_H */
