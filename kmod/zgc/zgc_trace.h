/* SPDX-License-Identifier: GPL-2.0 */
/*
 * zgc's tracepoints, system "zgc" (perf trace -e 'zgc:*', trace-cmd
 * record -e zgc, /sys/kernel/tracing/events/zgc/):
 *   zgc_flow_miss    a packet whose flow the device's cache does not hold
 *                    (or holds for an older configuration of its tenant)
 *   zgc_flow_insert  a flow, or a DFT entry (table=dft), taken in
 *   zgc_flow_expire  one removed for being idle
 *   zgc_flow_delete  one removed otherwise (a flush, its destination gone,
 *                    its tenant changed or gone, a state transfer)
 *   zgc_drop         a packet dropped, with zgc's reason (the counter of
 *                    zgcctl stats it counts in)
 *   dft_msg_send     a cluster message sent (its operation, chain, epoch,
 *                    number and the node it goes to)
 *   dft_msg_recv     one received from a known node of the cluster, before
 *                    it is checked further (what it then comes to is
 *                    another dft_msg_send, a zgc_flow_insert, a zgc_drop)
 * Drops also go through kfree_skb_reason() with the kernel's reason where
 * one fits (skb:kfree_skb), zgc_drop_reason() below.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM zgc

#if !defined(_ZGC_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _ZGC_TRACE_H

#include <linux/netdevice.h>
#include <linux/tracepoint.h>
#include <linux/zgc.h>

#include "device.h"
#include "flow.h"
#include "msg.h"

/* Room for a drop reason's or an operation's name. */
#define ZGC_TRACE_NAME_LEN 24

DECLARE_EVENT_CLASS(zgc_flow_class,
	TP_PROTO(const struct zgc_dev *zd, const struct zgc_flow_key *key,
		 enum zgc_flow_kind table),
	TP_ARGS(zd, key, table),
	TP_STRUCT__entry(
		__array(char, dev, IFNAMSIZ)
		__field(u32, vni)
		__array(u8, saddr, sizeof(struct in6_addr))
		__array(u8, daddr, sizeof(struct in6_addr))
		__field(u16, sport)
		__field(u16, dport)
		__field(u8, proto)
		__field(u8, table)
	),
	TP_fast_assign(
		memcpy(__entry->dev, zd->dev->name, IFNAMSIZ);
		__entry->vni = key->vni;
		memcpy(__entry->saddr, &key->saddr, sizeof(key->saddr));
		memcpy(__entry->daddr, &key->daddr, sizeof(key->daddr));
		__entry->sport = ntohs(key->sport);
		__entry->dport = ntohs(key->dport);
		__entry->proto = key->proto;
		__entry->table = table;
	),
	TP_printk("dev=%s table=%s vni=%u proto=%u src=%pI6c sport=%u dst=%pI6c dport=%u",
		  __entry->dev, __entry->table == ZGC_FLOWS_DFT ? "dft" : "cache",
		  __entry->vni, __entry->proto, __entry->saddr, __entry->sport,
		  __entry->daddr, __entry->dport)
);

DEFINE_EVENT(zgc_flow_class, zgc_flow_miss,
	TP_PROTO(const struct zgc_dev *zd, const struct zgc_flow_key *key,
		 enum zgc_flow_kind table),
	TP_ARGS(zd, key, table)
);

DEFINE_EVENT(zgc_flow_class, zgc_flow_insert,
	TP_PROTO(const struct zgc_dev *zd, const struct zgc_flow_key *key,
		 enum zgc_flow_kind table),
	TP_ARGS(zd, key, table)
);

DEFINE_EVENT(zgc_flow_class, zgc_flow_expire,
	TP_PROTO(const struct zgc_dev *zd, const struct zgc_flow_key *key,
		 enum zgc_flow_kind table),
	TP_ARGS(zd, key, table)
);

DEFINE_EVENT(zgc_flow_class, zgc_flow_delete,
	TP_PROTO(const struct zgc_dev *zd, const struct zgc_flow_key *key,
		 enum zgc_flow_kind table),
	TP_ARGS(zd, key, table)
);

/* reason: the name of the zgcctl stats counter it counts in. */
TRACE_EVENT(zgc_drop,
	TP_PROTO(const struct zgc_dev *zd, const char *reason,
		 unsigned int len),
	TP_ARGS(zd, reason, len),
	TP_STRUCT__entry(
		__array(char, dev, IFNAMSIZ)
		__array(char, reason, ZGC_TRACE_NAME_LEN)
		__field(unsigned int, len)
	),
	TP_fast_assign(
		memcpy(__entry->dev, zd->dev->name, IFNAMSIZ);
		strscpy(__entry->reason, reason, ZGC_TRACE_NAME_LEN);
		__entry->len = len;
	),
	TP_printk("dev=%s reason=%s len=%u", __entry->dev, __entry->reason,
		  __entry->len)
);

DECLARE_EVENT_CLASS(dft_msg_class,
	TP_PROTO(const struct zgc_dev *zd, const struct dft_msg *m,
		 u32 node, __be32 addr),
	TP_ARGS(zd, m, node, addr),
	TP_STRUCT__entry(
		__array(char, dev, IFNAMSIZ)
		__array(char, op, ZGC_TRACE_NAME_LEN)
		__field(u8, flags)
		__field(u32, chain)
		__field(u64, epoch)
		__field(u64, seq)
		__field(u32, node)
		__array(u8, addr, sizeof(__be32))
	),
	TP_fast_assign(
		memcpy(__entry->dev, zd->dev->name, IFNAMSIZ);
		strscpy(__entry->op, dft_op_name(m->op), ZGC_TRACE_NAME_LEN);
		__entry->flags = m->flags;
		__entry->chain = m->chain;
		__entry->epoch = m->epoch;
		__entry->seq = m->seq;
		__entry->node = node;
		memcpy(__entry->addr, &addr, sizeof(addr));
	),
	TP_printk("dev=%s op=%s flags=0x%x chain=%u epoch=%llu seq=%llu node=%u addr=%pI4",
		  __entry->dev, __entry->op,
		  __entry->flags, __entry->chain, __entry->epoch,
		  __entry->seq, __entry->node, __entry->addr)
);

/* node, addr: the node it goes to. */
DEFINE_EVENT(dft_msg_class, dft_msg_send,
	TP_PROTO(const struct zgc_dev *zd, const struct dft_msg *m,
		 u32 node, __be32 addr),
	TP_ARGS(zd, m, node, addr)
);

/* node, addr: the node it comes from. */
DEFINE_EVENT(dft_msg_class, dft_msg_recv,
	TP_PROTO(const struct zgc_dev *zd, const struct dft_msg *m,
		 u32 node, __be32 addr),
	TP_ARGS(zd, m, node, addr)
);

#endif /* _ZGC_TRACE_H */

/* Out of the kernel's tree: the header is found next to this one. */
#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE zgc_trace
#include <trace/define_trace.h>
