#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# zgc's tracepoints (kmod/zgc/zgc_trace.h) as a user reads them through
# tracefs (what perf trace and trace-cmd read too): a flow's life (miss,
# insert, expire, delete), drops with zgc's reason and the kernel's
# (skb:kfree_skb), and the DFT's messages (sent, received, dropped).
#
# Topologies: tenant_net.sh (G with zgc0; H1, H2, H3), then dft_net.sh (a
# cluster: FWDs F1, F2, FTNs N3 to N6, hosts H1, H2).

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

TRACING=/sys/kernel/tracing

# trace_start EVENT...: a tracing instance of this test's own (TRACE),
# recording EVENTs (SYSTEM/EVENT).
trace_start()
{
	local e

	[ -e "$TRACING/trace" ] || mount -t tracefs nodev "$TRACING"
	TRACE=$TRACING/instances/zgc-$$-${#ZGC_CLEANUP[@]}
	mkdir "$TRACE"
	ZGC_CLEANUP+=("rmdir $TRACE")
	for e; do
		echo 1 >"$TRACE/events/$e/enable"
	done
}

# traced PATTERN: how many recorded events match PATTERN (grep -E).
traced()
{
	grep -cE -- "$1" "$TRACE/trace" || true
}

# traced_at_least N PATTERN SECONDS: wait until N events match.
traced_at_least()
{
	local i

	for ((i = 0; i < $3 * 4; i++)); do
		[ "$(traced "$2")" -ge "$1" ] && return 0
		sleep 0.25
	done
	echo "fewer than $1 events /$2/ after $3 s:"
	grep -E 'zgc|dft|kfree' "$TRACE/trace" | tail -n 20
	return 1
}

tenant_case()
{
	# shellcheck source=tenant_net.sh
	. "$(dirname "$0")/tenant_net.sh"
}

# A flow's life: a miss and an insert for each direction of a new flow,
# nothing more while it is cached, a delete per flow flushed, an expire
# per flow aged out.
flow_life()
{
	# shellcheck disable=SC2034 # topology() sets them
	local G H1 H2 H3 ping=' vni=100 proto=1 src=::ffff:10.1.0.11 sport=[0-9]+ dst=::ffff:10.2.0.13 '
	local pong=' vni=100 proto=1 src=::ffff:10.2.0.13 sport=[0-9]+ dst=::ffff:10.1.0.11 '

	tenant_case
	topology geneve
	trace_start zgc/zgc_flow_miss zgc/zgc_flow_insert zgc/zgc_flow_delete \
		zgc/zgc_flow_expire
	ip netns exec "$H1" ping -c 3 -i 0.2 -W 2 10.2.0.13 >/dev/null
	zgc_eq "misses" "$(traced "zgc_flow_miss: dev=zgc0 table=cache$ping")" 1
	zgc_eq "the reply's miss" "$(traced "zgc_flow_miss: dev=zgc0 table=cache$pong")" 1
	zgc_eq "inserts" "$(traced "zgc_flow_insert: dev=zgc0 table=cache($ping|$pong)")" 2
	zgc_eq "all misses" "$(traced zgc_flow_miss)" \
		"$(zgc_stat "$G" zgc0 flow_miss)"
	zc flow flush zgc0
	zgc_eq "deleted" "$(traced "zgc_flow_delete: dev=zgc0 table=cache($ping|$pong)")" 2
	zgc_eq "expired" "$(traced zgc_flow_expire)" 0
	zc set zgc0 flow_timeout 1
	ip netns exec "$H1" ping -c 1 -W 2 10.2.0.13 >/dev/null
	traced_at_least 2 "zgc_flow_expire: dev=zgc0 table=cache($ping|$pong)" 10
	zgc_eq "expired counted" "$(zgc_stat "$G" zgc0 flow_expired)" 2
}

# Drops: zgc's reason (the zgcctl stats counter) on zgc:zgc_drop, the
# kernel's on skb:kfree_skb, where one fits.
drops()
{
	# shellcheck disable=SC2034 # topology() sets them
	local G H1 H2 H3

	tenant_case
	topology geneve
	trace_start zgc/zgc_drop skb/kfree_skb
	# Three bytes of UDP to the tunnel port: too short for a header.
	ip netns exec "$H1" python3 -c "
import socket
socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b'zgc', ('192.0.2.1', 6081))"
	traced_at_least 1 "zgc_drop: dev=zgc0 reason=rx_truncated len=" 5
	zgc_eq "counted" "$(zgc_stat "$G" zgc0 rx_truncated)" 1
	traced_at_least 1 "kfree_skb: .*reason: PKT_TOO_SMALL" 5
	# A source no endpoint of the host has: as rp_filter's drops. (The
	# gateway's ARP entry made first, by a packet that goes through.)
	ip netns exec "$H1" ping -c 1 -W 2 10.2.0.13 >/dev/null
	ip -n "$H1" addr add 10.1.0.99/32 dev tun0
	zgc_fails ip netns exec "$H1" ping -c 1 -W 1 -I 10.1.0.99 10.2.0.13 >/dev/null
	traced_at_least 1 "zgc_drop: dev=zgc0 reason=rx_spoofed len=" 5
	traced_at_least 1 "kfree_skb: .*reason: IP_RPFILTER" 5
	# An ACL's verdict: zgc's reason; the kernel has none for it.
	zc acl add zgc0 vni 100 prio 1 dst 10.2.0.13 action deny
	zgc_fails ip netns exec "$H1" ping -c 1 -W 1 10.2.0.13 >/dev/null
	zgc_eq "denied" "$(traced "zgc_drop: dev=zgc0 reason=rx_acl_deny len=")" 1
}

# The DFT's messages: a FWD's LOOKUP sent to the flow's tail and received
# there, the entry inserted on the chain's FTNs, the REPLY received by
# the FWD, which caches the verdict; messages refused, with their reason.
dft_messages()
{
	# shellcheck disable=SC2034 # topology() sets them
	local S C H1 H2 F1 F2 N3 N4 N5 N6 tail flow

	# shellcheck source=dft_net.sh
	. "$(dirname "$0")/dft_net.sh"
	topology
	trace_start zgc/dft_msg_send zgc/dft_msg_recv zgc/zgc_flow_insert \
		zgc/zgc_drop
	ip netns exec "$H1" ping -c 1 -W 5 10.1.0.12 >/dev/null
	flow=' vni=100 proto=1 src=::ffff:10.1.0.11 sport=[0-9]+ dst=::ffff:10.1.0.12 '
	# The tail F1 asked: the node of its LOOKUP.
	tail=$(sed -nE 's/.*dft_msg_send: dev=zgc0 op=lookup .* node=([0-9]+) addr=.*/\1/p' \
		"$TRACE/trace" | head -n 1)
	zgc_match "a LOOKUP sent" "$tail" '^[3-6]$'
	traced_at_least 1 "dft_msg_recv: dev=zgc0 op=lookup .* node=1 addr=10.9.0.1$" 5
	traced_at_least 1 "dft_msg_recv: dev=zgc0 op=reply .* node=$tail addr=10.9.0.$tail$" 5
	# Its chain's two FTNs hold the entry; F1 caches the verdict.
	traced_at_least 2 "zgc_flow_insert: dev=zgc0 table=dft$flow" 5
	traced_at_least 1 "zgc_flow_insert: dev=zgc0 table=cache$flow" 5
	# Messages refused: of a version zgc does not speak, of a future epoch.
	ip netns exec "$F1" python3 "$(dirname "$0")/dft_msg.py" 10.9.0.1 \
		10.9.0.3 version=9 epoch=99
	traced_at_least 1 "zgc_drop: dev=zgc0 reason=dft_rx_version " 5
	traced_at_least 1 "zgc_drop: dev=zgc0 reason=dft_rx_future_epoch " 5
}

zgc_main flow_life drops dft_messages
