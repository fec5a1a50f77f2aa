/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ZGC_TX_H
#define _ZGC_TX_H

#include <linux/ip.h>
#include <linux/udp.h>

#include "overlay.h"

struct sk_buff;
struct sock;
struct zgc_dev;

/* Outer headers zgc_tx_encap() adds: IPv4, UDP, Geneve or VXLAN. */
#define ZGC_TX_HEADROOM (sizeof(struct iphdr) + sizeof(struct udphdr) + \
			 sizeof(struct zgc_geneve_hdr))

void zgc_tx_encap(struct zgc_dev *zd, struct sock *sk, struct sk_buff *skb,
		  u32 vni, __be32 saddr, __be32 daddr);

#endif /* _ZGC_TX_H */
