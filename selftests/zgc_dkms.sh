#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# zgc-dkms (make deb: build/deb/) installed in the guest: DKMS builds the
# module for the running kernel, which loads and serves; removed, the
# guest's own module comes back. Not in `make check`'s programs: DKMS's
# build of the module takes most of 20 minutes of a guest under QEMU's
# emulation (18 minutes, 6.1, 2026-12-07, other guests on the machine),
# per kernel, which CI's time cannot hold twice; run it with
#   ZGC_TESTS=zgc_dkms.sh make check [KVER=6.1]
# (zgc_packages.sh, in make check, installs and uses zgc-tools).

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

# own_module_back KO DIR KREL: the guest's own module KO, put aside in
# DIR, back in its place and loaded (nothing if it is back already).
own_module_back()
{
	[ -e "$2/${1##*/}" ] || return 0
	rmmod zgc 2>/dev/null || true
	mv "$2/${1##*/}" "$1"
	depmod "$3"
	modprobe zgc
}

# zgc-dkms: DKMS builds the module for the running kernel when the
# package is installed; the module it built loads and serves; removing
# the package removes it. The guest is made a node without zgc first:
# its own module (vm.sh's, in extra/) is put aside, or DKMS would keep
# it ("exactly matches what is already found in kernel"), and only the
# running kernel's headers are left, or DKMS would build for every kernel
# the host has headers of (its files are the guest's; the changes vanish
# with the guest). After, the guest's own module comes back.
dkms_package()
{
	local NS krel ko own d aside

	krel=$(uname -r)
	# The guest's modules are the kernel package's: the link to the
	# headers is the headers package's, as it makes it.
	if [ ! -e "/lib/modules/$krel/build" ] &&
	   [ -d "/usr/src/linux-headers-$krel" ]; then
		ln -sfn "/usr/src/linux-headers-$krel" "/lib/modules/$krel/build"
	fi
	if [ ! -e "/lib/modules/$krel/build" ]; then
		echo "no headers of $krel here: DKMS cannot build for it"
		exit "$KSFT_SKIP"
	fi
	for d in /lib/modules/*/build; do
		[ "$d" = "/lib/modules/$krel/build" ] || rm -f "$d"
	done
	own=$(modinfo -n zgc)
	aside=$(mktemp -d)
	rmmod zgc
	mv "$own" "$aside/"
	depmod "$krel"
	ZGC_CLEANUP+=("dpkg -r zgc-dkms >/dev/null 2>&1; own_module_back $own $aside $krel; rm -rf $aside")
	zgc_fails modprobe -q zgc
	dpkg -i "$(zgc_deb zgc-dkms)" >/dev/null
	zgc_match "built and installed" "$(dkms status zgc)" \
		"^zgc/0\.1\.0, $krel, x86_64: installed"
	ko=$(modinfo -n zgc)
	zgc_match "the module DKMS built" "$ko" "^/lib/modules/$krel/updates/dkms/zgc\.ko"
	# The only zgc module there is (modprobe failed before): it loads.
	modprobe zgc
	zgc_eq "loaded" "$(awk '$1 == "zgc" { print "yes" }' /proc/modules)" yes
	zgc_ns_new NS
	ip -n "$NS" link add zgc0 type zgc
	"$ZGCCTL" -n "$NS" subnet add zgc0 vni 100 gw 10.1.0.1/24 mac 02:00:00:00:01:00
	zgc_eq "serves" "$("$ZGCCTL" -n "$NS" subnet show zgc0)" \
		"vni 100 gw 10.1.0.1/24 mac 02:00:00:00:01:00"
	ip -n "$NS" link del zgc0
	rmmod zgc
	dpkg -r zgc-dkms >/dev/null
	zgc_eq "removed" "$(dkms status zgc)" ""
	zgc_fails test -e "/lib/modules/$krel/updates/dkms/zgc.ko"
	zgc_fails modprobe -q zgc
	own_module_back "$own" "$aside" "$krel"
	zgc_match "the guest's own again" "$(modinfo -n zgc)" "^/lib/modules/$krel/extra/"
}

zgc_main dkms_package
