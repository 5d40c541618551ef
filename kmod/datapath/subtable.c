// SPDX-License-Identifier: GPL-2.0
/*
 * CVSW datapath: one hash table of flows per distinct mask (tuple space
 * search).  A flow's hash covers its masked key; a lookup masks the packet
 * key with the subtable's mask and probes one bucket.
 *
 * Growing replaces the hash table RCU-style: each flow has two hash links,
 * the new table chains the flows through the links the old one does not
 * use, readers still walking the old table are unaffected, and the old
 * table is freed after a grace period.  Before the next replacement reuses
 * those links, the writer waits for that grace period (in practice long
 * gone, since a table only grows when its flow count doubles).
 */
#include "cls_internal.h"
#include "dp_bytes.h"

#define CVSW_HT_MIN_BUCKETS	4

/**
 * cvsw_key_hash() - hash of a whole key (the exact-match cache index).
 * @key: the key.
 * @seed: the table's hash seed.
 *
 * Return: a 32-bit hash.
 */
u32 cvsw_key_hash(const struct cvsw_flow_key *key, u32 seed)
{
	u64 h = seed;
	unsigned int i;

	for (i = 0; i < CVSW_KEY_WORDS; i++)
		h = cvsw_hash_add(h, key->w[i]);
	return cvsw_hash_finish(h, CVSW_KEY_WORDS);
}

static struct cvsw_ht *ht_alloc(u32 n_buckets, u32 ver)
{
	u32 wbits = 1, i;
	size_t size, words;
	struct cvsw_ht *ht;

	/* 16 filter bits per bucket (and so per flow), at least 2 words. */
	while ((1u << wbits) < n_buckets / 4)
		wbits++;
	words = 1u << wbits;
	size = struct_size(ht, b, n_buckets);
	ht = kvmalloc(size + words * sizeof(u64), GFP_KERNEL);
	if (!ht)
		return NULL;
	ht->n_buckets = n_buckets;
	ht->ver = ver;
	ht->filter_shift = 64 - wbits;
	ht->filter = (u64 *)((u8 *)ht + size);
	memset(ht->filter, 0, words * sizeof(u64));
	for (i = 0; i < n_buckets; i++)
		INIT_HLIST_HEAD(&ht->b[i]);
	return ht;
}

static void ht_link(struct cvsw_ht *ht, struct cvsw_flow *f)
{
	u64 bits, *w = cvsw_ht_fword(ht, f->hash, &bits);

	/* The filter bits are set before the flow becomes reachable. */
	WRITE_ONCE(*w, *w | bits);
	hlist_add_head_rcu(&f->node[ht->ver],
			   &ht->b[f->hash & (ht->n_buckets - 1)]);
}

static void ht_free_rcu(struct rcu_head *head)
{
	kvfree(container_of(head, struct cvsw_ht, rcu));
}

/* Writers hold the table mutex; the subtable does not know the table. */
static struct cvsw_ht *st_ht(const struct cvsw_subtable *st)
{
	return rcu_dereference_protected(st->ht, 1);
}

/**
 * cvsw_st_create() - allocate an empty subtable.
 * @mask: its mask.
 * @seed: the table's hash seed.
 *
 * Return: the subtable, or NULL on allocation failure.
 */
struct cvsw_subtable *cvsw_st_create(const struct cvsw_flow_key *mask,
				     u32 seed)
{
	struct cvsw_subtable *st;
	struct cvsw_ht *ht;
	u32 i;

	st = kzalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return NULL;
	ht = ht_alloc(CVSW_HT_MIN_BUCKETS, 0);
	if (!ht) {
		kfree(st);
		return NULL;
	}
	st->mask = *mask;
	st->seed = seed;
	for (i = CVSW_KEY_WORDS; i-- > 0; )
		if (mask->w[i])
			st->w_start = i;
	for (i = 0; i < CVSW_KEY_WORDS; i++)
		if (mask->w[i])
			st->n_words = i + 1;
	RCU_INIT_POINTER(st->ht, ht);
	st->resize_state = get_state_synchronize_rcu();
	return st;
}

/**
 * cvsw_st_destroy() - free an empty subtable at once (no readers left).
 * @st: the subtable.
 */
void cvsw_st_destroy(struct cvsw_subtable *st)
{
	kvfree(st_ht(st));
	kfree(st);
}

static void st_free_rcu(struct rcu_head *head)
{
	cvsw_st_destroy(container_of(head, struct cvsw_subtable, rcu));
}

/**
 * cvsw_st_free_rcu() - free an empty, unpublished subtable after readers.
 * @st: the subtable.
 */
void cvsw_st_free_rcu(struct cvsw_subtable *st)
{
	call_rcu(&st->rcu, st_free_rcu);
}

/*
 * Replace the hash table of @st by one of @n_buckets buckets holding the
 * same flows (and a fresh filter).  On allocation failure the old table
 * simply stays.
 */
static void st_rehash(struct cvsw_subtable *st, u32 n_buckets)
{
	struct cvsw_ht *old = st_ht(st), *ht;
	struct cvsw_flow *f;
	u32 i;

	ht = ht_alloc(n_buckets, !old->ver);
	if (!ht)
		return;
	/* Readers of the table before @old may still use node[ht->ver]. */
	cond_synchronize_rcu(st->resize_state);
	for (i = 0; i < old->n_buckets; i++)
		hlist_for_each_entry(f, &old->b[i], node[old->ver])
			ht_link(ht, f);
	rcu_assign_pointer(st->ht, ht);
	call_rcu(&old->rcu, ht_free_rcu);
	st->resize_state = get_state_synchronize_rcu();
	st->n_stale = 0;
}

/**
 * cvsw_st_maintain() - after removals: shrink an oversized hash table, or
 * rebuild one whose filter has too many stale bits.
 * @st: the subtable (not being iterated by the caller).
 */
void cvsw_st_maintain(struct cvsw_subtable *st)
{
	u32 n = CVSW_HT_MIN_BUCKETS;

	if (!st->n_flows || st->n_stale < st->n_flows / 2 + 16)
		return;
	while (n < st->n_flows && n < (1u << 30))
		n <<= 1;
	st_rehash(st, n);
}

/**
 * cvsw_st_insert() - link a flow into a subtable, growing its hash table
 * when the flows outnumber the buckets.
 * @st: the subtable.
 * @flow: the flow, with hash, prio and key set.
 *
 * Return: 0.
 */
int cvsw_st_insert(struct cvsw_subtable *st, struct cvsw_flow *flow)
{
	struct cvsw_ht *ht;

	ht = st_ht(st);
	if (st->n_flows >= ht->n_buckets && ht->n_buckets < (1u << 30))
		st_rehash(st, ht->n_buckets * 2);
	ht = st_ht(st);
	flow->st = st;
	ht_link(ht, flow);
	st->n_flows++;
	if (!st->max_count || flow->prio > st->max_prio) {
		st->max_prio = flow->prio;
		st->max_count = 1;
	} else if (flow->prio == st->max_prio) {
		st->max_count++;
	}
	return 0;
}

/**
 * cvsw_st_recompute_max() - recompute max_prio and max_count by a scan.
 * @st: the subtable.
 */
void cvsw_st_recompute_max(struct cvsw_subtable *st)
{
	struct cvsw_ht *ht = st_ht(st);
	struct cvsw_flow *f;
	u32 i;

	st->max_prio = 0;
	st->max_count = 0;
	for (i = 0; i < ht->n_buckets; i++) {
		hlist_for_each_entry(f, &ht->b[i], node[ht->ver]) {
			if (!st->max_count || f->prio > st->max_prio) {
				st->max_prio = f->prio;
				st->max_count = 1;
			} else if (f->prio == st->max_prio) {
				st->max_count++;
			}
		}
	}
}

/**
 * cvsw_st_remove() - unlink a flow from its subtable (readers may still
 * see it until a grace period ends).
 * @st: the subtable.
 * @flow: the flow.
 */
void cvsw_st_remove(struct cvsw_subtable *st, struct cvsw_flow *flow)
{
	hlist_del_rcu(&flow->node[st_ht(st)->ver]);
	st->n_flows--;
	st->n_stale++;
	if (flow->prio == st->max_prio && !--st->max_count && st->n_flows)
		cvsw_st_recompute_max(st);
}

/**
 * cvsw_st_find() - the flow with exactly this masked key and priority.
 * @st: the subtable.
 * @masked: masked key words (st->n_words of them).
 * @hash: their hash.
 * @prio: effective priority.
 *
 * Caller holds the table mutex.
 *
 * Return: the flow or NULL.
 */
struct cvsw_flow *cvsw_st_find(const struct cvsw_subtable *st,
			       const u64 *masked, u32 hash, u32 prio)
{
	struct cvsw_ht *ht = st_ht(st);
	struct cvsw_flow *f;

	if (!cvsw_ht_maybe(ht, hash))
		return NULL;
	hlist_for_each_entry(f, &ht->b[hash & (ht->n_buckets - 1)],
			     node[ht->ver])
		if (f->hash == hash && f->prio == prio &&
		    cvsw_words_equal(f->key + st->w_start,
				     masked + st->w_start,
				     st->n_words - st->w_start))
			return f;
	return NULL;
}
