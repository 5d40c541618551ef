/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Tab completion: commands and their keywords, device names (from the
 * kernel family, else /sys/class/net), flow field names and action names.
 * ',' breaks words too, so each field of a flow completes on its own.
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

static void cand_list(const char *const *list)
{
	for (; *list; list++)
		cand_add(*list);
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

static void build(const char *text, int start)
{
	char w[16][64];
	int n = prior_words(w, 16);
	static const char *const show_kw[] = { "devices", "device", NULL };
	static const char *const set_kw[] = { "mtu", "offload", "miss", "packet-in-rate", NULL };
	static const char *const flow_kw[] = {
		"add", "mod", "del", "get", "dump", "flush", "add-batch", "parse", NULL,
	};
	static const char *const offloads[] = {
		"rx_csum", "tx_csum", "sg", "tso", "gso", "gro", "gro_hw", NULL,
	};
	static const char *const onoff[] = { "on", "off", NULL };
	static const char *const miss[] = { "normal", "drop", "controller", NULL };
	static const char *const stats_kw[] = { "table", "ports", NULL };
	static const char *const pout_kw[] = { "in_port=", "actions=", "data=", NULL };

	cands_clear();
	if (n == 0) {
		cand_list(shell_commands);
		return;
	}
	if (!strcmp(w[0], "help") && n == 1)
		cand_list(shell_commands);
	else if (!strcmp(w[0], "show")) {
		if (n == 1)
			cand_list(show_kw);
		else if (n == 2 && !strcmp(w[1], "device"))
			cand_devices();
	} else if (!strcmp(w[0], "set")) {
		if (n == 1)
			cand_add("device");
		else if (n == 2)
			cand_devices();
		else if (n == 3)
			cand_list(set_kw);
		else if (n == 4 && !strcmp(w[3], "offload"))
			cand_list(offloads);
		else if (n == 5 && !strcmp(w[3], "offload"))
			cand_list(onoff);
		else if (n == 4 && !strcmp(w[3], "miss"))
			cand_list(miss);
	} else if (!strcmp(w[0], "stats") || !strcmp(w[0], "monitor")) {
		if (n == 1)
			cand_devices();
		else if (n == 2 && !strcmp(w[0], "stats"))
			cand_list(stats_kw);
	} else if (!strcmp(w[0], "packet-out")) {
		if (n == 1)
			cand_devices();
		else if (!strncmp(text, "actions=", 8)) {
			cand_prefix = "actions=";
			cand_actions();
		} else
			cand_list(pout_kw);
	} else if (!strcmp(w[0], "flow")) {
		bool in_flow = n >= 3 && strcmp(w[1], "add-batch") && strcmp(w[1], "flush");

		if (n == 1)
			cand_list(flow_kw);
		else if (n == 2 && strcmp(w[1], "parse"))
			cand_devices();
		else if (in_flow || !strcmp(w[1], "parse")) {
			/* inside actions=...: everything after it is actions */
			char *line = strndup(rl_line_buffer, (size_t)start);
			bool in_actions = line && strstr(line, "actions=");

			free(line);
			if (!strncmp(text, "actions=", 8)) {
				cand_prefix = "actions=";
				cand_actions();
			} else if (in_actions) {
				cand_actions();
			} else {
				bool match = !strcmp(w[1], "del") || !strcmp(w[1], "get") ||
					     !strcmp(w[1], "dump");

				if ((!strcmp(w[1], "mod") || !strcmp(w[1], "del")) && n == 3)
					cand_add("--strict");
				cand_fields(match ? CVSW_PARSE_MATCH : CVSW_PARSE_FLOW);
			}
		}
	}
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
	int n = prior_words(w, 16);
	char **m;

	(void)end;
	/* a batch file name: readline's own file-name completion */
	if (n == 3 && !strcmp(w[0], "flow") && !strcmp(w[1], "add-batch"))
		return NULL;
	rl_attempted_completion_over = 1;
	build(text, start);
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
