// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the walk of a Geneve header's options, as the receive
 * path calls it (kmod/zgc/overlay.h). Any input is walked without
 * reading past its end, and an option found lies within it.
 */

#include "overlay.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned int found = 0, len = 0, end = size & ~3u;
	u8 *copy;
	int err;

	/* The options' length field: 63 words at most. */
	if (end > 252)
		end = 252;
	/* Exactly as long as the options: ASan sees a read past them. */
	copy = malloc(end ? end : 1);
	memcpy(copy, data, end);
	err = zgc_geneve_opts_find(copy, 0, end, htons(0xFF7A), 0x81,
				   &found, &len);
	if (!err && found && (found < 4 || found + len > end))
		abort();
	if (err && err != -EBADMSG && err != -EEXIST && err != -EPROTO)
		abort();
	free(copy);
	return 0;
}
