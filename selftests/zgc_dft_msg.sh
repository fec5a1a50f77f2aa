#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The DFT's cluster messages are checked: damaged, stale, misdirected,
# forged and replayed ones are dropped and counted (dft_net.sh has the
# cluster; dft_msg.py makes the messages).

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=dft_net.sh
. "$(dirname "$0")/dft_net.sh"

# msg MESSAGE...: hand-made cluster messages (dft_msg.py) from F1 to the
# tail of the chain of 10.1.0.11 > 10.1.0.12 (TAIL, CHAIN set by the
# caller), about that flow's chain, with both its nodes alive (view 3),
# unless they say otherwise.
msg()
{
	local m specs=()

	for m in "${@:-}"; do
		specs+=("chain=$CHAIN,view=3${m:+,$m}")
	done
	ip netns exec "$F1" python3 "$(dirname "$0")/dft_msg.py" 10.9.0.1 \
		"10.9.0.$(node_id "$TAIL")" "${specs[@]}"
}

# boot NODE: NODE's boot number, as `cluster show` prints it.
boot()
{
	zn "$1" -j cluster show zgc0 | jq -r '.[0].boot'
}

# keyed KEY: the description of epoch 2, with the key KEY, applied node
# by node; then every node believes every node alive. (Until the last
# node has it, the nodes with and without the key refuse each other's
# probes, and a slow guest's apply_all() may take long enough for a
# suspicion to turn to death: the chains are repaired, the nodes refute
# and sync.)
keyed()
{
	apply_all 2 ", \"key\": \"$1\""
	sleep $((SUSPECT_MS / 1000 + 1))
	members_settled
}

# keyed_answered KEY: a message of F1's with the key KEY, a new number,
# bound to TAIL's boot and of F1's, sent again (with a newer number)
# until TAIL answers one: after a description with a key is applied,
# TAIL learns F1's boot when it asks F1 (auth.c), a probe period or more
# after it first refuses F1's messages as of a boot it does not know.
# Sets ANSWERED to the message answered.
keyed_answered()
{
	local i n

	for ((i = 0; i < 10; i++)); do
		ANSWERED="epoch=2,key=$1,seq=$(ip netns exec "$F1" date +%s%N),boot=$(boot F1),bound=$(boot "$TAIL")"
		n=$(told F1)
		msg "$ANSWERED"
		wait_told F1 $((n + 1)) >/dev/null && return 0
	done
	echo "TAIL refused all: $(zn "$TAIL" -j stats zgc0 | jq -c '.[0] | {dft_rx_auth, dft_rx_other_boot, dft_rx_replay}')"
	return 1
}

# refusals: TAIL's counters of refused messages, by reason.
refusals()
{
	zn "$TAIL" -j stats zgc0 | jq -c '.[0] |
		[.dft_rx_version, .dft_rx_stale_epoch, .dft_rx_future_epoch,
		 .dft_rx_malformed, .dft_rx_misdirected, .dft_rx_auth,
		 .dft_rx_other_view]'
}

# Damaged, stale, misdirected, forged and replayed cluster messages are
# dropped and counted, each by its reason; the kernel stays silent.
bad_messages()
{
	# shellcheck disable=SC2034 # topology() sets them
	local H1 H2 S C F1 F2 N3 N4 N5 N6 CHAIN TAIL answers before replays seq
	local ANSWERED
	local key=000102030405060708090a0b0c0d0e0f

	topology
	tping H1 10.1.0.12 1
	CHAIN=$(placed | sed -n 's|^10.1.0.11>10.1.0.12/icmp:0-0 ||p')
	TAIL=N$((CHAIN * 2 + 2))
	answers=$(told F1)
	# The message as F1 would send it is answered.
	msg
	wait_told F1 $((answers + 1))
	# One of each fault, each to its counter.
	# (op=6: a REFRESH without the verdict it refreshes; flags=64: a
	# LOOKUP about the reverse flow; view=1: from a node that believes
	# the chain's tail dead.)
	# (The counters from before: membership probes that reached a node
	# before its description did are counted as misdirected.)
	# (And messages the nodes sent while their views of the chains
	# settled, before: dropped as from another view.)
	before=$(refusals)
	msg version=5 epoch=0 epoch=2 words=5 op=15 op=6 flags=64 chain=$((3 - CHAIN)) \
		sender=2 hops=0 mac=0011223344556677 view=1
	wait_stat "$TAIL" dft_rx_other_view $(($(jq '.[6]' <<<"$before") + 1))
	zgc_eq "counted" "$(jq -c -n --argjson a "$before" --argjson b "$(refusals)" \
		'[range(7) as $i | $b[$i] - $a[$i]]')" '[1,1,1,4,3,1,1]' || why
	# Verdicts none of zgc's own: an unknown action, a group destination
	# MAC, a broadcast host, a route out (action 5) without its source
	# rewrite (in INSERTs); the same with a right verdict is not
	# malformed.
	before=$(zgc_stat "${!TAIL}" zgc0 dft_rx_malformed)
	msg "op=3,verdict=9/0/02:00:0a:01:00:12/00:00:00:00:00:00/192.0.2.12" \
		"op=3,verdict=1/0/01:00:5e:00:00:01/00:00:00:00:00:00/192.0.2.12" \
		"op=3,verdict=1/0/02:00:0a:01:00:12/00:00:00:00:00:00/255.255.255.255" \
		"op=3,verdict=5/0/00:00:00:00:00:00/00:00:00:00:00:00/0.0.0.0" \
		"op=3,verdict=1/0/02:00:0a:01:00:12/00:00:00:00:00:00/192.0.2.12"
	sleep 0.5
	zgc_eq "verdicts refused" \
		"$(($(zgc_stat "${!TAIL}" zgc0 dft_rx_malformed) - before))" 4
	# With a key: no MAC, a wrong one, a right one replayed. Its number
	# is the clock's now: above any F1 sent in this description (they
	# count up from the clock when it was applied), and the window's top,
	# so that F1's own messages to TAIL are refused as too old until a new
	# description is applied. Messages are bound to TAIL's boot, and say
	# F1's (B).
	keyed "$key"
	tping H1 10.1.0.12 1
	keyed_answered "$key"
	B="boot=$(boot F1),bound=$(boot "$TAIL")"
	answers=$(told F1)
	replays=$(zgc_stat "${!TAIL}" zgc0 dft_rx_replay)
	msg "epoch=2,$B" "epoch=2,key=ffeeddccbbaa99887766554433221100,$B" \
		"epoch=2,key=$key,seq=$(ip netns exec "$F1" date +%s%N),times=3,$B"
	wait_told F1 $((answers + 1))
	zgc_eq "forged" "$(zgc_stat "${!TAIL}" zgc0 dft_rx_auth)" 3
	sleep 1
	zgc_eq "the first of three answered" "$(told F1)" $((answers + 1))
	zgc_eq "replays refused" \
		"$(($(zgc_stat "${!TAIL}" zgc0 dft_rx_replay) - replays >= 2))" 1
	# Out of order by more than 64 (as a sender's messages spread over
	# the receiver's CPUs arrive): within the window of 8192, a number
	# below the highest answered is answered, once; one 8192 below is
	# refused as too old.
	seq=$(ip netns exec "$F1" date +%s%N)
	answers=$(told F1)
	replays=$(zgc_stat "${!TAIL}" zgc0 dft_rx_replay)
	msg "epoch=2,key=$key,seq=$((seq + 1000)),$B"
	wait_told F1 $((answers + 1))
	msg "epoch=2,key=$key,seq=$seq,times=2,$B" \
		"epoch=2,key=$key,seq=$((seq + 1000 - 8192)),$B"
	wait_told F1 $((answers + 2))
	sleep 1
	zgc_eq "reordered by 1000: answered once" "$(told F1)" $((answers + 2))
	zgc_eq "its replay and the one too old refused" \
		"$(($(zgc_stat "${!TAIL}" zgc0 dft_rx_replay) - replays >= 2))" 1
	# The MAC covers the tenant frame: the same message with its ICMP
	# payload changed on the way is refused.
	answers=$(told F1)
	msg "epoch=2,key=$key,seq=$(ip netns exec "$F1" date +%s%N),payload=00112233,$B"
	sleep 1
	zgc_eq "a changed frame refused" "$(zgc_stat "${!TAIL}" zgc0 dft_rx_auth)" 4
	zgc_eq "and not answered" "$(told F1)" "$answers"
	# Traffic goes on, authenticated, in a new description.
	apply_all 3 ", \"key\": \"$key\""
	zn F1 flow flush zgc0
	tping H1 10.1.0.12 1
	zgc_eq "no other drop" "$(zgc_stat "${!TAIL}" zgc0 dft_rx_auth)" 4
}

# A message captured before its receiver restarted is refused after: a
# keyed message from F1 answered by the tail, then the tail's device
# re-created with the same description (same epoch and key, its windows
# of sequence numbers empty), and the same message sent again: refused
# as bound to the tail's previous boot, and not answered. The cluster
# learns the tail's new boot, and traffic goes on.
replay_after_restart()
{
	# shellcheck disable=SC2034 # topology() sets them
	local H1 H2 S C F1 F2 N3 N4 N5 N6 CHAIN TAIL answers before ANSWERED
	local key=000102030405060708090a0b0c0d0e0f

	topology
	keyed "$key"
	tping H1 10.1.0.12 1
	CHAIN=$(placed | sed -n 's|^10.1.0.11>10.1.0.12/icmp:0-0 ||p')
	TAIL=N$((CHAIN * 2 + 2))
	keyed_answered "$key"
	ip -n "${!TAIL}" link del zgc0
	EPOCH=2 MORE=", \"key\": \"$key\"" node_device "$TAIL" "${TAIL:1}"
	wait_sees "$TAIL" alive 15 1 2 3 4 5 6
	wait_all "${TAIL:1}" alive 15 F1 F2 N3 N4 N5 N6
	answers=$(told F1)
	before=$(zgc_stat "${!TAIL}" zgc0 dft_rx_other_boot)
	msg "$ANSWERED"
	sleep 1
	zgc_eq "the capture refused" \
		"$(($(zgc_stat "${!TAIL}" zgc0 dft_rx_other_boot) - before >= 1))" 1
	zgc_eq "and not answered" "$(told F1)" "$answers"
	zn F1 flow flush zgc0
	tping H1 10.1.0.12 2
}

zgc_main bad_messages replay_after_restart
