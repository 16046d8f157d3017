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


def _label_font(weight: int, top: int, is_highlight: bool) -> float:
    if is_highlight:
        return 17.0
    return round((12.5 + 4.5 * math.sqrt(max(weight, 0) / max(top, 1))) * 2) / 2


def _label_candidates(around: Box, width: float, height: float, rtl: bool) -> list[Box]:
    """Boxes of ``width`` × ``height`` just outside ``around`` (a node's box), best first.

    First beside the node on the side the text runs towards (left in RTL, so the name
    begins next to its mark), then the other side, above, below, the four corners, and
    finally the sides and top/bottom slid by half a label, for crowded neighbourhoods.
    """
    gap = 2.0
    cx, cy = around.x + around.width / 2, around.y + around.height / 2
    left, right = around.x - gap - width, around.right + gap
    top, bottom = around.y - gap - height, around.bottom + gap
    inset_x, inset_y = around.width * 0.15, around.height * 0.15
    first, second = (left, right) if rtl else (right, left)
    return [
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


def _place_labels(
    shown: Sequence[NetNode], placed: Mapping[str, PlacedNode], bounds: Box, highlight: str | None, rtl: bool
) -> tuple[list[PlacedLabel], list[str]]:
    """Greedy, heaviest first: the first free candidate box wins; no free box → the label is hidden.

    A box is free if it lies inside ``bounds`` and clears every other node's shape and
    every label already placed. Widths are estimated generously by :func:`text_width`.
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
    for node in order:
        size = _label_font(node.weight, top, node.id == highlight)
        width, height = text_width(node.label, size) + 4, size * LABEL_LINE
        free = next(
            (
                box
                for box in _label_candidates(node_boxes[node.id], width, height, rtl)
                if box.within(bounds)
                and not any(box.overlaps(other.box, 2) for other in labels)
                and not any(box.overlaps(b) for other_id, b in node_boxes.items() if other_id != node.id)
            ),
            None,
        )
        if free is None:
            hidden.append(node.id)
        else:
            labels.append(PlacedLabel(node.id, node.label, _round_box(free), size))
    return labels, sorted(hidden)


def _round_box(box: Box) -> Box:
    """Round outwards to one decimal so that the reported box still covers the text."""
    x, y = math.floor(box.x * 10) / 10, math.floor(box.y * 10) / 10
    return Box(x, y, math.ceil((box.right - x) * 10) / 10, math.ceil((box.bottom - y) * 10) / 10)
