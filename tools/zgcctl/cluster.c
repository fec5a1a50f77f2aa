// SPDX-License-Identifier: GPL-2.0
/*
 * The cluster description of a device: zgcctl cluster apply, show and
 * drain (ZGC_CMD_CLUSTER_SET, ZGC_CMD_CLUSTER_GET, ZGC_CMD_CLUSTER_DRAIN). The document apply reads is
 * checked by cluster_doc.c; what it means, by the kernel.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/genetlink.h>
#include <linux/zgc.h>

#include "cluster.h"
#include "genl.h"
#include "json.h"
#include "zgcctl.h"

/* Room for a message about the document. */
#define CLUSTER_ERR_LEN 512
/* Room for where in the document the kernel pointed. */
#define CLUSTER_PATH_LEN 64
/* Bytes of an attribute with len bytes of payload. */
#define CLUSTER_ATTR(len) MNL_ALIGN(MNL_ATTR_HDRLEN + (len))

/*
 * "zgcctl: [BATCH:LINE: ]cluster apply: MESSAGE"; the line is named by
 * batch.c after a failure other than a usage error. Return: ret.
 */
static int cluster_doc_err(const struct zgcctl_ctx *ctx, int ret,
			   const char *msg)
{
	if (ctx->batch && ret == ZGC_EXIT_USAGE)
		zgc_err("%s:%u: cluster apply: %s", ctx->file, ctx->line, msg);
	else
		zgc_err("cluster apply: %s", msg);
	return ret;
}

/* Bytes of the ZGC_A_CLUSTER nest that cluster_put() makes of d. */
static size_t cluster_nest_size(const struct cluster_desc *d)
{
	size_t size, i;

	size = CLUSTER_ATTR(0) + 2 * CLUSTER_ATTR(sizeof(uint32_t)) +
	       CLUSTER_ATTR(sizeof(uint64_t));
	if (d->has_table_size)
		size += CLUSTER_ATTR(sizeof(uint32_t));
	if (d->has_key)
		size += CLUSTER_ATTR(ZGC_CLUSTER_KEY_LEN);
	if (d->insecure)
		size += CLUSTER_ATTR(0);
	size += (d->has_probe_ms + d->has_suspect_ms) *
		CLUSTER_ATTR(sizeof(uint32_t));
	size += d->nnodes * (CLUSTER_ATTR(0) +
			     3 * CLUSTER_ATTR(sizeof(uint32_t)));
	for (i = 0; i < d->nchains; i++)
		size += CLUSTER_ATTR(0) +
			(1 + d->chains[i].n) * CLUSTER_ATTR(sizeof(uint32_t));
	return size;
}

static void cluster_put(struct nlmsghdr *nlh, const struct cluster_desc *d,
			uint32_t self)
{
	const struct cluster_chain *ch;
	const struct cluster_node *n;
	struct nlattr *nest, *sub;
	size_t i, j;

	nest = mnl_attr_nest_start(nlh, ZGC_A_CLUSTER);
	mnl_attr_put_u32(nlh, ZGC_CLUSTER_A_ID, d->id);
	mnl_attr_put_u64(nlh, ZGC_CLUSTER_A_EPOCH, d->epoch);
	mnl_attr_put_u32(nlh, ZGC_CLUSTER_A_SELF, self);
	if (d->has_table_size)
		mnl_attr_put_u32(nlh, ZGC_CLUSTER_A_TABLE_SIZE, d->table_size);
	if (d->has_key)
		mnl_attr_put(nlh, ZGC_CLUSTER_A_KEY, ZGC_CLUSTER_KEY_LEN,
			     d->key);
	if (d->insecure)
		mnl_attr_put(nlh, ZGC_CLUSTER_A_INSECURE, 0, NULL);
	if (d->has_probe_ms)
		mnl_attr_put_u32(nlh, ZGC_CLUSTER_A_PROBE_MS, d->probe_ms);
	if (d->has_suspect_ms)
		mnl_attr_put_u32(nlh, ZGC_CLUSTER_A_SUSPECT_MS, d->suspect_ms);
	for (i = 0; i < d->nnodes; i++) {
		n = &d->nodes[i];
		sub = mnl_attr_nest_start(nlh, ZGC_CLUSTER_A_NODE);
		mnl_attr_put_u32(nlh, ZGC_NODE_A_ID, n->id);
		mnl_attr_put(nlh, ZGC_NODE_A_ADDR4, sizeof(n->addr), &n->addr);
		mnl_attr_put_u32(nlh, ZGC_NODE_A_ROLES, n->roles);
		mnl_attr_nest_end(nlh, sub);
	}
	for (i = 0; i < d->nchains; i++) {
		ch = &d->chains[i];
		sub = mnl_attr_nest_start(nlh, ZGC_CLUSTER_A_CHAIN);
		mnl_attr_put_u32(nlh, ZGC_CHAIN_A_ID, ch->id);
		for (j = 0; j < ch->n; j++)
			mnl_attr_put_u32(nlh, ZGC_CHAIN_A_NODE, ch->nodes[j]);
		mnl_attr_nest_end(nlh, sub);
	}
	mnl_attr_nest_end(nlh, nest);
}

/* Whether the attribute a of the message nlh holds offset offs. */
static bool cluster_attr_holds(const struct nlmsghdr *nlh,
			       const struct nlattr *a, uint32_t offs)
{
	uint32_t start = (uint32_t)((const char *)a - (const char *)nlh);

	return offs >= start && offs < start + a->nla_len;
}

/*
 * Where in the description the attribute at offset offs of the request
 * nlh comes from, as cluster_doc.c names places ("chains[1].nodes[0]"),
 * or "" when the kernel pointed elsewhere or nowhere.
 */
static void cluster_err_path(const struct nlmsghdr *nlh, uint32_t offs,
			     char *buf, size_t len)
{
	static const char *const names[ZGC_CLUSTER_A_MAX + 1] = {
		[ZGC_CLUSTER_A_ID] = "cluster",
		[ZGC_CLUSTER_A_EPOCH] = "epoch",
		[ZGC_CLUSTER_A_SELF] = "self",
		[ZGC_CLUSTER_A_TABLE_SIZE] = "table_size",
		[ZGC_CLUSTER_A_KEY] = "key",
		[ZGC_CLUSTER_A_INSECURE] = "insecure",
		[ZGC_CLUSTER_A_PROBE_MS] = "probe_ms",
		[ZGC_CLUSTER_A_SUSPECT_MS] = "suspect_ms",
	};
	static const char *const node_names[ZGC_NODE_A_MAX + 1] = {
		[ZGC_NODE_A_ID] = "id",
		[ZGC_NODE_A_ADDR4] = "addr",
		[ZGC_NODE_A_ROLES] = "roles",
	};
	const struct nlattr *top = NULL, *a, *b;
	size_t nodes = 0, chains = 0, k = 0;
	uint16_t type;
	int o;

	buf[0] = '\0';
	if (!offs)
		return;
	mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
		if (mnl_attr_get_type(a) == ZGC_A_CLUSTER &&
		    cluster_attr_holds(nlh, a, offs)) {
			top = a;
			break;
		}
	}
	if (!top)
		return;
	mnl_attr_for_each_nested(a, top) {
		type = mnl_attr_get_type(a);
		if (!cluster_attr_holds(nlh, a, offs)) {
			nodes += type == ZGC_CLUSTER_A_NODE;
			chains += type == ZGC_CLUSTER_A_CHAIN;
			continue;
		}
		if (type == ZGC_CLUSTER_A_NODE) {
			o = snprintf(buf, len, "nodes[%zu]", nodes);
			mnl_attr_for_each_nested(b, a) {
				type = mnl_attr_get_type(b);
				if (cluster_attr_holds(nlh, b, offs) &&
				    type <= ZGC_NODE_A_MAX && node_names[type])
					snprintf(buf + o, len - (size_t)o,
						 ".%s", node_names[type]);
			}
		} else if (type == ZGC_CLUSTER_A_CHAIN) {
			o = snprintf(buf, len, "chains[%zu]", chains);
			mnl_attr_for_each_nested(b, a) {
				type = mnl_attr_get_type(b);
				if (!cluster_attr_holds(nlh, b, offs)) {
					k += type == ZGC_CHAIN_A_NODE;
					continue;
				}
				if (type == ZGC_CHAIN_A_ID)
					snprintf(buf + o, len - (size_t)o,
						 ".id");
				else if (type == ZGC_CHAIN_A_NODE)
					snprintf(buf + o, len - (size_t)o,
						 ".nodes[%zu]", k);
			}
		} else if (type <= ZGC_CLUSTER_A_MAX && names[type]) {
			snprintf(buf, len, "%s", names[type]);
		}
		return;
	}
}

/* zgcctl cluster apply DEV FILE|- self ID [join] */
static int cluster_apply(struct zgcctl_ctx *ctx, int argc, char **argv)
{
	char err[CLUSTER_ERR_LEN], path[CLUSTER_PATH_LEN];
	struct cluster_desc d = { .id = 0 };
	const char *ifname, *file;
	struct nlmsghdr *nlh;
	struct zgc_genl *g;
	size_t size, max;
	bool join = false;
	uint32_t self;
	int ret, e;

	if (argc < 3)
		return zgc_usage_err(ctx, "apply needs a device and a description file (- for standard input)");
	ifname = argv[1];
	file = argv[2];
	ret = zgc_check_ifname(ctx, ifname);
	if (ret)
		return ret;
	if (argc == 3)
		return zgc_usage_err(ctx, "give self ID: the id of the node this device is");
	if (strcmp(argv[3], "self"))
		return zgc_usage_err(ctx, "unexpected argument '%s' (expected self ID)",
				     argv[3]);
	if (argc == 4 || parse_u32(argv[4], 1, UINT32_MAX, &self))
		return zgc_usage_err(ctx, "self needs a node id from 1 to %u",
				     UINT32_MAX);
	if (argc > 5 && !strcmp(argv[5], "join"))
		join = true;
	else if (argc > 5)
		return zgc_usage_err(ctx, "unexpected argument '%s' (expected join)",
				     argv[5]);
	if (argc > 6)
		return zgc_usage_err(ctx, "unexpected argument '%s'", argv[6]);
	if (ctx->batch && !strcmp(file, "-") && !strcmp(ctx->file, "-"))
		return zgc_usage_err(ctx, "the batch is standard input: give the description as a file");

	ret = cluster_doc_read(file, &d, err, sizeof(err));
	if (ret) {
		cluster_doc_err(ctx, ret, err);
		goto out;
	}
	/* The nest's nla_len has 16 bits; the request buffer its size. */
	size = cluster_nest_size(&d);
	max = ZGC_GENL_REQUEST_SIZE - MNL_NLMSG_HDRLEN - MNL_ALIGN(GENL_HDRLEN) -
	      CLUSTER_ATTR(strlen(ifname) + 1);
	if (max > UINT16_MAX)
		max = UINT16_MAX;
	if (size > max) {
		snprintf(err, sizeof(err),
			 "too large: its %zu nodes and %zu chains take %zu bytes of netlink attributes, at most %zu fit in a request",
			 d.nnodes, d.nchains, size, max);
		ret = cluster_doc_err(ctx, ZGC_EXIT_USAGE, err);
		goto out;
	}
	g = zgc_genl_open_dev(ifname, ZGC_CMD_CLUSTER_SET, &nlh);
	if (!g) {
		ret = ZGC_EXIT_FAIL;
		goto out;
	}
	cluster_put(nlh, &d, self);
	if (join)
		mnl_attr_put(nlh, ZGC_A_JOIN, 0, NULL);
	e = zgc_genl_doit(g, nlh, NULL, NULL);
	if (e) {
		cluster_err_path(nlh, zgc_genl_err_offset(g), path,
				 sizeof(path));
		ret = zgc_kernel_err(g, e, "cluster apply %s%s%s", ifname,
				     path[0] ? ": " : "", path);
	}
	zgc_genl_close(g);
out:
	cluster_desc_free(&d);
	return ret;
}

/* A chain as ZGC_CMD_CLUSTER_GET describes it. */
struct shown_chain {
	uint32_t id;
	bool has_slots;
	uint32_t slots;
	size_t n;
	uint32_t *nodes;
};

/* What the device believes of a node (ZGC_A_MEMBER). */
struct shown_member {
	uint32_t node;
	uint8_t state;		/* enum zgc_node_state */
	uint32_t incarnation;
	uint64_t since_ms;
};

/* The reply of ZGC_CMD_CLUSTER_GET. */
struct shown {
	bool got;
	uint32_t id;
	uint64_t epoch;
	uint32_t self;
	bool has_table_size, has_auth, has_digest, has_probe_ms, has_suspect_ms;
	bool has_rolling_from, has_boot;
	uint64_t rolling_from;
	uint32_t boot;
	uint32_t table_size;
	uint8_t auth;
	uint32_t digest;
	uint32_t probe_ms, suspect_ms;
	size_t nnodes;
	struct cluster_node *nodes;
	struct shown_member *members;	/* as nodes, when nmembers == nnodes */
	size_t nmembers;
	size_t nchains;
	struct shown_chain *chains;
	const char *bad;	/* why the reply was refused */
};

static void shown_free(struct shown *c)
{
	size_t i;

	for (i = 0; i < c->nchains; i++)
		free(c->chains[i].nodes);
	free(c->chains);
	free(c->nodes);
	free(c->members);
}

static int attr_u32(const struct nlattr *a, uint32_t *v)
{
	if (mnl_attr_validate(a, MNL_TYPE_U32) < 0)
		return -1;
	*v = mnl_attr_get_u32(a);
	return 0;
}

static int shown_node(struct shown *c, const struct nlattr *nest,
		      struct cluster_node *n)
{
	bool id = false, addr = false, roles = false;
	const struct nlattr *a;

	mnl_attr_for_each_nested(a, nest) {
		switch (mnl_attr_get_type(a)) {
		case ZGC_NODE_A_ID:
			if (attr_u32(a, &n->id))
				goto bad;
			id = true;
			break;
		case ZGC_NODE_A_ADDR4:
			if (attr_u32(a, &n->addr.s_addr))
				goto bad;
			addr = true;
			break;
		case ZGC_NODE_A_ROLES:
			if (attr_u32(a, &n->roles))
				goto bad;
			roles = true;
			break;
		}
	}
	if (id && addr && roles)
		return 0;
bad:
	c->bad = "a node without its id, address or roles";
	return -1;
}

static int shown_chain(struct shown *c, const struct nlattr *nest,
		       struct shown_chain *ch)
{
	const struct nlattr *a;
	bool id = false;
	size_t n = 0;

	mnl_attr_for_each_nested(a, nest)
		n += mnl_attr_get_type(a) == ZGC_CHAIN_A_NODE;
	ch->nodes = calloc(n ? n : 1, sizeof(*ch->nodes));
	if (!ch->nodes) {
		c->bad = strerror(ENOMEM);
		return -1;
	}
	mnl_attr_for_each_nested(a, nest) {
		switch (mnl_attr_get_type(a)) {
		case ZGC_CHAIN_A_ID:
			if (attr_u32(a, &ch->id))
				goto bad;
			id = true;
			break;
		case ZGC_CHAIN_A_SLOTS:
			if (attr_u32(a, &ch->slots))
				goto bad;
			ch->has_slots = true;
			break;
		case ZGC_CHAIN_A_NODE:
			if (attr_u32(a, &ch->nodes[ch->n++]))
				goto bad;
			break;
		}
	}
	if (id)
		return 0;
bad:
	c->bad = "a chain without its id, or a wrong size";
	return -1;
}

/* ZGC_A_CLUSTER of the reply into c. Return: 0, or -1 with c->bad. */
static int shown_parse(struct shown *c, const struct nlattr *nest)
{
	bool id = false, epoch = false, self = false;
	const struct nlattr *a;
	size_t i = 0, j = 0;

	mnl_attr_for_each_nested(a, nest) {
		switch (mnl_attr_get_type(a)) {
		case ZGC_CLUSTER_A_ID:
			id = !attr_u32(a, &c->id);
			break;
		case ZGC_CLUSTER_A_EPOCH:
			epoch = mnl_attr_validate(a, MNL_TYPE_U64) == 0;
			if (epoch)
				c->epoch = mnl_attr_get_u64(a);
			break;
		case ZGC_CLUSTER_A_SELF:
			self = !attr_u32(a, &c->self);
			break;
		case ZGC_CLUSTER_A_TABLE_SIZE:
			c->has_table_size = !attr_u32(a, &c->table_size);
			break;
		case ZGC_CLUSTER_A_AUTH:
			c->has_auth = mnl_attr_validate(a, MNL_TYPE_U8) == 0;
			if (c->has_auth)
				c->auth = mnl_attr_get_u8(a);
			break;
		case ZGC_CLUSTER_A_MAP_DIGEST:
			c->has_digest = !attr_u32(a, &c->digest);
			break;
		case ZGC_CLUSTER_A_PROBE_MS:
			c->has_probe_ms = !attr_u32(a, &c->probe_ms);
			break;
		case ZGC_CLUSTER_A_SUSPECT_MS:
			c->has_suspect_ms = !attr_u32(a, &c->suspect_ms);
			break;
		case ZGC_CLUSTER_A_BOOT:
			c->has_boot = !attr_u32(a, &c->boot);
			break;
		case ZGC_CLUSTER_A_ROLLING_FROM:
			c->has_rolling_from =
				mnl_attr_validate(a, MNL_TYPE_U64) == 0;
			if (c->has_rolling_from)
				c->rolling_from = mnl_attr_get_u64(a);
			break;
		case ZGC_CLUSTER_A_NODE:
			c->nnodes++;
			break;
		case ZGC_CLUSTER_A_CHAIN:
			c->nchains++;
			break;
		}
	}
	if (!id || !epoch || !self) {
		c->nnodes = c->nchains = 0;
		c->bad = "a cluster without its id, epoch or node";
		return -1;
	}
	c->nodes = calloc(c->nnodes ? c->nnodes : 1, sizeof(*c->nodes));
	c->chains = calloc(c->nchains ? c->nchains : 1, sizeof(*c->chains));
	if (!c->nodes || !c->chains) {
		c->nchains = 0;
		c->bad = strerror(ENOMEM);
		return -1;
	}
	mnl_attr_for_each_nested(a, nest) {
		if (mnl_attr_get_type(a) == ZGC_CLUSTER_A_NODE &&
		    shown_node(c, a, &c->nodes[i++]))
			return -1;
		if (mnl_attr_get_type(a) == ZGC_CLUSTER_A_CHAIN &&
		    shown_chain(c, a, &c->chains[j++]))
			return -1;
	}
	return 0;
}

static int shown_member(struct shown *c, const struct nlattr *nest,
			struct shown_member *m)
{
	bool node = false, state = false, inc = false;
	const struct nlattr *a;

	mnl_attr_for_each_nested(a, nest) {
		switch (mnl_attr_get_type(a)) {
		case ZGC_MEMBER_A_NODE:
			node = !attr_u32(a, &m->node);
			break;
		case ZGC_MEMBER_A_STATE:
			state = mnl_attr_validate(a, MNL_TYPE_U8) == 0;
			if (state)
				m->state = mnl_attr_get_u8(a);
			break;
		case ZGC_MEMBER_A_INCARNATION:
			inc = !attr_u32(a, &m->incarnation);
			break;
		case ZGC_MEMBER_A_SINCE_MS:
			if (mnl_attr_validate(a, MNL_TYPE_U64) == 0)
				m->since_ms = mnl_attr_get_u64(a);
			break;
		}
	}
	if (node && state && inc)
		return 0;
	c->bad = "a member without its node, state or incarnation";
	return -1;
}

/* The ZGC_A_MEMBER attributes: one per node, in the nodes' order. */
static int shown_members(struct shown *c, const struct nlmsghdr *nlh)
{
	const struct nlattr *a;
	size_t n = 0;

	mnl_attr_for_each(a, nlh, GENL_HDRLEN)
		n += mnl_attr_get_type(a) == ZGC_A_MEMBER;
	if (!n)
		return 0;	/* a kernel without membership */
	if (n != c->nnodes) {
		c->bad = "not one member per node";
		return -1;
	}
	c->members = calloc(n, sizeof(*c->members));
	if (!c->members) {
		c->bad = strerror(ENOMEM);
		return -1;
	}
	mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
		if (mnl_attr_get_type(a) != ZGC_A_MEMBER)
			continue;
		if (shown_member(c, a, &c->members[c->nmembers]))
			return -1;
		if (c->members[c->nmembers].node != c->nodes[c->nmembers].id) {
			c->bad = "members not in the nodes' order";
			return -1;
		}
		c->nmembers++;
	}
	return 0;
}

static const char *const member_states[] = {
	[ZGC_NODE_ALIVE] = "alive",
	[ZGC_NODE_SUSPECT] = "suspect",
	[ZGC_NODE_DEAD] = "dead",
	[ZGC_NODE_SYNCING] = "syncing",
	[ZGC_NODE_DRAINING] = "draining",
};

const char *member_state_name(uint8_t state, char buf[8])
{
	if (state < ARRAY_SIZE(member_states))
		return member_states[state];
	snprintf(buf, 8, "%u", state);
	return buf;
}

static int cluster_reply_cb(const struct nlmsghdr *nlh, void *data)
{
	static const enum mnl_attr_data_type policy[ZGC_A_MAX + 1] = {
		[ZGC_A_IFINDEX] = MNL_TYPE_U32,
		[ZGC_A_CLUSTER] = MNL_TYPE_NESTED,
		[ZGC_A_MEMBER] = MNL_TYPE_NESTED,
	};
	const struct nlattr *tb[ZGC_A_MAX + 1] = { NULL };
	struct zgc_genl_attrs a = { .policy = policy, .max = ZGC_A_MAX, .tb = tb };
	struct shown *c = data;
	int cmd;

	cmd = zgc_genl_parse(nlh, &a);
	if (cmd < 0) {
		c->bad = "an attribute of the wrong size";
		return MNL_CB_ERROR;
	}
	if (cmd != ZGC_CMD_CLUSTER_GET)
		return MNL_CB_OK;
	if (c->got || !tb[ZGC_A_CLUSTER]) {
		c->bad = c->got ? "two replies" : "no ZGC_A_CLUSTER";
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	c->got = true;
	if (shown_parse(c, tb[ZGC_A_CLUSTER]) || shown_members(c, nlh)) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	return MNL_CB_OK;
}

/*
 * The names of the roles, "fwd" and "ftn" (a bit this zgcctl does not
 * know: as a number) into names, with room in buf. Return: how many.
 */
static size_t role_names(uint32_t roles, const char *names[32],
			 char buf[32][12])
{
	size_t n = 0;
	unsigned int k;

	for (k = 0; k < 32; k++) {
		if (!(roles & 1U << k))
			continue;
		if (k < CLUSTER_ROLES) {
			names[n++] = cluster_role_names[k];
		} else {
			snprintf(buf[n], sizeof(buf[n]), "%#x", 1U << k);
			names[n] = buf[n];
			n++;
		}
	}
	return n;
}

/* The roles of the node self of c (none if not listed). */
static uint32_t shown_self_roles(const struct shown *c)
{
	size_t i;

	for (i = 0; i < c->nnodes; i++)
		if (c->nodes[i].id == c->self)
			return c->nodes[i].roles;
	return 0;
}

/* " roles fwd,ftn" */
static void print_roles(uint32_t roles)
{
	const char *names[32];
	char buf[32][12];
	size_t i, n;

	n = role_names(roles, names, buf);
	for (i = 0; i < n; i++)
		printf("%s%s", i ? "," : " roles ", names[i]);
}

/*
 * zgc0: cluster 7 epoch 1 self 1 roles fwd table_size 307 auth off map_digest 0x5e3a4c21 probe_ms 50 suspect_ms 150 boot 0x1f2e3d4c [rolling_from 0]
 *   node 1 addr 10.9.0.1 roles fwd state alive incarnation 0 since_ms 5210
 *   chain 2 nodes 5,6,3 slots 153
 *   insecure: no key: ... (auth off)
 */
static void cluster_print_plain(const char *ifname, const struct shown *c)
{
	const struct shown_chain *ch;
	char addr[INET_ADDRSTRLEN];
	char state[8];
	size_t i, j;

	printf("%s: cluster %" PRIu32 " epoch %" PRIu64 " self %" PRIu32,
	       ifname, c->id, c->epoch, c->self);
	print_roles(shown_self_roles(c));
	if (c->has_table_size)
		printf(" table_size %" PRIu32, c->table_size);
	if (c->has_auth)
		printf(" auth %s", c->auth ? "on" : "off");
	if (c->has_digest)
		printf(" map_digest 0x%08" PRIx32, c->digest);
	if (c->has_probe_ms)
		printf(" probe_ms %" PRIu32, c->probe_ms);
	if (c->has_suspect_ms)
		printf(" suspect_ms %" PRIu32, c->suspect_ms);
	if (c->has_boot)
		printf(" boot 0x%08" PRIx32, c->boot);
	if (c->has_rolling_from)
		printf(" rolling_from %" PRIu64, c->rolling_from);
	putchar('\n');
	for (i = 0; i < c->nnodes; i++) {
		inet_ntop(AF_INET, &c->nodes[i].addr, addr, sizeof(addr));
		printf("  node %" PRIu32 " addr %s", c->nodes[i].id, addr);
		print_roles(c->nodes[i].roles);
		if (i < c->nmembers)
			printf(" state %s incarnation %" PRIu32
			       " since_ms %" PRIu64,
			       member_state_name(c->members[i].state, state),
			       c->members[i].incarnation,
			       c->members[i].since_ms);
		putchar('\n');
	}
	for (i = 0; i < c->nchains; i++) {
		ch = &c->chains[i];
		printf("  chain %" PRIu32, ch->id);
		for (j = 0; j < ch->n; j++)
			printf("%s%" PRIu32, j ? "," : " nodes ", ch->nodes[j]);
		if (ch->has_slots)
			printf(" slots %" PRIu32, ch->slots);
		putchar('\n');
	}
	if (c->has_auth && !c->auth)
		printf("  insecure: no key: any host that can send from a node's address can forge cluster messages\n");
}

static void json_roles(struct json_writer *w, uint32_t roles)
{
	const char *names[32];
	char buf[32][12];
	size_t i, n;

	n = role_names(roles, names, buf);
	json_array_open(w, "roles");
	for (i = 0; i < n; i++)
		json_string(w, NULL, names[i]);
	json_array_close(w);
}

/*
 * [{"ifname":"zgc0","cluster":7,"epoch":1,"self":1,"roles":["fwd"],
 *   "table_size":307,"auth":false,"map_digest":"0x5e3a4c21",
 *   "probe_ms":50,"suspect_ms":150,"boot":"0x1f2e3d4c",["rolling_from":0,]
 *   "nodes":[{"id":1,"addr":"10.9.0.1","roles":["fwd"],"state":"alive",
 *             "incarnation":0,"since_ms":5210},...],
 *   "chains":[{"id":2,"nodes":[5,6,3],"slots":153},...]}]
 */
static void cluster_print_json(const struct zgcctl_ctx *ctx,
			       const char *ifname, const struct shown *c)
{
	const struct shown_chain *ch;
	char buf[INET_ADDRSTRLEN];
	struct json_writer w;
	char state[8];
	size_t i, j;

	json_init(&w, stdout, ctx->pretty);
	json_array_open(&w, NULL);
	json_object_open(&w, NULL);
	json_string(&w, "ifname", ifname);
	json_uint(&w, "cluster", c->id);
	json_uint(&w, "epoch", c->epoch);
	json_uint(&w, "self", c->self);
	json_roles(&w, shown_self_roles(c));
	if (c->has_table_size)
		json_uint(&w, "table_size", c->table_size);
	if (c->has_auth)
		json_bool(&w, "auth", c->auth);
	if (c->has_digest) {
		snprintf(buf, sizeof(buf), "0x%08" PRIx32, c->digest);
		json_string(&w, "map_digest", buf);
	}
	if (c->has_probe_ms)
		json_uint(&w, "probe_ms", c->probe_ms);
	if (c->has_suspect_ms)
		json_uint(&w, "suspect_ms", c->suspect_ms);
	if (c->has_boot) {
		snprintf(buf, sizeof(buf), "0x%08" PRIx32, c->boot);
		json_string(&w, "boot", buf);
	}
	if (c->has_rolling_from)
		json_uint(&w, "rolling_from", c->rolling_from);
	json_array_open(&w, "nodes");
	for (i = 0; i < c->nnodes; i++) {
		inet_ntop(AF_INET, &c->nodes[i].addr, buf, sizeof(buf));
		json_object_open(&w, NULL);
		json_uint(&w, "id", c->nodes[i].id);
		json_string(&w, "addr", buf);
		json_roles(&w, c->nodes[i].roles);
		if (i < c->nmembers) {
			json_string(&w, "state",
				    member_state_name(c->members[i].state,
						      state));
			json_uint(&w, "incarnation", c->members[i].incarnation);
			json_uint(&w, "since_ms", c->members[i].since_ms);
		}
		json_object_close(&w);
	}
	json_array_close(&w);
	json_array_open(&w, "chains");
	for (i = 0; i < c->nchains; i++) {
		ch = &c->chains[i];
		json_object_open(&w, NULL);
		json_uint(&w, "id", ch->id);
		json_array_open(&w, "nodes");
		for (j = 0; j < ch->n; j++)
			json_uint(&w, NULL, ch->nodes[j]);
		json_array_close(&w);
		if (ch->has_slots)
			json_uint(&w, "slots", ch->slots);
		json_object_close(&w);
	}
	json_array_close(&w);
	json_object_close(&w);
	json_array_close(&w);
	json_finish(&w);
}

/* zgcctl cluster show DEV */
static int cluster_show(struct zgcctl_ctx *ctx, int argc, char **argv)
{
	struct shown c = { .got = false };
	struct nlmsghdr *nlh;
	struct zgc_genl *g;
	int ret, err;

	if (argc != 2)
		return zgc_usage_err(ctx, "show takes one device");
	ret = zgc_check_ifname(ctx, argv[1]);
	if (ret)
		return ret;
	g = zgc_genl_open_dev(argv[1], ZGC_CMD_CLUSTER_GET, &nlh);
	if (!g)
		return ZGC_EXIT_FAIL;
	err = zgc_genl_doit(g, nlh, cluster_reply_cb, &c);
	if (!err && !c.got) {
		c.bad = "no reply";
		err = -EBADMSG;
	}
	if (err && c.bad) {
		zgc_err("cluster show %s: malformed reply from the kernel: %s",
			argv[1], c.bad);
		ret = ZGC_EXIT_FAIL;
	} else if (err) {
		ret = zgc_kernel_err(g, err, "cluster show %s", argv[1]);
	} else if (ctx->json) {
		cluster_print_json(ctx, argv[1], &c);
	} else {
		cluster_print_plain(argv[1], &c);
	}
	shown_free(&c);
	zgc_genl_close(g);
	return ret;
}

/* zgcctl cluster drain DEV [on|off] */
static int cluster_drain(struct zgcctl_ctx *ctx, int argc, char **argv)
{
	struct nlmsghdr *nlh;
	struct zgc_genl *g;
	uint8_t drain = 1;
	int ret, err;

	if (argc < 2 || argc > 3)
		return zgc_usage_err(ctx, "drain takes a device, then on or off");
	if (argc == 3 && !strcmp(argv[2], "off"))
		drain = 0;
	else if (argc == 3 && strcmp(argv[2], "on"))
		return zgc_usage_err(ctx, "drain: '%s' is neither on nor off",
				     argv[2]);
	ret = zgc_check_ifname(ctx, argv[1]);
	if (ret)
		return ret;
	g = zgc_genl_open_dev(argv[1], ZGC_CMD_CLUSTER_DRAIN, &nlh);
	if (!g)
		return ZGC_EXIT_FAIL;
	mnl_attr_put_u8(nlh, ZGC_A_DRAIN, drain);
	err = zgc_genl_doit(g, nlh, NULL, NULL);
	if (err)
		ret = zgc_kernel_err(g, err, "cluster drain %s", argv[1]);
	zgc_genl_close(g);
	return ret;
}

/* zgcctl cluster apply|show|drain DEV ... */
int cmd_cluster(struct zgcctl_ctx *ctx, int argc, char **argv)
{
	if (!argc)
		return zgc_usage_err(ctx, "give apply, show or drain");
	if (!strcmp(argv[0], "apply"))
		return cluster_apply(ctx, argc, argv);
	if (!strcmp(argv[0], "show"))
		return cluster_show(ctx, argc, argv);
	if (!strcmp(argv[0], "drain"))
		return cluster_drain(ctx, argc, argv);
	return zgc_usage_err(ctx, "unknown subcommand '%s'", argv[0]);
}
