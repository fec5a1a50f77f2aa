/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _DFT_MEMBER_H
#define _DFT_MEMBER_H

#include <linux/spinlock.h>
#include <linux/timer.h>
#include <linux/types.h>
#include <linux/zgc.h>

/* The membership's settings when the description does not give them. */
#define DFT_PROBE_MS_DEFAULT	50
#define DFT_SUSPECT_MS_DEFAULT	150

struct dft_chain;
struct dft_cluster;
struct dft_sync_rx;
struct dft_msg;
struct dft_node;
struct netlink_ext_ack;
struct sk_buff;
struct sock;
struct zgc_dev;

/**
 * struct dft_member - what this node believes of a node of its cluster
 * @state: ZGC_NODE_ALIVE, _SUSPECT or _DEAD; read without the lock
 *	(READ_ONCE()) by the packet path to route around dead nodes
 * @sends: how many more messages are to carry this belief (gossip)
 * @flags: DFT_MEMBER_F_* of the node at @incarnation (read like @state).
 *	SYNCING: it is syncing its chains: it comes after their tails and
 *	answers nothing. DRAINING: it is taken out of its chains for
 *	maintenance, as if dead, though it still probes and answers probes
 * @incarnation: the node's incarnation the belief is about
 * @boot: the node's boot number as last heard from it, 0 before (in a
 *	keyed cluster, its messages are taken only of the boot their
 *	window is of, dft_replay_boot())
 * @since: when (jiffies) it was last declared alive, suspect or dead
 * @suspect_until: when (jiffies) a suspicion turns to death
 * @epoch: the epoch of the node's description, as last heard from it
 *	(0 before)
 * @rolled: the node said then that its transactions go by @epoch
 *	(DFT_PROBE_F_ROLLED)
 * @failed: a probe of the node, sent at @failed_at (jiffies) to it at
 *	incarnation @failed_inc, had no ACK; a suspicion once another node
 *	is heard after it (dft_member_confirm())
 * @challenge: an unbound PING is to ask the node its boot at the next
 *	tick (set without the lock, dft_member_challenge())
 * @nonce: the number of the last such PING, until an ACK answers it
 */
struct dft_member {
	u8 state;
	u8 sends;
	u8 flags;
	u32 incarnation;
	u32 boot;
	unsigned long since;
	unsigned long suspect_until;
	u64 epoch;
	bool rolled;
	bool failed;
	u32 failed_inc;
	unsigned long failed_at;
	bool challenge;
	u32 nonce;
};

/**
 * struct dft_swim - the membership protocol of one cluster description
 * @lock: guards everything here and in @members but @timer, @zd and the
 *	settings; taken in softirq (the timer, the receive path) and with
 *	bottom halves disabled (netlink), never nested in another lock;
 *	the replay windows' slot locks nest in it (dft_replay_rebind())
 * @timer: ticks twice per probe period while the device is up
 * @zd: the device, while @running
 * @running: the timer is to rearm itself (written under RTNL and @lock)
 * @incarnation: this node's own incarnation
 * @boot: this node's boot number (struct dft_wire_probe), drawn when the
 *	device first joined the cluster; kept by new descriptions
 * @marked: while this node syncs, its old entries are marked unsynced (by
 *	sync.c, in round @round): it may ask for its chains' entries
 * @marking: the device's work was asked to mark them, in this round
 * @round: how many times this node began to sync, so that the device's
 *	work can tell whether what it did is still for the current one
 * @sync_since: when (jiffies) this node last began to sync
 * @nsync: how many chains this node is in
 * @sync: the state of its transfer from each of them, while syncing
 * @next: where the round-robin of probe targets is
 * @target: the node probed in this period (index), or U32_MAX
 * @nonce: the number of that probe, drawn at random (an ACK that answers
 *	it may teach a node's new boot)
 * @sent: when (jiffies) it was sent
 * @acked: an ACK of it came
 * @half: the next tick is the middle of the period
 * @gossip: where the next message's rotating news starts
 * @suspects: where the next tick's pings of suspects start
 * @lapsed: this node's lease has lapsed, since @lapse_start (jiffies):
 *	its suspicions wait meanwhile
 * @heard: when (jiffies) another node last acknowledged a probe of this
 *	node's: the tail's lease (dft_member_lease_valid())
 * @members: a belief per node of the cluster, as its nodes array
 * @rolled: every node but the dead ones has been heard on this
 *	description's epoch: this node's transactions go by it, no longer by
 *	the previous one (dft_cluster_txn_epoch()), and its state transfers
 *	may start; read without the lock. A description with no previous
 *	epoch starts rolled, unless it joins a running cluster
 *	(dft_member_join()).
 */
struct dft_swim {
	spinlock_t lock;
	struct timer_list timer;
	struct zgc_dev *zd;
	bool running;
	u32 incarnation;
	u32 boot;
	bool marked;
	bool marking;
	u32 round;
	unsigned long sync_since;
	u32 nsync;
	struct dft_sync_rx *sync;
	u32 next;
	u32 target;
	u32 nonce;
	unsigned long sent;
	bool acked;
	bool half;
	u32 gossip;
	u32 suspects;
	bool lapsed;
	unsigned long lapse_start;
	unsigned long heard;
	struct dft_member *members;
	bool rolled;
};

void dft_member_init(struct dft_cluster *c);
void dft_member_carry(struct dft_cluster *c, struct dft_cluster *old);
void dft_member_join(struct dft_cluster *c, const struct dft_cluster *old);
void dft_member_join_running(struct dft_cluster *c);
bool dft_member_all_rolled(const struct dft_cluster *c);
void dft_member_start(struct dft_cluster *c, struct zgc_dev *zd);
void dft_member_stop(struct dft_cluster *c);
void dft_member_get(struct dft_cluster *c, struct dft_member *out);
void dft_member_challenge(struct dft_cluster *c, u32 i);
enum zgc_stats_attr dft_member_rx(struct zgc_dev *zd, struct sock *sk,
				  struct dft_cluster *c, struct sk_buff *skb,
				  unsigned int inner, u32 vni,
				  const struct dft_msg *m, unsigned int opt,
				  unsigned int optlen,
				  const struct dft_node *from);

enum zgc_stats_attr dft_member_stranger(struct zgc_dev *zd, struct sock *sk,
					struct dft_cluster *c,
					struct sk_buff *skb,
					unsigned int inner, u32 vni,
					const struct dft_msg *m,
					unsigned int opt, unsigned int optlen);

bool dft_chain_node_out(const struct dft_cluster *c,
			const struct dft_chain *ch, int i);
bool dft_chain_node_syncing(const struct dft_cluster *c,
			    const struct dft_chain *ch, int i);
int dft_chain_rank(const struct dft_cluster *c, const struct dft_chain *ch,
		   int i);
u8 dft_member_shown(const struct dft_member *m);
int dft_member_drain(struct dft_cluster *c, bool drain,
		     struct netlink_ext_ack *extack);
void dft_member_sync_done(struct dft_cluster *c);
bool dft_member_lease_valid(const struct dft_cluster *c);
int dft_chain_live_head(const struct dft_cluster *c,
			const struct dft_chain *ch);
int dft_chain_live_tail(const struct dft_cluster *c,
			const struct dft_chain *ch);
int dft_chain_live_next(const struct dft_cluster *c,
			const struct dft_chain *ch, int pos);
u16 dft_chain_view(const struct dft_cluster *c, const struct dft_chain *ch);

#endif /* _DFT_MEMBER_H */
