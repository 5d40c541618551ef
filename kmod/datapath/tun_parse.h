/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tun_parse.h - parsers of the five tunnel headers, for decapsulation.
 *
 * Portable (dp_compat.h) and bounds-checked: every read stays inside the
 * bytes the caller says are readable, and whatever does not parse cleanly
 * (truncated, a flag or version we do not accept, an unknown critical
 * Geneve option, a bad SCLP header checksum) is an error the receive path
 * counts as a decap error and drops. The accepted formats are those of
 * docs/tunnels.md; the constants are in tunnel_hdr.h.
 *
 * Two steps for the segmenting kinds (STT, SCLP): cvsw_tun_parse() reads
 * the per-segment header of any packet; cvsw_tun_parse_frame() reads the
 * frame header (STT frame header, VXLAN header) at the start of a whole
 * frame, which cvsw_tun_parse() does itself when the segment is a whole
 * frame, and reassembly does on what it put together.
 */
#ifndef CVSW_TUN_PARSE_H
#define CVSW_TUN_PARSE_H

#include "dp_compat.h"
#include "tunnel_hdr.h"

/* What cvsw_tun_parse() found (negative: an errno, the packet is bad). */
enum cvsw_tun_parse_result {
	CVSW_TUN_FRAME,		/* a whole frame: @id, @inner_ofs are set */
	CVSW_TUN_SEGMENT,	/* an STT/SCLP segment: reassemble it */
};

/**
 * struct cvsw_tun_parsed - a parsed tunnel header
 * @id: tunnel id (VNI, VSID, STT context id), whole frames only
 * @inner_ofs: offset of the inner Ethernet header from the transport
 *	header (cvsw_tun_parse()) or from the frame start
 *	(cvsw_tun_parse_frame()); whole frames only
 * @seg_ofs: STT/SCLP: where the segment's payload starts (after the TCP or
 *	SCLP header), from the transport header
 * @seg_len: STT/SCLP: the segment's payload bytes
 * @seg_rem: STT/SCLP: bytes from the segment's first payload byte to the
 *	end of its frame (its position: frame length - @seg_rem)
 * @frame_len: STT/SCLP: the frame's length, 0 while unknown (an SCLP
 *	segment other than the first)
 * @seg_id: STT: the acknowledgement number (packet id); SCLP: the 31-bit
 *	identification
 * @sport: STT/SCLP: the source port (part of the reassembly key)
 * @first: STT/SCLP: the segment starts the frame
 * @stt_flags: STT: CVSW_STT_F_* of the frame header
 * @stt_l4_ofs: STT: inner L4 header offset from the inner Ethernet header
 * @stt_mss: STT: the inner TCP MSS for resegmentation
 * @stt_vlan_tci: STT: the tag to put back on the inner frame, when
 *	@stt_vlan
 * @stt_vlan: STT: the V bit
 */
struct cvsw_tun_parsed {
	u64 id;
	u16 inner_ofs;
	u16 seg_ofs;
	u16 seg_len;
	u16 seg_rem;
	u16 frame_len;
	u32 seg_id;
	u16 sport;
	bool first;
	u8 stt_flags;
	u8 stt_l4_ofs;
	u16 stt_mss;
	u16 stt_vlan_tci;
	bool stt_vlan;
};

/* Bytes a parser may read past the outer IPv4 header: the longest header. */
#define CVSW_TUN_PARSE_MAX	(8 + CVSW_GENEVE_HLEN + CVSW_GENEVE_OPT_MAX)

int cvsw_tun_parse(u8 kind, const u8 *l4, size_t avail, size_t len,
		   __be32 saddr, __be32 daddr, struct cvsw_tun_parsed *t);
int cvsw_tun_parse_frame(u8 kind, const u8 *frame, size_t avail,
			 size_t len, struct cvsw_tun_parsed *t);

#endif /* CVSW_TUN_PARSE_H */
