// SPDX-License-Identifier: GPL-2.0
/*
 * Authenticated cluster messages: their MAC over the packet, and whether
 * an authentic one is new to this node.
 *
 * In a cluster with a key, every message carries a MAC (msg.c) over its
 * DFT option, its VNI and the whole frame it carries, computed here over
 * the packet's bytes wherever they are (a frame may be in fragments).
 * An authentic message may still be an old one sent again: it is taken
 * only when
 *   - it is bound to this node's boot (&dft_wire_hdr.bound): a message
 *     captured before this node restarted (module reloaded, device
 *     re-created, machine rebooted) names its previous boot, and is
 *     refused, though this node's windows of sequence numbers start
 *     again empty;
 *   - it is of its sender's boot this node knows (&dft_wire_hdr.boot):
 *     what a sender sent before it restarted is refused after;
 *   - its sequence number is new for that boot (replay.c).
 * Refused for a boot (ZGC_STATS_DFT_RX_OTHER_BOOT), it has this node ask
 * its sender which boot it is at (dft_member_challenge()): a PING bound
 * to no boot, whose ACK, bound to this node's, answers a number this node
 * drew, and teaches it the sender's boot. Each node learns the others'
 * boots so when the cluster starts, and again when one restarts: its
 * messages are refused meanwhile, about a probe period.
 *
 * Context: softirq (the receive path and the senders), RCU read side.
 */

#include <linux/skbuff.h>

#include "auth.h"
#include "cluster.h"
#include "member.h"
#include "msg.h"
#include "replay.h"

/* Feeds the bytes of @skb from @off to its end to @s. */
static void dft_auth_feed(struct dft_mac *s, const struct sk_buff *skb,
			  unsigned int off)
{
	unsigned int head = skb_headlen(skb), n;
	u8 buf[128];

	if (off < head) {
		dft_mac_update(s, skb->data + off, head - off);
		off = head;
	}
	while (off < skb->len) {
		n = min_t(unsigned int, skb->len - off, sizeof(buf));
		if (WARN_ON_ONCE(skb_copy_bits(skb, off, buf, n)))
			return;
		dft_mac_update(s, buf, n);
		off += n;
	}
}

/**
 * dft_auth_sign() - write a message's MAC
 * @data: its DFT option's data, written but for the MAC (dft_msg_write())
 * @len: its length, the MAC included
 * @key: the cluster's key
 * @vni: the Geneve header's VNI
 * @skb: the packet
 * @frame: offset from skb->data of the frame it carries, which ends with
 *	@skb and is final (its checksums done)
 */
void dft_auth_sign(void *data, unsigned int len, const siphash_key_t *key,
		   u32 vni, const struct sk_buff *skb, unsigned int frame)
{
	struct dft_mac s;

	dft_msg_mac_begin(&s, data, len, key, vni);
	dft_auth_feed(&s, skb, frame);
	dft_msg_mac_put(data, len, &s);
}

/**
 * dft_auth_valid() - whether a received message's MAC is right
 * @data: its DFT option's data, read with DFT_F_AUTH
 * @len: its length
 * @key: the cluster's key
 * @vni: the Geneve header's VNI
 * @skb: the packet
 * @frame: offset from skb->data of the frame it carries, to its end
 *
 * Return: true when the MAC is the one @key gives.
 */
bool dft_auth_valid(const void *data, unsigned int len,
		    const siphash_key_t *key, u32 vni,
		    const struct sk_buff *skb, unsigned int frame)
{
	struct dft_mac s;

	dft_msg_mac_begin(&s, data, len, key, vni);
	dft_auth_feed(&s, skb, frame);
	return dft_msg_mac_check(data, len, &s);
}

/**
 * dft_auth_bound_to() - the boot a message to a node is bound to
 * @c: the description
 * @to: the node, one of @c's
 *
 * Return: the node's boot number as this node last learnt it, or 0 (not
 * known yet, or a cluster without a key: nothing to bind).
 */
u32 dft_auth_bound_to(const struct dft_cluster *c, const struct dft_node *to)
{
	if (!c->auth)
		return 0;
	return dft_replay_boot(&c->replay[to - c->nodes]);
}

/**
 * dft_auth_fresh() - whether an authentic message is new to this node
 * @c: the description
 * @m: the message, its MAC verified
 * @from: its sender, one of @c's nodes
 *
 * For every message but the membership's, whose PINGs may be unbound and
 * whose ACKs teach boots (member.c).
 *
 * Return: 0, or why to drop it.
 */
enum zgc_stats_attr dft_auth_fresh(struct dft_cluster *c,
				   const struct dft_msg *m,
				   const struct dft_node *from)
{
	enum zgc_stats_attr why = ZGC_STATS_DFT_RX_OTHER_BOOT;

	if (m->bound == c->swim.boot)
		why = dft_replay_accept(&c->replay[from - c->nodes], m->boot,
					m->seq);
	if (why == ZGC_STATS_DFT_RX_OTHER_BOOT)
		dft_member_challenge(c, from - c->nodes);
	return why;
}
