// SPDX-License-Identifier: GPL-2.0
/*
 * The Generic Netlink family "zgc". uapi/linux/zgc.h documents every
 * command and attribute.
 *
 * Every command has its own policy and the family validates strictly, so
 * the handlers only see attributes of the right type and length. Replies
 * are allocated before RTNL is taken and sent after it is released.
 */

#include <linux/hashtable.h>
#include <linux/module.h>
#include <net/genetlink.h>
#include <net/rtnetlink.h>
#include <net/sock.h>

#include "compat.h"
#include "device.h"
#include "endpoint.h"
#include "flow.h"
#include "netlink.h"
#include "stats.h"
#include "tenant.h"

static const struct nla_policy zgc_dev_get_policy[ZGC_A_MAX + 1] = {
	[ZGC_A_IFINDEX] = { .type = NLA_U32 },
	[ZGC_A_IFNAME] = { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
};

/* Not const: 6.1's nla_policy points at a mutable one. */
static struct netlink_range_validation zgc_vni_range = {
	.max = ZGC_VNI_MAX,
};

static struct netlink_range_validation zgc_flow_timeout_range = {
	.min = 1,
	.max = 86400,
};

static struct netlink_range_validation zgc_flow_max_range = {
	.min = 1,
	.max = ZGC_FLOWS_MAX,
};

static const struct nla_policy zgc_dev_set_policy[ZGC_A_MAX + 1] = {
	[ZGC_A_IFINDEX] = { .type = NLA_U32 },
	[ZGC_A_IFNAME] = { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
	[ZGC_A_OVERLAY] = NLA_POLICY_RANGE(NLA_U8, ZGC_OVERLAY_GENEVE,
					   ZGC_OVERLAY_MAX),
	[ZGC_A_PORT] = NLA_POLICY_MIN(NLA_U16, 1),
	[ZGC_A_LOCAL] = { .type = NLA_BE32 },
	[ZGC_A_ENTRANCES] = NLA_POLICY_NESTED(zgc_underlay_entrance_policy),
	[ZGC_A_TTL] = { .type = NLA_U8 },
	[ZGC_A_DF] = NLA_POLICY_MAX(NLA_U8, ZGC_DF_MAX),
	[ZGC_A_PROVIDER] = NLA_POLICY_MAX(NLA_U8, 1),
	[ZGC_A_FLOW_TIMEOUT] = NLA_POLICY_FULL_RANGE(NLA_U32,
						     &zgc_flow_timeout_range),
	[ZGC_A_FLOW_MAX] = NLA_POLICY_FULL_RANGE(NLA_U32, &zgc_flow_max_range),
	[ZGC_A_FLOW_VNI_MAX] = NLA_POLICY_FULL_RANGE(NLA_U32,
						     &zgc_flow_max_range),
};

static const struct nla_policy zgc_subnet_policy[ZGC_SUBNET_A_MAX + 1] = {
	[ZGC_SUBNET_A_VNI] = NLA_POLICY_FULL_RANGE(NLA_U32, &zgc_vni_range),
	[ZGC_SUBNET_A_GW4] = { .type = NLA_BE32 },
	[ZGC_SUBNET_A_GW6] = NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[ZGC_SUBNET_A_PREFIXLEN] = NLA_POLICY_RANGE(NLA_U8, 1, 127),
	[ZGC_SUBNET_A_MAC] = NLA_POLICY_ETH_ADDR,
};

static const struct nla_policy zgc_endpoint_policy[ZGC_ENDPOINT_A_MAX + 1] = {
	[ZGC_ENDPOINT_A_VNI] = NLA_POLICY_FULL_RANGE(NLA_U32, &zgc_vni_range),
	[ZGC_ENDPOINT_A_IP4] = { .type = NLA_BE32 },
	[ZGC_ENDPOINT_A_IP6] = NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[ZGC_ENDPOINT_A_MAC] = NLA_POLICY_ETH_ADDR,
	[ZGC_ENDPOINT_A_HOST4] = { .type = NLA_BE32 },
};

static const struct nla_policy zgc_endpoint_cmd_policy[ZGC_A_MAX + 1] = {
	[ZGC_A_IFINDEX] = { .type = NLA_U32 },
	[ZGC_A_IFNAME] = { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
	[ZGC_A_ENDPOINT] = NLA_POLICY_NESTED(zgc_endpoint_policy),
};

static const struct nla_policy zgc_subnet_cmd_policy[ZGC_A_MAX + 1] = {
	[ZGC_A_IFINDEX] = { .type = NLA_U32 },
	[ZGC_A_IFNAME] = { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
	[ZGC_A_SUBNET] = NLA_POLICY_NESTED(zgc_subnet_policy),
};

/*
 * The zgc device a request names by ZGC_A_IFINDEX and/or ZGC_A_IFNAME in
 * the requester's namespace. Context: RTNL held.
 */
struct zgc_dev *zgc_nl_dev_lookup(struct net *net, struct nlattr **attrs,
				  struct netlink_ext_ack *extack)
{
	struct nlattr *ifindex = attrs[ZGC_A_IFINDEX];
	struct nlattr *ifname = attrs[ZGC_A_IFNAME];
	struct net_device *dev = NULL;
	struct zgc_dev *zd;

	ASSERT_RTNL();
	if (!ifindex && !ifname) {
		NL_SET_ERR_MSG(extack,
			       "no device given: set ZGC_A_IFINDEX or ZGC_A_IFNAME");
		return ERR_PTR(-EINVAL);
	}
	if (ifindex) {
		dev = __dev_get_by_index(net, nla_get_u32(ifindex));
		if (!dev) {
			NL_SET_ERR_MSG_ATTR(extack, ifindex,
					    "no device with this ifindex");
			return ERR_PTR(-ENODEV);
		}
	}
	if (ifname) {
		struct net_device *named = __dev_get_by_name(net,
							     nla_data(ifname));

		if (!named) {
			NL_SET_ERR_MSG_ATTR(extack, ifname,
					    "no device with this name");
			return ERR_PTR(-ENODEV);
		}
		if (dev && dev != named) {
			NL_SET_ERR_MSG_ATTR(extack, ifname,
					    "ZGC_A_IFINDEX and ZGC_A_IFNAME name different devices");
			return ERR_PTR(-EINVAL);
		}
		dev = named;
	}
	zd = zgc_dev_from_netdev(dev);
	if (!zd) {
		NL_SET_ERR_MSG_ATTR(extack, ifname ?: ifindex,
				    "not a zgc device");
		return ERR_PTR(-EOPNOTSUPP);
	}
	return zd;
}

/**
 * zgc_nl_dump_lock() - take RTNL and find the device a dump of the
 *	tenants' configuration is of
 * @skb: the dump's reply
 * @cb: the dump; its sequence becomes the device's tenant generation
 * @whole: the attribute that would name one object: a dump takes none
 *
 * Return: the device, RTNL held (the caller releases it), or an error
 * pointer, RTNL not held.
 */
struct zgc_dev *zgc_nl_dump_lock(struct sk_buff *skb,
				 struct netlink_callback *cb, int whole)
{
	struct nlattr **attrs = zgc_compat_dump_attrs(cb);
	struct zgc_dev *zd;

	if (attrs[whole]) {
		NL_SET_ERR_MSG_ATTR(cb->extack, attrs[whole],
				    "a dump takes only the device");
		return ERR_PTR(-EINVAL);
	}
	rtnl_lock();
	zd = zgc_nl_dev_lookup(sock_net(skb->sk), attrs, cb->extack);
	if (IS_ERR(zd)) {
		rtnl_unlock();
		return zd;
	}
	cb->seq = zd->tenant_gen;
	return zd;
}

/**
 * zgc_nl_obj_begin() - start a dump message that holds one object
 * @o: the message's header and the object's nest, for zgc_nl_obj_end()
 * @skb: the dump's buffer
 * @cb: the dump
 * @zd: the device the object belongs to (ZGC_A_IFINDEX)
 * @cmd: the dump's command
 * @attrtype: the object's nest
 *
 * Return: 0, or -EMSGSIZE when @skb is full.
 */
int zgc_nl_obj_begin(struct zgc_nl_obj *o, struct sk_buff *skb,
		     struct netlink_callback *cb, const struct zgc_dev *zd,
		     u8 cmd, int attrtype)
{
	o->hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
			     cb->nlh->nlmsg_seq, &zgc_genl_family, NLM_F_MULTI,
			     cmd);
	if (!o->hdr)
		return -EMSGSIZE;
	if (nla_put_u32(skb, ZGC_A_IFINDEX, zd->dev->ifindex))
		goto cancel;
	o->nest = nla_nest_start(skb, attrtype);
	if (!o->nest)
		goto cancel;
	return 0;
cancel:
	genlmsg_cancel(skb, o->hdr);
	return -EMSGSIZE;
}

/**
 * zgc_nl_obj_end() - end the message zgc_nl_obj_begin() started
 * @o: as zgc_nl_obj_begin() set it
 * @skb: the dump's buffer
 * @failed: whether putting an attribute of the object failed; the whole
 *	message is taken back then
 *
 * Return: 0, or -EMSGSIZE when @failed.
 */
int zgc_nl_obj_end(struct zgc_nl_obj *o, struct sk_buff *skb, bool failed)
{
	if (failed) {
		genlmsg_cancel(skb, o->hdr);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, o->nest);
	genlmsg_end(skb, o->hdr);
	return 0;
}

/**
 * zgc_nl_batch() - apply a batch of objects to a device
 * @info: the request: the device, then one or more nests of @attrtype
 * @attrtype: the objects' nest
 * @one: applies one object; Context: RTNL
 * @add: passed to @one: add the objects, or remove them
 * @done: publishes what @one changed, or NULL; Context: RTNL
 *
 * The objects are applied in order up to the first failure, which the
 * extended ACK points at; what was applied before it stays.
 *
 * Return: 0 or the first error.
 */
int zgc_nl_batch(struct genl_info *info, int attrtype,
		 int (*one)(struct zgc_dev *zd, struct nlattr *nest, bool add,
			    struct netlink_ext_ack *extack),
		 bool add, void (*done)(struct zgc_dev *zd))
{
	struct nlattr *attr;
	struct zgc_dev *zd;
	int rem, err = 0, n = 0;

	rtnl_lock();
	zd = zgc_nl_dev_lookup(genl_info_net(info), info->attrs, info->extack);
	if (IS_ERR(zd)) {
		err = PTR_ERR(zd);
		goto out;
	}
	nla_for_each_attr(attr, genlmsg_data(info->genlhdr),
			  genlmsg_len(info->genlhdr), rem) {
		if (nla_type(attr) != attrtype)
			continue;
		err = one(zd, attr, add, info->extack);
		if (err) {
			/* Unless it points inside the object already. */
			if (!info->extack->bad_attr)
				NL_SET_BAD_ATTR(info->extack, attr);
			break;
		}
		n++;
	}
	if (done)
		done(zd);
	/* What was applied: the objects before the one that failed. */
	if (n)
		zgc_nl_config_event(zd, info, err ? attr : NULL);
	if (!err && !n) {
		NL_SET_ERR_ATTR_MISS(info->extack, NULL, attrtype);
		NL_SET_ERR_MSG(info->extack, "the request holds no object");
		err = -EINVAL;
	}
out:
	rtnl_unlock();
	return err;
}

static int zgc_nl_dev_fill(struct sk_buff *skb, const struct zgc_dev *zd,
			   u32 portid, u32 seq, int flags)
{
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &zgc_genl_family, flags,
			  ZGC_CMD_DEV_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(skb, ZGC_A_IFINDEX, zd->dev->ifindex) ||
	    nla_put_string(skb, ZGC_A_IFNAME, zd->dev->name) ||
	    nla_put_u8(skb, ZGC_A_OVERLAY, zd->cfg.overlay) ||
	    nla_put_u16(skb, ZGC_A_PORT, zd->cfg.port) ||
	    zgc_underlay_fill(skb, &zd->cfg.ul, &zgc_underlay_genl) ||
	    nla_put_u32(skb, ZGC_A_FLOWS, atomic_read(&zd->flows.count)) ||
	    nla_put_u32(skb, ZGC_A_FLOW_TIMEOUT,
			zd->flows.timeout / HZ) ||
	    nla_put_u32(skb, ZGC_A_FLOW_MAX, zd->flows.max) ||
	    nla_put_u32(skb, ZGC_A_FLOW_VNI_MAX, zd->flows.vni_max) ||
	    nla_put_u32(skb, ZGC_A_DFT_ENTRIES, atomic_read(&zd->dft.count)) ||
	    nla_put_u8(skb, ZGC_A_PROVIDER, zd->provider) ||
	    zgc_stats_fill(skb, zd)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

static int zgc_nl_dev_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct zgc_dev *zd;
	struct sk_buff *msg;
	int err;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;

	rtnl_lock();
	zd = zgc_nl_dev_lookup(genl_info_net(info), info->attrs, info->extack);
	if (IS_ERR(zd))
		err = PTR_ERR(zd);
	else
		err = zgc_nl_dev_fill(msg, zd, info->snd_portid, info->snd_seq,
				      0);
	rtnl_unlock();

	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

/*
 * A dump takes no attributes. Checked in the first dumpit call, not in a
 * .start callback: only dumpit has an extack to explain the error on
 * every supported kernel (6.1 gives .start none).
 */
static int zgc_nl_dump_no_attrs(struct netlink_callback *cb)
{
	struct nlattr **attrs = zgc_compat_dump_attrs(cb);
	int i;

	for (i = 1; i <= ZGC_A_MAX; i++) {
		if (attrs[i]) {
			NL_SET_ERR_MSG_ATTR(cb->extack, attrs[i],
					    "a device dump takes no attributes");
			return -EINVAL;
		}
	}
	return 0;
}

/*
 * cb->args[0]: how many devices of the namespace were already sent;
 * cb->args[1]: set once the request was checked.
 */
static int zgc_nl_dev_get_dumpit(struct sk_buff *skb,
				 struct netlink_callback *cb)
{
	struct zgc_net *zn = zgc_net(sock_net(skb->sk));
	unsigned long sent = 0;
	struct zgc_dev *zd;
	int err = 0;

	if (!cb->args[1]) {
		err = zgc_nl_dump_no_attrs(cb);
		if (err)
			return err;
		cb->args[1] = 1;
	}
	rtnl_lock();
	cb->seq = zn->dev_gen;
	list_for_each_entry(zd, &zn->dev_list, list) {
		if (sent++ < cb->args[0])
			continue;
		err = zgc_nl_dev_fill(skb, zd, NETLINK_CB(cb->skb).portid,
				      cb->nlh->nlmsg_seq, NLM_F_MULTI);
		if (err) {
			sent--;
			break;
		}
		nl_dump_check_consistent(cb, nlmsg_hdr(skb));
	}
	rtnl_unlock();

	cb->args[0] = sent;
	/* A device too big for an empty message would stall the dump. */
	if (err && !skb->len)
		return err;
	return skb->len;
}

static u32 zgc_nl_get_u32(const struct nlattr *attr)
{
	return attr ? nla_get_u32(attr) : 0;
}

/*
 * Overlay, port and underlay first: when they cannot change, nothing
 * does.
 */
static int zgc_nl_dev_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **attrs = info->attrs;
	struct zgc_cfg_req req = {};
	struct zgc_dev *zd;
	u32 timeout;
	int err;

	/*
	 * The flows are charged to the device's creator, but a namespace's
	 * admin is not to raise what its devices may hold past the defaults.
	 */
	if ((zgc_nl_get_u32(attrs[ZGC_A_FLOW_MAX]) > ZGC_FLOW_MAX_DEFAULT ||
	     zgc_nl_get_u32(attrs[ZGC_A_FLOW_VNI_MAX]) >
	     ZGC_FLOW_VNI_MAX_DEFAULT) &&
	    !netlink_capable(skb, CAP_NET_ADMIN)) {
		NL_SET_ERR_MSG(info->extack,
			       "raising ZGC_A_FLOW_MAX or ZGC_A_FLOW_VNI_MAX past its default needs CAP_NET_ADMIN in the initial user namespace");
		return -EPERM;
	}
	if (attrs[ZGC_A_OVERLAY])
		req.cfg.overlay = nla_get_u8(attrs[ZGC_A_OVERLAY]);
	if (attrs[ZGC_A_PORT])
		req.cfg.port = nla_get_u16(attrs[ZGC_A_PORT]);
	err = zgc_underlay_parse(attrs, &zgc_underlay_genl, &req.cfg.ul,
				 &req.ul_given, info->extack);
	if (err)
		return err;

	rtnl_lock();
	zd = zgc_nl_dev_lookup(genl_info_net(info), attrs, info->extack);
	if (IS_ERR(zd)) {
		err = PTR_ERR(zd);
		goto out;
	}
	err = zgc_dev_reconfigure(zd, &req, info->extack);
	if (err)
		goto out;
	if (attrs[ZGC_A_PROVIDER])
		zgc_dev_set_provider(zd, nla_get_u8(attrs[ZGC_A_PROVIDER]));
	timeout = zgc_nl_get_u32(attrs[ZGC_A_FLOW_TIMEOUT]);
	/* The DFT entries an FTN holds age as its cached flows do. */
	zgc_flow_table_configure(&zd->dft, timeout, 0, 0);
	if (zgc_flow_table_configure(&zd->flows, timeout,
				     zgc_nl_get_u32(attrs[ZGC_A_FLOW_MAX]),
				     zgc_nl_get_u32(attrs[ZGC_A_FLOW_VNI_MAX])))
		zgc_net(dev_net(zd->dev))->dev_gen++;
	zgc_nl_config_event(zd, info, NULL);
out:
	rtnl_unlock();
	return err;
}

/**
 * zgc_nl_get_addr() - a tenant address given as IPv4 or as IPv6
 * @tb: the nest's attributes
 * @a4: the type of its IPv4 form
 * @a6: the type of its IPv6 form
 * @nest: the nest, for the extended ACK
 * @addr: the address, IPv4-mapped for IPv4
 * @extack: where to say what was wrong
 *
 * Return: 0, or -EINVAL when neither or both are given, or the IPv6 one
 * is IPv4-mapped.
 */
int zgc_nl_get_addr(struct nlattr **tb, int a4, int a6, struct nlattr *nest,
		    struct in6_addr *addr, struct netlink_ext_ack *extack)
{
	if (!tb[a4] == !tb[a6]) {
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "give the address as IPv4 or as IPv6, once");
		return -EINVAL;
	}
	if (tb[a4]) {
		ipv6_addr_set_v4mapped(nla_get_in_addr(tb[a4]), addr);
		return 0;
	}
	*addr = nla_get_in6_addr(tb[a6]);
	if (ipv6_addr_v4mapped(addr)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[a6],
				    "an IPv4-mapped address is given as IPv4");
		return -EINVAL;
	}
	return 0;
}

/* Puts a tenant address in its IPv4 or IPv6 form. */
int zgc_nl_put_addr(struct sk_buff *skb, int a4, int a6,
		    const struct in6_addr *addr)
{
	if (ipv6_addr_v4mapped(addr))
		return nla_put_in_addr(skb, a4, addr->s6_addr32[3]);
	return nla_put_in6_addr(skb, a6, addr);
}

/* The ZGC_A_SUBNET of a request: VNI and gateway, and for @add the rest. */
static int zgc_nl_subnet_parse(struct genl_info *info, struct nlattr **tb,
			       bool add)
{
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr *nest = info->attrs[ZGC_A_SUBNET];
	int err;

	if (!nest) {
		NL_SET_ERR_MSG(extack, "ZGC_A_SUBNET is missing");
		return -EINVAL;
	}
	err = nla_parse_nested(tb, ZGC_SUBNET_A_MAX, nest, zgc_subnet_policy,
			       extack);
	if (err)
		return err;
	if (!tb[ZGC_SUBNET_A_VNI]) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "ZGC_SUBNET_A_VNI is missing");
		return -EINVAL;
	}
	if (add && !tb[ZGC_SUBNET_A_PREFIXLEN]) {
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "ZGC_SUBNET_A_PREFIXLEN is missing");
		return -EINVAL;
	}
	if (add && !tb[ZGC_SUBNET_A_MAC]) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "ZGC_SUBNET_A_MAC is missing");
		return -EINVAL;
	}
	if (!add && (tb[ZGC_SUBNET_A_PREFIXLEN] || tb[ZGC_SUBNET_A_MAC])) {
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "a subnet is deleted by its VNI and gateway only");
		return -EINVAL;
	}
	return 0;
}

static int zgc_nl_subnet_change(struct sk_buff *skb, struct genl_info *info,
				bool add)
{
	struct nlattr *tb[ZGC_SUBNET_A_MAX + 1];
	struct in6_addr gw;
	struct zgc_dev *zd;
	u8 plen = 0;
	u32 vni;
	int err;

	err = zgc_nl_subnet_parse(info, tb, add);
	if (err)
		return err;
	err = zgc_nl_get_addr(tb, ZGC_SUBNET_A_GW4, ZGC_SUBNET_A_GW6,
			      info->attrs[ZGC_A_SUBNET], &gw, info->extack);
	if (err)
		return err;
	vni = nla_get_u32(tb[ZGC_SUBNET_A_VNI]);
	if (add) {
		plen = nla_get_u8(tb[ZGC_SUBNET_A_PREFIXLEN]);
		if (ipv6_addr_v4mapped(&gw)) {
			if (plen > 30) {
				NL_SET_ERR_MSG_ATTR(info->extack,
						    tb[ZGC_SUBNET_A_PREFIXLEN],
						    "an IPv4 subnet's prefix length is 1 to 30");
				return -ERANGE;
			}
			plen += 96;
		}
	}

	rtnl_lock();
	zd = zgc_nl_dev_lookup(genl_info_net(info), info->attrs, info->extack);
	if (IS_ERR(zd))
		err = PTR_ERR(zd);
	else if (add)
		err = zgc_subnet_add(zd, vni, &gw, plen,
				     nla_data(tb[ZGC_SUBNET_A_MAC]),
				     info->extack);
	else
		err = zgc_subnet_del(zd, vni, &gw, info->extack);
	if (!err)
		zgc_nl_config_event(zd, info, NULL);
	rtnl_unlock();
	return err;
}

static int zgc_nl_subnet_add_doit(struct sk_buff *skb, struct genl_info *info)
{
	return zgc_nl_subnet_change(skb, info, true);
}

static int zgc_nl_subnet_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	return zgc_nl_subnet_change(skb, info, false);
}

static int zgc_nl_subnet_fill(struct sk_buff *skb, const struct zgc_dev *zd,
			      u32 vni, const struct zgc_subnet *sn,
			      struct netlink_callback *cb)
{
	struct zgc_nl_obj o;

	if (zgc_nl_obj_begin(&o, skb, cb, zd, ZGC_CMD_SUBNET_GET,
			     ZGC_A_SUBNET))
		return -EMSGSIZE;
	return zgc_nl_obj_end(&o, skb,
			      nla_put_u32(skb, ZGC_SUBNET_A_VNI, vni) ||
			      zgc_nl_put_addr(skb, ZGC_SUBNET_A_GW4,
					      ZGC_SUBNET_A_GW6, &sn->gw) ||
			      nla_put_u8(skb, ZGC_SUBNET_A_PREFIXLEN,
					 zgc_subnet_prefixlen(sn)) ||
			      nla_put(skb, ZGC_SUBNET_A_MAC, ETH_ALEN, sn->mac));
}

/* cb->args[0]: how many subnets of the device were already sent. */
static int zgc_nl_subnet_get_dumpit(struct sk_buff *skb,
				    struct netlink_callback *cb)
{
	const struct zgc_subnet *sn;
	const struct zgc_tenant *t;
	unsigned long i = 0;
	struct zgc_dev *zd;
	int bkt, err = 0;

	zd = zgc_nl_dump_lock(skb, cb, ZGC_A_SUBNET);
	if (IS_ERR(zd))
		return PTR_ERR(zd);
	hash_for_each(zd->tenants, bkt, t, node) {
		list_for_each_entry(sn, &t->subnets, list) {
			if (i++ < cb->args[0])
				continue;
			err = zgc_nl_subnet_fill(skb, zd, t->vni, sn, cb);
			if (err) {
				i--;
				goto out;
			}
			nl_dump_check_consistent(cb, nlmsg_hdr(skb));
		}
	}
out:
	rtnl_unlock();
	cb->args[0] = i;
	if (err && !skb->len)
		return err;
	return skb->len;
}

/* One ZGC_A_ENDPOINT of an ADD (@add) or DEL batch. Context: RTNL. */
static int zgc_nl_endpoint_one(struct zgc_dev *zd, struct nlattr *nest,
			       bool add, struct netlink_ext_ack *extack)
{
	struct nlattr *tb[ZGC_ENDPOINT_A_MAX + 1];
	struct in6_addr ip;
	int err;

	err = nla_parse_nested(tb, ZGC_ENDPOINT_A_MAX, nest,
			       zgc_endpoint_policy, extack);
	if (err)
		return err;
	if (!tb[ZGC_ENDPOINT_A_VNI]) {
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "an endpoint needs ZGC_ENDPOINT_A_VNI");
		return -EINVAL;
	}
	err = zgc_nl_get_addr(tb, ZGC_ENDPOINT_A_IP4, ZGC_ENDPOINT_A_IP6, nest,
			      &ip, extack);
	if (err)
		return err;
	if (add && (!tb[ZGC_ENDPOINT_A_MAC] || !tb[ZGC_ENDPOINT_A_HOST4])) {
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "a new endpoint needs ZGC_ENDPOINT_A_MAC and ZGC_ENDPOINT_A_HOST4");
		return -EINVAL;
	}
	if (!add && (tb[ZGC_ENDPOINT_A_MAC] || tb[ZGC_ENDPOINT_A_HOST4])) {
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "an endpoint is deleted by its VNI and address only");
		return -EINVAL;
	}
	if (add)
		err = zgc_endpoint_add(zd, nla_get_u32(tb[ZGC_ENDPOINT_A_VNI]),
				       &ip, nla_data(tb[ZGC_ENDPOINT_A_MAC]),
				       nla_get_in_addr(tb[ZGC_ENDPOINT_A_HOST4]),
				       extack);
	else
		err = zgc_endpoint_del(zd, nla_get_u32(tb[ZGC_ENDPOINT_A_VNI]),
				       &ip, extack);
	/* Point at the endpoint of the batch that failed. */
	if (err && extack && !extack->bad_attr)
		extack->bad_attr = nest;
	return err;
}

static int zgc_nl_endpoint_add_doit(struct sk_buff *skb,
				    struct genl_info *info)
{
	return zgc_nl_batch(info, ZGC_A_ENDPOINT, zgc_nl_endpoint_one, true,
			    NULL);
}

static int zgc_nl_endpoint_del_doit(struct sk_buff *skb,
				    struct genl_info *info)
{
	return zgc_nl_batch(info, ZGC_A_ENDPOINT, zgc_nl_endpoint_one, false,
			    NULL);
}

/* The dump's filter (zgc_nl_endpoint_get_dumpit()): in cb->args. */
#define ZGC_NL_EP_HAS_VNI 3
#define ZGC_NL_EP_VNI 4

static int zgc_nl_endpoint_fill(struct sk_buff *skb, const struct zgc_dev *zd,
				const struct zgc_endpoint *ep,
				struct netlink_callback *cb)
{
	struct zgc_nl_obj o;

	if (cb->args[ZGC_NL_EP_HAS_VNI] &&
	    ep->key.vni != cb->args[ZGC_NL_EP_VNI])
		return 0;

	if (zgc_nl_obj_begin(&o, skb, cb, zd, ZGC_CMD_ENDPOINT_GET,
			     ZGC_A_ENDPOINT))
		return -EMSGSIZE;
	return zgc_nl_obj_end(&o, skb,
			      nla_put_u32(skb, ZGC_ENDPOINT_A_VNI, ep->key.vni) ||
			      zgc_nl_put_addr(skb, ZGC_ENDPOINT_A_IP4,
					      ZGC_ENDPOINT_A_IP6, &ep->key.ip) ||
			      nla_put(skb, ZGC_ENDPOINT_A_MAC, ETH_ALEN, ep->mac) ||
			      nla_put_in_addr(skb, ZGC_ENDPOINT_A_HOST4, ep->host));
}

/*
 * A dump's ZGC_A_ENDPOINT: only ZGC_ENDPOINT_A_VNI, the tenant whose
 * endpoints it lists. Return: 0 or -EINVAL.
 */
static int zgc_nl_endpoint_filter(struct netlink_callback *cb,
				  const struct nlattr *nest)
{
	struct nlattr *tb[ZGC_ENDPOINT_A_MAX + 1];
	int err, i;

	err = nla_parse_nested(tb, ZGC_ENDPOINT_A_MAX, nest,
			       zgc_endpoint_policy, cb->extack);
	if (err)
		return err;
	for (i = ZGC_ENDPOINT_A_VNI + 1; i <= ZGC_ENDPOINT_A_MAX; i++) {
		if (tb[i]) {
			NL_SET_ERR_MSG_ATTR(cb->extack, tb[i],
					    "a dump of endpoints is filtered by ZGC_ENDPOINT_A_VNI only");
			return -EINVAL;
		}
	}
	if (!tb[ZGC_ENDPOINT_A_VNI]) {
		NL_SET_ERR_MSG_ATTR(cb->extack, nest,
				    "a dump's ZGC_A_ENDPOINT holds ZGC_ENDPOINT_A_VNI");
		return -EINVAL;
	}
	cb->args[ZGC_NL_EP_HAS_VNI] = 1;
	cb->args[ZGC_NL_EP_VNI] = nla_get_u32(tb[ZGC_ENDPOINT_A_VNI]);
	return 0;
}

/*
 * The endpoints, whole hash buckets at a time (zgc_endpoints_dump()),
 * or those of one tenant.
 */
static int zgc_nl_endpoint_get_dumpit(struct sk_buff *skb,
				      struct netlink_callback *cb)
{
	struct nlattr *filter = zgc_compat_dump_attrs(cb)[ZGC_A_ENDPOINT];
	struct zgc_dev *zd;
	int ret;

	/* Once, at the dump's start. */
	if (filter && !cb->args[ZGC_NL_EP_HAS_VNI]) {
		ret = zgc_nl_endpoint_filter(cb, filter);
		if (ret)
			return ret;
	}
	zd = zgc_nl_dump_lock(skb, cb, ZGC_A_UNSPEC);
	if (IS_ERR(zd))
		return PTR_ERR(zd);
	ret = zgc_endpoints_dump(skb, cb, zd, zgc_nl_endpoint_fill);
	rtnl_unlock();
	return ret;
}

static const struct genl_ops zgc_genl_ops[] = {
	{
		.cmd = ZGC_CMD_DEV_GET,
		.doit = zgc_nl_dev_get_doit,
		.dumpit = zgc_nl_dev_get_dumpit,
		.policy = zgc_dev_get_policy,
		.maxattr = ZGC_A_MAX,
	},
	{
		.cmd = ZGC_CMD_DEV_SET,
		.doit = zgc_nl_dev_set_doit,
		.policy = zgc_dev_set_policy,
		.maxattr = ZGC_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = ZGC_CMD_SUBNET_ADD,
		.doit = zgc_nl_subnet_add_doit,
		.policy = zgc_subnet_cmd_policy,
		.maxattr = ZGC_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = ZGC_CMD_SUBNET_DEL,
		.doit = zgc_nl_subnet_del_doit,
		.policy = zgc_subnet_cmd_policy,
		.maxattr = ZGC_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = ZGC_CMD_SUBNET_GET,
		.dumpit = zgc_nl_subnet_get_dumpit,
		.policy = zgc_subnet_cmd_policy,
		.maxattr = ZGC_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = ZGC_CMD_ENDPOINT_ADD,
		.doit = zgc_nl_endpoint_add_doit,
		.policy = zgc_endpoint_cmd_policy,
		.maxattr = ZGC_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = ZGC_CMD_ENDPOINT_DEL,
		.doit = zgc_nl_endpoint_del_doit,
		.policy = zgc_endpoint_cmd_policy,
		.maxattr = ZGC_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = ZGC_CMD_ENDPOINT_GET,
		.dumpit = zgc_nl_endpoint_get_dumpit,
		.policy = zgc_endpoint_cmd_policy,
		.maxattr = ZGC_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = ZGC_CMD_FLOW_GET,
		.dumpit = zgc_nl_flow_get_dumpit,
		.policy = zgc_flow_cmd_policy,
		.maxattr = ZGC_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = ZGC_CMD_FLOW_FLUSH,
		.doit = zgc_nl_flow_flush_doit,
		.policy = zgc_flow_cmd_policy,
		.maxattr = ZGC_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = ZGC_CMD_ACL_ADD,
		.doit = zgc_nl_acl_add_doit,
		.policy = zgc_acl_cmd_policy,
		.maxattr = ZGC_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = ZGC_CMD_ACL_DEL,
		.doit = zgc_nl_acl_del_doit,
		.policy = zgc_acl_cmd_policy,
		.maxattr = ZGC_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = ZGC_CMD_ACL_GET,
		.dumpit = zgc_nl_acl_get_dumpit,
		.policy = zgc_acl_cmd_policy,
		.maxattr = ZGC_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = ZGC_CMD_CLUSTER_SET,
		.doit = zgc_nl_cluster_set_doit,
		.policy = zgc_cluster_cmd_policy,
		.maxattr = ZGC_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = ZGC_CMD_CLUSTER_GET,
		.doit = zgc_nl_cluster_get_doit,
		.policy = zgc_cluster_cmd_policy,
		.maxattr = ZGC_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = ZGC_CMD_DFT_GET,
		.dumpit = zgc_nl_dft_get_dumpit,
		.policy = zgc_flow_cmd_policy,
		.maxattr = ZGC_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = ZGC_CMD_CLUSTER_DRAIN,
		.doit = zgc_nl_cluster_drain_doit,
		.policy = zgc_drain_cmd_policy,
		.maxattr = ZGC_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = ZGC_CMD_TENANT_SET,
		.doit = zgc_nl_tenant_set_doit,
		.policy = zgc_tenant_cmd_policy,
		.maxattr = ZGC_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = ZGC_CMD_TENANT_GET,
		.dumpit = zgc_nl_tenant_get_dumpit,
		.policy = zgc_tenant_cmd_policy,
		.maxattr = ZGC_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = ZGC_CMD_SERVICE_ADD,
		.doit = zgc_nl_service_add_doit,
		.policy = zgc_service_cmd_policy,
		.maxattr = ZGC_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = ZGC_CMD_SERVICE_SET,
		.doit = zgc_nl_service_set_doit,
		.policy = zgc_service_cmd_policy,
		.maxattr = ZGC_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = ZGC_CMD_SERVICE_DEL,
		.doit = zgc_nl_service_del_doit,
		.policy = zgc_service_cmd_policy,
		.maxattr = ZGC_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = ZGC_CMD_SERVICE_GET,
		.dumpit = zgc_nl_service_get_dumpit,
		.policy = zgc_service_cmd_policy,
		.maxattr = ZGC_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = ZGC_CMD_HOST_SET,
		.doit = zgc_nl_host_set_doit,
		.policy = zgc_host_cmd_policy,
		.maxattr = ZGC_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = ZGC_CMD_HOST_GET,
		.dumpit = zgc_nl_host_get_dumpit,
		.policy = zgc_host_cmd_policy,
		.maxattr = ZGC_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
};

static const struct genl_multicast_group zgc_genl_mcgrps[] = {
	[ZGC_NL_MCGRP_CLUSTER] = {
		.name = ZGC_GENL_MCGRP_CLUSTER,
		/* The nodes' addresses and states, as CLUSTER_GET. */
		.flags = GENL_MCAST_CAP_NET_ADMIN,
	},
	[ZGC_NL_MCGRP_CONFIG] = {
		.name = ZGC_GENL_MCGRP_CONFIG,
		/* The tenants' addresses, as their GETs. */
		.flags = GENL_MCAST_CAP_NET_ADMIN,
	},
};

struct genl_family zgc_genl_family __ro_after_init = {
	.name = ZGC_GENL_NAME,
	.version = ZGC_GENL_VERSION,
	.netnsok = true,
	.parallel_ops = true,
	.ops = zgc_genl_ops,
	.n_ops = ARRAY_SIZE(zgc_genl_ops),
	.mcgrps = zgc_genl_mcgrps,
	.n_mcgrps = ARRAY_SIZE(zgc_genl_mcgrps),
	.module = THIS_MODULE,
};

int __init zgc_genl_init(void)
{
	return genl_register_family(&zgc_genl_family);
}

void zgc_genl_uninit(void)
{
	genl_unregister_family(&zgc_genl_family);
}

MODULE_ALIAS_GENL_FAMILY(ZGC_GENL_NAME);
