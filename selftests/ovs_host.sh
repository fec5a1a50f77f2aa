# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Open vSwitch compute hosts for the selftests, sourced after lib.sh: a
# host namespace runs an OVS of its own (ovsdb-server and ovs-vswitchd,
# Debian's openvswitch-switch, on the kernel's openvswitch datapath) with
# a bridge br0 that has a Geneve or VXLAN tunnel port to the gateway and
# the instance, a namespace of its own, on a veth port: what the SDD
# assumes of every compute host. zgc_cleanup() stops the daemons.

OVS_SCHEMA=/usr/share/openvswitch/vswitch.ovsschema

# ovs_available: OVS's programs and its kernel datapath are here.
ovs_available()
{
	command -v ovs-vswitchd >/dev/null && command -v ovsdb-server >/dev/null &&
		command -v ovs-vsctl >/dev/null && [ -f "$OVS_SCHEMA" ] &&
		modprobe openvswitch
}

# ovs_stop DIR: stop the daemons of the OVS whose files are in DIR.
ovs_stop()
{
	local d pid i

	for d in ovs-vswitchd ovsdb-server; do
		[ -f "$1/$d.pid" ] || continue
		pid=$(cat "$1/$d.pid")
		kill "$pid" 2>/dev/null || continue
		for ((i = 0; i < 50; i++)); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
	done
	rm -rf "$1"
}

# ovs_vsctl HOST ARGS...: ovs-vsctl of HOST's OVS.
ovs_vsctl()
{
	local dir=${1}_OVS

	shift
	ovs-vsctl --db="unix:${!dir}/db.sock" --timeout=30 "$@"
}

# ovs_appctl HOST ARGS...: ovs-appctl to HOST's ovs-vswitchd.
ovs_appctl()
{
	local dir=${1}_OVS

	shift
	ovs-appctl -t "${!dir}/ovs-vswitchd.ctl" "$@"
}

# ovs_start HOST: an OVS of its own in the namespace HOST, its files in
# the directory ${HOST}_OVS (which the caller declares local too).
ovs_start()
{
	local ns=${!1} dir

	if ! ovs_available; then
		echo "no Open vSwitch (scripts/deps.sh installs it)"
		return 1
	fi
	dir=$(mktemp -d)
	printf -v "${1}_OVS" '%s' "$dir"
	ZGC_CLEANUP+=("ovs_stop $dir")
	ovsdb-tool create "$dir/conf.db" "$OVS_SCHEMA"
	# OVS_RUNDIR: where the bridges' management sockets go.
	OVS_RUNDIR=$dir ip netns exec "$ns" ovsdb-server "$dir/conf.db" \
		--remote="punix:$dir/db.sock" --pidfile="$dir/ovsdb-server.pid" \
		--unixctl="$dir/ovsdb-server.ctl" \
		--log-file="$dir/ovsdb-server.log" -vconsole:off --detach
	ovs_vsctl "$1" --no-wait init
	OVS_RUNDIR=$dir ip netns exec "$ns" ovs-vswitchd "unix:$dir/db.sock" \
		--pidfile="$dir/ovs-vswitchd.pid" \
		--unixctl="$dir/ovs-vswitchd.ctl" \
		--log-file="$dir/ovs-vswitchd.log" -vconsole:off --detach
}

# ovs_compute HOST INST KIND REMOTE ADDR/LEN GW [VNI [MAC]]: HOST (a
# namespace with its underlay) becomes an OVS compute host: br0 with the
# tunnel port tun0 (KIND geneve or vxlan, key VNI (100), remote_ip
# REMOTE, the gateway's entrance) and the veth port of the instance INST,
# a new namespace whose eth0 (MAC if given) has ADDR/LEN and a default
# route to GW.
ovs_compute()
{
	local host=$1 inst=$2 kind=$3 remote=$4 addr=$5 gw=$6 vni=${7:-100}

	ovs_start "$host"
	zgc_ns_new "$inst"
	ovs_vsctl "$host" add-br br0 -- \
		add-port br0 tun0 -- set interface tun0 type="$kind" \
		options:key="$vni" options:remote_ip="$remote"
	ip link add "vm$inst" netns "${!host}" type veth peer name eth0 netns "${!inst}"
	ip -n "${!host}" link set "vm$inst" up
	ovs_vsctl "$host" add-port br0 "vm$inst"
	[ -z "${8:-}" ] || ip -n "${!inst}" link set eth0 address "$8"
	ip -n "${!inst}" addr add "$addr" dev eth0
	ip -n "${!inst}" link set eth0 up
	ip -n "${!inst}" route add default via "$gw"
}

# ovs_mac INST: the MAC of the instance's eth0.
ovs_mac()
{
	ip -n "${!1}" -j link show eth0 | jq -r '.[0].address'
}

# ovs_tunnelled HOST REMOTE: HOST's datapath sent packets into its
# tunnel to REMOTE and took packets from it, by the datapath's flows
# (ovs-appctl dpctl/dump-flows); they are printed if not.
ovs_tunnelled()
{
	local sent got

	read -r sent got < <(ovs_appctl "$1" dpctl/dump-flows | awk -v r="$2" '
	/set\(tunnel\(/ && index($0, "dst=" r ",") { split($0, a, "packets:"); s += a[2] + 0 }
	/^(recirc_id\([0-9x]+\),)?tunnel\(/ && index($0, "src=" r ",") { split($0, a, "packets:"); g += a[2] + 0 }
	END { printf "%d %d\n", s, g }')
	if [ "$sent" -eq 0 ] || [ "$got" -eq 0 ]; then
		echo "OVS's datapath: $sent packets into its tunnel to $2, $got out"
		ovs_appctl "$1" dpctl/dump-flows
		return 1
	fi
}
