// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target of the OpenFlow 1.0 codec: any bytes, framed as the
 * agent frames them (header length), decode without a crash or an
 * overread; a decoded message encodes again (except what only helpers
 * build) and that encoding decodes to the same bytes once more.
 */
#include <stdlib.h>
#include <string.h>

#include "ofmsg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_entries(const struct ofmsg *m)
{
	struct of_stats_iter it;
	struct of_err err;
	union {
		struct of_flow_stats f;
		struct of_desc_stats d;
		struct of_table_stats t;
	} e;

	if (m->type != OFPT_STATS_REPLY)
		return;
	of_stats_iter_init(&it, &m->u.stats_reply);
	while (of_stats_next(&it, &e, &err) == 1)
		;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* the first byte picks the codec state, the rest is a stream */
	struct of_codec_state st = { .flow_mod_table_id = size && (data[0] & 1) };
	struct ofbuf b, b2;

	if (size)
		data++, size--;
	ofbuf_init(&b);
	ofbuf_init(&b2);
	while (size >= OFP_HEADER_LEN) {
		size_t len = rd16(data + 2);
		struct ofmsg m, m2;
		struct of_err err;
		uint8_t *copy;

		if (len < OFP_HEADER_LEN || len > size)
			len = size;
		/* an exact-size copy, so ASan sees any overread */
		copy = malloc(len);
		memcpy(copy, data, len);
		of_type_name(copy, len);
		if (!of_decode(copy, len, &st, &m, &err)) {
			check_entries(&m);
			ofbuf_clear(&b);
			if (!of_encode(&b, &m)) {
				if (of_decode(b.data, b.len, &st, &m2, &err))
					abort();	/* encoded what it cannot read */
				ofbuf_clear(&b2);
				if (of_encode(&b2, &m2) || b2.len != b.len ||
				    memcmp(b.data, b2.data, b.len))
					abort();	/* not a fixed point */
			}
		} else if (err.type > OFPET_QUEUE_OP_FAILED || !err.why) {
			abort();
		}
		free(copy);
		data += len;
		size -= len;
	}
	ofbuf_free(&b);
	ofbuf_free(&b2);
	return 0;
}
