// SPDX-License-Identifier: GPL-2.0
/*
 * State transfer: a node that comes back syncs its chains before it
 * takes its places in them again.
 *
 * A node that refutes its own death (the others routed its chains around
 * it: it missed what they wrote meanwhile), or learns that the others
 * knew an incarnation of it that it does not have (it restarted, and
 * another boot number told them so, member.c), is syncing: the news says
 * so, and every node then routes its chains with it after their tails
 * (dft_chain_live_next()): it takes every entry written from then on, it
 * answers the FWDs of what passes through it last (a REPLY carries the
 * entry every replica before it took), but it is neither head nor tail.
 *
 * It first marks what it held unsynced (&zgc_flow.unsynced;
 * dft_sync_begin(): its device's work does, in process context, once
 * the rolling apply that put it in a new chain has ended, so that what it
 * took meanwhile is marked too): such an entry stays, but any version of
 * it the chain passes replaces it. Then the node asks the tail of each
 * of its chains for the chain's entries (SYNC_REQ, from the membership's
 * timer, dft_sync_tick()). The tail, once it too sees the
 * node syncing (the request carries the asker's view of the chain and is
 * dropped by a node that sees it otherwise), walks its entries of the
 * chain in its work and sends them, DFT_SYNC_ENTRIES_MAX a message
 * (SYNC), then how many it sent (SYNC_END). The syncing node takes each
 * entry in place of an unsynced one, and unless it holds that version or a
 * newer one (written through the chain meanwhile). A transfer that loses
 * a message, stalls for a while, or whose tail changes, is asked for
 * again. Once the whole transfer came, the chain's unsynced entries that it
 * did not replace go: the chain removed them, or they expired, while the
 * node was away. When every chain is synced, the node takes a new
 * incarnation that says so, and every node puts it back in its place.
 *
 * Why it then holds every entry of its chains, and only those: every
 * write after its request reached the tail (which answered it) went on
 * to the syncing node, which comes after the tail; every write before is
 * in the tail's table when the walk reaches it (entries are replaced,
 * never edited), so in the transfer; the node keeps the newer of the
 * two; and what it held before is either replaced by one of them or
 * removed. The marking ends before the first request goes, so no entry
 * written after it is marked.
 *
 * A chain none of whose nodes serves (all dead or syncing) has nothing to
 * give: it is synced once the node has been syncing for the suspicion
 * time (back from a partition, it may believe dead nodes that are not,
 * until they refute it), and the node keeps what it held of it. So a
 * whole chain declared dead falsely (a slow or cut-off network) loses
 * nothing; a chain whose nodes all restarted held nothing any more.
 *
 * Locking: &dft_swim.lock guards each node's transfers in (&dft_swim.sync,
 * marked and round); &dft_sync_tx.lock the device's work, taken inside
 * the former (dft_sync_begin(), dft_sync_tick(), dft_sync_rx()), never
 * the other way round. Entries are written under the flow table's
 * bucket locks (flow.c); the work marks, unmarks and removes them.
 */

#include <linux/delay.h>
#include <linux/etherdevice.h>
#include <linux/err.h>
#include <linux/jiffies.h>
#include <linux/net.h>
#include <linux/random.h>
#include <linux/rhashtable.h>
#include <linux/skbuff.h>

#include "auth.h"
#include "cluster.h"
#include "device.h"
#include "msg.h"
#include "send.h"
#include "stats.h"
#include "sync.h"
#include "tenant.h"
#include "tx.h"

/* Messages a transfer sends before it lets the receiver catch up. */
#define DFT_SYNC_BURST		32
/* Buckets of the table a transfer walks before it lets others run. */
#define DFT_SYNC_BUCKETS	1024
/* How many times a transfer starts over when the table is resized. */
#define DFT_SYNC_RESTARTS	3

static const u8 dft_sync_zero_mac[ETH_ALEN];

/* A message of a transfer, its header put, room for the entries. */
static struct sk_buff *dft_sync_alloc(u32 nonce, u32 count)
{
	struct dft_wire_sync *w;
	struct sk_buff *skb;

	skb = zgc_tx_frame_alloc(dft_sync_zero_mac, dft_sync_zero_mac,
				 htons(DFT_PROBE_ETHERTYPE), DFT_SYNC_MAX_LEN);
	if (!skb)
		return NULL;
	w = skb_put_zero(skb, sizeof(*w));
	w->nonce = htonl(nonce);
	w->count = htonl(count);
	return skb;
}

/* Sends a built transfer message @op about chain @ch to node @to. */
static void dft_sync_xmit(struct zgc_dev *zd, struct sock *sk,
			  struct dft_cluster *c, struct sk_buff *skb, u8 op,
			  const struct dft_chain *ch, const struct dft_node *to)
{
	struct dft_msg m = {
		.op = op,
		.hops = 1,
		.chain = ch->id,
		.view = dft_chain_view(c, ch),
	};

	m.bound = dft_auth_bound_to(c, to);
	dft_send_msg(zd, sk, skb, 0, c, &c->now, &m, to, 0);
}

/**
 * dft_sync_send() - send a SYNC_REQ dft_sync_tick() built
 * @zd: the device
 * @sk: its tunnel socket, or NULL when it has none
 * @c: its cluster description
 * @o: the request
 *
 * Context: softirq, RCU read side.
 */
void dft_sync_send(struct zgc_dev *zd, struct sock *sk, struct dft_cluster *c,
		   struct dft_sync_out *o)
{
	struct dft_msg m = {
		.op = DFT_OP_SYNC_REQ,
		.hops = 1,
		.chain = o->chain,
		.view = o->view,
	};

	if (!o->skb)
		return;
	if (!sk) {
		kfree_skb(o->skb);
		return;
	}
	m.bound = dft_auth_bound_to(c, &c->nodes[o->to]);
	dft_send_msg(zd, sk, o->skb, 0, c, &c->now, &m, &c->nodes[o->to], 0);
}

/* Whether this node syncs. Called with &dft_swim.lock held. */
static bool dft_sync_self_syncing(const struct dft_cluster *c)
{
	return c->swim.members[c->self_index].flags & DFT_MEMBER_F_SYNCING;
}

/* Tells the device's work what to do. Called with &dft_swim.lock held. */
static void dft_sync_work_ask(struct zgc_dev *zd, bool mark, bool finish)
{
	spin_lock(&zd->sync.lock);
	zd->sync.mark |= mark;
	zd->sync.finish |= finish;
	spin_unlock(&zd->sync.lock);
	schedule_work(&zd->sync.work);
}

/*
 * Has the device's work mark this node's entries unsynced, once the
 * rolling apply has ended. Until then, a node on the previous epoch
 * starts its transactions on that epoch's chains, which may not have this
 * node: a write of the new epoch that reached it (from a node that ended
 * its roll) may be overtaken by one of the old that did not (a DELETE,
 * through a node still rolling). What it took so is marked too, and
 * yields to what the tail holds once every node writes on one epoch.
 * Called with &dft_swim.lock held.
 */
static void dft_sync_mark_ask(struct dft_cluster *c)
{
	struct dft_swim *s = &c->swim;

	if (s->marking || !s->zd || !dft_member_all_rolled(c))
		return;
	s->marking = true;
	dft_sync_work_ask(s->zd, true, false);
}

/**
 * dft_sync_begin() - this node starts syncing its chains
 * @c: the description
 *
 * Its transfers start over, once its device's work has marked the
 * entries it holds unsynced (after the rolling apply, if one goes on).
 * Called with &dft_swim.lock held.
 */
void dft_sync_begin(struct dft_cluster *c)
{
	struct dft_swim *s = &c->swim;
	u32 k;

	s->marked = false;
	s->marking = false;
	s->round++;
	s->sync_since = jiffies;
	for (k = 0; k < s->nsync; k++) {
		s->sync[k].nonce = 0;
		s->sync[k].state = DFT_SYNC_TAKING;
	}
	dft_sync_mark_ask(c);
}

/**
 * dft_sync_tick() - what this node, syncing, asks for now
 * @c: the description
 * @o: room for DFT_SYNC_REQS_MAX requests
 *
 * A chain whose transfer has not started, has not moved for a while, was
 * cut short, or whose tail changed, is asked for again, to its tail now.
 * A transfer that ended is finished by the device's work. When every
 * chain is synced, the node is back (dft_member_sync_done()). Called
 * with &dft_swim.lock held, from the membership's timer.
 *
 * Return: how many requests are in @o.
 */
unsigned int dft_sync_tick(struct dft_cluster *c, struct dft_sync_out *o)
{
	unsigned long stall = msecs_to_jiffies(max_t(u32, 4 * c->probe_ms,
						     200));
	struct dft_swim *s = &c->swim;
	unsigned int n = 0, done = 0;
	const struct dft_chain *ch;
	struct dft_wire_sync *w;
	struct dft_sync_rx *r;
	bool finish = false;
	int tail;
	u32 k;

	if (!dft_sync_self_syncing(c))
		return 0;
	/* A transfer goes by one epoch: it waits for every node's roll. */
	if (!dft_member_all_rolled(c))
		return 0;
	if (!s->marked) {
		dft_sync_mark_ask(c);
		return 0;
	}
	for (k = 0; k < s->nsync; k++) {
		r = &s->sync[k];
		ch = &c->chains[r->chain];
		if (r->state == DFT_SYNC_DONE) {
			done++;
			continue;
		}
		if (r->state != DFT_SYNC_TAKING) {
			/* Asked again, should the device have gone down. */
			finish |= r->state != DFT_SYNC_FINISHING;
			continue;
		}
		tail = dft_chain_live_tail(c, ch);
		if (tail < 0) {
			/*
			 * No node of the chain serves: nothing to take. Unless
			 * this node, back from a partition, still believes
			 * dead nodes that are not: it waits for them to
			 * refute that first.
			 */
			if (time_before(jiffies, s->sync_since +
					msecs_to_jiffies(c->suspect_ms)))
				continue;
			r->state = DFT_SYNC_NOBODY;
			finish = true;
			continue;
		}
		if (r->received != r->seen) {
			r->seen = r->received;
			r->asked = jiffies;
		}
		if (r->nonce && r->from == ch->index[tail] &&
		    time_before(jiffies, r->asked + stall))
			continue;
		if (n == DFT_SYNC_REQS_MAX)
			continue;
		r->nonce = get_random_u32() ?: 1;
		r->from = ch->index[tail];
		r->received = 0;
		r->seen = 0;
		r->asked = jiffies;
		o[n].to = r->from;
		o[n].chain = ch->id;
		o[n].view = dft_chain_view(c, ch);
		o[n].skb = zgc_tx_frame_alloc(dft_sync_zero_mac,
					      dft_sync_zero_mac,
					      htons(DFT_PROBE_ETHERTYPE),
					      sizeof(*w));
		if (o[n].skb) {
			w = skb_put_zero(o[n].skb, sizeof(*w));
			w->nonce = htonl(r->nonce);
		}
		n++;
	}
	if (finish && s->zd)
		dft_sync_work_ask(s->zd, false, true);
	if (s->nsync && done == s->nsync)
		dft_member_sync_done(c);
	return n;
}

/*
 * Whether a node's entry of a chain goes in a transfer of it: not one of
 * an older configuration, nor one it holds unsynced itself.
 */
static bool dft_sync_wanted(const struct zgc_flow *f, u32 chain)
{
	return f->chain == chain && f->gen == READ_ONCE(f->tenant->gen) &&
	       !READ_ONCE(f->unsynced);
}

static void dft_sync_entry_put(struct dft_wire_entry *e,
			       const struct zgc_flow *f)
{
	memset(e, 0, sizeof(*e));
	e->vni = htonl(f->key.vni);
	memcpy(e->saddr, &f->key.saddr, sizeof(e->saddr));
	memcpy(e->daddr, &f->key.daddr, sizeof(e->daddr));
	e->sport = f->key.sport;
	e->dport = f->key.dport;
	e->proto = f->key.proto;
	if (READ_ONCE(f->closing))
		e->flags = DFT_ENTRY_F_CLOSING;
	e->version = htonl(f->version);
	e->idle_ms = htonl(jiffies_to_msecs((u32)jiffies - READ_ONCE(f->used)));
	dft_msg_verdict_write(&e->v, &f->v);
	memcpy(e->nat, &f->v.nat, sizeof(e->nat));
}

/*
 * Sends @skb, a message of a transfer from dft_sync_alloc(): a SYNC with
 * the @n entries put in it, or the SYNC_END (@n 0). Consumes @skb.
 * Return: false when the device has no socket any more.
 */
static bool dft_sync_batch(struct zgc_dev *zd, struct dft_cluster *c,
			   struct sk_buff *skb, u8 op, unsigned int n,
			   const struct dft_chain *ch, const struct dft_node *to)
{
	struct socket *sock = READ_ONCE(zd->sock);

	if (!sock) {
		kfree_skb(skb);
		return false;
	}
	((struct dft_wire_sync *)(skb->data + ETH_HLEN))->entries = n;
	local_bh_disable();
	dft_sync_xmit(zd, sock->sk, c, skb, op, ch, to);
	if (n)
		zgc_stats_add(zd, ZGC_STATS_DFT_SYNC_SENT, n);
	local_bh_enable();
	return true;
}

/*
 * The transfer @job asked for, in bursts: this node's live entries of the
 * chain, then their count. The walk goes bucket by bucket under RCU and
 * sleeps between bursts; should the table be resized meanwhile (entries
 * move to another bucket table), it starts over (entries sent twice are
 * taken once), a few times at most. Stops when the description changes
 * epoch or the node is no longer the chain's tail; the syncing node asks
 * again.
 */
static void dft_sync_transfer(struct zgc_dev *zd, const struct dft_sync_job *job)
{
	const struct bucket_table *tbl, *seen = NULL;
	struct zgc_flow_table *ft = &zd->dft;
	unsigned int b = 0, sent = 0, n = 0, walked, restarts = 0;
	bool moved = false, sock_ok;
	const struct dft_chain *ch;
	const struct dft_node *to;
	struct sk_buff *skb = NULL;
	struct dft_cluster *c;
	struct rhash_head *pos;
	struct zgc_flow *f;
	u32 count = 0;
	int tail;

	rcu_read_lock();
	for (;;) {
		c = rcu_dereference(zd->cluster);
		if (!c || c->epoch != job->epoch)
			goto out;
		ch = dft_cluster_chain(c, job->chain);
		to = dft_cluster_node(c, job->to);
		tail = ch ? dft_chain_live_tail(c, ch) : -1;
		if (!to || tail < 0 || ch->nodes[tail] != c->self)
			goto out;
		tbl = rht_dereference_rcu(ft->ht.tbl, &ft->ht);
		if ((seen && tbl != seen) || rcu_access_pointer(tbl->future_tbl))
			moved = true;
		seen = tbl;
		walked = 0;
		for (; b < tbl->size && sent < DFT_SYNC_BURST &&
		       walked < DFT_SYNC_BUCKETS; b++, walked++) {
			rht_for_each_entry_rcu(f, pos, tbl, b, node) {
				if (!dft_sync_wanted(f, job->chain))
					continue;
				if (!skb)
					skb = dft_sync_alloc(job->nonce, count);
				if (!skb)
					goto out;
				dft_sync_entry_put(skb_put(skb, sizeof(struct dft_wire_entry)),
						   f);
				if (++n < DFT_SYNC_ENTRIES_MAX)
					continue;
				sock_ok = dft_sync_batch(zd, c, skb, DFT_OP_SYNC,
							 n, ch, to);
				skb = NULL;
				if (!sock_ok)
					goto out;
				count += n;
				n = 0;
				sent++;
			}
		}
		if (b >= tbl->size) {
			if (!moved)
				break;
			if (++restarts > DFT_SYNC_RESTARTS)
				goto out;
			b = 0;
			moved = false;
			seen = NULL;
		}
		rcu_read_unlock();
		if (sent == DFT_SYNC_BURST)
			/* Let the receiver take the burst in. */
			usleep_range(500, 1000);
		else
			cond_resched();
		sent = 0;
		rcu_read_lock();
	}
	if (skb) {
		sock_ok = dft_sync_batch(zd, c, skb, DFT_OP_SYNC, n, ch, to);
		skb = NULL;
		if (!sock_ok)
			goto out;
		count += n;
	}
	skb = dft_sync_alloc(job->nonce, count);
	if (skb)
		dft_sync_batch(zd, c, skb, DFT_OP_SYNC_END, 0, ch, to);
	skb = NULL;
out:
	rcu_read_unlock();
	kfree_skb(skb);
}

/*
 * The round of syncing this node is in, and whether it syncs, read
 * under the membership's lock.
 */
static bool dft_sync_round(struct zgc_dev *zd, u32 *round)
{
	struct dft_cluster *c;
	bool syncing = false;

	rcu_read_lock();
	c = rcu_dereference(zd->cluster);
	if (c) {
		spin_lock_bh(&c->swim.lock);
		syncing = dft_sync_self_syncing(c);
		*round = c->swim.round;
		spin_unlock_bh(&c->swim.lock);
	}
	rcu_read_unlock();
	return syncing;
}

/*
 * Marks this node's entries unsynced: it starts syncing. Once they all are
 * (and it did not begin again meanwhile), it may ask for its chains'.
 */
static void dft_sync_mark(struct zgc_dev *zd)
{
	struct zgc_flow_sel all = {};
	struct dft_cluster *c;
	u32 round = 0;

	if (!dft_sync_round(zd, &round))
		return;
	zgc_flow_mark_unsynced(&zd->dft, &all, true);
	rcu_read_lock();
	c = rcu_dereference(zd->cluster);
	if (c) {
		spin_lock_bh(&c->swim.lock);
		if (dft_sync_self_syncing(c) &&
		    c->swim.round == round)
			c->swim.marked = true;
		spin_unlock_bh(&c->swim.lock);
	}
	rcu_read_unlock();
}

/* The transfer of the chain with id @chain, if this node is in it. */
static struct dft_sync_rx *dft_sync_of(struct dft_cluster *c, u32 chain)
{
	u32 k;

	for (k = 0; k < c->swim.nsync; k++)
		if (c->chains[c->swim.sync[k].chain].id == chain)
			return &c->swim.sync[k];
	return NULL;
}

/*
 * Finishes the transfers that ended, one chain at a time: its
 * unsynced entries go when its tail's transfer came, and stay, synced,
 * when nobody could give any. Then the chain is synced, unless the node
 * began again meanwhile.
 */
static void dft_sync_finish(struct zgc_dev *zd)
{
	struct zgc_flow_sel sel = { .unsynced = true };
	struct dft_cluster *c;
	struct dft_sync_rx *r;
	bool keep = false;
	u32 k, round = 0;

	for (;;) {
		sel.chain = 0;
		rcu_read_lock();
		c = rcu_dereference(zd->cluster);
		if (c) {
			spin_lock_bh(&c->swim.lock);
			for (k = 0; k < c->swim.nsync; k++) {
				r = &c->swim.sync[k];
				if (r->state != DFT_SYNC_TAKEN &&
				    r->state != DFT_SYNC_NOBODY)
					continue;
				keep = r->state == DFT_SYNC_NOBODY;
				r->state = DFT_SYNC_FINISHING;
				sel.chain = c->chains[r->chain].id;
				round = c->swim.round;
				break;
			}
			spin_unlock_bh(&c->swim.lock);
		}
		rcu_read_unlock();
		if (!sel.chain)
			return;
		if (keep)
			zgc_flow_mark_unsynced(&zd->dft, &sel, false);
		else
			zgc_flow_flush(&zd->dft, &sel);
		rcu_read_lock();
		c = rcu_dereference(zd->cluster);
		if (c) {
			spin_lock_bh(&c->swim.lock);
			r = dft_sync_of(c, sel.chain);
			if (r && r->state == DFT_SYNC_FINISHING &&
			    c->swim.round == round) {
				r->state = DFT_SYNC_DONE;
				zgc_stats_count(zd, ZGC_STATS_DFT_SYNCED);
			}
			spin_unlock_bh(&c->swim.lock);
		}
		rcu_read_unlock();
	}
}

static void dft_sync_work(struct work_struct *work)
{
	struct dft_sync_tx *tx = container_of(work, struct dft_sync_tx, work);
	struct zgc_dev *zd = container_of(tx, struct zgc_dev, sync);
	struct dft_sync_job job;
	bool mark, finish;

	for (;;) {
		spin_lock_bh(&tx->lock);
		mark = tx->mark;
		finish = tx->finish;
		tx->mark = false;
		tx->finish = false;
		if (!mark && !finish && !tx->njobs) {
			spin_unlock_bh(&tx->lock);
			return;
		}
		if (!mark && !finish) {
			job = tx->jobs[0];
			tx->njobs--;
			memmove(tx->jobs, tx->jobs + 1,
				tx->njobs * sizeof(tx->jobs[0]));
		}
		spin_unlock_bh(&tx->lock);
		if (mark)
			dft_sync_mark(zd);
		if (finish)
			dft_sync_finish(zd);
		if (!mark && !finish)
			dft_sync_transfer(zd, &job);
		cond_resched();
	}
}

/**
 * dft_sync_tx_init() - set up a device's state transfer work
 * @zd: the device
 */
void dft_sync_tx_init(struct zgc_dev *zd)
{
	spin_lock_init(&zd->sync.lock);
	INIT_WORK(&zd->sync.work, dft_sync_work);
}

/**
 * dft_sync_tx_stop() - stop a device's state transfers (it goes down, or
 *	away); the transfers asked of it are forgotten
 * @zd: the device
 *
 * Context: process, may sleep.
 */
void dft_sync_tx_stop(struct zgc_dev *zd)
{
	spin_lock_bh(&zd->sync.lock);
	zd->sync.njobs = 0;
	spin_unlock_bh(&zd->sync.lock);
	cancel_work_sync(&zd->sync.work);
}

/* A tail is asked for a chain's entries by node @from (an id). */
static enum zgc_stats_attr dft_sync_asked(struct zgc_dev *zd,
					  struct dft_cluster *c,
					  const struct dft_chain *ch, u32 from,
					  u32 nonce)
{
	struct dft_sync_tx *tx = &zd->sync;
	unsigned int k;

	if (dft_chain_position(ch, c->self) != dft_chain_live_tail(c, ch) ||
	    !dft_chain_node_syncing(c, ch, dft_chain_position(ch, from)))
		return ZGC_STATS_DFT_RX_MISDIRECTED;
	spin_lock(&tx->lock);
	for (k = 0; k < tx->njobs; k++)
		if (tx->jobs[k].to == from && tx->jobs[k].chain == ch->id)
			break;
	if (k < DFT_SYNC_JOBS) {
		/* A request again replaces the one that waits. */
		tx->jobs[k].to = from;
		tx->jobs[k].chain = ch->id;
		tx->jobs[k].nonce = nonce;
		tx->jobs[k].epoch = c->epoch;
		if (k == tx->njobs)
			tx->njobs++;
	}
	spin_unlock(&tx->lock);
	/* With every place taken, the asker asks again later. */
	schedule_work(&tx->work);
	return 0;
}

/* The syncing node's transfer of @ch, if it is the one @nonce from @from. */
static struct dft_sync_rx *dft_sync_current(struct dft_cluster *c,
					    const struct dft_chain *ch,
					    u32 from, u32 nonce)
{
	struct dft_swim *s = &c->swim;
	u32 k;

	for (k = 0; k < s->nsync; k++) {
		struct dft_sync_rx *r = &s->sync[k];

		if (&c->chains[r->chain] != ch)
			continue;
		return r->nonce == nonce && r->from == from &&
		       r->state == DFT_SYNC_TAKING ? r : NULL;
	}
	return NULL;
}

/*
 * Takes @e, an entry of chain @ch, in place of an unsynced one, and unless it
 * holds that version or a newer one already (that version closing, when
 * @e is).
 */
static void dft_sync_take(struct zgc_dev *zd, struct dft_cluster *c,
			  const struct dft_chain *ch,
			  const struct dft_wire_entry *e)
{
	struct zgc_flow tmpl = {};
	struct zgc_tenant *t;
	struct zgc_flow *f;
	u32 idle;

	tmpl.key.vni = ntohl(e->vni);
	memcpy(&tmpl.key.saddr, e->saddr, sizeof(tmpl.key.saddr));
	memcpy(&tmpl.key.daddr, e->daddr, sizeof(tmpl.key.daddr));
	tmpl.key.sport = e->sport;
	tmpl.key.dport = e->dport;
	tmpl.key.proto = e->proto;
	tmpl.version = ntohl(e->version);
	t = zgc_tenant_lookup(zd, tmpl.key.vni);
	/* A flow this node would not put in that chain is not taken. */
	if (!t || !tmpl.version ||
	    dft_epoch_flow_chain(c, &c->now, &tmpl.key) != ch)
		return;
	dft_msg_verdict_read(&e->v, &tmpl.v);
	memcpy(&tmpl.v.nat, e->nat, sizeof(tmpl.v.nat));
	if (!dft_msg_verdict_valid(&tmpl.v))
		return;
	tmpl.gen = READ_ONCE(t->gen);
	tmpl.chain = ch->id;
	tmpl.closing = !!(e->flags & DFT_ENTRY_F_CLOSING);
	f = zgc_flow_lookup(&zd->dft, &tmpl.key);
	/*
	 * Unsynced, but of another chain (whose flows went to @ch while all
	 * its nodes were believed dead), it is that chain's to confirm.
	 */
	if (f && READ_ONCE(f->unsynced) && f->chain != tmpl.chain)
		return;
	/*
	 * A DELETE closes an entry without a new version: of one version,
	 * the closing one is the later.
	 */
	if (f && f->gen == tmpl.gen && !READ_ONCE(f->unsynced) &&
	    (f->version > tmpl.version ||
	     (f->version == tmpl.version &&
	      (READ_ONCE(f->closing) || !tmpl.closing))))
		return;
	f = zgc_flow_insert(&zd->dft, t, &tmpl, f);
	if (IS_ERR(f) || f->version != tmpl.version)
		return;
	/* As idle as the original, so that both expire together. */
	idle = min_t(u32, ntohl(e->idle_ms), jiffies_to_msecs(MAX_JIFFY_OFFSET));
	WRITE_ONCE(f->used, (u32)jiffies - (u32)msecs_to_jiffies(idle));
}

/*
 * The entries of a SYNC, checked, each taken. Called with the
 * membership's lock held, which it drops while it takes them.
 */
static enum zgc_stats_attr dft_sync_entries(struct zgc_dev *zd,
					    struct dft_cluster *c,
					    const struct dft_chain *ch,
					    struct dft_sync_rx *r, u32 nonce,
					    const u8 *payload)
	__must_hold(&c->swim.lock)
{
	const struct dft_wire_sync *w = (const void *)payload;
	const struct dft_wire_entry *e = (const void *)(w + 1);
	unsigned int i;

	for (i = 0; i < w->entries; i++)
		if ((e[i].flags & ~DFT_ENTRY_F_CLOSING) || e[i].reserved)
			return ZGC_STATS_DFT_RX_MALFORMED;
	/* Out of order, or after a loss: asked for again at the next tick. */
	if (r->received != ntohl(w->count)) {
		r->nonce = 0;
		return ZGC_STATS_DFT_RX_MISDIRECTED;
	}
	spin_unlock(&c->swim.lock);
	for (i = 0; i < w->entries; i++)
		dft_sync_take(zd, c, ch, &e[i]);
	zgc_stats_add(zd, ZGC_STATS_DFT_SYNC_RECEIVED, w->entries);
	spin_lock(&c->swim.lock);
	/* Unless another request started meanwhile. */
	if (r->nonce == nonce)
		r->received += w->entries;
	return 0;
}

/**
 * dft_sync_rx() - a state transfer message (SYNC_REQ, SYNC or SYNC_END)
 * @zd: the device
 * @c: its cluster description
 * @skb: the packet, skb->data at its UDP header
 * @inner: offset of the payload from skb->data, its Ethernet header pulled
 * @vni: the Geneve header's VNI
 * @m: the DFT option, read, of this description's epoch; its sender is
 *	@from, at the packet's source
 * @opt: offset of the option's data from skb->data
 * @optlen: its length
 * @from: the sending node
 *
 * Checked as every cluster message (MAC, boots, sequence number), and about a
 * chain both nodes are in, seen alike by both.
 *
 * Return: 0 when @skb was consumed, else why to drop it.
 */
enum zgc_stats_attr dft_sync_rx(struct zgc_dev *zd, struct dft_cluster *c,
				struct sk_buff *skb, unsigned int inner,
				u32 vni, const struct dft_msg *m,
				unsigned int opt, unsigned int optlen,
				const struct dft_node *from)
{
	const struct ethhdr *eth = (const struct ethhdr *)(skb->data + inner);
	const struct dft_wire_sync *w;
	enum zgc_stats_attr why = 0;
	const struct dft_chain *ch;
	struct dft_sync_rx *r;
	unsigned int plen;
	u32 nonce;

	if (vni || eth->h_proto != htons(DFT_PROBE_ETHERTYPE) ||
	    !pskb_may_pull(skb, inner + ETH_HLEN + sizeof(*w)))
		return ZGC_STATS_DFT_RX_MALFORMED;
	w = (const struct dft_wire_sync *)(skb->data + inner + ETH_HLEN);
	if (memchr_inv(w->reserved, 0, sizeof(w->reserved)) ||
	    w->entries > DFT_SYNC_ENTRIES_MAX ||
	    (m->op == DFT_OP_SYNC) != !!w->entries)
		return ZGC_STATS_DFT_RX_MALFORMED;
	plen = sizeof(*w) + w->entries * sizeof(struct dft_wire_entry);
	if (!pskb_may_pull(skb, inner + ETH_HLEN + plen))
		return ZGC_STATS_DFT_RX_MALFORMED;
	w = (const struct dft_wire_sync *)(skb->data + inner + ETH_HLEN);
	if (c->auth) {
		if (!(m->flags & DFT_F_AUTH) ||
		    !dft_auth_valid(skb->data + opt, optlen, &c->key, vni, skb,
				    inner))
			return ZGC_STATS_DFT_RX_AUTH;
		why = dft_auth_fresh(c, m, from);
		if (why)
			return why;
	} else if (m->flags & DFT_F_AUTH) {
		return ZGC_STATS_DFT_RX_AUTH;
	}
	ch = dft_cluster_chain(c, m->chain);
	if (!ch || dft_chain_position(ch, c->self) < 0 ||
	    dft_chain_position(ch, from->id) < 0 || from->id == c->self)
		return ZGC_STATS_DFT_RX_MISDIRECTED;
	if (m->view != dft_chain_view(c, ch))
		return ZGC_STATS_DFT_RX_OTHER_VIEW;
	nonce = ntohl(w->nonce);
	if (m->op == DFT_OP_SYNC_REQ) {
		if (w->count || !nonce)
			return ZGC_STATS_DFT_RX_MALFORMED;
		why = dft_sync_asked(zd, c, ch, from->id, nonce);
	} else {
		spin_lock(&c->swim.lock);
		r = dft_sync_current(c, ch, from - c->nodes, nonce);
		if (!r)
			why = ZGC_STATS_DFT_RX_MISDIRECTED;
		else if (m->op == DFT_OP_SYNC)
			why = dft_sync_entries(zd, c, ch, r, nonce, (const u8 *)w);
		else if (r->received == ntohl(w->count)) {
			r->state = DFT_SYNC_TAKEN;
			dft_sync_work_ask(zd, false, true);
		} else {
			/* Some were lost: asked for again at the next tick. */
			r->nonce = 0;
		}
		spin_unlock(&c->swim.lock);
	}
	if (!why)
		consume_skb(skb);
	return why;
}
