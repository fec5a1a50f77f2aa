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
 * Context: softirq, RCU read side.
 */

#include <linux/err.h>
#include <linux/ip.h>
#include <linux/skbuff.h>

#include "cluster.h"
#include "device.h"
#include "dft.h"
#include "send.h"
#include "stats.h"
#include "tenant.h"
#include "txn.h"

/**
 * dft_fwd_serves() - whether a device's cache misses go to the DFT
 * @zd: the device
 *
 * Return: true when it is a FWD of a cluster.
 */
bool dft_fwd_serves(struct zgc_dev *zd)
{
	const struct dft_cluster *c = rcu_dereference(zd->cluster);

	return c && (c->roles & ZGC_ROLE_FWD);
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
	struct dft_cluster *c = rcu_dereference(zd->cluster);
	const struct iphdr *outer = ip_hdr(skb);
	const struct dft_chain *ch;
	const struct dft_node *tail;
	struct dft_msg m = {
		.op = DFT_OP_LOOKUP,
		.hops = DFT_HOPS_MAX,
		.host = outer->saddr,
		.entrance = outer->daddr,
	};

	if (!c)
		return ZGC_STATS_DFT_RX_MISDIRECTED;
	ch = dft_cluster_flow_chain(c, &p->key, sizeof(p->key));
	tail = dft_cluster_node(c, ch->nodes[ch->n - 1]);
	m.chain = ch->id;
	m.fwd = c->self_addr;
	zgc_stats_count(zd, ZGC_STATS_DFT_LOOKUP);
	dft_send(zd, sk, skb, inner, c, &m, tail, &p->key);
	return 0;
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

	if (!(x->c->roles & ZGC_ROLE_FWD) || x->m.fwd != x->c->self_addr ||
	    x->m.sender != x->ch->nodes[x->ch->n - 1])
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
