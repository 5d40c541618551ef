/* SPDX-License-Identifier: GPL-2.0-or-later */
/* stats DEV [table|ports]: the flow table's and the ports' counters. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "shell.h"

/* A port's name from the device's port list (tunnels: "vx0"), else
 * host and net by number; NULL if unknown. */
static const char *port_name(struct shell_ports *ports, uint16_t p)
{
	const struct cvsw_port *port = shell_ports_find(ports, p);

	if (port && port->name[0])
		return port->name;
	return p == CVSW_PORT_HOST ? "host" : p == CVSW_PORT_NET ? "net" : NULL;
}

/* stats DEV [PART]: the parts, both without one */
enum stats_part { STATS_TABLE, STATS_PORTS, N_STATS_PARTS };

const char *const cmd_stats_parts[] = {
	[STATS_TABLE] = "table",
	[STATS_PORTS] = "ports",
	NULL,
};

/* Ports asked for at first; more when the kernel reports more. */
#define FIRST_PORTS 64

struct stats {
	bool show[N_STATS_PARTS];
	struct cvsw_table_stats t;
	struct cvsw_port_stats *ports;
	unsigned n_ports;
	struct shell_ports *names;	/* the device's ports, for their names */
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

			const char *name = port_name(s->names, p->port);

			json_obj(&j);
			json_ku64(&j, "port", p->port);
			if (name)
				json_kstr(&j, "name", name);
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
		const char *name = port_name(s->names, p->port);

		printf("port %u%s%s%s: rx_packets=%" PRIu64 " rx_bytes=%" PRIu64
		       " tx_packets=%" PRIu64 " tx_bytes=%" PRIu64
		       " dropped=%" PRIu64 "\n", p->port, name ? " (" : "",
		       name ? name : "", name ? ")" : "",
		       p->rx_packets, p->rx_bytes, p->tx_packets, p->tx_bytes,
		       p->dropped);
	}
}

int cmd_stats(struct shell *sh, struct shell_call *c)
{
	struct stats s = { .show = { true, true } };

	if (c->arg < c->ws->n) {
		const char *part = c->ws->w[c->arg];

		for (int i = 0; i < N_STATS_PARTS; i++)
			s.show[i] = !strcmp(part, cmd_stats_parts[i]);
		if (!s.show[STATS_TABLE] && !s.show[STATS_PORTS])
			return shell_fail(sh, "usage: %s", c->sub->usage);
	}
	if (!shell_handle(sh, false))
		return -1;
	s.names = &c->ports;
	/* every port the kernel reports, tunnels included */
	for (unsigned max = FIRST_PORTS;; max = s.n_ports) {
		struct cvsw_port_stats *p = realloc(s.ports, max * sizeof(*p));

		if (!p) {
			free(s.ports);
			return shell_fail(sh, "out of memory");
		}
		s.ports = p;
		if (cvsw_stats_get(sh->h, c->dev, &s.t, s.ports, max, &s.n_ports)) {
			free(s.ports);
			return shell_lib_fail(sh);
		}
		if (s.n_ports <= max)
			break;
	}
	if (sh->json)
		stats_json(&s);
	else
		stats_text(&s);
	free(s.ports);
	return 0;
}
