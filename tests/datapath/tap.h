/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tap.h - minimal TAP reporting for the datapath tests.  A test program
 * prints one "ok - name" / "not ok - name" line per test function and
 * diagnostics as "# ..." lines; run-check.sh numbers the lines across
 * all programs and prints the plan and the summary.
 */
#ifndef CVSW_TEST_TAP_H
#define CVSW_TEST_TAP_H

#include <stdio.h>
#include <stdlib.h>

static int tap_cur_fail;
static int tap_total_fail;

#define TAP_MAX_DIAG 20

#define EXPECT(c) do { \
	if (!(c)) { \
		if (tap_cur_fail++ < TAP_MAX_DIAG) \
			printf("# %s:%d: expected %s\n", __FILE__, __LINE__, \
			       #c); \
	} \
} while (0)

#define EXPECT_EQ(a, b) do { \
	unsigned long long _a = (unsigned long long)(a); \
	unsigned long long _b = (unsigned long long)(b); \
	if (_a != _b) { \
		if (tap_cur_fail++ < TAP_MAX_DIAG) \
			printf("# %s:%d: %s = 0x%llx, expected %s = 0x%llx\n", \
			       __FILE__, __LINE__, #a, _a, #b, _b); \
	} \
} while (0)

static inline void tap_run(const char *name, void (*fn)(void))
{
	tap_cur_fail = 0;
	fn();
	printf("%sok - %s\n", tap_cur_fail ? "not " : "", name);
	fflush(stdout);
	if (tap_cur_fail)
		tap_total_fail++;
}

static inline int tap_done(void)
{
	return tap_total_fail ? 1 : 0;
}

/* Iteration scale: CVSW_TEST_SCALE=N divides the work (valgrind runs). */
static inline unsigned int tap_iters(unsigned int n)
{
	const char *s = getenv("CVSW_TEST_SCALE");
	unsigned int d = s ? (unsigned int)atoi(s) : 1;

	if (!d)
		d = 1;
	return n / d ? n / d : 1;
}

#endif /* CVSW_TEST_TAP_H */
