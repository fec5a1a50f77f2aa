/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ZGC_DROP_H
#define _ZGC_DROP_H

#include <linux/skbuff.h>
#include <linux/zgc.h>

struct zgc_dev;

enum skb_drop_reason zgc_drop_reason(enum zgc_stats_attr why);
void zgc_drop_skb(struct zgc_dev *zd, struct sk_buff *skb,
		  enum zgc_stats_attr why);

#endif /* _ZGC_DROP_H */
