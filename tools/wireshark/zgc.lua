-- SPDX-License-Identifier: GPL-2.0
--
-- zgc.lua: a Wireshark (4.0 and later) dissector for zgc's cluster
-- messages: the DFT option (Geneve option class 0xFF7A, type 0x81), the
-- DFT NAT option (class 0xFF7A, type 0x02), and the payloads of the
-- membership (PING, ACK, PING_REQ) and state transfer (SYNC_REQ, SYNC,
-- SYNC_END) messages. Documentation/wire-format.md is the format;
-- kmod/dft/wire.h its C form.
--
-- Use:
--   wireshark -X lua_script:tools/wireshark/zgc.lua [FILE]
--   tshark -X lua_script:tools/wireshark/zgc.lua -r FILE -Y zgc
--   tshark -X lua_script:tools/wireshark/zgc.lua -r FILE -T fields \
--       -e zgc.op -e zgc.chain -e zgc.sender -e zgc.seq
-- or copy this file to ~/.local/lib/wireshark/plugins/ (then without -X;
-- not both: the protocol would be registered twice).
--
-- Registration: Wireshark 4.0's Geneve dissector has no dissector table
-- for option classes (`tshark -G dissector-tables | grep -i geneve` lists
-- none), so this dissector takes UDP port 6081 (preference zgc.port) in
-- Geneve's place. A packet without an option of class 0xFF7A goes to the
-- Geneve dissector untouched. One with such an option gets a "zgc" tree
-- (before the Geneve tree: the option's decode), then the Geneve
-- dissector decodes the Geneve header and hands the carried frame on as
-- usual: the tenant's Ethernet frame of a transaction, or the Ethernet
-- header (type 0x88B5) of a membership or state transfer message, whose
-- payload this script's second protocol, "zgc.payload", decodes (it
-- claims ethertype 0x88B5 only inside a zgc message). The Protocol
-- column says ZGC, the Info column starts with the operation.
--
-- Preferences: zgc.port (UDP port, 6081); zgc.key (the cluster's key, 32
-- hex digits: then each MAC is checked, zgc.auth.status), e.g.
--   tshark -X lua_script:zgc.lua -o zgc.key:000102030405060708090a0b0c0d0e0f ...
--
-- What zgc itself would refuse is flagged as expert info:
--   zgc.expert.malformed   (Malformed, Error): a node drops the message as
--                          dft_rx_malformed (or ignores the sync entry)
--   zgc.expert.version     (Protocol, Warning): a version other than 4,
--                          not decoded further (dft_rx_version)
--   zgc.expert.unexpected  (Protocol, Warning): not what the format says,
--                          though zgc does not refuse it for that, or
--                          refuses it for another reason (hops 0)
--   zgc.expert.bad_mac     (Checksum, Error): the MAC does not verify
--                          under zgc.key
--   zgc.expert.truncated   (Undecoded, Warning): the capture is cut short
--   zgc.expert.note        (Protocol, Note): ignored bytes, and the like
--
-- Fields (tshark -T fields -e NAME; -G fields lists them with types;
-- -T fields prints flags as 1 or 0 and base-16 fields with 0x and every
-- digit: zgc.boot as `zgcctl cluster show` prints a boot, 0x1f2e3d4c):
--  Option headers (the DFT option's, and the NAT option's):
--   zgc.option.class zgc.option.type zgc.option.critical zgc.option.length
--  The DFT option:
--   zgc.version zgc.op (1 LOOKUP 2 REPLY 3 INSERT 4 UPDATE 5 DELETE
--   6 REFRESH 7 PING 8 ACK 9 PING_REQ 10 SYNC_REQ 11 SYNC 12 SYNC_END)
--   zgc.flags zgc.flags.auth (A) zgc.flags.reverse (V) zgc.flags.migrate (M)
--   zgc.flags.reserved zgc.hops zgc.verdicts zgc.cluster zgc.chain
--   zgc.epoch zgc.sender zgc.seq zgc.fwd zgc.host zgc.entrance
--   zgc.entry_version zgc.view zgc.view.live zgc.view.syncing zgc.reserved
--   zgc.boot zgc.bound
--  Verdicts (in the option, up to 2, and in each sync entry):
--   zgc.verdict zgc.verdict.action (1 forward 2 drop 3 reject
--   4 unreachable 5 route) zgc.verdict.flags zgc.verdict.flags.routed
--   zgc.verdict.flags.dnat zgc.verdict.flags.snat zgc.verdict.flags.unknown
--   zgc.verdict.dmac zgc.verdict.smac zgc.verdict.nat_port
--   zgc.verdict.host zgc.verdict.config
--  The MAC: zgc.auth.mac, and with zgc.key set zgc.auth.status
--   (1 good, 2 bad, 3 not checked: the capture is cut short)
--  The DFT NAT option: zgc.nat zgc.nat.addr (IPv6) zgc.nat.addr4 (when
--   IPv4-mapped)
--  Membership payload (zgc.payload):
--   zgc.probe.news zgc.probe.flags zgc.probe.flags.syncing (S)
--   zgc.probe.flags.draining (D) zgc.probe.flags.rolled (R)
--   zgc.probe.flags.unknown zgc.probe.reserved zgc.probe.target
--   zgc.probe.origin zgc.probe.nonce zgc.probe.incarnation
--   news entries: zgc.news zgc.news.node zgc.news.state (0 alive
--   1 suspect 2 dead) zgc.news.flags zgc.news.flags.syncing
--   zgc.news.flags.draining zgc.news.flags.unknown zgc.news.reserved
--   zgc.news.incarnation
--  State transfer payload (zgc.payload):
--   zgc.sync.nonce zgc.sync.count zgc.sync.entries zgc.sync.reserved
--   entries: zgc.entry zgc.entry.vni zgc.entry.src zgc.entry.src4
--   zgc.entry.dst zgc.entry.dst4 zgc.entry.sport zgc.entry.dport
--   zgc.entry.proto zgc.entry.flags zgc.entry.flags.closing
--   zgc.entry.flags.unknown zgc.entry.reserved zgc.entry.version
--   zgc.entry.idle_ms, its verdict (zgc.verdict.*), zgc.entry.nat
--   zgc.entry.nat4
--  zgc.data: bytes not decoded (after an unknown version, trailing)
--
-- The carried tenant frame is dissected as usual (eth.*, ip.*, tcp.*...:
-- with -T fields, -E occurrence=l gives the inner ip.src rather than the
-- outer one).

local DFT_CLASS = 0xFF7A
local DFT_TYPE = 0x81
local NAT_TYPE = 0x02
local WIRE_VERSION = 4
local HDR_LEN = 60
local VERDICT_LEN = 24
local MAC_LEN = 8
local PROBE_LEN = 20
local NEWS_LEN = 12
local NEWS_MAX = 8
local SYNC_LEN = 12
local ENTRY_LEN = 92
local SYNC_ENTRIES_MAX = 16
local PROBE_ETHERTYPE = 0x88B5

local OP = {
	LOOKUP = 1, REPLY = 2, INSERT = 3, UPDATE = 4, DELETE = 5,
	REFRESH = 6, PING = 7, ACK = 8, PING_REQ = 9, SYNC_REQ = 10,
	SYNC = 11, SYNC_END = 12,
}
local op_names = {
	[1] = "LOOKUP", [2] = "REPLY", [3] = "INSERT", [4] = "UPDATE",
	[5] = "DELETE", [6] = "REFRESH", [7] = "PING", [8] = "ACK",
	[9] = "PING_REQ", [10] = "SYNC_REQ", [11] = "SYNC", [12] = "SYNC_END",
}
local F_AUTH, F_REVERSE, F_MIGRATE = 0x80, 0x40, 0x20
local F_KNOWN = 0xE0

-- enum zgc_flow_action, ZGC_FLOW_F_* (uapi/linux/zgc.h)
local A_FORWARD, A_ROUTE = 1, 5
local action_names = {
	[0] = "unspec", [1] = "forward", [2] = "drop", [3] = "reject",
	[4] = "unreachable", [5] = "route",
}
local VF_ROUTED, VF_DNAT, VF_SNAT = 0x01, 0x10, 0x20
local VF_NAT = VF_DNAT + VF_SNAT
local VF_KNOWN = VF_ROUTED + VF_NAT

-- enum zgc_node_state as news carry it
local state_names = { [0] = "alive", [1] = "suspect", [2] = "dead" }
local MF_SYNCING, MF_DRAINING, PF_ROLLED = 0x01, 0x02, 0x80
local auth_status_names = {
	[1] = "good", [2] = "bad", [3] = "not checked: capture cut short",
}

-- Lua 5.2 (Wireshark 4.0) has bit32; a Lua with the operators (5.3 and
-- later) may not: they are compiled there only.
local band, bxor, rshift
if rawget(_G, "bit32") then
	band, bxor, rshift = bit32.band, bit32.bxor, bit32.rshift
else
	band, bxor, rshift = load([[return
		function(a, b) return a & b end,
		function(a, b) return a ~ b end,
		function(a, n) return a >> n end]])()
end

local function has(x, mask) return band(x, mask) ~= 0 end

-- The bits of the byte x that are not in known.
local function others(x, known) return band(x, 0xFF - known) end

local function is_member(op) return op >= OP.PING and op <= OP.PING_REQ end
local function is_sync(op) return op >= OP.SYNC_REQ and op <= OP.SYNC_END end

local zgc = Proto("zgc", "zgc cluster message")
local zgc_payload = Proto("zgc.payload", "zgc membership or state transfer payload")

local f = {
	opt_class = ProtoField.uint16("zgc.option.class", "Option class", base.HEX),
	opt_type = ProtoField.uint8("zgc.option.type", "Option type", base.HEX),
	opt_critical = ProtoField.bool("zgc.option.critical", "Critical", 8, nil, 0x80),
	opt_length = ProtoField.uint8("zgc.option.length", "Option length (words)", base.DEC, nil, 0x1F),

	version = ProtoField.uint8("zgc.version", "Version", base.DEC, nil, 0xF0),
	op = ProtoField.uint8("zgc.op", "Operation", base.DEC, op_names, 0x0F),
	flags = ProtoField.uint8("zgc.flags", "Flags", base.HEX),
	flags_auth = ProtoField.bool("zgc.flags.auth", "A: a MAC follows the verdicts", 8, nil, F_AUTH),
	flags_reverse = ProtoField.bool("zgc.flags.reverse", "V: about the frame's reverse flow", 8, nil, F_REVERSE),
	flags_migrate = ProtoField.bool("zgc.flags.migrate", "M: a moved flow", 8, nil, F_MIGRATE),
	flags_reserved = ProtoField.uint8("zgc.flags.reserved", "Other flags (0)", base.HEX, nil, 0x1F),
	hops = ProtoField.uint8("zgc.hops", "Hops", base.DEC),
	verdicts = ProtoField.uint8("zgc.verdicts", "Verdicts", base.DEC),
	cluster = ProtoField.uint32("zgc.cluster", "Cluster id", base.DEC),
	chain = ProtoField.uint32("zgc.chain", "Chain id", base.DEC),
	epoch = ProtoField.uint64("zgc.epoch", "Chain epoch", base.DEC),
	sender = ProtoField.uint32("zgc.sender", "Sender node id", base.DEC),
	seq = ProtoField.uint64("zgc.seq", "Sequence number", base.DEC),
	fwd = ProtoField.ipv4("zgc.fwd", "FWD address"),
	host = ProtoField.ipv4("zgc.host", "Compute host address"),
	entrance = ProtoField.ipv4("zgc.entrance", "Entrance address"),
	entry_version = ProtoField.uint32("zgc.entry_version", "Entry version", base.DEC),
	view = ProtoField.uint16("zgc.view", "View", base.HEX),
	view_live = ProtoField.uint16("zgc.view.live", "Places not believed dead", base.HEX, nil, 0x00FF),
	view_syncing = ProtoField.uint16("zgc.view.syncing", "Places believed syncing", base.HEX, nil, 0xFF00),
	reserved = ProtoField.uint16("zgc.reserved", "Reserved (0)", base.HEX),
	boot = ProtoField.uint32("zgc.boot", "Sender's boot number", base.HEX),
	bound = ProtoField.uint32("zgc.bound", "Bound: the receiver's boot number", base.HEX),

	verdict = ProtoField.none("zgc.verdict", "Verdict"),
	v_action = ProtoField.uint8("zgc.verdict.action", "Action", base.DEC, action_names),
	v_flags = ProtoField.uint8("zgc.verdict.flags", "Flags", base.HEX),
	v_routed = ProtoField.bool("zgc.verdict.flags.routed", "Routed (between subnets)", 8, nil, VF_ROUTED),
	v_dnat = ProtoField.bool("zgc.verdict.flags.dnat", "DNAT (to a service's backend)", 8, nil, VF_DNAT),
	v_snat = ProtoField.bool("zgc.verdict.flags.snat", "SNAT (from a service's VIP)", 8, nil, VF_SNAT),
	v_unknown = ProtoField.uint8("zgc.verdict.flags.unknown", "Other flags (0)", base.HEX, nil, 0xFF - VF_KNOWN),
	v_dmac = ProtoField.ether("zgc.verdict.dmac", "Destination instance MAC"),
	v_smac = ProtoField.ether("zgc.verdict.smac", "New source MAC"),
	v_nat_port = ProtoField.uint16("zgc.verdict.nat_port", "NAT port", base.DEC),
	v_host = ProtoField.ipv4("zgc.verdict.host", "Destination host"),
	v_config = ProtoField.uint32("zgc.verdict.config", "Tenant's configuration version", base.DEC),

	auth_mac = ProtoField.uint64("zgc.auth.mac", "MAC (SipHash-2-4)", base.HEX),
	auth_status = ProtoField.uint8("zgc.auth.status", "MAC status", base.DEC, auth_status_names),

	nat = ProtoField.none("zgc.nat", "DFT NAT option"),
	nat_addr = ProtoField.ipv6("zgc.nat.addr", "NAT address"),
	nat_addr4 = ProtoField.ipv4("zgc.nat.addr4", "NAT address (IPv4)"),

	data = ProtoField.bytes("zgc.data", "Data not decoded"),
}

local p = {
	probe_news = ProtoField.uint8("zgc.probe.news", "News", base.DEC),
	probe_flags = ProtoField.uint8("zgc.probe.flags", "Flags", base.HEX),
	probe_syncing = ProtoField.bool("zgc.probe.flags.syncing", "S: syncing", 8, nil, MF_SYNCING),
	probe_draining = ProtoField.bool("zgc.probe.flags.draining", "D: drained", 8, nil, MF_DRAINING),
	probe_rolled = ProtoField.bool("zgc.probe.flags.rolled", "R: rolling apply ended", 8, nil, PF_ROLLED),
	probe_unknown = ProtoField.uint8("zgc.probe.flags.unknown", "Other flags (0)", base.HEX, nil, 0x7C),
	probe_reserved = ProtoField.uint16("zgc.probe.reserved", "Reserved (0)", base.HEX),
	probe_target = ProtoField.uint32("zgc.probe.target", "Target node id", base.DEC),
	probe_origin = ProtoField.uint32("zgc.probe.origin", "Origin node id", base.DEC),
	probe_nonce = ProtoField.uint32("zgc.probe.nonce", "Nonce", base.HEX),
	probe_incarnation = ProtoField.uint32("zgc.probe.incarnation", "Sender's incarnation", base.DEC),

	news = ProtoField.none("zgc.news", "News"),
	news_node = ProtoField.uint32("zgc.news.node", "Node id", base.DEC),
	news_state = ProtoField.uint8("zgc.news.state", "State", base.DEC, state_names),
	news_flags = ProtoField.uint8("zgc.news.flags", "Flags", base.HEX),
	news_syncing = ProtoField.bool("zgc.news.flags.syncing", "S: syncing", 8, nil, MF_SYNCING),
	news_draining = ProtoField.bool("zgc.news.flags.draining", "D: drained", 8, nil, MF_DRAINING),
	news_unknown = ProtoField.uint8("zgc.news.flags.unknown", "Other flags (0)", base.HEX, nil, 0xFC),
	news_reserved = ProtoField.uint16("zgc.news.reserved", "Reserved (0)", base.HEX),
	news_incarnation = ProtoField.uint32("zgc.news.incarnation", "Incarnation", base.DEC),

	sync_nonce = ProtoField.uint32("zgc.sync.nonce", "Nonce", base.HEX),
	sync_count = ProtoField.uint32("zgc.sync.count", "Count", base.DEC),
	sync_entries = ProtoField.uint8("zgc.sync.entries", "Entries", base.DEC),
	sync_reserved = ProtoField.uint24("zgc.sync.reserved", "Reserved (0)", base.HEX),

	entry = ProtoField.none("zgc.entry", "Entry"),
	entry_vni = ProtoField.uint32("zgc.entry.vni", "VNI", base.DEC),
	entry_src = ProtoField.ipv6("zgc.entry.src", "Source address"),
	entry_src4 = ProtoField.ipv4("zgc.entry.src4", "Source address (IPv4)"),
	entry_dst = ProtoField.ipv6("zgc.entry.dst", "Destination address"),
	entry_dst4 = ProtoField.ipv4("zgc.entry.dst4", "Destination address (IPv4)"),
	entry_sport = ProtoField.uint16("zgc.entry.sport", "Source port", base.DEC),
	entry_dport = ProtoField.uint16("zgc.entry.dport", "Destination port", base.DEC),
	entry_proto = ProtoField.uint8("zgc.entry.proto", "Protocol", base.DEC),
	entry_flags = ProtoField.uint8("zgc.entry.flags", "Flags", base.HEX),
	entry_closing = ProtoField.bool("zgc.entry.flags.closing", "Closing (TCP FIN or RST seen)", 8, nil, 0x01),
	entry_unknown = ProtoField.uint8("zgc.entry.flags.unknown", "Other flags (0)", base.HEX, nil, 0xFE),
	entry_reserved = ProtoField.uint16("zgc.entry.reserved", "Reserved (0)", base.HEX),
	entry_version = ProtoField.uint32("zgc.entry.version", "Entry version", base.DEC),
	entry_idle = ProtoField.uint32("zgc.entry.idle_ms", "Idle time (ms)", base.DEC),
	entry_nat = ProtoField.ipv6("zgc.entry.nat", "NAT address"),
	entry_nat4 = ProtoField.ipv4("zgc.entry.nat4", "NAT address (IPv4)"),
}

local e = {
	malformed = ProtoExpert.new("zgc.expert.malformed",
		"Malformed zgc message", expert.group.MALFORMED, expert.severity.ERROR),
	version = ProtoExpert.new("zgc.expert.version",
		"Unknown DFT option version", expert.group.PROTOCOL, expert.severity.WARN),
	unexpected = ProtoExpert.new("zgc.expert.unexpected",
		"Not as the format says", expert.group.PROTOCOL, expert.severity.WARN),
	bad_mac = ProtoExpert.new("zgc.expert.bad_mac",
		"The MAC does not verify", expert.group.CHECKSUM, expert.severity.ERROR),
	truncated = ProtoExpert.new("zgc.expert.truncated",
		"Capture cut short", expert.group.UNDECODED, expert.severity.WARN),
	note = ProtoExpert.new("zgc.expert.note",
		"Note", expert.group.PROTOCOL, expert.severity.NOTE),
}

do
	local list = {}
	for _, v in pairs(f) do list[#list + 1] = v end
	zgc.fields = list
	list = {}
	for _, v in pairs(p) do list[#list + 1] = v end
	zgc_payload.fields = list
	list = {}
	for _, v in pairs(e) do list[#list + 1] = v end
	zgc.experts = list
end

zgc.prefs.port = Pref.uint("UDP port", 6081,
	"The UDP port of Geneve cluster messages (zgc's port, 6081 unless set)")
zgc.prefs.key = Pref.string("Cluster key", "",
	"The cluster description's key, 32 hex digits: each message's MAC is checked")

-- Small helpers ---------------------------------------------------------

local function malformed(t, range, text)
	if range then
		t:add_tvb_expert_info(e.malformed, range, "Malformed: " .. text)
	else
		t:add_proto_expert_info(e.malformed, "Malformed: " .. text)
	end
end

local function unexpected(t, range, text)
	if range then
		t:add_tvb_expert_info(e.unexpected, range, text)
	else
		t:add_proto_expert_info(e.unexpected, text)
	end
end

local function hex(n, w)
	return string.format("0x%0" .. (w or 2) .. "x", n)
end

-- The bytes of range as a Lua string (empty when it is empty).
local function raw(tvb, off, len)
	if len <= 0 then return "" end
	return tvb:range(off, len):bytes():raw()
end

local function ipv4_str(s)
	return string.format("%d.%d.%d.%d", s:byte(1, 4))
end

local function u32_of(s)
	local a, b, c, d = s:byte(1, 4)
	return ((a * 256 + b) * 256 + c) * 256 + d
end

-- ipv4_is_multicast, _lbcast, _zeronet, _loopback: not a host.
local function ipv4_not_host(a)
	local top = math.floor(a / 16777216)
	return top >= 224 and top <= 239 or a == 0xFFFFFFFF or top == 0 or
		top == 127
end

-- is_valid_ether_addr(): not multicast, not zero.
local function ether_valid(s)
	return s:byte(1) % 2 == 0 and s ~= string.rep("\0", 6)
end

local function ether_zero(s)
	return s == string.rep("\0", 6)
end

local MAPPED = string.rep("\0", 10) .. "\255\255"

-- dft_msg_nat_valid(): a unicast address, IPv4 as IPv4-mapped IPv6.
local function nat_valid(s)
	if s:sub(1, 12) == MAPPED then
		return not ipv4_not_host(u32_of(s:sub(13, 16)))
	end
	return s:byte(1) ~= 0xFF and s ~= string.rep("\0", 15) .. "\1" and
		s ~= string.rep("\0", 16)
end

-- An address of 16 bytes at off: the IPv6 field, and the IPv4 one when
-- it is IPv4-mapped. Returns its bytes.
local function add_addr16(t, tvb, off, f6, f4)
	local s = raw(tvb, off, 16)
	t:add(f6, tvb:range(off, 16))
	if s:sub(1, 12) == MAPPED then
		t:add(f4, tvb:range(off + 12, 4))
	end
	return s
end

local function addr16_str(s)
	if s:sub(1, 12) == MAPPED then return ipv4_str(s:sub(13, 16)) end
	local w, best, blen, run = {}, 0, 0, 0
	for i = 1, 8 do
		w[i] = string.format("%x", s:byte(2 * i - 1) * 256 + s:byte(2 * i))
		run = w[i] == "0" and run + 1 or 0
		if run > blen then best, blen = i - run + 1, run end
	end
	if blen < 2 then return table.concat(w, ":") end
	return table.concat(w, ":", 1, best - 1) .. "::" ..
		table.concat(w, ":", best + blen, 8)
end

-- SipHash-2-4 (lib/siphash.c, selftests/dft_msg.py), on UInt64 -------

local function le64(s, i)
	local b = { s:byte(i, i + 7) }
	local lo = ((b[4] * 256 + b[3]) * 256 + b[2]) * 256 + b[1]
	local hi = ((b[8] * 256 + b[7]) * 256 + b[6]) * 256 + b[5]
	return UInt64.new(lo, hi)
end

local function siphash24(key, data)
	local k0, k1 = le64(key, 1), le64(key, 9)
	local v0 = k0:bxor(UInt64.fromhex("736f6d6570736575"))
	local v1 = k1:bxor(UInt64.fromhex("646f72616e646f6d"))
	local v2 = k0:bxor(UInt64.fromhex("6c7967656e657261"))
	local v3 = k1:bxor(UInt64.fromhex("7465646279746573"))
	local function rounds(n)
		for _ = 1, n do
			v0 = v0 + v1; v1 = v1:rol(13):bxor(v0); v0 = v0:rol(32)
			v2 = v2 + v3; v3 = v3:rol(16):bxor(v2)
			v0 = v0 + v3; v3 = v3:rol(21):bxor(v0)
			v2 = v2 + v1; v1 = v1:rol(17):bxor(v2); v2 = v2:rol(32)
		end
	end
	local len = #data
	local tail = len % 8
	for i = 1, len - tail, 8 do
		local m = le64(data, i)
		v3 = v3:bxor(m)
		rounds(2)
		v0 = v0:bxor(m)
	end
	local last = data:sub(len - tail + 1) .. string.rep("\0", 7 - tail) ..
		string.char(len % 256)
	local b = le64(last, 1)
	v3 = v3:bxor(b)
	rounds(2)
	v0 = v0:bxor(b)
	v2 = v2:bxor(UInt64.new(0xFF, 0))
	rounds(4)
	return v0:bxor(v1):bxor(v2):bxor(v3)
end

-- The key preference as 16 bytes, or nil.
local function pref_key()
	local k = zgc.prefs.key
	if not k or k == "" then return nil end
	k = k:gsub("[%s:]", "")
	if #k ~= 32 or k:find("[^%x]") then return nil end
	return (k:gsub("%x%x", function(x) return string.char(tonumber(x, 16)) end))
end

-- Verdicts -------------------------------------------------------------

-- A verdict (struct dft_wire_verdict, 24 bytes) at off, under t.
local function dissect_verdict(tvb, off, t, label)
	local s = raw(tvb, off, VERDICT_LEN)
	local v = {
		action = s:byte(1), flags = s:byte(2), dmac = s:sub(3, 8),
		smac = s:sub(9, 14), nat_port = s:byte(15) * 256 + s:byte(16),
		host = u32_of(s:sub(17, 20)), host_str = ipv4_str(s:sub(17, 20)),
		config = u32_of(s:sub(21, 24)),
	}
	local vt = t:add(f.verdict, tvb:range(off, VERDICT_LEN))
	vt:add(f.v_action, tvb:range(off, 1))
	local ft = vt:add(f.v_flags, tvb:range(off + 1, 1))
	ft:add(f.v_routed, tvb:range(off + 1, 1))
	ft:add(f.v_dnat, tvb:range(off + 1, 1))
	ft:add(f.v_snat, tvb:range(off + 1, 1))
	ft:add(f.v_unknown, tvb:range(off + 1, 1))
	vt:add(f.v_dmac, tvb:range(off + 2, 6))
	vt:add(f.v_smac, tvb:range(off + 8, 6))
	vt:add(f.v_nat_port, tvb:range(off + 14, 2))
	vt:add(f.v_host, tvb:range(off + 16, 4))
	vt:add(f.v_config, tvb:range(off + 20, 4))
	local what = action_names[v.action] or ("action " .. v.action)
	if v.action == A_FORWARD then what = what .. " to " .. v.host_str end
	local fl = {}
	if has(v.flags, VF_ROUTED) then fl[#fl + 1] = "routed" end
	if has(v.flags, VF_DNAT) then fl[#fl + 1] = "DNAT" end
	if has(v.flags, VF_SNAT) then fl[#fl + 1] = "SNAT" end
	if #fl > 0 then what = what .. " (" .. table.concat(fl, ", ") .. ")" end
	vt:set_text(label .. ": " .. what .. ", config " .. v.config)
	v.tree = vt
	v.range = tvb:range(off, VERDICT_LEN)
	return v
end

-- dft_msg_verdict_form_valid(): why a verdict is none zgc makes, or nil.
local function verdict_problem(v)
	local nat = band(v.flags, VF_NAT)
	if v.action == 0 or v.action > A_ROUTE then
		return "unknown action " .. v.action
	end
	if others(v.flags, VF_KNOWN) ~= 0 then
		return "unknown verdict flags " .. hex(others(v.flags, VF_KNOWN))
	end
	if nat == VF_NAT then return "both DNAT and SNAT" end
	if v.action == A_ROUTE then
		if v.flags ~= VF_SNAT or v.host ~= 0 or not ether_zero(v.dmac) or
			not ether_zero(v.smac) then
			return "a route out needs SNAT alone, no MACs and host 0.0.0.0"
		end
		return nil
	end
	if v.action ~= A_FORWARD then
		if nat ~= 0 then return "a rewrite without forwarding" end
		return nil
	end
	if not ether_valid(v.dmac) then
		return "destination MAC not unicast"
	end
	if has(v.flags, VF_ROUTED) and not ether_valid(v.smac) then
		return "routed, source MAC not unicast"
	end
	if ipv4_not_host(v.host) then
		return "destination host " .. v.host_str .. " not a unicast host"
	end
	return nil
end

-- The DFT option ------------------------------------------------------

-- Decodes the DFT option's data (dlen bytes at off; cap of them
-- captured, rep of them in the packet) under t. Returns the message as a table, or nil when its
-- version is unknown or it is too short to have one.
local function dissect_dft(tvb, off, dlen, cap, rep, t)
	if dlen < 1 then
		malformed(t, nil, "the DFT option has no data")
		return nil
	end
	if cap < 1 then return nil end
	local b0 = tvb:range(off, 1):uint()
	local ver, op = rshift(b0, 4), band(b0, 0x0F)
	t:add(f.version, tvb:range(off, 1))
	local opi = t:add(f.op, tvb:range(off, 1))
	if ver ~= WIRE_VERSION then
		t:add_tvb_expert_info(e.version, tvb:range(off, 1),
			"DFT option version " .. ver .. ", not " .. WIRE_VERSION ..
			": not decoded (zgc drops it: dft_rx_version)")
		if cap > 1 then t:add(f.data, tvb:range(off + 1, cap - 1)) end
		return nil
	end
	local m = { op = op, ver = ver, nv = 0, flags = 0, v = {} }
	if dlen < HDR_LEN then
		malformed(t, tvb:range(off, cap), "the DFT option has " .. dlen ..
			" bytes of data, fewer than its header's " .. HDR_LEN)
	end
	local have = math.min(dlen, cap)
	-- Each field decoded when it is there (a short option's too).
	local function at(o, n) return o + n <= have end
	if at(1, 1) then
		m.flags = tvb:range(off + 1, 1):uint()
		local ft = t:add(f.flags, tvb:range(off + 1, 1))
		ft:add(f.flags_auth, tvb:range(off + 1, 1))
		ft:add(f.flags_reverse, tvb:range(off + 1, 1))
		ft:add(f.flags_migrate, tvb:range(off + 1, 1))
		ft:add(f.flags_reserved, tvb:range(off + 1, 1))
		local letters = ""
		if has(m.flags, F_AUTH) then letters = letters .. "A" end
		if has(m.flags, F_REVERSE) then letters = letters .. "V" end
		if has(m.flags, F_MIGRATE) then letters = letters .. "M" end
		if letters ~= "" then ft:append_text(" (" .. letters .. ")") end
	end
	if at(2, 1) then
		m.hops = tvb:range(off + 2, 1):uint()
		t:add(f.hops, tvb:range(off + 2, 1))
	end
	if at(3, 1) then
		m.nv = tvb:range(off + 3, 1):uint()
		t:add(f.verdicts, tvb:range(off + 3, 1))
	end
	local function field(o, n, pf, key, conv)
		if at(o, n) then
			local r = tvb:range(off + o, n)
			t:add(pf, r)
			if key then m[key] = conv and conv(r) or r:uint() end
			return r
		end
	end
	field(4, 4, f.cluster, "cluster")
	field(8, 4, f.chain, "chain")
	field(12, 8, f.epoch, "epoch", function(r) return r:uint64() end)
	field(20, 4, f.sender, "sender")
	field(24, 8, f.seq, "seq", function(r) return r:uint64() end)
	field(32, 4, f.fwd, "fwd")
	field(36, 4, f.host, "host")
	field(40, 4, f.entrance, "entrance")
	field(44, 4, f.entry_version, "version")
	if at(48, 2) then
		local r = tvb:range(off + 48, 2)
		m.view = r:uint()
		local vt = t:add(f.view, r)
		vt:add(f.view_live, r)
		vt:add(f.view_syncing, r)
	end
	local resr = field(50, 2, f.reserved, "reserved")
	local bootr = field(52, 4, f.boot, "boot")
	field(56, 4, f.bound, "bound")
	if dlen < HDR_LEN then
		return m
	end
	if cap < HDR_LEN then
		if cap < rep then
			t:add_proto_expert_info(e.truncated, "The DFT option is cut short")
		end
		return m
	end

	-- dft_msg_read()'s checks.
	local expect = HDR_LEN + VERDICT_LEN * m.nv +
		(has(m.flags, F_AUTH) and MAC_LEN or 0)
	if op == 0 or op > OP.SYNC_END then
		malformed(opi, tvb:range(off, 1), "unknown operation " .. op)
	end
	if others(m.flags, F_KNOWN) ~= 0 then
		malformed(t, tvb:range(off + 1, 1), "unknown flags " ..
			hex(others(m.flags, F_KNOWN)))
	end
	if m.nv > 2 then
		malformed(t, tvb:range(off + 3, 1), m.nv .. " verdicts, at most 2")
	end
	if dlen ~= expect then
		malformed(t, tvb:range(off, have), "the DFT option has " .. dlen ..
			" bytes of data, its header says " .. expect)
	end
	if m.reserved ~= 0 then
		malformed(t, resr, "reserved field not 0")
	end
	if (is_member(op) or is_sync(op)) and m.nv ~= 0 then
		malformed(t, tvb:range(off + 3, 1), op_names[op] ..
			" with verdicts")
	end
	if is_member(op) and m.view ~= 0 then
		malformed(t, tvb:range(off + 48, 2), "a membership message with a view")
	end
	if has(m.flags, F_REVERSE) and ((op ~= OP.INSERT and op ~= OP.UPDATE) or
		m.nv ~= 2) then
		malformed(t, tvb:range(off + 1, 1),
			"V only in an INSERT or UPDATE with 2 verdicts")
	end
	if has(m.flags, F_MIGRATE) and ((op ~= OP.LOOKUP and op ~= OP.INSERT and
		op ~= OP.REPLY) or has(m.flags, F_REVERSE)) then
		malformed(t, tvb:range(off + 1, 1),
			"M only in a LOOKUP, INSERT or REPLY, without V")
	end

	-- The verdicts, and the MAC, as far as they go.
	local o = HDR_LEN
	for i = 1, m.nv do
		if o + VERDICT_LEN > have then break end
		local label = i == 1 and "Verdict 1 (the flow's)" or
			(i == 2 and "Verdict 2 (the reverse flow's)" or "Verdict " .. i)
		local v = dissect_verdict(tvb, off + o, t, label)
		m.v[i] = v
		local why = verdict_problem(v)
		if why then malformed(v.tree, v.range, why) end
		o = o + VERDICT_LEN
	end
	if m.nv >= 1 and m.v[1] then
		local v1 = m.v[1]
		local nat0 = band(v1.flags, VF_NAT)
		if (nat0 == 0) ~= (v1.nat_port == 0) then
			malformed(v1.tree, v1.range, nat0 == 0 and
				"a NAT port without a rewrite" or "a rewrite without a NAT port")
		end
		local v2 = m.v[2]
		if v2 then
			local nat1 = band(v2.flags, VF_NAT)
			if v2.nat_port ~= 0 then
				malformed(v2.tree, v2.range, "the second verdict's NAT port is not 0")
			end
			if nat1 ~= 0 and nat1 ~= bxor(nat0, VF_NAT) then
				malformed(v2.tree, v2.range,
					"the second verdict's rewrite is not the opposite of the first's")
			end
		end
	end
	if has(m.flags, F_AUTH) and dlen >= HDR_LEN + MAC_LEN and dlen <= have then
		-- Where zgc reads it: the last 8 bytes.
		m.mac_off = off + dlen - MAC_LEN
		if o < dlen - MAC_LEN then
			t:add(f.data, tvb:range(off + o, dlen - MAC_LEN - o))
		end
		m.mac_item = t:add(f.auth_mac, tvb:range(m.mac_off, MAC_LEN))
		m.mac = tvb:range(m.mac_off, MAC_LEN):uint64()
		o = math.max(o, dlen)
	end
	if o < have then
		t:add(f.data, tvb:range(off + o, have - o))
	end

	-- What the operations need (chain.c, lookup.c), and what the format
	-- says though zgc does not check it.
	if (op == OP.REPLY or op == OP.INSERT or op == OP.UPDATE or
		op == OP.REFRESH or op == OP.DELETE) and m.nv < 1 then
		malformed(t, tvb:range(off + 3, 1), "a " .. op_names[op] ..
			" without a verdict")
	end
	if (op == OP.REFRESH or op == OP.DELETE) and m.version == 0 then
		malformed(t, tvb:range(off + 44, 4), "a " .. op_names[op] ..
			" of entry version 0")
	end
	if op == OP.LOOKUP and m.nv ~= 0 then
		unexpected(t, tvb:range(off + 3, 1), "a LOOKUP with verdicts")
	end
	if op == OP.LOOKUP and m.version ~= 0 then
		unexpected(t, tvb:range(off + 44, 4), "a LOOKUP's entry version is 0")
	end
	if m.hops == 0 then
		unexpected(t, tvb:range(off + 2, 1),
			"hops 0: dropped on arrival (dft_rx_misdirected)")
	end
	if m.boot == 0 then
		unexpected(t, bootr, "the sender's boot number is never 0")
	end
	if is_member(op) or is_sync(op) then
		if m.hops ~= 1 then
			unexpected(t, tvb:range(off + 2, 1), op_names[op] .. ": hops is 1")
		end
		if m.fwd ~= 0 or m.host ~= 0 or m.entrance ~= 0 or m.version ~= 0 then
			unexpected(t, tvb:range(off + 32, 16), op_names[op] ..
				": FWD, host, entrance and entry version are 0")
		end
		if is_member(op) and m.chain ~= 0 then
			unexpected(t, tvb:range(off + 8, 4), op_names[op] .. ": chain is 0")
		end
	end
	return m
end

-- The DFT NAT option's data (dlen bytes at off, cap captured) under t.
local function dissect_nat(tvb, off, dlen, cap, t)
	if dlen ~= 16 then
		malformed(t, dlen > 0 and cap > 0 and tvb:range(off, math.min(dlen, cap)) or nil,
			"the DFT NAT option has " .. dlen .. " bytes of data, not 16")
		if cap > 0 then t:add(f.data, tvb:range(off, math.min(dlen, cap))) end
		return nil
	end
	if cap < 16 then
		t:add_proto_expert_info(e.truncated, "The DFT NAT option is cut short")
		return nil
	end
	local s = add_addr16(t, tvb, off, f.nat_addr, f.nat_addr4)
	return s
end

-- The Geneve header and the options of class 0xFF7A ------------------

-- The Geneve options of tvb (captured as far as they go): a list of
-- { off, class, type, len (data bytes) }, and where the options end;
-- nil when it is no Geneve header worth looking into.
local function geneve_options(tvb)
	local cap = tvb:len()
	if cap < 8 then return nil end
	local b0 = tvb:range(0, 1):uint()
	if rshift(b0, 6) ~= 0 then return nil end
	local optend = 8 + band(b0, 0x3F) * 4
	local opts, o = {}, 8
	while o + 4 <= optend and o + 4 <= cap do
		local len = band(tvb:range(o + 3, 1):uint(), 0x1F) * 4
		opts[#opts + 1] = {
			off = o, class = tvb:range(o, 2):uint(),
			type = tvb:range(o + 2, 1):uint(), len = len,
		}
		o = o + 4 + len
	end
	return opts, optend, o
end

-- The payload dissector's view of the message being dissected (set while
-- the Geneve dissector runs on a zgc message).
local current

local function add_option_header(tvb, o, t)
	t:add(f.opt_class, tvb:range(o.off, 2))
	local ty = t:add(f.opt_type, tvb:range(o.off + 2, 1))
	ty:add(f.opt_critical, tvb:range(o.off + 2, 1))
	t:add(f.opt_length, tvb:range(o.off + 3, 1))
end

-- Wireshark 4.0 registers the Geneve dissector by port only, not by
-- name: it is taken from the port table before this one takes its place.
local geneve = DissectorTable.get("udp.port"):get_dissector(6081)
local eth = Dissector.get("eth_withoutfcs")

-- The Geneve dissector on tvb, or without it (the port was taken from
-- it) the Ethernet frame after the options.
local function call_geneve(tvb, pinfo, tree)
	if geneve then
		return geneve:call(tvb, pinfo, tree)
	end
	local opts, optend = geneve_options(tvb)
	if opts and optend < tvb:len() then
		return eth:call(tvb:range(optend):tvb(), pinfo, tree)
	end
	return 0
end

local function dissect_zgc(tvb, pinfo, tree, state)
	local opts, optend, scanned = geneve_options(tvb)
	local ours = {}
	if opts then
		for _, o in ipairs(opts) do
			if o.class == DFT_CLASS then ours[#ours + 1] = o end
		end
	end
	if #ours == 0 then
		-- Geneve's alone; what it throws it has shown already.
		state.called = true
		local ok, len = pcall(call_geneve, tvb, pinfo, tree)
		return ok and len or tvb:len()
	end

	local cap, rep = tvb:len(), tvb:reported_len()
	local first, last = ours[1], ours[#ours]
	local span = math.min(last.off + 4 + last.len, cap) - first.off
	local root = tree:add(zgc, tvb:range(first.off, span))
	state.root = root
	local m, dft, natdata
	local nat_idx

	if scanned > optend then
		malformed(root, nil, "a Geneve option runs past the options' length")
	end
	for i, o in ipairs(opts) do
		if o.class == DFT_CLASS then
			local ocap = math.max(0, math.min(o.len, cap - o.off - 4))
			if o.off + 4 + o.len > rep then
				malformed(root, nil, "the option runs past the packet")
			end
			if o.type == DFT_TYPE then
				local t = root:add(tvb:range(o.off, math.min(o.len + 4, cap - o.off)),
					"DFT option")
				add_option_header(tvb, o, t)
				if dft then
					malformed(t, tvb:range(o.off, 4),
						"a second DFT option (dft_rx_malformed)")
				else
					dft = o
					dft.idx = i
					m = dissect_dft(tvb, o.off + 4, o.len, ocap,
						math.max(0, math.min(o.len, rep - o.off - 4)), t)
				end
			elseif o.type == NAT_TYPE then
				local t = root:add(f.nat, tvb:range(o.off, math.min(o.len + 4, cap - o.off)))
				t:set_text("DFT NAT option")
				add_option_header(tvb, o, t)
				local s = dissect_nat(tvb, o.off + 4, o.len, ocap, t)
				if dft and dft.idx == i - 1 and not nat_idx then
					nat_idx = i
					natdata = s
					if s then t:append_text(": " .. addr16_str(s)) end
				else
					-- zgc reads the one right after the DFT option only.
					t:add_proto_expert_info(e.note,
						"Not right after the DFT option: ignored")
				end
				o.tree = t
			else
				local t = root:add(tvb:range(o.off, math.min(o.len + 4, cap - o.off)),
					"Unknown zgc option type " .. hex(o.type))
				add_option_header(tvb, o, t)
				if ocap > 0 then t:add(f.data, tvb:range(o.off + 4, ocap)) end
				if o.type >= 0x80 then
					unexpected(t, tvb:range(o.off, 4),
						"an unknown critical option: zgc drops the packet (rx_critical_option)")
				else
					t:add_proto_expert_info(e.note, "Unknown option type: ignored")
				end
			end
		end
	end
	if not dft then
		unexpected(root, nil, "an option of class 0xFF7A without the DFT option")
	end

	-- The frame after the options: checks that need the whole packet.
	local frame = optend
	local vni = cap >= 8 and tvb:range(4, 3):uint() or 0
	if m and m.op then
		-- The NAT option: the first verdict's rewrite address.
		local v1 = m.v[1]
		if v1 and has(v1.flags, VF_NAT) and m.nv >= 1 then
			if not nat_idx then
				malformed(v1.tree, v1.range,
					"a rewrite without the DFT NAT option right after the DFT option")
			elseif natdata and not nat_valid(natdata) then
				malformed(opts[nat_idx].tree, nil,
					"NAT address " .. addr16_str(natdata) .. " not unicast")
			end
		elseif nat_idx then
			opts[nat_idx].tree:add_proto_expert_info(e.note,
				"The first verdict rewrites nothing: the NAT option is ignored")
		end
		local ctl = is_member(m.op) or is_sync(m.op)
		if ctl and cap >= 8 then
			if vni ~= 0 then
				malformed(root, tvb:range(4, 3), op_names[m.op] .. " in VNI " ..
					vni .. ", not 0")
			end
			if rep < frame + 14 then
				malformed(root, nil, op_names[m.op] .. " without its Ethernet header")
			elseif cap >= frame + 14 then
				if tvb:range(frame + 12, 2):uint() ~= PROBE_ETHERTYPE then
					malformed(root, tvb:range(frame + 12, 2), op_names[m.op] ..
						"'s Ethernet type is not 0x88b5")
				end
				if tvb:range(frame, 12):bytes():raw() ~= string.rep("\0", 12) then
					unexpected(root, tvb:range(frame, 12), op_names[m.op] ..
						"'s Ethernet addresses are not zero")
				end
			end
		elseif rep < frame + 14 and m.op >= 1 and m.op <= OP.REFRESH then
			unexpected(root, nil, "no tenant frame")
		end
		-- The MAC: over the option's data up to it, the VNI, and every
		-- byte after the option.
		local key = pref_key()
		if key and m.mac then
			local st
			local after = dft.off + 4 + dft.len
			if cap < rep then
				st = 3
			else
				local data = raw(tvb, dft.off + 4, m.mac_off - dft.off - 4) ..
					string.char(0, math.floor(vni / 65536), math.floor(vni / 256) % 256,
						vni % 256) .. raw(tvb, after, cap - after)
				st = siphash24(key, data) == m.mac and 1 or 2
			end
			local it = root:add(f.auth_status, st)
			it:set_generated()
			if st == 2 then
				m.mac_item:add_tvb_expert_info(e.bad_mac, tvb:range(m.mac_off, MAC_LEN),
					"The MAC does not verify under zgc.key (dft_rx_auth)")
				m.mac_item:append_text(" [bad]")
			elseif st == 1 then
				m.mac_item:append_text(" [good]")
			end
		end
	end
	if cap < rep and (not m or not m.op) then
		root:add_proto_expert_info(e.truncated, "The packet is cut short")
	end

	-- The summary.
	local sum
	if m and m.op then
		local name = op_names[m.op] or ("op " .. m.op)
		local letters = ""
		if has(m.flags, F_AUTH) then letters = letters .. "A" end
		if has(m.flags, F_REVERSE) then letters = letters .. "V" end
		if has(m.flags, F_MIGRATE) then letters = letters .. "M" end
		sum = name .. (letters ~= "" and " [" .. letters .. "]" or "")
		if m.sender then sum = sum .. " node " .. m.sender end
		if m.chain and not is_member(m.op) then sum = sum .. " chain " .. m.chain end
		if m.epoch then sum = sum .. " epoch " .. tostring(m.epoch) end
		if m.seq then sum = sum .. " seq " .. tostring(m.seq) end
		if m.v[1] then
			sum = sum .. " " .. (action_names[m.v[1].action] or "?")
			if m.v[1].action == A_FORWARD then sum = sum .. " " .. m.v[1].host_str end
		end
	elseif dft then
		sum = "DFT option, not decoded"
	else
		sum = "zgc option"
	end
	root:append_text(", " .. sum)

	-- The Geneve header and the frame it carries, as usual.
	local saved = current
	current = m and m.op and { op = m.op } or nil
	state.called = true
	local ok = pcall(call_geneve, tvb, pinfo, tree)
	current = saved
	if not ok then
		-- The Geneve or inner dissectors flagged it already.
		root:add_proto_expert_info(e.note, "The carried frame did not dissect cleanly")
	end
	pinfo.cols.protocol:set("ZGC")
	local info = tostring(pinfo.cols.info)
	pinfo.cols.info:set(sum .. (info ~= "" and " | " .. info or ""))
	return tvb:len()
end

function zgc.dissector(tvb, pinfo, tree)
	local state = {}
	local ok, len = pcall(dissect_zgc, tvb, pinfo, tree, state)
	if ok then return len end
	-- A bug of this script, not of the packet: said so, and the packet
	-- still goes to Geneve.
	local t = state.root or tree:add(zgc, tvb:range(0, 0))
	malformed(t, nil, "the dissector failed: " .. tostring(len))
	if not state.called then pcall(call_geneve, tvb, pinfo, tree) end
	pinfo.cols.protocol:set("ZGC")
	return tvb:len()
end

-- Membership and state transfer payloads ------------------------------

local function dissect_probe(tvb, pinfo, t, op)
	local cap, rep = tvb:len(), tvb:reported_len()
	if rep < PROBE_LEN then
		malformed(t, nil, "the probe has " .. rep .. " bytes, not " .. PROBE_LEN)
	end
	if cap < PROBE_LEN then
		if cap < rep then t:add_proto_expert_info(e.truncated, "The probe is cut short") end
		return
	end
	local news = tvb:range(0, 1):uint()
	local flags = tvb:range(1, 1):uint()
	t:add(p.probe_news, tvb:range(0, 1))
	local ft = t:add(p.probe_flags, tvb:range(1, 1))
	ft:add(p.probe_syncing, tvb:range(1, 1))
	ft:add(p.probe_draining, tvb:range(1, 1))
	ft:add(p.probe_rolled, tvb:range(1, 1))
	ft:add(p.probe_unknown, tvb:range(1, 1))
	t:add(p.probe_reserved, tvb:range(2, 2))
	t:add(p.probe_target, tvb:range(4, 4))
	t:add(p.probe_origin, tvb:range(8, 4))
	t:add(p.probe_nonce, tvb:range(12, 4))
	t:add(p.probe_incarnation, tvb:range(16, 4))
	if news > NEWS_MAX then
		malformed(t, tvb:range(0, 1), news .. " news, at most " .. NEWS_MAX)
	end
	if others(flags, MF_SYNCING + MF_DRAINING + PF_ROLLED) ~= 0 then
		malformed(ft, tvb:range(1, 1), "unknown probe flags " ..
			hex(others(flags, MF_SYNCING + MF_DRAINING + PF_ROLLED)))
	end
	if tvb:range(2, 2):uint() ~= 0 then
		malformed(t, tvb:range(2, 2), "reserved field not 0")
	end
	local target = tvb:range(4, 4):uint()
	local origin = tvb:range(8, 4):uint()
	local sum = string.format("%s target %d%s nonce 0x%08x incarnation %d news %d",
		op_names[op], target, origin ~= 0 and (" origin " .. origin) or "",
		tvb:range(12, 4):uint(), tvb:range(16, 4):uint(), news)
	t:append_text(": " .. sum)
	if rep < PROBE_LEN + NEWS_LEN * news then
		malformed(t, nil, news .. " news do not fit in the " .. (rep - PROBE_LEN) ..
			" bytes after the probe")
	end
	local o = PROBE_LEN
	for i = 1, news do
		if o + NEWS_LEN > cap then
			if cap < rep then
				t:add_proto_expert_info(e.truncated, "The news are cut short")
			end
			break
		end
		local node = tvb:range(o, 4):uint()
		local state = tvb:range(o + 4, 1):uint()
		local nflags = tvb:range(o + 5, 1):uint()
		local nt = t:add(p.news, tvb:range(o, NEWS_LEN))
		nt:add(p.news_node, tvb:range(o, 4))
		nt:add(p.news_state, tvb:range(o + 4, 1))
		local nft = nt:add(p.news_flags, tvb:range(o + 5, 1))
		nft:add(p.news_syncing, tvb:range(o + 5, 1))
		nft:add(p.news_draining, tvb:range(o + 5, 1))
		nft:add(p.news_unknown, tvb:range(o + 5, 1))
		nt:add(p.news_reserved, tvb:range(o + 6, 2))
		nt:add(p.news_incarnation, tvb:range(o + 8, 4))
		local fl = ""
		if has(nflags, MF_SYNCING) then fl = fl .. " S" end
		if has(nflags, MF_DRAINING) then fl = fl .. " D" end
		nt:set_text(string.format("News %d: node %d %s%s at incarnation %d", i, node,
			state_names[state] or ("state " .. state), fl, tvb:range(o + 8, 4):uint()))
		if state > 2 then
			malformed(nt, tvb:range(o + 4, 1), "news state " .. state .. ", at most 2")
		end
		if others(nflags, MF_SYNCING + MF_DRAINING) ~= 0 then
			malformed(nt, tvb:range(o + 5, 1), "unknown news flags " ..
				hex(others(nflags, MF_SYNCING + MF_DRAINING)))
		end
		if tvb:range(o + 6, 2):uint() ~= 0 then
			malformed(nt, tvb:range(o + 6, 2), "reserved field not 0")
		end
		o = o + NEWS_LEN
	end
	if o < cap and o >= PROBE_LEN + NEWS_LEN * news then
		t:add(f.data, tvb:range(o, cap - o))
		t:add_proto_expert_info(e.note, "Bytes after the news: ignored")
	end
	return sum
end

-- An entry of a SYNC (struct dft_wire_entry) at o.
local function dissect_entry(tvb, o, t, i)
	local et = t:add(p.entry, tvb:range(o, ENTRY_LEN))
	et:add(p.entry_vni, tvb:range(o, 4))
	local src = add_addr16(et, tvb, o + 4, p.entry_src, p.entry_src4)
	local dst = add_addr16(et, tvb, o + 20, p.entry_dst, p.entry_dst4)
	et:add(p.entry_sport, tvb:range(o + 36, 2))
	et:add(p.entry_dport, tvb:range(o + 38, 2))
	et:add(p.entry_proto, tvb:range(o + 40, 1))
	local eflags = tvb:range(o + 41, 1):uint()
	local ft = et:add(p.entry_flags, tvb:range(o + 41, 1))
	ft:add(p.entry_closing, tvb:range(o + 41, 1))
	ft:add(p.entry_unknown, tvb:range(o + 41, 1))
	et:add(p.entry_reserved, tvb:range(o + 42, 2))
	et:add(p.entry_version, tvb:range(o + 44, 4))
	et:add(p.entry_idle, tvb:range(o + 48, 4))
	local v = dissect_verdict(tvb, o + 52, et, "Verdict")
	local nat = add_addr16(et, tvb, o + 76, p.entry_nat, p.entry_nat4)
	et:set_text(string.format("Entry %d: VNI %d proto %d %s:%d > %s:%d v%d, %s", i,
		tvb:range(o, 4):uint(), tvb:range(o + 40, 1):uint(), addr16_str(src),
		tvb:range(o + 36, 2):uint(), addr16_str(dst), tvb:range(o + 38, 2):uint(),
		tvb:range(o + 44, 4):uint(), action_names[v.action] or "?"))
	if has(eflags, 0xFE) or tvb:range(o + 42, 2):uint() ~= 0 then
		malformed(et, tvb:range(o + 41, 3), "unknown entry flags or reserved field not 0")
	end
	-- dft_msg_verdict_valid(): else the entry is not taken.
	local why = verdict_problem(v)
	if not why then
		if has(v.flags, VF_NAT) then
			if v.nat_port == 0 then why = "a rewrite without a NAT port"
			elseif not nat_valid(nat) then why = "NAT address not unicast" end
		elseif v.nat_port ~= 0 or nat ~= string.rep("\0", 16) then
			why = "a NAT port or address without a rewrite"
		end
	end
	if why then
		malformed(v.tree, v.range, why .. " (the entry is not taken)")
	end
	if tvb:range(o + 44, 4):uint() == 0 then
		et:add_proto_expert_info(e.note, "Entry version 0: not taken")
	end
end

local function dissect_sync(tvb, pinfo, t, op)
	local cap, rep = tvb:len(), tvb:reported_len()
	if rep < SYNC_LEN then
		malformed(t, nil, "the sync header has " .. rep .. " bytes, not " .. SYNC_LEN)
	end
	if cap < SYNC_LEN then
		if cap < rep then t:add_proto_expert_info(e.truncated, "The sync header is cut short") end
		return
	end
	local nonce = tvb:range(0, 4):uint()
	local count = tvb:range(4, 4):uint()
	local n = tvb:range(8, 1):uint()
	t:add(p.sync_nonce, tvb:range(0, 4))
	t:add(p.sync_count, tvb:range(4, 4))
	t:add(p.sync_entries, tvb:range(8, 1))
	t:add(p.sync_reserved, tvb:range(9, 3))
	local sum = string.format("%s nonce 0x%08x count %d entries %d", op_names[op],
		nonce, count, n)
	t:append_text(": " .. sum)
	if tvb:range(9, 3):uint() ~= 0 then
		malformed(t, tvb:range(9, 3), "reserved field not 0")
	end
	if n > SYNC_ENTRIES_MAX then
		malformed(t, tvb:range(8, 1), n .. " entries, at most " .. SYNC_ENTRIES_MAX)
	end
	if (op == OP.SYNC) ~= (n ~= 0) then
		malformed(t, tvb:range(8, 1), op == OP.SYNC and "a SYNC without entries" or
			("a " .. op_names[op] .. " with entries"))
	end
	if op == OP.SYNC_REQ and (count ~= 0 or nonce == 0) then
		malformed(t, tvb:range(0, 8), "a SYNC_REQ has a nonce, not 0, and count 0")
	elseif nonce == 0 then
		unexpected(t, tvb:range(0, 4), "the nonce is never 0")
	end
	if rep < SYNC_LEN + ENTRY_LEN * n then
		malformed(t, nil, n .. " entries do not fit in the " .. (rep - SYNC_LEN) ..
			" bytes after the sync header")
	end
	local o = SYNC_LEN
	for i = 1, n do
		if o + ENTRY_LEN > cap then
			if cap < rep then
				t:add_proto_expert_info(e.truncated, "The entries are cut short")
			end
			break
		end
		dissect_entry(tvb, o, t, i)
		o = o + ENTRY_LEN
	end
	if o < cap and o >= SYNC_LEN + ENTRY_LEN * n then
		t:add(f.data, tvb:range(o, cap - o))
		t:add_proto_expert_info(e.note, "Bytes after the entries: ignored")
	end
	return sum
end

-- Ethertype 0x88B5 inside a zgc membership or state transfer message.
function zgc_payload.dissector(tvb, pinfo, tree)
	local m = current
	if not m or not (is_member(m.op) or is_sync(m.op)) then
		return 0
	end
	-- Once: a frame inside the payload is no business of ours.
	current = nil
	local t = tree:add(zgc_payload, tvb:range(0, tvb:len()))
	local ok, sum = pcall(is_member(m.op) and dissect_probe or dissect_sync,
		tvb, pinfo, t, m.op)
	if not ok then
		malformed(t, nil, "not decoded: " .. tostring(sum))
	end
	pinfo.cols.protocol:set("ZGC")
	-- The column has the operation already (zgc.dissector).
	if ok and sum then pinfo.cols.info:set((sum:gsub("^%S+ ", ""))) end
	return tvb:len()
end

-- Registration ---------------------------------------------------------

local registered_port

local function register()
	local udp = DissectorTable.get("udp.port")
	if registered_port then
		udp:remove(registered_port, zgc)
		if geneve then udp:add(registered_port, geneve) end
	end
	registered_port = zgc.prefs.port
	udp:add(registered_port, zgc)
end

function zgc.prefs_changed()
	if registered_port ~= zgc.prefs.port then register() end
end

register()
DissectorTable.get("ethertype"):add(PROBE_ETHERTYPE, zgc_payload)
