/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CVSW datapath: userspace stand-ins for the kernel facilities the core
 * uses.  Only included through dp_compat.h when __KERNEL__ is not defined.
 *
 * Default model, a single-threaded program: RCU readers are no-ops, grace
 * periods end immediately (call_rcu runs its callback at once), there is
 * one CPU, and a mutex is a flag that catches misuse.
 *
 * With CVSW_UCOMPAT_THREADS (the RCU stress test): readers are threads that
 * announce quiescent states with cvsw_uc_quiescent() between lookups (QSBR);
 * synchronize_rcu() and call_rcu() wait for every online reader to pass one;
 * a mutex is a pthread mutex; each thread is its own "CPU" (cvsw_uc_cpu).
 * The harness defines the globals with CVSW_UCOMPAT_THREADS_DEFINE.
 */
#ifndef CVSW_UCOMPAT_H
#define CVSW_UCOMPAT_H

#include <assert.h>
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <linux/types.h>	/* __be16 & co, as the uapi header uses them */

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int32_t s32;
typedef int64_t s64;

#define U16_MAX ((u16)~0U)
#define U32_MAX ((u32)~0U)
#define U64_MAX ((u64)~0ULL)

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define cpu_to_be16(x) ((__be16)__builtin_bswap16((u16)(x)))
#define cpu_to_be32(x) ((__be32)__builtin_bswap32((u32)(x)))
#define cpu_to_be64(x) ((__be64)__builtin_bswap64((u64)(x)))
#else
#define cpu_to_be16(x) ((__be16)(x))
#define cpu_to_be32(x) ((__be32)(x))
#define cpu_to_be64(x) ((__be64)(x))
#endif
#define be16_to_cpu(x) ((u16)cpu_to_be16(x))
#define be32_to_cpu(x) ((u32)cpu_to_be32(x))
#define be64_to_cpu(x) ((u64)cpu_to_be64(x))
#define htons(x) cpu_to_be16(x)
#define ntohs(x) be16_to_cpu(x)
#define htonl(x) cpu_to_be32(x)
#define ntohl(x) be32_to_cpu(x)

#define ETH_ALEN 6
#define BITS_PER_LONG (8 * (int)sizeof(long))
#define ETH_HLEN 14

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define __aligned(x) __attribute__((aligned(x)))
#ifndef __always_inline
#define __always_inline inline __attribute__((always_inline))
#endif
#define __must_check __attribute__((warn_unused_result))
#define __rcu
#define __percpu
#define fallthrough __attribute__((fallthrough))

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define container_of(ptr, type, member) \
	((type *)(void *)((char *)(ptr) - offsetof(type, member)))
#define min(a, b) ((a) < (b) ? (a) : (b))
#define max(a, b) ((a) > (b) ? (a) : (b))
#define min_t(t, a, b) ((t)(a) < (t)(b) ? (t)(a) : (t)(b))
#define max_t(t, a, b) ((t)(a) > (t)(b) ? (t)(a) : (t)(b))
#define WARN_ON(c) ({ bool __c = !!(c); assert(!__c); __c; })
#define WARN_ON_ONCE(c) WARN_ON(c)

/* Memory ordering: single-threaded, but keep the accesses volatile. */
#define READ_ONCE(x) (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))
#define smp_store_release(p, v) __atomic_store_n((p), (v), __ATOMIC_RELEASE)
#define smp_load_acquire(p) __atomic_load_n((p), __ATOMIC_ACQUIRE)

/* RCU: readers are free, a grace period is immediate. */
struct rcu_head {
	struct rcu_head *next;
	void (*func)(struct rcu_head *head);
};

#define rcu_read_lock() do { } while (0)
#define rcu_read_unlock() do { } while (0)
#define rcu_dereference(p) READ_ONCE(p)
#define rcu_dereference_protected(p, c) ((void)(c), (p))
#define rcu_dereference_raw(p) READ_ONCE(p)
#define rcu_access_pointer(p) READ_ONCE(p)
#define rcu_assign_pointer(p, v) smp_store_release(&(p), (v))
#define RCU_INIT_POINTER(p, v) ((p) = (v))
#ifdef CVSW_UCOMPAT_THREADS
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>

#define CVSW_UC_MAX_CPUS 8
#define CVSW_UC_OFFLINE (~0UL)

extern atomic_ulong cvsw_uc_gp;
extern atomic_ulong cvsw_uc_seen[CVSW_UC_MAX_CPUS];
extern _Thread_local unsigned int cvsw_uc_cpu;
extern struct rcu_head *cvsw_uc_cbs;	/* pending callbacks (writer only) */
extern unsigned int cvsw_uc_ncbs;

#define CVSW_UCOMPAT_THREADS_DEFINE \
	atomic_ulong cvsw_uc_gp = 1; \
	atomic_ulong cvsw_uc_seen[CVSW_UC_MAX_CPUS]; \
	_Thread_local unsigned int cvsw_uc_cpu; \
	struct rcu_head *cvsw_uc_cbs; \
	unsigned int cvsw_uc_ncbs

/* Reader @cpu holds no RCU-protected pointer right now. */
static inline void cvsw_uc_quiescent(void)
{
	atomic_store(&cvsw_uc_seen[cvsw_uc_cpu], atomic_load(&cvsw_uc_gp));
}

static inline void cvsw_uc_offline(void)
{
	atomic_store(&cvsw_uc_seen[cvsw_uc_cpu], CVSW_UC_OFFLINE);
}

static inline void synchronize_rcu(void)
{
	unsigned long target = atomic_fetch_add(&cvsw_uc_gp, 1) + 1;
	unsigned int i;

	for (i = 0; i < CVSW_UC_MAX_CPUS; i++)
		while (atomic_load(&cvsw_uc_seen[i]) < target)
			sched_yield();
}

/* Wait for a grace period, then run every callback queued before it. */
static inline void rcu_barrier(void)
{
	struct rcu_head *h = cvsw_uc_cbs, *next;

	cvsw_uc_cbs = NULL;
	cvsw_uc_ncbs = 0;
	synchronize_rcu();
	for (; h; h = next) {
		next = h->next;
		h->func(h);
	}
}

/* Callbacks are queued (by the writer) and run in batches. */
static inline void call_rcu(struct rcu_head *head,
			    void (*func)(struct rcu_head *head))
{
	head->func = func;
	head->next = cvsw_uc_cbs;
	cvsw_uc_cbs = head;
	if (++cvsw_uc_ncbs >= 256)
		rcu_barrier();
}

static inline unsigned long get_state_synchronize_rcu(void)
{
	return 0;
}

static inline void cond_synchronize_rcu(unsigned long oldstate)
{
	(void)oldstate;
	synchronize_rcu();
}
#else
static inline void call_rcu(struct rcu_head *head,
			    void (*func)(struct rcu_head *head))
{
	func(head);
}

static inline unsigned long get_state_synchronize_rcu(void)
{
	return 0;
}

static inline void cond_synchronize_rcu(unsigned long oldstate)
{
	(void)oldstate;
}

static inline void synchronize_rcu(void)
{
}

static inline void rcu_barrier(void)
{
}
#endif

/* Tests want reproducible runs: a fixed "random" hash seed. */
static inline u32 get_random_u32(void)
{
	return 0x2545f491u;
}

/* Mutex, with a flag so that lockdep_assert_held() can check. */
#ifdef CVSW_UCOMPAT_THREADS
struct mutex {
	pthread_mutex_t m;
	int held;
};

#define mutex_init(x) do { pthread_mutex_init(&(x)->m, NULL); \
			   (x)->held = 0; } while (0)
#define mutex_destroy(x) pthread_mutex_destroy(&(x)->m)
#define mutex_lock(x) do { pthread_mutex_lock(&(x)->m); \
			   (x)->held = 1; } while (0)
#define mutex_unlock(x) do { (x)->held = 0; \
			     pthread_mutex_unlock(&(x)->m); } while (0)
#else
struct mutex {
	int held;
};

#define mutex_init(m) ((m)->held = 0)
#define mutex_destroy(m) assert(!(m)->held)
#define mutex_lock(m) do { assert(!(m)->held); (m)->held = 1; } while (0)
#define mutex_unlock(m) do { assert((m)->held); (m)->held = 0; } while (0)
#endif
#define lockdep_assert_held(m) assert((m)->held)
#define lockdep_is_held(m) ((m)->held)

/* Allocation. */
typedef unsigned int gfp_t;
#define GFP_KERNEL 0u
#define GFP_ATOMIC 1u
#define __GFP_NOWARN 0u
static inline void *kmalloc(size_t n, gfp_t gfp)
{
	(void)gfp;
	return malloc(n ? n : 1);
}

static inline void *kzalloc(size_t n, gfp_t gfp)
{
	(void)gfp;
	return calloc(1, n ? n : 1);
}

static inline void *kcalloc(size_t n, size_t size, gfp_t gfp)
{
	(void)gfp;
	return calloc(n ? n : 1, size ? size : 1);
}

static inline void kfree(const void *p)
{
	free((void *)p);
}

#define kvmalloc(n, gfp) kmalloc(n, gfp)
#define kvzalloc(n, gfp) kzalloc(n, gfp)
#define kvcalloc(n, s, gfp) kcalloc(n, s, gfp)
#define kvfree(p) kfree(p)

static inline size_t struct_size_helper(size_t base, size_t elem, size_t n)
{
	if (elem && n > (SIZE_MAX - base) / elem)
		return SIZE_MAX;
	return base + elem * n;
}

#define struct_size(p, member, n) \
	struct_size_helper(sizeof(*(p)), sizeof(*(p)->member), (n))

/* Per-CPU data: one CPU. */
#ifdef CVSW_UCOMPAT_THREADS
#define nr_cpu_ids ((unsigned int)CVSW_UC_MAX_CPUS)
#define smp_processor_id() cvsw_uc_cpu
#define for_each_possible_cpu(cpu) \
	for ((cpu) = 0; (cpu) < CVSW_UC_MAX_CPUS; (cpu)++)
#define alloc_percpu(type) \
	((type *)kcalloc(CVSW_UC_MAX_CPUS, sizeof(type), GFP_KERNEL))
#define this_cpu_ptr(p) ((p) + cvsw_uc_cpu)
#define per_cpu_ptr(p, cpu) ((p) + (cpu))
#else
#define nr_cpu_ids 1u
#define smp_processor_id() 0u
#define for_each_possible_cpu(cpu) for ((cpu) = 0; (cpu) < 1; (cpu)++)
#define alloc_percpu(type) ((type *)kzalloc(sizeof(type), GFP_KERNEL))
#define this_cpu_ptr(p) (p)
#define per_cpu_ptr(p, cpu) ((void)(cpu), (p))
#endif
#define free_percpu(p) kfree(p)

/* Doubly linked lists (the subset the datapath uses). */
struct list_head {
	struct list_head *next, *prev;
};

#define LIST_HEAD_INIT(name) { &(name), &(name) }
static inline void INIT_LIST_HEAD(struct list_head *h)
{
	h->next = h;
	h->prev = h;
}

static inline void list_add_tail(struct list_head *n, struct list_head *h)
{
	n->prev = h->prev;
	n->next = h;
	h->prev->next = n;
	h->prev = n;
}

static inline void list_del(struct list_head *e)
{
	e->prev->next = e->next;
	e->next->prev = e->prev;
	e->next = NULL;
	e->prev = NULL;
}

static inline int list_empty(const struct list_head *h)
{
	return h->next == h;
}

#define list_entry(ptr, type, member) container_of(ptr, type, member)
#define list_for_each_entry(pos, head, member) \
	for (pos = list_entry((head)->next, __typeof__(*pos), member); \
	     &pos->member != (head); \
	     pos = list_entry(pos->member.next, __typeof__(*pos), member))
#define list_for_each_entry_safe(pos, n, head, member) \
	for (pos = list_entry((head)->next, __typeof__(*pos), member), \
	     n = list_entry(pos->member.next, __typeof__(*pos), member); \
	     &pos->member != (head); \
	     pos = n, n = list_entry(n->member.next, __typeof__(*n), member))

/* Hash lists, with the RCU variants of the kernel's rculist.h. */
struct hlist_head {
	struct hlist_node *first;
};

struct hlist_node {
	struct hlist_node *next, **pprev;
};

#define INIT_HLIST_HEAD(h) ((h)->first = NULL)
static inline int hlist_unhashed(const struct hlist_node *n)
{
	return !n->pprev;
}

static inline void hlist_add_head_rcu(struct hlist_node *n,
				      struct hlist_head *h)
{
	struct hlist_node *first = h->first;

	n->next = first;
	n->pprev = &h->first;
	if (first)
		first->pprev = &n->next;
	rcu_assign_pointer(h->first, n);
}

static inline void hlist_del_rcu(struct hlist_node *n)
{
	struct hlist_node *next = n->next;

	*n->pprev = next;
	if (next)
		next->pprev = n->pprev;
	n->pprev = NULL;
}

#define hlist_first_rcu(head) (*((struct hlist_node __rcu **)(&(head)->first)))
#define prefetch(x) __builtin_prefetch(x)

#define hlist_entry_safe(ptr, type, member) \
	({ __typeof__(ptr) ____ptr = (ptr); \
	   ____ptr ? container_of(____ptr, type, member) : NULL; })
#define hlist_for_each_entry_rcu(pos, head, member, ...) \
	for (pos = hlist_entry_safe(rcu_dereference((head)->first), \
				    __typeof__(*(pos)), member); \
	     pos; \
	     pos = hlist_entry_safe(rcu_dereference((pos)->member.next), \
				    __typeof__(*(pos)), member))
#define hlist_for_each_entry(pos, head, member) \
	for (pos = hlist_entry_safe((head)->first, __typeof__(*(pos)), member); \
	     pos; \
	     pos = hlist_entry_safe((pos)->member.next, __typeof__(*(pos)), member))
#define hlist_for_each_entry_safe(pos, n, head, member) \
	for (pos = hlist_entry_safe((head)->first, __typeof__(*pos), member); \
	     pos && ({ n = pos->member.next; 1; }); \
	     pos = hlist_entry_safe(n, __typeof__(*pos), member))

#endif /* CVSW_UCOMPAT_H */
