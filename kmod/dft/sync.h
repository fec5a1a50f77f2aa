/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _DFT_SYNC_H
#define _DFT_SYNC_H

#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/workqueue.h>
#include <linux/zgc.h>

struct dft_cluster;
struct dft_msg;
struct dft_node;
struct sk_buff;
struct sock;
struct zgc_dev;

/* How many SYNC_REQs a membership tick may send. */
#define DFT_SYNC_REQS_MAX	4
/* How many transfers a tail keeps waiting to be sent. */
#define DFT_SYNC_JOBS		8

/**
 * enum dft_sync_state - where a syncing node's transfer of a chain is
 * @DFT_SYNC_TAKING: asking the chain's tail, or taking its entries
 * @DFT_SYNC_TAKEN: the whole transfer came: the chain's unsynced entries it
 *	did not replace are to go
 * @DFT_SYNC_NOBODY: no node of the chain serves, none can give its
 *	entries: its unsynced entries are to stay
 * @DFT_SYNC_FINISHING: the device's work does either
 * @DFT_SYNC_DONE: the chain is synced
 */
enum dft_sync_state {
	DFT_SYNC_TAKING,
	DFT_SYNC_TAKEN,
	DFT_SYNC_NOBODY,
	DFT_SYNC_FINISHING,
	DFT_SYNC_DONE,
};

/**
 * struct dft_sync_rx - a syncing node's transfer of one of its chains
 * @chain: the chain's index in the description's chains
 * @nonce: the number of the request being answered, 0 before one
 * @from: the index of the node asked (the chain's tail then)
 * @received: how many entries of the transfer came, in order
 * @seen: @received at the last tick, to tell progress
 * @state: enum dft_sync_state
 * @asked: when (jiffies) the request went, or the transfer last moved
 */
struct dft_sync_rx {
	u32 chain;
	u32 nonce;
	u32 from;
	u32 received;
	u32 seen;
	u32 state;
	unsigned long asked;
};

/**
 * struct dft_sync_out - a SYNC_REQ to send once the lock is released
 * @skb: the message, its payload built
 * @to: the index of the node to send it to
 * @chain: the chain's id
 * @view: the chain as this node sees it
 */
struct dft_sync_out {
	struct sk_buff *skb;
	u32 to;
	u32 chain;
	u16 view;
};

/**
 * struct dft_sync_job - a transfer a tail is to send
 * @to: the syncing node's id
 * @chain: the chain's id
 * @nonce: the request's number
 * @epoch: the description's epoch it was asked in
 */
struct dft_sync_job {
	u32 to;
	u32 chain;
	u32 nonce;
	u64 epoch;
};

/**
 * struct dft_sync_tx - a device's state transfer work
 * @lock: guards @mark, @finish, @njobs and @jobs (taken in softirq and in
 *	the work, with bottom halves disabled; never nested in another lock
 *	but the membership's, &dft_swim.lock, which dft_sync_begin(),
 *	dft_sync_tick() and dft_sync_rx() hold)
 * @work: marks a syncing node's entries unsynced, finishes its chains'
 *	transfers, and sends the transfers asked of it as a tail
 * @mark: the device's DFT entries are to be marked unsynced (it starts
 *	syncing)
 * @finish: some of its chains' transfers ended (DFT_SYNC_TAKEN or
 *	DFT_SYNC_NOBODY)
 * @njobs: how many transfers wait
 * @jobs: the transfers, oldest first
 */
struct dft_sync_tx {
	spinlock_t lock;
	struct work_struct work;
	bool mark;
	bool finish;
	unsigned int njobs;
	struct dft_sync_job jobs[DFT_SYNC_JOBS];
};

void dft_sync_tx_init(struct zgc_dev *zd);
void dft_sync_tx_stop(struct zgc_dev *zd);
void dft_sync_begin(struct dft_cluster *c);
unsigned int dft_sync_tick(struct dft_cluster *c, struct dft_sync_out *o);
void dft_sync_send(struct zgc_dev *zd, struct sock *sk, struct dft_cluster *c,
		   struct dft_sync_out *o);
enum zgc_stats_attr dft_sync_rx(struct zgc_dev *zd, struct dft_cluster *c,
				struct sk_buff *skb, unsigned int inner,
				u32 vni, const struct dft_msg *m,
				unsigned int opt, unsigned int optlen,
				const struct dft_node *from);

#endif /* _DFT_SYNC_H */
