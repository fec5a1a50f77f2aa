/* SPDX-License-Identifier: GPL-2.0 */
#include_next <linux/in6.h>
