#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Many long TCP connections, each exchanging a checked line every GAP s
(or at random intervals in a range).

  tcp_conns.py serve ADDR PORT
      echoes every connection's bytes back until it ends; prints
      "listening" once bound.
  tcp_conns.py talk ADDR PORT N DIR [GAP]
      opens N connections to ADDR:PORT, prints "connected N", then each
      sends a numbered line and reads it back, again and again, GAP
      seconds apart (0.2; MIN-MAX: a random time in that range). When the
      file DIR/mark appears, each notes how many lines it has exchanged;
      once DIR/stop appears too, each stops when it has exchanged 3
      lines after the mark, and the program prints a line per broken
      one, "longest stall T s" (the longest a line took to come back, on
      any connection) and "survived S of N" (S: the connections with no
      error; a line that does not come back within TALK_S (60 s) is
      one), and closes them all. Every line that took over
      STALL_S (0.25 s) to come back is also written to DIR/stalls, as
      "END_MS SECONDS" (END_MS: when it came back, ms since the epoch).
  tcp_conns.py hold ADDR PORT N DIR NAME SPORT
      opens N connections to ADDR:PORT from source ports SPORT to
      SPORT + N - 1, exchanges a line on each, prints "held N", and
      waits for the file DIR/NAME (a line on each every HOLD_LINE_S,
      5 s, meanwhile); then ends them all at once (a FIN
      each), waits for each one's end from the other side (its FIN),
      and prints "ended E of N".
  tcp_conns.py open ADDR PORT DIR
      opens a new connection after another, GAP_S (0.1 s) apart, each
      sending a line and reading it back within OPEN_S (5 s), until the
      file DIR/stop appears; then prints a line per failed one, and
      "opened N failed F slowest T s".

In a guest ZGC_SLOW times slower than one of a release kernel (the
debug lane's sanitizers: scripts/check.sh sets it), the gaps are that
many times longer: the same connections and checks, with a load that
leaves the guest's vCPU time for the nodes' own timers.
"""

import os
import random
import socket
import sys
import threading
import time


def serve(addr, port):
    family = socket.AF_INET6 if ':' in addr else socket.AF_INET
    s = socket.socket(family)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, port))
    s.listen(256)
    print('listening', flush=True)

    def echo(c):
        c.settimeout(120)
        try:
            while True:
                b = c.recv(4096)
                if not b:
                    break
                c.sendall(b)
        except OSError:
            pass
        c.close()

    while True:
        c, _ = s.accept()
        threading.Thread(target=echo, args=(c,), daemon=True).start()


STALL_S = 0.25
SLOW = max(1.0, float(os.environ.get('ZGC_SLOW') or 1))
# Lines each connection exchanges after the mark, to have survived.
AFTER_MARK = 3
# A connection whose line has not come back for this long is broken. TCP
# retransmits with a backoff from its round-trip time, which a loaded
# debug guest stretches to seconds: a connection that lost a few
# segments while a node died may wait half a minute for the next
# retransmission, and then goes on (the longest stall tells).
TALK_S = 60


def talk(addr, port, n, where, gap):
    lo, _, hi = gap.partition('-')
    lo = float(lo) * SLOW
    hi = float(hi) * SLOW if hi else lo
    conns = [socket.create_connection((addr, port), timeout=TALK_S)
             for _ in range(n)]
    print('connected %d' % n, flush=True)
    mark = os.path.join(where, 'mark')
    stop = os.path.join(where, 'stop')
    done = [0] * n
    at_mark = [None] * n
    errors = [None] * n
    stall = [0.0] * n
    stalls = []

    def run(i):
        c = conns[i]
        f = c.makefile('rb')
        try:
            while True:
                if at_mark[i] is None and os.path.exists(mark):
                    at_mark[i] = done[i]
                if (at_mark[i] is not None and
                        done[i] - at_mark[i] >= AFTER_MARK and
                        os.path.exists(stop)):
                    break
                line = b'%d %d\n' % (i, done[i])
                sent = time.monotonic()
                c.sendall(line)
                got = f.readline()
                took = time.monotonic() - sent
                stall[i] = max(stall[i], took)
                if took > STALL_S:
                    stalls.append((time.time(), took))
                if got != line:
                    raise ValueError('echo %r, not %r' % (got, line))
                done[i] += 1
                time.sleep(random.uniform(lo, hi))
        except (OSError, ValueError) as e:
            errors[i] = '%s after %d lines' % (e, done[i])

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    survived = 0
    for i in range(n):
        if errors[i]:
            print('connection %d: %s' % (i, errors[i]))
        else:
            survived += 1
    with open(os.path.join(where, 'stalls'), 'w') as s:
        for end, took in sorted(stalls):
            s.write('%d %.3f\n' % (end * 1000, took))
    print('longest stall %.2f s' % max(stall))
    print('survived %d of %d' % (survived, n), flush=True)
    for c in conns:
        c.close()


# How often held connections exchange a line while they wait.
HOLD_LINE_S = 5


def hold(addr, port, n, where, name, sport):
    conns = []
    for i in range(n):
        c = socket.socket(socket.AF_INET6 if ':' in addr else socket.AF_INET)
        c.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        c.settimeout(TALK_S)
        c.bind(('', sport + i))
        c.connect((addr, port))
        c.sendall(b'held\n')
        if c.makefile('rb').readline() != b'held\n':
            raise ValueError('connection %d: no echo' % i)
        conns.append(c)
    print('held %d' % n, flush=True)
    gate = os.path.join(where, name)
    last = time.monotonic()
    while not os.path.exists(gate):
        # A line now and then, or the server ends an idle connection.
        if time.monotonic() - last > HOLD_LINE_S:
            for c in conns:
                c.sendall(b'held\n')
                c.makefile('rb').readline()
            last = time.monotonic()
        time.sleep(0.02)
    for c in conns:
        c.shutdown(socket.SHUT_WR)
    ended = 0
    for c in conns:
        try:
            if c.recv(4096) == b'':
                ended += 1
        except OSError:
            pass
        c.close()
    print('ended %d of %d' % (ended, n), flush=True)


OPEN_S = 5
GAP_S = 0.1


def opener(addr, port, where):
    stop = os.path.join(where, 'stop')
    opened = failed = 0
    slowest = 0.0
    while not os.path.exists(stop):
        line = b'new %d\n' % opened
        start = time.monotonic()
        try:
            with socket.create_connection((addr, port), timeout=OPEN_S) as c:
                c.sendall(line)
                got = c.makefile('rb').readline()
                if got != line:
                    raise ValueError('echo %r, not %r' % (got, line))
        except (OSError, ValueError) as e:
            failed += 1
            print('connection %d: %s' % (opened, e), flush=True)
        slowest = max(slowest, time.monotonic() - start)
        opened += 1
        time.sleep(GAP_S * SLOW)
    print('opened %d failed %d slowest %.2f s' % (opened, failed, slowest),
          flush=True)


if __name__ == '__main__':
    if sys.argv[1] == 'serve':
        serve(sys.argv[2], int(sys.argv[3]))
    elif sys.argv[1] == 'hold':
        hold(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5],
             sys.argv[6], int(sys.argv[7]))
    elif sys.argv[1] == 'open':
        opener(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    else:
        talk(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5],
             sys.argv[6] if len(sys.argv) > 6 else '0.2')
