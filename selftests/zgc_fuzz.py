#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# zgc_fuzz.py frames ADDR PORT N SEED geneve|vxlan
#     N tunnel datagrams to ADDR:PORT, each a valid tenant frame (ICMP,
#     TCP, UDP, IPv6, ARP, fragments, from instance 10.1.0.11 in VNI 100)
#     mutated: bytes flipped, cut short, grown, Geneve options of every
#     length, class and critical bit, other VNIs, ethertypes, lengths.
# zgc_fuzz.py cluster FROM TO N SEED [KEY]
#     N cluster messages from FROM (an address of this namespace, that of
#     a node to spoof one) to the node at TO: dft_msg.py's LOOKUP, its
#     option's fields, lengths and verdicts mutated; with KEY, half of
#     them carry a MAC that verifies over what was mutated, so that they
#     get past authentication.
# zgc_fuzz.py genl N SEED IFNAME
#     N Generic Netlink requests to the "zgc" family, each a random
#     command with random flags and a random tree of attributes (types,
#     lengths, nests), some naming IFNAME; answers are read and ignored.
# Prints how many it sent. The selftests' fuzzing (zgc_fuzz.sh).
import importlib.util
import ipaddress
import os
import random
import socket
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("dft_msg", os.path.join(HERE, "dft_msg.py"))
dft_msg = importlib.util.module_from_spec(spec)
spec.loader.exec_module(dft_msg)

GW_MAC = bytes.fromhex("020000000100")
SRC_MAC = bytes.fromhex("02000a010011")


def ipv4(proto, payload, frag=0, src="10.1.0.11", dst="10.2.0.13"):
    h = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), 7, frag, 64,
                    proto, 0, socket.inet_aton(src), socket.inet_aton(dst))
    h = h[:10] + struct.pack("!H", dft_msg.csum(h)) + h[12:]
    return b"\x08\x00" + h + payload


def ipv6(nh, payload):
    return (b"\x86\xdd" + struct.pack("!IHBB", 6 << 28, len(payload), nh, 64) +
            ipaddress.IPv6Address("fd00:1::11").packed +
            ipaddress.IPv6Address("fd00:2::13").packed + payload)


def inner_frames():
    icmp = struct.pack("!BBHHH", 8, 0, 0, 1, 1) + b"zgc" * 8
    tcp = struct.pack("!HHIIBBHHH", 40000, 22, 1, 0, 5 << 4, 0x02, 1000, 0, 0)
    udp = struct.pack("!HHHH", 40000, 53, 8 + 8, 0) + b"fuzzfuzz"
    arp = (b"\x08\x06" + struct.pack("!HHBBH", 1, 0x0800, 6, 4, 1) + SRC_MAC +
           socket.inet_aton("10.1.0.11") + b"\0" * 6 + socket.inet_aton("10.1.0.1"))
    frag = struct.pack("!BBHI", 17, 0, 0x0001, 0x1234)
    return [ipv4(1, icmp), ipv4(6, tcp), ipv4(17, udp),
            ipv4(17, udp, frag=0x2000), ipv4(17, b"rest", frag=0x0010),
            ipv6(58, struct.pack("!BBHHH", 128, 0, 0, 1, 1)), ipv6(6, tcp),
            ipv6(44, frag + udp), arp]


def mutate(rng, b):
    b = bytearray(b)
    for _ in range(rng.randint(0, 3)):
        what = rng.random()
        if what < 0.5 and b:
            for _ in range(rng.randint(1, 8)):
                b[rng.randrange(len(b))] = rng.randrange(256)
        elif what < 0.75 and b:
            del b[rng.randrange(len(b)):]
        else:
            b += os.urandom(rng.randint(1, 64))
    return bytes(b)


def geneve_hdr(rng, vni):
    opts = b""
    for _ in range(rng.choice([0, 0, 1, 2])):
        data = os.urandom(4 * rng.randint(0, 31))
        cls = rng.choice([0x0102, 0xFF7A, rng.randrange(65536)])
        typ = rng.randrange(256)
        opts += struct.pack("!HBB", cls, typ, len(data) // 4) + data
    ver_len = (len(opts) // 4) & 0x3F
    if rng.random() < 0.1:
        ver_len = rng.randrange(256)
    flags = rng.choice([0, 0, 0x40, 0x80, rng.randrange(256)])
    proto = rng.choice([0x6558, 0x6558, 0x6558, 0x0800, rng.randrange(65536)])
    return struct.pack("!BBHI", ver_len, flags, proto, vni << 8) + opts


def vxlan_hdr(rng, vni):
    flags = rng.choice([0x08000000, 0x08000000, 0, rng.randrange(1 << 32)])
    return struct.pack("!II", flags, vni << 8)


def frames(addr, port, n, seed, overlay):
    rng = random.Random(seed)
    base = inner_frames()
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        for _ in range(n):
            vni = rng.choice([100, 100, 100, 200, 0, rng.randrange(1 << 24)])
            hdr = (geneve_hdr if overlay == "geneve" else vxlan_hdr)(rng, vni)
            frame = GW_MAC + SRC_MAC + rng.choice(base)
            d = hdr + mutate(rng, frame)
            if rng.random() < 0.1:
                d = mutate(rng, d)
            s.sendto(d, (addr, port))
    print(n)


def cluster(src, dst, n, seed, key):
    rng = random.Random(seed)
    fields = ["version", "op", "flags", "hops", "cluster", "chain", "epoch",
              "sender", "seq", "view", "words", "boot", "bound"]
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind((src, 0))
        for i in range(n):
            spec = ["chain=%d" % rng.choice([1, 2, 0, 3]),
                    "view=%d" % rng.choice([3, 1, 7, 0]),
                    "seq=%d" % rng.randrange(1 << 63),
                    "sender=%d" % rng.choice([1, 2, 3, 4, 5, 6, 9, 0])]
            for f in rng.sample(fields, rng.randint(0, 4)):
                limit = {"version": 16, "op": 16, "flags": 256, "hops": 256,
                         "words": 24, "view": 1 << 16}.get(f, 1 << 32)
                spec.append("%s=%d" % (f, rng.randrange(limit)))
            if rng.random() < 0.3:
                spec.append("verdict=%d/%d/%s/%s/%s" % (
                    rng.randrange(8), rng.randrange(4),
                    os.urandom(6).hex(), os.urandom(6).hex(),
                    ipaddress.IPv4Address(rng.randrange(1 << 32))))
            if key and i % 2:
                spec.append("key=" + key)
            elif rng.random() < 0.2:
                spec.append("mac=" + os.urandom(8).hex())
            try:
                msgs = dft_msg.message(",".join(spec), src)
            except (ValueError, struct.error, OverflowError):
                continue
            for m in msgs:
                if rng.random() < 0.2:
                    m = mutate(rng, m)
                s.sendto(m, (dst, 6081))
    print(n)


def nlattrs(rng, depth, ifname):
    out = b""
    for _ in range(rng.randint(0, 6)):
        typ = rng.choice([1, 2, rng.randrange(1, 30), rng.randrange(1 << 15)])
        if rng.random() < 0.05:
            typ |= 0x8000
        if typ == 2 and rng.random() < 0.7:
            data = ifname.encode() + b"\0"
        elif depth < 3 and rng.random() < 0.3:
            data = nlattrs(rng, depth + 1, ifname)
        else:
            data = os.urandom(rng.choice([0, 1, 2, 4, 8, 16, rng.randrange(64)]))
        alen = 4 + len(data)
        if rng.random() < 0.03:
            alen = rng.randrange(1 << 16)
        out += struct.pack("=HH", alen & 0xFFFF, typ) + data + b"\0" * (-len(data) % 4)
    return out


def genl_family(s):
    name = b"zgc\0"
    attr = struct.pack("=HH", 4 + len(name), 2) + name + b"\0" * (-len(name) % 4)
    msg = struct.pack("=BBH", 3, 1, 0) + attr
    s.send(struct.pack("=IHHII", 16 + len(msg), 0x10, 1, 1, 0) + msg)
    data = s.recv(65536)
    off = 16 + 4
    while off + 4 <= len(data):
        alen, typ = struct.unpack_from("=HH", data, off)
        if typ == 1:
            return struct.unpack_from("=H", data, off + 4)[0]
        off += (alen + 3) & ~3
    sys.exit("zgc_fuzz.py: no zgc family")


def genl(n, seed, ifname):
    rng = random.Random(seed)
    with socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 16) as s:
        s.bind((0, 0))
        s.settimeout(2)
        fam = genl_family(s)
        for i in range(n):
            cmd = rng.choice([rng.randrange(1, 22), rng.randrange(256)])
            flags = 0x1 | 0x4 | rng.choice([0, 0, 0x300, 0x100, 0x200,
                                               rng.randrange(1 << 16)])
            body = struct.pack("=BBH", cmd, rng.choice([1, 1, 0, 2]),
                               rng.choice([0, 0, 1])) + nlattrs(rng, 0, ifname)
            s.send(struct.pack("=IHHII", 16 + len(body), fam, flags & 0xFFFF,
                               i + 2, 0) + body)
            try:
                while True:
                    data = s.recv(1 << 16)
                    if not data or struct.unpack_from("=H", data, 4)[0] in (2, 3):
                        break
            except (socket.timeout, OSError):
                pass
    print(n)


def main():
    mode = sys.argv[1]
    if mode == "frames":
        frames(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]),
               sys.argv[6])
    elif mode == "cluster":
        cluster(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]),
                sys.argv[6] if len(sys.argv) > 6 else None)
    elif mode == "genl":
        genl(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
    else:
        sys.exit("zgc_fuzz.py: frames, cluster or genl")


if __name__ == "__main__":
    main()
