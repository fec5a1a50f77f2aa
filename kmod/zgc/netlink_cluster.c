// SPDX-License-Identifier: GPL-2.0
/*
 * The cluster commands of the Generic Netlink family: ZGC_CMD_CLUSTER_SET,
 * ZGC_CMD_CLUSTER_GET and ZGC_CMD_CLUSTER_DRAIN. uapi/linux/zgc.h
 * documents them.
 *
 * Locking: a device's description (&zgc_dev.cluster) is replaced under
 * RTNL with rcu_assign_pointer(); the old one is freed after the readers.
 */

#include <net/genetlink.h>
#include <net/rtnetlink.h>

#include "cluster.h"
#include "compat.h"
#include "device.h"
#include "maglev.h"
#include "netlink.h"
#include "replay.h"

static const struct nla_policy zgc_node_policy[ZGC_NODE_A_MAX + 1] = {
	[ZGC_NODE_A_ID] = NLA_POLICY_MIN(NLA_U32, 1),
	[ZGC_NODE_A_ADDR4] = { .type = NLA_BE32 },
	[ZGC_NODE_A_ROLES] = NLA_POLICY_MASK(NLA_U32,
					     ZGC_ROLE_FWD | ZGC_ROLE_FTN),
};

static const struct nla_policy zgc_chain_policy[ZGC_CHAIN_A_MAX + 1] = {
	/* 0 stands for a flow decided on a node alone (&zgc_flow.chain). */
	[ZGC_CHAIN_A_ID] = NLA_POLICY_MIN(NLA_U32, 1),
	[ZGC_CHAIN_A_NODE] = NLA_POLICY_MIN(NLA_U32, 1),
	[ZGC_CHAIN_A_SLOTS] = { .type = NLA_REJECT },
};

/* Not const: NLA_POLICY_FULL_RANGE() takes a plain pointer on 6.1. */
static struct netlink_range_validation zgc_probe_ms_range = {
	.min = 10,
	.max = 60000,
};

static const struct nla_policy zgc_cluster_policy[ZGC_CLUSTER_A_MAX + 1] = {
	[ZGC_CLUSTER_A_PAD] = { .type = NLA_REJECT },
	[ZGC_CLUSTER_A_ID] = NLA_POLICY_MIN(NLA_U32, 1),
	[ZGC_CLUSTER_A_EPOCH] = { .type = NLA_U64 },
	[ZGC_CLUSTER_A_SELF] = NLA_POLICY_MIN(NLA_U32, 1),
	[ZGC_CLUSTER_A_TABLE_SIZE] = { .type = NLA_U32 },
	[ZGC_CLUSTER_A_KEY] = NLA_POLICY_EXACT_LEN(ZGC_CLUSTER_KEY_LEN),
	[ZGC_CLUSTER_A_NODE] = NLA_POLICY_NESTED(zgc_node_policy),
	[ZGC_CLUSTER_A_CHAIN] = NLA_POLICY_NESTED(zgc_chain_policy),
	[ZGC_CLUSTER_A_AUTH] = { .type = NLA_REJECT },
	[ZGC_CLUSTER_A_MAP_DIGEST] = { .type = NLA_REJECT },
	[ZGC_CLUSTER_A_PROBE_MS] = NLA_POLICY_FULL_RANGE(NLA_U32,
							 &zgc_probe_ms_range),
	[ZGC_CLUSTER_A_SUSPECT_MS] = NLA_POLICY_MIN(NLA_U32, 1),
	[ZGC_CLUSTER_A_ROLLING_FROM] = { .type = NLA_REJECT },
	[ZGC_CLUSTER_A_INSECURE] = { .type = NLA_FLAG },
	[ZGC_CLUSTER_A_BOOT] = { .type = NLA_REJECT },
};

const struct nla_policy zgc_cluster_cmd_policy[ZGC_A_MAX + 1] = {
	[ZGC_A_IFINDEX] = { .type = NLA_U32 },
	[ZGC_A_IFNAME] = { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
	[ZGC_A_CLUSTER] = NLA_POLICY_NESTED(zgc_cluster_policy),
	[ZGC_A_JOIN] = { .type = NLA_FLAG },
};

const struct nla_policy zgc_drain_cmd_policy[ZGC_A_MAX + 1] = {
	[ZGC_A_IFINDEX] = { .type = NLA_U32 },
	[ZGC_A_IFNAME] = { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
	[ZGC_A_DRAIN] = NLA_POLICY_MAX(NLA_U8, 1),
};

/* How many attributes of @type the nest holds. */
static u32 zgc_nl_count(const struct nlattr *nest, int type)
{
	const struct nlattr *a;
	u32 n = 0;
	int rem;

	nla_for_each_nested(a, nest, rem)
		n += nla_type(a) == type;
	return n;
}

static int zgc_nl_cluster_node(struct dft_node *n, struct nlattr *nest,
			       struct netlink_ext_ack *extack)
{
	struct nlattr *tb[ZGC_NODE_A_MAX + 1];
	int err;

	err = nla_parse_nested(tb, ZGC_NODE_A_MAX, nest, zgc_node_policy,
			       extack);
	if (err)
		return err;
	if (!tb[ZGC_NODE_A_ID] || !tb[ZGC_NODE_A_ADDR4] ||
	    !tb[ZGC_NODE_A_ROLES]) {
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "a node needs ZGC_NODE_A_ID, ZGC_NODE_A_ADDR4 and ZGC_NODE_A_ROLES");
		return -EINVAL;
	}
	n->id = nla_get_u32(tb[ZGC_NODE_A_ID]);
	n->addr = nla_get_in_addr(tb[ZGC_NODE_A_ADDR4]);
	n->roles = nla_get_u32(tb[ZGC_NODE_A_ROLES]);
	return 0;
}

static int zgc_nl_cluster_chain(struct dft_chain *ch, struct nlattr *nest,
				struct netlink_ext_ack *extack)
{
	struct nlattr *tb[ZGC_CHAIN_A_MAX + 1], *a;
	int err, rem;

	err = nla_parse_nested(tb, ZGC_CHAIN_A_MAX, nest, zgc_chain_policy,
			       extack);
	if (err)
		return err;
	if (!tb[ZGC_CHAIN_A_ID]) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "a chain needs ZGC_CHAIN_A_ID");
		return -EINVAL;
	}
	ch->id = nla_get_u32(tb[ZGC_CHAIN_A_ID]);
	nla_for_each_nested(a, nest, rem) {
		if (nla_type(a) != ZGC_CHAIN_A_NODE)
			continue;
		if (ch->n == ZGC_CHAIN_NODES_MAX) {
			NL_SET_ERR_MSG_ATTR(extack, a,
					    "a chain has at most ZGC_CHAIN_NODES_MAX nodes");
			return -E2BIG;
		}
		ch->nodes[ch->n++] = nla_get_u32(a);
	}
	return 0;
}

/* The description a ZGC_A_CLUSTER gives, checked and finished. */
static struct dft_cluster *zgc_nl_cluster_parse(struct nlattr *nest,
						struct netlink_ext_ack *extack)
{
	struct nlattr *tb[ZGC_CLUSTER_A_MAX + 1], *a;
	u32 nnodes, nchains, size, i = 0, j = 0;
	struct dft_cluster *c;
	int err, rem;

	err = nla_parse_nested(tb, ZGC_CLUSTER_A_MAX, nest, zgc_cluster_policy,
			       extack);
	if (err)
		return ERR_PTR(err);
	if (!tb[ZGC_CLUSTER_A_ID] || !tb[ZGC_CLUSTER_A_EPOCH] ||
	    !tb[ZGC_CLUSTER_A_SELF]) {
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "a cluster needs ZGC_CLUSTER_A_ID, ZGC_CLUSTER_A_EPOCH and ZGC_CLUSTER_A_SELF");
		return ERR_PTR(-EINVAL);
	}
	/* Authentication is on unless the description says otherwise. */
	if (tb[ZGC_CLUSTER_A_KEY] && tb[ZGC_CLUSTER_A_INSECURE]) {
		NL_SET_ERR_MSG_ATTR(extack, tb[ZGC_CLUSTER_A_INSECURE],
				    "a cluster with a key is not insecure");
		return ERR_PTR(-EINVAL);
	}
	if (!tb[ZGC_CLUSTER_A_KEY] && !tb[ZGC_CLUSTER_A_INSECURE]) {
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "a cluster needs a key (ZGC_CLUSTER_A_KEY), or ZGC_CLUSTER_A_INSECURE to run unauthenticated");
		return ERR_PTR(-EINVAL);
	}
	nnodes = zgc_nl_count(nest, ZGC_CLUSTER_A_NODE);
	nchains = zgc_nl_count(nest, ZGC_CLUSTER_A_CHAIN);
	if (!nnodes || nnodes > ZGC_CLUSTER_NODES_MAX || !nchains ||
	    nchains > ZGC_CLUSTER_CHAINS_MAX) {
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "a cluster has 1 to ZGC_CLUSTER_NODES_MAX nodes and 1 to ZGC_CLUSTER_CHAINS_MAX chains");
		return ERR_PTR(-EINVAL);
	}
	c = dft_cluster_alloc(nnodes, nchains);
	if (!c)
		return ERR_PTR(-ENOMEM);
	c->id = nla_get_u32(tb[ZGC_CLUSTER_A_ID]);
	c->epoch = nla_get_u64(tb[ZGC_CLUSTER_A_EPOCH]);
	c->self = nla_get_u32(tb[ZGC_CLUSTER_A_SELF]);
	if (tb[ZGC_CLUSTER_A_KEY]) {
		c->auth = true;
		memcpy(&c->key, nla_data(tb[ZGC_CLUSTER_A_KEY]),
		       ZGC_CLUSTER_KEY_LEN);
	}
	if (tb[ZGC_CLUSTER_A_PROBE_MS])
		c->probe_ms = nla_get_u32(tb[ZGC_CLUSTER_A_PROBE_MS]);
	if (tb[ZGC_CLUSTER_A_SUSPECT_MS])
		c->suspect_ms = nla_get_u32(tb[ZGC_CLUSTER_A_SUSPECT_MS]);
	if (c->suspect_ms < c->probe_ms ||
	    c->suspect_ms > 600 * c->probe_ms) {
		NL_SET_ERR_MSG_ATTR(extack, tb[ZGC_CLUSTER_A_SUSPECT_MS] ?:
					    tb[ZGC_CLUSTER_A_PROBE_MS],
				    "ZGC_CLUSTER_A_SUSPECT_MS must be 1 to 600 times ZGC_CLUSTER_A_PROBE_MS");
		err = -EINVAL;
		goto fail;
	}
	size = tb[ZGC_CLUSTER_A_TABLE_SIZE] ?
	       nla_get_u32(tb[ZGC_CLUSTER_A_TABLE_SIZE]) :
	       DFT_MAGLEV_DEFAULT_SIZE;
	nla_for_each_nested(a, nest, rem) {
		if (nla_type(a) == ZGC_CLUSTER_A_NODE)
			err = zgc_nl_cluster_node(&c->nodes[i++], a, extack);
		else if (nla_type(a) == ZGC_CLUSTER_A_CHAIN)
			err = zgc_nl_cluster_chain(&c->chains[j++], a, extack);
		if (err)
			goto fail;
	}
	err = dft_cluster_finish(c, size, extack);
	if (!err)
		return c;
fail:
	dft_cluster_free(c);
	return ERR_PTR(err);
}

/* The size of the ZGC_A_CLUSTER nest zgc_nl_cluster_put() makes of @c. */
static size_t zgc_nl_cluster_size(const struct dft_cluster *c)
{
	size_t size = nla_total_size(0) +
		      7 * nla_total_size(sizeof(u32)) +
		      2 * nla_total_size_64bit(sizeof(u64));
	u32 i;

	size += c->nnodes * (nla_total_size(0) +
			     3 * nla_total_size(sizeof(u32)));
	for (i = 0; i < c->nchains; i++)
		size += nla_total_size(0) +
			(2 + c->chains[i].n) * nla_total_size(sizeof(u32));
	return size;
}

int zgc_nl_cluster_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct dft_cluster *c, *old;
	struct zgc_dev *zd;
	int err = 0;

	if (!info->attrs[ZGC_A_CLUSTER]) {
		NL_SET_ERR_MSG(info->extack, "ZGC_A_CLUSTER is missing");
		return -EINVAL;
	}
	c = zgc_nl_cluster_parse(info->attrs[ZGC_A_CLUSTER], info->extack);
	if (IS_ERR(c))
		return PTR_ERR(c);
	/* nla_len has 16 bits: ZGC_CMD_CLUSTER_GET could not report it. */
	if (zgc_nl_cluster_size(c) > U16_MAX) {
		NL_SET_ERR_MSG(info->extack,
			       "the description is too large to be reported: fewer or shorter chains");
		dft_cluster_free(c);
		return -EMSGSIZE;
	}
	rtnl_lock();
	zd = zgc_nl_dev_lookup(genl_info_net(info), info->attrs, info->extack);
	if (IS_ERR(zd)) {
		err = PTR_ERR(zd);
		goto out;
	}
	old = rtnl_dereference(zd->cluster);
	if (zd->cfg.overlay != ZGC_OVERLAY_GENEVE) {
		NL_SET_ERR_MSG(info->extack,
			       "cluster messages are Geneve, on the device's port: its overlay must be geneve");
		err = -EOPNOTSUPP;
	} else if (old && c->epoch < old->epoch) {
		NL_SET_ERR_MSG(info->extack,
			       "the device has a newer epoch of the cluster");
		err = -ESTALE;
	} else if (old && c->epoch == old->epoch) {
		if (!dft_cluster_equal(c, old)) {
			NL_SET_ERR_MSG(info->extack,
				       "the device has another description with this epoch");
			err = -EEXIST;
		}
	} else {
		/* Its chains serve a rolling apply until it ends. */
		err = old ? dft_cluster_keep_prev(c, old) : 0;
		if (err)
			goto out;
		if (old) {
			dft_member_carry(c, old);
			dft_replay_carry(c, old);
			dft_member_join(c, old);
		} else if (nla_get_flag(info->attrs[ZGC_A_JOIN])) {
			dft_member_join_running(c);
		}
		if (netif_running(zd->dev))
			dft_member_start(c, zd);
		rcu_assign_pointer(zd->cluster, c);
		/* Before RTNL goes: its timer uses the device's socket. */
		if (old)
			dft_member_stop(old);
		c = old;
		zgc_net(dev_net(zd->dev))->dev_gen++;
		zgc_nl_config_event(zd, info, NULL);
	}
out:
	rtnl_unlock();
	dft_cluster_free(c);
	return err;
}

int zgc_nl_cluster_drain_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct dft_cluster *c;
	struct zgc_dev *zd;
	int err;

	if (!info->attrs[ZGC_A_DRAIN]) {
		NL_SET_ERR_MSG(info->extack, "ZGC_A_DRAIN is missing");
		return -EINVAL;
	}
	rtnl_lock();
	zd = zgc_nl_dev_lookup(genl_info_net(info), info->attrs, info->extack);
	if (IS_ERR(zd)) {
		err = PTR_ERR(zd);
		goto out;
	}
	c = rtnl_dereference(zd->cluster);
	if (!c) {
		NL_SET_ERR_MSG(info->extack,
			       "the device has no cluster: apply one first");
		err = -ENOENT;
		goto out;
	}
	err = dft_member_drain(c, nla_get_u8(info->attrs[ZGC_A_DRAIN]),
			       info->extack);
	if (!err)
		zgc_nl_config_event(zd, info, NULL);
out:
	rtnl_unlock();
	return err;
}

static int zgc_nl_cluster_put(struct sk_buff *msg, const struct dft_cluster *c)
{
	const struct dft_chain *ch;
	const struct dft_node *n;
	struct nlattr *nest, *sub;
	u32 i, j;

	nest = nla_nest_start(msg, ZGC_A_CLUSTER);
	if (!nest ||
	    nla_put_u32(msg, ZGC_CLUSTER_A_ID, c->id) ||
	    nla_put_u64_64bit(msg, ZGC_CLUSTER_A_EPOCH, c->epoch,
			      ZGC_CLUSTER_A_PAD) ||
	    nla_put_u32(msg, ZGC_CLUSTER_A_SELF, c->self) ||
	    nla_put_u32(msg, ZGC_CLUSTER_A_TABLE_SIZE, c->map->size) ||
	    nla_put_u8(msg, ZGC_CLUSTER_A_AUTH, c->auth) ||
	    nla_put_u32(msg, ZGC_CLUSTER_A_MAP_DIGEST, c->digest) ||
	    nla_put_u32(msg, ZGC_CLUSTER_A_PROBE_MS, c->probe_ms) ||
	    nla_put_u32(msg, ZGC_CLUSTER_A_SUSPECT_MS, c->suspect_ms) ||
	    nla_put_u32(msg, ZGC_CLUSTER_A_BOOT, c->swim.boot))
		return -EMSGSIZE;
	if (c->prev && !READ_ONCE(c->swim.rolled) &&
	    nla_put_u64_64bit(msg, ZGC_CLUSTER_A_ROLLING_FROM, c->prev->epoch,
			      ZGC_CLUSTER_A_PAD))
		return -EMSGSIZE;
	for (i = 0; i < c->nnodes; i++) {
		n = &c->nodes[i];
		sub = nla_nest_start(msg, ZGC_CLUSTER_A_NODE);
		if (!sub || nla_put_u32(msg, ZGC_NODE_A_ID, n->id) ||
		    nla_put_in_addr(msg, ZGC_NODE_A_ADDR4, n->addr) ||
		    nla_put_u32(msg, ZGC_NODE_A_ROLES, n->roles))
			return -EMSGSIZE;
		nla_nest_end(msg, sub);
	}
	for (i = 0; i < c->nchains; i++) {
		ch = &c->chains[i];
		sub = nla_nest_start(msg, ZGC_CLUSTER_A_CHAIN);
		if (!sub || nla_put_u32(msg, ZGC_CHAIN_A_ID, ch->id) ||
		    nla_put_u32(msg, ZGC_CHAIN_A_SLOTS, ch->slots))
			return -EMSGSIZE;
		for (j = 0; j < ch->n; j++)
			if (nla_put_u32(msg, ZGC_CHAIN_A_NODE, ch->nodes[j]))
				return -EMSGSIZE;
		nla_nest_end(msg, sub);
	}
	nla_nest_end(msg, nest);
	return 0;
}

/* The size of the ZGC_A_MEMBER nests zgc_nl_members_put() makes of @c. */
static size_t zgc_nl_members_size(const struct dft_cluster *c)
{
	return c->nnodes * (nla_total_size(0) + 2 * nla_total_size(sizeof(u32)) +
			    nla_total_size(sizeof(u8)) +
			    nla_total_size_64bit(sizeof(u64)));
}

static int zgc_nl_members_put(struct sk_buff *msg, struct dft_cluster *c)
{
	struct dft_member *m;
	struct nlattr *nest;
	int err = -ENOMEM;
	u32 i;

	m = kvmalloc_array(c->nnodes, sizeof(*m), GFP_KERNEL);
	if (!m)
		return err;
	dft_member_get(c, m);
	err = -EMSGSIZE;
	for (i = 0; i < c->nnodes; i++) {
		nest = nla_nest_start(msg, ZGC_A_MEMBER);
		if (!nest ||
		    nla_put_u32(msg, ZGC_MEMBER_A_NODE, c->nodes[i].id) ||
		    nla_put_u8(msg, ZGC_MEMBER_A_STATE,
			       dft_member_shown(&m[i])) ||
		    nla_put_u32(msg, ZGC_MEMBER_A_INCARNATION,
				m[i].incarnation) ||
		    nla_put_u64_64bit(msg, ZGC_MEMBER_A_SINCE_MS,
				      jiffies_to_msecs(jiffies - m[i].since),
				      ZGC_MEMBER_A_PAD))
			goto out;
		nla_nest_end(msg, nest);
	}
	err = 0;
out:
	kvfree(m);
	return err;
}

int zgc_nl_cluster_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct dft_cluster *c;
	struct sk_buff *msg;
	struct zgc_dev *zd;
	void *hdr;
	int err;

	if (info->attrs[ZGC_A_CLUSTER]) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[ZGC_A_CLUSTER],
				    "a cluster request takes only the device");
		return -EINVAL;
	}
	rtnl_lock();
	zd = zgc_nl_dev_lookup(genl_info_net(info), info->attrs, info->extack);
	if (IS_ERR(zd)) {
		err = PTR_ERR(zd);
		goto unlock;
	}
	c = rtnl_dereference(zd->cluster);
	if (!c) {
		NL_SET_ERR_MSG(info->extack,
			       "the device has no cluster: apply one first");
		err = -ENOENT;
		goto unlock;
	}
	msg = genlmsg_new(nla_total_size(sizeof(u32)) + zgc_nl_cluster_size(c) +
			  zgc_nl_members_size(c), GFP_KERNEL);
	if (!msg) {
		err = -ENOMEM;
		goto unlock;
	}
	hdr = genlmsg_put_reply(msg, info, &zgc_genl_family, 0,
				ZGC_CMD_CLUSTER_GET);
	err = -EMSGSIZE;
	if (!hdr || nla_put_u32(msg, ZGC_A_IFINDEX, zd->dev->ifindex) ||
	    zgc_nl_cluster_put(msg, c)) {
		nlmsg_free(msg);
		goto unlock;
	}
	err = zgc_nl_members_put(msg, c);
	if (err) {
		nlmsg_free(msg);
		goto unlock;
	}
	genlmsg_end(msg, hdr);
	rtnl_unlock();
	return genlmsg_reply(msg, info);
unlock:
	rtnl_unlock();
	return err;
}
