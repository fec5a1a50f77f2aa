/* SPDX-License-Identifier: GPL-2.0 */
#include <linux/if_ether.h>

static inline bool is_valid_ether_addr(const u8 *a)
{
	static const u8 zero[ETH_ALEN];

	return !(a[0] & 1) && memcmp(a, zero, ETH_ALEN);
}

static inline bool is_zero_ether_addr(const u8 *a)
{
	static const u8 zero[ETH_ALEN];

	return !memcmp(a, zero, ETH_ALEN);
}
