#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Membership and chain repair: the nodes of a cluster probe each other
# over the cluster network (SWIM), declare a node that stops answering
# dead, and route every chain around its dead nodes, so that established
# connections go on when an FTN dies (dft_net.sh has the cluster; here
# with chains of three).

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=traffic.sh
. "$(dirname "$0")/traffic.sh"
# shellcheck source=dft_net.sh
. "$(dirname "$0")/dft_net.sh"

# Chain 1: N3 -> N4 -> N5, chain 2: N4 -> N5 -> N6: N5 is the tail of
# one and the middle of the other, N3 the head of one only.
CHAINS='[{"id": 1, "nodes": [3, 4, 5]}, {"id": 2, "nodes": [4, 5, 6]}]'

CONNS=$(dirname "$(readlink -f "$0")")/tcp_conns.py

# states NODE: what NODE believes of every node, "ID:STATE" in order.
states()
{
	zn "$1" -j cluster show zgc0 |
		jq -r '[.[0].nodes[] | "\(.id):\(.state)"] | join(" ")'
}

# state NODE ID: what NODE believes of node ID.
state()
{
	zn "$1" -j cluster show zgc0 |
		jq -r --argjson id "$2" '.[0].nodes[] | select(.id == $id) | .state'
}

# wait_state NODE ID STATE SECONDS: NODE comes to believe node ID is in
# STATE within SECONDS.
wait_state()
{
	local i s

	for ((i = 0; i < $4 * 2; i++)); do
		s=$(state "$1" "$2")
		[ "$s" = "$3" ] && return 0
		sleep 0.5
	done
	echo "$1 believes node $2 $s, not $3 after $4 s: $(states "$1")"
	return 1
}

# alive_line: what a node believes when it believes every node alive.
alive_line()
{
	local n line=''

	for n in $NODES; do
		line+="${line:+ }$(node_id "$n"):alive"
	done
	echo "$line"
}

# settled: every node believes every node alive (members_settled); the
# deaths each declared so far (of the nodes made after it, until they
# came up and refuted) go in DEATHS_<NODE>.
settled()
{
	local n want

	members_settled
	want=$(alive_line)
	for n in $NODES; do
		zgc_eq "$n believes all alive" "$(states "$n")" "$want"
		printf -v "DEATHS_$n" %s "$(zgc_stat "${!n}" zgc0 dft_node_dead)"
	done
}

# views: what every node believes, to explain a failure.
views()
{
	local n

	for n in $NODES; do
		echo "$n: $(zn "$n" -j cluster show zgc0 |
			jq -c '[.[0].nodes[] | [.id, .state, .incarnation, .since_ms]]')"
	done
}

# all_alive: every node believes every node alive, and none declared a
# death since settled.
all_alive()
{
	local n want d

	want=$(alive_line)
	for n in $NODES; do
		zgc_eq "$n believes all alive" "$(states "$n")" "$want"
		d=DEATHS_$n
		zgc_eq "$n declared no death" \
			"$(zgc_stat "${!n}" zgc0 dft_node_dead)" "${!d}"
	done
}

# Every node probes the others and believes them alive; the settings of
# the description are shown; chains are whole.
watching()
{
	# shellcheck disable=SC2034 # topology() sets them
	local H1 H2 S C F1 F2 N3 N4 N5 N6 out

	topology
	settled
	sleep 2
	all_alive
	out=$(zn N3 -j cluster show zgc0)
	zgc_eq "settings" "$(jq -c '.[0] | [.probe_ms, .suspect_ms]' <<<"$out")" \
		"[$PROBE_MS,$SUSPECT_MS]"
	out=$(zn N3 cluster show zgc0)
	zgc_match "plain settings" "$out" \
		"^zgc0: cluster 9 .* probe_ms $PROBE_MS suspect_ms $SUSPECT_MS\$"
	zgc_match "plain node" "$out" \
		"^  node 3 addr 10.9.0.3 roles ftn state alive incarnation [0-9]+ since_ms [0-9]+\$"
	zgc_eq "N3 probes" "$(($(zgc_stat "$N3" zgc0 dft_probe) >= 10))" 1
	tping H1 10.1.0.12 3
}

# talk_start: 20 connections H1 -> H2 (10.1.0.12), exchanging lines;
# sets DIR, TALK (the client's output file) and the server's pid SERVER.
talk_start()
{
	local i

	DIR=$(mktemp -d)
	TALK=$DIR/talk
	ip netns exec "$H2" python3 "$CONNS" serve 10.1.0.12 5002 >"$DIR/srv" &
	SERVER=$!
	ZGC_CLEANUP+=("kill $SERVER; rm -rf $DIR")
	for ((i = 0; i < 300; i++)); do
		grep -q listening "$DIR/srv" && break
		sleep 0.1
	done
	ip netns exec "$H1" python3 "$CONNS" talk 10.1.0.12 5002 20 "$DIR" \
		>"$TALK" 2>&1 &
	TALKER=$!
	for ((i = 0; i < 600; i++)); do
		grep -q connected "$TALK" && return 0
		sleep 0.1
	done
	cat "$TALK"
	return 1
}

# talk_end: every connection exchanged lines after the mark.
talk_end()
{
	touch "$DIR/mark"
	sleep 3
	touch "$DIR/stop"
	wait "$TALKER" || true
	zgc_eq "connections that survived" "$(tail -n 1 "$TALK")" \
		"survived 20 of 20" || { cat "$TALK"; views; why; }
}

# The tail of chain 1 (and middle of chain 2) is cut off the cluster
# network while 20 connections run: every other node declares it dead,
# both chains go on without it, the hosts move to the other FWD (which
# has cached nothing, so every packet's verdict comes from the repaired
# chains), and no connection breaks; new ones open. The node, cut off,
# believes the others dead. Linked again, it refutes and is alive again.
tail_dies()
{
	# shellcheck disable=SC2034 # topology() sets them
	local H1 H2 S C F1 F2 N3 N4 N5 N6 DIR TALK SERVER TALKER n

	topology
	neighbours_known
	talk_start
	ip -n "$N5" link del cC
	for n in F1 F2 N3 N4 N6; do
		wait_state "$n" 5 dead 15
	done
	via 2
	talk_end
	tcp_transfer "$H2" "$H1" 10.1.0.11
	zgc_eq "N5 believes N3 dead" "$(state N5 3)" dead
	zgc_eq "F2 saw no chain down" "$(zgc_stat "$F2" zgc0 dft_chain_down)" 0
	port N5 C 10.9.0.5/24 9000
	for n in F1 F2 N3 N4 N6; do
		wait_state "$n" 5 alive 15
	done
	wait_state N5 3 alive 15
	zgc_eq "N5 refuted" "$(($(zgc_stat "$N5" zgc0 dft_refuted) >= 1))" 1
	zgc_eq "a new incarnation" \
		"$(zn F1 -j cluster show zgc0 | jq '.[0].nodes[] | select(.id == 5) | .incarnation > 0')" true
}

# The head of chain 1 stops (its device goes down) while 20 connections
# run: N4 heads chain 1, no connection breaks, new flows are inserted.
head_dies()
{
	# shellcheck disable=SC2034 # topology() sets them
	local H1 H2 S C F1 F2 N3 N4 N5 N6 DIR TALK SERVER TALKER n

	topology
	neighbours_known
	talk_start
	ip -n "$N3" link set zgc0 down
	for n in F1 F2 N4 N5 N6; do
		wait_state "$n" 3 dead 15
	done
	via 2
	talk_end
	tcp_transfer "$H1" "$H2" 10.1.0.12
}

# Every node of chain 1 (N3, N4, N5) is cut off while 20 connections
# run: chain 2 has only N6 left and chain 1 none, so chain 1's flows go
# to chain 2 (their entries, lost, are decided again there under the same
# configuration); no connection breaks, and new ones open.
chain_lost()
{
	# shellcheck disable=SC2034 # topology() sets them
	local H1 H2 S C F1 F2 N3 N4 N5 N6 DIR TALK SERVER TALKER n i

	topology
	neighbours_known
	talk_start
	for n in N3 N4 N5; do
		ip -n "${!n}" link del cC
	done
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

# A tail whose messages no longer reach the others (it still hears
# them) loses its lease before they declare it dead: a LOOKUP from F1
# (dft_msg.py) is answered before, and refused after (dft_no_lease).
lease_lost()
{
	# shellcheck disable=SC2034 # topology() sets them
	local H1 H2 S C F1 F2 N3 N4 N5 N6 chain tail answers refused

	topology
	neighbours_known
	tping H1 10.1.0.12 1
	chain=$(zn F1 -j flow show zgc0 |
		jq -r '.[] | select(.src == "10.1.0.11") | .chain')
	tail=$((chain == 1 ? 5 : 6))
	answers=$(told F1)
	lookup "$chain" "$tail"
	wait_told F1 $((answers + 1))
	refused=$(zgc_stat "$(ns_of "N$tail")" zgc0 dft_no_lease)
	ip netns exec "$(ns_of "N$tail")" tc qdisc add dev cC root netem loss 100%
	wait_state F1 "$tail" dead 15
	lookup "$chain" "$tail"
	wait_stat "N$tail" dft_no_lease $((refused + 1))
}

# ns_of NODE: its namespace.
ns_of()
{
	echo "${!1}"
}

# lookup CHAIN TAIL: a LOOKUP from F1 for 10.1.0.11 > 10.1.0.12 to node
# TAIL, as F1 would send it.
lookup()
{
	ip netns exec "$F1" python3 "$(dirname "$0")/dft_msg.py" 10.9.0.1 \
		"10.9.0.$2" "chain=$1"
}

# A node unreachable for less than the suspicion time is suspected, and
# refutes: nobody declares it dead. (A longer suspicion here: starting
# tc costs a second in a debug guest, and the node must stay cut off for
# well under it.)
suspicion_refuted()
{
	# shellcheck disable=SC2034 # topology() sets them
	local H1 H2 S C F1 F2 N3 N4 N5 N6 n failed=0 refuted SUSPECT_MS=4000

	topology
	neighbours_known
	settled
	for n in F1 F2 N3 N4 N5; do
		failed=$((failed - $(zgc_stat "${!n}" zgc0 dft_probe_failed)))
	done
	refuted=$(zgc_stat "$N6" zgc0 dft_refuted)
	ip netns exec "$N6" sh -c 'tc qdisc add dev cC root netem loss 100%;
		sleep 1; tc qdisc del dev cC root'
	sleep "$((SUSPECT_MS / 1000 + 2))"
	for n in F1 F2 N3 N4 N5; do
		failed=$((failed + $(zgc_stat "${!n}" zgc0 dft_probe_failed)))
	done
	zgc_eq "probes of N6 failed" "$((failed >= 1))" 1
	zgc_eq "N6 refuted" "$(($(zgc_stat "$N6" zgc0 dft_refuted) > refuted))" 1
	all_alive
}

# 10% of the messages on the cluster network lost for two minutes:
# suspicions are raised and refuted, no node is declared dead, traffic
# goes on.
lossy_network()
{
	# shellcheck disable=SC2034 # topology() sets them
	local H1 H2 S C F1 F2 N3 N4 N5 N6 n failed=0

	topology
	neighbours_known
	settled
	for n in $NODES; do
		failed=$((failed - $(zgc_stat "${!n}" zgc0 dft_probe_failed)))
		ip netns exec "${!n}" tc qdisc add dev cC root netem loss 10%
	done
	ip netns exec "$H1" ping -q -i 0.5 -c 240 10.1.0.12 >/dev/null || true
	for n in $NODES; do
		ip netns exec "${!n}" tc qdisc del dev cC root
		failed=$((failed + $(zgc_stat "${!n}" zgc0 dft_probe_failed)))
	done
	echo "probe periods without an ACK: $failed"
	all_alive
	tping H1 10.1.0.12 3
}

# Membership messages with a wrong MAC are refused and counted; a node
# whose messages are all refused is declared dead by the others.
keyed_membership()
{
	# shellcheck disable=SC2034 # topology() sets them
	local H1 H2 S C F1 F2 N3 N4 N5 N6 n

	topology
	apply_all 2 ', "key": "000102030405060708090a0b0c0d0e0f"'
	settled
	zgc_eq "no auth failure" "$(zgc_stat "$N3" zgc0 dft_rx_auth)" 0
	# N6 alone takes another key with the same epoch: re-created.
	ip -n "$N6" link del zgc0
	ip -n "$N6" link add zgc0 type zgc
	ip -n "$N6" link set zgc0 up
	doc 2 ', "key": "ff0102030405060708090a0b0c0d0e0f"' |
		zn N6 cluster apply zgc0 - self 6
	for n in F1 N3 N4; do
		wait_state "$n" 6 dead 15
	done
	zgc_eq "N3 refused N6's messages" \
		"$(($(zgc_stat "$N3" zgc0 dft_rx_auth) >= 1))" 1
}

zgc_main watching tail_dies head_dies chain_lost lease_lost suspicion_refuted lossy_network \
	keyed_membership
