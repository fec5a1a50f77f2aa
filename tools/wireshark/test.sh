#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# test.sh: the Wireshark dissector zgc.lua against cluster messages made
# byte by byte (mkpcap.py, from selftests/dft_msg.py): every field of
# every message decodes to the value put in, malformed ones are flagged
# as expert info, and damaged ones (cut, bytes flipped) never make the
# script fail. Runs on the host: needs tshark (Debian: tshark) and
# python3. Prints a line per check, then a summary; exits 1 on a
# mismatch.

set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
LUA=$HERE/zgc.lua
KEY=000102030405060708090a0b0c0d0e0f	# mkpcap.py's KEY
TSHARK=${TSHARK:-tshark}

if ! command -v "$TSHARK" >/dev/null; then
	echo "test.sh: $TSHARK is missing (apt-get install tshark)" >&2
	exit 2
fi

DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
passed=0
failed=0

ok()
{
	passed=$((passed + 1))
	echo "ok $*"
}

fail()
{
	failed=$((failed + 1))
	echo "FAIL $*"
}

# zg REPORT: tshark -G REPORT with the dissector (-G comes first).
zg()
{
	HOME=$DIR XDG_CONFIG_HOME=$DIR "$TSHARK" -G "$1" -X "lua_script:$LUA" \
		2>>"$DIR/stderr"
}

# zt ARGS...: tshark with the dissector and the key, away from the
# user's own profile and plugins (a copy of zgc.lua there would register
# the protocol twice); stderr in DIR/stderr.
zt()
{
	HOME=$DIR XDG_CONFIG_HOME=$DIR "$TSHARK" -X "lua_script:$LUA" \
		-o "zgc.key:$KEY" "$@" 2>>"$DIR/stderr"
}

python3 "$HERE/mkpcap.py" "$DIR/zgc.pcap" "$DIR/expect" "$DIR/fuzz.pcap"

# Every field the checks name, in one run; a line "FRAME FIELD VALUE"
# each (awk: tshark leaves empty fields between tabs).
mapfile -t fields < <(cut -f2 "$DIR/expect" | grep -vx experts | sort -u)
args=()
for f in "${fields[@]}"; do
	args+=(-e "$f")
done
zt -r "$DIR/zgc.pcap" -T fields -E separator=/t -E occurrence=a \
	-E aggregator=, -e frame.number "${args[@]}" |
	awk -F '\t' -v names="${fields[*]}" '
		BEGIN { n = split(names, name, " ") }
		{ for (i = 1; i <= n; i++) printf "%s\t%s\t%s\n", $1, name[i], $(i + 1) }
	' >"$DIR/got"
# The expert infos of each frame, their messages joined by '|'.
zt -r "$DIR/zgc.pcap" -T fields -E aggregator='|' -e frame.number \
	-e _ws.expert.message |
	awk -F '\t' '{ printf "%s\texperts\t%s\n", $1, $2 }' >>"$DIR/got"

declare -A got
while IFS=$'\t' read -r n field value; do
	got["$n $field"]=$value
done <"$DIR/got"

while IFS=$'\t' read -r n field op want; do
	have=${got["$n $field"]-}
	case $op in
	=) [ "$have" = "$want" ] ;;
	'~') [[ $have == *"$want"* ]] ;;
	'!') [ -z "$have" ] ;;
	esac && res=ok || res=fail
	case $op in
	'!') what="frame $n: no $field" ;;
	'~') what="frame $n: $field contains '$want'" ;;
	*) what="frame $n: $field = '$want'" ;;
	esac
	if [ "$res" = ok ]; then
		ok "$what"
	else
		fail "$what; got '$have'"
	fi
done <"$DIR/expect"

# The whole trees of all messages and of the damaged ones: no Lua error.
frames=$(grep -c . <(zt -r "$DIR/zgc.pcap"))
for pcap in zgc fuzz; do
	zt -r "$DIR/$pcap.pcap" -V >"$DIR/$pcap.txt"
	n=$(grep -c '^Frame [0-9]*:' "$DIR/$pcap.txt" || true)
	errors=$(grep -c 'Lua Error' "$DIR/$pcap.txt" || true)
	if [ "$errors" = 0 ] && [ "$n" -gt 0 ]; then
		ok "$pcap.pcap: $n frames dissected without a Lua error"
	else
		fail "$pcap.pcap: $errors Lua errors in $n frames:"
		grep -m 5 'Lua Error' "$DIR/$pcap.txt" || true
	fi
done
if [ "$(grep -c '^Frame [0-9]*:' "$DIR/zgc.txt")" = "$frames" ]; then
	ok "zgc.pcap: every one of $frames frames in the tree output"
else
	fail "zgc.pcap: $frames frames, not all in the tree output"
fi

# The script loads without complaint; tshark says nothing else.
if grep -v 'Running as user' "$DIR/stderr" | grep -q .; then
	fail "tshark printed on stderr:"
	grep -v 'Running as user' "$DIR/stderr" | head -n 20
else
	ok "nothing on stderr"
fi

# It takes UDP port 6081, and every field the header comment names is
# registered.
if zg decodes | grep -qP '^udp\.port\t6081\tzgc$'; then
	ok "UDP port 6081 goes to zgc"
else
	fail "UDP port 6081 does not go to zgc"
fi
zg fields | awk -F '\t' '{ print $3 }' | sort -u >"$DIR/registered"
# (The header's names but the file's own and the preferences'.)
sed -n '1,/^local /p' "$LUA" | grep '^--' |
	grep -oE '\bzgc\.[a-z0-9_.]*[a-z0-9_]' |
	grep -vxE 'zgc\.(lua|port|key)' | sort -u >"$DIR/documented"
missing=$(comm -23 "$DIR/documented" "$DIR/registered")
if [ -z "$missing" ]; then
	ok "the $(wc -l <"$DIR/documented") names in zgc.lua's header are registered"
else
	fail "documented but not registered: $(echo "$missing" | tr '\n' ' ')"
fi
undocumented=$(grep -E '^zgc\.' "$DIR/registered" |
	comm -23 - "$DIR/documented")
if [ -z "$undocumented" ]; then
	ok "every registered field is in zgc.lua's header"
else
	fail "registered but not documented: $(echo "$undocumented" | tr '\n' ' ')"
fi

echo "# $passed passed, $failed failed"
[ "$failed" = 0 ]
