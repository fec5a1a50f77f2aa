// SPDX-License-Identifier: GPL-2.0
/*
 * Forwarding a tenant's IPv4 packet to the endpoint it is for: the
 * destination MAC becomes the endpoint's; between two subnets the source
 * MAC becomes the destination subnet's gateway and the TTL drops by one;
 * then the frame is encapsulated again, to the endpoint's host.
 *
 * Every packet is looked up in the endpoint table for now. (The flow
 * cache that will hold these verdicts is not written yet.)
 *
 * Context: softirq, RCU read side (the receive path).
 */

#include <linux/etherdevice.h>
#include <linux/ip.h>
#include <linux/skbuff.h>
#include <net/dsfield.h>
#include <net/ip.h>

#include "device.h"
#include "endpoint.h"
#include "fwd.h"
#include "tenant.h"
#include "tx.h"

/**
 * zgc_fwd_ipv4() - forward an IPv4 tenant packet to its endpoint
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
				 const struct zgc_tenant *t,
				 struct sk_buff *skb, unsigned int inner)
{
	unsigned int len = inner + ETH_HLEN + sizeof(struct iphdr);
	const struct zgc_endpoint *ep;
	struct ethhdr *eth;
	struct iphdr *iph;
	bool routed;

	if (!pskb_may_pull(skb, len))
		return ZGC_STATS_RX_TRUNCATED;
	iph = (struct iphdr *)(skb->data + inner + ETH_HLEN);
	if (iph->version != 4 || iph->ihl < 5)
		return ZGC_STATS_RX_BAD_HEADER;
	ep = zgc_endpoint_lookup(zd, t->vni, iph->daddr);
	if (!ep)
		return ZGC_STATS_RX_UNKNOWN_DESTINATION;
	routed = (iph->saddr & ep->subnet->mask) !=
		 (ep->subnet->gw & ep->subnet->mask);
	if (routed && iph->ttl <= 1)
		return ZGC_STATS_RX_TTL_EXCEEDED;
	if (skb_ensure_writable(skb, len))
		return ZGC_STATS_RX_TRUNCATED;

	__skb_pull(skb, inner);
	skb_reset_mac_header(skb);
	skb_set_network_header(skb, ETH_HLEN);
	eth = eth_hdr(skb);
	iph = ip_hdr(skb);
	skb->protocol = eth->h_proto;
	ether_addr_copy(eth->h_dest, ep->mac);
	if (routed) {
		ether_addr_copy(eth->h_source, ep->subnet->mac);
		ip_decrease_ttl(iph);
	}
	skb_scrub_packet(skb, false);
	/* The inner flow, not the outer one, picks the UDP source port. */
	skb_clear_hash(skb);
	/* From the address the route to the host prefers. */
	zgc_tx_encap(zd, sk, skb, t->vni, 0, ep->host);
	return 0;
}
