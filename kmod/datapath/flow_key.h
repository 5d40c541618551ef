/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CVSW datapath: the CVSW flow key and its extraction from packet bytes.
 *
 * The key is a fixed, zero-padded 88-byte structure that can also be seen
 * as eleven 64-bit words, so that the classifier can mask and hash it word
 * by word.  Fields that OpenFlow 1.0 matches on and the tunnel metadata
 * come first (words 0..6); the IPv6 addresses, kept for later extensions,
 * sit in words 7..10 so that a mask that does not use them never touches
 * them.
 *
 * Key extraction reads only the packet's own headers: the tunnel metadata
 * (tun_id, tun_src, tun_dst) is what the receive path found when it
 * decapsulated the packet on a tunnel port, and the caller fills it in
 * after extraction.  A tunnel packet that no tunnel port took is an
 * ordinary UDP/TCP/GRE/SCLP packet here.
 */
#ifndef CVSW_FLOW_KEY_H
#define CVSW_FLOW_KEY_H

#include "dp_compat.h"
#include "uapi/cvsw.h"	/* CVSW_VLAN_NONE: dl_vlan of an untagged packet */

#define CVSW_KEY_WORDS		11
#define CVSW_KEY_OF10_WORDS	7	/* words holding OF1.0 fields + tunnel */

/* dl_type of an 802.3 (length field) frame, as Open vSwitch reports it. */
#define CVSW_DL_TYPE_NOT_ETH	0x05ff

/* Bits of cvsw_flow_key.nw_frag. */
#define CVSW_FRAG_ANY		0x01	/* IPv4/IPv6 fragment (first or later) */
#define CVSW_FRAG_LATER		0x02	/* not the first fragment: no L4 fields */

/**
 * struct cvsw_flow_key - flow key of one packet (or a mask of one).
 * @tun_id: tunnel id (VXLAN/Geneve VNI, NVGRE VSID, STT context id) of a
 *	packet decapsulated on a tunnel port; 0 otherwise.
 * @in_port: datapath port the packet entered on.
 * @dl_src: Ethernet source address.
 * @dl_dst: Ethernet destination address.
 * @dl_type: EtherType after the VLAN tags (network order).
 * @dl_vlan: VLAN id of the outer tag, host order; CVSW_VLAN_NONE if untagged.
 * @dl_vlan_pcp: priority of the outer tag (0..7).
 * @nw_tos: IPv4 TOS / IPv6 traffic class with the ECN bits cleared (DSCP).
 * @nw_proto: IP protocol (IPv6: the final next header); ARP/RARP: opcode
 *	low byte.
 * @nw_frag: CVSW_FRAG_* bits.
 * @pad0: zero.
 * @nw_src: IPv4 source address or (R)ARP SPA (network order).
 * @nw_dst: IPv4 destination address or (R)ARP TPA (network order).
 * @tp_src: TCP/UDP/SCLP source port, ICMP type (network order).
 * @tp_dst: TCP/UDP/SCLP destination port, ICMP code (network order).
 * @pad1: zero.
 * @tun_src: outer IPv4 source of a decapsulated packet, else 0.
 * @tun_dst: outer IPv4 destination of a decapsulated packet, else 0.
 * @ipv6_src: IPv6 source address.
 * @ipv6_dst: IPv6 destination address.
 * @w: the same 80 bytes as 64-bit words.
 *
 * A key is always fully initialised: unused fields and padding are zero.
 */
struct cvsw_flow_key {
	union {
		struct {
			u64 tun_id;		/* word 0 */
			u16 in_port;		/* word 1 */
			u8 dl_src[ETH_ALEN];
			u8 dl_dst[ETH_ALEN];	/* word 2 */
			__be16 dl_type;
			u16 dl_vlan;		/* word 3 */
			u8 dl_vlan_pcp;
			u8 nw_tos;
			u8 nw_proto;
			u8 nw_frag;
			u16 pad0;
			__be32 nw_src;		/* word 4 */
			__be32 nw_dst;
			__be16 tp_src;		/* word 5 */
			__be16 tp_dst;
			u32 pad1;
			__be32 tun_src;		/* word 6 */
			__be32 tun_dst;
			u8 ipv6_src[16];	/* words 7, 8 */
			u8 ipv6_dst[16];	/* words 9, 10 */
		};
		u64 w[CVSW_KEY_WORDS];
	};
};

static_assert(sizeof(struct cvsw_flow_key) == CVSW_KEY_WORDS * 8,
	      "flow key must be a whole number of words");
static_assert(offsetof(struct cvsw_flow_key, ipv6_src) ==
	      CVSW_KEY_OF10_WORDS * 8, "IPv6 addresses must follow OF1.0 words");

/**
 * struct cvsw_flow_layout - where the layers of a parsed packet start.
 * @l3_ofs: offset of the network header (after the VLAN tags).
 * @l4_ofs: offset of the transport header, 0 if none was parsed.
 * @l4_end: end of the IP payload as the IP header describes it (bounded by
 *	the buffer), 0 if no IP header was parsed.
 *
 * Offsets are from the start of the Ethernet header.
 */
struct cvsw_flow_layout {
	u16 l3_ofs;
	u16 l4_ofs;
	u16 l4_end;
};

/*
 * OF1.0 wildcard bits (ofp_flow_wildcards) plus CVSW's tun_id bit. tun_src
 * and tun_dst, which take prefixes, have no wildcard bits: their mask
 * fields are set directly (0 = wildcarded), and the masks built here leave
 * them 0.
 */
#define CVSW_FW_IN_PORT		(1u << 0)
#define CVSW_FW_DL_VLAN		(1u << 1)
#define CVSW_FW_DL_SRC		(1u << 2)
#define CVSW_FW_DL_DST		(1u << 3)
#define CVSW_FW_DL_TYPE		(1u << 4)
#define CVSW_FW_NW_PROTO	(1u << 5)
#define CVSW_FW_TP_SRC		(1u << 6)
#define CVSW_FW_TP_DST		(1u << 7)
#define CVSW_FW_NW_SRC_SHIFT	8
#define CVSW_FW_NW_SRC_MASK	(0x3fu << CVSW_FW_NW_SRC_SHIFT)
#define CVSW_FW_NW_DST_SHIFT	14
#define CVSW_FW_NW_DST_MASK	(0x3fu << CVSW_FW_NW_DST_SHIFT)
#define CVSW_FW_DL_VLAN_PCP	(1u << 20)
#define CVSW_FW_NW_TOS		(1u << 21)
#define CVSW_FW_TUN_ID		(1u << 22)	/* CVSW extension */
#define CVSW_FW_ALL		((1u << 23) - 1)

/* Bits of the value returned by cvsw_flow_key_extract(): layers parsed. */
#define CVSW_LAYER_L2		0x01	/* Ethernet header (and VLAN tags) */
#define CVSW_LAYER_L3		0x02	/* a valid IPv4, IPv6 or ARP header */
#define CVSW_LAYER_L4		0x04	/* a valid TCP/UDP/ICMP/GRE/SCLP header */

int cvsw_flow_key_extract(const void *data, size_t len, u16 in_port,
			  struct cvsw_flow_key *key,
			  struct cvsw_flow_layout *layout);

void cvsw_mask_from_wildcards(struct cvsw_flow_key *mask, u32 wildcards);
u32 cvsw_mask_to_wildcards(const struct cvsw_flow_key *mask);
void cvsw_mask_exact(struct cvsw_flow_key *mask);
bool cvsw_mask_is_exact(const struct cvsw_flow_key *mask);

#endif /* CVSW_FLOW_KEY_H */
