// SPDX-License-Identifier: GPL-2.0
/* Batch mode: zgcctl -b FILE. See batch.h. */

#include <errno.h>
#include <net/if.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/genetlink.h>
#include <linux/zgc.h>

#include "batch.h"
#include "genl.h"
#include "zgcctl.h"

/* Most arguments on one line. */
#define ZGC_BATCH_ARGS 64
/* Room kept free in a request for one more object. */
#define ZGC_BATCH_SLACK 1024

/* The request being filled: objects of one kind for one device. */
struct zgc_batch {
	struct zgc_genl *g;
	struct nlmsghdr *nlh;	/* NULL while none is open */
	uint8_t cmd;
	uint16_t attr;
	char ifname[IFNAMSIZ];
	char what[64];		/* "endpoint add zgc0", for messages */
	size_t n;		/* objects in it */
	size_t size;
	unsigned int *lines;	/* the line of each */
};

/* The line of the object whose nest holds the offset the kernel gave. */
static unsigned int zgc_batch_failed_line(const struct zgc_batch *b)
{
	uint32_t offs = zgc_genl_err_offset(b->g), start;
	const struct nlattr *attr;
	size_t i = 0;

	if (!offs)
		return 0;
	mnl_attr_for_each(attr, b->nlh, GENL_HDRLEN) {
		if (mnl_attr_get_type(attr) != b->attr)
			continue;
		start = (uint32_t)((const char *)attr - (const char *)b->nlh);
		if (offs >= start && offs < start + attr->nla_len)
			return i < b->n ? b->lines[i] : 0;
		i++;
	}
	return 0;
}

/* Sends the open request, if any. Return: the exit status. */
static int zgc_batch_flush(struct zgcctl_ctx *ctx)
{
	struct zgc_batch *b = ctx->batch;
	unsigned int line;
	int err;

	if (!b->nlh)
		return ZGC_EXIT_OK;
	err = zgc_genl_doit(b->g, b->nlh, NULL, NULL);
	if (err) {
		line = zgc_batch_failed_line(b);
		if (line)
			return zgc_kernel_err(b->g, err, "%s:%u: %s", ctx->file,
					      line, b->what);
		return zgc_kernel_err(b->g, err, "%s: lines %u to %u: %s",
				      ctx->file, b->lines[0],
				      b->lines[b->n - 1], b->what);
	}
	b->nlh = NULL;
	b->n = 0;
	return ZGC_EXIT_OK;
}

struct nlmsghdr *zgc_batch_request(struct zgcctl_ctx *ctx, uint8_t cmd,
				   uint16_t attr, const char *ifname)
{
	struct zgc_batch *b = ctx->batch;
	unsigned int *lines;

	if (b->nlh && (b->cmd != cmd || strcmp(b->ifname, ifname)) &&
	    zgc_batch_flush(ctx))
		return NULL;
	if (!b->g) {
		b->g = zgc_genl_open();
		if (!b->g)
			return NULL;
	}
	if (b->n == b->size) {
		b->size = b->size ? 2 * b->size : 256;
		lines = realloc(b->lines, b->size * sizeof(*lines));
		if (!lines) {
			zgc_err("%s:%u: out of memory", ctx->file, ctx->line);
			return NULL;
		}
		b->lines = lines;
	}
	if (!b->nlh) {
		b->nlh = zgc_genl_request(b->g, cmd);
		b->cmd = cmd;
		b->attr = attr;
		snprintf(b->ifname, sizeof(b->ifname), "%s", ifname);
		snprintf(b->what, sizeof(b->what), "%s %s", ctx->cmd->name,
			 ifname);
		mnl_attr_put_strz(b->nlh, ZGC_A_IFNAME, ifname);
	}
	b->lines[b->n] = ctx->line;
	return b->nlh;
}

int zgc_batch_added(struct zgcctl_ctx *ctx)
{
	struct zgc_batch *b = ctx->batch;

	b->n++;
	if (b->nlh->nlmsg_len > ZGC_GENL_REQUEST_SIZE - ZGC_BATCH_SLACK)
		return zgc_batch_flush(ctx);
	return ZGC_EXIT_OK;
}

/* Whether a line's command goes into batched requests. */
static bool zgc_batch_line(int argc, char **argv)
{
	return argc >= 2 &&
	       (!strcmp(argv[0], "endpoint") || !strcmp(argv[0], "acl")) &&
	       (!strcmp(argv[1], "add") || !strcmp(argv[1], "del"));
}

/* Splits line at blanks into argv. Return: argc, or -1 if too many. */
static int zgc_batch_split(char *line, char **argv)
{
	int argc = 0;
	char *tok;

	for (tok = strtok(line, " \t\r\n"); tok; tok = strtok(NULL, " \t\r\n")) {
		if (argc == ZGC_BATCH_ARGS)
			return -1;
		argv[argc++] = tok;
	}
	return argc;
}

int zgc_batch_run(struct zgcctl_ctx *ctx, const char *file)
{
	struct zgc_batch b = { .g = NULL };
	char *argv[ZGC_BATCH_ARGS], *line = NULL;
	int argc, ret = ZGC_EXIT_OK;
	size_t cap = 0;
	FILE *f;

	f = strcmp(file, "-") ? fopen(file, "r") : stdin;
	if (!f) {
		zgc_err("%s: %s", file, strerror(errno));
		return ZGC_EXIT_FAIL;
	}
	ctx->batch = &b;
	ctx->file = file;
	ctx->line = 0;
	while (getline(&line, &cap, f) > 0) {
		ctx->line++;
		argc = zgc_batch_split(line, argv);
		if (argc < 0) {
			zgc_err("%s:%u: more than %d arguments", file,
				ctx->line, ZGC_BATCH_ARGS);
			ret = ZGC_EXIT_USAGE;
			break;
		}
		if (!argc || argv[0][0] == '#')
			continue;
		/* What came before is done before this line runs. */
		if (!zgc_batch_line(argc, argv)) {
			ret = zgc_batch_flush(ctx);
			if (ret)
				break;
		}
		ret = zgc_run_command(ctx, argc, argv);
		if (ret == ZGC_EXIT_FAIL && !zgc_batch_line(argc, argv))
			zgc_err("%s:%u: stopped here", file, ctx->line);
		if (ret)
			break;
	}
	if (!ret && ferror(f)) {
		zgc_err("%s: %s", file, strerror(errno));
		ret = ZGC_EXIT_FAIL;
	}
	if (!ret)
		ret = zgc_batch_flush(ctx);
	ctx->batch = NULL;
	free(line);
	free(b.lines);
	if (b.g)
		zgc_genl_close(b.g);
	if (f != stdin)
		fclose(f);
	return ret;
}

int zgc_object_change(struct zgcctl_ctx *ctx, uint8_t cmd, uint16_t attr,
		      char **argv, zgc_put_fn put, const void *obj, bool add)
{
	struct nlmsghdr *nlh;
	struct zgc_genl *g;
	int ret, err;

	if (ctx->batch) {
		nlh = zgc_batch_request(ctx, cmd, attr, argv[1]);
		if (!nlh)
			return ZGC_EXIT_FAIL;
		put(nlh, obj, add);
		return zgc_batch_added(ctx);
	}
	g = zgc_genl_open_dev(argv[1], cmd, &nlh);
	if (!g)
		return ZGC_EXIT_FAIL;
	put(nlh, obj, add);
	err = zgc_genl_doit(g, nlh, NULL, NULL);
	ret = err ? zgc_kernel_err(g, err, "%s %s %s", ctx->cmd->name, argv[0],
				   argv[1]) :
		    ZGC_EXIT_OK;
	zgc_genl_close(g);
	return ret;
}
