// SPDX-License-Identifier: GPL-2.0
/*
 * framefuzz - the frame soak's sender: mutated copies of seed frames, as
 * fast as an AF_PACKET socket takes them (selftests/dp/framesoak.sh).
 *
 *   framefuzz IFACE SEEDS.pcap COUNT SEED [--via-mac MAC --via-pct P]
 *             [--rate R] [--report S]
 *
 * Each frame is a seed (a pcap of Ethernet frames: tunpkt.py seeds) with
 * one to four mutations: bit flips, bytes and 16/32-bit words set to edge
 * values, truncation, random tails, a chunk inserted twice or cut out, the
 * tail of another seed spliced in. Half of the frames then get their IPv4
 * header checksum, total length, UDP checksum (0), TCP checksum and SCLP
 * header checksum made right again, so that the mutation reaches the
 * parsers behind those checks instead of dying at the first one. With
 * --via-mac, P percent of the frames take MAC as their source address: the
 * sender's datapath has flows that send such frames into its tunnel ports
 * (the mutated frame becomes a tunnel's inner frame). The destination MAC
 * is kept in 15 of 16 frames, so most reach the receiver.
 * --rate R sends at most R frames a second (0, the default: as fast as
 * the socket takes them; a receiver in the same TCG guest takes far fewer,
 * and the host's tap drops the rest before they reach it).
 * The same SEED sends the same frames. Prints what it sent, per mutation.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_FRAME	1514	/* the wire MTU 1500 + Ethernet header */
#define MIN_FRAME	14	/* AF_PACKET refuses less than the header */
#define BATCH		32

struct seed {
	uint8_t *data;
	unsigned int len;
};

static struct seed *seeds;
static unsigned int n_seeds;
static uint64_t rng_state;

static uint64_t rnd(void)
{
	/* xorshift64*: fast, and the same SEED gives the same frames */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

static unsigned int rnd_below(unsigned int n)
{
	return n ? (unsigned int)(rnd() % n) : 0;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void die(const char *fmt, const char *arg)
{
	fprintf(stderr, "framefuzz: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n");
	exit(1);
}

/* Classic pcap, either byte order, micro- or nanosecond stamps. */
static void load_seeds(const char *path)
{
	uint8_t gh[24], rh[16];
	unsigned int cap = 0;
	uint32_t magic, link;
	int swap;
	FILE *f = fopen(path, "rb");

	if (!f || fread(gh, 1, sizeof(gh), f) != sizeof(gh))
		die("cannot read the pcap header of %s", path);
	memcpy(&magic, gh, 4);
	if (magic == 0xa1b2c3d4 || magic == 0xa1b23c4d)
		swap = 0;
	else if (magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1)
		swap = 1;
	else
		die("%s is not a pcap file", path);
	memcpy(&link, gh + 20, 4);
	if ((swap ? __builtin_bswap32(link) : link) != 1)
		die("%s does not hold Ethernet frames", path);
	while (fread(rh, 1, sizeof(rh), f) == sizeof(rh)) {
		uint32_t len;

		memcpy(&len, rh + 8, 4);
		if (swap)
			len = __builtin_bswap32(len);
		if (len > 65535)
			die("a record of %s is too long", path);
		if (n_seeds == cap) {
			cap = cap ? cap * 2 : 256;
			seeds = realloc(seeds, cap * sizeof(*seeds));
			if (!seeds)
				die("out of memory%s", "");
		}
		seeds[n_seeds].data = malloc(len ? len : 1);
		if (!seeds[n_seeds].data || fread(seeds[n_seeds].data, 1, len, f) != len)
			die("a record of %s is cut short", path);
		seeds[n_seeds].len = len > MAX_FRAME ? MAX_FRAME : len;
		if (seeds[n_seeds].len >= MIN_FRAME)
			n_seeds++;
		else
			free(seeds[n_seeds].data);
	}
	fclose(f);
	if (!n_seeds)
		die("no frames in %s", path);
}

enum mutation {
	M_BITS, M_BYTE, M_WORD16, M_WORD32, M_TRUNCATE, M_TAIL, M_REPEAT,
	M_CUT, M_SPLICE, N_MUTATIONS
};

static const char *const mutation_name[N_MUTATIONS] = {
	"bits", "byte", "word16", "word32", "truncate", "tail", "repeat",
	"cut", "splice",
};

static const uint32_t edge[] = {
	0, 1, 2, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff,
	0x10000, 0x7fffffff, 0x80000000, 0xffffffff,
};

/* Where a mutation may write: past the MACs, but for one frame in 16. */
static unsigned int pick_offset(unsigned int len)
{
	unsigned int lo = rnd_below(16) ? 12 : 0;

	return lo + rnd_below(len - lo);
}

static uint32_t edge_or_random(unsigned int len)
{
	switch (rnd_below(4)) {
	case 0:
		return (uint32_t)rnd();
	case 1:
		return len + rnd_below(3) - 1;	/* lengths just off */
	default:
		return edge[rnd_below(sizeof(edge) / sizeof(edge[0]))];
	}
}

static unsigned int mutate(uint8_t *b, unsigned int len, enum mutation m)
{
	unsigned int at = pick_offset(len), n, i;
	const struct seed *o;
	uint32_t v;

	switch (m) {
	case M_BITS:
		for (i = 1 + rnd_below(8); i; i--) {
			at = pick_offset(len);
			b[at] ^= 1u << rnd_below(8);
		}
		break;
	case M_BYTE:
		b[at] = (uint8_t)edge_or_random(len);
		break;
	case M_WORD16:
		if (at + 2 <= len) {
			v = htons((uint16_t)edge_or_random(len));
			memcpy(b + at, &v, 2);
		}
		break;
	case M_WORD32:
		if (at + 4 <= len) {
			v = htonl(edge_or_random(len));
			memcpy(b + at, &v, 4);
		}
		break;
	case M_TRUNCATE:
		len = MIN_FRAME + rnd_below(len - MIN_FRAME + 1);
		break;
	case M_TAIL:
		for (n = 1 + rnd_below(256); n && len < MAX_FRAME; n--)
			b[len++] = (uint8_t)rnd();
		break;
	case M_REPEAT:
		n = 1 + rnd_below(64);
		if (at + n > len)
			n = len - at;
		if (len + n > MAX_FRAME)
			break;
		memmove(b + at + n, b + at, len - at);
		len += n;
		break;
	case M_CUT:
		n = 1 + rnd_below(64);
		if (at + n > len)
			n = len - at;
		if (len - n < MIN_FRAME)
			break;
		memmove(b + at, b + at + n, len - at - n);
		len -= n;
		break;
	case M_SPLICE:
		o = &seeds[rnd_below(n_seeds)];
		i = rnd_below(o->len);
		n = o->len - i;
		if (at + n > MAX_FRAME)
			n = MAX_FRAME - at;
		memcpy(b + at, o->data + i, n);
		len = at + n < MIN_FRAME ? MIN_FRAME : at + n;
		break;
	default:
		break;
	}
	return len;
}

static uint32_t sum16(const uint8_t *p, unsigned int n, uint32_t s)
{
	for (; n > 1; p += 2, n -= 2)
		s += (uint32_t)p[0] << 8 | p[1];
	if (n)
		s += (uint32_t)p[0] << 8;
	return s;
}

static uint16_t fold(uint32_t s)
{
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

/* Make the outer IPv4 and its L4 checksum right again (see the top). */
static void fix_checksums(uint8_t *b, unsigned int len)
{
	unsigned int l3 = 12, ihl, tot, l4len;
	uint8_t *ip, *l4;
	uint32_t ps;

	while (l3 + 4 <= len && (b[l3] == 0x81 || b[l3] == 0x88) &&
	       (b[l3 + 1] == 0x00 || b[l3 + 1] == 0xa8))
		l3 += 4;	/* 802.1Q, 802.1ad tags */
	if (l3 + 2 > len || b[l3] != 0x08 || b[l3 + 1] != 0x00)
		return;
	ip = b + l3 + 2;
	if (ip + 20 > b + len || (ip[0] >> 4) != 4)
		return;
	ihl = (ip[0] & 0xf) * 4u;
	if (ihl < 20 || ip + ihl > b + len)
		return;
	tot = len - (unsigned int)(ip - b);
	if (rnd_below(2) && tot <= 0xffff)
		put16(ip + 2, (uint16_t)tot);
	else if (((unsigned int)ip[2] << 8 | ip[3]) < tot)
		tot = (unsigned int)ip[2] << 8 | ip[3];
	put16(ip + 10, 0);
	put16(ip + 10, fold(sum16(ip, ihl, 0)));
	if (tot < ihl || ((ip[6] & 0x3f) | ip[7]))
		return;		/* not a first fragment: no L4 header */
	l4 = ip + ihl;
	l4len = tot - ihl;
	ps = sum16(ip + 12, 8, 0) + ip[9] + l4len;
	switch (ip[9]) {
	case IPPROTO_UDP:
		if (l4len >= 8)
			put16(l4 + 6, 0);	/* "no checksum", RFC 768 */
		break;
	case IPPROTO_TCP:
		if (l4len >= 20) {
			put16(l4 + 16, 0);
			put16(l4 + 16, fold(sum16(l4, l4len, ps)));
		}
		break;
	case 234:	/* SCLP: the checksum covers its 12-byte header */
		if (l4len >= 12) {
			put16(l4 + 10, 0);
			put16(l4 + 10, fold(sum16(l4, 12, ps)));
		}
		break;
	default:
		break;
	}
}

static int parse_mac(const char *s, uint8_t *mac)
{
	return sscanf(s, "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx", &mac[0], &mac[1],
		      &mac[2], &mac[3], &mac[4], &mac[5]) == 6 ? 0 : -1;
}

int main(int argc, char **argv)
{
	static uint8_t frames[BATCH][MAX_FRAME];
	unsigned long long count, sent = 0, bytes = 0, retries = 0, fixed = 0;
	unsigned long long via = 0, used[N_MUTATIONS] = { 0 };
	struct mmsghdr msgs[BATCH];
	struct iovec iov[BATCH];
	struct sockaddr_ll sll;
	uint8_t via_mac[6] = { 0 };
	unsigned int via_pct = 0, report = 0, rate = 0;
	double t0, last;
	int s, i, a;

	if (argc < 5)
		die("usage: framefuzz IFACE SEEDS.pcap COUNT SEED [--via-mac MAC --via-pct P] [--rate R] [--report S]%s", "");
	count = strtoull(argv[3], NULL, 0);
	rng_state = strtoull(argv[4], NULL, 0) * 0x9e3779b97f4a7c15ULL + 1;
	for (a = 5; a + 1 < argc; a += 2) {
		if (!strcmp(argv[a], "--via-mac")) {
			if (parse_mac(argv[a + 1], via_mac))
				die("bad MAC %s", argv[a + 1]);
		} else if (!strcmp(argv[a], "--via-pct")) {
			via_pct = (unsigned int)atoi(argv[a + 1]);
		} else if (!strcmp(argv[a], "--rate")) {
			rate = (unsigned int)atoi(argv[a + 1]);
		} else if (!strcmp(argv[a], "--report")) {
			report = (unsigned int)atoi(argv[a + 1]);
		} else {
			die("unknown option %s", argv[a]);
		}
	}
	if (a != argc)
		die("option %s without a value", argv[a]);
	load_seeds(argv[2]);

	s = socket(AF_PACKET, SOCK_RAW, 0);
	if (s < 0)
		die("socket: %s", strerror(errno));
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_ifindex = (int)if_nametoindex(argv[1]);
	if (!sll.sll_ifindex)
		die("no interface %s", argv[1]);
	if (bind(s, (struct sockaddr *)&sll, sizeof(sll)))
		die("bind: %s", strerror(errno));

	t0 = last = now();
	while (sent < count) {
		unsigned int n = count - sent < BATCH ? (unsigned int)(count - sent) : BATCH;
		unsigned int done = 0;

		for (i = 0; i < (int)n; i++) {
			const struct seed *sd = &seeds[rnd_below(n_seeds)];
			unsigned int len = sd->len, k;

			memcpy(frames[i], sd->data, len);
			for (k = 1 + rnd_below(4); k; k--) {
				enum mutation m = (enum mutation)rnd_below(N_MUTATIONS);

				len = mutate(frames[i], len, m);
				used[m]++;
			}
			if (rnd_below(2)) {
				fix_checksums(frames[i], len);
				fixed++;
			}
			if (via_pct && rnd_below(100) < via_pct) {
				memcpy(frames[i] + 6, via_mac, 6);
				via++;
			}
			iov[i].iov_base = frames[i];
			iov[i].iov_len = len;
			memset(&msgs[i], 0, sizeof(msgs[i]));
			msgs[i].msg_hdr.msg_iov = &iov[i];
			msgs[i].msg_hdr.msg_iovlen = 1;
			bytes += len;
		}
		while (done < n) {
			int r = sendmmsg(s, msgs + done, n - done, 0);

			if (r > 0) {
				done += (unsigned int)r;
				continue;
			}
			if (r < 0 && errno != ENOBUFS && errno != EAGAIN &&
			    errno != EINTR && errno != EMSGSIZE && errno != EINVAL)
				die("sendmmsg: %s", strerror(errno));
			if (r < 0 && (errno == EMSGSIZE || errno == EINVAL)) {
				done++;	/* the kernel refused this one: skip it */
				continue;
			}
			retries++;
			usleep(1000);
		}
		sent += n;
		/* pace: never ahead of rate * elapsed */
		while (rate && sent > (now() - t0) * rate)
			usleep(1000);
		if (report && now() - last >= report) {
			last = now();
			printf("framefuzz: %llu frames, %.0f/s\n", sent,
			       sent / (last - t0));
			fflush(stdout);
		}
	}
	t0 = now() - t0;
	printf("framefuzz: sent %llu frames, %llu bytes, in %.1f s: %.0f frames/s; %llu seeds\n",
	       sent, bytes, t0, t0 > 0 ? sent / t0 : 0.0, (unsigned long long)n_seeds);
	printf("framefuzz: checksums made right in %llu, %llu through the tunnels, %llu waits for buffers\n",
	       fixed, via, retries);
	printf("framefuzz: mutations:");
	for (i = 0; i < N_MUTATIONS; i++)
		printf(" %s=%llu", mutation_name[i], used[i]);
	printf("\n");
	close(s);
	return 0;
}
