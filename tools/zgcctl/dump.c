// SPDX-License-Identifier: GPL-2.0
/* Showing the objects of a genl dump, sorted. */
#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <linux/genetlink.h>
#include <linux/zgc.h>

#include "dump.h"
#include "genl.h"
#include "zgcctl.h"

/* The rows of a dump so far: a growing array. */
struct dump_rows {
	const struct zgc_dump_kind *kind;
	char *rows;
	size_t n, size;
};

static void dump_rows_restart(void *data)
{
	((struct dump_rows *)data)->n = 0;
}

static int dump_row_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct genlmsghdr *genl = mnl_nlmsg_get_payload(nlh);
	struct dump_rows *d = data;
	size_t sz = d->kind->row_size;
	char *rows;

	/* Not a reply of this dump: not ours to show. */
	if (mnl_nlmsg_get_payload_len(nlh) >= GENL_HDRLEN &&
	    genl->cmd != d->kind->cmd)
		return MNL_CB_OK;
	if (d->n == d->size) {
		d->size = d->size ? 2 * d->size : 64;
		rows = realloc(d->rows, d->size * sz);
		if (!rows)
			return MNL_CB_ERROR;
		d->rows = rows;
	}
	memset(d->rows + d->n * sz, 0, sz);
	if (d->kind->parse(nlh, d->rows + d->n * sz)) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	d->n++;
	return MNL_CB_OK;
}

/* The rows of the dump nlh, sorted. Return: 0 or a negative errno. */
static int dump_rows_get(struct zgc_genl *g, struct nlmsghdr *nlh,
			 struct dump_rows *d)
{
	int err;

	err = zgc_genl_dump(g, nlh, dump_row_cb, dump_rows_restart, d);
	if (!err)
		qsort(d->rows, d->n, d->kind->row_size, d->kind->cmp);
	return err;
}

int zgc_dump_show(const struct zgcctl_ctx *ctx, struct zgc_genl *g,
		  struct nlmsghdr *nlh, const struct zgc_dump_kind *kind,
		  const char *what)
{
	struct dump_rows d = { .kind = kind };
	struct printer p;
	int err, ret;
	size_t i;

	err = dump_rows_get(g, nlh, &d);
	if (err) {
		ret = zgc_kernel_err(g, err, "%s", what);
	} else {
		pr_init(&p, stdout, ctx->json, ctx->pretty);
		pr_list_open(&p);
		for (i = 0; i < d.n; i++)
			kind->print(&p, d.rows + i * kind->row_size);
		pr_list_close(&p);
		ret = ZGC_EXIT_OK;
	}
	free(d.rows);
	return ret;
}

int zgc_dump_save(struct zgc_genl *g, struct nlmsghdr *nlh,
		  const struct zgc_dump_kind *kind, const char *ifname,
		  FILE *f)
{
	struct dump_rows d = { .kind = kind };
	const char *row;
	struct printer p;
	int err, ret;
	size_t i;

	err = dump_rows_get(g, nlh, &d);
	if (err) {
		ret = zgc_kernel_err(g, err, "save %s", ifname);
	} else {
		pr_init(&p, f, false, false);
		for (i = 0; i < d.n; i++) {
			row = d.rows + i * kind->row_size;
			if (kind->save) {
				kind->save(f, ifname, row);
				continue;
			}
			fprintf(f, "%s %s ", kind->save_cmd, ifname);
			kind->print(&p, row);
		}
		ret = ZGC_EXIT_OK;
	}
	free(d.rows);
	return ret;
}

/* OBJECT show DEV [vni VNI] */
int zgc_object_show_cmd(struct zgcctl_ctx *ctx, int argc, char **argv,
			   const struct zgc_dump_kind *kind)
{
	struct nlmsghdr *nlh;
	struct zgc_genl *g;
	struct nlattr *nest;
	uint32_t vni = 0;
	char what[32];
	int ret;

	if (kind->filter_nest && argc == 4) {
		if (strcmp(argv[2], "vni") || parse_vni(argv[3], &vni))
			return zgc_usage_err(ctx, "show takes a device, then optionally vni VNI (0 to %u)",
					     ZGC_VNI_MAX);
	} else if (argc != 2) {
		return zgc_usage_err(ctx, kind->filter_nest ?
				     "show takes a device, then optionally vni VNI" :
				     "show takes one device");
	}
	ret = zgc_check_ifname(ctx, argv[1]);
	if (ret)
		return ret;
	g = zgc_genl_open_dev(argv[1], kind->cmd, &nlh);
	if (!g)
		return ZGC_EXIT_FAIL;
	if (argc == 4) {
		nest = mnl_attr_nest_start(nlh, kind->filter_nest);
		mnl_attr_put_u32(nlh, kind->filter_vni, vni);
		mnl_attr_nest_end(nlh, nest);
	}
	snprintf(what, sizeof(what), "%s show", ctx->cmd->name);
	ret = zgc_dump_show(ctx, g, nlh, kind, what);
	zgc_genl_close(g);
	return ret;
}

int zgc_object_cmd(struct zgcctl_ctx *ctx, int argc, char **argv,
		   int (*change)(struct zgcctl_ctx *ctx, int argc, char **argv,
				 bool add),
		   const struct zgc_dump_kind *kind)
{
	if (!argc)
		return zgc_usage_err(ctx, "give add, del or show");
	if (!strcmp(argv[0], "add"))
		return change(ctx, argc, argv, true);
	if (!strcmp(argv[0], "del"))
		return change(ctx, argc, argv, false);
	if (!strcmp(argv[0], "show"))
		return zgc_object_show_cmd(ctx, argc, argv, kind);
	return zgc_usage_err(ctx, "unknown subcommand '%s'", argv[0]);
}
