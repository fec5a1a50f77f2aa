/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ZGC_NAT_H
#define _ZGC_NAT_H

#include <linux/zgc.h>

#include "flow.h"

struct sk_buff;
struct zgc_fwd_pkt;

/**
 * zgc_nat_key_reply() - the flow of the replies to a flow's packets
 * @key: the flow
 * @v: its verdict, or NULL
 * @r: where to put the replies' flow: @key as @v rewrites it (a service
 *	flow's destination becomes its backend, a reply's source the VIP),
 *	reversed
 */
static inline void zgc_nat_key_reply(const struct zgc_flow_key *key,
				     const struct zgc_flow_verdict *v,
				     struct zgc_flow_key *r)
{
	zgc_flow_key_reverse(key, r);
	if (!v)
		return;
	if (v->flags & ZGC_FLOW_F_DNAT) {
		r->saddr = v->nat;
		r->sport = v->nat_port;
	} else if (v->flags & ZGC_FLOW_F_SNAT) {
		r->daddr = v->nat;
		r->dport = v->nat_port;
	}
}

int zgc_nat_rewrite(struct sk_buff *skb, const struct zgc_fwd_pkt *p,
		    const struct zgc_flow_verdict *v);

#endif /* _ZGC_NAT_H */
