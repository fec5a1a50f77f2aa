#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Draw the demo's cluster as an SVG picture (scripts/demo.sh).

  demo_picture.py SNAPSHOT.json OUT.svg

SNAPSHOT (demo.sh's snapshot()) holds the cluster as one node sees it
(`zgcctl -j cluster show`: its nodes' states and the chains) and, for
each node, its role, whether the demo killed it, its counters (`zgcctl
-j stats`), its DFT entries (`zgcctl -j dft show`) and how many flows it
caches. The picture shows the compute hosts and their tenants'
instances, the FWDs, each chain from head to tail with the nodes
declared dead crossed out, which FTN holds the entries of which flow
(a dot per replica, in the tenant's colour), and every counter that is
not zero, node by node. Only the standard library: no dependency to
install.
"""

import json
import sys
from xml.sax.saxutils import escape

TENANTS = {100: ('blue', '#2166ac'), 200: ('red', '#b2182b')}
GREY = '#888888'
W = 1280
ROW = 16


class Svg:
    def __init__(self):
        self.parts = []

    def add(self, s):
        self.parts.append(s)

    def text(self, x, y, s, size=12, anchor='start', fill='#000',
             weight='normal', family='sans-serif'):
        self.add(f'<text x="{x}" y="{y}" font-size="{size}" '
                 f'font-family="{family}" text-anchor="{anchor}" '
                 f'font-weight="{weight}" fill="{fill}">{escape(str(s))}</text>')

    def rect(self, x, y, w, h, fill='#fff', stroke='#333', dash=None, rx=6):
        d = f' stroke-dasharray="{dash}"' if dash else ''
        self.add(f'<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="{rx}" '
                 f'fill="{fill}" stroke="{stroke}"{d}/>')

    def line(self, x1, y1, x2, y2, stroke='#333', width=1.5, dash=None,
             arrow=False):
        d = f' stroke-dasharray="{dash}"' if dash else ''
        a = ' marker-end="url(#arrow)"' if arrow else ''
        self.add(f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" '
                 f'stroke="{stroke}" stroke-width="{width}"{d}{a}/>')

    def circle(self, x, y, r, fill, hollow=False):
        paint = f'fill="#fff" stroke="{fill}" stroke-width="2"' if hollow \
            else f'fill="{fill}"'
        self.add(f'<circle cx="{x}" cy="{y}" r="{r}" {paint}/>')

    def cross(self, x, y, w, h):
        self.line(x, y, x + w, y + h, '#d00', 2.5)
        self.line(x + w, y, x, y + h, '#d00', 2.5)

    def write(self, path, height):
        head = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" '
                f'height="{height}" viewBox="0 0 {W} {height}">\n'
                '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" '
                'refY="5" markerWidth="7" markerHeight="7" '
                'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" '
                'fill="#333"/></marker></defs>\n'
                f'<rect width="{W}" height="{height}" fill="#fdfdfd"/>\n')
        with open(path, 'w') as f:
            f.write(head + '\n'.join(self.parts) + '\n</svg>\n')


def flow_key(e):
    return (e['vni'], e['proto'], e['src'], e['sport'], e['dst'], e['dport'])


def flow_order(k):
    """A connection's two directions side by side, tenant by tenant."""
    vni, proto, src, sport, dst, dport = k
    ends = sorted([(src, sport), (dst, dport)])
    return (vni, proto, ends, (src, sport) != ends[0])


def flow_name(k):
    vni, proto, src, sport, dst, dport = k
    return f'{proto} {src}:{sport} > {dst}:{dport}'


def colour(vni):
    return TENANTS.get(vni, ('vni %d' % vni, '#555'))[1]


def hosts(svg, y0):
    """The compute hosts and their instances: demo.sh's, H1 and H2, each
    with an instance of each tenant at 10.1.0.1N."""
    boxes = {}
    for i, (name, addr) in enumerate((('H1', '192.0.2.11'),
                                      ('H2', '192.0.2.12'))):
        y = y0 + i * 130
        svg.rect(20, y, 210, 110, '#f4f4f4')
        svg.text(30, y + 18, f'compute host {name}', 13, weight='bold')
        svg.text(30, y + 34, f'{addr}, stock Geneve', 11, fill='#444')
        for j, (vni, (tname, col)) in enumerate(TENANTS.items()):
            yy = y + 52 + j * 26
            svg.rect(36, yy - 14, 178, 20, '#fff', col, rx=3)
            svg.text(44, yy, f'{tname} 10.1.0.1{i + 1}  VNI {vni}', 11,
                     fill=col)
        boxes[name] = (230, y + 55)
    return boxes


def node_box(svg, x, y, w, h, node, state, lines):
    killed = node['killed']
    dead = state == 'dead'
    svg.rect(x, y, w, h, '#eee' if killed else '#fff',
             '#d00' if dead else '#333')
    svg.text(x + 8, y + 17, f"{node['name']}  {node['role'].upper()} "
             f"10.9.0.{node['id']}", 13, weight='bold',
             fill=GREY if killed else '#000')
    svg.text(x + w - 8, y + 17, state, 11, 'end',
             '#d00' if dead else '#1a7f37')
    for i, (s, col) in enumerate(lines):
        svg.text(x + 8, y + 34 + i * 14, s, 11, fill=col)
    if killed:
        svg.cross(x, y, w, h)
        svg.text(x + w / 2, y + h + 14, 'lost power (the demo killed it)',
                 11, 'middle', '#d00')


def main():
    snap = json.load(open(sys.argv[1]))
    view = snap['view']
    states = {n['id']: n.get('state', '?') for n in view['nodes']}
    nodes = {n['name']: n for n in snap['nodes']}
    svg = Svg()
    svg.text(20, 28, snap['title'], 18, weight='bold')
    svg.text(20, 46, f"cluster {view['cluster']}, epoch {view['epoch']}, "
             f"as node {view['self']} sees it; probe_ms "
             f"{view.get('probe_ms', '?')}, suspect_ms "
             f"{view.get('suspect_ms', '?')}", 12, fill='#444')

    y0 = 70
    hb = hosts(svg, y0 + 10)

    # The FWDs, which the router R spreads the tunnels over.
    svg.rect(262, y0 + 95, 60, 60, '#f4f4f4')
    svg.text(292, y0 + 122, 'R', 14, 'middle', weight='bold')
    svg.text(292, y0 + 140, 'ECMP', 10, 'middle', fill='#444')
    for name, (x, y) in hb.items():
        svg.line(x, y, 262, y0 + 125)
    fwds = [n for n in snap['nodes'] if n['role'] == 'fwd']
    for i, n in enumerate(fwds):
        y = y0 + 10 + i * 130
        lines = [(f"{n['flows']} flows cached", '#000'),
                 (f"{n['stats'].get('flow_hit', 0)} hits, "
                  f"{n['stats'].get('flow_miss', 0)} misses", '#000'),
                 (f"{n['stats'].get('dft_lookup', 0)} lookups sent "
                  'to chains', '#000')]
        node_box(svg, 360, y, 210, 90, n, states.get(n['id'], '?'), lines)
        svg.line(322, y0 + 125, 360, y + 45,
                 dash='5,4' if n['killed'] else None)
        svg.line(570, y + 45, 620, y0 + 125, '#999', 1, '2,3')
    svg.text(625, y0 + 118, 'cluster network', 10, fill='#444')
    svg.text(625, y0 + 130, '10.9.0.0/24', 10, fill='#444')

    # The chains, head to tail; each FTN with the entries it holds.
    x0 = 720
    by_chain = {}
    for n in snap['nodes']:
        for e in n['entries']:
            by_chain.setdefault((n['name'], e['chain']), []).append(e)
    for i, ch in enumerate(view['chains']):
        y = y0 + 10 + i * 130
        live = [m for m in ch['nodes'] if states.get(m) != 'dead']
        svg.text(x0, y - 2, f"chain {ch['id']}: "
                 + ' -> '.join(f'N{m}' for m in ch['nodes'])
                 + ('' if len(live) == len(ch['nodes']) else
                    '; serving: ' + ' -> '.join(f'N{m}' for m in live)),
                 12, weight='bold')
        for j, m in enumerate(ch['nodes']):
            n = nodes.get(f'N{m}')
            if n is None:
                continue
            x = x0 + j * 270
            mine = by_chain.get((n['name'], ch['id']), [])
            lines = [('head' if j == 0 else 'tail' if
                      j == len(ch['nodes']) - 1 else 'middle', '#444')]
            for vni, (tname, col) in TENANTS.items():
                k = sum(1 for e in mine if e['vni'] == vni)
                lines.append((f'{k} {tname} entries of chain {ch["id"]}',
                              col))
            other = len(n['entries']) - len(mine)
            if other:
                lines.append((f'{other} entries of other chains', '#444'))
            node_box(svg, x, y + 6, 220, 90, n, states.get(m, '?'), lines)
            if j:
                svg.line(x - 50, y + 51, x, y + 51, arrow=True)

    # Below: the counters, node by node, and where each flow lives.
    y1 = y0 + 300
    names = [n['name'] for n in snap['nodes']]
    counters = sorted({k for n in snap['nodes'] for k, v in n['stats'].items()
                       if isinstance(v, int) and v and k != 'ifindex'})
    svg.text(20, y1, 'counters (zgcctl stats; those not zero)', 13,
             weight='bold')
    cx = [200 + 70 * i for i in range(len(names))]
    for x, name in zip(cx, names):
        svg.text(x, y1 + 20, name, 12, 'end', weight='bold')
    for r, k in enumerate(counters):
        y = y1 + 36 + r * ROW
        if r % 2 == 0:
            svg.rect(16, y - 12, cx[-1] - 8, ROW, '#f0f0f0', 'none', rx=0)
        svg.text(20, y, k, 11, family='monospace')
        for x, name in zip(cx, names):
            v = nodes[name]['stats'].get(k, 0)
            svg.text(x, y, v if v else '', 11, 'end', family='monospace')

    flows = {}
    for n in snap['nodes']:
        for e in n['entries']:
            flows.setdefault(flow_key(e), {})[n['name']] = e
    ftns = [n['name'] for n in snap['nodes'] if n['role'] == 'ftn']
    fx = 640
    svg.text(fx, y1, f'where the flows\' entries live ({len(flows)} flows; '
             'a dot: that FTN holds an entry)', 13, weight='bold')
    dx = [fx + 360 + 48 * i for i in range(len(ftns))]
    for x, name in zip(dx, ftns):
        svg.text(x, y1 + 20, name, 12, 'middle', weight='bold')
    svg.text(dx[-1] + 40, y1 + 20, 'chain', 12, weight='bold')
    shown = sorted(flows, key=flow_order)[:64]
    for r, k in enumerate(shown):
        y = y1 + 36 + r * ROW
        if r % 2 == 0:
            svg.rect(fx - 4, y - 12, dx[-1] + 90 - fx, ROW, '#f0f0f0',
                     'none', rx=0)
        svg.text(fx, y, flow_name(k), 11, fill=colour(k[0]),
                 family='monospace')
        chains = set()
        for x, name in zip(dx, ftns):
            e = flows[k].get(name)
            if e:
                svg.circle(x, y - 4, 5, colour(k[0]) if e['state'] not in
                           ('closing', 'moved') else GREY,
                           nodes[name]['killed'])
                chains.add(e['chain'])
        svg.text(dx[-1] + 40, y, ','.join(map(str, sorted(chains))), 11,
                 family='monospace')
    more = len(flows) - len(shown)
    rows = max(len(counters), len(shown) + (1 if more else 0))
    if more:
        svg.text(fx, y1 + 36 + len(shown) * ROW, f'and {more} more', 11,
                 fill='#444')
    y2 = y1 + 50 + rows * ROW
    svg.text(20, y2, 'blue: tenant VNI 100; red: tenant VNI 200; grey dot: '
             'the entry of a closed connection or of a flow that moved',
             11, fill='#444')
    svg.text(20, y2 + 16, 'hollow dot: held by a node that lost power (its '
             'chain serves the flow from the other replica); red cross: a '
             'node that lost power', 11, fill='#444')
    svg.write(sys.argv[2], y2 + 32)


if __name__ == '__main__':
    main()
