#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""TCP transfers, each checked by its SHA-256 (traffic.sh, demo.sh).

transfer.py serve ADDR PORT
    Takes one connection on ADDR, PORT. Prints 'listening', then, once
    the client is done: 'peer ADDR' (the client's address as the server
    saw it), 'got SHA' (of what the client sent) and 'sent SHA' (of what
    it sent back).
transfer.py fetch ADDR PORT UP DOWN
    Connects to ADDR, PORT; sends UP random bytes and asks for DOWN; reads
    them to the end. Prints 'sent SHA' and 'got SHA', and the address the
    answers came from: 'from ADDR'.
transfer.py sink ADDR PORT
    Takes one connection on ADDR, PORT and reads it to its end. Prints
    'listening', then 'SHA BYTES' of what it got.
Each side sends in 64 kB writes: the packets are as big as TCP makes them.
"""

import hashlib
import os
import socket
import struct
import sys

TIMEOUT_S = 120
HEADER = struct.Struct('!QQ')


def family(addr):
    return socket.AF_INET6 if ':' in addr else socket.AF_INET


def recv_exactly(c, n, h):
    while n:
        b = c.recv(min(n, 1 << 16))
        if not b:
            raise ConnectionError('short by %d bytes' % n)
        h.update(b)
        n -= len(b)


def send_random(c, n):
    h = hashlib.sha256()
    while n:
        b = os.urandom(min(n, 1 << 16))
        c.sendall(b)
        h.update(b)
        n -= len(b)
    return h.hexdigest()


def accept_one(addr, port):
    """Listens on ADDR, PORT, says so, and takes one connection."""
    s = socket.socket(family(addr))
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, port))
    s.listen(1)
    print('listening', flush=True)
    c, peer = s.accept()
    c.settimeout(TIMEOUT_S)
    return c, peer


def serve(addr, port):
    c, peer = accept_one(addr, port)
    head = b''
    while len(head) < HEADER.size:
        b = c.recv(HEADER.size - len(head))
        if not b:
            raise ConnectionError('no header')
        head += b
    up, down = HEADER.unpack(head)
    got = hashlib.sha256()
    recv_exactly(c, up, got)
    sent = send_random(c, down)
    c.close()
    print('peer %s' % peer[0], flush=True)
    print('got %s' % got.hexdigest(), flush=True)
    print('sent %s' % sent, flush=True)


def sink(addr, port):
    c, _ = accept_one(addr, port)
    h, n = hashlib.sha256(), 0
    while True:
        b = c.recv(1 << 16)
        if not b:
            break
        h.update(b)
        n += len(b)
    c.close()
    print(h.hexdigest(), n, flush=True)


def fetch(addr, port, up, down):
    c = socket.create_connection((addr, port), timeout=TIMEOUT_S)
    c.sendall(HEADER.pack(up, down))
    sent = send_random(c, up)
    got = hashlib.sha256()
    recv_exactly(c, down, got)
    if c.recv(1):
        raise ConnectionError('more than asked for')
    print('sent %s' % sent, flush=True)
    print('got %s' % got.hexdigest(), flush=True)
    print('from %s' % c.getpeername()[0], flush=True)
    c.close()


if __name__ == '__main__':
    if sys.argv[1] == 'serve':
        serve(sys.argv[2], int(sys.argv[3]))
    elif sys.argv[1] == 'sink':
        sink(sys.argv[2], int(sys.argv[3]))
    elif sys.argv[1] == 'fetch':
        fetch(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]),
              int(sys.argv[5]))
    else:
        sys.exit('usage: transfer.py serve ADDR PORT | '
                 'fetch ADDR PORT UP DOWN | sink ADDR PORT')
