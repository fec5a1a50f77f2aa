/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _DFT_SEND_H
#define _DFT_SEND_H

#include <linux/types.h>

struct dft_cluster;
struct dft_epoch;
struct dft_msg;
struct dft_node;
struct sk_buff;
struct sock;
struct zgc_dev;
struct zgc_flow_key;

void dft_send_msg(struct zgc_dev *zd, struct sock *sk, struct sk_buff *skb,
		  unsigned int inner, struct dft_cluster *c,
		  const struct dft_epoch *e, struct dft_msg *m,
		  const struct dft_node *to, u32 vni);
void dft_send(struct zgc_dev *zd, struct sock *sk, struct sk_buff *skb,
	      unsigned int inner, struct dft_cluster *c,
	      const struct dft_epoch *e, struct dft_msg *m,
	      const struct dft_node *to, const struct zgc_flow_key *fk);

#endif /* _DFT_SEND_H */
