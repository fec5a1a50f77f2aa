/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a flow is known by and what its verdict is: plain types, shared by
 * the flow cache (flow.h), the DFT's messages (kmod/dft/msg.h) and the
 * user-space fuzzing harness (tools/fuzz/), which compiles msg.c.
 */
#ifndef _ZGC_FLOW_TYPES_H
#define _ZGC_FLOW_TYPES_H

#include <linux/if_ether.h>
#include <linux/in6.h>
#include <linux/types.h>

/**
 * struct zgc_flow_key - what a flow is known by
 * @saddr: inner source address; IPv4 as an IPv4-mapped IPv6 address
 * @daddr: inner destination address, the same way
 * @vni: the tenant
 * @sport: TCP/UDP source port, 0 for other protocols
 * @dport: TCP/UDP destination port, the same way
 * @proto: IP protocol
 * @frag: ZGC_FLOW_KEY_FRAG in the entry of a fragmented packet's
 *	fragments (zgc_fwd_frag()), whose @sport and @dport hold their
 *	identification (high and low 16 bits); else 0
 * @pad: zero
 *
 * Compared and hashed as bytes: built with memset() first.
 */
struct zgc_flow_key {
	struct in6_addr saddr;
	struct in6_addr daddr;
	u32 vni;
	__be16 sport;
	__be16 dport;
	u8 proto;
	u8 frag;
	u8 pad[2];
};

#define ZGC_FLOW_KEY_FRAG	1

/**
 * struct zgc_flow_verdict - what to do with a flow's packets
 * @action: enum zgc_flow_action
 * @flags: ZGC_FLOW_F_* (uapi)
 * @dmac: ZGC_FLOW_FORWARD: the destination instance's MAC
 * @smac: ZGC_FLOW_FORWARD with ZGC_FLOW_F_ROUTED: the MAC of the gateway
 *	of the destination's subnet, the new source MAC
 * @host: ZGC_FLOW_FORWARD: underlay IPv4 address of the destination host
 * @config: the tenant's configuration version (&zgc_tenant.config_version)
 *	it was decided under, on whichever node decided it
 * @nat_port: with ZGC_FLOW_F_DNAT the backend's port, the packets' new
 *	destination port; with ZGC_FLOW_F_SNAT the service's, their new
 *	source port
 * @nat: the same for the address: the backend's, or the VIP (IPv4 as an
 *	IPv4-mapped IPv6 address); zero without either flag
 *
 * Self-contained: executing it needs nothing else, so a verdict may be
 * computed here (zgc_fwd_decide()) or come from the DFT. Packed to 40
 * bytes, @nat 4-byte aligned.
 */
struct zgc_flow_verdict {
	u8 action;
	u8 flags;
	u8 dmac[ETH_ALEN];
	u8 smac[ETH_ALEN];
	__be32 host;
	u32 config;
	__be16 nat_port;
	struct in6_addr nat;
} __packed __aligned(4);

/**
 * zgc_flow_key_reverse() - the key of a flow's reverse direction
 * @k: the flow
 * @r: where to put its reverse: addresses and ports swapped
 */
static inline void zgc_flow_key_reverse(const struct zgc_flow_key *k,
					struct zgc_flow_key *r)
{
	*r = *k;
	r->saddr = k->daddr;
	r->daddr = k->saddr;
	r->sport = k->dport;
	r->dport = k->sport;
}

#endif /* _ZGC_FLOW_TYPES_H */
