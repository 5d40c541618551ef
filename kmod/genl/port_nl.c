// SPDX-License-Identifier: GPL-2.0
/*
 * port_nl.c - port commands of the cvsw family: PORT_NEW adds a tunnel
 * port, PORT_DEL deletes one, PORT_GET describes one port or, as a dump,
 * every port of a device (1 "host" and 2 "net" included), and the port
 * description that port-status events carry.
 *
 * A request is checked whole before anything changes; every refusal says
 * why in extack. The tunnel layer (tunnel/port.c) owns the checks of a
 * configuration and of numbers and names; this file translates.
 */
#include <linux/etherdevice.h>
#include <net/sock.h>
#include "genl/genl.h"
#include "tunnel/tunnel.h"

/* The kind of a port: the driver's two by number, tunnels by their cfg. */
static u8 cvsw_nl_port_kind(const struct cvsw_vport *vp)
{
	const struct cvsw_tunnel_cfg *cfg = cvsw_tunnel_cfg(vp);

	if (cfg)
		return cfg->kind;
	return vp->port_no == CVSW_PORT_HOST ? CVSW_PORT_KIND_HOST :
					       CVSW_PORT_KIND_NET;
}

static int cvsw_nl_put_tun_stats(struct sk_buff *skb,
				 const struct cvsw_vport *vp)
{
	struct cvsw_tunnel_stats st;
	struct nlattr *nest;

	cvsw_tunnel_get_stats(vp, &st);
	nest = nla_nest_start(skb, CVSW_PORT_A_TUN_STATS);
	if (!nest ||
	    nla_put_u64_64bit(skb, CVSW_TUN_STATS_A_ENCAP_ERRORS,
			      st.encap_errors, CVSW_TUN_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, CVSW_TUN_STATS_A_NO_NEIGH,
			      st.no_neigh, CVSW_TUN_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, CVSW_TUN_STATS_A_NO_ROUTE,
			      st.no_route, CVSW_TUN_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, CVSW_TUN_STATS_A_TOO_BIG,
			      st.too_big, CVSW_TUN_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, CVSW_TUN_STATS_A_DECAP_ERRORS,
			      st.decap_errors, CVSW_TUN_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, CVSW_TUN_STATS_A_REASM_DONE,
			      st.reasm_done, CVSW_TUN_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, CVSW_TUN_STATS_A_REASM_DROPS,
			      st.reasm_drops, CVSW_TUN_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, CVSW_TUN_STATS_A_REASM_TIMEOUTS,
			      st.reasm_timeouts, CVSW_TUN_STATS_A_PAD))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* Every parameter of a tunnel, as PORT_NEW takes them, plus what it costs. */
static int cvsw_nl_put_tunnel(struct sk_buff *skb, const struct cvsw_vport *vp,
			      const struct cvsw_tunnel_cfg *cfg)
{
	if (nla_put_in_addr(skb, CVSW_PORT_A_REMOTE_IP, cfg->remote_ip) ||
	    nla_put_in_addr(skb, CVSW_PORT_A_LOCAL_IP, cfg->local_ip) ||
	    (cfg->key_flow ? nla_put_flag(skb, CVSW_PORT_A_KEY_FLOW) :
	     nla_put_u64_64bit(skb, CVSW_PORT_A_KEY, cfg->key,
			       CVSW_PORT_A_PAD)) ||
	    (cfg->dst_port &&
	     nla_put_u16(skb, CVSW_PORT_A_DST_PORT, cfg->dst_port)) ||
	    (cfg->has_remote_mac &&
	     nla_put(skb, CVSW_PORT_A_REMOTE_MAC, ETH_ALEN, cfg->remote_mac)) ||
	    (cfg->tos_inherit ? nla_put_flag(skb, CVSW_PORT_A_TOS_INHERIT) :
	     nla_put_u8(skb, CVSW_PORT_A_TOS, cfg->tos)) ||
	    nla_put_u8(skb, CVSW_PORT_A_TTL, cfg->ttl) ||
	    (cfg->flowid_hash &&
	     nla_put_flag(skb, CVSW_PORT_A_FLOWID_HASH)) ||
	    nla_put_u16(skb, CVSW_PORT_A_OVERHEAD,
			cvsw_tunnel_overhead(cfg)))
		return -EMSGSIZE;
	return cvsw_nl_put_tun_stats(skb, vp);
}

/**
 * cvsw_nl_put_port - a CVSW_A_PORT describing a port
 * @skb: the message
 * @dp: the datapath
 * @port_no: the port; if it is gone, only its number is put
 *
 * Any context that may take rcu_read_lock().
 *
 * Return: 0 or -EMSGSIZE.
 */
int cvsw_nl_put_port(struct sk_buff *skb, struct cvsw_dp *dp, u16 port_no)
{
	const struct cvsw_tunnel_cfg *cfg;
	struct cvsw_vport *vp;
	struct nlattr *nest;
	int err = -EMSGSIZE;

	nest = nla_nest_start(skb, CVSW_A_PORT);
	if (!nest || nla_put_u16(skb, CVSW_PORT_A_PORT_NO, port_no))
		return -EMSGSIZE;
	rcu_read_lock();
	vp = cvsw_vport_rcu(dp, port_no);
	if (vp) {
		if (nla_put_string(skb, CVSW_PORT_A_NAME, vp->name) ||
		    nla_put_u8(skb, CVSW_PORT_A_KIND, cvsw_nl_port_kind(vp)))
			goto out;
		cfg = cvsw_tunnel_cfg(vp);
		if (cfg && cvsw_nl_put_tunnel(skb, vp, cfg))
			goto out;
	}
	err = 0;
out:
	rcu_read_unlock();
	if (err)
		return err;
	nla_nest_end(skb, nest);
	return 0;
}

/* One port as a message of its own (PORT_GET reply, dump entry). */
static int cvsw_nl_fill_port(struct sk_buff *skb, struct cvsw_dp *dp,
			     u16 port_no, u8 cmd, u32 portid, u32 seq,
			     int flags)
{
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &cvsw_genl_family, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(skb, CVSW_A_IFINDEX, dp->dev->ifindex) ||
	    cvsw_nl_put_port(skb, dp, port_no)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/* Fill @msg, allocated by the caller, with port @port_no and reply. */
static int cvsw_nl_port_send(struct sk_buff *msg, struct genl_info *info,
			     struct cvsw_dp *dp, u16 port_no)
{
	int err = cvsw_nl_fill_port(msg, dp, port_no, CVSW_CMD_PORT_GET,
				    info->snd_portid, info->snd_seq, 0);

	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

static int cvsw_nl_port_reply(struct genl_info *info, struct cvsw_dp *dp,
			      u16 port_no)
{
	struct sk_buff *msg = nlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);

	if (!msg)
		return -ENOMEM;
	return cvsw_nl_port_send(msg, info, dp, port_no);
}

/* The nested CVSW_A_PORT of a request (checked against the policy). */
static int cvsw_nl_parse_port(struct genl_info *info, struct nlattr **tb)
{
	struct nlattr *attr = info->attrs[CVSW_A_PORT];

	if (!attr) {
		NL_SET_ERR_MSG(info->extack, "no port given (CVSW_A_PORT)");
		return -EINVAL;
	}
	return nla_parse_nested(tb, CVSW_PORT_A_MAX, attr, cvsw_port_policy,
				info->extack);
}

/*
 * The port a request names by PORT_NO or NAME (both: they must agree).
 * Return: its number, or a negative errno with an extack message.
 */
static int cvsw_nl_port_named(struct cvsw_dp *dp, struct nlattr **tb,
			      struct netlink_ext_ack *extack)
{
	struct cvsw_vport *vp;
	int found = -ENOENT;
	unsigned int i;

	if (!tb[CVSW_PORT_A_NAME]) {
		if (!tb[CVSW_PORT_A_PORT_NO]) {
			NL_SET_ERR_MSG(extack, "name the port by PORT_NO or NAME");
			return -EINVAL;
		}
		if (!cvsw_vport_exists(dp, nla_get_u16(tb[CVSW_PORT_A_PORT_NO]))) {
			NL_SET_ERR_MSG_ATTR(extack, tb[CVSW_PORT_A_PORT_NO],
					    "no such port");
			return -ENOENT;
		}
		return nla_get_u16(tb[CVSW_PORT_A_PORT_NO]);
	}
	rcu_read_lock();
	for (i = 1; i <= CVSW_DP_MAX_PORTS; i++) {
		vp = cvsw_vport_rcu(dp, i);
		if (vp && !nla_strcmp(tb[CVSW_PORT_A_NAME], vp->name)) {
			found = i;
			break;
		}
	}
	rcu_read_unlock();
	if (found < 0) {
		NL_SET_ERR_MSG_ATTR(extack, tb[CVSW_PORT_A_NAME],
				    "no port with this name");
		return found;
	}
	if (tb[CVSW_PORT_A_PORT_NO] &&
	    nla_get_u16(tb[CVSW_PORT_A_PORT_NO]) != found) {
		NL_SET_ERR_MSG_ATTR(extack, tb[CVSW_PORT_A_PORT_NO],
				    "PORT_NO and NAME name different ports");
		return -EINVAL;
	}
	return found;
}

/* Attributes only replies carry. */
static const int cvsw_nl_port_reply_only[] = {
	CVSW_PORT_A_OVERHEAD, CVSW_PORT_A_TUN_STATS,
};

/* PORT_NEW's attributes into a configuration; defaults are the tunnel's. */
static int cvsw_nl_port_cfg(struct nlattr **tb, struct cvsw_tunnel_cfg *cfg,
			    struct netlink_ext_ack *extack)
{
	unsigned int i;
	u8 kind;

	for (i = 0; i < ARRAY_SIZE(cvsw_nl_port_reply_only); i++) {
		if (tb[cvsw_nl_port_reply_only[i]]) {
			NL_SET_ERR_MSG_ATTR(extack,
					    tb[cvsw_nl_port_reply_only[i]],
					    "OVERHEAD and TUN_STATS are reported, not set");
			return -EINVAL;
		}
	}
	if (!tb[CVSW_PORT_A_NAME]) {
		NL_SET_ERR_MSG(extack, "a tunnel port needs a NAME");
		return -EINVAL;
	}
	if (!tb[CVSW_PORT_A_KIND]) {
		NL_SET_ERR_MSG(extack, "a tunnel port needs a KIND (vxlan, nvgre, geneve, stt, sclp)");
		return -EINVAL;
	}
	kind = nla_get_u8(tb[CVSW_PORT_A_KIND]);
	if (kind == CVSW_PORT_KIND_HOST || kind == CVSW_PORT_KIND_NET) {
		NL_SET_ERR_MSG_ATTR(extack, tb[CVSW_PORT_A_KIND],
				    "host and net ports belong to the device: only tunnel ports can be added");
		return -EINVAL;
	}
	if (kind > CVSW_PORT_KIND_MAX) {
		NL_SET_ERR_MSG_ATTR(extack, tb[CVSW_PORT_A_KIND],
				    "unknown port kind (vxlan, nvgre, geneve, stt, sclp)");
		return -EINVAL;
	}
	memset(cfg, 0, sizeof(*cfg));
	cfg->kind = kind;
	if (tb[CVSW_PORT_A_REMOTE_IP])
		cfg->remote_ip = nla_get_in_addr(tb[CVSW_PORT_A_REMOTE_IP]);
	if (tb[CVSW_PORT_A_LOCAL_IP])
		cfg->local_ip = nla_get_in_addr(tb[CVSW_PORT_A_LOCAL_IP]);
	if (tb[CVSW_PORT_A_KEY])
		cfg->key = nla_get_u64(tb[CVSW_PORT_A_KEY]);
	cfg->key_flow = nla_get_flag(tb[CVSW_PORT_A_KEY_FLOW]);
	if (cfg->key_flow && tb[CVSW_PORT_A_KEY]) {
		NL_SET_ERR_MSG_ATTR(extack, tb[CVSW_PORT_A_KEY_FLOW],
				    "KEY and KEY_FLOW exclude each other");
		return -EINVAL;
	}
	if (tb[CVSW_PORT_A_DST_PORT])
		cfg->dst_port = nla_get_u16(tb[CVSW_PORT_A_DST_PORT]);
	if (tb[CVSW_PORT_A_REMOTE_MAC]) {
		memcpy(cfg->remote_mac, nla_data(tb[CVSW_PORT_A_REMOTE_MAC]),
		       ETH_ALEN);
		cfg->has_remote_mac = true;
	}
	if (tb[CVSW_PORT_A_TOS])
		cfg->tos = nla_get_u8(tb[CVSW_PORT_A_TOS]);
	cfg->tos_inherit = nla_get_flag(tb[CVSW_PORT_A_TOS_INHERIT]);
	if (cfg->tos_inherit && tb[CVSW_PORT_A_TOS]) {
		NL_SET_ERR_MSG_ATTR(extack, tb[CVSW_PORT_A_TOS_INHERIT],
				    "TOS and TOS_INHERIT exclude each other");
		return -EINVAL;
	}
	if (tb[CVSW_PORT_A_TTL])
		cfg->ttl = nla_get_u8(tb[CVSW_PORT_A_TTL]);
	cfg->flowid_hash = nla_get_flag(tb[CVSW_PORT_A_FLOWID_HASH]);
	return cvsw_tunnel_cfg_check(cfg, extack);
}

int cvsw_nl_port_new(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[CVSW_PORT_A_MAX + 1] = {};
	struct cvsw_tunnel_cfg cfg;
	char name[IFNAMSIZ];
	struct net_device *dev;
	struct sk_buff *msg;
	struct cvsw_dp *dp;
	u16 port_no = 0;
	int err;

	err = cvsw_nl_parse_port(info, tb);
	if (err)
		return err;
	err = cvsw_nl_port_cfg(tb, &cfg, info->extack);
	if (err)
		return err;
	nla_strscpy(name, tb[CVSW_PORT_A_NAME], sizeof(name));
	if (tb[CVSW_PORT_A_PORT_NO])
		port_no = nla_get_u16(tb[CVSW_PORT_A_PORT_NO]);
	/* The reply's buffer before the port: once the port exists, a
	 * failed allocation would report an error for a port that was added
	 * (found by selftests/dp/nlfaults.py).
	 */
	msg = nlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	dp = cvsw_genl_get_dp(info, &dev);
	if (IS_ERR(dp)) {
		nlmsg_free(msg);
		return PTR_ERR(dp);
	}
	err = cvsw_tunnel_port_add(dp, port_no, name, &cfg, info->extack);
	if (err > 0)
		err = cvsw_nl_port_send(msg, info, dp, err);
	else
		nlmsg_free(msg);
	dev_put(dev);
	return err;
}

int cvsw_nl_port_del(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[CVSW_PORT_A_MAX + 1] = {};
	struct net_device *dev;
	struct cvsw_dp *dp;
	int err, port_no;

	err = cvsw_nl_parse_port(info, tb);
	if (err)
		return err;
	dp = cvsw_genl_get_dp(info, &dev);
	if (IS_ERR(dp))
		return PTR_ERR(dp);
	port_no = cvsw_nl_port_named(dp, tb, info->extack);
	err = port_no < 0 ? port_no :
	      cvsw_tunnel_port_del(dp, port_no, info->extack);
	dev_put(dev);
	return err;
}

int cvsw_nl_port_get(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[CVSW_PORT_A_MAX + 1] = {};
	struct net_device *dev;
	struct cvsw_dp *dp;
	int err, port_no;

	err = cvsw_nl_parse_port(info, tb);
	if (err)
		return err;
	dp = cvsw_genl_get_dp(info, &dev);
	if (IS_ERR(dp))
		return PTR_ERR(dp);
	port_no = cvsw_nl_port_named(dp, tb, info->extack);
	err = port_no < 0 ? port_no : cvsw_nl_port_reply(info, dp, port_no);
	dev_put(dev);
	return err;
}

/* cb->args[0]: the device's ifindex; cb->args[1]: the next port number. */
int cvsw_nl_port_dump_start(struct netlink_callback *cb)
{
	const struct genl_dumpit_info *info = genl_dumpit_info(cb);
	struct net_device *dev;
	struct cvsw_dp *dp;

	dp = cvsw_genl_lookup_dp(sock_net(cb->skb->sk), info->attrs,
				 cb->extack, &dev);
	if (IS_ERR(dp))
		return PTR_ERR(dp);
	cb->args[0] = dev->ifindex;
	cb->args[1] = 1;
	dev_put(dev);
	return 0;
}

int cvsw_nl_port_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct net_device *dev;
	struct cvsw_dp *dp;
	long i;

	dev = dev_get_by_index(sock_net(skb->sk), cb->args[0]);
	dp = dev ? cvsw_dp_from_dev(dev) : NULL;
	if (!dp) {
		/* The device went away in the middle of the dump. */
		dev_put(dev);
		return -ENODEV;
	}
	for (i = cb->args[1]; i <= CVSW_DP_MAX_PORTS; i++) {
		if (!cvsw_vport_exists(dp, i))
			continue;
		if (cvsw_nl_fill_port(skb, dp, i, CVSW_CMD_PORT_GET,
				      NETLINK_CB(cb->skb).portid,
				      cb->nlh->nlmsg_seq, NLM_F_MULTI))
			break;
	}
	cb->args[1] = i;
	dev_put(dev);
	return skb->len;
}
