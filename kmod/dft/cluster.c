// SPDX-License-Identifier: GPL-2.0
/*
 * The description of a zgc device's cluster: its nodes, their roles, the
 * replication chains of FTNs, and the Maglev table (maglev.c) that maps a
 * flow to its chain. Every node is given the same description, and every
 * node derives the same table from it.
 *
 * A description is checked as a whole (dft_cluster_finish()) before it
 * replaces the device's: an invalid one changes nothing.
 */

#include <linux/err.h>
#include <linux/jhash.h>
#include <linux/ktime.h>
#include <linux/netlink.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <net/ip.h>

#include "cluster.h"
#include "flow_types.h"
#include "maglev.h"
#include "replay.h"
#include "sync.h"

/**
 * dft_cluster_alloc() - an empty description, to be filled and finished
 * @nnodes: how many nodes it will have, 1 to ZGC_CLUSTER_NODES_MAX
 * @nchains: how many chains, 1 to ZGC_CLUSTER_CHAINS_MAX
 *
 * Context: process, may sleep.
 * Return: the description, zeroed, or NULL.
 */
struct dft_cluster *dft_cluster_alloc(u32 nnodes, u32 nchains)
{
	struct dft_cluster *c;
	size_t size;
	u32 i;

	/*
	 * The arrays follow each other in @mem without padding, the most
	 * aligned first: @mem is aligned for a u64, what every array needs.
	 */
	BUILD_BUG_ON(__alignof__(struct dft_member) > __alignof__(u64) ||
		     __alignof__(struct dft_sync_rx) > __alignof__(struct dft_member) ||
		     sizeof(struct dft_member) % __alignof__(struct dft_sync_rx) ||
		     __alignof__(struct dft_replay) > __alignof__(struct dft_sync_rx) ||
		     sizeof(struct dft_sync_rx) % __alignof__(struct dft_replay) ||
		     __alignof__(struct dft_node) > __alignof__(struct dft_replay) ||
		     __alignof__(struct dft_chain) > __alignof__(struct dft_node) ||
		     sizeof(struct dft_replay) % __alignof__(struct dft_node) ||
		     sizeof(struct dft_node) % __alignof__(struct dft_chain));
	size = struct_size(c, mem, 0);
	size = size_add(size, array_size(nnodes, sizeof(struct dft_member)));
	size = size_add(size, array_size(nchains, sizeof(struct dft_sync_rx)));
	size = size_add(size, array_size(nnodes, sizeof(struct dft_replay)));
	size = size_add(size, array_size(nnodes, sizeof(struct dft_node)));
	size = size_add(size, array_size(nchains, sizeof(struct dft_chain)));
	c = kvzalloc(size, GFP_KERNEL_ACCOUNT);
	if (!c)
		return NULL;
	c->nnodes = nnodes;
	c->nchains = nchains;
	c->swim.members = (struct dft_member *)c->mem;
	c->swim.sync = (struct dft_sync_rx *)(c->swim.members + nnodes);
	c->replay = (struct dft_replay *)(c->swim.sync + nchains);
	c->nodes = (struct dft_node *)(c->replay + nnodes);
	c->chains = (struct dft_chain *)(c->nodes + nnodes);
	for (i = 0; i < nnodes; i++)
		dft_replay_init(&c->replay[i]);
	atomic64_set(&c->seq, ktime_get_real_ns());
	c->probe_ms = DFT_PROBE_MS_DEFAULT;
	c->suspect_ms = DFT_SUSPECT_MS_DEFAULT;
	dft_member_init(c);
	return c;
}

/* Frees a description once no reader sees it, its keys wiped first. */
static void dft_cluster_free_rcu(struct rcu_head *rcu)
{
	struct dft_cluster *c = container_of(rcu, struct dft_cluster, rcu);

	if (c->prev) {
		memzero_explicit(&c->prev->key, sizeof(c->prev->key));
		memzero_explicit(&c->prev->map_key,
				 sizeof(c->prev->map_key));
		kvfree(c->prev);
	}
	memzero_explicit(&c->now.key, sizeof(c->now.key));
	memzero_explicit(&c->now.map_key, sizeof(c->now.map_key));
	memzero_explicit(&c->key, sizeof(c->key));
	kvfree(c);
}

/**
 * dft_cluster_free() - free a description no reader can see any more,
 *	or will after an RCU grace period
 * @c: the description, unpublished; may be NULL
 *
 * Its keys are wiped before the memory goes back (the module's exit
 * waits for the RCU callbacks, zgc_flow_cache_uninit()).
 *
 * Context: process, may sleep (its membership timer is stopped).
 */
void dft_cluster_free(struct dft_cluster *c)
{
	if (!c)
		return;
	dft_member_stop(c);
	dft_maglev_free(c->map);
	if (c->prev)
		dft_maglev_free(c->prev->map);
	call_rcu(&c->rcu, dft_cluster_free_rcu);
}

/**
 * dft_cluster_node() - a node of the cluster by id
 * @c: the description
 * @id: the node's id
 *
 * Return: the node, or NULL.
 */
const struct dft_node *dft_cluster_node(const struct dft_cluster *c, u32 id)
{
	u32 i;

	for (i = 0; i < c->nnodes; i++)
		if (c->nodes[i].id == id)
			return &c->nodes[i];
	return NULL;
}

/**
 * dft_cluster_node_at() - a node of the cluster by address
 * @c: the description
 * @addr: its cluster-network address
 *
 * Return: the node, or NULL.
 */
const struct dft_node *dft_cluster_node_at(const struct dft_cluster *c,
					   __be32 addr)
{
	u32 i;

	for (i = 0; i < c->nnodes; i++)
		if (c->nodes[i].addr == addr)
			return &c->nodes[i];
	return NULL;
}

/*
 * A flow's key as it is hashed to its chain: the wire's bytes, in
 * network byte order, the same on every node whatever its own.
 */
struct dft_flow_bytes {
	__be32 vni;
	struct in6_addr saddr;
	struct in6_addr daddr;
	__be16 sport;
	__be16 dport;
	u8 proto;
	u8 frag;
	__be16 salt;
} __packed;

/*
 * The hash of flow @k under the epoch's map key (dft_cluster_map_key()),
 * @salt making other hashes of it.
 */
static u32 dft_flow_hash(const struct dft_epoch *e,
			 const struct zgc_flow_key *k, u16 salt)
{
	struct dft_flow_bytes b = {
		.vni = htonl(k->vni),
		.saddr = k->saddr,
		.daddr = k->daddr,
		.sport = k->sport,
		.dport = k->dport,
		.proto = k->proto,
		.frag = k->frag,
		.salt = htons(salt),
	};

	return (u32)siphash(&b, sizeof(b), &e->map_key);
}

/*
 * The key under which an epoch hashes flows to chains: drawn from the
 * cluster's key, so that a tenant, who knows neither, cannot choose its
 * flows' chains (and aim them all at one); of the cluster's id in a
 * cluster without a key, where anyone may compute it.
 */
static void dft_cluster_map_key(const struct dft_cluster *c,
				siphash_key_t *out)
{
	if (!c->auth) {
		out->key[0] = c->id;
		out->key[1] = 0;
		return;
	}
	out->key[0] = siphash_1u64(0x7a67632d6d617030ULL, &c->key);
	out->key[1] = siphash_1u64(0x7a67632d6d617031ULL, &c->key);
}

/* How many other chains a flow of a chain that is down may try. */
#define DFT_FALLBACK_TRIES 16

/*
 * The chain a flow of a chain whose every node is believed dead goes to
 * instead: one of the chains with a node alive, picked by another hash
 * of the flow (the same on every node that believes the same nodes
 * dead); the flows of the other chains stay where they are. NULL when
 * every chain is down.
 */
static const struct dft_chain *
dft_cluster_flow_fallback(const struct dft_cluster *c,
			  const struct dft_epoch *e,
			  const struct zgc_flow_key *key)
{
	const struct dft_chain *ch;
	u32 k, i, hash;

	for (k = 1; k <= DFT_FALLBACK_TRIES; k++) {
		hash = dft_flow_hash(e, key, k);
		ch = &e->chains[hash % e->nchains];
		if (dft_chain_live_head(c, ch) >= 0)
			return ch;
	}
	/* Few chains alive: the first one after the last try. */
	for (i = 1; i <= e->nchains; i++) {
		ch = &e->chains[(hash + i) % e->nchains];
		if (dft_chain_live_head(c, ch) >= 0)
			return ch;
	}
	return NULL;
}

/**
 * dft_epoch_flow_chain() - the chain a flow maps to in an epoch
 * @c: the description
 * @e: the epoch: &@c->now, or @c->prev
 * @key: the flow's key
 *
 * The chain the table gives for the flow's keyed hash, unless this node
 * believes all its nodes dead: then another chain
 * (dft_cluster_flow_fallback()). The same on every node given the same
 * key, chains and table size and the same beliefs.
 *
 * Return: the chain; the table's when every chain is down.
 */
const struct dft_chain *dft_epoch_flow_chain(const struct dft_cluster *c,
					     const struct dft_epoch *e,
					     const struct zgc_flow_key *key)
{
	const struct dft_chain *ch, *other;

	ch = &e->chains[dft_maglev_lookup(e->map, dft_flow_hash(e, key, 0))];
	if (likely(dft_chain_live_head(c, ch) >= 0))
		return ch;
	other = dft_cluster_flow_fallback(c, e, key);
	return other ?: ch;
}

/**
 * dft_cluster_epoch() - an epoch whose messages this node takes
 * @c: the description
 * @epoch: the message's epoch
 *
 * Return: @c's own, or the one it replaced while it keeps it, or NULL.
 */
const struct dft_epoch *dft_cluster_epoch(const struct dft_cluster *c,
					  u64 epoch)
{
	if (epoch == c->epoch)
		return &c->now;
	if (c->prev && epoch == c->prev->epoch)
		return c->prev;
	return NULL;
}

/**
 * dft_cluster_txn_epoch() - the epoch of the transactions this node starts
 * @c: the description
 *
 * The previous one until every node this node does not believe dead has
 * been heard on this one (dft_member_rolled()): the nodes still on the
 * previous epoch know only its chains, and the nodes on this one keep
 * them too. Every node switches once it has heard the last one move.
 *
 * Return: the epoch.
 */
const struct dft_epoch *dft_cluster_txn_epoch(const struct dft_cluster *c)
{
	if (c->prev && !READ_ONCE(c->swim.rolled))
		return c->prev;
	return &c->now;
}

/**
 * dft_cluster_keep_prev() - keep the epoch of the description a new one
 *	replaces, for the nodes not yet on the new one
 * @c: the new description, finished, not yet published
 * @old: the device's description, of an older epoch
 *
 * Its chains are kept with their nodes found in @c's (DFT_NODE_GONE for
 * those @c no longer lists), and its table; its messages are checked
 * with @c's key. What @old kept itself is
 * let go: a roll begins before the one before it ends only when that
 * one's nodes are all dead or moved on.
 *
 * Context: process, may sleep.
 * Return: 0 or -ENOMEM.
 */
int dft_cluster_keep_prev(struct dft_cluster *c,
			  const struct dft_cluster *old)
{
	const struct dft_node *n;
	struct dft_epoch *e;
	struct dft_chain *ch;
	u32 k, j;

	e = kvzalloc(size_add(sizeof(*e), array_size(old->nchains,
						     sizeof(*ch))),
		     GFP_KERNEL_ACCOUNT);
	if (!e)
		return -ENOMEM;
	e->map = dft_maglev_dup(old->map, GFP_KERNEL_ACCOUNT);
	if (!e->map) {
		kvfree(e);
		return -ENOMEM;
	}
	e->epoch = old->epoch;
	/*
	 * Authenticated as this description says: a key it brings is not
	 * to be bypassed by writing the previous epoch (a roll that changes
	 * the key has its two epochs unable to hear each other meanwhile).
	 */
	e->auth = c->auth;
	e->key = c->key;
	/* Its flows go where they went. */
	e->map_key = old->now.map_key;
	e->nchains = old->nchains;
	e->chains = (struct dft_chain *)(e + 1);
	memcpy(e->chains, old->chains, old->nchains * sizeof(*ch));
	for (k = 0; k < e->nchains; k++) {
		ch = &e->chains[k];
		for (j = 0; j < ch->n; j++) {
			n = dft_cluster_node(c, ch->nodes[j]);
			ch->index[j] = n ? n - c->nodes : DFT_NODE_GONE;
		}
	}
	c->prev = e;
	c->swim.rolled = false;
	return 0;
}

/**
 * dft_chain_position() - where a node is in a chain
 * @ch: the chain
 * @node: the node's id
 *
 * Return: 0 for the head, ch->n - 1 for the tail, -1 when not in it.
 */
int dft_chain_position(const struct dft_chain *ch, u32 node)
{
	u32 i;

	for (i = 0; i < ch->n; i++)
		if (ch->nodes[i] == node)
			return i;
	return -1;
}

static int dft_cluster_check_nodes(struct dft_cluster *c,
				   struct netlink_ext_ack *extack)
{
	const struct dft_node *n, *self;
	u32 i, j;

	for (i = 0; i < c->nnodes; i++) {
		n = &c->nodes[i];
		if (!n->id || !n->roles ||
		    (n->roles & ~(ZGC_ROLE_FWD | ZGC_ROLE_FTN))) {
			NL_SET_ERR_MSG(extack,
				       "a node needs an id other than 0 and roles (FWD, FTN or both)");
			return -EINVAL;
		}
		if (ipv4_is_zeronet(n->addr) || ipv4_is_multicast(n->addr) ||
		    ipv4_is_lbcast(n->addr)) {
			NL_SET_ERR_MSG(extack,
				       "a node's cluster address must be unicast");
			return -EINVAL;
		}
		for (j = 0; j < i; j++) {
			if (c->nodes[j].id == n->id) {
				NL_SET_ERR_MSG(extack, "two nodes have the same id");
				return -EINVAL;
			}
			if (c->nodes[j].addr == n->addr) {
				NL_SET_ERR_MSG(extack,
					       "two nodes have the same address");
				return -EINVAL;
			}
		}
	}
	self = dft_cluster_node(c, c->self);
	if (!self) {
		NL_SET_ERR_MSG(extack, "ZGC_CLUSTER_A_SELF is not a listed node");
		return -EINVAL;
	}
	c->roles = self->roles;
	c->self_index = self - c->nodes;
	c->self_addr = self->addr;
	return 0;
}

static int dft_cluster_check_chains(struct dft_cluster *c,
				    struct netlink_ext_ack *extack)
{
	struct dft_chain *ch;
	const struct dft_node *n;
	u32 i, j, k;

	for (i = 0; i < c->nchains; i++) {
		ch = &c->chains[i];
		for (j = 0; j < i; j++) {
			if (c->chains[j].id == ch->id) {
				NL_SET_ERR_MSG(extack, "two chains have the same id");
				return -EINVAL;
			}
		}
		if (ch->n < 2) {
			NL_SET_ERR_MSG(extack, "a chain needs at least 2 nodes");
			return -EINVAL;
		}
		for (j = 0; j < ch->n; j++) {
			n = dft_cluster_node(c, ch->nodes[j]);
			if (!n) {
				NL_SET_ERR_MSG(extack, "a chain lists an unknown node");
				return -EINVAL;
			}
			ch->index[j] = n - c->nodes;
			if (!(n->roles & ZGC_ROLE_FTN)) {
				NL_SET_ERR_MSG(extack,
					       "a chain lists a node that is not an FTN");
				return -EINVAL;
			}
			for (k = 0; k < j; k++) {
				if (ch->nodes[k] == ch->nodes[j]) {
					NL_SET_ERR_MSG(extack,
						       "a chain lists a node twice");
					return -EINVAL;
				}
			}
		}
	}
	return 0;
}

/* The table, each chain's share of it, and its digest. */
static int dft_cluster_map(struct dft_cluster *c, u32 size,
			   struct netlink_ext_ack *extack)
{
	u32 *ids, i;

	ids = kvmalloc_array(c->nchains, sizeof(*ids), GFP_KERNEL);
	if (!ids)
		return -ENOMEM;
	for (i = 0; i < c->nchains; i++)
		ids[i] = c->chains[i].id;
	c->map = dft_maglev_build(ids, c->nchains, size, GFP_KERNEL_ACCOUNT);
	kvfree(ids);
	if (IS_ERR(c->map)) {
		int err = PTR_ERR(c->map);

		c->map = NULL;
		if (err == -EINVAL)
			NL_SET_ERR_MSG(extack,
				       "the table needs at least as many slots as there are chains");
		return err;
	}
	c->digest = 0;
	for (i = 0; i < size; i++) {
		c->chains[c->map->slot[i]].slots++;
		c->digest = jhash_1word(c->chains[c->map->slot[i]].id,
					c->digest);
	}
	return 0;
}

/**
 * dft_cluster_finish() - check a filled description and derive the rest
 * @c: the description: id, epoch, self, key, nodes and chains filled
 * @size: the table size
 * @extack: where to say what is wrong
 *
 * Checks that node ids and addresses are unique, that every node has
 * roles, that the chains have unique ids and 2 or more distinct FTNs
 * each, that the node @c->self is listed and that @size is a prime; sets
 * the device's roles, the table, each chain's slots and the digest.
 *
 * Context: process, may sleep.
 * Return: 0, -EINVAL or -ENOMEM.
 */
int dft_cluster_finish(struct dft_cluster *c, u32 size,
		       struct netlink_ext_ack *extack)
{
	u32 k;
	int err;

	if (!dft_maglev_size_valid(size)) {
		NL_SET_ERR_MSG(extack, "the table size must be a prime from 2 to 65521");
		return -EINVAL;
	}
	err = dft_cluster_check_nodes(c, extack) ?:
	      dft_cluster_check_chains(c, extack) ?:
	      dft_cluster_map(c, size, extack);
	if (err)
		return err;
	c->now.epoch = c->epoch;
	c->now.auth = c->auth;
	c->now.key = c->key;
	dft_cluster_map_key(c, &c->now.map_key);
	c->now.map = c->map;
	c->now.nchains = c->nchains;
	c->now.chains = c->chains;
	/* The chains this node syncs when it comes back. */
	for (k = 0; k < c->nchains; k++)
		if (dft_chain_position(&c->chains[k], c->self) >= 0)
			c->swim.sync[c->swim.nsync++].chain = k;
	return 0;
}

/**
 * dft_cluster_chain() - a chain of the cluster by id
 * @c: the description
 * @id: the chain's id
 *
 * Return: the chain, or NULL.
 */
const struct dft_chain *dft_cluster_chain(const struct dft_cluster *c, u32 id)
{
	u32 k;

	for (k = 0; k < c->nchains; k++)
		if (c->chains[k].id == id)
			return &c->chains[k];
	return NULL;
}

/**
 * dft_cluster_equal() - whether two finished descriptions say the same
 * @a: one
 * @b: the other
 *
 * Return: true when id, epoch, node, key, membership settings, nodes,
 * chains (in the same order) and table size are the same.
 */
bool dft_cluster_equal(const struct dft_cluster *a,
		       const struct dft_cluster *b)
{
	return a->id == b->id && a->epoch == b->epoch &&
	       a->self == b->self && a->auth == b->auth &&
	       a->probe_ms == b->probe_ms && a->suspect_ms == b->suspect_ms &&
	       !memcmp(&a->key, &b->key, sizeof(a->key)) &&
	       a->nnodes == b->nnodes && a->nchains == b->nchains &&
	       a->map->size == b->map->size &&
	       !memcmp(a->nodes, b->nodes, a->nnodes * sizeof(*a->nodes)) &&
	       !memcmp(a->chains, b->chains, a->nchains * sizeof(*a->chains));
}
