/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _DFT_REPLAY_H
#define _DFT_REPLAY_H

#include <linux/types.h>
#include <linux/zgc.h>

struct dft_cluster;
struct dft_replay;

void dft_replay_init(struct dft_replay *r);
enum zgc_stats_attr dft_replay_accept(struct dft_replay *r, u32 boot, u64 seq);
u32 dft_replay_boot(struct dft_replay *r);
void dft_replay_rebind(struct dft_replay *r, u32 boot);
void dft_replay_carry(struct dft_cluster *c, struct dft_cluster *old);

#endif /* _DFT_REPLAY_H */
