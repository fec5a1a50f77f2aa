// SPDX-License-Identifier: GPL-2.0
/*
 * zgcctl monitor, configuration events (ZGC_CMD_CONFIG_NTF): a request
 * that changed a device, told as the zgcctl command that makes the same
 * change, "CHANGE ARGS" for `zgcctl CHANGE DEV ARGS` (subnet add, vni
 * 100 gw 10.1.0.1/24 mac ...), one per object of a batch. The event
 * repeats the request's attributes (uapi/linux/zgc.h); this turns them
 * back into arguments, as the commands' files build them.
 */

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <linux/genetlink.h>
#include <linux/zgc.h>

#include "genl.h"
#include "monitor.h"
#include "zgcctl.h"

/* A command's arguments, as they are written. */
struct args {
	char buf[8192];
	size_t len;
};

__printf(2, 3)
static void args_add(struct args *a, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (a->len >= sizeof(a->buf))
		return;
	va_start(ap, fmt);
	n = vsnprintf(a->buf + a->len, sizeof(a->buf) - a->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		a->len += (size_t)n;
	if (a->len >= sizeof(a->buf))
		a->len = sizeof(a->buf) - 1;
}

/* " KEY ADDR" of an address given as a4 (IPv4) or a6 (IPv6), if any. */
static void args_addr(struct args *a, const char *key,
		      const struct nlattr *a4, const struct nlattr *a6,
		      const char *suffix)
{
	char buf[ZGC_ADDRSTRLEN];
	struct zgc_addr addr;

	if (get_addr(a4, a6, &addr))
		return;
	format_addr(buf, sizeof(buf), &addr);
	args_add(a, " %s %s%s", key, buf, suffix);
}

static void args_u32(struct args *a, const char *key,
		     const struct nlattr *attr)
{
	if (attr)
		args_add(a, " %s %u", key, mnl_attr_get_u32(attr));
}

static void args_mac(struct args *a, const char *key,
		     const struct nlattr *attr)
{
	char mac[18];

	if (!attr || mnl_attr_get_payload_len(attr) != MAC_LEN)
		return;
	format_mac(mac, sizeof(mac), mnl_attr_get_payload(attr));
	args_add(a, " %s %s", key, mac);
}

static void args_ip4(struct args *a, const char *key,
		     const struct nlattr *attr)
{
	char buf[INET_ADDRSTRLEN];
	struct in_addr in;

	if (!attr)
		return;
	in.s_addr = mnl_attr_get_u32(attr);
	inet_ntop(AF_INET, &in, buf, sizeof(buf));
	args_add(a, " %s %s", key, buf);
}

static int subnet_args(const struct nlattr *nest, struct args *a)
{
	static const enum mnl_attr_data_type policy[ZGC_SUBNET_A_MAX + 1] = {
		[ZGC_SUBNET_A_VNI] = MNL_TYPE_U32,
		[ZGC_SUBNET_A_GW4] = MNL_TYPE_U32,
		[ZGC_SUBNET_A_GW6] = MNL_TYPE_BINARY,
		[ZGC_SUBNET_A_PREFIXLEN] = MNL_TYPE_U8,
		[ZGC_SUBNET_A_MAC] = MNL_TYPE_BINARY,
	};
	const struct nlattr *tb[ZGC_SUBNET_A_MAX + 1] = { NULL };
	struct zgc_genl_attrs p = { .policy = policy,
				    .max = ZGC_SUBNET_A_MAX, .tb = tb };
	char plen[8] = "";

	if (zgc_genl_parse_nested(nest, &p))
		return -1;
	if (tb[ZGC_SUBNET_A_PREFIXLEN])
		snprintf(plen, sizeof(plen), "/%u",
			 mnl_attr_get_u8(tb[ZGC_SUBNET_A_PREFIXLEN]));
	args_u32(a, "vni", tb[ZGC_SUBNET_A_VNI]);
	args_addr(a, "gw", tb[ZGC_SUBNET_A_GW4], tb[ZGC_SUBNET_A_GW6], plen);
	args_mac(a, "mac", tb[ZGC_SUBNET_A_MAC]);
	return 0;
}

static int endpoint_args(const struct nlattr *nest, struct args *a)
{
	static const enum mnl_attr_data_type policy[ZGC_ENDPOINT_A_MAX + 1] = {
		[ZGC_ENDPOINT_A_VNI] = MNL_TYPE_U32,
		[ZGC_ENDPOINT_A_IP4] = MNL_TYPE_U32,
		[ZGC_ENDPOINT_A_IP6] = MNL_TYPE_BINARY,
		[ZGC_ENDPOINT_A_MAC] = MNL_TYPE_BINARY,
		[ZGC_ENDPOINT_A_HOST4] = MNL_TYPE_U32,
	};
	const struct nlattr *tb[ZGC_ENDPOINT_A_MAX + 1] = { NULL };
	struct zgc_genl_attrs p = { .policy = policy,
				    .max = ZGC_ENDPOINT_A_MAX, .tb = tb };

	if (zgc_genl_parse_nested(nest, &p))
		return -1;
	args_u32(a, "vni", tb[ZGC_ENDPOINT_A_VNI]);
	args_addr(a, "ip", tb[ZGC_ENDPOINT_A_IP4], tb[ZGC_ENDPOINT_A_IP6], "");
	args_mac(a, "mac", tb[ZGC_ENDPOINT_A_MAC]);
	args_ip4(a, "host", tb[ZGC_ENDPOINT_A_HOST4]);
	return 0;
}

static int tenant_args(const struct nlattr *nest, struct args *a)
{
	static const enum mnl_attr_data_type policy[ZGC_TENANT_A_MAX + 1] = {
		[ZGC_TENANT_A_VNI] = MNL_TYPE_U32,
		[ZGC_TENANT_A_ANY_SOURCE] = MNL_TYPE_U8,
		[ZGC_TENANT_A_FLOW_RATE] = MNL_TYPE_U32,
		[ZGC_TENANT_A_CONFIG_VERSION] = MNL_TYPE_U32,
	};
	const struct nlattr *tb[ZGC_TENANT_A_MAX + 1] = { NULL };
	struct zgc_genl_attrs p = { .policy = policy,
				    .max = ZGC_TENANT_A_MAX, .tb = tb };

	if (zgc_genl_parse_nested(nest, &p))
		return -1;
	args_u32(a, "vni", tb[ZGC_TENANT_A_VNI]);
	if (tb[ZGC_TENANT_A_ANY_SOURCE])
		args_add(a, " any_source %s",
			 mnl_attr_get_u8(tb[ZGC_TENANT_A_ANY_SOURCE]) ?
			 "on" : "off");
	args_u32(a, "flow_rate", tb[ZGC_TENANT_A_FLOW_RATE]);
	args_u32(a, "config_version", tb[ZGC_TENANT_A_CONFIG_VERSION]);
	return 0;
}

static int acl_args(const struct nlattr *nest, struct args *a)
{
	static const enum mnl_attr_data_type policy[ZGC_ACL_A_MAX + 1] = {
		[ZGC_ACL_A_VNI] = MNL_TYPE_U32,
		[ZGC_ACL_A_PRIO] = MNL_TYPE_U32,
		[ZGC_ACL_A_SRC4] = MNL_TYPE_U32,
		[ZGC_ACL_A_SRC6] = MNL_TYPE_BINARY,
		[ZGC_ACL_A_SRC_PLEN] = MNL_TYPE_U8,
		[ZGC_ACL_A_DST4] = MNL_TYPE_U32,
		[ZGC_ACL_A_DST6] = MNL_TYPE_BINARY,
		[ZGC_ACL_A_DST_PLEN] = MNL_TYPE_U8,
		[ZGC_ACL_A_PROTO] = MNL_TYPE_U8,
		[ZGC_ACL_A_DPORT_MIN] = MNL_TYPE_U16,
		[ZGC_ACL_A_DPORT_MAX] = MNL_TYPE_U16,
		[ZGC_ACL_A_ACTION] = MNL_TYPE_U8,
	};
	static const char *const actions[] = {
		[ZGC_ACL_ALLOW] = "allow",
		[ZGC_ACL_DENY] = "deny",
		[ZGC_ACL_REJECT] = "reject",
	};
	const struct nlattr *tb[ZGC_ACL_A_MAX + 1] = { NULL };
	struct zgc_genl_attrs p = { .policy = policy,
				    .max = ZGC_ACL_A_MAX, .tb = tb };
	char plen[8] = "", proto[4];
	uint8_t act;

	if (zgc_genl_parse_nested(nest, &p))
		return -1;
	args_u32(a, "vni", tb[ZGC_ACL_A_VNI]);
	args_u32(a, "prio", tb[ZGC_ACL_A_PRIO]);
	if (tb[ZGC_ACL_A_SRC_PLEN])
		snprintf(plen, sizeof(plen), "/%u",
			 mnl_attr_get_u8(tb[ZGC_ACL_A_SRC_PLEN]));
	args_addr(a, "src", tb[ZGC_ACL_A_SRC4], tb[ZGC_ACL_A_SRC6], plen);
	plen[0] = '\0';
	if (tb[ZGC_ACL_A_DST_PLEN])
		snprintf(plen, sizeof(plen), "/%u",
			 mnl_attr_get_u8(tb[ZGC_ACL_A_DST_PLEN]));
	args_addr(a, "dst", tb[ZGC_ACL_A_DST4], tb[ZGC_ACL_A_DST6], plen);
	if (tb[ZGC_ACL_A_PROTO])
		args_add(a, " proto %s",
			 format_ip_proto(proto,
					 mnl_attr_get_u8(tb[ZGC_ACL_A_PROTO])));
	if (tb[ZGC_ACL_A_DPORT_MIN] && tb[ZGC_ACL_A_DPORT_MAX])
		args_add(a, " dport %u-%u",
			 mnl_attr_get_u16(tb[ZGC_ACL_A_DPORT_MIN]),
			 mnl_attr_get_u16(tb[ZGC_ACL_A_DPORT_MAX]));
	if (tb[ZGC_ACL_A_ACTION]) {
		act = mnl_attr_get_u8(tb[ZGC_ACL_A_ACTION]);
		if (act < ARRAY_SIZE(actions) && actions[act])
			args_add(a, " action %s", actions[act]);
		else
			args_add(a, " action %u", act);
	}
	return 0;
}

static int backend_args(const struct nlattr *nest, struct args *a)
{
	const struct nlattr *tb[ZGC_BACKEND_A_MAX + 1] = { NULL };
	struct zgc_genl_attrs p = { .policy = zgc_backend_policy,
				    .max = ZGC_BACKEND_A_MAX, .tb = tb };
	char addr[ZGC_ADDRSTRLEN];
	struct zgc_addr ad;

	if (zgc_genl_parse_nested(nest, &p) ||
	    get_addr(tb[ZGC_BACKEND_A_IP4], tb[ZGC_BACKEND_A_IP6], &ad))
		return -1;
	format_addr(addr, sizeof(addr), &ad);
	args_add(a, ad.family == AF_INET6 ? " backend [%s]" : " backend %s",
		 addr);
	if (tb[ZGC_BACKEND_A_PORT])
		args_add(a, ":%u", mnl_attr_get_u16(tb[ZGC_BACKEND_A_PORT]));
	if (tb[ZGC_BACKEND_A_WEIGHT])
		args_add(a, " weight %u",
			 mnl_attr_get_u16(tb[ZGC_BACKEND_A_WEIGHT]));
	if (tb[ZGC_BACKEND_A_DOWN])
		args_add(a, " down");
	return 0;
}

static int service_args(const struct nlattr *nest, struct args *a)
{
	const struct nlattr *tb[ZGC_SERVICE_A_MAX + 1] = { NULL };
	struct zgc_genl_attrs p = { .policy = zgc_service_policy,
				    .max = ZGC_SERVICE_A_MAX, .tb = tb };
	const struct nlattr *b;
	char proto[4];

	if (zgc_genl_parse_nested(nest, &p))
		return -1;
	args_u32(a, "vni", tb[ZGC_SERVICE_A_VNI]);
	args_addr(a, "vip", tb[ZGC_SERVICE_A_VIP4], tb[ZGC_SERVICE_A_VIP6], "");
	if (tb[ZGC_SERVICE_A_PUBLIC])
		args_add(a, " public");
	if (tb[ZGC_SERVICE_A_PORT])
		args_add(a, " port %u", mnl_attr_get_u16(tb[ZGC_SERVICE_A_PORT]));
	if (tb[ZGC_SERVICE_A_PROTO])
		args_add(a, " proto %s",
			 format_ip_proto(proto,
					 mnl_attr_get_u8(tb[ZGC_SERVICE_A_PROTO])));
	/* Every backend: the nest holds one ZGC_SERVICE_A_BACKEND each. */
	mnl_attr_for_each_nested(b, nest)
		if (mnl_attr_get_type(b) == ZGC_SERVICE_A_BACKEND &&
		    backend_args(b, a))
			return -1;
	return 0;
}

/* A.B.C.D; 1 for host down, 0 for host up, -1 when malformed. */
static int host_args(const struct nlattr *nest, struct args *a)
{
	static const enum mnl_attr_data_type policy[ZGC_HOST_A_MAX + 1] = {
		[ZGC_HOST_A_ADDR4] = MNL_TYPE_U32,
		[ZGC_HOST_A_DOWN] = MNL_TYPE_U8,
	};
	const struct nlattr *tb[ZGC_HOST_A_MAX + 1] = { NULL };
	struct zgc_genl_attrs p = { .policy = policy,
				    .max = ZGC_HOST_A_MAX, .tb = tb };
	char buf[INET_ADDRSTRLEN];
	struct in_addr in;

	if (zgc_genl_parse_nested(nest, &p) || !tb[ZGC_HOST_A_ADDR4] ||
	    !tb[ZGC_HOST_A_DOWN])
		return -1;
	in.s_addr = mnl_attr_get_u32(tb[ZGC_HOST_A_ADDR4]);
	inet_ntop(AF_INET, &in, buf, sizeof(buf));
	args_add(a, " %s", buf);
	return !!mnl_attr_get_u8(tb[ZGC_HOST_A_DOWN]);
}

static int flow_args(const struct nlattr *nest, struct args *a)
{
	static const enum mnl_attr_data_type policy[ZGC_FLOW_A_MAX + 1] = {
		[ZGC_FLOW_A_VNI] = MNL_TYPE_U32,
		[ZGC_FLOW_A_CHAIN] = MNL_TYPE_U32,
	};
	const struct nlattr *tb[ZGC_FLOW_A_MAX + 1] = { NULL };
	struct zgc_genl_attrs p = { .policy = policy,
				    .max = ZGC_FLOW_A_MAX, .tb = tb };

	if (zgc_genl_parse_nested(nest, &p))
		return -1;
	args_u32(a, "vni", tb[ZGC_FLOW_A_VNI]);
	args_u32(a, "chain", tb[ZGC_FLOW_A_CHAIN]);
	return 0;
}

static int cluster_args(const struct nlattr *nest, struct args *a)
{
	static const enum mnl_attr_data_type policy[ZGC_CLUSTER_A_MAX + 1] = {
		[ZGC_CLUSTER_A_ID] = MNL_TYPE_U32,
		[ZGC_CLUSTER_A_EPOCH] = MNL_TYPE_U64,
		[ZGC_CLUSTER_A_SELF] = MNL_TYPE_U32,
	};
	const struct nlattr *tb[ZGC_CLUSTER_A_MAX + 1] = { NULL };
	struct zgc_genl_attrs p = { .policy = policy,
				    .max = ZGC_CLUSTER_A_MAX, .tb = tb };

	if (zgc_genl_parse_nested(nest, &p))
		return -1;
	args_u32(a, "cluster", tb[ZGC_CLUSTER_A_ID]);
	if (tb[ZGC_CLUSTER_A_EPOCH])
		args_add(a, " epoch %llu", (unsigned long long)
			 mnl_attr_get_u64(tb[ZGC_CLUSTER_A_EPOCH]));
	args_u32(a, "self", tb[ZGC_CLUSTER_A_SELF]);
	return 0;
}

/*
 * How each change is told: its zgcctl command and, for a command of
 * objects, their nest (one line each) and how to write one; for
 * ZGC_CMD_DEV_SET, ZGC_CMD_CLUSTER_SET and _DRAIN, the top-level
 * attributes (dev_args()).
 */
static const struct {
	uint8_t cmd;
	const char *name;
	uint16_t nest;
	int (*args)(const struct nlattr *nest, struct args *a);
} changes[] = {
	{ ZGC_CMD_DEV_SET, "set", 0, NULL },
	{ ZGC_CMD_SUBNET_ADD, "subnet add", ZGC_A_SUBNET, subnet_args },
	{ ZGC_CMD_SUBNET_DEL, "subnet del", ZGC_A_SUBNET, subnet_args },
	{ ZGC_CMD_TENANT_SET, "tenant set", ZGC_A_TENANT, tenant_args },
	{ ZGC_CMD_ENDPOINT_ADD, "endpoint add", ZGC_A_ENDPOINT, endpoint_args },
	{ ZGC_CMD_ENDPOINT_DEL, "endpoint del", ZGC_A_ENDPOINT, endpoint_args },
	{ ZGC_CMD_ACL_ADD, "acl add", ZGC_A_ACL, acl_args },
	{ ZGC_CMD_ACL_DEL, "acl del", ZGC_A_ACL, acl_args },
	{ ZGC_CMD_SERVICE_ADD, "service add", ZGC_A_SERVICE, service_args },
	{ ZGC_CMD_SERVICE_SET, "service set", ZGC_A_SERVICE, service_args },
	{ ZGC_CMD_SERVICE_DEL, "service del", ZGC_A_SERVICE, service_args },
	{ ZGC_CMD_HOST_SET, "host up", ZGC_A_HOST, host_args },
	{ ZGC_CMD_FLOW_FLUSH, "flow flush", ZGC_A_FLOW, flow_args },
	{ ZGC_CMD_CLUSTER_SET, "cluster apply", 0, NULL },
	{ ZGC_CMD_CLUSTER_DRAIN, "cluster drain", 0, NULL },
};

/* ZGC_CMD_DEV_SET's settings as set takes them, _CLUSTER_SET's, _DRAIN's. */
static void dev_args(const struct nlmsghdr *nlh, struct args *a)
{
	static const char *const overlays[] = {
		[ZGC_OVERLAY_GENEVE] = "geneve",
		[ZGC_OVERLAY_VXLAN] = "vxlan",
	};
	static const char *const dfs[] = {
		[ZGC_DF_UNSET] = "unset",
		[ZGC_DF_SET] = "set",
		[ZGC_DF_INHERIT] = "inherit",
	};
	const struct nlattr *attr, *e;
	char buf[INET_ADDRSTRLEN];
	struct in_addr in;
	bool first;
	uint8_t v;

	mnl_attr_for_each(attr, nlh, GENL_HDRLEN) {
		switch (mnl_attr_get_type(attr)) {
		case ZGC_A_OVERLAY:
			v = mnl_attr_get_u8(attr);
			if (v < ARRAY_SIZE(overlays) && overlays[v])
				args_add(a, " overlay %s", overlays[v]);
			break;
		case ZGC_A_PORT:
			args_add(a, " port %u", mnl_attr_get_u16(attr));
			break;
		case ZGC_A_LOCAL:
			if (mnl_attr_get_u32(attr))
				args_ip4(a, "local", attr);
			else
				args_add(a, " local none");
			break;
		case ZGC_A_ENTRANCES:
			first = true;
			mnl_attr_for_each_nested(e, attr) {
				if (mnl_attr_get_type(e) != ZGC_ENTRANCE_A_ADDR4)
					continue;
				in.s_addr = mnl_attr_get_u32(e);
				inet_ntop(AF_INET, &in, buf, sizeof(buf));
				args_add(a, first ? " entrances %s" : ",%s", buf);
				first = false;
			}
			if (first)
				args_add(a, " entrances none");
			break;
		case ZGC_A_TTL:
			v = mnl_attr_get_u8(attr);
			if (v)
				args_add(a, " ttl %u", v);
			else
				args_add(a, " ttl auto");
			break;
		case ZGC_A_DF:
			v = mnl_attr_get_u8(attr);
			if (v < ARRAY_SIZE(dfs))
				args_add(a, " df %s", dfs[v]);
			break;
		case ZGC_A_FLOW_TIMEOUT:
			args_u32(a, "flow_timeout", attr);
			break;
		case ZGC_A_FLOW_MAX:
			args_u32(a, "flow_max", attr);
			break;
		case ZGC_A_FLOW_VNI_MAX:
			args_u32(a, "flow_vni_max", attr);
			break;
		case ZGC_A_PROVIDER:
			args_add(a, " provider %s",
				 mnl_attr_get_u8(attr) ? "on" : "off");
			break;
		case ZGC_A_CLUSTER:
			cluster_args(attr, a);
			break;
		case ZGC_A_JOIN:
			args_add(a, " join");
			break;
		case ZGC_A_DRAIN:
			args_add(a, " %s", mnl_attr_get_u8(attr) ? "on" : "off");
			break;
		}
	}
}

int monitor_config(struct monitor *mon, const struct nlmsghdr *nlh,
		   const struct nlattr **tb)
{
	const struct nlattr *attr;
	const char *ifname;
	char name[32];
	struct args a;
	uint8_t change;
	int n = 0, ret;
	size_t i;

	if (!tb[ZGC_A_IFNAME] || !tb[ZGC_A_CHANGE]) {
		zgc_warn("monitor: an event without its attributes, skipped");
		return MNL_CB_OK;
	}
	ifname = mnl_attr_get_str(tb[ZGC_A_IFNAME]);
	if (mon->dev && strcmp(mon->dev, ifname))
		return MNL_CB_OK;
	change = mnl_attr_get_u8(tb[ZGC_A_CHANGE]);
	for (i = 0; i < ARRAY_SIZE(changes); i++)
		if (changes[i].cmd == change)
			break;
	a.len = 0;
	a.buf[0] = '\0';
	/* A command newer than this zgcctl: its number. */
	if (i == ARRAY_SIZE(changes)) {
		snprintf(name, sizeof(name), "command %u", change);
		return monitor_config_print(mon, ifname, name, a.buf);
	}
	if (!changes[i].args) {
		dev_args(nlh, &a);
		return monitor_config_print(mon, ifname, changes[i].name, a.buf);
	}
	/* One line per object. */
	mnl_attr_for_each(attr, nlh, GENL_HDRLEN) {
		if (mnl_attr_get_type(attr) != changes[i].nest)
			continue;
		a.len = 0;
		a.buf[0] = '\0';
		ret = changes[i].args(attr, &a);
		if (ret < 0) {
			zgc_warn("monitor: a malformed %s event, skipped",
				 changes[i].name);
			continue;
		}
		/* host_args() tells down (1) from up (0). */
		if (monitor_config_print(mon, ifname,
					 ret ? "host down" : changes[i].name,
					 a.buf) != MNL_CB_OK)
			return MNL_CB_ERROR;
		n++;
	}
	/* A flush of every flow, or a request too big to be repeated. */
	if (!n) {
		a.len = 0;
		a.buf[0] = '\0';
		return monitor_config_print(mon, ifname, changes[i].name, a.buf);
	}
	return MNL_CB_OK;
}
