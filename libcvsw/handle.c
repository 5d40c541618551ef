/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The handle: family resolution with libnl, then a small request/response
 * engine on the raw socket so that every ack, extack message and dump part
 * is seen and checked here (sequence numbers, NLMSG_DONE errors, overruns).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <netlink/genl/genl.h>
#include <netlink/genl/ctrl.h>

#include "internal.h"

static const char *const group_names[3] = {
	CVSW_MCGRP_PACKET_IN, CVSW_MCGRP_FLOW_REMOVED, CVSW_MCGRP_PORT_STATUS,
};

struct cvsw_handle *cvsw_handle_alloc(void)
{
	struct cvsw_handle *h = calloc(1, sizeof(*h));

	if (!h)
		return NULL;
	h->fd = -1;
	h->ev_fd = -1;
	h->family = -1;
	for (int i = 0; i < 3; i++)
		h->groups[i] = -1;
	snprintf(h->family_name, sizeof(h->family_name), "%s", CVSW_GENL_NAME);
	return h;
}

int cvsw_set_family(struct cvsw_handle *h, const char *name)
{
	if (strlen(name) >= sizeof(h->family_name) || h->sk)
		return cvswi_error(h, -EINVAL, "cannot use family name %s", name);
	strcpy(h->family_name, name);
	return 0;
}

int cvswi_error(struct cvsw_handle *h, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(h->err, sizeof(h->err), fmt, ap);
	va_end(ap);
	h->err_code = err;
	return err;
}

const char *cvsw_last_error(const struct cvsw_handle *h)
{
	return h ? h->err : "no handle";
}

/* libnl's own error codes, as the errno the API promises. */
static int nlerr_to_errno(int e)
{
	switch (e < 0 ? -e : e) {
	case NLE_NOMEM: return -ENOMEM;
	case NLE_PERM: return -EPERM;
	case NLE_OBJ_NOTFOUND: return -ENOENT;
	case NLE_AGAIN: return -EAGAIN;
	case NLE_BAD_SOCK: return -EBADF;
	default: return -EIO;
	}
}

static void set_bufs(int fd, int rcv, int snd)
{
	/* FORCE variants need CAP_NET_ADMIN; fall back to the capped ones */
	if (rcv && setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcv, sizeof(rcv)))
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcv, sizeof(rcv));
	if (snd && setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &snd, sizeof(snd)))
		setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &snd, sizeof(snd));
}

static void set_ext_ack(int fd)
{
	int one = 1;

	/* errors then carry the kernel's message; CAP_ACK keeps them short */
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
}

int cvsw_open(struct cvsw_handle *h)
{
	int r;

	if (h->sk)
		return 0;
	h->sk = nl_socket_alloc();
	if (!h->sk)
		return cvswi_error(h, -ENOMEM, "out of memory");
	r = genl_connect(h->sk);
	if (r < 0) {
		r = nlerr_to_errno(r);
		cvswi_error(h, r, "cannot open a generic netlink socket: %s",
			    strerror(-r));
		goto fail;
	}
	r = genl_ctrl_resolve(h->sk, h->family_name);
	if (r < 0) {
		if (strcmp(h->family_name, CVSW_GENL_NAME))
			cvswi_error(h, -ENOENT,
				    "%s generic netlink family not found: is cvsw_net loaded?",
				    h->family_name);
		else
			cvswi_error(h, -ENOENT,
				    "cvsw generic netlink family not found: is cvsw_net loaded?");
		r = -ENOENT;
		goto fail;
	}
	h->family = r;
	for (int i = 0; i < 3; i++) {
		r = genl_ctrl_resolve_grp(h->sk, h->family_name, group_names[i]);
		h->groups[i] = r < 0 ? -1 : r;
	}
	h->fd = nl_socket_get_fd(h->sk);
	set_ext_ack(h->fd);
	set_bufs(h->fd, 1 << 20, 1 << 20);
	h->err[0] = '\0';
	return 0;
fail:
	nl_socket_free(h->sk);
	h->sk = NULL;
	h->fd = -1;
	return r;
}

void cvsw_close(struct cvsw_handle *h)
{
	if (!h)
		return;
	if (h->sk)
		nl_socket_free(h->sk);
	if (h->ev_sk)
		nl_socket_free(h->ev_sk);
	free(h->rx.p);
	free(h->ev_rx.p);
	free(h);
}

void cvswi_attach_fd(struct cvsw_handle *h, int fd, int family)
{
	h->fd = fd;
	h->family = family;
}

int cvswi_check(struct cvsw_handle *h)
{
	if (h->fd < 0 || h->family < 0)
		return cvswi_error(h, -ENOTCONN,
				   "not connected to the cvsw family (cvsw_open)");
	return 0;
}

ssize_t cvswi_recv(int fd, int flags, struct rxbuf *rb)
{
	for (;;) {
		ssize_t n = recv(fd, NULL, 0, MSG_PEEK | MSG_TRUNC | flags);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if ((size_t)n > rb->size || !rb->p) {
			size_t sz = (size_t)n < 65536 ? 65536 : (size_t)n;
			unsigned char *p = realloc(rb->p, sz);

			if (!p)
				return -ENOMEM;
			rb->p = p;
			rb->size = sz;
		}
		n = recv(fd, rb->p, rb->size, flags);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		return n;
	}
}

const char *cvswi_extack_msg(const struct nlmsghdr *nlh)
{
	const unsigned char *base = (const unsigned char *)nlh;
	size_t off, end = nlh->nlmsg_len;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return NULL;
	if (nlh->nlmsg_type == NLMSG_ERROR) {
		const struct nlmsgerr *e = NLMSG_DATA(nlh);

		if (end < NLMSG_HDRLEN + sizeof(*e))
			return NULL;
		off = NLMSG_HDRLEN + sizeof(*e);
		/* without CAP_ACK the request's payload is echoed first */
		if (!(nlh->nlmsg_flags & NLM_F_CAPPED) &&
		    e->msg.nlmsg_len > NLMSG_HDRLEN)
			off += NLMSG_ALIGN(e->msg.nlmsg_len - NLMSG_HDRLEN);
	} else {
		off = NLMSG_HDRLEN + sizeof(int);	/* NLMSG_DONE */
	}
	while (off + sizeof(struct nlattr) <= end) {
		const struct nlattr *a = (const void *)(base + off);

		if (a->nla_len < sizeof(*a) || off + a->nla_len > end)
			break;
		if ((a->nla_type & NLA_TYPE_MASK) == NLMSGERR_ATTR_MSG &&
		    a->nla_len > sizeof(*a)) {
			const char *s = (const char *)(a + 1);
			size_t n = a->nla_len - sizeof(*a);

			if (memchr(s, '\0', n))
				return s;
			return NULL;
		}
		off += NLA_ALIGN(a->nla_len);
	}
	return NULL;
}

/* Error text of a kernel rejection: its extack message verbatim. */
static int kernel_error(struct cvsw_handle *h, const struct nlmsghdr *nlh,
			int err)
{
	const char *msg = cvswi_extack_msg(nlh);

	if (msg && *msg)
		return cvswi_error(h, err, "%s", msg);
	return cvswi_error(h, err, "%s", strerror(-err));
}

static int send_all(struct cvsw_handle *h, const void *buf, size_t len)
{
	for (;;) {
		ssize_t n = send(h->fd, buf, len, 0);

		if (n >= 0)
			return 0;
		if (errno != EINTR)
			return cvswi_error(h, -errno, "netlink send: %s",
					   strerror(errno));
	}
}

int cvswi_transact(struct cvsw_handle *h, struct nl_msg *msg,
		   cvswi_msg_cb cb, void *arg)
{
	struct nlmsghdr *req = nlmsg_hdr(msg);
	bool dump = (req->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP;
	uint32_t seq = ++h->seq;
	int ret = 0, r;

	req->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	req->nlmsg_seq = seq;
	req->nlmsg_pid = 0;
	r = send_all(h, req, req->nlmsg_len);
	nlmsg_free(msg);
	if (r)
		return r;

	for (;;) {
		ssize_t n = cvswi_recv(h->fd, 0, &h->rx);
		struct nlmsghdr *nlh;
		int len;

		if (n < 0) {
			if (n == -ENOBUFS)
				return cvswi_error(h, -ENOBUFS,
						   "netlink receive buffer overrun: replies were lost");
			return cvswi_error(h, (int)n, "netlink receive: %s",
					   strerror((int)-n));
		}
		len = (int)n;
		for (nlh = (struct nlmsghdr *)h->rx.p; NLMSG_OK(nlh, len);
		     nlh = NLMSG_NEXT(nlh, len)) {
			if (nlh->nlmsg_seq != seq)
				continue;	/* late reply of an earlier request */
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = NLMSG_DATA(nlh);

				if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*e)))
					return cvswi_error(h, -EPROTO, "truncated netlink error");
				if (e->error)
					return kernel_error(h, nlh, e->error);
				if (!dump)
					return ret;
				continue;
			}
			if (nlh->nlmsg_type == NLMSG_DONE) {
				int e = 0;

				if (nlh->nlmsg_len >= NLMSG_LENGTH(sizeof(int)))
					memcpy(&e, NLMSG_DATA(nlh), sizeof(e));
				if (e < 0)
					return kernel_error(h, nlh, e);
				return ret;
			}
			if (nlh->nlmsg_type < NLMSG_MIN_TYPE)
				continue;	/* NOOP, OVERRUN */
			if (ret || !cb)
				continue;	/* drain after a stop */
			ret = cb(nlh, arg);
		}
	}
}

int cvswi_dev_msg(struct cvsw_handle *h, uint8_t cmd, int flags,
		  const char *dev, struct nl_msg **out)
{
	struct nl_msg *msg;
	int r = cvswi_check(h);

	if (r)
		return r;
	msg = cvswi_msg_new(h->family, cmd, flags);
	if (!msg)
		return cvswi_error(h, -ENOMEM, "out of memory");
	if (dev && (r = cvswi_put_dev(msg, dev))) {
		nlmsg_free(msg);
		return cvswi_error(h, r, "invalid device name \"%s\"", dev);
	}
	*out = msg;
	return 0;
}
