#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Open vSwitch compute hosts: an instance behind an OVS bridge whose
# Geneve or VXLAN port tunnels to the gateway (ovs_host.sh) reaches,
# through zgc, instances on stock hosts in its subnet and in another:
# ARP and neighbour discovery answered by zgc, ping, checksummed TCP
# transfers over IPv4 and IPv6, and the traffic seen in OVS's datapath.
#
#   I1 eth0 10.1.0.11/24 fd00:1::11/64 -- O: br0 (OVS) -- ul1 192.0.2.11 ==+
#   H2: tun0 10.1.0.12/24 fd00:1::12/64 ----------------- ul2 192.0.3.12 ==+== G: zgc0
#   H3: tun0 10.2.0.13/24 fd00:2::13/64 ----------------- ul3 192.0.4.13 ==+
# (the DFT cluster with an OVS host: zgc_dft.sh ovs_host_fwd_moved)

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=tenant_net.sh
. "$(dirname "$0")/tenant_net.sh"
# shellcheck source=ovs_host.sh
. "$(dirname "$0")/ovs_host.sh"

# ovs_topology KIND: G, the OVS host O with its instance I1, and the
# stock hosts H2 and H3, all with KIND tunnels.
ovs_topology()
{
	local mac

	gateway "$1"
	zgc_ns_new O
	zgc_underlay "$G" "$O" 192.0.2.1 192.0.2.11 ul1
	ovs_compute O I1 "$1" 192.0.2.1 10.1.0.11/24 10.1.0.1
	ip -n "$I1" addr add fd00:1::11/64 dev eth0 nodad
	ip -n "$I1" -6 route add default via fd00:1::1
	mac=$(ovs_mac I1)
	zc endpoint add zgc0 vni 100 ip 10.1.0.11 mac "$mac" host 192.0.2.11
	zc endpoint add zgc0 vni 100 ip fd00:1::11 mac "$mac" host 192.0.2.11
	host H2 "$1" 2 10.1.0.12/24 10.1.0.1
	host H3 "$1" 3 10.2.0.13/24 10.2.0.1
	host6 H2 2 fd00:1::12/64 fd00:1::1
	host6 H3 3 fd00:2::13/64 fd00:2::1
}

# ovs_instance KIND: I1 behind OVS reaches H2 (its subnet) and H3
# (routed), over IPv4 and IPv6, through zgc, and OVS's datapath carried
# the packets through its tunnel port both ways.
ovs_instance()
{
	# shellcheck disable=SC2034 # ovs_start() sets O_OVS
	local G O I1 H2 H3 O_OVS h2mac

	ovs_topology "$1"
	h2mac=$(ip -n "$H2" -j link show tun0 | jq -r '.[0].address')
	# ARP, answered by zgc for the gateway and the other instance.
	ip netns exec "$I1" ping -c 2 -i 0.3 -W 2 10.1.0.12 >/dev/null
	zgc_eq "H2 in I1's neighbours" "$(zgc_lladdr "$I1" 10.1.0.12)" "$h2mac"
	zgc_eq "same subnet: the sender's TTL" "$(ttl_of "$I1" 10.1.0.12)" 64
	zgc_eq "routed: one hop less" "$(ttl_of "$I1" 10.2.0.13)" 63
	zgc_eq "the gateway in I1's neighbours" "$(zgc_lladdr "$I1" 10.1.0.1)" \
		02:00:00:00:01:00
	# Neighbour discovery, likewise.
	ip netns exec "$I1" ping -c 2 -i 0.3 -W 2 fd00:1::12 >/dev/null
	zgc_eq "H2 in I1's IPv6 neighbours" "$(zgc_lladdr "$I1" fd00:1::12)" "$h2mac"
	zgc_eq "routed IPv6: one hop less" "$(ttl_of "$I1" fd00:2::13)" 63
	zgc_eq "the IPv6 gateway in I1's neighbours" "$(zgc_lladdr "$I1" fd00:1::1)" \
		02:00:00:00:01:00
	tcp_transfer "$I1" "$H2" 10.1.0.12
	tcp_transfer "$H3" "$I1" 10.1.0.11
	tcp_transfer "$I1" "$H3" fd00:2::13
	ovs_tunnelled O 192.0.2.1
	zgc_eq "no tenant packet dropped" \
		"$(zgc_stat "$G" zgc0 rx_unknown_vni)/$(zgc_stat "$G" zgc0 rx_bad_protocol)" 0/0
}

ovs_geneve()
{
	ovs_instance geneve
}

ovs_vxlan()
{
	ovs_instance vxlan
}

zgc_main ovs_geneve ovs_vxlan
