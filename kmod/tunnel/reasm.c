// SPDX-License-Identifier: GPL-2.0
/*
 * reasm.c - the STT/SCLP reassembly table of a datapath (see reasm.h).
 *
 * Segments are kept as they arrived, pulled to their payload, on a list
 * sorted by position; a complete frame is the first segment with the
 * others chained on its frag_list, so nothing is copied. Positions are
 * kept as "bytes to the end of the frame" (rem), which every segment
 * carries, so an SCLP segment that arrives before its first segment can be
 * placed and checked for overlap before the frame's length is known.
 *
 * Locking: one spinlock per table. Segments arrive in NAPI (softirq); the
 * expiry timer is a softirq too; flushing a port and destroying the table
 * run in process context with bottom halves off. Frames are freed and
 * counted outside the lock.
 */
#include <linux/jhash.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/timer.h>
#include "tunnel/reasm.h"
#include "tunnel/tunnel.h"

static unsigned int reasm_timeout_ms = 1000;
module_param(reasm_timeout_ms, uint, 0644);
MODULE_PARM_DESC(reasm_timeout_ms, "Time an STT/SCLP frame may take to arrive whole, ms (default 1000)");

static unsigned int reasm_max_bytes = 4 << 20;
module_param(reasm_max_bytes, uint, 0644);
MODULE_PARM_DESC(reasm_max_bytes, "Memory the STT/SCLP segments held for reassembly may take per device, bytes (default 4 MiB)");

#define CVSW_REASM_BUCKETS	64
#define CVSW_REASM_MAX_FRAMES	1024
/* How often the timer looks for expired frames while there are any. */
#define CVSW_REASM_SCAN		(HZ / 4)

/* What a held segment remembers, in its skb->cb. */
struct cvsw_reasm_cb {
	u16 rem;	/* bytes from its first payload byte to the frame end */
};

#define CVSW_REASM_CB(skb) ((struct cvsw_reasm_cb *)(skb)->cb)

struct cvsw_reasm_key {
	__be32 saddr;
	__be32 daddr;
	u32 id;
	u16 sport;
	u8 kind;
};

/**
 * struct cvsw_reasm_frame - a frame being put together
 * @node: in its bucket
 * @key: what identifies it
 * @port_no: the tunnel port its counters go to
 * @frame_len: its length, 0 until known (SCLP: the first segment tells)
 * @have: payload bytes held
 * @truesize: memory held
 * @expires: jiffies when it is given up
 * @segs: held segments by position (skb->next), the first one first
 */
struct cvsw_reasm_frame {
	struct hlist_node node;
	struct cvsw_reasm_key key;
	u16 port_no;
	u16 frame_len;
	u32 have;
	u32 truesize;
	unsigned long expires;
	struct sk_buff *segs;
};

/**
 * struct cvsw_reasm - the table
 * @dp: its datapath (ports for counting)
 * @lock: guards everything below
 * @n_frames: frames held
 * @mem: truesize of all held segments
 * @mem_peak: the most @mem has been since the table was created
 * @timer: expiry, armed while @n_frames
 * @dying: the table is being destroyed: the timer must not re-arm
 * @buckets: the hash table
 */
struct cvsw_reasm {
	struct cvsw_dp *dp;
	spinlock_t lock;
	unsigned int n_frames;
	unsigned int mem;
	unsigned int mem_peak;
	struct timer_list timer;
	bool dying;
	struct hlist_head buckets[CVSW_REASM_BUCKETS];
};

/* Which counter of a tunnel port an event goes to. */
enum cvsw_reasm_event {
	CVSW_REASM_DONE,
	CVSW_REASM_DROP,
	CVSW_REASM_TIMEOUT,
};

/* Count on @port_no of @dp, if it still exists. Softirq or BHs off. */
static void cvsw_reasm_count(struct cvsw_dp *dp, u16 port_no,
			     enum cvsw_reasm_event ev)
{
	struct cvsw_tunnel *t;
	struct cvsw_vport *vp;

	rcu_read_lock();
	vp = cvsw_vport_rcu(dp, port_no);
	t = vp ? cvsw_tunnel_from_vport(vp) : NULL;
	if (t) {
		switch (ev) {
		case CVSW_REASM_DONE:
			cvsw_tunnel_count(t, reasm_done);
			break;
		case CVSW_REASM_DROP:
			cvsw_tunnel_count(t, reasm_drops);
			break;
		case CVSW_REASM_TIMEOUT:
			cvsw_tunnel_count(t, reasm_timeouts);
			break;
		}
	}
	rcu_read_unlock();
}

static u32 cvsw_reasm_hash(const struct cvsw_reasm_key *k)
{
	return jhash_3words((__force u32)k->saddr ^ k->kind,
			    (__force u32)k->daddr, k->id ^ (u32)k->sport << 16,
			    0) % CVSW_REASM_BUCKETS;
}

/* Unlink a frame (under the lock); the caller frees it outside. */
static void cvsw_reasm_unlink(struct cvsw_reasm *r,
			      struct cvsw_reasm_frame *f)
{
	hlist_del(&f->node);
	r->n_frames--;
	r->mem -= f->truesize;
}

static void cvsw_reasm_free_frame(struct cvsw_reasm_frame *f)
{
	struct sk_buff *skb, *next;

	for (skb = f->segs; skb; skb = next) {
		next = skb->next;
		skb->next = NULL;
		kfree_skb(skb);
	}
	kfree(f);
}

static void cvsw_reasm_timer(struct timer_list *tm)
{
	struct cvsw_reasm *r = from_timer(r, tm, timer);
	struct cvsw_reasm_frame *f;
	struct hlist_node *tmp;
	HLIST_HEAD(expired);
	unsigned int i;

	spin_lock(&r->lock);
	for (i = 0; i < CVSW_REASM_BUCKETS; i++) {
		hlist_for_each_entry_safe(f, tmp, &r->buckets[i], node) {
			if (time_before(jiffies, f->expires))
				continue;
			cvsw_reasm_unlink(r, f);
			hlist_add_head(&f->node, &expired);
		}
	}
	if (r->n_frames && !r->dying)
		mod_timer(&r->timer, jiffies + CVSW_REASM_SCAN);
	spin_unlock(&r->lock);

	hlist_for_each_entry_safe(f, tmp, &expired, node) {
		cvsw_reasm_count(r->dp, f->port_no, CVSW_REASM_TIMEOUT);
		cvsw_reasm_free_frame(f);
	}
}

/**
 * cvsw_reasm_create - an empty reassembly table for a datapath
 * @dp: the datapath
 *
 * Process context.
 *
 * Return: the table, or NULL without memory.
 */
struct cvsw_reasm *cvsw_reasm_create(struct cvsw_dp *dp)
{
	struct cvsw_reasm *r = kzalloc(sizeof(*r), GFP_KERNEL);
	unsigned int i;

	if (!r)
		return NULL;
	r->dp = dp;
	spin_lock_init(&r->lock);
	timer_setup(&r->timer, cvsw_reasm_timer, 0);
	for (i = 0; i < CVSW_REASM_BUCKETS; i++)
		INIT_HLIST_HEAD(&r->buckets[i]);
	return r;
}

/* Unlink the frames of @port_no (every frame if 0) onto @out. */
static void cvsw_reasm_take(struct cvsw_reasm *r, u16 port_no,
			    struct hlist_head *out)
{
	struct cvsw_reasm_frame *f;
	struct hlist_node *tmp;
	unsigned int i;

	for (i = 0; i < CVSW_REASM_BUCKETS; i++) {
		hlist_for_each_entry_safe(f, tmp, &r->buckets[i], node) {
			if (port_no && f->port_no != port_no)
				continue;
			cvsw_reasm_unlink(r, f);
			hlist_add_head(&f->node, out);
		}
	}
}

static void cvsw_reasm_free_list(struct hlist_head *list)
{
	struct cvsw_reasm_frame *f;
	struct hlist_node *tmp;

	hlist_for_each_entry_safe(f, tmp, list, node)
		cvsw_reasm_free_frame(f);
}

/**
 * cvsw_reasm_flush_port - free the frames held for a tunnel port
 * @r: the table
 * @port_no: a port being deleted
 *
 * Process context. A segment for the port that NAPI matched just before
 * the port went away may still be added afterwards; it times out.
 */
void cvsw_reasm_flush_port(struct cvsw_reasm *r, u16 port_no)
{
	HLIST_HEAD(gone);

	spin_lock_bh(&r->lock);
	cvsw_reasm_take(r, port_no, &gone);
	spin_unlock_bh(&r->lock);
	cvsw_reasm_free_list(&gone);
}

/**
 * cvsw_reasm_destroy - free a table and everything it holds
 * @r: the table; no packet can reach it any more (device unregistered,
 *	RCU readers done)
 *
 * Process context.
 */
void cvsw_reasm_destroy(struct cvsw_reasm *r)
{
	HLIST_HEAD(gone);

	spin_lock_bh(&r->lock);
	r->dying = true;
	spin_unlock_bh(&r->lock);
	del_timer_sync(&r->timer);
	spin_lock_bh(&r->lock);
	cvsw_reasm_take(r, 0, &gone);
	spin_unlock_bh(&r->lock);
	cvsw_reasm_free_list(&gone);
	kfree(r);
}

static struct cvsw_reasm_frame *
cvsw_reasm_find(struct cvsw_reasm *r, const struct cvsw_reasm_key *k,
		struct hlist_head *head)
{
	struct cvsw_reasm_frame *f;

	hlist_for_each_entry(f, head, node)
		if (!memcmp(&f->key, k, sizeof(*k)))
			return f;
	return NULL;
}

/*
 * Place @skb (rem, len) in @f's sorted list. Return: false if it overlaps
 * a segment already there.
 */
static bool cvsw_reasm_place(struct cvsw_reasm_frame *f, struct sk_buff *skb)
{
	u16 rem = CVSW_REASM_CB(skb)->rem;
	struct sk_buff **pp = &f->segs, *s;

	/* Intervals (rem - len, rem]: later segments have smaller rem. */
	for (s = *pp; s && CVSW_REASM_CB(s)->rem > rem; s = *pp) {
		if (CVSW_REASM_CB(s)->rem - s->len < rem)
			return false;
		pp = &s->next;
	}
	if (s && (CVSW_REASM_CB(s)->rem == rem ||
		  rem - skb->len < CVSW_REASM_CB(s)->rem))
		return false;
	skb->next = s;
	*pp = skb;
	return true;
}

/* Every segment inside a frame of @len bytes? */
static bool cvsw_reasm_fits(const struct cvsw_reasm_frame *f, u16 len)
{
	const struct sk_buff *s;

	for (s = f->segs; s; s = s->next)
		if (CVSW_REASM_CB(s)->rem > len)
			return false;
	return true;
}

/* Chain the segments of a complete frame onto the first one. */
static struct sk_buff *cvsw_reasm_build(struct cvsw_reasm_frame *f)
{
	struct sk_buff *head = f->segs, *s, *next, **tail;

	f->segs = NULL;
	next = head->next;
	head->next = NULL;
	if (skb_unclone(head, GFP_ATOMIC)) {
		f->segs = head;
		head->next = next;
		return NULL;
	}
	tail = &skb_shinfo(head)->frag_list;
	while (*tail)
		tail = &(*tail)->next;
	for (s = next; s; s = next) {
		next = s->next;
		s->next = NULL;
		*tail = s;
		tail = &s->next;
		head->len += s->len;
		head->data_len += s->len;
		head->truesize += s->truesize;
	}
	memset(head->cb, 0, sizeof(head->cb));
	/* The pieces' checksum states say nothing about the whole. */
	head->ip_summed = CHECKSUM_NONE;
	skb_clear_hash(head);
	return head;
}

/**
 * cvsw_reasm_add - hold a segment; return its frame when it is complete
 * @r: the table
 * @vp: the tunnel port whose outer headers the segment matched
 * @kind: CVSW_PORT_KIND_STT or CVSW_PORT_KIND_SCLP
 * @saddr: outer source
 * @daddr: outer destination
 * @t: the segment's parsed header (cvsw_tun_parse() said SEGMENT)
 * @skb: the segment, skb->data at its payload, skb->len == t->seg_len;
 *	consumed
 *
 * NAPI context.
 *
 * Return: the whole frame (skb->data at the frame's first byte: the STT
 * frame header or the VXLAN header), or NULL: held, or dropped and counted.
 */
struct sk_buff *cvsw_reasm_add(struct cvsw_reasm *r, struct cvsw_vport *vp,
			       u8 kind, __be32 saddr, __be32 daddr,
			       const struct cvsw_tun_parsed *t,
			       struct sk_buff *skb)
{
	struct cvsw_reasm_key k = {
		.saddr = saddr, .daddr = daddr, .id = t->seg_id,
		.sport = t->sport, .kind = kind,
	};
	struct hlist_head *head = &r->buckets[cvsw_reasm_hash(&k)];
	struct cvsw_reasm_frame *f, *bad = NULL;
	struct sk_buff *done = NULL;

	/* A segment with its own frag_list cannot join another's. */
	if (unlikely(skb_has_frag_list(skb)) && skb_linearize(skb))
		goto drop;
	CVSW_REASM_CB(skb)->rem = t->seg_rem;

	spin_lock(&r->lock);
	f = cvsw_reasm_find(r, &k, head);
	if (!f) {
		if (r->n_frames >= CVSW_REASM_MAX_FRAMES ||
		    r->mem + skb->truesize > READ_ONCE(reasm_max_bytes))
			goto unlock_drop;
		f = kzalloc(sizeof(*f), GFP_ATOMIC);
		if (!f)
			goto unlock_drop;
		f->key = k;
		f->port_no = vp->port_no;
		f->expires = jiffies +
			     msecs_to_jiffies(READ_ONCE(reasm_timeout_ms));
		hlist_add_head(&f->node, head);
		r->n_frames++;
		if (!r->dying && !timer_pending(&r->timer))
			mod_timer(&r->timer, jiffies + CVSW_REASM_SCAN);
	} else if (r->mem + skb->truesize > READ_ONCE(reasm_max_bytes)) {
		goto unlock_drop;
	}

	if (t->frame_len) {
		if (f->frame_len && f->frame_len != t->frame_len)
			goto unlock_drop;
		if (!f->frame_len && !cvsw_reasm_fits(f, t->frame_len)) {
			/* Held pieces lie outside the frame: all bad. */
			cvsw_reasm_unlink(r, f);
			bad = f;
			goto unlock_drop;
		}
		f->frame_len = t->frame_len;
	}
	if (f->frame_len && t->seg_rem > f->frame_len)
		goto unlock_drop;
	if (!cvsw_reasm_place(f, skb))
		goto unlock_drop;
	f->have += skb->len;
	f->truesize += skb->truesize;
	r->mem += skb->truesize;
	if (r->mem > r->mem_peak)
		r->mem_peak = r->mem;

	if (f->frame_len && f->have == f->frame_len) {
		cvsw_reasm_unlink(r, f);
		spin_unlock(&r->lock);
		done = cvsw_reasm_build(f);
		if (done) {
			cvsw_reasm_count(r->dp, f->port_no, CVSW_REASM_DONE);
			kfree(f);
		} else {
			cvsw_reasm_count(r->dp, f->port_no, CVSW_REASM_DROP);
			cvsw_reasm_free_frame(f);
		}
		return done;
	}
	spin_unlock(&r->lock);
	return NULL;

unlock_drop:
	spin_unlock(&r->lock);
	if (bad) {
		cvsw_reasm_count(r->dp, bad->port_no, CVSW_REASM_DROP);
		cvsw_reasm_free_frame(bad);
	}
drop:
	cvsw_reasm_count(r->dp, vp->port_no, CVSW_REASM_DROP);
	kfree_skb(skb);
	return NULL;
}

/**
 * cvsw_reasm_usage - what the table holds now, for DEV_GET
 * @r: the table
 * @u: filled in: frames and bytes held, the peak, and the caps
 *
 * Takes the table's lock with bottom halves off: a consistent snapshot of
 * counters the softirq path changes. Process context.
 */
void cvsw_reasm_usage(struct cvsw_reasm *r, struct cvsw_reasm_usage *u)
{
	spin_lock_bh(&r->lock);
	u->frames = r->n_frames;
	u->bytes = r->mem;
	u->peak_bytes = r->mem_peak;
	spin_unlock_bh(&r->lock);
	u->max_frames = CVSW_REASM_MAX_FRAMES;
	u->max_bytes = READ_ONCE(reasm_max_bytes);
}
