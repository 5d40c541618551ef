/* SPDX-License-Identifier: GPL-2.0-or-later */
/* show devices, show device DEV, set device DEV ITEM VALUE... */
#include <string.h>

#include "shell.h"

static int show_dev_cb(const struct cvsw_device *d, void *arg)
{
	struct shell_dump *c = arg;

	if (c->sh->json)
		render_device_json(&c->j, d, NULL, NULL, 0);
	else
		render_device_text(stdout, d, true);
	c->n++;
	return 0;
}

static int show_devices(struct shell *sh, struct shell_call *call)
{
	struct shell_dump c = { .sh = sh };
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
	return shell_lib_result(sh, r);
}

static int show_device(struct shell *sh, struct shell_call *call)
{
	struct shell_ports *ports = &call->ports;
	struct cvsw_reasm_usage reasm;
	struct cvsw_device d;
	bool have_reasm;
	struct json j;

	if (!shell_handle(sh, false))
		return -1;
	if (cvsw_device_get(sh->h, call->dev, &d))
		return shell_lib_fail(sh);
	/* an older module does not report it: leave it out */
	have_reasm = !cvsw_device_reasm(sh->h, call->dev, &reasm);
	/* the ports too, unless the kernel cannot list them */
	shell_ports_init(ports, sh, call->dev);
	shell_ports_load(ports, true);
	if (sh->json) {
		json_init(&j, stdout);
		render_device_json(&j, &d, have_reasm ? &reasm : NULL,
				   ports->loaded ? ports->ports : NULL, ports->n);
		putchar('\n');
	} else {
		render_device_text(stdout, &d, false);
		if (have_reasm)
			render_reasm_text(stdout, &reasm);
		if (ports->loaded)
			render_ports_text(stdout, ports->ports, ports->n);
	}
	shell_ports_free(ports);
	return 0;
}

const struct shell_sub cmd_show_subs[] = {
	{ .name = "devices", .usage = "devices", .help = "list the cvsw_net devices",
	  .run = show_devices },
	{ .name = "device", .usage = "device DEV",
	  .help = "one device: identity, MTU, link, miss policy,\n"
		  "packet-in rate, flows, offloads, the STT/SCLP\n"
		  "reassembly table, ports (with each tunnel's\n"
		  "overhead)",
	  .min_args = 1, .max_args = 1, .needs_dev = true, .run = show_device },
	{ NULL },
};

/* "usage: show devices | show device DEV" */
static int show_usage(struct shell *sh)
{
	char buf[256] = "usage: ";

	for (const struct shell_sub *s = cmd_show_subs; s->name; s++) {
		size_t len = strlen(buf);

		snprintf(buf + len, sizeof(buf) - len, "%sshow %s",
			 s == cmd_show_subs ? "" : " | ", s->usage);
	}
	return shell_fail(sh, "%s", buf);
}

int cmd_show(struct shell *sh, struct shell_call *c)
{
	struct words *ws = c->ws;
	const struct shell_sub *sub = ws->n > 1 ? shell_sub_find(cmd_show_subs, ws->w[1]) : NULL;

	if (!sub || !shell_args_fit(sub, ws->n - 2))
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

/* An item whose value is a number; `what` names it in the message. */
static int set_number(struct shell *sh, struct shell_call *c, const char *what,
		      int (*set)(struct cvsw_handle *, const char *, uint32_t))
{
	uint32_t v;

	if (shell_parse_u32(sh, c->ws->w[c->arg], what, &v) || !shell_handle(sh, false))
		return -1;
	return shell_lib_result(sh, set(sh->h, c->dev, v));
}

static int set_mtu(struct shell *sh, struct shell_call *c)
{
	return set_number(sh, c, "MTU", cvsw_device_set_mtu);
}

static int set_packet_in_rate(struct shell *sh, struct shell_call *c)
{
	return set_number(sh, c, "rate", cvsw_device_set_packet_in_rate);
}

/* miss-send-len N|all: bytes of a table-miss packet-in */
static int set_miss_send_len(struct shell *sh, struct shell_call *c)
{
	const char *word = c->ws->w[c->arg];
	uint32_t v = CVSW_MAX_LEN_ALL;

	if (strcmp(word, "all") && shell_parse_u32(sh, word, "length", &v))
		return -1;
	if (v > CVSW_MAX_LEN_ALL)
		return shell_fail(sh, "length %u above %u (all)", v, CVSW_MAX_LEN_ALL);
	if (!shell_handle(sh, false))
		return -1;
	return shell_lib_result(sh, cvsw_device_set_miss_send_len(sh->h, c->dev,
								    (uint16_t)v));
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
	return shell_lib_result(sh, cvsw_device_set_miss(sh->h, c->dev, (enum cvsw_miss)m));
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
	return shell_lib_result(sh, cvsw_device_set_offload(sh->h, c->dev, (enum cvsw_offload)o,
						      on == 0));
}

static const struct shell_value number_value[] = { { .placeholder = "N" } };
static const struct shell_value miss_value[] = { { .choice = miss_choice } };
static const struct shell_value length_value[] = { { .placeholder = "N|all" } };
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
	{ .name = "miss-send-len", .help = "bytes of a table-miss packet-in, all = 65535",
	  .min_args = 1, .max_args = 1, .args = SHELL_ARGS_VALUES,
	  .values = length_value, .run = set_miss_send_len },
	{ .name = "packet-in-rate", .help = "packet-in events per second, 0 = off",
	  .min_args = 1, .max_args = 1, .args = SHELL_ARGS_VALUES,
	  .values = number_value, .run = set_packet_in_rate },
	{ NULL },
};

const struct shell_sub cmd_set_subs[] = {
	{ .name = "device", .usage = "device DEV", .needs_dev = true, .subs = set_items },
	{ NULL },
};

/* "usage: set device DEV mtu N | offload NAME on|off | ..." */
static int set_usage(struct shell *sh)
{
	char buf[512];

	snprintf(buf, sizeof(buf), "usage: set %s ", cmd_set_subs[0].usage);
	for (const struct shell_sub *s = set_items; s->name; s++) {
		if (s != set_items)
			strncat(buf, " | ", sizeof(buf) - strlen(buf) - 1);
		shell_sub_usage(buf, sizeof(buf), s, false);
	}
	return shell_fail(sh, "%s", buf);
}

/* set device DEV ITEM VALUE... */
int cmd_set(struct shell *sh, struct shell_call *c)
{
	struct words *ws = c->ws;
	const struct shell_sub *dev = ws->n > 1 ? shell_sub_find(cmd_set_subs, ws->w[1]) : NULL;
	const struct shell_sub *item = dev && ws->n > 3 ? shell_sub_find(dev->subs, ws->w[3]) : NULL;

	if (!item || !shell_args_fit(item, ws->n - 4))
		return set_usage(sh);
	c->sub = item;
	c->dev = ws->w[2];
	c->arg = 4;
	return item->run(sh, c);
}
