# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# What the benchmarks share, sourced by them: namespaces, stock Geneve
# hosts, pktgen and medians. Runs inside the guest (bench/run.sh).

ZGC_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ZGCCTL=${ZGCCTL:-$ZGC_TOP/tools/zgcctl/zgcctl}
export IP_LIB_DIR=${IP_LIB_DIR:-$ZGC_TOP/tools/iproute2}
NS=()

# cleanup: every namespace ns_new made goes.
cleanup()
{
	local ns

	for ns in "${NS[@]}"; do
		ip netns del "$ns" 2>/dev/null || true
	done
	NS=()
}

ns_new()
{
	ip netns add "$1"
	ip -n "$1" link set lo up
	NS+=("$1")
}

mac_of()
{
	ip -n "$1" -j link show "$2" | jq -r '.[0].address'
}

# bench_host GW N ADDR: compute host hN joined to namespace GW by ulN
# (192.0.N+1.1 on GW's side), tun0 in VNI 100 to GW with instance address
# ADDR/24, its gateway .1 of that subnet.
bench_host()
{
	local gw=$1 n=$2 addr=$3 net=192.0.$(($2 + 1))

	ns_new "h$n"
	# No IPv6 neighbour or router solicitations in the way.
	ip netns exec "h$n" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1
	ip link add "ul$n" netns "$gw" type veth peer name "ul$n" netns "h$n"
	ip -n "$gw" addr add "$net.1/24" dev "ul$n"
	ip -n "h$n" addr add "$net.1$n/24" dev "ul$n"
	ip -n "$gw" link set "ul$n" up
	ip -n "h$n" link set "ul$n" up
	ip -n "h$n" link add tun0 type geneve id 100 remote "$net.1" dstport 6081
	ip -n "h$n" addr add "$addr/24" dev tun0
	ip -n "h$n" link set tun0 up
	ip -n "h$n" route add default via "${addr%.*}.1"
}

# zn NS ARGS...: zgcctl in namespace NS.
zn()
{
	local ns=$1

	shift
	ip netns exec "$ns" "$ZGCCTL" "$@"
}

# stat_of NS COUNTER: a counter of NS's zgc0.
stat_of()
{
	zn "$1" -j stats zgc0 | jq ".[0].$2"
}

# node_ns N: the namespace of cluster node N (bench_node()).
node_ns()
{
	if [ "$1" = 1 ]; then echo f; else echo "n$1"; fi
}

# bench_node N: zgc0 of cluster node N (in namespace f for N = 1, the
# FWD the hosts tunnel to; else in a new namespace nN), on the bridge br0
# of namespace c at 10.9.0.N (jumbo frames), up, configured by the
# zgcctl batch on stdin.
bench_node()
{
	local ns=f

	if [ "$1" != 1 ]; then
		ns=n$1
		ns_new "$ns"
	fi
	ip link add "c$1" netns c mtu 9000 type veth peer name c0 netns "$ns" mtu 9000
	ip -n c link set "c$1" master br0 up
	ip -n "$ns" addr add "10.9.0.$1/24" dev c0
	ip -n "$ns" link set c0 up
	ip -n "$ns" link add zgc0 type zgc
	ip -n "$ns" link set zgc0 up
	ip netns exec "$ns" "$ZGCCTL" -b -
}

# pg FILE LINE: a pktgen command, from h1.
pg()
{
	ip netns exec h1 sh -c "echo '$2' > /proc/net/pktgen/$1"
}

# pktgen_udp COUNT SRC_MIN SRC_MAX DST_MIN DST_MAX: COUNT 64-byte UDP
# packets from h1's tun0 to 10.2.0.12 (or $PKTGEN_DST), through the
# gateway h1 knows for
# 10.1.0.1, source and destination ports counting up from their minima
# and starting over after their maxima; prints pktgen's packets per
# second. (pktgen's own maxima are exclusive. Where in a port cycle it
# starts depends on what it sent before: N packets over a cycle of N
# ports are N flows whatever the start.)
pktgen_udp()
{
	pg kpktgend_0 rem_device_all
	pg kpktgend_0 "add_device tun0"
	pg tun0 "count $1"
	pg tun0 "pkt_size 64"
	pg tun0 "delay 0"
	pg tun0 "clone_skb 0"
	pg tun0 "dst ${PKTGEN_DST:-10.2.0.12}"
	pg tun0 "dst_mac $(ip -n h1 -j neigh show 10.1.0.1 | jq -r '.[0].lladdr')"
	pg tun0 "udp_src_min $2"
	pg tun0 "udp_src_max $(($3 + 1))"
	pg tun0 "udp_dst_min $4"
	pg tun0 "udp_dst_max $(($5 + 1))"
	pg pgctrl start
	ip netns exec h1 sed -n 's/.* \([0-9]*\)pps .*/\1/p' /proc/net/pktgen/tun0
}

# rx_packets: what h2's tunnel received.
rx_packets()
{
	ip -n h2 -j -s link show tun0 | jq '.[0].stats64.rx.packets'
}

# median VALUE...: the median of the values (the lower middle one of an
# even count).
median()
{
	printf '%s\n' "$@" | sort -g |
		awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}
