/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rw_one.h - execute one action, given by its uapi number and payload, the
 * way the datapath does: as a validated TLV through cvsw_rw_apply() (the
 * per-action functions are private to actions.c).
 */
#ifndef CVSW_TEST_RW_ONE_H
#define CVSW_TEST_RW_ONE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actions.h"
#include "rewrite.h"

#define RW_ONE_MAX_PAYLOAD 32

/* Aborts on a payload the datapath would refuse: that is a test bug. */
static inline int rw_one(struct cvsw_pkt *p, uint16_t type,
			 const void *payload)
{
	const struct cvsw_action_desc *d = cvsw_action_desc(type);
	uint32_t tlv[(CVSW_ACTION_HDR_LEN + RW_ONE_MAX_PAYLOAD) / 4];
	struct cvsw_action *a = (struct cvsw_action *)tlv;

	if (!d || d->len > RW_ONE_MAX_PAYLOAD || (d->len && !payload)) {
		fprintf(stderr, "rw_one: no action %u\n", type);
		abort();
	}
	memset(tlv, 0, sizeof(tlv));
	a->type = type;
	a->len = cvsw_action_tlv_len(d);
	if (payload)
		memcpy(a->data, payload, d->len);
	if (cvsw_actions_validate(a, a->len)) {
		fprintf(stderr, "rw_one: invalid %s\n", d->name);
		abort();
	}
	return cvsw_rw_apply(p, a);
}

#endif /* CVSW_TEST_RW_ONE_H */
