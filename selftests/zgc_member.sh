#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Membership: the nodes of a cluster probe each other over the cluster
# network (SWIM), suspect a node that stops answering, declare it dead
# when it does not refute in time, and declare no false death on a lossy
# network (dft_net.sh has the cluster; here with chains of three).
# zgc_chain_repair.sh tests what the chains do when a node dies.

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=dft_net.sh
. "$(dirname "$0")/dft_net.sh"

# Chain 1: N3 -> N4 -> N5, chain 2: N4 -> N5 -> N6: N5 is the tail of
# one and the middle of the other, N3 the head of one only.
CHAINS='[{"id": 1, "nodes": [3, 4, 5]}, {"id": 2, "nodes": [4, 5, 6]}]'

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
		"^zgc0: cluster 9 .* probe_ms $PROBE_MS suspect_ms $SUSPECT_MS boot 0x[0-9a-f]{8}\$"
	zgc_match "plain node" "$out" \
		"^  node 3 addr 10.9.0.3 roles ftn state alive incarnation [0-9]+ since_ms [0-9]+\$"
	zgc_eq "N3 probes" "$(($(zgc_stat "$N3" zgc0 dft_probe) >= 10))" 1
	tping H1 10.1.0.12 3
}

# A node unreachable for less than the suspicion time is suspected, and
# refutes: nobody declares it dead. (A longer suspicion here: starting
# tc costs a second in a debug guest, several when its host is busy, and
# the node must stay cut off for well under it.)
suspicion_refuted()
{
	# shellcheck disable=SC2034 # topology() sets them
	local H1 H2 S C F1 F2 N3 N4 N5 N6 n failed=0 refuted SUSPECT_MS=8000

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

# 10% of the messages on the cluster network lost for two minutes, with
# the module's own timers (a probe every 50 ms, 150 ms of suspicion):
# suspicions are raised and refuted, no node is declared dead, not even
# for a while, and traffic goes on. (Before suspects were pinged while
# suspected, this declared about 17 deaths in two minutes.)
lossy_network()
{
	# shellcheck disable=SC2034 # topology() sets them
	local H1 H2 S C F1 F2 N3 N4 N5 N6 n failed=0 deaths suspicions \
		PROBE_MS=50 SUSPECT_MS=150

	topology
	neighbours_known
	settled
	# shellcheck disable=SC2086 # a list of nodes
	deaths=$(stat_sum dft_node_dead $NODES)
	# shellcheck disable=SC2086
	suspicions=$(stat_sum dft_suspect $NODES)
	for n in $NODES; do
		failed=$((failed - $(zgc_stat "${!n}" zgc0 dft_probe_failed)))
		ip netns exec "${!n}" tc qdisc add dev cC root netem loss 10%
	done
	ip netns exec "$H1" ping -q -i 0.5 -c 240 10.1.0.12 >/dev/null || true
	for n in $NODES; do
		ip netns exec "${!n}" tc qdisc del dev cC root
		failed=$((failed + $(zgc_stat "${!n}" zgc0 dft_probe_failed)))
	done
	# shellcheck disable=SC2086
	echo "probe periods without an ACK: $failed; suspicions:" \
		"$(($(stat_sum dft_suspect $NODES) - suspicions))"
	# shellcheck disable=SC2086
	zgc_eq "deaths declared" "$(($(stat_sum dft_node_dead $NODES) - deaths))" 0
	all_alive
	tping H1 10.1.0.12 3
}

# Membership messages with a wrong MAC are refused and counted; a node
# whose messages are all refused is declared dead by the others, and
# `zgcctl monitor` on one of them prints it.
keyed_membership()
{
	# shellcheck disable=SC2034 # topology() sets them
	local H1 H2 S C F1 F2 N3 N4 N5 N6 events

	topology
	apply_all 2 ', "key": "000102030405060708090a0b0c0d0e0f"'
	settled
	zgc_eq "no auth failure" "$(zgc_stat "$N3" zgc0 dft_rx_auth)" 0
	events=$(mktemp)
	ip netns exec "$N3" "$ZGCCTL" monitor zgc0 >"$events" &
	ZGC_CLEANUP+=("kill $!; rm -f $events")
	# N6 alone takes another key with the same epoch: re-created.
	ip -n "$N6" link del zgc0
	ip -n "$N6" link add zgc0 type zgc
	ip -n "$N6" link set zgc0 up
	doc 2 ', "key": "ff0102030405060708090a0b0c0d0e0f"' |
		zn N6 cluster apply zgc0 - self 6
	wait_all 6 dead 15 F1 N3 N4
	zgc_eq "N3 refused N6's messages" \
		"$(($(zgc_stat "$N3" zgc0 dft_rx_auth) >= 1))" 1
	grep -Eq '^zgc0: event member cluster 9 epoch 2 self 3 node 6 addr 10\.9\.0\.6 state dead was (alive|suspect) incarnation [0-9]+ time_ms [0-9]+$' \
		"$events" || { echo "N3's monitor printed:"; cat "$events"; false; }
}

# A node of a keyed cluster whose device is re-created with the same
# description (key and epoch) comes back: it knows no node's boot, and
# they know its previous one; it learns theirs from the ACKs to its
# unbound PINGs, they learn its new one from its ACKs to theirs (asked
# for when its messages name a boot they do not know), take it for
# restarted, and it syncs its chains. Nothing is refused for its MAC,
# what was bound to a boot its receiver does not know is counted, and
# traffic goes on.
keyed_restart()
{
	# shellcheck disable=SC2034 # topology() sets them
	local H1 H2 S C F1 F2 N3 N4 N5 N6 n other=0
	local key=000102030405060708090a0b0c0d0e0f

	topology
	apply_all 2 ", \"key\": \"$key\""
	settled
	tping H1 10.1.0.12 1
	ip -n "$N6" link del zgc0
	EPOCH=2 MORE=", \"key\": \"$key\"" node_device N6 6
	wait_sees N6 alive 30 1 2 3 4 5
	wait_all 6 alive 30 F1 F2 N3 N4 N5
	zgc_eq "N6 synced its chain" "$(($(zgc_stat "$N6" zgc0 dft_synced) >= 1))" 1
	for n in $NODES; do
		zgc_eq "$n: no MAC refused" "$(zgc_stat "${!n}" zgc0 dft_rx_auth)" 0
		other=$((other + $(zgc_stat "${!n}" zgc0 dft_rx_other_boot)))
	done
	echo "$other messages refused for their boots"
	zgc_eq "messages of N6's previous boot refused" "$((other >= 1))" 1
	zn F1 flow flush zgc0
	tping H1 10.1.0.12 2
}

zgc_main watching suspicion_refuted lossy_network keyed_membership keyed_restart
