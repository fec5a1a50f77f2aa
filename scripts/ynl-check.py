#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Validate a YNL netlink spec without a kernel.

The kernel's tools/net/ynl/cli.py --list-ops validates a spec against its
schema too, but it first asks the kernel for the family's id and fails
where the family is not registered (zgc not loaded: a build host). This
loads the spec with the same library (tools/net/ynl/lib/nlspec.py), which
validates it against the schema (python3-jsonschema) and resolves every
reference (attribute sets, enums, operations), then lists the operations
and notifications as cli.py --list-ops and --list-msgs do.

  scripts/ynl-check.py [--spec FILE] [--ksrc DIR] [--schema FILE]

FILE defaults to Documentation/netlink/specs/zgc.yaml, DIR to
$ZGC_CACHE/linux-source-6.12 (scripts/kernel.sh source extracts it), the
schema to DIR/Documentation/netlink/<the spec's protocol>.yaml.
"""

import argparse
import os
import sys

import yaml

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    cache = os.environ.get('ZGC_CACHE',
                           os.path.expanduser('~/.cache/zgc'))
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--spec', default=os.path.join(
        TOP, 'Documentation/netlink/specs/zgc.yaml'))
    parser.add_argument('--ksrc',
                        default=os.path.join(cache, 'linux-source-6.12'))
    parser.add_argument('--schema')
    args = parser.parse_args()

    ynl = os.path.join(args.ksrc, 'tools/net/ynl')
    if not os.path.isfile(os.path.join(ynl, 'lib/nlspec.py')):
        sys.exit(f'ynl-check: no {ynl}/lib/nlspec.py: '
                 'scripts/kernel.sh source extracts the kernel source')
    sys.dont_write_bytecode = True
    sys.path.insert(0, ynl)
    from lib.nlspec import SpecFamily  # pylint: disable=import-outside-toplevel

    schema = args.schema
    if not schema:
        with open(args.spec, encoding='utf-8') as f:
            proto = yaml.safe_load(f).get('protocol', 'genetlink')
        schema = os.path.join(args.ksrc,
                              f'Documentation/netlink/{proto}.yaml')
    try:
        family = SpecFamily(args.spec, schema)
    except Exception as e:  # pylint: disable=broad-except
        # jsonschema's ValidationError says where; others what is missing.
        sys.exit(f'ynl-check: {args.spec}: {type(e).__name__}: {e}')

    for name, op in family.ops.items():
        print(name, ' [', ', '.join(sorted(op.modes)), ']')
    for name, op in family.ntfs.items():
        print(name, ' [', ', '.join(sorted(op.modes)), ']')
    print(f'ynl-check: {args.spec} is valid against {schema}: '
          f'{len(family.ops)} operations, {len(family.ntfs)} notifications, '
          f'{len(family.attr_sets)} attribute sets', file=sys.stderr)


if __name__ == '__main__':
    main()
