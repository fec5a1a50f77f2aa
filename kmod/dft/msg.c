// SPDX-License-Identifier: GPL-2.0
/*
 * Reading and writing the DFT option of cluster messages (wire.h,
 * Documentation/wire-format.md), and their MAC.
 *
 * The MAC is SipHash-2-4 under the cluster's key over the option's data
 * up to the MAC, followed by the key of the flow the tenant frame
 * belongs to (as the receiver parses it from the frame), so that neither
 * the transaction nor the flow it is about can be changed without the
 * key; in a membership message, followed by its probe and news; in a
 * state transfer message, followed by the SipHash of its payload under
 * the same key. Replays of whole messages are caught by their sequence
 * numbers (replay.c).
 *
 * Context: any; nothing here sleeps or takes a lock.
 */

#include <crypto/algapi.h>
#include <linux/etherdevice.h>
#include <linux/in.h>
#include <linux/string.h>
#include <linux/zgc.h>
#include <net/ip.h>

#include "compat.h"
#include "msg.h"

static unsigned int dft_msg_body_len(u8 nverdicts)
{
	return sizeof(struct dft_wire_hdr) +
	       nverdicts * sizeof(struct dft_wire_verdict);
}

/**
 * dft_msg_len() - the length of a message's option data
 * @m: the message
 *
 * Return: bytes, a multiple of 4, at most DFT_WIRE_MAX_LEN.
 */
unsigned int dft_msg_len(const struct dft_msg *m)
{
	/* Options are made of 4-byte words. */
	BUILD_BUG_ON(sizeof(struct dft_wire_hdr) % 4 ||
		     sizeof(struct dft_wire_verdict) % 4);
	return dft_msg_body_len(m->nverdicts) +
	       (m->flags & DFT_F_AUTH ? DFT_WIRE_MAC_LEN : 0);
}

/**
 * dft_msg_verdict_read() - a verdict from the wire
 * @w: the verdict as sent
 * @v: where to put it
 */
void dft_msg_verdict_read(const struct dft_wire_verdict *w,
			  struct zgc_flow_verdict *v)
{
	memset(v, 0, sizeof(*v));
	v->action = w->action;
	v->flags = w->flags;
	memcpy(v->dmac, w->dmac, ETH_ALEN);
	memcpy(v->smac, w->smac, ETH_ALEN);
	v->host = w->host;
}

/**
 * dft_msg_verdict_write() - a verdict for the wire
 * @w: where to put it
 * @v: the verdict
 */
void dft_msg_verdict_write(struct dft_wire_verdict *w,
			   const struct zgc_flow_verdict *v)
{
	w->action = v->action;
	w->flags = v->flags;
	memcpy(w->dmac, v->dmac, ETH_ALEN);
	memcpy(w->smac, v->smac, ETH_ALEN);
	w->reserved = 0;
	w->host = v->host;
}

/*
 * A verdict as zgc_fwd_decide() makes them: a known action and flags; to
 * forward, unicast MACs (the source one when routed) and a unicast host.
 * Another one in a message, MAC or not, is a forgery or a bug: it would
 * go straight into the flow cache. (A host that is an address of the
 * receiving node is refused when the packet is sent, zgc_fwd_forward().)
 */
static bool dft_msg_verdict_valid(const struct zgc_flow_verdict *v)
{
	__be32 host = v->host;

	if (!v->action || v->action >= __ZGC_FLOW_ACTION_MAX ||
	    (v->flags & ~ZGC_FLOW_F_ROUTED))
		return false;
	if (v->action != ZGC_FLOW_FORWARD)
		return true;
	return is_valid_ether_addr(v->dmac) &&
	       (!(v->flags & ZGC_FLOW_F_ROUTED) ||
		is_valid_ether_addr(v->smac)) &&
	       !ipv4_is_multicast(host) && !ipv4_is_lbcast(host) &&
	       !ipv4_is_zeronet(host) && !ipv4_is_loopback(host);
}

/**
 * dft_msg_read() - read a DFT option's data
 * @data: the data, after the Geneve option header
 * @len: its length, as the option header says
 * @m: where to put what it says
 *
 * Checks the form only: whether the message is for this node, of the
 * current epoch, and authentic is for the caller to decide.
 *
 * Return: DFT_MSG_OK, or why the option is refused.
 */
enum dft_msg_err dft_msg_read(const void *data, unsigned int len,
			      struct dft_msg *m)
{
	const struct dft_wire_hdr *h = data;
	const struct dft_wire_verdict *w;
	unsigned int i;

	if (len < 1)
		return DFT_MSG_MALFORMED;
	/* The version first: a later one may have another layout. */
	if (h->ver_op >> 4 != DFT_WIRE_VERSION)
		return DFT_MSG_VERSION;
	if (len < sizeof(*h))
		return DFT_MSG_MALFORMED;
	m->op = h->ver_op & 0xf;
	m->flags = h->flags;
	m->hops = h->hops;
	m->nverdicts = h->verdicts;
	if (!m->op || m->op > DFT_OP_MAX || (m->flags & ~DFT_F_KNOWN) ||
	    m->nverdicts > ARRAY_SIZE(m->v) || len != dft_msg_len(m) ||
	    h->reserved)
		return DFT_MSG_MALFORMED;
	m->view = get_unaligned_be16(&h->view);
	/*
	 * Membership messages carry no verdict and no view, state transfer
	 * messages no verdict; both visit one node.
	 */
	if ((dft_op_is_member(m->op) || dft_op_is_sync(m->op)) &&
	    (m->nverdicts || (m->flags & DFT_F_REVERSE) ||
	     (dft_op_is_member(m->op) && m->view)))
		return DFT_MSG_MALFORMED;
	/* The reverse flow's entry rides in an INSERT or UPDATE only. */
	if ((m->flags & DFT_F_REVERSE) &&
	    ((m->op != DFT_OP_INSERT && m->op != DFT_OP_UPDATE) ||
	     m->nverdicts != 2))
		return DFT_MSG_MALFORMED;
	/* A moved flow's: the LOOKUP, the INSERT it may become, the REPLY. */
	if ((m->flags & DFT_F_MIGRATE) &&
	    ((m->op != DFT_OP_LOOKUP && m->op != DFT_OP_INSERT &&
	      m->op != DFT_OP_REPLY) || (m->flags & DFT_F_REVERSE)))
		return DFT_MSG_MALFORMED;
	m->cluster = get_unaligned_be32(&h->cluster);
	m->chain = get_unaligned_be32(&h->chain);
	m->epoch = get_unaligned_be64(&h->epoch);
	m->sender = get_unaligned_be32(&h->sender);
	m->seq = get_unaligned_be64(&h->seq);
	m->fwd = h->fwd;
	m->host = h->host;
	m->entrance = h->entrance;
	m->version = get_unaligned_be32(&h->version);
	w = (const struct dft_wire_verdict *)(h + 1);
	for (i = 0; i < m->nverdicts; i++, w++) {
		if (w->reserved)
			return DFT_MSG_MALFORMED;
		dft_msg_verdict_read(w, &m->v[i]);
		if (!dft_msg_verdict_valid(&m->v[i]))
			return DFT_MSG_MALFORMED;
	}
	return DFT_MSG_OK;
}

/* More than either kind of message covers. */
#define DFT_MSG_EXTRA_MAX	(sizeof(struct zgc_flow_key) + DFT_PROBE_MAX_LEN)

/*
 * The MAC of @len bytes of option data and @elen bytes after them (the
 * flow key, or a probe), copied together into an aligned buffer
 * (siphash() reads 64-bit words).
 */
static u64 dft_msg_mac(const void *data, unsigned int len,
		       const siphash_key_t *key, const void *extra,
		       unsigned int elen)
{
	u64 buf[(DFT_WIRE_MAX_LEN + DFT_MSG_EXTRA_MAX) / sizeof(u64) + 1];

	if (WARN_ON_ONCE(len > DFT_WIRE_MAX_LEN || elen > DFT_MSG_EXTRA_MAX))
		return 0;
	memcpy(buf, data, len);
	memcpy((u8 *)buf + len, extra, elen);
	return siphash(buf, len + elen, key);
}

/**
 * dft_msg_write() - write a DFT option's data
 * @data: room for dft_msg_len(@m) bytes, after the Geneve option header
 * @m: the message
 * @key: the cluster's key, when @m has DFT_F_AUTH
 * @extra: what the MAC covers after the option's data: the key of the
 *	flow the message's tenant frame belongs to, or a membership
 *	message's probe and news
 * @elen: its length
 */
void dft_msg_write(void *data, const struct dft_msg *m,
		   const siphash_key_t *key, const void *extra,
		   unsigned int elen)
{
	struct dft_wire_hdr *h = data;
	struct dft_wire_verdict *w;
	unsigned int i, body;

	h->ver_op = DFT_WIRE_VERSION << 4 | m->op;
	h->flags = m->flags;
	h->hops = m->hops;
	h->verdicts = m->nverdicts;
	put_unaligned_be32(m->cluster, &h->cluster);
	put_unaligned_be32(m->chain, &h->chain);
	put_unaligned_be64(m->epoch, &h->epoch);
	put_unaligned_be32(m->sender, &h->sender);
	put_unaligned_be64(m->seq, &h->seq);
	h->fwd = m->fwd;
	h->host = m->host;
	h->entrance = m->entrance;
	put_unaligned_be32(m->version, &h->version);
	put_unaligned_be16(m->view, &h->view);
	h->reserved = 0;
	w = (struct dft_wire_verdict *)(h + 1);
	for (i = 0; i < m->nverdicts; i++)
		dft_msg_verdict_write(w + i, &m->v[i]);
	if (m->flags & DFT_F_AUTH) {
		body = dft_msg_body_len(m->nverdicts);
		put_unaligned_be64(dft_msg_mac(data, body, key, extra, elen),
				   (u8 *)data + body);
	}
}

/**
 * dft_msg_mac_valid() - whether a message's MAC is right
 * @data: its option data, read by dft_msg_read() with DFT_F_AUTH set
 * @len: its length
 * @key: the cluster's key
 * @extra: what the MAC covers after the data, as for dft_msg_write()
 * @elen: its length
 *
 * Return: true when the MAC is the one @key gives.
 */
bool dft_msg_mac_valid(const void *data, unsigned int len,
		       const siphash_key_t *key, const void *extra,
		       unsigned int elen)
{
	unsigned int body = len - DFT_WIRE_MAC_LEN;
	u64 want = dft_msg_mac(data, body, key, extra, elen);
	u64 got = get_unaligned_be64((const u8 *)data + body);

	return !crypto_memneq(&want, &got, sizeof(want));
}
