/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A command line as words: blanks split it, '...' and "..." quote. A FLOW
 * or MATCH argument is the rest of the words joined by single blanks, so
 * error columns count in that text.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "shell.h"

int shell_split(const char *line, struct words *ws, struct shell *sh)
{
	char *o = ws->buf;
	const char *p = line;

	ws->n = 0;
	if (strlen(line) >= sizeof(ws->buf))
		return shell_fail(sh, "line too long");
	for (;;) {
		char q = 0;

		while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
			p++;
		if (!*p)
			return 0;
		if (ws->n == SHELL_MAX_WORDS)
			return shell_fail(sh, "too many words");
		ws->w[ws->n++] = o;
		while (*p && (q || !(*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))) {
			if (q && *p == q)
				q = 0;
			else if (!q && (*p == '\'' || *p == '"'))
				q = *p;
			else
				*o++ = *p;
			p++;
		}
		if (q)
			return shell_fail(sh, "unterminated quote");
		*o++ = '\0';
	}
}

void shell_join(const struct words *ws, int i, char *out, size_t size)
{
	size_t len = 0;

	out[0] = '\0';
	for (; i < ws->n; i++) {
		int n = snprintf(out + len, size - len, "%s%s", len ? " " : "", ws->w[i]);

		if (n < 0 || (size_t)n >= size - len)
			return;
		len += (size_t)n;
	}
}

int shell_parse_u32(struct shell *sh, const char *s, const char *what, uint32_t *v)
{
	char *end;
	unsigned long long x;

	errno = 0;
	if (!*s || *s == '-')
		return shell_fail(sh, "invalid %s \"%s\"", what, s);
	x = strtoull(s, &end, 0);
	if (*end || errno || x > UINT32_MAX)
		return shell_fail(sh, "invalid %s \"%s\"", what, s);
	*v = (uint32_t)x;
	return 0;
}
