// SPDX-License-Identifier: GPL-2.0
/*
 * test_rcu_stress.c - lockless readers against a writer.
 *
 * Built with CVSW_UCOMPAT_THREADS: the compat layer then has real grace
 * periods (QSBR: readers announce quiescent states between lookups) and
 * per-thread "CPUs".  Reader threads look packets up (single, cached and
 * batched), dereference every flow they get (match, actions, counters)
 * and check that it matches; the writer adds, modifies, deletes and expires
 * flows meanwhile, so hash tables grow, shrink and are rebuilt, subtables
 * come and go and the priority vector is republished.  If anything were
 * freed before its grace period, AddressSanitizer reports the reader's
 * use after free; a flow that does not match its packet is an error too.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>

#include "classifier.h"
#include "pktgen.h"
#include "tap.h"

CVSW_UCOMPAT_THREADS_DEFINE;

#define N_READERS	3
#define N_KEYS		4096
#define N_MASKS		12

static struct cvsw_table *table;
static struct cvsw_flow_key keys[N_KEYS];
static struct cvsw_flow_key masks[N_MASKS];
static atomic_int stop;
static atomic_ulong errors, lookups, hits;

static void make_key(uint64_t *rng, struct cvsw_flow_key *k)
{
	uint32_t r = pg_rand(rng);

	memset(k, 0, sizeof(*k));
	k->in_port = 1 + r % 2;
	k->dl_src[5] = (r >> 1) % 4;
	k->dl_dst[5] = (r >> 3) % 4;
	k->dl_type = htons((r >> 5) % 2 ? 0x0800 : 0x86dd);
	k->dl_vlan = CVSW_VLAN_NONE;
	k->nw_proto = (r >> 6) % 2 ? 6 : 17;
	k->nw_src = htonl(0x0a000000 | ((r >> 7) % 64));
	k->nw_dst = htonl(0x0a000000 | ((r >> 13) % 64));
	k->tp_src = htons(1000 + (r >> 19) % 4);
	k->tp_dst = htons(80 + (r >> 21) % 4);
	k->ipv6_src[0] = (r >> 23) % 2;
}

static bool flow_matches(const struct cvsw_flow *f,
			 const struct cvsw_flow_key *k)
{
	const struct cvsw_action *a;
	const struct cvsw_actions *acts;
	struct cvsw_match m;
	struct cvsw_flow_stats st;
	unsigned int i;

	cvsw_flow_get_match(f, &m);
	for (i = 0; i < CVSW_KEY_WORDS; i++)
		if ((k->w[i] & m.mask.w[i]) != m.key.w[i])
			return false;
	acts = cvsw_flow_actions(f);
	cvsw_actions_for_each(a, acts)
		if (a->type != CVSW_ACTION_A_OUTPUT || a->len != 8)
			return false;
	cvsw_flow_get_stats(f, &st);
	return st.bytes >= st.packets;
}

static void *reader(void *arg)
{
	uint64_t rng = 0x1000 + (uintptr_t)arg;
	struct cvsw_flow_key batch_keys[8];
	struct cvsw_flow *out[8];
	unsigned long n = 0, h = 0, err = 0;
	int i;

	cvsw_uc_cpu = (unsigned int)(uintptr_t)arg;
	cvsw_uc_quiescent();
	while (!atomic_load(&stop)) {
		const struct cvsw_flow_key *k = &keys[pg_rand(&rng) % N_KEYS];
		struct cvsw_flow *f;

		rcu_read_lock();
		switch (n % 3) {
		case 0:
			f = cvsw_table_lookup(table, k);
			break;
		case 1:
			f = cvsw_table_lookup_nocache(table, k);
			break;
		default:
			for (i = 0; i < 8; i++)
				batch_keys[i] = keys[pg_rand(&rng) % N_KEYS];
			cvsw_table_lookup_batch(table, batch_keys, 8, out);
			for (i = 0; i < 8; i++)
				if (out[i] && !flow_matches(out[i],
							    &batch_keys[i]))
					err++;
			f = NULL;
			break;
		}
		if (f) {
			if (!flow_matches(f, k))
				err++;
			cvsw_flow_used(f, 64, 0);
			h++;
		}
		rcu_read_unlock();
		cvsw_uc_quiescent();
		n++;
	}
	cvsw_uc_offline();
	atomic_fetch_add(&errors, err);
	atomic_fetch_add(&lookups, n);
	atomic_fetch_add(&hits, h);
	return NULL;
}

static void writer_op(uint64_t *rng, uint64_t *now, unsigned long *n_ops)
{
	uint8_t acts[16] = { 0 };
	uint16_t type = CVSW_ACTION_A_OUTPUT, len = 8, port;
	struct cvsw_flow_mod fm;
	uint32_t r = pg_rand(rng), op;
	int ret = 0;

	memset(&fm, 0, sizeof(fm));
	fm.match.key = keys[pg_rand(rng) % N_KEYS];
	fm.match.mask = masks[pg_rand(rng) % N_MASKS];
	fm.priority = (uint16_t)(pg_rand(rng) % 8);
	fm.out_port = CVSW_PORT_NONE;
	fm.hard_timeout = r % 5 == 0 ? 1 + r % 3 : 0;
	fm.idle_timeout = r % 7 == 0 ? 1 : 0;
	port = (uint16_t)(1 + (r >> 4) % 3);
	memcpy(acts, &type, 2);
	memcpy(acts + 2, &len, 2);
	memcpy(acts + 4, &port, 2);
	fm.actions = acts;
	fm.actions_len = 8;
	op = (r >> 8) % 40;
	if (op < 24) {
		ret = cvsw_table_add(table, &fm, *now);
	} else if (op < 30) {
		ret = cvsw_table_modify(table, &fm, (r >> 13) & 1, *now);
	} else if (op < 36) {
		ret = cvsw_table_delete(table, &fm, true, NULL, NULL);
	} else if (op < 37) {
		cvsw_mask_from_wildcards(&fm.match.mask,
					 CVSW_FW_ALL & ~CVSW_FW_IN_PORT);
		ret = cvsw_table_delete(table, &fm, false, NULL, NULL);
	} else {
		*now += 250;
		ret = cvsw_table_expire(table, *now, NULL, NULL);
	}
	if (ret < 0 && ret != -ENOSPC)
		atomic_fetch_add(&errors, 1);
	(*n_ops)++;
}

static double elapsed(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) + (t.tv_nsec - t0->tv_nsec) / 1e9;
}

static void test_stress(void)
{
	static const uint32_t wc[N_MASKS] = {
		0, CVSW_FW_TP_SRC, CVSW_FW_TP_DST, CVSW_FW_DL_SRC,
		CVSW_FW_ALL & ~CVSW_FW_TP_DST,
		CVSW_FW_ALL & ~(CVSW_FW_NW_DST_MASK | CVSW_FW_NW_PROTO),
		CVSW_FW_IN_PORT | (8u << CVSW_FW_NW_SRC_SHIFT),
		CVSW_FW_DL_DST | CVSW_FW_DL_SRC,
		CVSW_FW_ALL, CVSW_FW_ALL & ~CVSW_FW_IN_PORT,
		CVSW_FW_ALL & ~CVSW_FW_DL_TYPE, CVSW_FW_NW_TOS,
	};
	double seconds = tap_iters(3000) / 1000.0;
	pthread_t th[N_READERS];
	unsigned long n_ops = 0;
	uint64_t rng = 77, now = 0;
	struct timespec t0;
	unsigned int i;

	for (i = 0; i < CVSW_UC_MAX_CPUS; i++)
		atomic_store(&cvsw_uc_seen[i], CVSW_UC_OFFLINE);
	cvsw_uc_cpu = 0;	/* the writer, never a reader */
	for (i = 0; i < N_KEYS; i++)
		make_key(&rng, &keys[i]);
	for (i = 0; i < N_MASKS; i++)
		cvsw_mask_from_wildcards(&masks[i], wc[i] | CVSW_FW_TUN_ID);
	masks[N_MASKS - 1].ipv6_src[0] = 0xff;	/* a mask using IPv6 words */
	table = cvsw_table_create(3000, 64);
	EXPECT(table != NULL);
	if (!table)
		return;
	for (i = 0; i < N_READERS; i++) {
		/* Readers are online before they start reading. */
		atomic_store(&cvsw_uc_seen[i + 1], atomic_load(&cvsw_uc_gp));
		pthread_create(&th[i], NULL, reader, (void *)(uintptr_t)(i + 1));
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	/*
	 * A count, not a deadline, ends the run: at least 300 operations
	 * however slow the machine (valgrind), and at least the time asked for.
	 */
	while (n_ops < 300 || elapsed(&t0) < seconds)
		writer_op(&rng, &now, &n_ops);
	atomic_store(&stop, 1);
	for (i = 0; i < N_READERS; i++)
		pthread_join(th[i], NULL);
	rcu_barrier();
	printf("# %.1fs: %lu writer ops, %lu lookups (%lu hits), %u flows left\n",
	       seconds, n_ops, atomic_load(&lookups), atomic_load(&hits),
	       cvsw_table_count(table));
	EXPECT_EQ(atomic_load(&errors), 0);
	EXPECT(atomic_load(&lookups) > 100);
	EXPECT(atomic_load(&hits) > 0);
	cvsw_table_destroy(table);
}

int main(void)
{
	tap_run("rcu: lockless readers vs. writer (grow, shrink, rebuild, expire)",
		test_stress);
	return tap_done();
}
