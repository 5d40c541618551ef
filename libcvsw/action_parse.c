/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The actions= list: comma-separated actions in ovs-ofctl OF1.0 names,
 * each read through its descriptor (actions.c). Commas inside parentheses
 * (enqueue(1,2), controller(max_len=N)) do not separate actions.
 */
#include <ctype.h>
#include <errno.h>
#include <string.h>
#include <stdio.h>

#include "syntax.h"

struct actx {
	struct cvsw_parse_error *err;
	const struct cvsw_port_names *names;
	const char *item;
	size_t item_len;
	unsigned column;
};

#define AFAIL(c, ...) do { \
	cvswi_parse_error((c)->err, (c)->column, (c)->item, (c)->item_len, \
			  __VA_ARGS__); \
	return -EINVAL; \
} while (0)

#define MSG_MAX sizeof(((struct cvsw_parse_error *)0)->msg)

/* set_field:VALUE->FIELD: the OpenFlow 1.0 action that writes FIELD, with
 * ovs-ofctl's prerequisites checked against the flow's match. */
static int set_field(struct actx *c, const char *arg,
		     const struct cvsw_match *match, struct cvsw_action *a)
{
	const char *arrow = arg ? strstr(arg, "->") : NULL;
	const struct cvswi_set_field *sf;
	const struct cvswi_action *d;
	char val[128], msg[MSG_MAX];

	if (!arrow || arrow == arg || !arrow[2] ||
	    (size_t)(arrow - arg) >= sizeof(val))
		AFAIL(c, "expected set_field:VALUE->FIELD");
	d = cvswi_action_for_set_field(arrow + 2, &sf);
	if (!d) {
		char names[MSG_MAX];

		cvswi_set_field_names(names, sizeof(names));
		AFAIL(c, "set_field cannot write %s (it writes %s)",
		      arrow + 2, names);
	}
	if (match && !cvswi_prereq_met(sf->prereq, match))
		AFAIL(c, "set_field of %s needs %s in the match", sf->name,
		      sf->prereq->text);
	memcpy(val, arg, (size_t)(arrow - arg));
	val[arrow - arg] = '\0';
	if (sf->shift || sf->present_bit) {
		uint64_t v;

		if (cvswi_parse_uint(val, (d->arg.max >> sf->shift) |
					  sf->present_bit, &v))
			AFAIL(c, "invalid value for %s (maximum %llu)", sf->name,
			      (unsigned long long)(d->arg.max >> sf->shift));
		snprintf(val, sizeof(val), "%llu",
			 (unsigned long long)((v & ~sf->present_bit) << sf->shift));
	}
	a->type = d->type;
	if (d->arg.kind->parse(val, &a->u, &d->arg, msg, sizeof(msg)))
		AFAIL(c, "%s", msg);
	return 0;
}

/* load:VALUE->NXM_FIELD[] is how ovs-ofctl prints a set_field of a field
 * without an OpenFlow 1.0 action (set_field:5->tun_id): the NXM names of
 * the set_field targets that have one, so that its output pastes in. */
static const struct {
	const char *nxm;
	const char *field;
} nxm_fields[] = {
	{ "NXM_NX_TUN_ID[]", "tun_id" },
};

static int load(struct actx *c, const char *arg, const struct cvsw_match *match,
		struct cvsw_action *a)
{
	const char *arrow = arg ? strstr(arg, "->") : NULL;
	char buf[128];

	for (size_t i = 0; arrow && i < sizeof(nxm_fields) / sizeof(nxm_fields[0]); i++) {
		if (strcmp(arrow + 2, nxm_fields[i].nxm))
			continue;
		snprintf(buf, sizeof(buf), "%.*s->%s", (int)(arrow - arg), arg,
			 nxm_fields[i].field);
		return set_field(c, buf, match, a);
	}
	AFAIL(c, "load can only write NXM_NX_TUN_ID[] (load:VALUE->NXM_NX_TUN_ID[], that is set_field:VALUE->tun_id)");
}

/* One action, NUL-terminated in `s`: NAME, NAME:ARG or NAME(ARG). */
static int parse_one(struct actx *c, char *s, const struct cvsw_match *match,
		     struct cvsw_action *a)
{
	const struct cvswi_action *d;
	char *arg = NULL, msg[MSG_MAX];
	size_t n = strcspn(s, ":(");

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
	if (!strcmp(s, "drop"))
		AFAIL(c, "drop must be the only action");
	if (!strcmp(s, "set_field"))
		return set_field(c, arg, match, a);
	if (!strcmp(s, "load"))
		return load(c, arg, match, a);
	d = cvswi_action_find(s);
	/* ovs-ofctl: a bare port (number, reserved name, or a port's name)
	 * is an output */
	if (!d && !arg && !cvswi_parse_port_named(s, c->names, &(uint16_t){ 0 }))
		d = cvswi_action_get(CVSW_ACTION_A_OUTPUT);
	if (!d)
		AFAIL(c, "unknown action");
	a->type = d->type;
	if (d->parse) {
		if (d->parse(s, arg, c->names, a, msg, sizeof(msg)))
			AFAIL(c, "%s", msg);
		return 0;
	}
	if (d->arg.kind == &cvswi_kind_none) {
		if (arg)
			AFAIL(c, "%s takes no argument", d->name);
		return 0;
	}
	if (!arg)
		AFAIL(c, "%s needs a value (%s:VALUE)", s, s);
	if (d->arg.kind->parse(arg, &a->u, &d->arg, msg, sizeof(msg)))
		AFAIL(c, "%s", msg);
	return 0;
}

int cvswi_parse_actions(const char *text, unsigned col0,
			const struct cvsw_match *match,
			const struct cvsw_port_names *names,
			struct cvsw_action *acts, unsigned max, unsigned *n,
			struct cvsw_parse_error *err)
{
	struct actx c = { .err = err, .names = names };
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
		if (parse_one(&c, buf, match, &acts[count]))
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

int cvsw_actions_parse_names(const char *text,
			     const struct cvsw_port_names *names,
			     struct cvsw_action *acts, unsigned max, unsigned *n,
			     struct cvsw_parse_error *err)
{
	if (err)
		memset(err, 0, sizeof(*err));
	return cvswi_parse_actions(text, 1, NULL, names, acts, max, n, err);
}

int cvsw_actions_parse(const char *text, struct cvsw_action *acts,
		       unsigned max, unsigned *n, struct cvsw_parse_error *err)
{
	return cvsw_actions_parse_names(text, NULL, acts, max, n, err);
}
