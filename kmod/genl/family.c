// SPDX-License-Identifier: GPL-2.0
/*
 * family.c - the cvsw generic-netlink family: policies, registration, and
 * the device and statistics commands.
 */
#include <linux/etherdevice.h>
#include <linux/rtnetlink.h>
#include <net/sock.h>
#include "genl/genl.h"
#include "tunnel/reasm.h"

static const struct nla_policy cvsw_offload_policy[CVSW_OFFLOAD_A_MAX + 1] = {
	[CVSW_OFFLOAD_A_RX_CSUM]	= NLA_POLICY_MAX(NLA_U8, 1),
	[CVSW_OFFLOAD_A_TX_CSUM]	= NLA_POLICY_MAX(NLA_U8, 1),
	[CVSW_OFFLOAD_A_SG]		= NLA_POLICY_MAX(NLA_U8, 1),
	[CVSW_OFFLOAD_A_TSO]		= NLA_POLICY_MAX(NLA_U8, 1),
	[CVSW_OFFLOAD_A_GSO]		= NLA_POLICY_MAX(NLA_U8, 1),
	[CVSW_OFFLOAD_A_GRO]		= NLA_POLICY_MAX(NLA_U8, 1),
	[CVSW_OFFLOAD_A_GRO_HW]		= NLA_POLICY_MAX(NLA_U8, 1),
};

static const struct nla_policy cvsw_match_policy[CVSW_MATCH_A_MAX + 1] = {
	[CVSW_MATCH_A_IN_PORT]		= { .type = NLA_U16 },
	[CVSW_MATCH_A_DL_SRC]		= NLA_POLICY_EXACT_LEN(ETH_ALEN),
	[CVSW_MATCH_A_DL_DST]		= NLA_POLICY_EXACT_LEN(ETH_ALEN),
	[CVSW_MATCH_A_DL_VLAN]		= { .type = NLA_U16 },
	[CVSW_MATCH_A_DL_VLAN_PCP]	= NLA_POLICY_MAX(NLA_U8, 7),
	[CVSW_MATCH_A_DL_TYPE]		= { .type = NLA_BE16 },
	[CVSW_MATCH_A_NW_TOS]		= { .type = NLA_U8 },
	[CVSW_MATCH_A_NW_PROTO]		= { .type = NLA_U8 },
	[CVSW_MATCH_A_NW_SRC]		= { .type = NLA_BE32 },
	[CVSW_MATCH_A_NW_SRC_PREFIX]	= NLA_POLICY_RANGE(NLA_U8, 1, 32),
	[CVSW_MATCH_A_NW_DST]		= { .type = NLA_BE32 },
	[CVSW_MATCH_A_NW_DST_PREFIX]	= NLA_POLICY_RANGE(NLA_U8, 1, 32),
	[CVSW_MATCH_A_TP_SRC]		= { .type = NLA_BE16 },
	[CVSW_MATCH_A_TP_DST]		= { .type = NLA_BE16 },
	[CVSW_MATCH_A_TUN_ID]		= { .type = NLA_U64 },
	[CVSW_MATCH_A_TUN_SRC]		= { .type = NLA_BE32 },
	[CVSW_MATCH_A_TUN_SRC_PREFIX]	= NLA_POLICY_RANGE(NLA_U8, 1, 32),
	[CVSW_MATCH_A_TUN_DST]		= { .type = NLA_BE32 },
	[CVSW_MATCH_A_TUN_DST_PREFIX]	= NLA_POLICY_RANGE(NLA_U8, 1, 32),
};

const struct nla_policy cvsw_flow_policy[CVSW_FLOW_A_MAX + 1] = {
	[CVSW_FLOW_A_MATCH]		= NLA_POLICY_NESTED(cvsw_match_policy),
	/* Each action is checked against its descriptor (datapath/actions.c). */
	[CVSW_FLOW_A_ACTIONS]		= { .type = NLA_NESTED },
	[CVSW_FLOW_A_PRIORITY]		= { .type = NLA_U16 },
	[CVSW_FLOW_A_COOKIE]		= { .type = NLA_U64 },
	[CVSW_FLOW_A_IDLE_TIMEOUT]	= { .type = NLA_U16 },
	[CVSW_FLOW_A_HARD_TIMEOUT]	= { .type = NLA_U16 },
	[CVSW_FLOW_A_FLAGS]		= NLA_POLICY_MASK(NLA_U32, CVSW_FLOW_F_ALL),
	[CVSW_FLOW_A_STRICT]		= { .type = NLA_FLAG },
	[CVSW_FLOW_A_OUT_PORT]		= { .type = NLA_U16 },
};

/*
 * Tunnel port parameters (PORT_NEW; PORT_DEL and PORT_GET name a port by
 * PORT_NO or NAME). The kind and the ranges that depend on it are checked
 * by the tunnel layer, with messages that say which kinds exist.
 */
const struct nla_policy cvsw_port_policy[CVSW_PORT_A_MAX + 1] = {
	[CVSW_PORT_A_PORT_NO]		= { .type = NLA_U16 },
	[CVSW_PORT_A_NAME]		= { .type = NLA_NUL_STRING,
					    .len = IFNAMSIZ - 1 },
	[CVSW_PORT_A_KIND]		= { .type = NLA_U8 },
	[CVSW_PORT_A_REMOTE_IP]		= { .type = NLA_BE32 },
	[CVSW_PORT_A_LOCAL_IP]		= { .type = NLA_BE32 },
	[CVSW_PORT_A_KEY]		= { .type = NLA_U64 },
	[CVSW_PORT_A_KEY_FLOW]		= { .type = NLA_FLAG },
	[CVSW_PORT_A_DST_PORT]		= NLA_POLICY_MIN(NLA_U16, 1),
	[CVSW_PORT_A_REMOTE_MAC]	= NLA_POLICY_EXACT_LEN(ETH_ALEN),
	[CVSW_PORT_A_TOS]		= { .type = NLA_U8 },
	[CVSW_PORT_A_TOS_INHERIT]	= { .type = NLA_FLAG },
	[CVSW_PORT_A_TTL]		= NLA_POLICY_MIN(NLA_U8, 1),
	[CVSW_PORT_A_FLOWID_HASH]	= { .type = NLA_FLAG },
	[CVSW_PORT_A_OVERHEAD]		= { .type = NLA_U16 },
	[CVSW_PORT_A_TUN_STATS]		= { .type = NLA_NESTED },
};

static const struct nla_policy cvsw_policy[CVSW_A_MAX + 1] = {
	[CVSW_A_IFINDEX]	= { .type = NLA_U32 },
	[CVSW_A_IFNAME]		= { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
	[CVSW_A_MTU]		= { .type = NLA_U32 },
	[CVSW_A_OFFLOADS]	= NLA_POLICY_NESTED(cvsw_offload_policy),
	[CVSW_A_MISS]		= NLA_POLICY_MAX(NLA_U8, __CVSW_MISS_MAX - 1),
	[CVSW_A_PACKET_IN_RATE]	= { .type = NLA_U32 },
	[CVSW_A_MISS_SEND_LEN]	= { .type = NLA_U16 },
	[CVSW_A_FLOW]		= NLA_POLICY_NESTED(cvsw_flow_policy),
	[CVSW_A_PACKET]		= { .type = NLA_BINARY, .len = 65535 },
	[CVSW_A_IN_PORT]	= { .type = NLA_U16 },
	[CVSW_A_ACTIONS]	= { .type = NLA_NESTED },
	[CVSW_A_PORT]		= NLA_POLICY_NESTED(cvsw_port_policy),
};

/* netdev feature bits behind each CVSW_OFFLOAD_A_* attribute. */
static const netdev_features_t cvsw_offload_features[CVSW_OFFLOAD_A_MAX + 1] = {
	[CVSW_OFFLOAD_A_RX_CSUM]	= NETIF_F_RXCSUM,
	[CVSW_OFFLOAD_A_TX_CSUM]	= NETIF_F_HW_CSUM,
	[CVSW_OFFLOAD_A_SG]		= NETIF_F_SG,
	[CVSW_OFFLOAD_A_TSO]		= NETIF_F_TSO | NETIF_F_TSO6 |
					  NETIF_F_TSO_ECN,
	[CVSW_OFFLOAD_A_GSO]		= NETIF_F_GSO,
	[CVSW_OFFLOAD_A_GRO]		= NETIF_F_GRO,
	[CVSW_OFFLOAD_A_GRO_HW]		= NETIF_F_GRO_HW,
};

/**
 * cvsw_genl_lookup_dp - the cvsw_net device named by request attributes
 * @net: the requester's network namespace
 * @attrs: top-level attributes (CVSW_A_IFINDEX or CVSW_A_IFNAME)
 * @extack: for the reason of a failure
 * @devp: receives the device, held; the caller dev_put()s it
 *
 * Return: its datapath, or an ERR_PTR with an extack message set.
 */
struct cvsw_dp *cvsw_genl_lookup_dp(struct net *net, struct nlattr **attrs,
				    struct netlink_ext_ack *extack,
				    struct net_device **devp)
{
	struct net_device *dev = NULL;
	struct cvsw_dp *dp;

	if (attrs[CVSW_A_IFINDEX])
		dev = dev_get_by_index(net, nla_get_u32(attrs[CVSW_A_IFINDEX]));
	else if (attrs[CVSW_A_IFNAME])
		dev = dev_get_by_name(net, nla_data(attrs[CVSW_A_IFNAME]));
	else {
		NL_SET_ERR_MSG(extack, "no device given (IFINDEX or IFNAME)");
		return ERR_PTR(-EINVAL);
	}
	if (!dev) {
		NL_SET_ERR_MSG_ATTR(extack, attrs[CVSW_A_IFINDEX] ?:
				    attrs[CVSW_A_IFNAME],
				    "no such device in this network namespace");
		return ERR_PTR(-ENODEV);
	}
	dp = cvsw_dp_from_dev(dev);
	if (!dp) {
		dev_put(dev);
		NL_SET_ERR_MSG(extack, "device is not driven by cvsw_net");
		return ERR_PTR(-EOPNOTSUPP);
	}
	*devp = dev;
	return dp;
}

/**
 * cvsw_genl_get_dp - the cvsw_net device a request names
 * @info: the request
 * @devp: receives the device, held; the caller dev_put()s it
 *
 * Return: its datapath, or an ERR_PTR with an extack message set.
 */
struct cvsw_dp *cvsw_genl_get_dp(struct genl_info *info,
				 struct net_device **devp)
{
	return cvsw_genl_lookup_dp(genl_info_net(info), info->attrs,
				   info->extack, devp);
}

static int cvsw_nl_put_offloads(struct sk_buff *skb, struct net_device *dev)
{
	struct nlattr *nest;
	int i;

	nest = nla_nest_start(skb, CVSW_A_OFFLOADS);
	if (!nest)
		return -EMSGSIZE;
	for (i = 1; i <= CVSW_OFFLOAD_A_MAX; i++)
		if (nla_put_u8(skb, i, !!(dev->features &
					  cvsw_offload_features[i])))
			return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int cvsw_nl_put_reasm(struct sk_buff *skb, struct cvsw_dp *dp)
{
	struct cvsw_reasm_usage u;
	struct nlattr *nest;

	cvsw_reasm_usage(dp->reasm, &u);
	nest = nla_nest_start(skb, CVSW_A_REASM);
	if (!nest ||
	    nla_put_u32(skb, CVSW_REASM_A_FRAMES, u.frames) ||
	    nla_put_u32(skb, CVSW_REASM_A_MAX_FRAMES, u.max_frames) ||
	    nla_put_u32(skb, CVSW_REASM_A_BYTES, u.bytes) ||
	    nla_put_u32(skb, CVSW_REASM_A_PEAK_BYTES, u.peak_bytes) ||
	    nla_put_u32(skb, CVSW_REASM_A_MAX_BYTES, u.max_bytes))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int cvsw_nl_fill_dev(struct sk_buff *skb, struct net_device *dev,
			    u32 portid, u32 seq, int flags)
{
	struct cvsw_dp *dp = cvsw_dp_from_dev(dev);
	u64 dpid = ether_addr_to_u64(dev->dev_addr);
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &cvsw_genl_family, flags,
			  CVSW_CMD_DEV_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(skb, CVSW_A_IFINDEX, dev->ifindex) ||
	    nla_put_string(skb, CVSW_A_IFNAME, dev->name) ||
	    nla_put_u64_64bit(skb, CVSW_A_DATAPATH_ID, dpid, CVSW_A_PAD) ||
	    nla_put(skb, CVSW_A_MAC, ETH_ALEN, dev->dev_addr) ||
	    nla_put_u32(skb, CVSW_A_MTU, dev->mtu) ||
	    cvsw_nl_put_offloads(skb, dev) ||
	    nla_put_u8(skb, CVSW_A_MISS, READ_ONCE(dp->miss)) ||
	    nla_put_u16(skb, CVSW_A_MISS_SEND_LEN,
			READ_ONCE(dp->miss_send_len)) ||
	    nla_put_u32(skb, CVSW_A_PACKET_IN_RATE, READ_ONCE(dp->pin_rate)) ||
	    nla_put_u8(skb, CVSW_A_LINK_UP, netif_carrier_ok(dev)) ||
	    nla_put_u32(skb, CVSW_A_N_FLOWS, cvsw_table_count(dp->table)) ||
	    nla_put_u32(skb, CVSW_A_MAX_FLOWS, dp->max_flows) ||
	    cvsw_nl_put_reasm(skb, dp)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

static int cvsw_nl_dev_get(struct sk_buff *skb, struct genl_info *info)
{
	struct net_device *dev;
	struct cvsw_dp *dp;
	struct sk_buff *msg;
	int err;

	dp = cvsw_genl_get_dp(info, &dev);
	if (IS_ERR(dp))
		return PTR_ERR(dp);
	msg = nlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	err = -ENOMEM;
	if (msg) {
		err = cvsw_nl_fill_dev(msg, dev, info->snd_portid,
				       info->snd_seq, 0);
		if (err)
			nlmsg_free(msg);
		else
			err = genlmsg_reply(msg, info);
	}
	dev_put(dev);
	return err;
}

static int cvsw_nl_dev_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct net *net = sock_net(skb->sk);
	struct net_device *dev;
	long idx = 0, start = cb->args[0];

	rcu_read_lock();
	for_each_netdev_rcu(net, dev) {
		if (!cvsw_dp_from_dev(dev))
			continue;
		if (idx++ < start)
			continue;
		if (cvsw_nl_fill_dev(skb, dev, NETLINK_CB(cb->skb).portid,
				     cb->nlh->nlmsg_seq, NLM_F_MULTI)) {
			idx--;
			break;
		}
	}
	rcu_read_unlock();
	cb->args[0] = idx;
	return skb->len;
}

/* Check every offload change before applying any of them. */
static int cvsw_nl_check_offloads(struct net_device *dev, struct nlattr **tb,
				  struct netlink_ext_ack *extack)
{
	int i;

	for (i = 1; i <= CVSW_OFFLOAD_A_MAX; i++) {
		netdev_features_t f = cvsw_offload_features[i];

		if (!tb[i])
			continue;
		if ((dev->hw_features & f) != f &&
		    !!nla_get_u8(tb[i]) != !!(dev->features & f)) {
			NL_SET_ERR_MSG_ATTR(extack, tb[i],
					    "this offload cannot be changed on this device");
			return -EOPNOTSUPP;
		}
	}
	return 0;
}

static int cvsw_nl_dev_set(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[CVSW_OFFLOAD_A_MAX + 1] = {};
	struct net_device *dev;
	struct cvsw_dp *dp;
	int err, i;

	dp = cvsw_genl_get_dp(info, &dev);
	if (IS_ERR(dp))
		return PTR_ERR(dp);

	rtnl_lock();
	if (info->attrs[CVSW_A_OFFLOADS]) {
		err = nla_parse_nested(tb, CVSW_OFFLOAD_A_MAX,
				       info->attrs[CVSW_A_OFFLOADS],
				       cvsw_offload_policy, info->extack);
		if (!err)
			err = cvsw_nl_check_offloads(dev, tb, info->extack);
		if (err)
			goto out;
	}
	if (info->attrs[CVSW_A_MTU]) {
		u32 mtu = nla_get_u32(info->attrs[CVSW_A_MTU]);

		if (mtu < dev->min_mtu || mtu > dev->max_mtu) {
			NL_SET_ERR_MSG_ATTR(info->extack,
					    info->attrs[CVSW_A_MTU],
					    "mtu outside the device's min_mtu..max_mtu");
			err = -EINVAL;
			goto out;
		}
		err = dev_set_mtu(dev, mtu);
		if (err)
			goto out;
	}
	if (info->attrs[CVSW_A_OFFLOADS]) {
		for (i = 1; i <= CVSW_OFFLOAD_A_MAX; i++) {
			if (!tb[i])
				continue;
			if (nla_get_u8(tb[i]))
				dev->wanted_features |= cvsw_offload_features[i] &
							dev->hw_features;
			else
				dev->wanted_features &= ~cvsw_offload_features[i];
		}
		netdev_update_features(dev);
	}
	if (info->attrs[CVSW_A_MISS]) {
		WRITE_ONCE(dp->miss, nla_get_u8(info->attrs[CVSW_A_MISS]));
		cvsw_dp_update_active(dp);
	}
	if (info->attrs[CVSW_A_MISS_SEND_LEN])
		WRITE_ONCE(dp->miss_send_len,
			   nla_get_u16(info->attrs[CVSW_A_MISS_SEND_LEN]));
	if (info->attrs[CVSW_A_PACKET_IN_RATE]) {
		spin_lock_bh(&dp->pin_lock);
		dp->pin_rate = nla_get_u32(info->attrs[CVSW_A_PACKET_IN_RATE]);
		dp->pin_tokens = min(dp->pin_tokens, dp->pin_rate);
		spin_unlock_bh(&dp->pin_lock);
	}
	err = 0;
out:
	rtnl_unlock();
	dev_put(dev);
	return err;
}

static int cvsw_nl_put_port_stats(struct sk_buff *skb, struct cvsw_vport *vp)
{
	struct nlattr *nest = nla_nest_start(skb, CVSW_A_PORT_STATS);
	struct cvsw_vport_stats st;

	cvsw_vport_get_stats(vp, &st);
	if (!nest ||
	    nla_put_u16(skb, CVSW_PORT_STATS_A_PORT, vp->port_no) ||
	    nla_put_u64_64bit(skb, CVSW_PORT_STATS_A_RX_PACKETS,
			      st.rx_packets, CVSW_PORT_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, CVSW_PORT_STATS_A_RX_BYTES,
			      st.rx_bytes, CVSW_PORT_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, CVSW_PORT_STATS_A_TX_PACKETS,
			      st.tx_packets, CVSW_PORT_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, CVSW_PORT_STATS_A_TX_BYTES,
			      st.tx_bytes, CVSW_PORT_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, CVSW_PORT_STATS_A_DROPPED,
			      st.dropped, CVSW_PORT_STATS_A_PAD))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* One CVSW_A_PORT_STATS per port of the table, in port order. */
static int cvsw_nl_put_ports_stats(struct sk_buff *skb, struct cvsw_dp *dp)
{
	struct cvsw_vport *vp;
	unsigned int i;
	int err = 0;

	rcu_read_lock();
	for (i = 1; i <= CVSW_DP_MAX_PORTS && !err; i++) {
		vp = cvsw_vport_rcu(dp, i);
		if (vp)
			err = cvsw_nl_put_port_stats(skb, vp);
	}
	rcu_read_unlock();
	return err;
}

static int cvsw_nl_stats_get(struct sk_buff *skb, struct genl_info *info)
{
	struct net_device *dev;
	struct nlattr *nest;
	struct cvsw_dp *dp;
	struct sk_buff *msg;
	u64 lookups, matched;
	void *hdr;
	int err = -EMSGSIZE;

	dp = cvsw_genl_get_dp(info, &dev);
	if (IS_ERR(dp))
		return PTR_ERR(dp);
	cvsw_dp_read_stats(dp, &lookups, &matched);
	msg = nlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg) {
		dev_put(dev);
		return -ENOMEM;
	}
	hdr = genlmsg_put_reply(msg, info, &cvsw_genl_family, 0,
				CVSW_CMD_STATS_GET);
	if (!hdr || nla_put_u32(msg, CVSW_A_IFINDEX, dev->ifindex))
		goto fail;
	nest = nla_nest_start(msg, CVSW_A_TABLE_STATS);
	if (!nest ||
	    nla_put_u32(msg, CVSW_TABLE_STATS_A_ACTIVE,
			cvsw_table_count(dp->table)) ||
	    nla_put_u32(msg, CVSW_TABLE_STATS_A_MAX_ENTRIES,
			dp->max_flows) ||
	    nla_put_u32(msg, CVSW_TABLE_STATS_A_MASKS,
			cvsw_table_n_masks(dp->table)) ||
	    nla_put_u64_64bit(msg, CVSW_TABLE_STATS_A_LOOKUPS, lookups,
			      CVSW_TABLE_STATS_A_PAD) ||
	    nla_put_u64_64bit(msg, CVSW_TABLE_STATS_A_MATCHED, matched,
			      CVSW_TABLE_STATS_A_PAD))
		goto fail;
	nla_nest_end(msg, nest);
	if (cvsw_nl_put_ports_stats(msg, dp))
		goto fail;
	genlmsg_end(msg, hdr);
	dev_put(dev);
	return genlmsg_reply(msg, info);
fail:
	nlmsg_free(msg);
	dev_put(dev);
	return err;
}

static const struct genl_ops cvsw_genl_ops[] = {
	{
		.cmd = CVSW_CMD_DEV_GET,
		.doit = cvsw_nl_dev_get,
		.dumpit = cvsw_nl_dev_dump,
	},
	{
		.cmd = CVSW_CMD_DEV_SET,
		.doit = cvsw_nl_dev_set,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = CVSW_CMD_FLOW_NEW,
		.doit = cvsw_nl_flow_new,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = CVSW_CMD_FLOW_SET,
		.doit = cvsw_nl_flow_set,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = CVSW_CMD_FLOW_DEL,
		.doit = cvsw_nl_flow_del,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = CVSW_CMD_FLOW_GET,
		.doit = cvsw_nl_flow_get,
		.start = cvsw_nl_flow_dump_start,
		.dumpit = cvsw_nl_flow_dump,
		.done = cvsw_nl_flow_dump_done,
	},
	{
		.cmd = CVSW_CMD_FLOW_FLUSH,
		.doit = cvsw_nl_flow_flush,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = CVSW_CMD_STATS_GET,
		.doit = cvsw_nl_stats_get,
	},
	{
		.cmd = CVSW_CMD_PACKET_OUT,
		.doit = cvsw_nl_packet_out,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = CVSW_CMD_PORT_NEW,
		.doit = cvsw_nl_port_new,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = CVSW_CMD_PORT_DEL,
		.doit = cvsw_nl_port_del,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = CVSW_CMD_PORT_GET,
		.doit = cvsw_nl_port_get,
		.start = cvsw_nl_port_dump_start,
		.dumpit = cvsw_nl_port_dump,
	},
};

static const struct genl_multicast_group cvsw_mcgrps[] = {
	[CVSW_MCGRP_IDX_PACKET_IN]	= { .name = CVSW_MCGRP_PACKET_IN },
	[CVSW_MCGRP_IDX_FLOW_REMOVED]	= { .name = CVSW_MCGRP_FLOW_REMOVED },
	[CVSW_MCGRP_IDX_PORT_STATUS]	= { .name = CVSW_MCGRP_PORT_STATUS },
};

struct genl_family cvsw_genl_family __ro_after_init = {
	.name		= CVSW_GENL_NAME,
	.version	= CVSW_GENL_VERSION,
	.maxattr	= CVSW_A_MAX,
	.policy		= cvsw_policy,
	.netnsok	= true,
	.module		= THIS_MODULE,
	.ops		= cvsw_genl_ops,
	.n_ops		= ARRAY_SIZE(cvsw_genl_ops),
	.mcgrps		= cvsw_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(cvsw_mcgrps),
};

/**
 * cvsw_genl_register - register the cvsw family and take the datapath's
 *	events
 *
 * Return: 0 or a negative errno.
 */
int cvsw_genl_register(void)
{
	int err = genl_register_family(&cvsw_genl_family);

	if (!err)
		cvsw_dp_set_event_ops(&cvsw_genl_event_ops);
	return err;
}

/**
 * cvsw_genl_unregister - stop taking events, unregister the family
 *
 * On return no event handler runs any more.
 */
void cvsw_genl_unregister(void)
{
	cvsw_dp_set_event_ops(NULL);
	genl_unregister_family(&cvsw_genl_family);
}
