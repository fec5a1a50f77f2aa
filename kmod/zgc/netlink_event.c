// SPDX-License-Identifier: GPL-2.0
/*
 * Events of the Generic Netlink family, on its multicast groups:
 * ZGC_GENL_MCGRP_CLUSTER, a node's membership state changed in a
 * device's eyes (ZGC_CMD_MEMBER_NTF), and ZGC_GENL_MCGRP_CONFIG, a
 * request changed a device's configuration (ZGC_CMD_CONFIG_NTF).
 * uapi/linux/zgc.h documents them.
 *
 * Context: member events come from the membership's timer and receive
 * path (softirq) or process context with bottom halves disabled,
 * &dft_swim.lock held: nothing there sleeps or takes a lock of zgc's.
 * Configuration events come from the request's handler, RTNL held.
 * An event nobody listens to costs a test; one that cannot be allocated
 * is lost.
 */

#include <net/genetlink.h>
#include <linux/rtnetlink.h>

#include "cluster.h"
#include "device.h"
#include "netlink.h"

/*
 * zgc_nl_event_new() - a new event of @cmd for @group, its header put in
 * *@hdr, or NULL when nobody listens or it cannot be allocated.
 */
static struct sk_buff *zgc_nl_event_new(struct net *net, unsigned int group,
					u8 cmd, size_t size, gfp_t gfp,
					void **hdr)
{
	struct sk_buff *msg;

	if (!genl_has_listeners(&zgc_genl_family, net, group))
		return NULL;
	msg = genlmsg_new(size, gfp);
	if (!msg)
		return NULL;
	*hdr = genlmsg_put(msg, 0, 0, &zgc_genl_family, 0, cmd);
	if (!*hdr) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

/* zgc_nl_event_send() - end an event of zgc_nl_event_new() and send it. */
static void zgc_nl_event_send(struct net *net, unsigned int group,
			      struct sk_buff *msg, void *hdr, gfp_t gfp)
{
	genlmsg_end(msg, hdr);
	genlmsg_multicast_netns(&zgc_genl_family, net, msg, 0, group, gfp);
}

/* The size of what zgc_nl_event_dev_put() and _cluster_put() put. */
static size_t zgc_nl_event_dev_size(void)
{
	return nla_total_size(sizeof(u32)) +		/* ZGC_A_IFINDEX */
	       nla_total_size(IFNAMSIZ) +		/* ZGC_A_IFNAME */
	       nla_total_size(0) +			/* ZGC_A_CLUSTER */
	       2 * nla_total_size(sizeof(u32)) +	/* _ID, _SELF */
	       nla_total_size_64bit(sizeof(u64));	/* _EPOCH */
}

/* The device an event is of. */
static int zgc_nl_event_dev_put(struct sk_buff *msg, struct zgc_dev *zd)
{
	if (nla_put_u32(msg, ZGC_A_IFINDEX, zd->dev->ifindex) ||
	    nla_put_string(msg, ZGC_A_IFNAME, zd->dev->name))
		return -EMSGSIZE;
	return 0;
}

/* A description as events tell it: not its key, nor its chains. */
static int zgc_nl_event_cluster_put(struct sk_buff *msg,
				    const struct dft_cluster *c)
{
	struct nlattr *nest;

	nest = nla_nest_start(msg, ZGC_A_CLUSTER);
	if (!nest || nla_put_u32(msg, ZGC_CLUSTER_A_ID, c->id) ||
	    nla_put_u64_64bit(msg, ZGC_CLUSTER_A_EPOCH, c->epoch,
			      ZGC_CLUSTER_A_PAD) ||
	    nla_put_u32(msg, ZGC_CLUSTER_A_SELF, c->self))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

/* The size of a ZGC_CMD_MEMBER_NTF. */
static size_t zgc_nl_member_event_size(void)
{
	return zgc_nl_event_dev_size() +
	       nla_total_size(0) +			/* ZGC_A_MEMBER */
	       2 * nla_total_size(sizeof(u32)) +	/* _NODE, _INCARNATION */
	       nla_total_size(sizeof(__be32)) +		/* _ADDR4 */
	       2 * nla_total_size(sizeof(u8));		/* _STATE, _WAS */
}

static int zgc_nl_member_event_put(struct sk_buff *msg, struct zgc_dev *zd,
				   const struct dft_cluster *c, u32 i, u8 was)
{
	const struct dft_member *m = &c->swim.members[i];
	struct nlattr *nest;

	if (zgc_nl_event_dev_put(msg, zd) || zgc_nl_event_cluster_put(msg, c))
		return -EMSGSIZE;
	nest = nla_nest_start(msg, ZGC_A_MEMBER);
	if (!nest || nla_put_u32(msg, ZGC_MEMBER_A_NODE, c->nodes[i].id) ||
	    nla_put_u8(msg, ZGC_MEMBER_A_STATE, dft_member_shown(m)) ||
	    nla_put_u32(msg, ZGC_MEMBER_A_INCARNATION, m->incarnation) ||
	    nla_put_in_addr(msg, ZGC_MEMBER_A_ADDR4, c->nodes[i].addr) ||
	    nla_put_u8(msg, ZGC_MEMBER_A_WAS, was))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

/**
 * zgc_nl_member_event() - tell the listeners that a node's state changed
 * @zd: the device whose belief it is
 * @c: its cluster description
 * @i: the node's index in @c->nodes; its belief is the new one
 * @was: the state it had before (enum zgc_node_state)
 */
void zgc_nl_member_event(struct zgc_dev *zd, const struct dft_cluster *c,
			 u32 i, u8 was)
{
	struct net *net = dev_net(zd->dev);
	struct sk_buff *msg;
	void *hdr;

	msg = zgc_nl_event_new(net, ZGC_NL_MCGRP_CLUSTER, ZGC_CMD_MEMBER_NTF,
			       zgc_nl_member_event_size(), GFP_ATOMIC, &hdr);
	if (!msg)
		return;
	if (zgc_nl_member_event_put(msg, zd, c, i, was)) {
		nlmsg_free(msg);
		return;
	}
	zgc_nl_event_send(net, ZGC_NL_MCGRP_CLUSTER, msg, hdr, GFP_ATOMIC);
}

/*
 * A configuration event repeats its request, which can be as large as a
 * netlink message; past this it is told without the objects.
 */
#define ZGC_NL_CONFIG_EVENT_MAX (64 * 1024)

/*
 * The request's attributes up to @stop, but for those naming the device
 * (the event names it itself) and the cluster description's (the event
 * tells the description the device has now, without its key).
 */
static int zgc_nl_config_event_put(struct sk_buff *msg, struct zgc_dev *zd,
				   const struct genl_info *info,
				   const struct nlattr *stop, bool objects)
{
	const struct dft_cluster *c;
	const struct nlattr *attr;
	int rem;

	if (zgc_nl_event_dev_put(msg, zd) ||
	    nla_put_u8(msg, ZGC_A_CHANGE, info->genlhdr->cmd))
		return -EMSGSIZE;
	nla_for_each_attr(attr, genlmsg_data(info->genlhdr),
			  genlmsg_len(info->genlhdr), rem) {
		if (attr == stop)
			break;
		switch (nla_type(attr)) {
		case ZGC_A_IFINDEX:
		case ZGC_A_IFNAME:
			continue;
		case ZGC_A_CLUSTER:
			c = rtnl_dereference(zd->cluster);
			if (c && zgc_nl_event_cluster_put(msg, c))
				return -EMSGSIZE;
			continue;
		}
		/* As it came, its NLA_F_NESTED included. */
		if (objects &&
		    nla_put(msg, attr->nla_type, nla_len(attr), nla_data(attr)))
			return -EMSGSIZE;
	}
	return 0;
}

/**
 * zgc_nl_config_event() - tell the listeners that a request changed a device
 * @zd: the device
 * @info: the request, which was applied (up to @stop)
 * @stop: the first attribute of the request not applied (a batch that
 *	failed there), or NULL for all of it
 *
 * Context: process, RTNL held.
 */
void zgc_nl_config_event(struct zgc_dev *zd, const struct genl_info *info,
			 const struct nlattr *stop)
{
	const gfp_t gfp = GFP_KERNEL | __GFP_NOWARN;
	struct net *net = dev_net(zd->dev);
	size_t len = genlmsg_len(info->genlhdr);
	bool objects = len <= ZGC_NL_CONFIG_EVENT_MAX;
	struct sk_buff *msg;
	void *hdr;

	ASSERT_RTNL();
	msg = zgc_nl_event_new(net, ZGC_NL_MCGRP_CONFIG, ZGC_CMD_CONFIG_NTF,
			       zgc_nl_event_dev_size() +
			       nla_total_size(sizeof(u8)) + /* ZGC_A_CHANGE */
			       (objects ? len : 0), gfp, &hdr);
	if (!msg)
		return;
	if (zgc_nl_config_event_put(msg, zd, info, stop, objects)) {
		nlmsg_free(msg);
		return;
	}
	zgc_nl_event_send(net, ZGC_NL_MCGRP_CONFIG, msg, hdr, gfp);
}
