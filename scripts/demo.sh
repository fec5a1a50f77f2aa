#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The demo, run inside a guest by `make demo`: create zgc devices in a
# network namespace and show them with zgcctl and ip.
set -euo pipefail

run()
{
	printf '\n$ %s\n' "$*"
	"$@"
}

ns=gw1
ip netns add $ns
trap 'ip netns del $ns' EXIT

run ip -n $ns link add zgc0 type zgc
run ip netns exec $ns zgcctl set zgc0 overlay vxlan
run ip -n $ns link add zgc1 type zgc
run ip -n $ns link set zgc0 up
run ip netns exec $ns zgcctl show
run ip netns exec $ns zgcctl -j -p show
run ip -n $ns -d link show zgc0
run ip netns exec $ns zgcctl set zgc0 port 4790 || true
