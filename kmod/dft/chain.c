// SPDX-License-Identifier: GPL-2.0
/*
 * What an FTN does with a cluster message: chain replication of a
 * flow's DFT entry (Documentation/wire-format.md has the packet walks).
 *
 * - LOOKUP, at the tail: a live entry is the answer (REPLY to the FWD
 *   that asked); without one the tail decides the flow's verdict from its
 *   endpoint table and ACL and sends the packet to the head to insert it
 *   (INSERT), or to replace an entry decided under an older configuration
 *   (UPDATE). It decides the reverse flow's verdict too, and the message
 *   first inserts that one (if absent) in the reverse flow's chain, with
 *   DFT_F_REVERSE, whose tail turns it to the head of the flow's own.
 * - INSERT, at the head: a live entry there wins over the verdict carried
 *   (two FWDs that miss one new flow at once end with one verdict); else
 *   the verdict is inserted with the next version. UPDATE: the verdict
 *   replaces the entry, with the next version. Either way the message
 *   goes on with what the head holds.
 * - INSERT or UPDATE, at the other replicas: the entry is taken unless
 *   the replica holds this version or a newer one already (a duplicate
 *   changes nothing); the message goes on to the next replica, and from
 *   the tail back to the FWD as the REPLY.
 * - REFRESH and DELETE come from a FWD to the head, with the verdict and
 *   version the FWD caches (a DELETE also from the tail, when a FIN or
 *   RST reached it in a LOOKUP). Every replica marks its entry used now,
 *   and closing for a DELETE (it goes ZGC_FLOW_CLOSE_TIMEOUT later);
 *   the head's entry is what goes on (a REFRESH through a head whose
 *   entry is closing goes on as a DELETE), a replica behind takes it as
 *   for an UPDATE, and puts back an entry that is gone (closing, for a
 *   DELETE: so that an older copy a state transfer brings later, read
 *   before the DELETE passed the tail, does not come back live). A head
 *   with no entry of its tenant's configuration as it is now (none, or
 *   one decided under an older one) does not take the FWD's verdict on
 *   trust: it decides it again, a version newer. The tail answers the
 *   FWD with a REPLY, which the FWD takes when it is newer. A FWD closes
 *   its cached entry only with a DELETE's REPLY: a DELETE lost on the
 *   way is sent again with the FIN or RST its sender retransmits.
 *
 * Every step is idempotent and nothing is buffered: a message lost on
 * the way loses one packet, and the flow's next packet retries from the
 * start, finding what the replicas hold by then.
 *
 * A chain is its nodes that this node does not believe dead (member.c),
 * in the order given: a dead head, middle or tail is left out, and the
 * rest of the chain goes on serving. The new tail is the dead one's
 * predecessor, which holds every entry the old tail answered with (an
 * entry reaches the tail only through every replica before it). What a
 * dead node had not passed on was never answered: the flow's next packet
 * retries, and the head's live entry, carried again down the chain,
 * reaches the replicas that missed it. A tail answers only while it
 * holds its lease (dft_member_lease_valid()), so a tail cut off from the
 * others stops before they make another node tail in its place. A node
 * that comes back syncs first (sync.c): it comes after the tail, takes
 * what passes, and answers only what it passes on last, as a REPLY.
 * Every message carries its sender's view of the chain (which of its
 * nodes are dead or syncing, dft_chain_view()), and a node that sees the chain
 * otherwise drops it (rx.c): a transaction goes along one view of its
 * chain only, never half along the old one and half along the new. What
 * is dropped while the membership settles is retried by the flow's next
 * packet.
 *
 * A message goes by the epoch its transaction began in (&dft_txn.e): in
 * a rolling apply, that of the description this node's replaced (rx.c).
 * An entry records the chain it was written for, and one of another
 * chain (its flow moved: a new description, or a chain that was down) is
 * this chain's to replace: a head keeps its verdict and version as this
 * chain's (the entry moves with its flow), the replicas after it take
 * what comes, and a tail does not answer with it. A FWD that misses a
 * moved flow asks its old chain's tail first (DFT_F_MIGRATE), which
 * hands its entry to the new chain's head (dft_chain_migrate()).
 *
 * Context: softirq, RCU read side. Entries are written under the flow
 * table's bucket locks (flow.c); two CPUs inserting one flow end with
 * one entry.
 */

#include <linux/err.h>
#include <linux/skbuff.h>
#include <net/ipv6.h>

#include "cluster.h"
#include "device.h"
#include "dft.h"
#include "send.h"
#include "stats.h"
#include "tenant.h"
#include "txn.h"

/* Whether an entry still stands for its flow on this node. */
static bool dft_entry_live(const struct dft_txn *x, const struct zgc_flow *f)
{
	return f && f->gen == READ_ONCE(x->t->gen) && !READ_ONCE(f->closing);
}

/*
 * Whether @f is a live entry of this message's chain. An entry of
 * another chain is that chain's: its flow moved (a new description, or
 * a chain that was down), and this chain's messages replace it.
 */
static bool dft_entry_here(const struct dft_txn *x, const struct zgc_flow *f)
{
	return dft_entry_live(x, f) && f->chain == x->ch->id;
}

/*
 * Whether live entry @f holds a verdict decided under an older version of
 * its tenant's configuration than this node's (ZGC_TENANT_A_CONFIG_VERSION:
 * the operator's, the same on every node once a change has reached it):
 * in a rolling change of the configuration, a tail does not answer it
 * and a head does not refresh it, but each decides it again, so that a
 * busy flow does not keep an old verdict (a deny that never applies, an
 * endpoint moved that keeps receiving).
 */
static bool dft_entry_older(const struct dft_txn *x, const struct zgc_flow *f)
{
	return f->v.config < READ_ONCE(x->t->config_version) &&
	       !READ_ONCE(f->closing);
}

/*
 * Whether @f already moved from this message's chain to its flow's chain
 * of this node's own epoch, while the message goes by the previous one:
 * it leaves @f alone (a late transaction of the old epoch does not move
 * an entry back to the chain its flow left).
 */
static bool dft_entry_current(const struct dft_txn *x,
			      const struct zgc_flow *f)
{
	return f && x->e != &x->c->now && f->chain != x->ch->id &&
	       f->chain == dft_epoch_flow_chain(x->c, &x->c->now, x->key)->id;
}

/*
 * Whether @f is an entry of this message's chain that this node held
 * before it began to sync the chain (sync.c): it yields to any version
 * the chain passes. (Unsynced, but of another chain, it is that chain's
 * to replace: a flow of a chain whose nodes were all believed dead went
 * to another chain meanwhile.)
 */
static bool dft_entry_unsynced(const struct dft_txn *x,
			       const struct zgc_flow *f)
{
	return READ_ONCE(f->unsynced) && f->chain == x->ch->id;
}

/* Sends the message on to the node with id @id. */
static enum zgc_stats_attr dft_chain_send(struct dft_txn *x, u32 id)
{
	const struct dft_node *to = dft_cluster_node(x->c, id);

	if (!to)
		return ZGC_STATS_DFT_RX_MISDIRECTED;
	dft_send(x->zd, x->sk, x->skb, x->inner, x->c, x->e, &x->m, to,
		 &x->p.key);
	return 0;
}

/* The message's entry becomes this node's (a new one, or @f replaced). */
static struct zgc_flow *dft_chain_store(struct dft_txn *x,
					struct zgc_flow *f, u32 version)
{
	struct zgc_flow tmpl = {
		.key = *x->key,
		.v = x->m.v[x->vi],
		.gen = READ_ONCE(x->t->gen),
		.chain = x->ch->id,
		.version = version,
	};
	struct zgc_flow *n;

	n = zgc_flow_insert(&x->zd->dft, x->t, &tmpl, f);
	if (!IS_ERR(n) && n->version == version && !f)
		zgc_stats_count(x->zd, ZGC_STATS_DFT_INSERT);
	return n;
}

/*
 * Sends the INSERT or UPDATE the tail of @key's chain decided to the
 * head of @key's chain: the frame's flow (@reverse 0), or its reverse
 * (DFT_F_REVERSE) with the second verdict.
 */
static enum zgc_stats_attr dft_chain_enter(struct dft_txn *x,
					   const struct zgc_flow_key *key,
					   u8 reverse)
{
	const struct dft_chain *ch = dft_epoch_flow_chain(x->c, x->e, key);
	int head = dft_chain_live_head(x->c, ch);

	x->m.flags = (x->m.flags & ~DFT_F_REVERSE) | reverse;
	x->m.nverdicts = reverse ? 2 : 1;
	x->m.version = 0;
	x->m.chain = ch->id;
	x->m.view = dft_chain_view(x->c, ch);
	if (head < 0)
		return ZGC_STATS_DFT_CHAIN_DOWN;
	return dft_chain_send(x, ch->nodes[head]);
}

/* The tail answers the FWD @fwd: the packet goes back with the verdict. */
static enum zgc_stats_attr dft_chain_reply(struct dft_txn *x,
					   const struct dft_node *fwd)
{
	if (!fwd || !(fwd->roles & ZGC_ROLE_FWD))
		return ZGC_STATS_DFT_RX_MISDIRECTED;
	if (!dft_member_lease_valid(x->c))
		return ZGC_STATS_DFT_NO_LEASE;
	x->m.op = DFT_OP_REPLY;
	dft_send(x->zd, x->sk, x->skb, x->inner, x->c, x->e, &x->m, fwd,
		 &x->p.key);
	return 0;
}

/*
 * Sends the message on to the next replica. From the tail: after the
 * reverse flow's entry, to the head of the frame's flow's chain for its
 * own; after that, back to the FWD as the REPLY.
 */
static enum zgc_stats_attr dft_chain_next(struct dft_txn *x)
{
	int next = dft_chain_live_next(x->c, x->ch, x->pos);

	if (next >= 0)
		return dft_chain_send(x, x->ch->nodes[next]);
	if (x->m.flags & DFT_F_REVERSE)
		return dft_chain_enter(x, &x->p.key, 0);
	return dft_chain_reply(x, dft_cluster_node_at(x->c, x->m.fwd));
}

/* The message carries @f: its verdict and version. */
static void dft_chain_carry(struct dft_txn *x, const struct zgc_flow *f)
{
	x->m.v[x->vi] = f->v;
	x->m.nverdicts = max_t(u8, x->m.nverdicts, x->vi + 1);
	x->m.version = f->version;
}

/*
 * Whether the message comes from the tail of its flow's old chain (the
 * chain of the description this one replaced): so this node sees it
 * when it keeps that epoch. A node new in this epoch knows no other, and
 * takes it from any FTN of the cluster.
 */
static bool dft_chain_from_old_tail(const struct dft_txn *x)
{
	const struct dft_epoch *prev = x->c->prev;
	const struct dft_chain *old;
	const struct dft_node *n;
	int tail;

	if (x->e != &x->c->now)
		return false;
	if (!prev) {
		n = dft_cluster_node(x->c, x->m.sender);
		return n && (n->roles & ZGC_ROLE_FTN);
	}
	old = dft_epoch_flow_chain(x->c, prev, x->key);
	tail = dft_chain_live_tail(x->c, old);
	return tail >= 0 && old->nodes[tail] == x->m.sender;
}

/*
 * The tail of a flow's old chain, asked by a FWD for a flow a new
 * description moved (DFT_F_MIGRATE, in the previous epoch): its live
 * entry goes to the new chain's head as an INSERT with its verdict and
 * version; without one, the LOOKUP goes on to the new chain's tail.
 * Either way the new chain answers the FWD.
 */
static enum zgc_stats_attr dft_chain_migrate(struct dft_txn *x,
					     const struct dft_node *fwd)
{
	const struct dft_chain *old = x->ch;
	struct zgc_flow *f;
	int to;

	if (x->pos != x->tail || !fwd || fwd->id != x->m.sender ||
	    !(fwd->roles & ZGC_ROLE_FWD))
		return ZGC_STATS_DFT_RX_MISDIRECTED;
	if (!dft_member_lease_valid(x->c))
		return ZGC_STATS_DFT_NO_LEASE;
	f = zgc_flow_lookup(&x->zd->dft, x->key);
	x->e = &x->c->now;
	x->ch = dft_epoch_flow_chain(x->c, x->e, x->key);
	x->m.chain = x->ch->id;
	x->m.view = dft_chain_view(x->c, x->ch);
	if (dft_entry_live(x, f) && f->chain == old->id) {
		dft_chain_carry(x, f);
		x->m.op = DFT_OP_INSERT;
		x->m.nverdicts = 1;
		zgc_stats_count(x->zd, ZGC_STATS_DFT_MIGRATED);
		to = dft_chain_live_head(x->c, x->ch);
	} else {
		to = dft_chain_live_tail(x->c, x->ch);
	}
	if (to < 0)
		return ZGC_STATS_DFT_CHAIN_DOWN;
	return dft_chain_send(x, x->ch->nodes[to]);
}

/**
 * dft_chain_orphan() - a moved flow's LOOKUP to its old chain's tail, of
 *	an epoch this node no longer keeps
 * @x: the message, checked by dft_rx() as of this node's own epoch
 *
 * The FWD took this node for its flow's old chain's tail; it holds no
 * entry of that epoch it could vouch for, so the LOOKUP goes on to the
 * flow's chain's tail, as when the old tail has no entry.
 *
 * Return: 0 when the packet was sent on, else why to drop it.
 */
enum zgc_stats_attr dft_chain_orphan(struct dft_txn *x)
{
	const struct dft_node *fwd = dft_cluster_node_at(x->c, x->m.fwd);
	int to;

	if (!(x->c->roles & ZGC_ROLE_FTN) || !fwd ||
	    fwd->id != x->m.sender || !(fwd->roles & ZGC_ROLE_FWD))
		return ZGC_STATS_DFT_RX_MISDIRECTED;
	to = dft_chain_live_tail(x->c, x->ch);
	if (to < 0)
		return ZGC_STATS_DFT_CHAIN_DOWN;
	x->m.chain = x->ch->id;
	x->m.view = dft_chain_view(x->c, x->ch);
	return dft_chain_send(x, x->ch->nodes[to]);
}

/*
 * The flow's verdict was just decided, in @x->m.v[0]: the message goes to
 * have it written, with the reverse flow's entry first, decided now under
 * the same configuration, in its own chain (for a service flow, the
 * replies from the backend chosen: zgc_fwd_decide_reverse()); that
 * chain's tail turns the message to this flow's chain's head. Without a
 * reverse verdict (its destination, this packet's source, is no
 * endpoint), the flow's entry alone.
 */
static enum zgc_stats_attr dft_chain_decided(struct dft_txn *x)
{
	x->m.nverdicts = 1;
	x->m.version = 0;
	if (!zgc_fwd_decide_reverse(x->zd, x->t, &x->p.key, &x->m.v[0],
				    &x->rkey, &x->m.v[1]))
		return dft_chain_enter(x, &x->rkey, DFT_F_REVERSE);
	return dft_chain_send(x, x->ch->nodes[x->head]);
}

/* The tail, asked by a FWD (or, for a moved flow, by the old tail). */
static enum zgc_stats_attr dft_chain_lookup(struct dft_txn *x)
{
	const struct dft_node *fwd = dft_cluster_node_at(x->c, x->m.fwd);
	enum zgc_stats_attr why;
	struct zgc_flow *f;

	if (x->m.flags & DFT_F_MIGRATE) {
		if (x->e == x->c->prev)
			return dft_chain_migrate(x, fwd);
		/* From the old tail, which had no entry. */
		if (!dft_chain_from_old_tail(x))
			return ZGC_STATS_DFT_RX_MISDIRECTED;
		x->m.flags &= ~DFT_F_MIGRATE;
	} else if (!fwd || fwd->id != x->m.sender) {
		return ZGC_STATS_DFT_RX_MISDIRECTED;
	}
	if (x->pos != x->tail || !fwd || !(fwd->roles & ZGC_ROLE_FWD))
		return ZGC_STATS_DFT_RX_MISDIRECTED;
	if (!dft_member_lease_valid(x->c))
		return ZGC_STATS_DFT_NO_LEASE;
	f = zgc_flow_lookup(&x->zd->dft, x->key);
	if (dft_entry_here(x, f) && !dft_entry_older(x, f)) {
		dft_chain_carry(x, f);
		if (x->p.closing && !READ_ONCE(f->closing)) {
			/*
			 * A FIN or RST through a FWD that did not cache the
			 * flow: it closes the entries on its way.
			 */
			x->m.op = DFT_OP_DELETE;
			zgc_stats_count(x->zd, ZGC_STATS_DFT_DELETE);
			return dft_chain_send(x, x->ch->nodes[x->head]);
		}
		return dft_chain_reply(x, fwd);
	}
	/* Decided again (a service flow keeps its backend), or anew. */
	why = zgc_fwd_decide(x->zd, x->t, &x->p.key, &x->m.v[0],
			     f ? &f->v : NULL);
	if (why)
		return why;
	/* An entry of another chain: the head's, if any, wins. */
	x->m.op = f && f->chain == x->ch->id ? DFT_OP_UPDATE : DFT_OP_INSERT;
	return dft_chain_decided(x);
}

/* The head: its live entry wins an insert; it numbers the versions. */
static enum zgc_stats_attr dft_chain_head(struct dft_txn *x)
{
	struct zgc_flow *f, *n;

	f = zgc_flow_lookup(&x->zd->dft, x->key);
	/* The reverse flow's entry is inserted if absent, whatever the op. */
	if ((x->m.op == DFT_OP_INSERT || x->vi) && dft_entry_here(x, f)) {
		/* Another FWD's miss (or a duplicate) came first. */
		zgc_stats_count(x->zd, ZGC_STATS_DFT_INSERT_RACED);
		n = f;
	} else if ((x->m.op == DFT_OP_INSERT || x->vi) &&
		   dft_entry_live(x, f) && dft_entry_current(x, f)) {
		/* Moved on from this chain already: it stays as it is. */
		n = f;
	} else if ((x->m.op == DFT_OP_INSERT || x->vi) &&
		   dft_entry_live(x, f)) {
		/* Its flow moved here from another chain: it comes along. */
		dft_chain_carry(x, f);
		n = dft_chain_store(x, f, f->version);
		if (IS_ERR(n))
			return zgc_fwd_insert_error(n);
	} else if (f && f->version == U32_MAX) {
		/* The last version a flow may have: it stays. */
		n = f;
	} else if (x->m.flags & DFT_F_MIGRATE) {
		/* From the old chain's tail: as it was there. */
		n = dft_chain_store(x, f, x->m.version);
		if (IS_ERR(n))
			return zgc_fwd_insert_error(n);
	} else {
		n = dft_chain_store(x, f, f ? f->version + 1 : 1);
		if (IS_ERR(n))
			return zgc_fwd_insert_error(n);
	}
	/* What the head holds goes on, whoever won. */
	dft_chain_carry(x, n);
	return dft_chain_next(x);
}

/* A replica after the head. */
static enum zgc_stats_attr dft_chain_replica(struct dft_txn *x)
{
	struct zgc_flow *f, *n;

	f = zgc_flow_lookup(&x->zd->dft, x->key);
	if (!dft_entry_current(x, f) &&
	    (!f || f->version < x->m.version || dft_entry_unsynced(x, f) ||
	     f->gen != READ_ONCE(x->t->gen) || f->chain != x->ch->id)) {
		n = dft_chain_store(x, f, x->m.version);
		if (IS_ERR(n))
			return zgc_fwd_insert_error(n);
	}
	/* From the tail: the entry is on every replica. */
	return dft_chain_next(x);
}

/*
 * A REFRESH at the head, which holds no entry of its configuration as it
 * is now (none, one decided before its configuration last changed here,
 * or one decided under an older version, dft_entry_older()): the verdict
 * the FWD carries is not taken on trust, but decided again here (the
 * head's ACL and endpoints may have changed since), a version newer, for
 * the replicas and, in the REPLY, the FWD to take it.
 */
static enum zgc_stats_attr dft_chain_redecide(struct dft_txn *x,
					      struct zgc_flow *f)
{
	struct zgc_flow_verdict was = f ? f->v : x->m.v[x->vi];
	u32 version = max(f ? f->version : 0, x->m.version) + 1;
	struct zgc_flow_verdict *v = &x->m.v[x->vi];
	enum zgc_stats_attr why;

	why = zgc_fwd_decide(x->zd, x->t, x->key, v, &was);
	if (why)
		return why;
	/*
	 * A service flow given another backend (its own is down or gone):
	 * the replies of the new one need their entry too, written before
	 * this one as a tail's decision is (the message becomes an UPDATE,
	 * which comes back to this head from the reverse flow's chain).
	 */
	if ((v->flags & ZGC_FLOW_F_DNAT) && !x->vi &&
	    (!(was.flags & ZGC_FLOW_F_DNAT) || was.nat_port != v->nat_port ||
	     !ipv6_addr_equal(&was.nat, &v->nat)) &&
	    !zgc_fwd_decide_reverse(x->zd, x->t, &x->p.key, v, &x->rkey,
				    &x->m.v[1])) {
		x->m.op = DFT_OP_UPDATE;
		x->m.version = 0;
		return dft_chain_enter(x, &x->rkey, DFT_F_REVERSE);
	}
	f = dft_chain_store(x, f, version);
	if (IS_ERR(f))
		return zgc_fwd_insert_error(f);
	dft_chain_carry(x, f);
	zgc_flow_touch(f, false);
	return dft_chain_next(x);
}

/* REFRESH or DELETE, at any replica. */
static enum zgc_stats_attr dft_chain_touch(struct dft_txn *x)
{
	bool closing = x->m.op == DFT_OP_DELETE;
	struct zgc_flow *f;

	f = zgc_flow_lookup(&x->zd->dft, x->key);
	if (dft_entry_current(x, f)) {
		/*
		 * Moved on from this chain already: it stays as it is, neither
		 * used nor closed. This late REFRESH or DELETE of the old
		 * epoch (from a FWD still rolling) passes only the nodes of
		 * both chains, and the new chain's replicas are to hold one
		 * entry: a connection closed so keeps its entry there until
		 * the flow timeout.
		 */
		return dft_chain_next(x);
	}
	if (x->pos == x->head && !closing &&
	    (!f || f->gen != READ_ONCE(x->t->gen) || dft_entry_older(x, f)))
		return dft_chain_redecide(x, f);
	if (f && x->pos == x->head) {
		dft_chain_carry(x, f);
		/*
		 * Closing here: it closes on the replicas too (a DELETE that
		 * did not reach them, or an entry they put back).
		 */
		if (READ_ONCE(f->closing) && !closing) {
			closing = true;
			x->m.op = DFT_OP_DELETE;
		}
		/* Moved here from another chain: it is this one's now. */
		if (f->chain != x->ch->id) {
			f = dft_chain_store(x, f, f->version);
			if (IS_ERR(f))
				return zgc_fwd_insert_error(f);
		}
	} else if (!f || dft_entry_unsynced(x, f) || f->chain != x->ch->id ||
		   f->version < x->m.version) {
		f = dft_chain_store(x, f, x->m.version);
		if (IS_ERR(f))
			return zgc_fwd_insert_error(f);
	}
	if (f)
		zgc_flow_touch(f, closing);
	return dft_chain_next(x);
}

/*
 * Whether node @id is in @ch, not believed out of it (dead or drained),
 * with a rank on its path
 * (dft_chain_rank()) in [@from, @to).
 */
static bool dft_chain_has(const struct dft_txn *x, const struct dft_chain *ch,
			  u32 id, int from, int to)
{
	int i = dft_chain_position(ch, id), rank;

	if (i < 0 || dft_chain_node_out(x->c, ch, i))
		return false;
	rank = dft_chain_rank(x->c, ch, i);
	return rank >= from && rank < to;
}

/*
 * Whether a message reached this replica from where its operation comes.
 * A replica takes what a live node before it on the chain's path sends,
 * and the head what a live node after it (the tail) sends.
 */
static bool dft_chain_from(const struct dft_txn *x)
{
	const struct dft_chain *other;
	const struct zgc_flow_key *okey;
	const struct dft_node *fwd;

	int rank = dft_chain_rank(x->c, x->ch, x->pos);

	if (x->pos != x->head)
		return dft_chain_has(x, x->ch, x->m.sender, 0, rank);
	/* The head: an entry the flow's old chain's tail hands over... */
	if (x->m.flags & DFT_F_MIGRATE)
		return x->m.op == DFT_OP_INSERT && dft_chain_from_old_tail(x);
	/* ... INSERT, UPDATE or DELETE from the tail... */
	if (x->m.op != DFT_OP_REFRESH &&
	    dft_chain_has(x, x->ch, x->m.sender, rank + 1,
			  2 * ZGC_CHAIN_NODES_MAX))
		return true;
	/*
	 * ... an INSERT or UPDATE from the tail of the chain of the flow's
	 * other direction (the message goes through both chains) ...
	 */
	if (x->m.op == DFT_OP_INSERT || x->m.op == DFT_OP_UPDATE) {
		okey = x->key == &x->p.key ? &x->rkey : &x->p.key;
		other = dft_epoch_flow_chain(x->c, x->e, okey);
		return dft_chain_has(x, other, x->m.sender, 0,
				     2 * ZGC_CHAIN_NODES_MAX);
	}
	/* ... REFRESH or DELETE from the FWD the packet came through. */
	if (x->m.op != DFT_OP_REFRESH && x->m.op != DFT_OP_DELETE)
		return false;
	fwd = dft_cluster_node_at(x->c, x->m.fwd);
	return fwd && fwd->id == x->m.sender && (fwd->roles & ZGC_ROLE_FWD);
}

/**
 * dft_entry_moved() - whether a DFT entry's flow maps to another chain now
 * @zd: the device
 * @f: an entry of its DFT table
 *
 * Such an entry was left behind when its flow moved (a new description,
 * a chain down or back): it answers nothing, and it expires unless the
 * flow comes back.
 *
 * Context: RCU read side.
 */
bool dft_entry_moved(const struct zgc_dev *zd, const struct zgc_flow *f)
{
	const struct dft_cluster *c = rcu_dereference(zd->cluster);
	const struct dft_epoch *e;

	if (!c || !f->chain)
		return false;
	e = dft_cluster_txn_epoch(c);
	return dft_epoch_flow_chain(c, e, &f->key)->id !=
	       f->chain;
}

/**
 * dft_chain_rx() - a message for this node as an FTN
 * @x: the message, checked by dft_rx()
 *
 * Return: 0 when the packet was sent on, else why to drop it.
 */
enum zgc_stats_attr dft_chain_rx(struct dft_txn *x)
{
	if (!(x->c->roles & ZGC_ROLE_FTN) || x->pos < 0)
		return ZGC_STATS_DFT_RX_MISDIRECTED;
	/* This node is alive in its own eyes: both are found. */
	x->head = dft_chain_live_head(x->c, x->ch);
	x->tail = dft_chain_live_tail(x->c, x->ch);
	switch (x->m.op) {
	case DFT_OP_LOOKUP:
		return dft_chain_lookup(x);
	case DFT_OP_INSERT:
	case DFT_OP_UPDATE:
		if (x->m.nverdicts < 1)
			return ZGC_STATS_DFT_RX_MALFORMED;
		if (!dft_chain_from(x))
			return ZGC_STATS_DFT_RX_MISDIRECTED;
		return x->pos != x->head ? dft_chain_replica(x) :
					   dft_chain_head(x);
	case DFT_OP_REFRESH:
	case DFT_OP_DELETE:
		if (x->m.nverdicts < 1 || !x->m.version)
			return ZGC_STATS_DFT_RX_MALFORMED;
		if (!dft_chain_from(x))
			return ZGC_STATS_DFT_RX_MISDIRECTED;
		return dft_chain_touch(x);
	default:
		return ZGC_STATS_DFT_RX_MALFORMED;
	}
}
