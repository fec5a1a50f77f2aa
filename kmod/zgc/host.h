/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ZGC_HOST_H
#define _ZGC_HOST_H

#include <linux/types.h>

struct netlink_callback;
struct netlink_ext_ack;
struct sk_buff;
struct zgc_dev;

bool zgc_host_is_down(const struct zgc_dev *zd, __be32 addr);
int zgc_host_set(struct zgc_dev *zd, __be32 addr, bool down,
		 struct netlink_ext_ack *extack);
void zgc_hosts_flush(struct zgc_dev *zd);
int zgc_hosts_dump(struct sk_buff *skb, struct netlink_callback *cb,
		   const struct zgc_dev *zd,
		   int (*fill)(struct sk_buff *skb, const struct zgc_dev *zd,
			       __be32 addr, struct netlink_callback *cb));

#endif /* _ZGC_HOST_H */
