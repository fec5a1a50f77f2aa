// SPDX-License-Identifier: GPL-2.0
/*
 * Tenant ACLs: an ordered list of rules per tenant, checked on the first
 * packet of a flow (a flow cache miss); the flow's cached verdict carries
 * the outcome, so later packets do not look at the ACL again. A change
 * of the ACL makes the tenant's cached verdicts stale (zgc_tenant_changed).
 *
 * Locking: the ACL is an array replaced as a whole under RTNL: a batch of
 * changes (one netlink request) changes a copy (&zgc_tenant.acl_next),
 * published at its end with rcu_assign_pointer(), the old one freed with
 * kvfree_rcu(); the receive path reads it under RCU.
 */

#include <linux/minmax.h>
#include <linux/mm.h>
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

/* An empty ACL with room for @room rules. */
static struct zgc_acl *zgc_acl_alloc(unsigned int room)
{
	struct zgc_acl *acl;

	acl = kvmalloc(struct_size(acl, rules, room), GFP_KERNEL_ACCOUNT);
	if (acl) {
		acl->n = 0;
		acl->room = room;
	}
	return acl;
}

/* Where the rule of priority @prio is, or would go, in @acl. */
static unsigned int zgc_acl_find(const struct zgc_acl *acl, u32 prio)
{
	unsigned int lo = 0, hi = acl ? acl->n : 0, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (acl->rules[mid].prio < prio)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* A tenant's ACL as the batch being applied has it so far. */
static const struct zgc_acl *zgc_acl_current(const struct zgc_tenant *t)
{
	return t->acl_next ?: rtnl_dereference(t->acl);
}

/*
 * The tenant's ACL as the batch being applied changes it, unpublished,
 * with room for one rule more when @grow: a copy of the published one at
 * the batch's first change of it, grown twice as large when full, so
 * that a batch of n rules copies O(n) of them, not O(n^2).
 */
static struct zgc_acl *zgc_acl_staged(struct zgc_dev *zd, struct zgc_tenant *t,
				      bool grow)
{
	const struct zgc_acl *cur = zgc_acl_current(t);
	unsigned int n = cur ? cur->n : 0, room;
	struct zgc_acl *acl;

	if (t->acl_next && n + grow <= t->acl_next->room)
		return t->acl_next;
	room = max3(n + grow, min(2 * n, ZGC_ACL_RULES_MAX), 8U);
	acl = zgc_acl_alloc(room);
	if (!acl)
		return NULL;
	if (n)
		memcpy(acl->rules, cur->rules, n * sizeof(acl->rules[0]));
	acl->n = n;
	if (t->acl_next) {
		kvfree(t->acl_next);
	} else {
		t->acl_staged = zd->acl_staged;
		zd->acl_staged = t;
	}
	t->acl_next = acl;
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
 * zgc_acl_add() - add a rule to a tenant's ACL, in a batch of changes
 * @zd: the device
 * @vni: the tenant
 * @r: the rule, checked: prefixes masked, ports only for TCP or UDP
 * @extack: where to say what was wrong
 *
 * The change is published by zgc_acl_commit(), at the batch's end.
 *
 * Context: RTNL held.
 * Return: 0, -ENOENT, -EEXIST, -ENOSPC or -ENOMEM.
 */
int zgc_acl_add(struct zgc_dev *zd, u32 vni, const struct zgc_acl_rule *r,
		struct netlink_ext_ack *extack)
{
	const struct zgc_acl *cur;
	struct zgc_acl *acl;
	struct zgc_tenant *t;
	unsigned int i;

	ASSERT_RTNL();
	t = zgc_acl_tenant(zd, vni, extack);
	if (!t)
		return -ENOENT;
	cur = zgc_acl_current(t);
	i = zgc_acl_find(cur, r->prio);
	if (cur && i < cur->n && cur->rules[i].prio == r->prio) {
		NL_SET_ERR_MSG(extack,
			       "this tenant's ACL already has a rule with this priority");
		return -EEXIST;
	}
	if (cur && cur->n >= ZGC_ACL_RULES_MAX) {
		NL_SET_ERR_MSG(extack, "this tenant's ACL has as many rules as it may");
		return -ENOSPC;
	}
	acl = zgc_acl_staged(zd, t, true);
	if (!acl)
		return -ENOMEM;
	memmove(&acl->rules[i + 1], &acl->rules[i],
		(acl->n - i) * sizeof(acl->rules[0]));
	acl->rules[i] = *r;
	acl->n++;
	return 0;
}

/**
 * zgc_acl_del() - remove a rule from a tenant's ACL, in a batch of changes
 * @zd: the device
 * @vni: the tenant
 * @prio: the rule's priority
 * @extack: where to say what was wrong
 *
 * The change is published by zgc_acl_commit(), at the batch's end.
 *
 * Context: RTNL held.
 * Return: 0, -ENOENT or -ENOMEM.
 */
int zgc_acl_del(struct zgc_dev *zd, u32 vni, u32 prio,
		struct netlink_ext_ack *extack)
{
	const struct zgc_acl *cur;
	struct zgc_acl *acl;
	struct zgc_tenant *t;
	unsigned int i;

	ASSERT_RTNL();
	t = zgc_acl_tenant(zd, vni, extack);
	if (!t)
		return -ENOENT;
	cur = zgc_acl_current(t);
	i = zgc_acl_find(cur, prio);
	if (!cur || i == cur->n || cur->rules[i].prio != prio) {
		NL_SET_ERR_MSG(extack, "this tenant's ACL has no rule with this priority");
		return -ENOENT;
	}
	acl = zgc_acl_staged(zd, t, false);
	if (!acl)
		return -ENOMEM;
	memmove(&acl->rules[i], &acl->rules[i + 1],
		(acl->n - i - 1) * sizeof(acl->rules[0]));
	acl->n--;
	return 0;
}

/**
 * zgc_acl_commit() - publish the ACLs a batch of changes changed
 * @zd: the device
 *
 * Each changed tenant's ACL is replaced once, its cached verdicts made
 * stale once, whatever the number of rules the batch changed.
 *
 * Context: RTNL held.
 */
void zgc_acl_commit(struct zgc_dev *zd)
{
	struct zgc_acl *acl, *old;
	struct zgc_tenant *t;

	ASSERT_RTNL();
	if (!zd->acl_staged)
		return;
	while ((t = zd->acl_staged)) {
		zd->acl_staged = t->acl_staged;
		t->acl_staged = NULL;
		acl = t->acl_next;
		t->acl_next = NULL;
		if (!acl->n) {
			kvfree(acl);
			acl = NULL;
		}
		old = rtnl_dereference(t->acl);
		rcu_assign_pointer(t->acl, acl);
		if (old)
			kvfree_rcu(old, rcu);
		zgc_tenant_changed(t);
	}
	zd->tenant_gen++;
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

	WARN_ON_ONCE(t->acl_next);
	RCU_INIT_POINTER(t->acl, NULL);
	if (acl)
		kvfree_rcu(acl, rcu);
}
