/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * cvsw.h - the CVSW generic-netlink ABI, shared by cvsw_net.ko and userspace.
 *
 * One family, CVSW_GENL_NAME, namespace aware: a request sees and changes
 * only the cvsw_net devices of the caller's network namespace. Mutating
 * commands (CVSW_CMD_DEV_SET, FLOW_NEW/SET/DEL/FLUSH, PACKET_OUT) need
 * CAP_NET_ADMIN in that namespace; reads are open to everybody. Every
 * rejection carries an extended-ack message, but for the refusal of a
 * dump's start (FLOW_GET or PORT_GET dumps naming no or an unknown device,
 * a bad FLOW_GET filter) on kernels whose netlink core gives a dump's
 * start no extack, such as Linux 6.1: then only the errno tells why.
 *
 * A device is named by CVSW_A_IFINDEX or CVSW_A_IFNAME. Its datapath has two
 * ports: CVSW_PORT_HOST (1, the guest's stack: what the VM transmits enters
 * here) and CVSW_PORT_NET (2, the virtio link: what the VM receives enters
 * here), plus the OpenFlow 1.0 reserved ports below.
 *
 * Flows: CVSW_A_FLOW nests CVSW_FLOW_A_*. A match (CVSW_FLOW_A_MATCH) nests
 * one attribute per matched field; an absent field is wildcarded. nw_src and
 * nw_dst take an optional prefix length (default 32). Actions
 * (CVSW_FLOW_A_ACTIONS) nest one attribute per action, executed in order;
 * an empty list drops. Integer fields that are packet header fields travel
 * in network byte order (the _BE types); everything else in host order.
 */
#ifndef _UAPI_LINUX_CVSW_H
#define _UAPI_LINUX_CVSW_H

#include <linux/types.h>

#define CVSW_GENL_NAME		"cvsw"
#define CVSW_GENL_VERSION	1

#define CVSW_MCGRP_PACKET_IN	"packet_in"
#define CVSW_MCGRP_FLOW_REMOVED	"flow_removed"
#define CVSW_MCGRP_PORT_STATUS	"port_status"

/* Datapath ports, OpenFlow 1.0 numbering. */
#define CVSW_PORT_HOST		1
#define CVSW_PORT_NET		2
#define CVSW_PORT_MAX		0xff00
#define CVSW_PORT_IN_PORT	0xfff8
#define CVSW_PORT_TABLE		0xfff9
#define CVSW_PORT_NORMAL	0xfffa
#define CVSW_PORT_FLOOD		0xfffb
#define CVSW_PORT_ALL		0xfffc
#define CVSW_PORT_CONTROLLER	0xfffd
#define CVSW_PORT_LOCAL		0xfffe
#define CVSW_PORT_NONE		0xffff

/* dl_vlan of an untagged packet, as in OpenFlow 1.0. */
#define CVSW_VLAN_NONE		0xffff

enum cvsw_cmd {
	CVSW_CMD_UNSPEC,
	CVSW_CMD_DEV_GET,	/* doit: one device; dumpit: every device */
	CVSW_CMD_DEV_SET,	/* MTU, OFFLOADS, MISS, MISS_SEND_LEN, PACKET_IN_RATE */
	CVSW_CMD_FLOW_NEW,	/* add (OpenFlow OFPFC_ADD) */
	CVSW_CMD_FLOW_SET,	/* modify; CVSW_FLOW_A_STRICT: modify_strict */
	CVSW_CMD_FLOW_DEL,	/* delete; CVSW_FLOW_A_STRICT: delete_strict */
	CVSW_CMD_FLOW_GET,	/* doit: the flow equal to the match (strict);
				 * dumpit: flows the match covers (or all)
				 */
	CVSW_CMD_FLOW_FLUSH,	/* delete every flow, no flow-removed events */
	CVSW_CMD_STATS_GET,	/* table and port statistics */
	CVSW_CMD_PACKET_OUT,	/* PACKET, IN_PORT, ACTIONS */
	CVSW_CMD_PACKET_IN,	/* event: CVSW_MCGRP_PACKET_IN */
	CVSW_CMD_FLOW_REMOVED,	/* event: CVSW_MCGRP_FLOW_REMOVED */
	CVSW_CMD_PORT_STATUS,	/* event: CVSW_MCGRP_PORT_STATUS */
	CVSW_CMD_PORT_NEW,	/* add a tunnel port: CVSW_A_PORT */
	CVSW_CMD_PORT_DEL,	/* delete a tunnel port named by PORT_NO or NAME
				 * inside CVSW_A_PORT, and the flows that
				 * match its in_port or output to it
				 */
	CVSW_CMD_PORT_GET,	/* doit: one port (PORT_NO or NAME);
				 * dumpit: every port of the device
				 */
	__CVSW_CMD_MAX
};
#define CVSW_CMD_MAX (__CVSW_CMD_MAX - 1)

/* Top-level attributes. */
enum cvsw_attr {
	CVSW_A_UNSPEC,
	CVSW_A_IFINDEX,		/* u32 */
	CVSW_A_IFNAME,		/* string */
	CVSW_A_DATAPATH_ID,	/* u64: the MAC address in the low 48 bits */
	CVSW_A_MAC,		/* binary[6] */
	CVSW_A_MTU,		/* u32 */
	CVSW_A_OFFLOADS,	/* nested CVSW_OFFLOAD_A_* */
	CVSW_A_MISS,		/* u8 enum cvsw_miss */
	CVSW_A_PACKET_IN_RATE,	/* u32: packet-in events per second, 0 = off */
	CVSW_A_LINK_UP,		/* u8: carrier */
	CVSW_A_FLOW,		/* nested CVSW_FLOW_A_* */
	CVSW_A_TABLE_STATS,	/* nested CVSW_TABLE_STATS_A_* */
	CVSW_A_PORT_STATS,	/* nested CVSW_PORT_STATS_A_*, one per port */
	CVSW_A_PACKET,		/* binary: an Ethernet frame */
	CVSW_A_IN_PORT,		/* u16 */
	CVSW_A_ACTIONS,		/* nested CVSW_ACTION_A_* (packet-out) */
	CVSW_A_REASON,		/* u8: enum cvsw_packet_in_reason,
				 * cvsw_flow_removed_reason or cvsw_port_reason
				 */
	CVSW_A_TOTAL_LEN,	/* u32: length of the whole packet (packet-in) */
	CVSW_A_N_FLOWS,		/* u32: flows in the table */
	CVSW_A_MAX_FLOWS,	/* u32: table capacity */
	CVSW_A_PAD,
	CVSW_A_PORT,		/* nested CVSW_PORT_A_* */
	CVSW_A_MISS_SEND_LEN,	/* u16: bytes of a table-miss packet-in
				 * (default 128), CVSW_MAX_LEN_ALL = all
				 */
	CVSW_A_REASM,		/* nested CVSW_REASM_A_* (reply) */
	__CVSW_A_MAX
};
#define CVSW_A_MAX (__CVSW_A_MAX - 1)

/* The STT/SCLP reassembly table (inside CVSW_A_REASM; DEV_GET replies). */
enum cvsw_reasm_attr {
	CVSW_REASM_A_UNSPEC,
	CVSW_REASM_A_FRAMES,		/* u32: frames being put together */
	CVSW_REASM_A_MAX_FRAMES,	/* u32: the most it holds at once */
	CVSW_REASM_A_BYTES,		/* u32: memory their segments take */
	CVSW_REASM_A_PEAK_BYTES,	/* u32: the most BYTES has been since
					 * the device came up
					 */
	CVSW_REASM_A_MAX_BYTES,		/* u32: the cap (module parameter
					 * reasm_max_bytes); a segment that
					 * would pass it is dropped and
					 * counted in its port's reasm_drops
					 */
	__CVSW_REASM_A_MAX
};
#define CVSW_REASM_A_MAX (__CVSW_REASM_A_MAX - 1)

/* Table-miss policy of a device. */
enum cvsw_miss {
	CVSW_MISS_NORMAL,	/* the packet continues as if no datapath (default) */
	CVSW_MISS_DROP,
	CVSW_MISS_CONTROLLER,	/* packet-in, then drop */
	__CVSW_MISS_MAX
};

/* Offloads a device can switch (as with ethtool -K); u8 0 or 1 each. */
enum cvsw_offload_attr {
	CVSW_OFFLOAD_A_UNSPEC,
	CVSW_OFFLOAD_A_RX_CSUM,
	CVSW_OFFLOAD_A_TX_CSUM,
	CVSW_OFFLOAD_A_SG,
	CVSW_OFFLOAD_A_TSO,
	CVSW_OFFLOAD_A_GSO,
	CVSW_OFFLOAD_A_GRO,
	CVSW_OFFLOAD_A_GRO_HW,
	__CVSW_OFFLOAD_A_MAX
};
#define CVSW_OFFLOAD_A_MAX (__CVSW_OFFLOAD_A_MAX - 1)

/* Flow attributes (inside CVSW_A_FLOW). */
enum cvsw_flow_attr {
	CVSW_FLOW_A_UNSPEC,
	CVSW_FLOW_A_MATCH,	/* nested CVSW_MATCH_A_* */
	CVSW_FLOW_A_ACTIONS,	/* nested CVSW_ACTION_A_* */
	CVSW_FLOW_A_PRIORITY,	/* u16, default 0x8000 */
	CVSW_FLOW_A_COOKIE,	/* u64 */
	CVSW_FLOW_A_IDLE_TIMEOUT, /* u16 seconds, 0 = none */
	CVSW_FLOW_A_HARD_TIMEOUT, /* u16 seconds, 0 = none */
	CVSW_FLOW_A_FLAGS,	/* u32 CVSW_FLOW_F_* */
	CVSW_FLOW_A_STRICT,	/* flag: strict modify/delete */
	CVSW_FLOW_A_OUT_PORT,	/* u16: delete filter, CVSW_PORT_NONE = any */
	CVSW_FLOW_A_PACKETS,	/* u64 (reply) */
	CVSW_FLOW_A_BYTES,	/* u64 (reply) */
	CVSW_FLOW_A_DURATION_MS, /* u64 (reply): time since the flow was added */
	CVSW_FLOW_A_IDLE_MS,	/* u64 (reply): time since its last packet */
	CVSW_FLOW_A_PAD,
	__CVSW_FLOW_A_MAX
};
#define CVSW_FLOW_A_MAX (__CVSW_FLOW_A_MAX - 1)

/* Flow flags (OpenFlow 1.0 ofp_flow_mod_flags). */
#define CVSW_FLOW_F_SEND_FLOW_REM	(1U << 0)
#define CVSW_FLOW_F_CHECK_OVERLAP	(1U << 1)
#define CVSW_FLOW_F_ALL			(CVSW_FLOW_F_SEND_FLOW_REM | \
					 CVSW_FLOW_F_CHECK_OVERLAP)

#define CVSW_FLOW_DEFAULT_PRIORITY	0x8000

/* Match fields (inside CVSW_FLOW_A_MATCH); absent = wildcard. */
enum cvsw_match_attr {
	CVSW_MATCH_A_UNSPEC,
	CVSW_MATCH_A_IN_PORT,		/* u16 */
	CVSW_MATCH_A_DL_SRC,		/* binary[6] */
	CVSW_MATCH_A_DL_DST,		/* binary[6] */
	CVSW_MATCH_A_DL_VLAN,		/* u16: 0..4095 or CVSW_VLAN_NONE */
	CVSW_MATCH_A_DL_VLAN_PCP,	/* u8: 0..7 */
	CVSW_MATCH_A_DL_TYPE,		/* be16 */
	CVSW_MATCH_A_NW_TOS,		/* u8: DSCP << 2 */
	CVSW_MATCH_A_NW_PROTO,		/* u8 */
	CVSW_MATCH_A_NW_SRC,		/* be32 */
	CVSW_MATCH_A_NW_SRC_PREFIX,	/* u8: 1..32, default 32 */
	CVSW_MATCH_A_NW_DST,		/* be32 */
	CVSW_MATCH_A_NW_DST_PREFIX,	/* u8: 1..32, default 32 */
	CVSW_MATCH_A_TP_SRC,		/* be16 */
	CVSW_MATCH_A_TP_DST,		/* be16 */
	CVSW_MATCH_A_TUN_ID,		/* u64 */
	CVSW_MATCH_A_PAD,
	CVSW_MATCH_A_TUN_SRC,		/* be32: outer IPv4 source */
	CVSW_MATCH_A_TUN_SRC_PREFIX,	/* u8: 1..32, default 32 */
	CVSW_MATCH_A_TUN_DST,		/* be32: outer IPv4 destination */
	CVSW_MATCH_A_TUN_DST_PREFIX,	/* u8: 1..32, default 32 */
	__CVSW_MATCH_A_MAX
};
#define CVSW_MATCH_A_MAX (__CVSW_MATCH_A_MAX - 1)

/*
 * struct of CVSW_ACTION_A_OUTPUT. max_len: bytes of the packet a packet-in
 * carries (port CONTROLLER only), as OpenFlow 1.0 counts them: 0 sends
 * none, CVSW_MAX_LEN_ALL the whole packet however long.
 */
struct cvsw_action_output {
	__u16 port;
	__u16 max_len;
};
#define CVSW_MAX_LEN_ALL	0xffff

/* struct of CVSW_ACTION_A_ENQUEUE (executed as output: no queues here) */
struct cvsw_action_enqueue {
	__u16 port;
	__u16 pad;
	__u32 queue_id;
};

/*
 * Actions (inside CVSW_FLOW_A_ACTIONS / CVSW_A_ACTIONS), in order. Each
 * payload has exactly the size given (a flag: none); the kernel keeps it
 * byte for byte, so a reply returns what the request sent.
 */
enum cvsw_action_attr {
	CVSW_ACTION_A_UNSPEC,
	CVSW_ACTION_A_OUTPUT,		/* struct cvsw_action_output */
	CVSW_ACTION_A_SET_VLAN_VID,	/* u16: 0..4095 */
	CVSW_ACTION_A_SET_VLAN_PCP,	/* u8: 0..7 */
	CVSW_ACTION_A_STRIP_VLAN,	/* flag */
	CVSW_ACTION_A_SET_DL_SRC,	/* binary[6] */
	CVSW_ACTION_A_SET_DL_DST,	/* binary[6] */
	CVSW_ACTION_A_SET_NW_SRC,	/* be32 */
	CVSW_ACTION_A_SET_NW_DST,	/* be32 */
	CVSW_ACTION_A_SET_NW_TOS,	/* u8: DSCP << 2 */
	CVSW_ACTION_A_SET_TP_SRC,	/* be16 */
	CVSW_ACTION_A_SET_TP_DST,	/* be16 */
	CVSW_ACTION_A_ENQUEUE,		/* struct cvsw_action_enqueue */
	CVSW_ACTION_A_SET_TUNNEL,	/* u64: tunnel id for a later output
					 * to a key=flow tunnel port
					 * (set_tunnel, set_tunnel64)
					 */
	__CVSW_ACTION_A_MAX
};
#define CVSW_ACTION_A_MAX (__CVSW_ACTION_A_MAX - 1)

/* Table statistics (inside CVSW_A_TABLE_STATS). */
enum cvsw_table_stats_attr {
	CVSW_TABLE_STATS_A_UNSPEC,
	CVSW_TABLE_STATS_A_ACTIVE,	/* u32: flows */
	CVSW_TABLE_STATS_A_MAX_ENTRIES,	/* u32 */
	CVSW_TABLE_STATS_A_MASKS,	/* u32: distinct masks */
	CVSW_TABLE_STATS_A_LOOKUPS,	/* u64 */
	CVSW_TABLE_STATS_A_MATCHED,	/* u64 */
	CVSW_TABLE_STATS_A_PAD,
	__CVSW_TABLE_STATS_A_MAX
};
#define CVSW_TABLE_STATS_A_MAX (__CVSW_TABLE_STATS_A_MAX - 1)

/* Port statistics (inside each CVSW_A_PORT_STATS). */
enum cvsw_port_stats_attr {
	CVSW_PORT_STATS_A_UNSPEC,
	CVSW_PORT_STATS_A_PORT,		/* u16 */
	CVSW_PORT_STATS_A_RX_PACKETS,	/* u64: entered the datapath here */
	CVSW_PORT_STATS_A_RX_BYTES,	/* u64 */
	CVSW_PORT_STATS_A_TX_PACKETS,	/* u64: the datapath output here */
	CVSW_PORT_STATS_A_TX_BYTES,	/* u64 */
	CVSW_PORT_STATS_A_DROPPED,	/* u64: dropped by the datapath */
	CVSW_PORT_STATS_A_PAD,
	__CVSW_PORT_STATS_A_MAX
};
#define CVSW_PORT_STATS_A_MAX (__CVSW_PORT_STATS_A_MAX - 1)

/* CVSW_A_REASON of CVSW_CMD_PACKET_IN (ofp_packet_in_reason). */
enum cvsw_packet_in_reason {
	CVSW_PIN_NO_MATCH,
	CVSW_PIN_ACTION,
};

/* CVSW_A_REASON of CVSW_CMD_FLOW_REMOVED (ofp_flow_removed_reason). */
enum cvsw_flow_removed_reason {
	CVSW_FRR_IDLE_TIMEOUT,
	CVSW_FRR_HARD_TIMEOUT,
	CVSW_FRR_DELETE,
};

/* CVSW_A_REASON of CVSW_CMD_PORT_STATUS (ofp_port_reason). */
enum cvsw_port_reason {
	CVSW_PORT_ADD,
	CVSW_PORT_DELETE,
	CVSW_PORT_MODIFY,
};

/*
 * Ports (inside CVSW_A_PORT). Ports 1 and 2 belong to the driver and are
 * reported by PORT_GET but can be neither added nor deleted. Tunnel ports
 * are numbered from CVSW_PORT_TUNNEL_MIN; PORT_NEW picks the lowest free
 * number when CVSW_PORT_A_PORT_NO is absent. A tunnel port sends what the
 * datapath outputs to it encapsulated out of port 2, and receives what
 * arrives on port 2 with matching outer headers (kind, destination port,
 * local and remote address, key unless KEY_FLOW), decapsulated.
 */
#define CVSW_PORT_TUNNEL_MIN	3

/* CVSW_PORT_A_KIND: what a port is. */
enum cvsw_port_kind {
	CVSW_PORT_KIND_HOST,		/* port 1: the guest's stack */
	CVSW_PORT_KIND_NET,		/* port 2: the virtio link */
	CVSW_PORT_KIND_VXLAN,		/* RFC 7348, UDP 4789, 24-bit VNI */
	CVSW_PORT_KIND_NVGRE,		/* RFC 7637, GRE 0x6558, 24-bit VSID */
	CVSW_PORT_KIND_GENEVE,		/* RFC 8926, UDP 6081, 24-bit VNI */
	CVSW_PORT_KIND_STT,		/* draft-davie-stt-08, TCP-like 7471,
					 * 64-bit context id
					 */
	CVSW_PORT_KIND_SCLP,		/* VXLAN over SCLP, IP proto 234,
					 * port 4789, 24-bit VNI
					 */
	__CVSW_PORT_KIND_MAX
};
#define CVSW_PORT_KIND_MAX (__CVSW_PORT_KIND_MAX - 1)

enum cvsw_port_attr {
	CVSW_PORT_A_UNSPEC,
	CVSW_PORT_A_PORT_NO,		/* u16 */
	CVSW_PORT_A_NAME,		/* string, < IFNAMSIZ; unique per device */
	CVSW_PORT_A_KIND,		/* u8 enum cvsw_port_kind */
	CVSW_PORT_A_REMOTE_IP,		/* be32: required for a tunnel */
	CVSW_PORT_A_LOCAL_IP,		/* be32: default: the source address
					 * of the route to REMOTE_IP
					 */
	CVSW_PORT_A_KEY,		/* u64: the tunnel id sent and accepted;
					 * at most 24 bits (STT: 64)
					 */
	CVSW_PORT_A_KEY_FLOW,		/* flag: id from set_tunnel, any id
					 * accepted (exclusive with KEY;
					 * neither: key 0)
					 */
	CVSW_PORT_A_DST_PORT,		/* u16, host order: default per kind */
	CVSW_PORT_A_REMOTE_MAC,		/* binary[6]: outer destination; default:
					 * resolved through route and neighbour
					 */
	CVSW_PORT_A_TOS,		/* u8: outer TOS, default 0 */
	CVSW_PORT_A_TOS_INHERIT,	/* flag: outer DSCP from the inner IPv4
					 * (exclusive with TOS)
					 */
	CVSW_PORT_A_TTL,		/* u8: 1..255, default 64 */
	CVSW_PORT_A_FLOWID_HASH,	/* flag: NVGRE FlowID from the inner
					 * flow hash (default 0)
					 */
	CVSW_PORT_A_OVERHEAD,		/* u16 (reply): bytes the encapsulation
					 * adds to a frame
					 */
	CVSW_PORT_A_TUN_STATS,		/* nested CVSW_TUN_STATS_A_* (reply) */
	CVSW_PORT_A_PAD,
	__CVSW_PORT_A_MAX
};
#define CVSW_PORT_A_MAX (__CVSW_PORT_A_MAX - 1)

/* Tunnel counters (inside CVSW_PORT_A_TUN_STATS); all u64. */
enum cvsw_tun_stats_attr {
	CVSW_TUN_STATS_A_UNSPEC,
	CVSW_TUN_STATS_A_ENCAP_ERRORS,	/* could not encapsulate (memory) */
	CVSW_TUN_STATS_A_NO_NEIGH,	/* dropped: next hop not resolved yet */
	CVSW_TUN_STATS_A_NO_ROUTE,	/* dropped: no route to remote_ip */
	CVSW_TUN_STATS_A_TOO_BIG,	/* dropped: frame too big for the wire */
	CVSW_TUN_STATS_A_DECAP_ERRORS,	/* malformed tunnel header, bad
					 * flags or version, unknown
					 * critical Geneve option
					 */
	CVSW_TUN_STATS_A_REASM_DONE,	/* frames reassembled from segments */
	CVSW_TUN_STATS_A_REASM_DROPS,	/* segments dropped: memory cap,
					 * overlap, bad length
					 */
	CVSW_TUN_STATS_A_REASM_TIMEOUTS, /* frames never completed */
	CVSW_TUN_STATS_A_PAD,
	__CVSW_TUN_STATS_A_MAX
};
#define CVSW_TUN_STATS_A_MAX (__CVSW_TUN_STATS_A_MAX - 1)

#endif /* _UAPI_LINUX_CVSW_H */
