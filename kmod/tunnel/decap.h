/* SPDX-License-Identifier: GPL-2.0 */
/*
 * decap.h - the receive demux of tunnel ports (decap.c), called by the
 * datapath's receive path before key extraction.
 */
#ifndef _CVSW_TUNNEL_DECAP_H
#define _CVSW_TUNNEL_DECAP_H

#include <linux/skbuff.h>
#include "dp/dp.h"

/* What cvsw_tunnel_rx() did with a frame. */
enum cvsw_tunnel_rx_verdict {
	CVSW_TUNNEL_RX_PASS,		/* no tunnel port takes it: untouched */
	CVSW_TUNNEL_RX_DECAP,		/* now the inner frame of a tunnel port */
	CVSW_TUNNEL_RX_CONSUMED,	/* dropped and counted, or held for
					 * reassembly
					 */
};

enum cvsw_tunnel_rx_verdict cvsw_tunnel_rx(struct cvsw_dp *dp,
					   struct sk_buff **pskb,
					   struct cvsw_vport **vpp,
					   struct cvsw_tun_meta *tun);

#endif /* _CVSW_TUNNEL_DECAP_H */
