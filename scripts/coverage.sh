#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Which functions of zgc.ko each selftest program reaches, found with
# ftrace in release-kernel guests: to choose the programs of CI's debug
# lane, which must reach every source file of kmod/ (.ci/run).
#
#   scripts/coverage.sh [--line LINE] [--subset "PROG..."] [PROG...]
#
# Each PROG (default: every selftest program) runs alone in a one-vCPU
# guest of LINE (6.12 by default), two guests side by side, under
# scripts/coverage-guest.sh: the function tracer watches zgc's functions
# and takes each out of its filter once seen, so that the program runs
# at nearly full speed. The functions a program reached are written to
# build/coverage/LINE/PROG.funcs. Then, for each source file of kmod/
# (its functions read from its object file), the programs that reach
# it; with --subset, the files and functions that no program of the
# subset reaches but another does.
#
# Functions the compiler inlined everywhere have no ftrace site and are
# seen through their callers only: the granularity is a traced function,
# and the table is by file. The trace may also miss calls (seen: a run of
# zgc_netlink listed 34 functions, not its tenant commands'), and the
# module's init and exit functions are not seen at all: a file listed
# as reached is reached, one listed as not may still be.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=harness-lib.sh
. "$(dirname "$0")/harness-lib.sh"

LINE=6.12
SUBSET=
PROGS=()

while [ $# -gt 0 ]; do
	case $1 in
	--line) LINE=$2; shift 2 ;;
	--subset) SUBSET=$2; shift 2 ;;
	-*) sed -n '/^#   scripts/p' "$0" | sed 's/^#//' >&2; exit 2 ;;
	*) PROGS+=("$1"); shift ;;
	esac
done
cd "$ZGC_TOP"
[ ${#PROGS[@]} -gt 0 ] ||
	mapfile -t PROGS < <(make -s --no-print-directory -C selftests list_tests)

make --no-print-directory module KVER="$LINE" ZGC_DEBUG=1 >&2
KREL=$("$ZGC_TOP/scripts/kernel.sh" env "$LINE" | sed -n 's/^ZGC_KREL=//p')
OBJS=build/$KREL/src/kmod
OUT=build/coverage/$LINE
mkdir -p "$OUT"

# run PROG: PROG alone in a guest, its functions in $OUT/PROG.funcs.
run()
{
	local out=$OUT/$1.run

	rm -rf "$out"
	mkdir -p "$out"
	log "coverage: $1 on $KREL"
	ZGC_QEMU_SMP=1 scripts/vm.sh --kernel "$LINE" \
		--module "build/$KREL/zgc.ko" --out "$out" --timeout 3900 -- \
		bash scripts/coverage-guest.sh "$out/funcs" \
		make -C selftests run_tests ZGC_TESTS="$1" >"$out/vm.log" 2>&1 ||
		log "coverage: $1 failed (it still counts what it reached): $out/vm.log"
	sort -u "$out/funcs" >"$OUT/$1.funcs" 2>/dev/null || : >"$OUT/$1.funcs"
}

pids=()
for p in "${PROGS[@]}"; do
	run "$p" &
	pids+=($!)
	if [ ${#pids[@]} -ge 2 ]; then
		wait "${pids[0]}" || true
		pids=("${pids[@]:1}")
	fi
done
wait || true

# The functions each source file defines: its object file's text symbols.
declare -A file_of=()
for o in $(find "$OBJS" -name '*.o' ! -name '*.mod.o' | sort); do
	src=${o#"$OBJS"/}
	src=kmod/${src%.o}.c
	[ -f "$src" ] || continue
	while read -r _ t name; do
		case $t in
		t|T) file_of[$name]=$src ;;
		esac
	done < <(nm "$o")
done

declare -A progs_of=() subset_reach=() all_reach=()
for p in "${PROGS[@]}"; do
	in_subset=
	for s in $SUBSET; do
		[ "$s" = "$p" ] && in_subset=1
	done
	while read -r fn; do
		f=${file_of[$fn]:-}
		[ -n "$f" ] || continue
		all_reach[$fn]=1
		[ -z "$in_subset" ] || subset_reach[$fn]=1
		case " ${progs_of[$f]:-} " in
		*" $p "*) ;;
		*) progs_of[$f]="${progs_of[$f]:-} $p" ;;
		esac
	done <"$OUT/$p.funcs"
done

echo "# source file: the programs that reach it ($LINE, $(date -u +%F))"
for f in $(printf '%s\n' "${file_of[@]}" | sort -u); do
	echo "$f:${progs_of[$f]:- (none)}"
done
[ -n "$SUBSET" ] || exit 0
echo "# reached by other programs, by no program of: $SUBSET"
nmissing=0
for fn in $(printf '%s\n' "${!all_reach[@]}" | sort); do
	[ -z "${subset_reach[$fn]:-}" ] || continue
	echo "${file_of[$fn]} $fn"
	nmissing=$((nmissing + 1))
done
echo "# $nmissing functions; files no program of the subset reaches:"
for f in $(printf '%s\n' "${file_of[@]}" | sort -u); do
	hit=
	for fn in "${!subset_reach[@]}"; do
		[ "${file_of[$fn]}" = "$f" ] && { hit=1; break; }
	done
	[ -n "$hit" ] || echo "$f"
done
