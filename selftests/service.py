#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""A service's backends and clients, for zgc_service.sh.

  service.py serve ADDR PORT NAME LOG
      a TCP and UDP backend on ADDR:PORT: answers every line of a TCP
      connection, and every UDP datagram, with "NAME PEER_ADDR"; writes
      "PEER_ADDR PEER_PORT" to LOG for every connection accepted; prints
      "listening" once bound.
  service.py clients VIP PORT N DEV
      opens N TCP connections to VIP:PORT one after another, each sending
      3 lines and reading each answer; meanwhile captures what DEV
      receives. Prints "NAME COUNT" for each backend that answered (by
      connections), then "mixed M" (connections answered by more than
      one backend), "failed F", "peers P" (the backends' views of the
      client address, comma separated) and "sources S" (the source
      addresses of the TCP segments DEV received, comma separated).
  service.py talk VIP PORT N DIR GAP
      opens N TCP connections to VIP:PORT, prints "connected N", then
      each sends a line every GAP seconds (MIN-MAX: a random time in
      that range, times ZGC_SLOW) and reads the answer, until the file
      DIR/stop appears; then prints a line per connection, "I FIRST
      LAST STATUS" (the backends that answered first and last; STATUS
      ok, reset, eof, timeout or error), and closes them.
  service.py once VIP PORT DIR
      opens a TCP connection to VIP:PORT and exchanges a line: prints the
      backend that answered; creates DIR/step, waits for DIR/go, then
      sends another line and prints the backend that answered, "reset"
      or "eof".
  service.py udp VIP PORT N DEV
      sends N datagrams to VIP:PORT from N source ports, each waiting for
      its answer; prints as clients does, for UDP.
"""

import os
import random
import select
import socket
import struct
import sys
import threading
import time

ETH_P_ALL = 3


def family_of(addr):
    return socket.AF_INET6 if ':' in addr else socket.AF_INET


def serve(addr, port, name, log):
    fam = family_of(addr)
    t = socket.socket(fam)
    t.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    t.bind((addr, port))
    t.listen(256)
    u = socket.socket(fam, socket.SOCK_DGRAM)
    u.bind((addr, port))
    out = open(log, 'a', buffering=1)
    print('listening', flush=True)

    def conn(c, peer):
        f = c.makefile('rb')
        try:
            for _ in f:
                c.sendall(('%s %s\n' % (name, peer[0])).encode())
        except OSError:
            pass
        c.close()

    def udp():
        while True:
            data, peer = u.recvfrom(2048)
            u.sendto(('%s %s\n' % (name, peer[0])).encode(), peer)

    threading.Thread(target=udp, daemon=True).start()
    while True:
        c, peer = t.accept()
        out.write('%s %d\n' % (peer[0], peer[1]))
        threading.Thread(target=conn, args=(c, peer), daemon=True).start()


class Capture:
    """The source addresses of the TCP or UDP packets DEV receives."""

    def __init__(self, dev, proto):
        self.s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW,
                               socket.htons(ETH_P_ALL))
        self.s.bind((dev, 0))
        self.s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 22)
        self.proto = proto
        self.sources = set()

    def drain(self):
        while select.select([self.s], [], [], 0.2)[0]:
            frame, meta = self.s.recvfrom(65535)
            if meta[2] == socket.PACKET_OUTGOING:
                continue
            eth = struct.unpack('!H', frame[12:14])[0]
            if eth == 0x0800 and frame[14 + 9] == self.proto:
                self.sources.add(socket.inet_ntop(socket.AF_INET,
                                                  frame[26:30]))
            elif eth == 0x86dd and frame[14 + 6] == self.proto:
                self.sources.add(socket.inet_ntop(socket.AF_INET6,
                                                  frame[22:38]))


def report(names, mixed, failed, peers, cap):
    for name in sorted(names):
        print(name, names[name])
    print('mixed', mixed)
    print('failed', failed)
    print('peers', ','.join(sorted(peers)) or '-')
    print('sources', ','.join(sorted(cap.sources)) or '-')


def clients(vip, port, n, dev):
    cap = Capture(dev, socket.IPPROTO_TCP)
    names, peers, mixed, failed = {}, set(), 0, 0
    for i in range(n):
        seen = set()
        try:
            c = socket.create_connection((vip, port), timeout=10)
            f = c.makefile('rb')
            for j in range(3):
                c.sendall(b'line %d\n' % j)
                name, peer = f.readline().decode().split()
                seen.add(name)
                peers.add(peer)
            c.close()
        except (OSError, ValueError):
            failed += 1
            continue
        if len(seen) != 1:
            mixed += 1
            continue
        name = seen.pop()
        names[name] = names.get(name, 0) + 1
        if i % 50 == 49:
            cap.drain()
    time.sleep(0.5)
    cap.drain()
    report(names, mixed, failed, peers, cap)


def udp(vip, port, n, dev):
    cap = Capture(dev, socket.IPPROTO_UDP)
    names, peers, failed = {}, set(), 0
    for i in range(n):
        s = socket.socket(family_of(vip), socket.SOCK_DGRAM)
        s.settimeout(5)
        try:
            s.sendto(b'x', (vip, port))
            data, src = s.recvfrom(2048)
            name, peer = data.decode().split()
            peers.add(peer)
            names[name] = names.get(name, 0) + 1
        except (OSError, ValueError):
            failed += 1
        s.close()
    time.sleep(0.5)
    cap.drain()
    report(names, 0, failed, peers, cap)


def talk(vip, port, n, d, gap):
    lo, _, hi = gap.partition('-')
    lo, hi = float(lo), float(hi or lo)
    slow = float(os.environ.get('ZGC_SLOW', '1'))
    conns = [socket.create_connection((vip, port), timeout=30)
             for _ in range(n)]
    print('connected', n, flush=True)
    result = [None] * n

    def run(i):
        c = conns[i]
        f = c.makefile('rb')
        first = last = '-'
        status = 'ok'
        try:
            while True:
                c.sendall(b'line\n')
                answer = f.readline().decode().split()
                if not answer:
                    status = 'eof'
                    break
                last = answer[0]
                if first == '-':
                    first = last
                if os.path.exists(os.path.join(d, 'stop')):
                    break
                time.sleep(random.uniform(lo, hi) * slow)
        except ConnectionResetError:
            status = 'reset'
        except socket.timeout:
            status = 'timeout'
        except OSError:
            status = 'error'
        result[i] = '%d %s %s %s' % (i, first, last, status)
        c.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for r in result:
        print(r)


def once(vip, port, d):
    c = socket.create_connection((vip, port), timeout=10)
    f = c.makefile('rb')
    c.sendall(b'x\n')
    print(f.readline().decode().split()[0], flush=True)
    open(os.path.join(d, 'step'), 'w').close()
    while not os.path.exists(os.path.join(d, 'go')):
        time.sleep(0.1)
    try:
        c.sendall(b'y\n')
        answer = f.readline().decode().split()
        print(answer[0] if answer else 'eof')
    except ConnectionResetError:
        print('reset')


def main():
    cmd = sys.argv[1]
    if cmd == 'serve':
        serve(sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5])
    elif cmd == 'clients':
        clients(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5])
    elif cmd == 'talk':
        talk(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5],
             sys.argv[6])
    elif cmd == 'once':
        once(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    elif cmd == 'udp':
        udp(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5])
    else:
        sys.exit('unknown command ' + cmd)


if __name__ == '__main__':
    main()
