// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_classifier.c - libFuzzer target: classifier operation sequences.
 *
 * The input bytes drive the choices of ops.c (masks, flow mods, lookups,
 * clock steps); every result of the real table is compared with the linear
 * model, and the whole table is compared at the end.  Any disagreement
 * aborts.
 */
#include <stdlib.h>

#include "ops.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gsrc g = { .data = data, .len = size };
	struct ops_ctx c;
	uint32_t capacity;
	int steps = 0;

	if (size < 2)
		return 0;
	capacity = 1 + data[0] % 32;
	g.pos = 1;
	if (ops_init(&c, &g, capacity, data[1] & 1 ? 8 : 0, 8))
		abort();
	while (g.pos < g.len && steps++ < 2000) {
		if (ops_step(&c, &g)) {
			fprintf(stderr, "step %d: %s\n", steps, c.err);
			abort();
		}
	}
	if (ops_compare_all(&c)) {
		fprintf(stderr, "final: %s\n", c.err);
		abort();
	}
	ops_free(&c);
	return 0;
}
