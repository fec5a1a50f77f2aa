// SPDX-License-Identifier: GPL-2.0
/*
 * Forwarding a tenant's IPv4 packet: its flow is looked up in the flow
 * cache (flow.c); on a miss its verdict is decided from the endpoint
 * table and the tenant's ACL (acl.c) and cached; then the verdict is
 * executed: drop, reject (drop and answer ICMP, icmp.c) or forward.
 * Forwarding means: the destination MAC becomes the endpoint's; between
 * two subnets the source MAC becomes the destination subnet's gateway and
 * the TTL drops by one; then the frame is encapsulated again, to the
 * endpoint's host.
 *
 * Context: softirq, RCU read side (the receive path).
 */

#include <linux/etherdevice.h>
#include <linux/icmp.h>
#include <linux/ip.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/route.h>

#include "acl.h"
#include "device.h"
#include "endpoint.h"
#include "flow.h"
#include "fwd.h"
#include "icmp.h"
#include "stats.h"
#include "tenant.h"
#include "tx.h"
#include "underlay.h"

/*
 * The flow key of the inner IPv4 packet at @nh, and whether it is a TCP
 * FIN or RST. Pulls the headers it reads.
 */
static enum zgc_stats_attr zgc_fwd_key_ipv4(struct sk_buff *skb,
					    unsigned int nh, u32 vni,
					    struct zgc_flow_key *key,
					    bool *closing)
{
	const struct iphdr *iph;
	unsigned int l4;
	const __be16 *ports;

	if (!pskb_may_pull(skb, nh + sizeof(*iph)))
		return ZGC_STATS_RX_TRUNCATED;
	iph = (const struct iphdr *)(skb->data + nh);
	if (iph->version != 4 || iph->ihl < 5)
		return ZGC_STATS_RX_BAD_HEADER;
	l4 = nh + iph->ihl * 4;
	if (!pskb_may_pull(skb, l4))
		return ZGC_STATS_RX_TRUNCATED;
	iph = (const struct iphdr *)(skb->data + nh);

	memset(key, 0, sizeof(*key));
	key->vni = vni;
	key->proto = iph->protocol;
	ipv6_addr_set_v4mapped(iph->saddr, &key->saddr);
	ipv6_addr_set_v4mapped(iph->daddr, &key->daddr);
	*closing = false;
	/* Fragments carry no ports, or not all of them do: none for all. */
	if (ip_is_fragment(iph))
		return 0;
	switch (iph->protocol) {
	case IPPROTO_TCP:
		if (!pskb_may_pull(skb, l4 + sizeof(struct tcphdr)))
			return ZGC_STATS_RX_TRUNCATED;
		*closing = tcp_flag_word((struct tcphdr *)(skb->data + l4)) &
			   (TCP_FLAG_FIN | TCP_FLAG_RST);
		break;
	case IPPROTO_UDP:
		if (!pskb_may_pull(skb, l4 + sizeof(struct udphdr)))
			return ZGC_STATS_RX_TRUNCATED;
		break;
	default:
		return 0;
	}
	ports = (const __be16 *)(skb->data + l4);
	key->sport = ports[0];
	key->dport = ports[1];
	return 0;
}

/*
 * The verdict of a new flow, from the endpoint table and the tenant's
 * ACL. A packet to no endpoint gets none: it is dropped uncached.
 */
static enum zgc_stats_attr zgc_fwd_decide_ipv4(struct zgc_dev *zd,
					       const struct zgc_tenant *t,
					       const struct zgc_flow_key *key,
					       struct zgc_flow_verdict *v)
{
	const struct zgc_endpoint *ep;
	const struct zgc_subnet *sn;

	ep = zgc_endpoint_lookup(zd, t->vni, &key->daddr);
	if (!ep)
		return ZGC_STATS_RX_UNKNOWN_DESTINATION;
	memset(v, 0, sizeof(*v));
	switch (zgc_acl_check(t, key)) {
	case ZGC_ACL_DENY:
		v->action = ZGC_FLOW_DROP;
		return 0;
	case ZGC_ACL_REJECT:
		v->action = ZGC_FLOW_REJECT;
		return 0;
	}
	sn = ep->subnet;
	v->action = ZGC_FLOW_FORWARD;
	v->host = ep->host;
	ether_addr_copy(v->dmac, ep->mac);
	if (!zgc_subnet_holds(sn, &key->saddr)) {
		v->flags |= ZGC_FLOW_F_ROUTED;
		ether_addr_copy(v->smac, sn->mac);
	}
	return 0;
}

/*
 * Whether the inner IPv4 packet at @nh (pulled, and its TCP header for
 * TCP) is too big for @mtu and may not be fragmented: it has DF, or the
 * outer header always has (ZGC_DF_SET). A GSO packet is judged by the
 * segments it will be cut into.
 */
static bool zgc_fwd_too_big(const struct zgc_dev *zd, const struct sk_buff *skb,
			    unsigned int nh, unsigned int mtu)
{
	const struct iphdr *iph = (const struct iphdr *)(skb->data + nh);
	unsigned int len, l4 = nh + iph->ihl * 4;

	if (!(iph->frag_off & htons(IP_DF)) && zd->cfg.ul.df != ZGC_DF_SET)
		return false;
	if (!skb_is_gso(skb))
		return ntohs(iph->tot_len) > mtu;
	len = iph->ihl * 4 + skb_shinfo(skb)->gso_size;
	if (iph->protocol == IPPROTO_TCP)
		len += ((const struct tcphdr *)(skb->data + l4))->doff * 4;
	else if (iph->protocol == IPPROTO_UDP)
		len += sizeof(struct udphdr);
	return len > mtu;
}

/*
 * Executes a ZGC_FLOW_FORWARD verdict on the packet. A packet too big
 * for the underlay route (with the encapsulation) that may not be
 * fragmented is answered with ICMP "fragmentation needed", as a router
 * would (RFC 1191), and dropped.
 */
static enum zgc_stats_attr zgc_fwd_forward(struct zgc_dev *zd, struct sock *sk,
					   const struct zgc_tenant *t,
					   struct sk_buff *skb,
					   unsigned int inner,
					   const struct zgc_flow_verdict *v)
{
	bool routed = v->flags & ZGC_FLOW_F_ROUTED;
	unsigned int nh = inner + ETH_HLEN, mtu;
	struct ethhdr *eth;
	struct flowi4 fl4;
	struct iphdr *iph;
	struct rtable *rt;

	/* zgc_fwd_key_ipv4() pulled the IPv4 header. */
	iph = (struct iphdr *)(skb->data + nh);
	if (routed && iph->ttl <= 1)
		return ZGC_STATS_RX_TTL_EXCEEDED;
	rt = zgc_tx_route(zd, zgc_underlay_source(&zd->cfg.ul, skb), v->host,
			  &fl4);
	if (!rt) {
		/* Counted as tx_no_route. */
		kfree_skb(skb);
		return 0;
	}
	mtu = dst_mtu(&rt->dst);
	mtu = mtu > ZGC_TX_OVERHEAD ? mtu - ZGC_TX_OVERHEAD : 0;
	if (zgc_fwd_too_big(zd, skb, nh, mtu)) {
		ip_rt_put(rt);
		zgc_icmp_unreach(zd, sk, t, skb, inner, ICMP_FRAG_NEEDED,
				 min(mtu, (unsigned int)U16_MAX));
		return ZGC_STATS_RX_FRAG_NEEDED;
	}
	if (skb_ensure_writable(skb, nh + sizeof(*iph))) {
		ip_rt_put(rt);
		return ZGC_STATS_RX_NO_MEMORY;
	}

	__skb_pull(skb, inner);
	skb_reset_mac_header(skb);
	skb_set_network_header(skb, ETH_HLEN);
	eth = eth_hdr(skb);
	iph = ip_hdr(skb);
	skb->protocol = eth->h_proto;
	ether_addr_copy(eth->h_dest, v->dmac);
	if (routed) {
		ether_addr_copy(eth->h_source, v->smac);
		ip_decrease_ttl(iph);
	}
	skb_scrub_packet(skb, false);
	/* The inner flow, not the outer one, picks the UDP source port. */
	skb_clear_hash(skb);
	zgc_tx_xmit(zd, sk, skb, t->vni, rt, &fl4);
	return 0;
}

/* Marks a cached flow used now, and closing after a FIN or RST. */
static void zgc_fwd_touch(struct zgc_flow *f, bool closing)
{
	unsigned long now = jiffies;

	/* Written once a jiffy at most: the cache line stays shared. */
	if (READ_ONCE(f->used) != now)
		WRITE_ONCE(f->used, now);
	if (closing && !READ_ONCE(f->closing))
		WRITE_ONCE(f->closing, 1);
}

/**
 * zgc_fwd_ipv4() - forward an IPv4 tenant packet by its flow's verdict
 * @zd: the device
 * @sk: its tunnel socket
 * @t: the tenant the packet came from
 * @skb: the tunnel packet, skb->data at its UDP header, the inner
 *	Ethernet header at @inner and pulled
 * @inner: offset of the inner Ethernet header from skb->data
 *
 * Return: 0 when @skb was sent on (and consumed), else why to drop it
 * (the caller frees it).
 */
enum zgc_stats_attr zgc_fwd_ipv4(struct zgc_dev *zd, struct sock *sk,
				 struct zgc_tenant *t, struct sk_buff *skb,
				 unsigned int inner)
{
	struct zgc_flow_verdict v;
	enum zgc_stats_attr why;
	struct zgc_flow_key key;
	struct zgc_flow *f;
	bool closing;
	u32 gen;

	why = zgc_fwd_key_ipv4(skb, inner + ETH_HLEN, t->vni, &key, &closing);
	if (why)
		return why;
	gen = READ_ONCE(t->gen);
	f = zgc_flow_lookup(zd, &key);
	if (f && f->gen == gen) {
		zgc_stats_count(zd, ZGC_STATS_FLOW_HIT);
	} else {
		zgc_stats_count(zd, ZGC_STATS_FLOW_MISS);
		why = zgc_fwd_decide_ipv4(zd, t, &key, &v);
		if (why) {
			/* Its destination is gone: so is its stale verdict. */
			if (f)
				zgc_flow_remove(zd, f);
			return why;
		}
		f = zgc_flow_insert(zd, t, gen, &key, &v, f);
		if (IS_ERR(f)) {
			switch (PTR_ERR(f)) {
			case -ENOSPC:
				return ZGC_STATS_RX_FLOW_TABLE_FULL;
			case -EDQUOT:
				return ZGC_STATS_RX_FLOW_VNI_LIMIT;
			default:
				return ZGC_STATS_RX_NO_MEMORY;
			}
		}
	}
	zgc_fwd_touch(f, closing);
	switch (f->v.action) {
	case ZGC_FLOW_FORWARD:
		return zgc_fwd_forward(zd, sk, t, skb, inner, &f->v);
	case ZGC_FLOW_REJECT:
		zgc_icmp_unreach(zd, sk, t, skb, inner, ICMP_PKT_FILTERED, 0);
		return ZGC_STATS_RX_ACL_REJECT;
	default:
		return ZGC_STATS_RX_ACL_DENY;
	}
}
