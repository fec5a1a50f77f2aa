// SPDX-License-Identifier: GPL-2.0
/*
 * link_zgc.so: the iproute2 plugin of the link kind "zgc".
 *
 * ip(8) dlopens link_<kind>.so from $IP_LIB_DIR, or from its plugin
 * directory (/usr/lib/<multiarch>/ip on Debian), for a kind it does not
 * know, and calls <kind>_link_util.parse_opt with the arguments that
 * follow "type zgc" and .print_opt with the kind's IFLA_INFO_DATA.
 *
 *	ip link add zgc0 type zgc [ overlay { geneve | vxlan } ] [ port PORT ]
 *	ip -d [-j] link show zgc0
 *
 * Debian ships no iproute2 headers: the few ip functions used here are
 * declared below, as ip 6.1 to 6.12 define them.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/zgc.h>

/* ip/ip_common.h (unchanged from iproute2 6.1 to 6.12) */
struct link_util {
	struct link_util *next;
	const char *id;
	int maxattr;
	int (*parse_opt)(struct link_util *lu, int argc, char **argv,
			 struct nlmsghdr *n);
	void (*print_opt)(struct link_util *lu, FILE *f, struct rtattr *tb[]);
	void (*print_xstats)(struct link_util *lu, FILE *f,
			     struct rtattr *xstats);
	void (*print_help)(struct link_util *lu, int argc, char **argv,
			   FILE *f);
	int (*parse_ifla_xstats)(struct link_util *lu, int argc, char **argv);
	int (*print_ifla_xstats)(struct nlmsghdr *n, void *arg);
};

/* include/json_print.h and include/color.h */
enum output_type { PRINT_FP = 1, PRINT_JSON = 2, PRINT_ANY = 4 };
#define COLOR_NONE 6
void print_color_string(enum output_type t, int color, const char *key,
			const char *fmt, const char *value);
void print_color_hu(enum output_type t, int color, const char *key,
		    const char *fmt, unsigned short value);

/* include/libnetlink.h and include/utils.h; invarg and duparg2 exit. */
int addattr8(struct nlmsghdr *n, int maxlen, int type, uint8_t data);
int addattr16(struct nlmsghdr *n, int maxlen, int type, uint16_t data);
int get_u16(uint16_t *val, const char *arg, int base);
void invarg(const char *msg, const char *arg) __attribute__((noreturn));
void duparg2(const char *key, const char *arg) __attribute__((noreturn));

/* The size of the request buffer ip hands to parse_opt. */
#define ZGC_IP_REQ_MAX 1024

static const char *const zgc_overlay_names[ZGC_OVERLAY_MAX + 1] = {
	[ZGC_OVERLAY_GENEVE] = "geneve",
	[ZGC_OVERLAY_VXLAN] = "vxlan",
};

static void zgc_print_help(struct link_util *lu, int argc, char **argv,
			   FILE *f)
{
	(void)lu;
	(void)argc;
	(void)argv;
	fprintf(f,
		"Usage: ... zgc [ overlay { geneve | vxlan } ] [ port PORT ]\n"
		"\n"
		"Where: overlay is the encapsulation of the tenant tunnels (default geneve)\n"
		"       PORT is the UDP port they arrive on, 1-65535\n"
		"            (default: 6081 for geneve, 4789 for vxlan)\n");
}

static int zgc_parse_overlay(const char *arg)
{
	int i;

	for (i = 0; i <= ZGC_OVERLAY_MAX; i++)
		if (zgc_overlay_names[i] && !strcmp(arg, zgc_overlay_names[i]))
			return i;
	invarg("expected \"geneve\" or \"vxlan\"", arg);
}

static int zgc_parse_opt(struct link_util *lu, int argc, char **argv,
			 struct nlmsghdr *n)
{
	bool have_overlay = false, have_port = false;
	uint16_t port;

	for (; argc > 0; argc--, argv++) {
		if (!strcmp(*argv, "overlay")) {
			if (argc < 2)
				invarg("needs a value", *argv);
			if (have_overlay)
				duparg2("overlay", argv[1]);
			have_overlay = true;
			argc--, argv++;
			addattr8(n, ZGC_IP_REQ_MAX, IFLA_ZGC_OVERLAY,
				 (uint8_t)zgc_parse_overlay(*argv));
		} else if (!strcmp(*argv, "port")) {
			if (argc < 2)
				invarg("needs a value", *argv);
			if (have_port)
				duparg2("port", argv[1]);
			have_port = true;
			argc--, argv++;
			if (get_u16(&port, *argv, 10) || !port)
				invarg("expected a UDP port, 1-65535", *argv);
			addattr16(n, ZGC_IP_REQ_MAX, IFLA_ZGC_PORT, port);
		} else if (!strcmp(*argv, "help")) {
			zgc_print_help(lu, argc, argv, stderr);
			return -1;
		} else {
			fprintf(stderr, "zgc: unknown option \"%s\"\n", *argv);
			zgc_print_help(lu, argc, argv, stderr);
			return -1;
		}
	}
	return 0;
}

static bool zgc_attr_ok(const struct rtattr *rta, size_t len)
{
	return rta && RTA_PAYLOAD(rta) >= len;
}

static void zgc_print_opt(struct link_util *lu, FILE *f, struct rtattr *tb[])
{
	uint8_t overlay;

	(void)lu;
	(void)f;
	if (!tb)
		return;
	if (zgc_attr_ok(tb[IFLA_ZGC_OVERLAY], sizeof(uint8_t))) {
		overlay = *(uint8_t *)RTA_DATA(tb[IFLA_ZGC_OVERLAY]);
		if (overlay <= ZGC_OVERLAY_MAX && zgc_overlay_names[overlay])
			print_color_string(PRINT_ANY, COLOR_NONE, "overlay",
					   "overlay %s ",
					   zgc_overlay_names[overlay]);
		else
			print_color_hu(PRINT_ANY, COLOR_NONE, "overlay",
				       "overlay %hu ", overlay);
	}
	if (zgc_attr_ok(tb[IFLA_ZGC_PORT], sizeof(uint16_t)))
		print_color_hu(PRINT_ANY, COLOR_NONE, "port", "port %hu ",
			       *(uint16_t *)RTA_DATA(tb[IFLA_ZGC_PORT]));
}

struct link_util zgc_link_util = {
	.id = "zgc",
	.maxattr = IFLA_ZGC_MAX,
	.parse_opt = zgc_parse_opt,
	.print_opt = zgc_print_opt,
	.print_help = zgc_print_help,
};
