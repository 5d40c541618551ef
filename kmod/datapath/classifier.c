// SPDX-License-Identifier: GPL-2.0
/*
 * CVSW datapath: OpenFlow 1.0 table semantics on top of the subtables:
 * add (with CHECK_OVERLAP and replacement of identical flows), modify and
 * modify_strict (modify of nothing adds), delete and delete_strict with the
 * out_port filter, timeouts, dumps, counters and the table's capacity.
 *
 * All functions here take the table mutex.  Every change that alters
 * lookup results unlinks first, then bumps the generation (invalidating
 * the exact-match caches), then frees after an RCU grace period.
 */
#include "cls_internal.h"

/* A flow's replacement action list: freed after a grace period. */
struct cvsw_actions_box {
	struct rcu_head rcu;
	struct cvsw_actions a;
};

static struct cvsw_actions *flow_inline_acts(const struct cvsw_flow *f)
{
	return (struct cvsw_actions *)(f->key + f->st->n_words);
}

/*
 * Is @acts the list stored inside the flow's own allocation?  Decided
 * without f->st: an RCU callback may run after the subtable's.  A list
 * allocated separately cannot lie within the flow's allocation.
 */
static bool acts_are_inline(const struct cvsw_flow *f,
			    const struct cvsw_actions *acts)
{
	uintptr_t ofs = (uintptr_t)acts - (uintptr_t)f;

	return ofs <= sizeof(*f) + CVSW_KEY_WORDS * sizeof(u64);
}

static struct cvsw_actions *flow_acts(const struct cvsw_table *t,
				      const struct cvsw_flow *f)
{
	return rcu_dereference_protected(f->acts, lockdep_is_held(&t->lock));
}

static struct cvsw_stvec *table_vec(const struct cvsw_table *t)
{
	return rcu_dereference_protected(t->vec, lockdep_is_held(&t->lock));
}

static void flow_free(struct cvsw_flow *f)
{
	struct cvsw_actions *acts = rcu_dereference_raw(f->acts);

	if (!acts_are_inline(f, acts))
		kfree(container_of(acts, struct cvsw_actions_box, a));
	free_percpu(f->stats);
	kfree(f);
}

static void flow_free_rcu(struct rcu_head *head)
{
	flow_free(container_of(head, struct cvsw_flow, rcu));
}

static void box_free_rcu(struct rcu_head *head)
{
	kfree(container_of(head, struct cvsw_actions_box, rcu));
}

static void vec_free_rcu(struct rcu_head *head)
{
	kfree(container_of(head, struct cvsw_stvec, rcu));
}

static void gen_bump(struct cvsw_table *t)
{
	/* Release: lookups that see the new generation see the change. */
	smp_store_release(&t->gen, t->gen + 1);
}

static struct cvsw_stvec *vec_alloc(u32 n)
{
	struct cvsw_stvec *vec;

	return kmalloc(struct_size(vec, e, n ? n : 1), GFP_KERNEL);
}

/* Fill @vec (room for all subtables) with the non-empty subtables sorted by
 * decreasing max_prio and publish it.
 */
static void vec_publish(struct cvsw_table *t, struct cvsw_stvec *vec)
{
	struct cvsw_stvec *old = table_vec(t);
	struct cvsw_subtable *st;
	u32 n = 0, j;

	list_for_each_entry(st, &t->subtables, list) {
		if (!st->n_flows)
			continue;
		for (j = n; j > 0 && vec->e[j - 1].prio < st->max_prio; j--)
			vec->e[j] = vec->e[j - 1];
		vec->e[j].prio = st->max_prio;
		vec->e[j].st = st;
		n++;
	}
	vec->n = n;
	rcu_assign_pointer(t->vec, vec);
	if (old)
		call_rcu(&old->rcu, vec_free_rcu);
}

/*
 * After removals: republish the vector if a subtable's max_prio dropped or
 * a subtable emptied, then free the empty subtables.  On allocation failure
 * the old vector stays: its priorities are upper bounds, so lookups stay
 * correct, and empty subtables remain until the next successful rebuild.
 */
static void table_tidy(struct cvsw_table *t)
{
	struct cvsw_stvec *vec = table_vec(t);
	struct cvsw_subtable *st, *next;
	bool stale = false;
	u32 i;

	list_for_each_entry(st, &t->subtables, list)
		cvsw_st_maintain(st);
	for (i = 0; vec && i < vec->n; i++)
		if (vec->e[i].prio != vec->e[i].st->max_prio ||
		    !vec->e[i].st->n_flows)
			stale = true;
	if (!stale)
		return;
	vec = vec_alloc(t->n_subtables);
	if (!vec)
		return;
	vec_publish(t, vec);
	list_for_each_entry_safe(st, next, &t->subtables, list) {
		if (st->n_flows)
			continue;
		list_del(&st->list);
		t->n_subtables--;
		cvsw_st_free_rcu(st);
	}
}

static struct cvsw_subtable *find_subtable(struct cvsw_table *t,
					   const struct cvsw_flow_key *mask)
{
	struct cvsw_subtable *st;

	list_for_each_entry(st, &t->subtables, list)
		if (!memcmp(&st->mask, mask, sizeof(*mask)))
			return st;
	return NULL;
}

/* Does @f count in t->n_timed?  (Timeouts never change after the add.) */
static bool flow_is_timed(const struct cvsw_flow *f)
{
	return f->idle_timeout || f->hard_timeout;
}

static void remove_flow(struct cvsw_table *t, struct cvsw_flow *f,
			enum cvsw_flow_removed_reason reason,
			cvsw_flow_removed_cb cb, void *arg)
{
	cvsw_st_remove(f->st, f);
	t->n_flows--;
	if (flow_is_timed(f))
		WRITE_ONCE(t->n_timed, t->n_timed - 1);
	gen_bump(t);
	if (cb)
		cb(f, reason, arg);
	call_rcu(&f->rcu, flow_free_rcu);
}

static void mask_key(struct cvsw_flow_key *out, const struct cvsw_match *m)
{
	u32 i;

	for (i = 0; i < CVSW_KEY_WORDS; i++)
		out->w[i] = m->key.w[i] & m->mask.w[i];
}

static u32 effective_prio(const struct cvsw_flow_mod *fm)
{
	return cvsw_mask_is_exact(&fm->match.mask) ? CVSW_PRIO_EXACT :
						     fm->priority;
}

/* Could one packet match both flows?  (Bits both masks care about agree.) */
static bool flows_overlap(const struct cvsw_flow *f,
			  const struct cvsw_flow_key *key,
			  const struct cvsw_flow_key *mask)
{
	const struct cvsw_subtable *st = f->st;
	u32 i;

	for (i = 0; i < st->n_words; i++)
		if ((f->key[i] ^ key->w[i]) & st->mask.w[i] & mask->w[i])
			return false;
	return true;
}

static bool table_overlaps(struct cvsw_table *t,
			   const struct cvsw_flow_key *key,
			   const struct cvsw_flow_key *mask, u32 prio)
{
	struct cvsw_subtable *st;
	struct cvsw_flow *f;
	struct cvsw_ht *ht;
	u32 i;

	list_for_each_entry(st, &t->subtables, list) {
		if (!st->n_flows)
			continue;
		ht = rcu_dereference_protected(st->ht,
					       lockdep_is_held(&t->lock));
		for (i = 0; i < ht->n_buckets; i++)
			hlist_for_each_entry(f, &ht->b[i], node[ht->ver])
				if (f->prio == prio &&
				    flows_overlap(f, key, mask))
					return true;
	}
	return false;
}

static struct cvsw_flow *flow_alloc(struct cvsw_subtable *st,
				    const struct cvsw_flow_key *key, u32 prio,
				    const struct cvsw_flow_mod *fm, u64 now)
{
	struct cvsw_actions *acts;
	struct cvsw_flow *f;
	size_t size;

	size = sizeof(*f) + st->n_words * sizeof(u64) +
	       sizeof(*acts) + fm->actions_len;
	f = kmalloc(size, GFP_KERNEL);
	if (!f)
		return NULL;
	memset(f, 0, sizeof(*f));
	f->stats = alloc_percpu(struct cvsw_flow_stats);
	if (!f->stats) {
		kfree(f);
		return NULL;
	}
	f->st = st;
	f->prio = prio;
	f->cookie = fm->cookie;
	f->created = now;
	f->used = now;
	f->priority = fm->priority;
	f->idle_timeout = fm->idle_timeout;
	f->hard_timeout = fm->hard_timeout;
	f->flags = fm->flags;
	memcpy(f->key, key->w, st->n_words * sizeof(u64));
	acts = flow_inline_acts(f);
	acts->len = fm->actions_len;
	if (fm->actions_len)
		memcpy(acts->data, fm->actions, fm->actions_len);
	RCU_INIT_POINTER(f->acts, acts);
	return f;
}

static int add_locked(struct cvsw_table *t, const struct cvsw_flow_mod *fm,
		      u64 now)
{
	u64 masked[CVSW_KEY_WORDS];
	struct cvsw_flow *f, *old = NULL;
	struct cvsw_stvec *vec = NULL;
	struct cvsw_subtable *st;
	struct cvsw_flow_key key;
	bool new_st = false;
	u32 prio, hash = 0;

	prio = effective_prio(fm);
	mask_key(&key, &fm->match);
	if ((fm->flags & CVSW_FLOW_F_CHECK_OVERLAP) &&
	    table_overlaps(t, &key, &fm->match.mask, prio))
		return -EEXIST;
	st = find_subtable(t, &fm->match.mask);
	if (st) {
		hash = cvsw_st_masked_hash(st, &key, masked);
		old = cvsw_st_find(st, masked, hash, prio);
	}
	if (!old && t->n_flows >= t->capacity)
		return -ENOSPC;
	if (!st) {
		st = cvsw_st_create(&fm->match.mask, t->seed);
		if (!st)
			return -ENOMEM;
		hash = cvsw_st_masked_hash(st, &key, masked);
		new_st = true;
	}
	if (new_st || !st->n_flows || prio > st->max_prio) {
		vec = vec_alloc(t->n_subtables + new_st);
		if (!vec)
			goto nomem;
	}
	f = flow_alloc(st, &key, prio, fm, now);
	if (!f)
		goto nomem;
	f->hash = hash;
	f->seq = t->next_seq++;
	if (new_st) {
		list_add_tail(&st->list, &t->subtables);
		t->n_subtables++;
	}
	cvsw_st_insert(st, f);
	t->n_flows++;
	if (flow_is_timed(f))
		WRITE_ONCE(t->n_timed, t->n_timed + 1);
	if (vec)
		vec_publish(t, vec);
	if (old) {
		remove_flow(t, old, CVSW_FRR_DELETE, NULL, NULL);
		/* Replacements leave stale filter bits too; the expiry
		 * worker's tidy-up no longer runs on a table without
		 * timeouts, so keep the subtable fresh here.
		 */
		cvsw_st_maintain(st);
	}
	gen_bump(t);
	return 0;
nomem:
	kfree(vec);
	if (new_st)
		cvsw_st_destroy(st);
	return -ENOMEM;
}

/**
 * cvsw_table_add() - OFPFC_ADD.
 * @t: the table.
 * @fm: the request (match, priority, timeouts, flags, cookie, actions).
 * @now: the caller's clock in ms.
 *
 * A flow with the same match and priority is replaced (with fresh
 * counters).  Exact-match flows (see cvsw_mask_is_exact()) outrank all
 * others; among themselves their priority is irrelevant.
 *
 * Return: 0; -EINVAL for invalid actions; -EEXIST if CVSW_FLOW_F_CHECK_OVERLAP
 * is set and a flow of the same priority overlaps; -ENOSPC if the table is
 * full; -ENOMEM.
 */
int cvsw_table_add(struct cvsw_table *t, const struct cvsw_flow_mod *fm,
		   u64 now)
{
	int err;

	err = cvsw_actions_validate(fm->actions, fm->actions_len);
	if (err)
		return err;
	mutex_lock(&t->lock);
	err = add_locked(t, fm, now);
	mutex_unlock(&t->lock);
	return err;
}

static int set_actions(struct cvsw_table *t, struct cvsw_flow *f,
		       const struct cvsw_flow_mod *fm)
{
	struct cvsw_actions *old = flow_acts(t, f);
	struct cvsw_actions_box *box;

	box = kmalloc(sizeof(*box) + fm->actions_len, GFP_KERNEL);
	if (!box)
		return -ENOMEM;
	box->a.len = fm->actions_len;
	if (fm->actions_len)
		memcpy(box->a.data, fm->actions, fm->actions_len);
	rcu_assign_pointer(f->acts, &box->a);
	if (!acts_are_inline(f, old))
		call_rcu(&container_of(old, struct cvsw_actions_box, a)->rcu,
			 box_free_rcu);
	if (fm->cookie != U64_MAX)
		WRITE_ONCE(f->cookie, fm->cookie);
	return 0;
}

/* Is flow @f within the (non-strict) request @key/@mask? */
static bool flow_covered(const struct cvsw_flow *f,
			 const struct cvsw_flow_key *key,
			 const struct cvsw_flow_key *mask)
{
	u32 i;

	for (i = 0; i < f->st->n_words; i++)
		if ((f->key[i] & mask->w[i]) != key->w[i])
			return false;
	return true;
}

static bool mask_covers(const struct cvsw_flow_key *outer,
			const struct cvsw_flow_key *inner)
{
	u32 i;

	for (i = 0; i < CVSW_KEY_WORDS; i++)
		if ((outer->w[i] & inner->w[i]) != inner->w[i])
			return false;
	return true;
}

typedef int (*flow_visit_fn)(struct cvsw_table *t, struct cvsw_flow *f,
			     const struct cvsw_flow_mod *fm, void *arg);

/*
 * Call @fn on every flow a request selects: strict: the flow with the same
 * match and priority; otherwise every flow whose match is at least as
 * specific as the request's and agrees with it.  @fn may remove the flow.
 * Returns the number of visits, or @fn's first error.
 */
static int visit_selected(struct cvsw_table *t,
			     const struct cvsw_flow_mod *fm, bool strict,
			     flow_visit_fn fn, void *arg)
{
	struct cvsw_flow_key key;
	struct cvsw_subtable *st;
	struct cvsw_flow *f;
	struct hlist_node *n;
	struct cvsw_ht *ht;
	int count = 0, err;
	u32 i;

	mask_key(&key, &fm->match);
	if (strict) {
		u64 masked[CVSW_KEY_WORDS];
		u32 hash;

		st = find_subtable(t, &fm->match.mask);
		if (!st)
			return 0;
		hash = cvsw_st_masked_hash(st, &key, masked);
		f = cvsw_st_find(st, masked, hash, effective_prio(fm));
		if (!f)
			return 0;
		return fn(t, f, fm, arg);
	}
	list_for_each_entry(st, &t->subtables, list) {
		if (!st->n_flows || !mask_covers(&st->mask, &fm->match.mask))
			continue;
		ht = rcu_dereference_protected(st->ht,
					       lockdep_is_held(&t->lock));
		for (i = 0; i < ht->n_buckets; i++) {
			hlist_for_each_entry_safe(f, n, &ht->b[i],
						  node[ht->ver]) {
				if (!flow_covered(f, &key, &fm->match.mask))
					continue;
				err = fn(t, f, fm, arg);
				if (err < 0)
					return err;
				count += err;
			}
		}
	}
	return count;
}

struct get_arg {
	cvsw_flow_dump_cb cb;
	void *arg;
};

static int get_one(struct cvsw_table *t, struct cvsw_flow *f,
		   const struct cvsw_flow_mod *fm, void *arg)
{
	struct get_arg *g = arg;
	int err = g->cb(f, g->arg);

	(void)t;
	(void)fm;
	return err < 0 ? err : 1;
}

/**
 * cvsw_table_get_strict() - the flow with exactly this match and priority.
 * @t: the table.
 * @match: the match (bits outside its mask are ignored).
 * @priority: the OF1.0 priority (ignored for an exact match).
 * @cb: called on the flow, if there is one, under the table mutex (so the
 *	flow cannot go away meanwhile); must not call into the table.
 * @arg: for @cb.
 *
 * One hashed lookup in the subtable of the mask, as strict modify and
 * delete do; no walk of the table.
 *
 * Return: 1 if the flow was found (and @cb returned >= 0), 0 if there is
 * no such flow, or @cb's negative return value.
 */
int cvsw_table_get_strict(struct cvsw_table *t, const struct cvsw_match *match,
			  u16 priority, cvsw_flow_dump_cb cb, void *arg)
{
	struct get_arg g = { .cb = cb, .arg = arg };
	struct cvsw_flow_mod fm = { .match = *match, .priority = priority };
	int ret;

	mutex_lock(&t->lock);
	ret = visit_selected(t, &fm, true, get_one, &g);
	mutex_unlock(&t->lock);
	return ret;
}

static int modify_one(struct cvsw_table *t, struct cvsw_flow *f,
		      const struct cvsw_flow_mod *fm, void *arg)
{
	int err = set_actions(t, f, fm);

	(void)arg;
	return err ? err : 1;
}

/**
 * cvsw_table_modify() - OFPFC_MODIFY / OFPFC_MODIFY_STRICT.
 * @t: the table.
 * @fm: the request; its actions (and cookie unless U64_MAX) replace those
 *	of the selected flows; counters and timeouts are kept.
 * @strict: select only the flow with the same match and priority;
 *	otherwise all flows at least as specific as the match, any priority.
 * @now: the caller's clock in ms (used if the request adds).
 *
 * If no flow is selected the request adds a flow (without overlap check).
 * An allocation failure may leave some selected flows unmodified.
 *
 * Return: the number of flows modified, 0 if a flow was added, or a
 * negative errno (-EINVAL, -ENOSPC, -ENOMEM).
 */
int cvsw_table_modify(struct cvsw_table *t, const struct cvsw_flow_mod *fm,
		      bool strict, u64 now)
{
	struct cvsw_flow_mod add;
	int ret;

	ret = cvsw_actions_validate(fm->actions, fm->actions_len);
	if (ret)
		return ret;
	mutex_lock(&t->lock);
	ret = visit_selected(t, fm, strict, modify_one, NULL);
	if (!ret) {
		add = *fm;
		add.flags &= ~CVSW_FLOW_F_CHECK_OVERLAP;
		if (add.cookie == U64_MAX)
			add.cookie = 0;
		ret = add_locked(t, &add, now);
	}
	mutex_unlock(&t->lock);
	return ret;
}

struct delete_arg {
	cvsw_flow_removed_cb cb;
	void *arg;
};

static int delete_one(struct cvsw_table *t, struct cvsw_flow *f,
		      const struct cvsw_flow_mod *fm, void *arg)
{
	struct delete_arg *d = arg;

	if (fm->out_port != CVSW_PORT_NONE &&
	    !cvsw_actions_has_output(flow_acts(t, f), fm->out_port))
		return 0;
	remove_flow(t, f, CVSW_FRR_DELETE, d->cb, d->arg);
	return 1;
}

/**
 * cvsw_table_delete() - OFPFC_DELETE / OFPFC_DELETE_STRICT.
 * @t: the table.
 * @fm: the request: match, priority (strict only), out_port.
 * @strict: as for cvsw_table_modify().
 * @cb: called for each removed flow (reason CVSW_FRR_DELETE), may be NULL.
 * @arg: passed to @cb.
 *
 * With fm->out_port other than CVSW_PORT_NONE only flows with an output
 * (or enqueue) action to that port are removed.
 *
 * Return: the number of flows removed.
 */
int cvsw_table_delete(struct cvsw_table *t, const struct cvsw_flow_mod *fm,
		      bool strict, cvsw_flow_removed_cb cb, void *arg)
{
	struct delete_arg d = { .cb = cb, .arg = arg };
	int ret;

	mutex_lock(&t->lock);
	ret = visit_selected(t, fm, strict, delete_one, &d);
	table_tidy(t);
	mutex_unlock(&t->lock);
	return ret;
}

/**
 * cvsw_table_expire() - remove flows whose idle or hard timeout passed.
 * @t: the table.
 * @now: the caller's clock in ms (same clock as for add and flow_used).
 * @cb: called for each removed flow with the reason, may be NULL.
 * @arg: passed to @cb.
 *
 * The table counts its flows that have a timeout (on add, replace, delete
 * and expiry, under its mutex).  While there are none this returns at
 * once, without the mutex and without walking the flows, so a periodic
 * caller costs nothing on a large table of permanent flows.  The count is
 * read without the mutex: a timed flow being added concurrently is seen
 * by the next call, which is early enough for timeouts of whole seconds.
 *
 * Return: the number of flows removed.
 */
int cvsw_table_expire(struct cvsw_table *t, u64 now, cvsw_flow_removed_cb cb,
		      void *arg)
{
	struct cvsw_subtable *st;
	struct cvsw_flow *f;
	struct hlist_node *n;
	struct cvsw_ht *ht;
	int count = 0;
	u32 i;

	if (!READ_ONCE(t->n_timed))
		return 0;
	mutex_lock(&t->lock);
	list_for_each_entry(st, &t->subtables, list) {
		ht = rcu_dereference_protected(st->ht,
					       lockdep_is_held(&t->lock));
		for (i = 0; i < ht->n_buckets; i++) {
			hlist_for_each_entry_safe(f, n, &ht->b[i],
						  node[ht->ver]) {
				if (f->hard_timeout &&
				    now >= f->created + f->hard_timeout * 1000ULL) {
					remove_flow(t, f, CVSW_FRR_HARD_TIMEOUT,
						    cb, arg);
					count++;
				} else if (f->idle_timeout &&
					   now >= READ_ONCE(f->used) +
						  f->idle_timeout * 1000ULL) {
					remove_flow(t, f, CVSW_FRR_IDLE_TIMEOUT,
						    cb, arg);
					count++;
				}
			}
		}
	}
	table_tidy(t);
	mutex_unlock(&t->lock);
	return count;
}

/**
 * cvsw_table_dump() - visit flows from a resumable position.
 * @t: the table.
 * @pos: where to start; updated.  Zero it for a new dump.
 * @cb: called for each flow; a non-zero return stops the dump and leaves
 *	@pos at that flow, so that the next call starts with it again.
 * @arg: passed to @cb.
 *
 * Return: 1 if @cb stopped the dump, 0 when all flows were visited.
 */
int cvsw_table_dump(struct cvsw_table *t, struct cvsw_dump_pos *pos,
		    cvsw_flow_dump_cb cb, void *arg)
{
	struct cvsw_subtable *st;
	struct cvsw_flow *f;
	struct cvsw_ht *ht;
	u32 st_idx = 0, idx;
	int ret = 0;

	mutex_lock(&t->lock);
	list_for_each_entry(st, &t->subtables, list) {
		if (st_idx++ < pos->st)
			continue;
		ht = rcu_dereference_protected(st->ht,
					       lockdep_is_held(&t->lock));
		for (; pos->bucket < ht->n_buckets; pos->bucket++) {
			idx = 0;
			hlist_for_each_entry(f, &ht->b[pos->bucket],
					     node[ht->ver]) {
				if (idx++ < pos->idx)
					continue;
				if (cb(f, arg)) {
					ret = 1;
					goto out;
				}
				pos->idx++;
			}
			pos->idx = 0;
		}
		pos->st++;
		pos->bucket = 0;
	}
out:
	mutex_unlock(&t->lock);
	return ret;
}

/**
 * cvsw_table_count() - number of flows.
 * @t: the table.
 *
 * Return: the number of flows.
 */
u32 cvsw_table_count(struct cvsw_table *t)
{
	return READ_ONCE(t->n_flows);
}

/**
 * cvsw_table_n_masks() - number of distinct masks (subtables) in use.
 * @t: the table.
 *
 * Return: the number of non-empty subtables.
 */
u32 cvsw_table_n_masks(struct cvsw_table *t)
{
	struct cvsw_subtable *st;
	u32 n = 0;

	mutex_lock(&t->lock);
	list_for_each_entry(st, &t->subtables, list)
		n += !!st->n_flows;
	mutex_unlock(&t->lock);
	return n;
}

/**
 * cvsw_flow_get_stats() - sum a flow's per-CPU counters.
 * @flow: the flow.
 * @stats: receives the sums.
 */
void cvsw_flow_get_stats(const struct cvsw_flow *flow,
			 struct cvsw_flow_stats *stats)
{
	unsigned int cpu;

	stats->packets = 0;
	stats->bytes = 0;
	for_each_possible_cpu(cpu) {
		const struct cvsw_flow_stats *s = per_cpu_ptr(flow->stats, cpu);

		stats->packets += READ_ONCE(s->packets);
		stats->bytes += READ_ONCE(s->bytes);
	}
}

/**
 * cvsw_flow_get_match() - the match of a flow (key masked).
 * @flow: the flow.
 * @match: receives key and mask.
 */
void cvsw_flow_get_match(const struct cvsw_flow *flow,
			 struct cvsw_match *match)
{
	memset(&match->key, 0, sizeof(match->key));
	memcpy(match->key.w, flow->key, flow->st->n_words * sizeof(u64));
	match->mask = flow->st->mask;
}

/**
 * cvsw_flow_actions() - a flow's current action list.
 * @flow: the flow.
 *
 * Call under rcu_read_lock() (datapath) or from a table callback.
 *
 * Return: the action list.
 */
const struct cvsw_actions *cvsw_flow_actions(const struct cvsw_flow *flow)
{
	return rcu_dereference_raw(flow->acts);
}

/**
 * cvsw_table_create() - allocate an empty flow table.
 * @capacity: maximum number of flows (add beyond it fails with -ENOSPC).
 * @cache_entries: exact-match cache entries per CPU (rounded up to a power
 *	of two); 0 disables the cache.
 *
 * Return: the table, or NULL on allocation failure.
 */
struct cvsw_table *cvsw_table_create(u32 capacity, u32 cache_entries)
{
	struct cvsw_table *t = kzalloc(sizeof(*t), GFP_KERNEL);

	if (!t)
		return NULL;
	mutex_init(&t->lock);
	INIT_LIST_HEAD(&t->subtables);
	t->capacity = capacity;
	t->gen = 1;
	t->seed = get_random_u32();
	if (cache_entries) {
		t->emc = cvsw_emc_create(cache_entries);
		if (!t->emc) {
			kfree(t);
			return NULL;
		}
	}
	return t;
}

/**
 * cvsw_table_destroy() - free a table and all its flows at once.
 * @t: the table; no reader may still reach it (unpublish it and wait for a
 *	grace period first).  No callbacks are called.
 *
 * Also waits for the table's pending RCU callbacks (rcu_barrier()), so that
 * none is left when the module that holds their code goes away.
 */
void cvsw_table_destroy(struct cvsw_table *t)
{
	struct cvsw_subtable *st, *next;
	struct cvsw_flow *f;
	struct hlist_node *n;
	struct cvsw_ht *ht;
	u32 i;

	if (!t)
		return;
	rcu_barrier();
	list_for_each_entry_safe(st, next, &t->subtables, list) {
		ht = rcu_dereference_raw(st->ht);
		for (i = 0; i < ht->n_buckets; i++)
			hlist_for_each_entry_safe(f, n, &ht->b[i],
						  node[ht->ver])
				flow_free(f);
		list_del(&st->list);
		cvsw_st_destroy(st);
	}
	kfree(rcu_dereference_raw(t->vec));
	if (t->emc)
		cvsw_emc_destroy(t->emc);
	mutex_destroy(&t->lock);
	kfree(t);
}
