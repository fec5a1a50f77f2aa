// SPDX-License-Identifier: GPL-2.0
/*
 * A packet zgc drops: the zgc:zgc_drop tracepoint with zgc's reason (the
 * counter it counts in), and kfree_skb_reason() with the kernel's reason
 * where one fits, so that `perf trace -e skb:kfree_skb` and dropwatch
 * explain it too. The counting is the caller's (stats.h).
 */

#include <linux/skbuff.h>
#include <net/dropreason.h>

#include "drop.h"
#include "zgc_trace.h"

/* The drop counters, by the names zgcctl stats gives them. */
static const char *const zgc_drop_names[ZGC_STATS_MAX + 1] = {
	[ZGC_STATS_RX_TRUNCATED] = "rx_truncated",
	[ZGC_STATS_RX_BAD_HEADER] = "rx_bad_header",
	[ZGC_STATS_RX_CRITICAL_OPTION] = "rx_critical_option",
	[ZGC_STATS_RX_BAD_PROTOCOL] = "rx_bad_protocol",
	[ZGC_STATS_RX_UNKNOWN_VNI] = "rx_unknown_vni",
	[ZGC_STATS_RX_UNKNOWN_DESTINATION] = "rx_unknown_destination",
	[ZGC_STATS_TX_NO_ROUTE] = "tx_no_route",
	[ZGC_STATS_RX_TTL_EXCEEDED] = "rx_ttl_exceeded",
	[ZGC_STATS_RX_FLOW_TABLE_FULL] = "rx_flow_table_full",
	[ZGC_STATS_RX_FLOW_VNI_LIMIT] = "rx_flow_vni_limit",
	[ZGC_STATS_RX_NO_MEMORY] = "rx_no_memory",
	[ZGC_STATS_RX_ACL_DENY] = "rx_acl_deny",
	[ZGC_STATS_RX_ACL_REJECT] = "rx_acl_reject",
	[ZGC_STATS_RX_FRAG_NEEDED] = "rx_frag_needed",
	[ZGC_STATS_RX_WRONG_ADDRESS] = "rx_wrong_address",
	[ZGC_STATS_DFT_RX_MALFORMED] = "dft_rx_malformed",
	[ZGC_STATS_DFT_RX_VERSION] = "dft_rx_version",
	[ZGC_STATS_DFT_RX_STALE_EPOCH] = "dft_rx_stale_epoch",
	[ZGC_STATS_DFT_RX_FUTURE_EPOCH] = "dft_rx_future_epoch",
	[ZGC_STATS_DFT_RX_AUTH] = "dft_rx_auth",
	[ZGC_STATS_DFT_RX_REPLAY] = "dft_rx_replay",
	[ZGC_STATS_DFT_RX_MISDIRECTED] = "dft_rx_misdirected",
	[ZGC_STATS_DFT_TX_TOO_BIG] = "dft_tx_too_big",
	[ZGC_STATS_DFT_CHAIN_DOWN] = "dft_chain_down",
	[ZGC_STATS_DFT_NO_LEASE] = "dft_no_lease",
	[ZGC_STATS_DFT_RX_OTHER_VIEW] = "dft_rx_other_view",
	[ZGC_STATS_RX_FRAG_NO_FIRST] = "rx_frag_no_first",
	[ZGC_STATS_RX_SPOOFED] = "rx_spoofed",
	[ZGC_STATS_RX_FLOW_RATE_LIMITED] = "rx_flow_rate_limited",
	[ZGC_STATS_DFT_RX_OTHER_BOOT] = "dft_rx_other_boot",
	[ZGC_STATS_RX_NO_BACKEND] = "rx_no_backend",
	[ZGC_STATS_RX_UNREACHABLE] = "rx_unreachable",
	[ZGC_STATS_PROVIDER_NO_SERVICE] = "provider_no_service",
	[ZGC_STATS_PROVIDER_NO_ROUTE] = "provider_no_route",
};

/**
 * zgc_drop_reason() - the kernel's drop reason closest to one of zgc's
 * @why: zgc's reason, a ZGC_STATS_* drop counter
 *
 * Return: the reason, SKB_DROP_REASON_NOT_SPECIFIED for those of zgc's
 * own (zgc:zgc_drop names them).
 */
enum skb_drop_reason zgc_drop_reason(enum zgc_stats_attr why)
{
	switch (why) {
	case ZGC_STATS_RX_TRUNCATED:
		return SKB_DROP_REASON_PKT_TOO_SMALL;
	case ZGC_STATS_RX_BAD_HEADER:
	case ZGC_STATS_DFT_RX_MALFORMED:
		return SKB_DROP_REASON_HDR_TRUNC;
	case ZGC_STATS_RX_CRITICAL_OPTION:
	case ZGC_STATS_RX_BAD_PROTOCOL:
	case ZGC_STATS_DFT_RX_VERSION:
		return SKB_DROP_REASON_UNHANDLED_PROTO;
	case ZGC_STATS_RX_UNKNOWN_DESTINATION:
		return SKB_DROP_REASON_IP_INNOROUTES;
	case ZGC_STATS_TX_NO_ROUTE:
	case ZGC_STATS_PROVIDER_NO_ROUTE:
		return SKB_DROP_REASON_IP_OUTNOROUTES;
	case ZGC_STATS_RX_NO_MEMORY:
		return SKB_DROP_REASON_NOMEM;
	case ZGC_STATS_RX_FRAG_NEEDED:
	case ZGC_STATS_DFT_TX_TOO_BIG:
		return SKB_DROP_REASON_PKT_TOO_BIG;
	case ZGC_STATS_RX_WRONG_ADDRESS:
	case ZGC_STATS_DFT_RX_MISDIRECTED:
		return SKB_DROP_REASON_OTHERHOST;
	case ZGC_STATS_RX_SPOOFED:
		/* A source its tenant's host may not send: as rp_filter's. */
		return SKB_DROP_REASON_IP_RPFILTER;
	default:
		return SKB_DROP_REASON_NOT_SPECIFIED;
	}
}

/**
 * zgc_drop_skb() - free a packet dropped for a reason, traced
 * @zd: the device
 * @skb: the packet
 * @why: zgc's reason, a ZGC_STATS_* drop counter (counted by the caller)
 *
 * Context: any.
 */
void zgc_drop_skb(struct zgc_dev *zd, struct sk_buff *skb,
		  enum zgc_stats_attr why)
{
	trace_zgc_drop(zd, why <= ZGC_STATS_MAX && zgc_drop_names[why] ?
		       zgc_drop_names[why] : "other", skb->len);
	kfree_skb_reason(skb, zgc_drop_reason(why));
}
