// SPDX-License-Identifier: GPL-2.0
/*
 * The endpoints of a zgc device: tenant instances by (VNI, address), the
 * address IPv6 or IPv4-mapped IPv4 (tenant.h).
 *
 * Locking: RTNL guards every change. The receive path reads under RCU:
 * endpoints sit in an RCU hash table of 2^ZGC_ENDPOINT_HASH_BITS buckets,
 * allocated with the device, and are freed with kfree_rcu() once
 * unlinked. At most ZGC_ENDPOINTS_MAX per device bounds the memory.
 */

#include <linux/etherdevice.h>
#include <linux/inetdevice.h>
#include <linux/jhash.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/route.h>

#include "device.h"
#include "endpoint.h"
#include "tenant.h"

#define ZGC_ENDPOINT_HASH_SIZE (1U << ZGC_ENDPOINT_HASH_BITS)

static struct hlist_head *zgc_endpoint_bucket(struct zgc_dev *zd, u32 vni,
					      const struct in6_addr *ip)
{
	u32 h = jhash2((const u32 *)ip->s6_addr32, 4, vni);

	return &zd->endpoints[h & (ZGC_ENDPOINT_HASH_SIZE - 1)];
}

/**
 * zgc_endpoints_init() - allocate a device's endpoint table
 * @zd: the device
 *
 * Return: 0 or -ENOMEM.
 */
int zgc_endpoints_init(struct zgc_dev *zd)
{
	zd->endpoints = kvcalloc(ZGC_ENDPOINT_HASH_SIZE,
				 sizeof(*zd->endpoints), GFP_KERNEL_ACCOUNT);
	return zd->endpoints ? 0 : -ENOMEM;
}

/**
 * zgc_endpoints_free() - free a device's (empty) endpoint table
 * @zd: the device
 */
void zgc_endpoints_free(struct zgc_dev *zd)
{
	kvfree(zd->endpoints);
	zd->endpoints = NULL;
}

/**
 * zgc_endpoint_lookup() - the endpoint of an address in a tenant
 * @zd: the device
 * @vni: the tenant
 * @ip: the address
 *
 * Context: RCU read side, or RTNL.
 * Return: the endpoint, or NULL.
 */
const struct zgc_endpoint *zgc_endpoint_lookup(struct zgc_dev *zd, u32 vni,
					       const struct in6_addr *ip)
{
	struct zgc_endpoint *ep;

	hlist_for_each_entry_rcu(ep, zgc_endpoint_bucket(zd, vni, ip), node,
				 lockdep_rtnl_is_held())
		if (ep->vni == vni && ipv6_addr_equal(&ep->ip, ip))
			return ep;
	return NULL;
}

/* The same for an IPv4 address. */
const struct zgc_endpoint *zgc_endpoint_lookup4(struct zgc_dev *zd, u32 vni,
						__be32 ip)
{
	struct in6_addr a;

	ipv6_addr_set_v4mapped(ip, &a);
	return zgc_endpoint_lookup(zd, vni, &a);
}

/*
 * Whether @ip can be an endpoint of @sn: not its gateway, not its first
 * address, not (IPv4) its broadcast address.
 */
static bool zgc_endpoint_ip_valid(const struct zgc_subnet *sn,
				  const struct in6_addr *ip)
{
	struct in6_addr net;
	__be32 ip4, mask;

	if (ipv6_addr_equal(ip, &sn->gw))
		return false;
	if (zgc_subnet_is_v4(sn)) {
		ip4 = ip->s6_addr32[3];
		mask = inet_make_mask(sn->plen - 96);
		return (ip4 & ~mask) && (~ip4 & ~mask);
	}
	ipv6_addr_prefix(&net, ip, sn->plen);
	return !ipv6_addr_equal(&net, ip);
}

/**
 * zgc_endpoint_add() - add an endpoint
 * @zd: the device
 * @vni: its tenant, which must have a subnet that holds @ip
 * @ip: its address (IPv4-mapped for IPv4)
 * @mac: its MAC, unicast
 * @host: its host's underlay address
 * @extack: where to say what was wrong
 *
 * Context: RTNL held.
 * Return: 0, -EINVAL, -EEXIST, -ENOSPC or -ENOMEM.
 */
int zgc_endpoint_add(struct zgc_dev *zd, u32 vni, const struct in6_addr *ip,
		     const u8 *mac, __be32 host, struct netlink_ext_ack *extack)
{
	struct zgc_subnet *sn;
	struct zgc_endpoint *ep;
	struct zgc_tenant *t;

	ASSERT_RTNL();
	if (!is_valid_ether_addr(mac)) {
		NL_SET_ERR_MSG(extack, "the endpoint's MAC must be a unicast address");
		return -EINVAL;
	}
	if (ipv4_is_multicast(host) || ipv4_is_lbcast(host) ||
	    ipv4_is_zeronet(host) || ipv4_is_loopback(host)) {
		NL_SET_ERR_MSG(extack, "the host needs a unicast underlay address");
		return -EINVAL;
	}
	if (inet_addr_type(dev_net(zd->dev), host) != RTN_UNICAST) {
		NL_SET_ERR_MSG(extack,
			       "the host is a local address of this node: its packets would loop back to the gateway");
		return -EINVAL;
	}
	t = zgc_tenant_lookup(zd, vni);
	sn = t ? zgc_tenant_subnet_of(t, ip) : NULL;
	if (!sn) {
		NL_SET_ERR_MSG(extack, "no subnet of this VNI holds the endpoint's address");
		return -EINVAL;
	}
	if (!zgc_endpoint_ip_valid(sn, ip)) {
		NL_SET_ERR_MSG(extack,
			       "the address is its subnet's gateway, network or broadcast address");
		return -EINVAL;
	}
	if (zgc_endpoint_lookup(zd, vni, ip)) {
		NL_SET_ERR_MSG(extack, "this VNI already has an endpoint with this address");
		return -EEXIST;
	}
	if (zd->nendpoints >= ZGC_ENDPOINTS_MAX) {
		NL_SET_ERR_MSG(extack, "the device has as many endpoints as it may");
		return -ENOSPC;
	}
	ep = kzalloc(sizeof(*ep), GFP_KERNEL_ACCOUNT);
	if (!ep)
		return -ENOMEM;
	ep->vni = vni;
	ep->ip = *ip;
	ep->host = host;
	ether_addr_copy(ep->mac, mac);
	ep->subnet = sn;
	sn->nendpoints++;
	hlist_add_head_rcu(&ep->node, zgc_endpoint_bucket(zd, vni, ip));
	zd->nendpoints++;
	zd->endpoint_gen++;
	zgc_tenant_changed(t);
	return 0;
}

static void zgc_endpoint_unlink(struct zgc_dev *zd, struct zgc_endpoint *ep)
{
	struct zgc_subnet *sn = (struct zgc_subnet *)ep->subnet;
	struct zgc_tenant *t = zgc_tenant_lookup(zd, ep->vni);

	hlist_del_rcu(&ep->node);
	sn->nendpoints--;
	/* Its tenant lives while its subnet does: the verdicts are stale. */
	zgc_tenant_changed(t);
	kfree_rcu(ep, rcu);
	zd->nendpoints--;
	zd->endpoint_gen++;
}

/**
 * zgc_endpoint_del() - remove an endpoint
 * @zd: the device
 * @vni: its tenant
 * @ip: its address
 * @extack: where to say what was wrong
 *
 * Context: RTNL held.
 * Return: 0 or -ENOENT.
 */
int zgc_endpoint_del(struct zgc_dev *zd, u32 vni, const struct in6_addr *ip,
		     struct netlink_ext_ack *extack)
{
	struct zgc_endpoint *ep;

	ASSERT_RTNL();
	ep = (struct zgc_endpoint *)zgc_endpoint_lookup(zd, vni, ip);
	if (!ep) {
		NL_SET_ERR_MSG(extack, "no endpoint with this address in this VNI");
		return -ENOENT;
	}
	zgc_endpoint_unlink(zd, ep);
	return 0;
}

/**
 * zgc_endpoints_flush() - remove every endpoint of a device
 * @zd: the device
 *
 * Context: RTNL held (device teardown).
 */
void zgc_endpoints_flush(struct zgc_dev *zd)
{
	struct zgc_endpoint *ep;
	struct hlist_node *tmp;
	unsigned int i;

	ASSERT_RTNL();
	for (i = 0; i < ZGC_ENDPOINT_HASH_SIZE && zd->nendpoints; i++)
		hlist_for_each_entry_safe(ep, tmp, &zd->endpoints[i], node)
			zgc_endpoint_unlink(zd, ep);
}
