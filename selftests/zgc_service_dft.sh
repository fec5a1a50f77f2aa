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
# H3 and H4, the client is H1). And two FWDs that miss one new flow at
# once: the flow gets one backend.

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

# flows_of NODE CMD: "SPORT NAT_PORT" of each flow H1 -> 10.1.0.100:53
# in NODE's flow cache (CMD flow) or DFT entries (CMD dft), sorted.
flows_of()
{
	zn "$1" -j "$2" show zgc0 |
		jq -r '.[] | select(.src == "10.1.0.11" and .dst == "10.1.0.100" and .dport == 53) | "\(.sport) \(.nat_port)"' |
		sort -u
}

# Two FWDs miss one new flow to a VIP at once: 20 UDP flows from H1 to a
# VIP over three backends (ports 5301 to 5303 of H2's instance), the
# first datagram of each sent, as H1's Geneve device would send it, to F1
# and to F2 back to back (geneve_send.py). Both FWDs ask the flow's chain
# at once, and every flow ends with one backend: both its datagrams
# reach that one, both FWDs cache its rewrite, every replica of its
# chain holds it.
two_fwds_one_flow()
{
	# shellcheck disable=SC2034 # topology() sets them
	local H1 H2 S C F1 F2 N3 N4 N5 N6 DIR n i got cached

	topology
	neighbours_known
	DIR=$(mktemp -d)
	ZGC_CLEANUP+=("rm -rf $DIR")
	for n in N3 N4 N5 N6 F1 F2; do
		zn "$n" service add zgc0 vni 100 vip 10.1.0.100 port 53 proto udp \
			backend 10.1.0.12:5301 backend 10.1.0.12:5302 \
			backend 10.1.0.12:5303
	done
	ip netns exec "$H2" python3 -c "
import select, socket, time
socks = []
for p in (5301, 5302, 5303):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(('10.1.0.12', p))
    socks.append(s)
print('listening', flush=True)
end = time.monotonic() + 60
while time.monotonic() < end:
    for s in select.select(socks, [], [], 0.5)[0]:
        _, peer = s.recvfrom(2048)
        print(peer[1], s.getsockname()[1], flush=True)" >"$DIR/got" &
	ZGC_CLEANUP+=("kill $! 2>/dev/null")
	for ((i = 0; i < 300; i++)); do
		grep -q listening "$DIR/got" && break
		sleep 0.1
	done
	ip netns exec "$H1" python3 "$(dirname "$0")/geneve_send.py" cS \
		192.0.2.11 "$ENTRANCE" 100 "$H1MAC" 02:00:00:00:01:00 \
		10.1.0.11 10.1.0.100 53 40000 20 \
		"$(ip -n "$F1" -j link show cS | jq -r '.[0].address')" \
		"$(ip -n "$F2" -j link show cS | jq -r '.[0].address')"
	for ((i = 0; i < 150 * ${ZGC_SLOW:-1}; i++)); do
		[ "$(grep -vc listening "$DIR/got")" -ge 40 ] && break
		sleep 0.1
	done
	echo "# raced INSERTs: $(stat_sum dft_insert_raced N3 N4 N5 N6)"
	got=$(grep -v listening "$DIR/got" | sort -u)
	zgc_eq "datagrams delivered" "$(grep -vc listening "$DIR/got")" 40
	zgc_eq "flows" "$(cut -d ' ' -f 1 <<<"$got" | sort -u | wc -l)" 20
	zgc_eq "flows at two backends" "$(cut -d ' ' -f 1 <<<"$got" | uniq -d)" ""
	cached=$(flows_of F1 flow)
	zgc_eq "F1's rewrites are where they went" "$cached" "$got"
	zgc_eq "F2's" "$(flows_of F2 flow)" "$cached"
	zgc_eq "the replicas'" "$(for n in N3 N4 N5 N6; do flows_of "$n" dft; done |
		sort -u)" "$cached"
}

zgc_main service_survives two_fwds_one_flow
