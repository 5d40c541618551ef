/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Flow struct basics and the output string helper. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cvsw.h"
#include "syntax.h"

void cvsw_flow_init(struct cvsw_flow *flow)
{
	/* memset, not an initializer: padding must be zero for memcmp users */
	memset(flow, 0, sizeof(*flow));
	flow->priority = CVSW_FLOW_DEFAULT_PRIORITY;
	flow->out_port = CVSW_PORT_NONE;
	flow->match.nw_src_prefix = 32;
	flow->match.nw_dst_prefix = 32;
	flow->match.tun_src_prefix = 32;
	flow->match.tun_dst_prefix = 32;
}

static bool match_equal(const struct cvsw_match *a, const struct cvsw_match *b)
{
	if (a->present != b->present)
		return false;
	for (size_t i = 0; i < cvswi_n_fields; i++) {
		const struct cvswi_field *f = &cvswi_fields[i];

		if ((a->present & f->bit) && !f->v.kind->equal(a, b, &f->v))
			return false;
	}
	return true;
}

static bool action_equal(const struct cvsw_action *a, const struct cvsw_action *b)
{
	const struct cvswi_action *d = cvswi_action_get(a->type);

	if (a->type != b->type || !d)
		return false;
	if (d->format) {
		/* a custom form writes every value it holds, one text per
		 * value: equal texts are equal actions */
		char ta[128], tb[128];

		cvsw_actions_format(ta, sizeof(ta), a, 1);
		cvsw_actions_format(tb, sizeof(tb), b, 1);
		return !strcmp(ta, tb);
	}
	return d->arg.kind->equal(&a->u, &b->u, &d->arg);
}

bool cvsw_flow_equal(const struct cvsw_flow *a, const struct cvsw_flow *b)
{
	if (!match_equal(&a->match, &b->match) || a->priority != b->priority ||
	    a->cookie != b->cookie || a->idle_timeout != b->idle_timeout ||
	    a->hard_timeout != b->hard_timeout || a->flags != b->flags ||
	    a->out_port != b->out_port || a->has_actions != b->has_actions ||
	    a->n_actions != b->n_actions || a->packets != b->packets ||
	    a->bytes != b->bytes || a->duration_ms != b->duration_ms ||
	    a->idle_ms != b->idle_ms)
		return false;
	for (unsigned i = 0; i < a->n_actions; i++)
		if (!action_equal(&a->actions[i], &b->actions[i]))
			return false;
	return true;
}

void sb_init(struct strbuf *sb, char *buf, size_t size)
{
	sb->buf = buf;
	sb->size = size;
	sb->len = 0;
	if (size)
		buf[0] = '\0';
}

void sb_printf(struct strbuf *sb, const char *fmt, ...)
{
	size_t room = sb->len < sb->size ? sb->size - sb->len : 0;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(room ? sb->buf + sb->len : NULL, room, fmt, ap);
	va_end(ap);
	if (n > 0)
		sb->len += (size_t)n;
}

void sb_puts(struct strbuf *sb, const char *s)
{
	sb_printf(sb, "%s", s);
}

void cvswi_parse_error(struct cvsw_parse_error *err, unsigned column,
		       const char *item, size_t item_len, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return;
	err->column = column;
	if (item_len >= sizeof(err->item)) {
		/* keep the start, which is what the column points at */
		memcpy(err->item, item, sizeof(err->item) - 4);
		strcpy(err->item + sizeof(err->item) - 4, "...");
	} else {
		memcpy(err->item, item, item_len);
		err->item[item_len] = '\0';
	}
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	if (err->item[0])
		snprintf(err->text, sizeof(err->text),
			 "error at column %u (\"%s\"): %s", column, err->item,
			 err->msg);
	else
		snprintf(err->text, sizeof(err->text), "error at column %u: %s",
			 column, err->msg);
}
