// SPDX-License-Identifier: GPL-2.0
/*
 * CVSW datapath: the classifier's fast path: the exact-match cache in front of
 * a tuple space search over the subtables, and the per-CPU flow counters.
 *
 * The subtables are visited in decreasing order of their highest priority,
 * so the search stops at the first subtable that cannot beat the best flow
 * found so far.  Among flows of equal priority the older one wins.
 *
 * The exact-match cache is direct-mapped and per-CPU; an entry records the
 * full key, the answer (possibly "no flow") and the table generation.  Any
 * table change bumps the generation after unlinking and before freeing, so
 * a stale entry is never used and a valid entry never names a freed flow.
 */
#include "cls_internal.h"

static bool key_equal(const struct cvsw_flow_key *a,
		      const struct cvsw_flow_key *b)
{
	u64 diff = 0;
	unsigned int i;

	for (i = 0; i < CVSW_KEY_WORDS; i++)
		diff |= a->w[i] ^ b->w[i];
	return !diff;
}

#define CVSW_PROBE_BATCH	8

/*
 * Stage 1 of a probe: consult the filter, start fetching the bucket.
 * Returns the bucket, or NULL if the filter proves that no flow of the
 * subtable has this hash.
 */
static struct hlist_head *probe_start(const struct cvsw_ht *ht, u32 hash)
{
	struct hlist_head *head;

	if (!cvsw_ht_maybe(ht, hash))
		return NULL;
	head = (struct hlist_head *)&ht->b[hash & (ht->n_buckets - 1)];
	prefetch(head);
	return head;
}

/* Stage 2: start fetching the first flow of the bucket (links, hash, key). */
static void flow_prefetch(const struct hlist_head *head, u32 ver)
{
	struct hlist_node *n;
	const struct cvsw_flow *f;

	if (!head)
		return;
	n = rcu_dereference(hlist_first_rcu(head));
	if (!n)
		return;
	f = container_of(n, struct cvsw_flow, node[ver]);
	prefetch(n);
	prefetch(&f->key[CVSW_KEY_OF10_WORDS - 1]);
}

/* Stage 3: walk the chain; the best-priority flow matching @key. */
static struct cvsw_flow *bucket_best(const struct hlist_head *head, u32 ver,
				     u32 hash, const struct cvsw_subtable *st,
				     const struct cvsw_flow_key *key)
{
	struct cvsw_flow *f, *best = NULL;
	u32 i;

	if (!head)
		return NULL;
	hlist_for_each_entry_rcu(f, head, node[ver]) {
		if (f->hash != hash || (best && f->prio <= best->prio))
			continue;
		for (i = st->w_start; i < st->n_words; i++)
			if ((key->w[i] & st->mask.w[i]) != f->key[i])
				break;
		if (i == st->n_words)
			best = f;
	}
	return best;
}

/* Does @f beat @best (higher priority; the older on a tie)? */
static bool better(const struct cvsw_flow *f, const struct cvsw_flow *best)
{
	return !best || f->prio > best->prio ||
	       (f->prio == best->prio && f->seq < best->seq);
}

/**
 * cvsw_table_lookup_nocache() - classify a key without the cache.
 * @t: the table.
 * @key: the packet key.
 *
 * Call under rcu_read_lock().  The cost grows with the number of distinct
 * masks, not of flows.  Subtables are probed in batches: the filters of a
 * batch are consulted, the buckets that pass are fetched in parallel, then
 * their first flows, then compared, so that cache misses overlap instead of
 * adding up.
 *
 * Return: the highest-priority matching flow, or NULL (table miss).
 */
struct cvsw_flow *cvsw_table_lookup_nocache(struct cvsw_table *t,
					    const struct cvsw_flow_key *key)
{
	const struct cvsw_stvec *vec = rcu_dereference(t->vec);
	struct hlist_head *head[CVSW_PROBE_BATCH];
	const struct cvsw_ht *ht[CVSW_PROBE_BATCH];
	u32 hash[CVSW_PROBE_BATCH], i, j, nb;
	struct cvsw_flow *best = NULL, *f;

	if (!vec)
		return NULL;
	for (i = 0; i < vec->n; i += nb) {
		nb = min_t(u32, CVSW_PROBE_BATCH, vec->n - i);
		if (best && vec->e[i].prio < best->prio)
			break;
		for (j = 0; j < nb; j++) {
			const struct cvsw_subtable *st = vec->e[i + j].st;

			ht[j] = rcu_dereference(st->ht);
			hash[j] = cvsw_st_hash(st, key);
			head[j] = probe_start(ht[j], hash[j]);
		}
		for (j = 0; j < nb; j++)
			flow_prefetch(head[j], ht[j]->ver);
		for (j = 0; j < nb; j++) {
			if (best && vec->e[i + j].prio < best->prio)
				return best;
			f = bucket_best(head[j], ht[j]->ver, hash[j],
					vec->e[i + j].st, key);
			if (f && better(f, best))
				best = f;
		}
	}
	return best;
}

/**
 * cvsw_table_lookup_batch() - classify up to CVSW_LOOKUP_BATCH keys at once.
 * @t: the table.
 * @keys: the packet keys.
 * @n: number of keys, at most CVSW_LOOKUP_BATCH.
 * @flows: receives the answer for each key (NULL: table miss).
 *
 * Same context and results as cvsw_table_lookup() for each key (exact-match
 * cache included), but the classifier works subtable by subtable over all
 * keys that missed the cache: the buckets of all keys are fetched in
 * parallel, then their first flows, then compared, so that the cache misses
 * of different packets overlap.  Meant for the NAPI poll loop, which has a
 * batch of packets at hand.
 */
void cvsw_table_lookup_batch(struct cvsw_table *t,
			     const struct cvsw_flow_key *keys, u32 n,
			     struct cvsw_flow **flows)
{
	/* Acquire: pairs with gen_bump(); read the generation first. */
	unsigned long gen = smp_load_acquire(&t->gen);
	const struct cvsw_stvec *vec = rcu_dereference(t->vec);
	struct hlist_head *head[CVSW_LOOKUP_BATCH];
	u32 hash[CVSW_LOOKUP_BATCH], kh[CVSW_LOOKUP_BATCH];
	u8 todo[CVSW_LOOKUP_BATCH];
	struct cvsw_emc *c = NULL;
	u32 i, j, n_todo = 0, prio;
	struct cvsw_flow *f;

	if (WARN_ON_ONCE(n > CVSW_LOOKUP_BATCH))
		n = CVSW_LOOKUP_BATCH;
	if (t->emc)
		c = t->emc[smp_processor_id()];
	for (j = 0; j < n; j++) {
		flows[j] = NULL;
		if (c) {
			struct cvsw_emc_entry *e;

			kh[j] = cvsw_key_hash(&keys[j], t->seed);
			e = &c->e[kh[j] & c->mask];
			if (e->gen == gen && key_equal(&e->key, &keys[j])) {
				flows[j] = e->flow;
				continue;
			}
		}
		todo[n_todo++] = j;
	}
	for (i = 0; vec && i < vec->n && n_todo; i++) {
		const struct cvsw_subtable *st = vec->e[i].st;
		const struct cvsw_ht *ht = rcu_dereference(st->ht);
		u32 m;

		prio = vec->e[i].prio;
		/* Drop keys whose best flow beats every flow left. */
		for (m = 0; m < n_todo; ) {
			f = flows[todo[m]];
			if (f && prio < f->prio)
				todo[m] = todo[--n_todo];
			else
				m++;
		}
		for (m = 0; m < n_todo; m++) {
			hash[m] = cvsw_st_hash(st, &keys[todo[m]]);
			head[m] = probe_start(ht, hash[m]);
		}
		for (m = 0; m < n_todo; m++)
			flow_prefetch(head[m], ht->ver);
		for (m = 0; m < n_todo; m++) {
			f = bucket_best(head[m], ht->ver, hash[m], st,
					&keys[todo[m]]);
			if (f && better(f, flows[todo[m]]))
				flows[todo[m]] = f;
		}
	}
	if (!c)
		return;
	for (j = 0; j < n; j++) {
		struct cvsw_emc_entry *e = &c->e[kh[j] & c->mask];

		if (e->gen == gen && key_equal(&e->key, &keys[j]))
			continue;
		e->key = keys[j];
		e->flow = flows[j];
		e->gen = gen;
	}
}

/**
 * cvsw_table_lookup() - classify a packet key.
 * @t: the table.
 * @key: the packet key (from cvsw_flow_key_extract()).
 *
 * Call under rcu_read_lock() with bottom halves disabled (the cache is
 * per-CPU).  Lockless; concurrent changes are seen either entirely or not.
 *
 * Return: the highest-priority matching flow, or NULL (table miss).
 */
struct cvsw_flow *cvsw_table_lookup(struct cvsw_table *t,
				    const struct cvsw_flow_key *key)
{
	/* Acquire: pairs with gen_bump(); read the generation first. */
	unsigned long gen = smp_load_acquire(&t->gen);
	struct cvsw_emc_entry *e;
	struct cvsw_flow *f;
	struct cvsw_emc *c;

	if (!t->emc)
		return cvsw_table_lookup_nocache(t, key);
	c = t->emc[smp_processor_id()];
	e = &c->e[cvsw_key_hash(key, t->seed) & c->mask];
	if (e->gen == gen && key_equal(&e->key, key))
		return e->flow;
	f = cvsw_table_lookup_nocache(t, key);
	e->key = *key;
	e->flow = f;
	e->gen = gen;
	return f;
}

/**
 * cvsw_flow_used() - account a packet to a flow.
 * @flow: a flow returned by a lookup (same RCU section).
 * @bytes: the packet's length.
 * @now: the caller's clock in ms (for the idle timeout).
 */
void cvsw_flow_used(struct cvsw_flow *flow, u32 bytes, u64 now)
{
	struct cvsw_flow_stats *s = this_cpu_ptr(flow->stats);

	s->packets++;
	s->bytes += bytes;
	if (READ_ONCE(flow->used) != now)
		WRITE_ONCE(flow->used, now);
}

/**
 * cvsw_emc_create() - allocate the per-CPU exact-match caches.
 * @entries: entries per CPU; rounded up to a power of two.
 *
 * Return: an array of nr_cpu_ids caches, or NULL on allocation failure.
 */
struct cvsw_emc **cvsw_emc_create(u32 entries)
{
	struct cvsw_emc **emc;
	unsigned int cpu;
	u32 n = 1;

	while (n < entries && n < (1u << 20))
		n <<= 1;
	emc = kcalloc(nr_cpu_ids, sizeof(*emc), GFP_KERNEL);
	if (!emc)
		return NULL;
	for_each_possible_cpu(cpu) {
		emc[cpu] = kvzalloc(struct_size(emc[cpu], e, n), GFP_KERNEL);
		if (!emc[cpu]) {
			cvsw_emc_destroy(emc);
			return NULL;
		}
		emc[cpu]->mask = n - 1;
	}
	return emc;
}

/**
 * cvsw_emc_destroy() - free the caches.
 * @emc: from cvsw_emc_create().
 */
void cvsw_emc_destroy(struct cvsw_emc **emc)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu)
		kvfree(emc[cpu]);
	kfree(emc);
}
