/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Tab completion: commands and their keywords (the command tables of
 * commands.c and cmd_*.c), device names (from the kernel family, else
 * /sys/class/net), flow field names and action names (the library's syntax
 * tables), the tunnel ports of the device on the line (in_port=, output:,
 * tunnel del), the tunnel kinds and parameter words. ',' breaks words too, so each field of a flow completes on its own.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <readline/readline.h>

#include "shell.h"

static struct shell *the_shell;

/* The candidate list of the current completion. */
static char **cands;
static size_t n_cands, cap_cands;
static const char *cand_prefix;		/* prepended to every candidate */

static void cands_clear(void)
{
	for (size_t i = 0; i < n_cands; i++)
		free(cands[i]);
	n_cands = 0;
	cand_prefix = "";
}

static void cand_add(const char *s)
{
	size_t lp = strlen(cand_prefix);
	char *c;

	if (n_cands == cap_cands) {
		size_t nc = cap_cands ? cap_cands * 2 : 32;
		char **p = realloc(cands, nc * sizeof(*p));

		if (!p)
			return;
		cands = p;
		cap_cands = nc;
	}
	c = malloc(lp + strlen(s) + 1);
	if (!c)
		return;
	memcpy(c, cand_prefix, lp);
	strcpy(c + lp, s);
	cands[n_cands++] = c;
}

static int dev_cb(const struct cvsw_device *d, void *arg)
{
	(void)arg;
	cand_add(d->name);
	return 0;
}

static void cand_devices(void)
{
	struct cvsw_handle *h = shell_handle(the_shell, true);
	DIR *dir;
	struct dirent *e;

	if (h && !cvsw_device_dump(h, dev_cb, NULL) && n_cands)
		return;
	/* no family (or no cvsw device): every interface of the system */
	dir = opendir("/sys/class/net");
	if (!dir)
		return;
	while ((e = readdir(dir)))
		if (e->d_name[0] != '.')
			cand_add(e->d_name);
	closedir(dir);
}

/* A syntax word with the '=' or ':' that follows it. */
static void cand_word(const struct cvsw_syntax_word *w)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "%s%c", w->name, w->sep);
	cand_add(buf);
}

/* The flow keys the parse mode of the command accepts (the library's
 * tables: fields, aliases, shorthands, options). */
static void cand_fields(enum cvsw_parse_mode mode)
{
	struct cvsw_syntax_word w;

	for (unsigned i = 0; cvsw_flow_keyword(i, &w); i++)
		if (w.modes & (1u << mode))
			cand_word(&w);
}

static void cand_actions(void)
{
	struct cvsw_syntax_word w;

	for (unsigned i = 0; cvsw_action_keyword(i, &w); i++)
		cand_word(&w);
}

/* Words of the line before the one being completed. */
static int prior_words(char words[][64], int max)
{
	int n = 0;
	const char *p = rl_line_buffer;
	const char *end = rl_line_buffer + rl_point;

	while (p < end && n < max) {
		size_t l;

		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		l = strcspn(p, " \t");
		if (p + l >= end)
			break;		/* the word under the cursor */
		snprintf(words[n++], 64, "%.*s", (int)l, p);
		p += l;
	}
	return n;
}

static void cand_subs(const struct shell_sub *table)
{
	for (; table->name; table++) {
		cand_add(table->name);
		if (table->alias)
			cand_add(table->alias);
	}
}

static void cand_choices(const char *(*choice)(unsigned))
{
	for (unsigned i = 0; choice(i); i++)
		cand_add(choice(i));
}

/* Where the words before the cursor lead in the command tables. */
struct place {
	const struct shell_sub *table;	/* a (sub)command name is due */
	const struct shell_sub *sub;	/* else the command reached, NULL: unknown */
	bool dev;			/* its DEV is due */
	int pos;			/* else the index of the due word after DEV */
	const char *dev_name;		/* the DEV on the line, NULL if none */
};

/* The names of DEV's ports (tunnels only, or all), with the current
 * prefix: "vx0", "in_port=vx0", "output:vx0". */
static void cand_ports(const char *dev, bool tunnels_only)
{
	struct shell_ports ports;

	if (!dev)
		return;
	shell_ports_init(&ports, the_shell, dev);
	if (!shell_ports_load(&ports, true))
		for (size_t i = 0; i < ports.n; i++)
			if (!tunnels_only || cvsw_port_kind_is_tunnel(ports.ports[i].kind))
				cand_add(ports.ports[i].name);
	shell_ports_free(&ports);
}

/* Tunnel parameters: the words, and the kinds after "type=". */
static void cand_tunnel_params(const char *text)
{
	struct cvsw_syntax_word w;

	if (!strncmp(text, "type=", 5)) {
		cand_prefix = "type=";
		for (unsigned k = 0; cvsw_port_kind_name(k); k++)
			if (cvsw_port_kind_is_tunnel(k))
				cand_add(cvsw_port_kind_name(k));
		return;
	}
	for (unsigned i = 0; cvsw_tunnel_keyword(i, &w); i++)
		cand_word(&w);
}

static struct place walk(char w[][64], int n)
{
	struct place p = { .table = shell_commands };
	int k = 0;

	while (p.table) {
		if (k == n)
			return p;
		p.sub = shell_sub_find(p.table, w[k++]);
		p.table = NULL;
		if (!p.sub)
			return p;
		if (p.sub->needs_dev && k == n) {
			p.dev = true;
			return p;
		}
		if (p.sub->needs_dev)
			p.dev_name = w[k];
		k += p.sub->needs_dev;
		p.table = p.sub->subs;
	}
	p.pos = n - k;
	return p;
}

/* Whether the line before the word being completed holds actions=:
 * everything after it is actions. */
static bool in_actions(int start)
{
	char *line = strndup(rl_line_buffer, (size_t)start);
	bool in = line && strstr(line, "actions=");

	free(line);
	return in;
}

/* A word of a flow or match text (after an option at its start); port
 * names of DEV after in_port=, output: and as bare actions. */
static void cand_flow_text(const struct shell_sub *sub, int pos, const char *text,
			   int start, const char *dev)
{
	if (!strncmp(text, "in_port=", 8) && !in_actions(start)) {
		cand_prefix = "in_port=";
		cand_ports(dev, false);
	} else if (!strncmp(text, "actions=output:", 15)) {
		cand_prefix = "actions=output:";
		cand_ports(dev, false);
	} else if (!strncmp(text, "output:", 7) && in_actions(start)) {
		cand_prefix = "output:";
		cand_ports(dev, false);
	} else if (!strncmp(text, "actions=", 8)) {
		cand_prefix = "actions=";
		cand_actions();
		cand_ports(dev, true);
	} else if (in_actions(start)) {
		cand_actions();
		cand_ports(dev, true);
	} else {
		if (sub->option && pos == 0)
			cand_add(sub->option);
		cand_fields(sub->args == SHELL_ARGS_MATCH ? CVSW_PARSE_MATCH : CVSW_PARSE_FLOW);
	}
}

/* Keywords; a keyword "actions=" already typed completes actions. */
static void cand_keywords(const char *const *words, const char *text)
{
	for (const char *const *kw = words; *kw; kw++) {
		if (!strcmp(*kw, "actions=") && !strncmp(text, *kw, 8)) {
			cand_prefix = "actions=";
			cand_actions();
			return;
		}
	}
	for (const char *const *kw = words; *kw; kw++)
		cand_add(*kw);
}

/* The pos-th word after a command's name (and DEV). */
static void cand_args(const struct shell_sub *sub, int pos, const char *text, int start,
		      const char *dev)
{
	switch (sub->args) {
	case SHELL_ARGS_FLOW:
	case SHELL_ARGS_MATCH:
		cand_flow_text(sub, pos, text, start, dev);
		break;
	case SHELL_ARGS_TUNNEL:
		if (pos > 0)	/* the first is the new port's name */
			cand_tunnel_params(text);
		break;
	case SHELL_ARGS_PORT:
		if (pos == 0)
			cand_ports(dev, true);
		break;
	case SHELL_ARGS_WORDS:
		if (pos + sub->needs_dev < sub->max_args)
			cand_keywords(sub->words, text);
		break;
	case SHELL_ARGS_VALUES:
		if (pos < sub->max_args && sub->values[pos].choice)
			cand_choices(sub->values[pos].choice);
		break;
	case SHELL_ARGS_DEVICE:
		if (pos == 0)
			cand_devices();
		break;
	case SHELL_ARGS_COMMAND:
		if (pos == 0)
			cand_subs(shell_commands);
		break;
	case SHELL_ARGS_NONE:
	case SHELL_ARGS_FILE:	/* readline's own (complete()) */
		break;
	}
}

static void build(const char *text, int start, struct place p)
{
	cands_clear();
	if (p.table)
		cand_subs(p.table);
	else if (p.dev)
		cand_devices();
	else if (p.sub)
		cand_args(p.sub, p.pos, text, start, p.dev_name);
}

static char *generator(const char *text, int state)
{
	static size_t i, len;

	if (!state) {
		i = 0;
		len = strlen(text);
	}
	while (i < n_cands) {
		const char *c = cands[i++];

		if (!strncmp(c, text, len))
			return strdup(c);
	}
	return NULL;
}

static char **complete(const char *text, int start, int end)
{
	char w[16][64];
	struct place p = walk(w, prior_words(w, 16));
	char **m;

	(void)end;
	/* a file name: readline's own file-name completion */
	if (p.sub && !p.table && !p.dev && p.sub->args == SHELL_ARGS_FILE && p.pos == 0)
		return NULL;
	rl_attempted_completion_over = 1;
	build(text, start, p);
	m = rl_completion_matches(text, generator);
	/* "field=" and "output:" continue without a blank */
	if (m && !m[1]) {
		size_t l = strlen(m[0]);

		if (l && (m[0][l - 1] == '=' || m[0][l - 1] == ':'))
			rl_completion_append_character = '\0';
	}
	return m;
}

void shell_completion_init(struct shell *sh)
{
	the_shell = sh;
	rl_readline_name = "cvsw";
	rl_attempted_completion_function = complete;
	rl_completer_word_break_characters = " \t,";
}
