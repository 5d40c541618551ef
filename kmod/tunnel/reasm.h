/* SPDX-License-Identifier: GPL-2.0 */
/*
 * reasm.h - reassembly of STT and SCLP frames that arrive in segments.
 *
 * One bounded table per datapath, keyed as docs/tunnels.md says: (outer
 * source, outer destination, source port, frame id) per kind. A frame not
 * complete within reasm_timeout_ms is freed and counted as a timeout; a
 * segment that overlaps, does not fit its frame, or would take the table
 * past reasm_max_bytes (truesize held) is dropped and counted. Counters go
 * to the tunnel port the segments matched (the first port matching the
 * outer headers: the key is only known once the frame is complete).
 */
#ifndef _CVSW_TUNNEL_REASM_H
#define _CVSW_TUNNEL_REASM_H

#include <linux/skbuff.h>
#include "datapath/tun_parse.h"

struct cvsw_dp;
struct cvsw_vport;
struct cvsw_reasm;

/**
 * struct cvsw_reasm_usage - a snapshot of a reassembly table
 * @frames: frames being put together
 * @max_frames: the most it holds at once
 * @bytes: memory their segments take (truesize)
 * @peak_bytes: the most @bytes has been since the device came up
 * @max_bytes: the cap, module parameter reasm_max_bytes
 */
struct cvsw_reasm_usage {
	u32 frames;
	u32 max_frames;
	u32 bytes;
	u32 peak_bytes;
	u32 max_bytes;
};

struct cvsw_reasm *cvsw_reasm_create(struct cvsw_dp *dp);
void cvsw_reasm_destroy(struct cvsw_reasm *r);
void cvsw_reasm_flush_port(struct cvsw_reasm *r, u16 port_no);
struct sk_buff *cvsw_reasm_add(struct cvsw_reasm *r, struct cvsw_vport *vp,
			       u8 kind, __be32 saddr, __be32 daddr,
			       const struct cvsw_tun_parsed *t,
			       struct sk_buff *skb);
void cvsw_reasm_usage(struct cvsw_reasm *r, struct cvsw_reasm_usage *u);

#endif /* _CVSW_TUNNEL_REASM_H */
