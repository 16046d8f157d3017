"""Where the network's nodes go: a seeded force layout (or a ring around one node), fitted to the
canvas, then pushed apart until no two shapes touch and heavy nodes have room for their names."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .placement import _label_font
from .svg import (LABEL_ROOM, LAYOUT_ITERATIONS, LAYOUT_SEED, RING_GAP, SEPARATION_ROUNDS, Box, _reach,
                  _shape_of, text_width)  # fmt: skip



HEAVY_SHARE = 1  # every node keeps room for its name around it (1/HEAVY_SHARE of them, heaviest first)

if TYPE_CHECKING:
    from .network import NetNode


def _layout(ids: Sequence[str], edges: Sequence[tuple[str, str, int]]) -> dict[str, tuple[float, float]]:
    """Fruchterman–Reingold positions in about [-1, 1]², seeded and with fixed iterations.

    Nodes and edges enter the graph sorted, so the result does not depend on input order.
    Edge weights are compressed (square root) so that one dominant pair does not collapse.
    networkx is imported here, on first use: most rebuilds draw no force layout, and it takes a
    tenth of a second to import.
    """
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(sorted(ids))
    top = max((w for _, _, w in edges), default=1)
    graph.add_weighted_edges_from(sorted((a, b, math.sqrt(w / top)) for a, b, w in edges))
    if len(graph) == 1:
        return {ids[0]: (0.0, 0.0)}
    pos = nx.spring_layout(
        graph, k=1.6 / math.sqrt(len(graph)), seed=LAYOUT_SEED, iterations=LAYOUT_ITERATIONS, method="force"
    )
    return {node: (round(float(p[0]), 4), round(float(p[1]), 4)) for node, p in sorted(pos.items())}


def _radial_layout(centre: str, ring: Sequence[str]) -> dict[str, tuple[float, float]]:
    """The centre at the origin, the others on the unit circle in the order given (strongest first)."""
    pos = {centre: (0.0, 0.0)}
    for k, node in enumerate(ring):
        angle = 2 * math.pi * k / max(1, len(ring)) - math.pi / 2
        pos[node] = (round(math.cos(angle), 4), round(math.sin(angle), 4))
    return pos


def _radii(shown: Sequence[NetNode], highlight: str | None, largest: float, smallest: float) -> dict[str, float]:
    """Radius ∝ √weight (with a floor, so that light nodes stay clickable); the highlighted node is largest."""
    top = max(max(n.weight for n in shown), 1)
    radii = {n.id: max(largest * math.sqrt(max(n.weight, 0) / top), smallest) for n in shown}
    if highlight is not None:
        radii[highlight] = largest * 1.15
    return radii


def _fit(
    pos: Mapping[str, tuple[float, float]], area: Box, highlight: str | None
) -> dict[str, tuple[float, float]]:
    """Scale unit positions to fill ``area``; with a highlighted node, centre the picture on it."""
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    if highlight is not None:
        cx, cy = pos[highlight]
        span_x = max(max(abs(x - cx) for x in xs), 1e-9) * 2
        span_y = max(max(abs(y - cy) for y in ys), 1e-9) * 2
        x0, y0 = cx - span_x / 2, cy - span_y / 2
    else:
        x0, y0 = min(xs), min(ys)
        span_x, span_y = max(max(xs) - x0, 1e-9), max(max(ys) - y0, 1e-9)
    fitted = {}
    for node, (x, y) in pos.items():
        fx = area.x + area.width / 2 if len(pos) == 1 else area.x + (x - x0) / span_x * area.width
        fy = area.y + area.height / 2 if len(pos) == 1 else area.y + (y - y0) / span_y * area.height
        fitted[node] = (fx, fy)
    return fitted


@dataclass(frozen=True, slots=True)
class _Room:
    """How close other nodes may come to a node: ``base`` for all, ``clear`` for lighter nodes
    when the node is one of the heavy ones whose name must find room."""

    base: float
    clear: float
    heavy: bool


def _rooms(shown: Sequence[NetNode], radii: Mapping[str, float], highlight: str | None) -> dict[str, _Room]:
    """Heavy = the top quarter (and the highlighted node): light nodes keep a label's width away from them."""
    top = max(n.weight for n in shown)
    heavy = {n.id for n in shown[: max(len(shown) // HEAVY_SHARE, 1)]} | ({highlight} if highlight else set())
    rooms = {}
    for node in shown:
        reach = _reach(_shape_of(node.group), radii[node.id]) + (RING_GAP if node.id == highlight else 0)
        base = reach * 1.1 + 3
        label = text_width(node.label, _label_font(node.weight, top, node.id == highlight))
        clear = max(base, reach + LABEL_ROOM * label) if node.id in heavy else base
        rooms[node.id] = _Room(base, clear, node.id in heavy)
    return rooms


def _push(ra: _Room, rb: _Room, a_pinned: bool, b_pinned: bool, names: bool) -> tuple[float, float, float]:
    """Distance needed between two nodes, and the share of the move each one takes.

    With ``names``, a light node keeps clear of a heavy one's name and makes all the
    move itself, and two heavy nodes keep room for one name between them.
    """
    if names and ra.heavy != rb.heavy:
        return (ra.clear + rb.base, 0.0, 2.0) if ra.heavy else (ra.base + rb.clear, 2.0, 0.0)
    need = max(ra.clear + rb.base, ra.base + rb.clear) if names else ra.base + rb.base
    if a_pinned or b_pinned:
        return (need, 0.0, 2.0) if a_pinned else (need, 2.0, 0.0)
    return need, 1.0, 1.0


def _relax(xy: list[list[float]], pairs: Sequence[tuple[int, int, float, float, float]], radii: Sequence[float],
           area: Box) -> None:  # fmt: skip
    """Move points in place until every pair is ``need`` apart or the rounds run out; clamp into ``area``."""
    for _ in range(SEPARATION_ROUNDS):
        moved = False
        for i, j, need, wa, wb in pairs:
            a, b = xy[i], xy[j]
            dx, dy = b[0] - a[0], b[1] - a[1]
            dist = math.hypot(dx, dy)
            if dist >= need:
                continue
            if dist < 1e-6:  # identical positions: split along a fixed direction
                angle = (i * 7 + j * 13) % 360 * math.pi / 180
                dx, dy, dist = math.cos(angle), math.sin(angle), 1.0
            push = (need - dist) / 2 / dist
            a[0] -= dx * push * wa
            a[1] -= dy * push * wa
            b[0] += dx * push * wb
            b[1] += dy * push * wb
            moved = True
        for p, r in zip(xy, radii):
            p[0] = min(max(p[0], area.x + r), area.right - r)
            p[1] = min(max(p[1], area.y + r), area.bottom - r)
        if not moved:
            return


def _separate(
    pos: Mapping[str, tuple[float, float]], rooms: Mapping[str, _Room], radii: Mapping[str, float], area: Box,
    pinned: str | None,
) -> dict[str, tuple[float, float]]:  # fmt: skip
    """Push nodes apart in two passes: first clearing room for the heavy nodes' names (as far as
    the canvas allows), then only so that no two shapes touch, which must hold in the end."""
    ids = sorted(pos)
    xy = [list(pos[node]) for node in ids]
    for names in (True, False):
        pairs = [
            (i, j, *_push(rooms[ids[i]], rooms[ids[j]], ids[i] == pinned, ids[j] == pinned, names))
            for i in range(len(ids))
            for j in range(i + 1, len(ids))
        ]
        _relax(xy, pairs, [radii[node] for node in ids], area)
    return {node: (round(p[0], 1), round(p[1], 1)) for node, p in zip(ids, xy)}
