/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ZGC_PROVIDER_H
#define _ZGC_PROVIDER_H

#include <linux/netdevice.h>
#include <linux/zgc.h>

struct sk_buff;
struct zgc_dev;
struct zgc_fwd_pkt;

netdev_tx_t zgc_provider_xmit(struct zgc_dev *zd, struct sk_buff *skb);
enum zgc_stats_attr zgc_provider_route(struct zgc_dev *zd, struct sk_buff *skb,
				       const struct zgc_fwd_pkt *p);

#endif /* _ZGC_PROVIDER_H */
