/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ZGC_FWD_H
#define _ZGC_FWD_H

#include <linux/zgc.h>

#include "flow.h"

struct sk_buff;
struct sock;
struct zgc_dev;
struct zgc_tenant;

/**
 * struct zgc_fwd_pkt - what forwarding learns of an inner packet
 * @key: its flow
 * @nh: offset of its IP header from skb->data
 * @l4: offset of its transport header (past IPv6 extension headers)
 * @ipv6: an IPv6 packet
 * @ports: its TCP or UDP header is there and pulled (not a fragment
 *	other than the first)
 * @closing: a TCP FIN or RST
 * @frag: a fragment (zgc_fwd_frag())
 * @frag_first: the first fragment (offset 0), @key its flow's
 * @frag_id: the fragments' identification (IPv4: 16 bits), host order
 * @frag_proto: the protocol every fragment names (IPv6: the fragment
 *	header's next header, which headers after it may follow)
 */
struct zgc_fwd_pkt {
	struct zgc_flow_key key;
	unsigned int nh;
	unsigned int l4;
	bool ipv6;
	bool ports;
	bool closing;
	bool frag;
	bool frag_first;
	u32 frag_id;
	u8 frag_proto;
};


enum zgc_stats_attr zgc_fwd_ip(struct zgc_dev *zd, struct sock *sk,
			       struct zgc_tenant *t, struct sk_buff *skb,
			       unsigned int inner);

enum zgc_stats_attr zgc_fwd_flow(struct zgc_dev *zd, struct sock *sk,
				 struct zgc_tenant *t, struct sk_buff *skb,
				 unsigned int inner, const struct zgc_fwd_pkt *p);
enum zgc_stats_attr zgc_fwd_parse(struct sk_buff *skb, unsigned int inner,
				  u32 vni, struct zgc_fwd_pkt *p);
enum zgc_stats_attr zgc_fwd_decide(struct zgc_dev *zd,
				   const struct zgc_tenant *t,
				   const struct zgc_flow_key *key,
				   struct zgc_flow_verdict *v,
				   const struct zgc_flow_verdict *was);
enum zgc_stats_attr zgc_fwd_decide_reverse(struct zgc_dev *zd,
					   const struct zgc_tenant *t,
					   const struct zgc_flow_key *key,
					   const struct zgc_flow_verdict *fv,
					   struct zgc_flow_key *rkey,
					   struct zgc_flow_verdict *rv);
enum zgc_stats_attr zgc_fwd_insert_error(const struct zgc_flow *f);
enum zgc_stats_attr zgc_fwd_execute(struct zgc_dev *zd, struct sock *sk,
				    struct zgc_tenant *t, struct sk_buff *skb,
				    unsigned int inner,
				    const struct zgc_fwd_pkt *p,
				    struct zgc_flow *f);

#endif /* _ZGC_FWD_H */
