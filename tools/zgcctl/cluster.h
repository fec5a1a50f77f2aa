/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The cluster description that zgcctl cluster apply reads: a JSON document
 * (zgcctl(8), CLUSTER DESCRIPTION) read by cluster_doc.c, which checks its
 * shape (keys, types, ranges); what it means (unique ids, chains of FTNs,
 * the table size...) the kernel checks (ZGC_CMD_CLUSTER_SET).
 */
#ifndef ZGCCTL_CLUSTER_H
#define ZGCCTL_CLUSTER_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/zgc.h>

/* The largest document zgcctl reads. */
#define CLUSTER_DOC_MAX (4 << 20)

/* The roles, by bit (ZGC_ROLE_FWD is bit 0): "fwd", "ftn". */
#define CLUSTER_ROLES 2
extern const char *const cluster_role_names[CLUSTER_ROLES];

struct cluster_node {
	uint32_t id;
	struct in_addr addr;
	uint32_t roles;		/* ZGC_ROLE_* */
};

struct cluster_chain {
	uint32_t id;
	size_t n;
	uint32_t *nodes;	/* node ids, head first */
};

/* A description as the document gives it, in its order. */
struct cluster_desc {
	uint32_t id;
	uint64_t epoch;
	bool has_table_size;
	bool has_key;
	bool insecure;
	bool has_probe_ms;
	bool has_suspect_ms;
	uint32_t table_size;
	uint32_t probe_ms;
	uint32_t suspect_ms;
	uint8_t key[ZGC_CLUSTER_KEY_LEN];
	size_t nnodes;
	struct cluster_node *nodes;
	size_t nchains;
	struct cluster_chain *chains;
};

/*
 * Reads the description in file ("-": standard input) into d, which
 * cluster_desc_free() frees after, whatever the result.
 * Return: 0; ZGC_EXIT_FAIL when the file cannot be read, ZGC_EXIT_USAGE
 * when it is no valid description. err then says why, as "FILE: ...",
 * "FILE:LINE:COLUMN: ..." or "PATH: ..." (PATH: where in the document,
 * as in chains[1].nodes[0]).
 */
int cluster_doc_read(const char *file, struct cluster_desc *d, char *err,
		     size_t errlen);
void cluster_desc_free(struct cluster_desc *d);

#endif /* ZGCCTL_CLUSTER_H */
