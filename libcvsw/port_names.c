/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Port names in flows: which names a port may have (none that the flow
 * syntax already reads as something else), and the resolver over a list
 * of ports that a caller passes to cvsw_flow_parse_names().
 */
#include <errno.h>
#include <string.h>
#include <strings.h>

#include "syntax.h"

/* Characters that separate or quote the words of a flow or a shell line. */
#define NAME_BAD_CHARS ",=:()/\"'\\"

int cvsw_port_name_check(const char *name, const char **why)
{
	const char *msg = NULL;
	uint16_t port;

	if (!name[0])
		msg = "a port name cannot be empty";
	else if (strlen(name) >= 16)
		msg = "a port name has at most 15 characters";
	else if (name[strcspn(name, NAME_BAD_CHARS " \t\r\n")])
		msg = "a port name cannot hold blanks or any of , = : ( ) / \" ' \\";
	else if (cvswi_parse_port(name, &port) != PV_INVALID)
		/* a number, or host, net, normal, in_port, any... */
		msg = "a port name cannot be a number or a reserved port's name (host, net, in_port, table, normal, flood, all, controller, local, none, any)";
	else if (cvswi_action_find(name) || !strcasecmp(name, "drop") ||
		 !strcasecmp(name, "set_field") || !strcasecmp(name, "load"))
		/* "actions=vx0" outputs to vx0; "actions=strip_vlan" must not */
		msg = "a port name cannot be the name of an action";
	if (why)
		*why = msg ? msg : "";
	return msg ? -EINVAL : 0;
}

int cvsw_port_list_resolve(const char *name, uint16_t *port, void *arg)
{
	const struct cvsw_port_list *l = arg;

	for (size_t i = 0; i < l->n; i++) {
		if (l->ports[i].name[0] && !strcmp(l->ports[i].name, name)) {
			*port = l->ports[i].port_no;
			return 0;
		}
	}
	return -ENOENT;
}
