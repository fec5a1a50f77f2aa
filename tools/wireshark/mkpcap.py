#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""mkpcap.py PCAP EXPECT [FUZZ_PCAP]: cluster messages for test.sh.

Writes PCAP, a capture of zgc cluster messages (Ethernet, IPv4, UDP to
port 6081, Geneve, the DFT option...): one of each operation, with and
without a MAC, with the DFT NAT option, membership and state transfer
payloads, and malformed ones; and EXPECT, what the dissector
(zgc.lua) must make of them, one check a line:

    FRAME<TAB>FIELD<TAB>OP<TAB>VALUE

OP '=': the field's value (tshark -T fields, occurrences joined by ',')
is VALUE; '~': it contains VALUE; '!': the field is absent. The field
"experts" stands for the zgc expert infos of the frame (their messages,
joined by '|'), as test.sh gathers them.

With FUZZ_PCAP, also a capture of the same messages damaged at random
(truncated, bytes flipped), for the dissector to survive.

The messages come from selftests/dft_msg.py (message(), as the selftests
send them), and from the builders below, which use its siphash24(),
csum() and frame().
"""

import importlib.util
import ipaddress
import os
import random
import struct
import sys

_here = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location(
    "dft_msg", os.path.join(_here, "..", "..", "selftests", "dft_msg.py"))
dft_msg = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(dft_msg)

KEY = bytes(range(16))
KEY_HEX = KEY.hex()
H1 = ipaddress.IPv4Address("10.1.0.11")
H2 = ipaddress.IPv4Address("10.1.0.12")


def ip4(a):
    return ipaddress.IPv4Address(a).packed


def ip16(a):
    a = ipaddress.ip_address(a)
    if a.version == 4:
        a = ipaddress.IPv6Address("::ffff:" + str(a))
    return a.packed


def mac(s):
    return bytes.fromhex(s.replace(":", ""))


def verdict(action, flags=0, dmac="00:00:00:00:00:00",
            smac="00:00:00:00:00:00", nat_port=0, host="0.0.0.0", config=0):
    return struct.pack("!BB6s6sH4sI", action, flags, mac(dmac), mac(smac),
                       nat_port, ip4(host), config)


def dft(op, flags=0, hops=19, cluster=9, chain=1, epoch=1, sender=1, seq=1,
        fwd="10.9.0.1", host="192.0.2.11", entrance="192.0.2.100",
        version=0, view=0, reserved=0, boot=0x11111111, bound=0,
        verdicts=(), nverdicts=None, ver=4):
    """The DFT option's data but its MAC (struct dft_wire_hdr, verdicts)."""
    n = len(verdicts) if nverdicts is None else nverdicts
    return struct.pack("!BBBBIIQIQ4s4s4sIHHII", ver << 4 | op, flags, hops,
                       n, cluster, chain, epoch, sender, seq, ip4(fwd),
                       ip4(host), ip4(entrance), version, view, reserved,
                       boot, bound) + b"".join(verdicts)


def opt(cls, typ, data, words=None):
    return struct.pack("!HBB", cls, typ,
                       len(data) // 4 if words is None else words) + data


def geneve(body, vni, payload, key=None, nat=None, after=b"", before=b"",
           words=None):
    """A Geneve header, options BEFORE, the DFT option with BODY (its MAC
    under KEY appended, flag A set), the NAT option with NAT (16 bytes),
    options AFTER, then PAYLOAD."""
    natopt = opt(0xFF7A, 0x02, nat) if nat is not None else b""
    if key:
        body = body[:1] + bytes([body[1] | 0x80]) + body[2:]
        body += struct.pack("!Q", dft_msg.siphash24(
            key, body + struct.pack("!I", vni) + natopt + after + payload))
    opts = before + opt(0xFF7A, 0x81, body, words) + natopt + after
    return struct.pack("!BBHI", len(opts) // 4, 0x40, 0x6558,
                       vni << 8) + opts + payload


def probe_eth():
    return bytes(12) + struct.pack("!H", 0x88B5)


def probe(target, origin=0, nonce=0, incarnation=1, flags=0, news=(),
          nnews=None, reserved=0):
    n = len(news) if nnews is None else nnews
    return probe_eth() + struct.pack("!BBHIIII", n, flags, reserved, target,
                                     origin, nonce, incarnation) + \
        b"".join(struct.pack("!IBBHI", *x) for x in news)


def entry(vni, src, dst, sport, dport, proto, flags, version, idle, v,
          nat="::"):
    return struct.pack("!I16s16sHHBBHII", vni, ip16(src), ip16(dst), sport,
                       dport, proto, flags, 0, version, idle) + v + \
        ipaddress.IPv6Address(nat).packed


def sync(nonce, count, entries=(), nentries=None):
    n = len(entries) if nentries is None else nentries
    return probe_eth() + struct.pack("!IIB3x", nonce, count, n) + \
        b"".join(entries)


def tenant(payload=b"zgc" * 8):
    return dft_msg.frame(H1, H2, payload)


class Capture:
    def __init__(self):
        self.records = []
        self.checks = []

    def add(self, udp_payload, src=1, dst=3, snap=None):
        """A packet from node SRC to node DST; returns its frame number."""
        n = len(self.records) + 1
        udp = struct.pack("!HHHH", 49152 + n, 6081, 8 + len(udp_payload),
                          0) + udp_payload
        iph = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), n,
                          0x4000, 64, 17, 0, ip4("10.9.0.%d" % src),
                          ip4("10.9.0.%d" % dst))
        iph = iph[:10] + struct.pack("!H", dft_msg.csum(iph)) + iph[12:]
        eth = mac("02:00:0a:09:00:%02x" % dst) + \
            mac("02:00:0a:09:00:%02x" % src) + b"\x08\x00"
        frame = eth + iph + udp
        self.records.append((frame, snap))
        return n

    def expect(self, frame, field, value, op="="):
        self.checks.append((frame, field, op, str(value)))

    def expects(self, frame, fields):
        for k, v in fields.items():
            if v is None:
                self.expect(frame, k, "", "!")
            else:
                self.expect(frame, k, v)

    def write(self, path):
        with open(path, "wb") as f:
            f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
            for i, (frame, snap) in enumerate(self.records):
                cap = frame[:snap] if snap else frame
                f.write(struct.pack("<IIII", 1700000000 + i, 0, len(cap),
                                    len(frame)))
                f.write(cap)


def hexw(n, width):
    """A value as tshark prints a base.HEX field of WIDTH hex digits."""
    return "0x%0*x" % (width, n)


def header(c, n, **kw):
    """The checks of the DFT option's header fields KW (dft() names)."""
    names = {
        "op": "zgc.op", "hops": "zgc.hops", "cluster": "zgc.cluster",
        "chain": "zgc.chain", "epoch": "zgc.epoch", "sender": "zgc.sender",
        "seq": "zgc.seq", "fwd": "zgc.fwd", "host": "zgc.host",
        "entrance": "zgc.entrance", "version": "zgc.entry_version",
        "ver": "zgc.version", "verdicts": "zgc.verdicts",
    }
    for k, v in kw.items():
        if k in names:
            c.expect(n, names[k], v)
        elif k == "flags":
            c.expect(n, "zgc.flags", hexw(v, 2))
            c.expect(n, "zgc.flags.auth", int(bool(v & 0x80)))
            c.expect(n, "zgc.flags.reverse", int(bool(v & 0x40)))
            c.expect(n, "zgc.flags.migrate", int(bool(v & 0x20)))
            c.expect(n, "zgc.flags.reserved", hexw(v & 0x1F, 2))
        elif k == "view":
            c.expect(n, "zgc.view", hexw(v, 4))
            c.expect(n, "zgc.view.live", hexw(v & 0xFF, 4))
            c.expect(n, "zgc.view.syncing", hexw(v >> 8, 4))
        elif k in ("boot", "bound"):
            c.expect(n, "zgc." + k, hexw(v, 8))
        elif k == "reserved":
            c.expect(n, "zgc.reserved", hexw(v, 4))
        else:
            raise KeyError(k)


def verdict_checks(c, n, vs):
    """The checks of verdicts VS, each a dict of verdict() arguments, in
    the order they come (their fields' occurrences joined by ',')."""
    def col(k, fmt, default):
        return ",".join(fmt(v.get(k, default)) for v in vs)
    c.expect(n, "zgc.verdict.action", col("action", str, 0))
    c.expect(n, "zgc.verdict.flags", col("flags", lambda x: hexw(x, 2), 0))
    c.expect(n, "zgc.verdict.flags.routed",
             col("flags", lambda x: str(x & 1), 0))
    c.expect(n, "zgc.verdict.flags.dnat",
             col("flags", lambda x: str(x >> 4 & 1), 0))
    c.expect(n, "zgc.verdict.flags.snat",
             col("flags", lambda x: str(x >> 5 & 1), 0))
    c.expect(n, "zgc.verdict.dmac", col("dmac", str, "00:00:00:00:00:00"))
    c.expect(n, "zgc.verdict.smac", col("smac", str, "00:00:00:00:00:00"))
    c.expect(n, "zgc.verdict.nat_port", col("nat_port", str, 0))
    c.expect(n, "zgc.verdict.host", col("host", str, "0.0.0.0"))
    c.expect(n, "zgc.verdict.config", col("config", str, 0))


def clean(c, n):
    c.expect(n, "experts", "", "!")


def build():
    c = Capture()
    D = "02:00:0a:01:00:12"

    # -- Transactions, as dft_msg.message() makes them --------------------
    big_epoch = 4294967301                  # over 32 bits
    big_seq = 1700000000123456789           # over 2^53: exact in UInt64
    spec = ("op=1,hops=19,cluster=7,chain=2,epoch=%d,sender=1,seq=%d,"
            "view=259,boot=0x1f2e3d4c,bound=0xa1b2c3d4" % (big_epoch, big_seq))
    n = c.add(dft_msg.message(spec, "10.9.0.1")[0])
    header(c, n, ver=4, op=1, flags=0, hops=19, verdicts=0, cluster=7,
           chain=2, epoch=big_epoch, sender=1, seq=big_seq, fwd="10.9.0.1",
           host="192.0.2.11", entrance="192.0.2.100", version=0, view=259,
           reserved=0, boot=0x1F2E3D4C, bound=0xA1B2C3D4)
    c.expects(n, {"zgc.option.class": "0xff7a", "zgc.option.type": "0x81",
                  "zgc.option.critical": 1, "zgc.option.length": 15,
                  "zgc.verdict.action": None, "zgc.auth.mac": None,
                  "zgc.nat.addr": None, "geneve.vni": "0x000064",
                  "ip.src": "10.9.0.1,10.1.0.11",
                  "ip.dst": "10.9.0.3,10.1.0.12", "icmp.type": 8,
                  "zgc.data": None, "zgc.auth.status": None})
    c.expect(n, "_ws.col.Info", "LOOKUP node 1 chain 2 epoch %d seq %d"
             % (big_epoch, big_seq), "~")
    clean(c, n)

    # A LOOKUP with a MAC (dft_msg.py key=), good.
    n = c.add(dft_msg.message("key=%s,boot=0x0badcafe,bound=0x12345678,"
                              "seq=42" % KEY_HEX, "10.9.0.1")[0])
    header(c, n, op=1, flags=0x80, seq=42, boot=0x0BADCAFE,
           bound=0x12345678)
    c.expects(n, {"zgc.option.length": 17, "zgc.auth.status": 1})
    c.expect(n, "zgc.auth.mac", "0x", "~")
    clean(c, n)

    # The same, its frame changed on the way: the MAC is bad.
    n = c.add(dft_msg.message("key=%s,boot=0x0badcafe,payload=00112233"
                              % KEY_HEX, "10.9.0.1")[0])
    c.expects(n, {"zgc.auth.status": 2})
    c.expect(n, "experts", "The MAC does not verify", "~")

    # A MAC that dft_msg.py was given (mac=): shown as it is.
    n = c.add(dft_msg.message("mac=0011223344556677,boot=1",
                              "10.9.0.1")[0])
    c.expects(n, {"zgc.auth.mac": "0x0011223344556677",
                  "zgc.flags.auth": 1, "zgc.auth.status": 2})

    # A REPLY with one verdict (dft_msg.py verdict=).
    n = c.add(dft_msg.message("op=2,sender=4,chain=1,boot=7,verdict=1/0/%s/"
                              "00:00:00:00:00:00/192.0.2.12/42" % D,
                              "10.9.0.1")[0], src=4, dst=1)
    header(c, n, op=2, sender=4, chain=1, verdicts=1, flags=0)
    verdict_checks(c, n, [dict(action=1, dmac=D, host="192.0.2.12",
                               config=42)])
    c.expects(n, {"zgc.option.length": 21, "zgc.nat.addr": None})
    c.expect(n, "_ws.col.Info", "REPLY node 4 chain 1", "~")
    c.expect(n, "_ws.col.Info", "forward 192.0.2.12", "~")
    clean(c, n)

    # An INSERT of a service flow: DNAT, the NAT option, a MAC over both.
    n = c.add(dft_msg.message("op=3,sender=4,boot=9,key=%s,verdict=1/16/%s/"
                              "00:00:00:00:00:00/192.0.2.12/3/10.1.0.50/8080"
                              % (KEY_HEX, D), "10.9.0.1")[0], src=4, dst=5)
    header(c, n, op=3, flags=0x80, verdicts=1)
    verdict_checks(c, n, [dict(action=1, flags=16, dmac=D,
                               host="192.0.2.12", config=3, nat_port=8080)])
    c.expects(n, {"zgc.nat.addr": "::ffff:10.1.0.50",
                  "zgc.nat.addr4": "10.1.0.50", "zgc.auth.status": 1,
                  "zgc.option.class": "0xff7a,0xff7a",
                  "zgc.option.type": "0x81,0x02",
                  "zgc.option.length": "23,4"})
    clean(c, n)

    # -- Transactions from the builders: every field set ------------------
    v1 = dict(action=1, flags=1, dmac=D, smac="02:00:00:00:02:00",
              host="192.0.2.12", config=5)
    v2 = dict(action=1, flags=0, dmac="02:00:0a:01:00:11",
              host="192.0.2.11", config=5)
    body = dft(3, flags=0x40, hops=17, cluster=9, chain=2, epoch=3,
               sender=4, seq=77, fwd="10.9.0.2", host="192.0.2.12",
               entrance="192.0.2.101", version=0, view=0x0003,
               boot=0xCAFEF00D, bound=0xFEEDBEEF,
               verdicts=[verdict(**v1), verdict(**v2)])
    n = c.add(geneve(body, 100, tenant(), key=KEY), src=4, dst=5)
    header(c, n, op=3, flags=0xC0, hops=17, cluster=9, chain=2, epoch=3,
           sender=4, seq=77, fwd="10.9.0.2", host="192.0.2.12",
           entrance="192.0.2.101", version=0, view=3, verdicts=2,
           boot=0xCAFEF00D, bound=0xFEEDBEEF)
    verdict_checks(c, n, [v1, v2])
    c.expects(n, {"zgc.option.length": 29, "zgc.auth.status": 1})
    c.expect(n, "_ws.col.Info", "INSERT [AV] node 4 chain 2", "~")
    clean(c, n)

    # UPDATE (reject), DELETE (drop, version 5), REFRESH (unreachable,
    # version 7, a MAC).
    vr = dict(action=3, config=8)
    n = c.add(geneve(dft(4, sender=5, chain=2, version=3, view=3,
                         verdicts=[verdict(**vr)]), 100, tenant()), 5, 6)
    header(c, n, op=4, sender=5, version=3, verdicts=1)
    verdict_checks(c, n, [vr])
    clean(c, n)
    vd = dict(action=2, config=1)
    n = c.add(geneve(dft(5, sender=1, version=5, verdicts=[verdict(**vd)]),
                     100, tenant()), 1, 3)
    header(c, n, op=5, version=5)
    verdict_checks(c, n, [vd])
    clean(c, n)
    vu = dict(action=4, config=2)
    n = c.add(geneve(dft(6, sender=2, version=7, verdicts=[verdict(**vu)]),
                     100, tenant(), key=KEY), 2, 3)
    header(c, n, op=6, version=7, sender=2, flags=0x80)
    verdict_checks(c, n, [vu])
    c.expects(n, {"zgc.auth.status": 1})
    clean(c, n)

    # A moved flow's LOOKUP (M), and its REPLY.
    n = c.add(geneve(dft(1, flags=0x20, epoch=2), 100, tenant()))
    header(c, n, op=1, flags=0x20, epoch=2)
    clean(c, n)
    vf = dict(action=1, dmac=D, host="192.0.2.12", config=1)
    n = c.add(geneve(dft(2, flags=0x20, version=4, sender=6,
                         verdicts=[verdict(**vf)]), 100, tenant()), 6, 1)
    header(c, n, op=2, flags=0x20, version=4)
    clean(c, n)

    # A public service's reply routed out: ROUTE, SNAT, an IPv6 VIP.
    vo = dict(action=5, flags=0x20, nat_port=443)
    n = c.add(geneve(dft(3, verdicts=[verdict(**vo)]), 100, tenant(),
                     nat=ip16("2001:db8::5")))
    verdict_checks(c, n, [vo])
    c.expects(n, {"zgc.nat.addr": "2001:db8::5", "zgc.nat.addr4": None})
    clean(c, n)

    # -- Membership --------------------------------------------------------
    news = [(5, 1, 0, 0, 2), (6, 2, 3, 0, 9)]
    n = c.add(geneve(dft(7, hops=1, chain=0, fwd="0.0.0.0", host="0.0.0.0",
                         entrance="0.0.0.0", sender=3, seq=1000,
                         boot=0x33333333, bound=0x44444444), 0,
                     probe(4, 0, 0xDEADBEEF, 3, 0x81, news), key=KEY), 3, 4)
    header(c, n, op=7, hops=1, chain=0, fwd="0.0.0.0", view=0, flags=0x80,
           sender=3, seq=1000, boot=0x33333333, bound=0x44444444)
    c.expects(n, {"zgc.auth.status": 1, "geneve.vni": "0x000000",
                  "eth.type": "0x0800,0x88b5",
                  "zgc.probe.news": 2, "zgc.probe.flags": "0x81",
                  "zgc.probe.flags.syncing": 1, "zgc.probe.flags.draining": 0,
                  "zgc.probe.flags.rolled": 1, "zgc.probe.reserved": "0x0000",
                  "zgc.probe.target": 4, "zgc.probe.origin": 0,
                  "zgc.probe.nonce": "0xdeadbeef", "zgc.probe.incarnation": 3,
                  "zgc.news.node": "5,6", "zgc.news.state": "1,2",
                  "zgc.news.flags": "0x00,0x03",
                  "zgc.news.flags.syncing": "0,1",
                  "zgc.news.flags.draining": "0,1",
                  "zgc.news.incarnation": "2,9"})
    c.expect(n, "_ws.col.Info", "PING [A] node 3 epoch 1 seq 1000", "~")
    c.expect(n, "_ws.col.Info", "seq 1000 | target 4 nonce 0xdeadbeef", "~")
    clean(c, n)
    n = c.add(geneve(dft(8, hops=1, chain=0, fwd="0.0.0.0", host="0.0.0.0",
                         entrance="0.0.0.0", sender=4), 0,
                     probe(4, 2, 0xDEADBEEF, 5, 0x02)), 4, 2)
    header(c, n, op=8, sender=4)
    c.expects(n, {"zgc.probe.news": 0, "zgc.probe.target": 4,
                  "zgc.probe.origin": 2, "zgc.probe.flags.draining": 1,
                  "zgc.probe.incarnation": 5, "zgc.news.node": None})
    clean(c, n)
    n = c.add(geneve(dft(9, hops=1, chain=0, fwd="0.0.0.0", host="0.0.0.0",
                         entrance="0.0.0.0", sender=1), 0,
                     probe(6, 0, 0x1234, 1, 0, [(3, 0, 0, 0, 1)])), 1, 3)
    header(c, n, op=9)
    c.expects(n, {"zgc.probe.target": 6, "zgc.news.node": 3,
                  "zgc.news.state": 0})
    clean(c, n)

    # -- State transfer ----------------------------------------------------
    ctl = dict(hops=1, fwd="0.0.0.0", host="0.0.0.0", entrance="0.0.0.0")
    n = c.add(geneve(dft(10, chain=2, view=0x0103, sender=5, **ctl), 0,
                     sync(0x1234, 0)), 5, 6)
    header(c, n, op=10, chain=2, view=0x0103)
    c.expects(n, {"zgc.sync.nonce": "0x00001234", "zgc.sync.count": 0,
                  "zgc.sync.entries": 0, "zgc.sync.reserved": "0x000000",
                  "zgc.entry.vni": None})
    clean(c, n)
    ve1 = dict(action=1, dmac=D, host="192.0.2.12", config=4)
    ve2 = dict(action=1, flags=0x10, dmac=D, host="192.0.2.12", config=4,
               nat_port=5353)
    entries = [
        entry(100, "10.1.0.11", "10.1.0.12", 40000, 80, 6, 1, 3, 1500,
              verdict(**ve1)),
        entry(200, "2001:db8::11", "2001:db8::12", 5000, 53, 17, 0,
              4294967295, 0, verdict(**ve2), nat="2001:db8::99"),
    ]
    n = c.add(geneve(dft(11, chain=1, view=0x0303, sender=6, **ctl), 0,
                     sync(0x1234, 16, entries), key=KEY), 6, 5)
    header(c, n, op=11, chain=1, view=0x0303, flags=0x80)
    c.expects(n, {"zgc.sync.nonce": "0x00001234", "zgc.sync.count": 16,
                  "zgc.sync.entries": 2, "zgc.auth.status": 1,
                  "zgc.entry.vni": "100,200",
                  "zgc.entry.src": "::ffff:10.1.0.11,2001:db8::11",
                  "zgc.entry.src4": "10.1.0.11",
                  "zgc.entry.dst": "::ffff:10.1.0.12,2001:db8::12",
                  "zgc.entry.dst4": "10.1.0.12",
                  "zgc.entry.sport": "40000,5000",
                  "zgc.entry.dport": "80,53", "zgc.entry.proto": "6,17",
                  "zgc.entry.flags": "0x01,0x00",
                  "zgc.entry.flags.closing": "1,0",
                  "zgc.entry.reserved": "0x0000,0x0000",
                  "zgc.entry.version": "3,4294967295",
                  "zgc.entry.idle_ms": "1500,0",
                  "zgc.entry.nat": "::,2001:db8::99",
                  "zgc.entry.nat4": None})
    verdict_checks(c, n, [ve1, ve2])
    c.expect(n, "_ws.col.Info", "SYNC [A] node 6 chain 1 epoch 1 seq 1 | "
             "nonce 0x00001234 count 16 entries 2")
    clean(c, n)
    n = c.add(geneve(dft(12, chain=1, view=0x0303, sender=6, **ctl), 0,
                     sync(0x1234, 18)), 6, 5)
    header(c, n, op=12)
    c.expects(n, {"zgc.sync.count": 18, "zgc.sync.entries": 0})
    clean(c, n)

    # A keyed LOOKUP captured 100 bytes deep: not checked, no error.
    n = c.add(dft_msg.message("key=%s,boot=5" % KEY_HEX, "10.9.0.1")[0],
              snap=140)
    c.expects(n, {"zgc.auth.status": 3, "zgc.op": 1})

    # A Geneve packet without the option: Geneve's alone.
    n = c.add(struct.pack("!BBHI", 0, 0, 0x6558, 100 << 8) + tenant())
    c.expects(n, {"zgc.op": None, "geneve.vni": "0x000064",
                  "zgc.version": None})

    # -- Malformed ---------------------------------------------------------
    def bad(payload, text, src=1, dst=3, group="Malformed: "):
        n = c.add(payload, src, dst)
        c.expect(n, "experts", group + text, "~")
        return n

    m = dft_msg.message
    n = bad(m("words=5", "10.9.0.1")[0],
            "the DFT option has 20 bytes of data, fewer than its header's 60")
    c.expects(n, {"zgc.op": 1, "zgc.cluster": 9, "zgc.chain": 1,
                  "zgc.epoch": 1, "zgc.sender": None})
    n = bad(m("version=5", "10.9.0.1")[0], "DFT option version 5, not 4",
            group="")
    c.expects(n, {"zgc.version": 5, "zgc.cluster": None})
    bad(m("op=15", "10.9.0.1")[0], "unknown operation 15")
    bad(m("op=6", "10.9.0.1")[0], "a REFRESH without a verdict")
    bad(m("flags=64", "10.9.0.1")[0],
        "V only in an INSERT or UPDATE with 2 verdicts")
    bad(m("flags=16", "10.9.0.1")[0], "unknown flags 0x10")
    bad(m("op=3,verdict=9/0/%s/00:00:00:00:00:00/192.0.2.12" % D,
          "10.9.0.1")[0], "unknown action 9")
    bad(m("op=3,verdict=1/0/01:00:5e:00:00:01/00:00:00:00:00:00/192.0.2.12",
          "10.9.0.1")[0], "destination MAC not unicast")
    bad(m("op=3,verdict=1/0/%s/00:00:00:00:00:00/255.255.255.255" % D,
          "10.9.0.1")[0],
        "destination host 255.255.255.255 not a unicast host")
    bad(m("op=3,verdict=5/0/00:00:00:00:00:00/00:00:00:00:00:00/0.0.0.0",
          "10.9.0.1")[0], "a route out needs SNAT alone")
    bad(m("op=3,verdict=1/16/%s/00:00:00:00:00:00/192.0.2.12/1/224.0.0.1/80"
          % D, "10.9.0.1")[0], "NAT address 224.0.0.1 not unicast")
    bad(geneve(dft(1, reserved=1), 100, tenant()), "reserved field not 0")
    bad(geneve(dft(3, verdicts=[verdict(1, 0x10, D, nat_port=80,
                                        host="192.0.2.12")]), 100, tenant()),
        "a rewrite without the DFT NAT option right after the DFT option")
    bad(geneve(dft(3, verdicts=[verdict(1, 0x30, D, nat_port=80,
                                        host="192.0.2.12")]), 100, tenant(),
               nat=ip16("10.1.0.50")), "both DNAT and SNAT")
    bad(geneve(dft(3, flags=0x40, verdicts=[
        verdict(1, 0x10, D, nat_port=80, host="192.0.2.12"),
        verdict(1, 0x20, D, nat_port=81, host="192.0.2.11")]), 100, tenant(),
        nat=ip16("10.1.0.50")), "the second verdict's NAT port is not 0")
    bad(geneve(dft(3, verdicts=[verdict(1, 0x10, D, nat_port=80,
                                        host="192.0.2.12")]), 100, tenant(),
               nat=bytes(12)), "the DFT NAT option has 12 bytes of data")
    bad(geneve(dft(5, flags=0x20, version=1, verdicts=[verdict(2)]), 100,
               tenant()), "M only in a LOOKUP, INSERT or REPLY")
    bad(geneve(dft(5, version=0, verdicts=[verdict(2)]), 100, tenant()),
        "a DELETE of entry version 0")
    bad(geneve(dft(1, flags=0x80), 100, tenant()),
        "the DFT option has 60 bytes of data, its header says 68")
    bad(geneve(dft(1, nverdicts=3), 100, tenant()), "3 verdicts, at most 2")
    bad(geneve(dft(1), 100, tenant(), after=opt(0xFF7A, 0x81, dft(1))),
        "a second DFT option")
    bad(geneve(dft(1), 100, tenant(), words=16),
        "a Geneve option runs past the options' length")
    # Cut in the middle of its option, its lengths as they were.
    n = c.add(geneve(dft(1), 100, b"")[:40])
    c.expect(n, "experts", "the option runs past the packet", "~")
    bad(geneve(dft(1), 100, tenant(),
               after=opt(0xFF7A, 0x83, b"\0\0\0\0")),
        "an unknown critical option", group="")
    bad(geneve(dft(1, hops=0), 100, tenant()), "hops 0", group="")
    bad(geneve(dft(7, hops=1, chain=0, fwd="0.0.0.0", host="0.0.0.0",
                   entrance="0.0.0.0"), 100, probe(3)), "PING in VNI 100")
    bad(geneve(dft(7, hops=1, chain=0, fwd="0.0.0.0", host="0.0.0.0",
                   entrance="0.0.0.0", view=1), 0, probe(3)),
        "a membership message with a view")
    bad(geneve(dft(8, hops=1, chain=0, fwd="0.0.0.0", host="0.0.0.0",
                   entrance="0.0.0.0", verdicts=[verdict(2)]), 0,
               probe(3)), "ACK with verdicts")
    bad(geneve(dft(7, hops=1, chain=0, fwd="0.0.0.0", host="0.0.0.0",
                   entrance="0.0.0.0"), 0, tenant()),
        "PING's Ethernet type is not 0x88b5")
    bad(geneve(dft(7, hops=1, chain=0, fwd="0.0.0.0", host="0.0.0.0",
                   entrance="0.0.0.0"), 0, probe(3, news=[(4, 3, 0, 0, 1)])),
        "news state 3, at most 2")
    bad(geneve(dft(7, hops=1, chain=0, fwd="0.0.0.0", host="0.0.0.0",
                   entrance="0.0.0.0"), 0,
               probe(3, news=[(4, 0, 0, 0, 1)] * 9)), "9 news, at most 8")
    bad(geneve(dft(7, hops=1, chain=0, fwd="0.0.0.0", host="0.0.0.0",
                   entrance="0.0.0.0"), 0, probe(3, nnews=2)),
        "2 news do not fit")
    bad(geneve(dft(7, hops=1, chain=0, fwd="0.0.0.0", host="0.0.0.0",
                   entrance="0.0.0.0"), 0, probe(3, flags=0x04)),
        "unknown probe flags 0x04")
    bad(geneve(dft(11, **ctl), 0, sync(1, 0)), "a SYNC without entries")
    bad(geneve(dft(10, **ctl), 0, sync(0, 0)),
        "a SYNC_REQ has a nonce, not 0, and count 0")
    bad(geneve(dft(11, **ctl), 0, sync(1, 0, nentries=1)),
        "1 entries do not fit")
    bad(geneve(dft(11, **ctl), 0, sync(1, 0, [
        entry(100, "10.1.0.11", "10.1.0.12", 1, 2, 17, 0, 1, 0,
              verdict(1, 0x10, D, host="192.0.2.12"))])),
        "a rewrite without a NAT port (the entry is not taken)")
    return c


def fuzz(c, path):
    """Every message of C cut at random lengths and with bytes flipped."""
    rnd = random.Random(6081)
    f = Capture()
    for frame, _ in c.records:
        udp = frame[42:]
        for _ in range(12):
            cut = rnd.randrange(8, len(udp) + 1)
            f.add(udp[:cut])
            b = bytearray(udp)
            for _ in range(rnd.randrange(1, 6)):
                i = rnd.randrange(8, len(b))
                b[i] = rnd.randrange(256)
            f.add(bytes(b))
    f.write(path)
    return len(f.records)


def main():
    c = build()
    c.write(sys.argv[1])
    with open(sys.argv[2], "w") as out:
        for frame, field, op, value in c.checks:
            out.write("%d\t%s\t%s\t%s\n" % (frame, field, op, value))
    if len(sys.argv) > 3:
        fuzz(c, sys.argv[3])


if __name__ == "__main__":
    main()
