#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Fuzzing, $ZGC_FUZZ_N at a time (100000 in a debug guest, whose
# sanitizers are what finds the faults; 20000 on a release kernel, where
# the messages' generation in an emulated guest costs minutes), seeded
# (ZGC_FUZZ_SEED, else the date: a failure prints its seed): mutated Geneve and VXLAN frames at
# a gateway; mutated cluster messages at an FTN, from an address of no
# node and from a node's own (spoofed), without and with a key (half of
# them then with a MAC that verifies); random Generic Netlink requests
# at the family. Then: every datagram is counted (forwarded, answered or
# dropped for a reason), traffic goes through as before, the module
# unloads (zgc_module.sh) and the guest saw no KASAN, lockdep or
# kmemleak report.

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=tenant_net.sh
. "$(dirname "$0")/tenant_net.sh"

FUZZ=$(dirname "$0")/zgc_fuzz.py
if [ "${ZGC_SLOW:-1}" -ge 10 ]; then
	N=${ZGC_FUZZ_N:-100000}
else
	N=${ZGC_FUZZ_N:-20000}
fi
SEED=${ZGC_FUZZ_SEED:-$(date +%s)}

# received NS DEV: the packets DEV took in, forwarded or answered, and
# dropped.
received()
{
	zgc_link_json "$1" "$2" | jq '.stats64.rx.packets + .stats64.rx.dropped'
}

# tunnel_count_start PORT: G counts, at the ingress of each underlay
# link (ul1..ul3), the UDP datagrams to PORT: what reaches the tunnel.
tunnel_count_start()
{
	local ul

	for ul in ul1 ul2 ul3; do
		tc -n "$G" qdisc add dev "$ul" clsact
		tc -n "$G" filter add dev "$ul" ingress protocol ip flower \
			ip_proto udp dst_port "$1" action pass
	done
}

tunnel_count()
{
	local ul n=0

	for ul in ul1 ul2 ul3; do
		n=$((n + $(tc -n "$G" -s -j filter show dev "$ul" ingress |
			jq '[.[].options.actions[0]?.stats.packets // 0] | add')))
	done
	echo "$n"
}

# counts: "DATAGRAMS COUNTED", the tunnel datagrams G took in and what
# zgc0 counted, read until one reading of each falls between two equal
# readings of the other (the hosts' own traffic goes on meanwhile).
counts()
{
	local a b c

	while :; do
		a=$(tunnel_count)
		b=$(received "$G" zgc0)
		c=$(tunnel_count)
		[ "$a" = "$c" ] && break
	done
	echo "$a $b"
}

# Mutated tenant frames from H1's host at G: each one that reaches the
# tunnel is counted by zgc0 (forwarded, answered or dropped for a
# reason), as are the hosts' own (router solicitations, MLD reports,
# ARP) that reach it meanwhile, and then traffic goes through as before.
frames_at_gateway()
{
	# shellcheck disable=SC2034 # topology() sets them
	local G H1 H2 H3 overlay port before after

	for overlay in geneve vxlan; do
		topology "$overlay"
		port=6081
		[ "$overlay" = vxlan ] && port=4789
		tunnel_count_start "$port"
		read -r -a before <<<"$(counts)"
		echo "seed $SEED: $N $overlay frames"
		ip netns exec "$H1" python3 "$FUZZ" frames 192.0.2.1 "$port" "$N" "$SEED" "$overlay" >/dev/null
		sleep 1
		read -r -a after <<<"$(counts)"
		echo "$((after[0] - before[0])) datagrams at the tunnel port, $((after[1] - before[1])) counted"
		zgc_eq "the fuzzer's frames reached the tunnel" "$((after[0] - before[0] >= N))" 1
		zgc_eq "every datagram counted" "$((after[1] - before[1]))" "$((after[0] - before[0]))"
		ip netns exec "$H1" ping -c 2 -W 2 10.2.0.13 >/dev/null
		ip netns exec "$H2" ping -c 2 -W 2 fd00:2::13 >/dev/null
		zgc_cleanup
	done
}

# Mutated cluster messages at an FTN: from an address of no node, from a
# FWD's (spoofed), then in a keyed cluster, half with a MAC that
# verifies; the cluster goes on serving.
cluster_at_ftn()
{
	# shellcheck source=dft_net.sh
	. "$(dirname "$0")/dft_net.sh"
	# shellcheck disable=SC2034 # topology() sets them
	local H1 H2 S C F1 F2 N3 N4 N5 N6 R DIR before got
	local key=000102030405060708090a0b0c0d0e0f

	topology
	tping H1 10.1.0.12 1
	ip -n "$F1" addr add 10.9.0.99/24 dev cC
	before=$(received "$N4" zgc0)
	echo "seed $SEED: $N cluster messages from a stranger, $N from F1's address"
	ip netns exec "$F1" python3 "$FUZZ" cluster 10.9.0.99 10.9.0.4 "$N" "$SEED" >/dev/null
	ip netns exec "$F1" python3 "$FUZZ" cluster 10.9.0.1 10.9.0.4 "$N" "$((SEED + 1))" >/dev/null
	sleep 1
	got=$(($(received "$N4" zgc0) - before))
	echo "$got counted (the membership's probes among them)"
	zgc_eq "every message counted" "$((got >= 2 * N))" 1
	# (Not the ICMP flow the messages are about: without a key, the
	# spoofed ones could write its verdict, as the README says.)
	tcp_transfer "$H1" "$H2" 10.1.0.12
	apply_all 2 ", \"key\": \"$key\""
	before=$(zgc_stat "$N4" zgc0 dft_rx_auth)
	# (From a stranger's address: authentic messages from F1's, their
	# numbers random, would move F1's replay window past its own.)
	ip netns exec "$F1" python3 "$FUZZ" cluster 10.9.0.99 10.9.0.4 "$N" "$((SEED + 2))" "$key" >/dev/null
	sleep 1
	echo "keyed: $(($(zgc_stat "$N4" zgc0 dft_rx_auth) - before)) refused for their MAC"
	zn F1 flow flush zgc0
	tping H1 10.1.0.12 2
	tcp_transfer "$H1" "$H2" 10.1.0.12
	zgc_eq "no node declared dead" "$(zn F1 -j cluster show zgc0 | jq '[.[0].nodes[] | select(.state == "dead")] | length')" 0
}

# Random requests at the genl family, in a namespace of its own: the
# family keeps answering, and the device it has is still whole.
random_genl()
{
	local A

	zgc_ns_new A
	ip -n "$A" link add zgc0 type zgc
	ip -n "$A" link set zgc0 up
	echo "seed $SEED: $N requests"
	ip netns exec "$A" python3 "$FUZZ" genl "$N" "$SEED" zgc0 >/dev/null
	ip -n "$A" link set zgc0 up 2>/dev/null || true
	ip netns exec "$A" "$ZGCCTL" show zgc0 >/dev/null
	ip netns exec "$A" "$ZGCCTL" subnet add zgc0 vni 4242 gw 10.42.0.1/24 mac 02:00:00:00:42:00
	zgc_match "still configurable" "$(ip netns exec "$A" "$ZGCCTL" subnet show zgc0)" \
		"vni 4242 gw 10.42.0.1/24"
}

zgc_main frames_at_gateway cluster_at_ftn random_genl
