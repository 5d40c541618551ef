// SPDX-License-Identifier: GPL-2.0
/*
 * mkcorpus.c - writes the seed corpora of the fuzz targets (make corpus):
 * one flow_key seed per sample packet kind and rewrite, and classifier
 * seeds of pseudo-random bytes.
 */
#include <stdio.h>
#include <string.h>

#include "pktgen.h"

static void put(const char *dir, int i, const uint8_t *b, size_t n)
{
	char name[512];
	FILE *f;

	snprintf(name, sizeof(name), "%s/seed-%03d", dir, i);
	f = fopen(name, "wb");
	if (!f || fwrite(b, 1, n, f) != n) {
		perror(name);
		return;
	}
	fclose(f);
}

static int spec(int i, struct pg_spec *s)
{
	pg_default(s);
	s->payload_len = 8;
	switch (i) {
	case 0: return 1;
	case 1: s->proto = 17; s->ntags = 1; s->tpid[0] = 0x8100; return 1;
	case 2: s->ntags = 2; s->tpid[0] = 0x88a8; s->tpid[1] = 0x8100;
		s->proto = 1; return 1;
	case 3: s->l3 = PG_L3_ARP; s->arp_op = 1; return 1;
	case 4: s->ip_opt_len = 12; s->proto = 17; s->udp_no_csum = true;
		return 1;
	case 5: s->frag = 0x2000; return 1;
	case 6: s->frag = 0x0020; return 1;
	case 7: s->l3 = PG_L3_IPV6; s->n_ext = 3; s->ext[0] = 0;
		s->ext[1] = 43; s->ext[2] = 44; s->proto = 17; return 1;
	case 8: s->l3 = PG_L3_IPV6; s->proto = 58; s->n_ext = 1;
		s->ext[0] = 51; return 1;
	case 9: s->proto = 17; s->dport = 4789; s->tun = PG_TUN_VXLAN;
		s->tun_id = 5001; return 1;
	case 10: s->proto = 17; s->dport = 6081; s->tun = PG_TUN_GENEVE;
		s->geneve_opt_words = 2; return 1;
	case 11: s->proto = 47; s->tun = PG_TUN_NVGRE; s->gre_csum = true;
		s->gre_seq = true; return 1;
	case 12: s->dport = 7471; s->tun = PG_TUN_STT; s->tun_id = 77;
		return 1;
	case 13: s->proto = 234; s->dport = 4789; s->sclp_id = 1;
		s->tun = PG_TUN_VXLAN_SCLP; return 1;
	case 14: s->l3 = PG_L3_NONE; s->ethertype = 0x88cc; return 1;
	case 15: s->l3 = PG_L3_IPV6; s->proto = 17; s->dport = 4789;
		s->tun = PG_TUN_VXLAN; return 1;
	default: return 0;
	}
}

int main(int argc, char **argv)
{
	uint8_t b[4096];
	struct pg_spec s;
	uint64_t rng = 12345;
	size_t n, j;
	int i, k = 0;

	if (argc != 3) {
		fprintf(stderr, "usage: mkcorpus FLOW_KEY_DIR CLASSIFIER_DIR\n");
		return 2;
	}
	for (i = 0; spec(i, &s); i++) {
		/* in_port, flags (rewrite kind), argument, packet */
		b[0] = 1;
		b[1] = 0;
		b[2] = (uint8_t)((i % 10) << 1 | (i % 3 == 0 ? 0x20 : 0));
		b[3] = 0xc0;
		b[4] = 0xa8;
		b[5] = (uint8_t)i;
		b[6] = 1;
		n = pg_build(&s, b + 7, sizeof(b) - 7, NULL);
		put(argv[1], k++, b, n + 7);
	}
	for (i = 0; i < 24; i++) {
		n = 64 + (size_t)i * 40;
		b[0] = (uint8_t)(i * 5);
		for (j = 1; j < n; j++)
			b[j] = (uint8_t)pg_rand(&rng);
		put(argv[2], i, b, n);
	}
	return 0;
}
