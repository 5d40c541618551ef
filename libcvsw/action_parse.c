/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The actions= list: comma-separated actions in ovs-ofctl OF1.0 names.
 * Commas inside parentheses (enqueue(1,2), controller(max_len=N)) do not
 * separate actions.
 */
#include <ctype.h>
#include <errno.h>
#include <string.h>

#include "syntax.h"

struct actx {
	struct cvsw_parse_error *err;
	const char *item;
	size_t item_len;
	unsigned column;
};

#define AFAIL(c, ...) do { \
	cvswi_parse_error((c)->err, (c)->column, (c)->item, (c)->item_len, \
			  __VA_ARGS__); \
	return -EINVAL; \
} while (0)

static int a_uint(struct actx *c, const char *v, uint64_t max, uint64_t *out)
{
	switch (cvswi_parse_uint(v, max, out)) {
	case PV_OK:
		return 0;
	case PV_RANGE:
		AFAIL(c, "value out of range (maximum %llu)",
		      (unsigned long long)max);
	default:
		AFAIL(c, "invalid number (decimal or 0x hex expected)");
	}
}

static int a_port(struct actx *c, const char *v, uint16_t *port)
{
	switch (cvswi_parse_port(v, port)) {
	case PV_OK:
		return 0;
	case PV_RANGE:
		AFAIL(c, "port out of range (maximum 65535)");
	default:
		AFAIL(c, "invalid port (a number or host, net, in_port, normal, flood, all, controller, local)");
	}
}

static int output(struct cvsw_action *a, uint16_t port, uint16_t max_len)
{
	a->type = CVSW_ACT_OUTPUT;
	a->u.output.port = port;
	a->u.output.max_len = max_len;
	return 0;
}

/* One action, NUL-terminated in `s`. */
static int parse_one(struct actx *c, char *s, struct cvsw_action *a)
{
	char *arg = NULL;
	size_t n = strcspn(s, ":(");
	uint64_t v;
	uint16_t port;

	memset(a, 0, sizeof(*a));
	if (s[n] == ':') {
		s[n] = '\0';
		arg = s + n + 1;
		if (!*arg)
			AFAIL(c, "missing argument after ':'");
	} else if (s[n] == '(') {
		size_t l = strlen(s);

		if (s[l - 1] != ')')
			AFAIL(c, "missing ')'");
		s[l - 1] = '\0';
		s[n] = '\0';
		arg = s + n + 1;
		if (!*arg)
			AFAIL(c, "missing argument inside ()");
	}

	if (isdigit((unsigned char)s[0]) && !arg) {
		if (a_port(c, s, &port))
			return -EINVAL;
		return output(a, port, 0);
	}
	if (!strcmp(s, "output")) {
		if (!arg)
			AFAIL(c, "output needs a port (output:PORT)");
		if (!strncmp(arg, "port=", 5)) {
			/* output(port=P,max_len=N), as in ovs-ofctl */
			char *ml = strchr(arg, ',');

			if (!ml || strncmp(ml, ",max_len=", 9))
				AFAIL(c, "expected output(port=PORT,max_len=N)");
			*ml = '\0';
			if (a_port(c, arg + 5, &port) ||
			    a_uint(c, ml + 9, 0xffff, &v))
				return -EINVAL;
			return output(a, port, (uint16_t)v);
		}
		if (a_port(c, arg, &port))
			return -EINVAL;
		return output(a, port, 0);
	}
	if (!strcmp(s, "controller")) {
		if (!arg)
			return output(a, CVSW_PORT_CONTROLLER, 0);
		if (!strncmp(arg, "max_len=", 8))
			arg += 8;
		if (a_uint(c, arg, 0xffff, &v))
			return -EINVAL;
		return output(a, CVSW_PORT_CONTROLLER, (uint16_t)v);
	}
	if (!strcmp(s, "in_port") || !strcmp(s, "normal") ||
	    !strcmp(s, "flood") || !strcmp(s, "all") || !strcmp(s, "local")) {
		if (arg)
			AFAIL(c, "%s takes no argument", s);
		cvswi_parse_port(s, &port);
		return output(a, port, 0);
	}
	if (!strcmp(s, "strip_vlan")) {
		if (arg)
			AFAIL(c, "strip_vlan takes no argument");
		a->type = CVSW_ACT_STRIP_VLAN;
		return 0;
	}
	if (!strcmp(s, "drop"))
		AFAIL(c, "drop must be the only action");
	if (!strcmp(s, "enqueue")) {
		/* enqueue:PORT:QUEUE or enqueue(PORT,QUEUE) */
		char *q = arg ? strpbrk(arg, ":,") : NULL;

		if (!q)
			AFAIL(c, "enqueue needs a port and a queue (enqueue:PORT:QUEUE)");
		*q++ = '\0';
		if (a_port(c, arg, &port) || a_uint(c, q, 0xffffffffu, &v))
			return -EINVAL;
		a->type = CVSW_ACT_ENQUEUE;
		a->u.enqueue.port = port;
		a->u.enqueue.queue_id = (uint32_t)v;
		return 0;
	}

	static const struct {
		const char *name;
		uint16_t type;
	} setters[] = {
		{ "mod_vlan_vid", CVSW_ACT_SET_VLAN_VID },
		{ "mod_vlan_pcp", CVSW_ACT_SET_VLAN_PCP },
		{ "mod_dl_src", CVSW_ACT_SET_DL_SRC },
		{ "mod_dl_dst", CVSW_ACT_SET_DL_DST },
		{ "mod_nw_src", CVSW_ACT_SET_NW_SRC },
		{ "mod_nw_dst", CVSW_ACT_SET_NW_DST },
		{ "mod_nw_tos", CVSW_ACT_SET_NW_TOS },
		{ "mod_tp_src", CVSW_ACT_SET_TP_SRC },
		{ "mod_tp_dst", CVSW_ACT_SET_TP_DST },
	};
	for (size_t i = 0; i < sizeof(setters) / sizeof(setters[0]); i++) {
		if (strcmp(s, setters[i].name))
			continue;
		if (!arg)
			AFAIL(c, "%s needs a value (%s:VALUE)", s, s);
		a->type = setters[i].type;
		switch (a->type) {
		case CVSW_ACT_SET_VLAN_VID:
			if (a_uint(c, arg, 4095, &v))
				return -EINVAL;
			a->u.vlan_vid = (uint16_t)v;
			return 0;
		case CVSW_ACT_SET_VLAN_PCP:
			if (a_uint(c, arg, 7, &v))
				return -EINVAL;
			a->u.vlan_pcp = (uint8_t)v;
			return 0;
		case CVSW_ACT_SET_DL_SRC:
		case CVSW_ACT_SET_DL_DST:
			if (cvswi_parse_mac(arg, a->u.mac))
				AFAIL(c, "invalid MAC address (xx:xx:xx:xx:xx:xx expected)");
			return 0;
		case CVSW_ACT_SET_NW_SRC:
		case CVSW_ACT_SET_NW_DST:
			if (cvswi_parse_ipv4(arg, &a->u.ipv4))
				AFAIL(c, "invalid IPv4 address");
			return 0;
		case CVSW_ACT_SET_NW_TOS:
			if (a_uint(c, arg, 255, &v))
				return -EINVAL;
			if (v & 3)
				AFAIL(c, "mod_nw_tos must be a multiple of 4 (DSCP << 2)");
			a->u.nw_tos = (uint8_t)v;
			return 0;
		default:
			if (a_uint(c, arg, 0xffff, &v))
				return -EINVAL;
			a->u.tp_port = (uint16_t)v;
			return 0;
		}
	}
	AFAIL(c, "unknown action");
}

int cvswi_parse_actions(const char *text, unsigned col0,
			struct cvsw_action *acts, unsigned max, unsigned *n,
			struct cvsw_parse_error *err)
{
	struct actx c = { .err = err };
	size_t i = 0, len = strlen(text);
	unsigned count = 0;

	*n = 0;
	while (len && isspace((unsigned char)text[len - 1]))
		len--;
	while (i < len && isspace((unsigned char)text[i]))
		i++;
	if (i == len)
		return 0;		/* "actions=": empty list, drop */

	for (;;) {
		size_t start = i, end, tlen;
		int depth = 0;
		char buf[128];

		for (end = i; end < len; end++) {
			if (text[end] == '(')
				depth++;
			else if (text[end] == ')')
				depth--;
			else if (text[end] == ',' && depth <= 0)
				break;
		}
		/* trim blanks around the action */
		tlen = end - start;
		while (tlen && isspace((unsigned char)text[start + tlen - 1]))
			tlen--;
		c.item = text + start;
		c.item_len = tlen;
		c.column = col0 + (unsigned)start;
		if (!tlen)
			AFAIL(&c, "empty action");
		if (tlen == 4 && !memcmp(c.item, "drop", 4) && start == i &&
		    count == 0 && end >= len) {
			return 0;	/* "actions=drop" */
		}
		if (count == max)
			AFAIL(&c, "too many actions (maximum %u)", max);
		if (tlen >= sizeof(buf))
			AFAIL(&c, "action too long");
		memcpy(buf, c.item, tlen);
		buf[tlen] = '\0';
		if (parse_one(&c, buf, &acts[count]))
			return -EINVAL;
		*n = ++count;
		if (end >= len)
			return 0;
		i = end + 1;
		while (i < len && isspace((unsigned char)text[i]))
			i++;
		if (i >= len) {
			c.item = "";
			c.item_len = 0;
			c.column = col0 + (unsigned)i;
			AFAIL(&c, "missing action after ','");
		}
	}
}

int cvsw_actions_parse(const char *text, struct cvsw_action *acts,
		       unsigned max, unsigned *n, struct cvsw_parse_error *err)
{
	if (err)
		memset(err, 0, sizeof(*err));
	return cvswi_parse_actions(text, 1, acts, max, n, err);
}
