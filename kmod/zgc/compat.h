/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Differences between the kernels zgc supports (Debian's 6.1 and 6.12
 * lines), decided by probing the headers, never by version numbers:
 * Debian backports features into 6.1. Macros are tested directly here;
 * the few features only visible as struct members or functions are probed
 * by grepping the headers in kmod/Kbuild, which defines ZGC_HAVE_*.
 */
#ifndef _ZGC_COMPAT_H
#define _ZGC_COMPAT_H

#include <linux/netdevice.h>
#include <net/genetlink.h>

/* The unaligned accessors moved from asm/ to linux/ in 6.12. */
#ifdef ZGC_HAVE_LINUX_UNALIGNED
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif

/* Lockless TX: a feature bit on 6.1, a device flag since 6.12. */
static inline void zgc_compat_set_lltx(struct net_device *dev)
{
#ifdef NETIF_F_LLTX
	dev->features |= NETIF_F_LLTX;
#else
	dev->lltx = true;
#endif
}

/*
 * A device that must stay in the namespace it was created in: a feature
 * bit on 6.1, then dev->netns_local, renamed dev->netns_immutable.
 */
static inline void zgc_compat_set_netns_immutable(struct net_device *dev)
{
#if defined(NETIF_F_NETNS_LOCAL)
	dev->features |= NETIF_F_NETNS_LOCAL;
#elif defined(ZGC_HAVE_NETNS_IMMUTABLE)
	dev->netns_immutable = true;
#else
	dev->netns_local = true;
#endif
}

/*
 * Per-CPU tstats: the core allocates and frees them when the device asks
 * (pcpu_stat_type, which the UDP tunnel transmit path also reads: without
 * it, it warns), else the driver does, in ndo_init and its destructor.
 */
static inline void zgc_compat_tstats_setup(struct net_device *dev)
{
#ifdef ZGC_HAVE_PCPU_STAT_TYPE
	dev->pcpu_stat_type = NETDEV_PCPU_STAT_TSTATS;
#endif
}

static inline int zgc_compat_tstats_alloc(struct net_device *dev)
{
#ifndef ZGC_HAVE_PCPU_STAT_TYPE
	dev->tstats = netdev_alloc_pcpu_stats(struct pcpu_sw_netstats);
	if (!dev->tstats)
		return -ENOMEM;
#endif
	return 0;
}

static inline void zgc_compat_tstats_free(struct net_device *dev)
{
#ifndef ZGC_HAVE_PCPU_STAT_TYPE
	free_percpu(dev->tstats);
	dev->tstats = NULL;
#endif
}

/* The attributes a dump request carried, parsed by the genl core. */
static inline struct nlattr **zgc_compat_dump_attrs(struct netlink_callback *cb)
{
#ifdef ZGC_HAVE_GENL_INFO_DUMP
	return genl_info_dump(cb)->attrs;
#else
	return genl_dumpit_info(cb)->attrs;
#endif
}

#endif /* _ZGC_COMPAT_H */
