// SPDX-License-Identifier: GPL-2.0
/*
 * test_classifier.c - unit tests of the OpenFlow 1.0 table semantics.
 */
#include <string.h>

#include "classifier.h"
#include "cls_internal.h"	/* n_timed */
#include "tap.h"

static uint8_t out1[8], out2[8], out3[8];
static struct cvsw_flow_key pkt_key;

static void mk_output(uint8_t *b, uint16_t port)
{
	uint16_t type = CVSW_ACTION_A_OUTPUT, len = 8;

	memset(b, 0, 8);
	memcpy(b, &type, 2);
	memcpy(b + 2, &len, 2);
	memcpy(b + 4, &port, 2);
}

static void setup(void)
{
	mk_output(out1, 1);
	mk_output(out2, 2);
	mk_output(out3, 3);
	memset(&pkt_key, 0, sizeof(pkt_key));
	pkt_key.in_port = 1;
	pkt_key.dl_src[5] = 1;
	pkt_key.dl_dst[5] = 2;
	pkt_key.dl_type = htons(0x0800);
	pkt_key.dl_vlan = CVSW_VLAN_NONE;
	pkt_key.nw_proto = 6;
	pkt_key.nw_src = htonl(0x0a000001);
	pkt_key.nw_dst = htonl(0x0a000102);
	pkt_key.tp_src = htons(1234);
	pkt_key.tp_dst = htons(80);
}

/* A flow mod matching pkt_key with the given OF1.0 wildcards. */
static void mk_fm(struct cvsw_flow_mod *fm, uint32_t wc, uint16_t prio,
		  const uint8_t *acts)
{
	memset(fm, 0, sizeof(*fm));
	fm->match.key = pkt_key;
	cvsw_mask_from_wildcards(&fm->match.mask, wc | CVSW_FW_TUN_ID);
	fm->priority = prio;
	fm->out_port = CVSW_PORT_NONE;
	fm->actions = acts;
	fm->actions_len = acts ? 8 : 0;
}

static uint16_t out_port_of(const struct cvsw_flow *f)
{
	const struct cvsw_actions *a;
	uint16_t port;

	if (!f)
		return 0;
	a = cvsw_flow_actions(f);
	if (a->len < 8)
		return 0xfffe;
	memcpy(&port, a->data + 4, 2);
	return port;
}

static uint16_t lookup_port(struct cvsw_table *t)
{
	struct cvsw_flow *f = cvsw_table_lookup(t, &pkt_key);

	EXPECT(f == cvsw_table_lookup_nocache(t, &pkt_key));
	return out_port_of(f);
}

static void test_priorities(void)
{
	struct cvsw_table *t = cvsw_table_create(100, 64);
	struct cvsw_flow_mod fm;

	EXPECT_EQ(lookup_port(t), 0);
	mk_fm(&fm, CVSW_FW_ALL, 10, out1);		/* match all */
	EXPECT_EQ(cvsw_table_add(t, &fm, 0), 0);
	EXPECT_EQ(lookup_port(t), 1);
	mk_fm(&fm, CVSW_FW_ALL & ~CVSW_FW_TP_DST, 20, out2);
	EXPECT_EQ(cvsw_table_add(t, &fm, 0), 0);
	EXPECT_EQ(lookup_port(t), 2);
	/* Lower priority, more specific: loses. */
	mk_fm(&fm, CVSW_FW_TP_SRC | CVSW_FW_TUN_ID, 5, out3);
	EXPECT_EQ(cvsw_table_add(t, &fm, 0), 0);
	EXPECT_EQ(lookup_port(t), 2);
	/* Exact match with priority 0 beats everything. */
	mk_fm(&fm, 0, 0, out3);
	EXPECT_EQ(cvsw_table_add(t, &fm, 0), 0);
	EXPECT_EQ(lookup_port(t), 3);
	mk_fm(&fm, CVSW_FW_IN_PORT, 65535, out1);
	EXPECT_EQ(cvsw_table_add(t, &fm, 0), 0);
	EXPECT_EQ(lookup_port(t), 3);
	/* An exact entry with another priority is the same entry. */
	EXPECT_EQ(cvsw_table_count(t), 5);
	mk_fm(&fm, 0, 777, out2);
	EXPECT_EQ(cvsw_table_add(t, &fm, 0), 0);
	EXPECT_EQ(cvsw_table_count(t), 5);
	EXPECT_EQ(lookup_port(t), 2);
	/* Remove the exact one (strict, any priority). */
	mk_fm(&fm, 0, 1, NULL);
	EXPECT_EQ(cvsw_table_delete(t, &fm, true, NULL, NULL), 1);
	EXPECT_EQ(lookup_port(t), 1);
	/* A packet that only the catch-all matches. */
	pkt_key.tp_dst = htons(81);
	pkt_key.in_port = 2;
	EXPECT_EQ(lookup_port(t), 1);
	setup();
	cvsw_table_destroy(t);
}

static void test_equal_priority(void)
{
	struct cvsw_table *t = cvsw_table_create(100, 64);
	struct cvsw_flow_mod fm;

	/* Two overlapping flows of equal priority in different masks: the
	 * older one wins, until it goes.
	 */
	mk_fm(&fm, CVSW_FW_ALL & ~CVSW_FW_TP_DST, 50, out1);
	EXPECT_EQ(cvsw_table_add(t, &fm, 0), 0);
	mk_fm(&fm, CVSW_FW_ALL & ~CVSW_FW_TP_SRC, 50, out2);
	EXPECT_EQ(cvsw_table_add(t, &fm, 0), 0);
	EXPECT_EQ(lookup_port(t), 1);
	mk_fm(&fm, CVSW_FW_ALL & ~CVSW_FW_TP_DST, 50, NULL);
	EXPECT_EQ(cvsw_table_delete(t, &fm, true, NULL, NULL), 1);
	EXPECT_EQ(lookup_port(t), 2);
	/* Same key and mask, different priorities: both live. */
	mk_fm(&fm, CVSW_FW_ALL & ~CVSW_FW_TP_SRC, 60, out3);
	EXPECT_EQ(cvsw_table_add(t, &fm, 0), 0);
	EXPECT_EQ(cvsw_table_count(t), 2);
	EXPECT_EQ(cvsw_table_n_masks(t), 1);
	EXPECT_EQ(lookup_port(t), 3);
	cvsw_table_destroy(t);
}

static void test_overlap(void)
{
	struct cvsw_table *t = cvsw_table_create(100, 0);
	struct cvsw_flow_mod fm;

	mk_fm(&fm, CVSW_FW_ALL & ~CVSW_FW_TP_DST, 10, out1);
	fm.flags = CVSW_FLOW_F_CHECK_OVERLAP;
	EXPECT_EQ(cvsw_table_add(t, &fm, 0), 0);
	/* Overlaps (tp_src wildcarded vs. tp_dst wildcarded). */
	mk_fm(&fm, CVSW_FW_ALL & ~CVSW_FW_TP_SRC, 10, out2);
	fm.flags = CVSW_FLOW_F_CHECK_OVERLAP;
	EXPECT_EQ(cvsw_table_add(t, &fm, 0), -EEXIST);
	/* Identical also overlaps. */
	mk_fm(&fm, CVSW_FW_ALL & ~CVSW_FW_TP_DST, 10, out2);
	fm.flags = CVSW_FLOW_F_CHECK_OVERLAP;
	EXPECT_EQ(cvsw_table_add(t, &fm, 0), -EEXIST);
	/* Other priority: fine. */
	fm.priority = 11;
	EXPECT_EQ(cvsw_table_add(t, &fm, 0), 0);
	/* Disjoint (other tp_dst) at the same priority: fine. */
	mk_fm(&fm, CVSW_FW_ALL & ~CVSW_FW_TP_DST, 10, out2);
	fm.match.key.tp_dst = htons(443);
	fm.flags = CVSW_FLOW_F_CHECK_OVERLAP;
	EXPECT_EQ(cvsw_table_add(t, &fm, 0), 0);
	/* Without the flag, overlap is allowed. */
	mk_fm(&fm, CVSW_FW_ALL & ~CVSW_FW_TP_SRC, 10, out2);
	EXPECT_EQ(cvsw_table_add(t, &fm, 0), 0);
	EXPECT_EQ(cvsw_table_count(t), 4);
	cvsw_table_destroy(t);
}

static void test_replace_and_counters(void)
{
	struct cvsw_table *t = cvsw_table_create(100, 64);
	struct cvsw_flow_stats st;
	struct cvsw_flow_mod fm;
	struct cvsw_flow *f;

	mk_fm(&fm, CVSW_FW_TP_SRC, 10, out1);
	fm.cookie = 0x1111;
	EXPECT_EQ(cvsw_table_add(t, &fm, 0), 0);
	f = cvsw_table_lookup(t, &pkt_key);
	EXPECT(f != NULL);
	if (!f)
		goto out;
	cvsw_flow_used(f, 100, 5);
	cvsw_flow_used(f, 50, 6);
	cvsw_flow_get_stats(f, &st);
	EXPECT_EQ(st.packets, 2);
	EXPECT_EQ(st.bytes, 150);
	EXPECT_EQ(f->used, 6);
	EXPECT_EQ(f->cookie, 0x1111);
	/* Modify keeps counters, changes actions and cookie. */
	fm.actions = out2;
	fm.cookie = 0x2222;
	EXPECT_EQ(cvsw_table_modify(t, &fm, true, 7), 1);
	f = cvsw_table_lookup(t, &pkt_key);
	cvsw_flow_get_stats(f, &st);
	EXPECT_EQ(st.packets, 2);
	EXPECT_EQ(out_port_of(f), 2);
	EXPECT_EQ(f->cookie, 0x2222);
	/* U64_MAX keeps the cookie; a second modify frees the first box. */
	fm.cookie = UINT64_MAX;
	fm.actions = out3;
	EXPECT_EQ(cvsw_table_modify(t, &fm, false, 7), 1);
	EXPECT_EQ(f->cookie, 0x2222);
	EXPECT_EQ(out_port_of(cvsw_table_lookup(t, &pkt_key)), 3);
	/* Add of an identical flow replaces it, counters reset. */
	fm.cookie = 0x3333;
	EXPECT_EQ(cvsw_table_add(t, &fm, 8), 0);
	EXPECT_EQ(cvsw_table_count(t), 1);
	f = cvsw_table_lookup(t, &pkt_key);
	cvsw_flow_get_stats(f, &st);
	EXPECT_EQ(st.packets, 0);
	EXPECT_EQ(f->cookie, 0x3333);
	EXPECT_EQ(f->created, 8);
out:
	cvsw_table_destroy(t);
}

static void test_modify(void)
{
	struct cvsw_table *t = cvsw_table_create(100, 64);
	struct cvsw_flow_mod fm;
	int i;

	/* Three flows more specific than "tp_dst=80", one not. */
	for (i = 0; i < 3; i++) {
		mk_fm(&fm, CVSW_FW_IN_PORT | CVSW_FW_DL_SRC, (uint16_t)(i + 1),
		      out1);
		fm.match.key.tp_src = htons((uint16_t)(1000 + i));
		EXPECT_EQ(cvsw_table_add(t, &fm, 0), 0);
	}
	mk_fm(&fm, CVSW_FW_ALL & ~CVSW_FW_TP_SRC, 9, out1);
	EXPECT_EQ(cvsw_table_add(t, &fm, 0), 0);
	/* Non-strict modify of everything with tp_dst=80, any priority. */
	mk_fm(&fm, CVSW_FW_ALL & ~CVSW_FW_TP_DST, 0, out2);
	EXPECT_EQ(cvsw_table_modify(t, &fm, false, 0), 3);
	/* Strict with the wrong priority selects nothing: adds. */
	mk_fm(&fm, CVSW_FW_IN_PORT | CVSW_FW_DL_SRC, 99, out3);
	fm.match.key.tp_src = htons(1000);
	EXPECT_EQ(cvsw_table_modify(t, &fm, true, 0), 0);
	EXPECT_EQ(cvsw_table_count(t), 5);
	fm.priority = 1;
	EXPECT_EQ(cvsw_table_modify(t, &fm, true, 0), 1);
	/* Invalid actions are refused before anything. */
	fm.actions_len = 6;
	EXPECT_EQ(cvsw_table_modify(t, &fm, true, 0), -EINVAL);
	EXPECT_EQ(cvsw_table_add(t, &fm, 0), -EINVAL);
	cvsw_table_destroy(t);
}

struct removed_log {
	int n, reasons[8];
	uint64_t cookies[8];
};

static void log_removed(const struct cvsw_flow *f,
			enum cvsw_flow_removed_reason reason, void *arg)
{
	struct removed_log *l = arg;

	if (l->n < 8) {
		l->reasons[l->n] = reason;
		l->cookies[l->n] = f->cookie;
	}
	l->n++;
}

static void test_delete_out_port(void)
{
	struct cvsw_table *t = cvsw_table_create(100, 64);
	struct removed_log log = { 0 };
	struct cvsw_flow_mod fm;

	mk_fm(&fm, CVSW_FW_TP_SRC, 1, out1);
	fm.cookie = 1;
	EXPECT_EQ(cvsw_table_add(t, &fm, 0), 0);
	mk_fm(&fm, CVSW_FW_TP_DST, 2, out2);
	fm.cookie = 2;
	EXPECT_EQ(cvsw_table_add(t, &fm, 0), 0);
	mk_fm(&fm, CVSW_FW_NW_PROTO, 3, NULL);	/* drop: no output */
	fm.cookie = 3;
	EXPECT_EQ(cvsw_table_add(t, &fm, 0), 0);
	/* Delete all with out_port 2. */
	mk_fm(&fm, CVSW_FW_ALL, 0, NULL);
	fm.out_port = 2;
	EXPECT_EQ(cvsw_table_delete(t, &fm, false, log_removed, &log), 1);
	EXPECT_EQ(log.n, 1);
	EXPECT_EQ(log.cookies[0], 2);
	EXPECT_EQ(log.reasons[0], CVSW_FRR_DELETE);
	fm.out_port = 4;
	EXPECT_EQ(cvsw_table_delete(t, &fm, false, NULL, NULL), 0);
	/* Strict with out_port: must match both. */
	mk_fm(&fm, CVSW_FW_TP_SRC, 1, NULL);
	fm.out_port = 2;
	EXPECT_EQ(cvsw_table_delete(t, &fm, true, NULL, NULL), 0);
	fm.out_port = 1;
	EXPECT_EQ(cvsw_table_delete(t, &fm, true, NULL, NULL), 1);
	/* Delete everything. */
	mk_fm(&fm, CVSW_FW_ALL, 0, NULL);
	EXPECT_EQ(cvsw_table_delete(t, &fm, false, NULL, NULL), 1);
	EXPECT_EQ(cvsw_table_count(t), 0);
	EXPECT_EQ(cvsw_table_n_masks(t), 0);
	EXPECT_EQ(lookup_port(t), 0);
	cvsw_table_destroy(t);
}

static void test_table_full(void)
{
	struct cvsw_table *t = cvsw_table_create(3, 16);
	struct cvsw_flow_mod fm;
	int i;

	for (i = 0; i < 3; i++) {
		mk_fm(&fm, CVSW_FW_TP_SRC, (uint16_t)i, out1);
		EXPECT_EQ(cvsw_table_add(t, &fm, 0), 0);
	}
	mk_fm(&fm, CVSW_FW_TP_SRC, 3, out1);
	EXPECT_EQ(cvsw_table_add(t, &fm, 0), -ENOSPC);
	EXPECT_EQ(cvsw_table_modify(t, &fm, true, 0), -ENOSPC);
	/* Replacing an existing flow needs no room. */
	mk_fm(&fm, CVSW_FW_TP_SRC, 2, out2);
	EXPECT_EQ(cvsw_table_add(t, &fm, 0), 0);
	EXPECT_EQ(cvsw_table_count(t), 3);
	EXPECT_EQ(lookup_port(t), 2);
	cvsw_table_destroy(t);
}

static void test_timeouts(void)
{
	struct cvsw_table *t = cvsw_table_create(10, 16);
	struct removed_log log = { 0 };
	struct cvsw_flow_mod fm;
	struct cvsw_flow *f;

	mk_fm(&fm, CVSW_FW_TP_SRC, 1, out1);
	fm.hard_timeout = 10;
	fm.cookie = 1;
	EXPECT_EQ(cvsw_table_add(t, &fm, 1000), 0);
	mk_fm(&fm, CVSW_FW_TP_DST, 2, out2);
	fm.idle_timeout = 3;
	fm.cookie = 2;
	EXPECT_EQ(cvsw_table_add(t, &fm, 1000), 0);
	EXPECT_EQ(cvsw_table_expire(t, 3999, log_removed, &log), 0);
	/* Traffic keeps the idle flow alive. */
	f = cvsw_table_lookup(t, &pkt_key);
	EXPECT_EQ(out_port_of(f), 2);
	if (f)
		cvsw_flow_used(f, 64, 3500);
	EXPECT_EQ(cvsw_table_expire(t, 6499, log_removed, &log), 0);
	EXPECT_EQ(cvsw_table_expire(t, 6500, log_removed, &log), 1);
	EXPECT_EQ(log.reasons[0], CVSW_FRR_IDLE_TIMEOUT);
	EXPECT_EQ(log.cookies[0], 2);
	EXPECT_EQ(lookup_port(t), 1);
	EXPECT_EQ(cvsw_table_expire(t, 10999, log_removed, &log), 0);
	EXPECT_EQ(cvsw_table_expire(t, 11000, log_removed, &log), 1);
	EXPECT_EQ(log.reasons[1], CVSW_FRR_HARD_TIMEOUT);
	EXPECT_EQ(lookup_port(t), 0);
	EXPECT_EQ(cvsw_table_count(t), 0);
	cvsw_table_destroy(t);
}

/* Flow i of test_timed_count: its nw_src, and which timeouts it has. */
enum { T_NONE, T_IDLE, T_HARD, T_BOTH };

static void mk_timed(struct cvsw_flow_mod *fm, int i, int kind,
		     const uint8_t *acts)
{
	mk_fm(fm, CVSW_FW_TP_SRC, 7, acts);
	fm->match.key.nw_src = htonl(0x0b000000 | (uint32_t)i);
	fm->idle_timeout = kind == T_IDLE || kind == T_BOTH ? 1 : 0;
	fm->hard_timeout = kind == T_HARD || kind == T_BOTH ? 2 : 0;
}

static uint16_t port_of_nw_src(struct cvsw_table *t, int i)
{
	uint16_t port;

	pkt_key.nw_src = htonl(0x0b000000 | (uint32_t)i);
	port = lookup_port(t);
	setup();
	return port;
}

/*
 * The table counts its flows with a timeout, so that expiry of a table
 * without any returns at once; mixed with permanent flows, timed flows
 * still expire on time and the permanent ones stay.
 */
static void test_timed_count(void)
{
	struct cvsw_table *t = cvsw_table_create(1000, 16);
	struct cvsw_flow_mod fm;
	int i;

	/* 0..199 permanent, 200..219 idle, 220..239 hard, 240..249 both. */
	for (i = 0; i < 200; i++) {
		mk_timed(&fm, i, T_NONE, out1);
		EXPECT_EQ(cvsw_table_add(t, &fm, 1000), 0);
	}
	EXPECT_EQ(t->n_timed, 0);
	EXPECT_EQ(cvsw_table_expire(t, 1ULL << 40, NULL, NULL), 0);
	EXPECT_EQ(cvsw_table_count(t), 200);
	for (i = 200; i < 250; i++) {
		mk_timed(&fm, i, i < 220 ? T_IDLE : i < 240 ? T_HARD : T_BOTH,
			 out2);
		EXPECT_EQ(cvsw_table_add(t, &fm, 1000), 0);
	}
	EXPECT_EQ(t->n_timed, 50);
	/* Replacing: a timed flow by a permanent one and back. */
	mk_timed(&fm, 200, T_NONE, out1);
	EXPECT_EQ(cvsw_table_add(t, &fm, 1000), 0);
	EXPECT_EQ(t->n_timed, 49);
	mk_timed(&fm, 200, T_IDLE, out2);
	EXPECT_EQ(cvsw_table_add(t, &fm, 1000), 0);
	EXPECT_EQ(t->n_timed, 50);
	mk_timed(&fm, 0, T_HARD, out2);		/* permanent -> timed */
	EXPECT_EQ(cvsw_table_add(t, &fm, 1000), 0);
	EXPECT_EQ(t->n_timed, 51);
	/* Modify keeps timeouts (a modify that adds counts). */
	mk_fm(&fm, CVSW_FW_ALL, 0, out3);
	EXPECT_EQ(cvsw_table_modify(t, &fm, false, 1000), 250);
	EXPECT_EQ(t->n_timed, 51);
	mk_timed(&fm, 250, T_IDLE, out2);
	EXPECT_EQ(cvsw_table_modify(t, &fm, true, 1000), 0);
	EXPECT_EQ(t->n_timed, 52);
	/* Deletes: a timed flow, a permanent one. */
	mk_timed(&fm, 250, T_NONE, NULL);
	EXPECT_EQ(cvsw_table_delete(t, &fm, true, NULL, NULL), 1);
	mk_timed(&fm, 1, T_NONE, NULL);
	EXPECT_EQ(cvsw_table_delete(t, &fm, true, NULL, NULL), 1);
	EXPECT_EQ(t->n_timed, 51);
	EXPECT_EQ(cvsw_table_count(t), 249);

	/* Idle 1 s: 200..219 and 240..249 go at 2000 ms. */
	EXPECT_EQ(cvsw_table_expire(t, 1999, NULL, NULL), 0);
	EXPECT_EQ(cvsw_table_expire(t, 2000, NULL, NULL), 30);
	EXPECT_EQ(t->n_timed, 21);
	EXPECT_EQ(port_of_nw_src(t, 210), 0);
	EXPECT_EQ(port_of_nw_src(t, 245), 0);
	EXPECT_EQ(port_of_nw_src(t, 230), 3);
	/* Hard 2 s: 0 and 220..239 go at 3000 ms; the permanent ones stay. */
	EXPECT_EQ(cvsw_table_expire(t, 2999, NULL, NULL), 0);
	EXPECT_EQ(cvsw_table_expire(t, 3000, NULL, NULL), 21);
	EXPECT_EQ(t->n_timed, 0);
	EXPECT_EQ(cvsw_table_count(t), 198);
	EXPECT_EQ(port_of_nw_src(t, 0), 0);
	EXPECT_EQ(port_of_nw_src(t, 230), 0);
	EXPECT_EQ(port_of_nw_src(t, 2), 3);
	EXPECT_EQ(port_of_nw_src(t, 199), 3);
	EXPECT_EQ(cvsw_table_expire(t, 1ULL << 40, NULL, NULL), 0);
	EXPECT_EQ(cvsw_table_count(t), 198);
	cvsw_table_destroy(t);
}

static int count_cb(const struct cvsw_flow *f, void *arg)
{
	uint32_t *seen = arg;
	uint16_t port;

	memcpy(&port, cvsw_flow_actions(f)->data + 4, 2);
	if (seen[1000]++ % 4 == 3)
		return 1;
	seen[port]++;
	return 0;
}

static void test_dump_and_growth(void)
{
	struct cvsw_table *t = cvsw_table_create(20000, 64);
	static uint32_t seen[1001];
	struct cvsw_dump_pos pos = { 0 };
	struct cvsw_flow_mod fm;
	uint8_t acts[8];
	int i, calls = 0;

	/* 10000 flows in one mask (the hash table grows many times), plus a
	 * few in others.
	 */
	for (i = 0; i < 10000; i++) {
		mk_output(acts, (uint16_t)(i % 1000));
		mk_fm(&fm, i < 9990 ? CVSW_FW_TP_SRC : CVSW_FW_TP_DST,
		      (uint16_t)(i / 1000), acts);
		fm.match.key.nw_src = htonl((uint32_t)i);
		EXPECT_EQ(cvsw_table_add(t, &fm, 0), 0);
	}
	EXPECT_EQ(cvsw_table_count(t), 10000);
	EXPECT_EQ(cvsw_table_n_masks(t), 2);
	for (i = 0; i < 9990; i++) {
		pkt_key.nw_src = htonl((uint32_t)i);
		EXPECT_EQ(lookup_port(t), i % 1000);
	}
	setup();
	while (cvsw_table_dump(t, &pos, count_cb, seen))
		calls++;
	EXPECT(calls > 1000);
	for (i = 0; i < 1000; i++)
		EXPECT_EQ(seen[i], 10);
	mk_fm(&fm, CVSW_FW_ALL, 0, NULL);
	EXPECT_EQ(cvsw_table_delete(t, &fm, false, NULL, NULL), 10000);
	EXPECT_EQ(cvsw_table_n_masks(t), 0);
	printf("# sizeof(struct cvsw_flow) = %zu, key = %zu\n",
	       sizeof(struct cvsw_flow), sizeof(struct cvsw_flow_key));
	cvsw_table_destroy(t);
}

/* The exact-match cache never serves an answer older than the table. */
static void test_cache_coherence(void)
{
	struct cvsw_table *t = cvsw_table_create(100, 4);
	struct cvsw_flow_mod fm;

	EXPECT_EQ(out_port_of(cvsw_table_lookup(t, &pkt_key)), 0);
	mk_fm(&fm, CVSW_FW_ALL, 1, out1);
	EXPECT_EQ(cvsw_table_add(t, &fm, 0), 0);
	EXPECT_EQ(out_port_of(cvsw_table_lookup(t, &pkt_key)), 1);
	EXPECT_EQ(out_port_of(cvsw_table_lookup(t, &pkt_key)), 1);
	mk_fm(&fm, CVSW_FW_TP_SRC, 2, out2);
	EXPECT_EQ(cvsw_table_add(t, &fm, 0), 0);
	EXPECT_EQ(out_port_of(cvsw_table_lookup(t, &pkt_key)), 2);
	EXPECT_EQ(cvsw_table_delete(t, &fm, true, NULL, NULL), 1);
	EXPECT_EQ(out_port_of(cvsw_table_lookup(t, &pkt_key)), 1);
	EXPECT_EQ(cvsw_table_expire(t, 0, NULL, NULL), 0);
	mk_fm(&fm, CVSW_FW_ALL, 1, NULL);
	fm.hard_timeout = 1;
	EXPECT_EQ(cvsw_table_add(t, &fm, 0), 0);
	EXPECT_EQ(out_port_of(cvsw_table_lookup(t, &pkt_key)), 0xfffe);
	EXPECT_EQ(cvsw_table_expire(t, 1000, NULL, NULL), 1);
	EXPECT_EQ(out_port_of(cvsw_table_lookup(t, &pkt_key)), 0);
	cvsw_table_destroy(t);
}

static int got_port(const struct cvsw_flow *f, void *arg)
{
	*(uint16_t *)arg = out_port_of(f);
	return 0;
}

static int refuse(const struct cvsw_flow *f, void *arg)
{
	(void)f;
	(void)arg;
	return -7;
}

/* Strict get: exactly the flow with this match and priority, or none. */
static void test_get_strict(void)
{
	struct cvsw_table *t = cvsw_table_create(100, 64);
	struct cvsw_flow_mod fm;
	uint16_t port = 0;

	mk_fm(&fm, CVSW_FW_TP_SRC, 10, out1);
	EXPECT_EQ(cvsw_table_add(t, &fm, 0), 0);
	mk_fm(&fm, CVSW_FW_TP_SRC, 20, out2);
	EXPECT_EQ(cvsw_table_add(t, &fm, 0), 0);
	mk_fm(&fm, CVSW_FW_TP_SRC | CVSW_FW_TP_DST, 10, out3);
	EXPECT_EQ(cvsw_table_add(t, &fm, 0), 0);
	mk_fm(&fm, 0, 5, out3);		/* exact: priority does not matter */
	EXPECT_EQ(cvsw_table_add(t, &fm, 0), 0);

	mk_fm(&fm, CVSW_FW_TP_SRC, 20, NULL);
	EXPECT_EQ(cvsw_table_get_strict(t, &fm.match, 20, got_port, &port), 1);
	EXPECT_EQ(port, 2);
	EXPECT_EQ(cvsw_table_get_strict(t, &fm.match, 10, got_port, &port), 1);
	EXPECT_EQ(port, 1);
	EXPECT_EQ(cvsw_table_get_strict(t, &fm.match, 30, got_port, &port), 0);
	mk_fm(&fm, CVSW_FW_TP_SRC | CVSW_FW_TP_DST, 10, NULL);
	port = 0;
	EXPECT_EQ(cvsw_table_get_strict(t, &fm.match, 10, got_port, &port), 1);
	EXPECT_EQ(port, 3);
	mk_fm(&fm, CVSW_FW_TP_DST, 10, NULL);	/* no flow has this mask */
	EXPECT_EQ(cvsw_table_get_strict(t, &fm.match, 10, got_port, &port), 0);
	mk_fm(&fm, 0, 0, NULL);
	EXPECT_EQ(cvsw_table_get_strict(t, &fm.match, 999, got_port, &port), 1);
	EXPECT_EQ(cvsw_table_get_strict(t, &fm.match, 1, refuse, NULL), -7);
	cvsw_table_destroy(t);
}

int main(void)
{
	setup();
	tap_run("classifier: priorities, exact match above wildcards",
		test_priorities);
	tap_run("classifier: equal priorities (older wins)",
		test_equal_priority);
	tap_run("classifier: CHECK_OVERLAP", test_overlap);
	tap_run("classifier: replace, counters, cookies",
		test_replace_and_counters);
	tap_run("classifier: modify / modify_strict / modify adds", test_modify);
	tap_run("classifier: delete / delete_strict with out_port",
		test_delete_out_port);
	tap_run("classifier: table full", test_table_full);
	tap_run("classifier: strict get by hashed lookup", test_get_strict);
	tap_run("classifier: idle and hard timeouts", test_timeouts);
	tap_run("classifier: count of timed flows, expiry of a mixed table",
		test_timed_count);
	tap_run("classifier: resumable dump, hash table growth",
		test_dump_and_growth);
	tap_run("classifier: exact-match cache coherence",
		test_cache_coherence);
	return tap_done();
}
