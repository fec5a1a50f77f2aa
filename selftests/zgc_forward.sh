#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Tenant traffic through a zgc gateway: instances on stock compute hosts
# (Geneve or VXLAN devices, nothing of zgc) reach each other through it,
# in one subnet and across subnets, over IPv4 and IPv6, with ping and a
# checksummed TCP transfer; endpoints configured with zgcctl; the path
# MTU learnt from the gateway.
#
#   H1: tun0 10.1.0.11/24 fd00:1::11/64 -- ul1 192.0.2.11 ==+
#   H2: tun0 10.1.0.12/24 fd00:1::12/64 -- ul2 192.0.3.12 ==+== G: zgc0
#   H3: tun0 10.2.0.13/24 fd00:2::13/64 -- ul3 192.0.4.13 ==+  (VNI 100)
# Subnets of VNI 100: 10.1.0.0/24 and fd00:1::/64 (gateways 10.1.0.1 and
# fd00:1::1), 10.2.0.0/24 and fd00:2::/64 (10.2.0.1 and fd00:2::1). Each
# host namespace is one instance (tenant_net.sh builds it).

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=tenant_net.sh
. "$(dirname "$0")/tenant_net.sh"

same_subnet_geneve()
{
	local G H1 H2 H3

	topology geneve
	ip netns exec "$H1" ping -c 3 -i 0.3 -W 2 10.1.0.12 >/dev/null
	# Same subnet: no routing, the TTL is the sender's.
	zgc_eq ttl "$(ttl_of "$H1" 10.1.0.12)" 64
	zgc_eq "H2 in H1's neighbours" \
		"$(zgc_lladdr "$H1" 10.1.0.12)" \
		"$(ip -n "$H2" -j link show tun0 | jq -r '.[0].address')"
	tcp_transfer "$H1" "$H2" 10.1.0.12
	# IPv6: the hop limit is the sender's too.
	zgc_eq "hop limit" "$(ttl_of "$H1" fd00:1::12)" 64
	zgc_eq "H2 in H1's IPv6 neighbours" \
		"$(zgc_lladdr "$H1" fd00:1::12)" \
		"$(ip -n "$H2" -j link show tun0 | jq -r '.[0].address')"
	tcp_transfer "$H2" "$H1" fd00:1::11
}

across_subnets_geneve()
{
	local G H1 H2 H3

	topology geneve
	ip netns exec "$H1" ping -c 3 -i 0.3 -W 2 10.2.0.13 >/dev/null
	# Routed by the gateway: one hop less.
	zgc_eq ttl "$(ttl_of "$H1" 10.2.0.13)" 63
	tcp_transfer "$H3" "$H1" 10.1.0.11
	zgc_eq "hop limit" "$(ttl_of "$H1" fd00:2::13)" 63
	tcp_transfer "$H1" "$H3" fd00:2::13
	# Expired on the way: the gateway says so, as a router does.
	zgc_match "ttl expired" \
		"$(ip netns exec "$H1" ping -c 1 -t 1 -W 2 10.2.0.13 2>&1)" \
		"From 10\.1\.0\.1 .*Time to live exceeded"
	zgc_match "hop limit expired" \
		"$(ip netns exec "$H1" ping -6 -c 1 -t 1 -W 2 fd00:2::13 2>&1)" \
		"From fd00:1::1 .*Time exceeded"
}

across_subnets_vxlan()
{
	local G H1 H2 H3

	topology vxlan
	zgc_eq ttl "$(ttl_of "$H1" 10.2.0.13)" 63
	tcp_transfer "$H1" "$H3" 10.2.0.13
	zgc_eq "hop limit" "$(ttl_of "$H3" fd00:1::12)" 63
	tcp_transfer "$H3" "$H2" fd00:1::12
}

# An endpoint removed is unreachable; its subnet cannot go while it has
# endpoints.
endpoint_removed()
{
	local G H1 H2 H3 err before out

	topology geneve
	ip netns exec "$H1" ping -c 1 -W 2 10.2.0.13 >/dev/null
	err=$(zgc_err_of zc subnet del zgc0 vni 100 gw 10.2.0.1)
	zgc_match "subnet busy" "$err" "still has endpoints"
	zc endpoint del zgc0 vni 100 ip 10.2.0.13
	# The sender is told at once (an instance removed), not left to wait.
	out=$(ip netns exec "$H1" ping -c 1 -W 1 10.2.0.13 || true)
	zgc_match "unreachable" "$out" "From 10.1.0.1 icmp_seq=1 Destination Host Unreachable"
	zgc_eq counted "$(zgc_stat "$G" zgc0 rx_unreachable)" 1
	zgc_match "the flow" "$(zc flow show zgc0)" "dst 10.2.0.13 .*action unreachable"
	# Outside the tenant's subnets: no answer.
	before=$(zgc_stat "$G" zgc0 rx_unknown_destination)
	zgc_fails ip netns exec "$H1" ping -c 1 -W 1 10.9.0.13 >/dev/null
	[ "$(zgc_stat "$G" zgc0 rx_unknown_destination)" -gt "$before" ]
	zc subnet del zgc0 vni 100 gw 10.2.0.1
}

# A packet too big for the underlay once encapsulated, with DF (or IPv6):
# the sender learns the path MTU from its gateway, and TCP adapts to it.
path_mtu()
{
	local G H1 H2 H3 out

	topology geneve
	# The underlay to H2 carries 1300 bytes: 1250 of inner IPv4.
	ip -n "$G" link set ul2 mtu 1300
	ip -n "$H2" link set ul2 mtu 1300
	ip netns exec "$H1" ping -c 1 -W 2 -s 1200 -M "do" 10.1.0.12 >/dev/null
	out=$(ip netns exec "$H1" ping -c 1 -W 2 -s 1400 -M "do" 10.1.0.12 || true)
	zgc_match "ping" "$out" "From 10.1.0.1 icmp_seq=1 Frag needed and DF set \(mtu = 1250\)"
	zgc_match "H1's route" "$(ip -n "$H1" route get 10.1.0.12)" "mtu 1250"
	[ "$(zgc_stat "$G" zgc0 rx_frag_needed)" -ge 1 ]
	# Without DF, the outer packet is fragmented instead.
	ip netns exec "$H1" ping -c 1 -W 2 -s 1400 -M dont 10.1.0.12 >/dev/null
	tcp_transfer "$H3" "$H2" 10.1.0.12
	# IPv6 is never fragmented on the way, but the underlay carries the
	# minimum IPv6 MTU, 1280 bytes, in fragments if it must.
	out=$(ip netns exec "$H1" ping -c 1 -W 2 -s 1400 fd00:1::12 || true)
	zgc_match "ping -6" "$out" "From fd00:1::1 icmp_seq=1 Packet too big: mtu=1280"
	zgc_match "H1's IPv6 route" "$(ip -n "$H1" route get fd00:1::12)" "mtu 1280"
	ip netns exec "$H1" ping -c 1 -W 2 -s 1232 fd00:1::12 >/dev/null
	tcp_transfer "$H3" "$H2" fd00:1::12
}

endpoint_config()
{
	local G j err

	zgc_ns_new G
	ip -n "$G" link add zgc0 type zgc
	zc subnet add zgc0 vni 7 gw 10.7.0.1/24 mac 02:00:00:00:07:00
	zc endpoint add zgc0 vni 7 ip 10.7.0.20 mac 02:00:00:00:07:20 host 192.0.2.20
	zc endpoint add zgc0 vni 7 ip 10.7.0.3 mac 02:00:00:00:07:03 host 192.0.2.3
	zgc_eq plain "$(zc endpoint show zgc0)" \
		"vni 7 ip 10.7.0.3 mac 02:00:00:00:07:03 host 192.0.2.3
vni 7 ip 10.7.0.20 mac 02:00:00:00:07:20 host 192.0.2.20"
	j=$(zc -j endpoint show zgc0)
	zgc_eq json "$(jq -c '.[1]' <<<"$j")" \
		'{"vni":7,"ip":"10.7.0.20","mac":"02:00:00:00:07:20","host":"192.0.2.20"}'
	err=$(zgc_err_of zc endpoint add zgc0 vni 7 ip 10.7.0.3 mac 02:00:00:00:07:03 host 192.0.2.3)
	zgc_match duplicate "$err" "already has an endpoint with this address"
	# Another host (or MAC): the instance moved.
	zc endpoint add zgc0 vni 7 ip 10.7.0.3 mac 02:00:00:00:07:03 host 192.0.2.33
	zgc_eq moved "$(zc endpoint show zgc0 | head -n 1)" \
		"vni 7 ip 10.7.0.3 mac 02:00:00:00:07:03 host 192.0.2.33"
	err=$(zgc_err_of zc endpoint add zgc0 vni 8 ip 10.7.0.4 mac 02:00:00:00:07:04 host 192.0.2.3)
	zgc_match "no subnet" "$err" "no subnet of this VNI holds"
	err=$(zgc_err_of zc endpoint add zgc0 vni 7 ip 10.7.0.1 mac 02:00:00:00:07:04 host 192.0.2.3)
	zgc_match "gateway" "$err" "gateway, network or broadcast"
	err=$(zgc_err_of zc endpoint add zgc0 vni 7 ip 10.7.0.4 mac 02:00:00:00:07:04 host 224.0.0.1)
	zgc_match "host" "$err" "unicast underlay address"
	ip -n "$G" addr add 192.0.2.99/32 dev lo
	err=$(zgc_err_of zc endpoint add zgc0 vni 7 ip 10.7.0.4 mac 02:00:00:00:07:04 host 192.0.2.99)
	zgc_match "local host" "$err" "a local address of this node"
	err=$(zgc_err_of zc endpoint del zgc0 vni 7 ip 10.7.0.99)
	zgc_match missing "$err" "no endpoint with this address"
	zc endpoint del zgc0 vni 7 ip 10.7.0.3
	zgc_eq "after del" "$(zc -j endpoint show zgc0 | jq length)" 1
}

# handled: the tenant packets G has looked up.
handled()
{
	echo $(($(zgc_stat "$G" zgc0 flow_hit) + $(zgc_stat "$G" zgc0 flow_miss)))
}

# An endpoint's host that becomes an address of the gateway (here H2's,
# added to G's loopback) would have its packets come back to G, and
# again: they are dropped as without a route instead.
host_turns_local()
{
	local G H1 H2 H3 before drops

	topology geneve
	ip netns exec "$H1" ping -c 1 -W 2 10.1.0.12 >/dev/null
	ip -n "$G" addr add 192.0.3.12/32 dev lo
	before=$(handled)
	drops=$(zgc_stat "$G" zgc0 tx_no_route)
	zgc_fails ip netns exec "$H1" ping -c 1 -W 1 10.1.0.12 >/dev/null
	sleep 1
	echo "G looked up $(($(handled) - before)) packets for one ping"
	zgc_eq "no loop" "$(($(handled) - before <= 2))" 1
	zgc_eq "dropped" "$(($(zgc_stat "$G" zgc0 tx_no_route) > drops))" 1
}

# csum_errors NS: the UDP checksum errors NS's stack counted.
csum_errors()
{
	ip netns exec "$1" nstat -asz UdpInCsumErrors | awk '$1 == "UdpInCsumErrors" { print $2 }'
}

# A TCP transfer whose segments H1's Geneve device left whole (GSO, over
# its veth) is cut into packets after zgc's outer headers, each with its
# right outer UDP checksum: G's underlay to H2 can neither segment UDP
# tunnels nor checksum, so the kernel does both in software, and H2's
# stack checks them. (Forwarded with the sender's tunnel type, no outer
# checksum asked for, they went out with a wrong one, and H2 dropped
# them.)
gso_segmented()
{
	# shellcheck disable=SC2034 # topology() sets them
	local G H1 H2 H3 before

	topology geneve
	ip netns exec "$G" ethtool -K ul2 tx off tx-udp_tnl-segmentation off \
		tx-udp_tnl-csum-segmentation off >/dev/null
	before=$(csum_errors "$H2")
	tcp_transfer "$H1" "$H2" 10.1.0.12
	zgc_eq "UDP checksum errors at H2" "$(csum_errors "$H2")" "$before"
}

# udp_from FROM SRC TO ADDR: a UDP datagram from FROM, sent from its
# address SRC, to ADDR port 5003 in TO: the source TO saw, or "timeout"
# when nothing came within 2 s.
udp_from()
{
	local out

	out=$(mktemp)
	ip netns exec "$3" python3 -c "
import socket
s = socket.socket(socket.AF_INET6 if ':' in '$4' else socket.AF_INET, socket.SOCK_DGRAM)
s.bind(('$4', 5003))
s.settimeout(2)
try:
    print(s.recvfrom(100)[1][0])
except socket.timeout:
    print('timeout')" >"$out" &
	sleep 0.5
	ip netns exec "$1" python3 -c "
import socket
s = socket.socket(socket.AF_INET6 if ':' in '$4' else socket.AF_INET, socket.SOCK_DGRAM)
s.bind(('$2', 0))
s.sendto(b'who', ('$4', 5003))"
	wait $!
	cat "$out"
	rm -f "$out"
}

# An instance sends as itself only: a packet whose inner source is
# another instance's address (H2's, from H1's host) or no endpoint's is
# dropped and counted, IPv4 and IPv6 (they went through: ACL source
# rules meant nothing); a tenant set to take any source forwards them.
source_validation()
{
	# shellcheck disable=SC2034 # topology() sets them
	local G H1 H2 H3 err

	topology geneve
	ip -n "$H1" addr add 10.1.0.12/32 dev tun0
	ip -n "$H1" addr add 10.1.0.99/32 dev tun0
	ip -n "$H1" addr add fd00:1::99/128 dev tun0 nodad
	zgc_eq "as itself" "$(udp_from "$H1" 10.1.0.11 "$H3" 10.2.0.13)" 10.1.0.11
	zgc_eq "as H2" "$(udp_from "$H1" 10.1.0.12 "$H3" 10.2.0.13)" timeout
	zgc_eq "as nobody" "$(udp_from "$H1" 10.1.0.99 "$H3" 10.2.0.13)" timeout
	zgc_eq "as nobody, IPv6" "$(udp_from "$H1" fd00:1::99 "$H3" fd00:2::13)" timeout
	zgc_eq "counted" "$(zgc_stat "$G" zgc0 rx_spoofed)" 3
	zgc_eq "shown" "$(zc tenant show zgc0)" "vni 100 any_source off flow_rate 0 config_version 0"
	zc tenant set zgc0 vni 100 any_source on
	zgc_eq "shown on" "$(zc -j tenant show zgc0)" '[{"vni":100,"any_source":"on","flow_rate":0,"config_version":0}]'
	zgc_eq "any source" "$(udp_from "$H1" 10.1.0.99 "$H3" 10.2.0.13)" 10.1.0.99
	zgc_eq "any source, IPv6" "$(udp_from "$H1" fd00:1::99 "$H3" fd00:2::13)" fd00:1::99
	zgc_eq "no more counted" "$(zgc_stat "$G" zgc0 rx_spoofed)" 3
	err=$(zgc_err_of zc tenant set zgc0 vni 999 any_source on)
	zgc_match "no tenant" "$err" "no tenant with this VNI"
	err=$(zgc_err_of zc tenant set zgc0 vni 100 any_source maybe)
	zgc_match "usage" "$err" "invalid any_source 'maybe': expected on or off"
}

zgc_main endpoint_config path_mtu same_subnet_geneve across_subnets_geneve \
	across_subnets_vxlan endpoint_removed host_turns_local source_validation \
	gso_segmented
