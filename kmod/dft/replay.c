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
 *
 * A window is of one boot of its sender (the number the sender drew when
 * its device took its first description, in every message): a message of
 * another boot is refused, and the window starts again, empty, for a
 * sender's new boot, once this node has learnt it (dft_replay_rebind(),
 * from an ACK to a PING of its own, member.c). A sender that restarted
 * with its clock behind is thus not refused for its old numbers, and
 * what it sent before it restarted is refused after. What this node
 * receives is, besides, bound to its own boot (auth.c): a message
 * captured before this node restarted is refused after, though its
 * windows start again empty.
 */

#include <linux/atomic.h>
#include <linux/spinlock.h>

#include "cluster.h"
#include "replay.h"

#define DFT_REPLAY_ROUNDS	64	/* the bits of &dft_replay_slot.seen */
#define DFT_REPLAY_WINDOW	(DFT_REPLAY_SLOTS * DFT_REPLAY_ROUNDS)
/* &dft_replay_slot.top of a window taken over by another description */
#define DFT_REPLAY_CLOSED	U64_MAX
/* &dft_replay.top while the window starts again (dft_replay_rebind()) */
#define DFT_REPLAY_REBINDING	(U64_MAX - 1)

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
 * @boot: the sender's boot number the message says
 * @seq: the number
 *
 * Context: softirq (the receive path).
 * Return: 0 the first time @seq of @boot is offered within the window,
 * and then records it; ZGC_STATS_DFT_RX_REPLAY for a number seen or too
 * old, ZGC_STATS_DFT_RX_OTHER_BOOT for a boot other than the window's.
 */
enum zgc_stats_attr dft_replay_accept(struct dft_replay *r, u32 boot, u64 seq)
{
	struct dft_replay_slot *s = &r->slot[seq % DFT_REPLAY_SLOTS];
	s64 top = atomic64_read(&r->top);
	enum zgc_stats_attr why = 0;

	if ((u64)top > seq && (u64)top - seq >= DFT_REPLAY_WINDOW)
		return ZGC_STATS_DFT_RX_REPLAY;
	spin_lock(&s->lock);
	if (!boot || s->boot != boot)
		why = ZGC_STATS_DFT_RX_OTHER_BOOT;
	else if (!dft_replay_slot_accept(s, seq / DFT_REPLAY_SLOTS))
		why = ZGC_STATS_DFT_RX_REPLAY;
	spin_unlock(&s->lock);
	/* The top only grows; a closed window stays closed. */
	while (!why && seq > (u64)top &&
	       !atomic64_try_cmpxchg(&r->top, &top, seq))
		;
	return why;
}

/**
 * dft_replay_boot() - the sender's boot number a window is of
 * @r: the window
 *
 * Return: the boot, 0 before it is known.
 */
u32 dft_replay_boot(struct dft_replay *r)
{
	return READ_ONCE(r->slot[0].boot);
}

/**
 * dft_replay_rebind() - a sender's window starts again, for its new boot
 * @r: the window
 * @boot: the sender's boot number now
 *
 * The window accepts nothing meanwhile, so that no message of the old
 * boot taken meanwhile raises its top; slot by slot it takes the new
 * boot, empty. (A message of the old boot whose slot was checked just
 * before, and whose top is raised just after, may still raise it: the
 * sender's new numbers, from its clock, pass it.) A window another
 * description took over stays closed.
 *
 * Context: softirq, with &dft_swim.lock held.
 */
void dft_replay_rebind(struct dft_replay *r, u32 boot)
{
	s64 top = atomic64_read(&r->top);
	struct dft_replay_slot *s;
	unsigned int k;

	do {
		if ((u64)top == DFT_REPLAY_CLOSED)
			return;
	} while (!atomic64_try_cmpxchg(&r->top, &top,
				       (s64)DFT_REPLAY_REBINDING));
	for (k = 0; k < DFT_REPLAY_SLOTS; k++) {
		s = &r->slot[k];
		spin_lock(&s->lock);
		if (s->top != DFT_REPLAY_CLOSED) {
			WRITE_ONCE(s->boot, boot);
			s->top = 0;
			s->seen = 0;
		}
		spin_unlock(&s->lock);
	}
	atomic64_cmpxchg(&r->top, (s64)DFT_REPLAY_REBINDING, 0);
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
			to->slot[k].boot = r->slot[k].boot;
			to->slot[k].top = r->slot[k].top;
			to->slot[k].seen = r->slot[k].seen;
			r->slot[k].top = DFT_REPLAY_CLOSED;
			spin_unlock_bh(&r->slot[k].lock);
		}
	}
}
