// SPDX-License-Identifier: GPL-2.0
/*
 * The tenants of a zgc device: VNIs and their subnets, IPv4 and IPv6.
 * Tenant addresses are IPv6 addresses inside zgc, IPv4 ones IPv4-mapped.
 *
 * Locking: RTNL guards every change (netlink handlers, device teardown).
 * The receive path reads under RCU: tenants sit in an RCU hash table
 * keyed by VNI, subnets in an RCU list per tenant, and both are freed
 * with kfree_rcu() after they are unlinked. A tenant's flows are removed
 * from the flow cache before it is freed (they count against it).
 */

#include <linux/etherdevice.h>
#include <linux/hash.h>
#include <linux/hashtable.h>
#include <linux/inetdevice.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>

#include "acl.h"
#include "device.h"
#include "flow.h"
#include "service.h"
#include "tenant.h"

/**
 * zgc_tenant_lookup() - the tenant of a VNI
 * @zd: the device
 * @vni: the VNI
 *
 * Context: RCU read side, or RTNL.
 * Return: the tenant, or NULL.
 */
struct zgc_tenant *zgc_tenant_lookup(struct zgc_dev *zd, u32 vni)
{
	struct zgc_tenant *t;

	hash_for_each_possible_rcu(zd->tenants, t, node, vni,
				   lockdep_rtnl_is_held())
		if (t->vni == vni)
			return t;
	return NULL;
}

/**
 * zgc_tenant_gateway() - the subnet whose gateway has this address
 * @t: the tenant
 * @gw: the address
 *
 * Context: RCU read side, or RTNL.
 * Return: the subnet, or NULL.
 */
const struct zgc_subnet *zgc_tenant_gateway(const struct zgc_tenant *t,
					    const struct in6_addr *gw)
{
	const struct zgc_subnet *sn;

	list_for_each_entry_rcu(sn, &t->subnets, list, lockdep_rtnl_is_held())
		if (ipv6_addr_equal(&sn->gw, gw))
			return sn;
	return NULL;
}

/**
 * zgc_tenant_subnet_of() - the subnet that holds an address
 * @t: the tenant
 * @ip: the address
 *
 * Context: RCU read side, or RTNL.
 * Return: the subnet, or NULL.
 */
struct zgc_subnet *zgc_tenant_subnet_of(const struct zgc_tenant *t,
					const struct in6_addr *ip)
{
	struct zgc_subnet *sn;

	list_for_each_entry_rcu(sn, &t->subnets, list, lockdep_rtnl_is_held())
		if (zgc_subnet_holds(sn, ip))
			return sn;
	return NULL;
}

/* The same for an IPv4 address. */
struct zgc_subnet *zgc_tenant_subnet_of4(const struct zgc_tenant *t, __be32 ip)
{
	struct in6_addr a;

	ipv6_addr_set_v4mapped(ip, &a);
	return zgc_tenant_subnet_of(t, &a);
}

/* Whether a subnet of @t overlaps the prefix @net/@plen. */
static bool zgc_tenant_overlaps(const struct zgc_tenant *t,
				const struct in6_addr *net, u8 plen)
{
	const struct zgc_subnet *sn;

	list_for_each_entry(sn, &t->subnets, list)
		if (ipv6_prefix_equal(&sn->gw, net, min(sn->plen, plen)))
			return true;
	return false;
}

/*
 * Whether @gw can be the gateway of a subnet of prefix length @plen: a
 * unicast address, neither the subnet's first address nor (IPv4) its
 * broadcast one; an IPv6 subnet does not reach into the IPv4-mapped
 * range.
 */
static bool zgc_subnet_gw_valid(const struct in6_addr *gw, u8 plen,
				struct netlink_ext_ack *extack)
{
	static const struct in6_addr mapped = {
		.s6_addr16[5] = htons(0xffff),
	};
	struct in6_addr host;
	__be32 gw4, mask;

	if (ipv6_addr_v4mapped(gw)) {
		gw4 = gw->s6_addr32[3];
		mask = inet_make_mask(plen - 96);
		if (ipv4_is_multicast(gw4) || ipv4_is_lbcast(gw4) ||
		    ipv4_is_zeronet(gw4) || !(gw4 & ~mask) || !(~gw4 & ~mask))
			goto host;
		return true;
	}
	if (ipv6_prefix_equal(gw, &mapped, min_t(u8, plen, 96))) {
		NL_SET_ERR_MSG(extack,
			       "an IPv6 subnet may not overlap the IPv4-mapped range ::ffff:0:0/96");
		return false;
	}
	ipv6_addr_prefix(&host, gw, plen);
	if (ipv6_addr_is_multicast(gw) || ipv6_addr_loopback(gw) ||
	    ipv6_addr_any(gw) || ipv6_addr_equal(&host, gw))
		goto host;
	return true;
host:
	NL_SET_ERR_MSG(extack, "the gateway needs a unicast host address of its subnet");
	return false;
}

/**
 * zgc_subnet_add() - add a subnet, and its tenant if it is new
 * @zd: the device
 * @vni: the tenant's VNI
 * @gw: the gateway's address, in the subnet (IPv4-mapped for IPv4)
 * @plen: the subnet's prefix length, as an IPv6 prefix (IPv4's + 96)
 * @mac: the gateway's MAC
 * @extack: where to say what was wrong
 *
 * Context: RTNL held.
 * Return: 0, -EEXIST, -ENOSPC, -EINVAL or -ENOMEM.
 */
int zgc_subnet_add(struct zgc_dev *zd, u32 vni, const struct in6_addr *gw,
		   u8 plen, const u8 *mac, struct netlink_ext_ack *extack)
{
	struct zgc_tenant *t, *new_t = NULL;
	struct zgc_subnet *sn;

	ASSERT_RTNL();
	if (!is_valid_ether_addr(mac)) {
		NL_SET_ERR_MSG(extack, "the gateway's MAC must be a unicast address");
		return -EINVAL;
	}
	if (!zgc_subnet_gw_valid(gw, plen, extack))
		return -EINVAL;
	t = zgc_tenant_lookup(zd, vni);
	if (t && zgc_tenant_gateway(t, gw)) {
		NL_SET_ERR_MSG(extack, "this VNI already has a gateway with this address");
		return -EEXIST;
	}
	/* Subnets of a tenant do not overlap: an address has one subnet. */
	if (t && zgc_tenant_overlaps(t, gw, plen)) {
		NL_SET_ERR_MSG(extack, "the subnet overlaps another subnet of this VNI");
		return -EEXIST;
	}
	if (zd->nsubnets >= ZGC_SUBNETS_MAX) {
		NL_SET_ERR_MSG(extack, "the device has as many subnets as it may");
		return -ENOSPC;
	}
	sn = kzalloc(sizeof(*sn), GFP_KERNEL_ACCOUNT);
	if (!sn)
		return -ENOMEM;
	if (!t) {
		new_t = kzalloc(sizeof(*new_t), GFP_KERNEL_ACCOUNT);
		if (!new_t) {
			kfree(sn);
			return -ENOMEM;
		}
		new_t->vni = vni;
		INIT_LIST_HEAD(&new_t->subnets);
		t = new_t;
	}
	sn->gw = *gw;
	sn->plen = plen;
	ether_addr_copy(sn->mac, mac);
	list_add_tail_rcu(&sn->list, &t->subnets);
	zgc_tenant_changed(t);
	if (new_t)
		hash_add_rcu(zd->tenants, &new_t->node, vni);
	zd->nsubnets++;
	zd->tenant_gen++;
	return 0;
}

/*
 * @flows_gone: the device's flow tables are empty already (teardown);
 * otherwise the flows of a tenant that goes are removed first.
 */
static void zgc_subnet_unlink(struct zgc_dev *zd, struct zgc_tenant *t,
			      struct zgc_subnet *sn, bool flows_gone)
{
	list_del_rcu(&sn->list);
	kfree_rcu(sn, rcu);
	zd->nsubnets--;
	zd->tenant_gen++;
	zgc_tenant_changed(t);
	if (list_empty(&t->subnets)) {
		/* Its services go with it (the tenant is found no more). */
		hash_del_rcu(&t->node);
		zgc_services_flush(zd, t->vni);
		if (!flows_gone) {
			struct zgc_flow_sel its = { .tenant = t };

			/* No receive path can insert a flow for it after this. */
			synchronize_net();
			zgc_flow_flush(&zd->flows, &its);
			zgc_flow_flush(&zd->dft, &its);
		}
		zgc_acl_free(t);
		kfree_rcu(t, rcu);
	}
}

/**
 * zgc_subnet_del() - remove a subnet, and its tenant with its last one
 * @zd: the device
 * @vni: the tenant's VNI
 * @gw: the gateway's address
 * @extack: where to say what was wrong
 *
 * Context: RTNL held.
 * Return: 0 or -ENOENT.
 */
int zgc_subnet_del(struct zgc_dev *zd, u32 vni, const struct in6_addr *gw,
		   struct netlink_ext_ack *extack)
{
	struct zgc_tenant *t;
	struct zgc_subnet *sn;

	ASSERT_RTNL();
	t = zgc_tenant_lookup(zd, vni);
	sn = t ? (struct zgc_subnet *)zgc_tenant_gateway(t, gw) : NULL;
	if (!sn) {
		NL_SET_ERR_MSG(extack, "no subnet with this gateway in this VNI");
		return -ENOENT;
	}
	if (sn->nendpoints) {
		NL_SET_ERR_MSG(extack, "the subnet still has endpoints: delete them first");
		return -EBUSY;
	}
	zgc_subnet_unlink(zd, t, sn, false);
	return 0;
}

/**
 * zgc_tenants_flush() - remove every tenant of a device
 * @zd: the device, its flow cache destroyed already
 *
 * Context: RTNL held (device teardown).
 */
void zgc_tenants_flush(struct zgc_dev *zd)
{
	struct zgc_subnet *sn, *next;
	struct hlist_node *tmp;
	struct zgc_tenant *t;
	int bkt;

	ASSERT_RTNL();
	hash_for_each_safe(zd->tenants, bkt, tmp, t, node)
		list_for_each_entry_safe(sn, next, &t->subnets, list)
			zgc_subnet_unlink(zd, t, sn, true);
}

/**
 * zgc_tenant_new_flow() - whether a tenant may start one more new flow
 * @t: the tenant
 *
 * A token bucket of &zgc_tenant.flow_rate tokens a second, holding a
 * second's worth at most, lock free: one atomic read and one cmpxchg per
 * new flow (a flow cache miss), none for the others.
 *
 * Context: any (the receive path).
 * Return: true, and a token is taken; false when none is left.
 */
bool zgc_tenant_new_flow(struct zgc_tenant *t)
{
	u32 rate = READ_ONCE(t->flow_rate), now, last, tokens, elapsed;
	s64 old, new;

	if (!rate)
		return true;
	old = atomic64_read(&t->flow_tokens);
	do {
		now = (u32)jiffies;
		last = (u32)old;
		tokens = (u64)old >> 32;
		elapsed = now - last;
		if (elapsed >= HZ) {
			tokens = rate;
			last = now;
		} else if ((u64)elapsed * rate >= HZ) {
			tokens = min_t(u64, rate,
				       tokens + (u64)elapsed * rate / HZ);
			last = now;
		}
		if (!tokens)
			return false;
		new = (s64)((u64)(tokens - 1) << 32 | last);
	} while (!atomic64_try_cmpxchg(&t->flow_tokens, &old, new));
	return true;
}

/**
 * zgc_tenant_set_flow_rate() - a tenant's new-flow rate limit
 * @t: the tenant
 * @rate: new flows a second, 0 for no limit
 *
 * The bucket starts full.
 *
 * Context: RTNL held.
 */
void zgc_tenant_set_flow_rate(struct zgc_tenant *t, u32 rate)
{
	ASSERT_RTNL();
	atomic64_set(&t->flow_tokens,
		     (s64)((u64)rate << 32 | (u32)jiffies));
	WRITE_ONCE(t->flow_rate, rate);
}
