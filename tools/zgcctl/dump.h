/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Showing the objects of a genl dump: collected as rows, checked, sorted
 * for people (the kernel lists them by hash) and printed as text or JSON.
 */
#ifndef ZGCCTL_DUMP_H
#define ZGCCTL_DUMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <libmnl/libmnl.h>

#include "json.h"

struct zgc_genl;
struct zgcctl_ctx;

/* What one kind of object needs to be shown. */
struct zgc_dump_kind {
	unsigned char cmd;	/* the genl command of its replies */
	size_t row_size;	/* bytes of its row structure */
	/*
	 * Fills row from one reply of cmd.
	 * Return: 0, or -1 when the reply is malformed.
	 */
	int (*parse)(const struct nlmsghdr *nlh, void *row);
	int (*cmp)(const void *a, const void *b);	/* qsort() order */
	void (*print)(struct printer *p, const void *row);
	/*
	 * zgcctl save: the command that makes a row again ("subnet add"),
	 * written before DEV and the row as print() writes it in plain
	 * text; or, when that is not how print() writes it, save(), which
	 * writes the whole line.
	 */
	const char *save_cmd;
	void (*save)(FILE *f, const char *ifname, const void *row);
	/*
	 * show DEV vni VNI: the kernel filters the dump by the VNI put as
	 * filter_vni in a filter_nest (0: show takes no filter).
	 */
	uint16_t filter_nest, filter_vni;
};

/* What zgcctl save writes back, in this order (a tenant needs a subnet). */
extern const struct zgc_dump_kind zgc_subnet_kind, zgc_tenant_kind,
	zgc_endpoint_kind, zgc_acl_kind, zgc_service_kind, zgc_host_kind;

/*
 * Runs the dump request nlh (built with zgc_genl_request()) and prints
 * its rows, in kind's order, as ctx asks (-j, -p).
 * Return: the exit status; on failure the message names what.
 */
int zgc_dump_show(const struct zgcctl_ctx *ctx, struct zgc_genl *g,
		  struct nlmsghdr *nlh, const struct zgc_dump_kind *kind,
		  const char *what);

/*
 * Dumps kind's objects of ifname and writes, for each, the zgcctl command
 * that makes it (kind->save_cmd or kind->save) to f.
 * Return: the exit status; on failure the message names what.
 */
int zgc_dump_save(struct zgc_genl *g, struct nlmsghdr *nlh,
		  const struct zgc_dump_kind *kind, const char *ifname,
		  FILE *f);

/*
 * zgcctl OBJECT add|del|show DEV ...: add and del go to change(), show
 * (argv: "show DEV") dumps kind's objects of DEV.
 * Return: the exit status.
 */
/* OBJECT show DEV, for commands of their own. */
int zgc_object_show_cmd(struct zgcctl_ctx *ctx, int argc, char **argv,
			const struct zgc_dump_kind *kind);
int zgc_object_cmd(struct zgcctl_ctx *ctx, int argc, char **argv,
		   int (*change)(struct zgcctl_ctx *ctx, int argc, char **argv,
				 bool add),
		   const struct zgc_dump_kind *kind);

#endif /* ZGCCTL_DUMP_H */
