// SPDX-License-Identifier: GPL-2.0
/*
 * Compute hosts declared down: zgcctl host down|up|show
 * (ZGC_CMD_HOST_SET, ZGC_CMD_HOST_GET).
 */

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <linux/zgc.h>

#include "dump.h"
#include "genl.h"
#include "json.h"
#include "zgcctl.h"

struct host {
	struct in_addr addr;
};

/* host down|up DEV A.B.C.D */
static int host_set(struct zgcctl_ctx *ctx, int argc, char **argv)
{
	struct in_addr addr;
	struct nlattr *nest;
	struct nlmsghdr *nlh;
	struct zgc_genl *g;
	int ret, err;

	if (argc != 3)
		return zgc_usage_err(ctx, "give a device and the host's address");
	ret = zgc_check_ifname(ctx, argv[1]);
	if (ret)
		return ret;
	if (parse_ip4(argv[2], &addr))
		return zgc_usage_err(ctx, "invalid host '%s': expected A.B.C.D",
				     argv[2]);
	g = zgc_genl_open();
	if (!g)
		return ZGC_EXIT_FAIL;
	nlh = zgc_genl_request(g, ZGC_CMD_HOST_SET);
	mnl_attr_put_strz(nlh, ZGC_A_IFNAME, argv[1]);
	nest = mnl_attr_nest_start(nlh, ZGC_A_HOST);
	mnl_attr_put(nlh, ZGC_HOST_A_ADDR4, sizeof(addr), &addr);
	mnl_attr_put_u8(nlh, ZGC_HOST_A_DOWN, !strcmp(argv[0], "down"));
	mnl_attr_nest_end(nlh, nest);
	err = zgc_genl_doit(g, nlh, NULL, NULL);
	ret = err ? zgc_kernel_err(g, err, "host %s %s", argv[0], argv[1]) :
		    ZGC_EXIT_OK;
	zgc_genl_close(g);
	return ret;
}

static int host_parse(const struct nlmsghdr *nlh, void *row)
{
	static const enum mnl_attr_data_type policy[ZGC_A_MAX + 1] = {
		[ZGC_A_HOST] = MNL_TYPE_NESTED,
	};
	static const enum mnl_attr_data_type h_policy[ZGC_HOST_A_MAX + 1] = {
		[ZGC_HOST_A_ADDR4] = MNL_TYPE_U32,
		[ZGC_HOST_A_DOWN] = MNL_TYPE_U8,
	};
	const struct nlattr *tb[ZGC_A_MAX + 1] = { NULL };
	const struct nlattr *hb[ZGC_HOST_A_MAX + 1] = { NULL };
	struct zgc_genl_attrs a = { .policy = policy, .max = ZGC_A_MAX, .tb = tb };
	struct zgc_genl_attrs ha = { .policy = h_policy,
				     .max = ZGC_HOST_A_MAX, .tb = hb };
	struct host *h = row;

	if (zgc_genl_parse(nlh, &a) < 0 || !tb[ZGC_A_HOST] ||
	    zgc_genl_parse_nested(tb[ZGC_A_HOST], &ha) ||
	    !hb[ZGC_HOST_A_ADDR4])
		return -1;
	memcpy(&h->addr, mnl_attr_get_payload(hb[ZGC_HOST_A_ADDR4]), 4);
	return 0;
}

static int host_cmp(const void *a, const void *b)
{
	const struct host *x = a, *y = b;
	uint32_t u = ntohl(x->addr.s_addr), v = ntohl(y->addr.s_addr);

	return u < v ? -1 : u > v;
}

/* host 192.0.2.12 down */
static void host_print(struct printer *p, const void *row)
{
	const struct host *h = row;
	char addr[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, &h->addr, addr, sizeof(addr));
	pr_object_open(p);
	pr_string(p, "host", addr);
	pr_string(p, "state", "down");
	pr_object_close(p);
}

/* host down DEV 192.0.2.12 */
static void host_save(FILE *f, const char *ifname, const void *row)
{
	const struct host *h = row;
	char addr[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, &h->addr, addr, sizeof(addr));
	fprintf(f, "host down %s %s\n", ifname, addr);
}

const struct zgc_dump_kind zgc_host_kind = {
	.cmd = ZGC_CMD_HOST_GET,
	.row_size = sizeof(struct host),
	.parse = host_parse,
	.cmp = host_cmp,
	.print = host_print,
	.save = host_save,
};

/* zgcctl host down|up|show DEV ... */
int cmd_host(struct zgcctl_ctx *ctx, int argc, char **argv)
{
	if (!argc)
		return zgc_usage_err(ctx, "give down, up or show");
	if (!strcmp(argv[0], "down") || !strcmp(argv[0], "up"))
		return host_set(ctx, argc, argv);
	if (!strcmp(argv[0], "show"))
		return zgc_object_show_cmd(ctx, argc, argv, &zgc_host_kind);
	return zgc_usage_err(ctx, "unknown subcommand '%s'", argv[0]);
}
