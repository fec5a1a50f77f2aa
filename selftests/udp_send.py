#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# udp_send.py ADDR PORT HEX...: send each HEX string, decoded, as one UDP
# datagram to ADDR:PORT. The selftests craft tunnel packets with it.
import socket
import sys


def main():
    addr, port = sys.argv[1], int(sys.argv[2])
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        for payload in sys.argv[3:]:
            s.sendto(bytes.fromhex(payload), (addr, port))


if __name__ == "__main__":
    main()
