// SPDX-License-Identifier: GPL-2.0
/*
 * Self tests of the Maglev table, run at module load in debug builds
 * (ZGC_DEBUG=1): bad arguments, full and balanced tables, independence of
 * the order chains are listed in, and few slots moved by a chain leaving.
 */

#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/printk.h>
#include <linux/slab.h>

#include "maglev.h"

#define NCHAINS 8
#define SIZE DFT_MAGLEV_DEFAULT_SIZE

static const u32 ids[NCHAINS] = { 7, 1000, 3, 42, 65536, 9, 123456, 77 };

static bool __init maglev_bad_args(void)
{
	static const u32 dup[] = { 1, 2, 1 };
	bool ok = true;

	ok &= PTR_ERR(dft_maglev_build(ids, 0, SIZE, GFP_KERNEL)) == -EINVAL;
	ok &= PTR_ERR(dft_maglev_build(ids, 2, 306, GFP_KERNEL)) == -EINVAL;
	ok &= PTR_ERR(dft_maglev_build(ids, 2, 1, GFP_KERNEL)) == -EINVAL;
	ok &= PTR_ERR(dft_maglev_build(ids, 5, 3, GFP_KERNEL)) == -EINVAL;
	ok &= PTR_ERR(dft_maglev_build(dup, 3, SIZE, GFP_KERNEL)) == -EINVAL;
	ok &= !dft_maglev_size_valid(DFT_MAGLEV_MAX_SIZE + 2);
	ok &= dft_maglev_size_valid(DFT_MAGLEV_MAX_SIZE);
	if (!ok)
		pr_err("maglev self-test: bad arguments accepted\n");
	return ok;
}

/* Every slot names a chain, and each chain has its fair share +- 1. */
static bool __init maglev_balanced(const struct dft_maglev *m)
{
	u32 count[NCHAINS] = {}, lo = m->size / m->nchains, i;

	for (i = 0; i < m->size; i++) {
		if (m->slot[i] >= m->nchains) {
			pr_err("maglev self-test: slot %u has no chain\n", i);
			return false;
		}
		count[m->slot[i]]++;
	}
	for (i = 0; i < m->nchains; i++) {
		if (count[i] < lo || count[i] > lo + 1) {
			pr_err("maglev self-test: chain %u has %u of %u slots\n",
			       i, count[i], m->size);
			return false;
		}
	}
	return true;
}

bool __init dft_maglev_selftest(void)
{
	struct dft_maglev *m = NULL, *rev = NULL, *less = NULL;
	u32 rev_ids[NCHAINS], i, moved = 0;
	bool ok = false;

	if (!maglev_bad_args())
		return false;
	for (i = 0; i < NCHAINS; i++)
		rev_ids[i] = ids[NCHAINS - 1 - i];
	m = dft_maglev_build(ids, NCHAINS, SIZE, GFP_KERNEL);
	rev = dft_maglev_build(rev_ids, NCHAINS, SIZE, GFP_KERNEL);
	/* ids[0] leaves: the others keep their index shifted by one. */
	less = dft_maglev_build(ids + 1, NCHAINS - 1, SIZE, GFP_KERNEL);
	if (IS_ERR(m) || IS_ERR(rev) || IS_ERR(less)) {
		pr_err("maglev self-test: build failed\n");
		goto out;
	}
	if (!maglev_balanced(m) || !maglev_balanced(less))
		goto out;
	for (i = 0; i < SIZE; i++) {
		if (ids[m->slot[i]] != rev_ids[rev->slot[i]]) {
			pr_err("maglev self-test: the order of the chains changed slot %u\n",
			       i);
			goto out;
		}
		if (dft_maglev_lookup(m, i + 5 * SIZE) != m->slot[i]) {
			pr_err("maglev self-test: lookup of hash %u\n", i + 5 * SIZE);
			goto out;
		}
		if (m->slot[i] && less->slot[i] + 1 != m->slot[i])
			moved++;
	}
	/* Maglev moves far fewer than one chain's share between survivors. */
	if (moved >= SIZE / NCHAINS) {
		pr_err("maglev self-test: removing a chain moved %u other slots\n",
		       moved);
		goto out;
	}
	ok = true;
out:
	if (!IS_ERR(m))
		kvfree(m);
	if (!IS_ERR(rev))
		kvfree(rev);
	if (!IS_ERR(less))
		kvfree(less);
	if (ok)
		pr_info("maglev self-tests: pass\n");
	return ok;
}
