// SPDX-License-Identifier: GPL-2.0
/*
 * Membership: which nodes of the cluster are alive, found in the data
 * plane by the nodes themselves, with no daemon: SWIM (Das, Gupta and
 * Motivala, DSN 2002) with the incarnation numbers and suspicion of its
 * section 4.2, as memberlist does.
 *
 * Every probe period (ZGC_CLUSTER_A_PROBE_MS) a node PINGs the next node
 * of a round-robin over the others. Without an ACK by the middle of the
 * period, it asks up to DFT_PROBE_HELPERS other live nodes to PING it for
 * it (PING_REQ; they pass the ACK back); without one by the end of the
 * period, it suspects the node, and pings it every half period while it
 * does, telling it so. A suspicion not refuted within
 * ZGC_CLUSTER_A_SUSPECT_MS turns to death. Beliefs spread as news
 * piggybacked on these messages, each carried by about 3 log2(n)
 * messages and at most DFT_NEWS_MAX of them per message, so that a
 * node's cost per period stays flat as the cluster grows. A node that
 * hears itself suspected or dead refutes it with a higher incarnation,
 * which overrides the older beliefs everywhere. Dead nodes are still
 * probed: one that comes back is told it is dead, refutes, and is alive
 * again.
 *
 * Beliefs about a node n, by precedence (i: the news' incarnation of n,
 * j: the one this node holds):
 *   alive(i) overrides any belief with j < i;
 *   suspect(i) overrides alive with j <= i, and suspect with j < i;
 *   dead(i) overrides alive and suspect with j <= i.
 * Any authenticated message from n says alive(its incarnation).
 *
 * The DFT's packets read the states (dft_chain_node_out()) to route around
 * dead nodes: a chain is its nodes that are not dead, in order (chain.c,
 * lookup.c). A tail answers FWDs only while it holds a lease: an ACK of
 * one of its own probes came within ZGC_CLUSTER_A_SUSPECT_MS less half a
 * probe period (dft_member_lease_valid()). The others declare a node
 * dead only when a suspicion raised after its last ACK to them has
 * lasted ZGC_CLUSTER_A_SUSPECT_MS, so a tail cut off from the cluster
 * (or only unheard by it) stops answering before another node is made
 * tail in its place. A failed probe makes its target suspect only once
 * another node is heard after it (dft_member_confirm()), and a node whose
 * own lease has lapsed declares nobody dead: its suspicions wait
 * (dft_member_expire()). A node cut off brings back no rumour of deaths.
 *
 * A node is drained for maintenance (dft_member_drain()) by spreading,
 * under a new incarnation, that it is alive and DRAINING: every node then
 * leaves it out of its chains as if it were dead, while it goes on
 * probing and answering probes. Chain replication needs no hand-over:
 * each live replica before it holds every update it had (a new tail every
 * update the old one acknowledged). It is refused when a chain of the
 * node would be left with no node that serves. Drained, the node neither
 * syncs nor answers; it returns by syncing its chains (it missed their
 * writes), as a restarted node does.
 *
 * Every change of a belief is told to the family's listeners
 * (zgc_nl_member_event(), ZGC_CMD_MEMBER_NTF), and a death or a return
 * is logged.
 *
 * Locking: &dft_swim.lock guards the beliefs and the protocol's state;
 * the packet path reads &dft_member.state and &dft_swim.heard without it.
 * Under it the events are sent (netlink's own locks nest inside).
 * Context: the timer and dft_member_rx() run in softirq, RCU read side;
 * dft_member_start() and dft_member_stop() under RTNL.
 */

#include <linux/etherdevice.h>
#include <linux/ip.h>
#include <linux/log2.h>
#include <linux/net.h>
#include <linux/random.h>
#include <linux/skbuff.h>
#include <linux/zgc.h>

#include "auth.h"
#include "cluster.h"
#include "device.h"
#include "member.h"
#include "msg.h"
#include "netlink.h"
#include "replay.h"
#include "send.h"
#include "stats.h"
#include "sync.h"
#include "tx.h"

/* How many nodes a failed direct probe asks to probe indirectly. */
#define DFT_PROBE_HELPERS	3
/* Suspects pinged directly every tick, besides the period's probe. */
#define DFT_SUSPECT_PINGS	2

/* Unbound PINGs a tick may send to learn nodes' boots (auth.c). */
#define DFT_CHALLENGES		2

/* A message to send once the lock is released. */
struct dft_member_out {
	struct sk_buff *skb;
	u32 to;
	u32 bound;
	u8 op;
};

/* How many messages carry a new belief: 3 log2(n), rounded up. */
static u8 dft_member_sends(const struct dft_cluster *c)
{
	return min_t(u32, 3 * (ilog2(c->nnodes) + 1), U8_MAX);
}

static unsigned long dft_member_half_period(const struct dft_cluster *c)
{
	return max_t(unsigned long, msecs_to_jiffies(c->probe_ms / 2), 1);
}

/* How many chains node @i is in. */
static unsigned int dft_member_chains(const struct dft_cluster *c, u32 i)
{
	unsigned int n = 0;
	u32 k;

	for (k = 0; k < c->nchains; k++)
		if (dft_chain_position(&c->chains[k], c->nodes[i].id) >= 0)
			n++;
	return n;
}

/*
 * Node @i died, was drained, came back or began or ended a sync: every
 * chain it is in now routes differently (dft_chain_live_*() read the
 * states), which is counted once per chain.
 */
static void dft_member_repaired(struct dft_cluster *c, u32 i)
{
	zgc_stats_add(c->swim.zd, ZGC_STATS_DFT_CHAIN_REPAIRED,
		      dft_member_chains(c, i));
}

/**
 * dft_member_shown() - a belief as netlink tells it
 * @m: the belief
 *
 * Return: enum zgc_node_state: ZGC_NODE_DRAINING for a live node that
 * is drained, ZGC_NODE_SYNCING for one that syncs.
 */
u8 dft_member_shown(const struct dft_member *m)
{
	if (m->state != ZGC_NODE_ALIVE)
		return m->state;
	if (m->flags & DFT_MEMBER_F_DRAINING)
		return ZGC_NODE_DRAINING;
	if (m->flags & DFT_MEMBER_F_SYNCING)
		return ZGC_NODE_SYNCING;
	return ZGC_NODE_ALIVE;
}

/* Whether a belief takes the node out of its chains: dead or drained. */
static bool dft_member_out(u8 state, u8 flags)
{
	return state == ZGC_NODE_DEAD || (flags & DFT_MEMBER_F_DRAINING);
}

/*
 * Node @i's belief becomes @state at @inc, with @flags (DFT_MEMBER_F_*).
 * Called with the lock held.
 */
static void dft_member_set(struct dft_cluster *c, u32 i, u8 state, u32 inc,
			   u8 flags)
{
	struct dft_member *m = &c->swim.members[i];
	const struct dft_node *n = &c->nodes[i];
	u8 was = m->state, was_flags = m->flags;
	u8 shown = dft_member_shown(m);

	m->incarnation = inc;
	m->sends = dft_member_sends(c);
	if (state == was && flags == was_flags)
		return;
	m->since = jiffies;
	if (state == ZGC_NODE_SUSPECT)
		m->suspect_until = jiffies + msecs_to_jiffies(c->suspect_ms);
	WRITE_ONCE(m->state, state);
	WRITE_ONCE(m->flags, flags);
	if (!c->swim.zd)
		return;
	zgc_nl_member_event(c->swim.zd, c, i, shown);
	if (state == ZGC_NODE_SUSPECT && was != ZGC_NODE_SUSPECT)
		zgc_stats_count(c->swim.zd, ZGC_STATS_DFT_SUSPECT);
	/*
	 * Its chains route differently: dead and drained nodes are left
	 * out, syncing ones moved after the tail.
	 */
	if (dft_member_out(state, flags) != dft_member_out(was, was_flags) ||
	    (flags ^ was_flags) & DFT_MEMBER_F_SYNCING)
		dft_member_repaired(c, i);
	if (state == was)
		return;
	if (state == ZGC_NODE_DEAD) {
		zgc_stats_count(c->swim.zd, ZGC_STATS_DFT_NODE_DEAD);
		if (net_ratelimit())
			netdev_info(c->swim.zd->dev,
				    "cluster %u: node %u (%pI4) is dead\n",
				    c->id, n->id, &n->addr);
	} else if (was == ZGC_NODE_DEAD && net_ratelimit()) {
		netdev_info(c->swim.zd->dev,
			    "cluster %u: node %u (%pI4) is alive again\n",
			    c->id, n->id, &n->addr);
	}
}

/*
 * What a message says of node @i (@state and @flags at @inc): applied by
 * precedence. Called with the lock held.
 */
static void dft_member_learn(struct dft_cluster *c, u32 i, u8 state, u32 inc,
			     u8 flags)
{
	struct dft_swim *s = &c->swim;
	struct dft_member *m = &s->members[i];
	u32 own = s->incarnation;
	bool begin, told;

	if (i == c->self_index) {
		/* Told to sync, at this incarnation (below)? */
		told = state == ZGC_NODE_ALIVE && inc == own &&
		       (flags & DFT_MEMBER_F_SYNCING) &&
		       !(m->flags & (DFT_MEMBER_F_SYNCING |
				     DFT_MEMBER_F_DRAINING)) && s->nsync;
		if (inc < own ||
		    (state == ZGC_NODE_ALIVE && inc == own && !told))
			return;
		/*
		 * A rumour of this node's suspicion or death, or an
		 * incarnation it never had (it restarted since): refuted.
		 * What it held before a restart is gone, and it missed
		 * what was written while the others believed it dead: it
		 * syncs. A node declares another dead only while it hears
		 * the others (dft_member_expire()), so the rumour does not
		 * come from one that was cut off from the rest, routed
		 * around everyone alone, and is back. A node that believed
		 * it dead and hears it alive again without syncing tells it
		 * to sync: it refuted a suspicion first (an old message can
		 * come late) and never heard of its death. A drained node is
		 * out of its chains anyway: it stays drained, and syncs when
		 * it returns (dft_member_drain()).
		 */
		s->incarnation = inc + 1;
		begin = (inc > own || state == ZGC_NODE_DEAD || told) &&
			s->nsync && !(m->flags & DFT_MEMBER_F_DRAINING);
		if (begin)
			dft_sync_begin(c);
		dft_member_set(c, i, ZGC_NODE_ALIVE, s->incarnation,
			       m->flags | (begin ? DFT_MEMBER_F_SYNCING : 0));
		if (s->zd)
			zgc_stats_count(s->zd, ZGC_STATS_DFT_REFUTED);
		return;
	}
	switch (state) {
	case ZGC_NODE_ALIVE:
		if (inc <= m->incarnation)
			break;
		/*
		 * Back from the dead without syncing: the chains went
		 * around it while this node believed it dead, so it missed
		 * writes. It syncs as far as this node is concerned, which
		 * tells it so (dft_member_news()) until it does.
		 */
		if (m->state == ZGC_NODE_DEAD &&
		    !(flags & (DFT_MEMBER_F_SYNCING | DFT_MEMBER_F_DRAINING)) &&
		    dft_member_chains(c, i))
			flags |= DFT_MEMBER_F_SYNCING;
		dft_member_set(c, i, state, inc, flags);
		break;
	case ZGC_NODE_SUSPECT:
		if ((m->state == ZGC_NODE_ALIVE && inc >= m->incarnation) ||
		    (m->state == ZGC_NODE_SUSPECT && inc > m->incarnation))
			dft_member_set(c, i, state, inc, flags);
		break;
	case ZGC_NODE_DEAD:
		if (m->state != ZGC_NODE_DEAD && inc >= m->incarnation)
			dft_member_set(c, i, state, inc, flags);
		break;
	}
}

/**
 * dft_member_sync_done() - this node has synced every chain it is in
 * @c: the description
 *
 * It takes its places with a new incarnation, which overrides the
 * belief that it syncs everywhere. Called with the lock held (sync.c).
 */
void dft_member_sync_done(struct dft_cluster *c)
{
	struct dft_swim *s = &c->swim;

	s->incarnation++;
	dft_member_set(c, c->self_index, ZGC_NODE_ALIVE, s->incarnation,
		       c->swim.members[c->self_index].flags &
		       ~DFT_MEMBER_F_SYNCING);
	if (s->zd && net_ratelimit())
		netdev_info(s->zd->dev,
			    "cluster %u: synced its %u chains, back in them\n",
			    c->id, s->nsync);
}

static void dft_member_news_put(struct dft_wire_news *w,
				const struct dft_cluster *c, u32 i)
{
	const struct dft_member *m = &c->swim.members[i];

	w->node = htonl(c->nodes[i].id);
	w->state = m->state;
	w->flags = m->flags;
	memset(w->reserved, 0, sizeof(w->reserved));
	w->incarnation = htonl(m->incarnation);
}

/*
 * The news of a message to node @to: first what this node believes of
 * @to when it is not alive or syncs (so that it can refute at once, or
 * learn that it is to sync), then the beliefs still to be spread, from a
 * place that moves on every message.
 */
static unsigned int dft_member_news(struct dft_cluster *c, u32 to,
				    struct dft_wire_news *w)
{
	struct dft_swim *s = &c->swim;
	unsigned int n = 0;
	u32 k, i;

	if (s->members[to].state != ZGC_NODE_ALIVE ||
	    (s->members[to].flags & DFT_MEMBER_F_SYNCING))
		dft_member_news_put(&w[n++], c, to);
	for (k = 0; k < c->nnodes && n < DFT_NEWS_MAX; k++) {
		i = (s->gossip + k) % c->nnodes;
		if (!s->members[i].sends || (i == to && n))
			continue;
		s->members[i].sends--;
		dft_member_news_put(&w[n++], c, i);
	}
	s->gossip = (s->gossip + 1) % c->nnodes;
	return n;
}

/* The flags of this node's probes. Called with the lock held. */
static u8 dft_member_probe_flags(const struct dft_cluster *c)
{
	return c->swim.members[c->self_index].flags |
	       (c->swim.rolled ? DFT_PROBE_F_ROLLED : 0);
}

/*
 * Builds a probe to node @to (index) under the lock; it is sent by
 * dft_member_send() after. @target, @origin: node ids; @bound: the boot
 * of @to it is bound to, 0 for none (an unbound PING).
 */
static void dft_member_build(struct dft_cluster *c, struct dft_member_out *o,
			     u8 op, u32 to, u32 target, u32 origin, u32 nonce,
			     u32 bound)
{
	static const u8 zero[ETH_ALEN];
	struct dft_wire_probe *p;
	unsigned int n;

	o->op = op;
	o->to = to;
	o->bound = bound;
	o->skb = zgc_tx_frame_alloc(zero, zero, htons(DFT_PROBE_ETHERTYPE),
				    DFT_PROBE_MAX_LEN);
	if (!o->skb)
		return;
	p = skb_put(o->skb, sizeof(*p));
	memset(p, 0, sizeof(*p));
	p->target = htonl(target);
	p->origin = htonl(origin);
	p->nonce = htonl(nonce);
	p->incarnation = htonl(c->swim.incarnation);
	p->flags = dft_member_probe_flags(c);
	/* An unbound PING tells nothing: its receiver learns nothing of it. */
	if (op == DFT_OP_PING && c->auth && !bound)
		return;
	n = dft_member_news(c, to, skb_put(o->skb, 0));
	skb_put(o->skb, n * sizeof(struct dft_wire_news));
	p->news = n;
}

/* Sends what dft_member_build() built. Context: softirq, RCU read side. */
static void dft_member_send(struct zgc_dev *zd, struct sock *sk,
			    struct dft_cluster *c, struct dft_member_out *o)
{
	struct dft_msg m = { .op = o->op, .hops = 1, .bound = o->bound };

	if (!o->skb)
		return;
	dft_send_msg(zd, sk, o->skb, 0, c, &c->now, &m, &c->nodes[o->to], 0);
}

/* The boot a probe to node @i is bound to: as this node knows it. */
static u32 dft_member_bound(const struct dft_cluster *c, u32 i)
{
	return dft_auth_bound_to(c, &c->nodes[i]);
}

/**
 * dft_member_challenge() - ask a node which boot it is at
 * @c: the description
 * @i: the node's index
 *
 * An authentic message from it was refused for its boot, or this node's
 * (auth.c): the next tick sends it an unbound PING, whose ACK teaches
 * this node its boot (dft_member_answers()). At most one a tick per node,
 * whatever the messages refused.
 *
 * Context: any; takes no lock.
 */
void dft_member_challenge(struct dft_cluster *c, u32 i)
{
	WRITE_ONCE(c->swim.members[i].challenge, true);
}

/* The unbound PINGs asked for, at most DFT_CHALLENGES a tick. */
static unsigned int dft_member_challenges(struct dft_cluster *c,
					  struct dft_member_out *o)
{
	struct dft_member *m;
	unsigned int n = 0;
	u32 i;

	for (i = 0; i < c->nnodes && n < DFT_CHALLENGES; i++) {
		m = &c->swim.members[i];
		if (!READ_ONCE(m->challenge) || i == c->self_index)
			continue;
		WRITE_ONCE(m->challenge, false);
		m->nonce = get_random_u32() ?: 1;
		dft_member_build(c, &o[n++], DFT_OP_PING, i, c->nodes[i].id, 0,
				 m->nonce, 0);
	}
	return n;
}

/* The next node to probe, round-robin over the others. */
static u32 dft_member_pick(struct dft_cluster *c)
{
	struct dft_swim *s = &c->swim;
	u32 k, i;

	for (k = 0; k < c->nnodes; k++) {
		i = s->next;
		s->next = (s->next + 1) % c->nnodes;
		if (i != c->self_index)
			return i;
	}
	return U32_MAX;
}

/* Up to DFT_PROBE_HELPERS PING_REQs for the probe that had no ACK. */
static unsigned int dft_member_ask_helpers(struct dft_cluster *c,
					   struct dft_member_out *o)
{
	struct dft_swim *s = &c->swim;
	u32 k, i, start = get_random_u32() % c->nnodes;
	unsigned int n = 0;

	for (k = 0; k < c->nnodes && n < DFT_PROBE_HELPERS; k++) {
		i = (start + k) % c->nnodes;
		if (i == c->self_index || i == s->target ||
		    s->members[i].state == ZGC_NODE_DEAD ||
		    (c->auth && !dft_member_bound(c, i)))
			continue;
		dft_member_build(c, &o[n++], DFT_OP_PING_REQ, i,
				 c->nodes[s->target].id, 0, s->nonce,
				 dft_member_bound(c, i));
	}
	if (n && s->zd)
		zgc_stats_add(s->zd, ZGC_STATS_DFT_PROBE_INDIRECT, n);
	return n;
}

/*
 * Pings the nodes this node suspects, every tick (half a period) while
 * the suspicion lasts, each ping telling the node it is suspected (that
 * news comes first): a live node refutes in its ACK at once, rather than
 * when the rumour happens to reach it. On a lossy network suspicions
 * outlived their time for want of a message to the suspect, and live
 * nodes were declared dead (Lifeguard's buddy system, made active). Every
 * node that holds the suspicion pings, so each hears the refutation
 * itself. At most DFT_SUSPECT_PINGS a tick, from a place that moves on.
 * Called with the lock held; returns how many pings are in @o.
 */
static unsigned int dft_member_ping_suspects(struct dft_cluster *c,
					     struct dft_member_out *o)
{
	struct dft_swim *s = &c->swim;
	unsigned int n = 0;
	u32 k, i;

	for (k = 0; k < c->nnodes && n < DFT_SUSPECT_PINGS; k++) {
		i = (s->suspects + k) % c->nnodes;
		if (i == c->self_index ||
		    s->members[i].state != ZGC_NODE_SUSPECT)
			continue;
		dft_member_build(c, &o[n++], DFT_OP_PING, i, c->nodes[i].id, 0,
				 s->nonce, dft_member_bound(c, i));
	}
	s->suspects = (s->suspects + 1) % c->nnodes;
	return n;
}

/*
 * Suspicions that lasted their time become deaths; but their time runs
 * only while this node's own lease holds. Hearing nobody, it is more
 * likely cut off itself than are the others dead (Lifeguard's local
 * health, in its strongest form): its suspicions wait, and its failed
 * probes raise no new one (dft_member_confirm()). Once it hears from the
 * others again, what was left of them runs, or after a lapse of the
 * suspicion time or more (it was cut off; the others changed meanwhile)
 * the whole suspicion time again, while it pings the suspects, which
 * refute. So a node back from a partition brings no rumour of the
 * others' deaths, which would make them sync their chains for nothing
 * (dft_member_learn()) while it syncs from them. A node alone in its
 * cluster but for dead nodes serves nothing anyway: without a lease it
 * is no chain's tail. Called with the lock held.
 */
static void dft_member_expire(struct dft_cluster *c, bool lease)
{
	struct dft_swim *s = &c->swim;
	unsigned long paused;
	struct dft_member *m;
	u32 i;

	if (!lease) {
		if (!s->lapsed) {
			s->lapsed = true;
			s->lapse_start = jiffies;
		}
		return;
	}
	paused = s->lapsed ? jiffies - s->lapse_start : 0;
	s->lapsed = false;
	for (i = 0; i < c->nnodes; i++) {
		m = &s->members[i];
		if (m->state != ZGC_NODE_SUSPECT)
			continue;
		if (paused >= msecs_to_jiffies(c->suspect_ms))
			m->suspect_until = jiffies +
					   msecs_to_jiffies(c->suspect_ms);
		else
			m->suspect_until += paused;
		if (time_after_eq(jiffies, m->suspect_until))
			dft_member_set(c, i, ZGC_NODE_DEAD, m->incarnation,
				       m->flags);
	}
}

/*
 * A probe that had no ACK makes its node suspect only once another node
 * is heard after it was sent (an ACK of any probe of this node's): a
 * probe that fails while this node hears nobody says more about this
 * node than about its target. A node cut off, or too slow to hear its
 * ACKs in time, so raises no suspicion. A failure not confirmed within
 * the suspicion time is forgotten: the next probe of the node tests it
 * again. Any message from the node forgets it too (dft_member_handle()).
 * Called with the lock held, at the end of a probe period.
 */
static void dft_member_confirm(struct dft_cluster *c)
{
	unsigned long heard = READ_ONCE(c->swim.heard);
	struct dft_member *m;
	u32 i;

	for (i = 0; i < c->nnodes; i++) {
		m = &c->swim.members[i];
		if (!m->failed)
			continue;
		if (m->state != ZGC_NODE_ALIVE ||
		    m->incarnation != m->failed_inc) {
			m->failed = false;
		} else if (time_after_eq(heard, m->failed_at)) {
			m->failed = false;
			dft_member_set(c, i, ZGC_NODE_SUSPECT, m->incarnation,
				       m->flags);
		} else if (time_after(jiffies, m->failed_at +
				      msecs_to_jiffies(c->suspect_ms))) {
			m->failed = false;
		}
	}
}

/*
 * A rolling apply ends for this node once every node it does not believe
 * dead has been heard on this description's epoch (or a later one): its
 * transactions go by this epoch from then on. Nodes new in it are heard
 * once they are up, or declared dead. A node that joins a running
 * cluster (dft_member_join_running()) waits the same way before it
 * syncs. Called with the lock held.
 */
static void dft_member_roll(struct dft_cluster *c)
{
	struct dft_swim *s = &c->swim;
	u32 i;

	if (s->rolled)
		return;
	for (i = 0; i < c->nnodes; i++)
		if (i != c->self_index &&
		    s->members[i].state != ZGC_NODE_DEAD &&
		    s->members[i].epoch < c->epoch)
			return;
	WRITE_ONCE(s->rolled, true);
	netdev_info(s->zd->dev,
		    "cluster %u: every node is on epoch %llu: transactions go by it\n",
		    c->id, c->epoch);
}

/**
 * dft_member_all_rolled() - whether every node has ended its rolling apply
 * @c: the description
 *
 * A node that syncs its chains takes each one's entries from its tail
 * and, from then on, the transactions that pass it. A node still rolling
 * starts its transactions on the previous epoch, whose chains may not
 * have this node: what they write would not reach it. So a transfer
 * waits until this node has ended its own roll (&dft_swim.rolled: every
 * node is heard on this epoch) and no node it does not believe dead was
 * last heard on this epoch still rolling; a later epoch is another roll.
 * Called with the lock held.
 *
 * Return: true when a transfer may start.
 */
bool dft_member_all_rolled(const struct dft_cluster *c)
{
	const struct dft_swim *s = &c->swim;
	const struct dft_member *m;
	u32 i;

	if (!s->rolled)
		return false;
	for (i = 0; i < c->nnodes; i++) {
		m = &s->members[i];
		if (i != c->self_index && m->state != ZGC_NODE_DEAD &&
		    m->epoch == c->epoch && !m->rolled)
			return false;
	}
	return true;
}

static void dft_member_tick(struct timer_list *t)
{
	struct dft_swim *s = from_timer(s, t, timer);
	struct dft_cluster *c = container_of(s, struct dft_cluster, swim);
	struct dft_member_out out[DFT_SUSPECT_PINGS + DFT_PROBE_HELPERS +
				  DFT_CHALLENGES];
	struct dft_sync_out sout[DFT_SYNC_REQS_MAX];
	unsigned int n = 0, ns = 0, i;
	struct dft_member *m;
	struct socket *sock;
	struct zgc_dev *zd;
	bool lease;

	spin_lock(&s->lock);
	if (!s->running) {
		spin_unlock(&s->lock);
		return;
	}
	zd = s->zd;
	lease = dft_member_lease_valid(c);
	dft_member_expire(c, lease);
	dft_member_roll(c);
	n = dft_member_ping_suspects(c, out);
	n += dft_member_challenges(c, out + n);
	m = s->target != U32_MAX ? &s->members[s->target] : NULL;
	if (s->half) {
		/* The middle of the period: help, if there was no ACK. */
		if (m && !s->acked && m->state != ZGC_NODE_DEAD)
			n += dft_member_ask_helpers(c, out + n);
	} else {
		/* The end of a period and the start of the next. */
		if (m && !s->acked) {
			zgc_stats_count(zd, ZGC_STATS_DFT_PROBE_FAILED);
			if (m->state == ZGC_NODE_ALIVE) {
				m->failed = true;
				m->failed_inc = m->incarnation;
				m->failed_at = s->sent;
			}
		}
		dft_member_confirm(c);
		s->target = dft_member_pick(c);
		s->acked = false;
		/* Drawn: an ACK that answers it may teach a boot. */
		s->nonce = get_random_u32();
		s->sent = jiffies;
		if (s->target != U32_MAX) {
			dft_member_build(c, &out[n++], DFT_OP_PING, s->target,
					 c->nodes[s->target].id, 0, s->nonce,
					 dft_member_bound(c, s->target));
			zgc_stats_count(zd, ZGC_STATS_DFT_PROBE);
		}
	}
	ns = dft_sync_tick(c, sout);
	s->half = !s->half;
	mod_timer(&s->timer, jiffies + dft_member_half_period(c));
	spin_unlock(&s->lock);

	/* Running: ndo_stop() stops the timer before closing the socket. */
	sock = READ_ONCE(zd->sock);
	rcu_read_lock();
	for (i = 0; i < n; i++) {
		if (sock)
			dft_member_send(zd, sock->sk, c, &out[i]);
		else
			kfree_skb(out[i].skb);
	}
	for (i = 0; i < ns; i++)
		dft_sync_send(zd, sock ? sock->sk : NULL, c, &sout[i]);
	rcu_read_unlock();
}

/**
 * dft_member_init() - set up a new description's membership
 * @c: the description, allocated with its members, not yet finished
 *
 * Every node starts alive at incarnation 0; with no roll to wait for.
 */
void dft_member_init(struct dft_cluster *c)
{
	struct dft_swim *s = &c->swim;
	u32 i;

	spin_lock_init(&s->lock);
	timer_setup(&s->timer, dft_member_tick, 0);
	s->target = U32_MAX;
	s->rolled = true;
	s->boot = get_random_u32() ?: 1;
	s->next = get_random_u32() % c->nnodes;
	for (i = 0; i < c->nnodes; i++)
		s->members[i].since = jiffies;
}

/**
 * dft_member_carry() - a new description keeps what the old one believed
 * @c: the new description, not yet published or started
 * @old: the device's description it replaces
 *
 * The nodes of both keep their states and incarnations (a dead node
 * stays dead until it refutes), this node its own incarnation; nodes new
 * to @c start alive.
 *
 * Context: process, RTNL held.
 */
void dft_member_carry(struct dft_cluster *c, struct dft_cluster *old)
{
	const struct dft_node *n;
	u32 i;

	spin_lock_bh(&old->swim.lock);
	c->swim.incarnation = old->swim.incarnation;
	c->swim.heard = old->swim.heard;
	c->swim.boot = old->swim.boot;
	c->swim.marked = old->swim.marked;
	c->swim.round = old->swim.round;
	c->swim.sync_since = old->swim.sync_since;
	for (i = 0; i < c->nnodes; i++) {
		n = dft_cluster_node(old, c->nodes[i].id);
		if (!n)
			continue;
		c->swim.members[i] = old->swim.members[n - old->nodes];
		c->swim.members[i].sends = 0;
	}
	c->swim.members[c->self_index].state = ZGC_NODE_ALIVE;
	c->swim.members[c->self_index].incarnation = c->swim.incarnation;
	/* Syncing goes on, chain by chain again (chains may have changed). */
	if (!c->swim.nsync)
		c->swim.members[c->self_index].flags &= ~DFT_MEMBER_F_SYNCING;
	spin_unlock_bh(&old->swim.lock);
}

/**
 * dft_member_join() - sync the chains a new description places this node
 *	in
 * @c: the new description, not yet published or started, carrying what
 *	@old believed (dft_member_carry())
 * @old: the device's description it replaces, or NULL for a node new to
 *	a running cluster (dft_member_join_running())
 *
 * A node put in a chain it was not in (one of the same id without it)
 * holds none of that chain's entries: it takes its incarnation + 1 with
 * SYNCING and syncs its chains before it serves them, as a node back from
 * a drain does (the transfer starts with the device, dft_member_start(),
 * once the rolling apply has ended). A chain new to the cluster has
 * nothing to sync from. A drained node syncs when it comes back.
 *
 * Context: process, RTNL held.
 */
void dft_member_join(struct dft_cluster *c, const struct dft_cluster *old)
{
	struct dft_swim *s = &c->swim;
	const struct dft_chain *was;
	bool join = false;
	u8 flags;
	u32 k;

	for (k = 0; k < c->nchains && !join; k++) {
		if (dft_chain_position(&c->chains[k], c->self) < 0)
			continue;
		was = old ? dft_cluster_chain(old, c->chains[k].id) : NULL;
		join = !old || (was && dft_chain_position(was, c->self) < 0);
	}
	if (!join)
		return;
	spin_lock_bh(&s->lock);
	flags = s->members[c->self_index].flags;
	if (!(flags & DFT_MEMBER_F_DRAINING)) {
		s->incarnation++;
		dft_member_set(c, c->self_index, ZGC_NODE_ALIVE, s->incarnation,
			       DFT_MEMBER_F_SYNCING);
		/* dft_member_start() begins the transfer. */
		s->marked = false;
	}
	spin_unlock_bh(&s->lock);
}

/**
 * dft_member_join_running() - a device's first description joins a
 *	cluster already running (ZGC_CLUSTER_A_JOIN)
 * @c: the description, not yet published or started
 *
 * The node is new to the cluster, and the chains the description places
 * it in may be serving already: it syncs them before it serves them, as
 * dft_member_join() has a node do, once every node it does not believe
 * dead has been heard on this epoch (the rolling apply that brings it in
 * has ended, dft_member_roll()): a transfer goes by one epoch. A chain
 * none of whose nodes serves (a chain new to the cluster, its nodes all
 * joining) has nothing to give: it is synced after the suspicion time.
 *
 * Context: process, RTNL held.
 */
void dft_member_join_running(struct dft_cluster *c)
{
	c->swim.rolled = false;
	dft_member_join(c, NULL);
}

/**
 * dft_member_start() - start probing, the device being up
 * @c: the device's description, finished
 * @zd: the device, whose tunnel socket is open
 *
 * Context: process, RTNL held.
 */
void dft_member_start(struct dft_cluster *c, struct zgc_dev *zd)
{
	struct dft_swim *s = &c->swim;

	spin_lock_bh(&s->lock);
	s->zd = zd;
	s->running = true;
	s->half = false;
	s->target = U32_MAX;
	/* A lease to start with: the others take as long to suspect it. */
	WRITE_ONCE(s->heard, jiffies);
	/* Stopped before its old entries were marked unsynced: they are now. */
	if ((s->members[c->self_index].flags & DFT_MEMBER_F_SYNCING) &&
	    !s->marked)
		dft_sync_begin(c);
	mod_timer(&s->timer, jiffies + dft_member_half_period(c));
	spin_unlock_bh(&s->lock);
}

/**
 * dft_member_stop() - stop probing (the device goes down, or the
 *	description is replaced or freed)
 * @c: the description
 *
 * Context: process, may sleep.
 */
void dft_member_stop(struct dft_cluster *c)
{
	struct dft_swim *s = &c->swim;

	spin_lock_bh(&s->lock);
	s->running = false;
	spin_unlock_bh(&s->lock);
	del_timer_sync(&s->timer);
}

/**
 * dft_member_get() - a copy of the beliefs, for a netlink reply
 * @c: the description
 * @out: room for @c->nnodes beliefs, in the order of @c->nodes
 */
void dft_member_get(struct dft_cluster *c, struct dft_member *out)
{
	struct dft_swim *s = &c->swim;

	spin_lock_bh(&s->lock);
	memcpy(out, s->members, c->nnodes * sizeof(*out));
	spin_unlock_bh(&s->lock);
}

/**
 * dft_chain_node_out() - whether a node of a chain is out of it
 * @c: the description
 * @ch: the chain
 * @i: the node's place in @ch
 *
 * Return: true when this node believes it dead or drained; false for a
 * live (or syncing) or suspect node.
 *
 * Context: any; reads without the lock.
 */
bool dft_chain_node_out(const struct dft_cluster *c,
			const struct dft_chain *ch, int i)
{
	const struct dft_member *m;

	/* A chain of the previous epoch may list a node no longer listed. */
	if (ch->index[i] == DFT_NODE_GONE)
		return true;
	m = &c->swim.members[ch->index[i]];
	return dft_member_out(READ_ONCE(m->state), READ_ONCE(m->flags));
}

/**
 * dft_member_lease_valid() - whether this node may answer as a tail
 * @c: the description
 *
 * Return: true when another node acknowledged one of its probes
 * recently enough that none of them can yet have declared it dead.
 */
bool dft_member_lease_valid(const struct dft_cluster *c)
{
	return time_before(jiffies, READ_ONCE(c->swim.heard) +
				    msecs_to_jiffies(c->suspect_ms -
						     c->probe_ms / 2));
}

/**
 * dft_chain_node_syncing() - whether a node of a chain is believed to be
 *	syncing it (and not out of it)
 * @c: the description
 * @ch: the chain
 * @i: the node's place in @ch
 *
 * Context: any; reads without the lock.
 */
bool dft_chain_node_syncing(const struct dft_cluster *c,
			    const struct dft_chain *ch, int i)
{
	return !dft_chain_node_out(c, ch, i) &&
	       (READ_ONCE(c->swim.members[ch->index[i]].flags) &
		DFT_MEMBER_F_SYNCING);
}

/* Whether a node of a chain is neither out nor syncing: it serves. */
static bool dft_chain_node_serves(const struct dft_cluster *c,
				  const struct dft_chain *ch, int i)
{
	return !dft_chain_node_out(c, ch, i) &&
	       !(READ_ONCE(c->swim.members[ch->index[i]].flags) &
		 DFT_MEMBER_F_SYNCING);
}

/**
 * dft_chain_rank() - where a node comes in a chain's path
 * @c: the description
 * @ch: the chain
 * @i: the node's place in @ch
 *
 * A chain's messages go through its nodes that serve, in the order
 * given, then through those that sync, in the order given.
 *
 * Return: a number that orders @ch's live nodes along that path.
 */
int dft_chain_rank(const struct dft_cluster *c, const struct dft_chain *ch,
		   int i)
{
	return dft_chain_node_syncing(c, ch, i) ? ZGC_CHAIN_NODES_MAX + i : i;
}

/**
 * dft_chain_live_head() - where the head of a chain is
 * @c: the description
 * @ch: the chain
 *
 * Return: the position in @ch of its first node this node believes
 * neither out (dead or drained) nor syncing, or -1 when there is none.
 */
int dft_chain_live_head(const struct dft_cluster *c, const struct dft_chain *ch)
{
	return dft_chain_live_next(c, ch, -1);
}

/**
 * dft_chain_live_tail() - where the tail of a chain is, the node that
 *	answers FWDs
 * @c: the description
 * @ch: the chain
 *
 * Return: the position of its last node neither out nor syncing, or -1.
 */
int dft_chain_live_tail(const struct dft_cluster *c, const struct dft_chain *ch)
{
	int i;

	for (i = ch->n - 1; i >= 0; i--)
		if (dft_chain_node_serves(c, ch, i))
			return i;
	return -1;
}

/**
 * dft_chain_live_next() - the successor of a place in a chain's path
 * @c: the description
 * @ch: the chain
 * @pos: the place, -1 for before the head
 *
 * The path goes through the nodes that serve, then through those that
 * sync (dft_chain_rank()).
 *
 * Return: the position of the node after @pos on the path, or -1 when
 * there is none (@pos ends the path; with no node serving, -1 whatever
 * @pos).
 */
int dft_chain_live_next(const struct dft_cluster *c, const struct dft_chain *ch,
			int pos)
{
	int i;

	if (pos < 0 || !dft_chain_node_syncing(c, ch, pos)) {
		for (i = pos + 1; i < ch->n; i++)
			if (dft_chain_node_serves(c, ch, i))
				return i;
		if (pos < 0)
			return -1;
		pos = -1;
	}
	for (i = pos + 1; i < ch->n; i++)
		if (dft_chain_node_syncing(c, ch, i))
			return i;
	return -1;
}

/**
 * dft_chain_view() - a chain as this node sees it, for its messages
 * @c: the description
 * @ch: the chain
 *
 * Return: a bit per place of @ch (bit 0: its first node), set when this
 * node does not believe that node out, and bit 8 + place when it
 * believes it syncing. Two nodes route a chain's messages alike when
 * their views of it are the same.
 */
u16 dft_chain_view(const struct dft_cluster *c, const struct dft_chain *ch)
{
	u16 view = 0;
	int i;

	BUILD_BUG_ON(2 * ZGC_CHAIN_NODES_MAX > 8 * sizeof(view));
	for (i = 0; i < ch->n; i++) {
		if (!dft_chain_node_out(c, ch, i))
			view |= 1 << i;
		if (dft_chain_node_syncing(c, ch, i))
			view |= 1 << (ZGC_CHAIN_NODES_MAX + i);
	}
	return view;
}

/* Whether @ch has a node that serves but the one at place @skip. */
static bool dft_chain_serves_without(const struct dft_cluster *c,
				     const struct dft_chain *ch, int skip)
{
	int i;

	for (i = 0; i < ch->n; i++)
		if (i != skip && dft_chain_node_serves(c, ch, i))
			return true;
	return false;
}

/**
 * dft_member_drain() - take this node out of its chains, or back in
 * @c: the device's description
 * @drain: true to drain the node, false to bring it back
 * @extack: the reason of a refusal
 *
 * Draining spreads, under a new incarnation, that this node is alive and
 * drained; every node then routes its chains around it. A drained node
 * comes back by syncing its chains, under a new incarnation again.
 * Nothing changes when the node already is as asked.
 *
 * Context: process, RTNL held.
 * Return: 0; -EINVAL when the node is in no chain; -EBUSY when it
 * syncs, or when one of its chains would have no node left that serves.
 */
int dft_member_drain(struct dft_cluster *c, bool drain,
		     struct netlink_ext_ack *extack)
{
	struct dft_swim *s = &c->swim;
	struct dft_member *self = &s->members[c->self_index];
	const struct dft_chain *ch;
	int err = 0, pos;
	u8 flags;
	u32 k;

	if (!s->nsync) {
		NL_SET_ERR_MSG(extack,
			       "This node is in no chain: there is nothing to drain");
		return -EINVAL;
	}
	spin_lock_bh(&s->lock);
	flags = self->flags;
	if (!!(flags & DFT_MEMBER_F_DRAINING) == drain)
		goto out;
	if (drain && (flags & DFT_MEMBER_F_SYNCING)) {
		NL_SET_ERR_MSG(extack,
			       "This node is syncing its chains: drain it once it is alive");
		err = -EBUSY;
		goto out;
	}
	for (k = 0; drain && k < c->nchains; k++) {
		ch = &c->chains[k];
		pos = dft_chain_position(ch, c->self);
		if (pos >= 0 && !dft_chain_serves_without(c, ch, pos)) {
			NL_SET_ERR_MSG(extack,
				       "A chain of this node has no other node that serves: it would be left unanswered");
			err = -EBUSY;
			goto out;
		}
	}
	s->incarnation++;
	if (drain) {
		flags |= DFT_MEMBER_F_DRAINING;
	} else {
		flags = DFT_MEMBER_F_SYNCING;
		dft_sync_begin(c);
	}
	dft_member_set(c, c->self_index, ZGC_NODE_ALIVE, s->incarnation, flags);
	if (s->zd)
		netdev_info(s->zd->dev, "cluster %u: %s\n", c->id,
			    drain ? "drained: out of its chains" :
				    "back from a drain: syncing its chains");
out:
	spin_unlock_bh(&s->lock);
	return err;
}

/* A node of the cluster by id, as an index, or U32_MAX. */
static u32 dft_member_index(const struct dft_cluster *c, u32 id)
{
	const struct dft_node *n = dft_cluster_node(c, id);

	return n ? n - c->nodes : U32_MAX;
}

/* The news a probe carries, checked. */
static bool dft_member_news_valid(const struct dft_wire_probe *p)
{
	const struct dft_wire_news *w = (const void *)(p + 1);
	unsigned int i;

	for (i = 0; i < p->news; i++, w++)
		if (w->state > ZGC_NODE_DEAD ||
		    (w->flags & ~DFT_MEMBER_F_ALL) ||
		    memchr_inv(w->reserved, 0, sizeof(w->reserved)))
			return false;
	return true;
}

/*
 * What a checked probe from node @from (index) at boot @boot makes this
 * node do: learn its news, and answer or pass it on. Called with the lock
 * held; returns how many messages to send.
 */
static unsigned int dft_member_handle(struct dft_cluster *c, u8 op, u32 from,
				      u32 boot, const struct dft_wire_probe *p,
				      struct dft_member_out *o,
				      enum zgc_stats_attr *why)
{
	const struct dft_wire_news *w = (const void *)(p + 1);
	u32 target = ntohl(p->target), origin = ntohl(p->origin);
	u32 nonce = ntohl(p->nonce), i, to;
	struct dft_swim *s = &c->swim;
	struct dft_member *m = &s->members[from];

	/*
	 * Another boot number: the node restarted, and lost what it held.
	 * It is dead to this node (its chains go around it) until it
	 * refutes that with a new incarnation, syncing.
	 */
	if (m->boot && m->boot != boot && m->state != ZGC_NODE_DEAD)
		dft_member_set(c, from, ZGC_NODE_DEAD, m->incarnation,
			       m->flags);
	m->boot = boot;
	/* It is heard: a probe of it that failed meanwhile was lost. */
	m->failed = false;
	dft_member_learn(c, from, ZGC_NODE_ALIVE, ntohl(p->incarnation),
			 p->flags & DFT_MEMBER_F_ALL);
	for (i = 0; i < p->news; i++, w++) {
		u32 n = dft_member_index(c, ntohl(w->node));

		/* A node another description has: nothing to learn. */
		if (n != U32_MAX)
			dft_member_learn(c, n, w->state, ntohl(w->incarnation),
					 w->flags);
	}
	switch (op) {
	case DFT_OP_PING:
		if (target != c->self)
			break;
		dft_member_build(c, o, DFT_OP_ACK, from, target, origin, nonce,
				 c->auth ? boot : 0);
		return 1;
	case DFT_OP_ACK:
		if (!origin || origin == c->self) {
			/* Another node hears this one: the lease goes on. */
			WRITE_ONCE(s->heard, jiffies);
			if (s->target != U32_MAX &&
			    c->nodes[s->target].id == target &&
			    nonce == s->nonce)
				s->acked = true;
			return 0;
		}
		/* This node helped: the ACK goes back to who asked. */
		to = dft_member_index(c, origin);
		if (to == U32_MAX || to == c->self_index)
			break;
		dft_member_build(c, o, DFT_OP_ACK, to, target, origin, nonce,
				 dft_member_bound(c, to));
		return 1;
	case DFT_OP_PING_REQ:
		to = dft_member_index(c, target);
		if (to == U32_MAX || to == c->self_index || to == from || origin)
			break;
		dft_member_build(c, o, DFT_OP_PING, to, target,
				 c->nodes[from].id, nonce, dft_member_bound(c, to));
		return 1;
	}
	*why = ZGC_STATS_DFT_RX_MISDIRECTED;
	return 0;
}

/*
 * The probe of a membership message, checked and authenticated, copied
 * to @probe (DFT_PROBE_MAX_LEN bytes); its length in @plen. Returns why
 * to drop the message, or 0.
 */
static enum zgc_stats_attr dft_member_parse(struct dft_cluster *c,
					    struct sk_buff *skb,
					    unsigned int inner, u32 vni,
					    const struct dft_msg *m,
					    unsigned int opt,
					    unsigned int optlen, u8 *probe,
					    unsigned int *plen)
{
	const struct ethhdr *eth = (const struct ethhdr *)(skb->data + inner);
	const struct dft_wire_probe *p;

	if (vni || eth->h_proto != htons(DFT_PROBE_ETHERTYPE) ||
	    !pskb_may_pull(skb, inner + ETH_HLEN + sizeof(*p)))
		return ZGC_STATS_DFT_RX_MALFORMED;
	p = (const struct dft_wire_probe *)(skb->data + inner + ETH_HLEN);
	if (p->news > DFT_NEWS_MAX ||
	    (p->flags & ~(DFT_MEMBER_F_ALL | DFT_PROBE_F_ROLLED)) ||
	    memchr_inv(p->reserved, 0, sizeof(p->reserved)))
		return ZGC_STATS_DFT_RX_MALFORMED;
	*plen = sizeof(*p) + p->news * sizeof(struct dft_wire_news);
	if (!pskb_may_pull(skb, inner + ETH_HLEN + *plen))
		return ZGC_STATS_DFT_RX_MALFORMED;
	memcpy(probe, skb->data + inner + ETH_HLEN, *plen);
	p = (const struct dft_wire_probe *)probe;
	if (!dft_member_news_valid(p))
		return ZGC_STATS_DFT_RX_MALFORMED;
	if (c->auth ? !(m->flags & DFT_F_AUTH) ||
		      !dft_auth_valid(skb->data + opt, optlen, &c->key, vni,
				      skb, inner) :
		      m->flags & DFT_F_AUTH) {
		/* Another epoch may have another key, or none. */
		if (m->epoch < c->epoch)
			return ZGC_STATS_DFT_RX_STALE_EPOCH;
		if (m->epoch > c->epoch)
			return ZGC_STATS_DFT_RX_FUTURE_EPOCH;
		return ZGC_STATS_DFT_RX_AUTH;
	}
	return 0;
}

/**
 * dft_member_stranger() - a PING from a node this description does not
 *	list, at an address none of its nodes has
 * @zd: the device
 * @sk: its tunnel socket
 * @c: its cluster description
 * @skb: the packet, skb->data at its UDP header; its outer IPv4 header
 *	says where it came from
 * @inner: offset of the payload from skb->data, its Ethernet header pulled
 * @vni: the Geneve header's VNI
 * @m: the DFT option, read: to this node, of this cluster
 * @opt: offset of the option's data from skb->data
 * @optlen: its length
 *
 * In a rolling apply, a node that the new description adds, or one that
 * it removes, probes nodes whose description does not list it: each of
 * them answers the PING with an ACK, carrying no news, and learns
 * nothing from it, so that neither side declares the other dead for
 * being of another epoch. Authenticated when the cluster has a key (a
 * roll keeps the key), bound to this node's boot or to none; with no
 * window of sequence numbers for a node not listed, a replayed PING only
 * draws another ACK of its size, bound to the boot the PING says.
 *
 * Return: 0 when @skb was consumed, else why to drop it.
 */
enum zgc_stats_attr dft_member_stranger(struct zgc_dev *zd, struct sock *sk,
					struct dft_cluster *c,
					struct sk_buff *skb,
					unsigned int inner, u32 vni,
					const struct dft_msg *m,
					unsigned int opt, unsigned int optlen)
{
	struct dft_node to = { .id = m->sender, .addr = ip_hdr(skb)->saddr };
	struct dft_msg a = { .op = DFT_OP_ACK, .hops = 1 };
	static const u8 zero[ETH_ALEN];
	const struct dft_wire_probe *p;
	u8 probe[DFT_PROBE_MAX_LEN];
	struct dft_wire_probe *q;
	enum zgc_stats_attr why;
	struct sk_buff *ack;
	unsigned int plen;

	if (m->op != DFT_OP_PING || !m->sender ||
	    dft_cluster_node_at(c, to.addr))
		return ZGC_STATS_DFT_RX_MISDIRECTED;
	why = dft_member_parse(c, skb, inner, vni, m, opt, optlen, probe,
			       &plen);
	if (why)
		return why;
	p = (const struct dft_wire_probe *)probe;
	if (ntohl(p->target) != c->self || p->origin)
		return ZGC_STATS_DFT_RX_MISDIRECTED;
	if (c->auth && m->bound && m->bound != c->swim.boot)
		return ZGC_STATS_DFT_RX_OTHER_BOOT;
	a.bound = c->auth ? m->boot : 0;
	ack = zgc_tx_frame_alloc(zero, zero, htons(DFT_PROBE_ETHERTYPE),
				 sizeof(*q));
	if (!ack)
		return ZGC_STATS_RX_NO_MEMORY;
	q = skb_put_zero(ack, sizeof(*q));
	q->target = p->target;
	q->nonce = p->nonce;
	spin_lock(&c->swim.lock);
	q->incarnation = htonl(c->swim.incarnation);
	q->flags = dft_member_probe_flags(c);
	spin_unlock(&c->swim.lock);
	dft_send_msg(zd, sk, ack, 0, c, &c->now, &a, &to, 0);
	consume_skb(skb);
	return 0;
}

/*
 * Whether an ACK from node @i answers a PING of this node's own: its
 * period's probe (or a suspect's ping), or the unbound PING it sent to
 * learn the node's boot. Called with the lock held.
 */
static bool dft_member_answers(const struct dft_cluster *c, u32 i, u8 op,
			       const struct dft_wire_probe *p)
{
	const struct dft_member *m = &c->swim.members[i];
	u32 nonce = ntohl(p->nonce);

	return op == DFT_OP_ACK && !p->origin &&
	       ntohl(p->target) == c->nodes[i].id &&
	       (nonce == c->swim.nonce || (m->nonce && nonce == m->nonce));
}

/*
 * An authentic probe from node @i of a keyed cluster, bound to this
 * node's boot: of the boot of @i this node knows, and new; or an ACK
 * that answers a PING of this node's, which teaches it a new boot of @i
 * (whose window starts again, and which dft_member_handle() takes for a
 * restart). Returns why to drop it, or 0.
 */
static enum zgc_stats_attr dft_member_fresh(struct dft_cluster *c,
					    const struct dft_msg *m,
					    const struct dft_wire_probe *p,
					    u32 i)
{
	struct dft_replay *r = &c->replay[i];
	enum zgc_stats_attr why = 0;

	if (m->bound != c->swim.boot) {
		dft_member_challenge(c, i);
		return ZGC_STATS_DFT_RX_OTHER_BOOT;
	}
	spin_lock(&c->swim.lock);
	if (dft_replay_boot(r) != m->boot) {
		if (dft_member_answers(c, i, m->op, p)) {
			dft_replay_rebind(r, m->boot);
			c->swim.members[i].nonce = 0;
		} else {
			why = ZGC_STATS_DFT_RX_OTHER_BOOT;
		}
	}
	spin_unlock(&c->swim.lock);
	if (!why)
		why = dft_replay_accept(r, m->boot, m->seq);
	if (why == ZGC_STATS_DFT_RX_OTHER_BOOT)
		dft_member_challenge(c, i);
	return why;
}

/*
 * An unbound PING from node @i of a keyed cluster: its sender does not
 * know this node's boot. Answered with an ACK bound to the boot the PING
 * says, which teaches the sender this node's; nothing is learnt from it
 * (it may be an old one sent again), but that the sender may be at
 * another boot than the one this node knows: it is asked in turn.
 */
static enum zgc_stats_attr dft_member_unbound(struct zgc_dev *zd,
					      struct sock *sk,
					      struct dft_cluster *c,
					      struct sk_buff *skb,
					      const struct dft_msg *m,
					      const struct dft_wire_probe *p,
					      u32 i)
{
	struct dft_member_out out;

	if (m->op != DFT_OP_PING || ntohl(p->target) != c->self)
		return ZGC_STATS_DFT_RX_MISDIRECTED;
	if (dft_replay_boot(&c->replay[i]) != m->boot)
		dft_member_challenge(c, i);
	spin_lock(&c->swim.lock);
	dft_member_build(c, &out, DFT_OP_ACK, i, c->self, ntohl(p->origin),
			 ntohl(p->nonce), m->boot);
	spin_unlock(&c->swim.lock);
	dft_member_send(zd, sk, c, &out);
	consume_skb(skb);
	return 0;
}

/**
 * dft_member_rx() - a membership message (PING, ACK or PING_REQ)
 * @zd: the device
 * @sk: its tunnel socket
 * @c: its cluster description
 * @skb: the packet, skb->data at its UDP header
 * @inner: offset of the payload from skb->data, its Ethernet header pulled
 * @vni: the Geneve header's VNI
 * @m: the DFT option, read; its sender is @from, at the packet's source
 * @opt: offset of the option's data from skb->data
 * @optlen: its length
 * @from: the sending node
 *
 * Heard whatever the epoch of the sender's description (a node behind or
 * ahead is still alive); authenticated, bound and numbered as every
 * cluster message when the cluster has a key (auth.c), but for an
 * unbound PING, answered and nothing more.
 *
 * Return: 0 when @skb was consumed, else why to drop it.
 */
enum zgc_stats_attr dft_member_rx(struct zgc_dev *zd, struct sock *sk,
				  struct dft_cluster *c, struct sk_buff *skb,
				  unsigned int inner, u32 vni,
				  const struct dft_msg *m, unsigned int opt,
				  unsigned int optlen,
				  const struct dft_node *from)
{
	struct dft_member_out out = {};
	const struct dft_wire_probe *p;
	u8 probe[DFT_PROBE_MAX_LEN];
	enum zgc_stats_attr why = 0;
	u32 i = from - c->nodes;
	unsigned int plen, n;

	why = dft_member_parse(c, skb, inner, vni, m, opt, optlen, probe,
			       &plen);
	if (why)
		return why;
	p = (const struct dft_wire_probe *)probe;
	if (c->auth) {
		if (!m->bound)
			return dft_member_unbound(zd, sk, c, skb, m, p, i);
		why = dft_member_fresh(c, m, p, i);
		if (why)
			return why;
	}

	spin_lock(&c->swim.lock);
	c->swim.members[i].epoch = m->epoch;
	c->swim.members[i].rolled = p->flags & DFT_PROBE_F_ROLLED;
	n = dft_member_handle(c, m->op, i, m->boot, p, &out, &why);
	spin_unlock(&c->swim.lock);
	if (why)
		return why;
	if (n)
		dft_member_send(zd, sk, c, &out);
	consume_skb(skb);
	return 0;
}
