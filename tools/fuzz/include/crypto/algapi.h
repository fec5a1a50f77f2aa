/* SPDX-License-Identifier: GPL-2.0 */
static inline int crypto_memneq(const void *a, const void *b, size_t n)
{
	return memcmp(a, b, n) != 0;
}
