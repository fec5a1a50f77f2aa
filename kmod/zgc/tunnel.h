/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ZGC_TUNNEL_H
#define _ZGC_TUNNEL_H

struct sk_buff;
struct sock;
struct zgc_dev;

int zgc_tunnel_open(struct zgc_dev *zd);
void zgc_tunnel_close(struct zgc_dev *zd);

/* rx.c */
int zgc_rx_encap(struct sock *sk, struct sk_buff *skb);

#endif /* _ZGC_TUNNEL_H */
