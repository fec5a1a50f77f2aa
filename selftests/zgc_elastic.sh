#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Elastic chains: descriptions that add a chain and remove one, each
# applied node by node (a rolling apply, as an operator rolls out a
# change) while 50 TCP connections run, each exchanging a line every 300
# to 600 ms, behind the ECMP router, and new connections open one after
# another. During a roll the nodes on the new epoch start their
# transactions on the previous one and take part in those of both, so
# no node drops another's message for its epoch; once every node is on
# the new one, a flow whose chain changed has its entry handed from its
# old chain's tail to its new chain when it is first asked for there
# (the FWDs' caches are flushed to make every flow ask). No connection
# breaks, none fails to open, and the replicas of every chain agree
# (dft_net.sh has the cluster, here with chains of three).

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=traffic.sh
. "$(dirname "$0")/traffic.sh"
# shellcheck source=dft_net.sh
. "$(dirname "$0")/dft_net.sh"

three_chains

# rolling NODE: the epoch NODE's transactions still go by, if a roll has
# not ended for it (empty otherwise).
rolling()
{
	zn "$1" -j cluster show zgc0 | jq -r '.[0].rolling_from // empty'
}

# flush: both FWDs forget their flows: every flow's next packet asks
# its chain (a LOOKUP), as after a FWD's restart.
flush()
{
	zn F1 flow flush zgc0
	zn F2 flow flush zgc0
}

# roll EPOCH NODE...: the description of $NODES and $CHAINS at EPOCH on
# each NODE in turn, half a second apart, the FWDs' flows flushed half
# way (flows then ask their chains while nodes of both epochs serve);
# then every node of $NODES ends the roll (hears every other on EPOCH)
# within 15 s. Prints how long it took.
roll()
{
	local n i k=0 start=$SECONDS epoch=$1

	shift
	for n in "$@"; do
		doc "$epoch" | zn "$n" cluster apply zgc0 - self "$(node_id "$n")"
		k=$((k + 1))
		[ $((2 * k)) = $# ] && flush
		sleep 0.5
	done
	for n in $NODES; do
		for ((i = 0; i < 150; i++)); do
			[ -z "$(rolling "$n")" ] && continue 2
			sleep 0.1
		done
		echo "$n still goes by epoch $(rolling "$n") 15 s after the roll"
		zn "$n" cluster show zgc0
		return 1
	done
	echo "epoch $epoch rolled over $# nodes in $((SECONDS - start)) s"
}

# opener_start: new connections H1 -> H2, one after another, until
# DIR/open/stop (tcp_conns.py open); its output in DIR/open/out.
opener_start()
{
	mkdir -p "$DIR/open"
	rm -f "$DIR/open/stop"
	ip netns exec "$H1" python3 "$CONNS" open 10.1.0.12 5002 "$DIR/open" \
		>"$DIR/open/out" 2>&1 &
	OPENER=$!
}

# opener_end: the new connections all opened and echoed their line.
opener_end()
{
	touch "$DIR/open/stop"
	wait "$OPENER" || true
	tail -n 1 "$DIR/open/out"
	zgc_match "new connections through the roll" \
		"$(tail -n 1 "$DIR/open/out")" "^opened [1-9][0-9]* failed 0 " ||
		{ cat "$DIR/open/out"; views; why; }
}

# moved: the DFT entries the old chains' tails handed to new chains.
moved()
{
	# shellcheck disable=SC2086 # node names
	stat_sum dft_migrated $NODES
}

# Chain 3 (N7, N8: nodes new to the cluster, set up with the new
# description first) is added by a roll over the old nodes, and N9, new
# too, is put at the end of chain 1 (set up with join: it syncs chain 1
# before it serves it); then chain 1 (N3 N4 N5 N9) is removed by a roll
# over all, which also puts N4 at the end of chain 2 and N9 at the end of
# chain 3: each syncs its new chain before it serves it (N3 and N5 serve
# the other chains). Each roll moves flows between chains.
# The FWDs' flow timeout is 12 s, so that every connection's flows go
# through their chain (REFRESH) every 2 s, during the rolls too, and
# those that moved are written on their new chain; the FTNs keep their
# entries an hour (they are compared well after they are written).
# In the second roll F2 hears nothing from N7 (a head, which sends a FWD
# no REPLY; F2's probes of it are answered through the others) for a
# while, so that it ends the roll 8 s after F1: meanwhile F1 starts
# its transactions on epoch 3 and F2 on 2. A connection opened through
# F1 and closed through F2 has its entry of chain 3 written by epoch 3
# (N7 N8 N9, which syncs) and closed by epoch 2 (N7 N8): N9, syncing the
# chain once the roll has ended, must not keep it live (sync.c); one
# whose flow moved from chain 1 to chain 2 is closed by epoch 2 on the
# nodes of both chains only, which must leave chain 2's entry as it is,
# like chain 2's other replicas (chain.c, dft_chain_touch()).
chain_added_and_removed()
{
	# shellcheck disable=SC2034 # topology() sets them
	local H1 H2 S C F1 F2 N3 N4 N5 N6 N7 N8 N9 R DIR TALK SERVER TALKER \
		OPENER old drops before synced synced9 late i FLOW_TIMEOUT=3600

	topology
	zn F1 set zgc0 flow_timeout 12
	zn F2 set zgc0 flow_timeout 12
	router
	neighbours_known
	talk_start
	old=$NODES
	# shellcheck disable=SC2086 # node names
	drops=$(stat_sum dft_rx_stale_epoch $old)+$(stat_sum dft_rx_future_epoch $old)
	NODES="$old N7 N8 N9"
	CHAINS='[{"id": 1, "nodes": [3, 4, 5, 9]}, {"id": 2, "nodes": [5, 6, 3]},
		 {"id": 3, "nodes": [7, 8]}]'
	EPOCH=2 node N7 7
	EPOCH=2 node N8 8
	EPOCH=2 JOIN=1 node N9 9
	udp_flows 40001 60
	opener_start
	# shellcheck disable=SC2086
	roll 2 $old
	# The flows ask their new chains, which take the moved entries from
	# the old tails (the UDP flows' entries, idle, only so).
	flush
	udp_flows 40001 60
	sleep 3
	opener_end
	echo "entries moved to their new chains: $(moved)"
	zgc_eq "entries moved to chain 3" "$(($(moved) > 0))" 1
	# shellcheck disable=SC2086 # node names
	wait_all 9 alive 30 $NODES
	synced9=$(zgc_stat "$N9" zgc0 dft_synced)
	zgc_eq "N9 synced chain 1" "$((synced9 > 0))" 1
	replicas_agree 1 N3 N4 N5 N9
	replicas_agree 2 N5 N6 N3
	replicas_agree 3 N7 N8
	CHAINS='[{"id": 2, "nodes": [5, 6, 3, 4]}, {"id": 3, "nodes": [7, 8, 9]}]'
	before=$(moved)
	synced=$(zgc_stat "$N4" zgc0 dft_synced)
	tc -n "$F2" qdisc add dev cC ingress
	tc -n "$F2" filter add dev cC ingress protocol ip \
		u32 match ip src 10.9.0.7/32 action drop
	(
		for ((i = 0; i < 400; i++)); do
			[ "$(zn F1 -j cluster show zgc0 | jq -r \
				'"\(.[0].epoch) \(.[0].rolling_from // "")"')" = "3 " ] &&
				break
			sleep 0.1
		done
		sleep 8
		echo "F1 rolling from '$(rolling F1)', F2 from '$(rolling F2)'" \
			>"$DIR/late"
		tc -n "$F2" qdisc del dev cC ingress
	) &
	late=$!
	opener_start
	# shellcheck disable=SC2086
	roll 3 $NODES
	wait "$late"
	zgc_eq "F2 still rolling when F1 was done" "$(cat "$DIR/late")" \
		"F1 rolling from '', F2 from '2'"
	flush
	udp_flows 40001 60
	sleep 3
	opener_end
	echo "entries moved off chain 1: $(($(moved) - before))"
	zgc_eq "entries moved off chain 1" "$(($(moved) > before))" 1
	# shellcheck disable=SC2086
	zgc_eq "messages dropped for their epoch" \
		"$(stat_sum dft_rx_stale_epoch $NODES)+$(stat_sum dft_rx_future_epoch $NODES)" \
		"$drops"
	# shellcheck disable=SC2086 # node names
	wait_all 4 alive 30 $NODES
	# shellcheck disable=SC2086 # node names
	wait_all 9 alive 30 $NODES
	zgc_eq "N4 synced chain 2" "$(($(zgc_stat "$N4" zgc0 dft_synced) > synced))" 1
	zgc_eq "N9 synced chain 3" "$(($(zgc_stat "$N9" zgc0 dft_synced) > synced9))" 1
	replicas_agree 2 N5 N6 N3 N4
	replicas_agree 3 N7 N8 N9
	zgc_eq "chain 1 is gone" "$(zn N3 -j cluster show zgc0 |
		jq '[.[0].chains[] | select(.id == 1)] | length')" 0
	# Last: the connections' ends close their entries.
	talk_end
}

zgc_main chain_added_and_removed
