/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Batched flow adds and packet-outs, in the order queued. Each request is
 * encoded once into a reused nl_msg and
 * copied into a large send buffer; a full buffer goes out in one sendmsg.
 * The kernel handles the whole buffer inside that syscall and queues one
 * response per message (or only errors plus the last ack in sparse mode),
 * which are then read back with recvmmsg, many per syscall. The number of
 * messages per buffer is bounded so that every response fits in the
 * socket's receive buffer: a netlink overrun would lose acks.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <netlink/genl/genl.h>

#include "internal.h"

#define SEND_BUF_MAX	(256 * 1024)
#define RESP_COST	2048	/* receive-buffer bytes one response may use (truesize of an ack with extack, rounded up) */
#define SLOTS		256
#define SLOT_SIZE	2048
#define SCRATCH_SIZE	(65536 + 4096)	/* a packet-out of the largest packet */

struct cvsw_batch {
	struct cvsw_handle *h;
	unsigned flags;
	cvsw_batch_err_cb cb;
	void *arg;
	char dev[16];
	struct nl_msg *scratch;
	unsigned char *buf;
	size_t cap, len;
	unsigned max_msgs, n_in_buf;
	size_t last_off;		/* offset of the last message in buf */
	uint32_t seq_base;		/* seq of flow index 0 */
	size_t n_added;
	bool stopped;
	int first_err;
	char first_msg[512];
	struct cvsw_batch_result res;
	struct mmsghdr mm[SLOTS];
	struct iovec iov[SLOTS];
	unsigned char *slots;
};

static int sockopt_int(int fd, int opt)
{
	int v = 0;
	socklen_t l = sizeof(v);

	getsockopt(fd, SOL_SOCKET, opt, &v, &l);
	return v;
}

struct cvsw_batch *cvsw_batch_new(struct cvsw_handle *h, const char *dev,
				  unsigned flags, cvsw_batch_err_cb cb,
				  void *arg)
{
	struct cvsw_device d;
	struct cvsw_batch *b;
	int rcv = 8 << 20, snd = 4 << 20;

	if (cvswi_check(h))
		return NULL;
	/* resolve once: validates the device before anything is queued and
	 * lets every message carry the 8-byte ifindex */
	if (cvsw_device_get(h, dev, &d))
		return NULL;
	b = calloc(1, sizeof(*b));
	if (!b || !(b->slots = malloc(SLOTS * SLOT_SIZE)) ||
	    !(b->scratch = nlmsg_alloc_size(SCRATCH_SIZE))) {
		cvsw_batch_free(b);
		cvswi_error(h, -ENOMEM, "out of memory");
		return NULL;
	}
	b->h = h;
	b->flags = flags;
	b->cb = cb;
	b->arg = arg;
	snprintf(b->dev, sizeof(b->dev), "%u", d.ifindex);

	if (setsockopt(h->fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcv, sizeof(rcv)))
		setsockopt(h->fd, SOL_SOCKET, SO_RCVBUF, &rcv, sizeof(rcv));
	if (setsockopt(h->fd, SOL_SOCKET, SO_SNDBUFFORCE, &snd, sizeof(snd)))
		setsockopt(h->fd, SOL_SOCKET, SO_SNDBUF, &snd, sizeof(snd));
	rcv = sockopt_int(h->fd, SO_RCVBUF);
	snd = sockopt_int(h->fd, SO_SNDBUF);
	b->max_msgs = rcv / RESP_COST;
	if (b->max_msgs < 1)
		b->max_msgs = 1;
	b->cap = SEND_BUF_MAX;
	if (snd > 1024 && (size_t)snd - 512 < b->cap)
		b->cap = (size_t)snd - 512;	/* sendmsg limit: sk_sndbuf - 32 */
	b->buf = malloc(b->cap);
	if (!b->buf) {
		cvsw_batch_free(b);
		cvswi_error(h, -ENOMEM, "out of memory");
		return NULL;
	}
	for (unsigned i = 0; i < SLOTS; i++) {
		b->iov[i].iov_base = b->slots + (size_t)i * SLOT_SIZE;
		b->iov[i].iov_len = SLOT_SIZE;
		b->mm[i].msg_hdr.msg_iov = &b->iov[i];
		b->mm[i].msg_hdr.msg_iovlen = 1;
	}
	b->seq_base = h->seq + 1;
	return b;
}

static void record_error(struct cvsw_batch *b, size_t idx, int err,
			 const char *msg)
{
	if (!b->res.n_failed++) {
		b->res.first_failed = idx;
		b->first_err = err;
		snprintf(b->first_msg, sizeof(b->first_msg), "%s", msg);
	}
	if (b->cb && !b->stopped && b->cb(idx, err, msg, b->arg))
		b->stopped = true;
}

/* One response; returns true when it is the one for `last_seq`. */
static bool handle_response(struct cvsw_batch *b, struct nlmsghdr *nlh,
			    uint32_t last_seq)
{
	const struct nlmsgerr *e = NLMSG_DATA(nlh);
	size_t idx = nlh->nlmsg_seq - b->seq_base;

	if (nlh->nlmsg_type != NLMSG_ERROR || idx >= b->n_added ||
	    nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*e)))
		return false;		/* stale or foreign */
	if (e->error) {
		const char *m = cvswi_extack_msg(nlh);

		record_error(b, idx, e->error, m && *m ? m : strerror(-e->error));
	}
	return nlh->nlmsg_seq == last_seq;
}

static int collect(struct cvsw_batch *b, uint32_t last_seq)
{
	struct cvsw_handle *h = b->h;

	for (;;) {
		int n = recvmmsg(h->fd, b->mm, SLOTS, MSG_WAITFORONE, NULL);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == ENOBUFS)
				return cvswi_error(h, -ENOBUFS,
						   "batch: acknowledgements lost (socket receive buffer overrun)");
			return cvswi_error(h, -errno, "batch: receive: %s",
					   strerror(errno));
		}
		b->res.n_recv++;
		for (int i = 0; i < n; i++) {
			struct nlmsghdr *nlh = b->iov[i].iov_base;
			int len = (int)b->mm[i].msg_len;
			bool done = false;

			for (; NLMSG_OK(nlh, len); nlh = NLMSG_NEXT(nlh, len)) {
				if (handle_response(b, nlh, last_seq))
					done = true;
			}
			/* a truncated slot: its header and error code are in */
			if (len > 0 && (b->mm[i].msg_hdr.msg_flags & MSG_TRUNC) &&
			    (size_t)len >= NLMSG_LENGTH(sizeof(struct nlmsgerr))) {
				nlh->nlmsg_len = (uint32_t)len;
				if (handle_response(b, nlh, last_seq))
					done = true;
			}
			/* responses come in order: nothing follows it */
			if (done)
				return 0;
		}
	}
}

static int flush_buf(struct cvsw_batch *b)
{
	struct cvsw_handle *h = b->h;
	struct nlmsghdr *last;
	ssize_t n;

	if (!b->n_in_buf)
		return 0;
	last = (struct nlmsghdr *)(b->buf + b->last_off);
	last->nlmsg_flags |= NLM_F_ACK;
	do {
		n = send(h->fd, b->buf, b->len, 0);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return cvswi_error(h, -errno, "batch: send: %s", strerror(errno));
	b->res.n_sendmsg++;
	b->res.n_sent += b->n_in_buf;
	b->len = 0;
	b->n_in_buf = 0;
	return collect(b, last->nlmsg_seq);
}

/* Rewinds the scratch message to an empty request of `cmd`. */
static int scratch_start(struct cvsw_batch *b, uint8_t cmd)
{
	struct nlmsghdr *nlh = nlmsg_hdr(b->scratch);

	if (b->stopped)
		return cvswi_error(b->h, -ECANCELED, "batch stopped by the callback");
	nlh->nlmsg_len = NLMSG_HDRLEN;
	if (!genlmsg_put(b->scratch, NL_AUTO_PORT, NL_AUTO_SEQ, b->h->family, 0,
			 NLM_F_REQUEST, cmd, CVSW_GENL_VERSION))
		return cvswi_error(b->h, -EMSGSIZE, "batch: message too large");
	return 0;
}

/* The scratch message, complete, into the send buffer (sending a full
 * buffer first). */
static int scratch_queue(struct cvsw_batch *b)
{
	struct cvsw_handle *h = b->h;
	struct nlmsghdr *nlh = nlmsg_hdr(b->scratch);
	size_t need = NLMSG_ALIGN(nlh->nlmsg_len);
	int r;

	if (b->len + need > b->cap || b->n_in_buf >= b->max_msgs) {
		r = flush_buf(b);
		if (r)
			return r;
	}
	nlh->nlmsg_seq = b->seq_base + (uint32_t)b->n_added;
	nlh->nlmsg_pid = 0;
	nlh->nlmsg_flags = NLM_F_REQUEST |
			   (b->flags & CVSW_BATCH_SPARSE_ACK ? 0 : NLM_F_ACK);
	memcpy(b->buf + b->len, nlh, nlh->nlmsg_len);
	memset(b->buf + b->len + nlh->nlmsg_len, 0, need - nlh->nlmsg_len);
	b->last_off = b->len;
	b->len += need;
	b->n_in_buf++;
	b->n_added++;
	h->seq = b->seq_base + (uint32_t)b->n_added;
	return 0;
}

int cvsw_batch_add(struct cvsw_batch *b, const struct cvsw_flow *flow)
{
	int r;

	if (!flow->has_actions)
		return cvswi_error(b->h, -EINVAL,
				   "flow #%zu: a flow to add needs actions", b->n_added);
	r = scratch_start(b, CVSW_CMD_FLOW_NEW);
	if (r)
		return r;
	r = cvswi_put_dev(b->scratch, b->dev);
	if (!r)
		r = cvswi_put_flow(b->scratch, flow,
				   cvswi_flow_what(CVSW_CMD_FLOW_NEW, false));
	if (r)
		return cvswi_error(b->h, r, "flow #%zu: cannot encode: %s",
				   b->n_added, strerror(-r));
	return scratch_queue(b);
}

int cvsw_batch_packet_out(struct cvsw_batch *b, uint16_t in_port,
			  const struct cvsw_action *actions, unsigned n_actions,
			  const void *data, size_t len)
{
	int r = scratch_start(b, CVSW_CMD_PACKET_OUT);

	if (r)
		return r;
	r = cvswi_put_packet_out(b->scratch, b->dev, in_port, actions, n_actions,
				 data, len);
	if (r)
		return cvswi_error(b->h, r, "request #%zu: cannot encode the packet-out: %s",
				   b->n_added, strerror(-r));
	return scratch_queue(b);
}

int cvsw_batch_finish(struct cvsw_batch *b, struct cvsw_batch_result *res)
{
	int r = flush_buf(b);

	b->res.n_ok = b->res.n_sent - b->res.n_failed;
	if (res)
		*res = b->res;
	if (r)
		return r;
	if (b->res.n_failed)
		return cvswi_error(b->h, b->first_err, "flow #%zu: %s",
				   b->res.first_failed, b->first_msg);
	return 0;
}

void cvsw_batch_free(struct cvsw_batch *b)
{
	if (!b)
		return;
	if (b->scratch)
		nlmsg_free(b->scratch);
	free(b->buf);
	free(b->slots);
	free(b);
}

int cvsw_flow_add_batch(struct cvsw_handle *h, const char *dev,
			const struct cvsw_flow *flows, size_t n,
			unsigned flags, cvsw_batch_err_cb cb, void *arg,
			struct cvsw_batch_result *res)
{
	struct cvsw_batch *b = cvsw_batch_new(h, dev, flags, cb, arg);
	int r = 0;

	if (!b)
		return h->err_code ? h->err_code : -ENOMEM;
	for (size_t i = 0; i < n && !r; i++)
		r = cvsw_batch_add(b, &flows[i]);
	if (r == -ECANCELED)
		r = 0;
	if (!r)
		r = cvsw_batch_finish(b, res);
	else if (res)
		cvsw_batch_finish(b, res);
	cvsw_batch_free(b);
	return r;
}
