/* SPDX-License-Identifier: GPL-2.0 */
/* zgcctl monitor: what its two files share. */
#ifndef ZGCCTL_MONITOR_H
#define ZGCCTL_MONITOR_H

#include <libmnl/libmnl.h>

#include "json.h"

struct monitor {
	const char *dev;	/* only this device's events, if set */
	struct printer pr;
};

/*
 * monitor_config.c: prints a ZGC_CMD_CONFIG_NTF (tb: its attributes),
 * a line per object. Return: MNL_CB_OK, or MNL_CB_ERROR on a write error.
 */
int monitor_config(struct monitor *mon, const struct nlmsghdr *nlh,
		   const struct nlattr **tb);

/*
 * monitor.c: one configuration change of device ifname, the zgcctl
 * command name (subnet add) and its arguments after the device (" vni
 * 100 ..."), with the time it was read.
 * Return: MNL_CB_OK, or MNL_CB_ERROR on a write error.
 */
int monitor_config_print(struct monitor *mon, const char *ifname,
			 const char *change, const char *args);

#endif /* ZGCCTL_MONITOR_H */
