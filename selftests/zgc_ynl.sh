#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The YNL spec of the genl family, Documentation/netlink/specs/zgc.yaml,
# keeps up with uapi/linux/zgc.h and the module's policies, and the
# kernel's own YNL tool (tools/net/ynl/cli.py, from the kernel source
# scripts/kernel.sh extracts) drives zgc with it: requests, dumps, the
# errors' extended ACKs, and the configuration events.

# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

SPEC=$ZGC_TOP/Documentation/netlink/specs/zgc.yaml
UAPI=$ZGC_TOP/uapi/linux/zgc.h
# KSFT_DIR is the kernel source's tools/testing/selftests.
KSRC=$(cd "$KSFT_DIR/../../.." 2>/dev/null && pwd)
YNL=$KSRC/tools/net/ynl
SCHEMA=$KSRC/Documentation/netlink/genetlink-legacy.yaml
# cli.py imports its lib/ from the kernel source: no .pyc written there.
export PYTHONDONTWRITEBYTECODE=1

# need_ynl: skip the case when the kernel's YNL tools cannot run here.
need_ynl()
{
	if [ -z "$KSRC" ] || [ ! -f "$YNL/cli.py" ]; then
		echo "no tools/net/ynl/cli.py under $KSFT_DIR/../../..: skipped (scripts/kernel.sh source extracts the kernel source)"
		exit "$KSFT_SKIP"
	fi
	if ! python3 -c 'import yaml' 2>/dev/null; then
		echo "python3 has no yaml module, which cli.py needs: skipped (install python3-yaml)"
		exit "$KSFT_SKIP"
	fi
}

# ynl NS ARGS...: cli.py with the spec, its socket in NS. spec_matches_uapi
# validates the spec against the schema; --no-schema spares the others
# jsonschema's start.
ynl()
{
	local ns=$1

	shift
	ip netns exec "$ns" python3 "$YNL/cli.py" --spec "$SPEC" --no-schema "$@"
}

# ynl_fails NS ARGS...: cli.py must fail; print what it printed (it prints
# the NlError, errno and extended ACK, on stdout).
ynl_fails()
{
	local out

	if out=$(ynl "$@" 2>&1); then
		echo "unexpectedly succeeded: cli.py $*" >&2
		return 1
	fi
	printf '%s' "$out"
}

# ip4 A.B.C.D: the address as the integer cli.py takes for a big-endian
# u32 (it packs the number in network byte order).
ip4()
{
	local IFS=. a

	read -r -a a <<<"$1"
	echo $(((a[0] << 24) | (a[1] << 16) | (a[2] << 8) | a[3]))
}

# cmd_value NAME: the value of ZGC_CMD_NAME in the uapi.
cmd_value()
{
	awk -v n="ZGC_CMD_$1" '
		/^enum zgc_cmd \{/ { f = 1; i = 0; next }
		f && /^\};/ { exit }
		f && $1 ~ /^ZGC_CMD_/ { sub(/,.*/, "", $1); if ($1 == n) { print i; exit } i++ }
	' "$UAPI"
}

# The spec and the uapi as a C generator (ynl-gen-c.py) and a compiler see
# them, for the Python checks below: the spec's NAMES (every C name it
# makes, with its value), GROUPS (its enums, their names in order), ATTRS
# and OPS (its attributes and commands by C name); the uapi's UAPI_VALUES
# and UENUMS. argv: the YNL directory, the spec, the uapi.
spec_prelude()
{
	cat <<-'END'
	import os, re, sys
	sys.dont_write_bytecode = True
	YNL, SPEC, UAPI = sys.argv[1:4]
	sys.path.insert(0, YNL)
	from lib.nlspec import SpecFamily

	errors = []

	def finish(what):
	    if errors:
	        print('\n'.join(errors))
	        sys.exit(1)
	    print(what)

	def c_upper(s):
	    return s.upper().replace('-', '_')

	def c_lower(s):
	    return s.lower().replace('-', '_')

	def strip_comments(s):
	    return re.sub(r'//[^\n]*', '', re.sub(r'/\*.*?\*/', '', s, flags=re.S))

	def ev(expr, known):
	    """A C constant expression of numbers and known names, or a string."""
	    e = ' '.join(expr.split())
	    if e in known:
	        return known[e]
	    m = re.fullmatch(r'"([^"]*)"', e)
	    if m:
	        return m.group(1)
	    e = e.replace('sizeof(struct in6_addr)', '16')
	    e = re.sub(r'\b(0[xX][0-9a-fA-F]+|\d+)[uUlL]*\b', r'\1', e)
	    e = re.sub(r'\b[A-Za-z_]\w*\b', lambda m: str(known[m.group(0)]), e)
	    return int(eval(e, {'__builtins__': {}}))

	# The spec, loaded by the YNL library itself (no schema: cli.py checks it).
	fam = SpecFamily(SPEC, '')
	y = fam.yaml
	fname = y['name']
	NAMES, GROUPS, ATTRS, OPS, SETPFX = {}, {}, {}, {}, {}

	def name(n, v):
	    if n in NAMES:
	        errors.append(f'{n}: named twice by the spec')
	    NAMES[n] = v

	def group(enum_name, pfx, entries, cnt=None, mx=None):
	    key = 'enum ' + (c_lower(enum_name) if enum_name else c_upper(pfx))
	    GROUPS[key] = [n for n, _ in entries]
	    for n, v in entries:
	        name(n, v)
	    if cnt:
	        name(cnt, entries[-1][1] + 1)
	        name(mx, entries[-1][1])

	name(c_upper(y.get('c-family-name', fname + '-family-name')), fname)
	name(c_upper(y.get('c-version-name', fname + '-family-version')),
	     y.get('version', 1))
	for d in y.get('definitions', []):
	    if d['type'] == 'const':
	        name(c_upper(f"{fname}-{d['name']}"), d['value'])
	        continue
	    if d['type'] not in ('enum', 'flags'):
	        continue
	    pfx = d.get('name-prefix', f"{fname}-{d['name']}-")
	    entries = [(c_upper(pfx + e.name), e.user_value())
	               for e in fam.consts[d['name']].entries.values()]
	    if d['type'] == 'flags':
	        # The uapi #defines them (ZGC_FLOW_F_*, ZGC_ROLE_*).
	        for n, v in entries:
	            name(n, v)
	        continue
	    mx = c_upper(pfx + 'max') if d.get('render-max') else None
	    group(d.get('enum-name', f"{fname}-{d['name']}"), pfx, entries,
	          mx and '__' + mx, mx)
	for s in y['attribute-sets']:
	    pfx = s.get('name-prefix', f"{fname}-a-" if s['name'] == fname else
	                f"{fname}-a-{s['name']}-")
	    SETPFX[s['name']] = pfx
	    entries = []
	    for a in fam.attr_sets[s['name']].attrs.values():
	        entries.append((c_upper(pfx + a.name), a.value))
	        ATTRS[c_upper(pfx + a.name)] = a
	    group(s.get('enum-name'), pfx, entries,
	          c_upper(s.get('attr-cnt-name', '__' + pfx + 'max')),
	          c_upper(s.get('attr-max-name', pfx + 'max')))
	ops = y['operations']
	pfx = ops.get('name-prefix', f"{fname}-cmd-")
	entries = []
	for m in fam.msgs.values():
	    if m.value is None:
	        errors.append(f'{m.name}: its request and reply values differ')
	        continue
	    entries.append((c_upper(pfx + m.name), m.value))
	    OPS[c_upper(pfx + m.name)] = m
	group(ops.get('enum-name'), pfx, entries,
	      c_upper(ops.get('cmd-cnt-name', '__' + pfx + 'max')),
	      c_upper(ops.get('cmd-max-name', pfx + 'max')))
	for g in y.get('mcast-groups', {}).get('list', []):
	    name(c_upper(g.get('c-define-name', f"{fname}-mcgrp-{g['name']}")),
	         g['name'])

	# The uapi: each enum's names in order (but the __*_MAX counts) and
	# every enumerator's and #define's value.
	UAPI_VALUES, UENUMS = {}, {}
	text = strip_comments(open(UAPI).read())
	for m in re.finditer(r'\benum\s*(\w*)\s*\{(.*?)\}\s*;', text, re.S):
	    val, order = -1, []
	    for ent in filter(None, (e.strip() for e in m.group(2).split(','))):
	        n, _, v = (x.strip() for x in ent.partition('='))
	        val = ev(v, UAPI_VALUES) if v else val + 1
	        UAPI_VALUES[n] = val
	        if not n.startswith('__'):
	            order.append(n)
	    # An anonymous enum (IFLA_ZGC_*): known by its names' prefix.
	    key = m.group(1) or os.path.commonprefix(order).rpartition('_')[0] + '_'
	    UENUMS['enum ' + key] = order
	for m in re.finditer(r'^#define\s+(\w+)[ \t]+(\S.*)$', text, re.M):
	    UAPI_VALUES[m.group(1)] = ev(m.group(2), UAPI_VALUES)
	END
}

# Every name the spec makes is the uapi's, with the same value (the
# commands' by the operations' order and enum-model), every enum of the
# uapi the spec's with its names in the same order, and the reverse; and
# cli.py validates the spec against the kernel's schema and lists the
# operations of enum zgc_cmd.
spec_matches_uapi()
{
	local out ops expected schema

	need_ynl
	{ spec_prelude; cat <<-'END'; } | python3 - "$YNL" "$SPEC" "$UAPI"
	# Names a spec cannot give: ynl-gen-c's render-max names the count
	# and max of an enum after its name-prefix (__ZGC_FLOW_MAX), these
	# after the enum's name.
	UNSPELLABLE = {'__ZGC_FLOW_ACTION_MAX', '__ZGC_ACL_ACTION_MAX',
	               'ZGC_ACL_ACTION_MAX', '__ZGC_NODE_STATE_MAX',
	               'ZGC_NODE_STATE_MAX'}
	for n, v in NAMES.items():
	    if n not in UAPI_VALUES:
	        errors.append(f'{n} = {v!r}: in the spec, not in the uapi')
	    elif UAPI_VALUES[n] != v:
	        errors.append(f'{n}: {v!r} in the spec, {UAPI_VALUES[n]!r} in the uapi')
	for n, v in UAPI_VALUES.items():
	    if n not in NAMES and n not in UNSPELLABLE:
	        errors.append(f'{n} = {v!r}: in the uapi, not in the spec')
	for k, order in GROUPS.items():
	    if k not in UENUMS:
	        errors.append(f'{k}: an enum of the spec, not of the uapi')
	    elif UENUMS[k] != order:
	        i = next((i for i, (a, b) in enumerate(zip(order, UENUMS[k]))
	                  if a != b), min(len(order), len(UENUMS[k])))
	        errors.append(f'{k}: at {i}, the spec has {order[i:i + 1]}, '
	                      f'the uapi {UENUMS[k][i:i + 1]}')
	for k in UENUMS:
	    if k not in GROUPS:
	        errors.append(f'{k}: an enum of the uapi, not of the spec')
	finish(f'the spec names what the uapi does, with its values: '
	       f'{len(NAMES)} names, {len(OPS)} commands, {len(ATTRS)} '
	       f'attributes of {len(SETPFX)} sets, {len(GROUPS)} enums in all')
	END

	if python3 -c 'import jsonschema' 2>/dev/null; then
		schema=(--schema "$SCHEMA")
	else
		echo "python3-jsonschema is not installed: the spec is not validated against $SCHEMA (scripts/deps.sh installs it)"
		schema=(--no-schema)
	fi
	# --list-ops asks the kernel for the family first: zgc is loaded.
	out=$(python3 "$YNL/cli.py" --spec "$SPEC" "${schema[@]}" --list-ops)
	ops=$(awk '{ print $1 }' <<<"$out" | sort)
	expected=$(awk '
		/^enum zgc_cmd \{/ { f = 1; next }
		f && /^\};/ { exit }
		f && $1 ~ /^ZGC_CMD_/ && $1 !~ /_(UNSPEC|NTF),?$/ {
			n = tolower(substr($1, 9)); sub(/,.*/, "", n); gsub("_", "-", n); print n
		}' "$UAPI" | sort)
	zgc_eq "cli.py --list-ops" "$ops" "$expected"
	echo "cli.py lists the $(wc -l <<<"$ops") operations${schema[1]:+, the spec valid against ${schema[1]}}"
}

# The spec describes what the module's policies take: each attribute of
# each nla_policy (kmod/zgc/*.c) with its type, byte order, length and
# range, each nest with the set of its policy; and its genl_ops table:
# each command's doit and dumpit, its flags, and every attribute of its
# requests in its policy; and the multicast groups with their flags.
spec_matches_kernel()
{
	need_ynl
	{ spec_prelude; cat <<-'END'; } | python3 - "$YNL" "$SPEC" "$UAPI" "$ZGC_TOP/kmod/zgc"
	KMOD = sys.argv[4]
	src = ''.join(strip_comments(open(os.path.join(KMOD, f)).read())
	              for f in sorted(os.listdir(KMOD)) if f.endswith('.c'))
	KNOWN = dict(UAPI_VALUES, IFNAMSIZ=16, ETH_ALEN=6)
	RANGES = {}
	for m in re.finditer(r'netlink_range_validation\s+(\w+)\s*=\s*\{(.*?)\}',
	                     src, re.S):
	    r = dict(re.findall(r'\.(min|max)\s*=\s*([^,}]+)', m.group(2)))
	    RANGES[m.group(1)] = tuple(ev(r[k], KNOWN) if k in r else None
	                               for k in ('min', 'max'))
	POLICIES = {}
	for m in re.finditer(r'nla_policy\s+(\w+)\s*\[[^\]]*\]\s*=\s*\{(.*?)\n\}\s*;',
	                     src, re.S):
	    parts = re.split(r'^\s*\[(\w+)\]\s*=\s*', m.group(2), flags=re.M)
	    POLICIES[m.group(1)] = {n: ' '.join(v.split()).rstrip(',')
	                            for n, v in zip(parts[1::2], parts[2::2])}
	if len(POLICIES) < 10:
	    errors.append(f'only {len(POLICIES)} policies found in {KMOD}')

	TYPES = {'NLA_U8': ('u8', None), 'NLA_U16': ('u16', None),
	         'NLA_U32': ('u32', None), 'NLA_U64': ('u64', None),
	         'NLA_BE16': ('u16', 'big-endian'),
	         'NLA_BE32': ('u32', 'big-endian'),
	         'NLA_NUL_STRING': ('string', None), 'NLA_FLAG': ('flag', None)}

	def view(**k):
	    v = dict.fromkeys(('type', 'byte-order', 'min', 'max', 'exact-len',
	                       'max-len', 'flags-mask', 'nest'))
	    v.update(k)
	    return v

	def kernel_view(p):
	    """What a policy entry takes; None for NLA_REJECT (replies only)."""
	    if m := re.fullmatch(r'\{ ?\.type = (NLA_\w+)(?:, \.len = ([^}]+?))?,? ?\}', p):
	        if m.group(1) == 'NLA_REJECT':
	            return None
	        t, bo = TYPES[m.group(1)]
	        return view(type=t, **{'byte-order': bo, 'max-len':
	                    ev(m.group(2), KNOWN) if m.group(2) else None})
	    if m := re.fullmatch(r'NLA_POLICY_(RANGE|MIN|MAX|FULL_RANGE|MASK)\((NLA_\w+), (.+)\)', p):
	        kind, t, arg = m.groups()
	        v = view(type=TYPES[t][0], **{'byte-order': TYPES[t][1]})
	        if kind == 'RANGE':
	            lo, hi = arg.split(',', 1)
	            v['min'], v['max'] = ev(lo, KNOWN), ev(hi, KNOWN)
	        elif kind == 'MIN':
	            v['min'] = ev(arg, KNOWN)
	        elif kind == 'MAX':
	            v['max'] = ev(arg, KNOWN)
	        elif kind == 'FULL_RANGE':
	            v['min'], v['max'] = RANGES[arg.lstrip('&')]
	        else:
	            v['flags-mask'] = ev(arg, KNOWN)
	        return v
	    if m := re.fullmatch(r'NLA_POLICY_NESTED\((\w+)\)', p):
	        return view(type='nest', nest=m.group(1))
	    if m := re.fullmatch(r'NLA_POLICY_EXACT_LEN\((.+)\)', p):
	        return view(type='binary', **{'exact-len': ev(m.group(1), KNOWN)})
	    if p == 'NLA_POLICY_ETH_ADDR':
	        return view(type='binary', **{'exact-len': 6})
	    raise ValueError(f'a policy this check does not know: {p}')

	def limit(v):
	    return fam.consts[v]['value'] if isinstance(v, str) else v

	def spec_view(a):
	    c = a.yaml.get('checks', {})
	    v = view(type=a.type, **{'byte-order': a.byte_order})
	    for k in ('min', 'max', 'exact-len', 'max-len'):
	        v[k] = limit(c.get(k))
	    if 'flags-mask' in c:
	        v['flags-mask'] = fam.consts[c['flags-mask']].get_mask()
	    if a.type == 'nest':
	        v['nest'] = a.yaml['nested-attributes']
	    return v

	def shown(v):
	    return ', '.join(f'{k} {x}' for k, x in v.items() if x is not None)

	n = 0
	for pname, entries in POLICIES.items():
	    for cname, p in entries.items():
	        a = ATTRS.get(cname)
	        if a is None:
	            errors.append(f'{pname}: {cname} is no attribute of the spec')
	            continue
	        kv = kernel_view(p)
	        if kv is None:
	            continue
	        n += 1
	        sv = spec_view(a)
	        knest, snest = kv.pop('nest'), sv.pop('nest')
	        if kv != sv:
	            errors.append(f'{pname}[{cname}]: the kernel takes {shown(kv)}, '
	                          f'the spec says {shown(sv)}')
	        for inner in POLICIES.get(knest, {}) if knest else ():
	            if ATTRS.get(inner) is None or ATTRS[inner].attr_set.name != snest:
	                errors.append(f'{pname}[{cname}]: {inner} (of {knest}) '
	                              f'is not in the nest {snest} of the spec')

	FLAGS = {'uns-admin-perm': 'GENL_UNS_ADMIN_PERM',
	         'admin-perm': 'GENL_ADMIN_PERM'}
	m = re.search(r'genl_ops\s+\w+\[\]\s*=\s*\{(.*?)\n\}\s*;', src, re.S)
	KOPS = {}
	for b in re.findall(r'\{(.*?)\}', m.group(1), re.S):
	    f = dict(re.findall(r'\.(\w+)\s*=\s*([^,]+?)\s*,', b + ','))
	    KOPS[f['cmd']] = f
	for cname, op in OPS.items():
	    if not op.is_call:
	        if cname in KOPS:
	            errors.append(f'{cname}: no operation in the spec, one in the kernel')
	        continue
	    k = KOPS.get(cname)
	    if k is None:
	        errors.append(f'{cname}: an operation of the spec, not of the kernel')
	        continue
	    for mode, cb in (('do', 'doit'), ('dump', 'dumpit')):
	        if (mode in op.yaml) != (cb in k):
	            errors.append(f'{cname}: {mode} in the spec is '
	                          f'{mode in op.yaml}, .{cb} in the kernel {cb in k}')
	    sflags = sorted(FLAGS[x] for x in op.yaml.get('flags', []))
	    kflags = sorted(x.strip() for x in k.get('flags', '').split('|') if x.strip())
	    if sflags != kflags:
	        errors.append(f'{cname}: flags {sflags} in the spec, {kflags} in the kernel')
	    policy = POLICIES.get(k.get('policy'), {})
	    for mode in ('do', 'dump'):
	        req = op.yaml.get(mode, {}).get('request', {}).get('attributes', [])
	        for an in req:
	            cn = c_upper(SETPFX[op.attr_set.name] + an)
	            if cn not in policy or kernel_view(policy[cn]) is None:
	                errors.append(f'{cname}: {mode} request attribute {an} '
	                              f'is not taken by {k.get("policy")}')
	for cname in KOPS:
	    if cname not in OPS:
	        errors.append(f'{cname}: an operation of the kernel, not of the spec')

	MFLAGS = {'uns-admin-perm': 'GENL_MCAST_CAP_NET_ADMIN',
	          'admin-perm': 'GENL_MCAST_CAP_SYS_ADMIN'}
	m = re.search(r'genl_multicast_group\s+\w+\[\]\s*=\s*\{(.*?)\n\}\s*;', src, re.S)
	kgroups = {}
	for b in re.findall(r'\{(.*?)\}', m.group(1), re.S):
	    f = dict(re.findall(r'\.(\w+)\s*=\s*([^,]+?)\s*,', b + ','))
	    kgroups[ev(f['name'], KNOWN)] = f.get('flags')
	sgroups = {g['name']: ' | '.join(MFLAGS[x] for x in g.get('flags', [])) or None
	           for g in y['mcast-groups']['list']}
	if kgroups != sgroups:
	    errors.append(f'multicast groups: {sgroups} in the spec, {kgroups} in the kernel')
	finish(f'the spec takes what the kernel does: {n} attributes of '
	       f'{len(POLICIES)} policies, {len(KOPS)} operations, '
	       f'{len(kgroups)} multicast groups')
	END
}

# Requests, dumps and errors through cli.py, read back with zgcctl.
create_dump_errors()
{
	local NS out ifindex err strerr msg sn

	need_ynl
	zgc_ns_new NS
	ip -n "$NS" link add zgc0 type zgc
	ifindex=$(zgc_link_json "$NS" zgc0 | jq .ifindex)

	# A device by name, then by ifindex: its settings, decoded by the
	# spec's types and enums (overlay a name, an empty entrance nest).
	out=$(ynl "$NS" --do dev-get --json '{"ifname": "zgc0"}' --output-json)
	zgc_eq "dev-get by name" "$(jq -c '[.ifindex, .ifname, .overlay, .port,
		.ttl, .df, .provider, .entrances, has("local"), .flows,
		.["flow-timeout"], .["flow-max"], .["flow-vni-max"], .["dft-entries"]]' <<<"$out")" \
		"[$ifindex,\"zgc0\",\"geneve\",6081,0,\"unset\",0,{},false,0,300,1048576,262144,0]"
	zgc_eq "dev-get by ifindex" \
		"$(ynl "$NS" --do dev-get --json "{\"ifindex\": $ifindex}" --output-json)" "$out"
	# Every counter, named as zgcctl names it (dashes for underscores).
	zgc_eq "stats" "$(jq -S -c '.stats | with_entries(.key |= gsub("-"; "_"))' <<<"$out")" \
		"$("$ZGCCTL" -n "$NS" -j stats zgc0 | jq -S -c '.[0] | del(.ifname, .ifindex)')"
	zgc_eq "counters" "$(jq '.stats | length' <<<"$out")" \
		"$(($(awk '/^\tZGC_STATS_/ { n++ } END { print n }' "$UAPI") - 2))"

	# A dump of the namespace's devices, as zgcctl shows them.
	ip -n "$NS" link add zgc1 type zgc overlay vxlan
	out=$(ynl "$NS" --dump dev-get --output-json)
	zgc_eq "dump dev-get" \
		"$(jq -c 'map({ifname, ifindex, overlay, port, ttl}) | sort_by(.ifname)' <<<"$out")" \
		"$("$ZGCCTL" -n "$NS" -j show | jq -c 'map({ifname, ifindex, overlay, port, ttl}) | sort_by(.ifname)')"
	zgc_eq "vxlan" "$(jq -c '.[] | select(.ifname == "zgc1") | [.overlay, .port]' <<<"$out")" \
		'["vxlan",4789]'

	# Subnets: a nest with a big-endian IPv4 address (an integer) and
	# hex binaries (MAC, IPv6 address), dumped back as addresses.
	sn="{\"vni\": 100, \"gw4\": $(ip4 10.1.0.1), \"prefixlen\": 24, \"mac\": \"020000000101\"}"
	zgc_eq "subnet-add" "$(ynl "$NS" --do subnet-add --output-json \
		--json "{\"ifname\": \"zgc0\", \"subnet\": $sn}")" null
	zgc_eq "subnet-add v6" "$(ynl "$NS" --do subnet-add --output-json --json \
		'{"ifname": "zgc0", "subnet": {"vni": 100, "gw6": "fd000001000000000000000000000001", "prefixlen": 64, "mac": "020000000102"}}')" null
	out=$(ynl "$NS" --dump subnet-get --json '{"ifname": "zgc0"}' --output-json)
	zgc_eq "subnet-get" "$(jq -c 'map(.subnet) | sort_by(.prefixlen)' <<<"$out")" \
		'[{"vni":100,"gw4":"10.1.0.1","prefixlen":24,"mac":"02:00:00:00:01:01"},{"vni":100,"gw6":"fd00:1::1","prefixlen":64,"mac":"02:00:00:00:01:02"}]'
	zgc_eq "subnet-get ifindex" "$(jq -c '[.[].ifindex] | unique' <<<"$out")" "[$ifindex]"
	zgc_eq "subnet-get as zgcctl" \
		"$(jq -c 'map(.subnet | {vni, gw: (.gw4 // .gw6), prefixlen, mac}) | sort_by(.gw)' <<<"$out")" \
		"$("$ZGCCTL" -n "$NS" -j subnet show zgc0 | jq -c 'sort_by(.gw)')"

	# A batch: two endpoints in one request (multi-attr).
	zgc_eq "endpoint-add" "$(ynl "$NS" --do endpoint-add --output-json --json "{
		\"ifname\": \"zgc0\", \"endpoint\": [
		{\"vni\": 100, \"ip4\": $(ip4 10.1.0.11), \"mac\": \"020000000011\", \"host4\": $(ip4 192.0.2.11)},
		{\"vni\": 100, \"ip4\": $(ip4 10.1.0.12), \"mac\": \"020000000012\", \"host4\": $(ip4 192.0.2.12)}]}")" null
	out=$(ynl "$NS" --dump endpoint-get --json '{"ifname": "zgc0"}' --output-json)
	zgc_eq "endpoint-get" \
		"$(jq -c 'map(.endpoint[] | {vni, ip: .ip4, mac, host: .host4}) | sort_by(.ip)' <<<"$out")" \
		"$("$ZGCCTL" -n "$NS" -j endpoint show zgc0 | jq -c 'sort_by(.ip)')"
	zgc_eq "endpoints" "$(jq length <<<"$out")" 2

	# Errors: the kernel's errno and extended ACK, as zgcctl gets them
	# ("zgcctl: subnet add zgc7: No such device: no device with this
	# name"), with the attribute it points at.
	err=$(zgc_err_of "$ZGCCTL" -n "$NS" subnet add zgc7 vni 100 gw 10.1.0.1/24 mac 02:00:00:00:01:01)
	msg=${err##*: }
	strerr=${err%: "$msg"}
	strerr=${strerr##*: }
	zgc_match "zgcctl's error" "$err" "^zgcctl: subnet add zgc7: [A-Z].*: [a-z]"
	out=$(ynl_fails "$NS" --do subnet-add --json "{\"ifname\": \"zgc7\", \"subnet\": $sn}")
	zgc_eq "errno" "$(head -n 1 <<<"$out")" "Netlink error: $strerr"
	zgc_match "no device" "$out" "'msg': '$msg'"
	zgc_match "no device: where" "$out" "'bad-attr': '\.ifname'"
	# Out of the policy's range (zgcctl refuses it before the kernel).
	out=$(ynl_fails "$NS" --do subnet-add --json "{\"ifname\": \"zgc0\",
		\"subnet\": {\"vni\": 100, \"gw4\": $(ip4 10.2.0.1), \"prefixlen\": 0, \"mac\": \"020000000201\"}}")
	zgc_eq "prefixlen 0: errno" "$(head -n 1 <<<"$out")" "Netlink error: Numerical result out of range"
	zgc_match "prefixlen 0" "$out" "'msg': 'integer out of range'"
	zgc_match "prefixlen 0: where" "$out" "'bad-attr': '\.subnet\.prefixlen'"
	zgc_match "prefixlen 0: policy" "$out" "'min-value': 1, 'max-value': 127"
	# zgc's own check, past the policy's.
	out=$(ynl_fails "$NS" --do subnet-add --json "{\"ifname\": \"zgc0\",
		\"subnet\": {\"vni\": 100, \"gw4\": $(ip4 10.2.0.1), \"prefixlen\": 31, \"mac\": \"020000000201\"}}")
	zgc_match "prefixlen 31" "$out" "an IPv4 subnet's prefix length is 1 to 30"
	zgc_match "prefixlen 31: where" "$out" "'bad-attr': '\.subnet\.prefixlen'"
	# A dump's error, in its NLMSG_DONE.
	out=$(ynl_fails "$NS" --dump subnet-get --json '{"ifname": "zgc7"}')
	zgc_match "dump error" "$out" "'msg': '$msg'"
	zgc_eq "still two subnets" "$("$ZGCCTL" -n "$NS" -j subnet show zgc0 | jq length)" 2

	# dev-set: port and underlay (big-endian addresses, a multi-attr nest
	# of entrances), read back by zgcctl and by dev-get.
	zgc_eq "dev-set" "$(ynl "$NS" --do dev-set --output-json --json "{
		\"ifname\": \"zgc0\", \"port\": 7000, \"local\": $(ip4 192.0.2.1),
		\"entrances\": {\"addr4\": [$(ip4 198.51.100.1), $(ip4 198.51.100.2)]},
		\"ttl\": 64, \"df\": \"inherit\", \"flow-timeout\": 60}")" null
	zgc_eq "zgcctl show" "$("$ZGCCTL" -n "$NS" -j show zgc0 |
		jq -c '.[0] | [.port, .local, .entrances, .ttl, .df, .flow_timeout]')" \
		'[7000,"192.0.2.1",["198.51.100.1","198.51.100.2"],64,"inherit",60]'
	out=$(ynl "$NS" --do dev-get --json '{"ifname": "zgc0"}' --output-json)
	zgc_eq "dev-get after dev-set" \
		"$(jq -c '[.port, .local, .entrances.addr4, .ttl, .df, .["flow-timeout"]]' <<<"$out")" \
		'[7000,"192.0.2.1",["198.51.100.1","198.51.100.2"],64,"inherit",60]'
	zgc_eq "zgc1 unchanged" "$("$ZGCCTL" -n "$NS" -j show zgc1 | jq '.[0].port')" 4789
}

# The configuration events another process's requests cause, as cli.py
# hears them. (Not those of its own requests: with --subscribe and --do,
# the 6.12 ynl.py handles the event that comes before the ACK, then
# fails on the ACK's recv(), its request op lost: "'NoneType' object has
# no attribute 'attr_set'".)
events()
{
	local NS ifindex pid dir expected n=0

	need_ynl
	zgc_ns_new NS
	ip -n "$NS" link add zgc0 type zgc
	ifindex=$(zgc_link_json "$NS" zgc0 | jq .ifindex)
	"$ZGCCTL" -n "$NS" subnet add zgc0 vni 100 gw 10.1.0.1/24 mac 02:00:00:00:01:01
	dir=$(mktemp -d)
	ZGC_CLEANUP+=("rm -rf '$dir'")

	# Both groups of the spec can be joined (nothing happens on this one).
	zgc_eq "cluster group" "$(ynl "$NS" --subscribe cluster --sleep 1 --output-json)" "[]"

	# cli.py joins "config", sleeps, then prints what came. It joins once
	# python has started, seconds in an emulated guest, and what happened
	# before is not told: zgcctl repeats its changes until cli.py ends,
	# and cli.py must have heard each change, and nothing else.
	ynl "$NS" --subscribe config --sleep 5 --output-json >"$dir/out" 2>&1 &
	pid=$!
	ZGC_CLEANUP+=("kill $pid 2>/dev/null")
	while kill -0 "$pid" 2>/dev/null; do
		"$ZGCCTL" -n "$NS" tenant set zgc0 vni 100 flow_rate 5
		"$ZGCCTL" -n "$NS" subnet add zgc0 vni 100 gw 10.2.0.1/24 mac 02:00:00:00:02:01
		"$ZGCCTL" -n "$NS" subnet del zgc0 vni 100 gw 10.2.0.1
		n=$((n + 1))
		if [ "$n" -ge 300 ]; then
			echo "cli.py did not end"
			return 1
		fi
		sleep 0.2
	done
	wait "$pid" || { cat "$dir/out"; return 1; }
	echo "zgcctl made its 3 changes $n times, cli.py heard $(jq length "$dir/out") events"
	zgc_eq "heard" "$(jq "length >= 3 and length <= 3 * $n" "$dir/out")" true
	# The change is the request's command, then come its attributes:
	# nests, a big-endian address and a MAC as the spec decodes them.
	expected="[{\"name\": \"config-ntf\", \"msg\": {\"ifindex\": $ifindex,
		\"ifname\": \"zgc0\", \"change\": $(cmd_value TENANT_SET),
		\"tenant\": {\"vni\": 100, \"flow-rate\": 5}}},
		{\"name\": \"config-ntf\", \"msg\": {\"ifindex\": $ifindex,
		\"ifname\": \"zgc0\", \"change\": $(cmd_value SUBNET_ADD),
		\"subnet\": {\"vni\": 100, \"gw4\": \"10.2.0.1\", \"prefixlen\": 24,
		\"mac\": \"02:00:00:00:02:01\"}}},
		{\"name\": \"config-ntf\", \"msg\": {\"ifindex\": $ifindex,
		\"ifname\": \"zgc0\", \"change\": $(cmd_value SUBNET_DEL),
		\"subnet\": {\"vni\": 100, \"gw4\": \"10.2.0.1\"}}}]"
	zgc_eq "events" "$(jq -S -c unique "$dir/out")" "$(jq -S -c unique <<<"$expected")"
}

zgc_main spec_matches_uapi spec_matches_kernel create_dump_errors events
