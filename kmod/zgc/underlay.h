/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ZGC_UNDERLAY_H
#define _ZGC_UNDERLAY_H

#include <linux/types.h>
#include <linux/zgc.h>
#include <net/netlink.h>

/**
 * struct zgc_underlay - how a device meets the underlay network
 * @local: the node's own address, 0 for none
 * @entrance: the gateway addresses compute hosts tunnel to
 * @nentrances: how many of @entrance are used
 * @ttl: outer TTL, 0 for the route's hop limit
 * @df: enum zgc_df, the outer DF bit
 */
struct zgc_underlay {
	__be32 local;
	__be32 entrance[ZGC_ENTRANCES_MAX];
	u8 nentrances;
	u8 ttl;
	u8 df;
};

/* Which fields of a struct zgc_underlay a change request gives. */
#define ZGC_UNDERLAY_LOCAL	BIT(0)
#define ZGC_UNDERLAY_ENTRANCES	BIT(1)
#define ZGC_UNDERLAY_TTL	BIT(2)
#define ZGC_UNDERLAY_DF		BIT(3)

/**
 * struct zgc_underlay_attrs - the attribute types of the underlay
 *	settings in one netlink interface (rtnetlink or genl)
 */
struct zgc_underlay_attrs {
	int local, entrances, ttl, df;
};

extern const struct zgc_underlay_attrs zgc_underlay_ifla;
extern const struct zgc_underlay_attrs zgc_underlay_genl;
extern const struct nla_policy
	zgc_underlay_entrance_policy[ZGC_ENTRANCE_A_MAX + 1];

int zgc_underlay_parse(struct nlattr **tb, const struct zgc_underlay_attrs *a,
		       struct zgc_underlay *req, unsigned int *given,
		       struct netlink_ext_ack *extack);
void zgc_underlay_apply(struct zgc_underlay *ul, const struct zgc_underlay *req,
			unsigned int given);
size_t zgc_underlay_size(void);
int zgc_underlay_fill(struct sk_buff *skb, const struct zgc_underlay *ul,
		      const struct zgc_underlay_attrs *a);
bool zgc_underlay_serves(const struct zgc_underlay *ul,
			 const struct sk_buff *skb);
__be32 zgc_underlay_source(const struct zgc_underlay *ul,
			   const struct sk_buff *skb);
__be16 zgc_underlay_df(const struct zgc_underlay *ul,
		       const struct sk_buff *skb);

#endif /* _ZGC_UNDERLAY_H */
