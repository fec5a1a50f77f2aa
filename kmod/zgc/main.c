// SPDX-License-Identifier: GPL-2.0
/*
 * zgc - Zeta Gateway Cluster.
 *
 * Module init is a ladder: the self tests of debug builds first, then the
 * flow cache's slab, the per-namespace state and the link kind, the
 * Generic Netlink family last, so that no request can reach a
 * half-initialised module. Exit climbs down in the mirror order.
 */

#include <linux/module.h>
#include <linux/rcupdate.h>

#include "device.h"
#include "flow.h"
#include "maglev.h"
#include "netlink.h"

/* Debug builds test their algorithms before anything can use them. */
static int __init zgc_selftests(void)
{
#ifdef ZGC_DEBUG
	if (!dft_maglev_selftest())
		return -ENOTRECOVERABLE;
#endif
	return 0;
}

static int __init zgc_mod_init(void)
{
	int err;

	err = zgc_selftests();
	if (err)
		return err;
	err = zgc_flow_cache_init();
	if (err)
		return err;
	err = zgc_device_init();
	if (err)
		goto err_flow;
	err = zgc_genl_init();
	if (err)
		goto err_device;
	pr_info("Zeta Gateway Cluster loaded\n");
	return 0;

err_device:
	zgc_device_uninit();
err_flow:
	zgc_flow_cache_uninit();
	return err;
}

static void __exit zgc_mod_exit(void)
{
	zgc_genl_uninit();
	zgc_device_uninit();
	/* Waits for the RCU callbacks, then frees the flow slab. */
	zgc_flow_cache_uninit();
}

module_init(zgc_mod_init);
module_exit(zgc_mod_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Zeta Gateway Cluster: multi-tenant Geneve/VXLAN gateway");
MODULE_AUTHOR("The zgc developers");
#ifdef ZGC_DEBUG
/* For the selftests: `modinfo -F selftests zgc` says they ran at load. */
MODULE_INFO(selftests, "yes");
#endif
