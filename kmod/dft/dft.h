/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The DFT as the rest of zgc sees it: a FWD's cache misses go to it, and
 * now and then a cache hit (to keep the flow's entries alive, or to
 * close them); cluster messages that arrive on the tunnel socket are
 * handed to it.
 */
#ifndef _DFT_DFT_H
#define _DFT_DFT_H

#include <linux/types.h>
#include <linux/zgc.h>

struct sk_buff;
struct sock;
struct zgc_dev;
struct zgc_flow;
struct zgc_fwd_pkt;
struct zgc_tenant;

bool dft_fwd_serves(struct zgc_dev *zd);
enum zgc_stats_attr dft_fwd_lookup(struct zgc_dev *zd, struct sock *sk,
				   struct zgc_tenant *t, struct sk_buff *skb,
				   unsigned int inner,
				   const struct zgc_fwd_pkt *p);
bool dft_fwd_refresh_due(const struct zgc_dev *zd, const struct zgc_flow *f,
			 bool closing);
enum zgc_stats_attr dft_fwd_refresh(struct zgc_dev *zd, struct sock *sk,
				    struct zgc_tenant *t, struct sk_buff *skb,
				    unsigned int inner,
				    const struct zgc_fwd_pkt *p,
				    struct zgc_flow *f);
bool dft_entry_moved(const struct zgc_dev *zd, const struct zgc_flow *f);
enum zgc_stats_attr dft_rx(struct zgc_dev *zd, struct sock *sk,
			   struct sk_buff *skb, unsigned int inner, u32 vni,
			   unsigned int opt, unsigned int optlen);

#endif /* _DFT_DFT_H */
