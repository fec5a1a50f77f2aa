// SPDX-License-Identifier: GPL-2.0
/*
 * The tenants of a zgc device: VNIs and their subnets.
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
					    __be32 gw)
{
	const struct zgc_subnet *sn;

	list_for_each_entry_rcu(sn, &t->subnets, list, lockdep_rtnl_is_held())
		if (sn->gw == gw)
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
struct zgc_subnet *zgc_tenant_subnet_of(const struct zgc_tenant *t, __be32 ip)
{
	struct zgc_subnet *sn;

	list_for_each_entry_rcu(sn, &t->subnets, list, lockdep_rtnl_is_held())
		if ((ip & sn->mask) == (sn->gw & sn->mask))
			return sn;
	return NULL;
}

/* Whether a subnet of @t lies inside the prefix @net/@mask. */
static bool zgc_tenant_subnet_covered(const struct zgc_tenant *t, __be32 net,
				      __be32 mask)
{
	const struct zgc_subnet *sn;

	list_for_each_entry(sn, &t->subnets, list)
		if ((sn->gw & mask) == net)
			return true;
	return false;
}

/**
 * zgc_subnet_add() - add a subnet, and its tenant if it is new
 * @zd: the device
 * @vni: the tenant's VNI
 * @gw: the gateway's address, in the subnet
 * @prefixlen: the subnet's prefix length
 * @mac: the gateway's MAC
 * @extack: where to say what was wrong
 *
 * Context: RTNL held.
 * Return: 0, -EEXIST, -ENOSPC, -EINVAL or -ENOMEM.
 */
int zgc_subnet_add(struct zgc_dev *zd, u32 vni, __be32 gw, u8 prefixlen,
		   const u8 *mac, struct netlink_ext_ack *extack)
{
	struct zgc_tenant *t, *new_t = NULL;
	struct zgc_subnet *sn;
	__be32 mask = inet_make_mask(prefixlen);

	ASSERT_RTNL();
	if (!is_valid_ether_addr(mac)) {
		NL_SET_ERR_MSG(extack, "the gateway's MAC must be a unicast address");
		return -EINVAL;
	}
	if (ipv4_is_multicast(gw) || ipv4_is_lbcast(gw) ||
	    ipv4_is_zeronet(gw) || !(gw & ~mask) || !(~gw & ~mask)) {
		NL_SET_ERR_MSG(extack,
			       "the gateway needs a unicast host address of its subnet");
		return -EINVAL;
	}
	t = zgc_tenant_lookup(zd, vni);
	if (t && zgc_tenant_gateway(t, gw)) {
		NL_SET_ERR_MSG(extack, "this VNI already has a gateway with this address");
		return -EEXIST;
	}
	/* Subnets of a tenant do not overlap: an address has one subnet. */
	if (t && (zgc_tenant_subnet_of(t, gw) ||
		  zgc_tenant_subnet_covered(t, gw & mask, mask))) {
		NL_SET_ERR_MSG(extack, "the subnet overlaps another subnet of this VNI");
		return -EEXIST;
	}
	if (zd->nsubnets >= ZGC_SUBNETS_MAX) {
		NL_SET_ERR_MSG(extack, "the device has as many subnets as it may");
		return -ENOSPC;
	}
	sn = kzalloc(sizeof(*sn), GFP_KERNEL);
	if (!sn)
		return -ENOMEM;
	if (!t) {
		new_t = kzalloc(sizeof(*new_t), GFP_KERNEL);
		if (!new_t) {
			kfree(sn);
			return -ENOMEM;
		}
		new_t->vni = vni;
		INIT_LIST_HEAD(&new_t->subnets);
		t = new_t;
	}
	sn->gw = gw;
	sn->mask = mask;
	sn->prefixlen = prefixlen;
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
 * @flows_gone: the device's flow cache is empty already (teardown);
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
		hash_del_rcu(&t->node);
		if (!flows_gone) {
			/* No receive path can insert a flow for it after this. */
			synchronize_net();
			zgc_flow_flush(zd, t, 0, false);
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
int zgc_subnet_del(struct zgc_dev *zd, u32 vni, __be32 gw,
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
