# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# A Zeta cluster for the DFT selftests, sourced after lib.sh:
#
#   H1 10.1.0.11 --+                      +-- N3 --+   chain 1: N3 -> N4
#                  +== S ==+ F1 ==+== C ==+-- N4 --+
#   H2 10.1.0.12 --+       + F2 ==+       +-- N5 --+   chain 2: N5 -> N6
#                                         +-- N6 --+
#
# H1 and H2 are stock Geneve compute hosts (VNI 100) on the tenant
# underlay S (192.0.2.0/24), tunnelling to the entrance 192.0.2.100 that
# both FWDs serve; which FWD gets their packets is their route to it.
# F1 and F2 (FWDs) and N3 to N6 (FTNs) share the cluster network C
# (10.9.0.0/24, MTU 9000). Every node has the same tenant configuration
# and the same cluster description. The caller declares H1 H2 S C F1 F2
# N3 N4 N5 N6 local.

ENTRANCE=192.0.2.100

# zn NODE ARGS...: zgcctl in a node's namespace (-n: cheaper than ip
# netns exec, which also makes a mount namespace).
zn()
{
	local ns=${!1}

	shift
	"$ZGCCTL" -n "$ns" "$@"
}

# port VAR SWITCH ADDR/LEN MTU: a veth from namespace VAR into the bridge
# br0 of namespace SWITCH, addressed ADDR/LEN.
port()
{
	local ns=${!1} sw=${!2} ifn=p${#ZGC_NETNS[@]}$RANDOM

	ip link add "$ifn" netns "$sw" mtu "$4" type veth peer name "c$2" \
		netns "$ns" mtu "$4"
	ip -n "$sw" link set "$ifn" master br0 up
	ip -n "$ns" addr add "$3" dev "c$2"
	ip -n "$ns" link set "c$2" up
}

switch()
{
	zgc_ns_new "$1"
	ip -n "${!1}" link add br0 mtu "$2" type bridge
	ip -n "${!1}" link set br0 up
}

# The membership's timers in test clusters: a probe every PROBE_MS, and
# SUSPECT_MS before a suspicion turns to death. Longer than the defaults
# (50 and 150 ms, for real hardware): an emulated guest's timers and
# softirqs run late when it is busy, and a false death would move chains.
PROBE_MS=100
SUSPECT_MS=2000

# The chains of doc().
CHAINS='[{"id": 1, "nodes": [3, 4]}, {"id": 2, "nodes": [5, 6]}]'

# doc [EPOCH [MORE]]: the cluster description of the nodes of $NODES
# (F*: FWDs, N*: FTNs) and the chains of $CHAINS, epoch 1 unless given;
# MORE is added to it. Without a key in MORE, it says "insecure".
doc()
{
	local n role nodes='' more=${2:-}

	for n in $NODES; do
		role=ftn
		[ "${n:0:1}" = F ] && role=fwd
		nodes+="${nodes:+,
		}{\"id\": ${n:1}, \"addr\": \"10.9.0.${n:1}\", \"roles\": [\"$role\"]}"
	done
	[[ $more == *'"key"'* ]] || more+=', "insecure": true'
	cat <<-END
	{"cluster": 9, "epoch": ${1:-1}$more,
	 "probe_ms": $PROBE_MS, "suspect_ms": $SUSPECT_MS,
	 "nodes": [$nodes],
	 "chains": $CHAINS}
	END
}

# The nodes the description lists, and apply_all() applies it to.
NODES="F1 F2 N3 N4 N5 N6"

# node_id NODE: its id, the number in its name.
node_id()
{
	echo "${1:1}"
}

# apply_all EPOCH [MORE]: a new description on every node.
apply_all()
{
	local n

	for n in $NODES; do
		doc "$@" | zn "$n" cluster apply zgc0 - self "$(node_id "$n")"
	done
}

# told NODE: the REPLYs NODE (a FWD) got, but for its REFRESHes. A cache
# hit goes through the chain whenever its flow's packets enter a new
# period of a sixth of the flow timeout, so REFRESHes come at any time.
told()
{
	"$ZGCCTL" -n "${!1}" stats zgc0 | awk '
		{ for (i = 2; i < NF; i += 2) n[$i] = $(i + 1) }
		END { print n["dft_reply"] - n["dft_refresh"] }'
}

# wait_told NODE N: wait until told NODE is N.
wait_told()
{
	local i

	for ((i = 0; i < 20; i++)); do
		[ "$(told "$1")" = "$2" ] && return 0
		sleep 0.25
	done
	echo "$1 told: $(told "$1"), not $2"
	return 1
}

# wait_stat NODE NAME VALUE: the counter reaches VALUE within 5 s.
wait_stat()
{
	local i

	for ((i = 0; i < 20; i++)); do
		[ "$(zgc_stat "${!1}" zgc0 "$2")" = "$3" ] && return 0
		sleep 0.25
	done
	echo "$1 $2: $(zgc_stat "${!1}" zgc0 "$2"), not $3"
	return 1
}

# node VAR ID: a zgc node on the cluster network (10.9.0.ID), its tenant
# configuration, and the cluster description with itself as ID.
node()
{
	zgc_ns_new "$1"
	port "$1" C "10.9.0.$2/24" 9000
	node_device "$1" "$2"
}

# node_device VAR ID: node VAR's device, new, configured as node ID (its
# flow timeout FLOW_TIMEOUT seconds, if set), with the description of
# epoch EPOCH (1 unless set) and MORE (doc()); with JOIN set, as a node new
# to the running cluster (it syncs its chains first).
node_device()
{
	ip -n "${!1}" link add zgc0 type zgc
	[ -z "${FLOW_TIMEOUT:-}" ] || zn "$1" set zgc0 flow_timeout "$FLOW_TIMEOUT"
	ip -n "${!1}" link set zgc0 up
	zn "$1" -b - <<-END
		subnet add zgc0 vni 100 gw 10.1.0.1/24 mac 02:00:00:00:01:00
		endpoint add zgc0 vni 100 ip 10.1.0.11 mac $H1MAC host 192.0.2.11
		endpoint add zgc0 vni 100 ip 10.1.0.12 mac $H2MAC host 192.0.2.12
	END
	doc "${EPOCH:-}" "${MORE:-}" |
		zn "$1" cluster apply zgc0 - self "$2" ${JOIN:+join}
}

# host VAR N: compute host 192.0.2.1N with instance 10.1.0.1N.
host()
{
	zgc_ns_new "$1"
	port "$1" S "192.0.2.1$2/24" 1500
	ip -n "${!1}" link add tun0 address "02:00:0a:01:00:1$2" type geneve \
		id 100 remote "$ENTRANCE" dstport 6081
	ip -n "${!1}" addr add "10.1.0.1$2/24" dev tun0
	ip -n "${!1}" link set tun0 up
}

# fwd VAR ID: a FWD, on S too, serving the entrance.
fwd()
{
	node "$1" "$2"
	port "$1" S "192.0.2.$2/24" 1500
	ip -n "${!1}" addr add "$ENTRANCE/32" dev lo
	# Packets to the hosts leave from the entrance they tunnel to.
	ip -n "${!1}" link set zgc0 down
	zn "$1" set zgc0 entrances "$ENTRANCE"
	ip -n "${!1}" link set zgc0 up
}

# via FWD: the hosts send to the entrance through FWD.
via()
{
	local h

	for h in H1 H2; do
		ip -n "${!h}" route replace "$ENTRANCE" via "192.0.2.$1"
	done
}

topology()
{
	H1MAC=02:00:0a:01:00:11
	H2MAC=02:00:0a:01:00:12
	switch S 1500
	switch C 9000
	host H1 1
	host H2 2
	fwd F1 1
	fwd F2 2
	node N3 3
	node N4 4
	node N5 5
	node N6 6
	via 1
	members_settled
}

# members_settled: every node believes every node of $NODES alive (the
# first nodes made declared the later ones dead until those came up and
# refuted, a probe round after; traffic then would see chains shortened).
members_settled()
{
	local n i want

	want=$(wc -w <<<"$NODES")
	for n in $NODES; do
		for ((i = 0; i < 100; i++)); do
			[ "$(zn "$n" cluster show zgc0 | grep -c ' state alive ')" = "$want" ] &&
				continue 2
			sleep 0.2
		done
		echo "$n does not believe all nodes alive:"
		zn "$n" cluster show zgc0
		return 1
	done
}

# stat_sum NAME NODE...: the sum of the counter NAME over the nodes.
stat_sum()
{
	local n sum=0 name=$1

	shift
	for n in "$@"; do
		sum=$((sum + $(zgc_stat "${!n}" zgc0 "$name")))
	done
	echo "$sum"
}

# states NODE: what NODE believes of every node, "ID:STATE" in order.
# (These two are polled: awk on `cluster show`'s lines "node ID ... state
# STATE ...", as jq costs a third of a second a start in an emulated
# guest.)
states()
{
	zn "$1" cluster show zgc0 | awk '
		$1 == "node" { for (i = 3; i < NF; i++) if ($i == "state")
			line = line (line == "" ? "" : " ") $2 ":" $(i + 1) }
		END { print line }'
}

# state NODE ID: what NODE believes of node ID.
state()
{
	zn "$1" cluster show zgc0 | awk -v id="$2" '
		$1 == "node" && $2 == id { for (i = 3; i < NF; i++) if ($i == "state")
			print $(i + 1) }'
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

# wait_all ID STATE SECONDS NODE...: every NODE comes to believe node ID
# is in STATE, each within SECONDS.
wait_all()
{
	local n

	for n in "${@:4}"; do
		wait_state "$n" "$1" "$2" "$3" || return 1
	done
}

# wait_sees NODE STATE SECONDS ID...: NODE comes to believe every node ID
# is in STATE, each within SECONDS.
wait_sees()
{
	local i

	for i in "${@:4}"; do
		wait_state "$1" "$i" "$2" "$3" || return 1
	done
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

CONNS=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/tcp_conns.py
# How many connections talk_start() opens, and how long (s) each waits
# between two lines: a number, or MIN-MAX for a random time in a range.
TALKERS=20
TALK_GAP=0.5

# three_chains: the failure programs' cluster and load. Chain 1: N3 ->
# N4 -> N5, chain 2: N5 -> N6 -> N3: N4 and N6 are the middles of one
# chain each and in no other chain; N3 and N5 are the head of one and
# the tail of the other. 50 connections, each exchanging a line every
# 300 to 600 ms (enough for a stall to show: in an emulated guest, the
# traffic is most of what the tests cost).
three_chains()
{
	CHAINS='[{"id": 1, "nodes": [3, 4, 5]}, {"id": 2, "nodes": [5, 6, 3]}]'
	TALKERS=50
	TALK_GAP=0.3-0.6
}

# talk_start: $TALKERS connections H1 -> H2 (10.1.0.12) exchanging lines
# (tcp_conns.py); sets DIR (a new directory, unless set), TALK (the
# client's output file) and the server's pid SERVER.
talk_start()
{
	local i

	[ -n "$DIR" ] || DIR=$(mktemp -d)
	TALK=$DIR/talk
	ip netns exec "$H2" python3 "$CONNS" serve 10.1.0.12 5002 >"$DIR/srv" &
	SERVER=$!
	ZGC_CLEANUP+=("kill $SERVER; rm -rf $DIR")
	for ((i = 0; i < 300; i++)); do
		grep -q listening "$DIR/srv" && break
		sleep 0.1
	done
	ip netns exec "$H1" python3 "$CONNS" talk 10.1.0.12 5002 "$TALKERS" \
		"$DIR" "$TALK_GAP" >"$TALK" 2>&1 &
	TALKER=$!
	for ((i = 0; i < 600; i++)); do
		grep -q connected "$TALK" && return 0
		sleep 0.1
	done
	cat "$TALK"
	return 1
}

# talk_end: every connection exchanges 3 lines after the mark, then
# stops; the longest a line took to come back is printed.
talk_end()
{
	touch "$DIR/mark"
	touch "$DIR/stop"
	wait "$TALKER" || true
	grep '^longest stall' "$TALK" || true
	zgc_eq "connections that survived" "$(tail -n 1 "$TALK")" \
		"survived $TALKERS of $TALKERS" || { cat "$TALK"; views; why; }
}

# router: the hosts reach the entrance through a router R on S
# (192.0.2.254) whose route to it has both FWDs as nexthops, hashed on
# L4 as a fabric's routers do (Geneve's source port follows the tenant
# flow), so that connections are spread over F1 and F2. The caller
# declares R local.
router()
{
	local h

	zgc_ns_new R
	port R S 192.0.2.254/24 1500
	ip netns exec "$R" sysctl -qw net.ipv4.ip_forward=1 \
		net.ipv4.fib_multipath_hash_policy=1 \
		net.ipv4.conf.all.send_redirects=0 net.ipv4.conf.cS.send_redirects=0
	ip -n "$R" route add "$ENTRANCE" nexthop via 192.0.2.1 nexthop via 192.0.2.2
	for h in H1 H2; do
		ip -n "${!h}" route replace "$ENTRANCE" via 192.0.2.254
	done
}

# ecmp_talk: the cluster (topology) with the hosts behind the router R,
# F1's and F2's monitors started (monitor_start), and the connections
# talking (talk_start).
ecmp_talk()
{
	topology
	router
	DIR=$(mktemp -d)
	monitor_start F1
	monitor_start F2
	neighbours_known
	talk_start
}

# monitor_start NODE: `zgcctl -j monitor zgc0` on NODE, printing to
# DIR/events.NODE (started early: it must have joined the group before
# the events it is to see).
monitor_start()
{
	ip netns exec "${!1}" "$ZGCCTL" -j monitor zgc0 >"$DIR/events.$1" &
	ZGC_CLEANUP+=("kill $!")
}

# saw_event NODE ID STATE [WAS]: NODE's monitor printed that it came to
# believe node ID in STATE (from WAS).
saw_event()
{
	jq -s -e --argjson id "$2" --arg s "$3" --arg w "${4:-}" \
		'any(.[]; .event == "member" and .ifname == "zgc0" and
		 .node == $id and .state == $s and ($w == "" or .was == $w))' \
		"$DIR/events.$1" >/dev/null ||
		{ echo "$1 printed no event node $2 ${4:-any} -> $3:"; cat "$DIR/events.$1"; false; }
}

# first_event NODE ID STATE SINCE: when (ms since the epoch) NODE's
# monitor (monitor_start) first printed node ID in STATE at or after
# SINCE (ms), empty if it did not.
first_event()
{
	jq -s -r --argjson id "$2" --arg s "$3" --argjson t "$4" \
		'first(.[] | select(.event == "member" and .node == $id and
			.state == $s and .time_ms >= $t) | .time_ms) // empty' \
		"$DIR/events.$1"
}

# detected NODE ID SINCE: how long (ms) after SINCE (ms since the epoch)
# NODE declared node ID dead (and routed its chains around it), by the
# time NODE's monitor (monitor_start) read the event; printed, and never
# shorter than the suspicion.
detected()
{
	local at ms

	at=$(first_event "$1" "$2" dead 0)
	[ -n "$at" ] || { echo "$1 printed no death of node $2:"; cat "$DIR/events.$1"; return 1; }
	ms=$((at - $3))
	echo "$1 declared node $2 dead and repaired its chains $ms ms after it failed (probe_ms $PROBE_MS, suspect_ms $SUSPECT_MS)"
	zgc_eq "$1 suspected for at least suspect_ms" "$((ms >= SUSPECT_MS))" 1
}

# dies HOW ID WATCHER NODE...: node N<ID> dies (HOW: power, its cluster
# link down; unplug, that link deleted; device, its device down; netns,
# its namespace deleted), every NODE declares it dead within 15 s, and how
# long WATCHER took is printed (detected; WATCHER's monitor was started).
dies()
{
	local how=$1 id=$2 watcher=$3 n=N$2 cut

	shift 3
	cut=$(date +%s%3N)
	case $how in
	power) ip -n "${!n}" link set cC down ;;
	unplug) ip -n "${!n}" link del cC ;;
	device) ip -n "${!n}" link set zgc0 down ;;
	netns) ip netns del "${!n}" ;;
	esac
	wait_all "$id" dead 15 "$@"
	detected "$watcher" "$id" "$cut"
}

# chain_entries NODE CHAIN: NODE's entries of CHAIN, a line each with
# the flow, its verdict and its version, sorted; but those of closed
# connections, which each replica lets go 10 s after it last saw them
# (by its own clock: they may be gone from one and not yet from another),
# and those left behind by flows that moved to another chain (`moved`:
# nodes of the old chain that are not in the new one keep them until
# they expire).
chain_entries()
{
	zn "$1" -j dft show zgc0 | chain_lines "$2"
}

# chain_lines CHAIN: chain_entries' lines, from a `zgcctl -j dft show`
# read on stdin.
chain_lines()
{
	jq -r --argjson ch "$1" '.[] | select(.chain == $ch and .state != "closing" and .state != "moved") |
		"\(.vni) \(.proto) \(.src):\(.sport) > \(.dst):\(.dport) \(.action) \(.host) \(.mac) routed=\(.routed) v\(.version)"' |
		sort
}

# replicas_agree CHAIN NODE...: the NODEs, the live replicas of CHAIN,
# hold the same entries of it (flows, verdicts and versions), and some.
# Transactions still on their way down the chain (the FINs of
# connections just closed) may have passed one replica and not the
# next: the replicas are read again, 2 s at most, until they agree.
replicas_agree()
{
	local ch=$1 want got n try differ

	shift
	for ((try = 0; try < 8; try++)); do
		[ "$try" = 0 ] || sleep 0.25
		want=$(chain_entries "$1" "$ch")
		differ=''
		for n in "${@:2}"; do
			got=$(chain_entries "$n" "$ch")
			if [ "$got" != "$want" ]; then
				differ=$n
				break
			fi
		done
		[ -z "$differ" ] && break
	done
	zgc_eq "$1 holds entries of chain $ch" "$([ -n "$want" ] && echo yes)" yes
	if [ -n "$differ" ]; then
		echo "chain $ch: $1 and $differ differ (<: $1, >: $differ):"
		diff <(echo "$want") <(echo "$got") || true
		entries_of_diff "$want" "$got" "$@"
		return 1
	fi
	echo "chain $ch: $* hold the same $(echo "$want" | wc -l) entries"
}

# tc_packets: the packet counts of `tc -s ... show` read on stdin, one a
# line (filters or classes).
tc_packets()
{
	sed -n 's/.*Sent [0-9]* bytes \([0-9]*\) pkt.*/\1/p'
}

# replica_agrees_but_moved CHAIN NODE REF OTHER: NODE holds every entry
# of CHAIN that REF holds (flows, verdicts, versions) and no other, but
# for flows it holds as entries of chain OTHER instead. OTHER took
# CHAIN's flows while no node of CHAIN served, and NODE, a replica of
# both, syncing, took OTHER's writes of them in place of its own: a
# connection that closed meanwhile was closed in OTHER only, and REF,
# not in OTHER, still holds CHAIN's entry of it (chain.c,
# dft_entry_unsynced()).
replica_agrees_but_moved()
{
	local ch=$1 node=$2 ref=$3 other=$4 want got gone missing extra moved

	want=$(chain_entries "$ref" "$ch")
	got=$(chain_entries "$node" "$ch")
	extra=$(comm -13 <(echo "$want") <(echo "$got"))
	gone=$(comm -23 <(echo "$want") <(echo "$got") | sed '/^$/d')
	missing=$(awk 'NF { print $1, $2, $3, $5 }' <<<"$gone" | sort -u)
	moved=$(zn "$node" -j dft show zgc0 |
		jq -r --argjson o "$other" '.[] | select(.chain == $o) |
			"\(.vni) \(.proto) \(.src):\(.sport) \(.dst):\(.dport)"' |
		sort -u)
	missing=$(comm -23 <(echo "$missing") <(echo "$moved") | sed '/^$/d')
	if [ -n "$extra" ] || [ -n "$missing" ]; then
		echo "chain $ch: $node and $ref differ (<: $ref, >: $node):"
		diff <(echo "$want") <(echo "$got") || true
		entries_of_diff "$want" "$got" "$node" "$ref"
		echo "$node: $(sed '/^$/d' <<<"$extra" | wc -l) entries $ref does not hold;" \
			"$(sed '/^$/d' <<<"$missing" | wc -l) flows of $ref's missing, not in chain $other either"
		return 1
	fi
	echo "chain $ch: $node holds $ref's $(echo "$want" | wc -l) entries," \
		"$(sed '/^$/d' <<<"$gone" | wc -l) of them as chain $other's"
}

# entries_of_diff A B NODE...: each NODE's entries, of any chain and
# state, of the flows in which the chain_lines A and B differ.
entries_of_diff()
{
	local flows n

	flows=$(diff <(echo "$1") <(echo "$2") | sed -n 's/^[<>] //p' |
		awk '{ print $1, $2, $3, $5 }' | sort -u)
	shift 2
	for n in "$@"; do
		echo "$n:"
		zn "$n" -j dft show zgc0 |
			jq -c --arg flows "$flows" '.[] |
				select("\(.vni) \(.proto) \(.src):\(.sport) \(.dst):\(.dport)" as $f |
					$flows | split("\n") | index($f))'
	done
}

# neighbours_known: every node has resolved every other's cluster address
# (ARP), in parallel.
neighbours_known()
{
	local n m addrs='' pids=()

	for m in $NODES; do
		addrs+=" 10.9.0.$(node_id "$m")"
	done
	for n in $NODES; do
		ip netns exec "${!n}" bash -c "for a in $addrs; do ping -c 1 -W 2 \$a >/dev/null & done; wait" &
		pids+=($!)
	done
	# Only these: a test may have other programs in the background.
	wait "${pids[@]}"
}

# entries NODE: the node's DFT entries, one "src>dst/proto chain version"
# line each, sorted.
entries()
{
	zn "$1" -j dft show zgc0 |
		jq -r '.[] | "\(.src)>\(.dst)/\(.proto):\(.sport)-\(.dport) \(.chain) \(.version)"' |
		sort
}

# placed: every flow any FTN holds is held by both replicas of exactly
# one chain, the one its entries name, with one version; prints the
# flows, one "src>dst/proto:ports chain" line each.
placed()
{
	local n

	for n in N3 N4 N5 N6; do
		entries "$n" | sed "s/^/$n /"
	done | awk '
	{ where[$2] = where[$2] " " $1; chain[$2] = chain[$2] " " $3; ver[$2] = ver[$2] " " $4 }
	END {
		bad = 0
		for (f in where) {
			split(chain[f], c, " ")
			split(ver[f], v, " ")
			want = c[1] == 1 ? " N3 N4" : " N5 N6"
			if (where[f] != want || c[1] != c[2] || v[1] != v[2]) {
				print "misplaced: " f " on" where[f] " chains" chain[f] " versions" ver[f]
				bad = 1
			}
			print f " " c[1]
		}
		exit bad
	}' | sort
}

# udp_flows FIRST N: a datagram on each of N UDP flows H1 -> H2, from
# ports FIRST to FIRST+N-1 to port 9: the same flows each time. Idle, they
# stay in the DFT while the nodes' flow timeout (FLOW_TIMEOUT) is long,
# and are not refreshed.
udp_flows()
{
	ip netns exec "$H1" python3 -c "
import socket
for p in range($1, $1 + $2):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(('10.1.0.11', p))
        s.sendto(b'x', ('10.1.0.12', 9))"
}

# tping FROM ADDR [COUNT]: FROM pings ADDR (3 times); a first packet
# travels through two chains and back, slowly in an emulated guest.
tping()
{
	ip netns exec "${!1}" ping -c "${3:-3}" -i 0.3 -W 5 "$2" >/dev/null || why
}

# why: what every node counted, to explain a failure.
why()
{
	local n

	for n in $NODES; do
		zn "$n" -j stats zgc0 |
			jq -c --arg n "$n" '.[0] | with_entries(select(.value != 0 and .key != "ifindex")) | {($n): .}'
	done
	return 1
}
