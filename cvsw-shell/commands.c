/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The commands of cvsw-shell. A line is split into words (blanks; '...'
 * and "..." quote); a FLOW or MATCH argument is the rest of the words
 * joined by single blanks, so error columns count in that text.
 */
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "shell.h"

#define MAX_WORDS 256

volatile sig_atomic_t shell_interrupted;

struct words {
	int n;
	char *w[MAX_WORDS];
	char buf[8192];
};

int shell_fail(struct shell *sh, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(sh->err, sizeof(sh->err), fmt, ap);
	va_end(ap);
	return -1;
}

struct cvsw_handle *shell_handle(struct shell *sh, bool quiet)
{
	if (sh->h)
		return sh->h;
	if (sh->open_failed && quiet)
		return NULL;	/* completion: do not retry on every TAB */
	struct cvsw_handle *h = cvsw_handle_alloc();

	if (!h) {
		if (!quiet)
			shell_fail(sh, "out of memory");
		return NULL;
	}
	if ((sh->family && cvsw_set_family(h, sh->family)) || cvsw_open(h)) {
		if (!quiet)
			shell_fail(sh, "%s", cvsw_last_error(h));
		sh->open_failed = true;
		cvsw_close(h);
		return NULL;
	}
	sh->h = h;
	return h;
}

void shell_free(struct shell *sh)
{
	cvsw_close(sh->h);
	sh->h = NULL;
}

/* The library's message of a failed call. */
static int lib_fail(struct shell *sh)
{
	return shell_fail(sh, "%s", cvsw_last_error(sh->h));
}

static int split(const char *line, struct words *ws, struct shell *sh)
{
	char *o = ws->buf;
	const char *p = line;

	ws->n = 0;
	if (strlen(line) >= sizeof(ws->buf))
		return shell_fail(sh, "line too long");
	for (;;) {
		char q = 0;

		while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
			p++;
		if (!*p)
			return 0;
		if (ws->n == MAX_WORDS)
			return shell_fail(sh, "too many words");
		ws->w[ws->n++] = o;
		while (*p && (q || !(*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))) {
			if (q && *p == q)
				q = 0;
			else if (!q && (*p == '\'' || *p == '"'))
				q = *p;
			else
				*o++ = *p;
			p++;
		}
		if (q)
			return shell_fail(sh, "unterminated quote");
		*o++ = '\0';
	}
}

/* Words from i on, joined by single blanks. */
static void join(const struct words *ws, int i, char *out, size_t size)
{
	size_t len = 0;

	out[0] = '\0';
	for (; i < ws->n; i++) {
		int n = snprintf(out + len, size - len, "%s%s", len ? " " : "", ws->w[i]);

		if (n < 0 || (size_t)n >= size - len)
			return;
		len += (size_t)n;
	}
}

static int parse_u32(struct shell *sh, const char *s, const char *what, uint32_t *v)
{
	char *end;
	unsigned long long x;

	errno = 0;
	if (!*s || *s == '-') 
		return shell_fail(sh, "invalid %s \"%s\"", what, s);
	x = strtoull(s, &end, 0);
	if (*end || errno || x > UINT32_MAX)
		return shell_fail(sh, "invalid %s \"%s\"", what, s);
	*v = (uint32_t)x;
	return 0;
}

static int flow_text(struct shell *sh, const char *text, enum cvsw_parse_mode mode,
		     struct cvsw_flow *f)
{
	struct cvsw_parse_error err;

	if (cvsw_flow_parse(text, mode, f, &err))
		/* "error at column ..." reads well after the shell's "error: " */
		return shell_fail(sh, "%s", err.text + strlen("error "));
	return 0;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---------------- show ---------------- */

struct dump_ctx {
	struct shell *sh;
	struct json j;
	unsigned long n;
};

static int show_dev_cb(const struct cvsw_device *d, void *arg)
{
	struct dump_ctx *c = arg;

	if (c->sh->json)
		render_device_json(&c->j, d);
	else
		render_device_text(stdout, d, true);
	c->n++;
	return 0;
}

static int cmd_show(struct shell *sh, struct words *ws)
{
	struct dump_ctx c = { .sh = sh };
	struct cvsw_device d;

	if (ws->n == 2 && !strcmp(ws->w[1], "devices")) {
		if (!shell_handle(sh, false))
			return -1;
		json_init(&c.j, stdout);
		if (sh->json)
			json_arr(&c.j);
		else
			printf("%-7s %-15s %-16s %-17s %-5s %-4s %-10s %s\n", "IFINDEX",
			       "NAME", "DATAPATH_ID", "MAC", "MTU", "LINK", "MISS", "FLOWS");
		int r = cvsw_device_dump(sh->h, show_dev_cb, &c);

		if (sh->json) {
			json_arr_end(&c.j);
			putchar('\n');
		}
		return r ? lib_fail(sh) : 0;
	}
	if (ws->n == 3 && !strcmp(ws->w[1], "device")) {
		if (!shell_handle(sh, false))
			return -1;
		if (cvsw_device_get(sh->h, ws->w[2], &d))
			return lib_fail(sh);
		if (sh->json) {
			json_init(&c.j, stdout);
			render_device_json(&c.j, &d);
			putchar('\n');
		} else {
			render_device_text(stdout, &d, false);
		}
		return 0;
	}
	return shell_fail(sh, "usage: show devices | show device DEV");
}

/* ---------------- set ---------------- */

static int cmd_set(struct shell *sh, struct words *ws)
{
	const char *dev, *what;
	uint32_t v;
	int r;

	if (ws->n != 5 && !(ws->n == 6 && !strcmp(ws->w[3], "offload")))
		goto usage;
	if (strcmp(ws->w[1], "device"))
		goto usage;
	dev = ws->w[2];
	what = ws->w[3];
	if (!strcmp(what, "mtu")) {
		if (parse_u32(sh, ws->w[4], "MTU", &v))
			return -1;
		if (!shell_handle(sh, false))
			return -1;
		r = cvsw_device_set_mtu(sh->h, dev, v);
	} else if (!strcmp(what, "packet-in-rate")) {
		if (parse_u32(sh, ws->w[4], "rate", &v))
			return -1;
		if (!shell_handle(sh, false))
			return -1;
		r = cvsw_device_set_packet_in_rate(sh->h, dev, v);
	} else if (!strcmp(what, "miss")) {
		int m = cvsw_miss_from_name(ws->w[4]);

		if (m < 0)
			return shell_fail(sh, "invalid miss policy \"%s\" (normal, drop or controller)",
					  ws->w[4]);
		if (!shell_handle(sh, false))
			return -1;
		r = cvsw_device_set_miss(sh->h, dev, (enum cvsw_miss)m);
	} else if (!strcmp(what, "offload") && ws->n == 6) {
		int o = cvsw_offload_from_name(ws->w[4]);
		bool on;

		if (o < 0)
			return shell_fail(sh, "unknown offload \"%s\" (rx_csum, tx_csum, sg, tso, gso, gro, gro_hw)",
					  ws->w[4]);
		if (!strcmp(ws->w[5], "on"))
			on = true;
		else if (!strcmp(ws->w[5], "off"))
			on = false;
		else
			return shell_fail(sh, "expected on or off, not \"%s\"", ws->w[5]);
		if (!shell_handle(sh, false))
			return -1;
		r = cvsw_device_set_offload(sh->h, dev, (enum cvsw_offload)o, on);
	} else {
		goto usage;
	}
	return r ? lib_fail(sh) : 0;
usage:
	return shell_fail(sh, "usage: set device DEV mtu N | offload NAME on|off | "
			  "miss normal|drop|controller | packet-in-rate N");
}

/* ---------------- flow ---------------- */

static int flow_dump_cb(const struct cvsw_flow *f, void *arg)
{
	struct dump_ctx *c = arg;
	char line[8192];

	if (c->sh->json) {
		if (c->n)
			putchar('\n');
		render_flow_json(&c->j, f);
	} else {
		cvsw_flow_format_stats(line, sizeof(line), f);
		puts(line);
	}
	c->n++;
	return shell_interrupted ? -EINTR : 0;
}

struct batch_ctx {
	struct shell *sh;
	const char *file;
	unsigned *lines;	/* line number of each flow index */
	size_t n_reported;
};

static int batch_err_cb(size_t index, int err, const char *msg, void *arg)
{
	struct batch_ctx *c = arg;

	(void)err;
	if (c->n_reported++ < 10)
		fprintf(stderr, "%s:%u: error: %s\n", c->file, c->lines[index], msg);
	return 0;
}

/* Comment or blank line of a flow file. */
static bool skip_line(const char *s)
{
	s += strspn(s, " \t\r\n");
	return !*s || *s == '#';
}

static int cmd_add_batch(struct shell *sh, const char *dev, const char *file,
			 unsigned flags)
{
	struct batch_ctx c = { .sh = sh, .file = file };
	struct cvsw_batch_result res;
	struct cvsw_batch *b;
	struct cvsw_flow *f;
	char *line = NULL;
	size_t cap = 0, n = 0, alloc = 0;
	unsigned lineno = 0;
	double t0, t1;
	int r = 0;
	FILE *in = fopen(file, "r");

	if (!in)
		return shell_fail(sh, "%s: %s", file, strerror(errno));
	f = malloc(sizeof(*f));
	if (!f) {
		fclose(in);
		return shell_fail(sh, "out of memory");
	}
	/* pass 1: check the syntax of every line before anything is sent */
	while (getline(&line, &cap, in) >= 0) {
		struct cvsw_parse_error err;

		lineno++;
		if (skip_line(line))
			continue;
		/* dump lines too: the output of flow dump replays */
		if (cvsw_flow_parse(line, CVSW_PARSE_DUMP, f, &err)) {
			r = shell_fail(sh, "%s:%u: %s", file, lineno, err.text + strlen("error "));
			goto out;
		}
		if (n == alloc) {
			unsigned *p = realloc(c.lines, (alloc = alloc ? alloc * 2 : 4096) * sizeof(*p));

			if (!p) {
				r = shell_fail(sh, "out of memory");
				goto out;
			}
			c.lines = p;
		}
		c.lines[n++] = lineno;
	}
	if (!shell_handle(sh, false)) {
		r = -1;
		goto out;
	}
	/* pass 2: parse again and stream into the batch (memory stays flat) */
	rewind(in);
	t0 = now();
	b = cvsw_batch_new(sh->h, dev, flags, batch_err_cb, &c);
	if (!b) {
		r = lib_fail(sh);
		goto out;
	}
	while (getline(&line, &cap, in) >= 0 && !r) {
		if (skip_line(line))
			continue;
		cvsw_flow_parse(line, CVSW_PARSE_DUMP, f, NULL);
		if (cvsw_batch_add(b, f))
			r = lib_fail(sh);
	}
	if (cvsw_batch_finish(b, &res) && !r)
		r = res.n_failed ? shell_fail(sh, "%zu of %zu flows failed (first: %s:%u)",
					      res.n_failed, res.n_sent, file,
					      c.lines[res.first_failed])
				 : lib_fail(sh);
	t1 = now();
	cvsw_batch_free(b);
	if (sh->json) {
		struct json j;

		json_init(&j, stdout);
		json_obj(&j);
		json_ku64(&j, "added", res.n_ok);
		json_ku64(&j, "failed", res.n_failed);
		json_key(&j, "seconds");
		printf("%.6f", t1 - t0);
		j.comma[j.depth] = true;
		json_key(&j, "flows_per_second");
		printf("%.0f", res.n_ok / (t1 - t0 > 0 ? t1 - t0 : 1e-9));
		j.comma[j.depth] = true;
		json_ku64(&j, "sendmsg_calls", res.n_sendmsg);
		json_ku64(&j, "recv_calls", res.n_recv);
		json_obj_end(&j);
		putchar('\n');
	} else {
		printf("added %zu flows in %.3fs (%.0f flows/s)", res.n_ok, t1 - t0,
		       res.n_ok / (t1 - t0 > 0 ? t1 - t0 : 1e-9));
		if (res.n_failed)
			printf(", %zu failed", res.n_failed);
		printf("\n");
	}
out:
	free(line);
	free(f);
	free(c.lines);
	fclose(in);
	return r;
}

static int cmd_flow(struct shell *sh, struct words *ws)
{
	const char *sub = ws->n > 1 ? ws->w[1] : "";
	const char *dev = ws->n > 2 ? ws->w[2] : NULL;
	char text[8192];
	struct cvsw_flow *f;
	bool strict = false;
	int i = 3, r;

	if (!strcmp(sub, "parse")) {
		/* no kernel: check a flow and print its canonical form */
		f = malloc(sizeof(*f));
		if (!f)
			return shell_fail(sh, "out of memory");
		join(ws, 2, text, sizeof(text));
		r = flow_text(sh, text, CVSW_PARSE_FLOW, f);
		if (!r) {
			if (sh->json) {
				struct json j;

				json_init(&j, stdout);
				render_flow_json(&j, f);
				putchar('\n');
			} else {
				cvsw_flow_format(text, sizeof(text), f);
				puts(text);
			}
		}
		free(f);
		return r;
	}
	if (!dev)
		return shell_fail(sh, "usage: flow add|mod|del|get|dump|flush|add-batch DEV ... (help flow)");
	if (!strcmp(sub, "flush")) {
		if (ws->n != 3)
			return shell_fail(sh, "usage: flow flush DEV");
		if (!shell_handle(sh, false))
			return -1;
		return cvsw_flow_flush(sh->h, dev) ? lib_fail(sh) : 0;
	}
	if (!strcmp(sub, "add-batch")) {
		unsigned flags = 0;

		if (ws->n == 5 && !strcmp(ws->w[4], "--sparse-ack"))
			flags |= CVSW_BATCH_SPARSE_ACK;
		else if (ws->n != 4)
			return shell_fail(sh, "usage: flow add-batch DEV FILE [--sparse-ack]");
		return cmd_add_batch(sh, dev, ws->w[3], flags);
	}
	if (i < ws->n && !strcmp(ws->w[i], "--strict")) {
		if (strcmp(sub, "mod") && strcmp(sub, "del"))
			return shell_fail(sh, "--strict is for flow mod and flow del");
		strict = true;
		i++;
	}
	join(ws, i, text, sizeof(text));
	f = malloc(sizeof(*f));
	if (!f)
		return shell_fail(sh, "out of memory");
	if (!strcmp(sub, "add") || !strcmp(sub, "mod")) {
		if (!text[0]) {
			r = shell_fail(sh, "usage: flow %s DEV%s FLOW", sub,
				       strcmp(sub, "mod") ? "" : " [--strict]");
		} else if (!(r = flow_text(sh, text, CVSW_PARSE_DUMP, f)) &&
			   shell_handle(sh, false)) {
			r = !strcmp(sub, "add") ? cvsw_flow_add(sh->h, dev, f)
						: cvsw_flow_mod(sh->h, dev, f, strict);
			if (r)
				r = lib_fail(sh);
		} else {
			r = -1;
		}
	} else if (!strcmp(sub, "del")) {
		if (!(r = flow_text(sh, text, CVSW_PARSE_MATCH, f)) &&
		    shell_handle(sh, false))
			r = cvsw_flow_del(sh->h, dev, f, strict) ? lib_fail(sh) : 0;
		else
			r = -1;
	} else if (!strcmp(sub, "get")) {
		struct cvsw_flow *out = malloc(sizeof(*out));

		if (!out)
			r = shell_fail(sh, "out of memory");
		else if (!(r = flow_text(sh, text, CVSW_PARSE_MATCH, f)) &&
			 shell_handle(sh, false)) {
			r = cvsw_flow_get(sh->h, dev, f, out) ? lib_fail(sh) : 0;
			if (!r && sh->json) {
				struct json j;

				json_init(&j, stdout);
				render_flow_json(&j, out);
				putchar('\n');
			} else if (!r) {
				cvsw_flow_format_stats(text, sizeof(text), out);
				puts(text);
			}
		} else {
			r = -1;
		}
		free(out);
	} else if (!strcmp(sub, "dump")) {
		struct dump_ctx c = { .sh = sh };

		if (!(r = flow_text(sh, text, CVSW_PARSE_MATCH, f)) &&
		    shell_handle(sh, false)) {
			json_init(&c.j, stdout);
			if (sh->json)
				json_arr(&c.j);
			shell_interrupted = 0;
			/* no filter at all: dump without a CVSW_A_FLOW */
			r = cvsw_flow_dump(sh->h, dev, text[0] ? f : NULL, flow_dump_cb, &c);
			if (sh->json) {
				json_arr_end(&c.j);
				putchar('\n');
			}
			if (r == -EINTR)
				r = shell_fail(sh, "interrupted");
			else if (r)
				r = lib_fail(sh);
		} else {
			r = -1;
		}
	} else {
		r = shell_fail(sh, "unknown flow command \"%s\" (add, mod, del, get, dump, flush, add-batch, parse)",
			       sub);
	}
	free(f);
	return r;
}

/* ---------------- stats ---------------- */

static const char *port_label(uint16_t p)
{
	return p == CVSW_PORT_HOST ? " (host)" : p == CVSW_PORT_NET ? " (net)" : "";
}

static int cmd_stats(struct shell *sh, struct words *ws)
{
	struct cvsw_table_stats t;
	struct cvsw_port_stats ports[16];
	unsigned n = 0;
	bool show_table = true, show_ports = true;

	if (ws->n == 3 && !strcmp(ws->w[2], "table"))
		show_ports = false;
	else if (ws->n == 3 && !strcmp(ws->w[2], "ports"))
		show_table = false;
	else if (ws->n != 2)
		return shell_fail(sh, "usage: stats DEV [table|ports]");
	if (!shell_handle(sh, false))
		return -1;
	if (cvsw_stats_get(sh->h, ws->w[1], &t, ports, 16, &n))
		return lib_fail(sh);
	if (n > 16)
		n = 16;
	if (sh->json) {
		struct json j;

		json_init(&j, stdout);
		json_obj(&j);
		if (show_table) {
			json_key(&j, "table");
			json_obj(&j);
			json_ku64(&j, "active", t.active);
			json_ku64(&j, "max_entries", t.max_entries);
			json_ku64(&j, "masks", t.masks);
			json_ku64(&j, "lookups", t.lookups);
			json_ku64(&j, "matched", t.matched);
			json_obj_end(&j);
		}
		if (show_ports) {
			json_key(&j, "ports");
			json_arr(&j);
			for (unsigned i = 0; i < n; i++) {
				json_obj(&j);
				json_ku64(&j, "port", ports[i].port);
				json_ku64(&j, "rx_packets", ports[i].rx_packets);
				json_ku64(&j, "rx_bytes", ports[i].rx_bytes);
				json_ku64(&j, "tx_packets", ports[i].tx_packets);
				json_ku64(&j, "tx_bytes", ports[i].tx_bytes);
				json_ku64(&j, "dropped", ports[i].dropped);
				json_obj_end(&j);
			}
			json_arr_end(&j);
		}
		json_obj_end(&j);
		putchar('\n');
		return 0;
	}
	if (show_table)
		printf("table: active=%u max_entries=%u masks=%u lookups=%" PRIu64
		       " matched=%" PRIu64 "\n", t.active, t.max_entries, t.masks,
		       t.lookups, t.matched);
	if (show_ports)
		for (unsigned i = 0; i < n; i++)
			printf("port %u%s: rx_packets=%" PRIu64 " rx_bytes=%" PRIu64
			       " tx_packets=%" PRIu64 " tx_bytes=%" PRIu64
			       " dropped=%" PRIu64 "\n", ports[i].port,
			       port_label(ports[i].port), ports[i].rx_packets,
			       ports[i].rx_bytes, ports[i].tx_packets,
			       ports[i].tx_bytes, ports[i].dropped);
	return 0;
}

/* ---------------- monitor ---------------- */

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

static int cmd_monitor(struct shell *sh, struct words *ws)
{
	struct mon_ctx c = { .sh = sh, .remaining = -1 };
	struct sigaction sa = { .sa_handler = on_sigint }, old_int, old_term;
	bool watch_stdin = sh->interactive && isatty(0);
	int r = 0;

	for (int i = 1; i < ws->n; i++) {
		if (!strcmp(ws->w[i], "--count") && i + 1 < ws->n) {
			uint32_t v;

			if (parse_u32(sh, ws->w[++i], "count", &v) || !v)
				return shell_fail(sh, "invalid count \"%s\"", ws->w[i]);
			c.remaining = v;
		} else if (ws->w[i][0] != '-' && !c.ifindex) {
			struct cvsw_device d;

			if (!shell_handle(sh, false))
				return -1;
			if (cvsw_device_get(sh->h, ws->w[i], &d))
				return lib_fail(sh);
			c.ifindex = d.ifindex;
		} else {
			return shell_fail(sh, "usage: monitor [DEV] [--count N]");
		}
	}
	if (!shell_handle(sh, false))
		return -1;
	if (cvsw_events_subscribe(sh->h, CVSW_EVENTS_ALL))
		return lib_fail(sh);
	/* no SA_RESTART: Ctrl-C must break poll() */
	sigemptyset(&sa.sa_mask);
	shell_interrupted = 0;
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	if (!sh->json && sh->interactive)
		fprintf(stderr, "monitoring events, Ctrl-C to stop\n");
	while (!shell_interrupted) {
		struct pollfd p[2] = {
			{ .fd = cvsw_events_fd(sh->h), .events = POLLIN },
			{ .fd = 0, .events = POLLIN },
		};
		int n = poll(p, watch_stdin ? 2 : 1, -1);

		if (n < 0)
			continue;	/* EINTR: the loop condition decides */
		if (p[0].revents) {
			/* returns the number of events (or the callback's stop
			 * value), so --count is told by c.remaining itself */
			r = cvsw_events_recv(sh->h, mon_cb, &c);
			if (r >= 0 && c.remaining == 0) {
				r = 0;
				break;	/* --count reached */
			}
			if (r < 0) {
				r = lib_fail(sh);
				break;
			}
			r = 0;
		}
		if (watch_stdin && p[1].revents) {
			char buf[256];

			if (read(0, buf, sizeof(buf)) <= 0)
				break;	/* Ctrl-D */
		}
	}
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	/* leave the groups: a later monitor subscribes again, and the shell
	 * should not buffer events nobody reads */
	shell_free(sh);
	return r;
}

/* ---------------- packet-out ---------------- */

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int cmd_packet_out(struct shell *sh, struct words *ws)
{
	struct cvsw_action acts[CVSW_MAX_ACTIONS];
	struct cvsw_parse_error err;
	unsigned n_acts = 0;
	uint16_t in_port = CVSW_PORT_NONE;
	bool have_actions = false;
	uint8_t *data = NULL;
	size_t len = 0;
	int r = 0;

	if (ws->n < 3)
		return shell_fail(sh, "usage: packet-out DEV [in_port=PORT] actions=LIST data=HEX");
	for (int i = 2; i < ws->n && !r; i++) {
		const char *w = ws->w[i];

		if (!strncmp(w, "in_port=", 8)) {
			if (cvsw_port_parse(w + 8, &in_port))
				r = shell_fail(sh, "invalid port \"%s\"", w + 8);
		} else if (!strncmp(w, "actions=", 8)) {
			if (cvsw_actions_parse(w + 8, acts, CVSW_MAX_ACTIONS, &n_acts, &err))
				r = shell_fail(sh, "actions: %s", err.text + strlen("error "));
			have_actions = true;
		} else if (!strncmp(w, "data=", 5)) {
			const char *p = w + 5;

			free(data);
			data = malloc(strlen(p) / 2 + 1);
			len = 0;
			if (!data) {
				r = shell_fail(sh, "out of memory");
				break;
			}
			while (*p && !r) {
				int hi, lo;

				if (*p == ':' || *p == '.') {
					p++;
					continue;
				}
				hi = hexval((unsigned char)p[0]);
				lo = hi < 0 ? -1 : hexval((unsigned char)p[1]);
				if (lo < 0)
					r = shell_fail(sh, "invalid hex in data= at offset %zu",
						       (size_t)(p - (w + 5)));
				else
					data[len++] = (uint8_t)(hi << 4 | lo);
				p += 2;
			}
		} else {
			r = shell_fail(sh, "unknown packet-out argument \"%s\" (in_port=, actions=, data=)", w);
		}
	}
	if (!r && !have_actions)
		r = shell_fail(sh, "packet-out needs actions= (actions=drop to drop)");
	if (!r && !len)
		r = shell_fail(sh, "packet-out needs data=HEX (an Ethernet frame)");
	if (!r && shell_handle(sh, false) &&
	    cvsw_packet_out(sh->h, ws->w[1], in_port, acts, n_acts, data, len))
		r = lib_fail(sh);
	else if (!r && !sh->h)
		r = -1;
	free(data);
	return r;
}

/* ---------------- dispatch ---------------- */

int shell_run(struct shell *sh, const char *line)
{
	struct words *ws = malloc(sizeof(*ws));
	const char *cmd;
	int r;

	sh->err[0] = '\0';
	if (!ws)
		return shell_fail(sh, "out of memory");
	if (split(line, ws, sh)) {
		free(ws);
		return -1;
	}
	if (!ws->n || ws->w[0][0] == '#') {
		free(ws);
		return 0;
	}
	cmd = ws->w[0];
	if (!strcmp(cmd, "quit") || !strcmp(cmd, "exit"))
		r = 1;
	else if (!strcmp(cmd, "help"))
		r = shell_help(ws->n > 1 ? ws->w[1] : NULL, stdout) ? 0
			: shell_fail(sh, "no such command \"%s\"", ws->w[1]);
	else if (!strcmp(cmd, "show"))
		r = cmd_show(sh, ws);
	else if (!strcmp(cmd, "set"))
		r = cmd_set(sh, ws);
	else if (!strcmp(cmd, "flow"))
		r = cmd_flow(sh, ws);
	else if (!strcmp(cmd, "stats"))
		r = ws->n >= 2 ? cmd_stats(sh, ws) : shell_fail(sh, "usage: stats DEV [table|ports]");
	else if (!strcmp(cmd, "monitor"))
		r = cmd_monitor(sh, ws);
	else if (!strcmp(cmd, "packet-out"))
		r = cmd_packet_out(sh, ws);
	else
		r = shell_fail(sh, "unknown command \"%s\" (try help)", cmd);
	free(ws);
	fflush(stdout);
	return r;
}
