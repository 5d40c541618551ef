// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The agent's poll loop: listeners accept connections, active
 * controllers are (re)connected with exponential backoff, connections
 * read and write, datapath events go out, timers run the inactivity
 * probes and the fail mode.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include "agent.h"
#include "log.h"

#define MAX_POLL (2 + MAX_TARGETS + 1024)

double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static bool have_controller(struct agent *ag)
{
	for_each_ready_conn(ag, c)
		return true;
	return false;
}

void agent_update_miss(struct agent *ag, double now)
{
	uint8_t want = CVSW_MISS_CONTROLLER;
	int r;

	if (have_controller(ag)) {
		ag->lonely_since = 0;
	} else {
		if (!ag->lonely_since)
			ag->lonely_since = now;
		/* standalone: after three probe intervals alone, a plain NIC */
		if (ag->opt->fail == FAIL_STANDALONE &&
		    now - ag->lonely_since >= 3.0 * ag->opt->probe)
			want = CVSW_MISS_NORMAL;
	}
	if (want == ag->miss)
		return;
	r = cvsw_device_set_miss(ag->h, ag->dev, want);
	if (r) {
		log_limited("miss", LOG_ERR, "setting the table-miss policy of %s: %s",
			    ag->dev, cvsw_last_error(ag->h));
		return;
	}
	log_msg(LOG_INFO, "%s: table misses go to %s%s", ag->dev,
		cvsw_miss_name(want),
		want == CVSW_MISS_NORMAL ? " (fail standalone: no controller)" : "");
	ag->miss = want;
}

int agent_init(struct agent *ag, const struct options *opt)
{
	char why[256];
	bool tls = false;
	int r;

	memset(ag, 0, sizeof(*ag));
	ag->opt = opt;
	ofbuf_init(&ag->scratch);
	pktbuf_init(&ag->pb);
	snprintf(ag->dev, sizeof(ag->dev), "%s", opt->dev);

	for (unsigned i = 0; i < opt->n_controllers; i++) {
		const char *e;

		if (target_parse(opt->controllers[i], false, &ag->ctls[i].t, &e)) {
			log_msg(LOG_ERR, "%s: %s", opt->controllers[i], e);
			return -EINVAL;
		}
		tls |= target_is_tls(&ag->ctls[i].t);
		ag->ctls[i].backoff = 1;
		ag->n_ctls++;
	}
	for (unsigned i = 0; i < opt->n_listens; i++) {
		const char *e;

		if (target_parse(opt->listens[i], true, &ag->lsn[i].t, &e)) {
			log_msg(LOG_ERR, "--listen %s: %s", opt->listens[i], e);
			return -EINVAL;
		}
		tls |= target_is_tls(&ag->lsn[i].t);
		ag->lsn[i].fd = -1;
		ag->n_lsn++;
	}
	if (tls && tls_init(&opt->tls, why, sizeof(why))) {
		log_msg(LOG_ERR, "TLS: %s", why);
		return -EINVAL;
	}

	ag->h = cvsw_handle_alloc();
	if (!ag->h)
		return -ENOMEM;
	r = cvsw_open(ag->h);
	/* subscribed first: a port added between the two is told by its
	 * event, not lost */
	if (!r)
		r = cvsw_events_subscribe(ag->h, CVSW_EVENTS_ALL);
	if (!r)
		r = ports_refresh(ag);
	if (r) {
		log_msg(LOG_ERR, "%s: %s", ag->dev, cvsw_last_error(ag->h));
		return r;
	}
	ag->dpid = opt->dpid_set ? opt->dpid : ag->info.datapath_id;
	ag->orig_miss = ag->info.miss;
	ag->miss = ag->info.miss;
	/* whole table-miss packets: only those can be buffered; each
	 * connection's miss_send_len is applied here */
	ag->orig_miss_send_len = ag->info.miss_send_len;
	if (cvsw_device_set_miss_send_len(ag->h, ag->dev, CVSW_MAX_LEN_ALL)) {
		log_msg(LOG_ERR, "%s: %s", ag->dev, cvsw_last_error(ag->h));
		return -EIO;
	}
	ag->miss_send_len_set = true;

	for (unsigned i = 0; i < ag->n_lsn; i++) {
		r = stream_listen(&ag->lsn[i].t);
		if (r < 0) {
			log_msg(LOG_ERR, "--listen %s: %s", ag->lsn[i].t.text, strerror(-r));
			return r;
		}
		ag->lsn[i].fd = r;
		log_msg(LOG_INFO, "listening on %s", ag->lsn[i].t.text);
	}
	log_msg(LOG_INFO, "%s: datapath id %016llx, %u ports, fail mode %s, probe %u s",
		ag->dev, (unsigned long long)ag->dpid, ag->n_ports,
		opt->fail == FAIL_SECURE ? "secure" : "standalone", opt->probe);
	agent_update_miss(ag, now_s());
	return 0;
}

static void try_connect(struct agent *ag, unsigned i, double now)
{
	struct controller *ctl = &ag->ctls[i];
	struct stream s;
	int r;

	r = stream_connect(&ctl->t, &s);
	if (r) {
		log_limited("connect", LOG_WARN, "%s: connect failed: %s; retry in %u s",
			    ctl->t.text, strerror(-r), ctl->backoff);
		ctl->next_try = now + ctl->backoff;
		ctl->backoff = ctl->backoff * 2 > ag->opt->max_backoff ?
			       ag->opt->max_backoff : ctl->backoff * 2;
		return;
	}
	ctl->conn = conn_new(ag, &s, (int)i, true);
	if (!ctl->conn) {
		stream_close(&s);
		ctl->next_try = now + ctl->backoff;
		return;
	}
	log_msg(LOG_DBG, "%s: connecting", ctl->t.text);
}

/* Frees dead connections; an active controller's reconnects after its
 * backoff. */
static void reap(struct agent *ag, double now)
{
	struct conn **pp = &ag->conns;

	while (*pp) {
		struct conn *c = *pp;

		if (!c->dead) {
			pp = &c->next;
			continue;
		}
		*pp = c->next;
		if (c->ctl >= 0) {
			struct controller *ctl = &ag->ctls[c->ctl];

			ctl->conn = NULL;
			ctl->next_try = now + ctl->backoff;
			log_msg(LOG_INFO, "%s: reconnecting in %u s", ctl->t.text,
				ctl->backoff);
			ctl->backoff = ctl->backoff * 2 > ag->opt->max_backoff ?
				       ag->opt->max_backoff : ctl->backoff * 2;
		}
		conn_free(c);
	}
}

static int signal_fd(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	return signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
}

static void on_signal(struct agent *ag, int sfd)
{
	struct signalfd_siginfo si;

	while (read(sfd, &si, sizeof(si)) == sizeof(si)) {
		if (si.ssi_signo == SIGHUP) {
			/* logrotate: reopen the log file */
			if (ag->opt->log_file && log_open(ag->opt->log_file))
				log_msg(LOG_ERR, "reopening %s failed", ag->opt->log_file);
			log_msg(LOG_INFO, "SIGHUP: log reopened");
		} else {
			log_msg(LOG_INFO, "signal %u: exiting", si.ssi_signo);
			ag->stop = true;
		}
	}
}

int agent_run(struct agent *ag)
{
	struct pollfd pfd[MAX_POLL];
	struct conn *pconn[MAX_POLL];
	int sfd = signal_fd();

	if (sfd < 0)
		return -errno;
	while (!ag->stop) {
		double now = now_s();
		unsigned n = 0, first_conn;
		int timeout = 1000;

		for (unsigned i = 0; i < ag->n_ctls; i++)
			if (!ag->ctls[i].conn && now >= ag->ctls[i].next_try)
				try_connect(ag, i, now);
		pfd[n++] = (struct pollfd){ .fd = sfd, .events = POLLIN };
		pfd[n++] = (struct pollfd){ .fd = cvsw_events_fd(ag->h), .events = POLLIN };
		for (unsigned i = 0; i < ag->n_lsn; i++)
			pfd[n++] = (struct pollfd){ .fd = ag->lsn[i].fd, .events = POLLIN };
		first_conn = n;
		for (struct conn *c = ag->conns; c && n < MAX_POLL; c = c->next) {
			short ev = 0;

			if (c->dead)
				continue;
			if (c->connecting || c->tx.len || c->s.want_write)
				ev |= POLLOUT;
			if (!c->connecting && c->tx.len < TX_HIGH_WATER &&
			    c->rx.len < RX_HIGH_WATER)
				ev |= POLLIN;
			if (c->rx_more)
				timeout = 0;	/* requests wait: come back at once */
			pconn[n] = c;
			pfd[n++] = (struct pollfd){ .fd = c->s.fd, .events = ev };
		}
		for (unsigned i = 0; i < ag->n_ctls; i++)
			if (!ag->ctls[i].conn) {
				double wait = (ag->ctls[i].next_try - now) * 1000;

				if (wait < timeout)
					timeout = wait < 0 ? 0 : (int)wait + 1;
			}
		if (poll(pfd, n, timeout) < 0 && errno != EINTR) {
			log_msg(LOG_ERR, "poll: %s", strerror(errno));
			break;
		}
		if (pfd[0].revents)
			on_signal(ag, sfd);
		if (pfd[1].revents && events_input(ag))
			log_limited("events", LOG_WARN, "reading events: %s",
				    cvsw_last_error(ag->h));
		for (unsigned i = 0; i < ag->n_lsn; i++) {
			struct stream s;

			if (!(pfd[2 + i].revents & POLLIN))
				continue;
			while (stream_accept(ag->lsn[i].fd, target_is_tls(&ag->lsn[i].t), &s) == 0) {
				struct conn *c = conn_new(ag, &s, -1, false);

				if (!c) {
					stream_close(&s);
					break;
				}
				log_msg(LOG_INFO, "%s: accepted on %s", c->name,
					ag->lsn[i].t.text);
				conn_flush(c);
			}
		}
		for (unsigned i = first_conn; i < n; i++) {
			struct conn *c = pconn[i];

			if ((!pfd[i].revents && !c->rx_more) || c->dead)
				continue;
			if (c->connecting) {
				int r = stream_connect_done(&c->s);

				if (r) {
					log_limited("connect", LOG_WARN, "%s: connect failed: %s",
						    c->name, strerror(-r));
					c->dead = true;
					continue;
				}
				c->connecting = false;
				log_msg(LOG_INFO, "%s: TCP connected%s", c->name,
					c->s.ssl ? ", TLS handshake" : "");
			}
			if ((pfd[i].revents & (POLLIN | POLLHUP | POLLERR)) || c->rx_more)
				conn_input(c);
			if (!c->dead && (c->tx.len || c->s.handshaking))
				conn_flush(c);
		}
		now = now_s();
		for (struct conn *c = ag->conns; c; c = c->next)
			conn_timers(c, now);
		reap(ag, now);
		agent_update_miss(ag, now);
	}
	close(sfd);
	return 0;
}

void agent_exit(struct agent *ag)
{
	handlers_flush(ag);
	handlers_exit();
	while (ag->conns) {
		struct conn *c = ag->conns;

		ag->conns = c->next;
		conn_flush(c);
		conn_free(c);
	}
	for (unsigned i = 0; i < ag->n_lsn; i++) {
		if (ag->lsn[i].fd >= 0)
			close(ag->lsn[i].fd);
		if (ag->lsn[i].t.kind == T_PUNIX)
			unlink(ag->lsn[i].t.path);
	}
	/* leave the device as we found it */
	if (ag->h && ag->miss != ag->orig_miss &&
	    cvsw_device_set_miss(ag->h, ag->dev, ag->orig_miss))
		log_msg(LOG_WARN, "restoring the table-miss policy: %s",
			cvsw_last_error(ag->h));
	if (ag->h && ag->miss_send_len_set &&
	    cvsw_device_set_miss_send_len(ag->h, ag->dev, ag->orig_miss_send_len))
		log_msg(LOG_WARN, "restoring the table-miss packet-in length: %s",
			cvsw_last_error(ag->h));
	cvsw_close(ag->h);
	ag->h = NULL;
	pktbuf_free(&ag->pb);
	ofbuf_free(&ag->scratch);
	tls_exit();
}
