/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ZGC_ND_H
#define _ZGC_ND_H

#include <linux/types.h>
#include <linux/zgc.h>

struct sk_buff;
struct sock;
struct zgc_dev;
struct zgc_tenant;

bool zgc_nd_is_solicitation(struct sk_buff *skb, unsigned int inner);
enum zgc_stats_attr zgc_nd_respond(struct zgc_dev *zd, struct sock *sk,
				   const struct zgc_tenant *t,
				   struct sk_buff *skb, unsigned int inner);

#endif /* _ZGC_ND_H */
