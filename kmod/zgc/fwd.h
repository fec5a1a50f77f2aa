/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ZGC_FWD_H
#define _ZGC_FWD_H

#include <linux/zgc.h>

struct sk_buff;
struct sock;
struct zgc_dev;
struct zgc_tenant;

enum zgc_stats_attr zgc_fwd_ip(struct zgc_dev *zd, struct sock *sk,
			       struct zgc_tenant *t, struct sk_buff *skb,
			       unsigned int inner);

#endif /* _ZGC_FWD_H */
