// SPDX-License-Identifier: GPL-2.0
/*
 * The zgc net device and its rtnetlink link kind "zgc".
 *
 * A zgc device is the anchor of a gateway node in one network namespace:
 * it holds the node's configuration and counters, and while it is up, the
 * UDP socket tenant tunnels arrive on (tunnel.c, rx.c). Tenant traffic
 * never goes through the device's own transmit path. What the local stack
 * routes into the device is dropped and counted as tx_dropped, but on a
 * provider-facing device (IFLA_ZGC_PROVIDER): packets to public VIPs of
 * services are flows of their tenants there (provider.c). The device
 * takes no ARP: a route into it needs no neighbour.
 *
 * Locking: RTNL guards every zgc_net and the configuration of every
 * device. The devices of a namespace are listed in zgc_net.dev_list from
 * ndo_init to ndo_uninit, which both run under RTNL.
 */

#include <linux/etherdevice.h>
#include <linux/if_link.h>
#include <linux/memcontrol.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <net/netns/generic.h>
#include <net/rtnetlink.h>

#include "cluster.h"
#include "sync.h"
#include "compat.h"
#include "device.h"
#include "endpoint.h"
#include "host.h"
#include "provider.h"
#include "service.h"
#include "stats.h"
#include "tunnel.h"

static unsigned int zgc_net_id __read_mostly;
static struct rtnl_link_ops zgc_link_ops;

struct zgc_net *zgc_net(const struct net *net)
{
	return net_generic(net, zgc_net_id);
}

/**
 * zgc_dev_from_netdev() - the zgc device behind a net device
 * @dev: any net device
 *
 * Return: the zgc device, or NULL when @dev is not a zgc device.
 */
struct zgc_dev *zgc_dev_from_netdev(struct net_device *dev)
{
	return dev->rtnl_link_ops == &zgc_link_ops ? netdev_priv(dev) : NULL;
}

static u16 zgc_overlay_port(u8 overlay)
{
	return overlay == ZGC_OVERLAY_VXLAN ? ZGC_VXLAN_PORT : ZGC_GENEVE_PORT;
}

/* The configuration @req asks for, starting from @old. */
static void zgc_cfg_resolve(const struct zgc_cfg *old,
			    const struct zgc_cfg_req *req, struct zgc_cfg *new)
{
	*new = *old;
	new->overlay = req->cfg.overlay ?: old->overlay;
	if (req->cfg.port)
		new->port = req->cfg.port;
	else if (req->cfg.overlay)
		new->port = zgc_overlay_port(req->cfg.overlay);
	zgc_underlay_apply(&new->ul, &req->cfg.ul, req->ul_given);
}

static bool zgc_cfg_equal(const struct zgc_cfg *a, const struct zgc_cfg *b)
{
	return a->overlay == b->overlay && a->port == b->port &&
	       a->ul.local == b->ul.local && a->ul.ttl == b->ul.ttl &&
	       a->ul.df == b->ul.df &&
	       a->ul.nentrances == b->ul.nentrances &&
	       !memcmp(a->ul.entrance, b->ul.entrance,
		       a->ul.nentrances * sizeof(a->ul.entrance[0]));
}

/* One UDP port terminates the tunnels of one zgc device per namespace. */
static int zgc_cfg_check_port(struct zgc_net *zn, const struct zgc_dev *self,
			      u16 port, struct netlink_ext_ack *extack)
{
	struct zgc_dev *zd;

	ASSERT_RTNL();
	list_for_each_entry(zd, &zn->dev_list, list) {
		if (zd != self && zd->cfg.port == port) {
			NL_SET_ERR_MSG(extack,
				       "another zgc device in this namespace uses this UDP port");
			return -EADDRINUSE;
		}
	}
	return 0;
}

/**
 * zgc_dev_reconfigure() - apply a configuration change to a device
 * @zd: the device
 * @req: the fields to change
 * @extack: where to say what was wrong
 *
 * Context: RTNL held.
 * Return: 0, or -EBUSY when the device is up, -EADDRINUSE when the port is
 * taken by another zgc device of the namespace, -EOPNOTSUPP for an overlay
 * other than Geneve on a device in a cluster.
 */
int zgc_dev_reconfigure(struct zgc_dev *zd, const struct zgc_cfg_req *req,
			struct netlink_ext_ack *extack)
{
	struct zgc_net *zn = zgc_net(dev_net(zd->dev));
	struct zgc_cfg cfg;
	int err;

	ASSERT_RTNL();
	zgc_cfg_resolve(&zd->cfg, req, &cfg);
	if (zgc_cfg_equal(&cfg, &zd->cfg))
		return 0;
	if (zd->dev->flags & IFF_UP) {
		NL_SET_ERR_MSG(extack,
			       "the device is up: set it down to change its overlay, port or underlay settings");
		return -EBUSY;
	}
	if (cfg.overlay != ZGC_OVERLAY_GENEVE && rtnl_dereference(zd->cluster)) {
		NL_SET_ERR_MSG(extack,
			       "the device is in a cluster, whose messages are Geneve: its overlay must stay geneve");
		return -EOPNOTSUPP;
	}
	err = zgc_cfg_check_port(zn, zd, cfg.port, extack);
	if (err)
		return err;
	zd->cfg = cfg;
	zn->dev_gen++;
	return 0;
}

/**
 * zgc_dev_set_provider() - make a device provider-facing, or not
 * @zd: the device
 * @on: provider-facing (ZGC_A_PROVIDER)
 *
 * At any time: the transmit path reads it once per packet.
 * Context: RTNL held.
 */
void zgc_dev_set_provider(struct zgc_dev *zd, bool on)
{
	ASSERT_RTNL();
	if (zd->provider == on)
		return;
	WRITE_ONCE(zd->provider, on);
	zgc_net(dev_net(zd->dev))->dev_gen++;
}

static int zgc_ndo_init(struct net_device *dev)
{
	struct zgc_dev *zd = netdev_priv(dev);
	struct zgc_net *zn = zgc_net(dev_net(dev));
	int err;

	err = zgc_compat_tstats_alloc(dev);
	if (err)
		return err;
	zd->dev = dev;
	zd->drops = netdev_alloc_pcpu_stats(struct zgc_pcpu_drops);
	if (!zd->drops || zgc_endpoints_init(zd))
		goto err;
	if (zgc_services_init(zd))
		goto err_endpoints;
	if (zgc_flow_table_init(zd, &zd->flows, ZGC_FLOWS_CACHE))
		goto err_services;
	if (zgc_flow_table_init(zd, &zd->dft, ZGC_FLOWS_DFT)) {
		zgc_flow_table_destroy(&zd->flows);
		goto err_services;
	}
	hash_init(zd->tenants);
	hash_init(zd->hosts_down);
	dft_sync_tx_init(zd);
	/* Created by this process: what its packets make is charged to it. */
	zd->memcg = get_mem_cgroup_from_mm(current->mm);
	list_add_tail(&zd->list, &zn->dev_list);
	zn->ndevs++;
	zn->dev_gen++;
	return 0;

err_services:
	zgc_services_free(zd);
err_endpoints:
	zgc_endpoints_free(zd);
err:
	free_percpu(zd->drops);
	zd->drops = NULL;
	zgc_compat_tstats_free(dev);
	return -ENOMEM;
}

static void zgc_ndo_uninit(struct net_device *dev)
{
	struct zgc_dev *zd = netdev_priv(dev);

	/* Its work writes the DFT entries. */
	dft_sync_tx_stop(zd);
	/* The flows count against the tenants: they go first. */
	zgc_flow_table_destroy(&zd->dft);
	zgc_flow_table_destroy(&zd->flows);
	zgc_services_flush(zd, U32_MAX);
	zgc_hosts_flush(zd);
	zgc_endpoints_flush(zd);
	zgc_tenants_flush(zd);
	dft_cluster_free(rtnl_dereference(zd->cluster));
	RCU_INIT_POINTER(zd->cluster, NULL);
	list_del(&zd->list);
	zgc_net(dev_net(dev))->ndevs--;
	zgc_net(dev_net(dev))->dev_gen++;
}

/* Freed at free_netdev() time, when no stats reader can remain. */
static void zgc_dev_destruct(struct net_device *dev)
{
	struct zgc_dev *zd = netdev_priv(dev);

	zgc_endpoints_free(zd);
	zgc_services_free(zd);
	free_percpu(zd->drops);
	zgc_compat_tstats_free(dev);
	mem_cgroup_put(zd->memcg);
}

static int zgc_ndo_open(struct net_device *dev)
{
	struct zgc_dev *zd = netdev_priv(dev);
	struct dft_cluster *c;
	int err;

	err = zgc_tunnel_open(zd);
	if (err)
		return err;
	c = rtnl_dereference(zd->cluster);
	if (c)
		dft_member_start(c, zd);
	return 0;
}

/*
 * A device that goes down forgets its cached flows; the DFT entries it
 * holds for its chains age out as they would anywhere. It stops probing
 * the other nodes, which come to believe it dead.
 */
static int zgc_ndo_stop(struct net_device *dev)
{
	struct zgc_dev *zd = netdev_priv(dev);
	struct dft_cluster *c = rtnl_dereference(zd->cluster);
	struct zgc_flow_sel all = {};

	/* The membership's timer and the transfers send on the socket. */
	if (c)
		dft_member_stop(c);
	dft_sync_tx_stop(zd);
	zgc_tunnel_close(zd);
	zgc_flow_flush(&zd->flows, &all);
	return 0;
}

static netdev_tx_t zgc_ndo_start_xmit(struct sk_buff *skb,
				      struct net_device *dev)
{
	return zgc_provider_xmit(netdev_priv(dev), skb);
}

static const struct net_device_ops zgc_netdev_ops = {
	.ndo_init		= zgc_ndo_init,
	.ndo_uninit		= zgc_ndo_uninit,
	.ndo_open		= zgc_ndo_open,
	.ndo_stop		= zgc_ndo_stop,
	.ndo_start_xmit		= zgc_ndo_start_xmit,
	.ndo_get_stats64	= dev_get_tstats64,
	.ndo_set_mac_address	= eth_mac_addr,
	.ndo_validate_addr	= eth_validate_addr,
};

static void zgc_link_setup(struct net_device *dev)
{
	ether_setup(dev);
	dev->flags |= IFF_NOARP;
	dev->netdev_ops = &zgc_netdev_ops;
	dev->needs_free_netdev = true;
	dev->priv_destructor = zgc_dev_destruct;
	dev->priv_flags &= ~IFF_TX_SKB_SHARING;
	dev->priv_flags |= IFF_NO_QUEUE | IFF_LIVE_ADDR_CHANGE;
	/* The tunnel socket belongs to the namespace the device lives in. */
	zgc_compat_set_netns_immutable(dev);
	zgc_compat_set_lltx(dev);
	zgc_compat_tstats_setup(dev);
	dev->min_mtu = ETH_MIN_MTU;
	dev->max_mtu = ETH_MAX_MTU;
	eth_hw_addr_random(dev);
}

static const struct nla_policy zgc_link_policy[IFLA_ZGC_MAX + 1] = {
	[IFLA_ZGC_OVERLAY] = NLA_POLICY_RANGE(NLA_U8, ZGC_OVERLAY_GENEVE,
					      ZGC_OVERLAY_MAX),
	[IFLA_ZGC_PORT] = NLA_POLICY_MIN(NLA_U16, 1),
	[IFLA_ZGC_LOCAL] = { .type = NLA_BE32 },
	[IFLA_ZGC_ENTRANCES] = NLA_POLICY_NESTED(zgc_underlay_entrance_policy),
	[IFLA_ZGC_TTL] = { .type = NLA_U8 },
	[IFLA_ZGC_DF] = NLA_POLICY_MAX(NLA_U8, ZGC_DF_MAX),
	[IFLA_ZGC_PROVIDER] = NLA_POLICY_MAX(NLA_U8, 1),
};

static int zgc_link_parse(struct nlattr *data[], struct zgc_cfg_req *req,
			  struct netlink_ext_ack *extack)
{
	memset(req, 0, sizeof(*req));
	if (!data)
		return 0;
	if (data[IFLA_ZGC_OVERLAY])
		req->cfg.overlay = nla_get_u8(data[IFLA_ZGC_OVERLAY]);
	if (data[IFLA_ZGC_PORT])
		req->cfg.port = nla_get_u16(data[IFLA_ZGC_PORT]);
	return zgc_underlay_parse(data, &zgc_underlay_ifla, &req->cfg.ul,
				  &req->ul_given, extack);
}

static int zgc_link_validate(struct nlattr *tb[], struct nlattr *data[],
			     struct netlink_ext_ack *extack)
{
	if (tb[IFLA_ADDRESS]) {
		if (nla_len(tb[IFLA_ADDRESS]) != ETH_ALEN) {
			NL_SET_ERR_MSG_ATTR(extack, tb[IFLA_ADDRESS],
					    "a zgc device has a 6-byte MAC address");
			return -EINVAL;
		}
		if (!is_valid_ether_addr(nla_data(tb[IFLA_ADDRESS]))) {
			NL_SET_ERR_MSG_ATTR(extack, tb[IFLA_ADDRESS],
					    "the MAC address is not a unicast address");
			return -EADDRNOTAVAIL;
		}
	}
	return 0;
}

static int zgc_link_newlink(struct net *src_net, struct net_device *dev,
			    struct nlattr *tb[], struct nlattr *data[],
			    struct netlink_ext_ack *extack)
{
	static const struct zgc_cfg defaults = {
		.overlay = ZGC_OVERLAY_GENEVE,
		.port = ZGC_GENEVE_PORT,
	};
	struct zgc_dev *zd = netdev_priv(dev);
	struct zgc_cfg_req req;
	int err;

	err = zgc_link_parse(data, &req, extack);
	if (err)
		return err;
	/* What a user namespace's admin may make, the initial one's not. */
	if (zgc_net(dev_net(dev))->ndevs >= ZGC_NETNS_DEVS_MAX &&
	    !capable(CAP_NET_ADMIN)) {
		NL_SET_ERR_MSG(extack,
			       "a network namespace has at most ZGC_NETNS_DEVS_MAX zgc devices made without CAP_NET_ADMIN in the initial user namespace");
		return -ENOSPC;
	}
	zgc_cfg_resolve(&defaults, &req, &zd->cfg);
	err = zgc_cfg_check_port(zgc_net(dev_net(dev)), NULL, zd->cfg.port,
				 extack);
	if (err)
		return err;
	if (data && data[IFLA_ZGC_PROVIDER])
		zd->provider = nla_get_u8(data[IFLA_ZGC_PROVIDER]);
	return register_netdevice(dev);
}

static int zgc_link_changelink(struct net_device *dev, struct nlattr *tb[],
			       struct nlattr *data[],
			       struct netlink_ext_ack *extack)
{
	struct zgc_cfg_req req;
	int err;

	err = zgc_link_parse(data, &req, extack);
	if (err)
		return err;
	err = zgc_dev_reconfigure(netdev_priv(dev), &req, extack);
	if (!err && data && data[IFLA_ZGC_PROVIDER])
		zgc_dev_set_provider(netdev_priv(dev),
				     nla_get_u8(data[IFLA_ZGC_PROVIDER]));
	return err;
}

static size_t zgc_link_get_size(const struct net_device *dev)
{
	return nla_total_size(sizeof(u8)) +	/* IFLA_ZGC_OVERLAY */
	       nla_total_size(sizeof(u16)) +	/* IFLA_ZGC_PORT */
	       nla_total_size(sizeof(u8)) +	/* IFLA_ZGC_PROVIDER */
	       zgc_underlay_size();
}

static int zgc_link_fill_info(struct sk_buff *skb,
			      const struct net_device *dev)
{
	const struct zgc_dev *zd = netdev_priv(dev);

	if (nla_put_u8(skb, IFLA_ZGC_OVERLAY, zd->cfg.overlay) ||
	    nla_put_u16(skb, IFLA_ZGC_PORT, zd->cfg.port) ||
	    zgc_underlay_fill(skb, &zd->cfg.ul, &zgc_underlay_ifla) ||
	    nla_put_u8(skb, IFLA_ZGC_PROVIDER, zd->provider))
		return -EMSGSIZE;
	return 0;
}

static struct rtnl_link_ops zgc_link_ops __read_mostly = {
	.kind		= "zgc",
	.maxtype	= IFLA_ZGC_MAX,
	.policy		= zgc_link_policy,
	.priv_size	= sizeof(struct zgc_dev),
	.setup		= zgc_link_setup,
	.validate	= zgc_link_validate,
	.newlink	= zgc_link_newlink,
	.changelink	= zgc_link_changelink,
	.get_size	= zgc_link_get_size,
	.fill_info	= zgc_link_fill_info,
};

static __net_init int zgc_net_init(struct net *net)
{
	struct zgc_net *zn = zgc_net(net);

	INIT_LIST_HEAD(&zn->dev_list);
	/* Dumps treat a zero generation as "unknown": start at one. */
	zn->dev_gen = 1;
	return 0;
}

/* A dying namespace takes its zgc devices with it. */
static __net_exit void zgc_net_exit_batch_rtnl(struct list_head *net_list,
					       struct list_head *dev_kill_list)
{
	struct zgc_dev *zd;
	struct net *net;

	list_for_each_entry(net, net_list, exit_list)
		list_for_each_entry(zd, &zgc_net(net)->dev_list, list)
			unregister_netdevice_queue(zd->dev, dev_kill_list);
}

static struct pernet_operations zgc_net_ops = {
	.init		= zgc_net_init,
	.exit_batch_rtnl = zgc_net_exit_batch_rtnl,
	.id		= &zgc_net_id,
	.size		= sizeof(struct zgc_net),
};

int __init zgc_device_init(void)
{
	int err;

	err = register_pernet_device(&zgc_net_ops);
	if (err)
		return err;
	err = rtnl_link_register(&zgc_link_ops);
	if (err)
		unregister_pernet_device(&zgc_net_ops);
	return err;
}

void zgc_device_uninit(void)
{
	rtnl_link_unregister(&zgc_link_ops);
	unregister_pernet_device(&zgc_net_ops);
}

MODULE_ALIAS_RTNL_LINK("zgc");
