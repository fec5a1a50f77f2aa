// SPDX-License-Identifier: GPL-2.0
/*
 * The receive path of tenant tunnels: the UDP encap_rcv of a zgc device's
 * socket (tunnel.c).
 *
 * Every packet is hostile: each header is pulled into the linear area
 * before it is read, and pointers into the packet are taken again after
 * each pull. A packet that is not a well-formed Geneve (RFC 8926) or VXLAN
 * (RFC 7348) frame carrying Ethernet is dropped and counted by reason
 * (stats.h), as is one sent to an underlay address the device does not
 * serve (underlay.c). A frame of a known tenant is handled: ARP requests
 * and IPv6 neighbour solicitations for a gateway or an endpoint are
 * answered (arp.c, nd.c), IPv4 packets to an endpoint are forwarded
 * (fwd.c); the rest has no destination yet.
 *
 * Context: softirq, under RCU. The device's configuration cannot change
 * while its socket exists (only a device that is down can be
 * reconfigured), so it is read without a lock.
 */

#include <linux/etherdevice.h>
#include <linux/if_ether.h>
#include <linux/skbuff.h>
#include <linux/udp.h>
#include <net/sock.h>

#include "arp.h"
#include "device.h"
#include "dft.h"
#include "drop.h"
#include "fwd.h"
#include "nd.h"
#include "overlay.h"
#include "stats.h"
#include "tenant.h"
#include "tunnel.h"
#include "underlay.h"
#include "wire.h"

/**
 * struct zgc_rx_tunnel - what the tunnel header of a packet says
 * @vni: the VNI
 * @hlen: length of the UDP and tunnel headers (Geneve options included)
 * @dft: offset of the DFT option's data from skb->data (a cluster
 *	message), or 0
 * @dft_len: its length
 */
struct zgc_rx_tunnel {
	u32 vni;
	unsigned int hlen;
	unsigned int dft;
	unsigned int dft_len;
};

/*
 * The Geneve options at @off from skb->data: the one zgc understands is
 * the DFT's (one at most); no other critical one passes.
 */
static enum zgc_stats_attr zgc_rx_geneve_opts(const u8 *data, unsigned int off,
					      unsigned int end,
					      struct zgc_rx_tunnel *tun)
{
	switch (zgc_geneve_opts_find(data, off, end, htons(DFT_OPT_CLASS),
				     DFT_OPT_TYPE, &tun->dft, &tun->dft_len)) {
	case 0:
		return 0;
	case -EEXIST:
		return ZGC_STATS_DFT_RX_MALFORMED;
	case -EPROTO:
		return ZGC_STATS_RX_CRITICAL_OPTION;
	default:
		return ZGC_STATS_RX_BAD_HEADER;
	}
}

/*
 * The Geneve header at skb->data + sizeof(udphdr): check it, fill @tun.
 * Return: 0 or why to drop.
 */
static enum zgc_stats_attr zgc_rx_geneve(struct sk_buff *skb,
					 struct zgc_rx_tunnel *tun)
{
	const struct zgc_geneve_hdr *gh;
	enum zgc_stats_attr why;
	unsigned int opts_len;

	if (!pskb_may_pull(skb, sizeof(struct udphdr) + sizeof(*gh)))
		return ZGC_STATS_RX_TRUNCATED;
	gh = (const struct zgc_geneve_hdr *)(skb->data + sizeof(struct udphdr));
	if (ZGC_GENEVE_VER(gh) != ZGC_GENEVE_VERSION)
		return ZGC_STATS_RX_BAD_HEADER;
	opts_len = ZGC_GENEVE_OPTS_LEN(gh);
	tun->hlen = sizeof(struct udphdr) + sizeof(*gh) + opts_len;
	if (!pskb_may_pull(skb, tun->hlen))
		return ZGC_STATS_RX_TRUNCATED;
	gh = (const struct zgc_geneve_hdr *)(skb->data + sizeof(struct udphdr));
	why = zgc_rx_geneve_opts(skb->data, sizeof(struct udphdr) + sizeof(*gh),
				 tun->hlen, tun);
	if (why)
		return why;
	if (gh->proto_type != htons(ETH_P_TEB))
		return ZGC_STATS_RX_BAD_PROTOCOL;
	tun->vni = zgc_overlay_vni(gh->vni);
	return 0;
}

/* The same for a VXLAN header; its reserved bits are ignored (RFC 7348). */
static enum zgc_stats_attr zgc_rx_vxlan(struct sk_buff *skb,
					struct zgc_rx_tunnel *tun)
{
	const struct zgc_vxlan_hdr *vh;

	tun->hlen = sizeof(struct udphdr) + sizeof(*vh);
	if (!pskb_may_pull(skb, tun->hlen))
		return ZGC_STATS_RX_TRUNCATED;
	vh = (const struct zgc_vxlan_hdr *)(skb->data + sizeof(struct udphdr));
	if (!(vh->flags & htonl(ZGC_VXLAN_F_VNI)))
		return ZGC_STATS_RX_BAD_HEADER;
	tun->vni = zgc_overlay_vni(vh->vni);
	return 0;
}

/**
 * zgc_rx_encap() - a packet that arrived on a zgc device's tunnel socket
 * @sk: the socket
 * @skb: the packet, skb->data at its UDP header
 *
 * Context: softirq, RCU read side.
 * Return: 0: the packet is consumed, always.
 */
int zgc_rx_encap(struct sock *sk, struct sk_buff *skb)
{
	struct zgc_dev *zd = rcu_dereference_sk_user_data(sk);
	struct zgc_rx_tunnel tun = {};
	const struct ethhdr *eth;
	enum zgc_stats_attr why;
	struct zgc_tenant *t;
	unsigned int hlen, len;

	if (unlikely(!zd))
		goto free;
	if (zd->cfg.overlay == ZGC_OVERLAY_VXLAN)
		why = zgc_rx_vxlan(skb, &tun);
	else
		why = zgc_rx_geneve(skb, &tun);
	hlen = tun.hlen;
	if (why)
		goto drop;
	if (!pskb_may_pull(skb, hlen + ETH_HLEN)) {
		why = ZGC_STATS_RX_TRUNCATED;
		goto drop;
	}
	if (tun.dft) {
		/* A cluster message, to this node's cluster address. */
		len = skb->len - hlen;
		why = dft_rx(zd, sk, skb, hlen, tun.vni, tun.dft, tun.dft_len);
		if (!why) {
			dev_sw_netstats_rx_add(zd->dev, len);
			return 0;
		}
		goto drop;
	}
	if (!zgc_underlay_serves(&zd->cfg.ul, skb)) {
		why = ZGC_STATS_RX_WRONG_ADDRESS;
		goto drop;
	}
	t = zgc_tenant_lookup(zd, tun.vni);
	if (!t) {
		why = ZGC_STATS_RX_UNKNOWN_VNI;
		goto drop;
	}
	eth = (const struct ethhdr *)(skb->data + hlen);
	switch (eth->h_proto) {
	case htons(ETH_P_ARP):
		why = zgc_arp_respond(zd, sk, t, skb, hlen);
		if (!why)
			goto answered;
		break;
	case htons(ETH_P_IPV6):
		if (zgc_nd_is_solicitation(skb, hlen)) {
			why = zgc_nd_respond(zd, sk, t, skb, hlen);
			if (!why)
				goto answered;
			break;
		}
		fallthrough;
	case htons(ETH_P_IP):
		len = skb->len - hlen;
		why = zgc_fwd_ip(zd, sk, t, skb, hlen);
		if (!why) {
			/* Sent on: the skb is the transmit path's now. */
			dev_sw_netstats_rx_add(zd->dev, len);
			return 0;
		}
		break;
	default:
		why = ZGC_STATS_RX_UNKNOWN_DESTINATION;
	}
drop:
	zgc_stats_drop(zd, why);
	zgc_drop_skb(zd, skb, why);
	return 0;
free:
	kfree_skb(skb);
	return 0;
answered:
	dev_sw_netstats_rx_add(zd->dev, skb->len - hlen);
	consume_skb(skb);
	return 0;
}
