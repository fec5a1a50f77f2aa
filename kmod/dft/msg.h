/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _DFT_MSG_H
#define _DFT_MSG_H

#include <linux/siphash.h>
#include <linux/types.h>

#include "flow_types.h"
#include "wire.h"

/**
 * struct dft_msg - a cluster message's DFT option, read or to be written
 *	(struct dft_wire_hdr, in host byte order but for addresses)
 * @op: enum dft_op
 * @flags: DFT_F_*
 * @hops: nodes it may still visit
 * @nverdicts: how many of @v are carried
 * @cluster: the cluster's id
 * @chain: the chain's id
 * @epoch: the chain's epoch
 * @sender: the sending node's id
 * @seq: the sender's message counter
 * @fwd: cluster address of the FWD that asked
 * @host: the compute host that sent the tenant packet
 * @entrance: the underlay address it sent it to
 * @version: the entry's version
 * @view: the chain as its sender sees it: which nodes are not dead, and
 *	which are syncing (dft_chain_view())
 * @boot: the sender's boot number
 * @bound: the receiver's boot number the message is bound to, or 0
 * @v: the flow's verdict, then its reverse flow's
 */
struct dft_msg {
	u8 op;
	u8 flags;
	u8 hops;
	u8 nverdicts;
	u32 cluster;
	u32 chain;
	u64 epoch;
	u32 sender;
	u64 seq;
	__be32 fwd;
	__be32 host;
	__be32 entrance;
	u32 version;
	u16 view;
	u32 boot;
	u32 bound;
	struct zgc_flow_verdict v[2];
};

/**
 * struct dft_mac - a MAC being computed: SipHash-2-4 fed piece by piece
 *	(the frame a message carries may be in fragments)
 * @v: SipHash's state
 * @tail: the bytes fed that do not yet make a 64-bit word, little endian
 * @len: how many bytes were fed
 */
struct dft_mac {
	u64 v[4];
	u64 tail;
	u32 len;
};

/**
 * enum dft_msg_err - why a DFT option was refused
 * @DFT_MSG_OK: it was not
 * @DFT_MSG_MALFORMED: too short, a length that does not add up, an
 *	unknown operation or flag, a non-zero reserved field
 * @DFT_MSG_VERSION: a version this node does not speak
 */
enum dft_msg_err {
	DFT_MSG_OK,
	DFT_MSG_MALFORMED,
	DFT_MSG_VERSION,
};

unsigned int dft_msg_len(const struct dft_msg *m);
const char *dft_op_name(u8 op);
void dft_msg_verdict_read(const struct dft_wire_verdict *w,
			  struct zgc_flow_verdict *v);
void dft_msg_verdict_write(struct dft_wire_verdict *w,
			   const struct zgc_flow_verdict *v);
bool dft_msg_verdict_valid(const struct zgc_flow_verdict *v);
unsigned int dft_msg_nat_len(const struct dft_msg *m);
void dft_msg_nat_write(void *data, const struct dft_msg *m);
enum dft_msg_err dft_msg_nat_read(const void *data, unsigned int len,
				  struct dft_msg *m);
void dft_msg_nat_derive(struct dft_msg *m, const struct zgc_flow_key *key);
enum dft_msg_err dft_msg_read(const void *data, unsigned int len,
			      struct dft_msg *m);
void dft_msg_write(void *data, const struct dft_msg *m);
void dft_mac_update(struct dft_mac *s, const void *data, unsigned int len);
void dft_msg_mac_begin(struct dft_mac *s, const void *data, unsigned int len,
		       const siphash_key_t *key, u32 vni);
void dft_msg_mac_put(void *data, unsigned int len, struct dft_mac *s);
bool dft_msg_mac_check(const void *data, unsigned int len, struct dft_mac *s);

#endif /* _DFT_MSG_H */
