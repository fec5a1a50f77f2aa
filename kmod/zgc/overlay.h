/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The tenant tunnel headers on the wire, Geneve (RFC 8926) and VXLAN
 * (RFC 7348), as zgc reads them: byte fields and masks rather than the
 * kernel's bitfield structs, so that the code reads the same on every
 * kernel and byte order.
 */
#ifndef _ZGC_OVERLAY_H
#define _ZGC_OVERLAY_H

#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/types.h>

/**
 * struct zgc_geneve_hdr - the fixed part of a Geneve header
 * @ver_opt_len: version (2 bits), then the options' length in 4-byte words
 * @flags: O (control packet) and C (critical options present), then
 *	reserved bits
 * @proto_type: ethertype of the payload, ETH_P_TEB for Ethernet
 * @vni: virtual network identifier (24 bits), then 8 reserved bits
 */
struct zgc_geneve_hdr {
	u8 ver_opt_len;
	u8 flags;
	__be16 proto_type;
	__be32 vni;
} __packed;

#define ZGC_GENEVE_VERSION 0
#define ZGC_GENEVE_VER(h) ((h)->ver_opt_len >> 6)
#define ZGC_GENEVE_OPTS_LEN(h) (((h)->ver_opt_len & 0x3f) * 4)
#define ZGC_GENEVE_F_OAM BIT(7)
#define ZGC_GENEVE_F_CRITICAL BIT(6)

/**
 * struct zgc_geneve_opt - the header of one Geneve option
 * @opt_class: namespace of @type
 * @type: option type; its high bit marks a critical option
 * @len: reserved (3 bits), then the data's length in 4-byte words
 */
struct zgc_geneve_opt {
	__be16 opt_class;
	u8 type;
	u8 len;
} __packed;

#define ZGC_GENEVE_OPT_CRITICAL BIT(7)
#define ZGC_GENEVE_OPT_DATA_LEN(o) (((o)->len & 0x1f) * 4)

/**
 * zgc_geneve_opts_find() - walk a Geneve header's options for one
 * @data: the packet's bytes
 * @off: where the options start
 * @end: where they end (the header's options length after @off, a
 *	multiple of 4: an option header fits wherever one starts)
 * @opt_class: the class of the option looked for
 * @type: its type
 * @found: where its data starts, left alone when it is absent
 * @found_len: its data's length
 *
 * A critical option other than the one looked for makes the packet one
 * zgc must not take (RFC 8926, 3.5).
 *
 * Return: 0; -EBADMSG when an option runs past @end, -EEXIST when the
 * option comes twice, -EPROTO for another critical option.
 */
static inline int zgc_geneve_opts_find(const u8 *data, unsigned int off,
				       unsigned int end, __be16 opt_class,
				       u8 type, unsigned int *found,
				       unsigned int *found_len)
{
	const struct zgc_geneve_opt *opt;
	bool seen = false;
	unsigned int olen;

	while (off < end) {
		opt = (const struct zgc_geneve_opt *)(data + off);
		olen = sizeof(*opt) + ZGC_GENEVE_OPT_DATA_LEN(opt);
		if (olen > end - off)
			return -EBADMSG;
		if (opt->opt_class == opt_class && opt->type == type) {
			if (seen)
				return -EEXIST;
			seen = true;
			*found = off + sizeof(*opt);
			*found_len = olen - sizeof(*opt);
		} else if (opt->type & ZGC_GENEVE_OPT_CRITICAL) {
			return -EPROTO;
		}
		off += olen;
	}
	return 0;
}

/**
 * struct zgc_vxlan_hdr - a VXLAN header
 * @flags: ZGC_VXLAN_F_VNI (I) must be set; the other bits are reserved
 * @vni: virtual network identifier (24 bits), then 8 reserved bits
 */
struct zgc_vxlan_hdr {
	__be32 flags;
	__be32 vni;
} __packed;

#define ZGC_VXLAN_F_VNI BIT(27)

/* The 24-bit VNI of the 32-bit field it leads. */
static inline u32 zgc_overlay_vni(__be32 field)
{
	return be32_to_cpu(field) >> 8;
}

#endif /* _ZGC_OVERLAY_H */
