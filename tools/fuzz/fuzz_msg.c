// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the DFT option's reader, kmod/dft/msg.c itself. Any
 * input is read without a fault; what it accepts writes back to the same
 * bytes (up to the MAC), which read back to the same message, and a MAC
 * written over it (and a frame) checks, fed whole or byte by byte.
 */

#include "msg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const siphash_key_t key = { { 0x0706050403020100ULL,
					     0x0f0e0d0c0b0a0908ULL } };
	static const u8 frame[] = "a frame the message carries";
	u8 out[DFT_WIRE_MAX_LEN];
	struct dft_msg m, m2;
	unsigned int len, body, i;
	struct dft_mac s;

	/* A Geneve option's data: 31 words at most. */
	if (size > 124)
		return 0;
	memset(&m, 0, sizeof(m));
	memset(&m2, 0, sizeof(m2));
	if (dft_msg_read(data, size, &m) != DFT_MSG_OK)
		return 0;
	len = dft_msg_len(&m);
	if (len != size || len > sizeof(out))
		abort();
	dft_msg_write(out, &m);
	body = len - (m.flags & DFT_F_AUTH ? DFT_WIRE_MAC_LEN : 0);
	if (memcmp(out, data, body))
		abort();
	if (!(m.flags & DFT_F_AUTH))
		return 0;
	dft_msg_mac_begin(&s, out, len, &key, 100);
	dft_mac_update(&s, frame, sizeof(frame));
	dft_msg_mac_put(out, len, &s);
	if (dft_msg_read(out, len, &m2) != DFT_MSG_OK ||
	    memcmp(&m, &m2, sizeof(m)))
		abort();
	dft_msg_mac_begin(&s, out, len, &key, 100);
	for (i = 0; i < sizeof(frame); i++)
		dft_mac_update(&s, frame + i, 1);
	if (!dft_msg_mac_check(out, len, &s))
		abort();
	dft_msg_mac_begin(&s, out, len, &key, 101);
	dft_mac_update(&s, frame, sizeof(frame));
	if (dft_msg_mac_check(out, len, &s))
		abort();
	return 0;
}
