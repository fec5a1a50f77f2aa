#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# In a guest (scripts/coverage.sh): run COMMAND while the function tracer
# records which functions of the zgc module it reaches, one name a line
# into FILE.
#
#   bash scripts/coverage-guest.sh FILE COMMAND...
#
# The filter is zgc's functions (":mod:zgc", which ftrace applies again
# whenever the module is loaded) and one kernel function that nothing here
# calls, so that it is never empty (an empty filter traces every
# function). Each function seen is taken out of it, so the tracer soon
# costs nothing. Exits with COMMAND's status.
set -uo pipefail

FILE=$1
shift
T=/sys/kernel/tracing
[ -d "$T/events" ] || mount -t tracefs nodev "$T"
KEEP=__x64_sys_reboot

echo nop >"$T/current_tracer"
echo "$KEEP" >"$T/set_ftrace_filter"
echo ':mod:zgc' >>"$T/set_ftrace_filter"
echo 8192 >"$T/buffer_size_kb"
: >"$T/trace"
echo function >"$T/current_tracer"
echo 1 >"$T/tracing_on"
: >"$FILE"

# trace_pipe lines: "TASK-PID [CPU] FLAGS TIME: FUNCTION <-CALLER".
collect()
{
	local -A seen=()
	local fn

	while read -r fn; do
		[ -n "${seen[$fn]:-}" ] && continue
		seen[$fn]=1
		echo "$fn" >>"$FILE"
		echo "!$fn" >>"$T/set_ftrace_filter" 2>/dev/null || true
	done < <(sed -u -n 's/^.*: \([A-Za-z0-9_.]*\) <-.*$/\1/p' "$T/trace_pipe")
}

collect &
collector=$!
"$@"
rc=$?
# What is still in the buffer reaches the collector.
sleep 2
echo 0 >"$T/tracing_on"
echo nop >"$T/current_tracer"
kill "$collector" 2>/dev/null
pkill -f "$T/trace_pipe" 2>/dev/null
wait "$collector" 2>/dev/null
exit "$rc"
