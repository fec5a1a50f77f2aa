/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ZGC_ICMP_H
#define _ZGC_ICMP_H

#include <linux/types.h>

struct sk_buff;
struct sock;
struct zgc_dev;
struct zgc_tenant;

/* ICMP and ICMPv6 errors a device sends, per CPU and second at most. */
#define ZGC_ICMP_PER_SEC 100

bool zgc_icmp_allow(struct zgc_dev *zd);
void zgc_icmp_error(struct zgc_dev *zd, struct sock *sk,
		    const struct zgc_tenant *t, const struct sk_buff *skb,
		    unsigned int inner, u8 type, u8 code, u16 mtu);
void zgc_icmp6_error(struct zgc_dev *zd, struct sock *sk,
		     const struct zgc_tenant *t, const struct sk_buff *skb,
		     unsigned int inner, u8 type, u8 code, u32 mtu);

#endif /* _ZGC_ICMP_H */
