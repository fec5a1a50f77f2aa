#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Nodes that come back: an FTN that flaps, and one killed and re-created
# as a new machine would be, while 50 TCP connections run, each
# exchanging a line every 100 to 200 ms; they go on, new ones open, and
# the node that comes back syncs its chains first (dft_net.sh has the
# cluster, here with chains of three, as in zgc_failover.sh).

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=traffic.sh
. "$(dirname "$0")/traffic.sh"
# shellcheck source=dft_net.sh
. "$(dirname "$0")/dft_net.sh"

# Chain 1: N3 -> N4 -> N5, chain 2: N5 -> N6 -> N3: N4 and N6 are the
# middles of one chain each and in no other chain; N3 and N5 are the
# head of one and the tail of the other.
CHAINS='[{"id": 1, "nodes": [3, 4, 5]}, {"id": 2, "nodes": [5, 6, 3]}]'
TALKERS=50
TALK_GAP=0.1-0.2

# N5, the tail of chain 1 and the head of chain 2, flaps: its link goes
# down for 4 s (longer than the detection) and up for 4 s, three times,
# while the connections run. Each time the others declare it dead and
# route around it, and it comes back (it refutes, and learns that the
# others, which it believed dead, are alive). No connection breaks, new
# ones open, and every node ends up believing every node alive.
node_flaps()
{
	# shellcheck disable=SC2034 # topology() sets them
	local H1 H2 S C F1 F2 N3 N4 N5 N6 R DIR TALK SERVER TALKER n i deaths

	topology
	router
	neighbours_known
	talk_start
	deaths=$(zgc_stat "$F1" zgc0 dft_node_dead)
	for ((i = 0; i < 3; i++)); do
		ip -n "$N5" link set cC down
		sleep 4
		ip -n "$N5" link set cC up
		sleep 4
	done
	for n in F1 F2 N3 N4 N6; do
		wait_state "$n" 5 alive 15
	done
	for n in 1 2 3 4 6; do
		wait_state N5 "$n" alive 15
	done
	echo "F1 declared N5 dead $(($(zgc_stat "$F1" zgc0 dft_node_dead) - deaths)) times"
	zgc_eq "F1 declared N5 dead" \
		"$(($(zgc_stat "$F1" zgc0 dft_node_dead) - deaths >= 1))" 1
	talk_end
	tcp_transfer "$H1" "$H2" 10.1.0.12
}

# N4, the middle of chain 1, is killed (its namespace deleted) while the
# connections run, and comes back as a new machine would: a new device,
# empty, with the same configuration. The others see another boot
# number, tell it it is dead; it refutes, syncs chain 1 from its tail
# (N5), and takes its place again. N4 then holds every entry of the
# running connections in chain 1 that N3 and N5 hold, with the same
# versions; no connection breaks, and new ones open.
rejoin_after_kill()
{
	# shellcheck disable=SC2034 # topology() sets them
	local H1 H2 S C F1 F2 N3 N4 N5 N6 R DIR TALK SERVER TALKER n

	topology
	router
	neighbours_known
	talk_start
	ip netns del "$N4"
	for n in F1 F2 N3 N5 N6; do
		wait_state "$n" 4 dead 15
	done
	tcp_transfer "$H1" "$H2" 10.1.0.12
	node N4 4
	# The others learn its new MAC from its ARP requests.
	neighbours_known
	for n in F1 F2 N3 N5 N6; do
		wait_state "$n" 4 alive 15
	done
	for n in 1 2 3 5 6; do
		wait_state N4 "$n" alive 15
	done
	echo "N4 synced chain 1 $(zgc_stat "$N4" zgc0 dft_synced) times, took" \
		"$(zgc_stat "$N4" zgc0 dft_sync_received) entries from N5," \
		"which sent $(zgc_stat "$N5" zgc0 dft_sync_sent)"
	zgc_eq "N4 synced chain 1" "$(($(zgc_stat "$N4" zgc0 dft_synced) >= 1))" 1
	zgc_eq "N4 took entries" "$(($(zgc_stat "$N4" zgc0 dft_sync_received) > 0))" 1
	replicas_agree 1 N3 N4 N5
	replicas_agree 2 N5 N6 N3
	talk_end
	tcp_transfer "$H2" "$H1" 10.1.0.11
}

zgc_main node_flaps rejoin_after_kill
