#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Runs a benchmark in a QEMU guest booting Debian's kernel and keeps its
# output, with the command that produced it, in bench/results/, and a
# plot of its figures beside it (bench/plot.sh: NAME.png).
#
#   bench/run.sh [KVER] [ARGS...]    KVER 6.1 or 6.12 (default); ARGS go
#                                    to the benchmark, bench/fwd_pps.sh
#   ZGC_BENCH=dft_flows bench/run.sh [KVER] [ARGS...]
#                                    the same with bench/dft_flows.sh
#   ZGC_BENCH=failover bench/run.sh [KVER] [ARGS...]
#                                    and with bench/failover.sh
#   ZGC_BENCH=service bench/run.sh [KVER] [ARGS...]
#                                    and with bench/service.sh (services
#                                    against plain flows, and IPVS)
#
# The guest is given ZGC_BENCH_TIMEOUT seconds (default 3600: the failover
# benchmark's defaults take about 45 minutes).
set -euo pipefail

cd "$(dirname "$0")/.."
kver=${1:-6.12}
shift || true
bench=${ZGC_BENCH:-fwd_pps}
[ -x "bench/$bench.sh" ] || { echo "run.sh: no benchmark bench/$bench.sh" >&2; exit 1; }
make --no-print-directory deps tools
make --no-print-directory module KVER="$kver"
eval "$(scripts/kernel.sh env "$kver")"
mkdir -p bench/results build/bench
out=bench/results/$bench-$ZGC_KREL.txt
{
	echo "# ${ZGC_BENCH:+ZGC_BENCH=$bench }bench/run.sh $kver $*   ($(date -u +%Y-%m-%d), commit $(git describe --always --dirty))"
	PATH=$PWD/tools/zgcctl:$PATH scripts/vm.sh --kernel "$kver" \
		--module "build/$ZGC_KREL/zgc.ko" --out build/bench \
		--timeout "${ZGC_BENCH_TIMEOUT:-3600}" -- "bench/$bench.sh" "$@" 2>&1
} | tee "$out.tmp"
mv "$out.tmp" "$out"
echo "saved in $out"
# Its figures as a picture, beside it.
bench/plot.sh "$out" || echo "run.sh: no plot of $out" >&2
