// SPDX-License-Identifier: GPL-2.0
/*
 * model.c - linear-scan model of an OpenFlow 1.0 flow table (model.h).
 */
#include <stdlib.h>
#include <string.h>

#include "model.h"

#define NW CVSW_KEY_WORDS

static const uint64_t *W(const struct cvsw_flow_key *k)
{
	return k->w;
}

void model_init(struct model *m, uint32_t capacity)
{
	memset(m, 0, sizeof(*m));
	m->capacity = capacity;
	m->r = calloc(capacity + 1, sizeof(*m->r));
	m->removed = calloc(capacity + 1, sizeof(*m->removed));
}

void model_free(struct model *m)
{
	free(m->r);
	free(m->removed);
}

bool model_is_exact(const struct cvsw_flow_key *k)
{
	static const uint8_t ff[6] = { 255, 255, 255, 255, 255, 255 };

	return k->in_port == 0xffff && !memcmp(k->dl_src, ff, 6) &&
	       !memcmp(k->dl_dst, ff, 6) && k->dl_type == 0xffff &&
	       k->dl_vlan == 0xffff && k->dl_vlan_pcp == 0xff &&
	       (k->nw_tos & 0xfc) == 0xfc && k->nw_proto == 0xff &&
	       k->nw_src == 0xffffffff && k->nw_dst == 0xffffffff &&
	       k->tp_src == 0xffff && k->tp_dst == 0xffff;
}

static void masked(struct cvsw_flow_key *out, const struct cvsw_match *mt)
{
	int i;

	for (i = 0; i < NW; i++)
		out->w[i] = mt->key.w[i] & mt->mask.w[i];
}

static uint32_t eff_prio(const struct cvsw_flow_mod *fm)
{
	return model_is_exact(&fm->match.mask) ? 0x10000 : fm->priority;
}

static bool identical(const struct mrule *r, const struct cvsw_flow_key *key,
		      const struct cvsw_flow_key *mask, uint32_t prio)
{
	return r->prio == prio && !memcmp(&r->mask, mask, sizeof(*mask)) &&
	       !memcmp(&r->key, key, sizeof(*key));
}

static bool covered(const struct mrule *r, const struct cvsw_flow_key *key,
		    const struct cvsw_flow_key *mask)
{
	int i;

	for (i = 0; i < NW; i++) {
		if ((W(&r->mask)[i] & W(mask)[i]) != W(mask)[i])
			return false;
		if ((W(&r->key)[i] & W(mask)[i]) != W(key)[i])
			return false;
	}
	return true;
}

static bool has_output(const struct mrule *r, uint16_t port)
{
	uint32_t ofs = 0;
	uint16_t type, len, p;

	while (ofs + 4 <= r->acts_len) {
		memcpy(&type, r->acts + ofs, 2);
		memcpy(&len, r->acts + ofs + 2, 2);
		memcpy(&p, r->acts + ofs + 4, 2);
		if ((type == CVSW_ACTION_A_OUTPUT ||
		     type == CVSW_ACTION_A_ENQUEUE) && p == port)
			return true;
		ofs += len;
	}
	return false;
}

int model_add(struct model *m, const struct cvsw_flow_mod *fm, uint64_t now)
{
	struct cvsw_flow_key key;
	struct mrule nr;
	uint32_t prio = eff_prio(fm), i;
	int idx = -1, w;

	if (cvsw_actions_validate(fm->actions, fm->actions_len) ||
	    fm->actions_len > MODEL_ACTS_MAX)
		return -EINVAL;
	masked(&key, &fm->match);
	for (i = 0; i < m->n; i++) {
		struct mrule *r = &m->r[i];
		bool overlap = true;

		if (identical(r, &key, &fm->match.mask, prio))
			idx = (int)i;
		if (!(fm->flags & CVSW_FLOW_F_CHECK_OVERLAP) || r->prio != prio)
			continue;
		for (w = 0; w < NW; w++)
			if ((W(&r->key)[w] ^ W(&key)[w]) & W(&r->mask)[w] &
			    W(&fm->match.mask)[w])
				overlap = false;
		if (overlap)
			return -EEXIST;
	}
	if (idx < 0 && m->n >= m->capacity)
		return -ENOSPC;
	memset(&nr, 0, sizeof(nr));
	nr.key = key;
	nr.mask = fm->match.mask;
	nr.prio = prio;
	nr.priority = fm->priority;
	nr.idle = fm->idle_timeout;
	nr.hard = fm->hard_timeout;
	nr.flags = fm->flags;
	nr.seq = m->next_seq++;
	nr.cookie = fm->cookie;
	nr.acts_len = fm->actions_len;
	if (fm->actions_len)
		memcpy(nr.acts, fm->actions, fm->actions_len);
	nr.created = now;
	nr.used = now;
	if (idx >= 0)
		m->r[idx] = nr;
	else
		m->r[m->n++] = nr;
	return 0;
}

static bool selected(const struct mrule *r, const struct cvsw_flow_mod *fm,
		     const struct cvsw_flow_key *key, bool strict)
{
	if (strict)
		return identical(r, key, &fm->match.mask, eff_prio(fm));
	return covered(r, key, &fm->match.mask);
}

int model_modify(struct model *m, const struct cvsw_flow_mod *fm, bool strict,
		 uint64_t now)
{
	struct cvsw_flow_mod add;
	struct cvsw_flow_key key;
	uint32_t i;
	int n = 0;

	if (cvsw_actions_validate(fm->actions, fm->actions_len) ||
	    fm->actions_len > MODEL_ACTS_MAX)
		return -EINVAL;
	masked(&key, &fm->match);
	for (i = 0; i < m->n; i++) {
		struct mrule *r = &m->r[i];

		if (!selected(r, fm, &key, strict))
			continue;
		r->acts_len = fm->actions_len;
		if (fm->actions_len)
			memcpy(r->acts, fm->actions, fm->actions_len);
		if (fm->cookie != UINT64_MAX)
			r->cookie = fm->cookie;
		n++;
	}
	if (n)
		return n;
	add = *fm;
	add.flags &= ~CVSW_FLOW_F_CHECK_OVERLAP;
	if (add.cookie == UINT64_MAX)
		add.cookie = 0;
	return model_add(m, &add, now);
}

static void remove_at(struct model *m, uint32_t i, int reason)
{
	m->removed[m->n_removed].r = m->r[i];
	m->removed[m->n_removed].reason = reason;
	m->n_removed++;
	m->r[i] = m->r[--m->n];
}

int model_delete(struct model *m, const struct cvsw_flow_mod *fm, bool strict)
{
	struct cvsw_flow_key key;
	uint32_t i = 0;
	int n = 0;

	m->n_removed = 0;
	masked(&key, &fm->match);
	while (i < m->n) {
		struct mrule *r = &m->r[i];

		if (selected(r, fm, &key, strict) &&
		    (fm->out_port == CVSW_PORT_NONE ||
		     has_output(r, fm->out_port))) {
			remove_at(m, i, CVSW_FRR_DELETE);
			n++;
		} else {
			i++;
		}
	}
	return n;
}

int model_expire(struct model *m, uint64_t now)
{
	uint32_t i = 0;
	int n = 0;

	m->n_removed = 0;
	while (i < m->n) {
		struct mrule *r = &m->r[i];

		if (r->hard && now >= r->created + r->hard * 1000ULL) {
			remove_at(m, i, CVSW_FRR_HARD_TIMEOUT);
			n++;
		} else if (r->idle && now >= r->used + r->idle * 1000ULL) {
			remove_at(m, i, CVSW_FRR_IDLE_TIMEOUT);
			n++;
		} else {
			i++;
		}
	}
	return n;
}

struct mrule *model_lookup(struct model *m, const struct cvsw_flow_key *key)
{
	struct mrule *best = NULL;
	uint32_t i;
	int w;

	for (i = 0; i < m->n; i++) {
		struct mrule *r = &m->r[i];
		bool match = true;

		for (w = 0; w < NW && match; w++)
			if ((key->w[w] & r->mask.w[w]) != r->key.w[w])
				match = false;
		if (!match)
			continue;
		if (!best || r->prio > best->prio ||
		    (r->prio == best->prio && r->seq < best->seq))
			best = r;
	}
	return best;
}

bool model_same_flow(const struct mrule *r, const struct cvsw_flow *f)
{
	struct cvsw_match mt;

	cvsw_flow_get_match(f, &mt);
	return f->prio == r->prio && !memcmp(&mt.key, &r->key, sizeof(mt.key)) &&
	       !memcmp(&mt.mask, &r->mask, sizeof(mt.mask));
}
