/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ZGC_TENANT_H
#define _ZGC_TENANT_H

#include <linux/atomic.h>
#include <linux/if_ether.h>
#include <linux/list.h>
#include <linux/rcupdate.h>
#include <linux/types.h>
#include <net/ipv6.h>

#include "flow.h"

struct netlink_ext_ack;
struct zgc_acl;
struct zgc_dev;

#define ZGC_TENANT_HASH_BITS 8

/**
 * struct zgc_subnet - a tenant subnet, IPv4 or IPv6, known by its gateway
 * @list: entry in &zgc_tenant.subnets
 * @gw: the gateway's address; an IPv4 one IPv4-mapped (::ffff:a.b.c.d),
 *	as all tenant addresses are inside zgc
 * @plen: the subnet's prefix length as an IPv6 prefix (IPv4's + 96)
 * @mac: the gateway's MAC
 * @nendpoints: how many endpoints it holds (RTNL)
 * @rcu: frees it after the readers
 */
struct zgc_subnet {
	struct list_head list;
	struct in6_addr gw;
	u8 plen;
	u8 mac[ETH_ALEN];
	unsigned int nendpoints;
	struct rcu_head rcu;
};

static inline bool zgc_subnet_is_v4(const struct zgc_subnet *sn)
{
	return ipv6_addr_v4mapped(&sn->gw);
}

/* The prefix length as the user gives it: IPv4's for an IPv4 subnet. */
static inline u8 zgc_subnet_prefixlen(const struct zgc_subnet *sn)
{
	return zgc_subnet_is_v4(sn) ? sn->plen - 96 : sn->plen;
}

static inline __be32 zgc_subnet_gw4(const struct zgc_subnet *sn)
{
	return sn->gw.s6_addr32[3];
}

/* Whether @ip (IPv4-mapped for IPv4) lies in the subnet. */
static inline bool zgc_subnet_holds(const struct zgc_subnet *sn,
				    const struct in6_addr *ip)
{
	return ipv6_prefix_equal(ip, &sn->gw, sn->plen);
}

static inline bool zgc_subnet_holds4(const struct zgc_subnet *sn, __be32 ip)
{
	struct in6_addr a;

	ipv6_addr_set_v4mapped(ip, &a);
	return zgc_subnet_holds(sn, &a);
}

/**
 * struct zgc_tenant - a tenant network (VNI) of a zgc device
 * @node: entry in &zgc_dev.tenants
 * @vni: its VNI
 * @subnets: its subnets, never empty while the tenant is listed
 * @gen: generation of its configuration (subnets, endpoints), bumped
 *	under RTNL on every change: cached verdicts of an older one are
 *	recomputed (flow.c)
 * @nflows: how many flows of it each flow table holds (enum zgc_flow_kind)
 * @any_source: its packets are forwarded whatever their inner source
 *	(ZGC_TENANT_A_ANY_SOURCE), not only from its endpoints' hosts;
 *	written under RTNL, read by the receive path (READ_ONCE())
 * @flow_rate: new flows a second it may start, 0 for any
 *	(ZGC_TENANT_A_FLOW_RATE; written under RTNL, read with READ_ONCE())
 * @config_version: the version of its configuration the operator set
 *	(ZGC_TENANT_A_CONFIG_VERSION), comparable between nodes, which
 *	verdicts decided here carry; written under RTNL, read with
 *	READ_ONCE()
 * @flow_tokens: the token bucket of @flow_rate (zgc_tenant_new_flow()):
 *	tokens left (high 32 bits) and when (jiffies, low 32 bits) they
 *	were counted
 * @acl: its ACL (acl.c), or NULL
 * @acl_next: its ACL as the batch of changes being applied has it, until
 *	zgc_acl_commit() publishes it (RTNL), or NULL
 * @acl_staged: the next tenant with an @acl_next (&zgc_dev.acl_staged)
 * @rcu: frees it after the readers
 */
struct zgc_tenant {
	struct hlist_node node;
	u32 vni;
	struct list_head subnets;
	u32 gen;
	atomic_t nflows[ZGC_FLOWS_KINDS];
	bool any_source;
	u32 flow_rate;
	u32 config_version;
	atomic64_t flow_tokens;
	struct zgc_acl __rcu *acl;
	struct zgc_acl *acl_next;
	struct zgc_tenant *acl_staged;
	struct rcu_head rcu;
};

/* A change of the tenant's configuration: its cached verdicts are stale. */
static inline void zgc_tenant_changed(struct zgc_tenant *t)
{
	WRITE_ONCE(t->gen, t->gen + 1);
}

struct zgc_tenant *zgc_tenant_lookup(struct zgc_dev *zd, u32 vni);
bool zgc_tenant_new_flow(struct zgc_tenant *t);
void zgc_tenant_set_flow_rate(struct zgc_tenant *t, u32 rate);
const struct zgc_subnet *zgc_tenant_gateway(const struct zgc_tenant *t,
					    const struct in6_addr *gw);
struct zgc_subnet *zgc_tenant_subnet_of(const struct zgc_tenant *t,
					const struct in6_addr *ip);
struct zgc_subnet *zgc_tenant_subnet_of4(const struct zgc_tenant *t,
					 __be32 ip);
int zgc_subnet_add(struct zgc_dev *zd, u32 vni, const struct in6_addr *gw,
		   u8 plen, const u8 *mac, struct netlink_ext_ack *extack);
int zgc_subnet_del(struct zgc_dev *zd, u32 vni, const struct in6_addr *gw,
		   struct netlink_ext_ack *extack);
void zgc_tenants_flush(struct zgc_dev *zd);

#endif /* _ZGC_TENANT_H */
