#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Tenants (VNIs) and their subnets, IPv4 and IPv6: configured with
# zgcctl, and the ARP and ND responders that answer instances for their
# subnet gateway and endpoints, through the tunnel, as a stock compute
# host sees it in its neighbour table. The same addresses in two VNIs
# never mix.
#
#   host H1: tun0 (VNI 100) 10.1.0.11 -- ul0 192.0.2.11 == 192.0.2.1 ul0 --+
#   host H2: tun0 (VNI 200) 10.1.0.11 -- ul1 192.0.3.12 == 192.0.3.1 ul1 --+ G: zgc0

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

MAC100=02:00:00:00:01:00
MAC200=02:00:00:00:02:00

zc()
{
	ip netns exec "$G" "$ZGCCTL" "$@"
}

# gateway [ARGS...]: namespace G with zgc0 (created with ARGS), up.
gateway()
{
	zgc_ns_new G
	ip -n "$G" link add zgc0 type zgc "$@"
	ip -n "$G" link set zgc0 up
}

# host VAR KIND VNI GW_ADDR HOST_ADDR IF [KIND ARGS...]: a compute host
# namespace (stored in VAR) joined to G by IF, with a stock tunnel device
# tun0 of KIND to the gateway, and 10.1.0.11/24 on it.
host()
{
	local var=$1 kind=$2 vni=$3 gwa=$4 ha=$5 ifn=$6 ns

	shift 6
	zgc_ns_new "$var"
	ns=${!var}
	zgc_underlay "$G" "$ns" "$gwa" "$ha" "$ifn"
	ip -n "$ns" link add tun0 type "$kind" id "$vni" remote "$gwa" "$@"
	ip -n "$ns" addr add 10.1.0.11/24 dev tun0
	ip -n "$ns" link set tun0 up
}

# neigh_mac NS: the MAC NS's tun0 learns for the gateway 10.1.0.1 when it
# pings it afresh (the gateway answers ARP, not ping, for now). The entry
# is flushed first: an unanswered earlier resolution must not linger.
neigh_mac()
{
	ip -n "$1" neigh flush dev tun0
	ip netns exec "$1" ping -c 1 -W 2 10.1.0.1 >/dev/null 2>&1 || true
	ip -n "$1" -j neigh show 10.1.0.1 dev tun0 | jq -r '.[0].lladdr // "none"'
}

# neigh6_mac NS ADDR: the MAC NS's tun0 learns for the IPv6 ADDR when it
# pings it afresh, and "router" when it is advertised as a router.
neigh6_mac()
{
	ip -n "$1" -6 neigh flush dev tun0
	ip netns exec "$1" ping -6 -c 1 -W 2 "$2" >/dev/null 2>&1 || true
	ip -n "$1" -6 -j neigh show "$2" dev tun0 |
		jq -r '.[0] | (.lladdr // "none") + (if has("router") then " router" else "" end)'
}

subnet_config()
{
	local G err j rc

	gateway
	zc subnet add zgc0 vni 100 gw 10.1.0.1/24 mac $MAC100
	zc subnet add zgc0 vni 100 gw 10.9.0.1/16 mac 02:00:00:00:09:00
	zc subnet add zgc0 vni 200 gw 10.1.0.1/24 mac $MAC200
	zgc_eq plain "$(zc subnet show zgc0 | head -n 1)" \
		"vni 100 gw 10.1.0.1/24 mac $MAC100"
	j=$(zc -j subnet show zgc0)
	zgc_eq count "$(jq length <<<"$j")" 3
	zgc_eq "vni 200" "$(jq -c '.[] | select(.vni == 200) | [.gw, .prefixlen, .mac]' <<<"$j")" \
		"[\"10.1.0.1\",24,\"$MAC200\"]"
	err=$(zgc_err_of zc subnet add zgc0 vni 100 gw 10.1.0.1/24 mac $MAC100)
	zgc_match duplicate "$err" "File exists: this VNI already has a gateway with this address"
	err=$(zgc_err_of zc subnet add zgc0 vni 300 gw 10.1.0.0/24 mac $MAC100)
	zgc_match "network address" "$err" "needs a unicast host address of its subnet"
	err=$(zgc_err_of zc subnet add zgc0 vni 300 gw 10.1.0.1/24 mac 01:00:5e:00:00:01)
	zgc_match "multicast MAC" "$err" "must be a unicast address"
	err=$(zgc_err_of zc subnet del zgc0 vni 300 gw 10.1.0.1)
	zgc_match "missing" "$err" "No such file or directory: no subnet with this gateway in this VNI"
	rc=0
	zc subnet add zgc0 vni 16777216 gw 10.1.0.1/24 mac $MAC100 2>/dev/null || rc=$?
	zgc_eq "VNI too big: usage error" "$rc" 2
	zc subnet del zgc0 vni 100 gw 10.9.0.1
	zgc_eq "after del" "$(zc -j subnet show zgc0 | jq length)" 2
	err=$(zgc_err_of zc subnet show lo)
	zgc_match "not zgc" "$err" "not a zgc device"
}

# IPv6 subnets beside IPv4 ones, and what cannot be one.
subnet_config_ipv6()
{
	local G err j rc

	gateway
	zc subnet add zgc0 vni 100 gw 10.1.0.1/24 mac $MAC100
	zc subnet add zgc0 vni 100 gw fd00:1::1/64 mac $MAC100
	zc endpoint add zgc0 vni 100 ip fd00:1::12 mac 02:00:00:00:00:12 host 192.0.3.12
	zgc_eq plain "$(zc subnet show zgc0 | tail -n 1)" \
		"vni 100 gw fd00:1::1/64 mac $MAC100"
	j=$(zc -j endpoint show zgc0)
	zgc_eq "endpoint" "$(jq -c '.[0] | [.ip, .host]' <<<"$j")" \
		'["fd00:1::12","192.0.3.12"]'
	err=$(zgc_err_of zc subnet add zgc0 vni 100 gw fd00:1:0:0:8000::1/65 mac $MAC100)
	zgc_match overlap "$err" "overlaps another subnet of this VNI"
	err=$(zgc_err_of zc subnet add zgc0 vni 100 gw fd00:2::/64 mac $MAC100)
	zgc_match "subnet-router anycast" "$err" "needs a unicast host address of its subnet"
	err=$(zgc_err_of zc subnet add zgc0 vni 100 gw ::1:2:3:4/64 mac $MAC100)
	zgc_match "IPv4-mapped range" "$err" "may not overlap the IPv4-mapped range"
	err=$(zgc_err_of zc subnet add zgc0 vni 100 gw ::ffff:10.3.0.1/120 mac $MAC100)
	zgc_match "IPv4-mapped gateway" "$err" "an IPv4-mapped address is given as IPv4"
	err=$(zgc_err_of zc endpoint add zgc0 vni 100 ip fd00:9::1 mac 02:00:00:00:00:13 host 192.0.3.13)
	zgc_match "endpoint outside" "$err" "no subnet of this VNI holds"
	rc=0
	zc subnet add zgc0 vni 100 gw fd00:3::1/128 mac $MAC100 2>/dev/null || rc=$?
	zgc_eq "/128: usage error" "$rc" 2
	zc endpoint del zgc0 vni 100 ip fd00:1::12
	zc subnet del zgc0 vni 100 gw fd00:1::1
	zgc_eq "after del" "$(zc -j subnet show zgc0 | jq -c '[.[].gw]')" '["10.1.0.1"]'
}

# The instance learns the gateway's MAC from zgc's ARP answer.
arp_gateway_geneve()
{
	local G H1 mac

	gateway
	host H1 geneve 100 192.0.2.1 192.0.2.11 ul0 dstport 6081
	zgc_eq "no tenant yet" "$(neigh_mac "$H1")" none
	zc subnet add zgc0 vni 100 gw 10.1.0.1/24 mac $MAC100
	mac=$(neigh_mac "$H1")
	zgc_eq "gateway MAC" "$mac" $MAC100
	[ "$(zgc_stat "$G" zgc0 rx_unknown_vni)" -ge 1 ]
	# The pings themselves go nowhere: their source is no endpoint.
	[ "$(zgc_stat "$G" zgc0 rx_spoofed)" -ge 1 ]
	[ "$(zgc_link_json "$G" zgc0 | jq .stats64.tx.packets)" -ge 1 ]
}

arp_gateway_vxlan()
{
	local G H1

	gateway overlay vxlan
	host H1 vxlan 100 192.0.2.1 192.0.2.11 ul0 dstport 4789
	zc subnet add zgc0 vni 100 gw 10.1.0.1/24 mac $MAC100
	zgc_eq "gateway MAC" "$(neigh_mac "$H1")" $MAC100
}

# Same addresses, two VNIs: each host learns its own tenant's gateway;
# a subnet removed is no longer answered for.
vni_isolation()
{
	local G H1 H2

	gateway
	host H1 geneve 100 192.0.2.1 192.0.2.11 ul0 dstport 6081
	host H2 geneve 200 192.0.3.1 192.0.3.12 ul1 dstport 6081
	zc subnet add zgc0 vni 100 gw 10.1.0.1/24 mac $MAC100
	zgc_eq "VNI 200 unknown" "$(neigh_mac "$H2")" none
	zc subnet add zgc0 vni 200 gw 10.1.0.1/24 mac $MAC200
	zgc_eq "VNI 100" "$(neigh_mac "$H1")" $MAC100
	zgc_eq "VNI 200" "$(neigh_mac "$H2")" $MAC200
	zc subnet del zgc0 vni 200 gw 10.1.0.1
	zgc_eq "VNI 200 removed" "$(neigh_mac "$H2")" none
	zgc_eq "VNI 100 kept" "$(neigh_mac "$H1")" $MAC100
}

# IPv6: the instance learns the MAC of its gateway (a router) and of
# another endpoint from zgc's neighbour advertisements; another VNI's
# instance, with the same addresses, is not answered for VNI 100's.
nd_geneve()
{
	local G H1 H2

	gateway
	host H1 geneve 100 192.0.2.1 192.0.2.11 ul0 dstport 6081
	host H2 geneve 200 192.0.3.1 192.0.3.12 ul1 dstport 6081
	ip -n "$H1" addr add fd00:1::11/64 dev tun0 nodad
	ip -n "$H2" addr add fd00:1::11/64 dev tun0 nodad
	zgc_eq "no subnet yet" "$(neigh6_mac "$H1" fd00:1::1)" none
	zc subnet add zgc0 vni 100 gw fd00:1::1/64 mac $MAC100
	zc endpoint add zgc0 vni 100 ip fd00:1::12 mac 02:00:00:00:00:12 host 192.0.3.12
	zgc_eq "gateway" "$(neigh6_mac "$H1" fd00:1::1)" "$MAC100 router"
	zgc_eq "endpoint" "$(neigh6_mac "$H1" fd00:1::12)" 02:00:00:00:00:12
	zgc_eq "other VNI" "$(neigh6_mac "$H2" fd00:1::1)" none
}

# Only the subnet's own instances are answered.
arp_other_subnet()
{
	local G H1

	gateway
	host H1 geneve 100 192.0.2.1 192.0.2.11 ul0 dstport 6081
	zc subnet add zgc0 vni 100 gw 10.1.0.1/30 mac $MAC100
	zgc_eq "outside the /30" "$(neigh_mac "$H1")" none
}

zgc_main subnet_config subnet_config_ipv6 arp_gateway_geneve arp_gateway_vxlan \
	vni_isolation arp_other_subnet nd_geneve
