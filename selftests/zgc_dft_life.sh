#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The life of a DFT entry: kept alive on every replica while its flow
# sends through a FWD's cache, gone from every replica when the flow is
# idle for the flow timeout or 10 s after its TCP connection closed
# (dft_net.sh has the cluster).

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=traffic.sh
. "$(dirname "$0")/traffic.sh"
# shellcheck source=dft_net.sh
. "$(dirname "$0")/dft_net.sh"

# dft_expired: the entries all FTNs removed.
dft_expired()
{
	stat_sum dft_expired N3 N4 N5 N6
}

# wait_placed PATTERN COUNT: within 30 s, COUNT flows matching PATTERN are
# held by the FTNs, on both replicas of their chain.
wait_placed()
{
	local i n

	for ((i = 0; i < 60; i++)); do
		n=$(placed | grep -c -- "$1" || true)
		[ "$n" = "$2" ] && return 0
		sleep 0.5
	done
	echo "flows matching $1: $n, not $2"
	placed
	return 1
}

# stall_watch FILE: until killed, the time in microseconds every 0.2 s,
# into FILE (bash builtins only: no process to start, no load added).
stall_watch()
{
	local fd

	exec {fd}<> <(:)
	while :; do
		echo "${EPOCHREALTIME/./}"
		read -r -t 0.2 -u "$fd" || true
	done >"$1"
}

# longest_stall FILE: the longest gap in ms between two of its times,
# less the 0.2 s they are apart when the guest runs as it should.
longest_stall()
{
	awk 'NR > 1 && $1 - t > m { m = $1 - t } { t = $1 } END { printf "%d", m / 1e3 - 200 }' "$1"
}

# echo_answered LOG: PING's summary in LOG says every echo was answered
# but the last (in flight when it was stopped).
echo_answered()
{
	local sent got

	read -r sent got < <(sed -n 's/^\([0-9]*\) packets transmitted, \([0-9]*\) received.*/\1 \2/p' "$1")
	if [ -z "$sent" ] || [ "$sent" -lt 10 ] || [ "$got" -lt $((sent - 1)) ]; then
		echo "echoes answered: $(grep transmitted "$1")"
		return 1
	fi
}

# A busy flow's entries outlive the flow timeout on every replica, kept
# alive through the FWD's cache hits; once idle, they expire everywhere.
#
# The echoes go on until every check of the busy flow is done: on a slow
# guest (the debug kernel takes seconds for a few commands) a fixed count
# of echoes could end, and its entries expire, before the checks are made.
busy_and_idle()
{
	# shellcheck disable=SC2034 # topology() sets them
	local H1 H2 S C F1 F2 N3 N4 N5 N6 n ping watch times stall log i

	topology
	for n in $NODES; do
		zn "$n" set zgc0 flow_timeout 6
	done
	# Echoes every 0.3 s for 20 s, over three times the timeout, and on
	# while the checks run. (A timeout of a few seconds leaves room for
	# an emulated guest's stalls: should entries expire, the guest's
	# longest stall is told: one longer than the timeout would explain
	# it, a short one points at zgc.)
	times=$(mktemp)
	log=$(mktemp)
	stall_watch "$times" &
	watch=$!
	ip netns exec "$H1" ping -i 0.3 -W 5 10.1.0.12 >"$log" &
	ping=$!
	sleep 20
	n=$(dft_expired)
	kill "$watch"
	stall=$(longest_stall "$times")
	rm -f "$times"
	if [ "$n" != 0 ]; then
		echo "$n entries expired while busy (the guest's longest stall: $stall ms)"
		why || true
		placed || true
		kill "$ping"
		rm -f "$log"
		return 1
	fi
	zgc_eq "the echo's two flows" "$(placed | cut -d ' ' -f 1 | tr '\n' ' ')" \
		"10.1.0.11>10.1.0.12/icmp:0-0 10.1.0.12>10.1.0.11/icmp:0-0 "
	# A refresh about every second a direction (a sixth of the timeout).
	[ "$(zgc_stat "$F1" zgc0 dft_refresh)" -ge 10 ] || why
	# Still busy: the checks above were made while the echoes went on.
	kill -0 "$ping" || { echo "the echoes ended before the checks"; why; }
	kill -INT "$ping"
	wait "$ping" || true
	echo_answered "$log" || why
	rm -f "$log"
	zgc_eq "F1 asked once a direction" "$(zgc_stat "$F1" zgc0 dft_lookup)" 2
	# The last refresh may still be on its way back.
	for ((i = 0; i < 10; i++)); do
		[ "$(zgc_stat "$F1" zgc0 dft_reply)" = \
		  $(($(zgc_stat "$F1" zgc0 dft_refresh) + 2)) ] && break
		sleep 0.5
	done
	zgc_eq "each refresh came back" "$(zgc_stat "$F1" zgc0 dft_reply)" \
		$(($(zgc_stat "$F1" zgc0 dft_refresh) + 2))
	wait_placed icmp 0
	zgc_eq "expired on both replicas of each" "$(dft_expired)" 4
}

# tcp_placed: both directions of the connection on both replicas, open.
tcp_placed()
{
	local n

	wait_placed tcp 2
	for n in N3 N4 N5 N6; do
		zgc_eq "$n: all live" \
			"$(zn "$n" -j dft show zgc0 | jq '[.[] | select(.state != "live")] | length')" 0
	done
}

# A TCP connection's FINs close its entries on every replica: they are
# gone 10 s later, while an idle echo's stay (the timeout is 300 s).
tcp_close()
{
	# shellcheck disable=SC2034 # topology() sets them
	local H1 H2 S C F1 F2 N3 N4 N5 N6

	topology
	tping H1 10.1.0.12 1
	tcp_transfer "$H1" "$H2" 10.1.0.12 tcp_placed
	wait_placed tcp 0
	[ "$(zgc_stat "$F1" zgc0 dft_delete)" -ge 2 ] || why
	zgc_eq "the echo's two flows stay" "$(placed | grep -c icmp)" 2
	zgc_eq "the connection's expired on both replicas" "$(dft_expired)" 4
}

zgc_main busy_and_idle tcp_close
