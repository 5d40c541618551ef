// SPDX-License-Identifier: GPL-2.0
/*
 * lookup.c - the classifier's fast path: the exact-match cache in front of
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

/**
 * cvsw_table_lookup_nocache() - classify a key without the cache.
 * @t: the table.
 * @key: the packet key.
 *
 * Call under rcu_read_lock().  The cost grows with the number of distinct
 * masks, not of flows.
 *
 * Return: the highest-priority matching flow, or NULL (table miss).
 */
struct cvsw_flow *cvsw_table_lookup_nocache(struct cvsw_table *t,
					    const struct cvsw_flow_key *key)
{
	const struct cvsw_stvec *vec = rcu_dereference(t->vec);
	struct cvsw_flow *best = NULL, *f;
	u32 i;

	if (!vec)
		return NULL;
	for (i = 0; i < vec->n; i++) {
		if (best && vec->e[i].prio < best->prio)
			break;
		f = cvsw_st_lookup(vec->e[i].st, key);
		if (f && (!best || f->prio > best->prio ||
			  (f->prio == best->prio && f->seq < best->seq)))
			best = f;
	}
	return best;
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
	unsigned long gen = smp_load_acquire(&t->gen);
	struct cvsw_emc_entry *e;
	struct cvsw_flow *f;
	struct cvsw_emc *c;

	if (!t->emc)
		return cvsw_table_lookup_nocache(t, key);
	c = t->emc[smp_processor_id()];
	e = &c->e[cvsw_key_hash(key) & c->mask];
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
