/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ZGC_NAT_H
#define _ZGC_NAT_H

#include <linux/zgc.h>

#include "flow_types.h"

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

/**
 * zgc_nat_reverse_rewrite() - the rewrite of the replies to a flow, which
 *	the flow itself names
 * @key: the flow
 * @flags: the replies' rewrite: ZGC_FLOW_F_SNAT when @key goes to a
 *	service's VIP (the replies come from the backend as from the VIP and
 *	port @key goes to), ZGC_FLOW_F_DNAT when @key is a backend's reply
 *	(the replies go to the backend and port @key comes from), else none
 * @v: the replies' verdict, whose rewrite address and port are set
 */
static inline void zgc_nat_reverse_rewrite(const struct zgc_flow_key *key,
					   u32 flags,
					   struct zgc_flow_verdict *v)
{
	if (flags & ZGC_FLOW_F_SNAT) {
		v->nat = key->daddr;
		v->nat_port = key->dport;
	} else if (flags & ZGC_FLOW_F_DNAT) {
		v->nat = key->saddr;
		v->nat_port = key->sport;
	}
}

int zgc_nat_rewrite(struct sk_buff *skb, const struct zgc_fwd_pkt *p,
		    const struct zgc_flow_verdict *v);

#endif /* _ZGC_NAT_H */
