// SPDX-License-Identifier: GPL-2.0
/*
 * Maglev consistent hashing (Eisenbud et al., NSDI 2016) of flows onto DFT
 * replication chains.
 *
 * Each chain has a permutation of the slots, given by an offset and a
 * skip derived from its id. Chains take turns claiming the next free slot
 * of their permutation until every slot is taken, so each chain gets
 * size / nchains slots, give or take one, and removing or adding a chain
 * moves few slots between the chains that stay.
 *
 * Chains take their turns in the order of their ids, whatever the order
 * the caller lists them in, and the hashes use fixed seeds: every node
 * builds the same table from the same cluster description.
 *
 * The same tables map a service's flows onto its backends (service.c),
 * with weights: in each round of turns, a backend of weight w claims w
 * slots, so its share of the slots is its share of the weights.
 */

#include <linux/err.h>
#include <linux/jhash.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/sort.h>

#include "maglev.h"

#define DFT_MAGLEV_SEED_OFFSET 0x5a657461	/* "Zeta" */
#define DFT_MAGLEV_SEED_SKIP 0x44465421		/* "DFT!" */
#define DFT_MAGLEV_EMPTY U16_MAX

/* One chain's walk through its permutation of the slots. */
struct dft_maglev_walk {
	u32 id;
	u32 index;	/* in the caller's array */
	u32 pos;	/* next slot to try */
	u32 skip;
	u32 weight;	/* slots it claims in a round of turns */
};

/**
 * dft_maglev_size_valid() - whether a table may have this many slots
 * @size: number of slots
 *
 * Return: true for a prime from 2 to DFT_MAGLEV_MAX_SIZE.
 */
bool dft_maglev_size_valid(u32 size)
{
	u32 d;

	if (size < 2 || size > DFT_MAGLEV_MAX_SIZE)
		return false;
	for (d = 2; d * d <= size; d++)
		if (!(size % d))
			return false;
	return true;
}

static int dft_maglev_walk_cmp(const void *a, const void *b)
{
	const struct dft_maglev_walk *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

static void dft_maglev_fill(struct dft_maglev *m, struct dft_maglev_walk *w)
{
	u32 filled = 0, i, k, c;

	for (i = 0; i < m->size; i++)
		m->slot[i] = DFT_MAGLEV_EMPTY;
	/*
	 * Ends: every turn fills one slot. A walk always finds a free slot
	 * within size steps, as a skip below a prime size visits every slot.
	 */
	for (;;) {
		for (i = 0; i < m->nchains; i++) {
			for (k = 0; k < w[i].weight; k++) {
				do {
					c = w[i].pos;
					w[i].pos += w[i].skip;
					if (w[i].pos >= m->size)
						w[i].pos -= m->size;
				} while (m->slot[c] != DFT_MAGLEV_EMPTY);
				m->slot[c] = w[i].index;
				if (++filled == m->size)
					return;
			}
		}
	}
}

/**
 * dft_maglev_build_weighted() - the table of a set of weighted targets
 * @chain_ids: the targets' ids (chains, or hashes of backends), all
 *	different
 * @weights: their weights, each at least 1, or NULL for 1 each
 * @nchains: how many, 1 to @size
 * @size: number of slots, see dft_maglev_size_valid()
 * @gfp: allocation flags
 *
 * Return: the table, or ERR_PTR(-EINVAL) for a bad size, count, weight or
 * a duplicate id, ERR_PTR(-ENOMEM).
 */
struct dft_maglev *dft_maglev_build_weighted(const u32 *chain_ids,
					     const u16 *weights, u32 nchains,
					     u32 size, gfp_t gfp)
{
	struct dft_maglev_walk *w;
	struct dft_maglev *m;
	u32 i;

	if (!nchains || nchains > size || !dft_maglev_size_valid(size))
		return ERR_PTR(-EINVAL);
	w = kvmalloc_array(nchains, sizeof(*w), gfp);
	if (!w)
		return ERR_PTR(-ENOMEM);
	for (i = 0; i < nchains; i++) {
		w[i].id = chain_ids[i];
		w[i].index = i;
		w[i].pos = jhash_1word(w[i].id, DFT_MAGLEV_SEED_OFFSET) % size;
		w[i].skip = jhash_1word(w[i].id, DFT_MAGLEV_SEED_SKIP) %
			    (size - 1) + 1;
		w[i].weight = weights ? weights[i] : 1;
		if (!w[i].weight) {
			kvfree(w);
			return ERR_PTR(-EINVAL);
		}
	}
	sort(w, nchains, sizeof(*w), dft_maglev_walk_cmp, NULL);
	for (i = 1; i < nchains; i++) {
		if (w[i].id == w[i - 1].id) {
			kvfree(w);
			return ERR_PTR(-EINVAL);
		}
	}
	m = kvmalloc(struct_size(m, slot, size), gfp);
	if (!m) {
		kvfree(w);
		return ERR_PTR(-ENOMEM);
	}
	m->size = size;
	m->nchains = nchains;
	dft_maglev_fill(m, w);
	kvfree(w);
	return m;
}

/**
 * dft_maglev_build() - the table of a set of chains
 * @chain_ids: the chains' ids, all different
 * @nchains: how many, 1 to @size
 * @size: number of slots, see dft_maglev_size_valid()
 * @gfp: allocation flags
 *
 * Return: as dft_maglev_build_weighted() with every weight 1.
 */
struct dft_maglev *dft_maglev_build(const u32 *chain_ids, u32 nchains,
				    u32 size, gfp_t gfp)
{
	return dft_maglev_build_weighted(chain_ids, NULL, nchains, size, gfp);
}

/**
 * dft_maglev_dup() - a copy of a table
 * @m: the table
 * @gfp: allocation flags
 *
 * Return: the copy, or NULL.
 */
struct dft_maglev *dft_maglev_dup(const struct dft_maglev *m, gfp_t gfp)
{
	size_t size = struct_size(m, slot, m->size);
	struct dft_maglev *n = kvmalloc(size, gfp);

	if (n)
		memcpy(n, m, size);
	return n;
}

/**
 * dft_maglev_free() - free a table once no reader can see it
 * @m: the table, already unpublished; may be NULL
 */
void dft_maglev_free(struct dft_maglev *m)
{
	if (m)
		kvfree_rcu(m, rcu);
}
