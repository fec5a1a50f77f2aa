/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _DFT_CLUSTER_H
#define _DFT_CLUSTER_H

#include <linux/atomic.h>
#include <linux/rcupdate.h>
#include <linux/siphash.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/zgc.h>

#include "member.h"

struct dft_maglev;
struct netlink_ext_ack;
struct zgc_flow_key;

/**
 * struct dft_node - a node of the cluster
 * @id: its id, not 0
 * @addr: its address on the cluster network
 * @roles: ZGC_ROLE_*
 */
struct dft_node {
	u32 id;
	__be32 addr;
	u32 roles;
};

/**
 * struct dft_chain - a replication chain of FTNs
 * @id: its id
 * @n: how many replicas
 * @nodes: their node ids, head first, tail last
 * @slots: how many slots of the consistent-hash table it has
 * @index: the index of each of @nodes in the description's nodes
 */
struct dft_chain {
	u32 id;
	u32 n;
	u32 nodes[ZGC_CHAIN_NODES_MAX];
	u32 slots;
	u32 index[ZGC_CHAIN_NODES_MAX];
};

/* &dft_chain.index of a node the current description no longer has. */
#define DFT_NODE_GONE	U32_MAX

/**
 * struct dft_epoch - the chains of an epoch of the cluster: what the
 *	messages of a transaction of that epoch go by
 * @epoch: the epoch
 * @auth: its messages carry a MAC keyed by @key (a previous epoch's
 *	are checked with the current description's key)
 * @key: the SipHash key, when @auth
 * @map_key: the SipHash key of the flows' hash (dft_epoch_flow_chain())
 * @map: flow hash -> index in @chains
 * @nchains: how many chains
 * @chains: the chains; their index[] are places in the nodes of the
 *	description that holds this epoch, DFT_NODE_GONE for a node it no
 *	longer lists (out of every chain, as if dead)
 */
struct dft_epoch {
	u64 epoch;
	bool auth;
	siphash_key_t key;
	siphash_key_t map_key;
	struct dft_maglev *map;
	u32 nchains;
	struct dft_chain *chains;
};

#define DFT_REPLAY_SLOTS	128

/**
 * struct dft_replay_slot - what a node has seen of the sequence numbers of
 *	another that are one number of its slot modulo DFT_REPLAY_SLOTS
 * @lock: guards @boot, @top and @seen (taken in softirq, nested only in
 *	&dft_swim.lock)
 * @boot: the sender's boot number these are of, 0 before it is known
 * @top: the highest round (number / DFT_REPLAY_SLOTS) accepted, U64_MAX
 *	once another description took the window over
 * @seen: which of the 64 rounds up to @top were accepted (bit 0: @top)
 */
struct dft_replay_slot {
	spinlock_t lock;
	u32 boot;
	u64 top;
	u64 seen;
};

/**
 * struct dft_replay - what a node has seen of another's sequence numbers
 *	at its current boot (replay.c)
 * @top: the highest number accepted (no lock: it only grows but when the
 *	sender's boot changes), U64_MAX once another description took the
 *	window over
 * @slot: the slots
 */
struct dft_replay {
	atomic64_t top;
	struct dft_replay_slot slot[DFT_REPLAY_SLOTS];
};

/* &dft_cluster.flags */
#define DFT_CLUSTER_WARNED_MTU	0	/* "too big" was logged */

/**
 * struct dft_cluster - a device's description of its cluster, immutable
 *	once published (rcu_assign_pointer() under RTNL), but for @seq,
 *	@flags, @swim and @replay
 * @rcu: frees it after the readers
 * @id: the cluster's id
 * @epoch: the description's version
 * @self: the id of the node the device is
 * @self_index: that node's index in @nodes
 * @self_addr: that node's cluster address
 * @roles: that node's roles
 * @auth: cluster messages carry a MAC keyed by @key
 * @key: the SipHash key, when @auth
 * @nnodes: how many nodes
 * @nodes: the nodes, as given
 * @nchains: how many chains
 * @chains: the chains, as given
 * @map: flow hash -> index in @chains
 * @digest: a hash of @map by chain id, the same on every node given the
 *	same chains and table size
 * @now: this description's epoch: @epoch, @auth, @key, @map, @nchains
 *	and @chains
 * @prev: the epoch of the description this one replaced on the device,
 *	its chains' nodes found in @nodes, or NULL: while some nodes of the
 *	cluster are still on it (a rolling apply), transactions go by it
 *	(dft_cluster_txn_epoch()), and this node takes part in theirs
 * @probe_ms: the membership's probe period (member.c)
 * @suspect_ms: how long a suspicion lasts before it turns to death
 * @swim: the membership protocol's state: what this node believes of the
 *	others, changing (member.c)
 * @seq: the sequence number of the last message this node sent, from
 *	the real-time clock in ns when the description was applied, so that
 *	it keeps growing across descriptions and restarts
 * @flags: DFT_CLUSTER_* bits
 * @replay: for each node of @nodes, what was seen of its sequence numbers
 * @mem: where @swim's members and sync, @replay, @nodes and @chains are,
 *	in that order, in the same allocation
 */
struct dft_cluster {
	struct rcu_head rcu;
	u32 id;
	u64 epoch;
	u32 self;
	u32 self_index;
	__be32 self_addr;
	u32 roles;
	bool auth;
	siphash_key_t key;
	u32 nnodes;
	struct dft_node *nodes;
	u32 nchains;
	struct dft_chain *chains;
	struct dft_maglev *map;
	u32 digest;
	struct dft_epoch now;
	struct dft_epoch *prev;
	u32 probe_ms;
	u32 suspect_ms;
	struct dft_swim swim;
	atomic64_t seq;
	unsigned long flags;
	struct dft_replay *replay;
	u64 mem[];
};

struct dft_cluster *dft_cluster_alloc(u32 nnodes, u32 nchains);
int dft_cluster_finish(struct dft_cluster *c, u32 table_size,
		       struct netlink_ext_ack *extack);
bool dft_cluster_equal(const struct dft_cluster *a,
		       const struct dft_cluster *b);
void dft_cluster_free(struct dft_cluster *c);
const struct dft_node *dft_cluster_node(const struct dft_cluster *c, u32 id);
const struct dft_node *dft_cluster_node_at(const struct dft_cluster *c,
					   __be32 addr);
int dft_cluster_keep_prev(struct dft_cluster *c,
			  const struct dft_cluster *old);
const struct dft_epoch *dft_cluster_epoch(const struct dft_cluster *c,
					  u64 epoch);
const struct dft_epoch *dft_cluster_txn_epoch(const struct dft_cluster *c);
const struct dft_chain *dft_epoch_flow_chain(const struct dft_cluster *c,
					     const struct dft_epoch *e,
					     const struct zgc_flow_key *key);
int dft_chain_position(const struct dft_chain *ch, u32 node);
const struct dft_chain *dft_cluster_chain(const struct dft_cluster *c, u32 id);

#endif /* _DFT_CLUSTER_H */
