#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Maintenance: nodes drained (`zgcctl cluster drain`), brought back and
# upgraded while 50 TCP connections run, each exchanging a line every
# 300 to 600 ms; none breaks, new ones open, and the replicas agree
# (dft_net.sh has the cluster, here with chains of three, as in
# zgc_failover.sh and zgc_rejoin.sh).

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=traffic.sh
. "$(dirname "$0")/traffic.sh"
# shellcheck source=dft_net.sh
. "$(dirname "$0")/dft_net.sh"

three_chains

# Maintenance while the connections run. N6 (chain 2's middle) is
# drained: every node shows it draining, with no death declared, and
# chain 2 goes on without it: new flows (UDP to 20 ports) are written on
# N3, which is in both chains, and not on N6. N5 (the tail of chain 1 and the head
# of chain 2) is drained too; N3, chain 2's only serving node now, may
# not be drained. N6 comes back (drain off): it syncs chain 2 from its
# tail. N5 is upgraded: its device deleted and created anew, as rmmod
# and modprobe of a new module would do (the nodes of a test share one
# kernel, so the module itself stays); the new device syncs both chains
# and takes its places. The replicas of both chains then agree, no
# connection broke, and new ones open.
drain_and_upgrade()
{
	# shellcheck disable=SC2034 # topology() sets them
	local H1 H2 S C F1 F2 N3 N4 N5 N6 R DIR TALK SERVER TALKER i deaths
	local inserts3 inserts6
	# The new flows stay idle until the replicas are compared, which a
	# debug guest reaches minutes later: their entries must not expire
	# meanwhile, each replica at its own moment (node_device).
	local FLOW_TIMEOUT=3600

	topology
	router
	neighbours_known
	talk_start
	deaths=$(stat_sum dft_node_dead F1 F2 N3 N4 N5 N6)
	zgc_match "a FWD has no chain to leave" \
		"$(zgc_err_of zn F1 cluster drain zgc0)" "in no chain"
	zn N6 cluster drain zgc0
	wait_all 6 draining 15 F1 F2 N3 N4 N5
	zgc_eq "N6 shows itself draining" "$(state N6 6)" draining
	inserts3=$(zgc_stat "$N3" zgc0 dft_insert)
	inserts6=$(zgc_stat "$N6" zgc0 dft_insert)
	ip netns exec "$H1" bash -c \
		"for p in {7001..7020}; do echo x >/dev/udp/10.1.0.12/\$p; done"
	for ((i = 0; i < 50; i++)); do
		(($(zgc_stat "$N3" zgc0 dft_insert) - inserts3 >= 20)) && break
		sleep 0.2
	done
	zgc_eq "N3 took the new flows' entries" \
		"$(($(zgc_stat "$N3" zgc0 dft_insert) - inserts3 >= 20))" 1
	zgc_eq "N6, drained, took none" "$(zgc_stat "$N6" zgc0 dft_insert)" "$inserts6"
	zn N5 cluster drain zgc0
	wait_all 5 draining 15 F1 F2 N3 N4 N6
	zgc_match "N3 serves chain 2 alone" \
		"$(zgc_err_of zn N3 cluster drain zgc0)" "no other node that serves"
	zgc_eq "no death declared" "$(stat_sum dft_node_dead F1 F2 N3 N4 N5 N6)" "$deaths"
	zn N6 cluster drain zgc0 off
	wait_all 6 alive 30 F1 F2 N3 N4 N5
	zgc_eq "N6 synced chain 2" "$(($(zgc_stat "$N6" zgc0 dft_synced) >= 1))" 1
	replicas_agree 2 N3 N6
	ip -n "$N5" link del zgc0
	node_device N5 5
	wait_all 5 alive 30 F1 F2 N3 N4 N6
	wait_sees N5 alive 15 1 2 3 4 6
	zgc_eq "N5 synced both chains" "$(($(zgc_stat "$N5" zgc0 dft_synced) >= 2))" 1
	replicas_agree 1 N3 N4 N5
	replicas_agree 2 N5 N6 N3
	talk_end
	tcp_transfer "$H2" "$H1" 10.1.0.11
}

zgc_main drain_and_upgrade
