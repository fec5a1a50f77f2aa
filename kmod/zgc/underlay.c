// SPDX-License-Identifier: GPL-2.0
/*
 * How a zgc device meets the underlay: its local address, the entrance
 * addresses compute hosts tunnel to, and the outer TTL and DF bit. The
 * same settings come through rtnetlink (IFLA_ZGC_*) and genl (ZGC_A_*).
 *
 * Locking: the settings are part of the device's configuration, written
 * under RTNL while the device is down and read without a lock by the
 * receive path while it is up (device.h).
 */

#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/skbuff.h>
#include <net/ip.h>
#include <net/netlink.h>

#include "underlay.h"

const struct zgc_underlay_attrs zgc_underlay_ifla = {
	.local = IFLA_ZGC_LOCAL,
	.entrances = IFLA_ZGC_ENTRANCES,
	.ttl = IFLA_ZGC_TTL,
	.df = IFLA_ZGC_DF,
};

const struct zgc_underlay_attrs zgc_underlay_genl = {
	.local = ZGC_A_LOCAL,
	.entrances = ZGC_A_ENTRANCES,
	.ttl = ZGC_A_TTL,
	.df = ZGC_A_DF,
};

const struct nla_policy zgc_underlay_entrance_policy[ZGC_ENTRANCE_A_MAX + 1] = {
	[ZGC_ENTRANCE_A_ADDR4] = { .type = NLA_BE32 },
};

/* An address a tunnel can be sent to: not 0/8, loopback or multicast. */
static bool zgc_underlay_unicast(__be32 addr)
{
	return !ipv4_is_zeronet(addr) && !ipv4_is_loopback(addr) &&
	       !ipv4_is_multicast(addr) && !ipv4_is_lbcast(addr);
}

static int zgc_underlay_parse_entrances(const struct nlattr *nest,
					struct zgc_underlay *req,
					struct netlink_ext_ack *extack)
{
	const struct nlattr *attr;
	unsigned int i;
	__be32 addr;
	int err, rem;

	err = nla_validate_nested(nest, ZGC_ENTRANCE_A_MAX,
				  zgc_underlay_entrance_policy, extack);
	if (err)
		return err;
	req->nentrances = 0;
	nla_for_each_nested(attr, nest, rem) {
		addr = nla_get_be32(attr);
		if (!zgc_underlay_unicast(addr)) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "an entrance must be a unicast address");
			return -EINVAL;
		}
		for (i = 0; i < req->nentrances; i++) {
			if (req->entrance[i] == addr) {
				NL_SET_ERR_MSG_ATTR(extack, attr,
						    "the same entrance is given twice");
				return -EINVAL;
			}
		}
		if (req->nentrances == ZGC_ENTRANCES_MAX) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "too many entrances (at most 8)");
			return -EINVAL;
		}
		req->entrance[req->nentrances++] = addr;
	}
	return 0;
}

/**
 * zgc_underlay_parse() - the underlay settings of a request
 * @tb: the request's attributes, validated by its policy
 * @a: their types in @tb
 * @req: where the given settings go
 * @given: set to the ZGC_UNDERLAY_* of the settings given
 * @extack: where to say what was wrong
 *
 * Return: 0, or -EINVAL for a local address or an entrance list that
 * cannot be.
 */
int zgc_underlay_parse(struct nlattr **tb, const struct zgc_underlay_attrs *a,
		       struct zgc_underlay *req, unsigned int *given,
		       struct netlink_ext_ack *extack)
{
	int err;

	memset(req, 0, sizeof(*req));
	*given = 0;
	if (tb[a->local]) {
		req->local = nla_get_be32(tb[a->local]);
		if (req->local && !zgc_underlay_unicast(req->local)) {
			NL_SET_ERR_MSG_ATTR(extack, tb[a->local],
					    "the local address must be a unicast address, or 0.0.0.0 for none");
			return -EINVAL;
		}
		*given |= ZGC_UNDERLAY_LOCAL;
	}
	if (tb[a->entrances]) {
		err = zgc_underlay_parse_entrances(tb[a->entrances], req,
						   extack);
		if (err)
			return err;
		*given |= ZGC_UNDERLAY_ENTRANCES;
	}
	if (tb[a->ttl]) {
		req->ttl = nla_get_u8(tb[a->ttl]);
		*given |= ZGC_UNDERLAY_TTL;
	}
	if (tb[a->df]) {
		req->df = nla_get_u8(tb[a->df]);
		*given |= ZGC_UNDERLAY_DF;
	}
	return 0;
}

/**
 * zgc_underlay_apply() - change settings
 * @ul: the settings to change
 * @req: the new values
 * @given: which of them (ZGC_UNDERLAY_*)
 */
void zgc_underlay_apply(struct zgc_underlay *ul, const struct zgc_underlay *req,
			unsigned int given)
{
	if (given & ZGC_UNDERLAY_LOCAL)
		ul->local = req->local;
	if (given & ZGC_UNDERLAY_ENTRANCES) {
		memcpy(ul->entrance, req->entrance, sizeof(ul->entrance));
		ul->nentrances = req->nentrances;
	}
	if (given & ZGC_UNDERLAY_TTL)
		ul->ttl = req->ttl;
	if (given & ZGC_UNDERLAY_DF)
		ul->df = req->df;
}

/* The most zgc_underlay_fill() puts in a message. */
size_t zgc_underlay_size(void)
{
	return nla_total_size(sizeof(__be32)) +		/* local */
	       nla_total_size(0) +			/* entrances */
	       ZGC_ENTRANCES_MAX * nla_total_size(sizeof(__be32)) +
	       nla_total_size(sizeof(u8)) +		/* ttl */
	       nla_total_size(sizeof(u8));		/* df */
}

/**
 * zgc_underlay_fill() - put the settings in a message
 * @skb: the message
 * @ul: the settings
 * @a: the attribute types to use
 *
 * Return: 0, or -EMSGSIZE.
 */
int zgc_underlay_fill(struct sk_buff *skb, const struct zgc_underlay *ul,
		      const struct zgc_underlay_attrs *a)
{
	struct nlattr *nest;
	unsigned int i;

	if (ul->local && nla_put_in_addr(skb, a->local, ul->local))
		return -EMSGSIZE;
	nest = nla_nest_start(skb, a->entrances);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < ul->nentrances; i++) {
		if (nla_put_in_addr(skb, ZGC_ENTRANCE_A_ADDR4,
				    ul->entrance[i])) {
			nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
	}
	nla_nest_end(skb, nest);
	if (nla_put_u8(skb, a->ttl, ul->ttl) || nla_put_u8(skb, a->df, ul->df))
		return -EMSGSIZE;
	return 0;
}

/**
 * zgc_underlay_serves() - whether a tunnel packet was sent to an address
 *	the device serves
 * @ul: the device's settings
 * @skb: the packet, its outer IPv4 header at the network header
 *
 * With entrances or a local address, only those; without, any unicast
 * address (not a broadcast or multicast a socket bound to any address
 * also gets): an answer (ARP, ICMP) leaves from the address the packet
 * went to.
 */
bool zgc_underlay_serves(const struct zgc_underlay *ul,
			 const struct sk_buff *skb)
{
	__be32 daddr = ip_hdr(skb)->daddr;
	unsigned int i;

	if (!ul->local && !ul->nentrances)
		return skb->pkt_type == PACKET_HOST &&
		       !ipv4_is_multicast(daddr) && !ipv4_is_lbcast(daddr);
	if (daddr == ul->local)
		return true;
	for (i = 0; i < ul->nentrances; i++)
		if (daddr == ul->entrance[i])
			return true;
	return false;
}

/**
 * zgc_underlay_source() - the address to forward a tunnel packet from
 * @ul: the device's settings
 * @skb: the packet, its outer IPv4 header at the network header
 *
 * A device with entrances or a local address forwards from the address
 * the packet was sent to (one of them): hosts that all tunnel to one
 * entrance get everything from it. One with neither leaves the choice to
 * the route to the destination host, whose preferred source is the
 * address that host most likely tunnels to.
 *
 * Return: the source address, or 0 for the route's choice.
 */
__be32 zgc_underlay_source(const struct zgc_underlay *ul,
			   const struct sk_buff *skb)
{
	if (!ul->local && !ul->nentrances)
		return 0;
	return ip_hdr(skb)->daddr;
}

/**
 * zgc_underlay_df() - the outer DF bit for a frame
 * @ul: the device's settings
 * @skb: the frame, skb->data at its Ethernet header; an IPv4 packet's
 *	header is in the linear area
 *
 * Return: htons(IP_DF) or 0.
 */
__be16 zgc_underlay_df(const struct zgc_underlay *ul,
		       const struct sk_buff *skb)
{
	const struct ethhdr *eth = (const struct ethhdr *)skb->data;
	const struct iphdr *iph = (const struct iphdr *)(eth + 1);

	switch (ul->df) {
	case ZGC_DF_SET:
		return htons(IP_DF);
	case ZGC_DF_INHERIT:
		if (eth->h_proto == htons(ETH_P_IP) &&
		    skb_headlen(skb) >= ETH_HLEN + sizeof(*iph))
			return iph->frag_off & htons(IP_DF);
		return 0;
	default:
		return 0;
	}
}
