// SPDX-License-Identifier: GPL-2.0
/*
 * ops.c - random operations on the table and the model (see ops.h).
 */
#include <stdlib.h>
#include <string.h>

#include "ops.h"
#include "pktgen.h"
#include "cls_internal.h"	/* n_timed */

uint32_t g_u32(struct gsrc *g)
{
	uint32_t v = 0;
	int i;

	if (!g->data)
		return pg_rand(&g->rng);
	for (i = 0; i < 4; i++) {
		v <<= 8;
		if (g->pos < g->len)
			v |= g->data[g->pos++];
	}
	return v;
}

static uint32_t pick(struct gsrc *g, uint32_t n)
{
	return n ? g_u32(g) % n : 0;
}

/* Field values come from small sets so that rules and packets collide. */
void gen_key(struct gsrc *g, struct cvsw_flow_key *k)
{
	static const uint16_t types[] = { 0x0800, 0x0806, 0x86dd };
	static const uint16_t vlans[] = { 0xffff, 10, 20 };
	static const uint8_t toses[] = { 0, 0x10, 0xb8 };
	static const uint8_t protos[] = { 6, 17, 1 };
	static const uint16_t ports[] = { 80, 443, 1234 };
	uint32_t r = g_u32(g), s = g_u32(g);

	memset(k, 0, sizeof(*k));
	k->in_port = 1 + r % 3;
	k->dl_src[5] = (r >> 2) % 3;
	k->dl_dst[5] = (r >> 4) % 3;
	k->dl_src[0] = 2;
	k->dl_dst[0] = 2;
	k->dl_type = htons(types[(r >> 6) % 3]);
	k->dl_vlan = vlans[(r >> 8) % 3];
	k->dl_vlan_pcp = (r >> 10) % 3;
	k->nw_tos = toses[(r >> 12) % 3];
	k->nw_proto = protos[(r >> 14) % 3];
	k->nw_src = htonl(0x0a000000 | ((r >> 16) % 2) << 8 |
			  (1 + (r >> 17) % 3));
	k->nw_dst = htonl(0x0a000000 | ((r >> 19) % 2) << 8 |
			  (1 + (r >> 20) % 3));
	k->tp_src = htons(ports[(r >> 22) % 3]);
	k->tp_dst = htons(ports[(r >> 24) % 3]);
	k->tun_id = (r >> 26) % 2 ? 5001 : 0;
	/* Only a decapsulated packet has outer addresses. */
	k->tun_src = k->tun_id ? htonl(0xc0a80001 + (s >> 2) % 2) : 0;
	k->tun_dst = k->tun_id ? htonl(0xc0a80101) : 0;
	k->ipv6_src[15] = s % 2;
	k->ipv6_dst[0] = (s >> 1) % 2;
}

static void gen_mask(struct gsrc *g, struct cvsw_flow_key *mask, int kind)
{
	static const uint32_t prefixes[] = { 0, 8, 24, 31, 32 };
	uint32_t wc, i;

	if (kind == 0) {
		cvsw_mask_exact(mask);
		return;
	}
	if (kind == 1) {
		cvsw_mask_from_wildcards(mask, CVSW_FW_TUN_ID);
		return;
	}
	if (kind == 2) {	/* arbitrary bits anywhere, IPv6 included */
		for (i = 0; i < CVSW_KEY_WORDS; i++)
			mask->w[i] = ((uint64_t)g_u32(g) << 32 | g_u32(g)) &
				     ((uint64_t)g_u32(g) << 32 | g_u32(g));
		return;
	}
	wc = g_u32(g) & (CVSW_FW_ALL & ~(CVSW_FW_NW_SRC_MASK |
					 CVSW_FW_NW_DST_MASK));
	wc |= prefixes[pick(g, 5)] << CVSW_FW_NW_SRC_SHIFT;
	wc |= prefixes[pick(g, 5)] << CVSW_FW_NW_DST_SHIFT;
	cvsw_mask_from_wildcards(mask, wc);
	/* tun_src/tun_dst prefixes (no wildcard bits: set directly). */
	i = 32 - prefixes[pick(g, 5)];
	mask->tun_src = i ? htonl(~0u << (32 - i)) : 0;
	i = 32 - prefixes[pick(g, 5)];
	mask->tun_dst = i ? htonl(~0u << (32 - i)) : 0;
}

int gen_actions(struct gsrc *g, uint8_t *buf)
{
	int n = (int)pick(g, 4), i, len = 0;
	uint16_t type, alen, port;

	for (i = 0; i < n; i++) {
		uint32_t r = g_u32(g);

		memset(buf + len, 0, 12);
		port = (uint16_t)(1 + r % 4);
		switch ((r >> 8) % 4) {
		case 0: type = CVSW_ACTION_A_OUTPUT; alen = 8; break;
		case 1: type = CVSW_ACTION_A_ENQUEUE; alen = 12; break;
		case 2: type = CVSW_ACTION_A_SET_TP_DST; alen = 8; break;
		default: type = CVSW_ACTION_A_STRIP_VLAN; alen = 4; break;
		}
		memcpy(buf + len, &type, 2);
		memcpy(buf + len + 2, &alen, 2);
		if (alen > 4)
			memcpy(buf + len + 4, &port, 2);
		len += alen;
	}
	return len;
}

void gen_flow_mod(struct ops_ctx *c, struct gsrc *g, struct cvsw_flow_mod *fm,
		  uint8_t *acts_buf)
{
	static const uint16_t prios[] = { 0, 1, 2, 100, 0x8000, 0xffff };
	uint32_t r = g_u32(g), i;

	memset(fm, 0, sizeof(*fm));
	/* Often reuse the identity of an existing rule. */
	if (c->m.n && r % 3 == 0) {
		const struct mrule *mr = &c->m.r[pick(g, c->m.n)];

		fm->match.key = mr->key;
		fm->match.mask = mr->mask;
		fm->priority = mr->priority;
		/* Sometimes widen it (for non-strict requests). */
		if ((r >> 2) % 3 == 0)
			for (i = 0; i < CVSW_KEY_WORDS; i++)
				fm->match.mask.w[i] &= (uint64_t)g_u32(g) << 32 |
						       g_u32(g);
	} else {
		gen_key(g, &fm->match.key);
		fm->match.mask = c->pool[pick(g, (uint32_t)c->n_pool)];
		fm->priority = (r >> 4) % 2 ? prios[(r >> 5) % 6] :
					      (uint16_t)g_u32(g);
	}
	fm->cookie = (r >> 8) % 5 == 0 ? UINT64_MAX : g_u32(g);
	fm->idle_timeout = (r >> 11) % 3 == 0 ? (uint16_t)(1 + pick(g, 5)) : 0;
	fm->hard_timeout = (r >> 13) % 3 == 0 ? (uint16_t)(1 + pick(g, 9)) : 0;
	fm->flags = (r >> 15) % 4 == 0 ? CVSW_FLOW_F_CHECK_OVERLAP : 0;
	fm->flags |= (r >> 17) & CVSW_FLOW_F_SEND_FLOW_REM;
	fm->out_port = (r >> 18) % 2 ? CVSW_PORT_NONE :
				       (uint16_t)(1 + (r >> 19) % 4);
	fm->actions_len = (uint32_t)gen_actions(g, acts_buf);
	fm->actions = acts_buf;
}

static void removed_cb(const struct cvsw_flow *f,
		       enum cvsw_flow_removed_reason reason, void *arg)
{
	struct ops_ctx *c = arg;
	struct mremoved *x = &c->got[c->n_got++];
	const struct cvsw_actions *a = cvsw_flow_actions(f);
	struct cvsw_flow_stats st;
	struct cvsw_match mt;

	memset(x, 0, sizeof(*x));
	cvsw_flow_get_match(f, &mt);
	cvsw_flow_get_stats(f, &st);
	x->reason = reason;
	x->r.key = mt.key;
	x->r.mask = mt.mask;
	x->r.prio = f->prio;
	x->r.cookie = f->cookie;
	x->r.packets = st.packets;
	x->r.bytes = st.bytes;
	x->r.acts_len = a->len;
	if (a->len <= MODEL_ACTS_MAX)
		memcpy(x->r.acts, a->data, a->len);
}

int ops_init(struct ops_ctx *c, struct gsrc *g, uint32_t capacity,
	     uint32_t cache, int n_pool)
{
	int i;

	memset(c, 0, sizeof(*c));
	c->t = cvsw_table_create(capacity, cache);
	if (!c->t)
		return -1;
	model_init(&c->m, capacity);
	c->got = calloc(capacity + 1, sizeof(*c->got));
	c->n_pool = n_pool > OPS_POOL ? OPS_POOL : n_pool;
	for (i = 0; i < c->n_pool; i++)
		gen_mask(g, &c->pool[i], i < 2 ? i : 2 + (i % 7 == 6 ? 0 : 1));
	c->now = 1000000;
	return 0;
}

void ops_free(struct ops_ctx *c)
{
	cvsw_table_destroy(c->t);
	model_free(&c->m);
	free(c->got);
}

static int rcmp(const void *a, const void *b)
{
	const struct mremoved *x = a, *y = b;
	int r = memcmp(&x->r.key, &y->r.key, sizeof(x->r.key));

	if (r)
		return r;
	r = memcmp(&x->r.mask, &y->r.mask, sizeof(x->r.mask));
	if (r)
		return r;
	return x->r.prio < y->r.prio ? -1 : x->r.prio > y->r.prio;
}

/* Compare what the table reported as removed with the model's removals. */
static int compare_removed(struct ops_ctx *c)
{
	uint32_t i;

	if (c->n_got != c->m.n_removed) {
		snprintf(c->err, sizeof(c->err), "removed %u flows, model %u",
			 c->n_got, c->m.n_removed);
		return -1;
	}
	qsort(c->got, c->n_got, sizeof(*c->got), rcmp);
	qsort(c->m.removed, c->m.n_removed, sizeof(*c->m.removed), rcmp);
	for (i = 0; i < c->n_got; i++) {
		const struct mremoved *a = &c->got[i], *b = &c->m.removed[i];

		if (rcmp(a, b) || a->reason != b->reason ||
		    a->r.packets != b->r.packets || a->r.bytes != b->r.bytes ||
		    a->r.cookie != b->r.cookie ||
		    a->r.acts_len != b->r.acts_len ||
		    memcmp(a->r.acts, b->r.acts, a->r.acts_len)) {
			snprintf(c->err, sizeof(c->err),
				 "removed flow %u differs (reason %d/%d, packets %llu/%llu)",
				 i, a->reason, b->reason,
				 (unsigned long long)a->r.packets,
				 (unsigned long long)b->r.packets);
			return -1;
		}
	}
	return 0;
}

int ops_lookups(struct ops_ctx *c, struct gsrc *g, int n, bool account)
{
	struct cvsw_flow_key keys[CVSW_LOOKUP_BATCH];
	struct cvsw_flow *batch[CVSW_LOOKUP_BATCH], *f, *f2;
	struct mrule *r;
	int i, m, done;

	for (done = 0; done < n; done += m) {
		m = n - done > CVSW_LOOKUP_BATCH ? CVSW_LOOKUP_BATCH : n - done;
		for (i = 0; i < m; i++) {
			/* Half the keys repeat recent ones: cache hits. */
			if (c->n_hot && g_u32(g) % 2) {
				keys[i] = c->hot[g_u32(g) % c->n_hot];
			} else {
				gen_key(g, &keys[i]);
				c->hot[c->n_hot < 64 ? c->n_hot++ :
				       g_u32(g) % 64] = keys[i];
			}
		}
		/* Odd rounds: batch first (it fills the cache). */
		if (done & 1)
			cvsw_table_lookup_batch(c->t, keys, (uint32_t)m, batch);
		for (i = 0; i < m; i++) {
			r = model_lookup(&c->m, &keys[i]);
			f = cvsw_table_lookup(c->t, &keys[i]);
			f2 = cvsw_table_lookup_nocache(c->t, &keys[i]);
			c->n_lookups++;
			if (f != f2) {
				snprintf(c->err, sizeof(c->err),
					 "cached lookup differs from the classifier");
				return -1;
			}
			if (!r != !f || (r && !model_same_flow(r, f))) {
				snprintf(c->err, sizeof(c->err),
					 "lookup: table %s, model %s (prio %u)",
					 f ? "flow" : "miss", r ? "rule" : "miss",
					 r ? r->prio : 0);
				return -1;
			}
		}
		if (!(done & 1))
			cvsw_table_lookup_batch(c->t, keys, (uint32_t)m, batch);
		for (i = 0; i < m; i++) {
			r = model_lookup(&c->m, &keys[i]);
			if (batch[i] != cvsw_table_lookup_nocache(c->t, &keys[i])) {
				snprintf(c->err, sizeof(c->err),
					 "batch lookup %d of %d differs", i, m);
				return -1;
			}
			if (batch[i] && account) {
				uint32_t bytes = 60 + g_u32(g) % 1400;

				c->n_hits++;
				cvsw_flow_used(batch[i], bytes, c->now);
				r->packets++;
				r->bytes += bytes;
				r->used = c->now;
			}
		}
	}
	return 0;
}

struct dump_ctx {
	const struct cvsw_flow **flows;
	uint32_t n, max, stop_every, since;
};

static int dump_cb(const struct cvsw_flow *f, void *arg)
{
	struct dump_ctx *d = arg;

	if (d->stop_every && ++d->since > d->stop_every) {
		d->since = 0;
		return 1;
	}
	if (d->n < d->max)
		d->flows[d->n] = f;
	d->n++;
	return 0;
}

int ops_compare_all(struct ops_ctx *c)
{
	struct cvsw_dump_pos pos = { 0 };
	struct dump_ctx d = { 0 };
	uint32_t i, j, max = c->m.n + 16;
	int ret = 0, rounds = 0;
	bool *seen;

	d.flows = calloc(max, sizeof(*d.flows));
	d.max = max;
	d.stop_every = 1 + (uint32_t)(c->now % 7);
	seen = calloc(c->m.n + 1, sizeof(*seen));
	while (cvsw_table_dump(c->t, &pos, dump_cb, &d) && rounds++ < 100000)
		;
	if (d.n != c->m.n || cvsw_table_count(c->t) != c->m.n) {
		snprintf(c->err, sizeof(c->err),
			 "table has %u flows (dump %u), model %u",
			 cvsw_table_count(c->t), d.n, c->m.n);
		ret = -1;
		goto out;
	}
	for (i = 0, j = 0; i < c->m.n; i++)
		j += c->m.r[i].idle || c->m.r[i].hard;
	if (c->t->n_timed != j) {
		snprintf(c->err, sizeof(c->err),
			 "table counts %u timed flows, model has %u",
			 c->t->n_timed, j);
		ret = -1;
		goto out;
	}
	for (i = 0; i < d.n; i++) {
		const struct cvsw_flow *f = d.flows[i];
		const struct cvsw_actions *a = cvsw_flow_actions(f);
		struct cvsw_flow_stats st;
		const struct mrule *r = NULL;

		for (j = 0; j < c->m.n; j++)
			if (model_same_flow(&c->m.r[j], f)) {
				r = &c->m.r[j];
				break;
			}
		if (!r || seen[j]) {
			snprintf(c->err, sizeof(c->err),
				 "dumped flow %u %s in the model", i,
				 r ? "twice" : "not");
			ret = -1;
			goto out;
		}
		seen[j] = true;
		cvsw_flow_get_stats(f, &st);
		if (f->cookie != r->cookie || st.packets != r->packets ||
		    st.bytes != r->bytes || a->len != r->acts_len ||
		    memcmp(a->data, r->acts, a->len) ||
		    f->priority != r->priority ||
		    f->idle_timeout != r->idle || f->hard_timeout != r->hard ||
		    f->created != r->created || f->used != r->used) {
			snprintf(c->err, sizeof(c->err),
				 "flow differs: cookie %llx/%llx packets %llu/%llu acts %u/%u",
				 (unsigned long long)f->cookie,
				 (unsigned long long)r->cookie,
				 (unsigned long long)st.packets,
				 (unsigned long long)r->packets,
				 a->len, r->acts_len);
			ret = -1;
			goto out;
		}
	}
out:
	free(d.flows);
	free(seen);
	return ret;
}

int ops_step(struct ops_ctx *c, struct gsrc *g)
{
	static uint8_t acts[64];
	struct cvsw_flow_mod fm;
	uint32_t op = g_u32(g) % 16;
	bool strict = op & 1;
	int a, b;

	gen_flow_mod(c, g, &fm, acts);
	c->n_got = 0;
	switch (op) {
	case 0: case 1: case 2: case 3: case 4: case 5:
		a = cvsw_table_add(c->t, &fm, c->now);
		b = model_add(&c->m, &fm, c->now);
		break;
	case 6: case 7: case 8:
		a = cvsw_table_modify(c->t, &fm, strict, c->now);
		b = model_modify(&c->m, &fm, strict, c->now);
		break;
	case 9: case 10: case 11:
		a = cvsw_table_delete(c->t, &fm, strict, removed_cb, c);
		b = model_delete(&c->m, &fm, strict);
		if (a == b && compare_removed(c))
			return -1;
		break;
	case 12:
		c->now += (g_u32(g) % 7) * 500;
		a = cvsw_table_expire(c->t, c->now, removed_cb, c);
		b = model_expire(&c->m, c->now);
		if (a == b && compare_removed(c))
			return -1;
		break;
	default:
		return ops_lookups(c, g, 1 + (int)(g_u32(g) % 8), true);
	}
	if (a != b) {
		snprintf(c->err, sizeof(c->err), "op %u: table %d, model %d",
			 op, a, b);
		return -1;
	}
	return 0;
}
