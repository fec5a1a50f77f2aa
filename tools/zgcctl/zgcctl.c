// SPDX-License-Identifier: GPL-2.0
/*
 * zgcctl - configure zgc devices through the Generic Netlink family "zgc".
 *
 * main(): global options, then the command table. Each command lives in
 * the file of the objects it works on (dev.c: show, stats, set).
 */

#define _GNU_SOURCE	/* setns() */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <net/if.h>
#include <sched.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/zgc.h>

#include "batch.h"
#include "genl.h"
#include "zgcctl.h"

#ifndef ZGC_VERSION
#define ZGC_VERSION "0.1"
#endif

#define PROG "zgcctl"

static int cmd_help(struct zgcctl_ctx *ctx, int argc, char **argv);

/* args: the forms of a command, one a line, each after "zgcctl NAME". */
static const struct zgcctl_cmd zgc_cmds[] = {
	{ "show", "[DEV]",
	  "show a zgc device, or all of the network namespace", cmd_show },
	{ "stats", "[DEV]",
	  "show the drop counters of a zgc device, or of all", cmd_stats },
	{ "set",
	  "DEV [overlay geneve|vxlan] [port PORT] [local ADDR|none] [entrances ADDR[,ADDR...]|none] [ttl N|auto] [df set|unset|inherit] [flow_timeout SECONDS] [flow_max N] [flow_vni_max N] [provider on|off]",
	  "change a device's overlay, UDP port or underlay settings (while it is down), its flow cache settings or whether it is provider-facing",
	  cmd_set },
	{ "subnet",
	  "add DEV vni VNI gw ADDR/LEN mac MAC\n"
	  "del DEV vni VNI gw ADDR\n"
	  "show DEV",
	  "add, remove or list the subnets of the tenants (VNIs) of a device (ADDR: IPv4 or IPv6)",
	  cmd_subnet },
	{ "tenant",
	  "set DEV vni VNI [any_source on|off] [flow_rate N] [config_version N]\n"
	  "show DEV",
	  "change or list the settings of the tenants (VNIs) of a device: whether a tenant's packets may come from any inner source, not only from its endpoints' hosts; how many new flows a second it may start (0: any); the version of its configuration, the same on every node of a cluster",
	  cmd_tenant },
	{ "endpoint",
	  "add DEV vni VNI ip ADDR mac MAC host A.B.C.D\n"
	  "del DEV vni VNI ip ADDR\n"
	  "show DEV [vni VNI]",
	  "add, remove or list the endpoints (tenant instances) of a device, or of one of its tenants (ADDR: IPv4 or IPv6)",
	  cmd_endpoint },
	{ "service",
	  "add|set DEV vni VNI vip ADDR [public] port PORT proto tcp|udp backend ADDR[:PORT] [weight W] [down] [backend ...]\n"
	  "del DEV vni VNI vip ADDR port PORT proto tcp|udp\n"
	  "show DEV",
	  "add, replace the backends of, remove or list the services (scaled endpoints) of a device's tenants: a VIP whose new flows are spread over backends by weight, each flow keeping its backend while that one is up",
	  cmd_service },
	{ "host",
	  "down|up DEV A.B.C.D\n"
	  "show DEV",
	  "declare a compute host down (the flows to its instances get an ICMP host unreachable at once, a service's move to other backends) or up again, or list the hosts down",
	  cmd_host },
	{ "acl",
	  "add DEV vni VNI prio PRIO [src ADDR[/LEN]|any] [dst ADDR[/LEN]|any] [proto any|tcp|udp|icmp|icmpv6|N] [dport PORT[-PORT]] action allow|deny|reject\n"
	  "del DEV vni VNI prio PRIO\n"
	  "show DEV",
	  "add, remove or list the ACL rules of a device's tenants",
	  cmd_acl },
	{ "flow",
	  "show DEV [vni VNI] [chain N]\n"
	  "flush DEV [vni VNI] [chain N]",
	  "list or forget the flows a device's flow cache holds",
	  cmd_flow },
	{ "cluster",
	  "apply DEV FILE|- self ID [join]\n"
	  "show DEV\n"
	  "drain DEV [on|off]",
	  "give a device the cluster description in FILE (JSON, see zgcctl(8)) as node ID, show the one it has, or take the node out of its chains for maintenance and back",
	  cmd_cluster },
	{ "dft", "show DEV [vni VNI] [chain N]",
	  "list the DFT entries a device holds as an FTN",
	  cmd_dft },
	{ "monitor", "[DEV]",
	  "print the events of the zgc devices as they come, until stopped: each change of their configuration, as the command that makes it, and a node of a cluster alive, suspect or dead in a device's eyes",
	  cmd_monitor },
	{ "save", "DEV",
	  "print a device's configuration as the zgcctl commands that make it again, for zgcctl -b",
	  cmd_save },
	{ "help", "[COMMAND]",
	  "show this help, or the usage of COMMAND", cmd_help },
};

static const struct zgcctl_cmd *zgc_cmd_find(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(zgc_cmds); i++)
		if (!strcmp(zgc_cmds[i].name, name))
			return &zgc_cmds[i];
	return NULL;
}

__printf(2, 0)
static void zgc_vmsg(const char *prefix, const char *fmt, va_list ap)
{
	fflush(stdout);
	fprintf(stderr, "%s: %s", PROG, prefix);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void zgc_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	zgc_vmsg("", fmt, ap);
	va_end(ap);
}

void zgc_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	zgc_vmsg("warning: ", fmt, ap);
	va_end(ap);
}

#define ZGC_HELP_COLS 80

/*
 * Writes text (up to its end or a newline) after the col columns already
 * written on the line, breaking it between words so that no line passes
 * ZGC_HELP_COLS, the next lines indented by indent; a [...] group stays on
 * one line. Return: where text stopped (its end or the newline).
 */
static const char *zgc_wrap(FILE *f, const char *text, size_t col,
			    size_t indent)
{
	const char *w = text, *end;
	bool first = true;
	int depth;

	while (*w && *w != '\n') {
		for (end = w, depth = 0; *end && *end != '\n' &&
		     (*end != ' ' || depth > 0); end++)
			depth += (*end == '[') - (*end == ']');
		if (!first && col + 1 + (size_t)(end - w) >= ZGC_HELP_COLS) {
			fprintf(f, "\n%*s", (int)indent, "");
			col = indent;
		} else if (!first) {
			fputc(' ', f);
			col++;
		}
		fwrite(w, 1, end - w, f);
		col += end - w;
		first = false;
		for (w = end; *w == ' '; w++)
			;
	}
	fputc('\n', f);
	return w;
}

/*
 * Each form of cmd on a line of its own, wrapped under its start: "LEAD
 * NAME FORM", the first line led by first, the others by lead.
 */
static void zgc_cmd_forms(FILE *f, const char *first, const char *lead,
			  const struct zgcctl_cmd *cmd)
{
	const char *form = cmd->args;
	int col;

	do {
		col = fprintf(f, "%s%s ", form == cmd->args ? first : lead,
			      cmd->name);
		form = zgc_wrap(f, form, col, col);
		if (*form == '\n')
			form++;
	} while (*form);
}

static void zgc_cmd_usage(FILE *f, const struct zgcctl_cmd *cmd)
{
	zgc_cmd_forms(f, "Usage: " PROG " ", "       " PROG " ", cmd);
}

/* zgcctl help COMMAND, zgcctl COMMAND --help */
static void zgc_cmd_help(const struct zgcctl_cmd *cmd)
{
	zgc_cmd_usage(stdout, cmd);
	fputs("    ", stdout);
	zgc_wrap(stdout, cmd->help, 4, 4);
}

int zgc_usage_err(const struct zgcctl_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "%s: ", PROG);
	if (ctx->batch)
		fprintf(stderr, "%s:%u: ", ctx->file, ctx->line);
	fprintf(stderr, "%s: ", ctx->cmd->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	zgc_cmd_usage(stderr, ctx->cmd);
	return ZGC_EXIT_USAGE;
}

int zgc_kernel_err(const struct zgc_genl *g, int err, const char *fmt, ...)
{
	const char *msg = g ? zgc_genl_errmsg(g) : NULL;
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "%s: ", PROG);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, ": %s", strerror(-err));
	if (msg)
		fprintf(stderr, ": %s", msg);
	fputc('\n', stderr);
	return ZGC_EXIT_FAIL;
}

int zgc_check_ifname(const struct zgcctl_ctx *ctx, const char *name)
{
	if (!*name)
		return zgc_usage_err(ctx, "empty device name");
	/* zgcctl show -j: an option misplaced, more likely than a name. */
	if (name[0] == '-')
		return zgc_usage_err(ctx,
				     "unknown option '%s' (options go before the command)",
				     name);
	if (strlen(name) >= IFNAMSIZ)
		return zgc_usage_err(ctx,
				     "device name '%s' is too long (at most %d bytes)",
				     name, IFNAMSIZ - 1);
	return ZGC_EXIT_OK;
}

static void zgc_usage(FILE *f)
{
	size_t i;

	fprintf(f,
		"Usage: %s [OPTIONS] COMMAND [ARGUMENTS]\n"
		"\n"
		"Configure the zgc (Zeta Gateway Cluster) devices of the current network\n"
		"namespace through the Generic Netlink family \"zgc\".\n"
		"\n"
		"Commands:\n", PROG);
	for (i = 0; i < ARRAY_SIZE(zgc_cmds); i++) {
		zgc_cmd_forms(f, "  ", "  ", &zgc_cmds[i]);
		fputs("      ", f);
		zgc_wrap(f, zgc_cmds[i].help, 6, 6);
	}
	fprintf(f,
		"\n"
		"Options:\n"
		"  -b, --batch FILE  run the commands of FILE, one per line (- for stdin)\n"
		"  -n, --netns NAME  work in the network namespace NAME (as ip -n), or\n"
		"                    in the one of the file NAME when it has a '/'\n"
		"  -j, --json        print JSON\n"
		"  -p, --pretty      indent JSON (with -j)\n"
		"  -h, --help        show this help\n"
		"  -V, --version     print the version\n"
		"\n"
		"See zgcctl(8).\n");
}

static int cmd_help(struct zgcctl_ctx *ctx, int argc, char **argv)
{
	const struct zgcctl_cmd *cmd;

	if (argc > 1)
		return zgc_usage_err(ctx, "unexpected argument '%s'", argv[1]);
	if (!argc) {
		zgc_usage(stdout);
		return ZGC_EXIT_OK;
	}
	cmd = zgc_cmd_find(argv[0]);
	if (!cmd)
		return zgc_usage_err(ctx, "unknown command '%s'", argv[0]);
	zgc_cmd_help(cmd);
	return ZGC_EXIT_OK;
}

int zgc_run_command(struct zgcctl_ctx *ctx, int argc, char **argv)
{
	ctx->cmd = zgc_cmd_find(argv[0]);
	if (!ctx->cmd) {
		if (ctx->batch)
			zgc_err("%s:%u: unknown command '%s'", ctx->file,
				ctx->line, argv[0]);
		else
			zgc_err("unknown command '%s' (try '%s help')",
				argv[0], PROG);
		return ZGC_EXIT_USAGE;
	}
	argc--;
	argv++;
	if (argc && (!strcmp(argv[0], "-h") || !strcmp(argv[0], "--help"))) {
		zgc_cmd_help(ctx->cmd);
		return ZGC_EXIT_OK;
	}
	return ctx->cmd->run(ctx, argc, argv);
}

/*
 * Moves zgcctl into the network namespace NAME of `ip netns` (a file of
 * /run/netns, or of /var/run/netns), or the one of the file NAME when it
 * has a '/' (such as /proc/PID/ns/net), before any socket is opened.
 * Unlike `ip netns exec` it changes nothing else: zgcctl needs only
 * netlink sockets there.
 * Return: 0, or ZGC_EXIT_FAIL after saying why.
 */
static int zgc_enter_netns(const char *name)
{
	char path[4096];
	int fd;

	if (strchr(name, '/'))
		snprintf(path, sizeof(path), "%s", name);
	else
		snprintf(path, sizeof(path), "/run/netns/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	/* Where iproute2 keeps them when /var/run is not /run. */
	if (fd < 0 && errno == ENOENT && !strchr(name, '/')) {
		char alt[4096];

		snprintf(alt, sizeof(alt), "/var/run/netns/%s", name);
		fd = open(alt, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			errno = ENOENT;
	}
	if (fd < 0) {
		zgc_err("network namespace \"%s\": %s: %s", name, path,
			strerror(errno));
		return ZGC_EXIT_FAIL;
	}
	if (setns(fd, CLONE_NEWNET)) {
		zgc_err("network namespace \"%s\": %s", name, strerror(errno));
		close(fd);
		return ZGC_EXIT_FAIL;
	}
	close(fd);
	return ZGC_EXIT_OK;
}

/* Like close_stdout() of coreutils: a failed write is an error too. */
static int zgc_flush_stdout(int ret)
{
	errno = 0;
	if (fflush(stdout) || ferror(stdout)) {
		zgc_err("write error: %s", strerror(errno ? errno : EIO));
		return ret ? ret : ZGC_EXIT_FAIL;
	}
	return ret;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "batch", required_argument, NULL, 'b' },
		{ "netns", required_argument, NULL, 'n' },
		{ "json", no_argument, NULL, 'j' },
		{ "pretty", no_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct zgcctl_ctx ctx = { .json = false };
	const char *arg, *batch = NULL, *netns = NULL;
	char opt[64];
	int c;

	/*
	 * "+": options end at the command; what follows is its own.
	 * ":": a missing argument is told apart from an unknown option.
	 */
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:b:n:jphV", opts, NULL)) != -1) {
		switch (c) {
		case 'b':
			batch = optarg;
			break;
		case 'n':
			netns = optarg;
			break;
		case 'j':
			ctx.json = true;
			break;
		case 'p':
			ctx.pretty = true;
			break;
		case 'h':
			zgc_usage(stdout);
			return zgc_flush_stdout(ZGC_EXIT_OK);
		case 'V':
			printf("%s %s (Generic Netlink family %s version %d)\n",
			       PROG, ZGC_VERSION, ZGC_GENL_NAME,
			       ZGC_GENL_VERSION);
			return zgc_flush_stdout(ZGC_EXIT_OK);
		case ':':
		default:
			/* -x, or --long (optopt is 0 for an unknown one) */
			arg = argv[optind - 1];
			if (optopt && strncmp(arg, "--", 2))
				snprintf(opt, sizeof(opt), "-%c", optopt);
			else
				snprintf(opt, sizeof(opt), "%s", arg);
			zgc_err(c == ':' ? "option '%s' needs an argument (try '%s help')" :
				"unknown option '%s' (try '%s help')", opt, PROG);
			return ZGC_EXIT_USAGE;
		}
	}
	if (netns && zgc_enter_netns(netns))
		return ZGC_EXIT_FAIL;
	if (batch) {
		if (optind != argc) {
			zgc_err("-b takes no command: the commands are in %s",
				batch);
			return ZGC_EXIT_USAGE;
		}
		return zgc_flush_stdout(zgc_batch_run(&ctx, batch));
	}
	if (optind == argc) {
		zgc_err("no command given (try '%s help')", PROG);
		return ZGC_EXIT_USAGE;
	}
	return zgc_flush_stdout(zgc_run_command(&ctx, argc - optind,
						argv + optind));
}
