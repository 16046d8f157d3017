"""The actor network: which nodes and edges are drawn, and the drawing itself."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from .labels import ChartLabels, _default_labels
from .layout import _fit, _layout, _radial_layout, _radii, _rooms, _separate
from .placement import PlacedLabel, Segment, _place_labels
from .svg import (EDGE, GROUP_ORDER, INK, PAPER, RING_GAP, Box, PlacedNode, _chart_id, _colour_of, _e, _n,
                  _shape_of, _shape_svg, _svg_open, _text, _title_desc, text_width, MUTED)  # fmt: skip


@dataclass(frozen=True, slots=True)
class NetNode:
    """An actor: ``weight`` = mentions, ``group`` = kind (person/organisation/country/armed_group)."""

    id: str
    label: str
    weight: int
    href: str
    group: str


@dataclass(frozen=True, slots=True)
class NetEdge:
    """Two actors named together; ``weight`` = articles naming both. Undirected."""

    a: str
    b: str
    weight: int


@dataclass(frozen=True, slots=True)
class NetworkChart:
    """The network drawing and what was left out of it (for the page to say so)."""

    svg: str
    shown: tuple[str, ...]  # node ids drawn, heaviest first
    omitted_nodes: int  # input nodes not drawn
    omitted_edges: int  # distinct input pairs not drawn
    edges_shown: int
    nodes: tuple[PlacedNode, ...]
    labels: tuple[PlacedLabel, ...]  # labels drawn
    hidden_labels: tuple[str, ...]  # node ids drawn without a visible label (none, unless the highlighted one)
    height: float = 0.0  # the drawing's height above the legend (the canvas grows to fit every label)


NOTE_SIZE = 12.5  # the legend's note under a network
GROW, GROW_ROUNDS = 0.3, 3  # a network canvas grows 30% taller, up to 3 times, to find room for every label
EMPTY_NETWORK = NetworkChart("", (), 0, 0, 0, (), (), ())


def _by_weight(node: NetNode) -> tuple[int, str]:
    return (-node.weight, node.id)


def _index_nodes(nodes: Iterable[NetNode]) -> dict[str, NetNode]:
    index: dict[str, NetNode] = {}
    for node in nodes:
        if node.id in index:
            raise ValueError(f"duplicate node id {node.id!r}")
        index[node.id] = node
    return index


def _merge_edges(edges: Iterable[NetEdge]) -> dict[tuple[str, str], int]:
    """Distinct undirected pairs (no self-loops), each with the largest weight given for it."""
    pairs: dict[tuple[str, str], int] = {}
    for e in edges:
        if e.a != e.b:
            key = (e.a, e.b) if e.a < e.b else (e.b, e.a)
            pairs[key] = max(pairs.get(key, 0), e.weight)
    return pairs


def _select_nodes(index: Mapping[str, NetNode], max_nodes: int, highlight: str | None) -> list[NetNode]:
    """The ``max_nodes`` heaviest nodes (ties by id); the highlighted node always among them."""
    ranked = sorted(index.values(), key=_by_weight)
    chosen = ranked[: max(max_nodes, 1)]
    if highlight is not None and index[highlight] not in chosen:
        chosen = [*chosen[:-1], index[highlight]]
    return sorted(chosen, key=_by_weight)


def _select_edges(
    pairs: Mapping[tuple[str, str], int], shown: set[str], per_node: int, budget: int, highlight: str | None
) -> list[tuple[str, str, int]]:
    """Edges worth drawing: each node's ``per_node`` strongest, every edge of the highlighted node,
    then the strongest of the rest until ``budget`` edges are drawn. Strongest first."""
    ranked = sorted(
        ((a, b, w) for (a, b), w in pairs.items() if a in shown and b in shown and w > 0),
        key=lambda e: (-e[2], e[0], e[1]),
    )
    keep: dict[tuple[str, str], int] = {}
    taken: dict[str, int] = defaultdict(int)
    for a, b, w in ranked:
        if taken[a] < per_node or taken[b] < per_node or highlight in (a, b):
            keep[(a, b)] = w
            taken[a] += 1
            taken[b] += 1
    for a, b, w in ranked:
        if len(keep) >= budget:
            break
        keep.setdefault((a, b), w)
    return sorted(((a, b, w) for (a, b), w in keep.items()), key=lambda e: (-e[2], e[0], e[1]))


def _edges_svg(
    edges: Sequence[tuple[str, str, int]], placed: Mapping[str, PlacedNode], index: Mapping[str, NetNode],
    labels: ChartLabels,
) -> list[str]:  # fmt: skip
    """Lines, weakest first (strong ones on top); width scales linearly from 0.8 to 6 with weight."""
    if not edges:
        return []
    lo, hi = min(e[2] for e in edges), max(e[2] for e in edges)
    out = [f'<g class="edges" stroke="{EDGE}" stroke-linecap="round" stroke-opacity="0.55">']
    for a, b, w in reversed(edges):
        width = _edge_width(w, lo, hi)
        pa, pb = placed[a], placed[b]
        tip = labels.edge_title.format(a=index[a].label, b=index[b].label, count=labels.count(labels.articles, w))
        out.append(f'<line x1="{_n(pa.x)}" y1="{_n(pa.y)}" x2="{_n(pb.x)}" y2="{_n(pb.y)}"'
                   f' stroke-width="{_n(width)}"><title>{_e(tip)}</title></line>')  # fmt: skip
    out.append("</g>")
    return out


def _nodes_svg(
    shown: Sequence[NetNode], placed: Mapping[str, PlacedNode], labels: ChartLabels, highlight: str | None
) -> list[str]:
    """Each node a link with a tooltip; heavy nodes first so that light ones stay on top and clickable."""
    out = ['<g class="nodes">']
    for node in shown:
        p = placed[node.id]
        tip = labels.node_title.format(
            label=node.label, group=labels.group_member(node.group), count=labels.count(labels.mentions, node.weight)
        )
        ring = ""
        if node.id == highlight:
            ring = (f'<circle cx="{_n(p.x)}" cy="{_n(p.y)}" r="{_n(p.reach + RING_GAP)}" fill="none" stroke="{INK}"'
                    ' stroke-width="2"/>')  # fmt: skip
        out.append(f'<a href="{_e(node.href)}"><title>{_e(tip)}</title>{ring}{_shape_svg(p)}</a>')
    out.append("</g>")
    return out


def _labels_svg(placed_labels: Sequence[PlacedLabel], index: Mapping[str, NetNode], highlight: str | None,
                rtl: bool) -> list[str]:  # fmt: skip
    """Label texts on top of everything, with a paper-coloured halo, each pinned to the side of its box
    by its node; links too, but out of the tab order. A label set apart has its leader line first."""
    out = [f'<g class="labels" fill="{INK}" stroke="{PAPER}" stroke-width="3.5" stroke-linejoin="round" paint-order="stroke">']
    for label in placed_labels:
        box = label.box
        weight = ' font-weight="bold"' if label.id == highlight else ""
        x = {"left": box.x + 2, "right": box.right - 2}.get(label.anchor, box.x + box.width / 2)
        anchor = {"left": "end" if rtl else "start", "right": "start" if rtl else "end"}.get(label.anchor, "middle")
        leader = ""
        if label.leader is not None:
            s = label.leader
            leader = (f'<line class="leader" x1="{_n(s.x1)}" y1="{_n(s.y1)}" x2="{_n(s.x2)}" y2="{_n(s.y2)}"'
                      f' stroke="{INK}" stroke-width="1" stroke-dasharray="1.5 2.5"/>')  # fmt: skip
        text = (f'<text x="{_n(x)}" y="{_n(box.y + box.height / 2)}"'
                f' font-size="{_n(label.font_size)}" text-anchor="{anchor}" dominant-baseline="central"{weight}>'
                f"{_e(label.text)}</text>")  # fmt: skip
        out.append(f'<a href="{_e(index[label.id].href)}" tabindex="-1" aria-hidden="true">{leader}{text}</a>')
    out.append("</g>")
    return out


def _legend_items(groups: Iterable[str], labels: ChartLabels) -> list[tuple[str, str]]:
    present = set(groups)
    ordered = [g for g in GROUP_ORDER if g in present] + sorted(present - set(GROUP_ORDER))
    return [(g, labels.group_name(g)) for g in ordered]


def _legend_svg(items: Sequence[tuple[str, str]], labels: ChartLabels, width: float, y: float) -> tuple[list[str], float]:
    """Rows of (mark, name) from the reading-start side, wrapping when full, then the encoding note.

    Returns the markup and the height used below ``y``.
    """
    size, mark, gap, margin = 14.0, 7.0, 24.0, 12.0
    sign = -1 if labels.rtl else 1  # the direction in which the row grows
    start = width - margin if labels.rtl else margin
    out = ['<g class="legend">']
    x, row_y = start, y + 12
    for group, name in items:
        name_width = text_width(name, size)
        item_width = 2 * mark + 6 + name_width
        if x != start and not margin <= x + sign * item_width <= width - margin:
            x, row_y = start, row_y + 24
        node = PlacedNode(group, x + sign * mark, row_y, mark, _shape_of(group), _colour_of(group))
        out.append(_shape_svg(node) + _text(x + sign * (2 * mark + 6 + name_width / 2), row_y, name, size))
        x += sign * (item_width + gap)
    note_y = row_y + 24
    for line in _wrap(labels.encoding_note, NOTE_SIZE, width - 2 * margin):
        out.append(_text(width / 2, note_y, line, NOTE_SIZE, MUTED))
        note_y += NOTE_SIZE * 1.6
    out.append("</g>")
    return out, note_y - NOTE_SIZE * 1.6 + 14 - y


def _wrap(text: str, size: float, room: float) -> list[str]:
    """``text`` in lines that fit ``room`` at ``size`` px: broken at « · » first, then at spaces (a
    narrow chart wraps its note rather than shrinking it below a readable size)."""
    lines: list[str] = []
    for part in text.split(" · "):
        joined = f"{lines[-1]} · {part}" if lines else part
        if lines and text_width(joined, size) <= room:
            lines[-1] = joined
            continue
        line = ""
        for word in part.split(" "):
            longer = f"{line} {word}" if line else word
            if line and text_width(longer, size) > room:
                lines.append(line)
                line = word
            else:
                line = longer
        lines.append(line)
    return lines


def network_svg(
    nodes: Sequence[NetNode],
    edges: Sequence[NetEdge],
    *,
    title: str,
    desc: str,
    max_nodes: int = 60,
    highlight: str | None = None,
    labels: ChartLabels | None = None,
    per_node_edges: int = 2,
    max_edges: int | None = None,
    width: int = 960,
    height: int = 600,
    chart_id: str | None = None,
    layout: str = "force",
    min_font: float = 12.5,
) -> NetworkChart:
    """Draw the strongest part of a co-mention network.

    ``layout="radial"`` (for a neighbourhood drawn around ``highlight``) puts the highlighted
    node in the middle and the others on a ring, strongest first: no force simulation.

    Keeps the ``max_nodes`` heaviest nodes (the ``highlight``ed one always), then among
    them each node's ``per_node_edges`` strongest edges and the strongest others up to
    ``max_edges`` (default: twice the nodes). Layout: Fruchterman–Reingold with a fixed
    seed and iterations, then overlapping nodes are pushed apart. Size ∝ √mentions,
    line width ∝ shared articles; colour *and* shape tell the group, with a legend.
    Labels (``min_font`` px and up) are placed greedily, heaviest first, beside/above/below
    their node, never over another label, node or edge and never outside the picture; every
    drawn node has one (see the loop below). ``highlight`` (e.g. the actor of
    the page, with :func:`ego_network`) is drawn larger, ringed and at the centre.
    Empty input gives :data:`EMPTY_NETWORK`.
    """
    labels = _default_labels(labels)
    index = _index_nodes(nodes)
    if highlight is not None and highlight not in index:
        raise ValueError(f"highlight {highlight!r} is not one of the nodes")
    pairs = _merge_edges(edges)
    if not index:
        return replace(EMPTY_NETWORK, omitted_edges=len(pairs))
    shown = _select_nodes(index, max_nodes, highlight)
    kept = _select_edges(pairs, {n.id for n in shown}, per_node_edges, max_edges or 2 * len(shown), highlight)
    legend_items = _legend_items((n.group for n in shown), labels)
    # Every drawn node has its name: when a label finds no free place, the canvas grows taller (up
    # to GROW_ROUNDS times, by GROW) and everything is laid out again; a node whose name still
    # finds none is left out of the drawing (counted with the omitted ones), and the rest drawn again.
    grown = 0
    start = None
    while True:
        drawn_height = round(height * (1 + GROW * grown))
        if start is None:  # the unit layout, made again only when nodes were left out
            start = (_radial_layout(highlight, [n.id for n in shown if n.id != highlight])
                     if layout == "radial" and highlight is not None else _layout([n.id for n in shown], _among(pairs, shown)))  # fmt: skip
        placed, placed_labels, hidden, cut = _draw(shown, kept, highlight, start, width, drawn_height, labels.rtl,
                                                   min_font)  # fmt: skip
        if not hidden:
            kept = [e for e in kept if (e[0], e[1]) not in cut]
            break
        if grown < GROW_ROUNDS:
            grown += 1
            continue
        gone = set(hidden) - {highlight}
        if not gone:  # only the highlighted node's own label: give up growing, never drop it
            break
        shown = [n for n in shown if n.id not in gone]
        kept = [e for e in kept if e[0] not in gone and e[1] not in gone]
        start = None
    legend, legend_height = _legend_svg(legend_items, labels, width, drawn_height)
    total_height = drawn_height + legend_height
    cid = chart_id or _chart_id("network", title, desc, sorted(index), sorted(pairs.items()), max_nodes, highlight,
                                width, height)  # fmt: skip
    svg = "".join(
        [
            _svg_open(cid, width, total_height, "chart-network", True, labels.rtl),
            _title_desc(cid, title, desc),
            *_edges_svg(kept, placed, index, labels),
            *_nodes_svg(shown, placed, labels, highlight),
            *_labels_svg(placed_labels, index, highlight, labels.rtl),
            *legend,
            "</svg>",
        ]
    )
    return NetworkChart(
        svg=svg,
        shown=tuple(n.id for n in shown),
        omitted_nodes=len(index) - len(shown),
        omitted_edges=len(pairs) - len(kept),
        edges_shown=len(kept),
        nodes=tuple(placed[n.id] for n in shown),
        labels=tuple(placed_labels),
        hidden_labels=tuple(hidden),
        height=drawn_height,
    )


def _draw(shown: Sequence[NetNode], kept: Sequence[tuple[str, str, int]], highlight: str | None,
          start: Mapping[str, tuple[float, float]], width: int, height: int, rtl: bool, min_font: float):  # fmt: skip
    """One attempt: node positions in a ``width`` × ``height`` canvas and the labels placed in it."""
    plot = Box(0, 0, width, height)
    largest = max(8.0, min(30.0, 0.2 * math.sqrt(width * height / len(shown))))
    radii = _radii(shown, highlight, largest, 4.0)
    inset = max(radii.values()) * 1.2 + 6
    area = Box(plot.x + inset, plot.y + inset, plot.width - 2 * inset, plot.height - 2 * inset)
    rooms = _rooms(shown, radii, highlight)
    pos = _separate(_fit(start, area, highlight), rooms, radii, area, highlight)
    placed = {
        n.id: PlacedNode(n.id, *pos[n.id], round(radii[n.id], 1), _shape_of(n.group), _colour_of(n.group))
        for n in shown
    }
    placed_labels, hidden, cut = _place_labels(
        shown, placed, Box(plot.x + 2, plot.y + 2, plot.width - 4, plot.height - 4), highlight, rtl,
        _segments(kept, placed), min_font,
    )
    return placed, placed_labels, hidden, cut


def _among(pairs: Mapping[tuple[str, str], int], shown: Sequence[NetNode]) -> list[tuple[str, str, int]]:
    """Every link between drawn nodes, drawn or not: the layout places nodes by all their ties."""
    ids = {n.id for n in shown}
    return sorted((a, b, w) for (a, b), w in pairs.items() if a in ids and b in ids and w > 0)


def _edge_width(weight: int, lo: int, hi: int) -> float:
    """Line width: linear in the weight, from 0.8 (weakest drawn) to 6 (strongest)."""
    return 0.8 + 5.2 * ((weight - lo) / (hi - lo) if hi > lo else 0.5)


def _segments(kept: Sequence[tuple[str, str, int]], placed: Mapping[str, PlacedNode]) -> list[Segment]:
    if not kept:
        return []
    lo, hi = min(e[2] for e in kept), max(e[2] for e in kept)
    return [Segment(placed[a].x, placed[a].y, placed[b].x, placed[b].y, _edge_width(w, lo, hi) / 2, (a, b), w)
            for a, b, w in kept]  # fmt: skip


def ego_network(
    nodes: Sequence[NetNode], edges: Sequence[NetEdge], centre: str, *, size: int = 16
) -> tuple[tuple[NetNode, ...], tuple[NetEdge, ...]]:
    """``centre`` and its ``size - 1`` strongest neighbours (by shared articles, then mentions, then id),
    with every edge among them — the input for an actor page's :func:`network_svg` with ``highlight=centre``."""
    index = _index_nodes(nodes)
    if centre not in index:
        raise ValueError(f"{centre!r} is not one of the nodes")
    pairs = _merge_edges(edges)
    neighbours = sorted(
        ((w, index[b if a == centre else a]) for (a, b), w in pairs.items() if centre in (a, b) and w > 0
         and (b if a == centre else a) in index),
        key=lambda item: (-item[0], -item[1].weight, item[1].id),
    )  # fmt: skip
    chosen = {centre} | {node.id for _, node in neighbours[: max(size - 1, 0)]}
    picked_nodes = tuple(sorted((index[i] for i in chosen), key=_by_weight))
    picked_edges = tuple(
        NetEdge(a, b, w) for (a, b), w in sorted(pairs.items()) if a in chosen and b in chosen and w > 0
    )
    return picked_nodes, picked_edges
