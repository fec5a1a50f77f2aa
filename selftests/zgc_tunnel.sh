#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Tenant tunnels reaching a zgc device: the UDP socket it owns while up,
# Geneve and VXLAN from stock kernel devices on a compute host, and
# malformed packets, each dropped and counted by reason (zgcctl stats,
# ip -s link) while the kernel stays silent.
#
#   host (ns H)                          gateway (ns G)
#   gnv0/vx0 10.1.0.11 -- veth 192.0.2.11 ==== veth 192.0.2.1 -- zgc0

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

SEND=$(dirname "$0")/udp_send.py
GW=192.0.2.1
HOST=192.0.2.11

# Two namespaces joined by a veth pair: G (the gateway) and H (a host).
underlay()
{
	zgc_ns_new G
	zgc_ns_new H
	zgc_underlay "$G" "$H" $GW $HOST ul0
}

stat()
{
	zgc_stat "$@"
}

rx_dropped()
{
	zgc_rx_dropped "$@"
}

# A userspace socket may take the port only while the device is down.
port_bind()
{
	ip netns exec "$1" python3 -c "import socket
socket.socket(socket.AF_INET, socket.SOCK_DGRAM).bind(('0.0.0.0', $2))"
}

socket_follows_up_down()
{
	local G H err line

	underlay
	ip -n "$G" link add zgc0 type zgc
	port_bind "$G" 6081
	ip -n "$G" link set zgc0 up
	zgc_fails port_bind "$G" 6081 2>/dev/null
	ip -n "$G" link set zgc0 down
	port_bind "$G" 6081
	# A port held by another socket: the device cannot come up.
	coproc HOLD { exec ip netns exec "$G" python3 -c "import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(('0.0.0.0', 6081))
print('bound', flush=True)
time.sleep(60)"; }
	read -r line <&"${HOLD[0]}"
	zgc_eq holder "$line" bound
	err=$(zgc_err_of ip -n "$G" link set zgc0 up)
	kill "$HOLD_PID"
	wait "$HOLD_PID" || true
	zgc_match "port held" "$err" "Address already in use"
	ip -n "$G" link set zgc0 up
}

# host_ping KIND NET ARGS...: a stock KIND tunnel device on H, addressed
# NET.11/24 and created with ARGS, tunnels to the gateway; H pings NET.1
# through it (ARP for the gateway, unanswered for now).
host_ping()
{
	local kind=$1 net=$2

	shift 2
	ip -n "$H" link add tun0 type "$kind" "$@" remote $GW
	ip -n "$H" addr add "$net.11/24" dev tun0
	ip -n "$H" link set tun0 up
	ip netns exec "$H" ping -c 2 -i 0.3 -W 1 "$net.1" >/dev/null 2>&1 || true
}

# With no tenant configured, what stock devices send is well-formed and
# dropped as unknown VNI.
geneve_unknown_vni()
{
	local G H

	underlay
	ip -n "$G" link add zgc0 type zgc
	ip -n "$G" link set zgc0 up
	host_ping geneve 10.1.0 id 100 dstport 6081
	[ "$(stat "$G" zgc0 rx_unknown_vni)" -ge 2 ]
	[ "$(rx_dropped "$G" zgc0)" -ge 2 ]
	zgc_eq truncated "$(stat "$G" zgc0 rx_truncated)" 0
	zgc_eq bad_header "$(stat "$G" zgc0 rx_bad_header)" 0
}

vxlan_unknown_vni()
{
	local G H

	underlay
	ip -n "$G" link add zgc0 type zgc overlay vxlan
	ip -n "$G" link set zgc0 up
	host_ping vxlan 10.2.0 id 200 dstport 4789
	[ "$(stat "$G" zgc0 rx_unknown_vni)" -ge 2 ]
	zgc_eq bad_header "$(stat "$G" zgc0 rx_bad_header)" 0
}

# send_expect NS DEV PORT COUNTER:HEX...: send every crafted datagram
# (one python run: it starts slowly under emulation), then each COUNTER
# must have moved by the number of datagrams that name it, and rx_dropped
# by their total.
send_expect()
{
	local ns=$1 dev=$2 port=$3 c j0 j1 want
	local -A n=()
	local hex=()

	shift 3
	for c in "$@"; do
		n[${c%%:*}]=$((${n[${c%%:*}]:-0} + 1))
		hex+=("${c#*:}")
	done
	j0=$(ip netns exec "$G" "$ZGCCTL" -j stats "$dev")
	ip netns exec "$ns" "$SEND" $GW "$port" "${hex[@]}"
	sleep 0.5
	j1=$(ip netns exec "$G" "$ZGCCTL" -j stats "$dev")
	for c in rx_truncated rx_bad_header rx_critical_option rx_bad_protocol \
		 rx_unknown_vni rx_unknown_destination rx_spoofed; do
		want=$(($(jq ".[0].$c" <<<"$j0") + ${n[$c]:-0}))
		zgc_eq "$c" "$(jq ".[0].$c" <<<"$j1")" "$want"
	done
	zgc_eq rx_dropped "$(rx_dropped "$G" "$dev")" $#
}

# Geneve headers: 8 fixed bytes (version and options' length, flags,
# protocol, VNI 100), then options, then the inner Ethernet frame.
ETH=ffffffffffff0200000000010806
geneve_malformed_counted()
{
	local G H

	underlay
	ip -n "$G" link add zgc0 type zgc
	ip -n "$G" link set zgc0 up
	# Cut short: in the fixed header, before the inner Ethernet header,
	# and with 2 words of options announced but 1.5 present.
	# Version 1. An option whose length runs past the options. A critical
	# option. An IPv4 payload. Then well-formed, with a non-critical
	# option and without: only the VNI is unknown.
	send_expect "$H" zgc0 6081 \
		rx_truncated:0000 \
		rx_truncated:0000655800006400 \
		rx_truncated:0000655800006400ffffffffffff \
		rx_truncated:0200655800006400010203000000 \
		rx_bad_header:4000655800006400$ETH \
		rx_bad_header:010065580000640001020101$ETH \
		rx_critical_option:014065580000640001028100$ETH \
		rx_bad_protocol:0000080000006400$ETH \
		rx_unknown_vni:020065580000640001020101deadbeef$ETH \
		rx_unknown_vni:0000655800006400$ETH
}

# Cut short, no I flag, no inner frame; reserved bits are ignored on
# receipt (RFC 7348).
vxlan_malformed_counted()
{
	local G H

	underlay
	ip -n "$G" link add zgc0 type zgc overlay vxlan
	ip -n "$G" link set zgc0 up
	send_expect "$H" zgc0 4789 \
		rx_truncated:08000000000064 \
		rx_bad_header:0000000000006400$ETH \
		rx_truncated:0800000000006400 \
		rx_unknown_vni:0800000000006400$ETH \
		rx_unknown_vni:ff000000000064ff$ETH
}

# Inner frames of a known tenant: IPv4 and IPv6 headers cut short or
# wrong, TCP headers cut short, IPv6 extension headers that do not parse,
# an IPv4-mapped address in IPv6, sources no endpoint has (spoofed), an
# unknown destination, an ethertype zgc
# does not route. Geneve VNI 100, to the gateway's MAC from an instance's.
INNER=0000655800006400020000000100020000000011
IP4=00004000400100000a01000b0a01000c
SRC6=fd000001000000000000000000000011
DST6=fd000001000000000000000000000099
inner_malformed_counted()
{
	local G H

	underlay
	ip -n "$G" link add zgc0 type zgc
	ip -n "$G" link set zgc0 up
	ip netns exec "$G" "$ZGCCTL" subnet add zgc0 vni 100 gw 10.1.0.1/24 \
		mac 02:00:00:00:01:00
	send_expect "$H" zgc0 6081 \
		rx_truncated:${INNER}08004500001400004000 \
		rx_bad_header:${INNER}08006500001400004000400100000a01000b0a01000c \
		rx_truncated:${INNER}08004f000014${IP4} \
		rx_truncated:${INNER}08004500001800004000400600000a01000b0a01000c00500050 \
		rx_spoofed:${INNER}08004500001400004000400100000a01000b0a010063 \
		rx_unknown_destination:${INNER}88cc0000000000000000 \
		rx_truncated:${INNER}08060001 \
		rx_truncated:${INNER}86dd6000000000080640 \
		rx_bad_header:${INNER}86dd400000000000113f${SRC6}${DST6} \
		rx_bad_header:${INNER}86dd600000000000113f${SRC6}00000000000000000000ffff0a01000c \
		rx_bad_header:${INNER}86dd600000000000003f${SRC6}${DST6} \
		rx_truncated:${INNER}86dd600000000004063f${SRC6}${DST6}00500050 \
		rx_spoofed:${INNER}86dd600000000008113f${SRC6}${DST6}0035003500080000
}

# The counters belong to the device and are per namespace.
stats_output()
{
	local G H j

	underlay
	ip -n "$G" link add zgc0 type zgc
	ip -n "$G" link add zgc1 type zgc port 7000
	j=$(ip netns exec "$G" "$ZGCCTL" -j stats)
	zgc_eq devices "$(jq length <<<"$j")" 2
	zgc_eq keys "$(jq -c '.[0] | keys' <<<"$j")" \
		'["dft_chain_down","dft_chain_repaired","dft_delete","dft_expired","dft_insert","dft_insert_raced","dft_lookup","dft_migrated","dft_no_lease","dft_node_dead","dft_probe","dft_probe_failed","dft_probe_indirect","dft_refresh","dft_refuted","dft_reply","dft_rx_auth","dft_rx_future_epoch","dft_rx_malformed","dft_rx_misdirected","dft_rx_other_boot","dft_rx_other_view","dft_rx_replay","dft_rx_stale_epoch","dft_rx_version","dft_suspect","dft_sync_received","dft_sync_sent","dft_synced","dft_tx_too_big","flow_expired","flow_hit","flow_miss","ifindex","ifname","provider_no_route","provider_no_service","provider_rx","provider_tx","rx_acl_deny","rx_acl_reject","rx_bad_header","rx_bad_protocol","rx_critical_option","rx_flow_rate_limited","rx_flow_table_full","rx_flow_vni_limit","rx_frag_needed","rx_frag_no_first","rx_no_backend","rx_no_memory","rx_spoofed","rx_truncated","rx_ttl_exceeded","rx_unknown_destination","rx_unknown_vni","rx_unreachable","rx_wrong_address","tx_no_route"]'
	zgc_match plain "$(ip netns exec "$G" "$ZGCCTL" stats zgc1)" \
		"^zgc1: ifindex [0-9]+ rx_truncated 0 rx_bad_header 0 rx_critical_option 0 rx_bad_protocol 0 rx_unknown_vni 0 rx_unknown_destination 0 tx_no_route 0 rx_ttl_exceeded 0 rx_flow_table_full 0 rx_flow_vni_limit 0 rx_no_memory 0 flow_hit 0 flow_miss 0 flow_expired 0 rx_acl_deny 0 rx_acl_reject 0 rx_frag_needed 0 rx_wrong_address 0 dft_expired 0 dft_rx_malformed 0 dft_rx_version 0 dft_rx_stale_epoch 0 dft_rx_future_epoch 0 dft_rx_auth 0 dft_rx_replay 0 dft_rx_misdirected 0 dft_tx_too_big 0 dft_lookup 0 dft_reply 0 dft_insert 0 dft_refresh 0 dft_delete 0 dft_insert_raced 0 dft_probe 0 dft_probe_indirect 0 dft_probe_failed 0 dft_refuted 0 dft_node_dead 0 dft_chain_down 0 dft_no_lease 0 dft_suspect 0 dft_chain_repaired 0 dft_rx_other_view 0 dft_sync_sent 0 dft_sync_received 0 dft_synced 0 dft_migrated 0 rx_frag_no_first 0 rx_spoofed 0 rx_flow_rate_limited 0 dft_rx_other_boot 0 rx_no_backend 0 rx_unreachable 0 provider_rx 0 provider_tx 0 provider_no_service 0 provider_no_route 0$"
}

zgc_main socket_follows_up_down geneve_unknown_vni vxlan_unknown_vni \
	inner_malformed_counted \
	geneve_malformed_counted vxlan_malformed_counted stats_output
