#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The life of a zgc link as `ip link` sees it: create, up, down, delete,
# one device per namespace and port, namespace teardown, counters.

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

create_delete()
{
	local A j

	zgc_ns_new A
	ip -n "$A" link add zgc0 type zgc
	j=$(zgc_link_json "$A" zgc0)
	zgc_eq kind "$(jq -r .linkinfo.info_kind <<<"$j")" zgc
	zgc_eq link_type "$(jq -r .link_type <<<"$j")" ether
	zgc_eq mtu "$(jq -r .mtu <<<"$j")" 1500
	ip -n "$A" link del zgc0
	zgc_fails zgc_dev_exists "$A" zgc0
}

up_down()
{
	local A

	zgc_ns_new A
	ip -n "$A" link add zgc0 type zgc
	ip -n "$A" link set zgc0 up
	zgc_match flags "$(ip -n "$A" -j link show zgc0 | jq -c '.[0].flags')" '"UP"'
	ip -n "$A" link set zgc0 down
	zgc_fails zgc_match flags "$(ip -n "$A" -j link show zgc0 | jq -c '.[0].flags')" '"UP"'
	ip -n "$A" link set zgc0 mtu 9000 up
	zgc_eq mtu "$(zgc_link_json "$A" zgc0 | jq .mtu)" 9000
	ip -n "$A" link del zgc0
}

# Same name and same default port in two namespaces: independent devices.
per_netns()
{
	local A B ia ib

	zgc_ns_new A
	zgc_ns_new B
	ip -n "$A" link add zgc0 type zgc
	ip -n "$B" link add zgc0 type zgc
	ip -n "$B" link set zgc0 up
	ia=$(zgc_link_json "$A" zgc0 | jq .ifindex)
	ib=$(zgc_link_json "$B" zgc0 | jq .ifindex)
	[ -n "$ia" ] && [ -n "$ib" ]
	ip -n "$A" link del zgc0
	zgc_dev_exists "$B" zgc0
	zgc_match "B still up" "$(ip -n "$B" -j link show zgc0 | jq -c '.[0].flags')" '"UP"'
}

# Two devices of one namespace cannot terminate the same UDP port.
port_conflict()
{
	local A err

	zgc_ns_new A
	ip -n "$A" link add zgc0 type zgc
	err=$(zgc_err_of ip -n "$A" link add zgc1 type zgc)
	zgc_match "second device on port 6081" "$err" "uses this UDP port"
	zgc_fails zgc_dev_exists "$A" zgc1
	ip netns exec "$A" "$ZGCCTL" set zgc0 port 7000
	ip -n "$A" link add zgc1 type zgc
	zgc_dev_exists "$A" zgc1
}

# The tunnel socket belongs to the namespace: the device cannot move.
netns_immutable()
{
	local A B

	zgc_ns_new A
	zgc_ns_new B
	ip -n "$A" link add zgc0 type zgc
	zgc_fails ip -n "$A" link set zgc0 netns "$B" 2>/dev/null
	zgc_dev_exists "$A" zgc0
	zgc_fails zgc_dev_exists "$B" zgc0
}

bad_mac()
{
	local A err

	zgc_ns_new A
	err=$(zgc_err_of ip -n "$A" link add zgc0 address 01:00:5e:00:00:01 type zgc)
	zgc_match "multicast MAC" "$err" "not a unicast address"
	ip -n "$A" link add zgc0 address 02:00:00:00:00:2a type zgc
	zgc_eq address "$(zgc_link_json "$A" zgc0 | jq -r .address)" 02:00:00:00:00:2a
}

# Frames the local stack sends into zgc0 have nowhere to go: each one is
# dropped and counted, visible in `ip -s link`.
tx_dropped_counted()
{
	local A j

	zgc_ns_new A
	ip -n "$A" link add zgc0 type zgc
	ip -n "$A" addr add 192.0.2.1/24 dev zgc0
	# No IPv6 on the device: its router solicitations would be dropped too.
	ip netns exec "$A" sysctl -qw net.ipv6.conf.zgc0.disable_ipv6=1
	ip -n "$A" link set zgc0 up
	ip -n "$A" neigh add 192.0.2.2 lladdr 02:00:00:00:00:02 dev zgc0
	ip netns exec "$A" ping -c 3 -i 0.2 -W 1 192.0.2.2 >/dev/null 2>&1 || true
	j=$(zgc_link_json "$A" zgc0)
	zgc_eq tx_dropped "$(jq .stats64.tx.dropped <<<"$j")" 3
	zgc_eq tx_packets "$(jq .stats64.tx.packets <<<"$j")" 0
}

# A namespace that dies with zgc devices inside (one up) takes them along;
# the other namespaces keep theirs.
netns_delete()
{
	local A B

	zgc_ns_new A
	zgc_ns_new B
	ip -n "$A" link add zgc0 type zgc
	ip netns exec "$A" "$ZGCCTL" set zgc0 port 7000
	ip -n "$A" link add zgc1 type zgc
	ip -n "$A" link set zgc0 up
	ip -n "$B" link add zgc0 type zgc
	ip netns del "$A"
	zgc_dev_exists "$B" zgc0
	zgc_eq "devices in B" "$(ip netns exec "$B" "$ZGCCTL" -j show | jq length)" 1
}

# The iproute2 plugin link_zgc.so: options parsed by ip, printed back by
# ip -d, plain and JSON; bad values refused before the kernel sees them.
iproute2_plugin()
{
	local A j err

	zgc_ns_new A
	ip -n "$A" link add zgc0 type zgc overlay vxlan port 4790
	j=$(zgc_link_json "$A" zgc0)
	zgc_eq overlay "$(jq -r .linkinfo.info_data.overlay <<<"$j")" vxlan
	zgc_eq port "$(jq -r .linkinfo.info_data.port <<<"$j")" 4790
	zgc_match "ip -d" "$(ip -n "$A" -d link show zgc0)" "zgc overlay vxlan port 4790 "
	ip -n "$A" link add zgc1 type zgc overlay vxlan
	zgc_eq "IANA port" "$(zgc_link_json "$A" zgc1 | jq .linkinfo.info_data.port)" 4789
	ip -n "$A" link set zgc1 type zgc port 5555
	zgc_eq "changelink" "$(zgc_link_json "$A" zgc1 | jq .linkinfo.info_data.port)" 5555
	err=$(zgc_err_of ip -n "$A" link add zgc2 type zgc overlay gre)
	zgc_match "bad overlay" "$err" 'expected "geneve" or "vxlan"'
	err=$(zgc_err_of ip -n "$A" link add zgc2 type zgc port 0)
	zgc_match "bad port" "$err" "expected a UDP port"
	err=$(zgc_err_of ip -n "$A" link add zgc2 type zgc port 70000)
	zgc_match "bad port" "$err" "expected a UDP port"
	err=$(zgc_err_of ip -n "$A" link add zgc2 type zgc frob)
	zgc_match "unknown option" "$err" 'unknown option "frob"'
	err=$(zgc_err_of ip -n "$A" link add zgc2 type zgc port 1 ttl 9 port 2)
	zgc_match "option twice" "$err" '"port" is duplicate'
	err=$(zgc_err_of ip -n "$A" link add zgc2 type zgc df)
	zgc_match "no value" "$err" '"df" is wrong: needs a value'
	err=$(zgc_err_of ip -n "$A" link add zgc2 type zgc port 4790)
	zgc_match "port taken, kernel's word" "$err" "uses this UDP port"
	zgc_fails zgc_dev_exists "$A" zgc2
	err=$(zgc_err_of ip -n "$A" link add zgc2 type zgc help)
	zgc_match "help" "$err" "Usage: ... zgc"
}

zgc_main iproute2_plugin create_delete up_down per_netns port_conflict netns_immutable \
	bad_mac tx_dropped_counted netns_delete
