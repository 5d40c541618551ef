// SPDX-License-Identifier: GPL-2.0
/*
 * test_diff.c - randomized differential tests of the classifier against
 * the naive linear model (model.c): thousands of random rules and packets;
 * random add/modify/modify_strict/delete/delete_strict/expire/lookup
 * sequences with counters, out_port filters, overlap errors and a full
 * table.
 */
#include <string.h>

#include "ops.h"
#include "tap.h"

static void report(struct ops_ctx *c, const char *what, unsigned int i)
{
	printf("# %s %u: %s\n", what, i, c->err);
	EXPECT(!"table and model disagree");
}

/* Many rules, many packets; then delete half and look again. */
static void test_static(void)
{
	struct gsrc g = { .rng = 0x5eed };
	struct ops_ctx c;
	struct cvsw_flow_mod fm;
	uint8_t acts[64];
	unsigned int i, n_rules = tap_iters(5000);
	int a, b;

	if (ops_init(&c, &g, 100000, 1024, OPS_POOL)) {
		EXPECT(!"ops_init");
		return;
	}
	for (i = 0; i < n_rules; i++) {
		gen_flow_mod(&c, &g, &fm, acts);
		fm.flags = 0;
		if (g_u32(&g) % 20 == 0)
			cvsw_mask_exact(&fm.match.mask);
		a = cvsw_table_add(c.t, &fm, c.now);
		b = model_add(&c.m, &fm, c.now);
		if (a != b) {
			printf("# add %u: %d vs %d\n", i, a, b);
			EXPECT(!"add result");
			break;
		}
	}
	printf("# %u rules, %u masks\n", c.m.n, cvsw_table_n_masks(c.t));
	EXPECT(cvsw_table_n_masks(c.t) >= 10);
	if (ops_lookups(&c, &g, (int)tap_iters(20000), true))
		report(&c, "lookup", 0);
	/* Repeat: now mostly cache hits. */
	g.rng = 0x5eed0;	/* new keys; recent ones repeat (cache) */
	if (ops_lookups(&c, &g, (int)tap_iters(20000), true))
		report(&c, "cached lookup", 0);
	if (ops_compare_all(&c))
		report(&c, "compare", 0);
	/* Delete strictly every other model rule, checking cache coherence. */
	for (i = 0; i < c.m.n && !tap_cur_fail; i++) {
		memset(&fm, 0, sizeof(fm));
		fm.match.key = c.m.r[i].key;
		fm.match.mask = c.m.r[i].mask;
		fm.priority = c.m.r[i].priority;
		fm.out_port = CVSW_PORT_NONE;
		c.n_got = 0;
		a = cvsw_table_delete(c.t, &fm, true, NULL, NULL);
		b = model_delete(&c.m, &fm, true);
		EXPECT_EQ(a, b);
		EXPECT_EQ(a, 1);
		if (i % 50 == 0 && ops_lookups(&c, &g, 200, false))
			report(&c, "lookup after delete", i);
	}
	if (ops_lookups(&c, &g, (int)tap_iters(20000), true))
		report(&c, "lookup", 1);
	if (ops_compare_all(&c))
		report(&c, "compare", 1);
	printf("# %lu lookups, %lu hits\n", c.n_lookups, c.n_hits);
	ops_free(&c);
}

/* Random operation sequences on small tables (full table reachable). */
static void run_sequences(uint64_t seed, uint32_t capacity, uint32_t cache,
			  unsigned int ops, int pool)
{
	struct gsrc g = { .rng = seed };
	struct ops_ctx c;
	unsigned int i;

	if (ops_init(&c, &g, capacity, cache, pool)) {
		EXPECT(!"ops_init");
		return;
	}
	for (i = 0; i < ops; i++) {
		if (ops_step(&c, &g)) {
			report(&c, "step", i);
			break;
		}
		if (i % 97 == 0 && ops_compare_all(&c)) {
			report(&c, "compare", i);
			break;
		}
	}
	if (!tap_cur_fail && ops_compare_all(&c))
		report(&c, "final compare", i);
	printf("# seed %llx: %u flows at end, %lu lookups\n",
	       (unsigned long long)seed, c.m.n, c.n_lookups);
	ops_free(&c);
}

static void test_sequences_small(void)
{
	unsigned int s;

	for (s = 1; s <= 8 && !tap_cur_fail; s++)
		run_sequences(0x1000 + s, 40, s % 2 ? 64 : 0, tap_iters(4000),
			      6);
}

static void test_sequences_large(void)
{
	run_sequences(0xabcdef, 600, 256, tap_iters(30000), OPS_POOL);
}

int main(void)
{
	tap_run("differential: random rules/packets vs linear scan",
		test_static);
	tap_run("differential: op sequences, small tables (full, overlap)",
		test_sequences_small);
	tap_run("differential: long op sequence, 24 masks", test_sequences_large);
	return tap_done();
}
