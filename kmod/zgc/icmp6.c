// SPDX-License-Identifier: GPL-2.0
/*
 * ICMPv6 errors zgc sends to a tenant's IPv6 instances: "destination
 * unreachable, communication with destination administratively
 * prohibited" for a flow an ACL rule rejects, "packet too big" for a
 * packet too big for the underlay. As icmp.c does for IPv4, the error
 * comes from the gateway of the sender's subnet, as a router's would, and
 * is encapsulated back to the host that sent the packet.
 *
 * As RFC 4443 (2.4) asks, no error answers an ICMPv6 error or a packet
 * from an address that is not one node's (unspecified, multicast), and
 * none but "packet too big" one to a multicast address; as for IPv4, none
 * answers a fragment other than the first. The error quotes as much of
 * the packet as fits in the minimum IPv6 MTU, and errors share the IPv4
 * ones' rate limit (zgc_icmp_allow()).
 *
 * Context: softirq, RCU read side (the receive path).
 */

#include <linux/etherdevice.h>
#include <linux/icmpv6.h>
#include <linux/ipv6.h>
#include <linux/skbuff.h>
#include <net/ip6_checksum.h>
#include <net/ipv6.h>

#include "device.h"
#include "icmp.h"
#include "tenant.h"
#include "tx.h"

/* May the packet whose IPv6 header @ip6 is at @nh get an error of @type? */
static bool zgc_icmp6_may_answer(const struct sk_buff *skb, unsigned int nh,
				 const struct ipv6hdr *ip6, u8 type)
{
	u8 nexthdr = ip6->nexthdr, itype;
	__be16 frag_off;
	int l4;

	if (ipv6_addr_any(&ip6->saddr) || ipv6_addr_is_multicast(&ip6->saddr))
		return false;
	if (ipv6_addr_is_multicast(&ip6->daddr) && type != ICMPV6_PKT_TOOBIG)
		return false;
	l4 = ipv6_skip_exthdr(skb, nh + sizeof(*ip6), &nexthdr, &frag_off);
	if (l4 < 0 || (frag_off & htons(IP6_OFFSET)))
		return false;
	if (nexthdr != IPPROTO_ICMPV6)
		return true;
	if (skb_copy_bits(skb, l4, &itype, 1))
		return false;
	/* Informational messages get an answer, errors do not. */
	return itype & ICMPV6_INFOMSG_MASK;
}

/**
 * zgc_icmp6_error() - answer an IPv6 packet with an ICMPv6 error
 * @zd: the device
 * @sk: its tunnel socket
 * @t: the tenant the packet came from
 * @skb: the tunnel packet, skb->data at its UDP header, the inner IPv6
 *	header pulled; not consumed
 * @inner: offset of the inner Ethernet header from skb->data
 * @type: ICMPV6_DEST_UNREACH, ICMPV6_PKT_TOOBIG or ICMPV6_TIME_EXCEED
 * @code: for ICMPV6_DEST_UNREACH, ICMPV6_ADM_PROHIBITED, ...
 * @mtu: for ICMPV6_PKT_TOOBIG, the next-hop MTU
 */
void zgc_icmp6_error(struct zgc_dev *zd, struct sock *sk,
		     const struct zgc_tenant *t, const struct sk_buff *skb,
		     unsigned int inner, u8 type, u8 code, u32 mtu)
{
	unsigned int nh = inner + ETH_HLEN, quote, len;
	const struct zgc_subnet *sn;
	const struct ipv6hdr *ip6;
	const struct ethhdr *eth;
	struct sk_buff *reply;
	struct icmp6hdr *ic;

	eth = (const struct ethhdr *)(skb->data + inner);
	ip6 = (const struct ipv6hdr *)(skb->data + nh);
	if (!zgc_icmp6_may_answer(skb, nh, ip6, type))
		return;
	/* From the gateway of the sender's subnet. */
	sn = zgc_tenant_subnet_of(t, &ip6->saddr);
	if (!sn || !zgc_icmp_allow(zd))
		return;
	/* As much of the packet as fits in the minimum MTU (RFC 4443 2.4). */
	quote = min3(skb->len - nh, sizeof(*ip6) + ntohs(ip6->payload_len),
		     IPV6_MIN_MTU - sizeof(struct ipv6hdr) - sizeof(*ic));
	len = sizeof(*ic) + quote;
	reply = zgc_tx_frame_alloc(eth->h_source, sn->mac, htons(ETH_P_IPV6),
				   sizeof(struct ipv6hdr) + len);
	if (!reply)
		goto send;
	zgc_tx_put_ipv6(reply, &sn->gw, &ip6->saddr, 64, len);
	ic = skb_put_zero(reply, sizeof(*ic));
	ic->icmp6_type = type;
	ic->icmp6_code = code;
	if (type == ICMPV6_PKT_TOOBIG)
		ic->icmp6_mtu = htonl(mtu);
	if (skb_copy_bits(skb, nh, skb_put(reply, quote), quote)) {
		kfree_skb(reply);
		return;
	}
	ic->icmp6_cksum = csum_ipv6_magic(&sn->gw, &ip6->saddr, len,
					  IPPROTO_ICMPV6,
					  csum_partial(ic, len, 0));
send:
	zgc_tx_answer(zd, sk, reply, t->vni, skb);
}
