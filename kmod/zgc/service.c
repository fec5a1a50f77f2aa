// SPDX-License-Identifier: GPL-2.0
/*
 * Services, or scaled endpoints: a tenant's virtual address (VIP), port
 * and protocol, served by backends that are endpoints of the tenant.
 *
 * A new flow to a VIP gets one backend that is up, by a weighted Maglev
 * table of them (kmod/dft/maglev.c) indexed by a keyed hash of the flow:
 * a tenant cannot aim its flows at one backend, and a backend added,
 * removed, declared down or up moves few of the new flows between the
 * others. A flow keeps its backend while that backend is listed and up,
 * an endpoint, on a host that is not down (zgc_service_pick() with the
 * verdict it had), whatever else changed: a
 * connection lives through FWD and FTN failures, chain changes and
 * backend changes; only a backend declared down loses its flows.
 *
 * Locking: RTNL guards every change. The receive path reads under RCU:
 * services sit in an rhashtable, are immutable once published (a change
 * builds a new one that replaces it) and are freed after a grace period.
 * Their counters are per CPU. At most ZGC_SERVICES_MAX per device.
 */

#include <linux/jhash.h>
#include <linux/netlink.h>
#include <linux/percpu.h>
#include <linux/net.h>
#include <linux/rhashtable.h>
#include <linux/rtnetlink.h>
#include <linux/siphash.h>
#include <linux/slab.h>

#include "device.h"
#include "endpoint.h"
#include "host.h"
#include "flow_types.h"
#include "maglev.h"
#include "service.h"
#include "tenant.h"

#define ZGC_SERVICE_SEED	0x53766321	/* "Svc!" */

/* The flow hash's key, drawn at load: flows cannot aim at a backend. */
static siphash_key_t zgc_service_flow_key __read_mostly;

/*
 * The VNI of the &zgc_vip.key of public VIPs: one table holds the
 * tenants' VIPs and the public ones, which belong to no tenant's
 * address space (a VNI is 24 bits).
 */
#define ZGC_VIP_PUBLIC	U32_MAX

/**
 * struct zgc_vip - a VIP, for the ARP and ND responders (a tenant's) or
 *	the provider network (a public one, zgc_service_public_vni())
 * @node: entry in &zgc_dev.vips
 * @key: its tenant and address; ZGC_VIP_PUBLIC for the tenant of a
 *	public one
 * @vni: the tenant whose services it is the VIP of
 * @nservices: how many services it is the VIP of
 * @rcu: frees it after the readers
 */
struct zgc_vip {
	struct rhash_head node;
	struct zgc_endpoint_key key;
	u32 vni;
	unsigned int nservices;
	struct rcu_head rcu;
};

static const struct rhashtable_params zgc_vip_params = {
	.head_offset = offsetof(struct zgc_vip, node),
	.key_offset = offsetof(struct zgc_vip, key),
	.key_len = sizeof(struct zgc_endpoint_key),
	.automatic_shrinking = true,
};

static const struct rhashtable_params zgc_service_params = {
	.head_offset = offsetof(struct zgc_service, node),
	.key_offset = offsetof(struct zgc_service, key),
	.key_len = sizeof(struct zgc_service_key),
	.automatic_shrinking = true,
};

/**
 * zgc_services_init() - set up a device's service table
 * @zd: the device
 *
 * Return: 0 or -ENOMEM.
 */
int zgc_services_init(struct zgc_dev *zd)
{
	net_get_random_once(&zgc_service_flow_key,
			    sizeof(zgc_service_flow_key));
	if (rhashtable_init(&zd->vips, &zgc_vip_params))
		return -ENOMEM;
	if (rhashtable_init(&zd->services, &zgc_service_params)) {
		rhashtable_destroy(&zd->vips);
		return -ENOMEM;
	}
	return 0;
}

/**
 * zgc_services_free() - free a device's (empty) service table
 * @zd: the device
 */
void zgc_services_free(struct zgc_dev *zd)
{
	rhashtable_destroy(&zd->services);
	rhashtable_destroy(&zd->vips);
}

/**
 * zgc_service_is_vip() - whether an address is a VIP of a tenant
 * @zd: the device
 * @vni: the tenant
 * @ip: the address (IPv4-mapped for IPv4)
 *
 * Context: RCU read side, or RTNL.
 */
bool zgc_service_is_vip(struct zgc_dev *zd, u32 vni, const struct in6_addr *ip)
{
	struct zgc_endpoint_key key = { .vni = vni, .ip = *ip };

	return rhashtable_lookup_fast(&zd->vips, &key, zgc_vip_params);
}

/**
 * zgc_service_public_vni() - the tenant a public VIP belongs to
 * @zd: the device
 * @ip: the address (IPv4-mapped for IPv4)
 * @vni: where to put the tenant's VNI
 *
 * Context: RCU read side, or RTNL.
 * Return: 0, or -ENOENT when @ip is no public VIP.
 */
int zgc_service_public_vni(struct zgc_dev *zd, const struct in6_addr *ip,
			   u32 *vni)
{
	struct zgc_endpoint_key key = { .vni = ZGC_VIP_PUBLIC, .ip = *ip };
	const struct zgc_vip *vip;

	vip = rhashtable_lookup_fast(&zd->vips, &key, zgc_vip_params);
	if (!vip)
		return -ENOENT;
	*vni = vip->vni;
	return 0;
}

static void zgc_vip_key(const struct zgc_service *s,
			struct zgc_endpoint_key *k)
{
	k->vni = s->public ? ZGC_VIP_PUBLIC : s->key.vni;
	k->ip = s->key.vip;
}

/* One more service of @s's VIP: RTNL held. */
static int zgc_vip_get(struct zgc_dev *zd, const struct zgc_service *s,
		       struct netlink_ext_ack *extack)
{
	struct zgc_endpoint_key k;
	struct zgc_vip *vip;
	int err;

	zgc_vip_key(s, &k);
	vip = rhashtable_lookup_fast(&zd->vips, &k, zgc_vip_params);
	if (vip && vip->vni != s->key.vni) {
		NL_SET_ERR_MSG(extack,
			       "this public VIP is another tenant's");
		return -EADDRINUSE;
	}
	if (vip) {
		vip->nservices++;
		return 0;
	}
	vip = kzalloc(sizeof(*vip), GFP_KERNEL_ACCOUNT);
	if (!vip)
		return -ENOMEM;
	vip->key = k;
	vip->vni = s->key.vni;
	vip->nservices = 1;
	err = rhashtable_insert_fast(&zd->vips, &vip->node, zgc_vip_params);
	if (err)
		kfree(vip);
	return err;
}

/* One service of @s's VIP less: RTNL held. */
static void zgc_vip_put(struct zgc_dev *zd, const struct zgc_service *s)
{
	struct zgc_endpoint_key k;
	struct zgc_vip *vip;

	zgc_vip_key(s, &k);
	vip = rhashtable_lookup_fast(&zd->vips, &k, zgc_vip_params);
	if (!vip || --vip->nservices)
		return;
	rhashtable_remove_fast(&zd->vips, &vip->node, zgc_vip_params);
	kfree_rcu(vip, rcu);
}

/**
 * zgc_service_lookup() - the service of a VIP, port and protocol
 * @zd: the device
 * @vni: the tenant
 * @vip: the address (IPv4-mapped for IPv4)
 * @port: the port
 * @proto: the IP protocol
 *
 * Context: RCU read side, or RTNL.
 * Return: the service, or NULL.
 */
const struct zgc_service *zgc_service_lookup(struct zgc_dev *zd, u32 vni,
					     const struct in6_addr *vip,
					     __be16 port, u8 proto)
{
	struct zgc_service_key key;

	if (!atomic_read(&zd->services.nelems))
		return NULL;
	memset(&key, 0, sizeof(key));
	key.vni = vni;
	key.vip = *vip;
	key.port = port;
	key.proto = proto;
	return rhashtable_lookup_fast(&zd->services, &key, zgc_service_params);
}

/**
 * zgc_service_backend() - the index of a backend of a service
 * @s: the service
 * @addr: the backend's address
 * @port: its port
 *
 * Return: its index in @s->b, or -1 when @s has no such backend.
 */
int zgc_service_backend(const struct zgc_service *s,
			const struct in6_addr *addr, __be16 port)
{
	u32 i;

	for (i = 0; i < s->nbackends; i++)
		if (s->b[i].port == port && ipv6_addr_equal(&s->b[i].addr, addr))
			return i;
	return -1;
}

/*
 * Whether backend @i of @s can take flows: not declared down, an
 * endpoint of the tenant, not on a host declared down (host.c).
 */
static bool zgc_service_usable(struct zgc_dev *zd,
			       const struct zgc_service *s, int i)
{
	const struct zgc_endpoint *ep;

	if (s->b[i].down)
		return false;
	ep = zgc_endpoint_lookup(zd, s->key.vni, &s->b[i].addr);
	return ep && !zgc_host_is_down(zd, ep->host);
}

/**
 * zgc_service_pick() - the backend of a flow to a service
 * @zd: the device
 * @s: the service
 * @key: the flow (to the VIP)
 * @was: the verdict the flow had, or NULL: its backend, when it is one
 *	of @s that can take flows, is kept
 * @kept: set to whether it was
 *
 * A backend not declared down may still not take flows: its endpoint
 * removed, or on a host declared down. A flow whose backend by the table
 * cannot takes the next one that can, in the table's order of the
 * backends that are up.
 *
 * Context: RCU read side.
 * Return: the index of the backend in @s->b, or -1 when none can.
 */
int zgc_service_pick(struct zgc_dev *zd, const struct zgc_service *s,
		     const struct zgc_flow_key *key,
		     const struct zgc_flow_verdict *was, bool *kept)
{
	u32 j, k, n;
	int i;

	*kept = false;
	if (was && was->action == ZGC_FLOW_FORWARD &&
	    (was->flags & ZGC_FLOW_F_DNAT)) {
		i = zgc_service_backend(s, &was->nat, was->nat_port);
		if (i >= 0 && zgc_service_usable(zd, s, i)) {
			*kept = true;
			return i;
		}
	}
	if (!s->map)
		return -1;
	n = s->map->nchains;
	j = dft_maglev_lookup(s->map, siphash(key, sizeof(*key),
					      &zgc_service_flow_key));
	for (k = 0; k < n; k++) {
		i = s->up[(j + k) % n];
		if (zgc_service_usable(zd, s, i))
			return i;
	}
	return -1;
}

/**
 * zgc_service_count() - count one for a backend
 * @s: its service
 * @i: its index
 * @c: which counter
 *
 * Context: any.
 */
void zgc_service_count(const struct zgc_service *s, int i,
		       enum zgc_backend_counter c)
{
	struct zgc_backend_pcpu *st = this_cpu_ptr(s->stats) + i;
	unsigned long flags;

	flags = u64_stats_update_begin_irqsave(&st->syncp);
	u64_stats_inc(&st->n[c]);
	u64_stats_update_end_irqrestore(&st->syncp, flags);
}

/**
 * zgc_service_read() - a backend's counters, summed over the CPUs
 * @s: its service
 * @i: its index
 * @n: where to put them
 */
void zgc_service_read(const struct zgc_service *s, int i,
		      u64 n[ZGC_BACKEND_COUNTERS])
{
	const struct zgc_backend_pcpu *st;
	u64 v[ZGC_BACKEND_COUNTERS];
	unsigned int start;
	int cpu, c;

	for (c = 0; c < ZGC_BACKEND_COUNTERS; c++)
		n[c] = s->b[i].base[c];
	for_each_possible_cpu(cpu) {
		st = per_cpu_ptr(s->stats, cpu) + i;
		do {
			start = u64_stats_fetch_begin(&st->syncp);
			for (c = 0; c < ZGC_BACKEND_COUNTERS; c++)
				v[c] = u64_stats_read(&st->n[c]);
		} while (u64_stats_fetch_retry(&st->syncp, start));
		for (c = 0; c < ZGC_BACKEND_COUNTERS; c++)
			n[c] += v[c];
	}
}

/**
 * zgc_service_alloc() - a service with room for its backends
 * @nbackends: how many, 1 to ZGC_SERVICE_BACKENDS_MAX
 *
 * Context: process (netlink), charged to the caller's memory cgroup.
 * Return: the service, zeroed but for @nbackends and its counters, or
 * NULL.
 */
struct zgc_service *zgc_service_alloc(u32 nbackends)
{
	struct zgc_backend_pcpu __percpu *stats;
	struct zgc_service *s;
	int cpu;
	u32 i;

	s = kzalloc(struct_size(s, b, nbackends), GFP_KERNEL_ACCOUNT);
	if (!s)
		return NULL;
	stats = __alloc_percpu_gfp(nbackends * sizeof(*stats),
				   __alignof__(*stats), GFP_KERNEL_ACCOUNT);
	if (!stats) {
		kfree(s);
		return NULL;
	}
	for_each_possible_cpu(cpu)
		for (i = 0; i < nbackends; i++)
			u64_stats_init(&(per_cpu_ptr(stats, cpu) + i)->syncp);
	s->stats = stats;
	s->nbackends = nbackends;
	return s;
}

static void zgc_service_free_rcu(struct rcu_head *head)
{
	struct zgc_service *s = container_of(head, struct zgc_service, rcu);

	free_percpu(s->stats);
	kfree(s);
}

/**
 * zgc_service_destroy() - free a service no reader can see any more
 *	(never published, or unlinked: after a grace period)
 * @s: the service
 */
void zgc_service_destroy(struct zgc_service *s)
{
	dft_maglev_free(s->map);
	call_rcu(&s->rcu, zgc_service_free_rcu);
}

/*
 * A table size for @n backends that are up, of weights @sum in all: a
 * prime at least a hundred times @n and ten times @sum (Maglev's spread
 * stays within a percent or so), at most DFT_MAGLEV_MAX_SIZE.
 */
static u32 zgc_service_map_size(u32 n, u32 sum)
{
	static const u32 primes[] = {
		251, 509, 1021, 2039, 4093, 8191, 16381, 32749,
	};
	u32 want = max(100 * n, 10 * sum), i;

	for (i = 0; i < ARRAY_SIZE(primes); i++)
		if (primes[i] >= want)
			return primes[i];
	return DFT_MAGLEV_MAX_SIZE;
}

/* Builds @s's table of its backends that are up. */
static int zgc_service_build(struct zgc_service *s,
			     struct netlink_ext_ack *extack)
{
	u32 ids[ZGC_SERVICE_BACKENDS_MAX], sum = 0, n = 0, i;
	u16 weights[ZGC_SERVICE_BACKENDS_MAX];
	struct dft_maglev *map;
	struct {
		struct in6_addr addr;
		u32 port;
	} b;

	for (i = 0; i < s->nbackends; i++) {
		if (s->b[i].down)
			continue;
		memset(&b, 0, sizeof(b));
		b.addr = s->b[i].addr;
		b.port = (__force u32)s->b[i].port;
		ids[n] = jhash2((const u32 *)&b, sizeof(b) / sizeof(u32),
				ZGC_SERVICE_SEED);
		weights[n] = s->b[i].weight;
		sum += weights[n];
		s->up[n++] = i;
	}
	if (!n)
		return 0;
	map = dft_maglev_build_weighted(ids, weights, n,
					zgc_service_map_size(n, sum),
					GFP_KERNEL_ACCOUNT);
	if (IS_ERR(map)) {
		if (PTR_ERR(map) == -EINVAL)
			NL_SET_ERR_MSG(extack,
				       "two backends hash alike: give one another port");
		return PTR_ERR(map);
	}
	s->map = map;
	return 0;
}

/*
 * The counters of @s's backends that @old had start where @old's are
 * (late counts on @old, in the grace period, are lost).
 */
static void zgc_service_carry(struct zgc_service *s,
			      const struct zgc_service *old)
{
	u32 i;
	int j;

	for (i = 0; i < s->nbackends; i++) {
		j = zgc_service_backend(old, &s->b[i].addr, s->b[i].port);
		if (j >= 0)
			zgc_service_read(old, j, s->b[i].base);
	}
}

/**
 * zgc_service_add() - publish a service, new or replacing one
 * @zd: the device
 * @s: the service, from zgc_service_alloc(), its key and backends set
 *	and checked (netlink_service.c); the device's on success, else the
 *	caller's to destroy
 * @replace: replace the service with @s's key (which must exist), rather
 *	than add it (which must not)
 * @extack: where to say what was wrong
 *
 * The flows of the tenant are decided again at their next packet (their
 * tenant's generation changes); each keeps its backend while that one is
 * in @s and up.
 *
 * Context: RTNL held.
 * Return: 0, -EEXIST, -ENOENT, -ENOSPC, -EINVAL or -ENOMEM.
 */
int zgc_service_add(struct zgc_dev *zd, struct zgc_service *s, bool replace,
		    struct netlink_ext_ack *extack)
{
	struct zgc_service *old;
	struct zgc_tenant *t;
	int err;

	ASSERT_RTNL();
	t = zgc_tenant_lookup(zd, s->key.vni);
	if (!t) {
		NL_SET_ERR_MSG(extack, "no tenant with this VNI: add a subnet first");
		return -ENOENT;
	}
	old = (struct zgc_service *)zgc_service_lookup(zd, s->key.vni,
						       &s->key.vip,
						       s->key.port,
						       s->key.proto);
	if (replace && !old) {
		NL_SET_ERR_MSG(extack, "no such service: add it first");
		return -ENOENT;
	}
	if (!replace && old) {
		NL_SET_ERR_MSG(extack, "the service exists: set its backends instead");
		return -EEXIST;
	}
	if (old && old->public != s->public) {
		NL_SET_ERR_MSG(extack,
			       "whether a service's VIP is public cannot change: delete it and add it again");
		return -EINVAL;
	}
	if (s->public && zgc_tenant_subnet_of(t, &s->key.vip)) {
		NL_SET_ERR_MSG(extack,
			       "a public VIP is an address of the provider network, not of a subnet of the tenant");
		return -EINVAL;
	}
	if (!replace && zd->nservices >= ZGC_SERVICES_MAX) {
		NL_SET_ERR_MSG(extack, "the device has as many services as it may");
		return -ENOSPC;
	}
	err = zgc_service_build(s, extack);
	if (err)
		return err;
	if (!old) {
		err = zgc_vip_get(zd, s, extack);
		if (err)
			goto err_map;
	}
	if (old) {
		zgc_service_carry(s, old);
		err = rhashtable_replace_fast(&zd->services, &old->node,
					      &s->node, zgc_service_params);
	} else {
		err = rhashtable_insert_fast(&zd->services, &s->node,
					     zgc_service_params);
	}
	if (err) {
		if (!old)
			zgc_vip_put(zd, s);
		goto err_map;
	}
	if (old)
		zgc_service_destroy(old);
	else
		zd->nservices++;
	zd->service_gen++;
	zgc_tenant_changed(t);
	return 0;

err_map:
	dft_maglev_free(s->map);
	s->map = NULL;
	return err;
}

static void zgc_service_unlink(struct zgc_dev *zd, struct zgc_service *s)
{
	struct zgc_tenant *t = zgc_tenant_lookup(zd, s->key.vni);

	rhashtable_remove_fast(&zd->services, &s->node, zgc_service_params);
	zgc_vip_put(zd, s);
	if (t)
		zgc_tenant_changed(t);
	zgc_service_destroy(s);
	zd->nservices--;
	zd->service_gen++;
}

/**
 * zgc_service_del() - remove a service
 * @zd: the device
 * @key: the service
 * @extack: where to say what was wrong
 *
 * Its flows are decided again at their next packet: to the VIP, they
 * find no endpoint.
 *
 * Context: RTNL held.
 * Return: 0 or -ENOENT.
 */
int zgc_service_del(struct zgc_dev *zd, const struct zgc_service_key *key,
		    struct netlink_ext_ack *extack)
{
	struct zgc_service *s;

	ASSERT_RTNL();
	s = (struct zgc_service *)zgc_service_lookup(zd, key->vni, &key->vip,
						     key->port, key->proto);
	if (!s) {
		NL_SET_ERR_MSG(extack, "no such service");
		return -ENOENT;
	}
	zgc_service_unlink(zd, s);
	return 0;
}

/**
 * zgc_services_flush() - remove a tenant's services, or every one
 * @zd: the device
 * @vni: the tenant, or U32_MAX for every one
 *
 * Context: RTNL held.
 */
void zgc_services_flush(struct zgc_dev *zd, u32 vni)
{
	struct rhashtable_iter iter;
	struct zgc_service *s;
	bool again = true;

	ASSERT_RTNL();
	while (again && zd->nservices) {
		again = false;
		rhashtable_walk_enter(&zd->services, &iter);
		rhashtable_walk_start(&iter);
		while ((s = rhashtable_walk_next(&iter))) {
			if (IS_ERR(s)) {
				/* Resized: walk it again from the start. */
				again = true;
				continue;
			}
			if (vni == U32_MAX || s->key.vni == vni)
				zgc_service_unlink(zd, s);
		}
		rhashtable_walk_stop(&iter);
		rhashtable_walk_exit(&iter);
	}
}

/**
 * zgc_services_dump() - dump a device's services into netlink messages
 * @skb: the dump's message buffer
 * @cb: the dump; cb->args[0] is how many services were sent
 * @zd: the device
 * @fill: puts one service in one message; -EMSGSIZE when full
 *
 * Services added or removed during the dump flag it NLM_F_DUMP_INTR.
 *
 * Context: RTNL held.
 * Return: skb->len, or an error when not even one service fit.
 */
int zgc_services_dump(struct sk_buff *skb, struct netlink_callback *cb,
		      struct zgc_dev *zd,
		      int (*fill)(struct sk_buff *skb, const struct zgc_dev *zd,
				  const struct zgc_service *s,
				  struct netlink_callback *cb))
{
	struct rhashtable_iter iter;
	struct zgc_service *s;
	unsigned long n = 0;
	int err = 0;

	ASSERT_RTNL();
	cb->seq = zd->service_gen;
	rhashtable_walk_enter(&zd->services, &iter);
	rhashtable_walk_start(&iter);
	while ((s = rhashtable_walk_next(&iter))) {
		if (IS_ERR(s)) {
			/* Resized: the order may change; say so. */
			cb->seq++;
			continue;
		}
		if (n++ < cb->args[0])
			continue;
		err = fill(skb, zd, s, cb);
		if (err) {
			n--;
			break;
		}
		nl_dump_check_consistent(cb, nlmsg_hdr(skb));
	}
	rhashtable_walk_stop(&iter);
	rhashtable_walk_exit(&iter);
	cb->args[0] = n;
	if (err && !skb->len)
		return err;
	return skb->len;
}
