// SPDX-License-Identifier: GPL-2.0
/*
 * Forwarding a tenant's IPv4 or IPv6 packet: its flow is looked up in the
 * flow cache (flow.c); on a miss its verdict is decided from the endpoint
 * table and the tenant's ACL (acl.c) and cached; then the verdict is
 * executed: drop, reject (drop and answer ICMP or ICMPv6, icmp.c and
 * icmp6.c) or forward. Forwarding means: the destination MAC becomes the
 * endpoint's; between two subnets the source MAC becomes the destination
 * subnet's gateway and the TTL or hop limit drops by one; then the frame
 * is encapsulated again, to the endpoint's host.
 *
 * Context: softirq, RCU read side (the receive path).
 */

#include <linux/etherdevice.h>
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/route.h>

#include "acl.h"
#include "dft.h"
#include "device.h"
#include "drop.h"
#include "endpoint.h"
#include "flow.h"
#include "fwd.h"
#include "host.h"
#include "icmp.h"
#include "nat.h"
#include "provider.h"
#include "service.h"
#include "stats.h"
#include "tenant.h"
#include "tx.h"
#include "underlay.h"
#include "zgc_trace.h"

/* The ports of a TCP or UDP packet, and whether TCP closes. */
static enum zgc_stats_attr zgc_fwd_ports(struct sk_buff *skb,
					 struct zgc_fwd_pkt *p)
{
	const __be16 *ports;

	switch (p->key.proto) {
	case IPPROTO_TCP:
		if (!pskb_may_pull(skb, p->l4 + sizeof(struct tcphdr)))
			return ZGC_STATS_RX_TRUNCATED;
		p->closing = tcp_flag_word((struct tcphdr *)(skb->data + p->l4)) &
			     (TCP_FLAG_FIN | TCP_FLAG_RST);
		break;
	case IPPROTO_UDP:
		if (!pskb_may_pull(skb, p->l4 + sizeof(struct udphdr)))
			return ZGC_STATS_RX_TRUNCATED;
		break;
	default:
		return 0;
	}
	ports = (const __be16 *)(skb->data + p->l4);
	p->key.sport = ports[0];
	p->key.dport = ports[1];
	p->ports = true;
	return 0;
}

/*
 * The first fragment of a TCP or UDP packet must hold its whole header
 * (up to the TCP flags) within the fragment's own length, @end: a
 * "tiny fragment" would leave ports or flags to a later one (RFC 1858).
 */
static enum zgc_stats_attr zgc_fwd_first_fragment(const struct zgc_fwd_pkt *p,
						  unsigned int end)
{
	unsigned int hlen;

	if (!p->ports)
		return 0;
	hlen = p->key.proto == IPPROTO_TCP ? sizeof(struct tcphdr) :
					     sizeof(struct udphdr);
	return p->l4 + hlen > end ? ZGC_STATS_RX_BAD_HEADER : 0;
}

/*
 * The flow of the inner IPv4 packet at @nh. Pulls the headers it reads.
 * A fragment's flow is the first fragment's: its ports are read from it;
 * the later fragments carry none (zgc_fwd_frag() gives them its verdict).
 */
static enum zgc_stats_attr zgc_fwd_parse_ipv4(struct sk_buff *skb,
					      unsigned int nh, u32 vni,
					      struct zgc_fwd_pkt *p)
{
	const struct iphdr *iph;
	enum zgc_stats_attr why;
	unsigned int end;
	u16 off;

	if (!pskb_may_pull(skb, nh + sizeof(*iph)))
		return ZGC_STATS_RX_TRUNCATED;
	iph = (const struct iphdr *)(skb->data + nh);
	if (iph->version != 4 || iph->ihl < 5)
		return ZGC_STATS_RX_BAD_HEADER;
	if (!pskb_may_pull(skb, nh + iph->ihl * 4))
		return ZGC_STATS_RX_TRUNCATED;
	iph = (const struct iphdr *)(skb->data + nh);

	/* No endpoint is a group: not worth a flow lookup. */
	if (ipv4_is_multicast(iph->daddr) || ipv4_is_lbcast(iph->daddr))
		return ZGC_STATS_RX_UNKNOWN_DESTINATION;

	memset(p, 0, sizeof(*p));
	p->nh = nh;
	p->l4 = nh + iph->ihl * 4;
	p->key.vni = vni;
	p->key.proto = iph->protocol;
	ipv6_addr_set_v4mapped(iph->saddr, &p->key.saddr);
	ipv6_addr_set_v4mapped(iph->daddr, &p->key.daddr);
	if (!ip_is_fragment(iph))
		return zgc_fwd_ports(skb, p);
	p->frag = true;
	p->frag_id = ntohs(iph->id);
	p->frag_proto = iph->protocol;
	off = ntohs(iph->frag_off) & IP_OFFSET;
	if (off) {
		/* At 8 bytes, a TCP fragment could rewrite the flags. */
		if (off == 1 && iph->protocol == IPPROTO_TCP)
			return ZGC_STATS_RX_BAD_HEADER;
		return 0;
	}
	p->frag_first = true;
	end = nh + ntohs(iph->tot_len);
	why = zgc_fwd_ports(skb, p);
	if (why == ZGC_STATS_RX_TRUNCATED)
		return ZGC_STATS_RX_BAD_HEADER;
	return why ?: zgc_fwd_first_fragment(p, end);
}

/*
 * The fragment header of the inner IPv6 packet at @nh, if it has one
 * that makes it a fragment (an atomic fragment, RFC 6946, is whole):
 * notes its identification and whether it is the first.
 */
static enum zgc_stats_attr zgc_fwd_parse_frag6(struct sk_buff *skb,
					       unsigned int nh,
					       struct zgc_fwd_pkt *p)
{
	unsigned int off = nh;
	struct frag_hdr _fh;
	const struct frag_hdr *fh;
	int hdr;

	hdr = ipv6_find_hdr(skb, &off, NEXTHDR_FRAGMENT, NULL, NULL);
	if (hdr == -ENOENT)
		return 0;
	if (hdr < 0)
		return ZGC_STATS_RX_BAD_HEADER;
	fh = skb_header_pointer(skb, off, sizeof(_fh), &_fh);
	if (!fh)
		return ZGC_STATS_RX_TRUNCATED;
	if (!(fh->frag_off & htons(IP6_OFFSET | IP6_MF)))
		return 0;
	p->frag = true;
	p->frag_first = !(fh->frag_off & htons(IP6_OFFSET));
	p->frag_id = ntohl(fh->identification);
	p->frag_proto = fh->nexthdr;
	return 0;
}

/*
 * The flow of the inner IPv6 packet at @nh: its protocol is the one past
 * the extension headers. Pulls the headers it reads. A fragment's flow is
 * the first fragment's, which holds the whole header chain (RFC 7112).
 * IPv4-mapped addresses, which are IPv4 flows' inside zgc, do not belong
 * on the wire (RFC 4291, 2.5.5.2) and are refused.
 */
static enum zgc_stats_attr zgc_fwd_parse_ipv6(struct sk_buff *skb,
					      unsigned int nh, u32 vni,
					      struct zgc_fwd_pkt *p)
{
	const struct ipv6hdr *ip6;
	enum zgc_stats_attr why;
	unsigned int end;
	__be16 frag_off;
	u8 nexthdr;
	int l4;

	if (!pskb_may_pull(skb, nh + sizeof(*ip6)))
		return ZGC_STATS_RX_TRUNCATED;
	ip6 = (const struct ipv6hdr *)(skb->data + nh);
	if (ip6->version != 6 || ipv6_addr_v4mapped(&ip6->saddr) ||
	    ipv6_addr_v4mapped(&ip6->daddr))
		return ZGC_STATS_RX_BAD_HEADER;
	/* Router solicitations, MLD reports...: no endpoint is a group. */
	if (ipv6_addr_is_multicast(&ip6->daddr))
		return ZGC_STATS_RX_UNKNOWN_DESTINATION;

	memset(p, 0, sizeof(*p));
	p->nh = nh;
	p->ipv6 = true;
	p->key.vni = vni;
	p->key.saddr = ip6->saddr;
	p->key.daddr = ip6->daddr;
	end = nh + sizeof(*ip6) + ntohs(ip6->payload_len);
	nexthdr = ip6->nexthdr;
	l4 = ipv6_skip_exthdr(skb, nh + sizeof(*ip6), &nexthdr, &frag_off);
	if (l4 < 0)
		return ZGC_STATS_RX_BAD_HEADER;
	p->l4 = l4;
	p->key.proto = nexthdr;
	why = zgc_fwd_parse_frag6(skb, nh, p);
	if (why)
		return why;
	if (p->frag && !p->frag_first)
		return 0;
	why = zgc_fwd_ports(skb, p);
	if (!p->frag)
		return why;
	if (why == ZGC_STATS_RX_TRUNCATED)
		return ZGC_STATS_RX_BAD_HEADER;
	return why ?: zgc_fwd_first_fragment(p, end);
}

/*
 * The service @key goes to, if any: a TCP or UDP flow to a VIP and port
 * of its tenant.
 */
static const struct zgc_service *zgc_fwd_service(struct zgc_dev *zd,
						 const struct zgc_flow_key *key)
{
	if ((key->proto != IPPROTO_TCP && key->proto != IPPROTO_UDP) ||
	    key->frag)
		return NULL;
	return zgc_service_lookup(zd, key->vni, &key->daddr, key->dport,
				  key->proto);
}

/*
 * The service whose backend's replies (ZGC_FLOW_F_SNAT) @key's flow still
 * is, if @was says it was: its source a backend of the service @was
 * names. A verdict from a FWD or another node is not taken on trust: its
 * VIP and backend must be this node's.
 */
static const struct zgc_service *
zgc_fwd_reply_of(struct zgc_dev *zd, const struct zgc_flow_key *key,
		 const struct zgc_flow_verdict *was)
{
	const struct zgc_service *s;

	if (!was || !(was->flags & ZGC_FLOW_F_SNAT))
		return NULL;
	s = zgc_service_lookup(zd, key->vni, &was->nat, was->nat_port,
			       key->proto);
	return s && zgc_service_backend(s, &key->saddr, key->sport) >= 0 ?
	       s : NULL;
}

/*
 * Whether @key's flow is the replies of a public service's backend to an
 * external client (provider.c): to an address outside the tenant's
 * subnets, as @was said. (A tenant's instance may reach a public VIP too:
 * the replies to it are forwarded to it, as any service's.)
 */
static bool zgc_fwd_public_reply(struct zgc_dev *zd,
				 const struct zgc_tenant *t,
				 const struct zgc_flow_key *key,
				 const struct zgc_flow_verdict *was)
{
	const struct zgc_service *s = zgc_fwd_reply_of(zd, key, was);

	return s && s->public && !zgc_tenant_subnet_of(t, &key->daddr);
}

/**
 * zgc_fwd_decide() - the verdict of a flow, from the endpoint table, the
 *	services and the tenant's ACL
 * @zd: the device
 * @t: the flow's tenant
 * @key: the flow
 * @v: where to put its verdict
 * @was: the verdict the flow had (decided again: its tenant's
 *	configuration changed), or NULL for a new flow. A flow to a service
 *	keeps its backend while that one is listed and up; a reply of a
 *	service's backend stays one (ZGC_FLOW_F_SNAT).
 *
 * A flow to a service's VIP and port goes to one of its backends
 * (zgc_service_pick()), its destination rewritten (ZGC_FLOW_F_DNAT); the
 * ACL applies to the flow as the client sent it, to the VIP.
 *
 * A flow to an address of one of the tenant's subnets that no endpoint
 * has (an instance removed), or to an endpoint on a host declared down
 * (host.c), is unreachable (ZGC_FLOW_UNREACHABLE): its sender is told at
 * once, rather than left to time out. The replies of a public service's
 * backend to an external client are routed out on the provider network
 * (ZGC_FLOW_ROUTE, provider.c).
 *
 * Context: RCU read side.
 * Return: 0, or why the packet gets no verdict and is dropped uncached:
 * ZGC_STATS_RX_UNKNOWN_DESTINATION when its destination is no endpoint
 * nor in a subnet of the tenant, ZGC_STATS_RX_NO_BACKEND when its
 * service has no backend that can take it.
 */
enum zgc_stats_attr zgc_fwd_decide(struct zgc_dev *zd,
				   const struct zgc_tenant *t,
				   const struct zgc_flow_key *key,
				   struct zgc_flow_verdict *v,
				   const struct zgc_flow_verdict *was)
{
	const struct zgc_service *s = zgc_fwd_service(zd, key);
	const struct zgc_endpoint *ep;
	const struct zgc_subnet *sn;
	bool kept = false, out = false;
	int b = -1;

	if (s) {
		b = zgc_service_pick(zd, s, key, was, &kept);
		ep = b >= 0 ? zgc_endpoint_lookup(zd, t->vni, &s->b[b].addr) :
			      NULL;
		if (!ep)
			return ZGC_STATS_RX_NO_BACKEND;
	} else {
		ep = zgc_endpoint_lookup(zd, t->vni, &key->daddr);
		out = !ep && zgc_fwd_public_reply(zd, t, key, was);
		/*
		 * Unreachable (below): an address of a subnet that no
		 * instance has (any more), or an instance on a host down.
		 */
		if (!ep && !out && (!zgc_tenant_subnet_of(t, &key->daddr) ||
				    zgc_tenant_gateway(t, &key->daddr)))
			return ZGC_STATS_RX_UNKNOWN_DESTINATION;
	}
	memset(v, 0, sizeof(*v));
	v->config = READ_ONCE(t->config_version);
	switch (zgc_acl_check(t, key)) {
	case ZGC_ACL_DENY:
		v->action = ZGC_FLOW_DROP;
		return 0;
	case ZGC_ACL_REJECT:
		v->action = ZGC_FLOW_REJECT;
		return 0;
	}
	if (out) {
		v->action = ZGC_FLOW_ROUTE;
		v->flags = ZGC_FLOW_F_SNAT;
		v->nat = was->nat;
		v->nat_port = was->nat_port;
		return 0;
	}
	if (!ep || zgc_host_is_down(zd, ep->host)) {
		v->action = ZGC_FLOW_UNREACHABLE;
		return 0;
	}
	sn = ep->subnet;
	v->action = ZGC_FLOW_FORWARD;
	v->host = ep->host;
	ether_addr_copy(v->dmac, ep->mac);
	if (!zgc_subnet_holds(sn, &key->saddr)) {
		v->flags |= ZGC_FLOW_F_ROUTED;
		ether_addr_copy(v->smac, sn->mac);
	}
	if (s) {
		v->flags |= ZGC_FLOW_F_DNAT;
		v->nat = s->b[b].addr;
		v->nat_port = s->b[b].port;
		if (!kept)
			zgc_service_count(s, b, ZGC_BACKEND_FLOWS);
	} else if (zgc_fwd_reply_of(zd, key, was)) {
		v->flags |= ZGC_FLOW_F_SNAT;
		v->nat = was->nat;
		v->nat_port = was->nat_port;
	}
	return 0;
}

/**
 * zgc_fwd_decide_reverse() - the verdict of the replies to a flow
 * @zd: the device
 * @t: the flow's tenant
 * @key: the flow
 * @fv: its verdict, just decided
 * @rkey: where to put the replies' flow (zgc_nat_key_reply())
 * @rv: where to put their verdict: the replies to a service flow come
 *	from its backend as from the VIP (ZGC_FLOW_F_SNAT); the replies to
 *	a backend's reply go to that backend
 *
 * Context: RCU read side.
 * Return: as zgc_fwd_decide().
 */
enum zgc_stats_attr zgc_fwd_decide_reverse(struct zgc_dev *zd,
					   const struct zgc_tenant *t,
					   const struct zgc_flow_key *key,
					   const struct zgc_flow_verdict *fv,
					   struct zgc_flow_key *rkey,
					   struct zgc_flow_verdict *rv)
{
	struct zgc_flow_verdict was = {};
	enum zgc_stats_attr why;

	zgc_nat_key_reply(key, fv, rkey);
	if (fv->flags & ZGC_FLOW_F_DNAT) {
		was.flags = ZGC_FLOW_F_SNAT;
	} else if (fv->flags & ZGC_FLOW_F_SNAT) {
		was.action = ZGC_FLOW_FORWARD;
		was.flags = ZGC_FLOW_F_DNAT;
	}
	zgc_nat_reverse_rewrite(key, was.flags, &was);
	why = zgc_fwd_decide(zd, t, rkey, rv, was.flags ? &was : NULL);
	/*
	 * The client's flow of a backend's reply goes to that backend or
	 * gets no verdict here (it is decided when it comes): the second
	 * verdict of a cluster message carries no address of its own, it is
	 * the frame's (wire.h).
	 */
	if (!why && (fv->flags & ZGC_FLOW_F_SNAT) &&
	    (!(rv->flags & ZGC_FLOW_F_DNAT) || rv->nat_port != key->sport ||
	     !ipv6_addr_equal(&rv->nat, &key->saddr)))
		return ZGC_STATS_RX_NO_BACKEND;
	return why;
}

/*
 * The length of the IP packets a GSO packet will be cut into: its
 * headers (the TCP or UDP one included) and a segment.
 */
static unsigned int zgc_fwd_gso_len(const struct sk_buff *skb,
				    const struct zgc_fwd_pkt *p)
{
	unsigned int len = p->l4 - p->nh + skb_shinfo(skb)->gso_size;

	if (p->ports && p->key.proto == IPPROTO_TCP)
		len += ((const struct tcphdr *)(skb->data + p->l4))->doff * 4;
	else if (p->ports)
		len += sizeof(struct udphdr);
	return len;
}

/*
 * Whether the inner IPv4 packet is too big for @mtu and may not be
 * fragmented: it has DF, or the outer header always has (ZGC_DF_SET).
 */
static bool zgc_fwd_too_big4(const struct zgc_dev *zd,
			     const struct sk_buff *skb,
			     const struct zgc_fwd_pkt *p, unsigned int mtu)
{
	const struct iphdr *iph = (const struct iphdr *)(skb->data + p->nh);

	if (!(iph->frag_off & htons(IP_DF)) && zd->cfg.ul.df != ZGC_DF_SET)
		return false;
	if (skb_is_gso(skb))
		return zgc_fwd_gso_len(skb, p) > mtu;
	return ntohs(iph->tot_len) > mtu;
}

/*
 * Whether the inner IPv6 packet is too big for @mtu: routers do not
 * fragment IPv6 (RFC 8200, 5), and the underlay carries at least
 * IPV6_MIN_MTU, in fragments if it must (as geneve.c does).
 */
static bool zgc_fwd_too_big6(const struct sk_buff *skb,
			     const struct zgc_fwd_pkt *p, unsigned int mtu)
{
	const struct ipv6hdr *ip6 = (const struct ipv6hdr *)(skb->data + p->nh);
	unsigned int len;

	if (skb_is_gso(skb))
		len = zgc_fwd_gso_len(skb, p);
	else
		len = sizeof(*ip6) + ntohs(ip6->payload_len);
	return len > max_t(unsigned int, mtu, IPV6_MIN_MTU);
}

/*
 * Rewrites a service flow's packet (nat.c) and counts it for its
 * backend: a packet to it, or a reply from it.
 */
static int zgc_fwd_nat(struct zgc_dev *zd, struct sk_buff *skb,
		       const struct zgc_fwd_pkt *p,
		       const struct zgc_flow_verdict *v)
{
	const struct zgc_flow_key *k = &p->key;
	const struct zgc_service *s;
	int b;

	if (p->ports && (v->flags & ZGC_FLOW_F_DNAT)) {
		s = zgc_service_lookup(zd, k->vni, &k->daddr, k->dport,
				       k->proto);
		b = s ? zgc_service_backend(s, &v->nat, v->nat_port) : -1;
		if (b >= 0)
			zgc_service_count(s, b, ZGC_BACKEND_PACKETS);
	} else if (p->ports) {
		s = zgc_service_lookup(zd, k->vni, &v->nat, v->nat_port,
				       k->proto);
		b = s ? zgc_service_backend(s, &k->saddr, k->sport) : -1;
		if (b >= 0)
			zgc_service_count(s, b, ZGC_BACKEND_REPLIES);
	}
	return zgc_nat_rewrite(skb, p, v);
}

/*
 * Executes a ZGC_FLOW_FORWARD verdict on the packet. A packet too big
 * for the underlay route (with the encapsulation) that may not be
 * fragmented is answered with ICMP "fragmentation needed" (RFC 1191) or
 * ICMPv6 "packet too big" (RFC 8201), as a router would, and dropped.
 */
static enum zgc_stats_attr zgc_fwd_forward(struct zgc_dev *zd, struct sock *sk,
					   const struct zgc_tenant *t,
					   struct sk_buff *skb,
					   unsigned int inner,
					   const struct zgc_fwd_pkt *p,
					   const struct zgc_flow_verdict *v)
{
	bool routed = v->flags & ZGC_FLOW_F_ROUTED;
	unsigned int mtu, hlen;
	struct flowi4 fl4;
	struct ethhdr *eth;
	struct rtable *rt;
	u8 ttl;

	/* zgc_fwd_parse_ipv*() pulled the IP header. */
	if (p->ipv6) {
		hlen = sizeof(struct ipv6hdr);
		ttl = ((struct ipv6hdr *)(skb->data + p->nh))->hop_limit;
	} else {
		hlen = sizeof(struct iphdr);
		ttl = ((struct iphdr *)(skb->data + p->nh))->ttl;
	}
	if (routed && ttl <= 1) {
		/* As a router does: traceroute sees the gateway. */
		if (p->ipv6)
			zgc_icmp6_error(zd, sk, t, skb, inner,
					ICMPV6_TIME_EXCEED,
					ICMPV6_EXC_HOPLIMIT, 0);
		else
			zgc_icmp_error(zd, sk, t, skb, inner,
				       ICMP_TIME_EXCEEDED, ICMP_EXC_TTL, 0);
		return ZGC_STATS_RX_TTL_EXCEEDED;
	}
	rt = zgc_tx_route(zd, zgc_underlay_source(&zd->cfg.ul, skb), v->host,
			  &fl4);
	if (!rt) {
		/* Counted as tx_no_route. */
		zgc_drop_skb(zd, skb, ZGC_STATS_TX_NO_ROUTE);
		return 0;
	}
	/*
	 * A host that is this node's own address (one added since the
	 * endpoint was, or a verdict another node sent) would have the
	 * packet come back to the gateway, and again, for ever.
	 */
	if (rt->rt_type != RTN_UNICAST) {
		ip_rt_put(rt);
		zgc_stats_drop_tx(zd, ZGC_STATS_TX_NO_ROUTE);
		zgc_drop_skb(zd, skb, ZGC_STATS_TX_NO_ROUTE);
		return 0;
	}
	mtu = dst_mtu(&rt->dst);
	mtu = mtu > ZGC_TX_OVERHEAD ? mtu - ZGC_TX_OVERHEAD : 0;
	if (p->ipv6 && zgc_fwd_too_big6(skb, p, mtu)) {
		ip_rt_put(rt);
		zgc_icmp6_error(zd, sk, t, skb, inner, ICMPV6_PKT_TOOBIG, 0,
				max_t(unsigned int, mtu, IPV6_MIN_MTU));
		return ZGC_STATS_RX_FRAG_NEEDED;
	}
	if (!p->ipv6 && zgc_fwd_too_big4(zd, skb, p, mtu)) {
		ip_rt_put(rt);
		zgc_icmp_error(zd, sk, t, skb, inner, ICMP_DEST_UNREACH,
			       ICMP_FRAG_NEEDED, min(mtu, (unsigned int)U16_MAX));
		return ZGC_STATS_RX_FRAG_NEEDED;
	}
	if (skb_ensure_writable(skb, p->nh + hlen) ||
	    ((v->flags & (ZGC_FLOW_F_DNAT | ZGC_FLOW_F_SNAT)) &&
	     zgc_fwd_nat(zd, skb, p, v))) {
		ip_rt_put(rt);
		return ZGC_STATS_RX_NO_MEMORY;
	}

	__skb_pull(skb, inner);
	skb_reset_mac_header(skb);
	skb_set_network_header(skb, ETH_HLEN);
	eth = eth_hdr(skb);
	skb->protocol = eth->h_proto;
	ether_addr_copy(eth->h_dest, v->dmac);
	if (routed) {
		ether_addr_copy(eth->h_source, v->smac);
		if (p->ipv6)
			ipv6_hdr(skb)->hop_limit--;
		else
			ip_decrease_ttl(ip_hdr(skb));
	}
	skb_scrub_packet(skb, false);
	/* The inner flow, not the outer one, picks the UDP source port. */
	skb_clear_hash(skb);
	zgc_tx_xmit(zd, sk, skb, t->vni, rt, &fl4);
	return 0;
}

/*
 * Executes a ZGC_FLOW_ROUTE verdict: the reply of a public service's
 * backend leaves, as from the public VIP, through the node's routing.
 */
static enum zgc_stats_attr zgc_fwd_route(struct zgc_dev *zd,
					 struct sk_buff *skb,
					 const struct zgc_fwd_pkt *p,
					 const struct zgc_flow_verdict *v)
{
	unsigned int hlen = p->ipv6 ? sizeof(struct ipv6hdr) :
				      sizeof(struct iphdr);

	if (skb_ensure_writable(skb, p->nh + hlen) ||
	    zgc_fwd_nat(zd, skb, p, v))
		return ZGC_STATS_RX_NO_MEMORY;
	return zgc_provider_route(zd, skb, p);
}

/**
 * zgc_fwd_insert_error() - why a flow could not be inserted
 * @f: what zgc_flow_insert() returned, an error
 *
 * Return: the drop counter of that error.
 */
enum zgc_stats_attr zgc_fwd_insert_error(const struct zgc_flow *f)
{
	switch (PTR_ERR(f)) {
	case -ENOSPC:
		return ZGC_STATS_RX_FLOW_TABLE_FULL;
	case -EDQUOT:
		return ZGC_STATS_RX_FLOW_VNI_LIMIT;
	default:
		return ZGC_STATS_RX_NO_MEMORY;
	}
}

/*
 * Answers the packet's sender with an ICMP destination unreachable of
 * @code4, or an ICMPv6 one of @code6.
 */
static void zgc_fwd_unreach(struct zgc_dev *zd, struct sock *sk,
			    const struct zgc_tenant *t, struct sk_buff *skb,
			    unsigned int inner, const struct zgc_fwd_pkt *p,
			    u8 code4, u8 code6)
{
	if (p->ipv6)
		zgc_icmp6_error(zd, sk, t, skb, inner, ICMPV6_DEST_UNREACH,
				code6, 0);
	else
		zgc_icmp_error(zd, sk, t, skb, inner, ICMP_DEST_UNREACH, code4,
			       0);
}

/**
 * zgc_fwd_execute() - do with a packet what its flow's verdict says
 * @zd: the device
 * @sk: its tunnel socket
 * @t: the tenant the packet came from
 * @skb: the tunnel packet, as for zgc_fwd_ip()
 * @inner: offset of the inner Ethernet header from skb->data
 * @p: the packet, parsed by zgc_fwd_parse()
 * @f: its flow's entry in the flow cache
 *
 * Return: 0 when @skb was sent on (and consumed), else why to drop it.
 */
enum zgc_stats_attr zgc_fwd_execute(struct zgc_dev *zd, struct sock *sk,
				    struct zgc_tenant *t, struct sk_buff *skb,
				    unsigned int inner,
				    const struct zgc_fwd_pkt *p,
				    struct zgc_flow *f)
{
	zgc_flow_touch(f, p->closing);
	switch (f->v.action) {
	case ZGC_FLOW_FORWARD:
		return zgc_fwd_forward(zd, sk, t, skb, inner, p, &f->v);
	case ZGC_FLOW_REJECT:
		zgc_fwd_unreach(zd, sk, t, skb, inner, p, ICMP_PKT_FILTERED,
				ICMPV6_ADM_PROHIBITED);
		return ZGC_STATS_RX_ACL_REJECT;
	case ZGC_FLOW_UNREACHABLE:
		zgc_fwd_unreach(zd, sk, t, skb, inner, p, ICMP_HOST_UNREACH,
				ICMPV6_ADDR_UNREACH);
		return ZGC_STATS_RX_UNREACHABLE;
	case ZGC_FLOW_ROUTE:
		return zgc_fwd_route(zd, skb, p, &f->v);
	default:
		return ZGC_STATS_RX_ACL_DENY;
	}
}

/*
 * Without a cluster: a service flow's replies (or a backend reply's
 * answers) could not be told from any flow when they come, so their
 * verdict is decided with the flow's and cached now, unless the cache
 * holds it already.
 */
static void zgc_fwd_cache_reverse(struct zgc_dev *zd, struct zgc_tenant *t,
				  const struct zgc_flow_key *key,
				  const struct zgc_flow_verdict *v)
{
	struct zgc_flow tmpl = {};
	struct zgc_flow *r;

	if (!(v->flags & (ZGC_FLOW_F_DNAT | ZGC_FLOW_F_SNAT)))
		return;
	tmpl.gen = READ_ONCE(t->gen);
	if (zgc_fwd_decide_reverse(zd, t, key, v, &tmpl.key, &tmpl.v))
		return;
	r = zgc_flow_lookup(&zd->flows, &tmpl.key);
	if (r && r->gen == tmpl.gen && !memcmp(&r->v, &tmpl.v, sizeof(r->v)))
		return;
	/* Not cached (the table is full): the replies miss, and are dropped. */
	zgc_flow_insert(&zd->flows, t, &tmpl, r);
}

/*
 * A fragment: the first one takes its flow's verdict, cached or decided
 * here (never asked of the DFT: the other fragments could not follow it
 * there), and leaves it, for ZGC_FLOW_CLOSE_TIMEOUT, in an entry of the
 * fragments (keyed by addresses, protocol and identification, with
 * ZGC_FLOW_KEY_FRAG); the others take that verdict, and are dropped
 * without it: an ACL's ports apply to every fragment, as conntrack's
 * first-fragment verdict does, with no reassembly. (A later fragment that
 * comes before the first is lost; the sender's datagram with it.)
 */
static enum zgc_stats_attr zgc_fwd_frag(struct zgc_dev *zd, struct sock *sk,
					struct zgc_tenant *t,
					struct sk_buff *skb, unsigned int inner,
					const struct zgc_fwd_pkt *p)
{
	struct zgc_flow tmpl = {};
	enum zgc_stats_attr why;
	struct zgc_flow *f, *g;

	tmpl.gen = READ_ONCE(t->gen);
	tmpl.key = p->key;
	tmpl.key.proto = p->frag_proto;
	tmpl.key.sport = htons(p->frag_id >> 16);
	tmpl.key.dport = htons(p->frag_id & 0xffff);
	tmpl.key.frag = ZGC_FLOW_KEY_FRAG;
	g = zgc_flow_lookup(&zd->flows, &tmpl.key);
	if (!p->frag_first) {
		if (!g || g->gen != tmpl.gen)
			return ZGC_STATS_RX_FRAG_NO_FIRST;
		return zgc_fwd_execute(zd, sk, t, skb, inner, p, g);
	}
	f = zgc_flow_lookup(&zd->flows, &p->key);
	if (f && f->gen == tmpl.gen) {
		zgc_stats_count(zd, ZGC_STATS_FLOW_HIT);
		tmpl.v = f->v;
	} else {
		zgc_stats_count(zd, ZGC_STATS_FLOW_MISS);
		trace_zgc_flow_miss(zd, &p->key, ZGC_FLOWS_CACHE);
		if (!zgc_tenant_new_flow(t))
			return ZGC_STATS_RX_FLOW_RATE_LIMITED;
		why = zgc_fwd_decide(zd, t, &p->key, &tmpl.v,
				     f ? &f->v : NULL);
		if (why)
			return why;
		zgc_fwd_cache_reverse(zd, t, &p->key, &tmpl.v);
	}
	tmpl.closing = true;
	g = zgc_flow_insert(&zd->flows, t, &tmpl, g);
	if (IS_ERR(g))
		return zgc_fwd_insert_error(g);
	return zgc_fwd_execute(zd, sk, t, skb, inner, p, g);
}

/**
 * zgc_fwd_flow() - forward a parsed packet by its flow's verdict
 * @zd: the device
 * @sk: its tunnel socket
 * @t: the packet's tenant
 * @skb: the packet, as for zgc_fwd_ip() (provider.c gives a packet from
 *	the provider network that form)
 * @inner: offset of its Ethernet header from skb->data
 * @p: the packet, parsed by zgc_fwd_parse()
 *
 * On a miss, the verdict comes from the DFT when the device is a FWD of a
 * cluster (the packet goes there to fetch it), else it is computed here
 * and cached.
 *
 * Return: 0 when @skb was sent on (and consumed), else why to drop it.
 */
enum zgc_stats_attr zgc_fwd_flow(struct zgc_dev *zd, struct sock *sk,
				 struct zgc_tenant *t, struct sk_buff *skb,
				 unsigned int inner, const struct zgc_fwd_pkt *p)
{
	struct zgc_flow tmpl = {};
	enum zgc_stats_attr why;
	struct zgc_flow *f;

	if (p->frag)
		return zgc_fwd_frag(zd, sk, t, skb, inner, p);
	tmpl.gen = READ_ONCE(t->gen);
	f = zgc_flow_lookup(&zd->flows, &p->key);
	if (f && f->gen == tmpl.gen) {
		zgc_stats_count(zd, ZGC_STATS_FLOW_HIT);
		/* Now and then a verdict from the DFT goes back through it. */
		if (f->chain && dft_fwd_refresh_due(zd, f, p->closing))
			return dft_fwd_refresh(zd, sk, t, skb, inner, p, f);
		return zgc_fwd_execute(zd, sk, t, skb, inner, p, f);
	}
	zgc_stats_count(zd, ZGC_STATS_FLOW_MISS);
	trace_zgc_flow_miss(zd, &p->key, ZGC_FLOWS_CACHE);
	if (!zgc_tenant_new_flow(t))
		return ZGC_STATS_RX_FLOW_RATE_LIMITED;
	if (dft_fwd_serves(zd))
		return dft_fwd_lookup(zd, sk, t, skb, inner, p);
	why = zgc_fwd_decide(zd, t, &p->key, &tmpl.v, f ? &f->v : NULL);
	if (why) {
		/* Its destination is gone: so is its stale verdict. */
		if (f)
			zgc_flow_remove(&zd->flows, f);
		return why;
	}
	zgc_fwd_cache_reverse(zd, t, &p->key, &tmpl.v);
	tmpl.key = p->key;
	f = zgc_flow_insert(&zd->flows, t, &tmpl, f);
	if (IS_ERR(f))
		return zgc_fwd_insert_error(f);
	return zgc_fwd_execute(zd, sk, t, skb, inner, p, f);
}

/*
 * Whether a tenant packet's inner source is an endpoint of the tenant on
 * the host the packet came from (its outer source, the receive path's
 * IPv4 header): else an instance, or any host of the underlay, could send
 * in another's name, ACL source rules would mean nothing, and a spoofer
 * could fill the flow cache with flows of every tenant.
 */
static bool zgc_fwd_source_valid(struct zgc_dev *zd,
				 const struct zgc_tenant *t,
				 const struct sk_buff *skb,
				 const struct zgc_fwd_pkt *p)
{
	const struct zgc_endpoint *ep;

	ep = zgc_endpoint_lookup(zd, t->vni, &p->key.saddr);
	return ep && ep->host == ip_hdr(skb)->saddr;
}

/**
 * zgc_fwd_ip() - forward a tenant's IPv4 or IPv6 packet by its flow's
 *	verdict
 * @zd: the device
 * @sk: its tunnel socket
 * @t: the tenant the packet came from
 * @skb: the tunnel packet, skb->data at its UDP header, the inner
 *	Ethernet header at @inner and pulled
 * @inner: offset of the inner Ethernet header from skb->data
 *
 * Return: 0 when @skb was sent on (and consumed), else why to drop it
 * (the caller frees it).
 */
enum zgc_stats_attr zgc_fwd_ip(struct zgc_dev *zd, struct sock *sk,
			       struct zgc_tenant *t, struct sk_buff *skb,
			       unsigned int inner)
{
	enum zgc_stats_attr why;
	struct zgc_fwd_pkt p;

	why = zgc_fwd_parse(skb, inner, t->vni, &p);
	if (why)
		return why;
	if (!READ_ONCE(t->any_source) &&
	    !zgc_fwd_source_valid(zd, t, skb, &p))
		return ZGC_STATS_RX_SPOOFED;
	return zgc_fwd_flow(zd, sk, t, skb, inner, &p);
}

/**
 * zgc_fwd_parse() - the flow of a tenant's IPv4 or IPv6 packet
 * @skb: the packet, its inner Ethernet header at @inner and pulled
 * @inner: offset of that header from skb->data
 * @vni: the tenant's VNI
 * @p: where to put what the packet is
 *
 * Pulls the headers it reads.
 *
 * Return: 0, or why to drop the packet.
 */
enum zgc_stats_attr zgc_fwd_parse(struct sk_buff *skb, unsigned int inner,
				  u32 vni, struct zgc_fwd_pkt *p)
{
	const struct ethhdr *eth = (const struct ethhdr *)(skb->data + inner);
	unsigned int nh = inner + ETH_HLEN;

	if (eth->h_proto == htons(ETH_P_IPV6))
		return zgc_fwd_parse_ipv6(skb, nh, vni, p);
	if (eth->h_proto == htons(ETH_P_IP))
		return zgc_fwd_parse_ipv4(skb, nh, vni, p);
	return ZGC_STATS_RX_UNKNOWN_DESTINATION;
}
