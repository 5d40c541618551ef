/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tunnel add DEV NAME PARAMS..., tunnel del DEV PORT, tunnel show [DEV]:
 * the tunnel ports of the datapaths. The name and the parameters are
 * checked (by the library) before the kernel is asked.
 */
#include <string.h>

#include "shell.h"

static int tunnel_add(struct shell *sh, struct shell_call *c)
{
	struct cvsw_parse_error err;
	struct cvsw_port port = { 0 };
	const char *name = c->ws->w[c->arg], *why;

	if (cvsw_port_name_check(name, &why))
		return shell_fail(sh, "invalid tunnel name \"%s\": %s", name, why);
	snprintf(port.name, sizeof(port.name), "%s", name);
	shell_join(c->ws, c->arg + 1, c->text, sizeof(c->text));
	if (cvsw_tunnel_parse(c->text, &port, &err))
		/* columns count in the parameters, as shell_join wrote them */
		return shell_fail(sh, "parameters: %s", err.text + strlen("error "));
	if (!shell_handle(sh, false))
		return -1;
	return shell_lib_result(sh, cvsw_port_add(sh->h, c->dev, &port, NULL));
}

static int tunnel_del(struct shell *sh, struct shell_call *c)
{
	if (!shell_handle(sh, false))
		return -1;
	return shell_lib_result(sh, cvsw_port_del(sh->h, c->dev, c->ws->w[c->arg]));
}

struct show_ctx {
	struct shell_dump d;
	const char *dev;
};

static int show_port_cb(const struct cvsw_port *p, void *arg)
{
	struct show_ctx *s = arg;

	if (!cvsw_port_kind_is_tunnel(p->kind))
		return 0;
	if (s->d.sh->json)
		render_port_json(&s->d.j, s->dev, p);
	else
		render_tunnel_text(stdout, s->dev, p);
	s->d.n++;
	return 0;
}

static int show_dev(struct shell *sh, struct show_ctx *s, const char *dev)
{
	s->dev = dev;
	return cvsw_port_dump(sh->h, dev, show_port_cb, s);
}

static int show_dev_cb(const struct cvsw_device *d, void *arg)
{
	struct show_ctx *s = arg;
	/* the walk's name is only valid during the call */
	char dev[sizeof(d->name)];

	memcpy(dev, d->name, sizeof(dev));
	return show_dev(s->d.sh, s, dev);
}

/* tunnel show [DEV]: every device's tunnels without DEV */
static int tunnel_show(struct shell *sh, struct shell_call *c)
{
	struct show_ctx s = { .d.sh = sh };
	const char *dev = c->arg < c->ws->n ? c->ws->w[c->arg] : NULL;
	int r;

	if (!shell_handle(sh, false))
		return -1;
	json_init(&s.d.j, stdout);
	if (sh->json)
		json_arr(&s.d.j);
	r = dev ? show_dev(sh, &s, dev) : cvsw_device_dump(sh->h, show_dev_cb, &s);
	if (sh->json) {
		json_arr_end(&s.d.j);
		putchar('\n');
	}
	return shell_lib_result(sh, r);
}

const struct shell_sub cmd_tunnel_subs[] = {
	{ .name = "add", .usage = "add DEV NAME type=KIND remote_ip=A.B.C.D [PARAM=VALUE...]",
	  .help = "add a tunnel port; KIND: vxlan, nvgre,\n"
		  "geneve, stt or sclp; PARAM: local_ip=A.B.C.D\n"
		  "key=N|flow dst_port=N remote_mac=MAC\n"
		  "ofport=N tos=N|inherit ttl=N flowid=0|hash",
	  .min_args = 3, .max_args = SHELL_ANY_ARGS, .needs_dev = true,
	  .args = SHELL_ARGS_TUNNEL, .run = tunnel_add },
	{ .name = "del", .usage = "del DEV NAME|PORT",
	  .help = "delete a tunnel port and the flows that use it",
	  .min_args = 2, .max_args = 2, .needs_dev = true,
	  .args = SHELL_ARGS_PORT, .run = tunnel_del },
	{ .name = "show", .usage = "show [DEV]",
	  .help = "tunnel ports: number, kind, overhead,\n"
		  "parameters and counters",
	  .max_args = 1, .args = SHELL_ARGS_DEVICE, .run = tunnel_show },
	{ NULL },
};

static bool takes_no_dev(const struct shell_sub *s)
{
	(void)s;
	return false;
}

/* "usage: tunnel add|del|show ... (help tunnel)" */
static int tunnel_usage(struct shell *sh)
{
	char names[128] = "";

	shell_names(names, sizeof(names), cmd_tunnel_subs, "|", "|", takes_no_dev);
	return shell_fail(sh, "usage: tunnel %s ... (help tunnel)", names);
}

int cmd_tunnel(struct shell *sh, struct shell_call *c)
{
	struct words *ws = c->ws;
	const struct shell_sub *sub = ws->n > 1 ? shell_sub_find(cmd_tunnel_subs, ws->w[1]) : NULL;

	if (!sub)
		return tunnel_usage(sh);
	if (!shell_args_fit(sub, ws->n - 2))
		return shell_fail(sh, "usage: tunnel %s", sub->usage);
	c->sub = sub;
	c->arg = 2;
	if (sub->needs_dev)
		c->dev = ws->w[c->arg++];
	return sub->run(sh, c);
}
