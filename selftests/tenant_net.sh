# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# A tenant network for the forwarding selftests, sourced after lib.sh:
# a gateway namespace G with zgc0, and compute hosts that use only stock
# kernel tunnel devices, each host namespace being one instance. The
# caller declares G and the host variables local.

# shellcheck source=traffic.sh
. "$(dirname "${BASH_SOURCE[0]}")/traffic.sh"

# zc ARGS...: zgcctl in G (-n: cheaper than ip netns exec).
zc()
{
	"$ZGCCTL" -n "$G" "$@"
}

# host_mac N: the MAC of host N's instance (tun0), set, so that no test
# has to read it back.
host_mac()
{
	printf '02:00:0a:00:00:%02x\n' "$1"
}

# host VAR KIND N ADDR/LEN GW_ROUTE [VNI]: compute host N, joined to G by
# ulN (192.0.N+1.0/24), with a stock KIND tunnel tun0 in VNI (100)
# carrying the instance address ADDR, a default route to GW_ROUTE, and
# its endpoint configured on zgc0. The tunnel goes to G's address on ulN,
# or to $HOST_REMOTE when set (routed through ulN).
host()
{
	local var=$1 kind=$2 n=$3 addr=$4 gwr=$5 vni=${6:-100} ns net port mac
	local remote

	net=192.0.$((n + 1))
	remote=${HOST_REMOTE:-$net.1}
	zgc_ns_new "$var"
	ns=${!var}
	zgc_underlay "$G" "$ns" "$net.1" "$net.1$n" "ul$n"
	[ "$remote" = "$net.1" ] || ip -n "$ns" route add "$remote" via "$net.1"
	port=6081
	[ "$kind" = vxlan ] && port=4789
	mac=$(host_mac "$n")
	ip -n "$ns" link add tun0 address "$mac" type "$kind" id "$vni" \
		remote "$remote" dstport $port
	ip -n "$ns" addr add "$addr" dev tun0
	ip -n "$ns" link set tun0 up
	ip -n "$ns" route add default via "$gwr"
	zc endpoint add zgc0 vni "$vni" ip "${addr%/*}" mac "$mac" host "$net.1$n"
}

# host6 VAR N ADDR6/LEN GW6 [VNI]: the instance of host N (host() made
# it) gets the IPv6 address ADDR6 too, a default route to GW6, and its
# endpoint on zgc0.
host6()
{
	local ns=${!1} n=$2 addr=$3 vni=${5:-100}

	ip -n "$ns" addr add "$addr" dev tun0 nodad
	ip -n "$ns" -6 route add default via "$4"
	zc endpoint add zgc0 vni "$vni" ip "${addr%/*}" mac "$(host_mac "$n")" \
		host "192.0.$((n + 1)).1$n"
}

# gateway KIND: G and its zgc0 with KIND (geneve or vxlan) tunnels, and
# the subnets of VNI 100 below.
gateway()
{
	local args=()

	[ "$1" = vxlan ] && args=(overlay vxlan)
	zgc_ns_new G
	ip -n "$G" link add zgc0 type zgc "${args[@]}"
	ip -n "$G" link set zgc0 up
	zc subnet add zgc0 vni 100 gw 10.1.0.1/24 mac 02:00:00:00:01:00
	zc subnet add zgc0 vni 100 gw 10.2.0.1/24 mac 02:00:00:00:02:00
	zc subnet add zgc0 vni 100 gw fd00:1::1/64 mac 02:00:00:00:01:00
	zc subnet add zgc0 vni 100 gw fd00:2::1/64 mac 02:00:00:00:02:00
}

# topology KIND: the gateway G and three hosts H1, H2, H3 with KIND
# tunnels, each one dual-stack instance of VNI 100:
#   H1: tun0 10.1.0.11/24 fd00:1::11/64 -- ul1 192.0.2.11 ==+
#   H2: tun0 10.1.0.12/24 fd00:1::12/64 -- ul2 192.0.3.12 ==+== G: zgc0
#   H3: tun0 10.2.0.13/24 fd00:2::13/64 -- ul3 192.0.4.13 ==+
# Subnets: 10.1.0.0/24 and fd00:1::/64 (gateways 10.1.0.1 and fd00:1::1),
# 10.2.0.0/24 and fd00:2::/64 (10.2.0.1 and fd00:2::1).
topology()
{
	gateway "$1"
	host H1 "$1" 1 10.1.0.11/24 10.1.0.1
	host H2 "$1" 2 10.1.0.12/24 10.1.0.1
	host H3 "$1" 3 10.2.0.13/24 10.2.0.1
	host6 H1 1 fd00:1::11/64 fd00:1::1
	host6 H2 2 fd00:1::12/64 fd00:1::1
	host6 H3 3 fd00:2::13/64 fd00:2::1
}

# ttl_of NS ADDR: the TTL (hop limit) of the echo reply NS gets from ADDR.
ttl_of()
{
	ip netns exec "$1" ping -c 1 -W 2 "$2" | sed -n 's/.* ttl=\([0-9]*\).*/\1/p'
}
