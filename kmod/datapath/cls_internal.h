/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CVSW datapath: internals shared by the classifier's source files:
 * subtables (one hash table per distinct mask), the priority-sorted
 * subtable vector, and the exact-match cache.
 */
#ifndef CVSW_CLS_INTERNAL_H
#define CVSW_CLS_INTERNAL_H

#include "classifier.h"
#include "dp_bytes.h"

/**
 * struct cvsw_ht - hash table of a subtable; replaced, never resized in
 * place, so that RCU readers always see a consistent table.
 * @n_buckets: number of buckets, a power of two.
 * @ver: which cvsw_flow.node[] links this table's chains.
 * @filter_shift: 64 - log2(words in @filter).
 * @rcu: for freeing after a grace period.
 * @filter: a blocked Bloom filter of the flows' hashes, 16 bits per bucket:
 *	each hash selects one 64-bit word and sets two bits in it.  A lookup
 *	whose two bits are not both set knows that no flow of the subtable has
 *	its hash and touches neither buckets nor flows (about 1.5% false
 *	positives at one flow per bucket).  Bits are only cleared by building
 *	a new table (after many deletions).
 * @b: the buckets.
 */
struct cvsw_ht {
	u32 n_buckets;
	u32 ver;
	u32 filter_shift;
	struct rcu_head rcu;
	u64 *filter;
	struct hlist_head b[];
};

/*
 * The filter word of a hash and the two bits in it, from the high half of a
 * 64-bit multiplicative hash (independent of the low bits that select the
 * bucket).
 */
static inline u64 *cvsw_ht_fword(const struct cvsw_ht *ht, u32 hash,
				 u64 *bits)
{
	u64 p = (u64)hash * 0x9e3779b97f4a7c15ULL;

	*bits = (1ULL << ((p >> 32) & 63)) | (1ULL << ((p >> 38) & 63));
	return &ht->filter[p >> ht->filter_shift];
}

static inline bool cvsw_ht_maybe(const struct cvsw_ht *ht, u32 hash)
{
	u64 bits, *w = cvsw_ht_fword(ht, hash, &bits);

	return (READ_ONCE(*w) & bits) == bits;
}

/**
 * struct cvsw_subtable - all flows that share one mask.
 * @list: in cvsw_table.subtables (creation order).
 * @mask: the mask.
 * @n_words: key words up to the last non-zero mask word.
 * @w_start: first non-zero mask word (hashing and comparing start there).
 * @seed: the table's random hash seed (hash flooding resistance).
 * @n_flows: flows in @ht.
 * @max_prio: highest effective priority of its flows.
 * @max_count: number of its flows at @max_prio.
 * @n_stale: flows removed since @ht (and its filter) was built.
 * @resize_state: RCU state cookie of the last replacement of @ht: its
 *	readers may still use the links the next replacement would reuse.
 * @ht: the hash table (RCU).
 * @rcu: for freeing after a grace period.
 */
struct cvsw_subtable {
	struct list_head list;
	struct cvsw_flow_key mask;
	u32 n_words;
	u32 w_start;
	u32 seed;
	u32 n_flows;
	u32 max_prio;
	u32 max_count;
	u32 n_stale;
	unsigned long resize_state;
	struct cvsw_ht __rcu *ht;
	struct rcu_head rcu;
};

/**
 * struct cvsw_stvec - snapshot of the subtables sorted by decreasing
 * max_prio, as lookups read it; rebuilt and republished on every change.
 * @n: number of entries.
 * @rcu: for freeing after a grace period.
 * @e: entries: the subtable and its max_prio when the vector was built
 *	(never lower than the subtable's current max_prio).
 */
struct cvsw_stvec {
	u32 n;
	struct rcu_head rcu;
	struct {
		u32 prio;
		struct cvsw_subtable *st;
	} e[];
};

/**
 * struct cvsw_emc_entry - one exact-match cache entry.
 * @key: the full packet key.
 * @flow: the classifier's answer for @key (NULL: table miss).
 * @gen: table generation the answer belongs to.
 */
struct cvsw_emc_entry {
	struct cvsw_flow_key key;
	struct cvsw_flow *flow;
	unsigned long gen;
};

/**
 * struct cvsw_emc - a per-CPU direct-mapped exact-match cache.
 * @mask: number of entries - 1.
 * @e: the entries.
 */
struct cvsw_emc {
	u32 mask;
	struct cvsw_emc_entry e[];
};

/**
 * struct cvsw_table - a flow table.
 * @lock: serialises all changes.
 * @vec: subtables by decreasing priority (RCU).
 * @subtables: all subtables in creation order.
 * @gen: generation, bumped after every change of lookup results; an
 *	exact-match cache entry is valid only while its generation is current.
 * @n_flows: flows in the table.
 * @n_timed: flows with an idle or a hard timeout (changed under @lock with
 *	WRITE_ONCE(), read without it by cvsw_table_expire(), which has
 *	nothing to do while it is 0).
 * @capacity: maximum number of flows.
 * @n_subtables: entries of @subtables.
 * @next_seq: sequence number of the next flow.
 * @seed: random seed of all its hashes, so that packets cannot be crafted
 *	to collide in the subtables or the cache.
 * @emc: per-CPU exact-match caches (array of nr_cpu_ids), or NULL.
 */
struct cvsw_table {
	struct mutex lock;
	struct cvsw_stvec __rcu *vec;
	struct list_head subtables;
	unsigned long gen;
	u32 n_flows;
	u32 n_timed;
	u32 capacity;
	u32 n_subtables;
	u64 next_seq;
	u32 seed;
	struct cvsw_emc **emc;
};

/* subtable.c */
u32 cvsw_key_hash(const struct cvsw_flow_key *key, u32 seed);
struct cvsw_subtable *cvsw_st_create(const struct cvsw_flow_key *mask,
				     u32 seed);
void cvsw_st_free_rcu(struct cvsw_subtable *st);
void cvsw_st_destroy(struct cvsw_subtable *st);
int cvsw_st_insert(struct cvsw_subtable *st, struct cvsw_flow *flow);
void cvsw_st_remove(struct cvsw_subtable *st, struct cvsw_flow *flow);
struct cvsw_flow *cvsw_st_find(const struct cvsw_subtable *st,
			       const u64 *masked, u32 hash, u32 prio);
void cvsw_st_recompute_max(struct cvsw_subtable *st);
void cvsw_st_maintain(struct cvsw_subtable *st);

/* Hash of @key masked with @st's mask (what lookups compute). */
static inline u32 cvsw_st_hash(const struct cvsw_subtable *st,
			       const struct cvsw_flow_key *key)
{
	u64 h = st->seed;
	u32 i;

	for (i = st->w_start; i < st->n_words; i++)
		h = cvsw_hash_add(h, key->w[i] & st->mask.w[i]);
	return cvsw_hash_finish(h, st->n_words);
}

/* Mask @key with @st's mask into @masked and return the hash of it. */
static inline u32 cvsw_st_masked_hash(const struct cvsw_subtable *st,
				      const struct cvsw_flow_key *key,
				      u64 *masked)
{
	u32 i;

	for (i = 0; i < st->n_words; i++)
		masked[i] = key->w[i] & st->mask.w[i];
	return cvsw_st_hash(st, key);
}

static inline bool cvsw_words_equal(const u64 *a, const u64 *b, u32 n)
{
	u32 i;

	for (i = 0; i < n; i++)
		if (a[i] != b[i])
			return false;
	return true;
}

/* lookup.c */
struct cvsw_emc **cvsw_emc_create(u32 entries);
void cvsw_emc_destroy(struct cvsw_emc **emc);

#endif /* CVSW_CLS_INTERNAL_H */
