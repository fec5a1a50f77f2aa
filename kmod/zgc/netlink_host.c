// SPDX-License-Identifier: GPL-2.0
/*
 * The host commands of the Generic Netlink family: ZGC_CMD_HOST_SET and
 * _GET, compute hosts declared down. uapi/linux/zgc.h documents them.
 */

#include <linux/inetdevice.h>
#include <net/genetlink.h>
#include <net/rtnetlink.h>

#include "device.h"
#include "host.h"
#include "netlink.h"

static const struct nla_policy zgc_host_policy[ZGC_HOST_A_MAX + 1] = {
	[ZGC_HOST_A_ADDR4] = { .type = NLA_BE32 },
	[ZGC_HOST_A_DOWN] = NLA_POLICY_MAX(NLA_U8, 1),
};

const struct nla_policy zgc_host_cmd_policy[ZGC_A_MAX + 1] = {
	[ZGC_A_IFINDEX] = { .type = NLA_U32 },
	[ZGC_A_IFNAME] = { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
	[ZGC_A_HOST] = NLA_POLICY_NESTED(zgc_host_policy),
};

int zgc_nl_host_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[ZGC_HOST_A_MAX + 1];
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr *nest = info->attrs[ZGC_A_HOST];
	struct zgc_dev *zd;
	__be32 addr;
	int err;

	if (!nest) {
		NL_SET_ERR_ATTR_MISS(extack, NULL, ZGC_A_HOST);
		NL_SET_ERR_MSG(extack, "the request needs ZGC_A_HOST");
		return -EINVAL;
	}
	err = nla_parse_nested(tb, ZGC_HOST_A_MAX, nest, zgc_host_policy,
			       extack);
	if (err)
		return err;
	if (!tb[ZGC_HOST_A_ADDR4] || !tb[ZGC_HOST_A_DOWN]) {
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "a host needs ZGC_HOST_A_ADDR4 and ZGC_HOST_A_DOWN");
		return -EINVAL;
	}
	addr = nla_get_in_addr(tb[ZGC_HOST_A_ADDR4]);
	if (ipv4_is_multicast(addr) || ipv4_is_lbcast(addr) ||
	    ipv4_is_zeronet(addr) || ipv4_is_loopback(addr)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[ZGC_HOST_A_ADDR4],
				    "a host has a unicast underlay address");
		return -EINVAL;
	}
	rtnl_lock();
	zd = zgc_nl_dev_lookup(genl_info_net(info), info->attrs, extack);
	if (IS_ERR(zd))
		err = PTR_ERR(zd);
	else
		err = zgc_host_set(zd, addr, nla_get_u8(tb[ZGC_HOST_A_DOWN]),
				   extack);
	if (!err)
		zgc_nl_config_event(zd, info, NULL);
	rtnl_unlock();
	return err;
}

static int zgc_nl_host_fill(struct sk_buff *skb, const struct zgc_dev *zd,
			    __be32 addr, struct netlink_callback *cb)
{
	struct zgc_nl_obj o;

	if (zgc_nl_obj_begin(&o, skb, cb, zd, ZGC_CMD_HOST_GET, ZGC_A_HOST))
		return -EMSGSIZE;
	return zgc_nl_obj_end(&o, skb,
			      nla_put_in_addr(skb, ZGC_HOST_A_ADDR4, addr) ||
			      nla_put_u8(skb, ZGC_HOST_A_DOWN, 1));
}

int zgc_nl_host_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct zgc_dev *zd;
	int ret;

	zd = zgc_nl_dump_lock(skb, cb, ZGC_A_HOST);
	if (IS_ERR(zd))
		return PTR_ERR(zd);
	ret = zgc_hosts_dump(skb, cb, zd, zgc_nl_host_fill);
	rtnl_unlock();
	return ret;
}
