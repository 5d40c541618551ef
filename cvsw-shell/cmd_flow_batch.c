/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * flow add-batch DEV FILE [--sparse-ack]: every line checked first, then
 * streamed into one batch, and what the batch did reported.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "shell.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

struct batch_ctx {
	struct shell *sh;
	const char *dev;
	const char *file;
	FILE *in;
	unsigned flags;
	struct cvsw_flow *f;
	char *line;
	size_t cap;
	unsigned *lines;	/* line number of each flow index */
	size_t n_lines, alloc;
	size_t n_reported;
	bool ran;		/* the batch was created: report what it did */
	struct cvsw_batch_result res;
	double seconds;
	struct shell_ports *ports;	/* of dev, for tunnel names */
	struct cvsw_port_names names;
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

static int batch_note_line(struct batch_ctx *c, unsigned lineno)
{
	if (c->n_lines == c->alloc) {
		size_t alloc = c->alloc ? c->alloc * 2 : 4096;
		unsigned *p = realloc(c->lines, alloc * sizeof(*p));

		if (!p)
			return shell_fail(c->sh, "out of memory");
		c->lines = p;
		c->alloc = alloc;
	}
	c->lines[c->n_lines++] = lineno;
	return 0;
}

/* Pass 1: the syntax of every line, before anything is sent. */
static int batch_check(struct batch_ctx *c)
{
	unsigned lineno = 0;

	while (getline(&c->line, &c->cap, c->in) >= 0) {
		struct cvsw_parse_error err;

		lineno++;
		if (skip_line(c->line))
			continue;
		/* dump lines too: the output of flow dump replays */
		if (cvsw_flow_parse_names(c->line, CVSW_PARSE_DUMP, &c->names,
					  c->f, &err)) {
			char where[4200];

			snprintf(where, sizeof(where), "%s:%u: ", c->file, lineno);
			return shell_ports_parse_fail(c->ports, where, &err);
		}
		if (batch_note_line(c, lineno))
			return -1;
	}
	return 0;
}

/* Pass 2: parse again and stream into the batch (memory stays flat). */
static int batch_send(struct batch_ctx *c)
{
	struct shell *sh = c->sh;
	struct cvsw_batch *b;
	double t0 = now();
	int r = 0;

	rewind(c->in);
	b = cvsw_batch_new(sh->h, c->dev, c->flags, batch_err_cb, c);
	if (!b)
		return shell_lib_fail(sh);
	c->ran = true;
	while (getline(&c->line, &c->cap, c->in) >= 0 && !r) {
		if (skip_line(c->line))
			continue;
		cvsw_flow_parse_names(c->line, CVSW_PARSE_DUMP, &c->names, c->f, NULL);
		if (cvsw_batch_add(b, c->f))
			r = shell_lib_fail(sh);
	}
	if (cvsw_batch_finish(b, &c->res) && !r)
		r = c->res.n_failed ?
			shell_fail(sh, "%zu of %zu flows failed (first: %s:%u)",
				   c->res.n_failed, c->res.n_sent, c->file,
				   c->lines[c->res.first_failed]) :
			shell_lib_fail(sh);
	c->seconds = now() - t0;
	cvsw_batch_free(b);
	return r;
}

/* What a batch did, once it ran (also when some of it failed). */
static void batch_report(const struct batch_ctx *c, bool json)
{
	const struct cvsw_batch_result *res = &c->res;
	double rate = res->n_ok / (c->seconds > 0 ? c->seconds : 1e-9);
	struct json j;

	if (!json) {
		printf("added %zu flows in %.3fs (%.0f flows/s)", res->n_ok, c->seconds, rate);
		if (res->n_failed)
			printf(", %zu failed", res->n_failed);
		printf("\n");
		return;
	}
	json_init(&j, stdout);
	json_obj(&j);
	json_ku64(&j, "added", res->n_ok);
	json_ku64(&j, "failed", res->n_failed);
	json_key(&j, "seconds");
	printf("%.6f", c->seconds);
	j.comma[j.depth] = true;
	json_key(&j, "flows_per_second");
	printf("%.0f", rate);
	j.comma[j.depth] = true;
	json_ku64(&j, "sendmsg_calls", res->n_sendmsg);
	json_ku64(&j, "recv_calls", res->n_recv);
	json_obj_end(&j);
	putchar('\n');
}

static int batch_run(struct batch_ctx *c)
{
	int r;

	if (batch_check(c))
		return -1;
	if (!shell_handle(c->sh, false))
		return -1;
	r = batch_send(c);
	if (c->ran)
		batch_report(c, c->sh->json);
	return r;
}

int cmd_flow_add_batch(struct shell *sh, struct shell_call *call)
{
	struct words *ws = call->ws;
	const char *opt = call->arg + 1 < ws->n ? ws->w[call->arg + 1] : NULL;
	struct batch_ctx c = { .sh = sh, .dev = call->dev, .file = ws->w[call->arg],
			       .ports = &call->ports };
	int r;

	if (opt && strcmp(opt, CMD_FLOW_SPARSE_ACK))
		return shell_fail(sh, "usage: flow %s", call->sub->usage);
	c.flags = opt ? CVSW_BATCH_SPARSE_ACK : 0;
	/* tunnel names in the flows, from the kernel at the first one */
	call->ports.dev = call->dev;
	c.names = shell_port_names(c.ports);
	c.in = fopen(c.file, "r");
	if (!c.in)
		return shell_fail(sh, "%s: %s", c.file, strerror(errno));
	c.f = malloc(sizeof(*c.f));
	r = c.f ? batch_run(&c) : shell_fail(sh, "out of memory");
	free(c.line);
	free(c.f);
	free(c.lines);
	fclose(c.in);
	return r;
}
