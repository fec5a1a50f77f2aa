#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Nodes that come back: an FTN that flaps, one killed and re-created as
# a new machine would be, a whole chain cut off, and an FTN cut off with
# the module's own (short) timers, while 50 TCP connections run (20 for
# the chain, none for the short timers), each exchanging a line every
# 300 to 600 ms (500 ms for the 20); they go on, new ones open, and the
# node that comes back syncs its chains first (dft_net.sh has the cluster, here with chains
# of three, as in zgc_failover.sh; zgc_drain.sh has nodes drained).

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=traffic.sh
. "$(dirname "$0")/traffic.sh"
# shellcheck source=dft_net.sh
. "$(dirname "$0")/dft_net.sh"

three_chains

# N5, the tail of chain 1 and the head of chain 2, flaps: its link goes
# down for 4 s (longer than the detection) and up for 4 s, three times,
# while the connections run. Each time the others declare it dead and
# route around it, and it comes back (it refutes, and learns that the
# others, which it believed dead, are alive). No connection breaks, new
# ones open, and every node ends up believing every node alive.
node_flaps()
{
	# shellcheck disable=SC2034 # topology() sets them
	local H1 H2 S C F1 F2 N3 N4 N5 N6 R DIR TALK SERVER TALKER i deaths

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
	wait_all 5 alive 15 F1 F2 N3 N4 N6
	wait_sees N5 alive 15 1 2 3 4 6
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
	local H1 H2 S C F1 F2 N3 N4 N5 N6 R DIR TALK SERVER TALKER

	topology
	router
	neighbours_known
	talk_start
	ip netns del "$N4"
	wait_all 4 dead 15 F1 F2 N3 N5 N6
	tcp_transfer "$H1" "$H2" 10.1.0.12
	node N4 4
	# The others learn its new MAC from its ARP requests.
	neighbours_known
	wait_all 4 alive 15 F1 F2 N3 N5 N6
	wait_sees N4 alive 15 1 2 3 5 6
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

# N3, N4 and N5 lose their cluster links together while 20 connections
# run (as when the switch they hang on fails): every node of chain 1,
# and every node of chain 2 but N6. The others declare them dead and go
# on, chain 1's flows moved to chain 2 (as in zgc_failover.sh's
# chain_lost). N3's and N4's links come back first: the two learn that
# they were declared dead and sync, and N5, still cut off, is declared
# dead by them too. So chain 1 has no node that serves, nobody to give
# its entries: N4 keeps what it held of it (every entry it held before
# the cut: nobody wrote chain 1 meanwhile) rather than dropping them.
# (Whichever of N3 and N4 finishes first serves the other, which then
# takes the same entries from it: in a slow guest, N3 may.) Then N5 comes
# back and syncs chain 1 from N4: N4 and N5 hold the same entries of
# chain 1, and N3 those too, but for flows it holds as chain 2's: while
# it synced and chain 1 had no node, chain 2 (N6, then N3 after it) had
# their writes, and a connection that closed then is closed there only
# (N4 and N5 keep it live until the flow timeout: what losing a whole
# chain costs). No connection broke, and new ones open.
chain_cut_off()
{
	# shellcheck disable=SC2034 # topology() sets them
	local H1 H2 S C F1 F2 N3 N4 N5 N6 R DIR TALK SERVER TALKER n i \
		before took TALKERS=20

	topology
	router
	neighbours_known
	talk_start
	before=$(chain_entries N4 1)
	zgc_eq "N4 holds entries of chain 1" "$([ -n "$before" ] && echo yes)" yes
	took=$(zgc_stat "$N4" zgc0 dft_sync_received)
	for n in N3 N4 N5; do
		ip -n "${!n}" link set cC down
	done
	wait_sees F1 dead 60 3 4 5
	for n in N3 N4; do
		ip -n "${!n}" link set cC up
	done
	wait_state N4 5 dead 30
	wait_all 4 alive 30 F1 F2 N3 N6
	zgc_eq "N4 synced its chain" "$(($(zgc_stat "$N4" zgc0 dft_synced) >= 1))" 1
	echo "N4 took $(($(zgc_stat "$N4" zgc0 dft_sync_received) - took)) entries"
	zgc_eq "N4 holds chain 1's entries still" "$(chain_entries N4 1)" "$before"
	ip -n "$N5" link set cC up
	for n in F1 F2 N3 N4 N5 N6; do
		for i in 3 4 5 6; do
			[ "${n:1}" = "$i" ] || wait_state "$n" "$i" alive 30
		done
	done
	replicas_agree 1 N4 N5
	replica_agrees_but_moved 1 N3 N4 2
	talk_end
	tcp_transfer "$H1" "$H2" 10.1.0.12
}

# N4, the middle of chain 1, loses its cluster link for two seconds with
# the module's own timers (a probe every 50 ms, 150 ms of suspicion),
# and 40 new UDP flows start meanwhile, half of them in chain 1 (no
# other traffic: the guest's timers must run nearly on time). Cut off,
# N4 hears nobody: its suspicions wait and it declares nobody dead,
# while the others declare it dead. Back, it syncs: it takes chain 1's
# entries from N5, the new flows' among them. (A node back from a
# partition once declared the others dead on its return, and each of
# them that had lately missed an ACK took that for its own death and
# synced too: N4 then found no tail to take chain 1 from, and kept what
# it held. What is checked is that N4 declared nobody dead; how many
# times the others synced is printed: with 150 ms of suspicion, an
# emulated guest's late timers may have one declared dead by another
# now and then.)
# The new flows stay idle: a slow guest may take minutes from their
# start to the comparison, so the flow timeout is long enough that none
# expires between the reads of two replicas.
rejoin_module_timers()
{
	# shellcheck disable=SC2034 # topology() sets them
	local H1 H2 S C F1 F2 N3 N4 N5 N6 R others deaths \
		PROBE_MS=50 SUSPECT_MS=150 FLOW_TIMEOUT=3600

	topology
	router
	neighbours_known
	others=$(stat_sum dft_synced F1 F2 N3 N5 N6)
	deaths=$(zgc_stat "$N4" zgc0 dft_node_dead)
	ip -n "$N4" link set cC down
	wait_all 4 dead 15 F1 F2 N3 N5 N6
	ip netns exec "$H1" python3 -c "
import socket, time
socks = [socket.socket(socket.AF_INET, socket.SOCK_DGRAM) for _ in range(40)]
for _ in range(3):
    for s in socks:
        s.sendto(b'new', ('10.1.0.12', 9))
    time.sleep(0.2)"
	ip -n "$N4" link set cC up
	wait_all 4 alive 30 F1 F2 N3 N5 N6
	wait_sees N4 alive 30 1 2 3 5 6
	echo "N4 synced $(zgc_stat "$N4" zgc0 dft_synced) times, took" \
		"$(zgc_stat "$N4" zgc0 dft_sync_received) entries from N5"
	zgc_eq "N4 took entries" "$(($(zgc_stat "$N4" zgc0 dft_sync_received) > 0))" 1
	zgc_eq "N4 declared nobody dead" "$(zgc_stat "$N4" zgc0 dft_node_dead)" "$deaths"
	echo "the others synced $(($(stat_sum dft_synced F1 F2 N3 N5 N6) - others)) times"
	replicas_agree 1 N3 N4 N5
}

# N4, the middle of chain 1, is killed and comes back as in
# rejoin_after_kill, and N5's transfer of chain 1 to it is held up on
# the way (a plug qdisc on N5's cluster port holds the SYNC and SYNC_END
# messages: u32 on their op, 11 and 12, at byte 40 of a cluster
# message). Once every node sees N4 syncing (so that the DELETEs go
# along one view of the chain, after the tail to N4), a group of 10
# connections ends right after N4 asked N5 for the transfer (again),
# and once N5 has their entries closing (N4 comes after it), the
# transfer goes on: the DELETEs passed N4 before the entries the
# transfer carries, read live before the DELETEs. N4 must end with those
# entries closing, as N3 and N5 hold them, not live for the flow
# timeout. N4 asks again after 4 probe periods (10 s) without progress,
# and the transfer it takes is the one read for its last request: if
# it asked again before N5 had the group closing (a slow guest), the
# next group ends after that request, up to 3 groups; if it asked again
# after that but before the release (a slower guest), it takes a
# transfer read after the DELETEs: the run says so, and checks only
# that the replicas agree. A connection's
# end comes back to it through the chain (its FIN, and the other
# side's, went through N3, N5 and N4), so once it has ended the DELETEs
# have passed. 20 other connections talk meanwhile, and go on; the
# groups left end before the replicas are compared.
delete_while_syncing()
{
	# shellcheck disable=SC2034 # topology() sets them
	local H1 H2 S C F1 F2 N3 N4 N5 N6 R DIR TALK SERVER TALKER sent taken \
		i g live holders=() raced='' PROBE_MS=2500 SUSPECT_MS=7500 \
		FLOW_TIMEOUT=3600 TALKERS=20

	topology
	router
	neighbours_known
	# The groups bind their ports: no ephemeral port (a talker's, an
	# idle socket's) may take one of them first.
	ip netns exec "$H1" sysctl -qw net.ipv4.ip_local_reserved_ports=41100-41399
	talk_start
	# Idle entries, which stay.
	ip netns exec "$H1" python3 -c "
import socket
socks = [socket.socket(socket.AF_INET, socket.SOCK_DGRAM) for _ in range(40)]
for s in socks:
    s.sendto(b'idle', ('10.1.0.12', 9))"
	# Group g's connections come from ports 41g00 to 41g09.
	for g in 1 2 3; do
		ip netns exec "$H1" python3 "$CONNS" hold 10.1.0.12 5002 10 \
			"$DIR" "end$g" "41${g}00" >"$DIR/hold$g" 2>&1 &
		holders+=($!)
		ZGC_CLEANUP+=("kill ${holders[-1]} 2>/dev/null")
	done
	for g in 1 2 3; do
		for ((i = 0; i < 300; i++)); do
			grep -q held "$DIR/hold$g" && break
			sleep 0.1
		done
		zgc_eq "group $g connected" "$(cat "$DIR/hold$g")" "held 10"
	done
	tc -n "$N5" qdisc add dev cC root handle 1: prio
	tc -n "$N5" qdisc add dev cC parent 1:3 handle 30: plug
	for i in 0x4b 0x4c; do
		tc -n "$N5" filter add dev cC parent 1: prio 1 protocol ip \
			u32 match u8 "$i" 0xff at 40 flowid 1:3
	done
	ip netns del "$N4"
	wait_all 4 dead 30 F1 F2 N3 N5 N6
	sent=$(zgc_stat "$N5" zgc0 dft_sync_sent)
	node N4 4
	sent_grows "$sent" 400
	# Every node on the DELETEs' way (F1, N3, N5 and N4 itself) sees the
	# chain alike: else one of them drops them as of another view.
	wait_all 4 syncing 5 N3 N5 N6 F1 F2
	wait_sees N4 alive 5 3 5
	taken=$(zgc_stat "$N4" zgc0 dft_sync_received)
	for g in 1 2 3; do
		zgc_eq "N5 holds group $g's connections in chain 1" \
			"$(($(group_live "$g") > 0))" 1
		sent_grows "$(zgc_stat "$N5" zgc0 dft_sync_sent)" 300
		sent=$(zgc_stat "$N5" zgc0 dft_sync_sent)
		group_end "$g"
		for ((i = 0; i < 50; i++)); do
			live=$(group_live "$g")
			[ "$live" = 0 ] && break
			sleep 0.1
		done
		zgc_eq "N5 holds group $g closing" "$live" 0 || {
			zn N5 -j dft show zgc0 | jq -c --argjson lo "41${g}00" '.[] |
				select(.proto == "tcp" and ((.sport >= $lo and .sport < $lo + 10) or
				(.dport >= $lo and .dport < $lo + 10)))'
			zn F1 -j flow show zgc0 | jq -c --argjson lo "41${g}00" '.[] |
				select(.proto == "tcp" and ((.sport >= $lo and .sport < $lo + 10) or
				(.dport >= $lo and .dport < $lo + 10)))'
			views
			why
		}
		if [ "$(zgc_stat "$N5" zgc0 dft_sync_sent)" = "$sent" ]; then
			raced=$g
			break
		fi
		echo "N4 asked again before N5 had group $g closing"
	done
	zgc_eq "a group ended between a request and the next" \
		"$([ -n "$raced" ] && echo yes)" yes
	tc -n "$N5" qdisc change dev cC parent 1:3 handle 30: plug release_indefinite
	echo "group $raced ended between N4's request and the next"
	for ((g = raced + 1; g <= 3; g++)); do
		group_end "$g"
	done
	talk_end
	neighbours_known
	wait_all 4 alive 30 F1 F2 N3 N5 N6
	wait_sees N4 alive 30 1 2 3 5 6
	zgc_eq "transfer messages held up" \
		"$(($(tc -s -n "$N5" class show dev cC classid 1:3 | tc_packets) > 0))" 1
	zgc_eq "N4 had taken nothing when the connections began to end" "$taken" 0
	[ "$(zgc_stat "$N5" zgc0 dft_sync_sent)" = "$sent" ] ||
		echo "N4 asked again after group $raced ended: it took a transfer read after the DELETEs (no race this time)"
	echo "N4 took $(zgc_stat "$N4" zgc0 dft_sync_received) entries from N5"
	replicas_agree 1 N3 N4 N5 || { views; why; }
	replicas_agree 2 N5 N6 N3
}

# sent_grows VALUE TRIES: wait, TRIES times 50 ms at most, for N5's
# dft_sync_sent to grow past VALUE (N4 asked for the transfer).
sent_grows()
{
	local i

	for ((i = 0; i < $2; i++)); do
		[ "$(zgc_stat "$N5" zgc0 dft_sync_sent)" -gt "$1" ] && break
		sleep 0.05
	done
}

# group_end G: delete_while_syncing's group G of held connections ends
# (holders: their programs), and each connection saw the other side end.
group_end()
{
	touch "$DIR/end$1"
	wait "${holders[$1 - 1]}" || true
	zgc_eq "group $1 ended" "$(cat "$DIR/hold$1")" "held 10
ended 10 of 10"
}

# group_live G: how many live entries N5 holds of delete_while_syncing's
# group G's connections (either direction) in chain 1.
group_live()
{
	zn N5 -j dft show zgc0 | jq --argjson lo "41${1}00" '[.[] |
		select(.chain == 1 and .proto == "tcp" and .state == "live" and
		((.sport >= $lo and .sport < $lo + 10) or
		 (.dport >= $lo and .dport < $lo + 10)))] | length'
}

zgc_main node_flaps rejoin_after_kill chain_cut_off rejoin_module_timers \
	delete_while_syncing
