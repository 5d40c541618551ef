/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The flow text formatter. Canonical order: priority, cookie, timeouts,
 * flags, match fields (the order of the field table, shorthands where they
 * apply), out_port, actions (each by its descriptor). Its output parses back to an equal flow (tested in tests/libcvsw).
 */
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>

#include "syntax.h"

static void sep(struct strbuf *sb, bool *first)
{
	if (!*first)
		sb_puts(sb, ",");
	*first = false;
}

/* The canonical shorthand of m's dl_type (and nw_proto), or NULL. */
static const struct cvswi_shorthand *shorthand(const struct cvsw_match *m)
{
	const struct cvswi_shorthand *best = NULL;

	for (size_t i = 0; i < cvswi_n_shorthands; i++) {
		const struct cvswi_shorthand *sh = &cvswi_shorthands[i];

		if (!sh->canonical || sh->dl_type != m->dl_type)
			continue;
		if (sh->nw_proto < 0 && !best)
			best = sh;
		else if (sh->nw_proto >= 0 && (m->present & CVSW_M_NW_PROTO) &&
			 sh->nw_proto == m->nw_proto)
			best = sh;
	}
	return best;
}

void cvswi_format_match(struct strbuf *sb, const struct cvsw_match *m,
			bool *first)
{
	const struct cvswi_shorthand *sh = NULL;
	uint32_t done = 0;

	if (m->present & CVSW_M_DL_TYPE) {
		sh = shorthand(m);
		if (sh)
			done |= CVSW_M_DL_TYPE |
				(sh->nw_proto >= 0 ? CVSW_M_NW_PROTO : 0);
	}
	for (size_t i = 0; i < cvswi_n_fields; i++) {
		const struct cvswi_field *f = &cvswi_fields[i];

		if (f->bit == CVSW_M_DL_TYPE && sh) {
			sep(sb, first);
			sb_puts(sb, sh->name);
		}
		if (!(m->present & f->bit) || (done & f->bit))
			continue;
		sep(sb, first);
		sb_printf(sb, "%s=", f->name);
		f->v.kind->format(sb, m, &f->v);
	}
}

static void format_action(struct strbuf *sb, const struct cvsw_action *a)
{
	const struct cvswi_action *d = cvswi_action_get(a->type);

	if (!d) {
		sb_printf(sb, "unknown_action_%u", a->type);
	} else if (d->format) {
		d->format(sb, a);
	} else {
		sb_puts(sb, d->name);
		if (d->arg.kind != &cvswi_kind_none) {
			sb_puts(sb, ":");
			d->arg.kind->format(sb, &a->u, &d->arg);
		}
	}
}

void cvswi_format_actions(struct strbuf *sb, const struct cvsw_action *acts,
			  unsigned n)
{
	if (!n) {
		sb_puts(sb, "drop");
		return;
	}
	for (unsigned i = 0; i < n; i++) {
		if (i)
			sb_puts(sb, ",");
		format_action(sb, &acts[i]);
	}
}

static int finish(struct strbuf *sb)
{
	if (sb->size && sb->len >= sb->size)
		sb->buf[sb->size - 1] = '\0';
	return (int)sb->len;
}

static void format_flow(struct strbuf *sb, const struct cvsw_flow *f)
{
	bool first = true;

	sep(sb, &first);
	sb_printf(sb, "priority=%u", f->priority);
	if (f->cookie) {
		sep(sb, &first);
		sb_printf(sb, "cookie=0x%" PRIx64, f->cookie);
	}
	if (f->idle_timeout) {
		sep(sb, &first);
		sb_printf(sb, "idle_timeout=%u", f->idle_timeout);
	}
	if (f->hard_timeout) {
		sep(sb, &first);
		sb_printf(sb, "hard_timeout=%u", f->hard_timeout);
	}
	if (f->flags & CVSW_FLOW_F_SEND_FLOW_REM) {
		sep(sb, &first);
		sb_puts(sb, "send_flow_rem");
	}
	if (f->flags & CVSW_FLOW_F_CHECK_OVERLAP) {
		sep(sb, &first);
		sb_puts(sb, "check_overlap");
	}
	cvswi_format_match(sb, &f->match, &first);
	if (f->out_port != CVSW_PORT_NONE) {
		static const struct cvswi_slot out_port = {
			&cvswi_kind_port, offsetof(struct cvsw_flow, out_port),
			2, false, NF_DEC, 0xffff, 0, 0,
		};

		sep(sb, &first);
		sb_puts(sb, "out_port=");
		out_port.kind->format(sb, f, &out_port);
	}
	if (f->has_actions) {
		sep(sb, &first);
		sb_puts(sb, "actions=");
		cvswi_format_actions(sb, f->actions, f->n_actions);
	}
}

int cvsw_flow_format(char *buf, size_t size, const struct cvsw_flow *flow)
{
	struct strbuf sb;

	sb_init(&sb, buf, size);
	format_flow(&sb, flow);
	return finish(&sb);
}

int cvsw_flow_format_stats(char *buf, size_t size, const struct cvsw_flow *f)
{
	struct strbuf sb;

	sb_init(&sb, buf, size);
	sb_printf(&sb, "duration=%" PRIu64 ".%03us, n_packets=%" PRIu64
		  ", n_bytes=%" PRIu64 ", idle_age=%" PRIu64 ".%03us, ",
		  f->duration_ms / 1000, (unsigned)(f->duration_ms % 1000),
		  f->packets, f->bytes, f->idle_ms / 1000,
		  (unsigned)(f->idle_ms % 1000));
	format_flow(&sb, f);
	return finish(&sb);
}

int cvsw_match_format(char *buf, size_t size, const struct cvsw_match *m)
{
	struct strbuf sb;
	bool first = true;

	sb_init(&sb, buf, size);
	cvswi_format_match(&sb, m, &first);
	return finish(&sb);
}

int cvsw_actions_format(char *buf, size_t size,
			const struct cvsw_action *acts, unsigned n)
{
	struct strbuf sb;

	sb_init(&sb, buf, size);
	cvswi_format_actions(&sb, acts, n);
	return finish(&sb);
}
