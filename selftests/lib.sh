# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Helpers shared by the zgc shell selftests: KTAP output through the
# kernel's kselftest/ktap_helpers.sh, per-test network namespaces that are
# always removed, and assertions that say what went wrong.
#
# A test script defines one function per test case and ends with
#	zgc_main case_one case_two ...
# (ZGC_CASES="case_two" in the environment runs only the cases named.)
# Each case runs in a subshell with `set -e`: the first failing command
# fails the case and its line is logged. Expected failures are written
# `zgc_fails CMD...`, never `! CMD` (which `set -e` ignores).

ZGC_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
KSFT_DIR=${KSFT_DIR:-$HOME/.cache/zgc/linux-source-6.12/tools/testing/selftests}
ZGCCTL=${ZGCCTL:-$ZGC_TOP/tools/zgcctl/zgcctl}
# ip(8) finds the link kind's plugin, link_zgc.so, here.
IP_LIB_DIR=${IP_LIB_DIR:-$ZGC_TOP/tools/iproute2}
export IP_LIB_DIR
# shellcheck source=/dev/null
. "$KSFT_DIR/kselftest/ktap_helpers.sh"

ZGC_NETNS=()
# Commands zgc_cleanup() runs first (a test's daemons, say), last added
# first.
ZGC_CLEANUP=()

# zgc_ns_new VAR: create a namespace with lo up, store its name in VAR.
zgc_ns_new()
{
	local ns

	ns="zgc-$1-$$-${#ZGC_NETNS[@]}"
	ip netns add "$ns"
	ip -n "$ns" link set lo up
	ZGC_NETNS+=("$ns")
	printf -v "$1" '%s' "$ns"
}

zgc_cleanup()
{
	local ns i

	for ((i = ${#ZGC_CLEANUP[@]} - 1; i >= 0; i--)); do
		eval "${ZGC_CLEANUP[i]}" || true
	done
	ZGC_CLEANUP=()
	for ns in "${ZGC_NETNS[@]}"; do
		ip netns del "$ns" 2>/dev/null || true
	done
	ZGC_NETNS=()
}

# zgc_fails CMD...: CMD must fail.
zgc_fails()
{
	if "$@"; then
		echo "unexpectedly succeeded: $*"
		return 1
	fi
	return 0
}

# zgc_eq WHAT ACTUAL EXPECTED
zgc_eq()
{
	if [ "$2" != "$3" ]; then
		echo "$1: got '$2', expected '$3'"
		return 1
	fi
}

# zgc_match WHAT TEXT REGEX: TEXT must match the extended REGEX.
zgc_match()
{
	if ! printf '%s' "$2" | grep -Eq -- "$3"; then
		echo "$1: '$2' does not match /$3/"
		return 1
	fi
}

# zgc_err_of CMD...: run CMD that must fail, print its stderr.
zgc_err_of()
{
	local err

	if err=$("$@" 2>&1 >/dev/null); then
		echo "unexpectedly succeeded: $*" >&2
		return 1
	fi
	printf '%s' "$err"
}

# zgc_deb NAME: the file of the Debian package NAME that make deb built.
zgc_deb()
{
	local f

	f=$(find "$ZGC_TOP/build/deb" -maxdepth 1 -name "$1_*.deb" | head -n 1)
	[ -n "$f" ] || { echo "no $1 package in $ZGC_TOP/build/deb: make deb first"; return 1; }
	echo "$f"
}

# zgc_link_json NS DEV: `ip -d -s -j link show` of one device.
zgc_link_json()
{
	ip -n "$1" -d -s -j link show dev "$2" | jq -e '.[0]'
}

# zgc_stat NS DEV NAME: one counter of `zgcctl stats` (its plain
# output, "DEV: NAME VALUE NAME VALUE...": awk starts in a fraction of
# jq's time in an emulated guest, and tests read counters often).
zgc_stat()
{
	"$ZGCCTL" -n "$1" stats "$2" |
		awk -v k="$3" '{ for (i = 2; i < NF; i += 2) if ($i == k) { print $(i + 1); f = 1 } }
			       END { exit !f }'
}

# zgc_lladdr NS ADDR: the MAC NS's neighbour table has for ADDR.
zgc_lladdr()
{
	ip -n "$1" neigh show "$2" |
		awk '{ for (i = 1; i < NF; i++) if ($i == "lladdr") { print $(i + 1); exit } }'
}

zgc_rx_dropped()
{
	zgc_link_json "$1" "$2" | jq -e .stats64.rx.dropped
}

# zgc_underlay G H GW_ADDR HOST_ADDR IF: a veth pair named IF in the
# namespaces G (a gateway) and H (a compute host), addressed /24, up.
zgc_underlay()
{
	ip link add "$5" netns "$1" type veth peer name "$5" netns "$2"
	ip -n "$1" addr add "$3/24" dev "$5"
	ip -n "$2" addr add "$4/24" dev "$5"
	ip -n "$1" link set "$5" up
	ip -n "$2" link set "$5" up
}

zgc_dev_exists()
{
	ip -n "$1" link show dev "$2" >/dev/null 2>&1
}

zgc_run_one()
{
	local t=$1 log rc start

	log=$(mktemp)
	start=$(date +%s%N)
	(
		set -eE
		trap 'echo "$t: line $LINENO: \"$BASH_COMMAND\" failed"' ERR
		trap zgc_cleanup EXIT
		"$t"
	) >"$log" 2>&1
	rc=$?
	sed 's/^/# /' "$log"
	rm -f "$log"
	echo "# $t: $((($(date +%s%N) - start) / 1000000)) ms"
	case $rc in
	0) ktap_test_pass "$t" ;;
	"$KSFT_SKIP") ktap_test_skip "$t" ;;
	*) ktap_test_fail "$t" ;;
	esac
}

zgc_main()
{
	local t cases

	ktap_print_header
	if [ "$(id -u)" -ne 0 ]; then
		ktap_skip_all "must run as root"
		exit "$KSFT_SKIP"
	fi
	for t in ip jq modprobe "$ZGCCTL"; do
		if ! command -v "$t" >/dev/null; then
			ktap_skip_all "$t is missing"
			exit "$KSFT_SKIP"
		fi
	done
	if ! modprobe zgc; then
		ktap_skip_all "the zgc module cannot be loaded"
		exit "$KSFT_SKIP"
	fi
	# ZGC_CASES="CASE...": only those (when working on them).
	if [ -n "${ZGC_CASES:-}" ]; then
		mapfile -t cases < <(printf '%s\n' "$@" |
			grep -xF -f <(tr ' ' '\n' <<<"$ZGC_CASES"))
		set -- "${cases[@]}"
	fi
	ktap_set_plan $#
	for t in "$@"; do
		zgc_run_one "$t"
	done
	ktap_finished
}
