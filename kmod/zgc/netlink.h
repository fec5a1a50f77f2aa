/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ZGC_NETLINK_H
#define _ZGC_NETLINK_H

int zgc_genl_init(void);
void zgc_genl_uninit(void);

#endif /* _ZGC_NETLINK_H */
