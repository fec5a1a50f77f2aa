// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the DFT option's reader, kmod/dft/msg.c itself. Any
 * input is read without a fault; what it accepts checks its MAC, and
 * writes back to the same bytes (up to the MAC), which read back to the
 * same message.
 */

#include "msg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const siphash_key_t key = { { 0x0706050403020100ULL,
					     0x0f0e0d0c0b0a0908ULL } };
	u8 extra[sizeof(struct zgc_flow_key)] = { 0 };
	u8 out[DFT_WIRE_MAX_LEN];
	struct dft_msg m, m2;
	unsigned int len, body;

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
	if (m.flags & DFT_F_AUTH)
		(void)dft_msg_mac_valid(data, size, &key, extra, sizeof(extra));
	dft_msg_write(out, &m, &key, extra, sizeof(extra));
	body = len - (m.flags & DFT_F_AUTH ? DFT_WIRE_MAC_LEN : 0);
	if (memcmp(out, data, body))
		abort();
	if (dft_msg_read(out, len, &m2) != DFT_MSG_OK ||
	    memcmp(&m, &m2, sizeof(m)))
		abort();
	if ((m.flags & DFT_F_AUTH) &&
	    !dft_msg_mac_valid(out, len, &key, extra, sizeof(extra)))
		abort();
	return 0;
}
