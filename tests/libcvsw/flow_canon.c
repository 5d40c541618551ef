/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * For the differential test against ovs-ofctl: reads flow texts (one per
 * line) and prints, per line, what libcvsw makes of it:
 *   OK<TAB>canonical text<TAB>field  (field: the first one whose OpenFlow
 *                                     1.0 prerequisite is not met, or -)
 *   ERR<TAB>error text
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "syntax.h"

int main(void)
{
	struct cvsw_flow *f = malloc(sizeof(*f));
	char *line = NULL, text[CVSW_FLOW_TEXT_MAX];
	size_t cap = 0;
	ssize_t n;

	if (!f)
		return 1;
	while ((n = getline(&line, &cap, stdin)) >= 0) {
		struct cvsw_parse_error err;
		const struct cvswi_field *unmet;

		if (n && line[n - 1] == '\n')
			line[n - 1] = '\0';
		if (cvsw_flow_parse(line, CVSW_PARSE_DUMP, f, &err)) {
			printf("ERR\t%s\n", err.text);
			continue;
		}
		cvsw_flow_format(text, sizeof(text), f);
		unmet = cvswi_match_unmet(&f->match);
		printf("OK\t%s\t%s\n", text, unmet ? unmet->name : "-");
	}
	free(line);
	free(f);
	return 0;
}
