#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The cluster description, as operators apply it with
# `zgcctl cluster apply DEV FILE self ID` on every node and read it back
# with `zgcctl cluster show`: nodes that are given the same description
# (chains listed in any order) derive the same flow -> chain table; epochs
# order descriptions; invalid ones are refused with a message that says
# what is wrong, and change nothing.
#
# Nodes of the description used here: 1 and 2 FWDs, 3 to 6 FTNs (2 also
# an FTN); chains 1 (3 -> 4) and 2 (5 -> 6 -> 3).

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

NODES='[{"id": 1, "addr": "10.9.0.1", "roles": ["fwd"]},
	{"id": 2, "addr": "10.9.0.2", "roles": ["fwd", "ftn"]},
	{"id": 3, "addr": "10.9.0.3", "roles": ["ftn"]},
	{"id": 4, "addr": "10.9.0.4", "roles": ["ftn"]},
	{"id": 5, "addr": "10.9.0.5", "roles": ["ftn"]},
	{"id": 6, "addr": "10.9.0.6", "roles": ["ftn"]}]'
CHAINS='[{"id": 1, "nodes": [3, 4]}, {"id": 2, "nodes": [5, 6, 3]}]'

# doc EPOCH CHAINS [MORE]: a description of cluster 7; without a key in
# MORE, it says "insecure" (unless MORE says "insecure" itself).
doc()
{
	local more=${3:-}

	[[ $more == *'"key"'* || $more == *'"insecure"'* ]] ||
		more+=', "insecure": true'
	printf '{"cluster": 7, "epoch": %s, "nodes": %s, "chains": %s%s}\n' \
		"$1" "$NODES" "$2" "$more"
}

# apply NS SELF: apply stdin on NS's zgc0 as node SELF.
apply()
{
	ip netns exec "$1" "$ZGCCTL" cluster apply zgc0 - self "$2"
}

show_json()
{
	ip netns exec "$1" "$ZGCCTL" -j cluster show zgc0
}

# Three nodes, one description: one table.
same_table_everywhere()
{
	local A B C ns j digest out

	for ns in A B C; do
		zgc_ns_new "$ns"
		ip -n "${!ns}" link add zgc0 type zgc
	done
	doc 1 "$CHAINS" | apply "$A" 1
	# Chains listed the other way round: the same table.
	doc 1 '[{"id": 2, "nodes": [5, 6, 3]}, {"id": 1, "nodes": [3, 4]}]' |
		apply "$B" 3
	doc 1 "$CHAINS" ', "table_size": 1021, "key": "000102030405060708090a0b0c0d0e0f"' |
		apply "$C" 5
	j=$(show_json "$A")
	digest=$(jq -r '.[0].map_digest' <<<"$j")
	zgc_eq "A" "$(jq -c '.[0] | [.cluster, .epoch, .self, .roles, .table_size, .auth]' <<<"$j")" \
		'[7,1,1,["fwd"],307,false]'
	zgc_eq "slots" "$(jq '[.[0].chains[].slots] | add' <<<"$j")" 307
	zgc_eq "a fair share" "$(jq '[.[0].chains[].slots | . >= 153 and . <= 154] | all' <<<"$j")" true
	zgc_eq "B's digest" "$(show_json "$B" | jq -r '.[0].map_digest')" "$digest"
	zgc_eq "B" "$(show_json "$B" | jq -c '.[0] | [.self, .roles, [.chains[].id]]')" \
		'[3,["ftn"],[2,1]]'
	j=$(show_json "$C")
	zgc_eq "C" "$(jq -c '.[0] | [.table_size, .auth]' <<<"$j")" '[1021,true]'
	[ "$(jq -r '.[0].map_digest' <<<"$j")" != "$digest" ]
	out=$(ip netns exec "$A" "$ZGCCTL" cluster show zgc0)
	zgc_match "plain" "$(head -n 1 <<<"$out")" \
		"^zgc0: cluster 7 epoch 1 self 1 roles fwd table_size 307 auth off map_digest 0x[0-9a-f]+ probe_ms 50 suspect_ms 150 boot 0x[0-9a-f]{8}$"
	zgc_match "plain nodes" "$(sed -n 2,3p <<<"$out")" \
		"^  node [12] addr 10.9.0.[12] roles fwd(,ftn)? state alive incarnation 0 since_ms [0-9]+$"
	zgc_eq "two nodes" "$(sed -n 2,3p <<<"$out" | cut -d ' ' -f 3-8)" "node 1 addr 10.9.0.1 roles fwd
node 2 addr 10.9.0.2 roles fwd,ftn"
	zgc_match "plain chain" "$out" "^  chain 2 nodes 5,6,3 slots 15[34]$"
	zgc_match "insecure said" "$(tail -n 1 <<<"$out")" \
		"^  insecure: no key: any host that can send from a node's address can forge cluster messages$"
	zgc_eq "a keyed one is not" \
		"$(ip netns exec "$C" "$ZGCCTL" cluster show zgc0 | grep -c insecure || true)" 0
	# Down, nobody probes: every node is alive in A's eyes.
	zgc_eq "members" "$(show_json "$A" | jq -c '[.[0].nodes[] | [.id, .state, .incarnation]]')" \
		'[[1,"alive",0],[2,"alive",0],[3,"alive",0],[4,"alive",0],[5,"alive",0],[6,"alive",0]]'
}

# The membership's settings: given, shown, compared, and checked.
membership_settings()
{
	local A err

	zgc_ns_new A
	ip -n "$A" link add zgc0 type zgc
	doc 1 "$CHAINS" ', "probe_ms": 200, "suspect_ms": 1000' | apply "$A" 1
	zgc_eq "shown" "$(show_json "$A" | jq -c '.[0] | [.probe_ms, .suspect_ms]')" \
		'[200,1000]'
	doc 1 "$CHAINS" ', "probe_ms": 200, "suspect_ms": 1000' | apply "$A" 1
	err=$(doc 1 "$CHAINS" ', "probe_ms": 100, "suspect_ms": 1000' | zgc_err_of apply "$A" 1)
	zgc_match "same epoch" "$err" "another description with this epoch"
	err=$(doc 2 "$CHAINS" ', "probe_ms": 5' | zgc_err_of apply "$A" 1)
	zgc_match "probe too short" "$err" "probe_ms"
	err=$(doc 2 "$CHAINS" ', "probe_ms": 60001' | zgc_err_of apply "$A" 1)
	zgc_match "probe too long" "$err" "probe_ms"
	err=$(doc 2 "$CHAINS" ', "probe_ms": 100, "suspect_ms": 99' | zgc_err_of apply "$A" 1)
	zgc_match "suspicion shorter than a probe" "$err" "suspect_ms: .*1 to 600 times"
	err=$(doc 2 "$CHAINS" ', "probe_ms": 10, "suspect_ms": 6001' | zgc_err_of apply "$A" 1)
	zgc_match "suspicion too long" "$err" "1 to 600 times"
	err=$(doc 2 "$CHAINS" ', "suspect_ms": 0' | zgc_err_of apply "$A" 1)
	zgc_match "zero" "$err" "suspect_ms"
	zgc_eq "unchanged" "$(show_json "$A" | jq -c '.[0] | [.epoch, .probe_ms]')" '[1,200]'
}

# self_state NS DEV: what DEV believes of its own node.
self_state()
{
	ip netns exec "$1" "$ZGCCTL" -j cluster show "$2" |
		jq -r '.[0] as $c | $c.nodes[] | select(.id == $c.self) | .state'
}

# Epochs: the same one again changes nothing, an older one is refused, a
# newer one replaces the description (here: a chain removed). A first
# description with join is a node new to a running cluster: it syncs its
# chains before it serves them (alone here, it stays syncing); without
# join it starts a cluster.
epochs()
{
	local A B C err

	zgc_ns_new A
	ip -n "$A" link add zgc0 type zgc
	err=$(zgc_err_of ip netns exec "$A" "$ZGCCTL" cluster show zgc0)
	zgc_match "none yet" "$err" "no cluster: apply one first"
	err=$(zgc_err_of ip netns exec "$A" "$ZGCCTL" cluster drain zgc0)
	zgc_match "nothing to drain yet" "$err" "no cluster: apply one first"
	doc 5 "$CHAINS" | apply "$A" 1
	doc 5 "$CHAINS" | apply "$A" 1
	err=$(doc 5 '[{"id": 1, "nodes": [3, 4]}]' | zgc_err_of apply "$A" 1)
	zgc_match "same epoch" "$err" "another description with this epoch"
	err=$(doc 4 "$CHAINS" | zgc_err_of apply "$A" 1)
	zgc_match "older" "$err" "newer epoch"
	doc 6 '[{"id": 1, "nodes": [3, 4]}]' | apply "$A" 1
	zgc_eq "one chain left" "$(show_json "$A" | jq -c '.[0] | [.epoch, [.chains[] | [.id, .slots]]]')" \
		'[6,[[1,307]]]'
	zgc_ns_new B
	zgc_ns_new C
	ip -n "$B" link add zgc0 type zgc
	ip -n "$C" link add zgc0 type zgc
	doc 6 "$CHAINS" | ip netns exec "$B" "$ZGCCTL" cluster apply zgc0 - self 3 join
	doc 6 "$CHAINS" | apply "$C" 3
	zgc_eq "a joining node syncs" "$(self_state "$B" zgc0)" syncing
	zgc_eq "a first node serves" "$(self_state "$C" zgc0)" alive
	err=$(doc 7 "$CHAINS" |
		zgc_err_of ip netns exec "$C" "$ZGCCTL" cluster apply zgc0 - self 3 joint)
	zgc_match "join misspelt" "$err" "unexpected argument 'joint' \\(expected join\\)"
}

# Each invalid description is refused and explained; the applied one stays.
rejected()
{
	local A err c

	zgc_ns_new A
	ip -n "$A" link add zgc0 type zgc
	doc 1 "$CHAINS" | apply "$A" 1
	while IFS='|' read -r c want; do
		err=$(doc 2 "$c" | zgc_err_of apply "$A" 1)
		zgc_match "$c" "$err" "$want"
	done <<-'END'
		[{"id": 1, "nodes": [3]}]|at least 2 nodes
		[{"id": 1, "nodes": [3, 9]}]|an unknown node
		[{"id": 1, "nodes": [3, 1]}]|not an FTN
		[{"id": 1, "nodes": [3, 4, 3]}]|a node twice
		[{"id": 1, "nodes": [3, 4]}, {"id": 1, "nodes": [5, 6]}]|the same id
		[{"id": 0, "nodes": [3, 4]}]|chains\[0\]\.id: expected an integer from 1
		[{"id": 1, "nodes": [3, 4, 5, 6, 2, 3, 4, 5, 6]}]|at most
	END
	err=$(doc 2 "$CHAINS" ', "table_size": 300' | zgc_err_of apply "$A" 1)
	zgc_match "size" "$err" "a prime"
	err=$(doc 2 "$CHAINS" | zgc_err_of apply "$A" 9)
	zgc_match "self" "$err" "not a listed node"
	err=$(NODES='[{"id": 1, "addr": "10.9.0.1", "roles": ["fwd"]},
		{"id": 1, "addr": "10.9.0.2", "roles": ["ftn"]}]' doc 2 '[]' |
		zgc_err_of apply "$A" 1)
	zgc_match "no chain" "$err" "1 to ZGC_CLUSTER_NODES_MAX nodes and 1 to"
	err=$(NODES='[{"id": 1, "addr": "10.9.0.1", "roles": ["fwd", "ftn"]},
		{"id": 1, "addr": "10.9.0.2", "roles": ["ftn"]}]' doc 2 '[{"id": 1, "nodes": [1, 2]}]' |
		zgc_err_of apply "$A" 1)
	zgc_match "node ids" "$err" "two nodes have the same id"
	err=$(NODES='[{"id": 1, "addr": "10.9.0.1", "roles": ["fwd", "ftn"]},
		{"id": 2, "addr": "10.9.0.1", "roles": ["ftn"]}]' doc 2 '[{"id": 1, "nodes": [1, 2]}]' |
		zgc_err_of apply "$A" 1)
	zgc_match "addresses" "$err" "two nodes have the same address"
	# zgcctl's own checks of the document.
	err=$(doc 2 "$CHAINS" ', "colour": "blue"' | zgc_err_of apply "$A" 1)
	zgc_match "unknown key" "$err" "colour"
	err=$(doc 2 "$CHAINS" ', "key": "0011"' | zgc_err_of apply "$A" 1)
	zgc_match "short key" "$err" "key"
	err=$(doc 2 "$CHAINS" ', "insecure": 1' | zgc_err_of apply "$A" 1)
	zgc_match "insecure, not a boolean" "$err" "insecure: expected true or false, not an integer"
	# Authentication is on unless the description says otherwise.
	err=$(doc 2 "$CHAINS" ', "insecure": false' | zgc_err_of apply "$A" 1)
	zgc_match "no key" "$err" \
		"a cluster needs a key \(ZGC_CLUSTER_A_KEY\), or ZGC_CLUSTER_A_INSECURE to run unauthenticated"
	err=$(doc 2 "$CHAINS" ', "key": "000102030405060708090a0b0c0d0e0f", "insecure": true' |
		zgc_err_of apply "$A" 1)
	zgc_match "a key and insecure" "$err" "a cluster with a key is not insecure"
	# Cluster messages are Geneve, on the device's own port.
	ip -n "$A" link add zgc1 type zgc overlay vxlan
	err=$(doc 2 "$CHAINS" |
		zgc_err_of ip netns exec "$A" "$ZGCCTL" cluster apply zgc1 - self 1)
	zgc_match "vxlan device" "$err" "overlay must be geneve"
	err=$(zgc_err_of ip netns exec "$A" "$ZGCCTL" set zgc0 overlay vxlan)
	zgc_match "stays geneve" "$err" "overlay must stay geneve"
	zgc_eq "unchanged" "$(show_json "$A" | jq '.[0].epoch')" 1
}

# big EPOCH CHAIN_LEN: 256 nodes, 1024 chains of CHAIN_LEN nodes.
big()
{
	jq -n --argjson e "$1" --argjson n "$2" '{cluster: 1, epoch: $e,
		table_size: 1031, insecure: true,
		nodes: [range(1; 257) | {id: ., roles: ["fwd", "ftn"],
			addr: "10.8.\(. / 200 | floor).\(. % 200 + 1)"}],
		chains: [range(1; 1025) as $c |
			{id: $c, nodes: [range(0; $n) | ($c + .) % 256 + 1]}]}'
}

# The largest descriptions: what is applied is reported whole; one too
# large to be reported in one attribute is refused.
largest()
{
	local A err

	zgc_ns_new A
	ip -n "$A" link add zgc0 type zgc
	big 1 4 | apply "$A" 1
	zgc_eq "reported whole" "$(show_json "$A" |
		jq -c '.[0] | [(.nodes | length), (.chains | length),
			([.chains[].slots] | add), ([.chains[].nodes | length] | add)]')" \
		'[256,1024,1031,4096]'
	err=$(big 2 5 | zgc_err_of apply "$A" 1)
	zgc_match "too large" "$err" "too large to be reported"
	zgc_eq "unchanged" "$(show_json "$A" | jq '.[0].epoch')" 1
}

zgc_main same_table_everywhere membership_settings epochs rejected largest
