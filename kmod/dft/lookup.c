// SPDX-License-Identifier: GPL-2.0
/*
 * The FWD's side of the DFT: a cache miss sends the packet itself to the
 * tail of its flow's chain (LOOKUP), with what the FWD needs to finish
 * the job when the packet comes back: its own address, and the compute
 * host's address and the entrance it tunnelled to. The packet comes back
 * from the tail with the flow's verdict (REPLY): the FWD caches it and
 * executes it on the packet as if the packet had just arrived from the
 * host. Nothing waits for an answer: the packet is the transaction.
 *
 * Cache hits of a verdict from the DFT go back through the chain now and
 * then, the same way but to the head: a busy flow's first packet in
 * each sixth of the flow timeout keeps its entries alive (REFRESH), and
 * the flow's first TCP FIN or RST closes them (DELETE).
 *
 * Context: softirq, RCU read side.
 */

#include <linux/err.h>
#include <linux/ip.h>
#include <linux/jiffies.h>
#include <linux/skbuff.h>

#include "cluster.h"
#include "device.h"
#include "dft.h"
#include "send.h"
#include "stats.h"
#include "tenant.h"
#include "txn.h"

/* The device's cluster, when it is a FWD of one. */
static struct dft_cluster *dft_fwd_cluster(struct zgc_dev *zd)
{
	struct dft_cluster *c = rcu_dereference(zd->cluster);

	return c && (c->roles & ZGC_ROLE_FWD) ? c : NULL;
}

/**
 * dft_fwd_serves() - whether a device's cache misses go to the DFT
 * @zd: the device
 *
 * Return: true when it is a FWD of a cluster.
 */
bool dft_fwd_serves(struct zgc_dev *zd)
{
	return dft_fwd_cluster(zd);
}

/*
 * Sends a tenant packet into the DFT with @m: its chain, the FWD's own
 * address and the packet's outer addresses (where the REPLY is to go on
 * from) are filled in here. @head: to the head of the chain, else to its
 * tail; both leave out the nodes this FWD believes dead (member.c).
 *
 * Return: 0: the packet is on its way (consumed), or why to drop it.
 */
static enum zgc_stats_attr dft_fwd_send(struct zgc_dev *zd, struct sock *sk,
					struct sk_buff *skb, unsigned int inner,
					struct dft_cluster *c, struct dft_msg *m,
					const struct zgc_fwd_pkt *p, bool head)
{
	const struct dft_epoch *e = dft_cluster_txn_epoch(c);
	const struct iphdr *outer = ip_hdr(skb);
	const struct dft_chain *ch, *old;
	int to;

	ch = dft_epoch_flow_chain(c, e, &p->key);
	to = head ? dft_chain_live_head(c, ch) : dft_chain_live_tail(c, ch);
	if (to < 0)
		return ZGC_STATS_DFT_CHAIN_DOWN;
	/*
	 * A flow the description moved from another chain: the LOOKUP goes
	 * to the old chain's tail first, in the previous epoch, which hands
	 * the entry to the new chain (DFT_F_MIGRATE, chain.c).
	 */
	if (!head && c->prev && e == &c->now) {
		old = dft_epoch_flow_chain(c, c->prev, &p->key);
		if (old->id != ch->id && dft_chain_live_tail(c, old) >= 0) {
			e = c->prev;
			ch = old;
			to = dft_chain_live_tail(c, ch);
			m->flags |= DFT_F_MIGRATE;
		}
	}
	m->hops = DFT_HOPS_MAX;
	m->chain = ch->id;
	m->view = dft_chain_view(c, ch);
	m->fwd = c->self_addr;
	m->host = outer->saddr;
	m->entrance = outer->daddr;
	dft_send(zd, sk, skb, inner, c, e, m,
		 dft_cluster_node(c, ch->nodes[to]), &p->key);
	return 0;
}

/**
 * dft_fwd_lookup() - send a packet whose flow missed the cache to the DFT
 * @zd: the device, a FWD of a cluster
 * @sk: its tunnel socket
 * @t: the tenant the packet came from
 * @skb: the tunnel packet, skb->data at its UDP header
 * @inner: offset of its tenant frame from skb->data
 * @p: the packet, parsed
 *
 * Return: 0: the packet is on its way (consumed), or why to drop it.
 */
enum zgc_stats_attr dft_fwd_lookup(struct zgc_dev *zd, struct sock *sk,
				   struct zgc_tenant *t, struct sk_buff *skb,
				   unsigned int inner,
				   const struct zgc_fwd_pkt *p)
{
	struct dft_cluster *c = dft_fwd_cluster(zd);
	struct dft_msg m = { .op = DFT_OP_LOOKUP };

	if (!c)
		return ZGC_STATS_DFT_RX_MISDIRECTED;
	zgc_stats_count(zd, ZGC_STATS_DFT_LOOKUP);
	return dft_fwd_send(zd, sk, skb, inner, c, &m, p, false);
}

/**
 * dft_fwd_refresh_due() - whether a cache hit goes through its chain
 * @zd: the device
 * @f: the flow's cache entry, a verdict from the DFT; @f->used not yet
 *	touched by this packet
 * @closing: the packet is a TCP FIN or RST
 *
 * The first FIN or RST of a flow goes through the chain to close the
 * flow's entries (DELETE). To keep them alive (REFRESH), so does a busy
 * flow's first packet in each sixth of the flow timeout: time is cut in
 * such periods from the clock's zero, and a packet whose flow's previous
 * packet (@f->used) came in an earlier period is the first of its own.
 * The entries of a flow that sends in every period hear of it at least
 * every third of the timeout, so two REFRESHes in a row may be lost
 * before they expire. A verdict of an older configuration version than
 * the tenant's here goes every 100 ms. The FTNs' flow timeout must not be shorter than
 * the FWDs'.
 *
 * Context: RCU read side.
 * Return: true when the packet is to go through the chain.
 */
bool dft_fwd_refresh_due(const struct zgc_dev *zd, const struct zgc_flow *f,
			 bool closing)
{
	u32 period = max_t(u32, READ_ONCE(zd->flows.timeout) / 6, 1);
	u32 now = jiffies;

	if (closing && !READ_ONCE(f->closing))
		return true;
	/*
	 * A verdict decided under an older version of the tenant's
	 * configuration than this FWD's: its chain's head decides it again
	 * (dft_entry_older()), and is asked every 100 ms until it has.
	 */
	if (f->v.config < READ_ONCE(f->tenant->config_version))
		period = min_t(u32, period, max_t(u32, HZ / 10, 1));
	return now / period != READ_ONCE(f->used) / period;
}

/**
 * dft_fwd_refresh() - send a cache hit through its flow's chain
 * @zd: the device
 * @sk: its tunnel socket
 * @t: the tenant the packet came from
 * @skb: the tunnel packet, skb->data at its UDP header
 * @inner: offset of its tenant frame from skb->data
 * @p: the packet, parsed
 * @f: its flow's cache entry, a verdict from the DFT
 *
 * The packet goes to the head with the verdict and version the FWD
 * holds: every replica marks its entry used (REFRESH), or closing
 * (DELETE), and the tail sends the packet back with the verdict as a
 * REPLY. Other packets of the flow go on from the cache meanwhile: the
 * one that went through the chain may arrive after them. Every FIN or
 * RST goes through the chain until one comes back.
 *
 * Context: RCU read side.
 * Return: 0: the packet is on its way (consumed), or why to drop it.
 */
enum zgc_stats_attr dft_fwd_refresh(struct zgc_dev *zd, struct sock *sk,
				    struct zgc_tenant *t, struct sk_buff *skb,
				    unsigned int inner,
				    const struct zgc_fwd_pkt *p,
				    struct zgc_flow *f)
{
	struct dft_cluster *c = dft_fwd_cluster(zd);
	bool closing = p->closing && !READ_ONCE(f->closing);
	struct dft_msg m = {
		.op = closing ? DFT_OP_DELETE : DFT_OP_REFRESH,
		.nverdicts = 1,
		.version = f->version,
		.v[0] = f->v,
	};

	/* No longer in a cluster: the cached verdict stands. */
	if (!c)
		return zgc_fwd_execute(zd, sk, t, skb, inner, p, f);
	/*
	 * Once: the packets that follow until the REPLY stay on the fast
	 * path. The cached entry closes only with the DELETE's REPLY
	 * (zgc_fwd_execute() with its FIN or RST): a DELETE lost on the way
	 * loses its packet, and the retransmitted FIN or RST deletes again.
	 */
	zgc_flow_touch(f, false);
	zgc_stats_count(zd, closing ? ZGC_STATS_DFT_DELETE :
				      ZGC_STATS_DFT_REFRESH);
	return dft_fwd_send(zd, sk, skb, inner, c, &m, p, true);
}

/**
 * dft_fwd_reply() - a flow's verdict from the tail of its chain, with the
 *	packet that asked for it
 * @x: the message, checked by dft_rx()
 *
 * Return: 0 when the packet was sent on, else why to drop it.
 */
enum zgc_stats_attr dft_fwd_reply(struct dft_txn *x)
{
	struct zgc_flow tmpl = {
		.key = x->p.key,
		.gen = READ_ONCE(x->t->gen),
		.chain = x->ch->id,
		.version = x->m.version,
	};
	struct zgc_dev *zd = x->zd;
	struct iphdr *outer;
	struct zgc_flow *f;
	int pos;

	/*
	 * From a replica of the chain this FWD does not believe out of it
	 * (dead or drained): the tail as the sender saw the chain (which
	 * nodes are left out may differ between nodes for a moment).
	 */
	pos = dft_chain_position(x->ch, x->m.sender);
	if (!(x->c->roles & ZGC_ROLE_FWD) || x->m.fwd != x->c->self_addr ||
	    pos < 0 || dft_chain_node_out(x->c, x->ch, pos))
		return ZGC_STATS_DFT_RX_MISDIRECTED;
	if (x->m.nverdicts < 1)
		return ZGC_STATS_DFT_RX_MALFORMED;
	zgc_stats_count(zd, ZGC_STATS_DFT_REPLY);
	tmpl.v = x->m.v[0];
	f = zgc_flow_lookup(&zd->flows, &x->p.key);
	if (!f || f->gen != tmpl.gen || f->version < tmpl.version) {
		f = zgc_flow_insert(&zd->flows, x->t, &tmpl, f);
		if (IS_ERR(f))
			return zgc_fwd_insert_error(f);
	}
	/*
	 * The packet goes on as if it had just come from its host: its
	 * outer addresses become the ones the host used (answers and
	 * forwarded packets leave from the entrance the host tunnelled to).
	 */
	if (skb_cloned(x->skb) &&
	    pskb_expand_head(x->skb, 0, 0, GFP_ATOMIC))
		return ZGC_STATS_RX_NO_MEMORY;
	outer = ip_hdr(x->skb);
	outer->saddr = x->m.host;
	outer->daddr = x->m.entrance;
	return zgc_fwd_execute(zd, x->sk, x->t, x->skb, x->inner, &x->p, f);
}
