// SPDX-License-Identifier: GPL-2.0
/*
 * The flow tables of a device: the flow show and flush commands
 * (ZGC_CMD_FLOW_GET, ZGC_CMD_FLOW_FLUSH) for its flow cache, dft show
 * (ZGC_CMD_DFT_GET) for the DFT entries it holds as an FTN.
 */

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/zgc.h>

#include "dump.h"
#include "genl.h"
#include "json.h"
#include "zgcctl.h"

/* A flow as a ZGC_CMD_FLOW_GET reply describes it. */
struct flow {
	uint32_t vni;
	uint8_t proto;
	struct zgc_addr src, dst;	/* both of one family */
	uint16_t sport, dport;		/* host order */
	uint8_t action;
	uint32_t flags;
	struct in_addr host;
	uint8_t mac[MAC_LEN];
	uint32_t idle_ms;
	uint32_t chain;			/* 0: decided locally */
	uint64_t version;
	uint32_t config;		/* the configuration version */
	struct zgc_addr nat;		/* with ZGC_FLOW_F_DNAT or _SNAT */
	uint16_t nat_port;		/* host order */
};

static int flow_parse(const struct nlmsghdr *nlh, void *row)
{
	static const enum mnl_attr_data_type policy[ZGC_A_MAX + 1] = {
		[ZGC_A_FLOW] = MNL_TYPE_NESTED,
	};
	static const enum mnl_attr_data_type flow_policy[ZGC_FLOW_A_MAX + 1] = {
		[ZGC_FLOW_A_VNI] = MNL_TYPE_U32,
		[ZGC_FLOW_A_PROTO] = MNL_TYPE_U8,
		[ZGC_FLOW_A_SRC4] = MNL_TYPE_U32,
		[ZGC_FLOW_A_DST4] = MNL_TYPE_U32,
		[ZGC_FLOW_A_SPORT] = MNL_TYPE_U16,
		[ZGC_FLOW_A_DPORT] = MNL_TYPE_U16,
		[ZGC_FLOW_A_ACTION] = MNL_TYPE_U8,
		[ZGC_FLOW_A_FLAGS] = MNL_TYPE_U32,
		[ZGC_FLOW_A_HOST4] = MNL_TYPE_U32,
		[ZGC_FLOW_A_MAC] = MNL_TYPE_BINARY,
		[ZGC_FLOW_A_IDLE_MS] = MNL_TYPE_U32,
		[ZGC_FLOW_A_SRC6] = MNL_TYPE_BINARY,
		[ZGC_FLOW_A_DST6] = MNL_TYPE_BINARY,
		[ZGC_FLOW_A_CHAIN] = MNL_TYPE_U32,
		[ZGC_FLOW_A_VERSION] = MNL_TYPE_U64,
		[ZGC_FLOW_A_CONFIG_VERSION] = MNL_TYPE_U32,
		[ZGC_FLOW_A_NAT4] = MNL_TYPE_U32,
		[ZGC_FLOW_A_NAT6] = MNL_TYPE_BINARY,
		[ZGC_FLOW_A_NAT_PORT] = MNL_TYPE_U16,
	};
	const struct nlattr *tb[ZGC_A_MAX + 1] = { NULL };
	const struct nlattr *fb[ZGC_FLOW_A_MAX + 1] = { NULL };
	struct zgc_genl_attrs a = { .policy = policy, .max = ZGC_A_MAX, .tb = tb };
	struct zgc_genl_attrs fa = { .policy = flow_policy,
				     .max = ZGC_FLOW_A_MAX, .tb = fb };
	/* And the addresses, IPv4 or IPv6. */
	static const int required[] = {
		ZGC_FLOW_A_VNI, ZGC_FLOW_A_PROTO, ZGC_FLOW_A_SPORT,
		ZGC_FLOW_A_DPORT, ZGC_FLOW_A_ACTION, ZGC_FLOW_A_FLAGS,
		ZGC_FLOW_A_IDLE_MS,
	};
	struct flow *f = row;
	size_t i;

	if (zgc_genl_parse(nlh, &a) < 0 || !tb[ZGC_A_FLOW] ||
	    zgc_genl_parse_nested(tb[ZGC_A_FLOW], &fa))
		return -1;
	for (i = 0; i < ARRAY_SIZE(required); i++)
		if (!fb[required[i]])
			return -1;
	if (get_addr(fb[ZGC_FLOW_A_SRC4], fb[ZGC_FLOW_A_SRC6], &f->src) ||
	    get_addr(fb[ZGC_FLOW_A_DST4], fb[ZGC_FLOW_A_DST6], &f->dst))
		return -1;
	f->vni = mnl_attr_get_u32(fb[ZGC_FLOW_A_VNI]);
	f->proto = mnl_attr_get_u8(fb[ZGC_FLOW_A_PROTO]);
	f->sport = ntohs(mnl_attr_get_u16(fb[ZGC_FLOW_A_SPORT]));
	f->dport = ntohs(mnl_attr_get_u16(fb[ZGC_FLOW_A_DPORT]));
	f->action = mnl_attr_get_u8(fb[ZGC_FLOW_A_ACTION]);
	f->flags = mnl_attr_get_u32(fb[ZGC_FLOW_A_FLAGS]);
	f->idle_ms = mnl_attr_get_u32(fb[ZGC_FLOW_A_IDLE_MS]);
	if (fb[ZGC_FLOW_A_CONFIG_VERSION])
		f->config = mnl_attr_get_u32(fb[ZGC_FLOW_A_CONFIG_VERSION]);
	if (fb[ZGC_FLOW_A_CHAIN]) {
		if (!fb[ZGC_FLOW_A_VERSION])
			return -1;
		f->chain = mnl_attr_get_u32(fb[ZGC_FLOW_A_CHAIN]);
		f->version = mnl_attr_get_u64(fb[ZGC_FLOW_A_VERSION]);
	}
	if (f->flags & (ZGC_FLOW_F_DNAT | ZGC_FLOW_F_SNAT)) {
		if (!fb[ZGC_FLOW_A_NAT_PORT] ||
		    get_addr(fb[ZGC_FLOW_A_NAT4], fb[ZGC_FLOW_A_NAT6], &f->nat))
			return -1;
		f->nat_port = ntohs(mnl_attr_get_u16(fb[ZGC_FLOW_A_NAT_PORT]));
	}
	if (fb[ZGC_FLOW_A_HOST4])
		memcpy(&f->host, mnl_attr_get_payload(fb[ZGC_FLOW_A_HOST4]), 4);
	if (fb[ZGC_FLOW_A_MAC]) {
		if (mnl_attr_get_payload_len(fb[ZGC_FLOW_A_MAC]) != MAC_LEN)
			return -1;
		memcpy(f->mac, mnl_attr_get_payload(fb[ZGC_FLOW_A_MAC]),
		       MAC_LEN);
	}
	return 0;
}

static int cmp_u32(uint32_t a, uint32_t b)
{
	return a < b ? -1 : a > b;
}

/*
 * By VNI, then source (IPv4 flows first), destination, protocol and
 * ports.
 */
static int flow_cmp(const void *a, const void *b)
{
	const struct flow *x = a, *y = b;

	return cmp_u32(x->vni, y->vni) ?:
	       cmp_addr(&x->src, &y->src) ?:
	       cmp_addr(&x->dst, &y->dst) ?:
	       cmp_u32(x->proto, y->proto) ?:
	       cmp_u32(x->sport, y->sport) ?:
	       cmp_u32(x->dport, y->dport);
}

/*
 * vni 100 proto tcp src 10.1.0.11 sport 40000 dst 10.2.0.13 dport 5001
 *	action forward host 192.0.2.13 mac 02:00:0a:02:00:0d routed
 *	[dnat|snat 10.2.0.13 nat_port 8080]
 *	state live idle_ms 120 [chain 2 version 1]
 */
static void flow_print(struct printer *p, const void *row)
{
	char src[ZGC_ADDRSTRLEN], dst[ZGC_ADDRSTRLEN], host[INET_ADDRSTRLEN];
	char nat[ZGC_ADDRSTRLEN];
	const struct flow *f = row;
	char proto[4], mac[18];

	format_addr(src, sizeof(src), &f->src);
	format_addr(dst, sizeof(dst), &f->dst);
	pr_object_open(p);
	pr_uint(p, "vni", f->vni);
	pr_string(p, "proto", format_ip_proto(proto, f->proto));
	pr_string(p, "src", src);
	pr_uint(p, "sport", f->sport);
	pr_string(p, "dst", dst);
	pr_uint(p, "dport", f->dport);
	if (f->action == ZGC_FLOW_FORWARD) {
		inet_ntop(AF_INET, &f->host, host, sizeof(host));
		format_mac(mac, sizeof(mac), f->mac);
		pr_string(p, "action", "forward");
		pr_string(p, "host", host);
		pr_string(p, "mac", mac);
	} else if (f->action == ZGC_FLOW_DROP) {
		pr_string(p, "action", "drop");
	} else if (f->action == ZGC_FLOW_REJECT) {
		pr_string(p, "action", "reject");
	} else if (f->action == ZGC_FLOW_UNREACHABLE) {
		pr_string(p, "action", "unreachable");
	} else if (f->action == ZGC_FLOW_ROUTE) {
		pr_string(p, "action", "route");
	} else {
		pr_uint(p, "action", f->action);
	}
	pr_flag(p, "routed", f->flags & ZGC_FLOW_F_ROUTED);
	if (f->flags & (ZGC_FLOW_F_DNAT | ZGC_FLOW_F_SNAT)) {
		format_addr(nat, sizeof(nat), &f->nat);
		pr_string(p, f->flags & ZGC_FLOW_F_DNAT ? "dnat" : "snat", nat);
		pr_uint(p, "nat_port", f->nat_port);
	}
	pr_string(p, "state", f->flags & ZGC_FLOW_F_STALE ? "stale" :
			      f->flags & ZGC_FLOW_F_MOVED ? "moved" :
			      f->flags & ZGC_FLOW_F_CLOSING ? "closing" : "live");
	pr_uint(p, "idle_ms", f->idle_ms);
	if (f->chain) {
		pr_uint(p, "chain", f->chain);
		pr_uint(p, "version", f->version);
	}
	/* Shown once the operator versions the tenant's configuration. */
	if (f->config)
		pr_uint(p, "config", f->config);
	pr_object_close(p);
}

static const struct zgc_dump_kind flow_kind = {
	.cmd = ZGC_CMD_FLOW_GET,
	.row_size = sizeof(struct flow),
	.parse = flow_parse,
	.cmp = flow_cmp,
	.print = flow_print,
};

static const struct zgc_dump_kind dft_kind = {
	.cmd = ZGC_CMD_DFT_GET,
	.row_size = sizeof(struct flow),
	.parse = flow_parse,
	.cmp = flow_cmp,
	.print = flow_print,
};

/*
 * zgcctl flow show|flush DEV [vni VNI] [chain N],
 * zgcctl dft show DEV [vni VNI] [chain N]
 */
static int flows_cmd(struct zgcctl_ctx *ctx, int argc, char **argv, bool dft)
{
	const char *what = dft ? "dft" : "flow";
	bool has_vni = false, show;
	uint32_t vni = 0, chain = 0;
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	struct zgc_genl *g;
	int i, ret, err;

	if (!argc)
		return zgc_usage_err(ctx, dft ? "give show" : "give show or flush");
	if (strcmp(argv[0], "show") && (dft || strcmp(argv[0], "flush")))
		return zgc_usage_err(ctx, "unknown subcommand '%s'", argv[0]);
	show = !strcmp(argv[0], "show");
	if (argc < 2)
		return zgc_usage_err(ctx, "%s %s needs a device", what, argv[0]);
	ret = zgc_check_ifname(ctx, argv[1]);
	if (ret)
		return ret;
	for (i = 2; i < argc; i += 2) {
		if (i + 1 == argc ||
		    (strcmp(argv[i], "vni") && strcmp(argv[i], "chain")))
			return zgc_usage_err(ctx, "%s %s takes a device, then optionally vni VNI and chain N",
					     what, argv[0]);
		if (!strcmp(argv[i], "vni")) {
			if (parse_vni(argv[i + 1], &vni))
				return zgc_usage_err(ctx, "invalid VNI '%s': expected 0 to %u",
						     argv[i + 1], ZGC_VNI_MAX);
			has_vni = true;
		} else if (parse_u32(argv[i + 1], 1, UINT32_MAX, &chain)) {
			return zgc_usage_err(ctx, "invalid chain '%s': expected 1 to %u",
					     argv[i + 1], UINT32_MAX);
		}
	}

	g = zgc_genl_open_dev(argv[1], dft ? ZGC_CMD_DFT_GET :
				      show ? ZGC_CMD_FLOW_GET :
					     ZGC_CMD_FLOW_FLUSH, &nlh);
	if (!g)
		return ZGC_EXIT_FAIL;
	if (has_vni || chain) {
		nest = mnl_attr_nest_start(nlh, ZGC_A_FLOW);
		if (has_vni)
			mnl_attr_put_u32(nlh, ZGC_FLOW_A_VNI, vni);
		if (chain)
			mnl_attr_put_u32(nlh, ZGC_FLOW_A_CHAIN, chain);
		mnl_attr_nest_end(nlh, nest);
	}
	if (show) {
		ret = zgc_dump_show(ctx, g, nlh, dft ? &dft_kind : &flow_kind,
				    dft ? "dft show" : "flow show");
	} else {
		err = zgc_genl_doit(g, nlh, NULL, NULL);
		ret = err ? zgc_kernel_err(g, err, "flow flush %s", argv[1]) :
			    ZGC_EXIT_OK;
	}
	zgc_genl_close(g);
	return ret;
}

int cmd_flow(struct zgcctl_ctx *ctx, int argc, char **argv)
{
	return flows_cmd(ctx, argc, argv, false);
}

int cmd_dft(struct zgcctl_ctx *ctx, int argc, char **argv)
{
	return flows_cmd(ctx, argc, argv, true);
}
