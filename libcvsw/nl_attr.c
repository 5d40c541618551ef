/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Translation between the library's structs and the nested attributes of
 * kmod/uapi/cvsw.h. No socket here, so tests/libcvsw can build a message
 * and parse it back with libnl to check the layout.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <string.h>
#include <netlink/genl/genl.h>

#include "internal.h"

#define BIN6 { .type = NLA_UNSPEC, .minlen = 6, .maxlen = 6 }

struct nla_policy cvswi_attr_policy[CVSW_A_MAX + 1] = {
	[CVSW_A_IFINDEX] = { .type = NLA_U32 },
	[CVSW_A_IFNAME] = { .type = NLA_STRING, .maxlen = 16 },
	[CVSW_A_DATAPATH_ID] = { .type = NLA_U64 },
	[CVSW_A_MAC] = BIN6,
	[CVSW_A_MTU] = { .type = NLA_U32 },
	[CVSW_A_OFFLOADS] = { .type = NLA_NESTED },
	[CVSW_A_MISS] = { .type = NLA_U8 },
	[CVSW_A_PACKET_IN_RATE] = { .type = NLA_U32 },
	[CVSW_A_LINK_UP] = { .type = NLA_U8 },
	[CVSW_A_FLOW] = { .type = NLA_NESTED },
	[CVSW_A_TABLE_STATS] = { .type = NLA_NESTED },
	[CVSW_A_PORT_STATS] = { .type = NLA_NESTED },
	[CVSW_A_PACKET] = { .type = NLA_UNSPEC },
	[CVSW_A_IN_PORT] = { .type = NLA_U16 },
	[CVSW_A_ACTIONS] = { .type = NLA_NESTED },
	[CVSW_A_REASON] = { .type = NLA_U8 },
	[CVSW_A_TOTAL_LEN] = { .type = NLA_U32 },
	[CVSW_A_N_FLOWS] = { .type = NLA_U32 },
	[CVSW_A_MAX_FLOWS] = { .type = NLA_U32 },
};

struct nla_policy cvswi_flow_policy[CVSW_FLOW_A_MAX + 1] = {
	[CVSW_FLOW_A_MATCH] = { .type = NLA_NESTED },
	[CVSW_FLOW_A_ACTIONS] = { .type = NLA_NESTED },
	[CVSW_FLOW_A_PRIORITY] = { .type = NLA_U16 },
	[CVSW_FLOW_A_COOKIE] = { .type = NLA_U64 },
	[CVSW_FLOW_A_IDLE_TIMEOUT] = { .type = NLA_U16 },
	[CVSW_FLOW_A_HARD_TIMEOUT] = { .type = NLA_U16 },
	[CVSW_FLOW_A_FLAGS] = { .type = NLA_U32 },
	[CVSW_FLOW_A_STRICT] = { .type = NLA_FLAG },
	[CVSW_FLOW_A_OUT_PORT] = { .type = NLA_U16 },
	[CVSW_FLOW_A_PACKETS] = { .type = NLA_U64 },
	[CVSW_FLOW_A_BYTES] = { .type = NLA_U64 },
	[CVSW_FLOW_A_DURATION_MS] = { .type = NLA_U64 },
	[CVSW_FLOW_A_IDLE_MS] = { .type = NLA_U64 },
};

struct nla_policy cvswi_match_policy[CVSW_MATCH_A_MAX + 1] = {
	[CVSW_MATCH_A_IN_PORT] = { .type = NLA_U16 },
	[CVSW_MATCH_A_DL_SRC] = BIN6,
	[CVSW_MATCH_A_DL_DST] = BIN6,
	[CVSW_MATCH_A_DL_VLAN] = { .type = NLA_U16 },
	[CVSW_MATCH_A_DL_VLAN_PCP] = { .type = NLA_U8 },
	[CVSW_MATCH_A_DL_TYPE] = { .type = NLA_U16 },
	[CVSW_MATCH_A_NW_TOS] = { .type = NLA_U8 },
	[CVSW_MATCH_A_NW_PROTO] = { .type = NLA_U8 },
	[CVSW_MATCH_A_NW_SRC] = { .type = NLA_U32 },
	[CVSW_MATCH_A_NW_SRC_PREFIX] = { .type = NLA_U8 },
	[CVSW_MATCH_A_NW_DST] = { .type = NLA_U32 },
	[CVSW_MATCH_A_NW_DST_PREFIX] = { .type = NLA_U8 },
	[CVSW_MATCH_A_TP_SRC] = { .type = NLA_U16 },
	[CVSW_MATCH_A_TP_DST] = { .type = NLA_U16 },
	[CVSW_MATCH_A_TUN_ID] = { .type = NLA_U64 },
};

struct nla_policy cvswi_action_policy[CVSW_ACTION_A_MAX + 1] = {
	[CVSW_ACTION_A_OUTPUT] = { .type = NLA_UNSPEC,
		.minlen = sizeof(struct cvsw_action_output) },
	[CVSW_ACTION_A_SET_VLAN_VID] = { .type = NLA_U16 },
	[CVSW_ACTION_A_SET_VLAN_PCP] = { .type = NLA_U8 },
	[CVSW_ACTION_A_STRIP_VLAN] = { .type = NLA_FLAG },
	[CVSW_ACTION_A_SET_DL_SRC] = BIN6,
	[CVSW_ACTION_A_SET_DL_DST] = BIN6,
	[CVSW_ACTION_A_SET_NW_SRC] = { .type = NLA_U32 },
	[CVSW_ACTION_A_SET_NW_DST] = { .type = NLA_U32 },
	[CVSW_ACTION_A_SET_NW_TOS] = { .type = NLA_U8 },
	[CVSW_ACTION_A_SET_TP_SRC] = { .type = NLA_U16 },
	[CVSW_ACTION_A_SET_TP_DST] = { .type = NLA_U16 },
	[CVSW_ACTION_A_ENQUEUE] = { .type = NLA_UNSPEC,
		.minlen = sizeof(struct cvsw_action_enqueue) },
};

struct nl_msg *cvswi_msg_new(int family, uint8_t cmd, int flags)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, family, 0, flags, cmd,
			 CVSW_GENL_VERSION)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

int cvswi_put_dev(struct nl_msg *msg, const char *dev)
{
	if (!dev || !*dev)
		return -EINVAL;
	if (all_digits(dev)) {
		unsigned long v = strtoul(dev, NULL, 10);

		if (v == 0 || v > UINT32_MAX)
			return -EINVAL;
		return nla_put_u32(msg, CVSW_A_IFINDEX, (uint32_t)v) ? -EMSGSIZE : 0;
	}
	if (strlen(dev) >= 16)
		return -EINVAL;
	return nla_put_string(msg, CVSW_A_IFNAME, dev) ? -EMSGSIZE : 0;
}

/* The kernel validates strictly: a nest must carry NLA_F_NESTED, and an
 * empty nest (all-wildcard match, drop) must still be there. */
static struct nlattr *nest_start(struct nl_msg *msg, int type)
{
	return nla_nest_start(msg, type | NLA_F_NESTED);
}

static int nest_end(struct nl_msg *msg, struct nlattr *nest)
{
	return nla_nest_end_keep_empty(msg, nest);
}

int cvswi_put_match(struct nl_msg *msg, const struct cvsw_match *m)
{
	struct nlattr *nest = nest_start(msg, CVSW_FLOW_A_MATCH);
	uint32_t p = m ? m->present : 0;
	int r = 0;

	if (!nest)
		return -EMSGSIZE;
	if (p & CVSW_M_IN_PORT)
		r |= nla_put_u16(msg, CVSW_MATCH_A_IN_PORT, m->in_port);
	if (p & CVSW_M_DL_SRC)
		r |= nla_put(msg, CVSW_MATCH_A_DL_SRC, 6, m->dl_src);
	if (p & CVSW_M_DL_DST)
		r |= nla_put(msg, CVSW_MATCH_A_DL_DST, 6, m->dl_dst);
	if (p & CVSW_M_DL_VLAN)
		r |= nla_put_u16(msg, CVSW_MATCH_A_DL_VLAN, m->dl_vlan);
	if (p & CVSW_M_DL_VLAN_PCP)
		r |= nla_put_u8(msg, CVSW_MATCH_A_DL_VLAN_PCP, m->dl_vlan_pcp);
	if (p & CVSW_M_DL_TYPE)
		r |= nla_put_u16(msg, CVSW_MATCH_A_DL_TYPE, htons(m->dl_type));
	if (p & CVSW_M_NW_TOS)
		r |= nla_put_u8(msg, CVSW_MATCH_A_NW_TOS, m->nw_tos);
	if (p & CVSW_M_NW_PROTO)
		r |= nla_put_u8(msg, CVSW_MATCH_A_NW_PROTO, m->nw_proto);
	if (p & CVSW_M_NW_SRC) {
		r |= nla_put_u32(msg, CVSW_MATCH_A_NW_SRC, htonl(m->nw_src));
		if (m->nw_src_prefix < 32)
			r |= nla_put_u8(msg, CVSW_MATCH_A_NW_SRC_PREFIX,
					m->nw_src_prefix);
	}
	if (p & CVSW_M_NW_DST) {
		r |= nla_put_u32(msg, CVSW_MATCH_A_NW_DST, htonl(m->nw_dst));
		if (m->nw_dst_prefix < 32)
			r |= nla_put_u8(msg, CVSW_MATCH_A_NW_DST_PREFIX,
					m->nw_dst_prefix);
	}
	if (p & CVSW_M_TP_SRC)
		r |= nla_put_u16(msg, CVSW_MATCH_A_TP_SRC, htons(m->tp_src));
	if (p & CVSW_M_TP_DST)
		r |= nla_put_u16(msg, CVSW_MATCH_A_TP_DST, htons(m->tp_dst));
	if (p & CVSW_M_TUN_ID)
		r |= nla_put_u64(msg, CVSW_MATCH_A_TUN_ID, m->tun_id);
	if (r)
		return -EMSGSIZE;
	return nest_end(msg, nest) ? -EMSGSIZE : 0;
}

static int put_action(struct nl_msg *msg, const struct cvsw_action *a)
{
	switch (a->type) {
	case CVSW_ACT_OUTPUT: {
		struct cvsw_action_output o = {
			.port = a->u.output.port,
			.max_len = a->u.output.max_len,
		};
		return nla_put(msg, CVSW_ACTION_A_OUTPUT, sizeof(o), &o);
	}
	case CVSW_ACT_ENQUEUE: {
		struct cvsw_action_enqueue e = {
			.port = a->u.enqueue.port,
			.queue_id = a->u.enqueue.queue_id,
		};
		return nla_put(msg, CVSW_ACTION_A_ENQUEUE, sizeof(e), &e);
	}
	case CVSW_ACT_SET_VLAN_VID:
		return nla_put_u16(msg, CVSW_ACTION_A_SET_VLAN_VID, a->u.vlan_vid);
	case CVSW_ACT_SET_VLAN_PCP:
		return nla_put_u8(msg, CVSW_ACTION_A_SET_VLAN_PCP, a->u.vlan_pcp);
	case CVSW_ACT_STRIP_VLAN:
		return nla_put_flag(msg, CVSW_ACTION_A_STRIP_VLAN);
	case CVSW_ACT_SET_DL_SRC:
		return nla_put(msg, CVSW_ACTION_A_SET_DL_SRC, 6, a->u.mac);
	case CVSW_ACT_SET_DL_DST:
		return nla_put(msg, CVSW_ACTION_A_SET_DL_DST, 6, a->u.mac);
	case CVSW_ACT_SET_NW_SRC:
		return nla_put_u32(msg, CVSW_ACTION_A_SET_NW_SRC, htonl(a->u.ipv4));
	case CVSW_ACT_SET_NW_DST:
		return nla_put_u32(msg, CVSW_ACTION_A_SET_NW_DST, htonl(a->u.ipv4));
	case CVSW_ACT_SET_NW_TOS:
		return nla_put_u8(msg, CVSW_ACTION_A_SET_NW_TOS, a->u.nw_tos);
	case CVSW_ACT_SET_TP_SRC:
		return nla_put_u16(msg, CVSW_ACTION_A_SET_TP_SRC, htons(a->u.tp_port));
	case CVSW_ACT_SET_TP_DST:
		return nla_put_u16(msg, CVSW_ACTION_A_SET_TP_DST, htons(a->u.tp_port));
	}
	return -EINVAL;
}

int cvswi_put_actions(struct nl_msg *msg, int attrtype,
		      const struct cvsw_action *acts, unsigned n)
{
	struct nlattr *nest = nest_start(msg, attrtype);

	if (!nest)
		return -EMSGSIZE;
	for (unsigned i = 0; i < n; i++) {
		int r = put_action(msg, &acts[i]);

		if (r == -EINVAL)
			return r;
		if (r)
			return -EMSGSIZE;
	}
	return nest_end(msg, nest) ? -EMSGSIZE : 0;
}

int cvswi_put_flow(struct nl_msg *msg, const struct cvsw_flow *f,
		   unsigned what)
{
	struct nlattr *nest = nest_start(msg, CVSW_A_FLOW);
	int r;

	if (!nest)
		return -EMSGSIZE;
	r = cvswi_put_match(msg, f ? &f->match : NULL);
	if (r)
		return r;
	if (!f)
		return nest_end(msg, nest) ? -EMSGSIZE : 0;
	if ((what & PUT_ACTIONS) &&
	    (r = cvswi_put_actions(msg, CVSW_FLOW_A_ACTIONS, f->actions,
				   f->n_actions)))
		return r;
	r = 0;
	if (what & PUT_PRIORITY)
		r |= nla_put_u16(msg, CVSW_FLOW_A_PRIORITY, f->priority);
	if (what & PUT_OPTIONS) {
		/* absent means 0 in the ABI: keep batch messages small */
		if (f->cookie)
			r |= nla_put_u64(msg, CVSW_FLOW_A_COOKIE, f->cookie);
		if (f->idle_timeout)
			r |= nla_put_u16(msg, CVSW_FLOW_A_IDLE_TIMEOUT,
					 f->idle_timeout);
		if (f->hard_timeout)
			r |= nla_put_u16(msg, CVSW_FLOW_A_HARD_TIMEOUT,
					 f->hard_timeout);
		if (f->flags)
			r |= nla_put_u32(msg, CVSW_FLOW_A_FLAGS, f->flags);
	}
	if (what & PUT_STRICT)
		r |= nla_put_flag(msg, CVSW_FLOW_A_STRICT);
	if ((what & PUT_OUT_PORT) && f->out_port != CVSW_PORT_NONE)
		r |= nla_put_u16(msg, CVSW_FLOW_A_OUT_PORT, f->out_port);
	if (r)
		return -EMSGSIZE;
	return nest_end(msg, nest) ? -EMSGSIZE : 0;
}

int cvswi_parse_match(struct nlattr *nest, struct cvsw_match *m)
{
	struct nlattr *tb[CVSW_MATCH_A_MAX + 1];

	if (nla_parse_nested(tb, CVSW_MATCH_A_MAX, nest, cvswi_match_policy))
		return -EPROTO;
	if (tb[CVSW_MATCH_A_IN_PORT]) {
		m->present |= CVSW_M_IN_PORT;
		m->in_port = nla_get_u16(tb[CVSW_MATCH_A_IN_PORT]);
	}
	if (tb[CVSW_MATCH_A_DL_SRC]) {
		m->present |= CVSW_M_DL_SRC;
		memcpy(m->dl_src, nla_data(tb[CVSW_MATCH_A_DL_SRC]), 6);
	}
	if (tb[CVSW_MATCH_A_DL_DST]) {
		m->present |= CVSW_M_DL_DST;
		memcpy(m->dl_dst, nla_data(tb[CVSW_MATCH_A_DL_DST]), 6);
	}
	if (tb[CVSW_MATCH_A_DL_VLAN]) {
		m->present |= CVSW_M_DL_VLAN;
		m->dl_vlan = nla_get_u16(tb[CVSW_MATCH_A_DL_VLAN]);
	}
	if (tb[CVSW_MATCH_A_DL_VLAN_PCP]) {
		m->present |= CVSW_M_DL_VLAN_PCP;
		m->dl_vlan_pcp = nla_get_u8(tb[CVSW_MATCH_A_DL_VLAN_PCP]);
	}
	if (tb[CVSW_MATCH_A_DL_TYPE]) {
		m->present |= CVSW_M_DL_TYPE;
		m->dl_type = ntohs(nla_get_u16(tb[CVSW_MATCH_A_DL_TYPE]));
	}
	if (tb[CVSW_MATCH_A_NW_TOS]) {
		m->present |= CVSW_M_NW_TOS;
		m->nw_tos = nla_get_u8(tb[CVSW_MATCH_A_NW_TOS]);
	}
	if (tb[CVSW_MATCH_A_NW_PROTO]) {
		m->present |= CVSW_M_NW_PROTO;
		m->nw_proto = nla_get_u8(tb[CVSW_MATCH_A_NW_PROTO]);
	}
	if (tb[CVSW_MATCH_A_NW_SRC]) {
		m->present |= CVSW_M_NW_SRC;
		m->nw_src = ntohl(nla_get_u32(tb[CVSW_MATCH_A_NW_SRC]));
		m->nw_src_prefix = tb[CVSW_MATCH_A_NW_SRC_PREFIX] ?
			nla_get_u8(tb[CVSW_MATCH_A_NW_SRC_PREFIX]) : 32;
		if (m->nw_src_prefix < 1 || m->nw_src_prefix > 32)
			return -EPROTO;
	}
	if (tb[CVSW_MATCH_A_NW_DST]) {
		m->present |= CVSW_M_NW_DST;
		m->nw_dst = ntohl(nla_get_u32(tb[CVSW_MATCH_A_NW_DST]));
		m->nw_dst_prefix = tb[CVSW_MATCH_A_NW_DST_PREFIX] ?
			nla_get_u8(tb[CVSW_MATCH_A_NW_DST_PREFIX]) : 32;
		if (m->nw_dst_prefix < 1 || m->nw_dst_prefix > 32)
			return -EPROTO;
	}
	if (tb[CVSW_MATCH_A_TP_SRC]) {
		m->present |= CVSW_M_TP_SRC;
		m->tp_src = ntohs(nla_get_u16(tb[CVSW_MATCH_A_TP_SRC]));
	}
	if (tb[CVSW_MATCH_A_TP_DST]) {
		m->present |= CVSW_M_TP_DST;
		m->tp_dst = ntohs(nla_get_u16(tb[CVSW_MATCH_A_TP_DST]));
	}
	if (tb[CVSW_MATCH_A_TUN_ID]) {
		m->present |= CVSW_M_TUN_ID;
		m->tun_id = nla_get_u64(tb[CVSW_MATCH_A_TUN_ID]);
	}
	return 0;
}

/* Actions are an ordered list: walk the nest rather than nla_parse it,
 * which would keep only the last of each type. */
int cvswi_parse_actions_attr(struct nlattr *nest, struct cvsw_action *acts,
			     unsigned max, unsigned *n)
{
	struct nlattr *a;
	int rem;
	unsigned count = 0;

	nla_for_each_nested(a, nest, rem) {
		struct cvsw_action *x;
		int type = nla_type(a);
		int len = nla_len(a);

		if (type < 1 || type > CVSW_ACTION_A_MAX)
			return -EPROTO;
		if (count == max)
			return -E2BIG;
		x = &acts[count];
		memset(x, 0, sizeof(*x));
		switch (type) {
		case CVSW_ACTION_A_OUTPUT: {
			struct cvsw_action_output o;

			if (len < (int)sizeof(o))
				return -EPROTO;
			memcpy(&o, nla_data(a), sizeof(o));
			x->type = CVSW_ACT_OUTPUT;
			x->u.output.port = o.port;
			x->u.output.max_len = o.max_len;
			break;
		}
		case CVSW_ACTION_A_ENQUEUE: {
			struct cvsw_action_enqueue e;

			if (len < (int)sizeof(e))
				return -EPROTO;
			memcpy(&e, nla_data(a), sizeof(e));
			x->type = CVSW_ACT_ENQUEUE;
			x->u.enqueue.port = e.port;
			x->u.enqueue.queue_id = e.queue_id;
			break;
		}
		case CVSW_ACTION_A_SET_VLAN_VID:
			if (len < 2)
				return -EPROTO;
			x->type = CVSW_ACT_SET_VLAN_VID;
			x->u.vlan_vid = nla_get_u16(a);
			break;
		case CVSW_ACTION_A_SET_VLAN_PCP:
			if (len < 1)
				return -EPROTO;
			x->type = CVSW_ACT_SET_VLAN_PCP;
			x->u.vlan_pcp = nla_get_u8(a);
			break;
		case CVSW_ACTION_A_STRIP_VLAN:
			x->type = CVSW_ACT_STRIP_VLAN;
			break;
		case CVSW_ACTION_A_SET_DL_SRC:
		case CVSW_ACTION_A_SET_DL_DST:
			if (len < 6)
				return -EPROTO;
			x->type = type == CVSW_ACTION_A_SET_DL_SRC ?
				  CVSW_ACT_SET_DL_SRC : CVSW_ACT_SET_DL_DST;
			memcpy(x->u.mac, nla_data(a), 6);
			break;
		case CVSW_ACTION_A_SET_NW_SRC:
		case CVSW_ACTION_A_SET_NW_DST:
			if (len < 4)
				return -EPROTO;
			x->type = type == CVSW_ACTION_A_SET_NW_SRC ?
				  CVSW_ACT_SET_NW_SRC : CVSW_ACT_SET_NW_DST;
			x->u.ipv4 = ntohl(nla_get_u32(a));
			break;
		case CVSW_ACTION_A_SET_NW_TOS:
			if (len < 1)
				return -EPROTO;
			x->type = CVSW_ACT_SET_NW_TOS;
			x->u.nw_tos = nla_get_u8(a);
			break;
		case CVSW_ACTION_A_SET_TP_SRC:
		case CVSW_ACTION_A_SET_TP_DST:
			if (len < 2)
				return -EPROTO;
			x->type = type == CVSW_ACTION_A_SET_TP_SRC ?
				  CVSW_ACT_SET_TP_SRC : CVSW_ACT_SET_TP_DST;
			x->u.tp_port = ntohs(nla_get_u16(a));
			break;
		}
		count++;
	}
	*n = count;
	return 0;
}

int cvswi_parse_flow(struct nlattr *nest, struct cvsw_flow *f)
{
	struct nlattr *tb[CVSW_FLOW_A_MAX + 1];
	int r;

	cvsw_flow_init(f);
	if (nla_parse_nested(tb, CVSW_FLOW_A_MAX, nest, cvswi_flow_policy))
		return -EPROTO;
	if (tb[CVSW_FLOW_A_MATCH] &&
	    (r = cvswi_parse_match(tb[CVSW_FLOW_A_MATCH], &f->match)))
		return r;
	if (tb[CVSW_FLOW_A_ACTIONS]) {
		f->has_actions = true;
		r = cvswi_parse_actions_attr(tb[CVSW_FLOW_A_ACTIONS], f->actions,
					     CVSW_MAX_ACTIONS, &f->n_actions);
		if (r)
			return r;
	}
	if (tb[CVSW_FLOW_A_PRIORITY])
		f->priority = nla_get_u16(tb[CVSW_FLOW_A_PRIORITY]);
	if (tb[CVSW_FLOW_A_COOKIE])
		f->cookie = nla_get_u64(tb[CVSW_FLOW_A_COOKIE]);
	if (tb[CVSW_FLOW_A_IDLE_TIMEOUT])
		f->idle_timeout = nla_get_u16(tb[CVSW_FLOW_A_IDLE_TIMEOUT]);
	if (tb[CVSW_FLOW_A_HARD_TIMEOUT])
		f->hard_timeout = nla_get_u16(tb[CVSW_FLOW_A_HARD_TIMEOUT]);
	if (tb[CVSW_FLOW_A_FLAGS])
		f->flags = nla_get_u32(tb[CVSW_FLOW_A_FLAGS]);
	if (tb[CVSW_FLOW_A_OUT_PORT])
		f->out_port = nla_get_u16(tb[CVSW_FLOW_A_OUT_PORT]);
	if (tb[CVSW_FLOW_A_PACKETS])
		f->packets = nla_get_u64(tb[CVSW_FLOW_A_PACKETS]);
	if (tb[CVSW_FLOW_A_BYTES])
		f->bytes = nla_get_u64(tb[CVSW_FLOW_A_BYTES]);
	if (tb[CVSW_FLOW_A_DURATION_MS])
		f->duration_ms = nla_get_u64(tb[CVSW_FLOW_A_DURATION_MS]);
	if (tb[CVSW_FLOW_A_IDLE_MS])
		f->idle_ms = nla_get_u64(tb[CVSW_FLOW_A_IDLE_MS]);
	return 0;
}

int cvswi_parse_top(struct nlmsghdr *nlh, struct nlattr **tb)
{
	if (genlmsg_parse(nlh, 0, tb, CVSW_A_MAX, cvswi_attr_policy))
		return -EPROTO;
	return 0;
}

int cvswi_parse_device(struct nlattr **tb, struct cvsw_device *d)
{
	memset(d, 0, sizeof(*d));
	if (tb[CVSW_A_IFINDEX])
		d->ifindex = nla_get_u32(tb[CVSW_A_IFINDEX]);
	if (tb[CVSW_A_IFNAME]) {
		size_t n = (size_t)nla_len(tb[CVSW_A_IFNAME]);

		if (n >= sizeof(d->name))
			n = sizeof(d->name) - 1;
		memcpy(d->name, nla_data(tb[CVSW_A_IFNAME]), n);
		d->name[n] = '\0';
	}
	if (tb[CVSW_A_DATAPATH_ID])
		d->datapath_id = nla_get_u64(tb[CVSW_A_DATAPATH_ID]);
	if (tb[CVSW_A_MAC])
		memcpy(d->mac, nla_data(tb[CVSW_A_MAC]), 6);
	if (tb[CVSW_A_MTU])
		d->mtu = nla_get_u32(tb[CVSW_A_MTU]);
	if (tb[CVSW_A_OFFLOADS]) {
		struct nlattr *ot[CVSW_OFFLOAD_A_MAX + 1];

		if (nla_parse_nested(ot, CVSW_OFFLOAD_A_MAX, tb[CVSW_A_OFFLOADS],
				     NULL))
			return -EPROTO;
		for (int o = CVSW_OFFLOAD_RX_CSUM; o <= CVSW_OFFLOAD_LAST; o++) {
			struct nlattr *a = ot[o];	/* enum cvsw_offload is the uapi's */

			if (!a || nla_len(a) < 1)
				continue;
			d->offloads_known |= 1u << o;
			if (nla_get_u8(a))
				d->offloads |= 1u << o;
		}
	}
	if (tb[CVSW_A_MISS])
		d->miss = nla_get_u8(tb[CVSW_A_MISS]);
	if (tb[CVSW_A_PACKET_IN_RATE])
		d->packet_in_rate = nla_get_u32(tb[CVSW_A_PACKET_IN_RATE]);
	if (tb[CVSW_A_LINK_UP])
		d->link_up = nla_get_u8(tb[CVSW_A_LINK_UP]) != 0;
	if (tb[CVSW_A_N_FLOWS])
		d->n_flows = nla_get_u32(tb[CVSW_A_N_FLOWS]);
	if (tb[CVSW_A_MAX_FLOWS])
		d->max_flows = nla_get_u32(tb[CVSW_A_MAX_FLOWS]);
	return 0;
}

int cvswi_offload_attr(enum cvsw_offload o)
{
	if (o < CVSW_OFFLOAD_RX_CSUM || o > CVSW_OFFLOAD_LAST)
		return -EINVAL;
	return (int)o;
}
