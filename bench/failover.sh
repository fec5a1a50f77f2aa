#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Failure handling, measured (run by bench/run.sh inside a QEMU guest;
# not a test), in the selftests' DFT cluster (selftests/dft_net.sh): two
# FWDs behind an ECMP router and four FTNs, chains 1: N3 -> N4 -> N5 and
# 2: N4 -> N5 -> N6, the hosts H1 and H2 on stock Geneve devices.
#
#   kills:    while 50 TCP connections each exchange a line every 100 to
#             200 ms (selftests/tcp_conns.py), KILLS times each: a node
#             loses power (its cluster link down), the others declare it
#             dead, it comes back (link up), syncs and is alive again.
#             The nodes: chain 1's head N3, chain 1's middle N4 (chain
#             2's head too) and chain 2's tail N6. Per kill, from the
#             events every node's `zgcctl -j monitor` prints: detection,
#             the first node to declare it dead; repair, the last one to
#             (every node then routes its chains around it); and the
#             longest any connection's line took to come back, from the
#             kill until every node has the node alive again. Deaths of
#             nodes that were not killed (false ones) are counted.
#   probes:   the membership's traffic, with no tenant traffic: bytes and
#             packets each node sends on its cluster port over 10 s (a
#             cluster of 6), and the same computed for 24 nodes from the
#             protocol: a node sends one PING and, to the node probing
#             it, one ACK per probe period whatever the cluster's size;
#             news (3 log2(n) messages per change, 12 bytes each) ride on
#             them, and PING_REQs only follow a failed probe.
#   transfer: H1's pktgen sends ENTRIES / 2 new UDP flows through the
#             FWDs (each flow decided with its reverse: ENTRIES entries,
#             all on N4, which is in both chains); N4 loses power, is
#             declared dead, comes back and syncs them from the tails:
#             entries received over the time it was syncing (its own
#             events).
#   loss:     10% of the packets of every node's cluster port lost (netem)
#             for LOSS_S seconds: deaths declared (there should be none).
#
#   bench/failover.sh [KILLS] [PROBE_MS] [SUSPECT_MS] [ENTRIES] [LOSS_S]
#       defaults: 20 kills of each node (0: none, the rest only), the
#       module's own timers (50 and 150 ms), 100000 entries, 600 s of loss
set -euo pipefail

KILLS=${1:-20}
PROBE_MS=${2:-50}
SUSPECT_MS=${3:-150}
ENTRIES=${4:-100000}
LOSS_S=${5:-600}
SEL=$(cd "$(dirname "$0")/../selftests" && pwd)
# shellcheck source=../selftests/lib.sh
. "$SEL/lib.sh"
# shellcheck source=../selftests/dft_net.sh
. "$SEL/dft_net.sh"
# dft_net.sh sets the selftests' timers: this run's win.
PROBE_MS=${2:-50}
SUSPECT_MS=${3:-150}
CHAINS='[{"id": 1, "nodes": [3, 4, 5]}, {"id": 2, "nodes": [4, 5, 6]}]'
TALKERS=50
TALK_GAP=0.1-0.2
# shellcheck disable=SC2034 # dft_net.sh's functions set and read them
declare H1 H2 S C F1 F2 N3 N4 N5 N6 R DIR TALK SERVER TALKER
trap zgc_cleanup EXIT

die()
{
	echo "failover.sh: $*" >&2
	views >&2 || true
	exit 1
}

# stats NUMBERS...: "median M, p90 P, max X" of the numbers (one a line
# on stdin).
stats()
{
	sort -n | awk '{ v[NR] = $1 }
	END {
		if (!NR) { print "none"; exit }
		p = int(0.9 * NR + 0.999); if (p < 1) p = 1
		m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "median %s, p90 %s, max %s (%d)\n", m, v[p], v[NR], NR
	}'
}

# others ID: the nodes but N<ID>.
others()
{
	local n

	for n in $NODES; do
		[ "$n" = "N$1" ] || echo "$n"
	done
}

# kill_once ID: node N<ID> loses power and comes back. Appends to
# DIR/kill.ID its detection and repair times (ms) and the window (ms
# since the epoch) in which its stalls count, and the window to
# DIR/windows.
kill_once()
{
	local id=$1 n=N$1 cut at m watchers times=''

	watchers=$(others "$id")
	cut=$(date +%s%3N)
	ip -n "${!n}" link set cC down
	# shellcheck disable=SC2086 # a list of nodes
	wait_all "$id" dead 30 $watchers || die "node $id not declared dead"
	for m in $watchers; do
		at=$(first_event "$m" "$id" dead "$cut")
		[ -n "$at" ] || die "$m printed no death of node $id"
		times+=" $((at - cut))"
	done
	ip -n "${!n}" link set cC up
	# shellcheck disable=SC2086
	wait_all "$id" alive 60 $watchers || die "node $id not back"
	# shellcheck disable=SC2046
	wait_sees "$n" alive 60 $(for m in $watchers; do node_id "$m"; done) ||
		die "node $id does not see the others alive"
	at=$(date +%s%3N)
	# shellcheck disable=SC2086 # numbers
	echo "$(printf '%s\n' $times | sort -n | sed -n '1p;$p' | tr '\n' ' ')$cut $at" \
		>>"$DIR/kill.$id"
	echo "$cut $at $id" >>"$DIR/windows"
}

# false_deaths: the deaths the monitors printed during the kills that
# were neither of the node killed nor by it.
false_deaths()
{
	local n

	for n in $NODES; do
		jq -r 'select(.event == "member" and .state == "dead") |
			"\(.time_ms) \(.node)"' "$DIR/events.$n" |
		awk -v me="$(node_id "$n")" -v end="$1" '
		NR == FNR { c[NR] = $1; e[NR] = $2; k[NR] = $3; w = NR; next }
		$1 <= end {
			ok = 0
			for (i = 1; i <= w; i++)
				if ($1 >= c[i] && $1 <= e[i] && ($2 == k[i] || me == k[i]))
					ok = 1
			if (!ok)
				f++
		}
		END { print f + 0 }' "$DIR/windows" -
	done | awk '{ s += $1 } END { print s + 0 }'
}

# stall_of CUT END: the longest stall (s) of a line that came back
# between CUT and END (ms), 0 if none.
stall_of()
{
	awk -v a="$1" -v b="$2" '$1 >= a && $1 <= b && $2 > m { m = $2 }
		END { print m + 0 }' "$DIR/stalls"
}

# tx NODE: "bytes packets" NODE has sent on its cluster port.
tx()
{
	ip -n "${!1}" -s -j link show cC |
		jq -r '.[0].stats64.tx | "\(.bytes) \(.packets)"'
}

probes()
{
	local n b0 p0 b1 p1 bytes=0 pkts=0 k

	for n in $NODES; do
		read -r b0 p0 < <(tx "$n")
		printf -v "B_$n" %s "$b0"
		printf -v "P_$n" %s "$p0"
	done
	sleep 10
	for n in $NODES; do
		read -r b1 p1 < <(tx "$n")
		k=B_$n
		bytes=$((bytes + b1 - ${!k}))
		k=P_$n
		pkts=$((pkts + p1 - ${!k}))
	done
	n=$(wc -w <<<"$NODES")
	echo "probes, 6 nodes (measured over 10 s):" \
		"$((bytes / n / 10)) bytes/s and $((pkts / n / 10)) packets/s per node"
	echo "probes, 24 nodes (computed): the same per node ($((bytes / n / 10))" \
		"bytes/s), $((24 * bytes / n / 10)) bytes/s for the cluster;" \
		"news after a change: 3 x (log2(24) + 1) = 15 messages, 12 bytes each"
}

# pktgen on H1's tun0: COUNT new UDP flows to H2 (source ports 1..COUNT).
pktgen_flows()
{
	local count=$1 dev=/proc/net/pktgen

	modprobe pktgen
	ip netns exec "$H1" sh -c "
		echo rem_device_all >$dev/kpktgend_0
		echo 'add_device tun0' >$dev/kpktgend_0
		for l in 'count $count' 'pkt_size 64' 'delay 0' 'clone_skb 0' \
			 'dst 10.1.0.12' 'dst_mac $H2MAC' 'udp_src_min 1' \
			 'udp_src_max $((count + 1))' 'udp_dst_min 9' 'udp_dst_max 10'; do
			echo \"\$l\" >$dev/tun0
		done
		echo start >$dev/pgctrl"
}

transfer()
{
	local held got0 got1 cut on off

	pktgen_flows $((ENTRIES / 2))
	sleep 5
	held=$(zn N4 -j dft show zgc0 | jq length)
	got0=$(zgc_stat "$N4" zgc0 dft_sync_received)
	cut=$(date +%s%3N)
	ip -n "$N4" link set cC down
	# shellcheck disable=SC2046
	wait_all 4 dead 30 $(others 4) || die "N4 not declared dead"
	ip -n "$N4" link set cC up
	# shellcheck disable=SC2046
	wait_all 4 alive 120 $(others 4) || die "N4 not back"
	on=$(first_event N4 4 syncing "$cut")
	off=$(first_event N4 4 alive "$cut")
	if [ -z "$on" ] || [ -z "$off" ]; then
		die "N4 printed no sync"
	fi
	got1=$(zgc_stat "$N4" zgc0 dft_sync_received)
	echo "transfer: N4 held $held entries; synced $((got1 - got0)) entries" \
		"in $((off - on)) ms: $(((got1 - got0) * 1000 / (off - on + 1))) entries/s"
}

loss()
{
	local n deaths suspects

	# shellcheck disable=SC2086 # a list of nodes
	deaths=$(stat_sum dft_node_dead $NODES)
	# shellcheck disable=SC2086
	suspects=$(stat_sum dft_suspect $NODES)
	for n in $NODES; do
		ip netns exec "${!n}" tc qdisc add dev cC root netem loss 10%
	done
	sleep "$LOSS_S"
	for n in $NODES; do
		ip netns exec "${!n}" tc qdisc del dev cC root
	done
	# shellcheck disable=SC2086
	echo "loss: 10% on every cluster port for $LOSS_S s:" \
		"$(($(stat_sum dft_node_dead $NODES) - deaths)) deaths declared," \
		"$(($(stat_sum dft_suspect $NODES) - suspects)) suspicions"
}

main()
{
	local id n i line a b

	topology
	router
	DIR=$(mktemp -d)
	: >"$DIR/windows"
	for n in $NODES; do
		monitor_start "$n"
	done
	neighbours_known
	talk_start
	for ((i = 0; i < KILLS; i++)); do
		for id in 3 4 6; do
			kill_once "$id"
			sleep 1
		done
	done
	talk_end || true
	echo
	echo "kernel $(uname -r), $(nproc) CPUs (QEMU TCG), probe_ms $PROBE_MS," \
		"suspect_ms $SUSPECT_MS, $KILLS kills of each node, $TALKERS connections"
	for id in 3 4 6; do
		[ -s "$DIR/kill.$id" ] || continue
		case $id in
		3) echo "N3, chain 1's head:" ;;
		4) echo "N4, chain 1's middle and chain 2's head:" ;;
		6) echo "N6, chain 2's tail:" ;;
		esac
		echo "  detection ms: $(cut -d ' ' -f 1 "$DIR/kill.$id" | stats)"
		echo "  repair ms:    $(cut -d ' ' -f 2 "$DIR/kill.$id" | stats)"
		while read -r line; do
			read -r _ _ a b <<<"$line"
			stall_of "$a" "$b"
		done <"$DIR/kill.$id" >"$DIR/stall.$id"
		echo "  longest stall s: $(stats <"$DIR/stall.$id")"
	done
	echo "false deaths during the kills (of a node not killed, by a node" \
		"not killed): $(false_deaths "$(date +%s%3N)")"
	probes
	transfer
	loss
}

main
