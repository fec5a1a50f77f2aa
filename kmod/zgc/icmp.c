// SPDX-License-Identifier: GPL-2.0
/*
 * ICMP errors zgc sends to a tenant's instances: "destination unreachable,
 * communication administratively prohibited" for a flow an ACL rule
 * rejects, "fragmentation needed" for a packet too big for the underlay.
 * The error comes from the gateway of the sender's subnet, as a router's
 * would, and is encapsulated back to the host that sent the packet.
 *
 * As RFC 1812 (4.3.2.7) asks, no error answers an ICMP error, a fragment
 * other than the first, or a packet to or from a broadcast or multicast
 * address; and errors are rate limited (ZGC_ICMP_PER_SEC per CPU).
 *
 * Context: softirq, RCU read side (the receive path).
 */

#include <linux/etherdevice.h>
#include <linux/icmp.h>
#include <linux/ip.h>
#include <linux/skbuff.h>
#include <net/checksum.h>
#include <net/ip.h>

#include "device.h"
#include "icmp.h"
#include "stats.h"
#include "tenant.h"
#include "tx.h"

/**
 * zgc_icmp_allow() - whether this CPU may send one more ICMP or ICMPv6
 *	error now: a budget of ZGC_ICMP_PER_SEC a second
 * @zd: the device
 *
 * Context: softirq.
 */
bool zgc_icmp_allow(struct zgc_dev *zd)
{
	struct zgc_pcpu_drops *d = this_cpu_ptr(zd->drops);
	unsigned long now = jiffies;

	if (time_after_eq(now, d->icmp_stamp + HZ)) {
		d->icmp_stamp = now;
		d->icmp_sent = 0;
	}
	return d->icmp_sent++ < ZGC_ICMP_PER_SEC;
}

/* May the packet whose IPv4 header @iph is at @nh get an ICMP error? */
static bool zgc_icmp_may_answer(const struct sk_buff *skb, unsigned int nh,
				const struct iphdr *iph)
{
	u8 type;

	if (iph->frag_off & htons(IP_OFFSET))
		return false;
	if (ipv4_is_multicast(iph->daddr) || ipv4_is_lbcast(iph->daddr) ||
	    ipv4_is_multicast(iph->saddr) || ipv4_is_zeronet(iph->saddr))
		return false;
	if (iph->protocol != IPPROTO_ICMP)
		return true;
	if (skb_copy_bits(skb, nh + iph->ihl * 4, &type, 1))
		return false;
	/* Queries get an answer, errors do not. */
	return type == ICMP_ECHO || type == ICMP_TIMESTAMP ||
	       type > NR_ICMP_TYPES;
}

/**
 * zgc_icmp_error() - answer an IPv4 packet with an ICMP error
 * @zd: the device
 * @sk: its tunnel socket
 * @t: the tenant the packet came from
 * @skb: the tunnel packet, skb->data at its UDP header, the inner IPv4
 *	header pulled; not consumed
 * @inner: offset of the inner Ethernet header from skb->data
 * @type: ICMP_DEST_UNREACH or ICMP_TIME_EXCEEDED
 * @code: for ICMP_DEST_UNREACH, ICMP_PKT_FILTERED, ICMP_FRAG_NEEDED, ...;
 *	for ICMP_TIME_EXCEEDED, ICMP_EXC_TTL
 * @mtu: for ICMP_FRAG_NEEDED, the next-hop MTU
 */
void zgc_icmp_error(struct zgc_dev *zd, struct sock *sk,
		    const struct zgc_tenant *t, const struct sk_buff *skb,
		    unsigned int inner, u8 type, u8 code, u16 mtu)
{
	unsigned int nh = inner + ETH_HLEN, quote;
	const struct ethhdr *eth;
	const struct iphdr *iph;
	const struct zgc_subnet *sn;
	struct icmphdr *icmph;
	struct sk_buff *reply;
	struct iphdr *rip;

	eth = (const struct ethhdr *)(skb->data + inner);
	iph = (const struct iphdr *)(skb->data + nh);
	if (!zgc_icmp_may_answer(skb, nh, iph))
		return;
	/* From the gateway of the sender's subnet. */
	sn = zgc_tenant_subnet_of4(t, iph->saddr);
	if (!sn || !zgc_icmp_allow(zd))
		return;
	/* The offending header and 8 bytes of its payload (RFC 792). */
	quote = min(skb->len - nh, (unsigned int)iph->ihl * 4 + 8);
	reply = zgc_tx_frame_alloc(eth->h_source, sn->mac, htons(ETH_P_IP),
				   sizeof(*rip) + sizeof(*icmph) + quote);
	if (!reply)
		goto send;
	rip = skb_put(reply, sizeof(*rip));
	rip->version = 4;
	rip->ihl = 5;
	rip->tos = 0;
	rip->tot_len = htons(sizeof(*rip) + sizeof(*icmph) + quote);
	rip->id = 0;
	rip->frag_off = 0;
	rip->ttl = 64;
	rip->protocol = IPPROTO_ICMP;
	rip->saddr = zgc_subnet_gw4(sn);
	rip->daddr = iph->saddr;
	ip_send_check(rip);

	icmph = skb_put_zero(reply, sizeof(*icmph));
	icmph->type = type;
	icmph->code = code;
	if (type == ICMP_DEST_UNREACH && code == ICMP_FRAG_NEEDED)
		icmph->un.frag.mtu = htons(mtu);
	if (skb_copy_bits(skb, nh, skb_put(reply, quote), quote)) {
		kfree_skb(reply);
		return;
	}
	icmph->checksum = ip_compute_csum(icmph, sizeof(*icmph) + quote);
send:
	zgc_tx_answer(zd, sk, reply, t->vni, skb);
}
