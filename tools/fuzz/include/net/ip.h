/* SPDX-License-Identifier: GPL-2.0 */
static inline bool ipv4_is_multicast(__be32 a) { return (ntohl(a) & 0xf0000000) == 0xe0000000; }
static inline bool ipv4_is_lbcast(__be32 a) { return a == 0xffffffff; }
static inline bool ipv4_is_zeronet(__be32 a) { return (ntohl(a) & 0xff000000) == 0; }
static inline bool ipv4_is_loopback(__be32 a) { return (ntohl(a) & 0xff000000) == 0x7f000000; }
