/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CVSW datapath: the CVSW flow table: an OpenFlow 1.0 table over a tuple
 * space search classifier with an exact-match cache in front.
 *
 * Concurrency: cvsw_table_lookup() and cvsw_flow_used() are lockless; call
 * them under rcu_read_lock() with bottom halves disabled (the rx/tx paths:
 * the exact-match cache and the counters are per-CPU).  Every other
 * function takes the table's mutex itself and may sleep; callbacks run
 * under that mutex and must not call back into the table.  Flows reached
 * through a lookup stay valid until the reader leaves its RCU section.
 */
#ifndef CVSW_CLASSIFIER_H
#define CVSW_CLASSIFIER_H

#include "dp_compat.h"
#include "flow_key.h"
#include "actions.h"

/* Effective priority of an exact-match entry: above any OF1.0 priority. */
#define CVSW_PRIO_EXACT		0x10000u

/* Most keys one cvsw_table_lookup_batch() call classifies. */
#define CVSW_LOOKUP_BATCH	32

/*
 * Flow flags (CVSW_FLOW_F_*), CVSW_PORT_NONE (no out_port filter) and why
 * a flow left the table (enum cvsw_flow_removed_reason) are those of
 * uapi/cvsw.h.
 */

/**
 * struct cvsw_match - what a flow matches: a key and a mask.
 * @key: field values (bits outside @mask are ignored).
 * @mask: 1 bits are matched (see cvsw_mask_from_wildcards()).
 */
struct cvsw_match {
	struct cvsw_flow_key key;
	struct cvsw_flow_key mask;
};

/**
 * struct cvsw_flow_mod - arguments of an add/modify/delete request.
 * @match: the match.
 * @priority: OF1.0 priority (ignored by exact-match entries).
 * @idle_timeout: seconds without traffic before removal, 0 = never.
 * @hard_timeout: seconds after adding before removal, 0 = never.
 * @flags: CVSW_FLOW_F_* bits.
 * @out_port: delete only: CVSW_PORT_NONE or a port actions must output to.
 * @cookie: add: the cookie; modify: the new cookie, U64_MAX = keep.
 * @actions: the action TLVs (add/modify), validated by the table.
 * @actions_len: their length in bytes.
 */
struct cvsw_flow_mod {
	struct cvsw_match match;
	u16 priority;
	u16 idle_timeout;
	u16 hard_timeout;
	u16 flags;
	u16 out_port;
	u64 cookie;
	const void *actions;
	u32 actions_len;
};

/**
 * struct cvsw_flow_stats - per-CPU counters of a flow.
 * @packets: packets that hit the flow.
 * @bytes: their bytes.
 */
struct cvsw_flow_stats {
	u64 packets;
	u64 bytes;
};

struct cvsw_subtable;

/**
 * struct cvsw_flow - one flow entry.  Read-only for users of the table.
 * @rcu: for freeing after a grace period.
 * @st: the subtable (mask) the flow lives in.
 * @acts: the action list (RCU-protected; replaced by modify).
 * @stats: per-CPU counters.
 * @cookie: opaque controller cookie.
 * @created: caller's clock (ms) when added.
 * @used: caller's clock (ms) of the last hit (or @created).
 * @seq: insertion sequence number; among equal priorities the older wins.
 * @priority: OF1.0 priority as requested.
 * @idle_timeout: seconds, 0 = none.
 * @hard_timeout: seconds, 0 = none.
 * @flags: CVSW_FLOW_F_* bits of the add request.
 * @node: links in the subtable's hash table (two, for RCU-safe resizing).
 * @hash: hash of the masked key.
 * @prio: effective priority: @priority, or CVSW_PRIO_EXACT.
 * @key: the masked key words that the subtable's mask covers; the initial
 *	action list is stored right after them.
 *
 * The fields a lookup reads (@node, @hash, @prio, @key) are adjacent, so
 * that a probe touches as few cache lines as possible.
 */
struct cvsw_flow {
	struct rcu_head rcu;
	struct cvsw_subtable *st;
	struct cvsw_actions __rcu *acts;
	struct cvsw_flow_stats __percpu *stats;
	u64 cookie;
	u64 created;
	u64 used;
	u64 seq;
	u16 priority;
	u16 idle_timeout;
	u16 hard_timeout;
	u16 flags;
	struct hlist_node node[2];
	u32 hash;
	u32 prio;
	u64 key[];
};

/**
 * struct cvsw_dump_pos - resumable position of a table dump; zero it to
 * start.  Changes between two calls may make a dump repeat or skip flows.
 * @st: index of the subtable (creation order).
 * @bucket: bucket in the subtable's hash table.
 * @idx: position in the bucket's chain.
 */
struct cvsw_dump_pos {
	u32 st;
	u32 bucket;
	u32 idx;
};

struct cvsw_table;

typedef void (*cvsw_flow_removed_cb)(const struct cvsw_flow *flow,
				     enum cvsw_flow_removed_reason reason,
				     void *arg);
typedef int (*cvsw_flow_dump_cb)(const struct cvsw_flow *flow, void *arg);

struct cvsw_table *cvsw_table_create(u32 capacity, u32 cache_entries);
void cvsw_table_destroy(struct cvsw_table *t);
int cvsw_table_add(struct cvsw_table *t, const struct cvsw_flow_mod *fm,
		   u64 now);
int cvsw_table_modify(struct cvsw_table *t, const struct cvsw_flow_mod *fm,
		      bool strict, u64 now);
int cvsw_table_delete(struct cvsw_table *t, const struct cvsw_flow_mod *fm,
		      bool strict, cvsw_flow_removed_cb cb, void *arg);
int cvsw_table_expire(struct cvsw_table *t, u64 now, cvsw_flow_removed_cb cb,
		      void *arg);
int cvsw_table_dump(struct cvsw_table *t, struct cvsw_dump_pos *pos,
		    cvsw_flow_dump_cb cb, void *arg);
int cvsw_table_get_strict(struct cvsw_table *t, const struct cvsw_match *match,
			  u16 priority, cvsw_flow_dump_cb cb, void *arg);
u32 cvsw_table_count(struct cvsw_table *t);
u32 cvsw_table_n_masks(struct cvsw_table *t);

struct cvsw_flow *cvsw_table_lookup(struct cvsw_table *t,
				    const struct cvsw_flow_key *key);
void cvsw_table_lookup_batch(struct cvsw_table *t,
			     const struct cvsw_flow_key *keys, u32 n,
			     struct cvsw_flow **flows);
struct cvsw_flow *cvsw_table_lookup_nocache(struct cvsw_table *t,
					    const struct cvsw_flow_key *key);
void cvsw_flow_used(struct cvsw_flow *flow, u32 bytes, u64 now);
void cvsw_flow_get_stats(const struct cvsw_flow *flow,
			 struct cvsw_flow_stats *stats);
void cvsw_flow_get_match(const struct cvsw_flow *flow,
			 struct cvsw_match *match);
const struct cvsw_actions *cvsw_flow_actions(const struct cvsw_flow *flow);

#endif /* CVSW_CLASSIFIER_H */
