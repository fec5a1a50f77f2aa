#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The demo, run inside a guest by `make demo`: a Zeta cluster at work.
#
#   blue 10.1.0.11 -+- H1 192.0.2.11 -+                   +- N3 -> N4  chain 1
#   red  10.1.0.11 -+                 +- R =ECMP= F1, F2 =+
#   blue 10.1.0.12 -+- H2 192.0.2.12 -+                   +- N5 -> N6  chain 2
#   red  10.1.0.12 -+
#
# Two tenants, blue (VNI 100) and red (VNI 200), with the same addresses,
# each with an instance on the compute hosts H1 and H2. The hosts are
# stock Linux: an instance is a namespace with a kernel Geneve device of
# its tenant's VNI, tunnelling to the entrance 192.0.2.100. A router R
# spreads the tunnels over two FWDs, F1 and F2, by ECMP; four FTNs hold
# the Distributed Flow Table in two chains of two. While a blue transfer
# and 20 red connections run, F1 loses power (R takes it out of its
# route, as BFD would) and then N4, the tail of chain 1, does too (the
# others declare it dead and route chain 1 around it). Nothing breaks.
# At the end the demo writes a picture of the cluster, its chains,
# where the flows' entries live, and the counters: $ZGC_OUT/zgc-demo.svg
# (scripts/demo_picture.py), and exits non-zero if any check failed.
set -euo pipefail

TOP=$(cd "$(dirname "$0")/.." && pwd)
# The selftests' cluster (dft_net.sh): its switches, nodes and helpers.
# shellcheck source-path=SCRIPTDIR source=../selftests/lib.sh
. "$TOP/selftests/lib.sh"
# shellcheck source-path=SCRIPTDIR source=../selftests/dft_net.sh
. "$TOP/selftests/dft_net.sh"

OUT=${ZGC_OUT:-$(mktemp -d)}
PICTURE=$OUT/zgc-demo.svg
DIR=$(mktemp -d)
FAILED=0
STARTED=$(date +%s)

say()
{
	printf '\n[%3ds] == %s\n' "$(($(date +%s) - STARTED))" "$*"
}

# at NODE CMD...: run CMD in NODE's namespace (NODE: a variable that
# names it), shown as typed there.
at()
{
	local n=$1

	shift
	printf '%s# %s\n' "${n,,}" "$*"
	[ "$1" = zgcctl ] && set -- "$ZGCCTL" "${@:2}"
	ip netns exec "${!n}" "$@"
}

# check WHAT ACTUAL EXPECTED: say whether it holds; a failure fails the
# demo at its end.
check()
{
	if [ "$2" = "$3" ]; then
		echo "   ok: $1"
	else
		echo "   FAILED: $1: got '$2', expected '$3'"
		FAILED=1
	fi
}

# tenant_config: the two tenants' subnets and endpoints, as a batch.
tenant_config()
{
	local vni n

	for vni in 100 200; do
		echo "subnet add zgc0 vni $vni gw 10.1.0.1/24 mac 02:00:00:00:01:00"
		for n in 1 2; do
			echo "endpoint add zgc0 vni $vni ip 10.1.0.1$n mac $(instance_mac "$vni" "$n") host 192.0.2.1$n"
		done
	done
}

# node_device VAR ID: dft_net.sh's, with the two tenants: zgc0 of node
# VAR, its tenants and the cluster description, as node ID.
node_device()
{
	ip -n "${!1}" link add zgc0 type zgc
	ip -n "${!1}" link set zgc0 up
	tenant_config | zn "$1" -b -
	doc | zn "$1" cluster apply zgc0 - self "$2"
}

# instance_mac VNI N: the MAC of the instance of tenant VNI on host N.
instance_mac()
{
	printf '02:00:0a:%02x:00:1%s\n' "$(($1 / 100))" "$2"
}

# compute_host VAR N: host 192.0.2.1N on S, and an instance of each
# tenant on it, in the namespaces BLUE<N> and RED<N>: the Geneve device
# is made in the host (its UDP socket stays there) and moved into the
# instance's namespace.
compute_host()
{
	local vni var

	zgc_ns_new "$1"
	port "$1" S "192.0.2.1$2/24" 1500
	for vni in 100 200; do
		var=RED$2
		[ "$vni" = 100 ] && var=BLUE$2
		zgc_ns_new "$var"
		ip -n "${!1}" link add "t$vni" address "$(instance_mac "$vni" "$2")" \
			type geneve id "$vni" remote "$ENTRANCE" dstport 6081
		ip -n "${!1}" link set "t$vni" netns "${!var}"
		ip -n "${!var}" link set "t$vni" name eth0
		ip -n "${!var}" addr add "10.1.0.1$2/24" dev eth0
		ip -n "${!var}" link set eth0 up
		ip -n "${!var}" route add default via 10.1.0.1
	done
}

# stream_start FROM TO ADDR: a TCP transfer from namespace FROM to a
# server in TO at ADDR:5003, a steady 1 MB/s or so, until DIR/stream.stop
# appears; both ends print the SHA-256 and the count of the bytes
# (DIR/stream.srv, transfer.py's sink; DIR/stream.cli), the client its
# progress to DIR/stream.bytes.
stream_start()
{
	local i

	ip netns exec "$2" python3 "$TOP/selftests/transfer.py" sink "$3" 5003 \
		>"$DIR/stream.srv" &
	ZGC_CLEANUP+=("kill $! 2>/dev/null")
	for ((i = 0; i < 100; i++)); do
		grep -q listening "$DIR/stream.srv" && break
		sleep 0.1
	done
	ip netns exec "$1" python3 -c "
import hashlib, os, socket, time
s = socket.create_connection(('$3', 5003), timeout=60)
h, n = hashlib.sha256(), 0
while not os.path.exists('$DIR/stream.stop'):
    b = os.urandom(1 << 15)
    s.sendall(b)
    h.update(b)
    n += len(b)
    with open('$DIR/stream.new', 'w') as f:
        print(n, file=f)
    os.replace('$DIR/stream.new', '$DIR/stream.bytes')
    time.sleep(0.03)
s.close()
print(h.hexdigest(), n, flush=True)" >"$DIR/stream.cli" 2>&1 &
	STREAM=$!
	ZGC_CLEANUP+=("kill $STREAM 2>/dev/null")
}

# sent: how far the transfer is.
sent()
{
	awk '{ printf "%.1f MB sent\n", $1 / 1e6 }' "$DIR/stream.bytes" 2>/dev/null ||
		echo "nothing sent"
}

# stream_end: stop the transfer; what arrived is what was sent.
stream_end()
{
	local i

	touch "$DIR/stream.stop"
	wait "$STREAM" || true
	for ((i = 0; i < 100; i++)); do
		[ "$(wc -l <"$DIR/stream.srv")" -ge 2 ] && break
		sleep 0.1
	done
	echo "   blue transfer: sent $(cat "$DIR/stream.cli"), got $(tail -n 1 "$DIR/stream.srv")"
	check "the blue transfer arrived whole" \
		"$(tail -n 1 "$DIR/stream.srv")" "$(tail -n 1 "$DIR/stream.cli")"
}

# flows_on NODE: how many TCP flows NODE's flow cache holds.
flows_on()
{
	zn "$1" -j flow show zgc0 | jq '[.[] | select(.proto == "tcp")] | length'
}

# snapshot TITLE: what the picture shows, as JSON: each node's role,
# whether the demo killed it, its counters, its DFT entries and how many
# flows it caches, and the cluster as F2 sees it; TITLE heads the
# picture.
snapshot()
{
	local n role killed

	for n in $NODES; do
		role=ftn
		[ "${n:0:1}" = F ] && role=fwd
		killed=false
		[[ " $KILLED " == *" $n "* ]] && killed=true
		jq -n --arg name "$n" --argjson id "$(node_id "$n")" --arg role "$role" \
			--argjson killed "$killed" \
			--argjson stats "$(zn "$n" -j stats zgc0)" \
			--argjson dft "$(zn "$n" -j dft show zgc0)" \
			--argjson flows "$(zn "$n" -j flow show zgc0)" \
			'{name: $name, id: $id, role: $role, killed: $killed,
			  stats: $stats[0], entries: $dft, flows: ($flows | length)}'
	done | jq -s --argjson view "$(zn F2 -j cluster show zgc0)" \
		--arg title "$1" \
		'{title: $title, view: $view[0], nodes: .}'
}

demo()
{
	# shellcheck disable=SC2034 # the helpers of dft_net.sh use them
	local H1 H2 BLUE1 BLUE2 RED1 RED2 S C F1 F2 N3 N4 N5 N6 R
	local TALK SERVER TALKER KILLED='' cut ms n

	say "building: 2 compute hosts, 2 tenants, router R, FWDs F1 F2, FTNs N3..N6"
	switch S 1500
	switch C 9000
	compute_host H1 1
	compute_host H2 2
	fwd F1 1
	fwd F2 2
	for n in 3 4 5 6; do
		node "N$n" "$n"
	done
	router
	members_settled
	neighbours_known
	at F1 zgcctl show
	at F1 zgcctl cluster show zgc0
	at F1 zgcctl endpoint show zgc0 vni 200

	say "first packets: each one's verdict comes from its chain (blue and red, same addresses)"
	for n in BLUE1 RED1; do
		at "$n" ping -c 2 -i 0.3 -W 5 10.1.0.12 | grep -E '^[a-z0-9]+# |bytes from|loss'
	done
	at F1 zgcctl flow show zgc0
	at F2 zgcctl flow show zgc0

	say "traffic: a blue transfer H1 -> H2, 20 red connections H1 -> H2"
	stream_start "$BLUE1" "$BLUE2" 10.1.0.12
	H1=$RED1 H2=$RED2 talk_start
	sleep 3
	echo "   blue transfer: $(sent); F1 caches $(flows_on F1) TCP flows, F2 $(flows_on F2)"

	say "F1 loses power; R takes it out of the route to the entrance"
	ip -n "$F1" link set cS down
	ip -n "$F1" link set cC down
	ip -n "$R" route replace "$ENTRANCE" via 192.0.2.2
	KILLED+=" F1 "
	sleep 3
	echo "   blue transfer: $(sent); F2 now caches $(flows_on F2) TCP flows (their verdicts from the DFT)"

	say "N4, the tail of chain 1, loses power"
	cut=$(date +%s%3N)
	ip -n "$N4" link set cC down
	KILLED+=" N4 "
	wait_state F2 4 dead 20 || true
	ms=$(($(date +%s%3N) - cut))
	check "F2 declared N4 dead (within ${ms} ms; suspect_ms $SUSPECT_MS)" "$(state F2 4)" dead
	at F2 zgcctl cluster show zgc0
	sleep 3
	echo "   blue transfer: $(sent)"

	say "where the flows' entries live, while the traffic runs"
	for n in N3 N5 N6; do
		echo "   $n: $(zn "$n" -j dft show zgc0 |
			jq -r 'group_by(.chain) | map("chain \(.[0].chain): \(length) entries") | join(", ")')"
	done
	echo "   F2's counters not zero:"
	zn F2 stats zgc0 | awk '{ for (i = 2; i < NF; i += 2) if ($(i + 1) && $i != "ifindex")
		printf "   %-22s %8d%s", $i, $(i + 1), (++k % 3 ? "" : "\n") }
		END { if (k % 3) print "" }'
	if replicas_agree 2 N5 N6; then
		check "chain 2's replicas, N5 and N6, hold the same entries" ok ok
	else
		check "chain 2's replicas, N5 and N6, hold the same entries" differ ok
	fi
	snapshot "zgc demo: F1 and N4 lost power while tenants talked" >"$DIR/snapshot.json"

	say "the end of the traffic: every connection must have survived"
	stream_end
	touch "$DIR/mark" "$DIR/stop"
	wait "$TALKER" || true
	echo "   red connections: $(grep '^longest stall' "$TALK" || true), $(tail -n 1 "$TALK")"
	check "every red connection survived" "$(tail -n 1 "$TALK")" "survived $TALKERS of $TALKERS"
	if ip netns exec "$RED2" ping -c 2 -i 0.3 -W 5 10.1.0.11 >/dev/null; then
		check "a new red flow after the failures" ok ok
	else
		check "a new red flow after the failures" failed ok
	fi
	python3 "$TOP/scripts/demo_picture.py" "$DIR/snapshot.json" "$PICTURE"
	cp "$DIR/snapshot.json" "$OUT/zgc-demo.json"
	say "the picture: $PICTURE (its data: $OUT/zgc-demo.json)"
}

trap zgc_cleanup EXIT
demo
if [ "$FAILED" != 0 ]; then
	echo "the demo FAILED a check (above)"
	exit 1
fi
echo "the demo passed every check"
