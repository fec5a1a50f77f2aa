/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ZGC_ENDPOINT_H
#define _ZGC_ENDPOINT_H

#include <linux/if_ether.h>
#include <linux/in6.h>
#include <linux/rcupdate.h>
#include <linux/rhashtable-types.h>
#include <linux/types.h>

struct netlink_callback;
struct sk_buff;
struct zgc_dev;
struct zgc_subnet;

/**
 * struct zgc_endpoint_key - what an endpoint is known by
 * @vni: its tenant
 * @ip: its address, IPv6 or IPv4-mapped IPv4
 */
struct zgc_endpoint_key {
	u32 vni;
	struct in6_addr ip;
};

/**
 * struct zgc_endpoint - a tenant instance
 * @node: entry in the device's endpoint table (&zgc_dev.endpoints)
 * @key: its tenant and address
 * @host: the underlay address of the compute host it runs on
 * @mac: its MAC
 * @subnet: the tenant subnet that holds @ip; outlives the endpoint
 *	(a subnet with endpoints cannot be deleted)
 * @rcu: frees it after the readers
 */
struct zgc_endpoint {
	struct rhash_head node;
	struct zgc_endpoint_key key;
	__be32 host;
	u8 mac[ETH_ALEN];
	const struct zgc_subnet *subnet;
	struct rcu_head rcu;
};

int zgc_endpoints_init(struct zgc_dev *zd);
void zgc_endpoints_free(struct zgc_dev *zd);
const struct zgc_endpoint *zgc_endpoint_lookup(struct zgc_dev *zd, u32 vni,
					       const struct in6_addr *ip);
const struct zgc_endpoint *zgc_endpoint_lookup4(struct zgc_dev *zd, u32 vni,
						__be32 ip);
int zgc_endpoint_add(struct zgc_dev *zd, u32 vni, const struct in6_addr *ip,
		     const u8 *mac, __be32 host, struct netlink_ext_ack *extack);
int zgc_endpoint_del(struct zgc_dev *zd, u32 vni, const struct in6_addr *ip,
		     struct netlink_ext_ack *extack);
void zgc_endpoints_flush(struct zgc_dev *zd);
int zgc_endpoints_dump(struct sk_buff *skb, struct netlink_callback *cb,
		       struct zgc_dev *zd,
		       int (*fill)(struct sk_buff *skb, const struct zgc_dev *zd,
				   const struct zgc_endpoint *ep,
				   struct netlink_callback *cb));

#endif /* _ZGC_ENDPOINT_H */
