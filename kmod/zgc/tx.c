// SPDX-License-Identifier: GPL-2.0
/*
 * Sending tenant frames to a compute host: the overlay header, the
 * underlay route, and the UDP tunnel transmit (as geneve.c does it), with
 * the device's outer TTL and DF (underlay.c).
 *
 * Context: softirq, RCU read side (called from the receive path).
 */

#include <linux/etherdevice.h>
#include <linux/if_ether.h>
#include <linux/ipv6.h>
#include <linux/skbuff.h>
#include <linux/udp.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/route.h>
#include <net/udp.h>
#include <net/udp_tunnel.h>

#include "device.h"
#include "drop.h"
#include "overlay.h"
#include "stats.h"
#include "tx.h"
#include "underlay.h"

static void zgc_tx_push_overlay(const struct zgc_dev *zd, struct sk_buff *skb,
				u32 vni)
{
	if (zd->cfg.overlay == ZGC_OVERLAY_VXLAN) {
		struct zgc_vxlan_hdr *vh = skb_push(skb, sizeof(*vh));

		vh->flags = htonl(ZGC_VXLAN_F_VNI);
		vh->vni = htonl(vni << 8);
	} else {
		struct zgc_geneve_hdr *gh = skb_push(skb, sizeof(*gh));

		gh->ver_opt_len = ZGC_GENEVE_VERSION << 6;
		gh->flags = 0;
		gh->proto_type = htons(ETH_P_TEB);
		gh->vni = htonl(vni << 8);
	}
}

/**
 * zgc_tx_route() - the underlay route to a host
 * @zd: the device
 * @saddr: the local underlay address to send from, 0 for the one the
 *	route prefers
 * @daddr: the host's underlay address
 * @fl4: the flow looked up, for zgc_tx_xmit()
 *
 * Return: the route, or NULL (counted as tx_no_route).
 */
struct rtable *zgc_tx_route(struct zgc_dev *zd, __be32 saddr, __be32 daddr,
			    struct flowi4 *fl4)
{
	struct rtable *rt;

	memset(fl4, 0, sizeof(*fl4));
	fl4->daddr = daddr;
	fl4->saddr = saddr;
	fl4->flowi4_proto = IPPROTO_UDP;
	fl4->fl4_dport = htons(zd->cfg.port);
	rt = ip_route_output_key(dev_net(zd->dev), fl4);
	if (IS_ERR(rt)) {
		zgc_stats_drop_tx(zd, ZGC_STATS_TX_NO_ROUTE);
		return NULL;
	}
	/* A route back into the gateway itself would loop. */
	if (rt->dst.dev == zd->dev) {
		ip_rt_put(rt);
		zgc_stats_drop_tx(zd, ZGC_STATS_TX_NO_ROUTE);
		return NULL;
	}
	return rt;
}

/**
 * zgc_tx_prepare() - make a frame ready for its outer headers
 * @zd: the device
 * @skb: the frame, skb->data at its Ethernet header
 * @rt: the route it is to take
 * @hlen: how long its outer headers will be
 * @sport: where to put the outer UDP source port
 *
 * Makes room for the outer headers, takes the source port from the inner
 * flow (so that the underlay spreads flows, and a flow keeps its path),
 * settles the checksum state (zgc_tx_csum_prepare()) and the offloads, as
 * geneve.c does: a GSO frame (one a sender's tunnel device left whole,
 * over a veth, arrives so) is cut after the new outer headers, each
 * segment with its outer UDP checksum, whatever tunnel type the frame
 * came marked with. The caller pushes its headers and sends the frame
 * with udp_tunnel_xmit_skb().
 *
 * Return: 0, or -ENOMEM when there was no room: @skb and @rt are freed
 * and the drop counted as tx_dropped.
 */
int zgc_tx_prepare(struct zgc_dev *zd, struct sk_buff *skb, struct rtable *rt,
		   unsigned int hlen, __be16 *sport)
{
	if (skb_cow_head(skb, LL_RESERVED_SPACE(rt->dst.dev) + hlen)) {
		ip_rt_put(rt);
		DEV_STATS_INC(zd->dev, tx_dropped);
		kfree_skb(skb);
		return -ENOMEM;
	}
	/*
	 * The flow dissector finds the netns through skb->dev, so set it
	 * first (a reply built here has none yet).
	 */
	skb->dev = zd->dev;
	*sport = udp_flow_src_port(dev_net(zd->dev), skb, 0, 0, true);
	zgc_tx_csum_prepare(skb);
	if (udp_tunnel_handle_offloads(skb, true)) {
		ip_rt_put(rt);
		DEV_STATS_INC(zd->dev, tx_dropped);
		kfree_skb(skb);
		return -ENOMEM;
	}
	skb_set_inner_protocol(skb, htons(ETH_P_TEB));
	return 0;
}

/**
 * zgc_tx_xmit() - send an Ethernet frame to a host on a route
 * @zd: the device
 * @sk: the device's tunnel socket
 * @skb: the frame, skb->data at its Ethernet header; consumed
 * @vni: the tenant's VNI
 * @rt: the route from zgc_tx_route(); consumed
 * @fl4: its flow
 */
void zgc_tx_xmit(struct zgc_dev *zd, struct sock *sk, struct sk_buff *skb,
		 u32 vni, struct rtable *rt, const struct flowi4 *fl4)
{
	__be16 sport, df;

	if (zgc_tx_prepare(zd, skb, rt, ZGC_TX_HEADROOM, &sport))
		return;
	df = zgc_underlay_df(&zd->cfg.ul, skb);
	zgc_tx_push_overlay(zd, skb, vni);
	udp_tunnel_xmit_skb(rt, sk, skb, fl4->saddr, fl4->daddr, 0,
			    zd->cfg.ul.ttl ?: ip4_dst_hoplimit(&rt->dst), df,
			    sport, htons(zd->cfg.port), false, false);
}

/**
 * zgc_tx_csum_prepare() - the checksum state of a frame to encapsulate
 * @skb: the frame, skb->data at its Ethernet header
 *
 * An inner checksum still to be done stays so (the outer UDP one is then
 * derived from it, as geneve.c does). One still to be done in headers
 * that were taken off (the outer UDP checksum of a packet a local sender,
 * or another zgc node on a veth, left to offload) is moot: the payload is
 * complete, and only the new outer checksum remains.
 */
void zgc_tx_csum_prepare(struct sk_buff *skb)
{
	if (skb->ip_summed == CHECKSUM_PARTIAL &&
	    skb_checksum_start(skb) >= skb->data)
		return;
	skb->ip_summed = CHECKSUM_NONE;
}

/**
 * zgc_tx_frame_alloc() - an Ethernet frame to answer a host with
 * @dmac: its destination MAC
 * @smac: its source MAC
 * @proto: its ethertype
 * @len: how long what follows the Ethernet header will be
 *
 * Context: softirq.
 * Return: the frame with its Ethernet header put, the network header
 * right after it, room for @len more bytes and headroom for the
 * encapsulation; NULL when out of memory.
 */
struct sk_buff *zgc_tx_frame_alloc(const u8 *dmac, const u8 *smac,
				   __be16 proto, unsigned int len)
{
	struct sk_buff *skb;
	struct ethhdr *eth;

	skb = alloc_skb(LL_MAX_HEADER + ZGC_TX_HEADROOM + ETH_HLEN + len,
			GFP_ATOMIC);
	if (!skb)
		return NULL;
	skb_reserve(skb, LL_MAX_HEADER + ZGC_TX_HEADROOM);
	skb_reset_mac_header(skb);
	eth = skb_put(skb, ETH_HLEN);
	ether_addr_copy(eth->h_dest, dmac);
	ether_addr_copy(eth->h_source, smac);
	eth->h_proto = proto;
	skb->protocol = proto;
	skb_set_network_header(skb, ETH_HLEN);
	return skb;
}

/**
 * zgc_tx_put_ipv6() - put the IPv6 header of an answer
 * @skb: the answer, from zgc_tx_frame_alloc()
 * @saddr: its source address
 * @daddr: its destination address
 * @hop_limit: its hop limit
 * @len: its payload's length, an ICMPv6 message
 */
void zgc_tx_put_ipv6(struct sk_buff *skb, const struct in6_addr *saddr,
		     const struct in6_addr *daddr, u8 hop_limit,
		     unsigned int len)
{
	struct ipv6hdr *ip6 = skb_put_zero(skb, sizeof(*ip6));

	ip6_flow_hdr(ip6, 0, 0);
	ip6->payload_len = htons(len);
	ip6->nexthdr = IPPROTO_ICMPV6;
	ip6->hop_limit = hop_limit;
	ip6->saddr = *saddr;
	ip6->daddr = *daddr;
}

/**
 * zgc_tx_answer() - send an answer back to the host a tunnel packet came
 *	from, from the address that packet was sent to
 * @zd: the device
 * @sk: the device's tunnel socket
 * @reply: the answer (an Ethernet frame), consumed; NULL when it could not
 *	be allocated, counted as tx_dropped
 * @vni: the tenant's VNI
 * @skb: the tunnel packet answered, its outer IPv4 header at the network
 *	header
 */
void zgc_tx_answer(struct zgc_dev *zd, struct sock *sk, struct sk_buff *reply,
		   u32 vni, const struct sk_buff *skb)
{
	const struct iphdr *outer = ip_hdr(skb);

	/* No answer goes to a packet from the provider network (provider.c). */
	if (!reply || !outer->saddr) {
		DEV_STATS_INC(zd->dev, tx_dropped);
		kfree_skb(reply);
		return;
	}
	zgc_tx_encap(zd, sk, reply, vni, outer->daddr, outer->saddr);
}

/**
 * zgc_tx_encap() - send an Ethernet frame to a host through its tunnel
 * @zd: the device
 * @sk: the device's tunnel socket
 * @skb: the frame, skb->data at its Ethernet header; consumed
 * @vni: the tenant's VNI
 * @saddr: the local underlay address to send from, 0 for the one the
 *	route prefers
 * @daddr: the host's underlay address
 */
void zgc_tx_encap(struct zgc_dev *zd, struct sock *sk, struct sk_buff *skb,
		  u32 vni, __be32 saddr, __be32 daddr)
{
	struct flowi4 fl4;
	struct rtable *rt;

	rt = zgc_tx_route(zd, saddr, daddr, &fl4);
	if (!rt) {
		/* Counted as tx_no_route. */
		zgc_drop_skb(zd, skb, ZGC_STATS_TX_NO_ROUTE);
		return;
	}
	zgc_tx_xmit(zd, sk, skb, vni, rt, &fl4);
}
