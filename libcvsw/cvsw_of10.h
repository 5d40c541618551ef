/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libcvsw - struct cvsw_match in the wire forms of OpenFlow 1.0.
 *
 * Installed as <cvsw/cvsw_of10.h> beside <cvsw/cvsw.h>. Pure functions (no
 * socket): the OpenFlow agent and any other OpenFlow speaker convert
 * matches here, so that one place knows how a wildcard bit or an NXM entry
 * becomes a CVSW_M_* field.
 *
 *  - struct ofp_match, the 40 bytes of OpenFlow 1.0 (wildcards + 12-tuple);
 *  - NXM, the Nicira extensible match (nx_match) that ovs-ofctl sends for
 *    what OpenFlow 1.0 cannot say (tun_id, tun_src, tun_dst).
 *
 * Every byte buffer is in network order, as on the wire.
 */
#ifndef LIBCVSW_CVSW_OF10_H
#define LIBCVSW_CVSW_OF10_H

#include <stddef.h>
#include <stdint.h>

#include "cvsw.h"

#ifdef __cplusplus
extern "C" {
#endif

/* sizeof(struct ofp_match) */
#define CVSW_OF10_MATCH_LEN 40

/* The CVSW_M_* fields struct ofp_match cannot carry: only NXM says them. */
#define CVSW_OF10_NXM_ONLY (CVSW_M_TUN_ID | CVSW_M_TUN_SRC | CVSW_M_TUN_DST)

/*
 * Why a match was refused. Stable numbers: an OpenFlow speaker maps them to
 * its error codes with a table (OVS's OpenFlow 1.0 codes are
 * OFPET_BAD_REQUEST, 0x100 + the value).
 */
enum cvsw_of10_match_error {
	CVSW_OF10_MATCH_OK = 0,
	CVSW_OF10_MATCH_INVALID,	/* malformed: an entry overruns, bad length */
	CVSW_OF10_MATCH_BAD_TYPE,	/* a field the datapath cannot match */
	CVSW_OF10_MATCH_BAD_VALUE,	/* a value the field cannot take */
	CVSW_OF10_MATCH_BAD_MASK,	/* a mask the datapath cannot express */
	CVSW_OF10_MATCH_BAD_PREREQ,	/* a field without its prerequisite */
	CVSW_OF10_MATCH_DUP_TYPE,	/* a field given twice */
};

/*
 * struct ofp_match -> *m. Wildcarded fields are absent; an nw_src/nw_dst
 * wildcard count of 32 or more is absent, fewer is a prefix (host bits
 * cleared). As the OpenFlow 1.0 spec has a switch do, a field whose
 * prerequisite the match does not meet (tp_dst without tcp/udp/icmp,
 * nw_src without ip or arp) is ignored:
 * controllers send such exact matches built from a packet. Values the
 * datapath cannot take (dl_vlan 0x1000, nw_tos with ECN bits, dl_vlan_pcp
 * above 7) are refused. Returns 0 or the positive error; *why (may be
 * NULL) then says what was wrong.
 */
int cvsw_of10_match_decode(const uint8_t wire[CVSW_OF10_MATCH_LEN],
			   struct cvsw_match *m, const char **why);

/*
 * *m -> struct ofp_match. Returns 0, or 1 when m holds a field OpenFlow 1.0
 * cannot carry (CVSW_OF10_NXM_ONLY: tun_id, tun_src, tun_dst), which is
 * then left out.
 */
int cvsw_of10_match_encode(const struct cvsw_match *m,
			   uint8_t wire[CVSW_OF10_MATCH_LEN]);

/* The OpenFlow 1.0 wildcards word (OFPFW_*) of m, host order. */
uint32_t cvsw_of10_wildcards(const struct cvsw_match *m);

/* The longest NXM cvsw_nxm_encode() writes. */
#define CVSW_NXM_MAX_LEN 128

/*
 * An nx_match of `len` bytes (match_len, without the padding) -> *m.
 * Prerequisites are enforced as NXM requires (CVSW_OF10_MATCH_BAD_PREREQ).
 * Masks are accepted where the datapath can say them: all-ones (exact),
 * all-zero (absent), CIDR for IPv4 addresses (ip_src, ip_dst, arp_spa,
 * arp_tpa, tun_src, tun_dst; other masks: CVSW_OF10_MATCH_BAD_MASK),
 * 0x1fff/0xffff/0xf000 with
 * the CFI bit for vlan_tci. Returns 0 or the positive error; *why (may be
 * NULL) says which field.
 */
int cvsw_nxm_decode(const uint8_t *buf, size_t len, struct cvsw_match *m,
		    const char **why);

/*
 * *m -> nx_match into buf (at most `size` bytes). Returns the length
 * (match_len, unpadded; at most CVSW_NXM_MAX_LEN), -ENOSPC, or -EINVAL
 * when NXM cannot say m (ports of SCLP, an ICMP type above 255).
 */
int cvsw_nxm_encode(const struct cvsw_match *m, uint8_t *buf, size_t size);

#ifdef __cplusplus
}
#endif

#endif /* LIBCVSW_CVSW_OF10_H */
