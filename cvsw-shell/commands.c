/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The commands of cvsw-shell. A line is split into words (blanks; '...'
 * and "..." quote); a FLOW or MATCH argument is the rest of the words
 * joined by single blanks, so error columns count in that text. Every
 * command word is an entry of a table (struct shell_sub) that the
 * dispatcher, the help text and TAB completion read.
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

volatile sig_atomic_t shell_interrupted;

/* One command being run: what its table entry says, found in its words. */
struct shell_call {
	const struct shell_sub *sub;
	struct words *ws;
	int arg;		/* first word after the name, DEV and option */
	const char *dev;	/* NULL without needs_dev */
	bool option;		/* sub->option was given */
	char text[8192];	/* SHELL_ARGS_FLOW/MATCH: the words joined */
	struct cvsw_flow *flow;	/* ... and parsed with sub->mode */
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

/* A library call's result as the shell's. */
static int lib_result(struct shell *sh, int r)
{
	return r ? lib_fail(sh) : 0;
}

const struct shell_sub *shell_sub_find(const struct shell_sub *table, const char *name)
{
	for (; table->name; table++)
		if (!strcmp(name, table->name) ||
		    (table->alias && !strcmp(name, table->alias)))
			return table;
	return NULL;
}

/* Whether n words after the name are what sub takes. */
static bool args_fit(const struct shell_sub *sub, int n)
{
	return n >= sub->min_args && n <= sub->max_args;
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
		if (ws->n == SHELL_MAX_WORDS)
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

static int show_devices(struct shell *sh, struct shell_call *call)
{
	struct dump_ctx c = { .sh = sh };
	int r;

	(void)call;
	if (!shell_handle(sh, false))
		return -1;
	json_init(&c.j, stdout);
	if (sh->json)
		json_arr(&c.j);
	else
		printf("%-7s %-15s %-16s %-17s %-5s %-4s %-10s %s\n", "IFINDEX",
		       "NAME", "DATAPATH_ID", "MAC", "MTU", "LINK", "MISS", "FLOWS");
	r = cvsw_device_dump(sh->h, show_dev_cb, &c);
	if (sh->json) {
		json_arr_end(&c.j);
		putchar('\n');
	}
	return lib_result(sh, r);
}

static int show_device(struct shell *sh, struct shell_call *call)
{
	struct cvsw_device d;
	struct json j;

	if (!shell_handle(sh, false))
		return -1;
	if (cvsw_device_get(sh->h, call->dev, &d))
		return lib_fail(sh);
	if (sh->json) {
		json_init(&j, stdout);
		render_device_json(&j, &d);
		putchar('\n');
	} else {
		render_device_text(stdout, &d, false);
	}
	return 0;
}

static const struct shell_sub show_subs[] = {
	{ .name = "devices", .usage = "devices", .help = "list the cvsw_net devices",
	  .run = show_devices },
	{ .name = "device", .usage = "device DEV",
	  .help = "one device: identity, MTU, link, miss policy,\n"
		  "packet-in rate, flows, offloads",
	  .min_args = 1, .max_args = 1, .needs_dev = true, .run = show_device },
	{ NULL },
};

/* "usage: show devices | show device DEV" */
static int show_usage(struct shell *sh)
{
	char buf[256] = "usage: ";

	for (const struct shell_sub *s = show_subs; s->name; s++) {
		size_t len = strlen(buf);

		snprintf(buf + len, sizeof(buf) - len, "%sshow %s",
			 s == show_subs ? "" : " | ", s->usage);
	}
	return shell_fail(sh, "%s", buf);
}

static int cmd_show(struct shell *sh, struct shell_call *c)
{
	struct words *ws = c->ws;
	const struct shell_sub *sub = ws->n > 1 ? shell_sub_find(show_subs, ws->w[1]) : NULL;

	if (!sub || !args_fit(sub, ws->n - 2))
		return show_usage(sh);
	c->sub = sub;
	c->dev = sub->needs_dev ? ws->w[2] : NULL;
	return sub->run(sh, c);
}

/* ---------------- set ---------------- */

static const char *offload_choice(unsigned i)
{
	return i < CVSW_OFFLOAD_LAST ? cvsw_offload_name(CVSW_OFFLOAD_RX_CSUM + i) : NULL;
}

static const char *miss_choice(unsigned i)
{
	return cvsw_miss_name((enum cvsw_miss)i);
}

/* on first: "on|off", "on or off" */
static const char *on_off_choice(unsigned i)
{
	static const char *const on_off[] = { "on", "off" };

	return i < 2 ? on_off[i] : NULL;
}

/* The index of word among choice()'s words, -1 if none. */
static int choice_index(const char *(*choice)(unsigned), const char *word)
{
	for (unsigned i = 0; choice(i); i++)
		if (!strcmp(word, choice(i)))
			return (int)i;
	return -1;
}

static int set_mtu(struct shell *sh, struct shell_call *c)
{
	uint32_t v;

	if (parse_u32(sh, c->ws->w[c->arg], "MTU", &v) || !shell_handle(sh, false))
		return -1;
	return lib_result(sh, cvsw_device_set_mtu(sh->h, c->dev, v));
}

static int set_packet_in_rate(struct shell *sh, struct shell_call *c)
{
	uint32_t v;

	if (parse_u32(sh, c->ws->w[c->arg], "rate", &v) || !shell_handle(sh, false))
		return -1;
	return lib_result(sh, cvsw_device_set_packet_in_rate(sh->h, c->dev, v));
}

static int set_miss(struct shell *sh, struct shell_call *c)
{
	const char *word = c->ws->w[c->arg];
	int m = cvsw_miss_from_name(word);
	char names[128] = "";

	if (m < 0) {
		shell_choices(names, sizeof(names), miss_choice, ", ", " or ");
		return shell_fail(sh, "invalid miss policy \"%s\" (%s)", word, names);
	}
	if (!shell_handle(sh, false))
		return -1;
	return lib_result(sh, cvsw_device_set_miss(sh->h, c->dev, (enum cvsw_miss)m));
}

static int set_offload(struct shell *sh, struct shell_call *c)
{
	const char *name = c->ws->w[c->arg], *state = c->ws->w[c->arg + 1];
	int o = cvsw_offload_from_name(name);
	int on = choice_index(on_off_choice, state);
	char names[128] = "";

	if (o < 0) {
		shell_choices(names, sizeof(names), offload_choice, ", ", ", ");
		return shell_fail(sh, "unknown offload \"%s\" (%s)", name, names);
	}
	if (on < 0) {
		shell_choices(names, sizeof(names), on_off_choice, " or ", " or ");
		return shell_fail(sh, "expected %s, not \"%s\"", names, state);
	}
	if (!shell_handle(sh, false))
		return -1;
	return lib_result(sh, cvsw_device_set_offload(sh->h, c->dev, (enum cvsw_offload)o,
						      on == 0));
}

static const struct shell_value number_value[] = { { .placeholder = "N" } };
static const struct shell_value miss_value[] = { { .choice = miss_choice } };
static const struct shell_value offload_values[] = {
	{ .placeholder = "NAME", .choice = offload_choice },
	{ .choice = on_off_choice },
};

/* set device DEV ITEM VALUE...: the items */
static const struct shell_sub set_items[] = {
	{ .name = "mtu", .min_args = 1, .max_args = 1, .args = SHELL_ARGS_VALUES,
	  .values = number_value, .run = set_mtu },
	{ .name = "offload", .min_args = 2, .max_args = 2, .args = SHELL_ARGS_VALUES,
	  .values = offload_values, .run = set_offload },
	{ .name = "miss", .min_args = 1, .max_args = 1, .args = SHELL_ARGS_VALUES,
	  .values = miss_value, .run = set_miss },
	{ .name = "packet-in-rate", .help = "packet-in events per second, 0 = off",
	  .min_args = 1, .max_args = 1, .args = SHELL_ARGS_VALUES,
	  .values = number_value, .run = set_packet_in_rate },
	{ NULL },
};

static const struct shell_sub set_subs[] = {
	{ .name = "device", .usage = "device DEV", .needs_dev = true, .subs = set_items },
	{ NULL },
};

/* "usage: set device DEV mtu N | offload NAME on|off | ..." */
static int set_usage(struct shell *sh)
{
	char buf[512];

	snprintf(buf, sizeof(buf), "usage: set %s ", set_subs[0].usage);
	for (const struct shell_sub *s = set_items; s->name; s++) {
		if (s != set_items)
			strncat(buf, " | ", sizeof(buf) - strlen(buf) - 1);
		shell_sub_usage(buf, sizeof(buf), s, false);
	}
	return shell_fail(sh, "%s", buf);
}

/* set device DEV ITEM VALUE... */
static int cmd_set(struct shell *sh, struct shell_call *c)
{
	struct words *ws = c->ws;
	const struct shell_sub *dev = ws->n > 1 ? shell_sub_find(set_subs, ws->w[1]) : NULL;
	const struct shell_sub *item = dev && ws->n > 3 ? shell_sub_find(dev->subs, ws->w[3]) : NULL;

	if (!item || !args_fit(item, ws->n - 4))
		return set_usage(sh);
	c->sub = item;
	c->dev = ws->w[2];
	c->arg = 4;
	return item->run(sh, c);
}

/* ---------------- flow ---------------- */

#define FLOW_STRICT "--strict"
#define FLOW_SPARSE_ACK "--sparse-ack"

/* One flow, as flow get and flow parse print it. */
static void print_flow(struct shell *sh, const struct cvsw_flow *f, bool stats)
{
	char line[8192];
	struct json j;

	if (sh->json) {
		json_init(&j, stdout);
		render_flow_json(&j, f);
		putchar('\n');
		return;
	}
	if (stats)
		cvsw_flow_format_stats(line, sizeof(line), f);
	else
		cvsw_flow_format(line, sizeof(line), f);
	puts(line);
}

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
		if (cvsw_flow_parse(c->line, CVSW_PARSE_DUMP, c->f, &err))
			return shell_fail(c->sh, "%s:%u: %s", c->file, lineno,
					  err.text + strlen("error "));
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
		return lib_fail(sh);
	c->ran = true;
	while (getline(&c->line, &c->cap, c->in) >= 0 && !r) {
		if (skip_line(c->line))
			continue;
		cvsw_flow_parse(c->line, CVSW_PARSE_DUMP, c->f, NULL);
		if (cvsw_batch_add(b, c->f))
			r = lib_fail(sh);
	}
	if (cvsw_batch_finish(b, &c->res) && !r)
		r = c->res.n_failed ?
			shell_fail(sh, "%zu of %zu flows failed (first: %s:%u)",
				   c->res.n_failed, c->res.n_sent, c->file,
				   c->lines[c->res.first_failed]) :
			lib_fail(sh);
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

static int flow_add_batch(struct shell *sh, struct shell_call *call)
{
	struct words *ws = call->ws;
	const char *opt = call->arg + 1 < ws->n ? ws->w[call->arg + 1] : NULL;
	struct batch_ctx c = { .sh = sh, .dev = call->dev, .file = ws->w[call->arg] };
	int r;

	if (opt && strcmp(opt, FLOW_SPARSE_ACK))
		return shell_fail(sh, "usage: flow %s", call->sub->usage);
	c.flags = opt ? CVSW_BATCH_SPARSE_ACK : 0;
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

static int flow_add(struct shell *sh, struct shell_call *c)
{
	return lib_result(sh, cvsw_flow_add(sh->h, c->dev, c->flow));
}

static int flow_mod(struct shell *sh, struct shell_call *c)
{
	return lib_result(sh, cvsw_flow_mod(sh->h, c->dev, c->flow, c->option));
}

static int flow_del(struct shell *sh, struct shell_call *c)
{
	return lib_result(sh, cvsw_flow_del(sh->h, c->dev, c->flow, c->option));
}

static int flow_get(struct shell *sh, struct shell_call *c)
{
	struct cvsw_flow *out = malloc(sizeof(*out));
	int r;

	if (!out)
		return shell_fail(sh, "out of memory");
	r = lib_result(sh, cvsw_flow_get(sh->h, c->dev, c->flow, out));
	if (!r)
		print_flow(sh, out, true);
	free(out);
	return r;
}

static int flow_dump(struct shell *sh, struct shell_call *call)
{
	struct dump_ctx c = { .sh = sh };
	int r;

	json_init(&c.j, stdout);
	if (sh->json)
		json_arr(&c.j);
	shell_interrupted = 0;
	/* no filter at all: dump without a CVSW_A_FLOW */
	r = cvsw_flow_dump(sh->h, call->dev, call->text[0] ? call->flow : NULL,
			   flow_dump_cb, &c);
	if (sh->json) {
		json_arr_end(&c.j);
		putchar('\n');
	}
	if (r == -EINTR)
		return shell_fail(sh, "interrupted");
	return lib_result(sh, r);
}

static int flow_flush(struct shell *sh, struct shell_call *c)
{
	return lib_result(sh, cvsw_flow_flush(sh->h, c->dev));
}

/* no kernel: check a flow and print its canonical form */
static int flow_parse(struct shell *sh, struct shell_call *c)
{
	print_flow(sh, c->flow, false);
	return 0;
}

static const struct shell_sub flow_subs[] = {
	{ .name = "add", .usage = "add DEV FLOW",
	  .help = "add (e.g. priority=100,ip,nw_dst=10.0.0.0/8,actions=output:2)",
	  .min_args = 2, .max_args = SHELL_ANY_ARGS, .needs_dev = true,
	  .args = SHELL_ARGS_FLOW, .mode = CVSW_PARSE_DUMP, .connects = true,
	  .run = flow_add },
	{ .name = "mod", .usage = "mod DEV [" FLOW_STRICT "] FLOW",
	  .help = "modify the actions of matching flows",
	  .min_args = 2, .max_args = SHELL_ANY_ARGS, .needs_dev = true,
	  .args = SHELL_ARGS_FLOW, .option = FLOW_STRICT, .mode = CVSW_PARSE_DUMP,
	  .connects = true, .run = flow_mod },
	{ .name = "del", .usage = "del DEV [" FLOW_STRICT "] [MATCH]",
	  .help = "delete (MATCH may hold out_port=PORT)",
	  .min_args = 1, .max_args = SHELL_ANY_ARGS, .needs_dev = true,
	  .args = SHELL_ARGS_MATCH, .option = FLOW_STRICT, .mode = CVSW_PARSE_MATCH,
	  .connects = true, .run = flow_del },
	{ .name = "get", .usage = "get DEV MATCH",
	  .help = "the flow with exactly this match and priority",
	  .min_args = 1, .max_args = SHELL_ANY_ARGS, .needs_dev = true,
	  .args = SHELL_ARGS_MATCH, .mode = CVSW_PARSE_MATCH, .connects = true,
	  .run = flow_get },
	{ .name = "dump", .usage = "dump DEV [MATCH]",
	  .help = "one flow a line, with its counters",
	  .min_args = 1, .max_args = SHELL_ANY_ARGS, .needs_dev = true,
	  .args = SHELL_ARGS_MATCH, .mode = CVSW_PARSE_MATCH, .connects = true,
	  .run = flow_dump },
	{ .name = "flush", .usage = "flush DEV",
	  .help = "delete every flow (no flow-removed events)",
	  .min_args = 1, .max_args = 1, .needs_dev = true, .connects = true,
	  .run = flow_flush },
	{ .name = "add-batch", .usage = "add-batch DEV FILE [" FLOW_SPARSE_ACK "]",
	  .help = "add one flow per line of FILE in large batches",
	  .min_args = 2, .max_args = 3, .needs_dev = true, .args = SHELL_ARGS_FILE,
	  .run = flow_add_batch },
	{ .name = "parse", .usage = "parse FLOW",
	  .help = "check a flow and print its canonical form",
	  .max_args = SHELL_ANY_ARGS, .args = SHELL_ARGS_FLOW, .mode = CVSW_PARSE_FLOW,
	  .run = flow_parse },
	{ NULL },
};

static bool takes_no_dev(const struct shell_sub *s)
{
	return !s->needs_dev;
}

static bool takes_no_option(const struct shell_sub *s)
{
	return !s->option;
}

/* "usage: flow add|mod|...|add-batch DEV ... (help flow)" */
static int flow_usage(struct shell *sh)
{
	char names[256] = "";

	shell_names(names, sizeof(names), flow_subs, "|", "|", takes_no_dev);
	return shell_fail(sh, "usage: flow %s DEV ... (help flow)", names);
}

static int flow_unknown(struct shell *sh, const char *name)
{
	char names[256] = "";

	shell_names(names, sizeof(names), flow_subs, ", ", ", ", NULL);
	return shell_fail(sh, "unknown flow command \"%s\" (%s)", name, names);
}

/* "--strict is for flow mod and flow del" */
static int flow_no_option(struct shell *sh)
{
	char names[256] = "";

	shell_names(names, sizeof(names), flow_subs, " and flow ", " and flow ",
		    takes_no_option);
	return shell_fail(sh, "%s is for flow %s", FLOW_STRICT, names);
}

static bool takes_text(const struct shell_sub *s)
{
	return s->args == SHELL_ARGS_FLOW || s->args == SHELL_ARGS_MATCH;
}

/* The option between DEV and the text (flow mod DEV --strict FLOW). */
static int flow_take_option(struct shell *sh, struct shell_call *c)
{
	struct words *ws = c->ws;

	if (!c->sub->needs_dev || !takes_text(c->sub) || c->arg >= ws->n ||
	    strcmp(ws->w[c->arg], FLOW_STRICT))
		return 0;
	if (!c->sub->option)
		return flow_no_option(sh);
	c->option = true;
	c->arg++;
	return 0;
}

/* The words after DEV as a flow, checked before the kernel is asked. */
static int flow_take_text(struct shell *sh, struct shell_call *c)
{
	/* a text the command needs (more words than DEV), even if quoted empty */
	bool needed = c->sub->min_args > (c->sub->needs_dev ? 1 : 0);

	join(c->ws, c->arg, c->text, sizeof(c->text));
	if (needed && !c->text[0])
		return shell_fail(sh, "usage: flow %s", c->sub->usage);
	c->flow = malloc(sizeof(*c->flow));
	if (!c->flow)
		return shell_fail(sh, "out of memory");
	return flow_text(sh, c->text, c->sub->mode, c->flow);
}

static int flow_call(struct shell *sh, struct shell_call *c)
{
	const struct shell_sub *sub = c->sub;

	c->arg = 2;
	if (sub->needs_dev)
		c->dev = c->ws->w[c->arg++];
	if (flow_take_option(sh, c))
		return -1;
	if (!args_fit(sub, c->ws->n - 2 - c->option))
		return shell_fail(sh, "usage: flow %s", sub->usage);
	if (takes_text(sub) && flow_take_text(sh, c))
		return -1;
	if (sub->connects && !shell_handle(sh, false))
		return -1;
	return sub->run(sh, c);
}

static int cmd_flow(struct shell *sh, struct shell_call *c)
{
	struct words *ws = c->ws;
	const char *name = ws->n > 1 ? ws->w[1] : "";
	const struct shell_sub *sub = shell_sub_find(flow_subs, name);
	int r;

	if (ws->n < 3 && !(sub && !sub->needs_dev))
		return flow_usage(sh);
	if (!sub)
		return flow_unknown(sh, name);
	c->sub = sub;
	r = flow_call(sh, c);
	free(c->flow);
	return r;
}

/* ---------------- stats ---------------- */

static const char *port_label(uint16_t p)
{
	return p == CVSW_PORT_HOST ? " (host)" : p == CVSW_PORT_NET ? " (net)" : "";
}

/* stats DEV [PART]: the parts, both without one */
enum stats_part { STATS_TABLE, STATS_PORTS, N_STATS_PARTS };

static const char *const stats_parts[] = {
	[STATS_TABLE] = "table",
	[STATS_PORTS] = "ports",
	NULL,
};

#define MAX_PORTS 16

struct stats {
	bool show[N_STATS_PARTS];
	struct cvsw_table_stats t;
	struct cvsw_port_stats ports[MAX_PORTS];
	unsigned n_ports;
};

static void stats_json(const struct stats *s)
{
	struct json j;

	json_init(&j, stdout);
	json_obj(&j);
	if (s->show[STATS_TABLE]) {
		json_key(&j, "table");
		json_obj(&j);
		json_ku64(&j, "active", s->t.active);
		json_ku64(&j, "max_entries", s->t.max_entries);
		json_ku64(&j, "masks", s->t.masks);
		json_ku64(&j, "lookups", s->t.lookups);
		json_ku64(&j, "matched", s->t.matched);
		json_obj_end(&j);
	}
	if (s->show[STATS_PORTS]) {
		json_key(&j, "ports");
		json_arr(&j);
		for (unsigned i = 0; i < s->n_ports; i++) {
			const struct cvsw_port_stats *p = &s->ports[i];

			json_obj(&j);
			json_ku64(&j, "port", p->port);
			json_ku64(&j, "rx_packets", p->rx_packets);
			json_ku64(&j, "rx_bytes", p->rx_bytes);
			json_ku64(&j, "tx_packets", p->tx_packets);
			json_ku64(&j, "tx_bytes", p->tx_bytes);
			json_ku64(&j, "dropped", p->dropped);
			json_obj_end(&j);
		}
		json_arr_end(&j);
	}
	json_obj_end(&j);
	putchar('\n');
}

static void stats_text(const struct stats *s)
{
	if (s->show[STATS_TABLE])
		printf("table: active=%u max_entries=%u masks=%u lookups=%" PRIu64
		       " matched=%" PRIu64 "\n", s->t.active, s->t.max_entries,
		       s->t.masks, s->t.lookups, s->t.matched);
	for (unsigned i = 0; s->show[STATS_PORTS] && i < s->n_ports; i++) {
		const struct cvsw_port_stats *p = &s->ports[i];

		printf("port %u%s: rx_packets=%" PRIu64 " rx_bytes=%" PRIu64
		       " tx_packets=%" PRIu64 " tx_bytes=%" PRIu64
		       " dropped=%" PRIu64 "\n", p->port, port_label(p->port),
		       p->rx_packets, p->rx_bytes, p->tx_packets, p->tx_bytes,
		       p->dropped);
	}
}

static int cmd_stats(struct shell *sh, struct shell_call *c)
{
	struct stats s = { .show = { true, true } };

	if (c->arg < c->ws->n) {
		const char *part = c->ws->w[c->arg];

		for (int i = 0; i < N_STATS_PARTS; i++)
			s.show[i] = !strcmp(part, stats_parts[i]);
		if (!s.show[STATS_TABLE] && !s.show[STATS_PORTS])
			return shell_fail(sh, "usage: %s", c->sub->usage);
	}
	if (!shell_handle(sh, false))
		return -1;
	if (cvsw_stats_get(sh->h, c->dev, &s.t, s.ports, MAX_PORTS, &s.n_ports))
		return lib_fail(sh);
	if (s.n_ports > MAX_PORTS)
		s.n_ports = MAX_PORTS;
	if (sh->json)
		stats_json(&s);
	else
		stats_text(&s);
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

/* monitor [DEV] [--count N] */
static int mon_args(struct shell *sh, struct shell_call *call, struct mon_ctx *c)
{
	struct words *ws = call->ws;

	for (int i = call->arg; i < ws->n; i++) {
		if (!strcmp(ws->w[i], "--count") && i + 1 < ws->n) {
			uint32_t v;

			if (parse_u32(sh, ws->w[++i], "count", &v) || !v)
				return shell_fail(sh, "invalid count \"%s\"", ws->w[i]);
			c->remaining = v;
		} else if (ws->w[i][0] != '-' && !c->ifindex) {
			struct cvsw_device d;

			if (!shell_handle(sh, false))
				return -1;
			if (cvsw_device_get(sh->h, ws->w[i], &d))
				return lib_fail(sh);
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
			return lib_fail(sh);
		if (c->remaining == 0)
			return 0;	/* --count reached */
		if (watch_stdin && p[1].revents && read(0, buf, sizeof(buf)) <= 0)
			return 0;	/* Ctrl-D */
	}
	return 0;
}

static int cmd_monitor(struct shell *sh, struct shell_call *call)
{
	struct mon_ctx c = { .sh = sh, .remaining = -1 };
	struct sigaction sa = { .sa_handler = on_sigint }, old_int, old_term;
	int r;

	if (mon_args(sh, call, &c) || !shell_handle(sh, false))
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
	r = mon_loop(sh, &c, sh->interactive && isatty(0));
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

/* What packet-out was given. */
struct pout {
	uint16_t in_port;
	struct cvsw_action acts[CVSW_MAX_ACTIONS];
	unsigned n_acts;
	bool have_actions;
	uint8_t *data;
	size_t len;
};

static int pout_in_port(struct shell *sh, struct pout *p, const char *v)
{
	if (cvsw_port_parse(v, &p->in_port))
		return shell_fail(sh, "invalid port \"%s\"", v);
	return 0;
}

static int pout_actions(struct shell *sh, struct pout *p, const char *v)
{
	struct cvsw_parse_error err;

	p->have_actions = true;
	if (cvsw_actions_parse(v, p->acts, CVSW_MAX_ACTIONS, &p->n_acts, &err))
		return shell_fail(sh, "actions: %s", err.text + strlen("error "));
	return 0;
}

/* Hex bytes, ':' and '.' between them ignored. */
static int pout_data(struct shell *sh, struct pout *p, const char *v)
{
	const char *s = v;

	free(p->data);
	p->len = 0;
	p->data = malloc(strlen(v) / 2 + 1);
	if (!p->data)
		return shell_fail(sh, "out of memory");
	while (*s) {
		int hi, lo;

		if (*s == ':' || *s == '.') {
			s++;
			continue;
		}
		hi = hexval((unsigned char)s[0]);
		lo = hi < 0 ? -1 : hexval((unsigned char)s[1]);
		if (lo < 0)
			return shell_fail(sh, "invalid hex in data= at offset %zu",
					  (size_t)(s - v));
		p->data[p->len++] = (uint8_t)(hi << 4 | lo);
		s += 2;
	}
	return 0;
}

/* The KEY=VALUE words of packet-out: their keys (also for TAB) and parsers. */
enum pout_key { POUT_IN_PORT, POUT_ACTIONS, POUT_DATA, N_POUT_KEYS };

static const char *const pout_keys[] = {
	[POUT_IN_PORT] = "in_port=",
	[POUT_ACTIONS] = "actions=",
	[POUT_DATA] = "data=",
	NULL,
};

static int (*const pout_parse[N_POUT_KEYS])(struct shell *, struct pout *, const char *) = {
	[POUT_IN_PORT] = pout_in_port,
	[POUT_ACTIONS] = pout_actions,
	[POUT_DATA] = pout_data,
};

static int pout_arg(struct shell *sh, struct pout *p, const char *w)
{
	char keys[64] = "";

	for (int i = 0; i < N_POUT_KEYS; i++) {
		size_t l = strlen(pout_keys[i]);

		if (!strncmp(w, pout_keys[i], l))
			return pout_parse[i](sh, p, w + l);
	}
	for (int i = 0; i < N_POUT_KEYS; i++)
		snprintf(keys + strlen(keys), sizeof(keys) - strlen(keys), "%s%s",
			 i ? ", " : "", pout_keys[i]);
	return shell_fail(sh, "unknown packet-out argument \"%s\" (%s)", w, keys);
}

static int pout_send(struct shell *sh, const char *dev, const struct pout *p)
{
	if (!p->have_actions)
		return shell_fail(sh, "packet-out needs actions= (actions=drop to drop)");
	if (!p->len)
		return shell_fail(sh, "packet-out needs data=HEX (an Ethernet frame)");
	if (!shell_handle(sh, false))
		return -1;
	return lib_result(sh, cvsw_packet_out(sh->h, dev, p->in_port, p->acts,
					      p->n_acts, p->data, p->len));
}

static int cmd_packet_out(struct shell *sh, struct shell_call *c)
{
	struct pout p = { .in_port = CVSW_PORT_NONE };
	int r = 0;

	for (int i = c->arg; i < c->ws->n && !r; i++)
		r = pout_arg(sh, &p, c->ws->w[i]);
	if (!r)
		r = pout_send(sh, c->dev, &p);
	free(p.data);
	return r;
}

/* ---------------- dispatch ---------------- */

static int cmd_help(struct shell *sh, struct shell_call *c)
{
	const char *name = c->arg < c->ws->n ? c->ws->w[c->arg] : NULL;

	return shell_help(name, stdout) ? 0 : shell_fail(sh, "no such command \"%s\"", name);
}

static int cmd_quit(struct shell *sh, struct shell_call *c)
{
	(void)sh;
	(void)c;
	return 1;
}

#define FLOW_SYNTAX_HELP \
	"Fields: priority in_port dl_src dl_dst dl_vlan dl_vlan_pcp dl_type nw_tos\n" \
	"  nw_proto nw_src[/N] nw_dst[/N] tp_src tp_dst tun_id cookie idle_timeout\n" \
	"  hard_timeout send_flow_rem check_overlap; shorthands ip tcp udp icmp arp.\n" \
	"Actions: output:PORT in_port normal flood all controller[:LEN] local drop\n" \
	"  mod_vlan_vid:N mod_vlan_pcp:N strip_vlan mod_dl_src:MAC mod_dl_dst:MAC\n" \
	"  mod_nw_src:IP mod_nw_dst:IP mod_nw_tos:N mod_tp_src:N mod_tp_dst:N\n" \
	"  enqueue:PORT:QUEUE. Ports: numbers, host (1), net (2).\n"

const struct shell_sub shell_commands[] = {
	{ .name = "show", .help_col = 26, .max_args = SHELL_ANY_ARGS, .subs = show_subs,
	  .run = cmd_show },
	{ .name = "set", .help_col = 36, .max_args = SHELL_ANY_ARGS, .subs = set_subs,
	  .run = cmd_set },
	{ .name = "flow", .help = FLOW_SYNTAX_HELP, .help_col = 36,
	  .max_args = SHELL_ANY_ARGS, .subs = flow_subs, .run = cmd_flow },
	{ .name = "stats", .usage = "stats DEV [table|ports]",
	  .help = "flow table and per-port counters", .min_args = 1, .max_args = 2,
	  .needs_dev = true, .args = SHELL_ARGS_WORDS, .words = stats_parts,
	  .run = cmd_stats },
	{ .name = "monitor", .usage = "monitor [DEV] [--count N]",
	  .help = "print packet-in, flow-removed and port-status\n"
		  "events as they happen, until Ctrl-C (or N events)",
	  .max_args = SHELL_ANY_ARGS, .args = SHELL_ARGS_DEVICE, .run = cmd_monitor },
	{ .name = "packet-out", .usage = "packet-out DEV [in_port=PORT] actions=LIST data=HEX",
	  .help = "run LIST on the Ethernet frame HEX", .min_args = 2,
	  .max_args = SHELL_ANY_ARGS, .needs_dev = true, .args = SHELL_ARGS_WORDS,
	  .words = pout_keys, .run = cmd_packet_out },
	{ .name = "help", .usage = "help [COMMAND]", .help = "this text",
	  .max_args = SHELL_ANY_ARGS, .args = SHELL_ARGS_COMMAND, .run = cmd_help },
	{ .name = "quit", .alias = "exit", .help = "leave the shell",
	  .max_args = SHELL_ANY_ARGS, .run = cmd_quit },
	{ NULL },
};

static int run_command(struct shell *sh, struct words *ws)
{
	const struct shell_sub *cmd = shell_sub_find(shell_commands, ws->w[0]);
	struct shell_call *c;
	int r;

	if (!cmd)
		return shell_fail(sh, "unknown command \"%s\" (try help)", ws->w[0]);
	if (!args_fit(cmd, ws->n - 1))
		return shell_fail(sh, "usage: %s", cmd->usage);
	c = calloc(1, sizeof(*c));
	if (!c)
		return shell_fail(sh, "out of memory");
	c->sub = cmd;
	c->ws = ws;
	c->arg = 1;
	if (cmd->needs_dev)
		c->dev = ws->w[c->arg++];
	r = cmd->run(sh, c);
	free(c);
	return r;
}

int shell_run(struct shell *sh, const char *line)
{
	struct words *ws = malloc(sizeof(*ws));
	int r = 0;

	sh->err[0] = '\0';
	if (!ws)
		return shell_fail(sh, "out of memory");
	if (split(line, ws, sh))
		r = -1;
	else if (ws->n && ws->w[0][0] != '#')
		r = run_command(sh, ws);
	free(ws);
	fflush(stdout);
	return r;
}
