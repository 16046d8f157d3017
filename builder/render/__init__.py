"""Render: one Jinja2 environment, the views' data, charts as inline SVG, feeds and page metadata,
the dataset, numerals and interface strings."""
