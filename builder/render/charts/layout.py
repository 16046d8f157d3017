"""Where the network's nodes go: a seeded force layout (or a ring around one node), fitted to the
canvas, then pushed apart until no two shapes touch and heavy nodes have room for their names."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .placement import _label_font
from .svg import (LABEL_LINE, LAYOUT_ITERATIONS, LAYOUT_SEED, RING_GAP, SEPARATION_ROUNDS, Box, _reach,
                  _shape_of, text_width)  # fmt: skip



OUTLIER_SHARE, OUTLIER_RIM = 0.85, 1.15  # no node farther out than 1.15 × the distance 85% of them are within
ROOM_PAD = 4.0  # px around a node's room (its shape and its name) that no other room may take

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
        pos = _pull_in(pos)
        xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
        x0, y0 = min(xs), min(ys)
        span_x, span_y = max(max(xs) - x0, 1e-9), max(max(ys) - y0, 1e-9)
    fitted = {}
    for node, (x, y) in pos.items():
        fx = area.x + area.width / 2 if len(pos) == 1 else area.x + (x - x0) / span_x * area.width
        fy = area.y + area.height / 2 if len(pos) == 1 else area.y + (y - y0) / span_y * area.height
        fitted[node] = (fx, fy)
    return fitted


def _pull_in(pos: Mapping[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    """Nodes far out from the rest (a node or pair with no tie to the others flies off) brought in to
    the rim of the crowd: no farther from the median point than OUTLIER_RIM × the distance most are
    within, so that a few strays do not squeeze everyone else into a corner of the canvas."""
    if len(pos) < 8:
        return dict(pos)
    mx = sorted(p[0] for p in pos.values())[len(pos) // 2]
    my = sorted(p[1] for p in pos.values())[len(pos) // 2]
    far = sorted(math.hypot(x - mx, y - my) for x, y in pos.values())
    rim = far[int(len(far) * OUTLIER_SHARE)] * OUTLIER_RIM
    out = {}
    for node, (x, y) in pos.items():
        d = math.hypot(x - mx, y - my)
        k = rim / d if d > rim else 1.0
        out[node] = (mx + (x - mx) * k, my + (y - my) * k)
    return out


@dataclass(frozen=True, slots=True)
class _Room:
    """The room a node keeps to itself: ``base`` (a radius: its shape, never shared) and the half
    sizes of a box around it big enough for its name centred above or below it (``half_w``, ``half_h``)."""

    base: float
    half_w: float
    half_h: float


def _rooms(shown: Sequence[NetNode], radii: Mapping[str, float], highlight: str | None) -> dict[str, _Room]:
    """Every node's room: its shape, and beside it a box the size of its name (see :class:`_Room`)."""
    top = max(n.weight for n in shown)
    rooms = {}
    for node in shown:
        reach = _reach(_shape_of(node.group), radii[node.id]) + (RING_GAP if node.id == highlight else 0)
        size = _label_font(node.weight, top, node.id == highlight)
        width, height = text_width(node.label, size) + 4, size * LABEL_LINE
        rooms[node.id] = _Room(reach * 1.1 + 3, max(reach, width / 2) + ROOM_PAD, reach + height / 2 + 1 + ROOM_PAD)
    return rooms


def _make_room(xy: list[list[float]], rooms: Sequence[_Room], pinned: int | None, area: Box) -> None:
    """Push apart, in place, nodes whose rooms overlap, each pair along the line between them just
    far enough for the rooms to clear (side by side or one above the other), sharing the move unless
    one is ``pinned``; a room stays in ``area`` as far as it fits. Ends when nothing overlaps or the
    rounds run out."""
    n = len(xy)
    for _ in range(SEPARATION_ROUNDS):
        moved = False
        for i in range(n):
            a, ra = xy[i], rooms[i]
            for j in range(i + 1, n):
                b, rb = xy[j], rooms[j]
                dx, dy = b[0] - a[0], b[1] - a[1]
                over_x = ra.half_w + rb.half_w - abs(dx)
                if over_x <= 0:
                    continue
                over_y = ra.half_h + rb.half_h - abs(dy)
                if over_y <= 0:
                    continue
                wa, wb = (0.0, 1.0) if i == pinned else (1.0, 0.0) if j == pinned else (0.5, 0.5)
                if abs(dx) < 1e-6 and abs(dy) < 1e-6:  # one place: part sideways, in a fixed direction
                    dx = 1.0 if (i + j) % 2 else -1.0
                # Along the line between them (keeping the layout's directions), as far as clears one axis.
                scale = min((ra.half_w + rb.half_w) / abs(dx) if dx else math.inf,
                            (ra.half_h + rb.half_h) / abs(dy) if dy else math.inf) - 1  # fmt: skip
                a[0] -= dx * scale * wa
                a[1] -= dy * scale * wa
                b[0] += dx * scale * wb
                b[1] += dy * scale * wb
                moved = True
        for p, room in zip(xy, rooms):
            hw, hh = min(room.half_w, area.width / 2), min(room.half_h, area.height / 2)
            p[0] = min(max(p[0], area.x + hw), area.right - hw)
            p[1] = min(max(p[1], area.y + hh), area.bottom - hh)
        if not moved:
            return


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
    """Push nodes apart in two passes: first until each has room for its name beside it (as far as
    the canvas allows), then only so that no two shapes touch, which must hold in the end."""
    ids = sorted(pos)
    xy = [list(pos[node]) for node in ids]
    _make_room(xy, [rooms[node] for node in ids], ids.index(pinned) if pinned in pos else None, area)
    pairs = []
    for i in range(len(ids)):
        for j in range(i + 1, len(ids)):
            wa, wb = (0.0, 2.0) if ids[i] == pinned else (2.0, 0.0) if ids[j] == pinned else (1.0, 1.0)
            pairs.append((i, j, rooms[ids[i]].base + rooms[ids[j]].base, wa, wb))
    _relax(xy, pairs, [radii[node] for node in ids], area)
    return {node: (round(p[0], 1), round(p[1], 1)) for node, p in zip(ids, xy)}
