/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The DFT's cluster messages on the wire: one Geneve option (RFC 8926)
 * in a Geneve packet between zgc nodes whose payload is the tenant frame
 * the transaction is about. Documentation/wire-format.md has the byte
 * layout and the packet walks; this header is its C form.
 */
#ifndef _DFT_WIRE_H
#define _DFT_WIRE_H

#include <linux/if_ether.h>
#include <linux/types.h>

/* Option class from RFC 8926's experimental range; type 1, critical. */
#define DFT_OPT_CLASS		0xff7a
#define DFT_OPT_TYPE		0x81
#define DFT_WIRE_VERSION	4

/*
 * How many nodes a message may visit: two chains, head to tail, and for
 * a moved flow its old chain's tail first (DFT_F_MIGRATE).
 */
#define DFT_HOPS_MAX		(2 * ZGC_CHAIN_NODES_MAX + 3)

/**
 * enum dft_op - the operation a message carries
 * @DFT_OP_LOOKUP: FWD -> tail: the flow's verdict, please
 * @DFT_OP_REPLY: tail -> FWD: here it is (the packet goes on with it)
 * @DFT_OP_INSERT: tail -> head -> ... -> tail: insert if absent; the
 *	head's live entry wins over the verdict carried
 * @DFT_OP_UPDATE: head -> ... -> tail: replace the entry (a newer version)
 * @DFT_OP_DELETE: head -> ... -> tail: the flow is closing
 * @DFT_OP_REFRESH: head -> ... -> tail: the flow is still in use
 * @DFT_OP_PING: any node -> any node: are you alive? (membership, below)
 * @DFT_OP_ACK: the answer to a PING, sent back the way the PING came
 * @DFT_OP_PING_REQ: please PING that node for me (an indirect probe)
 * @DFT_OP_SYNC_REQ: a syncing node -> a chain's tail: your entries of
 *	the chain, please (state transfer, below)
 * @DFT_OP_SYNC: the tail -> the syncing node: some of them
 * @DFT_OP_SYNC_END: the tail -> the syncing node: that was all of them
 */
enum dft_op {
	DFT_OP_LOOKUP = 1,
	DFT_OP_REPLY,
	DFT_OP_INSERT,
	DFT_OP_UPDATE,
	DFT_OP_DELETE,
	DFT_OP_REFRESH,
	DFT_OP_PING,
	DFT_OP_ACK,
	DFT_OP_PING_REQ,
	DFT_OP_SYNC_REQ,
	DFT_OP_SYNC,
	DFT_OP_SYNC_END,
	DFT_OP_MAX = DFT_OP_SYNC_END,
};

static inline bool dft_op_is_member(u8 op)
{
	return op >= DFT_OP_PING && op <= DFT_OP_PING_REQ;
}

static inline bool dft_op_is_sync(u8 op)
{
	return op >= DFT_OP_SYNC_REQ && op <= DFT_OP_SYNC_END;
}

/* dft_wire_hdr.flags */
#define DFT_F_AUTH		0x80	/* a SipHash MAC follows the verdicts */
#define DFT_F_REVERSE		0x40	/* the entry is the packet's reverse flow */
/*
 * A FWD's LOOKUP to the old chain's tail of a flow a new description
 * moved, or what came of it: the entry, as an INSERT to the new chain's
 * head, or the LOOKUP on to the new chain's tail when there was none.
 */
#define DFT_F_MIGRATE		0x20
#define DFT_F_KNOWN		(DFT_F_AUTH | DFT_F_REVERSE | DFT_F_MIGRATE)

/**
 * struct dft_wire_verdict - a flow's verdict (struct zgc_flow_verdict)
 * @action: enum zgc_flow_action
 * @flags: ZGC_FLOW_F_*
 * @dmac: the destination instance's MAC
 * @smac: the new source MAC of a routed flow
 * @reserved: zero
 * @host: the destination host's underlay IPv4 address
 * @config: the tenant's configuration version it was decided under
 * @nat_port: the first verdict, with ZGC_FLOW_F_DNAT or ZGC_FLOW_F_SNAT:
 *	the new destination (backend) or source (service) port; else zero
 * @host: the destination host's underlay IPv4 address
 * @config: the tenant's configuration version it was decided under
 *
 * The first verdict's rewrite address, with ZGC_FLOW_F_DNAT or _SNAT,
 * is in the DFT NAT option (struct dft_wire_nat). The second verdict's
 * rewrite (the reverse flow's) is the frame's own: the VIP and port the
 * frame goes to (ZGC_FLOW_F_SNAT), or the backend and port it comes from
 * (ZGC_FLOW_F_DNAT); its @nat_port is zero.
 */
struct dft_wire_verdict {
	u8 action;
	u8 flags;
	u8 dmac[ETH_ALEN];
	u8 smac[ETH_ALEN];
	__be16 nat_port;
	__be32 host;
	__be32 config;
} __packed;

/*
 * The DFT NAT option: a second Geneve option, right after the DFT option
 * in a message whose first verdict rewrites addresses (a Geneve option
 * holds 124 bytes of data at most, which the DFT option's header, two
 * verdicts and a MAC nearly fill). Not critical: the DFT option is.
 */
#define DFT_OPT_NAT_TYPE	0x02

/**
 * struct dft_wire_nat - the DFT NAT option's data
 * @addr: the first verdict's rewrite address (the backend's, or the
 *	VIP), IPv4 as IPv4-mapped IPv6
 */
struct dft_wire_nat {
	u8 addr[16];
} __packed;

/**
 * struct dft_wire_hdr - the DFT option's data, version 4
 * @ver_op: version (high 4 bits), enum dft_op (low 4 bits)
 * @flags: DFT_F_*; unknown ones must be zero
 * @hops: how many more nodes the message may visit
 * @verdicts: how many struct dft_wire_verdict follow (0 to 2)
 * @cluster: the cluster's id
 * @chain: the chain the message is about
 * @epoch: the chain's epoch the sender knows
 * @sender: the sending node's id
 * @seq: the sender's message counter (replay protection)
 * @fwd: cluster address of the FWD that asked, where the reply goes
 * @host: underlay address of the compute host that sent the tenant packet
 * @entrance: the underlay address that host sent it to
 * @version: the DFT entry's version (0 in a lookup)
 * @view: the chain as the sender sees it (dft_chain_view()): bit i set
 *	when the node at place i (0: the first listed) is not believed
 *	dead, bit 8 + i when it is believed syncing; 0 in membership
 *	messages
 * @reserved: zero
 * @boot: the sender's boot number (struct dft_wire_probe)
 * @bound: the receiver's boot number as the sender knows it: a message
 *	of a keyed cluster is taken only by the receiver's boot it names,
 *	so that what was captured before the receiver restarted is refused
 *	after; 0 in an unbound PING (to a node whose boot the sender does
 *	not know) and in messages of a cluster without a key
 *
 * Followed by @verdicts verdicts and, with DFT_F_AUTH, a 64-bit MAC:
 * SipHash-2-4 under the cluster's key of the option's data up to the MAC,
 * then the Geneve header's VNI (4 bytes, big endian), then every byte of
 * the packet after the option: the DFT NAT option if any, and the whole
 * frame the Geneve packet carries (the tenant frame, or a membership or
 * state transfer message's Ethernet header and payload).
 * Fields are big endian and only 4-byte aligned.
 */
struct dft_wire_hdr {
	u8 ver_op;
	u8 flags;
	u8 hops;
	u8 verdicts;
	__be32 cluster;
	__be32 chain;
	__be64 epoch;
	__be32 sender;
	__be64 seq;
	__be32 fwd;
	__be32 host;
	__be32 entrance;
	__be32 version;
	__be16 view;
	__be16 reserved;
	__be32 boot;
	__be32 bound;
} __packed;

/*
 * Membership messages (member.c) carry no tenant frame: their payload is
 * an Ethernet header of type DFT_PROBE_ETHERTYPE (addresses zero), a
 * struct dft_wire_probe and its news, in VNI 0. Their DFT option has no
 * verdict, hops 1, chain, fwd, host, entrance and version 0.
 */
#define DFT_PROBE_ETHERTYPE	0x88b5	/* IEEE 802 local experimental 1 */
#define DFT_NEWS_MAX		8

/* dft_wire_probe.flags and dft_wire_news.flags */
#define DFT_MEMBER_F_SYNCING	0x01	/* the node is syncing its chains */
#define DFT_MEMBER_F_DRAINING	0x02	/* it is out of its chains: drained */
#define DFT_MEMBER_F_ALL	(DFT_MEMBER_F_SYNCING | DFT_MEMBER_F_DRAINING)
/* dft_wire_probe.flags only: the sender's transactions go by its epoch */
#define DFT_PROBE_F_ROLLED	0x80

/**
 * struct dft_wire_probe - a PING, ACK or PING_REQ
 * @news: how many struct dft_wire_news follow (0 to DFT_NEWS_MAX)
 * @flags: DFT_MEMBER_F_* of the sender, and DFT_PROBE_F_ROLLED once its
 *	rolling apply has ended (it has heard every node it does not believe
 *	dead on its epoch); unknown ones must be zero
 * @reserved: zero
 * @target: the node probed: the receiver of a PING, the node an ACK says
 *	is alive, the node a PING_REQ asks to probe
 * @origin: the node that asked for an indirect probe, or 0
 * @nonce: the probe's number, copied into its ACK
 * @incarnation: the sender's own incarnation
 *
 * The option's @boot is the random number the sender drew when its device
 * joined the cluster: another one means the node restarted, empty.
 */
struct dft_wire_probe {
	u8 news;
	u8 flags;
	u8 reserved[2];
	__be32 target;
	__be32 origin;
	__be32 nonce;
	__be32 incarnation;
} __packed;

/**
 * struct dft_wire_news - what the sender believes of a node (gossip)
 * @node: the node's id
 * @state: enum zgc_node_state, but ZGC_NODE_SYNCING and ZGC_NODE_DRAINING
 *	(flags)
 * @flags: DFT_MEMBER_F_* of the node at that incarnation
 * @reserved: zero
 * @incarnation: the node's incarnation the belief is about
 */
struct dft_wire_news {
	__be32 node;
	u8 state;
	u8 flags;
	u8 reserved[2];
	__be32 incarnation;
} __packed;

#define DFT_PROBE_MAX_LEN	(sizeof(struct dft_wire_probe) + \
				 DFT_NEWS_MAX * sizeof(struct dft_wire_news))

/*
 * State transfer (sync.c): a node that comes back asks the tail of each
 * of its chains for the chain's entries. The messages are like the
 * membership's, in VNI 0 with an Ethernet header of type
 * DFT_PROBE_ETHERTYPE, and carry a struct dft_wire_sync; a SYNC has
 * @entries struct dft_wire_entry after it. The option has no verdict,
 * hops 1, the chain, the sender's view of it, and the epoch (a node of
 * another epoch drops them).
 */
#define DFT_SYNC_ENTRIES_MAX	16

/**
 * struct dft_wire_sync - a SYNC_REQ, SYNC or SYNC_END
 * @nonce: the request's number, chosen by the syncing node, in every
 *	message of its transfer
 * @count: SYNC: how many entries the transfer sent before these;
 *	SYNC_END: how many it sent in all; SYNC_REQ: 0
 * @entries: SYNC: how many entries follow (1 to DFT_SYNC_ENTRIES_MAX);
 *	else 0
 * @reserved: zero
 */
struct dft_wire_sync {
	__be32 nonce;
	__be32 count;
	u8 entries;
	u8 reserved[3];
} __packed;

/* dft_wire_entry.flags */
#define DFT_ENTRY_F_CLOSING	0x01	/* a TCP FIN or RST was seen */

/**
 * struct dft_wire_entry - a DFT entry (struct zgc_flow), in a SYNC
 * @vni: the flow's VNI
 * @saddr: its source address, IPv4 as IPv4-mapped IPv6
 * @daddr: its destination address, the same way
 * @sport: its source port, 0 when none
 * @dport: its destination port, 0 when none
 * @proto: its IP protocol
 * @flags: DFT_ENTRY_F_*; unknown ones must be zero
 * @reserved: zero
 * @version: the entry's version
 * @idle_ms: how long since its flow was last used (refreshed), in ms:
 *	the copy expires when the original does
 * @v: its verdict
 * @nat: its verdict's rewrite address with ZGC_FLOW_F_DNAT or _SNAT
 *	(IPv4 as IPv4-mapped IPv6), else zero
 */
struct dft_wire_entry {
	__be32 vni;
	u8 saddr[16];
	u8 daddr[16];
	__be16 sport;
	__be16 dport;
	u8 proto;
	u8 flags;
	__be16 reserved;
	__be32 version;
	__be32 idle_ms;
	struct dft_wire_verdict v;
	u8 nat[16];
} __packed;

#define DFT_SYNC_MAX_LEN	(sizeof(struct dft_wire_sync) + \
				 DFT_SYNC_ENTRIES_MAX * \
				 sizeof(struct dft_wire_entry))

#define DFT_WIRE_MAC_LEN	8
#define DFT_WIRE_MAX_LEN	(sizeof(struct dft_wire_hdr) + \
				 2 * sizeof(struct dft_wire_verdict) + \
				 DFT_WIRE_MAC_LEN)

#endif /* _DFT_WIRE_H */
