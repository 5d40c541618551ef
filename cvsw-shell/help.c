/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The help command's text: one entry per command. */
#include <string.h>

#include "shell.h"

const char *const shell_commands[] = {
	"show", "set", "flow", "stats", "monitor", "packet-out", "help", "quit",
	"exit", NULL,
};

static const struct {
	const char *cmd;
	const char *text;
} help[] = {
	{ "show",
	  "show devices              list the cvsw_net devices\n"
	  "show device DEV           one device: identity, MTU, link, miss policy,\n"
	  "                          packet-in rate, flows, offloads\n" },
	{ "set",
	  "set device DEV mtu N\n"
	  "set device DEV offload rx_csum|tx_csum|sg|tso|gso|gro|gro_hw on|off\n"
	  "set device DEV miss normal|drop|controller\n"
	  "set device DEV packet-in-rate N     packet-in events per second, 0 = off\n" },
	{ "flow",
	  "flow add DEV FLOW                   add (e.g. priority=100,ip,nw_dst=10.0.0.0/8,actions=output:2)\n"
	  "flow mod DEV [--strict] FLOW        modify the actions of matching flows\n"
	  "flow del DEV [--strict] [MATCH]     delete (MATCH may hold out_port=PORT)\n"
	  "flow get DEV MATCH                  the flow with exactly this match and priority\n"
	  "flow dump DEV [MATCH]               one flow a line, with its counters\n"
	  "flow flush DEV                      delete every flow (no flow-removed events)\n"
	  "flow add-batch DEV FILE [--sparse-ack]\n"
	  "                                    add one flow per line of FILE in large batches\n"
	  "flow parse FLOW                     check a flow and print its canonical form\n"
	  "Fields: priority in_port dl_src dl_dst dl_vlan dl_vlan_pcp dl_type nw_tos\n"
	  "  nw_proto nw_src[/N] nw_dst[/N] tp_src tp_dst tun_id cookie idle_timeout\n"
	  "  hard_timeout send_flow_rem check_overlap; shorthands ip tcp udp icmp arp.\n"
	  "Actions: output:PORT in_port normal flood all controller[:LEN] local drop\n"
	  "  mod_vlan_vid:N mod_vlan_pcp:N strip_vlan mod_dl_src:MAC mod_dl_dst:MAC\n"
	  "  mod_nw_src:IP mod_nw_dst:IP mod_nw_tos:N mod_tp_src:N mod_tp_dst:N\n"
	  "  enqueue:PORT:QUEUE. Ports: numbers, host (1), net (2).\n" },
	{ "stats",
	  "stats DEV [table|ports]   flow table and per-port counters\n" },
	{ "monitor",
	  "monitor [DEV] [--count N] print packet-in, flow-removed and port-status\n"
	  "                          events as they happen, until Ctrl-C (or N events)\n" },
	{ "packet-out",
	  "packet-out DEV [in_port=PORT] actions=LIST data=HEX\n"
	  "                          run LIST on the Ethernet frame HEX\n" },
	{ "help", "help [COMMAND]            this text\n" },
	{ "quit", "quit, exit                leave the shell\n" },
	{ "exit", "quit, exit                leave the shell\n" },
};

bool shell_help(const char *cmd, FILE *out)
{
	size_t n = sizeof(help) / sizeof(help[0]);

	if (cmd) {
		for (size_t i = 0; i < n; i++) {
			if (!strcmp(cmd, help[i].cmd)) {
				fputs(help[i].text, out);
				return true;
			}
		}
		return false;
	}
	fputs("Commands (help COMMAND for details):\n", out);
	for (size_t i = 0; i < n - 1; i++)
		fputs(help[i].text, out);
	return true;
}
