/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The shell's state across commands: the kernel handle, opened on first
 * use, and the message of the command that failed.
 */
#include <stdarg.h>

#include "shell.h"

volatile sig_atomic_t shell_interrupted;

int shell_fail(struct shell *sh, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(sh->err, sizeof(sh->err), fmt, ap);
	va_end(ap);
	return -1;
}

struct cvsw_handle *shell_handle(struct shell *sh, bool quiet)
{
	if (sh->h)
		return sh->h;
	if (sh->open_failed && quiet)
		return NULL;	/* completion: do not retry on every TAB */
	struct cvsw_handle *h = cvsw_handle_alloc();

	if (!h) {
		if (!quiet)
			shell_fail(sh, "out of memory");
		return NULL;
	}
	if ((sh->family && cvsw_set_family(h, sh->family)) || cvsw_open(h)) {
		if (!quiet)
			shell_fail(sh, "%s", cvsw_last_error(h));
		sh->open_failed = true;
		cvsw_close(h);
		return NULL;
	}
	sh->h = h;
	return h;
}

void shell_free(struct shell *sh)
{
	cvsw_close(sh->h);
	sh->h = NULL;
}

int shell_lib_fail(struct shell *sh)
{
	return shell_fail(sh, "%s", cvsw_last_error(sh->h));
}

int shell_lib_result(struct shell *sh, int r)
{
	return r ? shell_lib_fail(sh) : 0;
}
