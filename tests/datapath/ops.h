/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ops.h - random flow table operations applied both to the real table and
 * to the linear model, with every result compared.  Shared by the
 * differential test (random numbers) and the classifier fuzzer (the
 * choices come from the fuzzer's input bytes).
 */
#ifndef CVSW_TEST_OPS_H
#define CVSW_TEST_OPS_H

#include <stdio.h>

#include "classifier.h"
#include "model.h"

struct gsrc {
	const uint8_t *data;	/* if set, choices come from these bytes */
	size_t len, pos;
	uint64_t rng;
};

#define OPS_POOL 24

struct ops_ctx {
	struct cvsw_table *t;
	struct model m;
	uint64_t now;
	struct cvsw_flow_key pool[OPS_POOL];
	int n_pool;
	struct mremoved *got;		/* removals reported by the table */
	uint32_t n_got;
	char err[256];
	unsigned long n_lookups, n_hits;
	struct cvsw_flow_key hot[64];	/* recently looked-up keys */
	unsigned int n_hot;
};

uint32_t g_u32(struct gsrc *g);
int ops_init(struct ops_ctx *c, struct gsrc *g, uint32_t capacity,
	     uint32_t cache, int n_pool);
void ops_free(struct ops_ctx *c);
void gen_key(struct gsrc *g, struct cvsw_flow_key *k);
int gen_actions(struct gsrc *g, uint8_t *buf);
void gen_flow_mod(struct ops_ctx *c, struct gsrc *g, struct cvsw_flow_mod *fm,
		  uint8_t *acts_buf);
/* One random operation; 0 if table and model agree, -1 (c->err) if not. */
int ops_step(struct ops_ctx *c, struct gsrc *g);
/* Lookups of random keys (cached and uncached) compared with the model. */
int ops_lookups(struct ops_ctx *c, struct gsrc *g, int n, bool account);
/* Full comparison of the table's contents (via a resumable dump). */
int ops_compare_all(struct ops_ctx *c);

#endif /* CVSW_TEST_OPS_H */
