#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Chain repair: when an FTN dies (or is cut off the cluster network), every
# node routes the chains around it, so that established connections go
# on and new ones open (dft_net.sh has the cluster; here with chains of
# three). zgc_member.sh tests the membership that declares it dead.

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=traffic.sh
. "$(dirname "$0")/traffic.sh"
# shellcheck source=dft_net.sh
. "$(dirname "$0")/dft_net.sh"

# Chain 1: N3 -> N4 -> N5, chain 2: N4 -> N5 -> N6: N5 is the tail of
# one and the middle of the other, N3 the head of one only.
CHAINS='[{"id": 1, "nodes": [3, 4, 5]}, {"id": 2, "nodes": [4, 5, 6]}]'

# The tail of chain 1 (and middle of chain 2) is cut off the cluster
# network while 20 connections run: every other node declares it dead,
# both chains go on without it, the hosts move to the other FWD (which
# has cached nothing, so every packet's verdict comes from the repaired
# chains), and no connection breaks; new ones open. The node, cut off,
# declares nobody dead (hearing no one, it is the likelier to be cut
# off itself). Linked again, it refutes, syncs both chains
# from their tails (it missed what they wrote meanwhile), and is alive
# again (it takes at least the entries of 20 idle UDP flows, which
# outlive the connections). F1's `zgcctl monitor` prints the death and the return (N5's,
# its sync), F1 counts the repairs of both chains each time; how long
# the detection took and the longest stall of a connection are printed.
tail_dies()
{
	# shellcheck disable=SC2034 # topology() sets them
	local H1 H2 S C F1 F2 N3 N4 N5 N6 DIR TALK SERVER TALKER
	local repaired suspected FLOW_TIMEOUT=3600

	topology
	DIR=$(mktemp -d)
	monitor_start F1
	monitor_start N5
	neighbours_known
	talk_start
	# Idle flows whose entries outlive the connections (which may all
	# have closed, their entries deleted, by the time N5 syncs in a slow
	# guest): N5 has them to take from its chains' tails.
	udp_flows 41001 20
	repaired=$(zgc_stat "$F1" zgc0 dft_chain_repaired)
	suspected=$(stat_sum dft_suspect F1 F2 N3 N4 N6)
	dies unplug 5 F1 F1 F2 N3 N4 N6
	zgc_eq "F1 repaired both chains of N5" \
		"$(($(zgc_stat "$F1" zgc0 dft_chain_repaired) - repaired >= 2))" 1
	zgc_eq "a node suspected N5 first" "$(($(stat_sum dft_suspect F1 F2 N3 N4 N6) > suspected))" 1
	via 2
	talk_end
	tcp_transfer "$H2" "$H1" 10.1.0.11
	zgc_eq "N5, hearing no one, declares nobody dead" \
		"$([[ $(states N5) == *dead* ]] || echo none)" none
	zgc_eq "F2 saw no chain down" "$(zgc_stat "$F2" zgc0 dft_chain_down)" 0
	port N5 C 10.9.0.5/24 9000
	wait_all 5 alive 15 F1 F2 N3 N4 N6
	wait_state N5 3 alive 15
	zgc_eq "F1 repaired them again" \
		"$(($(zgc_stat "$F1" zgc0 dft_chain_repaired) - repaired >= 4))" 1
	# F1 may hear of the death before it suspects N5 itself, and of N5
	# synced before it hears that N5 syncs.
	saw_event F1 5 dead
	saw_event F1 5 alive
	saw_event N5 5 syncing alive
	saw_event N5 5 alive syncing
	zgc_eq "N5 synced its two chains" \
		"$(($(zgc_stat "$N5" zgc0 dft_synced) >= 2))" 1
	zgc_eq "N5 took entries from their tails" \
		"$(($(zgc_stat "$N5" zgc0 dft_sync_received) > 0))" 1
	zgc_eq "N5 refuted" "$(($(zgc_stat "$N5" zgc0 dft_refuted) >= 1))" 1
	zgc_eq "a new incarnation" \
		"$(zn F1 -j cluster show zgc0 | jq '.[0].nodes[] | select(.id == 5) | .incarnation > 0')" true
}

# The head of chain 1 stops (its device goes down) while 20 connections
# run: N4 heads chain 1, no connection breaks, new flows are inserted.
head_dies()
{
	# shellcheck disable=SC2034 # topology() sets them
	local H1 H2 S C F1 F2 N3 N4 N5 N6 DIR TALK SERVER TALKER

	topology
	DIR=$(mktemp -d)
	monitor_start F2
	neighbours_known
	talk_start
	dies device 3 F2 F1 F2 N4 N5 N6
	via 2
	talk_end
	tcp_transfer "$H1" "$H2" 10.1.0.12
}

# A tail cut off from the others (a partition: its messages no longer
# reach them, theirs no longer reach it) loses its lease before they
# declare it dead: a LOOKUP from F1 (dft_msg.py, from a port the
# partition lets through) is answered before, and refused after
# (dft_no_lease). Hearing no one, the tail declares no one dead: it
# still sees the chain whole, as the LOOKUP does (or it would refuse it
# for that, dft_rx_other_view), and believes itself its tail.
lease_lost()
{
	# shellcheck disable=SC2034 # topology() sets them
	local H1 H2 S C F1 F2 N3 N4 N5 N6 chain tail answers refused ns

	topology
	neighbours_known
	tping H1 10.1.0.12 1
	chain=$(zn F1 -j flow show zgc0 |
		jq -r '.[] | select(.src == "10.1.0.11") | .chain')
	tail=$((chain == 1 ? 5 : 6))
	ns=$(ns_of "N$tail")
	answers=$(told F1)
	lookup "$chain" "$tail" 7
	wait_told F1 $((answers + 1))
	refused=$(zgc_stat "$ns" zgc0 dft_no_lease)
	# F1 keeps the tail's MAC: cut off, the tail answers no ARP, and
	# F1's entry for it would fail before a slow (debug) guest sends
	# the second LOOKUP, which would then never leave F1.
	ip -n "$F1" neigh replace "10.9.0.$tail" dev cC nud permanent \
		lladdr "$(ip -n "$ns" -j link show cC | jq -r '.[0].address')"
	ip netns exec "$ns" tc qdisc add dev cC root netem loss 100%
	tc -n "$ns" qdisc add dev cC ingress
	tc -n "$ns" filter add dev cC parent ffff: prio 1 protocol ip flower \
		ip_proto udp src_port 1234 action pass
	tc -n "$ns" filter add dev cC parent ffff: prio 2 protocol ip flower \
		ip_proto udp dst_port 6081 action drop
	wait_state F1 "$tail" dead 15
	lookup "$chain" "$tail" 7
	wait_stat "N$tail" dft_no_lease $((refused + 1))
	zgc_eq "the tail, hearing no one, declares no one dead" \
		"$([[ $(states "N$tail") == *dead* ]] || echo none)" none
}

# ns_of NODE: its namespace.
ns_of()
{
	echo "${!1}"
}

# lookup CHAIN TAIL VIEW: a LOOKUP from F1 for 10.1.0.11 > 10.1.0.12 to
# node TAIL, as F1 would send it seeing the chain's live places as VIEW.
lookup()
{
	ip netns exec "$F1" python3 "$(dirname "$0")/dft_msg.py" 10.9.0.1:1234 \
		"10.9.0.$2" "chain=$1,view=$3"
}

zgc_main tail_dies head_dies lease_lost
