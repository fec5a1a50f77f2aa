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
#include <net/udp_tunnel.h>

#include "cluster.h"
#include "device.h"
#include "msg.h"
#include "overlay.h"
#include "send.h"
#include "stats.h"
#include "tx.h"

/* Whether the tenant frame at skb->data fits @mtu once encapsulated. */
static bool dft_send_fits(const struct sk_buff *skb, unsigned int hlen,
			  unsigned int mtu)
{
	if (mtu <= hlen + ETH_HLEN)
		return false;
	if (skb_is_gso(skb))
		return skb_gso_validate_network_len(skb, mtu - hlen - ETH_HLEN);
	return skb->len + hlen <= mtu;
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
 * @m: the message; its cluster, epoch, sender, sequence number and
 *	DFT_F_AUTH are set here
 * @to: the node to send it to
 * @vni: the Geneve header's VNI
 * @extra: what the MAC covers after the option (dft_msg_write())
 * @elen: its length
 */
void dft_send_msg(struct zgc_dev *zd, struct sock *sk, struct sk_buff *skb,
		  unsigned int inner, struct dft_cluster *c,
		  const struct dft_epoch *e, struct dft_msg *m,
		  const struct dft_node *to, u32 vni, const void *extra,
		  unsigned int elen)
{
	struct zgc_geneve_opt *opt;
	struct zgc_geneve_hdr *gh;
	unsigned int optlen, hlen;
	struct flowi4 fl4;
	struct rtable *rt;
	__be16 sport;

	m->cluster = c->id;
	m->epoch = e->epoch;
	m->sender = c->self;
	m->seq = atomic64_inc_return(&c->seq);
	m->flags &= ~DFT_F_AUTH;
	if (e->auth)
		m->flags |= DFT_F_AUTH;
	optlen = sizeof(*opt) + dft_msg_len(m);
	hlen = sizeof(struct iphdr) + sizeof(struct udphdr) + sizeof(*gh) +
	       optlen;

	rt = zgc_tx_route(zd, c->self_addr, to->addr, &fl4);
	if (!rt) {
		/* Counted as tx_no_route. */
		kfree_skb(skb);
		return;
	}
	__skb_pull(skb, inner);
	skb_reset_mac_header(skb);
	skb_set_network_header(skb, ETH_HLEN);
	/*
	 * The tenant frame's own protocol, for its flow to pick the outer
	 * source port (zgc_tx_prepare()): a received frame's is the outer
	 * header's.
	 */
	skb->protocol = eth_hdr(skb)->h_proto;
	if (!dft_send_fits(skb, hlen, dst_mtu(&rt->dst))) {
		if (!test_and_set_bit(DFT_CLUSTER_WARNED_MTU, &c->flags))
			netdev_warn(zd->dev,
				    "cluster messages of %u bytes and more do not fit the MTU %u of the route to %pI4: the cluster network needs jumbo frames\n",
				    skb->len + hlen, dst_mtu(&rt->dst), &to->addr);
		zgc_stats_drop_tx(zd, ZGC_STATS_DFT_TX_TOO_BIG);
		goto drop;
	}
	skb_scrub_packet(skb, false);
	skb_clear_hash(skb);
	if (zgc_tx_prepare(zd, skb, rt, hlen, &sport))
		return;

	opt = skb_push(skb, optlen);
	opt->opt_class = htons(DFT_OPT_CLASS);
	opt->type = DFT_OPT_TYPE;
	opt->len = (optlen - sizeof(*opt)) / 4;
	dft_msg_write(opt + 1, m, &e->key, extra, elen);
	gh = skb_push(skb, sizeof(*gh));
	gh->ver_opt_len = ZGC_GENEVE_VERSION << 6 | optlen / 4;
	gh->flags = ZGC_GENEVE_F_CRITICAL;
	gh->proto_type = htons(ETH_P_TEB);
	gh->vni = htonl(vni << 8);
	udp_tunnel_xmit_skb(rt, sk, skb, fl4.saddr, fl4.daddr, 0,
			    ip4_dst_hoplimit(&rt->dst), htons(IP_DF), sport,
			    htons(zd->cfg.port), false, false);
	return;
drop:
	ip_rt_put(rt);
	kfree_skb(skb);
}

/**
 * dft_send() - send a transaction's message: dft_send_msg() for a tenant
 *	frame of the flow @fk
 * @zd: the device
 * @sk: its tunnel socket
 * @skb: the tunnel packet, as for dft_send_msg(); consumed
 * @inner: offset of the tenant frame from skb->data
 * @c: the cluster
 * @e: the epoch of the transaction
 * @m: the message
 * @to: the node to send it to
 * @fk: the key of the tenant frame's flow, for the VNI and the MAC
 */
void dft_send(struct zgc_dev *zd, struct sock *sk, struct sk_buff *skb,
	      unsigned int inner, struct dft_cluster *c,
	      const struct dft_epoch *e, struct dft_msg *m,
	      const struct dft_node *to, const struct zgc_flow_key *fk)
{
	dft_send_msg(zd, sk, skb, inner, c, e, m, to, fk->vni, fk,
		     sizeof(*fk));
}
