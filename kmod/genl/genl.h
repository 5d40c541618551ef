/* SPDX-License-Identifier: GPL-2.0 */
/*
 * genl.h - the cvsw generic-netlink family (ABI: uapi/cvsw.h).
 *
 *   family.c   registration, policies, device and stats commands
 *   flow_nl.c  flow commands and netlink <-> flow/action translation
 *   port_nl.c  port commands (tunnel ports) and port descriptions
 *   events.c   packet-in, flow-removed and port-status notifications
 */
#ifndef _CVSW_GENL_H
#define _CVSW_GENL_H

#include <net/genetlink.h>
#include "dp/dp.h"

enum cvsw_mcgrp {
	CVSW_MCGRP_IDX_PACKET_IN,
	CVSW_MCGRP_IDX_FLOW_REMOVED,
	CVSW_MCGRP_IDX_PORT_STATUS,
};

extern struct genl_family cvsw_genl_family;
extern const struct nla_policy cvsw_flow_policy[CVSW_FLOW_A_MAX + 1];
extern const struct nla_policy cvsw_port_policy[CVSW_PORT_A_MAX + 1];

int cvsw_genl_register(void);
void cvsw_genl_unregister(void);

/* family.c */
struct cvsw_dp *cvsw_genl_lookup_dp(struct net *net, struct nlattr **attrs,
				    struct netlink_ext_ack *extack,
				    struct net_device **devp);
struct cvsw_dp *cvsw_genl_get_dp(struct genl_info *info,
				 struct net_device **devp);

/* flow_nl.c */
int cvsw_nl_flow_new(struct sk_buff *skb, struct genl_info *info);
int cvsw_nl_flow_set(struct sk_buff *skb, struct genl_info *info);
int cvsw_nl_flow_del(struct sk_buff *skb, struct genl_info *info);
int cvsw_nl_flow_get(struct sk_buff *skb, struct genl_info *info);
int cvsw_nl_flow_dump_start(struct netlink_callback *cb);
int cvsw_nl_flow_dump(struct sk_buff *skb, struct netlink_callback *cb);
int cvsw_nl_flow_dump_done(struct netlink_callback *cb);
int cvsw_nl_flow_flush(struct sk_buff *skb, struct genl_info *info);
int cvsw_nl_packet_out(struct sk_buff *skb, struct genl_info *info);
struct cvsw_actions *cvsw_nl_parse_actions(struct cvsw_dp *dp,
					   const struct nlattr *attr,
					   struct netlink_ext_ack *extack);
int cvsw_nl_put_flow(struct sk_buff *skb, const struct cvsw_flow *flow,
		     u64 now);

/* port_nl.c */
int cvsw_nl_port_new(struct sk_buff *skb, struct genl_info *info);
int cvsw_nl_port_del(struct sk_buff *skb, struct genl_info *info);
int cvsw_nl_port_get(struct sk_buff *skb, struct genl_info *info);
int cvsw_nl_port_dump_start(struct netlink_callback *cb);
int cvsw_nl_port_dump(struct sk_buff *skb, struct netlink_callback *cb);
int cvsw_nl_put_port(struct sk_buff *skb, struct cvsw_dp *dp, u16 port_no);

/* events.c */
extern const struct cvsw_dp_event_ops cvsw_genl_event_ops;

#endif /* _CVSW_GENL_H */
