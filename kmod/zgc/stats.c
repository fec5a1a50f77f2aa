// SPDX-License-Identifier: GPL-2.0
/*
 * Per-reason drop counters of a zgc device, summed over the CPUs for
 * ZGC_A_STATS (uapi/linux/zgc.h).
 */

#include <linux/cpumask.h>
#include <net/netlink.h>

#include "stats.h"

/**
 * zgc_stats_fill() - put the device's counters in a ZGC_A_STATS nest
 * @skb: the message
 * @zd: the device
 *
 * Return: 0, or -EMSGSIZE.
 */
int zgc_stats_fill(struct sk_buff *skb, const struct zgc_dev *zd)
{
	struct nlattr *nest;
	unsigned int start;
	u64 sum, v;
	int cpu, i;

	nest = nla_nest_start(skb, ZGC_A_STATS);
	if (!nest)
		return -EMSGSIZE;
	/* Counter by counter: no array of them on the stack. */
	for (i = ZGC_STATS_RX_TRUNCATED; i <= ZGC_STATS_MAX; i++) {
		sum = 0;
		for_each_possible_cpu(cpu) {
			const struct zgc_pcpu_drops *d = per_cpu_ptr(zd->drops,
								     cpu);

			do {
				start = u64_stats_fetch_begin(&d->syncp);
				v = u64_stats_read(&d->count[i]);
			} while (u64_stats_fetch_retry(&d->syncp, start));
			sum += v;
		}
		if (nla_put_u64_64bit(skb, i, sum, ZGC_STATS_PAD)) {
			nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
	}
	nla_nest_end(skb, nest);
	return 0;
}
