// SPDX-License-Identifier: GPL-2.0
/*
 * Raw netlink against zgc: the link kind's IFLA_ZGC_* attributes through
 * rtnetlink and the "zgc" Generic Netlink family, including what a buggy
 * or hostile client sends. Every test runs in a network namespace of its
 * own (the harness forks one child per test).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <sched.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <libmnl/libmnl.h>
#include <linux/capability.h>
#include <linux/genetlink.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/zgc.h>

#include "kselftest_harness.h"

#define NL_BUF_SIZE 8192
#define MAX_DEVS 512

struct zgc_info {
	uint32_t ifindex;
	char ifname[IFNAMSIZ];
	int overlay;
	int port;
};

struct nl {
	struct mnl_socket *sk;
	unsigned int portid;
	unsigned int seq;
	char extack[256];
	uint32_t extack_off;
	bool dump_intr;
	int chunks;
	char buf[NL_BUF_SIZE];
};

/* What the callbacks of one request fill in. */
struct nl_ctx {
	struct nl *nl;
	struct zgc_info *devs;
	int ndevs;
	int family;
	/* A tenant dump: how many, and the last one's attributes. */
	int ntenants;
	uint32_t tenant[ZGC_TENANT_A_MAX + 1];
};

static int nl_open(struct nl *nl, int bus)
{
	int one = 1;

	memset(nl, 0, sizeof(*nl));
	nl->sk = mnl_socket_open(bus);
	if (!nl->sk)
		return -errno;
	mnl_socket_setsockopt(nl->sk, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(nl->sk, NETLINK_CAP_ACK, &one, sizeof(one));
	if (mnl_socket_bind(nl->sk, 0, MNL_SOCKET_AUTOPID) < 0)
		return -errno;
	nl->portid = mnl_socket_get_portid(nl->sk);
	return 0;
}

static void nl_close(struct nl *nl)
{
	if (nl->sk)
		mnl_socket_close(nl->sk);
	nl->sk = NULL;
}

static void nl_extack(struct nl *nl, const struct nlmsghdr *nlh,
		      unsigned int off)
{
	const struct nlattr *attr;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	mnl_attr_for_each(attr, nlh, off) {
		if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG)
			snprintf(nl->extack, sizeof(nl->extack), "%s",
				 mnl_attr_get_str(attr));
		else if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_OFFS)
			nl->extack_off = mnl_attr_get_u32(attr);
	}
}

/*
 * NLMSG_ERROR and NLMSG_DONE: keep the extended ACK, return the error. A
 * dump's NLMSG_DONE carries an int errno, then the extended ACK.
 */
static int nl_ctl_cb(const struct nlmsghdr *nlh, void *data)
{
	struct nl *nl = ((struct nl_ctx *)data)->nl;
	const struct nlmsgerr *e;
	unsigned int off;
	int err = 0;

	if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
		nl->dump_intr = true;
	if (nlh->nlmsg_type == NLMSG_DONE) {
		if (mnl_nlmsg_get_payload_len(nlh) >= sizeof(err)) {
			memcpy(&err, mnl_nlmsg_get_payload(nlh), sizeof(err));
			nl_extack(nl, nlh, sizeof(err));
		}
		if (!err)
			return MNL_CB_STOP;
		errno = -err;
		return MNL_CB_ERROR;
	}
	if (nlh->nlmsg_type != NLMSG_ERROR)
		return MNL_CB_OK;
	e = mnl_nlmsg_get_payload(nlh);
	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*e))) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	off = sizeof(*e);
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - sizeof(struct nlmsghdr);
	nl_extack(nl, nlh, off);
	if (e->error) {
		errno = -e->error;
		return MNL_CB_ERROR;
	}
	return MNL_CB_STOP;
}

static mnl_cb_t nl_ctl_cbs[NLMSG_MIN_TYPE] = {
	[NLMSG_ERROR] = nl_ctl_cb,
	[NLMSG_DONE] = nl_ctl_cb,
};

static int nl_send(struct nl *nl, struct nlmsghdr *nlh)
{
	nlh->nlmsg_seq = ++nl->seq;
	nl->extack[0] = '\0';
	nl->extack_off = 0;
	nl->dump_intr = false;
	nl->chunks = 0;
	if (mnl_socket_sendto(nl->sk, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	return 0;
}

/* Read up to @max_chunks datagrams (0: until the answer is complete). */
static int nl_recv(struct nl *nl, mnl_cb_t cb, struct nl_ctx *ctx,
		   int max_chunks, bool *done)
{
	int ret = MNL_CB_OK;
	ssize_t n;

	*done = false;
	while (!max_chunks || nl->chunks < max_chunks) {
		n = mnl_socket_recvfrom(nl->sk, nl->buf, sizeof(nl->buf));
		if (n < 0)
			return -errno;
		nl->chunks++;
		ret = mnl_cb_run2(nl->buf, n, nl->seq, nl->portid, cb, ctx,
				  nl_ctl_cbs, NLMSG_MIN_TYPE);
		if (ret <= MNL_CB_STOP)
			break;
	}
	if (ret == MNL_CB_ERROR)
		return -errno;
	*done = ret == MNL_CB_STOP;
	return 0;
}

static int nl_talk(struct nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb,
		   struct nl_ctx *ctx)
{
	struct nl_ctx none = { .nl = nl };
	bool done;
	int err;

	if (!ctx)
		ctx = &none;
	ctx->nl = nl;
	/* NLM_F_EXCL shares its bit with NLM_F_MATCH: test both dump bits. */
	if ((nlh->nlmsg_flags & NLM_F_DUMP) != NLM_F_DUMP)
		nlh->nlmsg_flags |= NLM_F_ACK;
	err = nl_send(nl, nlh);
	if (err)
		return err;
	return nl_recv(nl, cb, ctx, 0, &done);
}

static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	struct nl_ctx *ctx = data;
	const struct nlattr *attr;

	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr))
		if (mnl_attr_get_type(attr) == CTRL_ATTR_FAMILY_ID)
			ctx->family = mnl_attr_get_u16(attr);
	return MNL_CB_OK;
}

static struct nlmsghdr *genl_msg(char *buf, uint16_t type, uint8_t cmd,
				 uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *g;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = type == GENL_ID_CTRL ? 1 : ZGC_GENL_VERSION;
	return nlh;
}

static int zgc_family(struct nl *gn)
{
	char buf[256];
	struct nlmsghdr *nlh = genl_msg(buf, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 0);
	struct nl_ctx ctx = {};
	int err;

	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, ZGC_GENL_NAME);
	err = nl_talk(gn, nlh, family_cb, &ctx);
	return err ?: ctx.family;
}

/* Parse one ZGC_CMD_DEV_GET reply into ctx->devs. */
static int dev_cb(const struct nlmsghdr *nlh, void *data)
{
	struct nl_ctx *ctx = data;
	struct zgc_info *d;
	const struct nlattr *attr;

	if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
		ctx->nl->dump_intr = true;
	if (ctx->ndevs >= MAX_DEVS)
		return MNL_CB_ERROR;
	d = &ctx->devs[ctx->ndevs++];
	memset(d, 0, sizeof(*d));
	d->overlay = -1;
	d->port = -1;
	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		switch (mnl_attr_get_type(attr)) {
		case ZGC_A_IFINDEX:
			d->ifindex = mnl_attr_get_u32(attr);
			break;
		case ZGC_A_IFNAME:
			snprintf(d->ifname, sizeof(d->ifname), "%s",
				 mnl_attr_get_str(attr));
			break;
		case ZGC_A_OVERLAY:
			d->overlay = mnl_attr_get_u8(attr);
			break;
		case ZGC_A_PORT:
			d->port = mnl_attr_get_u16(attr);
			break;
		}
	}
	return MNL_CB_OK;
}

/* RTM_NEWLINK of kind zgc; overlay/port < 0 are left out. */
static int link_add(struct nl *rt, const char *name, int overlay, int port)
{
	char buf[512];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct nlattr *linkinfo, *data;
	struct ifinfomsg *ifm;

	nlh->nlmsg_type = RTM_NEWLINK;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL;
	ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	linkinfo = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "zgc");
	data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
	if (overlay >= 0)
		mnl_attr_put_u8(nlh, IFLA_ZGC_OVERLAY, overlay);
	if (port >= 0)
		mnl_attr_put_u16(nlh, IFLA_ZGC_PORT, port);
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, linkinfo);
	return nl_talk(rt, nlh, NULL, NULL);
}

static int rt_info_cb(const struct nlattr *attr, void *data)
{
	struct zgc_info *d = data;

	if (mnl_attr_get_type(attr) == IFLA_ZGC_OVERLAY)
		d->overlay = mnl_attr_get_u8(attr);
	else if (mnl_attr_get_type(attr) == IFLA_ZGC_PORT)
		d->port = mnl_attr_get_u16(attr);
	return MNL_CB_OK;
}

static int rt_link_cb(const struct nlmsghdr *nlh, void *data)
{
	struct nl_ctx *ctx = data;
	struct zgc_info *d = &ctx->devs[ctx->ndevs++];
	const struct nlattr *attr, *info;

	d->overlay = -1;
	d->port = -1;
	mnl_attr_for_each(attr, nlh, sizeof(struct ifinfomsg)) {
		if (mnl_attr_get_type(attr) != IFLA_LINKINFO)
			continue;
		mnl_attr_for_each_nested(info, attr)
			if (mnl_attr_get_type(info) == IFLA_INFO_DATA)
				mnl_attr_parse_nested(info, rt_info_cb, d);
	}
	return MNL_CB_OK;
}

/* What RTM_GETLINK reports in IFLA_INFO_DATA of one device. */
static int link_get(struct nl *rt, const char *name, struct zgc_info *d)
{
	char buf[256];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct nl_ctx ctx = { .devs = d };
	struct ifinfomsg *ifm;

	nlh->nlmsg_type = RTM_GETLINK;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	return nl_talk(rt, nlh, rt_link_cb, &ctx);
}

FIXTURE(zgc) {
	struct nl rt;
	struct nl gn;
	int family;
	char buf[NL_BUF_SIZE];
	struct zgc_info devs[MAX_DEVS];
};

FIXTURE_SETUP(zgc)
{
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	ASSERT_EQ(0, nl_open(&self->rt, NETLINK_ROUTE));
	ASSERT_EQ(0, nl_open(&self->gn, NETLINK_GENERIC));
	self->family = zgc_family(&self->gn);
	ASSERT_LT(0, self->family) TH_LOG("family zgc: %s", strerror(-self->family));
}

FIXTURE_TEARDOWN(zgc)
{
	nl_close(&self->gn);
	nl_close(&self->rt);
}

/* A GET doit naming the device by ifindex and/or name. */
static int dev_get(FIXTURE_DATA(zgc) *self, unsigned int ifindex, const char *name,
		   struct zgc_info *out)
{
	struct nlmsghdr *nlh = genl_msg(self->buf, self->family,
					ZGC_CMD_DEV_GET, 0);
	struct nl_ctx ctx = { .devs = self->devs };
	int err;

	if (ifindex)
		mnl_attr_put_u32(nlh, ZGC_A_IFINDEX, ifindex);
	if (name)
		mnl_attr_put_strz(nlh, ZGC_A_IFNAME, name);
	err = nl_talk(&self->gn, nlh, dev_cb, &ctx);
	if (!err && ctx.ndevs != 1)
		return -EPROTO;
	if (!err && out)
		*out = self->devs[0];
	return err;
}

static int dev_dump(FIXTURE_DATA(zgc) *self)
{
	struct nlmsghdr *nlh = genl_msg(self->buf, self->family,
					ZGC_CMD_DEV_GET, NLM_F_DUMP);
	struct nl_ctx ctx = { .devs = self->devs };
	int err;

	err = nl_talk(&self->gn, nlh, dev_cb, &ctx);
	return err ?: ctx.ndevs;
}

TEST_F(zgc, link_options_roundtrip)
{
	struct zgc_info d;

	ASSERT_EQ(0, link_add(&self->rt, "zgc0", -1, -1));
	ASSERT_EQ(0, link_get(&self->rt, "zgc0", &d));
	EXPECT_EQ(ZGC_OVERLAY_GENEVE, d.overlay);
	EXPECT_EQ(ZGC_GENEVE_PORT, d.port);

	/* The overlay alone brings its IANA port. */
	ASSERT_EQ(0, link_add(&self->rt, "zgc1", ZGC_OVERLAY_VXLAN, -1));
	ASSERT_EQ(0, link_get(&self->rt, "zgc1", &d));
	EXPECT_EQ(ZGC_OVERLAY_VXLAN, d.overlay);
	EXPECT_EQ(ZGC_VXLAN_PORT, d.port);

	ASSERT_EQ(0, link_add(&self->rt, "zgc2", ZGC_OVERLAY_GENEVE, 16081));
	ASSERT_EQ(0, dev_get(self, 0, "zgc2", &d));
	EXPECT_EQ(ZGC_OVERLAY_GENEVE, d.overlay);
	EXPECT_EQ(16081, d.port);
	EXPECT_EQ(if_nametoindex("zgc2"), d.ifindex);
}

TEST_F(zgc, link_bad_options)
{
	EXPECT_EQ(-ERANGE, link_add(&self->rt, "zgc0", ZGC_OVERLAY_MAX + 1, -1));
	EXPECT_NE(0, self->rt.extack[0]);
	EXPECT_EQ(-ERANGE, link_add(&self->rt, "zgc0", 0, -1));
	EXPECT_EQ(-ERANGE, link_add(&self->rt, "zgc0", -1, 0));
	EXPECT_NE(0, self->rt.extack[0]);
	EXPECT_EQ(0U, if_nametoindex("zgc0"));

	ASSERT_EQ(0, link_add(&self->rt, "zgc0", -1, 7000));
	EXPECT_EQ(-EADDRINUSE, link_add(&self->rt, "zgc1", ZGC_OVERLAY_VXLAN, 7000));
	EXPECT_STREQ("another zgc device in this namespace uses this UDP port",
		     self->rt.extack);
}

TEST_F(zgc, get_by_ifindex_and_name)
{
	struct zgc_info d;
	unsigned int ifindex;

	ASSERT_EQ(0, link_add(&self->rt, "zgc0", ZGC_OVERLAY_VXLAN, 9999));
	ifindex = if_nametoindex("zgc0");
	ASSERT_NE(0, ifindex);

	ASSERT_EQ(0, dev_get(self, ifindex, NULL, &d));
	EXPECT_STREQ("zgc0", d.ifname);
	EXPECT_EQ(ZGC_OVERLAY_VXLAN, d.overlay);
	EXPECT_EQ(9999, d.port);

	ASSERT_EQ(0, dev_get(self, ifindex, "zgc0", &d));
	EXPECT_EQ(ifindex, d.ifindex);
}

TEST_F(zgc, get_missing_device)
{
	EXPECT_EQ(-EINVAL, dev_get(self, 0, NULL, NULL));
	EXPECT_STREQ("no device given: set ZGC_A_IFINDEX or ZGC_A_IFNAME",
		     self->gn.extack);
	EXPECT_EQ(-ENODEV, dev_get(self, 0, "zgc7", NULL));
	EXPECT_STREQ("no device with this name", self->gn.extack);
	EXPECT_NE(0U, self->gn.extack_off);
	EXPECT_EQ(-ENODEV, dev_get(self, 4242, NULL, NULL));
	EXPECT_STREQ("no device with this ifindex", self->gn.extack);
}

TEST_F(zgc, get_not_zgc)
{
	EXPECT_EQ(-EOPNOTSUPP, dev_get(self, 0, "lo", NULL));
	EXPECT_STREQ("not a zgc device", self->gn.extack);
}

TEST_F(zgc, get_ifindex_name_mismatch)
{
	ASSERT_EQ(0, link_add(&self->rt, "zgc0", -1, -1));
	EXPECT_EQ(-EINVAL, dev_get(self, if_nametoindex("lo"), "zgc0", NULL));
	EXPECT_STREQ("ZGC_A_IFINDEX and ZGC_A_IFNAME name different devices",
		     self->gn.extack);
}

/* Attributes the kernel does not know, or the command does not take. */
TEST_F(zgc, reject_unknown_attribute)
{
	struct nlmsghdr *nlh;

	ASSERT_EQ(0, link_add(&self->rt, "zgc0", -1, -1));

	nlh = genl_msg(self->buf, self->family, ZGC_CMD_DEV_GET, 0);
	mnl_attr_put_strz(nlh, ZGC_A_IFNAME, "zgc0");
	mnl_attr_put_u32(nlh, ZGC_A_MAX + 1, 1);
	EXPECT_EQ(-EINVAL, nl_talk(&self->gn, nlh, dev_cb,
				   &(struct nl_ctx){ .devs = self->devs }));
	EXPECT_NE(0, self->gn.extack[0]);
	TH_LOG("unknown attribute: %s", self->gn.extack);

	/* ZGC_A_PORT is known, but GET does not take it. */
	nlh = genl_msg(self->buf, self->family, ZGC_CMD_DEV_GET, 0);
	mnl_attr_put_strz(nlh, ZGC_A_IFNAME, "zgc0");
	mnl_attr_put_u16(nlh, ZGC_A_PORT, 1);
	EXPECT_EQ(-EINVAL, nl_talk(&self->gn, nlh, dev_cb,
				   &(struct nl_ctx){ .devs = self->devs }));
	EXPECT_NE(0, self->gn.extack[0]);

	/* Nor does a dump take any attribute. */
	nlh = genl_msg(self->buf, self->family, ZGC_CMD_DEV_GET, NLM_F_DUMP);
	mnl_attr_put_u32(nlh, ZGC_A_IFINDEX, 1);
	EXPECT_EQ(-EINVAL, nl_talk(&self->gn, nlh, dev_cb,
				   &(struct nl_ctx){ .devs = self->devs }));
	EXPECT_STREQ("a device dump takes no attributes", self->gn.extack);

	/* Commands the family does not have. */
	nlh = genl_msg(self->buf, self->family, ZGC_CMD_MAX + 1, 0);
	EXPECT_EQ(-EOPNOTSUPP, nl_talk(&self->gn, nlh, NULL, NULL));
	/* Nor is an event a request. */
	nlh = genl_msg(self->buf, self->family, ZGC_CMD_MEMBER_NTF, 0);
	EXPECT_EQ(-EOPNOTSUPP, nl_talk(&self->gn, nlh, NULL, NULL));
}

TEST_F(zgc, reject_wrong_types)
{
	struct nlmsghdr *nlh;
	uint16_t short_ifindex = 1;
	char long_name[IFNAMSIZ + 4];

	ASSERT_EQ(0, link_add(&self->rt, "zgc0", -1, -1));

	nlh = genl_msg(self->buf, self->family, ZGC_CMD_DEV_GET, 0);
	mnl_attr_put(nlh, ZGC_A_IFINDEX, sizeof(short_ifindex), &short_ifindex);
	EXPECT_EQ(-EINVAL, nl_talk(&self->gn, nlh, dev_cb,
				   &(struct nl_ctx){ .devs = self->devs }));
	EXPECT_NE(0, self->gn.extack[0]);
	TH_LOG("2-byte ifindex: %s", self->gn.extack);

	/* A name without its terminating NUL. */
	nlh = genl_msg(self->buf, self->family, ZGC_CMD_DEV_GET, 0);
	mnl_attr_put(nlh, ZGC_A_IFNAME, 4, "zgc0");
	EXPECT_EQ(-EINVAL, nl_talk(&self->gn, nlh, dev_cb,
				   &(struct nl_ctx){ .devs = self->devs }));
	EXPECT_NE(0, self->gn.extack[0]);

	memset(long_name, 'z', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';
	nlh = genl_msg(self->buf, self->family, ZGC_CMD_DEV_GET, 0);
	mnl_attr_put_strz(nlh, ZGC_A_IFNAME, long_name);
	EXPECT_EQ(-EINVAL, nl_talk(&self->gn, nlh, dev_cb,
				   &(struct nl_ctx){ .devs = self->devs }));

	nlh = genl_msg(self->buf, self->family, ZGC_CMD_DEV_SET, 0);
	mnl_attr_put_strz(nlh, ZGC_A_IFNAME, "zgc0");
	mnl_attr_put_u8(nlh, ZGC_A_OVERLAY, ZGC_OVERLAY_MAX + 1);
	EXPECT_EQ(-ERANGE, nl_talk(&self->gn, nlh, NULL, NULL));
	EXPECT_NE(0, self->gn.extack[0]);

	nlh = genl_msg(self->buf, self->family, ZGC_CMD_DEV_SET, 0);
	mnl_attr_put_strz(nlh, ZGC_A_IFNAME, "zgc0");
	mnl_attr_put_u16(nlh, ZGC_A_PORT, 0);
	EXPECT_EQ(-ERANGE, nl_talk(&self->gn, nlh, NULL, NULL));
	EXPECT_NE(0, self->gn.extack[0]);

	/* A drain is on (1) or off (0), and needs saying which. */
	nlh = genl_msg(self->buf, self->family, ZGC_CMD_CLUSTER_DRAIN, 0);
	mnl_attr_put_strz(nlh, ZGC_A_IFNAME, "zgc0");
	mnl_attr_put_u8(nlh, ZGC_A_DRAIN, 2);
	EXPECT_EQ(-ERANGE, nl_talk(&self->gn, nlh, NULL, NULL));
	EXPECT_NE(0, self->gn.extack[0]);
	nlh = genl_msg(self->buf, self->family, ZGC_CMD_CLUSTER_DRAIN, 0);
	mnl_attr_put_strz(nlh, ZGC_A_IFNAME, "zgc0");
	EXPECT_EQ(-EINVAL, nl_talk(&self->gn, nlh, NULL, NULL));
	EXPECT_STREQ("ZGC_A_DRAIN is missing", self->gn.extack);
	/* Nor does it take another command's attributes. */
	nlh = genl_msg(self->buf, self->family, ZGC_CMD_CLUSTER_DRAIN, 0);
	mnl_attr_put_strz(nlh, ZGC_A_IFNAME, "zgc0");
	mnl_attr_put_u8(nlh, ZGC_A_DRAIN, 1);
	mnl_attr_put_u16(nlh, ZGC_A_PORT, 1);
	EXPECT_EQ(-EINVAL, nl_talk(&self->gn, nlh, NULL, NULL));
	EXPECT_NE(0, self->gn.extack[0]);
}

TEST_F(zgc, reject_reserved_header)
{
	struct nlmsghdr *nlh;
	struct genlmsghdr *g;

	ASSERT_EQ(0, link_add(&self->rt, "zgc0", -1, -1));
	nlh = genl_msg(self->buf, self->family, ZGC_CMD_DEV_GET, 0);
	g = mnl_nlmsg_get_payload(nlh);
	g->reserved = 1;
	mnl_attr_put_strz(nlh, ZGC_A_IFNAME, "zgc0");
	EXPECT_EQ(-EINVAL, nl_talk(&self->gn, nlh, dev_cb,
				   &(struct nl_ctx){ .devs = self->devs }));
}

TEST_F(zgc, set_rules)
{
	struct nlmsghdr *nlh;
	struct zgc_info d;

	ASSERT_EQ(0, link_add(&self->rt, "zgc0", -1, -1));
	ASSERT_EQ(0, link_add(&self->rt, "zgc1", -1, 7000));

	nlh = genl_msg(self->buf, self->family, ZGC_CMD_DEV_SET, 0);
	mnl_attr_put_strz(nlh, ZGC_A_IFNAME, "zgc0");
	mnl_attr_put_u8(nlh, ZGC_A_OVERLAY, ZGC_OVERLAY_VXLAN);
	ASSERT_EQ(0, nl_talk(&self->gn, nlh, NULL, NULL));
	ASSERT_EQ(0, link_get(&self->rt, "zgc0", &d));
	EXPECT_EQ(ZGC_OVERLAY_VXLAN, d.overlay);
	EXPECT_EQ(ZGC_VXLAN_PORT, d.port);

	nlh = genl_msg(self->buf, self->family, ZGC_CMD_DEV_SET, 0);
	mnl_attr_put_strz(nlh, ZGC_A_IFNAME, "zgc0");
	mnl_attr_put_u16(nlh, ZGC_A_PORT, 7000);
	EXPECT_EQ(-EADDRINUSE, nl_talk(&self->gn, nlh, NULL, NULL));
	EXPECT_STREQ("another zgc device in this namespace uses this UDP port",
		     self->gn.extack);

	/* Up: changes are refused, a request that changes nothing is not. */
	ASSERT_EQ(0, system("ip link set zgc0 up"));
	nlh = genl_msg(self->buf, self->family, ZGC_CMD_DEV_SET, 0);
	mnl_attr_put_strz(nlh, ZGC_A_IFNAME, "zgc0");
	mnl_attr_put_u16(nlh, ZGC_A_PORT, 7001);
	EXPECT_EQ(-EBUSY, nl_talk(&self->gn, nlh, NULL, NULL));
	EXPECT_STREQ("the device is up: set it down to change its overlay, port or underlay settings",
		     self->gn.extack);
	nlh = genl_msg(self->buf, self->family, ZGC_CMD_DEV_SET, 0);
	mnl_attr_put_strz(nlh, ZGC_A_IFNAME, "zgc0");
	mnl_attr_put_u16(nlh, ZGC_A_PORT, ZGC_VXLAN_PORT);
	EXPECT_EQ(0, nl_talk(&self->gn, nlh, NULL, NULL));
}

/* One ZGC_CMD_TENANT_GET reply: its nest's attributes into ctx->tenant. */
static int tenant_cb(const struct nlmsghdr *nlh, void *data)
{
	struct nl_ctx *ctx = data;
	const struct nlattr *attr, *a;

	ctx->ntenants++;
	memset(ctx->tenant, 0, sizeof(ctx->tenant));
	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(attr) != ZGC_A_TENANT)
			continue;
		mnl_attr_for_each_nested(a, attr) {
			uint16_t t = mnl_attr_get_type(a);

			if (t > ZGC_TENANT_A_MAX)
				return MNL_CB_ERROR;
			ctx->tenant[t] = t == ZGC_TENANT_A_ANY_SOURCE ?
					 mnl_attr_get_u8(a) : mnl_attr_get_u32(a);
		}
	}
	return MNL_CB_OK;
}

static struct nlmsghdr *tenant_msg(FIXTURE_DATA(zgc) *self)
{
	struct nlmsghdr *nlh = genl_msg(self->buf, self->family,
					ZGC_CMD_TENANT_SET, 0);

	mnl_attr_put_strz(nlh, ZGC_A_IFNAME, "zgc0");
	return nlh;
}

/*
 * A tenant's settings: the request checked, attribute by attribute, with
 * what was wrong said; a VNI without subnets refused; what was set read
 * back from the dump.
 */
TEST_F(zgc, tenant_requests_checked)
{
	struct nl_ctx ctx = {};
	struct nlmsghdr *nlh;
	struct nlattr *nest;

	ASSERT_EQ(0, link_add(&self->rt, "zgc0", -1, -1));

	nlh = tenant_msg(self);
	EXPECT_EQ(-EINVAL, nl_talk(&self->gn, nlh, NULL, NULL));
	EXPECT_STREQ("the request needs ZGC_A_TENANT", self->gn.extack);

	nlh = tenant_msg(self);
	nest = mnl_attr_nest_start(nlh, ZGC_A_TENANT);
	mnl_attr_put_u32(nlh, ZGC_TENANT_A_FLOW_RATE, 10);
	mnl_attr_nest_end(nlh, nest);
	EXPECT_EQ(-EINVAL, nl_talk(&self->gn, nlh, NULL, NULL));
	EXPECT_STREQ("ZGC_TENANT_A_VNI is missing", self->gn.extack);

	nlh = tenant_msg(self);
	nest = mnl_attr_nest_start(nlh, ZGC_A_TENANT);
	mnl_attr_put_u32(nlh, ZGC_TENANT_A_VNI, 100);
	mnl_attr_put_u8(nlh, ZGC_TENANT_A_ANY_SOURCE, 2);
	mnl_attr_nest_end(nlh, nest);
	EXPECT_EQ(-ERANGE, nl_talk(&self->gn, nlh, NULL, NULL));

	nlh = tenant_msg(self);
	nest = mnl_attr_nest_start(nlh, ZGC_A_TENANT);
	mnl_attr_put_u32(nlh, ZGC_TENANT_A_VNI, 100);
	mnl_attr_put_u32(nlh, ZGC_TENANT_A_FLOW_RATE, 10);
	mnl_attr_nest_end(nlh, nest);
	EXPECT_EQ(-ENOENT, nl_talk(&self->gn, nlh, NULL, NULL));
	EXPECT_STREQ("no tenant with this VNI: add a subnet first",
		     self->gn.extack);

	/* A subnet makes the tenant; its settings are kept and shown. */
	nlh = genl_msg(self->buf, self->family, ZGC_CMD_SUBNET_ADD, 0);
	mnl_attr_put_strz(nlh, ZGC_A_IFNAME, "zgc0");
	nest = mnl_attr_nest_start(nlh, ZGC_A_SUBNET);
	mnl_attr_put_u32(nlh, ZGC_SUBNET_A_VNI, 100);
	mnl_attr_put_u32(nlh, ZGC_SUBNET_A_GW4, htonl(0x0a010001));
	mnl_attr_put_u8(nlh, ZGC_SUBNET_A_PREFIXLEN, 24);
	mnl_attr_put(nlh, ZGC_SUBNET_A_MAC, 6, "\x02\0\0\0\x01\0");
	mnl_attr_nest_end(nlh, nest);
	ASSERT_EQ(0, nl_talk(&self->gn, nlh, NULL, NULL));

	nlh = tenant_msg(self);
	nest = mnl_attr_nest_start(nlh, ZGC_A_TENANT);
	mnl_attr_put_u32(nlh, ZGC_TENANT_A_VNI, 100);
	mnl_attr_put_u8(nlh, ZGC_TENANT_A_ANY_SOURCE, 1);
	mnl_attr_put_u32(nlh, ZGC_TENANT_A_FLOW_RATE, 10);
	mnl_attr_put_u32(nlh, ZGC_TENANT_A_CONFIG_VERSION, 7);
	mnl_attr_nest_end(nlh, nest);
	ASSERT_EQ(0, nl_talk(&self->gn, nlh, NULL, NULL));

	nlh = genl_msg(self->buf, self->family, ZGC_CMD_TENANT_GET, NLM_F_DUMP);
	mnl_attr_put_strz(nlh, ZGC_A_IFNAME, "zgc0");
	ASSERT_EQ(0, nl_talk(&self->gn, nlh, tenant_cb, &ctx));
	ASSERT_EQ(1, ctx.ntenants);
	EXPECT_EQ(100, ctx.tenant[ZGC_TENANT_A_VNI]);
	EXPECT_EQ(1, ctx.tenant[ZGC_TENANT_A_ANY_SOURCE]);
	EXPECT_EQ(10, ctx.tenant[ZGC_TENANT_A_FLOW_RATE]);
	EXPECT_EQ(7, ctx.tenant[ZGC_TENANT_A_CONFIG_VERSION]);
}

/* An endpoint dump is filtered by a VNI, and by nothing else. */
TEST_F(zgc, endpoint_dump_filter)
{
	struct nlmsghdr *nlh;
	struct nlattr *nest;

	ASSERT_EQ(0, link_add(&self->rt, "zgc0", -1, -1));

	nlh = genl_msg(self->buf, self->family, ZGC_CMD_ENDPOINT_GET,
		       NLM_F_DUMP);
	mnl_attr_put_strz(nlh, ZGC_A_IFNAME, "zgc0");
	nest = mnl_attr_nest_start(nlh, ZGC_A_ENDPOINT);
	mnl_attr_put_u32(nlh, ZGC_ENDPOINT_A_VNI, 100);
	mnl_attr_put_u32(nlh, ZGC_ENDPOINT_A_IP4, htonl(0x0a010001));
	mnl_attr_nest_end(nlh, nest);
	EXPECT_EQ(-EINVAL, nl_talk(&self->gn, nlh, NULL, NULL));
	EXPECT_STREQ("a dump of endpoints is filtered by ZGC_ENDPOINT_A_VNI only",
		     self->gn.extack);

	nlh = genl_msg(self->buf, self->family, ZGC_CMD_ENDPOINT_GET,
		       NLM_F_DUMP);
	mnl_attr_put_strz(nlh, ZGC_A_IFNAME, "zgc0");
	nest = mnl_attr_nest_start(nlh, ZGC_A_ENDPOINT);
	mnl_attr_nest_end(nlh, nest);
	EXPECT_EQ(-EINVAL, nl_talk(&self->gn, nlh, NULL, NULL));
	EXPECT_STREQ("a dump's ZGC_A_ENDPOINT holds ZGC_ENDPOINT_A_VNI",
		     self->gn.extack);

	nlh = genl_msg(self->buf, self->family, ZGC_CMD_ENDPOINT_GET,
		       NLM_F_DUMP);
	mnl_attr_put_strz(nlh, ZGC_A_IFNAME, "zgc0");
	nest = mnl_attr_nest_start(nlh, ZGC_A_ENDPOINT);
	mnl_attr_put_u32(nlh, ZGC_ENDPOINT_A_VNI, 1U << 24);
	mnl_attr_nest_end(nlh, nest);
	EXPECT_EQ(-ERANGE, nl_talk(&self->gn, nlh, NULL, NULL));

	nlh = genl_msg(self->buf, self->family, ZGC_CMD_ENDPOINT_GET,
		       NLM_F_DUMP);
	mnl_attr_put_strz(nlh, ZGC_A_IFNAME, "zgc0");
	nest = mnl_attr_nest_start(nlh, ZGC_A_ENDPOINT);
	mnl_attr_put_u32(nlh, ZGC_ENDPOINT_A_VNI, 100);
	mnl_attr_nest_end(nlh, nest);
	EXPECT_EQ(0, nl_talk(&self->gn, nlh, NULL, NULL));
}

/* The underlay settings: entrance lists and values checked. */
TEST_F(zgc, underlay_requests_checked)
{
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	int i;

	ASSERT_EQ(0, link_add(&self->rt, "zgc0", -1, -1));

	/* One entrance too many. */
	nlh = genl_msg(self->buf, self->family, ZGC_CMD_DEV_SET, 0);
	mnl_attr_put_strz(nlh, ZGC_A_IFNAME, "zgc0");
	nest = mnl_attr_nest_start(nlh, ZGC_A_ENTRANCES);
	for (i = 0; i <= ZGC_ENTRANCES_MAX; i++)
		mnl_attr_put_u32(nlh, ZGC_ENTRANCE_A_ADDR4, htonl(0xc6336401 + i));
	mnl_attr_nest_end(nlh, nest);
	EXPECT_EQ(-EINVAL, nl_talk(&self->gn, nlh, NULL, NULL));
	EXPECT_STREQ("too many entrances (at most 8)", self->gn.extack);

	/* An entrance of the wrong size, an unknown attribute in the nest. */
	nlh = genl_msg(self->buf, self->family, ZGC_CMD_DEV_SET, 0);
	mnl_attr_put_strz(nlh, ZGC_A_IFNAME, "zgc0");
	nest = mnl_attr_nest_start(nlh, ZGC_A_ENTRANCES);
	mnl_attr_put_u16(nlh, ZGC_ENTRANCE_A_ADDR4, 1);
	mnl_attr_nest_end(nlh, nest);
	EXPECT_EQ(-EINVAL, nl_talk(&self->gn, nlh, NULL, NULL));
	EXPECT_NE(0, self->gn.extack[0]);
	nlh = genl_msg(self->buf, self->family, ZGC_CMD_DEV_SET, 0);
	mnl_attr_put_strz(nlh, ZGC_A_IFNAME, "zgc0");
	nest = mnl_attr_nest_start(nlh, ZGC_A_ENTRANCES);
	mnl_attr_put_u32(nlh, ZGC_ENTRANCE_A_MAX + 1, htonl(0xc6336401));
	mnl_attr_nest_end(nlh, nest);
	EXPECT_EQ(-EINVAL, nl_talk(&self->gn, nlh, NULL, NULL));

	/* A DF mode that does not exist. */
	nlh = genl_msg(self->buf, self->family, ZGC_CMD_DEV_SET, 0);
	mnl_attr_put_strz(nlh, ZGC_A_IFNAME, "zgc0");
	mnl_attr_put_u8(nlh, ZGC_A_DF, ZGC_DF_MAX + 1);
	EXPECT_EQ(-ERANGE, nl_talk(&self->gn, nlh, NULL, NULL));

	/* Eight entrances, then none: an empty nest. */
	nlh = genl_msg(self->buf, self->family, ZGC_CMD_DEV_SET, 0);
	mnl_attr_put_strz(nlh, ZGC_A_IFNAME, "zgc0");
	nest = mnl_attr_nest_start(nlh, ZGC_A_ENTRANCES);
	for (i = 0; i < ZGC_ENTRANCES_MAX; i++)
		mnl_attr_put_u32(nlh, ZGC_ENTRANCE_A_ADDR4, htonl(0xc6336401 + i));
	mnl_attr_nest_end(nlh, nest);
	EXPECT_EQ(0, nl_talk(&self->gn, nlh, NULL, NULL));
	nlh = genl_msg(self->buf, self->family, ZGC_CMD_DEV_SET, 0);
	mnl_attr_put_strz(nlh, ZGC_A_IFNAME, "zgc0");
	nest = mnl_attr_nest_start(nlh, ZGC_A_ENTRANCES);
	mnl_attr_nest_end(nlh, nest);
	EXPECT_EQ(0, nl_talk(&self->gn, nlh, NULL, NULL));
}

/* The flow cache's settings and selectors are checked like the rest. */
TEST_F(zgc, flow_requests_checked)
{
	struct nlmsghdr *nlh;
	struct nlattr *nest;

	ASSERT_EQ(0, link_add(&self->rt, "zgc0", -1, -1));
	ASSERT_EQ(0, system("ip link set zgc0 up"));

	/* Settable while up, within their ranges. */
	nlh = genl_msg(self->buf, self->family, ZGC_CMD_DEV_SET, 0);
	mnl_attr_put_strz(nlh, ZGC_A_IFNAME, "zgc0");
	mnl_attr_put_u32(nlh, ZGC_A_FLOW_TIMEOUT, 30);
	mnl_attr_put_u32(nlh, ZGC_A_FLOW_MAX, 1000);
	EXPECT_EQ(0, nl_talk(&self->gn, nlh, NULL, NULL));
	nlh = genl_msg(self->buf, self->family, ZGC_CMD_DEV_SET, 0);
	mnl_attr_put_strz(nlh, ZGC_A_IFNAME, "zgc0");
	mnl_attr_put_u32(nlh, ZGC_A_FLOW_TIMEOUT, 0);
	EXPECT_EQ(-ERANGE, nl_talk(&self->gn, nlh, NULL, NULL));
	EXPECT_NE(0, self->gn.extack[0]);
	nlh = genl_msg(self->buf, self->family, ZGC_CMD_DEV_SET, 0);
	mnl_attr_put_strz(nlh, ZGC_A_IFNAME, "zgc0");
	mnl_attr_put_u32(nlh, ZGC_A_FLOW_VNI_MAX, ZGC_FLOWS_MAX + 1);
	EXPECT_EQ(-ERANGE, nl_talk(&self->gn, nlh, NULL, NULL));

	/*
	 * A selector with neither VNI nor chain, with a VNI out of range, a
	 * chain 0, with more; by VNI, by chain.
	 */
	nlh = genl_msg(self->buf, self->family, ZGC_CMD_FLOW_FLUSH, 0);
	mnl_attr_put_strz(nlh, ZGC_A_IFNAME, "zgc0");
	nest = mnl_attr_nest_start(nlh, ZGC_A_FLOW);
	mnl_attr_nest_end(nlh, nest);
	EXPECT_EQ(-EINVAL, nl_talk(&self->gn, nlh, NULL, NULL));
	EXPECT_STREQ("flows are selected by ZGC_FLOW_A_VNI or ZGC_FLOW_A_CHAIN; neither is there",
		     self->gn.extack);
	nlh = genl_msg(self->buf, self->family, ZGC_CMD_FLOW_FLUSH, 0);
	mnl_attr_put_strz(nlh, ZGC_A_IFNAME, "zgc0");
	nest = mnl_attr_nest_start(nlh, ZGC_A_FLOW);
	mnl_attr_put_u32(nlh, ZGC_FLOW_A_VNI, ZGC_VNI_MAX + 1);
	mnl_attr_nest_end(nlh, nest);
	EXPECT_EQ(-ERANGE, nl_talk(&self->gn, nlh, NULL, NULL));
	nlh = genl_msg(self->buf, self->family, ZGC_CMD_FLOW_GET, NLM_F_DUMP);
	mnl_attr_put_strz(nlh, ZGC_A_IFNAME, "zgc0");
	nest = mnl_attr_nest_start(nlh, ZGC_A_FLOW);
	mnl_attr_put_u32(nlh, ZGC_FLOW_A_CHAIN, 0);
	mnl_attr_nest_end(nlh, nest);
	EXPECT_EQ(-ERANGE, nl_talk(&self->gn, nlh, NULL, NULL));
	nlh = genl_msg(self->buf, self->family, ZGC_CMD_FLOW_FLUSH, 0);
	mnl_attr_put_strz(nlh, ZGC_A_IFNAME, "zgc0");
	nest = mnl_attr_nest_start(nlh, ZGC_A_FLOW);
	mnl_attr_put_u32(nlh, ZGC_FLOW_A_VNI, 100);
	mnl_attr_put_u8(nlh, ZGC_FLOW_A_PROTO, 6);
	mnl_attr_nest_end(nlh, nest);
	EXPECT_EQ(-EINVAL, nl_talk(&self->gn, nlh, NULL, NULL));
	EXPECT_NE(0, self->gn.extack[0]);
	nlh = genl_msg(self->buf, self->family, ZGC_CMD_FLOW_FLUSH, 0);
	mnl_attr_put_strz(nlh, ZGC_A_IFNAME, "zgc0");
	nest = mnl_attr_nest_start(nlh, ZGC_A_FLOW);
	mnl_attr_put_u32(nlh, ZGC_FLOW_A_VNI, 100);
	mnl_attr_nest_end(nlh, nest);
	EXPECT_EQ(0, nl_talk(&self->gn, nlh, NULL, NULL));
	nlh = genl_msg(self->buf, self->family, ZGC_CMD_FLOW_FLUSH, 0);
	mnl_attr_put_strz(nlh, ZGC_A_IFNAME, "zgc0");
	nest = mnl_attr_nest_start(nlh, ZGC_A_FLOW);
	mnl_attr_put_u32(nlh, ZGC_FLOW_A_CHAIN, 2);
	mnl_attr_nest_end(nlh, nest);
	EXPECT_EQ(0, nl_talk(&self->gn, nlh, NULL, NULL));

	/* A dump of a device that is not there. */
	nlh = genl_msg(self->buf, self->family, ZGC_CMD_FLOW_GET, NLM_F_DUMP);
	mnl_attr_put_strz(nlh, ZGC_A_IFNAME, "zgc7");
	EXPECT_EQ(-ENODEV, nl_talk(&self->gn, nlh, NULL, NULL));
	EXPECT_STREQ("no device with this name", self->gn.extack);
}

/* Whether cluster_msg() has a key, says insecure, both or neither. */
#define CLUSTER_KEY		1
#define CLUSTER_INSECURE	2

/*
 * cluster_msg(): a description of two FTNs 1 and 2 in chain @chain,
 * with @auth (CLUSTER_*).
 */
static struct nlmsghdr *cluster_msg_auth(FIXTURE_DATA(zgc) *self,
					 uint32_t chain, int auth)
{
	static const uint8_t key[ZGC_CLUSTER_KEY_LEN] = { 1, 2, 3 };
	struct nlattr *nest, *sub;
	struct nlmsghdr *nlh;
	uint32_t id;

	nlh = genl_msg(self->buf, self->family, ZGC_CMD_CLUSTER_SET, 0);
	mnl_attr_put_strz(nlh, ZGC_A_IFNAME, "zgc0");
	nest = mnl_attr_nest_start(nlh, ZGC_A_CLUSTER);
	mnl_attr_put_u32(nlh, ZGC_CLUSTER_A_ID, 7);
	mnl_attr_put_u64(nlh, ZGC_CLUSTER_A_EPOCH, 1);
	mnl_attr_put_u32(nlh, ZGC_CLUSTER_A_SELF, 1);
	if (auth & CLUSTER_KEY)
		mnl_attr_put(nlh, ZGC_CLUSTER_A_KEY, sizeof(key), key);
	if (auth & CLUSTER_INSECURE)
		mnl_attr_put(nlh, ZGC_CLUSTER_A_INSECURE, 0, NULL);
	for (id = 1; id <= 2; id++) {
		sub = mnl_attr_nest_start(nlh, ZGC_CLUSTER_A_NODE);
		mnl_attr_put_u32(nlh, ZGC_NODE_A_ID, id);
		mnl_attr_put_u32(nlh, ZGC_NODE_A_ADDR4, htonl(0x0a090000 + id));
		mnl_attr_put_u32(nlh, ZGC_NODE_A_ROLES, ZGC_ROLE_FTN);
		mnl_attr_nest_end(nlh, sub);
	}
	sub = mnl_attr_nest_start(nlh, ZGC_CLUSTER_A_CHAIN);
	mnl_attr_put_u32(nlh, ZGC_CHAIN_A_ID, chain);
	mnl_attr_put_u32(nlh, ZGC_CHAIN_A_NODE, 1);
	mnl_attr_put_u32(nlh, ZGC_CHAIN_A_NODE, 2);
	mnl_attr_nest_end(nlh, sub);
	mnl_attr_nest_end(nlh, nest);
	return nlh;
}

static struct nlmsghdr *cluster_msg(FIXTURE_DATA(zgc) *self, uint32_t chain)
{
	return cluster_msg_auth(self, chain, CLUSTER_INSECURE);
}

/* A cluster has a key, or says it runs without: not both, not neither. */
TEST_F(zgc, cluster_key_or_insecure)
{
	ASSERT_EQ(0, link_add(&self->rt, "zgc0", -1, -1));
	EXPECT_EQ(-EINVAL, nl_talk(&self->gn, cluster_msg_auth(self, 1, 0),
				   NULL, NULL));
	EXPECT_STREQ("a cluster needs a key (ZGC_CLUSTER_A_KEY), or ZGC_CLUSTER_A_INSECURE to run unauthenticated",
		     self->gn.extack);
	EXPECT_EQ(-EINVAL,
		  nl_talk(&self->gn,
			  cluster_msg_auth(self, 1,
					   CLUSTER_KEY | CLUSTER_INSECURE),
			  NULL, NULL));
	EXPECT_STREQ("a cluster with a key is not insecure", self->gn.extack);
	EXPECT_EQ(0, nl_talk(&self->gn, cluster_msg_auth(self, 1, CLUSTER_KEY),
			     NULL, NULL));
}

/* Chain 0 means a flow decided by a node alone: no chain has that id. */
TEST_F(zgc, cluster_chain_id_zero)
{
	ASSERT_EQ(0, link_add(&self->rt, "zgc0", -1, -1));
	EXPECT_EQ(-ERANGE, nl_talk(&self->gn, cluster_msg(self, 0), NULL,
				   NULL));
	EXPECT_NE(0, self->gn.extack[0]);
	EXPECT_EQ(0, nl_talk(&self->gn, cluster_msg(self, 1), NULL, NULL));
}

/* Drops CAP_NET_ADMIN from this process's effective set. */
static int drop_net_admin(void)
{
	struct __user_cap_header_struct h = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct d[_LINUX_CAPABILITY_U32S_3];

	if (syscall(SYS_capget, &h, d))
		return -errno;
	d[CAP_TO_INDEX(CAP_NET_ADMIN)].effective &= ~CAP_TO_MASK(CAP_NET_ADMIN);
	return syscall(SYS_capset, &h, d) ? -errno : 0;
}

/*
 * What tenants' addresses a device holds is for CAP_NET_ADMIN only, as
 * conntrack's table is: an unprivileged process sees the device (as
 * `ip -d link` shows it), not its subnets, endpoints, flows, rules or
 * cluster.
 */
TEST_F(zgc, tables_need_net_admin)
{
	static const uint8_t dumps[] = {
		ZGC_CMD_SUBNET_GET, ZGC_CMD_ENDPOINT_GET, ZGC_CMD_FLOW_GET,
		ZGC_CMD_DFT_GET, ZGC_CMD_ACL_GET,
	};
	struct nlmsghdr *nlh;
	unsigned int i;

	ASSERT_EQ(0, link_add(&self->rt, "zgc0", -1, -1));
	ASSERT_EQ(0, nl_talk(&self->gn, cluster_msg(self, 1), NULL, NULL));
	for (i = 0; i < sizeof(dumps); i++) {
		nlh = genl_msg(self->buf, self->family, dumps[i], NLM_F_DUMP);
		mnl_attr_put_strz(nlh, ZGC_A_IFNAME, "zgc0");
		EXPECT_EQ(0, nl_talk(&self->gn, nlh, NULL, NULL));
	}
	ASSERT_EQ(0, drop_net_admin());
	for (i = 0; i < sizeof(dumps); i++) {
		nlh = genl_msg(self->buf, self->family, dumps[i], NLM_F_DUMP);
		mnl_attr_put_strz(nlh, ZGC_A_IFNAME, "zgc0");
		EXPECT_EQ(-EPERM, nl_talk(&self->gn, nlh, NULL, NULL));
	}
	nlh = genl_msg(self->buf, self->family, ZGC_CMD_CLUSTER_GET, 0);
	mnl_attr_put_strz(nlh, ZGC_A_IFNAME, "zgc0");
	EXPECT_EQ(-EPERM, nl_talk(&self->gn, nlh, NULL, NULL));
	EXPECT_EQ(1, dev_dump(self));
}

/* Many devices: the dump spans several messages and resumes exactly. */
TEST_F(zgc, dump_many)
{
	const int n = 200;
	bool seen[200] = {};
	char name[IFNAMSIZ];
	int i, got;

	EXPECT_EQ(0, dev_dump(self));
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "zgc%d", i);
		ASSERT_EQ(0, link_add(&self->rt, name, -1, 10000 + i));
	}
	got = dev_dump(self);
	ASSERT_EQ(n, got);
	EXPECT_LT(2, self->gn.chunks) TH_LOG("dump in %d chunks", self->gn.chunks);
	EXPECT_FALSE(self->gn.dump_intr);
	for (i = 0; i < n; i++) {
		int idx = self->devs[i].port - 10000;

		ASSERT_TRUE(idx >= 0 && idx < n);
		EXPECT_FALSE(seen[idx]);
		seen[idx] = true;
		snprintf(name, sizeof(name), "zgc%d", idx);
		EXPECT_STREQ(name, self->devs[i].ifname);
	}
}

/* A device added while a dump is half read flags the dump as interrupted. */
TEST_F(zgc, dump_interrupted)
{
	struct nlmsghdr *nlh;
	struct nl_ctx ctx = { .devs = self->devs };
	char name[IFNAMSIZ];
	bool done;
	int i;

	for (i = 0; i < 200; i++) {
		snprintf(name, sizeof(name), "zgc%d", i);
		ASSERT_EQ(0, link_add(&self->rt, name, -1, 10000 + i));
	}
	nlh = genl_msg(self->buf, self->family, ZGC_CMD_DEV_GET, NLM_F_DUMP);
	ctx.nl = &self->gn;
	ASSERT_EQ(0, nl_send(&self->gn, nlh));
	ASSERT_EQ(0, nl_recv(&self->gn, dev_cb, &ctx, 1, &done));
	ASSERT_FALSE(done);
	EXPECT_FALSE(self->gn.dump_intr);

	/* libmnl turns a message flagged NLM_F_DUMP_INTR into EINTR. */
	ASSERT_EQ(0, link_add(&self->rt, "zgcnew", -1, 9000));
	EXPECT_EQ(-EINTR, nl_recv(&self->gn, dev_cb, &ctx, 0, &done));
}

/* Each namespace sees its own devices only. */
TEST_F(zgc, dump_is_per_netns)
{
	ASSERT_EQ(0, link_add(&self->rt, "zgc0", -1, -1));
	ASSERT_EQ(1, dev_dump(self));
	ASSERT_EQ(0, system("ip netns add zgc-selftest-other && "
			    "ip -n zgc-selftest-other link add zgc0 type zgc && "
			    "ip -n zgc-selftest-other link add zgcx type dummy"));
	EXPECT_EQ(1, dev_dump(self));
	EXPECT_STREQ("zgc0", self->devs[0].ifname);
	EXPECT_EQ(0, system("ip netns del zgc-selftest-other"));
}

TEST_HARNESS_MAIN
