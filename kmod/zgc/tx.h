/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ZGC_TX_H
#define _ZGC_TX_H

#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/udp.h>

#include "overlay.h"

struct flowi4;
struct in6_addr;
struct rtable;
struct sk_buff;
struct sock;
struct zgc_dev;

/* Outer headers zgc_tx_encap() adds: IPv4, UDP, Geneve or VXLAN. */
#define ZGC_TX_HEADROOM (sizeof(struct iphdr) + sizeof(struct udphdr) + \
			 sizeof(struct zgc_geneve_hdr))

/*
 * What an encapsulated IPv4 packet carries on top of its inner IP
 * packet: outer IPv4, UDP, Geneve (without options) or VXLAN, and the
 * inner Ethernet header.
 */
#define ZGC_TX_OVERHEAD (sizeof(struct iphdr) + sizeof(struct udphdr) + \
			 sizeof(struct zgc_geneve_hdr) + ETH_HLEN)

struct rtable *zgc_tx_route(struct zgc_dev *zd, __be32 saddr, __be32 daddr,
			    struct flowi4 *fl4);
void zgc_tx_csum_prepare(struct sk_buff *skb);
int zgc_tx_prepare(struct zgc_dev *zd, struct sk_buff *skb, struct rtable *rt,
		   unsigned int hlen, __be16 *sport);
void zgc_tx_xmit(struct zgc_dev *zd, struct sock *sk, struct sk_buff *skb,
		 u32 vni, struct rtable *rt, const struct flowi4 *fl4);
struct sk_buff *zgc_tx_frame_alloc(const u8 *dmac, const u8 *smac,
				   __be16 proto, unsigned int len);
void zgc_tx_put_ipv6(struct sk_buff *skb, const struct in6_addr *saddr,
		     const struct in6_addr *daddr, u8 hop_limit,
		     unsigned int len);
void zgc_tx_answer(struct zgc_dev *zd, struct sock *sk, struct sk_buff *reply,
		   u32 vni, const struct sk_buff *skb);
void zgc_tx_encap(struct zgc_dev *zd, struct sock *sk, struct sk_buff *skb,
		  u32 vni, __be32 saddr, __be32 daddr);

#endif /* _ZGC_TX_H */
