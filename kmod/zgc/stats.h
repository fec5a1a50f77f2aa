/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ZGC_STATS_H
#define _ZGC_STATS_H

#include <linux/percpu.h>
#include <linux/u64_stats_sync.h>
#include <linux/zgc.h>

#include "device.h"

struct sk_buff;

/**
 * struct zgc_pcpu_drops - one CPU's counters of a device
 * @count: packets dropped, by reason, and the flow cache's events
 *	(enum zgc_stats_attr)
 * @syncp: lets 32-bit readers see whole counters
 * @icmp_stamp: start (jiffies) of the second @icmp_sent counts in
 * @icmp_sent: ICMP errors this CPU sent in it (icmp.c)
 *
 * Written only by the CPU that owns it, in softirq context or with bottom
 * halves disabled; read by zgc_stats_fill() from any context.
 */
struct zgc_pcpu_drops {
	u64_stats_t count[ZGC_STATS_MAX + 1];
	struct u64_stats_sync syncp;
	unsigned long icmp_stamp;
	unsigned int icmp_sent;
};

/**
 * zgc_stats_add() - count events of one kind
 * @zd: the device
 * @what: the counter, a ZGC_STATS_* value
 * @n: how many
 *
 * Context: softirq, or with bottom halves disabled.
 */
static inline void zgc_stats_add(struct zgc_dev *zd, enum zgc_stats_attr what,
				 unsigned int n)
{
	struct zgc_pcpu_drops *d = this_cpu_ptr(zd->drops);

	u64_stats_update_begin(&d->syncp);
	u64_stats_add(&d->count[what], n);
	u64_stats_update_end(&d->syncp);
}

static inline void zgc_stats_count(struct zgc_dev *zd, enum zgc_stats_attr why)
{
	zgc_stats_add(zd, why, 1);
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
