// SPDX-License-Identifier: GPL-2.0
/*
 * zgcctl save DEV: a device's configuration written as the zgcctl
 * commands that make it again, for zgcctl -b to read back (after a
 * reboot, say).
 */

#include <stdio.h>
#include <linux/zgc.h>

#include "dump.h"
#include "genl.h"
#include "zgcctl.h"

/* In the order a restore needs: a tenant exists once it has a subnet. */
static const struct zgc_dump_kind *const save_kinds[] = {
	&zgc_subnet_kind, &zgc_tenant_kind, &zgc_endpoint_kind,
	&zgc_acl_kind, &zgc_service_kind, &zgc_host_kind,
};

/* zgcctl save DEV */
int cmd_save(struct zgcctl_ctx *ctx, int argc, char **argv)
{
	struct nlmsghdr *nlh;
	struct zgc_genl *g;
	size_t i;
	int ret;

	if (!argc)
		return zgc_usage_err(ctx, "give a device");
	if (argc > 1)
		return zgc_usage_err(ctx, "unexpected argument '%s'", argv[1]);
	ret = zgc_check_ifname(ctx, argv[0]);
	if (ret)
		return ret;
	if (ctx->json)
		return zgc_usage_err(ctx, "save writes zgcctl commands, not JSON");
	printf("# zgcctl save %s: restore with zgcctl -b FILE, on a device that\n"
	       "# is down or has this overlay, port and underlay. Not saved: the\n"
	       "# cluster description (zgcctl cluster apply its file again),\n"
	       "# the drain state, flows and counters.\n", argv[0]);
	ret = zgc_dev_save(ctx, argv[0]);
	for (i = 0; !ret && i < ARRAY_SIZE(save_kinds); i++) {
		g = zgc_genl_open_dev(argv[0], save_kinds[i]->cmd, &nlh);
		if (!g)
			return ZGC_EXIT_FAIL;
		ret = zgc_dump_save(g, nlh, save_kinds[i], argv[0], stdout);
		zgc_genl_close(g);
	}
	return ret;
}
