// SPDX-License-Identifier: GPL-2.0
/*
 * zgcctl monitor: the events of the family's multicast groups "cluster"
 * (ZGC_CMD_MEMBER_NTF) and "config" (ZGC_CMD_CONFIG_NTF, told by
 * monitor_config.c), one line each, as they come, as `ip monitor`
 * prints: with -j, one JSON object per line. Each ends with the time it
 * was read (time_ms: ms since the epoch, the real-time clock), so that
 * a test or an operator can tell how long after a failure it came.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <linux/genetlink.h>
#include <linux/zgc.h>

#include "genl.h"
#include "json.h"
#include "monitor.h"
#include "zgcctl.h"

/* Now, in ms since the epoch. */
static uint64_t monitor_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Prints a ZGC_CMD_MEMBER_NTF; anything else is skipped. */
static int monitor_member(struct monitor *mon, const struct nlattr **tb)
{
	static const enum mnl_attr_data_type cpolicy[ZGC_CLUSTER_A_MAX + 1] = {
		[ZGC_CLUSTER_A_ID] = MNL_TYPE_U32,
		[ZGC_CLUSTER_A_EPOCH] = MNL_TYPE_U64,
		[ZGC_CLUSTER_A_SELF] = MNL_TYPE_U32,
	};
	static const enum mnl_attr_data_type mpolicy[ZGC_MEMBER_A_MAX + 1] = {
		[ZGC_MEMBER_A_NODE] = MNL_TYPE_U32,
		[ZGC_MEMBER_A_STATE] = MNL_TYPE_U8,
		[ZGC_MEMBER_A_INCARNATION] = MNL_TYPE_U32,
		[ZGC_MEMBER_A_ADDR4] = MNL_TYPE_U32,
		[ZGC_MEMBER_A_WAS] = MNL_TYPE_U8,
	};
	const struct nlattr *ctb[ZGC_CLUSTER_A_MAX + 1] = { NULL };
	const struct nlattr *mtb[ZGC_MEMBER_A_MAX + 1] = { NULL };
	struct zgc_genl_attrs ca = { .policy = cpolicy,
				     .max = ZGC_CLUSTER_A_MAX, .tb = ctb };
	struct zgc_genl_attrs ma = { .policy = mpolicy,
				     .max = ZGC_MEMBER_A_MAX, .tb = mtb };
	char addr[INET_ADDRSTRLEN], state[8], was[8];
	const char *ifname;
	struct in_addr a;

	if (!tb[ZGC_A_IFNAME] || !tb[ZGC_A_CLUSTER] || !tb[ZGC_A_MEMBER] ||
	    zgc_genl_parse_nested(tb[ZGC_A_CLUSTER], &ca) ||
	    zgc_genl_parse_nested(tb[ZGC_A_MEMBER], &ma) ||
	    !ctb[ZGC_CLUSTER_A_ID] || !ctb[ZGC_CLUSTER_A_SELF] ||
	    !mtb[ZGC_MEMBER_A_NODE] || !mtb[ZGC_MEMBER_A_STATE] ||
	    !mtb[ZGC_MEMBER_A_INCARNATION] || !mtb[ZGC_MEMBER_A_ADDR4] ||
	    !mtb[ZGC_MEMBER_A_WAS]) {
		zgc_warn("monitor: an event without its attributes, skipped");
		return MNL_CB_OK;
	}
	ifname = mnl_attr_get_str(tb[ZGC_A_IFNAME]);
	if (mon->dev && strcmp(mon->dev, ifname))
		return MNL_CB_OK;
	a.s_addr = mnl_attr_get_u32(mtb[ZGC_MEMBER_A_ADDR4]);
	inet_ntop(AF_INET, &a, addr, sizeof(addr));

	pr_object_open(&mon->pr);
	pr_name(&mon->pr, "ifname", ifname);
	pr_string(&mon->pr, "event", "member");
	pr_uint(&mon->pr, "cluster", mnl_attr_get_u32(ctb[ZGC_CLUSTER_A_ID]));
	if (ctb[ZGC_CLUSTER_A_EPOCH])
		pr_uint(&mon->pr, "epoch",
			mnl_attr_get_u64(ctb[ZGC_CLUSTER_A_EPOCH]));
	pr_uint(&mon->pr, "self", mnl_attr_get_u32(ctb[ZGC_CLUSTER_A_SELF]));
	pr_uint(&mon->pr, "node", mnl_attr_get_u32(mtb[ZGC_MEMBER_A_NODE]));
	pr_string(&mon->pr, "addr", addr);
	pr_string(&mon->pr, "state",
		  member_state_name(mnl_attr_get_u8(mtb[ZGC_MEMBER_A_STATE]),
				    state));
	pr_string(&mon->pr, "was",
		  member_state_name(mnl_attr_get_u8(mtb[ZGC_MEMBER_A_WAS]),
				    was));
	pr_uint(&mon->pr, "incarnation",
		mnl_attr_get_u32(mtb[ZGC_MEMBER_A_INCARNATION]));
	pr_uint(&mon->pr, "time_ms", monitor_now_ms());
	pr_object_close(&mon->pr);
	/* As they come, even into a pipe or a file. */
	if (fflush(stdout)) {
		zgc_err("monitor: write error: %s", strerror(errno));
		return MNL_CB_ERROR;
	}
	return MNL_CB_OK;
}

/*
 * zgc0: event config subnet add vni 100 gw 10.1.0.1/24 mac ... time_ms ...
 * (-j: {"ifname":"zgc0","event":"config","change":"subnet add",
 * "args":"vni 100 gw ...","time_ms":...})
 */
int monitor_config_print(struct monitor *mon, const char *ifname,
			 const char *change, const char *args)
{
	if (mon->pr.json) {
		pr_object_open(&mon->pr);
		pr_name(&mon->pr, "ifname", ifname);
		pr_string(&mon->pr, "event", "config");
		pr_string(&mon->pr, "change", change);
		pr_string(&mon->pr, "args", *args == ' ' ? args + 1 : args);
		pr_uint(&mon->pr, "time_ms", monitor_now_ms());
		pr_object_close(&mon->pr);
	} else {
		fprintf(mon->pr.f, "%s: event config %s%s time_ms %llu\n",
			ifname, change, args,
			(unsigned long long)monitor_now_ms());
	}
	if (fflush(stdout)) {
		zgc_err("monitor: write error: %s", strerror(errno));
		return MNL_CB_ERROR;
	}
	return MNL_CB_OK;
}

static int monitor_cb(const struct nlmsghdr *nlh, void *data)
{
	static const enum mnl_attr_data_type policy[ZGC_A_MAX + 1] = {
		[ZGC_A_IFINDEX] = MNL_TYPE_U32,
		[ZGC_A_IFNAME] = MNL_TYPE_NUL_STRING,
		[ZGC_A_CLUSTER] = MNL_TYPE_NESTED,
		[ZGC_A_MEMBER] = MNL_TYPE_NESTED,
		[ZGC_A_CHANGE] = MNL_TYPE_U8,
	};
	const struct nlattr *tb[ZGC_A_MAX + 1] = { NULL };
	struct zgc_genl_attrs a = { .policy = policy, .max = ZGC_A_MAX,
				    .tb = tb };
	struct monitor *mon = data;
	int cmd;

	cmd = zgc_genl_parse(nlh, &a);
	if (cmd < 0) {
		zgc_warn("monitor: a malformed event, skipped");
		return MNL_CB_OK;
	}
	if (cmd == ZGC_CMD_MEMBER_NTF)
		return monitor_member(mon, tb);
	if (cmd == ZGC_CMD_CONFIG_NTF)
		return monitor_config(mon, nlh, tb);
	return MNL_CB_OK;
}

int cmd_monitor(struct zgcctl_ctx *ctx, int argc, char **argv)
{
	static const char *const groups[] = {
		ZGC_GENL_MCGRP_CLUSTER, ZGC_GENL_MCGRP_CONFIG,
	};
	struct monitor mon = { .dev = NULL };
	struct zgc_genl *g;
	size_t i;
	int err;

	if (argc > 1)
		return zgc_usage_err(ctx, "unexpected argument '%s'", argv[1]);
	if (argc == 1) {
		if (zgc_check_ifname(ctx, argv[0]))
			return ZGC_EXIT_USAGE;
		mon.dev = argv[0];
	}
	if (ctx->batch) {
		zgc_err("%s:%u: monitor runs until it is stopped: not in a batch",
			ctx->file, ctx->line);
		return ZGC_EXIT_USAGE;
	}
	g = zgc_genl_open();
	if (!g)
		return ZGC_EXIT_FAIL;
	for (i = 0; i < ARRAY_SIZE(groups); i++) {
		err = zgc_genl_join(g, groups[i]);
		if (err == -EOPNOTSUPP) {
			zgc_err("monitor: the zgc module has no events of \"%s\" (a multicast group): it is older than zgcctl",
				groups[i]);
			zgc_genl_close(g);
			return ZGC_EXIT_FAIL;
		}
		if (err) {
			zgc_genl_close(g);
			return zgc_kernel_err(NULL, err,
					      "monitor: joining \"%s\"",
					      groups[i]);
		}
	}
	/* With -j, a JSON object per line, whatever -p says. */
	pr_init(&mon.pr, stdout, ctx->json, false);
	for (;;) {
		err = zgc_genl_listen(g, monitor_cb, &mon);
		if (err != -ENOBUFS)
			break;
		zgc_warn("monitor: events were lost (read too slowly)");
	}
	zgc_genl_close(g);
	if (err)
		return zgc_kernel_err(NULL, err, "monitor");
	return ZGC_EXIT_OK;
}
