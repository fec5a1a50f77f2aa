#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make demo`'s script (scripts/demo.sh), as the README's user runs it:
# two tenants on stock compute hosts through two FWDs and a DFT of two
# chains, a FWD and an FTN losing power while a transfer and 20
# connections run. The demo checks its traffic itself (the transfer's
# SHA-256, every connection surviving, a new flow after, chain 2's
# replicas agreeing) and exits non-zero if any check failed; here, its
# picture must show what the cluster was: both dead nodes crossed out,
# chain 1 served by N3 alone, every flow the FTNs held, the counters.

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

demo()
{
	local out svg json name

	out=$(mktemp -d)
	ZGC_CLEANUP+=("rm -rf $out")
	if ! ZGC_OUT=$out bash "$ZGC_TOP/scripts/demo.sh" >"$out/log" 2>&1; then
		cat "$out/log"
		return 1
	fi
	grep -E '^\[|ok:|FAILED' "$out/log"
	zgc_eq "the demo's last line" "$(tail -n 1 "$out/log")" \
		"the demo passed every check"
	svg=$out/zgc-demo.svg
	json=$out/zgc-demo.json
	zgc_match "the demo names its picture" "$(cat "$out/log")" "the picture: $svg"
	# The picture is well-formed SVG, and says what the snapshot held.
	python3 -c "import sys, xml.etree.ElementTree as E; sys.exit(E.parse('$svg').getroot().tag != '{http://www.w3.org/2000/svg}svg')"
	zgc_eq "F2 saw F1 and N4 dead" \
		"$(jq -c '[.view.nodes[] | select(.state == "dead") | .id]' "$json")" '[1,4]'
	zgc_eq "the demo killed F1 and N4" \
		"$(jq -c '[.nodes[] | select(.killed) | .name]' "$json")" '["F1","N4"]'
	grep -q '>chain 1: N3 -&gt; N4; serving: N3<' "$svg"
	grep -q '>chain 2: N5 -&gt; N6<' "$svg"
	zgc_eq "crossed out: the two dead nodes" \
		"$(grep -c 'lost power (the demo killed it)' "$svg")" 2
	zgc_eq "both tenants' flows had entries" \
		"$(jq -c '[.nodes[].entries[].vni] | unique' "$json")" '[100,200]'
	zgc_eq "the picture counts every flow the FTNs held" \
		"$(grep -o "where the flows' entries live ([0-9]* flows" "$svg" | grep -o '[0-9]*')" \
		"$(jq '[.nodes[].entries[] | [.vni, .proto, .src, .sport, .dst, .dport]] | unique | length' "$json")"
	for name in $(jq -r '[.nodes[].stats | to_entries[] |
			select(.value != 0 and .key != "ifindex" and (.value | type) == "number") |
			.key] | unique[]' "$json"); do
		grep -q ">$name</text>" "$svg" || { echo "no counter $name in the picture"; return 1; }
	done
	grep -q '>flow_hit</text>' "$svg"
}

zgc_main demo
