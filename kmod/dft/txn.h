/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _DFT_TXN_H
#define _DFT_TXN_H

#include "fwd.h"
#include "msg.h"

struct dft_chain;
struct dft_cluster;
struct dft_epoch;
struct sk_buff;
struct sock;
struct zgc_dev;
struct zgc_tenant;

/**
 * struct dft_txn - a cluster message being handled (rx.c)
 * @zd: the device it arrived at
 * @sk: its tunnel socket
 * @skb: the message: skb->data at its UDP header
 * @inner: offset of the tenant frame from skb->data
 * @c: the device's cluster description
 * @e: the epoch the message goes by: @c's own or the one before it
 * @t: the tenant of the frame
 * @p: the tenant frame, parsed; @p.key is the frame's flow
 * @rkey: the reverse of that flow
 * @key: the flow whose entry the message is about: &@p.key, or &@rkey
 *	when the message has DFT_F_REVERSE
 * @vi: the index in @m.v of that flow's verdict (1 for @rkey)
 * @m: the DFT option, read and checked
 * @ch: the chain of @key's flow
 * @pos: this node's place in @ch (0: first), -1 when not in it
 * @head: the place of @ch's head: its first node not believed dead
 * @tail: the place of its tail: its last node not believed dead
 */
struct dft_txn {
	struct zgc_dev *zd;
	struct sock *sk;
	struct sk_buff *skb;
	unsigned int inner;
	struct dft_cluster *c;
	const struct dft_epoch *e;
	struct zgc_tenant *t;
	struct zgc_fwd_pkt p;
	struct zgc_flow_key rkey;
	const struct zgc_flow_key *key;
	unsigned int vi;
	struct dft_msg m;
	const struct dft_chain *ch;
	int pos;
	int head;
	int tail;
};

enum zgc_stats_attr dft_chain_rx(struct dft_txn *x);
enum zgc_stats_attr dft_chain_orphan(struct dft_txn *x);
enum zgc_stats_attr dft_fwd_reply(struct dft_txn *x);

#endif /* _DFT_TXN_H */
