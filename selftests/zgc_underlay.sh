#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# How a zgc device meets the underlay: its local and entrance addresses,
# the outer TTL and DF bit, set with ip link (link_zgc.so) and zgcctl, and
# what stock Geneve compute hosts see of them.
#
#   H1: tun0 10.1.0.11/24 -- ul1 192.0.2.11 ==+
#   H2: tun0 10.1.0.12/24 -- ul2 192.0.3.12 ==+== G: zgc0 (VNI 100),
#   H3: tun0 10.2.0.13/24 -- ul3 192.0.4.13 ==+   entrance 198.51.100.1 on lo
# (tenant_net.sh builds it); in entrance_and_local the hosts tunnel to the
# entrance, and a fourth host H4 (ul4 192.0.5.14) to G's address on ul4.

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=tenant_net.sh
. "$(dirname "$0")/tenant_net.sh"

ENTRANCE=198.51.100.1

# underlay_of DEV: local, entrances, TTL and DF as zgcctl -j shows them.
underlay_of()
{
	zc -j show "$1" | jq -c '.[0] | [.local, .entrances, .ttl, .df]'
}

# Every option through ip link and zgcctl, shown by both.
settings_round_trip()
{
	local G j

	zgc_ns_new G
	ip -n "$G" link add zgc1 type zgc local 192.0.2.1 \
		entrances 198.51.100.1,198.51.100.2 ttl 16 df set
	j=$(zgc_link_json "$G" zgc1 |
		jq -c '.linkinfo.info_data | [.local, .entrances, .ttl, .df]')
	zgc_eq "ip -d -j link" "$j" \
		'["192.0.2.1",["198.51.100.1","198.51.100.2"],16,"set"]'
	zgc_eq "zgcctl -j show" "$(underlay_of zgc1)" "$j"
	zgc_match "ip -d link" "$(ip -n "$G" -d link show zgc1)" \
		"local 192.0.2.1 entrances 198.51.100.1,198.51.100.2 ttl 16 df set"
	zgc_match "zgcctl show" "$(zc show zgc1)" \
		"local 192.0.2.1 entrances 198.51.100.1,198.51.100.2 ttl 16 df set"

	zc set zgc1 local none entrances none ttl auto df inherit
	zgc_eq "after zgcctl set" "$(underlay_of zgc1)" '[null,[],0,"inherit"]'
	zgc_match "ip -d link, ttl auto" "$(ip -n "$G" -d link show zgc1)" \
		"port 6081 ttl auto df inherit"
	# One spelling: zgcctl shows auto as ip does.
	zgc_match "zgcctl show, ttl auto" "$(zc show zgc1)" \
		"port 6081 ttl auto df inherit"

	ip -n "$G" link set zgc1 type zgc entrances 203.0.113.9 df unset \
		local 192.0.2.7
	zgc_eq "after ip link set" "$(underlay_of zgc1)" \
		'["192.0.2.7",["203.0.113.9"],0,"unset"]'
	# local none, as zgcctl set takes it.
	ip -n "$G" link set zgc1 type zgc local none
	zgc_eq "ip link set local none" "$(underlay_of zgc1)" \
		'[null,["203.0.113.9"],0,"unset"]'
}

# Addresses that cannot be, and changes while up, are refused with a
# reason.
settings_rejected()
{
	local G err

	zgc_ns_new G
	ip -n "$G" link add zgc1 type zgc
	err=$(zgc_err_of zc set zgc1 entrances 224.0.0.1)
	zgc_match "multicast entrance" "$err" \
		"an entrance must be a unicast address"
	err=$(zgc_err_of zc set zgc1 entrances 198.51.100.1,198.51.100.1)
	zgc_match "entrance twice" "$err" "the same entrance is given twice"
	err=$(zgc_err_of zc set zgc1 local 127.0.0.1)
	zgc_match "loopback local" "$err" \
		"the local address must be a unicast address"
	err=$(zgc_err_of ip -n "$G" link set zgc1 type zgc local 255.255.255.255)
	zgc_match "broadcast local, ip link" "$err" \
		"the local address must be a unicast address"
	err=$(zgc_err_of ip -n "$G" link set zgc1 type zgc df maybe)
	zgc_match "ip link df" "$err" "set\", \"unset\" or \"inherit"
	err=$(zgc_err_of zc set zgc1 ttl 256)
	zgc_match "zgcctl ttl" "$err" "ttl needs a number from 1 to 255, or auto"
	zgc_eq "unchanged" "$(underlay_of zgc1)" '[null,[],0,"unset"]'

	ip -n "$G" link set zgc1 up
	err=$(zgc_err_of zc set zgc1 ttl 9)
	zgc_match "while up" "$err" "set it down to change"
	# A request that changes nothing is no change.
	zc set zgc1 ttl auto df unset
}

# Hosts tunnel to the entrance: only it is served, and everything comes
# back from it, which stock Geneve hosts demand (they take packets only
# from their remote). A host tunnelling to another address is served
# once that address is the local one.
entrance_and_local()
{
	local G H1 H2 H3 H4 before
	# shellcheck disable=SC2034 # read by host() (tenant_net.sh)
	local HOST_REMOTE=$ENTRANCE

	topology geneve
	ip -n "$G" addr add "$ENTRANCE/32" dev lo
	ip -n "$G" link set zgc0 down
	zc set zgc0 entrances "$ENTRANCE"
	ip -n "$G" link set zgc0 up
	HOST_REMOTE='' host H4 geneve 4 10.1.0.14/24 10.1.0.1

	# Forwarded (same subnet and routed), and answered (ARP, ICMP).
	ip netns exec "$H1" ping -c 2 -i 0.3 -W 2 10.1.0.12 >/dev/null
	ip netns exec "$H3" ping -c 2 -i 0.3 -W 2 10.1.0.11 >/dev/null

	# H4's tunnel goes to 192.0.5.1, not an entrance: its ARP request
	# for its gateway is dropped and counted.
	before=$(zgc_stat "$G" zgc0 rx_wrong_address)
	ip netns exec "$H4" ping -c 1 -W 1 10.1.0.1 >/dev/null 2>&1 || true
	[ "$(zgc_stat "$G" zgc0 rx_wrong_address)" -gt "$before" ]
	zgc_eq "H4's gateway unanswered" \
		"$(ip -n "$H4" -j neigh show 10.1.0.1 | jq -r '.[0].lladdr // "none"')" \
		none

	# As the local address, it is served: answered from it.
	ip -n "$G" link set zgc0 down
	zc set zgc0 local 192.0.5.1
	ip -n "$G" link set zgc0 up
	ip -n "$H4" neigh flush dev tun0
	ip netns exec "$H4" ping -c 1 -W 2 10.1.0.1 >/dev/null 2>&1 || true
	zgc_eq "H4's gateway" \
		"$(ip -n "$H4" -j neigh show 10.1.0.1 | jq -r '.[0].lladdr')" \
		02:00:00:00:01:00
	# The entrance still works.
	ip netns exec "$H2" ping -c 1 -W 2 10.1.0.11 >/dev/null
}

# outer_hdr NS IF FROM CMD...: run CMD while NS captures on IF the first
# UDP packet from the underlay address FROM; print its outer "TTL DF".
outer_hdr()
{
	local ns=$1 ifname=$2 from=$3 line

	shift 3
	coproc SNIFF { exec ip netns exec "$ns" python3 -c "
import socket
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0800))
s.bind(('$ifname', 0))
s.settimeout(10)
src = socket.inet_aton('$from')
print('ready', flush=True)
while True:
    p = s.recv(65535)[14:]
    if len(p) >= 28 and p[9] == 17 and p[12:16] == src:
        print(p[8], (p[6] >> 6) & 1, flush=True)
        break"; }
	read -r line <&"${SNIFF[0]}"
	if [ "$line" != ready ]; then
		echo "no capture"
		return
	fi
	"$@" >/dev/null 2>&1 || true
	read -r -t 15 line <&"${SNIFF[0]}" || line="nothing captured"
	wait "$SNIFF_PID" || true
	echo "$line"
}

# set_down G SETTING...: zgcctl set on zgc0 while it is down.
set_down()
{
	ip -n "$G" link set zgc0 down
	zc set zgc0 "$@"
	ip -n "$G" link set zgc0 up
}

# The outer TTL and DF bit of the packets a host gets, and DF's effect on
# packets too big for the underlay.
outer_ttl_df()
{
	local G H1 H2 H3 before

	topology geneve
	# Defaults: the route's TTL (64), DF clear.
	zgc_eq "default" "$(outer_hdr "$H2" ul2 192.0.3.1 \
		ip netns exec "$H1" ping -c 1 -W 2 -M 'do' 10.1.0.12)" "64 0"
	set_down ttl 16 df set
	zgc_eq "ttl 16 df set" "$(outer_hdr "$H2" ul2 192.0.3.1 \
		ip netns exec "$H1" ping -c 1 -W 2 -M dont 10.1.0.12)" "16 1"
	set_down df inherit
	zgc_eq "df inherit, DF" "$(outer_hdr "$H2" ul2 192.0.3.1 \
		ip netns exec "$H1" ping -c 1 -W 2 -M 'do' 10.1.0.12)" "16 1"
	zgc_eq "df inherit, no DF" "$(outer_hdr "$H2" ul2 192.0.3.1 \
		ip netns exec "$H1" ping -c 1 -W 2 -M dont 10.1.0.12)" "16 0"

	# 1300 bytes to H2: with df set, even a packet without DF that is too
	# big gets "fragmentation needed" instead of outer fragments.
	ip -n "$G" link set ul2 mtu 1300
	ip -n "$H2" link set ul2 mtu 1300
	ip netns exec "$H1" ping -c 1 -W 2 -s 1400 -M dont 10.1.0.12 >/dev/null
	set_down df set
	before=$(zgc_stat "$G" zgc0 rx_frag_needed)
	zgc_fails ip netns exec "$H1" ping -c 1 -W 2 -s 1400 -M dont 10.1.0.12 \
		>/dev/null
	[ "$(zgc_stat "$G" zgc0 rx_frag_needed)" -gt "$before" ]
}

zgc_main settings_round_trip settings_rejected entrance_and_local outer_ttl_df
