/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CVSW datapath core: the one header users of the datapath include.
 *
 * The core is plain kernel C that also builds in userspace (dp_compat.h is
 * the only switch), so the module and the userspace tests, fuzzers and
 * benchmarks run the very same code.  It has four parts, one header each:
 *
 * flow_key.h   struct cvsw_flow_key (80 bytes, ten 64-bit words) and
 *              cvsw_flow_key_extract(data, len, in_port, &key, &layout):
 *              Ethernet, 802.1Q/802.1ad, ARP, IPv4 (options, fragments),
 *              IPv6 (extension headers), TCP/UDP/ICMP/ICMPv6/GRE/SCLP and
 *              the tunnel id of VXLAN, Geneve, NVGRE, STT, VXLAN-over-SCLP.
 *              OF1.0 wildcards <-> masks: cvsw_mask_from_wildcards().
 * classifier.h the flow table: OF1.0 add/modify/delete semantics, timeouts,
 *              counters, dumps; lockless lookup (tuple space search with a
 *              per-CPU exact-match cache): cvsw_table_lookup(),
 *              cvsw_table_lookup_batch(), cvsw_flow_used().
 * actions.h    every action (its descriptor, check and execution on a
 *              packet: cvsw_rw_apply()) and the action list blob a flow
 *              owns (TLVs) with its validation.
 * rewrite.h    struct cvsw_pkt, a packet buffer being rewritten, and the
 *              primitives the actions use: header location, incremental
 *              checksum updates, VLAN tag push and pop.
 *
 * Typical fast path (rx NAPI or ndo_start_xmit, bottom halves disabled):
 *
 *	cvsw_flow_key_extract(skb->data, skb_headlen(skb), port, &key, &lay);
 *	rcu_read_lock();
 *	flow = cvsw_table_lookup(table, &key);
 *	if (flow) {
 *		cvsw_flow_used(flow, skb->len, now_ms);
 *		cvsw_actions_for_each(a, cvsw_flow_actions(flow))
 *			... cvsw_rw_apply(&pkt, a) or output ...
 *	}
 *	rcu_read_unlock();
 *
 * Control path (process context, may sleep; the table serialises itself):
 * cvsw_table_add(), cvsw_table_modify(), cvsw_table_delete(),
 * cvsw_table_expire(), cvsw_table_dump().  See docs/datapath.md.
 */
#ifndef CVSW_DATAPATH_H
#define CVSW_DATAPATH_H

#include "flow_key.h"
#include "actions.h"
#include "classifier.h"
#include "rewrite.h"

#endif /* CVSW_DATAPATH_H */
