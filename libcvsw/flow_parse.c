/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The flow text parser: "key=value" items separated by commas and/or
 * blanks (as ovs-ofctl), then "actions=" which takes the rest of the text.
 * Match fields, their aliases and the shorthands come from fields.c; the
 * other keys (priority, timeouts, counters...) are the options below.
 * Every error names the 1-based column where the offending item starts.
 */
#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "syntax.h"

/* The keys of a flow that are not match fields. */
enum key_class { C_OPTION, C_FILTER, C_COUNTER };

struct ctx;
struct option {
	const char *name;
	enum key_class cls;
	struct cvswi_slot v;	/* in struct cvsw_flow */
	/* instead of v: a flag (no value) or a value of its own syntax */
	int (*set)(struct ctx *c, const struct option *o, const char *v,
		   struct cvsw_flow *f);
	uint32_t flag;		/* CVSW_FLOW_F_* for set_flag */
	/* KEY:VALUE form of ovs-ofctl's flow_mod printing (parse-flow) */
	const char *colon_name;
};

/* State of one parse, to report errors against the current item. */
struct ctx {
	struct cvsw_parse_error *err;
	const struct cvsw_port_names *names;
	const char *item;
	size_t item_len;
	unsigned column;
	bool seen[128];		/* per key id, for duplicates */
};

#define FAIL(c, ...) do { \
	cvswi_parse_error((c)->err, (c)->column, (c)->item, (c)->item_len, \
			  __VA_ARGS__); \
	return -EINVAL; \
} while (0)

static int set_flag(struct ctx *c, const struct option *o, const char *v,
		    struct cvsw_flow *f)
{
	(void)c, (void)v;
	f->flags |= o->flag;
	return 0;
}

/* "S", "S.m", "S.mm" or "S.mmm", then 's' (dump lines); ovs-ofctl's
 * idle_age=N has no 's'. Into the u64 milliseconds of the slot (NULL
 * slot: read and dropped). */
static int set_seconds(struct ctx *c, const struct option *o, const char *v,
		       struct cvsw_flow *f)
{
	uint64_t s = 0, frac = 0, ms;
	unsigned fd = 0;
	const char *p = v;

	if (!isdigit((unsigned char)*p))
		goto bad;
	for (; isdigit((unsigned char)*p); p++) {
		if (s > UINT64_MAX / 10000)
			FAIL(c, "value out of range");
		s = s * 10 + (uint64_t)(*p - '0');
	}
	if (*p == '.') {
		for (p++; isdigit((unsigned char)*p) && fd < 3; p++, fd++)
			frac = frac * 10 + (uint64_t)(*p - '0');
		if (!fd)
			goto bad;
		for (; fd < 3; fd++)
			frac *= 10;
	}
	if (*p == 's')
		p++;
	if (*p)
		goto bad;
	ms = s * 1000 + frac;
	if (o->v.size)
		memcpy((char *)f + o->v.off, &ms, sizeof(ms));
	return 0;
bad:
	FAIL(c, "invalid duration (seconds with up to 3 decimals, e.g. 3.104s)");
}

/* OpenFlow 1.0 here has one table */
static int set_table(struct ctx *c, const struct option *o, const char *v,
		     struct cvsw_flow *f)
{
	uint64_t n;

	(void)o, (void)f;
	switch (cvswi_parse_uint(v, 255, &n)) {
	case PV_OK:
		if (n)
			FAIL(c, "there is only table 0");
		return 0;
	case PV_RANGE:
		FAIL(c, "value out of range (maximum 255)");
	default:
		FAIL(c, "invalid number (decimal or 0x hex expected)");
	}
}

#define F_OFF(f) offsetof(struct cvsw_flow, f)
#define F_UINT(f, m) { &cvswi_kind_uint, F_OFF(f), \
		       sizeof(((struct cvsw_flow *)0)->f), false, NF_DEC, m, 0, 0 }
#define F_MS(f) { NULL, F_OFF(f), 8, false, NF_DEC, 0, 0, 0 }
#define NONE { NULL, 0, 0, false, NF_DEC, 0, 0, 0 }

static const struct option options[] = {
	{ "priority", C_FILTER, F_UINT(priority, 0xffff), NULL, 0, NULL },
	{ "cookie", C_OPTION, F_UINT(cookie, UINT64_MAX), NULL, 0, "cookie" },
	{ "idle_timeout", C_OPTION, F_UINT(idle_timeout, 0xffff), NULL, 0, "idle" },
	{ "hard_timeout", C_OPTION, F_UINT(hard_timeout, 0xffff), NULL, 0, "hard" },
	{ "send_flow_rem", C_OPTION, NONE, set_flag, CVSW_FLOW_F_SEND_FLOW_REM, NULL },
	{ "check_overlap", C_OPTION, NONE, set_flag, CVSW_FLOW_F_CHECK_OVERLAP, NULL },
	{ "out_port", C_FILTER, { &cvswi_kind_port, F_OFF(out_port), 2, false,
				  NF_DEC, 0xffff, 0, 0 }, NULL, 0, NULL },
	{ "duration", C_COUNTER, F_MS(duration_ms), set_seconds, 0, NULL },
	{ "n_packets", C_COUNTER, F_UINT(packets, UINT64_MAX), NULL, 0, NULL },
	{ "n_bytes", C_COUNTER, F_UINT(bytes, UINT64_MAX), NULL, 0, NULL },
	{ "idle_age", C_COUNTER, F_MS(idle_ms), set_seconds, 0, NULL },
	/* read and ignored, so that ovs-ofctl dump-flows lines parse too */
	{ "hard_age", C_COUNTER, NONE, set_seconds, 0, NULL },
	{ "table", C_FILTER, NONE, set_table, 0, NULL },
};
#define N_OPTIONS (sizeof(options) / sizeof(options[0]))

/* What a key names: an option, a field (by its name or an alias) or a
 * shorthand; `id` numbers them for duplicate detection. */
struct key {
	const char *name;
	unsigned id;
	const struct option *opt;
	const struct cvswi_field *field;
	const struct cvswi_alias *alias;
	const struct cvswi_shorthand *sh;
};

/* The option written KEY:VALUE by ovs-ofctl's flow_mod printer, or NULL. */
static const struct option *find_colon_option(const char *s, size_t len)
{
	for (size_t i = 0; i < N_OPTIONS; i++)
		if (options[i].colon_name && strlen(options[i].colon_name) == len &&
		    !memcmp(options[i].colon_name, s, len))
			return &options[i];
	return NULL;
}

static bool find_key(const char *s, size_t len, struct key *k)
{
	memset(k, 0, sizeof(*k));
	for (size_t i = 0; i < N_OPTIONS; i++) {
		if (strlen(options[i].name) == len &&
		    !memcmp(options[i].name, s, len)) {
			k->opt = &options[i];
			k->name = options[i].name;
			k->id = (unsigned)i;
			return true;
		}
	}
	k->field = cvswi_field_find(s, len, &k->alias);
	if (k->field) {
		k->name = k->alias ? k->alias->name : k->field->name;
		k->id = (unsigned)(N_OPTIONS + (k->alias ?
			cvswi_n_fields + (size_t)(k->alias - cvswi_aliases) :
			(size_t)(k->field - cvswi_fields)));
		return true;
	}
	k->sh = cvswi_shorthand_find(s, len);
	if (k->sh) {
		k->name = k->sh->name;
		k->id = (unsigned)(N_OPTIONS + cvswi_n_fields + cvswi_n_aliases +
				   (size_t)(k->sh - cvswi_shorthands));
		return true;
	}
	return false;
}

static int set_shorthand(struct ctx *c, struct cvsw_match *m,
			 const struct cvswi_shorthand *sh)
{
	if (m->present & CVSW_M_DL_TYPE)
		FAIL(c, "dl_type is already set");
	if (sh->nw_proto >= 0 && (m->present & CVSW_M_NW_PROTO))
		FAIL(c, "nw_proto is already set");
	m->present |= CVSW_M_DL_TYPE;
	m->dl_type = sh->dl_type;
	if (sh->nw_proto >= 0) {
		m->present |= CVSW_M_NW_PROTO;
		m->nw_proto = (uint8_t)sh->nw_proto;
	}
	return 0;
}

static int set_field(struct ctx *c, const struct key *k, const char *v,
		     struct cvsw_match *m)
{
	uint32_t bits = k->alias && k->alias->set ? k->alias->bits : k->field->bit;
	char msg[sizeof(((struct cvsw_parse_error *)0)->msg)];
	const struct cvswi_field *f;

	for (size_t i = 0; i < cvswi_n_fields; i++) {
		f = &cvswi_fields[i];
		if ((bits & f->bit) && (m->present & f->bit))
			FAIL(c, "%s is already set", f->name);
	}
	if (k->alias && k->alias->set) {
		if (k->alias->set(v, m, msg, sizeof(msg)))
			FAIL(c, "%s", msg);
		return 0;
	}
	f = k->field;
	if (cvswi_slot_parse(&f->v, v, m, c->names, msg, sizeof(msg)))
		FAIL(c, "%s", msg);
	m->present |= f->bit;
	return 0;
}

static int set_item(struct ctx *c, const struct key *k, const char *v,
		    struct cvsw_flow *f)
{
	char msg[sizeof(((struct cvsw_parse_error *)0)->msg)];

	if (k->sh)
		return set_shorthand(c, &f->match, k->sh);
	if (k->field)
		return set_field(c, k, v, &f->match);
	if (k->opt->set)
		return k->opt->set(c, k->opt, v, f);
	if (cvswi_slot_parse(&k->opt->v, v, f, c->names, msg, sizeof(msg)))
		FAIL(c, "%s", msg);
	return 0;
}

static bool takes_value(const struct key *k)
{
	return !k->sh && !(k->opt && k->opt->set == set_flag);
}

static bool is_delim(char ch)
{
	return ch == ',' || isspace((unsigned char)ch);
}

static int check_mode(struct ctx *c, const struct key *k,
		      enum cvsw_parse_mode mode)
{
	if (!k->opt)
		return 0;	/* match fields and shorthands: every mode */
	switch (k->opt->cls) {
	case C_OPTION:
		if (mode == CVSW_PARSE_MATCH)
			FAIL(c, "%s is not allowed in a match", k->name);
		break;
	case C_FILTER:
		if (!strcmp(k->name, "out_port") && mode != CVSW_PARSE_MATCH)
			FAIL(c, "out_port is only allowed in a match (flow del, flow dump)");
		break;
	case C_COUNTER:
		if (mode != CVSW_PARSE_DUMP)
			FAIL(c, "%s is a counter, only allowed in a dump line",
			     k->name);
		break;
	}
	return 0;
}

int cvsw_flow_parse(const char *text, enum cvsw_parse_mode mode,
		    struct cvsw_flow *flow, struct cvsw_parse_error *err)
{
	return cvsw_flow_parse_names(text, mode, NULL, flow, err);
}

int cvsw_flow_parse_names(const char *text, enum cvsw_parse_mode mode,
			  const struct cvsw_port_names *names,
			  struct cvsw_flow *flow, struct cvsw_parse_error *err)
{
	struct ctx c = { .err = err, .names = names };
	size_t i = 0;

	cvsw_flow_init(flow);
	if (err)
		memset(err, 0, sizeof(*err));
	for (;;) {
		struct key k;
		const char *eq;
		size_t start, end, klen;
		char val[256];

		while (text[i] && is_delim(text[i]))
			i++;
		if (!text[i])
			break;
		start = i;
		c.column = (unsigned)start + 1;
		if (!strncmp(text + i, "actions=", 8)) {
			c.item = text + i;
			c.item_len = 7;
			if (mode == CVSW_PARSE_MATCH)
				FAIL(&c, "actions are not allowed in a match");
			flow->has_actions = true;
			return cvswi_parse_actions(text + i + 8, c.column + 8,
						   &flow->match, names, flow->actions,
						   CVSW_MAX_ACTIONS,
						   &flow->n_actions, err);
		}
		for (end = i; text[end] && !is_delim(text[end]); end++)
			;
		c.item = text + start;
		c.item_len = end - start;
		i = end;

		eq = memchr(c.item, '=', c.item_len);
		if (!eq) {
			/* "idle:10": ovs-ofctl parse-flow's way of writing it */
			const char *colon = memchr(c.item, ':', c.item_len);
			const struct option *o = colon ?
				find_colon_option(c.item, (size_t)(colon - c.item)) : NULL;

			if (o) {
				find_key(o->name, strlen(o->name), &k);
				eq = colon;
			}
		}
		klen = eq ? (size_t)(eq - c.item) : c.item_len;
		if (!(eq && *eq == ':') && !find_key(c.item, klen, &k)) {
			if (klen == 7 && !memcmp(c.item, "actions", 7))
				FAIL(&c, "actions must be written actions=LIST");
			FAIL(&c, "unknown field");
		}
		if (check_mode(&c, &k, mode))
			return -EINVAL;
		if (!takes_value(&k) && eq)
			FAIL(&c, "%s takes no value", k.name);
		if (takes_value(&k) && (!eq || eq + 1 == c.item + c.item_len))
			FAIL(&c, "missing value (expected %s=VALUE)", k.name);
		if (k.id >= sizeof(c.seen) || c.seen[k.id])
			FAIL(&c, "duplicate field %s", k.name);
		c.seen[k.id] = true;
		if (eq) {
			size_t vlen = c.item_len - klen - 1;

			if (vlen >= sizeof(val))
				FAIL(&c, "value too long");
			memcpy(val, eq + 1, vlen);
			val[vlen] = '\0';
		} else {
			val[0] = '\0';
		}
		if (set_item(&c, &k, val, flow))
			return -EINVAL;
	}
	if (mode != CVSW_PARSE_MATCH) {
		c.column = (unsigned)i + 1;
		c.item = "";
		c.item_len = 0;
		FAIL(&c, "missing actions= (use actions=drop to drop)");
	}
	return 0;
}

#define ALL_MODES ((1u << CVSW_PARSE_FLOW) | (1u << CVSW_PARSE_MATCH) | \
		   (1u << CVSW_PARSE_DUMP))

static unsigned option_modes(const struct option *o)
{
	switch (o->cls) {
	case C_OPTION:
		return ALL_MODES & ~(1u << CVSW_PARSE_MATCH);
	case C_COUNTER:
		return 1u << CVSW_PARSE_DUMP;
	default:
		return !strcmp(o->name, "out_port") ? 1u << CVSW_PARSE_MATCH
						    : ALL_MODES;
	}
}

bool cvsw_flow_keyword(unsigned i, struct cvsw_syntax_word *w)
{
	if (i < N_OPTIONS) {
		const struct option *o = &options[i];

		*w = (struct cvsw_syntax_word){ o->name,
			o->set == set_flag ? '\0' : '=', option_modes(o) };
		return true;
	}
	i -= N_OPTIONS;
	if (i < cvswi_n_fields) {
		*w = (struct cvsw_syntax_word){ cvswi_fields[i].name, '=', ALL_MODES };
		return true;
	}
	i -= (unsigned)cvswi_n_fields;
	if (i < cvswi_n_aliases) {
		*w = (struct cvsw_syntax_word){ cvswi_aliases[i].name, '=', ALL_MODES };
		return true;
	}
	i -= (unsigned)cvswi_n_aliases;
	if (i < cvswi_n_shorthands) {
		*w = (struct cvsw_syntax_word){ cvswi_shorthands[i].name, '\0',
						ALL_MODES };
		return true;
	}
	if (i == cvswi_n_shorthands) {
		*w = (struct cvsw_syntax_word){ "actions", '=',
			ALL_MODES & ~(1u << CVSW_PARSE_MATCH) };
		return true;
	}
	return false;
}
