/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Events: the packet_in, flow_removed and port_status multicast groups, on
 * a socket of their own so that request replies and events never mix.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <netlink/genl/genl.h>

#include "internal.h"
#include "ports.h"

static const char *const group_names[3] = {
	CVSW_MCGRP_PACKET_IN, CVSW_MCGRP_FLOW_REMOVED, CVSW_MCGRP_PORT_STATUS,
};

int cvsw_events_subscribe(struct cvsw_handle *h, unsigned groups)
{
	int r = cvswi_check(h), rcv = 4 << 20;

	if (r)
		return r;
	if (!groups || (groups & ~(unsigned)CVSW_EVENTS_ALL))
		return cvswi_error(h, -EINVAL, "invalid event groups 0x%x", groups);
	for (int i = 0; i < 3; i++)
		if ((groups & (1u << i)) && h->groups[i] < 0)
			return cvswi_error(h, -ENOENT,
					   "multicast group %s of the %s family not found",
					   group_names[i], h->family_name);
	if (!h->ev_sk) {
		h->ev_sk = nl_socket_alloc();
		if (!h->ev_sk)
			return cvswi_error(h, -ENOMEM, "out of memory");
		nl_socket_disable_seq_check(h->ev_sk);
		if (genl_connect(h->ev_sk) < 0) {
			nl_socket_free(h->ev_sk);
			h->ev_sk = NULL;
			return cvswi_error(h, -EIO,
					   "cannot open the event socket");
		}
		h->ev_fd = nl_socket_get_fd(h->ev_sk);
		/* packet-in bursts: a large buffer makes overruns rare */
		if (setsockopt(h->ev_fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcv, sizeof(rcv)))
			setsockopt(h->ev_fd, SOL_SOCKET, SO_RCVBUF, &rcv, sizeof(rcv));
		fcntl(h->ev_fd, F_SETFL, fcntl(h->ev_fd, F_GETFL) | O_NONBLOCK);
	}
	for (int i = 0; i < 3; i++) {
		int g = h->groups[i];

		if (!(groups & (1u << i)))
			continue;
		if (setsockopt(h->ev_fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP,
			       &g, sizeof(g)))
			return cvswi_error(h, -errno, "cannot join group %s: %s",
					   group_names[i], strerror(errno));
	}
	return 0;
}

void cvswi_attach_event_fd(struct cvsw_handle *h, int fd)
{
	h->ev_fd = fd;
}

int cvsw_events_fd(const struct cvsw_handle *h)
{
	return h->ev_fd;
}

int cvswi_parse_event(struct nlmsghdr *nlh, struct cvsw_event *ev)
{
	struct nlattr *tb[CVSW_A_MAX + 1];
	struct genlmsghdr *g;
	int r;

	if (!genlmsg_valid_hdr(nlh, 0) || cvswi_parse_top(nlh, tb))
		return -EPROTO;
	g = nlmsg_data(nlh);
	memset(ev, 0, sizeof(*ev));
	if (tb[CVSW_A_IFINDEX])
		ev->ifindex = nla_get_u32(tb[CVSW_A_IFINDEX]);
	if (tb[CVSW_A_IFNAME])
		nla_strlcpy(ev->ifname, tb[CVSW_A_IFNAME], sizeof(ev->ifname));
	switch (g->cmd) {
	case CVSW_CMD_PACKET_IN:
		ev->type = CVSW_EVENT_PACKET_IN;
		ev->u.packet_in.in_port = tb[CVSW_A_IN_PORT] ?
			nla_get_u16(tb[CVSW_A_IN_PORT]) : CVSW_PORT_NONE;
		if (tb[CVSW_A_REASON])
			ev->u.packet_in.reason = nla_get_u8(tb[CVSW_A_REASON]);
		if (tb[CVSW_A_PACKET]) {
			ev->u.packet_in.data = nla_data(tb[CVSW_A_PACKET]);
			ev->u.packet_in.len = (size_t)nla_len(tb[CVSW_A_PACKET]);
		}
		ev->u.packet_in.total_len = tb[CVSW_A_TOTAL_LEN] ?
			nla_get_u32(tb[CVSW_A_TOTAL_LEN]) :
			(uint32_t)ev->u.packet_in.len;
		return 0;
	case CVSW_CMD_FLOW_REMOVED:
		ev->type = CVSW_EVENT_FLOW_REMOVED;
		if (tb[CVSW_A_REASON])
			ev->u.flow_removed.reason = nla_get_u8(tb[CVSW_A_REASON]);
		if (!tb[CVSW_A_FLOW])
			return -EPROTO;
		r = cvswi_parse_flow(tb[CVSW_A_FLOW], &ev->u.flow_removed.flow);
		return r;
	case CVSW_CMD_PORT_STATUS:
		ev->type = CVSW_EVENT_PORT_STATUS;
		if (tb[CVSW_A_REASON])
			ev->u.port_status.reason = nla_get_u8(tb[CVSW_A_REASON]);
		ev->u.port_status.port = tb[CVSW_A_IN_PORT] ?
			nla_get_u16(tb[CVSW_A_IN_PORT]) : CVSW_PORT_NONE;
		if (tb[CVSW_A_LINK_UP])
			ev->u.port_status.link_up = nla_get_u8(tb[CVSW_A_LINK_UP]);
		if (tb[CVSW_A_MTU])
			ev->u.port_status.mtu = nla_get_u32(tb[CVSW_A_MTU]);
		if (tb[CVSW_A_PORT]) {
			struct cvsw_port *d = &ev->u.port_status.desc;

			if (cvswi_parse_port_attr(tb[CVSW_A_PORT], d))
				return -EPROTO;
			/* a deleted port is described by its number only */
			ev->u.port_status.has_port = d->name[0] != '\0';
			if (ev->u.port_status.port == CVSW_PORT_NONE)
				ev->u.port_status.port = d->port_no;
		}
		return 0;
	}
	return -ENOENT;		/* a command this library does not know */
}

int cvsw_events_recv(struct cvsw_handle *h, cvsw_event_cb cb, void *arg)
{
	struct cvsw_event *ev;
	int count = 0, ret = 0;

	if (h->ev_fd < 0)
		return cvswi_error(h, -ENOTCONN,
				   "not subscribed to events (cvsw_events_subscribe)");
	ev = malloc(sizeof(*ev));
	if (!ev)
		return cvswi_error(h, -ENOMEM, "out of memory");
	while (!ret) {
		ssize_t n = cvswi_recv(h->ev_fd, MSG_DONTWAIT, &h->ev_rx);
		struct nlmsghdr *nlh;
		int len;

		if (n == -EAGAIN || n == -EWOULDBLOCK)
			break;
		if (n == -ENOBUFS) {
			memset(ev, 0, sizeof(*ev));
			ev->type = CVSW_EVENT_OVERRUN;
			count++;
			ret = cb(ev, arg);
			continue;
		}
		if (n < 0) {
			ret = cvswi_error(h, (int)n, "event receive: %s",
					  strerror((int)-n));
			break;
		}
		len = (int)n;
		for (nlh = (struct nlmsghdr *)h->ev_rx.p; NLMSG_OK(nlh, len) && !ret;
		     nlh = NLMSG_NEXT(nlh, len)) {
			int r;

			if (nlh->nlmsg_type < NLMSG_MIN_TYPE)
				continue;
			r = cvswi_parse_event(nlh, ev);
			if (r == -ENOENT)
				continue;	/* newer kernel, unknown event */
			if (r) {
				ret = cvswi_error(h, r, "malformed event from the kernel");
				break;
			}
			count++;
			ret = cb(ev, arg);
		}
	}
	free(ev);
	return ret ? ret : count;
}
