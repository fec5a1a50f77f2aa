// SPDX-License-Identifier: GPL-2.0
/*
 * Cluster messages that arrive on a device's tunnel socket: Geneve
 * packets with the DFT option (wire.h). Each is hostile until proven
 * otherwise: its option must read well, come from a node of this
 * cluster at that node's address, to this node, with this description's
 * epoch or the one it replaced while it keeps it (a rolling apply: the
 * message then goes by that epoch's chains and key; older: refused as
 * stale; newer: this node is behind), carry a
 * right MAC, be bound to this node's boot and of its sender's, and carry
 * a new sequence number when the cluster has a key (auth.c), and be
 * about a flow whose chain (by this node's table) is the one it names:
 * the tenant frame's flow, or with DFT_F_REVERSE its reverse, and seen
 * with the same nodes dead (dft_chain_view()) but in a REPLY.
 * Then the FTN side (chain.c) or the FWD side (lookup.c) handles it.
 * Membership messages (member.c) are handed over before the epoch is
 * checked: a node with another description is still alive, and a PING
 * from a node only another epoch lists is answered; state
 * transfer messages (sync.c) after it, of this node's own epoch only.
 *
 * Context: softirq, RCU read side.
 */

#include <linux/ip.h>
#include <linux/skbuff.h>

#include "auth.h"
#include "cluster.h"
#include "device.h"
#include "dft.h"
#include "nat.h"
#include "overlay.h"
#include "sync.h"
#include "tenant.h"
#include "txn.h"
#include "zgc_trace.h"

/*
 * The MAC, the boots and the sequence number, or their absence. The MAC
 * covers what follows the option: the NAT option if any, and the frame.
 */
static enum zgc_stats_attr dft_rx_auth(struct dft_txn *x, unsigned int opt,
				       unsigned int optlen, u32 vni,
				       const struct dft_node *from)
{
	if (!x->e->auth)
		return x->m.flags & DFT_F_AUTH ? ZGC_STATS_DFT_RX_AUTH : 0;
	if (!(x->m.flags & DFT_F_AUTH) ||
	    !dft_auth_valid(x->skb->data + opt, optlen, &x->e->key, vni,
			    x->skb, opt + optlen))
		return ZGC_STATS_DFT_RX_AUTH;
	return dft_auth_fresh(x->c, &x->m, from);
}

/*
 * The DFT NAT option, when one comes right after the DFT option (at
 * @off, the options ending at @end): the first verdict's rewrite
 * address (dft_msg_nat_read()).
 */
static enum dft_msg_err dft_rx_nat(const struct sk_buff *skb,
				   unsigned int off, unsigned int end,
				   struct dft_msg *m)
{
	const struct zgc_geneve_opt *o;
	unsigned int len;

	if (end - off < sizeof(*o))
		return dft_msg_nat_read(NULL, 0, m);
	o = (const struct zgc_geneve_opt *)(skb->data + off);
	if (o->opt_class != htons(DFT_OPT_CLASS) ||
	    o->type != DFT_OPT_NAT_TYPE)
		return dft_msg_nat_read(NULL, 0, m);
	len = ZGC_GENEVE_OPT_DATA_LEN(o);
	if (len > end - off - sizeof(*o))
		return DFT_MSG_MALFORMED;
	return dft_msg_nat_read(o + 1, len, m);
}

/**
 * dft_rx() - a cluster message
 * @zd: the device
 * @sk: its tunnel socket
 * @skb: the packet, skb->data at its UDP header, its Geneve header and
 *	options pulled
 * @inner: offset of the tenant frame from skb->data, its Ethernet header
 *	pulled
 * @vni: the Geneve header's VNI
 * @opt: offset of the DFT option's data from skb->data
 * @optlen: its length
 *
 * Return: 0 when @skb was sent on (and consumed), else why to drop it
 * (the caller frees it).
 */
enum zgc_stats_attr dft_rx(struct zgc_dev *zd, struct sock *sk,
			   struct sk_buff *skb, unsigned int inner, u32 vni,
			   unsigned int opt, unsigned int optlen)
{
	struct dft_txn x = { .zd = zd, .sk = sk, .skb = skb, .inner = inner };
	const struct iphdr *outer = ip_hdr(skb);
	const struct dft_node *from;
	enum zgc_stats_attr why;
	bool orphan;

	x.c = rcu_dereference(zd->cluster);
	if (!x.c)
		return ZGC_STATS_DFT_RX_MISDIRECTED;
	switch (dft_msg_read(skb->data + opt, optlen, &x.m)) {
	case DFT_MSG_OK:
		break;
	case DFT_MSG_VERSION:
		return ZGC_STATS_DFT_RX_VERSION;
	default:
		return ZGC_STATS_DFT_RX_MALFORMED;
	}
	from = dft_cluster_node(x.c, x.m.sender);
	if (x.m.cluster != x.c->id || outer->daddr != x.c->self_addr ||
	    !x.m.hops)
		return ZGC_STATS_DFT_RX_MISDIRECTED;
	/* A node of another epoch's description only, in a rolling apply. */
	if (!from && dft_op_is_member(x.m.op))
		return dft_member_stranger(zd, sk, x.c, skb, inner, vni, &x.m,
					   opt, optlen);
	if (!from || from->addr != outer->saddr)
		return ZGC_STATS_DFT_RX_MISDIRECTED;
	trace_dft_msg_recv(zd, &x.m, from->id, from->addr);
	if (dft_op_is_member(x.m.op))
		return dft_member_rx(zd, sk, x.c, skb, inner, vni, &x.m, opt,
				     optlen, from);
	if (x.m.epoch > x.c->epoch)
		return ZGC_STATS_DFT_RX_FUTURE_EPOCH;
	/* State transfers go by this node's epoch only. */
	if (dft_op_is_sync(x.m.op)) {
		if (x.m.epoch < x.c->epoch)
			return ZGC_STATS_DFT_RX_STALE_EPOCH;
		return dft_sync_rx(zd, x.c, skb, inner, vni, &x.m, opt, optlen,
				   from);
	}
	x.e = dft_cluster_epoch(x.c, x.m.epoch);
	/*
	 * A moved flow's LOOKUP to its old chain's tail, which no longer
	 * keeps that epoch (its device was re-created since): it has no
	 * entry to hand over, and sends the LOOKUP on to the new chain
	 * (dft_chain_orphan()), under its own epoch and key.
	 */
	orphan = !x.e && x.m.op == DFT_OP_LOOKUP &&
		 (x.m.flags & DFT_F_MIGRATE);
	if (orphan)
		x.e = &x.c->now;
	if (!x.e)
		return ZGC_STATS_DFT_RX_STALE_EPOCH;
	x.t = zgc_tenant_lookup(zd, vni);
	if (!x.t)
		return ZGC_STATS_RX_UNKNOWN_VNI;
	why = zgc_fwd_parse(skb, inner, vni, &x.p);
	if (why)
		return why;
	/* Parsing may have moved the data: the offsets stand. */
	why = dft_rx_auth(&x, opt, optlen, vni, from);
	if (why)
		return why;
	if (dft_rx_nat(skb, opt + optlen, inner, &x.m))
		return ZGC_STATS_DFT_RX_MALFORMED;
	dft_msg_nat_derive(&x.m, &x.p.key);
	/* A service flow's replies come from its backend. */
	zgc_nat_key_reply(&x.p.key, x.m.nverdicts ? &x.m.v[0] : NULL,
			  &x.rkey);
	x.key = &x.p.key;
	if (x.m.flags & DFT_F_REVERSE) {
		x.key = &x.rkey;
		x.vi = 1;
	}
	x.ch = dft_epoch_flow_chain(x.c, x.e, x.key);
	x.m.hops--;
	if (orphan)
		return dft_chain_orphan(&x);
	if (x.ch->id != x.m.chain)
		return ZGC_STATS_DFT_RX_MISDIRECTED;
	x.pos = dft_chain_position(x.ch, x.c->self);
	if (x.m.op == DFT_OP_REPLY)
		return dft_fwd_reply(&x);
	/*
	 * A sender that sees the chain otherwise (another node dead, or
	 * alive again) would route it otherwise: neither applied nor
	 * answered until the membership has settled. A REPLY is taken
	 * whatever the tail saw: every replica of its view has the verdict.
	 */
	if (x.m.view != dft_chain_view(x.c, x.ch))
		return ZGC_STATS_DFT_RX_OTHER_VIEW;
	return dft_chain_rx(&x);
}
