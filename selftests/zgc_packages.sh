#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# zgc's Debian packages (make deb: build/deb/) installed as an operator
# installs them, in the guest (whose root is a throw-away overlay): the
# tools where Debian puts them, working from there (ip's own plugin
# directory, man, bash completion); the module built by DKMS for the
# running kernel, loaded and used; both removed cleanly.

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

DEBS=$ZGC_TOP/build/deb

# deb NAME: the package file of NAME.
deb()
{
	local f

	f=$(find "$DEBS" -maxdepth 1 -name "$1_*.deb" | head -n 1)
	[ -n "$f" ] || { echo "no $1 package in $DEBS: make deb first"; return 1; }
	echo "$f"
}

# zgc-tools: zgcctl in /usr/sbin, its manual and completion, and ip's
# plugin in ip's own directory: `ip link add ... type zgc port N` and
# `ip -d link` work without IP_LIB_DIR.
tools_package()
{
	local NS out

	dpkg -i "$(deb zgc-tools)" >/dev/null
	ZGC_CLEANUP+=("dpkg -r zgc-tools >/dev/null")
	zgc_match "zgcctl" "$(/usr/sbin/zgcctl -V)" \
		'^zgcctl 0\.1\.0 \(Generic Netlink family zgc version 1\)$'
	zgc_eq "manuals" "$(man -w zgcctl zgc | tr '\n' ' ')" \
		"/usr/share/man/man8/zgcctl.8.gz /usr/share/man/man8/zgc.8.gz "
	zgc_eq "completion" \
		"$(bash -c '. /usr/share/bash-completion/completions/zgcctl; complete -p zgcctl')" \
		"complete -F _zgcctl zgcctl"
	zgc_ns_new NS
	out=$(env -u IP_LIB_DIR ip -n "$NS" link add zgc0 type zgc port 7777 \
		ttl 9 2>&1) || { echo "$out"; return 1; }
	zgc_match "ip -d link, plugin from the package" \
		"$(env -u IP_LIB_DIR ip -n "$NS" -d link show zgc0)" \
		"zgc overlay geneve port 7777 ttl 9 df unset provider off"
	zgc_match "zgcctl from the package" "$(/usr/sbin/zgcctl -n "$NS" show zgc0)" \
		"^zgc0: .* port 7777 ttl 9 "
	dpkg -r zgc-tools >/dev/null
	zgc_eq "removed" "$(ls /usr/sbin/zgcctl \
		"/usr/lib/$(gcc -print-multiarch)/ip/link_zgc.so" 2>/dev/null)" ""
}

# zgc-dkms: DKMS builds the module for the running kernel when the
# package is installed; the module it built loads and serves; removing
# the package removes it (and the module the guest started with comes
# back).
dkms_package()
{
	local NS krel ko

	krel=$(uname -r)
	if [ ! -e "/lib/modules/$krel/build" ]; then
		echo "no headers of $krel here: DKMS cannot build for it"
		exit "$KSFT_SKIP"
	fi
	dpkg -i "$(deb zgc-dkms)" >/dev/null
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

zgc_main tools_package dkms_package
