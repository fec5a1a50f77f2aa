// SPDX-License-Identifier: GPL-2.0
/*
 * The ACL commands of the Generic Netlink family: ZGC_CMD_ACL_ADD, _DEL
 * and _GET. uapi/linux/zgc.h documents them.
 */

#include <net/genetlink.h>
#include <net/ipv6.h>
#include <net/rtnetlink.h>
#include <net/sock.h>

#include "acl.h"
#include "compat.h"
#include "device.h"
#include "netlink.h"
#include "tenant.h"

/* Not const: 6.1's nla_policy points at a mutable one. */
static struct netlink_range_validation zgc_acl_vni_range = {
	.max = ZGC_VNI_MAX,
};

static const struct nla_policy zgc_acl_policy[ZGC_ACL_A_MAX + 1] = {
	[ZGC_ACL_A_VNI] = NLA_POLICY_FULL_RANGE(NLA_U32, &zgc_acl_vni_range),
	[ZGC_ACL_A_PRIO] = { .type = NLA_U32 },
	[ZGC_ACL_A_SRC4] = { .type = NLA_BE32 },
	[ZGC_ACL_A_SRC6] = NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[ZGC_ACL_A_SRC_PLEN] = NLA_POLICY_MAX(NLA_U8, 128),
	[ZGC_ACL_A_DST4] = { .type = NLA_BE32 },
	[ZGC_ACL_A_DST6] = NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[ZGC_ACL_A_DST_PLEN] = NLA_POLICY_MAX(NLA_U8, 128),
	[ZGC_ACL_A_PROTO] = { .type = NLA_U8 },
	[ZGC_ACL_A_DPORT_MIN] = { .type = NLA_U16 },
	[ZGC_ACL_A_DPORT_MAX] = { .type = NLA_U16 },
	[ZGC_ACL_A_ACTION] = NLA_POLICY_RANGE(NLA_U8, ZGC_ACL_ALLOW,
					      ZGC_ACL_ACTION_MAX),
};

const struct nla_policy zgc_acl_cmd_policy[ZGC_A_MAX + 1] = {
	[ZGC_A_IFINDEX] = { .type = NLA_U32 },
	[ZGC_A_IFNAME] = { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
	[ZGC_A_ACL] = NLA_POLICY_NESTED(zgc_acl_policy),
};

/*
 * A prefix of a rule from its address (@a4 or @a6) and length (@alen)
 * attributes, as an IPv6 prefix: an address alone is a whole address,
 * no address (and no length, or 0) none (*family 0). Sets *family to the
 * address's.
 */
static int zgc_nl_acl_prefix(struct nlattr **tb, int a4, int a6, int alen,
			     struct nlattr *nest, struct in6_addr *prefix,
			     u8 *plen, int *family,
			     struct netlink_ext_ack *extack)
{
	struct nlattr *len = tb[alen];
	struct in6_addr masked;
	unsigned int max;
	int err;

	*family = 0;
	*plen = 0;
	memset(prefix, 0, sizeof(*prefix));
	if (!tb[a4] && !tb[a6]) {
		if (len && nla_get_u8(len)) {
			NL_SET_ERR_MSG_ATTR(extack, len,
					    "a prefix length needs its address");
			return -EINVAL;
		}
		return 0;
	}
	err = zgc_nl_get_addr(tb, a4, a6, nest, prefix, extack);
	if (err)
		return err;
	*family = ipv6_addr_v4mapped(prefix) ? AF_INET : AF_INET6;
	max = *family == AF_INET ? 32 : 128;
	*plen = len ? nla_get_u8(len) : max;
	if (*plen > max) {
		NL_SET_ERR_MSG_ATTR(extack, len,
				    "an IPv4 prefix length is 0 to 32");
		return -ERANGE;
	}
	if (*family == AF_INET)
		*plen += 96;
	ipv6_addr_prefix(&masked, prefix, *plen);
	if (!ipv6_addr_equal(&masked, prefix)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[a4] ?: tb[a6],
				    "the prefix has address bits set past its length");
		return -EINVAL;
	}
	return 0;
}

/*
 * The rule's prefixes. A rule with one is of its family: the other, when
 * missing, is that family's whole space.
 */
static int zgc_nl_acl_prefixes(struct nlattr *nest, struct nlattr **tb,
			       struct zgc_acl_rule *r,
			       struct netlink_ext_ack *extack)
{
	int sfam, dfam, err;

	err = zgc_nl_acl_prefix(tb, ZGC_ACL_A_SRC4, ZGC_ACL_A_SRC6,
				ZGC_ACL_A_SRC_PLEN, nest, &r->src, &r->src_plen,
				&sfam, extack) ?:
	      zgc_nl_acl_prefix(tb, ZGC_ACL_A_DST4, ZGC_ACL_A_DST6,
				ZGC_ACL_A_DST_PLEN, nest, &r->dst, &r->dst_plen,
				&dfam, extack);
	if (err)
		return err;
	if (sfam && dfam && sfam != dfam) {
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "the source and destination prefixes are of different families");
		return -EINVAL;
	}
	r->family = sfam ?: dfam;
	if (r->family != AF_INET)
		return 0;
	if (!sfam) {
		ipv6_addr_set_v4mapped(0, &r->src);
		r->src_plen = 96;
	}
	if (!dfam) {
		ipv6_addr_set_v4mapped(0, &r->dst);
		r->dst_plen = 96;
	}
	return 0;
}

/* The rule a ZGC_A_ACL of an ADD request describes. */
static int zgc_nl_acl_rule(struct nlattr *nest, struct nlattr **tb,
			   struct zgc_acl_rule *r,
			   struct netlink_ext_ack *extack)
{
	struct nlattr *pmin = tb[ZGC_ACL_A_DPORT_MIN];
	struct nlattr *pmax = tb[ZGC_ACL_A_DPORT_MAX];
	int err;

	if (!tb[ZGC_ACL_A_ACTION]) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "ZGC_ACL_A_ACTION is missing");
		return -EINVAL;
	}
	memset(r, 0, sizeof(*r));
	r->prio = nla_get_u32(tb[ZGC_ACL_A_PRIO]);
	r->action = nla_get_u8(tb[ZGC_ACL_A_ACTION]);
	err = zgc_nl_acl_prefixes(nest, tb, r, extack);
	if (err)
		return err;
	if (tb[ZGC_ACL_A_PROTO])
		r->proto = nla_get_u8(tb[ZGC_ACL_A_PROTO]);
	r->dport_max = U16_MAX;
	if (!pmin && !pmax)
		return 0;
	if (r->proto != IPPROTO_TCP && r->proto != IPPROTO_UDP) {
		NL_SET_ERR_MSG_ATTR(extack, pmin ?: pmax,
				    "a port range needs ZGC_ACL_A_PROTO TCP or UDP");
		return -EINVAL;
	}
	if (!pmin) {
		NL_SET_ERR_MSG_ATTR(extack, pmax,
				    "ZGC_ACL_A_DPORT_MAX needs ZGC_ACL_A_DPORT_MIN");
		return -EINVAL;
	}
	r->dport_min = nla_get_u16(pmin);
	r->dport_max = pmax ? nla_get_u16(pmax) : r->dport_min;
	if (r->dport_max < r->dport_min) {
		NL_SET_ERR_MSG_ATTR(extack, pmax,
				    "the port range ends before it starts");
		return -EINVAL;
	}
	return 0;
}

/* One ZGC_A_ACL of an ADD (@add) or DEL batch. Context: RTNL. */
static int zgc_nl_acl_one(struct zgc_dev *zd, struct nlattr *nest, bool add,
			  struct netlink_ext_ack *extack)
{
	struct nlattr *tb[ZGC_ACL_A_MAX + 1];
	struct zgc_acl_rule r;
	int err, i;
	u32 vni;

	err = nla_parse_nested(tb, ZGC_ACL_A_MAX, nest, zgc_acl_policy, extack);
	if (err)
		return err;
	if (!tb[ZGC_ACL_A_VNI]) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "ZGC_ACL_A_VNI is missing");
		return -EINVAL;
	}
	if (!tb[ZGC_ACL_A_PRIO]) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "ZGC_ACL_A_PRIO is missing");
		return -EINVAL;
	}
	vni = nla_get_u32(tb[ZGC_ACL_A_VNI]);
	if (add) {
		err = zgc_nl_acl_rule(nest, tb, &r, extack);
		return err ?: zgc_acl_add(zd, vni, &r, extack);
	}
	for (i = ZGC_ACL_A_PRIO + 1; i <= ZGC_ACL_A_MAX; i++) {
		if (tb[i]) {
			NL_SET_ERR_MSG_ATTR(extack, tb[i],
					    "a rule is deleted by its VNI and priority only");
			return -EINVAL;
		}
	}
	return zgc_acl_del(zd, vni, nla_get_u32(tb[ZGC_ACL_A_PRIO]), extack);
}

int zgc_nl_acl_add_doit(struct sk_buff *skb, struct genl_info *info)
{
	return zgc_nl_batch(info, ZGC_A_ACL, zgc_nl_acl_one, true,
			    zgc_acl_commit);
}

int zgc_nl_acl_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	return zgc_nl_batch(info, ZGC_A_ACL, zgc_nl_acl_one, false,
			    zgc_acl_commit);
}

/* A prefix of a rule, as given: no address for none. */
static int zgc_nl_acl_put_prefix(struct sk_buff *skb, int a4, int a6,
				 int alen, const struct zgc_acl_rule *r,
				 const struct in6_addr *prefix, u8 plen)
{
	if (!r->family)
		return nla_put_u8(skb, alen, 0);
	return zgc_nl_put_addr(skb, a4, a6, prefix) ||
	       nla_put_u8(skb, alen, r->family == AF_INET ? plen - 96 : plen);
}

static int zgc_nl_acl_fill(struct sk_buff *skb, const struct zgc_dev *zd,
			   u32 vni, const struct zgc_acl_rule *r,
			   struct netlink_callback *cb)
{
	struct zgc_nl_obj o;

	if (zgc_nl_obj_begin(&o, skb, cb, zd, ZGC_CMD_ACL_GET, ZGC_A_ACL))
		return -EMSGSIZE;
	return zgc_nl_obj_end(&o, skb,
			      nla_put_u32(skb, ZGC_ACL_A_VNI, vni) ||
			      nla_put_u32(skb, ZGC_ACL_A_PRIO, r->prio) ||
			      zgc_nl_acl_put_prefix(skb, ZGC_ACL_A_SRC4,
						    ZGC_ACL_A_SRC6,
						    ZGC_ACL_A_SRC_PLEN, r,
						    &r->src, r->src_plen) ||
			      zgc_nl_acl_put_prefix(skb, ZGC_ACL_A_DST4,
						    ZGC_ACL_A_DST6,
						    ZGC_ACL_A_DST_PLEN, r,
						    &r->dst, r->dst_plen) ||
			      nla_put_u8(skb, ZGC_ACL_A_PROTO, r->proto) ||
			      nla_put_u16(skb, ZGC_ACL_A_DPORT_MIN, r->dport_min) ||
			      nla_put_u16(skb, ZGC_ACL_A_DPORT_MAX, r->dport_max) ||
			      nla_put_u8(skb, ZGC_ACL_A_ACTION, r->action));
}

/* cb->args[0]: how many rules (over all tenants) were already sent. */
int zgc_nl_acl_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	const struct zgc_tenant *t;
	const struct zgc_acl *acl;
	unsigned long sent = 0;
	struct zgc_dev *zd;
	unsigned int i;
	int bkt, err = 0;

	zd = zgc_nl_dump_lock(skb, cb, ZGC_A_ACL);
	if (IS_ERR(zd))
		return PTR_ERR(zd);
	hash_for_each(zd->tenants, bkt, t, node) {
		acl = rtnl_dereference(t->acl);
		for (i = 0; acl && i < acl->n; i++) {
			if (sent++ < cb->args[0])
				continue;
			err = zgc_nl_acl_fill(skb, zd, t->vni, &acl->rules[i], cb);
			if (err) {
				sent--;
				goto out;
			}
			nl_dump_check_consistent(cb, nlmsg_hdr(skb));
		}
	}
out:
	rtnl_unlock();
	cb->args[0] = sent;
	if (err && !skb->len)
		return err;
	return skb->len;
}
