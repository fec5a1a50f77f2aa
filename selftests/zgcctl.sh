#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# zgcctl as an operator uses it: show (plain and JSON, parsed here with
# jq), set, and the errors it must explain.

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

zc()
{
	ip netns exec "$NS" "$ZGCCTL" "$@"
}

setup_two()
{
	zgc_ns_new NS
	ip -n "$NS" link add zgc0 type zgc
	zc set zgc0 overlay vxlan port 7000
	ip -n "$NS" link add zgc1 type zgc
}

show_plain()
{
	local ifindex

	setup_two
	ifindex=$(zgc_link_json "$NS" zgc1 | jq .ifindex)
	zgc_eq "show zgc1" "$(zc show zgc1)" \
		"zgc1: ifindex $ifindex overlay geneve port 6081 ttl auto df unset provider off flows 0 flow_timeout 300 flow_max 1048576 flow_vni_max 262144 dft_entries 0"
	zgc_eq "lines" "$(zc show | wc -l)" 2
}

show_json()
{
	local j OTHER

	setup_two
	zgc_ns_new OTHER
	ip -n "$OTHER" link add zgc9 type zgc
	j=$(zc -j show)
	zgc_eq "device count" "$(jq length <<<"$j")" 2
	zgc_eq "zgc0" "$(jq -c '.[] | select(.ifname == "zgc0") | [.overlay, .port]' <<<"$j")" \
		'["vxlan",7000]'
	zgc_eq "zgc1" "$(jq -c '.[] | select(.ifname == "zgc1") | [.overlay, .port]' <<<"$j")" \
		'["geneve",6081]'
	zgc_eq "ifindex type" "$(jq -r '[.[].ifindex | type] | unique | .[]' <<<"$j")" number
	zgc_eq "zgc0 ifindex" "$(jq '.[] | select(.ifname == "zgc0") | .ifindex' <<<"$j")" \
		"$(zgc_link_json "$NS" zgc0 | jq .ifindex)"
	zgc_eq "one device" "$(zc -j show zgc1 | jq -c '[length, .[0].ifname]')" '[1,"zgc1"]'
	zgc_eq "pretty equals compact" "$(zc -j -p show | jq -c .)" "$(jq -c . <<<"$j")"
	# -n: another namespace's devices, as ip -n.
	zgc_eq "-n OTHER" "$(zc -n "$OTHER" -j show | jq -c '[.[].ifname]')" '["zgc9"]'
	zgc_eq "--netns by path" \
		"$("$ZGCCTL" --netns "/run/netns/$NS" show zgc1 | cut -d ' ' -f 1)" "zgc1:"
}

set_overlay_and_port()
{
	setup_two
	zc set zgc1 overlay vxlan
	zgc_eq "overlay alone" "$(zc -j show zgc1 | jq -c '.[0] | [.overlay, .port]')" \
		'["vxlan",4789]'
	zc set zgc1 port 5000
	zgc_eq "port alone" "$(zc -j show zgc1 | jq -c '.[0] | [.overlay, .port]')" \
		'["vxlan",5000]'
}

errors_explained()
{
	local err rc

	setup_two
	err=$(zgc_err_of zc show zgc7)
	zgc_match "missing device" "$err" "^zgcctl: .*no device with this name"
	err=$(zgc_err_of zc show lo)
	zgc_match "not zgc" "$err" "not a zgc device"
	err=$(zgc_err_of zc set zgc1 port 7000)
	zgc_match "port taken" "$err" "uses this UDP port"
	ip -n "$NS" link set zgc1 up
	err=$(zgc_err_of zc set zgc1 port 7001)
	zgc_match "device up" "$err" "the device is up"
	rc=0
	zc set zgc1 port 7001 2>/dev/null || rc=$?
	zgc_eq "kernel error exit status" "$rc" 1
	# A zgcctl of another version of the family is told so.
	err=$(zgc_err_of ip netns exec "$NS" "$ZGCCTL-genl-next" show)
	zgc_eq "family version" "$err" \
		"zgcctl: the zgc kernel module speaks version 1 of the Generic Netlink family \"zgc\", this zgcctl version 2: use the zgcctl of the module's release"
	zgc_match "-V" "$("$ZGCCTL" -V)" "^zgcctl .* \\(Generic Netlink family zgc version 1\\)$"
	err=$(zgc_err_of "$ZGCCTL" -n zgc-no-such-netns show)
	zgc_match "no such namespace" "$err" \
		'^zgcctl: network namespace "zgc-no-such-netns": /run/netns/zgc-no-such-netns: No such file or directory$'
}

usage_errors()
{
	local rc

	setup_two
	for args in "set zgc0 port 0" "set zgc0 port 65536" "set zgc0 overlay gre" \
		    "set zgc0" "frobnicate" "show zgc0 extra" \
		    "show zgc0123456789abcdef" "monitor zgc0 extra" \
		    "monitor -x" "cluster drain" "cluster drain zgc0 maybe" \
		    "cluster drain zgc0 on extra"; do
		rc=0
		# shellcheck disable=SC2086
		zc $args 2>/dev/null || rc=$?
		zgc_eq "exit status of '$args'" "$rc" 2
	done
	zc --help | grep -q show
	# The help fits 80 columns, each form of a command on its own line.
	zgc_eq "help over 79 columns" "$(zc help | awk 'length > 79')" ""
	zgc_eq "usage over 79 columns" \
		"$(for c in set subnet acl service cluster; do
			zc "$c" 2>&1; done | awk 'length > 79')" ""
	zgc_eq "a form a line" "$(zc help flow | head -n 2)" \
		"Usage: zgcctl flow show DEV [vni VNI] [chain N]
       zgcctl flow flush DEV [vni VNI] [chain N]"
	# A missing option argument is not an unknown option.
	zgc_eq "-n without a name" "$(zgc_err_of zc -n)" \
		"zgcctl: option '-n' needs an argument (try 'zgcctl help')"
	zgc_eq "--batch without a file" "$(zgc_err_of zc --batch)" \
		"zgcctl: option '--batch' needs an argument (try 'zgcctl help')"
	# dft has no flush to offer.
	zgc_eq "dft alone" "$(zgc_err_of zc dft)" \
		$'zgcctl: dft: give show\nUsage: zgcctl dft show DEV [vni VNI] [chain N]'
}

# Reading needs no privilege; changing needs CAP_NET_ADMIN.
unprivileged()
{
	local err

	setup_two
	ip netns exec "$NS" setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$ZGCCTL" show zgc0 >/dev/null
	err=$(zgc_err_of ip netns exec "$NS" setpriv --reuid=65534 --regid=65534 \
		--clear-groups "$ZGCCTL" set zgc0 port 7100)
	zgc_match "unprivileged set" "$err" "Operation not permitted"
}

# endpoint_lines FILE FIRST COUNT: append COUNT `endpoint add` lines to
# FILE, for the addresses 10.0.0.0 + FIRST, ... in VNI 100.
endpoint_lines()
{
	python3 -c "
for i in range($2, $2 + $3):
    print('endpoint add zgc0 vni 100 ip 10.%d.%d.%d mac 02:00:00:%02x:%02x:%02x host 192.0.2.%d'
          % (i >> 16 & 255, i >> 8 & 255, i & 255,
             i >> 16 & 255, i >> 8 & 255, i & 255, 1 + i % 200))" >>"$1"
}

# 100k endpoints from one batch file: all there.
batch_100k()
{
	local f

	zgc_ns_new NS
	ip -n "$NS" link add zgc0 type zgc
	f=$(mktemp)
	{
		echo "# a tenant"
		echo "subnet add zgc0 vni 100 gw 10.0.0.1/8 mac 02:00:00:00:00:01"
		echo
	} >"$f"
	endpoint_lines "$f" 256 100000
	# And another tenant's few, which show ... vni finds among them.
	cat >>"$f" <<-EOF
	subnet add zgc0 vni 200 gw 10.0.0.1/8 mac 02:00:00:00:00:02
	endpoint add zgc0 vni 200 ip 10.0.1.2 mac 02:00:00:00:02:02 host 192.0.2.2
	endpoint add zgc0 vni 200 ip 10.0.1.1 mac 02:00:00:00:02:01 host 192.0.2.1
	EOF
	zc -b "$f"
	rm -f "$f"
	zgc_eq "endpoints" "$(zc -j endpoint show zgc0 | jq length)" 100002
	zgc_eq "last" "$(zc endpoint show zgc0 vni 100 | tail -n 1 | cut -d' ' -f1-4)" \
		"vni 100 ip 10.1.135.159"
	zgc_eq "one tenant's" "$(zc endpoint show zgc0 vni 200)" \
"vni 200 ip 10.0.1.1 mac 02:00:00:00:02:01 host 192.0.2.1
vni 200 ip 10.0.1.2 mac 02:00:00:00:02:02 host 192.0.2.2"
	zgc_eq "its tenant's count" "$(zc -j endpoint show zgc0 vni 100 | jq length)" \
		100000
	zgc_eq "no such tenant" "$(zc -j endpoint show zgc0 vni 300)" "[]"
	zgc_match "not a VNI" "$(zgc_err_of zc endpoint show zgc0 vni x)" \
		"show takes a device, then optionally vni VNI"
}

# The failing line of a batch is named; what came before it was done.
batch_errors()
{
	local f err rc

	zgc_ns_new NS
	ip -n "$NS" link add zgc0 type zgc
	f=$(mktemp)
	echo "subnet add zgc0 vni 100 gw 10.0.0.1/8 mac 02:00:00:00:00:01" >"$f"
	endpoint_lines "$f" 256 3000
	# Line 2502 adds the endpoint of line 2 again.
	sed -n 2p "$f" >"$f.dup"
	sed -i "2501r $f.dup" "$f"
	err=$(zgc_err_of zc -b "$f")
	zgc_match "line named" "$err" \
		"^zgcctl: $f:2502: endpoint zgc0: File exists: this VNI already has an endpoint with this address"
	zgc_eq "done before it" "$(zc -j endpoint show zgc0 | jq length)" 2500
	printf 'show zgc0\nendpoint add zgc0 vni 100 ip 10.9.9.9\n' >"$f"
	rc=0
	err=$(zc -b "$f" 2>&1 >/dev/null) || rc=$?
	zgc_eq "usage error status" "$rc" 2
	zgc_match "usage line" "$err" "^zgcctl: $f:2: endpoint: give vni, ip, mac and host"
	# A monitor never ends: not in a batch.
	printf 'monitor\n' >"$f"
	rc=0
	err=$(zc -b "$f" 2>&1 >/dev/null) || rc=$?
	zgc_eq "monitor in a batch" "$rc" 2
	zgc_match "monitor line" "$err" "^zgcctl: $f:1: monitor runs until it is stopped: not in a batch"
	rm -f "$f" "$f.dup"
}

# config_of DEV: what zgcctl shows of a device's configuration (its
# ifindex aside), each list as JSON.
config_of()
{
	local o

	zc -j show "$1" | jq -c '.[0] | del(.ifindex)'
	for o in subnet tenant endpoint acl service host; do
		zc -j "$o" show "$1"
	done
}

# zgcctl save writes a device's configuration as the commands that zgcctl
# -b reads back: saved, the device deleted and made again, restored,
# everything shows the same. Its subnet, tenant, endpoint and acl lines
# are those objects' show lines, so this also proves show's output can
# be fed back (src any, proto names, gw ADDR/LEN, ttl auto).
save_restore()
{
	local f before err

	zgc_ns_new NS
	ip -n "$NS" link add zgc0 type zgc
	zc set zgc0 port 7081 local 192.0.2.1 \
		entrances 198.51.100.1,198.51.100.2 df set flow_timeout 60 \
		flow_max 5000 flow_vni_max 400 provider on
	f=$(mktemp)
	cat >"$f" <<-EOF
	subnet add zgc0 vni 100 gw 10.0.0.1/8 mac 02:00:00:00:01:00
	subnet add zgc0 vni 100 gw fd00:1::1/64 mac 02:00:00:00:01:00
	subnet add zgc0 vni 200 gw 172.16.0.1/16 mac 02:00:00:00:02:00
	EOF
	# 10.0.1.0 to 10.0.8.207, backends among them
	endpoint_lines "$f" 256 2000
	cat >>"$f" <<-EOF
	tenant set zgc0 vni 100 any_source on flow_rate 500 config_version 3
	endpoint add zgc0 vni 100 ip fd00:1::11 mac 02:00:0a:01:00:0b host 192.0.2.11
	acl add zgc0 vni 100 prio 10 action deny
	acl add zgc0 vni 100 prio 20 dst 10.2.0.0/24 proto tcp dport 22-23 action reject
	acl add zgc0 vni 100 prio 30 src fd00:1::/64 proto icmpv6 action allow
	acl add zgc0 vni 200 prio 5 proto 47 action deny
	service add zgc0 vni 100 vip 10.0.0.100 port 80 proto tcp backend 10.0.1.11:8080 weight 2 backend 10.0.1.12 down
	service add zgc0 vni 100 vip fd00:1::100 port 53 proto 17 backend [fd00:1::11]:5353
	service add zgc0 vni 100 vip 203.0.113.10 public port 443 proto tcp backend 10.0.1.11:8443
	host down zgc0 192.0.2.13
	EOF
	zc -b "$f"
	before=$(config_of zgc0)
	zgc_eq "what is saved" \
		"$(zc -j endpoint show zgc0 | jq length) $(zc -j acl show zgc0 | jq length) $(zc -j service show zgc0 | jq length)" \
		"2001 4 3"
	# A service's protocol by number is the protocol by name.
	zgc_eq "proto 17" "$(zc -j service show zgc0 | jq -r '.[] | select(.port == 53) | .proto')" udp
	zgc_eq "proto 1" "$(zgc_err_of zc service add zgc0 vni 100 vip 10.0.0.101 port 80 proto 1 backend 10.0.1.11 | head -n 1)" \
		"zgcctl: service: invalid proto '1': expected tcp, udp, 6 or 17"

	zc save zgc0 >"$f"
	ip -n "$NS" link del zgc0
	ip -n "$NS" link add zgc0 type zgc
	zc -b "$f"
	zgc_eq "restored" "$(config_of zgc0)" "$before"
	# Again on the same device, up: the set line changes nothing, and
	# every object is there already, which the first line that adds one
	# says.
	ip -n "$NS" link set zgc0 up
	err=$(zgc_err_of zc -b "$f")
	zgc_match "restored twice" "$err" \
		"^zgcctl: subnet add zgc0: File exists: this VNI already has a gateway"
	zgc_match "restored twice: the line" "$err" "^zgcctl: $f:6: stopped here"
	zgc_eq "save -j" "$(zgc_err_of zc -j save zgc0 | head -n 1)" \
		"zgcctl: save: save writes zgcctl commands, not JSON"
	rm -f "$f"
}

# monitor_lines LOG SKIP: the events of LOG after its first SKIP lines,
# without their time.
monitor_lines()
{
	tail -n "+$(($2 + 1))" "$1" | sed 's/ time_ms [0-9]*$//'
}

# zgcctl monitor hears every change of the configuration made through the
# family, told as the command that makes it, a line per object of a batch
# (those applied before a failure only); with a device given, only that
# device's; with -j, as JSON. Not without CAP_NET_ADMIN.
monitor_config()
{
	local log f i err skip skipj

	setup_two
	log=$(mktemp)
	f=$(mktemp)
	ip netns exec "$NS" "$ZGCCTL" monitor zgc0 >"$log" &
	ZGC_CLEANUP+=("kill $!")
	ip netns exec "$NS" "$ZGCCTL" -j monitor >"$log.j" &
	ZGC_CLEANUP+=("kill $!")
	# Until both hear: then from a clean start.
	for ((i = 0; i < 80; i++)); do
		zc set zgc0 flow_timeout 300
		grep -q flow_timeout "$log" && grep -q flow_timeout "$log.j" &&
			break
		sleep 0.25
	done
	skip=$(wc -l <"$log")
	skipj=$(wc -l <"$log.j")

	zc set zgc0 entrances 198.51.100.1,198.51.100.2 ttl auto df set \
		provider on
	zc subnet add zgc0 vni 100 gw 10.1.0.1/24 mac 02:00:00:00:01:00
	zc subnet add zgc0 vni 100 gw fd00:1::1/64 mac 02:00:00:00:01:00
	zc subnet add zgc0 vni 100 gw 10.9.0.1/24 mac 02:00:00:00:01:00
	zc tenant set zgc0 vni 100 flow_rate 50
	cat >"$f" <<-EOF
	endpoint add zgc0 vni 100 ip 10.1.0.11 mac 02:00:0a:01:00:0b host 192.0.2.11
	endpoint add zgc0 vni 100 ip fd00:1::12 mac 02:00:0a:01:00:0c host 192.0.2.12
	endpoint add zgc0 vni 100 ip 10.1.0.13 mac 02:00:0a:01:00:0d host 192.0.2.13
	endpoint add zgc0 vni 100 ip 10.1.0.11 mac 02:00:0a:01:00:0b host 192.0.2.11
	EOF
	# One request, failing at its last object: three applied.
	zgc_fails zc -b "$f" 2>/dev/null
	zc acl add zgc0 vni 100 prio 10 src 10.1.0.0/24 proto tcp dport 22-23 \
		action reject
	zc acl add zgc0 vni 100 prio 20 action deny
	zc service add zgc0 vni 100 vip 10.1.0.100 port 80 proto tcp \
		backend 10.1.0.11:8080 weight 2 backend 10.1.0.13 down
	zc service add zgc0 vni 100 vip fd00:1::100 port 53 proto udp \
		backend "[fd00:1::12]:5353"
	zc host down zgc0 192.0.2.13
	zc host up zgc0 192.0.2.13
	zc flow flush zgc0 vni 100
	zc acl del zgc0 vni 100 prio 20
	zc endpoint del zgc0 vni 100 ip 10.1.0.13
	zc service del zgc0 vni 100 vip fd00:1::100 port 53 proto udp
	# Refused: nothing to tell.
	zgc_fails zc subnet add zgc0 vni 100 gw 10.1.0.1/24 mac 02:00:00:00:01:00 2>/dev/null
	# Another device's: not in zgc0's monitor.
	zc set zgc1 flow_max 5000
	# The last one, to wait for.
	zc subnet del zgc0 vni 100 gw 10.9.0.1
	for ((i = 0; i < 40; i++)); do
		grep -q 'subnet del' "$log" && grep -q 'subnet del' "$log.j" &&
			break
		sleep 0.25
	done
	zgc_eq "monitor zgc0" "$(monitor_lines "$log" "$skip")" \
"zgc0: event config set entrances 198.51.100.1,198.51.100.2 ttl auto df set provider on
zgc0: event config subnet add vni 100 gw 10.1.0.1/24 mac 02:00:00:00:01:00
zgc0: event config subnet add vni 100 gw fd00:1::1/64 mac 02:00:00:00:01:00
zgc0: event config subnet add vni 100 gw 10.9.0.1/24 mac 02:00:00:00:01:00
zgc0: event config tenant set vni 100 flow_rate 50
zgc0: event config endpoint add vni 100 ip 10.1.0.11 mac 02:00:0a:01:00:0b host 192.0.2.11
zgc0: event config endpoint add vni 100 ip fd00:1::12 mac 02:00:0a:01:00:0c host 192.0.2.12
zgc0: event config endpoint add vni 100 ip 10.1.0.13 mac 02:00:0a:01:00:0d host 192.0.2.13
zgc0: event config acl add vni 100 prio 10 src 10.1.0.0/24 proto tcp dport 22-23 action reject
zgc0: event config acl add vni 100 prio 20 action deny
zgc0: event config service add vni 100 vip 10.1.0.100 port 80 proto tcp backend 10.1.0.11:8080 weight 2 backend 10.1.0.13 down
zgc0: event config service add vni 100 vip fd00:1::100 port 53 proto udp backend [fd00:1::12]:5353
zgc0: event config host down 192.0.2.13
zgc0: event config host up 192.0.2.13
zgc0: event config flow flush vni 100
zgc0: event config acl del vni 100 prio 20
zgc0: event config endpoint del vni 100 ip 10.1.0.13
zgc0: event config service del vni 100 vip fd00:1::100 port 53 proto udp
zgc0: event config subnet del vni 100 gw 10.9.0.1"
	# -j, every device: zgc1's change too, in its place.
	zgc_eq "monitor -j" "$(tail -n "+$((skipj + 1))" "$log.j" |
		jq -r '"\(.ifname) \(.event) \(.change)"' |
		sed -n '1p; 6,8p; 19,$p')" \
"zgc0 config set
zgc0 config endpoint add
zgc0 config endpoint add
zgc0 config endpoint add
zgc1 config set
zgc0 config subnet del"
	zgc_eq "-j args" "$(jq -r 'select(.change == "host down") | .args' "$log.j")" \
		"192.0.2.13"
	# Each line is the command that makes its change: replayed on
	# another device, it makes the same configuration.
	ip -n "$NS" link add zgc2 type zgc port 7002
	monitor_lines "$log" "$skip" |
		sed -n 's/^zgc0: event config \([a-z]* [a-z]*\) \(.*\)$/\1 zgc2 \2/p' |
		grep -v '^set \|^flow flush' >"$f"
	zc -b "$f"
	for o in subnet tenant endpoint acl service host; do
		zgc_eq "replayed: $o" "$(zc -j "$o" show zgc2)" \
			"$(zc -j "$o" show zgc0)"
	done
	err=$(zgc_err_of ip netns exec "$NS" setpriv --reuid=65534 \
		--regid=65534 --clear-groups "$ZGCCTL" monitor)
	zgc_match "unprivileged monitor" "$err" "Operation not permitted"
	rm -f "$log" "$log.j" "$f"
}

# The manuals as man shows them at 80 columns: no line wider, no groff
# warning, and zgcctl(8)'s SYNOPSIS has every form zgcctl help lists.
manuals()
{
	local page out synopsis form

	# (zgcctl(8) last: its rendering is read below.)
	for page in "$(dirname "$ZGCCTL")/../iproute2/zgc.8" \
		    "$(dirname "$ZGCCTL")/zgcctl.8"; do
		out=$(MANWIDTH=80 man -l "$page" 2>&1)
		zgc_match "$page rendered" "$out" "^SYNOPSIS"
		zgc_eq "$page over 80 columns" "$(awk 'length > 80' <<<"$out")" ""
		zgc_eq "$page: groff warnings" "$(groff -man -ww -z "$page" 2>&1)" ""
	done
	synopsis=$(sed -n '/^SYNOPSIS/,/^DESCRIPTION/p' <<<"$out" | tr -s ' \n' ' ')
	# "  subnet add DEV vni VNI ...": the command and its first word.
	while read -r form; do
		zgc_match "'$form' in SYNOPSIS" "$synopsis" \
			"zgcctl (\\[OPTIONS\\] )?$form"
	done < <("$ZGCCTL" help | awk '/^  [a-z]/ { print $1, $2 }' |
		 sed 's/ \[.*//; s/ DEV$//; s/[|]/\\|/g')
}

# Bash completion, as TAB gives it: commands, subcommands, the zgc
# devices of the namespace (of -n), keywords and their values.
completion()
{
	local OTHER

	setup_two
	zgc_ns_new OTHER
	ip -n "$OTHER" link add zgc9 type zgc
	comp()
	{
		# shellcheck disable=SC2016 # expanded by that bash
		ip netns exec "$NS" env PATH="$(dirname "$ZGCCTL"):$PATH" \
			bash -c '. "$1"; shift; COMP_WORDS=("$@");
				 COMP_CWORD=$(($# - 1)); _zgcctl;
				 echo "${COMPREPLY[*]}"' _ \
			"$(dirname "$ZGCCTL")/zgcctl.bash-completion" zgcctl "$@"
	}
	zgc_eq "commands" "$(comp s)" "show stats set subnet service save"
	zgc_eq "options" "$(comp --n)" "--netns"
	zgc_eq "devices" "$(comp -j show "")" "zgc0 zgc1"
	zgc_eq "devices of -n" "$(comp -n "$OTHER" stats "")" "zgc9"
	zgc_eq "subcommands" "$(comp acl "")" "add del show"
	zgc_eq "dft: show only" "$(comp dft "")" "show"
	zgc_eq "device of a subcommand" "$(comp subnet add z)" "zgc0 zgc1"
	zgc_eq "keywords" "$(comp acl add zgc0 vni 100 "")" \
		"vni prio src dst proto dport action"
	zgc_eq "values" "$(comp acl add zgc0 proto "")" "any tcp udp icmp icmpv6"
	zgc_eq "set values" "$(comp set zgc1 ttl "")" "auto"
	zgc_eq "free values" "$(comp subnet add zgc0 vni "")" ""
	zgc_eq "flags" "$(comp service add zgc0 public p)" "port proto public"
	zgc_eq "cluster drain" "$(comp cluster drain zgc0 "")" "on off"
}

zgc_main show_plain show_json set_overlay_and_port errors_explained \
	usage_errors unprivileged batch_100k batch_errors save_restore \
	monitor_config manuals completion
