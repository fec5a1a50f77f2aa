// SPDX-License-Identifier: GPL-2.0
/*
 * The address and port rewrites of service flows (service.c): a packet
 * to a VIP gets its backend's address and port as destination
 * (ZGC_FLOW_F_DNAT), a backend's reply the VIP's as source
 * (ZGC_FLOW_F_SNAT). The IPv4 header checksum and the TCP or UDP one are
 * updated incrementally, as Open vSwitch's set actions do: a checksum
 * left to offload (CHECKSUM_PARTIAL) keeps only the pseudo-header's part,
 * an IPv4 UDP packet without a checksum keeps none, and a fragment other
 * than the first has its addresses rewritten only (the first one's
 * checksum covers them).
 *
 * Context: softirq, RCU read side (the receive path).
 */

#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/checksum.h>
#include <net/ip6_checksum.h>

#include "fwd.h"
#include "nat.h"

/* The TCP or UDP checksum of the packet, or NULL when it has none here. */
static __sum16 *zgc_nat_l4_check(struct sk_buff *skb,
				 const struct zgc_fwd_pkt *p)
{
	struct udphdr *uh;

	if (!p->ports)
		return NULL;
	if (p->key.proto == IPPROTO_TCP)
		return &((struct tcphdr *)(skb->data + p->l4))->check;
	uh = (struct udphdr *)(skb->data + p->l4);
	/* IPv4 UDP without a checksum stays so. */
	if (!p->ipv6 && !uh->check && skb->ip_summed != CHECKSUM_PARTIAL)
		return NULL;
	return &uh->check;
}

/**
 * zgc_nat_rewrite() - rewrite a packet as a service flow's verdict says
 * @skb: the tunnel packet, the inner packet as zgc_fwd_parse() found it
 * @p: what it found
 * @v: the verdict, with ZGC_FLOW_F_DNAT or ZGC_FLOW_F_SNAT
 *
 * Return: 0, or -ENOMEM when the headers could not be made writable.
 */
int zgc_nat_rewrite(struct sk_buff *skb, const struct zgc_fwd_pkt *p,
		    const struct zgc_flow_verdict *v)
{
	bool dnat = v->flags & ZGC_FLOW_F_DNAT;
	unsigned int end;
	__be16 *ports;
	__sum16 *check;

	if (!p->ports)
		end = p->l4;
	else if (p->key.proto == IPPROTO_TCP)
		end = p->l4 + sizeof(struct tcphdr);
	else
		end = p->l4 + sizeof(struct udphdr);
	if (skb_ensure_writable(skb, end))
		return -ENOMEM;
	/*
	 * A checksum still to be done in the outer headers (a local sender
	 * left it to offload) is moot, as zgc_tx_csum_prepare() says; one
	 * of the inner packet stays to be done.
	 */
	if (skb->ip_summed != CHECKSUM_PARTIAL ||
	    skb_checksum_start(skb) < skb->data + p->l4)
		skb->ip_summed = CHECKSUM_NONE;
	check = zgc_nat_l4_check(skb, p);
	if (p->ipv6) {
		struct ipv6hdr *ip6 = (struct ipv6hdr *)(skb->data + p->nh);
		struct in6_addr *a = dnat ? &ip6->daddr : &ip6->saddr;

		if (check)
			inet_proto_csum_replace16(check, skb, a->s6_addr32,
						  v->nat.s6_addr32, true);
		*a = v->nat;
	} else {
		struct iphdr *iph = (struct iphdr *)(skb->data + p->nh);
		__be32 *a = dnat ? &iph->daddr : &iph->saddr;
		__be32 to = v->nat.s6_addr32[3];

		if (check)
			inet_proto_csum_replace4(check, skb, *a, to, true);
		csum_replace4(&iph->check, *a, to);
		*a = to;
	}
	if (p->ports) {
		ports = (__be16 *)(skb->data + p->l4);
		if (check)
			inet_proto_csum_replace2(check, skb, ports[!!dnat],
						 v->nat_port, false);
		ports[!!dnat] = v->nat_port;
	}
	if (check && p->key.proto == IPPROTO_UDP && !*check)
		*check = CSUM_MANGLED_0;
	return 0;
}
