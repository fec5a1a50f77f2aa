// SPDX-License-Identifier: GPL-2.0
/*
 * Sending cluster messages: the tenant frame a transaction is about, in
 * Geneve with the DFT option, from this node's cluster address to
 * another node's (Documentation/wire-format.md).
 *
 * The cluster network is expected to carry jumbo frames (the option and
 * the outer headers come on top of a full-sized tenant packet): a message
 * that does not fit its route's MTU is dropped and counted
 * (ZGC_STATS_DFT_TX_TOO_BIG), and logged once per cluster description;
 * it is never fragmented (DF is set).
 *
 * Context: softirq, RCU read side.
 */

#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <net/ip.h>
#include <net/route.h>
#include <net/udp.h>
#include <net/ip_tunnels.h>
#include <net/udp_tunnel.h>

#include "auth.h"
#include "cluster.h"
#include "device.h"
#include "drop.h"
#include "msg.h"
#include "overlay.h"
#include "send.h"
#include "stats.h"
#include "tx.h"
#include "zgc_trace.h"

/* Whether the frame at skb->data, not GSO, fits @mtu once encapsulated. */
static bool dft_send_fits(const struct sk_buff *skb, unsigned int hlen,
			  unsigned int mtu)
{
	return skb->len + hlen <= mtu;
}

/*
 * Sends one message whose frame is at skb->data, not GSO: the rest of
 * dft_send_msg().
 */
static void dft_send_one(struct zgc_dev *zd, struct sock *sk,
			 struct sk_buff *skb, struct dft_cluster *c,
			 const struct dft_epoch *e, struct dft_msg *m,
			 const struct dft_node *to, u32 vni)
{
	struct zgc_geneve_opt *opt, *nat;
	unsigned int optlen, natlen, hlen;
	struct zgc_geneve_hdr *gh;
	struct flowi4 fl4;
	struct rtable *rt;
	__be16 sport;

	m->seq = atomic64_inc_return(&c->seq);
	optlen = sizeof(*opt) + dft_msg_len(m);
	natlen = dft_msg_nat_len(m);
	if (natlen)
		natlen += sizeof(*nat);
	hlen = sizeof(struct iphdr) + sizeof(struct udphdr) + sizeof(*gh) +
	       optlen + natlen;

	rt = zgc_tx_route(zd, c->self_addr, to->addr, &fl4);
	if (!rt) {
		/* Counted as tx_no_route. */
		zgc_drop_skb(zd, skb, ZGC_STATS_TX_NO_ROUTE);
		return;
	}
	if (!dft_send_fits(skb, hlen, dst_mtu(&rt->dst))) {
		if (!test_and_set_bit(DFT_CLUSTER_WARNED_MTU, &c->flags))
			netdev_warn(zd->dev,
				    "cluster messages of %u bytes and more do not fit the MTU %u of the route to %pI4: the cluster network needs jumbo frames\n",
				    skb->len + hlen, dst_mtu(&rt->dst), &to->addr);
		zgc_stats_drop_tx(zd, ZGC_STATS_DFT_TX_TOO_BIG);
		ip_rt_put(rt);
		zgc_drop_skb(zd, skb, ZGC_STATS_DFT_TX_TOO_BIG);
		return;
	}
	skb_scrub_packet(skb, false);
	skb_clear_hash(skb);
	/*
	 * The MAC covers the frame as the receiver will see it: a checksum
	 * left to offload is done now.
	 */
	zgc_tx_csum_prepare(skb);
	if (m->flags & DFT_F_AUTH && skb->ip_summed == CHECKSUM_PARTIAL &&
	    skb_checksum_help(skb)) {
		DEV_STATS_INC(zd->dev, tx_dropped);
		goto drop;
	}
	if (zgc_tx_prepare(zd, skb, rt, hlen, &sport))
		return;

	/* A rewrite's address: the NAT option, right after the DFT's. */
	if (natlen) {
		nat = skb_push(skb, natlen);
		nat->opt_class = htons(DFT_OPT_CLASS);
		nat->type = DFT_OPT_NAT_TYPE;
		nat->len = (natlen - sizeof(*nat)) / 4;
		dft_msg_nat_write(nat + 1, m);
	}
	opt = skb_push(skb, optlen);
	opt->opt_class = htons(DFT_OPT_CLASS);
	opt->type = DFT_OPT_TYPE;
	opt->len = (optlen - sizeof(*opt)) / 4;
	dft_msg_write(opt + 1, m);
	/* The MAC covers what follows the option: the NAT option, the frame. */
	if (m->flags & DFT_F_AUTH)
		dft_auth_sign(opt + 1, optlen - sizeof(*opt), &e->key, vni, skb,
			      optlen);
	gh = skb_push(skb, sizeof(*gh));
	gh->ver_opt_len = ZGC_GENEVE_VERSION << 6 | (optlen + natlen) / 4;
	gh->flags = ZGC_GENEVE_F_CRITICAL;
	gh->proto_type = htons(ETH_P_TEB);
	gh->vni = htonl(vni << 8);
	trace_dft_msg_send(zd, m, to->id, to->addr);
	udp_tunnel_xmit_skb(rt, sk, skb, fl4.saddr, fl4.daddr, 0,
			    ip4_dst_hoplimit(&rt->dst), htons(IP_DF), sport,
			    htons(zd->cfg.port), false, false);
	return;
drop:
	ip_rt_put(rt);
	kfree_skb(skb);
}

/*
 * A GSO frame, cut into the frames it stands for: each goes in a message
 * of its own, with its own number and MAC (one message cut after its
 * option was written would carry one number several times, and a MAC
 * of none of its pieces). The offload marks of the tunnel it came in
 * are dropped first, as a tunnel's receive path does: the frame is the
 * tenant's now. NULL when it could not be cut (counted).
 */
static struct sk_buff *dft_send_segment(struct zgc_dev *zd,
					struct sk_buff *skb)
{
	struct sk_buff *segs;

	if (iptunnel_pull_offloads(skb))
		goto drop;
	/* Not the transmit path's: the frame was received (as OVS does). */
	segs = __skb_gso_segment(skb, NETIF_F_SG, false);
	if (IS_ERR_OR_NULL(segs))
		goto drop;
	consume_skb(skb);
	return segs;
drop:
	DEV_STATS_INC(zd->dev, tx_dropped);
	kfree_skb(skb);
	return NULL;
}

/**
 * dft_send_msg() - send a cluster message
 * @zd: the device
 * @sk: its tunnel socket
 * @skb: the message's payload: skb->data at a UDP header (or at the
 *	payload, @inner 0), the payload at @inner: the tenant frame, its IP
 *	header pulled, or a membership message's probe; consumed
 * @inner: offset of the payload from skb->data
 * @c: the cluster
 * @e: the epoch it goes by (&@c->now but in a transaction of a rolling
 *	apply): its number and key
 * @m: the message; its cluster, epoch, sender, sequence number, boot and
 *	DFT_F_AUTH are set here, the boot it is bound to by the caller
 * @to: the node to send it to
 * @vni: the Geneve header's VNI
 *
 * A GSO frame goes as the messages of its pieces.
 */
void dft_send_msg(struct zgc_dev *zd, struct sock *sk, struct sk_buff *skb,
		  unsigned int inner, struct dft_cluster *c,
		  const struct dft_epoch *e, struct dft_msg *m,
		  const struct dft_node *to, u32 vni)
{
	struct sk_buff *next;

	m->cluster = c->id;
	m->epoch = e->epoch;
	m->sender = c->self;
	m->boot = c->swim.boot;
	m->flags &= ~DFT_F_AUTH;
	if (e->auth)
		m->flags |= DFT_F_AUTH;
	__skb_pull(skb, inner);
	skb_reset_mac_header(skb);
	skb_set_network_header(skb, ETH_HLEN);
	/*
	 * The tenant frame's own protocol, for its flow to pick the outer
	 * source port (zgc_tx_prepare()): a received frame's is the outer
	 * header's.
	 */
	skb->protocol = eth_hdr(skb)->h_proto;
	if (!skb_is_gso(skb)) {
		dft_send_one(zd, sk, skb, c, e, m, to, vni);
		return;
	}
	skb = dft_send_segment(zd, skb);
	skb_list_walk_safe(skb, skb, next) {
		skb_mark_not_on_list(skb);
		dft_send_one(zd, sk, skb, c, e, m, to, vni);
	}
}

/**
 * dft_send() - send a transaction's message: dft_send_msg() for a tenant
 *	frame of the flow @fk, bound to the receiver's boot
 * @zd: the device
 * @sk: its tunnel socket
 * @skb: the tunnel packet, as for dft_send_msg(); consumed
 * @inner: offset of the tenant frame from skb->data
 * @c: the cluster
 * @e: the epoch of the transaction
 * @m: the message
 * @to: the node to send it to, one of @c's
 * @fk: the key of the tenant frame's flow, for the VNI
 */
void dft_send(struct zgc_dev *zd, struct sock *sk, struct sk_buff *skb,
	      unsigned int inner, struct dft_cluster *c,
	      const struct dft_epoch *e, struct dft_msg *m,
	      const struct dft_node *to, const struct zgc_flow_key *fk)
{
	m->bound = dft_auth_bound_to(c, to);
	dft_send_msg(zd, sk, skb, inner, c, e, m, to, fk->vni);
}
