/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ZGC_FLOW_H
#define _ZGC_FLOW_H

#include <linux/atomic.h>
#include <linux/if_ether.h>
#include <linux/in6.h>
#include <linux/jiffies.h>
#include <linux/llist.h>
#include <linux/rhashtable-types.h>
#include <linux/types.h>
#include <linux/workqueue.h>

#include "flow_types.h"

struct netlink_callback;
struct sk_buff;
struct zgc_dev;
struct zgc_tenant;

/* Defaults of the settings in &struct zgc_flow_table (uapi: ZGC_A_FLOW_*). */
#define ZGC_FLOW_TIMEOUT_DEFAULT	300		/* seconds idle */
#define ZGC_FLOW_MAX_DEFAULT		(1U << 20)	/* flows per device */
#define ZGC_FLOW_VNI_MAX_DEFAULT	(1U << 18)	/* flows per tenant */
/* Limits of the DFT entries an FTN holds. */
#define ZGC_DFT_MAX_DEFAULT		(1U << 22)	/* entries per device */
#define ZGC_DFT_VNI_MAX_DEFAULT		(1U << 20)	/* entries per tenant */
/* A TCP flow that saw FIN or RST lives this long after its last packet. */
#define ZGC_FLOW_CLOSE_TIMEOUT		(10 * HZ)
/* How often the idle flows are looked for. */
#define ZGC_FLOW_GC_INTERVAL		HZ


/**
 * struct zgc_flow - an entry of a flow table: of the flow cache of a FWD,
 *	or of the DFT of an FTN
 * @node: entry in &zgc_flow_table.ht
 * @key: the flow
 * @v: its verdict
 * @closing: a TCP FIN or RST was seen
 * @unsynced: a DFT entry this node held before it began to sync its chains
 *	(kmod/dft/sync.c): any version the chain passes replaces it, and it
 *	goes once its chain's transfer ends without it
 * @gen: the tenant's generation (&zgc_tenant.gen) the verdict was
 *	computed for; an entry of an older generation is a miss
 * @chain: the id of the DFT chain the flow maps to, 0 when decided
 *	locally
 * @used: the low 32 bits of jiffies at the last packet (cache), or at the
 *	last refresh (DFT)
 * @version: the DFT entry's version the verdict is from, 0 when decided
 *	locally
 * @tenant: the tenant it counts against; its flows are removed before it
 *	is freed
 * @dead: in &zgc_flow_table.dead once removed, until it is freed
 *
 * Immutable once inserted but for @closing, @unsynced and @used: a new
 * verdict or version replaces the entry. 128 bytes on 64-bit: with the table's
 * buckets, at most 150 bytes a flow (see flow.c).
 */
struct zgc_flow {
	struct rhash_head node;
	struct zgc_flow_key key;
	struct zgc_flow_verdict v;
	u8 closing;
	u8 unsynced;
	u32 gen;
	u32 chain;
	u32 used;
	u32 version;
	struct zgc_tenant *tenant;
	struct llist_node dead;
};

/**
 * enum zgc_flow_kind - what a flow table is
 * @ZGC_FLOWS_CACHE: a device's flow cache
 * @ZGC_FLOWS_DFT: the DFT entries a device holds as an FTN
 * @ZGC_FLOWS_KINDS: how many kinds
 */
enum zgc_flow_kind {
	ZGC_FLOWS_CACHE,
	ZGC_FLOWS_DFT,
	ZGC_FLOWS_KINDS,
};

/**
 * struct zgc_flow_table - a table of flows: a device's flow cache, or its
 *	part of the DFT
 * @zd: the device
 * @kind: enum zgc_flow_kind
 * @expired: the counter of flows removed for being idle
 * @ht: the flows by key
 * @count: how many it holds
 * @max: the most it may hold (ZGC_A_FLOW_MAX)
 * @vni_max: the most one tenant may hold (ZGC_A_FLOW_VNI_MAX)
 * @timeout: idle time after which a flow is removed, in jiffies
 *	(ZGC_A_FLOW_TIMEOUT)
 * @gc: the periodic removal of idle flows, and freeing of removed ones
 * @dead: the flows removed since the GC last ran, to free after an RCU
 *	grace period
 * @reaped: the flows the GC took from @dead, waiting for the grace period
 *	@reaped_gp to end
 * @reaped_gp: the RCU grace period (a cookie of
 *	start_poll_synchronize_rcu()) @reaped wait for
 *
 * Locking: the receive path looks flows up and inserts them under RCU;
 * the rhashtable's per-bucket locks serialize writers, and it grows and
 * shrinks in the background without stopping readers. Whoever removes a
 * flow from the table pushes it on @dead (a lock-free list); only the GC
 * (or zgc_flow_table_destroy() once the GC is stopped) takes from it,
 * and owns @reaped and @reaped_gp. @max, @vni_max and @timeout are
 * written under RTNL, read with READ_ONCE().
 */
struct zgc_flow_table {
	struct zgc_dev *zd;
	u8 kind;
	u8 expired;
	struct rhashtable ht;
	atomic_t count;
	unsigned int max;
	unsigned int vni_max;
	unsigned long timeout;
	struct delayed_work gc;
	struct llist_head dead;
	struct llist_node *reaped;
	unsigned long reaped_gp;
};

/**
 * struct zgc_flow_sel - which flows of a table an operation is about
 * @tenant: only this tenant's, when not NULL (it may be unlisted already,
 *	its VNI reused)
 * @vni: only this VNI's, when @by_vni
 * @chain: only those from this DFT chain, when not 0
 * @by_vni: @vni applies
 * @unsynced: only unsynced ones (&zgc_flow.unsynced)
 *
 * All zero: every flow.
 */
struct zgc_flow_sel {
	const struct zgc_tenant *tenant;
	u32 vni;
	u32 chain;
	bool by_vni;
	bool unsynced;
};

/**
 * zgc_flow_touch() - mark a flow used now, and closing after a TCP FIN or
 *	RST
 * @f: the flow
 * @closing: whether it is closing now
 *
 * Context: RCU read side. Writes once a jiffy at most, so that the cache
 * line of a busy flow stays shared between CPUs.
 */
static inline void zgc_flow_touch(struct zgc_flow *f, bool closing)
{
	u32 now = jiffies;

	if (READ_ONCE(f->used) != now)
		WRITE_ONCE(f->used, now);
	if (closing && !READ_ONCE(f->closing))
		WRITE_ONCE(f->closing, 1);
}

int zgc_flow_cache_init(void);
void zgc_flow_cache_uninit(void);

int zgc_flow_table_init(struct zgc_dev *zd, struct zgc_flow_table *ft,
			enum zgc_flow_kind kind);
void zgc_flow_table_destroy(struct zgc_flow_table *ft);
bool zgc_flow_table_configure(struct zgc_flow_table *ft, unsigned int timeout,
			      unsigned int max, unsigned int vni_max);

struct zgc_flow *zgc_flow_lookup(struct zgc_flow_table *ft,
				 const struct zgc_flow_key *key);
struct zgc_flow *zgc_flow_insert(struct zgc_flow_table *ft,
				 struct zgc_tenant *t,
				 const struct zgc_flow *tmpl,
				 struct zgc_flow *stale);
void zgc_flow_remove(struct zgc_flow_table *ft, struct zgc_flow *f);
void zgc_flow_flush(struct zgc_flow_table *ft, const struct zgc_flow_sel *sel);
void zgc_flow_mark_unsynced(struct zgc_flow_table *ft,
			 const struct zgc_flow_sel *sel, bool unsynced);

int zgc_flow_dump(struct sk_buff *skb, struct netlink_callback *cb,
		  struct zgc_flow_table *ft, const struct zgc_flow_sel *sel,
		  int (*fill)(struct sk_buff *skb, struct netlink_callback *cb,
			      const struct zgc_dev *zd,
			      const struct zgc_flow *f));

#endif /* _ZGC_FLOW_H */
