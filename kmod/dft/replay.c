// SPDX-License-Identifier: GPL-2.0
/*
 * Replay protection of authenticated cluster messages: each sender
 * numbers its messages (&dft_cluster.seq), and a receiver accepts each
 * number once, within a window of the 64 highest it has seen, as IPsec's
 * anti-replay window does (RFC 4303, 3.4.3). Messages may arrive out of
 * order (ECMP, two paths through a chain) but not by more than the
 * window; a message refused for being too old is lost like any other,
 * and the flow's next packet retries.
 *
 * Without a cluster key a forger could write any sequence number, so the
 * check is only made on messages whose MAC was verified.
 */

#include <linux/spinlock.h>

#include "cluster.h"
#include "replay.h"

#define DFT_REPLAY_WINDOW 64

/**
 * dft_replay_accept() - whether a sender's message number is new
 * @r: what was seen of that sender
 * @seq: the number
 *
 * Context: softirq (the receive path).
 * Return: true the first time @seq is offered within the window, and
 * then records it; false for a number seen or too old.
 */
bool dft_replay_accept(struct dft_replay *r, u64 seq)
{
	bool ok = false;
	u64 back;

	spin_lock(&r->lock);
	if (seq > r->top) {
		back = seq - r->top;
		r->seen = back < DFT_REPLAY_WINDOW ? r->seen << back | 1 : 1;
		r->top = seq;
		ok = true;
	} else {
		back = r->top - seq;
		if (back < DFT_REPLAY_WINDOW && !(r->seen & BIT_ULL(back))) {
			r->seen |= BIT_ULL(back);
			ok = true;
		}
	}
	spin_unlock(&r->lock);
	return ok;
}

/**
 * dft_replay_carry() - a new description takes over the windows of the
 *	one it replaces
 * @c: the new description, not yet published
 * @old: the device's description
 *
 * Senders number their messages across descriptions (from the real-time
 * clock when each is applied), and a new description accepts the
 * previous epoch's messages during a rolling apply: a window that began
 * again would take them twice. Each node's window moves to @c, and @old
 * accepts no message after: one that arrives before @c is published is
 * lost like any other.
 *
 * Context: process.
 */
void dft_replay_carry(struct dft_cluster *c, struct dft_cluster *old)
{
	const struct dft_node *n;
	struct dft_replay *r;
	u32 i;

	for (i = 0; i < c->nnodes; i++) {
		n = dft_cluster_node(old, c->nodes[i].id);
		if (!n)
			continue;
		r = &old->replay[n - old->nodes];
		spin_lock_bh(&r->lock);
		c->replay[i].top = r->top;
		c->replay[i].seen = r->seen;
		r->top = U64_MAX;
		r->seen = ~0ULL;
		spin_unlock_bh(&r->lock);
	}
}
