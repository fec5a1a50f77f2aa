/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Batch mode (zgcctl -b FILE): one command per line. Consecutive lines
 * that add or remove objects of one kind on one device (endpoint add,
 * acl del, ...) go to the kernel together, in one request of up to
 * ZGC_GENL_REQUEST_SIZE bytes (about 1500 endpoints); the kernel applies
 * them in order up to the first failure and points at it, and zgcctl
 * names its line. Other lines run one by one, in order.
 */
#ifndef ZGCCTL_BATCH_H
#define ZGCCTL_BATCH_H

#include <stdbool.h>
#include <stdint.h>
#include <libmnl/libmnl.h>

struct zgcctl_ctx;

/* Adds an object's nest to a request; add: with what only ADD needs. */
typedef void (*zgc_put_fn)(struct nlmsghdr *nlh, const void *obj, bool add);

/*
 * "CMD add|del DEV ...": the change of one object, put by put(), as cmd:
 * sent on its own, or added to the batch (of nests of type attr) in batch
 * mode. Return: the exit status.
 */
int zgc_object_change(struct zgcctl_ctx *ctx, uint8_t cmd, uint16_t attr,
		      char **argv, zgc_put_fn put, const void *obj, bool add);

/*
 * For a command that changes an object: the request to add the object's
 * nest (of type attr) to, for cmd on device ifname, or NULL (the batch
 * could not be sent: the error was printed). Call zgc_batch_added() after.
 */
struct nlmsghdr *zgc_batch_request(struct zgcctl_ctx *ctx, uint8_t cmd,
				   uint16_t attr, const char *ifname);
/* Return: the exit status (the batch is sent once it is nearly full). */
int zgc_batch_added(struct zgcctl_ctx *ctx);

/* Runs the commands of FILE ("-": stdin). Return: the exit status. */
int zgc_batch_run(struct zgcctl_ctx *ctx, const char *file);

#endif /* ZGCCTL_BATCH_H */
