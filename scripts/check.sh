#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The test command behind `make check`: for each kernel line, build zgc.ko,
# boot that kernel in QEMU and run the selftests in it.
#
#   scripts/check.sh [LINE...]     LINE: 6.1, 6.12 (the default) or debug
#   scripts/check.sh --self-test   check the KTAP counting and the kernel
#                                  splat scan on scripts/testdata/
#
#   scripts/check.sh --durations   print selftests/durations from the
#                                  lines of the last run (build/check/)
#
# Per line: `make module KVER=LINE ZGC_DEBUG=1` (self tests at load). Then
# one-vCPU guests run at once, nproc of them: with fewer lines than CPUs a
# line's selftest programs are split over nproc / lines guests (balanced
# by that line's times in selftests/durations). Each guest is
#   ZGC_SLOW=$(slowness LINE) \
#   scripts/vm.sh --kernel LINE --module build/$ZGC_KREL/zgc.ko \
#       --out build/check/LINE[/N] --timeout $(guest_timeout) (50 minutes at least) \
#       -- make -C selftests run_tests [ZGC_TESTS="PROG..."]
# and the KTAP results in its output.log are counted by
# scripts/ktap-summary.awk; each guest's output is printed when all are
# done (vm.log meanwhile). A failed build, or a run vm.sh failed for a
# reason of its own (kernel splat, timeout, leaked module reference, no
# exit status...), adds one failure. Every guest runs even if one fails.
# Then the seconds each program took, by line, and each guest's boot and
# run times; last `# Totals: pass:N fail:N skip:N` and `N passed, N failed`;
# exits non-zero if anything failed or nothing passed.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=harness-lib.sh
. "$(dirname "$0")/harness-lib.sh"

AWK_SUMMARY=$ZGC_TOP/scripts/ktap-summary.awk
DURATIONS=$ZGC_TOP/selftests/durations
TESTDATA=$ZGC_TOP/scripts/testdata
# Longer than a hung program takes to be killed by the kselftest runner
# (selftests/settings: timeout=3600), so the other programs still run: the
# least a guest is given (guest_timeout()).
VM_TIMEOUT=${ZGC_CHECK_TIMEOUT:-3900}
PASSED=0
FAILED=0
SKIPPED=0

usage()
{
	sed -n '/^#   scripts/,/^# Per line/p' "$0" | sed '$d; s/^#//' >&2
	exit 2
}

kernel_release()
{
	"$ZGC_TOP/scripts/kernel.sh" env "$1" | sed -n 's/^ZGC_KREL=//p'
}

# report LINE KREL OUT PASS FAIL SKIP [FAILURE...]
report()
{
	local line=$1 krel=$2 out=$3 p=$4 f=$5 s=$6

	shift 6
	echo "== $line ($krel): $p passed, $f failed, $s skipped; artifacts in $out/"
	[ $# -eq 0 ] || printf '   not ok %s\n' "$@"
	PASSED=$((PASSED + p))
	FAILED=$((FAILED + f))
	SKIPPED=$((SKIPPED + s))
}

# build_line LINE: zgc.ko for LINE; prints its kernel release, or fails.
build_line()
{
	local line=$1 krel

	log "$line: building zgc.ko"
	make --no-print-directory module KVER="$line" ZGC_DEBUG=1 >&2 &&
		krel=$(kernel_release "$line") && [ -n "$krel" ] || return 1
	echo "$krel"
}

# split_programs LINE N: the selftest programs in N groups of about equal
# duration on LINE (longest first, each to the group with the least so
# far), one group per output line. A program without a time on LINE
# weighs what it took on another line.
split_programs()
{
	make -s --no-print-directory -C selftests list_tests |
		awk -v line="$1" -v n="$2" -v durations="$DURATIONS" '
		BEGIN {
			while ((getline l < durations) > 0) {
				if (l ~ /^#/ || split(l, f, " ") != 3)
					continue
				if (f[1] == line)
					secs[f[2]] = f[3]
				else
					other[f[2]] = f[3]
			}
		}
		{
			prog[NR] = $1
			w[NR] = ($1 in secs) ? secs[$1] : ($1 in other) ? other[$1] : 60
		}
		END {
			for (i = 1; i <= NR; i++) {
				best = 0
				for (j = 1; j <= NR; j++)
					if (!done[j] && (!best || w[j] > w[best]))
						best = j
				done[best] = 1
				g = 1
				for (k = 2; k <= n; k++)
					if (load[k] < load[g])
						g = k
				load[g] += w[best]
				group[g] = group[g] " " prog[best]
			}
			for (k = 1; k <= n; k++)
				print substr(group[k], 2)
		}'
}

# guest_timeout LINE [PROG...]: how long (s) a guest of LINE running
# PROGs (all of them if none) may take: half again what they took by
# selftests/durations, plus 10 minutes, and never less than VM_TIMEOUT.
# (The debug line's programs take 80 minutes of guest time, 40 in each
# of two guests.)
guest_timeout()
{
	local line=$1

	shift
	awk -v line="$line" -v progs="$*" -v least="$VM_TIMEOUT" '
	BEGIN { n = split(progs, p, " "); for (i = 1; i <= n; i++) want[p[i]] = 1 }
	$1 == line && (n == 0 || ($2 in want)) { sum += $3 }
	END { t = int(sum * 1.5) + 600; print (t > least ? t : least) }' \
		"$DURATIONS"
}

# slowness LINE: how many times slower than a release kernel's a guest of
# LINE runs (the debug kernel's sanitizers, KASAN above all, make it
# about ten times), unless ZGC_SLOW says. The selftests' traffic spreads
# out as much (selftests/tcp_conns.py), so that it leaves the guest's
# one vCPU time for the nodes' protocol timers.
slowness()
{
	if [ -n "${ZGC_SLOW:-}" ]; then
		echo "$ZGC_SLOW"
	elif [ "$1" = debug ]; then
		echo 10
	else
		echo 1
	fi
}

# run_guest LINE KREL OUT [PROG...]: the selftests (or only PROGs) in a
# one-vCPU guest of LINE; vm.sh's output goes to OUT/vm.log.
run_guest()
{
	local line=$1 krel=$2 out=$3 only=()

	shift 3
	[ $# -eq 0 ] || only=("ZGC_TESTS=$*")
	log "$line: running ${*:-the selftests} on $krel (output: $out/vm.log)"
	ZGC_SLOW=$(slowness "$line") ZGC_QEMU_SMP=1 scripts/vm.sh --kernel "$line" \
		--module "build/$krel/zgc.ko" --out "$out" \
		--timeout "$(guest_timeout "$line" "$@")" -- \
		make -C selftests run_tests "${only[@]}" >"$out/vm.log" 2>&1
}

# progress NAME OUT: while guest NAME runs, a line for each program it
# ends, as it ends (from the runner's KTAP in OUT/vm.log), with the time
# since the previous one ended (or the guest started, boot included):
# "check.sh: 6.12/1: ok zgc_link.sh (41 s)".
progress()
{
	local t0=$SECONDS l

	# (bash reads a line as it comes; mawk would wait for a block)
	tail -n +1 -F "$2/vm.log" 2>/dev/null | while IFS= read -r l; do
		[[ $l =~ ^(not\ )?ok\ [0-9]+\ selftests:\ .*\ ([^ ]+)$ ]] ||
			continue
		log "$1: ${BASH_REMATCH[1]}ok ${BASH_REMATCH[2]} ($((SECONDS - t0)) s)"
		t0=$SECONDS
	done
}

# report_guest NAME KREL OUT RC: print a guest's output and count its KTAP.
report_guest()
{
	local name=$1 krel=$2 out=$3 rc=$4 summary totals p f s
	local fails=()

	cat "$out/vm.log"
	touch "$out/output.log"
	summary=$(awk -f "$AWK_SUMMARY" "$out/output.log")
	mapfile -t fails < <(sed -n 's/^not ok //p' <<<"$summary")
	totals=$(sed -n 's/^totals //p' <<<"$summary")
	read -r p f s <<<"$totals"
	if [ -s "$out/verdict" ]; then
		fails+=("vm: $(paste -sd';' "$out/verdict" | sed 's/;/; /g')")
		f=$((f + 1))
	elif [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		fails+=("vm.sh exited with status $rc")
		f=$((f + 1))
	fi
	report "$name" "$krel" "$out" "$p" "$f" "$s" "${fails[@]}"
}

# check_lines LINE...: build for every line, then run the guests at once,
# one vCPU each (a TCG guest runs its tests on one vCPU thread, so two
# one-vCPU guests on two cores take as long as one).
check_lines()
{
	local line krel guests k out rc
	local -A krels=()
	local names=() outs=() pids=() groups=() watchers=()

	for line in "$@"; do
		rm -rf "build/check/$line"
		mkdir -p "build/check/$line"
		if krel=$(build_line "$line"); then
			krels[$line]=$krel
		else
			report "$line" "?" "build/check/$line" 0 1 0 \
				"build of zgc.ko for $line failed"
		fi
	done
	guests=$(($(nproc) / $#))
	[ "$guests" -ge 1 ] || guests=1
	for line in "$@"; do
		[ -n "${krels[$line]:-}" ] || continue
		if [ "$guests" -eq 1 ]; then
			: >"build/check/$line/vm.log"
			run_guest "$line" "${krels[$line]}" "build/check/$line" &
			names+=("$line")
			outs+=("build/check/$line")
			pids+=($!)
			continue
		fi
		mapfile -t groups < <(split_programs "$line" "$guests")
		for k in "${!groups[@]}"; do
			[ -n "${groups[$k]}" ] || continue
			out=build/check/$line/$((k + 1))
			mkdir -p "$out"
			: >"$out/vm.log"
			# shellcheck disable=SC2086 # a group is a list of names
			run_guest "$line" "${krels[$line]}" "$out" ${groups[$k]} &
			names+=("$line/$((k + 1))")
			outs+=("$out")
			pids+=($!)
		done
	done
	# The programs as they end; stopped once the guests are.
	for k in "${!pids[@]}"; do
		progress "${names[$k]}" "${outs[$k]}" &
		watchers+=($!)
	done
	for k in "${!pids[@]}"; do
		rc=0
		wait "${pids[$k]}" || rc=$?
		line=${names[$k]%%/*}
		report_guest "${names[$k]}" "${krels[$line]}" "${outs[$k]}" "$rc"
	done
	# tail -F never ends: its pipeline goes with it (SIGPIPE: bash tells
	# no "Terminated" of it).
	[ ${#watchers[@]} -eq 0 ] ||
		pkill -PIPE -P "$(printf '%s,' "${watchers[@]}" | sed 's/,$//')" 2>/dev/null || true
	wait "${watchers[@]}" 2>/dev/null || true
}

# program_times LINE OUTPUT.LOG...: "LINE PROGRAM SECONDS" for each
# program the logs ran (the sum of its "# case: N ms" lines).
program_times()
{
	local line=$1

	shift
	awk -v line="$line" '
	/^# selftests: .*: /{ p = $NF; t[p] += 0 }
	/^# # .*: [0-9]+ ms$/ { t[p] += $(NF - 1) }
	END { for (k in t) printf "%s %s %d\n", line, k, (t[k] + 999) / 1000 }' "$@" |
		sort -k3,3nr -k2,2
}

# guest_logs LINE: the output.log of each guest of LINE's last run.
guest_logs()
{
	find "build/check/$1" -name output.log 2>/dev/null | sort
}

# print_times LINE...: what each program and guest of the lines took.
print_times()
{
	local line out logs

	for line in "$@"; do
		mapfile -t logs < <(guest_logs "$line")
		[ ${#logs[@]} -gt 0 ] || continue
		echo "# $line: seconds a program (one vCPU):" \
			"$(program_times "$line" "${logs[@]}" | cut -d ' ' -f 2- | paste -sd ' ')"
		for out in "${logs[@]}"; do
			out=${out%/output.log}
			[ -f "$out/timings" ] || continue
			echo "# $line: guest ${out#build/check/}: $(paste -sd ' ' "$out/timings")"
		done
	done
}

# durations: selftests/durations from the last run of every line.
durations()
{
	local line logs

	cat <<-END
	# Seconds each selftest program took on each kernel line (one vCPU),
	# "LINE PROGRAM SECONDS", for scripts/check.sh to balance a line's
	# programs over guests; a program not listed counts as 60. Refresh:
	# scripts/check.sh --durations >selftests/durations (after a run of the
	# lines).
	END
	for line in 6.1 6.12 debug; do
		mapfile -t logs < <(guest_logs "$line")
		[ ${#logs[@]} -eq 0 ] || program_times "$line" "${logs[@]}"
	done
}

# --- self test -------------------------------------------------------------

self_test_ktap()
{
	local log bad=0

	for log in "$TESTDATA"/ktap/*.log; do
		if ! diff -u "${log%.log}.expected" <(awk -f "$AWK_SUMMARY" "$log") >&2; then
			log "self-test: wrong count of $log"
			bad=1
		fi
	done
	return $bad
}

# splat-*.log must be flagged (every line, for *-lines.log); others not.
self_test_console()
{
	local log name n want bad=0

	for log in "$TESTDATA"/console/*.log; do
		name=${log##*/}
		n=$("$ZGC_TOP/scripts/vm.sh" --scan-console "$log" | wc -l) || true
		case $name in
		splat-*-lines.log | splat-lines.log) want=$(wc -l <"$log") ;;
		splat-*) want=any ;;
		*) want=0 ;;
		esac
		if [ "$want" = any ] && [ "$n" -gt 0 ] || [ "$want" = "$n" ]; then
			continue
		fi
		log "self-test: $name: $n lines flagged as kernel splats, expected $want"
		bad=1
	done
	return $bad
}

self_test()
{
	local bad=0

	self_test_ktap || bad=1
	self_test_console || bad=1
	if [ $bad -ne 0 ]; then
		log "self-test: FAILED"
		return 1
	fi
	log "self-test: ok ($(find "$TESTDATA" -name '*.log' | wc -l) samples)"
}

main()
{
	local lines=("$@")

	cd "$ZGC_TOP"
	case ${1:-} in
	--self-test) self_test; return ;;
	--durations) [ $# -eq 1 ] || usage; durations; return ;;
	-*) usage ;;
	esac
	[ ${#lines[@]} -gt 0 ] || lines=(6.1 6.12)
	check_lines "${lines[@]}"
	print_times "${lines[@]}"
	echo "# Totals: pass:$PASSED fail:$FAILED skip:$SKIPPED"
	echo "$PASSED passed, $FAILED failed"
	[ "$FAILED" -eq 0 ] && [ "$PASSED" -gt 0 ]
}

main "$@"
