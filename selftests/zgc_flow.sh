#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The flow cache of a zgc gateway, as an operator sees it through
# `zgcctl flow` and `zgcctl stats` while instances on stock compute hosts
# talk: one miss per new flow then hits, idle flows aged out, TCP close
# shortening a flow's life, verdicts recomputed when an endpoint changes,
# flushes, the device and per-tenant limits, and dumps that stay exact
# while the cache grows under them.
#
# Topology: tenant_net.sh (G with zgc0; H1, H2, H3 instances of VNI 100).

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=tenant_net.sh
. "$(dirname "$0")/tenant_net.sh"

# flows [vni N]: how many flows zgc0's cache holds.
flows()
{
	zc -j flow show zgc0 "$@" | jq length
}

# flows_become N SECONDS [vni N]: wait until the cache holds N flows.
flows_become()
{
	local n=$1 i

	for ((i = 0; i < $2 * 5; i++)); do
		[ "$(flows "${@:3}")" -eq "$n" ] && return 0
		sleep 0.2
	done
	echo "flows: $(flows "${@:3}"), expected $n after $2 s"
	return 1
}

# udp_ports NS ADDR FIRST COUNT: one datagram to each of COUNT ports of
# ADDR from one socket: COUNT new flows.
udp_ports()
{
	ip netns exec "$1" python3 -c "
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for p in range($3, $3 + $4):
    s.sendto(b'zgc', ('$2', p))"
}

# One miss per direction of a new flow, hits after; what the cache shows.
hit_and_miss()
{
	local G H1 H2 H3 j

	topology geneve
	zgc_eq "empty" "$(flows)" 0
	ip netns exec "$H1" ping -c 5 -i 0.2 -W 2 10.1.0.12 >/dev/null
	zgc_eq "misses" "$(zgc_stat "$G" zgc0 flow_miss)" 2
	zgc_eq "hits" "$(zgc_stat "$G" zgc0 flow_hit)" 8
	j=$(zc -j flow show zgc0)
	zgc_eq "request and reply" \
		"$(jq -c '[.[] | [.vni, .proto, .src, .dst, .action, .host, .routed]]' <<<"$j")" \
		'[[100,"icmp","10.1.0.11","10.1.0.12","forward","192.0.3.12",false],[100,"icmp","10.1.0.12","10.1.0.11","forward","192.0.2.11",false]]'
	zgc_eq "H2's MAC" "$(jq -r '.[0].mac' <<<"$j")" \
		"$(ip -n "$H2" -j link show tun0 | jq -r '.[0].address')"
	zgc_match "plain" "$(zc flow show zgc0 | head -n 1)" \
		"^vni 100 proto icmp src 10.1.0.11 sport 0 dst 10.1.0.12 dport 0 action forward host 192.0.3.12 mac [0-9a-f:]+ state live idle_ms [0-9]+$"
	zgc_eq "flows in show" "$(zc -j show zgc0 | jq '.[0].flows')" 2
	# IPv6 flows, routed: one miss per direction too.
	ip netns exec "$H1" ping -c 3 -i 0.2 -W 2 fd00:2::13 >/dev/null
	zgc_eq "IPv6 misses" "$(zgc_stat "$G" zgc0 flow_miss)" 4
	zgc_eq "IPv6 flows" \
		"$(zc -j flow show zgc0 | jq -c '[.[] | select(.src | contains(":")) | [.proto, .src, .dst, .host, .routed]]')" \
		'[["icmpv6","fd00:1::11","fd00:2::13","192.0.4.13",true],["icmpv6","fd00:2::13","fd00:1::11","192.0.2.11",true]]'
}

# TCP flows are keyed by ports; routed ones say so; FIN ends them soon.
tcp_flows_close()
{
	local G H1 H2 H3 j

	topology geneve
	tcp_transfer "$H1" "$H3" 10.2.0.13
	ip netns exec "$H1" ping -c 1 -W 2 10.1.0.12 >/dev/null
	j=$(zc -j flow show zgc0)
	zgc_eq "tcp flows" \
		"$(jq -c '[.[] | select(.proto == "tcp") | [.src, .dst, .sport == 5001 or .dport == 5001, .routed, .state]]' <<<"$j")" \
		'[["10.1.0.11","10.2.0.13",true,true,"closing"],["10.2.0.13","10.1.0.11",true,true,"closing"]]'
	# Closed: gone after ZGC_FLOW_CLOSE_TIMEOUT (10 s); the ping's stay.
	flows_become 2 16
	zgc_eq "left" "$(zc -j flow show zgc0 | jq -c '[.[].proto] | unique')" '["icmp"]'
}

# gc_runs SECONDS: how many times a flow cache's GC ran, on any device,
# over SECONDS (tracepoint workqueue:workqueue_execute_start).
gc_runs()
{
	local t=/sys/kernel/tracing

	[ -e "$t/trace" ] || mount -t tracefs nodev "$t"
	echo >"$t/trace"
	echo 1 >"$t/events/workqueue/workqueue_execute_start/enable"
	sleep "$1"
	echo 0 >"$t/events/workqueue/workqueue_execute_start/enable"
	grep -c 'zgc_flow_gc' "$t/trace" || true
}

# Idle flows age out after flow_timeout. A device with no flow left runs
# no GC (one ran twice a second on every device, even idle).
aging()
{
	local G H1 H2 H3

	topology geneve
	ip netns exec "$H1" ping -c 1 -W 2 10.2.0.13 >/dev/null
	zgc_eq "cached" "$(flows)" 2
	# The timeout applies to the flows cached already. (Set before the
	# echo, a second could pass on a slow guest before they are counted.)
	zc set zgc0 flow_timeout 1
	zgc_eq "timeout shown" "$(zc -j show zgc0 | jq '.[0].flow_timeout')" 1
	flows_become 0 5
	zgc_eq "expired" "$(zgc_stat "$G" zgc0 flow_expired)" 2
	# Their memory is freed within two GC runs; then the GC stops.
	sleep 3
	zgc_eq "GC runs of an idle device" "$(gc_runs 3)" 0
	# And the flow works again, from a miss, and the GC runs again.
	ip netns exec "$H1" ping -c 1 -W 2 10.2.0.13 >/dev/null
	zgc_eq "misses" "$(zgc_stat "$G" zgc0 flow_miss)" 4
	zgc_eq "the GC runs with flows" "$(($(gc_runs 3) > 0))" 1
}

# A changed endpoint changes the verdict of its cached flows at once.
endpoint_change()
{
	local G H1 H2 H3 mac misses

	topology geneve
	mac=$(ip -n "$H2" -j link show tun0 | jq -r '.[0].address')
	ip netns exec "$H1" ping -c 2 -i 0.2 -W 2 10.1.0.12 >/dev/null
	# H2 ignores frames for a MAC that is not its own.
	zc endpoint del zgc0 vni 100 ip 10.1.0.12
	zc endpoint add zgc0 vni 100 ip 10.1.0.12 mac 02:00:00:00:99:99 host 192.0.3.12
	misses=$(zgc_stat "$G" zgc0 flow_miss)
	zgc_fails ip netns exec "$H1" ping -c 1 -W 1 10.1.0.12 >/dev/null
	[ "$(zgc_stat "$G" zgc0 flow_miss)" -gt "$misses" ]
	zgc_eq "new verdict" \
		"$(zc -j flow show zgc0 | jq -r '.[] | select(.dst == "10.1.0.12") | .mac')" \
		02:00:00:00:99:99
	zc endpoint del zgc0 vni 100 ip 10.1.0.12
	zgc_fails ip netns exec "$H1" ping -c 1 -W 1 10.1.0.12 >/dev/null
	zgc_eq "a gone endpoint's flow" \
		"$(zc -j flow show zgc0 | jq -r '[.[] | select(.dst == "10.1.0.12") | .action] | join(",")')" \
		unreachable
	zc endpoint add zgc0 vni 100 ip 10.1.0.12 mac "$mac" host 192.0.3.12
	ip netns exec "$H1" ping -c 1 -W 2 10.1.0.12 >/dev/null
}

# Two tenants with the same addresses; flush by VNI, then all.
flush_by_vni()
{
	local G H1 H2 H3 H4 H5

	topology geneve
	zc subnet add zgc0 vni 200 gw 10.1.0.1/24 mac 02:00:00:00:20:00
	host H4 geneve 4 10.1.0.11/24 10.1.0.1 200
	host H5 geneve 5 10.1.0.12/24 10.1.0.1 200
	ip netns exec "$H1" ping -c 1 -W 2 10.1.0.12 >/dev/null
	ip netns exec "$H4" ping -c 1 -W 2 10.1.0.12 >/dev/null
	zgc_eq "VNI 200's go to H5" \
		"$(zc -j flow show zgc0 vni 200 | jq -c '[.[].host]')" \
		'["192.0.6.15","192.0.5.14"]'
	zc flow flush zgc0 vni 200
	zgc_eq "VNI 100 kept" "$(flows vni 100)" 2
	zgc_eq "VNI 200 gone" "$(flows vni 200)" 0
	zc flow flush zgc0
	zgc_eq "all gone" "$(flows)" 0
}

# A flush removes every flow it selects at once, thousands of them (it
# pauses every 1024 flows, and goes on from where it paused).
flush_many()
{
	local G H1 H2 H3 n

	topology geneve
	udp_ports "$H1" 10.2.0.13 10000 6000
	n=$(flows)
	[ "$n" -ge 6000 ] || { echo "only $n flows of 6000"; return 1; }
	zc flow flush zgc0 vni 100
	zgc_eq "none listed" "$(flows)" 0
	zgc_eq "none counted" "$(zc -j show zgc0 | jq '.[0].flows')" 0
}

# flow_max bounds the cache; flow_vni_max bounds one tenant, not another.
limits()
{
	# shellcheck disable=SC2034 # topology() and host() set them
	local G H1 H2 H3 H4 H5

	topology geneve
	zc set zgc0 flow_max 3
	ip netns exec "$H1" ping -c 1 -W 2 10.1.0.12 >/dev/null
	udp_ports "$H1" 10.2.0.13 7000 10
	zgc_eq "device limit" "$(flows)" 3
	[ "$(zgc_stat "$G" zgc0 rx_flow_table_full)" -ge 9 ]
	# Established flows keep working when the cache is full.
	ip netns exec "$H1" ping -c 1 -W 2 10.1.0.12 >/dev/null

	zc flow flush zgc0
	zc set zgc0 flow_max 1000 flow_vni_max 2
	zgc_eq "limits shown" "$(zc -j show zgc0 | jq -c '.[0] | [.flow_max, .flow_vni_max]')" \
		'[1000,2]'
	zc subnet add zgc0 vni 200 gw 10.1.0.1/24 mac 02:00:00:00:20:00
	host H4 geneve 4 10.1.0.11/24 10.1.0.1 200
	host H5 geneve 5 10.1.0.12/24 10.1.0.1 200
	ip netns exec "$H1" ping -c 1 -W 2 10.1.0.12 >/dev/null
	zgc_fails ip netns exec "$H1" ping -c 1 -W 1 10.2.0.13 >/dev/null
	[ "$(zgc_stat "$G" zgc0 rx_flow_vni_limit)" -ge 1 ]
	# The other tenant is not held back by the first.
	ip netns exec "$H4" ping -c 1 -W 2 10.1.0.12 >/dev/null
	zgc_eq "per tenant" "$(flows vni 100) $(flows vni 200)" "2 2"
}

# One tenant's flood of new flows is held to the rate its tenant is set
# to, and counted, while another tenant's new flows start as usual; once
# the flood stops, the first tenant's new flows start again.
flow_rate()
{
	# shellcheck disable=SC2034 # topology() and host() set them
	local G H1 H2 H3 H4 H5 start secs flood n

	topology geneve
	zc subnet add zgc0 vni 200 gw 10.1.0.1/24 mac 02:00:00:00:20:00
	host H4 geneve 4 10.1.0.11/24 10.1.0.1 200
	host H5 geneve 5 10.1.0.12/24 10.1.0.1 200
	zc tenant set zgc0 vni 100 flow_rate 50
	zgc_eq "shown" "$(zc tenant show zgc0)" "vni 100 any_source off flow_rate 50 config_version 0
vni 200 any_source off flow_rate 0 config_version 0"
	start=$(date +%s)
	(
		for n in 0 1 2; do
			udp_ports "$H1" 10.2.0.13 $((30000 + n * 2000)) 2000
		done
	) &
	flood=$!
	sleep 1
	ip netns exec "$H4" ping -c 1 -W 2 10.1.0.12 >/dev/null
	wait "$flood"
	secs=$(($(date +%s) - start + 1))
	n=$(flows vni 100)
	echo "6000 new flows in ${secs} s: $n cached, $(zgc_stat "$G" zgc0 rx_flow_rate_limited) held back"
	zgc_eq "held to 50 a second" "$((n <= 50 * (secs + 1)))" 1
	zgc_eq "counted" "$(($(zgc_stat "$G" zgc0 rx_flow_rate_limited) >= 6000 - n))" 1
	zgc_eq "the other tenant's" "$(flows vni 200)" 2
	sleep 1
	ip netns exec "$H1" ping -c 1 -W 2 10.1.0.12 >/dev/null
	zc tenant set zgc0 vni 100 flow_rate 0
	zgc_eq "no limit" "$(zc -j tenant show zgc0 | jq '.[0].flow_rate')" 0
}

# slab CGROUP: the slab memory (bytes) charged to a memory cgroup.
slab()
{
	awk '$1 == "slab" { print $2 }' "$1/memory.stat"
}

# What a namespace makes zgc hold is charged to memory cgroups: the
# endpoints to the cgroup of the process that adds them, the flows its
# tenants' packets make to the cgroup of the process that created the
# device (neither was: a namespace could pin memory no cgroup saw). A
# namespace's admin cannot raise the flow limits past the defaults, and
# a user namespace's network namespace has at most 16 devices.
memory_charged()
{
	# shellcheck disable=SC2034 # topology() and host() set them
	local G H1 H2 H3 cg=/sys/fs/cgroup/zgc_flow_test s0 s1 s2 f i err max

	[ -e /sys/fs/cgroup/cgroup.controllers ] ||
		mount -t cgroup2 cgroup2 /sys/fs/cgroup
	echo +memory >/sys/fs/cgroup/cgroup.subtree_control
	mkdir "$cg"
	ZGC_CLEANUP+=("rmdir $cg" "echo \$BASHPID >/sys/fs/cgroup/cgroup.procs")
	# G's device and its configuration come from the cgroup.
	echo "$BASHPID" >"$cg/cgroup.procs"
	topology geneve
	s0=$(slab "$cg")
	f=$(mktemp)
	for ((i = 0; i < 4000; i++)); do
		printf 'endpoint add zgc0 vni 100 ip 10.1.%d.%d mac 02:00:00:00:%02x:%02x host 198.51.100.%d\n' \
			$((100 + i / 250)) $((i % 250 + 1)) $((i >> 8)) $((i & 255)) $((i % 200 + 2))
	done >"$f"
	zc subnet add zgc0 vni 100 gw 10.1.96.1/19 mac 02:00:00:00:01:01
	zc -b "$f"
	rm -f "$f"
	s1=$(slab "$cg")
	# The traffic does not: H1's 3000 new flows are charged all the same.
	echo "$BASHPID" >/sys/fs/cgroup/cgroup.procs
	udp_ports "$H1" 10.2.0.13 20000 3000
	for ((i = 0; i < 50 && $(flows) < 3000; i++)); do
		sleep 0.2
	done
	zgc_eq "flows" "$(($(flows) >= 3000))" 1
	s2=$(slab "$cg")
	echo "slab charged: $(((s1 - s0) / 1024)) kB for 4000 endpoints, $(((s2 - s1) / 1024)) kB for 3000 flows"
	# (Each is 64 to 112 bytes; the slab counts lag a little.)
	zgc_eq "endpoints charged" "$(((s1 - s0) >= 4000 * 48))" 1
	zgc_eq "flows charged" "$(((s2 - s1) >= 3000 * 48))" 1
	# (Raising the limits from a user namespace, refused, and a user
	# namespace's 17th device cannot be tried here: the guests cannot
	# make user namespaces.)
	zc set zgc0 flow_max 2000000
	# An empty device is small (its endpoint table was 128 kB from the
	# start): 15 more, made from the cgroup, take under 64 kB each (128
	# kB on the debug kernel, whose sanitizers pad every allocation: 72
	# kB each there).
	echo "$BASHPID" >"$cg/cgroup.procs"
	s0=$(cat "$cg/memory.current")
	for ((i = 1; i < 16; i++)); do
		ip -n "$G" link add "zgc$i" type zgc port $((7000 + i))
	done
	s1=$(cat "$cg/memory.current")
	echo "$BASHPID" >/sys/fs/cgroup/cgroup.procs
	echo "15 empty devices: $(((s1 - s0) / 1024)) kB"
	max=65536
	[ "${ZGC_SLOW:-1}" -gt 1 ] && max=$((2 * max))
	zgc_eq "small empty devices" "$(((s1 - s0) < 15 * max))" 1
}

# Dumps taken while thousands of flows are created (and the table grows)
# list each flow once.
dump_while_growing()
{
	local G H1 H2 H3 i j load

	topology geneve
	udp_ports "$H1" 10.2.0.13 10000 4000 &
	load=$!
	for ((i = 0; i < 15; i++)); do
		j=$(zc -j flow show zgc0)
		zgc_eq "dump $i: no flow twice" \
			"$(jq '[.[] | [.vni, .proto, .src, .dst, .sport, .dport]] | (length == (unique | length))' <<<"$j")" \
			true
	done
	wait "$load"
	[ "$(flows)" -ge 3500 ]
}

zgc_main hit_and_miss tcp_flows_close aging endpoint_change flush_by_vni \
	flush_many limits flow_rate memory_charged dump_while_growing
