// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cvsw-ofagent's connections (ofagent/conn.c) over a socketpair: a
 * controller that sent many requests at once gets them handled CONN_BATCH
 * per call of conn_input (the poll loop comes back at once while rx_more
 * says so), every one of them answered in order, and requests waiting to
 * be handled keep the inactivity probe from firing.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "agent.h"
#include "tap.h"

#define N_ECHO	200

static struct options opt = { .probe = 5 };
/* fail secure with the miss policy it wants already: no datapath call */
static struct agent ag = { .opt = &opt, .miss = CVSW_MISS_CONTROLLER };

static void put_msg(int fd, uint8_t type, uint32_t xid)
{
	uint8_t m[8] = { OFP10_VERSION, type, 0, 8, xid >> 24, xid >> 16, xid >> 8, xid };

	if (write(fd, m, sizeof(m)) != (ssize_t)sizeof(m))
		abort();
}

/* Reads what the agent sent: the count of ECHO_REPLYs, each checked to
 * come in xid order from *next_xid. */
static unsigned read_echo_replies(int fd, uint32_t *next_xid, bool *in_order)
{
	static uint8_t buf[1 << 16];
	unsigned n = 0;
	ssize_t got = read(fd, buf, sizeof(buf));

	for (ssize_t off = 0; got > 0 && off + 8 <= got; off += (buf[off + 2] << 8) | buf[off + 3]) {
		uint32_t xid = (uint32_t)buf[off + 4] << 24 | buf[off + 5] << 16 |
			       buf[off + 6] << 8 | buf[off + 7];

		if (buf[off + 1] != OFPT_ECHO_REPLY)
			continue;
		if (xid != (*next_xid)++)
			*in_order = false;
		n++;
	}
	return n;
}

static void test_batches(void)
{
	struct stream s = { .fd = -1 };
	uint32_t next_xid = 1000;
	bool in_order = true;
	unsigned calls = 0, replies = 0;
	struct conn *c;
	int sv[2];

	EXPECT_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	fcntl(sv[0], F_SETFL, O_NONBLOCK);
	fcntl(sv[1], F_SETFL, O_NONBLOCK);
	s.fd = sv[0];
	snprintf(s.peer, sizeof(s.peer), "socketpair");
	c = conn_new(&ag, &s, -1, false);
	EXPECT(c != NULL);
	if (!c)
		return;
	conn_flush(c);
	put_msg(sv[1], OFPT_HELLO, 1);
	for (uint32_t i = 0; i < N_ECHO; i++)
		put_msg(sv[1], OFPT_ECHO_REQUEST, 1000 + i);
	conn_input(c);
	calls++;
	EXPECT(c->negotiated);
	/* the HELLO and 63 echoes: the rest wait */
	replies += read_echo_replies(sv[1], &next_xid, &in_order);
	EXPECT_EQ(replies, CONN_BATCH - 1);
	EXPECT(c->rx_more);
	/* requests waiting count as activity: no probe, however late */
	conn_timers(c, now_s() + 3 * opt.probe);
	EXPECT(!c->dead && !c->probe_sent);
	while (c->rx_more && calls < 100) {
		conn_input(c);
		calls++;
		replies += read_echo_replies(sv[1], &next_xid, &in_order);
	}
	EXPECT_EQ(replies, N_ECHO);
	EXPECT(in_order);
	EXPECT_EQ(calls, (N_ECHO + 1 + CONN_BATCH - 1) / CONN_BATCH);
	EXPECT(!c->rx_more && !c->dead);
	close(sv[1]);
	ag.conns = c->next;
	conn_free(c);
}

int main(void)
{
	tap_run("conn: requests handled CONN_BATCH a call, in order, probe held", test_batches);
	return tap_done();
}
