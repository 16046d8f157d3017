"""Inline SVG charts: articles per month (timeline, sparkline) and the actor network.

Every function here is pure: it takes frozen records and returns markup (or plain
data), with no JavaScript, no external resources and no state between calls. The
same input always gives byte-identical output: inputs are sorted before use, the
network layout runs with a fixed seed and a fixed number of iterations, and every
coordinate is rounded to one decimal. All text that may come from user content
(names, titles, hrefs) goes through :func:`html.escape`.

Direction of time. The site is an Arabic publication read right to left, so by
default time runs from the RIGHT (oldest) to the LEFT (newest), the value axis
stands on the right (where the eye enters the chart), and the chronological table
from :func:`timeline_rows` reads in the same order as the bars. Arabic readers do
also meet left-to-right time axes (spreadsheets, market tickers), but on a page
where headings, lists, dates and tables all flow right to left, a chart that runs
the other way is the odd one out. The choice lives in :attr:`ChartLabels.rtl`, so a
left-to-right language (or a site that prefers it) flips the whole chart.

Accessibility. Each SVG carries a ``<title>`` and ``<desc>`` referenced by
``aria-labelledby``/``aria-describedby``. A chart without links is ``role="img"``;
a chart whose marks are links is ``role="group"`` instead, because ``img``
makes its children presentational and would hide the links from screen readers.
"""

from .labels import ChartLabels, Plural
from .network import EMPTY_NETWORK, NetEdge, NetNode, NetworkChart, ego_network, network_svg
from .placement import PlacedLabel
from .svg import Box, PlacedNode, text_width
from .timeline import (MonthCount, TimelineRow, fill_months, nice_ticks, sparkline_svg, timeline_rows,
                       timeline_summary, timeline_svg, whole_years, year_totals)  # fmt: skip

__all__ = [
    "EMPTY_NETWORK", "Box", "ChartLabels", "MonthCount", "NetEdge", "NetNode", "NetworkChart", "PlacedLabel",
    "PlacedNode", "Plural", "TimelineRow", "ego_network", "fill_months", "network_svg", "nice_ticks",
    "sparkline_svg", "text_width", "timeline_rows", "timeline_summary", "timeline_svg",
    "whole_years", "year_totals",
]  # fmt: skip
