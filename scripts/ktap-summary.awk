# SPDX-License-Identifier: GPL-2.0
#
# Count the results in the KTAP output of the kselftest runner
# (`make -C selftests run_tests`), for scripts/check.sh:
#
#   awk -f scripts/ktap-summary.awk output.log
#
# The runner prints one top-level result per program ("ok 2 selftests: zgc:
# zgc_link.sh", "not ok 3 ... # exit=1", "ok 4 ... # SKIP") and, before it,
# the program's own output prefixed with "# ", so the program's subtests
# are "# ok 1 name", "# not ok 2 name", "# ok 3 name # SKIP".
# A program with subtests counts its subtests (and one failure more if it
# is "not ok" while none of them failed); a program without subtests
# counts itself. Runs that stop early (planned programs without a result)
# and output without any result count one failure each.
#
# Prints one line "not ok NAME" per failure, then "totals PASS FAIL SKIP".
# Written for mawk as well as gawk.

BEGIN {
	planned = 0; seen = 0; npend = 0
	pass = 0; fail = 0; skip = 0
}

{ sub(/\r$/, "") }

# result(LINE) -> "pass", "fail" or "skip"; LINE starts at "ok"/"not ok".
function result(line, bad) {
	bad = line ~ /^not ok/
	if (line ~ /[ \t]#[ \t]*(SKIP|skip|Skip)([ \t:]|$)/)
		return bad ? "fail" : "skip"
	if (bad && line ~ /[ \t]#[ \t]*TODO([ \t]|$)/)
		return "skip"
	return bad ? "fail" : "pass"
}

# desc(LINE): the description of a result line, without its directive.
function desc(line) {
	sub(/^(not )?ok [0-9]+[ \t]*(- )?/, "", line)
	sub(/[ \t]+#[ \t]*[A-Za-z].*$/, "", line)
	return line
}

# why(LINE): the directive of a failed program ("exit=1"), for its name.
function why(line) {
	if (match(line, /[ \t]#[ \t]*[A-Za-z].*$/)) {
		line = substr(line, RSTART + 1)
		sub(/^#[ \t]*/, "", line)
		return line
	}
	return "not ok"
}

function count(res, name) {
	if (res == "pass")
		pass++
	else if (res == "skip")
		skip++
	else {
		fail++
		print "not ok " name
	}
}

# Count the pending subtests of program PROG; returns how many failed.
function flush(prog, i, nfail) {
	nfail = 0
	for (i = 1; i <= npend; i++) {
		count(pres[i], prog ": " pname[i])
		if (pres[i] == "fail")
			nfail++
	}
	npend = 0
	return nfail
}

/^1\.\.[0-9]+/ {
	planned += substr($1, 4) + 0
	next
}

/^# selftests: / {
	current = $0
	sub(/^# selftests: (.*: )?/, "", current)
	next
}

/^# (not )?ok [0-9]+/ {
	line = substr($0, 3)
	npend++
	pres[npend] = result(line)
	pname[npend] = desc(line)
	next
}

/^(not )?ok [0-9]+/ {
	seen++
	res = result($0)
	prog = desc($0)
	sub(/^selftests: (.*: )?/, "", prog)
	if (npend > 0) {
		if (flush(prog) == 0 && res == "fail")
			count("fail", prog " (" why($0) ")")
	} else {
		count(res, res == "fail" ? prog " (" why($0) ")" : prog)
	}
	current = ""
}

END {
	if (npend > 0)
		flush(current != "" ? current : "?")
	if (seen == 0 && planned == 0)
		count("fail", "no KTAP results in the output")
	else if (planned > seen)
		count("fail", (planned - seen) " of " planned " programs reported no result")
	print "totals " pass " " fail " " skip
}
