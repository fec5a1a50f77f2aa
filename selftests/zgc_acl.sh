#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Tenant ACLs as the instances on stock compute hosts see them: a denied
# flow goes nowhere, a rejected one gets ICMP or ICMPv6 "administratively
# prohibited" from its gateway (ping prints it, connect() fails at once),
# rules apply in priority order, and a change of the ACL applies to flows
# already cached. IPv4 and IPv6 prefixes; configured and explained by
# zgcctl.
#
# Topology: tenant_net.sh (G with zgc0; H1, H2, H3 instances of VNI 100).

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=tenant_net.sh
. "$(dirname "$0")/tenant_net.sh"

# connect_errno NS ADDR PORT: errno of a TCP connect (0 when it worked,
# "timeout" when nothing answered within 3 s).
connect_errno()
{
	ip netns exec "$1" python3 -c "
import socket
s = socket.socket(socket.AF_INET6 if ':' in '$2' else socket.AF_INET)
s.settimeout(3)
try:
    s.connect(('$2', $3))
    print(0)
except socket.timeout:
    print('timeout')
except OSError as e:
    print(e.errno)"
}

acl_config()
{
	local G j err

	zgc_ns_new G
	ip -n "$G" link add zgc0 type zgc
	zc subnet add zgc0 vni 100 gw 10.1.0.1/24 mac 02:00:00:00:01:00
	zc acl add zgc0 vni 100 prio 20 dst 10.2.0.0/24 action deny
	zc acl add zgc0 vni 100 prio 10 src 10.1.0.11 dst 10.2.0.13 proto tcp dport 22-23 action reject
	zgc_eq plain "$(zc acl show zgc0 | head -n 1)" \
		"vni 100 prio 10 src 10.1.0.11/32 dst 10.2.0.13/32 proto tcp dport 22-23 action reject"
	j=$(zc -j acl show zgc0)
	zgc_eq "by priority" "$(jq -c '[.[] | [.prio, .dst, .dport, .action]]' <<<"$j")" \
		'[[10,"10.2.0.13/32","22-23","reject"],[20,"10.2.0.0/24","0-65535","deny"]]'
	err=$(zgc_err_of zc acl add zgc0 vni 100 prio 20 action allow)
	zgc_match duplicate "$err" "already has a rule with this priority"
	err=$(zgc_err_of zc acl add zgc0 vni 999 prio 1 action allow)
	zgc_match "no tenant" "$err" "no tenant with this VNI"
	err=$(zgc_err_of zc acl add zgc0 vni 100 prio 1 dport 80 action allow)
	zgc_match "ports without TCP/UDP" "$err" "a port range needs ZGC_ACL_A_PROTO TCP or UDP"
	err=$(zgc_err_of zc acl add zgc0 vni 100 prio 1 dst 10.2.0.1/24 action allow)
	zgc_match "host bits" "$err" "address bits set past its length"
	err=$(zgc_err_of zc acl add zgc0 vni 100 prio 1 proto udp dport 90-80 action allow)
	zgc_match "reversed range" "$err" "ends before it starts"
	err=$(zgc_err_of zc acl del zgc0 vni 100 prio 30)
	zgc_match "missing" "$err" "no rule with this priority"
	# IPv6 prefixes; a rule is of one family.
	zc subnet add zgc0 vni 100 gw fd00:1::1/64 mac 02:00:00:00:01:00
	zc acl add zgc0 vni 100 prio 30 src fd00:1::/64 dst fd00:2::13 proto udp action deny
	zgc_eq "IPv6 rule" "$(zc acl show zgc0 | tail -n 1)" \
		"vni 100 prio 30 src fd00:1::/64 dst fd00:2::13/128 proto udp dport 0-65535 action deny"
	err=$(zgc_err_of zc acl add zgc0 vni 100 prio 1 src 10.1.0.0/24 dst fd00:2::/64 action deny)
	zgc_match "two families" "$err" "different families"
	err=$(zgc_err_of zc acl add zgc0 vni 100 prio 1 dst fd00:2::1/64 action allow)
	zgc_match "IPv6 host bits" "$err" "address bits set past its length"
	zc acl del zgc0 vni 100 prio 30
	zc acl del zgc0 vni 100 prio 10
	zgc_eq "after del" "$(zc -j acl show zgc0 | jq -c '[.[].prio]')" '[20]'
	# The tenant's ACL goes with its last subnet.
	zc subnet del zgc0 vni 100 gw 10.1.0.1
	zgc_eq "with a subnet left" "$(zc -j acl show zgc0 | jq length)" 1
	zc subnet del zgc0 vni 100 gw fd00:1::1
	zgc_eq "gone with the tenant" "$(zc -j acl show zgc0)" '[]'
}

# Deny drops silently; other destinations are untouched.
deny()
{
	local G H1 H2 H3

	topology geneve
	zc acl add zgc0 vni 100 prio 10 dst 10.2.0.13 proto icmp action deny
	zgc_fails ip netns exec "$H1" ping -c 1 -W 1 10.2.0.13 >/dev/null
	[ "$(zgc_stat "$G" zgc0 rx_acl_deny)" -ge 1 ]
	zgc_eq "cached drop" \
		"$(zc -j flow show zgc0 | jq -r '.[] | select(.dst == "10.2.0.13") | .action')" drop
	ip netns exec "$H1" ping -c 1 -W 2 10.1.0.12 >/dev/null
}

# Reject answers from the sender's gateway: ping shows it, TCP fails fast.
reject()
{
	local G H1 H2 H3 out

	topology geneve
	zc acl add zgc0 vni 100 prio 10 dst 10.2.0.13 proto icmp action reject
	zc acl add zgc0 vni 100 prio 11 dst 10.2.0.13 proto tcp dport 5001 action reject
	out=$(ip netns exec "$H1" ping -c 1 -W 2 10.2.0.13 || true)
	zgc_match "ping" "$out" "From 10.1.0.1 icmp_seq=1 Packet filtered"
	zgc_eq "connect" "$(connect_errno "$H1" 10.2.0.13 5001)" 113
	[ "$(zgc_stat "$G" zgc0 rx_acl_reject)" -ge 2 ]
	# Not port 5002: H3 answers it itself (RST: connection refused).
	zgc_eq "other port" "$(connect_errno "$H1" 10.2.0.13 5002)" 111
	# IPv6: ICMPv6 from the IPv6 gateway; connect() fails with EACCES.
	zc acl add zgc0 vni 100 prio 12 dst fd00:2::/64 proto icmpv6 action reject
	zc acl add zgc0 vni 100 prio 13 src fd00:1::11 dst fd00:2::13 proto tcp dport 5001 action reject
	out=$(ip netns exec "$H1" ping -c 1 -W 2 fd00:2::13 || true)
	zgc_match "ping -6" "$out" \
		"From fd00:1::1 icmp_seq=1 Destination unreachable: Administratively prohibited"
	zgc_eq "connect -6" "$(connect_errno "$H1" fd00:2::13 5001)" 13
	zgc_eq "other source" "$(connect_errno "$H2" fd00:2::13 5001)" 111
}

# The first matching rule decides; a changed ACL applies to cached flows.
order_and_change()
{
	# shellcheck disable=SC2034 # topology() and host() set them
	local G H1 H2 H3

	topology geneve
	ip netns exec "$H1" ping -c 1 -W 2 10.2.0.13 >/dev/null
	zc acl add zgc0 vni 100 prio 20 dst 10.2.0.0/24 action deny
	zgc_fails ip netns exec "$H1" ping -c 1 -W 1 10.2.0.13 >/dev/null
	zc acl add zgc0 vni 100 prio 10 dst 10.2.0.13 proto icmp action allow
	ip netns exec "$H1" ping -c 1 -W 2 10.2.0.13 >/dev/null
	zgc_eq "tcp still denied" "$(connect_errno "$H1" 10.2.0.13 5001)" timeout
	zc acl del zgc0 vni 100 prio 10
	zgc_fails ip netns exec "$H1" ping -c 1 -W 1 10.2.0.13 >/dev/null
	zc acl del zgc0 vni 100 prio 20
	ip netns exec "$H1" ping -c 1 -W 2 10.2.0.13 >/dev/null
}

# udp_big FROM TO ADDR PORT: a 3000-byte UDP datagram (fragmented by
# FROM's kernel) from FROM to ADDR:PORT, received in TO: the bytes
# received, or "timeout" when none came within 3 s of its sending. Sent
# once the receiver is bound (python starts slowly in a busy guest).
udp_big()
{
	local out ready pid i

	out=$(mktemp)
	ready=$(mktemp -u)
	ip netns exec "$2" python3 -c "
import socket
s = socket.socket(socket.AF_INET6 if ':' in '$3' else socket.AF_INET, socket.SOCK_DGRAM)
s.bind(('$3', $4))
open('$ready', 'w').close()
print(len(s.recv(65535)), flush=True)" >"$out" &
	pid=$!
	for ((i = 0; i < 300; i++)); do
		[ -e "$ready" ] && break
		sleep 0.1
	done
	ip netns exec "$1" python3 -c "
import socket
s = socket.socket(socket.AF_INET6 if ':' in '$3' else socket.AF_INET, socket.SOCK_DGRAM)
s.sendto(b'x' * 3000, ('$3', $4))"
	for ((i = 0; i < 30; i++)); do
		[ -s "$out" ] && break
		sleep 0.1
	done
	kill "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	if [ -s "$out" ]; then
		cat "$out"
	else
		echo timeout
	fi
	rm -f "$out" "$ready"
}

# An ACL's ports apply to every fragment of a packet: a fragmented UDP
# datagram to a denied port goes nowhere, IPv4 and IPv6, its later
# fragments counted as denied too; one to another port arrives whole.
# (Every fragment was keyed with ports 0, which no port rule matched.)
# A fragment whose first fragment was not seen is dropped.
fragments()
{
	# shellcheck disable=SC2034 # topology() sets them
	local G H1 H2 H3 addr denied i

	topology geneve
	zc acl add zgc0 vni 100 prio 10 dst 10.2.0.13 proto udp dport 5001 action deny
	zc acl add zgc0 vni 100 prio 11 dst fd00:2::13 proto udp dport 5001 action deny
	for addr in 10.2.0.13 fd00:2::13; do
		denied=$(zgc_stat "$G" zgc0 rx_acl_deny)
		zgc_eq "to a denied port ($addr)" "$(udp_big "$H1" "$H3" "$addr" 5001)" timeout
		zgc_eq "every fragment denied ($addr)" \
			"$(($(zgc_stat "$G" zgc0 rx_acl_deny) - denied))" 3
		zgc_eq "to another port ($addr)" "$(udp_big "$H1" "$H3" "$addr" 5002)" 3000
	done
	zgc_eq "no fragment without its first" "$(zgc_stat "$G" zgc0 rx_frag_no_first)" 0
	# A last fragment alone (offset 1480), of a packet never seen.
	ip netns exec "$H1" python3 -c "
import socket, struct
s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + 8, 4242, 185, 64, 17, 0,
                 socket.inet_aton('10.1.0.11'), socket.inet_aton('10.2.0.13'))
s.sendto(ip + b'y' * 8, ('10.2.0.13', 0))"
	for ((i = 0; i < 20; i++)); do
		[ "$(zgc_stat "$G" zgc0 rx_frag_no_first)" -eq 0 ] || break
		sleep 0.1
	done
	zgc_eq "a fragment without its first" "$(zgc_stat "$G" zgc0 rx_frag_no_first)" 1
}

# A tenant's whole ACL, 1024 rules (the most), from one batch file in no
# order: all there, and the first by priority that the traffic meets
# applies;
# a 1025th is refused. A batch of deletes that fails at its 600th line
# leaves the 599 before it done (the ICMP reject among them: ping works
# again), and the rest in place.
batch_of_rules()
{
	# shellcheck disable=SC2034 # topology() sets them
	local G H1 H2 H3 f out err

	topology geneve
	f=$(mktemp)
	python3 -c "
import random
prios = list(range(1, 1025))
random.Random(7).shuffle(prios)
for p in prios:
    if p == 500:
        print('acl add zgc0 vni 100 prio 500 dst 10.2.0.13 proto icmp action reject')
    elif p == 400:
        print('acl add zgc0 vni 100 prio 400 dst 10.2.0.13 proto tcp dport 10900 action reject')
    else:
        print('acl add zgc0 vni 100 prio %d dst 10.2.0.13 proto tcp dport %d action deny'
              % (p, 10000 + p))" >"$f"
	zc -b "$f"
	zgc_eq "rules" "$(zc -j acl show zgc0 | jq length)" 1024
	zgc_eq "the one in the middle" "$(zc acl show zgc0 | sed -n 500p)" \
		"vni 100 prio 500 src 0.0.0.0/0 dst 10.2.0.13/32 proto icmp dport 0-65535 action reject"
	out=$(ip netns exec "$H1" ping -c 1 -W 2 10.2.0.13 || true)
	zgc_match "ping" "$out" "From 10.1.0.1 icmp_seq=1 Packet filtered"
	# Prio 400 rejects port 10900 before prio 900 denies it.
	zgc_eq "first match" "$(connect_errno "$H1" 10.2.0.13 10900)" 113
	err=$(zgc_err_of zc acl add zgc0 vni 100 prio 2000 action allow)
	zgc_match "the 1025th" "$err" "as many rules as it may"
	python3 -c "
for p in range(1, 600):
    print('acl del zgc0 vni 100 prio %d' % p)
print('acl del zgc0 vni 100 prio 5000')
print('acl del zgc0 vni 100 prio 700')" >"$f"
	err=$(zgc_err_of zc -b "$f")
	zgc_match "line named" "$err" "^zgcctl: $f:600: acl zgc0: .*no rule with this priority"
	zgc_eq "done before it" "$(zc -j acl show zgc0 | jq -c '[length, .[0].prio]')" '[425,600]'
	ip netns exec "$H1" ping -c 1 -W 2 10.2.0.13 >/dev/null
	rm -f "$f"
}

zgc_main acl_config deny reject order_and_change fragments batch_of_rules
