// SPDX-License-Identifier: GPL-2.0
/*
 * The flow cache of a zgc device: the verdict of every flow the device
 * forwards, keyed by (VNI, 5-tuple), so that only a flow's first packet
 * (a miss) pays for the endpoint lookup and its decision.
 *
 * The table is an rhashtable: lookups and inserts from the receive path
 * take no lock but the bucket lock of an insert, and the table grows
 * (and shrinks) in a worker while readers go on reading the old one, as
 * Open vSwitch's flow table does with its table swap.
 *
 * Limits: at most &zgc_flow_table.max flows per device and vni_max per
 * tenant. A new flow past either limit is not cached and its packet is
 * dropped (ZGC_STATS_RX_FLOW_TABLE_FULL, ZGC_STATS_RX_FLOW_VNI_LIMIT), as
 * conntrack drops when full: the cache is the gateway's flow state, and
 * the flows it holds are not evicted for new ones.
 *
 * Lifetime: a flow idle for &zgc_flow_table.timeout, or for
 * ZGC_FLOW_CLOSE_TIMEOUT after a TCP FIN or RST, is removed by the GC
 * worker, which runs every ZGC_FLOW_GC_INTERVAL while the table holds
 * flows or dead flows, and not at all while it holds neither. A verdict computed for an older generation of its tenant's
 * configuration (&zgc_tenant.gen, bumped on every change of the tenant's
 * subnets and endpoints) is recomputed by the next packet. A tenant's
 * flows are removed before it is freed; all of them when the device goes
 * down.
 *
 * Memory: entries come from the "zgc_flow" slab cache
 * (sizeof(struct zgc_flow), 128 bytes on 64-bit: two cache lines),
 * charged to the memory cgroup of the process that created the device (one at its limit has a
 * new flow's packet dropped as ZGC_STATS_RX_NO_MEMORY), plus the table's
 * buckets, one pointer per bucket at 0.375 to 0.75 entries a bucket
 * (10.7 to 21.3 bytes a flow): at most 150 bytes a flow in all. To stay
 * that small an entry has no rcu_head: a removed flow goes on the
 * table's lock-free list of dead flows, and the GC frees them a batch at
 * a time once an RCU grace period begun after their removal has ended
 * (poll_state_synchronize_rcu()), within two GC intervals.
 *
 * The same code keeps the DFT entries a device holds as an FTN (kind
 * ZGC_FLOWS_DFT, &zgc_dev.dft): a DFT entry is a flow whose verdict has
 * a version and a chain; the DFT (dft/) decides what goes in and out.
 */

#include <linux/jiffies.h>
#include <linux/rhashtable.h>
#include <linux/rtnetlink.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <net/genetlink.h>

#include "device.h"
#include "flow.h"
#include "stats.h"
#include "tenant.h"
#include "zgc_trace.h"

static struct kmem_cache *zgc_flow_cache __read_mostly;

static const struct rhashtable_params zgc_flow_params = {
	.head_offset = offsetof(struct zgc_flow, node),
	.key_offset = offsetof(struct zgc_flow, key),
	.key_len = sizeof(struct zgc_flow_key),
	.automatic_shrinking = true,
};

/* Frees a list of dead flows, whose grace period has ended. */
static void zgc_flow_free_list(struct llist_node *list)
{
	struct zgc_flow *f, *next;

	llist_for_each_entry_safe(f, next, list, dead)
		kmem_cache_free(zgc_flow_cache, f);
}

/*
 * Frees the flows whose grace period has ended, and starts one for those
 * removed since. Context: the GC.
 */
static void zgc_flow_reap(struct zgc_flow_table *ft)
{
	if (ft->reaped && poll_state_synchronize_rcu(ft->reaped_gp)) {
		zgc_flow_free_list(ft->reaped);
		ft->reaped = NULL;
	}
	if (!ft->reaped) {
		ft->reaped = llist_del_all(&ft->dead);
		if (ft->reaped)
			ft->reaped_gp = start_poll_synchronize_rcu();
	}
}

/*
 * The GC runs while the table holds flows or dead flows to free, and
 * stops when it holds neither: an insert into an empty table and the
 * first dead flow start it again (a no-op while it is queued; while it
 * runs, it is queued again).
 */
static void zgc_flow_gc_kick(struct zgc_flow_table *ft)
{
	queue_delayed_work(system_power_efficient_wq, &ft->gc,
			   ZGC_FLOW_GC_INTERVAL);
}

/* Adds @f to the flows to free once no reader sees them. */
static void zgc_flow_bury(struct zgc_flow_table *ft, struct zgc_flow *f)
{
	if (llist_add(&f->dead, &ft->dead))
		zgc_flow_gc_kick(ft);
}

/* Takes @f, out of the table now, out of the counts. */
static void zgc_flow_uncount(struct zgc_flow_table *ft, struct zgc_flow *f)
{
	atomic_dec(&f->tenant->nflows[ft->kind]);
	atomic_dec(&ft->count);
}

/* Takes @f, out of the table now, out of the counts, to be freed. */
static void zgc_flow_forget(struct zgc_flow_table *ft, struct zgc_flow *f)
{
	zgc_flow_uncount(ft, f);
	zgc_flow_bury(ft, f);
}

/*
 * Takes @f out of the table and the counts, if no one else did first.
 * Context: RCU read side, or RTNL.
 */
static bool zgc_flow_unlink(struct zgc_flow_table *ft, struct zgc_flow *f)
{
	if (rhashtable_remove_fast(&ft->ht, &f->node, zgc_flow_params))
		return false;
	zgc_flow_forget(ft, f);
	return true;
}

static bool zgc_flow_expired(const struct zgc_flow *f, u32 now,
			     unsigned long timeout)
{
	if (READ_ONCE(f->closing))
		timeout = min(timeout, (unsigned long)ZGC_FLOW_CLOSE_TIMEOUT);
	return time_after32(now, READ_ONCE(f->used) + (u32)timeout);
}

/*
 * Walks the table, removing the flows visit() returns true for (it may
 * also change a flow's @closing, @unsynced or @used); sleeps between chunks
 * of it. Return: how many were removed.
 *
 * The walk pauses at a flow it has not removed yet: when it takes up
 * again, the rhashtable walker finds that flow in its bucket and goes on
 * from it. (Paused at a flow no longer in the table, the walker would
 * skip as many flows of its bucket as it went past, removed ones
 * included.) Should the flow have gone meanwhile, or the table been
 * resized, the walk starts over, so that it misses none.
 */
static unsigned int zgc_flow_walk(struct zgc_flow_table *ft,
				  bool (*visit)(struct zgc_flow *f,
						const void *arg),
				  const void *arg, bool expiring)
{
	struct rhashtable_iter iter;
	unsigned int seen = 0, removed = 0;
	struct zgc_flow *f;
	bool again;

	do {
		again = false;
		rhashtable_walk_enter(&ft->ht, &iter);
		rhashtable_walk_start(&iter);
		while ((f = rhashtable_walk_next(&iter))) {
			/* -EAGAIN: the table grew; the walk goes on in the new one. */
			if (IS_ERR(f))
				continue;
			if (!(++seen % 1024)) {
				rhashtable_walk_stop(&iter);
				cond_resched();
				rhashtable_walk_start(&iter);
				if (rhashtable_walk_peek(&iter) != f) {
					again = true;
					break;
				}
			}
			if (!visit(f, arg) || !zgc_flow_unlink(ft, f))
				continue;
			removed++;
			if (expiring)
				trace_zgc_flow_expire(ft->zd, &f->key, ft->kind);
			else
				trace_zgc_flow_delete(ft->zd, &f->key, ft->kind);
		}
		rhashtable_walk_stop(&iter);
		rhashtable_walk_exit(&iter);
	} while (again);
	return removed;
}

struct zgc_flow_gc_arg {
	u32 now;
	unsigned long timeout;
};

static bool zgc_flow_gc_match(struct zgc_flow *f, const void *arg)
{
	const struct zgc_flow_gc_arg *a = arg;

	return zgc_flow_expired(f, a->now, a->timeout);
}

static void zgc_flow_gc(struct work_struct *work)
{
	struct zgc_flow_table *ft = container_of(to_delayed_work(work),
						 struct zgc_flow_table, gc);
	struct zgc_flow_gc_arg arg = {
		.now = jiffies,
		.timeout = READ_ONCE(ft->timeout),
	};
	unsigned int n = 0;

	if (atomic_read(&ft->count))
		n = zgc_flow_walk(ft, zgc_flow_gc_match, &arg, true);
	if (n) {
		local_bh_disable();
		zgc_stats_add(ft->zd, ft->expired, n);
		local_bh_enable();
	}
	zgc_flow_reap(ft);
	if (atomic_read(&ft->count) || ft->reaped || !llist_empty(&ft->dead))
		zgc_flow_gc_kick(ft);
}

/**
 * zgc_flow_table_init() - set up a flow table of a device, and its GC
 * @zd: the device
 * @ft: the table, in @zd
 * @kind: what it is
 *
 * Return: 0 or -ENOMEM.
 */
int zgc_flow_table_init(struct zgc_dev *zd, struct zgc_flow_table *ft,
			enum zgc_flow_kind kind)
{
	int err;

	err = rhashtable_init(&ft->ht, &zgc_flow_params);
	if (err)
		return err;
	ft->zd = zd;
	ft->kind = kind;
	atomic_set(&ft->count, 0);
	init_llist_head(&ft->dead);
	ft->reaped = NULL;
	if (kind == ZGC_FLOWS_DFT) {
		ft->expired = ZGC_STATS_DFT_EXPIRED;
		ft->max = ZGC_DFT_MAX_DEFAULT;
		ft->vni_max = ZGC_DFT_VNI_MAX_DEFAULT;
	} else {
		ft->expired = ZGC_STATS_FLOW_EXPIRED;
		ft->max = ZGC_FLOW_MAX_DEFAULT;
		ft->vni_max = ZGC_FLOW_VNI_MAX_DEFAULT;
	}
	ft->timeout = ZGC_FLOW_TIMEOUT_DEFAULT * HZ;
	/* Idle: the first flow starts the GC. */
	INIT_DELAYED_WORK(&ft->gc, zgc_flow_gc);
	return 0;
}

/**
 * zgc_flow_table_configure() - change a table's settings
 * @ft: the table
 * @timeout: idle timeout in seconds, 0 to keep it
 * @max: flow limit of the device, 0 to keep it
 * @vni_max: flow limit of a tenant, 0 to keep it
 *
 * Lowered limits keep the flows already cached; they apply to new ones.
 *
 * Context: RTNL.
 * Return: whether anything changed.
 */
bool zgc_flow_table_configure(struct zgc_flow_table *ft, unsigned int timeout,
			      unsigned int max, unsigned int vni_max)
{
	bool changed = false;

	ASSERT_RTNL();
	if (timeout && timeout * HZ != ft->timeout) {
		WRITE_ONCE(ft->timeout, timeout * HZ);
		changed = true;
	}
	if (max && max != ft->max) {
		WRITE_ONCE(ft->max, max);
		changed = true;
	}
	if (vni_max && vni_max != ft->vni_max) {
		WRITE_ONCE(ft->vni_max, vni_max);
		changed = true;
	}
	return changed;
}

/* A flow of a table being destroyed: forgotten. */
/* As zgc_flow_forget(), the GC stopped for good: it is not kicked. */
static void zgc_flow_destroy_one(void *ptr, void *arg)
{
	struct zgc_flow_table *ft = arg;
	struct zgc_flow *f = ptr;

	zgc_flow_uncount(ft, f);
	llist_add(&f->dead, &ft->dead);
}

/**
 * zgc_flow_table_destroy() - stop the GC and free every flow
 * @ft: the table, no longer reachable by the receive path
 *
 * Context: process, RTNL.
 */
void zgc_flow_table_destroy(struct zgc_flow_table *ft)
{
	cancel_delayed_work_sync(&ft->gc);
	rhashtable_free_and_destroy(&ft->ht, zgc_flow_destroy_one, ft);
	/* The GC is stopped: what it did not free yet is ours. */
	if (!ft->reaped && llist_empty(&ft->dead))
		return;
	synchronize_rcu();
	zgc_flow_free_list(ft->reaped);
	zgc_flow_free_list(llist_del_all(&ft->dead));
}

/**
 * zgc_flow_lookup() - the entry of a flow
 * @ft: the table
 * @key: the flow
 *
 * Context: RCU read side; the flow stays valid until it ends.
 * Return: the flow, or NULL.
 */
struct zgc_flow *zgc_flow_lookup(struct zgc_flow_table *ft,
				 const struct zgc_flow_key *key)
{
	return rhashtable_lookup(&ft->ht, key, zgc_flow_params);
}

/**
 * zgc_flow_insert() - insert a flow's verdict
 * @ft: the table
 * @t: the flow's tenant
 * @tmpl: the entry to insert: its @key, @v, @gen (the generation of
 *	@t's configuration @v was computed for, read before computing it),
 *	@chain and @version
 * @stale: the flow's entry to replace (of an older generation or
 *	version), or NULL
 *
 * When another CPU inserted the flow first, its entry stands and is
 * returned: one flow has one verdict.
 *
 * Context: RCU read side (the receive path).
 * Return: the flow's entry, or ERR_PTR(-ENOSPC) when the device's flow
 * limit is reached, -EDQUOT when the tenant's is, -ENOMEM.
 */
struct zgc_flow *zgc_flow_insert(struct zgc_flow_table *ft,
				 struct zgc_tenant *t,
				 const struct zgc_flow *tmpl,
				 struct zgc_flow *stale)
{
	atomic_t *tenant_count = &t->nflows[ft->kind];
	struct mem_cgroup *memcg;
	struct zgc_flow *f, *old;
	int count, err;

	/* Charged to the device's creator (&zgc_dev.memcg), from any context. */
	memcg = set_active_memcg(ft->zd->memcg);
	f = kmem_cache_alloc(zgc_flow_cache, GFP_ATOMIC | __GFP_ACCOUNT);
	set_active_memcg(memcg);
	if (!f)
		return ERR_PTR(-ENOMEM);
	f->key = tmpl->key;
	f->v = tmpl->v;
	f->gen = tmpl->gen;
	f->closing = tmpl->closing;
	f->unsynced = 0;
	f->chain = tmpl->chain;
	f->version = tmpl->version;
	f->used = jiffies;
	f->tenant = t;

	if (stale) {
		/* Same flow, same tenant: the counts do not change. */
		if (!rhashtable_replace_fast(&ft->ht, &stale->node, &f->node,
					     zgc_flow_params)) {
			zgc_flow_bury(ft, stale);
			trace_zgc_flow_insert(ft->zd, &f->key, ft->kind);
			return f;
		}
		/* Someone removed or replaced it meanwhile: insert anew. */
	}

	count = atomic_inc_return(&ft->count);
	if (count > READ_ONCE(ft->max)) {
		err = -ENOSPC;
		goto uncount_dev;
	}
	if (atomic_inc_return(tenant_count) > READ_ONCE(ft->vni_max)) {
		err = -EDQUOT;
		goto uncount;
	}
	old = rhashtable_lookup_get_insert_fast(&ft->ht, &f->node,
						zgc_flow_params);
	if (!old) {
		if (count == 1)
			zgc_flow_gc_kick(ft);
		trace_zgc_flow_insert(ft->zd, &f->key, ft->kind);
		return f;
	}
	/* The table could not take it now (-ENOMEM, -EBUSY): as -ENOMEM. */
	err = IS_ERR(old) ? -ENOMEM : 0;
uncount:
	atomic_dec(tenant_count);
uncount_dev:
	atomic_dec(&ft->count);
	kmem_cache_free(zgc_flow_cache, f);
	return err ? ERR_PTR(err) : old;
}

/**
 * zgc_flow_remove() - forget a flow
 * @ft: the table
 * @f: the flow, from zgc_flow_lookup()
 *
 * Context: RCU read side.
 */
void zgc_flow_remove(struct zgc_flow_table *ft, struct zgc_flow *f)
{
	if (zgc_flow_unlink(ft, f))
		trace_zgc_flow_delete(ft->zd, &f->key, ft->kind);
}

static bool zgc_flow_selected(struct zgc_flow *f, const void *arg)
{
	const struct zgc_flow_sel *sel = arg;

	return (!sel->tenant || f->tenant == sel->tenant) &&
	       (!sel->by_vni || f->key.vni == sel->vni) &&
	       (!sel->chain || f->chain == sel->chain) &&
	       (!sel->unsynced || READ_ONCE(f->unsynced));
}

/**
 * zgc_flow_flush() - forget flows
 * @ft: the table
 * @sel: which ones
 *
 * A tenant about to be freed must be unlisted, then an RCU grace period
 * must pass (no receive path can insert for it any more), then its
 * flows flushed (by &zgc_flow_sel.tenant).
 *
 * Context: process.
 */
void zgc_flow_flush(struct zgc_flow_table *ft, const struct zgc_flow_sel *sel)
{
	zgc_flow_walk(ft, zgc_flow_selected, sel, false);
}

struct zgc_flow_mark_arg {
	const struct zgc_flow_sel *sel;
	bool unsynced;
};

static bool zgc_flow_mark_one(struct zgc_flow *f, const void *arg)
{
	const struct zgc_flow_mark_arg *a = arg;

	if (zgc_flow_selected(f, a->sel))
		WRITE_ONCE(f->unsynced, a->unsynced);
	return false;
}

/**
 * zgc_flow_mark_unsynced() - mark flows unsynced, or synced
 * @ft: the table
 * @sel: which ones
 * @unsynced: what they become
 *
 * A flow inserted during the walk may or may not be marked.
 *
 * Context: process.
 */
void zgc_flow_mark_unsynced(struct zgc_flow_table *ft,
			 const struct zgc_flow_sel *sel, bool unsynced)
{
	struct zgc_flow_mark_arg arg = { .sel = sel, .unsynced = unsynced };

	zgc_flow_walk(ft, zgc_flow_mark_one, &arg, false);
}

/*
 * The layout of the bucket table a dump walks: the dump is consistent
 * while it stays the same.
 */
static u64 zgc_flow_layout(const struct bucket_table *tbl)
{
	return (u64)tbl->size << 32 | tbl->hash_rnd;
}

/**
 * zgc_flow_dump() - dump a flow table into netlink messages
 * @skb: the dump's message buffer
 * @cb: the dump; cb->args[0] is the bucket to go on from, args[1] the
 *	table layout seen so far, args[2] non-zero once started
 * @ft: the table
 * @sel: the flows to dump
 * @fill: puts one flow in one message; returns -EMSGSIZE when full
 *
 * Whole buckets go into one skb, so a flow present during the whole dump
 * is sent exactly once if the table keeps its layout; when it is resized
 * or rehashed meanwhile, the dump is flagged NLM_F_DUMP_INTR (through
 * cb->seq) so that the reader starts over.
 *
 * Context: process; takes the RCU read lock.
 * Return: skb->len, or an error when not even one bucket fits.
 */
int zgc_flow_dump(struct sk_buff *skb, struct netlink_callback *cb,
		  struct zgc_flow_table *ft, const struct zgc_flow_sel *sel,
		  int (*fill)(struct sk_buff *skb, struct netlink_callback *cb,
			      const struct zgc_dev *zd,
			      const struct zgc_flow *f))
{
	const struct bucket_table *tbl;
	struct rhash_head *pos;
	struct zgc_flow *f;
	unsigned int b;
	int err = 0;

	rcu_read_lock();
	tbl = rht_dereference_rcu(ft->ht.tbl, &ft->ht);
	if (!cb->args[2]) {
		cb->args[1] = zgc_flow_layout(tbl);
		cb->args[2] = 1;
		cb->seq = 1;
	} else if (cb->args[1] != zgc_flow_layout(tbl)) {
		cb->args[1] = zgc_flow_layout(tbl);
		cb->seq++;
	}
	for (b = cb->args[0]; b < tbl->size; b++) {
		int len = skb->len;

		/* A rehash in progress moves flows out of this table. */
		if (rcu_access_pointer(tbl->future_tbl))
			cb->seq++;
		rht_for_each_entry_rcu(f, pos, tbl, b, node) {
			/* Fragments' entries are not listed (uapi). */
			if (f->key.frag || !zgc_flow_selected(f, sel))
				continue;
			err = fill(skb, cb, ft->zd, f);
			if (err)
				break;
			nl_dump_check_consistent(cb, nlmsg_hdr(skb));
		}
		if (err) {
			/* The next skb takes the whole bucket. */
			nlmsg_trim(skb, skb->data + len);
			break;
		}
	}
	cb->args[0] = b;
	rcu_read_unlock();
	if (err && !skb->len)
		return err;
	return skb->len;
}

int zgc_flow_cache_init(void)
{
	/*
	 * An entry in two cache lines; with the buckets (up to 21.3 bytes a
	 * flow, see above) at most 150 bytes a flow.
	 */
	BUILD_BUG_ON(IS_ENABLED(CONFIG_64BIT) && sizeof(struct zgc_flow) > 128);
	zgc_flow_cache = KMEM_CACHE(zgc_flow, SLAB_ACCOUNT);
	return zgc_flow_cache ? 0 : -ENOMEM;
}

void zgc_flow_cache_uninit(void)
{
	/* Every table is destroyed, and has freed its flows. */
	kmem_cache_destroy(zgc_flow_cache);
}
