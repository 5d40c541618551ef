/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CVSW datapath: the CVSW flow key and its extraction from packet bytes.
 *
 * The key is a fixed, zero-padded 80-byte structure that can also be seen
 * as ten 64-bit words, so that the classifier can mask and hash it word by
 * word.  Fields that OpenFlow 1.0 matches on come first (words 0..5); the
 * IPv6 addresses, kept for later extensions, sit in words 6..9 so that a
 * mask that does not use them never touches them.
 */
#ifndef CVSW_FLOW_KEY_H
#define CVSW_FLOW_KEY_H

#include "dp_compat.h"
#include "uapi/cvsw.h"	/* CVSW_VLAN_NONE: dl_vlan of an untagged packet */

#define CVSW_KEY_WORDS		10
#define CVSW_KEY_OF10_WORDS	6	/* words holding OF1.0 fields + tun_id */

/* dl_type of an 802.3 (length field) frame, as Open vSwitch reports it. */
#define CVSW_DL_TYPE_NOT_ETH	0x05ff

/* Bits of cvsw_flow_key.nw_frag. */
#define CVSW_FRAG_ANY		0x01	/* IPv4/IPv6 fragment (first or later) */
#define CVSW_FRAG_LATER		0x02	/* not the first fragment: no L4 fields */

/* Values of cvsw_flow_key.tun_type: which tunnel header was found. */
enum cvsw_tun_type {
	CVSW_TUN_NONE = 0,
	CVSW_TUN_VXLAN = 1,	/* UDP dst 4789 */
	CVSW_TUN_GENEVE = 2,	/* UDP dst 6081 */
	CVSW_TUN_NVGRE = 3,	/* GRE, K bit, protocol 0x6558 */
	CVSW_TUN_STT = 4,	/* TCP dst 7471, first segment */
	CVSW_TUN_VXLAN_SCLP = 5,	/* IP protocol 234, dst 4789 */
};

#define CVSW_VXLAN_PORT		4789
#define CVSW_GENEVE_PORT	6081
#define CVSW_STT_PORT		7471
#define CVSW_IPPROTO_SCLP	234
#define CVSW_SCLP_HLEN		12
#define CVSW_STT_HLEN		18
#define CVSW_ETH_P_TEB		0x6558

/**
 * struct cvsw_flow_key - flow key of one packet (or a mask of one).
 * @tun_id: tunnel id (VXLAN/Geneve VNI, NVGRE VSID, STT context id).
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
 * @tun_type: enum cvsw_tun_type of the tunnel header found, if any.
 * @pad0: zero.
 * @nw_src: IPv4 source address or (R)ARP SPA (network order).
 * @nw_dst: IPv4 destination address or (R)ARP TPA (network order).
 * @tp_src: TCP/UDP/SCLP source port, ICMP type (network order).
 * @tp_dst: TCP/UDP/SCLP destination port, ICMP code (network order).
 * @pad1: zero.
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
			u8 tun_type;
			u8 pad0;
			__be32 nw_src;		/* word 4 */
			__be32 nw_dst;
			__be16 tp_src;		/* word 5 */
			__be16 tp_dst;
			u32 pad1;
			u8 ipv6_src[16];	/* words 6, 7 */
			u8 ipv6_dst[16];	/* words 8, 9 */
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
 * @tun_ofs: offset of the tunnel header, 0 if no tunnel was found.
 * @inner_ofs: offset of the encapsulated frame, 0 if no tunnel was found.
 *
 * Offsets are from the start of the Ethernet header.
 */
struct cvsw_flow_layout {
	u16 l3_ofs;
	u16 l4_ofs;
	u16 l4_end;
	u16 tun_ofs;
	u16 inner_ofs;
};

/* OF1.0 wildcard bits (ofp_flow_wildcards) plus CVSW's tun_id bit. */
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
#define CVSW_LAYER_TUN		0x08	/* a complete tunnel header */

int cvsw_flow_key_extract(const void *data, size_t len, u16 in_port,
			  struct cvsw_flow_key *key,
			  struct cvsw_flow_layout *layout);

void cvsw_mask_from_wildcards(struct cvsw_flow_key *mask, u32 wildcards);
u32 cvsw_mask_to_wildcards(const struct cvsw_flow_key *mask);
void cvsw_mask_exact(struct cvsw_flow_key *mask);
bool cvsw_mask_is_exact(const struct cvsw_flow_key *mask);

#endif /* CVSW_FLOW_KEY_H */
