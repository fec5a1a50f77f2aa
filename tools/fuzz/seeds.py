#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
# seeds.py DIR: valid inputs for the fuzz targets, from dft_msg.py.
import importlib.util
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location(
    "dft_msg", os.path.join(HERE, "../../selftests/dft_msg.py"))
dft_msg = importlib.util.module_from_spec(spec)
spec.loader.exec_module(dft_msg)

specs = ["", "op=2", "op=3,verdict=1/0/02:00:0a:01:00:12/00:00:00:00:00:00/192.0.2.12",
         "key=000102030405060708090a0b0c0d0e0f", "op=6,view=3",
         "op=3,flags=64,verdict=1/1/02:00:0a:01:00:12/02:00:00:00:02:00/192.0.2.12",
         "op=2,verdict=1/16/02:00:0a:01:00:12/00:00:00:00:00:00/192.0.2.12/0/10.1.0.13/8080"]
for i, s in enumerate(specs):
    pkt = dft_msg.message(s, "10.9.0.1")[0]
    optlen = (pkt[0] & 0x3F) * 4
    opts = pkt[8:8 + optlen]
    with open(os.path.join(sys.argv[1], "fuzz_msg", "seed%d" % i), "wb") as f:
        # The DFT option's data (a service's verdict has the NAT option after).
        f.write(opts[4:4 + (opts[3] & 0x1F) * 4])
    with open(os.path.join(sys.argv[1], "fuzz_geneve", "seed%d" % i), "wb") as f:
        f.write(opts + struct.pack("!HBB", 0x0102, 0x05, 1) + b"\0" * 4)
