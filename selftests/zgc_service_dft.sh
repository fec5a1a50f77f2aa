#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A service (scaled endpoint) through a Zeta cluster: the backend a flow
# to the VIP gets is state, kept in the DFT (the flow's entry and its
# reverse, the backend's replies), so that it survives what the cluster
# goes through. 50 long connections to the VIP, each exchanging a line
# every 300 to 600 ms, while a chain is added, a FWD dies, the tail of a
# chain dies, a backend is added and another is declared down: only the
# connections of the backend declared down end, each with a reset; none
# other breaks or changes backend (dft_net.sh has the cluster, with
# chains of three; hosts H3 and H4 are added, backends b2, b3, b4 on H2,
# H3 and H4, the client is H1).

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=traffic.sh
. "$(dirname "$0")/traffic.sh"
# shellcheck source=dft_net.sh
. "$(dirname "$0")/dft_net.sh"

SERVICE_PY=$(dirname "$0")/service.py

three_chains

# backends SPEC...: the service's backends, on every node, the FTNs
# first (a FWD's LOOKUP then finds its chain's tail on the new
# configuration already).
backends()
{
	local n

	for n in N3 N4 N5 N6 F1 F2; do
		zn "$n" service set zgc0 vni 100 vip 10.1.0.100 port 80 \
			proto tcp "$@"
	done
}

# more_hosts: hosts H3 and H4 (10.1.0.13 and .14) through F1, their
# endpoints and the service (b2, b3) on every node, and a backend server
# on H2, H3 and H4, port 8080.
more_hosts()
{
	local n h

	host H3 3
	host H4 4
	for h in H3 H4; do
		ip -n "${!h}" route replace "$ENTRANCE" via 192.0.2.1
	done
	for n in $NODES; do
		zn "$n" -b - <<-END
			endpoint add zgc0 vni 100 ip 10.1.0.13 mac 02:00:0a:01:00:13 host 192.0.2.13
			endpoint add zgc0 vni 100 ip 10.1.0.14 mac 02:00:0a:01:00:14 host 192.0.2.14
			service add zgc0 vni 100 vip 10.1.0.100 port 80 proto tcp backend 10.1.0.12:8080 backend 10.1.0.13:8080
		END
	done
	for n in 2 3 4; do
		h=H$n
		ip netns exec "${!h}" python3 "$SERVICE_PY" serve "10.1.0.1$n" \
			8080 "b$n" "$DIR/b$n" >"$DIR/ready$n" &
		ZGC_CLEANUP+=("kill $!")
	done
	for n in 2 3 4; do
		for ((h = 0; h < 300; h++)); do
			grep -q listening "$DIR/ready$n" && continue 2
			sleep 0.1
		done
		echo "backend b$n did not start"
		return 1
	done
}

# pause S: S seconds of traffic (ZGC_SLOW times as long in a slow guest).
pause()
{
	sleep $(($1 * ${ZGC_SLOW:-1}))
}

# Everything at once, a few seconds apart, in the order above.
service_survives()
{
	# shellcheck disable=SC2034 # topology() sets them
	local H1 H2 H3 H4 S C F1 F2 N3 N4 N5 N6 DIR out talker line \
		on3 others FLOW_TIMEOUT=3600

	topology
	DIR=$(mktemp -d)
	ZGC_CLEANUP+=("rm -rf $DIR")
	# REFRESHes every 2 s: the flows go through their chains meanwhile.
	zn F1 set zgc0 flow_timeout 12
	zn F2 set zgc0 flow_timeout 12
	more_hosts
	monitor_start F2
	neighbours_known
	out=$(ip netns exec "$H1" python3 "$SERVICE_PY" clients 10.1.0.100 80 \
		5 tun0)
	zgc_eq "first connections failed" \
		"$(awk '$1 == "failed" { print $2 }' <<<"$out")" 0 || why
	ip netns exec "$H1" python3 "$SERVICE_PY" talk 10.1.0.100 80 \
		"$TALKERS" "$DIR" "$TALK_GAP" >"$DIR/talk" 2>&1 &
	talker=$!
	for ((line = 0; line < 600; line++)); do
		grep -q connected "$DIR/talk" && break
		sleep 0.1
	done
	zgc_match "connected" "$(head -n 1 "$DIR/talk")" "^connected $TALKERS$" ||
		{ cat "$DIR/talk"; why; }
	pause 3
	echo "# chain 3 (N4 N6) added"
	CHAINS='[{"id": 1, "nodes": [3, 4, 5]}, {"id": 2, "nodes": [5, 6, 3]},
		 {"id": 3, "nodes": [4, 6]}]'
	apply_all 2
	pause 3
	echo "# F1 dies (the hosts go through F2)"
	via 2
	for line in H3 H4; do
		ip -n "${!line}" route replace "$ENTRANCE" via 192.0.2.2
	done
	ip -n "$F1" link set cC down
	ip -n "$F1" link set cS down
	pause 3
	echo "# N5 (the tail of chain 1, the head of chain 2) dies"
	dies power 5 F2 F2 N3 N4 N6
	pause 3
	echo "# b4 added"
	backends backend 10.1.0.12:8080 backend 10.1.0.13:8080 \
		backend 10.1.0.14:8080
	pause 3
	echo "# b3 declared down"
	backends backend 10.1.0.12:8080 backend 10.1.0.13:8080 down \
		backend 10.1.0.14:8080
	pause 5
	touch "$DIR/stop"
	wait "$talker" || true
	out=$(tail -n "$TALKERS" "$DIR/talk")
	on3=$(awk '$2 == "b3"' <<<"$out" | wc -l)
	echo "# connections on b2, b3: $(awk '$2 == "b2"' <<<"$out" | wc -l), $on3"
	zgc_match "some connections on b3" "$on3" '^[1-9]'
	zgc_eq "b3's connections reset" \
		"$(awk '$2 == "b3" && $4 != "reset"' <<<"$out")" "" || why
	others=$(awk '$2 != "b3" && ($4 != "ok" || $3 != $2)' <<<"$out")
	zgc_eq "the others kept their backend" "$others" "" || why
	# New connections: none to b3.
	out=$(ip netns exec "$H1" python3 "$SERVICE_PY" clients 10.1.0.100 80 \
		20 tun0)
	zgc_eq "new connections failed" "$(awk '$1 == "failed" { print $2 }' <<<"$out")" 0
	zgc_eq "new connections to b3" "$(awk '$1 == "b3" { print $2 }' <<<"$out")" ""
	zgc_eq "the client saw" "$(awk '$1 == "sources" { print $2 }' <<<"$out")" \
		10.1.0.100
}

zgc_main service_survives
