#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Failover beyond one replica: every node of a chain dies, or a FWD
# does, while TCP connections run; they go on, and new ones open
# (dft_net.sh has the cluster, here with chains of three;
# zgc_chain_repair.sh has the helpers and the failures of one replica).

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=traffic.sh
. "$(dirname "$0")/traffic.sh"
# shellcheck source=dft_net.sh
. "$(dirname "$0")/dft_net.sh"

# Chain 1: N3 -> N4 -> N5, chain 2: N4 -> N5 -> N6: N5 is the tail of
# one and the middle of the other, N3 the head of one only.
CHAINS='[{"id": 1, "nodes": [3, 4, 5]}, {"id": 2, "nodes": [4, 5, 6]}]'

# Every node of chain 1 dies while 20 connections run (N3 and N5 are
# cut off, N4's namespace is deleted with its device): chain 2 has only
# N6 left and chain 1 none, so chain 1's flows go to chain 2 (their
# entries, lost, are decided again there under the same configuration);
# no connection breaks, and new ones open.
chain_lost()
{
	# shellcheck disable=SC2034 # topology() sets them
	local H1 H2 S C F1 F2 N3 N4 N5 N6 DIR TALK SERVER TALKER n i

	topology
	neighbours_known
	talk_start
	ip -n "$N3" link del cC
	ip netns del "$N4"
	ip -n "$N5" link del cC
	for i in 3 4 5; do
		for n in F1 F2 N6; do
			wait_state "$n" "$i" dead 15
		done
	done
	via 2
	talk_end
	tcp_transfer "$H1" "$H2" 10.1.0.12
	zgc_eq "every entry on N6, in chain 2" \
		"$(entries N6 | cut -d ' ' -f 2 | sort -u)" 2
	zgc_eq "no chain down" "$(zgc_stat "$F2" zgc0 dft_chain_down)" 0
}

# The hosts reach the entrance through a router R whose route to it has
# both FWDs as nexthops, hashed on L4 as a fabric's routers do
# (Geneve's source port follows the tenant flow), so the 20 connections
# are spread over F1 and F2. F1 loses power (all its links down at once)
# and R takes it out of the route (as BFD would): its connections go on
# through F2, which has their verdicts from the DFT; none breaks, and
# new ones open.
fwd_dies()
{
	# shellcheck disable=SC2034 # topology() sets them
	local H1 H2 S C F1 F2 N3 N4 N5 N6 R DIR TALK SERVER TALKER h n

	topology
	zgc_ns_new R
	port R S 192.0.2.254/24 1500
	ip netns exec "$R" sysctl -qw net.ipv4.ip_forward=1 \
		net.ipv4.fib_multipath_hash_policy=1 \
		net.ipv4.conf.all.send_redirects=0 net.ipv4.conf.cS.send_redirects=0
	ip -n "$R" route add "$ENTRANCE" nexthop via 192.0.2.1 nexthop via 192.0.2.2
	for h in H1 H2; do
		ip -n "${!h}" route replace "$ENTRANCE" via 192.0.2.254
	done
	neighbours_known
	talk_start
	for n in F1 F2; do
		zgc_eq "$n carries some connections" \
			"$(zn "$n" -j flow show zgc0 |
			   jq '[.[] | select(.proto == "tcp")] | length > 0')" true
	done
	ip -n "$F1" link set cS down
	ip -n "$F1" link set cC down
	ip -n "$R" route replace "$ENTRANCE" via 192.0.2.2
	talk_end
	tcp_transfer "$H1" "$H2" 10.1.0.12
	wait_state F2 1 dead 15
}

zgc_main chain_lost fwd_dies
