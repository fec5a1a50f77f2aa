#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Forwarding rate of a zgc FWD on its flow cache's hit path, against a
# stock-kernel gateway doing the same job, measured in the same guest
# and the same run (run by bench/run.sh inside a QEMU guest; not a test).
#
#   H1: tun0 10.1.0.11/24 (pktgen) -- ul1 ==+
#                                            +== G: the gateway, port 6081
#   H2: tun0 10.2.0.12/24 (sink)   -- ul2 ==+
#
# H1 and H2 are stock Geneve hosts in VNI 100, in two subnets. pktgen on
# H1's tun0 sends 64-byte UDP packets to H2 through their gateway, which
# decapsulates each, finds its destination, routes it (inner MACs
# rewritten, TTL decremented) and encapsulates it again to H2. The
# gateway is either
#   zgc:      zgc0 with the two subnets and endpoints (the flow cache
#             decides);
#   baseline: the kernel's own parts: a collect_md Geneve device with the
#             subnets' gateway addresses, IPv4 forwarding, and a route per
#             instance with lightweight-tunnel encapsulation to its host
#             (ip route ... encap ip id 100 dst HOST dev gnv0).
# (A tc flower + tunnel_key + mirred gateway was tried first: the 6.12
# guest drops what mirred redirects back into the same collect_md
# device, so it forwards nothing.)
# Everything runs on one CPU (pktgen's xmit runs the whole path in
# softirq), so pktgen's own rate is the rate of the whole path: senders
# and receivers are the same for both gateways and only the gateway
# differs. Rounds alternate baseline and zgc; medians are reported.
#
# Also the cost of a flow-cache miss: runs where every packet is a new
# flow (the UDP source port counts up, flow cache flushed first) against
# runs of the same packets once cached. pktgen's rate hardly resolves it
# (the miss path, endpoint lookup, ACL and insert, is a small share of
# the whole path), so the gateway's own time is measured too: a kprobe
# and a kretprobe on zgc_rx_encap (the tunnel socket's encap_rcv: decap,
# flow lookup, on a miss decide and insert, re-encap and transmit) and
# ftrace hist triggers turn each call into its duration, counted in a
# histogram inside the kernel (no ring buffer, so no call is lost; the
# number of calls timed is checked against the packets sent). The probes
# add their own cost to misses and hits alike: the durations are above
# untraced ones, their difference is the miss's cost.
#
#   bench/fwd_pps.sh [ROUNDS] [COUNT] [FLOWS]
#       default 5 rounds of 200000 packets; 60000 new flows a miss run
#   ZGC_BENCH_KEEP=DIR  keeps the duration histograms (missN, hitN) in DIR
#                       (a directory the guest can write: under vm.sh's --out)
set -euo pipefail

ROUNDS=${1:-5}
COUNT=${2:-200000}
FLOWS=${3:-60000}
TRACEFS=/sys/kernel/tracing
TRACE_FN=zgc_rx_encap
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

TIMING=

on_exit()
{
	cleanup
	if [ -n "$TIMING" ]; then
		timing_teardown || true
	fi
}
trap on_exit EXIT

die()
{
	echo "fwd_pps.sh: $*" >&2
	exit 1
}

# topology zgc|baseline
topology()
{
	local h1mac h2mac gwmac

	cleanup
	ns_new g
	bench_host g 1 10.1.0.11
	bench_host g 2 10.2.0.12
	h1mac=$(mac_of h1 tun0)
	h2mac=$(mac_of h2 tun0)
	if [ "$1" = zgc ]; then
		ip -n g link add zgc0 type zgc
		ip -n g link set zgc0 up
		ip netns exec g "$ZGCCTL" -b - <<-END
			subnet add zgc0 vni 100 gw 10.1.0.1/24 mac 02:00:00:00:01:00
			subnet add zgc0 vni 100 gw 10.2.0.1/24 mac 02:00:00:00:02:00
			endpoint add zgc0 vni 100 ip 10.1.0.11 mac $h1mac host 192.0.2.11
			endpoint add zgc0 vni 100 ip 10.2.0.12 mac $h2mac host 192.0.3.12
		END
		gwmac=02:00:00:00:01:00
	else
		ip netns exec g sysctl -qw net.ipv4.ip_forward=1
		ip -n g link add gnv0 type geneve external
		ip -n g link set gnv0 up
		ip -n g addr add 10.1.0.1/24 dev gnv0
		ip -n g addr add 10.2.0.1/24 dev gnv0
		ip -n g route replace 10.1.0.11/32 encap ip id 100 dst 192.0.2.11 dev gnv0
		ip -n g route replace 10.2.0.12/32 encap ip id 100 dst 192.0.3.12 dev gnv0
		ip -n g neigh replace 10.1.0.11 lladdr "$h1mac" dev gnv0 nud permanent
		ip -n g neigh replace 10.2.0.12 lladdr "$h2mac" dev gnv0 nud permanent
		gwmac=$(mac_of g gnv0)
	fi
	# The same for both: the gateway's MAC is known, no ARP in the way.
	ip -n h1 neigh replace 10.1.0.1 lladdr "$gwmac" dev tun0 nud permanent
	ip -n h2 neigh replace 10.2.0.1 lladdr "$gwmac" dev tun0 nud permanent
}

# pktgen_run COUNT PORTS: send COUNT packets from H1 to H2 (to the
# gateway's MAC) with UDP source ports 1..PORTS in turn; print pktgen's
# packets per second.
pktgen_run()
{
	pktgen_udp "$1" 1 "$2" 9 9
}

# Timing zgc_rx_encap. Each call's duration in ns (trace_clock
# "local") becomes a synthetic event, zgcbench_ns; a histogram of those
# (100 ns buckets) is attached for one pktgen run at a time.
HIST_ENTER='hist:keys=common_pid:t0=common_timestamp'
# shellcheck disable=SC2016 # $t0 and $ns are the trigger's variables
HIST_EXIT='hist:keys=common_pid:ns=common_timestamp-$t0:onmatch(zgcbench.enter).trace(zgcbench_ns,$ns)'
HIST_NS='hist:keys=ns.buckets=100:vals=hitcount:sort=ns:size=8192'

tw()
{
	echo "$2" >>"$TRACEFS/$1"
}

timing_setup()
{
	[ -e "$TRACEFS/kprobe_events" ] || mount -t tracefs nodev "$TRACEFS"
	grep -q "^$TRACE_FN\b" "$TRACEFS/available_filter_functions" ||
		die "$TRACE_FN cannot be probed (not in available_filter_functions)"
	TIMING=1
	tw trace_clock local
	tw kprobe_events "p:zgcbench/enter $TRACE_FN"
	tw kprobe_events "r:zgcbench/exit $TRACE_FN"
	tw synthetic_events 'zgcbench_ns u64 ns'
	tw events/zgcbench/enter/trigger "$HIST_ENTER"
	tw events/zgcbench/exit/trigger "$HIST_EXIT"
}

timing_teardown()
{
	tw events/synthetic/zgcbench_ns/trigger "!$HIST_NS" 2>/dev/null || true
	tw events/zgcbench/exit/trigger "!$HIST_EXIT"
	tw events/zgcbench/enter/trigger "!$HIST_ENTER"
	tw synthetic_events '!zgcbench_ns'
	tw kprobe_events '-:zgcbench/exit'
	tw kprobe_events '-:zgcbench/enter'
	TIMING=
}

# kretprobe_missed: returns the kretprobe could not catch (no free
# instance); such calls are not timed.
kretprobe_missed()
{
	awk '$1 == "zgcbench/exit" || $1 == "exit" { print $NF }' \
		"$TRACEFS/kprobe_profile"
}

# timed_run NAME PACKETS PORTS: pktgen_run with each call of TRACE_FN
# timed; prints "CALLS MEDIAN_NS P10_NS P90_NS PPS" and keeps the
# histogram in $TMP/NAME.
timed_run()
{
	local pps

	tw events/synthetic/zgcbench_ns/trigger "$HIST_NS"
	pps=$(pktgen_run "$2" "$3")
	# The last packets' softirqs are done when pktgen reports.
	cat "$TRACEFS/events/synthetic/zgcbench_ns/hist" >"$TMP/$1"
	tw events/synthetic/zgcbench_ns/trigger "!$HIST_NS"
	# "{ ns: ~ 12300-12399 } hitcount: 17": a bucket's lower bound and
	# count; the percentiles are buckets' midpoints.
	awk -v pps="$pps" '
	/hitcount:/ {
		lo = $0; sub(/.*ns: *~ */, "", lo); sub(/-.*/, "", lo)
		hi = $0; sub(/.*ns: *~ *[0-9]+-/, "", hi); sub(/[^0-9].*/, "", hi)
		c = $0; sub(/.*hitcount: */, "", c); sub(/[^0-9].*/, "", c)
		n++; mid[n] = (lo + hi + 1) / 2; cnt[n] = c; total += c
	}
	/^ *Dropped:/ { dropped = $2 }
	function pct(p,   i, s) {
		for (i = 1; i <= n; i++) {
			s += cnt[i]
			if (s >= p * total)
				return mid[i]
		}
	}
	END {
		if (dropped)
			print "fwd_pps.sh: " dropped " durations beyond the histogram" > "/dev/stderr"
		printf "%d %d %d %d %d\n", total, pct(0.5), pct(0.1), pct(0.9), pps
	}' "$TMP/$1"
}

flow_misses()
{
	ip netns exec g "$ZGCCTL" -j stats zgc0 | jq '.[0].flow_miss'
}

modprobe pktgen
# Run on one CPU: pktgen's thread 0 and the softirqs it raises.
bpps=()
zpps=()
for ((r = 1; r <= ROUNDS; r++)); do
	for gw in baseline zgc; do
		topology "$gw"
		# A ping both ways proves the path; then warm up.
		ip netns exec h1 ping -c 1 -W 2 10.2.0.12 >/dev/null
		pktgen_run 1000 1 >/dev/null
		before=$(rx_packets)
		pps=$(pktgen_run "$COUNT" 1)
		got=$(($(rx_packets) - before))
		echo "round $r $gw: $pps pps, $got of $COUNT delivered"
		if [ "$gw" = zgc ]; then zpps+=("$pps"); else bpps+=("$pps"); fi
	done
done
b=$(median "${bpps[@]}")
z=$(median "${zpps[@]}")

# Misses: every packet a new flow, then the same packets as hits; first
# by pktgen's rate, untraced, then by zgc_rx_encap's own time.
TMP=$(mktemp -d)
topology zgc
# H2 answers nothing (no ICMP port unreachable, a flow of its own): the
# misses are pktgen's flows alone.
ip -n h2 route add blackhole 10.1.0.11/32
pktgen_run 1000 1 >/dev/null
timing_setup
mpps=()
hpps=()
mns=()
hns=()
ratios=()
for ((r = 1; r <= ROUNDS; r++)); do
	ip netns exec g "$ZGCCTL" flow flush zgc0
	m0=$(flow_misses)
	mpps+=("$(pktgen_run "$FLOWS" "$FLOWS")")
	m1=$(flow_misses)
	hpps+=("$(pktgen_run "$FLOWS" "$FLOWS")")
	m2=$(flow_misses)
	if [ $((m1 - m0)) -ne "$FLOWS" ] || [ $((m2 - m1)) -ne 0 ]; then
		die "round $r: $((m1 - m0)) misses in the miss run, $((m2 - m1)) in the hit run"
	fi
	echo "round $r pps: ${mpps[-1]} all-miss, ${hpps[-1]} all-hit"

	ip netns exec g "$ZGCCTL" flow flush zgc0
	m0=$(flow_misses)
	lost0=$(kretprobe_missed)
	read -r mn mmed mp10 mp90 mtp < <(timed_run "miss$r" "$FLOWS" "$FLOWS")
	m1=$(flow_misses)
	read -r hn hmed hp10 hp90 htp < <(timed_run "hit$r" "$FLOWS" "$FLOWS")
	m2=$(flow_misses)
	lost=$(($(kretprobe_missed) - lost0))
	if [ $((m1 - m0)) -ne "$FLOWS" ] || [ $((m2 - m1)) -ne 0 ]; then
		die "round $r, timed: $((m1 - m0)) misses in the miss run, $((m2 - m1)) in the hit run"
	fi
	# Every packet timed (and maybe the odd IPv6 neighbour discovery
	# packet the hosts' tunnels send on their own).
	if [ "$mn" -lt "$FLOWS" ] || [ "$hn" -lt "$FLOWS" ] || [ "$lost" -ne 0 ]; then
		die "round $r: $mn and $hn calls timed for $FLOWS packets each, $lost returns missed"
	fi
	mns+=("$mmed")
	hns+=("$hmed")
	ratios+=("$(awk -v m="$mmed" -v h="$hmed" 'BEGIN { printf "%.3f", m / h }')")
	echo "round $r $TRACE_FN ns (median, p10-p90): miss $mmed ($mp10-$mp90) at $mtp pps," \
		"hit $hmed ($hp10-$hp90) at $htp pps; miss - hit $((mmed - hmed)) ns"
done
timing_teardown
[ -z "${ZGC_BENCH_KEEP:-}" ] || cp -r "$TMP" "$ZGC_BENCH_KEEP"
rm -rf "$TMP"
m=$(median "${mpps[@]}")
h=$(median "${hpps[@]}")
mn=$(median "${mns[@]}")
hn=$(median "${hns[@]}")
rt=$(median "${ratios[@]}")

echo
echo "kernel $(uname -r), $(nproc) CPUs (QEMU TCG), $ROUNDS rounds, median pps"
echo "baseline (geneve external + lwt routes): $b pps"
echo "zgc (flow cache hit):                    $z pps"
awk -v z="$z" -v b="$b" 'BEGIN { printf "ratio zgc/baseline:                      %.2f\n", z / b }'
echo "zgc, every packet a new flow (miss):     $m pps"
echo "zgc, the same flows cached (hit):        $h pps"
awk -v m="$m" -v h="$h" 'BEGIN { printf "ratio miss/hit (pps):                    %.2f\n", m / h }'
echo "$TRACE_FN per packet, kprobe-timed (median ns of this guest):"
echo "miss (decap, lookup, decide, insert, encap): $mn ns"
echo "hit (decap, lookup, encap):                  $hn ns"
echo "cost of a miss over a hit:                   $((mn - hn)) ns"
echo "ratio miss/hit (time, median of rounds):     $rt"
