/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * flow SUBCOMMAND DEV [--strict] FLOW|MATCH: the subcommands' table and
 * the one path that checks words, option and text before a subcommand runs.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "shell.h"

#define FLOW_STRICT "--strict"
#define CMD_FLOW_SPARSE_ACK "--sparse-ack"

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
	struct shell_dump *c = arg;
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

/* The text as a flow; a tunnel's name in it makes the device's ports be
 * asked for (flow parse has no device: no names). */
static int flow_text(struct shell *sh, struct shell_call *c, struct cvsw_flow *f)
{
	struct cvsw_port_names names = shell_port_names(&c->ports);
	struct cvsw_parse_error err;

	(void)sh;
	c->ports.dev = c->dev;
	if (cvsw_flow_parse_names(c->text, c->sub->mode, c->dev ? &names : NULL,
				  f, &err))
		return shell_ports_parse_fail(&c->ports, "", &err);
	return 0;
}

static int flow_add(struct shell *sh, struct shell_call *c)
{
	return shell_lib_result(sh, cvsw_flow_add(sh->h, c->dev, c->flow));
}

static int flow_mod(struct shell *sh, struct shell_call *c)
{
	return shell_lib_result(sh, cvsw_flow_mod(sh->h, c->dev, c->flow, c->option));
}

static int flow_del(struct shell *sh, struct shell_call *c)
{
	return shell_lib_result(sh, cvsw_flow_del(sh->h, c->dev, c->flow, c->option));
}

static int flow_get(struct shell *sh, struct shell_call *c)
{
	struct cvsw_flow *out = malloc(sizeof(*out));
	int r;

	if (!out)
		return shell_fail(sh, "out of memory");
	r = shell_lib_result(sh, cvsw_flow_get(sh->h, c->dev, c->flow, out));
	if (!r)
		print_flow(sh, out, true);
	free(out);
	return r;
}

static int flow_dump(struct shell *sh, struct shell_call *call)
{
	struct shell_dump c = { .sh = sh };
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
	return shell_lib_result(sh, r);
}

static int flow_flush(struct shell *sh, struct shell_call *c)
{
	return shell_lib_result(sh, cvsw_flow_flush(sh->h, c->dev));
}

/* no kernel: check a flow and print its canonical form */
static int flow_parse(struct shell *sh, struct shell_call *c)
{
	print_flow(sh, c->flow, false);
	return 0;
}

const struct shell_sub cmd_flow_subs[] = {
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
	{ .name = "add-batch", .usage = "add-batch DEV FILE [" CMD_FLOW_SPARSE_ACK "]",
	  .help = "add one flow per line of FILE in large batches",
	  .min_args = 2, .max_args = 3, .needs_dev = true, .args = SHELL_ARGS_FILE,
	  .run = cmd_flow_add_batch },
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

	shell_names(names, sizeof(names), cmd_flow_subs, "|", "|", takes_no_dev);
	return shell_fail(sh, "usage: flow %s DEV ... (help flow)", names);
}

static int flow_unknown(struct shell *sh, const char *name)
{
	char names[256] = "";

	shell_names(names, sizeof(names), cmd_flow_subs, ", ", ", ", NULL);
	return shell_fail(sh, "unknown flow command \"%s\" (%s)", name, names);
}

/* "--strict is for flow mod and flow del" */
static int flow_no_option(struct shell *sh)
{
	char names[256] = "";

	shell_names(names, sizeof(names), cmd_flow_subs, " and flow ", " and flow ",
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

	shell_join(c->ws, c->arg, c->text, sizeof(c->text));
	if (needed && !c->text[0])
		return shell_fail(sh, "usage: flow %s", c->sub->usage);
	c->flow = malloc(sizeof(*c->flow));
	if (!c->flow)
		return shell_fail(sh, "out of memory");
	return flow_text(sh, c, c->flow);
}

static int flow_call(struct shell *sh, struct shell_call *c)
{
	const struct shell_sub *sub = c->sub;

	c->arg = 2;
	if (sub->needs_dev)
		c->dev = c->ws->w[c->arg++];
	if (flow_take_option(sh, c))
		return -1;
	if (!shell_args_fit(sub, c->ws->n - 2 - c->option))
		return shell_fail(sh, "usage: flow %s", sub->usage);
	if (takes_text(sub) && flow_take_text(sh, c))
		return -1;
	if (sub->connects && !shell_handle(sh, false))
		return -1;
	return sub->run(sh, c);
}

int cmd_flow(struct shell *sh, struct shell_call *c)
{
	struct words *ws = c->ws;
	const char *name = ws->n > 1 ? ws->w[1] : "";
	const struct shell_sub *sub = shell_sub_find(cmd_flow_subs, name);
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
