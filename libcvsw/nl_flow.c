/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Flow table requests: FLOW_NEW/SET/DEL/GET/FLUSH and streaming dumps. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <netlink/genl/genl.h>

#include "internal.h"

unsigned cvswi_flow_what(uint8_t cmd, bool strict)
{
	switch (cmd) {
	case CVSW_CMD_FLOW_NEW:
		return PUT_PRIORITY | PUT_OPTIONS | PUT_ACTIONS;
	case CVSW_CMD_FLOW_SET:
		/* a modify that matches nothing adds (OF1.0), so it carries
		 * everything an add does */
		return PUT_PRIORITY | PUT_OPTIONS | PUT_ACTIONS |
		       (strict ? PUT_STRICT : 0);
	case CVSW_CMD_FLOW_DEL:
		/* priority only means something to a strict delete */
		return PUT_OUT_PORT | (strict ? PUT_STRICT | PUT_PRIORITY : 0);
	case CVSW_CMD_FLOW_GET:
		return strict ? PUT_PRIORITY : PUT_OUT_PORT;
	}
	return 0;
}

int cvswi_flow_msg(int family, uint8_t cmd, const char *dev,
		   const struct cvsw_flow *f, bool strict, struct nl_msg **out)
{
	bool dump = cmd == CVSW_CMD_FLOW_GET && !strict;
	struct nl_msg *msg = cvswi_msg_new(family, cmd, dump ? NLM_F_DUMP : 0);
	int r;

	if (!msg)
		return -ENOMEM;
	r = cvswi_put_dev(msg, dev);
	/* a dump without a filter sends no CVSW_A_FLOW at all */
	if (!r && (f || cmd == CVSW_CMD_FLOW_DEL))
		r = cvswi_put_flow(msg, f, cvswi_flow_what(cmd, strict));
	if (r) {
		nlmsg_free(msg);
		return r;
	}
	*out = msg;
	return 0;
}

static int flow_request(struct cvsw_handle *h, uint8_t cmd, const char *dev,
			const struct cvsw_flow *f, bool strict,
			cvswi_msg_cb cb, void *arg)
{
	struct nl_msg *msg;
	int r = cvswi_check(h);

	if (r)
		return r;
	if (f && (cmd == CVSW_CMD_FLOW_NEW || cmd == CVSW_CMD_FLOW_SET) &&
	    !f->has_actions)
		return cvswi_error(h, -EINVAL,
				   "a flow to add or modify needs actions (actions=drop to drop)");
	r = cvswi_flow_msg(h->family, cmd, dev, f, strict, &msg);
	if (r == -EINVAL)
		return cvswi_error(h, r, "invalid device name \"%s\"",
				   dev ? dev : "");
	if (r)
		return cvswi_error(h, r, "cannot build the request: %s",
				   strerror(-r));
	return cvswi_transact(h, msg, cb, arg);
}

int cvsw_flow_add(struct cvsw_handle *h, const char *dev,
		  const struct cvsw_flow *flow)
{
	return flow_request(h, CVSW_CMD_FLOW_NEW, dev, flow, false, NULL, NULL);
}

int cvsw_flow_mod(struct cvsw_handle *h, const char *dev,
		  const struct cvsw_flow *flow, bool strict)
{
	return flow_request(h, CVSW_CMD_FLOW_SET, dev, flow, strict, NULL, NULL);
}

int cvsw_flow_del(struct cvsw_handle *h, const char *dev,
		  const struct cvsw_flow *flow, bool strict)
{
	return flow_request(h, CVSW_CMD_FLOW_DEL, dev, flow, strict, NULL, NULL);
}

int cvsw_flow_flush(struct cvsw_handle *h, const char *dev)
{
	struct nl_msg *msg;
	int r = cvswi_dev_msg(h, CVSW_CMD_FLOW_FLUSH, 0, dev, &msg);

	if (r)
		return r;
	return cvswi_transact(h, msg, NULL, NULL);
}

struct flow_walk {
	struct cvsw_handle *h;
	cvsw_flow_cb cb;
	void *arg;
	struct cvsw_flow *one;
	struct cvsw_flow tmp;	/* one flow at a time: dumps stream */
	bool got;
};

static int flow_msg_cb(struct nlmsghdr *nlh, void *arg)
{
	struct flow_walk *w = arg;
	struct nlattr *tb[CVSW_A_MAX + 1];
	struct cvsw_flow *f = w->one ? w->one : &w->tmp;
	int r;

	if (cvswi_parse_top(nlh, tb) || !tb[CVSW_A_FLOW])
		return cvswi_error(w->h, -EPROTO,
				   "malformed flow message from the kernel");
	r = cvswi_parse_flow(tb[CVSW_A_FLOW], f);
	if (r == -E2BIG)
		return cvswi_error(w->h, r,
				   "a flow has more than %d actions", CVSW_MAX_ACTIONS);
	if (r)
		return cvswi_error(w->h, r,
				   "malformed flow attributes from the kernel");
	w->got = true;
	return w->one ? 0 : w->cb(f, w->arg);
}

int cvsw_flow_get(struct cvsw_handle *h, const char *dev,
		  const struct cvsw_flow *match, struct cvsw_flow *out)
{
	struct flow_walk w = { .h = h, .one = out };
	int r = flow_request(h, CVSW_CMD_FLOW_GET, dev, match, true,
			     flow_msg_cb, &w);

	if (!r && !w.got)
		return cvswi_error(h, -ENOENT, "no such flow");
	return r;
}

int cvsw_flow_dump(struct cvsw_handle *h, const char *dev,
		   const struct cvsw_flow *filter, cvsw_flow_cb cb, void *arg)
{
	/* on the heap: a struct cvsw_flow is large for small thread stacks */
	struct flow_walk *w = calloc(1, sizeof(*w));
	int r;

	if (!w)
		return cvswi_error(h, -ENOMEM, "out of memory");
	w->h = h;
	w->cb = cb;
	w->arg = arg;
	r = flow_request(h, CVSW_CMD_FLOW_GET, dev, filter, false,
			 flow_msg_cb, w);
	free(w);
	return r;
}
