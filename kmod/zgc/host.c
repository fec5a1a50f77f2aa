// SPDX-License-Identifier: GPL-2.0
/*
 * Compute hosts declared down (ZGC_CMD_HOST_SET): the endpoints on them
 * are unreachable. A flow to one gets ZGC_FLOW_UNREACHABLE (its sender an
 * ICMP "host unreachable" from the gateway at once), a service's backend
 * on one is not up (service.c): a change decides every flow of every
 * tenant again at its next packet (their generations change), so that
 * established flows to the host are re-decided too, and the others keep
 * their verdicts.
 *
 * Locking: RTNL guards every change; the receive path reads under RCU
 * (an RCU hash list, entries freed after a grace period). At most
 * ZGC_HOSTS_DOWN_MAX per device.
 */

#include <linux/hash.h>
#include <linux/hashtable.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>

#include "device.h"
#include "host.h"
#include "tenant.h"

/**
 * struct zgc_host_down - a compute host declared down
 * @node: entry in &zgc_dev.hosts_down
 * @addr: its underlay address
 * @rcu: frees it after the readers
 */
struct zgc_host_down {
	struct hlist_node node;
	__be32 addr;
	struct rcu_head rcu;
};

static struct zgc_host_down *zgc_host_find(const struct zgc_dev *zd,
					   __be32 addr)
{
	struct zgc_host_down *h;

	hash_for_each_possible_rcu(zd->hosts_down, h, node,
				   (__force u32)addr,
				   lockdep_rtnl_is_held())
		if (h->addr == addr)
			return h;
	return NULL;
}

/**
 * zgc_host_is_down() - whether a compute host was declared down
 * @zd: the device
 * @addr: the host's underlay address
 *
 * Context: RCU read side, or RTNL.
 */
bool zgc_host_is_down(const struct zgc_dev *zd, __be32 addr)
{
	return READ_ONCE(zd->nhosts_down) && zgc_host_find(zd, addr);
}

/* Every tenant's flows are decided again at their next packet. */
static void zgc_hosts_changed(struct zgc_dev *zd)
{
	struct zgc_tenant *t;
	int bkt;

	hash_for_each(zd->tenants, bkt, t, node)
		zgc_tenant_changed(t);
	zd->host_gen++;
}

/**
 * zgc_host_set() - declare a compute host down, or up again
 * @zd: the device
 * @addr: the host's underlay address
 * @down: down, or up
 * @extack: where to say what was wrong
 *
 * Context: RTNL held.
 * Return: 0, -ENOSPC or -ENOMEM.
 */
int zgc_host_set(struct zgc_dev *zd, __be32 addr, bool down,
		 struct netlink_ext_ack *extack)
{
	struct zgc_host_down *h;

	ASSERT_RTNL();
	h = zgc_host_find(zd, addr);
	if (!down) {
		if (h) {
			hash_del_rcu(&h->node);
			kfree_rcu(h, rcu);
			WRITE_ONCE(zd->nhosts_down, zd->nhosts_down - 1);
			zgc_hosts_changed(zd);
		}
		return 0;
	}
	if (h)
		return 0;
	if (zd->nhosts_down >= ZGC_HOSTS_DOWN_MAX) {
		NL_SET_ERR_MSG(extack, "the device has as many hosts down as it may");
		return -ENOSPC;
	}
	h = kzalloc(sizeof(*h), GFP_KERNEL_ACCOUNT);
	if (!h)
		return -ENOMEM;
	h->addr = addr;
	hash_add_rcu(zd->hosts_down, &h->node, (__force u32)addr);
	WRITE_ONCE(zd->nhosts_down, zd->nhosts_down + 1);
	zgc_hosts_changed(zd);
	return 0;
}

/**
 * zgc_hosts_flush() - forget every host declared down
 * @zd: the device
 *
 * Context: RTNL held (device teardown).
 */
void zgc_hosts_flush(struct zgc_dev *zd)
{
	struct zgc_host_down *h;
	struct hlist_node *tmp;
	int bkt;

	ASSERT_RTNL();
	hash_for_each_safe(zd->hosts_down, bkt, tmp, h, node) {
		hash_del_rcu(&h->node);
		kfree_rcu(h, rcu);
	}
	WRITE_ONCE(zd->nhosts_down, 0);
}

/**
 * zgc_hosts_dump() - dump the hosts declared down into netlink messages
 * @skb: the dump's message buffer
 * @cb: the dump; cb->args[0] is how many were sent
 * @zd: the device
 * @fill: puts one host in one message; -EMSGSIZE when full
 *
 * Context: RTNL held.
 * Return: skb->len, or an error when not even one host fit.
 */
int zgc_hosts_dump(struct sk_buff *skb, struct netlink_callback *cb,
		   const struct zgc_dev *zd,
		   int (*fill)(struct sk_buff *skb, const struct zgc_dev *zd,
			       __be32 addr, struct netlink_callback *cb))
{
	struct zgc_host_down *h;
	unsigned long n = 0;
	int bkt, err = 0;

	ASSERT_RTNL();
	cb->seq = zd->host_gen;
	hash_for_each(zd->hosts_down, bkt, h, node) {
		if (n++ < cb->args[0])
			continue;
		err = fill(skb, zd, h->addr, cb);
		if (err) {
			n--;
			break;
		}
		nl_dump_check_consistent(cb, nlmsg_hdr(skb));
	}
	cb->args[0] = n;
	if (err && !skb->len)
		return err;
	return skb->len;
}
