// SPDX-License-Identifier: GPL-2.0
/*
 * zgc - Zeta Gateway Cluster.
 *
 * Module init is a ladder: the per-namespace state and the link kind
 * first, the Generic Netlink family last, so that no request can reach a
 * half-initialised module. Exit climbs down in the mirror order.
 */

#include <linux/module.h>
#include <linux/rcupdate.h>

#include "device.h"
#include "netlink.h"

static int __init zgc_mod_init(void)
{
	int err;

	err = zgc_device_init();
	if (err)
		return err;
	err = zgc_genl_init();
	if (err)
		goto err_device;
	pr_info("Zeta Gateway Cluster loaded\n");
	return 0;

err_device:
	zgc_device_uninit();
	return err;
}

static void __exit zgc_mod_exit(void)
{
	zgc_genl_uninit();
	zgc_device_uninit();
	rcu_barrier();
}

module_init(zgc_mod_init);
module_exit(zgc_mod_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Zeta Gateway Cluster: multi-tenant Geneve/VXLAN gateway");
MODULE_AUTHOR("The zgc developers");
