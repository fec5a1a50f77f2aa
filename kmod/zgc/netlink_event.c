// SPDX-License-Identifier: GPL-2.0
/*
 * Events of the Generic Netlink family, on its multicast group
 * ZGC_GENL_MCGRP_CLUSTER: a node's membership state changed in a
 * device's eyes (ZGC_CMD_MEMBER_NTF). uapi/linux/zgc.h documents them.
 *
 * Context: the membership's timer and receive path (softirq) or process
 * context with bottom halves disabled, &dft_swim.lock held: nothing here
 * sleeps or takes a lock of zgc's. An event nobody listens to costs a
 * test; one that cannot be allocated is lost.
 */

#include <net/genetlink.h>

#include "cluster.h"
#include "device.h"
#include "netlink.h"

/* The size of a ZGC_CMD_MEMBER_NTF. */
static size_t zgc_nl_member_event_size(void)
{
	return nla_total_size(sizeof(u32)) +		/* ZGC_A_IFINDEX */
	       nla_total_size(IFNAMSIZ) +		/* ZGC_A_IFNAME */
	       nla_total_size(0) +			/* ZGC_A_CLUSTER */
	       2 * nla_total_size(sizeof(u32)) +	/* _ID, _SELF */
	       nla_total_size_64bit(sizeof(u64)) +	/* _EPOCH */
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

	if (nla_put_u32(msg, ZGC_A_IFINDEX, zd->dev->ifindex) ||
	    nla_put_string(msg, ZGC_A_IFNAME, zd->dev->name))
		return -EMSGSIZE;
	nest = nla_nest_start(msg, ZGC_A_CLUSTER);
	if (!nest || nla_put_u32(msg, ZGC_CLUSTER_A_ID, c->id) ||
	    nla_put_u64_64bit(msg, ZGC_CLUSTER_A_EPOCH, c->epoch,
			      ZGC_CLUSTER_A_PAD) ||
	    nla_put_u32(msg, ZGC_CLUSTER_A_SELF, c->self))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
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

	if (!genl_has_listeners(&zgc_genl_family, net, ZGC_NL_MCGRP_CLUSTER))
		return;
	msg = genlmsg_new(zgc_nl_member_event_size(), GFP_ATOMIC);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &zgc_genl_family, 0, ZGC_CMD_MEMBER_NTF);
	if (!hdr || zgc_nl_member_event_put(msg, zd, c, i, was)) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_end(msg, hdr);
	genlmsg_multicast_netns(&zgc_genl_family, net, msg, 0,
				ZGC_NL_MCGRP_CLUSTER, GFP_ATOMIC);
}
