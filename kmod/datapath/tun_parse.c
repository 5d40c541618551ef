// SPDX-License-Identifier: GPL-2.0
/*
 * tun_parse.c - parsers of the tunnel headers (see tun_parse.h).
 *
 * Each parser gets the transport header after the outer IPv4 header:
 * @avail bytes readable, @len bytes of IP payload in all (@avail <= @len).
 * What a peer must not send is refused, as Linux's own tunnel drivers do:
 * VXLAN flags other than I or non-zero reserved fields, a Geneve version
 * other than 0, OAM frames, critical options (we know none), a protocol
 * other than 0x6558, GRE flags other than exactly K, an STT version other
 * than 0, an SCLP header with a bad checksum or an impossible length.
 */
#include "tun_parse.h"
#include "dp_bytes.h"

#define UDP_HLEN		8
#define TCP_HLEN_MIN		20
#define GENEVE_OPT_HLEN		4
#define GENEVE_F_OAM		0x80	/* second byte */
#define GENEVE_F_CRIT		0x40
#define NVGRE_FLAGS		0x2000	/* K only, version 0 */
#define STT_F_VLAN		0x1000	/* V bit of the PCP/V/VID word */

/* A parser's input: see cvsw_tun_parse(). */
struct tun_in {
	const u8 *l4;
	size_t avail;
	size_t len;
	__be32 saddr;
	__be32 daddr;
};

/* A header of @need bytes at @ofs: readable, and inside the payload. */
static bool fits(size_t ofs, size_t need, size_t avail)
{
	return ofs <= avail && need <= avail - ofs;
}

/* UDP: the datagram's own length bounds what follows. */
static int udp_len(const u8 *l4, size_t avail, size_t len, size_t need,
		   size_t *ulen)
{
	size_t ul;

	if (!fits(0, UDP_HLEN, avail))
		return -EINVAL;
	ul = cvsw_rd16(l4 + 4);
	if (ul < UDP_HLEN + need || ul > len || !fits(0, UDP_HLEN + need, avail))
		return -EINVAL;
	*ulen = ul;
	return 0;
}

/* The VXLAN header at @h: flags exactly I, reserved fields zero. */
static int vxlan_hdr(const u8 *h, struct cvsw_tun_parsed *t)
{
	if (h[0] != CVSW_VXLAN_FLAG_I || h[1] || h[2] || h[3] || h[7])
		return -EINVAL;
	t->id = cvsw_rd32(h + 4) >> 8;
	return 0;
}

static int parse_vxlan(const struct tun_in *in, struct cvsw_tun_parsed *t)
{
	const u8 *l4 = in->l4;
	size_t avail = in->avail, len = in->len;
	size_t ulen;
	int err;

	err = udp_len(l4, avail, len, CVSW_VXLAN_HLEN + CVSW_TUN_ETH_HLEN,
		      &ulen);
	if (err)
		return err;
	err = vxlan_hdr(l4 + UDP_HLEN, t);
	if (err)
		return err;
	t->inner_ofs = UDP_HLEN + CVSW_VXLAN_HLEN;
	return CVSW_TUN_FRAME;
}

/*
 * Geneve options: TLVs of 4 + 4 * length bytes that must tile the option
 * area exactly. None is known to us, so a critical one is an error.
 */
static int geneve_opts(const u8 *o, size_t optlen)
{
	size_t ofs = 0, olen;

	while (ofs < optlen) {
		if (optlen - ofs < GENEVE_OPT_HLEN)
			return -EINVAL;
		if (o[ofs + 2] & CVSW_GENEVE_OPT_CRIT)
			return -EPROTO;
		olen = GENEVE_OPT_HLEN + (size_t)(o[ofs + 3] & 0x1f) * 4;
		if (olen > optlen - ofs)
			return -EINVAL;
		ofs += olen;
	}
	return 0;
}

static int parse_geneve(const struct tun_in *in, struct cvsw_tun_parsed *t)
{
	const u8 *l4 = in->l4;
	size_t avail = in->avail, len = in->len;
	const u8 *h = l4 + UDP_HLEN;
	size_t ulen, optlen;
	int err;

	err = udp_len(l4, avail, len, CVSW_GENEVE_HLEN, &ulen);
	if (err)
		return err;
	optlen = (size_t)(h[0] & 0x3f) * 4;
	if ((h[0] >> 6) != 0 || (h[1] & (GENEVE_F_OAM | GENEVE_F_CRIT)) ||
	    cvsw_rd16(h + 2) != CVSW_ETH_P_TEB || h[7])
		return -EINVAL;
	if (ulen < UDP_HLEN + CVSW_GENEVE_HLEN + optlen + CVSW_TUN_ETH_HLEN ||
	    !fits(UDP_HLEN + CVSW_GENEVE_HLEN, optlen, avail))
		return -EINVAL;
	err = geneve_opts(h + CVSW_GENEVE_HLEN, optlen);
	if (err)
		return err;
	t->id = cvsw_rd32(h + 4) >> 8;
	t->inner_ofs = UDP_HLEN + CVSW_GENEVE_HLEN + optlen;
	return CVSW_TUN_FRAME;
}

static int parse_nvgre(const struct tun_in *in, struct cvsw_tun_parsed *t)
{
	const u8 *l4 = in->l4;
	size_t avail = in->avail, len = in->len;

	if (!fits(0, CVSW_NVGRE_HLEN, avail) ||
	    len < CVSW_NVGRE_HLEN + CVSW_TUN_ETH_HLEN)
		return -EINVAL;
	if (cvsw_rd16(l4) != NVGRE_FLAGS || cvsw_rd16(l4 + 2) != CVSW_ETH_P_TEB)
		return -EINVAL;
	t->id = cvsw_rd32(l4 + 4) >> 8;	/* VSID; the FlowID is entropy */
	t->inner_ofs = CVSW_NVGRE_HLEN;
	return CVSW_TUN_FRAME;
}

/* A segment: in its frame, and the whole frame when it starts and ends it. */
static int segment(u8 kind, const u8 *l4, size_t avail,
		   struct cvsw_tun_parsed *t)
{
	int err;

	if (!t->seg_len || t->seg_len > t->seg_rem ||
	    (t->frame_len && t->seg_rem > t->frame_len))
		return -EINVAL;
	if (!t->first || t->seg_len != t->seg_rem)
		return CVSW_TUN_SEGMENT;
	err = cvsw_tun_parse_frame(kind, l4 + t->seg_ofs,
				   avail > t->seg_ofs ? avail - t->seg_ofs : 0,
				   t->seg_len, t);
	if (err)
		return err;
	t->inner_ofs += t->seg_ofs;
	return CVSW_TUN_FRAME;
}

static int parse_stt(const struct tun_in *in, struct cvsw_tun_parsed *t)
{
	const u8 *l4 = in->l4;
	size_t avail = in->avail, len = in->len;
	size_t doff;
	u32 seq;

	if (!fits(0, TCP_HLEN_MIN, avail))
		return -EINVAL;
	doff = (size_t)(l4[12] >> 4) * 4;
	if (doff < TCP_HLEN_MIN || doff >= len || !fits(0, doff, avail))
		return -EINVAL;
	seq = cvsw_rd32(l4 + 4);
	t->sport = cvsw_rd16(l4);
	t->frame_len = seq >> 16;
	t->seg_id = cvsw_rd32(l4 + 8);
	t->seg_ofs = doff;
	t->seg_len = len - doff;
	if ((seq & 0xffff) >= t->frame_len || len - doff > 0xffff)
		return -EINVAL;
	t->seg_rem = t->frame_len - (seq & 0xffff);
	t->first = !(seq & 0xffff);
	return segment(CVSW_PORT_KIND_STT, l4, avail, t);
}

static int parse_sclp(const struct tun_in *in, struct cvsw_tun_parsed *t)
{
	const u8 *l4 = in->l4;
	size_t avail = in->avail, len = in->len;
	u32 idw;

	if (!fits(0, CVSW_SCLP_HLEN, avail) || len <= CVSW_SCLP_HLEN ||
	    len - CVSW_SCLP_HLEN > 0xffff)
		return -EINVAL;
	if (cvsw_sclp_hdr_csum(l4, in->saddr, in->daddr,
			       len - CVSW_SCLP_HLEN) !=
	    cvsw_rd16(l4 + 10))
		return -EINVAL;
	idw = cvsw_rd32(l4 + 4);
	t->sport = cvsw_rd16(l4);
	t->seg_id = idw >> 1;
	t->first = idw & CVSW_SCLP_F_FIRST;
	t->seg_ofs = CVSW_SCLP_HLEN;
	t->seg_len = len - CVSW_SCLP_HLEN;
	t->seg_rem = cvsw_rd16(l4 + 8);
	t->frame_len = t->first ? t->seg_rem : 0;
	return segment(CVSW_PORT_KIND_SCLP, l4, avail, t);
}

static int frame_stt(const u8 *f, size_t avail, size_t len,
		     struct cvsw_tun_parsed *t)
{
	u16 vlan;

	if (!fits(0, CVSW_STT_HLEN, avail) ||
	    len < CVSW_STT_HLEN + CVSW_TUN_ETH_HLEN || f[0] != 0)
		return -EINVAL;
	t->stt_flags = f[1];
	t->stt_l4_ofs = f[2];
	t->stt_mss = cvsw_rd16(f + 4);
	vlan = cvsw_rd16(f + 6);
	t->stt_vlan = vlan & STT_F_VLAN;
	t->stt_vlan_tci = vlan & ~STT_F_VLAN;
	t->id = cvsw_rd64(f + 8);
	t->inner_ofs = CVSW_STT_HLEN;
	/* A partial checksum needs its field inside the inner frame. */
	if ((t->stt_flags & CVSW_STT_F_CSUM_PARTIAL) &&
	    (t->stt_l4_ofs < CVSW_TUN_ETH_HLEN ||
	     (size_t)CVSW_STT_HLEN + t->stt_l4_ofs +
	     ((t->stt_flags & CVSW_STT_F_TCP) ? 18 : 8) > len))
		return -EINVAL;
	return 0;
}

static int frame_sclp(const u8 *f, size_t avail, size_t len,
		      struct cvsw_tun_parsed *t)
{
	int err;

	if (!fits(0, CVSW_VXLAN_HLEN, avail) ||
	    len < CVSW_VXLAN_HLEN + CVSW_TUN_ETH_HLEN)
		return -EINVAL;
	err = vxlan_hdr(f, t);
	if (err)
		return err;
	t->inner_ofs = CVSW_VXLAN_HLEN;
	return 0;
}

/* Per kind: its header parser and, for the segmenting ones, its frame's. */
static const struct {
	int (*parse)(const struct tun_in *in, struct cvsw_tun_parsed *t);
	int (*frame)(const u8 *f, size_t avail, size_t len,
		     struct cvsw_tun_parsed *t);
} parsers[CVSW_PORT_KIND_MAX + 1] = {
	[CVSW_PORT_KIND_VXLAN]	= { parse_vxlan, NULL },
	[CVSW_PORT_KIND_NVGRE]	= { parse_nvgre, NULL },
	[CVSW_PORT_KIND_GENEVE]	= { parse_geneve, NULL },
	[CVSW_PORT_KIND_STT]	= { parse_stt, frame_stt },
	[CVSW_PORT_KIND_SCLP]	= { parse_sclp, frame_sclp },
};

/**
 * cvsw_tun_parse() - parse the tunnel header of a received packet.
 * @kind: enum cvsw_port_kind of the tunnel port whose outer headers it has.
 * @l4: the transport header (UDP, GRE, TCP-like, SCLP).
 * @avail: bytes readable at @l4; nothing beyond is read.
 * @len: bytes of IP payload (the outer IPv4 total length minus its header),
 *	at least @avail.
 * @saddr: outer IPv4 source (the SCLP header checksum covers it).
 * @daddr: outer IPv4 destination.
 * @t: the result; zeroed first.
 *
 * Return: CVSW_TUN_FRAME for a whole frame (@t->id and @t->inner_ofs set),
 * CVSW_TUN_SEGMENT for an STT/SCLP segment to reassemble, -EINVAL for a
 * malformed or refused header, -EPROTO for a critical Geneve option.
 */
int cvsw_tun_parse(u8 kind, const u8 *l4, size_t avail, size_t len,
		   __be32 saddr, __be32 daddr, struct cvsw_tun_parsed *t)
{
	const struct tun_in in = {
		.l4 = l4, .avail = avail, .len = len,
		.saddr = saddr, .daddr = daddr,
	};

	memset(t, 0, sizeof(*t));
	if (kind > CVSW_PORT_KIND_MAX || !parsers[kind].parse || avail > len)
		return -EINVAL;
	return parsers[kind].parse(&in, t);
}

/**
 * cvsw_tun_parse_frame() - parse the frame header of a reassembled STT or
 *	SCLP frame.
 * @kind: CVSW_PORT_KIND_STT or CVSW_PORT_KIND_SCLP.
 * @frame: its first byte (the STT frame header, the VXLAN header).
 * @avail: bytes readable at @frame.
 * @len: the frame's length.
 * @t: receives the id, @inner_ofs (from @frame) and the STT fields; the
 *	segment fields are left as they are.
 *
 * Return: 0 or -EINVAL.
 */
int cvsw_tun_parse_frame(u8 kind, const u8 *frame, size_t avail,
			 size_t len, struct cvsw_tun_parsed *t)
{
	if (kind > CVSW_PORT_KIND_MAX || !parsers[kind].frame)
		return -EINVAL;
	return parsers[kind].frame(frame, min(avail, len), len, t);
}
