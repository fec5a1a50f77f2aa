/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _DFT_REPLAY_H
#define _DFT_REPLAY_H

#include <linux/types.h>

struct dft_replay;

bool dft_replay_accept(struct dft_replay *r, u64 seq);

#endif /* _DFT_REPLAY_H */
