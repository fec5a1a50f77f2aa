// SPDX-License-Identifier: GPL-2.0
/*
 * Tenant settings: zgcctl tenant set|show (ZGC_CMD_TENANT_*): the inner
 * sources a tenant takes, its new-flow rate, its configuration version.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/zgc.h>

#include "dump.h"
#include "genl.h"
#include "json.h"
#include "zgcctl.h"

struct tenant {
	uint32_t vni;
	uint8_t any_source;
	uint32_t flow_rate;
	uint32_t config_version;
};

/*
 * tenant set DEV vni VNI [any_source on|off] [flow_rate N]
 *	[config_version N]
 */
static int tenant_set(struct zgcctl_ctx *ctx, int argc, char **argv)
{
	bool has_vni = false, has_any = false, has_rate = false;
	bool has_config = false;
	struct tenant tn = { 0 };
	struct nlattr *nest;
	struct nlmsghdr *nlh;
	struct zgc_genl *g;
	const char *val;
	int i, ret, err;

	if (argc < 2)
		return zgc_usage_err(ctx, "give a device and the tenant");
	ret = zgc_check_ifname(ctx, argv[1]);
	if (ret)
		return ret;
	for (i = 2; i < argc; i += 2) {
		val = i + 1 < argc ? argv[i + 1] : NULL;
		if (!val)
			return zgc_usage_err(ctx, "%s needs a value", argv[i]);
		if (!strcmp(argv[i], "vni")) {
			if (has_vni)
				return zgc_usage_err(ctx, "vni given twice");
			if (parse_vni(val, &tn.vni))
				return zgc_usage_err(ctx,
						     "invalid vni '%s': expected 0 to %u",
						     val, ZGC_VNI_MAX);
			has_vni = true;
		} else if (!strcmp(argv[i], "any_source")) {
			if (has_any)
				return zgc_usage_err(ctx, "any_source given twice");
			if (strcmp(val, "on") && strcmp(val, "off"))
				return zgc_usage_err(ctx,
						     "invalid any_source '%s': expected on or off",
						     val);
			tn.any_source = !strcmp(val, "on");
			has_any = true;
		} else if (!strcmp(argv[i], "flow_rate")) {
			if (has_rate)
				return zgc_usage_err(ctx, "flow_rate given twice");
			if (parse_u32(val, 0, UINT32_MAX, &tn.flow_rate))
				return zgc_usage_err(ctx,
						     "invalid flow_rate '%s': expected new flows a second, 0 for no limit",
						     val);
			has_rate = true;
		} else if (!strcmp(argv[i], "config_version")) {
			if (has_config)
				return zgc_usage_err(ctx,
						     "config_version given twice");
			if (parse_u32(val, 0, UINT32_MAX, &tn.config_version))
				return zgc_usage_err(ctx,
						     "invalid config_version '%s': expected 0 to %u",
						     val, UINT32_MAX);
			has_config = true;
		} else {
			return zgc_usage_err(ctx, "unknown argument '%s'",
					     argv[i]);
		}
	}
	if (!has_vni || (!has_any && !has_rate && !has_config))
		return zgc_usage_err(ctx,
				     "give vni, and any_source, flow_rate or config_version");

	g = zgc_genl_open();
	if (!g)
		return ZGC_EXIT_FAIL;
	nlh = zgc_genl_request(g, ZGC_CMD_TENANT_SET);
	mnl_attr_put_strz(nlh, ZGC_A_IFNAME, argv[1]);
	nest = mnl_attr_nest_start(nlh, ZGC_A_TENANT);
	mnl_attr_put_u32(nlh, ZGC_TENANT_A_VNI, tn.vni);
	if (has_any)
		mnl_attr_put_u8(nlh, ZGC_TENANT_A_ANY_SOURCE, tn.any_source);
	if (has_rate)
		mnl_attr_put_u32(nlh, ZGC_TENANT_A_FLOW_RATE, tn.flow_rate);
	if (has_config)
		mnl_attr_put_u32(nlh, ZGC_TENANT_A_CONFIG_VERSION,
				 tn.config_version);
	mnl_attr_nest_end(nlh, nest);
	err = zgc_genl_doit(g, nlh, NULL, NULL);
	ret = err ? zgc_kernel_err(g, err, "tenant set %s", argv[1]) :
		    ZGC_EXIT_OK;
	zgc_genl_close(g);
	return ret;
}

static int tenant_parse(const struct nlmsghdr *nlh, void *row)
{
	static const enum mnl_attr_data_type policy[ZGC_A_MAX + 1] = {
		[ZGC_A_TENANT] = MNL_TYPE_NESTED,
	};
	static const enum mnl_attr_data_type tn_policy[ZGC_TENANT_A_MAX + 1] = {
		[ZGC_TENANT_A_VNI] = MNL_TYPE_U32,
		[ZGC_TENANT_A_ANY_SOURCE] = MNL_TYPE_U8,
		[ZGC_TENANT_A_FLOW_RATE] = MNL_TYPE_U32,
		[ZGC_TENANT_A_CONFIG_VERSION] = MNL_TYPE_U32,
	};
	const struct nlattr *tb[ZGC_A_MAX + 1] = { NULL };
	const struct nlattr *sb[ZGC_TENANT_A_MAX + 1] = { NULL };
	struct zgc_genl_attrs a = { .policy = policy, .max = ZGC_A_MAX, .tb = tb };
	struct zgc_genl_attrs ta = { .policy = tn_policy,
				     .max = ZGC_TENANT_A_MAX, .tb = sb };
	struct tenant *tn = row;

	if (zgc_genl_parse(nlh, &a) < 0 || !tb[ZGC_A_TENANT] ||
	    zgc_genl_parse_nested(tb[ZGC_A_TENANT], &ta) ||
	    !sb[ZGC_TENANT_A_VNI] || !sb[ZGC_TENANT_A_ANY_SOURCE] ||
	    !sb[ZGC_TENANT_A_FLOW_RATE])
		return -1;
	tn->vni = mnl_attr_get_u32(sb[ZGC_TENANT_A_VNI]);
	tn->any_source = mnl_attr_get_u8(sb[ZGC_TENANT_A_ANY_SOURCE]);
	tn->flow_rate = mnl_attr_get_u32(sb[ZGC_TENANT_A_FLOW_RATE]);
	if (sb[ZGC_TENANT_A_CONFIG_VERSION])
		tn->config_version =
			mnl_attr_get_u32(sb[ZGC_TENANT_A_CONFIG_VERSION]);
	return 0;
}

static int tenant_cmp(const void *a, const void *b)
{
	const struct tenant *x = a, *y = b;

	return x->vni < y->vni ? -1 : x->vni > y->vni;
}

/* vni 100 any_source off flow_rate 0 config_version 0 */
static void tenant_print(struct printer *p, const void *row)
{
	const struct tenant *tn = row;

	pr_object_open(p);
	pr_uint(p, "vni", tn->vni);
	pr_string(p, "any_source", tn->any_source ? "on" : "off");
	pr_uint(p, "flow_rate", tn->flow_rate);
	pr_uint(p, "config_version", tn->config_version);
	pr_object_close(p);
}

const struct zgc_dump_kind zgc_tenant_kind = {
	.cmd = ZGC_CMD_TENANT_GET,
	.row_size = sizeof(struct tenant),
	.parse = tenant_parse,
	.cmp = tenant_cmp,
	.print = tenant_print,
	.save_cmd = "tenant set",
};

/* zgcctl tenant set|show DEV ... */
int cmd_tenant(struct zgcctl_ctx *ctx, int argc, char **argv)
{
	if (!argc)
		return zgc_usage_err(ctx, "give set or show");
	if (!strcmp(argv[0], "set"))
		return tenant_set(ctx, argc, argv);
	if (!strcmp(argv[0], "show"))
		return zgc_object_show_cmd(ctx, argc, argv, &zgc_tenant_kind);
	return zgc_usage_err(ctx, "unknown subcommand '%s'", argv[0]);
}
