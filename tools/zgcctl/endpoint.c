// SPDX-License-Identifier: GPL-2.0
/*
 * Endpoints (tenant instances): zgcctl endpoint add|del|show
 * (ZGC_CMD_ENDPOINT_*).
 */

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/zgc.h>

#include "batch.h"
#include "dump.h"
#include "genl.h"
#include "json.h"
#include "zgcctl.h"

struct endpoint {
	uint32_t vni;
	struct zgc_addr ip;
	uint8_t mac[MAC_LEN];
	struct in_addr host;
};

static int endpoint_parse_args(struct zgcctl_ctx *ctx, int argc, char **argv,
			       bool add, struct endpoint *ep)
{
	bool has_vni = false, has_ip = false, has_mac = false, has_host = false;
	const char *key, *val;
	int i;

	for (i = 0; i < argc; i += 2) {
		key = argv[i];
		val = i + 1 < argc ? argv[i + 1] : NULL;
		if (!val)
			return zgc_usage_err(ctx, "%s needs a value", key);
		if (!strcmp(key, "vni") && !has_vni) {
			if (parse_vni(val, &ep->vni))
				return zgc_usage_err(ctx, "invalid vni '%s': expected 0 to %u",
						     val, ZGC_VNI_MAX);
			has_vni = true;
		} else if (!strcmp(key, "ip") && !has_ip) {
			if (parse_addr(val, &ep->ip))
				return zgc_usage_err(ctx, "invalid ip '%s': expected an IPv4 or IPv6 address",
						     val);
			has_ip = true;
		} else if (add && !strcmp(key, "mac") && !has_mac) {
			if (parse_mac(val, ep->mac))
				return zgc_usage_err(ctx, "invalid mac '%s': expected XX:XX:XX:XX:XX:XX",
						     val);
			has_mac = true;
		} else if (add && !strcmp(key, "host") && !has_host) {
			if (parse_ip4(val, &ep->host))
				return zgc_usage_err(ctx, "invalid host '%s': expected A.B.C.D", val);
			has_host = true;
		} else {
			return zgc_usage_err(ctx, "unexpected argument '%s'", key);
		}
	}
	if (!has_vni || !has_ip || (add && (!has_mac || !has_host)))
		return zgc_usage_err(ctx, add ? "give vni, ip, mac and host" :
					   "give vni and ip");
	return ZGC_EXIT_OK;
}

static void endpoint_put(struct nlmsghdr *nlh, const void *obj, bool add)
{
	const struct endpoint *ep = obj;
	struct nlattr *nest = mnl_attr_nest_start(nlh, ZGC_A_ENDPOINT);

	mnl_attr_put_u32(nlh, ZGC_ENDPOINT_A_VNI, ep->vni);
	put_addr(nlh, ZGC_ENDPOINT_A_IP4, ZGC_ENDPOINT_A_IP6, &ep->ip);
	if (add) {
		mnl_attr_put(nlh, ZGC_ENDPOINT_A_MAC, MAC_LEN, ep->mac);
		mnl_attr_put(nlh, ZGC_ENDPOINT_A_HOST4, sizeof(ep->host),
			     &ep->host);
	}
	mnl_attr_nest_end(nlh, nest);
}

static int endpoint_change(struct zgcctl_ctx *ctx, int argc, char **argv,
			   bool add)
{
	uint8_t cmd = add ? ZGC_CMD_ENDPOINT_ADD : ZGC_CMD_ENDPOINT_DEL;
	struct endpoint ep = { .vni = 0 };
	int ret;

	if (argc < 2)
		return zgc_usage_err(ctx, "give a device and the endpoint");
	ret = zgc_check_ifname(ctx, argv[1]);
	if (!ret)
		ret = endpoint_parse_args(ctx, argc - 2, argv + 2, add, &ep);
	if (ret)
		return ret;

	return zgc_object_change(ctx, cmd, ZGC_A_ENDPOINT, argv, endpoint_put,
				 &ep, add);
}


static int endpoint_parse(const struct nlmsghdr *nlh, void *row)
{
	static const enum mnl_attr_data_type policy[ZGC_A_MAX + 1] = {
		[ZGC_A_ENDPOINT] = MNL_TYPE_NESTED,
	};
	static const enum mnl_attr_data_type ep_policy[ZGC_ENDPOINT_A_MAX + 1] = {
		[ZGC_ENDPOINT_A_VNI] = MNL_TYPE_U32,
		[ZGC_ENDPOINT_A_IP4] = MNL_TYPE_U32,
		[ZGC_ENDPOINT_A_IP6] = MNL_TYPE_BINARY,
		[ZGC_ENDPOINT_A_MAC] = MNL_TYPE_BINARY,
		[ZGC_ENDPOINT_A_HOST4] = MNL_TYPE_U32,
	};
	const struct nlattr *tb[ZGC_A_MAX + 1] = { NULL };
	const struct nlattr *eb[ZGC_ENDPOINT_A_MAX + 1] = { NULL };
	struct zgc_genl_attrs a = { .policy = policy, .max = ZGC_A_MAX, .tb = tb };
	struct zgc_genl_attrs ea = { .policy = ep_policy,
				     .max = ZGC_ENDPOINT_A_MAX, .tb = eb };
	struct endpoint *ep = row;

	if (zgc_genl_parse(nlh, &a) < 0 || !tb[ZGC_A_ENDPOINT] ||
	    zgc_genl_parse_nested(tb[ZGC_A_ENDPOINT], &ea) ||
	    !eb[ZGC_ENDPOINT_A_VNI] ||
	    get_addr(eb[ZGC_ENDPOINT_A_IP4], eb[ZGC_ENDPOINT_A_IP6], &ep->ip) ||
	    !eb[ZGC_ENDPOINT_A_MAC] || !eb[ZGC_ENDPOINT_A_HOST4] ||
	    mnl_attr_get_payload_len(eb[ZGC_ENDPOINT_A_MAC]) != MAC_LEN)
		return -1;
	ep->vni = mnl_attr_get_u32(eb[ZGC_ENDPOINT_A_VNI]);
	memcpy(ep->mac, mnl_attr_get_payload(eb[ZGC_ENDPOINT_A_MAC]), MAC_LEN);
	memcpy(&ep->host, mnl_attr_get_payload(eb[ZGC_ENDPOINT_A_HOST4]),
	       sizeof(ep->host));
	return 0;
}

static int endpoint_cmp(const void *a, const void *b)
{
	const struct endpoint *x = a, *y = b;

	if (x->vni != y->vni)
		return x->vni < y->vni ? -1 : 1;
	return cmp_addr(&x->ip, &y->ip);
}

/* vni 100 ip 10.1.0.11 mac 02:00:00:00:00:11 host 192.0.2.11 */
static void endpoint_print(struct printer *p, const void *row)
{
	const struct endpoint *ep = row;
	char ip[ZGC_ADDRSTRLEN], host[INET_ADDRSTRLEN], mac[18];

	format_addr(ip, sizeof(ip), &ep->ip);
	inet_ntop(AF_INET, &ep->host, host, sizeof(host));
	format_mac(mac, sizeof(mac), ep->mac);
	pr_object_open(p);
	pr_uint(p, "vni", ep->vni);
	pr_string(p, "ip", ip);
	pr_string(p, "mac", mac);
	pr_string(p, "host", host);
	pr_object_close(p);
}

const struct zgc_dump_kind zgc_endpoint_kind = {
	.cmd = ZGC_CMD_ENDPOINT_GET,
	.row_size = sizeof(struct endpoint),
	.parse = endpoint_parse,
	.cmp = endpoint_cmp,
	.print = endpoint_print,
	.save_cmd = "endpoint add",
	.filter_nest = ZGC_A_ENDPOINT,
	.filter_vni = ZGC_ENDPOINT_A_VNI,
};

/* zgcctl endpoint add|del|show DEV ... */
int cmd_endpoint(struct zgcctl_ctx *ctx, int argc, char **argv)
{
	return zgc_object_cmd(ctx, argc, argv, endpoint_change, &zgc_endpoint_kind);
}
