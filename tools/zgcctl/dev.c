// SPDX-License-Identifier: GPL-2.0
/*
 * zgc devices: the show, stats and set commands (ZGC_CMD_DEV_GET,
 * ZGC_CMD_DEV_SET).
 */

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/zgc.h>

#include "genl.h"
#include "json.h"
#include "zgcctl.h"

static const char *const overlay_names[ZGC_OVERLAY_MAX + 1] = {
	[ZGC_OVERLAY_GENEVE] = "geneve",
	[ZGC_OVERLAY_VXLAN] = "vxlan",
};

static const char *const df_names[ZGC_DF_MAX + 1] = {
	[ZGC_DF_UNSET] = "unset",
	[ZGC_DF_SET] = "set",
	[ZGC_DF_INHERIT] = "inherit",
};

/* The counters of ZGC_A_STATS, by the names zgcctl prints. */
static const char *const stat_names[ZGC_STATS_MAX + 1] = {
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
	[ZGC_STATS_FLOW_HIT] = "flow_hit",
	[ZGC_STATS_FLOW_MISS] = "flow_miss",
	[ZGC_STATS_FLOW_EXPIRED] = "flow_expired",
	[ZGC_STATS_RX_ACL_DENY] = "rx_acl_deny",
	[ZGC_STATS_RX_ACL_REJECT] = "rx_acl_reject",
	[ZGC_STATS_RX_FRAG_NEEDED] = "rx_frag_needed",
	[ZGC_STATS_RX_WRONG_ADDRESS] = "rx_wrong_address",
	[ZGC_STATS_DFT_EXPIRED] = "dft_expired",
	[ZGC_STATS_DFT_RX_MALFORMED] = "dft_rx_malformed",
	[ZGC_STATS_DFT_RX_VERSION] = "dft_rx_version",
	[ZGC_STATS_DFT_RX_STALE_EPOCH] = "dft_rx_stale_epoch",
	[ZGC_STATS_DFT_RX_FUTURE_EPOCH] = "dft_rx_future_epoch",
	[ZGC_STATS_DFT_RX_AUTH] = "dft_rx_auth",
	[ZGC_STATS_DFT_RX_REPLAY] = "dft_rx_replay",
	[ZGC_STATS_DFT_RX_MISDIRECTED] = "dft_rx_misdirected",
	[ZGC_STATS_DFT_TX_TOO_BIG] = "dft_tx_too_big",
	[ZGC_STATS_DFT_LOOKUP] = "dft_lookup",
	[ZGC_STATS_DFT_REPLY] = "dft_reply",
	[ZGC_STATS_DFT_INSERT] = "dft_insert",
	[ZGC_STATS_DFT_REFRESH] = "dft_refresh",
	[ZGC_STATS_DFT_DELETE] = "dft_delete",
	[ZGC_STATS_DFT_INSERT_RACED] = "dft_insert_raced",
	[ZGC_STATS_DFT_PROBE] = "dft_probe",
	[ZGC_STATS_DFT_PROBE_INDIRECT] = "dft_probe_indirect",
	[ZGC_STATS_DFT_PROBE_FAILED] = "dft_probe_failed",
	[ZGC_STATS_DFT_REFUTED] = "dft_refuted",
	[ZGC_STATS_DFT_NODE_DEAD] = "dft_node_dead",
	[ZGC_STATS_DFT_CHAIN_DOWN] = "dft_chain_down",
	[ZGC_STATS_DFT_NO_LEASE] = "dft_no_lease",
	[ZGC_STATS_DFT_SUSPECT] = "dft_suspect",
	[ZGC_STATS_DFT_CHAIN_REPAIRED] = "dft_chain_repaired",
	[ZGC_STATS_DFT_RX_OTHER_VIEW] = "dft_rx_other_view",
	[ZGC_STATS_DFT_SYNC_SENT] = "dft_sync_sent",
	[ZGC_STATS_DFT_SYNC_RECEIVED] = "dft_sync_received",
	[ZGC_STATS_DFT_SYNCED] = "dft_synced",
	[ZGC_STATS_DFT_MIGRATED] = "dft_migrated",
	[ZGC_STATS_RX_FRAG_NO_FIRST] = "rx_frag_no_first",
	[ZGC_STATS_RX_SPOOFED] = "rx_spoofed",
	[ZGC_STATS_RX_FLOW_RATE_LIMITED] = "rx_flow_rate_limited",
	[ZGC_STATS_DFT_RX_OTHER_BOOT] = "dft_rx_other_boot",
	[ZGC_STATS_RX_NO_BACKEND] = "rx_no_backend",
	[ZGC_STATS_RX_UNREACHABLE] = "rx_unreachable",
	[ZGC_STATS_PROVIDER_RX] = "provider_rx",
	[ZGC_STATS_PROVIDER_TX] = "provider_tx",
	[ZGC_STATS_PROVIDER_NO_SERVICE] = "provider_no_service",
	[ZGC_STATS_PROVIDER_NO_ROUTE] = "provider_no_route",
};

/* The flow cache's numbers in ZGC_CMD_DEV_GET, as zgcctl names them. */
static const struct {
	uint16_t attr;
	const char *name;
} flow_settings[] = {
	{ ZGC_A_FLOWS, "flows" },
	{ ZGC_A_FLOW_TIMEOUT, "flow_timeout" },
	{ ZGC_A_FLOW_MAX, "flow_max" },
	{ ZGC_A_FLOW_VNI_MAX, "flow_vni_max" },
	{ ZGC_A_DFT_ENTRIES, "dft_entries" },
};

/* A device as a ZGC_CMD_DEV_GET reply describes it. */
struct dev {
	uint32_t ifindex;
	char ifname[IFNAMSIZ];
	bool has_overlay;
	bool has_port;
	uint8_t overlay;
	uint16_t port;
	struct in_addr local;		/* 0.0.0.0: none */
	struct in_addr entrance[ZGC_ENTRANCES_MAX];
	size_t nentrances;
	bool has_ttl;
	bool has_df;
	bool has_provider;
	uint8_t ttl;
	uint8_t df;
	uint8_t provider;
	bool has_flow[ARRAY_SIZE(flow_settings)];
	uint32_t flow[ARRAY_SIZE(flow_settings)];
	bool has_stat[ZGC_STATS_MAX + 1];
	uint64_t stat[ZGC_STATS_MAX + 1];
};

struct dev_list {
	struct dev *devs;
	size_t n;
	size_t size;
	const char *bad;	/* why a reply was refused */
};

static void dev_list_restart(void *data)
{
	struct dev_list *l = data;

	l->n = 0;
}

/* ZGC_A_STATS: counters this zgcctl does not know are left out. */
static int dev_stat_cb(const struct nlattr *attr, void *data)
{
	uint16_t type = mnl_attr_get_type(attr);
	struct dev *d = data;

	if (type > ZGC_STATS_MAX || !stat_names[type])
		return MNL_CB_OK;
	if (mnl_attr_validate(attr, MNL_TYPE_U64) < 0) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	d->has_stat[type] = true;
	d->stat[type] = mnl_attr_get_u64(attr);
	return MNL_CB_OK;
}

/* ZGC_A_ENTRANCES: ZGC_ENTRANCE_A_ADDR4 each, the first ones kept. */
static int dev_entrance_cb(const struct nlattr *attr, void *data)
{
	struct dev *d = data;

	if (mnl_attr_get_type(attr) != ZGC_ENTRANCE_A_ADDR4)
		return MNL_CB_OK;
	if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	if (d->nentrances < ZGC_ENTRANCES_MAX)
		d->entrance[d->nentrances++].s_addr = mnl_attr_get_u32(attr);
	return MNL_CB_OK;
}

static int dev_reply_cb(const struct nlmsghdr *nlh, void *data)
{
	static const enum mnl_attr_data_type policy[ZGC_A_MAX + 1] = {
		[ZGC_A_IFINDEX] = MNL_TYPE_U32,
		[ZGC_A_IFNAME] = MNL_TYPE_NUL_STRING,
		[ZGC_A_OVERLAY] = MNL_TYPE_U8,
		[ZGC_A_PORT] = MNL_TYPE_U16,
		[ZGC_A_STATS] = MNL_TYPE_NESTED,
		[ZGC_A_FLOWS] = MNL_TYPE_U32,
		[ZGC_A_FLOW_TIMEOUT] = MNL_TYPE_U32,
		[ZGC_A_FLOW_MAX] = MNL_TYPE_U32,
		[ZGC_A_FLOW_VNI_MAX] = MNL_TYPE_U32,
		[ZGC_A_DFT_ENTRIES] = MNL_TYPE_U32,
		[ZGC_A_LOCAL] = MNL_TYPE_U32,
		[ZGC_A_ENTRANCES] = MNL_TYPE_NESTED,
		[ZGC_A_TTL] = MNL_TYPE_U8,
		[ZGC_A_DF] = MNL_TYPE_U8,
		[ZGC_A_PROVIDER] = MNL_TYPE_U8,
	};
	const struct nlattr *tb[ZGC_A_MAX + 1] = { NULL };
	struct zgc_genl_attrs a = { .policy = policy, .max = ZGC_A_MAX, .tb = tb };
	struct dev_list *l = data;
	struct dev *d, *devs;
	size_t i;
	int cmd;

	cmd = zgc_genl_parse(nlh, &a);
	if (cmd < 0) {
		l->bad = "an attribute of the wrong size";
		return MNL_CB_ERROR;
	}
	if (cmd != ZGC_CMD_DEV_GET)
		return MNL_CB_OK;
	if (!tb[ZGC_A_IFINDEX] || !tb[ZGC_A_IFNAME] ||
	    mnl_attr_get_payload_len(tb[ZGC_A_IFNAME]) > IFNAMSIZ) {
		l->bad = "a device whose ifindex or name is missing or too long";
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	if (l->n == l->size) {
		l->size = l->size ? 2 * l->size : 8;
		devs = realloc(l->devs, l->size * sizeof(*devs));
		if (!devs)
			return MNL_CB_ERROR;
		l->devs = devs;
	}
	d = &l->devs[l->n++];
	memset(d, 0, sizeof(*d));
	d->ifindex = mnl_attr_get_u32(tb[ZGC_A_IFINDEX]);
	memcpy(d->ifname, mnl_attr_get_str(tb[ZGC_A_IFNAME]),
	       mnl_attr_get_payload_len(tb[ZGC_A_IFNAME]));
	if (tb[ZGC_A_OVERLAY]) {
		d->has_overlay = true;
		d->overlay = mnl_attr_get_u8(tb[ZGC_A_OVERLAY]);
	}
	if (tb[ZGC_A_PORT]) {
		d->has_port = true;
		d->port = mnl_attr_get_u16(tb[ZGC_A_PORT]);
	}
	if (tb[ZGC_A_LOCAL])
		d->local.s_addr = mnl_attr_get_u32(tb[ZGC_A_LOCAL]);
	if (tb[ZGC_A_ENTRANCES] &&
	    mnl_attr_parse_nested(tb[ZGC_A_ENTRANCES], dev_entrance_cb, d) < 0) {
		l->bad = "an entrance of the wrong size";
		return MNL_CB_ERROR;
	}
	if (tb[ZGC_A_TTL]) {
		d->has_ttl = true;
		d->ttl = mnl_attr_get_u8(tb[ZGC_A_TTL]);
	}
	if (tb[ZGC_A_DF]) {
		d->has_df = true;
		d->df = mnl_attr_get_u8(tb[ZGC_A_DF]);
	}
	if (tb[ZGC_A_PROVIDER]) {
		d->has_provider = true;
		d->provider = mnl_attr_get_u8(tb[ZGC_A_PROVIDER]);
	}
	for (i = 0; i < ARRAY_SIZE(flow_settings); i++) {
		if (tb[flow_settings[i].attr]) {
			d->has_flow[i] = true;
			d->flow[i] = mnl_attr_get_u32(tb[flow_settings[i].attr]);
		}
	}
	if (tb[ZGC_A_STATS] &&
	    mnl_attr_parse_nested(tb[ZGC_A_STATS], dev_stat_cb, d) < 0) {
		l->bad = "a counter of the wrong size";
		return MNL_CB_ERROR;
	}
	return MNL_CB_OK;
}

/*
 * local 192.0.2.1 entrances 198.51.100.1,198.51.100.2 ttl auto df unset
 * (-j: "ttl" 0 for auto)
 */
static void dev_print_underlay(struct printer *p, const struct dev *d)
{
	char buf[ZGC_ENTRANCES_MAX][INET_ADDRSTRLEN], local[INET_ADDRSTRLEN];
	const char *addrs[ZGC_ENTRANCES_MAX];
	size_t i;

	if (d->local.s_addr) {
		inet_ntop(AF_INET, &d->local, local, sizeof(local));
		pr_string(p, "local", local);
	}
	for (i = 0; i < d->nentrances; i++) {
		inet_ntop(AF_INET, &d->entrance[i], buf[i], sizeof(buf[i]));
		addrs[i] = buf[i];
	}
	pr_strings(p, "entrances", addrs, d->nentrances);
	if (d->has_ttl && (d->ttl || p->json))
		pr_uint(p, "ttl", d->ttl);
	else if (d->has_ttl)
		pr_string(p, "ttl", "auto");
	if (d->has_df) {
		if (d->df <= ZGC_DF_MAX)
			pr_string(p, "df", df_names[d->df]);
		else
			pr_uint(p, "df", d->df);
	}
}

/*
 * zgc0: ifindex 5 overlay geneve port 6081 ttl auto df unset provider off flows 0
 * flow_timeout 300 flow_max 1048576 flow_vni_max 262144
 */
static void dev_print(struct printer *p, const struct dev *d)
{
	size_t i;

	pr_object_open(p);
	pr_name(p, "ifname", d->ifname);
	pr_uint(p, "ifindex", d->ifindex);
	if (d->has_overlay) {
		/* An overlay newer than this tool: its number. */
		if (d->overlay <= ZGC_OVERLAY_MAX && overlay_names[d->overlay])
			pr_string(p, "overlay", overlay_names[d->overlay]);
		else
			pr_uint(p, "overlay", d->overlay);
	}
	if (d->has_port)
		pr_uint(p, "port", d->port);
	dev_print_underlay(p, d);
	if (d->has_provider)
		pr_string(p, "provider", d->provider ? "on" : "off");
	for (i = 0; i < ARRAY_SIZE(flow_settings); i++)
		if (d->has_flow[i])
			pr_uint(p, flow_settings[i].name, d->flow[i]);
	pr_object_close(p);
}

/* zgc0: ifindex 5 rx_truncated 0 rx_bad_header 2 ... */
static void dev_print_stats(struct printer *p, const struct dev *d)
{
	unsigned int i;

	pr_object_open(p);
	pr_name(p, "ifname", d->ifname);
	pr_uint(p, "ifindex", d->ifindex);
	for (i = 0; i <= ZGC_STATS_MAX; i++)
		if (d->has_stat[i])
			pr_uint(p, stat_names[i], d->stat[i]);
	pr_object_close(p);
}

/* One device (DEV given) or all of them, each printed by print. */
static int dev_get(struct zgcctl_ctx *ctx, int argc, char **argv,
		   void (*print)(struct printer *p, const struct dev *d))
{
	struct dev_list l = { .devs = NULL };
	const char *ifname = NULL;
	char what[16 + IFNAMSIZ];
	struct printer p;
	struct nlmsghdr *nlh;
	struct zgc_genl *g;
	int ret, err;
	size_t i;

	if (argc > 1)
		return zgc_usage_err(ctx, "unexpected argument '%s'", argv[1]);
	snprintf(what, sizeof(what), "%s", ctx->cmd->name);
	if (argc) {
		ifname = argv[0];
		ret = zgc_check_ifname(ctx, ifname);
		if (ret)
			return ret;
		snprintf(what, sizeof(what), "%s %s", ctx->cmd->name, ifname);
	}

	g = zgc_genl_open();
	if (!g)
		return ZGC_EXIT_FAIL;
	nlh = zgc_genl_request(g, ZGC_CMD_DEV_GET);
	if (ifname) {
		mnl_attr_put_strz(nlh, ZGC_A_IFNAME, ifname);
		err = zgc_genl_doit(g, nlh, dev_reply_cb, &l);
	} else {
		err = zgc_genl_dump(g, nlh, dev_reply_cb, dev_list_restart, &l);
	}

	if (err && l.bad) {
		zgc_err("%s: malformed reply from the kernel: %s", what, l.bad);
		ret = ZGC_EXIT_FAIL;
	} else if (err) {
		ret = zgc_kernel_err(g, err, "%s", what);
	} else {
		pr_init(&p, stdout, ctx->json, ctx->pretty);
		pr_list_open(&p);
		for (i = 0; i < l.n; i++)
			print(&p, &l.devs[i]);
		pr_list_close(&p);
		ret = ZGC_EXIT_OK;
	}
	free(l.devs);
	zgc_genl_close(g);
	return ret;
}

/*
 * zgcctl save: the set line that gives a device d's settings back, each
 * of them, so that it also undoes what was changed since:
 * set zgc0 overlay geneve port 6081 local none entrances none ttl auto
 *	df unset provider off flow_timeout 300 flow_max 1048576
 *	flow_vni_max 262144
 */
static void dev_print_save(struct printer *p, const struct dev *d)
{
	char buf[INET_ADDRSTRLEN];
	size_t i;

	fprintf(p->f, "set %s", d->ifname);
	if (d->has_overlay && d->overlay <= ZGC_OVERLAY_MAX &&
	    overlay_names[d->overlay])
		fprintf(p->f, " overlay %s", overlay_names[d->overlay]);
	if (d->has_port)
		fprintf(p->f, " port %u", d->port);
	inet_ntop(AF_INET, &d->local, buf, sizeof(buf));
	fprintf(p->f, " local %s", d->local.s_addr ? buf : "none");
	fputs(" entrances ", p->f);
	for (i = 0; i < d->nentrances; i++) {
		inet_ntop(AF_INET, &d->entrance[i], buf, sizeof(buf));
		fprintf(p->f, "%s%s", i ? "," : "", buf);
	}
	if (!d->nentrances)
		fputs("none", p->f);
	if (d->has_ttl && d->ttl)
		fprintf(p->f, " ttl %u", d->ttl);
	else if (d->has_ttl)
		fputs(" ttl auto", p->f);
	if (d->has_df && d->df <= ZGC_DF_MAX)
		fprintf(p->f, " df %s", df_names[d->df]);
	if (d->has_provider)
		fprintf(p->f, " provider %s", d->provider ? "on" : "off");
	for (i = 0; i < ARRAY_SIZE(flow_settings); i++) {
		if (flow_settings[i].attr == ZGC_A_FLOWS ||
		    flow_settings[i].attr == ZGC_A_DFT_ENTRIES)
			continue;	/* counts, not settings */
		if (d->has_flow[i])
			fprintf(p->f, " %s %u", flow_settings[i].name,
				d->flow[i]);
	}
	fputc('\n', p->f);
}

int zgc_dev_save(struct zgcctl_ctx *ctx, char *ifname)
{
	return dev_get(ctx, 1, &ifname, dev_print_save);
}

/* zgcctl show [DEV] */
int cmd_show(struct zgcctl_ctx *ctx, int argc, char **argv)
{
	return dev_get(ctx, argc, argv, dev_print);
}

/* zgcctl stats [DEV] */
int cmd_stats(struct zgcctl_ctx *ctx, int argc, char **argv)
{
	return dev_get(ctx, argc, argv, dev_print_stats);
}

static int overlay_parse(const char *s)
{
	int i;

	for (i = 0; i <= ZGC_OVERLAY_MAX; i++)
		if (overlay_names[i] && !strcmp(s, overlay_names[i]))
			return i;
	return -1;
}

/* A decimal port number, 1 to 65535; 0 if s is none. */
static uint16_t port_parse(const char *s)
{
	unsigned long v;
	char *end;

	if (!isdigit((unsigned char)*s))
		return 0;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v > 65535)
		return 0;
	return (uint16_t)v;
}

/* The flow cache's settings zgcctl set takes, and their ranges. */
static const struct {
	const char *name;
	uint16_t attr;
	uint32_t max;
} flow_set_args[] = {
	{ "flow_timeout", ZGC_A_FLOW_TIMEOUT, 86400 },
	{ "flow_max", ZGC_A_FLOW_MAX, ZGC_FLOWS_MAX },
	{ "flow_vni_max", ZGC_A_FLOW_VNI_MAX, ZGC_FLOWS_MAX },
};

/* The underlay settings of zgcctl set; has_* say which were given. */
struct underlay_args {
	bool has_local, has_entrances, has_ttl, has_df;
	struct in_addr local;
	struct in_addr entrance[ZGC_ENTRANCES_MAX];
	size_t nentrances;
	uint8_t ttl;
	uint8_t df;
};

/* ADDR[,ADDR...] or none, into a->entrance. */
static int entrances_parse(struct zgcctl_ctx *ctx, const char *val,
			   struct underlay_args *a)
{
	char buf[ZGC_ENTRANCES_MAX * INET_ADDRSTRLEN + 1], *tok, *save;

	a->nentrances = 0;
	if (!strcmp(val, "none"))
		return 0;
	if (strlen(val) >= sizeof(buf))
		return zgc_usage_err(ctx, "too many entrances: at most %d",
				     ZGC_ENTRANCES_MAX);
	strcpy(buf, val);
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		if (a->nentrances == ZGC_ENTRANCES_MAX)
			return zgc_usage_err(ctx, "too many entrances: at most %d",
					     ZGC_ENTRANCES_MAX);
		if (parse_ip4(tok, &a->entrance[a->nentrances]))
			return zgc_usage_err(ctx, "invalid entrance '%s': expected an IPv4 address",
					     tok);
		a->nentrances++;
	}
	if (!a->nentrances)
		return zgc_usage_err(ctx, "entrances needs ADDR[,ADDR...] or none");
	return 0;
}

/*
 * One underlay setting of zgcctl set, key and val: 1 if key is none of
 * them, 0 if it was taken, else the exit status of a usage error.
 */
static int underlay_arg(struct zgcctl_ctx *ctx, const char *key,
			const char *val, struct underlay_args *a)
{
	uint32_t v;
	int i;

	if (!strcmp(key, "local")) {
		if (a->has_local)
			return zgc_usage_err(ctx, "local given twice");
		a->has_local = true;
		if (val && !strcmp(val, "none"))
			return 0;
		if (!val || parse_ip4(val, &a->local))
			return zgc_usage_err(ctx, "local needs an IPv4 address or none");
		return 0;
	}
	if (!strcmp(key, "entrances")) {
		if (a->has_entrances)
			return zgc_usage_err(ctx, "entrances given twice");
		a->has_entrances = true;
		if (!val)
			return zgc_usage_err(ctx, "entrances needs ADDR[,ADDR...] or none");
		return entrances_parse(ctx, val, a);
	}
	if (!strcmp(key, "ttl")) {
		if (a->has_ttl)
			return zgc_usage_err(ctx, "ttl given twice");
		a->has_ttl = true;
		if (val && !strcmp(val, "auto"))
			return 0;
		if (!val || parse_u32(val, 0, 255, &v))
			return zgc_usage_err(ctx, "ttl needs a number from 1 to 255, or auto");
		a->ttl = (uint8_t)v;
		return 0;
	}
	if (!strcmp(key, "df")) {
		if (a->has_df)
			return zgc_usage_err(ctx, "df given twice");
		a->has_df = true;
		for (i = 0; val && i <= ZGC_DF_MAX; i++) {
			if (!strcmp(val, df_names[i])) {
				a->df = (uint8_t)i;
				return 0;
			}
		}
		return zgc_usage_err(ctx, "df needs set, unset or inherit");
	}
	return 1;
}

static void underlay_put(struct nlmsghdr *nlh, const struct underlay_args *a)
{
	struct nlattr *nest;
	size_t i;

	if (a->has_local)
		mnl_attr_put_u32(nlh, ZGC_A_LOCAL, a->local.s_addr);
	if (a->has_entrances) {
		nest = mnl_attr_nest_start(nlh, ZGC_A_ENTRANCES);
		for (i = 0; i < a->nentrances; i++)
			mnl_attr_put_u32(nlh, ZGC_ENTRANCE_A_ADDR4,
					 a->entrance[i].s_addr);
		mnl_attr_nest_end(nlh, nest);
	}
	if (a->has_ttl)
		mnl_attr_put_u8(nlh, ZGC_A_TTL, a->ttl);
	if (a->has_df)
		mnl_attr_put_u8(nlh, ZGC_A_DF, a->df);
}

/*
 * zgcctl set DEV [overlay geneve|vxlan] [port PORT] [local ADDR|none]
 *	[entrances ADDR[,ADDR...]|none] [ttl N|auto] [df set|unset|inherit]
 *	[flow_timeout S] [flow_max N] [flow_vni_max N] [provider on|off]
 */
int cmd_set(struct zgcctl_ctx *ctx, int argc, char **argv)
{
	uint32_t flow[ARRAY_SIZE(flow_set_args)] = { 0 };
	struct underlay_args ul = { .has_local = false };
	const char *ifname, *key, *val;
	struct nlmsghdr *nlh;
	struct zgc_genl *g;
	int overlay = -1, provider = -1;
	uint16_t port = 0;
	bool any = false;
	int ret, err, i;
	size_t f;

	if (!argc)
		return zgc_usage_err(ctx, "no device given");
	ifname = argv[0];
	ret = zgc_check_ifname(ctx, ifname);
	if (ret)
		return ret;
	for (i = 1; i < argc; i += 2) {
		key = argv[i];
		val = i + 1 < argc ? argv[i + 1] : NULL;
		ret = underlay_arg(ctx, key, val, &ul);
		if (ret != 1) {
			if (ret)
				return ret;
			any = true;
			continue;
		}
		for (f = 0; f < ARRAY_SIZE(flow_set_args); f++)
			if (!strcmp(key, flow_set_args[f].name))
				break;
		if (!strcmp(key, "overlay")) {
			if (overlay >= 0)
				return zgc_usage_err(ctx, "overlay given twice");
			if (!val)
				return zgc_usage_err(ctx, "overlay needs a value: geneve or vxlan");
			overlay = overlay_parse(val);
			if (overlay < 0)
				return zgc_usage_err(ctx,
						     "invalid overlay '%s': expected geneve or vxlan",
						     val);
		} else if (!strcmp(key, "port")) {
			if (port)
				return zgc_usage_err(ctx, "port given twice");
			if (!val)
				return zgc_usage_err(ctx, "port needs a value: 1 to 65535");
			port = port_parse(val);
			if (!port)
				return zgc_usage_err(ctx,
						     "invalid port '%s': expected a number from 1 to 65535",
						     val);
		} else if (!strcmp(key, "provider")) {
			if (provider >= 0)
				return zgc_usage_err(ctx, "provider given twice");
			if (!val || (strcmp(val, "on") && strcmp(val, "off")))
				return zgc_usage_err(ctx, "provider needs on or off");
			provider = !strcmp(val, "on");
			any = true;
		} else if (f < ARRAY_SIZE(flow_set_args)) {
			if (flow[f])
				return zgc_usage_err(ctx, "%s given twice", key);
			if (!val || parse_u32(val, 1, flow_set_args[f].max,
					      &flow[f]))
				return zgc_usage_err(ctx,
						     "%s needs a number from 1 to %u",
						     key, flow_set_args[f].max);
			any = true;
		} else {
			return zgc_usage_err(ctx, "unknown argument '%s'", key);
		}
	}
	if (overlay < 0 && !port && !any)
		return zgc_usage_err(ctx, "nothing to change: give overlay, port, an underlay, a flow setting or provider");

	g = zgc_genl_open_dev(ifname, ZGC_CMD_DEV_SET, &nlh);
	if (!g)
		return ZGC_EXIT_FAIL;
	if (overlay >= 0)
		mnl_attr_put_u8(nlh, ZGC_A_OVERLAY, (uint8_t)overlay);
	if (port)
		mnl_attr_put_u16(nlh, ZGC_A_PORT, port);
	underlay_put(nlh, &ul);
	if (provider >= 0)
		mnl_attr_put_u8(nlh, ZGC_A_PROVIDER, (uint8_t)provider);
	for (f = 0; f < ARRAY_SIZE(flow_set_args); f++)
		if (flow[f])
			mnl_attr_put_u32(nlh, flow_set_args[f].attr, flow[f]);
	err = zgc_genl_doit(g, nlh, NULL, NULL);
	ret = err ? zgc_kernel_err(g, err, "set %s", ifname) : ZGC_EXIT_OK;
	zgc_genl_close(g);
	return ret;
}
