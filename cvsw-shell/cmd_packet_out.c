/* SPDX-License-Identifier: GPL-2.0-or-later */
/* packet-out DEV [in_port=PORT] actions=LIST data=HEX */
#include <stdlib.h>
#include <string.h>

#include "shell.h"

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
	struct shell_ports *ports;	/* of the device: tunnel names */
};

static int pout_in_port(struct shell *sh, struct pout *p, const char *v)
{
	struct cvsw_port_list l;

	if (!cvsw_port_parse(v, &p->in_port))
		return 0;
	/* a tunnel's name */
	if (shell_ports_load(p->ports, false))
		return shell_fail(sh, "invalid port \"%s\"; the ports of %s could not be read: %s",
				  v, p->ports->dev, p->ports->err);
	l = (struct cvsw_port_list){ p->ports->ports, p->ports->n };
	if (cvsw_port_list_resolve(v, &p->in_port, &l))
		return shell_fail(sh, "invalid port \"%s\" (a number, host, net, a reserved port or a port of the device)", v);
	return 0;
}

static int pout_actions(struct shell *sh, struct pout *p, const char *v)
{
	struct cvsw_port_names names = shell_port_names(p->ports);
	struct cvsw_parse_error err;

	(void)sh;	/* the message is set through p->ports->sh */
	p->have_actions = true;
	if (cvsw_actions_parse_names(v, &names, p->acts, CVSW_MAX_ACTIONS,
				     &p->n_acts, &err))
		return shell_ports_parse_fail(p->ports, "actions: ", &err);
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

const char *const cmd_packet_out_keys[] = {
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
		size_t l = strlen(cmd_packet_out_keys[i]);

		if (!strncmp(w, cmd_packet_out_keys[i], l))
			return pout_parse[i](sh, p, w + l);
	}
	for (int i = 0; i < N_POUT_KEYS; i++)
		snprintf(keys + strlen(keys), sizeof(keys) - strlen(keys), "%s%s",
			 i ? ", " : "", cmd_packet_out_keys[i]);
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
	return shell_lib_result(sh, cvsw_packet_out(sh->h, dev, p->in_port, p->acts,
					      p->n_acts, p->data, p->len));
}

int cmd_packet_out(struct shell *sh, struct shell_call *c)
{
	struct pout p = { .in_port = CVSW_PORT_NONE, .ports = &c->ports };
	int r = 0;

	for (int i = c->arg; i < c->ws->n && !r; i++)
		r = pout_arg(sh, &p, c->ws->w[i]);
	if (!r)
		r = pout_send(sh, c->dev, &p);
	free(p.data);
	return r;
}
