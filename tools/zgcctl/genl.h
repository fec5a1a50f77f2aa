/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Talking to the Generic Netlink family "zgc" with libmnl: one socket,
 * one request at a time, the kernel's extended ACK kept for the caller.
 */
#ifndef ZGCCTL_GENL_H
#define ZGCCTL_GENL_H

#include <stdint.h>
#include <libmnl/libmnl.h>

struct zgc_genl;

/*
 * Opens a socket and looks the family up (the kernel loads the zgc module
 * for it when it can). On failure says why on stderr and returns NULL.
 */
struct zgc_genl *zgc_genl_open(void);
void zgc_genl_close(struct zgc_genl *g);

/*
 * Starts a request for cmd in the socket's buffer; add attributes with
 * mnl_attr_put_*(). The buffer has room for ZGC_GENL_REQUEST_SIZE bytes:
 * a few small attributes, or a batch of objects (batch.c).
 */
#define ZGC_GENL_REQUEST_SIZE 65536
struct nlmsghdr *zgc_genl_request(struct zgc_genl *g, uint8_t cmd);

/*
 * zgc_genl_open(), then a request for cmd about the device ifname (its
 * ZGC_A_IFNAME put), in *nlh. Return: the socket, or NULL as
 * zgc_genl_open().
 */
struct zgc_genl *zgc_genl_open_dev(const char *ifname, uint8_t cmd,
				   struct nlmsghdr **nlh);

/*
 * Send the request and read the answer: cb (may be NULL) runs for every
 * reply message, with data. A doit waits for the kernel's ACK; a dump
 * reads to its end and, when the kernel flags it NLM_F_DUMP_INTR (the
 * objects changed under it), runs again from the start up to
 * ZGC_GENL_DUMP_TRIES times, calling restart(data) first so the caller can
 * forget what the interrupted run gave it.
 *
 * A callback that returns MNL_CB_ERROR must set errno.
 *
 * Return: 0, or a negative errno; zgc_genl_errmsg() then says more.
 */
#define ZGC_GENL_DUMP_TRIES 10
int zgc_genl_doit(struct zgc_genl *g, struct nlmsghdr *nlh, mnl_cb_t cb,
		  void *data);
int zgc_genl_dump(struct zgc_genl *g, struct nlmsghdr *nlh, mnl_cb_t cb,
		  void (*restart)(void *data), void *data);

/*
 * What the kernel said about the last failed request, or NULL: its
 * extended ACK message, followed by the name of the attribute it pointed
 * at when the message is a generic one (-EINVAL, -ERANGE); without a
 * message, which attribute it rejected or found missing.
 */
const char *zgc_genl_errmsg(const struct zgc_genl *g);

/*
 * Where in the last failed request the kernel pointed (NLMSGERR_ATTR_OFFS:
 * bytes from its netlink header), or 0.
 */
uint32_t zgc_genl_err_offset(const struct zgc_genl *g);

/*
 * Parsing replies: policy[type] is the libmnl type of each attribute the
 * caller knows, MNL_TYPE_UNSPEC for the others. Attributes above max or
 * without a type are ignored, so replies of a newer kernel still parse.
 * tb must have max + 1 entries and be zeroed.
 */
struct zgc_genl_attrs {
	const enum mnl_attr_data_type *policy;
	unsigned int max;
	const struct nlattr **tb;
};

/*
 * Parses the attributes of a genl message.
 * Return: its genl command, or -1 with errno EBADMSG when the message is
 * malformed (too short, or an attribute of the wrong size).
 */
int zgc_genl_parse(const struct nlmsghdr *nlh, struct zgc_genl_attrs *a);

/* The same for the attributes nested in nest. Return: 0 or -1 (EBADMSG). */
int zgc_genl_parse_nested(const struct nlattr *nest, struct zgc_genl_attrs *a);

/*
 * Joins the family's multicast group name: ZGC_GENL_MCGRP_CLUSTER or
 * ZGC_GENL_MCGRP_CONFIG.
 * Return: 0, -EOPNOTSUPP when the kernel's family has no such group (an
 * older module), or another negative errno.
 */
int zgc_genl_join(struct zgc_genl *g, const char *name);

/*
 * Reads events until cb returns MNL_CB_STOP (then 0) or MNL_CB_ERROR, or
 * the socket fails (then a negative errno; -ENOBUFS: events were lost
 * because they were read too slowly).
 */
int zgc_genl_listen(struct zgc_genl *g, mnl_cb_t cb, void *data);

#endif /* ZGCCTL_GENL_H */
