// SPDX-License-Identifier: GPL-2.0
/*
 * Replay protection of authenticated cluster messages: each sender
 * numbers its messages (&dft_cluster.seq), and a receiver accepts each
 * number once, within a window of the DFT_REPLAY_WINDOW (8192) below the
 * highest it has accepted, as IPsec's anti-replay window does (RFC 4303,
 * 3.4.3) but wider, as WireGuard's: a sender's messages spread over the
 * receiver's queues and CPUs (and over ECMP paths and the two ways
 * through a chain) and arrive out of order. A message refused for being
 * too old is lost like any other, and the flow's next packet retries.
 *
 * The window of a sender is DFT_REPLAY_SLOTS slots, number n in slot
 * n % DFT_REPLAY_SLOTS, each a window of 64 of its own (a highest round
 * n / DFT_REPLAY_SLOTS and a bitmap of the 64 rounds up to it) under a
 * lock of its own: consecutive numbers, taken by different CPUs, take
 * different locks. The highest number accepted (&dft_replay.top, an
 * atomic, no lock) bounds how old a number the slots may accept.
 *
 * Without a cluster key a forger could write any sequence number, so the
 * check is only made on messages whose MAC was verified.
 */

#include <linux/atomic.h>
#include <linux/spinlock.h>

#include "cluster.h"
#include "replay.h"

#define DFT_REPLAY_ROUNDS	64	/* the bits of &dft_replay_slot.seen */
#define DFT_REPLAY_WINDOW	(DFT_REPLAY_SLOTS * DFT_REPLAY_ROUNDS)
/* &dft_replay_slot.top of a window taken over by another description */
#define DFT_REPLAY_CLOSED	U64_MAX

/**
 * dft_replay_init() - a sender's window, before its first message
 * @r: the window, zeroed
 */
void dft_replay_init(struct dft_replay *r)
{
	unsigned int i;

	for (i = 0; i < DFT_REPLAY_SLOTS; i++)
		spin_lock_init(&r->slot[i].lock);
}

/* Records round @round of a slot, if new; called with its lock held. */
static bool dft_replay_slot_accept(struct dft_replay_slot *s, u64 round)
{
	u64 back;

	if (s->top == DFT_REPLAY_CLOSED)
		return false;
	if (round > s->top) {
		back = round - s->top;
		s->seen = back < DFT_REPLAY_ROUNDS ? s->seen << back | 1 : 1;
		s->top = round;
		return true;
	}
	back = s->top - round;
	if (back >= DFT_REPLAY_ROUNDS || (s->seen & BIT_ULL(back)))
		return false;
	s->seen |= BIT_ULL(back);
	return true;
}

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
	struct dft_replay_slot *s = &r->slot[seq % DFT_REPLAY_SLOTS];
	s64 top = atomic64_read(&r->top);
	bool ok;

	if ((u64)top > seq && (u64)top - seq >= DFT_REPLAY_WINDOW)
		return false;
	spin_lock(&s->lock);
	ok = dft_replay_slot_accept(s, seq / DFT_REPLAY_SLOTS);
	spin_unlock(&s->lock);
	/* The top only grows; a closed window stays closed. */
	while (ok && seq > (u64)top &&
	       !atomic64_try_cmpxchg(&r->top, &top, seq))
		;
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
 * lost like any other. (A number @old accepts while its slot is not yet
 * moved is moved with it; its top is closed first, so no number @old
 * accepts after that raises @c's.)
 *
 * Context: process.
 */
void dft_replay_carry(struct dft_cluster *c, struct dft_cluster *old)
{
	struct dft_replay *r, *to;
	const struct dft_node *n;
	unsigned int k;
	u32 i;

	for (i = 0; i < c->nnodes; i++) {
		n = dft_cluster_node(old, c->nodes[i].id);
		if (!n)
			continue;
		r = &old->replay[n - old->nodes];
		to = &c->replay[i];
		atomic64_set(&to->top, atomic64_xchg(&r->top,
						     (s64)DFT_REPLAY_CLOSED));
		for (k = 0; k < DFT_REPLAY_SLOTS; k++) {
			spin_lock_bh(&r->slot[k].lock);
			to->slot[k].top = r->slot[k].top;
			to->slot[k].seen = r->slot[k].seen;
			r->slot[k].top = DFT_REPLAY_CLOSED;
			spin_unlock_bh(&r->slot[k].lock);
		}
	}
}
