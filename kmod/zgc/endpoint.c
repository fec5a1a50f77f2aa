// SPDX-License-Identifier: GPL-2.0
/*
 * The endpoints of a zgc device: tenant instances by (VNI, address), the
 * address IPv6 or IPv4-mapped IPv4 (tenant.h).
 *
 * Locking: RTNL guards every change. The receive path reads under RCU:
 * endpoints sit in an rhashtable (its buckets grow and shrink with it, in
 * a worker, while readers go on), and are freed with kfree_rcu() once
 * unlinked. At most ZGC_ENDPOINTS_MAX per device bounds the memory.
 */

#include <linux/etherdevice.h>
#include <linux/inetdevice.h>
#include <linux/netlink.h>
#include <linux/rhashtable.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/route.h>

#include "device.h"
#include "endpoint.h"
#include "service.h"
#include "tenant.h"

static const struct rhashtable_params zgc_endpoint_params = {
	.head_offset = offsetof(struct zgc_endpoint, node),
	.key_offset = offsetof(struct zgc_endpoint, key),
	.key_len = sizeof(struct zgc_endpoint_key),
	.automatic_shrinking = true,
};

/**
 * zgc_endpoints_init() - set up a device's endpoint table
 * @zd: the device
 *
 * Return: 0 or -ENOMEM.
 */
int zgc_endpoints_init(struct zgc_dev *zd)
{
	return rhashtable_init(&zd->endpoints, &zgc_endpoint_params);
}

/**
 * zgc_endpoints_free() - free a device's (empty) endpoint table
 * @zd: the device
 */
void zgc_endpoints_free(struct zgc_dev *zd)
{
	rhashtable_destroy(&zd->endpoints);
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
	struct zgc_endpoint_key key;

	/* Compared as bytes: the key has no hole to clear. */
	BUILD_BUG_ON(sizeof(key) != sizeof(key.vni) + sizeof(key.ip));
	key.vni = vni;
	key.ip = *ip;
	return rhashtable_lookup_fast(&zd->endpoints, &key,
				      zgc_endpoint_params);
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
 * zgc_endpoint_add() - add an endpoint, or move one
 * @zd: the device
 * @vni: its tenant, which must have a subnet that holds @ip
 * @ip: its address (IPv4-mapped for IPv4)
 * @mac: its MAC, unicast
 * @host: its host's underlay address
 * @extack: where to say what was wrong
 *
 * An endpoint the VNI has with another host or MAC is moved there (an
 * instance migrated): its flows are decided again at their next packet,
 * on every node that is told, without waiting for them to expire.
 *
 * Context: RTNL held.
 * Return: 0, -EINVAL, -EEXIST (the same endpoint), -ENOSPC or -ENOMEM.
 */
int zgc_endpoint_add(struct zgc_dev *zd, u32 vni, const struct in6_addr *ip,
		     const u8 *mac, __be32 host, struct netlink_ext_ack *extack)
{
	struct zgc_endpoint *ep, *old;
	struct zgc_subnet *sn;
	struct zgc_tenant *t;
	int err;

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
	old = (struct zgc_endpoint *)zgc_endpoint_lookup(zd, vni, ip);
	if (old && old->host == host && ether_addr_equal(old->mac, mac)) {
		NL_SET_ERR_MSG(extack, "this VNI already has an endpoint with this address");
		return -EEXIST;
	}
	if (zgc_service_is_vip(zd, vni, ip)) {
		NL_SET_ERR_MSG(extack, "the address is a service's VIP in this VNI");
		return -EINVAL;
	}
	if (!old && zd->nendpoints >= ZGC_ENDPOINTS_MAX) {
		NL_SET_ERR_MSG(extack, "the device has as many endpoints as it may");
		return -ENOSPC;
	}
	ep = kzalloc(sizeof(*ep), GFP_KERNEL_ACCOUNT);
	if (!ep)
		return -ENOMEM;
	ep->key.vni = vni;
	ep->key.ip = *ip;
	ep->host = host;
	ether_addr_copy(ep->mac, mac);
	ep->subnet = sn;
	if (old) {
		/*
		 * The instance moved (another host, or MAC): its flows are
		 * decided again at their next packet, to where it is now.
		 */
		err = rhashtable_replace_fast(&zd->endpoints, &old->node,
					      &ep->node, zgc_endpoint_params);
		if (err) {
			kfree(ep);
			return err;
		}
		kfree_rcu(old, rcu);
		zd->endpoint_gen++;
		zgc_tenant_changed(t);
		return 0;
	}
	err = rhashtable_insert_fast(&zd->endpoints, &ep->node,
				     zgc_endpoint_params);
	if (err) {
		kfree(ep);
		return err;
	}
	sn->nendpoints++;
	zd->nendpoints++;
	zd->endpoint_gen++;
	zgc_tenant_changed(t);
	return 0;
}

static void zgc_endpoint_unlink(struct zgc_dev *zd, struct zgc_endpoint *ep)
{
	struct zgc_subnet *sn = (struct zgc_subnet *)ep->subnet;
	struct zgc_tenant *t = zgc_tenant_lookup(zd, ep->key.vni);

	rhashtable_remove_fast(&zd->endpoints, &ep->node, zgc_endpoint_params);
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
	struct rhashtable_iter iter;
	struct zgc_endpoint *ep;

	ASSERT_RTNL();
	while (zd->nendpoints) {
		rhashtable_walk_enter(&zd->endpoints, &iter);
		rhashtable_walk_start(&iter);
		while ((ep = rhashtable_walk_next(&iter))) {
			/* -EAGAIN: the table was resized; go on in the new one. */
			if (!IS_ERR(ep))
				zgc_endpoint_unlink(zd, ep);
		}
		rhashtable_walk_stop(&iter);
		rhashtable_walk_exit(&iter);
	}
}

/**
 * zgc_endpoints_dump() - dump a device's endpoints into netlink messages
 * @skb: the dump's message buffer
 * @cb: the dump; cb->args[0] is the bucket to go on from, args[1] the
 *	table's layout seen so far, args[2] how many times it changed, plus
 *	one once started
 * @zd: the device
 * @fill: puts one endpoint in one message; -EMSGSIZE when full
 *
 * A message holds whole hash buckets. Endpoints added or removed, or the
 * table resized, during the dump flag it NLM_F_DUMP_INTR (cb->seq).
 *
 * Context: RTNL held.
 * Return: skb->len, or an error when not even one bucket fit.
 */
int zgc_endpoints_dump(struct sk_buff *skb, struct netlink_callback *cb,
		       struct zgc_dev *zd,
		       int (*fill)(struct sk_buff *skb, const struct zgc_dev *zd,
				   const struct zgc_endpoint *ep,
				   struct netlink_callback *cb))
{
	const struct bucket_table *tbl;
	const struct zgc_endpoint *ep;
	struct rhash_head *pos;
	unsigned long layout;
	unsigned int b;
	int err = 0;

	rcu_read_lock();
	tbl = rht_dereference_rcu(zd->endpoints.tbl, &zd->endpoints);
	layout = (unsigned long)tbl->size << 32 | tbl->hash_rnd;
	if (!cb->args[2]) {
		cb->args[1] = layout;
		cb->args[2] = 1;
	} else if (cb->args[1] != layout) {
		cb->args[1] = layout;
		cb->args[2]++;
	}
	cb->seq = zd->endpoint_gen + cb->args[2];
	for (b = cb->args[0]; b < tbl->size; b++) {
		int len = skb->len;

		/* A rehash in progress moves endpoints out of this table. */
		if (rcu_access_pointer(tbl->future_tbl))
			cb->seq++;
		rht_for_each_entry_rcu(ep, pos, tbl, b, node) {
			err = fill(skb, zd, ep, cb);
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
