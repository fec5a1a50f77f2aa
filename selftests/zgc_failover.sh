#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Failover beyond one replica: two FTNs of different chains die one
# after the other (the middles, or the ends: heads and tails), every
# node of a chain dies, or a FWD does, while 50 TCP connections run,
# each exchanging a line every 300 to 600 ms; they go on, and new ones
# open (dft_net.sh has the cluster, here with chains of three;
# zgc_chain_repair.sh has the failures of a tail and a head alone, and
# the lease; zgc_rejoin.sh nodes that come back).

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=traffic.sh
. "$(dirname "$0")/traffic.sh"
# shellcheck source=dft_net.sh
. "$(dirname "$0")/dft_net.sh"

three_chains

# Two FTNs of different chains die one after the other while the
# connections run through both FWDs (behind the router R): N4, the
# middle of chain 1, loses power (its links down at once), and once
# every node has declared it dead, N6, the middle of chain 2, has its
# namespace deleted. Each chain goes on with its head and tail; the live
# replicas of each chain hold the same entries of the running
# connections with the same versions; no connection breaks, and new
# ones open. How long the detections
# took and the longest stall of a connection are printed.
middles_die()
{
	# shellcheck disable=SC2034 # topology() sets them
	local H1 H2 S C F1 F2 N3 N4 N5 N6 R DIR TALK SERVER TALKER

	ecmp_talk
	dies power 4 F1 F1 F2 N3 N5 N6
	dies netns 6 F2 F1 F2 N3 N5
	replicas_agree 1 N3 N5
	replicas_agree 2 N5 N3
	talk_end
	tcp_transfer "$H1" "$H2" 10.1.0.12
}

# The ends of both chains die one after the other while the connections
# run through both FWDs: N3, the head of chain 1 and the tail of chain 2,
# loses power; once every node has declared it dead, each chain goes on
# with the two nodes left (chain 2's middle, N6, is its tail now, with
# every update N3 acknowledged), and their replicas hold the same entries
# with the same versions. Then N5, now the tail of chain 1 and the head
# of chain 2, has its namespace deleted: N4 and N6 serve the chains
# alone. No connection breaks, and new ones open.
ends_die()
{
	# shellcheck disable=SC2034 # topology() sets them
	local H1 H2 S C F1 F2 N3 N4 N5 N6 R DIR TALK SERVER TALKER

	ecmp_talk
	dies power 3 F1 F1 F2 N4 N5 N6
	replicas_agree 1 N4 N5
	replicas_agree 2 N5 N6
	dies netns 5 F2 F1 F2 N4 N6
	talk_end
	tcp_transfer "$H1" "$H2" 10.1.0.12
	zgc_eq "F2 saw no chain down" "$(zgc_stat "$F2" zgc0 dft_chain_down)" 0
}

# Every node of chain 1 dies while the connections run (N3 and N5 are
# cut off, N4's namespace is deleted with its device): chain 2 has only
# N6 left and chain 1 none, so chain 1's flows go to chain 2 (their
# entries, lost, are decided again there under the same configuration);
# no connection breaks, and new ones open.
chain_lost()
{
	# shellcheck disable=SC2034 # topology() sets them
	local H1 H2 S C F1 F2 N3 N4 N5 N6 DIR TALK SERVER TALKER i

	topology
	neighbours_known
	talk_start
	ip -n "$N3" link del cC
	ip netns del "$N4"
	ip -n "$N5" link del cC
	for i in 3 4 5; do
		wait_all "$i" dead 15 F1 F2 N6
	done
	via 2
	talk_end
	tcp_transfer "$H1" "$H2" 10.1.0.12
	zgc_eq "every entry on N6, in chain 2" \
		"$(entries N6 | cut -d ' ' -f 2 | sort -u)" 2
	zgc_eq "no chain down" "$(zgc_stat "$F2" zgc0 dft_chain_down)" 0
}

# The hosts reach the entrance through the router R, so that the
# connections are spread over F1 and F2. F1 loses power (all its links
# down at once) and R takes it out of the route (as BFD would): its
# connections go on through F2, which has their verdicts from the DFT;
# none breaks, and new ones open.
fwd_dies()
{
	# shellcheck disable=SC2034 # topology() sets them
	local H1 H2 S C F1 F2 N3 N4 N5 N6 R DIR TALK SERVER TALKER n

	topology
	router
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

zgc_main middles_die ends_die chain_lost fwd_dies
