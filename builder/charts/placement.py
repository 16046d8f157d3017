"""Where the network's labels go: beside their node, clear of every shape, label and edge."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .svg import LABEL_LINE, RING_GAP, Box, PlacedNode, text_width

if TYPE_CHECKING:
    from .network import NetNode


@dataclass(frozen=True, slots=True)
class PlacedLabel:
    """A drawn node label: the text's estimated box and font size."""

    id: str
    text: str
    box: Box
    font_size: float


def _label_font(weight: int, top: int, is_highlight: bool, smallest: float = 12.5) -> float:
    """From ``smallest`` (the lightest node) to 4.5 px more (the heaviest); the highlighted node's 17."""
    if is_highlight:
        return max(17.0, smallest + 3)
    return round((smallest + 4.5 * math.sqrt(max(weight, 0) / max(top, 1))) * 2) / 2


@dataclass(frozen=True, slots=True)
class Segment:
    """A drawn edge: its ends and how far its stroke reaches either side of the line."""

    x1: float
    y1: float
    x2: float
    y2: float
    half_width: float
    key: tuple[str, str] = ("", "")  # the two node ids
    weight: int = 0

    def crosses(self, box: Box) -> bool:
        """True if the stroke touches ``box`` (Liang–Barsky clipping of the line against the box
        grown by the stroke's half width)."""
        pad = self.half_width + 1.0
        lo_x, hi_x, lo_y, hi_y = box.x - pad, box.right + pad, box.y - pad, box.bottom + pad
        if max(self.x1, self.x2) < lo_x or min(self.x1, self.x2) > hi_x:
            return False
        if max(self.y1, self.y2) < lo_y or min(self.y1, self.y2) > hi_y:
            return False
        dx, dy = self.x2 - self.x1, self.y2 - self.y1
        t0, t1 = 0.0, 1.0
        for p, q in ((-dx, self.x1 - lo_x), (dx, hi_x - self.x1), (-dy, self.y1 - lo_y), (dy, hi_y - self.y1)):
            if p == 0:
                if q < 0:
                    return False
                continue
            t = q / p
            if p < 0:
                t0 = max(t0, t)
            else:
                t1 = min(t1, t)
            if t0 > t1:
                return False
        return True


def _label_candidates(around: Box, width: float, height: float, rtl: bool) -> list[Box]:
    """Boxes of ``width`` × ``height`` around ``around`` (a node's box), best first.

    First beside the node on the side the text runs towards (left in RTL, so the name
    begins next to its mark), then the other side, above, below, the four corners, the
    sides and top/bottom slid by half a label; then the same ring farther out (an edge
    leaving the node often runs through the nearest boxes), three times.
    """
    boxes: list[Box] = []
    for gap in (2.0, 2.0 + height * 0.6, 2.0 + height * 1.2, 2.0 + height * 2.0):
        cx, cy = around.x + around.width / 2, around.y + around.height / 2
        left, right = around.x - gap - width, around.right + gap
        top, bottom = around.y - gap - height, around.bottom + gap
        inset_x, inset_y = around.width * 0.15, around.height * 0.15
        first, second = (left, right) if rtl else (right, left)
        boxes += [
            Box(first, cy - height / 2, width, height),
            Box(second, cy - height / 2, width, height),
            Box(cx - width / 2, top, width, height),
            Box(cx - width / 2, bottom, width, height),
            Box(first + (inset_x if rtl else -inset_x), top + inset_y, width, height),
            Box(second + (-inset_x if rtl else inset_x), top + inset_y, width, height),
            Box(first + (inset_x if rtl else -inset_x), bottom - inset_y, width, height),
            Box(second + (-inset_x if rtl else inset_x), bottom - inset_y, width, height),
            Box(first, cy - height * 1.1, width, height),
            Box(first, cy + height * 0.1, width, height),
            Box(second, cy - height * 1.1, width, height),
            Box(second, cy + height * 0.1, width, height),
            Box(cx - width * 0.9, top, width, height),
            Box(cx - width * 0.1, top, width, height),
            Box(cx - width * 0.9, bottom, width, height),
            Box(cx - width * 0.1, bottom, width, height),
        ]
    return boxes


def _place_labels(
    shown: Sequence[NetNode], placed: Mapping[str, PlacedNode], bounds: Box, highlight: str | None, rtl: bool,
    segments: Sequence[Segment] = (), min_font: float = 12.5,
) -> tuple[list[PlacedLabel], list[str], set[tuple[str, str]]]:
    """Greedy, highlighted node first, then heaviest first: the first free candidate box wins.

    A box is free if it lies inside ``bounds`` and clears every other node's shape, every label
    already placed and every edge's stroke (``segments``). When no box is free of edges, the
    box clear of shapes and labels that the weakest edges cross (least total weight, then the
    first) wins and those edges are left out of the drawing: a name matters more than a weak
    line, which the page counts among the links not drawn. No box clear of shapes and labels
    → the label is hidden (the caller then makes room and tries again). Returns the labels, the
    hidden ids and the edges cut. Widths are estimated generously by :func:`text_width`.
    """
    top = max(n.weight for n in shown)
    order = sorted(shown, key=lambda n: (n.id != highlight, -n.weight, n.id))
    node_boxes = {node_id: p.box for node_id, p in placed.items()}
    if highlight is not None:
        h = placed[highlight]
        ring = h.reach + RING_GAP + 1
        node_boxes[highlight] = Box(h.x - ring, h.y - ring, 2 * ring, 2 * ring)
    labels: list[PlacedLabel] = []
    hidden: list[str] = []
    live = list(segments)
    cut: set[tuple[str, str]] = set()
    for node in order:
        size = _label_font(node.weight, top, node.id == highlight, min_font)
        width, height = text_width(node.label, size) + 4, size * LABEL_LINE
        clear: list[Box] = []  # candidates clear of shapes and labels, best first
        best: tuple[int, int, Box, list[Segment]] | None = None
        candidates = _label_candidates(node_boxes[node.id], width, height, rtl)
        reach = Box(min(b.x for b in candidates), min(b.y for b in candidates), 0, 0)
        reach = Box(reach.x, reach.y, max(b.right for b in candidates) - reach.x,
                    max(b.bottom for b in candidates) - reach.y)  # fmt: skip
        near = [segment for segment in live if segment.crosses(reach)]  # the lines that could cross any of them
        for box in candidates:
            if (not box.within(bounds) or any(box.overlaps(other.box, 2) for other in labels)
                    or any(box.overlaps(b) for other_id, b in node_boxes.items() if other_id != node.id)):
                continue  # fmt: skip
            if not any(segment.crosses(box) for segment in near):
                best = (0, 0, box, [])
                break
            clear.append(box)
        if best is None and clear:  # every place is crossed: the one the weakest lines cross
            for rank, box in enumerate(clear):
                crossing = [segment for segment in near if segment.crosses(box)]
                cost = sum(segment.weight for segment in crossing)
                if best is None or (cost, rank) < best[:2]:
                    best = (cost, rank, box, crossing)
        if best is None:
            hidden.append(node.id)
            continue
        _cost, _rank, box, crossing = best
        if crossing:
            cut |= {segment.key for segment in crossing}
            live = [segment for segment in live if segment.key not in cut]
        labels.append(PlacedLabel(node.id, node.label, _round_box(box), size))
    return labels, sorted(hidden), cut


def _round_box(box: Box) -> Box:
    """Round outwards to one decimal so that the reported box still covers the text."""
    x, y = math.floor(box.x * 10) / 10, math.floor(box.y * 10) / 10
    return Box(x, y, math.ceil((box.right - x) * 10) / 10, math.ceil((box.bottom - y) * 10) / 10)
