#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Services (scaled endpoints) through one gateway: a VIP of VNI 100 whose
# backends are instances on three stock compute hosts, a client instance
# on a fourth. New flows spread over the backends by weight, each keeps
# its backend, the backends see the client's own address, and the client
# sees only the VIP.
#
#   H1 (client) 10.1.0.11 fd00:1::11  --+
#   H2 (backend b2) 10.1.0.12 fd00:1::12 --+
#   H3 (backend b3) 10.2.0.13 fd00:2::13 --+== G: zgc0
#   H4 (backend b4) 10.2.0.14 fd00:2::14 --+
#   VIP 10.1.0.100 (fd00:1::100) port 80, backends on port 8080

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=tenant_net.sh
. "$(dirname "$0")/tenant_net.sh"

SERVICE_PY=$(dirname "$0")/service.py

# services: the topology, a fourth host H4, and a backend server on
# H2, H3 and H4 (b2, b3, b4) on port 8080, both families, each logging
# the connections it accepts in $LOGS/bN.
services()
{
	local ns n addr

	topology geneve
	host H4 geneve 4 10.2.0.14/24 10.2.0.1
	host6 H4 4 fd00:2::14/64 fd00:2::1
	LOGS=$(mktemp -d)
	ZGC_CLEANUP+=("rm -rf $LOGS")
	for n in 2 3 4; do
		ns=H$n
		ns=${!ns}
		for addr in "$(ip -n "$ns" -4 -o addr show tun0 |
				awk '{ sub("/.*", "", $4); print $4 }')" \
			    "$(ip -n "$ns" -6 -o addr show tun0 scope global |
				awk '{ sub("/.*", "", $4); print $4 }')"; do
			ip netns exec "$ns" python3 "$SERVICE_PY" serve "$addr" \
				8080 "b$n" "$LOGS/b$n" >"$LOGS/ready.$n.$addr" &
			ZGC_CLEANUP+=("kill $! 2>/dev/null")
		done
	done
	for n in 2 3 4; do
		for addr in "$LOGS/ready.$n."*; do
			wait_for_line "$addr" listening
		done
	done
}

# wait_for_line FILE LINE: until FILE holds LINE (10 s, slow guests x).
wait_for_line()
{
	local i

	for ((i = 0; i < 100 * ${ZGC_SLOW:-1}; i++)); do
		grep -qx "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	echo "# no '$2' in $1" >&2
	return 1
}

# count_of OUT NAME: the number after NAME in a service.py report.
count_of()
{
	awk -v k="$1" '$1 == k { print $2 }' <<<"$2"
}

# 300 short connections to a VIP with backends of weights 1, 2 and 3:
# spread by weight (each within 45% of its share), each answered by one
# backend throughout, the backends counting the connections the client
# made from its own address, the client seeing the VIP only; the gateway
# counts each backend's flows and packets; ARP answers the VIP.
spread_by_weight()
{
	# shellcheck disable=SC2034 # topology() sets them
	local G H1 H2 H3 H4 LOGS out n want got

	services
	zc service add zgc0 vni 100 vip 10.1.0.100 port 80 proto tcp \
		backend 10.1.0.12:8080 weight 1 \
		backend 10.2.0.13:8080 weight 2 \
		backend 10.2.0.14:8080 weight 3
	out=$(ip netns exec "$H1" python3 "$SERVICE_PY" clients 10.1.0.100 80 \
		300 tun0)
	printf '# %s\n' "${out//$'\n'/$'\n'# }"
	zgc_eq "failed" "$(count_of failed "$out")" 0
	zgc_eq "answered by two backends" "$(count_of mixed "$out")" 0
	zgc_eq "the backends saw" "$(count_of peers "$out")" 10.1.0.11
	zgc_eq "the client saw" "$(count_of sources "$out")" 10.1.0.100
	for n in 2 3 4; do
		want=$((300 * (n - 1) / 6))
		got=$(count_of "b$n" "$out")
		zgc_match "b$n's share ($want)" "${got:-0}" '^[0-9]+$'
		if ((got < want * 55 / 100 || got > want * 145 / 100)); then
			echo "# b$n: $got connections, $want expected" >&2
			return 1
		fi
		zgc_eq "b$n counted them" "$(wc -l <"$LOGS/b$n")" "$got"
		zgc_eq "the gateway counted b$n's flows" \
			"$(zc -j service show zgc0 |
			   jq ".[0].backends[] | select(.addr == \"10.$(( n > 2 ? 2 : 1 )).0.1$n\") | .flows")" \
			"$got"
	done
	zgc_eq "ARP for the VIP" \
		"$(ip -n "$H1" neigh show 10.1.0.100 |
		   sed -n 's/.* lladdr \([^ ]*\).*/\1/p')" \
		02:00:00:00:01:00
	# The flow cache, while a connection is open (closed ones go 10 s
	# after their last packet): the rewrite to its backend, and back.
	ip netns exec "$H1" python3 "$SERVICE_PY" once 10.1.0.100 80 "$LOGS" \
		>"$LOGS/conn" 2>&1 &
	wait_file "$LOGS/step"
	out=$(zc flow show zgc0)
	touch "$LOGS/go"
	wait $!
	zgc_match "the flow cache's rewrites" "$out" \
		"dst 10.1.0.100 dport 80 .*dnat 10.[12].0.1[234] nat_port 8080 state live"
	zgc_match "and back" "$out" \
		"sport 8080 dst 10.1.0.11 .* snat 10.1.0.100 nat_port 80 state live"
}

# The same for IPv6, and UDP: a VIP fd00:1::100 port 53 over backends
# of weight 1 each.
ipv6_and_udp()
{
	# shellcheck disable=SC2034 # topology() sets them
	local G H1 H2 H3 H4 LOGS out n

	services
	zc service add zgc0 vni 100 vip fd00:1::100 port 80 proto tcp \
		backend '[fd00:1::12]:8080' backend '[fd00:2::13]:8080' \
		backend '[fd00:2::14]:8080'
	zc service add zgc0 vni 100 vip 10.1.0.100 port 53 proto udp \
		backend 10.1.0.12:8080 backend 10.2.0.13:8080 \
		backend 10.2.0.14:8080
	out=$(ip netns exec "$H1" python3 "$SERVICE_PY" clients fd00:1::100 80 \
		30 tun0)
	printf '# %s\n' "${out//$'\n'/$'\n'# }"
	zgc_eq "failed" "$(count_of failed "$out")" 0
	zgc_eq "answered by two backends" "$(count_of mixed "$out")" 0
	zgc_eq "the backends saw" "$(count_of peers "$out")" fd00:1::11
	zgc_eq "the client saw" "$(count_of sources "$out")" fd00:1::100
	for n in 2 3 4; do
		zgc_match "b$n served" "$(count_of "b$n" "$out")" '^[0-9]+$'
	done
	out=$(ip netns exec "$H1" python3 "$SERVICE_PY" udp 10.1.0.100 53 \
		30 tun0)
	printf '# %s\n' "${out//$'\n'/$'\n'# }"
	zgc_eq "udp failed" "$(count_of failed "$out")" 0
	zgc_eq "udp: the client saw" "$(count_of sources "$out")" 10.1.0.100
	zgc_eq "udp: the backends saw" "$(count_of peers "$out")" 10.1.0.11
}

# A flow keeps its backend while the service changes: a connection
# stays up when a backend is added, and when another one is declared
# down; a backend declared down gets no new flow, and one of its own
# flows moves (the backend it moves to resets it).
keeps_backend()
{
	# shellcheck disable=SC2034 # topology() sets them
	local G H1 H2 H3 H4 LOGS out was b2 b4

	services
	zc service add zgc0 vni 100 vip 10.1.0.100 port 80 proto tcp \
		backend 10.1.0.12:8080
	ip netns exec "$H1" python3 -c "
import socket, sys, time
c = socket.create_connection(('10.1.0.100', 80), timeout=10)
f = c.makefile('rb')
def line():
    c.sendall(b'x\n')
    return f.readline().decode().split()[0]
first = line()
open('$LOGS/step1', 'w').close()
while not __import__('os').path.exists('$LOGS/go1'):
    time.sleep(0.1)
second = line()
open('$LOGS/step2', 'w').close()
while not __import__('os').path.exists('$LOGS/go2'):
    time.sleep(0.1)
third = line()
print(first, second, third)
" >"$LOGS/conn" 2>&1 &
	wait_file "$LOGS/step1"
	# b3 and b4 join: the connection stays with b2.
	zc service set zgc0 vni 100 vip 10.1.0.100 port 80 proto tcp \
		backend 10.1.0.12:8080 backend 10.2.0.13:8080 \
		backend 10.2.0.14:8080
	touch "$LOGS/go1"
	wait_file "$LOGS/step2"
	# b3 is declared down: b2's connection stays.
	zc service set zgc0 vni 100 vip 10.1.0.100 port 80 proto tcp \
		backend 10.1.0.12:8080 backend 10.2.0.13:8080 down \
		backend 10.2.0.14:8080
	touch "$LOGS/go2"
	wait $!
	zgc_eq "one connection, one backend" "$(cat "$LOGS/conn")" "b2 b2 b2"
	out=$(ip netns exec "$H1" python3 "$SERVICE_PY" clients 10.1.0.100 80 \
		40 tun0)
	zgc_eq "none to the backend down" "$(count_of b3 "$out")" ""
	zgc_eq "failed" "$(count_of failed "$out")" 0
	# b2 down: its connection moves, and is reset by the new backend.
	mkdir "$LOGS/3"
	ip netns exec "$H1" python3 "$SERVICE_PY" once 10.1.0.100 80 "$LOGS/3" \
		>"$LOGS/conn3" 2>&1 &
	wait_file "$LOGS/3/step"
	was=$(head -1 "$LOGS/conn3")
	b2=(backend 10.1.0.12:8080)
	b4=(backend 10.2.0.14:8080)
	if [ "$was" = b2 ]; then
		b2+=(down)
	else
		b4+=(down)
	fi
	zc service set zgc0 vni 100 vip 10.1.0.100 port 80 proto tcp \
		"${b2[@]}" backend 10.2.0.13:8080 down "${b4[@]}"
	touch "$LOGS/3/go"
	wait $!
	zgc_eq "the moved connection" "$(tail -1 "$LOGS/conn3")" reset
	zgc_eq "counted" "$(zgc_stat "$G" zgc0 rx_no_backend)" 0
}

# wait_file FILE: until it exists (10 s, slow guests x).
wait_file()
{
	local i

	for ((i = 0; i < 100 * ${ZGC_SLOW:-1}; i++)); do
		[ -e "$1" ] && return 0
		sleep 0.1
	done
	echo "# no $1" >&2
	return 1
}

# Every backend down: new flows get no verdict, counted.
no_backend()
{
	# shellcheck disable=SC2034 # topology() sets them
	local G H1 H2 H3 H4 LOGS out

	services
	zc service add zgc0 vni 100 vip 10.1.0.100 port 80 proto tcp \
		backend 10.1.0.12:8080 down
	out=$(ip netns exec "$H1" python3 "$SERVICE_PY" clients 10.1.0.100 80 \
		1 tun0)
	zgc_eq "failed" "$(count_of failed "$out")" 1
	zgc_match "counted" "$(zgc_stat "$G" zgc0 rx_no_backend)" '^[1-9]'
	zgc_match "a VIP cannot be an endpoint" \
		"$(zgc_err_of zc endpoint add zgc0 vni 100 ip 10.1.0.100 \
			mac 02:00:00:00:00:99 host 192.0.2.11)" "VIP"
	zgc_match "a backend must be an endpoint" \
		"$(zgc_err_of zc service set zgc0 vni 100 vip 10.1.0.100 port 80 \
			proto tcp backend 10.1.0.99)" "endpoint"
	zc service del zgc0 vni 100 vip 10.1.0.100 port 80 proto tcp
	zgc_eq "deleted" "$(zc service show zgc0)" ""
}

# A backend on a compute host declared down is not up: its connection
# moves (and is reset by the backend it moves to), new connections go to
# the others; up again, it takes new connections again.
backend_host_down()
{
	# shellcheck disable=SC2034 # topology() sets them
	local G H1 H2 H3 H4 LOGS out was host

	services
	zc service add zgc0 vni 100 vip 10.1.0.100 port 80 proto tcp \
		backend 10.1.0.12:8080 backend 10.2.0.13:8080
	ip netns exec "$H1" python3 "$SERVICE_PY" once 10.1.0.100 80 "$LOGS" \
		>"$LOGS/conn" 2>&1 &
	wait_file "$LOGS/step"
	was=$(head -n 1 "$LOGS/conn")
	host=192.0.3.12
	[ "$was" = b3 ] && host=192.0.4.13
	zc host down zgc0 "$host"
	touch "$LOGS/go"
	wait $!
	zgc_eq "the connection on the host down" "$(tail -n 1 "$LOGS/conn")" reset
	out=$(ip netns exec "$H1" python3 "$SERVICE_PY" clients 10.1.0.100 80 \
		20 tun0)
	zgc_eq "new connections to the host down" "$(count_of "$was" "$out")" ""
	zgc_eq "failed" "$(count_of failed "$out")" 0
	zc host up zgc0 "$host"
	out=$(ip netns exec "$H1" python3 "$SERVICE_PY" clients 10.1.0.100 80 \
		40 tun0)
	zgc_match "up again" "$(count_of "$was" "$out")" '^[1-9]'
}

zgc_main spread_by_weight ipv6_and_udp keeps_backend no_backend \
	backend_host_down
