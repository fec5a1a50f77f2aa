// SPDX-License-Identifier: GPL-2.0
/*
 * Tenant ACLs: an ordered list of rules per tenant, checked on the first
 * packet of a flow (a flow cache miss); the flow's cached verdict carries
 * the outcome, so later packets do not look at the ACL again. A change
 * of the ACL makes the tenant's cached verdicts stale (zgc_tenant_changed).
 *
 * Locking: the ACL is an array replaced as a whole under RTNL (copied,
 * changed, published with rcu_assign_pointer(), the old one freed with
 * kfree_rcu()); the receive path reads it under RCU.
 */

#include <linux/overflow.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/zgc.h>
#include <net/ipv6.h>
#include <net/netlink.h>

#include "acl.h"
#include "device.h"
#include "flow.h"
#include "tenant.h"

static bool zgc_acl_match(const struct zgc_acl_rule *r,
			  const struct zgc_flow_key *key)
{
	u16 dport = ntohs(key->dport);

	/* ::/0 holds the IPv4-mapped addresses too. */
	if (r->family && (r->family == AF_INET) !=
			 ipv6_addr_v4mapped(&key->saddr))
		return false;
	if (!ipv6_prefix_equal(&key->saddr, &r->src, r->src_plen) ||
	    !ipv6_prefix_equal(&key->daddr, &r->dst, r->dst_plen))
		return false;
	if (r->proto && r->proto != key->proto)
		return false;
	return dport >= r->dport_min && dport <= r->dport_max;
}

/**
 * zgc_acl_check() - what a tenant's ACL says of a new flow
 * @t: the tenant
 * @key: the flow
 *
 * Context: RCU read side.
 * Return: the action (enum zgc_acl_action) of the first rule that
 * matches, ZGC_ACL_ALLOW when none does.
 */
u8 zgc_acl_check(const struct zgc_tenant *t, const struct zgc_flow_key *key)
{
	const struct zgc_acl *acl = rcu_dereference(t->acl);
	unsigned int i;

	if (!acl)
		return ZGC_ACL_ALLOW;
	for (i = 0; i < acl->n; i++)
		if (zgc_acl_match(&acl->rules[i], key))
			return acl->rules[i].action;
	return ZGC_ACL_ALLOW;
}

/* An ACL of @n rules, to be filled. */
static struct zgc_acl *zgc_acl_alloc(unsigned int n)
{
	struct zgc_acl *acl;

	acl = kmalloc(struct_size(acl, rules, n), GFP_KERNEL);
	if (acl)
		acl->n = n;
	return acl;
}

static struct zgc_tenant *zgc_acl_tenant(struct zgc_dev *zd, u32 vni,
					 struct netlink_ext_ack *extack)
{
	struct zgc_tenant *t = zgc_tenant_lookup(zd, vni);

	if (!t)
		NL_SET_ERR_MSG(extack, "no tenant with this VNI: add a subnet first");
	return t;
}

/**
 * zgc_acl_add() - add a rule to a tenant's ACL
 * @zd: the device
 * @vni: the tenant
 * @r: the rule, checked: prefixes masked, ports only for TCP or UDP
 * @extack: where to say what was wrong
 *
 * Context: RTNL held.
 * Return: 0, -ENOENT, -EEXIST, -ENOSPC or -ENOMEM.
 */
int zgc_acl_add(struct zgc_dev *zd, u32 vni, const struct zgc_acl_rule *r,
		struct netlink_ext_ack *extack)
{
	const struct zgc_acl *old;
	struct zgc_acl *acl;
	struct zgc_tenant *t;
	unsigned int i, n;

	ASSERT_RTNL();
	t = zgc_acl_tenant(zd, vni, extack);
	if (!t)
		return -ENOENT;
	old = rtnl_dereference(t->acl);
	n = old ? old->n : 0;
	for (i = 0; i < n && old->rules[i].prio <= r->prio; i++) {
		if (old->rules[i].prio == r->prio) {
			NL_SET_ERR_MSG(extack,
				       "this tenant's ACL already has a rule with this priority");
			return -EEXIST;
		}
	}
	if (n >= ZGC_ACL_RULES_MAX) {
		NL_SET_ERR_MSG(extack, "this tenant's ACL has as many rules as it may");
		return -ENOSPC;
	}
	acl = zgc_acl_alloc(n + 1);
	if (!acl)
		return -ENOMEM;
	/* Rules [0, i) go before the new one, [i, n) after. */
	if (i)
		memcpy(acl->rules, old->rules, i * sizeof(*r));
	acl->rules[i] = *r;
	if (n > i)
		memcpy(&acl->rules[i + 1], &old->rules[i], (n - i) * sizeof(*r));
	rcu_assign_pointer(t->acl, acl);
	kfree_rcu((struct zgc_acl *)old, rcu);
	zgc_tenant_changed(t);
	zd->tenant_gen++;
	return 0;
}

/**
 * zgc_acl_del() - remove a rule from a tenant's ACL
 * @zd: the device
 * @vni: the tenant
 * @prio: the rule's priority
 * @extack: where to say what was wrong
 *
 * Context: RTNL held.
 * Return: 0, -ENOENT or -ENOMEM.
 */
int zgc_acl_del(struct zgc_dev *zd, u32 vni, u32 prio,
		struct netlink_ext_ack *extack)
{
	struct zgc_acl *acl = NULL;
	const struct zgc_acl *old;
	struct zgc_tenant *t;
	unsigned int i;

	ASSERT_RTNL();
	t = zgc_acl_tenant(zd, vni, extack);
	if (!t)
		return -ENOENT;
	old = rtnl_dereference(t->acl);
	for (i = 0; old && i < old->n; i++)
		if (old->rules[i].prio == prio)
			break;
	if (!old || i == old->n) {
		NL_SET_ERR_MSG(extack, "this tenant's ACL has no rule with this priority");
		return -ENOENT;
	}
	if (old->n > 1) {
		acl = zgc_acl_alloc(old->n - 1);
		if (!acl)
			return -ENOMEM;
		memcpy(acl->rules, old->rules, i * sizeof(old->rules[0]));
		memcpy(&acl->rules[i], &old->rules[i + 1],
		       (old->n - i - 1) * sizeof(old->rules[0]));
	}
	rcu_assign_pointer(t->acl, acl);
	kfree_rcu((struct zgc_acl *)old, rcu);
	zgc_tenant_changed(t);
	zd->tenant_gen++;
	return 0;
}

/**
 * zgc_acl_free() - free the ACL of a tenant being freed
 * @t: the tenant, unlisted
 *
 * Context: RTNL held.
 */
void zgc_acl_free(struct zgc_tenant *t)
{
	struct zgc_acl *acl = rtnl_dereference(t->acl);

	RCU_INIT_POINTER(t->acl, NULL);
	kfree_rcu(acl, rcu);
}
