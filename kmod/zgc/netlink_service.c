// SPDX-License-Identifier: GPL-2.0
/*
 * The service commands of the Generic Netlink family: ZGC_CMD_SERVICE_ADD,
 * _SET, _DEL and _GET, a tenant's VIPs and their backends.
 * uapi/linux/zgc.h documents them.
 */

#include <linux/in.h>
#include <net/genetlink.h>
#include <net/ipv6.h>
#include <net/rtnetlink.h>

#include "device.h"
#include "endpoint.h"
#include "netlink.h"
#include "service.h"

/* Not const: 6.1's nla_policy points at a mutable one. */
static struct netlink_range_validation zgc_service_vni_range = {
	.max = ZGC_VNI_MAX,
};

static const struct nla_policy zgc_backend_policy[ZGC_BACKEND_A_MAX + 1] = {
	[ZGC_BACKEND_A_IP4] = { .type = NLA_BE32 },
	[ZGC_BACKEND_A_IP6] = NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[ZGC_BACKEND_A_PORT] = NLA_POLICY_MIN(NLA_U16, 1),
	[ZGC_BACKEND_A_WEIGHT] = NLA_POLICY_RANGE(NLA_U16, 1,
						  ZGC_BACKEND_WEIGHT_MAX),
	[ZGC_BACKEND_A_DOWN] = { .type = NLA_FLAG },
	[ZGC_BACKEND_A_FLOWS] = { .type = NLA_REJECT },
	[ZGC_BACKEND_A_PACKETS] = { .type = NLA_REJECT },
	[ZGC_BACKEND_A_REPLIES] = { .type = NLA_REJECT },
	[ZGC_BACKEND_A_PAD] = { .type = NLA_REJECT },
};

static const struct nla_policy zgc_service_policy[ZGC_SERVICE_A_MAX + 1] = {
	[ZGC_SERVICE_A_VNI] = NLA_POLICY_FULL_RANGE(NLA_U32,
						    &zgc_service_vni_range),
	[ZGC_SERVICE_A_VIP4] = { .type = NLA_BE32 },
	[ZGC_SERVICE_A_VIP6] = NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[ZGC_SERVICE_A_PORT] = NLA_POLICY_MIN(NLA_U16, 1),
	[ZGC_SERVICE_A_PROTO] = { .type = NLA_U8 },
	[ZGC_SERVICE_A_BACKEND] = NLA_POLICY_NESTED(zgc_backend_policy),
	[ZGC_SERVICE_A_PUBLIC] = { .type = NLA_FLAG },
};

const struct nla_policy zgc_service_cmd_policy[ZGC_A_MAX + 1] = {
	[ZGC_A_IFINDEX] = { .type = NLA_U32 },
	[ZGC_A_IFNAME] = { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
	[ZGC_A_SERVICE] = NLA_POLICY_NESTED(zgc_service_policy),
};

/* Whether @a can be a VIP: unicast, not loopback or unspecified. */
static bool zgc_nl_service_vip_valid(const struct in6_addr *a)
{
	__be32 a4;

	if (ipv6_addr_v4mapped(a)) {
		a4 = a->s6_addr32[3];
		return !ipv4_is_multicast(a4) && !ipv4_is_lbcast(a4) &&
		       !ipv4_is_zeronet(a4) && !ipv4_is_loopback(a4);
	}
	return !(ipv6_addr_type(a) & (IPV6_ADDR_MULTICAST | IPV6_ADDR_LOOPBACK |
				      IPV6_ADDR_ANY));
}

/* The service's key from its nest's attributes @tb. */
static int zgc_nl_service_key(struct nlattr **tb, struct nlattr *nest,
			      struct zgc_service_key *key,
			      struct netlink_ext_ack *extack)
{
	u8 proto;
	int err;

	memset(key, 0, sizeof(*key));
	if (!tb[ZGC_SERVICE_A_VNI] || !tb[ZGC_SERVICE_A_PORT] ||
	    !tb[ZGC_SERVICE_A_PROTO]) {
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "a service needs ZGC_SERVICE_A_VNI, _PORT and _PROTO");
		return -EINVAL;
	}
	err = zgc_nl_get_addr(tb, ZGC_SERVICE_A_VIP4, ZGC_SERVICE_A_VIP6, nest,
			      &key->vip, extack);
	if (err)
		return err;
	if (!zgc_nl_service_vip_valid(&key->vip)) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "the VIP must be a unicast address");
		return -EINVAL;
	}
	proto = nla_get_u8(tb[ZGC_SERVICE_A_PROTO]);
	if (proto != IPPROTO_TCP && proto != IPPROTO_UDP) {
		NL_SET_ERR_MSG_ATTR(extack, tb[ZGC_SERVICE_A_PROTO],
				    "a service is TCP or UDP");
		return -EINVAL;
	}
	key->vni = nla_get_u32(tb[ZGC_SERVICE_A_VNI]);
	key->port = htons(nla_get_u16(tb[ZGC_SERVICE_A_PORT]));
	key->proto = proto;
	return 0;
}

/* A request's ZGC_A_SERVICE: its attributes @tb and the service's key. */
static int zgc_nl_service_parse(struct genl_info *info, struct nlattr **tb,
				struct zgc_service_key *key)
{
	struct nlattr *nest = info->attrs[ZGC_A_SERVICE];
	int err;

	if (!nest) {
		NL_SET_ERR_ATTR_MISS(info->extack, NULL, ZGC_A_SERVICE);
		NL_SET_ERR_MSG(info->extack, "the request needs ZGC_A_SERVICE");
		return -EINVAL;
	}
	err = nla_parse_nested(tb, ZGC_SERVICE_A_MAX, nest, zgc_service_policy,
			       info->extack);
	if (err)
		return err;
	return zgc_nl_service_key(tb, nest, key, info->extack);
}

/* Backend @i of @s from its nest @nest. */
static int zgc_nl_backend(struct zgc_dev *zd, struct zgc_service *s, u32 i,
			  struct nlattr *nest, struct netlink_ext_ack *extack)
{
	struct nlattr *tb[ZGC_BACKEND_A_MAX + 1];
	struct zgc_backend *b = &s->b[i];
	int err;

	err = nla_parse_nested(tb, ZGC_BACKEND_A_MAX, nest, zgc_backend_policy,
			       extack);
	if (err)
		return err;
	err = zgc_nl_get_addr(tb, ZGC_BACKEND_A_IP4, ZGC_BACKEND_A_IP6, nest,
			      &b->addr, extack);
	if (err)
		return err;
	if (ipv6_addr_v4mapped(&b->addr) != ipv6_addr_v4mapped(&s->key.vip)) {
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "a backend is of the VIP's address family");
		return -EINVAL;
	}
	if (!zgc_endpoint_lookup(zd, s->key.vni, &b->addr)) {
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "a backend must be an endpoint of the VNI");
		return -EINVAL;
	}
	b->port = tb[ZGC_BACKEND_A_PORT] ?
		  htons(nla_get_u16(tb[ZGC_BACKEND_A_PORT])) : s->key.port;
	b->weight = tb[ZGC_BACKEND_A_WEIGHT] ?
		    nla_get_u16(tb[ZGC_BACKEND_A_WEIGHT]) : 1;
	b->down = nla_get_flag(tb[ZGC_BACKEND_A_DOWN]);
	if (zgc_service_backend(s, &b->addr, b->port) != i) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "this backend is listed twice");
		return -EINVAL;
	}
	return 0;
}

/* ZGC_CMD_SERVICE_ADD and _SET. */
static int zgc_nl_service_write(struct genl_info *info, bool replace)
{
	struct nlattr *tb[ZGC_SERVICE_A_MAX + 1];
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr *nest = info->attrs[ZGC_A_SERVICE];
	struct zgc_service_key key;
	struct zgc_service *s;
	struct zgc_dev *zd;
	struct nlattr *b;
	u32 n = 0;
	int err, rem;

	err = zgc_nl_service_parse(info, tb, &key);
	if (err)
		return err;
	nla_for_each_nested(b, nest, rem)
		if (nla_type(b) == ZGC_SERVICE_A_BACKEND)
			n++;
	if (!n || n > ZGC_SERVICE_BACKENDS_MAX) {
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "a service has 1 to 64 backends (ZGC_SERVICE_A_BACKEND)");
		return -EINVAL;
	}
	s = zgc_service_alloc(n);
	if (!s)
		return -ENOMEM;
	s->key = key;
	s->public = nla_get_flag(tb[ZGC_SERVICE_A_PUBLIC]);
	rtnl_lock();
	zd = zgc_nl_dev_lookup(genl_info_net(info), info->attrs, extack);
	if (IS_ERR(zd)) {
		err = PTR_ERR(zd);
		goto out;
	}
	n = 0;
	nla_for_each_nested(b, nest, rem) {
		if (nla_type(b) != ZGC_SERVICE_A_BACKEND)
			continue;
		/* Counted so far: zgc_service_backend() sees these. */
		s->nbackends = n + 1;
		err = zgc_nl_backend(zd, s, n++, b, extack);
		if (err)
			goto out;
	}
	if (zgc_endpoint_lookup(zd, key.vni, &key.vip)) {
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "the VIP is an endpoint's address in this VNI");
		err = -EINVAL;
		goto out;
	}
	err = zgc_service_add(zd, s, replace, extack);
	if (!err)
		zgc_nl_config_event(zd, info, NULL);
out:
	rtnl_unlock();
	if (err)
		zgc_service_destroy(s);
	return err;
}

int zgc_nl_service_add_doit(struct sk_buff *skb, struct genl_info *info)
{
	return zgc_nl_service_write(info, false);
}

int zgc_nl_service_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	return zgc_nl_service_write(info, true);
}

int zgc_nl_service_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[ZGC_SERVICE_A_MAX + 1];
	struct netlink_ext_ack *extack = info->extack;
	struct zgc_service_key key;
	struct zgc_dev *zd;
	int err;

	err = zgc_nl_service_parse(info, tb, &key);
	if (err)
		return err;
	rtnl_lock();
	zd = zgc_nl_dev_lookup(genl_info_net(info), info->attrs, extack);
	if (IS_ERR(zd))
		err = PTR_ERR(zd);
	else
		err = zgc_service_del(zd, &key, extack);
	if (!err)
		zgc_nl_config_event(zd, info, NULL);
	rtnl_unlock();
	return err;
}

static int zgc_nl_backend_fill(struct sk_buff *skb,
			       const struct zgc_service *s, u32 i)
{
	const struct zgc_backend *b = &s->b[i];
	u64 n[ZGC_BACKEND_COUNTERS];
	struct nlattr *nest;

	zgc_service_read(s, i, n);
	nest = nla_nest_start(skb, ZGC_SERVICE_A_BACKEND);
	if (!nest ||
	    zgc_nl_put_addr(skb, ZGC_BACKEND_A_IP4, ZGC_BACKEND_A_IP6,
			    &b->addr) ||
	    nla_put_u16(skb, ZGC_BACKEND_A_PORT, ntohs(b->port)) ||
	    nla_put_u16(skb, ZGC_BACKEND_A_WEIGHT, b->weight) ||
	    (b->down && nla_put_flag(skb, ZGC_BACKEND_A_DOWN)) ||
	    nla_put_u64_64bit(skb, ZGC_BACKEND_A_FLOWS, n[ZGC_BACKEND_FLOWS],
			      ZGC_BACKEND_A_PAD) ||
	    nla_put_u64_64bit(skb, ZGC_BACKEND_A_PACKETS,
			      n[ZGC_BACKEND_PACKETS], ZGC_BACKEND_A_PAD) ||
	    nla_put_u64_64bit(skb, ZGC_BACKEND_A_REPLIES,
			      n[ZGC_BACKEND_REPLIES], ZGC_BACKEND_A_PAD))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int zgc_nl_service_fill(struct sk_buff *skb, const struct zgc_dev *zd,
			       const struct zgc_service *s,
			       struct netlink_callback *cb)
{
	struct zgc_nl_obj o;
	bool failed;
	u32 i;

	if (zgc_nl_obj_begin(&o, skb, cb, zd, ZGC_CMD_SERVICE_GET,
			     ZGC_A_SERVICE))
		return -EMSGSIZE;
	failed = nla_put_u32(skb, ZGC_SERVICE_A_VNI, s->key.vni) ||
		 zgc_nl_put_addr(skb, ZGC_SERVICE_A_VIP4, ZGC_SERVICE_A_VIP6,
				 &s->key.vip) ||
		 nla_put_u16(skb, ZGC_SERVICE_A_PORT, ntohs(s->key.port)) ||
		 nla_put_u8(skb, ZGC_SERVICE_A_PROTO, s->key.proto) ||
		 (s->public && nla_put_flag(skb, ZGC_SERVICE_A_PUBLIC));
	for (i = 0; i < s->nbackends && !failed; i++)
		failed = zgc_nl_backend_fill(skb, s, i);
	return zgc_nl_obj_end(&o, skb, failed);
}

int zgc_nl_service_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct zgc_dev *zd;
	int ret;

	zd = zgc_nl_dump_lock(skb, cb, ZGC_A_SERVICE);
	if (IS_ERR(zd))
		return PTR_ERR(zd);
	ret = zgc_services_dump(skb, cb, zd, zgc_nl_service_fill);
	rtnl_unlock();
	return ret;
}
