// SPDX-License-Identifier: GPL-2.0
/*
 * The provider network (SDD 4.1.2.1.2): external clients, on a plain
 * routed IPv4 or IPv6 network, reach the public services of tenants
 * (ZGC_SERVICE_A_PUBLIC) through provider-facing FWDs (ZGC_A_PROVIDER).
 *
 * Inbound: a node routes a public VIP into its zgc device (a route "VIP
 * dev zgc0", IP forwarding on; the device takes no ARP, IFF_NOARP). The
 * device's transmit path takes a TCP or UDP packet to a public VIP and
 * port of a service as a flow of the service's tenant
 * (zgc_provider_xmit()). The packet then goes the way a tenant's packet
 * goes (fwd.c): its verdict found in the flow cache, fetched from the DFT
 * with the packet (on a FWD of a cluster), or decided here; its
 * destination rewritten to a backend, it is tunnelled to the backend's
 * host. To go that way it takes the form of a received tunnel packet: an
 * outer IPv4 header at the network header, skb->data at the frame. Its
 * source is 0.0.0.0: no host sent it, zgc answers nothing to it
 * (zgc_tx_answer()). Its destination, the address it is forwarded from
 * (zgc_underlay_source()), is the device's local address, or else its
 * first entrance: a stock tunnel device takes packets only from the
 * address it tunnels to.
 *
 * Outbound: the verdict of a backend's replies to an external client is
 * ZGC_FLOW_ROUTE (zgc_fwd_decide()): whichever FWD they reach, provider-
 * facing or not, rewrites their source to the public VIP and sends them
 * as its node's own IP packets, routed by the node's routing table
 * (zgc_provider_route()): no IP forwarding needed for them, and a node's
 * firewall sees them in its OUTPUT chain.
 *
 * Context: the device's transmit path (BH off, RCU), the receive path
 * (softirq, RCU).
 */

#include <linux/etherdevice.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <net/ip.h>
#include <net/ip6_route.h>
#include <net/ip_tunnels.h>
#include <net/ipv6.h>
#include <net/route.h>
#include <net/sock.h>

#include "device.h"
#include "drop.h"
#include "fwd.h"
#include "provider.h"
#include "service.h"
#include "stats.h"
#include "tenant.h"

/*
 * Takes a packet routed into the device as a flow of the tenant whose
 * public VIP it goes to. Return: 0 when it went on (consumed), else why
 * to drop it.
 */
static enum zgc_stats_attr zgc_provider_take(struct zgc_dev *zd,
					     struct sk_buff *skb)
{
	struct socket *sock = READ_ONCE(zd->sock);
	const struct zgc_service *s;
	enum zgc_stats_attr why;
	struct zgc_tenant *t;
	struct zgc_fwd_pkt p;
	struct iphdr *outer;
	u32 vni;

	/* Sent only while the device is up, which it has a socket for. */
	if (!sock || !pskb_may_pull(skb, ETH_HLEN))
		return ZGC_STATS_PROVIDER_NO_SERVICE;
	why = zgc_fwd_parse(skb, 0, 0, &p);
	if (why)
		return why == ZGC_STATS_RX_UNKNOWN_DESTINATION ?
		       ZGC_STATS_PROVIDER_NO_SERVICE : why;
	if (!p.ports || p.frag ||
	    zgc_service_public_vni(zd, &p.key.daddr, &vni))
		return ZGC_STATS_PROVIDER_NO_SERVICE;
	p.key.vni = vni;
	s = zgc_service_lookup(zd, vni, &p.key.daddr, p.key.dport,
			       p.key.proto);
	t = zgc_tenant_lookup(zd, vni);
	if (!s || !s->public || !t)
		return ZGC_STATS_PROVIDER_NO_SERVICE;
	/* The tenant's own addresses come from its instances only. */
	if (zgc_tenant_subnet_of(t, &p.key.saddr))
		return ZGC_STATS_RX_SPOOFED;
	if (skb_cow_head(skb, sizeof(*outer)))
		return ZGC_STATS_RX_NO_MEMORY;
	/* The route into the device, and the node's conntrack, stay here. */
	skb_scrub_packet(skb, false);
	outer = skb_push(skb, sizeof(*outer));
	memset(outer, 0, sizeof(*outer));
	outer->version = 4;
	outer->ihl = 5;
	outer->protocol = IPPROTO_UDP;
	outer->daddr = zd->cfg.ul.local ?:
		       (zd->cfg.ul.nentrances ? zd->cfg.ul.entrance[0] : 0);
	skb_reset_network_header(skb);
	__skb_pull(skb, sizeof(*outer));
	zgc_stats_count(zd, ZGC_STATS_PROVIDER_RX);
	return zgc_fwd_flow(zd, sock->sk, t, skb, 0, &p);
}

/**
 * zgc_provider_xmit() - a packet the node routed into the device
 * @zd: the device
 * @skb: the packet, skb->data at its Ethernet header; consumed
 *
 * A provider-facing device takes a TCP or UDP packet to a public VIP and
 * port of a service as a flow of the service's tenant; anything else is
 * dropped, counted (ZGC_STATS_PROVIDER_NO_SERVICE and tx_dropped, or
 * tx_dropped alone on a device that is not provider-facing).
 *
 * Context: the device's ndo_start_xmit (BH off).
 * Return: NETDEV_TX_OK.
 */
netdev_tx_t zgc_provider_xmit(struct zgc_dev *zd, struct sk_buff *skb)
{
	unsigned int len = skb->len;
	enum zgc_stats_attr why;

	if (!READ_ONCE(zd->provider)) {
		DEV_STATS_INC(zd->dev, tx_dropped);
		kfree_skb(skb);
		return NETDEV_TX_OK;
	}
	rcu_read_lock();
	why = zgc_provider_take(zd, skb);
	rcu_read_unlock();
	if (why) {
		zgc_stats_drop_tx(zd, why);
		zgc_drop_skb(zd, skb, why);
	} else {
		dev_sw_netstats_tx_add(zd->dev, 1, len);
	}
	return NETDEV_TX_OK;
}

/* Sends an IPv4 packet by the node's routes, from any source address. */
static bool zgc_provider_route4(struct net *net, struct sk_buff *skb)
{
	struct iphdr *iph = ip_hdr(skb);
	struct flowi4 fl4 = {
		.daddr = iph->daddr,
		.saddr = iph->saddr,
		.flowi4_proto = iph->protocol,
		/* The public VIP is no address of the node. */
		.flowi4_flags = FLOWI_FLAG_ANYSRC,
	};
	struct rtable *rt;

	if (iph->ttl <= 1)
		return false;
	rt = ip_route_output_key(net, &fl4);
	if (IS_ERR(rt))
		return false;
	/* Not to the node itself, nor back into a zgc device. */
	if (rt->rt_type != RTN_UNICAST || zgc_dev_from_netdev(rt->dst.dev)) {
		ip_rt_put(rt);
		return false;
	}
	ip_decrease_ttl(iph);
	memset(IPCB(skb), 0, sizeof(*IPCB(skb)));
	skb_dst_set(skb, &rt->dst);
	skb->protocol = htons(ETH_P_IP);
	ip_local_out(net, NULL, skb);
	return true;
}

/* The same for an IPv6 packet. */
static bool zgc_provider_route6(struct net *net, struct sk_buff *skb)
{
	struct ipv6hdr *ip6 = ipv6_hdr(skb);
	struct flowi6 fl6 = {
		.daddr = ip6->daddr,
		.saddr = ip6->saddr,
		.flowi6_proto = ip6->nexthdr,
	};
	struct dst_entry *dst;

	if (ip6->hop_limit <= 1)
		return false;
	dst = ip6_route_output(net, NULL, &fl6);
	if (dst->error ||
	    (container_of(dst, struct rt6_info, dst)->rt6i_flags &
	     (RTF_LOCAL | RTF_ANYCAST)) ||
	    (dst->dev->flags & IFF_LOOPBACK) || zgc_dev_from_netdev(dst->dev)) {
		dst_release(dst);
		return false;
	}
	ip6->hop_limit--;
	memset(IP6CB(skb), 0, sizeof(*IP6CB(skb)));
	skb_dst_set(skb, dst);
	skb->protocol = htons(ETH_P_IPV6);
	ip6_local_out(net, NULL, skb);
	return true;
}

/**
 * zgc_provider_route() - send a public service's reply to its external
 *	client (ZGC_FLOW_ROUTE)
 * @zd: the device
 * @skb: the tunnel packet, as for zgc_fwd_ip(), its source rewritten to
 *	the public VIP
 * @p: the packet, parsed (@p->nh: offset of its IP header from skb->data)
 *
 * The IP packet leaves its tunnel and is sent as the node's own, routed
 * by the node's routing table; its TTL or hop limit drops by one, as
 * through a router.
 *
 * Context: softirq, RCU read side.
 * Return: 0 when the packet was sent (consumed), else why to drop it:
 * ZGC_STATS_PROVIDER_NO_ROUTE when the node has no unicast route to the
 * client but into a zgc device, or the TTL ran out.
 */
enum zgc_stats_attr zgc_provider_route(struct zgc_dev *zd, struct sk_buff *skb,
				       const struct zgc_fwd_pkt *p)
{
	struct net *net = dev_net(zd->dev);
	bool sent;

	__skb_pull(skb, p->nh);
	skb_reset_network_header(skb);
	skb_set_transport_header(skb, p->l4 - p->nh);
	/* A GSO packet of the tunnel is one of plain TCP or UDP now. */
	if (iptunnel_pull_offloads(skb))
		return ZGC_STATS_RX_NO_MEMORY;
	/* The rewrite left the whole packet's sum behind. */
	if (skb->ip_summed == CHECKSUM_COMPLETE)
		skb->ip_summed = CHECKSUM_NONE;
	skb_scrub_packet(skb, false);
	skb_clear_hash(skb);
	sent = p->ipv6 ? zgc_provider_route6(net, skb) :
			 zgc_provider_route4(net, skb);
	if (!sent)
		return ZGC_STATS_PROVIDER_NO_ROUTE;
	zgc_stats_count(zd, ZGC_STATS_PROVIDER_TX);
	return 0;
}
