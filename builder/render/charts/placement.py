"""Where the network's labels go: beside their node, clear of every shape, label and edge."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .svg import LABEL_LINE, RING_GAP, Box, PlacedNode, shape_gap, text_width

NEAR_GAPS = (0.0, 0.3, 0.6)  # a label's gaps from its node, beyond 2 px, in label heights
LEADER_GAPS = (0.9, 1.4, 2.0)  # the same, for a label tied to its node by a leader line
NEAR_MARGIN = 6.0  # a label without a leader is this many px nearer to its node than to any other
LEADER_CLEAR = 16.0  # a label with a leader keeps this many px from every other node

if TYPE_CHECKING:
    from .network import NetNode


@dataclass(frozen=True, slots=True)
class PlacedLabel:
    """A drawn node label: the text's estimated box and font size."""

    id: str
    text: str
    box: Box
    font_size: float
    anchor: str = "middle"  # the side of the box the text is pinned to: left, middle or right
    leader: Segment | None = None  # the line tying the label to its node, when it stands apart


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


def _box_gap(a: Box, b: Box) -> float:
    """The distance between two boxes (0 when they touch or overlap)."""
    dx = max(a.x - b.right, b.x - a.right, 0.0)
    dy = max(a.y - b.bottom, b.y - a.bottom, 0.0)
    return math.hypot(dx, dy)


def _label_candidates(around: Box, width: float, height: float, rtl: bool, gaps: Sequence[float]) -> list[Box]:
    """Boxes of ``width`` × ``height`` around ``around`` (a node's box), best first, ``gap`` px from it
    for each of ``gaps`` in turn: beside the node on the side the text runs towards (left in RTL, so the
    name begins next to its mark), the other side, above, below, the four corners, then the sides and
    top/bottom slid by most of the label (so that one of its ends stays by the node)."""
    boxes: list[Box] = []
    cx, cy = around.x + around.width / 2, around.y + around.height / 2
    for gap in gaps:
        diagonal = gap / math.sqrt(2)
        left, right = around.x - gap - width, around.right + gap
        top, bottom = around.y - gap - height, around.bottom + gap
        first, second = (left, right) if rtl else (right, left)
        corner_first = around.x - diagonal - width if rtl else around.right + diagonal
        corner_second = around.right + diagonal if rtl else around.x - diagonal - width
        over, under = around.y - diagonal - height, around.bottom + diagonal
        toward, away = (-0.8, -0.2) if rtl else (-0.2, -0.8)  # label's start by the node's centre
        boxes += [
            Box(first, cy - height / 2, width, height),
            Box(second, cy - height / 2, width, height),
            Box(cx - width / 2, top, width, height),
            Box(cx - width / 2, bottom, width, height),
            Box(corner_first, over, width, height),
            Box(corner_second, over, width, height),
            Box(corner_first, under, width, height),
            Box(corner_second, under, width, height),
            Box(cx + width * toward, top, width, height),
            Box(cx + width * away, top, width, height),
            Box(cx + width * toward, bottom, width, height),
            Box(cx + width * away, bottom, width, height),
            Box(first, cy - height * 0.85, width, height),
            Box(first, cy - height * 0.15, width, height),
            Box(second, cy - height * 0.85, width, height),
            Box(second, cy - height * 0.15, width, height),
        ]
    return boxes



@dataclass(frozen=True, slots=True)
class _Attempt:
    """The best place found so far for one label, and what it costs."""

    rank: tuple[int, int, int]  # (tier, weight of the edges cut, candidate's rank): lowest wins
    box: Box
    crossing: tuple[Segment, ...]
    leader: Segment | None


def _place_labels(
    shown: Sequence[NetNode], placed: Mapping[str, PlacedNode], bounds: Box, highlight: str | None, rtl: bool,
    segments: Sequence[Segment] = (), min_font: float = 12.5,
) -> tuple[list[PlacedLabel], list[str], set[tuple[str, str]]]:
    """Greedy, highlighted node first, then heaviest first; every label stays unmistakably its node's.

    A box is free if it lies inside ``bounds`` and clears every other node's shape, every label and
    leader already placed; it is *clean* if no edge's stroke (``segments``) touches it either. In
    order of preference a label goes (1) clean in a box *near* its node: at most ``NEAR_GAPS`` from
    it and at least ``NEAR_MARGIN`` px nearer to it than to any other node, so that a reader pairs
    them at a glance; (2) clean a little farther out, tied to its node by a leader line that crosses
    no other node, label or leader; (3) near, or (4) with a leader, in the free box that the weakest
    edges cross (least total weight), and those edges are left out of the drawing: a name matters
    more than a weak line, and the page counts it among the links not drawn. No free box → the label
    is hidden (the caller then makes room and tries again). Returns the labels, the hidden ids and
    the edges cut. Widths are estimated generously by :func:`text_width`.
    """
    top = max(n.weight for n in shown)
    order = sorted(shown, key=lambda n: (n.id != highlight, -n.weight, n.id))
    shapes = {node_id: p.box for node_id, p in placed.items()}  # the shapes' boxes
    node_boxes = dict(shapes)  # what a label must not cover: the shapes, and the highlighted node's ring
    if highlight is not None:
        h = placed[highlight]
        ring = h.reach + RING_GAP + 1
        node_boxes[highlight] = Box(h.x - ring, h.y - ring, 2 * ring, 2 * ring)
    labels: list[PlacedLabel] = []
    hidden: list[str] = []
    live = list(segments)
    leaders: list[Segment] = []
    cut: set[tuple[str, str]] = set()
    for node in order:
        size = _label_font(node.weight, top, node.id == highlight, min_font)
        width, height = text_width(node.label, size) + 4, size * LABEL_LINE
        around = node_boxes[node.id]
        near = _label_candidates(around, width, height, rtl, [2.0 + f * height for f in NEAR_GAPS])
        far = _label_candidates(around, width, height, rtl, [2.0 + f * height for f in LEADER_GAPS])
        near_most = 2.0 + NEAR_GAPS[-1] * height + (around.width - shapes[node.id].width) / 2
        reach = _hull(far)
        lines = [segment for segment in live if segment.crosses(reach)]  # the edges that could cross a box
        others = [(placed[i], b) for i, b in node_boxes.items() if i != node.id and _box_gap(b, reach) <= LEADER_CLEAR + 2]
        boxes = [label.box for label in labels if label.box.overlaps(reach, 2)]
        ties = [leader for leader in leaders if leader.crosses(reach)]
        best: _Attempt | None = None
        for tier, candidates in ((0, near), (1, far)):
            for rank, box in enumerate(candidates):
                if (not box.within(bounds) or any(box.overlaps(other, 2) for other in boxes)
                        or any(box.overlaps(b) for _shape, b in others) or any(tie.crosses(box) for tie in ties)):
                    continue  # fmt: skip
                leader = None
                if tier == 0:
                    mine = shape_gap(box, placed[node.id])
                    if mine > near_most or _shape_nearer(box, others, mine + NEAR_MARGIN):
                        continue
                else:
                    if _shape_nearer(box, others, LEADER_CLEAR):
                        continue
                    leader = _leader(placed[node.id], box, around)
                    if (any(leader.crosses(b) for _shape, b in others) or any(leader.crosses(other) for other in boxes)
                            or any(_segments_meet(leader, tie) for tie in ties)):
                        continue  # fmt: skip
                crossing = tuple(segment for segment in lines if segment.crosses(box))
                attempt = _Attempt((tier + 2 * bool(crossing), sum(s.weight for s in crossing), rank), box, crossing,
                                   leader)  # fmt: skip
                if best is None or attempt.rank < best.rank:
                    best = attempt
                if not crossing:
                    break
            if best is not None and best.rank[0] <= tier:
                break
        if best is None:
            hidden.append(node.id)
            continue
        if best.crossing:
            cut |= {segment.key for segment in best.crossing}
            live = [segment for segment in live if segment.key not in cut]
        if best.leader is not None:
            leaders.append(best.leader)
        labels.append(PlacedLabel(node.id, node.label, _round_box(best.box), size, _anchor(best.box, placed[node.id]),
                                  best.leader))  # fmt: skip
    return labels, sorted(hidden), cut


def _shape_nearer(box: Box, others: Sequence[tuple[PlacedNode, Box]], limit: float) -> bool:
    """Whether the drawn shape of any of ``others`` (a node and a box holding its shape) is nearer
    ``box`` than ``limit``. A shape lies inside its box, so the box is never farther: the exact gap
    is measured only for the nodes whose box is that near (a tenth of them on the default site)."""
    return any(_box_gap(box, near) < limit + 1e-6 and shape_gap(box, other) < limit for other, near in others)


def _hull(boxes: Sequence[Box]) -> Box:
    x, y = min(b.x for b in boxes), min(b.y for b in boxes)
    return Box(x, y, max(b.right for b in boxes) - x, max(b.bottom for b in boxes) - y)


def _leader(node: PlacedNode, box: Box, around: Box) -> Segment:
    """A line from the edge of the node's shape (or of its ring) to its label: to the edge of the box by
    the node when the text is pinned there, else to the nearest point of the box's middle half (the
    drawn text may fall short of its generous box's ends)."""
    if _anchor(box, node) == "middle":
        tx = min(max(node.x, box.x + box.width / 4), box.right - box.width / 4)
        ty = min(max(node.y, box.y), box.bottom)
    else:
        tx = box.right if box.right <= node.x else box.x
        ty = min(max(node.y, box.y + box.height * 0.3), box.bottom - box.height * 0.3)
    dx, dy = tx - node.x, ty - node.y
    dist = math.hypot(dx, dy) or 1.0
    start = max(node.reach, around.width / 2 - 1) + 1.5
    return Segment(round(node.x + dx / dist * start, 1), round(node.y + dy / dist * start, 1), round(tx, 1),
                   round(ty, 1), 0.5)  # fmt: skip


def _segments_meet(a: Segment, b: Segment) -> bool:
    """Whether two line segments intersect (touching counts)."""

    def side(px: float, py: float, qx: float, qy: float, rx: float, ry: float) -> float:
        return (qx - px) * (ry - py) - (qy - py) * (rx - px)

    d1 = side(b.x1, b.y1, b.x2, b.y2, a.x1, a.y1)
    d2 = side(b.x1, b.y1, b.x2, b.y2, a.x2, a.y2)
    d3 = side(a.x1, a.y1, a.x2, a.y2, b.x1, b.y1)
    d4 = side(a.x1, a.y1, a.x2, a.y2, b.x2, b.y2)
    return d1 * d2 <= 0 and d3 * d4 <= 0


def _anchor(box: Box, node: PlacedNode) -> str:
    """Which side of its box the text is pinned to: the side by the node (``left``/``right``) when the
    box lies to one side of it, else ``middle``. The estimate of the text's width is generous, so the
    drawn text keeps the box's edge by the node and falls short only at the far end."""
    if box.right <= node.x - node.r * 0.5:
        return "right"
    if box.x >= node.x + node.r * 0.5:
        return "left"
    return "middle"


def _round_box(box: Box) -> Box:
    """Round outwards to one decimal so that the reported box still covers the text."""
    x, y = math.floor(box.x * 10) / 10, math.floor(box.y * 10) / 10
    return Box(x, y, math.ceil((box.right - x) * 10) / 10, math.ceil((box.bottom - y) * 10) / 10)
