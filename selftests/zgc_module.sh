#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The module's life: autoloaded by `ip link add ... type zgc` and by a
# request to the "zgc" genl family, unloaded with devices present in
# several namespaces (up and down) and after a namespace died with devices
# inside, never keeping a reference it should not.

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

zgc_loaded()
{
	[ -d /sys/module/zgc ]
}

# Unload and check that the module is really gone.
zgc_unload()
{
	zgc_eq refcnt "$(cat /sys/module/zgc/refcnt)" 0
	rmmod zgc
	zgc_fails zgc_loaded
}

autoload_by_link_kind()
{
	local A

	zgc_unload
	zgc_ns_new A
	ip -n "$A" link add zgc0 type zgc
	zgc_loaded
	zgc_dev_exists "$A" zgc0
}

autoload_by_genl_family()
{
	zgc_unload
	zgc_eq "devices" "$("$ZGCCTL" -j show)" "[]"
	zgc_loaded
}

unload_with_devices()
{
	local A B

	zgc_ns_new A
	zgc_ns_new B
	ip -n "$A" link add zgc0 type zgc
	ip -n "$A" link set zgc0 up
	ip -n "$B" link add zgc0 type zgc
	ip netns exec "$B" "$ZGCCTL" set zgc0 port 7000
	ip -n "$B" link add zgc1 type zgc
	ip -n "$B" link set zgc1 up
	zgc_unload
	zgc_fails zgc_dev_exists "$A" zgc0
	zgc_fails zgc_dev_exists "$B" zgc0
	zgc_fails zgc_dev_exists "$B" zgc1
	modprobe zgc
	ip -n "$A" link add zgc0 type zgc
}

unload_after_netns_delete()
{
	local A

	zgc_ns_new A
	ip -n "$A" link add zgc0 type zgc
	ip -n "$A" link set zgc0 up
	ip netns del "$A"
	zgc_unload
	modprobe zgc
}

# A genl socket that stays open does not pin the module.
unload_with_open_socket()
{
	local A

	zgc_ns_new A
	ip -n "$A" link add zgc0 type zgc
	ip netns exec "$A" "$ZGCCTL" show >/dev/null
	exec 3< <(ip netns exec "$A" ip monitor link)
	sleep 0.2
	zgc_unload
	exec 3<&-
	modprobe zgc
}

# A debug build (ZGC_DEBUG=1, as make check builds) runs its in-module
# self tests at every load and refuses to load if one fails.
inmodule_selftests()
{
	if [ "$(modinfo -F selftests zgc)" != yes ]; then
		echo "zgc.ko is not a ZGC_DEBUG=1 build: no in-module self tests"
		return "$KSFT_SKIP"
	fi
	local pass="zgc: maglev self-tests: pass" n

	zgc_unload
	n=$(dmesg | grep -c "$pass" || true)
	modprobe zgc
	zgc_eq "self-test passes in dmesg" "$(dmesg | grep -c "$pass")" $((n + 1))
}

zgc_main inmodule_selftests autoload_by_link_kind autoload_by_genl_family unload_with_devices \
	unload_after_netns_delete unload_with_open_socket
