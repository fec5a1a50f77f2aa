#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Services (scaled endpoints) against plain flows through a Zeta cluster,
# with the stock kernel's IPVS as the outside reference, all in one guest
# and one run (run by bench/run.sh inside a QEMU guest; not a test).
#
#   h1: tun0 10.1.0.11 (pktgen) -- ul1 ==+                  +== N3 (FTN)
#   h2: tun0 10.2.0.12 (backend) - ul2 ==+== F (FWD) == C ==+== N4 (FTN)
#   h3: tun0 10.2.0.13 (backend) - ul3 ==+
#
# h1, h2 and h3 are stock Geneve hosts in VNI 100; F is the FWD they
# tunnel to; one chain N3 -> N4 holds every flow. The service: UDP, VIP
# 10.2.0.100 port 53, backends 10.2.0.12:53 and 10.2.0.13:53. pktgen on
# h1 sends 64-byte UDP packets, each round from source ports no round
# used before, so that every packet of a "new" run is a new flow:
#   plain new:      to 10.2.0.12: F misses, the tail decides the flow and
#                   its reverse, the head writes both down the chain, the
#                   packet comes back to F and goes on to h2;
#   plain cached:   the same packets again, from F's cache;
#   service new:    to the VIP: the same, the tail also picking a backend
#                   (weighted Maglev), the verdict a DNAT and its
#                   reverse's an SNAT (the DFT's NAT option on the wire);
#   service cached: the same again, F rewriting them from its cache.
# And IPVS in the same guest, one director namespace in NAT mode with the
# Maglev scheduler (mh), as the same service served by the stock kernel:
#   i1 (pktgen) -- v1 == iv (IPVS) == v2 -- i2 10.3.2.12 (backend)
#                                  == v3 -- i3 10.3.3.13 (backend)
#   ipvs routed:    to 10.3.2.12, plain IP forwarding through iv;
#   ipvs new:       to the VIP 10.3.9.100:53, each packet a new IPVS
#                   connection;
#   ipvs cached:    the same again, IPVS's connections found.
# Everything runs on one CPU: pktgen's xmit runs the whole path, every
# node's part of it, in softirq, so pktgen's rate is the whole path's and
# the ratios compare the paths' costs (no wire: the time is all
# processing). Each run is checked: new flows answered by the DFT (or new
# IPVS connections) one per packet, cached runs without a miss, every
# packet delivered to a backend. Rounds alternate; medians are reported.
# UDP because pktgen sends nothing else: a new flow's first packet is what
# a TCP SYN costs the cluster (the SYN-ACK's flow is the reverse, decided
# with it).
#
#   bench/service.sh [ROUNDS] [FLOWS]   default 5 rounds of 10000 flows
set -euo pipefail

ROUNDS=${1:-5}
FLOWS=${2:-10000}
VIP=10.2.0.100
IPVS_VIP=10.3.9.100
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
trap cleanup EXIT

die()
{
	echo "service.sh: $*" >&2
	if ip netns list | grep -q "^f\b"; then
		zn f stats zgc0 >&2
		zn f service show zgc0 >&2
	fi
	if ip netns list | grep -q "^iv\b"; then
		ip netns exec iv ipvsadm -L -n --stats --exact >&2
		ip -n iv -s link >&2
	fi
	exit 1
}

[ $((ROUNDS * FLOWS)) -le 60000 ] ||
	die "ROUNDS x FLOWS must stay within 60000 source ports"

# node N: zgc0 of node N in its namespace, on C at 10.9.0.N, with the
# tenant's subnets, endpoints and the service.
node()
{
	bench_node "$1" <<-END
		set zgc0 flow_timeout 3600
		subnet add zgc0 vni 100 gw 10.1.0.1/24 mac 02:00:00:00:01:00
		subnet add zgc0 vni 100 gw 10.2.0.1/24 mac 02:00:00:00:02:00
		endpoint add zgc0 vni 100 ip 10.1.0.11 mac $(mac_of h1 tun0) host 192.0.2.11
		endpoint add zgc0 vni 100 ip 10.2.0.12 mac $(mac_of h2 tun0) host 192.0.3.12
		endpoint add zgc0 vni 100 ip 10.2.0.13 mac $(mac_of h3 tun0) host 192.0.4.13
		service add zgc0 vni 100 vip $VIP port 53 proto udp backend 10.2.0.12:53 backend 10.2.0.13:53
	END
}

topology()
{
	local n doc

	ns_new f
	ns_new c
	ip -n c link add br0 mtu 9000 type bridge
	ip -n c link set br0 up
	bench_host f 1 10.1.0.11
	bench_host f 2 10.2.0.12
	bench_host f 3 10.2.0.13
	for n in 3 4 1; do
		node "$n"
	done
	doc='{"cluster": 9, "epoch": 1, "insecure": true,
	 "nodes": [{"id": 1, "addr": "10.9.0.1", "roles": ["fwd"]},
		{"id": 3, "addr": "10.9.0.3", "roles": ["ftn"]},
		{"id": 4, "addr": "10.9.0.4", "roles": ["ftn"]}],
	 "chains": [{"id": 1, "nodes": [3, 4]}]}'
	for n in 3 4 1; do
		zn "$(node_ns "$n")" cluster apply zgc0 - self "$n" <<<"$doc"
	done
	ip -n h1 neigh replace 10.1.0.1 lladdr 02:00:00:00:01:00 dev tun0 nud permanent
	for n in 2 3; do
		ip -n "h$n" neigh replace 10.2.0.1 lladdr 02:00:00:00:02:00 dev tun0 nud permanent
	done
	ip netns exec h1 ping -c 1 -W 5 10.2.0.12 >/dev/null || die "no path through the cluster"
	ip netns exec h1 ping -c 1 -W 5 10.2.0.13 >/dev/null || die "no path to h3"
	# The backends answer nothing (no ICMP port unreachable): only
	# pktgen's flows cross the cluster.
	for n in 2 3; do
		ip -n "h$n" route add blackhole 10.1.0.11/32
	done
}

# veth NS1 IF1 ADDR1 NS2 IF2 ADDR2: a veth between two namespaces.
veth()
{
	ip link add "$2" netns "$1" type veth peer name "$5" netns "$4"
	ip -n "$1" addr add "$3" dev "$2"
	ip -n "$4" addr add "$6" dev "$5"
	ip -n "$1" link set "$2" up
	ip -n "$4" link set "$5" up
}

ipvs_topology()
{
	local n

	modprobe ip_vs
	modprobe ip_vs_mh
	for n in i1 iv i2 i3; do
		ns_new "$n"
		ip netns exec "$n" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
			net.ipv6.conf.default.disable_ipv6=1
	done
	veth i1 v1 10.3.1.11/24 iv v1 10.3.1.1/24
	veth iv v2 10.3.2.1/24 i2 v2 10.3.2.12/24
	veth iv v3 10.3.3.1/24 i3 v3 10.3.3.13/24
	ip -n i1 route add default via 10.3.1.1
	ip -n i1 neigh replace 10.3.1.1 lladdr "$(mac_of iv v1)" dev v1 nud permanent
	ip -n i2 route add default via 10.3.2.1
	ip -n i3 route add default via 10.3.3.1
	ip netns exec iv sysctl -qw net.ipv4.ip_forward=1
	ip -n iv addr add "$IPVS_VIP/32" dev lo
	# Maglev hashing of the source address and port: per flow, as zgc.
	ip netns exec iv ipvsadm -A -u "$IPVS_VIP:53" -s mh -b mh-port
	ip netns exec iv ipvsadm -a -u "$IPVS_VIP:53" -r 10.3.2.12:53 -m
	ip netns exec iv ipvsadm -a -u "$IPVS_VIP:53" -r 10.3.3.13:53 -m
	ip netns exec i1 ping -c 1 -W 5 10.3.2.12 >/dev/null || die "no path through iv"
	ip netns exec i1 ping -c 1 -W 5 10.3.3.13 >/dev/null || die "no path to i3"
	# As h2 and h3: the backends answer nothing.
	ip -n i2 route add blackhole 10.3.1.11/32
	ip -n i3 route add blackhole 10.3.1.11/32
}

# pg_i1 FILE LINE: a pktgen command in i1.
pg_i1()
{
	ip netns exec i1 sh -c "echo '$2' > /proc/net/pktgen/$1"
}

# pktgen_i1 DST DPORT SPORT: FLOWS 64-byte UDP packets from i1 to DST,
# DPORT, source ports SPORT.. counting up; prints pktgen's pps.
pktgen_i1()
{
	pg_i1 kpktgend_0 rem_device_all
	pg_i1 kpktgend_0 "add_device v1"
	pg_i1 v1 "count $FLOWS"
	pg_i1 v1 "pkt_size 64"
	pg_i1 v1 "delay 0"
	pg_i1 v1 "clone_skb 0"
	pg_i1 v1 "dst $1"
	pg_i1 v1 "dst_mac $(mac_of iv v1)"
	pg_i1 v1 "udp_src_min $3"
	pg_i1 v1 "udp_src_max $(($3 + FLOWS))"
	pg_i1 v1 "udp_dst_min $2"
	pg_i1 v1 "udp_dst_max $(($2 + 1))"
	pg_i1 pgctrl start
	ip netns exec i1 sed -n 's/.* \([0-9]*\)pps .*/\1/p' /proc/net/pktgen/v1
}

# rx_of NS DEV: the packets DEV in NS received.
rx_of()
{
	ip -n "$1" -j -s link show "$2" | jq '.[0].stats64.rx.packets'
}

delivered()
{
	echo $(($(rx_of h2 tun0) + $(rx_of h3 tun0)))
}

ipvs_delivered()
{
	echo $(($(rx_of i2 v2) + $(rx_of i3 v3)))
}

# ipvs_conns: the connections IPVS holds (its counters are summed later,
# by its estimator; the table is exact).
ipvs_conns()
{
	# shellcheck disable=SC2016 # awk's own
	ip netns exec iv awk 'NR > 1 && $1 == "UDP" { n++ } END { print n + 0 }' \
		/proc/net/ip_vs_conn
}

# zgc_new DST DPORT SPORT: FLOWS new flows through the chain; prints
# their pps. Each must have been answered by the chain and delivered.
zgc_new()
{
	local rep0 rx0 pps

	rep0=$(stat_of f dft_reply)
	rx0=$(delivered)
	pps=$(PKTGEN_DST=$1 pktgen_udp "$FLOWS" "$3" $(($3 + FLOWS - 1)) "$2" "$2")
	[ $(($(stat_of f dft_reply) - rep0)) -eq "$FLOWS" ] ||
		die "$(($(stat_of f dft_reply) - rep0)) of $FLOWS new flows to $1 answered"
	[ $(($(delivered) - rx0)) -ge "$FLOWS" ] ||
		die "$(($(delivered) - rx0)) of $FLOWS new flows' packets to $1 delivered"
	echo "$pps"
}

# zgc_hit DST DPORT SPORT: the same packets again, from F's cache.
zgc_hit()
{
	local miss0 rx0 pps

	miss0=$(stat_of f flow_miss)
	rx0=$(delivered)
	pps=$(PKTGEN_DST=$1 pktgen_udp "$FLOWS" "$3" $(($3 + FLOWS - 1)) "$2" "$2")
	[ "$(stat_of f flow_miss)" -eq "$miss0" ] ||
		die "$(($(stat_of f flow_miss) - miss0)) misses in a cached run to $1"
	[ $(($(delivered) - rx0)) -ge "$FLOWS" ] ||
		die "$(($(delivered) - rx0)) of $FLOWS cached packets to $1 delivered"
	echo "$pps"
}

# ipvs_run DST DPORT SPORT NEW: FLOWS packets through iv; NEW of them
# new IPVS connections (0 or FLOWS, for the VIP; none counted for a
# plain destination); prints their pps. (IPVS loses a packet of a
# thousand now and then: 1% is let go.)
ipvs_run()
{
	local c0 rx0 pps c

	c0=$(ipvs_conns)
	rx0=$(ipvs_delivered)
	pps=$(pktgen_i1 "$1" "$2" "$3")
	c=$(($(ipvs_conns) - c0))
	if [ "$c" -gt "$4" ] || [ "$c" -lt $(($4 * 99 / 100)) ]; then
		die "IPVS made $c connections, not $4"
	fi
	[ $(($(ipvs_delivered) - rx0)) -ge $((FLOWS * 99 / 100)) ] ||
		die "$(($(ipvs_delivered) - rx0)) of $FLOWS packets through IPVS delivered"
	echo "$pps"
}

modprobe pktgen
topology
ipvs_topology
pn=() ph=() sn=() sh=() ir=() in=() ih=()
for ((r = 1; r <= ROUNDS; r++)); do
	sport=$((1 + (r - 1) * FLOWS))
	pn+=("$(zgc_new 10.2.0.12 $((2000 + r)) "$sport")")
	ph+=("$(zgc_hit 10.2.0.12 $((2000 + r)) "$sport")")
	sn+=("$(zgc_new "$VIP" 53 "$sport")")
	sh+=("$(zgc_hit "$VIP" 53 "$sport")")
	ir+=("$(ipvs_run 10.3.2.12 $((2000 + r)) "$sport" 0)")
	in+=("$(ipvs_run "$IPVS_VIP" 53 "$sport" "$FLOWS")")
	ih+=("$(ipvs_run "$IPVS_VIP" 53 "$sport" 0)")
	echo "round $r pps: zgc plain new ${pn[-1]} cached ${ph[-1]}," \
		"service new ${sn[-1]} cached ${sh[-1]};" \
		"ipvs routed ${ir[-1]} new ${in[-1]} cached ${ih[-1]}"
done
PN=$(median "${pn[@]}")
PH=$(median "${ph[@]}")
SN=$(median "${sn[@]}")
SH=$(median "${sh[@]}")
IR=$(median "${ir[@]}")
IN=$(median "${in[@]}")
IH=$(median "${ih[@]}")

echo
echo "the service's backends on the tail (N4), after all rounds:"
zn n4 service show zgc0 | sed 's/^/  /'
echo
echo "kernel $(uname -r), $(nproc) CPUs (QEMU TCG), $ROUNDS rounds of $FLOWS flows, median pps"
echo "zgc, plain flows:   new $PN flows/s, cached $PH pps"
echo "zgc, service flows: new $SN flows/s, cached $SH pps"
echo "IPVS (one namespace): routed $IR pps, new $IN conns/s, cached $IH pps"
awk -v pn="$PN" -v ph="$PH" -v sn="$SN" -v sh="$SH" -v ir="$IR" -v in_="$IN" -v ih="$IH" 'BEGIN {
	printf "ratio service/plain, new flows:     %.3f\n", sn / pn
	printf "ratio service/plain, cached:        %.3f\n", sh / ph
	printf "ratio IPVS new/routed:              %.3f\n", in_ / ir
	printf "ratio IPVS cached/routed:           %.3f\n", ih / ir
	printf "ratio zgc service/IPVS, new:        %.3f\n", sn / in_
	printf "ratio zgc service/IPVS, cached:     %.3f\n", sh / ih
	printf "time a packet, per this guest:      %.1f us service new, %.1f us service cached, %.1f us IPVS new\n", 1e6 / sn, 1e6 / sh, 1e6 / in_
}'
