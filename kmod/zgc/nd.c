// SPDX-License-Identifier: GPL-2.0
/*
 * The neighbour discovery responder (RFC 4861): instances of a tenant
 * solicit the MAC of their IPv6 subnet gateway or of another instance of
 * their subnet, and the zgc device advertises it, through the tunnel back
 * to the host that asked. It is the IPv6 twin of arp.c.
 *
 * Only valid solicitations are answered (RFC 4861, 7.1.1): hop limit 255,
 * code 0, a correct checksum, a unicast target, options of non-zero
 * length. Duplicate address detection (an unspecified source) is not
 * answered: the instance probing may be the very endpoint asked for.
 *
 * Context: softirq, RCU read side (the receive path).
 */

#include <linux/etherdevice.h>
#include <linux/icmpv6.h>
#include <linux/ipv6.h>
#include <linux/skbuff.h>
#include <net/ip6_checksum.h>
#include <net/ipv6.h>
#include <net/ndisc.h>

#include "device.h"
#include "endpoint.h"
#include "nd.h"
#include "service.h"
#include "tenant.h"
#include "tx.h"

/* A solicitation's headers, and the most of it zgc reads. */
#define ZGC_ND_NS_LEN (sizeof(struct ipv6hdr) + sizeof(struct nd_msg))
#define ZGC_ND_MAX_LEN 1280

/* An advertisement with its target link-layer address option. */
#define ZGC_ND_OPT_LEN 8
#define ZGC_ND_NA_LEN (sizeof(struct nd_msg) + ZGC_ND_OPT_LEN)

/**
 * zgc_nd_is_solicitation() - whether an IPv6 frame looks like an NS
 * @skb: the tunnel packet, the inner Ethernet header at @inner and pulled
 * @inner: offset of the inner Ethernet header from skb->data
 *
 * Pulls the IPv6 header and the solicitation's fixed part when they are
 * there. Return: true for ICMPv6 type 135 right after the IPv6 header.
 */
bool zgc_nd_is_solicitation(struct sk_buff *skb, unsigned int inner)
{
	const struct ipv6hdr *ip6;
	const struct icmp6hdr *ic;
	unsigned int nh = inner + ETH_HLEN;

	if (!pskb_may_pull(skb, nh + ZGC_ND_NS_LEN))
		return false;
	ip6 = (const struct ipv6hdr *)(skb->data + nh);
	ic = (const struct icmp6hdr *)(ip6 + 1);
	return ip6->nexthdr == IPPROTO_ICMPV6 &&
	       ic->icmp6_type == NDISC_NEIGHBOUR_SOLICITATION;
}

/* RFC 4861, 7.1.1: what makes a solicitation one to answer. */
static bool zgc_nd_ns_valid(struct sk_buff *skb, unsigned int nh)
{
	const struct ipv6hdr *ip6 = (const struct ipv6hdr *)(skb->data + nh);
	const struct nd_msg *ns = (const struct nd_msg *)(ip6 + 1);
	unsigned int len = ntohs(ip6->payload_len), off;
	const struct nd_opt_hdr *opt;

	if (ip6->version != 6 || ip6->hop_limit != 255 ||
	    ns->icmph.icmp6_code || len < sizeof(*ns) ||
	    len > ZGC_ND_MAX_LEN ||
	    !pskb_may_pull(skb, nh + sizeof(*ip6) + len))
		return false;
	ip6 = (const struct ipv6hdr *)(skb->data + nh);
	ns = (const struct nd_msg *)(ip6 + 1);
	if (csum_ipv6_magic(&ip6->saddr, &ip6->daddr, len, IPPROTO_ICMPV6,
			    csum_partial(ns, len, 0)))
		return false;
	if (ipv6_addr_is_multicast(&ns->target) ||
	    ipv6_addr_any(&ip6->saddr))
		return false;
	for (off = sizeof(*ns); off < len; off += opt->nd_opt_len * 8) {
		opt = (const struct nd_opt_hdr *)((const u8 *)ns + off);
		if (off + sizeof(*opt) > len || !opt->nd_opt_len ||
		    off + opt->nd_opt_len * 8 > len)
			return false;
	}
	return true;
}

/* The advertisement of @target at @mac to the solicitation's sender. */
static struct sk_buff *zgc_nd_advert(const u8 *mac, bool router,
				     const struct in6_addr *target,
				     const u8 *dmac, const struct in6_addr *daddr)
{
	struct sk_buff *skb;
	struct nd_msg *na;
	u8 *opt;

	skb = zgc_tx_frame_alloc(dmac, mac, htons(ETH_P_IPV6),
				 sizeof(struct ipv6hdr) + ZGC_ND_NA_LEN);
	if (!skb)
		return NULL;
	zgc_tx_put_ipv6(skb, target, daddr, 255, ZGC_ND_NA_LEN);
	na = skb_put_zero(skb, ZGC_ND_NA_LEN);
	na->icmph.icmp6_type = NDISC_NEIGHBOUR_ADVERTISEMENT;
	na->icmph.icmp6_router = router;
	na->icmph.icmp6_solicited = 1;
	na->icmph.icmp6_override = 1;
	na->target = *target;
	opt = na->opt;
	opt[0] = ND_OPT_TARGET_LL_ADDR;
	opt[1] = ZGC_ND_OPT_LEN / 8;
	ether_addr_copy(opt + 2, mac);
	na->icmph.icmp6_cksum = csum_ipv6_magic(target, daddr,
						ZGC_ND_NA_LEN, IPPROTO_ICMPV6,
						csum_partial(na, ZGC_ND_NA_LEN,
							     0));
	return skb;
}

/**
 * zgc_nd_respond() - answer a neighbour solicitation for a gateway or an
 *	endpoint
 * @zd: the device
 * @sk: its tunnel socket
 * @t: the tenant the solicitation came from
 * @skb: the tunnel packet, skb->data at its UDP header, the inner frame at
 *	@inner, an NS by zgc_nd_is_solicitation(); not consumed
 * @inner: offset of the inner Ethernet header from skb->data
 *
 * Return: 0 when answered, or ZGC_STATS_RX_BAD_HEADER (an invalid
 * solicitation) or ZGC_STATS_RX_UNKNOWN_DESTINATION: why not.
 */
enum zgc_stats_attr zgc_nd_respond(struct zgc_dev *zd, struct sock *sk,
				   const struct zgc_tenant *t,
				   struct sk_buff *skb, unsigned int inner)
{
	unsigned int nh = inner + ETH_HLEN;
	const struct zgc_endpoint *ep;
	const struct zgc_subnet *sn;
	const struct ipv6hdr *ip6;
	const struct ethhdr *eth;
	const struct nd_msg *ns;
	struct sk_buff *reply;
	bool router;
	const u8 *mac;

	if (!zgc_nd_ns_valid(skb, nh))
		return ZGC_STATS_RX_BAD_HEADER;
	eth = (const struct ethhdr *)(skb->data + inner);
	ip6 = (const struct ipv6hdr *)(skb->data + nh);
	ns = (const struct nd_msg *)(ip6 + 1);
	/* A subnet's gateway and endpoints answer their own subnet only. */
	sn = zgc_tenant_gateway(t, &ns->target);
	router = sn;
	if (sn) {
		mac = sn->mac;
	} else {
		ep = zgc_endpoint_lookup(zd, t->vni, &ns->target);
		if (ep) {
			sn = ep->subnet;
			mac = ep->mac;
		} else if (zgc_service_is_vip(zd, t->vni, &ns->target)) {
			/* A service's VIP: at its subnet's gateway. */
			sn = zgc_tenant_subnet_of(t, &ns->target);
			if (!sn)
				return ZGC_STATS_RX_UNKNOWN_DESTINATION;
			mac = sn->mac;
		} else {
			return ZGC_STATS_RX_UNKNOWN_DESTINATION;
		}
	}
	if (!zgc_subnet_holds(sn, &ip6->saddr) ||
	    !is_valid_ether_addr(eth->h_source))
		return ZGC_STATS_RX_UNKNOWN_DESTINATION;
	reply = zgc_nd_advert(mac, router, &ns->target, eth->h_source,
			      &ip6->saddr);
	zgc_tx_answer(zd, sk, reply, t->vni, skb);
	return 0;
}
