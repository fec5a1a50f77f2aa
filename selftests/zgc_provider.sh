#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Provider-facing FWDs: a tenant service with a public VIP, reached by an
# external client on a provider network (plain IPv4 and IPv6 routing, no
# tunnel). The client's packets are routed into a provider-facing zgc
# device, decided like any flow (through the DFT in a cluster), rewritten
# to the backend and tunnelled to its host; the backend's replies, which
# reach whichever FWD its host tunnels to, are rewritten back to the
# public VIP and routed out by that FWD's node.

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=traffic.sh
. "$(dirname "$0")/traffic.sh"

PUBLIC=203.0.113.10
PUBLIC6=2001:db8:203::10
CLIENT=198.51.100.100
CLIENT6=2001:db8:100::100

# provider_side NS N: NS is a router of the provider network with the
# addresses .N on its interface cP, the public VIPs routed into its zgc0
# (of the tenants' MTU), IP forwarding on.
provider_side()
{
	local ns=$1 n=$2

	ip -n "$ns" addr add "2001:db8:100::$n/64" dev cP nodad
	ip netns exec "$ns" sysctl -qw net.ipv4.ip_forward=1 \
		net.ipv6.conf.all.forwarding=1
	ip -n "$ns" link set zgc0 mtu 1450
	ip -n "$ns" route add "$PUBLIC/32" dev zgc0
	ip -n "$ns" route add "$PUBLIC6/128" dev zgc0
}

# client_via NS GW: the external client X (namespace NS) sends to the
# public VIPs through the provider router .GW.
client_via()
{
	ip -n "$1" route replace "$PUBLIC/32" via "198.51.100.$2"
	ip -n "$1" -6 route replace "$PUBLIC6/128" via "2001:db8:100::$2"
}

# A Zeta cluster (dft_net.sh) whose FWDs F1 and F2 are also on the
# provider network P with the external client X; the compute hosts
# tunnel through F1, X sends through F2. The public service (VIPs
# 203.0.113.10 and 2001:db8:203::10, port 80) is served by H2's
# instance on port 8080. With F2 not provider-facing, X's connection
# gets nowhere (F2 drops what its node routes into zgc0). Then F2 is (F1
# is not: it only routes replies out, as any FWD does):
# a TCP exchange both ways (SHA-256 checked) over IPv4 and over IPv6;
# the backend sees the client's own address, the client only the public
# VIP; the requests came in through F2 (provider_rx) and went through
# the DFT, the replies left through F1 (provider_tx), routed by F1's
# node; the chains hold the service flow's entry and its replies'
# (action route).
public_vip_cluster()
{
	# shellcheck disable=SC2034 # topology() sets them
	local H1 H2 S C F1 F2 N3 N4 N5 N6 P X n dropped snap poller

	# shellcheck source=dft_net.sh
	. "$(dirname "$0")/dft_net.sh"
	topology
	switch P 1500
	zgc_ns_new X
	port X P "$CLIENT/24" 1500
	ip -n "$X" addr add "$CLIENT6/64" dev cP nodad
	port F1 P 198.51.100.1/24 1500
	port F2 P 198.51.100.2/24 1500
	provider_side "$F1" 1
	provider_side "$F2" 2
	client_via "$X" 2
	ip -n "$H2" addr add fd00:1::12/64 dev tun0 nodad
	ip -n "$H2" route add default via 10.1.0.1
	ip -n "$H2" -6 route add default via fd00:1::1
	for n in N3 N4 N5 N6 F1 F2; do
		zn "$n" -b - <<-END
			subnet add zgc0 vni 100 gw fd00:1::1/64 mac 02:00:00:00:01:00
			endpoint add zgc0 vni 100 ip fd00:1::12 mac $H2MAC host 192.0.2.12
			service add zgc0 vni 100 vip $PUBLIC public port 80 proto tcp backend 10.1.0.12:8080
			service add zgc0 vni 100 vip $PUBLIC6 public port 80 proto tcp backend [fd00:1::12]:8080
		END
	done
	zgc_eq "the service" "$(zn F2 service show zgc0 | head -n 1)" \
		"vni 100 vip $PUBLIC public port 80 proto tcp"
	zgc_eq "F2 provider-facing" "$(zn F2 -j show zgc0 | jq -r '.[0].provider')" off

	dropped=$(ip -n "$F2" -s -j link show zgc0 | jq '.[0].stats64.tx.dropped')
	zgc_eq "through F2, not provider-facing" "$(connect_result "$X" "$PUBLIC" 80 3)" timeout
	zgc_match "F2 dropped them" \
		"$(($(ip -n "$F2" -s -j link show zgc0 | jq '.[0].stats64.tx.dropped') - dropped))" \
		'^[1-9]'
	ip -n "$F2" link set zgc0 type zgc provider on
	zgc_match "ip link shows it" "$(ip -n "$F2" -d link show zgc0)" "provider on"
	zgc_eq "zgcctl shows it" "$(zn F2 -j show zgc0 | jq -r '.[0].provider')" on

	# The entries, read while the transfer runs: a closed connection's go
	# 10 s after its end, which a slow (debug) guest's transfer checks
	# may outlast.
	snap=$(mktemp)
	flows_while "$snap" "src 10.1.0.12 sport 8080 dst $CLIENT .*action route" &
	poller=$!
	tcp_exchange "$X" "$H2" 10.1.0.12 8080 "$PUBLIC" 80
	wait "$poller" || true
	zgc_eq "the backend saw" "$PEER" "$CLIENT"
	zgc_eq "the client saw" "$FROM" "$PUBLIC"
	zgc_match "F1's cached replies" "$(cat "$snap.F1")" \
		"src 10.1.0.12 sport 8080 dst $CLIENT .*action route .*snat $PUBLIC nat_port 80"
	zgc_match "the DFT's entries of the flow" "$(cat "$snap.dft")" \
		"src $CLIENT .*dst $PUBLIC dport 80 .*dnat 10.1.0.12 nat_port 8080"
	zgc_match "the DFT's entries of its replies" "$(cat "$snap.dft")" \
		"src 10.1.0.12 sport 8080 dst $CLIENT .*action route .*snat $PUBLIC"
	flows_while "$snap" "src fd00:1::12 sport 8080 dst $CLIENT6 .*action route" &
	poller=$!
	tcp_exchange "$X" "$H2" fd00:1::12 8080 "$PUBLIC6" 80
	wait "$poller" || true
	zgc_eq "IPv6: the backend saw" "$PEER" "$CLIENT6"
	zgc_eq "IPv6: the client saw" "$FROM" "$PUBLIC6"
	zgc_match "F1's cached IPv6 replies" "$(cat "$snap.F1")" \
		"src fd00:1::12 sport 8080 dst $CLIENT6 .*action route .*snat $PUBLIC6 nat_port 80"
	rm -f "$snap" "$snap.F1" "$snap.dft"

	zgc_match "requests into F2" "$(zgc_stat "$F2" zgc0 provider_rx)" '^[1-9]'
	zgc_eq "requests into F1" "$(zgc_stat "$F1" zgc0 provider_rx)" 0
	zgc_match "F2 asked the DFT" "$(zgc_stat "$F2" zgc0 dft_lookup)" '^[1-9]'
	zgc_match "replies out of F1" "$(zgc_stat "$F1" zgc0 provider_tx)" '^[1-9]'
	zgc_eq "replies out of F2" "$(zgc_stat "$F2" zgc0 provider_tx)" 0
	zgc_eq "no reply dropped" "$(zgc_stat "$F1" zgc0 provider_no_route)" 0
}

# flows_while SNAP PATTERN: reads F1's flows (to SNAP.F1) and the FTNs'
# DFT entries (to SNAP.dft) until F1 shows a flow matching PATTERN, for
# 60 s at most: the entries of a connection while it runs.
flows_while()
{
	local i n

	for ((i = 0; i < 300; i++)); do
		zn F1 flow show zgc0 >"$1.F1"
		grep -qE -- "$2" "$1.F1" && break
		sleep 0.2
	done
	for n in N3 N4 N5 N6; do
		zn "$n" dft show zgc0
	done >"$1.dft"
}

# One gateway (tenant_net.sh) with a provider link to the external client
# X: the verdict of the replies is decided with the flow's and cached.
# What a provider-facing device refuses, each counted: a port of the
# public VIP that no service has, a source in the tenant's subnets. What
# the configuration refuses: a public VIP in a subnet of the tenant, one
# of another tenant, a service changing whether its VIP is public.
public_vip_one_gateway()
{
	# shellcheck disable=SC2034 # topology() sets them
	local G H1 H2 H3 X err

	# shellcheck source=tenant_net.sh
	. "$(dirname "$0")/tenant_net.sh"
	topology geneve
	zgc_ns_new X
	ip link add cP netns "$X" type veth peer name cP netns "$G"
	ip -n "$X" addr add "$CLIENT/24" dev cP
	ip -n "$X" addr add "$CLIENT6/64" dev cP nodad
	ip -n "$X" link set cP up
	ip -n "$G" addr add 198.51.100.1/24 dev cP
	ip -n "$G" link set cP up
	provider_side "$G" 1
	client_via "$X" 1
	zc set zgc0 provider on
	zc service add zgc0 vni 100 vip "$PUBLIC" public port 80 proto tcp \
		backend 10.1.0.12:8080
	zc service add zgc0 vni 100 vip "$PUBLIC6" public port 80 proto tcp \
		backend '[fd00:1::12]:8080'

	tcp_exchange "$X" "$H2" 10.1.0.12 8080 "$PUBLIC" 80
	zgc_eq "the backend saw" "$PEER" "$CLIENT"
	zgc_eq "the client saw" "$FROM" "$PUBLIC"
	tcp_exchange "$X" "$H2" fd00:1::12 8080 "$PUBLIC6" 80
	zgc_eq "IPv6: the client saw" "$FROM" "$PUBLIC6"
	zgc_match "replies out" "$(zgc_stat "$G" zgc0 provider_tx)" '^[1-9]'

	zgc_eq "another port" "$(connect_result "$X" "$PUBLIC" 81 3)" timeout
	zgc_match "counted" "$(zgc_stat "$G" zgc0 provider_no_service)" '^[1-9]'
	ip -n "$X" addr add 10.1.0.99/32 dev cP
	ip netns exec "$X" python3 -c "
import socket
s = socket.socket()
s.bind(('10.1.0.99', 0))
s.settimeout(1)
try:
    s.connect(('$PUBLIC', 80))
except OSError:
    pass" || true
	zgc_match "a tenant's source from outside" \
		"$(zgc_stat "$G" zgc0 rx_spoofed)" '^[1-9]'

	err=$(zgc_err_of zc service add zgc0 vni 100 vip 10.1.0.200 public \
		port 80 proto tcp backend 10.1.0.12:8080)
	zgc_match "a public VIP in a subnet" "$err" "not of a subnet of the tenant"
	zc subnet add zgc0 vni 200 gw 10.9.9.1/24 mac 02:00:00:00:09:00
	zc endpoint add zgc0 vni 200 ip 10.9.9.12 mac 02:00:00:00:09:12 \
		host 192.0.3.12
	err=$(zgc_err_of zc service add zgc0 vni 200 vip "$PUBLIC" public \
		port 443 proto tcp backend 10.9.9.12:8443)
	zgc_match "another tenant's public VIP" "$err" "another tenant's"
	err=$(zgc_err_of zc service set zgc0 vni 100 vip "$PUBLIC" \
		port 80 proto tcp backend 10.1.0.12:8080)
	zgc_match "no longer public" "$err" "cannot change"
	zc service del zgc0 vni 100 vip "$PUBLIC" port 80 proto tcp
	zc service add zgc0 vni 200 vip "$PUBLIC" public port 443 proto tcp \
		backend 10.9.9.12:8443
	zgc_eq "now tenant 200's" "$(zc -j service show zgc0 |
		jq -r '.[] | select(.vip == "'"$PUBLIC"'") | "\(.vni) \(.public)"')" \
		"200 true"
}

zgc_main public_vip_cluster public_vip_one_gateway
