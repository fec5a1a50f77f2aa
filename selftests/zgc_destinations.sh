#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Destinations that change under running connections, through a Zeta
# cluster (dft_net.sh): an instance that migrates to another compute
# host takes its connections along, on every node, as soon as the nodes
# are told (its flows are decided again at their next packet; the time
# it takes is printed).

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

zgc_main instance_migrates
