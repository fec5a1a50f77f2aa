/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ZGC_SERVICE_H
#define _ZGC_SERVICE_H

#include <linux/in6.h>
#include <linux/rhashtable-types.h>
#include <linux/types.h>
#include <linux/u64_stats_sync.h>
#include <linux/zgc.h>

struct dft_maglev;
struct netlink_callback;
struct netlink_ext_ack;
struct sk_buff;
struct zgc_dev;
struct zgc_flow_key;
struct zgc_flow_verdict;

/**
 * struct zgc_service_key - what a service is known by
 * @vni: its tenant
 * @vip: its virtual address, IPv6 or IPv4-mapped IPv4
 * @port: its port
 * @proto: IPPROTO_TCP or IPPROTO_UDP
 * @pad: zero
 *
 * Compared and hashed as bytes: built with memset() first.
 */
struct zgc_service_key {
	u32 vni;
	struct in6_addr vip;
	__be16 port;
	u8 proto;
	u8 pad;
};

/* The counters of a backend (uapi: ZGC_BACKEND_A_FLOWS, ...). */
enum zgc_backend_counter {
	ZGC_BACKEND_FLOWS,
	ZGC_BACKEND_PACKETS,
	ZGC_BACKEND_REPLIES,
	ZGC_BACKEND_COUNTERS,
};

/**
 * struct zgc_backend_pcpu - a backend's counters on one CPU
 * @n: enum zgc_backend_counter
 * @syncp: makes the 64-bit counters readable whole on 32-bit hosts
 */
struct zgc_backend_pcpu {
	u64_stats_t n[ZGC_BACKEND_COUNTERS];
	struct u64_stats_sync syncp;
};

/**
 * struct zgc_backend - a backend of a service: an endpoint of its tenant
 * @addr: its address (the same family as the VIP)
 * @port: the port it serves on
 * @weight: its share of new flows, 1..ZGC_BACKEND_WEIGHT_MAX
 * @down: declared down: it takes no new flow, and keeps none
 * @base: its counters before this service object replaced the one it
 *	was in (ZGC_CMD_SERVICE_SET)
 */
struct zgc_backend {
	struct in6_addr addr;
	__be16 port;
	u16 weight;
	bool down;
	u64 base[ZGC_BACKEND_COUNTERS];
};

/**
 * struct zgc_service - a VIP, port and protocol of a tenant, served by
 *	backends
 * @node: entry in the device's service table (&zgc_dev.services)
 * @key: what it is known by
 * @nbackends: how many @b it has
 * @public: its VIP is a public address, reached from the provider network
 *	(ZGC_SERVICE_A_PUBLIC)
 * @map: a weighted Maglev table (kmod/dft/maglev.c) of its backends that
 *	are up, slot -> index in @up; NULL when none is
 * @up: the indexes in @b of the backends that are up, in @map's order
 * @stats: per CPU, the counters of each of @b, in its order
 * @rcu: frees it after the readers
 * @b: its backends
 *
 * Immutable once published: a change builds a new one, which replaces it
 * in the table (RTNL); the receive path reads under RCU.
 */
struct zgc_service {
	struct rhash_head node;
	struct zgc_service_key key;
	u32 nbackends;
	bool public;
	struct dft_maglev *map;
	u8 up[ZGC_SERVICE_BACKENDS_MAX];
	struct zgc_backend_pcpu __percpu *stats;
	struct rcu_head rcu;
	struct zgc_backend b[];
};

int zgc_services_init(struct zgc_dev *zd);
void zgc_services_free(struct zgc_dev *zd);
void zgc_services_flush(struct zgc_dev *zd, u32 vni);

bool zgc_service_is_vip(struct zgc_dev *zd, u32 vni,
			const struct in6_addr *ip);
int zgc_service_public_vni(struct zgc_dev *zd, const struct in6_addr *ip,
			   u32 *vni);
const struct zgc_service *zgc_service_lookup(struct zgc_dev *zd, u32 vni,
					     const struct in6_addr *vip,
					     __be16 port, u8 proto);
int zgc_service_backend(const struct zgc_service *s,
			const struct in6_addr *addr, __be16 port);
int zgc_service_pick(struct zgc_dev *zd, const struct zgc_service *s,
		     const struct zgc_flow_key *key,
		     const struct zgc_flow_verdict *was, bool *kept);
void zgc_service_count(const struct zgc_service *s, int i,
		       enum zgc_backend_counter c);
void zgc_service_read(const struct zgc_service *s, int i,
		      u64 n[ZGC_BACKEND_COUNTERS]);

struct zgc_service *zgc_service_alloc(u32 nbackends);
void zgc_service_destroy(struct zgc_service *s);
int zgc_service_add(struct zgc_dev *zd, struct zgc_service *s, bool replace,
		    struct netlink_ext_ack *extack);
int zgc_service_del(struct zgc_dev *zd, const struct zgc_service_key *key,
		    struct netlink_ext_ack *extack);
int zgc_services_dump(struct sk_buff *skb, struct netlink_callback *cb,
		      struct zgc_dev *zd,
		      int (*fill)(struct sk_buff *skb, const struct zgc_dev *zd,
				  const struct zgc_service *s,
				  struct netlink_callback *cb));

#endif /* _ZGC_SERVICE_H */
