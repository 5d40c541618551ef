/* SPDX-License-Identifier: GPL-2.0 */
/*
 * model.h - a deliberately naive model of the CVSW flow table: an array
 * of rules scanned linearly, written from the OpenFlow 1.0 rules, used as
 * the oracle of the differential tests and the classifier fuzzer.
 */
#ifndef CVSW_TEST_MODEL_H
#define CVSW_TEST_MODEL_H

#include "classifier.h"

#define MODEL_ACTS_MAX 64

struct mrule {
	struct cvsw_flow_key key;	/* masked */
	struct cvsw_flow_key mask;
	uint32_t prio;			/* effective */
	uint16_t priority, idle, hard, flags;
	uint64_t seq, cookie;
	uint8_t acts[MODEL_ACTS_MAX];
	uint32_t acts_len;
	uint64_t packets, bytes, created, used;
};

struct mremoved {
	struct mrule r;
	int reason;
};

struct model {
	struct mrule *r;
	uint32_t n, capacity;
	uint64_t next_seq;
	struct mremoved *removed;	/* of the last delete/expire */
	uint32_t n_removed;
};

void model_init(struct model *m, uint32_t capacity);
void model_free(struct model *m);
bool model_is_exact(const struct cvsw_flow_key *mask);
int model_add(struct model *m, const struct cvsw_flow_mod *fm, uint64_t now);
int model_modify(struct model *m, const struct cvsw_flow_mod *fm, bool strict,
		 uint64_t now);
int model_delete(struct model *m, const struct cvsw_flow_mod *fm,
		 bool strict);
int model_expire(struct model *m, uint64_t now);
struct mrule *model_lookup(struct model *m, const struct cvsw_flow_key *key);
/* Does table flow @f have the identity (match + priority) of rule @r? */
bool model_same_flow(const struct mrule *r, const struct cvsw_flow *f);

#endif /* CVSW_TEST_MODEL_H */
