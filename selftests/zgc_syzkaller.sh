#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The syzkaller description of zgc's ABI (tools/syzkaller/zgc.txt) keeps
# up with uapi/linux/zgc.h: it sends every command of the genl family,
# and names every attribute of every nest and of the link kind. No
# syzkaller tree is at hand to compile it (syz-sysgen); its form is
# checked instead: every union and flags set it uses is defined, its
# brackets balance, and each line is one of the grammar's kinds.

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

DESC=$ZGC_TOP/tools/syzkaller/zgc.txt
UAPI=$ZGC_TOP/uapi/linux/zgc.h

# Every ZGC_CMD_* has its sendmsg$, every attribute its nlattr or nlnest.
covers_the_abi()
{
	python3 - "$UAPI" "$DESC" <<-'END'
	import re, sys
	uapi, desc = open(sys.argv[1]).read(), open(sys.argv[2]).read()
	missing = []
	for body in re.findall(r"enum (?:\w+ )?\{(.*?)\};", uapi, re.S):
	    for name in re.findall(r"^\s*(\w+),", body, re.M):
	        if name.endswith("_UNSPEC") or name.startswith("__"):
	            continue
	        if name.startswith("ZGC_CMD_"):
	            if "sendmsg$%s(" % name not in desc:
	                missing.append(name)
	        elif re.match(r"(ZGC_(\w+_)?A_|ZGC_STATS_|IFLA_ZGC_)", name):
	            if not re.search(r"nl(attr|nest)\[%s," % name, desc):
	                missing.append(name)
	if missing:
	    print("not in the description:", " ".join(missing))
	    sys.exit(1)
	print("every command and attribute is described")
	END
}

# The description's form, line by line.
well_formed()
{
	python3 - "$DESC" <<-'END'
	import re, sys
	lines = open(sys.argv[1]).read().split("\n")
	defined, used, errors, in_union = set(), set(), [], False
	builtin = {"ipv4_addr", "ipv6_addr", "mac_addr", "sock_port", "ifindex",
	           "send_flags", "sock_nl_generic", "msghdr_netlink",
	           "netlink_msg_t", "genlmsghdr_t", "genl_zgc_family_id",
	           "msghdr_zgc", "string", "ptr", "in", "flags", "array",
	           "nlattr", "nlnest", "int8", "int16", "int32", "int64",
	           "void", "varlen", "CMD", "POLICY"}
	for n, l in enumerate(lines, 1):
	    s = l.split("#")[0].rstrip()
	    if not s:
	        continue
	    if s.count("[") != s.count("]") and not (
	            re.fullmatch(r"\w+ \[", s) or s == "] [varlen]"):
	        errors.append("%d: brackets do not balance" % n)
	    if m := re.fullmatch(r"(\w+) \[", s):
	        defined.add(m.group(1)); in_union = True
	    elif s == "] [varlen]":
	        in_union = False
	    elif in_union:
	        if not re.fullmatch(r"\t\w+\t+\S.*", s):
	            errors.append("%d: not a union field" % n)
	    elif m := re.fullmatch(r"(\w+) = .+", s):
	        defined.add(m.group(1))
	    elif not re.match(r"(include <[\w/.]+>|resource \w+\[\w+\]|type \w+\[|"
	                      r"(syz_genetlink_get_family_id|sendmsg)\$\w+\()", s):
	        errors.append("%d: not a line of the grammar" % n)
	    if not s.startswith("include"):
	        used.update(w for w in re.findall(r"\b(zgc_\w+)\b", s))
	for name in sorted(used - defined - builtin):
	    if not re.search(r"(syz_genetlink|\$)%s" % name, "\n".join(lines)):
	        errors.append("%s is used but not defined" % name)
	if in_union:
	    errors.append("a union is not closed")
	print("\n".join(errors) or "well formed")
	sys.exit(1 if errors else 0)
	END
}

zgc_main covers_the_abi well_formed
