/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _DFT_AUTH_H
#define _DFT_AUTH_H

#include <linux/siphash.h>
#include <linux/types.h>
#include <linux/zgc.h>

struct dft_cluster;
struct dft_msg;
struct dft_node;
struct sk_buff;

void dft_auth_sign(void *data, unsigned int len, const siphash_key_t *key,
		   u32 vni, const struct sk_buff *skb, unsigned int frame);
bool dft_auth_valid(const void *data, unsigned int len,
		    const siphash_key_t *key, u32 vni,
		    const struct sk_buff *skb, unsigned int frame);
u32 dft_auth_bound_to(const struct dft_cluster *c, const struct dft_node *to);
enum zgc_stats_attr dft_auth_fresh(struct dft_cluster *c,
				   const struct dft_msg *m,
				   const struct dft_node *from);

#endif /* _DFT_AUTH_H */
