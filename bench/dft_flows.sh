#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The DFT's rate of new flows, against the FWD's fast path, measured in
# the same guest and the same run (run by bench/run.sh inside a QEMU
# guest; not a test), and its memory per entry.
#
#   H1: tun0 10.1.0.11 (pktgen) -- ul1 ==+                 +== N3 (FTN)
#                                         +== F (FWD) == C +== N4 (FTN)
#   H2: tun0 10.2.0.12 (sink)   -- ul2 ==+   10.9.0.0/24   +== N5 (FTN)
#
# H1 and H2 are stock Geneve hosts in VNI 100; F is the FWD they tunnel
# to; N3, N4 and N5 are FTNs on the cluster network C (a bridge, jumbo
# frames). One chain holds every flow: N3 -> N4 in the "chain of 2"
# description, N3 -> N4 -> N5 in the "chain of 3" one. pktgen on H1 sends
# 64-byte UDP packets to H2:
#   new:  every packet a new flow (UDP source port counting up, a
#         destination port no run used before): F misses, the packet
#         goes to the tail, which decides the flow and its reverse, then
#         down the chain twice (the reverse flow's entry, then the
#         flow's: one chain holds both here) and back to F, which
#         forwards it to H2 (Documentation/wire-format.md);
#   hit:  the same packets again, F's cache holds their verdicts.
# Everything runs on one CPU (pktgen's xmit runs the whole path, every
# node's part of it, in softirq), so pktgen's rate is the rate of the
# whole path, and its inverse the time a packet takes through it: the
# new flows' rate is the new flows per second the cluster sets up on one
# CPU, and hit/new is how much longer a flow's first packet takes than a
# cached one (in this guest there is no wire: the time is all
# processing). Rounds alternate; medians are reported.
#
# And the memory of 1M DFT entries, measured first: pktgen sends 500500
# packets whose port pairs never repeat (source ports 1..500 against
# destination ports 20000..21000), so F's cache takes one entry a flow
# and each replica two (the flow's and its reverse's: 1001000, within the
# 1048576 a tenant may hold on an FTN); the growth of the kernel's slab and vmalloc memory
# over all those entries is the memory per entry (entries and their hash
# tables' buckets).
#
#   bench/dft_flows.sh [ROUNDS] [FLOWS] [MEMFLOWS]
#       default 5 rounds of 20000 new flows; MEMFLOWS 500500 (0: skip)
set -euo pipefail

ROUNDS=${1:-5}
FLOWS=${2:-20000}
MEMFLOWS=${3:-500500}
EPOCH=0
DPORT=1000
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
trap cleanup EXIT

die()
{
	echo "dft_flows.sh: $*" >&2
	if ip netns list | grep -q "^f\b"; then
		zn f show zgc0 >&2
		zn f stats zgc0 >&2
	fi
	exit 1
}

# doc NODES: the description with one chain of NODES (JSON list), at
# epoch EPOCH.
doc()
{
	cat <<-END
	{"cluster": 9, "epoch": $EPOCH,
	 "nodes": [{"id": 1, "addr": "10.9.0.1", "roles": ["fwd"]},
		{"id": 3, "addr": "10.9.0.3", "roles": ["ftn"]},
		{"id": 4, "addr": "10.9.0.4", "roles": ["ftn"]},
		{"id": 5, "addr": "10.9.0.5", "roles": ["ftn"]}],
	 "chains": [{"id": 1, "nodes": $1}], "insecure": true}
	END
}

# chain NODES: every node takes the description with that chain, at a
# newer epoch.
chain()
{
	local d n

	EPOCH=$((EPOCH + 1))
	d=$(doc "$1")
	for n in 1 3 4 5; do
		zn "$(node_ns "$n")" cluster apply zgc0 - self "$n" <<<"$d"
	done
}

# node N: zgc0 of node N in its namespace, on C at 10.9.0.N, with the
# tenant's subnets and endpoints.
node()
{
	bench_node "$1" <<-END
		set zgc0 flow_timeout 3600 flow_vni_max $((1 << 21)) flow_max $((1 << 21))
		subnet add zgc0 vni 100 gw 10.1.0.1/24 mac 02:00:00:00:01:00
		subnet add zgc0 vni 100 gw 10.2.0.1/24 mac 02:00:00:00:02:00
		endpoint add zgc0 vni 100 ip 10.1.0.11 mac $H1MAC host 192.0.2.11
		endpoint add zgc0 vni 100 ip 10.2.0.12 mac $H2MAC host 192.0.3.12
	END
}

topology()
{
	ns_new f
	ns_new c
	ip -n c link add br0 mtu 9000 type bridge
	ip -n c link set br0 up
	bench_host f 1 10.1.0.11
	bench_host f 2 10.2.0.12
	H1MAC=$(mac_of h1 tun0)
	H2MAC=$(mac_of h2 tun0)
	for n in 1 3 4 5; do
		node "$n"
	done
	ip -n h1 neigh replace 10.1.0.1 lladdr 02:00:00:00:01:00 dev tun0 nud permanent
	ip -n h2 neigh replace 10.2.0.1 lladdr 02:00:00:00:02:00 dev tun0 nud permanent
	chain "[3, 4]"
	ip netns exec h1 ping -c 1 -W 5 10.2.0.12 >/dev/null || die "no path through the cluster"
	# H2 answers nothing from now on (no ICMP port unreachable): only
	# pktgen's flows cross the cluster.
	ip -n h2 route add blackhole 10.1.0.11/32
}

# pktgen_run COUNT SPORT_MAX DPORT_MIN DPORT_MAX: COUNT packets from H1 to
# H2, UDP source ports 1..SPORT_MAX and destination ports
# DPORT_MIN..DPORT_MAX, each counting up; prints pktgen's packets per
# second.
pktgen_run()
{
	pktgen_udp "$1" 1 "$2" "$3" "$4"
}

# new_run: FLOWS new flows through the chain (to DPORT, which the caller
# sets to a port no run used before); prints their pps. Each
# must have been answered by the chain (its entry and its reverse's
# inserted by the head: twice as many, but for a flow that is its own
# reverse) and delivered.
new_run()
{
	local ins0 rep0 rx0 pps ins

	zn f flow flush zgc0
	ins0=$(stat_of n3 dft_insert)
	rep0=$(stat_of f dft_reply)
	rx0=$(rx_packets)
	pps=$(pktgen_run "$FLOWS" "$FLOWS" "$DPORT" "$DPORT")
	[ $(($(stat_of f dft_reply) - rep0)) -eq "$FLOWS" ] ||
		die "$(($(stat_of f dft_reply) - rep0)) of $FLOWS new flows answered"
	ins=$(($(stat_of n3 dft_insert) - ins0))
	[ "$ins" -ge $((2 * FLOWS - 2)) ] ||
		die "the head inserted $ins entries for $FLOWS new flows"
	[ $(($(rx_packets) - rx0)) -ge "$FLOWS" ] ||
		die "$(($(rx_packets) - rx0)) of $FLOWS new flows' packets delivered"
	echo "$pps"
}

# hit_run: the last new run's packets again, from F's cache.
hit_run()
{
	local miss0 pps

	miss0=$(stat_of f flow_miss)
	pps=$(pktgen_run "$FLOWS" "$FLOWS" "$DPORT" "$DPORT")
	[ "$(stat_of f flow_miss)" -eq "$miss0" ] ||
		die "$(($(stat_of f flow_miss) - miss0)) misses in a hit run"
	echo "$pps"
}

# mem_kb: the kernel's slab and vmalloc memory, in kB.
mem_kb()
{
	awk '$1 == "Slab:" || $1 == "VmallocUsed:" { s += $2 } END { print s }' /proc/meminfo
}

# entries: F's cached flows and the replicas' DFT entries.
entries()
{
	echo $(($(zn f -j show zgc0 | jq '.[0].flows') +
		$(zn n3 -j show zgc0 | jq '.[0].dft_entries') +
		$(zn n4 -j show zgc0 | jq '.[0].dft_entries')))
}

modprobe pktgen
# The memory of MEMFLOWS flows first, in a fresh guest (no freed entries
# in the slab to reuse), then the rates in a new cluster (a tenant may
# hold 1048576 DFT entries on a node).
if [ "$MEMFLOWS" -gt 0 ]; then
	topology
	sync
	echo 3 >/proc/sys/vm/drop_caches
	e0=$(entries)
	m0=$(mem_kb)
	pktgen_run "$MEMFLOWS" 500 20000 21000 >/dev/null
	e1=$(entries)
	m1=$(mem_kb)
	e=$((e1 - e0))
	echo "memory: $e entries more (F's cache, 2 replicas of $MEMFLOWS flows and their reverses)," \
		"slab + vmalloc $((m1 - m0)) kB more"
	[ "$e" -ge $((MEMFLOWS * 5 * 99 / 100)) ] || die "only $e entries of $((MEMFLOWS * 5))"
	awk -v m="$((m1 - m0))" -v e="$e" 'BEGIN { printf "memory per entry:             %.0f bytes\n", m * 1024 / e }'
	# The slab allocator may merge the zgc_flow cache with another of
	# the same size.
	awk '$1 == "zgc_flow" { printf "zgc_flow slab: %d objects of %d bytes, %d a slab\n", $3, $4, $5 }' \
		/proc/slabinfo
	cleanup
fi
topology
new2=()
new3=()
hit=()
for ((r = 1; r <= ROUNDS; r++)); do
	chain "[3, 4]"
	DPORT=$((DPORT + 1))
	new2+=("$(new_run)")
	hit+=("$(hit_run)")
	chain "[3, 4, 5]"
	DPORT=$((DPORT + 1))
	new3+=("$(new_run)")
	echo "round $r pps: new flows ${new2[-1]} (chain of 2), ${new3[-1]} (chain of 3); cached ${hit[-1]}"
done
n2=$(median "${new2[@]}")
n3=$(median "${new3[@]}")
h=$(median "${hit[@]}")

echo
echo "kernel $(uname -r), $(nproc) CPUs (QEMU TCG), $ROUNDS rounds of $FLOWS flows, median pps"
echo "new flows, chain of 2:        $n2 flows/s"
echo "new flows, chain of 3:        $n3 flows/s"
echo "cached (FWD fast path):       $h pps"
awk -v n2="$n2" -v n3="$n3" -v h="$h" 'BEGIN {
	printf "ratio new/cached, chain of 2:  %.3f\n", n2 / h
	printf "ratio new/cached, chain of 3:  %.3f\n", n3 / h
	printf "ratio chain of 3/chain of 2:   %.2f\n", n3 / n2
	printf "first packet vs cached, time:  %.1fx (chain of 2), %.1fx (chain of 3)\n", h / n2, h / n3
	printf "time a packet, per this guest: %.1f us new (chain of 2), %.1f us cached\n", 1e6 / n2, 1e6 / h
}'

