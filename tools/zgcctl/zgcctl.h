/* SPDX-License-Identifier: GPL-2.0 */
/*
 * zgcctl: what the commands share. A command is a struct zgcctl_cmd in the
 * table of zgcctl.c; its run function gets the arguments after its name
 * and returns the exit status.
 */
#ifndef ZGCCTL_H
#define ZGCCTL_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <libmnl/libmnl.h>
#include <linux/zgc.h>

struct nlattr;
struct nlmsghdr;
struct zgc_batch;
struct zgc_genl;

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define __printf(a, b) __attribute__((format(printf, a, b)))

/* Exit status: success, a kernel or system error, a usage error. */
#define ZGC_EXIT_OK 0
#define ZGC_EXIT_FAIL 1
#define ZGC_EXIT_USAGE 2

struct zgcctl_ctx;

struct zgcctl_cmd {
	const char *name;
	const char *args;	/* synopsis of the arguments */
	const char *help;	/* what it does, one line */
	int (*run)(struct zgcctl_ctx *ctx, int argc, char **argv);
};

/*
 * The global options and the command being run; in batch mode (-b) the
 * batch, its file and the line being run.
 */
struct zgcctl_ctx {
	bool json;
	bool pretty;
	const struct zgcctl_cmd *cmd;
	struct zgc_batch *batch;
	const char *file;
	unsigned int line;
};

/* Runs the command argv[0] with its arguments. Return: the exit status. */
int zgc_run_command(struct zgcctl_ctx *ctx, int argc, char **argv);

/* "zgcctl: MESSAGE" and "zgcctl: warning: MESSAGE" on stderr. */
__printf(1, 2) void zgc_err(const char *fmt, ...);
__printf(1, 2) void zgc_warn(const char *fmt, ...);

/*
 * "zgcctl: COMMAND: MESSAGE" and the command's usage on stderr.
 * Return: ZGC_EXIT_USAGE.
 */
int zgc_usage_err(const struct zgcctl_ctx *ctx, const char *fmt, ...)
	__printf(2, 3);

/*
 * "zgcctl: WHAT: strerror(-err)", then ": " and what the kernel said about
 * it, if it did.
 * Return: ZGC_EXIT_FAIL.
 */
int zgc_kernel_err(const struct zgc_genl *g, int err, const char *fmt, ...)
	__printf(3, 4);

/*
 * A usage error unless name can be a network device name: 1 to
 * IFNAMSIZ - 1 bytes, and not an option (a leading '-').
 */
int zgc_check_ifname(const struct zgcctl_ctx *ctx, const char *name);

/* parse.c: each returns 0, or -1 when s is not a value of its kind. */
#define MAC_LEN 6
int parse_u32(const char *s, uint32_t min, uint32_t max, uint32_t *val);
int parse_vni(const char *s, uint32_t *vni);		/* 0 to ZGC_VNI_MAX */
int parse_mac(const char *s, uint8_t *mac);		/* XX:XX:XX:XX:XX:XX */
int parse_ip4(const char *s, struct in_addr *ip);	/* A.B.C.D */
void format_mac(char *buf, size_t len, const uint8_t *mac);
/*
 * An IP protocol: any (0), icmp, tcp, udp, icmpv6 (or ipv6-icmp) or a
 * number from 0 to 255; shown by those names (icmpv6), else as a number
 * written in buf.
 */
int parse_ip_proto(const char *s, uint8_t *proto);
const char *format_ip_proto(char buf[4], uint8_t proto);

/* A tenant address, IPv4 or IPv6. */
struct zgc_addr {
	int family;			/* AF_INET or AF_INET6 */
	union {
		struct in_addr v4;
		struct in6_addr v6;
	};
};

#define ZGC_ADDRSTRLEN INET6_ADDRSTRLEN
/* A.B.C.D or an IPv6 address, optionally /LEN (0 to 32 or 128). */
int parse_addr_prefix(const char *s, struct zgc_addr *a, uint8_t *plen,
		      bool *has_plen);
int parse_addr(const char *s, struct zgc_addr *a);
void format_addr(char *buf, size_t len, const struct zgc_addr *a);
int cmp_addr(const struct zgc_addr *x, const struct zgc_addr *y);
/* In a request: as attribute a4 (IPv4) or a6 (IPv6). */
void put_addr(struct nlmsghdr *nlh, uint16_t a4, uint16_t a6,
	      const struct zgc_addr *a);
/* From a reply's a4 or a6 (either NULL): 0, or -1 if neither fits. */
int get_addr(const struct nlattr *a4, const struct nlattr *a6,
	     struct zgc_addr *a);

/* dev.c */
int cmd_show(struct zgcctl_ctx *ctx, int argc, char **argv);
int cmd_stats(struct zgcctl_ctx *ctx, int argc, char **argv);
int cmd_set(struct zgcctl_ctx *ctx, int argc, char **argv);
/* zgcctl save: the set line of the device ifname. Return: exit status. */
int zgc_dev_save(struct zgcctl_ctx *ctx, char *ifname);

/* save.c */
int cmd_save(struct zgcctl_ctx *ctx, int argc, char **argv);

/* subnet.c */
int cmd_subnet(struct zgcctl_ctx *ctx, int argc, char **argv);

/* host.c */
int cmd_host(struct zgcctl_ctx *ctx, int argc, char **argv);

/* service.c */
int cmd_service(struct zgcctl_ctx *ctx, int argc, char **argv);
/* The attribute types of a ZGC_A_SERVICE nest and of its backends. */
extern const enum mnl_attr_data_type zgc_service_policy[ZGC_SERVICE_A_MAX + 1];
extern const enum mnl_attr_data_type zgc_backend_policy[ZGC_BACKEND_A_MAX + 1];

/* tenant.c */
int cmd_tenant(struct zgcctl_ctx *ctx, int argc, char **argv);

/* endpoint.c */
int cmd_endpoint(struct zgcctl_ctx *ctx, int argc, char **argv);

/* flow.c */
int cmd_flow(struct zgcctl_ctx *ctx, int argc, char **argv);
int cmd_dft(struct zgcctl_ctx *ctx, int argc, char **argv);

/* acl.c */
int cmd_acl(struct zgcctl_ctx *ctx, int argc, char **argv);

/* cluster.c */
int cmd_cluster(struct zgcctl_ctx *ctx, int argc, char **argv);
/* The name of an enum zgc_node_state, or its number written in buf. */
const char *member_state_name(uint8_t state, char buf[8]);

/* monitor.c */
int cmd_monitor(struct zgcctl_ctx *ctx, int argc, char **argv);

#endif /* ZGCCTL_H */
