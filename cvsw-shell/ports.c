/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The ports of the device a command names, fetched from the kernel on
 * first use only: a flow text without a port name is checked, and fails,
 * without a kernel. They resolve port names in flows ("in_port=vx0") and
 * label the ports of stats and show device.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shell.h"

void shell_ports_init(struct shell_ports *p, struct shell *sh, const char *dev)
{
	memset(p, 0, sizeof(*p));
	p->sh = sh;
	p->dev = dev;
}

void shell_ports_free(struct shell_ports *p)
{
	free(p->ports);
	p->ports = NULL;
	p->n = 0;
}

static int add_port(const struct cvsw_port *port, void *arg)
{
	struct shell_ports *p = arg;

	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 8;
		struct cvsw_port *np = realloc(p->ports, cap * sizeof(*np));

		if (!np)
			return -ENOMEM;
		p->ports = np;
		p->cap = cap;
	}
	p->ports[p->n++] = *port;
	return 0;
}

int shell_ports_load(struct shell_ports *p, bool quiet)
{
	if (p->loaded)
		return 0;
	if (p->failed)
		return -1;
	if (!p->dev || !shell_handle(p->sh, quiet) ||
	    cvsw_port_dump(p->sh->h, p->dev, add_port, p)) {
		if (!quiet && p->sh->h)
			shell_lib_fail(p->sh);
		snprintf(p->err, sizeof(p->err), "%s", p->sh->err);
		p->failed = true;
		shell_ports_free(p);
		return -1;
	}
	p->loaded = true;
	return 0;
}

int shell_ports_parse_fail(struct shell_ports *p, const char *what,
			   const struct cvsw_parse_error *err)
{
	/* "error at column ..." reads well after the shell's "error: " */
	const char *text = err->text + strlen("error ");

	if (p->failed)
		return shell_fail(p->sh, "%s%s; the ports of %s could not be read: %s",
				  what, text, p->dev, p->err);
	return shell_fail(p->sh, "%s%s", what, text);
}

const struct cvsw_port *shell_ports_find(struct shell_ports *p, uint16_t port_no)
{
	if (shell_ports_load(p, true))
		return NULL;
	for (size_t i = 0; i < p->n; i++)
		if (p->ports[i].port_no == port_no)
			return &p->ports[i];
	return NULL;
}

/* The resolver of cvsw_flow_parse_names: loads the list on the first
 * name; a failure to load is kept in p->err (shell_ports_parse_fail). */
static int resolve(const char *name, uint16_t *port, void *arg)
{
	struct shell_ports *p = arg;
	struct cvsw_port_list l;

	if (shell_ports_load(p, false))
		return -ENOENT;
	l = (struct cvsw_port_list){ p->ports, p->n };
	return cvsw_port_list_resolve(name, port, &l);
}

struct cvsw_port_names shell_port_names(struct shell_ports *p)
{
	return (struct cvsw_port_names){ resolve, p };
}
