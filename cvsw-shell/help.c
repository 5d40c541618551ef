/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The help command's text and the usage lines of the error messages, both
 * written from the command tables (commands.c, cmd_*.c): a usage, then
 * what it does from the help column on.
 */
#include <string.h>

#include "shell.h"

/* Column of the descriptions of the top-level commands. */
#define HELP_COL 26

/* snprintf at the end of buf; a full buffer stays truncated. */
static void append(char *buf, size_t size, const char *s)
{
	size_t len = strlen(buf);

	snprintf(buf + len, size - len, "%s", s);
}

void shell_names(char *buf, size_t size, const struct shell_sub *table,
		 const char *sep, const char *last,
		 bool (*skip)(const struct shell_sub *))
{
	const struct shell_sub *prev = NULL;

	for (const struct shell_sub *s = table; s->name; s++) {
		if (skip && skip(s))
			continue;
		if (prev) {
			const struct shell_sub *next = s + 1;

			while (next->name && skip && skip(next))
				next++;
			append(buf, size, next->name ? sep : last);
		}
		append(buf, size, s->name);
		prev = s;
	}
}

void shell_choices(char *buf, size_t size, const char *(*choice)(unsigned),
		   const char *sep, const char *last)
{
	for (unsigned i = 0; choice(i); i++) {
		if (i)
			append(buf, size, choice(i + 1) ? sep : last);
		append(buf, size, choice(i));
	}
}

void shell_sub_usage(char *buf, size_t size, const struct shell_sub *sub, bool help)
{
	if (sub->usage) {
		append(buf, size, sub->usage);
		return;
	}
	append(buf, size, sub->name);
	if (sub->alias) {
		append(buf, size, ", ");
		append(buf, size, sub->alias);
	}
	for (int i = 0; sub->values && i < sub->max_args; i++) {
		const struct shell_value *v = &sub->values[i];

		append(buf, size, " ");
		if (v->choice && (help || !v->placeholder))
			shell_choices(buf, size, v->choice, "|", "|");
		else
			append(buf, size, v->placeholder);
	}
}

/* "USAGE   what it does", the text from column col (its own line when the
 * usage reaches it), continuation lines indented as well. */
static void help_line(FILE *out, const char *usage, const char *text, int col)
{
	if (!text) {
		fprintf(out, "%s\n", usage);
		return;
	}
	if ((int)strlen(usage) < col)
		fprintf(out, "%-*s", col, usage);
	else
		fprintf(out, "%s\n%*s", usage, col, "");
	for (const char *p = text; *p;) {
		size_t l = strcspn(p, "\n");

		fprintf(out, "%.*s\n", (int)l, p);
		p += l;
		if (*p && *++p)
			fprintf(out, "%*s", col, "");
	}
}

/* One line per leaf below sub, each usage after `prefix`. */
static void help_tree(FILE *out, const char *prefix, const struct shell_sub *sub,
		      int col)
{
	char usage[256];

	snprintf(usage, sizeof(usage), "%s", prefix);
	shell_sub_usage(usage, sizeof(usage), sub, true);
	if (!sub->subs) {
		help_line(out, usage, sub->help, col);
		return;
	}
	append(usage, sizeof(usage), " ");
	for (const struct shell_sub *s = sub->subs; s->name; s++)
		help_tree(out, usage, s, sub->help_col ? sub->help_col : col);
}

/* A command's lines: one per subcommand (then its .help, e.g. the flow
 * syntax), or its usage and .help. */
static void help_command(FILE *out, const struct shell_sub *cmd)
{
	if (!cmd->subs) {
		help_tree(out, "", cmd, HELP_COL);
		return;
	}
	for (const struct shell_sub *s = cmd->subs; s->name; s++) {
		char prefix[64];

		snprintf(prefix, sizeof(prefix), "%s ", cmd->name);
		help_tree(out, prefix, s, cmd->help_col);
	}
	if (cmd->help)
		fputs(cmd->help, out);
}

bool shell_help(const char *cmd, FILE *out)
{
	if (cmd) {
		const struct shell_sub *c = shell_sub_find(shell_commands, cmd);

		if (c)
			help_command(out, c);
		return c;
	}
	fputs("Commands (help COMMAND for details):\n", out);
	for (const struct shell_sub *c = shell_commands; c->name; c++)
		help_command(out, c);
	return true;
}
