/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ZGC_STATS_H
#define _ZGC_STATS_H

#include <linux/percpu.h>
#include <linux/u64_stats_sync.h>
#include <linux/zgc.h>

#include "device.h"

struct sk_buff;

/**
 * struct zgc_pcpu_drops - one CPU's drop counters of a device
 * @count: packets dropped, by reason (enum zgc_stats_attr)
 * @syncp: lets 32-bit readers see whole counters
 *
 * Written only by the CPU that owns it, in softirq context; read by
 * zgc_stats_fill() from any context.
 */
struct zgc_pcpu_drops {
	u64_stats_t count[ZGC_STATS_MAX + 1];
	struct u64_stats_sync syncp;
};

static inline void zgc_stats_count(struct zgc_dev *zd, enum zgc_stats_attr why)
{
	struct zgc_pcpu_drops *d = this_cpu_ptr(zd->drops);

	u64_stats_update_begin(&d->syncp);
	u64_stats_inc(&d->count[why]);
	u64_stats_update_end(&d->syncp);
}

/**
 * zgc_stats_drop() - count a received packet dropped for a reason
 * @zd: the device
 * @why: the reason, a ZGC_STATS_RX_* value
 *
 * Counts it in the per-reason counter and in the device's rx_dropped.
 * Context: softirq (the UDP receive path).
 */
static inline void zgc_stats_drop(struct zgc_dev *zd, enum zgc_stats_attr why)
{
	zgc_stats_count(zd, why);
	DEV_STATS_INC(zd->dev, rx_dropped);
}

/**
 * zgc_stats_drop_tx() - count a packet zgc could not send, and why
 * @zd: the device
 * @why: the reason, a ZGC_STATS_TX_* value
 *
 * Context: softirq.
 */
static inline void zgc_stats_drop_tx(struct zgc_dev *zd,
				     enum zgc_stats_attr why)
{
	zgc_stats_count(zd, why);
	DEV_STATS_INC(zd->dev, tx_dropped);
}

int zgc_stats_fill(struct sk_buff *skb, const struct zgc_dev *zd);

#endif /* _ZGC_STATS_H */
