#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# zgc's Debian packages (make deb: build/deb/) installed as an operator
# installs them, in the guest (whose root is a throw-away overlay): the
# tools where Debian puts them, working from there (ip's own plugin
# directory, man, bash completion), and removed cleanly. zgc_dkms.sh
# does the same with zgc-dkms (not in make check: see there).

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

# zgc-tools: zgcctl in /usr/sbin, its manual and completion, and ip's
# plugin in ip's own directory: `ip link add ... type zgc port N` and
# `ip -d link` work without IP_LIB_DIR.
tools_package()
{
	local NS out

	dpkg -i "$(zgc_deb zgc-tools)" >/dev/null
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
	zgc_fails test -e /usr/sbin/zgcctl
	zgc_fails test -e "/usr/lib/$(gcc -print-multiarch)/ip/link_zgc.so"
}

zgc_main tools_package
