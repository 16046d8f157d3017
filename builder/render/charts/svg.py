"""The drawing's vocabulary: palette, number and text formatting, the SVG wrapper, boxes and node shapes."""

from __future__ import annotations

import hashlib
import html
import math
import unicodedata
from dataclasses import dataclass
from types import MappingProxyType

# --- palette and type ------------------------------------------------------------------

FONT_FAMILY = "'Noto Naskh Arabic', 'Noto Kufi Arabic', serif"
INK = "#1d1b16"
MUTED = "#5c5648"  # 7:1 on PAPER
PAPER = "#fbf9f4"
GRID = "#e3ddd0"
EDGE = "#8f887a"
BAR = "#17456e"
PEAK = "#8a2b0c"
GROUP_ORDER = ("person", "organisation", "country", "armed_group")
GROUP_COLOURS = MappingProxyType(
    {"person": "#17456e", "organisation": "#8a2b0c", "country": "#1f5e3a", "armed_group": "#6b2f6b"}
)
GROUP_SHAPES = MappingProxyType(
    {"person": "circle", "organisation": "square", "country": "diamond", "armed_group": "triangle"}
)
OTHER_COLOUR = MUTED
OTHER_SHAPE = "circle"

# Network layout: fixed so that the picture is the same on every run and machine.
LAYOUT_SEED = 20240601
LAYOUT_ITERATIONS = 120
SEPARATION_ROUNDS = 60
MAX_BAR = 44.0  # widest bar of a month chart
# A label's box is this many em tall: Noto Naskh Arabic's line box (ascent + descent), measured in
# Chromium at 1.7 em, so labels clear one another in the browser, not only on paper.
LABEL_LINE = 1.75
RING_GAP = 5.0  # the highlighted node's ring, outside its shape


def _n(value: float) -> str:
    """A coordinate rounded to one decimal, without a trailing ``.0`` or a negative zero."""
    text = f"{round(value, 1) + 0.0:.1f}"
    text = text[:-2] if text.endswith(".0") else text
    return "0" if text == "-0" else text


def _e(text: str) -> str:
    """Escape text or an attribute value."""
    return html.escape(text, quote=True)


def _chart_id(kind: str, *parts: object) -> str:
    """A short id derived from the chart's content, so several charts on one page do not clash."""
    digest = hashlib.sha1(repr((kind, parts)).encode("utf-8")).hexdigest()[:10]
    return f"{kind}-{digest}"


def text_width(text: str, font_size: float) -> float:
    """A generous estimate of the rendered width of ``text`` in Noto Naskh Arabic.

    Measured in Chromium, Arabic letters average 0.33–0.42 em and digits 0.57 em;
    short words run wider per letter, hence the constant. Marks take no width.
    """
    ems = 0.4
    for ch in text:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Cf"):
            continue
        if ch.isspace():
            ems += 0.3
        elif "\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f" or "\ufb50" <= ch <= "\ufefc":
            ems += 0.45
        elif ch.isupper() or ch in "mwMW@%&":
            ems += 0.75
        else:
            ems += 0.62
    return ems * font_size


def _svg_open(chart_id: str, width: float, height: float, css_class: str, interactive: bool, rtl: bool) -> str:
    role = "group" if interactive else "img"
    chart_id = _e(chart_id)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {css_class}" viewBox="0 0 {_n(width)} {_n(height)}"'
        f' width="{_n(width)}" height="{_n(height)}" role="{role}"'
        f' aria-labelledby="{chart_id}-title" aria-describedby="{chart_id}-desc"'
        f' font-family="{FONT_FAMILY}" direction="{"rtl" if rtl else "ltr"}"'
        ' style="max-width:100%;height:auto">'
    )


def _title_desc(chart_id: str, title: str, desc: str) -> str:
    chart_id = _e(chart_id)
    return f'<title id="{chart_id}-title">{_e(title)}</title><desc id="{chart_id}-desc">{_e(desc)}</desc>'


# --- months ------------------------------------------------------------------------------


def _text(x: float, y: float, text: str, size: float, fill: str = INK, extra: str = "") -> str:
    return (f'<text x="{_n(x)}" y="{_n(y)}" font-size="{_n(size)}" fill="{fill}" text-anchor="middle"'
            f' dominant-baseline="central"{extra}>{_e(text)}</text>')  # fmt: skip


@dataclass(frozen=True, slots=True)
class Box:
    """An axis-aligned rectangle: top-left corner and size."""

    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    def overlaps(self, other: Box, pad: float = 0.0) -> bool:
        """True if the boxes intersect or come closer than ``pad``."""
        return (
            self.x < other.right + pad
            and other.x < self.right + pad
            and self.y < other.bottom + pad
            and other.y < self.bottom + pad
        )

    def within(self, other: Box) -> bool:
        return self.x >= other.x and self.y >= other.y and self.right <= other.right and self.bottom <= other.bottom


@dataclass(frozen=True, slots=True)
class PlacedNode:
    """A drawn node: centre, size (radius of the equal-area circle) and shape."""

    id: str
    x: float
    y: float
    r: float
    shape: str
    colour: str

    @property
    def reach(self) -> float:
        """The radius of the circle around the drawn shape."""
        return _reach(self.shape, self.r)

    @property
    def box(self) -> Box:
        """The bounding box of the drawn shape (outline included)."""
        hx, up, down = _shape_extent(self.shape, self.r)
        return Box(self.x - hx - 1, self.y - up - 1, 2 * hx + 2, up + down + 2)


def _shape_of(group: str) -> str:
    return GROUP_SHAPES.get(group, OTHER_SHAPE)


def _colour_of(group: str) -> str:
    return GROUP_COLOURS.get(group, OTHER_COLOUR)


def _shape_extent(shape: str, r: float) -> tuple[float, float, float]:
    """Half-width, extent above and extent below the centre of a shape with the area of a circle of radius r."""
    if shape == "square":
        half = r * math.sqrt(math.pi) / 2
        return half, half, half
    if shape == "diamond":
        half = r * math.sqrt(math.pi / 2)
        return half, half, half
    if shape == "triangle":
        side = r * math.sqrt(4 * math.pi / math.sqrt(3))
        return side / 2, side / math.sqrt(3), side / (2 * math.sqrt(3))
    return r, r, r


def _reach(shape: str, r: float) -> float:
    """How far the shape reaches from its centre (the radius of its circumscribed circle)."""
    half, up, _down = _shape_extent(shape, r)
    return {"square": half * math.sqrt(2), "diamond": half, "triangle": up}.get(shape, r)


def _shape_points(node: PlacedNode) -> list[tuple[float, float]]:
    """The corners of a square, diamond or triangle node (none for a circle)."""
    x, y, r = node.x, node.y, node.r
    if node.shape == "square":
        h = _shape_extent("square", r)[0]
        return [(x - h, y - h), (x + h, y - h), (x + h, y + h), (x - h, y + h)]
    if node.shape == "diamond":
        h = _shape_extent("diamond", r)[0]
        return [(x, y - h), (x + h, y), (x, y + h), (x - h, y)]
    if node.shape == "triangle":
        half, up, down = _shape_extent("triangle", r)
        return [(x, y - up), (x + half, y + down), (x - half, y + down)]
    return []


def _shape_svg(node: PlacedNode) -> str:
    """The node's mark: circle (person), square (organisation), diamond (country), triangle (armed group)."""
    paint = f'fill="{node.colour}" stroke="{PAPER}" stroke-width="1.5"'
    x, y, r = node.x, node.y, node.r
    if node.shape == "square":
        half = _shape_extent("square", r)[0]
        return f'<rect x="{_n(x - half)}" y="{_n(y - half)}" width="{_n(2 * half)}" height="{_n(2 * half)}" {paint}/>'
    points = _shape_points(node)
    if not points:
        return f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(r)}" {paint}/>'
    return f'<polygon points="{" ".join(f"{_n(px)},{_n(py)}" for px, py in points)}" {paint}/>'


def shape_gap(box: Box, node: PlacedNode) -> float:
    """How far ``box`` is from the node's drawn shape (0 if they touch): what a reader sees as the
    space between a name and a mark, corners of a diamond or triangle left empty."""
    points = _shape_points(node)
    if not points:
        nx, ny = min(max(node.x, box.x), box.right), min(max(node.y, box.y), box.bottom)
        return max(0.0, math.hypot(node.x - nx, node.y - ny) - node.r)
    return polygon_gap(box, points)


def polygon_gap(box: Box, points: list[tuple[float, float]]) -> float:
    """The distance between a box and a convex polygon (0 if they meet)."""
    corners = [(box.x, box.y), (box.right, box.y), (box.right, box.bottom), (box.x, box.bottom)]
    edges = list(zip(points, points[1:] + points[:1]))
    inside = all(_cross(a, b, corners[0]) >= 0 for a, b in edges) or all(_cross(a, b, corners[0]) <= 0 for a, b in edges)
    if inside or any(box.x <= px <= box.right and box.y <= py <= box.bottom for px, py in points):
        return 0.0
    box_edges = list(zip(corners, corners[1:] + corners[:1]))
    if any(_segments_cross(a, b, c, d) for a, b in edges for c, d in box_edges):
        return 0.0
    return min(min(_point_segment(p, a, b) for a, b in box_edges for p in points),
               min(_point_segment(c, a, b) for a, b in edges for c in corners))


def _cross(a: tuple[float, float], b: tuple[float, float], p: tuple[float, float]) -> float:
    return (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0])


def _segments_cross(a: tuple[float, float], b: tuple[float, float], c: tuple[float, float],
                    d: tuple[float, float]) -> bool:  # fmt: skip
    return _cross(c, d, a) * _cross(c, d, b) < 0 and _cross(a, b, c) * _cross(a, b, d) < 0


def _point_segment(p: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    t = max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy or 1.0)))
    return math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy)
