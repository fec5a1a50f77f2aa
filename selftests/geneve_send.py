#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Send hand-made Geneve frames of a stock compute host, each to several
gateways at once (zgc_service_dft.sh: two FWDs missing one flow at once).

geneve_send.py IFACE OUTER_SRC OUTER_DST VNI INNER_SMAC INNER_DMAC SRC DST
               DPORT SPORT COUNT MAC...
    COUNT UDP datagrams SRC:SPORT.. -> DST:DPORT (source ports counting
    up), each in a Geneve frame OUTER_SRC -> OUTER_DST (UDP 6081) sent
    out of IFACE to every MAC in turn, back to back, before the next.
"""

import socket
import struct
import sys

from dft_msg import csum


def ipv4(src, dst, proto, payload):
    h = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(payload), 0, 0x4000,
                    64, proto, 0, socket.inet_aton(src),
                    socket.inet_aton(dst))
    return h[:10] + struct.pack('!H', csum(h)) + h[12:] + payload


def udp(sport, dport, payload):
    # No checksum (0): allowed in IPv4.
    return struct.pack('!HHHH', sport, dport, 8 + len(payload), 0) + payload


def mac(s):
    return bytes(int(x, 16) for x in s.split(':'))


def main():
    (iface, osrc, odst, vni, smac, dmac, src, dst, dport, sport,
     count) = sys.argv[1:12]
    gws = [mac(m) for m in sys.argv[12:]]
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((iface, 0))
    own = s.getsockname()[4]
    for i in range(int(count)):
        inner = (mac(dmac) + mac(smac) + b'\x08\x00' +
                 ipv4(src, dst, 17, udp(int(sport) + i, int(dport),
                                        b'one flow, two FWDs')))
        geneve = struct.pack('!BBHI', 0, 0, 0x6558, int(vni) << 8) + inner
        # The outer source port: one per inner flow, as a stock host's.
        packet = ipv4(osrc, odst, 17, udp(49152 + i, 6081, geneve))
        for gw in gws:
            s.send(gw + own + b'\x08\x00' + packet)


if __name__ == '__main__':
    main()
