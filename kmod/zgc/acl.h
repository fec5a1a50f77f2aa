/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ZGC_ACL_H
#define _ZGC_ACL_H

#include <linux/in6.h>
#include <linux/rcupdate.h>
#include <linux/types.h>

struct netlink_ext_ack;
struct zgc_dev;
struct zgc_flow_key;
struct zgc_tenant;

/**
 * struct zgc_acl_rule - one rule of a tenant's ACL
 * @prio: its place: rules are checked by ascending @prio
 * @src: inner source prefix, masked; IPv4 as IPv4-mapped IPv6
 * @dst: inner destination prefix, the same way
 * @src_plen: length of @src as an IPv6 prefix (an IPv4 one's + 96);
 *	0: any address, of either family
 * @dst_plen: length of @dst, the same way
 * @family: AF_INET or AF_INET6 for a rule of one family (its prefixes
 *	are of it), 0 for one with no prefix
 * @proto: IP protocol, 0 for any
 * @action: enum zgc_acl_action
 * @dport_min: first destination port (TCP or UDP), host order
 * @dport_max: last one; 0..65535 for any
 */
struct zgc_acl_rule {
	u32 prio;
	struct in6_addr src;
	struct in6_addr dst;
	u8 src_plen;
	u8 dst_plen;
	u8 family;
	u8 proto;
	u8 action;
	u16 dport_min;
	u16 dport_max;
};

/**
 * struct zgc_acl - a tenant's ACL, replaced as a whole by every batch of
 *	changes
 * @n: how many rules
 * @room: how many rules @rules has room for
 * @rcu: frees it after the readers
 * @rules: the rules, by ascending priority
 */
struct zgc_acl {
	unsigned int n;
	unsigned int room;
	struct rcu_head rcu;
	struct zgc_acl_rule rules[];
};

u8 zgc_acl_check(const struct zgc_tenant *t, const struct zgc_flow_key *key);
int zgc_acl_add(struct zgc_dev *zd, u32 vni, const struct zgc_acl_rule *r,
		struct netlink_ext_ack *extack);
int zgc_acl_del(struct zgc_dev *zd, u32 vni, u32 prio,
		struct netlink_ext_ack *extack);
void zgc_acl_commit(struct zgc_dev *zd);
void zgc_acl_free(struct zgc_tenant *t);

#endif /* _ZGC_ACL_H */
