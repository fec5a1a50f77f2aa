#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The Wireshark dissector of cluster messages (tools/wireshark/zgc.lua)
# on real cluster traffic: tcpdump captures the cluster interfaces of F1
# and of both chains' tails while a ping, a TCP and a UDP exchange go
# through F1 (dft_net.sh has the cluster); tshark with the dissector then
# reads every message with the fields the test knows: the cluster, the
# epoch, each sender's address and boot number, the chain and whom it
# names, the tenant frame carried and its compute host, the REPLY's
# verdict, the probes. Needs tcpdump and tshark (Debian's packages of
# those names; skipped without them). tools/wireshark/test.sh checks the
# dissector field by field against hand-made messages, on the host.

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=dft_net.sh
. "$(dirname "$0")/dft_net.sh"

LUA=$ZGC_TOP/tools/wireshark/zgc.lua
OP_NAMES=(- LOOKUP REPLY INSERT UPDATE DELETE REFRESH PING ACK PING_REQ
	SYNC_REQ SYNC SYNC_END)

# have_tools: tcpdump, tshark and the dissector are there; else the case
# is skipped.
have_tools()
{
	local t

	for t in tcpdump tshark; do
		if ! command -v "$t" >/dev/null; then
			echo "$t is missing: skipped (scripts/deps.sh installs it)"
			exit "$KSFT_SKIP"
		fi
	done
	[ -r "$LUA" ] || { echo "$LUA is missing"; return 1; }
}

# capture_start NODE: tcpdump on NODE's cluster interface (cC), the
# cluster messages to DIR/NODE.pcap, until capture_stop. (-Z root: the
# file is in this test's directory, which only root may write; -U and
# --immediate-mode: every packet is in the file as soon as it is seen.)
capture_start()
{
	local i

	ip netns exec "${!1}" tcpdump -i cC -s 0 -U --immediate-mode -Z root \
		-w "$DIR/$1.pcap" udp port 6081 2>"$DIR/$1.tcpdump" &
	CAPTURES+=("$!")
	ZGC_CLEANUP+=("kill $! 2>/dev/null")
	for ((i = 0; i < 100; i++)); do
		grep -q 'listening on' "$DIR/$1.tcpdump" && return 0
		sleep 0.1
	done
	echo "tcpdump in $1 did not start:"
	cat "$DIR/$1.tcpdump"
	return 1
}

# capture_stop: every capture ends, its last packets written.
capture_stop()
{
	local pid

	for pid in "${CAPTURES[@]}"; do
		kill -INT "$pid" 2>/dev/null || true
		wait "$pid" || true
	done
	CAPTURES=()
}

# zt PCAP ARGS...: tshark with the dissector on PCAP. HOME is the test's
# own: a copy of zgc.lua in the user's plugin directory would register
# the protocol twice, and the user's preferences change what it prints.
zt()
{
	local pcap=$1

	shift
	HOME=$DIR XDG_CONFIG_HOME=$DIR tshark -X "lua_script:$LUA" -r "$pcap" \
		"$@" 2>>"$DIR/tshark.log"
}

# tcp_echo: a TCP connection H1 -> H2 (10.1.0.12, port 5003) that sends a
# line and reads it back, then closes.
tcp_echo()
{
	local out

	coproc ECHO { exec ip netns exec "$H2" python3 -c "
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('10.1.0.12', 5003))
s.listen(1)
s.settimeout(60)
print('listening', flush=True)
c, _ = s.accept()
c.settimeout(60)
c.sendall(c.recv(100))
c.close()"; }
	read -r out <&"${ECHO[0]}"
	zgc_eq "echo server" "$out" listening
	out=$(ip netns exec "$H1" python3 -c "
import socket
c = socket.create_connection(('10.1.0.12', 5003), timeout=60)
c.sendall(b'zgc')
print(c.recv(100).decode())
c.close()")
	wait "$ECHO_PID" || true
	zgc_eq "tcp echo" "$out" zgc
}

# messages NODE: what tshark makes of NODE's capture, one line a frame:
# the fields check_messages reads, tab separated, each field's
# occurrences joined by '|' (the outer IPv4 header's address, then the
# tenant frame's; an IPv6 tenant frame's in the last two).
messages()
{
	zt "$DIR/$1.pcap" -T fields -E separator=/t -E occurrence=a \
		-E aggregator='|' -e frame.number -e ip.src -e ip.dst \
		-e geneve.vni -e zgc.version -e zgc.op -e zgc.cluster \
		-e zgc.chain -e zgc.epoch -e zgc.sender -e zgc.hops -e zgc.fwd \
		-e zgc.host -e zgc.entrance -e zgc.view -e zgc.boot -e zgc.bound \
		-e zgc.verdict.action -e zgc.verdict.host -e zgc.verdict.dmac \
		-e zgc.probe.target -e _ws.expert.message -e ipv6.src -e ipv6.dst
}

# check_messages NODE: every message of NODE's capture (messages) is
# what the cluster sends: of cluster 9 (CLUSTER) and epoch EPOCH, from a
# node of BOOTS ("ID=BOOT ...", the boots `cluster show` prints) at its
# address with its boot, bound to none (no key); a transaction about the
# chain whose node (CHAIN_OF: "ID=CHAIN ...") receives it (sends it: a
# REPLY), carrying a frame between the instances 10.1.0.11 and 10.1.0.12
# in VNI 100 from its compute host, asked by F1 through the entrance,
# with both nodes of the chain in its view; a REPLY forwards to the
# frame's destination; a probe in VNI 0, of no chain, for one hop, at a
# node. No malformed option (the dissector's expert info), no Lua error.
# Prints a line per fault; "seen OP N" for the operations seen.
check_messages()
{
	messages "$1" | awk -F '\t' -v cap="$1" -v cluster="$CLUSTER" \
		-v epoch="$EPOCH" -v boots="$BOOTS" -v chains="$CHAIN_OF" \
		-v names="${OP_NAMES[*]}" '
	function bad(what)
	{
		printf "%s frame %s (%s): %s\n", cap, $1, name[op + 1], what
		faults++
	}
	BEGIN {
		split(names, name, " ")
		n = split(boots, b, " ")
		for (i = 1; i <= n; i++) { split(b[i], kv, "="); boot[kv[1]] = kv[2] }
		n = split(chains, c, " ")
		for (i = 1; i <= n; i++) { split(c[i], kv, "="); chain_of[kv[1]] = kv[2] }
	}
	{
		op = $6
		split($2, src, "|")
		split($3, dst, "|")
		split($18, action, "|")
		split($19, vhost, "|")
		split($20, vdmac, "|")
		if ($22 ~ /Lua Error/)
			bad("a Lua error: " $22)
		if ($22 ~ /Malformed: |DFT option version|MAC does not verify/)
			bad("expert info: " $22)
		if (op == "") {
			bad("not decoded as a cluster message")
			next
		}
		seen[op]++
		if ($5 != 4) bad("version " $5)
		if ($7 != cluster) bad("cluster " $7)
		if ($9 != epoch) bad("epoch " $9)
		s = $10
		if (!(s in boot))
			bad("sender " s)
		else if (src[1] != "10.9.0." s)
			bad("sender " s " from " src[1])
		else if ($16 != boot[s])
			bad("boot " $16 ", node " s " has " boot[s])
		if ($17 != "0x00000000") bad("bound " $17 " without a key")
		if (op >= 1 && op <= 6) {
			if ($4 != "0x000064") bad("VNI " $4)
			node = op == 2 ? s : substr(dst[1], 8)
			if ($8 != chain_of[node])
				bad("chain " $8 ", but node " node " is in chain " chain_of[node])
			if (src[2] == "" && $23 != "") {
				# IPv6 (a link-local address of H1 or H2, say).
				if ($13 !~ /^192\.0\.2\.1[12]$/)
					bad("host " $13 " for a frame from " $23)
			} else if (src[2] !~ /^10\.1\.0\.1[12]$/ ||
				   dst[2] !~ /^10\.1\.0\.1[12]$/ || src[2] == dst[2]) {
				bad("a frame " src[2] " > " dst[2])
			} else {
				if ($13 != "192.0.2." substr(src[2], 8))
					bad("host " $13 " for a frame from " src[2])
				if (op == 2 && (action[1] != 1 ||
				    vhost[1] != "192.0.2." substr(dst[2], 8) ||
				    vdmac[1] != "02:00:0a:01:00:" substr(dst[2], 8)))
					bad("verdict " action[1] " " vhost[1] " " vdmac[1] \
					    " for a frame to " dst[2])
			}
			if ($12 != "10.9.0.1") bad("FWD " $12)
			if ($14 != "192.0.2.100") bad("entrance " $14)
			if ($15 != "0x0003") bad("view " $15)
			if ($11 < 1 || $11 > 19) bad("hops " $11)
		} else if (op >= 7 && op <= 9) {
			if ($4 != "0x000000") bad("VNI " $4)
			if ($8 != 0 || $11 != 1 || $15 != "0x0000")
				bad("chain " $8 " hops " $11 " view " $15)
			if (!($21 in boot)) bad("target " $21)
		}
	}
	END {
		for (op = 1; op <= 12; op++)
			if (seen[op])
				printf "seen %s %d\n", name[op + 1], seen[op]
		exit(faults > 0)
	}'
}

# The cluster's traffic as tshark reads it with the dissector: LOOKUPs,
# REPLYs and PINGs and ACKs at F1, INSERTs at the tails, every field the
# test can know as the nodes say it is, nothing malformed.
dissected()
{
	# shellcheck disable=SC2034 # topology() sets them
	local H1 H2 S C F1 F2 N3 N4 N5 N6 CLUSTER EPOCH BOOTS='' CHAIN_OF n
	local CAPTURES=() DIR out ops='' bad=0

	have_tools
	topology
	DIR=$(mktemp -d)
	ZGC_CLEANUP+=("rm -rf $DIR")
	# Where the tails of chains 1 and 2 are: N4, N6 (dft_net.sh).
	for n in F1 N4 N6; do
		capture_start "$n"
	done
	tping H1 10.1.0.12 3
	tcp_echo
	udp_flows 7000 3
	# A probe round or two more, for the last messages to be written.
	sleep 0.5
	capture_stop
	CLUSTER=$(zn F1 -j cluster show zgc0 | jq -r '.[0].cluster')
	EPOCH=$(zn F1 -j cluster show zgc0 | jq -r '.[0].epoch')
	zgc_eq "cluster" "$CLUSTER" 9
	for n in $NODES; do
		BOOTS+=" $(node_id "$n")=$(zn "$n" -j cluster show zgc0 | jq -r '.[0].boot')"
	done
	CHAIN_OF=$(zn F1 -j cluster show zgc0 |
		jq -r '[.[0].chains[] | .id as $c | .nodes[] | "\(.)=\($c)"] | join(" ")')
	echo "epoch $EPOCH, boots$BOOTS, chains $CHAIN_OF"
	for n in F1 N4 N6; do
		if out=$(check_messages "$n"); then
			echo "$n: $(grep '^seen' <<<"$out" | tr '\n' ' ')"
		else
			echo "$out" | head -n 40
			bad=1
		fi
		ops+=" $n:$(sed -n 's/^seen \([A-Z_]*\) .*/\1/p' <<<"$out" | tr '\n' ',')"
	done
	echo "operations seen:$ops"
	if grep -v 'Running as user' "$DIR/tshark.log" | grep -q .; then
		echo "tshark said:"
		head -n 20 "$DIR/tshark.log"
		bad=1
	fi
	zgc_eq "every message as the nodes sent it" "$bad" 0
	zgc_match "F1 sent LOOKUPs, got REPLYs, probed" "$ops" \
		' F1:([A-Z_]*,)*LOOKUP,REPLY,([A-Z_]*,)*PING,ACK,'
	zgc_match "a tail got INSERTs" "$ops" ' N[46]:([A-Z_]*,)*INSERT,'
}

# Every field of every kind of message, and malformed ones flagged, on
# hand-made messages (tools/wireshark/test.sh, which runs on any host).
hand_made()
{
	have_tools
	bash "$ZGC_TOP/tools/wireshark/test.sh"
}

zgc_main hand_made dissected
