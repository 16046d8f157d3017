"""Whether every name on a network drawing is unmistakably its node's, measured on the drawing alone.

A label is unambiguous when its box is nearer to its own node's drawn shape than to any other
node's shape, or when a leader line ties it to its node: one end at the node's shape (or its ring),
the other on the label's box, crossing no other label. Shapes are sampled along their outline, so
a diamond's or triangle's empty corners count as empty, as a reader sees them; nothing here uses
the drawing code. Used on the SVG (tests/unit/test_charts.py) and on what Chromium renders
(tests/e2e/test_charts_phone.py).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

Point = tuple[float, float]


@dataclass(frozen=True)
class Shape:
    """A node's mark: ``kind`` circle (``cx, cy, r``), or rect / polygon (``points``)."""

    href: str
    kind: str
    cx: float = 0.0
    cy: float = 0.0
    r: float = 0.0
    points: tuple[Point, ...] = ()

    def outline(self) -> list[Point]:
        if self.kind == "circle":
            return [(self.cx + self.r * math.cos(k * math.pi / 90), self.cy + self.r * math.sin(k * math.pi / 90))
                    for k in range(180)]  # fmt: skip
        pts = list(self.points)
        out = []
        for (x1, y1), (x2, y2) in zip(pts, pts[1:] + pts[:1]):
            steps = max(1, int(math.hypot(x2 - x1, y2 - y1)))
            out += [(x1 + (x2 - x1) * k / steps, y1 + (y2 - y1) * k / steps) for k in range(steps)]
        return out


@dataclass(frozen=True)
class Label:
    """A label's box (left, top, width, height) and its leader line (x1, y1, x2, y2), if any."""

    href: str
    text: str
    box: tuple[float, float, float, float]
    leader: tuple[float, float, float, float] | None = None


def rect_points(x: float, y: float, w: float, h: float) -> tuple[Point, ...]:
    return ((x, y), (x + w, y), (x + w, y + h), (x, y + h))


def polygon(text: str) -> tuple[Point, ...]:
    return tuple((float(a), float(b)) for a, b in (p.split(",") for p in text.split()))


def gap(box: tuple[float, float, float, float], shape: Shape) -> float:
    """Distance from the box to the shape's outline (0 if any outline point lies in the box)."""
    x, y, w, h = box
    return min(math.hypot(max(x - px, 0, px - x - w), max(y - py, 0, py - y - h)) for px, py in shape.outline())


def _point_gap(p: Point, shape: Shape) -> float:
    return min(math.hypot(p[0] - q[0], p[1] - q[1]) for q in shape.outline())


def _line_touches(line: tuple[float, float, float, float], box: tuple[float, float, float, float]) -> bool:
    x1, y1, x2, y2 = line
    x, y, w, h = box
    steps = max(1, int(math.hypot(x2 - x1, y2 - y1) * 2))
    return any(x <= x1 + (x2 - x1) * k / steps <= x + w and y <= y1 + (y2 - y1) * k / steps <= y + h
               for k in range(steps + 1))  # fmt: skip


def ambiguous(labels: list[Label], shapes: list[Shape], ring: float = 8.0) -> list[str]:
    """What is wrong, one line per label that a reader could give to another node (empty: all clear).

    ``ring``: how far from its shape a leader may start (the highlighted node's ring lies outside it).
    """
    faults = []
    for label in labels:
        own = [s for s in shapes if s.href == label.href]
        if len(own) != 1:
            faults.append(f"{label.text}: {len(own)} nodes with its link")
            continue
        mine = gap(label.box, own[0])
        nearer = [s.href for s in shapes if s is not own[0] and gap(label.box, s) <= mine]
        if not nearer:
            continue
        if label.leader is None:
            faults.append(f"{label.text}: {mine:.1f} px from its node, as near or nearer to {nearer}")
            continue
        x1, y1, x2, y2 = label.leader
        x, y, w, h = label.box
        if _point_gap((x1, y1), own[0]) > ring:
            faults.append(f"{label.text}: its leader starts {_point_gap((x1, y1), own[0]):.1f} px from its node")
        if math.hypot(max(x - x2, 0, x2 - x - w), max(y - y2, 0, y2 - y - h)) > 3:
            faults.append(f"{label.text}: its leader does not reach its box")
        crossed = [o.text for o in labels if o is not label and _line_touches(label.leader, o.box)]
        if crossed:
            faults.append(f"{label.text}: its leader crosses {crossed}")
    return faults
