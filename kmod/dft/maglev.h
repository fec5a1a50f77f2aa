/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _DFT_MAGLEV_H
#define _DFT_MAGLEV_H

#include <linux/rcupdate.h>
#include <linux/types.h>

/*
 * Slots of a table: a prime, as Maglev needs. The default is the design's
 * (307); the largest keeps a slot index in 16 bits.
 */
#define DFT_MAGLEV_DEFAULT_SIZE 307
#define DFT_MAGLEV_MAX_SIZE 65521

/**
 * struct dft_maglev - a Maglev consistent-hash table: flow hash -> chain
 * @rcu: frees the table after the readers that may still see it
 * @size: number of slots, a prime
 * @nchains: number of chains the table was built for
 * @slot: for each slot, the index (0 .. @nchains - 1) of its chain in the
 *	array the table was built from
 *
 * A table is immutable once built: a new chain set builds a new table,
 * published with rcu_assign_pointer() and freed with dft_maglev_free().
 * Every node that builds from the same chain ids, in any order, gets the
 * same table, so all nodes map a flow to the same chain.
 */
struct dft_maglev {
	struct rcu_head rcu;
	u32 size;
	u32 nchains;
	u16 slot[];
};

bool dft_maglev_size_valid(u32 size);
struct dft_maglev *dft_maglev_build(const u32 *chain_ids, u32 nchains,
				    u32 size, gfp_t gfp);
struct dft_maglev *dft_maglev_build_weighted(const u32 *chain_ids,
					     const u16 *weights, u32 nchains,
					     u32 size, gfp_t gfp);
struct dft_maglev *dft_maglev_dup(const struct dft_maglev *m, gfp_t gfp);
void dft_maglev_free(struct dft_maglev *m);

/**
 * dft_maglev_lookup() - the chain of a flow
 * @m: the table
 * @hash: the flow's hash, the same on every node
 *
 * Return: the index of the flow's chain in the array @m was built from.
 */
static inline u32 dft_maglev_lookup(const struct dft_maglev *m, u32 hash)
{
	return m->slot[hash % m->size];
}

#ifdef ZGC_DEBUG
bool dft_maglev_selftest(void);
#endif

#endif /* _DFT_MAGLEV_H */
