// SPDX-License-Identifier: GPL-2.0
/*
 * libmnl plumbing of zgcctl (genl.h): the socket, the family lookup,
 * requests, replies, extended ACKs and interrupted dumps.
 */

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/zgc.h>

#include "genl.h"
#include "zgcctl.h"

/*
 * The kernel fills a dump datagram up to the size of the largest buffer
 * the socket has read with, capped just under 32 KiB: a smaller buffer
 * only costs more system calls. A doit reply is as large as its content:
 * a cluster description takes up to 64 KiB (a nest's nla_len has 16
 * bits), and a datagram larger than the buffer would be cut short.
 */
#define ZGC_GENL_REPLY_SIZE (128 * 1024)

/*
 * The version of the family this zgcctl speaks: uapi's, but for the test
 * build zgcctl-genl-next (which the selftests use to see a mismatch told).
 */
#ifndef ZGCCTL_GENL_VERSION
#define ZGCCTL_GENL_VERSION ZGC_GENL_VERSION
#endif

struct zgc_genl {
	struct mnl_socket *nl;
	uint32_t portid;
	uint32_t seq;
	uint16_t family;
	uint32_t version;	/* the kernel's family version */
	/* the ids of the multicast groups, 0 for those the kernel has not */
	uint32_t mcgrp_cluster;
	uint32_t mcgrp_config;
	/* the request in flight, to find what NLMSGERR_ATTR_OFFS points at */
	const struct nlmsghdr *req;
	/* from the extended ACK: see zgc_genl_errmsg() */
	char errmsg[256];
	uint32_t err_offs;
	uint32_t err_miss;
	bool err_miss_nest;
	union {
		struct nlmsghdr align;
		char buf[ZGC_GENL_REQUEST_SIZE];
	} tx;
	union {
		struct nlmsghdr align;
		char buf[ZGC_GENL_REPLY_SIZE];
	} rx;
};

/* One exchange: the caller's callback and data, and the socket. */
struct genl_run {
	struct zgc_genl *g;
	mnl_cb_t cb;
	void *data;
	bool end;	/* the answer's NLMSG_DONE or NLMSG_ERROR was read */
};

static const char *const zgc_attr_names[ZGC_A_MAX + 1] = {
	[ZGC_A_IFINDEX] = "ZGC_A_IFINDEX",
	[ZGC_A_IFNAME] = "ZGC_A_IFNAME",
	[ZGC_A_OVERLAY] = "ZGC_A_OVERLAY",
	[ZGC_A_PORT] = "ZGC_A_PORT",
	[ZGC_A_STATS] = "ZGC_A_STATS",
	[ZGC_A_SUBNET] = "ZGC_A_SUBNET",
	[ZGC_A_ENDPOINT] = "ZGC_A_ENDPOINT",
	[ZGC_A_FLOWS] = "ZGC_A_FLOWS",
	[ZGC_A_FLOW_TIMEOUT] = "ZGC_A_FLOW_TIMEOUT",
	[ZGC_A_FLOW_MAX] = "ZGC_A_FLOW_MAX",
	[ZGC_A_FLOW_VNI_MAX] = "ZGC_A_FLOW_VNI_MAX",
	[ZGC_A_DFT_ENTRIES] = "ZGC_A_DFT_ENTRIES",
	[ZGC_A_FLOW] = "ZGC_A_FLOW",
	[ZGC_A_ACL] = "ZGC_A_ACL",
	[ZGC_A_LOCAL] = "ZGC_A_LOCAL",
	[ZGC_A_ENTRANCES] = "ZGC_A_ENTRANCES",
	[ZGC_A_TTL] = "ZGC_A_TTL",
	[ZGC_A_DF] = "ZGC_A_DF",
	[ZGC_A_CLUSTER] = "ZGC_A_CLUSTER",
};

static void genl_attr_name(char *buf, size_t len, uint32_t type)
{
	if (type <= ZGC_A_MAX && zgc_attr_names[type])
		snprintf(buf, len, "%s", zgc_attr_names[type]);
	else
		snprintf(buf, len, "attribute %u", type);
}

/* The type of the top-level attribute of the request that holds offs. */
static int genl_req_attr_at(const struct nlmsghdr *req, uint32_t offs)
{
	const struct nlattr *attr;

	mnl_attr_for_each(attr, req, GENL_HDRLEN) {
		uint32_t start = (uint32_t)((const char *)attr -
					    (const char *)req);

		if (offs >= start && offs < start + attr->nla_len)
			return mnl_attr_get_type(attr);
	}
	return -1;
}

static int genl_extack_attr(const struct nlattr *attr, void *arg)
{
	struct zgc_genl *g = arg;

	switch (mnl_attr_get_type(attr)) {
	case NLMSGERR_ATTR_MSG:
		if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0)
			snprintf(g->errmsg, sizeof(g->errmsg), "%s",
				 mnl_attr_get_str(attr));
		break;
	case NLMSGERR_ATTR_OFFS:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) == 0)
			g->err_offs = mnl_attr_get_u32(attr);
		break;
	case NLMSGERR_ATTR_MISS_TYPE:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) == 0)
			g->err_miss = mnl_attr_get_u32(attr);
		break;
	case NLMSGERR_ATTR_MISS_NEST:
		g->err_miss_nest = true;
		break;
	}
	return MNL_CB_OK;
}

/*
 * Reads the extended ACK TLVs that start offset bytes into the payload of
 * an NLMSG_ERROR or NLMSG_DONE message (err: its errno) into errmsg: the
 * kernel's message, followed for -EINVAL and -ERANGE by the attribute it
 * pointed at, as the kernel's policy messages ("Unknown attribute type")
 * do not name it. Without a message: the attribute pointed at, or missing.
 */
static void genl_extack(struct zgc_genl *g, const struct nlmsghdr *nlh,
			size_t offset, int err)
{
	char name[32] = "";
	size_t len;
	int type;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS) ||
	    MNL_ALIGN(offset) > mnl_nlmsg_get_payload_len(nlh))
		return;
	mnl_attr_parse(nlh, (unsigned int)offset, genl_extack_attr, g);
	if (g->err_offs && g->req && g->req->nlmsg_type == g->family) {
		type = genl_req_attr_at(g->req, g->err_offs);
		if (type >= 0)
			genl_attr_name(name, sizeof(name), (uint32_t)type);
	}

	len = strlen(g->errmsg);
	if (len && name[0] && (err == -EINVAL || err == -ERANGE))
		snprintf(g->errmsg + len, sizeof(g->errmsg) - len, " (%s)",
			 name);
	else if (!len && name[0])
		snprintf(g->errmsg, sizeof(g->errmsg), "the kernel rejected %s",
			 name);
	else if (!len && g->err_miss_nest)
		snprintf(g->errmsg, sizeof(g->errmsg),
			 "nested attribute %u is missing", g->err_miss);
	else if (!len && g->err_miss) {
		genl_attr_name(name, sizeof(name), g->err_miss);
		snprintf(g->errmsg, sizeof(g->errmsg), "%s is missing", name);
	}
}

static int genl_cb_data(const struct nlmsghdr *nlh, void *arg)
{
	struct genl_run *r = arg;

	return r->cb ? r->cb(nlh, r->data) : MNL_CB_OK;
}

/* The ACK of a request, positive or negative. */
static int genl_cb_error(const struct nlmsghdr *nlh, void *arg)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	struct genl_run *r = arg;

	r->end = true;
	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*e))) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	/* Unless capped, the ACK quotes the whole request before the TLVs. */
	if (nlh->nlmsg_flags & NLM_F_CAPPED)
		genl_extack(r->g, nlh, sizeof(*e), e->error);
	else if (e->msg.nlmsg_len >= sizeof(struct nlmsghdr))
		genl_extack(r->g, nlh, sizeof(*e) + e->msg.nlmsg_len -
				       sizeof(struct nlmsghdr), e->error);
	if (!e->error)
		return MNL_CB_STOP;
	errno = e->error < 0 ? -e->error : e->error;
	return MNL_CB_ERROR;
}

/* The end of a dump: an errno, then the extended ACK TLVs. */
static int genl_cb_done(const struct nlmsghdr *nlh, void *arg)
{
	struct genl_run *r = arg;
	int err = 0;

	r->end = true;
	if (mnl_nlmsg_get_payload_len(nlh) >= sizeof(err)) {
		memcpy(&err, mnl_nlmsg_get_payload(nlh), sizeof(err));
		genl_extack(r->g, nlh, sizeof(err), err);
	}
	if (err >= 0)
		return MNL_CB_STOP;
	errno = -err;
	return MNL_CB_ERROR;
}

/* Reads the next datagram into g->rx. Return: its length, or -errno. */
static ssize_t genl_recv(struct zgc_genl *g)
{
	ssize_t len;

	do {
		len = mnl_socket_recvfrom(g->nl, g->rx.buf, sizeof(g->rx.buf));
	} while (len < 0 && errno == EINTR);
	return len < 0 ? -errno : len;
}

/*
 * After a failure in the middle of an answer (an interrupted dump, a reply
 * the callback refused): read and drop the rest of it, from the start of
 * the datagram just read as libmnl stopped somewhere in it, up to its
 * NLMSG_DONE or NLMSG_ERROR, so that the next request starts clean.
 */
static int genl_drain(struct zgc_genl *g, uint32_t seq, ssize_t len)
{
	const struct nlmsghdr *nlh;
	int left;

	for (;;) {
		left = (int)len;
		for (nlh = &g->rx.align; mnl_nlmsg_ok(nlh, left);
		     nlh = mnl_nlmsg_next(nlh, &left)) {
			if (nlh->nlmsg_seq == seq &&
			    (nlh->nlmsg_type == NLMSG_DONE ||
			     nlh->nlmsg_type == NLMSG_ERROR))
				return 0;
		}
		len = genl_recv(g);
		if (len < 0)
			return (int)len;
	}
}

/* Sends nlh and runs the answer through the callbacks to its end. */
static int genl_talk(struct zgc_genl *g, struct nlmsghdr *nlh, mnl_cb_t cb,
		     void *data)
{
	mnl_cb_t ctl[NLMSG_MIN_TYPE] = {
		[NLMSG_ERROR] = genl_cb_error,
		[NLMSG_DONE] = genl_cb_done,
	};
	struct genl_run r = { .g = g, .cb = cb, .data = data };
	uint32_t seq;
	ssize_t len;
	int ret, err;

	/* Sequence number 0 would turn off libmnl's check of replies. */
	if (!++g->seq)
		++g->seq;
	seq = nlh->nlmsg_seq = g->seq;
	g->req = nlh;
	g->errmsg[0] = '\0';
	g->err_offs = 0;
	g->err_miss = 0;
	g->err_miss_nest = false;

	if (mnl_socket_sendto(g->nl, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	do {
		len = genl_recv(g);
		if (len < 0)
			return (int)len;
		/* libmnl: NLM_F_DUMP_INTR is an error, with errno EINTR. */
		errno = 0;
		ret = mnl_cb_run2(g->rx.buf, (size_t)len, seq, g->portid,
				  genl_cb_data, &r, ctl, ARRAY_SIZE(ctl));
	} while (ret > MNL_CB_STOP);

	if (ret < MNL_CB_STOP) {
		err = errno ? -errno : -EIO;
		if (!r.end) {
			ret = genl_drain(g, seq, len);
			if (ret)
				return ret;
		}
		return err;
	}
	/* Success can come with a message: a warning. */
	if (g->errmsg[0])
		zgc_warn("%s", g->errmsg);
	return 0;
}

struct nlmsghdr *zgc_genl_request(struct zgc_genl *g, uint8_t cmd)
{
	struct genlmsghdr *genl;
	struct nlmsghdr *nlh;

	nlh = mnl_nlmsg_put_header(g->tx.buf);
	nlh->nlmsg_type = g->family;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = ZGCCTL_GENL_VERSION;
	return nlh;
}

struct zgc_genl *zgc_genl_open_dev(const char *ifname, uint8_t cmd,
				   struct nlmsghdr **nlh)
{
	struct zgc_genl *g = zgc_genl_open();

	if (!g)
		return NULL;
	*nlh = zgc_genl_request(g, cmd);
	mnl_attr_put_strz(*nlh, ZGC_A_IFNAME, ifname);
	return g;
}

int zgc_genl_doit(struct zgc_genl *g, struct nlmsghdr *nlh, mnl_cb_t cb,
		  void *data)
{
	nlh->nlmsg_flags |= NLM_F_ACK;
	return genl_talk(g, nlh, cb, data);
}

int zgc_genl_dump(struct zgc_genl *g, struct nlmsghdr *nlh, mnl_cb_t cb,
		  void (*restart)(void *data), void *data)
{
	int err = -EINTR;
	int i;

	nlh->nlmsg_flags |= NLM_F_DUMP;
	for (i = 0; i < ZGC_GENL_DUMP_TRIES && err == -EINTR; i++) {
		if (i && restart)
			restart(data);
		err = genl_talk(g, nlh, cb, data);
	}
	if (err == -EINTR)
		snprintf(g->errmsg, sizeof(g->errmsg),
			 "the dump was interrupted by changes %d times in a row",
			 ZGC_GENL_DUMP_TRIES);
	return err;
}

const char *zgc_genl_errmsg(const struct zgc_genl *g)
{
	return g->errmsg[0] ? g->errmsg : NULL;
}

uint32_t zgc_genl_err_offset(const struct zgc_genl *g)
{
	return g->err_offs;
}

static int genl_attr_cb(const struct nlattr *attr, void *arg)
{
	const struct zgc_genl_attrs *a = arg;
	uint16_t type = mnl_attr_get_type(attr);

	if (type > a->max || a->policy[type] == MNL_TYPE_UNSPEC)
		return MNL_CB_OK;
	if (mnl_attr_validate(attr, a->policy[type]) < 0) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	a->tb[type] = attr;
	return MNL_CB_OK;
}

int zgc_genl_parse(const struct nlmsghdr *nlh, struct zgc_genl_attrs *a)
{
	const struct genlmsghdr *genl = mnl_nlmsg_get_payload(nlh);

	if (mnl_nlmsg_get_payload_len(nlh) < GENL_HDRLEN ||
	    mnl_attr_parse(nlh, GENL_HDRLEN, genl_attr_cb, a) < 0) {
		errno = EBADMSG;
		return -1;
	}
	return genl->cmd;
}

int zgc_genl_parse_nested(const struct nlattr *nest, struct zgc_genl_attrs *a)
{
	if (mnl_attr_parse_nested(nest, genl_attr_cb, a) < 0) {
		errno = EBADMSG;
		return -1;
	}
	return 0;
}

/* One of CTRL_ATTR_MCAST_GROUPS: the id of the group "cluster" or "config". */
static int genl_mcgrp_cb(const struct nlattr *nest, void *data)
{
	static const enum mnl_attr_data_type policy[CTRL_ATTR_MCAST_GRP_MAX + 1] = {
		[CTRL_ATTR_MCAST_GRP_NAME] = MNL_TYPE_NUL_STRING,
		[CTRL_ATTR_MCAST_GRP_ID] = MNL_TYPE_U32,
	};
	const struct nlattr *tb[CTRL_ATTR_MCAST_GRP_MAX + 1] = { NULL };
	struct zgc_genl_attrs a = { .policy = policy,
				    .max = CTRL_ATTR_MCAST_GRP_MAX, .tb = tb };
	struct zgc_genl *g = data;

	const char *name;

	if (zgc_genl_parse_nested(nest, &a) || !tb[CTRL_ATTR_MCAST_GRP_NAME] ||
	    !tb[CTRL_ATTR_MCAST_GRP_ID])
		return MNL_CB_OK;
	name = mnl_attr_get_str(tb[CTRL_ATTR_MCAST_GRP_NAME]);
	if (!strcmp(name, ZGC_GENL_MCGRP_CLUSTER))
		g->mcgrp_cluster = mnl_attr_get_u32(tb[CTRL_ATTR_MCAST_GRP_ID]);
	else if (!strcmp(name, ZGC_GENL_MCGRP_CONFIG))
		g->mcgrp_config = mnl_attr_get_u32(tb[CTRL_ATTR_MCAST_GRP_ID]);
	return MNL_CB_OK;
}

/* The answer to CTRL_CMD_GETFAMILY: the family's id, version and groups. */
static int genl_family_cb(const struct nlmsghdr *nlh, void *data)
{
	static const enum mnl_attr_data_type policy[CTRL_ATTR_MAX + 1] = {
		[CTRL_ATTR_FAMILY_ID] = MNL_TYPE_U16,
		[CTRL_ATTR_FAMILY_NAME] = MNL_TYPE_NUL_STRING,
		[CTRL_ATTR_VERSION] = MNL_TYPE_U32,
		[CTRL_ATTR_MCAST_GROUPS] = MNL_TYPE_NESTED,
	};
	const struct nlattr *tb[CTRL_ATTR_MAX + 1] = { NULL };
	struct zgc_genl_attrs a = { .policy = policy, .max = CTRL_ATTR_MAX,
			       .tb = tb };
	struct zgc_genl *g = data;

	if (zgc_genl_parse(nlh, &a) < 0)
		return MNL_CB_ERROR;
	if (!tb[CTRL_ATTR_FAMILY_ID] || !tb[CTRL_ATTR_FAMILY_NAME] ||
	    !tb[CTRL_ATTR_VERSION] ||
	    strcmp(mnl_attr_get_str(tb[CTRL_ATTR_FAMILY_NAME]), ZGC_GENL_NAME)) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	g->family = mnl_attr_get_u16(tb[CTRL_ATTR_FAMILY_ID]);
	g->version = mnl_attr_get_u32(tb[CTRL_ATTR_VERSION]);
	if (tb[CTRL_ATTR_MCAST_GROUPS])
		mnl_attr_parse_nested(tb[CTRL_ATTR_MCAST_GROUPS],
				      genl_mcgrp_cb, g);
	return MNL_CB_OK;
}

static int genl_resolve(struct zgc_genl *g)
{
	struct genlmsghdr *genl;
	struct nlmsghdr *nlh;

	nlh = mnl_nlmsg_put_header(g->tx.buf);
	nlh->nlmsg_type = GENL_ID_CTRL;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = CTRL_CMD_GETFAMILY;
	genl->version = 1;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, ZGC_GENL_NAME);
	return genl_talk(g, nlh, genl_family_cb, g);
}

struct zgc_genl *zgc_genl_open(void)
{
	struct zgc_genl *g;
	int one = 1;
	int err;

	g = calloc(1, sizeof(*g));
	if (!g) {
		zgc_err("%s", strerror(errno));
		return NULL;
	}
	g->nl = mnl_socket_open(NETLINK_GENERIC);
	if (!g->nl) {
		zgc_err("netlink socket: %s", strerror(errno));
		goto fail;
	}
	/* Best effort: without them (Linux < 4.12) errors say less. */
	mnl_socket_setsockopt(g->nl, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(g->nl, NETLINK_CAP_ACK, &one, sizeof(one));
	if (mnl_socket_bind(g->nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		zgc_err("netlink socket: %s", strerror(errno));
		goto fail;
	}
	g->portid = mnl_socket_get_portid(g->nl);
	g->seq = (uint32_t)time(NULL);

	err = genl_resolve(g);
	if (err == -ENOENT) {
		zgc_err("the zgc kernel module is not loaded (no Generic Netlink family \"%s\"); load it with: modprobe zgc",
			ZGC_GENL_NAME);
		goto fail;
	}
	if (err) {
		zgc_err("Generic Netlink family \"%s\": %s%s%s", ZGC_GENL_NAME,
			strerror(-err), g->errmsg[0] ? ": " : "", g->errmsg);
		goto fail;
	}
	/*
	 * The version rises only with a change old peers cannot follow:
	 * zgcctl talks to its own version only.
	 */
	if (g->version != ZGCCTL_GENL_VERSION) {
		zgc_err("the zgc kernel module speaks version %u of the Generic Netlink family \"%s\", this zgcctl version %u: use the zgcctl of the module's release",
			g->version, ZGC_GENL_NAME, ZGCCTL_GENL_VERSION);
		goto fail;
	}
	return g;

fail:
	zgc_genl_close(g);
	return NULL;
}

void zgc_genl_close(struct zgc_genl *g)
{
	if (!g)
		return;
	if (g->nl)
		mnl_socket_close(g->nl);
	free(g);
}

int zgc_genl_join(struct zgc_genl *g, const char *name)
{
	int grp = (int)(strcmp(name, ZGC_GENL_MCGRP_CONFIG) ?
			g->mcgrp_cluster : g->mcgrp_config);

	if (!grp)
		return -EOPNOTSUPP;
	if (mnl_socket_setsockopt(g->nl, NETLINK_ADD_MEMBERSHIP, &grp,
				  sizeof(grp)) < 0)
		return -errno;
	return 0;
}

int zgc_genl_listen(struct zgc_genl *g, mnl_cb_t cb, void *data)
{
	ssize_t len;
	int ret;

	for (;;) {
		len = genl_recv(g);
		if (len < 0)
			return (int)len;
		/* Events have sequence number 0 and port id 0. */
		ret = mnl_cb_run(g->rx.buf, (size_t)len, 0, 0, cb, data);
		if (ret < MNL_CB_STOP)
			return errno ? -errno : -EIO;
		if (ret == MNL_CB_STOP)
			return 0;
	}
}
