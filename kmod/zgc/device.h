/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ZGC_DEVICE_H
#define _ZGC_DEVICE_H

#include <linux/hashtable.h>
#include <linux/list.h>
#include <linux/netdevice.h>
#include <linux/rhashtable-types.h>
#include <linux/zgc.h>

#include "flow.h"
#include "sync.h"
#include "tenant.h"
#include "underlay.h"

struct dft_cluster;
struct mem_cgroup;
struct netlink_ext_ack;
struct socket;
struct zgc_pcpu_drops;

/**
 * struct zgc_cfg - what an operator configures on a zgc device
 * @overlay: enum zgc_overlay of the tenant tunnels
 * @port: UDP port the tenant tunnels arrive on, host byte order
 * @ul: the underlay addresses, outer TTL and DF (underlay.c)
 */
struct zgc_cfg {
	u8 overlay;
	u16 port;
	struct zgc_underlay ul;
};

/**
 * struct zgc_cfg_req - a change of configuration
 * @cfg: the new values; @cfg.overlay and @cfg.port are 0 when not given
 * @ul_given: which fields of @cfg.ul are given (ZGC_UNDERLAY_*)
 */
struct zgc_cfg_req {
	struct zgc_cfg cfg;
	unsigned int ul_given;
};

/**
 * struct zgc_dev - the private part of a zgc net device
 * @dev: the net device
 * @list: entry in &zgc_net.dev_list
 * @cfg: the device's configuration
 * @sock: the tunnel socket, while the device is up (tunnel.c)
 * @drops: per-CPU drop counters by reason (stats.h)
 * @tenants: the device's tenants by VNI (tenant.c)
 * @nsubnets: how many subnets they have in all
 * @tenant_gen: generation of the tenants, for dumps
 * @acl_staged: the tenants whose ACL the batch of changes being applied
 *	changed (acl.c), linked by &zgc_tenant.acl_staged
 * @endpoints: the endpoint hash table (endpoint.c)
 * @nendpoints: how many endpoints it holds
 * @endpoint_gen: generation of the endpoints, for dumps
 * @hosts_down: the compute hosts declared down (host.c)
 * @nhosts_down: how many
 * @host_gen: generation of @hosts_down, for dumps
 * @services: the services (VIPs) of its tenants (service.c)
 * @vips: their VIPs, for the ARP and ND responders (service.c)
 * @nservices: how many it holds
 * @service_gen: generation of the services, for dumps
 * @flows: the flow cache (flow.c)
 * @dft: the DFT entries it holds as an FTN (flow.c, dft/)
 * @cluster: the description of its cluster (netlink_cluster.c), or NULL
 * @provider: provider-facing (ZGC_A_PROVIDER): it takes what its node
 *	routes into it to public VIPs (provider.c); written under RTNL, read
 *	with READ_ONCE() by the transmit path
 * @memcg: the memory cgroup of the process that created the device: the
 *	flows and DFT entries its packets make are charged to it (flow.c),
 *	as what netlink makes is to the process asking; NULL without memcg
 *
 * Locking: @list, @cfg, @sock, @cluster, the tenants, the endpoints, the
 * services and the hosts down are written under RTNL; the receive path
 * reads them under RCU. @cfg changes only
 * while the device is down, when no packet can reach it, so the receive
 * path reads it without a lock.
 */
struct zgc_dev {
	struct net_device *dev;
	struct list_head list;
	struct zgc_cfg cfg;
	struct socket *sock;
	struct zgc_pcpu_drops __percpu *drops;
	DECLARE_HASHTABLE(tenants, ZGC_TENANT_HASH_BITS);
	unsigned int nsubnets;
	unsigned int tenant_gen;
	struct zgc_tenant *acl_staged;
	struct rhashtable endpoints;
	unsigned int nendpoints;
	unsigned int endpoint_gen;
	DECLARE_HASHTABLE(hosts_down, 6);
	unsigned int nhosts_down;
	unsigned int host_gen;
	struct rhashtable services;
	struct rhashtable vips;
	unsigned int nservices;
	unsigned int service_gen;
	struct zgc_flow_table flows;
	struct zgc_flow_table dft;
	struct dft_cluster __rcu *cluster;
	struct dft_sync_tx sync;
	u8 provider;
	struct mem_cgroup *memcg;
};

/**
 * struct zgc_net - zgc's state in one network namespace
 * @dev_list: the zgc devices of the namespace, in creation order
 * @dev_gen: generation of @dev_list and of the devices' configuration,
 *	bumped on every change so that dumps can detect them
 * @ndevs: how many devices @dev_list holds (at most ZGC_NETNS_DEVS_MAX)
 *
 * Locking: RTNL guards every field.
 */
struct zgc_net {
	struct list_head dev_list;
	unsigned int dev_gen;
	unsigned int ndevs;
};

struct zgc_net *zgc_net(const struct net *net);
struct zgc_dev *zgc_dev_from_netdev(struct net_device *dev);
int zgc_dev_reconfigure(struct zgc_dev *zd, const struct zgc_cfg_req *req,
			struct netlink_ext_ack *extack);
void zgc_dev_set_provider(struct zgc_dev *zd, bool on);

int zgc_device_init(void);
void zgc_device_uninit(void);

#endif /* _ZGC_DEVICE_H */
