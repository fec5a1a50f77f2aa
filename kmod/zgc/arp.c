// SPDX-License-Identifier: GPL-2.0
/*
 * The ARP responder: instances of a tenant ask for the MAC of their subnet
 * gateway or of another instance of their subnet, and the zgc device
 * answers, through the tunnel back to the host that asked.
 *
 * Context: softirq, RCU read side (the receive path).
 */

#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/ip.h>
#include <linux/skbuff.h>

#include "arp.h"
#include "device.h"
#include "endpoint.h"
#include "service.h"
#include "tenant.h"
#include "tx.h"

/* An ARP packet for IPv4 over Ethernet. */
struct zgc_arp_eth_ipv4 {
	struct arphdr hdr;
	u8 sha[ETH_ALEN];
	__be32 sip;
	u8 tha[ETH_ALEN];
	__be32 tip;
} __packed;

#define ZGC_ARP_FRAME_LEN (ETH_HLEN + sizeof(struct zgc_arp_eth_ipv4))

/* The answer to @req: @ip is at @mac. */
static struct sk_buff *zgc_arp_reply(const u8 *mac, __be32 ip,
				     const struct zgc_arp_eth_ipv4 *req)
{
	struct zgc_arp_eth_ipv4 *rep;
	struct sk_buff *skb;

	skb = zgc_tx_frame_alloc(req->sha, mac, htons(ETH_P_ARP), sizeof(*rep));
	if (!skb)
		return NULL;
	rep = skb_put(skb, sizeof(*rep));
	rep->hdr.ar_hrd = htons(ARPHRD_ETHER);
	rep->hdr.ar_pro = htons(ETH_P_IP);
	rep->hdr.ar_hln = ETH_ALEN;
	rep->hdr.ar_pln = 4;
	rep->hdr.ar_op = htons(ARPOP_REPLY);
	ether_addr_copy(rep->sha, mac);
	rep->sip = ip;
	ether_addr_copy(rep->tha, req->sha);
	rep->tip = req->sip;
	return skb;
}

/**
 * zgc_arp_respond() - answer an ARP request for a gateway or an endpoint
 * @zd: the device
 * @sk: its tunnel socket
 * @t: the tenant the request came from
 * @skb: the tunnel packet, skb->data at its UDP header, the inner
 *	Ethernet header (an ARP frame) at @inner and pulled; not consumed
 * @inner: offset of the inner Ethernet header from skb->data
 *
 * Return: 0 when answered, or ZGC_STATS_RX_TRUNCATED or
 * ZGC_STATS_RX_UNKNOWN_DESTINATION: why not.
 */
enum zgc_stats_attr zgc_arp_respond(struct zgc_dev *zd, struct sock *sk,
				    const struct zgc_tenant *t,
				    struct sk_buff *skb, unsigned int inner)
{
	const struct zgc_arp_eth_ipv4 *req;
	const struct zgc_endpoint *ep;
	const struct zgc_subnet *sn;
	const u8 *mac;
	struct sk_buff *reply;
	struct in6_addr tip;

	if (!pskb_may_pull(skb, inner + ZGC_ARP_FRAME_LEN))
		return ZGC_STATS_RX_TRUNCATED;
	req = (const struct zgc_arp_eth_ipv4 *)(skb->data + inner + ETH_HLEN);
	if (req->hdr.ar_hrd != htons(ARPHRD_ETHER) ||
	    req->hdr.ar_pro != htons(ETH_P_IP) ||
	    req->hdr.ar_hln != ETH_ALEN || req->hdr.ar_pln != 4 ||
	    req->hdr.ar_op != htons(ARPOP_REQUEST) ||
	    !is_valid_ether_addr(req->sha))
		return ZGC_STATS_RX_UNKNOWN_DESTINATION;
	/* A subnet's gateway and endpoints answer their own subnet only. */
	ipv6_addr_set_v4mapped(req->tip, &tip);
	sn = zgc_tenant_gateway(t, &tip);
	if (sn) {
		mac = sn->mac;
	} else {
		ep = zgc_endpoint_lookup(zd, t->vni, &tip);
		if (ep) {
			sn = ep->subnet;
			mac = ep->mac;
		} else if (zgc_service_is_vip(zd, t->vni, &tip)) {
			/* A service's VIP: at its subnet's gateway. */
			sn = zgc_tenant_subnet_of(t, &tip);
			if (!sn)
				return ZGC_STATS_RX_UNKNOWN_DESTINATION;
			mac = sn->mac;
		} else {
			return ZGC_STATS_RX_UNKNOWN_DESTINATION;
		}
	}
	if (!zgc_subnet_holds4(sn, req->sip))
		return ZGC_STATS_RX_UNKNOWN_DESTINATION;
	reply = zgc_arp_reply(mac, req->tip, req);
	zgc_tx_answer(zd, sk, reply, t->vni, skb);
	return 0;
}
