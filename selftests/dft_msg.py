#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# dft_msg.py FROM[:PORT] TO [MESSAGE...]: send hand-made cluster messages
# (Documentation/wire-format.md) from the cluster address FROM (and UDP
# port PORT, else any) to the zgc node at TO, port 6081, 50 ms apart. Each MESSAGE is NAME=VALUE[,...]
# (or empty): a LOOKUP by default, about an ICMP echo request from
# 10.1.0.11 to 10.1.0.12 in VNI 100, with these fields changed; no
# MESSAGE sends one default message. NAME is one of:
#   version op flags hops cluster chain epoch sender seq fwd host
#   entrance view boot bound: the option's fields (addresses dotted;
#   view: the chain's live places as a number, bit 0 the first node, 0
#   unless set; boot: the sender's boot number, bound: the receiver's,
#   both as `zgcctl cluster show` prints them, 0 unless set)
#   key=HEX: add the SipHash-2-4 MAC under that 16-byte key (flag A),
#   over the option, the VNI and the frame (Documentation/wire-format.md)
#   mac=HEX: add this MAC instead (flag A)
#   verdict=ACTION/FLAGS/DMAC/SMAC/HOST[/CONFIG[/NAT/NAT_PORT]]: add this
#   verdict (one); NAT: the address a service flow is rewritten to
#   words=N: cut the option's data to N 4-byte words
#   payload=HEX: the ICMP echo request's data (after its MAC was
#   computed over the default one, with key=: a frame changed on the way)
#   times=N: send the same message N times
# The selftests forge, replay and damage cluster messages with it.
import ipaddress
import socket
import struct
import sys
import time


def rotl(x, b):
    return ((x << b) | (x >> (64 - b))) & 0xFFFFFFFFFFFFFFFF


def siphash24(key, data):
    k0, k1 = struct.unpack("<QQ", key)
    v = [k0 ^ 0x736F6D6570736575, k1 ^ 0x646F72616E646F6D,
         k0 ^ 0x6C7967656E657261, k1 ^ 0x7465646279746573]

    def rounds(n):
        for _ in range(n):
            v[0] = (v[0] + v[1]) & 0xFFFFFFFFFFFFFFFF
            v[1] = rotl(v[1], 13) ^ v[0]
            v[0] = rotl(v[0], 32)
            v[2] = (v[2] + v[3]) & 0xFFFFFFFFFFFFFFFF
            v[3] = rotl(v[3], 16) ^ v[2]
            v[0] = (v[0] + v[3]) & 0xFFFFFFFFFFFFFFFF
            v[3] = rotl(v[3], 21) ^ v[0]
            v[2] = (v[2] + v[1]) & 0xFFFFFFFFFFFFFFFF
            v[1] = rotl(v[1], 17) ^ v[2]
            v[2] = rotl(v[2], 32)

    tail = len(data) % 8
    for i in range(0, len(data) - tail, 8):
        m = struct.unpack("<Q", data[i:i + 8])[0]
        v[3] ^= m
        rounds(2)
        v[0] ^= m
    b = (len(data) & 0xFF) << 56
    for i in range(tail):
        b |= data[len(data) - tail + i] << (8 * i)
    v[3] ^= b
    rounds(2)
    v[0] ^= b
    v[2] ^= 0xFF
    rounds(4)
    return v[0] ^ v[1] ^ v[2] ^ v[3]


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def frame(src, dst, data=b"zgc" * 8):
    icmp = struct.pack("!BBHHH", 8, 0, 0, 0x7A67, 1) + data
    icmp = icmp[:2] + struct.pack("!H", csum(icmp)) + icmp[4:]
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(icmp), 1, 0, 64, 1,
                     0, src.packed, dst.packed)
    ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
    eth = bytes.fromhex("020000000100") + bytes.fromhex("02000a010011")
    return eth + b"\x08\x00" + ip + icmp


def message(spec, sender_addr):
    f = {"version": 4, "op": 1, "flags": 0, "hops": 19, "cluster": 9,
         "chain": 1, "epoch": 1, "sender": 1, "seq": 1, "fwd": sender_addr,
         "host": "192.0.2.11", "entrance": "192.0.2.100", "view": 0, "words": None,
         "key": None, "mac": None, "times": 1, "verdict": None, "boot": "0",
         "bound": "0", "payload": None}
    for a in filter(None, spec.split(",")):
        name, value = a.split("=", 1)
        if name not in f:
            sys.exit("dft_msg.py: unknown field " + name)
        f[name] = value
    src = ipaddress.IPv4Address("10.1.0.11")
    dst = ipaddress.IPv4Address("10.1.0.12")
    flags = int(f["flags"]) | (0x80 if f["key"] or f["mac"] else 0)
    verdicts = b""
    natopt = b""
    if f["verdict"]:
        action, vflags, dmac, smac, host, *rest = f["verdict"].split("/")
        config = rest[0] if rest else 0
        nat_port = 0
        if len(rest) > 2:
            nat = ipaddress.ip_address(rest[1])
            if nat.version == 4:
                nat = ipaddress.IPv6Address("::ffff:" + str(nat))
            nat_port = int(rest[2])
            natopt = struct.pack("!HBB", 0xFF7A, 0x02, 4) + nat.packed
        verdicts = struct.pack("!BB6s6sH4sI", int(action), int(vflags),
                               bytes.fromhex(dmac.replace(":", "")),
                               bytes.fromhex(smac.replace(":", "")),
                               nat_port, ipaddress.IPv4Address(host).packed,
                               int(config))
    body = struct.pack("!BBBBIIQIQ4s4s4sIH2xII",
                       int(f["version"]) << 4 | int(f["op"]), flags,
                       int(f["hops"]), len(verdicts) // 24, int(f["cluster"]),
                       int(f["chain"]), int(f["epoch"]), int(f["sender"]),
                       int(f["seq"]),
                       ipaddress.IPv4Address(f["fwd"]).packed,
                       ipaddress.IPv4Address(f["host"]).packed,
                       ipaddress.IPv4Address(f["entrance"]).packed, 0,
                       int(f["view"]), int(f["boot"], 0),
                       int(f["bound"], 0)) + verdicts
    tenant = frame(src, dst)
    if f["key"]:
        mac = siphash24(bytes.fromhex(f["key"]),
                        body + struct.pack("!I", 100) + natopt + tenant)
        body += struct.pack("!Q", mac)
    elif f["mac"]:
        body += bytes.fromhex(f["mac"])
    if f["words"] is not None:
        body = body[:4 * int(f["words"])]
    opt = struct.pack("!HBB", 0xFF7A, 0x81, len(body) // 4) + body + natopt
    geneve = struct.pack("!BBHI", len(opt) // 4, 0x40, 0x6558, 100 << 8)
    if f["payload"] is not None:
        tenant = frame(src, dst, bytes.fromhex(f["payload"]))
    return [geneve + opt + tenant] * int(f["times"])


def main():
    addr, _, port = sys.argv[1].partition(":")
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind((addr, int(port or 0)))
        for spec in sys.argv[3:] or [""]:
            for msg in message(spec, addr):
                s.sendto(msg, (sys.argv[2], 6081))
                time.sleep(0.05)


if __name__ == "__main__":
    main()
