/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Devices: CVSW_CMD_DEV_GET (doit and dumpit) and CVSW_CMD_DEV_SET. */
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <netlink/genl/genl.h>

#include "internal.h"

struct dev_walk {
	struct cvsw_handle *h;
	cvsw_device_cb cb;
	void *arg;
	struct cvsw_device *one;
};

static int dev_msg_cb(struct nlmsghdr *nlh, void *arg)
{
	struct dev_walk *w = arg;
	struct nlattr *tb[CVSW_A_MAX + 1];
	struct cvsw_device d;

	if (cvswi_parse_top(nlh, tb) || cvswi_parse_device(tb, &d))
		return cvswi_error(w->h, -EPROTO,
				   "malformed device message from the kernel");
	if (w->one) {
		*w->one = d;
		return 0;
	}
	return w->cb(&d, w->arg);
}

int cvsw_device_dump(struct cvsw_handle *h, cvsw_device_cb cb, void *arg)
{
	struct dev_walk w = { .h = h, .cb = cb, .arg = arg };
	struct nl_msg *msg;
	int r = cvswi_dev_msg(h, CVSW_CMD_DEV_GET, NLM_F_DUMP, NULL, &msg);

	if (r)
		return r;
	return cvswi_transact(h, msg, dev_msg_cb, &w);
}

int cvsw_device_get(struct cvsw_handle *h, const char *dev,
		    struct cvsw_device *out)
{
	struct dev_walk w = { .h = h, .one = out };
	struct nl_msg *msg;
	int r = cvswi_dev_msg(h, CVSW_CMD_DEV_GET, 0, dev, &msg);

	if (r)
		return r;
	memset(out, 0, sizeof(*out));
	r = cvswi_transact(h, msg, dev_msg_cb, &w);
	if (!r && !out->ifindex && !out->name[0])
		return cvswi_error(h, -EPROTO, "the kernel sent no device");
	return r;
}

struct reasm_walk {
	struct cvsw_handle *h;
	struct cvsw_reasm_usage *out;
	int r;
	bool seen;
};

static int reasm_msg_cb(struct nlmsghdr *nlh, void *arg)
{
	struct reasm_walk *w = arg;
	struct nlattr *tb[CVSW_A_MAX + 1];

	if (cvswi_parse_top(nlh, tb))
		return cvswi_error(w->h, -EPROTO,
				   "malformed device message from the kernel");
	w->seen = true;
	w->r = cvswi_parse_reasm(tb, w->out);
	if (w->r == -EPROTO)
		return cvswi_error(w->h, -EPROTO,
				   "malformed reassembly table attributes from the kernel");
	return 0;
}

int cvsw_device_reasm(struct cvsw_handle *h, const char *dev,
		      struct cvsw_reasm_usage *out)
{
	struct reasm_walk w = { .h = h, .out = out };
	struct nl_msg *msg;
	int r = cvswi_dev_msg(h, CVSW_CMD_DEV_GET, 0, dev, &msg);

	if (r)
		return r;
	memset(out, 0, sizeof(*out));
	r = cvswi_transact(h, msg, reasm_msg_cb, &w);
	if (r)
		return r;
	if (!w.seen)
		return cvswi_error(h, -EPROTO, "the kernel sent no device");
	if (w.r == -ENODATA)
		return cvswi_error(h, -ENODATA,
				   "the kernel does not report its reassembly table");
	return w.r;
}

/* One DEV_SET carrying the attribute `put` adds. */
static int dev_set(struct cvsw_handle *h, const char *dev,
		   int (*put)(struct nl_msg *msg, const void *arg),
		   const void *arg)
{
	struct nl_msg *msg;
	int r = cvswi_dev_msg(h, CVSW_CMD_DEV_SET, 0, dev, &msg);

	if (r)
		return r;
	if (put(msg, arg)) {
		nlmsg_free(msg);
		return cvswi_error(h, -EMSGSIZE, "message too large");
	}
	return cvswi_transact(h, msg, NULL, NULL);
}

static int put_mtu(struct nl_msg *msg, const void *arg)
{
	return nla_put_u32(msg, CVSW_A_MTU, *(const uint32_t *)arg);
}

static int put_rate(struct nl_msg *msg, const void *arg)
{
	return nla_put_u32(msg, CVSW_A_PACKET_IN_RATE, *(const uint32_t *)arg);
}

static int put_miss_send_len(struct nl_msg *msg, const void *arg)
{
	return nla_put_u16(msg, CVSW_A_MISS_SEND_LEN, *(const uint16_t *)arg);
}

static int put_miss(struct nl_msg *msg, const void *arg)
{
	return nla_put_u8(msg, CVSW_A_MISS, *(const uint8_t *)arg);
}

struct offload_arg {
	int attr;
	uint8_t on;
};

static int put_offload(struct nl_msg *msg, const void *arg)
{
	const struct offload_arg *o = arg;
	struct nlattr *nest = nla_nest_start(msg, CVSW_A_OFFLOADS | NLA_F_NESTED);

	if (!nest || nla_put_u8(msg, o->attr, o->on))
		return -EMSGSIZE;
	return nla_nest_end(msg, nest);
}

int cvsw_device_set_mtu(struct cvsw_handle *h, const char *dev, uint32_t mtu)
{
	return dev_set(h, dev, put_mtu, &mtu);
}

int cvsw_device_set_packet_in_rate(struct cvsw_handle *h, const char *dev,
				   uint32_t per_second)
{
	return dev_set(h, dev, put_rate, &per_second);
}

int cvsw_device_set_miss_send_len(struct cvsw_handle *h, const char *dev,
				  uint16_t len)
{
	return dev_set(h, dev, put_miss_send_len, &len);
}

int cvsw_device_set_miss(struct cvsw_handle *h, const char *dev,
			 enum cvsw_miss m)
{
	uint8_t v = (uint8_t)m;

	if ((unsigned)m >= __CVSW_MISS_MAX)
		return cvswi_error(h, -EINVAL, "invalid miss policy %d", (int)m);
	return dev_set(h, dev, put_miss, &v);
}

int cvsw_device_set_offload(struct cvsw_handle *h, const char *dev,
			    enum cvsw_offload o, bool on)
{
	struct offload_arg a = { .attr = cvswi_offload_attr(o), .on = on };

	if (a.attr < 0)
		return cvswi_error(h, -EINVAL, "invalid offload %d", (int)o);
	return dev_set(h, dev, put_offload, &a);
}
