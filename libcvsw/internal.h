/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Internal interfaces of libcvsw (not installed). Symbols are cvswi_*. */
#ifndef LIBCVSW_INTERNAL_H
#define LIBCVSW_INTERNAL_H

#include <stdarg.h>
#include <netlink/msg.h>
#include <string.h>
#include <netlink/attr.h>
#include "cvsw.h"		/* and <cvsw/uapi.h>, the kernel ABI */

/* A receive buffer grown to the largest datagram seen. */
struct rxbuf {
	unsigned char *p;
	size_t size;
};

struct cvsw_handle {
	struct nl_sock *sk;		/* requests */
	int fd;
	int family;
	uint32_t seq;
	char family_name[32];
	int groups[3];			/* multicast ids, -1 if absent */
	struct nl_sock *ev_sk;		/* events, created on subscribe */
	int ev_fd;
	struct rxbuf rx;		/* replies to requests */
	struct rxbuf ev_rx;		/* events: callbacks may make requests */
	char err[512];
	int err_code;			/* errno of the last failure */
};

/* ---- attribute building and parsing (nl_attr.c), socket-free ---- */

/* What cvswi_put_flow() writes besides the match. */
enum {
	PUT_PRIORITY	= 1u << 0,
	PUT_OPTIONS	= 1u << 1,	/* cookie, timeouts, flags */
	PUT_ACTIONS	= 1u << 2,
	PUT_STRICT	= 1u << 3,
	PUT_OUT_PORT	= 1u << 4,	/* when not CVSW_PORT_NONE */
};

/* A request: genl header for `family`, `cmd`, NLM_F_* `flags`. */
struct nl_msg *cvswi_msg_new(int family, uint8_t cmd, int flags);
/* CVSW_A_IFINDEX for an all-digit dev, CVSW_A_IFNAME otherwise. */
int cvswi_put_dev(struct nl_msg *msg, const char *dev);
int cvswi_put_match(struct nl_msg *msg, const struct cvsw_match *m);
int cvswi_put_actions(struct nl_msg *msg, int attrtype,
		      const struct cvsw_action *acts, unsigned n);
/* CVSW_A_FLOW nest; `match` may be NULL for an empty (all) match. */
int cvswi_put_flow(struct nl_msg *msg, const struct cvsw_flow *f,
		   unsigned what);

/* The attributes each flow command carries (nl_flow.c). */
unsigned cvswi_flow_what(uint8_t cmd, bool strict);
/* A complete flow request: genl header, device, CVSW_A_FLOW. */
int cvswi_flow_msg(int family, uint8_t cmd, const char *dev,
		   const struct cvsw_flow *f, bool strict, struct nl_msg **out);

/* Policies used to parse what the kernel sends. */
extern struct nla_policy cvswi_attr_policy[CVSW_A_MAX + 1];
extern struct nla_policy cvswi_flow_policy[CVSW_FLOW_A_MAX + 1];
extern struct nla_policy cvswi_match_policy[CVSW_MATCH_A_MAX + 1];

int cvswi_parse_match(struct nlattr *nest, struct cvsw_match *m);
int cvswi_parse_actions_attr(struct nlattr *nest, struct cvsw_action *acts,
			     unsigned max, unsigned *n);
/* CVSW_A_FLOW nest into *f (cvsw_flow_init first). */
int cvswi_parse_flow(struct nlattr *nest, struct cvsw_flow *f);
/* Top-level attributes of a generic-netlink message (after the genl
 * header) into tb[0..CVSW_A_MAX]. */
int cvswi_parse_top(struct nlmsghdr *nlh, struct nlattr **tb);
int cvswi_parse_device(struct nlattr **tb, struct cvsw_device *d);
/* CVSW_A_REASM of a DEV_GET reply: -ENODATA if absent, -EPROTO if bad. */
int cvswi_parse_reasm(struct nlattr **tb, struct cvsw_reasm_usage *u);
/* CVSW_OFFLOAD_A_* of an offload, or -EINVAL. */
int cvswi_offload_attr(enum cvsw_offload o);

int cvswi_parse_table_stats(struct nlattr *nest, struct cvsw_table_stats *t);
int cvswi_parse_port_stats(struct nlattr *nest, struct cvsw_port_stats *p);
/* A packet-out's attributes into msg (stats.c): 0 or -EMSGSIZE/-EINVAL. */
int cvswi_put_packet_out(struct nl_msg *msg, const char *dev, uint16_t in_port,
			 const struct cvsw_action *actions, unsigned n,
			 const void *data, size_t len);
/* A complete packet-out request (stats.c). */
int cvswi_packet_out_msg(int family, const char *dev, uint16_t in_port,
			 const struct cvsw_action *actions, unsigned n,
			 const void *data, size_t len, struct nl_msg **out);
/* Decodes one event message (events.c). */
int cvswi_parse_event(struct nlmsghdr *nlh, struct cvsw_event *ev);

/* ---- transport (handle.c) ---- */

typedef int (*cvswi_msg_cb)(struct nlmsghdr *nlh, void *arg);

/* Sets h->err from a format, returns `err` (a negative errno). */
int cvswi_error(struct cvsw_handle *h, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Tests: use `fd` (e.g. one end of a socketpair played by a fake
 * kernel) as the request socket of family id `family`. */
void cvswi_attach_fd(struct cvsw_handle *h, int fd, int family);
/* Tests: use `fd` (non-blocking) as the event socket. */
void cvswi_attach_event_fd(struct cvsw_handle *h, int fd);
/* Connected? If not, sets the error and returns -ENOTCONN. */
int cvswi_check(struct cvsw_handle *h);
/* Sends msg (consumed), calls cb for each reply message until the ack
 * (or NLMSG_DONE of a dump); returns 0, cb's first nonzero return, or the
 * kernel's negative errno with its extack message in h->err. */
int cvswi_transact(struct cvsw_handle *h, struct nl_msg *msg,
		   cvswi_msg_cb cb, void *arg);
/* Receives one datagram from fd into rb; returns its length or -errno. */
ssize_t cvswi_recv(int fd, int flags, struct rxbuf *rb);
/* The extack message of an NLMSG_ERROR or NLMSG_DONE, or NULL. */
const char *cvswi_extack_msg(const struct nlmsghdr *nlh);
/* A new request for the handle's family with the device attribute. */
int cvswi_dev_msg(struct cvsw_handle *h, uint8_t cmd, int flags,
		  const char *dev, struct nl_msg **out);

/* Big-endian wire fields of n bytes (1..8), and struct cvsw_match members
 * of 1, 2, 4 or 8 bytes at an offset: the OF1.0 and NXM match codecs walk
 * their field tables with these. */
static inline uint64_t cvswi_get_be(const uint8_t *p, unsigned n)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < n; i++)
		v = v << 8 | p[i];
	return v;
}

static inline void cvswi_put_be(uint8_t *p, unsigned n, uint64_t v)
{
	for (unsigned i = n; i-- > 0; v >>= 8)
		p[i] = (uint8_t)v;
}

static inline uint64_t cvswi_member_get(const struct cvsw_match *m, size_t off,
					unsigned size)
{
	const uint8_t *p = (const uint8_t *)m + off;
	uint16_t u16;
	uint32_t u32;
	uint64_t u64;

	switch (size) {
	case 1:
		return *p;
	case 2:
		memcpy(&u16, p, 2);
		return u16;
	case 4:
		memcpy(&u32, p, 4);
		return u32;
	default:
		memcpy(&u64, p, 8);
		return u64;
	}
}

static inline void cvswi_member_set(struct cvsw_match *m, size_t off,
				    unsigned size, uint64_t v)
{
	uint8_t *p = (uint8_t *)m + off;
	uint16_t u16 = (uint16_t)v;
	uint32_t u32 = (uint32_t)v;

	switch (size) {
	case 1:
		*p = (uint8_t)v;
		break;
	case 2:
		memcpy(p, &u16, 2);
		break;
	case 4:
		memcpy(p, &u32, 4);
		break;
	default:
		memcpy(p, &v, 8);
	}
}

#endif
