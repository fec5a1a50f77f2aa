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
 *		[ local ADDR | none ] [ entrances ADDR[,ADDR...] | none ]
 *		[ ttl { TTL | auto } ] [ df { set | unset | inherit } ]
 *	ip -d [-j] link show zgc0
 *
 * Debian ships no iproute2 headers: the few ip functions used here are
 * declared below, as ip 6.1 to 6.12 define them.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
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
void print_color_uint(enum output_type t, int color, const char *key,
		      const char *fmt, unsigned int value);
void open_json_array(enum output_type t, const char *name);
void close_json_array(enum output_type t, const char *delim);

/* include/libnetlink.h and include/utils.h; invarg and duparg2 exit. */
int addattr8(struct nlmsghdr *n, int maxlen, int type, uint8_t data);
int addattr16(struct nlmsghdr *n, int maxlen, int type, uint16_t data);
int addattr32(struct nlmsghdr *n, int maxlen, int type, uint32_t data);
struct rtattr *addattr_nest(struct nlmsghdr *n, int maxlen, int type);
int addattr_nest_end(struct nlmsghdr *n, struct rtattr *nest);
int get_u8(uint8_t *val, const char *arg, int base);
int get_u16(uint16_t *val, const char *arg, int base);
void invarg(const char *msg, const char *arg) __attribute__((noreturn));
void duparg2(const char *key, const char *arg) __attribute__((noreturn));

/* The size of the request buffer ip hands to parse_opt. */
#define ZGC_IP_REQ_MAX 1024

static const char *const zgc_overlay_names[ZGC_OVERLAY_MAX + 1] = {
	[ZGC_OVERLAY_GENEVE] = "geneve",
	[ZGC_OVERLAY_VXLAN] = "vxlan",
};

static const char *const zgc_df_names[ZGC_DF_MAX + 1] = {
	[ZGC_DF_UNSET] = "unset",
	[ZGC_DF_SET] = "set",
	[ZGC_DF_INHERIT] = "inherit",
};

static void zgc_print_help(struct link_util *lu, int argc, char **argv,
			   FILE *f)
{
	(void)lu;
	(void)argc;
	(void)argv;
	fprintf(f,
		"Usage: ... zgc [ overlay { geneve | vxlan } ] [ port PORT ]\n"
		"               [ local { ADDR | none } ]\n"
		"               [ entrances { ADDR[,ADDR...] | none } ]\n"
		"               [ ttl { TTL | auto } ] [ df { set | unset | inherit } ]\n"
		"               [ provider { on | off } ]\n"
		"\n"
		"Where: overlay is the encapsulation of the tenant tunnels (default geneve)\n"
		"       PORT is the UDP port they arrive on, 1-65535\n"
		"            (default: 6081 for geneve, 4789 for vxlan)\n"
		"       local is the node's own underlay address (default none)\n"
		"       entrances are the gateway addresses hosts tunnel to (at most %d)\n"
		"       TTL is the outer TTL, 1-255 (auto: the route's)\n"
		"       df is the outer DF bit (default unset)\n"
		"       provider on: the device takes packets routed into it to the\n"
		"            public VIPs of services (default off)\n",
		ZGC_ENTRANCES_MAX);
}

/* ADDR[,ADDR...] or none: an IFLA_ZGC_ENTRANCES nest. */
static void zgc_parse_entrances(struct nlmsghdr *n, const char *arg)
{
	char buf[ZGC_ENTRANCES_MAX * INET_ADDRSTRLEN + 1], *tok, *save;
	struct rtattr *nest;
	struct in_addr a;
	int count = 0;

	if (strlen(arg) >= sizeof(buf))
		invarg("too many entrances", arg);
	strcpy(buf, arg);
	nest = addattr_nest(n, ZGC_IP_REQ_MAX, IFLA_ZGC_ENTRANCES);
	if (strcmp(arg, "none")) {
		for (tok = strtok_r(buf, ",", &save); tok;
		     tok = strtok_r(NULL, ",", &save)) {
			if (inet_pton(AF_INET, tok, &a) != 1)
				invarg("expected IPv4 addresses, comma separated, or \"none\"",
				       tok);
			if (++count > ZGC_ENTRANCES_MAX)
				invarg("too many entrances", arg);
			addattr32(n, ZGC_IP_REQ_MAX, ZGC_ENTRANCE_A_ADDR4,
				  a.s_addr);
		}
		if (!count)
			invarg("expected IPv4 addresses, comma separated, or \"none\"",
			       arg);
	}
	addattr_nest_end(n, nest);
}

static int zgc_parse_df(const char *arg)
{
	int i;

	for (i = 0; i <= ZGC_DF_MAX; i++)
		if (!strcmp(arg, zgc_df_names[i]))
			return i;
	invarg("expected \"set\", \"unset\" or \"inherit\"", arg);
}

static int zgc_parse_overlay(const char *arg)
{
	int i;

	for (i = 0; i <= ZGC_OVERLAY_MAX; i++)
		if (zgc_overlay_names[i] && !strcmp(arg, zgc_overlay_names[i]))
			return i;
	invarg("expected \"geneve\" or \"vxlan\"", arg);
}

/*
 * The value of the option at **argv, of attribute type, which must not
 * have been given before (its bit in *given): moves argc and argv to it.
 */
static const char *zgc_opt_value(int *argc, char ***argv, unsigned int *given,
				 int type)
{
	const char *opt = **argv;

	if (*argc < 2)
		invarg("needs a value", opt);
	if (*given & (1U << type))
		duparg2(opt, (*argv)[1]);
	*given |= 1U << type;
	(*argc)--;
	(*argv)++;
	return **argv;
}

static int zgc_parse_opt(struct link_util *lu, int argc, char **argv,
			 struct nlmsghdr *n)
{
	unsigned int given = 0;
	struct in_addr local;
	const char *val;
	uint16_t port;
	uint8_t ttl;

	for (; argc > 0; argc--, argv++) {
		if (!strcmp(*argv, "overlay")) {
			val = zgc_opt_value(&argc, &argv, &given,
					    IFLA_ZGC_OVERLAY);
			addattr8(n, ZGC_IP_REQ_MAX, IFLA_ZGC_OVERLAY,
				 (uint8_t)zgc_parse_overlay(val));
		} else if (!strcmp(*argv, "port")) {
			val = zgc_opt_value(&argc, &argv, &given, IFLA_ZGC_PORT);
			if (get_u16(&port, val, 10) || !port)
				invarg("expected a UDP port, 1-65535", val);
			addattr16(n, ZGC_IP_REQ_MAX, IFLA_ZGC_PORT, port);
		} else if (!strcmp(*argv, "local")) {
			val = zgc_opt_value(&argc, &argv, &given, IFLA_ZGC_LOCAL);
			if (!strcmp(val, "none"))
				local.s_addr = 0;
			else if (inet_pton(AF_INET, val, &local) != 1)
				invarg("expected an IPv4 address, or \"none\"", val);
			addattr32(n, ZGC_IP_REQ_MAX, IFLA_ZGC_LOCAL,
				  local.s_addr);
		} else if (!strcmp(*argv, "entrances")) {
			val = zgc_opt_value(&argc, &argv, &given,
					    IFLA_ZGC_ENTRANCES);
			zgc_parse_entrances(n, val);
		} else if (!strcmp(*argv, "ttl")) {
			val = zgc_opt_value(&argc, &argv, &given, IFLA_ZGC_TTL);
			if (!strcmp(val, "auto"))
				ttl = 0;
			else if (get_u8(&ttl, val, 10) || !ttl)
				invarg("expected a TTL, 1-255, or \"auto\"", val);
			addattr8(n, ZGC_IP_REQ_MAX, IFLA_ZGC_TTL, ttl);
		} else if (!strcmp(*argv, "df")) {
			val = zgc_opt_value(&argc, &argv, &given, IFLA_ZGC_DF);
			addattr8(n, ZGC_IP_REQ_MAX, IFLA_ZGC_DF,
				 (uint8_t)zgc_parse_df(val));
		} else if (!strcmp(*argv, "provider")) {
			val = zgc_opt_value(&argc, &argv, &given,
					    IFLA_ZGC_PROVIDER);
			if (strcmp(val, "on") && strcmp(val, "off"))
				invarg("expected \"on\" or \"off\"", val);
			addattr8(n, ZGC_IP_REQ_MAX, IFLA_ZGC_PROVIDER,
				 !strcmp(val, "on"));
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

/* local ADDR entrances ADDR,ADDR ttl auto df unset */
static void zgc_print_underlay(struct rtattr *tb[])
{
	char buf[INET_ADDRSTRLEN];
	struct rtattr *rta;
	bool first = true;
	uint8_t v;
	int rem;

	/* No local address (none): left out, as zgcctl show does. */
	if (zgc_attr_ok(tb[IFLA_ZGC_LOCAL], sizeof(uint32_t)) &&
	    *(uint32_t *)RTA_DATA(tb[IFLA_ZGC_LOCAL]) &&
	    inet_ntop(AF_INET, RTA_DATA(tb[IFLA_ZGC_LOCAL]), buf, sizeof(buf)))
		print_color_string(PRINT_ANY, COLOR_NONE, "local", "local %s ",
				   buf);
	if (tb[IFLA_ZGC_ENTRANCES]) {
		open_json_array(PRINT_JSON, "entrances");
		rem = RTA_PAYLOAD(tb[IFLA_ZGC_ENTRANCES]);
		for (rta = RTA_DATA(tb[IFLA_ZGC_ENTRANCES]); RTA_OK(rta, rem);
		     rta = RTA_NEXT(rta, rem)) {
			if (rta->rta_type != ZGC_ENTRANCE_A_ADDR4 ||
			    !zgc_attr_ok(rta, sizeof(uint32_t)) ||
			    !inet_ntop(AF_INET, RTA_DATA(rta), buf, sizeof(buf)))
				continue;
			print_color_string(PRINT_FP, COLOR_NONE, NULL,
					   first ? "entrances %s" : ",%s", buf);
			print_color_string(PRINT_JSON, COLOR_NONE, NULL, NULL,
					   buf);
			first = false;
		}
		close_json_array(PRINT_JSON, NULL);
		if (!first)
			print_color_string(PRINT_FP, COLOR_NONE, NULL, "%s",
					   " ");
	}
	if (zgc_attr_ok(tb[IFLA_ZGC_TTL], sizeof(uint8_t))) {
		v = *(uint8_t *)RTA_DATA(tb[IFLA_ZGC_TTL]);
		if (v)
			print_color_uint(PRINT_ANY, COLOR_NONE, "ttl", "ttl %u ",
					 v);
		else
			print_color_string(PRINT_FP, COLOR_NONE, NULL, "%s",
					   "ttl auto ");
	}
	if (zgc_attr_ok(tb[IFLA_ZGC_DF], sizeof(uint8_t))) {
		v = *(uint8_t *)RTA_DATA(tb[IFLA_ZGC_DF]);
		if (v <= ZGC_DF_MAX)
			print_color_string(PRINT_ANY, COLOR_NONE, "df", "df %s ",
					   zgc_df_names[v]);
		else
			print_color_uint(PRINT_ANY, COLOR_NONE, "df", "df %u ",
					 v);
	}
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
	zgc_print_underlay(tb);
	if (zgc_attr_ok(tb[IFLA_ZGC_PROVIDER], sizeof(uint8_t)))
		print_color_string(PRINT_ANY, COLOR_NONE, "provider",
				   "provider %s ",
				   *(uint8_t *)RTA_DATA(tb[IFLA_ZGC_PROVIDER]) ?
				   "on" : "off");
}

struct link_util zgc_link_util = {
	.id = "zgc",
	.maxattr = IFLA_ZGC_MAX,
	.parse_opt = zgc_parse_opt,
	.print_opt = zgc_print_opt,
	.print_help = zgc_print_help,
};
