/* SPDX-License-Identifier: GPL-2.0 */
/*
 * encap.h - what the transmit side of tunnel ports shares between its
 * files: encap.c (route, neighbour, outer Ethernet/IPv4, VXLAN, Geneve,
 * NVGRE, MTU), encap_stt.c and encap_sclp.c.
 */
#ifndef _CVSW_TUNNEL_ENCAP_H
#define _CVSW_TUNNEL_ENCAP_H

#include "tunnel/tunnel.h"

/* The vport kinds of tunnel ports, indexed by enum cvsw_port_kind. */
extern const struct cvsw_vport_ops cvsw_tunnel_ops[CVSW_PORT_KIND_MAX + 1];

static inline bool cvsw_tunnel_ops_is_tunnel(const struct cvsw_vport_ops *ops)
{
	return ops >= &cvsw_tunnel_ops[CVSW_PORT_KIND_VXLAN] &&
	       ops <= &cvsw_tunnel_ops[CVSW_PORT_KIND_MAX];
}

/**
 * struct cvsw_encap - one frame's encapsulation, resolved once per frame
 * @t: the tunnel port
 * @net: port 2, where the outer packets go
 * @info: the send info of the frame (tx queue context kept)
 * @dev: the device
 * @saddr: outer source address
 * @daddr: outer destination address
 * @dmac: outer destination MAC
 * @id: the tunnel id sent
 * @mtu: the wire's IPv4 MTU
 * @hlen: outer bytes in front of the inner frame (Ethernet included)
 * @hash: the inner flow's hash
 * @sport: entropy source port from @hash (UDP, STT, SCLP)
 * @tos: outer TOS
 */
struct cvsw_encap {
	struct cvsw_tunnel *t;
	struct cvsw_vport *net;
	const struct cvsw_send_info *info;
	struct net_device *dev;
	__be32 saddr;
	__be32 daddr;
	u8 dmac[ETH_ALEN];
	u64 id;
	unsigned int mtu;
	unsigned int hlen;
	u32 hash;
	u16 sport;
	u8 tos;
};

int cvsw_encap_prepare(struct cvsw_encap *e, struct cvsw_vport *vp,
		       struct sk_buff *skb, const struct cvsw_send_info *info);
u8 *cvsw_encap_push_outer(const struct cvsw_encap *e, struct sk_buff *skb,
			  unsigned int hlen);
void cvsw_encap_xmit(const struct cvsw_encap *e, struct sk_buff *skb);
void cvsw_encap_too_big(const struct cvsw_encap *e, struct sk_buff *skb,
			unsigned int inner_room);
void cvsw_encap_drop(const struct cvsw_encap *e, struct sk_buff *skb);
struct sk_buff *cvsw_encap_segment_inner(const struct cvsw_encap *e,
					 struct sk_buff *skb);

void cvsw_stt_send(struct cvsw_vport *vp, struct sk_buff *skb,
		   const struct cvsw_send_info *info);
void cvsw_sclp_send(struct cvsw_vport *vp, struct sk_buff *skb,
		    const struct cvsw_send_info *info);

#endif /* _CVSW_TUNNEL_ENCAP_H */
