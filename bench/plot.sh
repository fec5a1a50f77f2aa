#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench/plot.sh RESULTS.txt: draws the last run of a benchmark's results
# (bench/run.sh writes them) that has figures to draw as RESULTS.png,
# beside them, with gnuplot:
#   - its ratios ("ratio LABEL: VALUE" lines: each benchmark compares
#     with a baseline of the same run), as bars against 1;
#   - and, for bench/failover.sh, the detection and repair times (median,
#     p90, max) of each node killed.
# bench/run.sh runs it after each benchmark.
set -euo pipefail

in=$1
out=${in%.txt}.png
[ -r "$in" ] || { echo "plot.sh: cannot read $in" >&2; exit 1; }
command -v gnuplot >/dev/null ||
	{ echo "plot.sh: gnuplot is missing (apt-get install gnuplot-nox)" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The runs, each from its "# ... bench/run.sh ..." line: run.1 ... run.N.
awk -v dir="$tmp" '/^# .*bench\/run\.sh/ { n++ } n { print > (dir "/run." n) }' "$in"
runs=$(find "$tmp" -name 'run.*' | wc -l)

# figures RUN: its ratios ("LABEL" VALUE) in ratios, its failover times
# (NODE, then median, p90 and max of detection, then of repair) in
# failover; and how many of the two it has.
figures()
{
	sed -n 's/^ratio \(.*\): *\([0-9.][0-9.]*\)$/"\1" \2/p' "$1" >"$tmp/ratios"
	awk '/^N[0-9]+, .*:$/ { node = $1; sub(/,$/, "", node) }
	/^  detection ms: median/ { d = $4 " " $6 " " $8; gsub(/,/, "", d) }
	/^  repair ms: +median/ {
		r = $4 " " $6 " " $8; gsub(/,/, "", r)
		print node, d, r
	}' "$1" >"$tmp/failover"
	plots=0
	[ -s "$tmp/ratios" ] && plots=$((plots + 1))
	[ -s "$tmp/failover" ] && plots=$((plots + 1))
	return 0
}

plots=0
for ((i = runs; i >= 1 && plots == 0; i--)); do
	figures "$tmp/run.$i"
	run=$tmp/run.$i
done
if [ "$plots" -eq 0 ]; then
	echo "plot.sh: $in: no run has a ratio or failover times" >&2
	exit 1
fi
title=$(head -n 1 "$run" | sed 's/^# //; s/"/\\"/g')

{
	echo "set terminal pngcairo size 900,$((360 * plots)) font 'sans,9'"
	echo "set output '$out'"
	echo "set multiplot layout $plots,1 title \"$title\" noenhanced"
	echo "set offsets graph 0, graph 0, graph 0.15, 0"
	echo "set style fill solid 0.6 border -1"
	echo "set grid ytics"
	echo "set key outside right top"
	if [ -s "$tmp/ratios" ]; then
		echo 'set title "ratios, each against a baseline measured in the same run (dashed: 1)"'
		echo "set yrange [0:*]"
		echo "set boxwidth 0.6"
		echo "set xtics rotate by -25 left"
		echo "plot '$tmp/ratios' using 0:2:xtic(1) with boxes notitle," \
			"'' using 0:2:(sprintf('%.3g', \$2)) with labels offset 0,0.7 notitle," \
			"1 with lines dashtype 2 lc rgb 'black' title 'baseline'"
	fi
	if [ -s "$tmp/failover" ]; then
		echo "set title 'a node killed: detected and repaired (ms; median, p90, max)'"
		echo "set yrange [0:*]"
		echo "set xtics norotate"
		echo "set style data histograms"
		echo "set style histogram clustered gap 1"
		echo "plot '$tmp/failover' using 2:xtic(1) title 'detection median'," \
			"'' using 3 title 'detection p90', '' using 4 title 'detection max'," \
			"'' using 5 title 'repair median', '' using 6 title 'repair p90'," \
			"'' using 7 title 'repair max'"
	fi
	echo "unset multiplot"
} >"$tmp/plot.gp"
gnuplot "$tmp/plot.gp"
echo "plot.sh: $out"
