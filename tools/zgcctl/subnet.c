// SPDX-License-Identifier: GPL-2.0
/*
 * Tenant subnets: zgcctl subnet add|del|show (ZGC_CMD_SUBNET_*).
 */

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/zgc.h>

#include "dump.h"
#include "genl.h"
#include "json.h"
#include "zgcctl.h"

struct subnet {
	uint32_t vni;
	struct zgc_addr gw;
	uint8_t prefixlen;
	uint8_t mac[MAC_LEN];
};

/* What the arguments of add and del give. */
struct subnet_args {
	struct subnet sn;
	bool has_vni, has_gw, has_prefixlen, has_mac;
};

static int subnet_parse_args(struct zgcctl_ctx *ctx, int argc, char **argv,
			     bool add, struct subnet_args *a)
{
	const char *key, *val;
	int i;

	for (i = 0; i < argc; i += 2) {
		key = argv[i];
		val = i + 1 < argc ? argv[i + 1] : NULL;
		if (!val)
			return zgc_usage_err(ctx, "%s needs a value", key);
		if (!strcmp(key, "vni")) {
			if (a->has_vni)
				return zgc_usage_err(ctx, "vni given twice");
			if (parse_vni(val, &a->sn.vni))
				return zgc_usage_err(ctx,
						     "invalid vni '%s': expected 0 to %u",
						     val, ZGC_VNI_MAX);
			a->has_vni = true;
		} else if (!strcmp(key, "gw")) {
			if (a->has_gw)
				return zgc_usage_err(ctx, "gw given twice");
			if (parse_addr_prefix(val, &a->sn.gw, &a->sn.prefixlen,
					      &a->has_prefixlen) ||
			    (add && !a->has_prefixlen) ||
			    (add && (a->sn.prefixlen < 1 ||
				     a->sn.prefixlen > (a->sn.gw.family == AF_INET ? 30 : 127))))
				return zgc_usage_err(ctx, add ?
						     "invalid gw '%s': expected A.B.C.D/LEN, LEN 1 to 30, or IPv6/LEN, LEN 1 to 127" :
						     "invalid gw '%s': expected an IPv4 or IPv6 address, optionally /LEN",
						     val);
			a->has_gw = true;
		} else if (add && !strcmp(key, "mac")) {
			if (a->has_mac)
				return zgc_usage_err(ctx, "mac given twice");
			if (parse_mac(val, a->sn.mac))
				return zgc_usage_err(ctx,
						     "invalid mac '%s': expected XX:XX:XX:XX:XX:XX",
						     val);
			a->has_mac = true;
		} else {
			return zgc_usage_err(ctx, "unknown argument '%s'", key);
		}
	}
	if (!a->has_vni || !a->has_gw || (add && !a->has_mac))
		return zgc_usage_err(ctx, add ? "give vni, gw and mac" :
					   "give vni and gw");
	return ZGC_EXIT_OK;
}

static int subnet_change(struct zgcctl_ctx *ctx, int argc, char **argv,
			 bool add)
{
	struct subnet_args a = { .has_vni = false };
	struct nlattr *nest;
	struct nlmsghdr *nlh;
	struct zgc_genl *g;
	int ret, err;

	if (argc < 2)
		return zgc_usage_err(ctx, "give a device and the subnet");
	ret = zgc_check_ifname(ctx, argv[1]);
	if (!ret)
		ret = subnet_parse_args(ctx, argc - 2, argv + 2, add, &a);
	if (ret)
		return ret;

	g = zgc_genl_open();
	if (!g)
		return ZGC_EXIT_FAIL;
	nlh = zgc_genl_request(g, add ? ZGC_CMD_SUBNET_ADD : ZGC_CMD_SUBNET_DEL);
	mnl_attr_put_strz(nlh, ZGC_A_IFNAME, argv[1]);
	nest = mnl_attr_nest_start(nlh, ZGC_A_SUBNET);
	mnl_attr_put_u32(nlh, ZGC_SUBNET_A_VNI, a.sn.vni);
	put_addr(nlh, ZGC_SUBNET_A_GW4, ZGC_SUBNET_A_GW6, &a.sn.gw);
	if (add) {
		mnl_attr_put_u8(nlh, ZGC_SUBNET_A_PREFIXLEN, a.sn.prefixlen);
		mnl_attr_put(nlh, ZGC_SUBNET_A_MAC, MAC_LEN, a.sn.mac);
	}
	mnl_attr_nest_end(nlh, nest);
	err = zgc_genl_doit(g, nlh, NULL, NULL);
	ret = err ? zgc_kernel_err(g, err, "subnet %s %s", argv[0], argv[1]) :
		    ZGC_EXIT_OK;
	zgc_genl_close(g);
	return ret;
}

static int subnet_parse(const struct nlmsghdr *nlh, void *row)
{
	static const enum mnl_attr_data_type policy[ZGC_A_MAX + 1] = {
		[ZGC_A_SUBNET] = MNL_TYPE_NESTED,
	};
	static const enum mnl_attr_data_type sn_policy[ZGC_SUBNET_A_MAX + 1] = {
		[ZGC_SUBNET_A_VNI] = MNL_TYPE_U32,
		[ZGC_SUBNET_A_GW4] = MNL_TYPE_U32,
		[ZGC_SUBNET_A_GW6] = MNL_TYPE_BINARY,
		[ZGC_SUBNET_A_PREFIXLEN] = MNL_TYPE_U8,
		[ZGC_SUBNET_A_MAC] = MNL_TYPE_BINARY,
	};
	const struct nlattr *tb[ZGC_A_MAX + 1] = { NULL };
	const struct nlattr *sb[ZGC_SUBNET_A_MAX + 1] = { NULL };
	struct zgc_genl_attrs a = { .policy = policy, .max = ZGC_A_MAX, .tb = tb };
	struct zgc_genl_attrs sa = { .policy = sn_policy,
				     .max = ZGC_SUBNET_A_MAX, .tb = sb };
	struct subnet *sn = row;

	if (zgc_genl_parse(nlh, &a) < 0 || !tb[ZGC_A_SUBNET] ||
	    zgc_genl_parse_nested(tb[ZGC_A_SUBNET], &sa) ||
	    !sb[ZGC_SUBNET_A_VNI] ||
	    get_addr(sb[ZGC_SUBNET_A_GW4], sb[ZGC_SUBNET_A_GW6], &sn->gw) ||
	    !sb[ZGC_SUBNET_A_PREFIXLEN] || !sb[ZGC_SUBNET_A_MAC] ||
	    mnl_attr_get_payload_len(sb[ZGC_SUBNET_A_MAC]) != MAC_LEN)
		return -1;
	sn->vni = mnl_attr_get_u32(sb[ZGC_SUBNET_A_VNI]);
	sn->prefixlen = mnl_attr_get_u8(sb[ZGC_SUBNET_A_PREFIXLEN]);
	memcpy(sn->mac, mnl_attr_get_payload(sb[ZGC_SUBNET_A_MAC]), MAC_LEN);
	return 0;
}

static int subnet_cmp(const void *a, const void *b)
{
	const struct subnet *x = a, *y = b;

	if (x->vni != y->vni)
		return x->vni < y->vni ? -1 : 1;
	return cmp_addr(&x->gw, &y->gw);
}

/*
 * vni 100 gw 10.1.0.1/24 mac 02:00:00:00:01:01, as subnet add takes it
 * (-j: "gw" the address and "prefixlen" its length, as ip -j address)
 */
static void subnet_print(struct printer *p, const void *row)
{
	const struct subnet *sn = row;
	char gw[ZGC_ADDRSTRLEN + 4], mac[18];
	size_t len;

	format_addr(gw, sizeof(gw), &sn->gw);
	format_mac(mac, sizeof(mac), sn->mac);
	pr_object_open(p);
	pr_uint(p, "vni", sn->vni);
	if (p->json) {
		pr_string(p, "gw", gw);
		pr_uint(p, "prefixlen", sn->prefixlen);
	} else {
		len = strlen(gw);
		snprintf(gw + len, sizeof(gw) - len, "/%u", sn->prefixlen);
		pr_string(p, "gw", gw);
	}
	pr_string(p, "mac", mac);
	pr_object_close(p);
}

const struct zgc_dump_kind zgc_subnet_kind = {
	.cmd = ZGC_CMD_SUBNET_GET,
	.row_size = sizeof(struct subnet),
	.parse = subnet_parse,
	.cmp = subnet_cmp,
	.print = subnet_print,
	.save_cmd = "subnet add",
};

/* zgcctl subnet add|del|show DEV ... */
int cmd_subnet(struct zgcctl_ctx *ctx, int argc, char **argv)
{
	return zgc_object_cmd(ctx, argc, argv, subnet_change, &zgc_subnet_kind);
}
