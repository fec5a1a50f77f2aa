// SPDX-License-Identifier: GPL-2.0
/*
 * The tenant commands of the Generic Netlink family: ZGC_CMD_TENANT_SET
 * and _GET, a tenant's settings: the sources it takes, its new-flow rate. uapi/linux/zgc.h documents them.
 */

#include <net/genetlink.h>
#include <net/rtnetlink.h>
#include <net/sock.h>

#include "compat.h"
#include "device.h"
#include "netlink.h"
#include "tenant.h"

/* Not const: 6.1's nla_policy points at a mutable one. */
static struct netlink_range_validation zgc_tenant_vni_range = {
	.max = ZGC_VNI_MAX,
};

static const struct nla_policy zgc_tenant_policy[ZGC_TENANT_A_MAX + 1] = {
	[ZGC_TENANT_A_VNI] = NLA_POLICY_FULL_RANGE(NLA_U32,
						   &zgc_tenant_vni_range),
	[ZGC_TENANT_A_ANY_SOURCE] = NLA_POLICY_MAX(NLA_U8, 1),
	[ZGC_TENANT_A_FLOW_RATE] = { .type = NLA_U32 },
	[ZGC_TENANT_A_CONFIG_VERSION] = { .type = NLA_U32 },
};

const struct nla_policy zgc_tenant_cmd_policy[ZGC_A_MAX + 1] = {
	[ZGC_A_IFINDEX] = { .type = NLA_U32 },
	[ZGC_A_IFNAME] = { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
	[ZGC_A_TENANT] = NLA_POLICY_NESTED(zgc_tenant_policy),
};

int zgc_nl_tenant_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[ZGC_TENANT_A_MAX + 1];
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr *nest = info->attrs[ZGC_A_TENANT];
	struct zgc_tenant *t;
	struct zgc_dev *zd;
	int err;

	if (!nest) {
		NL_SET_ERR_ATTR_MISS(extack, NULL, ZGC_A_TENANT);
		NL_SET_ERR_MSG(extack, "the request needs ZGC_A_TENANT");
		return -EINVAL;
	}
	err = nla_parse_nested(tb, ZGC_TENANT_A_MAX, nest, zgc_tenant_policy,
			       extack);
	if (err)
		return err;
	if (!tb[ZGC_TENANT_A_VNI]) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "ZGC_TENANT_A_VNI is missing");
		return -EINVAL;
	}
	rtnl_lock();
	zd = zgc_nl_dev_lookup(genl_info_net(info), info->attrs, extack);
	if (IS_ERR(zd)) {
		err = PTR_ERR(zd);
		goto out;
	}
	t = zgc_tenant_lookup(zd, nla_get_u32(tb[ZGC_TENANT_A_VNI]));
	if (!t) {
		NL_SET_ERR_MSG_ATTR(extack, tb[ZGC_TENANT_A_VNI],
				    "no tenant with this VNI: add a subnet first");
		err = -ENOENT;
		goto out;
	}
	if (tb[ZGC_TENANT_A_ANY_SOURCE])
		WRITE_ONCE(t->any_source,
			   nla_get_u8(tb[ZGC_TENANT_A_ANY_SOURCE]));
	if (tb[ZGC_TENANT_A_FLOW_RATE])
		zgc_tenant_set_flow_rate(t,
					 nla_get_u32(tb[ZGC_TENANT_A_FLOW_RATE]));
	if (tb[ZGC_TENANT_A_CONFIG_VERSION]) {
		WRITE_ONCE(t->config_version,
			   nla_get_u32(tb[ZGC_TENANT_A_CONFIG_VERSION]));
		/* The verdicts cached here carry the version before. */
		zgc_tenant_changed(t);
	}
	zd->tenant_gen++;
	zgc_nl_config_event(zd, info, NULL);
out:
	rtnl_unlock();
	return err;
}

static int zgc_nl_tenant_fill(struct sk_buff *skb, const struct zgc_dev *zd,
			      const struct zgc_tenant *t,
			      struct netlink_callback *cb)
{
	struct zgc_nl_obj o;

	if (zgc_nl_obj_begin(&o, skb, cb, zd, ZGC_CMD_TENANT_GET,
			     ZGC_A_TENANT))
		return -EMSGSIZE;
	return zgc_nl_obj_end(&o, skb,
			      nla_put_u32(skb, ZGC_TENANT_A_VNI, t->vni) ||
			      nla_put_u8(skb, ZGC_TENANT_A_ANY_SOURCE,
					 t->any_source) ||
			      nla_put_u32(skb, ZGC_TENANT_A_FLOW_RATE,
					  t->flow_rate) ||
			      nla_put_u32(skb, ZGC_TENANT_A_CONFIG_VERSION,
					  t->config_version));
}

/* cb->args[0]: how many tenants were already sent. */
int zgc_nl_tenant_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	const struct zgc_tenant *t;
	unsigned long sent = 0;
	struct zgc_dev *zd;
	int bkt, err = 0;

	zd = zgc_nl_dump_lock(skb, cb, ZGC_A_TENANT);
	if (IS_ERR(zd))
		return PTR_ERR(zd);
	hash_for_each(zd->tenants, bkt, t, node) {
		if (sent++ < cb->args[0])
			continue;
		err = zgc_nl_tenant_fill(skb, zd, t, cb);
		if (err) {
			sent--;
			break;
		}
		nl_dump_check_consistent(cb, nlmsg_hdr(skb));
	}
	rtnl_unlock();
	cb->args[0] = sent;
	if (err && !skb->len)
		return err;
	return skb->len;
}
