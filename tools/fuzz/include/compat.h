/* SPDX-License-Identifier: GPL-2.0 */
/* The harness's stand-in for kmod/zgc/compat.h: shim.h has it all. */
