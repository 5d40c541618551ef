/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tunnel.h - tunnel ports of a datapath: the kernel side of VXLAN, NVGRE,
 * Geneve, STT and VXLAN over SCLP.
 *
 * A tunnel port is a struct cvsw_vport (dp/vport.h) numbered from
 * CVSW_PORT_TUNNEL_MIN whose priv is a struct cvsw_tunnel. Transmit
 * (encap.c): the vport's send() encapsulates the frame and sends it out of
 * port 2. Receive (decap.c): before the table lookup, a frame that arrived
 * on port 2 and whose outer headers match a tunnel port is decapsulated
 * and re-enters the lookup with in_port = that port and the tunnel
 * metadata set; STT and SCLP segments are reassembled first (reasm.c).
 *
 * Configuration is immutable: changing a tunnel means deleting and adding
 * it. Adding and deleting run in process context under dp->port_lock
 * (through cvsw_vport_add/del); the fast path finds tunnels under RCU.
 */
#ifndef _CVSW_TUNNEL_H
#define _CVSW_TUNNEL_H

#include <linux/netdevice.h>
#include <linux/netlink.h>
#include <linux/u64_stats_sync.h>
#include <linux/atomic.h>
#include <net/dst_cache.h>
#include "datapath/tunnel_hdr.h"
#include "dp/dp.h"

/**
 * struct cvsw_tunnel_cfg - the parameters of a tunnel port, as
 *	CVSW_PORT_A_* give them (see uapi/cvsw.h for each one's meaning)
 * @kind: enum cvsw_port_kind, a tunnel kind
 * @remote_ip: outer destination
 * @local_ip: outer source; 0 = the route's preferred source
 * @key: tunnel id sent and accepted (ignored with @key_flow)
 * @key_flow: the id comes from set_tunnel; any id is accepted
 * @dst_port: outer destination port, host order (0 for NVGRE)
 * @remote_mac: outer destination MAC when @has_remote_mac
 * @has_remote_mac: else resolved through route and neighbour tables
 * @tos: outer TOS unless @tos_inherit
 * @tos_inherit: copy the inner IPv4 DSCP
 * @ttl: outer TTL
 * @flowid_hash: NVGRE FlowID from the inner flow hash instead of 0
 */
struct cvsw_tunnel_cfg {
	u8 kind;
	__be32 remote_ip;
	__be32 local_ip;
	u64 key;
	bool key_flow;
	u16 dst_port;
	u8 remote_mac[ETH_ALEN];
	bool has_remote_mac;
	u8 tos;
	bool tos_inherit;
	u8 ttl;
	bool flowid_hash;
};

/* Per-CPU tunnel counters, as CVSW_TUN_STATS_A_* report them. */
struct cvsw_tunnel_stats {
	u64 encap_errors;
	u64 no_neigh;
	u64 no_route;
	u64 too_big;
	u64 decap_errors;
	u64 reasm_done;
	u64 reasm_drops;
	u64 reasm_timeouts;
};

struct cvsw_tunnel_pcpu {
	struct u64_stats_sync syncp;
	struct cvsw_tunnel_stats s;
};

/**
 * struct cvsw_tunnel - a tunnel port's state: the priv of its vport
 * @cfg: configuration with defaults applied (immutable)
 * @vp: its vport
 * @pcpu: per-CPU counters (cvsw_tunnel_count())
 * @frame_id: per-port frame counter: STT's ack (packet id), SCLP's
 *	identification
 * @ip_id: outer IPv4 identification of the next packet
 * @dst_cache: the route to remote_ip, per CPU, revalidated on every use
 * @rcu: deferred free, after the vport's
 */
struct cvsw_tunnel {
	struct cvsw_tunnel_cfg cfg;
	struct cvsw_vport *vp;
	struct cvsw_tunnel_pcpu __percpu *pcpu;
	atomic_t frame_id;
	atomic_t ip_id;
	struct dst_cache dst_cache;
	struct rcu_head rcu;
};

/* Count one event in a tunnel's per-CPU counters (bottom halves off). */
#define cvsw_tunnel_count(t, field) do {				\
	struct cvsw_tunnel_pcpu *__c = this_cpu_ptr((t)->pcpu);	\
									\
	u64_stats_update_begin(&__c->syncp);				\
	__c->s.field++;							\
	u64_stats_update_end(&__c->syncp);				\
} while (0)

/**
 * cvsw_tunnel_from_vport - the tunnel behind a port
 * @vp: any port of a datapath (under RCU or dp->port_lock)
 *
 * Decapsulation walks dp->ports[CVSW_PORT_TUNNEL_MIN..] under RCU and asks
 * this for each; the tunnel lives as long as its vport (both are freed
 * after a grace period).
 *
 * Return: the tunnel, or NULL if @vp is not a tunnel port.
 */
struct cvsw_tunnel *cvsw_tunnel_from_vport(const struct cvsw_vport *vp);

/**
 * cvsw_tunnel_cfg_check - validate a whole tunnel configuration
 * @cfg: parameters, defaults not yet applied
 * @extack: says what is wrong
 *
 * Checks the kind, that remote_ip is set and unicast, the key's range for
 * the kind, the exclusive pairs. Changes nothing.
 *
 * Return: 0 or -EINVAL with an extack message.
 */
int cvsw_tunnel_cfg_check(const struct cvsw_tunnel_cfg *cfg,
			  struct netlink_ext_ack *extack);

/**
 * cvsw_tunnel_port_add - add a tunnel port
 * @dp: datapath
 * @port_no: its number, or 0 for the lowest free one from
 *	CVSW_PORT_TUNNEL_MIN
 * @name: its name, unique in the datapath
 * @cfg: checked with cvsw_tunnel_cfg_check()
 * @extack: for the reason of a refusal
 *
 * Process context; may sleep. Sends a port-status ADD event. Allocation
 * failure leaves nothing behind.
 *
 * Return: the port number, or -EEXIST (number or name taken, or a tunnel
 * with the same receive identity), -ENOSPC, -ENOMEM; extack says which.
 */
int cvsw_tunnel_port_add(struct cvsw_dp *dp, u16 port_no, const char *name,
			 const struct cvsw_tunnel_cfg *cfg,
			 struct netlink_ext_ack *extack);

/**
 * cvsw_tunnel_port_del - delete a tunnel port and the flows that name it
 * @dp: datapath
 * @port_no: a tunnel port's number
 * @extack: for the reason of a refusal
 *
 * Process context; may sleep. Flows matching in_port=@port_no or with an
 * output to it are deleted (flow-removed events where they asked for
 * them), then a port-status DELETE event is sent while the port is still
 * there to be described (as the driver does for port 2), then the port
 * is removed. Packets in flight through the port finish under RCU.
 *
 * Return: 0, or -ENOENT / -EPERM (ports 1 and 2) with an extack message.
 */
int cvsw_tunnel_port_del(struct cvsw_dp *dp, u16 port_no,
			 struct netlink_ext_ack *extack);

/**
 * cvsw_tunnel_del_all - delete every tunnel port of a datapath
 * @dp: datapath of a device being removed
 *
 * Process context; as cvsw_tunnel_port_del() for each tunnel port. The
 * driver calls it before unregistering the device.
 */
void cvsw_tunnel_del_all(struct cvsw_dp *dp);

/* The configuration and counters of a tunnel port (RCU or port_lock). */
const struct cvsw_tunnel_cfg *cvsw_tunnel_cfg(const struct cvsw_vport *vp);
void cvsw_tunnel_get_stats(const struct cvsw_vport *vp,
			   struct cvsw_tunnel_stats *st);
/* Bytes the encapsulation adds in front of a frame (outer Ethernet too). */
unsigned int cvsw_tunnel_overhead(const struct cvsw_tunnel_cfg *cfg);

#endif /* _CVSW_TUNNEL_H */
