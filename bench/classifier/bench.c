// SPDX-License-Identifier: GPL-2.0
/*
 * bench.c - benchmark of the CVSW classifier (kmod/datapath) against a
 * naive linear priority scan.
 *
 *   bench                       the whole table: 10..1M rules x 1/8/32 masks
 *                               (plus 32 rules x 32 masks: 10 rules cannot
 *                               fill 32 masks)
 *   bench -r RULES -m MASKS     one configuration
 *   bench -C cls|lin -r R -m M -l LOOKUPS
 *                               callgrind mode: only the lookup loop of the
 *                               classifier (cache-miss path) or of the
 *                               linear scan runs instrumented
 *
 * Rules: MASKS distinct OF1.0 masks (nw_src/nw_dst prefixes, tp_src/tp_dst
 * matched or not), RULES spread evenly over them, random field values,
 * random priorities (so no early exit helps), one output action each.
 * Packets: 90% built from a random rule (wildcarded fields random), 10%
 * random keys (mostly table misses).
 */
#define _GNU_SOURCE
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <valgrind/callgrind.h>

#include "classifier.h"

struct lrule {
	struct cvsw_flow_key key, mask;
	uint32_t prio;
	int id;
};

static uint64_t rng_state = 88172645463325252ULL;

static uint64_t rnd64(void)
{
	uint64_t x = rng_state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	rng_state = x;
	return x;
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void make_mask(struct cvsw_flow_key *m, int j)
{
	static const uint32_t src_pfx[] = { 0, 8, 16, 24 };	/* wildcarded bits */
	static const uint32_t dst_pfx[] = { 0, 8 };
	uint32_t wc = CVSW_FW_TUN_ID | CVSW_FW_DL_VLAN | CVSW_FW_DL_VLAN_PCP |
		      CVSW_FW_NW_TOS | CVSW_FW_DL_SRC | CVSW_FW_DL_DST;

	wc |= src_pfx[j % 4] << CVSW_FW_NW_SRC_SHIFT;
	wc |= dst_pfx[(j / 4) % 2] << CVSW_FW_NW_DST_SHIFT;
	if ((j / 8) % 2)
		wc |= CVSW_FW_TP_SRC;
	if ((j / 16) % 2)
		wc |= CVSW_FW_IN_PORT;
	cvsw_mask_from_wildcards(m, wc);
}

static void random_key(struct cvsw_flow_key *k)
{
	memset(k, 0, sizeof(*k));
	k->in_port = 1 + rnd64() % 2;
	k->dl_type = htons(0x0800);
	k->dl_vlan = CVSW_VLAN_NONE;
	k->nw_proto = rnd64() % 2 ? 6 : 17;
	k->nw_src = (uint32_t)rnd64();
	k->nw_dst = (uint32_t)rnd64();
	k->tp_src = (uint16_t)rnd64();
	k->tp_dst = (uint16_t)rnd64();
	k->dl_src[5] = (uint8_t)rnd64();
	k->dl_dst[5] = (uint8_t)rnd64();
}

struct setup {
	struct cvsw_table *t;
	struct lrule *lin;		/* sorted by priority, descending */
	int n_rules, n_masks, n_flows, masks_used;
	double insert_per_s, bytes_per_rule;
	struct cvsw_flow_key *keys;	/* lookup keys */
	int n_keys;
};

/* Bytes in use from the allocator: heap plus mmapped (big hash tables). */
static size_t heap_in_use(void)
{
	struct mallinfo2 mi = mallinfo2();

	return mi.uordblks + mi.hblkhd;
}

static int prio_cmp(const void *a, const void *b)
{
	const struct lrule *x = a, *y = b;

	if (x->prio != y->prio)
		return x->prio < y->prio ? 1 : -1;
	return x->id - y->id;
}

static void build(struct setup *s, int n_rules, int n_masks, int n_keys)
{
	struct cvsw_flow_key masks[32];
	struct cvsw_flow_mod *fms;
	uint8_t act[8] = { 0 };
	uint16_t type = CVSW_ACTION_A_OUTPUT, len = 8, port = 2;
	size_t before;
	double t0, t1;
	int i, j;

	memset(s, 0, sizeof(*s));
	s->n_rules = n_rules;
	s->n_masks = n_masks;
	memcpy(act, &type, 2);
	memcpy(act + 2, &len, 2);
	memcpy(act + 4, &port, 2);
	for (j = 0; j < n_masks; j++)
		make_mask(&masks[j], j);
	fms = calloc((size_t)n_rules, sizeof(*fms));
	s->lin = calloc((size_t)n_rules, sizeof(*s->lin));
	for (i = 0; i < n_rules; i++) {
		struct cvsw_flow_mod *fm = &fms[i];

		random_key(&fm->match.key);
		fm->match.mask = masks[i % n_masks];
		fm->priority = (uint16_t)rnd64();
		fm->out_port = CVSW_PORT_NONE;
		fm->actions = act;
		fm->actions_len = 8;
		for (j = 0; j < CVSW_KEY_WORDS; j++)
			s->lin[i].key.w[j] = fm->match.key.w[j] &
					     fm->match.mask.w[j];
		s->lin[i].mask = fm->match.mask;
		s->lin[i].prio = fm->priority;
		s->lin[i].id = i;
	}
	s->t = cvsw_table_create((uint32_t)n_rules, 1024);
	before = heap_in_use();
	t0 = now_ns();
	for (i = 0; i < n_rules; i++)
		cvsw_table_add(s->t, &fms[i], 0);
	t1 = now_ns();
	s->n_flows = (int)cvsw_table_count(s->t);
	s->masks_used = (int)cvsw_table_n_masks(s->t);
	s->bytes_per_rule = (double)(heap_in_use() - before) / s->n_flows;
	s->insert_per_s = n_rules / ((t1 - t0) / 1e9);
	qsort(s->lin, (size_t)n_rules, sizeof(*s->lin), prio_cmp);

	s->n_keys = n_keys;
	s->keys = malloc((size_t)n_keys * sizeof(*s->keys));
	for (i = 0; i < n_keys; i++) {
		struct cvsw_flow_key *k = &s->keys[i];

		random_key(k);
		if (rnd64() % 10) {	/* from a random rule */
			const struct cvsw_flow_mod *fm = &fms[rnd64() % n_rules];

			for (j = 0; j < CVSW_KEY_WORDS; j++)
				k->w[j] = (k->w[j] & ~fm->match.mask.w[j]) |
					  (fm->match.key.w[j] &
					   fm->match.mask.w[j]);
		}
	}
	free(fms);
}

static void teardown(struct setup *s)
{
	cvsw_table_destroy(s->t);
	free(s->lin);
	free(s->keys);
}

static const struct lrule *linear_lookup(const struct setup *s,
					 const struct cvsw_flow_key *k)
{
	int i, w;

	for (i = 0; i < s->n_flows && i < s->n_rules; i++) {
		const struct lrule *r = &s->lin[i];

		for (w = 0; w < CVSW_KEY_OF10_WORDS; w++)
			if ((k->w[w] & r->mask.w[w]) != r->key.w[w])
				break;
		if (w == CVSW_KEY_OF10_WORDS)
			return r;
	}
	return NULL;
}

static volatile uintptr_t sink;

/* Best of three passes, ns per lookup. */
static double time_cls(struct setup *s, int n, bool cached, int hot)
{
	double best = 1e30, t0, t;
	uintptr_t acc = 0;
	int pass, i;

	for (pass = 0; pass < 3; pass++) {
		t0 = now_ns();
		for (i = 0; i < n; i++) {
			const struct cvsw_flow_key *k;

			if (hot && (i % 10) < 8)
				k = &s->keys[(i * 7) % hot];
			else
				k = &s->keys[i % s->n_keys];
			acc += (uintptr_t)(cached ?
					   cvsw_table_lookup(s->t, k) :
					   cvsw_table_lookup_nocache(s->t, k));
		}
		t = (now_ns() - t0) / n;
		if (t < best)
			best = t;
	}
	sink = acc;
	return best;
}

/* Batched lookups (NAPI style, 32 keys per call), all keys distinct. */
static double time_batch(struct setup *s, int n)
{
	struct cvsw_flow *out[CVSW_LOOKUP_BATCH];
	double best = 1e30, t0, t;
	uintptr_t acc = 0;
	int pass, i;

	n -= n % CVSW_LOOKUP_BATCH;
	for (pass = 0; pass < 3; pass++) {
		t0 = now_ns();
		for (i = 0; i < n; i += CVSW_LOOKUP_BATCH) {
			cvsw_table_lookup_batch(s->t, &s->keys[i],
						CVSW_LOOKUP_BATCH, out);
			acc += (uintptr_t)out[0];
		}
		t = (now_ns() - t0) / n;
		if (t < best)
			best = t;
	}
	sink = acc;
	return best;
}

static double time_lin(struct setup *s, int n)
{
	double best = 1e30, t0, t;
	uintptr_t acc = 0;
	int pass, i;

	for (pass = 0; pass < 3; pass++) {
		t0 = now_ns();
		for (i = 0; i < n; i++)
			acc += (uintptr_t)linear_lookup(s, &s->keys[i % s->n_keys]);
		t = (now_ns() - t0) / n;
		if (t < best)
			best = t;
	}
	sink = acc;
	return best;
}

/* Classifier answers must equal the linear scan's (sanity, sampled). */
static int verify(struct setup *s, int n)
{
	int i, bad = 0;

	for (i = 0; i < n && i < s->n_keys; i++) {
		const struct cvsw_flow *f =
			cvsw_table_lookup_nocache(s->t, &s->keys[i]);
		const struct lrule *r = linear_lookup(s, &s->keys[i]);

		if (!f != !r || (f && f->prio != r->prio))
			bad++;
	}
	return bad;
}

static int lin_lookups(int n_rules)
{
	long n = 20000000L / n_rules;

	return (int)(n < 50 ? 50 : n > 200000 ? 200000 : n);
}

static void run_one(int n_rules, int n_masks, bool header)
{
	const int n_lookups = 300000;
	struct setup s;
	double cls, hit, bat, lin;
	int nl = lin_lookups(n_rules), bad;

	build(&s, n_rules, n_masks, n_lookups);
	bad = verify(&s, nl);
	cls = time_cls(&s, n_lookups, false, 0);
	hit = time_cls(&s, n_lookups, true, 256);
	bat = time_batch(&s, n_lookups);
	lin = time_lin(&s, nl);
	if (header)
		printf("| masks | rules | masks used | inserts/s | bytes/rule | ns/lookup: cache miss, single | cache miss, batch of 32 | 80%% cache hits, single | linear scan ns (lookups timed) | linear / single miss |\n"
		       "|---|---|---|---|---|---|---|---|---|---|\n");
	printf("| %d | %d | %d | %.0f | %.0f | %.1f | %.1f | %.1f | %.0f (%d) | %.*fx |%s\n",
	       n_masks, s.n_flows, s.masks_used, s.insert_per_s,
	       s.bytes_per_rule, cls, bat, hit, lin, nl,
	       lin / cls < 10 ? 2 : 0, lin / cls,
	       bad ? " MISMATCH" : "");
	fflush(stdout);
	teardown(&s);
}

static void callgrind_mode(const char *what, int n_rules, int n_masks,
			   int n_lookups)
{
	struct setup s;
	uintptr_t acc = 0;
	int i;

	build(&s, n_rules, n_masks, n_lookups);
	if (!strcmp(what, "cls")) {
		CALLGRIND_START_INSTRUMENTATION;
		for (i = 0; i < n_lookups; i++)
			acc += (uintptr_t)cvsw_table_lookup_nocache(s.t,
								    &s.keys[i]);
		CALLGRIND_STOP_INSTRUMENTATION;
	} else {
		CALLGRIND_START_INSTRUMENTATION;
		for (i = 0; i < n_lookups; i++)
			acc += (uintptr_t)linear_lookup(&s, &s.keys[i]);
		CALLGRIND_STOP_INSTRUMENTATION;
	}
	sink = acc;
	printf("%s rules=%d masks=%d lookups=%d\n", what, s.n_flows, n_masks,
	       n_lookups);
	teardown(&s);
}

int main(int argc, char **argv)
{
	static const int rules[] = { 10, 1000, 10000, 100000, 1000000 };
	static const int masks[] = { 1, 8, 32 };
	int r = 0, m = 0, l = 1000, i, j;
	const char *cg = NULL;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-r") && i + 1 < argc)
			r = atoi(argv[++i]);
		else if (!strcmp(argv[i], "-m") && i + 1 < argc)
			m = atoi(argv[++i]);
		else if (!strcmp(argv[i], "-l") && i + 1 < argc)
			l = atoi(argv[++i]);
		else if (!strcmp(argv[i], "-C") && i + 1 < argc)
			cg = argv[++i];
		else {
			fprintf(stderr, "usage: %s [-r RULES -m MASKS] [-C cls|lin -l LOOKUPS]\n",
				argv[0]);
			return 2;
		}
	}
	if (m > 32 || m < 0 || r < 0)
		return 2;
	if (cg) {
		callgrind_mode(cg, r ? r : 1000, m ? m : 1, l);
		return 0;
	}
	if (r && m) {
		run_one(r, m, true);
		return 0;
	}
	for (j = 0; j < 3; j++) {
		for (i = 0; i < 5; i++) {
			run_one(rules[i], masks[j], i == 0 && j == 0);
			/* 10 rules cannot use 32 masks: add rules = masks. */
			if (i == 0 && masks[j] > rules[0])
				run_one(masks[j], masks[j], false);
		}
	}
	return 0;
}
