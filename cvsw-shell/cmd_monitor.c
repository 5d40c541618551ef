/* SPDX-License-Identifier: GPL-2.0-or-later */
/* monitor [DEV] [--count N]: the kernel's events as they happen. */
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include "shell.h"

struct mon_ctx {
	struct shell *sh;
	uint32_t ifindex;	/* 0: every device */
	long remaining;		/* --count, -1 = unlimited */
};

static int mon_cb(const struct cvsw_event *ev, void *arg)
{
	struct mon_ctx *c = arg;

	if (c->ifindex && ev->type != CVSW_EVENT_OVERRUN && ev->ifindex &&
	    ev->ifindex != c->ifindex)
		return 0;
	if (c->sh->json)
		render_event_json(stdout, ev);
	else
		render_event_text(stdout, ev);
	fflush(stdout);
	if (c->remaining > 0 && --c->remaining == 0)
		return 1;
	return 0;
}

static void on_sigint(int sig)
{
	(void)sig;
	shell_interrupted = 1;
}

/* monitor [DEV] [--count N] */
static int mon_args(struct shell *sh, struct shell_call *call, struct mon_ctx *c)
{
	struct words *ws = call->ws;

	for (int i = call->arg; i < ws->n; i++) {
		if (!strcmp(ws->w[i], "--count") && i + 1 < ws->n) {
			uint32_t v;

			if (shell_parse_u32(sh, ws->w[++i], "count", &v) || !v)
				return shell_fail(sh, "invalid count \"%s\"", ws->w[i]);
			c->remaining = v;
		} else if (ws->w[i][0] != '-' && !c->ifindex) {
			struct cvsw_device d;

			if (!shell_handle(sh, false))
				return -1;
			if (cvsw_device_get(sh->h, ws->w[i], &d))
				return shell_lib_fail(sh);
			c->ifindex = d.ifindex;
		} else {
			return shell_fail(sh, "usage: %s", call->sub->usage);
		}
	}
	return 0;
}

/* Events until Ctrl-C, --count or (watching stdin) Ctrl-D. */
static int mon_loop(struct shell *sh, struct mon_ctx *c, bool watch_stdin)
{
	while (!shell_interrupted) {
		struct pollfd p[2] = {
			{ .fd = cvsw_events_fd(sh->h), .events = POLLIN },
			{ .fd = 0, .events = POLLIN },
		};
		char buf[256];

		if (poll(p, watch_stdin ? 2 : 1, -1) < 0)
			continue;	/* EINTR: the loop condition decides */
		/* returns the number of events (or the callback's stop value),
		 * so --count is told by c->remaining itself */
		if (p[0].revents && cvsw_events_recv(sh->h, mon_cb, c) < 0)
			return shell_lib_fail(sh);
		if (c->remaining == 0)
			return 0;	/* --count reached */
		if (watch_stdin && p[1].revents && read(0, buf, sizeof(buf)) <= 0)
			return 0;	/* Ctrl-D */
	}
	return 0;
}

int cmd_monitor(struct shell *sh, struct shell_call *call)
{
	struct mon_ctx c = { .sh = sh, .remaining = -1 };
	struct sigaction sa = { .sa_handler = on_sigint }, old_int, old_term;
	int r;

	if (mon_args(sh, call, &c) || !shell_handle(sh, false))
		return -1;
	if (cvsw_events_subscribe(sh->h, CVSW_EVENTS_ALL))
		return shell_lib_fail(sh);
	/* no SA_RESTART: Ctrl-C must break poll() */
	sigemptyset(&sa.sa_mask);
	shell_interrupted = 0;
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	if (!sh->json && sh->interactive)
		fprintf(stderr, "monitoring events, Ctrl-C to stop\n");
	r = mon_loop(sh, &c, sh->interactive && isatty(0));
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	/* leave the groups: a later monitor subscribes again, and the shell
	 * should not buffer events nobody reads */
	shell_free(sh);
	return r;
}
