#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Destinations that change under running connections, through a Zeta
# cluster (dft_net.sh): an instance that migrates to another compute
# host takes its connections along, on every node, as soon as the nodes
# are told (its flows are decided again at their next packet; the time
# it takes is printed); a compute host declared down has the flows to it
# answered with ICMP "host unreachable" by the gateway at once, on every
# FWD, its entries updated on every replica, while other destinations'
# connections go on.

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=traffic.sh
. "$(dirname "$0")/traffic.sh"
# shellcheck source=dft_net.sh
. "$(dirname "$0")/dft_net.sh"

# pause S: S seconds of traffic (ZGC_SLOW times as long in a slow guest).
pause()
{
	sleep $(($1 * ${ZGC_SLOW:-1}))
}

# 20 connections H1 -> H2, each exchanging a line every 300 to 600 ms,
# while H2's instance moves to another host (192.0.2.22): the same
# namespace and sockets, as a live migration keeps them, behind another
# underlay address, and every node told with `endpoint add` (FTNs
# first). None breaks; every node then sends H2's flows to the new host.
instance_migrates()
{
	# shellcheck disable=SC2034 # topology() sets them
	local H1 H2 S C F1 F2 N3 N4 N5 N6 DIR TALK SERVER TALKER start told n \
		TALKERS=20 TALK_GAP=0.3-0.6

	topology
	DIR=$(mktemp -d)
	neighbours_known
	talk_start
	pause 2
	ip netns exec "$H2" sysctl -qw net.ipv4.conf.cS.promote_secondaries=1
	start=$(date +%s%3N)
	ip -n "$H2" addr add 192.0.2.22/24 dev cS
	ip -n "$H2" addr del 192.0.2.12/24 dev cS
	for n in N3 N4 N5 N6 F1 F2; do
		zn "$n" endpoint add zgc0 vni 100 ip 10.1.0.12 mac "$H2MAC" \
			host 192.0.2.22
	done
	told=$(($(date +%s%3N) - start))
	pause 3
	echo "# the instance moved; every node was told within $told ms"
	talk_end
	zgc_eq "F1's flows to the instance" \
		"$(zn F1 -j flow show zgc0 |
		   jq -r '[.[] | select(.dst == "10.1.0.12") | .host] | unique | join(",")')" \
		192.0.2.22
	for n in N3 N4 N5 N6; do
		zgc_eq "$n's live entries of flows to the old host" \
			"$(zn "$n" -j dft show zgc0 |
			   jq '[.[] | select(.dst == "10.1.0.12" and .state == "live" and .host != "192.0.2.22")] | length')" \
			0
	done
}

# A third host H3 (10.1.0.13, host 192.0.2.13) with a TCP server on port
# 5003 and a connection to it from H1, and the 20 connections H1 -> H2;
# then H3's host is declared down on every node (FTNs first): new
# connections to H3 fail at once (EHOSTUNREACH, not a timeout), its
# established connection's next packet is answered unreachable, and the
# DFT entries of H1's flows to H3 say so on every replica of their chain;
# H2's connections go on. H3's host up again: connections to it open.
host_down()
{
	# shellcheck disable=SC2034 # topology() sets them
	local H1 H2 H3 S C F1 F2 N3 N4 N5 N6 DIR TALK SERVER TALKER n \
		TALKERS=20 TALK_GAP=0.3-0.6

	topology
	host H3 3
	ip -n "$H3" route replace "$ENTRANCE" via 192.0.2.1
	for n in $NODES; do
		zn "$n" endpoint add zgc0 vni 100 ip 10.1.0.13 \
			mac 02:00:0a:01:00:13 host 192.0.2.13
	done
	DIR=$(mktemp -d)
	neighbours_known
	ip netns exec "$H3" python3 "$CONNS" serve 10.1.0.13 5003 >"$DIR/srv3" &
	ZGC_CLEANUP+=("kill $!")
	for ((n = 0; n < 300; n++)); do
		grep -q listening "$DIR/srv3" && break
		sleep 0.1
	done
	zgc_eq "to H3 first" "$(connect_result "$H1" 10.1.0.13 5003)" connected
	talk_start
	pause 2
	for n in N3 N4 N5 N6 F1 F2; do
		zn "$n" host down zgc0 192.0.2.13
	done
	zgc_eq "host shown down" "$(zn F1 host show zgc0)" "host 192.0.2.13 state down"
	zgc_eq "a new connection to H3" "$(connect_result "$H1" 10.1.0.13 5003)" \
		EHOSTUNREACH
	zgc_match "a ping" "$(ip netns exec "$H1" ping -c 1 -W 2 10.1.0.13 || true)" \
		"Destination Host Unreachable"
	zgc_match "F1 answered" "$(zgc_stat "$F1" zgc0 rx_unreachable)" '^[1-9]'
	for n in N3 N4 N5 N6; do
		zgc_eq "$n's live entries to H3 that are not unreachable" \
			"$(zn "$n" -j dft show zgc0 |
			   jq '[.[] | select(.dst == "10.1.0.13" and .state == "live" and .action != "unreachable")] | length')" \
			0
	done
	zgc_match "entries of H1's flows to H3" \
		"$(for n in N3 N4 N5 N6; do zn "$n" dft show zgc0; done)" \
		"dst 10.1.0.13 .*action unreachable"
	pause 2
	talk_end
	for n in N3 N4 N5 N6 F1 F2; do
		zn "$n" host up zgc0 192.0.2.13
	done
	zgc_eq "no host down" "$(zn F1 host show zgc0)" ""
	zgc_eq "H3 up again" "$(connect_result "$H1" 10.1.0.13 5003)" connected
}

zgc_main instance_migrates host_down
