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
#include "syntax.h"

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
	[CVSW_A_MISS_SEND_LEN] = { .type = NLA_U16 },
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
	[CVSW_A_REASM] = { .type = NLA_NESTED },
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
	[CVSW_MATCH_A_TUN_SRC] = { .type = NLA_U32 },
	[CVSW_MATCH_A_TUN_SRC_PREFIX] = { .type = NLA_U8 },
	[CVSW_MATCH_A_TUN_DST] = { .type = NLA_U32 },
	[CVSW_MATCH_A_TUN_DST_PREFIX] = { .type = NLA_U8 },
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
	for (size_t i = 0; i < cvswi_n_fields; i++) {
		const struct cvswi_field *f = &cvswi_fields[i];

		if (p & f->bit)
			r |= f->v.kind->put(msg, f->attr, m, &f->v);
	}
	if (r)
		return -EMSGSIZE;
	return nest_end(msg, nest) ? -EMSGSIZE : 0;
}

static int put_action(struct nl_msg *msg, const struct cvsw_action *a)
{
	const struct cvswi_action *d = cvswi_action_get(a->type);

	if (!d)
		return -EINVAL;
	if (d->put)
		return d->put(msg, a);
	return d->arg.kind->put(msg, d->type, &a->u, &d->arg);
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
	for (size_t i = 0; i < cvswi_n_fields; i++) {
		const struct cvswi_field *f = &cvswi_fields[i];

		if (!tb[f->attr])
			continue;
		if (f->v.kind->get(tb[f->attr], m, &f->v))
			return -EPROTO;
		m->present |= f->bit;
		if (f->v.prefix_attr && tb[f->v.prefix_attr]) {
			uint8_t plen = nla_get_u8(tb[f->v.prefix_attr]);

			if (plen < 1 || plen > 32)
				return -EPROTO;
			*((uint8_t *)m + f->v.prefix_off) = plen;
		}
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
		const struct cvswi_action *d = cvswi_action_get((unsigned)nla_type(a));
		struct cvsw_action *x;
		int r;

		if (!d)
			return -EPROTO;
		if (count == max)
			return -E2BIG;
		x = &acts[count];
		memset(x, 0, sizeof(*x));
		x->type = d->type;
		r = d->get ? d->get(a, x) : d->arg.kind->get(a, &x->u, &d->arg);
		if (r)
			return -EPROTO;
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
	if (tb[CVSW_A_MISS_SEND_LEN])
		d->miss_send_len = nla_get_u16(tb[CVSW_A_MISS_SEND_LEN]);
	if (tb[CVSW_A_LINK_UP])
		d->link_up = nla_get_u8(tb[CVSW_A_LINK_UP]) != 0;
	if (tb[CVSW_A_N_FLOWS])
		d->n_flows = nla_get_u32(tb[CVSW_A_N_FLOWS]);
	if (tb[CVSW_A_MAX_FLOWS])
		d->max_flows = nla_get_u32(tb[CVSW_A_MAX_FLOWS]);
	return 0;
}

int cvswi_parse_reasm(struct nlattr **tb, struct cvsw_reasm_usage *u)
{
	static struct nla_policy pol[CVSW_REASM_A_MAX + 1] = {
		[CVSW_REASM_A_FRAMES] = { .type = NLA_U32 },
		[CVSW_REASM_A_MAX_FRAMES] = { .type = NLA_U32 },
		[CVSW_REASM_A_BYTES] = { .type = NLA_U32 },
		[CVSW_REASM_A_PEAK_BYTES] = { .type = NLA_U32 },
		[CVSW_REASM_A_MAX_BYTES] = { .type = NLA_U32 },
	};
	struct nlattr *rt[CVSW_REASM_A_MAX + 1];
	uint32_t *field[CVSW_REASM_A_MAX + 1] = {
		[CVSW_REASM_A_FRAMES] = &u->frames,
		[CVSW_REASM_A_MAX_FRAMES] = &u->max_frames,
		[CVSW_REASM_A_BYTES] = &u->bytes,
		[CVSW_REASM_A_PEAK_BYTES] = &u->peak_bytes,
		[CVSW_REASM_A_MAX_BYTES] = &u->max_bytes,
	};

	memset(u, 0, sizeof(*u));
	if (!tb[CVSW_A_REASM])
		return -ENODATA;
	if (nla_parse_nested(rt, CVSW_REASM_A_MAX, tb[CVSW_A_REASM], pol))
		return -EPROTO;
	for (int a = 1; a <= CVSW_REASM_A_MAX; a++)
		if (rt[a])
			*field[a] = nla_get_u32(rt[a]);
	return 0;
}

int cvswi_offload_attr(enum cvsw_offload o)
{
	if (o < CVSW_OFFLOAD_RX_CSUM || o > CVSW_OFFLOAD_LAST)
		return -EINVAL;
	return (int)o;
}
