// SPDX-License-Identifier: GPL-2.0
/*
 * Tenant ACLs: the acl add, del and show commands (ZGC_CMD_ACL_ADD, _DEL,
 * _GET).
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/zgc.h>

#include "batch.h"
#include "dump.h"
#include "genl.h"
#include "json.h"
#include "zgcctl.h"

static const char *const action_names[ZGC_ACL_ACTION_MAX + 1] = {
	[ZGC_ACL_ALLOW] = "allow",
	[ZGC_ACL_DENY] = "deny",
	[ZGC_ACL_REJECT] = "reject",
};

/*
 * A rule, as given or as a ZGC_CMD_ACL_GET reply describes it. A prefix
 * with no address (family AF_UNSPEC) is any address of both families:
 * that of a rule with neither prefix.
 */
struct acl_rule {
	uint32_t vni;
	uint32_t prio;
	struct zgc_addr src, dst;
	uint8_t src_plen, dst_plen;
	uint8_t proto;
	uint16_t dport_min, dport_max;
	uint8_t action;
};

/*
 * An IPv4 or IPv6 prefix; an address alone is a whole address (/32,
 * /128); any (as acl show prints a rule with neither prefix) is no
 * prefix: a->family stays AF_UNSPEC. Return: 0 or -1.
 */
static int prefix_parse(const char *s, struct zgc_addr *a, uint8_t *plen)
{
	bool has_plen;

	if (!strcmp(s, "any"))
		return 0;
	if (parse_addr_prefix(s, a, plen, &has_plen))
		return -1;
	if (!has_plen)
		*plen = a->family == AF_INET ? 32 : 128;
	return 0;
}

/* PORT or FIRST-LAST. Return: 0 or -1. */
static int ports_parse(const char *s, uint16_t *min, uint16_t *max)
{
	char buf[16], *dash;
	uint32_t lo, hi;

	if (strlen(s) >= sizeof(buf))
		return -1;
	strcpy(buf, s);
	dash = strchr(buf, '-');
	if (dash)
		*dash++ = '\0';
	if (parse_u32(buf, 0, 65535, &lo) ||
	    (dash && parse_u32(dash, 0, 65535, &hi)))
		return -1;
	*min = (uint16_t)lo;
	*max = dash ? (uint16_t)hi : (uint16_t)lo;
	return 0;
}

struct acl_args {
	struct acl_rule r;
	bool has_vni, has_prio, has_src, has_dst, has_proto, has_dport;
	bool has_action;
};

static int acl_parse_args(struct zgcctl_ctx *ctx, int argc, char **argv,
			  bool add, struct acl_args *a)
{
	const char *key, *val;
	int i, j;

	for (i = 0; i < argc; i += 2) {
		key = argv[i];
		val = i + 1 < argc ? argv[i + 1] : NULL;
		if (!val)
			return zgc_usage_err(ctx, "%s needs a value", key);
		if (!strcmp(key, "vni") && !a->has_vni) {
			if (parse_vni(val, &a->r.vni))
				return zgc_usage_err(ctx, "invalid vni '%s': expected 0 to %u",
						     val, ZGC_VNI_MAX);
			a->has_vni = true;
		} else if (!strcmp(key, "prio") && !a->has_prio) {
			if (parse_u32(val, 0, UINT32_MAX, &a->r.prio))
				return zgc_usage_err(ctx, "invalid prio '%s': expected a number",
						     val);
			a->has_prio = true;
		} else if (add && !strcmp(key, "src") && !a->has_src) {
			if (prefix_parse(val, &a->r.src, &a->r.src_plen))
				return zgc_usage_err(ctx, "invalid src '%s': expected an IPv4 or IPv6 address, optionally /LEN, or any",
						     val);
			a->has_src = true;
		} else if (add && !strcmp(key, "dst") && !a->has_dst) {
			if (prefix_parse(val, &a->r.dst, &a->r.dst_plen))
				return zgc_usage_err(ctx, "invalid dst '%s': expected an IPv4 or IPv6 address, optionally /LEN, or any",
						     val);
			a->has_dst = true;
		} else if (add && !strcmp(key, "proto") && !a->has_proto) {
			if (parse_ip_proto(val, &a->r.proto))
				return zgc_usage_err(ctx, "invalid proto '%s': expected any, tcp, udp, icmp, icmpv6 or 0 to 255",
						     val);
			a->has_proto = true;
		} else if (add && !strcmp(key, "dport") && !a->has_dport) {
			if (ports_parse(val, &a->r.dport_min, &a->r.dport_max))
				return zgc_usage_err(ctx, "invalid dport '%s': expected PORT or FIRST-LAST",
						     val);
			a->has_dport = true;
		} else if (add && !strcmp(key, "action") && !a->has_action) {
			for (j = ZGC_ACL_ALLOW; j <= ZGC_ACL_ACTION_MAX; j++)
				if (!strcmp(val, action_names[j]))
					break;
			if (j > ZGC_ACL_ACTION_MAX)
				return zgc_usage_err(ctx, "invalid action '%s': expected allow, deny or reject",
						     val);
			a->r.action = (uint8_t)j;
			a->has_action = true;
		} else {
			return zgc_usage_err(ctx, "unexpected argument '%s'", key);
		}
	}
	if (!a->has_vni || !a->has_prio || (add && !a->has_action))
		return zgc_usage_err(ctx, add ? "give vni, prio and action" :
					   "give vni and prio");
	return ZGC_EXIT_OK;
}

static void acl_put_rule(struct nlmsghdr *nlh, const void *obj, bool add)
{
	const struct acl_args *a = obj;
	struct nlattr *nest = mnl_attr_nest_start(nlh, ZGC_A_ACL);
	const struct acl_rule *r = &a->r;

	mnl_attr_put_u32(nlh, ZGC_ACL_A_VNI, r->vni);
	mnl_attr_put_u32(nlh, ZGC_ACL_A_PRIO, r->prio);
	if (add) {
		/* any: no prefix, as an address left out */
		if (a->has_src && r->src.family != AF_UNSPEC) {
			put_addr(nlh, ZGC_ACL_A_SRC4, ZGC_ACL_A_SRC6, &r->src);
			mnl_attr_put_u8(nlh, ZGC_ACL_A_SRC_PLEN, r->src_plen);
		}
		if (a->has_dst && r->dst.family != AF_UNSPEC) {
			put_addr(nlh, ZGC_ACL_A_DST4, ZGC_ACL_A_DST6, &r->dst);
			mnl_attr_put_u8(nlh, ZGC_ACL_A_DST_PLEN, r->dst_plen);
		}
		if (a->has_proto)
			mnl_attr_put_u8(nlh, ZGC_ACL_A_PROTO, r->proto);
		/* Every port (as acl show prints no range): left out. */
		if (a->has_dport &&
		    (r->dport_min != 0 || r->dport_max != UINT16_MAX)) {
			mnl_attr_put_u16(nlh, ZGC_ACL_A_DPORT_MIN, r->dport_min);
			mnl_attr_put_u16(nlh, ZGC_ACL_A_DPORT_MAX, r->dport_max);
		}
		mnl_attr_put_u8(nlh, ZGC_ACL_A_ACTION, r->action);
	}
	mnl_attr_nest_end(nlh, nest);
}

static int acl_change(struct zgcctl_ctx *ctx, int argc, char **argv, bool add)
{
	uint8_t cmd = add ? ZGC_CMD_ACL_ADD : ZGC_CMD_ACL_DEL;
	struct acl_args a = { .r.vni = 0 };
	int ret;

	if (argc < 2)
		return zgc_usage_err(ctx, "give a device and the rule");
	ret = zgc_check_ifname(ctx, argv[1]);
	if (!ret)
		ret = acl_parse_args(ctx, argc - 2, argv + 2, add, &a);
	if (ret)
		return ret;
	return zgc_object_change(ctx, cmd, ZGC_A_ACL, argv, acl_put_rule, &a,
				 add);
}

/*
 * A rule's prefix address in a reply: a4 or a6, or neither (AF_UNSPEC).
 * Return: 0, or -1 if the one given is malformed.
 */
static int acl_get_prefix(const struct nlattr *a4, const struct nlattr *a6,
			  struct zgc_addr *a)
{
	if (!a4 && !a6) {
		a->family = AF_UNSPEC;
		return 0;
	}
	return get_addr(a4, a6, a);
}

static int acl_parse(const struct nlmsghdr *nlh, void *row)
{
	static const enum mnl_attr_data_type policy[ZGC_A_MAX + 1] = {
		[ZGC_A_ACL] = MNL_TYPE_NESTED,
	};
	static const enum mnl_attr_data_type acl_policy[ZGC_ACL_A_MAX + 1] = {
		[ZGC_ACL_A_VNI] = MNL_TYPE_U32,
		[ZGC_ACL_A_PRIO] = MNL_TYPE_U32,
		[ZGC_ACL_A_SRC4] = MNL_TYPE_U32,
		[ZGC_ACL_A_SRC_PLEN] = MNL_TYPE_U8,
		[ZGC_ACL_A_DST4] = MNL_TYPE_U32,
		[ZGC_ACL_A_DST_PLEN] = MNL_TYPE_U8,
		[ZGC_ACL_A_PROTO] = MNL_TYPE_U8,
		[ZGC_ACL_A_DPORT_MIN] = MNL_TYPE_U16,
		[ZGC_ACL_A_DPORT_MAX] = MNL_TYPE_U16,
		[ZGC_ACL_A_ACTION] = MNL_TYPE_U8,
		[ZGC_ACL_A_SRC6] = MNL_TYPE_BINARY,
		[ZGC_ACL_A_DST6] = MNL_TYPE_BINARY,
	};
	/* The addresses are optional: a rule with no prefix has none. */
	static const int required[] = {
		ZGC_ACL_A_VNI, ZGC_ACL_A_PRIO, ZGC_ACL_A_SRC_PLEN,
		ZGC_ACL_A_DST_PLEN, ZGC_ACL_A_PROTO, ZGC_ACL_A_DPORT_MIN,
		ZGC_ACL_A_DPORT_MAX, ZGC_ACL_A_ACTION,
	};
	const struct nlattr *tb[ZGC_A_MAX + 1] = { NULL };
	const struct nlattr *ab[ZGC_ACL_A_MAX + 1] = { NULL };
	struct zgc_genl_attrs ta = { .policy = policy, .max = ZGC_A_MAX, .tb = tb };
	struct zgc_genl_attrs aa = { .policy = acl_policy,
				     .max = ZGC_ACL_A_MAX, .tb = ab };
	struct acl_rule *r = row;
	size_t i;

	if (zgc_genl_parse(nlh, &ta) < 0 || !tb[ZGC_A_ACL] ||
	    zgc_genl_parse_nested(tb[ZGC_A_ACL], &aa))
		return -1;
	for (i = 0; i < ARRAY_SIZE(required); i++)
		if (!ab[required[i]])
			return -1;
	if (acl_get_prefix(ab[ZGC_ACL_A_SRC4], ab[ZGC_ACL_A_SRC6], &r->src) ||
	    acl_get_prefix(ab[ZGC_ACL_A_DST4], ab[ZGC_ACL_A_DST6], &r->dst))
		return -1;
	r->vni = mnl_attr_get_u32(ab[ZGC_ACL_A_VNI]);
	r->prio = mnl_attr_get_u32(ab[ZGC_ACL_A_PRIO]);
	r->src_plen = mnl_attr_get_u8(ab[ZGC_ACL_A_SRC_PLEN]);
	r->dst_plen = mnl_attr_get_u8(ab[ZGC_ACL_A_DST_PLEN]);
	r->proto = mnl_attr_get_u8(ab[ZGC_ACL_A_PROTO]);
	r->dport_min = mnl_attr_get_u16(ab[ZGC_ACL_A_DPORT_MIN]);
	r->dport_max = mnl_attr_get_u16(ab[ZGC_ACL_A_DPORT_MAX]);
	r->action = mnl_attr_get_u8(ab[ZGC_ACL_A_ACTION]);
	return 0;
}

static int acl_cmp(const void *a, const void *b)
{
	const struct acl_rule *x = a, *y = b;

	if (x->vni != y->vni)
		return x->vni < y->vni ? -1 : 1;
	return x->prio < y->prio ? -1 : x->prio > y->prio;
}

/* ADDR/LEN, or any for no address. */
static void acl_print_prefix(struct printer *p, const char *key,
			     const struct zgc_addr *a, uint8_t plen)
{
	char addr[ZGC_ADDRSTRLEN], buf[ZGC_ADDRSTRLEN + 4];

	if (a->family == AF_UNSPEC) {
		pr_string(p, key, "any");
		return;
	}
	format_addr(addr, sizeof(addr), a);
	snprintf(buf, sizeof(buf), "%s/%u", addr, plen);
	pr_string(p, key, buf);
}

/*
 * vni 100 prio 10 src 0.0.0.0/0 dst 10.2.0.0/24 proto tcp dport 22-22
 *	action reject
 * which acl add takes back as it is (src any, dst any, proto any and
 * dport 0-65535 included).
 */
static void acl_print(struct printer *p, const void *row)
{
	const struct acl_rule *r = row;
	char buf[16], proto[4];

	pr_object_open(p);
	pr_uint(p, "vni", r->vni);
	pr_uint(p, "prio", r->prio);
	acl_print_prefix(p, "src", &r->src, r->src_plen);
	acl_print_prefix(p, "dst", &r->dst, r->dst_plen);
	pr_string(p, "proto", format_ip_proto(proto, r->proto));
	snprintf(buf, sizeof(buf), "%u-%u", r->dport_min, r->dport_max);
	pr_string(p, "dport", buf);
	if (r->action <= ZGC_ACL_ACTION_MAX && action_names[r->action])
		pr_string(p, "action", action_names[r->action]);
	else
		pr_uint(p, "action", r->action);
	pr_object_close(p);
}

const struct zgc_dump_kind zgc_acl_kind = {
	.cmd = ZGC_CMD_ACL_GET,
	.row_size = sizeof(struct acl_rule),
	.parse = acl_parse,
	.cmp = acl_cmp,
	.print = acl_print,
	.save_cmd = "acl add",
};

/* zgcctl acl add|del|show DEV ... */
int cmd_acl(struct zgcctl_ctx *ctx, int argc, char **argv)
{
	return zgc_object_cmd(ctx, argc, argv, acl_change, &zgc_acl_kind);
}
