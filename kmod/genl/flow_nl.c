// SPDX-License-Identifier: GPL-2.0
/*
 * flow_nl.c - flow commands of the cvsw family and the translation between
 * netlink attributes and the datapath's matches and action lists.
 *
 * Requests are checked completely before the table is touched, so a
 * rejected request changes nothing; every rejection says why in extack.
 */
#include <linux/etherdevice.h>
#include <linux/slab.h>
#include <linux/if_vlan.h>
#include <net/sock.h>
#include "genl/genl.h"
#include "datapath/tunnel_hdr.h"	/* CVSW_IPPROTO_SCLP */

/* A reserved port, or one of the datapath's ports? */
static bool cvsw_nl_output_port_ok(struct cvsw_dp *dp, u16 port,
				   bool packet_out)
{
	switch (port) {
	case CVSW_PORT_IN_PORT:
	case CVSW_PORT_NORMAL:
	case CVSW_PORT_FLOOD:
	case CVSW_PORT_ALL:
	case CVSW_PORT_CONTROLLER:
	case CVSW_PORT_LOCAL:
		return true;
	case CVSW_PORT_TABLE:
		return packet_out;
	default:
		return cvsw_vport_exists(dp, port);
	}
}

/* The checks that need the device: does the port of an output exist? */
static int cvsw_nl_check_output(struct cvsw_dp *dp, const struct nlattr *a,
				bool packet_out, struct netlink_ext_ack *extack)
{
	u16 port;

	memcpy(&port, nla_data(a), sizeof(port));
	if (nla_type(a) == CVSW_ACTION_A_ENQUEUE) {
		if (port != CVSW_PORT_IN_PORT && !cvsw_vport_exists(dp, port)) {
			NL_SET_ERR_MSG_ATTR(extack, a,
					    "enqueue port must be a port of the device or IN_PORT");
			return -EINVAL;
		}
	} else if (!cvsw_nl_output_port_ok(dp, port, packet_out)) {
		NL_SET_ERR_MSG_ATTR(extack, a,
				    "no such output port (TABLE only in packet-out)");
		return -EINVAL;
	}
	return 0;
}

/*
 * NL_SET_ERR_MSG_ATTR() with a message chosen at run time: the texts of
 * the action and prefixed-field tables are static strings of this module,
 * as extack requires.
 */
static void cvsw_nl_action_msg(struct netlink_ext_ack *extack,
			       const struct nlattr *a, const char *msg)
{
	do_trace_netlink_extack(msg);
	if (extack) {
		extack->_msg = msg;
		extack->bad_attr = a;
	}
}

/* Check one action attribute against its descriptor (and its port). */
static int cvsw_nl_check_action(struct cvsw_dp *dp, const struct nlattr *a,
				bool packet_out, struct netlink_ext_ack *extack)
{
	const struct cvsw_action_desc *d = cvsw_action_desc(nla_type(a));
	const char *why;

	why = cvsw_action_check(nla_type(a), nla_data(a), nla_len(a));
	if (why) {
		cvsw_nl_action_msg(extack, a, why);
		/* A value out of its range; a bad type or size is invalid. */
		return d && nla_len(a) == d->len ? -ERANGE : -EINVAL;
	}
	if (d->flags & CVSW_ACTF_OUTPUT)
		return cvsw_nl_check_output(dp, a, packet_out, extack);
	return 0;
}

/*
 * Translate CVSW_ACTION_A_* into an action list: each attribute becomes a
 * TLV of the same type whose payload is the attribute's, byte for byte.
 * @dp: the datapath whose ports outputs may name
 * @attr: the nested list, or NULL
 * @packet_out: allow output to TABLE
 * @extack: for the reason of a rejection
 *
 * The whole list is checked before anything is allocated.
 *
 * Return: a kmalloc()ed list (empty = drop) or an ERR_PTR.
 */
static struct cvsw_actions *__cvsw_nl_parse_actions(struct cvsw_dp *dp,
						    const struct nlattr *attr,
						    bool packet_out,
						    struct netlink_ext_ack *extack)
{
	const struct nlattr *a;
	struct cvsw_actions *acts;
	u32 len = 0;
	u8 *p;
	int rem, err;

	if (attr) {
		nla_for_each_nested(a, attr, rem) {
			err = cvsw_nl_check_action(dp, a, packet_out, extack);
			if (err)
				return ERR_PTR(err);
			len += cvsw_action_tlv_len(cvsw_action_desc(nla_type(a)));
			if (len > CVSW_ACTIONS_MAX_LEN) {
				NL_SET_ERR_MSG_ATTR(extack, attr,
						    "too many actions");
				return ERR_PTR(-E2BIG);
			}
		}
		if (rem) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "malformed action list");
			return ERR_PTR(-EINVAL);
		}
	}
	acts = kzalloc(sizeof(*acts) + len, GFP_KERNEL);
	if (!acts)
		return ERR_PTR(-ENOMEM);
	acts->len = len;
	if (!attr)
		return acts;

	p = acts->data;
	nla_for_each_nested(a, attr, rem) {
		u16 type = nla_type(a);
		u16 tlv_len = cvsw_action_tlv_len(cvsw_action_desc(type));

		memcpy(p, &type, sizeof(type));
		memcpy(p + 2, &tlv_len, sizeof(tlv_len));
		memcpy(p + CVSW_ACTION_HDR_LEN, nla_data(a), nla_len(a));
		p += tlv_len;
	}
	return acts;
}

/**
 * cvsw_nl_parse_actions - translate CVSW_ACTION_A_* of a packet-out
 * @dp: the datapath whose ports outputs may name
 * @attr: the nested list, or NULL
 * @extack: for the reason of a rejection
 *
 * Return: a kmalloc()ed list or an ERR_PTR.
 */
struct cvsw_actions *cvsw_nl_parse_actions(struct cvsw_dp *dp,
					   const struct nlattr *attr,
					   struct netlink_ext_ack *extack)
{
	return __cvsw_nl_parse_actions(dp, attr, true, extack);
}

static u8 cvsw_nl_prefix_len(const struct nlattr *attr)
{
	return attr ? nla_get_u8(attr) : 32;
}

static void cvsw_nl_prefix_mask(__be32 *mask, __be32 *key, u8 plen)
{
	*mask = plen ? htonl(~0U << (32 - plen)) : 0;
	*key &= *mask;
}

/*
 * IPv4 address fields that take a prefix length: the address attribute,
 * its prefix attribute, where both live in the key, and the refusal for a
 * prefix without its address.
 */
static const struct cvsw_nl_prefixed {
	u16 addr;
	u16 plen;
	u16 ofs;
	const char *lonely;
} cvsw_nl_prefixed[] = {
	{ CVSW_MATCH_A_NW_SRC, CVSW_MATCH_A_NW_SRC_PREFIX,
	  offsetof(struct cvsw_flow_key, nw_src), "nw_src prefix without nw_src" },
	{ CVSW_MATCH_A_NW_DST, CVSW_MATCH_A_NW_DST_PREFIX,
	  offsetof(struct cvsw_flow_key, nw_dst), "nw_dst prefix without nw_dst" },
	{ CVSW_MATCH_A_TUN_SRC, CVSW_MATCH_A_TUN_SRC_PREFIX,
	  offsetof(struct cvsw_flow_key, tun_src),
	  "tun_src prefix without tun_src" },
	{ CVSW_MATCH_A_TUN_DST, CVSW_MATCH_A_TUN_DST_PREFIX,
	  offsetof(struct cvsw_flow_key, tun_dst),
	  "tun_dst prefix without tun_dst" },
};

static __be32 *cvsw_nl_key_addr(struct cvsw_flow_key *k, u16 ofs)
{
	return (__be32 *)((u8 *)k + ofs);
}

static __be32 cvsw_nl_key_addr_get(const struct cvsw_flow_key *k, u16 ofs)
{
	return *(const __be32 *)((const u8 *)k + ofs);
}

static int cvsw_nl_parse_prefixed(struct nlattr **tb, struct cvsw_flow_key *k,
				  struct cvsw_flow_key *mk,
				  struct netlink_ext_ack *extack)
{
	const struct cvsw_nl_prefixed *f;
	__be32 *addr;

	for (f = cvsw_nl_prefixed; f < cvsw_nl_prefixed +
	     ARRAY_SIZE(cvsw_nl_prefixed); f++) {
		if (tb[f->plen] && !tb[f->addr]) {
			cvsw_nl_action_msg(extack, tb[f->plen], f->lonely);
			return -EINVAL;
		}
		if (!tb[f->addr])
			continue;
		addr = cvsw_nl_key_addr(k, f->ofs);
		*addr = nla_get_be32(tb[f->addr]);
		cvsw_nl_prefix_mask(cvsw_nl_key_addr(mk, f->ofs), addr,
				    cvsw_nl_prefix_len(tb[f->plen]));
	}
	return 0;
}

static int cvsw_nl_put_prefixed(struct sk_buff *skb,
				const struct cvsw_match *m)
{
	const struct cvsw_nl_prefixed *f;
	__be32 mask;

	for (f = cvsw_nl_prefixed; f < cvsw_nl_prefixed +
	     ARRAY_SIZE(cvsw_nl_prefixed); f++) {
		mask = cvsw_nl_key_addr_get(&m->mask, f->ofs);
		if (!mask)
			continue;
		if (nla_put_be32(skb, f->addr,
				 cvsw_nl_key_addr_get(&m->key, f->ofs)) ||
		    (mask != htonl(~0U) &&
		     nla_put_u8(skb, f->plen, hweight32(ntohl(mask)))))
			return -EMSGSIZE;
	}
	return 0;
}

/* OF1.0 prerequisites: a field only means something under its dl_type. */
static int cvsw_nl_check_prereqs(struct nlattr **tb,
				 const struct cvsw_match *m,
				 struct netlink_ext_ack *extack)
{
	bool ip = m->mask.dl_type && m->key.dl_type == htons(ETH_P_IP);
	bool arp = m->mask.dl_type && m->key.dl_type == htons(ETH_P_ARP);
	u8 proto = m->key.nw_proto;
	int i;
	static const int nw_fields[] = {
		CVSW_MATCH_A_NW_SRC, CVSW_MATCH_A_NW_DST, CVSW_MATCH_A_NW_PROTO,
	};

	for (i = 0; i < ARRAY_SIZE(nw_fields); i++) {
		if (tb[nw_fields[i]] && !ip && !arp) {
			NL_SET_ERR_MSG_ATTR(extack, tb[nw_fields[i]],
					    "nw_src/nw_dst/nw_proto need dl_type ip (0x0800) or arp (0x0806)");
			return -EINVAL;
		}
	}
	if (tb[CVSW_MATCH_A_NW_TOS]) {
		if (!ip) {
			NL_SET_ERR_MSG_ATTR(extack, tb[CVSW_MATCH_A_NW_TOS],
					    "nw_tos needs dl_type ip (0x0800)");
			return -EINVAL;
		}
		if (m->key.nw_tos & 0x03) {
			NL_SET_ERR_MSG_ATTR(extack, tb[CVSW_MATCH_A_NW_TOS],
					    "nw_tos has ECN bits set (give DSCP << 2)");
			return -EINVAL;
		}
	}
	for (i = CVSW_MATCH_A_TP_SRC; i <= CVSW_MATCH_A_TP_DST; i++) {
		if (!tb[i])
			continue;
		if (!ip || !m->mask.nw_proto ||
		    (proto != IPPROTO_TCP && proto != IPPROTO_UDP &&
		     proto != IPPROTO_ICMP && proto != IPPROTO_SCTP &&
		     proto != CVSW_IPPROTO_SCLP)) {
			NL_SET_ERR_MSG_ATTR(extack, tb[i],
					    "tp_src/tp_dst need dl_type ip and nw_proto tcp, udp, icmp, sctp or sclp");
			return -EINVAL;
		}
	}
	return 0;
}

/**
 * cvsw_nl_parse_match - translate CVSW_MATCH_A_* into a key and mask
 * @attr: the nested match (validated), or NULL for "match everything"
 * @m: receives the match
 * @extack: for the reason of a rejection
 *
 * Return: 0 or -EINVAL.
 */
static int cvsw_nl_parse_match(const struct nlattr *attr, struct cvsw_match *m,
			       struct netlink_ext_ack *extack)
{
	struct nlattr *tb[CVSW_MATCH_A_MAX + 1] = {};
	struct cvsw_flow_key *k = &m->key, *mk = &m->mask;
	int err;

	memset(m, 0, sizeof(*m));
	if (!attr)
		return 0;
	err = nla_parse_nested(tb, CVSW_MATCH_A_MAX, attr, NULL, extack);
	if (err)
		return err;

	if (tb[CVSW_MATCH_A_IN_PORT]) {
		k->in_port = nla_get_u16(tb[CVSW_MATCH_A_IN_PORT]);
		mk->in_port = 0xffff;
	}
	if (tb[CVSW_MATCH_A_DL_SRC]) {
		memcpy(k->dl_src, nla_data(tb[CVSW_MATCH_A_DL_SRC]), ETH_ALEN);
		eth_broadcast_addr(mk->dl_src);
	}
	if (tb[CVSW_MATCH_A_DL_DST]) {
		memcpy(k->dl_dst, nla_data(tb[CVSW_MATCH_A_DL_DST]), ETH_ALEN);
		eth_broadcast_addr(mk->dl_dst);
	}
	if (tb[CVSW_MATCH_A_DL_VLAN]) {
		k->dl_vlan = nla_get_u16(tb[CVSW_MATCH_A_DL_VLAN]);
		if (k->dl_vlan > 4095 && k->dl_vlan != CVSW_VLAN_NONE) {
			NL_SET_ERR_MSG_ATTR(extack, tb[CVSW_MATCH_A_DL_VLAN],
					    "dl_vlan must be 0..4095 or 0xffff (untagged)");
			return -EINVAL;
		}
		mk->dl_vlan = 0xffff;
	}
	if (tb[CVSW_MATCH_A_DL_VLAN_PCP]) {
		k->dl_vlan_pcp = nla_get_u8(tb[CVSW_MATCH_A_DL_VLAN_PCP]);
		mk->dl_vlan_pcp = 0xff;
	}
	if (tb[CVSW_MATCH_A_DL_TYPE]) {
		k->dl_type = nla_get_be16(tb[CVSW_MATCH_A_DL_TYPE]);
		mk->dl_type = htons(0xffff);
	}
	if (tb[CVSW_MATCH_A_NW_TOS]) {
		k->nw_tos = nla_get_u8(tb[CVSW_MATCH_A_NW_TOS]);
		mk->nw_tos = 0xff;
	}
	if (tb[CVSW_MATCH_A_NW_PROTO]) {
		k->nw_proto = nla_get_u8(tb[CVSW_MATCH_A_NW_PROTO]);
		mk->nw_proto = 0xff;
	}
	err = cvsw_nl_parse_prefixed(tb, k, mk, extack);
	if (err)
		return err;
	if (tb[CVSW_MATCH_A_TP_SRC]) {
		k->tp_src = nla_get_be16(tb[CVSW_MATCH_A_TP_SRC]);
		mk->tp_src = htons(0xffff);
	}
	if (tb[CVSW_MATCH_A_TP_DST]) {
		k->tp_dst = nla_get_be16(tb[CVSW_MATCH_A_TP_DST]);
		mk->tp_dst = htons(0xffff);
	}
	if (tb[CVSW_MATCH_A_TUN_ID]) {
		k->tun_id = nla_get_u64(tb[CVSW_MATCH_A_TUN_ID]);
		mk->tun_id = U64_MAX;
	}
	return cvsw_nl_check_prereqs(tb, m, extack);
}

/* Parse CVSW_A_FLOW of a request into @fm; *acts is the caller's to free. */
static int cvsw_nl_parse_flow(struct genl_info *info, struct cvsw_dp *dp,
			      struct cvsw_flow_mod *fm,
			      struct cvsw_actions **acts, bool *strict)
{
	struct nlattr *tb[CVSW_FLOW_A_MAX + 1] = {};
	int err;

	memset(fm, 0, sizeof(*fm));
	fm->priority = CVSW_FLOW_DEFAULT_PRIORITY;
	fm->out_port = CVSW_PORT_NONE;
	*acts = NULL;
	if (strict)
		*strict = false;
	if (!info->attrs[CVSW_A_FLOW]) {
		GENL_SET_ERR_MSG(info, "missing flow (CVSW_A_FLOW)");
		return -EINVAL;
	}
	err = nla_parse_nested(tb, CVSW_FLOW_A_MAX, info->attrs[CVSW_A_FLOW],
			       NULL, info->extack);
	if (err)
		return err;
	err = cvsw_nl_parse_match(tb[CVSW_FLOW_A_MATCH], &fm->match,
				  info->extack);
	if (err)
		return err;
	if (tb[CVSW_FLOW_A_PRIORITY])
		fm->priority = nla_get_u16(tb[CVSW_FLOW_A_PRIORITY]);
	if (tb[CVSW_FLOW_A_IDLE_TIMEOUT])
		fm->idle_timeout = nla_get_u16(tb[CVSW_FLOW_A_IDLE_TIMEOUT]);
	if (tb[CVSW_FLOW_A_HARD_TIMEOUT])
		fm->hard_timeout = nla_get_u16(tb[CVSW_FLOW_A_HARD_TIMEOUT]);
	if (tb[CVSW_FLOW_A_FLAGS])
		fm->flags = nla_get_u32(tb[CVSW_FLOW_A_FLAGS]);
	if (tb[CVSW_FLOW_A_OUT_PORT])
		fm->out_port = nla_get_u16(tb[CVSW_FLOW_A_OUT_PORT]);
	fm->cookie = tb[CVSW_FLOW_A_COOKIE] ?
		     nla_get_u64(tb[CVSW_FLOW_A_COOKIE]) : U64_MAX;
	if (strict)
		*strict = nla_get_flag(tb[CVSW_FLOW_A_STRICT]);

	*acts = __cvsw_nl_parse_actions(dp, tb[CVSW_FLOW_A_ACTIONS], false,
					info->extack);
	if (IS_ERR(*acts)) {
		err = PTR_ERR(*acts);
		*acts = NULL;
		return err;
	}
	fm->actions = (*acts)->data;
	fm->actions_len = (*acts)->len;
	return 0;
}

static int cvsw_nl_table_err(struct genl_info *info, struct cvsw_dp *dp,
			     int err)
{
	switch (err) {
	case -EEXIST:
		GENL_SET_ERR_MSG(info, "flow overlaps a flow of the same priority (check_overlap)");
		break;
	case -ENOSPC:
		GENL_SET_ERR_MSG(info, "flow table full");
		break;
	case -EINVAL:
		GENL_SET_ERR_MSG(info, "invalid action list");
		break;
	case -ENOMEM:
		GENL_SET_ERR_MSG(info, "out of memory");
		break;
	}
	return err;
}

/* Common body of FLOW_NEW and FLOW_SET. */
static int cvsw_nl_flow_change(struct genl_info *info, bool add)
{
	struct cvsw_actions *acts;
	struct cvsw_flow_mod fm;
	struct net_device *dev;
	struct cvsw_dp *dp;
	bool strict;
	int err;

	dp = cvsw_genl_get_dp(info, &dev);
	if (IS_ERR(dp))
		return PTR_ERR(dp);
	err = cvsw_nl_parse_flow(info, dp, &fm, &acts, &strict);
	if (!err && add && strict) {
		GENL_SET_ERR_MSG(info, "strict applies to modify and delete only");
		err = -EINVAL;
	}
	if (!err) {
		if (add) {
			if (fm.cookie == U64_MAX)
				fm.cookie = 0;
			err = cvsw_table_add(dp->table, &fm, cvsw_dp_now());
		} else {
			err = cvsw_table_modify(dp->table, &fm, strict,
						cvsw_dp_now());
		}
		if (err < 0)
			cvsw_nl_table_err(info, dp, err);
		else
			err = 0;
		cvsw_dp_update_active(dp);
	}
	kfree(acts);
	dev_put(dev);
	return err;
}

int cvsw_nl_flow_new(struct sk_buff *skb, struct genl_info *info)
{
	return cvsw_nl_flow_change(info, true);
}

int cvsw_nl_flow_set(struct sk_buff *skb, struct genl_info *info)
{
	return cvsw_nl_flow_change(info, false);
}

int cvsw_nl_flow_del(struct sk_buff *skb, struct genl_info *info)
{
	struct cvsw_actions *acts;
	struct cvsw_flow_mod fm;
	struct net_device *dev;
	struct cvsw_dp *dp;
	bool strict;
	int err;

	dp = cvsw_genl_get_dp(info, &dev);
	if (IS_ERR(dp))
		return PTR_ERR(dp);
	if (!info->attrs[CVSW_A_FLOW]) {
		/* No flow at all: delete everything, as OF1.0 match-all. */
		memset(&fm, 0, sizeof(fm));
		fm.out_port = CVSW_PORT_NONE;
		strict = false;
		acts = NULL;
		err = 0;
	} else {
		err = cvsw_nl_parse_flow(info, dp, &fm, &acts, &strict);
	}
	if (!err) {
		cvsw_table_delete(dp->table, &fm, strict, cvsw_dp_flow_removed,
				  dp);
		cvsw_dp_update_active(dp);
	}
	kfree(acts);
	dev_put(dev);
	return err;
}

int cvsw_nl_flow_flush(struct sk_buff *skb, struct genl_info *info)
{
	struct cvsw_flow_mod fm = { .out_port = CVSW_PORT_NONE };
	struct net_device *dev;
	struct cvsw_dp *dp;

	dp = cvsw_genl_get_dp(info, &dev);
	if (IS_ERR(dp))
		return PTR_ERR(dp);
	cvsw_table_delete(dp->table, &fm, false, NULL, NULL);
	cvsw_dp_update_active(dp);
	dev_put(dev);
	return 0;
}

/* ---- replies ---- */

static int cvsw_nl_put_match(struct sk_buff *skb, const struct cvsw_match *m)
{
	const struct cvsw_flow_key *k = &m->key, *mk = &m->mask;
	struct nlattr *nest = nla_nest_start(skb, CVSW_FLOW_A_MATCH);

	if (!nest)
		return -EMSGSIZE;
	if ((mk->in_port && nla_put_u16(skb, CVSW_MATCH_A_IN_PORT, k->in_port)) ||
	    (!is_zero_ether_addr(mk->dl_src) &&
	     nla_put(skb, CVSW_MATCH_A_DL_SRC, ETH_ALEN, k->dl_src)) ||
	    (!is_zero_ether_addr(mk->dl_dst) &&
	     nla_put(skb, CVSW_MATCH_A_DL_DST, ETH_ALEN, k->dl_dst)) ||
	    (mk->dl_vlan && nla_put_u16(skb, CVSW_MATCH_A_DL_VLAN, k->dl_vlan)) ||
	    (mk->dl_vlan_pcp &&
	     nla_put_u8(skb, CVSW_MATCH_A_DL_VLAN_PCP, k->dl_vlan_pcp)) ||
	    (mk->dl_type && nla_put_be16(skb, CVSW_MATCH_A_DL_TYPE, k->dl_type)) ||
	    (mk->nw_tos && nla_put_u8(skb, CVSW_MATCH_A_NW_TOS, k->nw_tos)) ||
	    (mk->nw_proto && nla_put_u8(skb, CVSW_MATCH_A_NW_PROTO, k->nw_proto)))
		return -EMSGSIZE;
	if (cvsw_nl_put_prefixed(skb, m))
		return -EMSGSIZE;
	if ((mk->tp_src && nla_put_be16(skb, CVSW_MATCH_A_TP_SRC, k->tp_src)) ||
	    (mk->tp_dst && nla_put_be16(skb, CVSW_MATCH_A_TP_DST, k->tp_dst)) ||
	    (mk->tun_id && nla_put_u64_64bit(skb, CVSW_MATCH_A_TUN_ID,
					     k->tun_id, CVSW_MATCH_A_PAD)))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int cvsw_nl_put_action(struct sk_buff *skb, const struct cvsw_action *a)
{
	return nla_put(skb, a->type, cvsw_action_desc(a->type)->len, a->data);
}

static int cvsw_nl_put_actions(struct sk_buff *skb, int type,
			       const struct cvsw_actions *acts)
{
	const struct cvsw_action *a;
	struct nlattr *nest = nla_nest_start(skb, type);

	if (!nest)
		return -EMSGSIZE;
	cvsw_actions_for_each(a, acts)
		if (cvsw_nl_put_action(skb, a))
			return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/**
 * cvsw_nl_put_flow - add CVSW_A_FLOW describing @flow to a message
 * @skb: the message
 * @flow: the flow (under the table lock or RCU)
 * @now: cvsw_dp_now(), for durations
 *
 * Return: 0 or -EMSGSIZE (the caller cancels the message).
 */
int cvsw_nl_put_flow(struct sk_buff *skb, const struct cvsw_flow *flow,
		     u64 now)
{
	struct cvsw_flow_stats st;
	struct cvsw_match m;
	struct nlattr *nest;

	cvsw_flow_get_match(flow, &m);
	cvsw_flow_get_stats(flow, &st);
	nest = nla_nest_start(skb, CVSW_A_FLOW);
	if (!nest ||
	    cvsw_nl_put_match(skb, &m) ||
	    cvsw_nl_put_actions(skb, CVSW_FLOW_A_ACTIONS,
				cvsw_flow_actions(flow)) ||
	    nla_put_u16(skb, CVSW_FLOW_A_PRIORITY, flow->priority) ||
	    nla_put_u64_64bit(skb, CVSW_FLOW_A_COOKIE, flow->cookie,
			      CVSW_FLOW_A_PAD) ||
	    nla_put_u16(skb, CVSW_FLOW_A_IDLE_TIMEOUT, flow->idle_timeout) ||
	    nla_put_u16(skb, CVSW_FLOW_A_HARD_TIMEOUT, flow->hard_timeout) ||
	    nla_put_u32(skb, CVSW_FLOW_A_FLAGS,
			flow->flags & CVSW_FLOW_F_ALL) ||
	    nla_put_u64_64bit(skb, CVSW_FLOW_A_PACKETS, st.packets,
			      CVSW_FLOW_A_PAD) ||
	    nla_put_u64_64bit(skb, CVSW_FLOW_A_BYTES, st.bytes,
			      CVSW_FLOW_A_PAD) ||
	    nla_put_u64_64bit(skb, CVSW_FLOW_A_DURATION_MS,
			      now - flow->created, CVSW_FLOW_A_PAD) ||
	    nla_put_u64_64bit(skb, CVSW_FLOW_A_IDLE_MS,
			      now - READ_ONCE(flow->used), CVSW_FLOW_A_PAD))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* Does filter @f select flow match @m (non-strict: @m at least as specific)? */
static bool cvsw_nl_match_covers(const struct cvsw_match *f,
				 const struct cvsw_match *m)
{
	unsigned int i;

	for (i = 0; i < CVSW_KEY_WORDS; i++)
		if ((f->mask.w[i] & ~m->mask.w[i]) ||
		    ((f->key.w[i] ^ m->key.w[i]) & f->mask.w[i]))
			return false;
	return true;
}

static bool cvsw_nl_match_equal(const struct cvsw_match *a,
				const struct cvsw_match *b)
{
	return !memcmp(&a->key, &b->key, sizeof(a->key)) &&
	       !memcmp(&a->mask, &b->mask, sizeof(a->mask));
}

/* State of FLOW_GET, as a doit (strict) or a dump (covering filter). */
struct cvsw_nl_dump {
	struct cvsw_match filter;
	u16 priority;
	bool strict;
	u16 out_port;
	int ifindex;
	struct cvsw_dump_pos pos;
	/* per call */
	struct sk_buff *skb;
	u32 portid, seq;
	int flags;
	u64 now;
	int added;
};

static bool cvsw_nl_dump_selects(struct cvsw_nl_dump *d,
				 const struct cvsw_flow *flow)
{
	struct cvsw_match m;

	cvsw_flow_get_match(flow, &m);
	if (d->strict)
		return flow->priority == d->priority &&
		       cvsw_nl_match_equal(&d->filter, &m);
	if (d->out_port != CVSW_PORT_NONE &&
	    !cvsw_actions_has_output(cvsw_flow_actions(flow), d->out_port))
		return false;
	return cvsw_nl_match_covers(&d->filter, &m);
}

static int cvsw_nl_dump_one(const struct cvsw_flow *flow, void *arg)
{
	struct cvsw_nl_dump *d = arg;
	void *hdr;

	if (!cvsw_nl_dump_selects(d, flow))
		return 0;
	hdr = genlmsg_put(d->skb, d->portid, d->seq, &cvsw_genl_family,
			  d->flags, CVSW_CMD_FLOW_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(d->skb, CVSW_A_IFINDEX, d->ifindex) ||
	    cvsw_nl_put_flow(d->skb, flow, d->now)) {
		genlmsg_cancel(d->skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(d->skb, hdr);
	d->added++;
	/* A strict get wants the one flow. */
	return d->strict ? 1 : 0;
}

/* Fill the filter part of @d from a request's CVSW_A_FLOW (may be absent). */
static int cvsw_nl_dump_filter(struct cvsw_nl_dump *d, struct nlattr *flow,
			       struct netlink_ext_ack *extack)
{
	struct nlattr *tb[CVSW_FLOW_A_MAX + 1] = {};
	int err;

	d->priority = CVSW_FLOW_DEFAULT_PRIORITY;
	d->out_port = CVSW_PORT_NONE;
	if (!flow)
		return 0;
	err = nla_parse_nested(tb, CVSW_FLOW_A_MAX, flow, NULL, extack);
	if (err)
		return err;
	err = cvsw_nl_parse_match(tb[CVSW_FLOW_A_MATCH], &d->filter, extack);
	if (err)
		return err;
	if (tb[CVSW_FLOW_A_PRIORITY])
		d->priority = nla_get_u16(tb[CVSW_FLOW_A_PRIORITY]);
	if (tb[CVSW_FLOW_A_OUT_PORT])
		d->out_port = nla_get_u16(tb[CVSW_FLOW_A_OUT_PORT]);
	return 0;
}

int cvsw_nl_flow_get(struct sk_buff *skb, struct genl_info *info)
{
	struct cvsw_nl_dump d = {};
	struct net_device *dev;
	struct cvsw_dp *dp;
	int err;

	dp = cvsw_genl_get_dp(info, &dev);
	if (IS_ERR(dp))
		return PTR_ERR(dp);
	err = cvsw_nl_dump_filter(&d, info->attrs[CVSW_A_FLOW], info->extack);
	if (err)
		goto out;
	d.strict = true;
	d.ifindex = dev->ifindex;
	d.portid = info->snd_portid;
	d.seq = info->snd_seq;
	d.now = cvsw_dp_now();
	d.skb = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	err = -ENOMEM;
	if (!d.skb)
		goto out;
	/* One hashed lookup, as strict modify/delete do. */
	err = cvsw_table_get_strict(dp->table, &d.filter, d.priority,
				    cvsw_nl_dump_one, &d);
	if (err < 0) {
		nlmsg_free(d.skb);
		goto out;
	}
	if (!d.added) {
		nlmsg_free(d.skb);
		GENL_SET_ERR_MSG(info, "no flow with this match and priority");
		err = -ENOENT;
		goto out;
	}
	err = genlmsg_reply(d.skb, info);
out:
	dev_put(dev);
	return err;
}

int cvsw_nl_flow_dump_start(struct netlink_callback *cb)
{
	const struct genl_dumpit_info *info = genl_dumpit_info(cb);
	struct net_device *dev;
	struct cvsw_nl_dump *d;
	struct cvsw_dp *dp;
	int err;

	dp = cvsw_genl_lookup_dp(sock_net(cb->skb->sk), info->attrs,
				 cb->extack, &dev);
	if (IS_ERR(dp))
		return PTR_ERR(dp);
	d = kzalloc(sizeof(*d), GFP_KERNEL);
	if (!d) {
		dev_put(dev);
		return -ENOMEM;
	}
	d->ifindex = dev->ifindex;
	dev_put(dev);
	err = cvsw_nl_dump_filter(d, info->attrs[CVSW_A_FLOW], cb->extack);
	if (err) {
		kfree(d);
		return err;
	}
	cb->args[0] = (long)d;
	return 0;
}

int cvsw_nl_flow_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct cvsw_nl_dump *d = (struct cvsw_nl_dump *)cb->args[0];
	struct net_device *dev;
	struct cvsw_dp *dp;
	int more;

	dev = dev_get_by_index(sock_net(skb->sk), d->ifindex);
	dp = dev ? cvsw_dp_from_dev(dev) : NULL;
	if (!dp) {
		/* The device went away in the middle of the dump. */
		dev_put(dev);
		return -ENODEV;
	}
	d->skb = skb;
	d->portid = NETLINK_CB(cb->skb).portid;
	d->seq = cb->nlh->nlmsg_seq;
	d->flags = NLM_F_MULTI;
	d->now = cvsw_dp_now();
	d->added = 0;
	more = cvsw_table_dump(dp->table, &d->pos, cvsw_nl_dump_one, d);
	dev_put(dev);
	if (more && !d->added)
		return -EMSGSIZE;	/* one flow bigger than a dump skb */
	return more ? skb->len : 0;
}

int cvsw_nl_flow_dump_done(struct netlink_callback *cb)
{
	kfree((void *)cb->args[0]);
	return 0;
}

int cvsw_nl_packet_out(struct sk_buff *skb, struct genl_info *info)
{
	struct cvsw_actions *acts;
	struct net_device *dev;
	struct sk_buff *pkt;
	struct cvsw_dp *dp;
	struct nlattr *data = info->attrs[CVSW_A_PACKET];
	u16 in_port = CVSW_PORT_NONE;
	unsigned int room;
	int err;

	dp = cvsw_genl_get_dp(info, &dev);
	if (IS_ERR(dp))
		return PTR_ERR(dp);
	err = -EINVAL;
	if (!data || nla_len(data) < ETH_HLEN) {
		NL_SET_ERR_MSG_ATTR(info->extack, data,
				    "packet-out needs a frame of at least 14 bytes");
		goto out;
	}
	if (nla_len(data) > dev->mtu + VLAN_ETH_HLEN + VLAN_HLEN) {
		NL_SET_ERR_MSG_ATTR(info->extack, data,
				    "frame longer than the device's MTU");
		goto out;
	}
	if (info->attrs[CVSW_A_IN_PORT])
		in_port = nla_get_u16(info->attrs[CVSW_A_IN_PORT]);
	if (in_port != CVSW_PORT_NONE && in_port != CVSW_PORT_CONTROLLER &&
	    in_port != CVSW_PORT_LOCAL && !cvsw_vport_exists(dp, in_port)) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[CVSW_A_IN_PORT],
				    "in_port must be 1, 2, LOCAL, CONTROLLER or NONE");
		goto out;
	}
	acts = cvsw_nl_parse_actions(dp, info->attrs[CVSW_A_ACTIONS],
				     info->extack);
	if (IS_ERR(acts)) {
		err = PTR_ERR(acts);
		goto out;
	}
	/* Room for every header the actions may push, so none reallocates. */
	room = cvsw_actions_headroom(acts) + dev->needed_headroom;
	pkt = netdev_alloc_skb(dev, room + nla_len(data));
	err = -ENOMEM;
	if (pkt) {
		skb_reserve(pkt, room);
		skb_put_data(pkt, nla_data(data), nla_len(data));
		skb_reset_mac_header(pkt);
		pkt->protocol = eth_hdr(pkt)->h_proto;
		err = cvsw_dp_packet_out(dp, pkt, in_port, acts);
	}
	kfree(acts);
out:
	dev_put(dev);
	return err;
}
