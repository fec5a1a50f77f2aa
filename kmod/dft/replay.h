/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _DFT_REPLAY_H
#define _DFT_REPLAY_H

#include <linux/types.h>

struct dft_cluster;
struct dft_replay;

void dft_replay_init(struct dft_replay *r);
bool dft_replay_accept(struct dft_replay *r, u64 seq);
void dft_replay_carry(struct dft_cluster *c, struct dft_cluster *old);

#endif /* _DFT_REPLAY_H */
