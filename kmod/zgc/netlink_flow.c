// SPDX-License-Identifier: GPL-2.0
/*
 * The flow tables' Generic Netlink commands: ZGC_CMD_FLOW_GET (dump) and
 * ZGC_CMD_FLOW_FLUSH for the flow cache, ZGC_CMD_DFT_GET (dump) for the
 * DFT entries. uapi/linux/zgc.h documents them.
 */

#include <linux/jiffies.h>
#include <net/genetlink.h>
#include <net/ipv6.h>
#include <net/rtnetlink.h>
#include <net/sock.h>

#include "compat.h"
#include "device.h"
#include "dft.h"
#include "flow.h"
#include "netlink.h"
#include "tenant.h"

/* Not const: 6.1's nla_policy points at a mutable one. */
static struct netlink_range_validation zgc_flow_vni_range = {
	.max = ZGC_VNI_MAX,
};

/* A request selects flows by VNI and by chain. */
static const struct nla_policy zgc_flow_policy[ZGC_FLOW_A_MAX + 1] = {
	[ZGC_FLOW_A_VNI] = NLA_POLICY_FULL_RANGE(NLA_U32, &zgc_flow_vni_range),
	[ZGC_FLOW_A_CHAIN] = NLA_POLICY_MIN(NLA_U32, 1),
};

const struct nla_policy zgc_flow_cmd_policy[ZGC_A_MAX + 1] = {
	[ZGC_A_IFINDEX] = { .type = NLA_U32 },
	[ZGC_A_IFNAME] = { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
	[ZGC_A_FLOW] = NLA_POLICY_NESTED(zgc_flow_policy),
};

/* The flows a request's optional ZGC_A_FLOW selects (all without it). */
static int zgc_nl_flow_selector(struct nlattr **attrs,
				struct zgc_flow_sel *sel,
				struct netlink_ext_ack *extack)
{
	struct nlattr *tb[ZGC_FLOW_A_MAX + 1];
	int err;

	if (!attrs[ZGC_A_FLOW])
		return 0;
	err = nla_parse_nested(tb, ZGC_FLOW_A_MAX, attrs[ZGC_A_FLOW],
			       zgc_flow_policy, extack);
	if (err)
		return err;
	if (!tb[ZGC_FLOW_A_VNI] && !tb[ZGC_FLOW_A_CHAIN]) {
		NL_SET_ERR_MSG_ATTR(extack, attrs[ZGC_A_FLOW],
				    "flows are selected by ZGC_FLOW_A_VNI or ZGC_FLOW_A_CHAIN; neither is there");
		return -EINVAL;
	}
	if (tb[ZGC_FLOW_A_VNI]) {
		sel->vni = nla_get_u32(tb[ZGC_FLOW_A_VNI]);
		sel->by_vni = true;
	}
	if (tb[ZGC_FLOW_A_CHAIN])
		sel->chain = nla_get_u32(tb[ZGC_FLOW_A_CHAIN]);
	return 0;
}

int zgc_nl_flow_flush_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct zgc_flow_sel sel = {};
	struct zgc_dev *zd;
	int err;

	err = zgc_nl_flow_selector(info->attrs, &sel, info->extack);
	if (err)
		return err;
	rtnl_lock();
	zd = zgc_nl_dev_lookup(genl_info_net(info), info->attrs, info->extack);
	if (!IS_ERR(zd)) {
		zgc_flow_flush(&zd->flows, &sel);
		zgc_nl_config_event(zd, info, NULL);
	}
	rtnl_unlock();
	return PTR_ERR_OR_ZERO(zd);
}

static int zgc_nl_flow_put(struct sk_buff *skb, struct netlink_callback *cb,
			   const struct zgc_dev *zd, const struct zgc_flow *f,
			   u8 cmd)
{
	const struct zgc_flow_key *k = &f->key;
	bool fwd = f->v.action == ZGC_FLOW_FORWARD;
	u32 flags = f->v.flags;
	struct zgc_nl_obj o;

	if (READ_ONCE(f->closing))
		flags |= ZGC_FLOW_F_CLOSING;
	/* The tenant outlives its flows (zgc_flow_flush()). */
	if (f->gen != READ_ONCE(f->tenant->gen) || READ_ONCE(f->unsynced))
		flags |= ZGC_FLOW_F_STALE;
	if (cmd == ZGC_CMD_DFT_GET && dft_entry_moved(zd, f))
		flags |= ZGC_FLOW_F_MOVED;
	if (zgc_nl_obj_begin(&o, skb, cb, zd, cmd, ZGC_A_FLOW))
		return -EMSGSIZE;
	return zgc_nl_obj_end(&o, skb,
			      nla_put_u32(skb, ZGC_FLOW_A_VNI, k->vni) ||
			      nla_put_u8(skb, ZGC_FLOW_A_PROTO, k->proto) ||
			      zgc_nl_put_addr(skb, ZGC_FLOW_A_SRC4,
					      ZGC_FLOW_A_SRC6, &k->saddr) ||
			      zgc_nl_put_addr(skb, ZGC_FLOW_A_DST4,
					      ZGC_FLOW_A_DST6, &k->daddr) ||
			      nla_put_be16(skb, ZGC_FLOW_A_SPORT, k->sport) ||
			      nla_put_be16(skb, ZGC_FLOW_A_DPORT, k->dport) ||
			      nla_put_u8(skb, ZGC_FLOW_A_ACTION, f->v.action) ||
			      nla_put_u32(skb, ZGC_FLOW_A_FLAGS, flags) ||
			      nla_put_u32(skb, ZGC_FLOW_A_IDLE_MS,
					  jiffies_to_msecs((u32)jiffies -
							   READ_ONCE(f->used))) ||
			      (fwd && nla_put_in_addr(skb, ZGC_FLOW_A_HOST4,
						      f->v.host)) ||
			      (fwd && nla_put(skb, ZGC_FLOW_A_MAC, ETH_ALEN,
					      f->v.dmac)) ||
			      nla_put_u32(skb, ZGC_FLOW_A_CONFIG_VERSION,
					  f->v.config) ||
			      ((flags & (ZGC_FLOW_F_DNAT | ZGC_FLOW_F_SNAT)) &&
			       (zgc_nl_put_addr(skb, ZGC_FLOW_A_NAT4,
						ZGC_FLOW_A_NAT6, &f->v.nat) ||
				nla_put_be16(skb, ZGC_FLOW_A_NAT_PORT,
					     f->v.nat_port))) ||
			      (f->chain &&
			       (nla_put_u32(skb, ZGC_FLOW_A_CHAIN, f->chain) ||
				nla_put_u64_64bit(skb, ZGC_FLOW_A_VERSION,
						  f->version, ZGC_FLOW_A_PAD))));
}

static int zgc_nl_flow_fill(struct sk_buff *skb, struct netlink_callback *cb,
			    const struct zgc_dev *zd, const struct zgc_flow *f)
{
	return zgc_nl_flow_put(skb, cb, zd, f, ZGC_CMD_FLOW_GET);
}

static int zgc_nl_dft_fill(struct sk_buff *skb, struct netlink_callback *cb,
			   const struct zgc_dev *zd, const struct zgc_flow *f)
{
	return zgc_nl_flow_put(skb, cb, zd, f, ZGC_CMD_DFT_GET);
}

/* cb->args[0..2]: zgc_flow_dump()'s cursor. */
static int zgc_nl_flows_dump(struct sk_buff *skb, struct netlink_callback *cb,
			     bool dft)
{
	struct nlattr **attrs = zgc_compat_dump_attrs(cb);
	struct zgc_flow_sel sel = {};
	struct zgc_dev *zd;
	int ret;

	ret = zgc_nl_flow_selector(attrs, &sel, cb->extack);
	if (ret)
		return ret;
	rtnl_lock();
	zd = zgc_nl_dev_lookup(sock_net(skb->sk), attrs, cb->extack);
	if (IS_ERR(zd))
		ret = PTR_ERR(zd);
	else
		ret = zgc_flow_dump(skb, cb, dft ? &zd->dft : &zd->flows, &sel,
				    dft ? zgc_nl_dft_fill : zgc_nl_flow_fill);
	rtnl_unlock();
	return ret;
}

int zgc_nl_flow_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	return zgc_nl_flows_dump(skb, cb, false);
}

int zgc_nl_dft_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	return zgc_nl_flows_dump(skb, cb, true);
}
