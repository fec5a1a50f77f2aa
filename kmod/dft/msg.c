// SPDX-License-Identifier: GPL-2.0
/*
 * Reading and writing the DFT option of cluster messages (wire.h,
 * Documentation/wire-format.md), and their MAC.
 *
 * The MAC is SipHash-2-4 under the cluster's key over the option's data
 * up to the MAC, then the Geneve header's VNI, then the whole frame the
 * packet carries: neither the transaction, nor the flow it is about, nor
 * anything of the tenant's packet (its TCP flags, its payload) can be
 * changed without the key. The bytes are the wire's, in network byte
 * order, whatever the host. The frame may be in fragments: the MAC is
 * fed piece by piece (struct dft_mac; auth.c feeds it a packet's).
 * Replays of whole messages are caught by their sequence numbers and
 * the boot numbers they are bound to (auth.c, replay.c).
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
#include "nat.h"

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
	v->config = ntohl(w->config);
	v->nat_port = w->nat_port;
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
	w->host = v->host;
	w->config = htonl(v->config);
	w->nat_port = v->nat_port;
}

/*
 * Whether @a can be a VIP or a backend: unicast, not loopback, not
 * unspecified (IPv4 as IPv4-mapped IPv6).
 */
static bool dft_msg_nat_valid(const struct in6_addr *a)
{
	static const u8 mapped[12] = {
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff,
	};
	static const u8 loopback[16] = { [15] = 1 };
	static const u8 any[16];
	__be32 a4 = a->s6_addr32[3];

	if (!memcmp(a->s6_addr, mapped, sizeof(mapped)))
		return !ipv4_is_multicast(a4) && !ipv4_is_lbcast(a4) &&
		       !ipv4_is_zeronet(a4) && !ipv4_is_loopback(a4);
	return a->s6_addr[0] != 0xff && memcmp(a->s6_addr, loopback, 16) &&
	       memcmp(a->s6_addr, any, 16);
}

/*
 * A verdict as zgc_fwd_decide() makes them, but for its rewrite's
 * address and port: a known action and flags, a rewrite (one at most)
 * only to forward, and to route out (always the source's); to forward,
 * unicast MACs (the source one when routed) and a unicast host; to route
 * out, neither. Another one in a message, MAC or not, is a forgery or a
 * bug: it would go straight into the flow cache. (A host that is an
 * address of the receiving node is refused when the packet is sent,
 * zgc_fwd_forward().)
 */
static bool dft_msg_verdict_form_valid(const struct zgc_flow_verdict *v)
{
	u8 nat = v->flags & (ZGC_FLOW_F_DNAT | ZGC_FLOW_F_SNAT);
	__be32 host = v->host;

	if (!v->action || v->action >= __ZGC_FLOW_ACTION_MAX ||
	    (v->flags & ~(ZGC_FLOW_F_ROUTED | ZGC_FLOW_F_DNAT |
			  ZGC_FLOW_F_SNAT)) ||
	    nat == (ZGC_FLOW_F_DNAT | ZGC_FLOW_F_SNAT))
		return false;
	if (v->action == ZGC_FLOW_ROUTE)
		return v->flags == ZGC_FLOW_F_SNAT && !host &&
		       is_zero_ether_addr(v->dmac) &&
		       is_zero_ether_addr(v->smac);
	if (v->action != ZGC_FLOW_FORWARD)
		return !nat;
	return is_valid_ether_addr(v->dmac) &&
	       (!(v->flags & ZGC_FLOW_F_ROUTED) ||
		is_valid_ether_addr(v->smac)) &&
	       !ipv4_is_multicast(host) && !ipv4_is_lbcast(host) &&
	       !ipv4_is_zeronet(host) && !ipv4_is_loopback(host);
}

/**
 * dft_msg_verdict_valid() - whether a whole verdict from the wire is one
 *	zgc_fwd_decide() could have made
 * @v: the verdict, its rewrite's address and port included
 *
 * A rewrite goes to a unicast address and a port, and only a rewrite
 * has them.
 */
bool dft_msg_verdict_valid(const struct zgc_flow_verdict *v)
{
	static const struct in6_addr none;
	struct in6_addr nat = v->nat;

	if (!dft_msg_verdict_form_valid(v))
		return false;
	if (v->flags & (ZGC_FLOW_F_DNAT | ZGC_FLOW_F_SNAT))
		return v->nat_port && dft_msg_nat_valid(&nat);
	return !v->nat_port && !memcmp(&nat, &none, sizeof(none));
}

/*
 * The verdicts' rewrite ports: the first one's with its rewrite only;
 * the second one's, the reverse flow's, is the frame's own (none on the
 * wire), and only the opposite rewrite of the first one's.
 */
static bool dft_msg_verdicts_nat_valid(const struct dft_msg *m)
{
	u8 nat0, nat1;

	if (!m->nverdicts)
		return true;
	nat0 = m->v[0].flags & (ZGC_FLOW_F_DNAT | ZGC_FLOW_F_SNAT);
	if (!nat0 != !m->v[0].nat_port)
		return false;
	if (m->nverdicts < 2)
		return true;
	nat1 = m->v[1].flags & (ZGC_FLOW_F_DNAT | ZGC_FLOW_F_SNAT);
	return !m->v[1].nat_port &&
	       (!nat1 || nat1 == (nat0 ^ (ZGC_FLOW_F_DNAT | ZGC_FLOW_F_SNAT)));
}

/**
 * dft_msg_nat_len() - the length of a message's DFT NAT option data
 * @m: the message
 *
 * Return: sizeof(struct dft_wire_nat) when its first verdict rewrites
 * addresses, else 0 (no NAT option).
 */
unsigned int dft_msg_nat_len(const struct dft_msg *m)
{
	return m->nverdicts &&
	       (m->v[0].flags & (ZGC_FLOW_F_DNAT | ZGC_FLOW_F_SNAT)) ?
	       sizeof(struct dft_wire_nat) : 0;
}

/**
 * dft_msg_nat_write() - write a message's DFT NAT option data
 * @data: where, dft_msg_nat_len() bytes
 * @m: the message
 */
void dft_msg_nat_write(void *data, const struct dft_msg *m)
{
	struct dft_wire_nat *n = data;

	memcpy(n->addr, &m->v[0].nat, sizeof(n->addr));
}

/**
 * dft_msg_nat_read() - read the DFT NAT option of a message
 * @data: its data, or NULL when the message has none
 * @len: its length
 * @m: the message, read by dft_msg_read()
 *
 * The first verdict's rewrite address; an option that a message whose
 * first verdict has no rewrite carries is ignored.
 *
 * Return: DFT_MSG_OK, or DFT_MSG_MALFORMED when a rewrite has no
 * option, or not a unicast address.
 */
enum dft_msg_err dft_msg_nat_read(const void *data, unsigned int len,
				  struct dft_msg *m)
{
	const struct dft_wire_nat *n = data;

	if (!dft_msg_nat_len(m))
		return DFT_MSG_OK;
	if (!n || len != sizeof(*n))
		return DFT_MSG_MALFORMED;
	memcpy(&m->v[0].nat, n->addr, sizeof(m->v[0].nat));
	return dft_msg_verdict_valid(&m->v[0]) ? DFT_MSG_OK :
						 DFT_MSG_MALFORMED;
}

/**
 * dft_msg_nat_derive() - the second verdict's rewrite, from the frame
 * @m: the message
 * @key: the frame's flow
 *
 * The reverse flow of a service flow comes from its backend as from the
 * VIP the frame goes to (ZGC_FLOW_F_SNAT); that of a backend's reply goes
 * to the backend the frame comes from (ZGC_FLOW_F_DNAT).
 */
void dft_msg_nat_derive(struct dft_msg *m, const struct zgc_flow_key *key)
{
	if (m->nverdicts >= 2)
		zgc_nat_reverse_rewrite(key, m->v[1].flags, &m->v[1]);
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
	m->boot = get_unaligned_be32(&h->boot);
	m->bound = get_unaligned_be32(&h->bound);
	w = (const struct dft_wire_verdict *)(h + 1);
	for (i = 0; i < m->nverdicts; i++, w++) {
		dft_msg_verdict_read(w, &m->v[i]);
		if (!dft_msg_verdict_form_valid(&m->v[i]))
			return DFT_MSG_MALFORMED;
	}
	if (!dft_msg_verdicts_nat_valid(m))
		return DFT_MSG_MALFORMED;
	return DFT_MSG_OK;
}

/**
 * dft_mac_update() - feed bytes to a MAC
 * @s: the MAC, begun by dft_msg_mac_begin()
 * @data: the bytes
 * @len: how many
 *
 * SipHash-2-4 as lib/siphash.c computes it over all the bytes fed, in
 * the order fed, whatever the pieces.
 */
void dft_mac_update(struct dft_mac *s, const void *data, unsigned int len)
{
	const u8 *p = data;
	u64 v0 = s->v[0], v1 = s->v[1], v2 = s->v[2], v3 = s->v[3];
	unsigned int k;
	u64 m;

	for (k = 0; k < len; k++) {
		s->tail |= (u64)p[k] << (8 * (s->len++ % 8));
		if (s->len % 8)
			continue;
		m = s->tail;
		s->tail = 0;
		v3 ^= m;
		SIPHASH_PERMUTATION(v0, v1, v2, v3);
		SIPHASH_PERMUTATION(v0, v1, v2, v3);
		v0 ^= m;
	}
	s->v[0] = v0;
	s->v[1] = v1;
	s->v[2] = v2;
	s->v[3] = v3;
}

static u64 dft_mac_final(struct dft_mac *s)
{
	u64 v0 = s->v[0], v1 = s->v[1], v2 = s->v[2], v3 = s->v[3];
	u64 b = (u64)s->len << 56 | s->tail;

	v3 ^= b;
	SIPHASH_PERMUTATION(v0, v1, v2, v3);
	SIPHASH_PERMUTATION(v0, v1, v2, v3);
	v0 ^= b;
	v2 ^= 0xff;
	SIPHASH_PERMUTATION(v0, v1, v2, v3);
	SIPHASH_PERMUTATION(v0, v1, v2, v3);
	SIPHASH_PERMUTATION(v0, v1, v2, v3);
	SIPHASH_PERMUTATION(v0, v1, v2, v3);
	return (v0 ^ v1) ^ (v2 ^ v3);
}

/**
 * dft_msg_mac_begin() - begin a message's MAC
 * @s: the MAC
 * @data: the option's data
 * @len: its length, the MAC included
 * @key: the cluster's key
 * @vni: the Geneve header's VNI
 *
 * Feeds the option's data up to the MAC and the VNI; the caller feeds
 * the frame (dft_mac_update()), then dft_msg_mac_put() or
 * dft_msg_mac_check().
 */
void dft_msg_mac_begin(struct dft_mac *s, const void *data, unsigned int len,
		       const siphash_key_t *key, u32 vni)
{
	__be32 v = htonl(vni);

	s->v[0] = SIPHASH_CONST_0 ^ key->key[0];
	s->v[1] = SIPHASH_CONST_1 ^ key->key[1];
	s->v[2] = SIPHASH_CONST_2 ^ key->key[0];
	s->v[3] = SIPHASH_CONST_3 ^ key->key[1];
	s->tail = 0;
	s->len = 0;
	dft_mac_update(s, data, len - DFT_WIRE_MAC_LEN);
	dft_mac_update(s, &v, sizeof(v));
}

/**
 * dft_msg_mac_put() - end a message's MAC and write it
 * @data: the option's data
 * @len: its length, the MAC included
 * @s: the MAC, fed
 */
void dft_msg_mac_put(void *data, unsigned int len, struct dft_mac *s)
{
	put_unaligned_be64(dft_mac_final(s),
			   (u8 *)data + len - DFT_WIRE_MAC_LEN);
}

/**
 * dft_msg_mac_check() - end a message's MAC and check it
 * @data: the option's data, read by dft_msg_read() with DFT_F_AUTH set
 * @len: its length
 * @s: the MAC, fed
 *
 * Return: true when the message's MAC is the one computed.
 */
bool dft_msg_mac_check(const void *data, unsigned int len, struct dft_mac *s)
{
	u64 want = dft_mac_final(s);
	u64 got = get_unaligned_be64((const u8 *)data + len - DFT_WIRE_MAC_LEN);

	return !crypto_memneq(&want, &got, sizeof(want));
}

/**
 * dft_msg_write() - write a DFT option's data
 * @data: room for dft_msg_len(@m) bytes, after the Geneve option header
 * @m: the message
 *
 * With DFT_F_AUTH, the MAC is left to dft_msg_mac_put().
 */
void dft_msg_write(void *data, const struct dft_msg *m)
{
	struct dft_wire_hdr *h = data;
	struct dft_wire_verdict *w;
	unsigned int i;

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
	put_unaligned_be32(m->boot, &h->boot);
	put_unaligned_be32(m->bound, &h->bound);
	w = (struct dft_wire_verdict *)(h + 1);
	for (i = 0; i < m->nverdicts; i++)
		dft_msg_verdict_write(w + i, &m->v[i]);
	/* The reverse flow's rewrite is the frame's own. */
	if (m->nverdicts > 1)
		w[1].nat_port = 0;
}

/**
 * dft_op_name() - the name of an operation (enum dft_op), for tracing
 * @op: the operation
 *
 * Return: its name, lower case, or "unknown".
 */
const char *dft_op_name(u8 op)
{
	static const char *const names[DFT_OP_MAX + 1] = {
		[DFT_OP_LOOKUP] = "lookup",
		[DFT_OP_REPLY] = "reply",
		[DFT_OP_INSERT] = "insert",
		[DFT_OP_UPDATE] = "update",
		[DFT_OP_DELETE] = "delete",
		[DFT_OP_REFRESH] = "refresh",
		[DFT_OP_PING] = "ping",
		[DFT_OP_ACK] = "ack",
		[DFT_OP_PING_REQ] = "ping_req",
		[DFT_OP_SYNC_REQ] = "sync_req",
		[DFT_OP_SYNC] = "sync",
		[DFT_OP_SYNC_END] = "sync_end",
	};

	return op <= DFT_OP_MAX && names[op] ? names[op] : "unknown";
}
