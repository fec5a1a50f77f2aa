// SPDX-License-Identifier: GPL-2.0
/*
 * Services (scaled endpoints): zgcctl service add|set|del|show
 * (ZGC_CMD_SERVICE_*): a tenant's VIP, port and protocol, and the
 * backends that serve it.
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

struct backend {
	struct zgc_addr addr;
	uint16_t port;			/* host order */
	uint16_t weight;
	bool down;
	uint64_t flows, packets, replies;
};

struct service {
	uint32_t vni;
	struct zgc_addr vip;
	uint16_t port;			/* host order */
	uint8_t proto;
	bool public;
	unsigned int nbackends;
	struct backend b[ZGC_SERVICE_BACKENDS_MAX];
};

/* A service's protocol: TCP or UDP. */
static int parse_proto(const char *s, uint8_t *proto)
{
	if (parse_ip_proto(s, proto) ||
	    (*proto != IPPROTO_TCP && *proto != IPPROTO_UDP))
		return -1;
	return 0;
}

/*
 * The attributes of a service and of its backends, as dumps and events
 * carry them (monitor_config.c reads the events').
 */
const enum mnl_attr_data_type zgc_service_policy[ZGC_SERVICE_A_MAX + 1] = {
	[ZGC_SERVICE_A_VNI] = MNL_TYPE_U32,
	[ZGC_SERVICE_A_VIP4] = MNL_TYPE_U32,
	[ZGC_SERVICE_A_VIP6] = MNL_TYPE_BINARY,
	[ZGC_SERVICE_A_PORT] = MNL_TYPE_U16,
	[ZGC_SERVICE_A_PROTO] = MNL_TYPE_U8,
	[ZGC_SERVICE_A_BACKEND] = MNL_TYPE_NESTED,
	[ZGC_SERVICE_A_PUBLIC] = MNL_TYPE_FLAG,
};

const enum mnl_attr_data_type zgc_backend_policy[ZGC_BACKEND_A_MAX + 1] = {
	[ZGC_BACKEND_A_IP4] = MNL_TYPE_U32,
	[ZGC_BACKEND_A_IP6] = MNL_TYPE_BINARY,
	[ZGC_BACKEND_A_PORT] = MNL_TYPE_U16,
	[ZGC_BACKEND_A_WEIGHT] = MNL_TYPE_U16,
	[ZGC_BACKEND_A_DOWN] = MNL_TYPE_FLAG,
	[ZGC_BACKEND_A_FLOWS] = MNL_TYPE_U64,
	[ZGC_BACKEND_A_PACKETS] = MNL_TYPE_U64,
	[ZGC_BACKEND_A_REPLIES] = MNL_TYPE_U64,
};

/* ADDR, A.B.C.D:PORT or [IPV6]:PORT; *port stays as it is without one. */
static int parse_backend_addr(const char *s, struct zgc_addr *a,
			      uint16_t *port)
{
	char buf[ZGC_ADDRSTRLEN + 8];
	const char *p = NULL;
	uint32_t v;
	char *end;

	if (strlen(s) >= sizeof(buf))
		return -1;
	strcpy(buf, s);
	if (buf[0] == '[') {
		end = strchr(buf, ']');
		if (!end || (end[1] && end[1] != ':'))
			return -1;
		*end = '\0';
		if (end[1])
			p = end + 2;
		if (parse_addr(buf + 1, a) || a->family != AF_INET6)
			return -1;
	} else {
		end = strchr(buf, ':');
		if (end && strchr(buf, '.') && !strchr(end + 1, ':')) {
			*end = '\0';
			p = end + 1;
		}
		if (parse_addr(buf, a))
			return -1;
	}
	if (p) {
		if (parse_u32(p, 1, 65535, &v))
			return -1;
		*port = (uint16_t)v;
	}
	return 0;
}

/* Parses "backend ADDR[:PORT] [weight W] [down]" from argv[*i]. */
static int parse_backend(struct zgcctl_ctx *ctx, int argc, char **argv,
			 int *i, struct service *sv)
{
	struct backend *b;
	uint32_t v;

	if (sv->nbackends == ZGC_SERVICE_BACKENDS_MAX)
		return zgc_usage_err(ctx, "at most %u backends",
				     ZGC_SERVICE_BACKENDS_MAX);
	if (*i + 1 >= argc)
		return zgc_usage_err(ctx, "backend needs an address");
	b = &sv->b[sv->nbackends++];
	if (parse_backend_addr(argv[*i + 1], &b->addr, &b->port))
		return zgc_usage_err(ctx,
				     "invalid backend '%s': expected ADDR, A.B.C.D:PORT or [IPV6]:PORT",
				     argv[*i + 1]);
	*i += 2;
	while (*i < argc) {
		if (!strcmp(argv[*i], "down")) {
			b->down = true;
			*i += 1;
		} else if (!strcmp(argv[*i], "weight")) {
			if (*i + 1 >= argc ||
			    parse_u32(argv[*i + 1], 1, ZGC_BACKEND_WEIGHT_MAX,
				      &v))
				return zgc_usage_err(ctx,
						     "invalid weight: expected 1 to %u",
						     ZGC_BACKEND_WEIGHT_MAX);
			b->weight = (uint16_t)v;
			*i += 2;
		} else {
			break;
		}
	}
	return 0;
}

/*
 * service add|set|del DEV vni VNI vip ADDR [public] port PORT proto tcp|udp
 *	[backend ADDR[:PORT] [weight W] [down]]...
 */
static int service_write(struct zgcctl_ctx *ctx, int argc, char **argv)
{
	bool del = !strcmp(argv[0], "del");
	bool has_vni = false, has_vip = false, has_port = false;
	bool has_proto = false;
	struct service *sv;
	struct nlattr *nest, *bn;
	struct nlmsghdr *nlh;
	struct zgc_genl *g;
	const char *val;
	unsigned int j;
	int i, ret, err;
	uint32_t v;
	uint8_t cmd;

	if (argc < 2)
		return zgc_usage_err(ctx, "give a device and the service");
	ret = zgc_check_ifname(ctx, argv[1]);
	if (ret)
		return ret;
	sv = calloc(1, sizeof(*sv));
	if (!sv) {
		zgc_err("out of memory");
		return ZGC_EXIT_FAIL;
	}
	for (i = 2; i < argc;) {
		if (!strcmp(argv[i], "backend")) {
			if (del) {
				ret = zgc_usage_err(ctx, "del takes no backend");
				goto out;
			}
			ret = parse_backend(ctx, argc, argv, &i, sv);
			if (ret)
				goto out;
			continue;
		}
		if (!strcmp(argv[i], "public") && !sv->public) {
			sv->public = true;
			i++;
			continue;
		}
		val = i + 1 < argc ? argv[i + 1] : NULL;
		if (!val) {
			ret = zgc_usage_err(ctx, "%s needs a value", argv[i]);
			goto out;
		}
		if (!strcmp(argv[i], "vni") && !has_vni) {
			has_vni = !parse_vni(val, &sv->vni);
			if (!has_vni) {
				ret = zgc_usage_err(ctx, "invalid vni '%s'", val);
				goto out;
			}
		} else if (!strcmp(argv[i], "vip") && !has_vip) {
			has_vip = !parse_addr(val, &sv->vip);
			if (!has_vip) {
				ret = zgc_usage_err(ctx, "invalid vip '%s'", val);
				goto out;
			}
		} else if (!strcmp(argv[i], "port") && !has_port) {
			has_port = !parse_u32(val, 1, 65535, &v);
			if (!has_port) {
				ret = zgc_usage_err(ctx,
						    "invalid port '%s': expected 1 to 65535",
						    val);
				goto out;
			}
			sv->port = (uint16_t)v;
		} else if (!strcmp(argv[i], "proto") && !has_proto) {
			has_proto = !parse_proto(val, &sv->proto);
			if (!has_proto) {
				ret = zgc_usage_err(ctx,
						    "invalid proto '%s': expected tcp, udp, 6 or 17",
						    val);
				goto out;
			}
		} else {
			ret = zgc_usage_err(ctx, "unknown or repeated argument '%s'",
					    argv[i]);
			goto out;
		}
		i += 2;
	}
	if (!has_vni || !has_vip || !has_port || !has_proto) {
		ret = zgc_usage_err(ctx, "give vni, vip, port and proto");
		goto out;
	}
	if (!del && !sv->nbackends) {
		ret = zgc_usage_err(ctx, "give at least one backend");
		goto out;
	}

	cmd = del ? ZGC_CMD_SERVICE_DEL : !strcmp(argv[0], "add") ?
	      ZGC_CMD_SERVICE_ADD : ZGC_CMD_SERVICE_SET;
	g = zgc_genl_open();
	if (!g) {
		ret = ZGC_EXIT_FAIL;
		goto out;
	}
	nlh = zgc_genl_request(g, cmd);
	mnl_attr_put_strz(nlh, ZGC_A_IFNAME, argv[1]);
	nest = mnl_attr_nest_start(nlh, ZGC_A_SERVICE);
	mnl_attr_put_u32(nlh, ZGC_SERVICE_A_VNI, sv->vni);
	put_addr(nlh, ZGC_SERVICE_A_VIP4, ZGC_SERVICE_A_VIP6, &sv->vip);
	mnl_attr_put_u16(nlh, ZGC_SERVICE_A_PORT, sv->port);
	mnl_attr_put_u8(nlh, ZGC_SERVICE_A_PROTO, sv->proto);
	if (sv->public)
		mnl_attr_put(nlh, ZGC_SERVICE_A_PUBLIC, 0, NULL);
	for (j = 0; j < sv->nbackends; j++) {
		const struct backend *b = &sv->b[j];

		bn = mnl_attr_nest_start(nlh, ZGC_SERVICE_A_BACKEND);
		put_addr(nlh, ZGC_BACKEND_A_IP4, ZGC_BACKEND_A_IP6, &b->addr);
		if (b->port)
			mnl_attr_put_u16(nlh, ZGC_BACKEND_A_PORT, b->port);
		if (b->weight)
			mnl_attr_put_u16(nlh, ZGC_BACKEND_A_WEIGHT, b->weight);
		if (b->down)
			mnl_attr_put(nlh, ZGC_BACKEND_A_DOWN, 0, NULL);
		mnl_attr_nest_end(nlh, bn);
	}
	mnl_attr_nest_end(nlh, nest);
	err = zgc_genl_doit(g, nlh, NULL, NULL);
	ret = err ? zgc_kernel_err(g, err, "service %s %s", argv[0], argv[1]) :
		    ZGC_EXIT_OK;
	zgc_genl_close(g);
out:
	free(sv);
	return ret;
}

static int backend_parse(const struct nlattr *nest, struct backend *b)
{
	const struct nlattr *tb[ZGC_BACKEND_A_MAX + 1] = { NULL };
	struct zgc_genl_attrs a = { .policy = zgc_backend_policy,
				    .max = ZGC_BACKEND_A_MAX, .tb = tb };

	if (zgc_genl_parse_nested(nest, &a) || !tb[ZGC_BACKEND_A_PORT] ||
	    !tb[ZGC_BACKEND_A_WEIGHT] || !tb[ZGC_BACKEND_A_FLOWS] ||
	    !tb[ZGC_BACKEND_A_PACKETS] || !tb[ZGC_BACKEND_A_REPLIES] ||
	    get_addr(tb[ZGC_BACKEND_A_IP4], tb[ZGC_BACKEND_A_IP6], &b->addr))
		return -1;
	b->port = mnl_attr_get_u16(tb[ZGC_BACKEND_A_PORT]);
	b->weight = mnl_attr_get_u16(tb[ZGC_BACKEND_A_WEIGHT]);
	b->down = tb[ZGC_BACKEND_A_DOWN];
	b->flows = mnl_attr_get_u64(tb[ZGC_BACKEND_A_FLOWS]);
	b->packets = mnl_attr_get_u64(tb[ZGC_BACKEND_A_PACKETS]);
	b->replies = mnl_attr_get_u64(tb[ZGC_BACKEND_A_REPLIES]);
	return 0;
}

static int service_parse(const struct nlmsghdr *nlh, void *row)
{
	static const enum mnl_attr_data_type policy[ZGC_A_MAX + 1] = {
		[ZGC_A_SERVICE] = MNL_TYPE_NESTED,
	};
	const struct nlattr *tb[ZGC_A_MAX + 1] = { NULL };
	const struct nlattr *sb[ZGC_SERVICE_A_MAX + 1] = { NULL };
	struct zgc_genl_attrs a = { .policy = policy, .max = ZGC_A_MAX, .tb = tb };
	struct zgc_genl_attrs sa = { .policy = zgc_service_policy,
				     .max = ZGC_SERVICE_A_MAX, .tb = sb };
	struct service *sv = row;
	const struct nlattr *b;

	if (zgc_genl_parse(nlh, &a) < 0 || !tb[ZGC_A_SERVICE] ||
	    zgc_genl_parse_nested(tb[ZGC_A_SERVICE], &sa) ||
	    !sb[ZGC_SERVICE_A_VNI] || !sb[ZGC_SERVICE_A_PORT] ||
	    !sb[ZGC_SERVICE_A_PROTO] ||
	    get_addr(sb[ZGC_SERVICE_A_VIP4], sb[ZGC_SERVICE_A_VIP6], &sv->vip))
		return -1;
	sv->vni = mnl_attr_get_u32(sb[ZGC_SERVICE_A_VNI]);
	sv->port = mnl_attr_get_u16(sb[ZGC_SERVICE_A_PORT]);
	sv->proto = mnl_attr_get_u8(sb[ZGC_SERVICE_A_PROTO]);
	sv->public = sb[ZGC_SERVICE_A_PUBLIC];
	/* The nest holds every backend, each ZGC_SERVICE_A_BACKEND. */
	mnl_attr_for_each_nested(b, tb[ZGC_A_SERVICE]) {
		if (mnl_attr_get_type(b) != ZGC_SERVICE_A_BACKEND)
			continue;
		if (sv->nbackends == ZGC_SERVICE_BACKENDS_MAX ||
		    backend_parse(b, &sv->b[sv->nbackends++]))
			return -1;
	}
	return 0;
}

static int service_cmp(const void *a, const void *b)
{
	const struct service *x = a, *y = b;

	return x->vni != y->vni ? (x->vni < y->vni ? -1 : 1) :
	       cmp_addr(&x->vip, &y->vip) ?:
	       (x->port != y->port ? (x->port < y->port ? -1 : 1) :
		(x->proto > y->proto) - (x->proto < y->proto));
}

/*
 * vni 100 vip 10.1.0.100 port 80 proto tcp (public after the VIP: its
 * VIP is public; -j: "public" true or false)
 *	backend 10.1.0.11 port 8080 weight 2 flows 10 packets 120 replies 90
 *	backend 10.1.0.12 port 8080 weight 1 down flows 4 ...
 * (-j: the backends as an array of objects, "down" true or false)
 */
static void service_print(struct printer *p, const void *row)
{
	const struct service *sv = row;
	char addr[ZGC_ADDRSTRLEN];
	unsigned int i;
	char proto[4];

	pr_object_open(p);
	pr_uint(p, "vni", sv->vni);
	format_addr(addr, sizeof(addr), &sv->vip);
	pr_string(p, "vip", addr);
	if (p->json)
		json_bool(&p->w, "public", sv->public);
	else if (sv->public)
		fputs(" public", p->f);
	pr_uint(p, "port", sv->port);
	pr_string(p, "proto", format_ip_proto(proto, sv->proto));
	if (p->json)
		json_array_open(&p->w, "backends");
	for (i = 0; i < sv->nbackends; i++) {
		const struct backend *b = &sv->b[i];

		format_addr(addr, sizeof(addr), &b->addr);
		if (!p->json) {
			fprintf(p->f,
				"\n\tbackend %s port %u weight %u%s flows %llu packets %llu replies %llu",
				addr, b->port, b->weight, b->down ? " down" : "",
				(unsigned long long)b->flows,
				(unsigned long long)b->packets,
				(unsigned long long)b->replies);
			continue;
		}
		json_object_open(&p->w, NULL);
		json_string(&p->w, "addr", addr);
		json_uint(&p->w, "port", b->port);
		json_uint(&p->w, "weight", b->weight);
		json_bool(&p->w, "down", b->down);
		json_uint(&p->w, "flows", b->flows);
		json_uint(&p->w, "packets", b->packets);
		json_uint(&p->w, "replies", b->replies);
		json_object_close(&p->w);
	}
	if (p->json)
		json_array_close(&p->w);
	pr_object_close(p);
}

/*
 * service add DEV vni 100 vip 10.1.0.100 port 80 proto tcp
 *	backend 10.1.0.11:8080 weight 2 backend [fd00:1::12]:8080 weight 1 down
 * on one line.
 */
static void service_save(FILE *f, const char *ifname, const void *row)
{
	const struct service *sv = row;
	char addr[ZGC_ADDRSTRLEN];
	unsigned int i;
	char proto[4];

	format_addr(addr, sizeof(addr), &sv->vip);
	fprintf(f, "service add %s vni %u vip %s%s port %u proto %s", ifname,
		sv->vni, addr, sv->public ? " public" : "", sv->port,
		format_ip_proto(proto, sv->proto));
	for (i = 0; i < sv->nbackends; i++) {
		const struct backend *b = &sv->b[i];

		format_addr(addr, sizeof(addr), &b->addr);
		fprintf(f, b->addr.family == AF_INET6 ?
			" backend [%s]:%u weight %u%s" :
			" backend %s:%u weight %u%s", addr, b->port,
			b->weight, b->down ? " down" : "");
	}
	fputc('\n', f);
}

const struct zgc_dump_kind zgc_service_kind = {
	.cmd = ZGC_CMD_SERVICE_GET,
	.row_size = sizeof(struct service),
	.parse = service_parse,
	.cmp = service_cmp,
	.print = service_print,
	.save = service_save,
};

/* zgcctl service add|set|del|show DEV ... */
int cmd_service(struct zgcctl_ctx *ctx, int argc, char **argv)
{
	if (!argc)
		return zgc_usage_err(ctx, "give add, set, del or show");
	if (!strcmp(argv[0], "add") || !strcmp(argv[0], "set") ||
	    !strcmp(argv[0], "del"))
		return service_write(ctx, argc, argv);
	if (!strcmp(argv[0], "show"))
		return zgc_object_show_cmd(ctx, argc, argv, &zgc_service_kind);
	return zgc_usage_err(ctx, "unknown subcommand '%s'", argv[0]);
}
