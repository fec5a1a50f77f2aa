#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# zgcctl as an operator uses it: show (plain and JSON, parsed here with
# jq), set, and the errors it must explain.

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

zc()
{
	ip netns exec "$NS" "$ZGCCTL" "$@"
}

setup_two()
{
	zgc_ns_new NS
	ip -n "$NS" link add zgc0 type zgc
	zc set zgc0 overlay vxlan port 7000
	ip -n "$NS" link add zgc1 type zgc
}

show_plain()
{
	local ifindex

	setup_two
	ifindex=$(zgc_link_json "$NS" zgc1 | jq .ifindex)
	zgc_eq "show zgc1" "$(zc show zgc1)" \
		"zgc1: ifindex $ifindex overlay geneve port 6081 ttl 0 df unset provider off flows 0 flow_timeout 300 flow_max 1048576 flow_vni_max 262144 dft_entries 0"
	zgc_eq "lines" "$(zc show | wc -l)" 2
}

show_json()
{
	local j OTHER

	setup_two
	zgc_ns_new OTHER
	ip -n "$OTHER" link add zgc9 type zgc
	j=$(zc -j show)
	zgc_eq "device count" "$(jq length <<<"$j")" 2
	zgc_eq "zgc0" "$(jq -c '.[] | select(.ifname == "zgc0") | [.overlay, .port]' <<<"$j")" \
		'["vxlan",7000]'
	zgc_eq "zgc1" "$(jq -c '.[] | select(.ifname == "zgc1") | [.overlay, .port]' <<<"$j")" \
		'["geneve",6081]'
	zgc_eq "ifindex type" "$(jq -r '[.[].ifindex | type] | unique | .[]' <<<"$j")" number
	zgc_eq "zgc0 ifindex" "$(jq '.[] | select(.ifname == "zgc0") | .ifindex' <<<"$j")" \
		"$(zgc_link_json "$NS" zgc0 | jq .ifindex)"
	zgc_eq "one device" "$(zc -j show zgc1 | jq -c '[length, .[0].ifname]')" '[1,"zgc1"]'
	zgc_eq "pretty equals compact" "$(zc -j -p show | jq -c .)" "$(jq -c . <<<"$j")"
	# -n: another namespace's devices, as ip -n.
	zgc_eq "-n OTHER" "$(zc -n "$OTHER" -j show | jq -c '[.[].ifname]')" '["zgc9"]'
	zgc_eq "--netns by path" \
		"$("$ZGCCTL" --netns "/run/netns/$NS" show zgc1 | cut -d ' ' -f 1)" "zgc1:"
}

set_overlay_and_port()
{
	setup_two
	zc set zgc1 overlay vxlan
	zgc_eq "overlay alone" "$(zc -j show zgc1 | jq -c '.[0] | [.overlay, .port]')" \
		'["vxlan",4789]'
	zc set zgc1 port 5000
	zgc_eq "port alone" "$(zc -j show zgc1 | jq -c '.[0] | [.overlay, .port]')" \
		'["vxlan",5000]'
}

errors_explained()
{
	local err rc

	setup_two
	err=$(zgc_err_of zc show zgc7)
	zgc_match "missing device" "$err" "^zgcctl: .*no device with this name"
	err=$(zgc_err_of zc show lo)
	zgc_match "not zgc" "$err" "not a zgc device"
	err=$(zgc_err_of zc set zgc1 port 7000)
	zgc_match "port taken" "$err" "uses this UDP port"
	ip -n "$NS" link set zgc1 up
	err=$(zgc_err_of zc set zgc1 port 7001)
	zgc_match "device up" "$err" "the device is up"
	rc=0
	zc set zgc1 port 7001 2>/dev/null || rc=$?
	zgc_eq "kernel error exit status" "$rc" 1
	err=$(zgc_err_of "$ZGCCTL" -n zgc-no-such-netns show)
	zgc_match "no such namespace" "$err" \
		'^zgcctl: network namespace "zgc-no-such-netns": /run/netns/zgc-no-such-netns: No such file or directory$'
}

usage_errors()
{
	local rc

	setup_two
	for args in "set zgc0 port 0" "set zgc0 port 65536" "set zgc0 overlay gre" \
		    "set zgc0" "frobnicate" "show zgc0 extra" \
		    "show zgc0123456789abcdef" "monitor zgc0 extra" \
		    "monitor -x" "cluster drain" "cluster drain zgc0 maybe" \
		    "cluster drain zgc0 on extra"; do
		rc=0
		# shellcheck disable=SC2086
		zc $args 2>/dev/null || rc=$?
		zgc_eq "exit status of '$args'" "$rc" 2
	done
	zc --help | grep -q show
}

# Reading needs no privilege; changing needs CAP_NET_ADMIN.
unprivileged()
{
	local err

	setup_two
	ip netns exec "$NS" setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$ZGCCTL" show zgc0 >/dev/null
	err=$(zgc_err_of ip netns exec "$NS" setpriv --reuid=65534 --regid=65534 \
		--clear-groups "$ZGCCTL" set zgc0 port 7100)
	zgc_match "unprivileged set" "$err" "Operation not permitted"
}

# endpoint_lines FILE FIRST COUNT: append COUNT `endpoint add` lines to
# FILE, for the addresses 10.0.0.0 + FIRST, ... in VNI 100.
endpoint_lines()
{
	python3 -c "
for i in range($2, $2 + $3):
    print('endpoint add zgc0 vni 100 ip 10.%d.%d.%d mac 02:00:00:%02x:%02x:%02x host 192.0.2.%d'
          % (i >> 16 & 255, i >> 8 & 255, i & 255,
             i >> 16 & 255, i >> 8 & 255, i & 255, 1 + i % 200))" >>"$1"
}

# 100k endpoints from one batch file: all there.
batch_100k()
{
	local f

	zgc_ns_new NS
	ip -n "$NS" link add zgc0 type zgc
	f=$(mktemp)
	{
		echo "# a tenant"
		echo "subnet add zgc0 vni 100 gw 10.0.0.1/8 mac 02:00:00:00:00:01"
		echo
	} >"$f"
	endpoint_lines "$f" 256 100000
	zc -b "$f"
	rm -f "$f"
	zgc_eq "endpoints" "$(zc -j endpoint show zgc0 | jq length)" 100000
	zgc_eq "last" "$(zc endpoint show zgc0 | tail -n 1 | cut -d' ' -f1-4)" \
		"vni 100 ip 10.1.135.159"
}

# The failing line of a batch is named; what came before it was done.
batch_errors()
{
	local f err rc

	zgc_ns_new NS
	ip -n "$NS" link add zgc0 type zgc
	f=$(mktemp)
	echo "subnet add zgc0 vni 100 gw 10.0.0.1/8 mac 02:00:00:00:00:01" >"$f"
	endpoint_lines "$f" 256 3000
	# Line 2502 adds the endpoint of line 2 again.
	sed -n 2p "$f" >"$f.dup"
	sed -i "2501r $f.dup" "$f"
	err=$(zgc_err_of zc -b "$f")
	zgc_match "line named" "$err" \
		"^zgcctl: $f:2502: endpoint zgc0: File exists: this VNI already has an endpoint with this address"
	zgc_eq "done before it" "$(zc -j endpoint show zgc0 | jq length)" 2500
	printf 'show zgc0\nendpoint add zgc0 vni 100 ip 10.9.9.9\n' >"$f"
	rc=0
	err=$(zc -b "$f" 2>&1 >/dev/null) || rc=$?
	zgc_eq "usage error status" "$rc" 2
	zgc_match "usage line" "$err" "^zgcctl: $f:2: endpoint: give vni, ip, mac and host"
	# A monitor never ends: not in a batch.
	printf 'monitor\n' >"$f"
	rc=0
	err=$(zc -b "$f" 2>&1 >/dev/null) || rc=$?
	zgc_eq "monitor in a batch" "$rc" 2
	zgc_match "monitor line" "$err" "^zgcctl: $f:1: monitor runs until it is stopped: not in a batch"
	rm -f "$f" "$f.dup"
}

zgc_main show_plain show_json set_overlay_and_port errors_explained \
	usage_errors unprivileged batch_100k batch_errors
