#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Lifecycle races: while tenant traffic runs (pings 100 a second, IPv4
# and IPv6, across subnets), configuration writes, dumps, flushes, the
# device going down and up, deleted and made again, its namespace
# deleted, and the module unloaded, all at once; and in a cluster, its
# description applied again and renewed, nodes drained, made again and
# joining. Nothing may crash, hang or leak (the guest fails the run on a
# KASAN, lockdep or kmemleak report, or a module reference left), and
# once the churn stops the traffic goes through again. Each race runs
# $ZGC_LIFECYCLE_S seconds.
#
# Topology: tenant_net.sh (G with zgc0; H1, H2, H3 instances of VNI 100);
# dft_net.sh's cluster for cluster_races.

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=tenant_net.sh
. "$(dirname "$0")/tenant_net.sh"

RACE_S=${ZGC_LIFECYCLE_S:-15}
STOP=
PIDS=()

# loop CMD...: run CMD... again and again, its failures ignored, until
# stop(); in the background.
loop()
{
	(
		while [ ! -e "$STOP" ]; do
			"$@" >/dev/null 2>&1 || true
		done
	) &
	PIDS+=($!)
}

# loops_begin: the loops may run, until stop() or the case's end.
loops_begin()
{
	STOP=$(mktemp -u)
	# shellcheck disable=SC2016 # PIDS when the case ends
	ZGC_CLEANUP+=('touch "$STOP"; kill "${PIDS[@]}" 2>/dev/null; rm -f "$STOP"')
}

# start: the loops may run; traffic from H1 and H2 to H3.
start()
{
	loops_begin
	loop ip netns exec "$H1" ping -q -i 0.01 -c 500 -W 1 10.2.0.13
	loop ip netns exec "$H2" ping -q -i 0.01 -c 500 -W 1 fd00:2::13
}

# stop: the loops end, after RACE_S seconds.
stop()
{
	sleep "$RACE_S"
	touch "$STOP"
	wait "${PIDS[@]}"
	PIDS=()
}

mac_of()
{
	ip -n "$1" -j link show tun0 | jq -r '.[0].address'
}

# reconfigure: G's zgc0 as tenant_net.sh's topology() made it.
reconfigure()
{
	ip -n "$G" link add zgc0 type zgc 2>/dev/null || true
	ip -n "$G" link set zgc0 up
	zc subnet add zgc0 vni 100 gw 10.1.0.1/24 mac 02:00:00:00:01:00
	zc subnet add zgc0 vni 100 gw 10.2.0.1/24 mac 02:00:00:00:02:00
	zc subnet add zgc0 vni 100 gw fd00:1::1/64 mac 02:00:00:00:01:00
	zc subnet add zgc0 vni 100 gw fd00:2::1/64 mac 02:00:00:00:02:00
	zc endpoint add zgc0 vni 100 ip 10.1.0.11 mac "$M1" host 192.0.2.11
	zc endpoint add zgc0 vni 100 ip 10.1.0.12 mac "$M2" host 192.0.3.12
	zc endpoint add zgc0 vni 100 ip 10.2.0.13 mac "$M3" host 192.0.4.13
	zc endpoint add zgc0 vni 100 ip fd00:1::11 mac "$M1" host 192.0.2.11
	zc endpoint add zgc0 vni 100 ip fd00:1::12 mac "$M2" host 192.0.3.12
	zc endpoint add zgc0 vni 100 ip fd00:2::13 mac "$M3" host 192.0.4.13
}

# Traffic goes through: the configuration is whole again.
traffic_flows()
{
	ip netns exec "$H1" ping -c 2 -W 2 10.2.0.13 >/dev/null
	ip netns exec "$H2" ping -c 2 -W 2 fd00:2::13 >/dev/null
}

endpoint_churn()
{
	zc endpoint del zgc0 vni 100 ip 10.2.0.13
	zc endpoint add zgc0 vni 100 ip 10.2.0.13 mac "$M3" host 192.0.4.13
}

acl_churn()
{
	zc acl add zgc0 vni 100 prio 5 dst 10.2.0.13 proto icmp action deny
	zc acl del zgc0 vni 100 prio 5
}

tenant_churn()
{
	zc subnet add zgc0 vni 300 gw 10.30.0.1/24 mac 02:00:00:00:30:00
	zc endpoint add zgc0 vni 300 ip 10.30.0.5 mac 02:00:00:00:30:05 host 192.0.2.11
	zc tenant set zgc0 vni 300 flow_rate 10
	zc endpoint del zgc0 vni 300 ip 10.30.0.5
	zc subnet del zgc0 vni 300 gw 10.30.0.1
}

dumps()
{
	zc -j flow show zgc0
	zc endpoint show zgc0
	zc acl show zgc0
	zc tenant show zgc0
	zc subnet show zgc0
	zc -j stats zgc0
	zc show
}

settings_churn()
{
	zc set zgc0 flow_timeout 5
	zc set zgc0 flow_timeout 300
	zc flow flush zgc0
	zc flow flush zgc0 vni 100
}

link_churn()
{
	ip -n "$G" link set zgc0 down
	ip -n "$G" link set zgc0 up
}

device_churn()
{
	ip -n "$G" link del zgc0
	reconfigure
}

# Every kind of configuration write, dump and flush, and the device going
# down and up, at once, under traffic.
configuration_races()
{
	# shellcheck disable=SC2034 # topology() sets them
	local G H1 H2 H3 M1 M2 M3

	topology geneve
	M1=$(mac_of "$H1") M2=$(mac_of "$H2") M3=$(mac_of "$H3")
	start
	loop endpoint_churn
	loop acl_churn
	loop tenant_churn
	loop dumps
	loop settings_churn
	loop link_churn
	stop
	ip -n "$G" link set zgc0 up
	zc acl del zgc0 vni 100 prio 5 2>/dev/null || true
	zc endpoint add zgc0 vni 100 ip 10.2.0.13 mac "$M3" host 192.0.4.13 2>/dev/null || true
	traffic_flows
}

# The device deleted and made again, then its namespace deleted, while
# traffic, dumps and configuration writes go on.
device_races()
{
	# shellcheck disable=SC2034 # topology() sets them
	local G H1 H2 H3 M1 M2 M3

	topology geneve
	M1=$(mac_of "$H1") M2=$(mac_of "$H2") M3=$(mac_of "$H3")
	start
	loop dumps
	loop endpoint_churn
	loop device_churn
	stop
	reconfigure 2>/dev/null || true
	traffic_flows
	start
	loop dumps
	loop settings_churn
	sleep 2
	ip netns del "$G"
	stop
	zgc_eq "no reference left" "$(cat /sys/module/zgc/refcnt)" 0
}

# The module unloaded while traffic, dumps and writes go on (it goes once
# no request is running), then loaded again.
unload_races()
{
	# shellcheck disable=SC2034 # topology() sets them
	local G H1 H2 H3 M1 M2 M3 i

	topology geneve
	M1=$(mac_of "$H1") M2=$(mac_of "$H2") M3=$(mac_of "$H3")
	start
	loop dumps
	loop endpoint_churn
	loop link_churn
	sleep 2
	for ((i = 0; i < 200; i++)); do
		rmmod zgc 2>/dev/null && break
		sleep 0.05
	done
	zgc_fails zgc_dev_exists "$G" zgc0
	stop
	modprobe zgc
	reconfigure
	traffic_flows
}

# A keyed cluster (dft_net.sh's: two FWDs, two chains) while pings cross
# it both ways: its description applied again on every node (the same
# epoch, as after a reboot) and renewed (the next epoch), N5 drained and
# back, N6's device made again (a node joining, that syncs its chain),
# flows flushed, the cluster, the DFT and the flows dumped, the hosts
# moving between the FWDs, all at once. Then, under one last
# description, every node alive and traffic through both ways.
cluster_races()
{
	# shellcheck disable=SC2034 # topology() sets them
	local H1 H2 S C F1 F2 N3 N4 N5 N6 EPOCHS
	local key=000102030405060708090a0b0c0d0e0f

	# shellcheck source=dft_net.sh
	. "$(dirname "$0")/dft_net.sh"
	topology
	apply_all 2 ", \"key\": \"$key\""
	EPOCHS=$(mktemp)
	echo 2 >"$EPOCHS"
	loops_begin
	loop ip netns exec "$H1" ping -q -i 0.05 -c 100 -W 1 10.1.0.12
	loop ip netns exec "$H2" ping -q -i 0.05 -c 100 -W 1 10.1.0.11
	loop apply_all_again "$key"
	loop apply_next "$key"
	loop cluster_drain_churn
	loop cluster_join_churn "$key"
	loop cluster_dumps
	loop via_churn
	stop
	# One more epoch than any the loops applied, on every node.
	apply_all $(($(cat "$EPOCHS") + 1)) ", \"key\": \"$key\""
	zn N5 cluster drain zgc0 off 2>/dev/null || true
	members_settled
	via 1
	tping H1 10.1.0.12 2
	via 2
	tping H2 10.1.0.11 2
}

# apply_all_again KEY: the current description applied again, as after
# a reboot.
apply_all_again()
{
	apply_all "$(cat "$EPOCHS")" ", \"key\": \"$1\""
}

# apply_next KEY: the next epoch, node by node.
apply_next()
{
	local e

	e=$(($(cat "$EPOCHS") + 1))
	echo "$e" >"$EPOCHS"
	apply_all "$e" ", \"key\": \"$1\""
	sleep 1
}

cluster_drain_churn()
{
	zn N5 cluster drain zgc0
	sleep 0.5
	zn N5 cluster drain zgc0 off
}

# cluster_join_churn KEY: N6's device made again, joining the cluster.
cluster_join_churn()
{
	ip -n "$N6" link del zgc0
	EPOCH=$(cat "$EPOCHS") MORE=", \"key\": \"$1\"" JOIN=1 node_device N6 6
	sleep 1
}

cluster_dumps()
{
	zn F1 flow flush zgc0
	zn N3 -j cluster show zgc0
	zn N4 -j dft show zgc0
	zn F2 -j flow show zgc0
	zn N6 -j stats zgc0
}

via_churn()
{
	via 1
	sleep 0.3
	via 2
	sleep 0.3
}

zgc_main configuration_races device_races unload_races cluster_races
