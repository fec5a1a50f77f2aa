#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The DFT: new flows decided by replication chains of FTNs, their
# verdicts fetched by stateless FWDs with the packets themselves
# (dft_net.sh has the cluster).

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=traffic.sh
. "$(dirname "$0")/traffic.sh"
# shellcheck source=dft_net.sh
. "$(dirname "$0")/dft_net.sh"
# shellcheck source=ovs_host.sh
. "$(dirname "$0")/ovs_host.sh"

# udp_roundtrip FROM TO ADDR: a datagram to ADDR:7000 in TO, and its echo.
udp_roundtrip()
{
	local out

	coproc UDPSRV { exec ip netns exec "$2" python3 -c "
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(('$3', 7000))
s.settimeout(30)
print('bound', flush=True)
b, a = s.recvfrom(100)
s.sendto(b, a)"; }
	read -r out <&"${UDPSRV[0]}"
	out=$(ip netns exec "$1" python3 -c "
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(('0.0.0.0', 7001))
s.settimeout(10)
for _ in range(5):
    s.sendto(b'zgc', ('$3', 7000))
    try:
        print(s.recv(100).decode())
        break
    except socket.timeout:
        pass")
	wait "$UDPSRV_PID" || true
	zgc_eq "udp echo" "$out" zgc
}

# New ICMP, TCP and UDP flows: each direction's entry on both replicas of
# one chain and nowhere else; the FWD caches what the chain holds.
new_flows()
{
	# shellcheck disable=SC2034 # topology() sets them
	local H1 H2 S C F1 F2 N3 N4 N5 N6 out

	topology
	tping H1 10.1.0.12 3
	out=$(placed)
	zgc_match "icmp" "$out" "^10.1.0.11>10.1.0.12/icmp:0-0 [12]$"
	zgc_match "icmp back" "$out" "^10.1.0.12>10.1.0.11/icmp:0-0 [12]$"
	zgc_eq "F1 asked twice" "$(zgc_stat "$F1" zgc0 dft_lookup)" 2
	zgc_eq "F1 was told twice" "$(told F1)" 2
	zgc_eq "F1 caches what the chains hold" \
		"$(zn F1 -j flow show zgc0 | jq -c '[.[] | .chain > 0]')" '[true,true]'
	zgc_eq "F2 saw nothing" "$(zn F2 -j flow show zgc0 | jq length)" 0
	by_chain
	tcp_transfer "$H1" "$H2" 10.1.0.12 tcp_placed
	udp_roundtrip "$H2" "$H1" 10.1.0.11
	out=$(placed | grep -v /tcp:)
	zgc_match "udp" "$out" "^10.1.0.12>10.1.0.11/udp:7001-7000 [12]$"
	zgc_match "udp back" "$out" "^10.1.0.11>10.1.0.12/udp:7000-7001 [12]$"
	zgc_eq "four flows but the closed connection's" "$(wc -l <<<"$out")" 4
}

# A new flow's first packet writes its reverse flow's entry too, in that
# flow's chain: a datagram that gets no answer leaves both.
reverse_entry()
{
	# shellcheck disable=SC2034 # topology() sets them
	local H1 H2 S C F1 F2 N3 N4 N5 N6 out i

	topology
	ip netns exec "$H1" ping -c 1 -W 5 10.1.0.12 >/dev/null || why
	ip netns exec "$H1" bash -c 'echo zgc >/dev/udp/10.1.0.12/9'
	for ((i = 0; i < 50; i++)); do
		out=$(placed | grep /udp: || true)
		[ "$(wc -l <<<"$out")" = 2 ] && break
		sleep 0.1
	done
	zgc_match "the datagram's" "$out" "^10.1.0.11>10.1.0.12/udp:[0-9]+-9 [12]$"
	zgc_match "its reverse" "$out" "^10.1.0.12>10.1.0.11/udp:9-[0-9]+ [12]$"
	zgc_eq "F1 asked for the datagram only" \
		"$(zn F1 -j flow show zgc0 | jq '[.[] | select(.proto == "udp")] | length')" 1
}

# by_chain: the FTNs and F1 list a chain's entries, and its entries only.
by_chain()
{
	local n c

	for n in N3 N5; do
		c=$(((${n:1} - 1) / 2))
		zgc_eq "$n: chain $c" \
			"$(zn "$n" -j dft show zgc0 chain $c | jq -c '[.[] | [.chain, .state]] | unique')" \
			"$(zn "$n" -j dft show zgc0 | jq -c '[.[] | [.chain, .state]] | unique')"
		zgc_eq "$n: not chain $((3 - c))" \
			"$(zn "$n" -j dft show zgc0 chain $((3 - c)) | jq length)" 0
	done
	zgc_eq "F1 by chain" \
		$(($(zn F1 -j flow show zgc0 chain 1 | jq length) +
		   $(zn F1 -j flow show zgc0 chain 2 | jq length))) 2
}

# tcp_placed: halfway through the connection (its entries go once it is
# closed), both directions.
tcp_placed()
{
	local out

	out=$(placed)
	zgc_match "tcp" "$out" "^10.1.0.11>10.1.0.12/tcp:[0-9]+-5001 [12]$"
	zgc_match "tcp back" "$out" "^10.1.0.12>10.1.0.11/tcp:5001-[0-9]+ [12]$"
}

# heads_inserted: the entries the chains' heads created.
heads_inserted()
{
	echo $(($(zgc_stat "$N3" zgc0 dft_insert) + $(zgc_stat "$N5" zgc0 dft_insert)))
}

# FWDs keep nothing the DFT does not: a flushed cache is refilled from
# the tails with the same verdicts and versions, and a connection moved
# to the other FWD halfway goes on, F2 taking both directions' verdicts
# from the DFT (each packet that comes before the first answer asks too:
# nothing waits for it).
stateless_fwd()
{
	# shellcheck disable=SC2034 # topology() sets them
	local H1 H2 S C F1 F2 N3 N4 N5 N6 before inserted lookups

	topology
	tping H1 10.1.0.12 2
	before=$(placed)
	inserted=$(heads_inserted)
	zn F1 flow flush zgc0
	tping H1 10.1.0.12 2
	zgc_eq "F1 asked again" "$(zgc_stat "$F1" zgc0 dft_lookup)" 4
	zgc_eq "nothing new in the DFT" "$(heads_inserted)" "$inserted"
	zgc_eq "same entries" "$(placed)" "$before"
	zgc_eq "F1 cached the same versions" \
		"$(zn F1 -j flow show zgc0 | jq -c '[.[] | .version]')" '[1,1]'
	tcp_transfer "$H1" "$H2" 10.1.0.12 via 2
	zgc_eq "F2 took over" "$(zn F2 -j flow show zgc0 | jq '[.[] | select(.proto == "tcp")] | length')" 2
	lookups=$(zgc_stat "$F2" zgc0 dft_lookup)
	zgc_eq "F2 asked for both directions" "$((lookups >= 2))" 1
	zgc_eq "F2 asked for every miss" "$(zgc_stat "$F2" zgc0 flow_miss)" "$lookups"
	zgc_eq "F2 decided nothing (the DFT's versions)" \
		"$(zn F2 -j flow show zgc0 | jq -c '[.[] | select(.proto == "tcp") | .version]')" '[1,1]'
}

# heads_delay [TIME]: the chains' heads hold what they send that long
# (netem); no TIME: no longer.
heads_delay()
{
	local n

	for n in N3 N5; do
		if [ $# -gt 0 ]; then
			ip netns exec "${!n}" tc qdisc replace dev cC root netem delay "$1"
		else
			ip netns exec "${!n}" tc qdisc del dev cC root
		fi
	done
}

# Two FWDs that miss one new flow at once end with one verdict: while
# the heads hold the first FWD's INSERT (2 s), the second FWD's miss
# reaches the tail, which has no entry yet and sends a second INSERT;
# the head's entry wins it. The second ping goes to F2 by its mark (a
# rule of H1's), so that it starts as soon after the first as in a slow
# guest too. (The heads' membership messages are held too: a long
# suspicion here, so that nobody is declared dead for it.)
concurrent_miss()
{
	# shellcheck disable=SC2034 # topology() sets them
	local H1 H2 S C F1 F2 N3 N4 N5 N6 first n raced SUSPECT_MS=10000

	topology
	ip -n "$H1" rule add fwmark 2 table 102
	ip -n "$H1" route add "$ENTRANCE" via 192.0.2.2 table 102
	heads_delay 2s
	ip netns exec "$H1" ping -c 1 -W 20 10.1.0.12 >/dev/null &
	first=$!
	sleep 0.5
	ip netns exec "$H1" ping -m 2 -c 1 -W 20 10.1.0.12 >/dev/null || why
	wait "$first" || why
	heads_delay
	raced=$(($(zgc_stat "$N3" zgc0 dft_insert_raced) +
		 $(zgc_stat "$N5" zgc0 dft_insert_raced)))
	[ "$raced" -ge 1 ] || why
	zgc_eq "one entry each way" "$(heads_inserted)" 2
	zgc_eq "on both replicas" "$(placed | grep -c icmp)" 2
	for n in F1 F2; do
		zgc_eq "$n cached version 1" \
			"$(zn "$n" -j flow show zgc0 | jq -c '[.[] | select(.src == "10.1.0.11") | .version]')" '[1]'
	done
}

# Lost and duplicated cluster messages corrupt nothing: with a tenth of
# them lost and a fifth duplicated on every node, a TCP connection
# completes (TCP retries what is lost), echoes get through, and every
# entry any node holds, cached or replicated, is version 1: no duplicate
# made a second one.
lossy_cluster()
{
	# shellcheck disable=SC2034 # topology() sets them
	local H1 H2 S C F1 F2 N3 N4 N5 N6 n

	topology
	# The cluster messages are lost and duplicated, not ARP: with ARP
	# lost too, a node could fail to resolve a chain's tail for seconds
	# and every message to it would go (a fresh-clone CI saw 10 echoes
	# in a row lost so).
	neighbours_known
	for n in $NODES; do
		ip netns exec "${!n}" tc qdisc add dev cC root netem loss 10% duplicate 20%
	done
	tcp_transfer "$H1" "$H2" 10.1.0.12
	tping H1 10.1.0.12 10
	for n in $NODES; do
		ip netns exec "${!n}" tc qdisc del dev cC root
	done
	zgc_eq "every entry version 1" \
		"$(for n in N3 N4 N5 N6; do entries "$n"; done | cut -d ' ' -f 3 | sort -u)" 1
	zgc_eq "every cached verdict version 1" \
		"$(zn F1 -j flow show zgc0 | jq -c '[.[].version] | unique')" '[1]'
}

# A cluster network without jumbo frames: a message too big for it is
# dropped, counted and logged once; smaller ones go on.
small_mtu()
{
	# shellcheck disable=SC2034 # topology() sets them
	local H1 H2 S C F1 F2 N3 N4 N5 N6 n logged

	topology
	for n in $NODES; do
		ip -n "${!n}" link set cC mtu 1500
	done
	logged=$(dmesg | grep -c "the cluster network needs jumbo frames" || true)
	# 1428-byte tenant packets fit the hosts' tunnels, not the messages.
	if ip netns exec "$H1" ping -c 2 -i 0.3 -W 2 -s 1400 10.1.0.12 >/dev/null; then
		echo "a message larger than the cluster network's MTU went through"
		return 1
	fi
	zgc_eq "dropped and counted" "$(zgc_stat "$F1" zgc0 dft_tx_too_big)" 2
	zgc_eq "logged once" \
		"$(dmesg | grep -c "the cluster network needs jumbo frames")" $((logged + 1))
	tping H1 10.1.0.12 1
	zgc_eq "no more" "$(zgc_stat "$F1" zgc0 dft_tx_too_big)" 2
}

# auth_drops: the authenticated messages any node refused.
auth_drops()
{
	# shellcheck disable=SC2086 # a list of names
	echo $(($(stat_sum dft_rx_auth $NODES) + $(stat_sum dft_rx_replay $NODES)))
}

# keyed_traffic FIRSTPORT: a TCP connection, echoes and 8 datagrams (to
# ports FIRSTPORT...), authenticated; both chains hold entries, so the
# tails of both answered F1, and no message was refused meanwhile. (The
# closed connection's entries are left out: they go, replica by replica.
# Refusals before it are the apply's: until the last node has the key,
# the nodes with and without it refuse each other's probes, which a slow
# guest's apply_all() leaves time for.)
keyed_traffic()
{
	local p out dgrams="/udp:[0-9]*-$(($1 / 10))[0-9] " refused

	refused=$(auth_drops)

	tcp_transfer "$H1" "$H2" 10.1.0.12
	tping H1 10.1.0.12 2
	for ((p = $1; p < $1 + 8; p++)); do
		ip netns exec "$H1" bash -c "echo zgc >/dev/udp/10.1.0.12/$p"
	done
	for ((p = 0; p < 50; p++)); do
		out=$(placed | grep -v /tcp:)
		[ "$(grep -c "$dgrams" <<<"$out")" = 8 ] && break
		sleep 0.1
	done
	zgc_eq "datagrams placed" "$(grep -c "$dgrams" <<<"$out")" 8
	zgc_eq "both chains" "$(cut -d ' ' -f 2 <<<"$out" | sort -u | tr '\n' ' ')" "1 2 "
	zgc_eq "no message refused" "$(($(auth_drops) - refused))" 0
}

# Clusters with a key carry traffic through both chains, whatever the
# count of nodes and chains (each node keeps a replay window per node,
# in the description's allocation with the nodes and chains): 6 nodes
# and 2 chains, then the same without F2, 5 and 2.
keyed_clusters()
{
	# shellcheck disable=SC2034 # topology() sets them
	local H1 H2 S C F1 F2 N3 N4 N5 N6
	local key=000102030405060708090a0b0c0d0e0f

	topology
	apply_all 2 ", \"key\": \"$key\""
	members_settled
	keyed_traffic 9100
	NODES="F1 N3 N4 N5 N6"
	apply_all 3 ", \"key\": \"$key\""
	members_settled
	zn F1 flow flush zgc0
	keyed_traffic 9200
	zgc_eq "F1 in epoch 3" "$(zn F1 -j cluster show zgc0 | jq ".[0].epoch")" 3
}

# u32_missing: this kernel has no u32 classifier (tc tries one in a
# namespace of its own).
u32_missing()
{
	local T

	zgc_ns_new T
	tc -n "$T" qdisc add dev lo ingress
	! tc -n "$T" filter add dev lo parent ffff: prio 1 protocol ip \
		u32 match u8 0 0 at 0 action drop 2>/dev/null
}

# drop_deletes NODE...: each NODE's cluster port drops the DELETEs it
# receives (u32 on the Geneve option's first word, version 3 and op 5, at
# byte 40 of a cluster message: IPv4, UDP, Geneve, option header). Fails
# where the kernel has no u32 classifier.
drop_deletes()
{
	local n

	for n in "$@"; do
		tc -n "${!n}" qdisc add dev cC ingress || return 1
		tc -n "${!n}" filter add dev cC parent ffff: prio 1 protocol ip \
			u32 match u8 0x45 0xff at 40 action drop || return 1
	done
}

# deletes_dropped NODE...: how many DELETEs drop_deletes dropped there;
# the filters go.
deletes_dropped()
{
	local n sum=0 k

	for n in "$@"; do
		for k in $(tc -s -n "${!n}" filter show dev cC ingress |
			   tc_packets); do
			sum=$((sum + k))
		done
		tc -n "${!n}" qdisc del dev cC ingress
	done
	echo "$sum"
}

# A DELETE lost on its way down a chain is sent again: the tails drop the
# DELETEs that the FINs of a connection's close bring them (each FIN is
# lost with its DELETE), and the FINs TCP retransmits once they no longer
# do go through the chains again (the FWD closes its cached entry only
# with a DELETE's REPLY), so every replica's entries of both directions
# close rather than the tails' living on.
delete_retried()
{
	# shellcheck disable=SC2034 # topology() sets them
	local H1 H2 S C F1 F2 N3 N4 N5 N6 dir srv cli i states=''

	if u32_missing; then
		echo "no u32 classifier in this kernel: nothing here can drop the DELETEs"
		return "$KSFT_SKIP"
	fi
	topology
	dir=$(mktemp -d)
	ip netns exec "$H2" python3 -c "
import socket
s = socket.create_server(('10.1.0.12', 5003))
c, _ = s.accept()
while True:
    b = c.recv(100)
    if not b:
        break
    c.sendall(b)
c.close()" &
	srv=$!
	sleep 0.5
	ip netns exec "$H1" python3 -c "
import os, socket, time
c = socket.create_connection(('10.1.0.12', 5003), timeout=10)
c.sendall(b'x\n')
assert c.recv(100) == b'x\n'
while not os.path.exists('$dir/close'):
    time.sleep(0.05)
c.close()" &
	cli=$!
	for ((i = 0; i < 100; i++)); do
		[ "$(tcp5003 N3 N4 N5 N6 | jq length)" = 4 ] && break
		sleep 0.1
	done
	zgc_eq "both directions on both replicas" "$(tcp5003 N3 N4 N5 N6 | jq -c 'map(.state) | unique')" '["live"]'
	drop_deletes N4 N6
	touch "$dir/close"
	sleep 1.5
	zgc_eq "DELETEs dropped" "$(($(deletes_dropped N4 N6) > 0))" 1
	for ((i = 0; i < 80; i++)); do
		states=$(tcp5003 N3 N4 N5 N6 | jq -c 'map(.state)')
		[ "$states" = '["closing","closing","closing","closing"]' ] && break
		sleep 0.1
	done
	zgc_eq "every replica closed both directions" "$states" \
		'["closing","closing","closing","closing"]'
	wait "$cli"
	wait "$srv"
	rm -rf "$dir"
}

# tcp5003 NODE...: the NODEs' DFT entries of port 5003's connection, as
# a JSON array.
tcp5003()
{
	local n

	for n in "$@"; do
		zn "$n" -j dft show zgc0
	done | jq -s -c '[.[][] | select(.proto == "tcp" and (.sport == 5003 or .dport == 5003))]'
}

# An Open vSwitch compute host (ovs_host.sh) in place of H1, tunnelling
# to the entrance: its instance I1 learns H2 from zgc (ARP), and a TCP
# connection moved to the other FWD halfway completes with its checksum;
# OVS's datapath carried it through its tunnel port both ways.
ovs_host_fwd_moved()
{
	# shellcheck disable=SC2034 # topology() and ovs_start() set them
	local H1 H2 S C F1 F2 N3 N4 N5 N6 I1 H1_OVS

	topology
	ip -n "$H1" link del tun0
	ovs_compute H1 I1 geneve "$ENTRANCE" 10.1.0.11/24 10.1.0.1 100 "$H1MAC"
	tping I1 10.1.0.12 2
	zgc_eq "H2 in I1's neighbours" "$(zgc_lladdr "$I1" 10.1.0.12)" "$H2MAC"
	tcp_transfer "$I1" "$H2" 10.1.0.12 via 2
	zgc_eq "F2 took over" "$(zn F2 -j flow show zgc0 | jq '[.[] | select(.proto == "tcp")] | length')" 2
	ovs_tunnelled H1 "$ENTRANCE"
}

# replies FILE: how many echo replies the ping writing FILE got so far.
replies()
{
	grep -c 'bytes from' "$1" || true
}

# busy_ping: H1 pings 10.1.0.12 five times a second, in the background,
# into a file it names in the caller's $out.
busy_ping()
{
	out=$(mktemp)
	ZGC_CLEANUP+=("rm -f $out")
	ip netns exec "$H1" ping -i 0.2 -c 100 -W 1 10.1.0.12 >"$out" &
	ZGC_CLEANUP+=("kill $! 2>/dev/null")
}

# A deny added to the tenant's ACL stops a busy flow at its next refresh,
# though the FWD that serves it took the ACL first (and cached the old
# verdict again from the tail, which had not): the chain's head, whose
# entry is of an older configuration once it has the ACL too, decides the
# verdict again instead of taking the one the FWD's REFRESH carries.
# (Busy flows kept their verdict for as long as they were busy.)
acl_reaches_busy_flows()
{
	# shellcheck disable=SC2034 # topology() sets them
	local H1 H2 S C F1 F2 N3 N4 N5 N6 n out got

	topology
	# A REFRESH every second (a sixth of the timeout).
	for n in $NODES; do
		zn "$n" set zgc0 flow_timeout 6
	done
	busy_ping
	sleep 2
	zgc_eq "the flow is busy" "$(($(replies "$out") >= 5))" 1
	zn F1 acl add zgc0 vni 100 prio 1 proto icmp action deny
	sleep 1
	for n in F2 N3 N4 N5 N6; do
		zn "$n" acl add zgc0 vni 100 prio 1 proto icmp action deny
	done
	sleep 4
	got=$(replies "$out")
	sleep 3
	zgc_eq "no reply once the ACL is everywhere" "$(replies "$out")" "$got"
	zgc_eq "F1 denies the flow" "$(($(zgc_stat "$F1" zgc0 rx_acl_deny) >= 10))" 1
}

# A change of the tenant's configuration that reached a chain's head
# before the tail that decided a flow: the verdict the tail decided under
# its older configuration version is decided again by the head at the
# flow's next refresh (its entry is of an older version than the head's,
# though written there after the change), and the busy flow stops. (The
# head took the tail's verdict as of its own configuration, and the
# flow went on for as long as it was busy.)
config_version_reaches_busy_flows()
{
	# shellcheck disable=SC2034 # topology() sets them
	local H1 H2 S C F1 F2 N3 N4 N5 N6 n out got chain head i

	topology
	# A REFRESH every second (a sixth of the timeout).
	for n in $NODES; do
		zn "$n" set zgc0 flow_timeout 6
		zn "$n" tenant set zgc0 vni 100 config_version 1
	done
	tping H1 10.1.0.12 1
	chain=$(placed | sed -n 's|^10.1.0.11>10.1.0.12/icmp:0-0 ||p')
	head=N$((chain * 2 + 1))
	# The flow's entries expire; its head alone takes the new version.
	for ((i = 0; i < 200; i++)); do
		placed | grep -q '^10.1.0.11>10.1.0.12/icmp' || break
		sleep 0.1
	done
	zn "$head" acl add zgc0 vni 100 prio 1 proto icmp action deny
	zn "$head" tenant set zgc0 vni 100 config_version 2
	busy_ping
	sleep 5
	got=$(replies "$out")
	echo "$got replies before the head decided again"
	zgc_eq "the flow began (its tail allowed it)" "$((got >= 1))" 1
	sleep 3
	zgc_eq "no reply since" "$(replies "$out")" "$got"
	zgc_eq "the head's entry" "$(zn "$head" -j dft show zgc0 |
		jq -c '[.[] | select(.src == "10.1.0.11" and .proto == "icmp") |
			.action, .config]')" '["drop",2]'
}

# flow_chains PORT: 24 datagrams from H1 (source ports 41000 to 41023)
# to 10.1.0.12:PORT through F1, once F1 goes by its description's epoch;
# prints "SPORT CHAIN" of each as F1 cached it.
flow_chains()
{
	local i out

	for ((i = 0; i < 100; i++)); do
		zn F1 -j cluster show zgc0 | jq -e '.[0].rolling_from == null' \
			>/dev/null && break
		sleep 0.1
	done
	ip netns exec "$H1" python3 -c '
import socket, sys
for p in range(41000, 41024):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("10.1.0.11", p))
        s.sendto(b"zgc", ("10.1.0.12", int(sys.argv[1])))' "$1"
	for ((i = 0; i < 100; i++)); do
		out=$(zn F1 -j flow show zgc0 |
		      jq -r ".[] | select(.dport == $1) | \"\(.sport) \(.chain)\"" |
		      sort)
		[ "$(wc -l <<<"$out")" = 24 ] && break
		sleep 0.1
	done
	echo "$out"
}

# The chain a flow goes to is a hash of it keyed by the cluster's key: of
# 24 flows placed under one key, some go to the other chain under
# another key (with the cluster id as the seed, as before, all went to
# the same chains), so a tenant that does not know the key cannot aim its
# flows at one chain.
chains_keyed()
{
	# shellcheck disable=SC2034 # topology() sets them
	local H1 H2 S C F1 F2 N3 N4 N5 N6 one other

	topology
	apply_all 2 ', "key": "000102030405060708090a0b0c0d0e0f"'
	one=$(flow_chains 9300)
	zgc_eq "24 flows placed" "$(grep -c ' [12]$' <<<"$one")" 24
	apply_all 3 ', "key": "f0e0d0c0b0a090807060504030201000"'
	zn F1 flow flush zgc0
	other=$(flow_chains 9300)
	zgc_eq "24 flows placed again" "$(grep -c ' [12]$' <<<"$other")" 24
	echo "flows on another chain under the other key:" \
		"$(diff <(echo "$one") <(echo "$other") | grep -c '^<')"
	[ "$one" != "$other" ]
}

zgc_main new_flows stateless_fwd reverse_entry concurrent_miss lossy_cluster small_mtu \
	keyed_clusters delete_retried ovs_host_fwd_moved acl_reaches_busy_flows \
	config_version_reaches_busy_flows chains_keyed
