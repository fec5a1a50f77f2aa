#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# zgc-dkms (make deb: build/deb/) installed in the guest: DKMS builds the
# module for the running kernel, which loads and serves; removed, the
# guest's own module comes back. Not in `make check`'s programs: the
# build takes DKMS many minutes under QEMU's emulation, per kernel, which
# CI's time cannot hold twice; run it with
#   ZGC_TESTS=zgc_dkms.sh make check
# (zgc_packages.sh, in make check, installs and uses zgc-tools).

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

# zgc-dkms: DKMS builds the module for the running kernel when the
# package is installed; the module it built loads and serves; removing
# the package removes it (and the module the guest started with comes
# back).
dkms_package()
{
	local NS krel ko

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
	dpkg -i "$(zgc_deb zgc-dkms)" >/dev/null
	ZGC_CLEANUP+=("dpkg -r zgc-dkms >/dev/null 2>&1; rmmod zgc 2>/dev/null; modprobe zgc")
	zgc_match "built and installed" "$(dkms status zgc)" \
		"^zgc/0\.1\.0, $krel, x86_64: installed"
	ko=$(modinfo -n zgc)
	zgc_match "the module DKMS built" "$ko" "^/lib/modules/$krel/updates/dkms/zgc\.ko"
	rmmod zgc
	modprobe zgc
	zgc_eq "loaded" "$(cat /sys/module/zgc/srcversion)" \
		"$(modinfo -F srcversion "$ko")"
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
	modprobe zgc
	zgc_match "the guest's own again" "$(modinfo -n zgc)" "^/lib/modules/$krel/extra/"
}

zgc_main dkms_package
