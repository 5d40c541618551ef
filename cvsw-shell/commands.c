/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The top-level commands of cvsw-shell and the dispatcher. Every command
 * word is an entry of a table (struct shell_sub) that the dispatcher, the
 * help text and TAB completion read; each group's handlers and subtables
 * are in its cmd_*.c.
 */
#include <stdlib.h>
#include <string.h>

#include "shell.h"

const struct shell_sub *shell_sub_find(const struct shell_sub *table, const char *name)
{
	for (; table->name; table++)
		if (!strcmp(name, table->name) ||
		    (table->alias && !strcmp(name, table->alias)))
			return table;
	return NULL;
}

bool shell_args_fit(const struct shell_sub *sub, int n)
{
	return n >= sub->min_args && n <= sub->max_args;
}

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
	"  nw_proto nw_src[/N] nw_dst[/N] tp_src tp_dst tun_id tun_src[/N]\n" \
	"  tun_dst[/N] cookie idle_timeout hard_timeout send_flow_rem check_overlap;\n" \
	"  shorthands ip tcp udp icmp arp.\n" \
	"Actions: output:PORT in_port normal flood all controller[:LEN] local drop\n" \
	"  mod_vlan_vid:N mod_vlan_pcp:N strip_vlan mod_dl_src:MAC mod_dl_dst:MAC\n" \
	"  mod_nw_src:IP mod_nw_dst:IP mod_nw_tos:N mod_tp_src:N mod_tp_dst:N\n" \
	"  enqueue:PORT:QUEUE set_tunnel:N set_tunnel64:N set_field:VALUE->FIELD.\n" \
	"Ports: numbers, host (1), net (2), a tunnel's name (in_port=vx0, output:vx0).\n"

const struct shell_sub shell_commands[] = {
	{ .name = "show", .help_col = 26, .max_args = SHELL_ANY_ARGS,
	  .subs = cmd_show_subs, .run = cmd_show },
	{ .name = "set", .help_col = 36, .max_args = SHELL_ANY_ARGS,
	  .subs = cmd_set_subs, .run = cmd_set },
	{ .name = "flow", .help = FLOW_SYNTAX_HELP, .help_col = 36,
	  .max_args = SHELL_ANY_ARGS, .subs = cmd_flow_subs, .run = cmd_flow },
	{ .name = "tunnel", .help_col = 36, .max_args = SHELL_ANY_ARGS,
	  .subs = cmd_tunnel_subs, .run = cmd_tunnel },
	{ .name = "stats", .usage = "stats DEV [table|ports]",
	  .help = "flow table and per-port counters", .min_args = 1, .max_args = 2,
	  .needs_dev = true, .args = SHELL_ARGS_WORDS, .words = cmd_stats_parts,
	  .run = cmd_stats },
	{ .name = "monitor", .usage = "monitor [DEV] [--count N]",
	  .help = "print packet-in, flow-removed and port-status\n"
		  "events as they happen, until Ctrl-C (or N events)",
	  .max_args = SHELL_ANY_ARGS, .args = SHELL_ARGS_DEVICE, .run = cmd_monitor },
	{ .name = "packet-out", .usage = "packet-out DEV [in_port=PORT] actions=LIST data=HEX",
	  .help = "run LIST on the Ethernet frame HEX", .min_args = 2,
	  .max_args = SHELL_ANY_ARGS, .needs_dev = true, .args = SHELL_ARGS_WORDS,
	  .words = cmd_packet_out_keys, .run = cmd_packet_out },
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
	if (!shell_args_fit(cmd, ws->n - 1))
		return shell_fail(sh, "usage: %s", cmd->usage);
	c = calloc(1, sizeof(*c));
	if (!c)
		return shell_fail(sh, "out of memory");
	c->sub = cmd;
	c->ws = ws;
	c->arg = 1;
	if (cmd->needs_dev)
		c->dev = ws->w[c->arg++];
	shell_ports_init(&c->ports, sh, c->dev);
	r = cmd->run(sh, c);
	shell_ports_free(&c->ports);
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
	if (shell_split(line, ws, sh))
		r = -1;
	else if (ws->n && ws->w[0][0] != '#')
		r = run_command(sh, ws);
	free(ws);
	fflush(stdout);
	return r;
}
