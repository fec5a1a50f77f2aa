/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ZGC_NETLINK_H
#define _ZGC_NETLINK_H

#include <net/genetlink.h>
#include <linux/zgc.h>

struct dft_cluster;
struct zgc_dev;

/* The family's multicast groups, in the order of its mcgrps. */
enum zgc_nl_mcgrp {
	ZGC_NL_MCGRP_CLUSTER,
	ZGC_NL_MCGRP_CONFIG,
};

int zgc_genl_init(void);
void zgc_genl_uninit(void);

/* What the family's command files share (netlink.c). */
extern struct genl_family zgc_genl_family;
struct zgc_dev *zgc_nl_dev_lookup(struct net *net, struct nlattr **attrs,
				  struct netlink_ext_ack *extack);
struct zgc_dev *zgc_nl_dump_lock(struct sk_buff *skb,
				 struct netlink_callback *cb, int whole);
int zgc_nl_batch(struct genl_info *info, int attrtype,
		 int (*one)(struct zgc_dev *zd, struct nlattr *nest, bool add,
			    struct netlink_ext_ack *extack),
		 bool add, void (*done)(struct zgc_dev *zd));
int zgc_nl_get_addr(struct nlattr **tb, int a4, int a6, struct nlattr *nest,
		    struct in6_addr *addr, struct netlink_ext_ack *extack);
int zgc_nl_put_addr(struct sk_buff *skb, int a4, int a6,
		    const struct in6_addr *addr);

/* A dump message holding one object: see zgc_nl_obj_begin(). */
struct zgc_nl_obj {
	void *hdr;
	struct nlattr *nest;
};

int zgc_nl_obj_begin(struct zgc_nl_obj *o, struct sk_buff *skb,
		     struct netlink_callback *cb, const struct zgc_dev *zd,
		     u8 cmd, int attrtype);
int zgc_nl_obj_end(struct zgc_nl_obj *o, struct sk_buff *skb, bool failed);

/* netlink_flow.c */
extern const struct nla_policy zgc_flow_cmd_policy[ZGC_A_MAX + 1];
int zgc_nl_flow_flush_doit(struct sk_buff *skb, struct genl_info *info);
int zgc_nl_flow_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int zgc_nl_dft_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);

/* netlink_acl.c */
extern const struct nla_policy zgc_acl_cmd_policy[ZGC_A_MAX + 1];
int zgc_nl_acl_add_doit(struct sk_buff *skb, struct genl_info *info);
int zgc_nl_acl_del_doit(struct sk_buff *skb, struct genl_info *info);
int zgc_nl_acl_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);

/* netlink_tenant.c */
extern const struct nla_policy zgc_tenant_cmd_policy[ZGC_A_MAX + 1];
int zgc_nl_tenant_set_doit(struct sk_buff *skb, struct genl_info *info);
int zgc_nl_tenant_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);

/* netlink_service.c */
extern const struct nla_policy zgc_service_cmd_policy[ZGC_A_MAX + 1];
int zgc_nl_service_add_doit(struct sk_buff *skb, struct genl_info *info);
int zgc_nl_service_set_doit(struct sk_buff *skb, struct genl_info *info);
int zgc_nl_service_del_doit(struct sk_buff *skb, struct genl_info *info);
int zgc_nl_service_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);

/* netlink_host.c */
extern const struct nla_policy zgc_host_cmd_policy[ZGC_A_MAX + 1];
int zgc_nl_host_set_doit(struct sk_buff *skb, struct genl_info *info);
int zgc_nl_host_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);

/* netlink_cluster.c */
extern const struct nla_policy zgc_cluster_cmd_policy[ZGC_A_MAX + 1];
extern const struct nla_policy zgc_drain_cmd_policy[ZGC_A_MAX + 1];
int zgc_nl_cluster_set_doit(struct sk_buff *skb, struct genl_info *info);
int zgc_nl_cluster_get_doit(struct sk_buff *skb, struct genl_info *info);
int zgc_nl_cluster_drain_doit(struct sk_buff *skb, struct genl_info *info);

/* netlink_event.c */
void zgc_nl_member_event(struct zgc_dev *zd, const struct dft_cluster *c,
			 u32 i, u8 was);
void zgc_nl_config_event(struct zgc_dev *zd, const struct genl_info *info,
			 const struct nlattr *stop);

#endif /* _ZGC_NETLINK_H */
