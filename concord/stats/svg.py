"""Charts for the annual report as inline SVG (no script, no external asset): horizontal bars
with their labels and values, a ``<title>`` and ``<desc>`` for screen readers."""

from __future__ import annotations

from html import escape

WIDTH = 640
ROW = 24
LABEL_W = 190
VALUE_W = 120


def number(value: float, unit: str = "") -> str:
    """1234567.8 -> '1,234,567.80' for money, '1,234,568' for counts."""
    text = f"{value:,.2f}" if unit == "USD" else f"{round(value):,}"
    return f"{text} {unit}".strip()


def bars(
    chart_id: str, title: str, labels: list[str], values: list[float], *, unit: str = ""
) -> str:
    """A horizontal bar chart; ``chart_id`` makes the ids unique on the page."""
    top = max(values, default=0) or 1
    plot = WIDTH - LABEL_W - VALUE_W
    height = ROW * max(len(labels), 1) + 8
    total = number(sum(values), unit)
    parts = [
        f'<svg viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" role="img" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(title)}: {len(labels)} bars, total {total}</desc>',
    ]
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = 4 + i * ROW
        w = plot * value / top
        parts.append(
            f'<text x="{LABEL_W - 8}" y="{y + 15}" text-anchor="end" font-size="12" '
            f'font-family="sans-serif" fill="#222">{escape(label)}</text>'
            f'<rect x="{LABEL_W}" y="{y + 3}" width="{w:.1f}" height="{ROW - 8}" '
            f'fill="#1f5f99"><title>{escape(label)}: {number(value, unit)}</title></rect>'
            f'<text x="{LABEL_W + w + 6:.1f}" y="{y + 15}" font-size="12" '
            f'font-family="sans-serif" fill="#222">{number(value, unit)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
