/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libcvsw - userspace access to the cvsw_net datapaths.
 *
 * Installed as <cvsw/cvsw.h>; compile and link with `pkg-config libcvsw`.
 *
 * Two halves:
 *  - the flow text syntax (cvsw_flow_parse, cvsw_flow_format, ...): pure
 *    functions, no socket, usable anywhere;
 *  - a handle on the "cvsw" generic-netlink family (cvsw_open, ...) for
 *    devices, flows, statistics, packet-out and events.
 *
 * Conventions:
 *  - every function that can fail returns 0 (or a count) on success and a
 *    negative errno on failure; the human-readable reason is then in
 *    cvsw_last_error(h): the kernel's extended-ack message verbatim when the
 *    kernel sent one, otherwise a message made by the library;
 *  - every value in these structs is in host byte order (the library does the
 *    network-order conversion of the wire format);
 *  - `dev` names a device: an interface name ("eth1"), or a decimal ifindex
 *    ("3") when the string is all digits;
 *  - a handle is not thread-safe: use one per thread.
 */
#ifndef LIBCVSW_CVSW_H
#define LIBCVSW_CVSW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * The kernel ABI (kmod/uapi/cvsw.h, installed beside this header as
 * <cvsw/uapi.h>) is the one source of every number the library shares with
 * the kernel: ports (CVSW_PORT_*), CVSW_VLAN_NONE, flow flags
 * (CVSW_FLOW_F_*), CVSW_FLOW_DEFAULT_PRIORITY, action types
 * (CVSW_ACTION_A_*), reasons (CVSW_PIN_*, CVSW_FRR_*, CVSW_PORT_ADD...),
 * miss policies (CVSW_MISS_*) and offloads (CVSW_OFFLOAD_A_*). The enums
 * below only give those values shorter or older names.
 */
#include <cvsw/uapi.h>

/* ------------------------------------------------------------------ */
/* Flows                                                               */
/* ------------------------------------------------------------------ */

/* Bits of cvsw_match.present: a field whose bit is clear is wildcarded. */
enum cvsw_match_field {
	CVSW_M_IN_PORT		= 1u << 0,
	CVSW_M_DL_SRC		= 1u << 1,
	CVSW_M_DL_DST		= 1u << 2,
	CVSW_M_DL_VLAN		= 1u << 3,
	CVSW_M_DL_VLAN_PCP	= 1u << 4,
	CVSW_M_DL_TYPE		= 1u << 5,
	CVSW_M_NW_TOS		= 1u << 6,
	CVSW_M_NW_PROTO		= 1u << 7,
	CVSW_M_NW_SRC		= 1u << 8,
	CVSW_M_NW_DST		= 1u << 9,
	CVSW_M_TP_SRC		= 1u << 10,
	CVSW_M_TP_DST		= 1u << 11,
	CVSW_M_TUN_ID		= 1u << 12,
	CVSW_M_TUN_SRC		= 1u << 13,	/* outer IPv4 source of a tunnel */
	CVSW_M_TUN_DST		= 1u << 14,	/* outer IPv4 destination */
	CVSW_M_ALL		= (1u << 15) - 1,
};

struct cvsw_match {
	uint32_t present;		/* CVSW_M_* */
	uint16_t in_port;
	uint8_t dl_src[6];
	uint8_t dl_dst[6];
	uint16_t dl_vlan;		/* 0..4095 or CVSW_VLAN_NONE */
	uint8_t dl_vlan_pcp;		/* 0..7 */
	uint16_t dl_type;
	uint8_t nw_tos;			/* DSCP << 2 */
	uint8_t nw_proto;
	uint32_t nw_src;		/* host order, host bits cleared */
	uint32_t nw_dst;
	uint8_t nw_src_prefix;		/* 1..32 */
	uint8_t nw_dst_prefix;		/* 1..32 */
	uint16_t tp_src;
	uint16_t tp_dst;
	uint64_t tun_id;
	uint32_t tun_src;		/* host order, host bits cleared */
	uint32_t tun_dst;
	uint8_t tun_src_prefix;		/* 1..32 */
	uint8_t tun_dst_prefix;		/* 1..32 */
};

/* Action types: the uapi's attribute numbers (enum cvsw_action_attr). */
enum cvsw_action_type {
	CVSW_ACT_OUTPUT = CVSW_ACTION_A_OUTPUT,		/* .output */
	CVSW_ACT_SET_VLAN_VID = CVSW_ACTION_A_SET_VLAN_VID, /* .vlan_vid */
	CVSW_ACT_SET_VLAN_PCP = CVSW_ACTION_A_SET_VLAN_PCP, /* .vlan_pcp */
	CVSW_ACT_STRIP_VLAN = CVSW_ACTION_A_STRIP_VLAN,
	CVSW_ACT_SET_DL_SRC = CVSW_ACTION_A_SET_DL_SRC,	/* .mac */
	CVSW_ACT_SET_DL_DST = CVSW_ACTION_A_SET_DL_DST,	/* .mac */
	CVSW_ACT_SET_NW_SRC = CVSW_ACTION_A_SET_NW_SRC,	/* .ipv4 */
	CVSW_ACT_SET_NW_DST = CVSW_ACTION_A_SET_NW_DST,	/* .ipv4 */
	CVSW_ACT_SET_NW_TOS = CVSW_ACTION_A_SET_NW_TOS,	/* .nw_tos */
	CVSW_ACT_SET_TP_SRC = CVSW_ACTION_A_SET_TP_SRC,	/* .tp_port */
	CVSW_ACT_SET_TP_DST = CVSW_ACTION_A_SET_TP_DST,	/* .tp_port */
	CVSW_ACT_ENQUEUE = CVSW_ACTION_A_ENQUEUE,	/* .enqueue */
	CVSW_ACT_SET_TUNNEL = CVSW_ACTION_A_SET_TUNNEL,	/* .tun_id */
	CVSW_ACT_MAX = CVSW_ACTION_A_MAX,		/* the last type */
};

struct cvsw_action {
	uint16_t type;			/* enum cvsw_action_type */
	union {
		struct {
			uint16_t port;	/* a port or CVSW_PORT_* */
			uint16_t max_len; /* CONTROLLER: bytes sent, CVSW_MAX_LEN_ALL = all */
		} output;
		struct {
			uint16_t port;
			uint32_t queue_id;
		} enqueue;
		uint16_t vlan_vid;
		uint8_t vlan_pcp;
		uint8_t mac[6];
		uint32_t ipv4;
		uint8_t nw_tos;
		uint16_t tp_port;
		uint64_t tun_id;
	} u;
};

#define CVSW_MAX_ACTIONS 64

struct cvsw_flow {
	struct cvsw_match match;
	uint16_t priority;		/* default CVSW_FLOW_DEFAULT_PRIORITY */
	uint64_t cookie;
	uint16_t idle_timeout;		/* seconds, 0 = none */
	uint16_t hard_timeout;
	uint32_t flags;			/* CVSW_FLOW_F_* */
	uint16_t out_port;		/* delete/dump filter; CVSW_PORT_NONE = any */
	bool has_actions;		/* an actions= list was given */
	unsigned n_actions;		/* 0 with has_actions = drop */
	struct cvsw_action actions[CVSW_MAX_ACTIONS];
	/* Counters, filled by dumps/gets (and parsed from dump lines). */
	uint64_t packets;
	uint64_t bytes;
	uint64_t duration_ms;		/* since the flow was added */
	uint64_t idle_ms;		/* since its last packet */
};

/* A flow with every field wildcarded, default priority, out_port NONE. */
void cvsw_flow_init(struct cvsw_flow *flow);
/* true when a and b are the same flow (match, options, actions, counters). */
bool cvsw_flow_equal(const struct cvsw_flow *a, const struct cvsw_flow *b);

/* ---- flow text syntax (ovs-ofctl(8) OpenFlow 1.0 style) ---- */

/* What a text may contain. */
enum cvsw_parse_mode {
	/* a flow to add or modify: match, priority, cookie, timeouts, flags
	 * and a mandatory actions= list */
	CVSW_PARSE_FLOW,
	/* a match for delete/dump/get: match fields, priority, out_port */
	CVSW_PARSE_MATCH,
	/* a dump line: FLOW plus the counters duration=, n_packets=,
	 * n_bytes=, idle_age= as printed by cvsw_flow_format_stats() */
	CVSW_PARSE_DUMP,
};

struct cvsw_parse_error {
	unsigned column;	/* 1-based column of the offending item */
	char item[64];		/* the offending item, possibly shortened */
	char msg[128];		/* what is wrong with it */
	/* `error at column C ("ITEM"): MSG` */
	char text[288];
};

/*
 * Parses `text` into *flow (which is initialised first). Returns 0, or
 * -EINVAL with *err filled (err may be NULL).
 */
int cvsw_flow_parse(const char *text, enum cvsw_parse_mode mode,
		    struct cvsw_flow *flow, struct cvsw_parse_error *err);

/*
 * Port names beyond those of the syntax: the tunnel ports of one device
 * ("in_port=vx0", "output:vx0", "vx0" as a bare action). The syntax alone
 * cannot know them, so the caller that knows the device passes a resolver
 * (cvsw_port_list_resolve over the device's port list, or its own).
 * resolve() stores the number of `name` and returns 0, or returns -ENOENT.
 * Numbers and the reserved names (host, net, normal, ...) never reach it:
 * no port may be called like them (cvsw_port_name_check).
 */
struct cvsw_port_names {
	int (*resolve)(const char *name, uint16_t *port, void *arg);
	void *arg;
};

/* cvsw_flow_parse, with port names resolved by `names` (NULL: none). */
int cvsw_flow_parse_names(const char *text, enum cvsw_parse_mode mode,
			  const struct cvsw_port_names *names,
			  struct cvsw_flow *flow, struct cvsw_parse_error *err);

/* A buffer of this size always holds a formatted flow or dump line (64
 * actions of the longest kind included). */
#define CVSW_FLOW_TEXT_MAX 4096

/*
 * Canonical text of a flow: priority, cookie, timeouts, flags, the match
 * fields in a fixed order (ip/tcp/udp/icmp/arp shorthands where they
 * apply), out_port, then actions= (when has_actions). The result parses
 * back to an equal flow. Returns the length the full text needs (as
 * snprintf); the output is truncated to `size`.
 */
int cvsw_flow_format(char *buf, size_t size, const struct cvsw_flow *flow);
/* The dump line: "duration=S.mmms, n_packets=N, n_bytes=N, idle_age=S.mmms, "
 * then cvsw_flow_format(). Parses back with CVSW_PARSE_DUMP. */
int cvsw_flow_format_stats(char *buf, size_t size, const struct cvsw_flow *flow);
/* Text of the match part only (no priority/options/actions); "" = all. */
int cvsw_match_format(char *buf, size_t size, const struct cvsw_match *match);
/* Text of an action list ("drop" when n == 0). */
int cvsw_actions_format(char *buf, size_t size,
			const struct cvsw_action *acts, unsigned n);
/* Parses an action list (the text after "actions="), e.g. for packet-out. */
int cvsw_actions_parse(const char *text, struct cvsw_action *acts,
		       unsigned max, unsigned *n, struct cvsw_parse_error *err);
/* The same with port names resolved by `names` (NULL: none). */
int cvsw_actions_parse_names(const char *text,
			     const struct cvsw_port_names *names,
			     struct cvsw_action *acts, unsigned max, unsigned *n,
			     struct cvsw_parse_error *err);

/* A port as the syntax writes it: a number (decimal or 0x hex) or a name
 * (host, net, in_port, table, normal, flood, all, controller, local, none,
 * any case). 0 or -EINVAL. */
int cvsw_port_parse(const char *text, uint16_t *port);

/* A word of the syntax, for completion and help. */
struct cvsw_syntax_word {
	const char *name;	/* "nw_src", "tcp", "mod_vlan_vid", "normal" */
	/* what follows the name: '=' (fields: NAME=VALUE), ':' (actions:
	 * NAME:VALUE) or '\0' (a bare keyword) */
	char sep;
	/* the modes that accept it: bit (1u << enum cvsw_parse_mode) */
	unsigned modes;
};

/* The i-th key of a flow text (options, match fields and their aliases,
 * shorthands, then "actions" with sep '='), into *w; false past the end.
 * Read from the same tables as the parser. */
bool cvsw_flow_keyword(unsigned i, struct cvsw_syntax_word *w);
/* The i-th action word ("output" ':', "normal" '\0', "set_field" ':',
 * "drop" '\0', ...); false past the end. */
bool cvsw_action_keyword(unsigned i, struct cvsw_syntax_word *w);

/* ------------------------------------------------------------------ */
/* Handle                                                              */
/* ------------------------------------------------------------------ */

struct cvsw_handle;

/* Allocates a handle (no I/O). NULL only when out of memory. */
struct cvsw_handle *cvsw_handle_alloc(void);
/* Use another generic-netlink family name (tests); before cvsw_open. */
int cvsw_set_family(struct cvsw_handle *h, const char *name);
/*
 * Connects: resolves the family and its multicast groups, enables extended
 * acks. -ENOENT with "cvsw generic netlink family not found: is cvsw_net
 * loaded?" when the module is not there.
 */
int cvsw_open(struct cvsw_handle *h);
/* Closes the sockets and frees the handle (NULL is fine). */
void cvsw_close(struct cvsw_handle *h);
/* The message of the last failure on this handle ("" if none). */
const char *cvsw_last_error(const struct cvsw_handle *h);

/* ------------------------------------------------------------------ */
/* Devices                                                             */
/* ------------------------------------------------------------------ */

/* Offloads: the uapi's attribute numbers (enum cvsw_offload_attr). */
enum cvsw_offload {
	CVSW_OFFLOAD_RX_CSUM = CVSW_OFFLOAD_A_RX_CSUM,
	CVSW_OFFLOAD_TX_CSUM = CVSW_OFFLOAD_A_TX_CSUM,
	CVSW_OFFLOAD_SG = CVSW_OFFLOAD_A_SG,
	CVSW_OFFLOAD_TSO = CVSW_OFFLOAD_A_TSO,
	CVSW_OFFLOAD_GSO = CVSW_OFFLOAD_A_GSO,
	CVSW_OFFLOAD_GRO = CVSW_OFFLOAD_A_GRO,
	CVSW_OFFLOAD_GRO_HW = CVSW_OFFLOAD_A_GRO_HW,
	CVSW_OFFLOAD_LAST = CVSW_OFFLOAD_A_MAX,
};

/* Table-miss policies are the uapi's enum cvsw_miss (CVSW_MISS_NORMAL,
 * CVSW_MISS_DROP, CVSW_MISS_CONTROLLER); the older names stay as aliases. */
#define CVSW_MISS_POLICY_NORMAL		CVSW_MISS_NORMAL
#define CVSW_MISS_POLICY_DROP		CVSW_MISS_DROP
#define CVSW_MISS_POLICY_CONTROLLER	CVSW_MISS_CONTROLLER

struct cvsw_device {
	uint32_t ifindex;
	char name[16];
	uint64_t datapath_id;
	uint8_t mac[6];
	uint32_t mtu;
	uint32_t offloads_known;	/* bit (1 << enum cvsw_offload) reported */
	uint32_t offloads;		/* bit (1 << enum cvsw_offload) on */
	uint8_t miss;			/* enum cvsw_miss (uapi) */
	uint32_t packet_in_rate;	/* per second, 0 = off */
	bool link_up;
	uint32_t n_flows;
	uint32_t max_flows;
	uint16_t miss_send_len;		/* table-miss packet-in bytes,
					 * CVSW_MAX_LEN_ALL = all */
};

/* "rx_csum", "tx_csum", "sg", "tso", "gso", "gro", "gro_hw"; NULL if bad. */
const char *cvsw_offload_name(enum cvsw_offload o);
/* The offload of that name, or -EINVAL. */
int cvsw_offload_from_name(const char *name);
/* "normal", "drop", "controller"; NULL if bad. */
const char *cvsw_miss_name(enum cvsw_miss m);
int cvsw_miss_from_name(const char *name);

typedef int (*cvsw_device_cb)(const struct cvsw_device *dev, void *arg);

/* Calls cb for every device; a nonzero return from cb stops the walk
 * (and is returned). */
int cvsw_device_dump(struct cvsw_handle *h, cvsw_device_cb cb, void *arg);
int cvsw_device_get(struct cvsw_handle *h, const char *dev,
		    struct cvsw_device *out);
int cvsw_device_set_mtu(struct cvsw_handle *h, const char *dev, uint32_t mtu);
int cvsw_device_set_offload(struct cvsw_handle *h, const char *dev,
			    enum cvsw_offload o, bool on);
int cvsw_device_set_miss(struct cvsw_handle *h, const char *dev,
			 enum cvsw_miss m);
int cvsw_device_set_packet_in_rate(struct cvsw_handle *h, const char *dev,
				   uint32_t per_second);
/* Bytes of a packet a table-miss packet-in carries (OF1.0's miss_send_len;
 * CVSW_MAX_LEN_ALL for the whole packet). */
int cvsw_device_set_miss_send_len(struct cvsw_handle *h, const char *dev,
				  uint16_t len);

/* The device's STT/SCLP reassembly table (CVSW_A_REASM), a snapshot. */
struct cvsw_reasm_usage {
	uint32_t frames;	/* frames being put together */
	uint32_t max_frames;	/* the most it holds at once */
	uint32_t bytes;		/* memory their segments take */
	uint32_t peak_bytes;	/* the most `bytes` has been since the
				 * device came up */
	uint32_t max_bytes;	/* the cap: a segment past it is dropped */
};

/* A separate call, so that struct cvsw_device keeps its size (ABI).
 * -ENODATA from a kernel that does not report the table. */
int cvsw_device_reasm(struct cvsw_handle *h, const char *dev,
		      struct cvsw_reasm_usage *out);

/* ------------------------------------------------------------------ */
/* Flow table                                                          */
/* ------------------------------------------------------------------ */

/* OFPFC_ADD (flags CHECK_OVERLAP / SEND_FLOW_REM from flow->flags). */
int cvsw_flow_add(struct cvsw_handle *h, const char *dev,
		  const struct cvsw_flow *flow);
/* OFPFC_MODIFY / OFPFC_MODIFY_STRICT. */
int cvsw_flow_mod(struct cvsw_handle *h, const char *dev,
		  const struct cvsw_flow *flow, bool strict);
/* OFPFC_DELETE / OFPFC_DELETE_STRICT: match, priority (strict) and
 * out_port filter of `flow`; NULL deletes every flow (with events). */
int cvsw_flow_del(struct cvsw_handle *h, const char *dev,
		  const struct cvsw_flow *flow, bool strict);
/* The flow whose match and priority equal those of `match` (strict). */
int cvsw_flow_get(struct cvsw_handle *h, const char *dev,
		  const struct cvsw_flow *match, struct cvsw_flow *out);

typedef int (*cvsw_flow_cb)(const struct cvsw_flow *flow, void *arg);
/* Calls cb for every flow `filter` covers (NULL: all), streaming: memory
 * does not grow with the table; *flow is valid only during the call. A nonzero return from cb stops the calls
 * (the dump is still drained) and is returned. */
int cvsw_flow_dump(struct cvsw_handle *h, const char *dev,
		   const struct cvsw_flow *filter, cvsw_flow_cb cb, void *arg);
/* Deletes every flow, without flow-removed events. */
int cvsw_flow_flush(struct cvsw_handle *h, const char *dev);

/* ---- batched flow adds and packet-outs ---- */

/* Per failed flow: its 0-based index in the batch, the negative errno and
 * the kernel's message. Return nonzero to stop sending further flows. */
typedef int (*cvsw_batch_err_cb)(size_t index, int err, const char *msg,
				 void *arg);

enum cvsw_batch_flags {
	/* Ask an ack only for the last flow of each buffer: errors are still
	 * reported per flow, successes are implied. Fewer kernel messages. */
	CVSW_BATCH_SPARSE_ACK = 1u << 0,
};

struct cvsw_batch_result {
	size_t n_sent;		/* flows handed to the kernel */
	size_t n_ok;
	size_t n_failed;
	size_t first_failed;	/* index, valid when n_failed > 0 */
	unsigned n_sendmsg;	/* syscalls used */
	unsigned n_recv;
};

struct cvsw_batch;

/* Starts a batch of flow adds on `dev`. Flows are encoded into large
 * buffers, each sent with one sendmsg; acks are collected per buffer. */
struct cvsw_batch *cvsw_batch_new(struct cvsw_handle *h, const char *dev,
				  unsigned flags, cvsw_batch_err_cb cb,
				  void *arg);
/* Queues one flow (may send a full buffer). Returns 0 or a negative errno
 * of the transport (a flow the kernel refuses goes to the callback). */
int cvsw_batch_add(struct cvsw_batch *b, const struct cvsw_flow *flow);
/* Queues one packet-out (as cvsw_packet_out), run in its place among the
 * batch's requests; indexes passed to the callback count both kinds. */
int cvsw_batch_packet_out(struct cvsw_batch *b, uint16_t in_port,
			  const struct cvsw_action *actions, unsigned n_actions,
			  const void *data, size_t len);
/* Sends what is left, collects every ack. Returns 0 when every flow was
 * added, -EIO-like negative errno of the first failure otherwise; *res
 * (may be NULL) gets the counts. */
int cvsw_batch_finish(struct cvsw_batch *b, struct cvsw_batch_result *res);
void cvsw_batch_free(struct cvsw_batch *b);

/* The whole batch from an array. */
int cvsw_flow_add_batch(struct cvsw_handle *h, const char *dev,
			const struct cvsw_flow *flows, size_t n,
			unsigned flags, cvsw_batch_err_cb cb, void *arg,
			struct cvsw_batch_result *res);

/* ------------------------------------------------------------------ */
/* Ports                                                               */
/* ------------------------------------------------------------------ */

/*
 * Every device's datapath has port 1 (host) and port 2 (net); tunnel ports
 * (VXLAN, NVGRE, Geneve, STT, VXLAN over SCLP) are added, numbered from
 * CVSW_PORT_TUNNEL_MIN, with a name (docs/tunnels.md). Kinds are the
 * uapi's enum cvsw_port_kind (CVSW_PORT_KIND_*).
 */

/* "host", "net", "vxlan", "nvgre", "geneve", "stt", "sclp"; NULL if bad. */
const char *cvsw_port_kind_name(unsigned kind);
/* The kind of that name, or -EINVAL. */
int cvsw_port_kind_from_name(const char *name);
/* Whether a kind is a tunnel's (one that PORT_NEW adds). */
bool cvsw_port_kind_is_tunnel(unsigned kind);

/* The parameters of a tunnel port; 0 is each one's default. */
struct cvsw_tunnel {
	uint32_t remote_ip;		/* host order; required */
	uint32_t local_ip;		/* 0: the source of the route to remote_ip */
	uint64_t key;			/* id sent and accepted (24 bits, STT 64) */
	bool key_flow;			/* id from set_tunnel, any id accepted */
	uint16_t dst_port;		/* 0: the kind's (4789, 6081, 7471) */
	bool has_remote_mac;		/* else resolved by route and neighbour */
	uint8_t remote_mac[6];
	uint8_t tos;			/* outer TOS */
	bool tos_inherit;		/* outer DSCP from the inner IPv4 */
	uint8_t ttl;			/* 0: 64 */
	bool flowid_hash;		/* NVGRE FlowID from the flow hash */
};

/* Counters of a tunnel port (CVSW_TUN_STATS_A_*). */
struct cvsw_tunnel_stats {
	uint64_t encap_errors;
	uint64_t no_neigh;
	uint64_t no_route;
	uint64_t too_big;
	uint64_t decap_errors;
	uint64_t reasm_done;
	uint64_t reasm_drops;
	uint64_t reasm_timeouts;
};

/* The i-th counter's name ("encap_errors", ...) and value in *st; false
 * past the last. */
bool cvsw_tunnel_stat(unsigned i, const struct cvsw_tunnel_stats *st,
		      const char **name, uint64_t *value);

struct cvsw_port {
	uint16_t port_no;		/* cvsw_port_add: 0 = the lowest free */
	char name[16];
	uint8_t kind;			/* enum cvsw_port_kind */
	struct cvsw_tunnel tun;		/* tunnel kinds only */
	/* filled from the kernel's replies: */
	uint16_t overhead;		/* bytes the encapsulation adds */
	bool has_stats;
	struct cvsw_tunnel_stats stats;
};

/*
 * The text form of a tunnel's parameters, as `tunnel add` takes them:
 *   type=vxlan|nvgre|geneve|stt|sclp remote_ip=A.B.C.D [local_ip=A.B.C.D]
 *   [key=N|flow] [dst_port=N] [remote_mac=MAC] [ofport=N] [tos=N|inherit]
 *   [ttl=N] [flowid=0|hash]
 * words separated by blanks or commas. Fills port->kind, port->tun and
 * port->port_no (ofport=; 0 without it), leaves port->name alone. Checks
 * the whole text (a missing type or remote_ip, a key too big for the
 * kind, flowid for another kind than nvgre, ...). 0, or -EINVAL with *err
 * (may be NULL) saying what and where.
 */
int cvsw_tunnel_parse(const char *text, struct cvsw_port *port,
		      struct cvsw_parse_error *err);
/* The same text of a port (ofport= when port_no is set); parses back to
 * the same parameters. snprintf semantics. */
int cvsw_tunnel_format(char *buf, size_t size, const struct cvsw_port *port);
/* The i-th parameter word of the text form ("type" '='...), for completion
 * and help; false past the end. */
bool cvsw_tunnel_keyword(unsigned i, struct cvsw_syntax_word *w);

/*
 * Whether `name` can name a port: 1..15 characters that are not blanks or
 * the flow syntax's separators (, = : ( ) / " '), and not a word the flow
 * syntax reads otherwise: a number, a reserved port (host, net, normal,
 * in_port, ... any case) or an action (drop, strip_vlan, ...): "in_port=
 * normal" must keep its meaning. 0, or -EINVAL with *why (may be NULL)
 * set to a message.
 */
int cvsw_port_name_check(const char *name, const char **why);

/* A resolver (struct cvsw_port_names) over an array of ports, e.g. what
 * cvsw_port_dump gave: arg is a struct cvsw_port_list. */
struct cvsw_port_list {
	const struct cvsw_port *ports;
	size_t n;
};
int cvsw_port_list_resolve(const char *name, uint16_t *port, void *arg);

/* Adds a tunnel port (CVSW_CMD_PORT_NEW): port->name, kind, tun and
 * port_no (0 = the lowest free). The name is checked first
 * (cvsw_port_name_check). *out (may be NULL) gets the port as the kernel
 * then reports it (its number, overhead). */
int cvsw_port_add(struct cvsw_handle *h, const char *dev,
		  const struct cvsw_port *port, struct cvsw_port *out);
/* Deletes a tunnel port, named by its name or number ("vx0", "3"), and
 * the flows whose in_port or output is that port. */
int cvsw_port_del(struct cvsw_handle *h, const char *dev, const char *port);
/* One port by name or number. */
int cvsw_port_get(struct cvsw_handle *h, const char *dev, const char *port,
		  struct cvsw_port *out);

typedef int (*cvsw_port_cb)(const struct cvsw_port *port, void *arg);
/* Calls cb for every port of the device (1, 2, then the tunnels); a
 * nonzero return from cb stops the calls and is returned. */
int cvsw_port_dump(struct cvsw_handle *h, const char *dev, cvsw_port_cb cb,
		   void *arg);

/* ------------------------------------------------------------------ */
/* Statistics                                                          */
/* ------------------------------------------------------------------ */

struct cvsw_table_stats {
	uint32_t active;
	uint32_t max_entries;
	uint32_t masks;
	uint64_t lookups;
	uint64_t matched;
};

struct cvsw_port_stats {
	uint16_t port;
	uint64_t rx_packets;
	uint64_t rx_bytes;
	uint64_t tx_packets;
	uint64_t tx_bytes;
	uint64_t dropped;
};

/* Table stats into *table (may be NULL) and up to max_ports port stats
 * into ports; *n_ports gets how many the kernel reported. */
int cvsw_stats_get(struct cvsw_handle *h, const char *dev,
		   struct cvsw_table_stats *table,
		   struct cvsw_port_stats *ports, unsigned max_ports,
		   unsigned *n_ports);

/* ------------------------------------------------------------------ */
/* Packet-out                                                          */
/* ------------------------------------------------------------------ */

/* Runs `actions` on the Ethernet frame `data` as if it had entered on
 * in_port (CVSW_PORT_NONE for none). */
int cvsw_packet_out(struct cvsw_handle *h, const char *dev, uint16_t in_port,
		    const struct cvsw_action *actions, unsigned n_actions,
		    const void *data, size_t len);

/* ------------------------------------------------------------------ */
/* Events                                                              */
/* ------------------------------------------------------------------ */

enum cvsw_event_group {
	CVSW_EVENTS_PACKET_IN = 1u << 0,
	CVSW_EVENTS_FLOW_REMOVED = 1u << 1,
	CVSW_EVENTS_PORT_STATUS = 1u << 2,
	CVSW_EVENTS_ALL = 7,
};

enum cvsw_event_type {
	CVSW_EVENT_PACKET_IN = 1,
	CVSW_EVENT_FLOW_REMOVED,
	CVSW_EVENT_PORT_STATUS,
	/* the socket buffer overran: some events were lost */
	CVSW_EVENT_OVERRUN,
};

struct cvsw_event {
	enum cvsw_event_type type;
	uint32_t ifindex;
	char ifname[16];		/* "" when the kernel did not say */
	union {
		struct {
			uint16_t in_port;
			uint8_t reason;	/* enum cvsw_packet_in_reason */
			uint32_t total_len;
			const uint8_t *data;	/* valid during the callback */
			size_t len;
		} packet_in;
		struct {
			uint8_t reason;	/* enum cvsw_flow_removed_reason */
			struct cvsw_flow flow;
		} flow_removed;
		struct {
			uint8_t reason;	/* enum cvsw_port_reason */
			uint16_t port;	/* CVSW_PORT_NONE when not reported */
			bool link_up;
			uint32_t mtu;	/* 0 when not reported */
			/* the port's description (name, kind, a tunnel's
			 * parameters) when the kernel sent one: not for a
			 * port that is already gone */
			bool has_port;
			struct cvsw_port desc;
		} port_status;
	} u;
};

/* Names of the uapi's reasons ("no_match", "idle_timeout", "add", ...);
 * "unknown" for a value the library does not know. */
const char *cvsw_packet_in_reason_name(unsigned reason);
const char *cvsw_flow_removed_reason_name(unsigned reason);
const char *cvsw_port_reason_name(unsigned reason);

typedef int (*cvsw_event_cb)(const struct cvsw_event *ev, void *arg);

/* Joins the multicast groups (CVSW_EVENTS_*) on the handle's event socket
 * (separate from its request socket, so requests and events do not mix). */
int cvsw_events_subscribe(struct cvsw_handle *h, unsigned groups);
/* The event socket's fd, for poll(); -1 before cvsw_events_subscribe. */
int cvsw_events_fd(const struct cvsw_handle *h);
/*
 * Decodes every event waiting on the event socket and calls cb for each.
 * Does not block: returns the number of events delivered (0 when none was
 * waiting), or a negative errno; a nonzero cb return stops and is returned.
 */
int cvsw_events_recv(struct cvsw_handle *h, cvsw_event_cb cb, void *arg);

#ifdef __cplusplus
}
#endif

#endif /* LIBCVSW_CVSW_H */
